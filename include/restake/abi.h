/* Ethereum ABI codec (static and dynamic types, nested tuples and arrays).
 *
 * Types are parsed from canonical type strings ("uint256", "address[]",
 * "(address,uint32)[]", "(address,(bytes,uint256),bytes32)"). Decoding is
 * strict in exactly the ways Solidity's ABI decoder v2 is: short data,
 * offsets or lengths pointing outside the data, and values with dirty high
 * bits for address/bool/uintN/intN/bytesN are rejected with a precise error;
 * like Solidity, trailing bytes after the encoding are accepted. */
#ifndef RESTAKE_ABI_H
#define RESTAKE_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/types.h"
#include "restake/limits.h"

typedef enum {
    ABI_UINT,   /* uintN: value in .word */
    ABI_INT,    /* intN: two's complement in .word (sign-extended to 256 bits) */
    ABI_ADDRESS,/* .word holds the uint160 */
    ABI_BOOL,   /* .word is 0 or 1 */
    ABI_BYTESN, /* bytesN: .word holds the 32-byte word (left-aligned bytes) */
    ABI_BYTES,  /* .ptr/.len */
    ABI_STRING, /* .ptr/.len (UTF-8 not validated, as Solidity) */
    ABI_ARRAY,  /* T[]: .items/.n */
    ABI_FARRAY, /* T[k]: .items/.n == k */
    ABI_TUPLE   /* (T1,...,Tn): .items/.n */
} abi_kind;

typedef struct abi_type {
    abi_kind kind;
    uint16_t bits;   /* uintN/intN: N; bytesN: N (bytes) */
    uint32_t count;  /* ABI_FARRAY length; ABI_TUPLE arity */
    const struct abi_type *elem;     /* arrays */
    const struct abi_type *const *fields; /* tuples */
    /* Filled in by the parser once the type is complete, because decoding
     * asks for both on every value; a type built by hand leaves props_known
     * zero and they are computed on demand instead. */
    bool props_known;
    bool dynamic;      /* abi_type_is_dynamic, when props_known */
    size_t head_bytes; /* abi_type_head_size, when props_known */
} abi_type;

typedef struct abi_val {
    abi_kind kind;
    u256 word;
    const uint8_t *ptr; /* bytes/string: points into the decoded input */
    size_t len;
    struct abi_val *items;
    size_t n;
} abi_val;

typedef enum {
    ABI_OK = 0,
    ABI_ERR_TYPE,        /* malformed type string */
    ABI_ERR_SHORT,       /* data ends before a head or tail */
    ABI_ERR_OFFSET,      /* offset outside the data or not 32-byte addressable */
    ABI_ERR_LENGTH,      /* length field too large for the data */
    ABI_ERR_DIRTY,       /* high bits set in a narrower type */
    ABI_ERR_BOOL,        /* bool not 0/1 */
    ABI_ERR_LIMIT,       /* nesting depth, element count or arena limit */
} abi_status;

typedef struct {
    abi_status status;
    size_t offset;   /* byte offset in the data where it failed */
    char msg[128];   /* human-readable, e.g. "offset 0x20: address has dirty high bits" */
} abi_error;

/* Parses a type string; types are allocated in the arena. */
RS_MUST_USE abi_status abi_type_parse(rs_arena *a, const char *s, size_t len, const abi_type **out);
/* Parses the parameter list of a function signature "name(T1,...,Tn)" into a tuple type. */
RS_MUST_USE abi_status abi_signature_params(rs_arena *a, const char *sig, const abi_type **out);

/* Decodes data as the encoding of t (for a function's arguments: t is the tuple
 * of parameters and data is the calldata after the selector). */
RS_MUST_USE abi_status abi_decode(rs_arena *a, const abi_type *t, const uint8_t *data, size_t len,
                      abi_val *out, abi_error *err);
/* Appends the encoding of v (of type t) to out. */
void abi_encode(rs_buf *out, const abi_type *t, const abi_val *v);

/* Accessors for decoded values. */
static inline rs_addr abi_addr(const abi_val *v) { return rs_addr_from_u256(v->word); }
static inline u256 abi_u256(const abi_val *v) { return v->word; }
static inline uint64_t abi_u64(const abi_val *v) { return v->word.w[0]; }
static inline bool abi_bool(const abi_val *v) { return v->word.w[0] != 0; }
static inline rs_b32 abi_b32(const abi_val *v) { return rs_b32_from_u256(v->word); }
/* bytes4 (function selector) as a big-endian integer. */
static inline uint32_t abi_bytes4(const abi_val *v) { return (uint32_t)(v->word.w[3] >> 32); }

/* Value builders for encoding (arena-allocated arrays/tuples). */
abi_val abi_v_word(abi_kind k, u256 w);
abi_val abi_v_addr(rs_addr a);
abi_val abi_v_bytes(abi_kind k, const uint8_t *p, size_t len);
abi_val abi_v_list(rs_arena *a, abi_kind k, size_t n); /* items zeroed, to fill */

/* ---- Added by the base layer (helpers for contracts, tests and fuzzers). ---- */


/* True for bytes, string, T[] and tuples / T[k] containing a dynamic type. */
bool abi_type_is_dynamic(const abi_type *t);
/* Bytes t occupies in its enclosing head: 32 for a dynamic type, else its whole
 * static encoding (saturating at SIZE_MAX for absurd fixed arrays). */
size_t abi_type_head_size(const abi_type *t);
/* Canonical type string, e.g. "(address,uint256)[]". Writes at most cap - 1
 * characters and a NUL (when cap > 0); returns the full length. */
size_t abi_type_str(const abi_type *t, char *out, size_t cap);
/* Deep equality of two values of type t. */
bool abi_val_eq(const abi_type *t, const abi_val *x, const abi_val *y);
/* Note: abi_decode / abi_encode of a non-tuple type T treat the data as the
 * one-element tuple (T), like abi.decode(data, (T)) / abi.encode(x). */

/* Copies of a decoded address[] or uint256[] as plain arrays (rs_xcalloc'd,
 * v->n elements; free them). */
rs_addr *abi_addr_array(const abi_val *v);
u256 *abi_word_array(const abi_val *v);

#endif
