/* RewardsCoordinator state: keys, the owner and the roles it sets, genesis
 * (what initialize() left behind) and the plain getters. */
#include "protocol/permissions.h"
#include "protocol/rewards_internal.h"
#include "restake/genesis.h"

rs_key rc_key_addr(uint16_t ns, rs_addr a) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, a);
    return k;
}

rs_key rc_key_addr2(uint16_t ns, rs_addr a, rs_addr b) {
    rs_key k = rc_key_addr(ns, a);
    rs_key_addr(&k, b);
    return k;
}

rs_key rc_key_index(uint16_t ns, uint64_t i) {
    rs_key k = rs_key_ns(ns);
    rs_key_u64(&k, i);
    return k;
}

static u256 load_word(rs_env *e, uint16_t ns) {
    rs_key k = rs_key_ns(ns);
    return rs_sload(e->st, &k);
}

static void store_word(rs_state *st, uint16_t ns, u256 v) {
    rs_key k = rs_key_ns(ns);
    rs_sstore(st, &k, v);
}

int rc_check_can_call(rs_env *e, rs_addr account, rs_addr caller, const char *sig) {
    return pc_check_can_call(e, account, caller, rc_self(e), rs_sig_selector(sig));
}

int rc_activated_at(rs_env *e, uint32_t *out) {
    uint64_t sum = (uint64_t)(uint32_t)e->timestamp + rc_activation_delay(e);
    if (sum > UINT32_MAX) return rs_panic(e, PANIC_OVERFLOW);
    *out = (uint32_t)sum;
    return RS_OK;
}

/* ---- roots ---- */

void rc_root_load(rs_env *e, uint64_t index, rc_distribution_root *out) {
    rs_key hk = rc_key_index(NS_RC_ROOT_HASH, index), mk = rc_key_index(NS_RC_ROOT_META, index);
    out->root = rs_b32_from_u256(rs_sload(e->st, &hk));
    u256 meta = rs_sload(e->st, &mk);
    out->rewards_calculation_end_timestamp = (uint32_t)meta.w[0];
    out->activated_at = (uint32_t)(meta.w[0] >> 32);
    out->disabled = meta.w[1] != 0;
}

void rc_root_store(rs_env *e, uint64_t index, const rc_distribution_root *r) {
    rs_key hk = rc_key_index(NS_RC_ROOT_HASH, index), mk = rc_key_index(NS_RC_ROOT_META, index);
    rs_sstore(e->st, &hk, rs_b32_to_u256(r->root));
    u256 meta = U256_ZERO;
    meta.w[0] = (uint64_t)r->rewards_calculation_end_timestamp | (uint64_t)r->activated_at << 32;
    meta.w[1] = r->disabled ? 1 : 0;
    rs_sstore(e->st, &mk, meta);
}

uint64_t rc_distribution_roots_length(rs_env *e) { return load_word(e, NS_RC_ROOTS_LEN).w[0]; }

/* ---- owner ---- */

rs_addr rc_owner(rs_env *e) { return rs_addr_from_u256(load_word(e, NS_RC_OWNER)); }

int rc_only_owner(rs_env *e, rs_addr msg_sender) {
    if (!rs_addr_eq(rc_owner(e), msg_sender)) return rs_revert_string(e, "Ownable: caller is not the owner");
    return RS_OK;
}

static void set_owner(rs_env *e, rs_addr new_owner) {
    rs_b32 topics[2] = {rs_topic_addr(rc_owner(e)), rs_topic_addr(new_owner)};
    store_word(e->st, NS_RC_OWNER, rs_addr_to_u256(new_owner));
    rs_emit(e, rc_self(e), "OwnershipTransferred(address,address)", 2, topics, NULL, 0);
}

int rc_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner) {
    if (rc_only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (rs_addr_is_zero(new_owner)) return rs_revert_string(e, "Ownable: new owner is the zero address");
    set_owner(e, new_owner);
    return RS_OK;
}

int rc_renounce_ownership(rs_env *e, rs_addr msg_sender) {
    if (rc_only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    set_owner(e, RS_ADDR_ZERO);
    return RS_OK;
}

/* ---- roles and parameters set by the owner ---- */

/* Events of shape (uintN old, uintN new), both unindexed. */
static void emit_old_new(rs_env *e, const char *sig, uint64_t old, uint64_t new_) {
    uint8_t data[64];
    u256_to_be(u256_from_u64(old), data);
    u256_to_be(u256_from_u64(new_), data + 32);
    rs_emit(e, rc_self(e), sig, 0, NULL, data, sizeof data);
}

int rc_set_activation_delay(rs_env *e, rs_addr msg_sender, uint32_t delay) {
    if (rc_only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    emit_old_new(e, "ActivationDelaySet(uint32,uint32)", rc_activation_delay(e), delay);
    store_word(e->st, NS_RC_ACTIVATION_DELAY, u256_from_u64(delay));
    return RS_OK;
}

int rc_set_default_operator_split(rs_env *e, rs_addr msg_sender, uint16_t split) {
    if (rc_only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (split > RC_ONE_HUNDRED_IN_BIPS) return rs_revert(e, "SplitExceedsMax()");
    emit_old_new(e, "DefaultOperatorSplitBipsSet(uint16,uint16)", rc_default_operator_split_bips(e), split);
    store_word(e->st, NS_RC_DEFAULT_SPLIT, u256_from_u64(split));
    return RS_OK;
}

int rc_set_fee_recipient(rs_env *e, rs_addr msg_sender, rs_addr recipient) {
    if (rc_only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (rs_addr_is_zero(recipient)) return rs_revert(e, "InvalidAddressZero()");
    rs_b32 topics[2] = {rs_topic_addr(rc_fee_recipient(e)), rs_topic_addr(recipient)};
    rs_emit(e, rc_self(e), "FeeRecipientSet(address,address)", 2, topics, NULL, 0);
    store_word(e->st, NS_RC_FEE_RECIPIENT, rs_addr_to_u256(recipient));
    return RS_OK;
}

int rc_set_rewards_updater(rs_env *e, rs_addr msg_sender, rs_addr updater) {
    if (rc_only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    rs_b32 topics[2] = {rs_topic_addr(rc_rewards_updater(e)), rs_topic_addr(updater)};
    rs_emit(e, rc_self(e), "RewardsUpdaterSet(address,address)", 2, topics, NULL, 0);
    store_word(e->st, NS_RC_UPDATER, rs_addr_to_u256(updater));
    return RS_OK;
}

int rc_set_rewards_for_all_submitter(rs_env *e, rs_addr msg_sender, rs_addr submitter, bool value) {
    if (rc_only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    rs_key k = rc_key_addr(NS_RC_FOR_ALL_SUBMITTER, submitter);
    bool prev = rs_sload_bool(e->st, &k);
    rs_b32 topics[3] = {rs_topic_addr(submitter), rs_topic_u256(u256_from_u64(prev)),
                        rs_topic_u256(u256_from_u64(value))};
    rs_emit(e, rc_self(e), "RewardsForAllSubmitterSet(address,bool,bool)", 3, topics, NULL, 0);
    rs_sstore_bool(e->st, &k, value);
    return RS_OK;
}

int rc_set_opt_in_for_protocol_fee(rs_env *e, rs_addr msg_sender, rs_addr submitter, bool value) {
    if (rc_check_can_call(e, submitter, msg_sender, "setOptInForProtocolFee(address,bool)") != RS_OK)
        return RS_REVERTED;
    rs_key k = rc_key_addr(NS_RC_OPT_IN, submitter);
    bool prev = rs_sload_bool(e->st, &k);
    rs_b32 topics[3] = {rs_topic_addr(submitter), rs_topic_u256(u256_from_u64(prev)),
                        rs_topic_u256(u256_from_u64(value))};
    rs_emit(e, rc_self(e), "OptInForProtocolFeeSet(address,bool,bool)", 3, topics, NULL, 0);
    rs_sstore_bool(e->st, &k, value);
    return RS_OK;
}

/* ---- genesis: the state initialize() left ---- */

void rc_genesis(rs_state *st, const rs_genesis *g) {
    const rs_params *p = &g->params;
    if (rs_addr_is_zero(p->rewards_coordinator)) return;
    store_word(st, NS_RC_OWNER, rs_addr_to_u256(g->owner));
    store_word(st, NS_RC_UPDATER, rs_addr_to_u256(g->rewards_updater));
    store_word(st, NS_RC_ACTIVATION_DELAY, u256_from_u64(p->rewards_activation_delay));
    store_word(st, NS_RC_DEFAULT_SPLIT, u256_from_u64(p->rewards_default_split_bips));
    store_word(st, NS_RC_FEE_RECIPIENT, rs_addr_to_u256(g->fee_recipient));
    for (size_t i = 0; i < g->nrewards_for_all_submitters; i++) {
        rs_key k = rc_key_addr(NS_RC_FOR_ALL_SUBMITTER, g->rewards_for_all_submitters[i]);
        rs_sstore_bool(st, &k, true);
    }
}

/* ---- getters ---- */

rs_addr rc_rewards_updater(rs_env *e) { return rs_addr_from_u256(load_word(e, NS_RC_UPDATER)); }
rs_addr rc_fee_recipient(rs_env *e) { return rs_addr_from_u256(load_word(e, NS_RC_FEE_RECIPIENT)); }
uint32_t rc_activation_delay(rs_env *e) { return (uint32_t)load_word(e, NS_RC_ACTIVATION_DELAY).w[0]; }
uint32_t rc_curr_rewards_calculation_end_timestamp(rs_env *e) { return (uint32_t)load_word(e, NS_RC_CURR_END).w[0]; }
uint16_t rc_default_operator_split_bips(rs_env *e) { return (uint16_t)load_word(e, NS_RC_DEFAULT_SPLIT).w[0]; }

rs_addr rc_claimer_for(rs_env *e, rs_addr earner) {
    rs_key k = rc_key_addr(NS_RC_CLAIMER, earner);
    return rs_sload_addr(e->st, &k);
}

u256 rc_cumulative_claimed(rs_env *e, rs_addr earner, rs_addr token) {
    rs_key k = rc_key_addr2(NS_RC_CUM_CLAIMED, earner, token);
    return rs_sload(e->st, &k);
}

u256 rc_submission_nonce(rs_env *e, rs_addr submitter) {
    rs_key k = rc_key_addr(NS_RC_NONCE, submitter);
    return rs_sload(e->st, &k);
}

static rs_key hash_key(rc_hash_kind kind, rs_addr submitter, rs_b32 hash) {
    rs_key k = rs_key_ns(NS_RC_HASH);
    uint8_t kb = (uint8_t)kind;
    rs_key_bytes(&k, &kb, 1);
    rs_key_addr(&k, submitter);
    rs_key_b32(&k, hash);
    return k;
}

bool rc_is_submission_hash(rs_env *e, rc_hash_kind kind, rs_addr submitter, rs_b32 hash) {
    rs_key k = hash_key(kind, submitter, hash);
    return rs_sload_bool(e->st, &k);
}

void rc_record_submission(rs_env *e, rc_hash_kind kind, rs_addr submitter, rs_b32 hash, u256 nonce) {
    rs_key hk = hash_key(kind, submitter, hash), nk = rc_key_addr(NS_RC_NONCE, submitter);
    rs_sstore_bool(e->st, &hk, true);
    rs_sstore(e->st, &nk, u256_add_wrap(nonce, U256_ONE));
}

bool rc_is_rewards_for_all_submitter(rs_env *e, rs_addr submitter) {
    rs_key k = rc_key_addr(NS_RC_FOR_ALL_SUBMITTER, submitter);
    return rs_sload_bool(e->st, &k);
}

bool rc_is_opted_in_for_protocol_fee(rs_env *e, rs_addr submitter) {
    rs_key k = rc_key_addr(NS_RC_OPT_IN, submitter);
    return rs_sload_bool(e->st, &k);
}
