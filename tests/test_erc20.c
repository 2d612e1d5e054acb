/* Native OpenZeppelin 4.9 ERC20: balances, allowances, errors, events, mint. */
#include "liquid_fixture.h"
#include "protocol/erc20.h"
#include "test_util.h"

static rs_addr g_token, g_alice, g_bob, g_carol;

static int setup(void **state) {
    lq_world *w = lq_new();
    g_token = lq_addr(0x300);
    g_alice = lq_addr(0x400);
    g_bob = lq_addr(0x401);
    g_carol = lq_addr(0x402);
    erc20_create(w->st, g_token, "TKA token", "TKA", 18, true);
    erc20_credit(w->st, g_token, g_alice, lq_u(1000));
    *state = w;
    return 0;
}

static void test_transfer_moves_balance_and_emits(void **state) {
    lq_world *w = *state;
    assert_int_equal(erc20_transfer(&w->e, g_alice, g_token, g_bob, lq_u(100)), RS_OK);
    assert_int_equal(erc20_balance_of(&w->e, g_token, g_alice).w[0], 900);
    assert_int_equal(erc20_balance_of(&w->e, g_token, g_bob).w[0], 100);
    assert_int_equal(erc20_total_supply(&w->e, g_token).w[0], 1000);
    assert_int_equal(w->e.nlogs, 1);
    lq_expect_topic0(&w->e, 0, "Transfer(address,address,uint256)");
    assert_true(rs_addr_eq(w->e.logs[0].address, g_token));
    assert_true(rs_addr_eq(lq_topic_addr(&w->e, 0, 1), g_alice));
    assert_true(rs_addr_eq(lq_topic_addr(&w->e, 0, 2), g_bob));
    assert_int_equal(lq_log_word(&w->e, 0, 0).w[0], 100);
}

static void test_transfer_errors(void **state) {
    lq_world *w = *state;
    assert_int_equal(erc20_transfer(&w->e, g_alice, g_token, g_bob, lq_u(1001)), RS_REVERTED);
    lq_expect_string(&w->e, "ERC20: transfer amount exceeds balance");
    assert_int_equal(erc20_transfer(&w->e, g_alice, g_token, RS_ADDR_ZERO, lq_u(1)), RS_REVERTED);
    lq_expect_string(&w->e, "ERC20: transfer to the zero address");
    assert_int_equal(erc20_approve(&w->e, g_alice, g_token, RS_ADDR_ZERO, lq_u(1)), RS_REVERTED);
    lq_expect_string(&w->e, "ERC20: approve to the zero address");
}

static void test_transfer_from_spends_allowance(void **state) {
    lq_world *w = *state;
    assert_int_equal(erc20_transfer_from(&w->e, g_bob, g_token, g_alice, g_carol, lq_u(1)), RS_REVERTED);
    lq_expect_string(&w->e, "ERC20: insufficient allowance");

    assert_int_equal(erc20_approve(&w->e, g_alice, g_token, g_bob, lq_u(300)), RS_OK);
    rs_env_reset(&w->e);
    assert_int_equal(erc20_transfer_from(&w->e, g_bob, g_token, g_alice, g_carol, lq_u(120)), RS_OK);
    assert_int_equal(erc20_allowance(&w->e, g_token, g_alice, g_bob).w[0], 180);
    assert_int_equal(erc20_balance_of(&w->e, g_token, g_carol).w[0], 120);
    /* _spendAllowance re-approves (Approval) before the Transfer */
    assert_int_equal(w->e.nlogs, 2);
    lq_expect_topic0(&w->e, 0, "Approval(address,address,uint256)");
    assert_int_equal(lq_log_word(&w->e, 0, 0).w[0], 180);
    lq_expect_topic0(&w->e, 1, "Transfer(address,address,uint256)");

    assert_int_equal(erc20_transfer_from(&w->e, g_bob, g_token, g_alice, g_carol, lq_u(181)), RS_REVERTED);
    lq_expect_string(&w->e, "ERC20: insufficient allowance");
}

static void test_infinite_allowance_is_not_spent(void **state) {
    lq_world *w = *state;
    assert_int_equal(erc20_approve(&w->e, g_alice, g_token, g_bob, U256_MAX), RS_OK);
    rs_env_reset(&w->e);
    assert_int_equal(erc20_transfer_from(&w->e, g_bob, g_token, g_alice, g_carol, lq_u(500)), RS_OK);
    assert_u256_equal(erc20_allowance(&w->e, g_token, g_alice, g_bob), U256_MAX);
    assert_int_equal(w->e.nlogs, 1);
    lq_expect_topic0(&w->e, 0, "Transfer(address,address,uint256)");
    /* enough allowance but not enough balance: the balance error */
    assert_int_equal(erc20_transfer_from(&w->e, g_bob, g_token, g_alice, g_carol, lq_u(501)), RS_REVERTED);
    lq_expect_string(&w->e, "ERC20: transfer amount exceeds balance");
}

static void test_allowance_adjustments(void **state) {
    lq_world *w = *state;
    assert_int_equal(erc20_increase_allowance(&w->e, g_alice, g_token, g_bob, lq_u(5)), RS_OK);
    assert_int_equal(erc20_decrease_allowance(&w->e, g_alice, g_token, g_bob, lq_u(6)), RS_REVERTED);
    lq_expect_string(&w->e, "ERC20: decreased allowance below zero");
    assert_int_equal(erc20_decrease_allowance(&w->e, g_alice, g_token, g_bob, lq_u(2)), RS_OK);
    assert_int_equal(erc20_allowance(&w->e, g_token, g_alice, g_bob).w[0], 3);
    assert_int_equal(erc20_approve(&w->e, g_alice, g_token, g_bob, U256_MAX), RS_OK);
    assert_int_equal(erc20_increase_allowance(&w->e, g_alice, g_token, g_bob, lq_u(1)), RS_REVERTED);
    lq_expect_panic(&w->e, PANIC_OVERFLOW);
}

static void test_mint(void **state) {
    lq_world *w = *state;
    assert_int_equal(erc20_mint(&w->e, g_carol, g_token, g_bob, lq_u(77)), RS_OK);
    assert_int_equal(erc20_total_supply(&w->e, g_token).w[0], 1077);
    assert_int_equal(erc20_balance_of(&w->e, g_token, g_bob).w[0], 77);
    assert_true(rs_addr_is_zero(lq_topic_addr(&w->e, 0, 1)));
    assert_int_equal(erc20_mint(&w->e, g_carol, g_token, RS_ADDR_ZERO, lq_u(1)), RS_REVERTED);
    lq_expect_string(&w->e, "ERC20: mint to the zero address");
    assert_int_equal(erc20_mint(&w->e, g_carol, g_token, g_bob, U256_MAX), RS_REVERTED);
    lq_expect_panic(&w->e, PANIC_OVERFLOW);
}

static void test_contract_surface(void **state) {
    lq_world *w = *state;
    rs_buf ret;
    rs_buf_init(&ret);
    u256 a[2] = {rs_addr_to_u256(g_bob), lq_u(10)};
    assert_int_equal(lq_call(w, g_alice, g_token, "transfer(address,uint256)", a, 2, &ret), RS_OK);
    assert_int_equal(ret.len, 32);
    assert_int_equal(u256_from_be(ret.p).w[0], 1);
    u256 who = rs_addr_to_u256(g_bob);
    assert_int_equal(lq_view(w, g_token, "balanceOf(address)", &who, 1).w[0], 10);
    assert_int_equal(lq_view(w, g_token, "decimals()", NULL, 0).w[0], 18);
    /* a failing call leaves nothing behind */
    u256 big[2] = {rs_addr_to_u256(g_bob), lq_u(100000)};
    assert_int_equal(lq_call(w, g_alice, g_token, "transfer(address,uint256)", big, 2, &ret), RS_REVERTED);
    lq_expect_string(&w->e, "ERC20: transfer amount exceeds balance");
    assert_int_equal(w->e.nlogs, 0);
    /* name() is an ABI string */
    assert_int_equal(lq_call(w, g_alice, g_token, "name()", NULL, 0, &ret), RS_OK);
    assert_int_equal(ret.len, 96);
    assert_int_equal(u256_from_be(ret.p + 32).w[0], 9);
    assert_memory_equal(ret.p + 64, "TKA token", 9);
    /* a token without mint has no such function */
    rs_addr plain = lq_addr(0x301);
    erc20_create(w->st, plain, "Plain", "PL", 6, false);
    assert_int_equal(lq_call(w, g_alice, plain, "mint(address,uint256)", a, 2, &ret), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    rs_buf_free(&ret);
}

static void test_foreign_token_is_not_a_contract(void **state) {
    lq_world *w = *state;
    rs_addr eoa = lq_addr(0x555);
    assert_int_equal(erc20_transfer_from(&w->e, g_bob, eoa, g_alice, g_carol, lq_u(1)), RS_REVERTED);
    lq_expect_string(&w->e, "Address: call to non-contract");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_transfer_moves_balance_and_emits, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_transfer_errors, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_transfer_from_spends_allowance, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_infinite_allowance_is_not_spent, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_allowance_adjustments, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_mint, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_contract_surface, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_foreign_token_is_not_a_contract, setup, lq_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
