/* Hex codec: strict decoding, lower-case encoding, EIP-55 checksums. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "restake/hex.h"

static long dec(const char *s, uint8_t *out, size_t cap) { return rs_hex_decode(s, strlen(s), out, cap); }

static void test_decode_valid(void **state) {
    (void)state;
    uint8_t out[8];
    assert_int_equal(dec("0x", out, sizeof out), 0);
    assert_int_equal(dec("", out, sizeof out), 0);
    assert_int_equal(dec("0xabCD09", out, sizeof out), 3);
    assert_memory_equal(out, "\xab\xcd\x09", 3);
    assert_int_equal(dec("ff00", out, sizeof out), 2);
    assert_memory_equal(out, "\xff\x00", 2);
    assert_int_equal(dec("0X7f", out, sizeof out), 1);
    assert_int_equal(out[0], 0x7f);
    /* exactly filling the capacity is fine */
    assert_int_equal(dec("0x0102030405060708", out, sizeof out), 8);
    assert_int_equal(out[7], 8);
    /* len bounds the input: the digits after it are not read */
    assert_int_equal(rs_hex_decode("0x12zz", 4, out, sizeof out), 1);
    assert_int_equal(out[0], 0x12);
}

static void test_decode_rejects(void **state) {
    (void)state;
    uint8_t out[4];
    assert_int_equal(dec("0xabc", out, sizeof out), -1);       /* odd */
    assert_int_equal(dec("abc", out, sizeof out), -1);         /* odd, bare */
    assert_int_equal(dec("0xzz", out, sizeof out), -1);        /* non-hex */
    assert_int_equal(dec("0x0g", out, sizeof out), -1);
    assert_int_equal(dec("0x 1", out, sizeof out), -1);        /* space */
    assert_int_equal(dec("0x0x12", out, sizeof out), -1);      /* double prefix */
    assert_int_equal(dec("0x-1", out, sizeof out), -1);
    assert_int_equal(dec("0x0102030405", out, sizeof out), -1); /* 5 > cap 4 */
    assert_int_equal(rs_hex_decode("0x1\0", 4, out, sizeof out), -1);
}

static void test_encode(void **state) {
    (void)state;
    char s[16];
    rs_hex_encode((const uint8_t *)"\x00\xff\x1a\xB0", 4, s);
    assert_string_equal(s, "0x00ff1ab0");
    rs_hex_encode(NULL, 0, s);
    assert_string_equal(s, "0x");
}

static void test_addr_and_b32(void **state) {
    (void)state;
    rs_addr a;
    assert_true(rs_addr_from_hex(&a, "0xBEaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0"));
    assert_int_equal(a.b[0], 0xbe);
    assert_int_equal(a.b[19], 0xc0);
    rs_addr keep = a;
    assert_false(rs_addr_from_hex(&a, "0xbeac0eeeeeeeeeeeeeeeeeeeeeeeeeeeeeebeac"));   /* 39 digits */
    assert_false(rs_addr_from_hex(&a, "0xbeac0eeeeeeeeeeeeeeeeeeeeeeeeeeeeeebeac00")); /* 41 */
    assert_false(rs_addr_from_hex(&a, "beac0eeeeeeeeeeeeeeeeeeeeeeeeeeeeeebeac000"));  /* no 0x */
    assert_false(rs_addr_from_hex(&a, "0xbeac0eeeeeeeeeeeeeeeeeeeeeeeeeeeeeebeac0g"));
    assert_false(rs_addr_from_hex(&a, ""));
    assert_memory_equal(a.b, keep.b, 20); /* untouched on failure */

    rs_b32 x;
    assert_true(rs_b32_from_hex(&x, "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"));
    assert_int_equal(x.b[0], 0xdd);
    assert_int_equal(x.b[31], 0xef);
    assert_false(rs_b32_from_hex(&x, "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3"));
    assert_false(rs_b32_from_hex(&x, "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef00"));
}

/* The test vectors of EIP-55 itself. */
static void test_checksum(void **state) {
    (void)state;
    static const char *vectors[] = {
        "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    };
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        rs_addr a;
        char lower[43], out[43];
        for (int j = 0; j < 43; j++) lower[j] = (char)((vectors[i][j] >= 'A' && vectors[i][j] <= 'F') ? vectors[i][j] + 32 : vectors[i][j]);
        assert_true(rs_addr_from_hex(&a, lower));
        rs_addr_to_checksum(a, out);
        assert_string_equal(out, vectors[i]);
    }
    char out[43];
    rs_addr_to_checksum(RS_ADDR_ZERO, out);
    assert_string_equal(out, "0x0000000000000000000000000000000000000000");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_rejects),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_addr_and_b32),
        cmocka_unit_test(test_checksum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
