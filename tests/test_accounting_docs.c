/* The worked examples of docs/core/accounting (SharesAccounting.md,
 * SharesAccountingEdgeCases.md, DualSlashingEdgeCase.md without its beacon
 * chain half) replayed through the protocol API with exact integers, plus the
 * edges the other test files leave out: zero-share withdrawals, the strategy
 * list limit met by a completion as shares, what a 100% slash does to
 * deposits, delegations and withdrawals, and a redistribution recipient paid
 * exactly the cleared tokens at a non-1:1 exchange rate.
 *
 * Notation as in the docs: s deposit shares, k deposit scaling factor,
 * m max magnitude, a withdrawable shares (= s k m), op operator shares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim_fixture.h"
#include "test_util.h"

#define WAD SIM_WAD
#define DELAY 10
#define E18(x) sim_mul(sim_u(x), sim_u(WAD))

typedef struct {
    sim_world w;
    rs_addr op, avs, alice, bob, carol, recipient;
    am_opset set;       /* set 1: strategies 0 and 1, burns */
    am_opset redis_set; /* set 2: strategy 0, redistributes to `recipient` */
} fx;

static void assert_error(fx *f, int rc, const char *sig) {
    assert_int_equal(rc, RS_REVERTED);
    assert_true(f->w.e.revert_len >= 4);
    uint32_t got = (uint32_t)f->w.e.revert[0] << 24 | (uint32_t)f->w.e.revert[1] << 16 |
                   (uint32_t)f->w.e.revert[2] << 8 | f->w.e.revert[3];
    assert_int_equal(got, rs_sig_selector(sig));
}

static fx *world(size_t nstrategies) {
    fx *f = calloc(1, sizeof *f);
    sim_init(&f->w, nstrategies, DELAY, DELAY);
    f->op = sim_addr(SIM_OPERATOR, 1);
    f->avs = sim_addr(SIM_AVS, 1);
    f->alice = sim_addr(SIM_STAKER, 1);
    f->bob = sim_addr(SIM_STAKER, 2);
    f->carol = sim_addr(SIM_STAKER, 3);
    f->recipient = sim_addr(SIM_RECIPIENT, 1);
    f->set = (am_opset){f->avs, 1};
    f->redis_set = (am_opset){f->avs, 2};
    assert_int_equal(sim_register_operator(&f->w, f->op), RS_OK);
    assert_int_equal(sim_register_avs(&f->w, f->avs), RS_OK);
    size_t n = nstrategies < 2 ? nstrategies : 2;
    am_create_set_params cp = {1, f->w.strategies, n, f->avs};
    assert_int_equal(SIM_TX(&f->w, am_create_operator_sets(&f->w.e, f->avs, f->avs, &cp, 1)), RS_OK);
    am_create_set_params rp = {2, f->w.strategies, 1, f->avs};
    assert_int_equal(SIM_TX(&f->w, am_create_redistributing_operator_sets(&f->w.e, f->avs, f->avs, &rp, 1,
                                                                         &f->recipient, 1)),
                     RS_OK);
    uint32_t ids[2] = {1, 2};
    assert_int_equal(SIM_TX(&f->w, am_register_for_operator_sets(&f->w.e, f->op, f->op, f->avs, ids, 2, NULL, 0)),
                     RS_OK);
    return f;
}

static void world_free(fx *f) {
    sim_free(&f->w);
    free(f);
}

static void allocate(fx *f, am_opset set, size_t strategy, uint64_t magnitude) {
    am_allocate_params ap = {set, &f->w.strategies[strategy], 1, &magnitude, 1};
    assert_int_equal(SIM_TX(&f->w, am_modify_allocations(&f->w.e, f->op, f->op, &ap, 1)), RS_OK);
}

/* Slashes `wad` of the operator's allocation of strategy 0 in `set`; returns the shares taken. */
static u256 slash(fx *f, am_opset set, uint64_t wad, u256 *slash_id) {
    u256 w = sim_u(wad), shares, id;
    am_slashing_params p = {f->op, set.id, &f->w.strategies[0], 1, &w, 1, (const uint8_t *)"doc", 3};
    assert_int_equal(SIM_TX(&f->w, am_slash_operator(&f->w.e, set.avs, set.avs, &p, &id, &shares)), RS_OK);
    if (slash_id) *slash_id = id;
    return shares;
}

static void fund(fx *f, rs_addr who, size_t strategy, u256 amount) {
    assert_int_equal(sim_mint_approve(&f->w, strategy, who, amount), RS_OK);
}

static void deposit(fx *f, rs_addr who, size_t strategy, u256 amount) {
    u256 shares;
    fund(f, who, strategy, amount);
    assert_int_equal(sim_deposit(&f->w, who, strategy, amount, &shares), RS_OK);
}

static u256 withdrawable(fx *f, rs_addr who) { return sim_withdrawable(&f->w, who, 0); }
static u256 op_shares(fx *f) { return dm_operator_shares(&f->w.e, f->op, f->w.strategies[0]); }
static u256 dsf(fx *f, rs_addr who) { return dm_deposit_scaling_factor(&f->w.e, who, f->w.strategies[0]); }
static u256 balance(fx *f, rs_addr who) { return erc20_balance_of(&f->w.e, f->w.tokens[0], who); }

/* SharesAccounting.md: deposits, delegation, slashing, queueing and
 * completion, each update checked against the doc's formula. */
static void test_shares_accounting_lifecycle(void **state) {
    (void)state;
    fx *f = world(2);
    allocate(f, f->set, 0, WAD);
    /* Deposit while undelegated: a' = a + d, k stays 1. */
    deposit(f, f->alice, 0, E18(100));
    assert_u256(withdrawable(f, f->alice), "100000000000000000000");
    assert_u256(dsf(f, f->alice), "1000000000000000000");
    /* The operator is slashed 50% before alice arrives: m = 0.5. */
    assert_u256(slash(f, f->set, WAD / 2, NULL), "0");
    assert_int_equal(am_get_max_magnitude(&f->w.e, f->op, f->w.strategies[0]), WAD / 2);

    /* Delegation: k' = k m / m' = 1 / 0.5 = 2, a' = a, op' = op + a. */
    assert_int_equal(sim_delegate(&f->w, f->alice, f->op), RS_OK);
    assert_u256(dsf(f, f->alice), "2000000000000000000");
    assert_u256(withdrawable(f, f->alice), "100000000000000000000");
    assert_u256(op_shares(f), "100000000000000000000");

    /* Deposit of 50: k' = (s k m + d) / ((s + d) m) = (100*2*0.5 + 50) / (150*0.5) = 2. */
    deposit(f, f->alice, 0, E18(50));
    assert_u256(dsf(f, f->alice), "2000000000000000000");
    assert_u256(withdrawable(f, f->alice), "150000000000000000000");
    assert_u256(op_shares(f), "150000000000000000000");

    /* Slash 20% of the remaining 0.5 allocation: m 0.5 -> 0.4, p = 0.8;
     * op' = op p = 120, a' = a p = 120; 30 shares leave for the escrow. */
    assert_u256(slash(f, f->set, WAD / 5, NULL), "30000000000000000000");
    assert_int_equal(am_get_max_magnitude(&f->w.e, f->op, f->w.strategies[0]), 4 * WAD / 10);
    assert_u256(op_shares(f), "120000000000000000000");
    assert_u256(withdrawable(f, f->alice), "120000000000000000000");
    assert_u256(dsf(f, f->alice), "2000000000000000000"); /* slashing writes no staker state */

    /* Queue x = 75 deposit shares: w = x k m = 75*2*0.4 = 60 withdrawable,
     * scaled q = x k = 150; s' = 75, op' = op - w = 60, a' = a - w = 60. */
    dm_withdrawal wd;
    assert_int_equal(sim_queue_one(&f->w, f->alice, 0, E18(75), &wd), RS_OK);
    assert_u256(wd.scaled_shares[0], "150000000000000000000");
    assert_u256(sm_staker_deposit_shares(&f->w.e, f->alice, f->w.strategies[0]), "75000000000000000000");
    assert_u256(op_shares(f), "60000000000000000000");
    assert_u256(withdrawable(f, f->alice), "60000000000000000000");

    /* A slash inside the delay reaches the queue: m 0.4 -> 0.3. The operator
     * loses 60 - 60*0.3/0.4 = 15 and the queue the same 15 (of q m = 60). */
    sim_mine(&f->w, 2);
    assert_u256(slash(f, f->set, WAD / 4, NULL), "30000000000000000000");
    assert_u256(op_shares(f), "45000000000000000000");
    assert_u256(withdrawable(f, f->alice), "45000000000000000000");

    /* Completion pays q m_{t+delay} = 150 * 0.3 = 45 tokens (strategy still 1:1). */
    sim_mine(&f->w, DELAY);
    u256 before = balance(f, f->alice);
    assert_int_equal(sim_complete(&f->w, &wd, true), RS_OK);
    assert_u256(sim_sub(balance(f, f->alice), before), "45000000000000000000");
    dm_withdrawal_free(&wd);

    /* A slash after t + delay no longer reaches a pending withdrawal: the
     * rest (75 deposit shares, q = 150) pays 150 * 0.3 = 45 even though m
     * then halves to 0.15, and that slash takes nothing from the queue. */
    assert_int_equal(sim_queue_one(&f->w, f->alice, 0, E18(75), &wd), RS_OK);
    assert_u256(op_shares(f), "0");
    sim_mine(&f->w, DELAY + 1);
    assert_u256(slash(f, f->set, WAD / 2, NULL), "0");
    assert_int_equal(am_get_max_magnitude(&f->w.e, f->op, f->w.strategies[0]), 15 * WAD / 100);
    before = balance(f, f->alice);
    assert_int_equal(sim_complete(&f->w, &wd, true), RS_OK);
    assert_u256(sim_sub(balance(f, f->alice), before), "45000000000000000000");
    dm_withdrawal_free(&wd);
    world_free(f);
}

/* SharesAccountingEdgeCases.md, "Deposits actually reducing withdrawableShares":
 * the reference's test_increaseDelegatedShares_depositRepeatedly (operator
 * magnitude 999999999999990009, a 44182209037560531097078597505-share
 * deposit, then 1000 deposits of 1000) ends with operatorShares -
 * withdrawable = 44182209037566, the doc's "4.418e13". */
static void test_deposit_repeatedly_drift(void **state) {
    (void)state;
    fx *f = world(1);
    allocate(f, f->set, 0, WAD);
    /* the whole allocation is WAD, so the slashed magnitude is the wad itself */
    slash(f, f->set, 9991, NULL);
    assert_int_equal(am_get_max_magnitude(&f->w.e, f->op, f->w.strategies[0]), 999999999999990009ULL);
    u256 initial = D("44182209037560531097078597505");
    deposit(f, f->alice, 0, initial);
    assert_int_equal(sim_delegate(&f->w, f->alice, f->op), RS_OK);
    fund(f, f->alice, 0, sim_u(1000 * 1000));
    for (int i = 0; i < 1000; i++) {
        u256 shares;
        assert_int_equal(sim_deposit(&f->w, f->alice, 0, sim_u(1000), &shares), RS_OK);
        assert_u256(shares, "1000"); /* totalShares == balance: the rate is exactly 1 */
    }
    assert_u256(sm_staker_deposit_shares(&f->w.e, f->alice, f->w.strategies[0]), "44182209037560531097079597505");
    assert_u256(sim_sub(op_shares(f), withdrawable(f, f->alice)), "44182209037566");
    world_free(f);
}

/* SharesAccountingEdgeCases.md, "Slashing and Rounding Up Operator Shares and
 * Rounding down on Staker Withdrawable Shares": op >= Σ a, strictly here.
 * Deposits 1e18+1, 7 and 13 at m = 1; a 1/3 slash leaves m = 666666666666666667:
 * op' = ceil(1000000000000000021 m / 1e18) = 666666666666666682 while the
 * stakers' floors are 666666666666666667 + 4 + 8 = 666666666666666679. */
static void test_slash_rounds_operator_up_stakers_down(void **state) {
    (void)state;
    fx *f = world(1);
    allocate(f, f->set, 0, WAD);
    deposit(f, f->alice, 0, sim_u(WAD + 1));
    deposit(f, f->bob, 0, sim_u(7));
    deposit(f, f->carol, 0, sim_u(13));
    assert_int_equal(sim_delegate(&f->w, f->alice, f->op), RS_OK);
    assert_int_equal(sim_delegate(&f->w, f->bob, f->op), RS_OK);
    assert_int_equal(sim_delegate(&f->w, f->carol, f->op), RS_OK);
    assert_u256(op_shares(f), "1000000000000000021");
    assert_u256(slash(f, f->set, 333333333333333333ULL, NULL), "333333333333333339");
    assert_int_equal(am_get_max_magnitude(&f->w.e, f->op, f->w.strategies[0]), 666666666666666667ULL);
    assert_u256(op_shares(f), "666666666666666682");
    assert_u256(withdrawable(f, f->alice), "666666666666666667");
    assert_u256(withdrawable(f, f->bob), "4");
    assert_u256(withdrawable(f, f->carol), "8");
    world_free(f);
}

/* DualSlashingEdgeCase.md steps 1-2 and Scenario A step 4 with a token
 * strategy in place of the validator: 32 deposited, a 75% slash leaves
 * 32 * 0.25 = 8 withdrawable; 32 more gives DSF = 40 / 64 / 0.25 = 2.5 and
 * 64 * 0.25 * 2.5 = 40 withdrawable. */
static void test_dual_slashing_token_half(void **state) {
    (void)state;
    fx *f = world(1);
    allocate(f, f->set, 0, WAD);
    deposit(f, f->alice, 0, E18(32));
    assert_int_equal(sim_delegate(&f->w, f->alice, f->op), RS_OK);
    assert_u256(slash(f, f->set, 3 * WAD / 4, NULL), "24000000000000000000");
    assert_u256(withdrawable(f, f->alice), "8000000000000000000");
    deposit(f, f->alice, 0, E18(32));
    assert_u256(sm_staker_deposit_shares(&f->w.e, f->alice, f->w.strategies[0]), "64000000000000000000");
    assert_u256(dsf(f, f->alice), "2500000000000000000");
    assert_u256(withdrawable(f, f->alice), "40000000000000000000");
    assert_u256(op_shares(f), "40000000000000000000");
    world_free(f);
}

/* SharesAccountingEdgeCases.md, "Fully Slashed for a Strategy": with m = 0 a
 * delegated staker cannot deposit more, a staker holding shares in that
 * strategy cannot delegate (one without may), and withdrawals pay 0. */
static void test_fully_slashed_operator(void **state) {
    (void)state;
    fx *f = world(2);
    allocate(f, f->set, 0, WAD);
    deposit(f, f->alice, 0, E18(10));
    deposit(f, f->bob, 0, E18(10));
    deposit(f, f->carol, 1, E18(10));
    assert_int_equal(sim_delegate(&f->w, f->alice, f->op), RS_OK);
    assert_u256(slash(f, f->set, WAD, NULL), "10000000000000000000");
    assert_int_equal(am_get_max_magnitude(&f->w.e, f->op, f->w.strategies[0]), 0);
    assert_u256(withdrawable(f, f->alice), "0");
    assert_u256(op_shares(f), "0");

    u256 shares;
    fund(f, f->alice, 0, E18(1));
    assert_error(f, sim_deposit(&f->w, f->alice, 0, E18(1), &shares), "FullySlashed()");
    assert_error(f, sim_delegate(&f->w, f->bob, f->op), "FullySlashed()");
    /* carol's only strategy was not slashed */
    assert_int_equal(sim_delegate(&f->w, f->carol, f->op), RS_OK);
    assert_u256(dm_operator_shares(&f->w.e, f->op, f->w.strategies[1]), "10000000000000000000");

    /* alice can still leave, with nothing: the queued withdrawal is worth 0
     * and completing it as tokens or as shares moves nothing */
    dm_withdrawal wd;
    assert_int_equal(sim_queue_one(&f->w, f->alice, 0, E18(4), &wd), RS_OK);
    assert_u256(wd.scaled_shares[0], "4000000000000000000");
    rs_b32 *roots = NULL;
    size_t n = 0;
    assert_int_equal(SIM_TX(&f->w, dm_undelegate(&f->w.e, f->alice, f->alice, &roots, &n)), RS_OK);
    assert_int_equal(n, 1);
    dm_withdrawal rest;
    dm_withdrawal_load(f->w.st, roots[0], &rest);
    free(roots);
    assert_u256(rest.scaled_shares[0], "6000000000000000000");
    dm_withdrawal tmp;
    u256 *pay = NULL;
    assert_int_equal(dm_get_queued_withdrawal(&f->w.e, dm_withdrawal_root(&rest), &tmp, &pay), RS_OK);
    assert_u256(pay[0], "0");
    free(pay);
    dm_withdrawal_free(&tmp);
    sim_mine(&f->w, DELAY + 1);
    u256 before = balance(f, f->alice), total = sb_total_shares(&f->w.e, f->w.strategies[0]);
    assert_int_equal(sim_complete(&f->w, &wd, true), RS_OK);
    assert_int_equal(sim_complete(&f->w, &rest, false), RS_OK);
    assert_u256_equal(balance(f, f->alice), before);
    assert_u256(sm_staker_deposit_shares(&f->w.e, f->alice, f->w.strategies[0]), "0");
    assert_u256_equal(sb_total_shares(&f->w.e, f->w.strategies[0]), total);
    assert_int_equal(sm_staker_strategy_list_length(&f->w.e, f->alice), 0);
    dm_withdrawal_free(&wd);
    dm_withdrawal_free(&rest);
    /* undelegated now (slashing factor 1 again), alice may deposit anew */
    assert_int_equal(sim_deposit(&f->w, f->alice, 0, E18(1), &shares), RS_OK);
    assert_u256(withdrawable(f, f->alice), "1000000000000000000");
    world_free(f);
}

/* Zero-share withdrawals: a strategy with 0 deposit shares reverts in the
 * StrategyManager, an empty strategy list in the DelegationManager; neither
 * leaves anything behind. */
static void test_zero_share_withdrawals(void **state) {
    (void)state;
    fx *f = world(2);
    deposit(f, f->alice, 0, E18(5));
    assert_int_equal(sim_delegate(&f->w, f->alice, f->op), RS_OK);
    rs_b32 root_before = rs_state_root(f->w.st);
    assert_error(f, sim_queue_one(&f->w, f->alice, 0, U256_ZERO, NULL), "SharesAmountZero()");
    /* a strategy alice never deposited in: also zero, and also rejected */
    assert_error(f, sim_queue_one(&f->w, f->alice, 1, U256_ZERO, NULL), "SharesAmountZero()");
    dm_queue_params empty = {0, NULL, 0, NULL};
    rs_b32 root;
    assert_error(f, SIM_TX(&f->w, dm_queue_withdrawals(&f->w.e, f->alice, &empty, 1, &root)),
                 "InputArrayLengthZero()");
    rs_b32 root_after = rs_state_root(f->w.st);
    assert_memory_equal(root_before.b, root_after.b, 32);
    assert_u256(dm_cumulative_withdrawals_queued(&f->w.e, f->alice), "0");
    /* no params at all: a successful no-op */
    assert_int_equal(SIM_TX(&f->w, dm_queue_withdrawals(&f->w.e, f->alice, NULL, 0, NULL)), RS_OK);
    assert_u256(dm_cumulative_withdrawals_queued(&f->w.e, f->alice), "0");
    world_free(f);
}

/* The 32-strategy list limit met by a completion as shares: the slot a
 * withdrawal freed was taken by a new deposit, so receiving the shares back
 * reverts while receiving tokens works. */
static void test_strategy_list_limit_blocks_completion_as_shares(void **state) {
    (void)state;
    fx *f = world(33);
    for (size_t i = 0; i < 32; i++) deposit(f, f->alice, i, E18(1));
    assert_int_equal(sm_staker_strategy_list_length(&f->w.e, f->alice), 32);
    u256 shares;
    fund(f, f->alice, 32, E18(1));
    assert_error(f, sim_deposit(&f->w, f->alice, 32, E18(1), &shares), "MaxStrategiesExceeded()");
    dm_withdrawal wd;
    assert_int_equal(sim_queue_one(&f->w, f->alice, 0, E18(1), &wd), RS_OK);
    assert_int_equal(sm_staker_strategy_list_length(&f->w.e, f->alice), 31);
    assert_int_equal(sim_deposit(&f->w, f->alice, 32, E18(1), &shares), RS_OK);
    sim_mine(&f->w, DELAY + 1);
    assert_error(f, sim_complete(&f->w, &wd, false), "MaxStrategiesExceeded()");
    assert_true(dm_pending_withdrawal(&f->w.e, dm_withdrawal_root(&wd)));
    u256 before = balance(f, f->alice);
    assert_int_equal(sim_complete(&f->w, &wd, true), RS_OK);
    assert_u256(sim_sub(balance(f, f->alice), before), "1000000000000000000");
    dm_withdrawal_free(&wd);
    world_free(f);
}

/* A redistributing set: the recipient receives exactly the escrowed shares
 * at the strategy's rate. 1000 deposited, 500 donated: a 100% slash of a 0.2
 * allocation escrows 200 shares, worth floor(200e18 * (1500e18 + 1e3) /
 * (1000e18 + 1e3)) = 299999999999999999900 tokens (the virtual offsets cost
 * the recipient 100 wei). */
static void test_redistribution_recipient_gets_cleared_tokens(void **state) {
    (void)state;
    fx *f = world(1);
    deposit(f, f->alice, 0, E18(1000));
    assert_int_equal(sim_delegate(&f->w, f->alice, f->op), RS_OK);
    fund(f, f->bob, 0, E18(500));
    assert_int_equal(SIM_TX(&f->w, erc20_transfer(&f->w.e, f->bob, f->w.tokens[0], f->w.strategies[0], E18(500))),
                     RS_OK);
    allocate(f, f->redis_set, 0, WAD / 5);
    u256 id;
    assert_u256(slash(f, f->redis_set, WAD, &id), "200000000000000000000");
    assert_u256(op_shares(f), "800000000000000000000");
    assert_true(am_is_redistributing_operator_set(&f->w.e, f->avs, 2));

    u256 *amounts = NULL;
    size_t n = 0;
    assert_int_equal(SIM_TX(&f->w, sm_clear_burn_or_redistributable_shares(&f->w.e, f->carol, f->avs, 2, id,
                                                                          &amounts, &n)),
                     RS_OK);
    assert_int_equal(n, 1);
    assert_u256(amounts[0], "299999999999999999900");
    free(amounts);
    assert_u256(balance(f, f->recipient), "299999999999999999900");
    assert_u256(balance(f, f->w.p.default_burn_address), "0");
    assert_u256(sb_total_shares(&f->w.e, f->w.strategies[0]), "800000000000000000000");
    assert_u256(balance(f, f->w.strategies[0]), "1200000000000000000100");
    /* a second clear of the same slash pays nothing */
    u256 again;
    assert_int_equal(SIM_TX(&f->w, sm_clear_burn_or_redistributable_shares_by_strategy(
                                       &f->w.e, f->carol, f->avs, 2, id, f->w.strategies[0], &again)),
                     RS_OK);
    assert_u256(again, "0");
    assert_u256(balance(f, f->recipient), "299999999999999999900");
    world_free(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shares_accounting_lifecycle),
        cmocka_unit_test(test_deposit_repeatedly_drift),
        cmocka_unit_test(test_slash_rounds_operator_up_stakers_down),
        cmocka_unit_test(test_dual_slashing_token_half),
        cmocka_unit_test(test_fully_slashed_operator),
        cmocka_unit_test(test_zero_share_withdrawals),
        cmocka_unit_test(test_strategy_list_limit_blocks_completion_as_shares),
        cmocka_unit_test(test_redistribution_recipient_gets_cleared_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
