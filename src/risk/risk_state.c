/* The in-process source (risk_state.h). */
#include "risk/risk_state.h"

#include <stdlib.h>
#include <string.h>

#include "protocol/allocation.h"
#include "protocol/allocation_internal.h"
#include "protocol/delegation.h"
#include "protocol/delegation_internal.h"
#include "protocol/duration_vault.h"
#include "protocol/slashing_math.h"
#include "protocol/eigenpod.h"
#include "protocol/erc20.h"
#include "protocol/strategy.h"
#include "protocol/strategy_base.h"
#include "restake/accounts.h"
#include "restake/buf.h"
#include "restake/check.h"
#include "restake/limits.h"
#include "restake/state.h"

/* The environment, and each StrategyBase's virtual amounts read once per
 * source: a report converts shares to tokens a few times per staker. */
typedef struct {
    rs_addr strategy;
    bool base;
    u256 vshares, vbalance;
} rate;

typedef struct {
    rs_env *e;
    rate *rates;
    size_t nrates, cap;
} state_ctx;

#define ENV(s) (((state_ctx *)(s)->ctx)->e)

static am_opset opset(rk_set x) { return (am_opset){x.avs, x.id}; }

static int head(rk_source *s, uint64_t *block, uint64_t *ts) {
    *block = ENV(s)->block_number;
    *ts = ENV(s)->timestamp;
    return 0;
}

static int constants(rk_source *s, uint32_t *delay, rs_addr *beacon) {
    *delay = ENV(s)->p->min_withdrawal_delay_blocks;
    *beacon = ENV(s)->p->beacon_chain_eth_strategy;
    return 0;
}

/* getDepositedShares, then getWithdrawableShares composed as the view
 * composes it (slashing factors of the delegated operator, calcWithdrawable
 * per strategy) without reading each stored word twice: an "all" report
 * does this for every staker. The test compares it with the view. */
static int holdings(rk_source *s, rs_addr staker, rk_holdings *h) {
    rs_env *e = ENV(s);
    memset(h, 0, sizeof *h);
    h->operator_ = dm_delegated_to(e, staker);
    if (dm_get_deposited_shares(e, staker, &h->strategies, &h->deposit, &h->n) != RS_OK)
        return rk_fail(s, "getDepositedShares reverted");
    h->withdrawable = rs_xcalloc(h->n + 1, sizeof *h->withdrawable);
    h->dsf = rs_xcalloc(h->n + 1, sizeof *h->dsf);
    u256 small[8], *factors = h->n <= 8 ? small : rs_xcalloc(h->n, sizeof *factors);
    int rc = dm_slashing_factors(e, staker, h->operator_, h->strategies, h->n, factors);
    for (size_t i = 0; rc == RS_OK && i < h->n; i++) {
        u256 raw = dm_dsf_raw(e, staker, h->strategies[i]);
        h->dsf[i] = sl_scaling_factor(raw);
        rc = sl_calc_withdrawable(e, &h->withdrawable[i], raw, h->deposit[i], factors[i]);
    }
    if (factors != small) free(factors);
    if (rc != RS_OK) return rk_holdings_free(h), rk_fail(s, "getWithdrawableShares reverted");
    h->bcsf = epm_beacon_chain_slashing_factor(e, staker);
    return 0;
}

static int operator_shares(rk_source *s, rs_addr op, rs_addr strategy, u256 *shares, u256 *queued) {
    *shares = dm_operator_shares(ENV(s), op, strategy);
    if (dm_get_slashable_shares_in_queue(ENV(s), op, strategy, queued) != RS_OK)
        return rk_fail(s, "getSlashableSharesInQueue reverted");
    return 0;
}

static int max_magnitude(rk_source *s, rs_addr op, rs_addr strategy, uint64_t *out) {
    *out = am_get_max_magnitude(ENV(s), op, strategy);
    return 0;
}

static int allocated_sets(rk_source *s, rs_addr op, rk_set **sets, size_t *n) {
    *n = am_allocated_set_count(ENV(s), op);
    if (*n > RS_RISK_LIST_MAX) return rk_fail(s, "operator allocated to more than %u sets", RS_RISK_LIST_MAX);
    *sets = rs_xcalloc(*n + 1, sizeof **sets);
    for (size_t i = 0; i < *n; i++) {
        am_opset x = am_allocated_set_at(ENV(s), op, i);
        (*sets)[i] = (rk_set){x.avs, x.id};
    }
    return 0;
}

static int registered_sets(rk_source *s, rs_addr op, rk_set **sets, size_t *n) {
    *n = am_registered_set_count(ENV(s), op);
    if (*n > RS_RISK_LIST_MAX) return rk_fail(s, "operator registered for more than %u sets", RS_RISK_LIST_MAX);
    *sets = rs_xcalloc(*n + 1, sizeof **sets);
    for (size_t i = 0; i < *n; i++) {
        am_opset x = am_registered_set_at(ENV(s), op, i);
        (*sets)[i] = (rk_set){x.avs, x.id};
    }
    return 0;
}

static int allocated_strategies(rk_source *s, rs_addr op, rk_set set, rs_addr **out, size_t *n) {
    *n = am_allocated_strategy_count(ENV(s), op, opset(set));
    if (*n > RS_RISK_LIST_MAX) return rk_fail(s, "more than %u allocated strategies", RS_RISK_LIST_MAX);
    *out = rs_xcalloc(*n + 1, sizeof **out);
    for (size_t i = 0; i < *n; i++) (*out)[i] = am_allocated_strategy_at(ENV(s), op, opset(set), i);
    return 0;
}

static int allocation(rk_source *s, rs_addr op, rk_set set, rs_addr strategy, rk_alloc *out) {
    am_allocation a = am_get_allocation(ENV(s), op, opset(set), strategy);
    *out = (rk_alloc){a.current_magnitude, a.diff_negative, a.diff_abs, a.effect_block};
    return 0;
}

static int membership(rk_source *s, rs_addr op, rk_set set, bool *registered, bool *slashable) {
    *registered = am_is_member_of_operator_set(ENV(s), op, opset(set));
    *slashable = am_is_operator_slashable(ENV(s), op, opset(set));
    return 0;
}

static int allocation_delay(rk_source *s, rs_addr op, rk_delay *out) {
    rs_env *e = ENV(s);
    memset(out, 0, sizeof *out);
    am_get_allocation_delay(e, op, &out->is_set, &out->delay);
    am_delay_info d = am_delay_load(e->st, op);
    if (d.effect_block != 0 && e->block_number < d.effect_block) {
        out->has_pending = true;
        out->pending_delay = d.pending_delay;
        out->pending_effect_block = d.effect_block;
    }
    return 0;
}

static int redistributable(rk_source *s, rs_addr op, bool *out) {
    *out = am_is_operator_redistributable(ENV(s), op);
    return 0;
}

static int set_info(rk_source *s, rk_set set, rk_set_info *out) {
    rs_env *e = ENV(s);
    memset(out, 0, sizeof *out);
    out->exists = am_is_operator_set(e, opset(set));
    if (!out->exists) return 0;
    out->redistributing = am_is_redistributing_operator_set(e, set.avs, set.id);
    out->recipient = am_get_redistribution_recipient(e, set.avs, set.id);
    out->slasher = am_get_slasher(e, opset(set));
    am_get_pending_slasher(e, opset(set), &out->pending_slasher, &out->slasher_effect_block);
    return 0;
}

static int members(rk_source *s, rk_set set, rs_addr **out, size_t *n) {
    *n = am_get_member_count(ENV(s), opset(set));
    if (*n > RS_RISK_LIST_MAX) return rk_fail(s, "more than %u members", RS_RISK_LIST_MAX);
    *out = rs_xcalloc(*n + 1, sizeof **out);
    for (size_t i = 0; i < *n; i++) (*out)[i] = am_member_at(ENV(s), opset(set), i);
    return 0;
}

static int set_strategies(rk_source *s, rk_set set, rs_addr **out, size_t *n) {
    *n = am_strategy_count(ENV(s), opset(set));
    if (*n > RS_RISK_LIST_MAX) return rk_fail(s, "more than %u strategies", RS_RISK_LIST_MAX);
    *out = rs_xcalloc(*n + 1, sizeof **out);
    for (size_t i = 0; i < *n; i++) (*out)[i] = am_strategy_at(ENV(s), opset(set), i);
    return 0;
}

static int min_slashable(rk_source *s, rk_set set, rs_addr op, rs_addr strategy, uint32_t block, u256 *out) {
    if (am_minimum_slashable_stake(ENV(s), opset(set), op, strategy, block, out) != RS_OK)
        return rk_fail(s, "getMinimumSlashableStake reverted");
    return 0;
}

static int token(rk_source *s, rs_addr strategy, bool *has, rs_addr *tok, uint8_t *decimals) {
    rs_env *e = ENV(s);
    *has = sm_is_strategy(e, strategy); /* a StrategyBase or a duration vault */
    *decimals = 18;
    if (!*has) return 0;
    *tok = sb_underlying_token(e, strategy);
    /* decimals() as any caller sees it; a token without it reads as 18 */
    size_t cp = rs_state_checkpoint(e->st);
    if (erc20_decimals_call(e, strategy, *tok, decimals) != RS_OK) *decimals = 18;
    rs_state_revert(e->st, cp);
    return 0;
}

/* sharesToUnderlyingView is vbalance * shares / vshares (0 when the
 * product overflows: the view reverts); vbalance is what it gives for
 * vshares shares. */
static const rate *rate_of(rk_source *s, rs_addr strategy) {
    state_ctx *x = s->ctx;
    for (size_t i = 0; i < x->nrates; i++)
        if (rs_addr_eq(x->rates[i].strategy, strategy)) return &x->rates[i];
    rate r = {.strategy = strategy, .base = sm_is_strategy(x->e, strategy)};
    if (r.base && !u256_add(&r.vshares, sb_total_shares(x->e, strategy), x->e->p->strategy_shares_offset)) r.base = false;
    if (r.base) r.vbalance = sb_shares_to_underlying_view(x->e, strategy, r.vshares);
    if (x->nrates == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 8;
        x->rates = realloc(x->rates, x->cap * sizeof *x->rates);
    }
    x->rates[x->nrates] = r;
    return &x->rates[x->nrates++];
}

static int to_underlying(rk_source *s, rs_addr strategy, u256 shares, u256 *out) {
    const rate *r = rate_of(s, strategy);
    u256 prod;
    *out = U256_ZERO;
    if (r->base && u256_mul(&prod, r->vbalance, shares)) rs_cannot_fail(u256_div(out, prod, r->vshares));
    return 0;
}

static int vault_lock(rk_source *s, rs_addr strategy, bool *locked, uint64_t *unlock_at) {
    *locked = false;
    *unlock_at = 0;
    if (!dv_is_vault(ENV(s), strategy)) return 0;
    dv_info v;
    dv_load(ENV(s), strategy, &v);
    *locked = v.state == DV_ALLOCATIONS;
    if (*locked) *unlock_at = v.unlock_at;
    return 0;
}

/* ---- enumeration: the state's keys ---- */

typedef struct {
    rs_addr *v;
    size_t n, cap;
} addr_list;

static void add(addr_list *l, const uint8_t *a) {
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 1024;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
    }
    memcpy(l->v[l->n++].b, a, 20);
}

static uint16_t key_ns(const rs_key *k) { return (uint16_t)(k->b[0] << 8 | k->b[1]); }

/* accounts delegated, holding a strategy list or beacon-chain shares */
static int visit_staker(void *ctx, const rs_key *k, u256 v) {
    uint16_t ns = key_ns(k);
    if (k->len == 22 && !u256_is_zero(v) &&
        (ns == NS_DM_DELEGATED_TO || ns == NS_SM_STRATEGY_LIST || ns == NS_EPM_DEPOSIT_SHARES))
        add(ctx, k->b + 2);
    return 0;
}

static int visit_operator(void *ctx, const rs_key *k, u256 v) {
    rs_addr who, to = rs_addr_from_u256(v);
    if (k->len != 22 || key_ns(k) != NS_DM_DELEGATED_TO) return 0;
    memcpy(who.b, k->b + 2, 20);
    if (rs_addr_eq(who, to)) add(ctx, k->b + 2);
    return 0;
}

static int visit_avs(void *ctx, const rs_key *k, u256 v) {
    (void)v;
    if (k->len >= 22 && key_ns(k) == NS_AM_OPERATOR_SETS) add(ctx, k->b + 2);
    return 0;
}

static int walk(rk_source *s, rs_state_visit fn, rs_addr **out, size_t *n) {
    addr_list l = {0};
    rs_state_foreach(ENV(s)->st, fn, &l);
    *out = l.v ? l.v : rs_xcalloc(1, sizeof **out);
    *n = l.n;
    return 0;
}

static int stakers(rk_source *s, rs_addr **out, size_t *n) { return walk(s, visit_staker, out, n); }
static int operators(rk_source *s, rs_addr **out, size_t *n) { return walk(s, visit_operator, out, n); }

static int sets(rk_source *s, rk_set **out, size_t *n) {
    rs_addr *avs;
    size_t na, k = 0, cap = 16;
    walk(s, visit_avs, &avs, &na);
    *out = rs_xcalloc(cap, sizeof **out);
    for (size_t i = 0; i < na; i++) {
        if (i && rs_addr_eq(avs[i], avs[i - 1])) continue;
        rs_key base = amk_addr(NS_AM_OPERATOR_SETS, avs[i]);
        uint64_t len = es_len(ENV(s)->st, &base);
        for (uint64_t j = 0; j < len && k < RS_RISK_SETS_MAX; j++) {
            if (k == cap) *out = realloc(*out, (cap *= 2) * sizeof **out);
            (*out)[k++] = (rk_set){avs[i], (uint32_t)es_at(ENV(s)->st, &base, j).w[0]};
        }
    }
    free(avs);
    *n = k;
    return 0;
}

void rk_state_source_free(rk_source *s) {
    state_ctx *x = s->ctx;
    if (x) free(x->rates);
    free(x);
    s->ctx = NULL;
}

void rk_state_source_init(rk_source *s, rs_env *e, const char *name) {
    memset(s, 0, sizeof *s);
    state_ctx *x = rs_xcalloc(1, sizeof *x);
    x->e = e;
    s->ctx = x;
    s->name = name;
    s->head = head;
    s->constants = constants;
    s->holdings = holdings;
    s->operator_shares = operator_shares;
    s->max_magnitude = max_magnitude;
    s->allocated_sets = allocated_sets;
    s->registered_sets = registered_sets;
    s->allocated_strategies = allocated_strategies;
    s->allocation = allocation;
    s->membership = membership;
    s->allocation_delay = allocation_delay;
    s->redistributable = redistributable;
    s->set_info = set_info;
    s->members = members;
    s->set_strategies = set_strategies;
    s->min_slashable = min_slashable;
    s->token = token;
    s->to_underlying = to_underlying;
    s->vault_lock = vault_lock;
    s->stakers = stakers;
    s->operators = operators;
    s->sets = sets;
}
