/* Vector loader and runner on arbitrary bytes: loading must fail cleanly
 * with a message or produce a vector the runner replays without crashing. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conformance/runner.h"
#include "conformance/vector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static FILE *sink;
    if (!sink) sink = fopen("/dev/null", "w");
    rs_vector v;
    char err[512];
    if (rs_vector_parse((const char *)data, size, "fuzz.json", &v, err, sizeof err) != 0) {
        if (err[0] == 0) __builtin_trap(); /* every failure must say why */
        return 0;
    }
    rs_runner_opts o;
    rs_runner_opts_default(&o);
    o.out = sink;
    o.all = true;
    rs_runner_result r;
    rs_runner_run(&v, &o, &r);
    if (r.matched + r.differing != r.steps) __builtin_trap();
    rs_vector_free(&v);
    return 0;
}
