/* Frames: host->call. A call or create checks depth and balance, takes a
 * journal checkpoint, moves value, runs the code at the code address (EVM
 * bytecode, a precompile, native code), and undoes everything unless the
 * frame succeeds. */
#include "router/world_internal.h"

#include <assert.h>

#include "restake/evm.h"
#include "restake/keccak.h"
#include "restake/precompiles.h"
#include "restake/router.h"

#define CODE_DEPOSIT_GAS_PER_BYTE 200

static const rs_addr RIPEMD160_ADDRESS = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3}};

static rs_evm_result light_failure(rs_evm_status s, int64_t gas) {
    return (rs_evm_result){.status = s, .gas_left = gas};
}

static rs_evm_result hard_failure(rs_evm_status s) { return (rs_evm_result){.status = s}; }

static void transfer(rs_world *w, rs_addr from, rs_addr to, u256 value) {
    if (u256_is_zero(value)) return;
    u256 fb = rs_world_balance(w, from);
    assert(u256_ge(fb, value));
    rs_world_set_balance(w, from, u256_sub_wrap(fb, value));
    rs_world_set_balance(w, to, u256_add_wrap(rs_world_balance(w, to), value));
}

/* Runs the code at msg->code_address for a call frame. */
static rs_evm_result run_code(rs_world *w, const rs_msg *msg, rs_buf *out) {
    if (rs_precompile_is(msg->code_address))
        return rs_precompile_run(msg->code_address, msg->input, msg->input_len, msg->gas, out);
    rs_code_kind kind = rs_code_get(w->st, msg->code_address);
    if (kind != RS_CODE_EVM) {
        if (kind != RS_CODE_NONE && w->native) return w->native(w->native_ctx, w, kind, msg, out);
        return (rs_evm_result){.status = RS_EVM_SUCCESS, .gas_left = msg->gas};
    }
    size_t len;
    rs_b32 hash;
    const uint8_t *code = rs_world_code(w, msg->code_address, &len, &hash);
    if (len == 0) return (rs_evm_result){.status = RS_EVM_SUCCESS, .gas_left = msg->gas};
    return rs_evm_execute(&w->host, msg, code, len, &hash, out);
}

/* Undoes a failed frame. The touch of 0x03 (RIPEMD-160) survives the
 * revert: mainnet block 2675119 cleared that empty account although the call
 * to it ran out of gas, and every client reproduces it since. */
static void undo_frame(rs_world *w, size_t cp, world_log_mark logs_cp) {
    bool ripemd_touched = world_flag(w, NS_EVM_TOUCHED, RIPEMD160_ADDRESS);
    rs_state_revert(w->st, cp);
    world_logs_undo(w, logs_cp);
    if (ripemd_touched) rs_world_touch(w, RIPEMD160_ADDRESS);
}

static rs_evm_result do_call(rs_world *w, const rs_msg *msg, rs_buf *out) {
    if (msg->depth > RS_CALL_DEPTH_MAX || !rs_stack_has_room()) return light_failure(RS_EVM_CALL_DEPTH_EXCEEDED, msg->gas);
    bool moves_value = msg->kind == RS_MSG_CALL || msg->kind == RS_MSG_CALLCODE;
    if (moves_value && u256_lt(rs_world_balance(w, msg->sender), msg->value))
        return light_failure(RS_EVM_INSUFFICIENT_BALANCE, msg->gas);
    size_t cp = rs_state_checkpoint(w->st);
    world_log_mark logs_cp = world_logs_mark(w);
    if (msg->kind == RS_MSG_CALL) {
        rs_world_touch(w, msg->recipient);
        transfer(w, msg->sender, msg->recipient, msg->value);
    }
    rs_evm_result r = run_code(w, msg, out);
    if (r.status != RS_EVM_SUCCESS) undo_frame(w, cp, logs_cp);
    if (r.status != RS_EVM_SUCCESS && r.status != RS_EVM_REVERT) {
        r.gas_left = 0;
        rs_buf_reset(out);
    }
    return r;
}

static bool collides(rs_world *w, rs_addr a) {
    return rs_world_nonce(w, a) != 0 || rs_code_get(w->st, a) != RS_CODE_NONE || rs_world_has_storage(w, a);
}

/* Checks and deposits the code the initcode returned; false when the
 * deposit fails (the frame then consumes all its gas). */
static rs_evm_status deposit(rs_world *w, rs_addr a, const rs_buf *code, int64_t *gas_left) {
    if (code->len > RS_EVM_CODE_SIZE_MAX) return RS_EVM_CONTRACT_VALIDATION_FAILURE;
    if (code->len > 0 && code->p[0] == 0xef) return RS_EVM_CONTRACT_VALIDATION_FAILURE; /* EIP-3541 */
    int64_t cost = (int64_t)code->len * CODE_DEPOSIT_GAS_PER_BYTE;
    if (cost > *gas_left) return RS_EVM_OUT_OF_GAS;
    *gas_left -= cost;
    rs_world_set_code(w, a, code->p, code->len);
    return RS_EVM_SUCCESS;
}

static rs_evm_result do_create(rs_world *w, const rs_msg *msg0, rs_buf *out) {
    rs_msg msg = *msg0;
    uint64_t nonce = rs_world_nonce(w, msg.sender);
    /* The transaction's own create runs after its nonce was bumped. */
    uint64_t create_nonce = msg.depth == 0 ? nonce - 1 : nonce;
    assert(msg.depth != 0 || nonce > 0);
    rs_addr a = msg.kind == RS_MSG_CREATE2 ? rs_create2_address(msg.sender, msg.salt, msg.input, msg.input_len)
                                           : rs_create_address(msg.sender, create_nonce);
    /* EIP-2929: the new address stays warm even when the creation fails. */
    world_access_account(&w->host, a);
    if (msg.depth > RS_CALL_DEPTH_MAX || !rs_stack_has_room()) return light_failure(RS_EVM_CALL_DEPTH_EXCEEDED, msg.gas);
    if (u256_lt(rs_world_balance(w, msg.sender), msg.value))
        return light_failure(RS_EVM_INSUFFICIENT_BALANCE, msg.gas);
    if (msg.depth > 0) {
        if (nonce == UINT64_MAX) return light_failure(RS_EVM_INSUFFICIENT_BALANCE, msg.gas); /* EIP-2681 */
        rs_world_set_nonce(w, msg.sender, nonce + 1);
    }
    if (collides(w, a)) return hard_failure(RS_EVM_FAILURE);

    size_t cp = rs_state_checkpoint(w->st);
    world_log_mark logs_cp = world_logs_mark(w);
    rs_world_set_nonce(w, a, 1);
    rs_key ck = world_addr_key(NS_EVM_CREATED, a);
    world_tx_set(w, &ck, U256_ONE);
    transfer(w, msg.sender, a, msg.value);

    msg.recipient = a;
    msg.code_address = a;
    const uint8_t *initcode = msg.input;
    size_t initcode_len = msg.input_len;
    msg.input = NULL;
    msg.input_len = 0;
    rs_evm_result r = rs_evm_execute(&w->host, &msg, initcode, initcode_len, NULL, out);
    if (r.status == RS_EVM_SUCCESS) r.status = deposit(w, a, out, &r.gas_left);
    if (r.status != RS_EVM_SUCCESS) {
        undo_frame(w, cp, logs_cp);
        if (r.status != RS_EVM_REVERT) {
            r.gas_left = 0;
            r.gas_refund = 0;
            rs_buf_reset(out);
        }
        return r;
    }
    rs_buf_reset(out);
    r.create_address = a;
    return r;
}

rs_evm_result world_call(rs_host *h, const rs_msg *msg, rs_buf *out) {
    rs_world *w = world_of(h);
    assert(msg->gas >= 0);
    rs_buf_reset(out);
    if (msg->kind == RS_MSG_CREATE || msg->kind == RS_MSG_CREATE2) return do_create(w, msg, out);
    return do_call(w, msg, out);
}
