/* EigenPodManager (EigenPodManager.sol at f84a5151). */
#include "protocol/reentrancy.h"
#include "protocol/eigenpod.h"

#include "protocol/delegation.h"
#include "protocol/pausing.h"
#include "restake/keccak.h"

/* ---- int256 on two's-complement u256 ---- */

static inline bool i256_neg(u256 x) { return (x.w[3] >> 63) != 0; }
static inline u256 i256_negate(u256 x) { return u256_sub_wrap(U256_ZERO, x); }
/* Checked int256 a + b (Solidity 0.8): false on overflow. */
static bool i256_add(u256 *r, u256 a, u256 b) {
    u256 s = u256_add_wrap(a, b);
    if (i256_neg(a) == i256_neg(b) && i256_neg(s) != i256_neg(a)) return false;
    *r = s;
    return true;
}
static bool i256_sub(u256 *r, u256 a, u256 b) {
    u256 s = u256_sub_wrap(a, b);
    if (i256_neg(a) != i256_neg(b) && i256_neg(s) != i256_neg(a)) return false;
    *r = s;
    return true;
}

/* ---- storage ---- */

static rs_key key_addr(uint16_t ns, rs_addr a) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, a);
    return k;
}
static rs_key key_plain(uint16_t ns) { return rs_key_ns(ns); }

static rs_addr self(rs_env *e) { return e->p->eigen_pod_manager; }

rs_addr epm_owner_to_pod(rs_env *e, rs_addr pod_owner) {
    rs_key k = key_addr(NS_EPM_OWNER_TO_POD, pod_owner);
    return rs_sload_addr(e->st, &k);
}
bool epm_has_pod(rs_env *e, rs_addr pod_owner) { return !rs_addr_is_zero(epm_owner_to_pod(e, pod_owner)); }
u256 epm_num_pods(rs_env *e) {
    rs_key k = key_plain(NS_EPM_NUM_PODS);
    return rs_sload(e->st, &k);
}
u256 epm_pod_owner_deposit_shares(rs_env *e, rs_addr pod_owner) {
    rs_key k = key_addr(NS_EPM_DEPOSIT_SHARES, pod_owner);
    return rs_sload(e->st, &k);
}
static void store_deposit_shares(rs_env *e, rs_addr pod_owner, u256 v) {
    rs_key k = key_addr(NS_EPM_DEPOSIT_SHARES, pod_owner);
    rs_sstore(e->st, &k, v);
}
u256 epm_burnable_eth_shares(rs_env *e) {
    rs_key k = key_plain(NS_EPM_BURNABLE);
    return rs_sload(e->st, &k);
}
rs_addr epm_proof_timestamp_setter(rs_env *e) {
    rs_key k = key_plain(NS_EPM_TS_SETTER);
    return rs_sload_addr(e->st, &k);
}
uint64_t epm_pectra_fork_timestamp(rs_env *e) {
    rs_key k = key_plain(NS_EPM_PECTRA_TS);
    return rs_sload_u64(e->st, &k);
}
rs_addr epm_owner(rs_env *e) {
    rs_key k = key_plain(NS_EPM_OWNER);
    return rs_sload_addr(e->st, &k);
}
rs_addr epm_pod_owner_of(rs_env *e, rs_addr pod) {
    rs_key k = key_addr(NS_EPM_POD_OWNER, pod);
    return rs_sload_addr(e->st, &k);
}

uint64_t epm_beacon_chain_slashing_factor(rs_env *e, rs_addr staker) {
    rs_key k = key_addr(NS_EPM_BCSF, staker);
    u256 v = rs_sload(e->st, &k);
    return v.w[1] ? v.w[0] : EPM_WAD;
}

rs_addr epm_compute_pod_address(const rs_params *p, rs_addr pod_owner) {
    uint8_t buf[85];
    buf[0] = 0xff;
    memcpy(buf + 1, p->eigen_pod_manager.b, 20);
    memset(buf + 21, 0, 12);
    memcpy(buf + 33, pod_owner.b, 20);
    memcpy(buf + 53, p->pod_proxy_init_code_hash.b, 32);
    rs_b32 h = rs_keccak(buf, sizeof buf);
    rs_addr a;
    memcpy(a.b, h.b + 12, 20);
    return a;
}

rs_addr epm_get_pod(rs_env *e, rs_addr pod_owner) {
    rs_addr pod = epm_owner_to_pod(e, pod_owner);
    return rs_addr_is_zero(pod) ? epm_compute_pod_address(e->p, pod_owner) : pod;
}

/* ---- events ---- */

static void emit_i256_by_owner(rs_env *e, const char *sig, rs_addr owner, u256 v) {
    rs_b32 t = rs_topic_addr(owner), d = rs_b32_from_u256(v);
    rs_emit(e, self(e), sig, 1, &t, d.b, 32);
}
static void emit_pod_shares_updated(rs_env *e, rs_addr owner, u256 delta) {
    emit_i256_by_owner(e, "PodSharesUpdated(address,int256)", owner, delta);
}
static void emit_new_total_shares(rs_env *e, rs_addr owner, u256 total) {
    emit_i256_by_owner(e, "NewTotalShares(address,int256)", owner, total);
}

/* ---- internals ---- */

static int deploy_pod(rs_env *e, rs_addr msg_sender, rs_addr *pod_out) {
    rs_key kn = key_plain(NS_EPM_NUM_PODS);
    u256 n;
    if (!u256_add(&n, rs_sload(e->st, &kn), U256_ONE)) return rs_panic(e, PANIC_OVERFLOW);
    rs_sstore(e->st, &kn, n);
    rs_addr pod = epm_compute_pod_address(e->p, msg_sender);
    /* CREATE2 onto an address that already holds code fails in Create2.deploy. */
    if (rs_code_get(e->st, pod) != RS_CODE_NONE) return rs_revert_string(e, "Create2: Failed on deploy");
    rs_code_set(e->st, pod, RS_CODE_EIGEN_POD);
    /* BeaconProxy constructor, then the initializer modifier. */
    rs_b32 beacon = rs_topic_addr(e->p->eigen_pod_beacon);
    rs_emit(e, pod, "BeaconUpgraded(address)", 1, &beacon, NULL, 0);
    if (pod_initialize(e, pod, self(e), msg_sender) != RS_OK) return RS_REVERTED;
    rs_key ko = key_addr(NS_EPM_OWNER_TO_POD, msg_sender);
    rs_sstore_addr(e->st, &ko, pod);
    rs_key kr = key_addr(NS_EPM_POD_OWNER, pod);
    rs_sstore_addr(e->st, &kr, msg_sender);
    rs_b32 t[2] = {rs_topic_addr(pod), rs_topic_addr(msg_sender)};
    rs_emit(e, self(e), "PodDeployed(address,address)", 2, t, NULL, 0);
    if (pod_out) *pod_out = pod;
    return RS_OK;
}

/* _addShares → (prevDepositShares, addedShares) as the DelegationManager sees them. */
static int add_shares(rs_env *e, rs_addr staker, u256 shares, u256 *prev_out, u256 *added_out) {
    if (rs_addr_is_zero(staker)) return rs_revert(e, "InputAddressZero()");
    if (i256_neg(shares)) return rs_revert(e, "SharesNegative()");
    u256 prev = epm_pod_owner_deposit_shares(e, staker), updated;
    if (!i256_add(&updated, prev, shares)) return rs_panic(e, PANIC_OVERFLOW);
    store_deposit_shares(e, staker, updated);
    emit_pod_shares_updated(e, staker, shares);
    emit_new_total_shares(e, staker, updated);
    if (i256_neg(updated) || u256_is_zero(updated)) {
        *prev_out = U256_ZERO;
        *added_out = U256_ZERO;
    } else if (i256_neg(prev)) {
        *prev_out = U256_ZERO;
        *added_out = updated;
    } else {
        *prev_out = prev;
        *added_out = shares;
    }
    return RS_OK;
}

static int reduce_slashing_factor(rs_env *e, rs_addr pod_owner, u256 prev_restaked_wei, u256 decreased_wei,
                                  uint64_t *decrease_out) {
    u256 new_restaked;
    if (!u256_sub(&new_restaked, prev_restaked_wei, decreased_wei)) return rs_panic(e, PANIC_OVERFLOW);
    uint64_t prev_factor = epm_beacon_chain_slashing_factor(e, pod_owner);
    u256 nf;
    if (u256_is_zero(prev_restaked_wei)) return rs_panic(e, PANIC_DIV_ZERO);
    if (!u256_muldiv(&nf, u256_from_u64(prev_factor), new_restaked, prev_restaked_wei))
        return rs_revert_string(e, "Math: mulDiv overflow");
    uint64_t new_factor = nf.w[0]; /* uint64() truncation; nf <= prev_factor anyway */
    *decrease_out = prev_factor - new_factor;
    rs_key k = key_addr(NS_EPM_BCSF, pod_owner);
    rs_sstore(e->st, &k, (u256){{new_factor, 1, 0, 0}});
    uint8_t d[96] = {0};
    memcpy(d + 12, pod_owner.b, 20);
    rs_b32 w = rs_b32_from_u256(u256_from_u64(prev_factor));
    memcpy(d + 32, w.b, 32);
    w = rs_b32_from_u256(u256_from_u64(new_factor));
    memcpy(d + 64, w.b, 32);
    rs_emit(e, self(e), "BeaconChainSlashingFactorDecreased(address,uint64,uint64)", 0, NULL, d, sizeof d);
    return RS_OK;
}

static int only_dm(rs_env *e, rs_addr msg_sender) {
    if (!rs_addr_eq(msg_sender, e->p->delegation_manager)) return rs_revert(e, "OnlyDelegationManager()");
    return RS_OK;
}
static int only_beacon_strategy(rs_env *e, rs_addr strategy) {
    if (!rs_addr_eq(strategy, e->p->beacon_chain_eth_strategy)) return rs_revert(e, "InvalidStrategy()");
    return RS_OK;
}

/* ---- external ---- */

int epm_create_pod(rs_env *e, rs_addr msg_sender, rs_addr *pod_out) {
    if (pause_require_not_paused(e, self(e), EPM_PAUSED_NEW_EIGENPODS) != RS_OK) return RS_REVERTED;
    if (guard_check(e, self(e)) != RS_OK) return RS_REVERTED; /* nonReentrant; nothing here calls back */
    if (epm_has_pod(e, msg_sender)) return rs_revert(e, "EigenPodAlreadyExists()");
    return deploy_pod(e, msg_sender, pod_out);
}

int epm_stake(rs_env *e, rs_addr msg_sender, u256 value, const uint8_t *pubkey, size_t pubkey_len,
              const uint8_t *signature, size_t signature_len, rs_b32 deposit_data_root) {
    if (pause_require_not_paused(e, self(e), EPM_PAUSED_NEW_EIGENPODS) != RS_OK) return RS_REVERTED;
    if (guard_check(e, self(e)) != RS_OK) return RS_REVERTED; /* nonReentrant; nothing here calls back */
    rs_addr pod = epm_owner_to_pod(e, msg_sender);
    if (rs_addr_is_zero(pod) && deploy_pod(e, msg_sender, &pod) != RS_OK) return RS_REVERTED;
    /* the external call carries msg.value on to the pod */
    if (!rs_eth_transfer(e->st, self(e), pod, value)) return rs_revert_empty(e);
    return pod_stake(e, pod, self(e), value, pubkey, pubkey_len, signature, signature_len, deposit_data_root);
}

int epm_record_beacon_chain_eth_balance_update(rs_env *e, rs_addr msg_sender, rs_addr pod_owner,
                                               u256 prev_restaked_balance_wei, u256 delta) {
    if (!rs_addr_eq(epm_owner_to_pod(e, pod_owner), msg_sender)) return rs_revert(e, "OnlyEigenPod()");
    if (guard_check(e, self(e)) != RS_OK) return RS_REVERTED; /* nonReentrant; nothing here calls back */
    if (rs_addr_is_zero(pod_owner)) return rs_revert(e, "InputAddressZero()");
    u256 mag = i256_neg(delta) ? i256_negate(delta) : delta, q, rem;
    rs_cannot_fail(u256_divmod(&q, &rem, mag, u256_from_u64(EPM_GWEI_TO_WEI)));
    if (!u256_is_zero(rem)) return rs_revert(e, "SharesNotMultipleOfGwei()");
    u256 cur = epm_pod_owner_deposit_shares(e, pod_owner);
    if (i256_neg(cur)) return rs_revert(e, "LegacyWithdrawalsNotCompleted()");
    if (u256_is_zero(delta)) return RS_OK;
    if (!i256_neg(delta)) {
        u256 prev, added;
        if (add_shares(e, pod_owner, delta, &prev, &added) != RS_OK) return RS_REVERTED;
        return dm_increase_delegated_shares(e, self(e), pod_owner, e->p->beacon_chain_eth_strategy, prev, added);
    }
    if (u256_eq(delta, (u256){{0, 0, 0, 1ULL << 63}})) return rs_panic(e, PANIC_OVERFLOW); /* -type(int256).min */
    uint64_t decrease = 0;
    if (reduce_slashing_factor(e, pod_owner, prev_restaked_balance_wei, mag, &decrease) != RS_OK) return RS_REVERTED;
    return dm_decrease_delegated_shares(e, self(e), pod_owner, cur, decrease);
}

int epm_remove_deposit_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy,
                              u256 deposit_shares_to_remove, u256 *shares_after) {
    if (only_dm(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (guard_check(e, self(e)) != RS_OK) return RS_REVERTED; /* nonReentrant; nothing here calls back */
    if (only_beacon_strategy(e, strategy) != RS_OK) return RS_REVERTED;
    if (i256_neg(deposit_shares_to_remove)) return rs_revert_string(e, "SafeCast: value doesn't fit in an int256");
    u256 updated;
    if (!i256_sub(&updated, epm_pod_owner_deposit_shares(e, staker), deposit_shares_to_remove))
        return rs_panic(e, PANIC_OVERFLOW);
    if (i256_neg(updated)) return rs_revert(e, "SharesNegative()");
    store_deposit_shares(e, staker, updated);
    emit_new_total_shares(e, staker, updated);
    if (shares_after) *shares_after = updated;
    return RS_OK;
}

int epm_add_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy, u256 shares,
                   u256 *prev_deposit_shares, u256 *added_shares) {
    if (only_dm(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (guard_check(e, self(e)) != RS_OK) return RS_REVERTED; /* nonReentrant; nothing here calls back */
    if (only_beacon_strategy(e, strategy) != RS_OK) return RS_REVERTED;
    u256 p, a;
    if (add_shares(e, staker, shares, &p, &a) != RS_OK) return RS_REVERTED;
    if (prev_deposit_shares) *prev_deposit_shares = p;
    if (added_shares) *added_shares = a;
    return RS_OK;
}

static int withdraw_shares_as_tokens(rs_env *e, rs_addr staker, rs_addr strategy, u256 shares) {
    if (only_beacon_strategy(e, strategy) != RS_OK) return RS_REVERTED;
    if (rs_addr_is_zero(staker)) return rs_revert(e, "InputAddressZero()");
    if (i256_neg(shares) || u256_is_zero(shares)) return rs_revert(e, "SharesNegative()");
    u256 cur = epm_pod_owner_deposit_shares(e, staker);
    u256 to_withdraw = shares;
    if (i256_neg(cur)) {
        u256 deficit = i256_negate(cur), to_add;
        if (u256_gt(shares, deficit)) {
            to_add = deficit;
            to_withdraw = u256_sub_wrap(shares, deficit);
        } else {
            to_add = shares;
            to_withdraw = U256_ZERO;
        }
        u256 updated;
        if (!i256_add(&updated, cur, to_add)) return rs_panic(e, PANIC_OVERFLOW);
        store_deposit_shares(e, staker, updated);
        emit_pod_shares_updated(e, staker, to_add);
        emit_new_total_shares(e, staker, updated);
    }
    if (u256_is_zero(to_withdraw)) return RS_OK;
    /* a call to a pod that was never deployed reverts without data (extcodesize check) */
    rs_addr pod = epm_owner_to_pod(e, staker);
    if (rs_addr_is_zero(pod)) return rs_revert_empty(e);
    return pod_withdraw_restaked_beacon_chain_eth(e, pod, self(e), staker, to_withdraw);
}

int epm_withdraw_shares_as_tokens(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy,
                                  rs_addr token, u256 shares) {
    (void)token;
    if (only_dm(e, msg_sender) != RS_OK) return RS_REVERTED;
    /* nonReentrant, held while the pod pays the staker (which may be code) */
    if (guard_enter(e, self(e)) != RS_OK) return RS_REVERTED;
    int rc = withdraw_shares_as_tokens(e, staker, strategy, shares);
    guard_exit(e, self(e));
    return rc;
}

int epm_staker_deposit_shares(rs_env *e, rs_addr user, rs_addr strategy, u256 *out) {
    if (only_beacon_strategy(e, strategy) != RS_OK) return RS_REVERTED;
    u256 s = epm_pod_owner_deposit_shares(e, user);
    *out = i256_neg(s) ? U256_ZERO : s;
    return RS_OK;
}

int epm_increase_burn_or_redistributable_shares(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                                uint32_t operator_set_id, u256 slash_id,
                                                rs_addr strategy, u256 added_shares_to_burn) {
    (void)avs;
    (void)operator_set_id;
    (void)slash_id;
    (void)strategy;
    if (only_dm(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (guard_check(e, self(e)) != RS_OK) return RS_REVERTED; /* nonReentrant; nothing here calls back */
    rs_key k = key_plain(NS_EPM_BURNABLE);
    u256 v;
    if (!u256_add(&v, rs_sload(e->st, &k), added_shares_to_burn)) return rs_panic(e, PANIC_OVERFLOW);
    rs_sstore(e->st, &k, v);
    rs_b32 d = rs_b32_from_u256(added_shares_to_burn);
    rs_emit(e, self(e), "BurnableETHSharesIncreased(uint256)", 0, NULL, d.b, 32);
    return RS_OK;
}

static int only_owner(rs_env *e, rs_addr msg_sender) {
    if (!rs_addr_eq(msg_sender, epm_owner(e))) return rs_revert_string(e, "Ownable: caller is not the owner");
    return RS_OK;
}

int epm_set_proof_timestamp_setter(rs_env *e, rs_addr msg_sender, rs_addr setter) {
    if (only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    rs_key k = key_plain(NS_EPM_TS_SETTER);
    rs_sstore_addr(e->st, &k, setter);
    rs_b32 d = rs_topic_addr(setter);
    rs_emit(e, self(e), "ProofTimestampSetterSet(address)", 0, NULL, d.b, 32);
    return RS_OK;
}

int epm_set_pectra_fork_timestamp(rs_env *e, rs_addr msg_sender, uint64_t ts) {
    if (!rs_addr_eq(msg_sender, epm_proof_timestamp_setter(e))) return rs_revert(e, "OnlyProofTimestampSetter()");
    rs_key k = key_plain(NS_EPM_PECTRA_TS);
    rs_sstore_u64(e->st, &k, ts);
    rs_b32 d = rs_b32_from_u256(u256_from_u64(ts));
    rs_emit(e, self(e), "PectraForkTimestampSet(uint64)", 0, NULL, d.b, 32);
    return RS_OK;
}

static void set_owner(rs_env *e, rs_addr new_owner) {
    rs_addr prev = epm_owner(e);
    rs_key k = key_plain(NS_EPM_OWNER);
    rs_sstore_addr(e->st, &k, new_owner);
    rs_b32 t[2] = {rs_topic_addr(prev), rs_topic_addr(new_owner)};
    rs_emit(e, self(e), "OwnershipTransferred(address,address)", 2, t, NULL, 0);
}

int epm_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner) {
    if (only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (rs_addr_is_zero(new_owner)) return rs_revert_string(e, "Ownable: new owner is the zero address");
    set_owner(e, new_owner);
    return RS_OK;
}

int epm_renounce_ownership(rs_env *e, rs_addr msg_sender) {
    if (only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    set_owner(e, RS_ADDR_ZERO);
    return RS_OK;
}

/* ---- genesis ---- */

void epm_genesis(rs_state *st, const rs_genesis *g) {
    const rs_params *p = &g->params;
    rs_key k = rs_key_ns(NS_EPM_OWNER);
    rs_sstore_addr(st, &k, rs_addr_is_zero(g->eigen_pod_manager_owner) ? g->owner : g->eigen_pod_manager_owner);
    k = rs_key_ns(NS_EPM_TS_SETTER);
    rs_sstore_addr(st, &k, g->proof_timestamp_setter);
    k = rs_key_ns(NS_EPM_PECTRA_TS);
    rs_sstore_u64(st, &k, p->pectra_fork_timestamp);
    for (size_t i = 0; i < g->npods; i++) {
        rs_addr owner = g->pods[i].owner, pod = g->pods[i].pod;
        /* genesis lists every owner's (future) pod address; only pods with code exist */
        if (rs_code_get(st, pod) != RS_CODE_EIGEN_POD) continue;
        k = key_addr(NS_EPM_OWNER_TO_POD, owner);
        rs_sstore_addr(st, &k, pod);
        k = key_addr(NS_EPM_POD_OWNER, pod);
        rs_sstore_addr(st, &k, owner);
        k = key_addr(NS_POD_OWNER, pod);
        rs_sstore_addr(st, &k, owner);
        k = rs_key_ns(NS_EPM_NUM_PODS);
        rs_sstore(st, &k, u256_add_wrap(rs_sload(st, &k), U256_ONE));
    }
}
