/* Dispatch rules (selectors, strict decoding, payable, rollback of state and
 * logs, nested calls, native ETH, CREATE addresses) and the vector loader's
 * and runner's handling of malformed or differing vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conformance/runner.h"
#include "conformance/vector.h"
#include "contracts/dispatch.h"
#include "restake/contracts.h"
#include "restake/hex.h"
#include "restake/keccak.h"
#include "restake/namespaces.h"
#include "restake/router.h"
#include "opaque_fixture.h"
#include "test_util.h"

/* ---- a test contract: kind OPAQUE routed to our own method table ---- */

enum { NS_TEST_SLOT = RS_NS_NODE_BASE + 0xf0 };

static rs_key slot_key(rs_addr self, uint64_t i) {
    rs_key k = rs_key_ns(NS_TEST_SLOT);
    rs_key_addr(&k, self);
    rs_key_u64(&k, i);
    return k;
}

static u256 slot(rs_state *st, rs_addr self, uint64_t i) {
    rs_key k = slot_key(self, i);
    return rs_sload(st, &k);
}

/* set(uint256 slot, uint256 v): stores, logs Set(uint256,uint256). */
static int m_set(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_key k = slot_key(msg->recipient, abi_u64(&args[0]));
    rs_sstore(e->st, &k, abi_u256(&args[1]));
    uint8_t data[32];
    u256_to_be(abi_u256(&args[1]), data);
    rs_emit(e, msg->recipient, "Set(uint256,uint256)", 0, NULL, data, 32);
    return RS_OK;
}

/* fail(uint256 slot): writes and logs, then reverts with Failed(uint256). */
static int m_fail(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_key k = slot_key(msg->recipient, abi_u64(&args[0]));
    rs_sstore(e->st, &k, u256_from_u64(0xdead));
    rs_emit(e, msg->recipient, "Set(uint256,uint256)", 0, NULL, NULL, 0);
    return rs_revert_word(e, "Failed(uint256)", abi_u256(&args[0]));
}

/* echo(address): returns the address and the sender. */
static int m_echo(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)e;
    rs_buf_word_addr(ret, abi_addr(&args[0]));
    rs_buf_word_addr(ret, msg->sender);
    return RS_OK;
}

static int m_pay(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    (void)args;
    rs_buf_word_u64(ret, 1);
    return RS_OK;
}

/* nested(address other, bool failOuter): slot 1 := 1, other.fail(7) (caught),
 * slot 2 := 2, other.set(3, 3), then reverts itself when failOuter. */
static int m_nested(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_addr other = abi_addr(&args[0]);
    rs_key k1 = slot_key(msg->recipient, 1), k2 = slot_key(msg->recipient, 2);
    rs_sstore(e->st, &k1, U256_ONE);
    rs_emit(e, msg->recipient, "Outer()", 0, NULL, NULL, 0);

    uint8_t cd[4 + 64];
    rs_buf inner;
    rs_buf_init(&inner);
    uint32_t sel = rs_selector_of("fail(uint256)");
    cd[0] = (uint8_t)(sel >> 24), cd[1] = (uint8_t)(sel >> 16), cd[2] = (uint8_t)(sel >> 8), cd[3] = (uint8_t)sel;
    u256_to_be(u256_from_u64(7), cd + 4);
    int rc = rs_call(e, msg->recipient, other, U256_ZERO, cd, 36, &inner);
    assert_int_equal(rc, RS_REVERTED);

    rs_sstore(e->st, &k2, u256_from_u64(2));
    sel = rs_selector_of("set(uint256,uint256)");
    cd[0] = (uint8_t)(sel >> 24), cd[1] = (uint8_t)(sel >> 16), cd[2] = (uint8_t)(sel >> 8), cd[3] = (uint8_t)sel;
    u256_to_be(u256_from_u64(3), cd + 4);
    u256_to_be(u256_from_u64(3), cd + 36);
    rc = rs_call(e, msg->recipient, other, U256_ZERO, cd, 68, &inner);
    rs_buf_free(&inner);
    assert_int_equal(rc, RS_OK);
    if (abi_bool(&args[1])) return rs_revert(e, "OuterFailed()");
    return RS_OK;
}

/* Captures decoded arguments for comparison with abi_decode. */
static abi_val g_seen[16];
static size_t g_nseen;
static int m_capture(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    (void)ret;
    for (size_t i = 0; i < g_nseen; i++) g_seen[i] = args[i];
    return RS_OK;
}

/* dyn(uint256,bytes): returns the bytes' length (the arena-decoded path). */
static int m_dyn(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    rs_buf_word_u64(ret, args[1].len);
    return RS_OK;
}

#define WORDS_SIG "w(uint8,int16,address,bool,bytes4,uint256,int256,bytes32,uint64,int8,bytes1,uint160)"
#define WORDS_N 12

static rs_method g_methods[] = {
    {WORDS_SIG, m_capture, false, 0, NULL},
    {"dyn(uint256,bytes)", m_dyn, false, 0, NULL},
    {"set(uint256,uint256)", m_set, false, 0, NULL},
    {"fail(uint256)", m_fail, false, 0, NULL},
    {"echo(address)", m_echo, false, 0, NULL},
    {"pay()", m_pay, true, 0, NULL},
    {"nested(address,bool)", m_nested, false, 0, NULL},
};

static int test_entry(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_methods, sizeof g_methods / sizeof g_methods[0], msg, ret);
}

#define C1 A(0xc1)
#define C2 A(0xc2)
#define USER A(0x11)
#define EOA A(0x22)

static int setup(void **state) {
    world *w = opaque_world_new(test_entry);
    rs_code_set(w->st, C1, RS_CODE_OPAQUE);
    rs_code_set(w->st, C2, RS_CODE_OPAQUE);
    rs_eth_set_balance(w->st, USER, u256_from_u64(1000));
    rs_state_commit(w->st);
    *state = w;
    return 0;
}

static int teardown(void **state) { return opaque_world_teardown(state); }

/* Calldata from a signature and up to 4 words. */
static size_t calldata(uint8_t *out, const char *sig, unsigned nwords, ...) {
    uint32_t sel = rs_selector_of(sig);
    out[0] = (uint8_t)(sel >> 24), out[1] = (uint8_t)(sel >> 16), out[2] = (uint8_t)(sel >> 8), out[3] = (uint8_t)sel;
    va_list ap;
    va_start(ap, nwords);
    for (unsigned i = 0; i < nwords; i++) u256_to_be(va_arg(ap, u256), out + 4 + 32 * i);
    va_end(ap);
    return 4 + 32 * (size_t)nwords;
}

static int call(world *w, rs_addr to, u256 value, const uint8_t *cd, size_t len) {
    rs_env_reset(&w->e);
    return rs_call(&w->e, USER, to, value, cd, len, &w->ret);
}

static void test_set_stores_logs_and_returns(void **state) {
    world *w = *state;
    uint8_t cd[132];
    size_t n = calldata(cd, "set(uint256,uint256)", 2, u256_from_u64(5), u256_from_u64(77));
    assert_int_equal(call(w, C1, U256_ZERO, cd, n), RS_OK);
    assert_int_equal(slot(w->st, C1, 5).w[0], 77);
    assert_int_equal(w->e.nlogs, 1);
    assert_true(rs_addr_eq(w->e.logs[0].address, C1));
    assert_int_equal(w->ret.len, 0);
}

static void test_unknown_selector_reverts_empty(void **state) {
    world *w = *state;
    uint8_t cd[36];
    size_t n = calldata(cd, "nothere(uint256)", 1, U256_ONE);
    assert_int_equal(call(w, C1, U256_ZERO, cd, n), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
}

static void test_short_calldata_reverts_empty(void **state) {
    world *w = *state;
    uint8_t cd[68];
    size_t n = calldata(cd, "set(uint256,uint256)", 2, U256_ONE, U256_ONE);
    /* fewer than 4 bytes: no selector at all */
    assert_int_equal(call(w, C1, U256_ZERO, cd, 3), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    assert_int_equal(call(w, C1, U256_ZERO, cd, 0), RS_REVERTED);
    /* a selector whose arguments are cut short */
    assert_int_equal(call(w, C1, U256_ZERO, cd, n - 1), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    assert_true(u256_is_zero(slot(w->st, C1, 1)));
    /* trailing bytes after a complete encoding are accepted, as Solidity does */
    uint8_t longer[100] = {0};
    memcpy(longer, cd, n);
    assert_int_equal(call(w, C1, U256_ZERO, longer, sizeof longer), RS_OK);
    assert_int_equal(slot(w->st, C1, 1).w[0], 1);
}

static void test_dirty_address_bits_revert_empty(void **state) {
    world *w = *state;
    uint8_t cd[36];
    u256 dirty = rs_addr_to_u256(EOA);
    dirty.w[3] |= 1ULL << 40; /* a bit above the 160 address bits */
    size_t n = calldata(cd, "echo(address)", 1, dirty);
    assert_int_equal(call(w, C1, U256_ZERO, cd, n), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    n = calldata(cd, "echo(address)", 1, rs_addr_to_u256(EOA));
    assert_int_equal(call(w, C1, U256_ZERO, cd, n), RS_OK);
    assert_int_equal(w->ret.len, 64);
    assert_memory_equal(w->ret.p + 12, EOA.b, 20);
    assert_memory_equal(w->ret.p + 32 + 12, USER.b, 20);
}

static void test_payable_check_and_value_transfer(void **state) {
    world *w = *state;
    uint8_t cd[36];
    size_t n = calldata(cd, "echo(address)", 1, rs_addr_to_u256(EOA));
    /* non-payable with value: empty revert, and the wei moved back */
    assert_int_equal(call(w, C1, u256_from_u64(10), cd, n), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    assert_int_equal(rs_eth_balance(w->st, USER).w[0], 1000);
    assert_true(u256_is_zero(rs_eth_balance(w->st, C1)));
    /* payable keeps it */
    n = calldata(cd, "pay()", 0);
    assert_int_equal(call(w, C1, u256_from_u64(10), cd, n), RS_OK);
    assert_int_equal(rs_eth_balance(w->st, USER).w[0], 990);
    assert_int_equal(rs_eth_balance(w->st, C1).w[0], 10);
    /* more than the sender holds: empty revert, nothing moves */
    assert_int_equal(call(w, C1, u256_from_u64(991), cd, n), RS_REVERTED);
    assert_int_equal(rs_eth_balance(w->st, USER).w[0], 990);
}

static void test_codeless_account_succeeds_and_receives(void **state) {
    world *w = *state;
    uint8_t cd[36];
    size_t n = calldata(cd, "anything(uint256)", 1, U256_ONE);
    assert_int_equal(call(w, EOA, u256_from_u64(25), cd, n), RS_OK);
    assert_int_equal(w->ret.len, 0);
    assert_int_equal(w->e.nlogs, 0);
    assert_int_equal(rs_eth_balance(w->st, EOA).w[0], 25);
    assert_int_equal(rs_eth_balance(w->st, USER).w[0], 975);
}

static void test_revert_rolls_back_state_and_logs(void **state) {
    world *w = *state;
    uint8_t cd[68];
    size_t n = calldata(cd, "set(uint256,uint256)", 2, u256_from_u64(4), u256_from_u64(9));
    rs_env_reset(&w->e);
    assert_int_equal(rs_call(&w->e, USER, C1, U256_ZERO, cd, n, &w->ret), RS_OK);
    n = calldata(cd, "fail(uint256)", 1, u256_from_u64(4));
    /* same env: the earlier log stays, the failed call's log goes */
    assert_int_equal(rs_call(&w->e, USER, C1, U256_ZERO, cd, n, &w->ret), RS_REVERTED);
    assert_int_equal(w->e.nlogs, 1);
    assert_int_equal(w->e.logdata_len, 32);
    assert_int_equal(slot(w->st, C1, 4).w[0], 9);
    /* Failed(uint256) with its argument */
    assert_int_equal(w->e.revert_len, 36);
    uint32_t sel = rs_selector_of("Failed(uint256)");
    assert_int_equal(w->e.revert[0], sel >> 24);
    assert_int_equal(w->e.revert[3], sel & 0xff);
    assert_int_equal(w->e.revert[35], 4);
}

static void test_nested_call_rollback(void **state) {
    world *w = *state;
    uint8_t cd[68];
    size_t n = calldata(cd, "nested(address,bool)", 2, rs_addr_to_u256(C2), U256_ZERO);
    assert_int_equal(call(w, C1, U256_ZERO, cd, n), RS_OK);
    assert_int_equal(slot(w->st, C1, 1).w[0], 1);
    assert_int_equal(slot(w->st, C1, 2).w[0], 2);
    assert_true(u256_is_zero(slot(w->st, C2, 7))); /* the caught inner revert left nothing */
    assert_int_equal(slot(w->st, C2, 3).w[0], 3);
    assert_int_equal(w->e.nlogs, 2); /* Outer() and C2's Set, not the failed Set */
    assert_true(rs_addr_eq(w->e.logs[0].address, C1));
    assert_true(rs_addr_eq(w->e.logs[1].address, C2));
    rs_state_commit(w->st);

    /* the outer revert undoes the inner success too */
    rs_key k = slot_key(C2, 3);
    rs_sstore(w->st, &k, U256_ZERO);
    rs_state_commit(w->st);
    n = calldata(cd, "nested(address,bool)", 2, rs_addr_to_u256(C2), U256_ONE);
    assert_int_equal(call(w, C1, U256_ZERO, cd, n), RS_REVERTED);
    assert_int_equal(w->e.nlogs, 0);
    assert_int_equal(w->e.logdata_len, 0);
    assert_true(u256_is_zero(slot(w->st, C2, 3)));
    assert_int_equal(w->e.revert_len, 4);
}

static uint64_t g_rng = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void) {
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return g_rng;
}

/* A word for a parameter of type t: usually clean for t, sometimes an edge
 * or arbitrary word that may be dirty for it. */
static void random_word(const abi_type *t, uint8_t *out) {
    u256 v = {{rnd(), rnd(), rnd(), rnd()}};
    unsigned bits = t->kind == ABI_ADDRESS ? 160 : t->kind == ABI_BOOL ? 1 : t->kind == ABI_BYTESN ? 8u * t->bits : t->bits;
    switch (rnd() % 12) {
    case 0: v = u256_from_u64(rnd() % 3); break;                       /* 0, 1, 2 */
    case 1: v = u256_shr(v, (unsigned)(rnd() % 257)); break;             /* some high bits clear */
    case 2: v = u256_not(u256_shr(v, (unsigned)(rnd() % 257))); break;   /* sign-extended negative */
    case 3: v = u256_shl(v, (unsigned)(rnd() % 257)); break;             /* some low bytes clear */
    case 4: break;                                                       /* anything */
    default:                                                             /* clean for t */
        if (t->kind == ABI_BYTESN) v = u256_shl(v, 256 - bits);
        else if (t->kind == ABI_INT) {
            v = u256_shr(v, 257 - bits);
            if (rnd() & 1) v = u256_not(v);
        } else v = u256_shr(v, 256 - bits);
    }
    u256_to_be(v, out);
}

/* The inline decoding of value-word parameter lists accepts and rejects
 * exactly what abi_decode does, and yields the same values. */
static void test_fast_decoding_matches_abi_decode(void **state) {
    world *w = *state;
    rs_arena types, a;
    rs_arena_init(&types, 0);
    rs_arena_init(&a, 0);
    const abi_type *params;
    assert_int_equal(abi_signature_params(&types, WORDS_SIG, &params), ABI_OK);
    uint8_t cd[4 + 32 * WORDS_N];
    uint32_t sel = rs_selector_of(WORDS_SIG);
    cd[0] = (uint8_t)(sel >> 24), cd[1] = (uint8_t)(sel >> 16), cd[2] = (uint8_t)(sel >> 8), cd[3] = (uint8_t)sel;
    size_t accepted = 0, rejected = 0;
    g_nseen = WORDS_N;
    for (int iter = 0; iter < 20000; iter++) {
        for (int i = 0; i < WORDS_N; i++) random_word(params->fields[i], cd + 4 + 32 * i);
        size_t len = rnd() % 8 == 0 ? 4 + 32 * (rnd() % WORDS_N) : sizeof cd;
        abi_val ref;
        abi_error err;
        rs_arena_reset(&a);
        bool ok = abi_decode(&a, params, cd + 4, len - 4, &ref, &err) == ABI_OK;
        memset(g_seen, 0, sizeof g_seen);
        int rc = call(w, C1, U256_ZERO, cd, len);
        assert_int_equal(rc, ok ? RS_OK : RS_REVERTED);
        if (!ok) {
            assert_int_equal(w->e.revert_len, 0);
            rejected++;
            continue;
        }
        accepted++;
        for (int i = 0; i < WORDS_N; i++) {
            assert_int_equal(g_seen[i].kind, ref.items[i].kind);
            assert_u256_equal(g_seen[i].word, ref.items[i].word);
        }
    }
    /* both outcomes were exercised */
    assert_true(accepted > 100);
    assert_true(rejected > 100);
    rs_arena_free(&a);
    rs_arena_free(&types);
}

static void test_dynamic_parameters_decode_strictly(void **state) {
    world *w = *state;
    uint8_t cd[4 + 32 * 4] = {0};
    size_t n = calldata(cd, "dyn(uint256,bytes)", 4, u256_from_u64(1), u256_from_u64(64), u256_from_u64(3),
                        u256_shl(u256_from_u64(0xabcdef), 232));
    assert_int_equal(call(w, C1, U256_ZERO, cd, n), RS_OK);
    assert_int_equal(w->ret.len, 32);
    assert_int_equal(w->ret.p[31], 3);
    /* offset pointing past the data */
    n = calldata(cd, "dyn(uint256,bytes)", 4, u256_from_u64(1), u256_from_u64(4096), u256_from_u64(3), U256_ZERO);
    assert_int_equal(call(w, C1, U256_ZERO, cd, n), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    /* length beyond the data */
    n = calldata(cd, "dyn(uint256,bytes)", 4, u256_from_u64(1), u256_from_u64(64), u256_from_u64(33), U256_ZERO);
    assert_int_equal(call(w, C1, U256_ZERO, cd, n), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
}

static void test_missing_entry_reverts_empty(void **state) {
    world *w = *state;
    /* A kind with no surface at all (OPAQUE without override) reverts empty. */
    rs_contract_fn old = rs_dispatch_override(RS_CODE_OPAQUE, NULL);
    uint8_t cd[36];
    size_t n = calldata(cd, "echo(address)", 1, rs_addr_to_u256(EOA));
    assert_int_equal(call(w, C1, U256_ZERO, cd, n), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    rs_dispatch_override(RS_CODE_OPAQUE, old);
}

static void test_code_registry_and_nonces(void **state) {
    world *w = *state;
    assert_int_equal(rs_code_get(w->st, EOA), RS_CODE_NONE);
    rs_code_set(w->st, EOA, RS_CODE_ERC20);
    assert_int_equal(rs_code_get(w->st, EOA), RS_CODE_ERC20);
    assert_string_equal(rs_code_name(RS_CODE_STRATEGY_MANAGER), "StrategyManager");
    assert_int_equal(rs_account_nonce(w->st, EOA), 0);
    rs_account_set_nonce(w->st, EOA, 300);
    assert_int_equal(rs_account_nonce(w->st, EOA), 300);
}

static void expect_create(const char *sender, uint64_t nonce, const char *expected) {
    rs_addr s, e;
    assert_true(rs_addr_from_hex(&s, sender));
    assert_true(rs_addr_from_hex(&e, expected));
    rs_addr got = rs_create_address(s, nonce);
    assert_memory_equal(got.b, e.b, 20);
}

static void test_create_address(void **state) {
    (void)state;
    expect_create("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0", 0, "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d");
    expect_create("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0", 1, "0x343c43a37d37dff08ae8c4a11544c718abb4fcf8");
    /* the StrategyFactory's creations recorded in the bench vector */
    expect_create("0x4d6e3d073db22c1C6bb00c451dab8bF4d2fD3F57", 5, "0x9196Fe5d75E3261B9A61542705CeD8623845a5ce");
    expect_create("0x4d6e3d073db22c1C6bb00c451dab8bF4d2fD3F57", 6, "0x9358d22D0CE1BFfDF4ab39259f1cFeb96E53b0c1");
}

/* ---- vector loader and runner ---- */

#define GENESIS                                                                                    \
    "\"genesis\":{\"chainId\":31337,\"block\":10,\"timestamp\":1000,\"blockTimeSeconds\":12,"     \
    "\"constants\":{\"version\":\"t\"},\"contracts\":{\"X\":\"0x00000000000000000000000000000000000000c1\"}," \
    "\"roles\":{\"owner\":\"0x000000000000000000000000000000000000e0e0\"}}"

static const char *TX_OK = "{\"i\":0,\"kind\":\"tx\",\"from\":\"0x0000000000000000000000000000000000000011\","
                           "\"to\":\"0x0000000000000000000000000000000000000022\",\"value\":\"0\","
                           "\"calldata\":\"0x\",\"function\":\"f()\",\"block\":11,\"timestamp\":1012,"
                           "\"status\":1,\"returndata\":\"0x\",\"logs\":[]}";

static int load(const char *steps, rs_vector *v, char *err, size_t cap) {
    char json[4096];
    snprintf(json, sizeof json, "{\"format\":\"restake-conformance/1\",\"suite\":\"t\"," GENESIS ",\"steps\":[%s]}",
             steps);
    return rs_vector_parse(json, strlen(json), "t.json", v, err, cap);
}

static void expect_load_error(const char *json, const char *needle) {
    rs_vector v;
    char err[512] = "";
    assert_int_equal(rs_vector_parse(json, strlen(json), "bad.json", &v, err, sizeof err), -1);
    if (!strstr(err, needle)) fail_msg("error \"%s\" lacks \"%s\"", err, needle);
    assert_int_equal(v.nsteps, 0);
}

static void expect_steps_error(const char *steps, const char *needle) {
    rs_vector v;
    char err[512] = "";
    assert_int_equal(load(steps, &v, err, sizeof err), -1);
    if (!strstr(err, needle)) fail_msg("error \"%s\" lacks \"%s\"", err, needle);
}

static void test_loader_errors(void **state) {
    (void)state;
    expect_load_error("{\"format\":", "bad.json:1:");
    expect_load_error("[]", "top level is not an object");
    expect_load_error("{\"format\":\"other/2\"}", "format: unsupported format");
    expect_load_error("{\"format\":\"restake-conformance/1\",\"steps\":[]}", "genesis: missing");
    expect_load_error("{\"format\":\"restake-conformance/1\"," GENESIS "}", "steps: missing");
    expect_steps_error("{\"i\":0,\"kind\":\"tx\",\"from\":\"0x12\"}", "t.json: steps[0].from: not an address");
    expect_steps_error("{\"i\":0,\"kind\":\"mine\",\"block\":11}", "steps[0].blocks: missing");
    expect_steps_error("{\"i\":0,\"kind\":\"mine\",\"blocks\":\"x\",\"block\":11}", "steps[0].blocks: not a uint256");
    char steps[2048];
    snprintf(steps, sizeof steps, "%s,%s", TX_OK,
             "{\"i\":1,\"kind\":\"tx\",\"from\":\"0x0000000000000000000000000000000000000011\","
             "\"to\":\"0x0000000000000000000000000000000000000022\",\"value\":\"0\",\"calldata\":\"0x\","
             "\"block\":12,\"timestamp\":1024,\"status\":1,\"returndata\":\"0x\","
             "\"logs\":[{\"address\":\"0x0000000000000000000000000000000000000022\",\"topics\":[],\"data\":\"0xzz\"}]}");
    expect_steps_error(steps, "steps[1].logs[0].data: malformed hex");
    expect_steps_error("{\"i\":0,\"kind\":\"check\",\"block\":10,\"views\":[{\"label\":\"v\","
                       "\"to\":\"0x0000000000000000000000000000000000000022\",\"calldata\":\"0x\"}]}",
                       "steps[0].views[0]: needs exactly one of returndata and revertData");
    expect_steps_error("{\"i\":0,\"kind\":\"tx\",\"from\":\"0x0000000000000000000000000000000000000011\","
                       "\"to\":\"0x0000000000000000000000000000000000000022\",\"value\":\"0\",\"calldata\":\"0x\","
                       "\"block\":11,\"timestamp\":1012,\"status\":2}",
                       "steps[0].status: must be 0 or 1");
}

static int run_capture(const rs_vector *v, rs_runner_result *r, char *out, size_t cap) {
    FILE *f = tmpfile();
    assert_non_null(f);
    rs_runner_opts o;
    rs_runner_opts_default(&o);
    o.out = f;
    int rc = rs_runner_run(v, &o, r);
    rewind(f);
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = 0;
    fclose(f);
    return rc;
}

static void test_runner_matches_and_reports(void **state) {
    (void)state;
    rs_vector v;
    char err[512], out[4096];
    rs_runner_result r;
    /* a tx to an EOA then a check of its balance: both match */
    char steps[2048];
    snprintf(steps, sizeof steps,
             "%s,{\"i\":1,\"kind\":\"mine\",\"blocks\":2,\"block\":13},"
             "{\"i\":2,\"kind\":\"check\",\"block\":13,\"views\":[{\"label\":\"b\",\"kind\":\"balance\","
             "\"address\":\"0x0000000000000000000000000000000000000022\",\"wei\":\"0\"}]}",
             TX_OK);
    assert_int_equal(load(steps, &v, err, sizeof err), 0);
    assert_int_equal(v.nsteps, 3);
    assert_int_equal(run_capture(&v, &r, out, sizeof out), 0);
    assert_int_equal(r.matched, 3);
    assert_non_null(strstr(out, "t.json: 3/3 steps match"));
    rs_vector_free(&v);

    /* wrong expected status, wrong block numbering and an unknown step kind */
    snprintf(steps, sizeof steps,
             "{\"i\":0,\"kind\":\"tx\",\"from\":\"0x0000000000000000000000000000000000000011\","
             "\"to\":\"0x0000000000000000000000000000000000000022\",\"value\":\"0\",\"calldata\":\"0x\","
             "\"function\":\"f()\",\"block\":11,\"timestamp\":1012,\"status\":0,\"revertData\":\"0x\"},"
             "{\"i\":1,\"kind\":\"mine\",\"blocks\":1,\"block\":99},"
             "{\"i\":2,\"kind\":\"teleport\"}");
    assert_int_equal(load(steps, &v, err, sizeof err), 0);
    assert_int_equal(v.steps[2].kind, RS_STEP_UNKNOWN);
    assert_int_equal(run_capture(&v, &r, out, sizeof out), 1);
    assert_int_equal(r.matched, 0);
    assert_int_equal(r.differing, 3);
    assert_int_equal(r.unsupported, 1);
    assert_int_equal(r.first_diff, 0);
    assert_non_null(strstr(out, "t.json step 0 f(): status: expected 0 got 1"));
    assert_non_null(strstr(out, "t.json: 0/3 steps match (first difference at step 0; 2 more steps differ"));
    rs_vector_free(&v);
}

static void test_known_error_names(void **state) {
    (void)state;
    assert_string_equal(rs_known_error_name(0x840a48d5), "CurrentlyPaused()");
    assert_string_equal(rs_known_error_name(rs_selector_of("Panic(uint256)")), "Panic(uint256)");
    assert_null(rs_known_error_name(0x12345678));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_set_stores_logs_and_returns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_selector_reverts_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_calldata_reverts_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dirty_address_bits_revert_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_payable_check_and_value_transfer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_codeless_account_succeeds_and_receives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_revert_rolls_back_state_and_logs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_call_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fast_decoding_matches_abi_decode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dynamic_parameters_decode_strictly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_entry_reverts_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_code_registry_and_nonces, setup, teardown),
        cmocka_unit_test(test_create_address),
        cmocka_unit_test(test_loader_errors),
        cmocka_unit_test(test_known_error_names),
        cmocka_unit_test(test_runner_matches_and_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
