/* The risk engine (src/risk, docs/risk.md) on a state built with the
 * protocol's own calls: every figure is checked against the canonical view
 * it is defined by, or against really executing the slash, the clearing of
 * the escrow or the withdrawal on a journal checkpoint that is then
 * reverted. Also the node's restake_risk* parameter errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_fixture.h"
#include "risk_world.h"
#include "protocol/strategy.h"
#include "risk/risk.h"
#include "risk/risk_state.h"
#include "risk_checks.h"

#include "node_fixture.h"
#include "rpc_call.h"

/* ---- the scenario ---- */

#define E18 1000000000000000000ULL
#define WITHDRAWAL_DELAY 50

typedef struct {
    sim_world w;
    rs_addr avs, op1, op2, s1, s2, s3, s4, recipient, slasher2;
    uint64_t base; /* the block the scenario ends at */
} scene;

static void tx(scene *c, int rc) { assert_int_equal(rc, RS_OK), (void)c; }

#define TRY(c, call) RC_TRY(&(c)->w.e, (call))

static void deposit(scene *c, rs_addr who, size_t strategy, u256 amount) {
    u256 shares;
    erc20_credit(c->w.st, c->w.tokens[strategy], who, amount);
    tx(c, SIM_TX(&c->w, erc20_approve(&c->w.e, who, c->w.tokens[strategy], c->w.p.strategy_manager, amount)));
    tx(c, sim_deposit(&c->w, who, strategy, amount, &shares));
}

/* AVS: set 1 redistributing to `recipient` over both strategies, set 2
 * burning over strategy 0. op1 (registered for both) allocates 6e17 and 3e17
 * of set 1 at once, then with an allocation delay of 5 a pending 4e17 of
 * strategy 0 to set 2 and a pending deallocation of set 1's strategy 0 to
 * 2e17; set 2's slasher is changing. op2 allocates all of strategy 0 to
 * set 1. Stakers s1 (100e18 + 40e18) and s2 (33.33e18) delegate to op1, s4
 * (7e18) to op2, s3 (5e18) to nobody; strategy 0 then gains 15e18 tokens,
 * so a share is worth more than a token. */
static void build(scene *c) {
    sim_world *w = &c->w;
    sim_init(w, 2, WITHDRAWAL_DELAY, 20);
    c->avs = sim_addr(SIM_AVS, 1);
    c->op1 = sim_addr(SIM_OPERATOR, 1);
    c->op2 = sim_addr(SIM_OPERATOR, 2);
    c->s1 = sim_addr(SIM_STAKER, 1);
    c->s2 = sim_addr(SIM_STAKER, 2);
    c->s3 = sim_addr(SIM_STAKER, 3);
    c->s4 = sim_addr(SIM_STAKER, 4);
    c->recipient = sim_addr(0x30, 1);
    c->slasher2 = sim_addr(0x31, 1);
    tx(c, sim_register_avs(w, c->avs));
    am_create_set_params p1 = {1, w->strategies, 2, c->avs}, p2 = {2, w->strategies, 1, c->avs};
    tx(c, SIM_TX(w, am_create_redistributing_operator_sets(&w->e, c->avs, c->avs, &p1, 1, &c->recipient, 1)));
    tx(c, SIM_TX(w, am_create_operator_sets(&w->e, c->avs, c->avs, &p2, 1)));
    tx(c, sim_register_operator(w, c->op1));
    tx(c, sim_register_operator(w, c->op2));
    sim_mine(w, 1);
    uint32_t ids[2] = {1, 2};
    tx(c, SIM_TX(w, am_register_for_operator_sets(&w->e, c->op1, c->op1, c->avs, ids, 2, NULL, 0)));
    tx(c, SIM_TX(w, am_register_for_operator_sets(&w->e, c->op2, c->op2, c->avs, ids, 1, NULL, 0)));
    uint64_t m1[2] = {6 * E18 / 10, 3 * E18 / 10}, m2 = E18;
    am_allocate_params a1 = {{c->avs, 1}, w->strategies, 2, m1, 2}, a2 = {{c->avs, 1}, w->strategies, 1, &m2, 1};
    tx(c, SIM_TX(w, am_modify_allocations(&w->e, c->op1, c->op1, &a1, 1)));
    tx(c, SIM_TX(w, am_modify_allocations(&w->e, c->op2, c->op2, &a2, 1)));
    tx(c, SIM_TX(w, am_set_allocation_delay(&w->e, c->op1, c->op1, 5)));
    deposit(c, c->s1, 0, sim_u(100 * E18));
    deposit(c, c->s1, 1, sim_u(40 * E18));
    deposit(c, c->s2, 0, dec("33333333333333333333"));
    deposit(c, c->s3, 0, sim_u(5 * E18));
    deposit(c, c->s4, 0, sim_u(7 * E18));
    tx(c, sim_delegate(w, c->s1, c->op1));
    tx(c, sim_delegate(w, c->s2, c->op1));
    tx(c, sim_delegate(w, c->s4, c->op2));
    erc20_credit(w->st, w->tokens[0], w->strategies[0], sim_u(15 * E18));
    sim_mine(w, 50); /* the allocation delay of 5 is in effect */
    uint64_t m3 = 4 * E18 / 10, m4 = 2 * E18 / 10;
    am_allocate_params a3[2] = {{{c->avs, 2}, w->strategies, 1, &m3, 1}, {{c->avs, 1}, w->strategies, 1, &m4, 1}};
    tx(c, SIM_TX(w, am_modify_allocations(&w->e, c->op1, c->op1, a3, 2)));
    tx(c, SIM_TX(w, am_update_slasher(&w->e, c->avs, (am_opset){c->avs, 2}, c->slasher2)));
    c->base = w->e.block_number;
}

static rk_source source(scene *c) {
    rk_source s;
    rk_state_source_init(&s, &c->w.e, "node");
    return s;
}

/* ---- real execution ---- */

static u256 withdrawable(scene *c, rs_addr staker, rs_addr strategy) {
    return rc_withdrawable(&c->w.e, staker, strategy);
}

/* slashOperator by the set's slasher (the AVS), in its own transaction */
static u256 slash(scene *c, rs_addr op, uint32_t id, const rs_addr *strategies, size_t n, u256 wad) {
    return rc_slash(&c->w.e, c->avs, (rk_set){c->avs, id}, op, strategies, n, wad);
}

static size_t strategy_index(scene *c, rs_addr s) {
    for (size_t i = 0; i < c->w.nstrategies; i++)
        if (rs_addr_eq(c->w.strategies[i], s)) return i;
    fail();
    return 0;
}

/* ---- the staker ---- */

static void check_exposure(scene *c, rs_addr staker, rs_addr op, rs_addr strategy, const json_t *x, const json_t *fig,
                           uint64_t block) {
    rc_check_exposure(&c->w.e, staker, op, strategy, x, fig, block);
}

static void test_staker_figures(void **state) {
    (void)state;
    scene c;
    build(&c);
    rk_source s = source(&c);
    json_t *r = rk_report_staker(&s, c.s1);
    assert_non_null(r);
    assert_string_equal(json_string_value(at(r, "kind")), "staker");
    assert_int_equal(u64(r, "block"), c.base);
    assert_true(rs_addr_eq(addr(r, "operator"), c.op1));
    assert_int_equal(json_array_size(at(r, "strategies")), 2);
    size_t checks = 0;
    for (size_t i = 0; i < 2; i++) {
        const json_t *h = item(r, "strategies", i);
        rs_addr st = addr(h, "strategy");
        assert_true(rs_addr_eq(st, c.w.strategies[i])); /* ascending */
        assert_true(rs_addr_eq(addr(h, "token"), c.w.tokens[i]));
        eq(sm_staker_deposit_shares(&c.w.e, c.s1, st), num(h, "depositShares"));
        eq(withdrawable(&c, c.s1, st), num(h, "withdrawableShares"));
        eq(sb_shares_to_underlying_view(&c.w.e, st, num(h, "withdrawableShares")), num(h, "tokens"));
        const json_t *exps = at(h, "exposures");
        assert_int_equal(json_array_size(exps), i == 0 ? 2 : 1);
        for (size_t k = 0; k < json_array_size(exps); k++) {
            const json_t *x = json_array_get(exps, k);
            check_exposure(&c, c.s1, c.op1, st, x, x, c.base);
            checks++;
            const json_t *p = at(x, "pending");
            for (size_t j = 0; j < json_array_size(p); j++, checks++)
                check_exposure(&c, c.s1, c.op1, st, x, json_array_get(p, j), u64(json_array_get(p, j), "effectBlock"));
        }
    }
    assert_int_equal(checks, 5); /* set 1 x 2 strategies, set 2 x 1, each pending change */
    /* set 1 strategy 0: 6e17 of 1e18, redistributed to the recipient; set 2 burns */
    const json_t *x1 = item(item(r, "strategies", 0), "exposures", 0), *x2 = item(item(r, "strategies", 0), "exposures", 1);
    eq(sim_u(6 * E18 / 10), num(x1, "slashableWad"));
    assert_string_equal(json_string_value(at(x1, "destination")), "redistribute");
    assert_true(rs_addr_eq(addr(x1, "recipient"), c.recipient));
    assert_string_equal(json_string_value(at(x2, "destination")), "burn");
    eq(U256_ZERO, num(x2, "allocatedMagnitude"));
    assert_int_equal(u64(item(x2, "pending", 0), "effectBlock"), c.base + 5);
    assert_true(rs_addr_eq(addr(x2, "pendingSlasher"), c.slasher2));
    json_decref(r);
    /* s3 is delegated to nobody: no exposure, and escapes with all it has */
    r = rk_report_staker(&s, c.s3);
    assert_true(json_is_null(at(r, "operator")));
    assert_int_equal(json_array_size(at(item(r, "strategies", 0), "exposures")), 0);
    const json_t *wc = item(at(r, "escape"), "worstCase", 0);
    eq(num(wc, "tokensNow"), num(wc, "tokensAtCompletion"));
    json_decref(r);
    rk_state_source_free(&s);
    sim_free(&c.w);
}

/* ---- the escape window ---- */

static void queue_all(scene *c, rs_addr staker, dm_withdrawal *out) {
    assert_int_equal(rc_queue_all(&c->w.e, staker, out), 1);
}

static int complete(scene *c, const dm_withdrawal *wd) {
    rs_addr tokens[4];
    sim_withdrawal_tokens(&c->w, wd, tokens);
    return TRY(c, dm_complete_queued_withdrawal(&c->w.e, wd->withdrawer, wd, tokens, wd->n, true));
}

static void test_escape_window(void **state) {
    (void)state;
    scene c;
    build(&c);
    rk_source s = source(&c);
    json_t *r = rk_report_staker(&s, c.s1);
    const json_t *esc = at(r, "escape");
    uint64_t queue = u64(esc, "queueBlock"), done = u64(esc, "completableBlock");
    assert_int_equal(queue, c.base + 1);
    assert_int_equal(done, c.base + 1 + WITHDRAWAL_DELAY + 1);
    /* allocation (set 2, +5), deallocation (set 1, +21), slasher (set 2, +46): all land before completion */
    const json_t *ev = at(esc, "events");
    assert_int_equal(json_array_size(ev), 3);
    const char *types[3] = {"allocation", "deallocation", "slasher"};
    uint64_t blocks[3] = {c.base + 5, c.base + 21, c.base + 46};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(json_string_value(at(json_array_get(ev, i), "type")), types[i]);
        assert_int_equal(u64(json_array_get(ev, i), "block"), blocks[i]);
    }

    /* queued at queueBlock, the withdrawal completes at completableBlock and not one block before */
    assert_int_equal(rc_check_escape(&c.w.e, c.s1, r, NULL), 1);
    size_t cp = rs_state_checkpoint(c.w.st);
    dm_withdrawal wd;

    /* the worst case: every set slashes 100% of the most it holds before completion
     * (set 1 before its deallocation lands, set 2 once its allocation has) */
    u256 bal[2];
    for (size_t i = 0; i < 2; i++) bal[i] = erc20_balance_of(&c.w.e, c.w.tokens[i], c.s1);
    c.w.e.block_number = queue;
    queue_all(&c, c.s1, &wd);
    slash(&c, c.op1, 1, c.w.strategies, 2, sim_u(E18));
    c.w.e.block_number = c.base + 5;
    slash(&c, c.op1, 2, c.w.strategies, 1, sim_u(E18));
    c.w.e.block_number = done;
    assert_int_equal(complete(&c, &wd), RS_OK);
    for (size_t i = 0; i < 2; i++) {
        const json_t *w = item(esc, "worstCase", i);
        size_t k = strategy_index(&c, addr(w, "strategy"));
        eq(sub0(erc20_balance_of(&c.w.e, c.w.tokens[k], c.s1), bal[k]), num(w, "tokensAtCompletion"));
    }
    dm_withdrawal_free(&wd);
    rs_state_revert(c.w.st, cp);
    c.w.e.block_number = c.base;
    json_decref(r);
    rk_state_source_free(&s);
    sim_free(&c.w);
}

/* ---- the set and its drain bound ---- */

static void test_set_and_drain(void **state) {
    (void)state;
    scene c;
    build(&c);
    rk_source s = source(&c);
    json_t *r = rk_report_set(&s, (rk_set){c.avs, 1});
    assert_non_null(r);
    assert_true(json_is_true(at(r, "redistributing")));
    assert_int_equal(json_array_size(at(r, "members")), 2);
    /* slashable stake: the sum of getMinimumSlashableStake over the members */
    assert_int_equal(rc_check_set_strategies(&c.w.e, r), 2);
    /* the drain bound: now and at the deallocation's effect block; each
     * member slashed 100% there puts exactly its figure in the escrow, and
     * clearing the escrow pays the recipient exactly the tokens */
    const json_t *drain = at(r, "drain");
    assert_int_equal(json_array_size(drain), 2);
    assert_int_equal(u64(json_array_get(drain, 1), "block"), c.base + 21);
    assert_true(rs_addr_eq(addr(r, "recipient"), c.recipient));
    assert_true(rc_check_drain(&c.w.e, r, NULL) > 0);
    json_decref(r);
    /* an unknown set: a precise error */
    r = rk_report_set(&s, (rk_set){c.avs, 9});
    assert_null(r);
    assert_string_equal(s.err, "unknown operator set: avs 0xa500000000000000000000000000000000000001 has no operator set 9");
    rk_state_source_free(&s);
    sim_free(&c.w);
}

/* ---- the what-if ---- */

static void check_whatif(scene *c, const json_t *r, uint32_t id, const rs_addr *st, size_t n, u256 wad) {
    size_t cp = rs_state_checkpoint(c->w.st);
    c->w.e.block_number = u64(r, "atBlock");
    u256 sid = slash(c, c->op1, id, st, n, wad);
    const json_t *stakers = at(r, "stakers");
    for (size_t i = 0; i < json_array_size(stakers); i++) {
        const json_t *row = json_array_get(stakers, i);
        u256 after = withdrawable(c, addr(row, "staker"), addr(row, "strategy"));
        eq(after, num(row, "sharesAfter"));
        eq(sb_shares_to_underlying_view(&c->w.e, addr(row, "strategy"), after), num(row, "tokensAfter"));
    }
    const json_t *ops = at(r, "operators");
    for (size_t i = 0; i < json_array_size(ops); i++) {
        const json_t *row = json_array_get(ops, i);
        eq(dm_operator_shares(&c->w.e, c->op1, addr(row, "strategy")), num(row, "operatorSharesAfter"));
        eq(sm_get_burn_or_redistributable_shares_of(&c->w.e, c->avs, id, sid, addr(row, "strategy")),
           num(row, "slashedShares"));
    }
    rs_state_revert(c->w.st, cp);
    c->w.e.block_number = c->base;
}

static void test_whatif(void **state) {
    (void)state;
    scene c;
    build(&c);
    rk_source s = source(&c);
    rk_slash sl = {c.op1, 2, c.w.strategies, NULL};
    u256 wads[2] = {sim_u(E18 / 2), sim_u(E18 / 3)};
    sl.wads = wads;
    rk_whatif w = {{c.avs, 1}, 1, &sl, false, 0};
    json_t *r = rk_report_whatif(&s, &w);
    assert_non_null(r);
    /* s1 in both strategies, s2 in strategy 0; the shares go to the recipient */
    assert_int_equal(json_array_size(at(r, "stakers")), 3);
    assert_true(rs_addr_eq(addr(at(r, "destination"), "address"), c.recipient));
    json_decref(r);
    /* the same wad for both strategies: check_whatif's slash takes one */
    wads[1] = wads[0];
    r = rk_report_whatif(&s, &w);
    check_whatif(&c, r, 1, c.w.strategies, 2, wads[0]);
    json_decref(r);
    /* set 2 at the block its allocation lands: 100% of 4e17 */
    u256 full = sim_u(E18);
    rk_slash s2 = {c.op1, 1, c.w.strategies, &full};
    rk_whatif w2 = {{c.avs, 2}, 1, &s2, true, (uint32_t)c.base + 5};
    r = rk_report_whatif(&s, &w2);
    assert_non_null(r);
    assert_true(rs_addr_eq(addr(at(r, "destination"), "address"), am_default_burn_address()));
    assert_string_equal(json_string_value(at(item(at(r, "destination"), "byStrategy", 0), "shares")),
                        json_string_value(at(item(r, "operators", 0), "slashedShares")));
    check_whatif(&c, r, 2, c.w.strategies, 1, full);
    json_decref(r);
    /* refused as the protocol would: op2 is not in set 2; strategy 1 is not in set 2 */
    rk_slash bad = {c.op2, 1, c.w.strategies, &full};
    rk_whatif w3 = {{c.avs, 2}, 1, &bad, false, 0};
    assert_null(rk_report_whatif(&s, &w3));
    assert_non_null(strstr(s.err, "OperatorNotSlashable"));
    rk_slash bad2 = {c.op1, 1, &c.w.strategies[1], &full};
    rk_whatif w4 = {{c.avs, 2}, 1, &bad2, false, 0};
    assert_null(rk_report_whatif(&s, &w4));
    assert_non_null(strstr(s.err, "StrategyNotInOperatorSet"));
    rk_state_source_free(&s);
    sim_free(&c.w);
}

/* ---- operator, avs, all ---- */

static void test_operator_avs_all(void **state) {
    (void)state;
    scene c;
    build(&c);
    rk_source s = source(&c);
    json_t *r = rk_report_operator(&s, c.op1);
    assert_non_null(r);
    assert_true(json_is_true(at(r, "redistributable")));
    assert_int_equal(u64(r, "allocationDelay"), 5);
    assert_true(json_is_null(at(r, "allocationDelayPending")));
    assert_int_equal(u64(r, "stakerCount"), 2);
    assert_int_equal(json_array_size(at(r, "sets")), 2);
    const json_t *set1 = item(r, "sets", 0);
    for (size_t i = 0; i < 2; i++) {
        const json_t *st = item(set1, "strategies", i);
        u256 x;
        assert_int_equal(am_minimum_slashable_stake(&c.w.e, (am_opset){c.avs, 1}, c.op1, c.w.strategies[i],
                                                    (uint32_t)c.base, &x), RS_OK);
        eq(x, num(st, "slashableShares"));
    }
    eq(sim_u(6 * E18 / 10), num(item(set1, "strategies", 0), "fractionWad"));
    eq(dm_operator_shares(&c.w.e, c.op1, c.w.strategies[0]), num(item(r, "exposure", 0), "delegatedShares"));
    json_decref(r);

    r = rk_report_avs(&s, c.avs);
    assert_int_equal(json_array_size(at(r, "sets")), 2);
    assert_int_equal(u64(item(r, "sets", 0), "memberCount"), 2);
    json_decref(r);

    /* every staker that holds shares, in address order; operators hold none */
    r = rk_report_all(&s);
    const json_t *all = at(r, "stakers");
    assert_int_equal(json_array_size(all), 4);
    rs_addr want[4] = {c.s1, c.s2, c.s3, c.s4};
    for (size_t i = 0; i < 4; i++) assert_true(rs_addr_eq(addr(json_array_get(all, i), "staker"), want[i]));
    assert_null(json_object_get(json_array_get(all, 0), "kind"));
    json_decref(r);
    rk_state_source_free(&s);
    sim_free(&c.w);
}

/* the state at scale stays consistent: each staker of the all report is
 * its own staker report (minus the header) */
static void test_all_equals_each(void **state) {
    (void)state;
    sim_world w;
    rw_build(&w, 40, 4, 10);
    rk_source s;
    rk_state_source_init(&s, &w.e, "node");
    json_t *all = rk_report_all(&s);
    assert_int_equal(json_array_size(at(all, "stakers")), 40);
    for (uint32_t j = 0; j < 40; j++) {
        json_t *one = rk_report_staker(&s, rw_staker(j));
        for (const char *const *k = (const char *const[]){"kind", "block", "timestamp", "source", NULL}; *k; k++)
            json_object_del(one, *k);
        assert_true(json_equal(one, json_array_get(at(all, "stakers"), j)));
        json_decref(one);
    }
    /* the text form is the same document */
    rs_buf text;
    rs_buf_init(&text);
    assert_int_equal(rk_report_all_text(&s, &text), 0);
    json_error_t je;
    json_t *parsed = json_loadb((const char *)text.p, text.len, 0, &je);
    assert_non_null(parsed);
    assert_true(json_equal(parsed, all));
    json_decref(parsed);
    rs_buf_free(&text);
    json_decref(all);
    rk_state_source_free(&s);
    sim_free(&w);
}

/* ---- the node's methods: precise errors ---- */

static void test_node_method_errors(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(false);
    const char *cases[][3] = {
        {"restake_riskStaker", "[\"0x12\"]", "invalid params: staker: not a 0x-prefixed 20-byte address"},
        {"restake_riskStaker", "[]", "invalid params: expected 1 argument and an optional block tag"},
        {"restake_riskSet", "[\"0x90F79bf6EB2c4f870365E785982E1f101E93b906\",-1]",
         "invalid params: operatorSetId: not a uint32"},
        {"restake_riskWhatIf", "[{}]", "invalid params: avs: not a 0x-prefixed 20-byte address"},
        {"restake_riskWhatIf",
         "[{\"avs\":\"0x90F79bf6EB2c4f870365E785982E1f101E93b906\",\"operatorSetId\":1,\"slashes\":[{\"operator\":"
         "\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\",\"strategies\":[\"0xBfab43aF3dA407a51114813d462f25017462e94a\"],"
         "\"wads\":[\"0\"]}]}]",
         "invalid params: slashes[0]: wads: each must be a uint in [1, 1e18] (decimal string)"},
        {"restake_riskWhatIf", "[{\"avs\":\"0x90F79bf6EB2c4f870365E785982E1f101E93b906\",\"typo\":1}]",
         "invalid params: typo: unknown field"},
        {"restake_riskAll", "[\"0x999\"]", "header not found"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *r = call(n, cases[i][0], cases[i][1]);
        assert_int_equal(error_code(r), strcmp(cases[i][2], "header not found") ? -32602 : -32000);
        assert_string_equal(error_message(r), cases[i][2]);
        json_decref(r);
    }
    json_t *r = call(n, "restake_riskSet", "[\"0x90F79bf6EB2c4f870365E785982E1f101E93b906\",7]");
    assert_int_equal(error_code(r), -32000);
    assert_string_equal(error_message(r),
                        "unknown operator set: avs 0x90f79bf6eb2c4f870365e785982e1f101e93b906 has no operator set 7");
    json_decref(r);
    r = call(n, "restake_riskAll", "[]");
    assert_string_equal(json_string_value(json_object_get(result(r), "source")), "node");
    assert_int_equal(json_array_size(json_object_get(result(r), "stakers")), 0);
    json_decref(r);
    r = call(n, "restake_addresses", "[]");
    assert_string_equal(json_string_value(json_object_get(result(r), "delegationManager")),
                        "0x86e5731091fec2486f072c243dbfd26bbb5ed38e");
    json_decref(r);
    rs_node_close(n);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_staker_figures),  cmocka_unit_test(test_escape_window),
        cmocka_unit_test(test_set_and_drain),   cmocka_unit_test(test_whatif),
        cmocka_unit_test(test_operator_avs_all), cmocka_unit_test(test_all_equals_each),
        cmocka_unit_test(test_node_method_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
