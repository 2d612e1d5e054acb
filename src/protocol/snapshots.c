#include "protocol/snapshots.h"

static rs_key len_key(const rs_key *base) {
    rs_key k = *base;
    rs_key_u64(&k, UINT64_MAX);
    return k;
}

static rs_key entry_key(const rs_key *base, uint64_t i) {
    rs_key k = *base;
    rs_key_u64(&k, i);
    return k;
}

static u256 pack(uint32_t key, u256 value) {
    /* Shifting left by 32 drops the bits above 224: the uint224 cast. */
    return u256_or(u256_shl(value, 32), u256_from_u64(key));
}

uint64_t snap_length(const rs_state *st, const rs_key *base) {
    rs_key k = len_key(base);
    return rs_sload_u64(st, &k);
}

void snap_at(const rs_state *st, const rs_key *base, uint64_t i, uint32_t *key, u256 *value) {
    rs_key k = entry_key(base, i);
    u256 w = rs_sload(st, &k);
    if (key) *key = (uint32_t)w.w[0];
    if (value) *value = u256_shr(w, 32);
}

int snap_push(rs_env *e, const rs_key *base, uint32_t key, u256 value) {
    uint64_t n = snap_length(e->st, base);
    if (n > 0) {
        uint32_t last;
        snap_at(e->st, base, n - 1, &last, NULL);
        if (last > key) return rs_revert(e, "InvalidSnapshotOrdering()");
        if (last == key) {
            rs_key k = entry_key(base, n - 1);
            rs_sstore(e->st, &k, pack(key, value));
            return RS_OK;
        }
    }
    assert(n < UINT64_MAX); /* the length slot's key is index UINT64_MAX */
    rs_key k = entry_key(base, n);
    rs_sstore(e->st, &k, pack(key, value));
    rs_key lk = len_key(base);
    rs_sstore_u64(e->st, &lk, n + 1);
    assert(snap_length(e->st, base) == n + 1);
    return RS_OK;
}

u256 snap_upper_lookup(const rs_state *st, const rs_key *base, uint32_t key, u256 dflt) {
    uint64_t low = 0, high = snap_length(st, base);
    while (low < high) {
        uint64_t mid = (low & high) + ((low ^ high) >> 1);
        uint32_t k;
        snap_at(st, base, mid, &k, NULL);
        if (k > key)
            high = mid;
        else
            low = mid + 1;
    }
    assert(low == high); /* high is the first entry above key */
    if (high == 0) return dflt;
    u256 v;
    snap_at(st, base, high - 1, NULL, &v);
    return v;
}

u256 snap_latest(const rs_state *st, const rs_key *base, u256 dflt) {
    uint64_t n = snap_length(st, base);
    if (n == 0) return dflt;
    u256 v;
    snap_at(st, base, n - 1, NULL, &v);
    return v;
}
