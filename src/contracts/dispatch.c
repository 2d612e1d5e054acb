/* Contract dispatch: the code registry, native ETH and nonces, method-table
 * dispatch with Solidity's decoding rules, and rs_call with the EVM's
 * all-or-nothing rollback. */
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

/* ---- entry points: one rs_contract_* per code kind (contracts.h) ---- */

static rs_contract_fn overrides[RS_CODE__COUNT];

rs_contract_fn rs_dispatch_override(rs_code_kind k, rs_contract_fn fn) {
    if ((unsigned)k >= RS_CODE__COUNT) return NULL;
    rs_contract_fn old = overrides[k];
    overrides[k] = fn;
    return old;
}

static rs_contract_fn entry_of(rs_code_kind k) {
    if (overrides[k]) return overrides[k];
    switch (k) {
    case RS_CODE_ERC20: return rs_contract_erc20;
    case RS_CODE_STRATEGY_BASE: return rs_contract_strategy_base;
    case RS_CODE_STRATEGY_MANAGER: return rs_contract_strategy_manager;
    case RS_CODE_DELEGATION_MANAGER: return rs_contract_delegation_manager;
    case RS_CODE_ALLOCATION_MANAGER: return rs_contract_allocation_manager;
    case RS_CODE_ALLOCATION_MANAGER_VIEW: return rs_contract_allocation_manager_view;
    case RS_CODE_PERMISSION_CONTROLLER: return rs_contract_permission_controller;
    case RS_CODE_STRATEGY_FACTORY: return rs_contract_strategy_factory;
    case RS_CODE_PAUSER_REGISTRY: return rs_contract_pauser_registry;
    case RS_CODE_EIGEN_POD_MANAGER: return rs_contract_eigen_pod_manager;
    case RS_CODE_EIGEN_POD: return rs_contract_eigen_pod;
    case RS_CODE_REWARDS_COORDINATOR: return rs_contract_rewards_coordinator;
    case RS_CODE_AVS_DIRECTORY: return rs_contract_avs_directory;
    case RS_CODE_MOCK_AVS_REGISTRAR: return rs_contract_mock_avs_registrar;
    case RS_CODE_ETH_POS_DEPOSIT: return rs_contract_eth_pos_deposit;
    case RS_CODE_BEACON_ROOTS: return rs_contract_beacon_roots;
    case RS_CODE_WITHDRAWAL_REQUESTS: return rs_contract_withdrawal_requests;
    case RS_CODE_CONSOLIDATION_REQUESTS: return rs_contract_consolidation_requests;
    default: return NULL; /* RS_CODE_NONE is handled by the caller; OPAQUE has no surface */
    }
}

bool rs_dispatch_has_entry(rs_code_kind k) { return (unsigned)k < RS_CODE__COUNT && entry_of(k) != NULL; }

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

int rs_dispatch_table(rs_env *e, rs_method *table, size_t n, rs_addr self, rs_addr sender, u256 value,
                      const uint8_t *cd, size_t len, rs_buf *ret) {
    rs_buf_reset(ret);
    if (len < 4) return rs_revert_empty(e);
    uint32_t sel = (uint32_t)cd[0] << 24 | (uint32_t)cd[1] << 16 | (uint32_t)cd[2] << 8 | cd[3];
    const table_index *t = index_of(table, n);
    long at = method_find(t, sel);
    if (at < 0) return rs_revert_empty(e);
    const rs_method *m = &table[at];
    if (!m->payable && !u256_is_zero(value)) return rs_revert_empty(e);

    unsigned d = dispatch_depth;
    int rc;
    if (t->words[at] != NOT_FAST) {
        abi_val items[FAST_MAX_WORDS];
        if (!decode_words(m->params, t->words[at], cd + 4, len - 4, items)) return rs_revert_empty(e);
        dispatch_depth = d + 1;
        rc = m->fn(e, self, sender, items, ret);
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
        rc = m->fn(e, self, sender, args.items, ret);
        dispatch_depth = d;
    }
    if (a == &spill) rs_arena_free(a);
    return rc;
}

/* ---- calls ---- */

static void rollback(rs_env *e, size_t checkpoint, size_t nlogs, size_t logdata_len) {
    rs_state_revert(e->st, checkpoint);
    e->nlogs = nlogs;
    e->logdata_len = logdata_len;
}

int rs_call(rs_env *e, rs_addr from, rs_addr to, u256 value, const uint8_t *cd, size_t len, rs_buf *ret) {
    rs_buf scratch;
    bool own_ret = ret == NULL;
    if (own_ret) {
        rs_buf_init(&scratch);
        ret = &scratch;
    }
    rs_buf_reset(ret);
    size_t checkpoint = rs_state_checkpoint(e->st);
    size_t nlogs = e->nlogs, logdata_len = e->logdata_len;
    int rc = RS_OK;

    if (!u256_is_zero(value) && !rs_eth_transfer(e->st, from, to, value)) {
        rc = rs_revert_empty(e);
    } else {
        rs_code_kind kind = rs_code_get(e->st, to);
        if (kind != RS_CODE_NONE) {
            rs_contract_fn fn = entry_of(kind);
            rc = fn ? fn(e, to, from, value, cd, len, ret) : rs_revert_empty(e);
        }
    }
    if (rc != RS_OK) {
        rollback(e, checkpoint, nlogs, logdata_len);
        rs_buf_reset(ret);
        rc = RS_REVERTED;
    }
    if (own_ret) rs_buf_free(&scratch);
    return rc;
}

int rs_method_already_initialized(rs_env *e, rs_addr self, rs_addr sender, const abi_val *args, rs_buf *ret) {
    (void)self, (void)sender, (void)args, (void)ret;
    return rs_revert_string(e, "Initializable: contract is already initialized");
}

int rs_method_version(rs_env *e, rs_addr self, rs_addr sender, const abi_val *args, rs_buf *ret) {
    (void)self, (void)sender, (void)args;
    rs_buf_abi_lone_bytes(ret, e->p->version, strnlen(e->p->version, sizeof e->p->version));
    return RS_OK;
}
