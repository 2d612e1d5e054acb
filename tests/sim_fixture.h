/* A world for randomized simulations, worked examples and benchmarks: a
 * genesis with n mintable tokens and one whitelisted strategy over each, the
 * core contracts at fixed addresses, and a transaction wrapper that undoes a
 * reverted call the way a transaction would. Header-only, no cmocka: the
 * benches include it too. */
#ifndef RESTAKE_TESTS_SIM_FIXTURE_H
#define RESTAKE_TESTS_SIM_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/allocation.h"
#include "protocol/delegation.h"
#include "protocol/erc20.h"
#include "protocol/strategy.h"
#include "protocol/strategy_base.h"
#include "restake/contracts.h"
#include "restake/env.h"
#include "restake/genesis.h"
#include "restake/router.h"

#define SIM_WAD 1000000000000000000ULL
#define SIM_MAX_STRATEGIES 40

typedef struct {
    rs_state *st;
    rs_params p;
    rs_env e;
    size_t nstrategies;
    rs_addr tokens[SIM_MAX_STRATEGIES];
    rs_addr strategies[SIM_MAX_STRATEGIES]; /* ascending, as slashing wants */
} sim_world;

/* Account n of a kind: kind in the first byte, n in the last four, so
 * addresses of one kind sort by n. */
static inline rs_addr sim_addr(uint8_t kind, uint32_t n) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[0] = kind;
    a.b[16] = (uint8_t)(n >> 24);
    a.b[17] = (uint8_t)(n >> 16);
    a.b[18] = (uint8_t)(n >> 8);
    a.b[19] = (uint8_t)n;
    return a;
}

enum { SIM_TOKEN = 0x70, SIM_STRATEGY = 0x40, SIM_OPERATOR = 0x0b, SIM_STAKER = 0x5a, SIM_AVS = 0xa5,
       SIM_RECIPIENT = 0xee };

static inline u256 sim_u(uint64_t x) { return u256_from_u64(x); }

static inline u256 sim_mul(u256 a, u256 b) {
    u256 r;
    if (!u256_mul(&r, a, b)) abort();
    return r;
}
static inline u256 sim_add(u256 a, u256 b) {
    u256 r;
    if (!u256_add(&r, a, b)) abort();
    return r;
}
static inline u256 sim_sub(u256 a, u256 b) {
    u256 r;
    if (!u256_sub(&r, a, b)) abort();
    return r;
}

/* Delays in blocks: withdrawal, deallocation, allocation configuration. */
static inline void sim_init(sim_world *w, size_t nstrategies, uint32_t withdrawal_delay, uint32_t dealloc_delay) {
    memset(w, 0, sizeof *w);
    if (nstrategies > SIM_MAX_STRATEGIES) abort();
    rs_genesis g;
    memset(&g, 0, sizeof g);
    rs_params *p = &g.params;
    rs_params_defaults(p);
    p->chain_id = 31337;
    p->delegation_manager = sim_addr(0x10, 1);
    p->strategy_manager = sim_addr(0x10, 2);
    p->allocation_manager = sim_addr(0x10, 3);
    p->allocation_manager_view = sim_addr(0x10, 4);
    p->permission_controller = sim_addr(0x10, 5);
    p->pauser_registry = sim_addr(0x10, 6);
    p->mock_avs_registrar = sim_addr(0x10, 7);
    p->eigen_strategy = sim_addr(0x10, 8); /* not one of ours: every strategy may redistribute */
    p->strategy_factory = sim_addr(0x10, 9);
    p->eigen_pod_manager = sim_addr(0x10, 10);
    p->min_withdrawal_delay_blocks = withdrawal_delay;
    p->deallocation_delay = dealloc_delay;
    p->allocation_configuration_delay = dealloc_delay + 25;
    p->slasher_configuration_delay = dealloc_delay + 25;
    g.block = 100;
    g.timestamp = 1700000000;
    g.owner = sim_addr(0x20, 1);
    g.pausers[0] = sim_addr(0x20, 2);
    g.npausers = 1;
    g.unpauser = sim_addr(0x20, 3);
    g.strategy_whitelister = sim_addr(0x20, 4);

    rs_gen_token toks[SIM_MAX_STRATEGIES];
    rs_gen_strategy strats[SIM_MAX_STRATEGIES];
    memset(toks, 0, sizeof toks);
    for (size_t i = 0; i < nstrategies; i++) {
        w->tokens[i] = sim_addr(SIM_TOKEN, (uint32_t)i + 1);
        w->strategies[i] = sim_addr(SIM_STRATEGY, (uint32_t)i + 1);
        toks[i].address = w->tokens[i];
        snprintf(toks[i].name, sizeof toks[i].name, "Token %zu", i);
        snprintf(toks[i].symbol, sizeof toks[i].symbol, "TK%zu", i);
        toks[i].decimals = 18;
        toks[i].mintable = true;
        strats[i] = (rs_gen_strategy){w->strategies[i], w->tokens[i], true};
    }
    g.tokens = toks;
    g.ntokens = nstrategies;
    g.strategies = strats;
    g.nstrategies = nstrategies;
    w->nstrategies = nstrategies;
    w->p = g.params;
    w->st = rs_state_new();
    rs_genesis_apply(w->st, &g);
    rs_env_init(&w->e, w->st, &w->p);
    rs_router_attach(&w->e);
    w->e.block_number = g.block + 1;
    w->e.timestamp = g.timestamp + 12;
}

static inline void sim_free(sim_world *w) {
    rs_env_free(&w->e);
    rs_state_free(w->st);
}

static inline void sim_mine(sim_world *w, uint64_t blocks) {
    w->e.block_number += blocks;
    w->e.timestamp += 12 * blocks;
}

/* A transaction: fresh logs, the call, its writes undone when it reverted,
 * then the journal forgotten. */
static size_t sim_tx_checkpoint_;

static inline int sim_tx_end_(sim_world *w, int rc) {
    if (rc != RS_OK) rs_state_revert(w->st, sim_tx_checkpoint_);
    rs_state_commit(w->st);
    return rc;
}

#define SIM_TX(w, call) \
    (rs_env_reset(&(w)->e), sim_tx_checkpoint_ = rs_state_checkpoint((w)->st), sim_tx_end_((w), (call)))

/* Operator with an immediate allocation delay of 0 (set by the DelegationManager). */
static inline int sim_register_operator(sim_world *w, rs_addr op) {
    return SIM_TX(w, dm_register_as_operator(&w->e, op, RS_ADDR_ZERO, 0, (const uint8_t *)"", 0));
}

/* An AVS with metadata and the mock registrar, ready to create sets. */
static inline int sim_register_avs(sim_world *w, rs_addr avs) {
    int rc = SIM_TX(w, am_update_avs_metadata_uri(&w->e, avs, avs, (const uint8_t *)"uri", 3));
    if (rc != RS_OK) return rc;
    return SIM_TX(w, am_set_avs_registrar(&w->e, avs, avs, w->p.mock_avs_registrar));
}

static inline int sim_mint_approve(sim_world *w, size_t strategy, rs_addr who, u256 amount) {
    int rc = SIM_TX(w, erc20_mint(&w->e, who, w->tokens[strategy], who, amount));
    if (rc != RS_OK) return rc;
    return SIM_TX(w, erc20_approve(&w->e, who, w->tokens[strategy], w->p.strategy_manager, U256_MAX));
}

static inline int sim_deposit(sim_world *w, rs_addr staker, size_t strategy, u256 amount, u256 *shares) {
    return SIM_TX(w, sm_deposit_into_strategy(&w->e, staker, w->strategies[strategy], w->tokens[strategy], amount,
                                              shares));
}

static inline int sim_delegate(sim_world *w, rs_addr staker, rs_addr op) {
    return SIM_TX(w, dm_delegate_to(&w->e, staker, op, NULL, 0, U256_ZERO, RS_B32_ZERO));
}

/* Queues one withdrawal of `shares` deposit shares in one strategy; loads it into *out. */
static inline int sim_queue_one(sim_world *w, rs_addr staker, size_t strategy, u256 shares, dm_withdrawal *out) {
    dm_queue_params qp = {1, &w->strategies[strategy], 1, &shares};
    rs_b32 root;
    int rc = SIM_TX(w, dm_queue_withdrawals(&w->e, staker, &qp, 1, &root));
    if (rc == RS_OK && out) dm_withdrawal_load(w->st, root, out);
    return rc;
}

/* The token of each strategy of a withdrawal, for completion. */
static inline void sim_withdrawal_tokens(const sim_world *w, const dm_withdrawal *wd, rs_addr *tokens) {
    for (size_t i = 0; i < wd->n; i++) {
        tokens[i] = RS_ADDR_ZERO;
        for (size_t s = 0; s < w->nstrategies; s++)
            if (rs_addr_eq(wd->strategies[i], w->strategies[s])) tokens[i] = w->tokens[s];
    }
}

static inline int sim_complete(sim_world *w, const dm_withdrawal *wd, bool as_tokens) {
    rs_addr tokens[SIM_MAX_STRATEGIES * 2];
    if (wd->n > sizeof tokens / sizeof tokens[0]) abort();
    sim_withdrawal_tokens(w, wd, tokens);
    return SIM_TX(w, dm_complete_queued_withdrawal(&w->e, wd->withdrawer, wd, tokens, wd->n, as_tokens));
}

/* Withdrawable shares of one staker in one strategy. */
static inline u256 sim_withdrawable(sim_world *w, rs_addr staker, size_t strategy) {
    u256 wd = U256_ZERO, dep = U256_ZERO;
    if (dm_get_withdrawable_shares(&w->e, staker, &w->strategies[strategy], 1, &wd, &dep) != RS_OK) abort();
    return wd;
}

/* What completing wd as tokens should pay now, per strategy: the shares
 * getQueuedWithdrawal reports, converted at each strategy's current rate. */
static inline void sim_expected_tokens(sim_world *w, const dm_withdrawal *wd, u256 *out) {
    dm_withdrawal tmp;
    u256 *shares = NULL;
    if (dm_get_queued_withdrawal(&w->e, dm_withdrawal_root(wd), &tmp, &shares) != RS_OK || tmp.n != wd->n) abort();
    for (size_t j = 0; j < wd->n; j++) out[j] = sb_shares_to_underlying_view(&w->e, wd->strategies[j], shares[j]);
    free(shares);
    dm_withdrawal_free(&tmp);
}

/* Balances of wd's withdrawer in the token of each of wd's strategies. */
static inline void sim_withdrawer_balances(sim_world *w, const dm_withdrawal *wd, u256 *out) {
    rs_addr tokens[SIM_MAX_STRATEGIES * 2];
    sim_withdrawal_tokens(w, wd, tokens);
    for (size_t j = 0; j < wd->n; j++) out[j] = erc20_balance_of(&w->e, tokens[j], wd->withdrawer);
}

static inline void sim_withdrawal_copy(dm_withdrawal *dst, const dm_withdrawal *src) {
    *dst = *src;
    dst->strategies = malloc(src->n * sizeof *dst->strategies + 1);
    dst->scaled_shares = malloc(src->n * sizeof *dst->scaled_shares + 1);
    if (!dst->strategies || !dst->scaled_shares) abort();
    memcpy(dst->strategies, src->strategies, src->n * sizeof *dst->strategies);
    memcpy(dst->scaled_shares, src->scaled_shares, src->n * sizeof *dst->scaled_shares);
}

/* splitmix64: one seed gives the same run everywhere (tests seed it from RESTAKE_SEED). */
typedef struct {
    uint64_t s;
} sim_rng;

static inline uint64_t sim_next(sim_rng *r) {
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t sim_below(sim_rng *r, uint64_t n) { return n ? sim_next(r) % n : 0; }

/* A fraction num/den of x, floor. */
static inline u256 sim_frac(u256 x, uint64_t num, uint64_t den) {
    u256 r;
    if (!u256_muldiv(&r, x, sim_u(num), sim_u(den))) abort();
    return r;
}

/* 1..~1e24 spread over orders of magnitude, so dust and whales both occur. */
static inline u256 sim_random_amount(sim_rng *r) {
    u256 v = sim_u(1 + sim_below(r, 999999));
    unsigned exp = (unsigned)sim_below(r, 19);
    for (unsigned i = 0; i < exp; i++) v = sim_mul(v, sim_u(10));
    return v;
}

/* An index in [0, n) drawn with the relative frequencies in weights. */
static inline unsigned sim_pick_weighted(sim_rng *r, const unsigned *weights, unsigned n, unsigned fallback) {
    unsigned total = 0;
    for (unsigned k = 0; k < n; k++) total += weights[k];
    unsigned x = (unsigned)sim_below(r, total);
    for (unsigned k = 0; k < n; k++) {
        if (x < weights[k]) return k;
        x -= weights[k];
    }
    return fallback;
}

#endif
