/* Ethereum state tests (ethereum/tests GeneralStateTests format), Cancun
 * entries: each post.Cancun entry's transaction is applied to a fresh world
 * built from `pre`, and the state root and logs hash are compared with the
 * expected ones. One line per entry goes to `out`:
 *     PASS <name> Cancun <d> <g> <v>
 *     FAIL <name> Cancun <d> <g> <v> <reason>
 * (<name> with whitespace replaced by '_'); diagnostics go to `diag`. */
#ifndef RESTAKE_STATETEST_H
#define RESTAKE_STATETEST_H

#include <stdio.h>

typedef struct {
    unsigned long pass, fail;
} rs_statetest_counts;

/* Runs every test of one file. Returns 0 when every entry passed, 1 when
 * some failed, 2 when the file could not be read or is not a test file
 * (a message on diag). */
int rs_statetest_run_file(const char *path, FILE *out, FILE *diag, rs_statetest_counts *counts);

#endif
