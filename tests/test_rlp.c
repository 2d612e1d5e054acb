/* RLP: the canonical examples of the Ethereum wiki, round trips, and each
 * malformed form rejected with its own status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "restake/hex.h"
#include "restake/rlp.h"

#include "codec_fixture.h"
#include "rlp_reencode.h"
#include "test_util.h"

/* Decodes hex input; returns the status. */
static rlp_status decode_hex(fixture *f, const char *hex, rlp_item *it) {
    static uint8_t in[4096];
    long n = rs_hex_decode(hex, strlen(hex), in, sizeof in);
    assert_true(n >= 0);
    return rlp_decode(&f->a, in, (size_t)n, it);
}

static void put_str(rs_buf *b, const char *s) { rlp_put_bytes(b, (const uint8_t *)s, strlen(s)); }

static void test_encode_examples(void **state) {
    fixture *f = *state;
    put_str(&f->b, "dog");
    assert_buf_hex(&f->b, "0x83646f67");

    rs_buf inner;
    rs_buf_init(&inner);
    put_str(&inner, "cat");
    put_str(&inner, "dog");
    rs_buf_reset(&f->b);
    rlp_put_list(&f->b, inner.p, inner.len);
    assert_buf_hex(&f->b, "0xc88363617483646f67");

    rs_buf_reset(&f->b);
    put_str(&f->b, "");
    assert_buf_hex(&f->b, "0x80");
    rs_buf_reset(&f->b);
    rlp_put_list(&f->b, NULL, 0);
    assert_buf_hex(&f->b, "0xc0");
    rs_buf_reset(&f->b);
    rlp_put_bytes(&f->b, (const uint8_t *)"\x00", 1);
    assert_buf_hex(&f->b, "0x00");
    rs_buf_reset(&f->b);
    rlp_put_bytes(&f->b, (const uint8_t *)"\x80", 1);
    assert_buf_hex(&f->b, "0x8180");

    rs_buf_reset(&f->b);
    rlp_put_u64(&f->b, 0);
    rlp_put_u64(&f->b, 15);
    rlp_put_u64(&f->b, 1024);
    rlp_put_u64(&f->b, 0x7f);
    rlp_put_u64(&f->b, 0x80);
    rlp_put_u64(&f->b, UINT64_MAX);
    assert_buf_hex(&f->b, "0x800f8204007f818088ffffffffffffffff");

    rs_buf_reset(&f->b);
    rlp_put_u256(&f->b, U256_ZERO);
    rlp_put_u256(&f->b, u256_from_u64(1024));
    rlp_put_u256(&f->b, (u256){{0, 0, 0, 1ull << 63}});
    assert_buf_hex(&f->b, "0x80820400a08000000000000000000000000000000000000000000000000000000000000000");

    /* [ [], [[]], [ [], [[]] ] ] */
    rs_buf l0, l1, l2;
    rs_buf_init(&l0), rs_buf_init(&l1), rs_buf_init(&l2);
    rlp_put_list(&l0, NULL, 0);                 /* [] */
    rlp_put_list(&l1, l0.p, l0.len);            /* [[]] */
    rs_buf_put(&l2, l0.p, l0.len);
    rs_buf_put(&l2, l1.p, l1.len);
    rs_buf third;
    rs_buf_init(&third);
    rlp_put_list(&third, l2.p, l2.len);         /* [ [], [[]] ] */
    rs_buf all;
    rs_buf_init(&all);
    rs_buf_put(&all, l0.p, l0.len);
    rs_buf_put(&all, l1.p, l1.len);
    rs_buf_put(&all, third.p, third.len);
    rs_buf_reset(&f->b);
    rlp_put_list(&f->b, all.p, all.len);
    assert_buf_hex(&f->b, "0xc7c0c1c0c3c0c1c0");

    /* 56 bytes: the first string needing the long form */
    const char *lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
    assert_int_equal(strlen(lorem), 56);
    rs_buf_reset(&f->b);
    put_str(&f->b, lorem);
    assert_int_equal(f->b.len, 58);
    assert_int_equal(f->b.p[0], 0xb8);
    assert_int_equal(f->b.p[1], 0x38);
    assert_memory_equal(f->b.p + 2, lorem, 56);

    /* 1024-byte string and list: two length bytes */
    static uint8_t kb[1024];
    rs_buf_reset(&f->b);
    rlp_put_bytes(&f->b, kb, sizeof kb);
    rlp_put_list(&f->b, kb, sizeof kb);
    assert_int_equal(f->b.len, 2 * (3 + 1024));
    assert_memory_equal(f->b.p, "\xb9\x04\x00", 3);
    assert_memory_equal(f->b.p + 1027, "\xf9\x04\x00", 3);

    rs_buf_free(&inner), rs_buf_free(&l0), rs_buf_free(&l1), rs_buf_free(&l2);
    rs_buf_free(&third), rs_buf_free(&all);
}

static void test_decode_examples(void **state) {
    fixture *f = *state;
    rlp_item it;
    assert_int_equal(decode_hex(f, "83646f67", &it), RLP_OK);
    assert_false(it.is_list);
    assert_int_equal(it.len, 3);
    assert_memory_equal(it.ptr, "dog", 3);

    assert_int_equal(decode_hex(f, "c88363617483646f67", &it), RLP_OK);
    assert_true(it.is_list);
    assert_int_equal(it.n, 2);
    assert_memory_equal(it.items[0].ptr, "cat", 3);
    assert_memory_equal(it.items[1].ptr, "dog", 3);

    assert_int_equal(decode_hex(f, "80", &it), RLP_OK);
    assert_false(it.is_list);
    assert_int_equal(it.len, 0);
    assert_int_equal(decode_hex(f, "c0", &it), RLP_OK);
    assert_true(it.is_list);
    assert_int_equal(it.n, 0);
    assert_int_equal(decode_hex(f, "00", &it), RLP_OK);
    assert_int_equal(it.len, 1);
    assert_int_equal(it.ptr[0], 0);

    uint64_t v;
    u256 w;
    assert_int_equal(decode_hex(f, "0f", &it), RLP_OK);
    assert_int_equal(rlp_to_u64(&it, &v), RLP_OK);
    assert_int_equal(v, 15);
    assert_int_equal(decode_hex(f, "820400", &it), RLP_OK);
    assert_int_equal(rlp_to_u64(&it, &v), RLP_OK);
    assert_int_equal(v, 1024);
    assert_int_equal(rlp_to_u256(&it, &w), RLP_OK);
    assert_u256_equal(w, u256_from_u64(1024));
    assert_int_equal(decode_hex(f, "80", &it), RLP_OK);
    assert_int_equal(rlp_to_u64(&it, &v), RLP_OK);
    assert_int_equal(v, 0);

    assert_int_equal(decode_hex(f, "c7c0c1c0c3c0c1c0", &it), RLP_OK);
    assert_int_equal(it.n, 3);
    assert_int_equal(it.items[0].n, 0);
    assert_int_equal(it.items[1].n, 1);
    assert_int_equal(it.items[1].items[0].n, 0);
    assert_int_equal(it.items[2].n, 2);
    assert_int_equal(it.items[2].items[1].n, 1);
    assert_true(it.items[2].items[1].items[0].is_list);
}

static void test_decode_rejects(void **state) {
    fixture *f = *state;
    static const struct { const char *hex; rlp_status want; } cases[] = {
        {"", RLP_ERR_SHORT},
        {"8105", RLP_ERR_NONCANONICAL},           /* single byte < 0x80 wrapped */
        {"817f", RLP_ERR_NONCANONICAL},
        {"8180", RLP_OK},                         /* 0x80 itself needs the wrapper */
        {"b80100", RLP_ERR_NONCANONICAL},         /* long form for 1 byte */
        {"b837" "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", RLP_ERR_NONCANONICAL}, /* 55 < 56 */
        {"b90038" "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", RLP_ERR_NONCANONICAL}, /* leading zero in length */
        {"f800", RLP_ERR_NONCANONICAL},           /* long list form for 0 bytes */
        {"f90003c0c0c0", RLP_ERR_NONCANONICAL},
        {"83646f", RLP_ERR_SHORT},                /* payload cut */
        {"b8", RLP_ERR_SHORT},                    /* length byte missing */
        {"b9ff", RLP_ERR_SHORT},
        {"b838", RLP_ERR_SHORT},
        {"bfffffffffffffffff", RLP_ERR_SHORT},   /* 2^64-1 bytes */
        {"c2", RLP_ERR_SHORT},
        {"c283616263", RLP_ERR_SHORT},            /* child overruns its list */
        {"c3c38180", RLP_ERR_SHORT},           /* inner list overruns the outer */
        {"80" "00", RLP_ERR_TRAILING},
        {"c0c0", RLP_ERR_TRAILING},
        {"83646f6767", RLP_ERR_TRAILING},
        {"c28105", RLP_ERR_NONCANONICAL},         /* the rule holds inside lists */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rlp_item it;
        rlp_status st = decode_hex(f, cases[i].hex, &it);
        if (st != cases[i].want) fail_msg("case %zu (%s): got %s, want %s", i, cases[i].hex,
                                          rlp_status_str(st), rlp_status_str(cases[i].want));
    }
}

static void test_integers(void **state) {
    fixture *f = *state;
    rlp_item it;
    uint64_t v;
    u256 w;
    assert_int_equal(decode_hex(f, "00", &it), RLP_OK);
    assert_int_equal(rlp_to_u64(&it, &v), RLP_ERR_INT); /* zero is 0x80 */
    assert_int_equal(rlp_to_u256(&it, &w), RLP_ERR_INT);
    assert_int_equal(decode_hex(f, "820001", &it), RLP_OK);
    assert_int_equal(rlp_to_u64(&it, &v), RLP_ERR_INT);
    assert_int_equal(decode_hex(f, "89010000000000000000", &it), RLP_OK);
    assert_int_equal(rlp_to_u64(&it, &v), RLP_ERR_INT); /* 2^64 */
    assert_int_equal(rlp_to_u256(&it, &w), RLP_OK);
    assert_u256_equal(w, ((u256){{0, 1, 0, 0}}));
    assert_int_equal(decode_hex(f, "a1010000000000000000000000000000000000000000000000000000000000000000", &it), RLP_OK);
    assert_int_equal(rlp_to_u256(&it, &w), RLP_ERR_INT); /* 33 bytes */
    assert_int_equal(decode_hex(f, "a0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", &it), RLP_OK);
    assert_int_equal(rlp_to_u256(&it, &w), RLP_OK);
    assert_u256_equal(w, U256_MAX);
    assert_int_equal(decode_hex(f, "c0", &it), RLP_OK);
    assert_int_equal(rlp_to_u64(&it, &v), RLP_ERR_TYPE);
    assert_int_equal(rlp_to_u256(&it, &w), RLP_ERR_TYPE);
    assert_int_equal(decode_hex(f, "88ffffffffffffffff", &it), RLP_OK);
    assert_int_equal(rlp_to_u64(&it, &v), RLP_OK);
    assert_int_equal(v, UINT64_MAX);
}

static void nest(rs_buf *out, int depth) {
    rs_buf_reset(out);
    rlp_put_list(out, NULL, 0);
    rs_buf tmp;
    rs_buf_init(&tmp);
    for (int i = 1; i < depth; i++) {
        rs_buf_reset(&tmp);
        rs_buf_put(&tmp, out->p, out->len);
        rs_buf_reset(out);
        rlp_put_list(out, tmp.p, tmp.len);
    }
    rs_buf_free(&tmp);
}

static void test_limits(void **state) {
    fixture *f = *state;
    rlp_item it;
    nest(&f->b, 64);
    assert_int_equal(rlp_decode(&f->a, f->b.p, f->b.len, &it), RLP_OK);
    nest(&f->b, 65);
    assert_int_equal(rlp_decode(&f->a, f->b.p, f->b.len, &it), RLP_ERR_LIMIT);
    nest(&f->b, 10000);
    assert_int_equal(rlp_decode(&f->a, f->b.p, f->b.len, &it), RLP_ERR_LIMIT);

    /* a list of 1000 empty strings does not fit in a 1 KiB arena */
    rs_buf payload;
    rs_buf_init(&payload);
    for (int i = 0; i < 1000; i++) rlp_put_bytes(&payload, NULL, 0);
    rs_buf_reset(&f->b);
    rlp_put_list(&f->b, payload.p, payload.len);
    rs_arena small;
    rs_arena_init(&small, 1024);
    assert_int_equal(rlp_decode(&small, f->b.p, f->b.len, &it), RLP_ERR_LIMIT);
    rs_arena_free(&small);
    assert_int_equal(rlp_decode(&f->a, f->b.p, f->b.len, &it), RLP_OK);
    assert_int_equal(it.n, 1000);
    rs_buf_free(&payload);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
    return rng_state;
}

static void random_item(rs_buf *out, int depth) {
    if (depth < 4 && rnd() % 3 == 0) {
        rs_buf inner;
        rs_buf_init(&inner);
        size_t n = rnd() % 6;
        for (size_t i = 0; i < n; i++) random_item(&inner, depth + 1);
        rlp_put_list(out, inner.p, inner.len);
        rs_buf_free(&inner);
        return;
    }
    static const size_t lens[] = {0, 1, 1, 2, 55, 56, 57, 255, 256, 300};
    uint8_t s[300];
    size_t n = lens[rnd() % 10];
    for (size_t i = 0; i < n; i++) s[i] = (uint8_t)rnd();
    rlp_put_bytes(out, s, n);
}

static void test_round_trip(void **state) {
    fixture *f = *state;
    rs_buf again;
    rs_buf_init(&again);
    for (int k = 0; k < 500; k++) {
        rs_buf_reset(&f->b);
        random_item(&f->b, 0);
        rlp_item it;
        assert_int_equal(rlp_decode(&f->a, f->b.p, f->b.len, &it), RLP_OK);
        rs_buf_reset(&again);
        rlp_reencode(&again, &it);
        assert_int_equal(again.len, f->b.len);
        assert_memory_equal(again.p, f->b.p, f->b.len);
        rs_arena_reset(&f->a);
    }
    for (uint64_t x = 1; x != 0; x <<= 1) {
        uint64_t vals[3] = {x - 1, x, x + 1}, got;
        for (int i = 0; i < 3; i++) {
            rs_buf_reset(&f->b);
            rlp_put_u64(&f->b, vals[i]);
            rlp_item it;
            assert_int_equal(rlp_decode(&f->a, f->b.p, f->b.len, &it), RLP_OK);
            assert_int_equal(rlp_to_u64(&it, &got), RLP_OK);
            assert_int_equal(got, vals[i]);
        }
    }
    rs_buf_free(&again);
}

/* An EIP-1559 transaction body (after the 0x02 type byte): 12 fields. */
static void test_signed_tx(void **state) {
    fixture *f = *state;
    rs_buf body;
    rs_buf_init(&body);
    uint8_t to[20], data[68], r[32], s[32];
    memset(to, 0x11, 20), memset(data, 0xab, 68), memset(r, 0x22, 32), memset(s, 0x33, 32);
    rlp_put_u64(&body, 31337);          /* chainId */
    rlp_put_u64(&body, 7);              /* nonce */
    rlp_put_u64(&body, 1000000000);     /* maxPriorityFeePerGas */
    rlp_put_u64(&body, 30000000000ull); /* maxFeePerGas */
    rlp_put_u64(&body, 21000);          /* gas */
    rlp_put_bytes(&body, to, 20);
    rlp_put_u256(&body, (u256){{0, 1, 0, 0}}); /* value 2^64 */
    rlp_put_bytes(&body, data, 68);
    rlp_put_list(&body, NULL, 0); /* accessList */
    rlp_put_u64(&body, 1);        /* yParity */
    rlp_put_bytes(&body, r, 32);
    rlp_put_bytes(&body, s, 32);
    rs_buf_reset(&f->b);
    rlp_put_list(&f->b, body.p, body.len);

    rlp_item tx;
    assert_int_equal(rlp_decode(&f->a, f->b.p, f->b.len, &tx), RLP_OK);
    assert_int_equal(tx.n, 12);
    uint64_t v;
    u256 w;
    assert_int_equal(rlp_to_u64(&tx.items[0], &v), RLP_OK);
    assert_int_equal(v, 31337);
    assert_int_equal(rlp_to_u64(&tx.items[3], &v), RLP_OK);
    assert_int_equal(v, 30000000000ull);
    assert_int_equal(tx.items[5].len, 20);
    assert_memory_equal(tx.items[5].ptr, to, 20);
    assert_int_equal(rlp_to_u256(&tx.items[6], &w), RLP_OK);
    assert_u256_equal(w, ((u256){{0, 1, 0, 0}}));
    assert_int_equal(tx.items[7].len, 68);
    assert_true(tx.items[8].is_list);
    assert_int_equal(tx.items[8].n, 0);
    assert_memory_equal(tx.items[11].ptr, s, 32);
    /* every truncation fails, none crashes */
    for (size_t cut = 0; cut < f->b.len; cut++)
        assert_int_not_equal(rlp_decode(&f->a, f->b.p, cut, &tx), RLP_OK);
    rs_buf_free(&body);
}

static void test_status_strings(void **state) {
    (void)state;
    assert_string_equal(rlp_status_str(RLP_OK), "ok");
    assert_string_equal(rlp_status_str(RLP_ERR_TRAILING), "trailing bytes after the item");
    assert_string_equal(rlp_status_str((rlp_status)99), "unknown rlp status");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_encode_examples, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decode_examples, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decode_rejects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_integers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signed_tx, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_strings, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
