/* Hex codec. Decoding is strict (even length, [0-9a-fA-F] only) because hex
 * arrives from RPC clients and vector files where a silent truncation would
 * turn a malformed input into a different value. */
#include "restake/hex.h"

#include <assert.h>
#include <limits.h>
#include <string.h>

#include "restake/keccak.h"

static const char DIGITS[] = "0123456789abcdef";

static int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool has_prefix(const char *s, size_t len) {
    return len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

long rs_hex_decode(const char *s, size_t len, uint8_t *out, size_t cap) {
    if (has_prefix(s, len)) s += 2, len -= 2;
    if (len % 2 != 0 || len / 2 > cap || len / 2 > (size_t)LONG_MAX) return -1;
    assert(out != NULL || len == 0);
    for (size_t i = 0; i < len / 2; i++) {
        int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        assert(hi < 16 && lo < 16);
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return (long)(len / 2);
}

void rs_hex_encode(const uint8_t *data, size_t len, char *out) {
    assert(out != NULL && (data != NULL || len == 0));
    *out++ = '0';
    *out++ = 'x';
    for (size_t i = 0; i < len; i++) {
        *out++ = DIGITS[data[i] >> 4];
        *out++ = DIGITS[data[i] & 15];
    }
    *out = '\0';
}

/* Exactly "0x" + 2*n hex digits, nothing after. */
static bool fixed_from_hex(uint8_t *out, size_t n, const char *s) {
    assert(s != NULL && (n == 20 || n == 32));
    size_t len = strlen(s);
    if (len != 2 + 2 * n || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
    return rs_hex_decode(s, len, out, n) == (long)n;
}

bool rs_addr_from_hex(rs_addr *a, const char *s) {
    rs_addr tmp;
    if (!fixed_from_hex(tmp.b, 20, s)) return false;
    *a = tmp;
    return true;
}

bool rs_b32_from_hex(rs_b32 *x, const char *s) {
    rs_b32 tmp;
    if (!fixed_from_hex(tmp.b, 32, s)) return false;
    *x = tmp;
    return true;
}

/* EIP-55: a letter is upper-case when the matching nibble of
 * keccak256(lower-case hex without 0x) is 8 or more. */
void rs_addr_to_checksum(rs_addr a, char out[43]) {
    uint8_t h[32];
    rs_hex_encode(a.b, 20, out);
    rs_keccak256(out + 2, 40, h);
    for (int i = 0; i < 40; i++) {
        char *c = &out[2 + i];
        int hn = (i % 2 == 0) ? h[i / 2] >> 4 : h[i / 2] & 15;
        if (*c >= 'a' && hn >= 8) *c = (char)(*c - 'a' + 'A');
    }
}
