/* geth's default tracer, the struct logger: one entry per EVM instruction
 * (pc, op, gas, gasCost, depth, stack, and on request memory, storage and
 * return data), and the transaction's gas, failure and return value. Native
 * frames run no instructions: they leave no entries (the EVM instruction
 * that called one shows its cost). */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "restake/evm.h"
#include "restake/hex.h"
#include "restake/limits.h"
#include "rpc/rpc_json.h"
#include "rpc/trace.h"

/* An instruction's entry waiting for its cost: the gas left when its frame
 * next runs an instruction or ends, plus what a child frame it started gave
 * back (geth counts the gas handed to a child in the CALL's cost). */
typedef struct {
    json_t *entry; /* NULL: none waiting */
    int64_t gas;
    int64_t child_gas_left;
} pending;

typedef struct {
    rs_json_tracer base;
    rs_struct_log_config cfg;
    json_t *logs;
    json_t *storage;        /* address → {slot → value} seen by SLOAD/SSTORE */
    pending pend[RS_CALL_DEPTH_MAX + 2];   /* by msg depth */
    int64_t refund[RS_CALL_DEPTH_MAX + 2]; /* each open frame's refund counter at its latest instruction */
    uint32_t depths[RS_CALL_DEPTH_MAX + 2]; /* the open frames' msg depths */
    size_t open;
    bool done;
    rs_evm_status status;
    json_t *output;
} struct_logger;

static struct_logger *of(rs_tracer *t) { return (struct_logger *)t; }

static void settle(pending *p, int64_t gas_after) {
    if (!p->entry) return;
    int64_t cost = p->gas - gas_after + p->child_gas_left;
    json_object_set_new(p->entry, "gasCost", json_integer(cost > 0 ? cost : 0));
    p->entry = NULL;
}

static json_t *word_hex(u256 v) {
    char b[67];
    u256_to_hex(v, b);
    return json_string(b);
}

static json_t *b32_of(u256 v) {
    uint8_t w[32];
    u256_to_be(v, w);
    return rj_data(w, 32);
}

/* The storage this contract's SLOAD/SSTORE touched so far, with this one. */
static json_t *storage_after(struct_logger *l, const rs_trace_step *s) {
    char addr[43];
    rs_hex_encode(s->msg->recipient.b, 20, addr);
    json_t *st = json_object_get(l->storage, addr);
    if (!st) {
        st = json_object();
        json_object_set_new(l->storage, addr, st);
    }
    u256 key = s->stack[s->stack_len - 1];
    u256 value = s->op == 0x54 ? s->host->get_storage(s->host, s->msg->recipient, key) : s->stack[s->stack_len - 2];
    json_t *k = b32_of(key);
    json_object_set_new(st, json_string_value(k), b32_of(value));
    json_decref(k);
    return json_deep_copy(st);
}

static json_t *memory_words(const uint8_t *m, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; i < n; i += 32) json_array_append_new(a, rj_data(m + i, 32)); /* memory grows by words */
    return a;
}

static void on_step(rs_tracer *t, const rs_trace_step *s) {
    struct_logger *l = of(t);
    uint32_t d = s->msg->depth;
    assert(d <= RS_CALL_DEPTH_MAX + 1);
    settle(&l->pend[d], s->gas);
    l->refund[d] = s->refund;
    if (json_array_size(l->logs) >= l->cfg.limit) return;
    int64_t refund = 0;
    for (size_t i = 0; i < l->open; i++) refund += l->depths[i] < d ? l->refund[l->depths[i]] : 0;
    refund += s->refund;
    char nb[RS_EVM_OP_NAME_MAX];
    json_t *e = json_object();
    json_object_set_new(e, "pc", json_integer((json_int_t)s->pc));
    json_object_set_new(e, "op", json_string(rs_evm_op_name(s->op, nb)));
    json_object_set_new(e, "gas", json_integer(s->gas));
    json_object_set_new(e, "gasCost", json_integer(0));
    json_object_set_new(e, "depth", json_integer((json_int_t)d + 1));
    if (!l->cfg.disable_stack) {
        json_t *st = json_array();
        for (size_t i = 0; i < s->stack_len; i++) json_array_append_new(st, word_hex(s->stack[i]));
        json_object_set_new(e, "stack", st);
    }
    if (l->cfg.enable_return_data && s->return_data_len > 0)
        json_object_set_new(e, "returnData", rj_data(s->return_data, s->return_data_len));
    if (l->cfg.enable_memory && s->memory_len > 0) json_object_set_new(e, "memory", memory_words(s->memory, s->memory_len));
    bool sload = s->op == 0x54 && s->stack_len >= 1, sstore = s->op == 0x55 && s->stack_len >= 2;
    if (!l->cfg.disable_storage && (sload || sstore)) json_object_set_new(e, "storage", storage_after(l, s));
    if (refund > 0) json_object_set_new(e, "refund", json_integer(refund));
    json_array_append_new(l->logs, e);
    l->pend[d] = (pending){.entry = e, .gas = s->gas, .child_gas_left = 0};
}

static void on_frame_enter(rs_tracer *t, const rs_msg *msg, rs_addr to, bool native) {
    (void)to, (void)native;
    struct_logger *l = of(t);
    assert(l->open < sizeof l->depths / sizeof l->depths[0]);
    uint32_t d = msg->depth <= RS_CALL_DEPTH_MAX + 1 ? msg->depth : RS_CALL_DEPTH_MAX + 1;
    l->depths[l->open++] = d;
    l->pend[d] = (pending){0};
    l->refund[d] = 0;
}

static void on_frame_exit(rs_tracer *t, rs_evm_status status, const uint8_t *out, size_t len, int64_t gas_left) {
    struct_logger *l = of(t);
    assert(l->open > 0);
    uint32_t d = l->depths[--l->open];
    settle(&l->pend[d], gas_left);
    if (d > 0) l->pend[d - 1].child_gas_left += gas_left;
    if (l->open > 0) return;
    l->done = true;
    l->status = status;
    l->output = rj_data(out, status == RS_EVM_SUCCESS || status == RS_EVM_REVERT ? len : 0);
}

static void on_log(rs_tracer *t, rs_addr a, const rs_b32 *topics, size_t ntopics, const uint8_t *data, size_t len) {
    (void)t, (void)a, (void)topics, (void)ntopics, (void)data, (void)len;
}

static json_t *result(rs_json_tracer *t, const rs_trace_tx *tx) {
    struct_logger *l = of(&t->hooks);
    bool failed = tx->failed || (l->done && l->status != RS_EVM_SUCCESS);
    json_t *out = l->output && !(tx->failed && l->status == RS_EVM_SUCCESS) ? json_incref(l->output) : rj_data(NULL, 0);
    json_t *r = json_object();
    json_object_set_new(r, "gas", json_integer((json_int_t)tx->gas_used));
    json_object_set_new(r, "failed", json_boolean(failed));
    json_object_set_new(r, "returnValue", out);
    json_object_set(r, "structLogs", l->logs);
    return r;
}

static void tracer_free(rs_json_tracer *t) {
    struct_logger *l = of(&t->hooks);
    json_decref(l->logs);
    json_decref(l->storage);
    json_decref(l->output);
    free(l);
}

rs_json_tracer *rs_struct_logger_new(const rs_struct_log_config *cfg) {
    struct_logger *l = calloc(1, sizeof *l);
    if (!l) abort();
    l->base.hooks = (rs_tracer){.enter = on_frame_enter, .exit = on_frame_exit, .step = on_step, .log = on_log};
    l->base.result = result;
    l->base.free = tracer_free;
    l->cfg = *cfg;
    if (l->cfg.limit == 0 || l->cfg.limit > RS_TRACE_STRUCT_LOGS_MAX) l->cfg.limit = RS_TRACE_STRUCT_LOGS_MAX;
    l->logs = json_array();
    l->storage = json_object();
    return &l->base;
}
