/* The conformance runner: replays a vector's steps through rs_call against a
 * fresh state with the recorded chain's block semantics (FORMAT.md), and
 * compares every byte the vector recorded. */
#ifndef RESTAKE_CONFORMANCE_RUNNER_H
#define RESTAKE_CONFORMANCE_RUNNER_H

#include <stdbool.h>
#include <stdio.h>

#include "conformance/vector.h"
#include "restake/env.h"

typedef struct {
    FILE *out;       /* differences and summaries (stdout when NULL) */
    bool quiet;      /* summary line per file only */
    bool verbose;    /* one line per step as it runs */
    bool all;        /* print every difference, not only the first step's */
    long stop_after; /* stop after the step whose index is this; -1 runs all */
    bool keep_state; /* over RPC: leave the node at the replayed state, not the genesis */
} rs_runner_opts;

typedef struct {
    size_t steps;       /* steps executed */
    size_t matched;     /* steps whose every compared byte matched */
    size_t differing;   /* steps with at least one difference */
    size_t unsupported; /* steps of a kind this build cannot execute (counted as differing) */
    long first_diff;    /* index of the first differing step, -1 if none */
} rs_runner_result;

void rs_runner_opts_default(rs_runner_opts *o);
/* Replays v and prints differences and a summary line; 0 when all steps matched. */
int rs_runner_run(const rs_vector *v, const rs_runner_opts *o, rs_runner_result *r);

/* The state a vector's steps leave: replayed without comparing or printing,
 * through the step whose index is stop_after (-1: all), with e at the block
 * and timestamp reached (a view's, not the next transaction's). */
typedef struct {
    rs_state *st;
    rs_env e;
    size_t steps; /* steps executed */
} rs_replay;

/* 0, or -1 when out of memory (r untouched then). Release with
 * rs_runner_replay_free. */
int rs_runner_replay(const rs_vector *v, long stop_after, rs_replay *r);
void rs_runner_replay_free(rs_replay *r);

typedef struct {
    size_t rounds;
    size_t steps;   /* steps executed over all rounds */
    double seconds; /* execution time only (thread CPU time) */
    double steps_per_second;
} rs_bench_result;

/* Executes v's steps repeatedly (no comparison, no JSON), each round from a
 * clone of a prebuilt genesis state, for at least min_seconds. */
int rs_runner_bench(const rs_vector *v, double min_seconds, rs_bench_result *r);

/* Canonical signature of a custom error the reference contracts declare
 * (plus Error(string) and Panic(uint256)) by selector, or NULL. */
const char *rs_known_error_name(uint32_t selector);

/* Like the bench, but records the execution time of each step, summed over
 * `rounds` rounds, into seconds[0..v->nsteps) (for per-function profiles). */
int rs_runner_profile(const rs_vector *v, size_t rounds, double *seconds);

/* Difference printing shared with the JSON-RPC replay (rpc_runner.c): a
 * revert's decoded name, and "expected X got Y [first difference at ...]". */
void rs_runner_put_revert_name(FILE *f, const rs_vector *v, const uint8_t *p, size_t n);
void rs_runner_put_byte_diff(FILE *f, const uint8_t *exp, size_t elen, const uint8_t *got, size_t glen);

#endif
