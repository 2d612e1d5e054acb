/* EIP-712 hashStruct / encodeType / encodeData. */
#include "rpc/eip712.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/buf.h"
#include "restake/keccak.h"
#include "restake/limits.h"
#include "restake/u256.h"
#include "rpc/rpc_json.h"

typedef struct {
    const json_t *types;
    char *err;
    size_t cap;
} ctx712;

static bool fail(ctx712 *c, const char *fmt, const char *what) {
    snprintf(c->err, c->cap, fmt, what);
    return false;
}

/* The base name of a (possibly array) type: "Person[][2]" -> "Person". */
static void base_name(const char *type, char *out, size_t cap) {
    size_t n = strcspn(type, "[");
    if (n >= cap) n = cap - 1;
    memcpy(out, type, n);
    out[n] = 0;
}

static const json_t *struct_fields(ctx712 *c, const char *name) {
    const json_t *f = json_object_get(c->types, name);
    return json_is_array(f) ? f : NULL;
}

/* Collects the struct types `name` references, itself included, once each. */
static bool collect_deps(ctx712 *c, const char *name, json_t *seen, int depth) {
    if (depth > RS_TYPED_DATA_DEPTH_MAX) return fail(c, "typed data nests deeper than allowed at %s", name);
    const json_t *fields = struct_fields(c, name);
    if (!fields || json_object_get(seen, name)) return true;
    json_object_set_new(seen, name, json_true());
    for (size_t i = 0; i < json_array_size(fields); i++) {
        const char *t = json_string_value(json_object_get(json_array_get(fields, i), "type"));
        if (!t) return fail(c, "typed data: a field of %s has no type", name);
        char b[128];
        base_name(t, b, sizeof b);
        if (!collect_deps(c, b, seen, depth + 1)) return false;
    }
    return true;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static void put_struct_sig(ctx712 *c, const char *name, rs_buf *out) {
    const json_t *fields = struct_fields(c, name);
    rs_buf_put(out, name, strlen(name));
    rs_buf_put(out, "(", 1);
    for (size_t i = 0; i < json_array_size(fields); i++) {
        const json_t *f = json_array_get(fields, i);
        const char *t = json_string_value(json_object_get(f, "type")), *n = json_string_value(json_object_get(f, "name"));
        if (i) rs_buf_put(out, ",", 1);
        rs_buf_put(out, t, strlen(t));
        rs_buf_put(out, " ", 1);
        if (n) rs_buf_put(out, n, strlen(n));
    }
    rs_buf_put(out, ")", 1);
}

/* encodeType: the primary type, then its dependencies sorted by name. */
static bool type_hash(ctx712 *c, const char *name, rs_b32 *out) {
    json_t *seen = json_object();
    bool ok = collect_deps(c, name, seen, 0);
    size_t n = json_object_size(seen), k = 0;
    const char **deps = calloc(n ? n : 1, sizeof *deps);
    if (!deps) abort();
    const char *key;
    json_t *v;
    json_object_foreach(seen, key, v) if (strcmp(key, name)) deps[k++] = key;
    qsort(deps, k, sizeof *deps, cmp_str);
    rs_buf sig;
    rs_buf_init(&sig);
    if (ok) {
        put_struct_sig(c, name, &sig);
        for (size_t i = 0; i < k; i++) put_struct_sig(c, deps[i], &sig);
        *out = rs_keccak(sig.p, sig.len);
    }
    rs_buf_free(&sig);
    free(deps);
    json_decref(seen);
    return ok;
}

static bool hash_struct(ctx712 *c, const char *name, const json_t *value, rs_b32 *out, int depth);

/* An integer value: JSON number, decimal or 0x-hex string; negative for intN. */
static bool int_word(const json_t *v, bool is_signed, uint8_t word[32]) {
    u256 x;
    bool neg = false;
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        neg = i < 0;
        x = u256_from_u64(neg ? (uint64_t)0 - (uint64_t)i : (uint64_t)i);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (n && s[0] == '-') neg = true, s++, n--;
        bool ok = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? u256_from_hex(&x, s, n) : u256_from_dec(&x, s, n);
        if (!ok) return false;
    } else {
        return false;
    }
    if (neg && !is_signed) return false;
    if (neg) x = u256_sub_wrap(u256_from_u64(0), x);
    u256_to_be(x, word);
    return true;
}

static bool bytes_of(const json_t *v, uint8_t **p, size_t *n) { return rj_get_data(v, p, n); }

/* enc(value) of one field: 32 bytes. */
static bool encode_value(ctx712 *c, const char *type, const json_t *v, uint8_t word[32], int depth) {
    memset(word, 0, 32);
    size_t tl = strlen(type);
    if (tl && type[tl - 1] == ']') { /* arrays: keccak of the elements' encodings */
        const char *open = strrchr(type, '[');
        char inner[128];
        size_t il = (size_t)(open - type);
        if (il >= sizeof inner || !json_is_array(v)) return fail(c, "typed data: %s value is not an array", type);
        memcpy(inner, type, il);
        inner[il] = 0;
        rs_buf all;
        rs_buf_init(&all);
        bool ok = true;
        for (size_t i = 0; ok && i < json_array_size(v); i++) {
            uint8_t w[32];
            ok = encode_value(c, inner, json_array_get(v, i), w, depth + 1);
            if (ok) rs_buf_put(&all, w, 32);
        }
        if (ok) memcpy(word, rs_keccak(all.p, all.len).b, 32);
        rs_buf_free(&all);
        return ok;
    }
    if (struct_fields(c, type)) {
        rs_b32 h;
        if (!hash_struct(c, type, v, &h, depth + 1)) return false;
        memcpy(word, h.b, 32);
        return true;
    }
    if (!strcmp(type, "string")) {
        if (!json_is_string(v)) return fail(c, "typed data: %s value is not a string", type);
        memcpy(word, rs_keccak(json_string_value(v), json_string_length(v)).b, 32);
        return true;
    }
    if (!strcmp(type, "bytes")) {
        uint8_t *p;
        size_t n;
        if (!bytes_of(v, &p, &n)) return fail(c, "typed data: %s value is not 0x-hex", type);
        memcpy(word, rs_keccak(p, n).b, 32);
        free(p);
        return true;
    }
    if (!strcmp(type, "bool")) {
        if (!json_is_boolean(v)) return fail(c, "typed data: %s value is not a boolean", type);
        word[31] = json_is_true(v);
        return true;
    }
    if (!strcmp(type, "address")) {
        rs_addr a;
        if (!rj_get_addr(v, &a)) return fail(c, "typed data: %s value is not an address", type);
        memcpy(word + 12, a.b, 20);
        return true;
    }
    if (!strncmp(type, "uint", 4) || !strncmp(type, "int", 3)) {
        if (!int_word(v, type[0] == 'i', word)) return fail(c, "typed data: bad %s value", type);
        return true;
    }
    if (!strncmp(type, "bytes", 5)) {
        int k = atoi(type + 5);
        uint8_t *p;
        size_t n;
        if (k < 1 || k > 32 || !bytes_of(v, &p, &n) || n != (size_t)k) return fail(c, "typed data: bad %s value", type);
        memcpy(word, p, n);
        free(p);
        return true;
    }
    return fail(c, "typed data: unknown type %s", type);
}

static bool hash_struct(ctx712 *c, const char *name, const json_t *value, rs_b32 *out, int depth) {
    if (depth > RS_TYPED_DATA_DEPTH_MAX) return fail(c, "typed data nests deeper than allowed at %s", name);
    if (!json_is_object(value)) return fail(c, "typed data: the %s value is not an object", name);
    rs_b32 th;
    if (!type_hash(c, name, &th)) return false;
    rs_buf enc;
    rs_buf_init(&enc);
    rs_buf_put(&enc, th.b, 32);
    const json_t *fields = struct_fields(c, name);
    bool ok = true;
    for (size_t i = 0; ok && i < json_array_size(fields); i++) {
        const json_t *f = json_array_get(fields, i);
        const char *t = json_string_value(json_object_get(f, "type")), *n = json_string_value(json_object_get(f, "name"));
        const json_t *v = n ? json_object_get(value, n) : NULL;
        uint8_t w[32];
        if (!v) {
            ok = fail(c, "typed data: a %s field is missing from the message", t ? t : "?");
            break;
        }
        ok = encode_value(c, t, v, w, depth);
        if (ok) rs_buf_put(&enc, w, 32);
    }
    if (ok) *out = rs_keccak(enc.p, enc.len);
    rs_buf_free(&enc);
    return ok;
}

bool rs_eip712_hash(const json_t *typed, rs_b32 *out, char *err, size_t cap) {
    ctx712 c = {json_object_get(typed, "types"), err, cap};
    const char *primary = json_string_value(json_object_get(typed, "primaryType"));
    const json_t *domain = json_object_get(typed, "domain"), *message = json_object_get(typed, "message");
    if (!json_is_object(c.types) || !primary || !json_is_object(domain))
        return fail(&c, "typed data: %s", "types, primaryType and domain are required");
    if (!struct_fields(&c, "EIP712Domain")) return fail(&c, "typed data: %s", "types has no EIP712Domain");
    if (!struct_fields(&c, primary)) return fail(&c, "typed data: primaryType %s is not in types", primary);
    uint8_t pre[66] = {0x19, 0x01};
    rs_b32 ds, ms;
    if (!hash_struct(&c, "EIP712Domain", domain, &ds, 0)) return false;
    memcpy(pre + 2, ds.b, 32);
    size_t len = 34;
    if (strcmp(primary, "EIP712Domain")) {
        if (!hash_struct(&c, primary, message, &ms, 0)) return false;
        memcpy(pre + 34, ms.b, 32);
        len = 66;
    }
    *out = rs_keccak(pre, len);
    assert(len == 34 || len == 66);
    return true;
}
