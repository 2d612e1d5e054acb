/* Distribution roots (submit, disable, the root views) and Merkle claims. */
#include "protocol/reentrancy.h"
#include "protocol/erc20.h"
#include "protocol/pausing.h"
#include "protocol/rewards_internal.h"

/* ---- roots ---- */

static int only_rewards_updater(rs_env *e, rs_addr msg_sender) {
    return rs_addr_eq(msg_sender, rc_rewards_updater(e)) ? RS_OK : rs_revert(e, "UnauthorizedCaller()");
}

int rc_submit_root(rs_env *e, rs_addr msg_sender, rs_b32 root, uint32_t end) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_SUBMIT_DISABLE_ROOTS) != RS_OK) return RS_REVERTED;
    if (only_rewards_updater(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (end <= rc_curr_rewards_calculation_end_timestamp(e)) return rs_revert(e, "NewRootMustBeForNewCalculatedPeriod()");
    if (end >= e->timestamp) return rs_revert(e, "RewardsEndTimestampNotElapsed()");
    uint64_t index = rc_distribution_roots_length(e);
    rc_distribution_root r = {root, end, 0, false};
    if (rc_activated_at(e, &r.activated_at) != RS_OK) return RS_REVERTED;
    rc_root_store(e, index, &r);
    rs_key lk = rs_key_ns(NS_RC_ROOTS_LEN), ek = rs_key_ns(NS_RC_CURR_END);
    rs_sstore_u64(e->st, &lk, index + 1);
    rs_sstore_u64(e->st, &ek, end);
    rs_b32 topics[3] = {rs_topic_u256(u256_from_u64((uint32_t)index)), root, rs_topic_u256(u256_from_u64(end))};
    uint8_t data[32];
    u256_to_be(u256_from_u64(r.activated_at), data);
    rs_emit(e, rc_self(e), "DistributionRootSubmitted(uint32,bytes32,uint32,uint32)", 3, topics, data, 32);
    return RS_OK;
}

int rc_disable_root(rs_env *e, rs_addr msg_sender, uint32_t root_index) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_SUBMIT_DISABLE_ROOTS) != RS_OK) return RS_REVERTED;
    if (only_rewards_updater(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (root_index >= rc_distribution_roots_length(e)) return rs_revert(e, "InvalidRootIndex()");
    rc_distribution_root r;
    rc_root_load(e, root_index, &r);
    if (r.disabled) return rs_revert(e, "RootDisabled()");
    if (e->timestamp >= r.activated_at) return rs_revert(e, "RootAlreadyActivated()");
    r.disabled = true;
    rc_root_store(e, root_index, &r);
    rs_b32 topic = rs_topic_u256(u256_from_u64(root_index));
    rs_emit(e, rc_self(e), "DistributionRootDisabled(uint32)", 1, &topic, NULL, 0);
    return RS_OK;
}

/* ---- root views ---- */

int rc_get_distribution_root_at_index(rs_env *e, u256 index, rc_distribution_root *out) {
    if (!u256_lt(index, u256_from_u64(rc_distribution_roots_length(e)))) return rs_panic(e, PANIC_ARRAY_INDEX);
    rc_root_load(e, index.w[0], out);
    return RS_OK;
}

int rc_get_current_distribution_root(rs_env *e, rc_distribution_root *out) {
    uint64_t n = rc_distribution_roots_length(e);
    if (n == 0) return rs_panic(e, PANIC_OVERFLOW);
    rc_root_load(e, n - 1, out);
    return RS_OK;
}

void rc_get_current_claimable_distribution_root(rs_env *e, rc_distribution_root *out) {
    for (uint64_t i = rc_distribution_roots_length(e); i > 0; i--) {
        rc_root_load(e, i - 1, out);
        if (!out->disabled && e->timestamp >= out->activated_at) return;
    }
    *out = (rc_distribution_root){RS_B32_ZERO, 0, 0, false};
}

int rc_get_root_index_from_hash(rs_env *e, rs_b32 root, uint32_t *index) {
    /* The loop counter is a uint32 starting at uint32(length). */
    for (uint32_t i = (uint32_t)rc_distribution_roots_length(e); i > 0; i--) {
        rs_key hk = rc_key_index(NS_RC_ROOT_HASH, i - 1);
        if (rs_b32_eq(rs_b32_from_u256(rs_sload(e->st, &hk)), root)) {
            *index = i - 1;
            return RS_OK;
        }
    }
    return rs_revert(e, "InvalidRoot()");
}

/* ---- claims ---- */

static int load_claim_root(rs_env *e, uint32_t index, rc_distribution_root *r) {
    if (index >= rc_distribution_roots_length(e)) return rs_panic(e, PANIC_ARRAY_INDEX);
    rc_root_load(e, index, r);
    return RS_OK;
}

static int check_claim_against(rs_env *e, const rc_claim *c, const rc_distribution_root *r) {
    if (r->disabled) return rs_revert(e, "RootDisabled()");
    if (e->timestamp < r->activated_at) return rs_revert(e, "RootNotActivated()");
    if (c->nindices != c->nproofs) return rs_revert(e, "InputArrayLengthMismatch()");
    if (c->nproofs != c->nleaves) return rs_revert(e, "InputArrayLengthMismatch()");
    if (rc_verify_inclusion(e, r->root, c->earner_index, c->earner_proof.p, c->earner_proof.len,
                            rc_earner_leaf_hash(c->earner, c->earner_token_root), "InvalidEarnerLeafIndex()") != RS_OK)
        return RS_REVERTED;
    for (size_t i = 0; i < c->nindices; i++) {
        const rc_token_leaf *leaf = &c->token_leaves[i];
        if (rc_verify_inclusion(e, c->earner_token_root, c->token_indices[i], c->token_proofs[i].p,
                                c->token_proofs[i].len, rc_token_leaf_hash(leaf->token, leaf->cumulative_earnings),
                                "InvalidTokenLeafIndex()") != RS_OK)
            return RS_REVERTED;
    }
    return RS_OK;
}

int rc_check_claim(rs_env *e, const rc_claim *c) {
    rc_distribution_root r;
    if (load_claim_root(e, c->root_index, &r) != RS_OK) return RS_REVERTED;
    return check_claim_against(e, c, &r);
}

static void emit_claimed(rs_env *e, rs_b32 root, rs_addr earner, rs_addr claimer, rs_addr recipient, rs_addr token,
                         u256 amount) {
    rs_b32 topics[3] = {rs_topic_addr(earner), rs_topic_addr(claimer), rs_topic_addr(recipient)};
    uint8_t data[96];
    memcpy(data, root.b, 32);
    memcpy(data + 32, rs_topic_addr(token).b, 32);
    u256_to_be(amount, data + 64);
    rs_emit(e, rc_self(e), "RewardsClaimed(bytes32,address,address,address,address,uint256)", 3, topics, data, 96);
}

/* _processClaim. */
static int process_one(rs_env *e, rs_addr msg_sender, const rc_claim *c, rs_addr recipient) {
    rc_distribution_root r;
    if (load_claim_root(e, c->root_index, &r) != RS_OK) return RS_REVERTED;
    if (check_claim_against(e, c, &r) != RS_OK) return RS_REVERTED;
    rs_addr earner = c->earner, claimer = rc_claimer_for(e, earner);
    if (rs_addr_is_zero(claimer)) claimer = earner;
    if (!rs_addr_eq(msg_sender, claimer)) return rs_revert(e, "UnauthorizedCaller()");
    for (size_t i = 0; i < c->nindices; i++) {
        const rc_token_leaf *leaf = &c->token_leaves[i];
        rs_key k = rc_key_addr2(NS_RC_CUM_CLAIMED, earner, leaf->token);
        u256 claimed = rs_sload(e->st, &k);
        if (!u256_gt(leaf->cumulative_earnings, claimed)) return rs_revert(e, "EarningsNotGreaterThanClaimed()");
        u256 amount = u256_sub_wrap(leaf->cumulative_earnings, claimed);
        rs_sstore(e->st, &k, leaf->cumulative_earnings);
        if (erc20_transfer(e, rc_self(e), leaf->token, recipient, amount) != RS_OK) return RS_REVERTED;
        emit_claimed(e, r.root, earner, claimer, recipient, leaf->token, amount);
    }
    return RS_OK;
}

int rc_process_claim(rs_env *e, rs_addr msg_sender, const rc_claim *claim, rs_addr recipient) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_PROCESS_CLAIM) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, rc_self(e)) != RS_OK) return RS_REVERTED;
    int rc = process_one(e, msg_sender, claim, recipient);
    guard_exit(e, rc_self(e));
    return rc;
}

int rc_process_claims(rs_env *e, rs_addr msg_sender, const rc_claim *claims, size_t n, rs_addr recipient) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_PROCESS_CLAIM) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, rc_self(e)) != RS_OK) return RS_REVERTED;
    int rc = RS_OK;
    for (size_t i = 0; i < n && rc == RS_OK; i++) rc = process_one(e, msg_sender, &claims[i], recipient);
    guard_exit(e, rc_self(e));
    return rc;
}
