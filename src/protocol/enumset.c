#include "protocol/enumset.h"

enum { TAG_LEN = 'L', TAG_VALUE = 'V', TAG_POS = 'P', TAG_MAPVAL = 'M' };

static rs_key tagged(const rs_key *base, uint8_t tag) {
    assert(base->len <= RS_KEY_MAX - 33); /* room for the tag and a word */
    rs_key k = *base;
    rs_key_bytes(&k, &tag, 1);
    return k;
}

static rs_key value_key(const rs_key *base, size_t i) {
    rs_key k = tagged(base, TAG_VALUE);
    rs_key_u64(&k, (uint64_t)i);
    return k;
}

static rs_key word_key(const rs_key *base, uint8_t tag, u256 v) {
    rs_key k = tagged(base, tag);
    rs_key_u256(&k, v);
    return k;
}

size_t enumset_len(const rs_state *st, const rs_key *base) {
    rs_key k = tagged(base, TAG_LEN);
    return (size_t)rs_sload_u64(st, &k);
}

u256 enumset_at(const rs_state *st, const rs_key *base, size_t i) {
    rs_key k = value_key(base, i);
    return rs_sload(st, &k);
}

bool enumset_contains(const rs_state *st, const rs_key *base, u256 v) {
    rs_key k = word_key(base, TAG_POS, v);
    return !u256_is_zero(rs_sload(st, &k));
}

bool enumset_add(rs_state *st, const rs_key *base, u256 v) {
    if (enumset_contains(st, base, v)) return false;
    size_t n = enumset_len(st, base);
    rs_key vk = value_key(base, n);
    rs_sstore(st, &vk, v);
    rs_key pk = word_key(base, TAG_POS, v);
    rs_sstore_u64(st, &pk, (uint64_t)n + 1);
    rs_key lk = tagged(base, TAG_LEN);
    rs_sstore_u64(st, &lk, (uint64_t)n + 1);
    assert(enumset_contains(st, base, v) && u256_eq(enumset_at(st, base, n), v));
    return true;
}

bool enumset_remove(rs_state *st, const rs_key *base, u256 v) {
    rs_key pk = word_key(base, TAG_POS, v);
    uint64_t pos = rs_sload_u64(st, &pk);
    if (pos == 0) return false;
    size_t n = enumset_len(st, base);
    assert(pos <= n && u256_eq(enumset_at(st, base, (size_t)pos - 1), v)); /* position and value agree */
    size_t idx = (size_t)pos - 1, last = n - 1;
    if (idx != last) {
        u256 moved = enumset_at(st, base, last);
        rs_key vk = value_key(base, idx);
        rs_sstore(st, &vk, moved);
        rs_key mk = word_key(base, TAG_POS, moved);
        rs_sstore_u64(st, &mk, pos);
    }
    rs_key lastk = value_key(base, last);
    rs_sstore(st, &lastk, U256_ZERO);
    rs_sstore(st, &pk, U256_ZERO);
    rs_key lk = tagged(base, TAG_LEN);
    rs_sstore_u64(st, &lk, (uint64_t)last);
    assert(!enumset_contains(st, base, v));
    return true;
}

bool enummap_set(rs_state *st, const rs_key *base, u256 key, u256 value) {
    rs_key k = word_key(base, TAG_MAPVAL, key);
    rs_sstore(st, &k, value);
    return enumset_add(st, base, key);
}

bool enummap_get(const rs_state *st, const rs_key *base, u256 key, u256 *value) {
    rs_key k = word_key(base, TAG_MAPVAL, key);
    *value = rs_sload(st, &k);
    return enumset_contains(st, base, key);
}

bool enummap_remove(rs_state *st, const rs_key *base, u256 key) {
    rs_key k = word_key(base, TAG_MAPVAL, key);
    rs_sstore(st, &k, U256_ZERO);
    return enumset_remove(st, base, key);
}
