/* The world state: a journaled key → 32-byte-word store.
 *
 * Every piece of protocol state lives here, the way contract storage lives in
 * EVM slots: a key is a namespace (one per mapping/variable of a contract)
 * followed by the mapping's key parts; a value is one u256. A word of zero is
 * the same as absent. Every write is journaled, so a reverted call is undone
 * exactly (rs_state_revert), which is how Solidity's "a revert changes
 * nothing" is reproduced without each function checking before it writes.
 *
 * Entries live in an append-only array (insertion order is deterministic and
 * stable across resizes); a separate open-addressed index finds them. */
#ifndef RESTAKE_STATE_H
#define RESTAKE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/types.h"
#include "restake/limits.h"


typedef struct {
    uint8_t len;
    uint8_t b[RS_KEY_MAX];
} rs_key;

typedef struct rs_state rs_state;

rs_state *rs_state_new(void);
void rs_state_free(rs_state *s);
/* Deep copy (journal not copied); NULL on allocation failure. */
rs_state *rs_state_clone(const rs_state *s);

u256 rs_sload(const rs_state *s, const rs_key *k);
void rs_sstore(rs_state *s, const rs_key *k, u256 v);

/* Journal: a checkpoint is the journal length; revert undoes every write made
 * after it; commit forgets the journal (after the outermost call ends). */
size_t rs_state_checkpoint(const rs_state *s);
void rs_state_revert(rs_state *s, size_t checkpoint);
void rs_state_commit(rs_state *s);
/* Read-only mode, for static call frames: rs_sstore changes nothing and
 * counts a violation instead, which the call router turns into a revert.
 * Returns the previous mode. */
bool rs_state_set_readonly(rs_state *s, bool readonly);
size_t rs_state_violations(const rs_state *s);
/* The router puts the count back when a frame ends, so a parent frame sees
 * only the refusals of its own code. */
void rs_state_set_violations(rs_state *s, size_t n);

/* Iteration over every entry ever written, in first-write order. Entries whose
 * value is zero are skipped. Return nonzero from cb to stop. */
typedef int (*rs_state_visit)(void *ctx, const rs_key *k, u256 v);
int rs_state_foreach(const rs_state *s, rs_state_visit cb, void *ctx);
size_t rs_state_count(const rs_state *s); /* entries incl. zero-valued */

/* Makes room for n entries in total, so that many can be written without the
 * entry array or the index growing (each growth copies or rehashes all). */
void rs_state_reserve(rs_state *s, size_t n);

/* keccak256 over the non-zero entries sorted by key: (len ‖ key ‖ value) each. */
rs_b32 rs_state_root(const rs_state *s);

/* ---- key building ----
 * rs_key k = rs_key_ns(NS_SM_DEPOSIT_SHARES); rs_key_addr(&k, staker); rs_key_addr(&k, strategy);
 * Appending past RS_KEY_MAX aborts (a programming error, never input-driven).
 * Keys are built on every storage access, so the builders are inline (C99
 * inline: state.c holds the one external definition of each). */
_Noreturn void rs_key_overflow(const rs_key *k, size_t n);

inline void rs_key_bytes(rs_key *k, const void *p, size_t n) {
    if ((size_t)k->len + n > RS_KEY_MAX) rs_key_overflow(k, n);
    memcpy(k->b + k->len, p, n);
    k->len = (uint8_t)(k->len + n);
}

inline rs_key rs_key_ns(uint16_t ns) {
    rs_key k;
    k.len = 2;
    k.b[0] = (uint8_t)(ns >> 8);
    k.b[1] = (uint8_t)ns;
    return k;
}

inline void rs_key_addr(rs_key *k, rs_addr a) { rs_key_bytes(k, a.b, 20); }
inline void rs_key_b32(rs_key *k, rs_b32 x) { rs_key_bytes(k, x.b, 32); }

inline void rs_key_u64(rs_key *k, uint64_t x) {
    uint8_t be[8];
    for (int i = 0; i < 8; i++) be[i] = (uint8_t)(x >> (56 - 8 * i));
    rs_key_bytes(k, be, 8);
}

void rs_key_u256(rs_key *k, u256 x);

/* Byte strings (token names, symbols, ...): the length at k ‖ 0xffffffff, the
 * bytes in 32-byte chunks at k ‖ index. Reading copies at most cap bytes and
 * returns the stored length. */
void rs_sstore_bytes(rs_state *s, const rs_key *k, const void *data, size_t len);
size_t rs_sload_bytes(const rs_state *s, const rs_key *k, void *out, size_t cap);

/* Convenience typed accessors. */
static inline bool rs_sload_bool(const rs_state *s, const rs_key *k) { return !u256_is_zero(rs_sload(s, k)); }
static inline void rs_sstore_bool(rs_state *s, const rs_key *k, bool v) { rs_sstore(s, k, v ? U256_ONE : U256_ZERO); }
static inline rs_addr rs_sload_addr(const rs_state *s, const rs_key *k) { return rs_addr_from_u256(rs_sload(s, k)); }
static inline void rs_sstore_addr(rs_state *s, const rs_key *k, rs_addr a) { rs_sstore(s, k, rs_addr_to_u256(a)); }
static inline uint64_t rs_sload_u64(const rs_state *s, const rs_key *k) { return rs_sload(s, k).w[0]; }
static inline void rs_sstore_u64(rs_state *s, const rs_key *k, uint64_t v) { rs_sstore(s, k, u256_from_u64(v)); }

#endif
