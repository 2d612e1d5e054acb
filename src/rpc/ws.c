/* WebSocket connections on the JSON-RPC port (RFC 6455).
 *
 * The HTTP server answers the upgrade; from then on the socket belongs to
 * one event-loop thread (epoll, non-blocking sockets), so an idle or slow
 * connection costs a file descriptor and its buffers, never a thread. A
 * complete request runs on a thread of its own (at most
 * RS_WS_INFLIGHT_MAX per connection; reading pauses beyond), so a request
 * that waits for its block never stalls the loop or the connection's other
 * requests. Whoever has something to send (a request's thread, the
 * notifier) queues it and writes what the socket takes at once; the rest
 * goes out when the socket is writable. Nothing waits for a client: a
 * queue past RS_WS_OUTBOUND_MAX closes the connection (1008). */
#include "rpc/ws.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "restake/limits.h"
#include "rpc/rpc.h"
#include "rpc/ws_conn.h"

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
enum { READ_CHUNK = 65536, READ_BURST = 16, CLOSE_LINGER_S = 10 };

static time_t now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec;
}

void rs_ws_wake(rs_ws_hub *h) {
    uint64_t one = 1;
    ssize_t w = write(h->wake, &one, sizeof one);
    (void)w; /* a full counter already wakes the loop */
}

/* ---- sending (any thread, c->mu held) ---- */

static void arm(rs_ws_conn *c, uint32_t events) {
    if (c->armed == events) return;
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(c->hub->ep, EPOLL_CTL_MOD, c->fd, &ev) == 0) c->armed = events;
}

static uint32_t wanted(const rs_ws_conn *c, bool out_pending) {
    return (c->paused ? 0 : EPOLLIN) | (out_pending ? EPOLLOUT : 0) | EPOLLRDHUP;
}

/* Bytes of the server frame at p (whole frames are queued, so its header is there). */
static size_t frame_size_at(const uint8_t *p) {
    size_t len = p[1] & 0x7f;
    if (len < 126) return 2 + len;
    if (len == 126) return 4 + ((size_t)p[2] << 8 | p[3]);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | p[2 + i];
    return 10 + (size_t)v;
}

/* Moves out_frame to the start of the frame that out_off is in (or to
 * out_off at a boundary): the queue is only ever cut or moved there, so the
 * client never sees half a frame. */
static void advance_frame(rs_ws_conn *c) {
    while (c->out_frame < c->out_off) {
        size_t k = frame_size_at(c->out.p + c->out_frame);
        if (c->out_frame + k > c->out_off) break;
        c->out_frame += k;
    }
}

static void flush_locked(rs_ws_conn *c) {
    while (c->out_off < c->out.len && !c->failed) {
        ssize_t k = send(c->fd, c->out.p + c->out_off, c->out.len - c->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (k > 0) {
            c->out_off += (size_t)k;
        } else if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else if (k < 0 && errno == EINTR) {
            continue;
        } else {
            c->failed = true;
            rs_ws_wake(c->hub);
        }
    }
    bool pending = c->out_off < c->out.len;
    advance_frame(c);
    if (!pending) {
        rs_buf_reset(&c->out);
        c->out_off = c->out_frame = 0;
    } else if (c->out_frame >= READ_CHUNK && c->out_frame * 2 >= c->out.len) {
        memmove(c->out.p, c->out.p + c->out_frame, c->out.len - c->out_frame);
        c->out.len -= c->out_frame;
        c->out_off -= c->out_frame;
        c->out_frame = 0;
    }
    if (c->armed) arm(c, wanted(c, pending));
}

void rs_ws_queue_locked(rs_ws_conn *c, uint8_t opcode, const void *p, size_t n) {
    if (c->closing || c->broken || c->failed) return;
    if (c->out.len - c->out_off + n + 14 > RS_WS_OUTBOUND_MAX) {
        c->broken = RS_WS_CLOSE_POLICY;
        c->broken_why = "outbound queue full: the client reads too slowly";
        rs_ws_wake(c->hub);
        return;
    }
    rs_ws_put_frame(&c->out, opcode, p, n);
    flush_locked(c);
}

/* Queues a close frame as the last thing sent. */
static void close_locked(rs_ws_conn *c, uint16_t code, const char *why) {
    if (c->closing) return;
    if (c->broken == RS_WS_CLOSE_POLICY) { /* what is queued will never be read: the close goes next */
        advance_frame(c);
        c->out.len = c->out_frame < c->out_off ? c->out_frame + frame_size_at(c->out.p + c->out_frame) : c->out_off;
    }
    rs_ws_put_close(&c->out, code, why);
    c->closing = true;
    flush_locked(c);
}

/* ---- connection lifetime ---- */

static void conn_free(rs_ws_conn *c) {
    for (size_t i = 0; i < c->nsubs; i++) rs_sub_free(&c->subs[i]);
    rs_ws_reader_free(&c->rd);
    rs_buf_free(&c->in);
    rs_buf_free(&c->out);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

void rs_ws_release(rs_ws_conn *c) {
    rs_ws_hub *h = c->hub;
    pthread_mutex_lock(&h->mu);
    assert(c->refs > 0);
    bool last = --c->refs == 0;
    pthread_mutex_unlock(&h->mu);
    if (!last) return;
    assert(!c->listed);
    MHD_upgrade_action(c->urh, MHD_UPGRADE_ACTION_CLOSE);
    conn_free(c);
    pthread_mutex_lock(&h->mu);
    h->nalive--;
    pthread_cond_broadcast(&h->gone);
    pthread_mutex_unlock(&h->mu);
}

/* The loop lets go of a connection: no more events, no subscriptions;
 * the socket closes when its last running request has answered. */
static void conn_end(rs_ws_conn *c, uint16_t code, const char *why) {
    rs_ws_hub *h = c->hub;
    assert(!c->ended); /* the loop's reference is dropped once */
    c->ended = true;
    epoll_ctl(h->ep, EPOLL_CTL_DEL, c->fd, NULL);
    pthread_mutex_lock(&h->mu);
    if (c->listed) {
        if (c->prev) c->prev->next = c->next;
        else h->conns = c->next;
        if (c->next) c->next->prev = c->prev;
        c->listed = false;
        h->nconns--;
    }
    pthread_mutex_lock(&c->mu);
    if (code) close_locked(c, code, why);
    c->closing = true;
    c->armed = 0;
    for (size_t i = 0; i < c->nsubs; i++) {
        if (c->subs[i].kind == RS_SUB_PENDING_TXS) atomic_fetch_sub(&h->pending_subs, 1);
        rs_sub_free(&c->subs[i]);
    }
    c->nsubs = 0;
    pthread_mutex_unlock(&c->mu);
    pthread_mutex_unlock(&h->mu);
    rs_ws_release(c);
}

/* Starts the closing handshake: the close frame goes out after what is
 * queued, subscriptions end, and what the peer still sends is read and
 * dropped, so that the close frame is not lost to a reset (a socket closed
 * with unread input resets the connection). The connection ends when the
 * peer closes its side, or CLOSE_LINGER_S after this. */
static void begin_close(rs_ws_conn *c, uint16_t code, const char *why) {
    rs_ws_hub *h = c->hub;
    pthread_mutex_lock(&c->mu);
    close_locked(c, code, why);
    for (size_t i = 0; i < c->nsubs; i++) {
        if (c->subs[i].kind == RS_SUB_PENDING_TXS) atomic_fetch_sub(&h->pending_subs, 1);
        rs_sub_free(&c->subs[i]);
    }
    c->nsubs = 0;
    c->paused = false;
    if (c->armed) arm(c, wanted(c, c->out_off < c->out.len));
    pthread_mutex_unlock(&c->mu);
    if (!c->close_at) c->close_at = now_s();
}

/* ---- reading (the loop's thread) ---- */

static bool at_capacity(rs_ws_conn *c) {
    pthread_mutex_lock(&c->mu);
    bool full = c->inflight >= RS_WS_INFLIGHT_MAX;
    pthread_mutex_unlock(&c->mu);
    return full;
}

/* Handles the complete frames buffered; false when the connection ended. */
static void set_paused(rs_ws_conn *c, bool paused) {
    pthread_mutex_lock(&c->mu);
    c->paused = paused;
    if (c->armed) arm(c, wanted(c, c->out_off < c->out.len));
    pthread_mutex_unlock(&c->mu);
}

static bool take_frames(rs_ws_conn *c) {
    size_t off = 0;
    bool alive = true;
    if (c->close_at) { /* closing: what arrives is dropped */
        rs_buf_reset(&c->in);
        return true;
    }
    bool paused = false;
    while (alive) {
        if (at_capacity(c)) {
            paused = true;
            break;
        }
        size_t used;
        rs_ws_msg m;
        rs_ws_status st = rs_ws_read(&c->rd, c->in.p + off, c->in.len - off, &used, &m);
        off += used;
        if (st == RS_WS_ERROR) {
            begin_close(c, m.close_code, m.why);
            rs_buf_reset(&c->in);
            return true;
        }
        if (st == RS_WS_MORE) {
            if (used) continue;
            break;
        }
        if (m.opcode == RS_WS_OP_TEXT || m.opcode == RS_WS_OP_BINARY) {
            rs_ws_start_request(c, m.data, m.len);
        } else if (m.opcode == RS_WS_OP_PING) {
            pthread_mutex_lock(&c->mu);
            rs_ws_queue_locked(c, RS_WS_OP_PONG, m.data, m.len);
            pthread_mutex_unlock(&c->mu);
        } else if (m.opcode == RS_WS_OP_CLOSE) {
            begin_close(c, m.close_code == 1005 ? RS_WS_CLOSE_NORMAL : m.close_code, "");
            alive = false;
        }
    }
    if (!alive) {
        rs_buf_reset(&c->in);
        return true;
    }
    memmove(c->in.p, c->in.p + off, c->in.len - off);
    c->in.len -= off;
    bool partial = c->in.len > 0 || rs_ws_reader_mid_message(&c->rd);
    if (!partial) c->partial_since = 0;
    else if (!c->partial_since) c->partial_since = now_s();
    set_paused(c, paused);
    return true;
}

static void on_readable(rs_ws_conn *c) {
    for (int i = 0; i < READ_BURST && !c->paused; i++) {
        size_t at = c->in.len;
        rs_buf_zeros(&c->in, READ_CHUNK);
        ssize_t k = recv(c->fd, c->in.p + at, READ_CHUNK, MSG_DONTWAIT);
        c->in.len = at + (k > 0 ? (size_t)k : 0);
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) break;
        if (k <= 0) {
            conn_end(c, 0, NULL);
            return;
        }
        c->last_rx = now_s();
        c->ping_out = false;
        if (!take_frames(c)) return;
        if ((size_t)k < READ_CHUNK) break;
    }
}

/* ---- timers and wake-ups (the loop's thread) ---- */

/* A closing connection: once the close frame is out, the write side is
 * shut (the peer sees the end and closes); ended at the linger deadline. */
static bool linger(rs_ws_conn *c, time_t now) {
    if (now - c->close_at >= CLOSE_LINGER_S) return conn_end(c, 0, NULL), false;
    pthread_mutex_lock(&c->mu);
    bool flushed = c->out_off == c->out.len;
    pthread_mutex_unlock(&c->mu);
    if (flushed && !c->shut_wr) {
        shutdown(c->fd, SHUT_WR);
        c->shut_wr = true;
    }
    return true;
}

/* One connection's deadlines and state changes; false when it ended. */
static bool check(rs_ws_conn *c, time_t now) {
    pthread_mutex_lock(&c->mu);
    uint16_t broken = c->broken;
    const char *why = c->broken_why;
    bool failed = c->failed;
    pthread_mutex_unlock(&c->mu);
    if (failed) return conn_end(c, 0, NULL), false;
    if (broken && !c->close_at) begin_close(c, broken, why);
    if (c->close_at) return linger(c, now);
    if (c->paused && !at_capacity(c) && !take_frames(c)) return false;
    if (c->partial_since && now - c->partial_since >= RS_WS_MESSAGE_DEADLINE_S)
        return begin_close(c, RS_WS_CLOSE_POLICY, "message not completed in time"), true;
    if (c->ping_out && now - c->ping_at >= RS_WS_PONG_DEADLINE_S)
        return begin_close(c, RS_WS_CLOSE_GOING_AWAY, "no answer to ping"), true;
    if (!c->ping_out && now - c->last_rx >= RS_WS_PING_S) {
        pthread_mutex_lock(&c->mu);
        rs_ws_queue_locked(c, RS_WS_OP_PING, "", 0);
        pthread_mutex_unlock(&c->mu);
        c->ping_out = true;
        c->ping_at = now;
    }
    return true;
}

/* Runs check on every connection (each held by a reference meanwhile). */
static void check_all(rs_ws_hub *h, bool stopping) {
    pthread_mutex_lock(&h->mu);
    size_t n = h->nconns, k = 0;
    rs_ws_conn **list = rs_xcalloc(n, sizeof *list);
    for (rs_ws_conn *c = h->conns; c && k < n; c = c->next) {
        c->refs++;
        list[k++] = c;
    }
    pthread_mutex_unlock(&h->mu);
    time_t now = now_s();
    for (size_t i = 0; i < k; i++) {
        if (stopping) conn_end(list[i], RS_WS_CLOSE_GOING_AWAY, "server stopping");
        else check(list[i], now);
        rs_ws_release(list[i]);
    }
    free(list);
}

static void *loop_main(void *arg) {
    rs_ws_hub *h = arg;
    struct epoll_event evs[64];
    time_t last_check = now_s();
    while (!atomic_load(&h->stopping)) {
        int k = epoll_wait(h->ep, evs, 64, 1000);
        bool woken = false;
        for (int i = 0; i < k; i++) {
            if (evs[i].data.ptr == NULL) {
                uint64_t v;
                ssize_t r = read(h->wake, &v, sizeof v);
                (void)r;
                woken = true;
                continue;
            }
            rs_ws_conn *c = evs[i].data.ptr;
            if (evs[i].events & EPOLLIN) {
                on_readable(c);
                continue; /* (it may have ended) */
            }
            if (evs[i].events & (EPOLLERR | EPOLLHUP | EPOLLRDHUP)) {
                conn_end(c, 0, NULL);
                continue;
            }
            if (evs[i].events & EPOLLOUT) {
                pthread_mutex_lock(&c->mu);
                flush_locked(c);
                pthread_mutex_unlock(&c->mu);
            }
        }
        time_t now = now_s();
        if (woken || now != last_check) {
            check_all(h, false);
            last_check = now;
        }
    }
    check_all(h, true);
    return NULL;
}

/* ---- the handshake (MHD's threads) ---- */

static bool origin_allowed(const rs_ws_hub *h, const char *origin) {
    if (!origin) return true; /* not a browser page */
    if (!h->allow_origin) return false;
    if (!strcmp(h->allow_origin, "*")) return true;
    size_t n = strlen(origin);
    for (const char *p = h->allow_origin; *p;) {
        size_t k = strcspn(p, ",");
        if (k == n && !strncmp(p, origin, n)) return true;
        p += k + (p[k] == ',');
    }
    return false;
}

static bool header_has_token(const char *v, const char *token) {
    size_t n = strlen(token);
    for (const char *p = v; p && *p;) {
        p += strspn(p, " \t,");
        size_t k = strcspn(p, ",");
        size_t e = k;
        while (e && (p[e - 1] == ' ' || p[e - 1] == '\t')) e--;
        if (e == n && !strncasecmp(p, token, n)) return true;
        p += k;
    }
    return false;
}

bool rs_ws_is_upgrade(struct MHD_Connection *c) {
    return header_has_token(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Upgrade"), "websocket");
}

static unsigned count_from(rs_ws_hub *h, struct in_addr ip) {
    unsigned same = 0;
    for (rs_ws_conn *c = h->conns; c; c = c->next) same += c->ip.s_addr == ip.s_addr;
    return same;
}

static struct in_addr client_ip(struct MHD_Connection *c) {
    struct in_addr ip = {0};
    const union MHD_ConnectionInfo *ad = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ad && ad->client_addr->sa_family == AF_INET)
        ip = ((const struct sockaddr_in *)(const void *)ad->client_addr)->sin_addr;
    return ip;
}

/* ---- handshakes in flight (h->mu held) ---- */

static void handshakes_expire(rs_ws_hub *h) {
    time_t now = now_s();
    for (size_t i = 0; i < h->nhandshakes;) {
        if (now - h->handshakes[i].at >= RS_WS_HANDSHAKE_S) h->handshakes[i] = h->handshakes[--h->nhandshakes];
        else i++;
    }
}

static unsigned handshakes_from(const rs_ws_hub *h, struct in_addr ip) {
    unsigned same = 0;
    for (size_t i = 0; i < h->nhandshakes; i++) same += h->handshakes[i].ip.s_addr == ip.s_addr;
    return same;
}

static void handshake_add(rs_ws_hub *h, struct in_addr ip) {
    assert(h->nhandshakes < RS_WS_HANDSHAKES_MAX);
    h->handshakes[h->nhandshakes].ip = ip;
    h->handshakes[h->nhandshakes].at = now_s();
    h->nhandshakes++;
}

/* The upgrade of ip reached the hub (or failed): it stops counting. */
static void handshake_done(rs_ws_hub *h, struct in_addr ip) {
    for (size_t i = 0; i < h->nhandshakes; i++) {
        if (h->handshakes[i].ip.s_addr != ip.s_addr) continue;
        h->handshakes[i] = h->handshakes[--h->nhandshakes];
        return;
    }
}

/* Why the hub cannot take one more connection from ip; NULL when it can (h->mu held). */
static const char *refusal_locked(rs_ws_hub *h, struct in_addr ip) {
    if (atomic_load(&h->stopping)) return "server stopping";
    handshakes_expire(h);
    if (h->nconns + h->nhandshakes >= RS_WS_CONNECTIONS_MAX) return "too many websocket connections";
    if (count_from(h, ip) + handshakes_from(h, ip) >= RS_WS_PER_IP_MAX)
        return "too many websocket connections from this address";
    if (h->nhandshakes >= RS_WS_HANDSHAKES_MAX) return "too many websocket handshakes in progress";
    return NULL;
}

static void on_upgraded(void *cls, struct MHD_Connection *mc, void *con_cls, const char *extra, size_t extra_n,
                        MHD_socket sock, struct MHD_UpgradeResponseHandle *urh) {
    (void)con_cls;
    rs_ws_hub *h = cls;
    rs_ws_conn *c = calloc(1, sizeof *c);
    if (!c) {
        MHD_upgrade_action(urh, MHD_UPGRADE_ACTION_CLOSE);
        return;
    }
    c->hub = h;
    c->fd = sock;
    c->urh = urh;
    c->ip = client_ip(mc);
    c->refs = 1;
    c->last_rx = now_s();
    pthread_mutex_init(&c->mu, NULL);
    rs_ws_reader_init(&c->rd);
    rs_buf_init(&c->in);
    rs_buf_init(&c->out);
    if (extra_n) rs_buf_put(&c->in, extra, extra_n);
    int fl = fcntl(sock, F_GETFL);
    if (fl >= 0) fcntl(sock, F_SETFL, fl | O_NONBLOCK);
    pthread_mutex_lock(&h->mu);
    handshake_done(h, c->ip);
    const char *no = refusal_locked(h, c->ip);
    if (!no) {
        c->next = h->conns;
        if (h->conns) h->conns->prev = c;
        h->conns = c;
        h->nconns++;
        c->listed = true;
    }
    h->nalive++;
    pthread_mutex_unlock(&h->mu);
    if (no) { /* the count changed between the request and now */
        pthread_mutex_lock(&c->mu);
        close_locked(c, RS_WS_CLOSE_TRY_LATER, no);
        pthread_mutex_unlock(&c->mu);
        rs_ws_release(c);
        return;
    }
    pthread_mutex_lock(&c->mu);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
    bool added = epoll_ctl(h->ep, EPOLL_CTL_ADD, sock, &ev) == 0;
    c->armed = added ? ev.events : 0;
    pthread_mutex_unlock(&c->mu);
    if (!added) return conn_end(c, RS_WS_CLOSE_TRY_LATER, "server cannot watch the connection");
    if (extra_n) rs_ws_wake(h); /* early frames are read by the loop's next pass */
}

static enum MHD_Result refuse(struct MHD_Connection *c, unsigned status, const char *why) {
    char *body = rs_rpc_error_text(RPC_INVALID_REQUEST, why);
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "application/json");
    if (status == MHD_HTTP_UPGRADE_REQUIRED) MHD_add_response_header(r, "Sec-WebSocket-Version", "13");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

/* Sec-WebSocket-Accept: base64(SHA-1(key ‖ the RFC's GUID)). */
static void accept_value(const char *key, char out[29]) {
    char buf[24 + sizeof WS_GUID];
    size_t n = strlen(key);
    assert(n == 24);
    memcpy(buf, key, n);
    memcpy(buf + n, WS_GUID, sizeof WS_GUID - 1);
    unsigned char md[SHA_DIGEST_LENGTH];
    SHA1((const unsigned char *)buf, n + sizeof WS_GUID - 1, md);
    EVP_EncodeBlock((unsigned char *)out, md, SHA_DIGEST_LENGTH);
}

enum MHD_Result rs_ws_accept(rs_ws_hub *h, struct MHD_Connection *c) {
    const char *version = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-WebSocket-Version");
    const char *key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-WebSocket-Key");
    const char *conn = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Connection");
    if (!h) return refuse(c, MHD_HTTP_SERVICE_UNAVAILABLE, "websockets are not available");
    if (!header_has_token(conn, "upgrade")) return refuse(c, MHD_HTTP_BAD_REQUEST, "websocket: Connection must say Upgrade");
    if (!version || strcmp(version, "13"))
        return refuse(c, MHD_HTTP_UPGRADE_REQUIRED, "websocket: only version 13 (RFC 6455) is spoken");
    unsigned char raw[20];
    if (!key || strlen(key) != 24 || EVP_DecodeBlock(raw, (const unsigned char *)key, 24) != 18)
        return refuse(c, MHD_HTTP_BAD_REQUEST, "websocket: Sec-WebSocket-Key must be 16 bytes in base64");
    if (!origin_allowed(h, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin")))
        return refuse(c, MHD_HTTP_FORBIDDEN, "websocket: this Origin is not allowed (see --allow-origin)");
    struct in_addr ip = client_ip(c);
    pthread_mutex_lock(&h->mu);
    const char *no = refusal_locked(h, ip);
    if (!no) handshake_add(h, ip); /* counted until on_upgraded takes the socket */
    pthread_mutex_unlock(&h->mu);
    if (no) return refuse(c, MHD_HTTP_TOO_MANY_REQUESTS, no);
    char acc[29];
    accept_value(key, acc);
    struct MHD_Response *r = MHD_create_response_for_upgrade(on_upgraded, h);
    enum MHD_Result rc = MHD_NO;
    if (r) {
        MHD_add_response_header(r, MHD_HTTP_HEADER_UPGRADE, "websocket");
        MHD_add_response_header(r, "Sec-WebSocket-Accept", acc);
        rc = MHD_queue_response(c, MHD_HTTP_SWITCHING_PROTOCOLS, r);
        MHD_destroy_response(r);
    }
    if (rc != MHD_YES) {
        pthread_mutex_lock(&h->mu);
        handshake_done(h, ip);
        pthread_mutex_unlock(&h->mu);
    }
    return rc;
}

/* ---- the hub ---- */

rs_ws_hub *rs_ws_hub_start(rs_node *n, const char *allow_origin) {
    rs_ws_hub *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->node = n;
    h->allow_origin = allow_origin ? strdup(allow_origin) : NULL;
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->gone, NULL);
    h->ep = epoll_create1(EPOLL_CLOEXEC);
    h->wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    bool ok = h->ep >= 0 && h->wake >= 0 && epoll_ctl(h->ep, EPOLL_CTL_ADD, h->wake, &ev) == 0;
    ok = ok && rs_ws_notify_start(h);
    ok = ok && (h->loop_running = pthread_create(&h->loop, NULL, loop_main, h) == 0);
    if (!ok) {
        rs_ws_hub_stop(h);
        return NULL;
    }
    return h;
}

void rs_ws_hub_stop(rs_ws_hub *h) {
    if (!h) return;
    rs_ws_notify_stop(h);
    atomic_store(&h->stopping, true);
    if (h->loop_running) {
        rs_ws_wake(h);
        pthread_join(h->loop, NULL);
    }
    /* requests still running answer into closed connections; wait for them (bounded) */
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += RS_RPC_DRAIN_S;
    pthread_mutex_lock(&h->mu);
    while (h->nalive && pthread_cond_timedwait(&h->gone, &h->mu, &dl) == 0) {
    }
    bool clean = h->nalive == 0;
    pthread_mutex_unlock(&h->mu);
    if (!clean) return; /* a request never answered: its connection keeps the hub */
    if (h->ep >= 0) close(h->ep);
    if (h->wake >= 0) close(h->wake);
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->gone);
    free(h->allow_origin);
    free(h);
}
