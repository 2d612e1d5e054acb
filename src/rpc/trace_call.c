/* geth's callTracer: one JSON frame per call frame (native frames
 * included), nested as the calls were, with geth's field order and
 * formats. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "restake/evm.h"
#include "restake/limits.h"
#include "rpc/rpc_json.h"
#include "rpc/trace.h"

const char *rs_trace_error_text(rs_evm_status s) {
    switch (s) {
    case RS_EVM_SUCCESS: return NULL;
    case RS_EVM_REVERT: return "execution reverted";
    case RS_EVM_OUT_OF_GAS: return "out of gas";
    case RS_EVM_INVALID_INSTRUCTION: return "invalid opcode";
    case RS_EVM_STACK_UNDERFLOW: return "stack underflow";
    case RS_EVM_STACK_OVERFLOW: return "stack overflow";
    case RS_EVM_BAD_JUMP_DESTINATION: return "invalid jump destination";
    case RS_EVM_INVALID_MEMORY_ACCESS: return "return data out of bounds";
    case RS_EVM_STATIC_MODE_VIOLATION: return "write protection";
    case RS_EVM_CALL_DEPTH_EXCEEDED: return "max call depth exceeded";
    case RS_EVM_INSUFFICIENT_BALANCE: return "insufficient balance for transfer";
    case RS_EVM_CONTRACT_VALIDATION_FAILURE: return "max code size exceeded";
    case RS_EVM_ARGUMENT_OUT_OF_RANGE: return "gas uint64 overflow";
    case RS_EVM_PRECOMPILE_FAILURE: return "precompile failed";
    case RS_EVM_FAILURE: return "contract address collision";
    }
    return "execution failed";
}

/* Solidity's panic codes as geth (after ethers) spells them. */
static const char *panic_text(uint64_t code) {
    switch (code) {
    case 0x00: return "generic panic";
    case 0x01: return "assert(false)";
    case 0x11: return "arithmetic underflow or overflow";
    case 0x12: return "division or modulo by zero";
    case 0x21: return "enum overflow";
    case 0x22: return "invalid encoded storage byte array accessed";
    case 0x31: return "out-of-bounds array access; popping on an empty array";
    case 0x32: return "out-of-bounds access of an array or bytesN";
    case 0x41: return "out of memory";
    case 0x51: return "uninitialized function";
    default: return NULL;
    }
}

static bool small_word(const uint8_t *w, uint64_t *out) {
    for (int i = 0; i < 24; i++)
        if (w[i]) return false;
    uint64_t v = 0;
    for (int i = 24; i < 32; i++) v = v << 8 | w[i];
    *out = v;
    return true;
}

json_t *rs_trace_revert_reason(const uint8_t *d, size_t n) {
    static const uint8_t ERROR_SEL[4] = {0x08, 0xc3, 0x79, 0xa0}, PANIC_SEL[4] = {0x4e, 0x48, 0x7b, 0x71};
    if (n < 4) return NULL;
    const uint8_t *a = d + 4;
    size_t alen = n - 4;
    uint64_t off, len;
    if (!memcmp(d, ERROR_SEL, 4)) { /* abi.decode(string): an offset, then length and bytes */
        if (alen < 32 || !small_word(a, &off) || off > alen || alen - off < 32) return NULL;
        if (!small_word(a + off, &len) || len > alen - off - 32) return NULL;
        return json_stringn((const char *)a + off + 32, (size_t)len); /* NULL unless UTF-8 */
    }
    if (!memcmp(d, PANIC_SEL, 4)) {
        if (alen < 32) return NULL;
        uint64_t code;
        const char *t = small_word(a, &code) ? panic_text(code) : NULL;
        if (t) return json_string(t);
        char hex[67];
        char buf[96];
        u256_to_hex(u256_from_be(a), hex);
        snprintf(buf, sizeof buf, "unknown panic code: %s", hex);
        return json_string(buf);
    }
    return NULL;
}

/* ---- the tracer ---- */

typedef struct {
    const char *type;
    rs_addr from, to;
    bool has_to, has_value, native, is_static;
    uint64_t gas;
    u256 value;
    json_t *input, *calls, *logs;
    uint8_t last_op;     /* an EVM frame's latest instruction: the one that makes a child frame */
    size_t live_logs_at_enter;
} frame;

typedef struct {
    rs_json_tracer base;
    bool only_top, with_log;
    frame *stack;
    size_t depth, cap;
    size_t skipped;      /* frames open but not recorded (only_top, or past the limit) */
    size_t nframes;
    size_t live_logs;    /* logs emitted and not undone: the next log's index */
    json_t *root;        /* the top frame, built at its exit */
    rs_evm_status root_status;
} call_tracer;

static call_tracer *of(rs_tracer *t) { return (call_tracer *)t; }

static const char *op_type(uint8_t op) {
    switch (op) {
    case 0xf0: return "CREATE";
    case 0xf1: return "CALL";
    case 0xf2: return "CALLCODE";
    case 0xf4: return "DELEGATECALL";
    case 0xf5: return "CREATE2";
    case 0xfa: return "STATICCALL";
    default: return NULL;
    }
}

/* The frame's type: the opcode that made it when an EVM frame did, else
 * what the message says (a native caller's rs_staticcall is the only way a
 * static frame starts under a non-static one). */
static const char *frame_type(const call_tracer *c, const rs_msg *msg) {
    switch (msg->kind) {
    case RS_MSG_CREATE: return "CREATE";
    case RS_MSG_CREATE2: return "CREATE2";
    case RS_MSG_DELEGATECALL: return "DELEGATECALL";
    case RS_MSG_CALLCODE: return "CALLCODE";
    case RS_MSG_CALL: break;
    }
    if (c->depth == 0) return "CALL";
    const frame *parent = &c->stack[c->depth - 1];
    const char *t = parent->native ? NULL : op_type(parent->last_op);
    if (t && (!strcmp(t, "CALL") || !strcmp(t, "STATICCALL"))) return t;
    return msg->is_static && !parent->is_static ? "STATICCALL" : "CALL";
}

static void on_frame_enter(rs_tracer *t, const rs_msg *msg, rs_addr to, bool native) {
    call_tracer *c = of(t);
    if (c->skipped || (c->only_top && c->depth > 0) || c->nframes >= RS_TRACE_FRAMES_MAX) {
        c->skipped++;
        return;
    }
    if (c->depth == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 16;
        c->stack = realloc(c->stack, c->cap * sizeof *c->stack);
        if (!c->stack) abort();
    }
    const char *type = frame_type(c, msg);
    frame *f = &c->stack[c->depth++];
    c->nframes++;
    bool valueless = !strcmp(type, "DELEGATECALL") || !strcmp(type, "STATICCALL");
    *f = (frame){.type = type, .from = msg->sender, .to = to, .has_to = true, .has_value = !valueless,
                 .native = native, .is_static = msg->is_static, .gas = (uint64_t)msg->gas, .value = msg->value,
                 .input = rj_data(msg->input, msg->input_len), .live_logs_at_enter = c->live_logs};
}

static void strip_logs(json_t *frame_json) {
    json_object_del(frame_json, "logs");
    json_t *calls = json_object_get(frame_json, "calls");
    size_t i;
    json_t *child;
    json_array_foreach(calls, i, child) strip_logs(child);
}

/* The frame's JSON in geth's field order. */
static json_t *frame_json(frame *f, uint64_t gas, uint64_t gas_used, rs_evm_status status, const uint8_t *out,
                          size_t len) {
    const char *error = rs_trace_error_text(status);
    bool create = !strcmp(f->type, "CREATE") || !strcmp(f->type, "CREATE2");
    json_t *o = json_object();
    json_object_set_new(o, "from", rj_data(f->from.b, 20));
    json_object_set_new(o, "gas", rj_u64(gas));
    json_object_set_new(o, "gasUsed", rj_u64(gas_used));
    if (f->has_to && !(error && create)) json_object_set_new(o, "to", rj_data(f->to.b, 20));
    json_object_set_new(o, "input", f->input);
    if (len > 0 && (!error || status == RS_EVM_REVERT)) json_object_set_new(o, "output", rj_data(out, len));
    if (error) json_object_set_new(o, "error", json_string(error));
    json_t *reason = status == RS_EVM_REVERT ? rs_trace_revert_reason(out, len) : NULL;
    if (reason) json_object_set_new(o, "revertReason", reason);
    if (f->calls) json_object_set_new(o, "calls", f->calls);
    if (f->logs) json_object_set_new(o, "logs", f->logs);
    if (f->has_value) json_object_set_new(o, "value", rj_u256(f->value));
    json_object_set_new(o, "type", json_string(f->type));
    if (error) strip_logs(o); /* a failed frame's logs, and its children's, were undone */
    return o;
}

static void on_frame_exit(rs_tracer *t, rs_evm_status status, const uint8_t *out, size_t len, int64_t gas_left) {
    call_tracer *c = of(t);
    if (c->skipped) {
        c->skipped--;
        return;
    }
    assert(c->depth > 0);
    frame *f = &c->stack[--c->depth];
    if (status != RS_EVM_SUCCESS) c->live_logs = f->live_logs_at_enter;
    if (c->depth == 0) { /* the top frame's gas comes from the transaction: built in result() */
        c->root_status = status;
        c->root = frame_json(f, 0, 0, status, out, len);
        return;
    }
    uint64_t used = gas_left >= 0 && (uint64_t)gas_left <= f->gas ? f->gas - (uint64_t)gas_left : f->gas;
    json_t *o = frame_json(f, f->gas, used, status, out, len);
    frame *parent = &c->stack[c->depth - 1];
    if (!parent->calls) parent->calls = json_array();
    json_array_append_new(parent->calls, o);
}

static void on_step(rs_tracer *t, const rs_trace_step *s) {
    call_tracer *c = of(t);
    if (c->skipped || c->depth == 0) return;
    c->stack[c->depth - 1].last_op = s->op;
}

static void on_log(rs_tracer *t, rs_addr a, const rs_b32 *topics, size_t ntopics, const uint8_t *data, size_t len) {
    call_tracer *c = of(t);
    size_t index = c->live_logs++;
    if (!c->with_log || c->skipped || c->depth == 0) return;
    frame *f = &c->stack[c->depth - 1];
    json_t *tj = json_array();
    for (size_t i = 0; i < ntopics; i++) json_array_append_new(tj, rj_b32(topics[i]));
    json_t *l = json_object();
    json_object_set_new(l, "address", rj_data(a.b, 20));
    json_object_set_new(l, "topics", tj);
    json_object_set_new(l, "data", rj_data(data, len));
    json_object_set_new(l, "index", json_integer((json_int_t)index)); /* made block-wide in result() */
    json_object_set_new(l, "position", rj_u64(f->calls ? json_array_size(f->calls) : 0));
    if (!f->logs) f->logs = json_array();
    json_array_append_new(f->logs, l);
}

/* Log indexes become hex quantities offset by the transaction's first. */
static void index_logs(json_t *fr, uint64_t base) {
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(fr, "logs"), i, x) {
        json_int_t k = json_integer_value(json_object_get(x, "index"));
        json_object_set_new(x, "index", rj_u64(base + (uint64_t)k));
    }
    json_array_foreach(json_object_get(fr, "calls"), i, x) index_logs(x, base);
}

/* The same frame with its fields in geth's order. */
static json_t *in_geth_order(json_t *o) {
    static const char *const KEYS[] = {"from",  "gas",          "gasUsed", "to",   "input", "output",
                                       "error", "revertReason", "calls",   "logs", "value", "type"};
    json_t *r = json_object();
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        json_t *v = json_object_get(o, KEYS[i]);
        if (v) json_object_set(r, KEYS[i], v);
    }
    json_decref(o);
    return r;
}

static json_t *result(rs_json_tracer *t, const rs_trace_tx *tx) {
    call_tracer *c = of(&t->hooks);
    if (!c->root) return json_null();
    json_t *r = c->root;
    c->root = NULL;
    json_object_set_new(r, "gas", rj_u64(tx->gas_limit));
    json_object_set_new(r, "gasUsed", rj_u64(tx->gas_used));
    if (tx->failed && c->root_status == RS_EVM_SUCCESS) {
        /* The frame returned but the transaction's gas did not cover it:
         * the whole call is undone, as an out-of-gas is. */
        json_object_del(r, "output");
        json_object_set_new(r, "error", json_string("out of gas"));
        r = in_geth_order(r);
    }
    if (tx->failed) strip_logs(r);
    index_logs(r, tx->log_index);
    return r;
}

static void tracer_free(rs_json_tracer *t) {
    call_tracer *c = of(&t->hooks);
    for (size_t i = 0; i < c->depth; i++) { /* frames left open by an aborted run */
        json_decref(c->stack[i].input);
        json_decref(c->stack[i].calls);
        json_decref(c->stack[i].logs);
    }
    json_decref(c->root);
    free(c->stack);
    free(c);
}

rs_json_tracer *rs_call_tracer_new(bool only_top_call, bool with_log) {
    call_tracer *c = calloc(1, sizeof *c);
    if (!c) abort();
    c->base.hooks = (rs_tracer){.enter = on_frame_enter, .exit = on_frame_exit, .step = on_step, .log = on_log};
    c->base.result = result;
    c->base.free = tracer_free;
    c->only_top = only_top_call;
    c->with_log = with_log;
    return &c->base;
}
