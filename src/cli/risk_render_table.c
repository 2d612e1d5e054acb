/* Terminal tables for risk reports (risk_render.h): a header line per
 * section, then one aligned table. Amounts print in whole tokens (the
 * token's decimals) next to the exact raw figure; fractions as percentages. */
#include "cli/risk_render.h"

#include "cli/risk_render_fmt.h"
#include "cli/risk_render_grid.h"
#include "cli/risk_render_parts.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

typedef struct {
    FILE *out;
    unsigned width;
    bool html; /* the tables part of the HTML page (risk_render_html.c) */
} tab_ctx;

#define ROW(g, ...) rr_grid_row((g), (const char *const[]){__VA_ARGS__})

/* Text from the report, without control bytes (a report is not trusted to
 * keep a terminal's escape sequences out). */
static void put_clean_text(FILE *out, const char *s) {
    for (; s && *s; s++) fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
}

/* Report text in the output's own terms. */
static void put_text(const tab_ctx *t, const char *s) {
    if (t->html)
        rr_html_text(t->out, s);
    else
        put_clean_text(t->out, s);
}

static void heading(const tab_ctx *t, const char *title) {
    fprintf(t->out, t->html ? "<h2>%s</h2>" : "\n== %s ==\n", title);
}

static void section(const tab_ctx *t, const char *title, size_t count) {
    fprintf(t->out, t->html ? "<h2>%s (%zu)</h2>" : "\n== %s (%zu) ==\n", title, count);
}

static void flush_grid(const tab_ctx *t, rr_grid *g) {
    if (t->html)
        rr_grid_print_html(g, t->out);
    else
        rr_grid_print(g, t->out, t->width);
    rr_grid_free(g);
}

/* "<Kind> <subject> at block B (timestamp T, source S)" */
static void title_line(const tab_ctx *t, const json_t *r, const char *kind, const char *subject) {
    char b[RR_TEXT_MAX], ts[RR_TEXT_MAX], src[RR_TEXT_MAX];
    rr_field(r, "block", b);
    rr_field(r, "timestamp", ts);
    rr_field(r, "source", src);
    fprintf(t->out, "%s ", kind);
    put_text(t, subject);
    fprintf(t->out, " at block ");
    put_text(t, b);
    fprintf(t->out, " (timestamp ");
    put_text(t, ts);
    fprintf(t->out, ", source ");
    put_text(t, src);
    fprintf(t->out, ")\n");
}

/* "key: value" for one field. */
static void field_line(const tab_ctx *t, const char *label, const json_t *o, const char *key) {
    char v[RR_TEXT_MAX];
    rr_field(o, key, v);
    fprintf(t->out, "%s: ", label);
    put_text(t, v);
    fputc('\n', t->out);
}

/* ---- staker ---- */

static void staker_strategies(const tab_ctx *t, const json_t *strats) {
    static const char *const heads[] = {"strategy", "token", "deposit shares", "withdrawable shares",
                                        "tokens", "tokens (raw)"};
    rr_grid g;
    rr_grid_init(&g, 6, heads, "llrrrr");
    for (size_t i = 0; i < rr_len(strats); i++) {
        const json_t *s = json_array_get(strats, i);
        char dep[RR_TEXT_MAX], wd[RR_TEXT_MAX], tok[RR_TEXT_MAX], raw[RR_TEXT_MAX];
        rr_raw(rr_str(s, "depositShares"), dep);
        rr_raw(rr_str(s, "withdrawableShares"), wd);
        rr_tokens(rr_str(s, "tokens"), rr_decimals(s), tok);
        rr_raw(rr_str(s, "tokens"), raw);
        const char *token = rr_str(s, "token");
        ROW(&g, rr_str(s, "strategy"), token ? token : "beacon chain ETH", dep, wd, tok, raw);
    }
    section(t, "Strategies", rr_len(strats));
    flush_grid(t, &g);
}

/* One exposure row: now, or (p != NULL) from a pending allocation's block. */
static void exposure_row(rr_grid *g, const json_t *s, const json_t *e, const json_t *p) {
    char set[RR_TEXT_MAX], from[2 * RR_TEXT_MAX], pct[RR_TEXT_MAX], tok[RR_TEXT_MAX], raw[RR_TEXT_MAX];
    rr_field(e, "operatorSetId", set);
    const json_t *at = p ? p : e;
    if (p) {
        char b[RR_TEXT_MAX];
        rr_field(p, "effectBlock", b);
        snprintf(from, sizeof from, "block %s", b);
    } else {
        snprintf(from, sizeof from, "now");
    }
    rr_percent(rr_str(at, "slashableWad"), pct);
    rr_tokens(rr_str(at, "slashableTokens"), rr_decimals(s), tok);
    rr_raw(rr_str(at, "slashableTokens"), raw);
    const char *dest = rr_str(e, "destination");
    ROW(g, rr_str(s, "strategy"), rr_str(e, "avs"), set, dest ? dest : "-", from, pct, tok, raw);
}

static size_t staker_exposures(const tab_ctx *t, const json_t *strats) {
    static const char *const heads[] = {"strategy", "avs", "set", "destination", "from",
                                        "slashable", "slashable tokens", "slashable tokens (raw)"};
    rr_grid g;
    rr_grid_init(&g, 8, heads, "llrllrrr");
    size_t n = 0;
    for (size_t i = 0; i < rr_len(strats); i++) {
        const json_t *s = json_array_get(strats, i);
        const json_t *ex = rr_arr(s, "exposures");
        for (size_t j = 0; j < rr_len(ex); j++, n++) {
            const json_t *e = json_array_get(ex, j);
            exposure_row(&g, s, e, NULL);
            const json_t *pend = rr_arr(e, "pending");
            for (size_t k = 0; k < rr_len(pend); k++) exposure_row(&g, s, e, json_array_get(pend, k));
        }
    }
    section(t, "Exposure per operator set", n);
    flush_grid(t, &g);
    return n;
}

static void staker_slashers(const tab_ctx *t, const json_t *strats) {
    static const char *const heads[] = {"avs", "set", "redistributing", "slasher",
                                        "pending slasher", "from block", "recipient"};
    rr_grid g;
    rr_grid_init(&g, 7, heads, "lrlllrl");
    size_t n = 0;
    for (size_t i = 0; i < rr_len(strats); i++) {
        const json_t *ex = rr_arr(json_array_get(strats, i), "exposures");
        for (size_t j = 0; j < rr_len(ex); j++, n++) {
            const json_t *e = json_array_get(ex, j);
            char set[RR_TEXT_MAX], red[RR_TEXT_MAX], ps[RR_TEXT_MAX], eb[RR_TEXT_MAX];
            rr_field(e, "operatorSetId", set);
            rr_field(e, "redistributing", red);
            rr_field(e, "pendingSlasher", ps);
            rr_field(e, "slasherEffectBlock", eb);
            ROW(&g, rr_str(e, "avs"), set, red, rr_str(e, "slasher"), ps, eb, rr_str(e, "recipient"));
        }
    }
    section(t, "Slashers and recipients", n);
    flush_grid(t, &g);
}

/* The strategy item of strats named `strategy` (for its decimals). */
static const json_t *find_strategy(const json_t *strats, const char *strategy) {
    for (size_t i = 0; strategy && i < rr_len(strats); i++) {
        const char *s = rr_str(json_array_get(strats, i), "strategy");
        if (s && strcmp(s, strategy) == 0) return json_array_get(strats, i);
    }
    return NULL;
}

static void staker_escape(const tab_ctx *t, const json_t *esc, const json_t *strats) {
    char q[RR_TEXT_MAX], c[RR_TEXT_MAX];
    rr_field(esc, "queueBlock", q);
    rr_field(esc, "completableBlock", c);
    long long qb, cb;
    heading(t, "Escape window");
    fprintf(t->out, "A full withdrawal queued at block ");
    put_text(t, q);
    fprintf(t->out, " completes from block ");
    put_text(t, c);
    if (rr_int(esc, "queueBlock", &qb) && rr_int(esc, "completableBlock", &cb) && cb >= qb)
        fprintf(t->out, " (%lld blocks)", cb - qb);
    fprintf(t->out, ".\n");

    static const char *const eh[] = {"block", "event", "avs", "set", "strategy"};
    rr_grid g;
    rr_grid_init(&g, 5, eh, "rllrl");
    const json_t *ev = rr_arr(esc, "events");
    for (size_t i = 0; i < rr_len(ev); i++) {
        const json_t *e = json_array_get(ev, i);
        char b[RR_TEXT_MAX], set[RR_TEXT_MAX], ty[RR_TEXT_MAX], st[RR_TEXT_MAX];
        rr_field(e, "block", b);
        rr_field(e, "operatorSetId", set);
        rr_field(e, "type", ty);
        rr_field(e, "strategy", st);
        ROW(&g, b, ty, rr_str(e, "avs"), set, st);
    }
    section(t, "Changes taking effect before completion", rr_len(ev));
    flush_grid(t, &g);

    static const char *const wh[] = {"strategy", "tokens now", "tokens at completion", "loss",
                                     "loss (raw)"};
    rr_grid_init(&g, 5, wh, "lrrrr");
    const json_t *wc = rr_arr(esc, "worstCase");
    for (size_t i = 0; i < rr_len(wc); i++) {
        const json_t *w = json_array_get(wc, i);
        const char *now = rr_str(w, "tokensNow"), *end = rr_str(w, "tokensAtCompletion");
        int dec = rr_decimals(find_strategy(strats, rr_str(w, "strategy")));
        char a[RR_TEXT_MAX], b[RR_TEXT_MAX], loss[RR_TEXT_MAX], l[RR_TEXT_MAX], lr[RR_TEXT_MAX];
        rr_tokens(now, dec, a);
        rr_tokens(end, dec, b);
        rr_sub(now, end, loss);
        rr_tokens(loss, dec, l);
        rr_raw(loss, lr);
        ROW(&g, rr_str(w, "strategy"), a, b, l, lr);
    }
    section(t, "Worst case: every exposed set slashes 100% before completion", rr_len(wc));
    flush_grid(t, &g);
    for (size_t i = 0; i < rr_len(wc); i++) {
        const json_t *w = json_array_get(wc, i);
        char until[RR_TEXT_MAX];
        if (json_is_null(json_object_get(w, "lockedUntil")) || !json_object_get(w, "lockedUntil")) continue;
        rr_field(w, "lockedUntil", until);
        fprintf(t->out, "Locked: ");
        put_text(t, rr_str(w, "strategy"));
        fprintf(t->out, " is a duration vault in its allocations phase: its shares cannot be queued before "
                        "timestamp %s; its worst case counts every allocation.\n", until);
    }
}

static void render_staker(const tab_ctx *t, const json_t *r) {
    title_line(t, r, "Staker", rr_str(r, "staker"));
    const char *op = rr_str(r, "operator");
    fprintf(t->out, "Operator: ");
    put_text(t, op ? op : "none");
    fprintf(t->out, "%s\n", rr_true(r, "delegated") ? " (delegated)" : " (not delegated)");
    const json_t *strats = rr_arr(r, "strategies");
    staker_strategies(t, strats);
    staker_exposures(t, strats);
    staker_slashers(t, strats);
    staker_escape(t, rr_obj(r, "escape"), strats);
}

/* ---- operator ---- */

static void render_operator(const tab_ctx *t, const json_t *r) {
    title_line(t, r, "Operator", rr_str(r, "operator"));
    fprintf(t->out, "Redistributable: %s\n", rr_true(r, "redistributable") ? "yes" : "no");
    field_line(t, "Allocation delay (blocks)", r, "allocationDelay");
    const json_t *pd = rr_obj(r, "allocationDelayPending");
    if (pd) {
        char d[RR_TEXT_MAX], b[RR_TEXT_MAX];
        rr_field(pd, "delay", d);
        rr_field(pd, "effectBlock", b);
        fprintf(t->out, "Pending allocation delay: ");
        put_text(t, d);
        fprintf(t->out, " blocks from block ");
        put_text(t, b);
        fputc('\n', t->out);
    }
    field_line(t, "Delegated stakers", r, "stakerCount");

    static const char *const sh[] = {"avs", "set", "redistributing", "registered", "strategy",
                                     "from", "allocated", "slashable tokens", "slashable tokens (raw)"};
    rr_grid g;
    rr_grid_init(&g, 9, sh, "lrlllrrrr");
    const json_t *sets = rr_arr(r, "sets");
    for (size_t i = 0; i < rr_len(sets); i++) {
        const json_t *s = json_array_get(sets, i);
        char set[RR_TEXT_MAX], red[RR_TEXT_MAX], reg[RR_TEXT_MAX];
        rr_field(s, "operatorSetId", set);
        rr_field(s, "redistributing", red);
        rr_field(s, "registered", reg);
        const json_t *st = rr_arr(s, "strategies");
        for (size_t j = 0; j < rr_len(st); j++) {
            const json_t *x = json_array_get(st, j);
            char pct[RR_TEXT_MAX], tok[RR_TEXT_MAX], raw[RR_TEXT_MAX];
            rr_percent(rr_str(x, "fractionWad"), pct);
            rr_tokens(rr_str(x, "slashableTokens"), rr_decimals(x), tok);
            rr_raw(rr_str(x, "slashableTokens"), raw);
            ROW(&g, rr_str(s, "avs"), set, red, reg, rr_str(x, "strategy"), "now", pct, tok, raw);
            const json_t *pend = rr_arr(x, "pending");
            for (size_t k = 0; k < rr_len(pend); k++) {
                const json_t *p = json_array_get(pend, k);
                char b[RR_TEXT_MAX], from[2 * RR_TEXT_MAX], mag[RR_TEXT_MAX];
                rr_field(p, "effectBlock", b);
                snprintf(from, sizeof from, "block %s", b);
                /* A pending magnitude is a fraction of the same max magnitude
                 * only when that is 1e18, the max before any slash. */
                const char *max = rr_str(x, "maxMagnitude");
                if (max && strcmp(max, "1000000000000000000") == 0)
                    rr_percent(rr_str(p, "magnitude"), mag);
                else
                    rr_raw(rr_str(p, "magnitude"), mag);
                ROW(&g, rr_str(s, "avs"), set, red, reg, rr_str(x, "strategy"), from, mag, "-", "-");
            }
        }
    }
    section(t, "Allocations per operator set", rr_len(sets));
    flush_grid(t, &g);

    static const char *const eh[] = {"strategy", "delegated shares", "slashable shares",
                                     "slashable tokens", "slashable tokens (raw)"};
    rr_grid_init(&g, 5, eh, "lrrrr");
    const json_t *ex = rr_arr(r, "exposure");
    for (size_t i = 0; i < rr_len(ex); i++) {
        const json_t *x = json_array_get(ex, i);
        char d[RR_TEXT_MAX], s[RR_TEXT_MAX], tok[RR_TEXT_MAX], raw[RR_TEXT_MAX];
        rr_raw(rr_str(x, "delegatedShares"), d);
        rr_raw(rr_str(x, "slashableShares"), s);
        rr_tokens(rr_str(x, "slashableTokens"), rr_decimals(x), tok);
        rr_raw(rr_str(x, "slashableTokens"), raw);
        ROW(&g, rr_str(x, "strategy"), d, s, tok, raw);
    }
    section(t, "Delegated stakers' exposure", rr_len(ex));
    flush_grid(t, &g);
}

/* ---- operator set ---- */

static void render_set(const tab_ctx *t, const json_t *r) {
    char id[RR_TEXT_MAX], subject[2 * RR_TEXT_MAX];
    rr_field(r, "operatorSetId", id);
    const char *avs = rr_str(r, "avs");
    snprintf(subject, sizeof subject, "%s:%s", avs ? avs : "-", id);
    title_line(t, r, "Operator set", subject);
    fprintf(t->out, "Redistributing: %s\n", rr_true(r, "redistributing") ? "yes" : "no");
    field_line(t, "Recipient", r, "recipient");
    field_line(t, "Slasher", r, "slasher");
    if (rr_str(r, "pendingSlasher")) {
        field_line(t, "Pending slasher", r, "pendingSlasher");
        field_line(t, "Pending slasher from block", r, "slasherEffectBlock");
    }

    static const char *const mh[] = {"operator"};
    rr_grid g;
    rr_grid_init(&g, 1, mh, "l");
    const json_t *mem = rr_arr(r, "members");
    for (size_t i = 0; i < rr_len(mem); i++) {
        const json_t *m = json_array_get(mem, i);
        ROW(&g, json_is_string(m) ? json_string_value(m) : "-");
    }
    section(t, "Members", rr_len(mem));
    flush_grid(t, &g);

    static const char *const sh[] = {"strategy", "token", "slashable shares"};
    rr_grid_init(&g, 3, sh, "llr");
    const json_t *st = rr_arr(r, "strategies");
    for (size_t i = 0; i < rr_len(st); i++) {
        const json_t *x = json_array_get(st, i);
        char s[RR_TEXT_MAX];
        rr_raw(rr_str(x, "slashableShares"), s);
        const char *token = rr_str(x, "token");
        ROW(&g, rr_str(x, "strategy"), token ? token : "beacon chain ETH", s);
    }
    section(t, "Slashable stake", rr_len(st));
    flush_grid(t, &g);

    static const char *const dh[] = {"block", "operator", "strategy", "shares", "tokens", "tokens (raw)"};
    rr_grid_init(&g, 6, dh, "rllrrr");
    const json_t *dr = rr_arr(r, "drain");
    for (size_t i = 0; i < rr_len(dr); i++) {
        const json_t *d = json_array_get(dr, i);
        char b[RR_TEXT_MAX];
        rr_field(d, "block", b);
        for (int part = 0; part < 2; part++) {
            const json_t *rows = rr_arr(d, part ? "byOperator" : "total");
            for (size_t j = 0; j < rr_len(rows); j++) {
                const json_t *x = json_array_get(rows, j);
                int dec = rr_decimals(find_strategy(st, rr_str(x, "strategy")));
                char sh2[RR_TEXT_MAX], tok[RR_TEXT_MAX], raw[RR_TEXT_MAX];
                rr_raw(rr_str(x, "shares"), sh2);
                rr_tokens(rr_str(x, "tokens"), dec, tok);
                rr_raw(rr_str(x, "tokens"), raw);
                ROW(&g, b, part ? rr_str(x, "operator") : "all", rr_str(x, "strategy"), sh2, tok, raw);
            }
        }
    }
    section(t, "Drain bound: what a compromised slasher and recipient could take, by block", rr_len(dr));
    flush_grid(t, &g);
}

/* ---- AVS ---- */

static void render_avs(const tab_ctx *t, const json_t *r) {
    title_line(t, r, "AVS", rr_str(r, "avs"));
    static const char *const h[] = {"set", "redistributing", "members", "slasher", "recipient",
                                    "strategy", "slashable tokens", "slashable tokens (raw)"};
    rr_grid g;
    rr_grid_init(&g, 8, h, "rlrlllrr");
    const json_t *sets = rr_arr(r, "sets");
    for (size_t i = 0; i < rr_len(sets); i++) {
        const json_t *s = json_array_get(sets, i);
        char id[RR_TEXT_MAX], red[RR_TEXT_MAX], mc[RR_TEXT_MAX];
        rr_field(s, "operatorSetId", id);
        rr_field(s, "redistributing", red);
        rr_field(s, "memberCount", mc);
        const json_t *st = rr_arr(s, "strategies");
        if (rr_len(st) == 0) ROW(&g, id, red, mc, rr_str(s, "slasher"), rr_str(s, "recipient"), "-", "-", "-");
        for (size_t j = 0; j < rr_len(st); j++) {
            const json_t *x = json_array_get(st, j);
            char tok[RR_TEXT_MAX], raw[RR_TEXT_MAX];
            rr_tokens(rr_str(x, "slashableTokens"), rr_decimals(x), tok);
            rr_raw(rr_str(x, "slashableTokens"), raw);
            ROW(&g, id, red, mc, rr_str(s, "slasher"), rr_str(s, "recipient"), rr_str(x, "strategy"),
                tok, raw);
        }
    }
    section(t, "Operator sets", rr_len(sets));
    flush_grid(t, &g);
}

/* ---- what-if ---- */

static void render_whatif(const tab_ctx *t, const json_t *r) {
    char id[RR_TEXT_MAX], at[RR_TEXT_MAX], subject[3 * RR_TEXT_MAX];
    rr_field(r, "operatorSetId", id);
    rr_field(r, "atBlock", at);
    const char *avs = rr_str(r, "avs");
    snprintf(subject, sizeof subject, "slash of %s:%s at block %s, read", avs ? avs : "-", id, at);
    title_line(t, r, "What-if", subject);

    static const char *const slh[] = {"operator", "strategy", "wad", "fraction"};
    rr_grid g;
    rr_grid_init(&g, 4, slh, "llrr");
    const json_t *sl = rr_arr(r, "slashes");
    for (size_t i = 0; i < rr_len(sl); i++) {
        const json_t *s = json_array_get(sl, i);
        const json_t *st = rr_arr(s, "strategies"), *wads = rr_arr(s, "wads");
        for (size_t j = 0; j < rr_len(st); j++) {
            const json_t *sj = json_array_get(st, j), *wj = json_array_get(wads, j);
            const char *w = json_is_string(wj) ? json_string_value(wj) : NULL;
            char pct[RR_TEXT_MAX];
            rr_percent(w, pct);
            ROW(&g, rr_str(s, "operator"), json_is_string(sj) ? json_string_value(sj) : "-", w, pct);
        }
    }
    section(t, "Slashes", rr_len(sl));
    flush_grid(t, &g);

    static const char *const sh[] = {"staker", "operator", "strategy", "tokens before",
                                     "tokens after", "lost", "lost (raw)"};
    rr_grid_init(&g, 7, sh, "lllrrrr");
    const json_t *stk = rr_arr(r, "stakers");
    for (size_t i = 0; i < rr_len(stk); i++) {
        const json_t *s = json_array_get(stk, i);
        int dec = rr_decimals(s);
        char b[RR_TEXT_MAX], a[RR_TEXT_MAX], l[RR_TEXT_MAX], lr[RR_TEXT_MAX];
        rr_tokens(rr_str(s, "tokensBefore"), dec, b);
        rr_tokens(rr_str(s, "tokensAfter"), dec, a);
        rr_tokens(rr_str(s, "lost"), dec, l);
        rr_raw(rr_str(s, "lost"), lr);
        ROW(&g, rr_str(s, "staker"), rr_str(s, "operator"), rr_str(s, "strategy"), b, a, l, lr);
    }
    section(t, "Stakers' losses", rr_len(stk));
    flush_grid(t, &g);

    static const char *const oh[] = {"operator", "strategy", "shares before", "shares after",
                                     "slashed shares"};
    rr_grid_init(&g, 5, oh, "llrrr");
    const json_t *ops = rr_arr(r, "operators");
    for (size_t i = 0; i < rr_len(ops); i++) {
        const json_t *o = json_array_get(ops, i);
        char b[RR_TEXT_MAX], a[RR_TEXT_MAX], s[RR_TEXT_MAX];
        rr_raw(rr_str(o, "operatorSharesBefore"), b);
        rr_raw(rr_str(o, "operatorSharesAfter"), a);
        rr_raw(rr_str(o, "slashedShares"), s);
        ROW(&g, rr_str(o, "operator"), rr_str(o, "strategy"), b, a, s);
    }
    section(t, "Operators", rr_len(ops));
    flush_grid(t, &g);

    const json_t *d = rr_obj(r, "destination");
    const char *addr = rr_str(d, "address");
    heading(t, "Destination");
    fprintf(t->out, "Slashed tokens %s ",
            rr_true(d, "redistributing") ? "are redistributed to" : "are burnt at");
    put_text(t, addr ? addr : "-");
    fputc('\n', t->out);
    static const char *const dh[] = {"strategy", "shares", "tokens", "tokens (raw)"};
    rr_grid_init(&g, 4, dh, "lrrr");
    const json_t *bs = rr_arr(d, "byStrategy");
    for (size_t i = 0; i < rr_len(bs); i++) {
        const json_t *x = json_array_get(bs, i);
        char s[RR_TEXT_MAX], tok[RR_TEXT_MAX], raw[RR_TEXT_MAX];
        rr_raw(rr_str(x, "shares"), s);
        rr_tokens(rr_str(x, "tokens"), rr_decimals(x), tok);
        rr_raw(rr_str(x, "tokens"), raw);
        ROW(&g, rr_str(x, "strategy"), s, tok, raw);
    }
    flush_grid(t, &g);
}

/* ---- every staker ---- */

static void render_all(const tab_ctx *t, const json_t *r) {
    char n[RR_TEXT_MAX];
    const json_t *stk = rr_arr(r, "stakers");
    snprintf(n, sizeof n, "%zu stakers", rr_len(stk));
    title_line(t, r, "Risk of", n);
    static const char *const h[] = {"staker", "operator", "strategy", "tokens", "exposed sets",
                                    "worst-case loss", "worst-case loss (raw)", "completes"};
    rr_grid g;
    rr_grid_init(&g, 8, h, "lllrrrrr");
    for (size_t i = 0; i < rr_len(stk); i++) {
        const json_t *s = json_array_get(stk, i);
        const json_t *esc = rr_obj(s, "escape"), *strats = rr_arr(s, "strategies");
        const json_t *wc = rr_arr(esc, "worstCase");
        char done[RR_TEXT_MAX];
        rr_field(esc, "completableBlock", done);
        for (size_t j = 0; j < rr_len(strats); j++) {
            const json_t *x = json_array_get(strats, j);
            const char *strategy = rr_str(x, "strategy");
            int dec = rr_decimals(x);
            char tok[RR_TEXT_MAX], sets[RR_TEXT_MAX], loss[RR_TEXT_MAX], l[RR_TEXT_MAX], lr[RR_TEXT_MAX];
            rr_tokens(rr_str(x, "tokens"), dec, tok);
            snprintf(sets, sizeof sets, "%zu", rr_len(rr_arr(x, "exposures")));
            const json_t *w = find_strategy(wc, strategy);
            rr_sub(rr_str(w, "tokensNow"), rr_str(w, "tokensAtCompletion"), loss);
            rr_tokens(loss, dec, l);
            rr_raw(loss, lr);
            const char *op = rr_str(s, "operator");
            ROW(&g, rr_str(s, "staker"), op ? op : "none", strategy, tok, sets, l, lr, done);
        }
    }
    section(t, "Stakers", rr_len(stk));
    flush_grid(t, &g);
}

int rr_render_tables(const json_t *report, FILE *out, unsigned width, bool html, char *err,
                     size_t errlen) {
    static const struct {
        const char *kind;
        void (*render)(const tab_ctx *, const json_t *);
    } kinds[] = {{"staker", render_staker}, {"operator", render_operator}, {"set", render_set},
                 {"avs", render_avs},       {"whatif", render_whatif},     {"all", render_all}};
    const char *kind = rr_str(report, "kind");
    tab_ctx t = {out, width, html};
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(kind, kinds[i].kind) == 0) {
            kinds[i].render(&t, report);
            return 0;
        }
    }
    /* The kind as the report spells it, cut short and without control bytes. */
    char shown[41] = "";
    for (size_t i = 0; kind && kind[i] && i + 1 < sizeof shown; i++)
        shown[i] = (unsigned char)kind[i] < 0x20 || kind[i] == 0x7f ? '?' : kind[i];
    if (kind)
        snprintf(err, errlen, "risk report: unknown kind \"%s\"", shown);
    else
        snprintf(err, errlen, "risk report: unknown kind (none)");
    return -1;
}

int rs_risk_render_table_width(const json_t *report, FILE *out, unsigned width, char *err,
                               size_t errlen) {
    return rr_render_tables(report, out, width, false, err, errlen);
}

int rs_risk_render_table(const json_t *report, FILE *out, char *err, size_t errlen) {
    unsigned width = 0;
    struct winsize ws;
    if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0) width = ws.ws_col;
    return rs_risk_render_table_width(report, out, width, err, errlen);
}
