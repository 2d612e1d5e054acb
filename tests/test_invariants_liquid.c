/* Randomized liquid restaking without slashing: a seeded (RESTAKE_SEED) sequence of
 * mints, approvals, deposits, (re/un)delegations, queued withdrawals of
 * random fractions (one or two per call), completions (as tokens or as
 * shares, one or two per call) and donations, all
 * through the protocol API. After every operation the accounting must close:
 *   - each strategy's totalShares (virtual 1e3 offset excluded) equals the
 *     stakers' deposit shares plus the scaled shares of pending withdrawals
 *     (without slashing every deposit scaling factor stays WAD, so scaled
 *     shares are deposit shares);
 *   - tokens are conserved: every holder's balance plus the strategies'
 *     holdings equals what was minted, which is also the total supply;
 *   - each operator's shares cover its stakers' withdrawable shares (>= is the
 *     protocol's promise; without slashing nothing rounds, so it is ==).
 * A reverted operation must leave the state root unchanged (sampled). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim_asserts.h"
#include "test_seed.h"
#include "test_util.h"

#define NSTRAT 3
#define NOPS 4
#define NSTAKERS 16
#define NACTORS (NOPS + NSTAKERS)
#define DELAY 10
#ifndef NOPS_RUN
#define NOPS_RUN 100000
#endif
#define MAX_PENDING 4096
/* A state root costs a sort and a hash of the whole state, so only every
 * ROOT_SAMPLE-th operation is root-checked: one of the kinds that revert
 * most often, compared against the root before it when it does revert. */
#define ROOT_SAMPLE 500

enum { OP_MINT, OP_APPROVE, OP_DEPOSIT, OP_DELEGATE, OP_UNDELEGATE, OP_REDELEGATE, OP_QUEUE, OP_COMPLETE,
       OP_DONATE, OP_MINE, OP_KINDS };
static const char *const OP_NAMES[OP_KINDS] = {"mint", "approve", "deposit", "delegate", "undelegate",
                                               "redelegate", "queue", "complete", "donate", "mine"};
static const unsigned REVERT_PRONE[3] = {OP_DEPOSIT, OP_DELEGATE, OP_QUEUE};
/* Relative frequency of each kind. */
static const unsigned OP_WEIGHTS[OP_KINDS] = {8, 3, 20, 6, 3, 3, 18, 18, 4, 6};

typedef struct {
    sim_world w;
    sim_rng rng;
    rs_addr actors[NACTORS]; /* operators first */
    u256 minted[NSTRAT];
    dm_withdrawal pending[MAX_PENDING];
    size_t npending;
    unsigned ran; /* kind actually run: ops fall back to others */
    unsigned ok[OP_KINDS], reverted[OP_KINDS];
    unsigned roots_checked, pairs_completed, split_queues;
} liq;

static liq L;

static rs_addr pick_actor(liq *s) { return s->actors[sim_below(&s->rng, NACTORS)]; }
static rs_addr pick_operator(liq *s) { return s->actors[sim_below(&s->rng, NOPS)]; }

static u256 random_amount(liq *s) { return sim_random_amount(&s->rng); }

/* A fraction of x: mostly inside [0, x], sometimes just above it. */
static u256 random_part(liq *s, u256 x) {
    uint64_t r = sim_below(&s->rng, 20);
    if (r == 0) return U256_ZERO;
    if (r == 1) return x;
    if (r == 2) return sim_add(x, U256_ONE);
    return sim_frac(x, 1 + sim_below(&s->rng, 1000), 1000);
}

static void track_roots(liq *s, const rs_b32 *roots, size_t n) {
    sim_track_roots(&s->w, s->pending, &s->npending, MAX_PENDING, roots, n);
}

static int op_mint(liq *s) {
    s->ran = OP_MINT;
    size_t k = sim_below(&s->rng, NSTRAT);
    rs_addr who = pick_actor(s);
    u256 amount = random_amount(s);
    int rc = SIM_TX(&s->w, erc20_mint(&s->w.e, who, s->w.tokens[k], who, amount));
    if (rc == RS_OK) s->minted[k] = sim_add(s->minted[k], amount);
    return rc;
}

static int op_approve(liq *s) {
    s->ran = OP_APPROVE;
    size_t k = sim_below(&s->rng, NSTRAT);
    rs_addr who = pick_actor(s);
    u256 amount = sim_below(&s->rng, 4) ? U256_MAX : random_amount(s);
    return SIM_TX(&s->w, erc20_approve(&s->w.e, who, s->w.tokens[k], s->w.p.strategy_manager, amount));
}

static int op_deposit(liq *s) {
    s->ran = OP_DEPOSIT;
    size_t k = sim_below(&s->rng, NSTRAT);
    rs_addr who = pick_actor(s);
    u256 amount = random_part(s, erc20_balance_of(&s->w.e, s->w.tokens[k], who)), shares;
    return sim_deposit(&s->w, who, k, amount, &shares);
}

static int op_delegate(liq *s) {
    s->ran = OP_DELEGATE;
    return sim_delegate(&s->w, pick_actor(s), pick_operator(s));
}

static int op_undelegate(liq *s) {
    s->ran = OP_UNDELEGATE;
    rs_addr staker = pick_actor(s);
    /* the staker itself, or its operator forcing it */
    rs_addr caller = sim_below(&s->rng, 3) ? staker : dm_delegated_to(&s->w.e, staker);
    rs_b32 *roots = NULL;
    size_t n = 0;
    int rc = SIM_TX(&s->w, dm_undelegate(&s->w.e, caller, staker, &roots, &n));
    if (rc == RS_OK) track_roots(s, roots, n);
    free(roots);
    return rc;
}

static int op_redelegate(liq *s) {
    s->ran = OP_REDELEGATE;
    rs_addr staker = pick_actor(s);
    rs_b32 *roots = NULL;
    size_t n = 0;
    int rc = SIM_TX(&s->w, dm_redelegate(&s->w.e, staker, pick_operator(s), NULL, 0, U256_ZERO, RS_B32_ZERO, &roots,
                                         &n));
    if (rc == RS_OK) track_roots(s, roots, n);
    free(roots);
    return rc;
}

static int op_queue(liq *s) {
    s->ran = OP_QUEUE;
    rs_addr who = pick_actor(s);
    size_t first = sim_below(&s->rng, NSTRAT), n = 1 + sim_below(&s->rng, 2);
    rs_addr strategies[2];
    u256 shares[2];
    for (size_t i = 0; i < n; i++) {
        size_t k = (first + i) % NSTRAT;
        strategies[i] = s->w.strategies[k];
        shares[i] = random_part(s, sm_staker_deposit_shares(&s->w.e, who, strategies[i]));
    }
    /* sometimes one withdrawal per strategy in a single call */
    bool split = n == 2 && sim_below(&s->rng, 4) == 0;
    dm_queue_params qp[2] = {{n, strategies, n, shares}, {0, NULL, 0, NULL}};
    if (split) {
        qp[0] = (dm_queue_params){1, &strategies[0], 1, &shares[0]};
        qp[1] = (dm_queue_params){1, &strategies[1], 1, &shares[1]};
    }
    size_t nparams = split ? 2 : 1;
    rs_b32 roots[2];
    int rc = SIM_TX(&s->w, dm_queue_withdrawals(&s->w.e, who, qp, nparams, roots));
    if (rc == RS_OK) track_roots(s, roots, nparams);
    if (rc == RS_OK && split) s->split_queues++;
    return rc;
}

/* completeQueuedWithdrawals over two withdrawals of one withdrawer. */
static int complete_pair(liq *s, size_t i) {
    size_t j = s->npending;
    for (size_t t = 0; t < s->npending; t++)
        if (t != i && rs_addr_eq(s->pending[t].withdrawer, s->pending[i].withdrawer)) j = t;
    if (j == s->npending) return RS_REVERTED;
    dm_withdrawal pair[2] = {s->pending[i], s->pending[j]};
    rs_addr tokens[2][NSTRAT];
    const rs_addr *lists[2] = {tokens[0], tokens[1]};
    size_t ntokens[2] = {pair[0].n, pair[1].n};
    bool as_tokens[2] = {sim_below(&s->rng, 2), sim_below(&s->rng, 2)};
    sim_withdrawal_tokens(&s->w, &pair[0], tokens[0]);
    sim_withdrawal_tokens(&s->w, &pair[1], tokens[1]);
    for (size_t t = 0; t < 2; t++)
        if (s->w.e.block_number <= (uint64_t)pair[t].start_block + DELAY)
            sim_mine(&s->w, pair[t].start_block + DELAY + 1 - s->w.e.block_number);
    int rc = SIM_TX(&s->w, dm_complete_queued_withdrawals(&s->w.e, pair[0].withdrawer, pair, 2, lists, ntokens, 2,
                                                          as_tokens, 2));
    if (rc == RS_OK) {
        size_t hi = i > j ? i : j, lo = i > j ? j : i;
        dm_withdrawal_free(&s->pending[hi]);
        s->pending[hi] = s->pending[--s->npending];
        dm_withdrawal_free(&s->pending[lo]);
        s->pending[lo] = s->pending[--s->npending];
        s->pairs_completed++;
    }
    return rc;
}

static int op_complete(liq *s) {
    s->ran = OP_COMPLETE;
    if (s->npending == 0) return op_queue(s);
    size_t i = sim_below(&s->rng, s->npending);
    if (sim_below(&s->rng, 8) == 0) {
        int rc = complete_pair(s, i);
        if (rc == RS_OK) return rc;
    }
    dm_withdrawal *wd = &s->pending[i];
    /* usually wait out the delay; sometimes try early and get reverted */
    if (sim_below(&s->rng, 8) && s->w.e.block_number <= (uint64_t)wd->start_block + DELAY)
        sim_mine(&s->w, wd->start_block + DELAY + 1 - s->w.e.block_number);
    bool as_tokens = sim_below(&s->rng, 2);
    int rc = sim_complete_paying_promise(&s->w, wd, as_tokens, DELAY);
    if (rc == RS_OK) {
        dm_withdrawal_free(wd);
        s->pending[i] = s->pending[--s->npending];
    }
    return rc;
}

static int op_donate(liq *s) {
    s->ran = OP_DONATE;
    size_t k = sim_below(&s->rng, NSTRAT);
    rs_addr who = pick_actor(s);
    u256 amount = random_part(s, erc20_balance_of(&s->w.e, s->w.tokens[k], who));
    return SIM_TX(&s->w, erc20_transfer(&s->w.e, who, s->w.tokens[k], s->w.strategies[k], amount));
}

static int op_mine(liq *s) {
    s->ran = OP_MINE;
    sim_mine(&s->w, sim_below(&s->rng, DELAY + 2));
    return RS_OK;
}

static int (*const OPS[OP_KINDS])(liq *) = {op_mint, op_approve, op_deposit, op_delegate, op_undelegate,
                                             op_redelegate, op_queue, op_complete, op_donate, op_mine};

static unsigned pick_kind(liq *s) { return sim_pick_weighted(&s->rng, OP_WEIGHTS, OP_KINDS, OP_MINE); }

/* ---- invariants ---- */

static void check_strategy_shares(liq *s) {
    rs_env *e = &s->w.e;
    for (size_t k = 0; k < NSTRAT; k++) {
        rs_addr strat = s->w.strategies[k];
        u256 sum = U256_ZERO;
        for (size_t a = 0; a < NACTORS; a++) sum = sim_add(sum, sm_staker_deposit_shares(e, s->actors[a], strat));
        for (size_t i = 0; i < s->npending; i++)
            for (size_t j = 0; j < s->pending[i].n; j++)
                if (rs_addr_eq(s->pending[i].strategies[j], strat)) sum = sim_add(sum, s->pending[i].scaled_shares[j]);
        assert_u256_equal(sb_total_shares(e, strat), sum);
    }
}

static void check_tokens(liq *s) {
    rs_env *e = &s->w.e;
    for (size_t k = 0; k < NSTRAT; k++) {
        rs_addr tok = s->w.tokens[k];
        u256 sum = U256_ZERO;
        for (size_t a = 0; a < NACTORS; a++) sum = sim_add(sum, erc20_balance_of(e, tok, s->actors[a]));
        for (size_t j = 0; j < NSTRAT; j++) sum = sim_add(sum, erc20_balance_of(e, tok, s->w.strategies[j]));
        assert_u256_equal(sum, s->minted[k]);
        assert_u256_equal(erc20_total_supply(e, tok), s->minted[k]);
    }
}

static void check_operator_shares(liq *s) {
    rs_env *e = &s->w.e;
    u256 sum[NOPS][NSTRAT];
    memset(sum, 0, sizeof sum);
    for (size_t a = 0; a < NACTORS; a++) {
        rs_addr op = dm_delegated_to(e, s->actors[a]);
        if (rs_addr_is_zero(op)) continue;
        size_t o = op.b[19] - 1; /* operators are sim_addr(SIM_OPERATOR, 1..NOPS) */
        assert_true(o < NOPS && rs_addr_eq(op, s->actors[o]));
        u256 wd[NSTRAT], dep[NSTRAT];
        assert_int_equal(dm_get_withdrawable_shares(e, s->actors[a], s->w.strategies, NSTRAT, wd, dep), RS_OK);
        for (size_t k = 0; k < NSTRAT; k++) sum[o][k] = sim_add(sum[o][k], wd[k]);
    }
    for (size_t o = 0; o < NOPS; o++)
        for (size_t k = 0; k < NSTRAT; k++) {
            u256 have = dm_operator_shares(e, s->actors[o], s->w.strategies[k]);
            assert_true(u256_ge(have, sum[o][k]));
            assert_u256_equal(have, sum[o][k]);
        }
}

static void check_all(liq *s) {
    check_strategy_shares(s);
    check_tokens(s);
    check_operator_shares(s);
}

static void setup_world(liq *s) {
    memset(s, 0, sizeof *s);
    sim_init(&s->w, NSTRAT, DELAY, 20);
    s->rng.s = test_seed("test_invariants_liquid");
    for (uint32_t i = 0; i < NOPS; i++) {
        s->actors[i] = sim_addr(SIM_OPERATOR, i + 1);
        assert_int_equal(sim_register_operator(&s->w, s->actors[i]), RS_OK);
    }
    for (uint32_t i = 0; i < NSTAKERS; i++) s->actors[NOPS + i] = sim_addr(SIM_STAKER, i + 1);
}

static void test_random_liquid_operations_keep_accounting(void **state) {
    (void)state;
    liq *s = &L;
    setup_world(s);
    for (unsigned n = 0; n < NOPS_RUN; n++) {
        bool sample = n % ROOT_SAMPLE == 0;
        unsigned kind = sample ? REVERT_PRONE[sim_below(&s->rng, 3)] : pick_kind(s);
        rs_b32 before = sample ? rs_state_root(s->w.st) : RS_B32_ZERO;
        int rc = OPS[kind](s);
        if (rc == RS_OK) {
            s->ok[s->ran]++;
        } else {
            s->reverted[s->ran]++;
            if (sample) {
                rs_b32 after = rs_state_root(s->w.st);
                assert_memory_equal(before.b, after.b, 32);
                s->roots_checked++;
            }
        }
        check_all(s);
    }
    for (unsigned k = 0; k < OP_KINDS; k++)
        print_message("%-10s ok %6u reverted %6u\n", OP_NAMES[k], s->ok[k], s->reverted[k]);
    print_message("pending withdrawals at end %zu, reverted ops root-checked %u\n", s->npending, s->roots_checked);
    /* the run exercised every kind both ways where a revert is possible */
    for (unsigned k = 0; k < OP_KINDS; k++) assert_true(s->ok[k] > 100);
    assert_true(s->reverted[OP_DEPOSIT] > 100 && s->reverted[OP_QUEUE] > 100 && s->reverted[OP_COMPLETE] > 100);
    assert_true(s->roots_checked > 60);
    print_message("two-withdrawal queues %u, two-withdrawal completions %u\n", s->split_queues, s->pairs_completed);
    assert_true(s->split_queues > 100 && s->pairs_completed > 100);

    /* drain: every pending withdrawal completes and the books still close */
    sim_drain(&s->w, s->pending, &s->npending, DELAY);
    check_all(s);
    sim_free(&s->w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_liquid_operations_keep_accounting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
