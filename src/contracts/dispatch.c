/* Method-table dispatch of a call frame's calldata, with Solidity's decoding
 * rules. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contracts/dispatch.h"
#include "restake/contracts.h"
#include "restake/keccak.h"
#include "restake/limits.h"
#include "restake/namespaces.h"

/* ---- method tables ----
 * The first dispatch through a table computes every selector and parses every
 * parameter list once, then publishes a selector-sorted index of the table in
 * a small registry keyed by the table's address. Later dispatches find the
 * index with one hash probe and the method with a binary search. */

#define FAST_MAX_WORDS 16
#define NOT_FAST 0xff

typedef struct {
    const rs_method *table;
    size_t n;
    uint32_t *sel;  /* sorted */
    uint16_t *idx;  /* sel[i] is table[idx[i]] */
    uint8_t *words; /* per table entry: parameter count when every parameter is
                     * one value word (the common case, decoded inline), else NOT_FAST */
} table_index;

#define REGISTRY_SLOTS 256 /* power of two; far more tables than contract kinds */
static _Atomic(table_index *) registry[REGISTRY_SLOTS];
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static rs_arena type_arena; /* parameter types of every table; lives for the process */
static bool type_arena_ready;

static size_t slot_of(const rs_method *table) {
    uintptr_t p = (uintptr_t)table;
    return (size_t)((p >> 4) ^ (p >> 12)) & (REGISTRY_SLOTS - 1);
}

static table_index *registry_find(const rs_method *table) {
    for (size_t i = slot_of(table), probes = 0; probes < REGISTRY_SLOTS; i = (i + 1) & (REGISTRY_SLOTS - 1), probes++) {
        table_index *t = atomic_load_explicit(&registry[i], memory_order_acquire);
        if (!t) return NULL;
        if (t->table == table) return t;
    }
    return NULL;
}

static void die(const char *msg, const char *sig) {
    fprintf(stderr, "restake: dispatch: %s: %s\n", msg, sig);
    abort();
}

static bool is_value_word(const abi_type *t) {
    return t->kind == ABI_UINT || t->kind == ABI_INT || t->kind == ABI_ADDRESS || t->kind == ABI_BOOL ||
           t->kind == ABI_BYTESN;
}

static uint8_t fast_words(const abi_type *params) {
    if (params->kind != ABI_TUPLE || params->count > FAST_MAX_WORDS) return NOT_FAST;
    for (uint32_t i = 0; i < params->count; i++)
        if (!is_value_word(params->fields[i])) return NOT_FAST;
    return (uint8_t)params->count;
}

static table_index *index_build(rs_method *table, size_t n) {
    if (n > UINT16_MAX) die("method table too large", n ? table[0].sig : "");
    if (!type_arena_ready) {
        rs_arena_init(&type_arena, 0);
        type_arena_ready = true;
    }
    table_index *t = calloc(1, sizeof *t);
    if (!t) die("out of memory", "");
    t->sel = calloc(n ? n : 1, sizeof *t->sel);
    t->idx = calloc(n ? n : 1, sizeof *t->idx);
    t->words = calloc(n ? n : 1, sizeof *t->words);
    if (!t->sel || !t->idx || !t->words) die("out of memory", "");
    t->table = table;
    t->n = n;
    for (size_t i = 0; i < n; i++) {
        if (!table[i].params &&
            abi_signature_params(&type_arena, table[i].sig, &table[i].params) != ABI_OK)
            die("malformed signature", table[i].sig);
        table[i].selector = rs_selector_of(table[i].sig);
        t->words[i] = fast_words(table[i].params);
        /* insertion sort: tables are small and built once */
        size_t j = i;
        while (j > 0 && t->sel[j - 1] > table[i].selector) {
            t->sel[j] = t->sel[j - 1];
            t->idx[j] = t->idx[j - 1];
            j--;
        }
        if (j > 0 && t->sel[j - 1] == table[i].selector) die("duplicate selector", table[i].sig);
        t->sel[j] = table[i].selector;
        t->idx[j] = (uint16_t)i;
    }
    return t;
}

static table_index *index_of(rs_method *table, size_t n) {
    table_index *t = registry_find(table);
    if (t) return t;
    pthread_mutex_lock(&registry_lock);
    t = registry_find(table);
    if (!t) {
        t = index_build(table, n);
        size_t i = slot_of(table);
        while (atomic_load_explicit(&registry[i], memory_order_relaxed)) {
            i = (i + 1) & (REGISTRY_SLOTS - 1);
            if (i == slot_of(table)) die("too many method tables", n ? table[0].sig : "");
        }
        atomic_store_explicit(&registry[i], t, memory_order_release);
    }
    pthread_mutex_unlock(&registry_lock);
    return t;
}

/* Position of the method in its table, or -1. */
static long method_find(const table_index *t, uint32_t sel) {
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint32_t s = t->sel[mid];
        if (s == sel) return t->idx[mid];
        if (s < sel) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static u256 load_word(const uint8_t *p) { return u256_from_be(p); }

/* The value checks of Solidity's ABI decoder v2 for one head word (the same
 * rules abi_decode applies; tests hold the two to each other). */
static bool word_is_clean(const abi_type *t, u256 v) {
    switch (t->kind) {
    case ABI_UINT: return u256_fits_bits(v, t->bits);
    case ABI_INT: return u256_fits_bits(v, t->bits - 1u) || u256_fits_bits(u256_not(v), t->bits - 1u);
    case ABI_ADDRESS: return u256_fits_bits(v, 160);
    case ABI_BOOL: return u256_fits_bits(v, 1);
    case ABI_BYTESN: return t->bits >= 32 || u256_is_zero(u256_shl(v, 8u * t->bits));
    default: return false;
    }
}

/* Decodes a parameter list of n value words into items; false → revert. */
static bool decode_words(const abi_type *params, unsigned n, const uint8_t *d, size_t len, abi_val *items) {
    if (len < 32 * (size_t)n) return false;
    for (unsigned i = 0; i < n; i++) {
        const abi_type *t = params->fields[i];
        u256 v = load_word(d + 32 * i);
        if (!word_is_clean(t, v)) return false;
        items[i] = (abi_val){.kind = t->kind, .word = v};
    }
    return true;
}

/* Decoded arguments live in an arena per call depth: a handler's arguments
 * must survive the nested dispatches it makes, and each depth's arena is
 * reset (keeping its first block) instead of freed, so steady-state decoding
 * allocates nothing. */
#define ARENA_DEPTHS 32
static _Thread_local rs_arena depth_arena[ARENA_DEPTHS];
static _Thread_local bool depth_arena_ready[ARENA_DEPTHS];
static _Thread_local unsigned dispatch_depth;

/* A thread that dispatches (the node's miner, RPC workers) frees its arenas
 * when it exits: a key destructor runs in the exiting thread while its
 * thread-locals are still valid. */
static pthread_key_t arena_key;
static pthread_once_t arena_key_once = PTHREAD_ONCE_INIT;

static void free_thread_arenas(void *unused) {
    (void)unused;
    for (unsigned i = 0; i < ARENA_DEPTHS; i++)
        if (depth_arena_ready[i]) {
            rs_arena_free(&depth_arena[i]);
            depth_arena_ready[i] = false;
        }
}

static void make_arena_key(void) { pthread_key_create(&arena_key, free_thread_arenas); }

static void note_thread_arenas(void) {
    pthread_once(&arena_key_once, make_arena_key);
    pthread_setspecific(arena_key, (void *)1);
}

/* rs_dispatch_knows: set while a probe frame runs (per thread). */
static _Thread_local enum { PROBE_OFF, PROBE_ASKING, PROBE_FOUND } probe;

bool rs_dispatch_knows(rs_contract_fn fn, uint32_t selector) {
    static const rs_params params; /* nothing is read: the frame ends at the lookup */
    rs_state *st = rs_state_new();
    if (!st) abort();
    rs_env e;
    rs_env_init(&e, st, &params);
    uint8_t cd[4] = {(uint8_t)(selector >> 24), (uint8_t)(selector >> 16), (uint8_t)(selector >> 8), (uint8_t)selector};
    rs_msg msg;
    memset(&msg, 0, sizeof msg);
    msg.input = cd;
    msg.input_len = sizeof cd;
    rs_buf ret;
    rs_buf_init(&ret);
    probe = PROBE_ASKING;
    (void)fn(&e, &msg, &ret);
    bool found = probe == PROBE_FOUND;
    probe = PROBE_OFF;
    rs_buf_free(&ret);
    rs_env_free(&e);
    rs_state_free(st);
    return found;
}

bool rs_dispatch_table_has(rs_method *table, size_t n, const rs_msg *msg) {
    if (msg->input_len < 4) return false;
    const uint8_t *cd = msg->input;
    uint32_t sel = (uint32_t)cd[0] << 24 | (uint32_t)cd[1] << 16 | (uint32_t)cd[2] << 8 | cd[3];
    return method_find(index_of(table, n), sel) >= 0;
}

int rs_dispatch_table(rs_env *e, rs_method *table, size_t n, const rs_msg *msg, rs_buf *ret) {
    const uint8_t *cd = msg->input;
    size_t len = msg->input_len;
    rs_buf_reset(ret);
    if (len < 4) return rs_revert_empty(e);
    uint32_t sel = (uint32_t)cd[0] << 24 | (uint32_t)cd[1] << 16 | (uint32_t)cd[2] << 8 | cd[3];
    const table_index *t = index_of(table, n);
    long at = method_find(t, sel);
    if (probe != PROBE_OFF) {
        if (at >= 0) probe = PROBE_FOUND;
        return rs_revert_empty(e);
    }
    if (at < 0) return rs_revert_empty(e);
    const rs_method *m = &table[at];
    if (!m->payable && !u256_is_zero(msg->value)) return rs_revert_empty(e);

    unsigned d = dispatch_depth;
    int rc;
    if (t->words[at] != NOT_FAST) {
        abi_val items[FAST_MAX_WORDS];
        if (!decode_words(m->params, t->words[at], cd + 4, len - 4, items)) return rs_revert_empty(e);
        dispatch_depth = d + 1;
        rc = m->fn(e, msg, items, ret);
        dispatch_depth = d;
        return rc;
    }

    rs_arena spill;
    rs_arena *a;
    if (d < ARENA_DEPTHS) {
        a = &depth_arena[d];
        if (!depth_arena_ready[d]) {
            note_thread_arenas();
            rs_arena_init(a, RS_DISPATCH_ARENA_MAX);
            depth_arena_ready[d] = true;
        } else {
            rs_arena_reset(a);
        }
    } else {
        a = &spill;
        rs_arena_init(a, RS_DISPATCH_ARENA_MAX);
    }

    abi_val args;
    abi_error err;
    if (abi_decode(a, m->params, cd + 4, len - 4, &args, &err) != ABI_OK) {
        rc = rs_revert_empty(e);
    } else {
        dispatch_depth = d + 1;
        rc = m->fn(e, msg, args.items, ret);
        dispatch_depth = d;
    }
    if (a == &spill) rs_arena_free(a);
    return rc;
}

int rs_method_already_initialized(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args, (void)ret;
    return rs_revert_string(e, "Initializable: contract is already initialized");
}

int rs_method_version(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_abi_lone_bytes(ret, e->p->version, strnlen(e->p->version, sizeof e->p->version));
    return RS_OK;
}
