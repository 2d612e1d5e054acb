/* JSON-RPC dispatch and the Ethereum / devnet methods. */
#include "rpc/rpc.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/executor.h"
#include "restake/contracts.h"
#include "restake/keccak.h"
#include "restake/limits.h"
#include "restake/router.h"
#include "rpc/rpc_access_list.h"
#include "rpc/rpc_beacon.h"
#include "rpc/rpc_extra.h"
#include "rpc/rpc_override.h"
#include "rpc/rpc_json.h"
#include "rpc/rpc_risk.h"
#include "rpc/rpc_tx_object.h"

#define CLIENT_VERSION "restake/0.1.0"

/* A method's outcome: a result, or an error (code, message, optional data). */
typedef struct {
    json_t *result;
    int code;
    char msg[256];
    json_t *data;
} reply;

static void err(reply *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(reply *r, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->msg, sizeof r->msg, fmt, ap);
    va_end(ap);
    r->code = code;
}

static void bad_params(reply *r, const char *what) { err(r, RPC_INVALID_PARAMS, "invalid params: %s", what); }

static const json_t *param(const json_t *params, size_t i) {
    return json_is_array(params) ? json_array_get(params, i) : NULL;
}

/* ---- block tags ---- */

typedef enum { TAG_OK, TAG_BAD, TAG_MISSING } tag_status;

/* Resolves a block tag (or {blockNumber}/{blockHash}) to a number. Absent
 * means latest. */
static tag_status block_number_of(rs_node *n, const json_t *v, uint64_t *out) {
    rs_block_header head = rs_node_head(n);
    if (!v || json_is_null(v)) {
        *out = head.number;
        return TAG_OK;
    }
    if (json_is_object(v)) {
        const json_t *bn = json_object_get(v, "blockNumber"), *bh = json_object_get(v, "blockHash");
        if (bn) return block_number_of(n, bn, out);
        rs_b32 h;
        rs_block_header hd;
        if (!rj_get_b32(bh, &h)) return TAG_BAD;
        if (rs_store_get_block_by_hash(n->store, h, &hd) != 1) return TAG_MISSING;
        *out = hd.number;
        return TAG_OK;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (!strcmp(s, "latest") || !strcmp(s, "pending") || !strcmp(s, "safe") || !strcmp(s, "finalized")) {
            *out = head.number;
            return TAG_OK;
        }
        if (!strcmp(s, "earliest")) {
            *out = n->genesis_number;
            return TAG_OK;
        }
    }
    if (!rj_get_u64(v, out)) return TAG_BAD;
    return *out > head.number ? TAG_MISSING : TAG_OK;
}

/* The state a block tag names: the live state (under the node lock) for the
 * head, else one rebuilt from the store. Release with state_release. */
typedef struct {
    rs_state *st;
    bool live;
    rs_block_header h;
} state_ref;

static bool state_acquire(rs_node *n, const json_t *v, state_ref *s, reply *r) {
    uint64_t b;
    tag_status t = block_number_of(n, v, &b);
    if (t == TAG_BAD) {
        bad_params(r, "block tag");
        return false;
    }
    if (t == TAG_MISSING) {
        err(r, RPC_SERVER, "header not found");
        return false;
    }
    pthread_mutex_lock(&n->lock);
    if (b == n->head.number) {
        s->live = true;
        s->st = n->st;
        s->h = n->head;
        return true;
    }
    pthread_mutex_unlock(&n->lock);
    char msg[256];
    s->live = false;
    s->st = rs_node_state_at(n, b, &s->h, msg, sizeof msg);
    if (!s->st) {
        err(r, RPC_SERVER, "historical state unavailable: %s", msg);
        return false;
    }
    return true;
}

static void state_release(rs_node *n, state_ref *s) {
    if (s->live)
        pthread_mutex_unlock(&n->lock);
    else
        rs_state_free(s->st);
}

/* ---- simple methods ---- */

static void m_client_version(rs_node *n, const json_t *p, reply *r) {
    (void)n, (void)p;
    r->result = json_string(CLIENT_VERSION);
}

static void m_net_version(rs_node *n, const json_t *p, reply *r) {
    (void)p;
    char b[24];
    snprintf(b, sizeof b, "%llu", (unsigned long long)n->chain_id);
    r->result = json_string(b);
}

static void m_chain_id(rs_node *n, const json_t *p, reply *r) {
    (void)p;
    r->result = rj_u64(n->chain_id);
}

static void m_block_number(rs_node *n, const json_t *p, reply *r) {
    (void)p;
    r->result = rj_u64(rs_node_head(n).number);
}

static void m_gas_price(rs_node *n, const json_t *p, reply *r) {
    (void)p;
    r->result = rj_u256(rs_node_gas_price(n));
}

static void m_max_priority_fee(rs_node *n, const json_t *p, reply *r) {
    (void)n, (void)p;
    r->result = rj_u64(1000000000ull);
}

static void m_accounts(rs_node *n, const json_t *p, reply *r) {
    (void)p;
    r->result = json_array();
    for (uint32_t i = 0; i < n->ndev && !n->locked; i++) json_array_append_new(r->result, rj_addr(n->dev_addrs[i]));
}

static void m_false(rs_node *n, const json_t *p, reply *r) {
    (void)n, (void)p;
    r->result = json_false();
}

static void m_true(rs_node *n, const json_t *p, reply *r) {
    (void)n, (void)p;
    r->result = json_true();
}

static void m_get_balance(rs_node *n, const json_t *p, reply *r) {
    rs_addr a;
    if (!rj_get_addr(param(p, 0), &a)) return bad_params(r, "address");
    state_ref sr;
    if (!state_acquire(n, param(p, 1), &sr, r)) return;
    u256 b = rs_eth_balance(sr.st, a);
    state_release(n, &sr);
    r->result = rj_u256(b);
}

static void m_get_tx_count(rs_node *n, const json_t *p, reply *r) {
    rs_addr a;
    if (!rj_get_addr(param(p, 0), &a)) return bad_params(r, "address");
    const json_t *tag = param(p, 1);
    if (json_is_string(tag) && !strcmp(json_string_value(tag), "pending")) {
        r->result = rj_u64(rs_node_pending_nonce(n, a));
        return;
    }
    state_ref sr;
    if (!state_acquire(n, tag, &sr, r)) return;
    uint64_t v = rs_account_nonce(sr.st, a);
    state_release(n, &sr);
    r->result = rj_u64(v);
}

/* EVM accounts answer their bytecode; native contracts the marker code EVM
 * code sees too (0xfe, then "restake:<kind>", restake/world.h). */
static void m_get_code(rs_node *n, const json_t *p, reply *r) {
    rs_addr a;
    if (!rj_get_addr(param(p, 0), &a)) return bad_params(r, "address");
    state_ref sr;
    if (!state_acquire(n, param(p, 1), &sr, r)) return;
    rs_buf code;
    rs_buf_init(&code);
    rs_code_bytes(sr.st, a, &code, NULL);
    state_release(n, &sr);
    r->result = rj_data(code.p, code.len);
    rs_buf_free(&code);
}

/* EVM storage of bytecode accounts; native contracts keep their state in
 * their own layout, not in slots, and answer zero (docs/evm.md). */
static void m_get_storage_at(rs_node *n, const json_t *p, reply *r) {
    rs_addr a;
    if (!rj_get_addr(param(p, 0), &a)) return bad_params(r, "address");
    u256 slot;
    if (!rj_get_u256(param(p, 1), &slot)) return bad_params(r, "storage slot");
    state_ref sr;
    if (!state_acquire(n, param(p, 2), &sr, r)) return;
    rs_world *w = rs_world_new(sr.st);
    if (!w) abort();
    u256 v = rs_world_storage(w, a, slot);
    rs_world_free(w);
    state_release(n, &sr);
    r->result = rj_b32(rs_b32_from_u256(v));
}

static void m_state_root(rs_node *n, const json_t *p, reply *r) {
    (void)p;
    r->result = rj_b32(rs_node_state_root(n));
}

/* ---- calls ---- */

/* false with r's error set; c then holds nothing to free. */
static bool parse_call(const json_t *o, rs_rpc_tx_object *c, reply *r) {
    r->code = rs_rpc_tx_object_parse(o, c, r->msg, sizeof r->msg);
    return r->code == 0;
}

/* geth's shape: code 3, "execution reverted[: reason]", data = revert bytes. */
static void revert_reply(reply *r, const uint8_t *d, size_t n) {
    r->code = RPC_REVERTED;
    rj_revert_message(d, n, r->msg, sizeof r->msg);
    r->data = rj_data(d, n);
}

static bool is_pending_tag(const json_t *tag) {
    return json_is_string(tag) && strcmp(json_string_value(tag), "pending") == 0;
}

static void do_call(rs_node *n, const json_t *p, reply *r, bool estimate) {
    rs_rpc_tx_object c;
    if (!parse_call(param(p, 0), &c, r)) return;
    rs_rpc_overrides ov;
    if (!rs_rpc_overrides_parse(param(p, 2), param(p, 3), &ov, r->msg, sizeof r->msg)) {
        r->code = strncmp(r->msg, "invalid params", 14) ? RPC_SERVER : RPC_INVALID_PARAMS;
        rs_rpc_tx_object_free(&c);
        return;
    }
    state_ref sr;
    if (state_acquire(n, param(p, 1), &sr, r)) {
        rs_buf ret, rev;
        rs_buf_init(&ret);
        rs_buf_init(&rev);
        uint64_t gas = 0;
        /* "pending" runs where a transaction sent now would land: the next
         * block, at the timestamp the miner will give it (as anvil does), so
         * cast's estimate for a tx that becomes valid in that block works. */
        rs_block_header h = sr.h;
        /* eth_estimateGas without a tag estimates for the pending block, as
         * anvil does: a tx estimated at the head's number would miss the
         * writes a new block's first touch of a history costs. */
        bool pending = is_pending_tag(param(p, 1)) || (estimate && !param(p, 1));
        if (sr.live && pending) {
            h.number = sr.h.number + 1;
            h.timestamp = rs_node_next_timestamp(n);
        }
        size_t cp = rs_state_checkpoint(sr.st);
        if (!rs_rpc_overrides_apply(&ov, sr.st, r->msg, sizeof r->msg)) {
            r->code = RPC_SERVER;
            rs_state_revert(sr.st, cp);
            state_release(n, &sr);
            rs_buf_free(&ret);
            rs_buf_free(&rev);
            rs_rpc_overrides_free(&ov);
            rs_rpc_tx_object_free(&c);
            return;
        }
        int rc = !c.has_to ? rs_node_create_call_on(n, sr.st, &h, c.from, c.value, c.data, c.len, &ret, &gas, &rev,
                                                    estimate)
                 : (estimate ? rs_node_estimate_on : rs_node_call_on)(n, sr.st, &h, c.from, c.to, c.value, c.data,
                                                                      c.len, &ret, &gas, &rev);
        rs_state_revert(sr.st, cp);
        state_release(n, &sr);
        if (rc != RS_OK)
            revert_reply(r, rev.p, rev.len);
        else
            r->result = estimate ? rj_u64(gas + rs_rpc_access_list_gas(c.al_addrs, c.al_keys))
                                 : rj_data(ret.p, ret.len);
        rs_buf_free(&ret);
        rs_buf_free(&rev);
    }
    rs_rpc_overrides_free(&ov);
    rs_rpc_tx_object_free(&c);
}

static void m_call(rs_node *n, const json_t *p, reply *r) { do_call(n, p, r, false); }
static void m_estimate_gas(rs_node *n, const json_t *p, reply *r) { do_call(n, p, r, true); }

/* ---- sending ---- */

static void job_reply(rs_job *j, reply *r) {
    if (j->err)
        err(r, j->err, "%s", j->msg);
    else
        r->result = rj_b32(j->hash);
}

/* Decodes and recovers (in the caller's thread: recoveries of concurrent
 * connections run in parallel); NULL with r set on a bad transaction. The
 * caller holds a slot of the node's recovery gate. */
static rs_job *raw_tx_job(rs_node *n, const json_t *p, reply *r) {
    uint8_t *raw;
    size_t len;
    if (!rj_get_data(param(p, 0), &raw, &len)) return bad_params(r, "raw transaction hex"), NULL;
    rs_job *j = rs_job_new(RS_JOB_TX);
    rs_tx_status st = rs_tx_decode(raw, len, &j->tx);
    free(raw);
    if (st == RS_TX_OK) st = rs_tx_recover(&j->tx, n->chain_id, false);
    if (st != RS_TX_OK) {
        err(r, st == RS_TX_ERR_RLP || st == RS_TX_ERR_FIELDS ? RPC_INVALID_PARAMS : RPC_SERVER,
            "invalid transaction: %s", rs_tx_status_str(st));
        rs_job_free(j);
        return NULL;
    }
    return j;
}

static void m_send_raw(rs_node *n, const json_t *p, reply *r) {
    rs_cpu_gate_enter(&n->recover_gate);
    rs_job *j = raw_tx_job(n, p, r);
    rs_cpu_gate_leave(&n->recover_gate);
    if (!j) return;
    rs_node_run(n, j);
    job_reply(j, r);
    rs_job_free(j);
}

static void m_send_tx(rs_node *n, const json_t *p, reply *r) {
    rs_rpc_tx_object c;
    if (!parse_call(param(p, 0), &c, r)) return;
    rs_job *j = NULL;
    if (!c.has_from) {
        bad_params(r, "from is required");
    } else if (rs_node_dev_index(n, c.from) < 0 && !rs_node_is_impersonated(n, c.from)) {
        err(r, RPC_SERVER, "no signer for %s: not a dev account and not impersonated", "from");
    } else {
        j = rs_job_new(RS_JOB_SEND);
        rs_tx *tx = &j->tx;
        tx->from = c.from;
        tx->has_to = c.has_to; /* absent: a contract creation */
        tx->to = c.to;
        tx->value = c.value;
        rs_tx_set_data(tx, c.data, c.len);
        tx->has_chain_id = true;
        tx->chain_id = n->chain_id;
        if (c.has_gas_price) {
            tx->type = c.has_access_list ? RS_TX_ACCESS_LIST : RS_TX_LEGACY;
            tx->gas_price = c.gas_price;
        } else {
            tx->type = RS_TX_DYNAMIC_FEE;
            tx->max_priority_fee = c.has_max_prio ? c.max_prio : u256_from_u64(1000000000ull);
            tx->max_fee = c.has_max_fee ? c.max_fee : rs_node_default_max_fee(n);
            if (u256_gt(tx->max_priority_fee, tx->max_fee)) tx->max_priority_fee = tx->max_fee;
        }
        if (tx->type != RS_TX_LEGACY) {
            tx->access_list = malloc(c.access_list.len);
            if (!tx->access_list) abort();
            memcpy(tx->access_list, c.access_list.p, c.access_list.len);
            tx->access_list_len = c.access_list.len;
            tx->access_list_addrs = c.al_addrs;
            tx->access_list_keys = c.al_keys;
        }
        j->fill_nonce = !c.has_nonce;
        tx->nonce = c.nonce;
        j->is_unsigned = rs_node_dev_index(n, c.from) < 0;
        if (c.has_gas) {
            tx->gas_limit = c.gas;
        } else {
            /* the model's exact figure: a reverting call is reported now */
            rs_buf ret, rev;
            rs_buf_init(&ret);
            rs_buf_init(&rev);
            uint64_t gas = 0;
            tx->gas_limit = gas;
            /* in the context of the block the tx lands in, as eth_estimateGas */
            pthread_mutex_lock(&n->lock);
            rs_block_header h = n->head;
            h.number++;
            h.timestamp = rs_node_next_timestamp(n);
            int rc = c.has_to ? rs_node_estimate_on(n, n->st, &h, c.from, c.to, c.value, c.data, c.len, &ret, &gas, &rev)
                              : rs_node_create_call_on(n, n->st, &h, c.from, c.value, c.data, c.len, &ret, &gas,
                                                       &rev, true);
            pthread_mutex_unlock(&n->lock);
            if (rc != RS_OK) {
                revert_reply(r, rev.p, rev.len);
                rs_job_free(j);
                j = NULL;
            } else {
                tx->gas_limit = gas + rs_rpc_access_list_gas(c.al_addrs, c.al_keys);
            }
            rs_buf_free(&ret);
            rs_buf_free(&rev);
        }
    }
    rs_rpc_tx_object_free(&c);
    if (!j) return;
    rs_node_run(n, j);
    job_reply(j, r);
    rs_job_free(j);
}

/* ---- chain reads ---- */

static void m_get_tx(rs_node *n, const json_t *p, reply *r, bool receipt) {
    rs_b32 h;
    if (!rj_get_b32(param(p, 0), &h)) return bad_params(r, "transaction hash");
    rs_stored_tx t;
    int rc = rs_store_get_tx(n->store, h, &t);
    if (rc < 0) return err(r, RPC_INTERNAL, "storage read failed");
    if (rc == 0) { /* waiting in the pool: block fields null, no receipt yet */
        r->result = receipt ? NULL : rs_rpc_pool_tx(n, h);
        if (!r->result) r->result = json_null();
        return;
    }
    rs_block_header hd;
    if (rs_store_get_block(n->store, t.block, &hd) == 1)
        r->result = receipt ? rj_receipt(&t, &hd) : rj_tx(&t, &hd, n->chain_id);
    if (!r->result) err(r, RPC_INTERNAL, "stored transaction unreadable");
    rs_stored_tx_free(&t);
}

static void m_get_tx_by_hash(rs_node *n, const json_t *p, reply *r) { m_get_tx(n, p, r, false); }
static void m_get_receipt(rs_node *n, const json_t *p, reply *r) { m_get_tx(n, p, r, true); }

static void block_reply(rs_node *n, int rc, const rs_block_header *h, const json_t *full, reply *r) {
    if (full && !json_is_boolean(full)) return bad_params(r, "full transactions flag");
    if (rc < 0) return err(r, RPC_INTERNAL, "storage read failed");
    r->result = rc == 0 ? json_null() : rj_block(n, h, full && json_is_true(full));
    if (!r->result) err(r, RPC_INTERNAL, "storage read failed");
}

static void m_block_by_number(rs_node *n, const json_t *p, reply *r) {
    uint64_t b;
    tag_status t = block_number_of(n, param(p, 0), &b);
    if (t == TAG_BAD || !param(p, 0)) return bad_params(r, "block number");
    rs_block_header h;
    int rc = t == TAG_MISSING ? 0 : rs_store_get_block(n->store, b, &h);
    block_reply(n, rc, &h, param(p, 1), r);
}

static void m_block_by_hash(rs_node *n, const json_t *p, reply *r) {
    rs_b32 hash;
    if (!rj_get_b32(param(p, 0), &hash)) return bad_params(r, "block hash");
    rs_block_header h;
    block_reply(n, rs_store_get_block_by_hash(n->store, hash, &h), &h, param(p, 1), r);
}

static void m_block_tx_count(rs_node *n, const json_t *p, reply *r) {
    uint64_t b;
    tag_status t = block_number_of(n, param(p, 0), &b);
    rs_block_header h;
    if (t == TAG_BAD) return bad_params(r, "block number");
    r->result = t == TAG_OK && rs_store_get_block(n->store, b, &h) == 1 ? rj_u64(h.ntx) : json_null();
}

static void m_block_tx_count_by_hash(rs_node *n, const json_t *p, reply *r) {
    rs_b32 hash;
    if (!rj_get_b32(param(p, 0), &hash)) return bad_params(r, "block hash");
    rs_block_header h;
    int rc = rs_store_get_block_by_hash(n->store, hash, &h);
    if (rc < 0) return err(r, RPC_INTERNAL, "storage read failed");
    r->result = rc == 1 ? rj_u64(h.ntx) : json_null();
}

/* A block named by number/tag or (hash_param) by hash: 1 found, 0 absent,
 * -1 with r set on a bad parameter or a read failure. */
static int named_block(rs_node *n, const json_t *v, bool by_hash, rs_block_header *h, reply *r) {
    int rc;
    if (by_hash) {
        rs_b32 hash;
        if (!rj_get_b32(v, &hash)) return bad_params(r, "block hash"), -1;
        rc = rs_store_get_block_by_hash(n->store, hash, h);
    } else {
        uint64_t b;
        tag_status t = block_number_of(n, v, &b);
        if (t == TAG_BAD || !v) return bad_params(r, "block number"), -1;
        rc = t == TAG_MISSING ? 0 : rs_store_get_block(n->store, b, h);
    }
    if (rc < 0) err(r, RPC_INTERNAL, "storage read failed");
    return rc;
}

typedef struct {
    const rs_block_header *h;
    uint64_t chain_id;
    uint64_t want; /* index sought; UINT64_MAX: every receipt */
    json_t *out;
} block_walk;

static int tx_at_index(void *ctx, const rs_stored_tx *t) {
    block_walk *w = ctx;
    if (t->idx != w->want) return 0;
    w->out = rj_tx(t, w->h, w->chain_id);
    return 1;
}

static int add_receipt(void *ctx, const rs_stored_tx *t) {
    block_walk *w = ctx;
    json_t *rc = rj_receipt(t, w->h);
    if (!rc) return 1;
    json_array_append_new(w->out, rc);
    return 0;
}

static void tx_by_block_and_index(rs_node *n, const json_t *p, reply *r, bool by_hash) {
    rs_block_header h;
    uint64_t idx;
    int rc = named_block(n, param(p, 0), by_hash, &h, r);
    if (rc < 0) return;
    if (!rj_get_u64(param(p, 1), &idx)) return bad_params(r, "transaction index");
    block_walk w = {&h, n->chain_id, idx, NULL};
    if (rc == 1 && idx < h.ntx && rs_store_block_txs(n->store, h.number, tx_at_index, &w) < 0)
        return err(r, RPC_INTERNAL, "storage read failed");
    r->result = w.out ? w.out : json_null();
}

static void m_tx_by_number_and_index(rs_node *n, const json_t *p, reply *r) { tx_by_block_and_index(n, p, r, false); }
static void m_tx_by_hash_and_index(rs_node *n, const json_t *p, reply *r) { tx_by_block_and_index(n, p, r, true); }

/* eth_getBlockReceipts takes a number, a tag or a block hash. */
static void m_block_receipts(rs_node *n, const json_t *p, reply *r) {
    const json_t *v = param(p, 0);
    const char *s = json_string_value(v);
    bool by_hash = s && strlen(s) == 66;
    rs_block_header h;
    int rc = named_block(n, v, by_hash, &h, r);
    if (rc < 0) return;
    if (rc == 0) {
        r->result = json_null();
        return;
    }
    block_walk w = {&h, n->chain_id, UINT64_MAX, json_array()};
    if (rs_store_block_txs(n->store, h.number, add_receipt, &w) != 0 || json_array_size(w.out) != h.ntx) {
        json_decref(w.out);
        return err(r, RPC_INTERNAL, "stored receipts unreadable");
    }
    r->result = w.out;
}

static void m_fee_history(rs_node *n, const json_t *p, reply *r) {
    uint64_t count, newest;
    if (!rj_get_u64(param(p, 0), &count)) return bad_params(r, "block count");
    tag_status t = block_number_of(n, param(p, 1), &newest);
    if (t != TAG_OK) return bad_params(r, "newest block");
    const json_t *pct = param(p, 2);
    if (pct && !json_is_array(pct) && !json_is_null(pct)) return bad_params(r, "reward percentiles");
    if (count > 1024) count = 1024;
    uint64_t avail = newest >= n->genesis_number ? newest - n->genesis_number + 1 : 0;
    if (count > avail) count = avail;
    json_t *o = json_object(), *fees = json_array(), *ratio = json_array(), *reward = json_array();
    for (uint64_t i = 0; i < count; i++) {
        rs_block_header h;
        bool found = rs_store_get_block(n->store, newest - count + 1 + i, &h) == 1;
        uint64_t used = found ? h.gas_used : 0;
        json_array_append_new(fees, found ? rj_u256(h.base_fee) : rj_u64(RS_BASE_FEE));
        json_array_append_new(ratio, json_real((double)used / 30000000.0 > 1 ? 1.0 : (double)used / 30000000.0));
        if (json_is_array(pct)) {
            json_t *row = json_array();
            for (size_t k = 0; k < json_array_size(pct); k++) json_array_append_new(row, rj_u64(1000000000ull));
            json_array_append_new(reward, row);
        }
    }
    json_array_append_new(fees, rj_u256(rs_node_block_env(n).base_fee));
    json_object_set_new(o, "oldestBlock", rj_u64(count ? newest - count + 1 : newest));
    json_object_set_new(o, "baseFeePerGas", fees);
    json_object_set_new(o, "gasUsedRatio", ratio);
    if (json_is_array(pct))
        json_object_set_new(o, "reward", reward);
    else
        json_decref(reward);
    r->result = o;
}

/* ---- logs ---- */

typedef struct {
    rs_addr *addrs;
    size_t naddrs;
    rs_b32 *topics[4]; /* alternatives per position; NULL = any */
    size_t ntopics[4];
    json_t *out;
    const rs_block_header *h;
    bool overflow;
    bool damaged; /* a stored row failed its checksum: refused, not skipped */
} log_filter;

static bool log_matches(const log_filter *f, const rs_rlog *l) {
    if (f->naddrs) {
        bool any = false;
        for (size_t i = 0; i < f->naddrs && !any; i++) any = rs_addr_eq(f->addrs[i], l->address);
        if (!any) return false;
    }
    for (int t = 0; t < 4; t++) {
        if (!f->topics[t]) continue;
        if (t >= l->ntopics) return false;
        bool any = false;
        for (size_t i = 0; i < f->ntopics[t] && !any; i++) any = rs_b32_eq(f->topics[t][i], l->topics[t]);
        if (!any) return false;
    }
    return true;
}

static bool bloom_may_match(const log_filter *f, const uint8_t bloom[256]) {
    if (f->naddrs) {
        bool any = false;
        for (size_t i = 0; i < f->naddrs && !any; i++) any = rs_bloom_has(bloom, f->addrs[i].b, 20);
        if (!any) return false;
    }
    for (int t = 0; t < 4; t++) {
        if (!f->topics[t]) continue;
        bool any = false;
        for (size_t i = 0; i < f->ntopics[t] && !any; i++) any = rs_bloom_has(bloom, f->topics[t][i].b, 32);
        if (!any) return false;
    }
    return true;
}

static int logs_of_tx(void *vf, const rs_stored_tx *t) {
    log_filter *f = vf;
    rs_receipt r;
    if (!rs_receipt_decode(t->receipt, t->receipt_len, &r)) return f->damaged = true;
    for (size_t i = 0; i < r.nlogs && !f->overflow; i++) {
        if (!log_matches(f, &r.logs[i])) continue;
        if (json_array_size(f->out) >= RS_RPC_MAX_LOGS) {
            f->overflow = true;
            break;
        }
        json_array_append_new(f->out, rj_log(&r.logs[i], f->h, t, r.first_log_index + i));
    }
    rs_receipt_free(&r);
    return f->overflow;
}

static bool parse_filter(const json_t *o, log_filter *f, reply *r) {
    const json_t *a = json_object_get(o, "address");
    if (a && !json_is_null(a)) {
        size_t n = json_is_array(a) ? json_array_size(a) : 1;
        f->addrs = calloc(n ? n : 1, sizeof *f->addrs);
        for (size_t i = 0; i < n; i++)
            if (!rj_get_addr(json_is_array(a) ? json_array_get(a, i) : a, &f->addrs[i]))
                return bad_params(r, "address"), false;
        f->naddrs = n;
    }
    const json_t *ts = json_object_get(o, "topics");
    if (ts && !json_is_null(ts)) {
        if (!json_is_array(ts) || json_array_size(ts) > 4) return bad_params(r, "topics"), false;
        for (size_t t = 0; t < json_array_size(ts); t++) {
            const json_t *x = json_array_get(ts, t);
            if (json_is_null(x)) continue;
            size_t n = json_is_array(x) ? json_array_size(x) : 1;
            if (json_is_array(x) && n == 0) continue;
            f->topics[t] = calloc(n, sizeof(rs_b32));
            f->ntopics[t] = n;
            for (size_t i = 0; i < n; i++) {
                const json_t *y = json_is_array(x) ? json_array_get(x, i) : x;
                if (!rj_get_b32(y, &f->topics[t][i])) return bad_params(r, "topic"), false;
            }
        }
    }
    return true;
}

static void m_get_logs(rs_node *n, const json_t *p, reply *r) {
    const json_t *o = param(p, 0);
    if (!json_is_object(o)) return bad_params(r, "filter object");
    log_filter f = {0};
    uint64_t from, to;
    const json_t *bh = json_object_get(o, "blockHash");
    if (!parse_filter(o, &f, r)) goto out;
    if (bh && !json_is_null(bh)) {
        json_t *tag = json_pack("{sO}", "blockHash", (json_t *)bh);
        tag_status t = block_number_of(n, tag, &from);
        json_decref(tag);
        if (t == TAG_BAD) {
            bad_params(r, "blockHash");
            goto out;
        }
        if (t == TAG_MISSING) {
            err(r, RPC_SERVER, "unknown block");
            goto out;
        }
        to = from;
    } else {
        const json_t *fb = json_object_get(o, "fromBlock"), *tb = json_object_get(o, "toBlock");
        tag_status t1 = block_number_of(n, fb, &from), t2 = block_number_of(n, tb, &to);
        if (t1 == TAG_BAD || t2 == TAG_BAD) {
            bad_params(r, "block range");
            goto out;
        }
        uint64_t head = rs_node_head(n).number;
        if (t1 == TAG_MISSING) from = head + 1;
        if (t2 == TAG_MISSING) to = head;
        if (from < n->genesis_number) from = n->genesis_number;
    }
    if (from <= to && to - from >= RS_RPC_MAX_LOG_RANGE) {
        err(r, RPC_LIMIT, "block range too large (max %d blocks)", RS_RPC_MAX_LOG_RANGE);
        goto out;
    }
    f.out = json_array();
    for (uint64_t b = from; b <= to && !f.overflow && !f.damaged; b++) {
        rs_block_header h;
        int got = rs_store_get_block(n->store, b, &h);
        f.damaged = got < 0;
        if (got != 1) continue;
        if (!h.ntx || !bloom_may_match(&f, h.bloom)) continue;
        f.h = &h;
        if (rs_store_block_txs(n->store, b, logs_of_tx, &f) < 0) f.damaged = true;
    }
    if (f.damaged) {
        json_decref(f.out);
        err(r, RPC_INTERNAL, "storage read failed: a stored row is damaged (checksum mismatch)");
    } else if (f.overflow) {
        json_decref(f.out);
        err(r, RPC_LIMIT, "query returned more than %d results", RS_RPC_MAX_LOGS);
    } else {
        r->result = f.out;
    }
out:
    free(f.addrs);
    for (int t = 0; t < 4; t++) free(f.topics[t]);
}

/* ---- filters (polling: eth_newFilter / eth_getFilterChanges) ----
 * Kept per process, keyed by node; a filter remembers the last block it
 * reported, so each poll returns what is new since. */

typedef struct {
    uint64_t id;
    rs_node *node;
    bool blocks; /* eth_newBlockFilter */
    json_t *filter;
    uint64_t last;
} rpc_filter;

static pthread_mutex_t g_filters_mu = PTHREAD_MUTEX_INITIALIZER;
static rpc_filter *g_filters;
static size_t g_nfilters;
static uint64_t g_next_filter = 1;

static void new_filter(rs_node *n, bool blocks, const json_t *f, reply *r) {
    pthread_mutex_lock(&g_filters_mu);
    if (g_nfilters >= RS_RPC_FILTERS_MAX) {
        pthread_mutex_unlock(&g_filters_mu);
        return err(r, RPC_LIMIT, "too many filters (max %d): uninstall some", RS_RPC_FILTERS_MAX);
    }
    g_filters = realloc(g_filters, (g_nfilters + 1) * sizeof *g_filters);
    if (!g_filters) abort();
    rpc_filter *x = &g_filters[g_nfilters++];
    *x = (rpc_filter){.id = g_next_filter++, .node = n, .blocks = blocks, .filter = f ? json_deep_copy(f) : NULL,
                      .last = rs_node_head(n).number};
    r->result = rj_u64(x->id);
    pthread_mutex_unlock(&g_filters_mu);
}

static void m_new_filter(rs_node *n, const json_t *p, reply *r) {
    const json_t *f = param(p, 0);
    if (!json_is_object(f)) return bad_params(r, "filter object");
    new_filter(n, false, f, r);
}

static void m_new_block_filter(rs_node *n, const json_t *p, reply *r) {
    (void)p;
    new_filter(n, true, NULL, r);
}

static rpc_filter *find_filter(rs_node *n, const json_t *p, reply *r) {
    uint64_t id;
    if (!rj_get_u64(param(p, 0), &id)) return bad_params(r, "filter id"), NULL;
    for (size_t i = 0; i < g_nfilters; i++)
        if (g_filters[i].id == id && g_filters[i].node == n) return &g_filters[i];
    err(r, RPC_SERVER, "filter not found");
    return NULL;
}

static void m_get_logs(rs_node *n, const json_t *p, reply *r);

static void m_filter_changes(rs_node *n, const json_t *p, reply *r) {
    pthread_mutex_lock(&g_filters_mu);
    rpc_filter *f = find_filter(n, p, r);
    if (f) {
        uint64_t head = rs_node_head(n).number;
        if (f->blocks) {
            r->result = json_array();
            for (uint64_t b = f->last + 1; b <= head; b++) {
                rs_block_header h;
                if (rs_store_get_block(n->store, b, &h) == 1) json_array_append_new(r->result, rj_b32(h.hash));
            }
        } else if (head > f->last) {
            json_t *q = json_deep_copy(f->filter);
            json_object_del(q, "blockHash");
            json_object_set_new(q, "fromBlock", rj_u64(f->last + 1));
            json_object_set_new(q, "toBlock", rj_u64(head));
            json_t *args = json_pack("[o]", q);
            m_get_logs(n, args, r);
            json_decref(args);
        } else {
            r->result = json_array();
        }
        if (!r->code) f->last = head;
    }
    pthread_mutex_unlock(&g_filters_mu);
}

static void m_filter_logs(rs_node *n, const json_t *p, reply *r) {
    pthread_mutex_lock(&g_filters_mu);
    rpc_filter *f = find_filter(n, p, r);
    json_t *args = f && !f->blocks ? json_pack("[O]", f->filter) : NULL;
    if (f && f->blocks) err(r, RPC_SERVER, "filter not found");
    pthread_mutex_unlock(&g_filters_mu);
    if (args) m_get_logs(n, args, r);
    json_decref(args);
}

static void m_uninstall_filter(rs_node *n, const json_t *p, reply *r) {
    pthread_mutex_lock(&g_filters_mu);
    rpc_filter *f = find_filter(n, p, r);
    if (f) {
        json_decref(f->filter);
        *f = g_filters[--g_nfilters];
    }
    pthread_mutex_unlock(&g_filters_mu);
    if (r->code == RPC_SERVER) {
        r->code = 0;
        r->result = json_false();
    } else if (!r->code) {
        r->result = json_true();
    }
}

/* ---- devnet methods ---- */

static void run_job(rs_node *n, rs_job *j, reply *r) {
    rs_node_run(n, j);
    if (j->err) err(r, j->err, "%s", j->msg);
}

static void m_mine(rs_node *n, const json_t *p, reply *r, bool anvil) {
    rs_job *j = rs_job_new(RS_JOB_MINE);
    j->count = 1;
    const json_t *a = param(p, 0);
    if (anvil) {
        const json_t *iv = param(p, 1);
        uint64_t interval = 0;
        bool bad_count = a && !json_is_null(a) && !rj_get_u64(a, &j->count);
        if (bad_count || (iv && !json_is_null(iv) && (!rj_get_u64(iv, &interval) || interval > INT32_MAX))) {
            rs_job_free(j);
            return bad_params(r, bad_count ? "block count" : "interval");
        }
        if (j->count > RS_MINE_BLOCKS_MAX) {
            rs_job_free(j);
            return err(r, RPC_INVALID_PARAMS, "invalid params: at most %llu blocks per call",
                       (unsigned long long)RS_MINE_BLOCKS_MAX);
        }
        /* anvil advances the clock by the interval before each block */
        j->delta = (int64_t)interval;
    } else if (a && !json_is_null(a)) {
        const json_t *ts = json_is_object(a) ? json_object_get(a, "timestamp") : a;
        if (json_is_object(a) && json_object_get(a, "blocks")) rj_get_u64(json_object_get(a, "blocks"), &j->count);
        if (ts && !rj_get_u64(ts, &j->ts)) {
            rs_job_free(j);
            return bad_params(r, "timestamp");
        }
        j->has_ts = ts != NULL;
    }
    run_job(n, j, r);
    if (!r->code) r->result = anvil ? json_null() : json_string("0x0");
    rs_job_free(j);
}

static void m_evm_mine(rs_node *n, const json_t *p, reply *r) { m_mine(n, p, r, false); }
static void m_anvil_mine(rs_node *n, const json_t *p, reply *r) { m_mine(n, p, r, true); }

static void m_increase_time(rs_node *n, const json_t *p, reply *r) {
    rs_job *j = rs_job_new(RS_JOB_INCREASE_TIME);
    const json_t *a = param(p, 0);
    uint64_t d;
    if (json_is_integer(a))
        j->delta = json_integer_value(a);
    else if (rj_get_u64(a, &d))
        j->delta = (int64_t)d;
    else {
        rs_job_free(j);
        return bad_params(r, "seconds");
    }
    run_job(n, j, r);
    if (!r->code) r->result = json_integer((json_int_t)j->out);
    rs_job_free(j);
}

static void m_set_next_ts(rs_node *n, const json_t *p, reply *r) {
    rs_job *j = rs_job_new(RS_JOB_SET_NEXT_TS);
    if (!rj_get_u64(param(p, 0), &j->ts)) {
        rs_job_free(j);
        return bad_params(r, "timestamp");
    }
    run_job(n, j, r);
    if (!r->code) r->result = json_null();
    rs_job_free(j);
}

static void m_set_balance(rs_node *n, const json_t *p, reply *r) {
    rs_job *j = rs_job_new(RS_JOB_SET_BALANCE);
    if (!rj_get_addr(param(p, 0), &j->addr) || !rj_get_u256(param(p, 1), &j->value)) {
        rs_job_free(j);
        return bad_params(r, "address, balance");
    }
    run_job(n, j, r);
    if (!r->code) r->result = json_null();
    rs_job_free(j);
}

static void m_set_nonce(rs_node *n, const json_t *p, reply *r) {
    rs_job *j = rs_job_new(RS_JOB_SET_NONCE);
    uint64_t v;
    if (!rj_get_addr(param(p, 0), &j->addr) || !rj_get_u64(param(p, 1), &v)) {
        rs_job_free(j);
        return bad_params(r, "address, nonce");
    }
    j->value = u256_from_u64(v);
    run_job(n, j, r);
    if (!r->code) r->result = json_null();
    rs_job_free(j);
}

/* anvil_setCode / anvil_setStorageAt: EVM code and slots of accounts that
 * hold no native contract, recorded in the op log like the balance. */
static void run_op(rs_node *n, reply *r, int kind, const uint8_t *data, size_t len) {
    rs_job *j = rs_job_new(RS_JOB_OP);
    j->delta = kind;
    rs_tx_set_data(&j->tx, data, len);
    run_job(n, j, r);
    if (!r->code) r->result = json_null();
    rs_job_free(j);
}

static void m_set_code(rs_node *n, const json_t *p, reply *r) {
    rs_addr a;
    uint8_t *code = NULL;
    size_t len = 0;
    if (!rj_get_addr(param(p, 0), &a) || !rj_get_data(param(p, 1), &code, &len)) {
        free(code);
        return bad_params(r, "address, code");
    }
    if (len > RS_EVM_CODE_SIZE_MAX) {
        free(code);
        return bad_params(r, "code longer than 24576 bytes (EIP-170)");
    }
    uint8_t *d = malloc(20 + len);
    if (!d) abort();
    memcpy(d, a.b, 20);
    if (len) memcpy(d + 20, code, len);
    free(code);
    run_op(n, r, RS_OP_SET_CODE, d, 20 + len);
    free(d);
}

static void m_set_storage_at(rs_node *n, const json_t *p, reply *r) {
    rs_addr a;
    u256 slot;
    rs_b32 value;
    if (!rj_get_addr(param(p, 0), &a) || !rj_get_u256(param(p, 1), &slot) || !rj_get_b32(param(p, 2), &value))
        return bad_params(r, "address, slot, 32-byte value");
    uint8_t d[84];
    memcpy(d, a.b, 20);
    u256_to_be(slot, d + 20);
    memcpy(d + 52, value.b, 32);
    run_op(n, r, RS_OP_SET_STORAGE, d, sizeof d);
}

static void impersonate(rs_node *n, const json_t *p, reply *r, bool on) {
    rs_addr a;
    if (!rj_get_addr(param(p, 0), &a)) return bad_params(r, "address");
    rs_node_impersonate(n, a, on);
    r->result = json_null();
}

static void m_impersonate(rs_node *n, const json_t *p, reply *r) { impersonate(n, p, r, true); }
static void m_stop_impersonating(rs_node *n, const json_t *p, reply *r) { impersonate(n, p, r, false); }

static void m_snapshot(rs_node *n, const json_t *p, reply *r) {
    (void)p;
    rs_job *j = rs_job_new(RS_JOB_SNAPSHOT);
    run_job(n, j, r);
    if (!r->code) r->result = rj_u64(j->out);
    rs_job_free(j);
}

static void m_revert(rs_node *n, const json_t *p, reply *r) {
    rs_job *j = rs_job_new(RS_JOB_REVERT);
    if (!rj_get_u64(param(p, 0), &j->out)) {
        rs_job_free(j);
        return bad_params(r, "snapshot id");
    }
    run_job(n, j, r);
    if (!r->code) r->result = json_boolean(j->out_bool);
    rs_job_free(j);
}

/* ---- offline beacon chain (rpc_beacon.c) ---- */

static void beacon_call(rs_rpc_beacon_fn fn, rs_node *n, const json_t *p, reply *r) {
    int code = fn(n, p, &r->result, r->msg, sizeof r->msg);
    if (code) r->code = code;
}
#define BEACON_METHOD(name, fn) \
    static void name(rs_node *n, const json_t *p, reply *r) { beacon_call(fn, n, p, r); }
BEACON_METHOD(m_beacon_status, rs_rpc_beacon_status)
BEACON_METHOD(m_beacon_validators, rs_rpc_beacon_validators)
BEACON_METHOD(m_beacon_set_balance, rs_rpc_beacon_set_balance)
BEACON_METHOD(m_beacon_slash, rs_rpc_beacon_slash)
BEACON_METHOD(m_beacon_exit, rs_rpc_beacon_exit)
BEACON_METHOD(m_pod_proofs, rs_rpc_pod_proofs)
BEACON_METHOD(m_set_beacon_root, rs_rpc_set_beacon_root)

/* restake_slashImpact (rpc_risk.c): a revert also fills the error's data */
static void m_slash_impact(rs_node *n, const json_t *p, reply *r) {
    int code = rs_rpc_slash_impact(n, p, &r->result, &r->data, r->msg, sizeof r->msg);
    if (code) r->code = code;
}

/* restake_risk* (rpc_risk_report.c): the report read at the block tag that
 * follows the method's nargs arguments (absent: the head). */
static void risk_call(rs_node *n, const json_t *p, reply *r, const char *kind, size_t nargs) {
    if (p && !json_is_array(p)) {
        bad_params(r, "expected an array");
        return;
    }
    size_t np = p ? json_array_size(p) : 0;
    if (np < nargs || np > nargs + 1) {
        err(r, RPC_INVALID_PARAMS, "invalid params: expected %zu argument%s and an optional block tag", nargs,
            nargs == 1 ? "" : "s");
        return;
    }
    state_ref s;
    if (!state_acquire(n, param(p, nargs), &s, r)) return;
    int code = rs_rpc_risk_report(n, s.st, &s.h, kind, p, &r->result, r->msg, sizeof r->msg);
    state_release(n, &s);
    if (code) r->code = code;
}

static void m_risk_staker(rs_node *n, const json_t *p, reply *r) { risk_call(n, p, r, "staker", 1); }
static void m_risk_operator(rs_node *n, const json_t *p, reply *r) { risk_call(n, p, r, "operator", 1); }
static void m_risk_set(rs_node *n, const json_t *p, reply *r) { risk_call(n, p, r, "set", 2); }
static void m_risk_avs(rs_node *n, const json_t *p, reply *r) { risk_call(n, p, r, "avs", 1); }
static void m_risk_whatif(rs_node *n, const json_t *p, reply *r) { risk_call(n, p, r, "whatif", 1); }
static void m_risk_all(rs_node *n, const json_t *p, reply *r) { risk_call(n, p, r, "all", 0); }

static void m_addresses(rs_node *n, const json_t *p, reply *r) {
    (void)p;
    r->result = rs_rpc_addresses(n);
}

/* ---- dispatch ---- */

typedef void (*method_fn)(rs_node *, const json_t *, reply *);
static const struct {
    const char *name;
    method_fn fn;
} METHODS[] = {
    {"web3_clientVersion", m_client_version},
    {"net_version", m_net_version},
    {"net_listening", m_true},
    {"eth_chainId", m_chain_id},
    {"eth_blockNumber", m_block_number},
    {"eth_syncing", m_false},
    {"eth_mining", m_true},
    {"eth_accounts", m_accounts},
    {"eth_getBalance", m_get_balance},
    {"eth_getTransactionCount", m_get_tx_count},
    {"eth_getCode", m_get_code},
    {"eth_getStorageAt", m_get_storage_at},
    {"eth_gasPrice", m_gas_price},
    {"eth_maxPriorityFeePerGas", m_max_priority_fee},
    {"eth_feeHistory", m_fee_history},
    {"eth_estimateGas", m_estimate_gas},
    {"eth_call", m_call},
    {"eth_sendRawTransaction", m_send_raw},
    {"eth_sendTransaction", m_send_tx},
    {"eth_getTransactionByHash", m_get_tx_by_hash},
    {"eth_getTransactionReceipt", m_get_receipt},
    {"eth_getBlockByNumber", m_block_by_number},
    {"eth_getBlockByHash", m_block_by_hash},
    {"eth_getBlockTransactionCountByNumber", m_block_tx_count},
    {"eth_getBlockTransactionCountByHash", m_block_tx_count_by_hash},
    {"eth_getTransactionByBlockNumberAndIndex", m_tx_by_number_and_index},
    {"eth_getTransactionByBlockHashAndIndex", m_tx_by_hash_and_index},
    {"eth_getBlockReceipts", m_block_receipts},
    {"eth_getLogs", m_get_logs},
    {"eth_newFilter", m_new_filter},
    {"eth_newBlockFilter", m_new_block_filter},
    {"eth_getFilterChanges", m_filter_changes},
    {"eth_getFilterLogs", m_filter_logs},
    {"eth_uninstallFilter", m_uninstall_filter},
    {"anvil_mine", m_anvil_mine},
    {"hardhat_mine", m_anvil_mine},
    {"evm_mine", m_evm_mine},
    {"evm_increaseTime", m_increase_time},
    {"anvil_increaseTime", m_increase_time},
    {"evm_setNextBlockTimestamp", m_set_next_ts},
    {"anvil_setNextBlockTimestamp", m_set_next_ts},
    {"anvil_setBalance", m_set_balance},
    {"hardhat_setBalance", m_set_balance},
    {"anvil_setNonce", m_set_nonce},
    {"anvil_setCode", m_set_code},
    {"hardhat_setCode", m_set_code},
    {"anvil_setStorageAt", m_set_storage_at},
    {"hardhat_setStorageAt", m_set_storage_at},
    {"anvil_impersonateAccount", m_impersonate},
    {"hardhat_impersonateAccount", m_impersonate},
    {"anvil_stopImpersonatingAccount", m_stop_impersonating},
    {"hardhat_stopImpersonatingAccount", m_stop_impersonating},
    {"evm_snapshot", m_snapshot},
    {"anvil_snapshot", m_snapshot},
    {"evm_revert", m_revert},
    {"anvil_revert", m_revert},
    {"restake_stateRoot", m_state_root},
    {"restake_slashImpact", m_slash_impact},
    {"restake_riskStaker", m_risk_staker},
    {"restake_riskOperator", m_risk_operator},
    {"restake_riskSet", m_risk_set},
    {"restake_riskAvs", m_risk_avs},
    {"restake_riskWhatIf", m_risk_whatif},
    {"restake_riskAll", m_risk_all},
    {"restake_addresses", m_addresses},
    {"restake_beaconStatus", m_beacon_status},
    {"restake_beaconValidators", m_beacon_validators},
    {"restake_beaconSetBalance", m_beacon_set_balance},
    {"restake_beaconSlash", m_beacon_slash},
    {"restake_beaconExit", m_beacon_exit},
    {"restake_podProofs", m_pod_proofs},
    {"restake_setBeaconRoot", m_set_beacon_root},
};

static json_t *error_obj(int code, const char *msg, json_t *data) {
    json_t *e = json_pack("{siss}", "code", code, "message", msg);
    if (data) json_object_set_new(e, "data", data);
    return e;
}

static json_t *response(json_t *id, reply *r) {
    json_t *o = json_object();
    json_object_set_new(o, "jsonrpc", json_string("2.0"));
    json_object_set(o, "id", id ? id : json_null());
    if (r->code)
        json_object_set_new(o, "error", error_obj(r->code, r->msg, r->data));
    else
        json_object_set_new(o, "result", r->result ? r->result : json_null());
    return o;
}

/* Validates the envelope; NULL method (and r set) when it is not a request. */
static const char *envelope(const json_t *req, json_t **id, const json_t **params, reply *r) {
    *id = NULL;
    if (!json_is_object(req)) return err(r, RPC_INVALID_REQUEST, "invalid request: not an object"), NULL;
    json_t *i = json_object_get(req, "id");
    if (i && !json_is_string(i) && !json_is_integer(i) && !json_is_null(i) && !json_is_real(i))
        return err(r, RPC_INVALID_REQUEST, "invalid request: bad id"), NULL;
    *id = i;
    const json_t *m = json_object_get(req, "method"), *v = json_object_get(req, "jsonrpc");
    if (v && (!json_is_string(v) || strcmp(json_string_value(v), "2.0")))
        return err(r, RPC_INVALID_REQUEST, "invalid request: jsonrpc must be \"2.0\""), NULL;
    if (!json_is_string(m)) return err(r, RPC_INVALID_REQUEST, "invalid request: no method"), NULL;
    *params = json_object_get(req, "params");
    if (*params && !json_is_array(*params) && !json_is_null(*params))
        return err(r, RPC_INVALID_PARAMS, "invalid params: params must be an array"), NULL;
    return json_string_value(m);
}

static void dispatch(rs_node *n, const char *method, const json_t *params, reply *r) {
    if (n->locked && rs_rpc_method_locked(method))
        return err(r, RPC_METHOD_NOT_FOUND, "the method %.100s is disabled on a --locked node", method);
    for (size_t i = 0; i < sizeof METHODS / sizeof METHODS[0]; i++)
        if (!strcmp(METHODS[i].name, method)) {
            METHODS[i].fn(n, params, r);
            return;
        }
    rs_rpc_extra_fn extra = rs_rpc_extra_find(method);
    if (extra) {
        int code = extra(n, params, &r->result, r->msg, sizeof r->msg);
        if (code) r->code = code;
        return;
    }
    err(r, RPC_METHOD_NOT_FOUND, "the method %.100s does not exist/is not available", method);
}

static json_t *handle_one(rs_node *n, const json_t *req) {
    reply r = {0};
    json_t *id;
    const json_t *params;
    const char *m = envelope(req, &id, &params, &r);
    if (m) dispatch(n, m, params, &r);
    bool notification = m && json_is_object(req) && !json_object_get(req, "id");
    if (notification) {
        json_decref(r.result);
        json_decref(r.data);
        return NULL;
    }
    return response(id, &r);
}

/* Batches submit every eth_sendRawTransaction before waiting for any, so a
 * batch of N transactions costs one block commit, not N. Other requests
 * wait for the transactions before them, keeping the batch's order. */
typedef struct {
    rs_job *job;
    json_t *id;
    size_t slot;
} inflight;

static void drain(rs_node *n, inflight *fl, size_t *nfl, json_t *out) {
    for (size_t i = 0; i < *nfl; i++) {
        reply r = {0};
        rs_node_wait(n, fl[i].job);
        job_reply(fl[i].job, &r);
        json_array_set_new(out, fl[i].slot, response(fl[i].id, &r));
        rs_job_free(fl[i].job);
    }
    *nfl = 0;
}

/* A run of transactions in a batch holds a recovery-gate slot for this many
 * recoveries at a time: long enough that handing the slot to another
 * connection costs little, short enough that a sealing miner gets its core
 * within milliseconds. */
enum { GATE_CHUNK = 64 };

typedef struct {
    rs_cpu_gate *g;
    unsigned held; /* recoveries since entering; 0 = not inside */
} gate_run;

static void gate_step(gate_run *run) {
    if (run->held == 0) rs_cpu_gate_enter(run->g);
    if (++run->held == GATE_CHUNK) {
        rs_cpu_gate_leave(run->g);
        run->held = 0;
    }
}

static void gate_end(gate_run *run) {
    if (run->held) rs_cpu_gate_leave(run->g);
    run->held = 0;
}

static json_t *handle_batch(rs_node *n, const json_t *batch) {
    size_t len = json_array_size(batch);
    json_t *out = json_array();
    inflight *fl = calloc(len, sizeof *fl);
    size_t nfl = 0;
    gate_run run = {&n->recover_gate, 0};
    if (!fl) abort();
    for (size_t i = 0; i < len; i++) {
        const json_t *req = json_array_get(batch, i);
        json_t *id;
        const json_t *params;
        reply r = {0};
        const char *m = envelope(req, &id, &params, &r);
        if (m && !strcmp(m, "eth_sendRawTransaction") && id) {
            gate_step(&run);
            rs_job *j = raw_tx_job(n, params, &r);
            if (j) {
                rs_node_submit(n, j);
                json_array_append_new(out, json_null());
                fl[nfl++] = (inflight){j, id, json_array_size(out) - 1};
                continue;
            }
            json_array_append_new(out, response(id, &r));
            continue;
        }
        json_decref(r.data);
        gate_end(&run);
        drain(n, fl, &nfl, out);
        json_t *resp = handle_one(n, req);
        if (resp) json_array_append_new(out, resp);
    }
    gate_end(&run);
    drain(n, fl, &nfl, out);
    free(fl);
    if (json_array_size(out) == 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}

char *rs_rpc_error_text(int code, const char *msg) {
    json_t *o = json_pack("{sssnso}", "jsonrpc", "2.0", "id", "error", error_obj(code, msg, NULL));
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

char *rs_rpc_handle(rs_node *n, const char *body, size_t len) {
    if (len > RS_RPC_MAX_BODY) return rs_rpc_error_text(RPC_INVALID_REQUEST, "request too large");
    json_error_t je;
    json_t *req = json_loadb(body, len, JSON_DECODE_ANY, &je);
    if (!req) {
        char msg[256];
        snprintf(msg, sizeof msg, "parse error: %s (line %d, column %d)", je.text, je.line, je.column);
        return rs_rpc_error_text(RPC_PARSE_ERROR, msg);
    }
    json_t *resp;
    if (json_is_array(req)) {
        if (json_array_size(req) == 0)
            resp = json_pack("{sssnso}", "jsonrpc", "2.0", "id", "error",
                             error_obj(RPC_INVALID_REQUEST, "invalid request: empty batch", NULL));
        else if (json_array_size(req) > RS_RPC_MAX_BATCH)
            resp = json_pack("{sssnso}", "jsonrpc", "2.0", "id", "error",
                             error_obj(RPC_INVALID_REQUEST, "invalid request: batch too large", NULL));
        else
            resp = handle_batch(n, req);
    } else {
        resp = handle_one(n, req);
    }
    json_decref(req);
    if (!resp) return NULL;
    char *s = json_dumps(resp, JSON_COMPACT);
    json_decref(resp);
    return s;
}
