/* Aligned text tables (risk_render_grid.h). */
#include "cli/risk_render_grid.h"

#include "cli/risk_render_fmt.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define GRID_GAP 2 /* spaces between columns */

void rr_grid_init(rr_grid *g, size_t ncols, const char *const *heads, const char *align) {
    assert(ncols > 0 && ncols <= RS_RISK_RENDER_COLS_MAX && strlen(align) == ncols);
    memset(g, 0, sizeof *g);
    g->ncols = ncols;
    for (size_t c = 0; c < ncols; c++) {
        g->head[c] = heads[c];
        g->right[c] = align[c] == 'r';
    }
}

/* A copy of s fit for a terminal: no control bytes, at most
 * RS_RISK_RENDER_CELL_MAX - 1 bytes. */
static char *clean_copy(const char *s) {
    if (!s) s = "-";
    size_t n = strnlen(s, RS_RISK_RENDER_CELL_MAX - 1);
    char *c = malloc(n + 1);
    if (!c) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        c[i] = b < 0x20 || b == 0x7f ? '?' : (char)b;
    }
    c[n] = 0;
    return c;
}

void rr_grid_row(rr_grid *g, const char *const *cells) {
    if (g->oom || g->nrows >= RS_RISK_RENDER_ROWS_MAX) {
        g->dropped++;
        return;
    }
    if (g->nrows == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 8;
        char **p = realloc(g->cell, cap * g->ncols * sizeof *p);
        if (!p) {
            g->oom = true;
            g->dropped++;
            return;
        }
        g->cell = p;
        g->cap = cap;
    }
    char **row = g->cell + g->nrows * g->ncols;
    for (size_t c = 0; c < g->ncols; c++) row[c] = clean_copy(cells[c]);
    g->nrows++;
}

/* Display columns of UTF-8 text s (continuation bytes take none). */
static size_t text_width(const char *s) {
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

/* The text a cell prints as: shortened when it is an address and `brief`. */
static const char *shown(const char *s, bool brief, char buf[RR_TEXT_MAX]) {
    if (!s) return "-";
    if (!brief || !rr_is_address(s)) return s;
    rr_short_address(s, buf);
    return buf;
}

/* Widths of every column into w; returns the table's whole width. */
static size_t measure(const rr_grid *g, bool brief, size_t *w) {
    char buf[RR_TEXT_MAX];
    size_t total = 0;
    for (size_t c = 0; c < g->ncols; c++) {
        w[c] = text_width(g->head[c]);
        for (size_t r = 0; r < g->nrows; r++) {
            size_t x = text_width(shown(g->cell[r * g->ncols + c], brief, buf));
            if (x > w[c]) w[c] = x;
        }
        total += w[c] + (c ? GRID_GAP : 0);
    }
    return total;
}

static void print_cell(FILE *out, const char *s, size_t width, bool right, bool last) {
    size_t pad = width - text_width(s);
    if (right) fprintf(out, "%*s", (int)pad, "");
    fputs(s, out);
    if (!right && !last) fprintf(out, "%*s", (int)pad, "");
}

void rr_grid_print(const rr_grid *g, FILE *out, unsigned width) {
    size_t w[RS_RISK_RENDER_COLS_MAX];
    bool brief = width > 0 && measure(g, false, w) > width;
    size_t total = measure(g, brief, w);
    char buf[RR_TEXT_MAX];
    for (size_t c = 0; c < g->ncols; c++) {
        if (c) fprintf(out, "%*s", GRID_GAP, "");
        print_cell(out, g->head[c], w[c], g->right[c], c + 1 == g->ncols);
    }
    fputc('\n', out);
    for (size_t i = 0; i < total; i++) fputc('-', out);
    fputc('\n', out);
    for (size_t r = 0; r < g->nrows; r++) {
        for (size_t c = 0; c < g->ncols; c++) {
            if (c) fprintf(out, "%*s", GRID_GAP, "");
            print_cell(out, shown(g->cell[r * g->ncols + c], brief, buf), w[c], g->right[c],
                       c + 1 == g->ncols);
        }
        fputc('\n', out);
    }
    if (g->dropped) fprintf(out, "(%zu more rows not shown)\n", g->dropped);
}

void rr_grid_print_html(const rr_grid *g, FILE *out) {
    fputs("<table><thead><tr>", out);
    for (size_t c = 0; c < g->ncols; c++) {
        fputs(g->right[c] ? "<th class=\"r\">" : "<th>", out);
        rr_html_text(out, g->head[c]);
        fputs("</th>", out);
    }
    fputs("</tr></thead><tbody>", out);
    size_t rows = g->nrows < RS_RISK_HTML_ROWS_MAX ? g->nrows : RS_RISK_HTML_ROWS_MAX;
    for (size_t r = 0; r < rows; r++) {
        fputs("<tr>", out);
        for (size_t c = 0; c < g->ncols; c++) {
            const char *cell = g->cell[r * g->ncols + c];
            fputs(g->right[c] ? "<td class=\"r\">" : "<td>", out);
            if (rr_is_address(cell)) {
                /* Short in the table, whole on hover and in the embedded JSON. */
                char brief[RR_TEXT_MAX];
                rr_short_address(cell, brief);
                fprintf(out, "<abbr title=\"%s\">%s</abbr>", cell, brief);
            } else {
                rr_html_text(out, cell);
            }
            fputs("</td>", out);
        }
        fputs("</tr>", out);
    }
    fputs("</tbody></table>", out);
    size_t more = g->dropped + (g->nrows - rows);
    if (more) fprintf(out, "<p>(%zu more rows not shown; the report JSON in this page has them all)</p>", more);
}

void rr_grid_free(rr_grid *g) {
    for (size_t i = 0; i < g->nrows * g->ncols; i++) free(g->cell[i]);
    free(g->cell);
    memset(g, 0, sizeof *g);
}
