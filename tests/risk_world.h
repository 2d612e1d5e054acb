/* A state at scale for the risk engine (tests/test_risk.c, bench/bench_risk.c):
 * nsets operator sets of nsets/5 AVSs (every other set redistributing, to
 * a recipient of its own), nops operators each registered for 5 sets and
 * allocating 1e17 of each of 3 strategies to each of them, then a pending
 * deallocation of the first to 5e16; nstakers stakers depositing one or two
 * strategies and delegated to operator j % nops. Header-only; include
 * after sim_fixture.h. */
#ifndef RESTAKE_TESTS_RISK_WORLD_H
#define RESTAKE_TESTS_RISK_WORLD_H

#include <stdio.h>
#include <stdlib.h>

#define RW_STRATEGIES 3
#define RW_SETS_PER_OP 5

static inline void rw_must(int rc, const char *what) {
    if (rc != RS_OK) {
        fprintf(stderr, "risk_world: %s reverted\n", what);
        abort();
    }
}

static inline rs_addr rw_avs(uint32_t set) { return sim_addr(SIM_AVS, set / 5 + 1); }
static inline uint32_t rw_id(uint32_t set) { return set % 5 + 1; }
static inline rs_addr rw_op(uint32_t i) { return sim_addr(SIM_OPERATOR, i + 1); }
static inline rs_addr rw_staker(uint32_t j) { return sim_addr(SIM_STAKER, j + 1); }
static inline rs_addr rw_recipient(uint32_t set) { return sim_addr(0x30, set + 1); }

static inline void rw_sets(sim_world *w, uint32_t nsets) {
    for (uint32_t a = 0; a < (nsets + 4) / 5; a++) rw_must(sim_register_avs(w, rw_avs(a * 5)), "avs");
    for (uint32_t s = 0; s < nsets; s++) {
        rs_addr avs = rw_avs(s);
        am_create_set_params cp = {rw_id(s), w->strategies, RW_STRATEGIES, avs};
        rs_addr rec = rw_recipient(s);
        if (s % 2) rw_must(SIM_TX(w, am_create_operator_sets(&w->e, avs, avs, &cp, 1)), "createOperatorSets");
        else
            rw_must(SIM_TX(w, am_create_redistributing_operator_sets(&w->e, avs, avs, &cp, 1, &rec, 1)),
                    "createRedistributingOperatorSets");
    }
}

static inline void rw_operator(sim_world *w, uint32_t i, uint32_t nsets, uint64_t mag) {
    rs_addr op = rw_op(i);
    rw_must(sim_register_operator(w, op), "registerAsOperator");
    sim_mine(w, 1);
    uint64_t mags[RW_STRATEGIES];
    for (size_t k = 0; k < RW_STRATEGIES; k++) mags[k] = mag;
    for (uint32_t k = 0; k < RW_SETS_PER_OP && k < nsets; k++) {
        uint32_t s = (i + k) % nsets, id = rw_id(s);
        rw_must(SIM_TX(w, am_register_for_operator_sets(&w->e, op, op, rw_avs(s), &id, 1, NULL, 0)), "register");
        am_allocate_params ap = {{rw_avs(s), id}, w->strategies, RW_STRATEGIES, mags, RW_STRATEGIES};
        rw_must(SIM_TX(w, am_modify_allocations(&w->e, op, op, &ap, 1)), "modifyAllocations");
    }
}

/* the pending deallocation of operator i's first set to half its magnitude */
static inline void rw_deallocate(sim_world *w, uint32_t i, uint32_t nsets, uint64_t mag) {
    uint64_t mags[RW_STRATEGIES];
    for (size_t k = 0; k < RW_STRATEGIES; k++) mags[k] = mag / 2;
    uint32_t s = i % nsets;
    am_allocate_params ap = {{rw_avs(s), rw_id(s)}, w->strategies, RW_STRATEGIES, mags, RW_STRATEGIES};
    rw_must(SIM_TX(w, am_modify_allocations(&w->e, rw_op(i), rw_op(i), &ap, 1)), "deallocate");
}

static inline void rw_staker_deposit(sim_world *w, uint32_t j, uint32_t nops) {
    rs_addr s = rw_staker(j);
    u256 shares;
    for (size_t k = 0; k < (j % 2 ? 1u : 2u); k++) {
        size_t strat = (j + k) % RW_STRATEGIES;
        u256 amount = sim_u(SIM_WAD + j);
        erc20_credit(w->st, w->tokens[strat], s, amount);
        rw_must(SIM_TX(w, erc20_approve(&w->e, s, w->tokens[strat], w->p.strategy_manager, amount)), "approve");
        rw_must(sim_deposit(w, s, strat, amount, &shares), "deposit");
    }
    rw_must(sim_delegate(w, s, rw_op(j % nops)), "delegateTo");
}

static inline void rw_build(sim_world *w, uint32_t nstakers, uint32_t nops, uint32_t nsets) {
    sim_init(w, RW_STRATEGIES, 10, 20);
    rw_sets(w, nsets);
    for (uint32_t i = 0; i < nops; i++) rw_operator(w, i, nsets, SIM_WAD / 10);
    sim_mine(w, 1);
    for (uint32_t i = 0; i < nops; i++) rw_deallocate(w, i, nsets, SIM_WAD / 10);
    for (uint32_t j = 0; j < nstakers; j++) rw_staker_deposit(w, j, nops);
    sim_mine(w, 1);
}

#endif
