/* The call frame: the depth limit, static frames for native code, and the
 * frame each contract entry point receives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "protocol/erc20.h"
#include "restake/contracts.h"
#include "restake/router.h"
#include "opaque_fixture.h"

#define SELF_CALLER A(0xc1)
#define TOKEN A(0x300)
#define ALICE A(0x400)
#define BOB A(0x401)

/* Deepest frame reached by the self-calling contract, and whether every
 * frame saw the depth its caller gave it. */
static uint32_t g_deepest;
static bool g_depths_consistent;

/* A contract that calls itself until its frame is as deep as the one word of
 * its input asks, then writes its depth to state. Called without input, it
 * only emits a log. */
static int self_caller(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    (void)ret;
    if (msg->input_len == 0) {
        rs_emit(e, msg->recipient, "Ping()", 0, NULL, NULL, 0);
        return RS_OK;
    }
    if (msg->depth > g_deepest) g_deepest = msg->depth;
    if (e->depth != msg->depth + 1) g_depths_consistent = false;
    uint64_t target = u256_from_be(msg->input).w[0];
    if (msg->depth < target) return rs_call(e, msg->recipient, msg->recipient, U256_ZERO, msg->input, 32, NULL);
    rs_key k = rs_key_ns(0x7f00);
    rs_sstore_u64(e->st, &k, msg->depth);
    return RS_OK;
}

static int setup(void **state) {
    world *w = opaque_world_new(self_caller);
    rs_code_set(w->st, SELF_CALLER, RS_CODE_OPAQUE);
    erc20_create(w->st, TOKEN, "TKA token", "TKA", 18, true);
    erc20_credit(w->st, TOKEN, ALICE, u256_from_u64(1000));
    rs_state_commit(w->st);
    g_deepest = 0;
    g_depths_consistent = true;
    *state = w;
    return 0;
}

static int teardown(void **state) { return opaque_world_teardown(state); }

static int call_to_depth(world *w, uint64_t depth) {
    uint8_t in[32];
    u256_to_be(u256_from_u64(depth), in);
    return rs_call(&w->e, ALICE, SELF_CALLER, U256_ZERO, in, sizeof in, &w->ret);
}

static uint64_t written_depth(world *w) {
    rs_key k = rs_key_ns(0x7f00);
    return rs_sload_u64(w->st, &k);
}

/* The transaction's frame is depth 0; the EVM runs frames down to depth
 * RS_CALL_DEPTH_MAX (1,024 calls below the transaction's own). */
static void test_depth_limit_is_reached(void **state) {
    world *w = *state;
    assert_int_equal(call_to_depth(w, RS_CALL_DEPTH_MAX), RS_OK);
    assert_int_equal(g_deepest, RS_CALL_DEPTH_MAX);
    assert_int_equal(written_depth(w), RS_CALL_DEPTH_MAX);
    assert_true(g_depths_consistent);
    assert_int_equal(w->e.depth, 0); /* every frame restored its caller's depth */
}

static void test_one_frame_past_the_limit_reverts_everything(void **state) {
    world *w = *state;
    assert_int_equal(call_to_depth(w, RS_CALL_DEPTH_MAX + 1), RS_REVERTED);
    assert_int_equal(g_deepest, RS_CALL_DEPTH_MAX); /* depth 1,025 never started */
    assert_int_equal(w->e.revert_len, 0);
    assert_int_equal(written_depth(w), 0);
    assert_int_equal(w->e.depth, 0);
}

static int transfer_calldata(uint8_t out[68], rs_addr to, uint64_t amount) {
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_selector(&b, "transfer(address,uint256)");
    rs_buf_word_addr(&b, to);
    rs_buf_word(&b, u256_from_u64(amount));
    assert_int_equal(b.len, 68);
    memcpy(out, b.p, 68);
    rs_buf_free(&b);
    return 68;
}

static void test_static_call_into_a_write_reverts_and_changes_nothing(void **state) {
    world *w = *state;
    uint8_t cd[68];
    transfer_calldata(cd, BOB, 100);
    size_t nlogs = w->e.nlogs;
    assert_int_equal(rs_staticcall(&w->e, ALICE, TOKEN, cd, sizeof cd, &w->ret), RS_REVERTED);
    assert_int_equal(w->ret.len, 0);
    assert_int_equal(w->e.nlogs, nlogs);
    assert_int_equal(erc20_balance_of(&w->e, TOKEN, ALICE).w[0], 1000);
    assert_int_equal(erc20_balance_of(&w->e, TOKEN, BOB).w[0], 0);
    assert_false(w->e.is_static); /* the static mode ends with the frame */

    /* the same call outside a static frame succeeds */
    assert_int_equal(rs_call(&w->e, ALICE, TOKEN, U256_ZERO, cd, sizeof cd, &w->ret), RS_OK);
    assert_int_equal(erc20_balance_of(&w->e, TOKEN, BOB).w[0], 100);
    assert_int_equal(w->e.nlogs, nlogs + 1);
}

static void test_static_call_to_a_view_succeeds(void **state) {
    world *w = *state;
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_selector(&cd, "balanceOf(address)");
    rs_buf_word_addr(&cd, ALICE);
    assert_int_equal(rs_staticcall(&w->e, BOB, TOKEN, cd.p, cd.len, &w->ret), RS_OK);
    assert_int_equal(w->ret.len, 32);
    assert_int_equal(u256_from_be(w->ret.p).w[0], 1000);
    rs_buf_free(&cd);
}

static void test_log_in_a_static_frame_reverts(void **state) {
    world *w = *state;
    assert_int_equal(rs_staticcall(&w->e, ALICE, SELF_CALLER, NULL, 0, &w->ret), RS_REVERTED);
    assert_int_equal(w->e.nlogs, 0);
    assert_int_equal(rs_call(&w->e, ALICE, SELF_CALLER, U256_ZERO, NULL, 0, &w->ret), RS_OK);
    assert_int_equal(w->e.nlogs, 1);
}

/* A static frame's children are static too: a plain call made below a
 * static one may not write either. */
static int g_nested_rc;
static int calls_token(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    (void)ret;
    g_nested_rc = rs_call(e, msg->recipient, TOKEN, U256_ZERO, msg->input, msg->input_len, NULL);
    return RS_OK;
}

static void test_static_flag_reaches_nested_calls(void **state) {
    world *w = *state;
    rs_contract_fn old = rs_dispatch_override(RS_CODE_OPAQUE, calls_token);
    erc20_credit(w->st, TOKEN, SELF_CALLER, u256_from_u64(10));
    uint8_t cd[68];
    transfer_calldata(cd, BOB, 1);
    g_nested_rc = RS_OK;
    assert_int_equal(rs_staticcall(&w->e, ALICE, SELF_CALLER, cd, sizeof cd, &w->ret), RS_OK);
    assert_int_equal(g_nested_rc, RS_REVERTED);
    assert_int_equal(erc20_balance_of(&w->e, TOKEN, BOB).w[0], 0);
    rs_dispatch_override(RS_CODE_OPAQUE, old);
}

static void test_static_call_with_value_reverts(void **state) {
    world *w = *state;
    rs_eth_set_balance(w->st, ALICE, u256_from_u64(50));
    rs_msg m = {.kind = RS_MSG_CALL, .is_static = true, .sender = ALICE, .recipient = BOB,
                .code_address = BOB, .value = u256_from_u64(1)};
    assert_int_equal(rs_call_msg(&w->e, &m, &w->ret), RS_REVERTED);
    assert_int_equal(rs_eth_balance(w->st, ALICE).w[0], 50);
    assert_int_equal(rs_eth_balance(w->st, BOB).w[0], 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_depth_limit_is_reached, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_frame_past_the_limit_reverts_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_static_call_into_a_write_reverts_and_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_static_call_to_a_view_succeeds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_log_in_a_static_frame_reverts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_static_flag_reaches_nested_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_static_call_with_value_reverts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
