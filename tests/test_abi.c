/* ABI codec: type strings, exact encodings, real EigenLayer calldata from the
 * conformance vectors (decoded, compared field by field with the recorded
 * arguments, re-encoded byte for byte), and each strictness rule of
 * Solidity's decoder with the status it must produce. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <jansson.h>

#include "restake/abi.h"
#include "restake/hex.h"
#include "restake/keccak.h"

#include "codec_fixture.h"
#include "test_util.h"


static const abi_type *T(fixture *f, const char *s) {
    const abi_type *t = NULL;
    abi_status st = abi_type_parse(&f->a, s, strlen(s), &t);
    if (st != ABI_OK) fail_msg("type %s: status %d", s, st);
    return t;
}

/* Hex → bytes in the arena. */
static uint8_t *H(fixture *f, const char *hex, size_t *len) {
    size_t n = strlen(hex) / 2 + 1;
    uint8_t *p = rs_arena_alloc(&f->a, n);
    long got = rs_hex_decode(hex, strlen(hex), p, n);
    assert_true(got >= 0);
    *len = (size_t)got;
    return p;
}

/* ------------------------------------------------------------------ types */

static void test_type_parse_valid(void **state) {
    fixture *f = *state;
    static const char *canon[] = {
        "uint8", "uint256", "int8", "int24", "int256", "address", "bool", "bytes1", "bytes32", "bytes",
        "string", "uint256[]", "address[3]", "(address,uint32)", "(address,uint32)[]",
        "(address,(bytes,uint256),bytes32)", "((address[],uint256[],address)[])", "()", "bytes32[][]",
        "uint8[2][3][]", "((address,uint32),address[],uint64[])[]", "(uint32,uint32,bytes,(address,bytes32),uint32[],bytes[],(address,uint256)[])",
    };
    char out[256];
    for (size_t i = 0; i < sizeof canon / sizeof canon[0]; i++) {
        const abi_type *t = T(f, canon[i]);
        assert_int_equal(abi_type_str(t, out, sizeof out), strlen(canon[i]));
        assert_string_equal(out, canon[i]);
    }
    const abi_type *t = T(f, "uint8[2][3][]");
    assert_int_equal(t->kind, ABI_ARRAY);
    assert_int_equal(t->elem->kind, ABI_FARRAY);
    assert_int_equal(t->elem->count, 3);
    assert_int_equal(t->elem->elem->count, 2);
    assert_int_equal(t->elem->elem->elem->kind, ABI_UINT);
    assert_int_equal(t->elem->elem->elem->bits, 8);
    t = T(f, "bytes4");
    assert_int_equal(t->kind, ABI_BYTESN);
    assert_int_equal(t->bits, 4);
    t = T(f, "(address,(bytes,uint256),bytes32)");
    assert_int_equal(t->kind, ABI_TUPLE);
    assert_int_equal(t->count, 3);
    assert_int_equal(t->fields[1]->kind, ABI_TUPLE);
    assert_int_equal(t->fields[1]->fields[0]->kind, ABI_BYTES);
    assert_true(abi_type_is_dynamic(t));
    assert_false(abi_type_is_dynamic(T(f, "(address,uint32)[2]")));
    assert_true(abi_type_is_dynamic(T(f, "bytes[2]")));
    assert_int_equal(abi_type_head_size(T(f, "(address,uint32)[2]")), 128);
    assert_int_equal(abi_type_head_size(T(f, "(address,uint32[])[2]")), 32);
    assert_int_equal(abi_type_head_size(T(f, "()")), 0);
    /* truncated output keeps the full length and a NUL */
    assert_int_equal(abi_type_str(T(f, "address[]"), out, 4), 9);
    assert_string_equal(out, "add");
}

static void test_type_parse_invalid(void **state) {
    fixture *f = *state;
    static const char *bad[] = {
        "", "uint", "int", "uint7", "uint264", "uint0", "uint08", "int257", "bytes0", "bytes33", "bytes01",
        "byte", "Address", "address ", " address", "uint256[", "uint256]", "uint256[0]", "uint256[01]",
        "uint256[-1]", "uint256[x]", "(uint256", "uint256)", "(uint256,)", "(,uint256)", "(uint256 a)",
        "(uint256)(uint256)", "function", "fixed128x18", "tuple", "()[]", "()[2]", "(()[2])", "uint256[65537]",
        "((uint256)", "(uint256))",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const abi_type *t;
        abi_status st = abi_type_parse(&f->a, bad[i], strlen(bad[i]), &t);
        if (st != ABI_ERR_TYPE) fail_msg("type \"%s\": status %d, want ABI_ERR_TYPE", bad[i], st);
    }
}

static void test_type_depth_limit(void **state) {
    fixture *f = *state;
    char s[512];
    const abi_type *t;
    /* 31 suffixes: height 32, the maximum */
    strcpy(s, "uint8");
    for (int i = 0; i < ABI_MAX_DEPTH - 1; i++) strcat(s, "[]");
    assert_int_equal(abi_type_parse(&f->a, s, strlen(s), &t), ABI_OK);
    strcat(s, "[]");
    assert_int_equal(abi_type_parse(&f->a, s, strlen(s), &t), ABI_ERR_LIMIT);
    /* parentheses count too */
    size_t n = 0;
    for (int i = 0; i < 40; i++) s[n++] = '(';
    memcpy(s + n, "bool", 4), n += 4;
    for (int i = 0; i < 40; i++) s[n++] = ')';
    assert_int_equal(abi_type_parse(&f->a, s, n, &t), ABI_ERR_LIMIT);
}

static void test_signature_params(void **state) {
    fixture *f = *state;
    const abi_type *t;
    char out[128];
    assert_int_equal(abi_signature_params(&f->a, "delegateTo(address,(bytes,uint256),bytes32)", &t), ABI_OK);
    abi_type_str(t, out, sizeof out);
    assert_string_equal(out, "(address,(bytes,uint256),bytes32)");
    assert_int_equal(abi_signature_params(&f->a, "pauseAll()", &t), ABI_OK);
    assert_int_equal(t->kind, ABI_TUPLE);
    assert_int_equal(t->count, 0);
    assert_int_equal(abi_signature_params(&f->a, "_x$1(uint8)", &t), ABI_OK);
    static const char *bad[] = {"(uint256)", "f", "f(uint256", "f(uint256)[]", "f(uint256) ", "1f(uint8)",
                                "f g(uint8)", "f(uint)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (abi_signature_params(&f->a, bad[i], &t) != ABI_ERR_TYPE) fail_msg("accepted \"%s\"", bad[i]);
}

/* --------------------------------------------------------------- encoding */

static void test_encode_exact(void **state) {
    fixture *f = *state;
    /* abi.encode(uint256(1), bytes("abc"), address(0x11..11), true) */
    const abi_type *t = T(f, "(uint256,bytes,address,bool)");
    abi_val v = abi_v_list(&f->a, ABI_TUPLE, 4);
    v.items[0] = abi_v_word(ABI_UINT, U256_ONE);
    v.items[1] = abi_v_bytes(ABI_BYTES, (const uint8_t *)"abc", 3);
    rs_addr a;
    memset(a.b, 0x11, 20);
    v.items[2] = abi_v_addr(a);
    v.items[3] = abi_v_word(ABI_BOOL, U256_ONE);
    abi_encode(&f->b, t, &v);
    assert_buf_hex(&f->b,
                   "0x0000000000000000000000000000000000000000000000000000000000000001"
                   "0000000000000000000000000000000000000000000000000000000000000080"
                   "0000000000000000000000001111111111111111111111111111111111111111"
                   "0000000000000000000000000000000000000000000000000000000000000001"
                   "0000000000000000000000000000000000000000000000000000000000000003"
                   "6162630000000000000000000000000000000000000000000000000000000000");

    /* a lone dynamic value is encoded as the 1-tuple, like abi.encode(x) */
    rs_buf_reset(&f->b);
    abi_val s = abi_v_bytes(ABI_STRING, (const uint8_t *)"", 0);
    abi_encode(&f->b, T(f, "string"), &s);
    assert_buf_hex(&f->b,
                   "0x0000000000000000000000000000000000000000000000000000000000000020"
                   "0000000000000000000000000000000000000000000000000000000000000000");

    /* uint256[2][] of [[1,2],[3,4]]: static inner arrays are inline */
    rs_buf_reset(&f->b);
    t = T(f, "uint256[2][]");
    abi_val arr = abi_v_list(&f->a, ABI_ARRAY, 2);
    for (int i = 0; i < 2; i++) {
        arr.items[i] = abi_v_list(&f->a, ABI_FARRAY, 2);
        for (int j = 0; j < 2; j++) arr.items[i].items[j] = abi_v_word(ABI_UINT, u256_from_u64((uint64_t)(2 * i + j + 1)));
    }
    abi_encode(&f->b, t, &arr);
    assert_buf_hex(&f->b,
                   "0x0000000000000000000000000000000000000000000000000000000000000020"
                   "0000000000000000000000000000000000000000000000000000000000000002"
                   "0000000000000000000000000000000000000000000000000000000000000001"
                   "0000000000000000000000000000000000000000000000000000000000000002"
                   "0000000000000000000000000000000000000000000000000000000000000003"
                   "0000000000000000000000000000000000000000000000000000000000000004");
}

/* The encoder cleans narrow values as abi.encode does, and fills missing items with zeros. */
static void test_encode_cleans(void **state) {
    fixture *f = *state;
    const abi_type *t = T(f, "(uint8,int16,address,bool,bytes2,string[])");
    abi_val v = abi_v_list(&f->a, ABI_TUPLE, 5); /* the string[] is missing */
    v.items[0] = abi_v_word(ABI_UINT, U256_MAX);
    v.items[1] = abi_v_word(ABI_INT, u256_from_u64(0x18000)); /* low 16 bits: -32768 */
    v.items[2] = abi_v_word(ABI_ADDRESS, U256_MAX);
    v.items[3] = abi_v_word(ABI_BOOL, u256_from_u64(42));
    v.items[4] = abi_v_word(ABI_BYTESN, U256_MAX);
    abi_encode(&f->b, t, &v);
    assert_buf_hex(&f->b,
                   "0x00000000000000000000000000000000000000000000000000000000000000ff"
                   "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8000"
                   "000000000000000000000000ffffffffffffffffffffffffffffffffffffffff"
                   "0000000000000000000000000000000000000000000000000000000000000001"
                   "ffff000000000000000000000000000000000000000000000000000000000000"
                   "00000000000000000000000000000000000000000000000000000000000000c0"
                   "0000000000000000000000000000000000000000000000000000000000000000");
    abi_val back;
    abi_error err;
    assert_int_equal(abi_decode(&f->a, t, f->b.p, f->b.len, &back, &err), ABI_OK);
    assert_int_equal(back.items[1].word.w[3], UINT64_MAX);
    assert_int_equal(back.items[5].n, 0);
}

/* ------------------------------------------------- known EigenLayer calldata */

static const char DELEGATE_TO[] =
    "0xeea9064b"
    "0000000000000000000000000b00000000000000000000000000000000000001"
    "0000000000000000000000000000000000000000000000000000000000000060"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000040"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000";

static const char QUEUE_WITHDRAWALS[] =
    "0x0dd8dd02"
    "0000000000000000000000000000000000000000000000000000000000000020"
    "0000000000000000000000000000000000000000000000000000000000000001"
    "0000000000000000000000000000000000000000000000000000000000000020"
    "0000000000000000000000000000000000000000000000000000000000000060"
    "00000000000000000000000000000000000000000000000000000000000000a0"
    "000000000000000000000000e000000000000000000000000000000000000001"
    "0000000000000000000000000000000000000000000000000000000000000001"
    "000000000000000000000000beac0eeeeeeeeeeeeeeeeeeeeeeeeeeeeeebeac0"
    "0000000000000000000000000000000000000000000000000000000000000001"
    "000000000000000000000000000000000000000000000002a4df2761d97f25d3";

/* Decodes hex calldata against a signature: selector checked, args returned. */
static abi_val decode_call(fixture *f, const char *sig, const char *hex, const abi_type **tp, const uint8_t **args,
                           size_t *args_len) {
    size_t len;
    uint8_t *cd = H(f, hex, &len);
    assert_true(len >= 4);
    uint32_t sel = (uint32_t)cd[0] << 24 | (uint32_t)cd[1] << 16 | (uint32_t)cd[2] << 8 | cd[3];
    assert_int_equal(sel, rs_selector_of(sig));
    assert_int_equal(abi_signature_params(&f->a, sig, tp), ABI_OK);
    abi_val v;
    abi_error err;
    abi_status st = abi_decode(&f->a, *tp, cd + 4, len - 4, &v, &err);
    if (st != ABI_OK) fail_msg("%s: %s", sig, err.msg);
    *args = cd + 4;
    *args_len = len - 4;
    return v;
}

static void assert_reencodes(fixture *f, const abi_type *t, const abi_val *v, const uint8_t *want, size_t len) {
    rs_buf_reset(&f->b);
    abi_encode(&f->b, t, v);
    assert_int_equal(f->b.len, len);
    assert_memory_equal(f->b.p, want, len);
}

static void test_delegate_to(void **state) {
    fixture *f = *state;
    const abi_type *t;
    const uint8_t *args;
    size_t n;
    abi_val v = decode_call(f, "delegateTo(address,(bytes,uint256),bytes32)", DELEGATE_TO, &t, &args, &n);
    assert_int_equal(v.n, 3);
    rs_addr op;
    assert_true(rs_addr_from_hex(&op, "0x0b00000000000000000000000000000000000001"));
    assert_true(rs_addr_eq(abi_addr(&v.items[0]), op));
    assert_int_equal(v.items[1].n, 2);
    assert_int_equal(v.items[1].items[0].len, 0);
    assert_true(u256_is_zero(abi_u256(&v.items[1].items[1])));
    assert_true(rs_b32_eq(abi_b32(&v.items[2]), RS_B32_ZERO));
    assert_reencodes(f, t, &v, args, n);
}

static void test_queue_withdrawals(void **state) {
    fixture *f = *state;
    const abi_type *t;
    const uint8_t *args;
    size_t n;
    abi_val v = decode_call(f, "queueWithdrawals((address[],uint256[],address)[])", QUEUE_WITHDRAWALS, &t, &args, &n);
    assert_int_equal(v.n, 1);
    const abi_val *params = &v.items[0];
    assert_int_equal(params->kind, ABI_ARRAY);
    assert_int_equal(params->n, 1);
    const abi_val *p0 = &params->items[0];
    assert_int_equal(p0->n, 3);
    assert_int_equal(p0->items[0].n, 1);
    rs_addr beacon, withdrawer;
    assert_true(rs_addr_from_hex(&beacon, "0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0"));
    assert_true(rs_addr_from_hex(&withdrawer, "0xe000000000000000000000000000000000000001"));
    assert_true(rs_addr_eq(abi_addr(&p0->items[0].items[0]), beacon));
    assert_int_equal(p0->items[1].n, 1);
    assert_u256_equal(abi_u256(&p0->items[1].items[0]), D("48773745790660060627"));
    assert_true(rs_addr_eq(abi_addr(&p0->items[2]), withdrawer));
    assert_reencodes(f, t, &v, args, n);
}

/* ---------------------------------------------- every vector's calldata */

static bool json_matches(const abi_type *t, const abi_val *v, json_t *j);

static bool hex_matches(const uint8_t *p, size_t n, json_t *j) {
    if (!json_is_string(j)) return false;
    char *h = malloc(2 * n + 3);
    rs_hex_encode(p, n, h);
    bool ok = strcasecmp(h, json_string_value(j)) == 0;
    free(h);
    return ok;
}

static bool dec_matches(const abi_type *t, u256 w, json_t *j) {
    char want[90], got[82];
    if (json_is_integer(j)) snprintf(want, sizeof want, "%lld", (long long)json_integer_value(j));
    else if (json_is_string(j)) snprintf(want, sizeof want, "%s", json_string_value(j));
    else return false;
    bool neg = t->kind == ABI_INT && (w.w[3] >> 63);
    if (neg) w = u256_sub_wrap(U256_ZERO, w);
    got[0] = '-';
    u256_to_dec(w, got + 1);
    return strcmp(neg ? got : got + 1, want) == 0;
}

static bool seq_matches(const abi_type *t, const abi_val *v, json_t *j) {
    if (json_is_array(j)) {
        if (json_array_size(j) != v->n) return false;
        for (size_t i = 0; i < v->n; i++) {
            const abi_type *ft = t->kind == ABI_TUPLE ? t->fields[i] : t->elem;
            if (!json_matches(ft, &v->items[i], json_array_get(j, i))) return false;
        }
        return true;
    }
    if (!json_is_object(j) || t->kind != ABI_TUPLE || json_object_size(j) != v->n) return false;
    size_t i = 0;
    for (void *it = json_object_iter(j); it; it = json_object_iter_next(j, it), i++)
        if (!json_matches(t->fields[i], &v->items[i], json_object_iter_value(it))) return false;
    return true;
}

static bool json_matches(const abi_type *t, const abi_val *v, json_t *j) {
    uint8_t be[32];
    switch (t->kind) {
    case ABI_UINT:
    case ABI_INT: return dec_matches(t, v->word, j);
    case ABI_ADDRESS: u256_to_be(v->word, be); return hex_matches(be + 12, 20, j);
    case ABI_BOOL: return json_is_boolean(j) && json_is_true(j) == abi_bool(v);
    case ABI_BYTESN: u256_to_be(v->word, be); return hex_matches(be, t->bits, j);
    case ABI_BYTES: return hex_matches(v->ptr, v->len, j);
    case ABI_STRING: return json_is_string(j) && strlen(json_string_value(j)) == v->len &&
                            memcmp(json_string_value(j), v->ptr, v->len) == 0;
    default: return seq_matches(t, v, j);
    }
}

typedef struct {
    size_t calls, compared_args;
} sweep_stats;

static void check_call(fixture *f, const char *file, json_t *step, json_t *call, sweep_stats *st) {
    const char *sig = json_string_value(json_object_get(call, "function"));
    const char *hex = json_string_value(json_object_get(call, "calldata"));
    if (!sig || !hex || strlen(hex) < 10) return; /* receive(): no selector */
    const abi_type *t;
    const uint8_t *args;
    size_t n;
    abi_val v = decode_call(f, sig, hex, &t, &args, &n);
    st->calls++;
    /* the parsed type prints back as the signature's parameter list */
    char params[1024];
    assert_true(abi_type_str(t, params, sizeof params) < sizeof params);
    assert_string_equal(params, strchr(sig, '('));
    rs_buf_reset(&f->b);
    abi_encode(&f->b, t, &v);
    if (f->b.len != n || memcmp(f->b.p, args, n) != 0)
        fail_msg("%s step %lld %s: re-encoding differs", file,
                 (long long)json_integer_value(json_object_get(step, "i")), sig);
    json_t *jargs = json_object_get(call, "args");
    if (jargs && !json_is_null(jargs)) {
        if (!json_matches(t, &v, jargs))
            fail_msg("%s step %lld %s: decoded args differ from the vector", file,
                     (long long)json_integer_value(json_object_get(step, "i")), sig);
        st->compared_args++;
    }
}

static void sweep_file(fixture *f, const char *dir, const char *name, sweep_stats *st) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) fail_msg("%s: %s", path, jerr.text);
    size_t i;
    json_t *step;
    json_array_foreach(json_object_get(root, "steps"), i, step) {
        const char *kind = json_string_value(json_object_get(step, "kind"));
        if (kind && strcmp(kind, "tx") == 0) check_call(f, name, step, step, st);
        size_t k;
        json_t *view;
        json_array_foreach(json_object_get(step, "views"), k, view) check_call(f, name, step, view, st);
        rs_arena_reset(&f->a);
    }
    json_decref(root);
}

static void test_conformance_calldata(void **state) {
    fixture *f = *state;
    const char *dir = vectors_dir();
    DIR *d = opendir(dir);
    if (!d) {
        print_message("no conformance vectors at %s\n", dir);
        skip();
    }
    sweep_stats st = {0, 0};
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) sweep_file(f, dir, e->d_name, &st);
    }
    closedir(d);
    print_message("decoded and re-encoded %zu calls, %zu compared with recorded args\n", st.calls, st.compared_args);
    assert_true(st.calls > 1000);
    assert_true(st.compared_args > 1000);
}

/* ------------------------------------------------------- strictness rules */

#define W0 "0000000000000000000000000000000000000000000000000000000000000000"
#define W1 "0000000000000000000000000000000000000000000000000000000000000001"
#define W2 "0000000000000000000000000000000000000000000000000000000000000002"
#define W20 "0000000000000000000000000000000000000000000000000000000000000020"
#define W40 "0000000000000000000000000000000000000000000000000000000000000040"
#define W60 "0000000000000000000000000000000000000000000000000000000000000060"
#define WFF "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"

typedef struct {
    const char *type, *data;
    abi_status want;
    size_t offset; /* where the error must be reported */
} decode_case;

static void run_cases(fixture *f, const decode_case *c, size_t n) {
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const uint8_t *d = H(f, c[i].data, &len);
        abi_val v;
        abi_error err;
        abi_status st = abi_decode(&f->a, T(f, c[i].type), d, len, &v, &err);
        if (st != c[i].want) fail_msg("case %zu %s: got %d (%s), want %d", i, c[i].type, st, err.msg, c[i].want);
        assert_int_equal(err.status, st);
        if (st != ABI_OK && err.offset != c[i].offset)
            fail_msg("case %zu %s: offset 0x%zx, want 0x%zx (%s)", i, c[i].type, err.offset, c[i].offset, err.msg);
    }
}

static void test_value_cleanliness(void **state) {
    fixture *f = *state;
    static const decode_case cases[] = {
        {"(uint256)", WFF, ABI_OK, 0},
        {"(uint8)", "00000000000000000000000000000000000000000000000000000000000000ff", ABI_OK, 0},
        {"(uint8)", "0000000000000000000000000000000000000000000000000000000000000100", ABI_ERR_DIRTY, 0},
        {"(uint32)", "8000000000000000000000000000000000000000000000000000000000000000", ABI_ERR_DIRTY, 0},
        {"(uint248)", "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", ABI_OK, 0},
        {"(uint248)", "0100000000000000000000000000000000000000000000000000000000000000", ABI_ERR_DIRTY, 0},
        {"(uint64)", "000000000000000000000000000000000000000000000000ffffffffffffffff", ABI_OK, 0},
        {"(uint64)", "0000000000000000000000000000000000000000000000010000000000000000", ABI_ERR_DIRTY, 0},
        {"(int8)", WFF, ABI_OK, 0},                                                               /* -1 */
        {"(int8)", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80", ABI_OK, 0}, /* -128 */
        {"(int8)", "000000000000000000000000000000000000000000000000000000000000007f", ABI_OK, 0},
        {"(int8)", "0000000000000000000000000000000000000000000000000000000000000080", ABI_ERR_DIRTY, 0},
        {"(int8)", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", ABI_ERR_DIRTY, 0},
        {"(int256)", "8000000000000000000000000000000000000000000000000000000000000000", ABI_OK, 0},
        {"(int128)", "ffffffffffffffffffffffffffffffff80000000000000000000000000000000", ABI_OK, 0},
        {"(int128)", "fffffffffffffffffffffffffffffffe80000000000000000000000000000000", ABI_ERR_DIRTY, 0},
        {"(address)", "000000000000000000000000ffffffffffffffffffffffffffffffffffffffff", ABI_OK, 0},
        {"(address)", "000000000000000000000001ffffffffffffffffffffffffffffffffffffffff", ABI_ERR_DIRTY, 0},
        {"(bool)", W1, ABI_OK, 0},
        {"(bool)", W2, ABI_ERR_BOOL, 0},
        {"(bool)", "1000000000000000000000000000000000000000000000000000000000000000", ABI_ERR_BOOL, 0},
        {"(bytes4)", "deadbeef00000000000000000000000000000000000000000000000000000000", ABI_OK, 0},
        {"(bytes4)", "deadbeef00000000000000000000000000000000000000000000000000000001", ABI_ERR_DIRTY, 0},
        {"(bytes4)", "deadbeef01000000000000000000000000000000000000000000000000000000", ABI_ERR_DIRTY, 0},
        {"(bytes32)", WFF, ABI_OK, 0},
        {"(bytes31)", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff01", ABI_ERR_DIRTY, 0},
        {"(bytes9)", "ffffffffffffffffff0000000000000000000000000000000000000000000000", ABI_OK, 0},
        {"(bytes9)", "ffffffffffffffffff0000000000000000000000000000000000000000008000", ABI_ERR_DIRTY, 0},
        /* the error points at the offending word, also deep inside */
        {"(uint256,(address,bool)[])", W1 W40 W1 W0 W2, ABI_ERR_BOOL, 0x80},
        {"(uint8[3])", W1 W2 "0000000000000000000000000000000000000000000000000000000000000100", ABI_ERR_DIRTY, 0x40},
    };
    run_cases(f, cases, sizeof cases / sizeof cases[0]);
}

static void test_bounds(void **state) {
    fixture *f = *state;
    static const decode_case cases[] = {
        {"(uint256)", "", ABI_ERR_SHORT, 0},
        {"(uint256)", "00000000000000000000000000000000000000000000000000000000000000", ABI_ERR_SHORT, 0},
        {"(uint256,uint256)", W1, ABI_ERR_SHORT, 0},
        {"()", "", ABI_OK, 0},
        {"(uint256)", W1 "ff", ABI_OK, 0}, /* trailing bytes are ignored */
        {"(bytes)", W20 W0, ABI_OK, 0},
        {"(bytes)", W20 W2 "abcd", ABI_OK, 0}, /* payload padding may be missing */
        {"(bytes)", W20 W2 "ab", ABI_ERR_LENGTH, 0x20},
        {"(bytes)", W20, ABI_ERR_OFFSET, 0},          /* no room for the length word */
        {"(bytes)", W40 W0, ABI_ERR_OFFSET, 0},
        {"(bytes)", "0000000000000000000000000000000000000000000000010000000000000000" W0, ABI_ERR_OFFSET, 0},
        {"(bytes)", WFF W0, ABI_ERR_OFFSET, 0},
        {"(bytes)", W20 "0000000000000000000000000000000000000000000000010000000000000000", ABI_ERR_LENGTH, 0x20},
        {"(bytes)", W20 WFF, ABI_ERR_LENGTH, 0x20},
        {"(string)", W20 "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", ABI_ERR_LENGTH, 0x20},
        /* offsets need not be canonical: 0x40 skips a junk word, and two heads may share a tail */
        {"(bytes)", W40 WFF W1 "61", ABI_OK, 0},
        {"(bytes,bytes)", W40 W40 W1 "61", ABI_OK, 0},
        /* offsets need not be multiples of 32 */
        {"(bytes)", "0000000000000000000000000000000000000000000000000000000000000021" "00" W1 "61", ABI_OK, 0},
        {"(uint256[])", W20 W2 W1, ABI_ERR_LENGTH, 0x20},
        {"(uint256[])", W20 W2 W1 W2, ABI_OK, 0},
        {"(uint256[])", W20 "000000000000000000000000000000000000000000000000ffffffffffffffff", ABI_ERR_LENGTH, 0x20},
        {"(uint256[])", W20 "0000000000000000000000000000000000000000000000010000000000000000", ABI_ERR_LENGTH, 0x20},
        {"((uint256,uint256)[])", W20 W1 W1, ABI_ERR_LENGTH, 0x20}, /* stride is 64 bytes */
        /* dynamic elements: inner offsets are relative to the array body */
        {"(bytes[])", W20 W1 W20 W1 "61", ABI_OK, 0},
        {"(bytes[])", W20 W1 W60 W1 "61", ABI_ERR_OFFSET, 0x40},
        {"(bytes[])", W20 W1 "0000000000000000000000000000000000000000000000010000000000000000", ABI_ERR_OFFSET, 0x40},
        {"(bytes[2])", W20 W40 W60 W0 W0, ABI_OK, 0},
        {"(bytes[2])", W20 W40, ABI_ERR_SHORT, 0x20},
        /* a dynamic tuple's head must fit where its offset points */
        {"((uint256,bytes))", W20 W1, ABI_ERR_SHORT, 0x20},
        {"((uint256,bytes))", W20 W1 W40 W0, ABI_OK, 0},
    };
    run_cases(f, cases, sizeof cases / sizeof cases[0]);
}

static void test_error_messages(void **state) {
    fixture *f = *state;
    size_t len;
    const uint8_t *d = H(f, W1 "000000000000000000000001ffffffffffffffffffffffffffffffffffffffff", &len);
    abi_val v;
    abi_error err;
    assert_int_equal(abi_decode(&f->a, T(f, "(uint256,address)"), d, len, &v, &err), ABI_ERR_DIRTY);
    assert_int_equal(err.offset, 0x20);
    assert_string_equal(err.msg, "offset 0x20: address has dirty high bits");
    d = H(f, W20 W2 W1, &len);
    assert_int_equal(abi_decode(&f->a, T(f, "(uint256[])"), d, len, &v, &err), ABI_ERR_LENGTH);
    assert_string_equal(err.msg, "offset 0x20: array length exceeds the data");
    assert_int_equal(abi_decode(&f->a, T(f, "(uint256,uint256,uint256,uint256)"), d, len, &v, &err), ABI_ERR_SHORT);
    assert_string_equal(err.msg, "offset 0x0: tuple head needs 0x80 bytes, 0x60 left");
    assert_int_equal(abi_decode(&f->a, T(f, "(uint256)"), d, len, &v, NULL), ABI_OK); /* err is optional */
}

/* levels nested arrays of 64 elements, every offset of a level aliasing the next level. */
static void alias_chain(rs_buf *b, int levels) {
    rs_buf_reset(b);
    rs_buf_word_u64(b, 0x20);
    for (int level = 0; level < levels; level++) {
        rs_buf_word_u64(b, 64);
        for (int i = 0; i < 64; i++) rs_buf_word_u64(b, level < levels - 1 ? 64 * 32 : 0);
    }
}

/* Huge lengths are rejected before allocation; aliasing offsets cannot
 * multiply a small input into millions of values. */
static void test_resource_limits(void **state) {
    fixture *f = *state;
    rs_arena small;
    rs_arena_init(&small, 4096);
    size_t len;
    const uint8_t *d = H(f, W20 "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", &len);
    abi_val v;
    abi_error err;
    assert_int_equal(abi_decode(&small, T(f, "(uint8[])"), d, len, &v, &err), ABI_ERR_LENGTH);
    assert_true(small.used_total < 2 * sizeof(abi_val)); /* the one-field tuple, nothing for the array */

    /* uint8[][][][]: each level is 64 offsets all pointing at the same next level */
    alias_chain(&f->b, 4);
    abi_status st = abi_decode(&f->a, T(f, "(uint8[][][][])"), f->b.p, f->b.len, &v, &err);
    assert_int_equal(st, ABI_ERR_LIMIT); /* 64^4 > ABI_MAX_VALUES */
    assert_int_equal(err.status, ABI_ERR_LIMIT);
    /* three levels: 64^3 values, within the cap */
    rs_arena_reset(&f->a);
    alias_chain(&f->b, 3);
    assert_int_equal(abi_decode(&f->a, T(f, "(uint8[][][])"), f->b.p, f->b.len, &v, &err), ABI_OK);
    assert_int_equal(v.items[0].items[63].items[63].n, 64);
    /* an arena limit surfaces as ABI_ERR_LIMIT too */
    assert_int_equal(abi_decode(&small, T(f, "(uint8[][][])"), f->b.p, f->b.len, &v, &err), ABI_ERR_LIMIT);
    rs_arena_free(&small);
}

/* ---------------------------------------------------------- round trips */

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static abi_val random_value(fixture *f, const abi_type *t, int depth) {
    switch (t->kind) {
    case ABI_BYTES:
    case ABI_STRING: {
        size_t n = rnd() % 70;
        uint8_t *p = rs_arena_alloc(&f->a, n + 1);
        for (size_t i = 0; i < n; i++) p[i] = (uint8_t)rnd();
        return abi_v_bytes(t->kind, p, n);
    }
    case ABI_ARRAY:
    case ABI_FARRAY:
    case ABI_TUPLE: {
        size_t n = t->kind == ABI_ARRAY ? (depth > 3 ? 0 : rnd() % 4) : t->count;
        abi_val v = abi_v_list(&f->a, t->kind, n);
        for (size_t i = 0; i < n; i++)
            v.items[i] = random_value(f, t->kind == ABI_TUPLE ? t->fields[i] : t->elem, depth + 1);
        return v;
    }
    default: {
        u256 w = {{rnd(), rnd(), rnd(), rnd()}};
        return abi_v_word(t->kind, w); /* the encoder cleans it */
    }
    }
}

static void test_round_trips(void **state) {
    fixture *f = *state;
    static const char *types[] = {
        "(address,(bytes,uint256),bytes32)",
        "((address[],uint256[],address)[])",
        "((address,address,address,uint256,uint32,address[],uint256[])[],address[][],bool[])",
        "(uint32,uint32,bytes,(address,bytes32),uint32[],bytes[],(address,uint256)[])",
        "(int8,int24,int256,bytes1,bytes20,uint40[],string[2],(bool,bytes)[3][])",
        "(address,uint256,bytes32,bool,uint32,address,uint64,bytes,uint256[],string)",
        "(((uint8[2],string)[],bytes)[2],int16[][])",
        "string", "uint256[2][]", "(uint256,uint256)",
    };
    rs_buf again;
    rs_buf_init(&again);
    for (int k = 0; k < 400; k++) {
        const abi_type *t = T(f, types[k % (sizeof types / sizeof types[0])]);
        abi_val v = random_value(f, t, 0), back;
        rs_buf_reset(&f->b);
        abi_encode(&f->b, t, &v);
        abi_error err;
        abi_status st = abi_decode(&f->a, t, f->b.p, f->b.len, &back, &err);
        if (st != ABI_OK) fail_msg("round %d: %s", k, err.msg);
        rs_buf_reset(&again);
        abi_encode(&again, t, &back);
        assert_int_equal(again.len, f->b.len);
        assert_memory_equal(again.p, f->b.p, f->b.len);
        abi_val back2;
        assert_int_equal(abi_decode(&f->a, t, again.p, again.len, &back2, &err), ABI_OK);
        assert_true(abi_val_eq(t, &back, &back2));
        /* cutting into the last word is rejected: only padding after a
         * bytes payload may be missing, and it is shorter than a word */
        if (k < 40)
            for (size_t cut = 0; cut + 32 <= f->b.len; cut += 7)
                assert_int_not_equal(abi_decode(&f->a, t, f->b.p, cut, &back2, &err), ABI_OK);
        rs_arena_reset(&f->a);
    }
    rs_buf_free(&again);
}

int main(void) {
#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        TEST(test_type_parse_valid),   TEST(test_type_parse_invalid), TEST(test_type_depth_limit),
        TEST(test_signature_params),   TEST(test_encode_exact),       TEST(test_encode_cleans),
        TEST(test_delegate_to),        TEST(test_queue_withdrawals),  TEST(test_conformance_calldata),
        TEST(test_value_cleanliness),  TEST(test_bounds),             TEST(test_error_messages),
        TEST(test_resource_limits),    TEST(test_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
