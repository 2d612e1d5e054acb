/* Snapshots: push / upperLookup / latest / length on state-backed histories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/snapshots.h"
#include "restake/keccak.h"
#include "restake/router.h"
#include "test_util.h"

#define WAD 1000000000000000000ULL

typedef struct {
    rs_state *st;
    rs_params p;
    rs_env e;
    rs_key base;
} fixture;

static int setup(void **state) {
    static fixture f;
    f.st = rs_state_new();
    memset(&f.p, 0, sizeof f.p);
    rs_env_init(&f.e, f.st, &f.p);
    rs_router_attach(&f.e);
    f.base = rs_key_ns(0x06ff);
    rs_key_u64(&f.base, 42);
    *state = &f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    rs_env_free(&f->e);
    rs_state_free(f->st);
    return 0;
}

static void test_empty_defaults(void **state) {
    fixture *f = *state;
    assert_int_equal(snap_length(f->st, &f->base), 0);
    assert_int_equal(snap_wad_latest(f->st, &f->base), WAD);
    assert_int_equal(snap_wad_upper_lookup(f->st, &f->base, 100), WAD);
    assert_true(u256_is_zero(snap_zero_latest(f->st, &f->base)));
    assert_true(u256_is_zero(snap_zero_upper_lookup(f->st, &f->base, 0)));
}

static void test_upper_lookup_on_history(void **state) {
    fixture *f = *state;
    /* keys 10, 20, 30 (30 written twice: the same key overwrites) */
    assert_int_equal(snap_zero_push(&f->e, &f->base, 10, u256_from_u64(100)), RS_OK);
    assert_int_equal(snap_zero_push(&f->e, &f->base, 20, u256_from_u64(250)), RS_OK);
    assert_int_equal(snap_zero_push(&f->e, &f->base, 30, u256_from_u64(300)), RS_OK);
    assert_int_equal(snap_zero_push(&f->e, &f->base, 30, u256_from_u64(333)), RS_OK);
    assert_int_equal(snap_length(f->st, &f->base), 3);
    assert_int_equal(snap_zero_upper_lookup(f->st, &f->base, 9).w[0], 0);
    assert_int_equal(snap_zero_upper_lookup(f->st, &f->base, 10).w[0], 100);
    assert_int_equal(snap_zero_upper_lookup(f->st, &f->base, 19).w[0], 100);
    assert_int_equal(snap_zero_upper_lookup(f->st, &f->base, 20).w[0], 250);
    assert_int_equal(snap_zero_upper_lookup(f->st, &f->base, 29).w[0], 250);
    assert_int_equal(snap_zero_upper_lookup(f->st, &f->base, 30).w[0], 333);
    assert_int_equal(snap_zero_upper_lookup(f->st, &f->base, UINT32_MAX).w[0], 333);
    assert_int_equal(snap_zero_latest(f->st, &f->base).w[0], 333);
    uint32_t k;
    u256 v;
    snap_at(f->st, &f->base, 1, &k, &v);
    assert_int_equal(k, 20);
    assert_int_equal(v.w[0], 250);
}

static void test_wad_history_lookup_before_first_is_wad(void **state) {
    fixture *f = *state;
    assert_int_equal(snap_wad_push(&f->e, &f->base, 5, 600000000000000000ULL), RS_OK);
    assert_int_equal(snap_wad_push(&f->e, &f->base, 7, 0), RS_OK);
    assert_int_equal(snap_wad_upper_lookup(f->st, &f->base, 4), WAD);
    assert_int_equal(snap_wad_upper_lookup(f->st, &f->base, 6), 600000000000000000ULL);
    /* A stored zero is a value, not "absent". */
    assert_int_equal(snap_wad_upper_lookup(f->st, &f->base, 7), 0);
    assert_int_equal(snap_wad_latest(f->st, &f->base), 0);
    assert_int_equal(snap_length(f->st, &f->base), 2);
}

static void test_out_of_order_push_reverts(void **state) {
    fixture *f = *state;
    assert_int_equal(snap_zero_push(&f->e, &f->base, 50, u256_from_u64(1)), RS_OK);
    assert_int_equal(snap_zero_push(&f->e, &f->base, 49, u256_from_u64(2)), RS_REVERTED);
    assert_int_equal(f->e.revert_len, 4);
    uint32_t sel = rs_selector_of("InvalidSnapshotOrdering()");
    uint8_t want[4] = {sel >> 24, sel >> 16, sel >> 8, sel};
    assert_memory_equal(f->e.revert, want, 4);
}

static void test_value_truncated_to_224_bits(void **state) {
    fixture *f = *state;
    /* uint224(2^224 + 5) == 5 */
    u256 v = u256_add_wrap(u256_shl(U256_ONE, 224), u256_from_u64(5));
    assert_int_equal(snap_zero_push(&f->e, &f->base, 1, v), RS_OK);
    assert_u256_equal(snap_zero_latest(f->st, &f->base), u256_from_u64(5));
    /* the largest uint224 survives intact */
    u256 max224 = u256_shr(U256_MAX, 32);
    assert_int_equal(snap_zero_push(&f->e, &f->base, 2, max224), RS_OK);
    assert_u256_equal(snap_zero_latest(f->st, &f->base), max224);
    assert_u256_equal(snap_zero_upper_lookup(f->st, &f->base, 1), u256_from_u64(5));
}

static void test_many_entries_binary_search(void **state) {
    fixture *f = *state;
    for (uint32_t i = 0; i < 257; i++)
        assert_int_equal(snap_zero_push(&f->e, &f->base, 3 * i + 1, u256_from_u64(1000 + i)), RS_OK);
    assert_int_equal(snap_length(f->st, &f->base), 257);
    assert_int_equal(snap_zero_upper_lookup(f->st, &f->base, 0).w[0], 0);
    for (uint32_t i = 0; i < 257; i++) {
        assert_int_equal(snap_zero_upper_lookup(f->st, &f->base, 3 * i + 1).w[0], 1000 + i);
        assert_int_equal(snap_zero_upper_lookup(f->st, &f->base, 3 * i + 3).w[0], 1000 + i);
    }
}

static void test_revert_rolls_back_push(void **state) {
    fixture *f = *state;
    assert_int_equal(snap_zero_push(&f->e, &f->base, 1, u256_from_u64(11)), RS_OK);
    size_t cp = rs_state_checkpoint(f->st);
    assert_int_equal(snap_zero_push(&f->e, &f->base, 2, u256_from_u64(22)), RS_OK);
    rs_state_revert(f->st, cp);
    assert_int_equal(snap_length(f->st, &f->base), 1);
    assert_int_equal(snap_zero_latest(f->st, &f->base).w[0], 11);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upper_lookup_on_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wad_history_lookup_before_first_is_wad, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_order_push_reverts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_value_truncated_to_224_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_entries_binary_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_revert_rolls_back_push, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
