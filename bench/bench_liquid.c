/* Liquid restaking throughput: a deposit / delegate / undelegate / queue /
 * complete mix over 10^4 stakers, 10 operators and 3 strategies, each
 * operation a transaction (checkpoint, call, commit). Prints operations per
 * second and the mix actually run. */
#include <stdio.h>
#include <time.h>

#include "../tests/sim_fixture.h"

#include "bench_util.h"

#define NSTAKERS 10000
#define NOPER 10
#define NSTRAT 3
#define DELAY 5
#define NRUN 200000
#define RING (1u << 18)

enum { K_DEPOSIT, K_DELEGATE, K_UNDELEGATE, K_QUEUE, K_COMPLETE, K_KINDS };
static const char *const NAMES[K_KINDS] = {"deposit", "delegate", "undelegate", "queue", "complete"};

static dm_withdrawal ring[RING];
static size_t head, tail; /* oldest pending at head */

static void push(sim_world *w, const rs_b32 *roots, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (tail - head == RING) abort();
        dm_withdrawal_load(w->st, roots[i], &ring[tail++ % RING]);
    }
}

static rs_addr staker(uint64_t i) { return sim_addr(SIM_STAKER, (uint32_t)i + 1); }

static int deposit(sim_world *w, sim_rng *r, rs_addr s, size_t k, unsigned *kind) {
    u256 shares;
    *kind = K_DEPOSIT;
    return sim_deposit(w, s, k, sim_u(1000000000000000ULL * (1 + sim_below(r, 1000))), &shares);
}

/* Each kind falls back to one that can succeed (queue without shares
 * deposits, complete without a pending withdrawal queues ...), so the mix
 * measures work rather than early reverts. */
static int queue(sim_world *w, sim_rng *r, rs_addr s, size_t k, unsigned *kind) {
    u256 have = sm_staker_deposit_shares(&w->e, s, w->strategies[k]);
    if (u256_is_zero(have)) return deposit(w, r, s, k, kind);
    *kind = K_QUEUE;
    u256 part = sim_frac(have, 1 + sim_below(r, 4), 4);
    dm_queue_params qp = {1, &w->strategies[k], 1, &part};
    rs_b32 root;
    int rc = SIM_TX(w, dm_queue_withdrawals(&w->e, s, &qp, 1, &root));
    if (rc == RS_OK) push(w, &root, 1);
    return rc;
}

static int run_one(sim_world *w, sim_rng *r, unsigned *kind) {
    uint64_t roll = sim_below(r, 100);
    rs_addr s = staker(sim_below(r, NSTAKERS));
    size_t k = sim_below(r, NSTRAT);
    if (roll < 35) return deposit(w, r, s, k, kind);
    if (roll < 45) {
        if (!dm_is_delegated(&w->e, s)) {
            *kind = K_DELEGATE;
            return sim_delegate(w, s, sim_addr(SIM_OPERATOR, 1 + (uint32_t)sim_below(r, NOPER)));
        }
        if (sim_below(r, 3)) return deposit(w, r, s, k, kind);
        *kind = K_UNDELEGATE;
        rs_b32 *roots = NULL;
        size_t n = 0;
        int rc = SIM_TX(w, dm_undelegate(&w->e, s, s, &roots, &n));
        if (rc == RS_OK) push(w, roots, n);
        free(roots);
        return rc;
    }
    if (roll < 70 || head == tail) return queue(w, r, s, k, kind);
    *kind = K_COMPLETE;
    dm_withdrawal *wd = &ring[head % RING];
    if (w->e.block_number <= (uint64_t)wd->start_block + DELAY) sim_mine(w, wd->start_block + DELAY + 1 - w->e.block_number);
    int rc = sim_complete(w, wd, sim_below(r, 2));
    dm_withdrawal_free(wd);
    head++;
    return rc;
}

int main(void) {
    sim_world w;
    sim_init(&w, NSTRAT, DELAY, DELAY);
    for (uint32_t o = 1; o <= NOPER; o++)
        if (sim_register_operator(&w, sim_addr(SIM_OPERATOR, o)) != RS_OK) return 1;
    u256 lots = sim_mul(sim_u(1000000), sim_u(SIM_WAD));
    for (uint64_t i = 0; i < NSTAKERS; i++)
        for (size_t k = 0; k < NSTRAT; k++) {
            erc20_credit(w.st, w.tokens[k], staker(i), lots);
            if (SIM_TX(&w, erc20_approve(&w.e, staker(i), w.tokens[k], w.p.strategy_manager, U256_MAX)) != RS_OK)
                return 1;
        }
    sim_rng r = {42};
    unsigned ok[K_KINDS] = {0}, bad[K_KINDS] = {0};
    double t0 = bench_now_s();
    for (unsigned n = 0; n < NRUN; n++) {
        unsigned kind;
        if (run_one(&w, &r, &kind) == RS_OK)
            ok[kind]++;
        else
            bad[kind]++;
    }
    double dt = bench_now_s() - t0;
    printf("bench_liquid: %u operations over %u stakers, %u operators, %u strategies in %.3f s\n", NRUN, NSTAKERS,
           NOPER, NSTRAT, dt);
    printf("  %.0f operations/s (%.2f us each)\n", NRUN / dt, dt * 1e6 / NRUN);
    for (unsigned k = 0; k < K_KINDS; k++)
        printf("  %-10s %6u ok %6u reverted (%4.1f%%)\n", NAMES[k], ok[k], bad[k],
               100.0 * (ok[k] + bad[k]) / NRUN);
    printf("  state entries %zu, pending withdrawals %zu\n", rs_state_count(w.st), tail - head);
    while (head != tail) dm_withdrawal_free(&ring[head++ % RING]);
    sim_free(&w);
    return 0;
}
