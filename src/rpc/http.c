/* JSON-RPC over HTTP with libmicrohttpd: a thread per connection, so a
 * request waiting for its block never stalls another connection, and the
 * signature recoveries of concurrent connections run in parallel. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/rpc.h"

struct rs_rpc_server {
    struct MHD_Daemon *d;
    rs_node *node;
    uint16_t port;
};

typedef struct {
    rs_buf body;
    bool too_big;
} request;

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, char *text) {
    size_t n = text ? strlen(text) : 0;
    struct MHD_Response *r =
        MHD_create_response_from_buffer(n, text ? text : (char *)"", text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(r, "Access-Control-Allow-Headers", "content-type");
    MHD_add_response_header(r, "Access-Control-Allow-Methods", "POST, OPTIONS");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
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
        return MHD_YES;
    }
    if (*upload_size) {
        if (rq->body.len + *upload_size > RS_RPC_MAX_BODY)
            rq->too_big = true;
        else
            rs_buf_put(&rq->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (!strcmp(method, "OPTIONS")) return send_text(c, MHD_HTTP_NO_CONTENT, NULL);
    if (strcmp(method, "POST"))
        return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                         rs_rpc_error_text(-32600, "invalid request: JSON-RPC requests are HTTP POSTs"));
    if (rq->too_big)
        return send_text(c, MHD_HTTP_CONTENT_TOO_LARGE, rs_rpc_error_text(-32600, "request too large"));
    char *resp = rs_rpc_handle(s->node, rq->body.len ? (const char *)rq->body.p : "", rq->body.len);
    return send_text(c, MHD_HTTP_OK, resp);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t) {
    (void)cls, (void)c, (void)t;
    request *rq = *con_cls;
    if (!rq) return;
    rs_buf_free(&rq->body);
    free(rq);
    *con_cls = NULL;
}

rs_rpc_server *rs_rpc_listen(rs_node *n, const char *host, uint16_t port, char *err, size_t errlen) {
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (!strcmp(host, "localhost")) host = "127.0.0.1";
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        snprintf(err, errlen, "--host %s is not an IPv4 address", host);
        return NULL;
    }
    rs_rpc_server *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->node = n;
    s->d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, port, NULL, NULL,
                            on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED,
                            on_completed, s, MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)300, MHD_OPTION_END);
    if (!s->d) {
        snprintf(err, errlen, "cannot listen on %s:%u (in use?)", host, (unsigned)port);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : port;
    return s;
}

uint16_t rs_rpc_port(const rs_rpc_server *s) { return s->port; }

void rs_rpc_stop(rs_rpc_server *s) {
    if (!s) return;
    MHD_stop_daemon(s->d);
    free(s);
}
