/* libFuzzer target for the u256 text parsers: any input must parse or be
 * rejected without a crash, and whatever parses must survive
 * parse -> print -> parse unchanged, in decimal and in hex. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "restake/u256.h"

#define REQUIRE(c) \
    do {           \
        if (!(c)) abort(); \
    } while (0)

static void round_trip(u256 v) {
    char dec[79], hex[67];
    u256 back;
    size_t n = u256_to_dec(v, dec);
    REQUIRE(n == strlen(dec) && n >= 1 && n <= 78);
    REQUIRE(u256_from_dec(&back, dec, n) && u256_eq(back, v));
    n = u256_to_hex(v, hex);
    REQUIRE(n == strlen(hex) && n >= 3 && n <= 66);
    REQUIRE(u256_from_hex(&back, hex, n) && u256_eq(back, v));
}

/* Digit-at-a-time parse through the checked operations: an independent
 * reference for the 19-digit chunking in u256_from_dec. */
static bool slow_dec(u256 *r, const char *s, size_t len) {
    u256 acc = U256_ZERO, ten = u256_from_u64(10);
    if (len == 0) return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        if (!u256_mul(&acc, acc, ten) || !u256_add(&acc, acc, u256_from_u64((uint64_t)(s[i] - '0')))) return false;
    }
    *r = acc;
    return true;
}

static void check_dec(const char *s, size_t len) {
    u256 v, ref;
    bool ok = u256_from_dec(&v, s, len);
    bool ref_ok = slow_dec(&ref, s, len);
    REQUIRE(ok == ref_ok && (!ok || u256_eq(v, ref)));
    size_t digits = 0;
    while (digits < len && s[digits] >= '0' && s[digits] <= '9') digits++;
    if (!ok) {
        /* A rejected all-digit input must be too large: 78+ significant digits. */
        if (len > 0 && digits == len) {
            size_t lead = 0;
            while (lead < len && s[lead] == '0') lead++;
            REQUIRE(len - lead >= 78);
        }
        return;
    }
    REQUIRE(len > 0 && digits == len);
    /* Printing gives the input minus its leading zeros. */
    char dec[79];
    size_t n = u256_to_dec(v, dec);
    size_t lead = 0;
    while (lead + 1 < len && s[lead] == '0') lead++;
    REQUIRE(n == len - lead && memcmp(dec, s + lead, n) == 0);
    round_trip(v);
}

static void check_hex(const char *s, size_t len) {
    u256 v;
    if (!u256_from_hex(&v, s, len)) return;
    size_t body = len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 2 : 0;
    REQUIRE(len > body && len - body <= 64);
    round_trip(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *s = (const char *)data;
    check_dec(s, size);
    check_hex(s, size);
    /* Big-endian bytes: any prefix up to 32 bytes is a value that must round-trip. */
    u256 v = u256_from_be_n(data, size < 32 ? size : 32);
    round_trip(v);
    return 0;
}
