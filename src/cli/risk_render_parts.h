/* The parts the HTML risk page is assembled from (risk_render_html.c). */
#ifndef RESTAKE_CLI_RISK_RENDER_PARTS_H
#define RESTAKE_CLI_RISK_RENDER_PARTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* The tables of rs_risk_render_table_width; with `html`, as HTML headings,
 * lines and <table>s (every report string escaped). */
int rr_render_tables(const json_t *report, FILE *out, unsigned width, bool html, char *err,
                     size_t errlen);

/* The charts of one report kind, each an <svg class="chart"> in a <figure>.
 * Returns how many were drawn (the page checks them all arrived); an unknown
 * kind draws none. */
int rr_render_charts(const json_t *report, FILE *out);

#endif
