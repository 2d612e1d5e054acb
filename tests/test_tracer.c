/* The tracers of debug_trace* over the EVM world: geth's struct logger on a
 * hand-assembled program that calls another (every entry's pc, op, gas,
 * gasCost, depth and stack, the CALL's cost with the gas it handed on, the
 * SSTORE's storage), geth's callTracer on the same transaction and on a
 * reverting callee, and the revert reasons geth decodes. Every number
 * follows from the Cancun gas schedule, worked out beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "restake/hex.h"
#include "restake/transition.h"
#include "restake/world.h"
#include "rpc/trace.h"

#define SENDER "0x1000000000000000000000000000000000000001"
#define CALLER "0x00000000000000000000000000000000000000b1"
#define CALLEE "0x00000000000000000000000000000000000000c2"

static rs_addr addr(const char *hex) {
    rs_addr a;
    assert_true(rs_addr_from_hex(&a, hex));
    return a;
}

/* B: CALL(gas 0xffff, C, value 0, no input, no output), then STOP. */
static const uint8_t CALLER_CODE[] = {
    0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, /* retSize retOff argsSize argsOff value */
    0x73, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc2, /* PUSH20 C */
    0x61, 0xff, 0xff,                                           /* PUSH2 0xffff (gas) */
    0xf1,                                                       /* CALL at pc 34 */
    0x00,                                                       /* STOP at pc 35 */
};
/* C: SSTORE(0, 7), RETURN(0, 32). */
static const uint8_t CALLEE_CODE[] = {0x60, 0x07, 0x60, 0x00, 0x55, 0x60, 0x20, 0x60, 0x00, 0xf3};
/* C reverting: REVERT with the 4 bytes 0xdeadbeef. */
static const uint8_t REVERTER_CODE[] = {0x63, 0xde, 0xad, 0xbe, 0xef, 0x60, 0xe0, 0x1b, 0x60, 0x00,
                                        0x52, 0x60, 0x04, 0x60, 0x00, 0xfd};

#include "world_fixture.h"

/* Runs the sender's call of B (gas limit 100,000) under the tracer. */
static rs_tx_receipt run_traced(fixture *f, const uint8_t *callee, size_t callee_len, rs_json_tracer *t) {
    rs_world_set_balance(f->w, addr(SENDER), u256_from_u64(1000000000000000000ull));
    rs_world_set_code(f->w, addr(CALLER), CALLER_CODE, sizeof CALLER_CODE);
    rs_world_set_code(f->w, addr(CALLEE), callee, callee_len);
    rs_state_commit(f->st);
    rs_block_env env = {.number = 1, .timestamp = 1000, .gas_limit = 30000000, .base_fee = u256_from_u64(1),
                        .chain_id = U256_ONE};
    rs_evm_tx tx = {.type = RS_ETX_LEGACY, .sender = addr(SENDER), .has_to = true, .to = addr(CALLER),
                    .gas_limit = 100000, .max_fee = u256_from_u64(1), .max_priority_fee = u256_from_u64(1)};
    rs_world_host(f->w)->tracer = &t->hooks;
    rs_tx_receipt r;
    assert_int_equal(rs_tx_apply(f->w, &env, &tx, &r), RS_TXERR_NONE);
    rs_world_host(f->w)->tracer = NULL;
    return r;
}

static json_t *result_of(rs_json_tracer *t, const rs_tx_receipt *r) {
    rs_trace_tx tx = {.gas_limit = 100000, .gas_used = r->gas_used, .failed = r->status != RS_EVM_SUCCESS};
    json_t *j = t->result(t, &tx);
    t->free(t);
    return j;
}

static void assert_entry(json_t *logs, size_t i, int pc, const char *op, int gas, int cost, int depth,
                         const char *stack) {
    json_t *e = json_array_get(logs, i);
    assert_non_null(e);
    assert_int_equal(json_integer_value(json_object_get(e, "pc")), pc);
    assert_string_equal(json_string_value(json_object_get(e, "op")), op);
    assert_int_equal(json_integer_value(json_object_get(e, "gas")), gas);
    assert_int_equal(json_integer_value(json_object_get(e, "gasCost")), cost);
    assert_int_equal(json_integer_value(json_object_get(e, "depth")), depth);
    char *s = json_dumps(json_object_get(e, "stack"), JSON_COMPACT);
    assert_string_equal(s, stack);
    free(s);
}

#define C_WORD "0xc2"

static void test_struct_logger(void **state) {
    fixture *f = *state;
    rs_struct_log_config cfg = {0};
    rs_json_tracer *t = rs_struct_logger_new(&cfg);
    rs_tx_receipt r = run_traced(f, CALLEE_CODE, sizeof CALLEE_CODE, t);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    /* 100,000 - 21,000 intrinsic = 79,000 for B; B ends with 54,264 (below). */
    assert_int_equal(r.gas_used, 100000 - 54264);
    json_t *j = result_of(t, &r);
    assert_int_equal(json_integer_value(json_object_get(j, "gas")), 45736);
    assert_false(json_is_true(json_object_get(j, "failed")));
    assert_string_equal(json_string_value(json_object_get(j, "returnValue")), "0x");
    json_t *logs = json_object_get(j, "structLogs");
    assert_int_equal(json_array_size(logs), 15);
    assert_entry(logs, 0, 0, "PUSH1", 79000, 3, 1, "[]");
    assert_entry(logs, 1, 2, "PUSH1", 78997, 3, 1, "[\"0x0\"]");
    assert_entry(logs, 4, 8, "PUSH1", 78988, 3, 1, "[\"0x0\",\"0x0\",\"0x0\",\"0x0\"]");
    assert_entry(logs, 5, 10, "PUSH20", 78985, 3, 1, "[\"0x0\",\"0x0\",\"0x0\",\"0x0\",\"0x0\"]");
    assert_entry(logs, 6, 31, "PUSH2", 78982, 3, 1, "[\"0x0\",\"0x0\",\"0x0\",\"0x0\",\"0x0\",\"" C_WORD "\"]");
    /* CALL: 100 warm + 2,500 cold account + the 0xffff handed on (below
     * 63/64 of what is left), as geth counts it. */
    assert_entry(logs, 7, 34, "CALL", 78979, 2600 + 65535, 1,
                 "[\"0x0\",\"0x0\",\"0x0\",\"0x0\",\"0x0\",\"" C_WORD "\",\"0xffff\"]");
    assert_entry(logs, 8, 0, "PUSH1", 65535, 3, 2, "[]");
    assert_entry(logs, 9, 2, "PUSH1", 65532, 3, 2, "[\"0x7\"]");
    /* SSTORE 0 -> 7 of a cold slot: 2,100 + 20,000. */
    assert_entry(logs, 10, 4, "SSTORE", 65529, 22100, 2, "[\"0x7\",\"0x0\"]");
    char *storage = json_dumps(json_object_get(json_array_get(logs, 10), "storage"), JSON_COMPACT);
    assert_string_equal(storage, "{\"0x0000000000000000000000000000000000000000000000000000000000000000\":"
                                 "\"0x0000000000000000000000000000000000000000000000000000000000000007\"}");
    free(storage);
    assert_entry(logs, 11, 5, "PUSH1", 43429, 3, 2, "[]");
    assert_entry(logs, 12, 7, "PUSH1", 43426, 3, 2, "[\"0x20\"]");
    /* RETURN of 32 bytes: one word of memory, 3 gas. */
    assert_entry(logs, 13, 9, "RETURN", 43423, 3, 2, "[\"0x20\",\"0x0\"]");
    /* Back in B: 78,979 - 68,135 + the 43,420 C left. */
    assert_entry(logs, 14, 35, "STOP", 54264, 0, 1, "[\"0x1\"]"); /* CALL pushed success */
    /* geth's field order; no memory (not asked for) and no refund (zero) */
    char *first = json_dumps(json_array_get(logs, 0), JSON_COMPACT);
    assert_string_equal(first, "{\"pc\":0,\"op\":\"PUSH1\",\"gas\":79000,\"gasCost\":3,\"depth\":1,\"stack\":[]}");
    free(first);
    json_decref(j);
}

static void test_struct_logger_options(void **state) {
    fixture *f = *state;
    rs_struct_log_config cfg = {.disable_stack = true, .enable_memory = true, .disable_storage = true, .limit = 14};
    rs_json_tracer *t = rs_struct_logger_new(&cfg);
    rs_tx_receipt r = run_traced(f, CALLEE_CODE, sizeof CALLEE_CODE, t);
    json_t *j = result_of(t, &r);
    json_t *logs = json_object_get(j, "structLogs");
    assert_int_equal(json_array_size(logs), 14);
    json_t *sstore = json_array_get(logs, 10);
    assert_null(json_object_get(sstore, "stack"));
    assert_null(json_object_get(sstore, "storage"));
    /* RETURN's memory is still empty before it runs; the last entry (STOP) is past the limit. */
    assert_null(json_object_get(json_array_get(logs, 13), "memory"));
    json_decref(j);
}

static void test_call_tracer(void **state) {
    fixture *f = *state;
    rs_json_tracer *t = rs_call_tracer_new(false, false);
    rs_tx_receipt r = run_traced(f, CALLEE_CODE, sizeof CALLEE_CODE, t);
    json_t *j = result_of(t, &r);
    char *s = json_dumps(j, JSON_COMPACT);
    assert_string_equal(
        s, "{\"from\":\"" SENDER "\",\"gas\":\"0x186a0\",\"gasUsed\":\"0xb2a8\",\"to\":\"" CALLER "\",\"input\":\"0x\","
           "\"calls\":[{\"from\":\"" CALLER "\",\"gas\":\"0xffff\",\"gasUsed\":\"0x5663\",\"to\":\"" CALLEE "\","
           "\"input\":\"0x\",\"output\":\"0x0000000000000000000000000000000000000000000000000000000000000000\","
           "\"value\":\"0x0\",\"type\":\"CALL\"}],\"value\":\"0x0\",\"type\":\"CALL\"}");
    free(s);
    json_decref(j);
}

static void test_call_tracer_revert(void **state) {
    fixture *f = *state;
    rs_json_tracer *t = rs_call_tracer_new(false, false);
    rs_tx_receipt r = run_traced(f, REVERTER_CODE, sizeof REVERTER_CODE, t);
    assert_int_equal(r.status, RS_EVM_SUCCESS); /* B ignores the failed CALL */
    json_t *j = result_of(t, &r);
    json_t *c = json_array_get(json_object_get(j, "calls"), 0);
    assert_string_equal(json_string_value(json_object_get(c, "output")), "0xdeadbeef");
    assert_string_equal(json_string_value(json_object_get(c, "error")), "execution reverted");
    assert_null(json_object_get(c, "revertReason")); /* a custom error: geth decodes none */
    /* PUSH4 PUSH1 SHL PUSH1 MSTORE(+3 memory) PUSH1 PUSH1 REVERT: 3+3+3+3+6+3+3+0 = 24 */
    assert_string_equal(json_string_value(json_object_get(c, "gasUsed")), "0x18");
    json_decref(j);
}

static void test_only_top_call(void **state) {
    fixture *f = *state;
    rs_json_tracer *t = rs_call_tracer_new(true, false);
    rs_tx_receipt r = run_traced(f, CALLEE_CODE, sizeof CALLEE_CODE, t);
    json_t *j = result_of(t, &r);
    assert_null(json_object_get(j, "calls"));
    assert_string_equal(json_string_value(json_object_get(j, "type")), "CALL");
    json_decref(j);
}

static void test_revert_reasons(void **state) {
    (void)state;
    uint8_t err[100];
    long n = rs_hex_decode("0x08c379a00000000000000000000000000000000000000000000000000000000000000020"
                           "000000000000000000000000000000000000000000000000000000000000001d"
                           "45524332303a20696e73756666696369656e7420616c6c6f77616e6365000000",
                           strlen("0x08c379a0") + 64 * 3, err, sizeof err);
    assert_int_equal(n, 100);
    json_t *r = rs_trace_revert_reason(err, (size_t)n);
    assert_string_equal(json_string_value(r), "ERC20: insufficient allowance");
    json_decref(r);
    assert_null(rs_trace_revert_reason(err, 40)); /* truncated */
    uint8_t panic[36] = {0x4e, 0x48, 0x7b, 0x71};
    panic[35] = 0x11;
    r = rs_trace_revert_reason(panic, sizeof panic);
    assert_string_equal(json_string_value(r), "arithmetic underflow or overflow");
    json_decref(r);
    panic[35] = 0x99;
    r = rs_trace_revert_reason(panic, sizeof panic);
    assert_string_equal(json_string_value(r), "unknown panic code: 0x99");
    json_decref(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_struct_logger, setup, teardown),
        cmocka_unit_test_setup_teardown(test_struct_logger_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_call_tracer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_call_tracer_revert, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_top_call, setup, teardown),
        cmocka_unit_test(test_revert_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
