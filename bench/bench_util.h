/* What every bench needs: a monotonic clock and a fixed-seed generator, so
 * figures from two runs time the same work. Header-only. */
#ifndef RESTAKE_BENCH_UTIL_H
#define RESTAKE_BENCH_UTIL_H

#include <stdint.h>
#include <time.h>

static inline double bench_now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline double bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* splitmix64 from a fixed seed, one stream per program. */
static uint64_t bench_rng_ = 0x243f6a8885a308d3ULL;

static inline uint64_t bench_rnd(void) {
    uint64_t z = (bench_rng_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

#endif
