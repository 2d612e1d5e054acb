/* PermissionController: admins, pending admins, appointees, canCall and
 * the EnumerableSet order of every list. */
#include "liquid_fixture.h"
#include "protocol/permissions.h"
#include "test_util.h"

static rs_addr g_account, g_a1, g_a2, g_a3, g_app, g_target;

static int setup(void **state) {
    lq_world *w = lq_new();
    g_account = lq_addr(0x800);
    g_a1 = lq_addr(0x801);
    g_a2 = lq_addr(0x802);
    g_a3 = lq_addr(0x803);
    g_app = lq_addr(0x804);
    g_target = lq_addr(0x805);
    *state = w;
    return 0;
}

static void test_account_is_its_own_admin_until_one_is_set(void **state) {
    lq_world *w = *state;
    rs_env *e = &w->e;
    assert_true(pc_is_admin(e, g_account, g_account));
    assert_false(pc_is_admin(e, g_account, g_a1));
    rs_addr list[4];
    assert_int_equal(pc_get_admins(e, g_account, list, 4), 1);
    assert_true(rs_addr_eq(list[0], g_account));

    assert_int_equal(pc_add_pending_admin(e, g_a1, g_account, g_a1), RS_REVERTED);
    lq_expect_error(e, "NotAdmin()");
    rs_env_reset(e);
    assert_int_equal(pc_add_pending_admin(e, g_account, g_account, g_a1), RS_OK);
    lq_expect_topic0(e, 0, "PendingAdminAdded(address,address)");
    assert_true(rs_addr_eq(lq_topic_addr(e, 0, 1), g_account));
    assert_true(rs_addr_eq(rs_addr_from_u256(lq_log_word(e, 0, 0)), g_a1));
    assert_true(rs_addr_eq(e->logs[0].address, w->p.permission_controller));
    assert_int_equal(pc_add_pending_admin(e, g_account, g_account, g_a1), RS_REVERTED);
    lq_expect_error(e, "AdminAlreadyPending()");
    /* pending is not yet admin */
    assert_true(pc_is_admin(e, g_account, g_account));
    assert_int_equal(pc_accept_admin(e, g_a2, g_account), RS_REVERTED);
    lq_expect_error(e, "AdminNotPending()");
    assert_int_equal(pc_accept_admin(e, g_a1, g_account), RS_OK);
    /* from now on the account itself is no admin */
    assert_false(pc_is_admin(e, g_account, g_account));
    assert_true(pc_is_admin(e, g_account, g_a1));
    assert_int_equal(pc_get_admins(e, g_account, list, 4), 1);
    assert_true(rs_addr_eq(list[0], g_a1));
    assert_int_equal(pc_add_pending_admin(e, g_account, g_account, g_a2), RS_REVERTED);
    lq_expect_error(e, "NotAdmin()");
    assert_int_equal(pc_add_pending_admin(e, g_a1, g_account, g_a1), RS_REVERTED);
    lq_expect_error(e, "AdminAlreadySet()");
}

static void test_admin_removal_and_order(void **state) {
    lq_world *w = *state;
    rs_env *e = &w->e;
    rs_addr admins[3] = {g_a1, g_a2, g_a3};
    assert_int_equal(pc_add_pending_admin(e, g_account, g_account, g_a1), RS_OK);
    assert_int_equal(pc_accept_admin(e, g_a1, g_account), RS_OK);
    assert_int_equal(pc_remove_admin(e, g_a1, g_account, g_a1), RS_REVERTED);
    lq_expect_error(e, "CannotHaveZeroAdmins()");
    for (int i = 1; i < 3; i++) {
        assert_int_equal(pc_add_pending_admin(e, g_a1, g_account, admins[i]), RS_OK);
        assert_int_equal(pc_accept_admin(e, admins[i], g_account), RS_OK);
    }
    assert_int_equal(pc_remove_admin(e, g_a2, g_account, g_app), RS_REVERTED);
    lq_expect_error(e, "AdminNotSet()");
    /* removing the first moves the last into its place */
    assert_int_equal(pc_remove_admin(e, g_a2, g_account, g_a1), RS_OK);
    rs_addr list[4];
    assert_int_equal(pc_get_admins(e, g_account, list, 4), 2);
    assert_true(rs_addr_eq(list[0], g_a3));
    assert_true(rs_addr_eq(list[1], g_a2));

    assert_int_equal(pc_add_pending_admin(e, g_a3, g_account, g_a1), RS_OK);
    assert_int_equal(pc_remove_pending_admin(e, g_a1, g_account, g_a1), RS_REVERTED);
    lq_expect_error(e, "NotAdmin()");
    assert_int_equal(pc_remove_pending_admin(e, g_a3, g_account, g_app), RS_REVERTED);
    lq_expect_error(e, "AdminNotPending()");
    assert_int_equal(pc_remove_pending_admin(e, g_a3, g_account, g_a1), RS_OK);
    assert_int_equal(pc_get_pending_admins(e, g_account, list, 4), 0);
}

static void test_appointees(void **state) {
    lq_world *w = *state;
    rs_env *e = &w->e;
    const uint32_t sel = 0x12345678, sel2 = 0xdeadbeef;
    assert_false(pc_can_call(e, g_account, g_app, g_target, sel));
    assert_int_equal(pc_check_can_call(e, g_account, g_app, g_target, sel), RS_REVERTED);
    lq_expect_error(e, "InvalidPermissions()");
    assert_int_equal(pc_check_can_call(e, g_account, g_account, g_target, sel), RS_OK);

    assert_int_equal(pc_set_appointee(e, g_app, g_account, g_app, g_target, sel), RS_REVERTED);
    lq_expect_error(e, "NotAdmin()");
    rs_env_reset(e);
    assert_int_equal(pc_set_appointee(e, g_account, g_account, g_app, g_target, sel), RS_OK);
    lq_expect_topic0(e, 0, "AppointeeSet(address,address,address,bytes4)");
    assert_true(rs_addr_eq(lq_topic_addr(e, 0, 2), g_app));
    /* bytes4 is left-aligned in its word */
    assert_int_equal(e->logdata[e->logs[0].data_off + 32], 0x12);
    assert_int_equal(e->logdata[e->logs[0].data_off + 35], 0x78);
    assert_int_equal(e->logdata[e->logs[0].data_off + 36], 0);
    assert_int_equal(pc_set_appointee(e, g_account, g_account, g_app, g_target, sel), RS_REVERTED);
    lq_expect_error(e, "AppointeeAlreadySet()");
    assert_int_equal(pc_set_appointee(e, g_account, g_account, g_app, g_a3, sel2), RS_OK);

    assert_true(pc_can_call(e, g_account, g_app, g_target, sel));
    assert_false(pc_can_call(e, g_account, g_app, g_target, sel2));
    assert_false(pc_can_call(e, g_account, g_app, g_a3, sel));
    rs_addr targets[4];
    uint32_t sels[4];
    assert_int_equal(pc_get_appointee_permissions(e, g_account, g_app, targets, sels, 4), 2);
    assert_true(rs_addr_eq(targets[0], g_target));
    assert_int_equal(sels[0], sel);
    assert_true(rs_addr_eq(targets[1], g_a3));
    assert_int_equal(sels[1], sel2);
    rs_addr apps[2];
    assert_int_equal(pc_get_appointees(e, g_account, g_target, sel, apps, 2), 1);
    assert_true(rs_addr_eq(apps[0], g_app));

    assert_int_equal(pc_remove_appointee(e, g_account, g_account, g_app, g_target, sel2), RS_REVERTED);
    lq_expect_error(e, "AppointeeNotSet()");
    assert_int_equal(pc_remove_appointee(e, g_account, g_account, g_app, g_target, sel), RS_OK);
    assert_false(pc_can_call(e, g_account, g_app, g_target, sel));
    assert_int_equal(pc_get_appointee_permissions(e, g_account, g_app, targets, sels, 4), 1);
    assert_true(rs_addr_eq(targets[0], g_a3));
    assert_int_equal(pc_get_appointees(e, g_account, g_target, sel, apps, 2), 0);
}

static void test_contract_surface(void **state) {
    lq_world *w = *state;
    rs_addr pc = w->p.permission_controller;
    rs_buf ret;
    rs_buf_init(&ret);
    u256 a[1] = {rs_addr_to_u256(g_account)};
    assert_int_equal(lq_call(w, RS_ADDR_ZERO, pc, "getAdmins(address)", a, 1, &ret), RS_OK);
    assert_int_equal(ret.len, 96);
    assert_int_equal(u256_from_be(ret.p).w[0], 32);
    assert_int_equal(u256_from_be(ret.p + 32).w[0], 1);
    assert_u256_equal(u256_from_be(ret.p + 64), a[0]);
    u256 s[4] = {rs_addr_to_u256(g_account), rs_addr_to_u256(g_app), rs_addr_to_u256(g_target),
                 u256_shl(u256_from_u64(0xabcdef01), 224)};
    assert_int_equal(lq_call(w, g_account, pc, "setAppointee(address,address,address,bytes4)", s, 4, &ret), RS_OK);
    u256 q[2] = {rs_addr_to_u256(g_account), rs_addr_to_u256(g_app)};
    assert_int_equal(lq_call(w, RS_ADDR_ZERO, pc, "getAppointeePermissions(address,address)", q, 2, &ret), RS_OK);
    /* (address[1], bytes4[1]): two offsets, then each array */
    assert_int_equal(ret.len, 6 * 32);
    assert_int_equal(u256_from_be(ret.p).w[0], 64);
    assert_int_equal(u256_from_be(ret.p + 32).w[0], 128);
    assert_u256_equal(u256_from_be(ret.p + 96), s[2]);
    assert_u256_equal(u256_from_be(ret.p + 160), s[3]);
    /* a bytes4 with dirty low bytes is refused by the decoder */
    u256 dirty[4] = {s[0], s[1], s[2], u256_from_u64(1)};
    assert_int_equal(lq_call(w, g_account, pc, "setAppointee(address,address,address,bytes4)", dirty, 4, &ret),
                     RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    rs_buf_free(&ret);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_account_is_its_own_admin_until_one_is_set, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_admin_removal_and_order, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_appointees, setup, lq_teardown),
        cmocka_unit_test_setup_teardown(test_contract_surface, setup, lq_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
