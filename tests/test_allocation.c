/* AllocationManager: operator sets, registration, allocation delays and
 * magnitude bookkeeping, through the protocol API on a genesis state. */
#include "allocation_fixture.h"

/* ---- allocation delay ---- */

static void test_delay_set_by_delegation_manager_is_immediate(void **state) {
    fx *f = *state;
    register_operator(f, f->op, 7);
    bool is_set;
    uint32_t delay;
    am_get_allocation_delay(&f->e, f->op, &is_set, &delay);
    assert_true(is_set);
    assert_int_equal(delay, 7);
}

static void test_delay_change_waits_configuration_delay(void **state) {
    fx *f = *state;
    register_operator(f, f->op, 7);
    assert_int_equal(TX(f, am_set_allocation_delay(&f->e, f->op, f->op, 3)), RS_OK);
    bool is_set;
    uint32_t delay;
    f->e.block_number = 101 + 75; /* effect block is 101 + 75 + 1 */
    am_get_allocation_delay(&f->e, f->op, &is_set, &delay);
    assert_int_equal(delay, 7);
    f->e.block_number = 101 + 76;
    am_get_allocation_delay(&f->e, f->op, &is_set, &delay);
    assert_true(is_set);
    assert_int_equal(delay, 3);
}

static void test_delay_pending_is_replaced_and_applied(void **state) {
    fx *f = *state;
    register_operator(f, f->op, 0);
    bool is_set;
    uint32_t delay;
    assert_int_equal(TX(f, am_set_allocation_delay(&f->e, f->op, f->op, 9)), RS_OK); /* due at 177 */
    f->e.block_number = 150;
    assert_int_equal(TX(f, am_set_allocation_delay(&f->e, f->op, f->op, 4)), RS_OK); /* replaces it: due at 226 */
    f->e.block_number = 177;
    am_get_allocation_delay(&f->e, f->op, &is_set, &delay);
    assert_int_equal(delay, 0);
    f->e.block_number = 226;
    am_get_allocation_delay(&f->e, f->op, &is_set, &delay);
    assert_int_equal(delay, 4);
    /* a due pending delay becomes the current one before the next change is queued */
    f->e.block_number = 300;
    assert_int_equal(TX(f, am_set_allocation_delay(&f->e, f->op, f->op, 8)), RS_OK);
    am_get_allocation_delay(&f->e, f->op, &is_set, &delay);
    assert_true(is_set);
    assert_int_equal(delay, 4);
    f->e.block_number = 376;
    am_get_allocation_delay(&f->e, f->op, &is_set, &delay);
    assert_int_equal(delay, 8);
}

static void test_delay_requires_operator_and_permission(void **state) {
    fx *f = *state;
    rs_addr stranger = addr(0x77, 1);
    assert_reverted_with(f, TX(f, am_set_allocation_delay(&f->e, f->op, f->op, 1)), "InvalidOperator()");
    register_operator(f, f->op, 1);
    assert_reverted_with(f, TX(f, am_set_allocation_delay(&f->e, stranger, f->op, 1)), "InvalidPermissions()");
}

static void test_modify_without_delay_reverts(void **state) {
    fx *f = *state;
    rs_addr strategies[1] = {f->sa};
    avs_with_set(f, 1, strategies, 1);
    am_opset s = {f->avs, 1};
    assert_reverted_with(f, allocate(f, s, f->sa, 10), "UninitializedAllocationDelay()");
}

/* ---- modifyAllocations ---- */

static void test_allocation_pending_then_effective(void **state) {
    fx *f = *state;
    register_operator(f, f->op, 5);
    rs_addr strategies[1] = {f->sa};
    avs_with_set(f, 1, strategies, 1);
    am_opset s = {f->avs, 1};
    assert_int_equal(allocate(f, s, f->sa, WAD / 4), RS_OK);

    am_allocation a = am_get_allocation(&f->e, f->op, s, f->sa);
    assert_int_equal(a.current_magnitude, 0);
    assert_false(a.diff_negative);
    assert_int_equal(a.diff_abs, WAD / 4);
    assert_int_equal(a.effect_block, 106);
    assert_int_equal(am_get_encumbered_magnitude(&f->e, f->op, f->sa), WAD / 4);
    assert_int_equal(am_get_allocatable_magnitude(&f->e, f->op, f->sa), WAD - WAD / 4);
    assert_int_equal(am_allocated_set_count(&f->e, f->op), 1);
    assert_int_equal(am_allocated_strategy_count(&f->e, f->op, s), 1);

    assert_reverted_with(f, allocate(f, s, f->sa, WAD / 2), "ModificationAlreadyPending()");

    f->e.block_number = 106;
    a = am_get_allocation(&f->e, f->op, s, f->sa);
    assert_int_equal(a.current_magnitude, WAD / 4);
    assert_int_equal(a.diff_abs, 0);
    assert_int_equal(a.effect_block, 0);
    assert_reverted_with(f, allocate(f, s, f->sa, WAD / 4), "SameMagnitude()");
    assert_reverted_with(f, allocate(f, s, f->sa, WAD + 1), "InsufficientMagnitude()");
    assert_int_equal(allocate(f, s, f->sa, WAD), RS_OK);
    assert_int_equal(am_get_allocatable_magnitude(&f->e, f->op, f->sa), 0);
}

static void test_insufficient_magnitude_across_sets(void **state) {
    fx *f = *state;
    register_operator(f, f->op, 0);
    rs_addr strategies[1] = {f->sa};
    avs_with_set(f, 1, strategies, 1);
    am_create_set_params cp = {2, strategies, 1, f->avs};
    assert_int_equal(am_create_operator_sets(&f->e, f->avs, f->avs, &cp, 1), RS_OK);
    am_opset s1 = {f->avs, 1}, s2 = {f->avs, 2};
    assert_int_equal(allocate(f, s1, f->sa, 600000000000000000ULL), RS_OK);
    assert_reverted_with(f, allocate(f, s2, f->sa, 400000000000000001ULL), "InsufficientMagnitude()");
    assert_int_equal(allocate(f, s2, f->sa, 400000000000000000ULL), RS_OK);
    assert_int_equal(am_get_encumbered_magnitude(&f->e, f->op, f->sa), WAD);
}

static void test_deallocation_unslashable_is_instant(void **state) {
    fx *f = *state;
    register_operator(f, f->op, 0);
    rs_addr strategies[1] = {f->sa};
    avs_with_set(f, 1, strategies, 1);
    am_opset s = {f->avs, 1};
    assert_int_equal(allocate(f, s, f->sa, 1000), RS_OK);
    /* not registered, so not slashable: freed at once */
    assert_int_equal(allocate(f, s, f->sa, 400), RS_OK);
    am_allocation a = am_get_allocation(&f->e, f->op, s, f->sa);
    assert_int_equal(a.current_magnitude, 400);
    assert_int_equal(a.effect_block, 0);
    assert_int_equal(am_get_encumbered_magnitude(&f->e, f->op, f->sa), 400);
    assert_int_equal(allocate(f, s, f->sa, 0), RS_OK);
    assert_int_equal(am_allocated_set_count(&f->e, f->op), 0);
    assert_int_equal(am_allocated_strategy_count(&f->e, f->op, s), 0);
}

static void test_deallocation_slashable_is_queued(void **state) {
    fx *f = *state;
    register_operator(f, f->op, 0);
    rs_addr strategies[1] = {f->sa};
    avs_with_set(f, 1, strategies, 1);
    am_opset s = {f->avs, 1};
    uint32_t ids[1] = {1};
    assert_int_equal(TX(f, am_register_for_operator_sets(&f->e, f->op, f->op, f->avs, ids, 1, NULL, 0)), RS_OK);
    assert_int_equal(allocate(f, s, f->sa, 1000), RS_OK);
    f->e.block_number = 110;
    assert_int_equal(allocate(f, s, f->sa, 300), RS_OK);
    am_allocation a = am_get_allocation(&f->e, f->op, s, f->sa);
    assert_int_equal(a.current_magnitude, 1000);
    assert_true(a.diff_negative);
    assert_int_equal(a.diff_abs, 700);
    assert_int_equal(a.effect_block, 110 + 50 + 1);
    assert_int_equal(am_get_encumbered_magnitude(&f->e, f->op, f->sa), 1000);

    f->e.block_number = 161;
    /* the view simulates the due deallocation; storage still holds it */
    assert_int_equal(am_get_encumbered_magnitude(&f->e, f->op, f->sa), 300);
    rs_addr st[1] = {f->sa};
    uint16_t num[1] = {1};
    assert_int_equal(TX(f, am_clear_deallocation_queue(&f->e, f->op, st, 1, num, 1)), RS_OK);
    a = am_get_allocation(&f->e, f->op, s, f->sa);
    assert_int_equal(a.current_magnitude, 300);
    assert_int_equal(a.effect_block, 0);
    assert_int_equal(am_get_allocatable_magnitude(&f->e, f->op, f->sa), WAD - 300);
}


static void test_magnitude_overflow_is_safecast_error(void **state) {
    fx *f = *state;
    register_operator(f, f->op, 0);
    rs_addr strategies[1] = {f->sa};
    avs_with_set(f, 1, strategies, 1);
    am_create_set_params cp = {2, strategies, 1, f->avs};
    assert_int_equal(am_create_operator_sets(&f->e, f->avs, f->avs, &cp, 1), RS_OK);
    am_opset s1 = {f->avs, 1}, s2 = {f->avs, 2};
    assert_int_equal(allocate(f, s1, f->sa, 5), RS_OK);
    /* encumbered 5 + (2^64 - 1) does not fit uint64: SafeCast fails before the magnitude check */
    assert_int_equal(allocate(f, s2, f->sa, UINT64_MAX), RS_REVERTED);
    const char msg[] = "SafeCast: value doesn't fit in 64 bits";
    assert_int_equal(f->e.revert_len, 4 + 32 + 32 + 64);
    assert_int_equal(f->e.revert[0], 0x08); /* Error(string) = 0x08c379a0 */
    assert_int_equal(f->e.revert[4 + 63], sizeof msg - 1);
    assert_memory_equal(f->e.revert + 4 + 64, msg, sizeof msg - 1);
    assert_reverted_with(f, allocate(f, s2, f->sa, UINT64_MAX - 5), "InsufficientMagnitude()");
}

/* ---- operator sets ---- */

static void test_strategy_readded_to_set(void **state) {
    fx *f = *state;
    rs_addr strategies[2] = {f->sa, f->sb};
    avs_with_set(f, 1, strategies, 2);
    am_opset s = {f->avs, 1};
    assert_int_equal(am_strategy_count(&f->e, s), 2);
    assert_int_equal(TX(f, am_remove_strategies_from_operator_set(&f->e, f->avs, f->avs, 1, &f->sa, 1)), RS_OK);
    /* swap-and-pop: sb moved to index 0 */
    assert_int_equal(am_strategy_count(&f->e, s), 1);
    assert_memory_equal(am_strategy_at(&f->e, s, 0).b, f->sb.b, 20);
    assert_reverted_with(f, TX(f, am_remove_strategies_from_operator_set(&f->e, f->avs, f->avs, 1, &f->sa, 1)),
                         "StrategyNotInOperatorSet()");
    assert_int_equal(TX(f, am_add_strategies_to_operator_set(&f->e, f->avs, f->avs, 1, &f->sa, 1)), RS_OK);
    assert_memory_equal(am_strategy_at(&f->e, s, 1).b, f->sa.b, 20);
    assert_reverted_with(f, TX(f, am_add_strategies_to_operator_set(&f->e, f->avs, f->avs, 1, &f->sa, 1)),
                         "StrategyAlreadyInOperatorSet()");
}

static void test_create_requires_metadata_and_unique_id(void **state) {
    fx *f = *state;
    am_create_set_params cp = {1, NULL, 0, f->avs};
    assert_reverted_with(f, TX(f, am_create_operator_sets(&f->e, f->avs, f->avs, &cp, 1)),
                         "NonexistentAVSMetadata()");
    assert_int_equal(am_update_avs_metadata_uri(&f->e, f->avs, f->avs, (const uint8_t *)"u", 1), RS_OK);
    assert_int_equal(TX(f, am_create_operator_sets_v1(&f->e, f->avs, f->avs, &cp, 1)), RS_OK);
    assert_reverted_with(f, TX(f, am_create_operator_sets(&f->e, f->avs, f->avs, &cp, 1)), "InvalidOperatorSet()");
    am_opset s = {f->avs, 1};
    /* V1 makes the AVS its own slasher */
    assert_memory_equal(am_get_slasher(&f->e, s).b, f->avs.b, 20);
    assert_int_equal(am_get_operator_set_count(&f->e, f->avs), 1);
    cp.slasher = RS_ADDR_ZERO;
    cp.id = 2;
    assert_reverted_with(f, TX(f, am_create_operator_sets(&f->e, f->avs, f->avs, &cp, 1)), "InputAddressZero()");
}

static void test_redistribution_recipient_is_immutable(void **state) {
    fx *f = *state;
    assert_int_equal(am_update_avs_metadata_uri(&f->e, f->avs, f->avs, (const uint8_t *)"u", 1), RS_OK);
    rs_addr recipient = addr(0xee, 1);
    rs_addr strategies[1] = {f->sa};
    am_create_set_params cp = {3, strategies, 1, f->avs};
    assert_int_equal(TX(f, am_create_redistributing_operator_sets(&f->e, f->avs, f->avs, &cp, 1, &recipient, 1)),
                     RS_OK);
    assert_memory_equal(am_get_redistribution_recipient(&f->e, f->avs, 3).b, recipient.b, 20);
    assert_true(am_is_redistributing_operator_set(&f->e, f->avs, 3));
    /* the same id cannot be created again with another recipient */
    rs_addr other = addr(0xee, 2);
    assert_reverted_with(f, TX(f, am_create_redistributing_operator_sets(&f->e, f->avs, f->avs, &cp, 1, &other, 1)),
                         "InvalidOperatorSet()");
    assert_memory_equal(am_get_redistribution_recipient(&f->e, f->avs, 3).b, recipient.b, 20);
    /* plain sets burn */
    assert_memory_equal(am_get_redistribution_recipient(&f->e, f->avs, 99).b, am_default_burn_address().b, 20);
    assert_false(am_is_redistributing_operator_set(&f->e, f->avs, 99));
}

static void test_redistributing_set_rejections(void **state) {
    fx *f = *state;
    assert_int_equal(am_update_avs_metadata_uri(&f->e, f->avs, f->avs, (const uint8_t *)"u", 1), RS_OK);
    rs_addr recipient = addr(0xee, 1);
    rs_addr beacon[1] = {f->e.p->beacon_chain_eth_strategy};
    rs_addr eigen[1] = {f->e.p->eigen_strategy};
    am_create_set_params cp = {4, beacon, 1, f->avs};
    assert_reverted_with(f, TX(f, am_create_redistributing_operator_sets(&f->e, f->avs, f->avs, &cp, 1, &recipient, 1)),
                         "InvalidStrategy()");
    cp.strategies = eigen;
    assert_reverted_with(f, TX(f, am_create_redistributing_operator_sets(&f->e, f->avs, f->avs, &cp, 1, &recipient, 1)),
                         "InvalidStrategy()");
    cp.nstrategies = 0;
    rs_addr burn = am_default_burn_address();
    assert_reverted_with(f, TX(f, am_create_redistributing_operator_sets(&f->e, f->avs, f->avs, &cp, 1, &burn, 1)),
                         "InvalidRedistributionRecipient()");
    rs_addr zero = RS_ADDR_ZERO;
    assert_reverted_with(f, TX(f, am_create_redistributing_operator_sets(&f->e, f->avs, f->avs, &cp, 1, &zero, 1)),
                         "InputAddressZero()");
    assert_reverted_with(f, TX(f, am_create_redistributing_operator_sets(&f->e, f->avs, f->avs, &cp, 1, &zero, 0)),
                         "InputArrayLengthMismatch()");
    /* a plain set may hold beacon ETH */
    cp.strategies = beacon;
    cp.nstrategies = 1;
    assert_int_equal(TX(f, am_create_operator_sets(&f->e, f->avs, f->avs, &cp, 1)), RS_OK);
}

/* ---- registration ---- */

static void test_register_and_deregister(void **state) {
    fx *f = *state;
    register_operator(f, f->op, 0);
    rs_addr strategies[1] = {f->sa};
    avs_with_set(f, 1, strategies, 1);
    am_opset s = {f->avs, 1};
    uint32_t ids[1] = {1};
    assert_int_equal(TX(f, am_register_for_operator_sets(&f->e, f->op, f->op, f->avs, ids, 1, NULL, 0)), RS_OK);
    assert_true(am_is_member_of_operator_set(&f->e, f->op, s));
    assert_int_equal(am_get_member_count(&f->e, s), 1);
    assert_int_equal(am_registered_set_count(&f->e, f->op), 1);
    assert_reverted_with(f, TX(f, am_register_for_operator_sets(&f->e, f->op, f->op, f->avs, ids, 1, NULL, 0)),
                         "AlreadyMemberOfSet()");

    f->e.block_number = 120;
    assert_int_equal(TX(f, am_deregister_from_operator_sets(&f->e, f->avs, f->op, f->avs, ids, 1)), RS_OK);
    assert_false(am_is_member_of_operator_set(&f->e, f->op, s));
    assert_int_equal(am_registered_set_count(&f->e, f->op), 0);
    f->e.block_number = 170;
    assert_true(am_is_operator_slashable(&f->e, f->op, s));
    /* still slashable, so it cannot register again yet */
    assert_reverted_with(f, TX(f, am_register_for_operator_sets(&f->e, f->op, f->op, f->avs, ids, 1, NULL, 0)),
                         "AlreadyMemberOfSet()");
    f->e.block_number = 171;
    assert_false(am_is_operator_slashable(&f->e, f->op, s));
    assert_reverted_with(f, TX(f, am_deregister_from_operator_sets(&f->e, f->op, f->op, f->avs, ids, 1)),
                         "NotMemberOfSet()");
    assert_int_equal(TX(f, am_register_for_operator_sets(&f->e, f->op, f->op, f->avs, ids, 1, NULL, 0)), RS_OK);
}

static void test_codeless_registrar_reverts_empty(void **state) {
    fx *f = *state;
    register_operator(f, f->op, 0);
    assert_int_equal(am_update_avs_metadata_uri(&f->e, f->avs, f->avs, (const uint8_t *)"u", 1), RS_OK);
    am_create_set_params cp = {1, NULL, 0, f->avs};
    assert_int_equal(TX(f, am_create_operator_sets(&f->e, f->avs, f->avs, &cp, 1)), RS_OK);
    /* supportsAVS on an address without code: no return data to decode */
    assert_reverted_with(f, TX(f, am_set_avs_registrar(&f->e, f->avs, f->avs, f->avs)), NULL);
    /* the default registrar is the AVS itself, an EOA here */
    uint32_t ids[1] = {1};
    assert_reverted_with(f, TX(f, am_register_for_operator_sets(&f->e, f->op, f->op, f->avs, ids, 1, NULL, 0)),
                         NULL);
    assert_false(am_is_member_of_operator_set(&f->e, f->op, (am_opset){f->avs, 1}));
}

/* ---- slasher ---- */

static void test_update_slasher_delay(void **state) {
    fx *f = *state;
    avs_with_set(f, 1, NULL, 0);
    am_opset s = {f->avs, 1};
    rs_addr next = addr(0x51, 1);
    assert_int_equal(TX(f, am_update_slasher(&f->e, f->avs, s, next)), RS_OK);
    rs_addr pending;
    uint32_t eb;
    am_get_pending_slasher(&f->e, s, &pending, &eb);
    assert_memory_equal(pending.b, next.b, 20);
    assert_int_equal(eb, 101 + 75 + 1);
    assert_memory_equal(am_get_slasher(&f->e, s).b, f->avs.b, 20);
    f->e.block_number = 177;
    assert_memory_equal(am_get_slasher(&f->e, s).b, next.b, 20);
    am_get_pending_slasher(&f->e, s, &pending, &eb);
    assert_true(rs_addr_is_zero(pending));
    assert_int_equal(eb, 0);
    assert_reverted_with(f, TX(f, am_update_slasher(&f->e, f->avs, s, RS_ADDR_ZERO)), "InputAddressZero()");
    am_opset missing = {f->avs, 9};
    assert_reverted_with(f, TX(f, am_update_slasher(&f->e, f->avs, missing, next)), "InvalidOperatorSet()");
}

/* ---- max magnitude history ---- */

static void test_max_magnitude_default_and_history(void **state) {
    fx *f = *state;
    uint64_t out[2];
    rs_addr st[2] = {f->sa, f->sb};
    am_get_max_magnitudes(&f->e, f->op, st, 2, out);
    assert_int_equal(out[0], WAD);
    assert_int_equal(out[1], WAD);
    assert_int_equal(am_get_max_magnitude_at_block(&f->e, f->op, f->sa, 0), WAD);
}


/* ---- contract surface ---- */

static int call_is_operator_set(fx *f, rs_addr to, am_opset s, rs_buf *ret) {
    uint8_t cd[68] = {0};
    uint32_t sel = rs_sig_selector("isOperatorSet((address,uint32))");
    cd[0] = (uint8_t)(sel >> 24), cd[1] = (uint8_t)(sel >> 16), cd[2] = (uint8_t)(sel >> 8), cd[3] = (uint8_t)sel;
    memcpy(cd + 4 + 12, s.avs.b, 20);
    cd[4 + 63] = (uint8_t)s.id;
    return rs_call(&f->e, RS_ADDR_ZERO, to, U256_ZERO, cd, sizeof cd, ret);
}

static void test_views_at_both_addresses(void **state) {
    fx *f = *state;
    avs_with_set(f, 1, NULL, 0);
    am_opset s = {f->avs, 1};
    rs_buf ret;
    rs_buf_init(&ret);
    assert_int_equal(call_is_operator_set(f, f->e.p->allocation_manager, s, &ret), RS_OK);
    assert_int_equal(ret.len, 32);
    assert_int_equal(ret.p[31], 1);
    /* the view contract called directly reads its own, empty, storage */
    assert_int_equal(call_is_operator_set(f, f->e.p->allocation_manager_view, s, &ret), RS_OK);
    assert_int_equal(ret.len, 32);
    assert_int_equal(ret.p[31], 0);
    /* it has no state-changing surface */
    uint8_t pause_all[4];
    uint32_t sel = rs_sig_selector("pauseAll()");
    pause_all[0] = (uint8_t)(sel >> 24), pause_all[1] = (uint8_t)(sel >> 16), pause_all[2] = (uint8_t)(sel >> 8);
    pause_all[3] = (uint8_t)sel;
    assert_int_equal(rs_call(&f->e, f->g.pausers[0], f->e.p->allocation_manager_view, U256_ZERO, pause_all, 4, &ret),
                     RS_REVERTED);
    assert_int_equal(f->e.revert_len, 0);
    rs_buf_free(&ret);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_delay_set_by_delegation_manager_is_immediate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delay_change_waits_configuration_delay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delay_pending_is_replaced_and_applied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delay_requires_operator_and_permission, setup, teardown),
        cmocka_unit_test_setup_teardown(test_modify_without_delay_reverts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_allocation_pending_then_effective, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insufficient_magnitude_across_sets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deallocation_unslashable_is_instant, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deallocation_slashable_is_queued, setup, teardown),
        cmocka_unit_test_setup_teardown(test_magnitude_overflow_is_safecast_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strategy_readded_to_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_requires_metadata_and_unique_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_redistribution_recipient_is_immutable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_redistributing_set_rejections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_and_deregister, setup, teardown),
        cmocka_unit_test_setup_teardown(test_codeless_registrar_reverts_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_slasher_delay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_magnitude_default_and_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_views_at_both_addresses, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
