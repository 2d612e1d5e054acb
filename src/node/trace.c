/* Re-executing a block or a call under a tracer. See node/trace.h. */
#include "node/trace.h"

#include <stdio.h>
#include <stdlib.h>

static int apply_op(void *vn, int64_t seq, int kind, const uint8_t *data, size_t len) {
    (void)seq;
    return rs_node_apply_op(vn, kind, data, len) != 0;
}

rs_tracer *rs_node_trace_begin(const rs_node_trace_plan *p, uint32_t i, rs_b32 hash) {
    return p->tracer_for ? p->tracer_for(p->ctx, i, hash) : NULL;
}

void rs_node_trace_end(const rs_node_trace_plan *p, uint32_t i, const rs_tx *tx, const rs_receipt *r,
                       uint64_t first_log_index) {
    if (!p->done) return;
    rs_node_traced_tx info = {.hash = tx->hash, .gas_limit = tx->gas_limit, .gas_used = r->gas_used,
                              .failed = !r->status, .first_log_index = first_log_index};
    p->done(p->ctx, i, &info);
}

int rs_node_trace_block(rs_node *n, uint64_t number, const rs_node_trace_plan *plan, char *err, size_t errlen) {
    rs_block_header want, parent, got;
    if (number <= n->genesis_number || rs_store_get_block(n->store, number, &want) != 1) {
        snprintf(err, errlen, "block %llu not found", (unsigned long long)number);
        return -1;
    }
    rs_block_txs c = {0};
    if (rs_store_block_txs(n->store, number, rs_block_txs_collect, &c) != 0 || c.bad || c.k != want.ntx) {
        snprintf(err, errlen, "database: transactions of block %llu unreadable", (unsigned long long)number);
        rs_block_txs_free(&c);
        return -1;
    }
    rs_state *st = rs_node_state_at(n, number - 1, &parent, err, errlen);
    if (!st) {
        rs_block_txs_free(&c);
        return -1;
    }
    /* A shadow of the node holds the copy: the operations and the block
     * builder write to it, never to the live node. */
    rs_node shadow = *n;
    shadow.st = st;
    shadow.head = parent;
    shadow.trace = plan;
    int rc = 0;
    if (rs_store_ops_after_block(n->store, number - 1, apply_op, &shadow) != 0) {
        snprintf(err, errlen, "database: unreadable devnet operation after block %llu", (unsigned long long)number - 1);
        rc = -1;
    }
    if (rc == 0) {
        for (size_t i = 0; i < c.k; i++) c.items[i].tx = &c.txs[i];
        rs_node_build_block(&shadow, c.items, c.k, want.timestamp, false, &got);
        if (got.ntx != want.ntx) {
            snprintf(err, errlen, "block %llu does not replay", (unsigned long long)number);
            rc = -1;
        }
        rs_block_items_free(c.items, c.k);
    }
    rs_state_free(shadow.st);
    rs_block_txs_free(&c);
    return rc;
}

int rs_node_trace_call_on(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, const rs_addr *to,
                          u256 value, const uint8_t *data, size_t len, rs_tracer *t, rs_buf *ret, uint64_t *gas,
                          rs_buf *revert) {
    rs_node_trace_plan plan = {.call_tracer = t};
    rs_node shadow = *n; /* the live node is shared: the plan rides on a copy */
    shadow.trace = &plan;
    return to ? rs_node_call_on(&shadow, st, h, from, *to, value, data, len, ret, gas, revert)
              : rs_node_create_call_on(&shadow, st, h, from, value, data, len, ret, gas, revert, false);
}
