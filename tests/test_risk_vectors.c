/* The risk engine (docs/risk.md) on the states the conformance vectors'
 * scenarios build: each vector is replayed to its end and to a middle step
 * where allocations are still pending, and for every staker, operator and
 * operator set the engine enumerates, every figure is checked against the
 * canonical view or against really executing the slash, the clearing of the
 * escrow and the withdrawal (tests/risk_checks.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/runner.h"
#include "risk/risk.h"
#include "risk/risk_state.h"
#include "risk_checks.h"

typedef struct {
    size_t exposures; /* staker exposures, now and at each pending effect block */
    size_t pending;   /* of which at a pending effect block */
    size_t operator_slashes;
    size_t set_strategies;
    size_t drains;
    size_t drain_bounded; /* drain rows that are an upper bound (queued shares leaving the window) */
    size_t escapes;
    size_t locked; /* stakers whose full withdrawal a locked duration vault refuses */
} counts;

#define WITHDRAWALS_LOCKED 0x49b29ad2u /* WithdrawalsLockedDuringAllocations() */

/* ---- per staker ---- */

static void check_staker(rs_env *e, rk_source *s, rs_addr staker, counts *n) {
    json_t *r = rk_report_staker(s, staker);
    if (!r) fprintf(stderr, "%s\n", s->err);
    assert_non_null(r);
    const json_t *hs = at(r, "strategies");
    rs_addr op = addr0(r, "operator");
    for (size_t i = 0; i < json_array_size(hs); i++) {
        const json_t *h = json_array_get(hs, i);
        rs_addr st = addr(h, "strategy");
        eq(rc_withdrawable(e, staker, st), num(h, "withdrawableShares"));
        const json_t *exps = at(h, "exposures");
        for (size_t k = 0; k < json_array_size(exps); k++) {
            const json_t *x = json_array_get(exps, k);
            rc_check_exposure(e, staker, op, st, x, x, e->block_number);
            n->exposures++;
            const json_t *p = at(x, "pending");
            for (size_t j = 0; j < json_array_size(p); j++, n->exposures++, n->pending++)
                rc_check_exposure(e, staker, op, st, x, json_array_get(p, j), u64(json_array_get(p, j), "effectBlock"));
        }
    }
    uint32_t refused = 0;
    int q = rc_check_escape(e, staker, r, &refused);
    if (q > 0) n->escapes++;
    /* A duration vault in its allocations phase refuses every withdrawal
     * (WithdrawalsLockedDuringAllocations); the report must say so with the
     * strategy's lockedUntil, and name no lock when the withdrawal worked. */
    bool reported_locked = false;
    const json_t *wc = at(at(r, "escape"), "worstCase");
    for (size_t i = 0; i < json_array_size(wc); i++)
        if (!json_is_null(at(json_array_get(wc, i), "lockedUntil"))) reported_locked = true;
    if (q < 0) {
        assert_int_equal(refused, WITHDRAWALS_LOCKED);
        assert_true(reported_locked);
        n->locked++;
    } else if (q > 0) {
        assert_false(reported_locked);
    }
    json_decref(r);
}

/* ---- per operator ---- */

static void check_operator(rs_env *e, rk_source *s, rs_addr op, counts *n) {
    json_t *r = rk_report_operator(s, op);
    if (!r) fprintf(stderr, "%s\n", s->err);
    assert_non_null(r);
    const json_t *sets = at(r, "sets");
    for (size_t i = 0; i < json_array_size(sets); i++) {
        const json_t *set = json_array_get(sets, i);
        if (!json_is_true(at(set, "slashable"))) continue;
        rk_set id = {addr(set, "avs"), (uint32_t)u64(set, "operatorSetId")};
        json_t *sr = rk_report_set(s, id);
        assert_non_null(sr);
        rs_addr slasher = addr(sr, "slasher");
        json_decref(sr);
        const json_t *sts = at(set, "strategies");
        for (size_t k = 0; k < json_array_size(sts); k++)
            n->operator_slashes += rc_check_operator_slash(e, s, slasher, id, op, addr(json_array_get(sts, k), "strategy"),
                                                           json_array_get(sts, k));
    }
    json_decref(r);
}

/* ---- per set ---- */

static void check_set(rs_env *e, rk_source *s, rk_set set, counts *n) {
    json_t *r = rk_report_set(s, set);
    if (!r) return; /* a stale candidate: the source may list sets that do not exist */
    n->set_strategies += rc_check_set_strategies(e, r);
    n->drains += rc_check_drain(e, r, &n->drain_bounded);
    json_decref(r);
}

static bool seen_set(const rk_set *sets, size_t i) {
    for (size_t k = 0; k < i; k++)
        if (rs_addr_eq(sets[k].avs, sets[i].avs) && sets[k].id == sets[i].id) return true;
    return false;
}

static bool seen_addr(const rs_addr *a, size_t i) {
    for (size_t k = 0; k < i; k++)
        if (rs_addr_eq(a[k], a[i])) return true;
    return false;
}

/* Replays `path` through step `stop` (-1: all) and checks every figure;
 * the counts are added to *total. */
static void check_state(const char *path, long stop, counts *total) {
    rs_vector v;
    char err[256];
    if (rs_vector_load(path, &v, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", path, err);
        fail();
    }
    rs_replay rp;
    assert_int_equal(rs_runner_replay(&v, stop, &rp), 0);
    rk_source s;
    rk_state_source_init(&s, &rp.e, "node");
    counts n = {0};
    size_t nstakers = 0, nops = 0, nsets = 0;
    json_t *all = rk_report_all(&s);
    assert_non_null(all);
    const json_t *stakers = at(all, "stakers");
    for (size_t i = 0; i < json_array_size(stakers); i++, nstakers++)
        check_staker(&rp.e, &s, addr(json_array_get(stakers, i), "staker"), &n);
    json_decref(all);
    rs_addr *ops;
    size_t nop;
    assert_int_equal(s.operators(&s, &ops, &nop), 0);
    for (size_t i = 0; i < nop; i++)
        if (!seen_addr(ops, i)) check_operator(&rp.e, &s, ops[i], &n), nops++;
    free(ops);
    rk_set *sets;
    size_t nset;
    assert_int_equal(s.sets(&s, &sets, &nset), 0);
    for (size_t i = 0; i < nset; i++)
        if (!seen_set(sets, i)) check_set(&rp.e, &s, sets[i], &n), nsets++;
    free(sets);
    printf("%s through step %ld (block %" PRIu64 "): %zu stakers, %zu operators, %zu sets; checked %zu exposures "
           "(%zu at pending blocks), %zu operator/what-if figures, %zu set strategies, %zu drain rows (%zu more only bounded), %zu escape windows (%zu refused by a locked vault)\n",
           path, stop, rp.e.block_number, nstakers, nops, nsets, n.exposures, n.pending, n.operator_slashes,
           n.set_strategies, n.drains, n.drain_bounded, n.escapes, n.locked);
    total->exposures += n.exposures;
    total->pending += n.pending;
    total->operator_slashes += n.operator_slashes;
    total->set_strategies += n.set_strategies;
    total->drains += n.drains;
    total->escapes += n.escapes;
    total->locked += n.locked;
    total->drain_bounded += n.drain_bounded;
    rk_state_source_free(&s);
    rs_runner_replay_free(&rp);
    rs_vector_free(&v);
}

/* every kind of figure is checked at least once on each vector */
static void check_vector(const char *path, long middle) {
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("%s: not present, skipped\n", path);
        skip();
    }
    fclose(f);
    counts total = {0};
    check_state(path, middle, &total);
    check_state(path, -1, &total);
    printf("%s: %zu figures checked\n", path,
           total.exposures + total.operator_slashes + total.set_strategies + total.drains + total.escapes);
    assert_true(total.exposures > 0);
    assert_true(total.operator_slashes > 0);
    assert_true(total.set_strategies > 0);
    assert_true(total.drains > 0);
    assert_true(total.escapes > 0);
}

static void test_slashing_0001(void **state) {
    (void)state;
    check_vector("../shared/conformance/slashing_0001.json", 40);
}

static void test_slashing_0007(void **state) {
    (void)state;
    check_vector("../shared/conformance/slashing_0007.json", 48);
}

static void test_avs_0001(void **state) {
    (void)state;
    check_vector("../shared/conformance/avs/avs_0001.json", 55);
}

/* A duration vault in its allocations phase refuses the escape window's
 * withdrawal, and the vault's undelegations queue shares that leave the
 * slashable window before a future drain block (both counted and printed). */
static void test_vault_0001(void **state) {
    (void)state;
    check_vector("../shared/conformance/vault/vault_0001.json", 124);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slashing_0001),
        cmocka_unit_test(test_slashing_0007),
        cmocka_unit_test(test_avs_0001),
        cmocka_unit_test(test_vault_0001),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
