/* One running EVM frame: what the dispatch loop and the out-of-line opcodes
 * (calls, creates, storage, logs) share. */
#ifndef RESTAKE_EVM_FRAME_H
#define RESTAKE_EVM_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evm/analysis.h"
#include "restake/host.h"

/* The per-depth storage a thread reuses from frame to frame: no allocation
 * per instruction, and none per call once the thread's frames have grown. */
typedef struct {
    u256 stack[RS_EVM_STACK_MAX];
    uint8_t *mem;
    size_t mem_cap;
    rs_buf ret;          /* the last child's output: RETURNDATASIZE/COPY */
    evm_scratch scratch; /* analysis of code without a hash */
} evm_frame_store;

typedef struct {
    rs_host *host;
    const rs_msg *msg;
    evm_code code;
    evm_frame_store *store;
    uint8_t *mem;     /* == store->mem, mem_len bytes in use (a multiple of 32) */
    size_t mem_len;
    int64_t gas;
    int64_t refund;
    rs_buf *ret;      /* == &store->ret */
    rs_buf *out;
    const rs_tx_context *tx;
} evm_frame;

/* Charges for and grows memory to hold [off, off+size); size 0 touches
 * nothing. Returns RS_EVM_SUCCESS or RS_EVM_OUT_OF_GAS; *off_out gets the
 * offset as a machine number when size > 0. */
rs_evm_status evm_memory_region(evm_frame *f, u256 off, u256 size, size_t *off_out, size_t *size_out);

/* Charges n gas; false when it is not there. */
static inline bool evm_charge(evm_frame *f, int64_t n) {
    f->gas -= n;
    return f->gas >= 0;
}

/* Out-of-line opcodes: take their arguments from the top of the stack (sp is
 * one past the top), leave their result in the lowest argument slot. */
rs_evm_status evm_op_call(evm_frame *f, u256 *sp, uint8_t op);
rs_evm_status evm_op_create(evm_frame *f, u256 *sp, uint8_t op);
rs_evm_status evm_op_selfdestruct(evm_frame *f, u256 *sp);
rs_evm_status evm_op_sstore(evm_frame *f, u256 *sp);
rs_evm_status evm_op_log(evm_frame *f, u256 *sp, unsigned ntopics);

rs_evm_status evm_op_keccak(evm_frame *f, u256 *sp);
rs_evm_status evm_op_account(evm_frame *f, u256 *sp, uint8_t op);
rs_evm_status evm_op_calldataload(evm_frame *f, u256 *sp);
rs_evm_status evm_op_copy(evm_frame *f, u256 *sp, uint8_t op);
rs_evm_status evm_op_extcodecopy(evm_frame *f, u256 *sp);
rs_evm_status evm_op_blockhash(evm_frame *f, u256 *sp);
rs_evm_status evm_op_mcopy(evm_frame *f, u256 *sp);
rs_evm_status evm_op_output(evm_frame *f, u256 *sp);

const rs_tx_context *evm_tx(evm_frame *f);

#endif
