/* The DurationVaultStrategy surface: its own functions here, every other
 * selector answered by the StrategyBase surface (a vault is a StrategyBase). */
#include <assert.h>
#include <stdlib.h>

#include "contracts/dispatch.h"
#include "contracts/vault_config.h"
#include "protocol/duration_vault.h"
#include "restake/contracts.h"

void dv_config_from_abi(const abi_val *v, dv_config *c) {
    assert(v->kind == ABI_TUPLE && v->n == 11);
    const abi_val *f = v->items;
    *c = (dv_config){
        .token = abi_addr(&f[0]),
        .admin = abi_addr(&f[1]),
        .arbitrator = abi_addr(&f[2]),
        .duration = (uint32_t)abi_u64(&f[3]),
        .max_per_deposit = abi_u256(&f[4]),
        .stake_cap = abi_u256(&f[5]),
        .metadata_uri = f[6].ptr,
        .metadata_uri_len = f[6].len,
        .set = {abi_addr(&f[7].items[0]), (uint32_t)abi_u64(&f[7].items[1])},
        .registration_data = f[8].ptr,
        .registration_data_len = f[8].len,
        .delegation_approver = abi_addr(&f[9]),
        .operator_metadata_uri = f[10].ptr,
        .operator_metadata_uri_len = f[10].len,
    };
}

/* ---- transactions ---- */

static int m_initialize(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    dv_config c;
    dv_config_from_abi(&args[0], &c);
    return dv_initialize(e, msg->sender, msg->recipient, &c);
}

#define VAULT_TX0(fn, call)                                                            \
    static int fn(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) { \
        (void)args, (void)ret;                                                         \
        return call(e, msg->sender, msg->recipient);                                   \
    }

VAULT_TX0(m_lock, dv_lock)
VAULT_TX0(m_mark_matured, dv_mark_matured)
VAULT_TX0(m_advance, dv_advance_to_withdrawals)

static int m_update_metadata_uri(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dv_update_metadata_uri(e, msg->sender, msg->recipient, args[0].ptr, args[0].len);
}

static int m_update_operator_metadata_uri(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dv_update_operator_metadata_uri(e, msg->sender, msg->recipient, args[0].ptr, args[0].len);
}

static int m_update_delegation_approver(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dv_update_delegation_approver(e, msg->sender, msg->recipient, abi_addr(&args[0]));
}

static int m_set_rewards_claimer(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dv_set_rewards_claimer(e, msg->sender, msg->recipient, abi_addr(&args[0]));
}

static int m_update_tvl_limits(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dv_update_tvl_limits(e, msg->sender, msg->recipient, abi_u256(&args[0]), abi_u256(&args[1]));
}

static int m_set_tvl_limits(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dv_set_tvl_limits(e, msg->sender, msg->recipient, abi_u256(&args[0]), abi_u256(&args[1]));
}

static int m_before_add_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dv_before_add_shares(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1]));
}

static int m_before_remove_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args, (void)ret;
    return dv_before_remove_shares(e, msg->sender, msg->recipient);
}

/* ---- views ---- */

/* A view of one word computed from the vault's state. */
#define VAULT_VIEW(fn, expr)                                                           \
    static int fn(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) { \
        (void)args;                                                                    \
        dv_info v;                                                                     \
        dv_load(e, msg->recipient, &v);                                                \
        rs_buf_word(ret, (expr));                                                      \
        return RS_OK;                                                                  \
    }

#define W64(x) u256_from_u64((uint64_t)(x))
VAULT_VIEW(m_vault_admin, rs_addr_to_u256(v.admin))
VAULT_VIEW(m_arbitrator, rs_addr_to_u256(v.arbitrator))
VAULT_VIEW(m_duration, W64(v.duration))
VAULT_VIEW(m_locked_at, W64(v.locked_at))
VAULT_VIEW(m_unlock_at, W64(v.unlock_at))
VAULT_VIEW(m_matured_at, W64(v.matured_at))
VAULT_VIEW(m_state, W64(v.state))
VAULT_VIEW(m_max_per_deposit, v.max_per_deposit)
VAULT_VIEW(m_max_total, v.max_total_deposits)
VAULT_VIEW(m_is_locked, W64(v.state != DV_DEPOSITS))
VAULT_VIEW(m_is_matured, W64(v.state == DV_WITHDRAWALS))
VAULT_VIEW(m_deposits_open, W64(v.state == DV_DEPOSITS))
VAULT_VIEW(m_withdrawals_open, W64(v.state != DV_ALLOCATIONS))
VAULT_VIEW(m_allocations_active, W64(v.state == DV_ALLOCATIONS))
VAULT_VIEW(m_operator_set_registered, W64(am_is_member_of_operator_set(e, msg->recipient, v.set)))
#undef W64

static int m_get_tvl_limits(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    dv_info v;
    dv_load(e, msg->recipient, &v);
    rs_buf_word(ret, v.max_per_deposit);
    rs_buf_word(ret, v.max_total_deposits);
    return RS_OK;
}

static int m_operator_set_info(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    dv_info v;
    dv_load(e, msg->recipient, &v);
    rs_buf_word_addr(ret, v.set.avs);
    rs_buf_word_u64(ret, v.set.id);
    return RS_OK;
}

static int m_metadata_uri(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    size_t n = dv_metadata_uri(e, msg->recipient, NULL, 0);
    uint8_t *s = n ? malloc(n) : NULL;
    if (n && !s) abort();
    dv_metadata_uri(e, msg->recipient, s, n);
    rs_buf_abi_lone_bytes(ret, s, n);
    free(s);
    return RS_OK;
}

static int m_integration_configured(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)e, (void)msg, (void)args;
    rs_buf_word_bool(ret, true);
    return RS_OK;
}

static int m_explanation(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)e, (void)msg, (void)args;
    static const char s[] = "Duration-bound vault strategy with configurable deposit caps and lock periods";
    rs_buf_abi_lone_bytes(ret, s, sizeof s - 1);
    return RS_OK;
}

RS_PARAM_ADDR_GETTER(m_delegation_manager, delegation_manager)
RS_PARAM_ADDR_GETTER(m_allocation_manager, allocation_manager)
RS_PARAM_ADDR_GETTER(m_rewards_coordinator, rewards_coordinator)
RS_PARAM_ADDR_GETTER(m_strategy_factory, strategy_factory)

static rs_method g_methods[] = {
    {"initialize(" DV_CONFIG_TYPE ")", m_initialize, false, 0, NULL},
    {"lock()", m_lock, false, 0, NULL},
    {"markMatured()", m_mark_matured, false, 0, NULL},
    {"advanceToWithdrawals()", m_advance, false, 0, NULL},
    {"updateMetadataURI(string)", m_update_metadata_uri, false, 0, NULL},
    {"updateDelegationApprover(address)", m_update_delegation_approver, false, 0, NULL},
    {"updateOperatorMetadataURI(string)", m_update_operator_metadata_uri, false, 0, NULL},
    {"setRewardsClaimer(address)", m_set_rewards_claimer, false, 0, NULL},
    {"updateTVLLimits(uint256,uint256)", m_update_tvl_limits, false, 0, NULL},
    {"setTVLLimits(uint256,uint256)", m_set_tvl_limits, false, 0, NULL},
    {"beforeAddShares(address,uint256)", m_before_add_shares, false, 0, NULL},
    {"beforeRemoveShares(address,uint256)", m_before_remove_shares, false, 0, NULL},
    {"vaultAdmin()", m_vault_admin, false, 0, NULL},
    {"arbitrator()", m_arbitrator, false, 0, NULL},
    {"duration()", m_duration, false, 0, NULL},
    {"lockedAt()", m_locked_at, false, 0, NULL},
    {"unlockAt()", m_unlock_at, false, 0, NULL},
    {"unlockTimestamp()", m_unlock_at, false, 0, NULL},
    {"maturedAt()", m_matured_at, false, 0, NULL},
    {"state()", m_state, false, 0, NULL},
    {"metadataURI()", m_metadata_uri, false, 0, NULL},
    {"stakeCap()", m_max_total, false, 0, NULL},
    {"maxPerDeposit()", m_max_per_deposit, false, 0, NULL},
    {"maxTotalDeposits()", m_max_total, false, 0, NULL},
    {"getTVLLimits()", m_get_tvl_limits, false, 0, NULL},
    {"isLocked()", m_is_locked, false, 0, NULL},
    {"isMatured()", m_is_matured, false, 0, NULL},
    {"depositsOpen()", m_deposits_open, false, 0, NULL},
    {"withdrawalsOpen()", m_withdrawals_open, false, 0, NULL},
    {"allocationsActive()", m_allocations_active, false, 0, NULL},
    {"operatorIntegrationConfigured()", m_integration_configured, false, 0, NULL},
    {"operatorSetInfo()", m_operator_set_info, false, 0, NULL},
    {"operatorSetRegistered()", m_operator_set_registered, false, 0, NULL},
    {"explanation()", m_explanation, false, 0, NULL},
    {"delegationManager()", m_delegation_manager, false, 0, NULL},
    {"allocationManager()", m_allocation_manager, false, 0, NULL},
    {"rewardsCoordinator()", m_rewards_coordinator, false, 0, NULL},
    {"strategyFactory()", m_strategy_factory, false, 0, NULL},
};

int rs_contract_duration_vault(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    size_t n = sizeof g_methods / sizeof g_methods[0];
    if (rs_dispatch_table_has(g_methods, n, msg)) return rs_dispatch_table(e, g_methods, n, msg, ret);
    return rs_contract_strategy_base(e, msg, ret);
}
