/* Checks every layer uses: a must-use mark for results that carry a revert or
 * error status, and narrowing conversions that assert the value fits.
 *
 * Assertions (assert.h) state a function's pre- and postconditions and the
 * invariants of its data. They are programming-error checks, never input
 * validation: bad input gets a precise error, not an abort. They are on in
 * the Debug, sanitizer and fuzz builds (tests and fuzzing run those); Release
 * defines NDEBUG, which compiles them out. */
#ifndef RESTAKE_CHECK_H
#define RESTAKE_CHECK_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

/* A result that reports a revert or an error: ignoring it loses the failure. */
#if defined(__GNUC__) || defined(__clang__)
#define RS_MUST_USE __attribute__((warn_unused_result))
#else
#define RS_MUST_USE
#endif

/* A checked operation whose failure is impossible here (constant operands, a
 * nonzero divisor, a sum that cannot wrap): the result is still looked at. */
static inline void rs_cannot_fail(int ok) {
    assert(ok);
    (void)ok;
}

/* Narrowing that must never lose bits: counters, indices and block numbers. */
static inline uint32_t rs_u32_from_u64(uint64_t x) {
    assert(x <= UINT32_MAX);
    return (uint32_t)x;
}

static inline uint32_t rs_u32_from_size(size_t x) {
    assert(x <= UINT32_MAX);
    return (uint32_t)x;
}

static inline uint8_t rs_u8_from_size(size_t x) {
    assert(x <= UINT8_MAX);
    return (uint8_t)x;
}

static inline uint16_t rs_u16_from_size(size_t x) {
    assert(x <= UINT16_MAX);
    return (uint16_t)x;
}

static inline int rs_int_from_size(size_t x) {
    assert(x <= (size_t)INT32_MAX);
    return (int)x;
}

#endif
