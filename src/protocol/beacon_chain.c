#include "protocol/beacon_chain.h"

#include <stdlib.h>

#include "protocol/beacon_proofs.h"
#include "restake/abi.h"
#include "restake/contracts.h"
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

/* ==== the offline beacon chain (devnet) ==== */

#define GWEI_PER_ETH 1000000000ULL
#define MIN_ACTIVATION_GWEI (32 * GWEI_PER_ETH)
#define MAX_EFFECTIVE_COMPOUNDING_GWEI (2048 * GWEI_PER_ETH)

enum { SIM_ENABLED = 0, SIM_GENESIS = 1, SIM_VERSION = 2, SIM_NVAL = 3, SIM_LAST_TS = 4, SIM_DIRTY = 5, SIM_EPOCH = 6 };
enum {
    REC_VERSION = 0, REC_PK_LO, REC_PK_HI, REC_CREDS, REC_EFFECTIVE, REC_BALANCE, REC_SLASHED, REC_ACTIVATION,
    REC_EXIT, REC_WITHDRAWABLE
};

static rs_key sim_key(uint64_t field) {
    rs_key k = rs_key_ns(NS_BEACON_SIM);
    rs_key_u64(&k, field);
    return k;
}
static uint64_t sim_get(const rs_state *st, uint64_t field) {
    rs_key k = sim_key(field);
    return rs_sload_u64(st, &k);
}
static void sim_set(rs_state *st, uint64_t field, uint64_t v) {
    rs_key k = sim_key(field);
    rs_sstore_u64(st, &k, v);
}
static rs_key rec_key(uint64_t index, uint64_t rec, uint64_t field) {
    rs_key k = rs_key_ns(NS_BEACON_SIM_VAL);
    rs_key_u64(&k, index);
    rs_key_u64(&k, rec);
    rs_key_u64(&k, field);
    return k;
}
static rs_key rec_count_key(uint64_t index) {
    rs_key k = rs_key_ns(NS_BEACON_SIM_VAL);
    rs_key_u64(&k, index);
    rs_key_u64(&k, UINT64_MAX);
    return k;
}
static uint64_t rec_count(const rs_state *st, uint64_t index) {
    rs_key k = rec_count_key(index);
    return rs_sload_u64(st, &k);
}
static u256 rec_word(const rs_state *st, uint64_t index, uint64_t rec, uint64_t field) {
    rs_key k = rec_key(index, rec, field);
    return rs_sload(st, &k);
}

void beacon_sim_enable(rs_state *st, uint64_t genesis_time) {
    if (sim_get(st, SIM_ENABLED)) return;
    sim_set(st, SIM_ENABLED, 1);
    sim_set(st, SIM_GENESIS, genesis_time);
}

bool beacon_sim_enabled(const rs_state *st) { return sim_get(st, SIM_ENABLED) != 0; }

size_t beacon_sim_validator_count(const rs_state *st) { return (size_t)sim_get(st, SIM_NVAL); }

static void rec_read(const rs_state *st, uint64_t index, uint64_t rec, beacon_validator *v) {
    rs_b32 lo = rs_b32_from_u256(rec_word(st, index, rec, REC_PK_LO));
    rs_b32 hi = rs_b32_from_u256(rec_word(st, index, rec, REC_PK_HI));
    memcpy(v->pubkey, lo.b, 32);
    memcpy(v->pubkey + 32, hi.b, 16);
    v->withdrawal_credentials = rs_b32_from_u256(rec_word(st, index, rec, REC_CREDS));
    v->effective_balance_gwei = rec_word(st, index, rec, REC_EFFECTIVE).w[0];
    v->balance_gwei = rec_word(st, index, rec, REC_BALANCE).w[0];
    v->slashed = rec_word(st, index, rec, REC_SLASHED).w[0] != 0;
    v->activation_epoch = rec_word(st, index, rec, REC_ACTIVATION).w[0];
    v->exit_epoch = rec_word(st, index, rec, REC_EXIT).w[0];
    v->withdrawable_epoch = rec_word(st, index, rec, REC_WITHDRAWABLE).w[0];
}

/* The validator as a given snapshot version saw it: its last record at or below that version. */
static bool validator_at(const rs_state *st, uint64_t index, uint64_t version, beacon_validator *v) {
    for (uint64_t r = rec_count(st, index); r-- > 0;) {
        if (rec_word(st, index, r, REC_VERSION).w[0] <= version) {
            rec_read(st, index, r, v);
            return true;
        }
    }
    return false;
}

bool beacon_sim_validator(const rs_state *st, uint64_t index, beacon_validator *out) {
    if (index >= sim_get(st, SIM_NVAL)) return false;
    return validator_at(st, index, UINT64_MAX, out);
}

/* Writes at the working version (published + 1): the first change of a
 * validator since the last publication appends a record, later ones overwrite it. */
static void validator_put(rs_state *st, uint64_t index, const beacon_validator *v) {
    uint64_t working = sim_get(st, SIM_VERSION) + 1, n = rec_count(st, index), rec = n;
    if (n > 0 && rec_word(st, index, n - 1, REC_VERSION).w[0] == working) rec = n - 1;
    rs_b32 lo = RS_B32_ZERO, hi = RS_B32_ZERO;
    memcpy(lo.b, v->pubkey, 32);
    memcpy(hi.b, v->pubkey + 32, 16);
    const u256 words[] = {
        u256_from_u64(working), rs_b32_to_u256(lo), rs_b32_to_u256(hi), rs_b32_to_u256(v->withdrawal_credentials),
        u256_from_u64(v->effective_balance_gwei), u256_from_u64(v->balance_gwei), u256_from_u64(v->slashed),
        u256_from_u64(v->activation_epoch), u256_from_u64(v->exit_epoch), u256_from_u64(v->withdrawable_epoch),
    };
    for (uint64_t f = 0; f < sizeof words / sizeof words[0]; f++) {
        rs_key k = rec_key(index, rec, f);
        rs_sstore(st, &k, words[f]);
    }
    if (rec == n) {
        rs_key k = rec_count_key(index);
        rs_sstore_u64(st, &k, n + 1);
    }
    sim_set(st, SIM_DIRTY, 1);
}

static rs_key pk_key(const uint8_t pubkey[48]) {
    uint8_t buf[64] = {0};
    memcpy(buf, pubkey, 48);
    rs_b32 h;
    rs_sha256(buf, 64, h.b);
    rs_key k = rs_key_ns(NS_BEACON_SIM_PK);
    rs_key_b32(&k, h);
    return k;
}

bool beacon_sim_index_of(const rs_state *st, const uint8_t pubkey[48], uint64_t *index) {
    rs_key k = pk_key(pubkey);
    uint64_t v = rs_sload_u64(st, &k);
    if (v == 0) return false;
    *index = v - 1;
    return true;
}

static bool has_execution_address(const beacon_validator *v, rs_addr *a) {
    uint8_t p = v->withdrawal_credentials.b[0];
    if (p != 1 && p != 2) return false;
    if (a) memcpy(a->b, v->withdrawal_credentials.b + 12, 20);
    return true;
}

size_t beacon_sim_validators_of(const rs_state *st, rs_addr withdrawal_address, uint64_t *out, size_t cap) {
    size_t n = beacon_sim_validator_count(st), found = 0;
    for (uint64_t i = 0; i < n; i++) {
        beacon_validator v;
        rs_addr a;
        if (!beacon_sim_validator(st, i, &v) || !has_execution_address(&v, &a) || !rs_addr_eq(a, withdrawal_address))
            continue;
        if (found < cap) out[found] = i;
        found++;
    }
    return found;
}

void beacon_sim_deposit(rs_state *st, const uint8_t pubkey[48], rs_b32 withdrawal_credentials, uint64_t amount_gwei) {
    if (!beacon_sim_enabled(st)) return;
    uint64_t index;
    beacon_validator v;
    if (beacon_sim_index_of(st, pubkey, &index)) {
        beacon_sim_validator(st, index, &v);
        v.balance_gwei += amount_gwei;
    } else {
        index = sim_get(st, SIM_NVAL);
        sim_set(st, SIM_NVAL, index + 1);
        rs_key k = pk_key(pubkey);
        rs_sstore_u64(st, &k, index + 1);
        memset(&v, 0, sizeof v);
        memcpy(v.pubkey, pubkey, 48);
        v.withdrawal_credentials = withdrawal_credentials;
        v.balance_gwei = amount_gwei;
        v.activation_epoch = v.exit_epoch = v.withdrawable_epoch = UINT64_MAX;
    }
    validator_put(st, index, &v);
}

static bool sim_update(rs_state *st, uint64_t index, bool (*f)(beacon_validator *, uint64_t, uint64_t), uint64_t arg) {
    beacon_validator v;
    if (!beacon_sim_enabled(st) || !beacon_sim_validator(st, index, &v)) return false;
    if (!f(&v, arg, sim_get(st, SIM_EPOCH))) return false;
    validator_put(st, index, &v);
    return true;
}

static bool is_exiting(const beacon_validator *v) { return v->exit_epoch != UINT64_MAX; }

/* The exit lands at the next block, when the sweep withdraws everything. */
static void start_exit(beacon_validator *v, uint64_t epoch) {
    if (is_exiting(v)) return;
    v->exit_epoch = epoch + 1;
    v->withdrawable_epoch = epoch + 1;
}

static bool do_set_balance(beacon_validator *v, uint64_t gwei, uint64_t epoch) {
    (void)epoch;
    v->balance_gwei = gwei;
    return true;
}
static bool do_slash(beacon_validator *v, uint64_t penalty, uint64_t epoch) {
    v->slashed = true;
    v->balance_gwei = penalty < v->balance_gwei ? v->balance_gwei - penalty : 0;
    start_exit(v, epoch);
    return true;
}
static bool do_exit(beacon_validator *v, uint64_t unused, uint64_t epoch) {
    (void)unused;
    if (v->activation_epoch == UINT64_MAX) return false;
    start_exit(v, epoch);
    return true;
}

bool beacon_sim_set_balance(rs_state *st, uint64_t index, uint64_t gwei) { return sim_update(st, index, do_set_balance, gwei); }
bool beacon_sim_slash(rs_state *st, uint64_t index, uint64_t penalty) { return sim_update(st, index, do_slash, penalty); }
bool beacon_sim_exit(rs_state *st, uint64_t index) { return sim_update(st, index, do_exit, 0); }

/* ---- one block ---- */

static void pay(rs_state *st, const beacon_validator *v, uint64_t gwei) {
    rs_addr to;
    if (gwei && has_execution_address(v, &to)) beacon_credit_withdrawal(st, to, gwei);
}

static bool active_at(const beacon_validator *v, uint64_t epoch) {
    return v->activation_epoch <= epoch && epoch < v->exit_epoch;
}

static bool source_matches(const beacon_validator *v, rs_addr source) {
    rs_addr a;
    return has_execution_address(v, &a) && rs_addr_eq(a, source);
}

static void process_withdrawal_requests(rs_state *st, const rs_params *p, uint64_t epoch) {
    beacon_request reqs[64];
    size_t n = beacon_requests_drain(st, p->withdrawal_request_predeploy, BEACON_REQ_WITHDRAWAL, reqs, 64);
    for (size_t i = 0; i < n; i++) {
        uint64_t idx;
        beacon_validator v;
        if (!beacon_sim_index_of(st, reqs[i].pubkey, &idx) || !beacon_sim_validator(st, idx, &v)) continue;
        if (!source_matches(&v, reqs[i].source) || !active_at(&v, epoch) || is_exiting(&v)) continue;
        if (reqs[i].amount_gwei == 0) {
            start_exit(&v, epoch);
        } else {
            /* partial withdrawals: compounding validators, above the activation minimum */
            if (v.withdrawal_credentials.b[0] != 2 || v.balance_gwei <= MIN_ACTIVATION_GWEI) continue;
            uint64_t excess = v.balance_gwei - MIN_ACTIVATION_GWEI;
            uint64_t amount = reqs[i].amount_gwei < excess ? reqs[i].amount_gwei : excess;
            v.balance_gwei -= amount;
            pay(st, &v, amount);
        }
        validator_put(st, idx, &v);
    }
}

static void process_consolidation_requests(rs_state *st, const rs_params *p, uint64_t epoch) {
    beacon_request reqs[64];
    size_t n = beacon_requests_drain(st, p->consolidation_request_predeploy, BEACON_REQ_CONSOLIDATION, reqs, 64);
    for (size_t i = 0; i < n; i++) {
        uint64_t si, ti;
        beacon_validator src, dst;
        if (!beacon_sim_index_of(st, reqs[i].pubkey, &si) || !beacon_sim_index_of(st, reqs[i].target, &ti)) continue;
        beacon_sim_validator(st, si, &src);
        beacon_sim_validator(st, ti, &dst);
        if (!source_matches(&src, reqs[i].source) || !active_at(&src, epoch) || is_exiting(&src)) continue;
        if (si == ti) {
            /* a switch to compounding credentials */
            if (src.withdrawal_credentials.b[0] != 1) continue;
            src.withdrawal_credentials.b[0] = 2;
            validator_put(st, si, &src);
            continue;
        }
        rs_addr a, b;
        if (dst.withdrawal_credentials.b[0] != 2 || !active_at(&dst, epoch) || is_exiting(&dst)) continue;
        if (!has_execution_address(&src, &a) || !has_execution_address(&dst, &b) || !rs_addr_eq(a, b)) continue;
        dst.balance_gwei += src.balance_gwei;
        src.balance_gwei = 0;
        start_exit(&src, epoch);
        validator_put(st, ti, &dst);
        validator_put(st, si, &src);
    }
}

static bool validator_eq(const beacon_validator *a, const beacon_validator *b) {
    return memcmp(a->pubkey, b->pubkey, 48) == 0 && rs_b32_eq(a->withdrawal_credentials, b->withdrawal_credentials) &&
           a->effective_balance_gwei == b->effective_balance_gwei && a->balance_gwei == b->balance_gwei &&
           a->slashed == b->slashed && a->activation_epoch == b->activation_epoch && a->exit_epoch == b->exit_epoch &&
           a->withdrawable_epoch == b->withdrawable_epoch;
}

/* Withdrawals of exited validators' balances and of excess above the cap, then
 * effective balances and activations. */
static void process_validators(rs_state *st, uint64_t epoch) {
    size_t n = beacon_sim_validator_count(st);
    for (uint64_t i = 0; i < n; i++) {
        beacon_validator v, before;
        beacon_sim_validator(st, i, &v);
        before = v;
        uint64_t cap = v.withdrawal_credentials.b[0] == 2 ? MAX_EFFECTIVE_COMPOUNDING_GWEI : MIN_ACTIVATION_GWEI;
        if (is_exiting(&v) && v.withdrawable_epoch <= epoch) {
            pay(st, &v, v.balance_gwei);
            v.balance_gwei = 0;
        } else if (active_at(&v, epoch) && v.balance_gwei > cap && has_execution_address(&v, NULL)) {
            pay(st, &v, v.balance_gwei - cap);
            v.balance_gwei = cap;
        }
        uint64_t eff = v.balance_gwei / GWEI_PER_ETH * GWEI_PER_ETH;
        v.effective_balance_gwei = eff < cap ? eff : cap;
        if (v.activation_epoch == UINT64_MAX && v.effective_balance_gwei >= MIN_ACTIVATION_GWEI)
            v.activation_epoch = epoch;
        if (!validator_eq(&v, &before)) validator_put(st, i, &v);
    }
}

static void fields_of(const beacon_validator *v, rs_b32 out[8]) {
    bp_validator bv = {v->pubkey, v->withdrawal_credentials, v->effective_balance_gwei, v->slashed,
                       v->activation_epoch, v->activation_epoch, v->exit_epoch, v->withdrawable_epoch};
    bp_validator_fields(&bv, out);
}

/* The beacon state a snapshot version describes, in the block of timestamp ts. */
static bool build_state(const rs_state *st, uint64_t version, uint64_t ts, bp_state *out) {
    rs_key k = rs_key_ns(NS_BEACON_SIM_COUNT);
    rs_key_u64(&k, version);
    size_t n = (size_t)rs_sload_u64(st, &k);
    rs_b32 (*fields)[8] = calloc(n ? n : 1, sizeof *fields);
    uint64_t *bal = calloc(n ? n : 1, sizeof *bal);
    if (!fields || !bal) abort();
    for (uint64_t i = 0; i < n; i++) {
        beacon_validator v;
        validator_at(st, i, version, &v);
        fields_of(&v, fields[i]);
        bal[i] = v.balance_gwei;
    }
    uint64_t genesis = sim_get(st, SIM_GENESIS);
    uint64_t slot = ts > genesis ? (ts - genesis) / 12 : 0;
    /* the parent beacon block of the EL block at ts */
    bp_state_input in = {BP_PECTRA, slot ? slot - 1 : 0, 0, RS_B32_ZERO, RS_B32_ZERO,
                         (const rs_b32(*)[8])fields, bal, n, RS_B32_ZERO};
    bool ok = bp_state_build(out, &in);
    free(fields);
    free(bal);
    return ok;
}

void beacon_sim_on_block(rs_state *st, const rs_params *p, uint64_t ts) {
    if (!beacon_sim_enabled(st) || ts <= sim_get(st, SIM_LAST_TS)) return;
    sim_set(st, SIM_LAST_TS, ts);
    uint64_t epoch = sim_get(st, SIM_EPOCH) + 1;
    sim_set(st, SIM_EPOCH, epoch);
    process_withdrawal_requests(st, p, epoch);
    process_consolidation_requests(st, p, epoch);
    process_validators(st, epoch);
    uint64_t version = sim_get(st, SIM_VERSION);
    if (sim_get(st, SIM_DIRTY)) {
        version++;
        sim_set(st, SIM_VERSION, version);
        sim_set(st, SIM_DIRTY, 0);
        rs_key k = rs_key_ns(NS_BEACON_SIM_COUNT);
        rs_key_u64(&k, version);
        rs_sstore_u64(st, &k, sim_get(st, SIM_NVAL));
    }
    bp_state s;
    if (!build_state(st, version, ts, &s)) abort();
    beacon_set_root(st, ts, s.block_root);
    bp_state_free(&s);
    rs_key k = rs_key_ns(NS_BEACON_SIM_TS);
    rs_key_u64(&k, ts);
    rs_sstore_u64(st, &k, version + 1);
}

/* ---- proofs as calldata ---- */

static bool state_at(const rs_state *st, uint64_t ts, bp_state *out) {
    rs_key k = rs_key_ns(NS_BEACON_SIM_TS);
    rs_key_u64(&k, ts);
    uint64_t v = rs_sload_u64(st, &k);
    return v != 0 && build_state(st, v - 1, ts, out);
}

static void put_selector(rs_buf *cd, const char *sig) {
    uint32_t s = rs_selector_of(sig);
    uint8_t b[4] = {(uint8_t)(s >> 24), (uint8_t)(s >> 16), (uint8_t)(s >> 8), (uint8_t)s};
    rs_buf_put(cd, b, 4);
}

/* selector ‖ abi.encode(args) for a signature whose parameter tuple is args. */
static void encode_call(rs_buf *cd, rs_arena *a, const char *sig, const abi_val *args) {
    const abi_type *t;
    if (abi_signature_params(a, sig, &t) != ABI_OK) abort();
    rs_buf_reset(cd);
    put_selector(cd, sig);
    abi_encode(cd, t, args);
}

static abi_val b32_val(rs_b32 x) { return abi_v_word(ABI_BYTESN, rs_b32_to_u256(x)); }

static abi_val state_root_proof_val(rs_arena *a, const bp_state *s) {
    uint8_t *proof = rs_arena_alloc(a, 96);
    if (!proof) abort();
    bp_prove_state_root(s, proof);
    abi_val t = abi_v_list(a, ABI_TUPLE, 2);
    t.items[0] = b32_val(s->state_root);
    t.items[1] = abi_v_bytes(ABI_BYTES, proof, 96);
    return t;
}

static bool validator_proof_vals(rs_arena *a, const rs_state *st, const bp_state *s, uint64_t ts, uint64_t index,
                                 abi_val *proof, abi_val *fields) {
    if (index >= s->nvalidators) return false;
    rs_key k = rs_key_ns(NS_BEACON_SIM_TS);
    rs_key_u64(&k, ts);
    beacon_validator v;
    if (!validator_at(st, index, rs_sload_u64(st, &k) - 1, &v)) return false;
    size_t len = 32 * (BP_VALIDATOR_TREE_HEIGHT + 1 + bp_state_tree_height(s->version));
    uint8_t *p = rs_arena_alloc(a, len);
    if (!p) abort();
    bp_prove_validator(s, index, p);
    *proof = abi_v_bytes(ABI_BYTES, p, len);
    rs_b32 f[8];
    fields_of(&v, f);
    *fields = abi_v_list(a, ABI_ARRAY, 8);
    for (int i = 0; i < 8; i++) fields->items[i] = b32_val(f[i]);
    return true;
}

bool beacon_sim_credentials_calldata(const rs_state *st, uint64_t ts, const uint64_t *indices, size_t n, rs_buf *cd) {
    bp_state s;
    if (!state_at(st, ts, &s)) return false;
    rs_arena a;
    rs_arena_init(&a, 0);
    abi_val args = abi_v_list(&a, ABI_TUPLE, 5);
    args.items[0] = abi_v_word(ABI_UINT, u256_from_u64(ts));
    args.items[1] = state_root_proof_val(&a, &s);
    args.items[2] = abi_v_list(&a, ABI_ARRAY, n);
    args.items[3] = abi_v_list(&a, ABI_ARRAY, n);
    args.items[4] = abi_v_list(&a, ABI_ARRAY, n);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        args.items[2].items[i] = abi_v_word(ABI_UINT, u256_from_u64(indices[i]));
        ok = validator_proof_vals(&a, st, &s, ts, indices[i], &args.items[3].items[i], &args.items[4].items[i]);
    }
    if (ok) encode_call(cd, &a, "verifyWithdrawalCredentials(uint64,(bytes32,bytes),uint40[],bytes[],bytes32[][])", &args);
    rs_arena_free(&a);
    bp_state_free(&s);
    return ok;
}

bool beacon_sim_stale_balance_calldata(const rs_state *st, uint64_t ts, uint64_t index, rs_buf *cd) {
    bp_state s;
    if (!state_at(st, ts, &s)) return false;
    rs_arena a;
    rs_arena_init(&a, 0);
    abi_val args = abi_v_list(&a, ABI_TUPLE, 3);
    args.items[0] = abi_v_word(ABI_UINT, u256_from_u64(ts));
    args.items[1] = state_root_proof_val(&a, &s);
    args.items[2] = abi_v_list(&a, ABI_TUPLE, 2);
    bool ok = validator_proof_vals(&a, st, &s, ts, index, &args.items[2].items[1], &args.items[2].items[0]);
    if (ok) encode_call(cd, &a, "verifyStaleBalance(uint64,(bytes32,bytes),(bytes32[],bytes))", &args);
    rs_arena_free(&a);
    bp_state_free(&s);
    return ok;
}

bool beacon_sim_checkpoint_calldata(const rs_state *st, uint64_t ts, const uint64_t *indices, size_t n, rs_buf *cd) {
    bp_state s;
    if (!state_at(st, ts, &s)) return false;
    rs_arena a;
    rs_arena_init(&a, 0);
    rs_key k = rs_key_ns(NS_BEACON_SIM_TS);
    rs_key_u64(&k, ts);
    uint64_t version = rs_sload_u64(st, &k) - 1;
    abi_val args = abi_v_list(&a, ABI_TUPLE, 2);
    size_t clen = 32 * (BP_BLOCK_HEADER_TREE_HEIGHT + bp_state_tree_height(s.version));
    uint8_t *cp = rs_arena_alloc(&a, clen);
    if (!cp) abort();
    bp_prove_balance_container(&s, cp);
    args.items[0] = abi_v_list(&a, ABI_TUPLE, 2);
    args.items[0].items[0] = b32_val(s.balances_root);
    args.items[0].items[1] = abi_v_bytes(ABI_BYTES, cp, clen);
    args.items[1] = abi_v_list(&a, ABI_ARRAY, n);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        beacon_validator v;
        ok = indices[i] < s.nvalidators && validator_at(st, indices[i], version, &v);
        if (!ok) break;
        uint8_t *p = rs_arena_alloc(&a, 39 * 32);
        if (!p) abort();
        rs_b32 chunk;
        bp_prove_balance(&s, indices[i], &chunk, p);
        abi_val *t = &args.items[1].items[i];
        *t = abi_v_list(&a, ABI_TUPLE, 3);
        t->items[0] = b32_val(bp_pubkey_hash(v.pubkey));
        t->items[1] = b32_val(chunk);
        t->items[2] = abi_v_bytes(ABI_BYTES, p, 39 * 32);
    }
    if (ok) encode_call(cd, &a, "verifyCheckpointProofs((bytes32,bytes),(bytes32,bytes32,bytes)[])", &args);
    rs_arena_free(&a);
    bp_state_free(&s);
    return ok;
}
