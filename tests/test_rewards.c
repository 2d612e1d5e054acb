/* RewardsCoordinator: submissions (validation order, custody, protocol fee,
 * hashes), splits with their activation delay, claimers, roles, roots and
 * the pause flags. */
#include "liquid_fixture.h"
#include "protocol/allocation.h"
#include "protocol/erc20.h"
#include "protocol/pausing.h"
#include "protocol/permissions.h"
#include "protocol/rewards.h"
#include "restake/router.h"
#include "test_util.h"

/* A day boundary well after GENESIS_REWARDS_TIMESTAMP. */
#define DAY 86400u
#define T_DAY 1749945600u

typedef struct {
    rs_state *st;
    rs_genesis g;
    rs_gen_token tokens[2];
    rs_gen_strategy strategies[2];
    rs_env e;
    rs_addr tka, rwb, strat_a, strat_b, avs, op, other, updater, fee_recipient, owner, pauser, unpauser, submitter;
} world;

static rs_addr A(uint32_t n) { return lq_addr(n); }

static int setup(void **state) {
    world *w = calloc(1, sizeof *w);
    rs_genesis *g = &w->g;
    rs_params_defaults(&g->params);
    rs_params *p = &g->params;
    p->chain_id = 31337;
    p->delegation_manager = A(0x100);
    p->strategy_manager = A(0x101);
    p->allocation_manager = A(0x102);
    p->permission_controller = A(0x103);
    p->pauser_registry = A(0x105);
    p->rewards_coordinator = A(0x108);
    p->emissions_controller = A(0x109);
    w->tka = A(0x500);
    w->rwb = A(0x501);
    /* strat_a < strat_b: ascending order is by address */
    w->strat_a = A(0x600);
    w->strat_b = A(0x601);
    w->avs = A(0x700);
    w->op = A(0x701);
    w->other = A(0x702);
    w->submitter = A(0x703);
    w->owner = A(0x200);
    w->pauser = A(0x201);
    w->unpauser = A(0x202);
    w->updater = A(0x204);
    w->fee_recipient = A(0x205);
    g->owner = w->owner;
    g->pausers[0] = w->pauser;
    g->npausers = 1;
    g->unpauser = w->unpauser;
    g->rewards_updater = w->updater;
    g->fee_recipient = w->fee_recipient;
    w->tokens[0] = (rs_gen_token){.address = w->tka, .name = "Token A", .symbol = "TKA", .decimals = 18, .mintable = true};
    w->tokens[1] = (rs_gen_token){.address = w->rwb, .name = "Reward B", .symbol = "RWB", .decimals = 6, .mintable = true};
    g->tokens = w->tokens;
    g->ntokens = 2;
    w->strategies[0] = (rs_gen_strategy){w->strat_a, w->tka, true};
    w->strategies[1] = (rs_gen_strategy){w->strat_b, w->rwb, true};
    g->strategies = w->strategies;
    g->nstrategies = 2;
    w->st = rs_state_new();
    rs_genesis_apply(w->st, g);
    rs_env_init(&w->e, w->st, &g->params);
    rs_router_attach(&w->e);
    w->e.block_number = 100;
    w->e.timestamp = T_DAY + 3600;
    erc20_credit(w->st, w->tka, w->avs, lq_u(1000000));
    erc20_credit(w->st, w->rwb, w->avs, lq_u(1000000));
    assert_int_equal(erc20_approve(&w->e, w->avs, w->tka, p->rewards_coordinator, lq_u(1000000)), RS_OK);
    assert_int_equal(erc20_approve(&w->e, w->avs, w->rwb, p->rewards_coordinator, lq_u(1000000)), RS_OK);
    rs_state_commit(w->st);
    rs_env_reset(&w->e);
    *state = w;
    return 0;
}

static int teardown(void **state) {
    world *w = *state;
    rs_env_free(&w->e);
    rs_state_free(w->st);
    free(w);
    return 0;
}

static rs_addr rc(world *w) { return w->g.params.rewards_coordinator; }

static const rc_strategy_multiplier g_two_strategies[2] = {{{{0}}, {{1, 0, 0, 0}}}, {{{0}}, {{2, 0, 0, 0}}}};

/* One submission of amount over [T_DAY - 2 days, + 1 day) on both strategies. */
static rc_submission submission(world *w, rc_strategy_multiplier sm[2], uint64_t amount) {
    sm[0] = g_two_strategies[0];
    sm[1] = g_two_strategies[1];
    sm[0].strategy = w->strat_a;
    sm[1].strategy = w->strat_b;
    return (rc_submission){sm, 2, w->tka, lq_u(amount), T_DAY - 2 * DAY, DAY};
}

/* Runs a protocol call as a transaction would: a revert undoes its writes. */
#define TX(w, call)                                                   \
    ({                                                                \
        rs_env_reset(&(w)->e);                                        \
        size_t cp_ = rs_state_checkpoint((w)->st);                    \
        int rc_ = (call);                                             \
        if (rc_ != RS_OK) rs_state_revert((w)->st, cp_);              \
        rs_state_commit((w)->st);                                     \
        rc_;                                                          \
    })

static void test_genesis_sets_what_initialize_set(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    assert_true(rs_addr_eq(rc_owner(e), w->owner));
    assert_true(rs_addr_eq(rc_rewards_updater(e), w->updater));
    assert_true(rs_addr_eq(rc_fee_recipient(e), w->fee_recipient));
    assert_int_equal(rc_activation_delay(e), 7200);
    assert_int_equal(rc_default_operator_split_bips(e), 1000);
    assert_int_equal(rc_distribution_roots_length(e), 0);
    assert_false(rc_is_rewards_for_all_submitter(e, w->submitter));
}

static void test_avs_submission_takes_custody_and_records_hash(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    rc_strategy_multiplier sm[2];
    rc_submission s = submission(w, sm, 1000);
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &s, 1)), RS_OK);
    assert_u256_equal(erc20_balance_of(e, w->tka, rc(w)), lq_u(1000));
    assert_u256_equal(erc20_balance_of(e, w->tka, w->avs), lq_u(999000));
    assert_u256_equal(rc_submission_nonce(e, w->avs), lq_u(1));
    rs_b32 h = rc_submission_hash(w->avs, U256_ZERO, &s);
    assert_true(rc_is_submission_hash(e, RC_HASH_AVS, w->avs, h));
    assert_false(rc_is_submission_hash(e, RC_HASH_FOR_ALL, w->avs, h));
    /* Approval (OZ 4.9 spends the allowance first), Transfer, then the coordinator's event */
    assert_int_equal(e->nlogs, 3);
    lq_expect_topic0(e, 0, "Approval(address,address,uint256)");
    lq_expect_topic0(e, 1, "Transfer(address,address,uint256)");
    lq_expect_topic0(e, 2, "AVSRewardsSubmissionCreated(address,uint256,bytes32,((address,uint96)[],address,uint256,uint32,uint32))");
    assert_memory_equal(e->logs[2].topics[3].b, h.b, 32);
    /* data: offset, then the struct: offset of strategies, token, amount, start, duration */
    assert_u256_equal(lq_log_word(e, 2, 0), lq_u(32));
    assert_u256_equal(lq_log_word(e, 2, 3), lq_u(1000));
    assert_u256_equal(lq_log_word(e, 2, 6), lq_u(2));
}

static void test_protocol_fee_only_when_opted_in(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    rc_strategy_multiplier sm[2];
    rc_submission s = submission(w, sm, 1001);
    assert_int_equal(TX(w, rc_set_opt_in_for_protocol_fee(e, w->other, w->avs, true)), RS_REVERTED);
    lq_expect_error(e, "InvalidPermissions()");
    assert_int_equal(TX(w, rc_set_opt_in_for_protocol_fee(e, w->avs, w->avs, true)), RS_OK);
    assert_true(rc_is_opted_in_for_protocol_fee(e, w->avs));
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &s, 1)), RS_OK);
    /* fee = 1001 * 2000 / 10000 = 200 (rounded down) */
    assert_u256_equal(erc20_balance_of(e, w->tka, w->fee_recipient), lq_u(200));
    assert_u256_equal(erc20_balance_of(e, w->tka, rc(w)), lq_u(801));
    rc_submission net = s;
    net.amount = lq_u(801);
    assert_true(rc_is_submission_hash(e, RC_HASH_AVS, w->avs, rc_submission_hash(w->avs, U256_ZERO, &net)));
    assert_false(rc_is_submission_hash(e, RC_HASH_AVS, w->avs, rc_submission_hash(w->avs, U256_ZERO, &s)));
}

static void test_submission_checks_in_reference_order(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    rc_strategy_multiplier sm[2];
    rc_submission s = submission(w, sm, 10);

    rc_submission t = s;
    t.duration = 0; /* 0 % interval passes: DurationIsZero, not the remainder */
    t.start_timestamp = 5;
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_REVERTED);
    lq_expect_error(e, "DurationIsZero()");
    t = s;
    t.duration = DAY + 1;
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_REVERTED);
    lq_expect_error(e, "InvalidDurationRemainder()");
    t = s;
    t.duration = 71 * DAY;
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_REVERTED);
    lq_expect_error(e, "DurationExceedsMax()");
    t = s;
    t.start_timestamp = T_DAY - 91 * DAY;
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_REVERTED);
    lq_expect_error(e, "StartTimestampTooFarInPast()");
    t = s;
    t.start_timestamp = T_DAY + 31 * DAY;
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_REVERTED);
    lq_expect_error(e, "StartTimestampTooFarInFuture()");
    t = s;
    t.amount = U256_ZERO;
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_REVERTED);
    lq_expect_error(e, "AmountIsZero()");
    t = s;
    t.amount = lq_dec("100000000000000000000000000000000000000"); /* 1e38 */
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_REVERTED);
    lq_expect_error(e, "AmountExceedsMax()");
    rc_strategy_multiplier swapped[2] = {sm[1], sm[0]};
    t = s;
    t.strategies = swapped;
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_REVERTED);
    lq_expect_error(e, "StrategiesNotInAscendingOrder()");
    rc_strategy_multiplier unknown[1] = {{A(0x999), lq_u(1)}};
    t = s;
    t.strategies = unknown;
    t.nstrategies = 1;
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_REVERTED);
    lq_expect_error(e, "StrategyNotWhitelisted()");
    /* the beacon chain ETH strategy needs no whitelisting */
    rc_strategy_multiplier beacon[1] = {{w->g.params.beacon_chain_eth_strategy, lq_u(1)}};
    t.strategies = beacon;
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_OK);
    t = s;
    t.nstrategies = 0;
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, &t, 1)), RS_REVERTED);
    lq_expect_error(e, "InputArrayLengthZero()");
    /* a second, failing submission undoes the first */
    rc_submission pair[2] = {s, s};
    pair[1].amount = lq_u(2000000);
    u256 before = erc20_balance_of(e, w->tka, w->avs);
    assert_int_equal(TX(w, rc_create_avs_rewards_submission(e, w->avs, pair, 2)), RS_REVERTED);
    lq_expect_string(e, "ERC20: insufficient allowance");
    assert_u256_equal(erc20_balance_of(e, w->tka, w->avs), before);
}

static void test_rewards_for_all_needs_the_role(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    rc_strategy_multiplier sm[2];
    rc_submission s = submission(w, sm, 50);
    assert_int_equal(TX(w, rc_create_rewards_for_all_submission(e, w->avs, &s, 1)), RS_REVERTED);
    lq_expect_error(e, "UnauthorizedCaller()");
    assert_int_equal(TX(w, rc_set_rewards_for_all_submitter(e, w->other, w->avs, true)), RS_REVERTED);
    lq_expect_string(e, "Ownable: caller is not the owner");
    assert_int_equal(TX(w, rc_set_rewards_for_all_submitter(e, w->owner, w->avs, true)), RS_OK);
    assert_int_equal(TX(w, rc_create_rewards_for_all_submission(e, w->avs, &s, 1)), RS_OK);
    /* the event precedes the transfer here */
    lq_expect_topic0(e, 0, "RewardsSubmissionForAllCreated(address,uint256,bytes32,((address,uint96)[],address,uint256,uint32,uint32))");
    lq_expect_topic0(e, 1, "Approval(address,address,uint256)");
    lq_expect_topic0(e, 2, "Transfer(address,address,uint256)");
    assert_true(rc_is_submission_hash(e, RC_HASH_FOR_ALL, w->avs, rc_submission_hash(w->avs, U256_ZERO, &s)));
    assert_int_equal(TX(w, rc_create_rewards_for_all_earners(e, w->avs, &s, 1)), RS_OK);
    assert_true(
        rc_is_submission_hash(e, RC_HASH_FOR_ALL_EARNERS, w->avs, rc_submission_hash(w->avs, U256_ONE, &s)));
    assert_u256_equal(rc_submission_nonce(e, w->avs), lq_u(2));
}

static void test_eigen_da_only_from_emissions_controller(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    rc_strategy_multiplier sm[2];
    rc_submission s = submission(w, sm, 5);
    assert_int_equal(TX(w, rc_create_eigen_da_rewards_submission(e, w->avs, w->avs, &s, 1)), RS_REVERTED);
    lq_expect_error(e, "UnauthorizedCaller()");
    assert_int_equal(TX(w, pause_pause(e, w->pauser, rc(w), lq_u(1))), RS_OK);
    assert_int_equal(TX(w, rc_create_eigen_da_rewards_submission(e, w->avs, w->avs, &s, 1)), RS_REVERTED);
    lq_expect_error(e, "CurrentlyPaused()");
}

static void test_operator_directed_fee_per_operator(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    rc_strategy_multiplier sm[2];
    (void)submission(w, sm, 1);
    rc_operator_reward rewards[2] = {{A(0x801), lq_u(999)}, {A(0x802), lq_u(5)}};
    rc_od_submission s = {sm, 2, w->tka, rewards, 2, T_DAY - 2 * DAY, DAY, (const uint8_t *)"desc", 4};
    assert_int_equal(TX(w, rc_create_operator_directed_avs_rewards_submission(e, w->other, w->avs, &s, 1)),
                     RS_REVERTED);
    lq_expect_error(e, "InvalidPermissions()");
    assert_int_equal(TX(w, rc_set_opt_in_for_protocol_fee(e, w->avs, w->avs, true)), RS_OK);
    assert_int_equal(TX(w, rc_create_operator_directed_avs_rewards_submission(e, w->avs, w->avs, &s, 1)), RS_OK);
    /* fees 199 and 1, taken per operator */
    assert_u256_equal(erc20_balance_of(e, w->tka, w->fee_recipient), lq_u(200));
    assert_u256_equal(erc20_balance_of(e, w->tka, rc(w)), lq_u(804));
    rc_operator_reward net[2] = {{A(0x801), lq_u(800)}, {A(0x802), lq_u(4)}};
    rc_od_submission ns = s;
    ns.rewards = net;
    assert_true(rc_is_submission_hash(e, RC_HASH_OD_AVS, w->avs, rc_od_submission_hash(w->avs, U256_ZERO, &ns)));
    /* the caller's array is untouched */
    assert_u256_equal(rewards[0].amount, lq_u(999));

    rc_od_submission t = s;
    t.start_timestamp = T_DAY - DAY; /* start + duration == block day start < now: fine; == now is not */
    w->e.timestamp = T_DAY;
    assert_int_equal(TX(w, rc_create_operator_directed_avs_rewards_submission(e, w->avs, w->avs, &t, 1)),
                     RS_REVERTED);
    lq_expect_error(e, "SubmissionNotRetroactive()");
    w->e.timestamp = T_DAY + 3600;
    rc_operator_reward huge[1] = {{A(0x801), U256_MAX}};
    t = s;
    t.rewards = huge;
    t.nrewards = 1;
    assert_int_equal(TX(w, rc_create_operator_directed_avs_rewards_submission(e, w->avs, w->avs, &t, 1)),
                     RS_REVERTED);
    lq_expect_panic(e, PANIC_OVERFLOW);
    rc_operator_reward desc[2] = {{A(0x802), lq_u(1)}, {A(0x801), lq_u(1)}};
    t.rewards = desc;
    t.nrewards = 2;
    assert_int_equal(TX(w, rc_create_operator_directed_avs_rewards_submission(e, w->avs, w->avs, &t, 1)),
                     RS_REVERTED);
    lq_expect_error(e, "OperatorsNotInAscendingOrder()");
}

static void test_operator_set_kinds_need_a_set(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    rc_strategy_multiplier sm[2];
    rc_submission s = submission(w, sm, 100);
    assert_int_equal(TX(w, rc_create_unique_stake_rewards_submission(e, w->avs, w->avs, 1, &s, 1)), RS_REVERTED);
    lq_expect_error(e, "InvalidOperatorSet()");
    assert_int_equal(TX(w, am_update_avs_metadata_uri(e, w->avs, w->avs, (const uint8_t *)"x", 1)), RS_OK);
    am_create_set_params p = {1, NULL, 0, w->avs};
    assert_int_equal(TX(w, am_create_operator_sets(e, w->avs, w->avs, &p, 1)), RS_OK);
    assert_int_equal(TX(w, rc_create_unique_stake_rewards_submission(e, w->other, w->avs, 1, &s, 1)), RS_REVERTED);
    lq_expect_error(e, "InvalidPermissions()");
    assert_int_equal(TX(w, rc_create_unique_stake_rewards_submission(e, w->avs, w->avs, 1, &s, 1)), RS_OK);
    assert_int_equal(TX(w, rc_create_total_stake_rewards_submission(e, w->avs, w->avs, 1, &s, 1)), RS_OK);
    assert_true(rc_is_submission_hash(e, RC_HASH_UNIQUE_STAKE, w->avs, rc_submission_hash(w->avs, U256_ZERO, &s)));
    assert_true(rc_is_submission_hash(e, RC_HASH_TOTAL_STAKE, w->avs, rc_submission_hash(w->avs, U256_ONE, &s)));
    /* an AVS with a set may name a claimer */
    assert_int_equal(TX(w, rc_set_claimer_for_earner(e, w->avs, w->avs, w->other)), RS_OK);
    assert_true(rs_addr_eq(rc_claimer_for(e, w->avs), w->other));
    assert_int_equal(TX(w, rc_set_claimer_for_earner(e, w->other, w->other, w->avs)), RS_REVERTED);
    lq_expect_error(e, "InvalidEarner()");
}

static void test_splits_follow_the_activation_delay(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    uint64_t t0 = e->timestamp;
    assert_int_equal(rc_get_operator_avs_split(e, w->op, w->avs), 1000);
    assert_int_equal(TX(w, rc_set_operator_avs_split(e, w->op, w->op, w->avs, 10001)), RS_REVERTED);
    lq_expect_error(e, "SplitExceedsMax()");
    assert_int_equal(TX(w, rc_set_operator_avs_split(e, w->op, w->op, w->avs, 500)), RS_OK);
    /* data: activatedAt, old split (the default), new split */
    assert_u256_equal(lq_log_word(e, 0, 0), lq_u(t0 + 7200));
    assert_u256_equal(lq_log_word(e, 0, 1), lq_u(1000));
    assert_u256_equal(lq_log_word(e, 0, 2), lq_u(500));
    /* pending first split: still the default, which follows its changes */
    assert_int_equal(TX(w, rc_set_default_operator_split(e, w->owner, 3000)), RS_OK);
    assert_int_equal(rc_get_operator_avs_split(e, w->op, w->avs), 3000);
    e->timestamp = t0 + 7200;
    assert_int_equal(rc_get_operator_avs_split(e, w->op, w->avs), 500);
    assert_int_equal(TX(w, rc_set_operator_avs_split(e, w->op, w->op, w->avs, 600)), RS_REVERTED);
    lq_expect_error(e, "PreviousSplitPending()");
    e->timestamp = t0 + 7201;
    assert_int_equal(TX(w, rc_set_operator_avs_split(e, w->op, w->op, w->avs, 600)), RS_OK);
    /* pending second split: the old one holds */
    assert_int_equal(rc_get_operator_avs_split(e, w->op, w->avs), 500);
    e->timestamp = t0 + 7201 + 7200;
    assert_int_equal(rc_get_operator_avs_split(e, w->op, w->avs), 600);
    assert_int_equal(rc_get_operator_pi_split(e, w->op), 3000);
    /* activatedAt overflowing uint32 panics */
    assert_int_equal(TX(w, rc_set_activation_delay(e, w->owner, UINT32_MAX)), RS_OK);
    assert_int_equal(TX(w, rc_set_operator_pi_split(e, w->op, w->op, 1)), RS_REVERTED);
    lq_expect_panic(e, PANIC_OVERFLOW);
    assert_int_equal(TX(w, rc_set_operator_set_split(e, w->op, w->op, w->avs, 9, 1)), RS_REVERTED);
    lq_expect_error(e, "InvalidOperatorSet()");
}

static void test_roots_submit_disable_and_views(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    rs_b32 r1 = rs_keccak("r1", 2), r2 = rs_keccak("r2", 2);
    rc_distribution_root out;
    assert_int_equal(TX(w, rc_get_current_distribution_root(e, &out)), RS_REVERTED);
    lq_expect_panic(e, PANIC_OVERFLOW);
    uint32_t idx;
    assert_int_equal(TX(w, rc_get_root_index_from_hash(e, r1, &idx)), RS_REVERTED);
    lq_expect_error(e, "InvalidRoot()");
    assert_int_equal(TX(w, rc_submit_root(e, w->other, r1, T_DAY)), RS_REVERTED);
    lq_expect_error(e, "UnauthorizedCaller()");
    assert_int_equal(TX(w, rc_submit_root(e, w->updater, r1, (uint32_t)e->timestamp)), RS_REVERTED);
    lq_expect_error(e, "RewardsEndTimestampNotElapsed()");
    assert_int_equal(TX(w, rc_submit_root(e, w->updater, r1, T_DAY)), RS_OK);
    assert_int_equal(TX(w, rc_submit_root(e, w->updater, r2, T_DAY)), RS_REVERTED);
    lq_expect_error(e, "NewRootMustBeForNewCalculatedPeriod()");
    assert_int_equal(TX(w, rc_submit_root(e, w->updater, r2, T_DAY + 1)), RS_OK);
    assert_int_equal(rc_distribution_roots_length(e), 2);
    assert_int_equal(rc_curr_rewards_calculation_end_timestamp(e), T_DAY + 1);
    assert_int_equal(TX(w, rc_get_distribution_root_at_index(e, lq_u(1), &out)), RS_OK);
    assert_memory_equal(out.root.b, r2.b, 32);
    assert_int_equal(out.activated_at, T_DAY + 3600 + 7200);
    assert_int_equal(TX(w, rc_get_distribution_root_at_index(e, lq_u(2), &out)), RS_REVERTED);
    lq_expect_panic(e, PANIC_ARRAY_INDEX);
    /* nothing claimable before activation */
    rc_get_current_claimable_distribution_root(e, &out);
    assert_true(rs_b32_eq(out.root, RS_B32_ZERO));
    assert_int_equal(TX(w, rc_disable_root(e, w->updater, 2)), RS_REVERTED);
    lq_expect_error(e, "InvalidRootIndex()");
    assert_int_equal(TX(w, rc_disable_root(e, w->updater, 1)), RS_OK);
    assert_int_equal(TX(w, rc_disable_root(e, w->updater, 1)), RS_REVERTED);
    lq_expect_error(e, "RootDisabled()");
    e->timestamp = T_DAY + 3600 + 7200;
    assert_int_equal(TX(w, rc_disable_root(e, w->updater, 0)), RS_REVERTED);
    lq_expect_error(e, "RootAlreadyActivated()");
    rc_get_current_claimable_distribution_root(e, &out);
    assert_memory_equal(out.root.b, r1.b, 32);
    assert_int_equal(TX(w, rc_get_root_index_from_hash(e, r2, &idx)), RS_OK);
    assert_int_equal(idx, 1);
    assert_int_equal(TX(w, pause_pause(e, w->pauser, rc(w), lq_u(1u << RC_PAUSED_SUBMIT_DISABLE_ROOTS))), RS_OK);
    assert_int_equal(TX(w, rc_submit_root(e, w->updater, r2, T_DAY + 2)), RS_REVERTED);
    lq_expect_error(e, "CurrentlyPaused()");
}

static void test_owner_setters(void **state) {
    world *w = *state;
    rs_env *e = &w->e;
    assert_int_equal(TX(w, rc_set_fee_recipient(e, w->owner, RS_ADDR_ZERO)), RS_REVERTED);
    lq_expect_error(e, "InvalidAddressZero()");
    assert_int_equal(TX(w, rc_set_fee_recipient(e, w->owner, w->other)), RS_OK);
    assert_true(rs_addr_eq(rc_fee_recipient(e), w->other));
    assert_true(rs_addr_eq(lq_topic_addr(e, 0, 1), w->fee_recipient));
    assert_int_equal(TX(w, rc_set_rewards_updater(e, w->updater, w->other)), RS_REVERTED);
    lq_expect_string(e, "Ownable: caller is not the owner");
    assert_int_equal(TX(w, rc_set_activation_delay(e, w->owner, 60)), RS_OK);
    assert_u256_equal(lq_log_word(e, 0, 0), lq_u(7200));
    assert_u256_equal(lq_log_word(e, 0, 1), lq_u(60));
    assert_int_equal(TX(w, rc_set_default_operator_split(e, w->owner, 10001)), RS_REVERTED);
    lq_expect_error(e, "SplitExceedsMax()");
    assert_int_equal(TX(w, rc_transfer_ownership(e, w->owner, w->other)), RS_OK);
    assert_true(rs_addr_eq(rc_owner(e), w->other));
    assert_int_equal(TX(w, rc_set_claimer_for(e, w->op, w->other)), RS_OK);
    assert_true(rs_addr_eq(rc_claimer_for(e, w->op), w->other));
}

/* A call through the contract surface, as a transaction. */
static int call(world *w, rs_addr from, const char *sig, const u256 *words, size_t n, rs_buf *ret) {
    rs_buf cd;
    rs_buf_init(&cd);
    lq_calldata(&cd, sig, words, n);
    rs_env_reset(&w->e);
    int status = rs_call(&w->e, from, rc(w), U256_ZERO, cd.p, cd.len, ret);
    rs_buf_free(&cd);
    return status;
}

static u256 view_word(world *w, const char *sig, const u256 *words, size_t n) {
    rs_buf ret;
    rs_buf_init(&ret);
    assert_int_equal(call(w, RS_ADDR_ZERO, sig, words, n, &ret), RS_OK);
    assert_int_equal(ret.len, 32);
    u256 v = u256_from_be(ret.p);
    rs_buf_free(&ret);
    return v;
}

static void test_surface_views_and_initialize(void **state) {
    world *w = *state;
    rs_buf ret;
    rs_buf_init(&ret);
    assert_u256_equal(view_word(w, "activationDelay()", NULL, 0), lq_u(7200));
    assert_u256_equal(view_word(w, "CALCULATION_INTERVAL_SECONDS()", NULL, 0), lq_u(86400));
    assert_u256_equal(view_word(w, "GENESIS_REWARDS_TIMESTAMP()", NULL, 0), lq_u(1710979200));
    assert_u256_equal(view_word(w, "defaultOperatorSplitBips()", NULL, 0), lq_u(1000));
    u256 args[2] = {rs_addr_to_u256(A(0x11)), lq_u(77)};
    u256 leaf = view_word(w, "calculateTokenLeafHash((address,uint256))", args, 2);
    assert_u256_equal(leaf, rs_b32_to_u256(rc_token_leaf_hash(A(0x11), lq_u(77))));
    u256 init[6] = {U256_ZERO, U256_ZERO, U256_ZERO, U256_ZERO, U256_ZERO, U256_ZERO};
    assert_int_equal(call(w, w->owner, "initialize(address,uint256,address,uint32,uint16,address)", init, 6, &ret),
                     RS_REVERTED);
    lq_expect_string(&w->e, "Initializable: contract is already initialized");
    assert_int_equal(call(w, RS_ADDR_ZERO, "getCurrentDistributionRoot()", NULL, 0, &ret), RS_REVERTED);
    lq_expect_panic(&w->e, PANIC_OVERFLOW);
    /* the claimable root of an empty list is all zero */
    assert_int_equal(call(w, RS_ADDR_ZERO, "getCurrentClaimableDistributionRoot()", NULL, 0, &ret), RS_OK);
    assert_int_equal(ret.len, 128);
    uint8_t zero[128] = {0};
    assert_memory_equal(ret.p, zero, 128);
    rs_buf_free(&ret);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_genesis_sets_what_initialize_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_avs_submission_takes_custody_and_records_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_protocol_fee_only_when_opted_in, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submission_checks_in_reference_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewards_for_all_needs_the_role, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eigen_da_only_from_emissions_controller, setup, teardown),
        cmocka_unit_test_setup_teardown(test_operator_directed_fee_per_operator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_operator_set_kinds_need_a_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_splits_follow_the_activation_delay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roots_submit_disable_and_views, setup, teardown),
        cmocka_unit_test_setup_teardown(test_owner_setters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_surface_views_and_initialize, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
