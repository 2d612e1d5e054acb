/* The AllocationManager's views (AllocationManagerView.sol and the public
 * views of AllocationManager.sol), evaluated at e->block_number. */
#include "protocol/allocation_internal.h"
#include "protocol/delegation.h"

uint64_t am_get_max_magnitude(rs_env *e, rs_addr op, rs_addr strategy) {
    return am_maxmag_latest(e->st, op, strategy);
}

void am_get_max_magnitudes(rs_env *e, rs_addr op, const rs_addr *strategies, size_t n, uint64_t *out) {
    for (size_t i = 0; i < n; i++) out[i] = am_maxmag_latest(e->st, op, strategies[i]);
}

uint64_t am_get_max_magnitude_at_block(rs_env *e, rs_addr op, rs_addr strategy, uint32_t block) {
    return am_maxmag_upper_lookup(e->st, op, strategy, block);
}

void am_get_max_magnitudes_at_block(rs_env *e, rs_addr op, const rs_addr *strategies, size_t n, uint32_t block,
                                    uint64_t *out) {
    for (size_t i = 0; i < n; i++) out[i] = am_maxmag_upper_lookup(e->st, op, strategies[i], block);
}

am_allocation am_get_allocation(rs_env *e, rs_addr op, am_opset s, rs_addr strategy) {
    am_allocation a = am_alloc_load(e->st, op, s, strategy);
    if (e->block_number >= a.effect_block) {
        a.current_magnitude = am_add_diff_view(a.current_magnitude, a.diff_negative, a.diff_abs);
        a.effect_block = 0;
        a.diff_abs = 0;
        a.diff_negative = false;
    }
    return a;
}

/* Simulates clearing every due deallocation without writing. */
uint64_t am_get_encumbered_magnitude(rs_env *e, rs_addr op, rs_addr strategy) {
    uint64_t enc = am_encumbered_load(e->st, op, strategy);
    uint64_t len = am_dq_len(e->st, op, strategy);
    for (uint64_t i = 0; i < len; i++) {
        am_allocation a = am_alloc_load(e->st, op, am_dq_at(e->st, op, strategy, i), strategy);
        if (e->block_number < a.effect_block) break;
        enc = am_add_diff_view(enc, a.diff_negative, a.diff_abs);
    }
    return enc;
}

uint64_t am_get_allocatable_magnitude(rs_env *e, rs_addr op, rs_addr strategy) {
    return am_maxmag_latest(e->st, op, strategy) - am_get_encumbered_magnitude(e, op, strategy);
}

bool am_is_operator_slashable(rs_env *e, rs_addr op, am_opset s) {
    am_reg_status r = am_reg_load(e->st, op, s);
    return r.registered || e->block_number <= r.slashable_until;
}

rs_addr am_get_redistribution_recipient(rs_env *e, rs_addr avs, uint32_t set_id) {
    am_opset s = {avs, set_id};
    rs_key k = amk_set(NS_AM_RECIPIENT, s);
    rs_addr r = rs_sload_addr(e->st, &k);
    return rs_addr_is_zero(r) ? am_default_burn_address() : r;
}

bool am_is_redistributing_operator_set(rs_env *e, rs_addr avs, uint32_t set_id) {
    return !rs_addr_eq(am_get_redistribution_recipient(e, avs, set_id), am_default_burn_address());
}

static bool redistributable_in(rs_env *e, rs_addr op, uint16_t ns) {
    rs_key k = amk_addr(ns, op);
    uint64_t n = es_len(e->st, &k);
    for (uint64_t i = 0; i < n; i++) {
        am_opset s = am_set_from_word(es_at(e->st, &k, i));
        if (am_is_operator_slashable(e, op, s) && am_is_redistributing_operator_set(e, s.avs, s.id)) return true;
    }
    return false;
}

bool am_is_operator_redistributable(rs_env *e, rs_addr op) {
    return redistributable_in(e, op, NS_AM_REGISTERED_SETS) || redistributable_in(e, op, NS_AM_ALLOCATED_SETS);
}

rs_addr am_get_slasher(rs_env *e, am_opset s) {
    am_slasher_params p = am_slasher_load(e->st, s);
    if (p.effect_block != 0 && e->block_number >= p.effect_block) return p.pending_slasher;
    return p.slasher;
}

void am_get_pending_slasher(rs_env *e, am_opset s, rs_addr *pending, uint32_t *effect_block) {
    am_slasher_params p = am_slasher_load(e->st, s);
    *pending = RS_ADDR_ZERO;
    *effect_block = 0;
    if (e->block_number < p.effect_block) {
        *pending = p.pending_slasher;
        *effect_block = p.effect_block;
    }
}

u256 am_get_slash_count(rs_env *e, am_opset s) {
    rs_key k = amk_set(NS_AM_SLASH_IDS, s);
    return rs_sload(e->st, &k);
}

rs_addr am_get_avs_registrar(rs_env *e, rs_addr avs) {
    rs_key k = amk_addr(NS_AM_AVS_REGISTRAR, avs);
    rs_addr r = rs_sload_addr(e->st, &k);
    return rs_addr_is_zero(r) ? avs : r;
}

bool am_is_operator_set(rs_env *e, am_opset s) { return am_set_exists(e->st, s); }

bool am_is_member_of_operator_set(rs_env *e, rs_addr op, am_opset s) {
    rs_key k = amk_set(NS_AM_SET_MEMBERS, s);
    return es_contains(e->st, &k, rs_addr_to_u256(op), AM_W_ADDR);
}

uint64_t am_get_operator_set_count(rs_env *e, rs_addr avs) {
    rs_key k = amk_addr(NS_AM_OPERATOR_SETS, avs);
    return es_len(e->st, &k);
}

uint64_t am_get_member_count(rs_env *e, am_opset s) {
    rs_key k = amk_set(NS_AM_SET_MEMBERS, s);
    return es_len(e->st, &k);
}

rs_addr am_member_at(rs_env *e, am_opset s, uint64_t i) {
    rs_key k = amk_set(NS_AM_SET_MEMBERS, s);
    return rs_addr_from_u256(es_at(e->st, &k, i));
}

uint64_t am_strategy_count(rs_env *e, am_opset s) {
    rs_key k = amk_set(NS_AM_SET_STRATEGIES, s);
    return es_len(e->st, &k);
}

rs_addr am_strategy_at(rs_env *e, am_opset s, uint64_t i) {
    rs_key k = amk_set(NS_AM_SET_STRATEGIES, s);
    return rs_addr_from_u256(es_at(e->st, &k, i));
}

uint64_t am_registered_set_count(rs_env *e, rs_addr op) {
    rs_key k = amk_addr(NS_AM_REGISTERED_SETS, op);
    return es_len(e->st, &k);
}

am_opset am_registered_set_at(rs_env *e, rs_addr op, uint64_t i) {
    rs_key k = amk_addr(NS_AM_REGISTERED_SETS, op);
    return am_set_from_word(es_at(e->st, &k, i));
}

uint64_t am_allocated_set_count(rs_env *e, rs_addr op) {
    rs_key k = amk_addr(NS_AM_ALLOCATED_SETS, op);
    return es_len(e->st, &k);
}

am_opset am_allocated_set_at(rs_env *e, rs_addr op, uint64_t i) {
    rs_key k = amk_addr(NS_AM_ALLOCATED_SETS, op);
    return am_set_from_word(es_at(e->st, &k, i));
}

uint64_t am_allocated_strategy_count(rs_env *e, rs_addr op, am_opset s) {
    rs_key k = amk_addr_set(NS_AM_ALLOC_STRATEGIES, op, s);
    return es_len(e->st, &k);
}

rs_addr am_allocated_strategy_at(rs_env *e, rs_addr op, am_opset s, uint64_t i) {
    rs_key k = amk_addr_set(NS_AM_ALLOC_STRATEGIES, op, s);
    return rs_addr_from_u256(es_at(e->st, &k, i));
}

int am_minimum_allocated_stake(rs_env *e, am_opset s, rs_addr op, rs_addr strategy, uint32_t future_block,
                               u256 *out) {
    *out = U256_ZERO;
    u256 delegated = dm_operator_shares(e, op, strategy);
    uint64_t max_mag = am_maxmag_latest(e->st, op, strategy);
    if (max_mag == 0) return RS_OK; /* fully slashed: mirrors the DelegationManager */
    am_allocation a = am_get_allocation(e, op, s, strategy);
    if (a.effect_block <= future_block && a.diff_negative && a.diff_abs)
        a.current_magnitude = am_add_diff_view(a.current_magnitude, true, a.diff_abs);
    u256 proportion, wad = u256_from_u64(AM_WAD);
    if (!u256_muldiv(&proportion, u256_from_u64(a.current_magnitude), wad, u256_from_u64(max_mag)) ||
        !u256_muldiv(out, delegated, proportion, wad))
        return rs_revert_string(e, "Math: mulDiv overflow");
    return RS_OK;
}

int am_minimum_slashable_stake(rs_env *e, am_opset s, rs_addr op, rs_addr strategy, uint32_t future_block,
                               u256 *out) {
    if (am_minimum_allocated_stake(e, s, op, strategy, future_block, out)) return RS_REVERTED;
    if (!am_is_operator_slashable(e, op, s)) *out = U256_ZERO;
    return RS_OK;
}
