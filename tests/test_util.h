/* Literal helpers every kind of test wants: u256 from decimal text, and
 * comparisons of u256 values and byte buffers against decimal or hex text,
 * so an expected value reads as the number the reference recorded.
 * Header-only; not a test itself (only tests/test_*.c are). */
#ifndef RESTAKE_TESTS_TEST_UTIL_H
#define RESTAKE_TESTS_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "file_util.h"
#include "restake/buf.h"
#include "restake/hex.h"
#include "restake/u256.h"

static inline u256 D(const char *dec) {
    u256 v;
    assert_true(u256_from_dec(&v, dec, strlen(dec)));
    return v;
}

static inline void assert_u256(u256 got, const char *want_dec) {
    char buf[79];
    u256_to_dec(got, buf);
    assert_string_equal(buf, want_dec);
}

/* Fails with both values, in decimal and hex, and the expressions that gave
 * them: a bare assert_u256_equal(...) hides what was compared. */
#define assert_u256_equal(a, b) assert_u256_equal_at((a), (b), #a, #b, __FILE__, __LINE__)

static inline void assert_u256_equal_at(u256 a, u256 b, const char *ea, const char *eb, const char *file, int line) {
    if (u256_eq(a, b)) return;
    char da[79], db[79], ha[67], hb[67];
    u256_to_dec(a, da);
    u256_to_dec(b, db);
    u256_to_hex(a, ha);
    u256_to_hex(b, hb);
    print_error("%s != %s\n  left:  %s (%s)\n  right: %s (%s)\n", ea, eb, da, ha, db, hb);
    _fail(file, line);
}

/* want is lowercase hex with the 0x prefix rs_hex_encode writes. */
static inline void assert_buf_hex(const rs_buf *b, const char *want) {
    char *got = malloc(b->len * 2 + 3);
    assert_non_null(got);
    rs_hex_encode(b->p, b->len, got);
    assert_string_equal(got, want);
    free(got);
}

/* The whole file at path, NUL-terminated; its length in *len. */
static inline char *slurp(const char *path, size_t *len) {
    char *p = read_whole_file(path, len);
    assert_non_null(p);
    return p;
}

#endif
