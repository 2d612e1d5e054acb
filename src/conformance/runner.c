/* Conformance runner: executes vector steps with the recorded chain's block
 * semantics and reports every byte that differs, decoded and named. */
#include "conformance/runner.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "contracts/dispatch.h"
#include "restake/contracts.h"
#include "restake/hex.h"
#include "restake/router.h"

/* Publishes an EIP-4788 root (eigenpod module; absent until it lands, in
 * which case beaconRoot steps are reported as unsupported). vector.c holds
 * the plain reference that lets the linker extract it. */
extern void beacon_set_root(rs_state *st, uint64_t ts, rs_b32 root) __attribute__((weak));

/* ---- execution ----
 * Block semantics (FORMAT.md): a successful tx is mined alone in latest+1 at
 * latest timestamp + blockTimeSeconds; a reverting tx ran in that pending
 * block but adds none; views run at the latest block with msg.sender 0. */

typedef struct {
    const rs_vector *v;
    rs_state *st;
    rs_env e;
    uint64_t block, ts, block_time;
    rs_buf ret;
    rs_addr created; /* the last deployment's new contract */
} exec;

static rs_state *genesis_state(const rs_vector *v) {
    rs_state *st = rs_state_new();
    if (!st) return NULL;
    rs_genesis_apply(st, &v->genesis);
    /* Every named contract has code even when we give it no surface:
     * calling it must revert, not succeed as an EOA would. */
    for (size_t i = 0; i < v->ncontracts; i++)
        if (rs_code_get(st, v->contracts[i].address) == RS_CODE_NONE)
            rs_code_set(st, v->contracts[i].address, RS_CODE_OPAQUE);
    rs_state_commit(st);
    return st;
}

static void exec_init(exec *x, const rs_vector *v, rs_state *st) {
    memset(x, 0, sizeof *x);
    x->v = v;
    x->st = st;
    rs_env_init(&x->e, st, &v->genesis.params);
    rs_router_attach(&x->e);
    x->block = v->genesis.block;
    x->ts = v->genesis.timestamp;
    x->block_time = v->genesis.params.block_time_seconds;
    rs_buf_init(&x->ret);
}

static void exec_free(exec *x) {
    rs_env_free(&x->e);
    rs_buf_free(&x->ret);
}

/* A mined transaction consumes its sender's nonce; one that reverts is
 * never mined and consumes none. A creation needs it bumped before it runs
 * (its address is made from the nonce before); a call cannot observe its
 * sender's nonce, so it is bumped only once the call succeeded. */
static int exec_tx(exec *x, const rs_step *s) {
    rs_env *e = &x->e;
    rs_env_reset(e);
    e->block_number = x->block + 1;
    e->timestamp = x->ts + x->block_time;
    e->origin = s->from;
    e->value = s->value;
    int rc;
    x->created = RS_ADDR_ZERO;
    if (!s->is_create) {
        rc = rs_call(e, s->from, s->to, s->value, s->calldata, s->cdlen, &x->ret);
        if (rc == RS_OK) rs_account_set_nonce(x->st, s->from, rs_account_nonce(x->st, s->from) + 1);
    } else {
        size_t cp = rs_state_checkpoint(x->st);
        rs_account_set_nonce(x->st, s->from, rs_account_nonce(x->st, s->from) + 1);
        rc = rs_route_create(e, s->from, s->value, s->calldata, s->cdlen, &x->created, &x->ret);
        if (rc != RS_OK) rs_state_revert(x->st, cp);
    }
    rs_router_tx_end(e);
    rs_state_commit(x->st);
    if (rc == RS_OK) {
        x->block++;
        x->ts += x->block_time;
    }
    return rc;
}

static void exec_mine(exec *x, const rs_step *s) {
    x->block += s->blocks;
    /* A mine step's timestamp may jump (rewards suite): the last new block
     * has exactly that timestamp; otherwise blocks follow the cadence. */
    x->ts = s->has_timestamp ? s->timestamp : x->ts + s->blocks * x->block_time;
}

/* A view is a static call: whatever it writes is discarded. */
static int exec_view(exec *x, const rs_vview *w) {
    rs_env *e = &x->e;
    rs_env_reset(e);
    e->block_number = x->block;
    e->timestamp = x->ts;
    e->origin = RS_ADDR_ZERO;
    e->value = U256_ZERO;
    size_t cp = rs_state_checkpoint(x->st);
    int rc = rs_call(e, RS_ADDR_ZERO, w->to, U256_ZERO, w->calldata, w->cdlen, &x->ret);
    rs_router_tx_end(e);
    rs_state_revert(x->st, cp);
    rs_state_commit(x->st);
    return rc;
}

static void exec_beacon_withdrawal(exec *x, const rs_step *s) {
    rs_eth_set_balance(x->st, s->address, u256_add_wrap(rs_eth_balance(x->st, s->address), s->wei));
    rs_state_commit(x->st);
}

static bool exec_beacon_root(exec *x, const rs_step *s) {
    if (!beacon_set_root) return false;
    beacon_set_root(x->st, s->timestamp, s->root);
    rs_state_commit(x->st);
    return true;
}

/* ---- reporting ---- */

typedef struct {
    const rs_runner_opts *o;
    FILE *out;
    const rs_vector *v;
    size_t index;      /* position of the step in the file */
    const rs_step *st;
    const char *what;  /* function signature or step kind */
    unsigned diffs;    /* differences found in this step */
    bool print;        /* print this step's differences */
} report;

#define HEX_SHOWN 1024 /* bytes printed in full before eliding */

static void put_hex(FILE *f, const uint8_t *p, size_t n) {
    static const char d[] = "0123456789abcdef";
    fputs("0x", f);
    size_t shown = n > HEX_SHOWN ? HEX_SHOWN : n;
    for (size_t i = 0; i < shown; i++) {
        fputc(d[p[i] >> 4], f);
        fputc(d[p[i] & 15], f);
    }
    if (shown < n) fprintf(f, "…(%zu bytes)", n);
}

static void put_addr(FILE *f, rs_addr a) {
    char s[43];
    rs_addr_to_checksum(a, s);
    fputs(s, f);
}

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Revert data as a human reads it: the error's name and what we can decode. */
static void put_revert_name(FILE *f, const rs_vector *v, const uint8_t *p, size_t n) {
    if (n == 0) {
        fputs("(empty revert)", f);
        return;
    }
    if (n < 4) {
        fputs("(malformed revert data)", f);
        return;
    }
    uint32_t sel = be32(p);
    if (sel == 0x08c379a0 && n >= 4 + 64) { /* Error(string) */
        u256 len = u256_from_be(p + 4 + 32);
        uint64_t l;
        if (u256_to_u64(&l, len) && l <= n - 4 - 64) {
            fprintf(f, "Error(\"%.*s\")", (int)l, (const char *)p + 4 + 64);
            return;
        }
    }
    if (sel == 0x4e487b71 && n >= 4 + 32) { /* Panic(uint256) */
        fprintf(f, "Panic(0x%02x)", p[4 + 31]);
        return;
    }
    const char *name = rs_vector_error_name(v, sel);
    if (!name) name = rs_known_error_name(sel);
    if (name) fputs(name, f);
    else fprintf(f, "error 0x%08" PRIx32, sel);
}

static void step_prefix(report *r) {
    fprintf(r->out, "%s step %" PRIu32 " %s: ", r->v->file, r->st->i, r->what);
}

/* Counts a difference; returns true when it should be printed (the caller
 * prints the details after the prefix and ends the line). */
static bool diff_begin(report *r, const char *fmt, ...) {
    r->diffs++;
    if (!r->print) return false;
    if (r->diffs > 16 && !r->o->all) {
        if (r->diffs == 17) {
            step_prefix(r);
            fputs("(more differences in this step not shown)\n", r->out);
        }
        return false;
    }
    step_prefix(r);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->out, fmt, ap);
    va_end(ap);
    fputs(": ", r->out);
    return true;
}

static void put_byte_diff(FILE *f, const uint8_t *exp, size_t elen, const uint8_t *got, size_t glen) {
    fputs("expected ", f);
    put_hex(f, exp, elen);
    fputs(" got ", f);
    put_hex(f, got, glen);
    size_t i = 0;
    while (i < elen && i < glen && exp[i] == got[i]) i++;
    if (elen != glen) fprintf(f, " [%zu vs %zu bytes]", elen, glen);
    fprintf(f, " [first difference at byte %zu", i);
    if (elen >= 4 && (elen - 4) % 32 == 0 && elen % 32 != 0 && i >= 4) fprintf(f, ", word %zu after the selector", (i - 4) / 32);
    else if (elen % 32 == 0) fprintf(f, ", word %zu", i / 32);
    fputs("]\n", f);
}

void rs_runner_put_revert_name(FILE *f, const rs_vector *v, const uint8_t *p, size_t n) {
    put_revert_name(f, v, p, n);
}

void rs_runner_put_byte_diff(FILE *f, const uint8_t *exp, size_t elen, const uint8_t *got, size_t glen) {
    put_byte_diff(f, exp, elen, got, glen);
}

static bool bytes_eq(const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

static void compare_bytes(report *r, const char *field, const uint8_t *exp, size_t elen, const uint8_t *got,
                          size_t glen) {
    if (bytes_eq(exp, elen, got, glen)) return;
    if (diff_begin(r, "%s", field)) put_byte_diff(r->out, exp, elen, got, glen);
}

static void compare_revert(report *r, const char *field, const uint8_t *exp, size_t elen, const uint8_t *got,
                           size_t glen) {
    if (bytes_eq(exp, elen, got, glen)) return;
    if (!diff_begin(r, "%s", field)) return;
    fputs("expected ", r->out);
    put_revert_name(r->out, r->v, exp, elen);
    fputs(" got ", r->out);
    put_revert_name(r->out, r->v, got, glen);
    fputs(" — ", r->out);
    put_byte_diff(r->out, exp, elen, got, glen);
}

static void put_log(FILE *f, const rs_vector *v, rs_addr a, unsigned nt, const rs_b32 *topics, const uint8_t *d,
                    size_t n) {
    const char *en = nt ? rs_vector_event_name(v, topics[0]) : NULL;
    const char *cn = rs_vector_contract_name(v, a);
    fprintf(f, "%s from %s ", en ? en : "(unknown event)", cn ? cn : "");
    put_addr(f, a);
    fprintf(f, " topics=%u data=%zu bytes", nt, n);
    (void)d;
}

static void compare_logs(report *r, const exec *x) {
    const rs_step *s = r->st;
    const rs_env *e = &x->e;
    const rs_vector *v = r->v;
    if (s->nlogs != e->nlogs && diff_begin(r, "logs")) {
        fprintf(r->out, "expected %zu logs got %zu\n", s->nlogs, e->nlogs);
        size_t n = s->nlogs > e->nlogs ? s->nlogs : e->nlogs;
        for (size_t i = 0; i < n && i < 32; i++) {
            fprintf(r->out, "    log[%zu] expected: ", i);
            if (i < s->nlogs)
                put_log(r->out, v, s->logs[i].address, s->logs[i].ntopics, s->logs[i].topics, s->logs[i].data,
                        s->logs[i].len);
            else fputs("-", r->out);
            fputs("\n    ", r->out);
            fprintf(r->out, "log[%zu] got:      ", i);
            if (i < e->nlogs)
                put_log(r->out, v, e->logs[i].address, e->logs[i].ntopics, e->logs[i].topics,
                        e->logdata + e->logs[i].data_off, e->logs[i].data_len);
            else fputs("-", r->out);
            fputc('\n', r->out);
        }
    }
    size_t n = s->nlogs < e->nlogs ? s->nlogs : e->nlogs;
    for (size_t i = 0; i < n; i++) {
        const rs_vlog *el = &s->logs[i];
        const rs_log *gl = &e->logs[i];
        const char *en = el->ntopics ? rs_vector_event_name(v, el->topics[0]) : NULL;
        char field[96];
        snprintf(field, sizeof field, "log[%zu]%s%s%s", i, en ? " (" : "", en ? en : "", en ? ")" : "");
        if (!rs_addr_eq(el->address, gl->address) && diff_begin(r, "%s.address", field)) {
            fputs("expected ", r->out);
            put_addr(r->out, el->address);
            fputs(" got ", r->out);
            put_addr(r->out, gl->address);
            fputc('\n', r->out);
        }
        if (el->ntopics != gl->ntopics) {
            if (diff_begin(r, "%s.topics", field))
                fprintf(r->out, "expected %u topics got %u\n", el->ntopics, gl->ntopics);
        }
        unsigned nt = el->ntopics < gl->ntopics ? el->ntopics : gl->ntopics;
        for (unsigned t = 0; t < nt; t++) {
            if (rs_b32_eq(el->topics[t], gl->topics[t])) continue;
            if (!diff_begin(r, "%s.topics[%u]", field, t)) continue;
            fputs("expected ", r->out);
            put_hex(r->out, el->topics[t].b, 32);
            fputs(" got ", r->out);
            put_hex(r->out, gl->topics[t].b, 32);
            if (t == 0) {
                const char *gn = rs_vector_event_name(v, gl->topics[0]);
                fprintf(r->out, " (got %s)", gn ? gn : "an event not seen in this vector");
            }
            fputc('\n', r->out);
        }
        char dfield[112];
        snprintf(dfield, sizeof dfield, "%s.data", field);
        compare_bytes(r, dfield, el->data, el->len, e->logdata + gl->data_off, gl->data_len);
    }
}

/* A deployment: the address it created and the runtime code left there. */
static void compare_creation(report *r, const exec *x) {
    const rs_step *s = r->st;
    if (!rs_addr_eq(s->created, x->created) && diff_begin(r, "created")) {
        fputs("expected ", r->out);
        put_addr(r->out, s->created);
        fputs(" got ", r->out);
        put_addr(r->out, x->created);
        fputc('\n', r->out);
    }
    rs_b32 hash;
    size_t len = rs_code_bytes(x->st, s->created, NULL, &hash);
    if (len != s->code_size && diff_begin(r, "codeSize"))
        fprintf(r->out, "expected %" PRIu64 " got %zu\n", s->code_size, len);
    if (!rs_b32_eq(hash, s->code_hash) && diff_begin(r, "codeHash")) {
        fputs("expected ", r->out);
        put_hex(r->out, s->code_hash.b, 32);
        fputs(" got ", r->out);
        put_hex(r->out, hash.b, 32);
        fputc('\n', r->out);
    }
}

static void compare_tx(report *r, const exec *x, int rc) {
    const rs_step *s = r->st;
    const rs_env *e = &x->e;
    int got_status = rc == RS_OK ? 1 : 0;
    if (got_status != s->status) {
        if (!diff_begin(r, "status")) return;
        fprintf(r->out, "expected %d got %d", s->status, got_status);
        if (got_status == 0) {
            fputs(" (reverted with ", r->out);
            put_revert_name(r->out, r->v, e->revert, e->revert_len);
            fputs(" ", r->out);
            put_hex(r->out, e->revert, e->revert_len);
            fputs(")", r->out);
        } else {
            fputs(" (expected revert ", r->out);
            put_revert_name(r->out, r->v, s->expected, s->explen);
            fprintf(r->out, "; succeeded with %zu logs)", e->nlogs);
        }
        fputc('\n', r->out);
        return;
    }
    if (s->status == 1) {
        if (s->is_create) compare_creation(r, x);
        compare_bytes(r, "returndata", s->expected, s->explen, x->ret.p, x->ret.len);
        compare_logs(r, x);
    } else {
        compare_revert(r, "revertData", s->expected, s->explen, e->revert, e->revert_len);
    }
}

static void check_block(report *r, const char *what, uint64_t expected, uint64_t got) {
    if (expected != got && diff_begin(r, "%s", what))
        fprintf(r->out, "expected %" PRIu64 " got %" PRIu64 " (runner block semantics)\n", expected, got);
}

static void run_view(report *r, exec *x, size_t k) {
    const rs_vview *w = &r->st->views[k];
    char field[320];
    if (w->kind == RS_VIEW_BALANCE) {
        u256 got = rs_eth_balance(x->st, w->to);
        if (u256_eq(got, w->wei)) return;
        snprintf(field, sizeof field, "view[%zu] \"%s\" balance", k, w->label);
        if (!diff_begin(r, "%s", field)) return;
        char a[79], b[79];
        u256_to_dec(w->wei, a);
        u256_to_dec(got, b);
        fprintf(r->out, "expected %s wei got %s wei\n", a, b);
        return;
    }
    int rc = exec_view(x, w);
    const char *fn = w->function ? w->function : "?";
    if ((rc != RS_OK) != w->expect_revert) {
        snprintf(field, sizeof field, "view[%zu] \"%s\" %s: status", k, w->label, fn);
        if (!diff_begin(r, "%s", field)) return;
        if (rc != RS_OK) {
            fputs("expected success got revert ", r->out);
            put_revert_name(r->out, r->v, x->e.revert, x->e.revert_len);
            fputs(" ", r->out);
            put_hex(r->out, x->e.revert, x->e.revert_len);
        } else {
            fputs("expected revert ", r->out);
            put_revert_name(r->out, r->v, w->expected, w->explen);
            fputs(" got success ", r->out);
            put_hex(r->out, x->ret.p, x->ret.len);
        }
        fputc('\n', r->out);
        return;
    }
    if (rc == RS_OK) {
        snprintf(field, sizeof field, "view[%zu] \"%s\" %s: returndata", k, w->label, fn);
        compare_bytes(r, field, w->expected, w->explen, x->ret.p, x->ret.len);
    } else {
        snprintf(field, sizeof field, "view[%zu] \"%s\" %s: revertData", k, w->label, fn);
        compare_revert(r, field, w->expected, w->explen, x->e.revert, x->e.revert_len);
    }
}

static void verbose_line(report *r, const exec *x, int rc) {
    const rs_step *s = r->st;
    FILE *f = r->out;
    fprintf(f, "%s step %" PRIu32 " %s", r->v->file, s->i, s->kind_name);
    switch (s->kind) {
    case RS_STEP_TX: {
        const char *cn = s->is_create ? "(create)" : rs_vector_contract_name(r->v, s->to);
        fprintf(f, " %s.%s from ", cn ? cn : "?", s->function ? s->function : "?");
        put_addr(f, s->from);
        fprintf(f, " block %" PRIu64 ": ", s->block);
        if (rc == RS_OK) fprintf(f, "ok, %zu logs", x->e.nlogs);
        else {
            fputs("reverted ", f);
            put_revert_name(f, r->v, x->e.revert, x->e.revert_len);
        }
        break;
    }
    case RS_STEP_MINE: fprintf(f, " %" PRIu64 " blocks → %" PRIu64, s->blocks, x->block); break;
    case RS_STEP_CHECK: fprintf(f, " %zu views at block %" PRIu64, s->nviews, x->block); break;
    case RS_STEP_BEACON_ROOT: fprintf(f, " timestamp %" PRIu64, s->timestamp); break;
    case RS_STEP_BEACON_WITHDRAWAL: fputs(" to ", f), put_addr(f, s->address); break;
    case RS_STEP_UNKNOWN: break;
    }
    fprintf(f, "%s\n", r->diffs ? "  ← DIFFERS" : "");
}

static void run_step(report *r, exec *x) {
    const rs_step *s = r->st;
    int rc = RS_OK;
    switch (s->kind) {
    case RS_STEP_TX:
        check_block(r, "block", s->block, x->block + 1);
        if (s->has_timestamp) check_block(r, "timestamp", s->timestamp, x->ts + x->block_time);
        rc = exec_tx(x, s);
        compare_tx(r, x, rc);
        break;
    case RS_STEP_MINE:
        exec_mine(x, s);
        check_block(r, "block", s->block, x->block);
        break;
    case RS_STEP_CHECK:
        check_block(r, "block", s->block, x->block);
        if (s->has_timestamp) check_block(r, "timestamp", s->timestamp, x->ts);
        for (size_t k = 0; k < s->nviews; k++) run_view(r, x, k);
        break;
    case RS_STEP_BEACON_ROOT:
        if (!exec_beacon_root(x, s) && diff_begin(r, "beaconRoot"))
            fputs("not supported by this build (beacon_set_root is not linked yet)\n", r->out);
        break;
    case RS_STEP_BEACON_WITHDRAWAL: exec_beacon_withdrawal(x, s); break;
    case RS_STEP_UNKNOWN:
        if (diff_begin(r, "kind")) fprintf(r->out, "unknown step kind \"%s\": not supported by this runner\n", s->kind_name);
        break;
    }
    if (r->o->verbose) verbose_line(r, x, rc);
}

/* A contract the steps call whose kind has no linked entry reverts every
 * call with empty data; say so up front instead of leaving a puzzle. */
static void warn_kind(const rs_vector *v, const rs_state *st, rs_addr to, bool *warned, FILE *out) {
    rs_code_kind k = rs_code_get(st, to);
    if (k == RS_CODE_NONE || k == RS_CODE_OPAQUE || warned[k] || rs_dispatch_has_entry(k)) return;
    warned[k] = true;
    const char *name = rs_vector_contract_name(v, to);
    fprintf(out,
            "%s: note: %s (%s) has no implementation linked: its calls revert with empty data "
            "(entry not defined yet, or missing from the entry table in src/router/call.c)\n",
            v->file, name ? name : "a called contract", rs_code_name(k));
}

static void warn_missing_entries(const rs_vector *v, const rs_state *st, FILE *out) {
    bool warned[RS_CODE__COUNT] = {false};
    for (size_t i = 0; i < v->nsteps; i++) {
        const rs_step *s = &v->steps[i];
        if (s->kind == RS_STEP_TX && !s->is_create) warn_kind(v, st, s->to, warned, out);
        for (size_t k = 0; s->kind == RS_STEP_CHECK && k < s->nviews; k++)
            if (s->views[k].kind == RS_VIEW_CALL) warn_kind(v, st, s->views[k].to, warned, out);
    }
}

void rs_runner_opts_default(rs_runner_opts *o) {
    memset(o, 0, sizeof *o);
    o->stop_after = -1;
}

int rs_runner_run(const rs_vector *v, const rs_runner_opts *o, rs_runner_result *res) {
    FILE *out = o->out ? o->out : stdout;
    rs_runner_result local;
    rs_runner_result *r = res ? res : &local;
    memset(r, 0, sizeof *r);
    r->first_diff = -1;
    rs_state *st = genesis_state(v);
    if (!st) {
        fprintf(out, "%s: out of memory building the genesis state\n", v->file);
        return -1;
    }
    if (!o->quiet) warn_missing_entries(v, st, out);
    exec x;
    exec_init(&x, v, st);
    bool stopped = false;
    for (size_t i = 0; i < v->nsteps; i++) {
        const rs_step *s = &v->steps[i];
        report rep = {.o = o, .out = out, .v = v, .index = i, .st = s};
        rep.what = s->kind == RS_STEP_TX ? (s->function ? s->function : "tx") : s->kind_name;
        rep.print = !o->quiet && (o->all || r->first_diff < 0);
        run_step(&rep, &x);
        r->steps++;
        if (rep.diffs) {
            r->differing++;
            if (s->kind == RS_STEP_UNKNOWN || (s->kind == RS_STEP_BEACON_ROOT && !beacon_set_root))
                r->unsupported++;
            if (r->first_diff < 0) r->first_diff = (long)s->i;
        } else {
            r->matched++;
        }
        if (o->stop_after >= 0 && (long)s->i >= o->stop_after) {
            stopped = i + 1 < v->nsteps;
            break;
        }
    }
    fprintf(out, "%s: %zu/%zu steps match", v->file, r->matched, r->steps);
    if (r->first_diff >= 0) {
        fprintf(out, " (first difference at step %ld", r->first_diff);
        if (r->differing > 1) fprintf(out, "; %zu more step%s", r->differing - 1, r->differing > 2 ? "s differ" : " differs");
        if (r->unsupported) fprintf(out, "; %zu unsupported", r->unsupported);
        fputc(')', out);
    }
    if (stopped) fprintf(out, " [stopped after step %ld of %zu]", o->stop_after, v->nsteps);
    fputc('\n', out);
    exec_free(&x);
    rs_state_free(st);
    return r->differing ? 1 : 0;
}

/* ---- replay ---- */

static void exec_step(exec *x, const rs_step *s);

int rs_runner_replay(const rs_vector *v, long stop_after, rs_replay *r) {
    assert(v && r);
    rs_state *st = genesis_state(v);
    if (!st) return -1;
    exec x;
    exec_init(&x, v, st);
    size_t n = 0;
    for (size_t i = 0; i < v->nsteps; i++) {
        exec_step(&x, &v->steps[i]);
        n++;
        if (stop_after >= 0 && (long)v->steps[i].i >= stop_after) break;
    }
    exec_free(&x);
    memset(r, 0, sizeof *r);
    r->st = st;
    r->steps = n;
    rs_env_init(&r->e, st, &v->genesis.params);
    rs_router_attach(&r->e);
    r->e.block_number = x.block;
    r->e.timestamp = x.ts;
    return 0;
}

void rs_runner_replay_free(rs_replay *r) {
    if (!r->st) return;
    rs_env_free(&r->e);
    rs_state_free(r->st);
    r->st = NULL;
}

/* ---- bench ---- */

/* CPU time of this thread: the machine is shared, and wall time would
 * charge us for other processes' slices. */
static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void exec_step(exec *x, const rs_step *s) {
        switch (s->kind) {
        case RS_STEP_TX: exec_tx(x, s); break;
        case RS_STEP_MINE: exec_mine(x, s); break;
        case RS_STEP_CHECK:
            for (size_t k = 0; k < s->nviews; k++)
                if (s->views[k].kind == RS_VIEW_CALL) exec_view(x, &s->views[k]);
            break;
        case RS_STEP_BEACON_ROOT: exec_beacon_root(x, s); break;
        case RS_STEP_BEACON_WITHDRAWAL: exec_beacon_withdrawal(x, s); break;
        case RS_STEP_UNKNOWN: break;
        }
}

/* Not inlined, and the warm-up round runs apart from the timed ones, so a
 * profiler can count only the timed rounds (callgrind --toggle-collect). */
__attribute__((noinline)) static void bench_round(exec *x) {
    const rs_vector *v = x->v;
    for (size_t i = 0; i < v->nsteps; i++) exec_step(x, &v->steps[i]);
}

__attribute__((noinline)) static void bench_warmup(exec *x) {
    const rs_vector *v = x->v;
    for (size_t i = 0; i < v->nsteps; i++) exec_step(x, &v->steps[i]);
}

int rs_runner_profile(const rs_vector *v, size_t rounds, double *seconds) {
    rs_state *base = genesis_state(v);
    if (!base) return -1;
    exec x;
    exec_init(&x, v, base);
    memset(seconds, 0, v->nsteps * sizeof *seconds);
    int rc = 0;
    for (size_t round = 0; round <= rounds; round++) {
        rs_state *st = rs_state_clone(base);
        if (!st) {
            rc = -1;
            break;
        }
        x.st = x.e.st = st;
        x.block = v->genesis.block;
        x.ts = v->genesis.timestamp;
        for (size_t i = 0; i < v->nsteps; i++) {
            double t0 = now_seconds();
            exec_step(&x, &v->steps[i]);
            if (round > 0) seconds[i] += now_seconds() - t0; /* round 0 warms up */
        }
        rs_state_free(st);
    }
    exec_free(&x);
    rs_state_free(base);
    return rc;
}

int rs_runner_bench(const rs_vector *v, double min_seconds, rs_bench_result *r) {
    memset(r, 0, sizeof *r);
    rs_state *base = genesis_state(v);
    if (!base) return -1;
    /* The env and its buffers live across rounds, so after the warm-up round
     * (which also builds the method indexes and arenas) nothing grows. */
    exec x;
    exec_init(&x, v, base);
    double total = 0;
    size_t peak = 0;
    int rc = 0;
    /* A fixed round count makes profiler instruction counts comparable
     * between runs (a timed run's count varies with the machine's load). */
    const char *fixed = getenv("RESTAKE_BENCH_ROUNDS");
    size_t want = fixed ? (size_t)strtoul(fixed, NULL, 10) : 0;
    for (size_t round = 0; want ? round <= want : (total < min_seconds || round < 2); round++) {
        rs_state *st = rs_state_clone(base);
        if (!st) {
            rc = -1;
            break;
        }
        x.st = x.e.st = st;
        x.block = v->genesis.block;
        x.ts = v->genesis.timestamp;
        double t0 = now_seconds();
        /* Sized once from the warm-up round's final count: growing from the
         * genesis size doubled and recopied the entries several times a round. */
        if (round > 0) rs_state_reserve(st, peak);
        if (round == 0) bench_warmup(&x);
        else bench_round(&x);
        double t1 = now_seconds();
        if (round == 0) peak = rs_state_count(st);
        rs_state_free(st);
        if (round == 0) continue;
        total += t1 - t0;
        r->rounds++;
        r->steps += v->nsteps;
    }
    exec_free(&x);
    rs_state_free(base);
    r->seconds = total;
    r->steps_per_second = total > 0 ? (double)r->steps / total : 0;
    return rc;
}
