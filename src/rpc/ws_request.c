/* A websocket connection's requests: each complete message runs on a
 * thread of its own and its answer is queued on the connection. The
 * subscription methods are the connection's own (its subscriptions live in
 * it); every other method goes to the node's JSON-RPC handler unchanged. */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "restake/limits.h"
#include "rpc/rpc.h"
#include "rpc/rpc_json.h"
#include "rpc/ws_conn.h"

typedef struct {
    rs_ws_conn *c;
    char *text;
    size_t len;
} request;

static int subscribe(rs_ws_conn *c, const json_t *params, json_t **result, char *msg, size_t cap) {
    rs_sub s;
    int rc = rs_sub_parse(params, &s, msg, cap);
    if (rc) return rc;
    pthread_mutex_lock(&c->mu);
    if (c->nsubs >= RS_WS_SUBS_MAX) {
        pthread_mutex_unlock(&c->mu);
        rs_sub_free(&s);
        return rj_fail(msg, cap, RPC_LIMIT, "too many subscriptions on this connection (max %d)", RS_WS_SUBS_MAX);
    }
    c->subs[c->nsubs++] = s;
    if (s.kind == RS_SUB_PENDING_TXS) atomic_fetch_add(&c->hub->pending_subs, 1);
    pthread_mutex_unlock(&c->mu);
    *result = json_string(s.id);
    return 0;
}

static int unsubscribe(rs_ws_conn *c, const json_t *params, json_t **result, char *msg, size_t cap) {
    const json_t *id = json_is_array(params) ? json_array_get(params, 0) : NULL;
    if (!json_is_string(id)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: subscription id");
    bool found = false;
    pthread_mutex_lock(&c->mu);
    for (size_t i = 0; i < c->nsubs && !found; i++) {
        if (strcasecmp(c->subs[i].id, json_string_value(id))) continue;
        if (c->subs[i].kind == RS_SUB_PENDING_TXS) atomic_fetch_sub(&c->hub->pending_subs, 1);
        rs_sub_free(&c->subs[i]);
        c->subs[i] = c->subs[--c->nsubs];
        found = true;
    }
    pthread_mutex_unlock(&c->mu);
    *result = json_boolean(found);
    return 0;
}

static bool is_sub_method(const json_t *req) {
    const char *m = json_string_value(json_object_get(req, "method"));
    return m && (!strcmp(m, "eth_subscribe") || !strcmp(m, "eth_unsubscribe"));
}

/* One eth_subscribe / eth_unsubscribe request's response object. */
static json_t *sub_response(rs_ws_conn *c, const json_t *req) {
    const char *m = json_string_value(json_object_get(req, "method"));
    const json_t *params = json_object_get(req, "params");
    json_t *result = NULL;
    char msg[256] = "";
    int code = !strcmp(m, "eth_subscribe") ? subscribe(c, params, &result, msg, sizeof msg)
                                           : unsubscribe(c, params, &result, msg, sizeof msg);
    json_t *id = json_object_get(req, "id");
    json_t *o = json_pack("{sssO}", "jsonrpc", "2.0", "id", id ? id : json_null());
    if (code)
        json_object_set_new(o, "error", json_pack("{siss}", "code", code, "message", msg));
    else
        json_object_set_new(o, "result", result);
    return o;
}

/* A request or batch with subscription methods: those are the
 * connection's, the rest go to the node's handler one by one. */
static char *answer_with_subs(rs_ws_conn *c, json_t *req) {
    json_t *out;
    if (json_is_object(req)) {
        out = sub_response(c, req);
    } else {
        out = json_array();
        for (size_t i = 0; i < json_array_size(req); i++) {
            json_t *one = json_array_get(req, i);
            if (json_is_object(one) && is_sub_method(one)) {
                json_array_append_new(out, sub_response(c, one));
                continue;
            }
            char *text = json_dumps(one, JSON_COMPACT | JSON_ENCODE_ANY);
            char *resp = text ? rs_rpc_handle(c->hub->node, text, strlen(text)) : NULL;
            json_t *r = resp ? json_loads(resp, 0, NULL) : NULL;
            if (r) json_array_append_new(out, r);
            free(text);
            free(resp);
        }
    }
    char *s = json_array_size(out) || json_is_object(out) ? json_dumps(out, JSON_COMPACT) : NULL;
    json_decref(out);
    return s;
}

static bool mentions_subs(const char *text, size_t len) {
    return memmem(text, len, "eth_subscribe", 13) || memmem(text, len, "eth_unsubscribe", 15);
}

static char *answer(rs_ws_conn *c, const char *text, size_t len) {
    if (mentions_subs(text, len)) {
        json_t *req = json_loadb(text, len, JSON_DECODE_ANY, NULL);
        bool ours = json_is_object(req) && is_sub_method(req);
        for (size_t i = 0; json_is_array(req) && i < json_array_size(req) && !ours; i++)
            ours = is_sub_method(json_array_get(req, i));
        if (ours && (json_is_object(req) || json_array_size(req) <= RS_RPC_MAX_BATCH)) {
            char *s = answer_with_subs(c, req);
            json_decref(req);
            return s;
        }
        json_decref(req);
    }
    return rs_rpc_handle(c->hub->node, text, len);
}

static void *request_main(void *arg) {
    request *rq = arg;
    rs_ws_conn *c = rq->c;
    char *resp = answer(c, rq->text, rq->len);
    pthread_mutex_lock(&c->mu);
    if (resp) rs_ws_queue_locked(c, RS_WS_OP_TEXT, resp, strlen(resp));
    bool resume = c->inflight-- == RS_WS_INFLIGHT_MAX;
    pthread_mutex_unlock(&c->mu);
    if (resume) rs_ws_wake(c->hub);
    free(resp);
    free(rq->text);
    free(rq);
    rs_ws_release(c);
    return NULL;
}

void rs_ws_start_request(rs_ws_conn *c, const uint8_t *p, size_t n) {
    request *rq = malloc(sizeof *rq);
    char *text = malloc(n + 1);
    if (!rq || !text) abort();
    memcpy(text, p, n);
    text[n] = 0;
    *rq = (request){c, text, n};
    pthread_mutex_lock(&c->hub->mu);
    c->refs++;
    pthread_mutex_unlock(&c->hub->mu);
    pthread_mutex_lock(&c->mu);
    c->inflight++;
    pthread_mutex_unlock(&c->mu);
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    bool spawned = pthread_create(&t, &at, request_main, rq) == 0;
    pthread_attr_destroy(&at);
    if (!spawned) request_main(rq);
}
