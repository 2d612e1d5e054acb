/* Checks the randomized simulations share on top of sim_fixture.h: the
 * pending-withdrawal ledger they keep, a completion whose token payout must
 * equal what getQueuedWithdrawal promised, and the final drain. Unlike
 * sim_fixture.h it needs cmocka, so only tests include it. */
#ifndef RESTAKE_TESTS_SIM_ASSERTS_H
#define RESTAKE_TESTS_SIM_ASSERTS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "sim_fixture.h"
#include "test_util.h"

/* Appends the withdrawals behind roots to pending[*npending..cap). */
static inline void sim_track_roots(sim_world *w, dm_withdrawal *pending, size_t *npending, size_t cap,
                                   const rs_b32 *roots, size_t n) {
    for (size_t i = 0; i < n; i++) {
        assert_true(*npending < cap);
        dm_withdrawal_load(w->st, roots[i], &pending[(*npending)++]);
    }
}

/* Completes wd; when it pays tokens, each strategy pays exactly what
 * getQueuedWithdrawal promised just before. */
static inline int sim_complete_paying_promise(sim_world *w, const dm_withdrawal *wd, bool as_tokens, uint32_t delay) {
    bool due = w->e.block_number > (uint64_t)wd->start_block + delay;
    u256 want[SIM_MAX_STRATEGIES * 2], before[SIM_MAX_STRATEGIES * 2];
    assert_true(wd->n <= SIM_MAX_STRATEGIES * 2);
    if (as_tokens && due) {
        sim_expected_tokens(w, wd, want);
        sim_withdrawer_balances(w, wd, before);
    }
    int rc = sim_complete(w, wd, as_tokens);
    if (rc == RS_OK && as_tokens) {
        u256 after[SIM_MAX_STRATEGIES * 2];
        sim_withdrawer_balances(w, wd, after);
        for (size_t j = 0; j < wd->n; j++) assert_u256_equal(sim_sub(after[j], before[j]), want[j]);
    }
    return rc;
}

/* Waits out the withdrawal delay and completes every pending withdrawal as tokens. */
static inline void sim_drain(sim_world *w, dm_withdrawal *pending, size_t *npending, uint32_t delay) {
    sim_mine(w, delay + 1);
    while (*npending) {
        dm_withdrawal *wd = &pending[*npending - 1];
        assert_int_equal(sim_complete(w, wd, true), RS_OK);
        dm_withdrawal_free(wd);
        (*npending)--;
    }
}

#endif
