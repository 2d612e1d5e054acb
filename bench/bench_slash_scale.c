/* The cost of one slashOperator as a function of how many stakers are
 * delegated to the operator: 1 versus 10^6. Slashing touches only the
 * operator's magnitudes and shares (stakers are slashed lazily through their
 * slashing factor), so the two figures should match up to the cost of a
 * larger state. Each figure averages many slashes of a small wad (1e-6 of
 * the allocation), one per block. */
#include <stdio.h>
#include <time.h>

#include "../tests/sim_fixture.h"

#include "bench_util.h"

#define NSLASH 20000
#define SLASH_WAD 1000000000000ULL /* 1e-6 */

static void must(int rc, const char *what) {
    if (rc != RS_OK) {
        fprintf(stderr, "bench_slash_scale: %s reverted\n", what);
        exit(1);
    }
}

/* An operator allocated fully to one set over one strategy, with n stakers delegated. */
static void build(sim_world *w, size_t nstakers) {
    rs_addr op = sim_addr(SIM_OPERATOR, 1), avs = sim_addr(SIM_AVS, 1);
    sim_init(w, 1, 10, 10);
    must(sim_register_operator(w, op), "registerAsOperator");
    must(sim_register_avs(w, avs), "avs setup");
    am_create_set_params cp = {1, w->strategies, 1, avs};
    must(SIM_TX(w, am_create_operator_sets(&w->e, avs, avs, &cp, 1)), "createOperatorSets");
    uint32_t id = 1;
    must(SIM_TX(w, am_register_for_operator_sets(&w->e, op, op, avs, &id, 1, NULL, 0)), "registerForOperatorSets");
    uint64_t mag = SIM_WAD;
    am_allocate_params ap = {{avs, 1}, w->strategies, 1, &mag, 1};
    must(SIM_TX(w, am_modify_allocations(&w->e, op, op, &ap, 1)), "modifyAllocations");
    u256 amount = sim_u(SIM_WAD);
    for (size_t i = 0; i < nstakers; i++) {
        rs_addr s = sim_addr(SIM_STAKER, (uint32_t)i + 1);
        u256 shares;
        erc20_credit(w->st, w->tokens[0], s, amount);
        must(SIM_TX(w, erc20_approve(&w->e, s, w->tokens[0], w->p.strategy_manager, amount)), "approve");
        must(sim_deposit(w, s, 0, amount, &shares), "deposit");
        must(sim_delegate(w, s, op), "delegateTo");
    }
}

static double time_slashes(sim_world *w, int n) {
    rs_addr op = sim_addr(SIM_OPERATOR, 1), avs = sim_addr(SIM_AVS, 1);
    u256 wad = sim_u(SLASH_WAD), id, shares;
    am_slashing_params p = {op, 1, w->strategies, 1, &wad, 1, (const uint8_t *)"bench", 5};
    double t0 = bench_now_s();
    for (int i = 0; i < n; i++) {
        sim_mine(w, 1);
        must(SIM_TX(w, am_slash_operator(&w->e, avs, avs, &p, &id, &shares)), "slashOperator");
    }
    return (bench_now_s() - t0) * 1e9 / n;
}

/* After a warm-up (caches, first growth of the state arrays), the best of
 * three rounds: the machine is shared, and the minimum is the least noisy. */
static double ns_per_slash(sim_world *w) {
    time_slashes(w, NSLASH / 4);
    double best = time_slashes(w, NSLASH);
    for (int r = 0; r < 2; r++) {
        double t = time_slashes(w, NSLASH);
        if (t < best) best = t;
    }
    return best;
}

int main(void) {
    static const size_t sizes[2] = {1, 1000000};
    double ns[2];
    for (int i = 0; i < 2; i++) {
        sim_world w;
        double t0 = bench_now_s();
        build(&w, sizes[i]);
        double setup = bench_now_s() - t0;
        ns[i] = ns_per_slash(&w);
        printf("slashOperator with %7zu delegated staker(s): %8.0f ns/slash (best of 3 x %d slashes of wad 1e-6; setup %.1f s, "
               "%zu state entries after, operator shares left %.6e)\n",
               sizes[i], ns[i], NSLASH, setup, rs_state_count(w.st),
               (double)dm_operator_shares(&w.e, sim_addr(SIM_OPERATOR, 1), w.strategies[0]).w[1] * 18446744073709551616.0 +
                   (double)dm_operator_shares(&w.e, sim_addr(SIM_OPERATOR, 1), w.strategies[0]).w[0]);
        sim_free(&w);
    }
    printf("ratio 10^6 / 1: %.2f\n", ns[1] / ns[0]);
    return 0;
}
