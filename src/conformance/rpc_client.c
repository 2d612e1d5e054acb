/* JSON-RPC over HTTP/1.1 for the conformance replay: one keep-alive TCP
 * connection, requests sent with Content-Length, responses read by their
 * Content-Length (or to EOF when the server closes). */
#include "conformance/rpc_client.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include <fcntl.h>

#include "restake/limits.h"


struct rs_rpc_client {
    char host[256];
    char port[8];
    char path[512];
    int fd;
    int timeout_ms;
    unsigned long long next_id;
    char *buf; /* response bytes */
    size_t len, cap;
};

static void set_err(char *err, size_t errlen, const char *fmt, const char *a, const char *b) {
    if (err && errlen) snprintf(err, errlen, fmt, a, b);
}

static bool parse_url(rs_rpc_client *c, const char *url, char *err, size_t errlen) {
    const char *p = url;
    if (strncmp(p, "http://", 7) == 0) p += 7;
    else if (strstr(p, "://")) {
        set_err(err, errlen, "%s: only http:// URLs are supported%s", url, "");
        return false;
    }
    const char *host_end = p + strcspn(p, ":/");
    size_t hl = (size_t)(host_end - p);
    if (hl == 0 || hl >= sizeof c->host) {
        set_err(err, errlen, "%s: no host in the URL%s", url, "");
        return false;
    }
    memcpy(c->host, p, hl);
    c->host[hl] = 0;
    p = host_end;
    strcpy(c->port, "80");
    if (*p == ':') {
        p++;
        size_t pl = strspn(p, "0123456789");
        long v = pl && pl < 6 ? strtol(p, NULL, 10) : 0;
        if (v <= 0 || v > 65535 || (p[pl] && p[pl] != '/')) {
            set_err(err, errlen, "%s: bad port in the URL%s", url, "");
            return false;
        }
        snprintf(c->port, sizeof c->port, "%ld", v);
        p += pl;
    }
    if (strlen(p) >= sizeof c->path) {
        set_err(err, errlen, "%s: path too long%s", url, "");
        return false;
    }
    strcpy(c->path, *p ? p : "/");
    return true;
}

/* Waits for fd to become ready for `events`; false on timeout or error. */
static bool wait_fd(int fd, short events, int timeout_ms) {
    struct pollfd pf = {.fd = fd, .events = events};
    for (;;) {
        int r = poll(&pf, 1, timeout_ms);
        if (r < 0 && errno == EINTR) continue;
        return r > 0;
    }
}

static int connect_one(const struct addrinfo *ai, int timeout_ms) {
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) return -1;
    int fl = fcntl(fd, F_GETFL, 0);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    int r = connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (r != 0 && errno == EINPROGRESS && wait_fd(fd, POLLOUT, timeout_ms)) {
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
        if (soerr == 0) r = 0;
        else errno = soerr;
    } else if (r != 0 && errno == EINPROGRESS) {
        errno = ETIMEDOUT;
    }
    if (r != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd; /* stays non-blocking: every read and write polls first */
}

static bool do_connect(rs_rpc_client *c, char *err, size_t errlen) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
    int gr = getaddrinfo(c->host, c->port, &hints, &res);
    if (gr != 0) {
        set_err(err, errlen, "cannot resolve %s: %s", c->host, gai_strerror(gr));
        return false;
    }
    int fd = -1, e = 0;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = connect_one(ai, c->timeout_ms);
        if (fd < 0) e = errno;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        char where[300];
        snprintf(where, sizeof where, "%s:%s", c->host, c->port);
        set_err(err, errlen, "cannot connect to %s: %s (is the node running?)", where, strerror(e));
        return false;
    }
    c->fd = fd;
    return true;
}

static void disconnect(rs_rpc_client *c) {
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
}

rs_rpc_client *rs_rpc_client_open(const char *url, int timeout_ms, char *err, size_t errlen) {
    rs_rpc_client *c = calloc(1, sizeof *c);
    if (!c) {
        set_err(err, errlen, "out of memory%s%s", "", "");
        return NULL;
    }
    c->fd = -1;
    c->timeout_ms = timeout_ms > 0 ? timeout_ms : 30000;
    c->next_id = 1;
    if (!parse_url(c, url, err, errlen) || !do_connect(c, err, errlen)) {
        rs_rpc_client_close(c);
        return NULL;
    }
    return c;
}

void rs_rpc_client_close(rs_rpc_client *c) {
    if (!c) return;
    disconnect(c);
    free(c->buf);
    free(c);
}

static bool send_all(rs_rpc_client *c, const char *p, size_t n) {
    while (n) {
        if (!wait_fd(c->fd, POLLOUT, c->timeout_ms)) return false;
        ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
        if (w <= 0) return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Reads more bytes into c->buf: >0 read, 0 EOF, -1 error or timeout. */
static int read_more(rs_rpc_client *c) {
    if (c->cap - c->len < 65536) {
        size_t cap = c->cap ? c->cap * 2 : 131072;
        char *b = realloc(c->buf, cap + 1);
        if (!b) return -1;
        c->buf = b;
        c->cap = cap;
    }
    for (;;) {
        if (!wait_fd(c->fd, POLLIN, c->timeout_ms)) {
            errno = ETIMEDOUT;
            return -1;
        }
        ssize_t r = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
        if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
        if (r < 0) return -1;
        c->len += (size_t)r;
        return r > 0 ? 1 : 0;
    }
}

/* Value of header `name` within the header block [h, end), or NULL. */
static const char *header(const char *h, const char *end, const char *name) {
    size_t nl = strlen(name);
    for (const char *line = h; line < end;) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol) eol = end;
        if ((size_t)(eol - line) > nl && strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ' || *v == '\t') v++;
            return v;
        }
        line = eol + 1;
    }
    return NULL;
}

/* Reads one HTTP response; its body is c->buf[*body, *body + *blen). */
static bool read_response(rs_rpc_client *c, size_t *body, size_t *blen, bool *closes, char *err, size_t errlen) {
    c->len = 0;
    const char *hend = NULL;
    while (!hend) {
        int r = read_more(c);
        if (r <= 0) {
            set_err(err, errlen, "%s: %s", "reading the HTTP response",
                    r == 0 ? "the node closed the connection" : strerror(errno));
            return false;
        }
        c->buf[c->len] = 0;
        char *h = strstr(c->buf, "\r\n\r\n");
        if (h) hend = h + 4;
        else if (c->len > 65536) {
            set_err(err, errlen, "%s%s: HTTP headers too long", "", "");
            return false;
        }
    }
    size_t hlen = (size_t)(hend - c->buf);
    int status = 0;
    if (sscanf(c->buf, "HTTP/%*d.%*d %d", &status) != 1) {
        set_err(err, errlen, "%s%s: not an HTTP response", "", "");
        return false;
    }
    const char *te = header(c->buf, hend, "Transfer-Encoding");
    if (te && strncasecmp(te, "chunked", 7) == 0) {
        set_err(err, errlen, "%s%s: chunked HTTP responses are not supported", "", "");
        return false;
    }
    const char *conn = header(c->buf, hend, "Connection");
    *closes = conn && strncasecmp(conn, "close", 5) == 0;
    const char *cl = header(c->buf, hend, "Content-Length");
    if (cl) {
        unsigned long long want = strtoull(cl, NULL, 10);
        if (want > RS_CONF_RPC_RESPONSE_MAX) {
            set_err(err, errlen, "%s%s: response too large", "", "");
            return false;
        }
        while (c->len - hlen < want) {
            int r = read_more(c);
            if (r <= 0) {
                set_err(err, errlen, "%s: %s", "reading the HTTP body",
                        r == 0 ? "the node closed the connection mid-response" : strerror(errno));
                return false;
            }
        }
        *blen = (size_t)want;
    } else {
        *closes = true;
        for (;;) {
            int r = read_more(c);
            if (r < 0) {
                set_err(err, errlen, "%s: %s", "reading the HTTP body", strerror(errno));
                return false;
            }
            if (r == 0) break;
            if (c->len > RS_CONF_RPC_RESPONSE_MAX) {
                set_err(err, errlen, "%s%s: response too large", "", "");
                return false;
            }
        }
        *blen = c->len - hlen;
    }
    *body = hlen;
    if (status != 200) {
        char code[16];
        snprintf(code, sizeof code, "%d", status);
        c->buf[hlen + *blen] = 0;
        set_err(err, errlen, "HTTP status %s: %.200s", code, c->buf + hlen);
        return false;
    }
    return true;
}

/* POSTs body and parses the JSON answer. The request is sent at most once
 * (a state-changing call must not run twice); the connection is reopened
 * first if the server closed it after the previous response. */
/* A kept-alive connection the server has since closed (idle timeout) reads
 * as EOF before anything is sent: reconnect then rather than fail after. */
static bool stale(const rs_rpc_client *c) {
    struct pollfd pf = {.fd = c->fd, .events = POLLIN};
    if (poll(&pf, 1, 0) <= 0) return false;
    char b;
    return recv(c->fd, &b, 1, MSG_PEEK) <= 0 || (pf.revents & (POLLHUP | POLLERR));
}

static json_t *post(rs_rpc_client *c, const char *body, size_t n, char *err, size_t errlen) {
    if (c->fd >= 0 && stale(c)) disconnect(c);
    if (c->fd < 0 && !do_connect(c, err, errlen)) return NULL;
    char head[1024];
    int hl = snprintf(head, sizeof head,
                      "POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\n"
                      "Content-Length: %zu\r\nConnection: keep-alive\r\n\r\n",
                      c->path, c->host, c->port, n);
    /* one write: a header segment followed by a body segment would wait
     * for the server's delayed ACK (Nagle) on every request */
    char *msg = malloc((size_t)hl + n);
    if (!msg) {
        set_err(err, errlen, "out of memory%s%s", "", "");
        return NULL;
    }
    memcpy(msg, head, (size_t)hl);
    memcpy(msg + hl, body, n);
    bool sent = send_all(c, msg, (size_t)hl + n);
    free(msg);
    if (!sent) {
        set_err(err, errlen, "sending the request: %s%s", strerror(errno), "");
        disconnect(c);
        return NULL;
    }
    size_t off = 0, blen = 0;
    bool closes = false;
    if (!read_response(c, &off, &blen, &closes, err, errlen)) {
        disconnect(c);
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(c->buf + off, blen, JSON_DECODE_ANY, &je);
    if (closes) disconnect(c);
    if (!j) set_err(err, errlen, "the node's answer is not JSON: %s%s", je.text, "");
    return j;
}

static json_t *request(rs_rpc_client *c, const char *method, const json_t *params) {
    return json_pack("{sssIsssO}", "jsonrpc", "2.0", "id", (json_int_t)c->next_id++, "method", method, "params",
                     params ? (json_t *)params : json_array());
}

int rs_rpc_client_call(rs_rpc_client *c, const char *method, json_t *params, json_t **result, json_t **error,
                       char *err, size_t errlen) {
    json_t *p = params ? params : json_array();
    json_t *req = request(c, method, p);
    json_decref(p);
    char *text = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    if (!text) {
        set_err(err, errlen, "%s: cannot encode the request%s", method, "");
        return -1;
    }
    json_t *resp = post(c, text, strlen(text), err, errlen);
    free(text);
    if (!resp) return -1;
    json_t *res = json_object_get(resp, "result"), *e = json_object_get(resp, "error");
    int rc = -1;
    if (json_is_object(e)) {
        *error = json_incref(e);
        rc = 1;
    } else if (res) {
        *result = json_incref(res);
        rc = 0;
    } else {
        set_err(err, errlen, "%s: the answer has neither result nor error%s", method, "");
    }
    json_decref(resp);
    return rc;
}

json_t *rs_rpc_client_batch(rs_rpc_client *c, const json_t *reqs, char *err, size_t errlen) {
    size_t n = json_array_size(reqs);
    unsigned long long first = c->next_id;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(reqs, i);
        json_array_append_new(arr, request(c, json_string_value(json_array_get(r, 0)), json_array_get(r, 1)));
    }
    char *text = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    if (!text) {
        set_err(err, errlen, "cannot encode a batch%s%s", "", "");
        return NULL;
    }
    json_t *resp = post(c, text, strlen(text), err, errlen);
    free(text);
    if (!resp) return NULL;
    if (!json_is_array(resp) || json_array_size(resp) != n) {
        char what[64];
        snprintf(what, sizeof what, "%zu requests", n);
        set_err(err, errlen, "a batch of %s got %s", what, json_is_array(resp) ? "a different number of answers" : "no array");
        json_decref(resp);
        return NULL;
    }
    /* Servers may answer a batch in any order: place each by its id. */
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(out, json_null());
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(resp, i);
        json_t *id = json_object_get(r, "id");
        json_int_t k = json_is_integer(id) ? json_integer_value(id) - (json_int_t)first : -1;
        if (k < 0 || (size_t)k >= n || !json_is_null(json_array_get(out, (size_t)k))) {
            set_err(err, errlen, "a batch answer has an unexpected id%s%s", "", "");
            json_decref(out);
            json_decref(resp);
            return NULL;
        }
        json_array_set(out, (size_t)k, r);
    }
    json_decref(resp);
    return out;
}
