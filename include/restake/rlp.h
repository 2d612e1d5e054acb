/* RLP (Ethereum's recursive length prefix) with strict canonical decoding:
 * single bytes < 0x80 must not be wrapped, lengths are minimal with no leading
 * zeros, nothing may follow the top-level item. */
#ifndef RESTAKE_RLP_H
#define RESTAKE_RLP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/types.h"

typedef enum {
    RLP_OK = 0,
    RLP_ERR_SHORT,        /* input ends inside an item */
    RLP_ERR_NONCANONICAL, /* a form a canonical encoder never produces */
    RLP_ERR_TRAILING,     /* bytes after the top-level item */
    RLP_ERR_TYPE,         /* list where a string was expected or vice versa */
    RLP_ERR_LIMIT,        /* nesting or item count beyond the caller's limit */
    RLP_ERR_INT,          /* integer with a leading zero byte or too wide */
} rlp_status;

typedef struct rlp_item {
    bool is_list;
    const uint8_t *ptr; /* payload */
    size_t len;
    struct rlp_item *items; /* lists: children (arena) */
    size_t n;
} rlp_item;

const char *rlp_status_str(rlp_status s);
/* Decodes exactly one item spanning all of data; children in the arena. */
RS_MUST_USE rlp_status rlp_decode(rs_arena *a, const uint8_t *data, size_t len, rlp_item *out);
/* Reads a canonical unsigned integer (no leading zero bytes; empty = 0). */
RS_MUST_USE rlp_status rlp_to_u256(const rlp_item *it, u256 *out);
RS_MUST_USE rlp_status rlp_to_u64(const rlp_item *it, uint64_t *out);

/* Encoding. Lists: encode children into a temporary buffer, then wrap. */
void rlp_put_bytes(rs_buf *b, const uint8_t *p, size_t n);
void rlp_put_u256(rs_buf *b, u256 v);
void rlp_put_u64(rs_buf *b, uint64_t v);
void rlp_put_list(rs_buf *b, const uint8_t *payload, size_t n);

#endif
