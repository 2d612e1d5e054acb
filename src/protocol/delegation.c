/* DelegationManager: operators, delegation and delegated-share accounting. */
#include "protocol/reentrancy.h"
#include <stdlib.h>

#include "protocol/allocation.h"
#include "protocol/delegation_internal.h"
#include "protocol/eigenpod.h"
#include "protocol/pausing.h"
#include "protocol/permissions.h"
#include "protocol/slashing_math.h"
#include "protocol/snapshots.h"
#include "restake/buf.h"
#include "restake/keccak.h"

/* ---- simple reads ---- */

rs_addr dm_delegated_to(rs_env *e, rs_addr staker) {
    rs_key k = dmk_addr(NS_DM_DELEGATED_TO, staker);
    return rs_sload_addr(e->st, &k);
}

bool dm_is_delegated(rs_env *e, rs_addr staker) { return !rs_addr_is_zero(dm_delegated_to(e, staker)); }

bool dm_is_operator(rs_env *e, rs_addr operator_) {
    return !rs_addr_is_zero(operator_) && rs_addr_eq(dm_delegated_to(e, operator_), operator_);
}

rs_addr dm_delegation_approver(rs_env *e, rs_addr operator_) {
    rs_key k = dmk_addr(NS_DM_APPROVER, operator_);
    return rs_sload_addr(e->st, &k);
}

u256 dm_operator_shares(rs_env *e, rs_addr operator_, rs_addr strategy) {
    rs_key k = dmk_addr2(NS_DM_OPERATOR_SHARES, operator_, strategy);
    return rs_sload(e->st, &k);
}

static void set_operator_shares(rs_env *e, rs_addr operator_, rs_addr strategy, u256 v) {
    rs_key k = dmk_addr2(NS_DM_OPERATOR_SHARES, operator_, strategy);
    rs_sstore(e->st, &k, v);
}

static void set_delegated_to(rs_env *e, rs_addr staker, rs_addr operator_) {
    rs_key k = dmk_addr(NS_DM_DELEGATED_TO, staker);
    rs_sstore_addr(e->st, &k, operator_);
}

/* ---- events ---- */

/* Fixed-size event data is laid out on the stack: events are emitted on
 * every share change, and a heap buffer per event showed in profiles. */
static void word_addr(uint8_t *w, rs_addr a) {
    memset(w, 0, 12);
    memcpy(w + 12, a.b, 20);
}

static void emit_addr_addr(rs_env *e, const char *sig, rs_addr indexed, rs_addr data) {
    rs_b32 t = rs_topic_addr(indexed);
    uint8_t d[32];
    word_addr(d, data);
    rs_emit(e, dm_self(e), sig, 1, &t, d, sizeof d);
}

static void emit_metadata_uri(rs_env *e, rs_addr operator_, const uint8_t *uri, size_t len) {
    rs_emit_addr_string(e, dm_self(e), "OperatorMetadataURIUpdated(address,string)", operator_, uri, len);
}

static void emit_share_change(rs_env *e, const char *sig, rs_addr operator_, rs_addr staker, rs_addr strategy,
                              u256 shares) {
    rs_b32 t = rs_topic_addr(operator_);
    uint8_t d[96];
    word_addr(d, staker);
    word_addr(d + 32, strategy);
    u256_to_be(shares, d + 64);
    rs_emit(e, dm_self(e), sig, 1, &t, d, sizeof d);
}

static void emit_two_indexed(rs_env *e, const char *sig, rs_addr a, rs_addr b) {
    rs_b32 t[2] = {rs_topic_addr(a), rs_topic_addr(b)};
    rs_emit(e, dm_self(e), sig, 2, t, NULL, 0);
}

void dm_emit_dsf_updated(rs_env *e, rs_addr staker, rs_addr strategy, u256 factor) {
    uint8_t d[96];
    word_addr(d, staker);
    word_addr(d + 32, strategy);
    u256_to_be(factor, d + 64);
    rs_emit(e, dm_self(e), "DepositScalingFactorUpdated(address,address,uint256)", 0, NULL, d, sizeof d);
}

void dm_emit_staker_undelegated(rs_env *e, rs_addr staker, rs_addr operator_, bool forced) {
    emit_two_indexed(e, forced ? "StakerForceUndelegated(address,address)" : "StakerUndelegated(address,address)",
                     staker, operator_);
}

/* ---- share accounting ---- */

int dm_increase_delegation(rs_env *e, rs_addr operator_, rs_addr staker, rs_addr strategy, u256 prev_deposit_shares,
                           u256 added_shares, u256 slashing_factor) {
    /* A zero factor would divide by zero in the scaling-factor update. */
    if (u256_is_zero(slashing_factor)) return rs_revert(e, "FullySlashed()");
    if (u256_is_zero(added_shares)) return RS_OK;

    u256 dsf = dm_dsf_raw(e, staker, strategy);
    if (sl_dsf_update(e, &dsf, prev_deposit_shares, added_shares, slashing_factor) != RS_OK) return RS_REVERTED;
    dm_dsf_store(e, staker, strategy, dsf);
    dm_emit_dsf_updated(e, staker, strategy, sl_scaling_factor(dsf));

    if (dm_is_delegated(e, staker)) {
        u256 cur = dm_operator_shares(e, operator_, strategy), next;
        if (!u256_add(&next, cur, added_shares)) return rs_panic(e, PANIC_OVERFLOW);
        set_operator_shares(e, operator_, strategy, next);
        emit_share_change(e, "OperatorSharesIncreased(address,address,address,uint256)", operator_, staker, strategy,
                          added_shares);
    }
    return RS_OK;
}

int dm_decrease_delegation(rs_env *e, rs_addr operator_, rs_addr staker, rs_addr strategy, u256 shares) {
    u256 cur = dm_operator_shares(e, operator_, strategy), next;
    if (!u256_sub(&next, cur, shares)) return rs_panic(e, PANIC_OVERFLOW);
    set_operator_shares(e, operator_, strategy, next);
    emit_share_change(e, "OperatorSharesDecreased(address,address,address,uint256)", operator_, staker, strategy,
                      shares);
    return RS_OK;
}

int dm_increase_delegated_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy,
                                 u256 prev_deposit_shares, u256 added_shares) {
    if (!rs_addr_eq(msg_sender, e->p->strategy_manager) && !rs_addr_eq(msg_sender, e->p->eigen_pod_manager))
        return rs_revert(e, "OnlyStrategyManagerOrEigenPodManager()");
    if (guard_check(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    rs_addr operator_ = dm_delegated_to(e, staker);
    uint64_t max_mag = am_get_max_magnitude(e, operator_, strategy);
    u256 factor;
    if (dm_slashing_factor(e, staker, strategy, max_mag, &factor) != RS_OK) return RS_REVERTED;
    return dm_increase_delegation(e, operator_, staker, strategy, prev_deposit_shares, added_shares, factor);
}

int dm_decrease_delegated_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, u256 cur_deposit_shares,
                                 uint64_t beacon_chain_slashing_factor_decrease) {
    if (!rs_addr_eq(msg_sender, e->p->eigen_pod_manager)) return rs_revert(e, "OnlyEigenPodManager()");
    if (guard_check(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    if (!dm_is_delegated(e, staker)) return RS_OK;
    rs_addr operator_ = dm_delegated_to(e, staker);
    rs_addr beacon = e->p->beacon_chain_eth_strategy;
    uint64_t max_mag = am_get_max_magnitude(e, operator_, beacon);
    u256 factor, to_remove;
    if (sl_mul_wad(e, &factor, u256_from_u64(max_mag), u256_from_u64(beacon_chain_slashing_factor_decrease)) != RS_OK)
        return RS_REVERTED;
    if (sl_calc_withdrawable(e, &to_remove, dm_dsf_raw(e, staker, beacon), cur_deposit_shares, factor) != RS_OK)
        return RS_REVERTED;
    return dm_decrease_delegation(e, operator_, staker, beacon, to_remove);
}

/* ---- slashing ---- */

static rs_key history_key(rs_addr operator_, rs_addr strategy) {
    return dmk_addr2(NS_DM_SCALED_HISTORY, operator_, strategy);
}

int dm_add_queued_slashable_shares(rs_env *e, rs_addr operator_, rs_addr strategy, u256 scaled_shares) {
    rs_key h = history_key(operator_, strategy);
    u256 cur = snap_zero_latest(e->st, &h), next;
    if (!u256_add(&next, cur, scaled_shares)) return rs_panic(e, PANIC_OVERFLOW);
    return snap_zero_push(e, &h, (uint32_t)e->block_number, next);
}

int dm_slashable_shares_in_queue(rs_env *e, rs_addr operator_, rs_addr strategy, uint64_t prev_max,
                                 uint64_t new_max, u256 *out) {
    /* A fully slashed operator has nothing left to slash in the queue. */
    if (prev_max == 0) {
        *out = U256_ZERO;
        return RS_OK;
    }
    rs_key h = history_key(operator_, strategy);
    u256 cur = snap_zero_latest(e->st, &h);
    /* uint32(block.number) - MIN_WITHDRAWAL_DELAY_BLOCKS - 1, checked in uint32. */
    uint32_t bn = (uint32_t)e->block_number, delay = e->p->min_withdrawal_delay_blocks;
    if (bn < delay || bn - delay < 1) return rs_panic(e, PANIC_OVERFLOW);
    u256 prev = snap_zero_upper_lookup(e->st, &h, bn - delay - 1);
    u256 added, as_operator_shares;
    if (!u256_sub(&added, cur, prev)) return rs_panic(e, PANIC_OVERFLOW);
    if (sl_mul_wad(e, &as_operator_shares, added, u256_from_u64(prev_max)) != RS_OK) return RS_REVERTED;
    return sl_calc_slashed_amount(e, out, as_operator_shares, u256_from_u64(prev_max), u256_from_u64(new_max));
}

int dm_slash_operator_shares(rs_env *e, rs_addr msg_sender, rs_addr operator_, rs_addr avs, uint32_t set_id,
                             u256 slash_id, rs_addr strategy, uint64_t prev_max_magnitude,
                             uint64_t new_max_magnitude, u256 *total_deposit_shares_to_slash) {
    if (!rs_addr_eq(msg_sender, e->p->allocation_manager)) return rs_revert(e, "OnlyAllocationManager()");
    if (guard_check(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    u256 slashed, from_queue, total;
    if (sl_calc_slashed_amount(e, &slashed, dm_operator_shares(e, operator_, strategy),
                               u256_from_u64(prev_max_magnitude), u256_from_u64(new_max_magnitude)) != RS_OK)
        return RS_REVERTED;
    if (dm_slashable_shares_in_queue(e, operator_, strategy, prev_max_magnitude, new_max_magnitude, &from_queue) !=
        RS_OK)
        return RS_REVERTED;
    if (!u256_add(&total, slashed, from_queue)) return rs_panic(e, PANIC_OVERFLOW);
    if (dm_decrease_delegation(e, operator_, RS_ADDR_ZERO, strategy, slashed) != RS_OK) return RS_REVERTED;

    rs_b32 t = rs_topic_addr(operator_);
    uint8_t d[64];
    word_addr(d, strategy);
    u256_to_be(total, d + 32);
    rs_emit(e, dm_self(e), "OperatorSharesSlashed(address,address,uint256)", 1, &t, d, sizeof d);

    if (dm_sm_increase_burn(e, avs, set_id, slash_id, strategy, total) != RS_OK) return RS_REVERTED;
    if (total_deposit_shares_to_slash) *total_deposit_shares_to_slash = total;
    return RS_OK;
}

/* ---- operators ---- */

static void set_delegation_approver(rs_env *e, rs_addr operator_, rs_addr approver) {
    rs_key k = dmk_addr(NS_DM_APPROVER, operator_);
    rs_sstore_addr(e->st, &k, approver);
    emit_addr_addr(e, "DelegationApproverUpdated(address,address)", operator_, approver);
}

int dm_register_as_operator(rs_env *e, rs_addr msg_sender, rs_addr init_delegation_approver,
                            uint32_t allocation_delay, const uint8_t *metadata_uri, size_t uri_len) {
    if (guard_check(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    if (dm_is_delegated(e, msg_sender)) return rs_revert(e, "ActivelyDelegated()");
    if (am_set_allocation_delay(e, dm_self(e), msg_sender, allocation_delay) != RS_OK) return RS_REVERTED;
    set_delegation_approver(e, msg_sender, init_delegation_approver);
    if (dm_delegate_internal(e, msg_sender, msg_sender) != RS_OK) return RS_REVERTED;
    emit_addr_addr(e, "OperatorRegistered(address,address)", msg_sender, init_delegation_approver);
    emit_metadata_uri(e, msg_sender, metadata_uri, uri_len);
    return RS_OK;
}

int dm_modify_operator_details(rs_env *e, rs_addr msg_sender, rs_addr operator_, rs_addr new_approver) {
    if (pc_check_can_call(e, operator_, msg_sender, dm_self(e),
                          rs_selector_of("modifyOperatorDetails(address,address)")) != RS_OK)
        return RS_REVERTED;
    if (guard_check(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    if (!dm_is_operator(e, operator_)) return rs_revert(e, "OperatorNotRegistered()");
    set_delegation_approver(e, operator_, new_approver);
    return RS_OK;
}

int dm_update_operator_metadata_uri(rs_env *e, rs_addr msg_sender, rs_addr operator_, const uint8_t *metadata_uri,
                                    size_t uri_len) {
    if (pc_check_can_call(e, operator_, msg_sender, dm_self(e),
                          rs_selector_of("updateOperatorMetadataURI(address,string)")) != RS_OK)
        return RS_REVERTED;
    if (!dm_is_operator(e, operator_)) return rs_revert(e, "OperatorNotRegistered()");
    emit_metadata_uri(e, operator_, metadata_uri, uri_len);
    return RS_OK;
}

/* ---- delegation ---- */

int dm_delegate_internal(rs_env *e, rs_addr staker, rs_addr operator_) {
    if (pause_require_not_paused(e, dm_self(e), DM_PAUSED_NEW_DELEGATION) != RS_OK) return RS_REVERTED;
    rs_addr *strategies = NULL;
    u256 *shares = NULL, *factors = NULL;
    size_t n = 0;
    int rc = RS_REVERTED;
    if (dm_get_deposited_shares(e, staker, &strategies, &shares, &n) != RS_OK) goto out;
    factors = calloc(n ? n : 1, sizeof *factors);
    if (!factors) abort();
    /* The operator's past slashing is forgiven: staker address 0 here. */
    if (dm_slashing_factors(e, RS_ADDR_ZERO, operator_, strategies, n, factors) != RS_OK) goto out;

    set_delegated_to(e, staker, operator_);
    emit_two_indexed(e, "StakerDelegated(address,address)", staker, operator_);

    for (size_t i = 0; i < n; i++) {
        if (dm_is_beacon(e, strategies[i])) {
            /* The staker's own beacon-chain slashing is not forgiven. */
            uint64_t bcsf = epm_beacon_chain_slashing_factor(e, staker);
            if (sl_calc_withdrawable(e, &shares[i], dm_dsf_raw(e, staker, strategies[i]), shares[i],
                                     u256_from_u64(bcsf)) != RS_OK)
                goto out;
        }
        if (dm_increase_delegation(e, operator_, staker, strategies[i], U256_ZERO, shares[i], factors[i]) != RS_OK)
            goto out;
    }
    rc = RS_OK;
out:
    free(strategies);
    free(shares);
    free(factors);
    return rc;
}

int dm_delegate_to(rs_env *e, rs_addr msg_sender, rs_addr operator_, const uint8_t *sig, size_t sig_len,
                   u256 expiry, rs_b32 approver_salt) {
    if (guard_enter(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    int rc;
    if (dm_is_delegated(e, msg_sender)) rc = rs_revert(e, "ActivelyDelegated()");
    else if (!dm_is_operator(e, operator_)) rc = rs_revert(e, "OperatorNotRegistered()");
    else rc = dm_check_approver_signature(e, msg_sender, operator_, sig, sig_len, expiry, approver_salt);
    if (rc == RS_OK) rc = dm_delegate_internal(e, msg_sender, operator_);
    guard_exit(e, dm_self(e));
    return rc;
}

int dm_undelegate(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_b32 **roots, size_t *nroots) {
    *roots = NULL;
    *nroots = 0;
    /* nonReentrant; the body calls only native core contracts, which never call back */
    if (guard_check(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    if (!dm_is_delegated(e, staker)) return rs_revert(e, "NotActivelyDelegated()");
    if (dm_is_operator(e, staker)) return rs_revert(e, "OperatorsCannotUndelegate()");
    if (!rs_addr_eq(msg_sender, staker)) {
        rs_addr operator_ = dm_delegated_to(e, staker);
        bool allowed = pc_can_call(e, operator_, msg_sender, dm_self(e), rs_selector_of("undelegate(address)")) ||
                       rs_addr_eq(msg_sender, dm_delegation_approver(e, operator_));
        if (!allowed) return rs_revert(e, "CallerCannotUndelegate()");
        dm_emit_staker_undelegated(e, staker, operator_, true);
    }
    return dm_undelegate_internal(e, staker, roots, nroots);
}

int dm_redelegate(rs_env *e, rs_addr msg_sender, rs_addr new_operator, const uint8_t *sig, size_t sig_len,
                  u256 expiry, rs_b32 approver_salt, rs_b32 **roots, size_t *nroots) {
    if (dm_undelegate(e, msg_sender, msg_sender, roots, nroots) != RS_OK) return RS_REVERTED;
    if (dm_delegate_to(e, msg_sender, new_operator, sig, sig_len, expiry, approver_salt) != RS_OK) {
        free(*roots);
        *roots = NULL;
        *nroots = 0;
        return RS_REVERTED;
    }
    return RS_OK;
}
