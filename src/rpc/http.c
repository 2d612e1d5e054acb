/* JSON-RPC over HTTP with libmicrohttpd in epoll mode with a small thread
 * pool: idle and slow sockets cost a file descriptor, not a thread.
 *
 * A complete request is handed to a thread of its own while its connection
 * is suspended, so a request that waits (for its block, for a long replay)
 * never pins a pool thread, and the signature recoveries of concurrent
 * requests still run in parallel. Slow clients are bounded by deadlines
 * (reaper_main below): a new connection's request headers must arrive
 * within RS_RPC_HEADER_DEADLINE_S, a kept-alive connection's next request
 * headers within RS_RPC_IDLE_TIMEOUT_S of the previous answer (clients
 * that poll keep their connection), a body within RS_RPC_BODY_DEADLINE_S
 * of its headers; a connection silent for RS_RPC_IDLE_TIMEOUT_S is closed
 * by MHD itself. */
#include <arpa/inet.h>
#include <assert.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "restake/limits.h"
#include "rpc/rpc.h"

/* Where a connection is in its request; what the reaper's deadline is for. */
typedef enum { PHASE_HEADERS, PHASE_KEPT, PHASE_BODY, PHASE_BUSY } conn_phase;

typedef struct tracked {
    struct tracked *prev, *next;
    int fd;
    struct in_addr ip;
    conn_phase phase;
    time_t since; /* start of the phase (CLOCK_MONOTONIC seconds) */
} tracked;

struct rs_rpc_server {
    struct MHD_Daemon *d;
    rs_node *node;
    uint16_t port;
    char *allow_origin; /* NULL: no CORS headers */
    pthread_mutex_t mu; /* conns, nconns, busy, stopping */
    pthread_cond_t idle;
    tracked *conns;
    size_t nconns;
    unsigned busy; /* requests handed to a handler thread, not yet completed */
    bool stopping;
    pthread_t reaper;
    bool reaper_running;
};

typedef struct {
    rs_buf body;
    bool too_big;
    bool handed;   /* given to a handler thread (counted in busy) */
    char *resp;    /* the handler's answer, set before the connection resumes */
    bool resp_ready;
    rs_rpc_server *s;
    struct MHD_Connection *c;
} request;

static time_t now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec;
}

static tracked *tracker_of(struct MHD_Connection *c) {
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static void set_phase(rs_rpc_server *s, struct MHD_Connection *c, conn_phase p) {
    tracked *t = tracker_of(c);
    if (!t) return;
    pthread_mutex_lock(&s->mu);
    t->phase = p;
    t->since = now_s();
    pthread_mutex_unlock(&s->mu);
}

/* CORS only when --allow-origin says so: "*" for any origin, else the
 * request's Origin echoed when it is one of the comma-separated list. */
static void add_cors(const rs_rpc_server *s, struct MHD_Connection *c, struct MHD_Response *r) {
    if (!s->allow_origin) return;
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *allow = NULL;
    if (!strcmp(s->allow_origin, "*")) {
        allow = "*";
    } else if (origin) {
        size_t n = strlen(origin);
        for (const char *p = s->allow_origin; *p;) {
            size_t k = strcspn(p, ",");
            if (k == n && !strncmp(p, origin, n)) allow = origin;
            p += k + (p[k] == ',');
        }
        MHD_add_response_header(r, "Vary", "Origin");
    }
    if (!allow) return;
    MHD_add_response_header(r, "Access-Control-Allow-Origin", allow);
    MHD_add_response_header(r, "Access-Control-Allow-Headers", "content-type");
    MHD_add_response_header(r, "Access-Control-Allow-Methods", "POST, OPTIONS");
}

static enum MHD_Result send_text(rs_rpc_server *s, struct MHD_Connection *c, unsigned status, char *text) {
    size_t n = text ? strlen(text) : 0;
    struct MHD_Response *r =
        MHD_create_response_from_buffer(n, text ? text : (char *)"", text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "application/json");
    add_cors(s, c, r);
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static void *handler_main(void *arg) {
    request *rq = arg;
    rs_rpc_server *s = rq->s;
    rq->resp = rs_rpc_handle(s->node, rq->body.len ? (const char *)rq->body.p : "", rq->body.len);
    rq->resp_ready = true;
    MHD_resume_connection(rq->c);
    return NULL;
}

/* Runs the request on a thread of its own with the connection suspended;
 * inline when no thread can be made (the pool thread then waits). */
static enum MHD_Result hand_off(rs_rpc_server *s, struct MHD_Connection *c, request *rq) {
    rq->s = s;
    rq->c = c;
    rq->handed = true;
    pthread_mutex_lock(&s->mu);
    s->busy++;
    pthread_mutex_unlock(&s->mu);
    set_phase(s, c, PHASE_BUSY);
    MHD_suspend_connection(c);
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&at, RS_EXEC_THREAD_STACK); /* eth_call may run 1,024 frames deep */
    pthread_t t;
    bool spawned = pthread_create(&t, &at, handler_main, rq) == 0;
    pthread_attr_destroy(&at);
    if (!spawned) handler_main(rq);
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls) {
    (void)url, (void)version;
    rs_rpc_server *s = cls;
    request *rq = *con_cls;
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq) return MHD_NO;
        rs_buf_init(&rq->body);
        *con_cls = rq;
        set_phase(s, c, PHASE_BODY);
        return MHD_YES;
    }
    if (rq->resp_ready) {
        char *resp = rq->resp;
        rq->resp = NULL;
        rq->resp_ready = false;
        return send_text(s, c, MHD_HTTP_OK, resp);
    }
    if (*upload_size) {
        if (rq->body.len + *upload_size > RS_RPC_MAX_BODY)
            rq->too_big = true;
        else
            rs_buf_put(&rq->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (!strcmp(method, "OPTIONS")) return send_text(s, c, MHD_HTTP_NO_CONTENT, NULL);
    if (strcmp(method, "POST"))
        return send_text(s, c, MHD_HTTP_METHOD_NOT_ALLOWED,
                         rs_rpc_error_text(-32600, "invalid request: JSON-RPC requests are HTTP POSTs"));
    if (rq->too_big)
        return send_text(s, c, MHD_HTTP_CONTENT_TOO_LARGE, rs_rpc_error_text(-32600, "request too large"));
    return hand_off(s, c, rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t) {
    (void)t;
    rs_rpc_server *s = cls;
    request *rq = *con_cls;
    if (!rq) return;
    /* a large request's buffers go back to the kernel, not to a thread's arena */
    bool large = rq->body.cap >= RS_RPC_TRIM_BYTES;
    if (rq->handed) {
        pthread_mutex_lock(&s->mu);
        assert(s->busy > 0);
        if (--s->busy == 0) pthread_cond_broadcast(&s->idle);
        pthread_mutex_unlock(&s->mu);
    }
    free(rq->resp);
    rs_buf_free(&rq->body);
    free(rq);
    *con_cls = NULL;
    set_phase(s, c, PHASE_KEPT); /* a kept-alive connection's next request */
    if (large) malloc_trim(0);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
    rs_rpc_server *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        tracked *t = calloc(1, sizeof *t);
        if (!t) return;
        const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ad = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        t->fd = fd ? fd->connect_fd : -1;
        if (ad && ad->client_addr->sa_family == AF_INET)
            t->ip = ((const struct sockaddr_in *)(const void *)ad->client_addr)->sin_addr;
        t->phase = PHASE_HEADERS;
        t->since = now_s();
        pthread_mutex_lock(&s->mu);
        t->next = s->conns;
        if (s->conns) s->conns->prev = t;
        s->conns = t;
        s->nconns++;
        pthread_mutex_unlock(&s->mu);
        *socket_context = t;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        tracked *t = *socket_context;
        pthread_mutex_lock(&s->mu);
        if (t->prev) t->prev->next = t->next;
        else s->conns = t->next;
        if (t->next) t->next->prev = t->prev;
        s->nconns--;
        pthread_mutex_unlock(&s->mu);
        free(t);
        *socket_context = NULL;
    }
}

static bool is_loopback(struct in_addr a) { return (ntohl(a.s_addr) >> 24) == 127; }

/* Per-client limit: a remote address holds at most RS_RPC_PER_IP_MAX
 * connections. Loopback is exempt: local tools share one address, and a
 * local process can stop the node by other means anyway. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len) {
    rs_rpc_server *s = cls;
    if (len < (socklen_t)sizeof(struct sockaddr_in) || addr->sa_family != AF_INET) return MHD_YES;
    struct in_addr ip = ((const struct sockaddr_in *)(const void *)addr)->sin_addr;
    if (is_loopback(ip)) return MHD_YES;
    unsigned same = 0;
    pthread_mutex_lock(&s->mu);
    for (tracked *t = s->conns; t && same < RS_RPC_PER_IP_MAX; t = t->next) same += t->ip.s_addr == ip.s_addr;
    pthread_mutex_unlock(&s->mu);
    return same < RS_RPC_PER_IP_MAX ? MHD_YES : MHD_NO;
}

/* Closes connections past their phase's deadline: shutdown() makes MHD see
 * the end of the stream and close the socket itself (the tracker, and so
 * the fd, stays valid while the lock is held: MHD reports the close, which
 * takes the lock, before it closes the fd). */
static void *reaper_main(void *arg) {
    rs_rpc_server *s = arg;
    pthread_mutex_lock(&s->mu);
    while (!s->stopping) {
        time_t now = now_s();
        for (tracked *t = s->conns; t; t = t->next) {
            time_t limit = t->phase == PHASE_HEADERS ? RS_RPC_HEADER_DEADLINE_S
                           : t->phase == PHASE_KEPT  ? RS_RPC_IDLE_TIMEOUT_S
                           : t->phase == PHASE_BODY  ? RS_RPC_BODY_DEADLINE_S
                                                     : 0;
            if (limit && now - t->since >= limit && t->fd >= 0) {
                shutdown(t->fd, SHUT_RDWR);
                t->since = now; /* once per deadline */
            }
        }
        struct timespec dl;
        clock_gettime(CLOCK_REALTIME, &dl);
        dl.tv_nsec += 250 * 1000 * 1000;
        if (dl.tv_nsec >= 1000000000L) dl.tv_sec++, dl.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&s->idle, &s->mu, &dl);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* Idle sockets are file descriptors: the soft limit goes up to the hard one. */
static unsigned connection_limit(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1000;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    rlim_t room = rl.rlim_cur > 256 ? rl.rlim_cur - 128 : rl.rlim_cur / 2;
    return room < RS_RPC_CONNECTIONS_MAX ? (unsigned)room : RS_RPC_CONNECTIONS_MAX;
}

rs_rpc_server *rs_rpc_listen_opts(rs_node *n, const rs_rpc_options *o, char *err, size_t errlen) {
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(o->port);
    const char *host = !strcmp(o->host, "localhost") ? "127.0.0.1" : o->host;
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        snprintf(err, errlen, "--host %s is not an IPv4 address", o->host);
        return NULL;
    }
    rs_rpc_server *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->node = n;
    s->allow_origin = o->allow_origin ? strdup(o->allow_origin) : NULL;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->idle, NULL);
    s->d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC, o->port, on_accept, s,
                            on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED,
                            on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)RS_RPC_POOL_THREADS,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit(), MHD_OPTION_CONNECTION_TIMEOUT,
                            (unsigned)RS_RPC_IDLE_TIMEOUT_S, MHD_OPTION_LISTEN_BACKLOG_SIZE, 4096u,
                            MHD_OPTION_END);
    if (!s->d) {
        snprintf(err, errlen, "cannot listen on %s:%u (in use?)", o->host, (unsigned)o->port);
        rs_rpc_stop(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : o->port;
    s->reaper_running = pthread_create(&s->reaper, NULL, reaper_main, s) == 0;
    return s;
}

rs_rpc_server *rs_rpc_listen(rs_node *n, const char *host, uint16_t port, char *err, size_t errlen) {
    rs_rpc_options o = {.host = host, .port = port};
    return rs_rpc_listen_opts(n, &o, err, errlen);
}

uint16_t rs_rpc_port(const rs_rpc_server *s) { return s->port; }

/* Stops accepting, lets handed-off requests finish and their answers go out
 * (bounded), then closes everything. Stop the node first (rs_node_stop) so
 * that requests waiting for a block get their answer at once. */
void rs_rpc_stop(rs_rpc_server *s) {
    if (!s) return;
    if (s->d) MHD_quiesce_daemon(s->d);
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += RS_RPC_DRAIN_S;
    pthread_mutex_lock(&s->mu);
    while (s->busy && pthread_cond_timedwait(&s->idle, &s->mu, &dl) == 0) {
    }
    s->stopping = true;
    pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->mu);
    if (s->reaper_running) pthread_join(s->reaper, NULL);
    if (s->d) MHD_stop_daemon(s->d);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->idle);
    free(s->allow_origin);
    free(s);
}
