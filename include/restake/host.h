/* The call frame and the host interface.
 *
 * A message (rs_msg) is one call frame: who calls, whose context runs, whose
 * code runs, the value, the input, the depth, the static flag and the gas.
 * Every frame on the chain — a transaction's outermost call, a native
 * contract calling another, EVM bytecode calling anything — is described by
 * one rs_msg and passes through the call router.
 *
 * The host is how code sees the world: the shape of EVMC's host interface
 * (what lets evmone run inside any client), in this project's types. The EVM
 * interpreter knows the world only through it, so src/evm/ never includes the
 * router, the chain, the contracts or the protocol. The router implements it
 * over the journaled state, so a revert anywhere undoes every kind of state
 * in one journal. */
#ifndef RESTAKE_HOST_H
#define RESTAKE_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/limits.h"
#include "restake/types.h"

typedef enum {
    RS_MSG_CALL = 0,
    RS_MSG_DELEGATECALL,
    RS_MSG_CALLCODE,
    RS_MSG_CREATE,
    RS_MSG_CREATE2,
} rs_msg_kind;

/* STATICCALL is RS_MSG_CALL with is_static set (as in EVMC). */
typedef struct rs_msg {
    rs_msg_kind kind;
    bool is_static;      /* no state change, log, create or value transfer in this frame or below */
    uint32_t depth;      /* 0 for the transaction's own call; at most RS_CALL_DEPTH_MAX (as the EVM: 1,024 calls below it) */
    int64_t gas;         /* gas available to the frame */
    rs_addr sender;      /* msg.sender */
    rs_addr recipient;   /* the account whose storage and balance the frame acts on
                          * (for CREATE/CREATE2: filled by the host with the new address) */
    rs_addr code_address;/* whose code runs: recipient, except for DELEGATECALL/CALLCODE */
    u256 value;          /* msg.value (DELEGATECALL: the parent's value, not transferred) */
    const uint8_t *input;/* calldata, or initcode for CREATE/CREATE2 */
    size_t input_len;
    rs_b32 salt;         /* CREATE2 only */
} rs_msg;

/* How a frame ended. Only SUCCESS keeps state changes; only SUCCESS and
 * REVERT return gas_left and output to the caller; every other status
 * consumes all the frame's gas. */
typedef enum {
    RS_EVM_SUCCESS = 0,
    RS_EVM_REVERT,
    RS_EVM_OUT_OF_GAS,
    RS_EVM_INVALID_INSTRUCTION,   /* INVALID (0xfe) or an undefined opcode */
    RS_EVM_STACK_UNDERFLOW,
    RS_EVM_STACK_OVERFLOW,
    RS_EVM_BAD_JUMP_DESTINATION,
    RS_EVM_INVALID_MEMORY_ACCESS, /* RETURNDATACOPY past the return data */
    RS_EVM_STATIC_MODE_VIOLATION,
    RS_EVM_CALL_DEPTH_EXCEEDED,
    RS_EVM_INSUFFICIENT_BALANCE,
    RS_EVM_CONTRACT_VALIDATION_FAILURE, /* EIP-3541 0xEF prefix, EIP-170 code size */
    RS_EVM_ARGUMENT_OUT_OF_RANGE,
    RS_EVM_PRECOMPILE_FAILURE,
    RS_EVM_FAILURE,               /* any other failure (create collision, ...) */
} rs_evm_status;

typedef struct {
    rs_evm_status status;
    int64_t gas_left;    /* meaningful for SUCCESS and REVERT */
    int64_t gas_refund;  /* EIP-3529 refund counter accumulated by the frame and its children */
    rs_addr create_address; /* CREATE/CREATE2 on SUCCESS */
} rs_evm_result;

/* EIP-2929 access status. */
typedef enum { RS_ACCESS_COLD = 0, RS_ACCESS_WARM = 1 } rs_access_status;

/* EIP-2200 / EIP-3529 outcome of an SSTORE, named as EVMC names them: the
 * interpreter turns it into gas and refund. O = original value (at the start
 * of the transaction), C = current value, N = new value; 0 means zero, X, Y
 * and Z distinct non-zero values. */
typedef enum {
    RS_STORAGE_ASSIGNED = 0,   /* every case below that is not listed */
    RS_STORAGE_ADDED,          /* 0 -> 0 -> Z */
    RS_STORAGE_DELETED,        /* X -> X -> 0 */
    RS_STORAGE_MODIFIED,       /* X -> X -> Z */
    RS_STORAGE_DELETED_ADDED,  /* X -> 0 -> Z */
    RS_STORAGE_MODIFIED_DELETED, /* X -> Y -> 0 */
    RS_STORAGE_DELETED_RESTORED, /* X -> 0 -> X */
    RS_STORAGE_ADDED_DELETED,  /* 0 -> Y -> 0 */
    RS_STORAGE_MODIFIED_RESTORED, /* X -> Y -> X */
} rs_storage_status;

/* The block and transaction a frame runs in. */
typedef struct {
    u256 gas_price;          /* effective gas price of the transaction */
    rs_addr origin;
    rs_addr coinbase;
    uint64_t number;
    uint64_t timestamp;
    uint64_t gas_limit;      /* block gas limit */
    rs_b32 prev_randao;
    u256 chain_id;
    u256 base_fee;
    u256 blob_base_fee;
    const rs_b32 *blob_hashes; /* the transaction's versioned hashes */
    size_t blob_hashes_count;
} rs_tx_context;

typedef struct rs_host rs_host;
struct rs_tracer; /* restake/tracer.h */

/* Every function receives the host back as its first argument; an
 * implementation embeds rs_host in its own struct and recovers it. */
struct rs_host {
    bool (*account_exists)(rs_host *h, rs_addr a); /* EIP-161: false for empty accounts */
    u256 (*get_storage)(rs_host *h, rs_addr a, u256 key);
    rs_storage_status (*set_storage)(rs_host *h, rs_addr a, u256 key, u256 value);
    u256 (*get_transient_storage)(rs_host *h, rs_addr a, u256 key);
    void (*set_transient_storage)(rs_host *h, rs_addr a, u256 key, u256 value);
    u256 (*get_balance)(rs_host *h, rs_addr a);
    size_t (*get_code_size)(rs_host *h, rs_addr a);
    rs_b32 (*get_code_hash)(rs_host *h, rs_addr a); /* zero for a non-existent account */
    /* Copies code[offset .. offset+len) (clipped at the end of the code) into
     * out; returns the number of bytes copied. */
    size_t (*copy_code)(rs_host *h, rs_addr a, size_t offset, uint8_t *out, size_t len);
    /* EIP-6780 SELFDESTRUCT: moves the balance to beneficiary, and deletes the
     * account when it was created in this transaction. Returns true the first
     * time the account is registered for destruction (no refund in Cancun). */
    bool (*selfdestruct)(rs_host *h, rs_addr a, rs_addr beneficiary);
    /* A nested frame: the host checks depth and balance, takes a journal
     * checkpoint, moves value, creates the account for CREATE/CREATE2, runs
     * whatever code is at msg->code_address (EVM bytecode, a precompile or a
     * native contract), and undoes everything unless the result is SUCCESS.
     * The callee's output (return or revert data) is written to `out`. */
    rs_evm_result (*call)(rs_host *h, const rs_msg *msg, rs_buf *out);
    const rs_tx_context *(*get_tx_context)(rs_host *h);
    rs_b32 (*get_block_hash)(rs_host *h, uint64_t number); /* zero outside the last 256 blocks */
    void (*emit_log)(rs_host *h, rs_addr a, const uint8_t *data, size_t len, const rs_b32 *topics, size_t ntopics);
    rs_access_status (*access_account)(rs_host *h, rs_addr a);   /* marks warm, returns the prior status */
    rs_access_status (*access_storage)(rs_host *h, rs_addr a, u256 key);
    /* Not a callback: the tracer of the running transaction (NULL: none).
     * The interpreter steps it and the host reports frames and logs to it. */
    struct rs_tracer *tracer;
};

#endif
