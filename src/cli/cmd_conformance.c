/* restake conformance: replay conformance vectors and report differences. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conformance/rpc_runner.h"
#include "conformance/runner.h"
#include "conformance/vector.h"


static const char USAGE[] =
    "usage: restake conformance [options] FILE...\n"
    "\n"
    "Replays conformance vectors (restake-conformance/1) against a fresh state and\n"
    "compares status, return/revert data, every log and every view byte for byte.\n"
    "Per file it prints the first differing step's differences, decoded and named,\n"
    "and a summary line \"FILE: M/N steps match\".\n"
    "\n"
    "options:\n"
    "  --quiet         print only the summary line of each file\n"
    "  --verbose       print one line per step as it runs\n"
    "  --all           print the differences of every step, not only the first\n"
    "  --step N        stop after step N\n"
    "  --bench         execution throughput: decode once, run the steps repeatedly\n"
    "                  from a genesis clone, no comparison; prints steps per second\n"
    "  --seconds S     minimum CPU time measured by --bench (default 3)\n"
    "  --rpc URL       replay over JSON-RPC against a node started from the vector's\n"
    "                  genesis (restake devnet --in-memory --genesis FILE): txs are\n"
    "                  sent from impersonated senders, reverting ones only eth_call'ed;\n"
    "                  the node is restored to the genesis afterwards\n"
    "  --keep-state    with --rpc: leave the node at the state the replay built\n"
    "                  (to inspect it, e.g. with restake risk --rpc); one file only\n"
    "  -h, --help      this help\n"
    "\n"
    "exit status: 0 when every step of every file matches, 1 on any difference,\n"
    "2 on bad arguments, a file that cannot be loaded, or (--rpc) a node that\n"
    "cannot be reached or is not at the vector's genesis.\n";

typedef struct {
    rs_runner_opts run;
    bool bench;
    double seconds;
    const char *rpc;
} options;

static bool parse_long(const char *s, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0) return false;
    *out = v;
    return true;
}

static bool parse_double(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v > 0) || v > 3600) return false;
    *out = v;
    return true;
}

/* Returns the index of the first file argument, or -1 (message printed) / -2 (help shown). */
static int parse_args(int argc, char **argv, options *o) {
    rs_runner_opts_default(&o->run);
    o->seconds = 3;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || a[1] == 0) break;
        if (rs_cli_is_help(a)) {
            fputs(USAGE, stdout);
            return -2;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->run.quiet = true;
        } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            o->run.verbose = true;
        } else if (strcmp(a, "--all") == 0) {
            o->run.all = true;
        } else if (strcmp(a, "--keep-state") == 0) {
            o->run.keep_state = true;
        } else if (strcmp(a, "--bench") == 0) {
            o->bench = true;
        } else if (strcmp(a, "--step") == 0 || strcmp(a, "--seconds") == 0 || strcmp(a, "--rpc") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "restake conformance: %s needs a value\n", a);
                return -1;
            }
            const char *val = argv[++i];
            if (strcmp(a, "--step") == 0 && !parse_long(val, &o->run.stop_after)) {
                fprintf(stderr, "restake conformance: --step wants a step index, got '%s'\n", val);
                return -1;
            }
            if (strcmp(a, "--seconds") == 0 && !parse_double(val, &o->seconds)) {
                fprintf(stderr, "restake conformance: --seconds wants a number in (0, 3600], got '%s'\n", val);
                return -1;
            }
            if (strcmp(a, "--rpc") == 0) o->rpc = val;
        } else {
            fprintf(stderr, "restake conformance: unknown option '%s' (see --help)\n", a);
            return -1;
        }
    }
    if (o->run.quiet && o->run.verbose) {
        fputs("restake conformance: --quiet and --verbose exclude each other\n", stderr);
        return -1;
    }
    if (o->rpc && o->bench) {
        fputs("restake conformance: --rpc and --bench exclude each other\n", stderr);
        return -1;
    }
    if (i >= argc) {
        fputs("restake conformance: no vector files given (see --help)\n", stderr);
        return -1;
    }
    if (o->run.keep_state && (!o->rpc || argc - i != 1)) {
        fputs("restake conformance: --keep-state needs --rpc and exactly one vector file\n", stderr);
        return -1;
    }
    return i;
}

static int bench_file(const rs_vector *v, double seconds) {
    rs_bench_result b;
    if (rs_runner_bench(v, seconds, &b) != 0) {
        fprintf(stderr, "%s: bench failed (out of memory)\n", v->file);
        return 2;
    }
    printf("%s: %zu steps x %zu rounds in %.3f s: %.0f steps/s (%.1f us/round)\n", v->file, v->nsteps, b.rounds,
           b.seconds, b.steps_per_second, b.rounds ? b.seconds * 1e6 / (double)b.rounds : 0.0);
    return 0;
}

static int run(int argc, char **argv) {
    options o;
    memset(&o, 0, sizeof o);
    int first = parse_args(argc, argv, &o);
    if (first == -2) return 0;
    if (first < 0) return 2;

    int status = 0;
    size_t files = 0, clean = 0, steps = 0, matched = 0;
    for (int i = first; i < argc; i++) {
        rs_vector v;
        char err[512];
        if (rs_vector_load(argv[i], &v, err, sizeof err) != 0) {
            fprintf(stderr, "restake conformance: %s\n", err);
            status = 2;
            continue;
        }
        if (o.bench) {
            int rc = bench_file(&v, o.seconds);
            if (rc > status) status = rc;
        } else {
            rs_runner_result r;
            int rc = o.rpc ? rs_rpc_runner_run(&v, o.rpc, &o.run, &r) : rs_runner_run(&v, &o.run, &r);
            if (rc == 2) {
                status = 2;
                fflush(stdout);
                rs_vector_free(&v);
                continue;
            }
            files++;
            steps += r.steps;
            matched += r.matched;
            if (rc == 0) clean++;
            else if (status == 0) status = 1;
        }
        fflush(stdout);
        rs_vector_free(&v);
    }
    if (!o.bench && files > 1)
        printf("total: %zu/%zu files match; %zu/%zu steps match\n", clean, files, matched, steps);
    return status;
}

const rs_command rs_cmd_conformance = {
    .name = "conformance",
    .summary = "replay conformance vectors and report every difference",
    .usage = USAGE,
    .run = run,
};
