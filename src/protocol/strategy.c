/* StrategyManager: deposits, the ShareManager surface, the deposit whitelist. */
#include "protocol/strategy.h"

#include "protocol/delegation.h"
#include "protocol/duration_vault.h"
#include "protocol/erc20.h"
#include "protocol/pausing.h"
#include "protocol/reentrancy.h"
#include "protocol/strategy_internal.h"
#include "restake/accounts.h"
#include "restake/genesis.h"

static rs_key shares_key(rs_addr staker, rs_addr strategy) {
    rs_key k = rs_key_ns(NS_SM_DEPOSIT_SHARES);
    rs_key_addr(&k, staker);
    rs_key_addr(&k, strategy);
    return k;
}

static rs_key list_len_key(rs_addr staker) {
    rs_key k = rs_key_ns(NS_SM_STRATEGY_LIST);
    rs_key_addr(&k, staker);
    return k;
}

static rs_key list_item_key(rs_addr staker, size_t i) {
    rs_key k = list_len_key(staker);
    rs_key_u64(&k, (uint64_t)i);
    return k;
}

static rs_key addr_key(uint16_t ns, rs_addr a) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, a);
    return k;
}

/* ---- views ---- */

u256 sm_staker_deposit_shares(rs_env *e, rs_addr staker, rs_addr strategy) {
    rs_key k = shares_key(staker, strategy);
    return rs_sload(e->st, &k);
}

size_t sm_staker_strategy_list_length(rs_env *e, rs_addr staker) {
    rs_key k = list_len_key(staker);
    return (size_t)rs_sload_u64(e->st, &k);
}

size_t sm_staker_strategy_list(rs_env *e, rs_addr staker, rs_addr *out, size_t cap) {
    size_t n = sm_staker_strategy_list_length(e, staker);
    for (size_t i = 0; i < n && i < cap; i++) {
        rs_key k = list_item_key(staker, i);
        out[i] = rs_sload_addr(e->st, &k);
    }
    return n;
}

bool sm_strategy_is_whitelisted_for_deposit(rs_env *e, rs_addr strategy) {
    rs_key k = addr_key(NS_SM_WHITELISTED, strategy);
    return rs_sload_bool(e->st, &k);
}

rs_addr sm_strategy_whitelister(rs_env *e) {
    rs_key k = rs_key_ns(NS_SM_WHITELISTER);
    return rs_sload_addr(e->st, &k);
}

u256 sm_nonce(rs_env *e, rs_addr signer) {
    rs_key k = addr_key(NS_SM_NONCES, signer);
    return rs_sload(e->st, &k);
}

bool sm_is_strategy(rs_env *e, rs_addr a) {
    rs_code_kind k = rs_code_get(e->st, a);
    return k == RS_CODE_STRATEGY_BASE || k == RS_CODE_DURATION_VAULT;
}

rs_addr sm_owner(rs_env *e) { return sm_ownable_owner(e, NS_SM_OWNER); }

/* ---- helpers ---- */

int sm_require_strategy_code(rs_env *e, rs_addr strategy) {
    return sm_is_strategy(e, strategy) ? RS_OK : rs_revert_empty(e);
}

int sm_call_strategy_withdraw(rs_env *e, rs_addr strategy, rs_addr recipient, rs_addr token, u256 shares,
                              u256 *amount_out) {
    if (sm_require_strategy_code(e, strategy) != RS_OK) return RS_REVERTED;
    return sb_withdraw(e, e->p->strategy_manager, strategy, recipient, token, shares, amount_out);
}

/* IStrategy(strategy).beforeAddShares / beforeRemoveShares: StrategyBase's
 * are empty (only the caller is checked); a duration vault's enforce its
 * window and caps. Anything else is not a strategy (empty revert). */
static int strategy_before_add_shares(rs_env *e, rs_addr strategy, rs_addr staker, u256 shares) {
    rs_code_kind k = rs_code_get(e->st, strategy);
    if (k == RS_CODE_DURATION_VAULT) return dv_before_add_shares(e, e->p->strategy_manager, strategy, staker, shares);
    if (k != RS_CODE_STRATEGY_BASE) return rs_revert_empty(e);
    return sb_before_add_shares(e, e->p->strategy_manager, strategy);
}

static int strategy_before_remove_shares(rs_env *e, rs_addr strategy) {
    rs_code_kind k = rs_code_get(e->st, strategy);
    if (k == RS_CODE_DURATION_VAULT) return dv_before_remove_shares(e, e->p->strategy_manager, strategy);
    if (k != RS_CODE_STRATEGY_BASE) return rs_revert_empty(e);
    return sb_before_remove_shares(e, e->p->strategy_manager, strategy);
}

static int only_delegation_manager(rs_env *e, rs_addr msg_sender) {
    return rs_addr_eq(msg_sender, e->p->delegation_manager) ? RS_OK : rs_revert(e, "OnlyDelegationManager()");
}

static int only_whitelister(rs_env *e, rs_addr msg_sender) {
    return rs_addr_eq(msg_sender, sm_strategy_whitelister(e)) ? RS_OK : rs_revert(e, "OnlyStrategyWhitelister()");
}

/* Event with only static, non-indexed address/uint words. */
static void emit_words(rs_env *e, const char *sig, const u256 *w, size_t n) {
    uint8_t data[32 * 5];
    for (size_t i = 0; i < n; i++) u256_to_be(w[i], data + 32 * i);
    rs_emit(e, e->p->strategy_manager, sig, 0, NULL, data, 32 * n);
}

/* ---- internal share bookkeeping ---- */

static int add_shares(rs_env *e, rs_addr staker, rs_addr strategy, u256 shares, u256 *prev_out) {
    if (rs_addr_is_zero(staker)) return rs_revert(e, "StakerAddressZero()");
    if (u256_is_zero(shares)) return rs_revert(e, "SharesAmountZero()");
    if (strategy_before_add_shares(e, strategy, staker, shares) != RS_OK) return RS_REVERTED;

    u256 prev = sm_staker_deposit_shares(e, staker, strategy);
    if (u256_is_zero(prev)) {
        size_t n = sm_staker_strategy_list_length(e, staker);
        if (n >= SM_MAX_STAKER_STRATEGY_LIST_LENGTH) return rs_revert(e, "MaxStrategiesExceeded()");
        rs_key ik = list_item_key(staker, n);
        rs_sstore_addr(e->st, &ik, strategy);
        rs_key lk = list_len_key(staker);
        rs_sstore_u64(e->st, &lk, (uint64_t)n + 1);
    }
    u256 total;
    if (!u256_add(&total, prev, shares)) return rs_panic(e, PANIC_OVERFLOW);
    rs_key sk = shares_key(staker, strategy);
    rs_sstore(e->st, &sk, total);

    u256 w[3] = {rs_addr_to_u256(staker), rs_addr_to_u256(strategy), shares};
    emit_words(e, "Deposit(address,address,uint256)", w, 3);
    *prev_out = prev;
    return RS_OK;
}

/* Swap-and-pop, as the reference: the last entry takes the removed one's slot. */
static int remove_from_list(rs_env *e, rs_addr staker, rs_addr strategy) {
    size_t n = sm_staker_strategy_list_length(e, staker);
    size_t j = 0;
    for (; j < n; j++) {
        rs_key k = list_item_key(staker, j);
        if (rs_addr_eq(rs_sload_addr(e->st, &k), strategy)) {
            rs_key lastk = list_item_key(staker, n - 1);
            rs_sstore(e->st, &k, rs_sload(e->st, &lastk));
            break;
        }
    }
    if (j == n) return rs_revert(e, "StrategyNotFound()");
    rs_key lastk = list_item_key(staker, n - 1);
    rs_sstore(e->st, &lastk, U256_ZERO);
    rs_key lk = list_len_key(staker);
    rs_sstore_u64(e->st, &lk, (uint64_t)n - 1);
    return RS_OK;
}

static int deposit_into_strategy(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy, rs_addr token,
                                 u256 amount, u256 *out) {
    if (!sm_strategy_is_whitelisted_for_deposit(e, strategy)) return rs_revert(e, "StrategyNotWhitelisted()");
    if (erc20_transfer_from(e, e->p->strategy_manager, token, msg_sender, strategy, amount) != RS_OK)
        return RS_REVERTED;
    if (sm_require_strategy_code(e, strategy) != RS_OK) return RS_REVERTED;
    u256 shares, prev;
    if (sb_deposit(e, e->p->strategy_manager, strategy, token, amount, &shares) != RS_OK) return RS_REVERTED;
    if (add_shares(e, staker, strategy, shares, &prev) != RS_OK) return RS_REVERTED;
    if (dm_increase_delegated_shares(e, e->p->strategy_manager, staker, strategy, prev, shares) != RS_OK)
        return RS_REVERTED;
    *out = shares;
    return RS_OK;
}

/* ---- external functions ---- */

int sm_deposit_into_strategy(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr token, u256 amount,
                             u256 *deposit_shares) {
    if (pause_require_not_paused(e, e->p->strategy_manager, SM_PAUSED_DEPOSITS) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED;
    int rc = deposit_into_strategy(e, msg_sender, msg_sender, strategy, token, amount, deposit_shares);
    guard_exit(e, e->p->strategy_manager);
    return rc;
}

int sm_deposit_into_strategy_with_signature(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr token,
                                            u256 amount, rs_addr staker, u256 expiry, const uint8_t *sig,
                                            size_t sig_len, u256 *deposit_shares) {
    if (pause_require_not_paused(e, e->p->strategy_manager, SM_PAUSED_DEPOSITS) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED;
    u256 nonce = sm_nonce(e, staker);
    rs_b32 digest = sm_deposit_digest(e, staker, strategy, token, amount, nonce, expiry);
    int rc = sm_check_signature(e, e->p->strategy_manager, staker, digest, sig, sig_len, expiry);
    if (rc == RS_OK) {
        rs_key nk = addr_key(NS_SM_NONCES, staker);
        rs_sstore(e->st, &nk, u256_add_wrap(nonce, U256_ONE));
        rc = deposit_into_strategy(e, msg_sender, staker, strategy, token, amount, deposit_shares);
    }
    guard_exit(e, e->p->strategy_manager);
    return rc;
}

int sm_add_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy, u256 shares,
                  u256 *prev_deposit_shares, u256 *added_shares) {
    if (only_delegation_manager(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED;
    u256 prev;
    int rc = add_shares(e, staker, strategy, shares, &prev);
    guard_exit(e, e->p->strategy_manager);
    if (rc != RS_OK) return RS_REVERTED;
    if (prev_deposit_shares) *prev_deposit_shares = prev;
    if (added_shares) *added_shares = shares;
    return RS_OK;
}

static int remove_deposit_shares(rs_env *e, rs_addr staker, rs_addr strategy, u256 deposit_shares, u256 *remaining) {
    if (u256_is_zero(deposit_shares)) return rs_revert(e, "SharesAmountZero()");
    u256 have = sm_staker_deposit_shares(e, staker, strategy);
    if (u256_gt(deposit_shares, have)) return rs_revert(e, "SharesAmountTooHigh()");
    if (strategy_before_remove_shares(e, strategy) != RS_OK) return RS_REVERTED;
    u256 left = u256_sub_wrap(have, deposit_shares);
    rs_key sk = shares_key(staker, strategy);
    rs_sstore(e->st, &sk, left);
    if (u256_is_zero(left) && remove_from_list(e, staker, strategy) != RS_OK) return RS_REVERTED;
    if (remaining) *remaining = left;
    return RS_OK;
}

int sm_remove_deposit_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy, u256 deposit_shares,
                             u256 *remaining) {
    if (only_delegation_manager(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED;
    int rc = remove_deposit_shares(e, staker, strategy, deposit_shares, remaining);
    guard_exit(e, e->p->strategy_manager);
    return rc;
}

int sm_withdraw_shares_as_tokens(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy, rs_addr token,
                                 u256 shares) {
    if (only_delegation_manager(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED;
    u256 out;
    int rc = sm_call_strategy_withdraw(e, strategy, staker, token, shares, &out);
    guard_exit(e, e->p->strategy_manager);
    return rc;
}

int sm_set_strategy_whitelister(rs_env *e, rs_addr msg_sender, rs_addr new_whitelister) {
    if (sm_only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (guard_check(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED; /* the body calls out nowhere */
    u256 w[2] = {rs_addr_to_u256(sm_strategy_whitelister(e)), rs_addr_to_u256(new_whitelister)};
    emit_words(e, "StrategyWhitelisterChanged(address,address)", w, 2);
    rs_key k = rs_key_ns(NS_SM_WHITELISTER);
    rs_sstore_addr(e->st, &k, new_whitelister);
    return RS_OK;
}

int sm_add_strategies_to_deposit_whitelist(rs_env *e, rs_addr msg_sender, const rs_addr *strategies, size_t n) {
    if (only_whitelister(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (guard_check(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED; /* the body calls out nowhere */
    for (size_t i = 0; i < n; i++) {
        if (sm_strategy_is_whitelisted_for_deposit(e, strategies[i])) continue;
        rs_key k = addr_key(NS_SM_WHITELISTED, strategies[i]);
        rs_sstore_bool(e->st, &k, true);
        u256 w = rs_addr_to_u256(strategies[i]);
        emit_words(e, "StrategyAddedToDepositWhitelist(address)", &w, 1);
    }
    return RS_OK;
}

int sm_remove_strategies_from_deposit_whitelist(rs_env *e, rs_addr msg_sender, const rs_addr *strategies,
                                                size_t n) {
    if (only_whitelister(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (guard_check(e, e->p->strategy_manager) != RS_OK) return RS_REVERTED; /* the body calls out nowhere */
    for (size_t i = 0; i < n; i++) {
        if (!sm_strategy_is_whitelisted_for_deposit(e, strategies[i])) continue;
        rs_key k = addr_key(NS_SM_WHITELISTED, strategies[i]);
        rs_sstore_bool(e->st, &k, false);
        u256 w = rs_addr_to_u256(strategies[i]);
        emit_words(e, "StrategyRemovedFromDepositWhitelist(address)", &w, 1);
    }
    return RS_OK;
}

int sm_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner) {
    return sm_ownable_transfer(e, e->p->strategy_manager, NS_SM_OWNER, msg_sender, new_owner);
}

int sm_renounce_ownership(rs_env *e, rs_addr msg_sender) {
    return sm_ownable_renounce(e, e->p->strategy_manager, NS_SM_OWNER, msg_sender);
}

void sm_genesis(rs_state *st, const rs_genesis *g) {
    rs_key ok = rs_key_ns(NS_SM_OWNER);
    rs_sstore_addr(st, &ok, g->owner);
    rs_key wk = rs_key_ns(NS_SM_WHITELISTER);
    rs_sstore_addr(st, &wk, g->strategy_whitelister);
    for (size_t i = 0; i < g->nstrategies; i++) {
        const rs_gen_strategy *s = &g->strategies[i];
        sb_create(st, s->address, s->token);
        rs_key k = addr_key(NS_SM_WHITELISTED, s->address);
        rs_sstore_bool(st, &k, s->whitelisted_for_deposit);
    }
}
