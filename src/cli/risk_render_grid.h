/* Aligned text tables for the risk report (risk_render_table.c): cells are
 * collected first so each column takes the width of its widest cell. */
#ifndef RESTAKE_CLI_RISK_RENDER_GRID_H
#define RESTAKE_CLI_RISK_RENDER_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "restake/limits.h"

typedef struct {
    size_t ncols, nrows, cap, dropped;
    char **cell; /* nrows * ncols copies, row-major */
    const char *head[RS_RISK_RENDER_COLS_MAX];
    bool right[RS_RISK_RENDER_COLS_MAX]; /* figures align right */
    bool oom;
} rr_grid;

/* `align` has one letter per column: 'l' or 'r'; heads has ncols names. */
void rr_grid_init(rr_grid *g, size_t ncols, const char *const *heads, const char *align);
/* One row of g->ncols cells (NULL prints "-"). Past RS_RISK_RENDER_ROWS_MAX
 * rows, the row is only counted. Control bytes print as '?'. */
void rr_grid_row(rr_grid *g, const char *const *cells);
/* Prints heads, a rule and the rows. width > 0 is the terminal's: when the
 * table is wider, full addresses in cells print shortened. */
void rr_grid_print(const rr_grid *g, FILE *out, unsigned width);
/* The same as an HTML <table>, every cell escaped; addresses print short
 * with the whole address as their title. */
void rr_grid_print_html(const rr_grid *g, FILE *out);
void rr_grid_free(rr_grid *g);

#endif
