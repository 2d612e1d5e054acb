/* The risk engine in-process (docs/risk.md): the "all" report over a state
 * of 10^5 stakers, 100 operators and 50 operator sets (tests/risk_world.h),
 * and one staker's report on it. */
#include <stdio.h>
#include <stdlib.h>

#include "../tests/sim_fixture.h"
#include "../tests/risk_world.h"

#include "bench_util.h"
#include "risk/risk.h"
#include "risk/risk_state.h"

#define NSTAKERS 100000u
#define NOPS 100u
#define NSETS 50u

int main(void) {
    sim_world w;
    double t0 = bench_now_s();
    rw_build(&w, NSTAKERS, NOPS, NSETS);
    double setup = bench_now_s() - t0;
    rk_source s;
    rk_state_source_init(&s, &w.e, "node");
    double best = 1e9;
    size_t n = 0, bytes = 0;
    for (int r = 0; r < 3; r++) {
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
    printf("risk \"all\" report: %zu stakers, %u operators, %u sets: %.1f ms (best of 3; %.2f us/staker; %zu bytes "
           "of JSON; setup %.1f s, %zu state entries)\n",
           n, NOPS, NSETS, best * 1e3, best * 1e6 / (double)n, bytes, setup, rs_state_count(w.st));
    printf("risk staker report: %.1f us (best of 1000)\n", one * 1e6);
    sim_free(&w);
    return 0;
}
