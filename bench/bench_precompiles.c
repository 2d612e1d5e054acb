/* ns per call of the precompiles on representative inputs: ecrecover,
 * SHA-256 (1 KiB), modexp (2048-bit base, exponent and modulus), bn254 add,
 * mul and a 2-pair pairing check, blake2f at 12 rounds. Build in a Release
 * tree (no sanitizers) before reading the figures; best of a few runs, as
 * the machine is shared; times are process CPU time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/precompiles.h"

#include "bench_util.h"

#define REPS 3

/* Process CPU time: on a shared machine wall time mostly measures the
 * other processes. */
static double cpu_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static rs_addr pc(uint8_t n) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[19] = n;
    return a;
}

static size_t unhex(const char *s, uint8_t *out, size_t cap) {
    size_t n = strlen(s) / 2;
    if (n > cap) abort();
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1) abort();
        out[i] = (uint8_t)v;
    }
    return n;
}

static void bench(const char *name, uint8_t addr, const uint8_t *in, size_t len, long iters) {
    rs_buf out;
    rs_buf_init(&out);
    double best = 1e30;
    int64_t used = 0;
    for (int rep = 0; rep < REPS; rep++) {
        double t0 = cpu_now_ns();
        for (long i = 0; i < iters; i++) {
            rs_evm_result r = rs_precompile_run(pc(addr), in, len, 100000000, &out);
            if (r.status != RS_EVM_SUCCESS) abort();
            used = 100000000 - r.gas_left;
        }
        double dt = (cpu_now_ns() - t0) / (double)iters;
        if (dt < best) best = dt;
    }
    printf("%-28s %12.0f ns/call  gas %lld  (%.1f Mgas/s)\n", name, best, (long long)used,
           (double)used / best * 1e3);
    rs_buf_free(&out);
}

#define G2_HEX                                                                                                   \
    "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"                                        \
    "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"                                        \
    "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"                                        \
    "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    static uint8_t in[2048];
    size_t n;

    n = unhex("18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c"
              "000000000000000000000000000000000000000000000000000000000000001c"
              "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f"
              "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549",
              in, sizeof in);
    bench("ecrecover", 1, in, n, 2000);

    for (size_t i = 0; i < 1024; i++) in[i] = (uint8_t)bench_rnd();
    bench("sha256 (1 KiB)", 2, in, 1024, 20000);

    /* 2048-bit (256-byte) base, exponent and modulus, odd modulus */
    memset(in, 0, 96);
    in[30] = 1, in[62] = 1, in[94] = 1; /* lengths 256 */
    for (size_t i = 96; i < 96 + 768; i++) in[i] = (uint8_t)bench_rnd();
    in[96 + 767] |= 1;
    in[96 + 512] |= 0x80;
    bench("modexp (2048-bit)", 5, in, 96 + 768, 50);

    n = unhex("18b18acfb4c2c30276db5411368e7185b311dd124691610c5d3b74034e093dc9"
              "063c909c4720840cb5134cb9f59fa749755796819658d32efc0d288198f37266"
              "07c2b7f58a84bd6145f00c9c2bc0bb1a187f20ff2c92963a88019e7c6a014eed"
              "06614e20c147e940f2d70da3f74c9a17df361706a4485c742bd6788478fa17d7",
              in, sizeof in);
    bench("ecadd", 6, in, n, 20000);

    n = unhex("2bd3e6d0f3b142924f5ca7b49ce5b9d54c4703d7ae5648e61d02268b1a0a9fb7"
              "21611ce0a6af85915e2f1d70300909ce2e49dfad4a4619c8390cae66cefdb204"
              "00000000000000000000000000000000000000000000000011138ce750fa15c2",
              in, sizeof in);
    bench("ecmul", 7, in, n, 1000);

    /* e(G, G2) * e(-G, G2) = 1 */
    n = unhex("0000000000000000000000000000000000000000000000000000000000000001"
              "0000000000000000000000000000000000000000000000000000000000000002" G2_HEX
              "0000000000000000000000000000000000000000000000000000000000000001"
              "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45" G2_HEX,
              in, sizeof in);
    bench("pairing (2 pairs)", 8, in, n, 20);

    /* EIP-152 vector 5: 12 rounds over "abc" */
    memset(in, 0, 213);
    n = unhex("0000000c48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e"
              "2b8c68059b6bbd41fbabd9831f79217e1319cde05b616263",
              in, sizeof in);
    in[196] = 3, in[212] = 1;
    n = 213;
    bench("blake2f (12 rounds)", 9, in, n, 100000);
    return 0;
}
