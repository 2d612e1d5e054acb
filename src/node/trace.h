/* Re-executing history under a tracer (debug_traceTransaction,
 * debug_traceBlockBy*, debug_traceCall): a block runs again on a copy of its
 * parent's state, with the devnet operations made before it and the earlier
 * transactions of the block applied first, so each transaction sees exactly
 * the state it ran on. The chain is not changed. */
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

typedef struct {
    /* The tracer transaction i (hash) runs under; NULL: untraced. */
    rs_tracer *(*tracer_for)(void *ctx, uint32_t i, rs_b32 hash);
    /* After transaction i ran (under tracer_for's tracer). */
    void (*done)(void *ctx, uint32_t i, const rs_node_traced_tx *tx);
    void *ctx;
    uint32_t last; /* stop after this transaction's index (UINT32_MAX: all) */
} rs_node_trace_plan;

/* Re-executes block `number` (after genesis, at most the head) as the plan
 * says. 0, or -1 with *err set. Takes no node lock: the store and the
 * history replay are read as eth_call at a past block reads them. */
int rs_node_trace_block(rs_node *n, uint64_t number, const rs_node_trace_plan *plan, char *err, size_t errlen);

/* rs_node_call_on under tracer t (the state is not changed). */
int rs_node_trace_call_on(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, rs_addr to, u256 value,
                          const uint8_t *data, size_t len, rs_tracer *t, rs_buf *ret, uint64_t *gas, rs_buf *revert);

#endif
