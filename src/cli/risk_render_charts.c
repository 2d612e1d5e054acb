/* The charts of each report kind (risk_render_parts.h): which figures of
 * the report each chart draws. Bars and labels use short addresses; the
 * tables below the charts give them in full. */
#include "cli/risk_render_parts.h"

#include "cli/risk_render_svg.h"

#include <stdlib.h>
#include <string.h>

/* "0x15d3..6a65:3" for a set, into out. */
static void set_label(const char *avs, const json_t *item, char *out, size_t cap) {
    char a[RR_TEXT_MAX], id[RR_TEXT_MAX];
    rr_short_address(avs, a);
    rr_field(item, "operatorSetId", id);
    /* Both parts are short (an abbreviated address, a uint32), so the
     * precisions only tell the compiler the label cannot be cut. */
    snprintf(out, cap, "%.24s:%.12s", a, id);
}

/* The bar's label "<first> <strategy-short>" (a set or an actor, then a
 * strategy); the strategy is its scale group. */
static void pair_label(rr_bar *b, const char *first, const char *strategy) {
    char s[RR_TEXT_MAX];
    rr_short_address(strategy, s);
    snprintf(b->label, sizeof b->label, "%.60s  %.40s", first, s);
    snprintf(b->group, sizeof b->group, "%s", strategy ? strategy : "");
}

/* A bar slot, or NULL when the chart is full (the overflow is counted). */
static rr_bar *next_bar(rr_bar *bars, size_t *n, size_t *more) {
    if (*n >= RS_RISK_CHART_ITEMS_MAX) {
        (*more)++;
        return NULL;
    }
    rr_bar *b = &bars[(*n)++];
    memset(b, 0, sizeof *b);
    b->marker = -1;
    return b;
}

/* ---- staker: exposure per set, the escape window ---- */

static void staker_exposure(const json_t *r, FILE *out) {
    rr_bar *bars = calloc(RS_RISK_CHART_ITEMS_MAX, sizeof *bars);
    size_t n = 0, more = 0;
    const json_t *strats = rr_arr(r, "strategies");
    for (size_t i = 0; bars && i < rr_len(strats); i++) {
        const json_t *s = json_array_get(strats, i);
        int dec = rr_decimals(s);
        const json_t *ex = rr_arr(s, "exposures");
        for (size_t j = 0; j < rr_len(ex); j++) {
            const json_t *e = json_array_get(ex, j);
            rr_bar *b = next_bar(bars, &n, &more);
            if (!b) continue;
            char set[RR_TEXT_MAX], tok[RR_TEXT_MAX], pct[RR_TEXT_MAX];
            set_label(rr_str(e, "avs"), e, set, sizeof set);
            pair_label(b, set, rr_str(s, "strategy"));
            rr_tokens(rr_str(e, "slashableTokens"), dec, tok);
            rr_percent(rr_str(e, "slashableWad"), pct);
            b->value = rr_scaled(rr_str(e, "slashableTokens"), dec);
            b->alt = rr_true(e, "redistributing");
            const json_t *pend = rr_arr(e, "pending");
            const json_t *last = json_array_get(pend, rr_len(pend) ? rr_len(pend) - 1 : 0);
            if (last) {
                char pt[RR_TEXT_MAX], eb[RR_TEXT_MAX];
                rr_tokens(rr_str(last, "slashableTokens"), dec, pt);
                rr_field(last, "effectBlock", eb);
                b->marker = rr_scaled(rr_str(last, "slashableTokens"), dec);
                snprintf(b->note, sizeof b->note, "%s (%s) %s; %s from block %s", tok, pct,
                         b->alt ? "redistributable" : "burnable", pt, eb);
            } else {
                snprintf(b->note, sizeof b->note, "%s (%s) %s", tok, pct, b->alt ? "redistributable" : "burnable");
            }
        }
    }
    rr_svg_bars(out, "Slashable tokens per operator set (orange: redistributing; tick: after pending allocations)",
                bars, n, more);
    free(bars);
}

static void staker_escape(const json_t *r, FILE *out) {
    const json_t *esc = rr_obj(r, "escape");
    long long q = 0, c = 0;
    if (!rr_int(esc, "queueBlock", &q) && !rr_int(r, "block", &q)) q = 0;
    if (!rr_int(esc, "completableBlock", &c)) c = q;
    rr_mark *m = calloc(RS_RISK_CHART_ITEMS_MAX, sizeof *m);
    size_t n = 0;
    const json_t *ev = rr_arr(esc, "events");
    for (size_t i = 0; m && i < rr_len(ev) && n < RS_RISK_CHART_ITEMS_MAX; i++) {
        const json_t *e = json_array_get(ev, i);
        long long b;
        if (!rr_int(e, "block", &b)) continue;
        char set[RR_TEXT_MAX], ty[RR_TEXT_MAX];
        set_label(rr_str(e, "avs"), e, set, sizeof set);
        rr_field(e, "type", ty);
        m[n].block = b;
        snprintf(m[n].label, sizeof m[n].label, "%.40s %.60s", ty, set);
        n++;
    }
    char from[RR_TEXT_MAX], to[RR_TEXT_MAX];
    snprintf(from, sizeof from, "queue now: block %lld", q);
    snprintf(to, sizeof to, "withdrawal completes: block %lld", c);
    rr_svg_timeline(out, "Escape window: a full withdrawal queued now, and what changes before it completes", q, c,
                    from, to, m, m ? n : 0);
    free(m);
}

/* ---- operator: the share of its max magnitude allocated per set ---- */

static void operator_allocations(const json_t *r, FILE *out) {
    rr_bar *bars = calloc(RS_RISK_CHART_ITEMS_MAX, sizeof *bars);
    size_t n = 0, more = 0;
    const json_t *sets = rr_arr(r, "sets");
    for (size_t i = 0; bars && i < rr_len(sets); i++) {
        const json_t *s = json_array_get(sets, i);
        char set[RR_TEXT_MAX];
        set_label(rr_str(s, "avs"), s, set, sizeof set);
        const json_t *st = rr_arr(s, "strategies");
        for (size_t j = 0; j < rr_len(st); j++) {
            const json_t *x = json_array_get(st, j);
            rr_bar *b = next_bar(bars, &n, &more);
            if (!b) continue;
            char pct[RR_TEXT_MAX], tok[RR_TEXT_MAX];
            pair_label(b, set, rr_str(x, "strategy"));
            b->group[0] = 0; /* fractions of every strategy share one scale */
            rr_percent(rr_str(x, "fractionWad"), pct);
            rr_tokens(rr_str(x, "slashableTokens"), rr_decimals(x), tok);
            b->value = rr_scaled(rr_str(x, "fractionWad"), 16);
            b->alt = rr_true(s, "redistributing");
            const json_t *pend = rr_arr(x, "pending");
            const json_t *last = json_array_get(pend, rr_len(pend) ? rr_len(pend) - 1 : 0);
            const char *max = rr_str(x, "maxMagnitude");
            if (last && max && strcmp(max, "1000000000000000000") == 0)
                b->marker = rr_scaled(rr_str(last, "magnitude"), 16);
            snprintf(b->note, sizeof b->note, "%s allocated, %s tokens slashable", pct, tok);
        }
    }
    rr_svg_bars(out, "Share of max magnitude allocated per operator set (tick: after pending changes)", bars, n,
                more);
    free(bars);
}

/* ---- operator set: drain by operator now, the drain bound over blocks ---- */

static void set_by_operator(const json_t *r, FILE *out) {
    rr_bar *bars = calloc(RS_RISK_CHART_ITEMS_MAX, sizeof *bars);
    size_t n = 0, more = 0;
    const json_t *st = rr_arr(r, "strategies");
    const json_t *now = rr_arr(json_array_get(rr_arr(r, "drain"), 0), "byOperator");
    for (size_t i = 0; bars && i < rr_len(now); i++) {
        const json_t *x = json_array_get(now, i);
        rr_bar *b = next_bar(bars, &n, &more);
        if (!b) continue;
        int dec = RR_DEFAULT_DECIMALS;
        const char *strategy = rr_str(x, "strategy");
        for (size_t k = 0; strategy && k < rr_len(st); k++) {
            const char *sk = rr_str(json_array_get(st, k), "strategy");
            if (sk && strcmp(sk, strategy) == 0) dec = rr_decimals(json_array_get(st, k));
        }
        char op[RR_TEXT_MAX], tok[RR_TEXT_MAX];
        rr_short_address(rr_str(x, "operator"), op);
        pair_label(b, op, strategy);
        rr_tokens(rr_str(x, "tokens"), dec, tok);
        b->value = rr_scaled(rr_str(x, "tokens"), dec);
        b->alt = rr_true(r, "redistributing");
        snprintf(b->note, sizeof b->note, "%s tokens", tok);
    }
    rr_svg_bars(out, "Slashable tokens per operator and strategy now", bars, n, more);
    free(bars);
}

static void set_drain(const json_t *r, FILE *out) {
    rr_series *s = calloc(RR_SERIES_MAX, sizeof *s);
    size_t ns = 0;
    const json_t *st = rr_arr(r, "strategies");
    const json_t *dr = rr_arr(r, "drain");
    for (size_t k = 0; s && k < rr_len(st) && ns < RR_SERIES_MAX; k++) {
        const json_t *sk = json_array_get(st, k);
        const char *strategy = rr_str(sk, "strategy");
        if (!strategy) continue;
        rr_series *line = &s[ns++];
        char sa[RR_TEXT_MAX];
        rr_short_address(strategy, sa);
        const char *token = rr_str(sk, "token");
        char ta[RR_TEXT_MAX];
        rr_short_address(token, ta);
        snprintf(line->name, sizeof line->name, "%.20s (token %.20s)", sa, token ? ta : "ETH");
        for (size_t i = 0; i < rr_len(dr) && line->n < RS_RISK_CHART_ITEMS_MAX; i++) {
            const json_t *d = json_array_get(dr, i);
            long long b;
            if (!rr_int(d, "block", &b)) continue;
            const json_t *tot = rr_arr(d, "total");
            double v = 0;
            for (size_t j = 0; j < rr_len(tot); j++) {
                const char *tj = rr_str(json_array_get(tot, j), "strategy");
                if (tj && strcmp(tj, strategy) == 0)
                    v = rr_scaled(rr_str(json_array_get(tot, j), "tokens"), rr_decimals(sk));
            }
            line->block[line->n] = b;
            line->value[line->n++] = v;
        }
    }
    rr_svg_steps(out, "Drain bound: tokens a compromised slasher and recipient could take", s, s ? ns : 0,
                 "whole tokens");
    free(s);
}

/* ---- AVS: slashable tokens per set ---- */

static void avs_sets(const json_t *r, FILE *out) {
    rr_bar *bars = calloc(RS_RISK_CHART_ITEMS_MAX, sizeof *bars);
    size_t n = 0, more = 0;
    const json_t *sets = rr_arr(r, "sets");
    for (size_t i = 0; bars && i < rr_len(sets); i++) {
        const json_t *s = json_array_get(sets, i);
        char set[RR_TEXT_MAX];
        set_label(rr_str(r, "avs"), s, set, sizeof set);
        const json_t *st = rr_arr(s, "strategies");
        for (size_t j = 0; j < rr_len(st); j++) {
            const json_t *x = json_array_get(st, j);
            rr_bar *b = next_bar(bars, &n, &more);
            if (!b) continue;
            char tok[RR_TEXT_MAX];
            pair_label(b, set, rr_str(x, "strategy"));
            rr_tokens(rr_str(x, "slashableTokens"), rr_decimals(x), tok);
            b->value = rr_scaled(rr_str(x, "slashableTokens"), rr_decimals(x));
            b->alt = rr_true(s, "redistributing");
            snprintf(b->note, sizeof b->note, "%s tokens %s", tok, b->alt ? "redistributable" : "slashable");
        }
    }
    rr_svg_bars(out, "Slashable tokens per operator set and strategy (orange: redistributing)", bars, n, more);
    free(bars);
}

/* ---- what-if: each staker's loss ---- */

static void whatif_losses(const json_t *r, FILE *out) {
    rr_bar *bars = calloc(RS_RISK_CHART_ITEMS_MAX, sizeof *bars);
    size_t n = 0, more = 0;
    const json_t *stk = rr_arr(r, "stakers");
    for (size_t i = 0; bars && i < rr_len(stk); i++) {
        const json_t *s = json_array_get(stk, i);
        rr_bar *b = next_bar(bars, &n, &more);
        if (!b) continue;
        int dec = rr_decimals(s);
        char who[RR_TEXT_MAX], lost[RR_TEXT_MAX], before[RR_TEXT_MAX];
        rr_short_address(rr_str(s, "staker"), who);
        pair_label(b, who, rr_str(s, "strategy"));
        rr_tokens(rr_str(s, "lost"), dec, lost);
        rr_tokens(rr_str(s, "tokensBefore"), dec, before);
        b->value = rr_scaled(rr_str(s, "lost"), dec);
        b->alt = rr_true(rr_obj(r, "destination"), "redistributing");
        snprintf(b->note, sizeof b->note, "loses %s of %s tokens", lost, before);
    }
    rr_svg_bars(out, "What-if: tokens each staker loses", bars, n, more);
    free(bars);
}

/* ---- every staker: slashable tokens summed per set and strategy ---- */

static void all_exposure(const json_t *r, FILE *out) {
    rr_bar *bars = calloc(RS_RISK_CHART_ITEMS_MAX, sizeof *bars);
    size_t n = 0, more = 0;
    const json_t *stk = rr_arr(r, "stakers");
    for (size_t i = 0; bars && i < rr_len(stk); i++) {
        const json_t *strats = rr_arr(json_array_get(stk, i), "strategies");
        for (size_t j = 0; j < rr_len(strats); j++) {
            const json_t *s = json_array_get(strats, j);
            const json_t *ex = rr_arr(s, "exposures");
            for (size_t k = 0; k < rr_len(ex); k++) {
                const json_t *e = json_array_get(ex, k);
                char set[RR_TEXT_MAX];
                rr_bar probe;
                set_label(rr_str(e, "avs"), e, set, sizeof set);
                pair_label(&probe, set, rr_str(s, "strategy"));
                size_t at = 0;
                while (at < n && strcmp(bars[at].label, probe.label) != 0) at++;
                rr_bar *b = at < n ? &bars[at] : next_bar(bars, &n, &more);
                if (!b) continue;
                memcpy(b->label, probe.label, sizeof probe.label);
                memcpy(b->group, probe.group, sizeof probe.group);
                b->value += rr_scaled(rr_str(e, "slashableTokens"), rr_decimals(s));
                b->alt = b->alt || rr_true(e, "redistributing");
                snprintf(b->note, sizeof b->note, "%.6g tokens", b->value);
            }
        }
    }
    rr_svg_bars(out, "Slashable tokens of all stakers per operator set and strategy", bars, n, more);
    free(bars);
}

int rr_render_charts(const json_t *report, FILE *out) {
    static const struct {
        const char *kind;
        void (*chart[2])(const json_t *, FILE *);
    } kinds[] = {{"staker", {staker_exposure, staker_escape}}, {"operator", {operator_allocations, NULL}},
                 {"set", {set_by_operator, set_drain}},       {"avs", {avs_sets, NULL}},
                 {"whatif", {whatif_losses, NULL}},           {"all", {all_exposure, NULL}}};
    const char *kind = rr_str(report, "kind");
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(kind, kinds[i].kind) != 0) continue;
        int drawn = 0;
        for (int c = 0; c < 2 && kinds[i].chart[c]; c++, drawn++) kinds[i].chart[c](report, out);
        return drawn;
    }
    return 0;
}
