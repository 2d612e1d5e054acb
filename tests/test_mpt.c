/* Merkle-Patricia trie roots against the published vectors of
 * ethereum/tests TrieTests (trieanyorder: "singleItem", "dogs", "puppy",
 * "foo", "smallValues", "testy", "hex") and go-ethereum's trie tests; the
 * empty root and the empty logs hash are the constants every client uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "restake/hex.h"
#include "restake/keccak.h"
#include "restake/mpt.h"
#include "restake/world.h"

typedef struct {
    const char *k, *v;
} kv;

static void assert_hash(rs_b32 h, const char *want_hex) {
    char got[67];
    rs_hex_encode(h.b, 32, got);
    assert_string_equal(got, want_hex);
}

/* Keys and values are text, or hex when they start with 0x. */
static size_t decode(const char *s, uint8_t *out, size_t cap) {
    if (strncmp(s, "0x", 2) == 0) {
        long n = rs_hex_decode(s, strlen(s), out, cap);
        assert_true(n >= 0);
        return (size_t)n;
    }
    size_t n = strlen(s);
    assert_true(n <= cap);
    memcpy(out, s, n);
    return n;
}

static rs_b32 root_of(const kv *pairs, size_t n) {
    static uint8_t keys[16][64], vals[16][64];
    rs_mpt_item items[16];
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++) {
        items[i].key = keys[i];
        items[i].key_len = decode(pairs[i].k, keys[i], 64);
        items[i].val = vals[i];
        items[i].val_len = decode(pairs[i].v, vals[i], 64);
    }
    return rs_mpt_root(items, n);
}

#define ROOT(arr) root_of(arr, sizeof arr / sizeof arr[0])

static void test_empty(void **state) {
    (void)state;
    assert_hash(rs_mpt_empty_root(), "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    assert_hash(rs_mpt_root(NULL, 0), "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
}

static void test_single_item(void **state) {
    (void)state;
    const kv q[] = {{"A", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}};
    assert_hash(ROOT(q), "0xd23786fb4a010da3ce639d66d5e904a11dbc02746d1ce25029e53290cabf28ab");
}

static void test_dogs(void **state) {
    (void)state;
    const kv p[] = {{"doe", "reindeer"}, {"dog", "puppy"}, {"dogglesworth", "cat"}};
    assert_hash(ROOT(p), "0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3");
}

static void test_puppy_any_order(void **state) {
    (void)state;
    const kv p[] = {{"do", "verb"}, {"horse", "stallion"}, {"doge", "coin"}, {"dog", "puppy"}};
    const kv q[] = {{"dog", "puppy"}, {"doge", "coin"}, {"horse", "stallion"}, {"do", "verb"}};
    assert_hash(ROOT(p), "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84");
    assert_hash(ROOT(q), "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84");
}

static void test_foo_small_values_testy(void **state) {
    (void)state;
    const kv foo[] = {{"foo", "bar"}, {"food", "bass"}};
    const kv small[] = {{"be", "e"}, {"dog", "puppy"}, {"bed", "d"}};
    const kv testy[] = {{"test", "test"}, {"te", "testy"}};
    assert_hash(ROOT(foo), "0x17beaa1648bafa633cda809c90c04af50fc8aed3cb40d16efbddee6fdf63c4c3");
    assert_hash(ROOT(small), "0x3f67c7a47520f79faa29255d2d3c084a7a6df0453116ed7232ff10277a8be68b");
    assert_hash(ROOT(testy), "0x8452568af70d8d140f58d941338542f645fcca50094b20f3c3d8c3df49337928");
}

static void test_hex_keys(void **state) {
    (void)state;
    const kv p[] = {{"0x0045", "0x0123456789"}, {"0x4500", "0x9876543210"}};
    assert_hash(ROOT(p), "0x285505fcabe84badc8aa310e2aae17eddc7d120aabec8a476902c8184b3a3503");
}

static void test_empty_logs_hash(void **state) {
    (void)state;
    /* keccak256(rlp([])) = keccak256(0xc0). */
    assert_hash(rs_logs_hash(NULL, 0), "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_single_item),
        cmocka_unit_test(test_dogs),
        cmocka_unit_test(test_puppy_any_order),
        cmocka_unit_test(test_foo_small_values_testy),
        cmocka_unit_test(test_hex_keys),
        cmocka_unit_test(test_empty_logs_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
