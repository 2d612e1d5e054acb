/* Figures and fields of a risk report as text (risk_render_fmt.h). */
#include "cli/risk_render_fmt.h"

#include "restake/limits.h"
#include "restake/u256.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U256_DEC_DIGITS 78

const char *rr_str(const json_t *o, const char *key) {
    const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

bool rr_int(const json_t *o, const char *key, long long *v) {
    const json_t *x = json_is_object(o) ? json_object_get(o, key) : NULL;
    if (!json_is_integer(x)) return false;
    *v = (long long)json_integer_value(x);
    return true;
}

bool rr_true(const json_t *o, const char *key) {
    return json_is_object(o) && json_is_true(json_object_get(o, key));
}

const json_t *rr_arr(const json_t *o, const char *key) {
    const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_array(v) ? v : NULL;
}

const json_t *rr_obj(const json_t *o, const char *key) {
    const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_object(v) ? v : NULL;
}

size_t rr_len(const json_t *a) {
    if (!json_is_array(a)) return 0;
    size_t n = json_array_size(a);
    return n < RS_RISK_RENDER_ITEMS_MAX ? n : RS_RISK_RENDER_ITEMS_MAX;
}

int rr_decimals(const json_t *item) {
    long long d;
    if (rr_int(item, "decimals", &d) && d >= 0 && d <= U256_DEC_DIGITS - 1) return (int)d;
    return RR_DEFAULT_DECIMALS;
}

void rr_field(const json_t *o, const char *key, char out[RR_TEXT_MAX]) {
    const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    if (json_is_string(v))
        snprintf(out, RR_TEXT_MAX, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(out, RR_TEXT_MAX, "%lld", (long long)json_integer_value(v));
    else if (json_is_boolean(v))
        snprintf(out, RR_TEXT_MAX, "%s", json_is_true(v) ? "yes" : "no");
    else
        snprintf(out, RR_TEXT_MAX, "-");
}

bool rr_is_dec(const char *s) {
    if (!s || !*s) return false;
    size_t n = 0;
    for (; s[n]; n++)
        if (n >= U256_DEC_DIGITS || !isdigit((unsigned char)s[n])) return false;
    return true;
}

/* Digits of s (rr_is_dec) without leading zeros ("0" stays). */
static const char *strip_zeros(const char *s) {
    while (s[0] == '0' && s[1]) s++;
    return s;
}

/* The n digits at d, grouped by three with commas, appended at out[*at]. */
static void put_grouped(const char *d, size_t n, char *out, size_t *at) {
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) out[(*at)++] = ',';
        out[(*at)++] = d[i];
    }
}

void rr_tokens(const char *raw, int decimals, char out[RR_TEXT_MAX]) {
    if (!rr_is_dec(raw)) {
        snprintf(out, RR_TEXT_MAX, "%s", raw ? raw : "-");
        return;
    }
    assert(decimals >= 0 && decimals < U256_DEC_DIGITS);
    /* Left-pad to more than `decimals` digits so the whole part has one. */
    char pad[2 * U256_DEC_DIGITS + 2];
    const char *d = strip_zeros(raw);
    size_t n = strlen(d), dec = (size_t)decimals;
    size_t zeros = n > dec ? 0 : dec + 1 - n;
    memset(pad, '0', zeros);
    memcpy(pad + zeros, d, n + 1);
    n += zeros;
    size_t whole = n - dec, frac = dec;
    while (frac > 0 && pad[whole + frac - 1] == '0') frac--;
    size_t at = 0;
    put_grouped(pad, whole, out, &at);
    if (frac > 0) {
        out[at++] = '.';
        memcpy(out + at, pad + whole, frac);
        at += frac;
    }
    assert(at < RR_TEXT_MAX);
    out[at] = 0;
}

void rr_raw(const char *raw, char out[RR_TEXT_MAX]) { rr_tokens(raw, 0, out); }

void rr_percent(const char *wad, char out[RR_TEXT_MAX]) {
    if (!rr_is_dec(wad)) {
        snprintf(out, RR_TEXT_MAX, "%s", wad ? wad : "-");
        return;
    }
    /* wad / 1e18 * 100 with 4 decimals = floor(wad / 1e12) ten-thousandths. */
    const char *d = strip_zeros(wad);
    size_t n = strlen(d);
    char basis[U256_DEC_DIGITS + 1];
    if (n <= 12) {
        strcpy(basis, "0");
    } else {
        memcpy(basis, d, n - 12);
        basis[n - 12] = 0;
    }
    /* basis has at most 66 digits: with separators, point, places and the
     * sign it stays well inside out. */
    rr_tokens(basis, 4, out);
    /* rr_tokens drops trailing zeros; a percentage keeps its four places. */
    char *dot = strchr(out, '.');
    size_t places = dot ? strlen(dot + 1) : 0;
    if (!dot) strcat(out, ".");
    for (; places < 4; places++) strcat(out, "0");
    strcat(out, "%");
    assert(strlen(out) < RR_TEXT_MAX);
}

void rr_sub(const char *a, const char *b, char out[RR_TEXT_MAX]) {
    u256 x, y;
    if (!rr_is_dec(a) || !rr_is_dec(b) || !u256_from_dec(&x, a, strlen(a)) ||
        !u256_from_dec(&y, b, strlen(b)) || u256_lt(x, y)) {
        snprintf(out, RR_TEXT_MAX, "-");
        return;
    }
    char buf[79];
    u256_to_dec(u256_sub_wrap(x, y), buf);
    snprintf(out, RR_TEXT_MAX, "%s", buf);
}

double rr_scaled(const char *raw, int decimals) {
    if (!rr_is_dec(raw)) return 0;
    double v = strtod(raw, NULL);
    for (int i = 0; i < decimals; i++) v /= 10;
    return v;
}

bool rr_is_address(const char *s) {
    if (!s || s[0] != '0' || s[1] != 'x') return false;
    for (size_t i = 0; i < 40; i++)
        if (!isxdigit((unsigned char)s[2 + i])) return false;
    return s[42] == 0;
}

void rr_short_address(const char *s, char out[RR_TEXT_MAX]) {
    if (!rr_is_address(s)) {
        snprintf(out, RR_TEXT_MAX, "%s", s ? s : "-");
        return;
    }
    snprintf(out, RR_TEXT_MAX, "%.6s..%s", s, s + 38);
}

void rr_html_text(FILE *out, const char *s) {
    if (!s) s = "-";
    for (; *s; s++) {
        unsigned char b = (unsigned char)*s;
        switch (b) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(b < 0x20 && b != '\n' && b != '\t' ? '?' : b == 0x7f ? '?' : b, out);
        }
    }
}
