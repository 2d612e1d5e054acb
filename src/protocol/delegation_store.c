/* DelegationManager storage: keys, deposit scaling factors, the queued
 * Withdrawal structs and their ABI encoding / root. */
#include <stdlib.h>

#include "protocol/delegation_internal.h"
#include "protocol/enumset.h"
#include "restake/buf.h"
#include "restake/genesis.h"
#include "restake/keccak.h"

/* Field tags under NS_DM_WITHDRAWAL ‖ root. Array elements carry their index
 * in the low 32 bits so the two arrays never share a key. */
enum { WF_STAKER = 0, WF_DELEGATED_TO, WF_WITHDRAWER, WF_NONCE, WF_START_BLOCK, WF_LEN };
#define WF_STRATEGY(i) ((1ULL << 32) | (uint64_t)(i))
#define WF_SCALED(i) ((2ULL << 32) | (uint64_t)(i))

rs_key dmk_addr(uint16_t ns, rs_addr a) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, a);
    return k;
}

rs_key dmk_addr2(uint16_t ns, rs_addr a, rs_addr b) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, a);
    rs_key_addr(&k, b);
    return k;
}

rs_key dmk_roots(rs_addr staker) { return dmk_addr(NS_DM_ROOTS, staker); }

static rs_key wkey(rs_b32 root, uint64_t field) {
    rs_key k = rs_key_ns(NS_DM_WITHDRAWAL);
    rs_key_b32(&k, root);
    rs_key_u64(&k, field);
    return k;
}

u256 dm_dsf_raw(rs_env *e, rs_addr staker, rs_addr strategy) {
    rs_key k = dmk_addr2(NS_DM_DSF, staker, strategy);
    return rs_sload(e->st, &k);
}

void dm_dsf_store(rs_env *e, rs_addr staker, rs_addr strategy, u256 v) {
    rs_key k = dmk_addr2(NS_DM_DSF, staker, strategy);
    rs_sstore(e->st, &k, v);
}

void dm_withdrawal_free(dm_withdrawal *w) {
    free(w->strategies);
    free(w->scaled_shares);
    w->strategies = NULL;
    w->scaled_shares = NULL;
    w->n = 0;
}

void dm_withdrawal_store(rs_env *e, rs_b32 root, const dm_withdrawal *w) {
    rs_key k;
    k = wkey(root, WF_STAKER), rs_sstore_addr(e->st, &k, w->staker);
    k = wkey(root, WF_DELEGATED_TO), rs_sstore_addr(e->st, &k, w->delegated_to);
    k = wkey(root, WF_WITHDRAWER), rs_sstore_addr(e->st, &k, w->withdrawer);
    k = wkey(root, WF_NONCE), rs_sstore(e->st, &k, w->nonce);
    k = wkey(root, WF_START_BLOCK), rs_sstore_u64(e->st, &k, w->start_block);
    k = wkey(root, WF_LEN), rs_sstore_u64(e->st, &k, w->n);
    for (size_t i = 0; i < w->n; i++) {
        k = wkey(root, WF_STRATEGY(i)), rs_sstore_addr(e->st, &k, w->strategies[i]);
        k = wkey(root, WF_SCALED(i)), rs_sstore(e->st, &k, w->scaled_shares[i]);
    }
}

void dm_withdrawal_load(const rs_state *st, rs_b32 root, dm_withdrawal *out) {
    rs_key k;
    memset(out, 0, sizeof *out);
    k = wkey(root, WF_STAKER), out->staker = rs_sload_addr(st, &k);
    k = wkey(root, WF_DELEGATED_TO), out->delegated_to = rs_sload_addr(st, &k);
    k = wkey(root, WF_WITHDRAWER), out->withdrawer = rs_sload_addr(st, &k);
    k = wkey(root, WF_NONCE), out->nonce = rs_sload(st, &k);
    k = wkey(root, WF_START_BLOCK), out->start_block = (uint32_t)rs_sload_u64(st, &k);
    k = wkey(root, WF_LEN);
    size_t n = (size_t)rs_sload_u64(st, &k);
    if (n == 0) return;
    out->strategies = calloc(n, sizeof *out->strategies);
    out->scaled_shares = calloc(n, sizeof *out->scaled_shares);
    if (!out->strategies || !out->scaled_shares) abort();
    out->n = n;
    for (size_t i = 0; i < n; i++) {
        k = wkey(root, WF_STRATEGY(i)), out->strategies[i] = rs_sload_addr(st, &k);
        k = wkey(root, WF_SCALED(i)), out->scaled_shares[i] = rs_sload(st, &k);
    }
}

void dm_withdrawal_delete(rs_env *e, rs_b32 root) {
    rs_key k = wkey(root, WF_LEN);
    size_t n = (size_t)rs_sload_u64(e->st, &k);
    for (uint64_t f = WF_STAKER; f <= WF_LEN; f++) {
        k = wkey(root, f);
        rs_sstore(e->st, &k, U256_ZERO);
    }
    for (size_t i = 0; i < n; i++) {
        k = wkey(root, WF_STRATEGY(i)), rs_sstore(e->st, &k, U256_ZERO);
        k = wkey(root, WF_SCALED(i)), rs_sstore(e->st, &k, U256_ZERO);
    }
}

static uint8_t *put_word(uint8_t *p, u256 v) {
    u256_to_be(v, p);
    return p + 32;
}

static uint8_t *put_addr(uint8_t *p, rs_addr a) {
    memset(p, 0, 12);
    memcpy(p + 12, a.b, 20);
    return p + 32;
}

size_t dm_withdrawal_encoded_size(const dm_withdrawal *w) { return 32 * 9 + 64 * w->n; }

/* Written straight into memory of the right size: roots are hashed on every
 * queue and completion, and word-by-word buffer appends showed in profiles. */
void dm_withdrawal_encode_into(uint8_t *out, const dm_withdrawal *w) {
    uint8_t *p = out;
    p = put_addr(p, w->staker);
    p = put_addr(p, w->delegated_to);
    p = put_addr(p, w->withdrawer);
    p = put_word(p, w->nonce);
    p = put_word(p, u256_from_u64(w->start_block));
    p = put_word(p, u256_from_u64(7 * 32));
    p = put_word(p, u256_from_u64(7 * 32 + 32 + 32 * (uint64_t)w->n));
    p = put_word(p, u256_from_u64(w->n));
    for (size_t i = 0; i < w->n; i++) p = put_addr(p, w->strategies[i]);
    p = put_word(p, u256_from_u64(w->n));
    for (size_t i = 0; i < w->n; i++) p = put_word(p, w->scaled_shares[i]);
}

void dm_withdrawal_encode(rs_buf *b, const dm_withdrawal *w) {
    size_t at = b->len;
    rs_buf_zeros(b, dm_withdrawal_encoded_size(w));
    dm_withdrawal_encode_into(b->p + at, w);
}

rs_b32 dm_withdrawal_root(const dm_withdrawal *w) {
    /* abi.encode of one dynamic tuple: its offset (32), then the tuple */
    size_t n = 32 + dm_withdrawal_encoded_size(w);
    uint8_t small[32 + 32 * 9 + 64 * 8];
    uint8_t *buf = n <= sizeof small ? small : malloc(n);
    if (!buf) abort();
    memset(buf, 0, 32);
    buf[31] = 32;
    dm_withdrawal_encode_into(buf + 32, w);
    rs_b32 h = rs_keccak(buf, n);
    if (buf != small) free(buf);
    return h;
}

/* Nothing of the DelegationManager is configured at genesis: its pause
 * bitmap belongs to the pausing module and every mapping starts empty. */
void dm_genesis(rs_state *st, const rs_genesis *g) {
    (void)st;
    (void)g;
}
