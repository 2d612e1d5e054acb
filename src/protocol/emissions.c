/* EmissionsController: state, epochs, views, the council's distributions
 * and the owner's calls. pressButton and sweep are in emissions_press.c. */
#include "protocol/emissions.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/allocation.h"
#include "protocol/emissions_internal.h"
#include "protocol/pausing.h"
#include "restake/accounts.h"
#include "restake/limits.h"

/* ---- the Distribution type ---- */

static rs_arena type_arena;
static const abi_type *dist_type;
static pthread_once_t dist_once = PTHREAD_ONCE_INIT;

static void dist_type_make(void) {
    rs_arena_init(&type_arena, 0);
    static const char t[] = EC_DISTRIBUTION_T;
    if (abi_type_parse(&type_arena, t, sizeof t - 1, &dist_type) != ABI_OK) abort();
}

const abi_type *ec_distribution_type_t(void) {
    pthread_once(&dist_once, dist_type_make);
    return dist_type;
}

/* ---- keys and plain state ---- */

static rs_key key0(uint16_t ns) { return rs_key_ns(ns); }

static rs_key epoch_key(uint16_t ns, u256 epoch) {
    rs_key k = rs_key_ns(ns);
    rs_key_u256(&k, epoch);
    return k;
}

static rs_key dist_key(uint64_t id) {
    rs_key k = rs_key_ns(NS_EC_DISTRIBUTION);
    rs_key_u64(&k, id);
    return k;
}

rs_addr ec_owner(rs_env *e) {
    rs_key k = key0(NS_EC_OWNER);
    return rs_sload_addr(e->st, &k);
}

rs_addr ec_incentive_council(rs_env *e) {
    rs_key k = key0(NS_EC_COUNCIL);
    return rs_sload_addr(e->st, &k);
}

uint16_t ec_total_weight(rs_env *e) {
    rs_key k = key0(NS_EC_TOTAL_WEIGHT);
    return (uint16_t)rs_sload_u64(e->st, &k);
}

static void set_total_weight(rs_env *e, uint16_t w) {
    rs_key k = key0(NS_EC_TOTAL_WEIGHT);
    rs_sstore_u64(e->st, &k, w);
}

uint64_t ec_distribution_count(rs_env *e) {
    rs_key k = key0(NS_EC_COUNT);
    return rs_sload_u64(e->st, &k);
}

bool ec_epoch_minted(rs_env *e, u256 epoch) {
    rs_key k = epoch_key(NS_EC_MINTED, epoch);
    return rs_sload_bool(e->st, &k);
}

void ec_set_epoch_minted(rs_env *e, u256 epoch) {
    rs_key k = epoch_key(NS_EC_MINTED, epoch);
    rs_sstore_bool(e->st, &k, true);
}

uint64_t ec_epoch_processed(rs_env *e, u256 epoch) {
    rs_key k = epoch_key(NS_EC_PROCESSED, epoch);
    return rs_sload_u64(e->st, &k);
}

void ec_set_epoch_processed(rs_env *e, u256 epoch, uint64_t n) {
    rs_key k = epoch_key(NS_EC_PROCESSED, epoch);
    rs_sstore_u64(e->st, &k, n);
}

uint64_t ec_epoch_added(rs_env *e, u256 epoch) {
    rs_key k = epoch_key(NS_EC_ADDED, epoch);
    return rs_sload_u64(e->st, &k);
}

/* ---- epochs ---- */

u256 ec_current_epoch(rs_env *e) {
    const rs_params *p = e->p;
    u256 now = u256_from_u64(e->timestamp);
    if (u256_lt(now, p->emissions_start_time)) return U256_MAX;
    u256 q;
    rs_cannot_fail(u256_div(&q, u256_sub_wrap(now, p->emissions_start_time), p->emissions_epoch_length));
    return q;
}

uint64_t ec_total_processable(rs_env *e) {
    u256 epoch = ec_current_epoch(e);
    uint64_t n = ec_distribution_count(e);
    if (u256_eq(epoch, U256_MAX)) return n;
    uint64_t added = ec_epoch_added(e, epoch);
    assert(added <= n);
    return n - added;
}

bool ec_button_pressable_at(rs_env *e, u256 epoch) {
    if (u256_eq(epoch, U256_MAX)) return false;
    return ec_epoch_processed(e, epoch) < ec_total_processable(e);
}

bool ec_is_button_pressable(rs_env *e) { return ec_button_pressable_at(e, ec_current_epoch(e)); }

/* START + LENGTH * epoch, checked as Solidity does. */
int ec_epoch_start(rs_env *e, u256 epoch, u256 *out) {
    u256 prod;
    if (!u256_mul(&prod, e->p->emissions_epoch_length, epoch) || !u256_add(out, e->p->emissions_start_time, prod))
        return rs_panic(e, PANIC_OVERFLOW);
    return RS_OK;
}

int ec_next_time_pressable(rs_env *e, u256 *out) {
    u256 epoch = ec_current_epoch(e);
    if (u256_eq(epoch, U256_MAX)) {
        *out = e->p->emissions_start_time;
        return RS_OK;
    }
    return ec_epoch_start(e, u256_add_wrap(epoch, U256_ONE), out);
}

int ec_last_time_pressable(rs_env *e, u256 *out) {
    u256 epoch = ec_current_epoch(e);
    if (u256_eq(epoch, U256_MAX)) {
        *out = U256_MAX;
        return RS_OK;
    }
    return ec_epoch_start(e, epoch, out);
}

/* ---- stored distributions ---- */

size_t ec_distribution_load(rs_env *e, uint64_t id, rs_buf *out) {
    rs_key k = dist_key(id);
    size_t n = rs_sload_bytes(e->st, &k, NULL, 0);
    size_t at = out->len;
    rs_buf_zeros(out, n);
    size_t got = rs_sload_bytes(e->st, &k, out->p + at, n);
    assert(got == n);
    (void)got;
    return n;
}

int ec_distribution_decode(rs_env *e, uint64_t id, rs_arena *a, abi_val *d) {
    rs_buf b;
    rs_buf_init(&b);
    ec_distribution_load(e, id, &b);
    uint8_t *copy = rs_arena_alloc(a, b.len ? b.len : 1);
    memcpy(copy, b.p, b.len);
    abi_error err;
    abi_status st = abi_decode(a, ec_distribution_type_t(), copy, b.len, d, &err);
    rs_buf_free(&b);
    assert(st == ABI_OK); /* what was stored was encoded from a decoded value */
    return st == ABI_OK ? RS_OK : rs_revert_empty(e);
}

static int store_distribution(rs_env *e, uint64_t id, const abi_val *d) {
    rs_buf b;
    rs_buf_init(&b);
    abi_encode(&b, ec_distribution_type_t(), d);
    int rc = RS_OK;
    if (b.len > RS_EC_DISTRIBUTION_BYTES_MAX) rc = rs_revert_empty(e);
    else {
        rs_key k = dist_key(id);
        rs_sstore_bytes(e->st, &k, b.p, b.len);
    }
    rs_buf_free(&b);
    return rc;
}

int ec_distribution_encoding(rs_env *e, u256 id, rs_buf *out) {
    uint64_t i;
    if (!u256_to_u64(&i, id) || i >= ec_distribution_count(e)) return rs_panic(e, PANIC_ARRAY_INDEX);
    ec_distribution_load(e, i, out);
    return RS_OK;
}

int ec_distributions_encoding(rs_env *e, u256 start, u256 n, rs_buf *out) {
    u256 end, count = u256_from_u64(ec_distribution_count(e));
    if (!u256_add(&end, start, n)) return rs_panic(e, PANIC_OVERFLOW);
    if (u256_gt(end, count)) {
        if (u256_gt(start, count)) return rs_panic(e, PANIC_OVERFLOW);
        n = u256_sub_wrap(count, start);
    }
    uint64_t first = start.w[0], len = n.w[0]; /* both ≤ count now */
    rs_buf_word_u64(out, 32);
    rs_buf_word_u64(out, len);
    size_t heads = out->len;
    for (uint64_t i = 0; i < len; i++) rs_buf_word_u64(out, 0); /* offsets, filled below */
    size_t base = heads;
    for (uint64_t i = 0; i < len; i++) {
        rs_buf_set_word(out, heads + 32 * i, u256_from_u64(out->len - base));
        ec_distribution_load(e, first + i, out);
    }
    return RS_OK;
}

/* ---- events ---- */

/* DistributionAdded / DistributionUpdated (id, epoch indexed; the tuple). */
static void emit_distribution(rs_env *e, const char *sig, uint64_t id, u256 epoch, const abi_val *d) {
    rs_b32 topics[2] = {rs_topic_u256(u256_from_u64(id)), rs_topic_u256(epoch)};
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_word_u64(&b, 32);
    abi_encode(&b, ec_distribution_type_t(), d);
    rs_emit(e, e->p->emissions_controller, sig, 2, topics, b.p, b.len);
    rs_buf_free(&b);
}

/* ---- the council's checks (the reference's order) ---- */

static int only_council(rs_env *e, rs_addr msg_sender) {
    if (!rs_addr_eq(msg_sender, ec_incentive_council(e))) return rs_revert(e, "CallerIsNotIncentiveCouncil()");
    return RS_OK;
}

/* The enum check Solidity makes on first reading distributionType. */
static int read_type(rs_env *e, const abi_val *d, ec_distribution_type *t) {
    uint64_t v = abi_u64(&d->items[3]);
    if (v > EC_MANUAL) return rs_revert_empty(e);
    *t = (ec_distribution_type)v;
    return RS_OK;
}

static int check_all_processed(rs_env *e, u256 epoch) {
    if (ec_button_pressable_at(e, epoch)) return rs_revert(e, "AllDistributionsMustBeProcessed()");
    return RS_OK;
}

static int check_distribution(rs_env *e, const abi_val *d, u256 epoch, u256 weight_before) {
    ec_distribution_type t = EC_DISABLED;
    if (read_type(e, d, &t) != RS_OK) return RS_REVERTED;
    if (t == EC_OPERATOR_SET_TOTAL_STAKE || t == EC_OPERATOR_SET_UNIQUE_STAKE) {
        const abi_val *set = &d->items[4];
        am_opset s = {abi_addr(&set->items[0]), (uint32_t)abi_u64(&set->items[1])};
        if (!am_is_operator_set(e, s)) return rs_revert(e, "OperatorSetNotRegistered()");
    }
    if (!u256_eq(epoch, U256_MAX) && !u256_gt(d->items[1].word, epoch))
        return rs_revert(e, "StartEpochMustBeInTheFuture()");
    u256 total = u256_add_wrap(d->items[0].word, weight_before); /* uint64 + a uint16 sum: no overflow */
    if (u256_gt(total, e->p->emissions_max_total_weight)) return rs_revert(e, "TotalWeightExceedsMax()");
    if (t != EC_MANUAL && d->items[5].n == 0) return rs_revert(e, "RewardsSubmissionsCannotBeEmpty()");
    return RS_OK;
}

int ec_add_distribution(rs_env *e, rs_addr msg_sender, const abi_val *d, u256 *id) {
    assert(d->kind == ABI_TUPLE && d->n == 6);
    if (only_council(e, msg_sender) != RS_OK) return RS_REVERTED;
    u256 epoch = ec_current_epoch(e);
    ec_distribution_type t = EC_DISABLED;
    if (read_type(e, d, &t) != RS_OK) return RS_REVERTED;
    if (t == EC_DISABLED) return rs_revert(e, "CannotAddDisabledDistribution()");
    if (check_all_processed(e, epoch) != RS_OK) return RS_REVERTED;
    uint16_t before = ec_total_weight(e);
    if (check_distribution(e, d, epoch, u256_from_u64(before)) != RS_OK) return RS_REVERTED;
    uint64_t n = ec_distribution_count(e);
    if (n >= RS_EC_DISTRIBUTIONS_MAX) return rs_revert_empty(e);
    rs_key ak = epoch_key(NS_EC_ADDED, epoch);
    rs_sstore_u64(e->st, &ak, rs_sload_u64(e->st, &ak) + 1);
    set_total_weight(e, (uint16_t)(before + abi_u64(&d->items[0])));
    if (store_distribution(e, n, d) != RS_OK) return RS_REVERTED;
    rs_key ck = key0(NS_EC_COUNT);
    rs_sstore_u64(e->st, &ck, n + 1);
    emit_distribution(e,
                      "DistributionAdded(uint256,uint256,(uint64,uint64,uint64,uint8,(address,uint32),(address,uint96)[][]))",
                      n, epoch, d);
    *id = u256_from_u64(n);
    return RS_OK;
}

int ec_update_distribution(rs_env *e, rs_addr msg_sender, u256 id, const abi_val *d) {
    assert(d->kind == ABI_TUPLE && d->n == 6);
    if (only_council(e, msg_sender) != RS_OK) return RS_REVERTED;
    u256 epoch = ec_current_epoch(e);
    uint16_t before = ec_total_weight(e);
    uint64_t i;
    if (!u256_to_u64(&i, id) || i >= ec_distribution_count(e)) return rs_panic(e, PANIC_ARRAY_INDEX);
    rs_arena a;
    rs_arena_init(&a, 0);
    abi_val old;
    int rc = ec_distribution_decode(e, i, &a, &old);
    uint64_t old_weight = rc == RS_OK ? abi_u64(&old.items[0]) : 0;
    rs_arena_free(&a);
    if (rc != RS_OK) return RS_REVERTED;
    assert(old_weight <= before);
    if (check_all_processed(e, epoch) != RS_OK) return RS_REVERTED;
    if (check_distribution(e, d, epoch, u256_from_u64(before - old_weight)) != RS_OK) return RS_REVERTED;
    set_total_weight(e, (uint16_t)(before - old_weight + abi_u64(&d->items[0])));
    if (store_distribution(e, i, d) != RS_OK) return RS_REVERTED;
    emit_distribution(
        e, "DistributionUpdated(uint256,uint256,(uint64,uint64,uint64,uint8,(address,uint32),(address,uint96)[][]))", i,
        epoch, d);
    return RS_OK;
}

/* ---- the owner ---- */

static int only_owner(rs_env *e, rs_addr msg_sender) {
    if (!rs_addr_eq(ec_owner(e), msg_sender)) return rs_revert_string(e, "Ownable: caller is not the owner");
    return RS_OK;
}

static void set_council(rs_env *e, rs_addr council) {
    rs_key k = key0(NS_EC_COUNCIL);
    rs_sstore_addr(e->st, &k, council);
    rs_b32 topic = rs_topic_addr(council);
    rs_emit(e, e->p->emissions_controller, "IncentiveCouncilUpdated(address)", 1, &topic, NULL, 0);
}

int ec_set_incentive_council(rs_env *e, rs_addr msg_sender, rs_addr council) {
    if (only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (rs_addr_is_zero(council)) return rs_revert(e, "InputAddressZero()");
    set_council(e, council);
    return RS_OK;
}

static void set_owner(rs_env *e, rs_addr owner) {
    rs_key k = key0(NS_EC_OWNER);
    rs_b32 topics[2] = {rs_topic_addr(rs_sload_addr(e->st, &k)), rs_topic_addr(owner)};
    rs_sstore_addr(e->st, &k, owner);
    rs_emit(e, e->p->emissions_controller, "OwnershipTransferred(address,address)", 2, topics, NULL, 0);
}

int ec_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner) {
    if (only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (rs_addr_is_zero(new_owner)) return rs_revert_string(e, "Ownable: new owner is the zero address");
    set_owner(e, new_owner);
    return RS_OK;
}

int ec_renounce_ownership(rs_env *e, rs_addr msg_sender) {
    if (only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    set_owner(e, RS_ADDR_ZERO);
    return RS_OK;
}

/* ---- genesis ---- */

void emissions_genesis(rs_state *st, const rs_genesis *g) {
    if (!g->emissions.present) return;
    const rs_params *p = &g->params;
    rs_code_set(st, p->emissions_controller, RS_CODE_EMISSIONS_CONTROLLER);
    rs_key k = key0(NS_EC_OWNER);
    rs_sstore_addr(st, &k, g->emissions.owner);
    k = key0(NS_EC_COUNCIL);
    rs_sstore_addr(st, &k, g->emissions.incentive_council);
    for (size_t i = 0; i < g->emissions.nopaque; i++)
        if (rs_code_get(st, g->emissions.opaque[i]) == RS_CODE_NONE) rs_code_set(st, g->emissions.opaque[i], RS_CODE_OPAQUE);
}
