/* Re-executing a block or a call under a tracer. See node/trace.h. */
#include "node/trace.h"

#include <stdio.h>
#include <stdlib.h>

#include "chain/executor.h"
#include "devnet/beacon_sim.h"
#include "restake/router.h"

typedef struct {
    rs_tx *txs;
    rs_b32 *hashes;
    size_t k, cap;
    bool bad;
} block_txs;

static int collect(void *vctx, const rs_stored_tx *t) {
    block_txs *c = vctx;
    if (c->k == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->txs = realloc(c->txs, c->cap * sizeof *c->txs);
        c->hashes = realloc(c->hashes, c->cap * sizeof *c->hashes);
        if (!c->txs || !c->hashes) abort();
    }
    rs_tx *tx = &c->txs[c->k];
    rs_tx_status st = t->is_unsigned ? rs_tx_decode_unsigned(t->raw, t->raw_len, t->from, tx)
                                     : rs_tx_decode(t->raw, t->raw_len, tx);
    if (st != RS_TX_OK) {
        c->bad = true;
        return 1;
    }
    tx->from = t->from; /* recovered when it was accepted; the row is trusted */
    c->hashes[c->k++] = t->hash;
    return 0;
}

static void block_txs_free(block_txs *c) {
    for (size_t i = 0; i < c->k; i++) rs_tx_free(&c->txs[i]);
    free(c->txs);
    free(c->hashes);
}

static int apply_op(void *vn, int64_t seq, int kind, const uint8_t *data, size_t len) {
    (void)seq;
    return rs_node_apply_op(vn, kind, data, len) != 0;
}

/* Runs the block's transactions on st (its parent's state plus the devnet
 * operations made before it) as rs_node_build_block does. */
static int run_block(rs_node *n, rs_state *st, const rs_block_header *h, block_txs *c,
                     const rs_node_trace_plan *plan, char *err, size_t errlen) {
    rs_env e;
    rs_env_init(&e, st, &n->params);
    rs_router_attach(&e);
    e.block_number = h->number;
    e.timestamp = h->timestamp;
    beacon_sim_on_block(st, &n->params, h->timestamp);
    uint64_t cum = 0, nlogs = 0;
    int rc = 0;
    for (size_t i = 0; i < c->k && rc == 0; i++) {
        e.tracer = plan->tracer_for ? plan->tracer_for(plan->ctx, (uint32_t)i, c->hashes[i]) : NULL;
        rs_receipt r;
        rs_exec_status s = rs_exec_apply(&e, &c->txs[i], h->base_fee, cum, &r);
        e.tracer = NULL;
        if (s != RS_EXEC_OK) {
            snprintf(err, errlen, "transaction %zu of block %llu does not replay: %s", i,
                     (unsigned long long)h->number, rs_exec_status_str(s));
            rc = -1;
            break;
        }
        rs_node_traced_tx info = {.hash = c->hashes[i], .gas_limit = c->txs[i].gas_limit, .gas_used = r.gas_used,
                                  .failed = !r.status, .first_log_index = nlogs};
        cum = r.cumulative_gas;
        nlogs += r.nlogs;
        rs_receipt_free(&r);
        if (plan->done) plan->done(plan->ctx, (uint32_t)i, &info);
        if (i == plan->last) break;
    }
    rs_env_free(&e);
    return rc;
}

int rs_node_trace_block(rs_node *n, uint64_t number, const rs_node_trace_plan *plan, char *err, size_t errlen) {
    rs_block_header h, parent;
    if (number <= n->genesis_number || rs_store_get_block(n->store, number, &h) != 1) {
        snprintf(err, errlen, "block %llu not found", (unsigned long long)number);
        return -1;
    }
    block_txs c = {0};
    if (rs_store_block_txs(n->store, number, collect, &c) != 0 || c.bad || c.k != h.ntx) {
        snprintf(err, errlen, "database: transactions of block %llu unreadable", (unsigned long long)number);
        block_txs_free(&c);
        return -1;
    }
    rs_state *st = rs_node_state_at(n, number - 1, &parent, err, errlen);
    if (!st) {
        block_txs_free(&c);
        return -1;
    }
    /* The operations apply to a shadow of the node holding the copy. */
    rs_node shadow = *n;
    shadow.st = st;
    shadow.head = parent;
    int rc = 0;
    if (rs_store_ops_after_block(n->store, number - 1, apply_op, &shadow) != 0) {
        snprintf(err, errlen, "database: unreadable devnet operation after block %llu", (unsigned long long)number - 1);
        rc = -1;
    }
    if (rc == 0) rc = run_block(n, st, &h, &c, plan, err, errlen);
    rs_state_free(st);
    block_txs_free(&c);
    return rc;
}

int rs_node_trace_call_on(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, rs_addr to, u256 value,
                          const uint8_t *data, size_t len, rs_tracer *t, rs_buf *ret, uint64_t *gas, rs_buf *revert) {
    rs_env e;
    rs_env_init(&e, st, &n->params);
    rs_router_attach(&e);
    e.block_number = h->number;
    e.timestamp = h->timestamp;
    e.tracer = t;
    int rc = rs_exec_call(&e, from, to, value, data, len, ret, gas);
    if (rc != RS_OK && revert) rs_buf_put(revert, e.revert, e.revert_len);
    rs_env_free(&e);
    return rc;
}
