/* ERC20Votes of EIGEN and bEIGEN: delegation and checkpoints. */
#include "protocol/eigen_votes.h"

#include "protocol/eigen_token.h"

enum { LIST_VOTES = 0, LIST_SUPPLY = 1 };

static rs_key list_key(uint16_t ns, rs_addr token, unsigned list, rs_addr account) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, token);
    uint8_t l = (uint8_t)list;
    rs_key_bytes(&k, &l, 1);
    rs_key_addr(&k, account);
    return k;
}

static uint64_t count_of(rs_env *e, rs_addr token, unsigned list, rs_addr account) {
    rs_key k = list_key(NS_ETV_COUNT, token, list, account);
    return rs_sload_u64(e->st, &k);
}

static rs_key ckpt_key(rs_addr token, unsigned list, rs_addr account, uint64_t i) {
    rs_key k = list_key(NS_ETV_CKPT, token, list, account);
    rs_key_u64(&k, i);
    return k;
}

/* A checkpoint: fromBlock (a timestamp here) in the top 32 bits, votes below. */
static void ckpt_read(rs_env *e, rs_addr token, unsigned list, rs_addr account, uint64_t i, uint32_t *from, u256 *votes) {
    rs_key k = ckpt_key(token, list, account, i);
    u256 v = rs_sload(e->st, &k);
    *from = (uint32_t)u256_shr(v, 224).w[0];
    *votes = u256_and(v, u256_shr(U256_MAX, 32));
}

static void ckpt_write(rs_env *e, rs_addr token, unsigned list, rs_addr account, uint64_t i, uint32_t from, u256 votes) {
    rs_key k = ckpt_key(token, list, account, i);
    rs_sstore(e->st, &k, u256_or(u256_shl(u256_from_u64(from), 224), votes));
}

/* _writeCheckpoint: add or subtract delta from the latest value (checked),
 * updating the latest checkpoint when it is of this clock() tick. */
static int write_checkpoint(rs_env *e, rs_addr token, unsigned list, rs_addr account, bool add, u256 delta,
                            u256 *old_out, u256 *new_out) {
    uint64_t n = count_of(e, token, list, account);
    uint32_t last_from = 0;
    u256 old = U256_ZERO, now;
    if (n > 0) ckpt_read(e, token, list, account, n - 1, &last_from, &old);
    if (add ? !u256_add(&now, old, delta) : !u256_sub(&now, old, delta)) return rs_panic(e, PANIC_OVERFLOW);
    if (!u256_fits_bits(now, 224)) return rs_revert_string(e, "SafeCast: value doesn't fit in 224 bits");
    if (n > 0 && last_from == e->timestamp) {
        ckpt_write(e, token, list, account, n - 1, last_from, now);
    } else {
        if (e->timestamp > UINT32_MAX) return rs_revert_string(e, "SafeCast: value doesn't fit in 32 bits");
        ckpt_write(e, token, list, account, n, (uint32_t)e->timestamp, now);
        rs_key k = list_key(NS_ETV_COUNT, token, list, account);
        rs_sstore_u64(e->st, &k, n + 1);
    }
    *old_out = old;
    *new_out = now;
    return RS_OK;
}

static int change_votes(rs_env *e, rs_addr token, rs_addr delegate, bool add, u256 amount) {
    u256 old, now;
    if (write_checkpoint(e, token, LIST_VOTES, delegate, add, amount, &old, &now) != RS_OK) return RS_REVERTED;
    rs_b32 topic = rs_topic_addr(delegate);
    uint8_t data[64];
    u256_to_be(old, data);
    u256_to_be(now, data + 32);
    rs_emit(e, token, "DelegateVotesChanged(address,uint256,uint256)", 1, &topic, data, 64);
    return RS_OK;
}

/* _moveVotingPower. */
static int move_voting_power(rs_env *e, rs_addr token, rs_addr src, rs_addr dst, u256 amount) {
    if (rs_addr_eq(src, dst) || u256_is_zero(amount)) return RS_OK;
    if (!rs_addr_is_zero(src) && change_votes(e, token, src, false, amount) != RS_OK) return RS_REVERTED;
    if (!rs_addr_is_zero(dst) && change_votes(e, token, dst, true, amount) != RS_OK) return RS_REVERTED;
    return RS_OK;
}

rs_addr etv_delegates(rs_env *e, rs_addr token, rs_addr account) {
    rs_key k = list_key(NS_ETV_DELEGATE, token, 0, account);
    return rs_sload_addr(e->st, &k);
}

int etv_after_transfer(rs_env *e, rs_addr token, rs_addr from, rs_addr to, u256 amount) {
    return move_voting_power(e, token, etv_delegates(e, token, from), etv_delegates(e, token, to), amount);
}

int etv_supply_add(rs_env *e, rs_addr token, u256 amount) {
    u256 old, now;
    return write_checkpoint(e, token, LIST_SUPPLY, RS_ADDR_ZERO, true, amount, &old, &now);
}

int etv_supply_sub(rs_env *e, rs_addr token, u256 amount) {
    u256 old, now;
    return write_checkpoint(e, token, LIST_SUPPLY, RS_ADDR_ZERO, false, amount, &old, &now);
}

int etv_delegate(rs_env *e, rs_addr token, rs_addr delegator, rs_addr delegatee) {
    rs_addr current = etv_delegates(e, token, delegator);
    u256 balance = et_balance_of(e, token, delegator);
    rs_key k = list_key(NS_ETV_DELEGATE, token, 0, delegator);
    rs_sstore_addr(e->st, &k, delegatee);
    rs_b32 topics[3] = {rs_topic_addr(delegator), rs_topic_addr(current), rs_topic_addr(delegatee)};
    rs_emit(e, token, "DelegateChanged(address,address,address)", 3, topics, NULL, 0);
    return move_voting_power(e, token, current, delegatee, balance);
}

u256 etv_get_votes(rs_env *e, rs_addr token, rs_addr account) {
    uint64_t n = count_of(e, token, LIST_VOTES, account);
    if (n == 0) return U256_ZERO;
    uint32_t from;
    u256 votes;
    ckpt_read(e, token, LIST_VOTES, account, n - 1, &from, &votes);
    return votes;
}

uint64_t etv_num_checkpoints(rs_env *e, rs_addr token, rs_addr account) {
    return count_of(e, token, LIST_VOTES, account);
}

int etv_checkpoint(rs_env *e, rs_addr token, rs_addr account, uint64_t pos, uint32_t *from, u256 *votes) {
    if (pos >= count_of(e, token, LIST_VOTES, account)) return rs_panic(e, PANIC_ARRAY_INDEX);
    ckpt_read(e, token, LIST_VOTES, account, pos, from, votes);
    return RS_OK;
}

/* _checkpointsLookup: the value of the last checkpoint at or before
 * timepoint (every search order gives the same answer). */
static int lookup(rs_env *e, rs_addr token, unsigned list, rs_addr account, u256 timepoint, u256 *out) {
    if (!u256_lt(timepoint, u256_from_u64(e->timestamp))) return rs_revert_string(e, "ERC20Votes: future lookup");
    uint64_t lo = 0, hi = count_of(e, token, list, account);
    while (lo < hi) { /* first checkpoint later than timepoint */
        uint64_t mid = lo + (hi - lo) / 2;
        uint32_t from;
        u256 v;
        ckpt_read(e, token, list, account, mid, &from, &v);
        if (u256_gt(u256_from_u64(from), timepoint)) hi = mid;
        else lo = mid + 1;
    }
    *out = U256_ZERO;
    if (hi > 0) {
        uint32_t from;
        ckpt_read(e, token, list, account, hi - 1, &from, out);
    }
    return RS_OK;
}

int etv_get_past_votes(rs_env *e, rs_addr token, rs_addr account, u256 timepoint, u256 *out) {
    return lookup(e, token, LIST_VOTES, account, timepoint, out);
}

int etv_get_past_total_supply(rs_env *e, rs_addr token, u256 timepoint, u256 *out) {
    return lookup(e, token, LIST_SUPPLY, RS_ADDR_ZERO, timepoint, out);
}

void etv_genesis_supply(rs_state *st, rs_addr token, uint64_t timestamp, u256 supply) {
    if (u256_is_zero(supply)) return;
    rs_key k = ckpt_key(token, LIST_SUPPLY, RS_ADDR_ZERO, 0);
    rs_sstore(st, &k, u256_or(u256_shl(u256_from_u64((uint32_t)timestamp), 224), supply));
    k = list_key(NS_ETV_COUNT, token, LIST_SUPPLY, RS_ADDR_ZERO);
    rs_sstore_u64(st, &k, 1);
}
