/* eth_subscription notifications. The miner's hooks (rs_node_events) only
 * record what happened (a range of committed blocks, accepted transaction
 * hashes) and signal; this thread reads the blocks back from the store and
 * queues a notification on every matching subscription. Queuing never
 * waits for a client (rs_ws_queue_locked), so neither the miner nor this
 * thread is ever held up by a slow consumer. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "restake/limits.h"
#include "rpc/rpc_json.h"
#include "rpc/ws_conn.h"

static void on_blocks(void *ctx, uint64_t first, uint64_t last) {
    rs_ws_hub *h = ctx;
    assert(first <= last);
    pthread_mutex_lock(&h->ev_mu);
    h->blocks_lo = h->blocks_new && h->blocks_lo < first ? h->blocks_lo : first;
    h->blocks_hi = last;
    h->blocks_new = true;
    pthread_cond_signal(&h->ev_cond);
    pthread_mutex_unlock(&h->ev_mu);
}

static void on_pending_tx(void *ctx, rs_b32 hash) {
    rs_ws_hub *h = ctx;
    if (!atomic_load(&h->pending_subs)) return;
    pthread_mutex_lock(&h->ev_mu);
    if (h->ring_n == RS_WS_EVENTS_MAX) {
        h->ring_lost = true;
    } else {
        h->ring[(h->ring_head + h->ring_n) % RS_WS_EVENTS_MAX] = hash;
        h->ring_n++;
    }
    pthread_cond_signal(&h->ev_cond);
    pthread_mutex_unlock(&h->ev_mu);
}

/* ---- delivery ---- */

typedef struct {
    rs_sub_kind kind;
    const rs_rlog *log;      /* logs: the log the filter must match */
    json_t *(*make)(void *); /* the result, made on the first match */
    void *arg;
    char *text;
    size_t len;
} delivery;

static void send_to(rs_ws_conn *c, const rs_sub *s, delivery *d) {
    if (!d->text) {
        json_t *r = d->make(d->arg);
        d->text = r ? json_dumps(r, JSON_COMPACT | JSON_ENCODE_ANY) /* a hash is a bare string */ : NULL;
        d->len = d->text ? strlen(d->text) : 0;
        json_decref(r);
        if (!d->text) return;
    }
    size_t n;
    char *note = rs_sub_notification(s->id, d->text, d->len, &n);
    rs_ws_queue_locked(c, RS_WS_OP_TEXT, note, n);
    free(note);
}

/* Queues the event on every subscription it concerns. */
static void deliver(rs_ws_hub *h, delivery *d) {
    pthread_mutex_lock(&h->mu);
    for (rs_ws_conn *c = h->conns; c; c = c->next) {
        pthread_mutex_lock(&c->mu);
        for (size_t i = 0; i < c->nsubs; i++) {
            const rs_sub *s = &c->subs[i];
            if (s->kind != d->kind) continue;
            if (d->log && !rs_log_filter_match(&s->filter, d->log)) continue;
            send_to(c, s, d);
        }
        pthread_mutex_unlock(&c->mu);
    }
    pthread_mutex_unlock(&h->mu);
    free(d->text);
    d->text = NULL;
}

static bool any_sub(rs_ws_hub *h, rs_sub_kind kind) {
    bool any = false;
    pthread_mutex_lock(&h->mu);
    for (rs_ws_conn *c = h->conns; c && !any; c = c->next) {
        pthread_mutex_lock(&c->mu);
        for (size_t i = 0; i < c->nsubs && !any; i++) any = c->subs[i].kind == kind;
        pthread_mutex_unlock(&c->mu);
    }
    pthread_mutex_unlock(&h->mu);
    return any;
}

/* Pending-transaction events were dropped (the ring was full): their
 * subscribers are closed rather than left with a silent gap. */
static void close_pending_subscribers(rs_ws_hub *h) {
    pthread_mutex_lock(&h->mu);
    for (rs_ws_conn *c = h->conns; c; c = c->next) {
        pthread_mutex_lock(&c->mu);
        for (size_t i = 0; i < c->nsubs && !c->broken; i++)
            if (c->subs[i].kind == RS_SUB_PENDING_TXS) {
                c->broken = RS_WS_CLOSE_TRY_LATER;
                c->broken_why = "pending transaction notifications lost: the server fell behind";
            }
        pthread_mutex_unlock(&c->mu);
    }
    pthread_mutex_unlock(&h->mu);
    rs_ws_wake(h);
}

static json_t *make_hash(void *arg) { return rj_b32(*(const rs_b32 *)arg); }

typedef struct {
    rs_ws_hub *h;
    const rs_block_header *hdr;
} block_ctx;

typedef struct {
    const rs_rlog *l;
    const rs_block_header *hdr;
    const rs_stored_tx *t;
    uint64_t index;
} log_ref;

static json_t *make_log(void *arg) {
    const log_ref *r = arg;
    return rj_log(r->l, r->hdr, r->t, r->index);
}

static int logs_of_tx(void *vctx, const rs_stored_tx *t) {
    block_ctx *b = vctx;
    rs_receipt rc;
    if (!rs_receipt_decode(t->receipt, t->receipt_len, &rc)) return 0; /* a damaged row: nothing to announce */
    for (size_t i = 0; i < rc.nlogs; i++) {
        log_ref ref = {&rc.logs[i], b->hdr, t, rc.first_log_index + i};
        delivery d = {.kind = RS_SUB_LOGS, .log = &rc.logs[i], .make = make_log, .arg = &ref};
        deliver(b->h, &d);
    }
    rs_receipt_free(&rc);
    return 0;
}

typedef struct {
    rs_node *n;
    const rs_block_header *hdr;
} head_ref;

static json_t *make_head(void *arg) {
    const head_ref *r = arg;
    return rs_sub_head(r->n, r->hdr);
}

static void announce_blocks(rs_ws_hub *h, uint64_t lo, uint64_t hi) {
    bool heads = any_sub(h, RS_SUB_NEW_HEADS), logs = any_sub(h, RS_SUB_LOGS);
    if (!heads && !logs) return;
    /* a long anvil_mine run: newHeads for its newest blocks only */
    uint64_t heads_from = hi - lo >= RS_WS_NOTIFY_BLOCKS_MAX ? hi - RS_WS_NOTIFY_BLOCKS_MAX + 1 : lo;
    for (uint64_t b = lo; b <= hi && !atomic_load(&h->stopping); b++) {
        rs_block_header hdr;
        if (rs_store_get_block(h->node->store, b, &hdr) != 1) continue;
        if (logs && hdr.ntx) {
            block_ctx ctx = {h, &hdr};
            if (rs_store_block_txs(h->node->store, b, logs_of_tx, &ctx) < 0) continue;
        }
        if (heads && b >= heads_from) {
            head_ref ref = {h->node, &hdr};
            delivery d = {.kind = RS_SUB_NEW_HEADS, .make = make_head, .arg = &ref};
            deliver(h, &d);
        }
    }
}

static void *notifier_main(void *arg) {
    rs_ws_hub *h = arg;
    rs_b32 *hashes = rs_xcalloc(RS_WS_EVENTS_MAX, sizeof *hashes);
    pthread_mutex_lock(&h->ev_mu);
    while (!h->ev_stop) {
        if (!h->blocks_new && !h->ring_n && !h->ring_lost) {
            pthread_cond_wait(&h->ev_cond, &h->ev_mu);
            continue;
        }
        size_t n = h->ring_n;
        for (size_t i = 0; i < n; i++) hashes[i] = h->ring[(h->ring_head + i) % RS_WS_EVENTS_MAX];
        h->ring_head = (h->ring_head + n) % RS_WS_EVENTS_MAX;
        h->ring_n = 0;
        bool lost = h->ring_lost, blocks = h->blocks_new;
        uint64_t lo = h->blocks_lo, hi = h->blocks_hi;
        h->ring_lost = h->blocks_new = false;
        pthread_mutex_unlock(&h->ev_mu);
        if (lost) close_pending_subscribers(h);
        for (size_t i = 0; i < n; i++) {
            delivery d = {.kind = RS_SUB_PENDING_TXS, .make = make_hash, .arg = &hashes[i]};
            deliver(h, &d);
        }
        if (blocks) announce_blocks(h, lo, hi);
        pthread_mutex_lock(&h->ev_mu);
    }
    pthread_mutex_unlock(&h->ev_mu);
    free(hashes);
    return NULL;
}

bool rs_ws_notify_start(rs_ws_hub *h) {
    pthread_mutex_init(&h->ev_mu, NULL);
    pthread_cond_init(&h->ev_cond, NULL);
    h->ring = rs_xcalloc(RS_WS_EVENTS_MAX, sizeof *h->ring);
    h->events = (rs_node_events){.ctx = h, .blocks = on_blocks, .pending_tx = on_pending_tx};
    h->notifier_running = pthread_create(&h->notifier, NULL, notifier_main, h) == 0;
    if (h->notifier_running) rs_node_set_events(h->node, &h->events);
    return h->notifier_running;
}

void rs_ws_notify_stop(rs_ws_hub *h) {
    if (!h->ring) return; /* never started */
    rs_node_set_events(h->node, NULL);
    if (h->notifier_running) {
        pthread_mutex_lock(&h->ev_mu);
        h->ev_stop = true;
        pthread_cond_signal(&h->ev_cond);
        pthread_mutex_unlock(&h->ev_mu);
        pthread_join(h->notifier, NULL);
        h->notifier_running = false;
    }
    free(h->ring);
    h->ring = NULL;
    pthread_mutex_destroy(&h->ev_mu);
    pthread_cond_destroy(&h->ev_cond);
}
