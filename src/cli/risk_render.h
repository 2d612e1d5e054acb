/* Presentation of a risk report (docs/risk.md): the report is the JSON
 * document the engine builds (and `--json` prints unchanged); these turn it
 * into a readable terminal table or a self-contained HTML page. */
#ifndef RESTAKE_CLI_RISK_RENDER_H
#define RESTAKE_CLI_RISK_RENDER_H

#include <jansson.h>
#include <stdio.h>

/* Writes `report` as aligned text tables to `out`. Returns 0, or -1 with a
 * one-line reason in err (a report of an unknown "kind"). */
int rs_risk_render_table(const json_t *report, FILE *out, char *err, size_t errlen);
/* The same for a terminal `width` columns wide: a table wider than that
 * prints its addresses shortened (0: never). rs_risk_render_table passes the
 * width of `out` when it is a terminal, else 0. */
int rs_risk_render_table_width(const json_t *report, FILE *out, unsigned width, char *err,
                               size_t errlen);

/* Writes `report` as one HTML file at `path` (inline CSS, SVG charts and
 * the report JSON; no external resource). Returns 0, or -1 with the reason
 * in err (the file could not be written). */
int rs_risk_render_html(const json_t *report, const char *path, char *err, size_t errlen);

#endif
