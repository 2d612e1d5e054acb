/* The AllocationManager's storage over rs_state: raw-byte keys (no hashing),
 * one packed word per struct, and the OpenZeppelin containers. */
#include "protocol/allocation_internal.h"

/* ---- keys ---- */
static void key_id(rs_key *k, uint32_t id) {
    uint8_t b[4] = {(uint8_t)(id >> 24), (uint8_t)(id >> 16), (uint8_t)(id >> 8), (uint8_t)id};
    rs_key_bytes(k, b, 4);
}

rs_key amk_addr(uint16_t ns, rs_addr a) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, a);
    return k;
}

rs_key amk_set(uint16_t ns, am_opset s) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, s.avs);
    key_id(&k, s.id);
    return k;
}

rs_key amk_addr_set(uint16_t ns, rs_addr a, am_opset s) {
    rs_key k = amk_addr(ns, a);
    rs_key_addr(&k, s.avs);
    key_id(&k, s.id);
    return k;
}

rs_key amk_addr_addr(uint16_t ns, rs_addr a, rs_addr b) {
    rs_key k = amk_addr(ns, a);
    rs_key_addr(&k, b);
    return k;
}

rs_key amk_alloc(rs_addr op, am_opset s, rs_addr strategy) {
    rs_key k = amk_addr_set(NS_AM_ALLOCATION, op, s);
    rs_key_addr(&k, strategy);
    return k;
}

u256 am_set_word(am_opset s) {
    u256 w = u256_shl(rs_addr_to_u256(s.avs), 96);
    w.w[0] |= s.id;
    return w;
}

am_opset am_set_from_word(u256 w) {
    am_opset s;
    s.avs = rs_addr_from_u256(u256_shr(w, 96));
    s.id = (uint32_t)w.w[0];
    return s;
}

/* ---- EnumerableSet: length at base‖0, values at base‖1‖i, 1-based
 * positions at base‖2‖value ---- */
static rs_key es_len_key(const rs_key *base) {
    rs_key k = *base;
    uint8_t t = 0;
    rs_key_bytes(&k, &t, 1);
    return k;
}

static rs_key es_at_key(const rs_key *base, uint64_t i) {
    rs_key k = *base;
    uint8_t t = 1;
    rs_key_bytes(&k, &t, 1);
    rs_key_u64(&k, i);
    return k;
}

static rs_key es_pos_key(const rs_key *base, u256 v, unsigned width) {
    rs_key k = *base;
    uint8_t t = 2, be[32];
    rs_key_bytes(&k, &t, 1);
    u256_to_be(v, be);
    rs_key_bytes(&k, be + 32 - width, width);
    return k;
}

uint64_t es_len(const rs_state *st, const rs_key *base) {
    rs_key k = es_len_key(base);
    return rs_sload_u64(st, &k);
}

u256 es_at(const rs_state *st, const rs_key *base, uint64_t i) {
    rs_key k = es_at_key(base, i);
    return rs_sload(st, &k);
}

bool es_contains(const rs_state *st, const rs_key *base, u256 v, unsigned width) {
    rs_key k = es_pos_key(base, v, width);
    return rs_sload_u64(st, &k) != 0;
}

bool es_add(rs_state *st, const rs_key *base, u256 v, unsigned width) {
    rs_key pk = es_pos_key(base, v, width);
    if (rs_sload_u64(st, &pk) != 0) return false;
    rs_key lk = es_len_key(base);
    uint64_t n = rs_sload_u64(st, &lk);
    rs_key ak = es_at_key(base, n);
    rs_sstore(st, &ak, v);
    rs_sstore_u64(st, &lk, n + 1);
    rs_sstore_u64(st, &pk, n + 1);
    return true;
}

/* Swap-and-pop, exactly as OpenZeppelin: the last value moves into the hole. */
bool es_remove(rs_state *st, const rs_key *base, u256 v, unsigned width) {
    rs_key pk = es_pos_key(base, v, width);
    uint64_t pos = rs_sload_u64(st, &pk);
    if (pos == 0) return false;
    rs_key lk = es_len_key(base);
    uint64_t n = rs_sload_u64(st, &lk);
    uint64_t del = pos - 1, last = n - 1;
    rs_key lastk = es_at_key(base, last);
    if (del != last) {
        u256 lv = rs_sload(st, &lastk);
        rs_key dk = es_at_key(base, del);
        rs_sstore(st, &dk, lv);
        rs_key lpk = es_pos_key(base, lv, width);
        rs_sstore_u64(st, &lpk, pos);
    }
    rs_sstore(st, &lastk, U256_ZERO);
    rs_sstore_u64(st, &lk, last);
    rs_sstore(st, &pk, U256_ZERO);
    return true;
}

/* ---- packed structs ---- */
/* Allocation: w0 current, w1 |pendingDiff|, w2 sign (1 = negative), w3 effectBlock. */
am_allocation am_alloc_load(const rs_state *st, rs_addr op, am_opset s, rs_addr strategy) {
    rs_key k = amk_alloc(op, s, strategy);
    u256 v = rs_sload(st, &k);
    am_allocation a = {v.w[0], v.w[2] != 0, v.w[1], (uint32_t)v.w[3]};
    return a;
}

void am_alloc_store(rs_state *st, rs_addr op, am_opset s, rs_addr strategy, am_allocation a) {
    rs_key k = amk_alloc(op, s, strategy);
    u256 v = {{a.current_magnitude, a.diff_abs, (a.diff_negative && a.diff_abs) ? 1u : 0u, a.effect_block}};
    rs_sstore(st, &k, v);
}

am_reg_status am_reg_load(const rs_state *st, rs_addr op, am_opset s) {
    rs_key k = amk_addr_set(NS_AM_REG_STATUS, op, s);
    u256 v = rs_sload(st, &k);
    am_reg_status r = {v.w[0] != 0, (uint32_t)v.w[1]};
    return r;
}

void am_reg_store(rs_state *st, rs_addr op, am_opset s, am_reg_status r) {
    rs_key k = amk_addr_set(NS_AM_REG_STATUS, op, s);
    u256 v = {{r.registered ? 1u : 0u, r.slashable_until, 0, 0}};
    rs_sstore(st, &k, v);
}

am_delay_info am_delay_load(const rs_state *st, rs_addr op) {
    rs_key k = amk_addr(NS_AM_DELAY_INFO, op);
    u256 v = rs_sload(st, &k);
    am_delay_info d = {(uint32_t)v.w[0], v.w[1] != 0, (uint32_t)v.w[2], (uint32_t)v.w[3]};
    return d;
}

void am_delay_store(rs_state *st, rs_addr op, am_delay_info d) {
    rs_key k = amk_addr(NS_AM_DELAY_INFO, op);
    u256 v = {{d.delay, d.is_set ? 1u : 0u, d.pending_delay, d.effect_block}};
    rs_sstore(st, &k, v);
}

am_slasher_params am_slasher_load(const rs_state *st, am_opset s) {
    rs_key k1 = amk_set(NS_AM_SLASHER, s), k2 = amk_set(NS_AM_PENDING_SLASHER, s);
    u256 p = rs_sload(st, &k2);
    am_slasher_params r;
    r.slasher = rs_sload_addr(st, &k1);
    r.effect_block = (uint32_t)p.w[3];
    p.w[3] = 0;
    r.pending_slasher = rs_addr_from_u256(p);
    return r;
}

void am_slasher_store(rs_state *st, am_opset s, am_slasher_params p) {
    rs_key k1 = amk_set(NS_AM_SLASHER, s), k2 = amk_set(NS_AM_PENDING_SLASHER, s);
    u256 v = rs_addr_to_u256(p.pending_slasher);
    v.w[3] = p.effect_block;
    rs_sstore_addr(st, &k1, p.slasher);
    rs_sstore(st, &k2, v);
}

/* ---- max magnitude history: entries (value, block) at [op][strategy][i];
 * the latest value is cached with a presence flag so the hot lookup is one read. ---- */
uint64_t am_maxmag_latest(const rs_state *st, rs_addr op, rs_addr strategy) {
    rs_key k = amk_addr_addr(NS_AM_MAXMAG_LATEST, op, strategy);
    u256 v = rs_sload(st, &k);
    return v.w[1] ? v.w[0] : AM_WAD;
}

static u256 maxmag_entry(const rs_state *st, rs_addr op, rs_addr strategy, uint64_t i) {
    rs_key k = amk_addr_addr(NS_AM_MAXMAG_AT, op, strategy);
    rs_key_u64(&k, i);
    return rs_sload(st, &k);
}

uint64_t am_maxmag_upper_lookup(const rs_state *st, rs_addr op, rs_addr strategy, uint32_t block) {
    rs_key lk = amk_addr_addr(NS_AM_MAXMAG_LEN, op, strategy);
    uint64_t len = rs_sload_u64(st, &lk);
    if (len == 0) return AM_WAD;
    u256 last = maxmag_entry(st, op, strategy, len - 1);
    if (last.w[1] <= block) return last.w[0];
    uint64_t low = 0, high = len - 1; /* the last entry is known to be above */
    while (low < high) {
        uint64_t mid = (low & high) + ((low ^ high) >> 1);
        if (maxmag_entry(st, op, strategy, mid).w[1] > block)
            high = mid;
        else
            low = mid + 1;
    }
    return high == 0 ? AM_WAD : maxmag_entry(st, op, strategy, high - 1).w[0];
}

/* Keys only grow (block numbers), so the ordering check of Snapshots never fails. */
void am_maxmag_push(rs_state *st, rs_addr op, rs_addr strategy, uint32_t block, uint64_t value) {
    rs_key lk = amk_addr_addr(NS_AM_MAXMAG_LEN, op, strategy);
    uint64_t len = rs_sload_u64(st, &lk);
    u256 entry = {{value, block, 1, 0}};
    uint64_t idx = len;
    if (len > 0 && maxmag_entry(st, op, strategy, len - 1).w[1] == block) idx = len - 1;
    rs_key ek = amk_addr_addr(NS_AM_MAXMAG_AT, op, strategy);
    rs_key_u64(&ek, idx);
    rs_sstore(st, &ek, entry);
    if (idx == len) rs_sstore_u64(st, &lk, len + 1);
    rs_key latest = amk_addr_addr(NS_AM_MAXMAG_LATEST, op, strategy);
    u256 lv = {{value, 1, 0, 0}};
    rs_sstore(st, &latest, lv);
}

uint64_t am_encumbered_load(const rs_state *st, rs_addr op, rs_addr strategy) {
    rs_key k = amk_addr_addr(NS_AM_ENCUMBERED, op, strategy);
    return rs_sload_u64(st, &k);
}

void am_encumbered_store(rs_state *st, rs_addr op, rs_addr strategy, uint64_t v) {
    rs_key k = amk_addr_addr(NS_AM_ENCUMBERED, op, strategy);
    rs_sstore_u64(st, &k, v);
}

/* ---- deallocation queue: (begin, end) at [op][strategy], keys at [op][strategy][i] ---- */
static rs_key dq_slot(rs_addr op, rs_addr strategy, uint64_t i) {
    rs_key k = amk_addr_addr(NS_AM_DEALLOC_Q_AT, op, strategy);
    rs_key_u64(&k, i);
    return k;
}

uint64_t am_dq_len(const rs_state *st, rs_addr op, rs_addr strategy) {
    rs_key k = amk_addr_addr(NS_AM_DEALLOC_Q, op, strategy);
    u256 v = rs_sload(st, &k);
    return v.w[1] - v.w[0];
}

am_opset am_dq_at(const rs_state *st, rs_addr op, rs_addr strategy, uint64_t i) {
    rs_key k = amk_addr_addr(NS_AM_DEALLOC_Q, op, strategy);
    u256 v = rs_sload(st, &k);
    rs_key sk = dq_slot(op, strategy, v.w[0] + i);
    return am_set_from_word(rs_sload(st, &sk));
}

void am_dq_push_back(rs_state *st, rs_addr op, rs_addr strategy, am_opset s) {
    rs_key k = amk_addr_addr(NS_AM_DEALLOC_Q, op, strategy);
    u256 v = rs_sload(st, &k);
    rs_key sk = dq_slot(op, strategy, v.w[1]);
    rs_sstore(st, &sk, am_set_word(s));
    v.w[1]++;
    rs_sstore(st, &k, v);
}

void am_dq_pop_front(rs_state *st, rs_addr op, rs_addr strategy) {
    rs_key k = amk_addr_addr(NS_AM_DEALLOC_Q, op, strategy);
    u256 v = rs_sload(st, &k);
    rs_key sk = dq_slot(op, strategy, v.w[0]);
    rs_sstore(st, &sk, U256_ZERO);
    v.w[0]++;
    rs_sstore(st, &k, v);
}

/* ---- event data words ---- */
uint8_t *am_w_addr(uint8_t *p, rs_addr a) {
    memset(p, 0, 12);
    memcpy(p + 12, a.b, 20);
    return p + 32;
}

uint8_t *am_w_u64(uint8_t *p, uint64_t v) {
    memset(p, 0, 24);
    for (int i = 0; i < 8; i++) p[24 + i] = (uint8_t)(v >> (56 - 8 * i));
    return p + 32;
}

uint8_t *am_w_set(uint8_t *p, am_opset s) {
    p = am_w_addr(p, s.avs);
    return am_w_u64(p, s.id);
}
