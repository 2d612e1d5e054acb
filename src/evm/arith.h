/* The EVM's 256-bit word operations that Solidity-style checked arithmetic
 * (restake/u256.h) does not offer: wrapping, signed and modular forms. The
 * hot ones are inline so the dispatch loop pays no call for ADD or LT. */
#ifndef RESTAKE_EVM_ARITH_H
#define RESTAKE_EVM_ARITH_H

#include <stdbool.h>
#include <stdint.h>

#include "restake/u256.h"

__extension__ typedef unsigned __int128 evm_u128;

static inline u256 evm_add(u256 a, u256 b) {
    u256 r;
    unsigned long long c = 0;
    for (int i = 0; i < 4; i++) {
        evm_u128 s = (evm_u128)a.w[i] + b.w[i] + c;
        r.w[i] = (uint64_t)s;
        c = (unsigned long long)(s >> 64);
    }
    return r;
}

static inline u256 evm_sub(u256 a, u256 b) {
    u256 r;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        evm_u128 d = (evm_u128)a.w[i] - b.w[i] - borrow;
        r.w[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    return r;
}

static inline u256 evm_mul(u256 a, u256 b) {
    u256 r = U256_ZERO;
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        if (a.w[i] == 0) continue;
        for (int j = 0; i + j < 4; j++) {
            evm_u128 p = (evm_u128)a.w[i] * b.w[j] + r.w[i + j] + carry;
            r.w[i + j] = (uint64_t)p;
            carry = (uint64_t)(p >> 64);
        }
    }
    return r;
}

static inline bool evm_lt(u256 a, u256 b) {
    for (int i = 3; i >= 0; i--)
        if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
    return false;
}

static inline bool evm_is_neg(u256 a) { return (a.w[3] >> 63) != 0; }

static inline bool evm_slt(u256 a, u256 b) {
    bool na = evm_is_neg(a), nb = evm_is_neg(b);
    if (na != nb) return na;
    return evm_lt(a, b);
}

static inline u256 evm_neg(u256 a) { return evm_sub(U256_ZERO, a); }

static inline u256 evm_bool(bool b) { return (u256){{b ? 1u : 0u, 0, 0, 0}}; }

/* The shift amount as a small number: anything of 256 or more shifts everything out. */
static inline unsigned evm_shift_amount(u256 s) {
    if (s.w[1] | s.w[2] | s.w[3] || s.w[0] > 255) return 256;
    return (unsigned)s.w[0];
}

static inline u256 evm_shl(u256 a, unsigned n) {
    if (n >= 256) return U256_ZERO;
    u256 r = U256_ZERO;
    unsigned limbs = n / 64, bits = n % 64;
    for (int i = 3; i >= (int)limbs; i--) {
        uint64_t v = a.w[i - limbs] << bits;
        if (bits && i - (int)limbs - 1 >= 0) v |= a.w[i - limbs - 1] >> (64 - bits);
        r.w[i] = v;
    }
    return r;
}

static inline u256 evm_shr(u256 a, unsigned n) {
    if (n >= 256) return U256_ZERO;
    u256 r = U256_ZERO;
    unsigned limbs = n / 64, bits = n % 64;
    for (unsigned i = 0; i + limbs < 4; i++) {
        uint64_t v = a.w[i + limbs] >> bits;
        if (bits && i + limbs + 1 < 4) v |= a.w[i + limbs + 1] << (64 - bits);
        r.w[i] = v;
    }
    return r;
}

static inline u256 evm_sar(u256 a, unsigned n) {
    bool neg = evm_is_neg(a);
    if (n >= 256) return neg ? U256_MAX : U256_ZERO;
    u256 r = evm_shr(a, n);
    if (neg && n) {
        u256 fill = evm_shl(U256_MAX, 256 - n);
        for (int i = 0; i < 4; i++) r.w[i] |= fill.w[i];
    }
    return r;
}

/* Big-endian 32-byte words, as memory and code hold them. */
static inline u256 evm_load_be(const uint8_t *p) {
    u256 r;
    for (int i = 0; i < 4; i++) {
        uint64_t x;
        __builtin_memcpy(&x, p + 24 - 8 * i, 8);
        r.w[i] = __builtin_bswap64(x);
    }
    return r;
}

static inline void evm_store_be(uint8_t *p, u256 v) {
    for (int i = 0; i < 4; i++) {
        uint64_t x = __builtin_bswap64(v.w[i]);
        __builtin_memcpy(p + 24 - 8 * i, &x, 8);
    }
}

/* Out-of-line: division and the rarer operations (arith.c). Division by zero gives 0. */
u256 evm_div(u256 a, u256 b);
u256 evm_mod(u256 a, u256 b);
u256 evm_sdiv(u256 a, u256 b);
u256 evm_smod(u256 a, u256 b);
u256 evm_addmod(u256 a, u256 b, u256 m);
u256 evm_mulmod(u256 a, u256 b, u256 m);
u256 evm_exp(u256 base, u256 exponent);
u256 evm_signextend(u256 byte_index, u256 x);
u256 evm_byte(u256 index, u256 x);
/* Bytes in the exponent's minimal big-endian form (EXP charges 50 gas per byte). */
unsigned evm_byte_len(u256 a);

#endif
