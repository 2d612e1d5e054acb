/* Slashing through the AllocationManager: magnitudes, max-magnitude history,
 * the DelegationManager's operator shares and the slashed shares handed to
 * the StrategyManager, on a genesis state with a delegated staker. */
#include "allocation_fixture.h"
#include "test_util.h"



static u256 u(uint64_t v) { return u256_from_u64(v); }

static u256 stake_amount(void) {
    u256 r;
    assert_true(u256_mul(&r, u(1000), u(WAD)));
    return r;
}

/* Operator (delay 0) with `amount` delegated in sa, registered in set 1 {sa, sb}. */
static void slashable_operator(fx *f, u256 amount) {
    register_operator(f, f->op, 0);
    erc20_credit(f->st, f->token, f->staker, amount);
    assert_int_equal(erc20_approve(&f->e, f->staker, f->token, f->e.p->strategy_manager, amount), RS_OK);
    u256 shares;
    assert_int_equal(sm_deposit_into_strategy(&f->e, f->staker, f->sa, f->token, amount, &shares), RS_OK);
    assert_u256_equal(shares, amount);
    assert_int_equal(dm_delegate_to(&f->e, f->staker, f->op, NULL, 0, U256_ZERO, RS_B32_ZERO), RS_OK);
    rs_addr strategies[2] = {f->sa, f->sb};
    avs_with_set(f, 1, strategies, 2);
    uint32_t ids[1] = {1};
    assert_int_equal(TX(f, am_register_for_operator_sets(&f->e, f->op, f->op, f->avs, ids, 1, NULL, 0)), RS_OK);
}

static int slash(fx *f, rs_addr sender, const rs_addr *strategies, const u256 *wads, size_t n, u256 *id,
                 u256 *shares) {
    am_slashing_params p = {f->op, 1, strategies, n, wads, n, (const uint8_t *)"test", 4};
    return TX(f, am_slash_operator(&f->e, sender, f->avs, &p, id, shares));
}

static void test_full_slash_zeroes_max_magnitude(void **state) {
    fx *f = *state;
    slashable_operator(f, stake_amount());
    am_opset s = {f->avs, 1};
    assert_int_equal(allocate(f, s, f->sa, WAD), RS_OK);
    u256 wad = u(WAD), id, shares;
    assert_int_equal(slash(f, f->avs, &f->sa, &wad, 1, &id, &shares), RS_OK);
    assert_u256_equal(id, U256_ONE);
    assert_u256_equal(shares, stake_amount());
    assert_int_equal(am_get_max_magnitude(&f->e, f->op, f->sa), 0);
    assert_true(u256_is_zero(dm_operator_shares(&f->e, f->op, f->sa)));
    assert_int_equal(am_get_allocation(&f->e, f->op, s, f->sa).current_magnitude, 0);
    assert_int_equal(am_get_allocatable_magnitude(&f->e, f->op, f->sa), 0);
    assert_int_equal(am_allocated_set_count(&f->e, f->op), 0);
    u256 stake;
    assert_int_equal(am_minimum_slashable_stake(&f->e, s, f->op, f->sa, 200, &stake), RS_OK);
    assert_true(u256_is_zero(stake));
    assert_u256_equal(sm_get_burn_or_redistributable_shares_of(&f->e, f->avs, 1, id, f->sa), stake_amount());
    /* nothing left to allocate */
    f->e.block_number++;
    assert_reverted_with(f, allocate(f, s, f->sa, 1), "InsufficientMagnitude()");
}

static void test_dust_slash_cuts_magnitude_not_shares(void **state) {
    fx *f = *state;
    u256 small = u(100000000000000000ULL); /* 0.1 token: below one WAD of shares */
    slashable_operator(f, small);
    am_opset s = {f->avs, 1};
    assert_int_equal(allocate(f, s, f->sa, 1), RS_OK);
    u256 wad = U256_ONE, id, shares;
    assert_int_equal(slash(f, f->avs, &f->sa, &wad, 1, &id, &shares), RS_OK);
    /* ceil(1 * 1 / 1e18) = 1: the whole allocation goes, but the share ratio rounds to nothing */
    assert_int_equal(am_get_max_magnitude(&f->e, f->op, f->sa), WAD - 1);
    assert_int_equal(am_get_allocation(&f->e, f->op, s, f->sa).current_magnitude, 0);
    assert_true(u256_is_zero(shares));
    assert_u256_equal(dm_operator_shares(&f->e, f->op, f->sa), small);
}

static void test_slash_during_pending_deallocation(void **state) {
    fx *f = *state;
    slashable_operator(f, stake_amount());
    am_opset s = {f->avs, 1};
    assert_int_equal(allocate(f, s, f->sa, 500000000000000000ULL), RS_OK);
    f->e.block_number = 102;
    assert_int_equal(allocate(f, s, f->sa, 100000000000000000ULL), RS_OK); /* due at 153 */
    f->e.block_number = 110;
    size_t logs_before = f->e.nlogs;
    u256 wad = u(333333333333333333ULL), id, shares;
    assert_int_equal(slash(f, f->avs, &f->sa, &wad, 1, &id, &shares), RS_OK);

    am_allocation a = am_get_allocation(&f->e, f->op, s, f->sa);
    assert_int_equal(a.current_magnitude, 333333333333333333ULL);
    assert_true(a.diff_negative);
    assert_int_equal(a.diff_abs, 266666666666666666ULL); /* 4e17 less its rounded-up third */
    assert_int_equal(a.effect_block, 153);
    assert_int_equal(am_get_max_magnitude(&f->e, f->op, f->sa), 833333333333333333ULL);
    assert_int_equal(am_get_encumbered_magnitude(&f->e, f->op, f->sa), 333333333333333333ULL);
    u256 want_shares, want_left;
    assert_true(u256_mul(&want_shares, u(166666666666666667ULL), u(1000)));
    assert_true(u256_mul(&want_left, u(833333333333333333ULL), u(1000)));
    assert_u256_equal(shares, want_shares);
    assert_u256_equal(dm_operator_shares(&f->e, f->op, f->sa), want_left);

    /* AllocationManager logs: pending AllocationUpdated, EncumberedMagnitudeUpdated,
     * AllocationUpdated, MaxMagnitudeUpdated ... OperatorSlashed last */
    rs_b32 upd = rs_sig_topic("AllocationUpdated(address,(address,uint32),address,uint64,uint32)");
    assert_memory_equal(f->e.logs[logs_before].topics[0].b, upd.b, 32);
    assert_memory_equal(f->e.logs[logs_before + 1].topics[0].b,
                        rs_sig_topic("EncumberedMagnitudeUpdated(address,address,uint64)").b, 32);
    assert_memory_equal(f->e.logs[logs_before + 2].topics[0].b, upd.b, 32);
    assert_memory_equal(f->e.logs[logs_before + 3].topics[0].b,
                        rs_sig_topic("MaxMagnitudeUpdated(address,address,uint64)").b, 32);
    assert_memory_equal(f->e.logs[f->e.nlogs - 1].topics[0].b,
                        rs_sig_topic("OperatorSlashed(address,(address,uint32),address[],uint256[],string)").b, 32);
    /* the first event announces the magnitude the deallocation will leave: 66666666666666667 */
    const uint8_t *d = f->e.logdata + f->e.logs[logs_before].data_off;
    assert_u256_equal(u256_from_be(d + 4 * 32), u(66666666666666667ULL));

    f->e.block_number = 153;
    a = am_get_allocation(&f->e, f->op, s, f->sa);
    assert_int_equal(a.current_magnitude, 66666666666666667ULL);
    assert_int_equal(am_get_allocatable_magnitude(&f->e, f->op, f->sa), 766666666666666666ULL);
}

static void test_slash_after_deregistration_until_slashable_until(void **state) {
    fx *f = *state;
    slashable_operator(f, stake_amount());
    am_opset s = {f->avs, 1};
    assert_int_equal(allocate(f, s, f->sa, WAD / 2), RS_OK);
    f->e.block_number = 120;
    uint32_t ids[1] = {1};
    assert_int_equal(TX(f, am_deregister_from_operator_sets(&f->e, f->op, f->op, f->avs, ids, 1)), RS_OK);
    u256 wad = u(WAD / 10), id, shares;
    f->e.block_number = 170; /* 120 + DEALLOCATION_DELAY: the last slashable block */
    assert_int_equal(slash(f, f->avs, &f->sa, &wad, 1, &id, &shares), RS_OK);
    assert_int_equal(am_get_max_magnitude(&f->e, f->op, f->sa), WAD - WAD / 20);
    f->e.block_number = 171;
    assert_reverted_with(f, slash(f, f->avs, &f->sa, &wad, 1, &id, &shares), "OperatorNotSlashable()");
    assert_u256_equal(am_get_slash_count(&f->e, s), U256_ONE);
}

static void test_slash_argument_checks(void **state) {
    fx *f = *state;
    slashable_operator(f, stake_amount());
    am_opset s = {f->avs, 1};
    assert_int_equal(allocate(f, s, f->sa, WAD / 2), RS_OK);
    u256 id, shares[2], wads[2] = {u(WAD / 2), u(WAD / 2)};
    rs_addr desc[2] = {f->sb, f->sa};
    assert_reverted_with(f, slash(f, f->op, &f->sa, wads, 1, &id, shares), "InvalidCaller()");
    assert_reverted_with(f, slash(f, f->avs, desc, wads, 2, &id, shares), "StrategiesMustBeInAscendingOrder()");
    u256 zero = U256_ZERO, over = u(WAD + 1);
    assert_reverted_with(f, slash(f, f->avs, &f->sa, &zero, 1, &id, shares), "InvalidWadToSlash()");
    assert_reverted_with(f, slash(f, f->avs, &f->sa, &over, 1, &id, shares), "InvalidWadToSlash()");
    rs_addr outside = addr(0x40, 9);
    assert_reverted_with(f, slash(f, f->avs, &outside, wads, 1, &id, shares), "StrategyNotInOperatorSet()");
    am_slashing_params p = {f->op, 1, &f->sa, 1, wads, 2, (const uint8_t *)"", 0};
    assert_reverted_with(f, TX(f, am_slash_operator(&f->e, f->avs, f->avs, &p, &id, shares)),
                         "InputArrayLengthMismatch()");
    p.set_id = 7;
    p.nwads = 1;
    assert_reverted_with(f, TX(f, am_slash_operator(&f->e, f->avs, f->avs, &p, &id, shares)),
                         "InvalidOperatorSet()");
    /* reverted slashes did not consume slash ids */
    assert_true(u256_is_zero(am_get_slash_count(&f->e, s)));
}

static void test_unallocated_strategy_is_skipped(void **state) {
    fx *f = *state;
    slashable_operator(f, stake_amount());
    am_opset s = {f->avs, 1};
    assert_int_equal(allocate(f, s, f->sa, WAD / 2), RS_OK);
    rs_addr both[2] = {f->sa, f->sb};
    u256 wads[2] = {u(WAD / 2), u(WAD / 2)}, id, shares[2];
    assert_int_equal(slash(f, f->avs, both, wads, 2, &id, shares), RS_OK);
    assert_u256_equal(shares[1], U256_ZERO);
    assert_int_equal(am_get_max_magnitude(&f->e, f->op, f->sb), WAD);
    assert_int_equal(am_get_max_magnitude(&f->e, f->op, f->sa), 750000000000000000ULL);
    /* operator shares: 1000e18 * 0.75 */
    u256 left;
    assert_true(u256_mul(&left, u(750), u(WAD)));
    assert_u256_equal(dm_operator_shares(&f->e, f->op, f->sa), left);
    f->e.block_number++;
    assert_int_equal(slash(f, f->avs, &f->sb, wads, 1, &id, shares), RS_OK);
    assert_u256_equal(id, u(2));
    assert_u256_equal(am_get_slash_count(&f->e, s), u(2));
}

static void test_max_magnitude_history_by_block(void **state) {
    fx *f = *state;
    slashable_operator(f, stake_amount());
    am_opset s = {f->avs, 1};
    assert_int_equal(allocate(f, s, f->sa, WAD), RS_OK);
    u256 half = u(WAD / 2), id, shares;
    f->e.block_number = 110;
    assert_int_equal(slash(f, f->avs, &f->sa, &half, 1, &id, &shares), RS_OK);
    assert_int_equal(slash(f, f->avs, &f->sa, &half, 1, &id, &shares), RS_OK); /* same block: one entry */
    f->e.block_number = 120;
    assert_int_equal(slash(f, f->avs, &f->sa, &half, 1, &id, &shares), RS_OK);
    assert_int_equal(am_get_max_magnitude_at_block(&f->e, f->op, f->sa, 109), WAD);
    assert_int_equal(am_get_max_magnitude_at_block(&f->e, f->op, f->sa, 110), WAD / 4);
    assert_int_equal(am_get_max_magnitude_at_block(&f->e, f->op, f->sa, 119), WAD / 4);
    assert_int_equal(am_get_max_magnitude_at_block(&f->e, f->op, f->sa, 120), WAD / 8);
    assert_int_equal(am_get_max_magnitude_at_block(&f->e, f->op, f->sa, 4000000000u), WAD / 8);
}

static void test_redistributing_slash_goes_to_recipient_queue(void **state) {
    fx *f = *state;
    slashable_operator(f, stake_amount());
    rs_addr recipient = addr(0xee, 1);
    am_create_set_params cp = {2, &f->sa, 1, f->avs};
    assert_int_equal(TX(f, am_create_redistributing_operator_sets(&f->e, f->avs, f->avs, &cp, 1, &recipient, 1)),
                     RS_OK);
    uint32_t ids[1] = {2};
    assert_int_equal(TX(f, am_register_for_operator_sets(&f->e, f->op, f->op, f->avs, ids, 1, NULL, 0)), RS_OK);
    am_opset s2 = {f->avs, 2};
    assert_int_equal(allocate(f, s2, f->sa, WAD / 5), RS_OK);
    assert_true(am_is_operator_redistributable(&f->e, f->op));
    u256 wad = u(WAD), id, shares;
    am_slashing_params p = {f->op, 2, &f->sa, 1, &wad, 1, (const uint8_t *)"", 0};
    assert_int_equal(TX(f, am_slash_operator(&f->e, f->avs, f->avs, &p, &id, &shares)), RS_OK);
    u256 want;
    assert_true(u256_mul(&want, u(200), u(WAD)));
    assert_u256_equal(shares, want);
    assert_u256_equal(sm_get_burn_or_redistributable_shares_of(&f->e, f->avs, 2, id, f->sa), want);
    assert_memory_equal(am_get_redistribution_recipient(&f->e, f->avs, 2).b, recipient.b, 20);
}


/* ---- contract surface: return encodings the vectors do not exercise ---- */

static int callw(fx *f, const char *sig, const u256 *words, size_t n, rs_buf *ret) {
    uint8_t cd[4 + 32 * 16];
    uint32_t sel = rs_sig_selector(sig);
    cd[0] = (uint8_t)(sel >> 24), cd[1] = (uint8_t)(sel >> 16), cd[2] = (uint8_t)(sel >> 8), cd[3] = (uint8_t)sel;
    for (size_t i = 0; i < n; i++) u256_to_be(words[i], cd + 4 + 32 * i);
    return rs_call(&f->e, RS_ADDR_ZERO, f->e.p->allocation_manager, U256_ZERO, cd, 4 + 32 * n, ret);
}

static u256 ret_word(const rs_buf *b, size_t i) { return u256_from_be(b->p + 32 * i); }

static void test_strategy_allocations_encoding(void **state) {
    fx *f = *state;
    slashable_operator(f, stake_amount());
    am_opset s = {f->avs, 1};
    assert_int_equal(allocate(f, s, f->sa, 600), RS_OK);
    f->e.block_number = 102;
    assert_int_equal(allocate(f, s, f->sa, 200), RS_OK); /* pending -400 until 153 */

    rs_buf ret;
    rs_buf_init(&ret);
    u256 args[3] = {rs_addr_to_u256(f->op), rs_addr_to_u256(f->sa)};
    assert_int_equal(callw(f, "getStrategyAllocations(address,address)", args, 2, &ret), RS_OK);
    assert_int_equal(ret.len, 32 * 9);
    assert_u256_equal(ret_word(&ret, 0), u(0x40));
    assert_u256_equal(ret_word(&ret, 1), u(0x40 + 32 + 64));
    assert_u256_equal(ret_word(&ret, 2), U256_ONE);
    assert_u256_equal(ret_word(&ret, 3), rs_addr_to_u256(f->avs));
    assert_u256_equal(ret_word(&ret, 4), U256_ONE);
    assert_u256_equal(ret_word(&ret, 5), U256_ONE);
    assert_u256_equal(ret_word(&ret, 6), u(600));
    assert_u256_equal(ret_word(&ret, 7), u256_sub_wrap(U256_ZERO, u(400))); /* int128 -400, sign-extended */
    assert_u256_equal(ret_word(&ret, 8), u(153));

    /* getMaxMagnitudesAtBlock(op, [sa], 101) after a slash at 110 */
    f->e.block_number = 110;
    u256 half = u(WAD / 2), id, shares;
    assert_int_equal(slash(f, f->avs, &f->sa, &half, 1, &id, &shares), RS_OK);
    u256 at[5] = {rs_addr_to_u256(f->op), u(0x60), u(109), U256_ONE, rs_addr_to_u256(f->sa)};
    assert_int_equal(callw(f, "getMaxMagnitudesAtBlock(address,address[],uint32)", at, 5, &ret), RS_OK);
    assert_int_equal(ret.len, 96);
    assert_u256_equal(ret_word(&ret, 2), u(WAD));
    at[2] = u(110);
    assert_int_equal(callw(f, "getMaxMagnitudesAtBlock(address,address[],uint32)", at, 5, &ret), RS_OK);
    assert_u256_equal(ret_word(&ret, 2), u(WAD - 300));

    /* getAllocatedStrategies(op, (avs, 1)) */
    u256 as[3] = {rs_addr_to_u256(f->op), rs_addr_to_u256(f->avs), U256_ONE};
    assert_int_equal(callw(f, "getAllocatedStrategies(address,(address,uint32))", as, 3, &ret), RS_OK);
    assert_int_equal(ret.len, 96);
    assert_u256_equal(ret_word(&ret, 2), rs_addr_to_u256(f->sa));

    /* setAllocationDelay through the contract: only the DelegationManager skips the checks */
    u256 sd[2] = {rs_addr_to_u256(f->op), u(3)};
    assert_int_equal(callw(f, "setAllocationDelay(address,uint32)", sd, 2, &ret), RS_REVERTED);
    assert_int_equal(f->e.revert_len, 4);
    rs_buf_free(&ret);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_full_slash_zeroes_max_magnitude, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dust_slash_cuts_magnitude_not_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slash_during_pending_deallocation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slash_after_deregistration_until_slashable_until, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slash_argument_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unallocated_strategy_is_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_magnitude_history_by_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_redistributing_slash_goes_to_recipient_queue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strategy_allocations_encoding, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
