/* The staker report and the report over every staker (docs/risk.md,
 * "Staker"): holdings, per-set exposure now and at each pending effect
 * block, and the escape window. */
#include <stdlib.h>
#include <string.h>

#include "restake/limits.h"
#include "risk/risk_emit.h"
#include "risk/risk_internal.h"

/* What a 100% slash of the magnitude `mag` would take from holding i:
 * its withdrawable shares now minus those left with max - mag. */
static u256 slashable_shares(const rk_ctx *c, const rk_holdings *h, size_t i, uint64_t max, uint64_t mag) {
    if (max == 0 || mag == 0) return U256_ZERO;
    /* W(max) is the withdrawable shares the view gave */
    return rk_sub0(h->withdrawable[i], rk_withdrawable(c, h, i, mag >= max ? 0 : max - mag));
}

/* a staker's slashable shares and tokens at one magnitude */
static int put_amounts(rk_ctx *c, rk_emit *m, const rk_holdings *h, size_t i, uint64_t max, uint64_t mag,
                       bool slashable) {
    u256 sh = slashable ? slashable_shares(c, h, i, max, mag) : U256_ZERO, tok;
    if (rk_tokens(c, h->strategies[i], sh, &tok)) return -1;
    rk_em_dec(m, "slashableShares", sh);
    rk_em_dec(m, "slashableTokens", tok);
    return 0;
}

static void put_wad(rk_emit *m, uint64_t max, uint64_t mag) {
    rk_em_dec(m, "slashableWad", rk_div_wad(u256_from_u64(mag), u256_from_u64(max)));
}

/* the exposure's fields that are the same for every staker: opened, up to slashableWad */
static void exposure_head(rk_emit *m, const rk_opset *x, const rk_alloc *a, uint64_t max) {
    bool pend = x->info.slasher_effect_block != 0;
    rk_em_obj(m, NULL);
    rk_em_addr(m, "avs", x->set.avs);
    rk_em_u64(m, "operatorSetId", x->set.id);
    rk_em_bool(m, "redistributing", x->info.redistributing);
    rk_em_addr(m, "recipient", x->info.recipient);
    rk_em_addr_or_null(m, "slasher", x->info.slasher);
    if (pend) rk_em_addr_or_null(m, "pendingSlasher", x->info.pending_slasher);
    else rk_em_null(m, "pendingSlasher");
    if (pend) rk_em_u64(m, "slasherEffectBlock", x->info.slasher_effect_block);
    else rk_em_null(m, "slasherEffectBlock");
    rk_em_bool(m, "slashable", x->slashable);
    rk_em_dec(m, "allocatedMagnitude", u256_from_u64(a->current));
    rk_em_dec(m, "maxMagnitude", u256_from_u64(max));
    put_wad(m, max, a->current);
}

static void pending_head(rk_emit *m, const rk_alloc *a, uint64_t max) {
    uint64_t mag = rk_mag_at(a, a->effect_block);
    rk_em_obj(m, NULL);
    rk_em_u64(m, "effectBlock", a->effect_block);
    rk_em_dec(m, "magnitude", u256_from_u64(mag));
    put_wad(m, max, mag);
}

/* text form: the heads written once per (operator, set, strategy) */
static void open_cached(rk_emit *m, rs_buf *cache, void (*fill)(rk_emit *, const rk_opset *, const rk_alloc *, uint64_t),
                        const rk_opset *x, const rk_alloc *a, uint64_t max) {
    if (!cache->len) {
        rk_emit t;
        rk_emit_text(&t, cache);
        fill(&t, x, a, max);
    }
    rk_em_obj_text(m, cache);
}

static void exposure_head_v(rk_emit *m, const rk_opset *x, const rk_alloc *a, uint64_t max) { exposure_head(m, x, a, max); }
static void pending_head_v(rk_emit *m, const rk_opset *x, const rk_alloc *a, uint64_t max) {
    (void)x;
    pending_head(m, a, max);
}

static int exposure(rk_ctx *c, rk_emit *m, rk_opset *x, size_t j, const rk_holdings *h, size_t i, uint64_t max) {
    const rk_alloc *a = &x->allocs[j];
    bool burn = !x->info.redistributing || rk_is_beacon(c, h->strategies[i]);
    if (m->text && !x->heads) {
        x->heads = calloc(x->n + 1, sizeof *x->heads);
        x->pending_heads = calloc(x->n + 1, sizeof *x->pending_heads);
    }
    if (m->text) open_cached(m, &x->heads[j], exposure_head_v, x, a, max);
    else exposure_head(m, x, a, max);
    if (put_amounts(c, m, h, i, max, a->current, x->slashable)) return -1;
    rk_em_str(m, "destination", burn ? "burn" : "redistribute");
    rk_em_arr(m, "pending");
    if (a->effect_block > c->block && a->diff_abs) {
        if (m->text) open_cached(m, &x->pending_heads[j], pending_head_v, x, a, max);
        else pending_head(m, a, max);
        if (put_amounts(c, m, h, i, max, rk_mag_at(a, a->effect_block), x->slashable)) return -1;
        rk_em_end(m);
    }
    rk_em_end(m);
    rk_em_end(m);
    return 0;
}

/* index of strategy in the set's allocated strategies, or -1 */
static long alloc_index(const rk_opset *x, rs_addr strategy) {
    for (size_t j = 0; j < x->n; j++)
        if (rs_addr_eq(x->strategies[j], strategy)) return (long)j;
    return -1;
}

typedef struct {
    uint64_t block;
    const char *type;
    bool has_set;
    rk_set set;
    bool has_strategy;
    rs_addr strategy;
} escape_event;

static int event_cmp(const void *pa, const void *pb) {
    const escape_event *a = pa, *b = pb;
    if (a->block != b->block) return a->block < b->block ? -1 : 1;
    int t = strcmp(a->type, b->type);
    if (t) return t;
    if (a->has_set != b->has_set) return a->has_set ? 1 : -1;
    int s = a->has_set ? rk_set_cmp(a->set, b->set) : 0;
    if (s) return s;
    return rs_addr_cmp(a->strategy, b->strategy);
}

static void event_emit(rk_emit *m, const escape_event *e) {
    rk_em_obj(m, NULL);
    rk_em_u64(m, "block", e->block);
    rk_em_str(m, "type", e->type);
    if (e->has_set) rk_em_addr(m, "avs", e->set.avs);
    else rk_em_null(m, "avs");
    if (e->has_set) rk_em_u64(m, "operatorSetId", e->set.id);
    else rk_em_null(m, "operatorSetId");
    if (e->has_strategy) rk_em_addr(m, "strategy", e->strategy);
    else rk_em_null(m, "strategy");
    rk_em_end(m);
}

typedef struct {
    escape_event *v;
    size_t n, cap;
} events;

static void push(events *ev, escape_event e) {
    if (ev->n == ev->cap) {
        ev->cap = ev->cap ? 2 * ev->cap : 8;
        ev->v = realloc(ev->v, ev->cap * sizeof *ev->v);
    }
    ev->v[ev->n++] = e;
}

/* Every change that lands in (block, last]: the staker's operator's pending
 * allocations of strategies the staker holds, slasher changes of those sets,
 * and the operator's pending allocation delay. */
static void collect_events(const rk_ctx *c, const rk_op *o, const rk_holdings *h, uint64_t last, events *ev) {
    for (size_t k = 0; k < o->nsets; k++) {
        const rk_opset *x = &o->sets[k];
        bool held = false;
        for (size_t i = 0; i < h->n; i++) {
            long j = alloc_index(x, h->strategies[i]);
            if (j < 0) continue;
            held = true;
            const rk_alloc *a = &x->allocs[j];
            if (a->diff_abs && a->effect_block > c->block && a->effect_block <= last)
                push(ev, (escape_event){a->effect_block, a->diff_negative ? "deallocation" : "allocation", true,
                                        x->set, true, h->strategies[i]});
        }
        uint32_t se = x->info.slasher_effect_block;
        if (held && se > c->block && se <= last) push(ev, (escape_event){se, "slasher", true, x->set, false, {{0}}});
    }
    if (o->delay.has_pending && o->delay.pending_effect_block > c->block && o->delay.pending_effect_block <= last)
        push(ev, (escape_event){o->delay.pending_effect_block, "allocationDelay", false, {{{0}}, 0}, false, {{0}}});
}

/* The worst case for holding i: every slashable set the operator allocates
 * it to slashes 100% of the largest magnitude it holds there before the
 * withdrawal stops being slashable (block `last`). */
static uint64_t worst_magnitude(const rk_op *o, rs_addr strategy, uint64_t last) {
    uint64_t sum = 0;
    for (size_t k = 0; k < o->nsets; k++) {
        const rk_opset *x = &o->sets[k];
        long j = alloc_index(x, strategy);
        if (j < 0 || !x->slashable) continue;
        uint64_t now = x->allocs[j].current, later = rk_mag_at(&x->allocs[j], last);
        sum += now > later ? now : later;
    }
    return sum;
}

static int escape_emit(rk_ctx *c, rk_emit *m, const rk_op *o, const rk_holdings *h, const uint64_t *max) {
    uint64_t queue = c->block + 1, last = queue + c->min_delay;
    rk_em_obj(m, "escape");
    rk_em_u64(m, "queueBlock", queue);
    rk_em_u64(m, "completableBlock", last + 1);
    events ev = {0};
    if (o) collect_events(c, o, h, last, &ev);
    if (ev.n > 1) qsort(ev.v, ev.n, sizeof *ev.v, event_cmp);
    rk_em_arr(m, "events");
    for (size_t i = 0; i < ev.n; i++) event_emit(m, &ev.v[i]);
    rk_em_end(m);
    free(ev.v);
    rk_em_arr(m, "worstCase");
    for (size_t i = 0; i < h->n; i++) {
        u256 now, later;
        u256 after = h->withdrawable[i];
        bool locked = false;
        uint64_t unlock_at = 0;
        if (!rk_is_beacon(c, h->strategies[i]) && c->s->vault_lock(c->s, h->strategies[i], &locked, &unlock_at))
            return -1;
        if (o) {
            /* shares a locked vault holds cannot even be queued: every
             * allocation, pending ones included, can reach them */
            uint64_t worst = worst_magnitude(o, h->strategies[i], locked ? UINT64_MAX : last);
            after = rk_withdrawable(c, h, i, worst >= max[i] ? 0 : max[i] - worst);
        }
        if (rk_tokens(c, h->strategies[i], h->withdrawable[i], &now) || rk_tokens(c, h->strategies[i], after, &later))
            return -1;
        rk_em_obj(m, NULL);
        rk_em_addr(m, "strategy", h->strategies[i]);
        rk_em_dec(m, "tokensNow", now);
        rk_em_dec(m, "tokensAtCompletion", later);
        if (locked) rk_em_u64(m, "lockedUntil", unlock_at);
        else rk_em_null(m, "lockedUntil");
        rk_em_end(m);
    }
    rk_em_end(m);
    rk_em_end(m);
    return 0;
}

static int holding_emit(rk_ctx *c, rk_emit *m, rk_op *o, const rk_holdings *h, size_t i, uint64_t max) {
    const rk_tok *t = rk_ctx_tok(c, h->strategies[i]);
    u256 tok;
    if (!t || rk_tokens(c, h->strategies[i], h->withdrawable[i], &tok)) return -1;
    rk_em_obj(m, NULL);
    rk_em_addr(m, "strategy", h->strategies[i]);
    if (t->has) rk_em_addr(m, "token", t->token);
    else rk_em_null(m, "token");
    rk_em_u64(m, "decimals", t->decimals);
    rk_em_dec(m, "depositShares", h->deposit[i]);
    rk_em_dec(m, "withdrawableShares", h->withdrawable[i]);
    rk_em_dec(m, "tokens", tok);
    rk_em_arr(m, "exposures");
    for (size_t k = 0; o && k < o->nsets; k++) {
        long j = alloc_index(&o->sets[k], h->strategies[i]);
        if (j >= 0 && exposure(c, m, &o->sets[k], (size_t)j, h, i, max)) return -1;
    }
    rk_em_end(m);
    rk_em_end(m);
    return 0;
}

/* holdings sorted by strategy, in place */
static void sort_holdings(rk_holdings *h) {
    for (size_t i = 1; i < h->n; i++)
        for (size_t j = i; j > 0 && rs_addr_cmp(h->strategies[j - 1], h->strategies[j]) > 0; j--) {
#define SWAP(T, a) do { T t_ = a[j]; a[j] = a[j - 1]; a[j - 1] = t_; } while (0)
            SWAP(rs_addr, h->strategies);
            SWAP(u256, h->deposit);
            SWAP(u256, h->withdrawable);
            SWAP(u256, h->dsf);
#undef SWAP
        }
}

int rk_staker_emit(rk_ctx *c, rk_emit *m, rs_addr staker, const rk_holdings *hin) {
    rk_holdings h = *hin;
    sort_holdings(&h);
    bool delegated = !rs_addr_is_zero(h.operator_);
    rk_op *o = delegated ? rk_ctx_op(c, h.operator_) : NULL;
    if (delegated && !o) return -1;
    uint64_t small[8], *max = h.n <= 8 ? small : calloc(h.n, sizeof *max);
    int rc = 0;
    for (size_t i = 0; i < h.n && rc == 0; i++) {
        rk_opstrat *os = o ? rk_ctx_opstrat(c, o, h.strategies[i]) : NULL;
        if (o && !os) rc = -1;
        else max[i] = os ? os->max : RK_WAD;
    }
    if (rc == 0) {
        rk_em_addr(m, "staker", staker);
        rk_em_addr_or_null(m, "operator", h.operator_);
        rk_em_bool(m, "delegated", delegated);
        rk_em_arr(m, "strategies");
        for (size_t i = 0; i < h.n && rc == 0; i++) rc = holding_emit(c, m, o, &h, i, max[i]);
        rk_em_end(m);
    }
    if (rc == 0) rc = escape_emit(c, m, o, &h, max);
    if (max != small) free(max);
    return rc;
}

json_t *rk_staker_body(rk_ctx *c, rs_addr staker, const rk_holdings *h) {
    rk_emit m;
    rk_emit_tree(&m);
    rk_em_obj(&m, NULL);
    int rc = rk_staker_emit(c, &m, staker, h);
    if (rc) {
        json_decref(m.root);
        return NULL;
    }
    return m.root;
}

static json_t *with_header(rk_ctx *c, const char *kind, json_t *body) {
    if (!body) return NULL;
    json_t *r = rk_header(c, kind);
    json_object_update(r, body);
    json_decref(body);
    return r;
}

json_t *rk_report_staker(rk_source *s, rs_addr staker) {
    rk_ctx c;
    json_t *r = NULL;
    rk_holdings h = {0};
    if (rk_ctx_init(&c, s) == 0 && s->holdings(s, staker, &h) == 0) r = with_header(&c, "staker", rk_staker_body(&c, staker, &h));
    rk_holdings_free(&h);
    rk_ctx_free(&c);
    return r;
}

/* Every staker holding shares, into m (an open "stakers" array). */
static int all_emit(rk_ctx *c, rk_emit *m) {
    rk_source *s = c->s;
    rs_addr *who = NULL;
    size_t n = 0;
    if (s->stakers(s, &who, &n)) return -1;
    if (n > RS_RISK_STAKERS_MAX) return free(who), rk_fail(s, "more than %u stakers", RS_RISK_STAKERS_MAX);
    n = rk_unique_addrs(who, n);
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++) {
        rk_holdings h = {0};
        if (s->holdings(s, who[k], &h)) rc = -1;
        /* an account that holds no shares is no staker (an operator with
         * no deposits of its own, a staker who withdrew everything) */
        else if (h.n) {
            rk_em_obj(m, NULL);
            rc = rk_staker_emit(c, m, who[k], &h);
            rk_em_end(m);
        }
        rk_holdings_free(&h);
        if (s->progress && (k + 1) % 1000 == 0) s->progress(s, "stakers", k + 1, n);
    }
    if (rc == 0 && s->progress) s->progress(s, "stakers", n, n);
    free(who);
    return rc;
}

json_t *rk_report_all(rk_source *s) {
    rk_ctx c;
    json_t *r = NULL;
    if (rk_ctx_init(&c, s) == 0) {
        rk_emit m;
        rk_emit_tree(&m);
        rk_em_arr(&m, NULL);
        if (all_emit(&c, &m) == 0) {
            r = rk_header(&c, "all");
            json_object_set(r, "stakers", m.root);
        }
        json_decref(m.root);
    }
    rk_ctx_free(&c);
    return r;
}

int rk_report_all_text(rk_source *s, rs_buf *out) {
    rk_ctx c;
    int rc = rk_ctx_init(&c, s);
    if (rc == 0) {
        rk_emit m;
        rk_emit_text(&m, out);
        rk_em_obj(&m, NULL);
        rk_em_str(&m, "kind", "all");
        rk_em_u64(&m, "block", c.block);
        rk_em_u64(&m, "timestamp", c.timestamp);
        rk_em_str(&m, "source", s->name);
        rk_em_arr(&m, "stakers");
        rc = all_emit(&c, &m);
        rk_em_end(&m);
        rk_em_end(&m);
    }
    rk_ctx_free(&c);
    return rc;
}
