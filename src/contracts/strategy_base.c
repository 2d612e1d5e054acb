/* The StrategyBase surface (every strategy instance shares it). */
#include "contracts/pausable.h"
#include "protocol/pausing.h"
#include "protocol/strategy.h"
#include "contracts/dispatch.h"
#include "restake/contracts.h"

static int m_initialize(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return sb_initialize(e, msg->sender, msg->recipient, abi_addr(&args[0]));
}

static int m_deposit(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 shares;
    if (sb_deposit(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1]), &shares) != RS_OK) return RS_REVERTED;
    rs_buf_word(ret, shares);
    return RS_OK;
}

static int m_withdraw(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 out;
    if (sb_withdraw(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_addr(&args[1]), abi_u256(&args[2]), &out) != RS_OK)
        return RS_REVERTED;
    rs_buf_word(ret, out);
    return RS_OK;
}

static int m_before_add_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    (void)ret;
    return sb_before_add_shares(e, msg->sender, msg->recipient);
}

static int m_before_remove_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    (void)ret;
    return sb_before_remove_shares(e, msg->sender, msg->recipient);
}

static int m_explanation(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    (void)args;
    static const char s[] = "Base Strategy implementation to inherit from for more complex implementations";
    size_t n = sizeof s - 1;
    rs_buf_abi_lone_bytes(ret, s, n);
    return RS_OK;
}

static int m_shares_to_underlying(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 out;
    if (sb_shares_to_underlying_checked(e, msg->recipient, abi_u256(&args[0]), &out) != RS_OK) return RS_REVERTED;
    rs_buf_word(ret, out);
    return RS_OK;
}

static int m_underlying_to_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 out;
    if (sb_underlying_to_shares_checked(e, msg->recipient, abi_u256(&args[0]), &out) != RS_OK) return RS_REVERTED;
    rs_buf_word(ret, out);
    return RS_OK;
}

static int m_user_underlying(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 out, shares = sm_staker_deposit_shares(e, abi_addr(&args[0]), msg->recipient);
    if (sb_shares_to_underlying_checked(e, msg->recipient, shares, &out) != RS_OK) return RS_REVERTED;
    rs_buf_word(ret, out);
    return RS_OK;
}

static int m_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word(ret, sm_staker_deposit_shares(e, abi_addr(&args[0]), msg->recipient));
    return RS_OK;
}

static int m_total_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word(ret, sb_total_shares(e, msg->recipient));
    return RS_OK;
}

static int m_underlying_token(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word_addr(ret, sb_underlying_token(e, msg->recipient));
    return RS_OK;
}

RS_PARAM_ADDR_GETTER(m_strategy_manager, strategy_manager)

static rs_method g_methods[] = {
    {"initialize(address)", m_initialize, false, 0, NULL},
    {"deposit(address,uint256)", m_deposit, false, 0, NULL},
    {"withdraw(address,address,uint256)", m_withdraw, false, 0, NULL},
    {"beforeAddShares(address,uint256)", m_before_add_shares, false, 0, NULL},
    {"beforeRemoveShares(address,uint256)", m_before_remove_shares, false, 0, NULL},
    {"explanation()", m_explanation, false, 0, NULL},
    {"sharesToUnderlyingView(uint256)", m_shares_to_underlying, false, 0, NULL},
    {"sharesToUnderlying(uint256)", m_shares_to_underlying, false, 0, NULL},
    {"underlyingToSharesView(uint256)", m_underlying_to_shares, false, 0, NULL},
    {"underlyingToShares(uint256)", m_underlying_to_shares, false, 0, NULL},
    {"userUnderlyingView(address)", m_user_underlying, false, 0, NULL},
    {"userUnderlying(address)", m_user_underlying, false, 0, NULL},
    {"shares(address)", m_shares, false, 0, NULL},
    {"totalShares()", m_total_shares, false, 0, NULL},
    {"underlyingToken()", m_underlying_token, false, 0, NULL},
    {"strategyManager()", m_strategy_manager, false, 0, NULL},
    PAUSABLE_METHODS,
};

int rs_contract_strategy_base(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_methods, sizeof g_methods / sizeof g_methods[0], msg, ret);
}
