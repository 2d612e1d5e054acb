/* Typed reading of JSON documents (jansson) with precise errors: every
 * malformed value is reported with its full path, so a broken file points at
 * itself. Shared by the genesis loader and the conformance vector loader. */
#include "chain/json_reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/hex.h"

_Noreturn void rs_jr_failf(rs_json_reader *c, const char *key, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->errcap) {
        if (key)
            snprintf(c->err, c->errcap, "%s: %s%s%s: %s", c->file, c->where, c->where[0] ? "." : "", key, msg);
        else
            snprintf(c->err, c->errcap, "%s: %s: %s", c->file, c->where[0] ? c->where : "(top level)", msg);
    }
    longjmp(c->fail, 1);
}

size_t rs_jr_where_push(rs_json_reader *c, const char *fmt, ...) {
    size_t old = strlen(c->where);
    va_list ap;
    va_start(ap, fmt);
    if (old && fmt[0] != '[' && old + 1 < sizeof c->where) c->where[old] = '.', c->where[old + 1] = 0;
    size_t cur = strlen(c->where);
    vsnprintf(c->where + cur, sizeof c->where - cur, fmt, ap);
    va_end(ap);
    return old;
}
void rs_jr_where_pop(rs_json_reader *c, size_t old) { c->where[old] = 0; }

void *rs_jr_arena_alloc(rs_json_reader *c, size_t n) {
    void *p = rs_arena_alloc(c->arena, n ? n : 1);
    if (!p) rs_jr_failf(c, NULL, "out of memory");
    return p;
}

void *rs_jr_xcalloc(rs_json_reader *c, size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size);
    if (!p) rs_jr_failf(c, NULL, "out of memory");
    return p;
}

const char *rs_jr_dupstr(rs_json_reader *c, const char *s) {
    size_t n = strlen(s) + 1;
    char *p = rs_jr_arena_alloc(c, n);
    memcpy(p, s, n);
    return p;
}

/* ---- typed getters: `key` NULL means "the value itself" ---- */

json_t *rs_jr_get(rs_json_reader *c, json_t *obj, const char *key, bool required) {
    json_t *x = json_object_get(obj, key);
    if (!x && required) rs_jr_failf(c, key, "missing");
    return x;
}

json_t *rs_jr_get_object(rs_json_reader *c, json_t *obj, const char *key, bool required) {
    json_t *x = rs_jr_get(c, obj, key, required);
    if (x && !json_is_object(x)) rs_jr_failf(c, key, "expected an object");
    return x;
}

json_t *rs_jr_get_array(rs_json_reader *c, json_t *obj, const char *key, bool required) {
    json_t *x = rs_jr_get(c, obj, key, required);
    if (x && !json_is_array(x)) rs_jr_failf(c, key, "expected an array");
    return x;
}

const char *rs_jr_as_string(rs_json_reader *c, json_t *x, const char *key) {
    if (!json_is_string(x)) rs_jr_failf(c, key, "expected a string");
    return json_string_value(x);
}

const char *rs_jr_get_string(rs_json_reader *c, json_t *obj, const char *key, bool required) {
    json_t *x = rs_jr_get(c, obj, key, required);
    return x ? rs_jr_as_string(c, x, key) : NULL;
}

/* Numbers appear both as JSON numbers and as decimal strings (constants vary
 * by suite); hex strings are accepted too. */
u256 rs_jr_as_u256(rs_json_reader *c, json_t *x, const char *key) {
    u256 r;
    if (json_is_integer(x)) {
        json_int_t i = json_integer_value(x);
        if (i < 0) rs_jr_failf(c, key, "negative number");
        return u256_from_u64((uint64_t)i);
    }
    if (json_is_string(x)) {
        const char *s = json_string_value(x);
        size_t n = strlen(s);
        bool ok = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? u256_from_hex(&r, s, n)
                                                                       : u256_from_dec(&r, s, n);
        if (!ok) rs_jr_failf(c, key, "not a uint256: \"%.60s\"", s);
        return r;
    }
    rs_jr_failf(c, key, "expected a number or a decimal string");
}

u256 rs_jr_get_u256(rs_json_reader *c, json_t *obj, const char *key) { return rs_jr_as_u256(c, rs_jr_get(c, obj, key, true), key); }

uint64_t rs_jr_as_u64(rs_json_reader *c, json_t *x, const char *key) {
    u256 v = rs_jr_as_u256(c, x, key);
    uint64_t r;
    if (!u256_to_u64(&r, v)) rs_jr_failf(c, key, "does not fit in 64 bits");
    return r;
}

uint64_t rs_jr_get_u64(rs_json_reader *c, json_t *obj, const char *key) { return rs_jr_as_u64(c, rs_jr_get(c, obj, key, true), key); }

uint32_t rs_jr_get_u32(rs_json_reader *c, json_t *obj, const char *key) {
    uint64_t v = rs_jr_get_u64(c, obj, key);
    if (v > UINT32_MAX) rs_jr_failf(c, key, "does not fit in 32 bits");
    return (uint32_t)v;
}

rs_addr rs_jr_parse_addr(rs_json_reader *c, const char *s, const char *key) {
    rs_addr a;
    if (!rs_addr_from_hex(&a, s)) rs_jr_failf(c, key, "not an address: \"%.60s\"", s);
    return a;
}

rs_addr rs_jr_as_addr(rs_json_reader *c, json_t *x, const char *key) { return rs_jr_parse_addr(c, rs_jr_as_string(c, x, key), key); }

rs_addr rs_jr_get_addr(rs_json_reader *c, json_t *obj, const char *key) { return rs_jr_as_addr(c, rs_jr_get(c, obj, key, true), key); }

rs_b32 rs_jr_as_b32(rs_json_reader *c, json_t *x, const char *key) {
    rs_b32 r;
    const char *s = rs_jr_as_string(c, x, key);
    if (!rs_b32_from_hex(&r, s)) rs_jr_failf(c, key, "not a 32-byte hex word: \"%.80s\"", s);
    return r;
}

const uint8_t *rs_jr_get_hex(rs_json_reader *c, json_t *obj, const char *key, size_t *len) {
    const char *s = rs_jr_get_string(c, obj, key, true);
    size_t n = strlen(s);
    if (n < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) rs_jr_failf(c, key, "expected 0x-prefixed hex");
    uint8_t *out = rs_jr_arena_alloc(c, (n - 2) / 2);
    long r = rs_hex_decode(s, n, out, (n - 2) / 2);
    if (r < 0) rs_jr_failf(c, key, "malformed hex (odd length or non-hex digit)");
    *len = (size_t)r;
    return out;
}

bool rs_jr_get_bool(rs_json_reader *c, json_t *obj, const char *key, bool required, bool dflt) {
    json_t *x = rs_jr_get(c, obj, key, required);
    if (!x) return dflt;
    if (!json_is_boolean(x)) rs_jr_failf(c, key, "expected true or false");
    return json_is_true(x);
}

