/* The StrategyManager's escrow of slashed shares: per (operator set, slash id)
 * an EnumerableMap strategy → shares, the pending operator sets and slash ids,
 * and the clearing that pays the underlying to the redistribution recipient. */
#include <stdlib.h>

#include "protocol/allocation.h"
#include "protocol/enumset.h"
#include "protocol/reentrancy.h"
#include "protocol/strategy_internal.h"
#include "restake/keccak.h"

rs_b32 sm_operator_set_key(rs_addr avs, uint32_t set_id) {
    rs_b32 k = RS_B32_ZERO;
    memcpy(k.b, avs.b, 20);
    k.b[28] = (uint8_t)(set_id >> 24);
    k.b[29] = (uint8_t)(set_id >> 16);
    k.b[30] = (uint8_t)(set_id >> 8);
    k.b[31] = (uint8_t)set_id;
    return k;
}

/* keccak(opsetKey ‖ slashId), remembered for the last few pairs: every view
 * and clearing of an escrow rebuilds its map key, and the pairs in play at
 * any time are few. Per thread, so views on other threads need no lock; a
 * hit compares the whole preimage. */
#define SLASH_KEY_SETS 256 /* two ways each */

typedef struct {
    bool used;
    uint8_t pre[64];
    rs_b32 hash;
} slash_key_memo;

static _Thread_local slash_key_memo g_slash_keys[SLASH_KEY_SETS][2];

static size_t slash_key_set(const uint8_t pre[64]) {
    /* words read big-endian, so the varying low bytes of the set and slash
     * ids enter at the bottom and every multiply carries them upward */
    uint64_t h = 0;
    for (int w = 0; w < 8; w++) {
        uint64_t x;
        memcpy(&x, pre + 8 * w, 8);
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
        h = (h ^ x) * 0x9e3779b97f4a7c15ULL;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return (size_t)(h % SLASH_KEY_SETS);
}

static rs_b32 slash_map_hash(const uint8_t pre[64]) {
    slash_key_memo *set = g_slash_keys[slash_key_set(pre)];
    for (int w = 0; w < 2; w++)
        if (set[w].used && memcmp(set[w].pre, pre, 64) == 0) return set[w].hash;
    /* the newest pair goes first; the older first way moves to the second */
    set[1] = set[0];
    set[0].used = true;
    memcpy(set[0].pre, pre, 64);
    set[0].hash = rs_keccak(pre, 64);
    return set[0].hash;
}

/* The (opsetKey, slashId) pair is hashed so the map's base key stays short. */
static rs_key slash_map_key(rs_addr avs, uint32_t set_id, u256 slash_id) {
    uint8_t pre[64];
    rs_b32 osk = sm_operator_set_key(avs, set_id);
    memcpy(pre, osk.b, 32);
    u256_to_be(slash_id, pre + 32);
    rs_key k = rs_key_ns(NS_SM_BOR_SHARES);
    rs_key_b32(&k, slash_map_hash(pre));
    return k;
}

static rs_key pending_sets_key(void) { return rs_key_ns(NS_SM_PENDING_OPSETS); }

static rs_key pending_slash_ids_key(rs_addr avs, uint32_t set_id) {
    rs_key k = rs_key_ns(NS_SM_PENDING_SLASH_IDS);
    rs_key_b32(&k, sm_operator_set_key(avs, set_id));
    return k;
}

/* ((address,uint32),uint256,address,uint256): all static, five words. */
static void emit_slash_event(rs_env *e, const char *sig, rs_addr avs, uint32_t set_id, u256 slash_id,
                             rs_addr strategy, u256 shares) {
    uint8_t data[160];
    u256_to_be(rs_addr_to_u256(avs), data);
    u256_to_be(u256_from_u64(set_id), data + 32);
    u256_to_be(slash_id, data + 64);
    u256_to_be(rs_addr_to_u256(strategy), data + 96);
    u256_to_be(shares, data + 128);
    rs_emit(e, e->p->strategy_manager, sig, 0, NULL, data, sizeof data);
}

int sm_increase_burn_or_redistributable_shares(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t set_id,
                                               u256 slash_id, rs_addr strategy, u256 added_shares) {
    if (!rs_addr_eq(msg_sender, e->p->delegation_manager)) return rs_revert(e, "OnlyDelegationManager()");
    if (guard_check(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED; /* the body calls out nowhere */
    rs_key mk = slash_map_key(avs, set_id, slash_id);
    /* checked before writing so that a direct (non-rs_call) caller sees no change either */
    if (enumset_contains(e->st, &mk, rs_addr_to_u256(strategy))) return rs_revert(e, "StrategyAlreadyInSlash()");
    enummap_set(e->st, &mk, rs_addr_to_u256(strategy), added_shares);
    rs_key pk = pending_sets_key();
    enumset_add(e->st, &pk, rs_b32_to_u256(sm_operator_set_key(avs, set_id)));
    rs_key sk = pending_slash_ids_key(avs, set_id);
    enumset_add(e->st, &sk, slash_id);
    emit_slash_event(e, "BurnOrRedistributableSharesIncreased((address,uint32),uint256,address,uint256)", avs, set_id,
                     slash_id, strategy, added_shares);
    return RS_OK;
}

static int clear_one(rs_env *e, rs_addr avs, uint32_t set_id, u256 slash_id, rs_addr strategy, rs_addr recipient,
                     u256 *amount) {
    rs_key mk = slash_map_key(avs, set_id, slash_id);
    u256 shares;
    enummap_get(e->st, &mk, rs_addr_to_u256(strategy), &shares);
    enummap_remove(e->st, &mk, rs_addr_to_u256(strategy));

    u256 out = U256_ZERO;
    if (!u256_is_zero(shares)) {
        if (sm_require_strategy_code(e, strategy) != RS_OK) return RS_REVERTED;
        rs_addr token = sb_underlying_token(e, strategy);
        if (sm_call_strategy_withdraw(e, strategy, recipient, token, shares, &out) != RS_OK) return RS_REVERTED;
        emit_slash_event(e, "BurnOrRedistributableSharesDecreased((address,uint32),uint256,address,uint256)", avs,
                         set_id, slash_id, strategy, shares);
    }
    if (enumset_len(e->st, &mk) == 0) {
        rs_key sk = pending_slash_ids_key(avs, set_id);
        enumset_remove(e->st, &sk, slash_id);
        if (enumset_len(e->st, &sk) == 0) {
            rs_key pk = pending_sets_key();
            enumset_remove(e->st, &pk, rs_b32_to_u256(sm_operator_set_key(avs, set_id)));
        }
    }
    *amount = out;
    return RS_OK;
}

static int clear_all(rs_env *e, rs_addr avs, uint32_t set_id, u256 slash_id, u256 **amounts, size_t *n) {
    rs_key mk = slash_map_key(avs, set_id, slash_id);
    size_t len = enumset_len(e->st, &mk);
    rs_addr *strategies = len ? malloc(len * sizeof *strategies) : NULL;
    u256 *out = len ? calloc(len, sizeof *out) : NULL;
    if (len && (!strategies || !out)) abort();
    /* the key list is read once up front; clearing reorders the live map */
    for (size_t i = 0; i < len; i++) strategies[i] = rs_addr_from_u256(enumset_at(e->st, &mk, i));
    int rc = RS_OK;
    for (size_t i = 0; i < len && rc == RS_OK; i++) {
        rs_addr recipient = am_get_redistribution_recipient(e, avs, set_id);
        rc = clear_one(e, avs, set_id, slash_id, strategies[i], recipient, &out[i]);
    }
    free(strategies);
    if (rc != RS_OK) {
        free(out);
        return RS_REVERTED;
    }
    *amounts = out;
    *n = len;
    return RS_OK;
}

int sm_clear_burn_or_redistributable_shares(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t set_id,
                                            u256 slash_id, u256 **amounts, size_t *n) {
    (void)msg_sender;
    if (guard_enter(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED;
    int rc = clear_all(e, avs, set_id, slash_id, amounts, n);
    guard_exit(e, e->p->strategy_manager);
    return rc;
}

int sm_clear_burn_or_redistributable_shares_by_strategy(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                                        uint32_t set_id, u256 slash_id, rs_addr strategy,
                                                        u256 *amount) {
    (void)msg_sender;
    if (guard_enter(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED;
    rs_addr recipient = am_get_redistribution_recipient(e, avs, set_id);
    int rc = clear_one(e, avs, set_id, slash_id, strategy, recipient, amount);
    guard_exit(e, e->p->strategy_manager);
    return rc;
}

static int burn_shares(rs_env *e, rs_addr strategy) {
    rs_key bk = rs_key_ns(NS_SM_BURNABLE);
    u256 shares;
    enummap_get(e->st, &bk, rs_addr_to_u256(strategy), &shares);
    enummap_remove(e->st, &bk, rs_addr_to_u256(strategy));
    uint8_t data[64];
    u256_to_be(rs_addr_to_u256(strategy), data);
    u256_to_be(shares, data + 32);
    rs_emit(e, e->p->strategy_manager, "BurnableSharesDecreased(address,uint256)", 0, NULL, data, 64);
    if (u256_is_zero(shares)) return RS_OK;
    if (sm_require_strategy_code(e, strategy) != RS_OK) return RS_REVERTED;
    u256 out;
    return sm_call_strategy_withdraw(e, strategy, e->p->default_burn_address, sb_underlying_token(e, strategy),
                                     shares, &out);
}

int sm_burn_shares(rs_env *e, rs_addr msg_sender, rs_addr strategy) {
    (void)msg_sender;
    if (guard_enter(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED;
    int rc = burn_shares(e, strategy);
    guard_exit(e, e->p->strategy_manager);
    return rc;
}

/* ---- views ---- */

size_t sm_get_burn_or_redistributable_shares(rs_env *e, rs_addr avs, uint32_t set_id, u256 slash_id,
                                             rs_addr *strategies, u256 *shares, size_t cap) {
    rs_key mk = slash_map_key(avs, set_id, slash_id);
    size_t n = enumset_len(e->st, &mk);
    for (size_t i = 0; i < n && i < cap; i++) {
        u256 key = enumset_at(e->st, &mk, i);
        strategies[i] = rs_addr_from_u256(key);
        enummap_get(e->st, &mk, key, &shares[i]);
    }
    return n;
}

u256 sm_get_burn_or_redistributable_shares_of(rs_env *e, rs_addr avs, uint32_t set_id, u256 slash_id,
                                              rs_addr strategy) {
    rs_key mk = slash_map_key(avs, set_id, slash_id);
    u256 v;
    enummap_get(e->st, &mk, rs_addr_to_u256(strategy), &v);
    return v;
}

size_t sm_get_burn_or_redistributable_count(rs_env *e, rs_addr avs, uint32_t set_id, u256 slash_id) {
    rs_key mk = slash_map_key(avs, set_id, slash_id);
    return enumset_len(e->st, &mk);
}

u256 sm_get_burnable_shares(rs_env *e, rs_addr strategy) {
    rs_key bk = rs_key_ns(NS_SM_BURNABLE);
    u256 v;
    enummap_get(e->st, &bk, rs_addr_to_u256(strategy), &v);
    return v;
}

size_t sm_get_strategies_with_burnable_shares(rs_env *e, rs_addr *strategies, u256 *shares, size_t cap) {
    rs_key bk = rs_key_ns(NS_SM_BURNABLE);
    size_t n = enumset_len(e->st, &bk);
    for (size_t i = 0; i < n && i < cap; i++) {
        u256 key = enumset_at(e->st, &bk, i);
        strategies[i] = rs_addr_from_u256(key);
        enummap_get(e->st, &bk, key, &shares[i]);
    }
    return n;
}

size_t sm_get_pending_operator_sets(rs_env *e, rs_addr *avs, uint32_t *set_ids, size_t cap) {
    rs_key pk = pending_sets_key();
    size_t n = enumset_len(e->st, &pk);
    for (size_t i = 0; i < n && i < cap; i++) {
        u256 key = enumset_at(e->st, &pk, i);
        avs[i] = rs_addr_from_u256(u256_shr(key, 96));
        set_ids[i] = (uint32_t)key.w[0]; /* OperatorSetLib.decode keeps the low 96 bits, cast to uint32 */
    }
    return n;
}

size_t sm_get_pending_slash_ids(rs_env *e, rs_addr avs, uint32_t set_id, u256 *out, size_t cap) {
    rs_key sk = pending_slash_ids_key(avs, set_id);
    size_t n = enumset_len(e->st, &sk);
    for (size_t i = 0; i < n && i < cap; i++) out[i] = enumset_at(e->st, &sk, i);
    return n;
}
