/* OpenZeppelin EnumerableSet / EnumerableMap over the journaled state, with
 * their exact ordering: add appends, remove moves the last element into the
 * removed slot. Values are words (bytes32, address or uint256 alike). A set
 * lives under a base key; its entries are tagged extensions of that key, so
 * keep the base at most RS_KEY_MAX - 33 bytes (hash longer keys first). */
#ifndef RESTAKE_PROTOCOL_ENUMSET_H
#define RESTAKE_PROTOCOL_ENUMSET_H

#include <stdbool.h>
#include <stddef.h>

#include "restake/state.h"

size_t enumset_len(const rs_state *st, const rs_key *base);
u256 enumset_at(const rs_state *st, const rs_key *base, size_t i);
bool enumset_contains(const rs_state *st, const rs_key *base, u256 v);
/* true when v was not present (and is now appended). */
bool enumset_add(rs_state *st, const rs_key *base, u256 v);
/* true when v was present (and is now removed). */
bool enumset_remove(rs_state *st, const rs_key *base, u256 v);

/* EnumerableMap (AddressToUint and alike): the keys are an enumset. */
bool enummap_set(rs_state *st, const rs_key *base, u256 key, u256 value);
/* tryGet: false (and *value = 0) when absent. */
bool enummap_get(const rs_state *st, const rs_key *base, u256 key, u256 *value);
bool enummap_remove(rs_state *st, const rs_key *base, u256 key);

#endif
