/* The seed of a randomized test: RESTAKE_SEED from the environment (decimal
 * or 0x-hex) replays a run; without it each run explores a new one, seeded
 * from the clock. The seed is printed first, so any failure can be replayed.
 * Header-only; not a test itself. */
#ifndef RESTAKE_TESTS_TEST_SEED_H
#define RESTAKE_TESTS_TEST_SEED_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t test_seed(const char *test) {
    const char *env = getenv("RESTAKE_SEED");
    uint64_t seed;
    if (env && *env) {
        char *end;
        seed = strtoull(env, &end, 0);
        if (*end) {
            fprintf(stderr, "%s: RESTAKE_SEED=%s is not a number\n", test, env);
            exit(1);
        }
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        seed = ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec) ^ ((uint64_t)getpid() << 32);
    }
    fprintf(stderr, "%s: seed 0x%016" PRIx64 " (replay: RESTAKE_SEED=0x%016" PRIx64 ")\n", test, seed, seed);
    return seed;
}

#endif
