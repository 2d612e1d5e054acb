/* keccak-256 (Ethereum): Keccak-f[1600], rate 136 bytes, padding 0x01 ... 0x80.
 * The permutation keeps the 25 lanes in locals with theta/rho/pi/chi written out,
 * which lets the compiler hold the whole state in registers across a round. */
#include "restake/keccak.h"

#include <assert.h>
#include <string.h>

#define RATE 136
#define ROL(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

static const uint64_t RC[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

static inline __attribute__((always_inline)) void keccak_rounds(uint64_t s[25]) {
    uint64_t a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3], a4 = s[4];
    uint64_t a5 = s[5], a6 = s[6], a7 = s[7], a8 = s[8], a9 = s[9];
    uint64_t a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13], a14 = s[14];
    uint64_t a15 = s[15], a16 = s[16], a17 = s[17], a18 = s[18], a19 = s[19];
    uint64_t a20 = s[20], a21 = s[21], a22 = s[22], a23 = s[23], a24 = s[24];
    for (int r = 0; r < 24; r++) {
        uint64_t c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20, c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
        uint64_t c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22, c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
        uint64_t c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
        uint64_t d0 = c4 ^ ROL(c1, 1), d1 = c0 ^ ROL(c2, 1), d2 = c1 ^ ROL(c3, 1);
        uint64_t d3 = c2 ^ ROL(c4, 1), d4 = c3 ^ ROL(c0, 1);
        uint64_t b0 = a0 ^ d0;
        uint64_t b1 = ROL(a6 ^ d1, 44);
        uint64_t b2 = ROL(a12 ^ d2, 43);
        uint64_t b3 = ROL(a18 ^ d3, 21);
        uint64_t b4 = ROL(a24 ^ d4, 14);
        uint64_t b5 = ROL(a3 ^ d3, 28);
        uint64_t b6 = ROL(a9 ^ d4, 20);
        uint64_t b7 = ROL(a10 ^ d0, 3);
        uint64_t b8 = ROL(a16 ^ d1, 45);
        uint64_t b9 = ROL(a22 ^ d2, 61);
        uint64_t b10 = ROL(a1 ^ d1, 1);
        uint64_t b11 = ROL(a7 ^ d2, 6);
        uint64_t b12 = ROL(a13 ^ d3, 25);
        uint64_t b13 = ROL(a19 ^ d4, 8);
        uint64_t b14 = ROL(a20 ^ d0, 18);
        uint64_t b15 = ROL(a4 ^ d4, 27);
        uint64_t b16 = ROL(a5 ^ d0, 36);
        uint64_t b17 = ROL(a11 ^ d1, 10);
        uint64_t b18 = ROL(a17 ^ d2, 15);
        uint64_t b19 = ROL(a23 ^ d3, 56);
        uint64_t b20 = ROL(a2 ^ d2, 62);
        uint64_t b21 = ROL(a8 ^ d3, 55);
        uint64_t b22 = ROL(a14 ^ d4, 39);
        uint64_t b23 = ROL(a15 ^ d0, 41);
        uint64_t b24 = ROL(a21 ^ d1, 2);
        a0 = b0 ^ (~b1 & b2);
        a1 = b1 ^ (~b2 & b3);
        a2 = b2 ^ (~b3 & b4);
        a3 = b3 ^ (~b4 & b0);
        a4 = b4 ^ (~b0 & b1);
        a5 = b5 ^ (~b6 & b7);
        a6 = b6 ^ (~b7 & b8);
        a7 = b7 ^ (~b8 & b9);
        a8 = b8 ^ (~b9 & b5);
        a9 = b9 ^ (~b5 & b6);
        a10 = b10 ^ (~b11 & b12);
        a11 = b11 ^ (~b12 & b13);
        a12 = b12 ^ (~b13 & b14);
        a13 = b13 ^ (~b14 & b10);
        a14 = b14 ^ (~b10 & b11);
        a15 = b15 ^ (~b16 & b17);
        a16 = b16 ^ (~b17 & b18);
        a17 = b17 ^ (~b18 & b19);
        a18 = b18 ^ (~b19 & b15);
        a19 = b19 ^ (~b15 & b16);
        a20 = b20 ^ (~b21 & b22);
        a21 = b21 ^ (~b22 & b23);
        a22 = b22 ^ (~b23 & b24);
        a23 = b23 ^ (~b24 & b20);
        a24 = b24 ^ (~b20 & b21);
        a0 ^= RC[r];
    }
    s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3, s[4] = a4;
    s[5] = a5, s[6] = a6, s[7] = a7, s[8] = a8, s[9] = a9;
    s[10] = a10, s[11] = a11, s[12] = a12, s[13] = a13, s[14] = a14;
    s[15] = a15, s[16] = a16, s[17] = a17, s[18] = a18, s[19] = a19;
    s[20] = a20, s[21] = a21, s[22] = a22, s[23] = a23, s[24] = a24;
}

/* The rounds are plain 64-bit logic and rotations; compiled for BMI1/BMI2
 * (andn, rorx: three-operand forms that need no register copies) they run
 * markedly faster, so x86-64 hosts that have them get that build. */
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
__attribute__((target("bmi,bmi2"))) static void keccak_f1600_bmi(uint64_t s[25]) { keccak_rounds(s); }
static void keccak_f1600_base(uint64_t s[25]) { keccak_rounds(s); }

typedef void (*permute_fn)(uint64_t s[25]);

static permute_fn pick_permutation(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") ? keccak_f1600_bmi : keccak_f1600_base;
}

static void keccak_f1600(uint64_t s[25]) {
    static permute_fn fn; /* racing first calls store the same pointer */
    permute_fn f = __atomic_load_n(&fn, __ATOMIC_RELAXED);
    if (!f) {
        f = pick_permutation();
        __atomic_store_n(&fn, f, __ATOMIC_RELAXED);
    }
    f(s);
}
#else
static void keccak_f1600(uint64_t s[25]) { keccak_rounds(s); }
#endif

/* Lanes are little-endian regardless of the host. */
static inline uint64_t load_le64(const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
#else
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
#endif
}

static void absorb_block(uint64_t s[25], const uint8_t *p) {
    for (int i = 0; i < RATE / 8; i++) s[i] ^= load_le64(p + 8 * i);
    keccak_f1600(s);
}

void rs_keccak_init(rs_keccak_ctx *c) { memset(c, 0, sizeof *c); }

void rs_keccak_update(rs_keccak_ctx *c, const void *data, size_t len) {
    assert(c->n < RATE && (data != NULL || len == 0));
    const uint8_t *p = data;
    if (c->n > 0) {
        size_t take = RATE - c->n;
        if (take > len) take = len;
        memcpy(c->buf + c->n, p, take);
        c->n += take, p += take, len -= take;
        if (c->n < RATE) return;
        absorb_block(c->s, c->buf);
        c->n = 0;
    }
    for (; len >= RATE; p += RATE, len -= RATE) absorb_block(c->s, p);
    assert(len < RATE);
    if (len > 0) memcpy(c->buf, p, len);
    c->n = len;
}

/* Pads the n < 136 buffered bytes into a last block and squeezes 32 bytes. */
static void finish(uint64_t s[25], const uint8_t *tail, size_t n, uint8_t out[32]) {
    assert(n < RATE);
    uint8_t last[RATE];
    memcpy(last, tail, n);
    memset(last + n, 0, RATE - n);
    last[n] ^= 0x01;
    last[RATE - 1] ^= 0x80;
    absorb_block(s, last);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) out[8 * i + j] = (uint8_t)(s[i] >> (8 * j));
}

void rs_keccak_final(rs_keccak_ctx *c, uint8_t out[32]) {
    finish(c->s, c->buf, c->n, out);
    rs_keccak_init(c);
}

/* One-shot: absorbs straight from the input, no context buffer to clear. */
void rs_keccak256(const void *data, size_t len, uint8_t out[32]) {
    uint64_t s[25] = {0};
    const uint8_t *p = data;
    for (; len >= RATE; p += RATE, len -= RATE) absorb_block(s, p);
    finish(s, p, len, out);
}

rs_b32 rs_keccak(const void *data, size_t len) {
    rs_b32 h;
    rs_keccak256(data, len, h.b);
    return h;
}

uint32_t rs_selector_of(const char *signature) {
    uint8_t h[32];
    rs_keccak256(signature, strlen(signature), h);
    return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
}

rs_b32 rs_topic_of(const char *signature) { return rs_keccak(signature, strlen(signature)); }
