/* ABI type strings → abi_type trees. Only canonical spellings are accepted
 * ("uint256", never "uint"; no spaces; no leading zeros in sizes), because a
 * type string is also hashed into a selector, and a non-canonical spelling
 * would silently yield a different selector. */
#include <stdio.h>
#include <string.h>

#include "restake/abi.h"


typedef struct {
    rs_arena *a;
    const char *s;
    size_t len, pos;
} type_parser;

static abi_type *new_type(type_parser *p, abi_kind kind) {
    abi_type *t = rs_arena_alloc(p->a, sizeof *t);
    if (t) t->kind = kind;
    return t;
}

/* Records the derived properties of a complete type (its parts are sealed
 * already, so this costs one pass over its direct children). */
static void seal(abi_type *t) {
    t->dynamic = abi_type_is_dynamic(t);
    t->head_bytes = abi_type_head_size(t);
    t->props_known = true;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Canonical decimal: no leading zero, value in [1, max]. */
static bool parse_size(const char *s, size_t n, unsigned max, unsigned *out) {
    if (n == 0 || s[0] == '0' || n > 6) return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i])) return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v > max) return false;
    *out = v;
    return true;
}

static bool word_is(const char *w, size_t n, const char *lit) {
    return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

static bool has_prefix(const char *w, size_t n, const char *pre, size_t *plen) {
    *plen = strlen(pre);
    return n > *plen && memcmp(w, pre, *plen) == 0;
}

static abi_status parse_elementary(type_parser *p, const abi_type **out) {
    size_t start = p->pos;
    while (p->pos < p->len && ((p->s[p->pos] >= 'a' && p->s[p->pos] <= 'z') || is_digit(p->s[p->pos])))
        p->pos++;
    const char *w = p->s + start;
    size_t n = p->pos - start, pl;
    abi_kind kind;
    unsigned bits = 0;
    if (word_is(w, n, "address")) kind = ABI_ADDRESS;
    else if (word_is(w, n, "bool")) kind = ABI_BOOL;
    else if (word_is(w, n, "bytes")) kind = ABI_BYTES;
    else if (word_is(w, n, "string")) kind = ABI_STRING;
    else if (has_prefix(w, n, "uint", &pl) && parse_size(w + pl, n - pl, 256, &bits) && bits % 8 == 0)
        kind = ABI_UINT;
    else if (has_prefix(w, n, "int", &pl) && parse_size(w + pl, n - pl, 256, &bits) && bits % 8 == 0)
        kind = ABI_INT;
    else if (has_prefix(w, n, "bytes", &pl) && parse_size(w + pl, n - pl, 32, &bits))
        kind = ABI_BYTESN;
    else
        return ABI_ERR_TYPE;
    abi_type *t = new_type(p, kind);
    if (!t) return ABI_ERR_LIMIT;
    t->bits = (uint16_t)bits;
    seal(t);
    *out = t;
    return ABI_OK;
}

/* Fields of the tuple whose '(' is at p->pos: counted by scanning to the
 * matching ')' so the field array is allocated once at its final size. */
static abi_status count_fields(const type_parser *p, size_t *n) {
    int depth = 0;
    size_t commas = 0;
    for (size_t i = p->pos; i < p->len; i++) {
        char c = p->s[i];
        if (c == '(') depth++;
        else if (c == ')' && --depth == 0) {
            *n = (i == p->pos + 1) ? 0 : commas + 1;
            return ABI_OK;
        } else if (c == ',' && depth == 1) commas++;
    }
    return ABI_ERR_TYPE;
}

static abi_status parse_type(type_parser *p, unsigned depth, const abi_type **out, unsigned *height);

static abi_status parse_tuple(type_parser *p, unsigned depth, const abi_type **out, unsigned *height) {
    size_t n;
    abi_status st = count_fields(p, &n);
    if (st != ABI_OK) return st;
    if (n > ABI_MAX_FIELDS) return ABI_ERR_LIMIT;
    abi_type *t = new_type(p, ABI_TUPLE);
    const abi_type **fields = n ? rs_arena_alloc(p->a, n * sizeof *fields) : NULL;
    if (!t || (n && !fields)) return ABI_ERR_LIMIT;
    p->pos++; /* '(' */
    unsigned h = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned fh;
        if (i > 0 && (p->pos >= p->len || p->s[p->pos++] != ',')) return ABI_ERR_TYPE;
        st = parse_type(p, depth + 1, &fields[i], &fh);
        if (st != ABI_OK) return st;
        if (fh > h) h = fh;
    }
    if (p->pos >= p->len || p->s[p->pos] != ')') return ABI_ERR_TYPE;
    p->pos++;
    t->count = rs_u32_from_size(n);
    t->fields = (const abi_type *const *)fields;
    seal(t);
    *out = t;
    *height = h + 1;
    return ABI_OK;
}

/* "[]" or "[k]" after an element type. */
static abi_status parse_suffix(type_parser *p, const abi_type **t, unsigned *height) {
    size_t start = ++p->pos;
    while (p->pos < p->len && is_digit(p->s[p->pos])) p->pos++;
    if (p->pos >= p->len || p->s[p->pos] != ']') return ABI_ERR_TYPE;
    size_t ndig = p->pos - start;
    p->pos++;
    unsigned k = 0;
    if (ndig > 0 && !parse_size(p->s + start, ndig, ABI_MAX_FIXED_LEN, &k)) return ABI_ERR_TYPE;
    /* An array of zero-size elements would let a tiny input claim 2^64 elements. */
    if (!abi_type_is_dynamic(*t) && abi_type_head_size(*t) == 0) return ABI_ERR_TYPE;
    abi_type *arr = new_type(p, ndig ? ABI_FARRAY : ABI_ARRAY);
    if (!arr) return ABI_ERR_LIMIT;
    arr->count = k;
    arr->elem = *t;
    seal(arr);
    *t = arr;
    if (++*height > ABI_MAX_DEPTH) return ABI_ERR_LIMIT;
    return ABI_OK;
}

static abi_status parse_type(type_parser *p, unsigned depth, const abi_type **out, unsigned *height) {
    if (depth > ABI_MAX_DEPTH) return ABI_ERR_LIMIT;
    if (p->pos >= p->len) return ABI_ERR_TYPE;
    abi_status st;
    *height = 1;
    if (p->s[p->pos] == '(') st = parse_tuple(p, depth, out, height);
    else st = parse_elementary(p, out);
    if (st != ABI_OK) return st;
    if (*height > ABI_MAX_DEPTH) return ABI_ERR_LIMIT;
    while (p->pos < p->len && p->s[p->pos] == '[') {
        st = parse_suffix(p, out, height);
        if (st != ABI_OK) return st;
    }
    return ABI_OK;
}

abi_status abi_type_parse(rs_arena *a, const char *s, size_t len, const abi_type **out) {
    type_parser p = {a, s, len, 0};
    const abi_type *t;
    unsigned height;
    abi_status st = parse_type(&p, 1, &t, &height);
    if (st != ABI_OK) return st;
    if (p.pos != len) return ABI_ERR_TYPE;
    *out = t;
    return ABI_OK;
}

static bool is_ident_char(char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
           (!first && is_digit(c));
}

abi_status abi_signature_params(rs_arena *a, const char *sig, const abi_type **out) {
    const char *paren = strchr(sig, '(');
    if (!paren || paren == sig) return ABI_ERR_TYPE;
    for (const char *c = sig; c < paren; c++)
        if (!is_ident_char(*c, c == sig)) return ABI_ERR_TYPE;
    const abi_type *t;
    abi_status st = abi_type_parse(a, paren, strlen(paren), &t);
    if (st != ABI_OK) return st;
    if (t->kind != ABI_TUPLE) return ABI_ERR_TYPE; /* "f(uint256)[]" */
    *out = t;
    return ABI_OK;
}

/* ---- type properties ---- */

bool abi_type_is_dynamic(const abi_type *t) {
    if (t->props_known) return t->dynamic;
    switch (t->kind) {
    case ABI_BYTES:
    case ABI_STRING:
    case ABI_ARRAY: return true;
    case ABI_FARRAY: return abi_type_is_dynamic(t->elem);
    case ABI_TUPLE:
        for (uint32_t i = 0; i < t->count; i++)
            if (abi_type_is_dynamic(t->fields[i])) return true;
        return false;
    default: return false;
    }
}

static size_t sat_add(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }
static size_t sat_mul(size_t a, size_t b) { return (b != 0 && a > SIZE_MAX / b) ? SIZE_MAX : a * b; }

size_t abi_type_head_size(const abi_type *t) {
    if (t->props_known) return t->head_bytes;
    if (abi_type_is_dynamic(t)) return 32;
    if (t->kind == ABI_FARRAY) return sat_mul(t->count, abi_type_head_size(t->elem));
    if (t->kind == ABI_TUPLE) {
        size_t n = 0;
        for (uint32_t i = 0; i < t->count; i++) n = sat_add(n, abi_type_head_size(t->fields[i]));
        return n;
    }
    return 32;
}

/* Appends to out[*pos..cap) keeping one byte for the NUL; *pos counts the full length. */
static void emit(char *out, size_t cap, size_t *pos, const char *s) {
    for (; *s; s++, (*pos)++)
        if (*pos + 1 < cap) out[*pos] = *s;
}

static void type_str(const abi_type *t, char *out, size_t cap, size_t *pos) {
    char tmp[24];
    switch (t->kind) {
    case ABI_UINT: snprintf(tmp, sizeof tmp, "uint%u", (unsigned)t->bits); emit(out, cap, pos, tmp); break;
    case ABI_INT: snprintf(tmp, sizeof tmp, "int%u", (unsigned)t->bits); emit(out, cap, pos, tmp); break;
    case ABI_ADDRESS: emit(out, cap, pos, "address"); break;
    case ABI_BOOL: emit(out, cap, pos, "bool"); break;
    case ABI_BYTESN: snprintf(tmp, sizeof tmp, "bytes%u", (unsigned)t->bits); emit(out, cap, pos, tmp); break;
    case ABI_BYTES: emit(out, cap, pos, "bytes"); break;
    case ABI_STRING: emit(out, cap, pos, "string"); break;
    case ABI_ARRAY: type_str(t->elem, out, cap, pos); emit(out, cap, pos, "[]"); break;
    case ABI_FARRAY:
        type_str(t->elem, out, cap, pos);
        snprintf(tmp, sizeof tmp, "[%u]", (unsigned)t->count);
        emit(out, cap, pos, tmp);
        break;
    case ABI_TUPLE:
        emit(out, cap, pos, "(");
        for (uint32_t i = 0; i < t->count; i++) {
            if (i) emit(out, cap, pos, ",");
            type_str(t->fields[i], out, cap, pos);
        }
        emit(out, cap, pos, ")");
        break;
    }
}

size_t abi_type_str(const abi_type *t, char *out, size_t cap) {
    size_t pos = 0;
    type_str(t, out, cap, &pos);
    if (cap > 0) out[pos < cap ? pos : cap - 1] = '\0';
    return pos;
}
