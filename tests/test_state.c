/* The journaled state: reads, writes, rollback, clones, roots, byte strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "restake/state.h"

static rs_key key_n(uint64_t n) {
    rs_key k = rs_key_ns(0x0f01);
    rs_key_u64(&k, n);
    return k;
}

static void test_absent_is_zero(void **unused) {
    (void)unused;
    rs_state *s = rs_state_new();
    rs_key k = key_n(7);
    assert_true(u256_is_zero(rs_sload(s, &k)));
    rs_sstore(s, &k, U256_ZERO);
    assert_int_equal(rs_state_count(s), 0);
    rs_state_free(s);
}

static void test_store_many_and_grow(void **unused) {
    (void)unused;
    rs_state *s = rs_state_new();
    for (uint64_t i = 1; i <= 50000; i++) {
        rs_key k = key_n(i);
        rs_sstore(s, &k, u256_from_u64(i * 3));
    }
    assert_int_equal(rs_state_count(s), 50000);
    for (uint64_t i = 1; i <= 50000; i++) {
        rs_key k = key_n(i);
        assert_int_equal(rs_sload(s, &k).w[0], i * 3);
    }
    rs_key missing = key_n(50001);
    assert_true(u256_is_zero(rs_sload(s, &missing)));
    rs_state_free(s);
}

static void test_revert_restores_every_write(void **unused) {
    (void)unused;
    rs_state *s = rs_state_new();
    rs_key a = key_n(1), b = key_n(2);
    rs_sstore(s, &a, u256_from_u64(10));
    rs_state_commit(s);
    size_t cp = rs_state_checkpoint(s);
    rs_sstore(s, &a, u256_from_u64(11));
    rs_sstore(s, &b, u256_from_u64(20));
    size_t inner = rs_state_checkpoint(s);
    rs_sstore(s, &a, u256_from_u64(12));
    rs_state_revert(s, inner);
    assert_int_equal(rs_sload(s, &a).w[0], 11);
    rs_state_revert(s, cp);
    assert_int_equal(rs_sload(s, &a).w[0], 10);
    assert_true(u256_is_zero(rs_sload(s, &b)));
    rs_state_free(s);
}

static int count_live(void *ctx, const rs_key *k, u256 v) {
    (void)k;
    (void)v;
    (*(int *)ctx)++;
    return 0;
}

static void test_clone_is_independent_and_root_tracks_content(void **unused) {
    (void)unused;
    rs_state *s = rs_state_new();
    rs_key a = key_n(1), b = key_n(2);
    rs_sstore(s, &a, u256_from_u64(5));
    rs_sstore(s, &b, u256_from_u64(6));
    rs_state *c = rs_state_clone(s);
    assert_non_null(c);
    rs_b32 r1 = rs_state_root(s);
    assert_true(rs_b32_eq(r1, rs_state_root(c)));
    rs_sstore(c, &a, u256_from_u64(7));
    assert_int_equal(rs_sload(s, &a).w[0], 5);
    assert_false(rs_b32_eq(r1, rs_state_root(c)));
    /* A value written then zeroed leaves the root as if never written. */
    rs_key z = key_n(3);
    rs_sstore(s, &z, u256_from_u64(1));
    rs_sstore(s, &z, U256_ZERO);
    assert_true(rs_b32_eq(r1, rs_state_root(s)));
    int live = 0;
    rs_state_foreach(s, count_live, &live);
    assert_int_equal(live, 2);
    /* Insertion order does not change the root. */
    rs_state *t = rs_state_new();
    rs_sstore(t, &b, u256_from_u64(6));
    rs_sstore(t, &a, u256_from_u64(5));
    assert_true(rs_b32_eq(r1, rs_state_root(t)));
    rs_state_free(t);
    rs_state_free(c);
    rs_state_free(s);
}

static void test_bytes_round_trip_and_shrink(void **unused) {
    (void)unused;
    rs_state *s = rs_state_new();
    rs_key k = rs_key_ns(0x0f02);
    const char *long_text = "a string that is longer than one word of thirty-two bytes";
    rs_sstore_bytes(s, &k, long_text, strlen(long_text));
    char out[128] = {0};
    assert_int_equal(rs_sload_bytes(s, &k, out, sizeof out), strlen(long_text));
    assert_string_equal(out, long_text);
    rs_sstore_bytes(s, &k, "TKA", 3);
    memset(out, 0, sizeof out);
    assert_int_equal(rs_sload_bytes(s, &k, out, sizeof out), 3);
    assert_string_equal(out, "TKA");
    /* The second chunk of the longer string is cleared, not left behind. */
    int live = 0;
    rs_state_foreach(s, count_live, &live);
    assert_int_equal(live, 2);
    rs_state_free(s);
}

static void test_reserve_keeps_content_and_journal(void **unused) {
    (void)unused;
    rs_state *s = rs_state_new();
    rs_key a = key_n(1);
    rs_sstore(s, &a, u256_from_u64(9));
    size_t cp = rs_state_checkpoint(s);
    rs_key b = key_n(2);
    rs_sstore(s, &b, u256_from_u64(4));
    rs_state_reserve(s, 100000);
    assert_int_equal(rs_sload(s, &a).w[0], 9);
    assert_int_equal(rs_sload(s, &b).w[0], 4);
    for (uint64_t i = 3; i < 3000; i++) {
        rs_key k = key_n(i);
        rs_sstore(s, &k, u256_from_u64(i));
    }
    rs_state_revert(s, cp);
    assert_int_equal(rs_sload(s, &a).w[0], 9);
    assert_true(u256_is_zero(rs_sload(s, &b)));
    rs_key k2999 = key_n(2999);
    assert_true(u256_is_zero(rs_sload(s, &k2999)));
    rs_state_free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_absent_is_zero),
        cmocka_unit_test(test_store_many_and_grow),
        cmocka_unit_test(test_revert_restores_every_write),
        cmocka_unit_test(test_clone_is_independent_and_root_tracks_content),
        cmocka_unit_test(test_bytes_round_trip_and_shrink),
        cmocka_unit_test(test_reserve_keeps_content_and_journal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
