/* The opcodes that reach into the world: message calls, creates,
 * SELFDESTRUCT, SSTORE and LOG. The interpreter charges all of their gas
 * (access lists, memory, value transfer, new accounts, the 63/64 rule) and
 * enforces static mode; the host does depth and balance checks, value
 * transfer, account creation and runs the callee. */
#include <assert.h>
#include <string.h>

#include "evm/arith.h"
#include "evm/frame.h"
#include "evm/gas.h"
#include "restake/limits.h"

/* All but one 64th of what is left (EIP-150). */
static int64_t all_but_64th(int64_t gas) { return gas - gas / 64; }

rs_evm_status evm_op_call(evm_frame *f, u256 *sp, uint8_t op) {
    rs_host *h = f->host;
    const rs_msg *m = f->msg;
    bool with_value = op == 0xf1 || op == 0xf2; /* CALL, CALLCODE */
    unsigned nargs = with_value ? 7 : 6;
    u256 *args = sp - 1; /* args[-i] is the i-th argument */
    u256 gas_arg = args[0];
    rs_addr dst = rs_addr_from_u256(args[-1]);
    u256 value = with_value ? args[-2] : U256_ZERO;
    unsigned k = with_value ? 3 : 2;
    u256 in_off = args[-(int)k], in_size = args[-(int)k - 1];
    u256 out_off = args[-(int)k - 2], out_size = args[-(int)k - 3];
    bool has_value = !u256_is_zero(value);

    if (h->access_account(h, dst) == RS_ACCESS_COLD && !evm_charge(f, GAS_COLD_ACCOUNT_EXTRA))
        return RS_EVM_OUT_OF_GAS;
    size_t io, in, oo, on;
    rs_evm_status st = evm_memory_region(f, in_off, in_size, &io, &in);
    if (st != RS_EVM_SUCCESS) return st;
    st = evm_memory_region(f, out_off, out_size, &oo, &on);
    if (st != RS_EVM_SUCCESS) return st;

    int64_t cost = has_value ? GAS_CALL_VALUE : 0;
    if (op == 0xf1) {
        if (has_value && m->is_static) return RS_EVM_STATIC_MODE_VIOLATION;
        if (has_value && !h->account_exists(h, dst)) cost += GAS_NEW_ACCOUNT;
    }
    if (!evm_charge(f, cost)) return RS_EVM_OUT_OF_GAS;

    int64_t child_gas = all_but_64th(f->gas);
    if (gas_arg.w[1] == 0 && gas_arg.w[2] == 0 && gas_arg.w[3] == 0 && gas_arg.w[0] < (uint64_t)child_gas)
        child_gas = (int64_t)gas_arg.w[0];
    f->gas -= child_gas;
    if (has_value) child_gas += RS_EVM_CALL_STIPEND;

    rs_msg cm;
    memset(&cm, 0, sizeof cm);
    cm.depth = m->depth + 1;
    cm.gas = child_gas;
    cm.input = in ? f->mem + io : NULL;
    cm.input_len = in;
    cm.code_address = dst;
    switch (op) {
    case 0xf1: /* CALL */
        cm.kind = RS_MSG_CALL;
        cm.is_static = m->is_static;
        cm.sender = m->recipient;
        cm.recipient = dst;
        cm.value = value;
        break;
    case 0xf2: /* CALLCODE */
        cm.kind = RS_MSG_CALLCODE;
        cm.is_static = m->is_static;
        cm.sender = m->recipient;
        cm.recipient = m->recipient;
        cm.value = value;
        break;
    case 0xf4: /* DELEGATECALL */
        cm.kind = RS_MSG_DELEGATECALL;
        cm.is_static = m->is_static;
        cm.sender = m->sender;
        cm.recipient = m->recipient;
        cm.value = m->value;
        break;
    default: /* STATICCALL */
        cm.kind = RS_MSG_CALL;
        cm.is_static = true;
        cm.sender = m->recipient;
        cm.recipient = dst;
        cm.value = U256_ZERO;
        break;
    }

    rs_buf_reset(f->ret);
    rs_evm_result r = h->call(h, &cm, f->ret);
    assert(r.gas_left >= 0 && r.gas_left <= cm.gas);
    f->gas += r.gas_left;
    if (r.status == RS_EVM_SUCCESS) f->refund += r.gas_refund;
    size_t copy = f->ret->len < on ? f->ret->len : on;
    if (copy) memcpy(f->mem + oo, f->ret->p, copy);
    sp[-(int)nargs] = evm_bool(r.status == RS_EVM_SUCCESS);
    return RS_EVM_SUCCESS;
}

rs_evm_status evm_op_create(evm_frame *f, u256 *sp, uint8_t op) {
    rs_host *h = f->host;
    const rs_msg *m = f->msg;
    bool is2 = op == 0xf5;
    unsigned nargs = is2 ? 4 : 3;
    u256 value = sp[-1], off = sp[-2], size = sp[-3];
    if (m->is_static) return RS_EVM_STATIC_MODE_VIOLATION;
    size_t o, n;
    rs_evm_status st = evm_memory_region(f, off, size, &o, &n);
    if (st != RS_EVM_SUCCESS) return st;
    if (n > RS_EVM_INITCODE_SIZE_MAX) return RS_EVM_OUT_OF_GAS;
    int64_t words = (int64_t)evm_words(n);
    int64_t cost = GAS_INITCODE_WORD * words + (is2 ? GAS_KECCAK_WORD * words : 0);
    if (!evm_charge(f, cost)) return RS_EVM_OUT_OF_GAS;

    rs_msg cm;
    memset(&cm, 0, sizeof cm);
    cm.kind = is2 ? RS_MSG_CREATE2 : RS_MSG_CREATE;
    cm.depth = m->depth + 1;
    cm.sender = m->recipient;
    cm.value = value;
    cm.input = n ? f->mem + o : NULL;
    cm.input_len = n;
    if (is2) cm.salt = rs_b32_from_u256(sp[-4]);
    cm.gas = all_but_64th(f->gas);
    f->gas -= cm.gas;

    rs_buf_reset(f->ret);
    rs_evm_result r = h->call(h, &cm, f->ret);
    assert(r.gas_left >= 0 && r.gas_left <= cm.gas);
    f->gas += r.gas_left;
    if (r.status == RS_EVM_SUCCESS) {
        f->refund += r.gas_refund;
        rs_buf_reset(f->ret);
        sp[-(int)nargs] = rs_addr_to_u256(r.create_address);
    } else {
        if (r.status != RS_EVM_REVERT) rs_buf_reset(f->ret);
        sp[-(int)nargs] = U256_ZERO;
    }
    return RS_EVM_SUCCESS;
}

rs_evm_status evm_op_selfdestruct(evm_frame *f, u256 *sp) {
    rs_host *h = f->host;
    const rs_msg *m = f->msg;
    if (m->is_static) return RS_EVM_STATIC_MODE_VIOLATION;
    rs_addr ben = rs_addr_from_u256(sp[-1]);
    if (h->access_account(h, ben) == RS_ACCESS_COLD && !evm_charge(f, GAS_COLD_ACCOUNT))
        return RS_EVM_OUT_OF_GAS;
    if (!u256_is_zero(h->get_balance(h, m->recipient)) && !h->account_exists(h, ben) &&
        !evm_charge(f, GAS_SELFDESTRUCT_NEW_ACCOUNT))
        return RS_EVM_OUT_OF_GAS;
    h->selfdestruct(h, m->recipient, ben);
    return RS_EVM_SUCCESS;
}

rs_evm_status evm_op_sstore(evm_frame *f, u256 *sp) {
    rs_host *h = f->host;
    const rs_msg *m = f->msg;
    if (m->is_static) return RS_EVM_STATIC_MODE_VIOLATION;
    if (f->gas <= GAS_SSTORE_SENTRY) return RS_EVM_OUT_OF_GAS;
    u256 key = sp[-1], val = sp[-2];
    int64_t cost = 0, refund = 0;
    if (h->access_storage(h, m->recipient, key) == RS_ACCESS_COLD) cost += GAS_COLD_SLOAD;
    int64_t c;
    evm_sstore_cost(h->set_storage(h, m->recipient, key, val), &c, &refund);
    if (!evm_charge(f, cost + c)) return RS_EVM_OUT_OF_GAS;
    f->refund += refund;
    return RS_EVM_SUCCESS;
}

rs_evm_status evm_op_log(evm_frame *f, u256 *sp, unsigned ntopics) {
    assert(ntopics <= RS_EVM_LOG_TOPICS_MAX);
    if (f->msg->is_static) return RS_EVM_STATIC_MODE_VIOLATION;
    size_t o, n;
    rs_evm_status st = evm_memory_region(f, sp[-1], sp[-2], &o, &n);
    if (st != RS_EVM_SUCCESS) return st;
    if (!evm_charge(f, (int64_t)GAS_LOG_DATA_BYTE * (int64_t)n)) return RS_EVM_OUT_OF_GAS;
    rs_b32 topics[RS_EVM_LOG_TOPICS_MAX];
    for (unsigned i = 0; i < ntopics; i++) topics[i] = rs_b32_from_u256(sp[-3 - (int)i]);
    f->host->emit_log(f->host, f->msg->recipient, n ? f->mem + o : NULL, n, topics, ntopics);
    return RS_EVM_SUCCESS;
}
