/* Strict ABI decoder, accepting exactly what Solidity's ABI coder v2 accepts
 * when it decodes external-call arguments:
 *  - every head must lie inside the data; an offset (relative to the start of
 *    the enclosing tuple or array body) must be < 2^64 and leave room for the
 *    32-byte word found at its target; non-canonical offsets are fine;
 *  - a length must be < 2^64 and its payload (elements * stride, or bytes) fit
 *    before the end; the padding after a bytes payload need not be present;
 *  - narrow values must be clean: uintN/address zero above N bits, intN
 *    sign-extended, bytesN zero below its N bytes, bool 0 or 1;
 *  - anything after the encoding is ignored.
 * A length is checked against the remaining data before anything proportional
 * to it is allocated, and the total number of values is capped so that
 * aliasing offsets cannot turn a small input into a huge value tree. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/abi_internal.h"

typedef struct {
    rs_arena *a;
    const uint8_t *d;
    size_t end;
    size_t values;
    abi_error *err;
} decoder;

static abi_status fail(decoder *c, abi_status st, size_t off, const char *fmt, ...) {
    c->err->status = st;
    c->err->offset = off;
    int n = snprintf(c->err->msg, sizeof c->err->msg, "offset 0x%zx: ", off);
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof c->err->msg)
        vsnprintf(c->err->msg + n, sizeof c->err->msg - (size_t)n, fmt, ap);
    va_end(ap);
    return st;
}

static inline uint64_t load_be64(const uint8_t *p) {
    return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
           (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 | (uint64_t)p[6] << 8 | (uint64_t)p[7];
}

static u256 load_word(const uint8_t *p) {
    return (u256){{load_be64(p + 24), load_be64(p + 16), load_be64(p + 8), load_be64(p)}};
}

/* v < 2^bits */
static bool fits(u256 v, unsigned bits) {
    for (unsigned i = 0; i < 4; i++) {
        unsigned lo = 64 * i;
        if (bits >= lo + 64) continue;
        uint64_t allowed = bits <= lo ? 0 : (UINT64_MAX >> (64 - (bits - lo)));
        if (v.w[i] & ~allowed) return false;
    }
    return true;
}

static bool fits_u64(u256 v) { return (v.w[1] | v.w[2] | v.w[3]) == 0; }

static u256 not_word(u256 v) {
    for (int i = 0; i < 4; i++) v.w[i] = ~v.w[i];
    return v;
}

static abi_status decode_word(decoder *c, const abi_type *t, size_t at, abi_val *out) {
    if (at > c->end || c->end - at < 32) return fail(c, ABI_ERR_SHORT, at, "value word beyond the data");
    u256 v = load_word(c->d + at);
    out->word = v;
    switch (t->kind) {
    case ABI_UINT:
        if (!fits(v, t->bits)) return fail(c, ABI_ERR_DIRTY, at, "uint%u has dirty high bits", (unsigned)t->bits);
        return ABI_OK;
    case ABI_INT:
        if (!fits(v, t->bits - 1u) && !fits(not_word(v), t->bits - 1u))
            return fail(c, ABI_ERR_DIRTY, at, "int%u is not sign-extended", (unsigned)t->bits);
        return ABI_OK;
    case ABI_ADDRESS:
        if (!fits(v, 160)) return fail(c, ABI_ERR_DIRTY, at, "address has dirty high bits");
        return ABI_OK;
    case ABI_BOOL:
        if (!fits(v, 1)) return fail(c, ABI_ERR_BOOL, at, "bool is neither 0 nor 1");
        return ABI_OK;
    case ABI_BYTESN: {
        u256 low = v;
        bool clean = true;
        unsigned low_bits = 8u * (32u - t->bits);
        for (unsigned i = 0; i < 4; i++) {
            uint64_t mask = low_bits >= 64 * (i + 1) ? UINT64_MAX
                            : low_bits <= 64 * i     ? 0
                                                     : (UINT64_MAX >> (64 - (low_bits - 64 * i)));
            if (low.w[i] & mask) clean = false;
        }
        if (!clean) return fail(c, ABI_ERR_DIRTY, at, "bytes%u has dirty low bytes", (unsigned)t->bits);
        return ABI_OK;
    }
    default: return fail(c, ABI_ERR_TYPE, at, "not a value type");
    }
}

static abi_status decode_at(decoder *c, const abi_type *t, size_t at, unsigned depth, abi_val *out);

static abi_val *alloc_values(decoder *c, size_t n, size_t at) {
    if (n == 0) return NULL;
    if (n > ABI_MAX_VALUES - c->values) {
        fail(c, ABI_ERR_LIMIT, at, "more than %u values", ABI_MAX_VALUES);
        return NULL;
    }
    c->values += n;
    assert(c->values <= ABI_MAX_VALUES);
    abi_val *v = rs_arena_alloc(c->a, n * sizeof *v);
    if (!v) fail(c, ABI_ERR_LIMIT, at, "arena limit reached");
    return v;
}

/* One entry of a head: dynamic types are reached through an offset relative to base. */
static abi_status decode_field(decoder *c, const abi_type *t, size_t base, size_t head, unsigned depth,
                               abi_val *out) {
    if (!abi_is_dyn(t)) return decode_at(c, t, head, depth, out);
    assert(head <= c->end && c->end - head >= 32); /* the caller checked the head fits */
    u256 off = load_word(c->d + head);
    if (!fits_u64(off)) return fail(c, ABI_ERR_OFFSET, head, "offset does not fit in 64 bits");
    if (off.w[0] > c->end - base || c->end - base - off.w[0] < 32)
        return fail(c, ABI_ERR_OFFSET, head, "offset 0x%llx points outside the data",
                    (unsigned long long)off.w[0]);
    return decode_at(c, t, base + (size_t)off.w[0], depth, out);
}

/* A tuple or T[k] whose head starts at `at`. */
static abi_status decode_seq(decoder *c, const abi_type *t, size_t at, unsigned depth, abi_val *out) {
    size_t n = t->count, head = 0;
    for (size_t i = 0; i < n; i++) {
        size_t hs = abi_head_size(abi_item_type(t, i));
        head = head > SIZE_MAX - hs ? SIZE_MAX : head + hs;
    }
    if (head > c->end - at)
        return fail(c, ABI_ERR_SHORT, at, "%s head needs 0x%zx bytes, 0x%zx left",
                    t->kind == ABI_TUPLE ? "tuple" : "array", head, c->end - at);
    out->n = n;
    out->items = alloc_values(c, n, at);
    if (n && !out->items) return c->err->status;
    size_t pos = at;
    for (size_t i = 0; i < n; i++) {
        const abi_type *ft = abi_item_type(t, i);
        abi_status st = decode_field(c, ft, at, pos, depth + 1, &out->items[i]);
        if (st != ABI_OK) return st;
        pos += abi_head_size(ft);
    }
    assert(pos - at == head); /* the walk covered exactly the head checked above */
    return ABI_OK;
}

/* T[]: a length word, then n heads of the element type relative to the body. */
static abi_status decode_array(decoder *c, const abi_type *t, size_t at, unsigned depth, abi_val *out) {
    u256 len = load_word(c->d + at);
    size_t body = at + 32, stride = abi_head_size(t->elem);
    /* the parser never builds zero-size elements; a hand-built type might */
    if (stride == 0) return fail(c, ABI_ERR_TYPE, at, "array of zero-size elements");
    if (!fits_u64(len) || len.w[0] > (c->end - body) / stride)
        return fail(c, ABI_ERR_LENGTH, at, "array length exceeds the data");
    size_t n = (size_t)len.w[0];
    assert(n <= (c->end - body) / stride);
    out->n = n;
    out->items = alloc_values(c, n, at);
    if (n && !out->items) return c->err->status;
    for (size_t i = 0; i < n; i++) {
        abi_status st = decode_field(c, t->elem, body, body + i * stride, depth + 1, &out->items[i]);
        if (st != ABI_OK) return st;
    }
    return ABI_OK;
}

static abi_status decode_bytes(decoder *c, size_t at, abi_val *out) {
    u256 len = load_word(c->d + at);
    size_t body = at + 32;
    if (!fits_u64(len) || len.w[0] > c->end - body)
        return fail(c, ABI_ERR_LENGTH, at, "bytes length exceeds the data");
    out->ptr = c->d + body;
    out->len = (size_t)len.w[0];
    assert(body + out->len <= c->end);
    return ABI_OK;
}

static abi_status decode_at(decoder *c, const abi_type *t, size_t at, unsigned depth, abi_val *out) {
    if (depth > ABI_MAX_DEPTH + 1) return fail(c, ABI_ERR_LIMIT, at, "nesting deeper than %d", ABI_MAX_DEPTH);
    if (at > c->end) return fail(c, ABI_ERR_SHORT, at, "position beyond the data");
    out->kind = t->kind;
    switch (t->kind) {
    case ABI_BYTES:
    case ABI_STRING:
        if (c->end - at < 32) return fail(c, ABI_ERR_SHORT, at, "length word beyond the data");
        return decode_bytes(c, at, out);
    case ABI_ARRAY:
        if (c->end - at < 32) return fail(c, ABI_ERR_SHORT, at, "length word beyond the data");
        return decode_array(c, t, at, depth, out);
    case ABI_FARRAY:
    case ABI_TUPLE: return decode_seq(c, t, at, depth, out);
    default: return decode_word(c, t, at, out);
    }
}

abi_status abi_decode(rs_arena *a, const abi_type *t, const uint8_t *data, size_t len, abi_val *out,
                      abi_error *err) {
    abi_error scratch;
    decoder c = {a, data, len, 0, err ? err : &scratch};
    memset(c.err, 0, sizeof *c.err);
    memset(out, 0, sizeof *out);
    if (t->kind == ABI_TUPLE) return decode_seq(&c, t, 0, 0, out);
    /* A lone T is decoded as the one-element tuple (T). */
    const abi_type *fields[1] = {t};
    abi_type wrap = {.kind = ABI_TUPLE, .count = 1, .fields = fields};
    abi_val one;
    memset(&one, 0, sizeof one);
    abi_status st = decode_seq(&c, &wrap, 0, 0, &one);
    if (st == ABI_OK) *out = one.items[0];
    assert(st == ABI_OK || c.err->status == st); /* every failure says where and why */
    return st;
}
