/* Vector loader: JSON (jansson) → rs_vector. Every malformed field is
 * reported with its full path, so a broken file points at itself. */
#include "conformance/vector.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/genesis_json.h"
#include "chain/json_reader.h"
#include "restake/hex.h"

/* The runner references beacon_set_root weakly (the eigenpod module may not
 * be linked); this plain reference lets the linker extract it when it is. */
__asm__(".globl beacon_set_root\n");

typedef rs_json_reader ctx;

/* The vector being loaded. */
static rs_vector *vec(ctx *c) { return c->user; }

/* ---- names ---- */

static void add_error_name(ctx *c, json_t *revert) {
    if (!json_is_object(revert)) return;
    json_t *sel = json_object_get(revert, "selector");
    json_t *name = json_object_get(revert, "name");
    json_t *sig = json_object_get(revert, "signature");
    if (!json_is_string(sel) || !json_is_string(name)) return;
    uint8_t b[4];
    const char *s = json_string_value(sel);
    if (strlen(s) != 10 || rs_hex_decode(s, 10, b, 4) != 4) return;
    uint32_t selector = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    rs_vector *v = vec(c);
    for (size_t i = 0; i < v->nerrors; i++) {
        if (v->errors[i].selector != selector) continue;
        /* Prefer the full signature when a later revert carries it. */
        if (json_is_string(sig) && !strchr(v->errors[i].signature, '('))
            v->errors[i].signature = rs_jr_dupstr(c, json_string_value(sig));
        return;
    }
    if (v->nerrors % 64 == 0) {
        rs_verror *n = realloc(v->errors, (v->nerrors + 64) * sizeof *n);
        if (!n) rs_jr_failf(c, NULL, "out of memory");
        v->errors = n;
    }
    v->errors[v->nerrors].selector = selector;
    v->errors[v->nerrors].signature = rs_jr_dupstr(c, json_string_value(json_is_string(sig) ? sig : name));
    v->nerrors++;
}

/* Pairs each log's topic0 with the name of the decoded event at the same
 * position (liquid/slashing: "event", rewards: "name"). */
static void add_event_names(ctx *c, json_t *events, const rs_step *st) {
    if (!json_is_array(events) || json_array_size(events) != st->nlogs) return;
    rs_vector *v = vec(c);
    for (size_t i = 0; i < st->nlogs; i++) {
        if (st->logs[i].ntopics == 0) continue;
        json_t *ev = json_array_get(events, i);
        json_t *name = json_object_get(ev, "event");
        if (!json_is_string(name)) name = json_object_get(ev, "name");
        if (!json_is_string(name)) continue;
        bool known = false;
        for (size_t j = 0; j < v->nevents && !known; j++) known = rs_b32_eq(v->events[j].topic0, st->logs[i].topics[0]);
        if (known) continue;
        if (v->nevents % 64 == 0) {
            rs_vevent *n = realloc(v->events, (v->nevents + 64) * sizeof *n);
            if (!n) rs_jr_failf(c, NULL, "out of memory");
            v->events = n;
        }
        v->events[v->nevents].topic0 = st->logs[i].topics[0];
        v->events[v->nevents].name = rs_jr_dupstr(c, json_string_value(name));
        v->nevents++;
    }
}

static int cmp_event(const void *a, const void *b) {
    return memcmp(((const rs_vevent *)a)->topic0.b, ((const rs_vevent *)b)->topic0.b, 32);
}

static int cmp_error(const void *a, const void *b) {
    uint32_t x = ((const rs_verror *)a)->selector, y = ((const rs_verror *)b)->selector;
    return x < y ? -1 : x > y;
}

/* ---- steps ---- */

static void load_logs(ctx *c, json_t *s, rs_step *st) {
    json_t *logs = rs_jr_get_array(c, s, "logs", true);
    st->nlogs = json_array_size(logs);
    st->logs = rs_jr_arena_alloc(c, st->nlogs * sizeof *st->logs);
    size_t i;
    json_t *l;
    json_array_foreach(logs, i, l) {
        size_t old = rs_jr_where_push(c, "logs[%zu]", i);
        if (!json_is_object(l)) rs_jr_failf(c, NULL, "expected an object");
        rs_vlog *lg = &st->logs[i];
        lg->address = rs_jr_get_addr(c, l, "address");
        json_t *topics = rs_jr_get_array(c, l, "topics", true);
        if (json_array_size(topics) > 4) rs_jr_failf(c, "topics", "more than 4 topics");
        size_t j;
        json_t *t;
        json_array_foreach(topics, j, t) {
            char k[16];
            snprintf(k, sizeof k, "topics[%zu]", j);
            lg->topics[j] = rs_jr_as_b32(c, t, k);
        }
        lg->ntopics = rs_u8_from_size(json_array_size(topics));
        lg->data = rs_jr_get_hex(c, l, "data", &lg->len);
        rs_jr_where_pop(c, old);
    }
}

static void load_tx(ctx *c, json_t *s, rs_step *st) {
    st->from = rs_jr_get_addr(c, s, "from");
    json_t *to = json_object_get(s, "to");
    /* `to: null` is a deployment (avs suite): the calldata is init code */
    st->is_create = to != NULL && json_is_null(to);
    if (!st->is_create) st->to = rs_jr_get_addr(c, s, "to");
    st->value = json_object_get(s, "value") ? rs_jr_get_u256(c, s, "value") : U256_ZERO;
    st->calldata = rs_jr_get_hex(c, s, "calldata", &st->cdlen);
    const char *fn = rs_jr_get_string(c, s, "function", false);
    st->function = fn ? rs_jr_dupstr(c, fn) : NULL;
    st->block = rs_jr_get_u64(c, s, "block");
    st->timestamp = rs_jr_get_u64(c, s, "timestamp");
    st->has_timestamp = true;
    uint64_t status = rs_jr_get_u64(c, s, "status");
    if (status > 1) rs_jr_failf(c, "status", "must be 0 or 1");
    st->status = (int)status;
    if (status == 1) {
        if (st->is_create) {
            st->created = rs_jr_get_addr(c, s, "created");
            st->code_hash = rs_jr_as_b32(c, rs_jr_get(c, s, "codeHash", true), "codeHash");
            st->code_size = rs_jr_get_u64(c, s, "codeSize");
        }
        st->expected = rs_jr_get_hex(c, s, "returndata", &st->explen);
        load_logs(c, s, st);
        add_event_names(c, json_object_get(s, "events"), st);
    } else {
        st->expected = rs_jr_get_hex(c, s, "revertData", &st->explen);
        json_t *rv = json_object_get(s, "revert");
        if (rv) {
            if (!json_is_object(rv)) rs_jr_failf(c, "revert", "expected an object");
            const char *name = rs_jr_get_string(c, rv, "name", false);
            st->revert_name = name ? rs_jr_dupstr(c, name) : NULL;
            add_error_name(c, rv);
        }
    }
}

static void load_views(ctx *c, json_t *s, rs_step *st) {
    json_t *views = rs_jr_get_array(c, s, "views", true);
    st->nviews = json_array_size(views);
    st->views = rs_jr_arena_alloc(c, st->nviews * sizeof *st->views);
    size_t i;
    json_t *w;
    json_array_foreach(views, i, w) {
        size_t old = rs_jr_where_push(c, "views[%zu]", i);
        if (!json_is_object(w)) rs_jr_failf(c, NULL, "expected an object");
        rs_vview *vw = &st->views[i];
        const char *label = rs_jr_get_string(c, w, "label", false);
        vw->label = rs_jr_dupstr(c, label ? label : "");
        const char *kind = rs_jr_get_string(c, w, "kind", false);
        if (kind && strcmp(kind, "balance") == 0) {
            vw->kind = RS_VIEW_BALANCE;
            vw->to = rs_jr_get_addr(c, w, "address");
            vw->wei = rs_jr_get_u256(c, w, "wei");
        } else if (kind && strcmp(kind, "call") != 0) {
            rs_jr_failf(c, "kind", "unknown view kind \"%.40s\"", kind);
        } else {
            vw->kind = RS_VIEW_CALL;
            vw->to = rs_jr_get_addr(c, w, "to");
            vw->calldata = rs_jr_get_hex(c, w, "calldata", &vw->cdlen);
            const char *fn = rs_jr_get_string(c, w, "function", false);
            vw->function = fn ? rs_jr_dupstr(c, fn) : NULL;
            bool has_ret = json_object_get(w, "returndata") != NULL;
            bool has_rev = json_object_get(w, "revertData") != NULL;
            if (has_ret == has_rev) rs_jr_failf(c, NULL, "needs exactly one of returndata and revertData");
            vw->expect_revert = has_rev;
            vw->expected = rs_jr_get_hex(c, w, has_rev ? "revertData" : "returndata", &vw->explen);
            if (has_rev) add_error_name(c, json_object_get(w, "revert"));
        }
        rs_jr_where_pop(c, old);
    }
}

static void load_step(ctx *c, json_t *s, rs_step *st) {
    if (!json_is_object(s)) rs_jr_failf(c, NULL, "expected an object");
    st->i = rs_jr_get_u32(c, s, "i");
    const char *kind = rs_jr_get_string(c, s, "kind", true);
    st->kind_name = rs_jr_dupstr(c, kind);
    const char *note = rs_jr_get_string(c, s, "note", false);
    st->note = note ? rs_jr_dupstr(c, note) : NULL;
    if (strcmp(kind, "tx") == 0) {
        st->kind = RS_STEP_TX;
        load_tx(c, s, st);
    } else if (strcmp(kind, "mine") == 0) {
        st->kind = RS_STEP_MINE;
        st->blocks = rs_jr_get_u64(c, s, "blocks");
        st->block = rs_jr_get_u64(c, s, "block");
        if (json_object_get(s, "timestamp")) {
            st->timestamp = rs_jr_get_u64(c, s, "timestamp");
            st->has_timestamp = true;
        }
    } else if (strcmp(kind, "check") == 0) {
        st->kind = RS_STEP_CHECK;
        st->block = rs_jr_get_u64(c, s, "block");
        if (json_object_get(s, "timestamp")) {
            st->timestamp = rs_jr_get_u64(c, s, "timestamp");
            st->has_timestamp = true;
        }
        load_views(c, s, st);
    } else if (strcmp(kind, "beaconRoot") == 0) {
        st->kind = RS_STEP_BEACON_ROOT;
        st->timestamp = rs_jr_get_u64(c, s, "timestamp");
        st->has_timestamp = true;
        st->root = rs_jr_as_b32(c, rs_jr_get(c, s, "root", true), "root");
    } else if (strcmp(kind, "beaconWithdrawal") == 0) {
        st->kind = RS_STEP_BEACON_WITHDRAWAL;
        st->address = rs_jr_get_addr(c, s, "address");
        st->wei = rs_jr_get_u256(c, s, "wei");
    } else {
        st->kind = RS_STEP_UNKNOWN;
    }
}

static void load_steps(ctx *c, json_t *root) {
    json_t *steps = rs_jr_get_array(c, root, "steps", true);
    rs_vector *v = vec(c);
    v->steps = rs_jr_arena_alloc(c, json_array_size(steps) * sizeof *v->steps);
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        size_t old = rs_jr_where_push(c, "steps[%zu]", i);
        load_step(c, s, &v->steps[i]);
        v->nsteps = i + 1;
        rs_jr_where_pop(c, old);
    }
    if (v->nerrors) qsort(v->errors, v->nerrors, sizeof *v->errors, cmp_error);
    if (v->nevents) qsort(v->events, v->nevents, sizeof *v->events, cmp_event);
}

static void load_root(ctx *c, json_t *root) {
    if (!json_is_object(root)) rs_jr_failf(c, NULL, "top level is not an object");
    const char *format = rs_jr_get_string(c, root, "format", true);
    if (strcmp(format, "restake-conformance/1") != 0) rs_jr_failf(c, "format", "unsupported format \"%.60s\"", format);
    const char *suite = rs_jr_get_string(c, root, "suite", false);
    vec(c)->suite = rs_jr_dupstr(c, suite ? suite : "");
    json_t *g = rs_jr_get_object(c, root, "genesis", true);
    size_t old = rs_jr_where_push(c, "genesis");
    c->genesis = &vec(c)->genesis;
    rs_jr_genesis(c, g);
    vec(c)->contracts = c->contracts;
    vec(c)->ncontracts = c->ncontracts;
    rs_jr_where_pop(c, old);
    load_steps(c, root);
}

static int parse_into(json_t *root, const char *path, rs_vector *v, char *err, size_t errcap) {
    ctx *c = calloc(1, sizeof *c);
    if (!c) {
        if (errcap) snprintf(err, errcap, "%s: out of memory", path);
        return -1;
    }
    c->user = v;
    c->arena = &v->arena;
    c->err = err;
    c->errcap = errcap;
    rs_arena_init(&v->arena, 0);
    v->path = strdup(path);
    const char *slash = v->path ? strrchr(v->path, '/') : NULL;
    v->file = slash ? slash + 1 : v->path ? v->path : "";
    c->file = v->file;
    int rc = 0;
    if (setjmp(c->fail) == 0) {
        if (!v->path) rs_jr_failf(c, NULL, "out of memory");
        load_root(c, root);
    } else {
        rs_vector_free(v);
        rc = -1;
    }
    free(c);
    return rc;
}

int rs_vector_parse(const char *json, size_t len, const char *name, rs_vector *v, char *err, size_t errcap) {
    memset(v, 0, sizeof *v);
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (errcap) snprintf(err, errcap, "%s:%d:%d: invalid JSON: %s", name, je.line, je.column, je.text);
        return -1;
    }
    int rc = parse_into(root, name, v, err, errcap);
    json_decref(root);
    return rc;
}

int rs_vector_load(const char *path, rs_vector *v, char *err, size_t errcap) {
    memset(v, 0, sizeof *v);
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (errcap) snprintf(err, errcap, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        return -1;
    }
    int rc = parse_into(root, path, v, err, errcap);
    json_decref(root);
    return rc;
}

void rs_vector_free(rs_vector *v) {
    rs_genesis_free(&v->genesis);
    free(v->errors);
    free(v->events);
    free(v->path);
    rs_arena_free(&v->arena);
    memset(v, 0, sizeof *v);
}

const char *rs_vector_contract_name(const rs_vector *v, rs_addr a) {
    /* Prefer a proper name over aliases such as EigenStrategyPlaceholder's. */
    for (size_t i = 0; i < v->ncontracts; i++)
        if (rs_addr_eq(v->contracts[i].address, a)) return v->contracts[i].name;
    return NULL;
}

const char *rs_vector_error_name(const rs_vector *v, uint32_t selector) {
    size_t lo = 0, hi = v->nerrors;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->errors[mid].selector == selector) return v->errors[mid].signature;
        if (v->errors[mid].selector < selector) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const char *rs_vector_event_name(const rs_vector *v, rs_b32 topic0) {
    size_t lo = 0, hi = v->nevents;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int d = memcmp(v->events[mid].topic0.b, topic0.b, 32);
        if (d == 0) return v->events[mid].name;
        if (d < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}
