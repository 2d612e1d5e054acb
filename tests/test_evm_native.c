/* The one call router over EVM and native code: native code calling EVM
 * bytecode and EVM bytecode calling native contracts, with revert data
 * bubbling unchanged, everything undone on revert, logs of both kinds in
 * emission order, the native marker code, DELEGATECALL into native code,
 * the gas charge, contract creation and a 1,024-deep recursion across kinds.
 * The EVM contracts are hand-assembled (opcodes spelled out beside them). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/erc20.h"
#include "restake/keccak.h"
#include "restake/router.h"
#include "restake/world.h"
#include "opaque_fixture.h"

/* ---- addresses (clear of the precompiles) ---- */
#define NATIVE A(0x1001)  /* the test's native contract (OPAQUE) */
#define TOKEN A(0x1002)   /* a native ERC20 */
#define EVM_RET A(0x2001) /* returns 0x1234 */
#define EVM_REV A(0x2002) /* writes slot 0, reverts with 0xcafebabe */
#define EVM_LOG A(0x2003) /* LOG1, STATICCALLs NATIVE op 2, LOG0 of the answer, returns it */
#define EVM_SIZE A(0x2004) /* returns EXTCODESIZE and EXTCODEHASH of NATIVE */
#define EVM_DELEG A(0x2005) /* DELEGATECALLs NATIVE: returns (success, returndatasize) */
#define EVM_WRAP A(0x2006) /* CALLs NATIVE op 6 (write + log), then reverts */
#define EVM_REC A(0x2007) /* CALLs NATIVE op 5 with all its gas, ignores the outcome */
#define EVM_BAL A(0x2008) /* STATICCALLs TOKEN.balanceOf(0x..1234), returns the word */
#define EVM_GAS A(0x2009) /* returns the gas a STATICCALL of NATIVE op 2 consumed */
#define HOLDER A(0x1234)
#define CALLER A(0x3001)

enum { NS_TEST = RS_NS_NODE_BASE + 0xf1 };

static uint32_t max_native_depth;

static rs_key test_slot(void) {
    rs_key k = rs_key_ns(NS_TEST);
    rs_key_u64(&k, 1);
    return k;
}

static void emit_mark(rs_env *e, uint64_t n) {
    uint8_t d[32] = {0};
    d[31] = (uint8_t)n;
    rs_emit(e, NATIVE, "Mark(uint256)", 0, NULL, d, 32);
}

/* The native test contract; calldata[0] picks the operation. */
static int native_entry(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    if (msg->input_len == 0) return rs_revert_empty(e);
    switch (msg->input[0]) {
    case 1: { /* Mark(1), call the address in bytes 1..20 with the rest, Mark(2), return its output */
        rs_addr to;
        memcpy(to.b, msg->input + 1, 20);
        emit_mark(e, 1);
        int rc = rs_call(e, msg->recipient, to, U256_ZERO, msg->input + 21, msg->input_len - 21, ret);
        if (rc != RS_OK) return rc;
        emit_mark(e, 2);
        return RS_OK;
    }
    case 2: /* view: 42 */
        rs_buf_word_u64(ret, 42);
        return RS_OK;
    case 4: { /* write, log, then call EVM_REV and bubble its revert */
        rs_key k = test_slot();
        rs_sstore(e->st, &k, u256_from_u64(7));
        emit_mark(e, 4);
        return rs_call(e, msg->recipient, EVM_REV, U256_ZERO, NULL, 0, ret);
    }
    case 5: /* recursion: record the depth, call EVM_REC, succeed whatever it did */
        if (msg->depth > max_native_depth) max_native_depth = msg->depth;
        (void)rs_call(e, msg->recipient, EVM_REC, U256_ZERO, NULL, 0, NULL);
        return RS_OK;
    case 6: { /* write and log */
        rs_key k = test_slot();
        rs_sstore(e->st, &k, u256_from_u64(6));
        emit_mark(e, 6);
        return RS_OK;
    }
    default: return rs_revert_empty(e);
    }
}

static void put_code(world *w, rs_addr a, const uint8_t *code, size_t len) {
    rs_world *wd = rs_router_world(&w->e);
    assert_non_null(wd);
    rs_world_set_code(wd, a, code, len);
}

/* PUSH20 a */
static size_t push_addr(uint8_t *p, rs_addr a) {
    p[0] = 0x73;
    memcpy(p + 1, a.b, 20);
    return 21;
}

static void deploy_all(world *w) {
    rs_code_set(w->st, NATIVE, RS_CODE_OPAQUE);
    erc20_create(w->st, TOKEN, "Token", "TK", 18, false);
    erc20_credit(w->st, TOKEN, HOLDER, u256_from_u64(5000));

    /* PUSH2 0x1234 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN */
    static const uint8_t ret_code[] = {0x61, 0x12, 0x34, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3};
    put_code(w, EVM_RET, ret_code, sizeof ret_code);
    /* PUSH1 1 PUSH0 SSTORE; PUSH4 cafebabe PUSH0 MSTORE; PUSH1 4 PUSH1 28 REVERT */
    static const uint8_t rev_code[] = {0x60, 0x01, 0x5f, 0x55, 0x63, 0xca, 0xfe, 0xba, 0xbe,
                                       0x5f, 0x52, 0x60, 0x04, 0x60, 0x1c, 0xfd};
    put_code(w, EVM_REV, rev_code, sizeof rev_code);

    uint8_t c[128];
    size_t n = 0;
    /* PUSH1 0xaa PUSH0 PUSH0 LOG1; PUSH1 2 PUSH0 MSTORE8;
     * PUSH1 32 PUSH0 PUSH1 1 PUSH0 PUSH20 NATIVE GAS STATICCALL POP;
     * PUSH1 32 PUSH0 LOG0; PUSH1 32 PUSH0 RETURN */
    static const uint8_t log_a[] = {0x60, 0xaa, 0x5f, 0x5f, 0xa1, 0x60, 0x02, 0x5f, 0x53,
                                    0x60, 0x20, 0x5f, 0x60, 0x01, 0x5f};
    memcpy(c, log_a, sizeof log_a);
    n = sizeof log_a;
    n += push_addr(c + n, NATIVE);
    static const uint8_t log_b[] = {0x5a, 0xfa, 0x50, 0x60, 0x20, 0x5f, 0xa0, 0x60, 0x20, 0x5f, 0xf3};
    memcpy(c + n, log_b, sizeof log_b);
    n += sizeof log_b;
    put_code(w, EVM_LOG, c, n);

    /* PUSH20 NATIVE EXTCODESIZE PUSH0 MSTORE PUSH20 NATIVE EXTCODEHASH PUSH1 32 MSTORE PUSH1 64 PUSH0 RETURN */
    n = push_addr(c, NATIVE);
    c[n++] = 0x3b, c[n++] = 0x5f, c[n++] = 0x52;
    n += push_addr(c + n, NATIVE);
    c[n++] = 0x3f, c[n++] = 0x60, c[n++] = 0x20, c[n++] = 0x52;
    c[n++] = 0x60, c[n++] = 0x40, c[n++] = 0x5f, c[n++] = 0xf3;
    put_code(w, EVM_SIZE, c, n);

    /* PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 NATIVE GAS DELEGATECALL PUSH0 MSTORE RETURNDATASIZE PUSH1 32 MSTORE
     * PUSH1 64 PUSH0 RETURN */
    n = 0;
    c[n++] = 0x5f, c[n++] = 0x5f, c[n++] = 0x5f, c[n++] = 0x5f;
    n += push_addr(c + n, NATIVE);
    c[n++] = 0x5a, c[n++] = 0xf4, c[n++] = 0x5f, c[n++] = 0x52, c[n++] = 0x3d, c[n++] = 0x60, c[n++] = 0x20,
    c[n++] = 0x52;
    c[n++] = 0x60, c[n++] = 0x40, c[n++] = 0x5f, c[n++] = 0xf3;
    put_code(w, EVM_DELEG, c, n);

    /* PUSH1 6 PUSH0 MSTORE8; PUSH0 PUSH0 PUSH1 1 PUSH0 PUSH0 PUSH20 NATIVE GAS CALL POP; PUSH0 PUSH0 REVERT */
    n = 0;
    c[n++] = 0x60, c[n++] = 0x06, c[n++] = 0x5f, c[n++] = 0x53;
    c[n++] = 0x5f, c[n++] = 0x5f, c[n++] = 0x60, c[n++] = 0x01, c[n++] = 0x5f, c[n++] = 0x5f;
    n += push_addr(c + n, NATIVE);
    c[n++] = 0x5a, c[n++] = 0xf1, c[n++] = 0x50, c[n++] = 0x5f, c[n++] = 0x5f, c[n++] = 0xfd;
    put_code(w, EVM_WRAP, c, n);

    /* PUSH1 5 PUSH0 MSTORE8; PUSH0 PUSH0 PUSH1 1 PUSH0 PUSH0 PUSH20 NATIVE GAS CALL STOP */
    n = 0;
    c[n++] = 0x60, c[n++] = 0x05, c[n++] = 0x5f, c[n++] = 0x53;
    c[n++] = 0x5f, c[n++] = 0x5f, c[n++] = 0x60, c[n++] = 0x01, c[n++] = 0x5f, c[n++] = 0x5f;
    n += push_addr(c + n, NATIVE);
    c[n++] = 0x5a, c[n++] = 0xf1, c[n++] = 0x00;
    put_code(w, EVM_REC, c, n);

    /* mem[0..36) = balanceOf(HOLDER): PUSH4 70a08231 PUSH1 224 SHL PUSH0 MSTORE; PUSH20 HOLDER PUSH1 4 MSTORE;
     * PUSH1 32 PUSH0 PUSH1 36 PUSH0 PUSH20 TOKEN GAS STATICCALL POP; PUSH1 32 PUSH0 RETURN */
    n = 0;
    c[n++] = 0x63, c[n++] = 0x70, c[n++] = 0xa0, c[n++] = 0x82, c[n++] = 0x31;
    c[n++] = 0x60, c[n++] = 0xe0, c[n++] = 0x1b, c[n++] = 0x5f, c[n++] = 0x52;
    n += push_addr(c + n, HOLDER);
    c[n++] = 0x60, c[n++] = 0x04, c[n++] = 0x52;
    c[n++] = 0x60, c[n++] = 0x20, c[n++] = 0x5f, c[n++] = 0x60, c[n++] = 0x24, c[n++] = 0x5f;
    n += push_addr(c + n, TOKEN);
    c[n++] = 0x5a, c[n++] = 0xfa, c[n++] = 0x50, c[n++] = 0x60, c[n++] = 0x20, c[n++] = 0x5f, c[n++] = 0xf3;
    put_code(w, EVM_BAL, c, n);

    /* PUSH1 2 PUSH0 MSTORE8; GAS; PUSH0 PUSH0 PUSH1 1 PUSH0 PUSH20 NATIVE PUSH3 0x0f4240 STATICCALL POP;
     * GAS SWAP1 SUB PUSH0 MSTORE PUSH1 32 PUSH0 RETURN  (the gas before minus after) */
    n = 0;
    c[n++] = 0x60, c[n++] = 0x02, c[n++] = 0x5f, c[n++] = 0x53, c[n++] = 0x5a;
    c[n++] = 0x5f, c[n++] = 0x5f, c[n++] = 0x60, c[n++] = 0x01, c[n++] = 0x5f;
    n += push_addr(c + n, NATIVE);
    c[n++] = 0x62, c[n++] = 0x0f, c[n++] = 0x42, c[n++] = 0x40, c[n++] = 0xfa, c[n++] = 0x50;
    c[n++] = 0x5a, c[n++] = 0x90, c[n++] = 0x03, c[n++] = 0x5f, c[n++] = 0x52;
    c[n++] = 0x60, c[n++] = 0x20, c[n++] = 0x5f, c[n++] = 0xf3;
    put_code(w, EVM_GAS, c, n);
    rs_state_commit(w->st);
}

static int setup(void **state) {
    world *w = opaque_world_new(native_entry);
    deploy_all(w);
    rs_env_reset(&w->e);
    *state = w;
    return 0;
}

static u256 word_at(const rs_buf *b, size_t i) {
    assert_true(b->len >= 32 * (i + 1));
    return u256_from_be(b->p + 32 * i);
}

/* native rs_call into EVM code returns its output */
static void native_calls_evm(void **state) {
    world *w = *state;
    assert_int_equal(rs_call(&w->e, CALLER, EVM_RET, U256_ZERO, NULL, 0, &w->ret), RS_OK);
    assert_int_equal(w->ret.len, 32);
    assert_true(u256_eq(word_at(&w->ret, 0), u256_from_u64(0x1234)));
}

/* EVM code STATICCALLs a native ERC20's balanceOf */
static void evm_calls_native_view(void **state) {
    world *w = *state;
    assert_int_equal(rs_call(&w->e, CALLER, EVM_BAL, U256_ZERO, NULL, 0, &w->ret), RS_OK);
    assert_true(u256_eq(word_at(&w->ret, 0), u256_from_u64(5000)));
}

/* A revert in EVM code reached from native code bubbles byte for byte, and
 * both sides' writes and logs are gone. */
static void revert_bubbles_and_undoes(void **state) {
    world *w = *state;
    uint8_t cd[1] = {4};
    assert_int_equal(rs_call(&w->e, CALLER, NATIVE, U256_ZERO, cd, 1, &w->ret), RS_REVERTED);
    static const uint8_t want[] = {0xca, 0xfe, 0xba, 0xbe};
    assert_int_equal(w->e.revert_len, 4);
    assert_memory_equal(w->e.revert, want, 4);
    rs_key k = test_slot();
    assert_true(u256_is_zero(rs_sload(w->st, &k)));
    assert_true(u256_is_zero(rs_world_storage(rs_router_world(&w->e), EVM_REV, U256_ZERO)));
    assert_int_equal(w->e.nlogs, 0);
}

/* EVM code that reverts after a native call undoes the native writes. */
static void evm_revert_undoes_native(void **state) {
    world *w = *state;
    assert_int_equal(rs_call(&w->e, CALLER, EVM_WRAP, U256_ZERO, NULL, 0, &w->ret), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    rs_key k = test_slot();
    assert_true(u256_is_zero(rs_sload(w->st, &k)));
    assert_int_equal(w->e.nlogs, 0);
}

/* native Mark(1), EVM LOG1(0xaa), EVM LOG0(42 from a native view), native Mark(2) */
static void logs_interleave(void **state) {
    world *w = *state;
    uint8_t cd[21] = {1};
    memcpy(cd + 1, EVM_LOG.b, 20);
    assert_int_equal(rs_call(&w->e, CALLER, NATIVE, U256_ZERO, cd, sizeof cd, &w->ret), RS_OK);
    assert_true(u256_eq(word_at(&w->ret, 0), u256_from_u64(42)));
    assert_int_equal(w->e.nlogs, 4);
    rs_b32 mark = rs_keccak("Mark(uint256)", 13);
    assert_true(rs_addr_eq(w->e.logs[0].address, NATIVE));
    assert_memory_equal(w->e.logs[0].topics[0].b, mark.b, 32);
    assert_int_equal(w->e.logdata[w->e.logs[0].data_off + 31], 1);
    assert_true(rs_addr_eq(w->e.logs[1].address, EVM_LOG));
    assert_int_equal(w->e.logs[1].ntopics, 1);
    assert_int_equal(w->e.logs[1].topics[0].b[31], 0xaa);
    assert_int_equal(w->e.logs[1].data_len, 0);
    assert_true(rs_addr_eq(w->e.logs[2].address, EVM_LOG));
    assert_int_equal(w->e.logs[2].ntopics, 0);
    assert_int_equal(w->e.logs[2].data_len, 32);
    assert_int_equal(w->e.logdata[w->e.logs[2].data_off + 31], 42);
    assert_true(rs_addr_eq(w->e.logs[3].address, NATIVE));
    assert_int_equal(w->e.logdata[w->e.logs[3].data_off + 31], 2);
}

/* EXTCODESIZE / EXTCODEHASH of native code: the marker; rs_code_bytes agrees */
static void marker_code(void **state) {
    world *w = *state;
    assert_int_equal(rs_call(&w->e, CALLER, EVM_SIZE, U256_ZERO, NULL, 0, &w->ret), RS_OK);
    static const char marker[] = "\xfe" "restake:opaque";
    size_t mlen = sizeof marker - 1;
    assert_true(u256_eq(word_at(&w->ret, 0), u256_from_u64(mlen)));
    rs_b32 h = rs_keccak(marker, mlen);
    assert_memory_equal(w->ret.p + 32, h.b, 32);
    rs_buf code;
    rs_buf_init(&code);
    rs_b32 h2;
    assert_int_equal(rs_code_bytes(w->st, NATIVE, &code, &h2), mlen);
    assert_memory_equal(code.p, marker, mlen);
    assert_memory_equal(h2.b, h.b, 32);
    assert_int_equal(rs_code_bytes(w->st, CALLER, &code, &h2), 0);
    rs_b32 empty = rs_keccak("", 0);
    assert_memory_equal(h2.b, empty.b, 32);
    rs_buf_free(&code);
}

/* DELEGATECALL into native code fails with empty revert data */
static void delegatecall_native_fails(void **state) {
    world *w = *state;
    assert_int_equal(rs_call(&w->e, CALLER, EVM_DELEG, U256_ZERO, NULL, 0, &w->ret), RS_OK);
    assert_true(u256_is_zero(word_at(&w->ret, 0)));
    assert_true(u256_is_zero(word_at(&w->ret, 1)));
}

/* a native view called from EVM costs the documented charge: base + 1 byte
 * (+ the STATICCALL's own 100 warm-access... cold: 2600) */
static void native_gas_charge(void **state) {
    world *w = *state;
    assert_int_equal(rs_call(&w->e, CALLER, EVM_GAS, U256_ZERO, NULL, 0, &w->ret), RS_OK);
    /* cold account access 2600 + charge (2600 + 16) + the GAS/POP/PUSH around it */
    uint64_t used = word_at(&w->ret, 0).w[0];
    assert_int_equal(used, 2600 + RS_NATIVE_GAS_BASE + RS_NATIVE_GAS_PER_BYTE * 1 + 2 + 3 + 3 + 3 + 2 + 3 + 3);
}

/* contract creation: address rule, runtime code stored, revert leaves nothing */
static void create_frame(void **state) {
    world *w = *state;
    /* initcode: PUSH9 <runtime> PUSH0 MSTORE PUSH1 9 PUSH1 23 RETURN; runtime = ret_code */
    static const uint8_t init[] = {0x68, 0x61, 0x12, 0x34, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3,
                                   0x5f, 0x52, 0x60, 0x09, 0x60, 0x17, 0xf3};
    rs_account_set_nonce(w->st, CALLER, 3); /* the tx took nonce 2 */
    rs_addr created;
    assert_int_equal(rs_route_create(&w->e, CALLER, U256_ZERO, init, sizeof init, &created, &w->ret), RS_OK);
    assert_true(rs_addr_eq(created, rs_create_address(CALLER, 2)));
    assert_int_equal(w->ret.len, 0);
    assert_int_equal(rs_code_get(w->st, created), RS_CODE_EVM);
    assert_int_equal(rs_account_nonce(w->st, created), 1);
    rs_buf code;
    rs_buf_init(&code);
    assert_int_equal(rs_code_bytes(w->st, created, &code, NULL), 9);
    assert_memory_equal(code.p, init + 1, 9);
    rs_buf_free(&code);
    assert_int_equal(rs_call(&w->e, CALLER, created, U256_ZERO, NULL, 0, &w->ret), RS_OK);
    assert_true(u256_eq(word_at(&w->ret, 0), u256_from_u64(0x1234)));

    /* initcode that reverts with 0xcafebabe: nothing created */
    static const uint8_t bad[] = {0x63, 0xca, 0xfe, 0xba, 0xbe, 0x5f, 0x52, 0x60, 0x04, 0x60, 0x1c, 0xfd};
    rs_account_set_nonce(w->st, CALLER, 4);
    size_t cp = rs_state_checkpoint(w->st);
    assert_int_equal(rs_route_create(&w->e, CALLER, U256_ZERO, bad, sizeof bad, &created, &w->ret), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 4);
    assert_memory_equal(w->e.revert, "\xca\xfe\xba\xbe", 4);
    assert_int_equal(rs_state_checkpoint(w->st), cp);
    assert_int_equal(rs_code_get(w->st, rs_create_address(CALLER, 3)), RS_CODE_NONE);

    /* EIP-3541: returned code starting with 0xEF is refused */
    static const uint8_t ef[] = {0x60, 0xef, 0x5f, 0x53, 0x60, 0x01, 0x5f, 0xf3};
    assert_int_equal(rs_route_create(&w->e, CALLER, U256_ZERO, ef, sizeof ef, &created, &w->ret), RS_REVERTED);
    assert_int_equal(w->e.revert_len, 0);
    assert_int_equal(rs_code_get(w->st, rs_create_address(CALLER, 3)), RS_CODE_NONE);
}

/* NATIVE op 5 -> EVM_REC -> NATIVE op 5 -> ...: the native frames run at
 * depths 0, 2, ..., 1024 and the call at 1025 fails; nothing crashes. */
static void *deep(void *arg) {
    world *w = arg;
    w->e.tx_gas_limit = (uint64_t)1 << 60; /* enough that the 63/64 rule does not stop it first */
    max_native_depth = 0;
    uint8_t cd[1] = {5};
    int rc = rs_call(&w->e, CALLER, NATIVE, U256_ZERO, cd, 1, NULL);
    return (void *)(intptr_t)rc;
}

static void depth_1024_across_kinds(void **state) {
    world *w = *state;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, RS_EXEC_THREAD_STACK);
    pthread_t t;
    assert_int_equal(pthread_create(&t, &attr, deep, w), 0);
    void *rc;
    pthread_join(t, &rc);
    pthread_attr_destroy(&attr);
    assert_int_equal((intptr_t)rc, RS_OK);
    assert_int_equal(max_native_depth, RS_CALL_DEPTH_MAX);
}

/* On the small stack of the main thread the guard stops the recursion early
 * instead of overflowing. */
static void small_stack_does_not_crash(void **state) {
    world *w = *state;
    assert_int_equal((intptr_t)deep(w), RS_OK);
    assert_true(max_native_depth > 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(native_calls_evm, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(evm_calls_native_view, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(revert_bubbles_and_undoes, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(evm_revert_undoes_native, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(logs_interleave, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(marker_code, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(delegatecall_native_fails, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(native_gas_charge, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(create_frame, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(depth_1024_across_kinds, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(small_stack_does_not_crash, setup, opaque_world_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
