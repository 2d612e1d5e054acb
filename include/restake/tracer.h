/* Execution tracing: the hooks a debugger (debug_traceTransaction's
 * callTracer and struct logger) sees of a transaction.
 *
 * A tracer is reached through the running frame's environment: rs_env's
 * `tracer` for native frames (the router calls enter/exit around every
 * rs_route frame, rs_emit calls log) and rs_host's `tracer` for EVM frames
 * (the world calls enter/exit around every host call, its emit_log calls
 * log, and the interpreter calls step before each instruction). All are NULL
 * unless a trace runs: an untraced execution pays one pointer test per frame
 * and nothing per instruction (the interpreter switches dispatch tables).
 *
 * Frames nest: every enter is matched by one exit, in stack order. */
#ifndef RESTAKE_TRACER_H
#define RESTAKE_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/host.h"
#include "restake/types.h"

/* The interpreter's state before one instruction runs. */
typedef struct {
    size_t pc;
    uint8_t op;
    int64_t gas;          /* gas left before the instruction is charged */
    int64_t refund;       /* the frame's refund counter so far */
    const rs_msg *msg;    /* the running frame (msg->depth + 1 is geth's depth) */
    const u256 *stack;    /* bottom first */
    size_t stack_len;
    const uint8_t *memory;
    size_t memory_len;
    const uint8_t *return_data; /* the last child's output */
    size_t return_data_len;
    rs_host *host;        /* to read storage (SLOAD's value) */
} rs_trace_step;

typedef struct rs_tracer rs_tracer;

struct rs_tracer {
    /* A frame starts. `to` is the account whose code runs (the new account
     * for CREATE/CREATE2); `native` is true for a frame the router runs as
     * native code (it carries no gas meter: msg->gas is 0). */
    void (*enter)(rs_tracer *t, const rs_msg *msg, rs_addr to, bool native);
    /* The frame ends: its status, output (return or revert data) and gas
     * left (0 for native frames). */
    void (*exit)(rs_tracer *t, rs_evm_status status, const uint8_t *out, size_t len, int64_t gas_left);
    /* Before each EVM instruction; NULL: the interpreter runs untraced. */
    void (*step)(rs_tracer *t, const rs_trace_step *s);
    /* A log emitted by the running frame. */
    void (*log)(rs_tracer *t, rs_addr a, const rs_b32 *topics, size_t ntopics, const uint8_t *data, size_t len);
};

#endif
