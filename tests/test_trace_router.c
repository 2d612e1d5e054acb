/* Traces across the one call router: a call that goes EVM -> native ->
 * EVM, with the callTracer showing every frame (the EVM-opened native frame
 * with its gas and the documented charge, the native-opened EVM frame, the
 * revert data bubbling unchanged through all three), the logs of both kinds
 * in their frames with withLog, and the struct logger stepping an EVM frame
 * that a native caller opened. The EVM contracts are hand-assembled
 * (opcodes beside them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "restake/router.h"
#include "restake/world.h"
#include "opaque_fixture.h"
#include "rpc/trace.h"

#define NATIVE A(0x1001)   /* the test's native contract (OPAQUE) */
#define EVM_RET A(0x2001)  /* returns 0x1234 */
#define EVM_REV A(0x2002)  /* writes slot 0, reverts with 0xcafebabe */
#define EVM_OUTER A(0x2010) /* CALLs NATIVE with its calldata and all its gas; returns or reverts with the answer */
#define CALLER A(0x3001)

static void emit_mark(rs_env *e, uint64_t n) {
    uint8_t d[32] = {0};
    d[31] = (uint8_t)n;
    rs_emit(e, NATIVE, "Mark(uint256)", 0, NULL, d, 32);
}

/* Mark(1), call the address in calldata bytes 1..20 with the rest, Mark(2),
 * return its output. */
static int native_entry(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    if (msg->input_len < 21) return rs_revert_empty(e);
    rs_addr to;
    memcpy(to.b, msg->input + 1, 20);
    emit_mark(e, 1);
    int rc = rs_call(e, msg->recipient, to, U256_ZERO, msg->input + 21, msg->input_len - 21, ret);
    if (rc != RS_OK) return rc;
    emit_mark(e, 2);
    return RS_OK;
}

static int setup(void **state) {
    world *w = opaque_world_new(native_entry);
    rs_code_set(w->st, NATIVE, RS_CODE_OPAQUE);
    rs_world *wd = rs_router_world(&w->e);
    /* PUSH2 0x1234 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN */
    static const uint8_t ret_code[] = {0x61, 0x12, 0x34, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3};
    rs_world_set_code(wd, EVM_RET, ret_code, sizeof ret_code);
    /* PUSH1 1 PUSH0 SSTORE; PUSH4 cafebabe PUSH0 MSTORE; PUSH1 4 PUSH1 28 REVERT */
    static const uint8_t rev_code[] = {0x60, 0x01, 0x5f, 0x55, 0x63, 0xca, 0xfe, 0xba, 0xbe,
                                       0x5f, 0x52, 0x60, 0x04, 0x60, 0x1c, 0xfd};
    rs_world_set_code(wd, EVM_REV, rev_code, sizeof rev_code);
    /* 0 CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY
     * 4 PUSH0 PUSH0 CALLDATASIZE PUSH0 PUSH0 PUSH20 NATIVE GAS CALL
     * 32 RETURNDATASIZE PUSH0 PUSH0 RETURNDATACOPY PUSH1 42 JUMPI
     * 39 RETURNDATASIZE PUSH0 REVERT
     * 42 JUMPDEST RETURNDATASIZE PUSH0 RETURN */
    uint8_t outer[46] = {0x36, 0x5f, 0x5f, 0x37, 0x5f, 0x5f, 0x36, 0x5f, 0x5f, 0x73};
    memcpy(outer + 10, NATIVE.b, 20);
    static const uint8_t tail[] = {0x5a, 0xf1, 0x3d, 0x5f, 0x5f, 0x3e, 0x60, 0x2a, 0x57,
                                   0x3d, 0x5f, 0xfd, 0x5b, 0x3d, 0x5f, 0xf3};
    memcpy(outer + 30, tail, sizeof tail);
    rs_world_set_code(wd, EVM_OUTER, outer, sizeof outer);
    rs_state_commit(w->st);
    rs_env_reset(&w->e);
    *state = w;
    return 0;
}

/* Calls EVM_OUTER from CALLER with calldata 0x01 ‖ target under t. */
static int call_outer(world *w, rs_addr target, rs_json_tracer *t) {
    uint8_t cd[21] = {1};
    memcpy(cd + 1, target.b, 20);
    w->e.tracer = &t->hooks;
    int rc = rs_call(&w->e, CALLER, EVM_OUTER, U256_ZERO, cd, sizeof cd, &w->ret);
    w->e.tracer = NULL;
    return rc;
}

static const char *str(json_t *o, const char *key) { return json_string_value(json_object_get(o, key)); }

static json_t *result_of(rs_json_tracer *t, bool failed) {
    rs_trace_tx tx = {.gas_limit = 100000, .gas_used = 50000, .failed = failed};
    json_t *j = t->result(t, &tx);
    t->free(t);
    return j;
}

static void test_evm_native_evm_revert(void **state) {
    world *w = *state;
    rs_json_tracer *t = rs_call_tracer_new(false, true);
    assert_int_equal(call_outer(w, EVM_REV, t), RS_REVERTED);
    json_t *top = result_of(t, true);
    /* CALLER -> EVM_OUTER: reverts with what it got back */
    assert_string_equal(str(top, "from"), "0x0000000000000000000000000000000000003001");
    assert_string_equal(str(top, "to"), "0x0000000000000000000000000000000000002010");
    assert_string_equal(str(top, "input"), "0x010000000000000000000000000000000000002002");
    assert_string_equal(str(top, "output"), "0xcafebabe");
    assert_string_equal(str(top, "error"), "execution reverted");
    assert_string_equal(str(top, "gas"), "0x186a0");
    assert_string_equal(str(top, "gasUsed"), "0xc350");
    assert_null(json_object_get(top, "logs")); /* Mark(1) was undone with its frame */
    /* EVM_OUTER -> NATIVE, opened by the EVM's CALL: metered */
    json_t *mid = json_array_get(json_object_get(top, "calls"), 0);
    assert_non_null(mid);
    assert_string_equal(str(mid, "type"), "CALL");
    assert_string_equal(str(mid, "from"), "0x0000000000000000000000000000000000002010");
    assert_string_equal(str(mid, "to"), "0x0000000000000000000000000000000000001001");
    assert_string_equal(str(mid, "input"), "0x010000000000000000000000000000000000002002");
    assert_string_equal(str(mid, "output"), "0xcafebabe");
    assert_string_equal(str(mid, "error"), "execution reverted");
    /* A native caller hands EVM_OUTER the default 30,000,000 less 1/64:
     * 29,531,250. Before the CALL it spends 30 (CALLDATASIZE 2, PUSH0 2 + 2,
     * CALLDATACOPY 3 + 3 per word + 3 memory, five PUSH0/CALLDATASIZE 10,
     * PUSH20 3, GAS 2); the CALL costs 2,600 (NATIVE is cold) and hands on
     * all but 1/64 of the 29,528,620 left: 29,067,236. */
    assert_string_equal(str(mid, "gas"), "0x1bb87e4");
    /* A failed native frame is charged its base and calldata, 2,600 + 21 *
     * 16, plus the EVM frame it opened: EVM_REV's PUSH1 3, PUSH0 2, SSTORE of a
     * cold zero slot 22,100, PUSH4 3, PUSH0 2, MSTORE 3 + 3 memory, PUSH1 3 + 3
     * and REVERT 0: 22,122. 2,936 + 22,122 = 25,058. */
    assert_string_equal(str(mid, "gasUsed"), "0x61e2");
    /* NATIVE -> EVM_REV, opened by native code: EVM code gets all but 1/64
     * of the native frame's gas (29,067,236 - 454,175) and uses 22,122 */
    json_t *in = json_array_get(json_object_get(mid, "calls"), 0);
    assert_non_null(in);
    assert_string_equal(str(in, "gas"), "0x1b499c5");
    assert_string_equal(str(in, "gasUsed"), "0x566a");
    assert_string_equal(str(in, "type"), "CALL");
    assert_string_equal(str(in, "from"), "0x0000000000000000000000000000000000001001");
    assert_string_equal(str(in, "to"), "0x0000000000000000000000000000000000002002");
    assert_string_equal(str(in, "input"), "0x");
    assert_string_equal(str(in, "output"), "0xcafebabe");
    assert_string_equal(str(in, "error"), "execution reverted");
    assert_null(json_object_get(in, "calls"));
    json_decref(top);
}

static void test_evm_native_evm_logs(void **state) {
    world *w = *state;
    rs_json_tracer *t = rs_call_tracer_new(false, true);
    assert_int_equal(call_outer(w, EVM_RET, t), RS_OK);
    json_t *top = result_of(t, false);
    assert_null(json_object_get(top, "error"));
    assert_string_equal(str(top, "output"), "0x0000000000000000000000000000000000000000000000000000000000001234");
    json_t *mid = json_array_get(json_object_get(top, "calls"), 0);
    json_t *logs = json_object_get(mid, "logs");
    assert_int_equal(json_array_size(logs), 2);
    /* Mark(1) before NATIVE's one call (position 0), Mark(2) after it (1) */
    assert_string_equal(str(json_array_get(logs, 0), "position"), "0x0");
    assert_string_equal(str(json_array_get(logs, 1), "position"), "0x1");
    assert_string_equal(str(json_array_get(logs, 1), "index"), "0x1");
    assert_string_equal(str(json_array_get(logs, 1), "address"), "0x0000000000000000000000000000000000001001");
    assert_string_equal(str(json_array_get(logs, 1), "data"),
                        "0x0000000000000000000000000000000000000000000000000000000000000002");
    json_t *in = json_array_get(json_object_get(mid, "calls"), 0);
    assert_string_equal(str(in, "to"), "0x0000000000000000000000000000000000002001");
    assert_string_equal(str(in, "output"), "0x0000000000000000000000000000000000000000000000000000000000001234");
    json_decref(top);
}

static void test_struct_logger_across_kinds(void **state) {
    world *w = *state;
    rs_struct_log_config cfg = {.disable_stack = true};
    rs_json_tracer *t = rs_struct_logger_new(&cfg);
    assert_int_equal(call_outer(w, EVM_RET, t), RS_OK);
    json_t *j = result_of(t, false);
    json_t *logs = json_object_get(j, "structLogs");
    /* EVM_OUTER's 12 instructions to the CALL at pc 31, EVM_RET's 6 at depth
     * 3 (NATIVE is depth 2 and runs none), EVM_OUTER's 10 to RETURN */
    assert_int_equal(json_array_size(logs), 12 + 6 + 10);
    json_t *call = json_array_get(logs, 11);
    assert_string_equal(str(call, "op"), "CALL");
    assert_int_equal(json_integer_value(json_object_get(call, "depth")), 1);
    /* geth's CALL cost: 2,600 and the 29,067,236 handed to NATIVE */
    assert_int_equal(json_integer_value(json_object_get(call, "gas")), 29531250 - 30);
    assert_int_equal(json_integer_value(json_object_get(call, "gasCost")), 2600 + 29067236);
    json_t *first_ret = json_array_get(logs, 12);
    assert_string_equal(str(first_ret, "op"), "PUSH2");
    assert_int_equal(json_integer_value(json_object_get(first_ret, "depth")), 3);
    assert_string_equal(str(json_array_get(logs, 17), "op"), "RETURN");
    json_t *back = json_array_get(logs, 18);
    assert_string_equal(str(back, "op"), "RETURNDATASIZE");
    assert_int_equal(json_integer_value(json_object_get(back, "pc")), 32);
    assert_int_equal(json_integer_value(json_object_get(back, "depth")), 1);
    assert_string_equal(str(j, "returnValue"), "0x0000000000000000000000000000000000000000000000000000000000001234");
    json_decref(j);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_evm_native_evm_revert, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(test_evm_native_evm_logs, setup, opaque_world_teardown),
        cmocka_unit_test_setup_teardown(test_struct_logger_across_kinds, setup, opaque_world_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
