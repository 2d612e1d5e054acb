/* rs_buf appends and ABI words; rs_arena alignment, zeroing, limit and reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "restake/buf.h"

static void test_buf_append(void **state) {
    (void)state;
    rs_buf b;
    rs_buf_init(&b);
    assert_int_equal(b.len, 0);
    for (int i = 0; i < 10000; i++) {
        uint8_t x = (uint8_t)i;
        rs_buf_put(&b, &x, 1);
    }
    assert_int_equal(b.len, 10000);
    assert_true(b.cap >= 10000);
    for (int i = 0; i < 10000; i++) assert_int_equal(b.p[i], (uint8_t)i);
    rs_buf_zeros(&b, 5);
    assert_int_equal(b.len, 10005);
    assert_int_equal(b.p[10004], 0);
    rs_buf_put(&b, NULL, 0);
    assert_int_equal(b.len, 10005);
    rs_buf_reset(&b);
    assert_int_equal(b.len, 0);
    rs_buf_free(&b);
    assert_null(b.p);
}

static void test_buf_words(void **state) {
    (void)state;
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_word(&b, (u256){{0x0807060504030201ull, 0x1817161514131211ull, 0x2827262524232221ull,
                            0x3837363534333231ull}});
    static const uint8_t want[32] = {0x38, 0x37, 0x36, 0x35, 0x34, 0x33, 0x32, 0x31, 0x28, 0x27, 0x26,
                                     0x25, 0x24, 0x23, 0x22, 0x21, 0x18, 0x17, 0x16, 0x15, 0x14, 0x13,
                                     0x12, 0x11, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01};
    assert_memory_equal(b.p, want, 32);

    rs_addr a;
    for (int i = 0; i < 20; i++) a.b[i] = (uint8_t)(0xa0 + i);
    rs_buf_word_addr(&b, a);
    static const uint8_t zero12[12] = {0};
    assert_memory_equal(b.p + 32, zero12, 12);
    assert_memory_equal(b.p + 44, a.b, 20);

    rs_b32 x;
    for (int i = 0; i < 32; i++) x.b[i] = (uint8_t)(0xff - i);
    rs_buf_word_b32(&b, x);
    assert_memory_equal(b.p + 64, x.b, 32);

    rs_buf_word_u64(&b, 0x1234);
    rs_buf_word_bool(&b, 7);
    assert_int_equal(b.len, 160);
    assert_int_equal(b.p[96 + 30], 0x12);
    assert_int_equal(b.p[96 + 31], 0x34);
    assert_int_equal(b.p[128 + 31], 1);

    rs_buf_set_word(&b, 32, U256_MAX);
    for (int i = 32; i < 64; i++) assert_int_equal(b.p[i], 0xff);
    assert_int_equal(b.p[64], 0xff); /* neighbour unchanged */
    rs_buf_free(&b);
}

static void test_arena_alignment_and_zeroing(void **state) {
    (void)state;
    rs_arena a;
    rs_arena_init(&a, 0);
    for (size_t n = 0; n < 3000; n += 7) {
        uint8_t *p = rs_arena_alloc(&a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (size_t i = 0; i < n; i++) assert_int_equal(p[i], 0);
        memset(p, 0xee, n);
    }
    /* a request larger than any block gets its own */
    uint8_t *big = rs_arena_alloc(&a, 5u << 20);
    assert_non_null(big);
    assert_int_equal(big[(5u << 20) - 1], 0);
    rs_arena_free(&a);
    assert_null(a.head);
}

static void test_arena_limit(void **state) {
    (void)state;
    rs_arena a;
    rs_arena_init(&a, 100);
    assert_non_null(rs_arena_alloc(&a, 40)); /* 48 after rounding */
    assert_non_null(rs_arena_alloc(&a, 48)); /* 96 */
    assert_null(rs_arena_alloc(&a, 5));      /* would be 112 */
    assert_null(rs_arena_alloc(&a, SIZE_MAX));
    assert_int_equal(a.used_total, 96);
    rs_arena_reset(&a);
    assert_int_equal(a.used_total, 0);
    assert_non_null(rs_arena_alloc(&a, 96));
    rs_arena_free(&a);
}

/* Memory handed out after a reset is zeroed again even though the block is reused. */
static void test_arena_reset_reuses(void **state) {
    (void)state;
    rs_arena a;
    rs_arena_init(&a, 0);
    uint8_t *first = rs_arena_alloc(&a, 64);
    memset(first, 0x55, 64);
    for (int i = 0; i < 1000; i++) assert_non_null(rs_arena_alloc(&a, 1000));
    rs_arena_reset(&a);
    assert_non_null(a.head);
    uint8_t *again = rs_arena_alloc(&a, 64);
    assert_ptr_equal(again, first);
    for (int i = 0; i < 64; i++) assert_int_equal(again[i], 0);
    rs_arena_free(&a);
    rs_arena_reset(&a); /* on an empty arena: nothing to do */
    assert_null(a.head);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_append),
        cmocka_unit_test(test_buf_words),
        cmocka_unit_test(test_arena_alignment_and_zeroing),
        cmocka_unit_test(test_arena_limit),
        cmocka_unit_test(test_arena_reset_reuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
