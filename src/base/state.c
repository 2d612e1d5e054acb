/* Journaled key → word store. See restake/state.h for the model. */
#include "restake/state.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/keccak.h"

/* Value first, then the key: an entry is exactly two cache lines, and a hit on
 * a short key (namespace + address) touches only the first. */
typedef struct {
    u256 val;
    rs_key key;
    uint8_t pad;
} entry;

_Static_assert(sizeof(entry) == 128, "state entry is two cache lines");

typedef struct {
    uint32_t idx;
    u256 old;
} undo;

/* An index slot: the hash's top 32 bits (tag) above entry index + 1, 0 when
 * empty. A probe compares tags first, so a miss never touches an entry. The
 * home position is taken from the tag too, so growing the index re-places
 * slots without rehashing any key. */
typedef uint64_t slot_t;

struct rs_state {
    entry *entries;     /* cache-line aligned inside entries_mem */
    void *entries_mem;
    size_t n, cap;
    slot_t *index;
    size_t index_cap; /* power of two, kept at most half full */
    undo *journal;
    size_t jlen, jcap;
    bool readonly;      /* a static frame runs: writes are refused and counted */
    size_t violations;
};

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n);
    if (!q && n) {
        fprintf(stderr, "restake: out of memory (%zu bytes)\n", n);
        abort();
    }
    return q;
}

/* Plain malloc plus manual alignment: glibc serves aligned_alloc of large
 * blocks with fresh mappings every time, so a growing or cloned state paid a
 * page fault per 4 KiB; malloc reuses freed memory. */
static entry *entries_alloc(size_t n, void **mem) {
    *mem = malloc((n ? n : 1) * sizeof(entry) + 63);
    if (!*mem) return NULL;
    return (entry *)(((uintptr_t)*mem + 63) & ~(uintptr_t)63);
}

static uint64_t load64(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* 64×64→128 multiply folded: one multiply mixes 16 key bytes (wyhash's core). */
static uint64_t mum(uint64_t a, uint64_t b) {
    unsigned __int128 r = (unsigned __int128)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

#define H0 0xa0761d6478bd642fULL
#define H1 0xe7037ed1a0b428dbULL
#define H2 0x8ebc6af09c88c6e3ULL
#define H3 0x589965cc75374cc3ULL

/* Only bytes below len are read (the tail is an overlapping load ending at
 * len), so garbage after the key in rs_key.b never affects the hash. The
 * 16-byte chunks are mixed independently and summed, so their multiplies
 * overlap instead of forming one long dependency chain. */
static inline uint64_t hash_key(const rs_key *k) {
    const uint8_t *b = k->b;
    size_t len = k->len;
    uint64_t h = H0 ^ (uint64_t)len * H3;
    if (len >= 8) {
        size_t i = 0;
        uint64_t acc = 0;
        for (; i + 16 <= len; i += 16) acc += mum(load64(b + i) ^ H1 ^ i, load64(b + i + 8) ^ H2);
        if (i + 8 <= len) acc += mum(load64(b + i) ^ H3, load64(b + len - 8) ^ H0);
        else if (i < len) acc += mum(load64(b + len - 8) ^ H3, H1);
        h ^= acc;
    } else {
        uint64_t w = 0;
        for (size_t i = 0; i < len; i++) w |= (uint64_t)b[i] << (8 * i);
        h ^= w;
    }
    return mum(h ^ H0, h ^ H2 ^ ((uint64_t)len << 32));
}

static inline bool key_eq(const rs_key *a, const rs_key *b) {
    size_t len = a->len;
    if (len != b->len) return false;
    if (len < 8) return memcmp(a->b, b->b, len) == 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8)
        if (load64(a->b + i) != load64(b->b + i)) return false;
    return i == len || load64(a->b + len - 8) == load64(b->b + len - 8);
}

static slot_t slot_make(uint64_t h, size_t idx) { return (h & 0xffffffff00000000ULL) | (uint64_t)(idx + 1); }
static uint32_t slot_entry(slot_t v) { return (uint32_t)v; } /* entry index + 1; 0 = empty */
static size_t slot_home(uint64_t tagged, size_t mask) { return (size_t)(tagged >> 32) & mask; }

/* The index is a power of two kept at most half full, and every entry is
 * indexed; the journal never holds more than its capacity. */
static inline bool state_ok(const rs_state *s) {
    return s->index_cap >= 2 && (s->index_cap & (s->index_cap - 1)) == 0 && s->n * 2 <= s->index_cap &&
           s->n <= s->cap && s->n < UINT32_MAX && s->jlen <= s->jcap;
}

rs_state *rs_state_new(void) {
    rs_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->index_cap = 1024;
    s->index = calloc(s->index_cap, sizeof *s->index);
    if (!s->index) {
        free(s);
        return NULL;
    }
    return s;
}

void rs_state_free(rs_state *s) {
    if (!s) return;
    free(s->entries_mem);
    free(s->index);
    free(s->journal);
    free(s);
}

rs_state *rs_state_clone(const rs_state *s) {
    rs_state *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->n = c->cap = s->n;
    c->index_cap = s->index_cap;
    c->entries = entries_alloc(s->n, &c->entries_mem);
    c->index = malloc(s->index_cap * sizeof *c->index);
    if (!c->entries || !c->index) {
        rs_state_free(c);
        return NULL;
    }
    if (s->n) memcpy(c->entries, s->entries, s->n * sizeof *c->entries);
    memcpy(c->index, s->index, s->index_cap * sizeof *c->index);
    assert(state_ok(c) && c->n == s->n && c->jlen == 0);
    return c;
}

/* Returns the slot in the index where k is or would be inserted. */
static size_t probe(const rs_state *s, const rs_key *k, uint64_t h) {
    assert(k->len <= RS_KEY_MAX);
    size_t mask = s->index_cap - 1;
    size_t i = slot_home(h, mask);
    uint64_t tag = h & 0xffffffff00000000ULL;
    for (;;) {
        slot_t v = s->index[i];
        if (v == 0) return i;
        if ((v & 0xffffffff00000000ULL) == tag && key_eq(&s->entries[slot_entry(v) - 1].key, k)) return i;
        i = (i + 1) & mask;
    }
}

static void grow_index(rs_state *s) {
    size_t ncap = s->index_cap * 2;
    assert(ncap > s->index_cap);
    slot_t *ni = calloc(ncap, sizeof *ni);
    if (!ni) {
        fprintf(stderr, "restake: out of memory growing state index\n");
        abort();
    }
    size_t moved = 0;
    for (size_t j = 0; j < s->index_cap; j++) {
        slot_t v = s->index[j];
        if (!v) continue;
        assert(slot_entry(v) <= s->n);
        size_t i = slot_home(v, ncap - 1);
        while (ni[i]) i = (i + 1) & (ncap - 1);
        ni[i] = v;
        moved++;
    }
    assert(moved == s->n); /* every entry is indexed exactly once */
    (void)moved;
    free(s->index);
    s->index = ni;
    s->index_cap = ncap;
}

/* realloc, so large arrays move by remapping pages rather than copying;
 * the entries are shifted only if the new block's alignment slack differs. */
static void resize_entries(rs_state *s, size_t ncap) {
    assert(ncap >= s->n);
    size_t old_off = s->entries_mem ? (size_t)((uint8_t *)s->entries - (uint8_t *)s->entries_mem) : 0;
    void *mem = realloc(s->entries_mem, ncap * sizeof(entry) + 63);
    if (!mem) {
        fprintf(stderr, "restake: out of memory growing the state (%zu entries)\n", ncap);
        abort();
    }
    entry *ne = (entry *)(((uintptr_t)mem + 63) & ~(uintptr_t)63);
    size_t new_off = (size_t)((uint8_t *)ne - (uint8_t *)mem);
    if (new_off != old_off && s->n) memmove(ne, (uint8_t *)mem + old_off, s->n * sizeof *ne);
    s->entries = ne;
    s->entries_mem = mem;
    s->cap = ncap;
}

static void grow_entries(rs_state *s) { resize_entries(s, s->cap ? s->cap * 2 : 256); }

/* Sizes are rounded to the powers of two the growth steps would reach. */
void rs_state_reserve(rs_state *s, size_t n) {
    while (n * 2 > s->index_cap) grow_index(s);
    if (n <= s->cap) return;
    size_t want = s->cap ? s->cap : 256;
    while (want < n) want *= 2;
    resize_entries(s, want);
    assert(s->cap >= n && n * 2 <= s->index_cap);
}

u256 rs_sload(const rs_state *s, const rs_key *k) {
    uint32_t v = slot_entry(s->index[probe(s, k, hash_key(k))]);
    return v ? s->entries[v - 1].val : U256_ZERO;
}

/* Finds k's entry, creating it (value zero) unless val is zero too; returns
 * entry index + 1, or 0 when k is absent and stays absent. */
static uint32_t insert(rs_state *s, const rs_key *k, u256 val) {
    uint64_t h = hash_key(k);
    size_t slot = probe(s, k, h);
    uint32_t v = slot_entry(s->index[slot]);
    if (v == 0) {
        if (u256_is_zero(val)) return 0; /* absent already means zero */
        if ((s->n + 1) * 2 > s->index_cap) {
            grow_index(s);
            slot = probe(s, k, h);
        }
        if (s->n == s->cap) grow_entries(s);
        assert(s->n < s->cap && s->index[slot] == 0);
        entry *e = &s->entries[s->n];
        e->key = *k;
        e->val = U256_ZERO;
        s->index[slot] = slot_make(h, s->n);
        v = rs_u32_from_size(++s->n);
    }
    assert(v >= 1 && v <= s->n && s->n * 2 <= s->index_cap);
    return v;
}

void rs_sstore(rs_state *s, const rs_key *k, u256 val) {
    if (s->readonly) {
        s->violations++;
        return;
    }
    uint32_t v = insert(s, k, val);
    if (v == 0) return;
    entry *e = &s->entries[v - 1];
    if (u256_eq(e->val, val)) return;
    if (s->jlen == s->jcap) {
        s->jcap = s->jcap ? s->jcap * 2 : 256;
        s->journal = xrealloc(s->journal, s->jcap * sizeof *s->journal);
    }
    assert(s->jlen < s->jcap);
    s->journal[s->jlen++] = (undo){v - 1, e->val};
    e->val = val;
}

size_t rs_state_checkpoint(const rs_state *s) { return s->jlen; }

bool rs_state_set_readonly(rs_state *s, bool readonly) {
    bool was = s->readonly;
    s->readonly = readonly;
    return was;
}

size_t rs_state_violations(const rs_state *s) { return s->violations; }

void rs_state_set_violations(rs_state *s, size_t n) { s->violations = n; }

/* A checkpoint past the journal was taken before a commit or belongs to
 * another state: reverting to it would silently undo nothing. */
void rs_state_revert(rs_state *s, size_t checkpoint) {
    assert(checkpoint <= s->jlen);
    while (s->jlen > checkpoint) {
        const undo *u = &s->journal[--s->jlen];
        assert(u->idx < s->n);
        s->entries[u->idx].val = u->old;
    }
    assert(s->jlen == checkpoint);
}

void rs_state_commit(rs_state *s) {
    assert(state_ok(s));
    s->jlen = 0;
}

int rs_state_foreach(const rs_state *s, rs_state_visit cb, void *ctx) {
    for (size_t j = 0; j < s->n; j++) {
        if (u256_is_zero(s->entries[j].val)) continue;
        int r = cb(ctx, &s->entries[j].key, s->entries[j].val);
        if (r) return r;
    }
    return 0;
}

size_t rs_state_count(const rs_state *s) { return s->n; }

static int key_cmp(const void *a, const void *b) {
    const rs_key *x = &(*(const entry *const *)a)->key;
    const rs_key *y = &(*(const entry *const *)b)->key;
    size_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->b, y->b, m);
    if (c) return c;
    return (int)x->len - (int)y->len;
}

rs_b32 rs_state_root(const rs_state *s) {
    const entry **live = malloc((s->n ? s->n : 1) * sizeof *live);
    if (!live) {
        fprintf(stderr, "restake: out of memory computing state root\n");
        abort();
    }
    size_t m = 0;
    for (size_t j = 0; j < s->n; j++)
        if (!u256_is_zero(s->entries[j].val)) live[m++] = &s->entries[j];
    assert(m <= s->n);
    qsort(live, m, sizeof *live, key_cmp);
    rs_keccak_ctx c;
    rs_keccak_init(&c);
    for (size_t j = 0; j < m; j++) {
        uint8_t word[32];
        rs_keccak_update(&c, &live[j]->key.len, 1);
        rs_keccak_update(&c, live[j]->key.b, live[j]->key.len);
        u256_to_be(live[j]->val, word);
        rs_keccak_update(&c, word, 32);
    }
    free(live);
    rs_b32 out;
    rs_keccak_final(&c, out.b);
    return out;
}

/* ---- keys ---- */

_Noreturn void rs_key_overflow(const rs_key *k, size_t n) {
    fprintf(stderr, "restake: state key overflow (%u + %zu bytes)\n", k->len, n);
    abort();
}

extern inline void rs_key_bytes(rs_key *k, const void *p, size_t n);
extern inline rs_key rs_key_ns(uint16_t ns);
extern inline void rs_key_addr(rs_key *k, rs_addr a);
extern inline void rs_key_b32(rs_key *k, rs_b32 x);
extern inline void rs_key_u64(rs_key *k, uint64_t x);

void rs_key_u256(rs_key *k, u256 x) {
    uint8_t be[32];
    u256_to_be(x, be);
    rs_key_bytes(k, be, 32);
}

/* ---- byte strings ---- */

static rs_key chunk_key(const rs_key *k, uint32_t i) {
    rs_key c = *k;
    uint8_t be[4] = {(uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
    rs_key_bytes(&c, be, 4);
    return c;
}

void rs_sstore_bytes(rs_state *s, const rs_key *k, const void *data, size_t len) {
    const uint8_t *p = data;
    rs_key lk = chunk_key(k, 0xffffffffu);
    size_t prev = (size_t)rs_sload_u64(s, &lk);
    rs_sstore_u64(s, &lk, (uint64_t)len);
    size_t chunks = (len + 31) / 32, prev_chunks = (prev + 31) / 32;
    assert(chunks < 0xffffffffu); /* chunk indices stay below the length slot's */
    for (size_t i = 0; i < chunks || i < prev_chunks; i++) {
        uint8_t w[32] = {0};
        if (i < chunks) {
            size_t n = len - i * 32 < 32 ? len - i * 32 : 32;
            memcpy(w, p + i * 32, n);
        }
        rs_key ck = chunk_key(k, (uint32_t)i);
        rs_sstore(s, &ck, u256_from_be(w));
    }
}

size_t rs_sload_bytes(const rs_state *s, const rs_key *k, void *out, size_t cap) {
    rs_key lk = chunk_key(k, 0xffffffffu);
    size_t len = (size_t)rs_sload_u64(s, &lk);
    uint8_t *o = out;
    for (size_t i = 0; i * 32 < len && i * 32 < cap; i++) {
        uint8_t w[32];
        rs_key ck = chunk_key(k, (uint32_t)i);
        u256_to_be(rs_sload(s, &ck), w);
        size_t n = len - i * 32 < 32 ? len - i * 32 : 32;
        if (i * 32 + n > cap) n = cap - i * 32;
        memcpy(o + i * 32, w, n);
    }
    return len;
}
