/* u256: unsigned 256-bit integers with Solidity 0.8 semantics.
 *
 * Four 64-bit limbs, least significant first (w[0] is bits 0..63). No heap,
 * no global state. Checked operations return false on overflow / division by
 * zero and leave *r unspecified; the caller turns that into the revert
 * Solidity would produce (Panic(0x11) for arithmetic overflow, Panic(0x12)
 * for division or modulo by zero). Unchecked ("wrapping") variants match
 * Solidity's `unchecked { }` blocks. */
#ifndef RESTAKE_U256_H
#define RESTAKE_U256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/check.h"

typedef struct {
    uint64_t w[4];
} u256;

#define U256_ZERO ((u256){{0, 0, 0, 0}})
#define U256_ONE ((u256){{1, 0, 0, 0}})
#define U256_MAX ((u256){{UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX}})

/* Solidity panic codes (the uint256 argument of Panic(uint256)). */
enum { PANIC_ASSERT = 0x01, PANIC_OVERFLOW = 0x11, PANIC_DIV_ZERO = 0x12,
       PANIC_ENUM = 0x21, PANIC_ARRAY_INDEX = 0x32 };

static inline u256 u256_from_u64(uint64_t x) { return (u256){{x, 0, 0, 0}}; }
static inline bool u256_is_zero(u256 a) { return (a.w[0] | a.w[1] | a.w[2] | a.w[3]) == 0; }
static inline bool u256_eq(u256 a, u256 b) {
    return a.w[0] == b.w[0] && a.w[1] == b.w[1] && a.w[2] == b.w[2] && a.w[3] == b.w[3];
}
/* -1, 0 or 1 as a <, ==, > b. */
int u256_cmp(u256 a, u256 b);
static inline bool u256_lt(u256 a, u256 b) { return u256_cmp(a, b) < 0; }
static inline bool u256_le(u256 a, u256 b) { return u256_cmp(a, b) <= 0; }
static inline bool u256_gt(u256 a, u256 b) { return u256_cmp(a, b) > 0; }
static inline bool u256_ge(u256 a, u256 b) { return u256_cmp(a, b) >= 0; }
static inline u256 u256_min(u256 a, u256 b) { return u256_lt(a, b) ? a : b; }
static inline u256 u256_max(u256 a, u256 b) { return u256_lt(a, b) ? b : a; }

/* Checked arithmetic: false on overflow/underflow (Panic 0x11) or zero divisor (Panic 0x12). */
RS_MUST_USE bool u256_add(u256 *r, u256 a, u256 b);
RS_MUST_USE bool u256_sub(u256 *r, u256 a, u256 b);
RS_MUST_USE bool u256_mul(u256 *r, u256 a, u256 b);
RS_MUST_USE bool u256_div(u256 *r, u256 a, u256 b);
RS_MUST_USE bool u256_mod(u256 *r, u256 a, u256 b);

/* Wrapping arithmetic (mod 2^256), as in Solidity `unchecked`. Division by zero yields 0. */
u256 u256_add_wrap(u256 a, u256 b);
u256 u256_sub_wrap(u256 a, u256 b);
u256 u256_mul_wrap(u256 a, u256 b);

/* Bitwise and shifts; shifts of 256 or more yield 0. */
u256 u256_and(u256 a, u256 b);
u256 u256_or(u256 a, u256 b);
u256 u256_xor(u256 a, u256 b);
u256 u256_not(u256 a);
u256 u256_shl(u256 a, unsigned n);
u256 u256_shr(u256 a, unsigned n);
/* Index of the highest set bit plus one (0 for zero). */
unsigned u256_bitlen(u256 a);

/* Quotient and remainder together; false when d is zero. */
RS_MUST_USE bool u256_divmod(u256 *q, u256 *rem, u256 a, u256 d);

/* OpenZeppelin Math.mulDiv: floor(a*b/d) with a 512-bit intermediate.
 * false when d == 0 or the result does not fit in 256 bits. OpenZeppelin 4.9,
 * which the reference uses, reverts with Panic(0x12) when d == 0 and a*b fits,
 * Error("Math: mulDiv overflow") otherwise; slashing_math.h maps them. */
RS_MUST_USE bool u256_muldiv(u256 *r, u256 a, u256 b, u256 d);
/* Math.mulDiv(a, b, d, Rounding.Up): rounds up when a*b % d != 0. */
RS_MUST_USE bool u256_muldiv_up(u256 *r, u256 a, u256 b, u256 d);

/* SafeCast-style narrowing: false when the value does not fit. */
RS_MUST_USE bool u256_to_u64(uint64_t *r, u256 a);
RS_MUST_USE bool u256_to_u32(uint32_t *r, u256 a);
bool u256_fits_bits(u256 a, unsigned bits); /* a < 2^bits */
/* int256 view: false if a >= 2^255 (SafeCast.toInt256 reverts). */
bool u256_fits_int256(u256 a);

/* Big-endian 32-byte words (the EVM's and ABI's encoding). */
u256 u256_from_be(const uint8_t be[32]);
void u256_to_be(u256 a, uint8_t be[32]);
/* Big-endian of up to 32 bytes (shorter input is a smaller number). */
u256 u256_from_be_n(const uint8_t *be, size_t n);

/* Decimal. Parse accepts only [0-9]+, no sign, no spaces, value < 2^256.
 * Returns false on empty input, a non-digit or overflow. */
RS_MUST_USE bool u256_from_dec(u256 *r, const char *s, size_t len);
/* Writes NUL-terminated decimal; buf needs 79 bytes. Returns length. */
size_t u256_to_dec(u256 a, char buf[79]);
/* Hex: parse accepts an optional 0x or 0X, 1..64 hex digits, either case.
 * Print gives "0x" + minimal lower-case digits ("0x0" for zero); buf needs 67 bytes. */
RS_MUST_USE bool u256_from_hex(u256 *r, const char *s, size_t len);
size_t u256_to_hex(u256 a, char buf[67]);

#endif
