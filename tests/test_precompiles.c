/* The Cancun precompiles 0x01..0x0a against published vectors: go-ethereum's
 * core/vm/testdata/precompiles (copied to tests/data/precompiles; inputs,
 * outputs and gas as published), EIP-152's blake2f vectors, and the edge
 * rules of each EIP (padding, ranges, subgroup, lengths, gas limits). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "evm/bn254.h"
#include "restake/precompiles.h"

#define GAS_PLENTY 100000000LL

static rs_addr pc_addr(uint8_t n) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[19] = n;
    return a;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes hex (optional 0x) into a fresh buffer; *n gets its length. */
static uint8_t *unhex(const char *s, size_t *n) {
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
    size_t len = strlen(s);
    assert_int_equal(len % 2, 0);
    uint8_t *p = malloc(len / 2 + 1);
    assert_non_null(p);
    for (size_t i = 0; i < len / 2; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        assert_true(hi >= 0 && lo >= 0);
        p[i] = (uint8_t)(hi << 4 | lo);
    }
    *n = len / 2;
    return p;
}

static void assert_out_hex(const rs_buf *out, const char *want, const char *name) {
    size_t n;
    uint8_t *w = unhex(want, &n);
    if (out->len != n || (n && memcmp(out->p, w, n) != 0)) {
        fprintf(stderr, "vector %s: output differs (got %zu bytes, want %zu)\n", name, out->len, n);
        fail();
    }
    free(w);
}

/* Runs a: success with exactly `want_gas` used and output `want_hex`. */
static void expect_ok(uint8_t a, const uint8_t *in, size_t n, const char *want_hex, int64_t want_gas,
                      const char *name) {
    rs_buf out;
    rs_buf_init(&out);
    rs_evm_result r = rs_precompile_run(pc_addr(a), in, n, GAS_PLENTY, &out);
    if (r.status != RS_EVM_SUCCESS) fprintf(stderr, "vector %s: status %d\n", name, r.status);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    if (want_gas >= 0) {
        if (GAS_PLENTY - r.gas_left != want_gas)
            fprintf(stderr, "vector %s: gas %lld want %lld\n", name, (long long)(GAS_PLENTY - r.gas_left),
                    (long long)want_gas);
        assert_int_equal(GAS_PLENTY - r.gas_left, want_gas);
        /* exactly enough gas succeeds, one less fails with nothing returned */
        r = rs_precompile_run(pc_addr(a), in, n, want_gas, &out);
        assert_int_equal(r.status, RS_EVM_SUCCESS);
        assert_int_equal(r.gas_left, 0);
        if (want_gas > 0) {
            r = rs_precompile_run(pc_addr(a), in, n, want_gas - 1, &out);
            assert_int_equal(r.status, RS_EVM_OUT_OF_GAS);
            assert_int_equal(r.gas_left, 0);
            assert_int_equal(out.len, 0);
            r = rs_precompile_run(pc_addr(a), in, n, want_gas, &out);
        }
    }
    assert_out_hex(&out, want_hex, name);
    rs_buf_free(&out);
}

static void expect_fail(uint8_t a, const uint8_t *in, size_t n, const char *name) {
    rs_buf out;
    rs_buf_init(&out);
    rs_buf_put(&out, "junk", 4);
    rs_evm_result r = rs_precompile_run(pc_addr(a), in, n, GAS_PLENTY, &out);
    if (r.status == RS_EVM_SUCCESS) fprintf(stderr, "vector %s: unexpected success\n", name);
    assert_true(r.status == RS_EVM_PRECOMPILE_FAILURE || r.status == RS_EVM_OUT_OF_GAS);
    assert_int_equal(r.gas_left, 0);
    assert_int_equal(out.len, 0);
    rs_buf_free(&out);
}

static void expect_ok_hex(uint8_t a, const char *in_hex, const char *want_hex, int64_t want_gas) {
    size_t n;
    uint8_t *in = unhex(in_hex, &n);
    expect_ok(a, in, n, want_hex, want_gas, in_hex);
    free(in);
}

static void expect_fail_hex(uint8_t a, const char *in_hex) {
    size_t n;
    uint8_t *in = unhex(in_hex, &n);
    expect_fail(a, in, n, in_hex);
    free(in);
}

/* Every vector of one go-ethereum file; gas is checked unless check_gas is
 * false (modexp.json publishes EIP-198's pre-Berlin prices). */
static size_t run_file(const char *file, uint8_t a, bool check_gas) {
    char path[256];
    snprintf(path, sizeof path, "tests/data/precompiles/%s", file);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) fprintf(stderr, "%s: %s\n", path, err.text);
    assert_non_null(root);
    assert_true(json_is_array(root));
    size_t i;
    json_t *v;
    json_array_foreach(root, i, v) {
        const char *in_hex = json_string_value(json_object_get(v, "Input"));
        const char *name = json_string_value(json_object_get(v, "Name"));
        assert_non_null(in_hex);
        size_t n;
        uint8_t *in = unhex(in_hex, &n);
        json_t *exp = json_object_get(v, "Expected");
        if (exp) {
            int64_t gas = check_gas ? (int64_t)json_integer_value(json_object_get(v, "Gas")) : -1;
            expect_ok(a, in, n, json_string_value(exp), gas, name);
        } else {
            assert_non_null(json_object_get(v, "ExpectedError"));
            expect_fail(a, in, n, name);
        }
        free(in);
    }
    size_t count = json_array_size(root);
    json_decref(root);
    assert_true(count > 0);
    return count;
}

static void test_addresses(void **state) {
    (void)state;
    assert_false(rs_precompile_is(pc_addr(0)));
    for (uint8_t i = 1; i <= 0x0a; i++) assert_true(rs_precompile_is(pc_addr(i)));
    assert_false(rs_precompile_is(pc_addr(0x0b)));
    assert_false(rs_precompile_is(pc_addr(0x0f)));
    assert_false(rs_precompile_is(pc_addr(0xff)));
    rs_addr hi = pc_addr(1);
    hi.b[0] = 1;
    assert_false(rs_precompile_is(hi));
    hi = pc_addr(1);
    hi.b[18] = 1;
    assert_false(rs_precompile_is(hi));
}

static void test_ecrecover_vectors(void **state) {
    (void)state;
    assert_int_equal(run_file("ecRecover.json", 1, true), 5);
}

#define ECR_HASH "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c"
#define ECR_R "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f"
#define ECR_S "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549"
#define WORD_1C "000000000000000000000000000000000000000000000000000000000000001c"
#define WORD_1B "000000000000000000000000000000000000000000000000000000000000001b"
#define SECP_N "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
#define ZERO_WORD "0000000000000000000000000000000000000000000000000000000000000000"

static void test_ecrecover_rules(void **state) {
    (void)state;
    expect_ok_hex(1, ECR_HASH WORD_1C ECR_R ECR_S, "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b", 3000);
    /* the other parity recovers some other key, or none: never this one */
    rs_buf out;
    rs_buf_init(&out);
    size_t n;
    uint8_t *in = unhex(ECR_HASH WORD_1B ECR_R ECR_S, &n);
    rs_evm_result r = rs_precompile_run(pc_addr(1), in, n, 5000, &out);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    assert_int_equal(r.gas_left, 2000);
    assert_true(out.len == 0 || out.len == 32);
    if (out.len == 32) assert_int_not_equal(out.p[31], 0x0b);
    free(in);
    rs_buf_free(&out);
    /* v other than 27/28, r or s zero or >= n: success, empty output, 3000 gas */
    expect_ok_hex(1, ECR_HASH "000000000000000000000000000000000000000000000000000000000000001d" ECR_R ECR_S, "", 3000);
    expect_ok_hex(1, ECR_HASH "0000000000000000000000000000000000000000000000000000000000000000" ECR_R ECR_S, "", 3000);
    expect_ok_hex(1, ECR_HASH WORD_1C ZERO_WORD ECR_S, "", 3000);
    expect_ok_hex(1, ECR_HASH WORD_1C ECR_R ZERO_WORD, "", 3000);
    expect_ok_hex(1, ECR_HASH WORD_1C SECP_N ECR_S, "", 3000);
    expect_ok_hex(1, ECR_HASH WORD_1C ECR_R SECP_N, "", 3000);
    /* short input reads as zero-padded (v = 0 here), extra input is ignored */
    expect_ok_hex(1, "", "", 3000);
    expect_ok_hex(1, ECR_HASH WORD_1C ECR_R ECR_S "ffff", "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b", 3000);
}

static void test_hashes(void **state) {
    (void)state;
    expect_ok_hex(2, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 60);
    expect_ok_hex(2, "616263", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 72);
    expect_ok_hex(3, "", "0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31", 600);
    expect_ok_hex(3, "616263", "0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc", 720);
    expect_ok_hex(4, "", "", 15);
    expect_ok_hex(4, "0102", "0102", 18);
    /* word boundaries of the linear prices: 32 bytes is one word, 33 two */
    uint8_t buf[65];
    memset(buf, 0xab, sizeof buf);
    rs_buf out;
    rs_buf_init(&out);
    const size_t lens[] = {31, 32, 33, 64, 65};
    const int64_t words[] = {1, 1, 2, 2, 3};
    for (size_t i = 0; i < 5; i++) {
        rs_evm_result r = rs_precompile_run(pc_addr(2), buf, lens[i], 1000, &out);
        assert_int_equal(1000 - r.gas_left, 60 + 12 * words[i]);
        r = rs_precompile_run(pc_addr(3), buf, lens[i], 1000, &out);
        assert_int_equal(1000 - r.gas_left, 600 + 120 * words[i]);
        r = rs_precompile_run(pc_addr(4), buf, lens[i], 1000, &out);
        assert_int_equal(1000 - r.gas_left, 15 + 3 * words[i]);
        assert_int_equal(out.len, lens[i]);
        assert_memory_equal(out.p, buf, lens[i]);
    }
    rs_buf_free(&out);
}

static void test_modexp_vectors(void **state) {
    (void)state;
    assert_int_equal(run_file("modexp.json", 5, false), 17);
    assert_int_equal(run_file("modexp_eip2565.json", 5, true), 47);
}

#define LEN(x) "00000000000000000000000000000000000000000000000000000000000000" x

static void test_modexp_rules(void **state) {
    (void)state;
    /* 3^5 mod 7 = 5 with 1-byte operands: min gas 200 */
    expect_ok_hex(5, LEN("01") LEN("01") LEN("01") "03" "05" "07", "05", 200);
    /* the modulus length sets the output length, left-padded */
    expect_ok_hex(5, LEN("01") LEN("01") LEN("03") "03" "05" "000007", "000005", 200);
    /* modulus 0 -> zeros; modulus 1 -> 0; modulus length 0 -> empty */
    expect_ok_hex(5, LEN("01") LEN("01") LEN("02") "03" "05" "0000", "0000", 200);
    expect_ok_hex(5, LEN("01") LEN("01") LEN("01") "03" "05" "01", "00", 200);
    expect_ok_hex(5, LEN("01") LEN("01") LEN("00") "03" "05", "", 200);
    /* 0^0 = 1 */
    expect_ok_hex(5, LEN("01") LEN("01") LEN("01") "00" "00" "07", "01", 200);
    /* missing operand bytes read as zero on the right: base 0x03, exp 0x05, mod absent -> 0x0000 */
    expect_ok_hex(5, LEN("01") LEN("01") LEN("02") "03" "05", "0000", 200);
    /* mod read as 0x0700 from "07" padded: 3^5 mod 0x700 = 243 */
    expect_ok_hex(5, LEN("01") LEN("01") LEN("02") "03" "05" "07", "00f3", 200);
    /* empty input: all lengths zero */
    expect_ok_hex(5, "", "", 200);
    /* a huge exponent length with empty base and modulus costs the minimum */
    expect_ok_hex(5, LEN("00") "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" LEN("00"), "", 200);
    /* huge base or modulus lengths are priced out before any data is read */
    expect_fail_hex(5, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" LEN("01") LEN("01"));
    expect_fail_hex(5, LEN("01") LEN("01") "0000000000000000000000000000000000000000000000000000000100000000");
    /* past the operand caps the price is still exact: a zero-length
     * modulus succeeds with empty output when paid for; one that must be
     * computed fails, consuming everything */
    {
        size_t n;
        uint8_t *in = unhex("0000000000000000000000000000000000000000000000000000000001000008" LEN("00") LEN("00"), &n);
        rs_buf out;
        rs_buf_init(&out);
        /* 2^24 + 8 bytes: (2^21 + 1)^2 / 3 */
        int64_t want = (int64_t)((((1LL << 21) + 1) * ((1LL << 21) + 1)) / 3);
        rs_evm_result r = rs_precompile_run(pc_addr(5), in, n, want, &out);
        assert_int_equal(r.status, RS_EVM_SUCCESS);
        assert_int_equal(r.gas_left, 0);
        assert_int_equal(out.len, 0);
        r = rs_precompile_run(pc_addr(5), in, n, want - 1, &out);
        assert_int_equal(r.status, RS_EVM_OUT_OF_GAS);
        free(in);
        in = unhex(LEN("01") "0000000000000000000000000000000000000000000000000000000010000021" LEN("01"), &n);
        r = rs_precompile_run(pc_addr(5), in, n, INT64_MAX, &out);
        assert_int_equal(r.status, RS_EVM_PRECOMPILE_FAILURE);
        assert_int_equal(r.gas_left, 0);
        assert_int_equal(out.len, 0);
        free(in);
        rs_buf_free(&out);
    }
    /* the exponent's bit length above 32 bytes: 8 * (elen - 32) iterations.
     * blen = mlen = 64 (8 words^2 = 64), elen = 40 with a zero head: 64 * 64 / 3 = 1365 */
    expect_ok_hex(5, LEN("40") LEN("28") LEN("40"),
                  "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
                  1365);
}

static void test_bn256_add_vectors(void **state) {
    (void)state;
    assert_int_equal(run_file("bn256Add.json", 6, true), 16);
}

static void test_bn256_mul_vectors(void **state) {
    (void)state;
    assert_int_equal(run_file("bn256ScalarMul.json", 7, true), 19);
}

static void test_bn256_pairing_vectors(void **state) {
    (void)state;
    assert_int_equal(run_file("bn256Pairing.json", 8, true), 14);
}

#define G1X "0000000000000000000000000000000000000000000000000000000000000001"
#define G1Y "0000000000000000000000000000000000000000000000000000000000000002"
#define G1Y_NEG "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45"
#define P_HEX "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47"
#define G2_HEX                                                                                                   \
    "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"                                        \
    "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"                                        \
    "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"                                        \
    "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
/* on the twist, outside the order-r subgroup (x = 1) */
#define G2_NOT_IN_SUBGROUP                                                                                       \
    "0000000000000000000000000000000000000000000000000000000000000000"                                        \
    "0000000000000000000000000000000000000000000000000000000000000001"                                        \
    "0d1271953ed9ea0836846e70a1934187998c7f790cb4d7511b7f8da82de048a4"                                        \
    "2869111d5381f072f8e2728fdb825a51aadd70e52c9830e9ab4b871c0531f1bb"
#define ONE_WORD "0000000000000000000000000000000000000000000000000000000000000001"
#define G1_DOUBLE                                                                                               \
    "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3"                                        \
    "15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4"

static void test_bn256_rules(void **state) {
    (void)state;
    /* G + G = 2G; short input pads with zeros (G + O) */
    expect_ok_hex(6, G1X G1Y G1X G1Y, G1_DOUBLE, 150);
    expect_ok_hex(6, G1X G1Y, G1X G1Y, 150);
    expect_ok_hex(6, "", ZERO_WORD ZERO_WORD, 150);
    /* G + (-G) = O */
    expect_ok_hex(6, G1X G1Y G1X G1Y_NEG, ZERO_WORD ZERO_WORD, 150);
    /* off the curve, coordinate = p */
    expect_fail_hex(6, G1X G1X);
    expect_fail_hex(6, P_HEX ZERO_WORD);
    expect_fail_hex(6, G1X G1Y ZERO_WORD P_HEX);
    /* mul: 2 * G, G * 0, O * k, scalar above r is used as is */
    expect_ok_hex(7, G1X G1Y "0000000000000000000000000000000000000000000000000000000000000002", G1_DOUBLE, 6000);
    expect_ok_hex(7, G1X G1Y, ZERO_WORD ZERO_WORD, 6000);
    expect_ok_hex(7, ZERO_WORD ZERO_WORD "ff", ZERO_WORD ZERO_WORD, 6000);
    expect_ok_hex(7, G1X G1Y "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000003", G1_DOUBLE, 6000);
    expect_fail_hex(7, G1X G1X ONE_WORD);
    /* pairing: empty input is 1; e(G, G2) e(-G, G2) = 1; e(G, G2) != 1 */
    expect_ok_hex(8, "", ONE_WORD, 45000);
    expect_ok_hex(8, G1X G1Y G2_HEX G1X G1Y_NEG G2_HEX, ONE_WORD, 45000 + 2 * 34000);
    expect_ok_hex(8, G1X G1Y G2_HEX, ZERO_WORD, 45000 + 34000);
    /* infinity on either side contributes 1 */
    expect_ok_hex(8, ZERO_WORD ZERO_WORD G2_HEX, ONE_WORD, 45000 + 34000);
    expect_ok_hex(8, G1X G1Y ZERO_WORD ZERO_WORD ZERO_WORD ZERO_WORD, ONE_WORD, 45000 + 34000);
    /* a G2 point off the subgroup fails, even paired with infinity */
    expect_fail_hex(8, G1X G1Y G2_NOT_IN_SUBGROUP);
    expect_fail_hex(8, ZERO_WORD ZERO_WORD G2_NOT_IN_SUBGROUP);
    /* off the curve, coordinate >= p, length not a multiple of 192 */
    expect_fail_hex(8, G1X G1X G2_HEX);
    expect_fail_hex(8, G1X G1Y P_HEX ZERO_WORD ZERO_WORD ZERO_WORD);
    expect_fail_hex(8, G1X G1Y G2_HEX "00");
    expect_fail_hex(8, G1X G1Y);
}

/* e(aP, bQ) = e(abP, Q) checked through the precompiles themselves: a batch
 * larger than one Miller-loop batch exercises the batching too. */
static void test_bn256_bilinear(void **state) {
    (void)state;
    size_t g2n;
    uint8_t *g2 = unhex(G2_HEX, &g2n);
    rs_buf out;
    rs_buf_init(&out);
    /* a*G for a = 5 and 5*G negated by y -> p - y */
    uint8_t in[96] = {0};
    in[31] = 1, in[63] = 2, in[95] = 5;
    rs_evm_result r = rs_precompile_run(pc_addr(7), in, 96, 6000, &out);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    uint8_t p5[64];
    memcpy(p5, out.p, 64);
    /* 5*G2 through the internal G2 arithmetic */
    bn_g2_aff q;
    assert_true(bn_g2_decode(&q, g2));
    bn_g2 jq, q5j;
    bn_g2_from_aff(&jq, &q);
    uint8_t five[32] = {0};
    five[31] = 5;
    bn_g2_mul(&q5j, &jq, five);
    bn_g2_aff q5;
    assert_true(bn_g2_to_aff(&q5, &q5j));
    /* e(5G, G2) * e(-G, 5 G2) = 1 */
    fp12 f, e;
    bn_g1_aff p[2];
    bn_g2_aff qq[2];
    assert_true(bn_g1_decode(&p[0], p5));
    qq[0] = q;
    uint8_t gneg[64] = {0};
    gneg[31] = 1;
    size_t yn;
    uint8_t *yneg = unhex(G1Y_NEG, &yn);
    memcpy(gneg + 32, yneg, 32);
    assert_true(bn_g1_decode(&p[1], gneg));
    qq[1] = q5;
    bn_miller_loop(&f, p, qq, 2);
    bn_final_exp(&e, &f);
    assert_true(fp12_is_one(&e));
    /* and not with 4 G2 */
    uint8_t four[32] = {0};
    four[31] = 4;
    bn_g2_mul(&q5j, &jq, four);
    assert_true(bn_g2_to_aff(&qq[1], &q5j));
    bn_miller_loop(&f, p, qq, 2);
    bn_final_exp(&e, &f);
    assert_false(fp12_is_one(&e));
    /* 70 pairs (two batches): 35 x (G, G2) and 35 x (-G, G2) */
    size_t k = 70;
    uint8_t *big = malloc(k * 192);
    assert_non_null(big);
    for (size_t i = 0; i < k; i++) {
        memcpy(big + i * 192, i % 2 ? gneg : (uint8_t[64]){[31] = 1, [63] = 2}, 64);
        memcpy(big + i * 192 + 64, g2, 128);
    }
    r = rs_precompile_run(pc_addr(8), big, k * 192, 45000 + 34000 * (int64_t)k, &out);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    assert_int_equal(r.gas_left, 0);
    assert_int_equal(out.len, 32);
    assert_int_equal(out.p[31], 1);
    /* one odd pair out: 1 -> 0 */
    memcpy(big + 69 * 192, (uint8_t[64]){[31] = 1, [63] = 2}, 64);
    r = rs_precompile_run(pc_addr(8), big, k * 192, 45000 + 34000 * (int64_t)k, &out);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    assert_int_equal(out.p[31], 0);
    free(big);
    free(yneg);
    free(g2);
    rs_buf_free(&out);
}


/* The fast subgroup check agrees with [r]Q = O on subgroup points (multiples
 * of the generator) and on points of the twist outside it (the x = 1 point
 * and its multiples, and sums with subgroup points). */
static void test_bn256_g2_subgroup(void **state) {
    (void)state;
    size_t n;
    uint8_t *g = unhex(G2_HEX, &n), *bad = unhex(G2_NOT_IN_SUBGROUP, &n);
    bn_g2_aff ga, ba;
    assert_true(bn_g2_decode(&ga, g));
    assert_false(bn_g2_decode(&ba, bad));
    bn_g2 gj, bj, t;
    bn_g2_from_aff(&gj, &ga);
    /* decode rejected it, but the coordinates are those of a twist point */
    memset(&ba, 0, sizeof ba);
    assert_true(fp_from_be(&ba.x.c1, bad) && fp_from_be(&ba.x.c0, bad + 32) && fp_from_be(&ba.y.c1, bad + 64) &&
                fp_from_be(&ba.y.c0, bad + 96));
    bn_g2_from_aff(&bj, &ba);
    uint8_t k[32] = {0};
    for (int i = 1; i <= 12; i++) {
        k[31] = (uint8_t)(i * 37);
        k[0] = (uint8_t)i;
        bn_g2_mul(&t, &gj, k);
        assert_true(bn_g2_in_subgroup(&t));
        assert_true(bn_g2_in_subgroup_slow(&t));
        bn_g2_mul(&t, &bj, k);
        assert_int_equal(bn_g2_in_subgroup(&t), bn_g2_in_subgroup_slow(&t));
        assert_false(bn_g2_in_subgroup(&t));
        bn_g2_add(&t, &t, &gj);
        assert_false(bn_g2_in_subgroup(&t));
        assert_false(bn_g2_in_subgroup_slow(&t));
    }
    free(g);
    free(bad);
}

/* Granger-Scott squaring equals plain squaring on the cyclotomic subgroup. */
static void test_bn256_cyclotomic_sqr(void **state) {
    (void)state;
    size_t n;
    uint8_t *g = unhex(G2_HEX, &n);
    bn_g2_aff q;
    assert_true(bn_g2_decode(&q, g));
    uint8_t g1[64] = {0};
    g1[31] = 1, g1[63] = 2;
    bn_g1_aff p;
    assert_true(bn_g1_decode(&p, g1));
    fp12 f, t, inv, a, b;
    bn_miller_loop(&f, &p, &q, 1);
    fp12_conj(&t, &f);
    fp12_inv(&inv, &f);
    fp12_mul(&t, &t, &inv);
    fp12_frob2(&a, &t);
    fp12_mul(&t, &t, &a);
    for (int i = 0; i < 5; i++) {
        fp12_sqr(&a, &t);
        fp12_cyclotomic_sqr(&b, &t);
        assert_true(fp12_eq(&a, &b));
        t = a;
    }
    free(g);
}

static void test_blake2f_vectors(void **state) {
    (void)state;
    assert_int_equal(run_file("blake2F.json", 9, true), 5);
    assert_int_equal(run_file("fail-blake2f.json", 9, true), 4);
}

/* EIP-152 vector 5 (12 rounds, "abc") with its final flag changed, rounds
 * set to 0, and the length one short. */
#define B2_H "48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b"
#define B2_M "6162630000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
#define B2_T "03000000000000000000000000000000"

static void test_blake2f_rules(void **state) {
    (void)state;
    expect_ok_hex(9, "0000000c" B2_H B2_M B2_T "01",
                  "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
                  12);
    expect_ok_hex(9, "0000000c" B2_H B2_M B2_T "00",
                  "75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d2875298743e7f6d5ea2f2d3e8d226039cd31b4e426ac4f2d3d666a610c2116fde4735",
                  12);
    expect_ok_hex(9, "00000000" B2_H B2_M B2_T "01",
                  "08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d282e6ad7f520e511f6c3e2b8c68059b9442be0454267ce079217e1319cde05b",
                  0);
    expect_fail_hex(9, "0000000c" B2_H B2_M B2_T "02");
    expect_fail_hex(9, "0000000c" B2_H B2_M B2_T);
    expect_fail_hex(9, "0000000c" B2_H B2_M B2_T "0100");
    /* rounds priced before anything runs: 2^32 - 1 rounds needs that much gas */
    size_t n;
    uint8_t *in = unhex("ffffffff" B2_H B2_M B2_T "01", &n);
    rs_buf out;
    rs_buf_init(&out);
    rs_evm_result r = rs_precompile_run(pc_addr(9), in, n, 1000000, &out);
    assert_int_equal(r.status, RS_EVM_OUT_OF_GAS);
    assert_int_equal(r.gas_left, 0);
    assert_int_equal(out.len, 0);
    rs_buf_free(&out);
    free(in);
}

static void test_point_evaluation_unavailable(void **state) {
    (void)state;
    uint8_t in[192] = {0};
    rs_buf out;
    rs_buf_init(&out);
    rs_evm_result r = rs_precompile_run(pc_addr(0x0a), in, sizeof in, 1000000, &out);
    assert_int_equal(r.status, RS_EVM_PRECOMPILE_FAILURE);
    assert_int_equal(r.gas_left, 0);
    assert_int_equal(out.len, 0);
    r = rs_precompile_run(pc_addr(0x0a), in, sizeof in, 100, &out);
    assert_int_not_equal(r.status, RS_EVM_SUCCESS);
    assert_int_equal(r.gas_left, 0);
    rs_buf_free(&out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_ecrecover_vectors),
        cmocka_unit_test(test_ecrecover_rules),
        cmocka_unit_test(test_hashes),
        cmocka_unit_test(test_modexp_vectors),
        cmocka_unit_test(test_modexp_rules),
        cmocka_unit_test(test_bn256_add_vectors),
        cmocka_unit_test(test_bn256_mul_vectors),
        cmocka_unit_test(test_bn256_rules),
        cmocka_unit_test(test_bn256_pairing_vectors),
        cmocka_unit_test(test_bn256_bilinear),
        cmocka_unit_test(test_bn256_g2_subgroup),
        cmocka_unit_test(test_bn256_cyclotomic_sqr),
        cmocka_unit_test(test_blake2f_vectors),
        cmocka_unit_test(test_blake2f_rules),
        cmocka_unit_test(test_point_evaluation_unavailable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
