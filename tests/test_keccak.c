/* keccak-256 and SHA-256 against digests computed by independent
 * implementations (js-sha3 for keccak, coreutils sha256sum). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "restake/hex.h"
#include "restake/keccak.h"
#include "restake/sha256.h"

#define MIB (1u << 20)

static void assert_digest(const uint8_t d[32], const char *want_hex) {
    char got[67];
    rs_hex_encode(d, 32, got);
    assert_string_equal(got + 2, want_hex);
}

static void test_keccak_empty(void **state) {
    (void)state;
    uint8_t d[32];
    rs_keccak256("", 0, d);
    assert_digest(d, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
}

static void test_keccak_abc(void **state) {
    (void)state;
    rs_b32 h = rs_keccak("abc", 3);
    assert_digest(h.b, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

/* Lengths around the 136-byte rate: the padding byte lands in the last byte of
 * a block (135), starts a fresh block (136) or follows one (137, 272). */
static void test_keccak_rate_boundaries(void **state) {
    (void)state;
    static const struct { size_t n; const char *hex; } cases[] = {
        {135, "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446"},
        {136, "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e"},
        {137, "d869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39"},
        {272, "cf7fcd4f705ee749930d19ca84561a9bf62516bd90a471545fa2f49fdc7e63c8"},
    };
    uint8_t buf[272], d[32];
    memset(buf, 'a', sizeof buf);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_keccak256(buf, cases[i].n, d);
        assert_digest(d, cases[i].hex);
    }
}

/* Every length 0..1000 of the bytes (7i+3) mod 256: the digests, concatenated
 * and hashed, must equal js-sha3's result for the same construction. */
static void test_keccak_all_lengths(void **state) {
    (void)state;
    uint8_t in[1000], *all = malloc(1001 * 32), d[32];
    assert_non_null(all);
    for (int i = 0; i < 1000; i++) in[i] = (uint8_t)((i * 7 + 3) % 256);
    for (size_t n = 0; n <= 1000; n++) rs_keccak256(in, n, all + 32 * n);
    rs_keccak256(all, 1001 * 32, d);
    assert_digest(d, "388f0507812ba17e42ebf9677227521b25e49433eeebe448365fb6cee33fe5d3");
    free(all);
}

static uint8_t *mib_of_counter(void) {
    uint8_t *b = malloc(MIB);
    assert_non_null(b);
    for (size_t i = 0; i < MIB; i++) b[i] = (uint8_t)i;
    return b;
}

static void test_keccak_1mib(void **state) {
    (void)state;
    uint8_t d[32];
    uint8_t *b = mib_of_counter();
    rs_keccak256(b, MIB, d);
    assert_digest(d, "5be37e9825e31d606c38ab4b039fb4e3d11a41fed33562eaed711b5fd8af728f");
    memset(b, 'a', MIB);
    rs_keccak256(b, MIB, d);
    assert_digest(d, "f5f3e54ad3d703f8e9edfd7ce79341b1d9286a692fa6c13ff13ee6ea94dbf97d");
    free(b);
}

/* Chunk sizes chosen to straddle block boundaries in every phase. */
static void test_keccak_incremental(void **state) {
    (void)state;
    static const size_t chunks[] = {1, 7, 64, 135, 136, 137, 271, 1000, 4096};
    uint8_t *b = mib_of_counter();
    uint8_t once[32], inc[32];
    rs_keccak256(b, MIB, once);
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        rs_keccak_ctx c;
        rs_keccak_init(&c);
        for (size_t off = 0; off < MIB; off += chunks[k]) {
            size_t n = MIB - off < chunks[k] ? MIB - off : chunks[k];
            rs_keccak_update(&c, b + off, n);
        }
        rs_keccak_final(&c, inc);
        assert_memory_equal(once, inc, 32);
    }
    /* every split point of short inputs, including empty updates */
    for (size_t len = 0; len <= 300; len += 13) {
        rs_keccak256(b, len, once);
        for (size_t cut = 0; cut <= len; cut++) {
            rs_keccak_ctx c;
            rs_keccak_init(&c);
            rs_keccak_update(&c, b, cut);
            rs_keccak_update(&c, b + cut, 0);
            rs_keccak_update(&c, b + cut, len - cut);
            rs_keccak_final(&c, inc);
            assert_memory_equal(once, inc, 32);
        }
    }
    free(b);
}

static void test_keccak_final_resets(void **state) {
    (void)state;
    rs_keccak_ctx c;
    uint8_t d[32];
    rs_keccak_init(&c);
    rs_keccak_update(&c, "junk", 4);
    rs_keccak_final(&c, d);
    rs_keccak_update(&c, "abc", 3);
    rs_keccak_final(&c, d);
    assert_digest(d, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

static void test_selectors_and_topics(void **state) {
    (void)state;
    assert_int_equal(rs_selector_of("transfer(address,uint256)"), 0xa9059cbbu);
    assert_int_equal(rs_selector_of("balanceOf(address)"), 0x70a08231u);
    assert_int_equal(rs_selector_of("approve(address,uint256)"), 0x095ea7b3u);
    assert_int_equal(rs_selector_of("delegateTo(address,(bytes,uint256),bytes32)"), 0xeea9064bu);
    assert_int_equal(rs_selector_of("queueWithdrawals((address[],uint256[],address)[])"), 0x0dd8dd02u);
    rs_b32 t = rs_topic_of("Transfer(address,address,uint256)");
    assert_digest(t.b, "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
}

static void test_sha256(void **state) {
    (void)state;
    uint8_t d[32], zero[32] = {0};
    rs_sha256("abc", 3, d);
    assert_digest(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    rs_sha256("", 0, d);
    assert_digest(d, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /* the beacon chain's zero-hash of depth 1 */
    rs_sha256_pair(zero, zero, d);
    assert_digest(d, "f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b");
    uint8_t a[32], b[32], ab[64], want[32];
    for (int i = 0; i < 32; i++) a[i] = (uint8_t)i, b[i] = (uint8_t)(0xff - i);
    memcpy(ab, a, 32);
    memcpy(ab + 32, b, 32);
    rs_sha256(ab, 64, want);
    rs_sha256_pair(a, b, d);
    assert_memory_equal(d, want, 32);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keccak_empty),
        cmocka_unit_test(test_keccak_abc),
        cmocka_unit_test(test_keccak_rate_boundaries),
        cmocka_unit_test(test_keccak_all_lengths),
        cmocka_unit_test(test_keccak_1mib),
        cmocka_unit_test(test_keccak_incremental),
        cmocka_unit_test(test_keccak_final_resets),
        cmocka_unit_test(test_selectors_and_topics),
        cmocka_unit_test(test_sha256),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
