/* Conformance throughput and where it goes: steps per second on a vector
 * (default: the 1,043-step bench vector), then execution time per function
 * signature, most expensive first.
 *   bench_conformance [FILE] [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/runner.h"
#include "conformance/vector.h"
#include "../tests/file_util.h"

typedef struct {
    const char *name;
    double seconds;
    size_t count;
} bucket;

static int by_time(const void *a, const void *b) {
    double x = ((const bucket *)a)->seconds, y = ((const bucket *)b)->seconds;
    return x < y ? 1 : x > y ? -1 : 0;
}

int main(int argc, char **argv) {
    char dflt[512];
    vector_path(dflt, sizeof dflt, "bench/bench_slashing_424242.json");
    const char *path = argc > 1 ? argv[1] : dflt;
    size_t rounds = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 200;
    rs_vector v;
    char err[512];
    if (rs_vector_load(path, &v, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    rs_bench_result b;
    if (rs_runner_bench(&v, 2.0, &b) != 0) return 2;
    printf("%s: %.0f steps/s (%zu rounds of %zu steps, %.1f us/round)\n", v.file, b.steps_per_second, b.rounds,
           v.nsteps, b.seconds * 1e6 / (double)b.rounds);

    double *sec = calloc(v.nsteps ? v.nsteps : 1, sizeof *sec);
    bucket *bk = calloc(v.nsteps ? v.nsteps : 1, sizeof *bk);
    size_t nb = 0;
    double total = 0;
    if (!sec || !bk || rs_runner_profile(&v, rounds, sec) != 0) return 2;
    for (size_t i = 0; i < v.nsteps; i++) {
        const rs_step *s = &v.steps[i];
        const char *name = s->kind == RS_STEP_TX && s->function ? s->function : s->kind_name;
        size_t j = 0;
        while (j < nb && strcmp(bk[j].name, name) != 0) j++;
        if (j == nb) bk[nb++] = (bucket){name, 0, 0};
        bk[j].seconds += sec[i];
        bk[j].count++;
        total += sec[i];
    }
    qsort(bk, nb, sizeof *bk, by_time);
    printf("\n%7s %6s %10s  %s\n", "share", "steps", "us/step", "function");
    for (size_t j = 0; j < nb; j++)
        printf("%6.1f%% %6zu %10.2f  %s\n", 100 * bk[j].seconds / total, bk[j].count,
               1e6 * bk[j].seconds / (double)rounds / (double)bk[j].count, bk[j].name);
    free(sec);
    free(bk);
    rs_vector_free(&v);
    return 0;
}
