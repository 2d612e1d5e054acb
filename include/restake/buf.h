/* Growable byte buffer and a bump arena: the two allocation patterns of the codebase. */
#ifndef RESTAKE_BUF_H
#define RESTAKE_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "restake/types.h"

typedef struct {
    uint8_t *p;
    size_t len, cap;
} rs_buf;

void rs_buf_init(rs_buf *b);
void rs_buf_free(rs_buf *b);
static inline void rs_buf_reset(rs_buf *b) { b->len = 0; }
/* Appends; aborts on out-of-memory (requests are size-limited long before). */
void rs_buf_put(rs_buf *b, const void *p, size_t n);
void rs_buf_zeros(rs_buf *b, size_t n);
/* One 32-byte ABI word. */
void rs_buf_word(rs_buf *b, u256 v);
void rs_buf_word_addr(rs_buf *b, rs_addr a);
void rs_buf_word_b32(rs_buf *b, rs_b32 x);
static inline void rs_buf_word_u64(rs_buf *b, uint64_t v) { rs_buf_word(b, u256_from_u64(v)); }
static inline void rs_buf_word_bool(rs_buf *b, int v) { rs_buf_word(b, u256_from_u64(v ? 1 : 0)); }
/* ABI tail of a bytes or string value: length word, the bytes, zero padding
 * to a whole word. */
void rs_buf_abi_bytes(rs_buf *b, const void *p, size_t n);
/* The whole ABI encoding of one bytes or string value (offset word 32, then
 * its tail): a string return value or a string-only event data. */
void rs_buf_abi_lone_bytes(rs_buf *b, const void *p, size_t n);
/* Overwrites the word at byte offset off (must already exist). */
void rs_buf_set_word(rs_buf *b, size_t off, u256 v);

/* Bump allocator: many small allocations freed together. Blocks are chained;
 * rs_arena_reset keeps the first block for reuse. */
typedef struct rs_arena_block rs_arena_block;
typedef struct {
    rs_arena_block *head;
    size_t used_total;
    size_t limit; /* 0 = unlimited; rs_arena_alloc returns NULL beyond it */
} rs_arena;

void rs_arena_init(rs_arena *a, size_t limit);
void rs_arena_free(rs_arena *a);
void rs_arena_reset(rs_arena *a);
/* 16-byte aligned, zeroed; NULL when the limit would be exceeded. */
void *rs_arena_alloc(rs_arena *a, size_t n);

/* calloc that aborts on exhaustion and never returns NULL for n == 0: for
 * arrays sized by already-validated input. */
void *rs_xcalloc(size_t n, size_t size);

#endif
