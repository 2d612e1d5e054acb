/* The engine's context, caches, formulas and JSON helpers (risk_internal.h). */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/buf.h"
#include "restake/hex.h"
#include "restake/limits.h"
#include "risk/risk_internal.h"

void rk_holdings_free(rk_holdings *h) {
    free(h->strategies);
    free(h->deposit);
    free(h->withdrawable);
    free(h->dsf);
    memset(h, 0, sizeof *h);
}

int rk_fail(rk_source *s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- JSON ---- */

json_t *rk_json_addr(rs_addr a) {
    char b[43];
    rs_hex_encode(a.b, 20, b);
    return json_string(b);
}

json_t *rk_json_dec(u256 v) {
    char b[79];
    u256_to_dec(v, b);
    return json_string(b);
}

json_t *rk_json_u64(uint64_t v) { return json_integer((json_int_t)v); }

bool rk_parse_addr(const char *s, rs_addr *out) {
    if (!s || strlen(s) != 42 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
    return rs_addr_from_hex(out, s);
}

/* ---- sorting ---- */

static int addr_cmp(const void *a, const void *b) { return rs_addr_cmp(*(const rs_addr *)a, *(const rs_addr *)b); }

int rk_set_cmp(rk_set a, rk_set b) {
    int c = rs_addr_cmp(a.avs, b.avs);
    return c ? c : (a.id > b.id) - (a.id < b.id);
}

static int set_cmp_v(const void *a, const void *b) { return rk_set_cmp(*(const rk_set *)a, *(const rk_set *)b); }

void rk_sort_addrs(rs_addr *a, size_t n) {
    if (n > 1) qsort(a, n, sizeof *a, addr_cmp);
}

size_t rk_unique_addrs(rs_addr *a, size_t n) {
    rk_sort_addrs(a, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || !rs_addr_eq(a[k - 1], a[i])) a[k++] = a[i];
    return k;
}

void rk_sort_sets(rk_set *a, size_t n) {
    if (n > 1) qsort(a, n, sizeof *a, set_cmp_v);
}

size_t rk_unique_sets(rk_set *a, size_t n) {
    rk_sort_sets(a, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || rk_set_cmp(a[k - 1], a[i])) a[k++] = a[i];
    return k;
}

/* ---- formulas ---- */

static u256 wad(void) { return u256_from_u64(RK_WAD); }

/* Every product here is of a share amount (< 2^256 / 2^64 in any reachable
 * state) by a magnitude or factor of at most WAD; an overflow would make
 * the protocol's own views revert first, so it reads as zero. */
u256 rk_mul_wad(u256 a, u256 b) {
    u256 r;
    return u256_muldiv(&r, a, b, wad()) ? r : U256_ZERO;
}

u256 rk_div_wad(u256 a, u256 b) {
    u256 r;
    return !u256_is_zero(b) && u256_muldiv(&r, a, wad(), b) ? r : U256_ZERO;
}

u256 rk_sub0(u256 a, u256 b) {
    u256 r;
    return u256_sub(&r, a, b) ? r : U256_ZERO;
}

uint64_t rk_mag_at(const rk_alloc *a, uint64_t b) {
    if (a->effect_block == 0 || b < a->effect_block || a->diff_abs == 0) return a->current;
    if (a->diff_negative) return a->current >= a->diff_abs ? a->current - a->diff_abs : 0;
    return a->current + a->diff_abs;
}

u256 rk_withdrawable(const rk_ctx *c, const rk_holdings *h, size_t i, uint64_t max) {
    u256 dsf = u256_is_zero(h->dsf[i]) ? wad() : h->dsf[i];
    u256 sf = u256_from_u64(max);
    if (rk_is_beacon(c, h->strategies[i])) sf = rk_mul_wad(sf, u256_from_u64(h->bcsf));
    return rk_mul_wad(rk_mul_wad(h->deposit[i], dsf), sf);
}

u256 rk_slashed_amount(u256 shares, uint64_t prev_max, uint64_t new_max) {
    u256 kept;
    if (prev_max == 0) return U256_ZERO;
    if (!u256_muldiv_up(&kept, shares, u256_from_u64(new_max), u256_from_u64(prev_max))) return U256_ZERO;
    return rk_sub0(shares, kept);
}

bool rk_is_beacon(const rk_ctx *c, rs_addr strategy) { return rs_addr_eq(strategy, c->beacon); }

int rk_tokens(rk_ctx *c, rs_addr strategy, u256 shares, u256 *out) {
    if (rk_is_beacon(c, strategy) || u256_is_zero(shares)) return *out = shares, 0;
    return c->s->to_underlying(c->s, strategy, shares, out);
}

/* ---- context ---- */

int rk_ctx_init(rk_ctx *c, rk_source *s) {
    memset(c, 0, sizeof *c);
    c->s = s;
    if (s->head(s, &c->block, &c->timestamp)) return -1;
    return s->constants(s, &c->min_delay, &c->beacon);
}

static void op_free(rk_op *o) {
    for (size_t i = 0; i < o->nsets; i++) {
        rk_opset *x = &o->sets[i];
        for (size_t j = 0; x->heads && j < x->n; j++) {
            rs_buf_free(&x->heads[j]);
            rs_buf_free(&x->pending_heads[j]);
        }
        free(x->heads);
        free(x->pending_heads);
        free(x->strategies);
        free(x->allocs);
    }
    free(o->sets);
    free(o->strat);
    free(o);
}

void rk_ctx_free(rk_ctx *c) {
    for (size_t i = 0; i < c->nops; i++) op_free(c->ops[i]);
    free(c->ops);
    free(c->toks);
    memset(c, 0, sizeof *c);
}

json_t *rk_header(const rk_ctx *c, const char *kind) {
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(kind));
    json_object_set_new(o, "block", rk_json_u64(c->block));
    json_object_set_new(o, "timestamp", rk_json_u64(c->timestamp));
    json_object_set_new(o, "source", json_string(c->s->name));
    return o;
}

static int load_opset(rk_ctx *c, rs_addr op, rk_opset *x) {
    rk_source *s = c->s;
    if (s->set_info(s, x->set, &x->info) || s->membership(s, op, x->set, &x->registered, &x->slashable) ||
        s->allocated_strategies(s, op, x->set, &x->strategies, &x->n))
        return -1;
    if (x->n > RS_RISK_LIST_MAX) return rk_fail(s, "operator allocated to more than %u strategies", RS_RISK_LIST_MAX);
    x->n = rk_unique_addrs(x->strategies, x->n);
    x->allocs = calloc(x->n + 1, sizeof *x->allocs);
    for (size_t j = 0; j < x->n; j++)
        if (s->allocation(s, op, x->set, x->strategies[j], &x->allocs[j])) return -1;
    return 0;
}

static rk_op *load_op(rk_ctx *c, rs_addr op) {
    rk_source *s = c->s;
    rk_op *o = calloc(1, sizeof *o);
    o->op = op;
    rk_set *sets = NULL;
    size_t n = 0;
    if (s->allocated_sets(s, op, &sets, &n) || s->allocation_delay(s, op, &o->delay)) goto fail;
    n = rk_unique_sets(sets, n);
    o->sets = calloc(n + 1, sizeof *o->sets);
    for (size_t i = 0; i < n; i++) {
        o->sets[o->nsets].set = sets[i];
        o->nsets++;
        if (load_opset(c, op, &o->sets[o->nsets - 1])) goto fail;
    }
    free(sets);
    return o;
fail:
    free(sets);
    op_free(o);
    return NULL;
}

rk_op *rk_ctx_op(rk_ctx *c, rs_addr op) {
    for (size_t i = 0; i < c->nops; i++)
        if (rs_addr_eq(c->ops[i]->op, op)) return c->ops[i];
    if (c->nops >= RS_RISK_OPERATORS_MAX) return rk_fail(c->s, "more than %u operators", RS_RISK_OPERATORS_MAX), NULL;
    rk_op *o = load_op(c, op);
    if (!o) return NULL;
    if (c->nops == c->capops) {
        c->capops = c->capops ? 2 * c->capops : 16;
        c->ops = realloc(c->ops, c->capops * sizeof *c->ops);
    }
    /* the most recent operator first: stakers come grouped by operator often */
    c->ops[c->nops++] = o;
    return o;
}

rk_opstrat *rk_ctx_opstrat(rk_ctx *c, rk_op *o, rs_addr strategy) {
    for (size_t i = 0; i < o->nstrat; i++)
        if (rs_addr_eq(o->strat[i].strategy, strategy)) return &o->strat[i];
    rk_opstrat x = {.strategy = strategy};
    if (c->s->max_magnitude(c->s, o->op, strategy, &x.max) ||
        c->s->operator_shares(c->s, o->op, strategy, &x.shares, &x.queued))
        return NULL;
    if (o->nstrat == o->capstrat) {
        o->capstrat = o->capstrat ? 2 * o->capstrat : 8;
        o->strat = realloc(o->strat, o->capstrat * sizeof *o->strat);
    }
    o->strat[o->nstrat] = x;
    return &o->strat[o->nstrat++];
}

const rk_tok *rk_ctx_tok(rk_ctx *c, rs_addr strategy) {
    for (size_t i = 0; i < c->ntoks; i++)
        if (rs_addr_eq(c->toks[i].strategy, strategy)) return &c->toks[i];
    rk_tok t = {.strategy = strategy, .decimals = 18};
    if (!rk_is_beacon(c, strategy) && c->s->token(c->s, strategy, &t.has, &t.token, &t.decimals)) return NULL;
    if (c->ntoks == c->captoks) {
        c->captoks = c->captoks ? 2 * c->captoks : 8;
        c->toks = realloc(c->toks, c->captoks * sizeof *c->toks);
    }
    c->toks[c->ntoks] = t;
    return &c->toks[c->ntoks++];
}
