/* Replay of conformance vectors over JSON-RPC (see rpc_runner.h for the
 * block semantics and why each call is made). */
#include "conformance/rpc_runner.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/rpc_client.h"
#include "restake/hex.h"
#include "restake/keccak.h"
#include "restake/limits.h"
#include "rpc/rpc_json.h"

#define RPC_TIMEOUT_MS 120000
#define GAS_PRICE 1000000000ull              /* the devnet's base fee: no tip, exact refund */
#define JSONRPC_REVERTED 3                   /* geth's code for "execution reverted" */

typedef struct {
    const rs_vector *v;
    const rs_runner_opts *o;
    FILE *out;
    rs_rpc_client *c;
    uint64_t block, ts, block_time; /* the node's latest block as we last saw it */
    bool broken;                    /* transport failure: the replay stops */
    char err[512];
} rrun;

typedef struct {
    rrun *x;
    const rs_step *st;
    const char *what;
    unsigned diffs;
    bool print;
    bool unsupported;
} rreport;

/* ---- difference reporting (same shape as the in-process runner's) ---- */

static bool diff(rreport *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool diff(rreport *r, const char *fmt, ...) {
    r->diffs++;
    if (!r->print) return false;
    FILE *f = r->x->out;
    if (r->diffs > 16 && !r->x->o->all) {
        if (r->diffs == 17) fprintf(f, "%s step %" PRIu32 " %s: (more differences in this step not shown)\n",
                                    r->x->v->file, r->st->i, r->what);
        return false;
    }
    fprintf(f, "%s step %" PRIu32 " %s: ", r->x->v->file, r->st->i, r->what);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputs(": ", f);
    return true;
}

static void check_u64(rreport *r, const char *what, uint64_t expected, uint64_t got) {
    if (expected != got && diff(r, "%s", what))
        fprintf(r->x->out, "expected %" PRIu64 " got %" PRIu64 " (node over RPC)\n", expected, got);
}

static bool bytes_eq(const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

static void compare_bytes(rreport *r, const char *field, const uint8_t *exp, size_t elen, const uint8_t *got,
                          size_t glen) {
    if (bytes_eq(exp, elen, got, glen)) return;
    if (diff(r, "%s", field)) rs_runner_put_byte_diff(r->x->out, exp, elen, got, glen);
}

static void compare_revert(rreport *r, const char *field, const uint8_t *exp, size_t elen, const uint8_t *got,
                           size_t glen) {
    if (bytes_eq(exp, elen, got, glen)) return;
    if (!diff(r, "%s", field)) return;
    FILE *f = r->x->out;
    fputs("expected ", f);
    rs_runner_put_revert_name(f, r->x->v, exp, elen);
    fputs(" got ", f);
    rs_runner_put_revert_name(f, r->x->v, got, glen);
    fputs(" — ", f);
    rs_runner_put_byte_diff(f, exp, elen, got, glen);
}

/* A failure to talk to the node: reported on the step, and the replay stops. */
static void transport(rreport *r, const char *what) {
    r->x->broken = true;
    r->diffs++;
    fprintf(r->x->out, "%s step %" PRIu32 " %s: rpc: %s: %s\n", r->x->v->file, r->st->i, r->what, what, r->x->err);
}

/* ---- JSON helpers ---- */

static void add(json_t *reqs, const char *method, json_t *params) {
    json_array_append_new(reqs, json_pack("[so]", method, params));
}

/* Sends reqs (consumed) in batches of RS_CONF_RPC_BATCH_MAX; the responses in order, or NULL. */
static json_t *batch(rrun *x, json_t *reqs) {
    json_t *all = json_array();
    size_t n = json_array_size(reqs);
    for (size_t i = 0; i < n && all; i += RS_CONF_RPC_BATCH_MAX) {
        json_t *part = json_array();
        for (size_t k = i; k < n && k < i + RS_CONF_RPC_BATCH_MAX; k++) json_array_append(part, json_array_get(reqs, k));
        json_t *resp = rs_rpc_client_batch(x->c, part, x->err, sizeof x->err);
        json_decref(part);
        if (!resp) {
            json_decref(all);
            all = NULL;
            break;
        }
        json_array_extend(all, resp);
        json_decref(resp);
    }
    json_decref(reqs);
    return all;
}

static json_t *result_of(const json_t *resp, size_t i) { return json_object_get(json_array_get(resp, i), "result"); }
static json_t *error_of(const json_t *resp, size_t i) { return json_object_get(json_array_get(resp, i), "error"); }

static const char *error_text(const json_t *e) {
    const char *m = json_string_value(json_object_get(e, "message"));
    return m ? m : "(no message)";
}

/* The revert data of a JSON-RPC error, when it is an execution revert. */
static bool revert_data(const json_t *e, uint8_t **p, size_t *n) {
    const json_t *code = json_object_get(e, "code");
    if (!json_is_integer(code) || json_integer_value(code) != JSONRPC_REVERTED) return false;
    const json_t *d = json_object_get(e, "data");
    if (!d || json_is_null(d)) {
        *p = NULL;
        *n = 0;
        return true;
    }
    return rj_get_data(d, p, n);
}

static json_t *call_object(rs_addr from, rs_addr to, const uint8_t *data, size_t len, u256 value) {
    return json_pack("{sosososo}", "from", rj_addr(from), "to", rj_addr(to), "data", rj_data(data, len), "value",
                     rj_u256(value));
}

/* The step's transaction as a call object: a deployment has no `to`. */
static json_t *step_call_object(const rs_step *s) {
    json_t *o = call_object(s->from, s->to, s->calldata, s->cdlen, s->value);
    if (s->is_create) json_object_del(o, "to");
    return o;
}

/* Number and timestamp of the latest block from an eth_getBlockByNumber result. */
static bool block_of(const json_t *b, uint64_t *number, uint64_t *ts) {
    return json_is_object(b) && rj_get_u64(json_object_get(b, "number"), number) &&
           rj_get_u64(json_object_get(b, "timestamp"), ts);
}

static json_t *latest_block_params(void) { return json_pack("[sb]", "latest", 0); }

/* ---- tx ---- */

typedef struct {
    int status; /* 1 success, 0 revert, -1 the call failed otherwise */
    uint8_t *out;
    size_t len;
    uint64_t gas;
    u256 balance; /* the sender's, before */
} pending_result;

/* Runs the step as eth_call in the pending block's context: a snapshot, an
 * empty block at the step's timestamp, the call there, and back. */
static bool pending_call(rreport *r, uint64_t ts, pending_result *p) {
    rrun *x = r->x;
    const rs_step *s = r->st;
    json_t *snap = NULL, *e = NULL;
    if (rs_rpc_client_call(x->c, "evm_snapshot", NULL, &snap, &e, x->err, sizeof x->err) != 0) {
        if (e) snprintf(x->err, sizeof x->err, "%s", error_text(e));
        json_decref(e);
        transport(r, "evm_snapshot");
        return false;
    }
    json_t *reqs = json_array();
    add(reqs, "evm_mine", json_pack("[o]", rj_u64(ts)));
    add(reqs, "eth_call", json_pack("[os]", step_call_object(s), "latest"));
    add(reqs, "eth_estimateGas", json_pack("[os]", step_call_object(s), "latest"));
    add(reqs, "evm_revert", json_pack("[O]", snap));
    add(reqs, "eth_getBlockByNumber", latest_block_params());
    add(reqs, "eth_getBalance", json_pack("[os]", rj_addr(s->from), "latest"));
    json_decref(snap);
    json_t *resp = batch(x, reqs);
    if (!resp) return transport(r, "pending-block eth_call"), false;
    bool ok = false;
    uint64_t num = 0, bts = 0;
    if (error_of(resp, 0)) {
        snprintf(x->err, sizeof x->err, "evm_mine at timestamp %" PRIu64 ": %s", ts, error_text(error_of(resp, 0)));
    } else if (!json_is_true(result_of(resp, 3))) {
        snprintf(x->err, sizeof x->err, "evm_revert did not restore the snapshot");
    } else if (!block_of(result_of(resp, 4), &num, &bts) || num != x->block || bts != x->ts) {
        snprintf(x->err, sizeof x->err, "after evm_revert the latest block is %" PRIu64 " at %" PRIu64
                 ", expected %" PRIu64 " at %" PRIu64, num, bts, x->block, x->ts);
    } else if (!rj_get_u256(result_of(resp, 5), &p->balance)) {
        snprintf(x->err, sizeof x->err, "eth_getBalance of the sender failed");
    } else {
        ok = true;
    }
    if (!ok) {
        json_decref(resp);
        transport(r, "pending-block eth_call");
        return false;
    }
    json_t *e1 = error_of(resp, 1);
    if (!e1) {
        p->status = rj_get_data(result_of(resp, 1), &p->out, &p->len) ? 1 : -1;
        if (!rj_get_u64(result_of(resp, 2), &p->gas)) p->status = -1;
        if (p->status < 0) snprintf(x->err, sizeof x->err, "eth_call/eth_estimateGas answered no usable result");
    } else if (revert_data(e1, &p->out, &p->len)) {
        p->status = 0;
    } else {
        p->status = -1;
        snprintf(x->err, sizeof x->err, "eth_call failed: %s", error_text(e1));
    }
    json_decref(resp);
    return true;
}

static void compare_logs(rreport *r, const json_t *logs) {
    const rs_step *s = r->st;
    const rs_vector *v = r->x->v;
    FILE *f = r->x->out;
    size_t got = json_array_size(logs);
    if (got != s->nlogs && diff(r, "logs")) fprintf(f, "expected %zu logs got %zu\n", s->nlogs, got);
    size_t n = got < s->nlogs ? got : s->nlogs;
    for (size_t i = 0; i < n; i++) {
        const rs_vlog *el = &s->logs[i];
        const json_t *gl = json_array_get(logs, i);
        const char *en = el->ntopics ? rs_vector_event_name(v, el->topics[0]) : NULL;
        char field[96];
        snprintf(field, sizeof field, "log[%zu]%s%s%s", i, en ? " (" : "", en ? en : "", en ? ")" : "");
        rs_addr a;
        if (!rj_get_addr(json_object_get(gl, "address"), &a) || !rs_addr_eq(a, el->address)) {
            if (diff(r, "%s.address", field)) {
                char ea[43];
                rs_addr_to_checksum(el->address, ea);
                const char *ga = json_string_value(json_object_get(gl, "address"));
                fprintf(f, "expected %s got %s\n", ea, ga ? ga : "(none)");
            }
        }
        const json_t *topics = json_object_get(gl, "topics");
        size_t nt = json_array_size(topics);
        if (nt != el->ntopics && diff(r, "%s.topics", field))
            fprintf(f, "expected %u topics got %zu\n", el->ntopics, nt);
        for (size_t t = 0; t < nt && t < el->ntopics; t++) {
            rs_b32 gt;
            if (rj_get_b32(json_array_get(topics, t), &gt) && rs_b32_eq(gt, el->topics[t])) continue;
            char field_t[128];
            snprintf(field_t, sizeof field_t, "%s.topics[%zu]", field, t);
            compare_bytes(r, field_t, el->topics[t].b, 32, gt.b, 32);
        }
        uint8_t *d = NULL;
        size_t dl = 0;
        char dfield[112];
        snprintf(dfield, sizeof dfield, "%s.data", field);
        if (!rj_get_data(json_object_get(gl, "data"), &d, &dl)) {
            if (diff(r, "%s", dfield)) fputs("not 0x-hex in the receipt\n", f);
        } else {
            compare_bytes(r, dfield, el->data, el->len, d, dl);
        }
        free(d);
    }
}

/* The sender pays gas on the node but not on the recorded chain: it gets
 * enough ETH for the gas limit first, and after the block exactly what the
 * receipt says it paid is given back and the advance taken away. */
static bool send_tx(rreport *r, uint64_t ts, const pending_result *p, json_t **receipt, json_t **blk) {
    rrun *x = r->x;
    const rs_step *s = r->st;
    u256 advance = u256_mul_wrap(u256_from_u64(p->gas), u256_from_u64(GAS_PRICE));
    json_t *tx = step_call_object(s);
    json_object_set_new(tx, "gas", rj_u64(p->gas));
    json_object_set_new(tx, "maxFeePerGas", rj_u64(GAS_PRICE));
    json_object_set_new(tx, "maxPriorityFeePerGas", rj_u64(0));
    json_t *reqs = json_array();
    add(reqs, "anvil_setBalance", json_pack("[oo]", rj_addr(s->from), rj_u256(u256_add_wrap(p->balance, advance))));
    add(reqs, "anvil_impersonateAccount", json_pack("[o]", rj_addr(s->from)));
    add(reqs, "evm_setNextBlockTimestamp", json_pack("[o]", rj_u64(ts)));
    add(reqs, "eth_sendTransaction", json_pack("[o]", tx));
    json_t *resp = batch(x, reqs);
    if (!resp) return transport(r, "eth_sendTransaction"), false;
    static const char *const names[] = {"anvil_setBalance", "anvil_impersonateAccount", "evm_setNextBlockTimestamp",
                                        "eth_sendTransaction"};
    for (size_t i = 0; i < 4; i++) {
        if (!error_of(resp, i)) continue;
        snprintf(x->err, sizeof x->err, "%s: %s", names[i], error_text(error_of(resp, i)));
        json_decref(resp);
        transport(r, names[i]);
        return false;
    }
    json_t *hash = json_incref(result_of(resp, 3));
    json_decref(resp);
    reqs = json_array();
    add(reqs, "eth_getTransactionReceipt", json_pack("[o]", hash));
    add(reqs, "eth_getBalance", json_pack("[os]", rj_addr(s->from), "latest"));
    add(reqs, "eth_getBlockByNumber", latest_block_params());
    resp = batch(x, reqs);
    if (!resp) return transport(r, "eth_getTransactionReceipt"), false;
    json_t *rc = result_of(resp, 0);
    u256 bal, used, price;
    if (!json_is_object(rc) || !rj_get_u256(result_of(resp, 1), &bal) ||
        !rj_get_u256(json_object_get(rc, "gasUsed"), &used) ||
        !rj_get_u256(json_object_get(rc, "effectiveGasPrice"), &price)) {
        snprintf(x->err, sizeof x->err, "no usable receipt for the sent transaction");
        json_decref(resp);
        transport(r, "eth_getTransactionReceipt");
        return false;
    }
    u256 fixed = u256_sub_wrap(u256_add_wrap(bal, u256_mul_wrap(used, price)), advance);
    json_t *e = NULL, *ok = NULL;
    if (rs_rpc_client_call(x->c, "anvil_setBalance", json_pack("[oo]", rj_addr(s->from), rj_u256(fixed)), &ok, &e,
                           x->err, sizeof x->err) != 0) {
        if (e) snprintf(x->err, sizeof x->err, "%s", error_text(e));
        json_decref(e);
        json_decref(resp);
        transport(r, "anvil_setBalance (gas refund)");
        return false;
    }
    json_decref(ok);
    *receipt = json_incref(rc);
    *blk = json_incref(result_of(resp, 2));
    json_decref(resp);
    return true;
}

/* A mined deployment: the receipt's contractAddress and the code there. */
static void compare_created(rreport *r, const json_t *receipt) {
    rrun *x = r->x;
    const rs_step *s = r->st;
    FILE *f = x->out;
    rs_addr got;
    if (!rj_get_addr(json_object_get(receipt, "contractAddress"), &got) || !rs_addr_eq(got, s->created)) {
        if (diff(r, "created")) {
            char ea[43];
            rs_addr_to_checksum(s->created, ea);
            const char *ga = json_string_value(json_object_get(receipt, "contractAddress"));
            fprintf(f, "expected %s got %s (receipt.contractAddress)\n", ea, ga ? ga : "(none)");
        }
    }
    json_t *code = NULL, *e = NULL;
    if (rs_rpc_client_call(x->c, "eth_getCode", json_pack("[os]", rj_addr(s->created), "latest"), &code, &e, x->err,
                           sizeof x->err) != 0) {
        if (e) snprintf(x->err, sizeof x->err, "%s", error_text(e));
        json_decref(e);
        transport(r, "eth_getCode");
        return;
    }
    uint8_t *d = NULL;
    size_t n = 0;
    if (!rj_get_data(code, &d, &n)) {
        if (diff(r, "codeHash")) fputs("eth_getCode answered no 0x-hex\n", f);
    } else {
        if (n != s->code_size && diff(r, "codeSize")) fprintf(f, "expected %" PRIu64 " got %zu\n", s->code_size, n);
        rs_b32 h = rs_keccak(d, n);
        compare_bytes(r, "codeHash", s->code_hash.b, 32, h.b, 32);
    }
    free(d);
    json_decref(code);
}

static void run_tx(rreport *r) {
    rrun *x = r->x;
    const rs_step *s = r->st;
    FILE *f = x->out;
    uint64_t ts = x->ts + x->block_time;
    check_u64(r, "block", s->block, x->block + 1);
    if (s->has_timestamp) check_u64(r, "timestamp", s->timestamp, ts);
    pending_result p = {0};
    if (!pending_call(r, ts, &p)) return;
    if (p.status < 0) {
        if (diff(r, "eth_call")) fprintf(f, "%s\n", x->err);
    } else if (p.status != s->status) {
        if (diff(r, "status")) {
            fprintf(f, "expected %d got %d (eth_call in the pending block ", s->status, p.status);
            if (p.status == 0) {
                fputs("reverted with ", f);
                rs_runner_put_revert_name(f, x->v, p.out, p.len);
                fputc(')', f);
            } else {
                fputs("succeeded; expected revert ", f);
                rs_runner_put_revert_name(f, x->v, s->expected, s->explen);
                fputc(')', f);
            }
            fputc('\n', f);
        }
    } else if (s->status == 0) {
        compare_revert(r, "revertData", s->expected, s->explen, p.out, p.len);
    } else if (!s->is_create) {
        /* a creation's eth_call answers the runtime code; its recorded
         * returndata is empty, and the code is checked after it is mined */
        compare_bytes(r, "returndata", s->expected, s->explen, p.out, p.len);
    }
    /* Only what succeeds is sent: a reverting step adds no block. */
    if (p.status == 1) {
        json_t *rc = NULL, *blk = NULL;
        if (send_tx(r, ts, &p, &rc, &blk)) {
            uint64_t status = 0, number = 0, bts = 0;
            rj_get_u64(json_object_get(rc, "status"), &status);
            if (status != 1 && diff(r, "receipt.status"))
                fprintf(f, "the mined transaction failed although eth_call succeeded (revertReason %s)\n",
                        json_string_value(json_object_get(rc, "revertReason")) ? json_string_value(json_object_get(rc, "revertReason")) : "none");
            if (!block_of(blk, &number, &bts)) number = bts = 0;
            check_u64(r, "receipt block", x->block + 1, number);
            check_u64(r, "block timestamp", ts, bts);
            if (s->status == 1 && status == 1) compare_logs(r, json_object_get(rc, "logs"));
            if (s->is_create && s->status == 1 && status == 1) compare_created(r, rc);
            x->block = number;
            x->ts = bts;
        }
        json_decref(rc);
        json_decref(blk);
    }
    free(p.out);
}

/* ---- mine, check, beacon ---- */

static void run_mine(rreport *r) {
    rrun *x = r->x;
    const rs_step *s = r->st;
    json_t *reqs = json_array();
    uint64_t ts = x->ts;
    for (uint64_t b = 1; b <= s->blocks; b++) {
        /* a time jump (rewards suite) puts only the last block at `timestamp` */
        ts = b == s->blocks && s->has_timestamp ? s->timestamp : ts + x->block_time;
        add(reqs, "evm_mine", json_pack("[o]", rj_u64(ts)));
    }
    add(reqs, "eth_getBlockByNumber", latest_block_params());
    size_t n = json_array_size(reqs);
    json_t *resp = batch(x, reqs);
    if (!resp) return transport(r, "evm_mine");
    for (size_t i = 0; i + 1 < n; i++) {
        if (!error_of(resp, i)) continue;
        snprintf(x->err, sizeof x->err, "block %zu of %" PRIu64 ": %s", i + 1, s->blocks, error_text(error_of(resp, i)));
        json_decref(resp);
        return transport(r, "evm_mine");
    }
    uint64_t number = 0, bts = 0;
    if (!block_of(result_of(resp, n - 1), &number, &bts)) {
        snprintf(x->err, sizeof x->err, "no latest block after mining");
        json_decref(resp);
        return transport(r, "eth_getBlockByNumber");
    }
    json_decref(resp);
    check_u64(r, "block", s->block, number);
    check_u64(r, "timestamp", s->has_timestamp ? s->timestamp : ts, bts);
    x->block = number;
    x->ts = bts;
}

static void compare_view(rreport *r, size_t k, const json_t *resp) {
    const rs_vview *w = &r->st->views[k];
    FILE *f = r->x->out;
    const json_t *res = result_of(resp, k), *e = error_of(resp, k);
    char field[320];
    if (w->kind == RS_VIEW_BALANCE) {
        u256 got;
        snprintf(field, sizeof field, "view[%zu] \"%s\" balance", k, w->label);
        if (!rj_get_u256(res, &got)) {
            if (diff(r, "%s", field)) fprintf(f, "eth_getBalance failed: %s\n", e ? error_text(e) : "no result");
        } else if (!u256_eq(got, w->wei) && diff(r, "%s", field)) {
            char a[79], b[79];
            u256_to_dec(w->wei, a);
            u256_to_dec(got, b);
            fprintf(f, "expected %s wei got %s wei\n", a, b);
        }
        return;
    }
    const char *fn = w->function ? w->function : "?";
    uint8_t *d = NULL;
    size_t n = 0;
    bool reverted = e != NULL;
    if (e && !revert_data(e, &d, &n)) {
        snprintf(field, sizeof field, "view[%zu] \"%s\" %s: eth_call", k, w->label, fn);
        if (diff(r, "%s", field)) fprintf(f, "%s\n", error_text(e));
        return;
    }
    if (!e && !rj_get_data(res, &d, &n)) {
        snprintf(field, sizeof field, "view[%zu] \"%s\" %s: eth_call", k, w->label, fn);
        if (diff(r, "%s", field)) fputs("the result is not 0x-hex\n", f);
        return;
    }
    if (reverted != w->expect_revert) {
        snprintf(field, sizeof field, "view[%zu] \"%s\" %s: status", k, w->label, fn);
        if (diff(r, "%s", field)) {
            if (reverted) {
                fputs("expected success got revert ", f);
                rs_runner_put_revert_name(f, r->x->v, d, n);
            } else {
                fputs("expected revert ", f);
                rs_runner_put_revert_name(f, r->x->v, w->expected, w->explen);
                fputs(" got success", f);
            }
            fputc('\n', f);
        }
    } else if (!reverted) {
        snprintf(field, sizeof field, "view[%zu] \"%s\" %s: returndata", k, w->label, fn);
        compare_bytes(r, field, w->expected, w->explen, d, n);
    } else {
        snprintf(field, sizeof field, "view[%zu] \"%s\" %s: revertData", k, w->label, fn);
        compare_revert(r, field, w->expected, w->explen, d, n);
    }
    free(d);
}

static void run_check(rreport *r) {
    rrun *x = r->x;
    const rs_step *s = r->st;
    check_u64(r, "block", s->block, x->block);
    if (s->has_timestamp) check_u64(r, "timestamp", s->timestamp, x->ts);
    json_t *reqs = json_array();
    for (size_t k = 0; k < s->nviews; k++) {
        const rs_vview *w = &s->views[k];
        if (w->kind == RS_VIEW_BALANCE)
            add(reqs, "eth_getBalance", json_pack("[os]", rj_addr(w->to), "latest"));
        else
            add(reqs, "eth_call",
                json_pack("[{sososo}s]", "from", rj_addr(RS_ADDR_ZERO), "to", rj_addr(w->to), "data",
                          rj_data(w->calldata, w->cdlen), "latest"));
    }
    if (s->nviews == 0) {
        json_decref(reqs);
        return;
    }
    json_t *resp = batch(x, reqs);
    if (!resp) return transport(r, "eth_call (views)");
    for (size_t k = 0; k < s->nviews; k++) compare_view(r, k, resp);
    json_decref(resp);
}

/* EIP-4895 credits the withdrawal without a transaction: a balance change. */
static void run_beacon_withdrawal(rreport *r) {
    rrun *x = r->x;
    const rs_step *s = r->st;
    json_t *reqs = json_array();
    add(reqs, "eth_getBalance", json_pack("[os]", rj_addr(s->address), "latest"));
    json_t *resp = batch(x, reqs);
    u256 b;
    if (!resp || !rj_get_u256(result_of(resp, 0), &b)) {
        if (resp) snprintf(x->err, sizeof x->err, "no balance for the withdrawal's address");
        json_decref(resp);
        return transport(r, "eth_getBalance");
    }
    json_decref(resp);
    reqs = json_array();
    add(reqs, "anvil_setBalance", json_pack("[oo]", rj_addr(s->address), rj_u256(u256_add_wrap(b, s->wei))));
    resp = batch(x, reqs);
    if (!resp || error_of(resp, 0)) {
        if (resp) snprintf(x->err, sizeof x->err, "%s", error_text(error_of(resp, 0)));
        json_decref(resp);
        return transport(r, "anvil_setBalance");
    }
    json_decref(resp);
}

/* EIP-4788 roots are written by the consensus client, which no anvil
 * method stands for: the node must offer restake_setBeaconRoot(timestamp,
 * root), a state change without a block, as anvil_setBalance is. */
static void run_beacon_root(rreport *r) {
    rrun *x = r->x;
    const rs_step *s = r->st;
    json_t *res = NULL, *e = NULL;
    int rc = rs_rpc_client_call(x->c, "restake_setBeaconRoot", json_pack("[oo]", rj_u64(s->timestamp), rj_b32(s->root)),
                                &res, &e, x->err, sizeof x->err);
    json_decref(res);
    if (rc < 0) return transport(r, "restake_setBeaconRoot");
    if (rc == 1) {
        const json_t *code = json_object_get(e, "code");
        bool missing = json_is_integer(code) && json_integer_value(code) == -32601;
        r->unsupported = missing;
        if (diff(r, "beaconRoot")) {
            if (missing)
                fputs("not supported over RPC: the node has no restake_setBeaconRoot(timestamp, root) to publish an "
                      "EIP-4788 beacon block root (replay this vector in-process)\n",
                      x->out);
            else
                fprintf(x->out, "restake_setBeaconRoot failed: %s\n", error_text(e));
        }
        json_decref(e);
    }
}

static void run_step(rreport *r) {
    const rs_step *s = r->st;
    switch (s->kind) {
    case RS_STEP_TX: run_tx(r); break;
    case RS_STEP_MINE: run_mine(r); break;
    case RS_STEP_CHECK: run_check(r); break;
    case RS_STEP_BEACON_WITHDRAWAL: run_beacon_withdrawal(r); break;
    case RS_STEP_BEACON_ROOT: run_beacon_root(r); break;
    case RS_STEP_UNKNOWN:
        r->unsupported = true;
        if (diff(r, "kind")) fprintf(r->x->out, "unknown step kind \"%s\": not supported by this runner\n", s->kind_name);
        break;
    }
    if (r->x->o->verbose)
        fprintf(r->x->out, "%s step %" PRIu32 " %s %s: block %" PRIu64 "%s\n", r->x->v->file, s->i, s->kind_name, r->what,
                r->x->block, r->diffs ? "  ← DIFFERS" : "");
}

/* ---- the node before and after ---- */

static bool supply_matches(const rs_gen_token *t, const json_t *got) {
    u256 want = U256_ZERO;
    for (size_t i = 0; i < t->nbalances; i++) want = u256_add_wrap(want, t->balances[i].amount);
    uint8_t *d = NULL;
    size_t n = 0;
    bool ok = rj_get_data(got, &d, &n) && n == 32 && u256_eq(u256_from_be(d), want);
    free(d);
    return ok;
}

/* The node must stand at the vector's genesis; a snapshot of it lets us
 * leave it there afterwards. */
static bool attach(rrun *x, const char *url, json_t **snap) {
    json_t *reqs = json_array();
    add(reqs, "eth_chainId", json_array());
    add(reqs, "eth_getBlockByNumber", latest_block_params());
    add(reqs, "evm_snapshot", json_array());
    /* block and timestamp alone do not tell vectors apart: a token's supply does */
    const rs_gen_token *tok = x->v->genesis.ntokens ? &x->v->genesis.tokens[0] : NULL;
    static const uint8_t total_supply[4] = {0x18, 0x16, 0x0d, 0xdd};
    if (tok)
        add(reqs, "eth_call",
            json_pack("[{soso}s]", "to", rj_addr(tok->address), "data", rj_data(total_supply, 4), "latest"));
    json_t *resp = batch(x, reqs);
    if (!resp) {
        fprintf(stderr, "%s: %s: %s\n", x->v->file, url, x->err);
        return false;
    }
    uint64_t chain = 0, number = 0, ts = 0;
    bool ok = false;
    if (!rj_get_u64(result_of(resp, 0), &chain) || !block_of(result_of(resp, 1), &number, &ts))
        fprintf(stderr, "%s: %s does not answer eth_chainId/eth_getBlockByNumber\n", x->v->file, url);
    else if (error_of(resp, 2))
        fprintf(stderr, "%s: %s: evm_snapshot: %s (the replay needs anvil's devnet methods)\n", x->v->file, url,
                error_text(error_of(resp, 2)));
    else if (number != x->v->genesis.block || ts != x->v->genesis.timestamp)
        fprintf(stderr,
                "%s: the node at %s is at block %" PRIu64 " (timestamp %" PRIu64 "), this vector starts at block %" PRIu64
                " (timestamp %" PRIu64 "): start a fresh node with `restake devnet --in-memory --genesis %s`\n",
                x->v->file, url, number, ts, x->v->genesis.block, x->v->genesis.timestamp, x->v->path);
    else if (tok && !supply_matches(tok, result_of(resp, 3)))
        fprintf(stderr,
                "%s: the node at %s was not started from this vector's genesis (%s's totalSupply differs): "
                "start a fresh node with `restake devnet --in-memory --genesis %s`\n",
                x->v->file, url, tok->symbol, x->v->path);
    else if (chain != x->v->genesis.params.chain_id)
        fprintf(stderr, "%s: the node's chain id is %" PRIu64 ", the vector's %" PRIu64 "\n", x->v->file, chain,
                x->v->genesis.params.chain_id);
    else
        ok = true;
    if (ok) {
        *snap = json_incref(result_of(resp, 2));
        x->block = number;
        x->ts = ts;
    }
    json_decref(resp);
    return ok;
}

static void detach(rrun *x, json_t *snap) {
    json_t *res = NULL, *e = NULL;
    if (rs_rpc_client_call(x->c, "evm_revert", json_pack("[O]", snap), &res, &e, x->err, sizeof x->err) == 0 &&
        json_is_true(res)) {
        json_decref(res);
        return;
    }
    fprintf(x->out, "%s: note: could not restore the node to the genesis (%s): restart it before replaying again\n",
            x->v->file, e ? error_text(e) : x->err);
    json_decref(res);
    json_decref(e);
}

static void summary(rrun *x, const rs_runner_result *r, bool stopped) {
    FILE *f = x->out;
    fprintf(f, "%s: %zu/%zu steps match over RPC", x->v->file, r->matched, r->steps);
    if (r->first_diff >= 0) {
        fprintf(f, " (first difference at step %ld", r->first_diff);
        if (r->differing > 1) fprintf(f, "; %zu more step%s", r->differing - 1, r->differing > 2 ? "s differ" : " differs");
        if (r->unsupported) fprintf(f, "; %zu unsupported", r->unsupported);
        fputc(')', f);
    }
    if (x->broken) fprintf(f, " [stopped: the connection to the node failed]");
    else if (stopped) fprintf(f, " [stopped after step %ld of %zu]", x->o->stop_after, x->v->nsteps);
    fputc('\n', f);
}

int rs_rpc_runner_run(const rs_vector *v, const char *url, const rs_runner_opts *o, rs_runner_result *res) {
    rs_runner_result local;
    rs_runner_result *r = res ? res : &local;
    memset(r, 0, sizeof *r);
    r->first_diff = -1;
    rrun x = {.v = v, .o = o, .out = o->out ? o->out : stdout, .block_time = v->genesis.params.block_time_seconds};
    x.c = rs_rpc_client_open(url, RPC_TIMEOUT_MS, x.err, sizeof x.err);
    if (!x.c) {
        fprintf(stderr, "%s: %s\n", v->file, x.err);
        return 2;
    }
    json_t *snap = NULL;
    if (!attach(&x, url, &snap)) {
        rs_rpc_client_close(x.c);
        return 2;
    }
    bool stopped = false;
    for (size_t i = 0; i < v->nsteps && !x.broken; i++) {
        const rs_step *s = &v->steps[i];
        rreport rep = {.x = &x, .st = s};
        rep.what = s->kind == RS_STEP_TX ? (s->function ? s->function : "tx") : s->kind_name;
        rep.print = !o->quiet && (o->all || r->first_diff < 0);
        run_step(&rep);
        r->steps++;
        if (rep.diffs) {
            r->differing++;
            if (rep.unsupported) r->unsupported++;
            if (r->first_diff < 0) r->first_diff = (long)s->i;
        } else {
            r->matched++;
        }
        if (o->stop_after >= 0 && (long)s->i >= o->stop_after) {
            stopped = i + 1 < v->nsteps;
            break;
        }
    }
    summary(&x, r, stopped);
    if (!x.broken && !o->keep_state) detach(&x, snap);
    json_decref(snap);
    rs_rpc_client_close(x.c);
    if (x.broken) return 2;
    return r->differing ? 1 : 0;
}
