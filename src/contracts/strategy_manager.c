/* The StrategyManager surface. */
#include <stdlib.h>

#include "contracts/pausable.h"
#include "restake/buf.h"
#include "protocol/pausing.h"
#include "protocol/strategy.h"
#include "contracts/dispatch.h"
#include "restake/contracts.h"

static void put_addr_array(rs_buf *b, const rs_addr *v, size_t n) {
    rs_buf_word_u64(b, n);
    for (size_t i = 0; i < n; i++) rs_buf_word_addr(b, v[i]);
}

static void put_word_array(rs_buf *b, const u256 *v, size_t n) {
    rs_buf_word_u64(b, n);
    for (size_t i = 0; i < n; i++) rs_buf_word(b, v[i]);
}

/* (address[], uint256[]) of equal length n. */
static void ret_addrs_and_words(rs_buf *ret, const rs_addr *a, const u256 *w, size_t n) {
    rs_buf_word_u64(ret, 64);
    rs_buf_word_u64(ret, 64 + 32 * (n + 1));
    put_addr_array(ret, a, n);
    put_word_array(ret, w, n);
}

static void opset_arg(const abi_val *v, rs_addr *avs, uint32_t *id) {
    *avs = abi_addr(&v->items[0]);
    *id = (uint32_t)abi_u64(&v->items[1]);
}

static int ret_word(int rc, rs_buf *ret, u256 v) {
    if (rc == RS_OK) rs_buf_word(ret, v);
    return rc;
}

/* ---- mutating ---- */

static int m_deposit(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 shares = U256_ZERO;
    int rc = sm_deposit_into_strategy(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]), abi_u256(&args[2]), &shares);
    return ret_word(rc, ret, shares);
}

static int m_deposit_with_sig(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 shares = U256_ZERO;
    int rc = sm_deposit_into_strategy_with_signature(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]),
                                                     abi_u256(&args[2]), abi_addr(&args[3]), abi_u256(&args[4]),
                                                     args[5].ptr, args[5].len, &shares);
    return ret_word(rc, ret, shares);
}

static int m_remove_deposit_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 left = U256_ZERO;
    int rc = sm_remove_deposit_shares(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]), abi_u256(&args[2]), &left);
    return ret_word(rc, ret, left);
}

static int m_add_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 prev, added;
    if (sm_add_shares(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]), abi_u256(&args[2]), &prev, &added) != RS_OK)
        return RS_REVERTED;
    rs_buf_word(ret, prev);
    rs_buf_word(ret, added);
    return RS_OK;
}

static int m_withdraw_shares_as_tokens(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return sm_withdraw_shares_as_tokens(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]), abi_addr(&args[2]),
                                        abi_u256(&args[3]));
}

static int m_increase_bor(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_addr avs;
    uint32_t id;
    opset_arg(&args[0], &avs, &id);
    return sm_increase_burn_or_redistributable_shares(e, msg->sender, avs, id, abi_u256(&args[1]), abi_addr(&args[2]),
                                                      abi_u256(&args[3]));
}

static int m_clear_bor(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_addr avs;
    uint32_t id;
    opset_arg(&args[0], &avs, &id);
    u256 *amounts = NULL;
    size_t n = 0;
    if (sm_clear_burn_or_redistributable_shares(e, msg->sender, avs, id, abi_u256(&args[1]), &amounts, &n) != RS_OK)
        return RS_REVERTED;
    rs_buf_word_u64(ret, 32);
    put_word_array(ret, amounts, n);
    free(amounts);
    return RS_OK;
}

static int m_clear_bor_by_strategy(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_addr avs;
    uint32_t id;
    opset_arg(&args[0], &avs, &id);
    u256 out = U256_ZERO;
    int rc = sm_clear_burn_or_redistributable_shares_by_strategy(e, msg->sender, avs, id, abi_u256(&args[1]),
                                                                 abi_addr(&args[2]), &out);
    return ret_word(rc, ret, out);
}

static int m_burn_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return sm_burn_shares(e, msg->sender, abi_addr(&args[0]));
}

static int m_set_whitelister(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return sm_set_strategy_whitelister(e, msg->sender, abi_addr(&args[0]));
}

static int m_add_to_whitelist(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_addr *list = abi_addr_array(&args[0]);
    int rc = sm_add_strategies_to_deposit_whitelist(e, msg->sender, list, args[0].n);
    free(list);
    return rc;
}

static int m_remove_from_whitelist(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_addr *list = abi_addr_array(&args[0]);
    int rc = sm_remove_strategies_from_deposit_whitelist(e, msg->sender, list, args[0].n);
    free(list);
    return rc;
}

static int m_transfer_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return sm_transfer_ownership(e, msg->sender, abi_addr(&args[0]));
}

static int m_renounce_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    (void)ret;
    return sm_renounce_ownership(e, msg->sender);
}

/* ---- views ---- */

static int m_get_deposits(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr staker = abi_addr(&args[0]);
    rs_addr list[SM_MAX_STAKER_STRATEGY_LIST_LENGTH];
    u256 shares[SM_MAX_STAKER_STRATEGY_LIST_LENGTH];
    size_t n = sm_staker_strategy_list(e, staker, list, SM_MAX_STAKER_STRATEGY_LIST_LENGTH);
    for (size_t i = 0; i < n; i++) shares[i] = sm_staker_deposit_shares(e, staker, list[i]);
    ret_addrs_and_words(ret, list, shares, n);
    return RS_OK;
}

static int m_get_strategy_list(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr list[SM_MAX_STAKER_STRATEGY_LIST_LENGTH];
    size_t n = sm_staker_strategy_list(e, abi_addr(&args[0]), list, SM_MAX_STAKER_STRATEGY_LIST_LENGTH);
    rs_buf_word_u64(ret, 32);
    put_addr_array(ret, list, n);
    return RS_OK;
}

static int m_strategy_list_length(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_u64(ret, sm_staker_strategy_list_length(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_strategy_list_at(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr list[SM_MAX_STAKER_STRATEGY_LIST_LENGTH];
    size_t n = sm_staker_strategy_list(e, abi_addr(&args[0]), list, SM_MAX_STAKER_STRATEGY_LIST_LENGTH);
    u256 idx = abi_u256(&args[1]);
    /* A public array's generated getter checks the index with a bare revert,
     * not the Panic(0x32) of an indexing expression. */
    if (!u256_lt(idx, u256_from_u64(n))) return rs_revert_empty(e);
    rs_buf_word_addr(ret, list[idx.w[0]]);
    return RS_OK;
}

static int m_staker_deposit_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word(ret, sm_staker_deposit_shares(e, abi_addr(&args[0]), abi_addr(&args[1])));
    return RS_OK;
}

static int m_digest(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_b32(ret, sm_deposit_digest(e, abi_addr(&args[0]), abi_addr(&args[1]), abi_addr(&args[2]),
                                           abi_u256(&args[3]), abi_u256(&args[4]), abi_u256(&args[5])));
    return RS_OK;
}

static int m_get_bor_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr avs;
    uint32_t id;
    opset_arg(&args[0], &avs, &id);
    u256 slash_id = abi_u256(&args[1]);
    size_t n = sm_get_burn_or_redistributable_shares(e, avs, id, slash_id, NULL, NULL, 0);
    rs_addr *strategies = rs_xcalloc(n, sizeof *strategies);
    u256 *shares = rs_xcalloc(n, sizeof *shares);
    sm_get_burn_or_redistributable_shares(e, avs, id, slash_id, strategies, shares, n);
    ret_addrs_and_words(ret, strategies, shares, n);
    free(strategies);
    free(shares);
    return RS_OK;
}

static int m_get_bor_shares_of(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr avs;
    uint32_t id;
    opset_arg(&args[0], &avs, &id);
    rs_buf_word(ret, sm_get_burn_or_redistributable_shares_of(e, avs, id, abi_u256(&args[1]), abi_addr(&args[2])));
    return RS_OK;
}

static int m_get_bor_count(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr avs;
    uint32_t id;
    opset_arg(&args[0], &avs, &id);
    rs_buf_word_u64(ret, sm_get_burn_or_redistributable_count(e, avs, id, abi_u256(&args[1])));
    return RS_OK;
}

static int m_get_burnable_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word(ret, sm_get_burnable_shares(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_get_burnable_list(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    size_t n = sm_get_strategies_with_burnable_shares(e, NULL, NULL, 0);
    rs_addr *strategies = rs_xcalloc(n, sizeof *strategies);
    u256 *shares = rs_xcalloc(n, sizeof *shares);
    sm_get_strategies_with_burnable_shares(e, strategies, shares, n);
    ret_addrs_and_words(ret, strategies, shares, n);
    free(strategies);
    free(shares);
    return RS_OK;
}

static int m_get_pending_opsets(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    size_t n = sm_get_pending_operator_sets(e, NULL, NULL, 0);
    rs_addr *avs = rs_xcalloc(n, sizeof *avs);
    uint32_t *ids = rs_xcalloc(n, sizeof *ids);
    sm_get_pending_operator_sets(e, avs, ids, n);
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, n);
    for (size_t i = 0; i < n; i++) {
        rs_buf_word_addr(ret, avs[i]);
        rs_buf_word_u64(ret, ids[i]);
    }
    free(avs);
    free(ids);
    return RS_OK;
}

static int m_get_pending_slash_ids(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr avs;
    uint32_t id;
    opset_arg(&args[0], &avs, &id);
    size_t n = sm_get_pending_slash_ids(e, avs, id, NULL, 0);
    u256 *ids = rs_xcalloc(n, sizeof *ids);
    sm_get_pending_slash_ids(e, avs, id, ids, n);
    rs_buf_word_u64(ret, 32);
    put_word_array(ret, ids, n);
    free(ids);
    return RS_OK;
}

static int m_nonces(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word(ret, sm_nonce(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_whitelister(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_addr(ret, sm_strategy_whitelister(e));
    return RS_OK;
}

static int m_is_whitelisted(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, sm_strategy_is_whitelisted_for_deposit(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_deposit_typehash(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    (void)args;
    rs_buf_word_b32(ret, sm_deposit_typehash());
    return RS_OK;
}

RS_PARAM_ADDR_GETTER(m_burn_address, default_burn_address)

RS_PARAM_ADDR_GETTER(m_allocation_manager, allocation_manager)

RS_PARAM_ADDR_GETTER(m_delegation, delegation_manager)

static int m_domain_separator(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_b32(ret, sm_domain_separator(e));
    return RS_OK;
}

static int m_owner(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_addr(ret, sm_owner(e));
    return RS_OK;
}

static rs_method g_methods[] = {
    {"initialize(address,address,uint256)", rs_method_already_initialized, false, 0, NULL},
    {"depositIntoStrategy(address,address,uint256)", m_deposit, false, 0, NULL},
    {"depositIntoStrategyWithSignature(address,address,uint256,address,uint256,bytes)", m_deposit_with_sig, false, 0,
     NULL},
    {"removeDepositShares(address,address,uint256)", m_remove_deposit_shares, false, 0, NULL},
    {"addShares(address,address,uint256)", m_add_shares, false, 0, NULL},
    {"withdrawSharesAsTokens(address,address,address,uint256)", m_withdraw_shares_as_tokens, false, 0, NULL},
    {"increaseBurnOrRedistributableShares((address,uint32),uint256,address,uint256)", m_increase_bor, false, 0, NULL},
    {"clearBurnOrRedistributableShares((address,uint32),uint256)", m_clear_bor, false, 0, NULL},
    {"clearBurnOrRedistributableSharesByStrategy((address,uint32),uint256,address)", m_clear_bor_by_strategy, false, 0,
     NULL},
    {"burnShares(address)", m_burn_shares, false, 0, NULL},
    {"setStrategyWhitelister(address)", m_set_whitelister, false, 0, NULL},
    {"addStrategiesToDepositWhitelist(address[])", m_add_to_whitelist, false, 0, NULL},
    {"removeStrategiesFromDepositWhitelist(address[])", m_remove_from_whitelist, false, 0, NULL},
    {"transferOwnership(address)", m_transfer_ownership, false, 0, NULL},
    {"renounceOwnership()", m_renounce_ownership, false, 0, NULL},
    {"getDeposits(address)", m_get_deposits, false, 0, NULL},
    {"getStakerStrategyList(address)", m_get_strategy_list, false, 0, NULL},
    {"stakerStrategyListLength(address)", m_strategy_list_length, false, 0, NULL},
    {"stakerStrategyList(address,uint256)", m_strategy_list_at, false, 0, NULL},
    {"stakerDepositShares(address,address)", m_staker_deposit_shares, false, 0, NULL},
    {"calculateStrategyDepositDigestHash(address,address,address,uint256,uint256,uint256)", m_digest, false, 0, NULL},
    {"getBurnOrRedistributableShares((address,uint32),uint256)", m_get_bor_shares, false, 0, NULL},
    {"getBurnOrRedistributableShares((address,uint32),uint256,address)", m_get_bor_shares_of, false, 0, NULL},
    {"getBurnOrRedistributableCount((address,uint32),uint256)", m_get_bor_count, false, 0, NULL},
    {"getBurnableShares(address)", m_get_burnable_shares, false, 0, NULL},
    {"getStrategiesWithBurnableShares()", m_get_burnable_list, false, 0, NULL},
    {"getPendingOperatorSets()", m_get_pending_opsets, false, 0, NULL},
    {"getPendingSlashIds((address,uint32))", m_get_pending_slash_ids, false, 0, NULL},
    {"nonces(address)", m_nonces, false, 0, NULL},
    {"strategyWhitelister()", m_whitelister, false, 0, NULL},
    {"strategyIsWhitelistedForDeposit(address)", m_is_whitelisted, false, 0, NULL},
    {"DEPOSIT_TYPEHASH()", m_deposit_typehash, false, 0, NULL},
    {"DEFAULT_BURN_ADDRESS()", m_burn_address, false, 0, NULL},
    {"allocationManager()", m_allocation_manager, false, 0, NULL},
    {"delegation()", m_delegation, false, 0, NULL},
    {"domainSeparator()", m_domain_separator, false, 0, NULL},
    {"version()", rs_method_version, false, 0, NULL},
    {"owner()", m_owner, false, 0, NULL},
    PAUSABLE_METHODS,
};

int rs_contract_strategy_manager(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_methods, sizeof g_methods / sizeof g_methods[0], msg, ret);
}
