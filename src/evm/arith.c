/* EVM division, modular arithmetic, EXP, SIGNEXTEND and BYTE. Division by
 * zero yields 0 (the EVM never faults on it); MULMOD and ADDMOD reduce the
 * full 512- and 257-bit intermediate, so nothing wraps before the modulo. */
#include "evm/arith.h"

#include <gmp.h>

_Static_assert(sizeof(mp_limb_t) == sizeof(uint64_t), "u256 limbs double as GMP limbs");

static int limb_len(const uint64_t *w, int n) {
    while (n > 0 && w[n - 1] == 0) n--;
    return n;
}

/* rem = num mod m over nn limbs (nn <= 8), m != 0. */
static u256 mod_limbs(const uint64_t *num, int nn, u256 m) {
    u256 r = U256_ZERO;
    int mn = limb_len(m.w, 4);
    nn = limb_len(num, nn);
    if (nn < mn) {
        for (int i = 0; i < nn; i++) r.w[i] = num[i];
        return r;
    }
    mp_limb_t q[8], rr[4];
    mpn_tdiv_qr(q, rr, 0, (const mp_limb_t *)num, nn, (const mp_limb_t *)m.w, mn);
    for (int i = 0; i < mn; i++) r.w[i] = rr[i];
    return r;
}

/* Both operands below 2^64: one hardware divide (the common case in compiled code). */
static bool both_small(u256 a, u256 b) { return (a.w[1] | a.w[2] | a.w[3] | b.w[1] | b.w[2] | b.w[3]) == 0; }

u256 evm_div(u256 a, u256 b) {
    if (both_small(a, b)) return u256_from_u64(b.w[0] ? a.w[0] / b.w[0] : 0);
    if (evm_lt(a, b)) return U256_ZERO;
    u256 q;
    return u256_divmod(&q, NULL, a, b) ? q : U256_ZERO;
}

u256 evm_mod(u256 a, u256 b) {
    if (both_small(a, b)) return u256_from_u64(b.w[0] ? a.w[0] % b.w[0] : 0);
    if (evm_lt(a, b)) return a;
    u256 r;
    return u256_divmod(NULL, &r, a, b) ? r : U256_ZERO;
}

/* Truncating signed division; -2^255 / -1 overflows back to -2^255. */
u256 evm_sdiv(u256 a, u256 b) {
    if (u256_is_zero(b)) return U256_ZERO;
    bool na = evm_is_neg(a), nb = evm_is_neg(b);
    u256 q = evm_div(na ? evm_neg(a) : a, nb ? evm_neg(b) : b);
    return na != nb ? evm_neg(q) : q;
}

/* The remainder takes the dividend's sign. */
u256 evm_smod(u256 a, u256 b) {
    if (u256_is_zero(b)) return U256_ZERO;
    bool na = evm_is_neg(a), nb = evm_is_neg(b);
    u256 r = evm_mod(na ? evm_neg(a) : a, nb ? evm_neg(b) : b);
    return na ? evm_neg(r) : r;
}

u256 evm_addmod(u256 a, u256 b, u256 m) {
    if (u256_is_zero(m)) return U256_ZERO;
    uint64_t s[5];
    unsigned long long c = 0;
    for (int i = 0; i < 4; i++) {
        evm_u128 t = (evm_u128)a.w[i] + b.w[i] + c;
        s[i] = (uint64_t)t;
        c = (unsigned long long)(t >> 64);
    }
    s[4] = c;
    return mod_limbs(s, 5, m);
}

u256 evm_mulmod(u256 a, u256 b, u256 m) {
    if (u256_is_zero(m)) return U256_ZERO;
    uint64_t p[8] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            evm_u128 t = (evm_u128)a.w[i] * b.w[j] + p[i + j] + carry;
            p[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        p[i + 4] = carry;
    }
    return mod_limbs(p, 8, m);
}

u256 evm_exp(u256 base, u256 e) {
    u256 r = U256_ONE;
    int n = limb_len(e.w, 4);
    for (int i = 0; i < n; i++) {
        uint64_t w = e.w[i];
        /* The last limb stops at its top set bit: no squaring past the exponent. */
        int bits = (i == n - 1) ? 64 - __builtin_clzll(w) : 64;
        for (int k = 0; k < bits; k++) {
            if (w & 1) r = evm_mul(r, base);
            w >>= 1;
            if (k + 1 < bits || i + 1 < n) base = evm_mul(base, base);
        }
    }
    return r;
}

/* Extends the sign of byte b (0 = least significant) through the word. */
u256 evm_signextend(u256 b, u256 x) {
    if (b.w[1] | b.w[2] | b.w[3] || b.w[0] >= 31) return x;
    unsigned bit = (unsigned)b.w[0] * 8 + 7;
    bool neg = (x.w[bit / 64] >> (bit % 64)) & 1;
    u256 low = evm_sub(evm_shl(U256_ONE, bit + 1), U256_ONE); /* bits 0..bit */
    u256 r;
    for (int i = 0; i < 4; i++) r.w[i] = neg ? (x.w[i] | ~low.w[i]) : (x.w[i] & low.w[i]);
    return r;
}

/* Byte i of the big-endian form (0 = most significant); 0 past 31. */
u256 evm_byte(u256 i, u256 x) {
    if (i.w[1] | i.w[2] | i.w[3] || i.w[0] >= 32) return U256_ZERO;
    unsigned from_low = 31 - (unsigned)i.w[0];
    return u256_from_u64((x.w[from_low / 8] >> (8 * (from_low % 8))) & 0xff);
}

unsigned evm_byte_len(u256 a) {
    for (int i = 3; i >= 0; i--)
        if (a.w[i]) return (unsigned)(i * 8 + (64 - __builtin_clzll(a.w[i]) + 7) / 8);
    return 0;
}
