/* rs_buf: geometric growth so appending n bytes one word at a time stays O(n).
 * rs_arena: chained blocks so decoded values can point at each other and be
 * released together; an optional byte limit bounds what untrusted input can
 * make us allocate. */
#include "restake/buf.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/limits.h"

static void die_oom(size_t n) {
    fprintf(stderr, "restake: out of memory allocating %zu bytes\n", n);
    abort();
}

void rs_buf_init(rs_buf *b) {
    b->p = NULL;
    b->len = b->cap = 0;
}

void rs_buf_free(rs_buf *b) {
    free(b->p);
    rs_buf_init(b);
}

/* Makes room for n more bytes and returns where they go. */
static uint8_t *buf_extend(rs_buf *b, size_t n) {
    assert(b->len <= b->cap && (b->p != NULL || b->cap == 0));
    if (n > SIZE_MAX - b->len) die_oom(SIZE_MAX);
    size_t need = b->len + n;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        uint8_t *p = realloc(b->p, cap);
        if (!p) die_oom(cap);
        b->p = p;
        b->cap = cap;
    }
    uint8_t *at = b->p + b->len;
    b->len = need;
    assert(b->len <= b->cap && b->p != NULL);
    return at;
}

void rs_buf_put(rs_buf *b, const void *p, size_t n) {
    if (n == 0) return;
    assert(p != NULL);
    memcpy(buf_extend(b, n), p, n);
}

void rs_buf_zeros(rs_buf *b, size_t n) {
    if (n == 0) return;
    memset(buf_extend(b, n), 0, n);
}

/* One swapped store per limb: every returned and logged word passes here. */
static inline void store_be64(uint8_t *p, uint64_t w) {
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    memcpy(p, &w, 8);
}

/* Big-endian word written limb by limb: this file must not need u256.c. */
static void word_to_be(u256 v, uint8_t out[32]) {
    store_be64(out, v.w[3]);
    store_be64(out + 8, v.w[2]);
    store_be64(out + 16, v.w[1]);
    store_be64(out + 24, v.w[0]);
}

void rs_buf_word(rs_buf *b, u256 v) { word_to_be(v, buf_extend(b, 32)); }

void rs_buf_word_addr(rs_buf *b, rs_addr a) {
    uint8_t *w = buf_extend(b, 32);
    memset(w, 0, 12);
    memcpy(w + 12, a.b, 20);
}

void rs_buf_word_b32(rs_buf *b, rs_b32 x) { memcpy(buf_extend(b, 32), x.b, 32); }

void rs_buf_set_word(rs_buf *b, size_t off, u256 v) {
    if (off > b->len || b->len - off < 32) {
        fprintf(stderr, "restake: rs_buf_set_word at %zu beyond length %zu\n", off, b->len);
        abort();
    }
    word_to_be(v, b->p + off);
}

/* ---- arena ---- */

#define ARENA_ALIGN 16

struct rs_arena_block {
    rs_arena_block *next; /* the previously filled block */
    size_t size, used;
    _Alignas(ARENA_ALIGN) uint8_t data[];
};

void rs_arena_init(rs_arena *a, size_t limit) {
    a->head = NULL;
    a->used_total = 0;
    a->limit = limit;
}

void rs_arena_free(rs_arena *a) {
    rs_arena_block *b = a->head;
    while (b) {
        rs_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used_total = 0;
}

void rs_arena_reset(rs_arena *a) {
    rs_arena_block *b = a->head;
    if (!b) return;
    while (b->next) {
        rs_arena_block *next = b->next;
        free(b);
        b = next;
    }
    b->used = 0;
    a->head = b;
    a->used_total = 0;
    assert(a->head->next == NULL);
}

static rs_arena_block *arena_grow(rs_arena *a, size_t n) {
    size_t size = a->head ? a->head->size * 2 : RS_ARENA_BLOCK_FIRST;
    if (size > RS_ARENA_BLOCK_MAX) size = RS_ARENA_BLOCK_MAX;
    if (size < n) size = n;
    if (size > SIZE_MAX - sizeof(rs_arena_block)) return NULL;
    assert(size >= n);
    rs_arena_block *b = malloc(sizeof(rs_arena_block) + size);
    if (!b) die_oom(size);
    b->size = size;
    b->used = 0;
    b->next = a->head;
    a->head = b;
    return b;
}

void *rs_arena_alloc(rs_arena *a, size_t n) {
    if (n == 0) n = 1;
    if (n > SIZE_MAX - ARENA_ALIGN) return NULL;
    n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (a->limit && (n > a->limit || a->used_total > a->limit - n)) return NULL;
    rs_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        b = arena_grow(a, n);
        if (!b) return NULL;
    }
    assert(b->size - b->used >= n && n % ARENA_ALIGN == 0);
    void *p = b->data + b->used;
    b->used += n;
    a->used_total += n;
    assert(a->limit == 0 || a->used_total <= a->limit);
    memset(p, 0, n);
    return p;
}

void *rs_xcalloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "restake: out of memory (%zu x %zu bytes)\n", n, size);
        abort();
    }
    return p;
}

void rs_buf_abi_bytes(rs_buf *b, const void *p, size_t n) {
    size_t start = b->len;
    rs_buf_word_u64(b, n);
    rs_buf_put(b, p, n);
    rs_buf_zeros(b, (32 - n % 32) % 32);
    assert((b->len - start) % 32 == 0); /* ABI data stays word-aligned */
    (void)start;
}

void rs_buf_abi_lone_bytes(rs_buf *b, const void *p, size_t n) {
    rs_buf_word_u64(b, 32);
    rs_buf_abi_bytes(b, p, n);
}
