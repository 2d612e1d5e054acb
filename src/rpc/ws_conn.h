/* The websocket hub's connections, shared by the event loop (ws.c) and the
 * notifier (ws_notify.c). Lock order: hub->mu, then a connection's mu. */
#ifndef RESTAKE_RPC_WS_CONN_H
#define RESTAKE_RPC_WS_CONN_H

#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "rpc/rpc_subscribe.h"
#include "rpc/ws.h"
#include "rpc/ws_frame.h"

typedef struct rs_ws_conn {
    struct rs_ws_conn *prev, *next; /* hub->conns (hub->mu) */
    rs_ws_hub *hub;
    int fd;
    struct MHD_UpgradeResponseHandle *urh;
    struct in_addr ip;
    unsigned refs; /* hub->mu: the loop's, running requests', the notifier's while it holds it */
    bool listed;   /* hub->mu: in hub->conns */

    /* the event loop's own */
    rs_ws_reader rd;
    rs_buf in;
    time_t last_rx, ping_at, partial_since, close_at;
    bool ping_out;
    bool shut_wr; /* closing: the close frame is out and the write side shut */
    bool ended;   /* conn_end ran: the loop holds no reference */

    pthread_mutex_t mu; /* everything below */
    rs_buf out;         /* frames not yet sent from out_off on */
    size_t out_off;
    size_t out_frame;   /* start of the frame out_off is in */
    uint32_t armed;     /* the epoll events registered */
    bool paused;        /* not reading: RS_WS_INFLIGHT_MAX requests run (written by the loop) */
    bool closing;       /* a close frame is queued: nothing more is queued */
    uint16_t broken;    /* a close code: the loop closes the connection */
    bool failed;        /* a send failed: the socket is gone */
    const char *broken_why;
    unsigned inflight;
    rs_sub subs[RS_WS_SUBS_MAX];
    size_t nsubs;
} rs_ws_conn;

struct rs_ws_hub {
    rs_node *node;
    char *allow_origin;
    pthread_mutex_t mu;
    pthread_cond_t gone; /* a connection was freed */
    rs_ws_conn *conns;
    size_t nconns;  /* listed */
    size_t nalive;  /* allocated (listed, or unlisted with requests still running) */
    /* Upgrades answered 101 whose socket has not reached the hub yet: they
     * count against the limits, so a burst of handshakes cannot pass them
     * before the first ones are listed. One that never arrives (the client
     * left) stops counting after RS_WS_HANDSHAKE_S. */
    struct {
        struct in_addr ip;
        time_t at;
    } handshakes[RS_WS_HANDSHAKES_MAX];
    size_t nhandshakes;
    int ep, wake;   /* epoll set, eventfd that wakes the loop */
    pthread_t loop;
    bool loop_running;
    atomic_bool stopping;
    atomic_uint pending_subs; /* newPendingTransactions subscriptions: the miner's hook skips work without */

    /* events from the miner, for the notifier (ev_mu) */
    pthread_mutex_t ev_mu;
    pthread_cond_t ev_cond;
    bool ev_stop;
    bool blocks_new;
    uint64_t blocks_lo, blocks_hi;
    rs_b32 *ring; /* pending transaction hashes (RS_WS_EVENTS_MAX) */
    size_t ring_head, ring_n;
    bool ring_lost;
    pthread_t notifier;
    bool notifier_running;
    rs_node_events events;
};

/* Queues one frame and sends what the socket takes now (c->mu held). A
 * queue past RS_WS_OUTBOUND_MAX marks the connection broken instead. */
void rs_ws_queue_locked(rs_ws_conn *c, uint8_t opcode, const void *p, size_t n);
/* Wakes the loop (a connection is broken, or may resume reading). */
void rs_ws_wake(rs_ws_hub *h);
/* Drops a reference; the last one closes the socket and frees it. */
void rs_ws_release(rs_ws_conn *c);

/* ws_request.c: runs one message's request(s) on a thread of its own
 * (holding a reference and counting in c->inflight until answered). */
void rs_ws_start_request(rs_ws_conn *c, const uint8_t *p, size_t n);

/* ws_notify.c */
bool rs_ws_notify_start(rs_ws_hub *h);
void rs_ws_notify_stop(rs_ws_hub *h);

#endif
