/* ns/op of the journaled state on the shapes the protocol uses: keys of a
 * namespace and two addresses (42 bytes, the common mapping) or one address
 * (22 bytes), a state of a few thousand entries like the slashing bench's.
 * Build in a Release tree (no sanitizers) before reading the figures. */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "restake/state.h"

#include "bench_util.h"

#define ENTRIES 4096
#define ITERS 2000000L
#define REPS 5 /* best of: the machine is shared */

static rs_addr rnd_addr(void) {
    rs_addr a;
    for (int i = 0; i < 20; i += 4) {
        uint32_t w = (uint32_t)bench_rnd();
        memcpy(a.b + i, &w, 4);
    }
    return a;
}

static rs_key keys[ENTRIES];
static volatile uint64_t sink;

static void make_keys(void) {
    for (int i = 0; i < ENTRIES; i++) {
        keys[i] = rs_key_ns((uint16_t)(0x0100 + i % 7));
        rs_key_addr(&keys[i], rnd_addr());
        if (i % 4 != 0) rs_key_addr(&keys[i], rnd_addr());
    }
}

typedef enum { LOAD_HIT, LOAD_MISS, STORE_SAME, STORE_CHANGE } op;

static double run(rs_state *s, op o) {
    double best = 1e30;
    for (int r = 0; r < REPS; r++) {
        uint64_t acc = 0;
        double t0 = bench_now_ns();
        for (long i = 0; i < ITERS; i++) {
            rs_key k = keys[(i * 2654435761u) % ENTRIES];
            switch (o) {
            case LOAD_HIT: acc += rs_sload(s, &k).w[0]; break;
            case LOAD_MISS:
                k.b[k.len - 1] ^= 0x5a;
                acc += rs_sload(s, &k).w[0];
                break;
            case STORE_SAME: rs_sstore(s, &k, u256_from_u64(1 + (uint64_t)((i * 2654435761u) % ENTRIES))); break;
            case STORE_CHANGE: rs_sstore(s, &k, u256_from_u64((uint64_t)i + 1)); break;
            }
            if (o == STORE_CHANGE && (i & 1023) == 1023) rs_state_commit(s); /* keep the journal bounded */
        }
        double t = (bench_now_ns() - t0) / ITERS;
        sink += acc;
        if (t < best) best = t;
    }
    return best;
}

static double clone_us(const rs_state *s) {
    double best = 1e30;
    for (int r = 0; r < REPS; r++) {
        double t0 = bench_now_ns();
        rs_state *c = rs_state_clone(s);
        double t = (bench_now_ns() - t0) / 1e3;
        rs_state_free(c);
        if (t < best) best = t;
    }
    return best;
}

int main(void) {
    make_keys();
    rs_state *s = rs_state_new();
    for (int i = 0; i < ENTRIES; i++) rs_sstore(s, &keys[i], u256_from_u64(1 + (uint64_t)i));
    rs_state_commit(s);
    printf("state of %d entries (3/4 keys of 42 bytes, 1/4 of 22)\n", ENTRIES);
    printf("  sload hit            %6.1f ns/op\n", run(s, LOAD_HIT));
    printf("  sload miss           %6.1f ns/op\n", run(s, LOAD_MISS));
    printf("  sstore same value    %6.1f ns/op\n", run(s, STORE_SAME));
    printf("  sstore new value     %6.1f ns/op (journaled)\n", run(s, STORE_CHANGE));
    printf("  clone                %6.1f us\n", clone_us(s));
    printf("(checksum %llu)\n", (unsigned long long)sink);
    rs_state_free(s);
    return 0;
}
