/* JUMPDEST analysis and its per-thread, direct-mapped cache by code hash. */
#include "evm/analysis.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "restake/limits.h"

typedef struct {
    rs_b32 hash;
    size_t len;
    uint8_t *data;  /* padded code, then the bitmap */
    uint32_t users; /* frames running this code now: the entry is not replaced while > 0 */
    bool valid;
} cache_entry;

static _Thread_local cache_entry *tl_cache;

/* A thread's cache is freed when the thread exits. */
static pthread_key_t cache_key;
static pthread_once_t cache_key_once = PTHREAD_ONCE_INIT;

static void cache_free(void *arg) {
    cache_entry *c = arg;
    for (size_t i = 0; i < RS_EVM_JUMPDEST_CACHE_ENTRIES; i++) free(c[i].data);
    free(c);
    tl_cache = NULL;
}

static void cache_key_make(void) { (void)pthread_key_create(&cache_key, cache_free); }

static size_t bitmap_bytes(size_t len) { return (len + 7) / 8 + 1; }
static size_t analysis_bytes(size_t len) { return len + RS_EVM_CODE_PADDING + bitmap_bytes(len); }

/* Fills data with the padded code and the bitmap after it. */
static void analyse_into(uint8_t *data, const uint8_t *code, size_t len) {
    uint8_t *bits = data + len + RS_EVM_CODE_PADDING;
    memcpy(data, code, len);
    memset(data + len, 0, RS_EVM_CODE_PADDING);
    memset(bits, 0, bitmap_bytes(len));
    for (size_t i = 0; i < len; i++) {
        uint8_t op = code[i];
        if (op == 0x5b)
            bits[i >> 3] |= (uint8_t)(1u << (i & 7));
        else if (op >= 0x60 && op <= 0x7f)
            i += (size_t)(op - 0x5f);
    }
}

static void set_view(evm_code *out, uint8_t *data, size_t len, void *entry) {
    out->code = data;
    out->jumpdests = data + len + RS_EVM_CODE_PADDING;
    out->code_len = len;
    out->cache_entry = entry;
}

static bool analyse_scratch(evm_code *out, const uint8_t *code, size_t len, evm_scratch *s) {
    size_t need = analysis_bytes(len);
    if (s->cap < need) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < need) cap *= 2;
        uint8_t *p = realloc(s->p, cap);
        if (!p) return false;
        s->p = p;
        s->cap = cap;
    }
    analyse_into(s->p, code, len);
    set_view(out, s->p, len, NULL);
    return true;
}

static size_t slot_of(const rs_b32 *h) {
    uint64_t x;
    memcpy(&x, h->b, 8);
    return (size_t)(x % RS_EVM_JUMPDEST_CACHE_ENTRIES);
}

bool evm_analyse(evm_code *out, const uint8_t *code, size_t len, const rs_b32 *code_hash, evm_scratch *scratch) {
    if (!code_hash) return analyse_scratch(out, code, len, scratch);
    if (!tl_cache) {
        tl_cache = calloc(RS_EVM_JUMPDEST_CACHE_ENTRIES, sizeof *tl_cache);
        if (!tl_cache) return analyse_scratch(out, code, len, scratch);
        pthread_once(&cache_key_once, cache_key_make);
        (void)pthread_setspecific(cache_key, tl_cache);
    }
    cache_entry *e = &tl_cache[slot_of(code_hash)];
    if (e->valid && e->len == len && rs_b32_eq(e->hash, *code_hash)) {
        e->users++;
        set_view(out, e->data, len, e);
        return true;
    }
    if (e->users > 0) return analyse_scratch(out, code, len, scratch);
    uint8_t *data = realloc(e->valid ? e->data : NULL, analysis_bytes(len));
    if (!data) {
        e->valid = false;
        e->data = NULL;
        return analyse_scratch(out, code, len, scratch);
    }
    analyse_into(data, code, len);
    e->data = data;
    e->hash = *code_hash;
    e->len = len;
    e->valid = true;
    e->users = 1;
    set_view(out, data, len, e);
    return true;
}

void evm_analysis_release(evm_code *c) {
    cache_entry *e = c->cache_entry;
    if (!e) return;
    assert(e->users > 0);
    e->users--;
    c->cache_entry = NULL;
}
