/* Checks of the risk engine's figures (docs/risk.md) against the canonical
 * views and against really executing the slash, the clearing of the escrow
 * and the withdrawal on a journal checkpoint that is then reverted. Shared
 * by tests/test_risk_engine.c (hand-built states) and
 * tests/test_risk_vectors.c (the conformance vectors' states). Header-only;
 * include after cmocka.h, jansson.h and the protocol headers. */
#ifndef RESTAKE_TESTS_RISK_CHECKS_H
#define RESTAKE_TESTS_RISK_CHECKS_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/allocation.h"
#include "protocol/delegation.h"
#include "protocol/erc20.h"
#include "protocol/strategy.h"
#include "protocol/strategy_base.h"
#include "risk/risk.h"

#define RC_WAD 1000000000000000000ULL
#define RC_MAX_STRATEGIES 64 /* strategies of one withdrawal or one slash */

/* ---- JSON access ---- */

static inline u256 dec(const char *s) {
    u256 v;
    assert_non_null(s);
    assert_true(u256_from_dec(&v, s, strlen(s)));
    return v;
}
static inline const json_t *at(const json_t *o, const char *key) {
    const json_t *v = json_object_get(o, key);
    if (!v) fprintf(stderr, "no field %s\n", key);
    assert_non_null(v);
    return v;
}
static inline const json_t *item(const json_t *o, const char *key, size_t i) {
    const json_t *v = json_array_get(at(o, key), i);
    assert_non_null(v);
    return v;
}
static inline u256 num(const json_t *o, const char *key) { return dec(json_string_value(at(o, key))); }
static inline uint64_t u64(const json_t *o, const char *key) { return (uint64_t)json_integer_value(at(o, key)); }
static inline rs_addr addr(const json_t *o, const char *key) {
    rs_addr a;
    assert_true(rk_parse_addr(json_string_value(at(o, key)), &a));
    return a;
}
/* an address field that may be null: zero then */
static inline rs_addr addr0(const json_t *o, const char *key) {
    return json_is_null(at(o, key)) ? RS_ADDR_ZERO : addr(o, key);
}
static inline u256 sub0(u256 a, u256 b) {
    u256 r;
    assert_true(u256_sub(&r, a, b));
    return r;
}
/* what is being checked, printed when a figure differs */
static char rc_what_[160];
static inline void eq(u256 want, u256 got) {
    char a[79], b[79];
    u256_to_dec(want, a);
    u256_to_dec(got, b);
    if (strcmp(a, b) && rc_what_[0]) fprintf(stderr, "differs: %s\n", rc_what_);
    assert_string_equal(a, b);
}

/* ---- real execution ---- */

/* A transaction inside an outer checkpoint the test reverts later: its own
 * writes undone when it reverts, the journal kept. */
static size_t rc_inner_cp_;
static inline int rc_inner_end_(rs_env *e, int rc) {
    if (rc != RS_OK) rs_state_revert(e->st, rc_inner_cp_);
    return rc;
}
#define RC_TRY(e, call) (rs_env_reset(e), rc_inner_cp_ = rs_state_checkpoint((e)->st), rc_inner_end_((e), (call)))

static inline u256 rc_withdrawable(rs_env *e, rs_addr staker, rs_addr strategy) {
    u256 wd = U256_ZERO, dep = U256_ZERO;
    assert_int_equal(dm_get_withdrawable_shares(e, staker, &strategy, 1, &wd, &dep), RS_OK);
    return wd;
}

/* slashOperator by `slasher` of every listed strategy by `wad`, in its own
 * transaction: its result, the slash id in *sid */
static inline int rc_try_slash(rs_env *e, rs_addr slasher, rk_set set, rs_addr op, const rs_addr *strategies, size_t n,
                        u256 wad, u256 *sid) {
    assert_true(n <= RC_MAX_STRATEGIES);
    u256 wads[RC_MAX_STRATEGIES], shares[RC_MAX_STRATEGIES];
    for (size_t i = 0; i < n; i++) wads[i] = wad;
    am_slashing_params p = {op, set.id, strategies, n, wads, n, (const uint8_t *)"test", 4};
    return RC_TRY(e, am_slash_operator(e, slasher, set.avs, &p, sid, shares));
}
static inline u256 rc_slash(rs_env *e, rs_addr slasher, rk_set set, rs_addr op, const rs_addr *strategies, size_t n, u256 wad) {
    u256 sid = U256_ZERO;
    assert_int_equal(rc_try_slash(e, slasher, set, op, strategies, n, wad, &sid), RS_OK);
    return sid;
}

/* the set's slasher as of `block`: the pending one once it has taken effect */
static inline rs_addr rc_slasher_at(const json_t *x, uint64_t block) {
    const json_t *eb = json_object_get(x, "slasherEffectBlock");
    if (eb && json_is_integer(eb) && json_integer_value(eb) > 0 && block >= (uint64_t)json_integer_value(eb) &&
        !json_is_null(at(x, "pendingSlasher")))
        return addr(x, "pendingSlasher");
    return addr(x, "slasher");
}

/* A staker's exposure x to a set, figure `fig` (x itself or one of its
 * pending rows) at `block`: slashing 100% of the set there takes exactly
 * the figure's shares from the staker's withdrawable shares, worth exactly
 * its tokens. A set no longer slashable refuses the slash and shows 0. */
static inline void rc_check_exposure(rs_env *e, rs_addr staker, rs_addr op, rs_addr strategy, const json_t *x,
                              const json_t *fig, uint64_t block) {
    size_t cp = rs_state_checkpoint(e->st);
    uint64_t saved = e->block_number;
    e->block_number = block;
    rk_set set = {addr(x, "avs"), (uint32_t)u64(x, "operatorSetId")};
    snprintf(rc_what_, sizeof rc_what_, "exposure of staker %02x..%02x%02x to set %u at block %" PRIu64,
             staker.b[0], staker.b[18], staker.b[19], set.id, block);
    u256 before = rc_withdrawable(e, staker, strategy), sid;
    int rc = rc_try_slash(e, rc_slasher_at(x, block), set, op, &strategy, 1, u256_from_u64(RC_WAD), &sid);
    u256 lost = rc == RS_OK ? sub0(before, rc_withdrawable(e, staker, strategy)) : U256_ZERO;
    e->block_number = saved;
    rs_state_revert(e->st, cp);
    eq(lost, num(fig, "slashableShares"));
    eq(sb_shares_to_underlying_view(e, strategy, lost), num(fig, "slashableTokens"));
}

/* An operator's row for one strategy of a set it is slashable in: the
 * figure is getMinimumSlashableStake at the read block, and the what-if of
 * a 100% slash by the set's slasher predicts exactly the operator's
 * delegated shares after really executing it, the escrowed shares and each
 * delegated staker's withdrawable shares after. (The operator's real drop
 * is not the minimum slashable stake itself: the protocol rounds the new
 * max magnitude, a difference of up to shares/1e18 per slash.) Returns the
 * figures checked. */
static inline size_t rc_check_operator_slash(rs_env *e, rk_source *s, rs_addr slasher, rk_set set, rs_addr op,
                                             rs_addr strategy, const json_t *fig) {
    snprintf(rc_what_, sizeof rc_what_, "operator %02x..%02x%02x slashed in set %u, strategy ..%02x%02x", op.b[0],
             op.b[18], op.b[19], set.id, strategy.b[18], strategy.b[19]);
    u256 min;
    assert_int_equal(am_minimum_slashable_stake(e, (am_opset){set.avs, set.id}, op, strategy,
                                                (uint32_t)e->block_number, &min), RS_OK);
    eq(min, num(fig, "slashableShares"));
    u256 wad = u256_from_u64(RC_WAD);
    rk_slash sl = {op, 1, &strategy, &wad};
    rk_whatif w = {set, 1, &sl, false, 0};
    json_t *r = rk_report_whatif(s, &w);
    if (!r) fprintf(stderr, "what-if: %s\n", s->err);
    assert_non_null(r);
    size_t cp = rs_state_checkpoint(e->st);
    u256 sid = rc_slash(e, slasher, set, op, &strategy, 1, wad);
    size_t checked = 1;
    const json_t *ops = at(r, "operators"), *stakers = at(r, "stakers");
    for (size_t i = 0; i < json_array_size(ops); i++, checked += 2) {
        const json_t *row = json_array_get(ops, i);
        eq(dm_operator_shares(e, addr(row, "operator"), addr(row, "strategy")), num(row, "operatorSharesAfter"));
        eq(sm_get_burn_or_redistributable_shares_of(e, set.avs, set.id, sid, addr(row, "strategy")),
           num(row, "slashedShares"));
    }
    for (size_t i = 0; i < json_array_size(stakers); i++, checked++) {
        const json_t *row = json_array_get(stakers, i);
        eq(rc_withdrawable(e, addr(row, "staker"), addr(row, "strategy")), num(row, "sharesAfter"));
    }
    rs_state_revert(e->st, cp);
    json_decref(r);
    return checked;
}

/* A set report's slashable stake per strategy: the sum over its members of
 * getMinimumSlashableStake at the read block. Returns the figures checked. */
static inline size_t rc_check_set_strategies(rs_env *e, const json_t *r) {
    rk_set set = {addr(r, "avs"), (uint32_t)u64(r, "operatorSetId")};
    const json_t *members = at(r, "members"), *sts = at(r, "strategies");
    for (size_t i = 0; i < json_array_size(sts); i++) {
        rs_addr st = addr(json_array_get(sts, i), "strategy");
        u256 sum = U256_ZERO, x;
        snprintf(rc_what_, sizeof rc_what_, "set %u strategy ..%02x%02x slashable stake", set.id, st.b[18], st.b[19]);
        for (size_t k = 0; k < json_array_size(members); k++) {
            rs_addr op;
            assert_true(rk_parse_addr(json_string_value(json_array_get(members, k)), &op));
            assert_int_equal(am_minimum_slashable_stake(e, (am_opset){set.avs, set.id}, op, st,
                                                        (uint32_t)e->block_number, &x), RS_OK);
            sum = u256_add_wrap(sum, x);
        }
        eq(sum, num(json_array_get(sts, i), "slashableShares"));
    }
    return json_array_size(sts);
}

/* the token of a strategy as a report lists it (zero for beaconChainETH) */
static inline rs_addr rc_token_of(const json_t *rows, rs_addr strategy) {
    for (size_t i = 0; i < json_array_size(rows); i++) {
        const json_t *row = json_array_get(rows, i);
        if (rs_addr_eq(addr(row, "strategy"), strategy)) return addr0(row, "token");
    }
    fail_msg("strategy not listed");
    return RS_ADDR_ZERO;
}

/* The drain bound of a set report: at each listed block, each member slashed
 * 100% there puts exactly its row's shares in the escrow, and clearing the
 * escrow pays the recipient (or the burn address) exactly its tokens.
 * Returns the rows checked exactly. With `bounded` given, a row at a future
 * block of an operator with shares in the withdrawal queue at the read block
 * may instead be an upper bound (docs/risk.md, "Not covered": the queue term
 * is read at the read block, and queued shares leave the slashable window
 * before the slash lands): the real escrow and token gain are then at most
 * the figures, by at most the queue's shares; counted in *bounded. */
static inline size_t rc_check_drain(rs_env *e, const json_t *r, size_t *bounded) {
    rk_set set = {addr(r, "avs"), (uint32_t)u64(r, "operatorSetId")};
    rs_addr recipient = addr(r, "recipient");
    const json_t *drain = at(r, "drain");
    size_t checked = 0;
    uint64_t saved = e->block_number;
    for (size_t d = 0; d < json_array_size(drain); d++) {
        const json_t *at_b = json_array_get(drain, d), *by = at(at_b, "byOperator");
        uint64_t block = u64(at_b, "block");
        for (size_t i = 0; i < json_array_size(by); i++) {
            const json_t *row = json_array_get(by, i);
            rs_addr op = addr(row, "operator"), st = addr(row, "strategy");
            rs_addr token = rc_token_of(at(r, "strategies"), st);
            snprintf(rc_what_, sizeof rc_what_, "drain of set %u by operator ..%02x%02x, strategy ..%02x%02x at block %" PRIu64
                     " (read at %" PRIu64 ")",
                     set.id, op.b[18], op.b[19], st.b[18], st.b[19], block, saved);
            u256 queue = U256_ZERO;
            assert_int_equal(dm_get_slashable_shares_in_queue(e, op, st, &queue), RS_OK);
            size_t cp = rs_state_checkpoint(e->st);
            e->block_number = block;
            u256 sid = rc_slash(e, rc_slasher_at(r, block), set, op, &st, 1, u256_from_u64(RC_WAD));
            u256 escrow = sm_get_burn_or_redistributable_shares_of(e, set.avs, set.id, sid, st);
            u256 before = erc20_balance_of(e, token, recipient), amount;
            assert_int_equal(RC_TRY(e, sm_clear_burn_or_redistributable_shares_by_strategy(e, set.avs, set.avs, set.id,
                                                                                           sid, st, &amount)),
                             RS_OK);
            u256 gain = sub0(erc20_balance_of(e, token, recipient), before);
            rs_state_revert(e->st, cp);
            e->block_number = saved;
            if (bounded && block > saved && !u256_is_zero(queue) && !u256_eq(escrow, num(row, "shares"))) {
                u256 over = sub0(num(row, "shares"), escrow);
                assert_true(u256_cmp(over, queue) <= 0);
                assert_true(u256_cmp(gain, num(row, "tokens")) <= 0);
                (*bounded)++;
                continue;
            }
            eq(escrow, num(row, "shares"));
            eq(gain, num(row, "tokens"));
            checked++;
        }
    }
    return checked;
}

/* queueWithdrawals of everything the staker has deposited, in a transaction
 * at the current block: 1 queued, 0 nothing to queue, -1 refused (the
 * revert data left in e) */
static inline int rc_queue_all(rs_env *e, rs_addr staker, dm_withdrawal *out) {
    rs_addr *st;
    u256 *dep;
    size_t n;
    assert_int_equal(dm_get_deposited_shares(e, staker, &st, &dep, &n), RS_OK);
    int rc = RS_OK;
    if (n > 0) {
        dm_queue_params qp = {n, st, n, dep};
        rs_b32 root;
        rc = RC_TRY(e, dm_queue_withdrawals(e, staker, &qp, 1, &root));
        if (rc == RS_OK) dm_withdrawal_load(e->st, root, out);
    }
    free(st);
    free(dep);
    return n == 0 ? 0 : rc == RS_OK ? 1 : -1;
}

static inline int rc_complete(rs_env *e, const dm_withdrawal *wd, const json_t *holdings) {
    rs_addr tokens[RC_MAX_STRATEGIES];
    assert_true(wd->n <= RC_MAX_STRATEGIES);
    for (size_t i = 0; i < wd->n; i++) tokens[i] = rc_token_of(holdings, wd->strategies[i]);
    return RC_TRY(e, dm_complete_queued_withdrawal(e, wd->withdrawer, wd, tokens, wd->n, true));
}

/* The escape window of a staker report: a full withdrawal queued at
 * queueBlock fails to complete one block before completableBlock and
 * completes at it. Returns rc_queue_all's answer: 1 checked, 0 nothing to
 * queue, -1 the queue itself refused (the revert selector in *refused). */
static inline int rc_check_escape(rs_env *e, rs_addr staker, const json_t *r, uint32_t *refused) {
    const json_t *esc = at(r, "escape");
    uint64_t queue = u64(esc, "queueBlock"), done = u64(esc, "completableBlock"), saved = e->block_number;
    assert_int_equal(queue, saved + 1);
    size_t cp = rs_state_checkpoint(e->st);
    dm_withdrawal wd;
    e->block_number = queue;
    int queued = rc_queue_all(e, staker, &wd);
    if (queued < 0 && refused)
        *refused = e->revert_len >= 4 ? (uint32_t)e->revert[0] << 24 | (uint32_t)e->revert[1] << 16 |
                                            (uint32_t)e->revert[2] << 8 | e->revert[3]
                                      : 0;
    if (queued > 0) {
        e->block_number = done - 1;
        assert_int_equal(rc_complete(e, &wd, at(r, "strategies")), RS_REVERTED);
        e->block_number = done;
        assert_int_equal(rc_complete(e, &wd, at(r, "strategies")), RS_OK);
        dm_withdrawal_free(&wd);
    }
    rs_state_revert(e->st, cp);
    e->block_number = saved;
    return queued;
}

#endif
