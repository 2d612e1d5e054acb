/* Pausable bitmaps and the PauserRegistry: who may pause and unpause, which
 * transitions are allowed, events, and the surface every Pausable shares. */
#include "liquid_fixture.h"
#include "protocol/pausing.h"
#include "test_util.h"

static rs_addr g_contract;

static int setup(void **state) {
    lq_world *w = lq_new();
    pause_registry_init(w->st, w->p.pauser_registry, &w->pauser, 1, w->unpauser);
    g_contract = w->p.strategy_manager;
    *state = w;
    return 0;
}

static void test_pause_only_adds_bits(void **state) {
    lq_world *w = *state;
    rs_env *e = &w->e;
    assert_int_equal(pause_pause(e, w->unpauser, g_contract, lq_u(1)), RS_REVERTED);
    lq_expect_error(e, "OnlyPauser()");
    rs_env_reset(e);
    assert_int_equal(pause_pause(e, w->pauser, g_contract, lq_u(5)), RS_OK);
    assert_int_equal(e->nlogs, 1);
    lq_expect_topic0(e, 0, "Paused(address,uint256)");
    assert_true(rs_addr_eq(lq_topic_addr(e, 0, 1), w->pauser));
    assert_int_equal(lq_log_word(e, 0, 0).w[0], 5);
    assert_true(rs_addr_eq(e->logs[0].address, g_contract));
    assert_true(pause_is_paused(e, g_contract, 0));
    assert_false(pause_is_paused(e, g_contract, 1));
    assert_true(pause_is_paused(e, g_contract, 2));
    assert_int_equal(pause_require_not_paused(e, g_contract, 2), RS_REVERTED);
    lq_expect_error(e, "CurrentlyPaused()");
    assert_int_equal(pause_require_not_paused(e, g_contract, 1), RS_OK);
    assert_int_equal(pause_require_none_paused(e, g_contract), RS_REVERTED);
    /* dropping bit 2 is not a pause */
    assert_int_equal(pause_pause(e, w->pauser, g_contract, lq_u(1)), RS_REVERTED);
    lq_expect_error(e, "InvalidNewPausedStatus()");
    /* other contracts are unaffected */
    assert_false(pause_is_paused(e, w->p.delegation_manager, 0));
}

static void test_unpause_only_clears_bits(void **state) {
    lq_world *w = *state;
    rs_env *e = &w->e;
    assert_int_equal(pause_pause_all(e, w->pauser, g_contract), RS_OK);
    assert_u256_equal(pause_status(e, g_contract), U256_MAX);
    assert_true(pause_is_paused(e, g_contract, 255));
    assert_int_equal(pause_unpause(e, w->pauser, g_contract, U256_ZERO), RS_REVERTED);
    lq_expect_error(e, "OnlyUnpauser()");
    rs_env_reset(e);
    assert_int_equal(pause_unpause(e, w->unpauser, g_contract, lq_u(6)), RS_OK);
    lq_expect_topic0(e, 0, "Unpaused(address,uint256)");
    assert_int_equal(lq_log_word(e, 0, 0).w[0], 6);
    assert_int_equal(pause_unpause(e, w->unpauser, g_contract, lq_u(7)), RS_REVERTED);
    lq_expect_error(e, "InvalidNewPausedStatus()");
    assert_int_equal(pause_unpause(e, w->unpauser, g_contract, lq_u(2)), RS_OK);
    assert_int_equal(pause_status(e, g_contract).w[0], 2);
}

static void test_registry(void **state) {
    lq_world *w = *state;
    rs_env *e = &w->e;
    rs_addr fresh = lq_addr(0x900);
    assert_int_equal(pause_set_is_pauser(e, w->pauser, fresh, true), RS_REVERTED);
    lq_expect_error(e, "OnlyUnpauser()");
    assert_int_equal(pause_set_is_pauser(e, w->unpauser, RS_ADDR_ZERO, true), RS_REVERTED);
    lq_expect_error(e, "InputAddressZero()");
    rs_env_reset(e);
    assert_int_equal(pause_set_is_pauser(e, w->unpauser, fresh, true), RS_OK);
    lq_expect_topic0(e, 0, "PauserStatusChanged(address,bool)");
    assert_int_equal(lq_log_word(e, 0, 1).w[0], 1);
    assert_true(pause_is_pauser(e, fresh));
    assert_int_equal(pause_set_is_pauser(e, w->unpauser, w->pauser, false), RS_OK);
    assert_int_equal(pause_pause(e, w->pauser, g_contract, lq_u(1)), RS_REVERTED);
    lq_expect_error(e, "OnlyPauser()");
    assert_int_equal(pause_set_unpauser(e, w->unpauser, RS_ADDR_ZERO), RS_REVERTED);
    lq_expect_error(e, "InputAddressZero()");
    rs_env_reset(e);
    assert_int_equal(pause_set_unpauser(e, w->unpauser, fresh), RS_OK);
    lq_expect_topic0(e, 0, "UnpauserChanged(address,address)");
    assert_true(rs_addr_eq(rs_addr_from_u256(lq_log_word(e, 0, 0)), w->unpauser));
    assert_true(rs_addr_eq(pause_unpauser(e), fresh));
    assert_int_equal(pause_set_unpauser(e, w->unpauser, fresh), RS_REVERTED);
    lq_expect_error(e, "OnlyUnpauser()");
}

static void test_surface_on_a_contract(void **state) {
    lq_world *w = *state;
    rs_buf ret;
    rs_buf_init(&ret);
    u256 st = lq_u(3);
    assert_int_equal(lq_call(w, w->pauser, g_contract, "pause(uint256)", &st, 1, &ret), RS_OK);
    assert_int_equal(lq_view(w, g_contract, "paused()", NULL, 0).w[0], 3);
    u256 idx = lq_u(1);
    assert_int_equal(lq_view(w, g_contract, "paused(uint8)", &idx, 1).w[0], 1);
    idx = lq_u(2);
    assert_int_equal(lq_view(w, g_contract, "paused(uint8)", &idx, 1).w[0], 0);
    assert_true(rs_addr_eq(rs_addr_from_u256(lq_view(w, g_contract, "pauserRegistry()", NULL, 0)),
                           w->p.pauser_registry));
    /* uint8 arguments above 255 do not decode */
    idx = lq_u(256);
    assert_int_equal(lq_call(w, RS_ADDR_ZERO, g_contract, "paused(uint8)", &idx, 1, &ret), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    u256 who = rs_addr_to_u256(w->pauser);
    assert_int_equal(lq_view(w, w->p.pauser_registry, "isPauser(address)", &who, 1).w[0], 1);
    rs_buf_free(&ret);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pause_only_adds_bits, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_unpause_only_clears_bits, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_registry, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_surface_on_a_contract, setup, lq_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
