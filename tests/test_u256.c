/* u256: exact values at the edges, then a deterministic differential run
 * against GMP covering every arithmetic, shift, mulDiv and text operation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <gmp.h>

#include "restake/u256.h"
#include "test_seed.h"

/* ---------- helpers ---------- */

static u256 P(const char *dec) {
    u256 r;
    assert_true(u256_from_dec(&r, dec, strlen(dec)));
    return r;
}

static u256 H(const char *hex) {
    u256 r;
    assert_true(u256_from_hex(&r, hex, strlen(hex)));
    return r;
}

static void assert_u256(u256 got, u256 want) {
    if (!u256_eq(got, want)) {
        char g[79], w[79];
        u256_to_dec(got, g);
        u256_to_dec(want, w);
        fail_msg("got %s, want %s", g, w);
    }
}

static void assert_dec(u256 got, const char *want) {
    char g[79];
    u256_to_dec(got, g);
    assert_string_equal(g, want);
}

/* 2^k for k < 256. */
static u256 pow2(unsigned k) { return u256_shl(U256_ONE, k); }

#define MAX_DEC "115792089237316195423570985008687907853269984665640564039457584007913129639935"
#define MAX_HEX "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"

/* ---------- comparisons and constants ---------- */

static void test_cmp(void **state) {
    (void)state;
    assert_int_equal(u256_cmp(U256_ZERO, U256_ZERO), 0);
    assert_int_equal(u256_cmp(U256_ZERO, U256_ONE), -1);
    assert_int_equal(u256_cmp(U256_MAX, U256_ONE), 1);
    /* A difference in a high limb dominates the low limbs. */
    u256 a = {{UINT64_MAX, 0, 0, 0}}, b = {{0, 1, 0, 0}};
    assert_int_equal(u256_cmp(a, b), -1);
    assert_int_equal(u256_cmp(pow2(255), u256_sub_wrap(pow2(255), U256_ONE)), 1);
    assert_true(u256_lt(a, b) && u256_le(a, b) && u256_gt(b, a) && u256_ge(b, a));
    assert_true(u256_le(a, a) && u256_ge(a, a) && !u256_lt(a, a));
    assert_u256(u256_min(a, b), a);
    assert_u256(u256_max(a, b), b);
    assert_dec(U256_MAX, MAX_DEC);
    assert_true(u256_is_zero(U256_ZERO) && !u256_is_zero(pow2(255)));
}

/* ---------- add / sub ---------- */

static void test_add(void **state) {
    (void)state;
    u256 r;
    assert_true(u256_add(&r, P("18446744073709551615"), U256_ONE));
    assert_dec(r, "18446744073709551616");
    assert_true(u256_add(&r, P("340282366920938463463374607431768211455"), U256_ONE));
    assert_dec(r, "340282366920938463463374607431768211456");
    assert_true(u256_add(&r, u256_sub_wrap(U256_MAX, U256_ONE), U256_ONE));
    assert_u256(r, U256_MAX);
    assert_true(u256_add(&r, pow2(255), u256_sub_wrap(pow2(255), U256_ONE)));
    assert_u256(r, U256_MAX);
    assert_false(u256_add(&r, U256_MAX, U256_ONE));
    assert_false(u256_add(&r, pow2(255), pow2(255)));
    assert_false(u256_add(&r, U256_MAX, U256_MAX));
    assert_u256(u256_add_wrap(U256_MAX, U256_ONE), U256_ZERO);
    assert_u256(u256_add_wrap(U256_MAX, U256_MAX), u256_sub_wrap(U256_MAX, U256_ONE));
    assert_u256(u256_add_wrap(pow2(255), pow2(255)), U256_ZERO);
}

static void test_sub(void **state) {
    (void)state;
    u256 r;
    assert_true(u256_sub(&r, P("18446744073709551616"), U256_ONE));
    assert_dec(r, "18446744073709551615");
    assert_true(u256_sub(&r, pow2(128), U256_ONE));
    assert_dec(r, "340282366920938463463374607431768211455");
    assert_true(u256_sub(&r, U256_MAX, U256_MAX));
    assert_u256(r, U256_ZERO);
    assert_false(u256_sub(&r, U256_ZERO, U256_ONE));
    assert_false(u256_sub(&r, pow2(128), u256_add_wrap(pow2(128), U256_ONE)));
    assert_u256(u256_sub_wrap(U256_ZERO, U256_ONE), U256_MAX);
    assert_u256(u256_sub_wrap(U256_ONE, U256_MAX), u256_from_u64(2));
}

/* ---------- mul ---------- */

static void test_mul(void **state) {
    (void)state;
    u256 r;
    u256 m64 = u256_from_u64(UINT64_MAX);
    assert_true(u256_mul(&r, m64, m64));
    assert_dec(r, "340282366920938463426481119284349108225");
    assert_true(u256_mul(&r, pow2(128), u256_sub_wrap(pow2(128), U256_ONE)));
    assert_u256(r, u256_sub_wrap(U256_ZERO, pow2(128)));
    assert_false(u256_mul(&r, pow2(128), pow2(128)));
    assert_true(u256_mul(&r, pow2(127), pow2(128)));
    assert_u256(r, pow2(255));
    assert_false(u256_mul(&r, pow2(255), u256_from_u64(2)));
    assert_true(u256_mul(&r, U256_MAX, U256_ONE));
    assert_u256(r, U256_MAX);
    assert_true(u256_mul(&r, U256_MAX, U256_ZERO));
    assert_u256(r, U256_ZERO);
    assert_true(u256_mul(&r, U256_ZERO, U256_MAX));
    assert_u256(r, U256_ZERO);
    assert_false(u256_mul(&r, U256_MAX, u256_from_u64(2)));
    /* (2^128+1)(2^128-1) = 2^256-1 fits; one more overflows. */
    assert_true(u256_mul(&r, u256_add_wrap(pow2(128), U256_ONE), u256_sub_wrap(pow2(128), U256_ONE)));
    assert_u256(r, U256_MAX);
    assert_false(u256_mul(&r, u256_add_wrap(pow2(128), U256_ONE), pow2(128)));
    /* 3-limb by 2-limb products: only the carry into limb 4 decides. */
    assert_false(u256_mul(&r, u256_sub_wrap(pow2(129), U256_ONE), u256_sub_wrap(pow2(128), U256_ONE)));
    assert_false(u256_mul(&r, u256_sub_wrap(pow2(192), U256_ONE), u256_add_wrap(pow2(64), U256_ONE)));
    assert_true(u256_mul(&r, pow2(191), pow2(64)));
    assert_u256(r, pow2(255));
    assert_true(u256_mul(&r, u256_sub_wrap(pow2(128), U256_ONE), u256_sub_wrap(pow2(128), U256_ONE)));
    assert_u256(r, u256_add_wrap(u256_sub_wrap(U256_ZERO, pow2(129)), U256_ONE));
    assert_u256(u256_mul_wrap(U256_MAX, U256_MAX), U256_ONE);
    assert_u256(u256_mul_wrap(pow2(200), pow2(100)), U256_ZERO);
    assert_u256(u256_mul_wrap(P("1000000000000000000"), P("1000000000000000000")), P("1000000000000000000000000000000000000"));
}

/* ---------- div / mod ---------- */

static void test_div_mod(void **state) {
    (void)state;
    u256 q, r;
    assert_false(u256_div(&q, U256_MAX, U256_ZERO));
    assert_false(u256_mod(&r, U256_ONE, U256_ZERO));
    assert_false(u256_divmod(&q, &r, U256_ZERO, U256_ZERO));
    assert_true(u256_div(&q, U256_ZERO, U256_MAX));
    assert_u256(q, U256_ZERO);
    assert_true(u256_div(&q, U256_MAX, U256_MAX));
    assert_u256(q, U256_ONE);
    assert_true(u256_div(&q, U256_MAX, U256_ONE));
    assert_u256(q, U256_MAX);
    assert_true(u256_div(&q, U256_MAX, u256_from_u64(UINT64_MAX)));
    assert_u256(q, H("0x1000000000000000100000000000000010000000000000001"));
    assert_true(u256_mod(&r, U256_MAX, u256_from_u64(UINT64_MAX)));
    assert_u256(r, U256_ZERO);
    assert_true(u256_divmod(&q, &r, U256_MAX, pow2(128)));
    assert_u256(q, u256_sub_wrap(pow2(128), U256_ONE));
    assert_u256(r, u256_sub_wrap(pow2(128), U256_ONE));
    assert_true(u256_divmod(&q, &r, U256_MAX, u256_add_wrap(pow2(128), U256_ONE)));
    assert_u256(q, u256_sub_wrap(pow2(128), U256_ONE));
    assert_u256(r, U256_ZERO);
    assert_true(u256_divmod(&q, &r, u256_sub_wrap(pow2(255), U256_ONE), pow2(255)));
    assert_u256(q, U256_ZERO);
    assert_u256(r, u256_sub_wrap(pow2(255), U256_ONE));
    assert_true(u256_divmod(&q, &r, P("1000000000000000000000000000"), P("3")));
    assert_dec(q, "333333333333333333333333333");
    assert_dec(r, "1");
    /* The first quotient estimate is one too large and the divisor is added back. */
    u256 n = {{0, 0, 0x8000000000000000ULL, 0x7fffffffffffffffULL}};
    u256 d = {{1, 0, 0x8000000000000000ULL, 0}};
    assert_true(u256_divmod(&q, &r, n, d));
    assert_u256(q, H("0xfffffffffffffffe"));
    assert_u256(r, H("0x7fffffffffffffffffffffffffffffff0000000000000002"));
}

/* ---------- shifts and bits ---------- */

static void test_shifts(void **state) {
    (void)state;
    assert_u256(u256_shl(U256_ONE, 0), U256_ONE);
    assert_u256(u256_shl(U256_ONE, 64), (u256){{0, 1, 0, 0}});
    assert_u256(u256_shl(U256_ONE, 255), (u256){{0, 0, 0, 0x8000000000000000ULL}});
    assert_u256(u256_shl(U256_ONE, 256), U256_ZERO);
    assert_u256(u256_shl(U256_MAX, 1000), U256_ZERO);
    assert_u256(u256_shl(U256_MAX, 4), H("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0"));
    assert_u256(u256_shl(U256_MAX, 100), u256_sub_wrap(U256_ZERO, pow2(100)));
    assert_u256(u256_shr(U256_MAX, 255), U256_ONE);
    assert_u256(u256_shr(U256_MAX, 256), U256_ZERO);
    assert_u256(u256_shr(U256_MAX, UINT32_MAX), U256_ZERO);
    assert_u256(u256_shr(U256_MAX, 0), U256_MAX);
    assert_u256(u256_shr(U256_MAX, 129), u256_sub_wrap(pow2(127), U256_ONE));
    assert_u256(u256_shr(pow2(130), 66), pow2(64));
    assert_int_equal(u256_bitlen(U256_ZERO), 0);
    assert_int_equal(u256_bitlen(U256_ONE), 1);
    assert_int_equal(u256_bitlen(pow2(64)), 65);
    assert_int_equal(u256_bitlen(u256_sub_wrap(pow2(64), U256_ONE)), 64);
    assert_int_equal(u256_bitlen(U256_MAX), 256);
    u256 a = H("0xf0f0"), b = H("0xff00");
    assert_u256(u256_and(a, b), H("0xf000"));
    assert_u256(u256_or(a, b), H("0xfff0"));
    assert_u256(u256_xor(a, b), H("0x0ff0"));
    assert_u256(u256_not(U256_ZERO), U256_MAX);
    assert_u256(u256_not(pow2(255)), u256_sub_wrap(pow2(255), U256_ONE));
}

/* ---------- mulDiv ---------- */

static void test_muldiv(void **state) {
    (void)state;
    u256 r;
    u256 wad = P("1000000000000000000");
    assert_false(u256_muldiv(&r, U256_ONE, U256_ONE, U256_ZERO));
    assert_false(u256_muldiv_up(&r, U256_ONE, U256_ONE, U256_ZERO));
    assert_false(u256_muldiv(&r, U256_ZERO, U256_ZERO, U256_ZERO));
    assert_true(u256_muldiv(&r, U256_ZERO, U256_MAX, U256_ONE));
    assert_u256(r, U256_ZERO);
    /* MAX * MAX / MAX: 512-bit intermediate, exact result MAX. */
    assert_true(u256_muldiv(&r, U256_MAX, U256_MAX, U256_MAX));
    assert_u256(r, U256_MAX);
    assert_true(u256_muldiv_up(&r, U256_MAX, U256_MAX, U256_MAX));
    assert_u256(r, U256_MAX);
    /* MAX * MAX / (MAX - 1) = MAX + 1 + 1/(MAX-1): overflow by one. */
    assert_false(u256_muldiv(&r, U256_MAX, U256_MAX, u256_sub_wrap(U256_MAX, U256_ONE)));
    /* MAX * (MAX - 1) / MAX = MAX - 1 exactly. */
    assert_true(u256_muldiv(&r, U256_MAX, u256_sub_wrap(U256_MAX, U256_ONE), U256_MAX));
    assert_u256(r, u256_sub_wrap(U256_MAX, U256_ONE));
    /* MAX * 3 / 2 floors to 2^256 + 2^255 - 2: overflow. */
    assert_false(u256_muldiv(&r, U256_MAX, u256_from_u64(3), u256_from_u64(2)));
    /* 3 * MAX / 3: the product needs 258 bits, the quotient is MAX exactly. */
    assert_true(u256_muldiv(&r, U256_MAX, u256_from_u64(3), u256_from_u64(3)));
    assert_u256(r, U256_MAX);
    assert_true(u256_muldiv_up(&r, U256_MAX, u256_from_u64(3), u256_from_u64(3)));
    assert_u256(r, U256_MAX);
    /* a = 2^255 - 1, b = 2, d = 1: floor exactly MAX - 1. */
    assert_true(u256_muldiv(&r, u256_sub_wrap(pow2(255), U256_ONE), u256_from_u64(2), U256_ONE));
    assert_u256(r, u256_sub_wrap(U256_MAX, U256_ONE));
    /* MAX * (2^128 - 1) / 2^128 = 2^256 - 2^128 - 1 + 1/2^128. */
    assert_true(u256_muldiv(&r, U256_MAX, u256_sub_wrap(pow2(128), U256_ONE), pow2(128)));
    assert_u256(r, H("0xfffffffffffffffffffffffffffffffeffffffffffffffffffffffffffffffff"));
    assert_true(u256_muldiv_up(&r, U256_MAX, u256_sub_wrap(pow2(128), U256_ONE), pow2(128)));
    assert_u256(r, H("0xffffffffffffffffffffffffffffffff00000000000000000000000000000000"));
    /* Share-scale values. */
    assert_true(u256_muldiv(&r, P("1000000000000000000000"), wad, P("3000000000000000000")));
    assert_dec(r, "333333333333333333333");
    assert_true(u256_muldiv_up(&r, P("1000000000000000000000"), wad, P("3000000000000000000")));
    assert_dec(r, "333333333333333333334");
    assert_true(u256_muldiv_up(&r, P("6"), P("4"), P("8")));
    assert_dec(r, "3");
    assert_true(u256_muldiv(&r, u256_from_u64(7), u256_from_u64(3), u256_from_u64(22)));
    assert_dec(r, "0");
    assert_true(u256_muldiv_up(&r, u256_from_u64(7), u256_from_u64(3), u256_from_u64(22)));
    assert_dec(r, "1");
    /* 64x64/64 fast path whose quotient exceeds 64 bits. */
    assert_true(u256_muldiv(&r, u256_from_u64(UINT64_MAX), u256_from_u64(UINT64_MAX), u256_from_u64(3)));
    assert_dec(r, "113427455640312821142160373094783036075");
}

/* Results exactly at 2^256-1 after rounding up, and overflow by one on the ceiling. */
static void test_muldiv_up_boundary(void **state) {
    (void)state;
    u256 r;
    /* MAX * 2^128 / 2^128: exact, both roundings give MAX. */
    assert_true(u256_muldiv(&r, U256_MAX, pow2(128), pow2(128)));
    assert_u256(r, U256_MAX);
    assert_true(u256_muldiv_up(&r, U256_MAX, pow2(128), pow2(128)));
    assert_u256(r, U256_MAX);
    /* (2^192 - 1)(2^192 + 1) = 2^384 - 1 = MAX * 2^128 + (2^128 - 1):
     * the floor is MAX, so rounding up overflows by one. */
    u256 a = u256_sub_wrap(pow2(192), U256_ONE), b = u256_add_wrap(pow2(192), U256_ONE);
    assert_true(u256_muldiv(&r, a, b, pow2(128)));
    assert_u256(r, U256_MAX);
    assert_false(u256_muldiv_up(&r, a, b, pow2(128)));
    /* 2^384 - 1 = (2^128 + 1)(2^256 - 2^128) + (2^128 - 1). */
    assert_true(u256_muldiv(&r, a, b, u256_add_wrap(pow2(128), U256_ONE)));
    assert_u256(r, u256_sub_wrap(U256_ZERO, pow2(128)));
    assert_true(u256_muldiv_up(&r, a, b, u256_add_wrap(pow2(128), U256_ONE)));
    assert_u256(r, u256_add_wrap(u256_sub_wrap(U256_ZERO, pow2(128)), U256_ONE));
    /* 4 * (3 * 2^254 - 1) = 3 * (MAX - 1) + 2: floor MAX - 1, ceiling exactly MAX. */
    u256 b3 = u256_sub_wrap(u256_mul_wrap(u256_from_u64(3), pow2(254)), U256_ONE);
    assert_true(u256_muldiv(&r, u256_from_u64(4), b3, u256_from_u64(3)));
    assert_u256(r, u256_sub_wrap(U256_MAX, U256_ONE));
    assert_true(u256_muldiv_up(&r, u256_from_u64(4), b3, u256_from_u64(3)));
    assert_u256(r, U256_MAX);
    /* 2^384 / (2^128 - 1) = 2^256 + 2^128 + 1 + ...: overflow. */
    assert_false(u256_muldiv(&r, pow2(192), pow2(192), u256_sub_wrap(pow2(128), U256_ONE)));
    assert_false(u256_muldiv_up(&r, U256_MAX, U256_MAX, u256_sub_wrap(U256_MAX, U256_ONE)));
    /* Single-limb divisors under a 512-bit product. */
    assert_false(u256_muldiv(&r, U256_MAX, U256_MAX, u256_from_u64(UINT64_MAX)));
    assert_true(u256_muldiv(&r, U256_MAX, pow2(64), pow2(64)));
    assert_u256(r, U256_MAX);
    assert_true(u256_muldiv(&r, U256_MAX, u256_from_u64(5), u256_from_u64(5)));
    assert_u256(r, U256_MAX);
    assert_false(u256_muldiv(&r, U256_MAX, u256_from_u64(5), u256_from_u64(4)));
}

/* OpenZeppelin 4.9 (the reference's version) reverts differently per case;
 * callers tell them apart with u256_mul and u256_muldiv, as checked here:
 *   d == 0 and a*b < 2^256      -> Panic(0x12)  (plain division by zero)
 *   otherwise floor overflows   -> Error("Math: mulDiv overflow")
 *   floor fits, ceiling doesn't -> Panic(0x11)  (checked result += 1) */
static void test_muldiv_failure_kinds(void **state) {
    (void)state;
    u256 r, prod;
    /* d == 0, product fits: the division-by-zero panic. */
    assert_false(u256_muldiv(&r, u256_from_u64(3), u256_from_u64(5), U256_ZERO));
    assert_true(u256_mul(&prod, u256_from_u64(3), u256_from_u64(5)));
    /* d == 0, product wide: OZ's overflow require fires first. */
    assert_false(u256_muldiv(&r, U256_MAX, u256_from_u64(2), U256_ZERO));
    assert_false(u256_mul(&prod, U256_MAX, u256_from_u64(2)));
    /* Floor overflow with d != 0. */
    assert_false(u256_muldiv(&r, U256_MAX, u256_from_u64(2), U256_ONE));
    assert_false(u256_muldiv_up(&r, U256_MAX, u256_from_u64(2), U256_ONE));
    /* Only the rounding overflows: floor succeeds, ceiling fails. */
    u256 a = u256_sub_wrap(pow2(192), U256_ONE), b = u256_add_wrap(pow2(192), U256_ONE);
    assert_true(u256_muldiv(&r, a, b, pow2(128)));
    assert_false(u256_muldiv_up(&r, a, b, pow2(128)));
}

/* ---------- SafeCast ---------- */

static void test_safecast(void **state) {
    (void)state;
    uint64_t v64 = 0;
    uint32_t v32 = 0;
    assert_true(u256_to_u64(&v64, u256_from_u64(UINT64_MAX)));
    assert_true(v64 == UINT64_MAX);
    assert_false(u256_to_u64(&v64, pow2(64)));
    assert_false(u256_to_u64(&v64, pow2(255)));
    assert_true(u256_to_u32(&v32, u256_from_u64(UINT32_MAX)));
    assert_true(v32 == UINT32_MAX);
    assert_false(u256_to_u32(&v32, u256_from_u64((uint64_t)UINT32_MAX + 1)));
    assert_false(u256_to_u32(&v32, pow2(128)));
    assert_true(u256_fits_bits(U256_ZERO, 0));
    assert_false(u256_fits_bits(U256_ONE, 0));
    assert_true(u256_fits_bits(u256_from_u64(255), 8));
    assert_false(u256_fits_bits(u256_from_u64(256), 8));
    assert_true(u256_fits_bits(u256_sub_wrap(pow2(64), U256_ONE), 64));
    assert_false(u256_fits_bits(pow2(64), 64));
    assert_true(u256_fits_bits(u256_sub_wrap(pow2(128), U256_ONE), 128));
    assert_false(u256_fits_bits(pow2(128), 128));
    assert_true(u256_fits_bits(u256_sub_wrap(pow2(184), U256_ONE), 184));
    assert_false(u256_fits_bits(pow2(184), 184));
    assert_true(u256_fits_bits(U256_MAX, 256));
    assert_true(u256_fits_bits(U256_MAX, 1000));
    assert_false(u256_fits_bits(U256_MAX, 255));
    assert_true(u256_fits_int256(u256_sub_wrap(pow2(255), U256_ONE)));
    assert_false(u256_fits_int256(pow2(255)));
    assert_false(u256_fits_int256(U256_MAX));
    assert_true(u256_fits_int256(U256_ZERO));
}

/* ---------- bytes ---------- */

static void test_bytes(void **state) {
    (void)state;
    uint8_t be[32], be2[33];
    for (int i = 0; i < 32; i++) be[i] = (uint8_t)(i + 1);
    u256 x = u256_from_be(be);
    assert_u256(x, H("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"));
    uint8_t out[32];
    u256_to_be(x, out);
    assert_memory_equal(out, be, 32);
    assert_u256(u256_from_be_n(be, 0), U256_ZERO);
    assert_u256(u256_from_be_n(NULL, 0), U256_ZERO);
    assert_u256(u256_from_be_n(be, 3), H("0x010203"));
    assert_u256(u256_from_be_n(be + 12, 20), H("0x0d0e0f101112131415161718191a1b1c1d1e1f20"));
    be2[0] = 0xff;
    memcpy(be2 + 1, be, 32);
    assert_u256(u256_from_be_n(be2, 33), x);
}

/* ---------- decimal / hex ---------- */

static void test_dec(void **state) {
    (void)state;
    u256 r;
    char buf[79];
    assert_int_equal(u256_to_dec(U256_ZERO, buf), 1);
    assert_string_equal(buf, "0");
    assert_int_equal(u256_to_dec(U256_MAX, buf), 78);
    assert_string_equal(buf, MAX_DEC);
    assert_int_equal(u256_to_dec(P("10000000000000000000"), buf), 20);
    assert_string_equal(buf, "10000000000000000000");
    assert_int_equal(u256_to_dec(P("100000000000000000000000000000000000000"), buf), 39);
    assert_string_equal(buf, "100000000000000000000000000000000000000");
    assert_dec(pow2(255), "57896044618658097711785492504343953926634992332820282019728792003956564819968");
    assert_dec(pow2(64), "18446744073709551616");
    assert_dec(u256_sub_wrap(pow2(64), U256_ONE), "18446744073709551615");
    assert_dec(pow2(128), "340282366920938463463374607431768211456");
    assert_true(u256_from_dec(&r, "0000000000000000000000000000000000000000000000000000000000000000000000000000000000042", 85));
    assert_dec(r, "42");
    /* Length is honoured: trailing bytes past len are ignored. */
    assert_true(u256_from_dec(&r, "123xyz", 3));
    assert_dec(r, "123");
    const char *bad[] = {"", "-1", "+1", " 1", "1 ", "1a", "0x10", "1.0", "1e3", "１",
                         "115792089237316195423570985008687907853269984665640564039457584007913129639936",
                         "999999999999999999999999999999999999999999999999999999999999999999999999999999",
                         "1157920892373161954235709850086879078532699846656405640394575840079131296399350"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        r = u256_from_u64(77);
        assert_false(u256_from_dec(&r, bad[i], strlen(bad[i])));
    }
    assert_false(u256_from_dec(&r, "1\0" "2", 3));
    assert_false(u256_from_dec(&r, NULL, 0));
}

static void test_hex(void **state) {
    (void)state;
    u256 r;
    char buf[67];
    assert_int_equal(u256_to_hex(U256_ZERO, buf), 3);
    assert_string_equal(buf, "0x0");
    assert_int_equal(u256_to_hex(U256_MAX, buf), 66);
    assert_string_equal(buf, MAX_HEX);
    assert_int_equal(u256_to_hex(pow2(64), buf), 19);
    assert_string_equal(buf, "0x10000000000000000");
    assert_true(u256_from_hex(&r, "0xDeadBEEF", 10));
    assert_u256(r, u256_from_u64(0xdeadbeef));
    assert_true(u256_from_hex(&r, "0X1F", 4));
    assert_u256(r, u256_from_u64(31));
    assert_true(u256_from_hex(&r, "ff", 2));
    assert_u256(r, u256_from_u64(255));
    assert_true(u256_from_hex(&r, "0x0", 3));
    assert_u256(r, U256_ZERO);
    assert_true(u256_from_hex(&r, "0x0000000000000000000000000000000000000000000000000000000000000001", 66));
    assert_u256(r, U256_ONE);
    assert_true(u256_from_hex(&r, "8000000000000000000000000000000000000000000000000000000000000000", 64));
    assert_u256(r, pow2(255));
    const char *bad[] = {"", "0x", "0xg", "x1", "0X", "-0x1", " 0x1", "0x1 ", "0x0x1", "0x+1",
                         "0x10000000000000000000000000000000000000000000000000000000000000000",
                         "00000000000000000000000000000000000000000000000000000000000000001"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_false(u256_from_hex(&r, bad[i], strlen(bad[i])));
    assert_false(u256_from_hex(&r, NULL, 0));
}

/* ---------- GMP differential ---------- */

static uint64_t rng_state;

static uint64_t rnd(void) {
    /* splitmix64, seeded by test_seed: RESTAKE_SEED replays a run. */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rnd_limb_pattern(void) {
    /* Limbs near the extremes drive Knuth D's qhat correction and add-back paths. */
    switch (rnd() % 8) {
    case 0: return 0;
    case 1: return 1;
    case 2: return UINT64_MAX;
    case 3: return UINT64_MAX - 1;
    case 4: return 0x8000000000000000ULL;
    case 5: return 0x7fffffffffffffffULL;
    default: return rnd();
    }
}

static u256 rnd_operand(void) {
    u256 x = U256_ZERO;
    switch (rnd() % 10) {
    case 0: { /* fixed edges */
        switch (rnd() % 12) {
        case 0: return U256_ZERO;
        case 1: return U256_ONE;
        case 2: return u256_from_u64(UINT64_MAX);
        case 3: return pow2(64);
        case 4: return u256_add_wrap(pow2(64), U256_ONE);
        case 5: return u256_sub_wrap(pow2(128), U256_ONE);
        case 6: return pow2(128);
        case 7: return u256_add_wrap(pow2(128), U256_ONE);
        case 8: return pow2(255);
        case 9: return U256_MAX;
        case 10: return u256_sub_wrap(U256_MAX, U256_ONE);
        default: return u256_from_u64(1000000000000000000ULL);
        }
    }
    case 1: { /* powers of two, +-1 */
        u256 p = pow2((unsigned)(rnd() % 256));
        unsigned k = (unsigned)(rnd() % 3);
        return k == 0 ? p : k == 1 ? u256_add_wrap(p, U256_ONE) : u256_sub_wrap(p, U256_ONE);
    }
    case 2: /* limb patterns */
        for (int i = 0; i < 4; i++) x.w[i] = rnd_limb_pattern();
        return x;
    case 3: { /* limb patterns at a random width */
        int n = (int)(rnd() % 5);
        for (int i = 0; i < n; i++) x.w[i] = rnd_limb_pattern();
        return x;
    }
    default: { /* uniform bits at a random bit width */
        unsigned bits = (unsigned)(rnd() % 257);
        for (int i = 0; i < 4; i++) x.w[i] = rnd();
        return bits == 256 ? x : u256_and(x, u256_sub_wrap(pow2(bits), U256_ONE));
    }
    }
}

static mpz_t g_mod, g_max; /* 2^256 and 2^256 - 1 */

static void to_mpz(mpz_t z, u256 a) { mpz_import(z, 4, -1, sizeof(uint64_t), 0, 0, a.w); }

static u256 from_mpz(const mpz_t z) {
    /* z is in [0, 2^256) by construction of every caller. */
    u256 r = U256_ZERO;
    size_t count = 0;
    mpz_export(r.w, &count, -1, sizeof(uint64_t), 0, 0, z);
    return r;
}

static long n_checked;

static void check(bool ok_got, u256 got, bool ok_want, const mpz_t want, const char *op, u256 a, u256 b) {
    n_checked++;
    bool good = ok_got == ok_want && (!ok_want || u256_eq(got, from_mpz(want)));
    if (!good) {
        char sa[79], sb[79], sg[79];
        u256_to_dec(a, sa);
        u256_to_dec(b, sb);
        u256_to_dec(got, sg);
        fail_msg("%s(%s, %s): got ok=%d %s, want ok=%d", op, sa, sb, ok_got, sg, ok_want);
    }
}

static bool fits(const mpz_t z) { return mpz_sgn(z) >= 0 && mpz_cmp(z, g_max) <= 0; }

static void diff_arith(u256 a, u256 b, mpz_t za, mpz_t zb, mpz_t t) {
    u256 r = U256_ZERO;
    bool ok;

    mpz_add(t, za, zb);
    ok = u256_add(&r, a, b);
    check(ok, r, fits(t), t, "add", a, b);
    mpz_mod(t, t, g_mod);
    check(true, u256_add_wrap(a, b), true, t, "add_wrap", a, b);

    mpz_sub(t, za, zb);
    ok = u256_sub(&r, a, b);
    check(ok, r, fits(t), t, "sub", a, b);
    mpz_mod(t, t, g_mod);
    check(true, u256_sub_wrap(a, b), true, t, "sub_wrap", a, b);

    mpz_mul(t, za, zb);
    ok = u256_mul(&r, a, b);
    check(ok, r, fits(t), t, "mul", a, b);
    mpz_mod(t, t, g_mod);
    check(true, u256_mul_wrap(a, b), true, t, "mul_wrap", a, b);

    bool nz = mpz_sgn(zb) != 0;
    if (nz) mpz_tdiv_q(t, za, zb);
    ok = u256_div(&r, a, b);
    check(ok, r, nz, t, "div", a, b);
    if (nz) mpz_tdiv_r(t, za, zb);
    ok = u256_mod(&r, a, b);
    check(ok, r, nz, t, "mod", a, b);
    if (nz) {
        u256 q, m;
        assert_true(u256_divmod(&q, &m, a, b));
        mpz_tdiv_q(t, za, zb);
        check(true, q, true, t, "divmod.q", a, b);
        mpz_tdiv_r(t, za, zb);
        check(true, m, true, t, "divmod.r", a, b);
    }

    n_checked++;
    int c = mpz_cmp(za, zb);
    assert_int_equal(u256_cmp(a, b), c < 0 ? -1 : c > 0 ? 1 : 0);
}

static void diff_shift(u256 a, mpz_t za, mpz_t t) {
    unsigned n = (unsigned)(rnd() % 300);
    mpz_mul_2exp(t, za, n);
    mpz_mod(t, t, g_mod);
    check(true, u256_shl(a, n), true, t, "shl", a, u256_from_u64(n));
    mpz_fdiv_q_2exp(t, za, n);
    check(true, u256_shr(a, n), true, t, "shr", a, u256_from_u64(n));
    n_checked++;
    assert_int_equal(u256_bitlen(a), mpz_sgn(za) ? mpz_sizeinbase(za, 2) : 0);
}

static void diff_muldiv(u256 a, u256 b, u256 d, mpz_t za, mpz_t zb, mpz_t zd, mpz_t t) {
    u256 r = U256_ZERO;
    bool nz = mpz_sgn(zd) != 0;
    mpz_mul(t, za, zb);
    if (nz) mpz_fdiv_q(t, t, zd);
    bool ok = u256_muldiv(&r, a, b, d);
    check(ok, r, nz && fits(t), t, "muldiv", a, b);
    mpz_mul(t, za, zb);
    if (nz) mpz_cdiv_q(t, t, zd);
    ok = u256_muldiv_up(&r, a, b, d);
    check(ok, r, nz && fits(t), t, "muldiv_up", a, b);
}

/* Divisors chosen relative to a*b so quotients land near 2^256. */
static u256 rnd_divisor_for(u256 a, u256 b, mpz_t za, mpz_t zb, mpz_t t) {
    switch (rnd() % 6) {
    case 0: return a;
    case 1: return b;
    case 2: { /* d = ceil(a*b / 2^256) (+ small delta): quotient just around MAX */
        mpz_mul(t, za, zb);
        mpz_cdiv_q_2exp(t, t, 256);
        u256 d = from_mpz(t);
        unsigned k = (unsigned)(rnd() % 3);
        return k == 0 ? d : k == 1 ? u256_add_wrap(d, U256_ONE) : u256_sub_wrap(d, U256_ONE);
    }
    default: return rnd_operand();
    }
}

static void diff_text(u256 a, mpz_t za, mpz_t t) {
    char mine[79], gmp[80], hex[67], ghex[70];
    u256 back = U256_ZERO;
    size_t n = u256_to_dec(a, mine);
    mpz_get_str(gmp, 10, za);
    n_checked++;
    assert_string_equal(mine, gmp);
    assert_int_equal(n, strlen(gmp));
    assert_true(u256_from_dec(&back, mine, n));
    check(true, back, true, za, "dec round trip", a, a);
    n = u256_to_hex(a, hex);
    ghex[0] = '0';
    ghex[1] = 'x';
    mpz_get_str(ghex + 2, 16, za);
    n_checked++;
    assert_string_equal(hex, ghex);
    assert_true(u256_from_hex(&back, hex, n));
    check(true, back, true, za, "hex round trip", a, a);

    /* Random digit strings, some longer than 78 digits: parse agrees with GMP's bound. */
    char s[96];
    size_t len = 1 + (size_t)(rnd() % 82);
    for (size_t i = 0; i < len; i++) s[i] = (char)('0' + rnd() % 10);
    if (rnd() % 4 == 0 && len >= 78) memcpy(s + len - 78, MAX_DEC, 78); /* hug the bound */
    if (rnd() % 8 == 0) s[rnd() % len]++; /* sometimes a ':' (non-digit) */
    s[len] = '\0';
    bool valid = strspn(s, "0123456789") == len;
    if (valid) mpz_set_str(t, s, 10);
    bool ok = u256_from_dec(&back, s, len);
    check(ok, back, valid && fits(t), t, "from_dec", a, a);
}

static void test_gmp_differential(void **state) {
    (void)state;
    rng_state = test_seed("test_u256 gmp_differential");
    mpz_t za, zb, zd, t;
    mpz_inits(za, zb, zd, t, g_mod, g_max, NULL);
    mpz_setbit(g_mod, 256);
    mpz_sub_ui(g_max, g_mod, 1);
    n_checked = 0;
    const int rounds = 200000;
    for (int i = 0; i < rounds; i++) {
        u256 a = rnd_operand(), b = rnd_operand();
        to_mpz(za, a);
        to_mpz(zb, b);
        diff_arith(a, b, za, zb, t);
        diff_shift(a, za, t);
        for (int k = 0; k < 3; k++) {
            u256 d = rnd_divisor_for(a, b, za, zb, t);
            to_mpz(zd, d);
            diff_muldiv(a, b, d, za, zb, zd, t);
        }
        /* Narrow operands exercise the 64-bit and 128-bit fast paths. */
        u256 sa = {{rnd(), rnd() % 2 ? rnd() : 0, 0, 0}}, sb = {{rnd(), 0, 0, 0}}, sd = {{rnd() | 1, rnd() % 2 ? rnd() : 0, 0, 0}};
        if (rnd() % 2) sa.w[1] = 0;
        to_mpz(za, sa);
        to_mpz(zb, sb);
        to_mpz(zd, sd);
        diff_muldiv(sa, sb, sd, za, zb, zd, t);
        diff_arith(sa, sd, za, zd, t);
        to_mpz(za, a);
        if (i % 2 == 0) diff_text(a, za, t);
    }
    printf("u256 vs GMP: %ld operations checked\n", n_checked);
    assert_true(n_checked >= 1000000);
    mpz_clears(za, zb, zd, t, g_mod, g_max, NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_add),
        cmocka_unit_test(test_sub),
        cmocka_unit_test(test_mul),
        cmocka_unit_test(test_div_mod),
        cmocka_unit_test(test_shifts),
        cmocka_unit_test(test_muldiv),
        cmocka_unit_test(test_muldiv_up_boundary),
        cmocka_unit_test(test_muldiv_failure_kinds),
        cmocka_unit_test(test_safecast),
        cmocka_unit_test(test_bytes),
        cmocka_unit_test(test_dec),
        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_gmp_differential),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
