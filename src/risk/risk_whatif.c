/* The what-if report (docs/risk.md, "What-if"): a slash of any members of
 * a set by any wads, now or at a future block, with every delegated
 * staker's loss and where the slashed shares go. The figures follow the
 * slash's own arithmetic (AllocationManager.slashOperator, then
 * DelegationManager.slashOperatorShares); tests/test_risk.c checks them
 * against executing it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/hex.h"
#include "restake/limits.h"
#include "risk/risk_internal.h"

void rk_whatif_free(rk_whatif *w) {
    for (size_t i = 0; i < w->nslashes; i++) {
        free(w->slashes[i].strategies);
        free(w->slashes[i].wads);
    }
    free(w->slashes);
    memset(w, 0, sizeof *w);
}

static int fail(char *err, size_t cap, const char *msg, const char *key) {
    snprintf(err, cap, "invalid params: %s: %s", key, msg);
    return -1;
}

static bool parse_uint(const json_t *v, u256 *out) {
    if (json_is_integer(v) && json_integer_value(v) >= 0) return *out = u256_from_u64((uint64_t)json_integer_value(v)), true;
    if (!json_is_string(v)) return false;
    const char *s = json_string_value(v);
    size_t n = strlen(s);
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return u256_from_hex(out, s, n);
    return n && strspn(s, "0123456789") == n && u256_from_dec(out, s, n);
}

static int parse_slash(const json_t *o, size_t k, rk_slash *x, char *err, size_t cap) {
    char key[64];
    snprintf(key, sizeof key, "slashes[%zu]", k);
    if (!json_is_object(o)) return fail(err, cap, "not an object {operator, strategies, wads}", key);
    const json_t *op = json_object_get(o, "operator"), *st = json_object_get(o, "strategies"),
                 *wd = json_object_get(o, "wads");
    if (!rk_parse_addr(json_string_value(op), &x->operator_))
        return fail(err, cap, "operator: not a 0x-prefixed 20-byte address", key);
    if (!json_is_array(st) || !json_is_array(wd)) return fail(err, cap, "strategies and wads must be arrays", key);
    if (json_array_size(st) != json_array_size(wd))
        return fail(err, cap, "strategies and wads differ in length", key);
    if (json_array_size(st) == 0 || json_array_size(st) > RS_RISK_LIST_MAX)
        return fail(err, cap, "strategies: expected 1 or more entries", key);
    x->n = json_array_size(st);
    x->strategies = calloc(x->n, sizeof *x->strategies);
    x->wads = calloc(x->n, sizeof *x->wads);
    for (size_t i = 0; i < x->n; i++) {
        if (!rk_parse_addr(json_string_value(json_array_get(st, i)), &x->strategies[i]))
            return fail(err, cap, "strategies: not a 0x-prefixed 20-byte address", key);
        if (!parse_uint(json_array_get(wd, i), &x->wads[i]) || u256_is_zero(x->wads[i]) ||
            u256_gt(x->wads[i], u256_from_u64(RK_WAD)))
            return fail(err, cap, "wads: each must be a uint in [1, 1e18] (decimal string)", key);
        for (size_t j = 0; j < i; j++)
            if (rs_addr_eq(x->strategies[j], x->strategies[i])) return fail(err, cap, "strategies: listed twice", key);
    }
    return 0;
}

static const char *const FIELDS[] = {"avs", "operatorSetId", "slashes", "block"};

int rk_whatif_parse(const json_t *o, rk_whatif *w, char *err, size_t cap) {
    memset(w, 0, sizeof *w);
    if (!json_is_object(o)) return fail(err, cap, "expected {avs, operatorSetId, slashes, block?}", "params");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v) {
        bool known = false;
        for (size_t i = 0; i < sizeof FIELDS / sizeof *FIELDS; i++) known |= !strcmp(key, FIELDS[i]);
        if (!known) return fail(err, cap, "unknown field", key);
    }
    u256 x;
    uint32_t id;
    if (!rk_parse_addr(json_string_value(json_object_get(o, "avs")), &w->set.avs))
        return fail(err, cap, "not a 0x-prefixed 20-byte address", "avs");
    if (!parse_uint(json_object_get(o, "operatorSetId"), &x) || !u256_to_u32(&id, x))
        return fail(err, cap, "not a uint32", "operatorSetId");
    w->set.id = id;
    if ((v = json_object_get(o, "block")) && !json_is_null(v)) {
        if (!parse_uint(v, &x) || !u256_to_u32(&w->at_block, x)) return fail(err, cap, "not a uint32 block number", "block");
        w->has_at_block = true;
    }
    const json_t *sl = json_object_get(o, "slashes");
    if (!json_is_array(sl) || json_array_size(sl) == 0 || json_array_size(sl) > RS_RISK_SLASHES_MAX)
        return fail(err, cap, "expected an array of 1 to 256 {operator, strategies, wads}", "slashes");
    w->slashes = calloc(json_array_size(sl), sizeof *w->slashes);
    for (size_t k = 0; k < json_array_size(sl); k++) {
        w->nslashes++;
        if (parse_slash(json_array_get(sl, k), k, &w->slashes[k], err, cap)) return rk_whatif_free(w), -1;
        for (size_t j = 0; j < k; j++)
            if (rs_addr_eq(w->slashes[j].operator_, w->slashes[k].operator_))
                return rk_whatif_free(w), fail(err, cap, "operator listed twice", "slashes");
    }
    return 0;
}

/* ---- the computation ---- */

typedef struct {
    rs_addr op, strategy;
    uint64_t prev_max, new_max;
    u256 shares_before, shares_after, slashed;
} op_effect;

static bool contains(const rs_addr *a, size_t n, rs_addr x) {
    for (size_t i = 0; i < n; i++)
        if (rs_addr_eq(a[i], x)) return true;
    return false;
}

static void hexaddr(rs_addr a, char out[43]) {
    rs_hex_encode(a.b, 20, out);
}

/* one (operator, strategy) slash: the magnitude it takes and the shares */
static int effect_of(rk_ctx *c, rk_op *o, rk_set set, rs_addr strategy, u256 wad, uint64_t at, op_effect *e) {
    rk_opstrat *os = rk_ctx_opstrat(c, o, strategy);
    if (!os) return -1;
    uint64_t mag = 0;
    for (size_t k = 0; k < o->nsets; k++)
        if (!rk_set_cmp(o->sets[k].set, set))
            for (size_t j = 0; j < o->sets[k].n; j++)
                if (rs_addr_eq(o->sets[k].strategies[j], strategy)) mag = rk_mag_at(&o->sets[k].allocs[j], at);
    u256 taken;
    if (!u256_muldiv_up(&taken, u256_from_u64(mag), wad, u256_from_u64(RK_WAD))) taken = U256_ZERO;
    uint64_t t = taken.w[0];
    e->op = o->op;
    e->strategy = strategy;
    e->prev_max = os->max;
    e->new_max = t >= os->max ? 0 : os->max - t;
    u256 from_op = rk_slashed_amount(os->shares, os->max, e->new_max);
    e->shares_before = os->shares;
    e->shares_after = rk_sub0(os->shares, from_op);
    e->slashed = u256_add_wrap(from_op, rk_slashed_amount(os->queued, os->max, e->new_max));
    return 0;
}

static int check_slash(rk_ctx *c, const rk_whatif *w, const rs_addr *st, size_t nst, const rk_slash *x) {
    bool reg, slashable;
    char a[43];
    hexaddr(x->operator_, a);
    if (c->s->membership(c->s, x->operator_, w->set, &reg, &slashable)) return -1;
    if (!slashable) return rk_fail(c->s, "operator %s is not slashable by the set (OperatorNotSlashable)", a);
    for (size_t i = 0; i < x->n; i++)
        if (!contains(st, nst, x->strategies[i])) {
            hexaddr(x->strategies[i], a);
            return rk_fail(c->s, "strategy %s is not in the operator set (StrategyNotInOperatorSet)", a);
        }
    return 0;
}

static int effects(rk_ctx *c, const rk_whatif *w, uint64_t at, op_effect **out, size_t *n) {
    rk_source *s = c->s;
    rk_set_info info;
    rs_addr *st = NULL;
    size_t nst = 0, total = 0;
    if (s->set_info(s, w->set, &info)) return -1;
    if (!info.exists) {
        char a[43];
        hexaddr(w->set.avs, a);
        return rk_fail(s, "unknown operator set: avs %s has no operator set %u", a, w->set.id);
    }
    if (s->set_strategies(s, w->set, &st, &nst)) return -1;
    for (size_t k = 0; k < w->nslashes; k++) total += w->slashes[k].n;
    *out = calloc(total + 1, sizeof **out);
    *n = 0;
    for (size_t k = 0; k < w->nslashes; k++) {
        const rk_slash *x = &w->slashes[k];
        rk_op *o = check_slash(c, w, st, nst, x) ? NULL : rk_ctx_op(c, x->operator_);
        if (!o) return free(st), -1;
        for (size_t i = 0; i < x->n; i++)
            if (effect_of(c, o, w->set, x->strategies[i], x->wads[i], at, &(*out)[(*n)++])) return free(st), -1;
    }
    free(st);
    return 0;
}

static const op_effect *find_effect(const op_effect *e, size_t n, rs_addr op, rs_addr strategy) {
    for (size_t i = 0; i < n; i++)
        if (rs_addr_eq(e[i].op, op) && rs_addr_eq(e[i].strategy, strategy)) return &e[i];
    return NULL;
}

typedef struct {
    rs_addr staker, op, strategy;
    u256 before, after;
} staker_row;

static int row_cmp(const void *pa, const void *pb) {
    const staker_row *a = pa, *b = pb;
    int c = rs_addr_cmp(a->staker, b->staker);
    return c ? c : rs_addr_cmp(a->strategy, b->strategy);
}

static int staker_rows(rk_ctx *c, const op_effect *e, size_t ne, staker_row **rows, size_t *nrows) {
    rk_source *s = c->s;
    rs_addr *who = NULL;
    size_t n = 0, cap = 0;
    *rows = NULL;
    *nrows = 0;
    if (s->stakers(s, &who, &n)) return -1;
    if (n > RS_RISK_STAKERS_MAX) return free(who), rk_fail(s, "more than %u stakers", RS_RISK_STAKERS_MAX);
    n = rk_unique_addrs(who, n);
    for (size_t k = 0; k < n; k++) {
        rk_holdings h = {0};
        if (s->holdings(s, who[k], &h)) return free(who), -1;
        for (size_t i = 0; i < h.n; i++) {
            const op_effect *x = find_effect(e, ne, h.operator_, h.strategies[i]);
            if (!x || rs_addr_is_zero(h.operator_)) continue;
            if (*nrows == cap) {
                cap = cap ? 2 * cap : 16;
                *rows = realloc(*rows, cap * sizeof **rows);
            }
            (*rows)[(*nrows)++] = (staker_row){who[k], h.operator_, h.strategies[i], h.withdrawable[i],
                                               rk_withdrawable(c, &h, i, x->new_max)};
        }
        rk_holdings_free(&h);
    }
    free(who);
    if (*nrows > 1) qsort(*rows, *nrows, sizeof **rows, row_cmp);
    return 0;
}

static json_t *stakers_json(rk_ctx *c, const staker_row *r, size_t n) {
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        u256 tb, ta;
        if (rk_tokens(c, r[i].strategy, r[i].before, &tb) || rk_tokens(c, r[i].strategy, r[i].after, &ta))
            return json_decref(list), NULL;
        json_t *o = json_object();
        json_object_set_new(o, "staker", rk_json_addr(r[i].staker));
        json_object_set_new(o, "operator", rk_json_addr(r[i].op));
        json_object_set_new(o, "strategy", rk_json_addr(r[i].strategy));
        json_object_set_new(o, "sharesBefore", rk_json_dec(r[i].before));
        json_object_set_new(o, "sharesAfter", rk_json_dec(r[i].after));
        json_object_set_new(o, "tokensBefore", rk_json_dec(tb));
        json_object_set_new(o, "tokensAfter", rk_json_dec(ta));
        json_object_set_new(o, "lost", rk_json_dec(rk_sub0(tb, ta)));
        const rk_tok *tok = rk_ctx_tok(c, r[i].strategy);
        json_object_set_new(o, "decimals", rk_json_u64(tok ? tok->decimals : 18));
        json_array_append_new(list, o);
    }
    return list;
}

static int eff_cmp(const void *pa, const void *pb) {
    const op_effect *a = pa, *b = pb;
    int c = rs_addr_cmp(a->op, b->op);
    return c ? c : rs_addr_cmp(a->strategy, b->strategy);
}

static json_t *destination_json(rk_ctx *c, const rk_whatif *w, const op_effect *e, size_t ne) {
    rk_set_info info;
    if (c->s->set_info(c->s, w->set, &info)) return NULL;
    rs_addr *st = calloc(ne + 1, sizeof *st);
    for (size_t i = 0; i < ne; i++) st[i] = e[i].strategy;
    size_t ns = rk_unique_addrs(st, ne);
    json_t *by = json_array();
    for (size_t i = 0; i < ns; i++) {
        u256 sum = U256_ZERO, tok;
        for (size_t j = 0; j < ne; j++)
            if (rs_addr_eq(e[j].strategy, st[i])) sum = u256_add_wrap(sum, e[j].slashed);
        if (rk_tokens(c, st[i], sum, &tok)) return free(st), json_decref(by), NULL;
        const rk_tok *t = rk_ctx_tok(c, st[i]);
        json_array_append_new(by, json_pack("{s:o,s:o,s:o,s:o}", "strategy", rk_json_addr(st[i]), "shares",
                                            rk_json_dec(sum), "tokens", rk_json_dec(tok), "decimals",
                                            rk_json_u64(t ? t->decimals : 18)));
    }
    free(st);
    json_t *d = json_object();
    json_object_set_new(d, "address", rk_json_addr(info.recipient));
    json_object_set_new(d, "redistributing", json_boolean(info.redistributing));
    json_object_set_new(d, "byStrategy", by);
    return d;
}

static json_t *slashes_json(const rk_whatif *w) {
    json_t *list = json_array();
    for (size_t k = 0; k < w->nslashes; k++) {
        json_t *s = json_array(), *wd = json_array();
        for (size_t i = 0; i < w->slashes[k].n; i++) {
            json_array_append_new(s, rk_json_addr(w->slashes[k].strategies[i]));
            json_array_append_new(wd, rk_json_dec(w->slashes[k].wads[i]));
        }
        json_array_append_new(list, json_pack("{s:o,s:o,s:o}", "operator", rk_json_addr(w->slashes[k].operator_),
                                              "strategies", s, "wads", wd));
    }
    return list;
}

json_t *rk_report_whatif(rk_source *s, const rk_whatif *w) {
    rk_ctx c;
    op_effect *e = NULL;
    staker_row *rows = NULL;
    size_t ne = 0, nrows = 0;
    json_t *r = NULL, *stakers = NULL, *dest = NULL;
    if (rk_ctx_init(&c, s)) goto out;
    uint64_t at = w->has_at_block ? w->at_block : c.block;
    if (at < c.block) {
        rk_fail(s, "invalid params: block: %llu is before the read block %llu", (unsigned long long)at,
                (unsigned long long)c.block);
        goto out;
    }
    if (effects(&c, w, at, &e, &ne) || staker_rows(&c, e, ne, &rows, &nrows)) goto out;
    if (!(stakers = stakers_json(&c, rows, nrows)) || !(dest = destination_json(&c, w, e, ne))) goto out;
    if (ne > 1) qsort(e, ne, sizeof *e, eff_cmp);
    json_t *ops = json_array();
    for (size_t i = 0; i < ne; i++)
        json_array_append_new(ops, json_pack("{s:o,s:o,s:o,s:o,s:o}", "operator", rk_json_addr(e[i].op), "strategy",
                                             rk_json_addr(e[i].strategy), "operatorSharesBefore",
                                             rk_json_dec(e[i].shares_before), "operatorSharesAfter",
                                             rk_json_dec(e[i].shares_after), "slashedShares", rk_json_dec(e[i].slashed)));
    r = rk_header(&c, "whatif");
    json_object_set_new(r, "avs", rk_json_addr(w->set.avs));
    json_object_set_new(r, "operatorSetId", rk_json_u64(w->set.id));
    json_object_set_new(r, "atBlock", rk_json_u64(at));
    json_object_set_new(r, "slashes", slashes_json(w));
    json_object_set(r, "stakers", stakers);
    json_object_set_new(r, "operators", ops);
    json_object_set(r, "destination", dest);
out:
    json_decref(stakers);
    json_decref(dest);
    free(e);
    free(rows);
    rk_ctx_free(&c);
    return r;
}
