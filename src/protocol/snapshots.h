/* Snapshots (OpenZeppelin Checkpoints, trimmed): a history of (uint32 key,
 * uint224 value) pairs with non-decreasing keys, stored in rs_state under a
 * caller-chosen key prefix `base` (e.g. NS ‖ operator ‖ strategy):
 *   base ‖ u64(UINT64_MAX) → length
 *   base ‖ u64(i)          → entry i packed as Solidity packs the struct:
 *                            key in the low 32 bits, value in the 224 above.
 * Two flavours differ only in the value read from an empty history:
 * DefaultWadHistory (1e18, uint64 values) and DefaultZeroHistory (0). */
#ifndef RESTAKE_PROTOCOL_SNAPSHOTS_H
#define RESTAKE_PROTOCOL_SNAPSHOTS_H

#include <stdint.h>

#include "restake/env.h"
#include "restake/state.h"

uint64_t snap_length(const rs_state *st, const rs_key *base);
/* Appends, or overwrites the last entry when its key equals `key`; value is
 * truncated to 224 bits (the library's uint224 cast). Reverts
 * InvalidSnapshotOrdering() when key is below the last key. */
RS_MUST_USE int snap_push(rs_env *e, const rs_key *base, uint32_t key, u256 value);
/* Value of the last entry with key <= `key`, or dflt. */
u256 snap_upper_lookup(const rs_state *st, const rs_key *base, uint32_t key, u256 dflt);
/* Value of the last entry, or dflt. */
u256 snap_latest(const rs_state *st, const rs_key *base, u256 dflt);
/* Entry i (i < length): key and value. */
void snap_at(const rs_state *st, const rs_key *base, uint64_t i, uint32_t *key, u256 *value);

/* DefaultWadHistory (AllocationManager max magnitudes). */
static inline int snap_wad_push(rs_env *e, const rs_key *base, uint32_t key, uint64_t v) {
    return snap_push(e, base, key, u256_from_u64(v));
}
static inline uint64_t snap_wad_upper_lookup(const rs_state *st, const rs_key *base, uint32_t key) {
    return snap_upper_lookup(st, base, key, u256_from_u64(1000000000000000000ULL)).w[0];
}
static inline uint64_t snap_wad_latest(const rs_state *st, const rs_key *base) {
    return snap_latest(st, base, u256_from_u64(1000000000000000000ULL)).w[0];
}
/* DefaultZeroHistory (DelegationManager cumulative scaled shares). */
static inline int snap_zero_push(rs_env *e, const rs_key *base, uint32_t key, u256 v) {
    return snap_push(e, base, key, v);
}
static inline u256 snap_zero_upper_lookup(const rs_state *st, const rs_key *base, uint32_t key) {
    return snap_upper_lookup(st, base, key, U256_ZERO);
}
static inline u256 snap_zero_latest(const rs_state *st, const rs_key *base) {
    return snap_latest(st, base, U256_ZERO);
}

#endif
