#include "protocol/beacon_chain.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "protocol/beacon_proofs.h"
#include "restake/abi.h"
#include "restake/accounts.h"
#include "restake/env.h"
#include "restake/keccak.h"
#include "restake/sha256.h"

/* ---- EIP-4788 ---- */

static rs_key root_key(u256 ts) {
    rs_key k = rs_key_ns(NS_BEACON_ROOT);
    rs_key_u256(&k, ts);
    return k;
}

void beacon_set_root(rs_state *st, uint64_t ts, rs_b32 root) {
    rs_key k = root_key(u256_from_u64(ts));
    rs_sstore(st, &k, rs_b32_to_u256(root));
}

bool beacon_get_root(const rs_state *st, u256 ts, rs_b32 *root) {
    if (u256_is_zero(ts)) return false;
    rs_key k = root_key(ts);
    u256 v = rs_sload(st, &k);
    if (u256_is_zero(v)) return false;
    *root = rs_b32_from_u256(v);
    return true;
}

int beacon_roots_module(rs_env *e, rs_addr self, rs_addr sender, u256 value, const uint8_t *cd, size_t len,
                        rs_buf *ret) {
    (void)self;
    if (!u256_is_zero(value)) return rs_revert_empty(e);
    /* the system call that would write a root: accepted, does nothing here */
    if (rs_addr_eq(sender, BEACON_SYSTEM_ADDRESS)) return RS_OK;
    if (len != 32) return rs_revert_empty(e);
    rs_b32 root;
    if (!beacon_get_root(e->st, u256_from_be(cd), &root)) return rs_revert_empty(e);
    rs_buf_put(ret, root.b, 32);
    return RS_OK;
}

/* ---- EIP-4895 ---- */

void beacon_credit_withdrawal(rs_state *st, rs_addr to, uint64_t amount_gwei) {
    u256 wei = u256_mul_wrap(u256_from_u64(amount_gwei), u256_from_u64(1000000000ULL));
    rs_eth_set_balance(st, to, u256_add_wrap(rs_eth_balance(st, to), wei));
}

/* ---- request predeploys ---- */

enum { META_EXCESS = 0, META_COUNT = 1, META_HEAD = 2, META_TAIL = 3 };

static rs_key meta_key(rs_addr predeploy, unsigned field) {
    rs_key k = rs_key_ns(NS_BEACON_REQ_META);
    rs_key_addr(&k, predeploy);
    rs_key_u64(&k, field);
    return k;
}
static u256 meta(const rs_state *st, rs_addr predeploy, unsigned field) {
    rs_key k = meta_key(predeploy, field);
    return rs_sload(st, &k);
}
static void meta_set(rs_state *st, rs_addr predeploy, unsigned field, u256 v) {
    rs_key k = meta_key(predeploy, field);
    rs_sstore(st, &k, v);
}
static rs_key slot_key(uint16_t ns, rs_addr predeploy, u256 slot) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, predeploy);
    rs_key_u256(&k, slot);
    return k;
}

static const char *mock_msg(beacon_req_kind kind, unsigned which) {
    static const char *const m[2][3] = {
        {"EIP_7002_Mock: unknown function", "EIP_7002_Mock: insufficient value for fee",
         "EIP_7002_Mock: excess inhibitor reached"},
        {"EIP_7251_Mock: unknown function", "EIP_7251_Mock: insufficient value for fee",
         "EIP_7251_Mock: excess inhibitor reached"},
    };
    return m[kind][which];
}

/* _fakeExponential(1, excess, 17): false on overflow (the mock panics). */
static bool fake_exponential(u256 numerator, u256 *out) {
    const u256 denominator = u256_from_u64(17);
    u256 i = U256_ONE, output = U256_ZERO, accum = denominator, d, t;
    while (!u256_is_zero(accum)) {
        if (!u256_add(&output, output, accum)) return false;
        if (!u256_mul(&t, accum, numerator) || !u256_mul(&d, denominator, i)) return false;
        if (!u256_div(&accum, t, d)) return false;
        i = u256_add_wrap(i, U256_ONE);
    }
    return u256_div(out, output, denominator);
}

u256 beacon_request_fee(const rs_state *st, rs_addr predeploy) {
    u256 fee;
    if (!fake_exponential(meta(st, predeploy, META_EXCESS), &fee)) return U256_MAX;
    return fee;
}

size_t beacon_request_count(const rs_state *st, rs_addr predeploy) {
    return (size_t)u256_sub_wrap(meta(st, predeploy, META_TAIL), meta(st, predeploy, META_HEAD)).w[0];
}

bool beacon_request_get(const rs_state *st, rs_addr predeploy, beacon_req_kind kind, size_t i, beacon_request *out) {
    if (i >= beacon_request_count(st, predeploy)) return false;
    u256 slot = u256_add_wrap(meta(st, predeploy, META_HEAD), u256_from_u64(i));
    memset(out, 0, sizeof *out);
    rs_key k = slot_key(NS_BEACON_REQ_SOURCE, predeploy, slot);
    out->source = rs_sload_addr(st, &k);
    k = slot_key(NS_BEACON_REQ_A, predeploy, slot);
    rs_sload_bytes(st, &k, out->pubkey, 48);
    k = slot_key(NS_BEACON_REQ_B, predeploy, slot);
    if (kind == BEACON_REQ_WITHDRAWAL) out->amount_gwei = rs_sload_u64(st, &k);
    else rs_sload_bytes(st, &k, out->target, 48);
    return true;
}

static int get_fee(rs_env *e, beacon_req_kind kind, rs_addr self, u256 *fee) {
    u256 excess = meta(e->st, self, META_EXCESS);
    if (u256_eq(excess, U256_MAX)) return rs_revert_string(e, mock_msg(kind, 2));
    if (!fake_exponential(excess, fee)) return rs_panic(e, PANIC_OVERFLOW);
    return RS_OK;
}

static int add_request(rs_env *e, beacon_req_kind kind, rs_addr self, rs_addr sender, u256 value, const uint8_t *cd) {
    u256 fee;
    if (get_fee(e, kind, self, &fee) != RS_OK) return RS_REVERTED;
    if (u256_lt(value, fee)) return rs_revert_string(e, mock_msg(kind, 1));
    u256 v;
    if (!u256_add(&v, meta(e->st, self, META_COUNT), U256_ONE)) return rs_panic(e, PANIC_OVERFLOW);
    meta_set(e->st, self, META_COUNT, v);
    u256 tail = meta(e->st, self, META_TAIL);
    rs_key k = slot_key(NS_BEACON_REQ_SOURCE, self, tail);
    rs_sstore_addr(e->st, &k, sender);
    k = slot_key(NS_BEACON_REQ_A, self, tail);
    rs_sstore_bytes(e->st, &k, cd, 48);
    k = slot_key(NS_BEACON_REQ_B, self, tail);
    if (kind == BEACON_REQ_WITHDRAWAL) {
        uint64_t amount = 0;
        for (int i = 0; i < 8; i++) amount = (amount << 8) | cd[48 + i];
        rs_sstore_u64(e->st, &k, amount);
    } else {
        rs_sstore_bytes(e->st, &k, cd + 48, 48);
    }
    if (!u256_add(&v, tail, U256_ONE)) return rs_panic(e, PANIC_OVERFLOW);
    meta_set(e->st, self, META_TAIL, v);
    return RS_OK;
}

/* abi.encode of the dequeued request structs. */
static void encode_bytes48(rs_buf *tail, const uint8_t *p) {
    rs_buf_word_u64(tail, 48);
    rs_buf_put(tail, p, 48);
    rs_buf_zeros(tail, 16);
}

static void encode_requests(rs_buf *ret, beacon_req_kind kind, const beacon_request *reqs, size_t n) {
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, n);
    size_t elem = 32 * 3 + 96 + (kind == BEACON_REQ_CONSOLIDATION ? 96 : 0);
    for (size_t i = 0; i < n; i++) rs_buf_word_u64(ret, 32 * n + elem * i);
    for (size_t i = 0; i < n; i++) {
        rs_buf_word_addr(ret, reqs[i].source);
        rs_buf_word_u64(ret, 96);
        if (kind == BEACON_REQ_WITHDRAWAL) {
            rs_buf_word_u64(ret, reqs[i].amount_gwei);
            encode_bytes48(ret, reqs[i].pubkey);
        } else {
            rs_buf_word_u64(ret, 96 + 96);
            encode_bytes48(ret, reqs[i].pubkey);
            encode_bytes48(ret, reqs[i].target);
        }
    }
}

size_t beacon_requests_drain(rs_state *st, rs_addr self, beacon_req_kind kind, beacon_request *out, size_t cap) {
    size_t n = beacon_request_count(st, self), got = 0;
    for (size_t i = 0; i < n && got < cap; i++)
        if (beacon_request_get(st, self, kind, i, &out[got])) got++;
    /* the whole queue is drained, so head and tail both return to 0 */
    meta_set(st, self, META_HEAD, U256_ZERO);
    meta_set(st, self, META_TAIL, U256_ZERO);
    u256 prev = meta(st, self, META_EXCESS);
    if (u256_eq(prev, U256_MAX)) prev = U256_ZERO;
    u256 target = u256_from_u64(kind == BEACON_REQ_WITHDRAWAL ? 2 : 1), excess = U256_ZERO;
    u256 sum = u256_add_wrap(prev, meta(st, self, META_COUNT)); /* request counts are tiny */
    if (u256_gt(sum, target)) excess = u256_sub_wrap(sum, target);
    meta_set(st, self, META_EXCESS, excess);
    meta_set(st, self, META_COUNT, U256_ZERO);
    return got;
}

static int read_requests(rs_env *e, beacon_req_kind kind, rs_addr self, rs_buf *ret) {
    size_t n = beacon_request_count(e->st, self);
    beacon_request *reqs = n ? calloc(n, sizeof *reqs) : NULL;
    if (n && !reqs) abort();
    n = beacon_requests_drain(e->st, self, kind, reqs, n);
    encode_requests(ret, kind, reqs, n);
    free(reqs);
    return RS_OK;
}

int beacon_request_module(rs_env *e, beacon_req_kind kind, rs_addr self, rs_addr sender, u256 value,
                          const uint8_t *cd, size_t len, rs_buf *ret) {
    if (rs_addr_eq(sender, BEACON_SYSTEM_ADDRESS)) return read_requests(e, kind, self, ret);
    if (len == 0) {
        u256 fee;
        if (get_fee(e, kind, self, &fee) != RS_OK) return RS_REVERTED;
        rs_buf_word(ret, fee);
        return RS_OK;
    }
    if (len == (kind == BEACON_REQ_WITHDRAWAL ? 56u : 96u)) return add_request(e, kind, self, sender, value, cd);
    return rs_revert_string(e, mock_msg(kind, 0));
}

void beacon_genesis(rs_state *st, const rs_genesis *g) {
    for (size_t i = 0; i < g->nbeacon_roots; i++) beacon_set_root(st, g->beacon_roots[i].timestamp, g->beacon_roots[i].root);
}

/* ---- deposits seen by a beacon chain ---- */

static _Atomic(beacon_deposit_observer) deposit_observer;

void beacon_observe_deposits(beacon_deposit_observer fn) { atomic_store(&deposit_observer, fn); }

void beacon_deposit(rs_state *st, const uint8_t pubkey[48], rs_b32 withdrawal_credentials, uint64_t amount_gwei) {
    beacon_deposit_observer fn = atomic_load(&deposit_observer);
    if (fn) fn(st, pubkey, withdrawal_credentials, amount_gwei);
}
