/* The miner thread: the only writer of state, head and store. It takes every
 * queued job at once, executes them in arrival order, writes the resulting
 * blocks and operations in one SQL transaction, and only then completes the
 * jobs, so no caller hears "done" for something a crash could lose. */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chain/executor.h"
#include "node/node.h"
#include "node/state_file.h"
#include "restake/contracts.h"
#include "restake/limits.h"

rs_job *rs_job_new(rs_job_kind kind) {
    rs_job *j = calloc(1, sizeof *j);
    if (!j) abort();
    j->kind = kind;
    rs_tx_init(&j->tx);
    return j;
}

void rs_job_free(rs_job *j) {
    if (!j) return;
    rs_tx_free(&j->tx);
    free(j->blob);
    free(j);
}

void rs_node_pending_add(rs_node *n, rs_addr a, int delta) {
    size_t i = 0;
    while (i < n->npending && !rs_addr_eq(n->pending[i].from, a)) i++;
    if (i == n->npending) {
        if (delta <= 0) return;
        n->pending = realloc(n->pending, (n->npending + 1) * sizeof *n->pending);
        if (!n->pending) abort();
        n->pending[n->npending++] = (struct rs_pending_count){a, 0};
    }
    assert(i < n->npending && rs_addr_eq(n->pending[i].from, a));
    if (delta < 0 && n->pending[i].count < (uint64_t)-delta)
        n->pending[i].count = 0;
    else
        n->pending[i].count += (uint64_t)(int64_t)delta;
    if (n->pending[i].count == 0) n->pending[i] = n->pending[--n->npending];
    assert(i <= n->npending);
}

uint64_t rs_node_pending_nonce(rs_node *n, rs_addr a) {
    pthread_mutex_lock(&n->lock);
    uint64_t v = rs_account_nonce(n->st, a);
    pthread_mutex_lock(&n->qlock);
    for (size_t i = 0; i < n->npending; i++)
        if (rs_addr_eq(n->pending[i].from, a)) v += n->pending[i].count;
    pthread_mutex_unlock(&n->qlock);
    v = rs_txpool_next_nonce(&n->pool, a, v); /* and the pool's run that follows */
    pthread_mutex_unlock(&n->lock);
    return v;
}

static bool counts_as_pending(const rs_job *j) { return j->kind == RS_JOB_TX || j->kind == RS_JOB_SEND; }

/* Back-pressure: a full queue makes the submitter wait (bounded), then
 * refuses; qlock held. */
static bool wait_for_space(rs_node *n) {
    if (n->queued < RS_MINER_QUEUE_MAX) return true;
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += RS_MINER_QUEUE_WAIT_S;
    while (n->queued >= RS_MINER_QUEUE_MAX && !n->stopping)
        if (pthread_cond_timedwait(&n->space_cond, &n->qlock, &dl) == ETIMEDOUT) break;
    return n->queued < RS_MINER_QUEUE_MAX;
}

void rs_node_submit(rs_node *n, rs_job *j) {
    assert(j != NULL && j != n->qtail);
    j->next = NULL;
    j->done = false;
    pthread_mutex_lock(&n->qlock);
    bool room = n->stopping || n->halted || wait_for_space(n);
    if (n->stopping) {
        j->err = -32000;
        snprintf(j->msg, sizeof j->msg, "node is shutting down");
        j->done = true;
    } else if (n->halted) {
        j->err = -32603;
        snprintf(j->msg, sizeof j->msg, "storage failed and the chain could not be reloaded from disk; "
                                        "writes are refused until the node is restarted");
        j->done = true;
    } else if (!room) {
        j->err = -32005;
        snprintf(j->msg, sizeof j->msg, "the node's queue is full (%d jobs); retry later", RS_MINER_QUEUE_MAX);
        j->done = true;
    } else {
        if (counts_as_pending(j)) rs_node_pending_add(n, j->tx.from, 1);
        n->queued++;
        assert(n->queued <= RS_MINER_QUEUE_MAX);
        if (n->qtail)
            n->qtail->next = j;
        else
            n->qhead = j;
        n->qtail = j;
        assert(n->qhead != NULL && n->qtail->next == NULL);
        /* With --block-time a transaction waits for the next block anyway:
         * the miner takes it at the deadline instead of waking per tx. */
        bool now = !(n->block_time && counts_as_pending(j));
        if (now && !n->qwake) {
            n->qwake = true;
            pthread_cond_signal(&n->qcond); /* the miner is the only waiter */
        }
    }
    pthread_mutex_unlock(&n->qlock);
}

void rs_node_wait(rs_node *n, rs_job *j) {
    pthread_mutex_lock(&n->qlock);
    while (!j->done) pthread_cond_wait(&n->done_cond, &n->qlock);
    pthread_mutex_unlock(&n->qlock);
}

void rs_node_run(rs_node *n, rs_job *j) {
    rs_node_submit(n, j);
    rs_node_wait(n, j);
}

/* ---- one round of work ---- */

typedef struct {
    rs_node *n;
    rs_job **finished; /* completed after the commit */
    size_t nfinished, capfinished;
    rs_job **pending; /* --block-time: txs waiting for the next block */
    size_t npending, cappending;
    /* held_from's running count: pending[0..held_upto) holds held_n
     * transactions of held_addr (a queue of one sender's transactions stays
     * linear, not quadratic). Reset with the pending list (pending_clear). */
    rs_addr held_addr;
    uint64_t held_n;
    size_t held_upto;
    bool in_txn;
    bool failed; /* store write failed: every job of the round reports it */
    bool sealing; /* a block was built this round: the miner holds a core until its commit */
    bool made_block; /* blocks first_block..head were built this round (announced after the commit) */
    uint64_t first_block;
    char failure[200]; /* what the round's jobs report when failed */
} round_ctx;

static void push(rs_job ***arr, size_t *n, size_t *cap, rs_job *j) {
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *arr = realloc(*arr, *cap * sizeof **arr);
        if (!*arr) abort();
    }
    assert(*n < *cap && j != NULL);
    (*arr)[(*n)++] = j;
}

/* ---- event listeners (rs_node_events) ---- */

/* Listeners run under qlock, which rs_node_set_events takes too: once it
 * returns, the old listeners are never called again. */
static void announce_tx(rs_node *n, rs_b32 hash) {
    if (!atomic_load(&n->events)) return;
    pthread_mutex_lock(&n->qlock);
    const rs_node_events *e = atomic_load(&n->events);
    if (e && e->pending_tx) e->pending_tx(e->ctx, hash);
    pthread_mutex_unlock(&n->qlock);
}

static void announce_blocks(round_ctx *r) {
    rs_node *n = r->n;
    bool made = r->made_block && !r->failed;
    r->made_block = false;
    if (!made || !atomic_load(&n->events)) return;
    uint64_t last = rs_node_head(n).number;
    pthread_mutex_lock(&n->qlock);
    const rs_node_events *e = atomic_load(&n->events);
    if (e && e->blocks) e->blocks(e->ctx, r->first_block, last);
    pthread_mutex_unlock(&n->qlock);
}

static void finish(round_ctx *r, rs_job *j) { push(&r->finished, &r->nfinished, &r->capfinished, j); }

static void fail(rs_job *j, int code, const char *msg) {
    j->err = code;
    snprintf(j->msg, sizeof j->msg, "%s", msg);
}

static void txn(round_ctx *r) {
    if (!r->in_txn) {
        if (rs_store_begin(r->n->store) != 0) r->failed = true;
        r->in_txn = true;
    }
}

/* A failed commit leaves the store refusing writes (rs_store_commit) until
 * the round ends with the in-memory chain rolled back (recover_from_failure):
 * nothing later in the round can be written on top of the lost batch. */
static void commit(round_ctx *r) {
    if (r->in_txn && rs_store_commit(r->n->store) != 0) r->failed = true;
    r->in_txn = false;
}

/* The devnet clock (evm_increaseTime, evm_setNextBlockTimestamp) is kept
 * with the chain, in the same SQL transaction as what changed it. */
static void persist_clock(round_ctx *r) {
    rs_node *n = r->n;
    txn(r);
    if (rs_node_store_clock(n) != 0) r->failed = true;
}

static void maybe_snapshot(round_ctx *r) {
    rs_node *n = r->n;
    if (n->head.number - n->last_snapshot_block < n->snapshot_blocks && n->txs_since_snapshot < n->snapshot_txs) return;
    /* RPC readers (eth_call, gas estimation) run on n->st under the node
     * lock and may grow it while reverting; serialise it under that lock. */
    rs_buf data;
    rs_buf_init(&data);
    pthread_mutex_lock(&n->lock);
    rs_store_snapshot_encode(n->st, &data);
    rs_b32 root = rs_state_root(n->st);
    pthread_mutex_unlock(&n->lock);
    txn(r);
    if (rs_store_put_snapshot_data(n->store, n->head.number, root, data.p, data.len) != 0) r->failed = true;
    rs_buf_free(&data);
    /* keep the previous one too: one snapshot's worth of replay is the worst case */
    if (rs_store_prune_snapshots(n->store, n->last_snapshot_block) != 0) r->failed = true;
    n->last_snapshot_block = n->head.number;
    n->txs_since_snapshot = 0;
}

/* Seals the given tx jobs into one block (no block when none of them is
 * valid and allow_empty is false). */
static void prepare_send(rs_node *n, rs_job *j) {
    if (j->kind != RS_JOB_SEND) return;
    if (j->fill_nonce) {
        pthread_mutex_lock(&n->lock);
        j->tx.nonce = rs_account_nonce(n->st, j->tx.from);
        pthread_mutex_unlock(&n->lock);
    }
    if (!j->is_unsigned) {
        int d = rs_node_dev_index(n, j->tx.from);
        if (d < 0 || !rs_tx_sign(&j->tx, n->dev_keys[d])) fail(j, -32000, "cannot sign for this account");
    }
}

/* Seals the given tx jobs into one block. With allow_empty false (automine)
 * no block is made unless some tx is valid. */
static void seal(round_ctx *r, rs_job **jobs, size_t k, bool allow_empty, uint64_t ts) {
    rs_node *n = r->n;
    /* an interval block seals everything that arrived in the interval while
     * every sender waits for it; automine blocks are one tx each */
    if (n->block_time && !r->sealing) {
        rs_cpu_gate_miner_busy(&n->recover_gate, true); /* until the commit */
        r->sealing = true;
    }
    rs_block_item *items = calloc(k ? k : 1, sizeof *items);
    rs_job **used = calloc(k ? k : 1, sizeof *used);
    if (!items || !used) abort();
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        prepare_send(n, jobs[i]);
        if (jobs[i]->err) continue;
        used[m] = jobs[i];
        items[m].tx = &jobs[i]->tx;
        items[m].is_unsigned = jobs[i]->is_unsigned;
        m++;
    }
    pthread_mutex_lock(&n->lock);
    size_t valid = 0;
    for (size_t i = 0; i < m && !allow_empty; i++) { /* automine: no block for an invalid tx */
        items[i].status = rs_node_tx_check(n, items[i].tx);
        valid += items[i].status == RS_EXEC_OK;
    }
    /* executed (or refused) now: no longer pending, under the node lock so
     * that rs_node_pending_nonce never counts a tx twice */
    pthread_mutex_lock(&n->qlock);
    for (size_t i = 0; i < k; i++) rs_node_pending_add(n, jobs[i]->tx.from, -1);
    pthread_mutex_unlock(&n->qlock);
    rs_block_header h;
    bool made = false;
    bool clock_used = false;
    assert(m <= k && valid <= m);
    if (valid > 0 || allow_empty) {
        rs_node_build_block(n, items, m, ts, n->block_time > 0, &h);
        assert(h.ntx <= m);
        clock_used = n->next_timestamp != 0;
        n->next_timestamp = 0;
        n->head = h;
        n->txs_since_snapshot += h.ntx;
        n->mined_txs += h.ntx;
        made = true;
        if (!r->made_block) r->first_block = h.number;
        r->made_block = true;
    }
    pthread_mutex_unlock(&n->lock);
    if (made) {
        txn(r);
        if (rs_store_put_block(n->store, &h) != 0) r->failed = true;
        if (clock_used) persist_clock(r);
    }
    for (size_t i = 0; i < m; i++) {
        rs_job *j = used[i];
        if (items[i].row.raw) {
            if (rs_store_put_tx(n->store, &items[i].row) != 0) r->failed = true;
            j->hash = items[i].row.hash;
            if (!j->detached) announce_tx(n, j->hash); /* a pooled one was announced on entry */
        } else {
            fail(j, -32000, rs_exec_status_str((rs_exec_status)items[i].status));
        }
    }
    for (size_t i = 0; i < k; i++) finish(r, jobs[i]);
    rs_block_items_free(items, m);
    free(items);
    free(used);
    if (made) maybe_snapshot(r);
}

/* ---- the transaction pool (src/node/txpool.h) ---- */

static void pending_count(rs_node *n, rs_addr from, int delta) {
    pthread_mutex_lock(&n->qlock);
    rs_node_pending_add(n, from, delta);
    pthread_mutex_unlock(&n->qlock);
}

/* Transactions of this sender the round holds for the next interval block. */
static uint64_t held_from(round_ctx *r, rs_addr from) {
    if (!rs_addr_eq(r->held_addr, from) || r->held_upto > r->npending) {
        r->held_addr = from;
        r->held_n = 0;
        r->held_upto = 0;
    }
    for (; r->held_upto < r->npending; r->held_upto++) r->held_n += rs_addr_eq(r->pending[r->held_upto]->tx.from, from);
    assert(r->held_n <= r->npending);
    return r->held_n;
}

static void pending_clear(round_ctx *r) {
    r->npending = 0;
    r->held_n = 0;
    r->held_upto = 0;
}

/* Signs an eth_sendTransaction now (its nonce and hash are needed to place
 * it), making it an ordinary transaction job. */
static void settle_send(round_ctx *r, rs_job *j) {
    rs_node *n = r->n;
    if (j->kind != RS_JOB_SEND) return;
    if (j->fill_nonce) { /* after the ones held for the next block and the pool's run */
        pthread_mutex_lock(&n->lock);
        uint64_t v = rs_account_nonce(n->st, j->tx.from) + held_from(r, j->tx.from);
        j->tx.nonce = rs_txpool_next_nonce(&n->pool, j->tx.from, v);
        pthread_mutex_unlock(&n->lock);
        j->fill_nonce = false;
    }
    prepare_send(n, j);
    if (j->err) return;
    j->fill_nonce = false;
    j->kind = RS_JOB_TX;
}

/* Checks everything but the nonce, as the block will. */
static rs_exec_status check_but_nonce(rs_node *n, rs_tx *tx) {
    uint64_t nonce = tx->nonce;
    tx->nonce = rs_account_nonce(n->st, tx->from);
    rs_exec_status s = (rs_exec_status)rs_node_tx_check(n, tx);
    tx->nonce = nonce;
    return s;
}

/* A transaction that cannot be mined now (a nonce gap, or automine off)
 * goes to the pool and its sender hears its hash at once, as on anvil.
 * true when the job was handled (pooled, or refused). */
static bool admit_to_pool(round_ctx *r, rs_job *j) {
    rs_node *n = r->n;
    settle_send(r, j);
    if (j->err) return false; /* seal reports it */
    pthread_mutex_lock(&n->lock);
    uint64_t expected = rs_account_nonce(n->st, j->tx.from) + held_from(r, j->tx.from);
    bool gap = j->tx.nonce > expected;
    bool replaces = rs_txpool_find(&n->pool, j->tx.from, j->tx.nonce) >= 0;
    if (!(gap || replaces || (n->automine_off && j->tx.nonce >= expected))) {
        pthread_mutex_unlock(&n->lock);
        return false;
    }
    rs_exec_status cs = check_but_nonce(n, &j->tx);
    if (cs != RS_EXEC_OK) {
        fail(j, -32000, rs_exec_status_str(cs));
    } else {
        if (j->is_unsigned) {
            rs_buf raw;
            rs_buf_init(&raw);
            rs_tx_encode(&j->tx, &raw);
            j->tx.hash = rs_tx_unsigned_hash(raw.p, raw.len, j->tx.from);
            rs_buf_free(&raw);
        }
        rs_b32 hash = j->tx.hash;
        rs_addr from = j->tx.from;
        bool known = rs_txpool_find_hash(&n->pool, hash) >= 0;
        rs_pool_add_status ps = known ? RS_POOL_UNDERPRICED : rs_txpool_add(&n->pool, &j->tx, j->is_unsigned);
        j->tx.from = from;
        if (known)
            fail(j, -32003, "transaction already imported");
        else if (ps == RS_POOL_UNDERPRICED)
            fail(j, -32003, "replacement transaction underpriced");
        else if (ps == RS_POOL_FULL)
            fail(j, -32003, "txpool is full");
        else
            j->hash = hash;
    }
    pthread_mutex_unlock(&n->lock);
    if (!j->err) announce_tx(n, j->hash);
    pending_count(n, j->tx.from, -1);
    finish(r, j);
    return true;
}

/* The pool's transaction that follows its sender's state nonce (plus
 * `held`), as a job nobody waits for; NULL when there is none. */
static rs_job *take_next(rs_node *n, rs_addr from, uint64_t held) {
    pthread_mutex_lock(&n->lock);
    long i = rs_txpool_find(&n->pool, from, rs_account_nonce(n->st, from) + held);
    rs_job *dj = NULL;
    if (i >= 0) {
        dj = rs_job_new(RS_JOB_TX);
        dj->detached = true;
        rs_tx_free(&dj->tx);
        rs_txpool_remove(&n->pool, (size_t)i, &dj->tx, &dj->is_unsigned);
    }
    pthread_mutex_unlock(&n->lock);
    if (dj) pending_count(n, from, 1);
    return dj;
}

static void seal_pending(round_ctx *r, uint64_t ts);

/* After a transaction of `from` is mined: its queued successors, now
 * consecutive, follow one block each (automine, as anvil mines them). */
static void mine_successors(round_ctx *r, rs_addr from) {
    rs_node *n = r->n;
    for (size_t k = 0; k < RS_TXPOOL_PER_SENDER_MAX; k++) {
        rs_job *dj = take_next(n, from, 0);
        if (!dj) return;
        pthread_mutex_lock(&n->lock);
        uint64_t ts = rs_node_next_timestamp(n);
        pthread_mutex_unlock(&n->lock);
        seal(r, &dj, 1, false, ts);
    }
}

/* --block-time: the successors join the transactions held for the next block. */
static void hold_successors(round_ctx *r, rs_addr from) {
    for (size_t k = 0; k < RS_TXPOOL_PER_SENDER_MAX; k++) {
        rs_job *dj = take_next(r->n, from, held_from(r, from));
        if (!dj) return;
        push(&r->pending, &r->npending, &r->cappending, dj);
    }
}

/* evm_mine / anvil_mine with automine off: every pending pool transaction,
 * in arrival order, each after its sender's earlier nonces. */
static void take_pending(round_ctx *r) {
    rs_node *n = r->n;
    for (bool progress = true; progress;) {
        progress = false;
        pthread_mutex_lock(&n->lock);
        for (size_t i = 0; i < n->pool.n; i++) {
            rs_tx *tx = &n->pool.items[i].tx;
            if (tx->nonce != rs_account_nonce(n->st, tx->from) + held_from(r, tx->from)) continue;
            rs_job *dj = rs_job_new(RS_JOB_TX);
            dj->detached = true;
            rs_tx_free(&dj->tx);
            rs_txpool_remove(&n->pool, i, &dj->tx, &dj->is_unsigned);
            push(&r->pending, &r->npending, &r->cappending, dj);
            pthread_mutex_lock(&n->qlock);
            rs_node_pending_add(n, dj->tx.from, 1);
            pthread_mutex_unlock(&n->qlock);
            progress = true;
            break;
        }
        pthread_mutex_unlock(&n->lock);
    }
}

static void seal_pending(round_ctx *r, uint64_t ts) {
    assert(r->npending <= r->cappending);
    seal(r, r->pending, r->npending, true, ts);
    pending_clear(r);
}

static void op(round_ctx *r, rs_job *j, int kind, const uint8_t *data, size_t len) {
    rs_node *n = r->n;
    pthread_mutex_lock(&n->lock);
    rs_node_apply_op(n, kind, data, len);
    uint64_t after = n->head.number;
    pthread_mutex_unlock(&n->lock);
    txn(r);
    if (rs_store_put_op(n->store, after, kind, data, len) < 0) r->failed = true;
    finish(r, j);
}

/* Like op(), but an operation the state refuses changes and records nothing. */
static void checked_op(round_ctx *r, rs_job *j) {
    rs_node *n = r->n;
    pthread_mutex_lock(&n->lock);
    int rc = rs_node_apply_op(n, (int)j->delta, j->tx.data, j->tx.data_len);
    uint64_t after = n->head.number;
    pthread_mutex_unlock(&n->lock);
    if (rc != 0) {
        fail(j, -32602, "the account holds a native contract, which has no EVM code or storage to set");
        finish(r, j);
        return;
    }
    txn(r);
    if (rs_store_put_op(n->store, after, (int)j->delta, j->tx.data, j->tx.data_len) < 0) r->failed = true;
    finish(r, j);
}

/* Like op(), but a control naming an unknown validator changes and records nothing. */
static void beacon_op(round_ctx *r, rs_job *j) {
    rs_node *n = r->n;
    uint8_t d[40];
    size_t len = 16;
    bool root = j->delta == RS_OP_BEACON_ROOT;
    rs_be64_put(d, root ? j->ts : j->count);
    rs_be64_put(d + 8, j->value.w[0]);
    if (root) {
        u256_to_be(j->value, d + 8);
        len = 40;
    }
    pthread_mutex_lock(&n->lock);
    int rc = rs_node_apply_op(n, (int)j->delta, d, len);
    uint64_t after = n->head.number;
    pthread_mutex_unlock(&n->lock);
    if (rc != 0) {
        fail(j, -32602, n->beacon_sim ? "no such validator, or it cannot do that now" : "the beacon chain simulation is off");
    } else {
        txn(r);
        if (rs_store_put_op(n->store, after, (int)j->delta, d, len) < 0) r->failed = true;
    }
    finish(r, j);
}

static void do_snapshot(round_ctx *r, rs_job *j) {
    rs_node *n = r->n;
    commit(r); /* the op sequence number must count everything before */
    pthread_mutex_lock(&n->lock);
    rs_node_snapshot s = {.id = n->next_snap_id++, .state = rs_state_clone(n->st), .head = n->head,
                          .op_seq = rs_store_last_op_seq(n->store), .time_offset = n->time_offset};
    n->snaps = realloc(n->snaps, (n->nsnaps + 1) * sizeof *n->snaps);
    if (!n->snaps || !s.state) abort();
    n->snaps[n->nsnaps++] = s;
    pthread_mutex_unlock(&n->lock);
    j->out = s.id;
    finish(r, j);
}

static void do_revert(round_ctx *r, rs_job *j) {
    rs_node *n = r->n;
    commit(r);
    pthread_mutex_lock(&n->lock);
    size_t i = 0;
    while (i < n->nsnaps && n->snaps[i].id != j->out) i++;
    if (i == n->nsnaps) {
        pthread_mutex_unlock(&n->lock);
        j->out_bool = false;
        finish(r, j);
        return;
    }
    rs_node_snapshot s = n->snaps[i];
    /* On a durable chain this is a truncation of the data directory
     * (docs/security.md): said on stderr, since acknowledged blocks go. */
    if (n->durable && n->head.number > s.head.number)
        fprintf(stderr, "restake: evm_revert: blocks %llu..%llu discarded from the data directory\n",
                (unsigned long long)s.head.number + 1, (unsigned long long)n->head.number);
    txn(r);
    if (rs_store_truncate(n->store, s.head.number, s.op_seq) != 0) r->failed = true;
    if (n->last_snapshot_block > s.head.number) n->last_snapshot_block = s.head.number;
    rs_state_free(n->st);
    n->st = s.state;
    n->head = s.head;
    n->time_offset = s.time_offset;
    n->next_timestamp = 0;
    persist_clock(r);
    for (size_t k = i + 1; k < n->nsnaps; k++) rs_state_free(n->snaps[k].state);
    n->nsnaps = i; /* this snapshot and every later one are used up, as on anvil */
    pthread_mutex_unlock(&n->lock);
    /* pending --block-time txs were built on the abandoned history */
    for (size_t k = 0; k < r->npending; k++) {
        pthread_mutex_lock(&n->qlock);
        rs_node_pending_add(n, r->pending[k]->tx.from, -1);
        pthread_mutex_unlock(&n->qlock);
        fail(r->pending[k], -32000, "dropped by evm_revert");
        finish(r, r->pending[k]);
    }
    pending_clear(r);
    j->out_bool = true;
    finish(r, j);
}

static void do_mine(round_ctx *r, rs_job *j) {
    rs_node *n = r->n;
    /* Like evm_setNextBlockTimestamp (and anvil): time never runs backwards. */
    if (j->has_ts) {
        pthread_mutex_lock(&n->lock);
        bool before = j->ts < n->head.timestamp;
        pthread_mutex_unlock(&n->lock);
        if (before || j->ts > RS_TIMESTAMP_MAX) {
            fail(j, -32602, before ? "timestamp is before the latest block's"
                                   : "timestamp is beyond the largest block timestamp allowed");
            finish(r, j);
            return;
        }
    }
    pthread_mutex_lock(&n->lock);
    bool manual = n->automine_off;
    pthread_mutex_unlock(&n->lock);
    if (manual) take_pending(r);
    /* the pool's transactions go into the first block of the run */
    uint64_t first = 0;
    if (r->npending && j->count) {
        pthread_mutex_lock(&n->lock);
        if (j->has_ts) n->next_timestamp = j->ts;
        n->time_offset += j->delta;
        uint64_t ts = rs_node_next_timestamp(n);
        if (j->delta) ts = (j->has_ts ? n->head.timestamp : ts) + (uint64_t)j->delta;
        pthread_mutex_unlock(&n->lock);
        seal_pending(r, ts);
        first = 1;
    } else if (r->npending) {
        pthread_mutex_lock(&n->lock);
        uint64_t ts = rs_node_next_timestamp(n);
        pthread_mutex_unlock(&n->lock);
        seal_pending(r, ts);
    }
    for (uint64_t b = first; b < j->count; b++) {
        pthread_mutex_lock(&n->lock);
        if (b == 0 && j->has_ts) n->next_timestamp = j->ts;
        /* anvil_mine's interval: the first block one interval after the
         * clock, each next one exactly one interval after the last, and the
         * clock left at the last block's time */
        uint64_t ts = rs_node_next_timestamp(n);
        if (j->delta) ts = (b == 0 && !j->has_ts ? ts : n->head.timestamp) + (uint64_t)j->delta;
        if (j->delta && b + 1 == j->count) n->time_offset = (int64_t)ts - (int64_t)time(NULL);
        pthread_mutex_unlock(&n->lock);
        seal(r, NULL, 0, true, ts);
    }
    if (j->delta && j->count) persist_clock(r);
    finish(r, j);
}

/* --block-time transactions held for the next block belong to the history
 * being replaced (evm_revert, anvil_reset). */
static void drop_held(round_ctx *r, const char *why) {
    rs_node *n = r->n;
    for (size_t k = 0; k < r->npending; k++) {
        pthread_mutex_lock(&n->qlock);
        rs_node_pending_add(n, r->pending[k]->tx.from, -1);
        pthread_mutex_unlock(&n->qlock);
        fail(r->pending[k], -32000, why);
        finish(r, r->pending[k]);
    }
    pending_clear(r);
}

/* anvil_reset: the store forgets every block after genesis (in memory only:
 * the RPC method refuses a durable node). */
static void do_reset(round_ctx *r, rs_job *j) {
    rs_node *n = r->n;
    commit(r);
    txn(r);
    if (rs_store_truncate(n->store, n->genesis_number, 0) != 0) r->failed = true;
    rs_node_reset_to_genesis(n);
    persist_clock(r);
    drop_held(r, "dropped by anvil_reset");
    finish(r, j);
}

/* anvil_loadState: the file's state becomes the head's, in a block of its
 * own at the file's head number (or the next one when the chain is already
 * past it: a chain never goes back), stored with a snapshot of that state so
 * that recovery starts from it. */
static void do_load_state(round_ctx *r, rs_job *j) {
    rs_node *n = r->n;
    rs_state_file f;
    if (!rs_state_file_decode(j->blob, j->blob_len, &f, j->msg, sizeof j->msg)) {
        j->err = -32602;
        finish(r, j);
        return;
    }
    if (f.chain_id != n->chain_id) {
        fail(j, -32602, "the state file is for another chain id");
        snprintf(j->msg, sizeof j->msg, "state file is for chain id %llu; this node runs chain id %llu",
                 (unsigned long long)f.chain_id, (unsigned long long)n->chain_id);
        rs_state_free(f.st);
        finish(r, j);
        return;
    }
    commit(r);
    pthread_mutex_lock(&n->lock);
    rs_block_header h;
    memset(&h, 0, sizeof h);
    h.number = f.number > n->head.number ? f.number : n->head.number + 1;
    h.parent_hash = n->head.hash;
    h.timestamp = f.timestamp > n->head.timestamp ? f.timestamp : n->head.timestamp;
    h.gas_limit = n->blk.gas_limit;
    h.base_fee = n->blk.base_fee;
    h.coinbase = n->blk.coinbase;
    h.tx_root = rs_ordered_trie_root(NULL, NULL, 0);
    h.receipts_root = h.tx_root;
    h.state_root = rs_state_root(f.st);
    rs_block_seal(&h);
    rs_state_free(n->st);
    n->st = f.st;
    n->head = h;
    rs_txpool_prune(&n->pool, n->st);
    n->last_snapshot_block = h.number;
    n->txs_since_snapshot = 0;
    rs_buf data;
    rs_buf_init(&data);
    rs_store_snapshot_encode(n->st, &data);
    pthread_mutex_unlock(&n->lock);
    txn(r);
    if (rs_store_put_block(n->store, &h) != 0 ||
        rs_store_put_snapshot_data(n->store, h.number, h.state_root, data.p, data.len) != 0)
        r->failed = true;
    rs_buf_free(&data);
    drop_held(r, "dropped by anvil_loadState");
    j->out = h.number;
    j->out_bool = true;
    finish(r, j);
}

static void process(round_ctx *r, rs_job *j) {
    rs_node *n = r->n;
    switch (j->kind) {
    case RS_JOB_TX:
    case RS_JOB_SEND: {
        if (admit_to_pool(r, j)) break;
        rs_addr from = j->tx.from;
        if (n->block_time) {
            push(&r->pending, &r->npending, &r->cappending, j);
            hold_successors(r, from);
        } else {
            pthread_mutex_lock(&n->lock);
            uint64_t ts = rs_node_next_timestamp(n);
            pthread_mutex_unlock(&n->lock);
            seal(r, &j, 1, false, ts);
            mine_successors(r, from);
        }
        break;
    }
    case RS_JOB_MINE: do_mine(r, j); break;
    case RS_JOB_SET_BALANCE: {
        uint8_t d[52];
        memcpy(d, j->addr.b, 20);
        u256_to_be(j->value, d + 20);
        op(r, j, RS_OP_SET_BALANCE, d, sizeof d);
        break;
    }
    case RS_JOB_SET_NONCE: {
        uint8_t d[28];
        memcpy(d, j->addr.b, 20);
        rs_be64_put(d + 20, j->value.w[0]);
        op(r, j, RS_OP_SET_NONCE, d, sizeof d);
        break;
    }
    case RS_JOB_OP: checked_op(r, j); break;
    case RS_JOB_BEACON: beacon_op(r, j); break;
    case RS_JOB_RESET: do_reset(r, j); break;
    case RS_JOB_LOAD_STATE: do_load_state(r, j); break;
    case RS_JOB_SNAPSHOT: do_snapshot(r, j); break;
    case RS_JOB_REVERT: do_revert(r, j); break;
    case RS_JOB_INCREASE_TIME:
        pthread_mutex_lock(&n->lock);
        if (j->delta < 0) {
            fail(j, -32602, "seconds must be non-negative: the clock never runs backwards");
        } else if (j->delta > (int64_t)RS_TIMESTAMP_MAX ||
                   rs_node_now(n) + n->time_offset + j->delta > (int64_t)RS_TIMESTAMP_MAX) {
            fail(j, -32602, "the clock would pass the largest block timestamp allowed");
        } else {
            n->time_offset += j->delta;
            j->out = (uint64_t)n->time_offset;
        }
        pthread_mutex_unlock(&n->lock);
        if (!j->err) persist_clock(r);
        finish(r, j);
        break;
    case RS_JOB_SET_NEXT_TS:
        pthread_mutex_lock(&n->lock);
        if (j->ts < n->head.timestamp) {
            fail(j, -32602, "timestamp is before the latest block's");
        } else if (j->ts > RS_TIMESTAMP_MAX) {
            fail(j, -32602, "timestamp is beyond the largest block timestamp allowed");
        } else {
            n->next_timestamp = j->ts;
            n->time_offset = (int64_t)j->ts - rs_node_now(n);
        }
        pthread_mutex_unlock(&n->lock);
        if (!j->err) persist_clock(r);
        finish(r, j);
        break;
    }
}

static void complete(round_ctx *r) {
    rs_node *n = r->n;
    pthread_mutex_lock(&n->qlock);
    /* Jobs the pool released (detached) never entered the submit queue, so
     * only the others give back queue room. */
    size_t submitted = 0;
    for (size_t i = 0; i < r->nfinished; i++) {
        rs_job *j = r->finished[i];
        if (r->failed && !j->err) fail(j, -32603, r->failure);
        if (j->detached) {
            rs_job_free(j);
        } else {
            j->done = true;
            submitted++;
        }
    }
    assert(n->queued >= submitted);
    n->queued -= submitted;
    if (r->nfinished) pthread_cond_broadcast(&n->space_cond);
    /* a round that finished nothing (--block-time between blocks) must not
     * wake every waiting connection thread for nothing */
    if (r->nfinished) pthread_cond_broadcast(&n->done_cond);
    r->nfinished = 0;
    pthread_mutex_unlock(&n->qlock);
}

static struct timespec deadline_after(uint64_t seconds) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += (time_t)seconds;
    return t;
}

static bool reached(const struct timespec *d) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return now.tv_sec > d->tv_sec || (now.tv_sec == d->tv_sec && now.tv_nsec >= d->tv_nsec);
}

/* After a failed batch: the store is rolled back to its last commit, and the
 * in-memory chain follows it, so the next block is built on the last stored
 * one (no hole) and is stored once space returns. Clients of the round are
 * told nothing of theirs was kept; reads go on being served throughout. */
static void recover_from_failure(round_ctx *r) {
    rs_node *n = r->n;
    rs_store_rollback(n->store);
    char err[120] = "";
    if (rs_node_resync(n, err, sizeof err) == 0) {
        uint64_t head = rs_node_head(n).number;
        snprintf(r->failure, sizeof r->failure,
                 "storage write failed (disk full or I/O error): nothing of this request was kept; "
                 "the chain is back at block %llu, its last stored block; retry later",
                 (unsigned long long)head);
        fprintf(stderr, "restake: storage write failed; chain rolled back to stored block %llu\n",
                (unsigned long long)head);
        return;
    }
    pthread_mutex_lock(&n->qlock);
    n->halted = true;
    pthread_mutex_unlock(&n->qlock);
    snprintf(r->failure, sizeof r->failure, "storage write failed and the chain cannot be reloaded (%.100s); "
                                            "restart the node", err);
    fprintf(stderr, "restake: storage failed and the chain cannot be reloaded (%s); writes are refused\n", err);
}

void *rs_node_miner_main(void *arg) {
    rs_node *n = arg;
    round_ctx r = {.n = n};
    struct timespec deadline = deadline_after(n->block_time);
    for (;;) {
        pthread_mutex_lock(&n->qlock);
        while (!n->qwake && !n->stopping && !(n->block_time && reached(&deadline))) {
            if (n->block_time)
                pthread_cond_timedwait(&n->qcond, &n->qlock, &deadline);
            else
                pthread_cond_wait(&n->qcond, &n->qlock);
        }
        rs_job *list = n->qhead;
        n->qhead = n->qtail = NULL;
        n->qwake = false;
        bool stop = n->stopping;
        uint64_t bt = n->block_time;
        if (n->block_time_changed) { /* evm_setIntervalMining */
            deadline = deadline_after(bt);
            n->block_time_changed = false;
        }
        pthread_mutex_unlock(&n->qlock);

        r.failed = false;
        for (rs_job *j = list, *next; j; j = next) {
            next = j->next;
            process(&r, j);
        }
        /* (interval mining switched off: what it held is mined at once) */
        if ((bt && (reached(&deadline) || (stop && r.npending))) || (!bt && r.npending)) {
            pthread_mutex_lock(&n->lock);
            uint64_t ts = rs_node_next_timestamp(n);
            pthread_mutex_unlock(&n->lock);
            seal_pending(&r, ts);
            deadline.tv_sec += (time_t)bt;
            if (reached(&deadline)) deadline = deadline_after(bt);
        }
        /* the commit mostly waits for the disk: recoveries may have the core */
        if (r.sealing) rs_cpu_gate_miner_busy(&n->recover_gate, false);
        r.sealing = false;
        commit(&r);
        if (r.failed) recover_from_failure(&r);
        complete(&r);
        announce_blocks(&r);
        if (stop) break;
    }
    free(r.finished);
    free(r.pending);
    return NULL;
}
