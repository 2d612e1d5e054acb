#include "rpc/rpc_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/accounts.h"
#include "restake/hex.h"
#include "restake/keccak.h"
#include "restake/rlp.h"

json_t *rj_u64(uint64_t v) {
    char b[24];
    snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
    return json_string(b);
}

json_t *rj_u256(u256 v) {
    char b[67];
    u256_to_hex(v, b);
    return json_string(b);
}

json_t *rj_data(const uint8_t *p, size_t n) {
    char *s = malloc(2 * n + 3);
    if (!s) abort();
    rs_hex_encode(p, n, s);
    json_t *j = json_stringn_nocheck(s, 2 * n + 2);
    free(s);
    return j;
}

json_t *rj_b32(rs_b32 x) { return rj_data(x.b, 32); }

json_t *rj_addr(rs_addr a) {
    char b[43];
    rs_addr_to_checksum(a, b);
    return json_string(b);
}

bool rj_get_u256(const json_t *v, u256 *out) {
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = u256_from_u64((uint64_t)json_integer_value(v));
        return true;
    }
    if (!json_is_string(v)) return false;
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
    return u256_from_hex(out, s, n);
}

bool rj_get_u64(const json_t *v, uint64_t *out) {
    u256 x;
    return rj_get_u256(v, &x) && u256_to_u64(out, x);
}

bool rj_get_addr(const json_t *v, rs_addr *out) {
    return json_is_string(v) && json_string_length(v) == 42 && rs_addr_from_hex(out, json_string_value(v));
}

bool rj_get_b32(const json_t *v, rs_b32 *out) {
    return json_is_string(v) && json_string_length(v) == 66 && rs_b32_from_hex(out, json_string_value(v));
}

bool rj_get_data(const json_t *v, uint8_t **out, size_t *n) {
    if (!json_is_string(v)) return false;
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (len < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
    uint8_t *p = malloc(len / 2 + 1);
    if (!p) abort();
    long r = rs_hex_decode(s, len, p, len / 2 + 1);
    if (r < 0) {
        free(p);
        return false;
    }
    *out = p;
    *n = (size_t)r;
    return true;
}

static void set(json_t *o, const char *k, json_t *v) { json_object_set_new_nocheck(o, k, v); }

json_t *rj_log(const rs_rlog *l, const rs_block_header *h, const rs_stored_tx *t, uint64_t log_index) {
    json_t *o = json_object(), *topics = json_array();
    set(o, "address", rj_addr(l->address));
    for (unsigned i = 0; i < l->ntopics; i++) json_array_append_new(topics, rj_b32(l->topics[i]));
    set(o, "topics", topics);
    set(o, "data", rj_data(l->data, l->len));
    set(o, "blockHash", rj_b32(h->hash));
    set(o, "blockNumber", rj_u64(h->number));
    set(o, "blockTimestamp", rj_u64(h->timestamp));
    set(o, "transactionHash", rj_b32(t->hash));
    set(o, "transactionIndex", rj_u64(t->idx));
    set(o, "logIndex", rj_u64(log_index));
    set(o, "removed", json_false());
    return o;
}

static bool decode_row(const rs_stored_tx *t, rs_tx *tx) {
    rs_tx_status st = t->is_unsigned ? rs_tx_decode_unsigned(t->raw, t->raw_len, t->from, tx)
                                     : rs_tx_decode(t->raw, t->raw_len, tx);
    if (st != RS_TX_OK) return false;
    tx->from = t->from;
    tx->hash = t->hash;
    return true;
}

json_t *rj_receipt(const rs_stored_tx *t, const rs_block_header *h) {
    rs_receipt r;
    rs_tx tx;
    if (!rs_receipt_decode(t->receipt, t->receipt_len, &r)) return NULL;
    if (!decode_row(t, &tx)) {
        rs_receipt_free(&r);
        return NULL;
    }
    json_t *o = json_object(), *logs = json_array();
    set(o, "transactionHash", rj_b32(t->hash));
    set(o, "transactionIndex", rj_u64(t->idx));
    set(o, "blockHash", rj_b32(h->hash));
    set(o, "blockNumber", rj_u64(h->number));
    set(o, "from", rj_addr(t->from));
    set(o, "to", tx.has_to ? rj_addr(tx.to) : json_null());
    set(o, "cumulativeGasUsed", rj_u64(r.cumulative_gas));
    set(o, "gasUsed", rj_u64(r.gas_used));
    /* A creation's address follows from sender and nonce (geth reports it
     * for reverted creations too). */
    set(o, "contractAddress", tx.has_to ? json_null() : rj_addr(rs_create_address(t->from, tx.nonce)));
    for (size_t i = 0; i < r.nlogs; i++) json_array_append_new(logs, rj_log(&r.logs[i], h, t, r.first_log_index + i));
    set(o, "logs", logs);
    set(o, "logsBloom", rj_data(r.bloom, 256));
    set(o, "status", rj_u64(r.status));
    set(o, "effectiveGasPrice", rj_u256(r.effective_gas_price));
    set(o, "type", rj_u64(r.type));
    if (!r.status && r.revert_len) set(o, "revertReason", rj_data(r.revert, r.revert_len));
    rs_receipt_free(&r);
    rs_tx_free(&tx);
    return o;
}

static json_t *access_list_json(const rs_tx *tx) {
    json_t *arr = json_array();
    if (!tx->access_list_len) return arr;
    rs_arena a;
    rs_arena_init(&a, 0);
    rlp_item top;
    if (rlp_decode(&a, tx->access_list, tx->access_list_len, &top) == RLP_OK && top.is_list) {
        for (size_t i = 0; i < top.n; i++) {
            const rlp_item *e = &top.items[i];
            json_t *o = json_object(), *keys = json_array();
            rs_addr ad;
            memcpy(ad.b, e->items[0].ptr, 20);
            set(o, "address", rj_addr(ad));
            for (size_t k = 0; k < e->items[1].n; k++) json_array_append_new(keys, rj_data(e->items[1].items[k].ptr, 32));
            set(o, "storageKeys", keys);
            json_array_append_new(arr, o);
        }
    }
    rs_arena_free(&a);
    return arr;
}

json_t *rj_tx(const rs_stored_tx *t, const rs_block_header *h, uint64_t chain_id) {
    rs_tx tx;
    if (!decode_row(t, &tx)) return NULL;
    json_t *o = json_object();
    set(o, "hash", rj_b32(t->hash));
    set(o, "type", rj_u64(tx.type));
    set(o, "nonce", rj_u64(tx.nonce));
    set(o, "blockHash", h ? rj_b32(h->hash) : json_null());
    set(o, "blockNumber", h ? rj_u64(h->number) : json_null());
    set(o, "transactionIndex", h ? rj_u64(t->idx) : json_null());
    set(o, "from", rj_addr(t->from));
    set(o, "to", tx.has_to ? rj_addr(tx.to) : json_null());
    set(o, "value", rj_u256(tx.value));
    set(o, "gas", rj_u64(tx.gas_limit));
    set(o, "input", rj_data(tx.data, tx.data_len));
    if (tx.type == RS_TX_DYNAMIC_FEE) {
        set(o, "maxFeePerGas", rj_u256(tx.max_fee));
        set(o, "maxPriorityFeePerGas", rj_u256(tx.max_priority_fee));
        u256 p;
        if (!u256_add(&p, h ? h->base_fee : u256_from_u64(RS_BASE_FEE), tx.max_priority_fee)) p = U256_MAX;
        set(o, "gasPrice", rj_u256(u256_min(p, tx.max_fee)));
    } else {
        set(o, "gasPrice", rj_u256(tx.gas_price));
    }
    if (tx.type != RS_TX_LEGACY) {
        set(o, "accessList", access_list_json(&tx));
        set(o, "yParity", rj_u64(tx.y_parity));
    }
    if (tx.has_chain_id) set(o, "chainId", rj_u64(tx.chain_id));
    (void)chain_id;
    uint64_t v = tx.type != RS_TX_LEGACY ? tx.y_parity
                 : tx.has_chain_id     ? tx.chain_id * 2 + 35 + tx.y_parity
                                       : 27u + tx.y_parity;
    set(o, "v", rj_u64(v));
    set(o, "r", rj_u256(tx.r));
    set(o, "s", rj_u256(tx.s));
    rs_tx_free(&tx);
    return o;
}

typedef struct {
    json_t *arr;
    const rs_block_header *h;
    bool full;
    uint64_t chain_id;
} block_ctx;

static int block_tx(void *vc, const rs_stored_tx *t) {
    block_ctx *c = vc;
    json_t *x = c->full ? rj_tx(t, c->h, c->chain_id) : rj_b32(t->hash);
    if (x) json_array_append_new(c->arr, x);
    return 0;
}

json_t *rj_block(rs_node *n, const rs_block_header *h, bool full) {
    static const uint8_t empty_list[] = {0xc0};
    json_t *o = json_object();
    set(o, "number", rj_u64(h->number));
    set(o, "hash", rj_b32(h->hash));
    set(o, "parentHash", rj_b32(h->parent_hash));
    set(o, "nonce", json_string("0x0000000000000000"));
    set(o, "sha3Uncles", rj_b32(rs_keccak(empty_list, 1)));
    set(o, "logsBloom", rj_data(h->bloom, 256));
    set(o, "transactionsRoot", rj_b32(h->tx_root));
    set(o, "stateRoot", rj_b32(h->state_root));
    set(o, "receiptsRoot", rj_b32(h->receipts_root));
    set(o, "miner", rj_addr(h->coinbase));
    set(o, "difficulty", json_string("0x0"));
    set(o, "totalDifficulty", json_string("0x0"));
    set(o, "extraData", json_string("0x"));
    rs_buf hb;
    rs_buf_init(&hb);
    rs_block_header_rlp(h, &hb);
    set(o, "size", rj_u64(hb.len + 3));
    rs_buf_free(&hb);
    set(o, "gasLimit", rj_u64(h->gas_limit));
    set(o, "gasUsed", rj_u64(h->gas_used));
    set(o, "timestamp", rj_u64(h->timestamp));
    set(o, "baseFeePerGas", rj_u256(h->base_fee));
    set(o, "mixHash", rj_b32(RS_B32_ZERO));
    set(o, "uncles", json_array());
    block_ctx c = {.arr = json_array(), .h = h, .full = full, .chain_id = n->chain_id};
    if (h->ntx && rs_store_block_txs(n->store, h->number, block_tx, &c) < 0) {
        json_decref(c.arr);
        json_decref(o);
        return NULL; /* storage read failed */
    }
    set(o, "transactions", c.arr);
    return o;
}

void rj_revert_message(const uint8_t *d, size_t n, char *msg, size_t cap) {
    snprintf(msg, cap, "execution reverted");
    if (n >= 68 && d[0] == 0x08 && d[1] == 0xc3 && d[2] == 0x79 && d[3] == 0xa0) {
        u256 len = u256_from_be(d + 36);
        if (len.w[1] == 0 && len.w[2] == 0 && len.w[3] == 0 && len.w[0] <= n - 68 && len.w[0] < 200)
            snprintf(msg, cap, "execution reverted: %.*s", (int)len.w[0], (const char *)d + 68);
    }
}

int rj_fail(char *msg, size_t cap, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, cap, fmt, ap);
    va_end(ap);
    return code;
}
