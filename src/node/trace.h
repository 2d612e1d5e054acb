/* Re-executing history under a tracer (debug_traceTransaction,
 * debug_traceBlockBy*, debug_traceCall): a block runs again, through the
 * same block builder the miner uses, on a copy of its parent's state with
 * the devnet operations made before it, so each transaction sees exactly the
 * state it ran on and the chain is not changed. */
#ifndef RESTAKE_NODE_TRACE_H
#define RESTAKE_NODE_TRACE_H

#include "node/node.h"
#include "restake/tracer.h"

/* How one re-executed transaction ended. */
typedef struct {
    rs_b32 hash;
    uint64_t gas_limit;
    uint64_t gas_used;
    bool failed;              /* receipt status 0 */
    uint64_t first_log_index; /* block-wide index of its first log */
} rs_node_traced_tx;

typedef struct rs_node_trace_plan {
    /* The tracer transaction i (hash) runs under; NULL: untraced. */
    rs_tracer *(*tracer_for)(void *ctx, uint32_t i, rs_b32 hash);
    /* After transaction i ran (under tracer_for's tracer). */
    void (*done)(void *ctx, uint32_t i, const rs_node_traced_tx *tx);
    void *ctx;
    rs_tracer *call_tracer; /* rs_node_trace_call_on's */
} rs_node_trace_plan;

/* Re-executes block `number` (after genesis, at most the head) as the plan
 * says. 0, or -1 with *err set. Takes no node lock: the store and the
 * history replay are read as eth_call at a past block reads them. */
int rs_node_trace_block(rs_node *n, uint64_t number, const rs_node_trace_plan *plan, char *err, size_t errlen);

/* rs_node_call_on (to != NULL) or rs_node_create_call_on under tracer t
 * (the state is not changed). */
int rs_node_trace_call_on(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, const rs_addr *to,
                          u256 value, const uint8_t *data, size_t len, rs_tracer *t, rs_buf *ret, uint64_t *gas,
                          rs_buf *revert);

/* The block builder's side (node.c): the tracer of the block's i-th
 * transaction, and its outcome. */
rs_tracer *rs_node_trace_begin(const rs_node_trace_plan *p, uint32_t i, rs_b32 hash);
void rs_node_trace_end(const rs_node_trace_plan *p, uint32_t i, const rs_tx *tx, const rs_receipt *r,
                       uint64_t first_log_index);

#endif
