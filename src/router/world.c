/* The world's accounts over the journaled state: existence, balance, nonce,
 * code (stored by hash, cached decoded), storage, deletion, and the
 * per-transaction scope. See restake/world.h. */
#include "router/world_internal.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/keccak.h"
#include "restake/limits.h"

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "restake: out of memory (%zu bytes)\n", n);
        abort();
    }
    return q;
}

rs_key world_addr_key(uint16_t ns, rs_addr a) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, a);
    return k;
}

rs_key world_slot_key(uint16_t ns, rs_addr a, u256 slot) {
    rs_key k = world_addr_key(ns, a);
    rs_key_u256(&k, slot);
    return k;
}

bool world_flag(rs_world *w, uint16_t ns, rs_addr a) {
    rs_key k = world_addr_key(ns, a);
    return rs_sload_bool(w->st, &k);
}

void world_tx_set(rs_world *w, const rs_key *k, u256 v) {
    if (w->ntxkeys == w->txkeys_cap) {
        w->txkeys_cap = w->txkeys_cap ? 2 * w->txkeys_cap : 64;
        w->txkeys = xrealloc(w->txkeys, w->txkeys_cap * sizeof *w->txkeys);
    }
    w->txkeys[w->ntxkeys++] = *k;
    rs_sstore(w->st, k, v);
}

rs_world *rs_world_new(rs_state *st) {
    assert(st);
    rs_world *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->st = st;
    world_host_init(&w->host);
    return w;
}

static void codes_clear(rs_world *w) {
    for (size_t i = 0; i < w->codes_cap; i++) free(w->codes[i].code);
    free(w->codes);
    w->codes = NULL;
    w->ncodes = w->codes_cap = 0;
}

void rs_world_free(rs_world *w) {
    if (!w) return;
    world_logs_truncate(w, 0);
    free(w->logs);
    free(w->txkeys);
    codes_clear(w);
    free(w);
}

rs_host *rs_world_host(rs_world *w) { return &w->host; }
rs_state *rs_world_state(rs_world *w) { return w->st; }

void rs_world_set_native(rs_world *w, rs_native_call_fn fn, void *ctx) {
    w->native = fn;
    w->native_ctx = ctx;
}

void rs_world_bind_env(rs_world *w, rs_env *e) {
    assert(e && e->st == w->st);
    w->env = e;
}

void rs_world_set_tx(rs_world *w, const rs_tx_context *ctx) { w->tx = *ctx; }

void rs_world_set_block_hashes(rs_world *w, rs_block_hash_fn fn, void *ctx) {
    w->block_hash = fn;
    w->block_hash_ctx = ctx;
}

/* ---- accounts ---- */

/* Accounts the chain made (balances, nonces, native code) carry no flag: they
 * exist by being non-empty. */
bool rs_world_exists(rs_world *w, rs_addr a) { return world_flag(w, NS_EVM_EXISTS, a) || !rs_world_is_empty(w, a); }

bool rs_world_is_empty(rs_world *w, rs_addr a) {
    return rs_account_nonce(w->st, a) == 0 && u256_is_zero(rs_eth_balance(w->st, a)) &&
           rs_code_get(w->st, a) == RS_CODE_NONE;
}

void rs_world_create(rs_world *w, rs_addr a) {
    rs_key k = world_addr_key(NS_EVM_EXISTS, a);
    rs_sstore_bool(w->st, &k, true);
}

u256 rs_world_balance(rs_world *w, rs_addr a) { return rs_eth_balance(w->st, a); }

void rs_world_set_balance(rs_world *w, rs_addr a, u256 v) {
    rs_world_create(w, a);
    rs_eth_set_balance(w->st, a, v);
}

uint64_t rs_world_nonce(rs_world *w, rs_addr a) { return rs_account_nonce(w->st, a); }

void rs_world_set_nonce(rs_world *w, rs_addr a, uint64_t n) {
    rs_world_create(w, a);
    rs_account_set_nonce(w->st, a, n);
}

/* ---- code by hash ---- */

static size_t code_home(const world_code *c, size_t cap, rs_b32 h) {
    uint64_t x;
    memcpy(&x, h.b, 8);
    size_t i = (size_t)x & (cap - 1);
    while (c[i].code && !rs_b32_eq(c[i].hash, h)) i = (i + 1) & (cap - 1);
    return i;
}

static void codes_grow(rs_world *w) {
    size_t cap = w->codes_cap ? 2 * w->codes_cap : 64;
    world_code *c = calloc(cap, sizeof *c);
    if (!c) {
        fprintf(stderr, "restake: out of memory (code cache)\n");
        abort();
    }
    for (size_t i = 0; i < w->codes_cap; i++)
        if (w->codes[i].code) c[code_home(c, cap, w->codes[i].hash)] = w->codes[i];
    free(w->codes);
    w->codes = c;
    w->codes_cap = cap;
}

/* The cached copy of code with hash h, adding it (copied from `code`) when
 * absent. A zero-length code is cached as a one-byte allocation of length 0,
 * so a present entry always has a non-NULL pointer. */
static world_code *code_cache(rs_world *w, rs_b32 h, const uint8_t *code, size_t len) {
    if (w->codes_cap) {
        world_code *e = &w->codes[code_home(w->codes, w->codes_cap, h)];
        if (e->code) return e;
    }
    if (!code) return NULL;
    if (2 * (w->ncodes + 1) > w->codes_cap) codes_grow(w);
    world_code *e = &w->codes[code_home(w->codes, w->codes_cap, h)];
    e->hash = h;
    e->code = xrealloc(NULL, len ? len : 1);
    if (len) memcpy(e->code, code, len);
    e->len = len;
    w->ncodes++;
    return e;
}

static rs_key code_word_key(rs_b32 h, uint64_t i) {
    rs_key k = rs_key_ns(NS_EVM_CODE_WORD);
    rs_key_b32(&k, h);
    rs_key_u64(&k, i);
    return k;
}

void rs_world_set_code(rs_world *w, rs_addr a, const uint8_t *code, size_t len) {
    assert(len <= RS_WORLD_CODE_MAX);
    rs_key hk = world_addr_key(NS_EVM_CODE_HASH, a);
    if (len == 0) {
        rs_code_set(w->st, a, RS_CODE_NONE);
        rs_sstore(w->st, &hk, U256_ZERO);
        return;
    }
    rs_world_create(w, a);
    rs_b32 h = rs_keccak(code, len);
    rs_key lk = rs_key_ns(NS_EVM_CODE_LEN);
    rs_key_b32(&lk, h);
    if (rs_sload_u64(w->st, &lk) == 0) {
        for (size_t off = 0; off < len; off += 32) {
            uint8_t word[32] = {0};
            memcpy(word, code + off, len - off < 32 ? len - off : 32);
            rs_key wk = code_word_key(h, off / 32);
            rs_sstore(w->st, &wk, u256_from_be(word));
        }
        rs_sstore_u64(w->st, &lk, len);
    }
    code_cache(w, h, code, len);
    rs_code_set(w->st, a, RS_CODE_EVM);
    rs_sstore(w->st, &hk, rs_b32_to_u256(h));
}

static const uint8_t *code_load(rs_world *w, rs_b32 h, size_t *len) {
    world_code *e = code_cache(w, h, NULL, 0);
    if (e) {
        *len = e->len;
        return e->code;
    }
    rs_key lk = rs_key_ns(NS_EVM_CODE_LEN);
    rs_key_b32(&lk, h);
    size_t n = (size_t)rs_sload_u64(w->st, &lk);
    assert(n <= RS_WORLD_CODE_MAX);
    uint8_t *buf = xrealloc(NULL, n ? n : 1);
    for (size_t off = 0; off < n; off += 32) {
        rs_key wk = code_word_key(h, off / 32);
        uint8_t word[32];
        u256_to_be(rs_sload(w->st, &wk), word);
        memcpy(buf + off, word, n - off < 32 ? n - off : 32);
    }
    e = code_cache(w, h, buf, n);
    free(buf);
    *len = e->len;
    return e->code;
}

const uint8_t *rs_world_code(rs_world *w, rs_addr a, size_t *len, rs_b32 *hash) {
    static const uint8_t none[1];
    *len = 0;
    rs_code_kind kind = rs_code_get(w->st, a);
    if (kind != RS_CODE_EVM) {
        if (kind == RS_CODE_NONE) {
            if (hash) *hash = rs_keccak("", 0);
            return none;
        }
        const uint8_t *marker;
        *len = rs_native_marker(kind, &marker, hash);
        return marker;
    }
    rs_key hk = world_addr_key(NS_EVM_CODE_HASH, a);
    rs_b32 h = rs_b32_from_u256(rs_sload(w->st, &hk));
    if (hash) *hash = h;
    return code_load(w, h, len);
}

/* The markers, made once for every kind (their text never changes). */
static struct {
    uint8_t code[64];
    size_t len;
    rs_b32 hash;
} markers[RS_CODE__COUNT];
static pthread_once_t markers_once = PTHREAD_ONCE_INIT;

static void markers_make(void) {
    for (unsigned k = 0; k < RS_CODE__COUNT; k++) {
        int n = snprintf((char *)markers[k].code, sizeof markers[k].code, "\xfe" "restake:%s",
                         rs_code_name((rs_code_kind)k));
        assert(n > 0 && (size_t)n < sizeof markers[k].code);
        markers[k].len = (size_t)n;
        markers[k].hash = rs_keccak(markers[k].code, markers[k].len);
    }
}

size_t rs_native_marker(rs_code_kind k, const uint8_t **code, rs_b32 *hash) {
    assert((unsigned)k < RS_CODE__COUNT && k != RS_CODE_NONE && k != RS_CODE_EVM);
    pthread_once(&markers_once, markers_make);
    *code = markers[k].code;
    if (hash) *hash = markers[k].hash;
    return markers[k].len;
}

/* ---- storage ---- */

u256 rs_world_storage(rs_world *w, rs_addr a, u256 slot) {
    rs_key k = world_slot_key(NS_EVM_STORAGE, a, slot);
    return rs_sload(w->st, &k);
}

void rs_world_set_storage(rs_world *w, rs_addr a, u256 slot, u256 v) {
    rs_key k = world_slot_key(NS_EVM_STORAGE, a, slot);
    rs_sstore(w->st, &k, v);
    if (!u256_is_zero(v) && !rs_world_has_storage(w, a)) {
        rs_key hk = world_addr_key(NS_EVM_HAS_STORAGE, a);
        rs_sstore_bool(w->st, &hk, true);
    }
}

bool rs_world_has_storage(rs_world *w, rs_addr a) { return world_flag(w, NS_EVM_HAS_STORAGE, a); }

typedef struct {
    rs_addr a;
    rs_key *keys;
    size_t n, cap;
} slot_scan;

static int collect_slots(void *ctx, const rs_key *k, u256 v) {
    (void)v;
    slot_scan *s = ctx;
    if (k->len != 2 + 20 + 32 || k->b[0] != (uint8_t)(NS_EVM_STORAGE >> 8) ||
        k->b[1] != (uint8_t)NS_EVM_STORAGE || memcmp(k->b + 2, s->a.b, 20) != 0)
        return 0;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->keys = xrealloc(s->keys, s->cap * sizeof *s->keys);
    }
    s->keys[s->n++] = *k;
    return 0;
}

void rs_world_clear_storage(rs_world *w, rs_addr a) {
    if (!rs_world_has_storage(w, a)) return;
    slot_scan s = {.a = a};
    rs_state_foreach(w->st, collect_slots, &s);
    for (size_t i = 0; i < s.n; i++) rs_sstore(w->st, &s.keys[i], U256_ZERO);
    free(s.keys);
    rs_key hk = world_addr_key(NS_EVM_HAS_STORAGE, a);
    rs_sstore(w->st, &hk, U256_ZERO);
}

void rs_world_delete(rs_world *w, rs_addr a) {
    rs_world_clear_storage(w, a);
    rs_world_set_code(w, a, NULL, 0);
    rs_eth_set_balance(w->st, a, U256_ZERO);
    rs_account_set_nonce(w->st, a, 0);
    rs_key ek = world_addr_key(NS_EVM_EXISTS, a);
    rs_sstore(w->st, &ek, U256_ZERO);
}

void rs_world_touch(rs_world *w, rs_addr a) {
    if (world_flag(w, NS_EVM_TOUCHED, a)) return;
    rs_key k = world_addr_key(NS_EVM_TOUCHED, a);
    world_tx_set(w, &k, U256_ONE);
}

/* ---- logs ---- */

world_log_mark world_logs_mark(rs_world *w) {
    if (w->env) return (world_log_mark){w->env->nlogs, w->env->logdata_len};
    return (world_log_mark){w->nlogs, 0};
}

void world_logs_undo(rs_world *w, world_log_mark m) {
    if (w->env) {
        assert(m.nlogs <= w->env->nlogs && m.data_len <= w->env->logdata_len);
        w->env->nlogs = m.nlogs;
        w->env->logdata_len = m.data_len;
        return;
    }
    world_logs_truncate(w, m.nlogs);
}

void world_logs_truncate(rs_world *w, size_t n) {
    assert(n <= w->nlogs);
    for (size_t i = n; i < w->nlogs; i++) free(w->logs[i].data);
    w->nlogs = n;
}

const rs_evm_log *rs_world_logs(rs_world *w, size_t *n) {
    *n = w->nlogs;
    return w->logs;
}

/* ---- transaction scope ---- */

void rs_world_tx_begin(rs_world *w, const rs_tx_context *ctx) {
    assert(w->ntxkeys == 0);
    world_logs_truncate(w, 0);
    w->tx = *ctx;
}

static rs_addr key_addr(const rs_key *k) {
    rs_addr a;
    memcpy(a.b, k->b + 2, 20);
    return a;
}

static uint16_t key_ns(const rs_key *k) { return (uint16_t)(k->b[0] << 8 | k->b[1]); }

void rs_world_tx_end(rs_world *w) {
    rs_world_tx_finish(w);
    rs_state_commit(w->st);
    if (w->ncodes > RS_EVM_CODE_CACHE_ENTRIES) codes_clear(w);
}

void rs_world_tx_forget(rs_world *w) { w->ntxkeys = 0; }

void rs_world_tx_finish(rs_world *w) {
    /* EIP-6780: only accounts created in this transaction are registered
     * for destruction; they go first, with their storage. */
    for (size_t i = 0; i < w->ntxkeys; i++) {
        const rs_key *k = &w->txkeys[i];
        if (key_ns(k) == NS_EVM_DESTRUCTED && rs_sload_bool(w->st, k)) rs_world_delete(w, key_addr(k));
    }
    /* EIP-161: touched accounts that end empty are removed. */
    for (size_t i = 0; i < w->ntxkeys; i++) {
        const rs_key *k = &w->txkeys[i];
        if (key_ns(k) != NS_EVM_TOUCHED || !rs_sload_bool(w->st, k)) continue;
        rs_addr a = key_addr(k);
        if (rs_world_exists(w, a) && rs_world_is_empty(w, a)) rs_world_delete(w, a);
    }
    for (size_t i = 0; i < w->ntxkeys; i++) rs_sstore(w->st, &w->txkeys[i], U256_ZERO);
    w->ntxkeys = 0;
    if (w->ncodes > RS_EVM_CODE_CACHE_ENTRIES) codes_clear(w);
}

rs_addr rs_create2_address(rs_addr sender, rs_b32 salt, const uint8_t *initcode, size_t len) {
    uint8_t buf[1 + 20 + 32 + 32];
    buf[0] = 0xff;
    memcpy(buf + 1, sender.b, 20);
    memcpy(buf + 21, salt.b, 32);
    rs_keccak256(len ? initcode : (const uint8_t *)"", len, buf + 53);
    uint8_t h[32];
    rs_keccak256(buf, sizeof buf, h);
    rs_addr a;
    memcpy(a.b, h + 12, 20);
    return a;
}
