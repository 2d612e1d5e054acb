/* The signature cache of the execution environment: topics and selectors
 * equal keccak of the text, a reused address with new text is never answered
 * from the cache, and threads filling it at once all get right answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <pthread.h>

#include "restake/env.h"
#include "restake/hex.h"
#include "restake/keccak.h"

static void test_known_topic_and_selector(void **unused) {
    (void)unused;
    uint8_t want[32];
    assert_int_equal(rs_hex_decode("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", 66, want, 32),
                     32);
    for (int i = 0; i < 2; i++) { /* the second time from the cache */
        rs_b32 t = rs_sig_topic("Transfer(address,address,uint256)");
        assert_memory_equal(t.b, want, 32);
        assert_int_equal(rs_sig_selector("transfer(address,uint256)"), 0xa9059cbbu);
    }
}

static void test_reused_buffer_is_hashed_afresh(void **unused) {
    (void)unused;
    char buf[64];
    strcpy(buf, "First(uint256)");
    rs_b32 a = rs_sig_topic(buf);
    assert_memory_equal(a.b, rs_keccak("First(uint256)", 14).b, 32);
    strcpy(buf, "Second(address)");
    rs_b32 b = rs_sig_topic(buf);
    assert_memory_equal(b.b, rs_keccak("Second(address)", 15).b, 32);
    assert_int_equal(rs_sig_selector(buf), rs_selector_of("Second(address)"));
    strcpy(buf, "First(uint256)");
    assert_memory_equal(rs_sig_topic(buf).b, a.b, 32);
}

#define THREAD_SIGS 300

static char sigs[THREAD_SIGS][32];

static void *worker(void *p) {
    int *bad = p;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < THREAD_SIGS; i++) {
            rs_b32 t = rs_sig_topic(sigs[i]);
            if (memcmp(t.b, rs_keccak(sigs[i], strlen(sigs[i])).b, 32) != 0) (*bad)++;
        }
    return NULL;
}

static void test_threads_fill_the_cache_together(void **unused) {
    (void)unused;
    for (int i = 0; i < THREAD_SIGS; i++) snprintf(sigs[i], sizeof sigs[i], "Event%d(uint256)", i);
    pthread_t t[4];
    int bad[4] = {0};
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, worker, &bad[i]), 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++) assert_int_equal(bad[i], 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_topic_and_selector),
        cmocka_unit_test(test_reused_buffer_is_hashed_afresh),
        cmocka_unit_test(test_threads_fill_the_cache_together),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
