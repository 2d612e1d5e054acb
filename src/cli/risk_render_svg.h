/* Inline SVG charts for the HTML risk page, drawn without any script or
 * external resource: horizontal bars, a step line over blocks and a block
 * timeline. Every text from a report is HTML-escaped. */
#ifndef RESTAKE_CLI_RISK_RENDER_SVG_H
#define RESTAKE_CLI_RISK_RENDER_SVG_H

#include "cli/risk_render_fmt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "restake/limits.h"

#define RR_SERIES_MAX 8 /* lines of one step chart; the rest is left out */

typedef struct {
    char label[RR_TEXT_MAX]; /* left of the bar */
    char note[6 * RR_TEXT_MAX]; /* right of the bar: the exact figure */
    double value;
    double marker; /* a second figure drawn as a tick on the bar; < 0: none */
    bool alt;      /* drawn in the warning colour (redistributing sets) */
    /* Bars of one group (one strategy's token) share a scale; amounts of
     * different tokens are not compared. */
    char group[RR_TEXT_MAX];
} rr_bar;

typedef struct {
    char name[RR_TEXT_MAX];
    size_t n;
    long long block[RS_RISK_CHART_ITEMS_MAX];
    double value[RS_RISK_CHART_ITEMS_MAX];
} rr_series;

typedef struct {
    long long block;
    char label[RR_TEXT_MAX];
} rr_mark;

/* Bars scaled to the largest value or marker of their group; `more` items
 * were left out. */
void rr_svg_bars(FILE *out, const char *title, const rr_bar *bars, size_t n, size_t more);
/* Each series as a step line in its own panel and scale: its value holds
 * from its block to the next. */
void rr_svg_steps(FILE *out, const char *title, const rr_series *s, size_t ns, const char *unit);
/* The span [from, to] as a bar with each mark at its block. */
void rr_svg_timeline(FILE *out, const char *title, long long from, long long to, const char *from_label,
                     const char *to_label, const rr_mark *m, size_t n);

#endif
