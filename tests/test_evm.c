/* The interpreter against a small in-memory host: exact results of the
 * word operations at their edges, exact gas of short programs, and the
 * exceptional halts (bad jumps, stack limits, static writes, return-data
 * bounds). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "evm/arith.h"
#include "evm_mock_host.h"
#include "restake/evm.h"
#include "restake/hex.h"

static const rs_addr SELF = {{0xaa, 0xaa}};
static const rs_addr CALLER = {{0xca, 0x11}};

static mock_host H;
static rs_buf OUT;
static uint8_t CODE[8192];

static u256 X(const char *hex) {
    u256 r;
    assert_true(u256_from_hex(&r, hex, strlen(hex)));
    return r;
}

static void assert_word(u256 got, u256 want) {
    if (!u256_eq(got, want)) {
        char g[67], w[67];
        u256_to_hex(got, g);
        u256_to_hex(want, w);
        fail_msg("got %s, want %s", g, w);
    }
}

static size_t code_of(const char *hex) {
    long n = rs_hex_decode(hex, strlen(hex), CODE, sizeof CODE);
    assert_true(n >= 0);
    return (size_t)n;
}

static rs_evm_result run_msg(const char *hex, int64_t gas, bool is_static) {
    size_t n = code_of(hex);
    rs_msg m = {.kind = RS_MSG_CALL, .is_static = is_static, .gas = gas, .sender = CALLER, .recipient = SELF,
                .code_address = SELF};
    rs_evm_result r = rs_evm_execute(&H.host, &m, CODE, n, NULL, &OUT);
    assert_true(r.gas_left >= 0 && r.gas_left <= gas);
    return r;
}

static rs_evm_result run(const char *hex, int64_t gas) { return run_msg(hex, gas, false); }

/* Runs code that ends by returning one word (…PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN). */
static u256 ret_word(const char *hex) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s60005260206000f3", hex);
    rs_evm_result r = run(buf, 1000000);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    assert_int_equal(OUT.len, 32);
    return u256_from_be(OUT.p);
}

static int setup(void **state) {
    (void)state;
    mock_init(&H);
    rs_buf_reset(&OUT);
    return 0;
}

/* ---------- word operations ---------- */

static void arith_edges(void **state) {
    (void)state;
    u256 min = X("0x8000000000000000000000000000000000000000000000000000000000000000");
    u256 m1 = U256_MAX;
    assert_word(evm_sdiv(min, m1), min);
    assert_word(evm_sdiv(u256_from_u64(7), evm_neg(u256_from_u64(2))), evm_neg(u256_from_u64(3)));
    assert_word(evm_sdiv(u256_from_u64(7), U256_ZERO), U256_ZERO);
    assert_word(evm_smod(evm_neg(u256_from_u64(7)), u256_from_u64(3)), evm_neg(U256_ONE));
    assert_word(evm_smod(u256_from_u64(7), evm_neg(u256_from_u64(3))), U256_ONE);
    assert_word(evm_smod(min, m1), U256_ZERO);
    assert_word(evm_mod(u256_from_u64(7), U256_ZERO), U256_ZERO);
    /* (2^256-1 + 2^256-1) mod (2^256-2) = 2: the 257-bit sum is not wrapped first. */
    assert_word(evm_addmod(m1, m1, evm_sub(m1, U256_ONE)), u256_from_u64(2));
    /* (2^256-1)^2 mod (2^256-2) = 1. */
    assert_word(evm_mulmod(m1, m1, evm_sub(m1, U256_ONE)), U256_ONE);
    assert_word(evm_mulmod(m1, m1, U256_ZERO), U256_ZERO);
    assert_word(evm_mulmod(u256_from_u64(10), u256_from_u64(10), u256_from_u64(7)), u256_from_u64(2));
    assert_word(evm_exp(u256_from_u64(2), u256_from_u64(255)), min);
    assert_word(evm_exp(u256_from_u64(2), u256_from_u64(256)), U256_ZERO);
    assert_word(evm_exp(u256_from_u64(3), U256_ZERO), U256_ONE);
    assert_word(evm_exp(U256_ZERO, U256_ZERO), U256_ONE);
    assert_word(evm_exp(u256_from_u64(3), u256_from_u64(5)), u256_from_u64(243));
    assert_word(evm_exp(m1, m1), m1);
    assert_word(evm_signextend(U256_ZERO, u256_from_u64(0xff)), m1);
    assert_word(evm_signextend(U256_ZERO, u256_from_u64(0x7f)), u256_from_u64(0x7f));
    assert_word(evm_signextend(U256_ONE, u256_from_u64(0x1ff80)), evm_neg(u256_from_u64(0x80)));
    assert_word(evm_signextend(u256_from_u64(31), u256_from_u64(0xff)), u256_from_u64(0xff));
    assert_word(evm_signextend(m1, u256_from_u64(0xff)), u256_from_u64(0xff));
    assert_word(evm_byte(U256_ZERO, min), u256_from_u64(0x80));
    assert_word(evm_byte(u256_from_u64(31), u256_from_u64(0x1234)), u256_from_u64(0x34));
    assert_word(evm_byte(u256_from_u64(32), m1), U256_ZERO);
    assert_word(evm_shl(U256_ONE, 255), min);
    assert_word(evm_shl(U256_ONE, evm_shift_amount(u256_from_u64(256))), U256_ZERO);
    assert_word(evm_shr(min, 255), U256_ONE);
    assert_word(evm_shr(m1, 64), X("0xffffffffffffffffffffffffffffffffffffffffffffffff"));
    assert_word(evm_sar(min, 255), m1);
    assert_word(evm_sar(min, 256), m1);
    assert_word(evm_sar(u256_from_u64(0x40), 4), u256_from_u64(4));
    assert_word(evm_sar(evm_neg(u256_from_u64(16)), 2), evm_neg(u256_from_u64(4)));
    assert_word(evm_sar(min, 1), X("0xc000000000000000000000000000000000000000000000000000000000000000"));
    assert_true(evm_slt(min, U256_ZERO));
    assert_false(evm_slt(U256_ZERO, min));
    assert_int_equal(evm_byte_len(u256_from_u64(0x100)), 2);
    assert_int_equal(evm_byte_len(min), 32);
}

static void arith_through_bytecode(void **state) {
    (void)state;
    /* SDIV(-2^255, -1) computed by the loop: PUSH32 -1, PUSH32 min, SDIV. */
    u256 r = ret_word("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                      "7f8000000000000000000000000000000000000000000000000000000000000000" "05");
    assert_word(r, X("0x8000000000000000000000000000000000000000000000000000000000000000"));
    assert_word(ret_word("600160ff1b"), X("0x8000000000000000000000000000000000000000000000000000000000000000"));
    assert_word(ret_word("6001610100" "1b"), U256_ZERO); /* SHL by 256 */
    assert_word(ret_word("6003600a0a"), u256_from_u64(1000)); /* EXP(10, 3) */
    assert_word(ret_word("60ff60001a"), U256_ZERO);            /* BYTE(0, 0xff) */
    assert_word(ret_word("60ff601f1a"), u256_from_u64(0xff));  /* BYTE(31, 0xff) */
    /* A PUSH2 cut off by the end of the code reads zeros: 0x6100 == 0x61 << 8... then STOP. */
    assert_int_equal(run("6001" "61ff", 100).status, RS_EVM_SUCCESS);
}

/* ---------- gas ---------- */

static void gas_memory_expansion(void **state) {
    (void)state;
    /* PUSH1 1 PUSH1 0 MSTORE: 3 + 3 + 3 + 3 (one word). */
    rs_evm_result r = run("6001600052", 100);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    assert_int_equal(100 - r.gas_left, 12);
    /* MSTORE at 0x400 (33 words): 3*33 + 33*33/512 = 101 (+2) = 99+2. */
    r = run("6001610400" "52", 1000);
    assert_int_equal(1000 - r.gas_left, 3 + 3 + 3 + (3 * 33 + 33 * 33 / 512));
    /* MLOAD at 2^32 runs out of gas rather than allocating. */
    r = run("640100000000" "51", 1000000);
    assert_int_equal(r.status, RS_EVM_OUT_OF_GAS);
    assert_int_equal(r.gas_left, 0);
    /* KECCAK256 of 64 bytes: 30 + 6*2 + memory (2 words: 6). */
    r = run("60406000" "20", 1000);
    assert_int_equal(1000 - r.gas_left, 3 + 3 + 30 + 12 + 6);
    /* EXP with a two-byte exponent: 10 + 50*2. */
    r = run("610100" "6002" "0a", 1000);
    assert_int_equal(1000 - r.gas_left, 3 + 3 + 10 + 100);
}

static void gas_warm_cold(void **state) {
    (void)state;
    /* SLOAD cold then warm: 3 + 2100 + 3 + 100. */
    rs_evm_result r = run("600054" "600054", 10000);
    assert_int_equal(10000 - r.gas_left, 2206);
    /* BALANCE of a cold then warm account: 3 + 2600 + 3 + 100. */
    mock_init(&H);
    r = run("60ff31" "60ff31", 10000);
    assert_int_equal(10000 - r.gas_left, 2706);
}

static void gas_sstore(void **state) {
    (void)state;
    /* 0 -> 1 on a cold slot: 20000 + 2100. */
    rs_evm_result r = run("6001600055", 100000);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    assert_int_equal(100000 - r.gas_left, 6 + 22100);
    assert_int_equal(r.gas_refund, 0);
    /* Then 1 -> 0 in the same transaction (0 -> 1 -> 0): warm, 100, refund 19900. */
    r = run("6000600055", 100000);
    assert_int_equal(100000 - r.gas_left, 6 + 100);
    assert_int_equal(r.gas_refund, 19900);
    /* Original non-zero: X -> X -> 0 costs 2900 (+2100 cold) and refunds 4800. */
    mock_init(&H);
    mock_slot *s = mock_slot_find(&H.slots, SELF, U256_ONE, true);
    s->original = s->current = u256_from_u64(5);
    r = run("6000600155", 100000);
    assert_int_equal(100000 - r.gas_left, 6 + 2900 + 2100);
    assert_int_equal(r.gas_refund, 4800);
    /* The sentry: with 2300 left, SSTORE fails even for a no-op store. */
    r = run("6000600155", 2306);
    assert_int_equal(r.status, RS_EVM_OUT_OF_GAS);
    assert_int_equal(r.gas_left, 0);
}

/* ---------- halts ---------- */

static void jumpdest_in_push_data(void **state) {
    (void)state;
    /* PUSH1 4 JUMP PUSH1 0x5b STOP: byte 4 is 0x5b inside PUSH data. */
    assert_int_equal(run("600456605b00", 1000).status, RS_EVM_BAD_JUMP_DESTINATION);
    /* PUSH1 4 JUMP INVALID JUMPDEST STOP: a real JUMPDEST. */
    assert_int_equal(run("600456fe5b00", 1000).status, RS_EVM_SUCCESS);
    /* JUMPI not taken ignores a bad destination. */
    assert_int_equal(run("600060ff5700", 1000).status, RS_EVM_SUCCESS);
    assert_int_equal(run("600160ff5700", 1000).status, RS_EVM_BAD_JUMP_DESTINATION);
}

static void stack_limits(void **state) {
    (void)state;
    char hex[2 * 1100 + 1];
    for (int i = 0; i < 1024; i++) memcpy(hex + 2 * i, "5f", 2);
    hex[2 * 1024] = 0;
    assert_int_equal(run(hex, 100000).status, RS_EVM_SUCCESS);
    memcpy(hex + 2 * 1024, "5f", 3);
    rs_evm_result r = run(hex, 100000);
    assert_int_equal(r.status, RS_EVM_STACK_OVERFLOW);
    assert_int_equal(r.gas_left, 0);
    assert_int_equal(run("01", 100).status, RS_EVM_STACK_UNDERFLOW);
    assert_int_equal(run("600180", 100).status, RS_EVM_SUCCESS);
    assert_int_equal(run("600181", 100).status, RS_EVM_STACK_UNDERFLOW);
    assert_int_equal(run("fe", 100).status, RS_EVM_INVALID_INSTRUCTION);
    assert_int_equal(run("0c", 100).status, RS_EVM_INVALID_INSTRUCTION);
}

static void static_violations(void **state) {
    (void)state;
    assert_int_equal(run_msg("6001600055", 100000, true).status, RS_EVM_STATIC_MODE_VIOLATION);
    assert_int_equal(run_msg("600160005d", 100000, true).status, RS_EVM_STATIC_MODE_VIOLATION);
    assert_int_equal(run_msg("60006000a0", 100000, true).status, RS_EVM_STATIC_MODE_VIOLATION);
    assert_int_equal(run_msg("600060006000f0", 100000, true).status, RS_EVM_STATIC_MODE_VIOLATION);
    assert_int_equal(run_msg("60ffff", 100000, true).status, RS_EVM_STATIC_MODE_VIOLATION);
    /* CALL with value 1 in a static frame; with value 0 it is allowed. */
    assert_int_equal(run_msg("60006000600060006001600060fff1", 100000, true).status, RS_EVM_STATIC_MODE_VIOLATION);
    assert_int_equal(run_msg("60006000600060006000600060fff1", 100000, true).status, RS_EVM_SUCCESS);
    /* Reads are fine. */
    assert_int_equal(run_msg("60005c600054", 100000, true).status, RS_EVM_SUCCESS);
}

static void mcopy_overlap(void **state) {
    (void)state;
    /* mem[0..32) = 0x0102..20; MCOPY(dst 1, src 0, 31); return word 0. */
    u256 r = ret_word("7f0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20600052"
                      "601f60006001" "5e" "600051");
    assert_word(r, X("0x010102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    /* Backwards overlap: MCOPY(dst 0, src 1, 31). */
    r = ret_word("7f0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20600052"
                 "601f60016000" "5e" "600051");
    assert_word(r, X("0x02030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2020"));
    /* Gas: MCOPY of 32 bytes to 32 expands memory by one word: 3 + 3 + 3 (mem 2 words - 1) */
    rs_evm_result g = run("602060006020" "5e", 1000);
    assert_int_equal(1000 - g.gas_left, 9 + 3 + 3 + 6);
}

static void transient_storage(void **state) {
    (void)state;
    assert_word(ret_word("602a60075d" "60075c"), u256_from_u64(42));
    rs_evm_result r = run("602a60075d60075c", 1000);
    assert_int_equal(1000 - r.gas_left, 3 + 3 + 100 + 3 + 100);
}

static void returndata_bounds(void **state) {
    (void)state;
    /* RETURNDATACOPY(0, 0, 1) with no return data. */
    rs_evm_result r = run("600160006000" "3e", 1000);
    assert_int_equal(r.status, RS_EVM_INVALID_MEMORY_ACCESS);
    assert_int_equal(r.gas_left, 0);
    /* Size 0 at offset 0 is fine; size 0 at offset 1 is not. */
    assert_int_equal(run("600060006000" "3e", 1000).status, RS_EVM_SUCCESS);
    assert_int_equal(run("600060016000" "3e", 1000).status, RS_EVM_INVALID_MEMORY_ACCESS);
    assert_int_equal(run("3d", 1000).status, RS_EVM_SUCCESS);
}

static void revert_keeps_gas_and_output(void **state) {
    (void)state;
    rs_evm_result r = run("602a60005260206000fd", 1000);
    assert_int_equal(r.status, RS_EVM_REVERT);
    assert_int_equal(1000 - r.gas_left, 3 + 3 + 3 + 3 + 3 + 3);
    assert_int_equal(OUT.len, 32);
    assert_int_equal(OUT.p[31], 42);
}

static const uint8_t CALLEE_RETURNS_GAS[] = {0x5a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3};

static void call_stipend_and_value_gas(void **state) {
    (void)state;
    rs_addr callee = {{0xbe, 0xef}};
    mock_account *a = mock_find(&H, callee, true);
    a->code = CALLEE_RETURNS_GAS;
    a->code_len = sizeof CALLEE_RETURNS_GAS;
    mock_find(&H, SELF, true)->balance = u256_from_u64(100);
    /* CALL(gas 0, callee, value 1, in 0/0, out 0/32) then return the output word. */
    u256 r = ret_word("60206000600060006001" "61beef" "60901b" "6000" "f1" "50" "600051");
    (void)r;
    assert_int_equal(H.last_call.gas, RS_EVM_CALL_STIPEND);
    assert_int_equal(H.last_call.depth, 1);
    assert_true(rs_addr_eq(H.last_call.sender, SELF));
    /* Child ran GAS first: 2300 - 2. */
    assert_word(u256_from_be(OUT.p), u256_from_u64(2298));
}

static void call_gas_exact(void **state) {
    (void)state;
    /* CALL to a cold, empty account with value 1 and gas 0:
     * 7 pushes (21) + 100 + 2500 cold + 9000 value + 25000 new account; the
     * unused stipend comes back. */
    mock_find(&H, SELF, true)->balance = u256_from_u64(100);
    rs_evm_result r = run("6000600060006000600160ff6000f1", 100000);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    /* The stipend is added to the child's gas, not taken from the caller. */
    assert_int_equal(100000 - r.gas_left, 21 + 100 + 2500 + 9000 + 25000 - RS_EVM_CALL_STIPEND);
    /* 63/64: STATICCALL with all gas to a cold empty account forwards
     * (L - L/64) after the access charge. */
    mock_init(&H);
    r = run("5f5f5f5f60ff5afa", 100000);
    int64_t left = 100000 - 4 * 2 - 3 - 2 - 100 - 2500;
    assert_int_equal(H.last_call.gas, left - left / 64);
    assert_true(H.last_call.is_static);
}

static void delegatecall_context(void **state) {
    (void)state;
    rs_addr callee = {{0xbe, 0xef}};
    mock_account *a = mock_find(&H, callee, true);
    a->code = CALLEE_RETURNS_GAS;
    a->code_len = sizeof CALLEE_RETURNS_GAS;
    size_t n = code_of("5f5f5f5f61beef60901b5af4");
    rs_msg m = {.kind = RS_MSG_CALL, .gas = 100000, .sender = CALLER, .recipient = SELF, .code_address = SELF,
                .value = u256_from_u64(9)};
    rs_evm_result r = rs_evm_execute(&H.host, &m, CODE, n, NULL, &OUT);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
    assert_int_equal(H.last_call.kind, RS_MSG_DELEGATECALL);
    assert_true(rs_addr_eq(H.last_call.sender, CALLER));
    assert_true(rs_addr_eq(H.last_call.recipient, SELF));
    assert_true(rs_addr_eq(H.last_call.code_address, callee));
    assert_word(H.last_call.value, u256_from_u64(9));
}

static void create_initcode_limit(void **state) {
    (void)state;
    /* CREATE with 49153 bytes of initcode aborts the frame. */
    rs_evm_result r = run("62" "00c001" "6000" "6000" "f0", 10000000);
    assert_int_equal(r.status, RS_EVM_OUT_OF_GAS);
    /* 49152 is allowed: the child runs zeros (STOP). */
    r = run("62" "00c000" "6000" "6000" "f0", 10000000);
    assert_int_equal(r.status, RS_EVM_SUCCESS);
}

static void env_opcodes(void **state) {
    (void)state;
    assert_word(ret_word("46"), U256_ONE);              /* CHAINID */
    assert_word(ret_word("48"), u256_from_u64(7));      /* BASEFEE */
    assert_word(ret_word("43"), u256_from_u64(1000));   /* NUMBER */
    assert_word(ret_word("6103e840"), U256_ZERO);       /* BLOCKHASH(current) */
    assert_word(ret_word("6103e740"), X("0xbb000000000000000000000000000000000000000000000000000000000000e7"));
    assert_word(ret_word("6102e840"), X("0xbb000000000000000000000000000000000000000000000000000000000000e8"));
    assert_word(ret_word("6102e740"), U256_ZERO);       /* 257 back */
    assert_word(ret_word("600049"), U256_ZERO);         /* BLOBHASH(0) with no blobs */
    assert_word(ret_word("4a"), U256_ONE);              /* BLOBBASEFEE */
    assert_word(ret_word("58"), U256_ZERO);             /* PC */
    assert_word(ret_word("38"), u256_from_u64(9));      /* CODESIZE of the 9-byte program */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(arith_edges, setup),
        cmocka_unit_test_setup(arith_through_bytecode, setup),
        cmocka_unit_test_setup(gas_memory_expansion, setup),
        cmocka_unit_test_setup(gas_warm_cold, setup),
        cmocka_unit_test_setup(gas_sstore, setup),
        cmocka_unit_test_setup(jumpdest_in_push_data, setup),
        cmocka_unit_test_setup(stack_limits, setup),
        cmocka_unit_test_setup(static_violations, setup),
        cmocka_unit_test_setup(mcopy_overlap, setup),
        cmocka_unit_test_setup(transient_storage, setup),
        cmocka_unit_test_setup(returndata_bounds, setup),
        cmocka_unit_test_setup(revert_keeps_gas_and_output, setup),
        cmocka_unit_test_setup(call_stipend_and_value_gas, setup),
        cmocka_unit_test_setup(call_gas_exact, setup),
        cmocka_unit_test_setup(delegatecall_context, setup),
        cmocka_unit_test_setup(create_initcode_limit, setup),
        cmocka_unit_test_setup(env_opcodes, setup),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rs_buf_free(&OUT);
    return rc;
}
