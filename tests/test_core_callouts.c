/* The core calling code that is not its own: tokens with contract code
 * (OpenZeppelin 4.9 SafeERC20 outcomes, balanceOf and decimals as static
 * calls, fee-on-transfer arithmetic), the StrategyManager's and the
 * DelegationManager's reentrancy guards against a token that calls back, and
 * ERC-1271 wallets in signature checks. The foreign code is a native test
 * contract behind the OPAQUE code kind, standing in for EVM bytecode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/erc20.h"
#include "protocol/reentrancy.h"
#include "protocol/strategy.h"
#include "protocol/strategy_base.h"
#include "restake/contracts.h"
#include "restake/router.h"
#include "opaque_fixture.h"

#define SM A(0x100)
#define DM A(0x101)
#define AM A(0x102)
#define WHITELISTER A(0x103)
#define STRAT A(0x200)
#define TOKEN A(0x300)   /* the foreign token */
#define WALLET A(0x301)  /* an ERC-1271 wallet */
#define EOA_TOKEN A(0x302)
#define ALICE A(0x400)
#define BOB A(0x401)

#define NS_TEST_BALANCE 0x7f01

/* ---- the foreign token's behaviour, set per test ---- */
typedef enum { RET_TRUE, RET_NOTHING, RET_FALSE, RET_TWO, RET_SHORT, REVERT_EMPTY, REVERT_CUSTOM } ret_mode;

static struct {
    ret_mode mode;
    uint64_t fee;           /* kept back from every transfer */
    bool reenter;           /* call `reenter_cd` on `reenter_to` first */
    bool bubble;            /* a failed re-entry reverts the transfer with its data */
    rs_addr reenter_to;
    uint8_t reenter_cd[256];
    size_t reenter_len;
    int reentry_rc;         /* outcome of the last re-entry */
    uint8_t reentry_revert[128];
    size_t reentry_revert_len;
    unsigned balance_calls, balance_static; /* balanceOf calls, and how many came in static frames */
    rs_addr balance_caller;
    /* the wallet */
    uint8_t wallet_word[32];
    bool wallet_reverts;
    unsigned wallet_calls;
    bool wallet_static;
    rs_addr wallet_caller;
    uint8_t wallet_input[256];
    size_t wallet_input_len;
} g;

static rs_key balance_key(rs_addr holder) {
    rs_key k = rs_key_ns(NS_TEST_BALANCE);
    rs_key_addr(&k, holder);
    return k;
}

static u256 balance(rs_env *e, rs_addr holder) {
    rs_key k = balance_key(holder);
    return rs_sload(e->st, &k);
}

static void set_balance(rs_env *e, rs_addr holder, u256 v) {
    rs_key k = balance_key(holder);
    rs_sstore(e->st, &k, v);
}

static uint32_t selector_of(const rs_msg *msg) {
    if (msg->input_len < 4) return 0;
    const uint8_t *p = msg->input;
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static rs_addr arg_addr(const rs_msg *msg, unsigned i) { return rs_addr_from_u256(u256_from_be(msg->input + 4 + 32 * i)); }
static u256 arg_word(const rs_msg *msg, unsigned i) { return u256_from_be(msg->input + 4 + 32 * i); }

static const uint8_t CUSTOM_ARG[1] = {0x01};

static int answer(rs_env *e, rs_buf *ret) {
    switch (g.mode) {
    case RET_TRUE: rs_buf_word(ret, U256_ONE); return RS_OK;
    case RET_NOTHING: return RS_OK;
    case RET_FALSE: rs_buf_word(ret, U256_ZERO); return RS_OK;
    case RET_TWO: rs_buf_word(ret, u256_from_u64(2)); return RS_OK;
    case RET_SHORT: rs_buf_zeros(ret, 16); return RS_OK;
    case REVERT_EMPTY: return rs_revert_empty(e);
    case REVERT_CUSTOM: return rs_revert_args(e, "Custom(uint8)", CUSTOM_ARG, sizeof CUSTOM_ARG);
    }
    return RS_OK;
}

/* The token's hook: calls the armed target first, as the ReentrantToken does. */
static int maybe_reenter(rs_env *e) {
    if (!g.reenter) return RS_OK;
    g.reentry_rc = rs_call(e, TOKEN, g.reenter_to, U256_ZERO, g.reenter_cd, g.reenter_len, NULL);
    g.reentry_revert_len = 0;
    if (g.reentry_rc != RS_OK) {
        g.reentry_revert_len = e->revert_len < sizeof g.reentry_revert ? e->revert_len : sizeof g.reentry_revert;
        memcpy(g.reentry_revert, e->revert, g.reentry_revert_len);
        if (g.bubble) return RS_REVERTED;
    }
    return RS_OK;
}

static int move(rs_env *e, rs_addr from, rs_addr to, u256 amount) {
    u256 fb = balance(e, from);
    if (u256_lt(fb, amount)) return rs_revert_string(e, "low balance");
    set_balance(e, from, u256_sub_wrap(fb, amount));
    u256 fee = u256_from_u64(g.fee);
    u256 net = u256_lt(amount, fee) ? U256_ZERO : u256_sub_wrap(amount, fee);
    set_balance(e, to, u256_add_wrap(balance(e, to), net));
    return RS_OK;
}

static int token(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    uint32_t sel = selector_of(msg);
    if (sel == rs_sig_selector("balanceOf(address)")) {
        g.balance_calls++;
        if (e->is_static) g.balance_static++;
        g.balance_caller = msg->sender;
        rs_buf_word(ret, balance(e, arg_addr(msg, 0)));
        return RS_OK;
    }
    if (sel == rs_sig_selector("decimals()")) {
        rs_buf_word(ret, u256_from_u64(g.mode == RET_TWO ? 300 : 6));
        return RS_OK;
    }
    if (sel == rs_sig_selector("transferFrom(address,address,uint256)")) {
        if (maybe_reenter(e) != RS_OK) return RS_REVERTED;
        if (g.mode == RET_TRUE || g.mode == RET_NOTHING)
            if (move(e, arg_addr(msg, 0), arg_addr(msg, 1), arg_word(msg, 2)) != RS_OK) return RS_REVERTED;
        return answer(e, ret);
    }
    if (sel == rs_sig_selector("transfer(address,uint256)")) {
        if (maybe_reenter(e) != RS_OK) return RS_REVERTED;
        if (g.mode == RET_TRUE || g.mode == RET_NOTHING)
            if (move(e, msg->sender, arg_addr(msg, 0), arg_word(msg, 1)) != RS_OK) return RS_REVERTED;
        return answer(e, ret);
    }
    return rs_revert_empty(e);
}

static int wallet(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    g.wallet_calls++;
    g.wallet_static = e->is_static;
    g.wallet_caller = msg->sender;
    g.wallet_input_len = msg->input_len < sizeof g.wallet_input ? msg->input_len : sizeof g.wallet_input;
    memcpy(g.wallet_input, msg->input, g.wallet_input_len);
    if (g.wallet_reverts) return rs_revert_word(e, "BadSignature(bytes32)", U256_ONE);
    rs_buf_put(ret, g.wallet_word, 32);
    return RS_OK;
}

static int foreign(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    if (rs_addr_eq(msg->code_address, WALLET)) return wallet(e, msg, ret);
    return token(e, msg, ret);
}

static int setup(void **state) {
    memset(&g, 0, sizeof g);
    world *w = opaque_world_new(foreign);
    w->p.strategy_manager = SM;
    w->p.delegation_manager = DM;
    w->p.allocation_manager = AM;
    rs_code_set(w->st, SM, RS_CODE_STRATEGY_MANAGER);
    rs_code_set(w->st, DM, RS_CODE_DELEGATION_MANAGER);
    rs_code_set(w->st, AM, RS_CODE_ALLOCATION_MANAGER);
    rs_code_set(w->st, TOKEN, RS_CODE_OPAQUE);
    rs_code_set(w->st, WALLET, RS_CODE_OPAQUE);
    sb_create(w->st, STRAT, TOKEN);
    rs_key wk = rs_key_ns(NS_SM_WHITELISTER);
    rs_sstore_addr(w->st, &wk, WHITELISTER);
    assert_int_equal(sm_add_strategies_to_deposit_whitelist(&w->e, WHITELISTER, (rs_addr[]){STRAT}, 1), RS_OK);
    set_balance(&w->e, ALICE, u256_from_u64(1000000));
    rs_state_commit(w->st);
    w->e.nlogs = 0;
    w->e.logdata_len = 0;
    *state = w;
    return 0;
}

static int teardown(void **state) { return opaque_world_teardown(state); }

/* Error(string) as Solidity encodes it. */
static void expect_error_string(const rs_env *e, const char *msg) {
    size_t n = strlen(msg), padded = (n + 31) / 32 * 32;
    assert_int_equal(e->revert_len, 4 + 64 + padded);
    static const uint8_t sel[4] = {0x08, 0xc3, 0x79, 0xa0};
    assert_memory_equal(e->revert, sel, 4);
    assert_int_equal(u256_from_be(e->revert + 4).w[0], 32);
    assert_int_equal(u256_from_be(e->revert + 36).w[0], n);
    assert_memory_equal(e->revert + 68, msg, n);
}

static void expect_selector(const rs_env *e, const char *sig, size_t len) {
    assert_int_equal(e->revert_len, len);
    uint8_t sel[4];
    rs_selector_put(sel, rs_sig_selector(sig));
    assert_memory_equal(e->revert, sel, 4);
}

/* ---- SafeERC20 ---- */

/* SafeERC20.safeTransfer from the strategy, through a frame as a contract makes it. */
static int safe_transfer(world *w, rs_addr token_addr) {
    return erc20_transfer(&w->e, STRAT, token_addr, BOB, u256_from_u64(5));
}

static void test_safe_transfer_accepts_true_and_no_return(void **state) {
    world *w = *state;
    set_balance(&w->e, STRAT, u256_from_u64(10));
    g.mode = RET_TRUE;
    assert_int_equal(safe_transfer(w, TOKEN), RS_OK);
    g.mode = RET_NOTHING;
    assert_int_equal(safe_transfer(w, TOKEN), RS_OK);
    assert_int_equal(balance(&w->e, BOB).w[0], 10);
}

static void test_safe_transfer_false_did_not_succeed(void **state) {
    world *w = *state;
    g.mode = RET_FALSE;
    assert_int_equal(safe_transfer(w, TOKEN), RS_REVERTED);
    expect_error_string(&w->e, "SafeERC20: ERC20 operation did not succeed");
}

static void test_safe_transfer_empty_revert_is_low_level_call_failed(void **state) {
    world *w = *state;
    g.mode = REVERT_EMPTY;
    assert_int_equal(safe_transfer(w, TOKEN), RS_REVERTED);
    expect_error_string(&w->e, "SafeERC20: low-level call failed");
}

static void test_safe_transfer_bubbles_revert_data(void **state) {
    world *w = *state;
    g.mode = REVERT_CUSTOM;
    assert_int_equal(safe_transfer(w, TOKEN), RS_REVERTED);
    expect_selector(&w->e, "Custom(uint8)", 5); /* unchanged, even though not a whole word */
    assert_int_equal(w->e.revert[4], 0x01);
}

static void test_safe_transfer_undecodable_return_reverts_empty(void **state) {
    world *w = *state;
    g.mode = RET_TWO;
    assert_int_equal(safe_transfer(w, TOKEN), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    g.mode = RET_SHORT;
    assert_int_equal(safe_transfer(w, TOKEN), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
}

static void test_safe_transfer_to_account_without_code(void **state) {
    world *w = *state;
    assert_int_equal(safe_transfer(w, EOA_TOKEN), RS_REVERTED);
    expect_error_string(&w->e, "Address: call to non-contract");
}

/* ---- deposits: balanceOf as a static call, fee-on-transfer arithmetic ---- */

static int deposit(world *w, rs_addr staker, uint64_t amount) {
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_selector(&cd, "depositIntoStrategy(address,address,uint256)");
    rs_buf_word_addr(&cd, STRAT);
    rs_buf_word_addr(&cd, TOKEN);
    rs_buf_word(&cd, u256_from_u64(amount));
    int rc = rs_call(&w->e, staker, SM, U256_ZERO, cd.p, cd.len, &w->ret);
    rs_buf_free(&cd);
    return rc;
}

static void test_deposit_reads_the_balance_with_a_static_call(void **state) {
    world *w = *state;
    g.mode = RET_TRUE;
    assert_int_equal(deposit(w, ALICE, 5000), RS_OK);
    assert_int_equal(w->ret.len, 32);
    assert_int_equal(u256_from_be(w->ret.p).w[0], 5000); /* 1:1 at the start */
    assert_true(g.balance_calls >= 1);
    assert_int_equal(g.balance_static, g.balance_calls);
    assert_memory_equal(g.balance_caller.b, STRAT.b, 20);
    assert_int_equal(sm_staker_deposit_shares(&w->e, ALICE, STRAT).w[0], 5000);
    assert_false(guard_is_entered(&w->e, SM));
}

/* StrategyBase computes the prior balance as balance + 1000 - amount: a fee
 * above the strategy's balance + 1000 underflows, a smaller one over-credits. */
static void test_fee_on_transfer_underflows_or_over_credits(void **state) {
    world *w = *state;
    g.mode = RET_TRUE;
    g.fee = 1001;
    assert_int_equal(deposit(w, ALICE, 5000), RS_REVERTED);
    static const uint8_t panic_sel[4] = {0x4e, 0x48, 0x7b, 0x71};
    assert_int_equal(w->e.revert_len, 36);
    assert_memory_equal(w->e.revert, panic_sel, 4);
    assert_int_equal(u256_from_be(w->e.revert + 4).w[0], 0x11);
    assert_int_equal(balance(&w->e, STRAT).w[0], 0); /* nothing kept */

    g.fee = 500;
    assert_int_equal(deposit(w, ALICE, 5000), RS_OK);
    /* 5000 * (0 + 1000) / (4500 + 1000 - 5000) */
    assert_int_equal(u256_from_be(w->ret.p).w[0], 10000);
}

static void test_decimals_of_a_foreign_token(void **state) {
    world *w = *state;
    uint8_t d = 0;
    g.mode = RET_TRUE;
    assert_int_equal(erc20_decimals_call(&w->e, STRAT, TOKEN, &d), RS_OK);
    assert_int_equal(d, 6);
    g.mode = RET_TWO; /* answers 300: not a uint8 */
    assert_int_equal(erc20_decimals_call(&w->e, STRAT, TOKEN, &d), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
}

/* ---- the reentrancy guard ---- */

static void arm(rs_addr to, const rs_buf *cd, bool bubble) {
    g.reenter = true;
    g.bubble = bubble;
    g.reenter_to = to;
    memcpy(g.reenter_cd, cd->p, cd->len);
    g.reenter_len = cd->len;
}

static void arm_deposit(bool bubble) {
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_selector(&cd, "depositIntoStrategy(address,address,uint256)");
    rs_buf_word_addr(&cd, STRAT);
    rs_buf_word_addr(&cd, TOKEN);
    rs_buf_word(&cd, u256_from_u64(1));
    arm(SM, &cd, bubble);
    rs_buf_free(&cd);
}

static void test_reentering_a_deposit_bubbles_the_guard_error(void **state) {
    world *w = *state;
    g.mode = RET_TRUE;
    arm_deposit(true);
    assert_int_equal(deposit(w, ALICE, 5000), RS_REVERTED);
    expect_error_string(&w->e, "ReentrancyGuard: reentrant call");
    assert_false(guard_is_entered(&w->e, SM));
    assert_int_equal(sm_staker_deposit_shares(&w->e, ALICE, STRAT).w[0], 0);
}

static void test_reentry_caught_by_the_token_lets_the_deposit_succeed(void **state) {
    world *w = *state;
    g.mode = RET_TRUE;
    arm_deposit(false);
    assert_int_equal(deposit(w, ALICE, 5000), RS_OK);
    assert_int_equal(g.reentry_rc, RS_REVERTED);
    static const char msg[] = "ReentrancyGuard: reentrant call";
    assert_int_equal(g.reentry_revert_len, 4 + 64 + 32);
    assert_memory_equal(g.reentry_revert + 68, msg, sizeof msg - 1);
    assert_int_equal(sm_staker_deposit_shares(&w->e, ALICE, STRAT).w[0], 5000);
    assert_false(guard_is_entered(&w->e, SM));
    /* the guard is open again: a later deposit is not refused */
    g.reenter = false;
    assert_int_equal(deposit(w, ALICE, 100), RS_OK);
}

/* The DelegationManager is not entered during a deposit: a token may call
 * queueWithdrawals([]) there. */
static void test_delegation_manager_is_not_entered_during_a_deposit(void **state) {
    world *w = *state;
    g.mode = RET_TRUE;
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_selector(&cd, "queueWithdrawals((address[],uint256[],address)[])");
    rs_buf_word(&cd, u256_from_u64(32));
    rs_buf_word(&cd, U256_ZERO);
    arm(DM, &cd, true);
    rs_buf_free(&cd);
    assert_int_equal(deposit(w, ALICE, 5000), RS_OK);
    assert_int_equal(g.reentry_rc, RS_OK);
}

static void test_guard_refuses_while_entered(void **state) {
    world *w = *state;
    assert_int_equal(guard_enter(&w->e, DM), RS_OK);
    assert_int_equal(guard_check(&w->e, DM), RS_REVERTED);
    expect_error_string(&w->e, "ReentrancyGuard: reentrant call");
    assert_int_equal(guard_enter(&w->e, DM), RS_REVERTED);
    assert_int_equal(guard_check(&w->e, SM), RS_OK); /* per contract */
    guard_exit(&w->e, DM);
    assert_int_equal(guard_check(&w->e, DM), RS_OK);
}

/* ---- ERC-1271 ---- */

static const rs_b32 DIGEST = {{0xaa, 0xbb, 0xcc}};
static const uint8_t SIG[7] = {1, 2, 3, 4, 5, 6, 7};

static void set_wallet_answer(uint32_t magic, bool extra) {
    memset(g.wallet_word, 0, 32);
    g.wallet_word[0] = (uint8_t)(magic >> 24);
    g.wallet_word[1] = (uint8_t)(magic >> 16);
    g.wallet_word[2] = (uint8_t)(magic >> 8);
    g.wallet_word[3] = (uint8_t)magic;
    if (extra) g.wallet_word[31] = 1;
}

static int check(world *w, rs_addr signer, uint64_t expiry) {
    return sm_check_signature(&w->e, DM, signer, DIGEST, SIG, sizeof SIG, u256_from_u64(expiry));
}

static void test_wallet_magic_value_is_a_valid_signature(void **state) {
    world *w = *state;
    w->e.timestamp = 100;
    set_wallet_answer(0x1626ba7e, false);
    assert_int_equal(check(w, WALLET, 100), RS_OK);
    assert_int_equal(g.wallet_calls, 1);
    assert_true(g.wallet_static);
    assert_memory_equal(g.wallet_caller.b, DM.b, 20);
    /* isValidSignature(bytes32,bytes): selector, digest, offset 64, length, padded bytes */
    assert_int_equal(g.wallet_input_len, 4 + 32 * 4);
    uint8_t sel[4];
    rs_selector_put(sel, 0x1626ba7e);
    assert_memory_equal(g.wallet_input, sel, 4);
    assert_memory_equal(g.wallet_input + 4, DIGEST.b, 32);
    assert_int_equal(u256_from_be(g.wallet_input + 36).w[0], 64);
    assert_int_equal(u256_from_be(g.wallet_input + 68).w[0], sizeof SIG);
    assert_memory_equal(g.wallet_input + 100, SIG, sizeof SIG);
}

static void test_wallet_wrong_answers_are_invalid(void **state) {
    world *w = *state;
    w->e.timestamp = 100;
    set_wallet_answer(0xffffffff, false);
    assert_int_equal(check(w, WALLET, 100), RS_REVERTED);
    expect_selector(&w->e, "InvalidSignature()", 4);
    set_wallet_answer(0x1626ba7e, true); /* the word must be the selector, left-aligned, rest zero */
    assert_int_equal(check(w, WALLET, 100), RS_REVERTED);
    expect_selector(&w->e, "InvalidSignature()", 4);
    g.wallet_reverts = true; /* strict mode: its revert is only an answer */
    assert_int_equal(check(w, WALLET, 100), RS_REVERTED);
    expect_selector(&w->e, "InvalidSignature()", 4);
    assert_int_equal(check(w, ALICE, 100), RS_REVERTED); /* no code, bad ECDSA */
    expect_selector(&w->e, "InvalidSignature()", 4);
}

static void test_expiry_is_checked_before_the_wallet_is_asked(void **state) {
    world *w = *state;
    w->e.timestamp = 101;
    set_wallet_answer(0x1626ba7e, false);
    assert_int_equal(check(w, WALLET, 100), RS_REVERTED);
    expect_selector(&w->e, "SignatureExpired()", 4);
    assert_int_equal(g.wallet_calls, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_safe_transfer_accepts_true_and_no_return, setup, teardown),
        cmocka_unit_test_setup_teardown(test_safe_transfer_false_did_not_succeed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_safe_transfer_empty_revert_is_low_level_call_failed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_safe_transfer_bubbles_revert_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_safe_transfer_undecodable_return_reverts_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_safe_transfer_to_account_without_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deposit_reads_the_balance_with_a_static_call, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fee_on_transfer_underflows_or_over_credits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decimals_of_a_foreign_token, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reentering_a_deposit_bubbles_the_guard_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reentry_caught_by_the_token_lets_the_deposit_succeed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delegation_manager_is_not_entered_during_a_deposit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guard_refuses_while_entered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wallet_magic_value_is_a_valid_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wallet_wrong_answers_are_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expiry_is_checked_before_the_wallet_is_asked, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
