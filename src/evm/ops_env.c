/* Opcodes kept out of the dispatch loop: they touch the host, hash or copy,
 * so a call costs little next to their work, and keeping their buffers out
 * of run() keeps its C stack frame small (one frame per call depth).
 * Each takes its arguments from the top of the stack (sp is one past the
 * top) and leaves its result in the lowest argument slot. */
#include <string.h>

#include "evm/arith.h"
#include "evm/frame.h"
#include "evm/gas.h"
#include "restake/keccak.h"

static bool small(u256 v, uint64_t *out) {
    if (v.w[1] | v.w[2] | v.w[3]) return false;
    *out = v.w[0];
    return true;
}

/* dst[0..n) = src[off..off+n) with zeros past src_len. */
static void copy_padded(uint8_t *dst, size_t n, const uint8_t *src, size_t src_len, u256 off) {
    uint64_t o;
    size_t avail = 0;
    if (small(off, &o) && o < src_len) avail = src_len - (size_t)o;
    size_t k = avail < n ? avail : n;
    if (k) memcpy(dst, src + o, k);
    if (n > k) memset(dst + k, 0, n - k);
}

rs_evm_status evm_op_keccak(evm_frame *f, u256 *sp) {
    size_t o, n;
    rs_evm_status st = evm_memory_region(f, sp[-1], sp[-2], &o, &n);
    if (st != RS_EVM_SUCCESS) return st;
    if (!evm_charge(f, (int64_t)GAS_KECCAK_WORD * (int64_t)evm_words(n))) return RS_EVM_OUT_OF_GAS;
    uint8_t h[32];
    rs_keccak256(n ? f->mem + o : h, n, h);
    sp[-2] = evm_load_be(h);
    return RS_EVM_SUCCESS;
}

/* BALANCE, EXTCODESIZE, EXTCODEHASH: EIP-2929 account access, then the query. */
rs_evm_status evm_op_account(evm_frame *f, u256 *sp, uint8_t op) {
    rs_host *h = f->host;
    rs_addr a = rs_addr_from_u256(sp[-1]);
    if (h->access_account(h, a) == RS_ACCESS_COLD && !evm_charge(f, GAS_COLD_ACCOUNT_EXTRA))
        return RS_EVM_OUT_OF_GAS;
    if (op == 0x31)
        sp[-1] = h->get_balance(h, a);
    else if (op == 0x3b)
        sp[-1] = u256_from_u64(h->get_code_size(h, a));
    else
        sp[-1] = rs_b32_to_u256(h->get_code_hash(h, a));
    return RS_EVM_SUCCESS;
}

rs_evm_status evm_op_calldataload(evm_frame *f, u256 *sp) {
    uint8_t w[32];
    copy_padded(w, 32, f->msg->input, f->msg->input_len, sp[-1]);
    sp[-1] = evm_load_be(w);
    return RS_EVM_SUCCESS;
}

/* CALLDATACOPY, CODECOPY, RETURNDATACOPY (which faults past the return data). */
rs_evm_status evm_op_copy(evm_frame *f, u256 *sp, uint8_t op) {
    u256 dst = sp[-1], src = sp[-2], size = sp[-3];
    size_t o, n;
    rs_evm_status st = evm_memory_region(f, dst, size, &o, &n);
    if (st != RS_EVM_SUCCESS) return st;
    if (!evm_charge(f, (int64_t)GAS_COPY_WORD * (int64_t)evm_words(n))) return RS_EVM_OUT_OF_GAS;
    if (op == 0x37) {
        if (n) copy_padded(f->mem + o, n, f->msg->input, f->msg->input_len, src);
    } else if (op == 0x39) {
        if (n) copy_padded(f->mem + o, n, f->code.code, f->code.code_len, src);
    } else {
        uint64_t s;
        if (!small(src, &s) || s > f->ret->len || (uint64_t)f->ret->len - s < n) return RS_EVM_INVALID_MEMORY_ACCESS;
        if (n) memcpy(f->mem + o, f->ret->p + s, n);
    }
    return RS_EVM_SUCCESS;
}

rs_evm_status evm_op_extcodecopy(evm_frame *f, u256 *sp) {
    rs_host *h = f->host;
    rs_addr a = rs_addr_from_u256(sp[-1]);
    u256 dst = sp[-2], src = sp[-3], size = sp[-4];
    size_t o, n;
    rs_evm_status st = evm_memory_region(f, dst, size, &o, &n);
    if (st != RS_EVM_SUCCESS) return st;
    if (!evm_charge(f, (int64_t)GAS_COPY_WORD * (int64_t)evm_words(n))) return RS_EVM_OUT_OF_GAS;
    if (h->access_account(h, a) == RS_ACCESS_COLD && !evm_charge(f, GAS_COLD_ACCOUNT_EXTRA))
        return RS_EVM_OUT_OF_GAS;
    if (n) {
        uint64_t s;
        size_t got = 0;
        if (small(src, &s) && s <= SIZE_MAX) got = h->copy_code(h, a, (size_t)s, f->mem + o, n);
        if (got < n) memset(f->mem + o + got, 0, n - got);
    }
    return RS_EVM_SUCCESS;
}

/* Only the 256 blocks before the current one have a hash. */
rs_evm_status evm_op_blockhash(evm_frame *f, u256 *sp) {
    uint64_t n, cur = evm_tx(f)->number;
    u256 r = U256_ZERO;
    if (small(sp[-1], &n) && n < cur && cur - n <= 256) r = rs_b32_to_u256(f->host->get_block_hash(f->host, n));
    sp[-1] = r;
    return RS_EVM_SUCCESS;
}

/* EIP-5656: one expansion to the farther end of the two regions, then memmove. */
rs_evm_status evm_op_mcopy(evm_frame *f, u256 *sp) {
    u256 dst = sp[-1], src = sp[-2], size = sp[-3];
    size_t o, n;
    rs_evm_status st = evm_memory_region(f, evm_lt(dst, src) ? src : dst, size, &o, &n);
    if (st != RS_EVM_SUCCESS) return st;
    if (!evm_charge(f, (int64_t)GAS_COPY_WORD * (int64_t)evm_words(n))) return RS_EVM_OUT_OF_GAS;
    if (n) memmove(f->mem + (size_t)dst.w[0], f->mem + (size_t)src.w[0], n);
    return RS_EVM_SUCCESS;
}

/* RETURN and REVERT: the frame's output. */
rs_evm_status evm_op_output(evm_frame *f, u256 *sp) {
    size_t o, n;
    rs_evm_status st = evm_memory_region(f, sp[-1], sp[-2], &o, &n);
    if (st != RS_EVM_SUCCESS) return st;
    rs_buf_reset(f->out);
    if (n) rs_buf_put(f->out, f->mem + o, n);
    return RS_EVM_SUCCESS;
}
