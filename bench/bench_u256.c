/* ns/op for the u256 operations on the share-accounting hot path.
 * Build in a Release tree (no sanitizers) before reading the figures. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "restake/u256.h"

#include "bench_util.h"

#define N 1024 /* operand sets, cycled; small enough to stay in L1 */
#define ITERS 1000000L
#define REPS 5 /* best of: the machine is shared */

static u256 rnd_full(void) { return (u256){{bench_rnd(), bench_rnd(), bench_rnd(), bench_rnd()}}; }

/* Uniform in [lo, lo * 2^spread_bits) for share-like magnitudes, e.g. 1e18..1e30. */
static u256 rnd_scaled(uint64_t lo, unsigned spread_bits) {
    u256 x = u256_from_u64(lo);
    u256 k = u256_from_u64((bench_rnd() >> (64 - spread_bits)) | 1);
    u256 r = u256_mul_wrap(x, k);
    return u256_add_wrap(r, u256_from_u64(bench_rnd() % lo));
}

static u256 A[N], B[N], D[N];
static volatile uint64_t sink;

static void report(const char *name, double best_ns, uint64_t acc, long ok) {
    sink ^= acc;
    printf("%-44s %8.2f ns/op  (%ld of %ld succeeded)\n", name, best_ns / ITERS, ok / REPS, ITERS);
}

#define TIMED(body)                                      \
    double best = 1e30;                                  \
    for (int rep = 0; rep < REPS; rep++) {               \
        double t0 = bench_now_ns();                      \
        for (long i = 0; i < ITERS; i++) {               \
            size_t k = (size_t)i & (N - 1);              \
            body                                         \
        }                                                \
        double t = bench_now_ns() - t0;                  \
        if (t < best) best = t;                          \
    }

static void bench_muldiv(const char *name, bool up) {
    uint64_t acc = 0;
    long ok = 0;
    TIMED({
        u256 r;
        ok += up ? u256_muldiv_up(&r, A[k], B[k], D[k]) : u256_muldiv(&r, A[k], B[k], D[k]);
        acc += r.w[0];
    })
    report(name, best, acc, ok);
}

static void bench_mul(const char *name) {
    uint64_t acc = 0;
    long ok = 0;
    TIMED({
        u256 r;
        ok += u256_mul(&r, A[k], B[k]);
        acc += r.w[0];
    })
    report(name, best, acc, ok);
}

static void bench_div(const char *name) {
    uint64_t acc = 0;
    long ok = 0;
    TIMED({
        u256 r;
        ok += u256_div(&r, A[k], D[k]);
        acc += r.w[0];
    })
    report(name, best, acc, ok);
}

static void bench_to_dec(const char *name) {
    uint64_t acc = 0;
    char buf[79];
    TIMED({
        acc += u256_to_dec(A[k], buf);
        acc += (uint8_t)buf[0];
    })
    report(name, best, acc, (long)ITERS * REPS);
}

static void bench_from_dec(const char *name) {
    static char text[N][79];
    static size_t len[N];
    for (size_t k = 0; k < N; k++) len[k] = u256_to_dec(A[k], text[k]);
    uint64_t acc = 0;
    long ok = 0;
    TIMED({
        u256 r;
        ok += u256_from_dec(&r, text[k], len[k]);
        acc += r.w[0];
    })
    report(name, best, acc, ok);
}

int main(void) {
    const uint64_t wad = 1000000000000000000ULL;

    /* d >= a keeps a*b/d <= b, so every random 256-bit mulDiv does the full 512/256 division. */
    for (size_t k = 0; k < N; k++) {
        A[k] = rnd_full();
        B[k] = rnd_full();
        D[k] = u256_or(A[k], (u256){{bench_rnd(), bench_rnd(), 0, 0}});
    }
    bench_muldiv("muldiv      random 256-bit (512/256)", false);
    bench_muldiv("muldiv_up   random 256-bit (512/256)", true);

    /* shares * WAD / totalShares style: 1e18..1e30 values, quotient around 1e18. */
    for (size_t k = 0; k < N; k++) {
        A[k] = rnd_scaled(wad, 40);
        B[k] = u256_from_u64(wad);
        D[k] = rnd_scaled(wad, 40);
    }
    bench_muldiv("muldiv      shares(1e18..1e30) * 1e18 / x", false);
    bench_muldiv("muldiv_up   shares(1e18..1e30) * 1e18 / x", true);

    /* magnitude-scaled: shares * newMag / prevMag with magnitudes <= 1e18. */
    for (size_t k = 0; k < N; k++) {
        A[k] = rnd_scaled(wad, 40);
        B[k] = u256_from_u64(bench_rnd() % wad);
        D[k] = u256_from_u64(wad - bench_rnd() % (wad / 2));
    }
    bench_muldiv("muldiv_up   shares * mag / mag (64-bit d)", true);

    /* Both 64-bit: the single-limb fast path. */
    for (size_t k = 0; k < N; k++) {
        A[k] = u256_from_u64(bench_rnd() % wad);
        B[k] = u256_from_u64(bench_rnd() % wad);
        D[k] = u256_from_u64(wad - bench_rnd() % (wad / 2));
    }
    bench_muldiv("muldiv      64-bit * 64-bit / 64-bit", false);

    for (size_t k = 0; k < N; k++) {
        A[k] = (u256){{bench_rnd(), bench_rnd(), 0, 0}};
        B[k] = (u256){{bench_rnd(), bench_rnd() >> 1, 0, 0}};
    }
    bench_mul("mul         128 x 128 (fits)");
    for (size_t k = 0; k < N; k++) {
        A[k] = rnd_full();
        B[k] = rnd_full();
    }
    bench_mul("mul         256 x 256 (overflow detected)");
    for (size_t k = 0; k < N; k++) {
        A[k] = rnd_scaled(wad, 40);
        B[k] = rnd_scaled(wad, 40);
    }
    bench_mul("mul         share-sized (~1e18..1e30)");

    for (size_t k = 0; k < N; k++) {
        A[k] = rnd_full();
        D[k] = (u256){{bench_rnd(), bench_rnd(), 0, 0}};
    }
    bench_div("div         256 / 128");
    for (size_t k = 0; k < N; k++) D[k] = (u256){{bench_rnd(), bench_rnd(), bench_rnd() >> 7, 0}};
    bench_div("div         256 / 185");
    for (size_t k = 0; k < N; k++) D[k] = u256_from_u64(bench_rnd() | 1);
    bench_div("div         256 / 64");
    for (size_t k = 0; k < N; k++) {
        A[k] = rnd_scaled(wad, 40);
        D[k] = u256_from_u64(wad);
    }
    bench_div("div         share-sized / 1e18");

    for (size_t k = 0; k < N; k++) A[k] = rnd_full();
    bench_to_dec("to_dec      random 256-bit (78 digits)");
    bench_from_dec("from_dec    random 256-bit (78 digits)");
    for (size_t k = 0; k < N; k++) A[k] = rnd_scaled(wad, 40);
    bench_to_dec("to_dec      share-sized (19..31 digits)");
    return 0;
}
