#include "protocol/strategy_base.h"

#include "protocol/erc20.h"
#include "protocol/pausing.h"
#include "restake/accounts.h"

static rs_key strategy_key(uint16_t ns, rs_addr strategy) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, strategy);
    return k;
}

rs_addr sb_underlying_token(rs_env *e, rs_addr strategy) {
    rs_key k = strategy_key(NS_SB_TOKEN, strategy);
    return rs_sload_addr(e->st, &k);
}

u256 sb_total_shares(rs_env *e, rs_addr strategy) {
    rs_key k = strategy_key(NS_SB_TOTAL_SHARES, strategy);
    return rs_sload(e->st, &k);
}

static void store_total_shares(rs_env *e, rs_addr strategy, u256 v) {
    rs_key k = strategy_key(NS_SB_TOTAL_SHARES, strategy);
    rs_sstore(e->st, &k, v);
}

/* underlyingToken.balanceOf(address(this)): a STATICCALL when the token is
 * contract code of its own. */
static int token_balance(rs_env *e, rs_addr strategy, u256 *out) {
    return erc20_balance_of_call(e, strategy, sb_underlying_token(e, strategy), strategy, out);
}

/* totalShares + SHARES_OFFSET and balance + BALANCE_OFFSET, checked as Solidity adds. */
static int virtual_amounts(rs_env *e, rs_addr strategy, u256 *vshares, u256 *vbalance) {
    if (!u256_add(vshares, sb_total_shares(e, strategy), e->p->strategy_shares_offset)) return rs_panic(e, PANIC_OVERFLOW);
    u256 balance;
    if (token_balance(e, strategy, &balance) != RS_OK) return RS_REVERTED;
    if (!u256_add(vbalance, balance, e->p->strategy_balance_offset)) return rs_panic(e, PANIC_OVERFLOW);
    return RS_OK;
}

/* (a * b) / d with Solidity 0.8's checked multiply and division. */
static int mul_div_checked(rs_env *e, u256 a, u256 b, u256 d, u256 *out) {
    u256 prod;
    if (!u256_mul(&prod, a, b)) return rs_panic(e, PANIC_OVERFLOW);
    if (!u256_div(out, prod, d)) return rs_panic(e, PANIC_DIV_ZERO);
    return RS_OK;
}

int sb_shares_to_underlying_checked(rs_env *e, rs_addr strategy, u256 shares, u256 *out) {
    u256 vshares, vbalance;
    if (virtual_amounts(e, strategy, &vshares, &vbalance) != RS_OK) return RS_REVERTED;
    return mul_div_checked(e, vbalance, shares, vshares, out);
}

int sb_underlying_to_shares_checked(rs_env *e, rs_addr strategy, u256 amount, u256 *out) {
    u256 vshares, vbalance;
    if (virtual_amounts(e, strategy, &vshares, &vbalance) != RS_OK) return RS_REVERTED;
    return mul_div_checked(e, amount, vshares, vbalance, out);
}

u256 sb_shares_to_underlying_view(rs_env *e, rs_addr strategy, u256 shares) {
    u256 out = U256_ZERO;
    size_t saved = e->revert_len;
    if (sb_shares_to_underlying_checked(e, strategy, shares, &out) != RS_OK) e->revert_len = saved;
    return out;
}

u256 sb_underlying_to_shares_view(rs_env *e, rs_addr strategy, u256 amount) {
    u256 out = U256_ZERO;
    size_t saved = e->revert_len;
    if (sb_underlying_to_shares_checked(e, strategy, amount, &out) != RS_OK) e->revert_len = saved;
    return out;
}

static int only_strategy_manager(rs_env *e, rs_addr msg_sender) {
    return rs_addr_eq(msg_sender, e->p->strategy_manager) ? RS_OK : rs_revert(e, "OnlyStrategyManager()");
}

/* ExchangeRateEmitted(1e18 * virtualTokenBalance / virtualTotalShares). */
static int emit_exchange_rate(rs_env *e, rs_addr strategy, u256 vbalance, u256 vshares) {
    u256 rate;
    if (mul_div_checked(e, u256_from_u64(1000000000000000000ULL), vbalance, vshares, &rate) != RS_OK)
        return RS_REVERTED;
    uint8_t data[32];
    u256_to_be(rate, data);
    rs_emit(e, strategy, "ExchangeRateEmitted(uint256)", 0, NULL, data, 32);
    return RS_OK;
}

int sb_initialize_base(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr token) {
    rs_key tk = strategy_key(NS_SB_TOKEN, strategy);
    rs_sstore_addr(e->st, &tk, token);
    pause_set_status(e, strategy, msg_sender, U256_ZERO);
    /* IERC20Metadata(token).decimals(), called by the new strategy */
    uint8_t decimals;
    if (erc20_decimals_call(e, strategy, token, &decimals) != RS_OK) return RS_REVERTED;
    uint8_t data[64];
    memset(data, 0, sizeof data);
    memcpy(data + 12, token.b, 20);
    data[63] = decimals;
    rs_emit(e, strategy, "StrategyTokenSet(address,uint8)", 0, NULL, data, 64);
    return RS_OK;
}

int sb_initializer_enter(rs_env *e, rs_addr strategy) {
    rs_key ik = strategy_key(NS_SB_INITIALIZED, strategy);
    if (rs_sload_u64(e->st, &ik) != 0) return rs_revert_string(e, "Initializable: contract is already initialized");
    rs_sstore_u64(e->st, &ik, 1);
    return RS_OK;
}

void sb_initializer_done(rs_env *e, rs_addr strategy) {
    uint8_t ver[32] = {0};
    ver[31] = 1;
    rs_emit(e, strategy, "Initialized(uint8)", 0, NULL, ver, 32);
}

int sb_initialize(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr token) {
    if (sb_initializer_enter(e, strategy) != RS_OK) return RS_REVERTED;
    if (sb_initialize_base(e, msg_sender, strategy, token) != RS_OK) return RS_REVERTED;
    sb_initializer_done(e, strategy);
    return RS_OK;
}

int sb_deposit(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr token, u256 amount, u256 *new_shares) {
    if (pause_require_not_paused(e, strategy, SB_PAUSED_DEPOSITS) != RS_OK) return RS_REVERTED;
    if (only_strategy_manager(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (!rs_addr_eq(token, sb_underlying_token(e, strategy))) return rs_revert(e, "OnlyUnderlyingToken()");

    u256 prior = sb_total_shares(e, strategy);
    u256 vshares, vbalance, vprior_balance, shares, total;
    if (virtual_amounts(e, strategy, &vshares, &vbalance) != RS_OK) return RS_REVERTED;
    /* the tokens were transferred in already: the rate is the one before them */
    if (!u256_sub(&vprior_balance, vbalance, amount)) return rs_panic(e, PANIC_OVERFLOW);
    if (mul_div_checked(e, amount, vshares, vprior_balance, &shares) != RS_OK) return RS_REVERTED;
    if (u256_is_zero(shares)) return rs_revert(e, "NewSharesZero()");
    if (!u256_add(&total, prior, shares)) return rs_panic(e, PANIC_OVERFLOW);
    assert(u256_gt(total, prior)); /* a deposit mints at least one share */
    store_total_shares(e, strategy, total);
    if (u256_gt(total, e->p->strategy_max_total_shares)) return rs_revert(e, "TotalSharesExceedsMax()");

    u256 vtotal;
    if (!u256_add(&vtotal, total, e->p->strategy_shares_offset)) return rs_panic(e, PANIC_OVERFLOW);
    if (emit_exchange_rate(e, strategy, vbalance, vtotal) != RS_OK) return RS_REVERTED;
    *new_shares = shares;
    return RS_OK;
}

int sb_withdraw(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr recipient, rs_addr token,
                u256 amount_shares, u256 *amount_out) {
    if (pause_require_not_paused(e, strategy, SB_PAUSED_WITHDRAWALS) != RS_OK) return RS_REVERTED;
    if (only_strategy_manager(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (!rs_addr_eq(token, sb_underlying_token(e, strategy))) return rs_revert(e, "OnlyUnderlyingToken()");

    u256 prior = sb_total_shares(e, strategy);
    if (u256_gt(amount_shares, prior)) return rs_revert(e, "WithdrawalAmountExceedsTotalDeposits()");
    u256 vshares, vbalance, out;
    if (virtual_amounts(e, strategy, &vshares, &vbalance) != RS_OK) return RS_REVERTED;
    if (mul_div_checked(e, vbalance, amount_shares, vshares, &out) != RS_OK) return RS_REVERTED;
    assert(u256_le(amount_shares, prior)); /* checked above: the subtraction cannot wrap */
    u256 total = u256_sub_wrap(prior, amount_shares);
    store_total_shares(e, strategy, total);

    u256 vbal_after, vtotal;
    if (!u256_sub(&vbal_after, vbalance, out) || !u256_add(&vtotal, total, e->p->strategy_shares_offset))
        return rs_panic(e, PANIC_OVERFLOW);
    if (emit_exchange_rate(e, strategy, vbal_after, vtotal) != RS_OK) return RS_REVERTED;
    if (erc20_transfer(e, strategy, token, recipient, out) != RS_OK) return RS_REVERTED;
    assert(u256_le(out, vbalance)); /* never pays out more than the virtual balance */
    *amount_out = out;
    return RS_OK;
}

int sb_before_add_shares(rs_env *e, rs_addr msg_sender, rs_addr strategy) {
    (void)strategy;
    return only_strategy_manager(e, msg_sender);
}

int sb_before_remove_shares(rs_env *e, rs_addr msg_sender, rs_addr strategy) {
    (void)strategy;
    return only_strategy_manager(e, msg_sender);
}

void sb_create(rs_state *st, rs_addr strategy, rs_addr token) {
    rs_code_set(st, strategy, RS_CODE_STRATEGY_BASE);
    rs_key tk = strategy_key(NS_SB_TOKEN, strategy);
    rs_sstore_addr(st, &tk, token);
    rs_key ik = strategy_key(NS_SB_INITIALIZED, strategy);
    rs_sstore_u64(st, &ik, 1);
}
