/* Shared internals of the DelegationManager files (not a public interface). */
#ifndef RESTAKE_PROTOCOL_DELEGATION_INTERNAL_H
#define RESTAKE_PROTOCOL_DELEGATION_INTERNAL_H

#include "protocol/delegation.h"

static inline rs_addr dm_self(const rs_env *e) { return e->p->delegation_manager; }
static inline bool dm_is_beacon(const rs_env *e, rs_addr strategy) {
    return rs_addr_eq(strategy, e->p->beacon_chain_eth_strategy);
}

/* Storage keys. */
rs_key dmk_addr(uint16_t ns, rs_addr a);
rs_key dmk_addr2(uint16_t ns, rs_addr a, rs_addr b);
rs_key dmk_roots(rs_addr staker);

/* Raw deposit scaling factor (0 = WAD). */
u256 dm_dsf_raw(rs_env *e, rs_addr staker, rs_addr strategy);
void dm_dsf_store(rs_env *e, rs_addr staker, rs_addr strategy, u256 v);

/* _getSlashingFactor / _getSlashingFactors / _getSlashingFactorsAtBlock. */
RS_MUST_USE int dm_slashing_factor(rs_env *e, rs_addr staker, rs_addr strategy, uint64_t max_magnitude, u256 *out);
RS_MUST_USE int dm_slashing_factors(rs_env *e, rs_addr staker, rs_addr operator_, const rs_addr *strategies, size_t n,
                        u256 *out);
RS_MUST_USE int dm_slashing_factors_at_block(rs_env *e, rs_addr staker, rs_addr operator_, const rs_addr *strategies,
                                 size_t n, uint32_t block, u256 *out);

/* _increaseDelegation / _decreaseDelegation. */
RS_MUST_USE int dm_increase_delegation(rs_env *e, rs_addr operator_, rs_addr staker, rs_addr strategy, u256 prev_deposit_shares,
                           u256 added_shares, u256 slashing_factor);
RS_MUST_USE int dm_decrease_delegation(rs_env *e, rs_addr operator_, rs_addr staker, rs_addr strategy, u256 shares);

/* Events shared by the delegation and withdrawal files. */
void dm_emit_dsf_updated(rs_env *e, rs_addr staker, rs_addr strategy, u256 factor);
void dm_emit_staker_undelegated(rs_env *e, rs_addr staker, rs_addr operator_, bool forced);

/* _addQueuedSlashableShares: cumulative scaled shares snapshot at this block. */
RS_MUST_USE int dm_add_queued_slashable_shares(rs_env *e, rs_addr operator_, rs_addr strategy, u256 scaled_shares);

/* _getSlashableSharesInQueue. */
RS_MUST_USE int dm_slashable_shares_in_queue(rs_env *e, rs_addr operator_, rs_addr strategy, uint64_t prev_max,
                                 uint64_t new_max, u256 *out);

/* Share manager dispatch (EigenPodManager for the beacon strategy). */
RS_MUST_USE int dm_sm_deposit_shares(rs_env *e, rs_addr staker, rs_addr strategy, u256 *out);
RS_MUST_USE int dm_sm_remove_deposit_shares(rs_env *e, rs_addr staker, rs_addr strategy, u256 shares, u256 *after);
RS_MUST_USE int dm_sm_add_shares(rs_env *e, rs_addr staker, rs_addr strategy, u256 shares, u256 *prev, u256 *added);
RS_MUST_USE int dm_sm_withdraw_as_tokens(rs_env *e, rs_addr staker, rs_addr strategy, rs_addr token, u256 shares);
RS_MUST_USE int dm_sm_increase_burn(rs_env *e, rs_addr avs, uint32_t set_id, u256 slash_id, rs_addr strategy, u256 shares);

/* Withdrawal storage and the staker's root set. */
void dm_withdrawal_store(rs_env *e, rs_b32 root, const dm_withdrawal *w);
void dm_withdrawal_delete(rs_env *e, rs_b32 root);
/* _getSharesByWithdrawalRoot (shares: malloc'd). */
RS_MUST_USE int dm_shares_by_root(rs_env *e, rs_b32 root, dm_withdrawal *w, u256 **shares);

/* _delegate and _undelegate. */
RS_MUST_USE int dm_delegate_internal(rs_env *e, rs_addr staker, rs_addr operator_);
RS_MUST_USE int dm_undelegate_internal(rs_env *e, rs_addr staker, rs_b32 **roots, size_t *nroots);
RS_MUST_USE int dm_check_approver_signature(rs_env *e, rs_addr staker, rs_addr operator_, const uint8_t *sig, size_t sig_len,
                                u256 expiry, rs_b32 salt);

#endif
