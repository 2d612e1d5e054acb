/* A small world for the token/strategy tests: core contract addresses,
 * one pauser and an unpauser, helpers to build calldata and check reverts
 * and logs. Header-only: every test file includes it once. */
#ifndef RESTAKE_TESTS_LIQUID_FIXTURE_H
#define RESTAKE_TESTS_LIQUID_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "restake/contracts.h"
#include "restake/env.h"
#include "restake/genesis.h"
#include "restake/keccak.h"
#include "restake/router.h"

typedef struct {
    rs_state *st;
    rs_params p;
    rs_env e;
    rs_addr owner, pauser, unpauser, whitelister;
} lq_world;

static inline rs_addr lq_addr(uint32_t n) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[0] = 0xaa;
    a.b[16] = (uint8_t)(n >> 24);
    a.b[17] = (uint8_t)(n >> 16);
    a.b[18] = (uint8_t)(n >> 8);
    a.b[19] = (uint8_t)n;
    return a;
}

static inline u256 lq_u(uint64_t x) { return u256_from_u64(x); }

static inline u256 lq_dec(const char *s) {
    u256 v;
    assert_true(u256_from_dec(&v, s, strlen(s)));
    return v;
}

static inline void lq_init(lq_world *w) {
    memset(w, 0, sizeof *w);
    w->st = rs_state_new();
    rs_params_defaults(&w->p);
    w->p.chain_id = 31337;
    w->p.delegation_manager = lq_addr(0x100);
    w->p.strategy_manager = lq_addr(0x101);
    w->p.allocation_manager = lq_addr(0x102);
    w->p.permission_controller = lq_addr(0x103);
    w->p.strategy_factory = lq_addr(0x104);
    w->p.pauser_registry = lq_addr(0x105);
    w->p.strategy_beacon = lq_addr(0x106);
    w->p.eigen_pod_manager = lq_addr(0x107);
    strcpy(w->p.version, "1.9.0-test");
    w->owner = lq_addr(0x200);
    w->pauser = lq_addr(0x201);
    w->unpauser = lq_addr(0x202);
    w->whitelister = lq_addr(0x203);
    rs_code_set(w->st, w->p.strategy_manager, RS_CODE_STRATEGY_MANAGER);
    rs_code_set(w->st, w->p.strategy_factory, RS_CODE_STRATEGY_FACTORY);
    rs_code_set(w->st, w->p.pauser_registry, RS_CODE_PAUSER_REGISTRY);
    rs_code_set(w->st, w->p.permission_controller, RS_CODE_PERMISSION_CONTROLLER);
    rs_code_set(w->st, w->p.strategy_beacon, RS_CODE_OPAQUE);
    rs_env_init(&w->e, w->st, &w->p);
    rs_router_attach(&w->e);
    w->e.block_number = 100;
    w->e.timestamp = 1750000000;
}

static inline void lq_free(lq_world *w) {
    rs_env_free(&w->e);
    rs_state_free(w->st);
}

/* A fresh world on the heap, for a cmocka setup; lq_teardown frees it. */
static inline lq_world *lq_new(void) {
    lq_world *w = malloc(sizeof *w);
    lq_init(w);
    return w;
}

static inline int lq_teardown(void **state) {
    lq_world *w = *state;
    lq_free(w);
    free(w);
    return 0;
}

/* Calldata: selector of sig followed by static words. */
static inline void lq_calldata(rs_buf *b, const char *sig, const u256 *words, size_t n) {
    uint32_t s = rs_selector_of(sig);
    uint8_t sb[4] = {(uint8_t)(s >> 24), (uint8_t)(s >> 16), (uint8_t)(s >> 8), (uint8_t)s};
    rs_buf_reset(b);
    rs_buf_put(b, sb, 4);
    for (size_t i = 0; i < n; i++) rs_buf_word(b, words[i]);
}

/* One transaction-like call: fresh logs, returns rs_call's code. */
static inline int lq_call(lq_world *w, rs_addr from, rs_addr to, const char *sig, const u256 *words, size_t n,
                          rs_buf *ret) {
    rs_buf cd;
    rs_buf_init(&cd);
    lq_calldata(&cd, sig, words, n);
    rs_env_reset(&w->e);
    int rc = rs_call(&w->e, from, to, U256_ZERO, cd.p, cd.len, ret);
    rs_buf_free(&cd);
    return rc;
}

static inline u256 lq_view(lq_world *w, rs_addr to, const char *sig, const u256 *words, size_t n) {
    rs_buf ret;
    rs_buf_init(&ret);
    assert_int_equal(lq_call(w, RS_ADDR_ZERO, to, sig, words, n, &ret), RS_OK);
    assert_true(ret.len >= 32);
    u256 v = u256_from_be(ret.p);
    rs_buf_free(&ret);
    return v;
}

static inline void lq_expect_error(const rs_env *e, const char *sig) {
    assert_int_equal(e->revert_len, 4);
    uint32_t s = rs_selector_of(sig);
    uint8_t sb[4] = {(uint8_t)(s >> 24), (uint8_t)(s >> 16), (uint8_t)(s >> 8), (uint8_t)s};
    assert_memory_equal(e->revert, sb, 4);
}

static inline void lq_expect_string(const rs_env *e, const char *msg) {
    size_t n = strlen(msg);
    assert_int_equal(e->revert_len, 4 + 64 + (n + 31) / 32 * 32);
    const uint8_t sel[4] = {0x08, 0xc3, 0x79, 0xa0};
    assert_memory_equal(e->revert, sel, 4);
    assert_int_equal(u256_from_be(e->revert + 36).w[0], n);
    assert_memory_equal(e->revert + 68, msg, n);
}

static inline void lq_expect_panic(const rs_env *e, unsigned code) {
    assert_int_equal(e->revert_len, 36);
    const uint8_t sel[4] = {0x4e, 0x48, 0x7b, 0x71};
    assert_memory_equal(e->revert, sel, 4);
    assert_int_equal(u256_from_be(e->revert + 4).w[0], code);
}

static inline const rs_log *lq_log(const rs_env *e, size_t i) {
    assert_true(i < e->nlogs);
    return &e->logs[i];
}

static inline void lq_expect_topic0(const rs_env *e, size_t i, const char *event_sig) {
    rs_b32 t = rs_topic_of(event_sig);
    assert_memory_equal(lq_log(e, i)->topics[0].b, t.b, 32);
}

static inline u256 lq_log_word(const rs_env *e, size_t i, size_t word) {
    const rs_log *l = lq_log(e, i);
    assert_true(32 * (word + 1) <= l->data_len);
    return u256_from_be(e->logdata + l->data_off + 32 * word);
}

static inline rs_addr lq_topic_addr(const rs_env *e, size_t i, size_t t) {
    const rs_log *l = lq_log(e, i);
    assert_true(t < l->ntopics);
    rs_addr a;
    memcpy(a.b, l->topics[t].b + 12, 20);
    return a;
}

#endif
