/* The operator, operator-set and AVS reports (docs/risk.md): allocations
 * per set, slashable stake (getMinimumSlashableStake) and the drain bound. */
#include <stdlib.h>
#include <string.h>

#include "restake/hex.h"
#include "restake/limits.h"
#include "risk/risk_internal.h"

static json_t *addr_or_null(rs_addr a) { return rs_addr_is_zero(a) ? json_null() : rk_json_addr(a); }

static json_t *with_tokens(rk_ctx *c, json_t *o, const char *skey, const char *tkey, rs_addr strategy, u256 shares) {
    u256 t;
    const rk_tok *tok = rk_ctx_tok(c, strategy);
    if (!tok || rk_tokens(c, strategy, shares, &t)) return json_decref(o), NULL;
    json_object_set_new(o, skey, rk_json_dec(shares));
    json_object_set_new(o, tkey, rk_json_dec(t));
    /* a token figure is readable only with its decimals beside it */
    if (!json_object_get(o, "decimals")) json_object_set_new(o, "decimals", rk_json_u64(tok->decimals));
    return o;
}

/* ---- operator ---- */

typedef struct {
    rs_addr strategy;
    u256 slashable;
} op_exposure;

static int add_exposure(op_exposure **v, size_t *n, rs_addr s, u256 x) {
    for (size_t i = 0; i < *n; i++)
        if (rs_addr_eq((*v)[i].strategy, s)) return (*v)[i].slashable = u256_add_wrap((*v)[i].slashable, x), 0;
    *v = realloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = (op_exposure){s, x};
    return 0;
}

static int exp_cmp(const void *a, const void *b) {
    return rs_addr_cmp(((const op_exposure *)a)->strategy, ((const op_exposure *)b)->strategy);
}

static json_t *op_set_json(rk_ctx *c, rk_op *o, rk_set set, op_exposure **ex, size_t *nex) {
    rk_source *s = c->s;
    const rk_opset *x = NULL;
    for (size_t k = 0; k < o->nsets; k++)
        if (!rk_set_cmp(o->sets[k].set, set)) x = &o->sets[k];
    rk_set_info info;
    bool registered, slashable;
    if (s->set_info(s, set, &info) || s->membership(s, o->op, set, &registered, &slashable)) return NULL;
    json_t *j = json_object(), *strats = json_array();
    json_object_set_new(j, "avs", rk_json_addr(set.avs));
    json_object_set_new(j, "operatorSetId", rk_json_u64(set.id));
    json_object_set_new(j, "redistributing", json_boolean(info.redistributing));
    json_object_set_new(j, "registered", json_boolean(registered));
    json_object_set_new(j, "slashable", json_boolean(slashable));
    json_object_set_new(j, "strategies", strats);
    for (size_t i = 0; x && i < x->n; i++) {
        rk_opstrat *os = rk_ctx_opstrat(c, o, x->strategies[i]);
        u256 sl;
        if (!os || s->min_slashable(s, set, o->op, x->strategies[i], (uint32_t)c->block, &sl)) return json_decref(j), NULL;
        add_exposure(ex, nex, x->strategies[i], sl);
        const rk_alloc *a = &x->allocs[i];
        json_t *e = json_object(), *pend = json_array();
        json_object_set_new(e, "strategy", rk_json_addr(x->strategies[i]));
        json_object_set_new(e, "allocatedMagnitude", rk_json_dec(u256_from_u64(a->current)));
        json_object_set_new(e, "maxMagnitude", rk_json_dec(u256_from_u64(os->max)));
        json_object_set_new(e, "fractionWad", rk_json_dec(rk_div_wad(u256_from_u64(a->current), u256_from_u64(os->max))));
        if (!(e = with_tokens(c, e, "slashableShares", "slashableTokens", x->strategies[i], sl))) return json_decref(j), NULL;
        if (a->diff_abs && a->effect_block > c->block)
            json_array_append_new(pend, json_pack("{s:o,s:o}", "effectBlock", rk_json_u64(a->effect_block), "magnitude",
                                                  rk_json_dec(u256_from_u64(rk_mag_at(a, a->effect_block)))));
        json_object_set_new(e, "pending", pend);
        json_array_append_new(strats, e);
    }
    return j;
}

static int staker_count(rk_ctx *c, rs_addr op, size_t *count) {
    rk_source *s = c->s;
    rs_addr *who = NULL;
    size_t n = 0;
    *count = 0;
    if (s->stakers(s, &who, &n)) return -1;
    if (n > RS_RISK_STAKERS_MAX) return free(who), rk_fail(s, "more than %u stakers", RS_RISK_STAKERS_MAX);
    n = rk_unique_addrs(who, n);
    for (size_t k = 0; k < n; k++) {
        rk_holdings h = {0};
        if (rs_addr_eq(who[k], op)) continue;
        if (s->holdings(s, who[k], &h)) return free(who), -1;
        *count += rs_addr_eq(h.operator_, op);
        rk_holdings_free(&h);
        if (s->progress && (k + 1) % 1000 == 0) s->progress(s, "stakers", k + 1, n);
    }
    free(who);
    return 0;
}

static json_t *delay_json(const rk_delay *d) {
    if (!d->has_pending) return json_null();
    return json_pack("{s:o,s:o}", "delay", rk_json_u64(d->pending_delay), "effectBlock",
                     rk_json_u64(d->pending_effect_block));
}

json_t *rk_report_operator(rk_source *s, rs_addr op) {
    rk_ctx c;
    json_t *r = NULL;
    rk_set *sets = NULL;
    size_t n = 0, nex = 0, count = 0;
    op_exposure *ex = NULL;
    bool redis;
    if (rk_ctx_init(&c, s)) goto out;
    rk_op *o = rk_ctx_op(&c, op);
    if (!o || s->redistributable(s, op, &redis) || s->registered_sets(s, op, &sets, &n) || staker_count(&c, op, &count))
        goto out;
    sets = realloc(sets, (n + o->nsets + 1) * sizeof *sets);
    for (size_t k = 0; k < o->nsets; k++) sets[n++] = o->sets[k].set;
    n = rk_unique_sets(sets, n);
    json_t *list = json_array();
    for (size_t k = 0; k < n; k++) {
        json_t *j = op_set_json(&c, o, sets[k], &ex, &nex);
        if (!j) {
            json_decref(list);
            goto out;
        }
        json_array_append_new(list, j);
    }
    if (nex > 1) qsort(ex, nex, sizeof *ex, exp_cmp);
    json_t *exp = json_array();
    for (size_t i = 0; i < nex; i++) {
        rk_opstrat *os = rk_ctx_opstrat(&c, o, ex[i].strategy);
        json_t *e = os ? json_pack("{s:o,s:o}", "strategy", rk_json_addr(ex[i].strategy), "delegatedShares",
                                   rk_json_dec(os->shares))
                       : NULL;
        if (e) e = with_tokens(&c, e, "slashableShares", "slashableTokens", ex[i].strategy, ex[i].slashable);
        if (!e) {
            json_decref(list);
            json_decref(exp);
            goto out;
        }
        json_array_append_new(exp, e);
    }
    r = rk_header(&c, "operator");
    json_object_set_new(r, "operator", rk_json_addr(op));
    json_object_set_new(r, "redistributable", json_boolean(redis));
    json_object_set_new(r, "allocationDelay", o->delay.is_set ? rk_json_u64(o->delay.delay) : json_null());
    json_object_set_new(r, "allocationDelayPending", delay_json(&o->delay));
    json_object_set_new(r, "stakerCount", rk_json_u64(count));
    json_object_set_new(r, "sets", list);
    json_object_set_new(r, "exposure", exp);
out:
    free(sets);
    free(ex);
    rk_ctx_free(&c);
    return r;
}

/* ---- set ---- */

/* The drain bound of one member and strategy at block b: what slashing
 * 100% of the magnitude in effect at b takes, from the operator's
 * delegated shares and from its slashable withdrawal queue. */
static u256 drain_shares(const rk_opstrat *os, uint64_t mag, bool slashable) {
    if (!slashable || os->max == 0 || mag == 0) return U256_ZERO;
    uint64_t after = mag >= os->max ? 0 : os->max - mag;
    return u256_add_wrap(rk_slashed_amount(os->shares, os->max, after), rk_slashed_amount(os->queued, os->max, after));
}

typedef struct {
    rs_addr op;
    rk_op *o;
    bool slashable;
} member;

static long alloc_of(const rk_op *o, rk_set set, rs_addr strategy, const rk_alloc **a) {
    for (size_t k = 0; k < o->nsets; k++)
        if (!rk_set_cmp(o->sets[k].set, set))
            for (size_t j = 0; j < o->sets[k].n; j++)
                if (rs_addr_eq(o->sets[k].strategies[j], strategy)) return *a = &o->sets[k].allocs[j], 0;
    return -1;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* byOperator by (operator, strategy), total by strategy */
static json_t *drain_at(rk_ctx *c, rk_set set, const member *m, size_t nm, const rs_addr *st, size_t ns, uint64_t b) {
    json_t *total = json_array(), *by = json_array(), *d = json_object();
    json_object_set_new(d, "block", rk_json_u64(b));
    json_object_set_new(d, "total", total);
    json_object_set_new(d, "byOperator", by);
    u256 *sum = calloc(ns + 1, sizeof *sum);
    for (size_t k = 0; k < nm; k++)
        for (size_t i = 0; i < ns; i++) {
            const rk_alloc *a;
            if (alloc_of(m[k].o, set, st[i], &a)) continue;
            rk_opstrat *os = rk_ctx_opstrat(c, m[k].o, st[i]);
            if (!os) return free(sum), json_decref(d), NULL;
            u256 sh = drain_shares(os, rk_mag_at(a, b), m[k].slashable);
            sum[i] = u256_add_wrap(sum[i], sh);
            json_t *e = json_pack("{s:o,s:o}", "operator", rk_json_addr(m[k].op), "strategy", rk_json_addr(st[i]));
            if (!(e = with_tokens(c, e, "shares", "tokens", st[i], sh))) return free(sum), json_decref(d), NULL;
            json_array_append_new(by, e);
        }
    for (size_t i = 0; i < ns; i++) {
        json_t *t = json_pack("{s:o}", "strategy", rk_json_addr(st[i]));
        if (!(t = with_tokens(c, t, "shares", "tokens", st[i], sum[i]))) return free(sum), json_decref(d), NULL;
        json_array_append_new(total, t);
    }
    free(sum);
    return d;
}

/* now, then each future effect block of a member's allocation in the set */
static json_t *drain_json(rk_ctx *c, rk_set set, const member *m, size_t nm, const rs_addr *st, size_t ns) {
    uint64_t *blocks = malloc((1 + nm * ns) * sizeof *blocks);
    size_t nb = 0;
    blocks[nb++] = c->block;
    for (size_t k = 0; k < nm; k++)
        for (size_t i = 0; i < ns; i++) {
            const rk_alloc *a;
            if (!alloc_of(m[k].o, set, st[i], &a) && a->diff_abs && a->effect_block > c->block)
                blocks[nb++] = a->effect_block;
        }
    qsort(blocks, nb, sizeof *blocks, cmp_u64);
    json_t *list = json_array();
    for (size_t j = 0; j < nb; j++) {
        if (j && blocks[j] == blocks[j - 1]) continue;
        json_t *d = drain_at(c, set, m, nm, st, ns, blocks[j]);
        if (!d) return free(blocks), json_decref(list), NULL;
        json_array_append_new(list, d);
    }
    free(blocks);
    return list;
}

static json_t *set_strategies_json(rk_ctx *c, rk_set set, const member *m, size_t nm, const rs_addr *st, size_t ns) {
    json_t *list = json_array();
    for (size_t i = 0; i < ns; i++) {
        const rk_tok *t = rk_ctx_tok(c, st[i]);
        u256 sum = U256_ZERO, x;
        for (size_t k = 0; t && k < nm; k++) {
            if (c->s->min_slashable(c->s, set, m[k].op, st[i], (uint32_t)c->block, &x)) return json_decref(list), NULL;
            sum = u256_add_wrap(sum, x);
        }
        if (!t) return json_decref(list), NULL;
        json_t *e = json_pack("{s:o,s:o,s:o}", "strategy", rk_json_addr(st[i]), "token",
                              t->has ? rk_json_addr(t->token) : json_null(), "decimals", rk_json_u64(t->decimals));
        if (!(e = with_tokens(c, e, "slashableShares", "slashableTokens", st[i], sum))) return json_decref(list), NULL;
        json_array_append_new(list, e);
    }
    return list;
}

typedef struct {
    rk_set_info info;
    rs_addr *ops, *st;
    size_t nops, nst;
    member *m;
} set_read;

static void set_read_free(set_read *x) {
    free(x->ops);
    free(x->st);
    free(x->m);
}

static int read_set(rk_ctx *c, rk_set set, set_read *x) {
    rk_source *s = c->s;
    memset(x, 0, sizeof *x);
    if (s->set_info(s, set, &x->info)) return -1;
    if (!x->info.exists) {
        char a[43];
        rs_hex_encode(set.avs.b, 20, a);
        return rk_fail(s, "unknown operator set: avs %s has no operator set %u", a, set.id);
    }
    if (s->members(s, set, &x->ops, &x->nops) || s->set_strategies(s, set, &x->st, &x->nst)) return -1;
    if (x->nops > RS_RISK_LIST_MAX || x->nst > RS_RISK_LIST_MAX) return rk_fail(s, "operator set too large");
    x->nops = rk_unique_addrs(x->ops, x->nops);
    x->nst = rk_unique_addrs(x->st, x->nst);
    x->m = calloc(x->nops + 1, sizeof *x->m);
    for (size_t k = 0; k < x->nops; k++) {
        bool reg;
        x->m[k].op = x->ops[k];
        if (!(x->m[k].o = rk_ctx_op(c, x->ops[k])) || s->membership(s, x->ops[k], set, &reg, &x->m[k].slashable))
            return -1;
    }
    return 0;
}

json_t *rk_report_set(rk_source *s, rk_set set) {
    rk_ctx c;
    set_read x;
    json_t *r = NULL, *strats = NULL, *drain = NULL;
    memset(&x, 0, sizeof x);
    if (rk_ctx_init(&c, s) || read_set(&c, set, &x)) goto out;
    if (!(strats = set_strategies_json(&c, set, x.m, x.nops, x.st, x.nst))) goto out;
    if (!(drain = drain_json(&c, set, x.m, x.nops, x.st, x.nst))) goto out;
    r = rk_header(&c, "set");
    json_object_set_new(r, "avs", rk_json_addr(set.avs));
    json_object_set_new(r, "operatorSetId", rk_json_u64(set.id));
    json_object_set_new(r, "redistributing", json_boolean(x.info.redistributing));
    json_object_set_new(r, "recipient", rk_json_addr(x.info.recipient));
    json_object_set_new(r, "slasher", addr_or_null(x.info.slasher));
    json_object_set_new(r, "pendingSlasher", x.info.slasher_effect_block ? addr_or_null(x.info.pending_slasher) : json_null());
    json_object_set_new(r, "slasherEffectBlock",
                        x.info.slasher_effect_block ? rk_json_u64(x.info.slasher_effect_block) : json_null());
    json_t *mem = json_array();
    for (size_t k = 0; k < x.nops; k++) json_array_append_new(mem, rk_json_addr(x.ops[k]));
    json_object_set_new(r, "members", mem);
    json_object_set(r, "strategies", strats);
    json_object_set(r, "drain", drain);
out:
    json_decref(strats);
    json_decref(drain);
    set_read_free(&x);
    rk_ctx_free(&c);
    return r;
}

/* ---- avs ---- */

json_t *rk_report_avs(rk_source *s, rs_addr avs) {
    rk_ctx c;
    rk_set *sets = NULL;
    size_t n = 0;
    json_t *r = NULL, *list = json_array();
    if (rk_ctx_init(&c, s) || s->sets(s, &sets, &n)) goto out;
    if (n > RS_RISK_SETS_MAX) {
        rk_fail(s, "more than %u operator sets", RS_RISK_SETS_MAX);
        goto out;
    }
    n = rk_unique_sets(sets, n);
    for (size_t k = 0; k < n; k++) {
        if (!rs_addr_eq(sets[k].avs, avs)) continue;
        set_read x;
        if (read_set(&c, sets[k], &x)) {
            set_read_free(&x);
            goto out;
        }
        json_t *st = set_strategies_json(&c, sets[k], x.m, x.nops, x.st, x.nst);
        if (st) {
            /* the per-set figures the AVS view shows: no token column (the
             * decimals stay, to read slashableTokens) */
            size_t i;
            json_t *e;
            json_array_foreach(st, i, e) json_object_del(e, "token");
            json_t *o = json_object();
            json_object_set_new(o, "operatorSetId", rk_json_u64(sets[k].id));
            json_object_set_new(o, "redistributing", json_boolean(x.info.redistributing));
            json_object_set_new(o, "recipient", rk_json_addr(x.info.recipient));
            json_object_set_new(o, "slasher", addr_or_null(x.info.slasher));
            json_object_set_new(o, "memberCount", rk_json_u64(x.nops));
            json_object_set_new(o, "strategies", st);
            json_array_append_new(list, o);
        }
        set_read_free(&x);
        if (!st) goto out;
    }
    r = rk_header(&c, "avs");
    json_object_set_new(r, "avs", rk_json_addr(avs));
    json_object_set(r, "sets", list);
out:
    json_decref(list);
    free(sets);
    rk_ctx_free(&c);
    return r;
}
