/* The ECDSA recovery memo: same answers as plain recovery, computed once per
 * (digest, signature), exact on hits, bounded, and switchable off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <pthread.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "protocol/ecrecover_memo.h"
#include "restake/keccak.h"
#include "test_signer.h"

static rs_b32 digest_of(const char *msg) { return rs_keccak(msg, strlen(msg)); }

static void key(uint8_t sk[32], uint8_t seed) {
    memset(sk, 0, 32);
    sk[31] = seed;
    sk[0] = 0x11;
}

static int reset(void **unused) {
    (void)unused;
    rs_ecrecover_memo_enable(true);
    return 0;
}

static void test_recovers_signer_and_computes_once(void **unused) {
    (void)unused;
    uint8_t sk[32], sig[65];
    key(sk, 1);
    rs_b32 d = digest_of("deposit 1");
    sign(sk, d, sig);
    uint64_t before = rs_ecrecover_computed();
    rs_addr a = RS_ADDR_ZERO, b = RS_ADDR_ZERO;
    assert_true(rs_ecrecover(d, sig, &a));
    assert_memory_equal(a.b, key_address(sk).b, 20);
    assert_int_equal(rs_ecrecover_computed(), before + 1);
    assert_true(rs_ecrecover(d, sig, &b));
    assert_memory_equal(b.b, a.b, 20);
    assert_int_equal(rs_ecrecover_computed(), before + 1);
}

/* r = 0 is no signature: the failure is remembered like a success. */
static void test_failure_is_memoized(void **unused) {
    (void)unused;
    uint8_t sig[65] = {0};
    memset(sig + 32, 0x01, 32);
    sig[64] = 27;
    rs_b32 d = digest_of("no signer");
    uint64_t before = rs_ecrecover_computed();
    rs_addr a;
    assert_false(rs_ecrecover(d, sig, &a));
    assert_false(rs_ecrecover(d, sig, &a));
    assert_int_equal(rs_ecrecover_computed(), before + 1);
}

/* The slot ignores s, so pairs differing only in s share a slot: each must
 * still get its own answer, never the other's. */
static void test_hit_compares_the_whole_signature(void **unused) {
    (void)unused;
    uint8_t sk[32], sig[65], other[65];
    key(sk, 2);
    rs_b32 d = digest_of("deposit 2");
    sign(sk, d, sig);
    memcpy(other, sig, 65);
    other[40] ^= 0x5a;
    rs_addr a, b, a2;
    uint64_t before = rs_ecrecover_computed();
    assert_true(rs_ecrecover(d, sig, &a));
    bool ok_b = rs_ecrecover(d, other, &b);
    if (ok_b) assert_memory_not_equal(a.b, b.b, 20);
    assert_true(rs_ecrecover(d, sig, &a2));
    assert_memory_equal(a.b, a2.b, 20);
    assert_memory_equal(a.b, key_address(sk).b, 20);
    assert_int_equal(rs_ecrecover_computed(), before + 3);
}

/* Same signature bytes over another digest recover someone else. */
static void test_hit_compares_the_digest(void **unused) {
    (void)unused;
    uint8_t sk[32], sig[65];
    key(sk, 3);
    rs_b32 d = digest_of("deposit 3"), d2 = d;
    d2.b[31] ^= 1;
    sign(sk, d, sig);
    rs_addr a, b;
    assert_true(rs_ecrecover(d, sig, &a));
    if (rs_ecrecover(d2, sig, &b)) assert_memory_not_equal(a.b, b.b, 20);
    assert_memory_equal(a.b, key_address(sk).b, 20);
}

static void test_disabled_memo_computes_every_time(void **unused) {
    (void)unused;
    uint8_t sk[32], sig[65];
    key(sk, 4);
    rs_b32 d = digest_of("deposit 4");
    sign(sk, d, sig);
    rs_ecrecover_memo_enable(false);
    uint64_t before = rs_ecrecover_computed();
    rs_addr a, b;
    assert_true(rs_ecrecover(d, sig, &a));
    assert_true(rs_ecrecover(d, sig, &b));
    assert_int_equal(rs_ecrecover_computed(), before + 2);
    assert_memory_equal(a.b, b.b, 20);
    assert_memory_equal(a.b, key_address(sk).b, 20);
    rs_ecrecover_memo_enable(true);
}

/* More pairs than slots: old ones are evicted, answers stay right. */
static void test_bounded_and_still_correct(void **unused) {
    (void)unused;
    enum { N = RS_ECRECOVER_MEMO_SLOTS + 64 };
    uint8_t sk[32], sig[65];
    key(sk, 5);
    rs_addr want = key_address(sk);
    uint8_t first[65];
    rs_b32 d0 = digest_of("pair 0");
    for (int i = 0; i < N; i++) {
        char msg[32];
        snprintf(msg, sizeof msg, "pair %d", i);
        rs_b32 d = digest_of(msg);
        sign(sk, d, sig);
        if (i == 0) memcpy(first, sig, 65);
        rs_addr a;
        assert_true(rs_ecrecover(d, sig, &a));
        assert_memory_equal(a.b, want.b, 20);
    }
    rs_addr a;
    assert_true(rs_ecrecover(d0, first, &a));
    assert_memory_equal(a.b, want.b, 20);
}

typedef struct {
    uint8_t seed;
    int bad;
} worker_arg;

static void *worker(void *p) {
    worker_arg *w = p;
    uint8_t sk[32], sig[65];
    key(sk, w->seed);
    secp256k1_pubkey pub;
    secp256k1_context *c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (!secp256k1_ec_pubkey_create(c, &pub, sk)) w->bad++;
    uint8_t ser[65], h[32];
    size_t len = sizeof ser;
    secp256k1_ec_pubkey_serialize(c, ser, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
    rs_keccak256(ser + 1, 64, h);
    for (int i = 0; i < 200; i++) {
        char msg[32];
        snprintf(msg, sizeof msg, "t%u %d", w->seed, i % 20);
        rs_b32 d = digest_of(msg);
        secp256k1_ecdsa_recoverable_signature rs;
        int recid;
        if (!secp256k1_ecdsa_sign_recoverable(c, &rs, d.b, sk, NULL, NULL)) w->bad++;
        secp256k1_ecdsa_recoverable_signature_serialize_compact(c, sig, &recid, &rs);
        sig[64] = (uint8_t)(27 + recid);
        rs_addr a;
        if (!rs_ecrecover(d, sig, &a) || memcmp(a.b, h + 12, 20) != 0) w->bad++;
    }
    secp256k1_context_destroy(c);
    return NULL;
}

static void test_threads_get_their_own_answers(void **unused) {
    (void)unused;
    pthread_t t[2];
    worker_arg w[2] = {{7, 0}, {8, 0}};
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&t[i], NULL, worker, &w[i]), 0);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    assert_int_equal(w[0].bad, 0);
    assert_int_equal(w[1].bad, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_recovers_signer_and_computes_once, reset),
        cmocka_unit_test_setup(test_failure_is_memoized, reset),
        cmocka_unit_test_setup(test_hit_compares_the_whole_signature, reset),
        cmocka_unit_test_setup(test_hit_compares_the_digest, reset),
        cmocka_unit_test_setup(test_disabled_memo_computes_every_time, reset),
        cmocka_unit_test_setup(test_bounded_and_still_correct, reset),
        cmocka_unit_test_setup(test_threads_get_their_own_answers, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
