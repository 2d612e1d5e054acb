/* The report writer (risk_emit.h). */
#include "risk/risk_emit.h"

#include <assert.h>
#include <string.h>

#include "restake/hex.h"

void rk_emit_tree(rk_emit *m) { memset(m, 0, sizeof *m); }

void rk_emit_text(rk_emit *m, rs_buf *out) {
    memset(m, 0, sizeof *m);
    m->text = out;
    m->first[0] = true;
}

/* Room for n more bytes at the end of the text, written in place: the
 * "all" report is hundreds of megabytes of short pieces. */
static char *room(rk_emit *m, size_t n) {
    rs_buf *b = m->text;
    if (b->cap - b->len < n) {
        rs_buf_zeros(b, n);
        b->len -= n;
    }
    return (char *)b->p + b->len;
}

static void put(rk_emit *m, const char *s, size_t n) {
    memcpy(room(m, n), s, n);
    m->text->len += n;
}

/* text: the comma and the member name before a value */
static void lead(rk_emit *m, const char *key) {
    size_t k = key ? strlen(key) : 0;
    char *p = room(m, k + 4), *at = p;
    if (!m->first[m->depth]) *p++ = ',';
    m->first[m->depth] = false;
    if (key) {
        *p++ = '"';
        memcpy(p, key, k);
        p += k;
        *p++ = '"';
        *p++ = ':';
    }
    m->text->len += (size_t)(p - at);
}

/* tree: attach v to the open container (or make it the document) */
static void attach(rk_emit *m, const char *key, json_t *v) {
    if (m->depth == 0) {
        assert(!m->root);
        m->root = v;
        return;
    }
    json_t *top = m->stack[m->depth - 1];
    if (json_is_object(top)) json_object_set_new(top, key, v);
    else json_array_append_new(top, v);
}

static void open(rk_emit *m, const char *key, bool object) {
    assert(m->depth + 1 < RK_EMIT_DEPTH);
    if (m->text) {
        lead(m, key);
        put(m, object ? "{" : "[", 1);
        m->first[++m->depth] = true;
        m->is_obj[m->depth] = object;
        return;
    }
    json_t *v = object ? json_object() : json_array();
    attach(m, key, v);
    m->stack[m->depth++] = v;
}

void rk_em_obj(rk_emit *m, const char *key) { open(m, key, true); }
void rk_em_arr(rk_emit *m, const char *key) { open(m, key, false); }

void rk_em_end(rk_emit *m) {
    assert(m->depth > 0);
    if (m->text) put(m, m->is_obj[m->depth] ? "}" : "]", 1);
    m->depth--;
}

/* Decimal digits of x (no NUL), written backwards from end; returns the start. */
static char *u64_digits(uint64_t x, char *end, size_t min_digits) {
    char *p = end;
    do {
        *--p = (char)('0' + x % 10);
        x /= 10;
    } while (x || (size_t)(end - p) < min_digits);
    return p;
}

/* Decimal of a u256: the common amounts fit 128 bits and are printed as
 * two base-10^19 halves, without the 256-bit long division. */
static size_t dec_of(u256 v, char out[79]) {
    if (v.w[2] || v.w[3]) return u256_to_dec(v, out);
    char tmp[48], *end = tmp + sizeof tmp, *p;
    if (!v.w[1]) p = u64_digits(v.w[0], end, 1);
    else {
        const uint64_t e19 = 10000000000000000000ull;
        unsigned __int128 x = ((unsigned __int128)v.w[1] << 64) | v.w[0];
        unsigned __int128 hi = x / e19;
        p = u64_digits((uint64_t)(x % e19), end, 19);
        if (hi >> 64) p = u64_digits((uint64_t)(hi % e19), p, 19), p = u64_digits((uint64_t)(hi / e19), p, 1);
        else p = u64_digits((uint64_t)hi, p, 1);
    }
    size_t n = (size_t)(end - p);
    memcpy(out, p, n);
    out[n] = 0;
    return n;
}

void rk_em_addr(rk_emit *m, const char *key, rs_addr a) {
    char b[43];
    rs_hex_encode(a.b, 20, b);
    if (!m->text) {
        attach(m, key, json_string(b));
        return;
    }
    lead(m, key);
    put(m, "\"", 1);
    put(m, b, 42);
    put(m, "\"", 1);
}

void rk_em_addr_or_null(rk_emit *m, const char *key, rs_addr a) {
    if (rs_addr_is_zero(a)) rk_em_null(m, key);
    else rk_em_addr(m, key, a);
}

void rk_em_dec(rk_emit *m, const char *key, u256 v) {
    char b[80];
    size_t n = dec_of(v, b);
    if (!m->text) {
        attach(m, key, json_stringn(b, n));
        return;
    }
    lead(m, key);
    put(m, "\"", 1);
    put(m, b, n);
    put(m, "\"", 1);
}

void rk_em_u64(rk_emit *m, const char *key, uint64_t v) {
    if (!m->text) {
        attach(m, key, json_integer((json_int_t)v));
        return;
    }
    char b[80];
    size_t n = dec_of(u256_from_u64(v), b);
    lead(m, key);
    put(m, b, n);
}

void rk_em_bool(rk_emit *m, const char *key, bool v) {
    if (!m->text) {
        attach(m, key, json_boolean(v));
        return;
    }
    lead(m, key);
    put(m, v ? "true" : "false", v ? 4 : 5);
}

void rk_em_null(rk_emit *m, const char *key) {
    if (!m->text) {
        attach(m, key, json_null());
        return;
    }
    lead(m, key);
    put(m, "null", 4);
}

void rk_em_str(rk_emit *m, const char *key, const char *s) {
    if (!m->text) {
        attach(m, key, json_string(s));
        return;
    }
    lead(m, key);
    put(m, "\"", 1);
    put(m, s, strlen(s));
    put(m, "\"", 1);
}

void rk_em_json(rk_emit *m, const char *key, json_t *v) {
    assert(!m->text);
    attach(m, key, v);
}

void rk_em_obj_text(rk_emit *m, const rs_buf *opened) {
    assert(m->text && m->depth + 1 < RK_EMIT_DEPTH && opened->len >= 1 && opened->p[0] == '{');
    lead(m, NULL);
    put(m, (const char *)opened->p, opened->len);
    m->depth++;
    m->first[m->depth] = opened->len == 1;
    m->is_obj[m->depth] = true;
}
