#include "chain/tx.h"

#include <pthread.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdlib.h>
#include <string.h>

#include "restake/keccak.h"
#include "restake/rlp.h"

/* secp256k1 group order n and n/2 (EIP-2: s must not exceed n/2). */
static const uint8_t SECP_N[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                   0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                   0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
static const uint8_t SECP_HALF_N[32] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                        0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                        0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

static secp256k1_context *g_ctx;
static pthread_once_t g_ctx_once = PTHREAD_ONCE_INIT;

static void ctx_create(void) {
    g_ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
    uint8_t seed[32];
    rs_keccak256("restake secp256k1 context blinding", 34, seed);
    if (!secp256k1_context_randomize(g_ctx, seed)) abort();
}

/* One process-wide context: read-only after creation, so threads share it. */
static const secp256k1_context *ctx(void) {
    pthread_once(&g_ctx_once, ctx_create);
    return g_ctx;
}

const char *rs_tx_status_str(rs_tx_status s) {
    switch (s) {
    case RS_TX_OK: return "ok";
    case RS_TX_ERR_RLP: return "malformed RLP";
    case RS_TX_ERR_FIELDS: return "invalid transaction fields";
    case RS_TX_ERR_TYPE: return "transaction type not supported";
    case RS_TX_ERR_SIZE: return "oversized data";
    case RS_TX_ERR_V: return "invalid signature v/yParity";
    case RS_TX_ERR_CHAIN_ID: return "invalid chain id for signer";
    case RS_TX_ERR_HIGH_S: return "invalid signature: s above secp256k1n/2";
    case RS_TX_ERR_SIG: return "invalid signature";
    }
    return "invalid transaction";
}

void rs_tx_init(rs_tx *tx) { memset(tx, 0, sizeof *tx); }

void rs_tx_free(rs_tx *tx) {
    free(tx->data);
    free(tx->access_list);
    tx->data = tx->access_list = NULL;
    tx->data_len = tx->access_list_len = 0;
}

static uint8_t *dup_bytes(const uint8_t *p, size_t n) {
    uint8_t *d = malloc(n ? n : 1);
    if (!d) abort();
    if (n) memcpy(d, p, n);
    return d;
}

void rs_tx_set_data(rs_tx *tx, const uint8_t *p, size_t n) {
    free(tx->data);
    tx->data = dup_bytes(p, n);
    tx->data_len = n;
}

/* ---------- decoding ---------- */

static bool item_u256(const rlp_item *it, u256 *out) { return !it->is_list && rlp_to_u256(it, out) == RLP_OK; }
static bool item_u64(const rlp_item *it, uint64_t *out) { return !it->is_list && rlp_to_u64(it, out) == RLP_OK; }

static bool item_to(const rlp_item *it, rs_tx *tx) {
    if (it->is_list) return false;
    if (it->len == 0) {
        tx->has_to = false;
        return true;
    }
    if (it->len != 20) return false;
    tx->has_to = true;
    memcpy(tx->to.b, it->ptr, 20);
    return true;
}

static bool item_data(const rlp_item *it, rs_tx *tx) {
    if (it->is_list) return false;
    rs_tx_set_data(tx, it->ptr, it->len);
    return true;
}

/* An access list is [[address(20), [key(32), ...]], ...]. */
static bool item_access_list(const rlp_item *it, const uint8_t *enc, size_t enc_len, rs_tx *tx) {
    if (!it->is_list) return false;
    size_t keys = 0;
    for (size_t i = 0; i < it->n; i++) {
        const rlp_item *e = &it->items[i];
        if (!e->is_list || e->n != 2) return false;
        if (e->items[0].is_list || e->items[0].len != 20) return false;
        if (!e->items[1].is_list) return false;
        for (size_t j = 0; j < e->items[1].n; j++) {
            const rlp_item *k = &e->items[1].items[j];
            if (k->is_list || k->len != 32) return false;
        }
        keys += e->items[1].n;
    }
    free(tx->access_list);
    tx->access_list = dup_bytes(enc, enc_len);
    tx->access_list_len = enc_len;
    tx->access_list_addrs = it->n;
    tx->access_list_keys = keys;
    return true;
}

/* The RLP header of an item whose payload is at it->ptr within [base, ...):
 * the encoded item spans from its header to the end of its payload. */
static void item_span(const rlp_item *it, const uint8_t *prev_end, const uint8_t **start, size_t *len) {
    *start = prev_end;
    *len = (size_t)(it->ptr + it->len - prev_end);
}

static bool signature_shape(rs_tx *tx, const rlp_item *r, const rlp_item *s) {
    return item_u256(r, &tx->r) && item_u256(s, &tx->s);
}

static rs_tx_status check_rs(const rs_tx *tx) {
    uint8_t rb[32], sb[32];
    u256_to_be(tx->r, rb);
    u256_to_be(tx->s, sb);
    if (u256_is_zero(tx->r) || u256_is_zero(tx->s)) return RS_TX_ERR_SIG;
    if (memcmp(rb, SECP_N, 32) >= 0) return RS_TX_ERR_SIG;
    if (memcmp(sb, SECP_HALF_N, 32) > 0) return RS_TX_ERR_HIGH_S;
    return RS_TX_OK;
}

static rs_tx_status decode_legacy(const rlp_item *top, rs_tx *tx, bool check_sig) {
    if (!top->is_list || top->n != 9) return RS_TX_ERR_FIELDS;
    const rlp_item *f = top->items;
    u256 v;
    if (!item_u64(&f[0], &tx->nonce) || !item_u256(&f[1], &tx->gas_price) || !item_u64(&f[2], &tx->gas_limit) ||
        !item_to(&f[3], tx) || !item_u256(&f[4], &tx->value) || !item_data(&f[5], tx) || !item_u256(&f[6], &v) ||
        !signature_shape(tx, &f[7], &f[8]))
        return RS_TX_ERR_FIELDS;
    tx->type = RS_TX_LEGACY;
    if (v.w[1] | v.w[2] | v.w[3]) return RS_TX_ERR_V;
    uint64_t v64 = v.w[0];
    if (v64 == 27 || v64 == 28) {
        tx->has_chain_id = false;
        tx->chain_id = 0;
        tx->y_parity = (uint8_t)(v64 - 27);
    } else if (v64 >= 37) {
        tx->has_chain_id = true;
        tx->chain_id = (v64 - 35) / 2;
        tx->y_parity = (uint8_t)((v64 - 35) % 2);
    } else {
        return RS_TX_ERR_V;
    }
    return check_sig ? check_rs(tx) : RS_TX_OK;
}

static rs_tx_status decode_typed(uint8_t type, const rlp_item *top, rs_tx *tx, bool check_sig) {
    size_t nf = type == RS_TX_ACCESS_LIST ? 11 : 12;
    if (!top->is_list || top->n != nf) return RS_TX_ERR_FIELDS;
    const rlp_item *f = top->items;
    size_t i = 0;
    tx->type = type;
    tx->has_chain_id = true;
    if (!item_u64(&f[i++], &tx->chain_id) || !item_u64(&f[i++], &tx->nonce)) return RS_TX_ERR_FIELDS;
    if (type == RS_TX_ACCESS_LIST) {
        if (!item_u256(&f[i++], &tx->gas_price)) return RS_TX_ERR_FIELDS;
    } else {
        if (!item_u256(&f[i++], &tx->max_priority_fee) || !item_u256(&f[i++], &tx->max_fee)) return RS_TX_ERR_FIELDS;
    }
    if (!item_u64(&f[i++], &tx->gas_limit) || !item_to(&f[i++], tx) || !item_u256(&f[i++], &tx->value) ||
        !item_data(&f[i++], tx))
        return RS_TX_ERR_FIELDS;
    const uint8_t *al_start;
    size_t al_len;
    item_span(&f[i], f[i - 1].ptr + f[i - 1].len, &al_start, &al_len);
    if (!item_access_list(&f[i], al_start, al_len, tx)) return RS_TX_ERR_FIELDS;
    i++;
    uint64_t yp;
    if (!item_u64(&f[i++], &yp)) return RS_TX_ERR_FIELDS;
    if (!signature_shape(tx, &f[i], &f[i + 1])) return RS_TX_ERR_FIELDS;
    if (yp > 1) return RS_TX_ERR_V;
    tx->y_parity = (uint8_t)yp;
    return check_sig ? check_rs(tx) : RS_TX_OK;
}

static rs_tx_status decode(const uint8_t *raw, size_t len, rs_tx *tx, bool check_sig) {
    rs_tx_init(tx);
    if (len == 0) return RS_TX_ERR_RLP;
    if (len > RS_TX_MAX_SIZE) return RS_TX_ERR_SIZE;
    rs_arena a;
    rs_arena_init(&a, 4 * len + 4096);
    rlp_item top;
    rs_tx_status st;
    if (raw[0] >= 0xc0) {
        st = rlp_decode(&a, raw, len, &top) == RLP_OK ? decode_legacy(&top, tx, check_sig) : RS_TX_ERR_RLP;
    } else if (raw[0] == RS_TX_ACCESS_LIST || raw[0] == RS_TX_DYNAMIC_FEE) {
        st = rlp_decode(&a, raw + 1, len - 1, &top) == RLP_OK ? decode_typed(raw[0], &top, tx, check_sig)
                                                                : RS_TX_ERR_RLP;
    } else {
        st = RS_TX_ERR_TYPE;
    }
    rs_arena_free(&a);
    if (st != RS_TX_OK) {
        rs_tx_free(tx);
        return st;
    }
    tx->hash = rs_keccak(raw, len);
    return RS_TX_OK;
}

rs_tx_status rs_tx_decode(const uint8_t *raw, size_t len, rs_tx *tx) { return decode(raw, len, tx, true); }

rs_tx_status rs_tx_decode_unsigned(const uint8_t *raw, size_t len, rs_addr from, rs_tx *tx) {
    rs_tx_status st = decode(raw, len, tx, false);
    if (st == RS_TX_OK) {
        tx->from = from;
        tx->hash = rs_tx_unsigned_hash(raw, len, from);
    }
    return st;
}

rs_b32 rs_tx_unsigned_hash(const uint8_t *raw, size_t len, rs_addr from) {
    rs_keccak_ctx c;
    rs_keccak_init(&c);
    rs_keccak_update(&c, raw, len);
    rs_keccak_update(&c, from.b, 20);
    rs_b32 h;
    rs_keccak_final(&c, h.b);
    return h;
}

/* ---------- encoding ---------- */

static void put_to(rs_buf *b, const rs_tx *tx) { rlp_put_bytes(b, tx->has_to ? tx->to.b : NULL, tx->has_to ? 20 : 0); }

static void put_access_list(rs_buf *b, const rs_tx *tx) {
    if (tx->access_list_len)
        rs_buf_put(b, tx->access_list, tx->access_list_len);
    else
        rlp_put_list(b, NULL, 0);
}

/* Fields common to every envelope up to and including the access list. */
static void put_body(rs_buf *b, const rs_tx *tx) {
    if (tx->type != RS_TX_LEGACY) rlp_put_u64(b, tx->chain_id);
    rlp_put_u64(b, tx->nonce);
    if (tx->type == RS_TX_DYNAMIC_FEE) {
        rlp_put_u256(b, tx->max_priority_fee);
        rlp_put_u256(b, tx->max_fee);
    } else {
        rlp_put_u256(b, tx->gas_price);
    }
    rlp_put_u64(b, tx->gas_limit);
    put_to(b, tx);
    rlp_put_u256(b, tx->value);
    rlp_put_bytes(b, tx->data, tx->data_len);
    if (tx->type != RS_TX_LEGACY) put_access_list(b, tx);
}

static void wrap(rs_buf *out, const rs_tx *tx, rs_buf *payload) {
    if (tx->type != RS_TX_LEGACY) {
        uint8_t t = tx->type;
        rs_buf_put(out, &t, 1);
    }
    rlp_put_list(out, payload->p, payload->len);
}

void rs_tx_encode(const rs_tx *tx, rs_buf *out) {
    rs_buf p;
    rs_buf_init(&p);
    put_body(&p, tx);
    if (tx->type == RS_TX_LEGACY) {
        u256 v = tx->has_chain_id ? u256_from_u64(tx->chain_id * 2 + 35 + tx->y_parity)
                                  : u256_from_u64(27u + tx->y_parity);
        rlp_put_u256(&p, v);
    } else {
        rlp_put_u64(&p, tx->y_parity);
    }
    rlp_put_u256(&p, tx->r);
    rlp_put_u256(&p, tx->s);
    wrap(out, tx, &p);
    rs_buf_free(&p);
}

rs_b32 rs_tx_signing_hash(const rs_tx *tx) {
    rs_buf p, out;
    rs_buf_init(&p);
    rs_buf_init(&out);
    put_body(&p, tx);
    if (tx->type == RS_TX_LEGACY && tx->has_chain_id) {
        rlp_put_u64(&p, tx->chain_id);
        rlp_put_u64(&p, 0);
        rlp_put_u64(&p, 0);
    }
    wrap(&out, tx, &p);
    rs_b32 h = rs_keccak(out.p, out.len);
    rs_buf_free(&p);
    rs_buf_free(&out);
    return h;
}

/* ---------- signatures ---------- */

static void pubkey_address(const secp256k1_pubkey *pk, rs_addr *out) {
    uint8_t ser[65];
    size_t n = sizeof ser;
    secp256k1_ec_pubkey_serialize(ctx(), ser, &n, pk, SECP256K1_EC_UNCOMPRESSED);
    uint8_t h[32];
    rs_keccak256(ser + 1, 64, h);
    memcpy(out->b, h + 12, 20);
}

bool rs_key_to_address(const uint8_t key[32], rs_addr *out) {
    secp256k1_pubkey pk;
    if (!secp256k1_ec_pubkey_create(ctx(), &pk, key)) return false;
    pubkey_address(&pk, out);
    return true;
}

rs_tx_status rs_tx_recover(rs_tx *tx, uint64_t chain_id, bool allow_unprotected) {
    if (!tx->has_chain_id && !allow_unprotected) return RS_TX_ERR_CHAIN_ID;
    if (tx->has_chain_id && tx->chain_id != chain_id) return RS_TX_ERR_CHAIN_ID;
    if (tx->y_parity > 1) return RS_TX_ERR_V;
    rs_tx_status st = check_rs(tx);
    if (st != RS_TX_OK) return st;
    uint8_t sig[64];
    u256_to_be(tx->r, sig);
    u256_to_be(tx->s, sig + 32);
    secp256k1_ecdsa_recoverable_signature rsig;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx(), &rsig, sig, tx->y_parity)) return RS_TX_ERR_SIG;
    rs_b32 h = rs_tx_signing_hash(tx);
    secp256k1_pubkey pk;
    if (!secp256k1_ecdsa_recover(ctx(), &pk, &rsig, h.b)) return RS_TX_ERR_SIG;
    pubkey_address(&pk, &tx->from);
    return RS_TX_OK;
}

bool rs_tx_sign(rs_tx *tx, const uint8_t key[32]) {
    rs_b32 h = rs_tx_signing_hash(tx);
    secp256k1_ecdsa_recoverable_signature rsig;
    if (!secp256k1_ecdsa_sign_recoverable(ctx(), &rsig, h.b, key, NULL, NULL)) return false;
    uint8_t sig[64];
    int recid;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx(), sig, &recid, &rsig);
    tx->r = u256_from_be(sig);
    tx->s = u256_from_be(sig + 32);
    tx->y_parity = (uint8_t)recid;
    if (!rs_key_to_address(key, &tx->from)) return false;
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(tx, &enc);
    tx->hash = rs_keccak(enc.p, enc.len);
    rs_buf_free(&enc);
    return true;
}
