/* Execution environment: logs, revert data and signature caches. */
#include "restake/env.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/buf.h"
#include "restake/keccak.h"

static void *grow(void *p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return p;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) ncap *= 2;
    void *q = realloc(p, ncap * elem);
    if (!q) {
        fprintf(stderr, "restake: out of memory in execution environment\n");
        abort();
    }
    *cap = ncap;
    return q;
}

void rs_env_init(rs_env *e, rs_state *st, const rs_params *p) {
    memset(e, 0, sizeof *e);
    e->st = st;
    e->p = p;
}

/* A frame built from the running one: the next depth, the static flag
 * inherited. Native frames carry no gas meter. */
static rs_msg child_msg(const rs_env *e, rs_addr from, rs_addr to, u256 value, const uint8_t *cd, size_t len,
                        bool is_static) {
    return (rs_msg){.kind = RS_MSG_CALL,
                    .is_static = is_static || e->is_static,
                    .depth = e->depth,
                    .sender = from,
                    .recipient = to,
                    .code_address = to,
                    .value = value,
                    .input = cd,
                    .input_len = len};
}

int rs_call_msg(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    assert(e->call != NULL); /* the router attaches itself before any call runs */
    if (!e->call) return rs_revert_empty(e);
    return e->call(e, msg, ret);
}

int rs_call(rs_env *e, rs_addr from, rs_addr to, u256 value, const uint8_t *cd, size_t len, rs_buf *ret) {
    rs_msg m = child_msg(e, from, to, value, cd, len, false);
    return rs_call_msg(e, &m, ret);
}

int rs_staticcall(rs_env *e, rs_addr from, rs_addr to, const uint8_t *cd, size_t len, rs_buf *ret) {
    rs_msg m = child_msg(e, from, to, U256_ZERO, cd, len, true);
    return rs_call_msg(e, &m, ret);
}

void rs_env_free(rs_env *e) {
    if (e->evm && e->evm_free) e->evm_free(e->evm);
    free(e->logs);
    free(e->logdata);
    free(e->revert);
    memset(e, 0, sizeof *e);
}

void rs_env_reset(rs_env *e) {
    e->nlogs = 0;
    e->logdata_len = 0;
    e->revert_len = 0;
    e->tx_seq++;
}

static void set_revert(rs_env *e, const uint8_t *head, size_t hlen, const uint8_t *args, size_t alen) {
    e->revert = grow(e->revert, &e->revert_cap, hlen + alen + 1, 1);
    if (hlen) memcpy(e->revert, head, hlen);
    if (alen) memcpy(e->revert + hlen, args, alen);
    e->revert_len = hlen + alen;
}

void rs_selector_put(uint8_t out[4], uint32_t sel) {
    out[0] = (uint8_t)(sel >> 24);
    out[1] = (uint8_t)(sel >> 16);
    out[2] = (uint8_t)(sel >> 8);
    out[3] = (uint8_t)sel;
}

void rs_buf_selector(rs_buf *b, const char *sig) {
    uint8_t s[4];
    rs_selector_put(s, rs_sig_selector(sig));
    rs_buf_put(b, s, 4);
}

int rs_revert_args(rs_env *e, const char *error_sig, const uint8_t *args, size_t len) {
    uint8_t sel[4];
    rs_selector_put(sel, rs_sig_selector(error_sig));
    set_revert(e, sel, 4, args, len);
    return RS_REVERTED;
}

int rs_revert(rs_env *e, const char *error_sig) { return rs_revert_args(e, error_sig, NULL, 0); }

int rs_revert_word(rs_env *e, const char *error_sig, u256 arg) {
    uint8_t w[32];
    u256_to_be(arg, w);
    return rs_revert_args(e, error_sig, w, 32);
}

int rs_panic(rs_env *e, unsigned code) { return rs_revert_word(e, "Panic(uint256)", u256_from_u64(code)); }

int rs_revert_string(rs_env *e, const char *msg) {
    size_t n = strlen(msg);
    size_t padded = (n + 31) / 32 * 32;
    uint8_t *args = calloc(1, 64 + padded);
    if (!args) abort();
    args[31] = 0x20;
    u256_to_be(u256_from_u64(n), args + 32);
    memcpy(args + 64, msg, n);
    int rc = rs_revert_args(e, "Error(string)", args, 64 + padded);
    free(args);
    return rc;
}

int rs_revert_bytes(rs_env *e, const uint8_t *data, size_t len) {
    set_revert(e, data, len, NULL, 0);
    return RS_REVERTED;
}

int rs_revert_empty(rs_env *e) {
    e->revert_len = 0;
    return RS_REVERTED;
}

static rs_log *log_append(rs_env *e, rs_addr emitter, const uint8_t *data, size_t len) {
    e->logs = grow(e->logs, &e->logs_cap, e->nlogs + 1, sizeof *e->logs);
    e->logdata = grow(e->logdata, &e->logdata_cap, e->logdata_len + len + 1, 1);
    rs_log *l = &e->logs[e->nlogs++];
    l->address = emitter;
    l->data_off = rs_u32_from_size(e->logdata_len);
    l->data_len = rs_u32_from_size(len);
    if (len) memcpy(e->logdata + e->logdata_len, data, len);
    e->logdata_len += len;
    assert(e->logdata_len <= e->logdata_cap);
    return l;
}

void rs_emit_raw(rs_env *e, rs_addr emitter, const rs_b32 *topics, unsigned ntopics, const uint8_t *data,
                 size_t len) {
    assert(ntopics <= 4);
    if (e->is_static) {
        e->static_violations++;
        return;
    }
    rs_log *l = log_append(e, emitter, data, len);
    l->ntopics = (uint8_t)ntopics;
    for (unsigned i = 0; i < ntopics; i++) l->topics[i] = topics[i];
}

void rs_emit(rs_env *e, rs_addr emitter, const char *event_sig, unsigned n_indexed,
             const rs_b32 *indexed, const uint8_t *data, size_t len) {
    if (n_indexed > 3) {
        fprintf(stderr, "restake: event %s with %u indexed topics\n", event_sig, n_indexed);
        abort();
    }
    if (e->is_static) { /* LOG in a static frame: the router reverts the frame */
        e->static_violations++;
        return;
    }
    rs_log *l = log_append(e, emitter, data, len);
    l->ntopics = (uint8_t)(1 + n_indexed);
    l->topics[0] = rs_sig_topic(event_sig);
    for (unsigned i = 0; i < n_indexed; i++) l->topics[1 + i] = indexed[i];
    assert(l->ntopics <= 4);
}

/* Signature strings are literals at call sites, so their addresses are stable:
 * cache keccak results by pointer. A hit also compares the text with the copy
 * taken when the slot was filled (strcmp is vectorised, far cheaper than
 * hashing the text), so an address holding other text than when it was
 * cached is hashed afresh, never answered from the cache.
 *
 * Execution can run on several threads at once (the miner, and calls against
 * historical states), so slots are filled lock-free: a record is built
 * completely, then published into an empty slot with one compare-and-swap,
 * and never changed or freed afterwards. At most SIG_CACHE_SLOTS records
 * ever exist. */
#define SIG_CACHE_SLOTS 4096

typedef struct {
    const char *sig; /* the caller's pointer */
    rs_b32 hash;
    char text[];     /* the text at sig when the record was made */
} sig_record;

static _Atomic(sig_record *) sig_cache[SIG_CACHE_SLOTS];

static sig_record *sig_record_new(const char *sig, size_t n, rs_b32 hash) {
    sig_record *r = malloc(sizeof *r + n + 1);
    if (!r) {
        fprintf(stderr, "restake: out of memory caching a signature\n");
        abort();
    }
    r->sig = sig;
    r->hash = hash;
    memcpy(r->text, sig, n + 1);
    return r;
}

static rs_b32 sig_hash(const char *sig) {
    uintptr_t h = (uintptr_t)sig;
    h ^= h >> 17;
    h *= 0x9e3779b97f4a7c15ULL;
    size_t i = (size_t)(h >> 20) & (SIG_CACHE_SLOTS - 1);
    for (size_t probes = 0; probes < 64; probes++, i = (i + 1) & (SIG_CACHE_SLOTS - 1)) {
        sig_record *r = atomic_load_explicit(&sig_cache[i], memory_order_acquire);
        if (r == NULL) {
            size_t n = strlen(sig);
            rs_b32 hash = rs_keccak(sig, n);
            sig_record *fresh = sig_record_new(sig, n, hash);
            sig_record *expected = NULL;
            if (atomic_compare_exchange_strong_explicit(&sig_cache[i], &expected, fresh, memory_order_acq_rel,
                                                        memory_order_acquire))
                return hash;
            free(fresh); /* another thread filled the slot first: look at what it put there */
            r = expected;
        }
        if (r->sig == sig) {
            if (strcmp(r->text, sig) == 0) return r->hash;
            break; /* same address, other text: not a literal, hash it uncached */
        }
    }
    return rs_keccak(sig, strlen(sig));
}

uint32_t rs_sig_selector(const char *sig) {
    rs_b32 h = sig_hash(sig);
    const uint8_t *b = h.b;
    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

rs_b32 rs_sig_topic(const char *sig) { return sig_hash(sig); }

void rs_emit_addr_string(rs_env *e, rs_addr emitter, const char *event_sig, rs_addr indexed, const uint8_t *s,
                         size_t len) {
    rs_b32 t = rs_topic_addr(indexed);
    rs_buf d;
    rs_buf_init(&d);
    rs_buf_abi_lone_bytes(&d, s, len);
    rs_emit(e, emitter, event_sig, 1, &t, d.p, d.len);
    rs_buf_free(&d);
}
