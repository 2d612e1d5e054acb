/* The staker report and the report over every staker (docs/risk.md,
 * "Staker"): holdings, per-set exposure now and at each pending effect
 * block, and the escape window. */
#include <stdlib.h>
#include <string.h>

#include "restake/limits.h"
#include "risk/risk_internal.h"

/* What a 100% slash of the magnitude `mag` would take from holding i:
 * its withdrawable shares now minus those left with max - mag. */
static u256 slashable_shares(const rk_ctx *c, const rk_holdings *h, size_t i, uint64_t max, uint64_t mag) {
    if (max == 0 || mag == 0) return U256_ZERO;
    return rk_sub0(rk_withdrawable(c, h, i, max), rk_withdrawable(c, h, i, mag >= max ? 0 : max - mag));
}

/* slashable figures for one magnitude into o (wad, shares, tokens) */
static int put_figures(rk_ctx *c, json_t *o, const rk_holdings *h, size_t i, uint64_t max, uint64_t mag,
                       bool slashable) {
    u256 sh = slashable ? slashable_shares(c, h, i, max, mag) : U256_ZERO, tok;
    if (rk_tokens(c, h->strategies[i], sh, &tok)) return -1;
    json_object_set_new(o, "slashableWad", rk_json_dec(rk_div_wad(u256_from_u64(mag), u256_from_u64(max))));
    json_object_set_new(o, "slashableShares", rk_json_dec(sh));
    json_object_set_new(o, "slashableTokens", rk_json_dec(tok));
    return 0;
}

static json_t *addr_or_null(rs_addr a) { return rs_addr_is_zero(a) ? json_null() : rk_json_addr(a); }

static json_t *exposure(rk_ctx *c, const rk_opset *x, const rk_alloc *a, const rk_holdings *h, size_t i,
                        uint64_t max) {
    bool burn = !x->info.redistributing || rk_is_beacon(c, h->strategies[i]);
    json_t *o = json_object();
    json_object_set_new(o, "avs", rk_json_addr(x->set.avs));
    json_object_set_new(o, "operatorSetId", rk_json_u64(x->set.id));
    json_object_set_new(o, "redistributing", json_boolean(x->info.redistributing));
    json_object_set_new(o, "recipient", rk_json_addr(x->info.recipient));
    json_object_set_new(o, "slasher", addr_or_null(x->info.slasher));
    json_object_set_new(o, "pendingSlasher",
                        x->info.slasher_effect_block ? addr_or_null(x->info.pending_slasher) : json_null());
    json_object_set_new(o, "slasherEffectBlock",
                        x->info.slasher_effect_block ? rk_json_u64(x->info.slasher_effect_block) : json_null());
    json_object_set_new(o, "slashable", json_boolean(x->slashable));
    json_object_set_new(o, "allocatedMagnitude", rk_json_dec(u256_from_u64(a->current)));
    json_object_set_new(o, "maxMagnitude", rk_json_dec(u256_from_u64(max)));
    if (put_figures(c, o, h, i, max, a->current, x->slashable)) return json_decref(o), NULL;
    json_object_set_new(o, "destination", json_string(burn ? "burn" : "redistribute"));
    json_t *pending = json_array();
    if (a->effect_block > c->block && a->diff_abs) {
        uint64_t m = rk_mag_at(a, a->effect_block);
        json_t *p = json_object();
        json_object_set_new(p, "effectBlock", rk_json_u64(a->effect_block));
        json_object_set_new(p, "magnitude", rk_json_dec(u256_from_u64(m)));
        if (put_figures(c, p, h, i, max, m, x->slashable)) return json_decref(p), json_decref(pending), json_decref(o), NULL;
        json_array_append_new(pending, p);
    }
    json_object_set_new(o, "pending", pending);
    return o;
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

static json_t *event_json(const escape_event *e) {
    json_t *o = json_object();
    json_object_set_new(o, "block", rk_json_u64(e->block));
    json_object_set_new(o, "type", json_string(e->type));
    json_object_set_new(o, "avs", e->has_set ? rk_json_addr(e->set.avs) : json_null());
    json_object_set_new(o, "operatorSetId", e->has_set ? rk_json_u64(e->set.id) : json_null());
    json_object_set_new(o, "strategy", e->has_strategy ? rk_json_addr(e->strategy) : json_null());
    return o;
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

static json_t *escape_json(rk_ctx *c, const rk_op *o, const rk_holdings *h, const uint64_t *max) {
    uint64_t queue = c->block + 1, last = queue + c->min_delay;
    json_t *esc = json_object(), *wc = json_array();
    json_object_set_new(esc, "queueBlock", rk_json_u64(queue));
    json_object_set_new(esc, "completableBlock", rk_json_u64(last + 1));
    events ev = {0};
    if (o) collect_events(c, o, h, last, &ev);
    if (ev.n > 1) qsort(ev.v, ev.n, sizeof *ev.v, event_cmp);
    json_t *list = json_array();
    for (size_t i = 0; i < ev.n; i++) json_array_append_new(list, event_json(&ev.v[i]));
    free(ev.v);
    json_object_set_new(esc, "events", list);
    for (size_t i = 0; i < h->n; i++) {
        u256 now, later;
        u256 after = h->withdrawable[i];
        if (o) {
            uint64_t worst = worst_magnitude(o, h->strategies[i], last);
            after = rk_withdrawable(c, h, i, worst >= max[i] ? 0 : max[i] - worst);
        }
        if (rk_tokens(c, h->strategies[i], h->withdrawable[i], &now) ||
            rk_tokens(c, h->strategies[i], after, &later))
            return json_decref(esc), json_decref(wc), NULL;
        json_array_append_new(wc, json_pack("{s:o,s:o,s:o}", "strategy", rk_json_addr(h->strategies[i]), "tokensNow",
                                            rk_json_dec(now), "tokensAtCompletion", rk_json_dec(later)));
    }
    json_object_set_new(esc, "worstCase", wc);
    return esc;
}

static json_t *holding_json(rk_ctx *c, const rk_op *o, const rk_holdings *h, size_t i, uint64_t max) {
    const rk_tok *t = rk_ctx_tok(c, h->strategies[i]);
    u256 tok;
    if (!t || rk_tokens(c, h->strategies[i], h->withdrawable[i], &tok)) return NULL;
    json_t *s = json_object(), *exp = json_array();
    json_object_set_new(s, "strategy", rk_json_addr(h->strategies[i]));
    json_object_set_new(s, "token", t->has ? rk_json_addr(t->token) : json_null());
    json_object_set_new(s, "decimals", rk_json_u64(t->decimals));
    json_object_set_new(s, "depositShares", rk_json_dec(h->deposit[i]));
    json_object_set_new(s, "withdrawableShares", rk_json_dec(h->withdrawable[i]));
    json_object_set_new(s, "tokens", rk_json_dec(tok));
    for (size_t k = 0; o && k < o->nsets; k++) {
        long j = alloc_index(&o->sets[k], h->strategies[i]);
        if (j < 0) continue;
        json_t *x = exposure(c, &o->sets[k], &o->sets[k].allocs[j], h, i, max);
        if (!x) return json_decref(s), json_decref(exp), NULL;
        json_array_append_new(exp, x);
    }
    json_object_set_new(s, "exposures", exp);
    return s;
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

json_t *rk_staker_body(rk_ctx *c, rs_addr staker, const rk_holdings *hin) {
    rk_holdings h = *hin;
    sort_holdings(&h);
    bool delegated = !rs_addr_is_zero(h.operator_);
    rk_op *o = delegated ? rk_ctx_op(c, h.operator_) : NULL;
    if (delegated && !o) return NULL;
    uint64_t *max = calloc(h.n + 1, sizeof *max);
    for (size_t i = 0; i < h.n; i++) {
        rk_opstrat *os = o ? rk_ctx_opstrat(c, o, h.strategies[i]) : NULL;
        if (o && !os) return free(max), NULL;
        max[i] = os ? os->max : RK_WAD;
    }
    json_t *r = json_object(), *list = json_array();
    json_object_set_new(r, "staker", rk_json_addr(staker));
    json_object_set_new(r, "operator", delegated ? rk_json_addr(h.operator_) : json_null());
    json_object_set_new(r, "delegated", json_boolean(delegated));
    json_object_set_new(r, "strategies", list);
    json_t *esc = NULL;
    for (size_t i = 0; i < h.n; i++) {
        json_t *s = holding_json(c, o, &h, i, max[i]);
        if (!s) goto fail;
        json_array_append_new(list, s);
    }
    if (!(esc = escape_json(c, o, &h, max))) goto fail;
    json_object_set_new(r, "escape", esc);
    free(max);
    return r;
fail:
    free(max);
    json_decref(r);
    return NULL;
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

json_t *rk_report_all(rk_source *s) {
    rk_ctx c;
    rs_addr *who = NULL;
    size_t n = 0;
    json_t *r = NULL, *list = json_array();
    if (rk_ctx_init(&c, s) || s->stakers(s, &who, &n)) goto out;
    if (n > RS_RISK_STAKERS_MAX) {
        rk_fail(s, "more than %u stakers", RS_RISK_STAKERS_MAX);
        goto out;
    }
    n = rk_unique_addrs(who, n);
    for (size_t k = 0; k < n; k++) {
        rk_holdings h = {0};
        if (s->holdings(s, who[k], &h)) goto out;
        json_t *b = NULL;
        /* an account that holds no shares is no staker (an operator with
         * no deposits of its own, a staker who withdrew everything) */
        if (h.n) {
            b = rk_staker_body(&c, who[k], &h);
            if (!b) {
                rk_holdings_free(&h);
                goto out;
            }
            json_array_append_new(list, b);
        }
        rk_holdings_free(&h);
        if (s->progress && (k + 1) % 1000 == 0) s->progress(s, "stakers", k + 1, n);
    }
    if (s->progress) s->progress(s, "stakers", n, n);
    r = rk_header(&c, "all");
    json_object_set(r, "stakers", list);
out:
    json_decref(list);
    free(who);
    rk_ctx_free(&c);
    return r;
}
