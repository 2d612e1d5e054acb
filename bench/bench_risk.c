/* The risk engine in-process (docs/risk.md): the "all" report over a state
 * of 10^5 stakers, 100 operators and 50 operator sets (tests/risk_world.h)
 * as JSON text (rk_report_all_text) and, for comparison, as a jansson tree
 * (rk_report_all, what the RPC method serialises), and one staker's report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/sim_fixture.h"
#include "../tests/risk_world.h"

#include "bench_util.h"
#include "risk/risk.h"
#include "risk/risk_state.h"

#define NSTAKERS 100000u
#define NOPS 100u
#define NSETS 50u

/* CPU time of this process: on a shared machine the wall clock also
 * counts the time other processes hold the cores. */
static double cpu_now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(void) {
    sim_world w;
    double t0 = bench_now_s();
    rw_build(&w, NSTAKERS, NOPS, NSETS);
    double setup = bench_now_s() - t0;
    rk_source s;
    rk_state_source_init(&s, &w.e, "node");
    /* one buffer reused, as a process serving reports keeps it: the first
     * round also pays the kernel for fresh pages */
    double text_best = 1e9, text_first = 0, cpu_best = 1e9;
    size_t text_bytes = 0, n_text = 0;
    rs_buf b;
    rs_buf_init(&b);
    for (int r = 0; r < 5; r++) {
        rs_buf_reset(&b);
        double c0 = cpu_now_s();
        t0 = bench_now_s();
        if (rk_report_all_text(&s, &b)) {
            fprintf(stderr, "bench_risk: %s\n", s.err);
            return 1;
        }
        double t = bench_now_s() - t0, ct = cpu_now_s() - c0;
        if (ct < cpu_best) cpu_best = ct;
        text_bytes = b.len;
        if (r == 0) text_first = t;
        if (t < text_best) text_best = t;
    }
    for (const char *p = (const char *)b.p, *end = p + b.len; (p = memmem(p, (size_t)(end - p), "\"staker\":", 9));
         p += 9)
        n_text++;
    rs_buf_free(&b);
    double best = 1e9;
    size_t n = 0, bytes = 0;
    /* the tree takes seconds and gigabytes: RESTAKE_BENCH_RISK_TREE=0 skips it */
    const char *tree = getenv("RESTAKE_BENCH_RISK_TREE");
    for (int r = 0; r < (tree && !strcmp(tree, "0") ? 0 : 1); r++) {
        t0 = bench_now_s();
        json_t *all = rk_report_all(&s);
        double t = bench_now_s() - t0;
        if (!all) {
            fprintf(stderr, "bench_risk: %s\n", s.err);
            return 1;
        }
        n = json_array_size(json_object_get(all, "stakers"));
        if (r == 0) {
            char *d = json_dumps(all, JSON_COMPACT);
            bytes = d ? strlen(d) : 0;
            free(d);
        }
        json_decref(all);
        if (t < best) best = t;
    }
    double one = 1e9;
    for (int r = 0; r < 1000; r++) {
        t0 = bench_now_s();
        json_t *st = rk_report_staker(&s, rw_staker((uint32_t)r * 97));
        double t = bench_now_s() - t0;
        json_decref(st);
        if (t < one) one = t;
    }
    printf("risk \"all\" report: %zu stakers, %u operators, %u sets: %.1f ms CPU, %.1f ms wall as JSON text (best of 5; "
           "%.2f us CPU/staker; first round %.1f ms wall; %zu bytes; setup %.1f s, %zu state entries)\n",
           n_text, NOPS, NSETS, cpu_best * 1e3, text_best * 1e3, cpu_best * 1e6 / (double)n_text, text_first * 1e3,
           text_bytes, setup, rs_state_count(w.st));
    if (n) printf("risk \"all\" report as a jansson tree: %.1f ms (%zu stakers, %zu bytes once dumped)\n", best * 1e3, n, bytes);
    printf("risk staker report: %.1f us (best of 1000)\n", one * 1e6);
    rk_state_source_free(&s);
    sim_free(&w);
    return 0;
}
