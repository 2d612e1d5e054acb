/* The StrategyFactory surface. */
#include <stdlib.h>

#include "contracts/pausable.h"
#include "protocol/pausing.h"
#include "protocol/strategy_factory.h"
#include "contracts/dispatch.h"
#include "contracts/vault_config.h"
#include "restake/contracts.h"

typedef int (*list_op)(rs_env *e, rs_addr msg_sender, const rs_addr *list, size_t n);

static int with_addr_list(rs_env *e, rs_addr sender, const abi_val *v, list_op op) {
    rs_addr *list = abi_addr_array(v);
    int rc = op(e, sender, list, v->n);
    free(list);
    return rc;
}

static int m_deploy(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_addr strategy;
    if (sf_deploy_new_strategy(e, msg->sender, abi_addr(&args[0]), &strategy) != RS_OK) return RS_REVERTED;
    rs_buf_word_addr(ret, strategy);
    return RS_OK;
}

static int m_blacklist(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return with_addr_list(e, msg->sender, &args[0], sf_blacklist_tokens);
}

static int m_whitelist(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return with_addr_list(e, msg->sender, &args[0], sf_whitelist_strategies);
}

static int m_remove_whitelist(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return with_addr_list(e, msg->sender, &args[0], sf_remove_strategies_from_whitelist);
}

static int m_transfer_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return sf_transfer_ownership(e, msg->sender, abi_addr(&args[0]));
}

static int m_renounce_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    (void)ret;
    return sf_renounce_ownership(e, msg->sender);
}

static int m_deployed(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_addr(ret, sf_deployed_strategy(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_is_blacklisted(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, sf_is_blacklisted(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_deploy_vault(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    dv_config c;
    dv_config_from_abi(&args[0], &c);
    rs_addr vault;
    if (sf_deploy_duration_vault(e, msg->sender, &c, &vault) != RS_OK) return RS_REVERTED;
    rs_buf_word_addr(ret, vault);
    return RS_OK;
}

static int m_get_duration_vaults(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr token = abi_addr(&args[0]);
    uint64_t n = sf_duration_vault_count(e, token);
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, n);
    for (uint64_t i = 0; i < n; i++) rs_buf_word_addr(ret, sf_duration_vault_at(e, token, i));
    return RS_OK;
}

/* The public array getter: past the end it reverts with no data. */
static int m_duration_vaults_by_token(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr token = abi_addr(&args[0]);
    u256 i = abi_u256(&args[1]);
    if (!u256_lt(i, u256_from_u64(sf_duration_vault_count(e, token)))) return rs_revert_empty(e);
    rs_buf_word_addr(ret, sf_duration_vault_at(e, token, i.w[0]));
    return RS_OK;
}

static int m_owner(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_addr(ret, sf_owner(e));
    return RS_OK;
}

RS_PARAM_ADDR_GETTER(m_strategy_manager, strategy_manager)

RS_PARAM_ADDR_GETTER(m_strategy_beacon, strategy_beacon)

RS_PARAM_ADDR_GETTER(m_duration_vault_beacon, duration_vault_beacon)

static rs_method g_methods[] = {
    {"initialize(address,uint256)", rs_method_already_initialized, false, 0, NULL},
    {"deployNewStrategy(address)", m_deploy, false, 0, NULL},
    {"deployDurationVaultStrategy(" DV_CONFIG_TYPE ")", m_deploy_vault, false, 0, NULL},
    {"blacklistTokens(address[])", m_blacklist, false, 0, NULL},
    {"whitelistStrategies(address[])", m_whitelist, false, 0, NULL},
    {"removeStrategiesFromWhitelist(address[])", m_remove_whitelist, false, 0, NULL},
    {"transferOwnership(address)", m_transfer_ownership, false, 0, NULL},
    {"renounceOwnership()", m_renounce_ownership, false, 0, NULL},
    {"deployedStrategies(address)", m_deployed, false, 0, NULL},
    {"isBlacklisted(address)", m_is_blacklisted, false, 0, NULL},
    {"getDurationVaults(address)", m_get_duration_vaults, false, 0, NULL},
    {"durationVaultsByToken(address,uint256)", m_duration_vaults_by_token, false, 0, NULL},
    {"owner()", m_owner, false, 0, NULL},
    {"strategyManager()", m_strategy_manager, false, 0, NULL},
    {"strategyBeacon()", m_strategy_beacon, false, 0, NULL},
    {"durationVaultBeacon()", m_duration_vault_beacon, false, 0, NULL},
    PAUSABLE_METHODS,
};

int rs_contract_strategy_factory(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_methods, sizeof g_methods / sizeof g_methods[0], msg, ret);
}
