/* DurationVaultStrategy: the admin's calls, the unpauser's TVL limits and
 * the StrategyManager's share hooks. */
#include "protocol/delegation.h"
#include "protocol/duration_vault.h"
#include "protocol/duration_vault_internal.h"
#include "protocol/pausing.h"
#include "protocol/rewards.h"
#include "protocol/strategy_base.h"
#include "protocol/strategy_factory.h"

static int only_admin(rs_env *e, rs_addr msg_sender, rs_addr vault) {
    rs_key k = dv_key(NS_DV_ADMIN, vault);
    return rs_addr_eq(msg_sender, rs_sload_addr(e->st, &k)) ? RS_OK : rs_revert(e, "OnlyVaultAdmin()");
}

static dv_state state_of(rs_env *e, rs_addr vault) {
    dv_info v;
    dv_load(e, vault, &v);
    return v.state;
}

int dv_update_tvl_limits(rs_env *e, rs_addr msg_sender, rs_addr vault, u256 max_per_deposit, u256 stake_cap) {
    if (only_admin(e, msg_sender, vault) != RS_OK) return RS_REVERTED;
    if (state_of(e, vault) != DV_DEPOSITS) return rs_revert(e, "DepositsLocked()");
    return dv_set_limits(e, vault, max_per_deposit, stake_cap);
}

int dv_set_tvl_limits(rs_env *e, rs_addr msg_sender, rs_addr vault, u256 max_per_deposit, u256 stake_cap) {
    if (!rs_addr_eq(msg_sender, pause_unpauser(e))) return rs_revert(e, "OnlyUnpauser()");
    if (state_of(e, vault) != DV_DEPOSITS) return rs_revert(e, "DepositsLocked()");
    return dv_set_limits(e, vault, max_per_deposit, stake_cap);
}

int dv_update_metadata_uri(rs_env *e, rs_addr msg_sender, rs_addr vault, const uint8_t *uri, size_t len) {
    if (only_admin(e, msg_sender, vault) != RS_OK) return RS_REVERTED;
    dv_store_metadata_uri(e, vault, uri, len);
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_abi_lone_bytes(&b, uri, len);
    rs_emit(e, vault, "MetadataURIUpdated(string)", 0, NULL, b.p, b.len);
    rs_buf_free(&b);
    return RS_OK;
}

int dv_update_delegation_approver(rs_env *e, rs_addr msg_sender, rs_addr vault, rs_addr approver) {
    if (only_admin(e, msg_sender, vault) != RS_OK) return RS_REVERTED;
    return dm_modify_operator_details(e, vault, vault, approver);
}

int dv_update_operator_metadata_uri(rs_env *e, rs_addr msg_sender, rs_addr vault, const uint8_t *uri, size_t len) {
    if (only_admin(e, msg_sender, vault) != RS_OK) return RS_REVERTED;
    return dm_update_operator_metadata_uri(e, vault, vault, uri, len);
}

int dv_set_rewards_claimer(rs_env *e, rs_addr msg_sender, rs_addr vault, rs_addr claimer) {
    if (only_admin(e, msg_sender, vault) != RS_OK) return RS_REVERTED;
    return rc_set_claimer_for_earner(e, vault, vault, claimer);
}

/* ---- hooks ---- */

static int only_strategy_manager(rs_env *e, rs_addr msg_sender) {
    return rs_addr_eq(msg_sender, e->p->strategy_manager) ? RS_OK : rs_revert(e, "OnlyStrategyManager()");
}

/* The caps are in underlying tokens at the current exchange rate, which
 * already includes a deposit's tokens (the hook runs after
 * StrategyBase.deposit). Only active delegated shares count toward the total:
 * queued withdrawals and plain token donations do not. */
int dv_before_add_shares(rs_env *e, rs_addr msg_sender, rs_addr vault, rs_addr staker, u256 shares) {
    if (only_strategy_manager(e, msg_sender) != RS_OK) return RS_REVERTED;
    dv_info v;
    dv_load(e, vault, &v);
    if (v.state != DV_DEPOSITS) return rs_revert(e, "DepositsLocked()");
    if (sf_is_blacklisted(e, sb_underlying_token(e, vault))) return rs_revert(e, "UnderlyingTokenBlacklisted()");
    if (!rs_addr_eq(dm_delegated_to(e, staker), vault)) return rs_revert(e, "MustBeDelegatedToVaultOperator()");
    u256 amount, total_shares, total_amount;
    if (sb_shares_to_underlying_checked(e, vault, shares, &amount) != RS_OK) return RS_REVERTED;
    if (u256_gt(amount, v.max_per_deposit)) return rs_revert(e, "DepositExceedsMaxPerDeposit()");
    if (!u256_add(&total_shares, dm_operator_shares(e, vault, vault), shares)) return rs_panic(e, PANIC_OVERFLOW);
    if (sb_shares_to_underlying_checked(e, vault, total_shares, &total_amount) != RS_OK) return RS_REVERTED;
    if (u256_gt(total_amount, v.max_total_deposits)) return rs_revert(e, "BalanceExceedsMaxTotalDeposits()");
    return RS_OK;
}

/* Withdrawals queued before the lock may still complete during it; only new
 * queueing (and undelegation, which queues) is refused. */
int dv_before_remove_shares(rs_env *e, rs_addr msg_sender, rs_addr vault) {
    if (only_strategy_manager(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (state_of(e, vault) == DV_ALLOCATIONS) return rs_revert(e, "WithdrawalsLockedDuringAllocations()");
    return RS_OK;
}
