/* debug_traceTransaction, debug_traceBlockByNumber/ByHash and
 * debug_traceCall: geth's methods over the tracers of rpc/trace.h. A traced
 * transaction runs again on a copy of the state before it (node/trace.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "node/trace.h"
#include "restake/limits.h"
#include "rpc/rpc.h"
#include "rpc/rpc_extra.h"
#include "rpc/rpc_json.h"
#include "rpc/rpc_tx_object.h"
#include "rpc/trace.h"

/* The gas a traced call without one reports for its top frame: geth's
 * default RPC gas cap. */
#define TRACE_CALL_GAS_DEFAULT 50000000u

/* ---- options ---- */

static bool opt_bool(const json_t *o, const char *key, bool *out) {
    const json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return true;
    if (!json_is_boolean(v)) return false;
    *out = json_is_true(v);
    return true;
}

rs_json_tracer *rs_json_tracer_new(const json_t *opts, char *msg, size_t cap) {
    if (opts && !json_is_null(opts) && !json_is_object(opts))
        return rj_fail(msg, cap, 0, "invalid params: the trace options must be an object"), NULL;
    const json_t *name = json_object_get(opts, "tracer");
    if (name && !json_is_null(name)) {
        if (!json_is_string(name) || strcmp(json_string_value(name), "callTracer") != 0) {
            rj_fail(msg, cap, 0, "tracer %.60s not found (restake has callTracer and the default struct logger)",
                    json_is_string(name) ? json_string_value(name) : "?");
            return NULL;
        }
        const json_t *cfg = json_object_get(opts, "tracerConfig");
        bool only_top = false, with_log = false;
        if ((cfg && !json_is_null(cfg) && !json_is_object(cfg)) || !opt_bool(cfg, "onlyTopCall", &only_top) ||
            !opt_bool(cfg, "withLog", &with_log))
            return rj_fail(msg, cap, 0, "invalid params: tracerConfig"), NULL;
        return rs_call_tracer_new(only_top, with_log);
    }
    rs_struct_log_config c = {0};
    if (!opt_bool(opts, "disableStack", &c.disable_stack) || !opt_bool(opts, "enableMemory", &c.enable_memory) ||
        !opt_bool(opts, "disableStorage", &c.disable_storage) ||
        !opt_bool(opts, "enableReturnData", &c.enable_return_data))
        return rj_fail(msg, cap, 0, "invalid params: struct logger options"), NULL;
    const json_t *limit = json_object_get(opts, "limit");
    if (limit && !json_is_null(limit)) {
        if (!json_is_integer(limit) || json_integer_value(limit) < 0)
            return rj_fail(msg, cap, 0, "invalid params: limit"), NULL;
        c.limit = (uint64_t)json_integer_value(limit);
    }
    return rs_struct_logger_new(&c);
}

static rs_trace_tx trace_tx_of(const rs_node_traced_tx *t) {
    return (rs_trace_tx){.gas_limit = t->gas_limit, .gas_used = t->gas_used, .failed = t->failed,
                         .log_index = t->first_log_index};
}

/* ---- transactions and blocks ---- */

typedef struct {
    const json_t *opts;
    uint32_t only;             /* the one transaction traced (UINT32_MAX: every one) */
    rs_json_tracer *tracer;    /* the running transaction's */
    json_t *results;           /* debug_traceBlock*: [{txHash, result}] */
    json_t *result;            /* debug_traceTransaction */
    char *msg;
    size_t cap;
    bool failed;
} trace_job;

static rs_tracer *tracer_for(void *ctx, uint32_t i, rs_b32 hash) {
    (void)hash;
    trace_job *j = ctx;
    if (j->failed || (j->only != UINT32_MAX && i != j->only)) return NULL;
    j->tracer = rs_json_tracer_new(j->opts, j->msg, j->cap);
    if (!j->tracer) j->failed = true;
    return j->tracer ? &j->tracer->hooks : NULL;
}

static void done(void *ctx, uint32_t i, const rs_node_traced_tx *t) {
    (void)i;
    trace_job *j = ctx;
    if (!j->tracer) return;
    rs_trace_tx tx = trace_tx_of(t);
    json_t *r = j->tracer->result(j->tracer, &tx);
    j->tracer->free(j->tracer);
    j->tracer = NULL;
    if (j->only != UINT32_MAX) {
        j->result = r;
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "txHash", rj_b32(t->hash));
    json_object_set_new(o, "result", r);
    json_array_append_new(j->results, o);
}

static int trace_block(rs_node *n, uint64_t number, trace_job *j, char *msg, size_t cap) {
    j->msg = msg;
    j->cap = cap;
    rs_node_trace_plan plan = {.tracer_for = tracer_for, .done = done, .ctx = j};
    char err[256];
    int rc = rs_node_trace_block(n, number, &plan, err, sizeof err);
    if (j->tracer) j->tracer->free(j->tracer);
    if (j->failed) return RPC_INVALID_PARAMS;
    if (rc != 0) return rj_fail(msg, cap, RPC_SERVER, "%s", err);
    return 0;
}

int rs_rpc_trace_transaction(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    rs_b32 h;
    if (!rj_get_b32(json_array_get(p, 0), &h)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: transaction hash");
    rs_stored_tx t;
    int rc = rs_store_get_tx(n->store, h, &t);
    if (rc < 0) return rj_fail(msg, cap, RPC_INTERNAL, "storage read failed");
    if (rc == 0) return rj_fail(msg, cap, RPC_SERVER, "transaction not found");
    trace_job j = {.opts = json_array_get(p, 1), .only = t.idx};
    uint64_t block = t.block;
    rs_stored_tx_free(&t);
    int code = trace_block(n, block, &j, msg, cap);
    if (code) {
        json_decref(j.result);
        return code;
    }
    *result = j.result ? j.result : json_null();
    return 0;
}

/* The block a tag names ("latest", "earliest", a number); false when it is
 * not one. */
static bool block_of_tag(rs_node *n, const json_t *v, uint64_t *out) {
    rs_block_header head = rs_node_head(n);
    if (!v || json_is_null(v)) {
        *out = head.number;
        return true;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (!strcmp(s, "latest") || !strcmp(s, "pending") || !strcmp(s, "safe") || !strcmp(s, "finalized")) {
            *out = head.number;
            return true;
        }
        if (!strcmp(s, "earliest")) {
            *out = n->genesis_number;
            return true;
        }
    }
    return rj_get_u64(v, out) && *out <= head.number;
}

static int trace_block_number(rs_node *n, uint64_t number, const json_t *opts, json_t **result, char *msg,
                              size_t cap) {
    trace_job j = {.opts = opts, .only = UINT32_MAX, .results = json_array()};
    int code = number == n->genesis_number ? 0 : trace_block(n, number, &j, msg, cap);
    if (code) {
        json_decref(j.results);
        return code;
    }
    *result = j.results;
    return 0;
}

int rs_rpc_trace_block_by_number(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    uint64_t b;
    if (!block_of_tag(n, json_array_get(p, 0), &b)) return rj_fail(msg, cap, RPC_SERVER, "block not found");
    return trace_block_number(n, b, json_array_get(p, 1), result, msg, cap);
}

int rs_rpc_trace_block_by_hash(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    rs_b32 h;
    rs_block_header hd;
    if (!rj_get_b32(json_array_get(p, 0), &h)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: block hash");
    int rc = rs_store_get_block_by_hash(n->store, h, &hd);
    if (rc < 0) return rj_fail(msg, cap, RPC_INTERNAL, "storage read failed");
    if (rc == 0) return rj_fail(msg, cap, RPC_SERVER, "block not found");
    return trace_block_number(n, hd.number, json_array_get(p, 1), result, msg, cap);
}

/* ---- calls ---- */

/* The call on the state the tag names: the live state under the node lock
 * for the head, a rebuilt one otherwise. */
static int run_call(rs_node *n, uint64_t b, const rs_rpc_tx_object *c, rs_json_tracer *t, uint64_t *gas, bool *ok,
                    char *msg, size_t cap) {
    rs_buf ret;
    rs_buf_init(&ret);
    rs_block_header h;
    pthread_mutex_lock(&n->lock);
    if (b == n->head.number) {
        h = n->head;
        *ok = rs_node_trace_call_on(n, n->st, &h, c->from, c->has_to ? &c->to : NULL, c->value, c->data, c->len, &t->hooks, &ret, gas,
                                    NULL) == RS_OK;
        pthread_mutex_unlock(&n->lock);
        rs_buf_free(&ret);
        return 0;
    }
    pthread_mutex_unlock(&n->lock);
    char err[256];
    rs_state *st = rs_node_state_at(n, b, &h, err, sizeof err);
    if (!st) {
        rs_buf_free(&ret);
        return rj_fail(msg, cap, RPC_SERVER, "historical state unavailable: %s", err);
    }
    *ok = rs_node_trace_call_on(n, st, &h, c->from, c->has_to ? &c->to : NULL, c->value, c->data, c->len, &t->hooks, &ret, gas, NULL) ==
          RS_OK;
    rs_state_free(st);
    rs_buf_free(&ret);
    return 0;
}

int rs_rpc_trace_call(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    rs_rpc_tx_object c;
    int code = rs_rpc_tx_object_parse(json_array_get(p, 0), &c, msg, cap);
    if (code) return code;
    uint64_t b;
    if (!block_of_tag(n, json_array_get(p, 1), &b))
        code = rj_fail(msg, cap, RPC_SERVER, "header not found");
    rs_json_tracer *t = code ? NULL : rs_json_tracer_new(json_array_get(p, 2), msg, cap);
    if (!code && !t) code = RPC_INVALID_PARAMS;
    uint64_t gas = 0;
    bool ok = false;
    if (!code) code = run_call(n, b, &c, t, &gas, &ok, msg, cap);
    if (!code) {
        rs_trace_tx tx = {.gas_limit = c.gas ? c.gas : TRACE_CALL_GAS_DEFAULT, .gas_used = gas, .failed = !ok};
        *result = t->result(t, &tx);
    }
    if (t) t->free(t);
    rs_rpc_tx_object_free(&c);
    return code;
}
