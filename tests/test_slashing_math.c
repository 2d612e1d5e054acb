/* SlashingLib: WAD math, rounding direction, failures and the deposit
 * scaling factor, on values computed independently with exact integers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/slashing_math.h"
#include "restake/keccak.h"
#include "restake/state.h"
#include "test_util.h"
#include "restake/router.h"

typedef struct {
    rs_state *st;
    rs_params p;
    rs_env e;
} fixture;

static int setup(void **state) {
    static fixture f;
    f.st = rs_state_new();
    memset(&f.p, 0, sizeof f.p);
    rs_env_init(&f.e, f.st, &f.p);
    rs_router_attach(&f.e);
    *state = &f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    rs_env_free(&f->e);
    rs_state_free(f->st);
    return 0;
}

static uint32_t revert_selector(const rs_env *e) {
    assert_true(e->revert_len >= 4);
    return (uint32_t)e->revert[0] << 24 | (uint32_t)e->revert[1] << 16 | (uint32_t)e->revert[2] << 8 | e->revert[3];
}

static void assert_panic(const rs_env *e, unsigned code) {
    assert_int_equal(e->revert_len, 36);
    assert_int_equal(revert_selector(e), 0x4e487b71);
    assert_int_equal(e->revert[35], code);
}

static void test_mul_div_wad_round_down(void **state) {
    rs_env *e = &((fixture *)*state)->e;
    u256 r;
    assert_int_equal(sl_mul_wad(e, &r, D("3000000000000000000"), D("500000000000000000")), RS_OK);
    assert_u256(r, "1500000000000000000");
    assert_int_equal(sl_mul_wad(e, &r, U256_ONE, U256_ONE), RS_OK);
    assert_u256(r, "0");
    assert_int_equal(sl_div_wad(e, &r, U256_ONE, u256_from_u64(3)), RS_OK);
    assert_u256(r, "333333333333333333");
    assert_int_equal(sl_mul_wad_up(e, &r, U256_ONE, U256_ONE), RS_OK);
    assert_u256(r, "1");
    assert_int_equal(sl_mul_wad_up(e, &r, D("2000000000000000000"), D("500000000000000000")), RS_OK);
    assert_u256(r, "1000000000000000000");
}

static void test_div_wad_by_zero_panics(void **state) {
    rs_env *e = &((fixture *)*state)->e;
    u256 r;
    assert_int_equal(sl_div_wad(e, &r, u256_from_u64(5), U256_ZERO), RS_REVERTED);
    assert_panic(e, 0x12);
}

static void test_muldiv_overflow_is_error_string(void **state) {
    rs_env *e = &((fixture *)*state)->e;
    u256 r;
    /* (2^256-1) * 1e18 / 1e17 does not fit: OZ 4.9 requires d > prod1. */
    assert_int_equal(sl_muldiv(e, &r, U256_MAX, sl_wad(), D("100000000000000000")), RS_REVERTED);
    assert_int_equal(revert_selector(e), 0x08c379a0);
    const char *msg = "Math: mulDiv overflow";
    assert_int_equal(e->revert[4 + 31], 0x20);
    assert_int_equal(e->revert[4 + 32 + 31], strlen(msg));
    assert_memory_equal(e->revert + 4 + 64, msg, strlen(msg));
    /* A product over 2^256 with a zero divisor is the same require, not a panic. */
    assert_int_equal(sl_muldiv(e, &r, U256_MAX, u256_from_u64(2), U256_ZERO), RS_REVERTED);
    assert_int_equal(revert_selector(e), 0x08c379a0);
}

static void test_muldiv_up_rounding_overflow_panics(void **state) {
    rs_env *e = &((fixture *)*state)->e;
    u256 r;
    /* (2^256-1) * 3 / 3 is exact: no rounding step. */
    assert_int_equal(sl_muldiv_up(e, &r, U256_MAX, u256_from_u64(3), u256_from_u64(3)), RS_OK);
    assert_u256_equal(r, U256_MAX);
    /* a*b/d floors to 2^256-1 with remainder 3: the checked `result += 1` panics. */
    u256 a = D("340282366920938463463374607431768211458");
    u256 b = D("115792089237316195423570985008687907852929702298719625575994209400481361428481");
    u256 d = D("340282366920938463463374607431768211457");
    assert_int_equal(sl_muldiv(e, &r, a, b, d), RS_OK);
    assert_u256_equal(r, U256_MAX);
    assert_int_equal(sl_muldiv_up(e, &r, a, b, d), RS_REVERTED);
    assert_panic(e, 0x11);
}

static void test_calc_slashed_amount_rounds_up_the_kept_part(void **state) {
    rs_env *e = &((fixture *)*state)->e;
    u256 r;
    assert_int_equal(sl_calc_slashed_amount(e, &r, u256_from_u64(100), sl_wad(), D("500000000000000000")), RS_OK);
    assert_u256(r, "50");
    /* kept = ceil(10 * 1 / 3) = 4, so 6 are slashed (not 7). */
    assert_int_equal(sl_calc_slashed_amount(e, &r, u256_from_u64(10), u256_from_u64(3), U256_ONE), RS_OK);
    assert_u256(r, "6");
    assert_int_equal(sl_calc_slashed_amount(e, &r, u256_from_u64(10), U256_ZERO, U256_ZERO), RS_REVERTED);
    assert_panic(e, 0x12);
    /* A larger new magnitude would underflow: checked subtraction. */
    assert_int_equal(sl_calc_slashed_amount(e, &r, u256_from_u64(10), u256_from_u64(1), u256_from_u64(2)),
                     RS_REVERTED);
    assert_panic(e, 0x11);
}

static void test_first_deposit_forgives_slashing(void **state) {
    rs_env *e = &((fixture *)*state)->e;
    u256 dsf = U256_ZERO, w;
    assert_int_equal(sl_dsf_update(e, &dsf, U256_ZERO, u256_from_u64(100), D("500000000000000000")), RS_OK);
    assert_u256(dsf, "2000000000000000000");
    assert_int_equal(sl_calc_withdrawable(e, &w, dsf, u256_from_u64(100), D("500000000000000000")), RS_OK);
    assert_u256(w, "100");
    /* A second deposit at the same factor keeps the factor. */
    assert_int_equal(sl_dsf_update(e, &dsf, D("100000000000000000000"), D("50000000000000000000"),
                                   D("500000000000000000")),
                     RS_OK);
    assert_u256(dsf, "2000000000000000000");
}

static void test_deposit_drift_over_many_small_deposits(void **state) {
    rs_env *e = &((fixture *)*state)->e;
    u256 m = D("333333333333333333");
    u256 dsf = U256_ZERO, shares = D("44180000000000000000000000000"), w;
    assert_int_equal(sl_dsf_update(e, &dsf, U256_ZERO, shares, m), RS_OK);
    assert_u256(dsf, "3000000000000000003");
    assert_int_equal(sl_calc_withdrawable(e, &w, dsf, shares, m), RS_OK);
    assert_u256(w, "44179999999999999999999999999");
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(sl_dsf_update(e, &dsf, shares, u256_from_u64(1000), m), RS_OK);
        assert_true(u256_add(&shares, shares, u256_from_u64(1000)));
    }
    assert_u256(dsf, "2999999999999997002");
    assert_int_equal(sl_calc_withdrawable(e, &w, dsf, shares, m), RS_OK);
    /* 4.419e13 below the 44180000000000000000000999999 deposited. */
    assert_u256(w, "44179999999999955805274333333");
}

static void test_update_to_zero_factor_reverts(void **state) {
    rs_env *e = &((fixture *)*state)->e;
    u256 dsf = U256_ONE;
    assert_int_equal(sl_dsf_update(e, &dsf, D("1000000000000000000000000000000"), U256_ONE, U256_ONE), RS_REVERTED);
    assert_int_equal(revert_selector(e), rs_selector_of("InvalidDepositScalingFactor()"));
}

static void test_reset_factor_reads_as_wad_and_zero_shares(void **state) {
    rs_env *e = &((fixture *)*state)->e;
    u256 r;
    assert_u256(sl_scaling_factor(U256_ZERO), "1000000000000000000");
    assert_u256(sl_scaling_factor(u256_from_u64(7)), "7");
    assert_int_equal(sl_scale_for_queue_withdrawal(e, &r, U256_ZERO, D("123456789")), RS_OK);
    assert_u256(r, "123456789");
    assert_int_equal(sl_scale_for_queue_withdrawal(e, &r, D("2500000000000000000"), U256_ZERO), RS_OK);
    assert_u256(r, "0");
    assert_int_equal(sl_calc_withdrawable(e, &r, D("2500000000000000000"), U256_ZERO, sl_wad()), RS_OK);
    assert_u256(r, "0");
    assert_int_equal(sl_scale_for_complete_withdrawal(e, &r, D("1000"), D("999999999999999999")), RS_OK);
    assert_u256(r, "999");
}

static void test_calc_deposit_shares_inverts_with_floor(void **state) {
    rs_env *e = &((fixture *)*state)->e;
    u256 r;
    /* 100 / 2 / 0.3 = 166.66.. → 166 */
    assert_int_equal(sl_calc_deposit_shares(e, &r, D("2000000000000000000"), u256_from_u64(100),
                                            D("300000000000000000")),
                     RS_OK);
    assert_u256(r, "166");
    assert_int_equal(sl_calc_deposit_shares(e, &r, U256_ZERO, u256_from_u64(100), U256_ZERO), RS_REVERTED);
    assert_panic(e, 0x12);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_mul_div_wad_round_down, setup, teardown),
        cmocka_unit_test_setup_teardown(test_div_wad_by_zero_panics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_muldiv_overflow_is_error_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_muldiv_up_rounding_overflow_panics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calc_slashed_amount_rounds_up_the_kept_part, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_deposit_forgives_slashing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deposit_drift_over_many_small_deposits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_to_zero_factor_reverts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_factor_reads_as_wad_and_zero_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calc_deposit_shares_inverts_with_floor, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
