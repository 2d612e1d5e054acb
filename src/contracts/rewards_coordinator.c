/* The RewardsCoordinator surface: decodes the structs of each call into the
 * protocol's views of them and encodes the returns. */
#include <stdlib.h>
#include <string.h>

#include "contracts/pausable.h"
#include "protocol/pausing.h"
#include "protocol/rewards.h"
#include "contracts/dispatch.h"
#include "restake/contracts.h"

#define SUB "((address,uint96)[],address,uint256,uint32,uint32)"
#define OD "((address,uint96)[],address,(address,uint256)[],uint32,uint32,string)"
#define CLAIM "(uint32,uint32,bytes,(address,bytes32),uint32[],bytes[],(address,uint256)[])"

/* Scratch memory of one call: everything decoded lives until the call ends. */
static void *scratch(rs_arena *a, size_t n) {
    void *p = rs_arena_alloc(a, n ? n : 1);
    if (!p) abort();
    return p;
}

static uint32_t u32_of(const abi_val *v) { return (uint32_t)abi_u64(v); }

static rc_strategy_multiplier *decode_strategies(rs_arena *a, const abi_val *v) {
    rc_strategy_multiplier *s = scratch(a, v->n * sizeof *s);
    for (size_t i = 0; i < v->n; i++) {
        s[i].strategy = abi_addr(&v->items[i].items[0]);
        s[i].multiplier = abi_u256(&v->items[i].items[1]);
    }
    return s;
}

static rc_submission *decode_submissions(rs_arena *a, const abi_val *list) {
    rc_submission *out = scratch(a, list->n * sizeof *out);
    for (size_t i = 0; i < list->n; i++) {
        const abi_val *f = list->items[i].items;
        out[i] = (rc_submission){decode_strategies(a, &f[0]), f[0].n, abi_addr(&f[1]), abi_u256(&f[2]), u32_of(&f[3]),
                                 u32_of(&f[4])};
    }
    return out;
}

static rc_od_submission *decode_od_submissions(rs_arena *a, const abi_val *list) {
    rc_od_submission *out = scratch(a, list->n * sizeof *out);
    for (size_t i = 0; i < list->n; i++) {
        const abi_val *f = list->items[i].items;
        rc_operator_reward *r = scratch(a, f[2].n * sizeof *r);
        for (size_t j = 0; j < f[2].n; j++) {
            r[j].operator_ = abi_addr(&f[2].items[j].items[0]);
            r[j].amount = abi_u256(&f[2].items[j].items[1]);
        }
        out[i] = (rc_od_submission){decode_strategies(a, &f[0]), f[0].n, abi_addr(&f[1]), r, f[2].n, u32_of(&f[3]),
                                    u32_of(&f[4]), f[5].ptr, f[5].len};
    }
    return out;
}

static void decode_claim(rs_arena *a, const abi_val *v, rc_claim *c) {
    const abi_val *f = v->items;
    uint32_t *idx = scratch(a, f[4].n * sizeof *idx);
    for (size_t i = 0; i < f[4].n; i++) idx[i] = u32_of(&f[4].items[i]);
    rc_bytes *proofs = scratch(a, f[5].n * sizeof *proofs);
    for (size_t i = 0; i < f[5].n; i++) proofs[i] = (rc_bytes){f[5].items[i].ptr, f[5].items[i].len};
    rc_token_leaf *leaves = scratch(a, f[6].n * sizeof *leaves);
    for (size_t i = 0; i < f[6].n; i++)
        leaves[i] = (rc_token_leaf){abi_addr(&f[6].items[i].items[0]), abi_u256(&f[6].items[i].items[1])};
    *c = (rc_claim){
        .root_index = u32_of(&f[0]),
        .earner_index = u32_of(&f[1]),
        .earner_proof = {f[2].ptr, f[2].len},
        .earner = abi_addr(&f[3].items[0]),
        .earner_token_root = abi_b32(&f[3].items[1]),
        .token_indices = idx,
        .nindices = f[4].n,
        .token_proofs = proofs,
        .nproofs = f[5].n,
        .token_leaves = leaves,
        .nleaves = f[6].n,
    };
}

static int done(rs_arena *a, int rc) {
    rs_arena_free(a);
    return rc;
}

/* ---- submissions ---- */

typedef int (*plain_submit_fn)(rs_env *, rs_addr, const rc_submission *, size_t);

static int submit_plain(rs_env *e, rs_addr sender, const abi_val *list, plain_submit_fn fn) {
    rs_arena a;
    rs_arena_init(&a, 0);
    rc_submission *s = decode_submissions(&a, list);
    return done(&a, fn(e, sender, s, list->n));
}

static int m_create_avs(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return submit_plain(e, msg->sender, &args[0], rc_create_avs_rewards_submission);
}

static int m_create_for_all(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return submit_plain(e, msg->sender, &args[0], rc_create_rewards_for_all_submission);
}

static int m_create_for_all_earners(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return submit_plain(e, msg->sender, &args[0], rc_create_rewards_for_all_earners);
}

static int m_create_eigen_da(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_arena a;
    rs_arena_init(&a, 0);
    rc_submission *s = decode_submissions(&a, &args[1]);
    return done(&a, rc_create_eigen_da_rewards_submission(e, msg->sender, abi_addr(&args[0]), s, args[1].n));
}

typedef int (*set_submit_fn)(rs_env *, rs_addr, rs_addr, uint32_t, const rc_submission *, size_t);

static int submit_set(rs_env *e, rs_addr sender, const abi_val *args, set_submit_fn fn) {
    rs_arena a;
    rs_arena_init(&a, 0);
    rc_submission *s = decode_submissions(&a, &args[1]);
    return done(&a, fn(e, sender, abi_addr(&args[0].items[0]), u32_of(&args[0].items[1]), s, args[1].n));
}

static int m_create_unique_stake(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return submit_set(e, msg->sender, args, rc_create_unique_stake_rewards_submission);
}

static int m_create_total_stake(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return submit_set(e, msg->sender, args, rc_create_total_stake_rewards_submission);
}

static int m_create_od_avs(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_arena a;
    rs_arena_init(&a, 0);
    rc_od_submission *s = decode_od_submissions(&a, &args[1]);
    return done(&a, rc_create_operator_directed_avs_rewards_submission(e, msg->sender, abi_addr(&args[0]), s, args[1].n));
}

static int m_create_od_set(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_arena a;
    rs_arena_init(&a, 0);
    rc_od_submission *s = decode_od_submissions(&a, &args[1]);
    return done(&a, rc_create_operator_directed_operator_set_rewards_submission(
                        e, msg->sender, abi_addr(&args[0].items[0]), u32_of(&args[0].items[1]), s, args[1].n));
}

/* ---- roots and claims ---- */

static int m_submit_root(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_submit_root(e, msg->sender, abi_b32(&args[0]), u32_of(&args[1]));
}

static int m_disable_root(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_disable_root(e, msg->sender, u32_of(&args[0]));
}

static int m_process_claim(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_arena a;
    rs_arena_init(&a, 0);
    rc_claim c;
    decode_claim(&a, &args[0], &c);
    return done(&a, rc_process_claim(e, msg->sender, &c, abi_addr(&args[1])));
}

static int m_process_claims(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_arena a;
    rs_arena_init(&a, 0);
    rc_claim *c = scratch(&a, args[0].n * sizeof *c);
    for (size_t i = 0; i < args[0].n; i++) decode_claim(&a, &args[0].items[i], &c[i]);
    return done(&a, rc_process_claims(e, msg->sender, c, args[0].n, abi_addr(&args[1])));
}

static int m_check_claim(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_arena a;
    rs_arena_init(&a, 0);
    rc_claim c;
    decode_claim(&a, &args[0], &c);
    int rc = rc_check_claim(e, &c);
    if (rc == RS_OK) rs_buf_word_bool(ret, 1);
    return done(&a, rc);
}

/* ---- splits, claimers, roles ---- */

static int m_set_claimer(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_claimer_for(e, msg->sender, abi_addr(&args[0]));
}

static int m_set_claimer_for_earner(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_claimer_for_earner(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]));
}

static int m_set_activation_delay(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_activation_delay(e, msg->sender, u32_of(&args[0]));
}

static int m_set_default_split(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_default_operator_split(e, msg->sender, (uint16_t)abi_u64(&args[0]));
}

static int m_set_fee_recipient(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_fee_recipient(e, msg->sender, abi_addr(&args[0]));
}

static int m_set_avs_split(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_operator_avs_split(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]), (uint16_t)abi_u64(&args[2]));
}

static int m_set_pi_split(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_operator_pi_split(e, msg->sender, abi_addr(&args[0]), (uint16_t)abi_u64(&args[1]));
}

static int m_set_set_split(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_operator_set_split(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1].items[0]),
                                     u32_of(&args[1].items[1]), (uint16_t)abi_u64(&args[2]));
}

static int m_set_opt_in(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_opt_in_for_protocol_fee(e, msg->sender, abi_addr(&args[0]), abi_bool(&args[1]));
}

static int m_set_updater(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_rewards_updater(e, msg->sender, abi_addr(&args[0]));
}

static int m_set_for_all_submitter(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_set_rewards_for_all_submitter(e, msg->sender, abi_addr(&args[0]), abi_bool(&args[1]));
}

static int m_transfer_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return rc_transfer_ownership(e, msg->sender, abi_addr(&args[0]));
}

static int m_renounce_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args, (void)ret;
    return rc_renounce_ownership(e, msg->sender);
}

/* ---- views ---- */

static void put_root(rs_buf *ret, const rc_distribution_root *r) {
    rs_buf_word_b32(ret, r->root);
    rs_buf_word_u64(ret, r->rewards_calculation_end_timestamp);
    rs_buf_word_u64(ret, r->activated_at);
    rs_buf_word_bool(ret, r->disabled);
}

static int m_roots_length(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_u64(ret, rc_distribution_roots_length(e));
    return RS_OK;
}

static int m_root_at(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rc_distribution_root r;
    if (rc_get_distribution_root_at_index(e, abi_u256(&args[0]), &r) != RS_OK) return RS_REVERTED;
    put_root(ret, &r);
    return RS_OK;
}

static int m_current_root(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rc_distribution_root r;
    if (rc_get_current_distribution_root(e, &r) != RS_OK) return RS_REVERTED;
    put_root(ret, &r);
    return RS_OK;
}

static int m_current_claimable_root(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rc_distribution_root r;
    rc_get_current_claimable_distribution_root(e, &r);
    put_root(ret, &r);
    return RS_OK;
}

static int m_root_index_from_hash(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    uint32_t i;
    if (rc_get_root_index_from_hash(e, abi_b32(&args[0]), &i) != RS_OK) return RS_REVERTED;
    rs_buf_word_u64(ret, i);
    return RS_OK;
}

static int m_earner_leaf_hash(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    rs_buf_word_b32(ret, rc_earner_leaf_hash(abi_addr(&args[0].items[0]), abi_b32(&args[0].items[1])));
    return RS_OK;
}

static int m_token_leaf_hash(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    rs_buf_word_b32(ret, rc_token_leaf_hash(abi_addr(&args[0].items[0]), abi_u256(&args[0].items[1])));
    return RS_OK;
}

static int m_avs_split(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_u64(ret, rc_get_operator_avs_split(e, abi_addr(&args[0]), abi_addr(&args[1])));
    return RS_OK;
}

static int m_pi_split(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_u64(ret, rc_get_operator_pi_split(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_set_split(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_u64(ret, rc_get_operator_set_split(e, abi_addr(&args[0]), abi_addr(&args[1].items[0]),
                                                   u32_of(&args[1].items[1])));
    return RS_OK;
}

static int m_claimer_for(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_addr(ret, rc_claimer_for(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_cumulative_claimed(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word(ret, rc_cumulative_claimed(e, abi_addr(&args[0]), abi_addr(&args[1])));
    return RS_OK;
}

static int m_submission_nonce(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word(ret, rc_submission_nonce(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_is_for_all_submitter(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, rc_is_rewards_for_all_submitter(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_is_opted_in(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, rc_is_opted_in_for_protocol_fee(e, abi_addr(&args[0])));
    return RS_OK;
}

static int is_hash(rs_env *e, const abi_val *args, rs_buf *ret, rc_hash_kind kind) {
    rs_buf_word_bool(ret, rc_is_submission_hash(e, kind, abi_addr(&args[0]), abi_b32(&args[1])));
    return RS_OK;
}

#define IS_HASH_VIEW(fn, kind)                                                                   \
    static int fn(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) { \
        (void)msg;                                                                               \
        return is_hash(e, args, ret, kind);                                                      \
    }
IS_HASH_VIEW(m_is_avs_hash, RC_HASH_AVS)
IS_HASH_VIEW(m_is_for_all_hash, RC_HASH_FOR_ALL)
IS_HASH_VIEW(m_is_for_all_earners_hash, RC_HASH_FOR_ALL_EARNERS)
IS_HASH_VIEW(m_is_od_avs_hash, RC_HASH_OD_AVS)
IS_HASH_VIEW(m_is_od_set_hash, RC_HASH_OD_OPERATOR_SET)
IS_HASH_VIEW(m_is_unique_stake_hash, RC_HASH_UNIQUE_STAKE)
IS_HASH_VIEW(m_is_total_stake_hash, RC_HASH_TOTAL_STAKE)

/* Getters of one word computed from the environment. */
#define WORD_VIEW(fn, expr)                                                                      \
    static int fn(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) { \
        (void)msg, (void)args;                                         \
        rs_buf_word(ret, (expr));                                                                \
        return RS_OK;                                                                            \
    }
WORD_VIEW(m_activation_delay, u256_from_u64(rc_activation_delay(e)))
WORD_VIEW(m_curr_end, u256_from_u64(rc_curr_rewards_calculation_end_timestamp(e)))
WORD_VIEW(m_default_split, u256_from_u64(rc_default_operator_split_bips(e)))
WORD_VIEW(m_rewards_updater, rs_addr_to_u256(rc_rewards_updater(e)))
WORD_VIEW(m_fee_recipient, rs_addr_to_u256(rc_fee_recipient(e)))
WORD_VIEW(m_owner, rs_addr_to_u256(rc_owner(e)))
WORD_VIEW(m_calc_interval, u256_from_u64(e->p->calculation_interval_seconds))
WORD_VIEW(m_max_duration, u256_from_u64(e->p->max_rewards_duration))
WORD_VIEW(m_max_retroactive, u256_from_u64(e->p->max_retroactive_length))
WORD_VIEW(m_max_future, u256_from_u64(e->p->max_future_length))
WORD_VIEW(m_genesis_ts, u256_from_u64(e->p->genesis_rewards_timestamp))
WORD_VIEW(m_beacon_strategy, rs_addr_to_u256(e->p->beacon_chain_eth_strategy))
WORD_VIEW(m_delegation_manager, rs_addr_to_u256(e->p->delegation_manager))
WORD_VIEW(m_strategy_manager, rs_addr_to_u256(e->p->strategy_manager))
WORD_VIEW(m_allocation_manager, rs_addr_to_u256(e->p->allocation_manager))
WORD_VIEW(m_emissions_controller, rs_addr_to_u256(e->p->emissions_controller))
WORD_VIEW(m_permission_controller, rs_addr_to_u256(e->p->permission_controller))

static rs_method g_methods[] = {
    {"initialize(address,uint256,address,uint32,uint16,address)", rs_method_already_initialized, false, 0, NULL},
    {"createEigenDARewardsSubmission(address," SUB "[])", m_create_eigen_da, false, 0, NULL},
    {"createAVSRewardsSubmission(" SUB "[])", m_create_avs, false, 0, NULL},
    {"createRewardsForAllSubmission(" SUB "[])", m_create_for_all, false, 0, NULL},
    {"createRewardsForAllEarners(" SUB "[])", m_create_for_all_earners, false, 0, NULL},
    {"createOperatorDirectedAVSRewardsSubmission(address," OD "[])", m_create_od_avs, false, 0, NULL},
    {"createOperatorDirectedOperatorSetRewardsSubmission((address,uint32)," OD "[])", m_create_od_set, false, 0, NULL},
    {"createUniqueStakeRewardsSubmission((address,uint32)," SUB "[])", m_create_unique_stake, false, 0, NULL},
    {"createTotalStakeRewardsSubmission((address,uint32)," SUB "[])", m_create_total_stake, false, 0, NULL},
    {"processClaim(" CLAIM ",address)", m_process_claim, false, 0, NULL},
    {"processClaims(" CLAIM "[],address)", m_process_claims, false, 0, NULL},
    {"submitRoot(bytes32,uint32)", m_submit_root, false, 0, NULL},
    {"disableRoot(uint32)", m_disable_root, false, 0, NULL},
    {"setClaimerFor(address)", m_set_claimer, false, 0, NULL},
    {"setClaimerFor(address,address)", m_set_claimer_for_earner, false, 0, NULL},
    {"setActivationDelay(uint32)", m_set_activation_delay, false, 0, NULL},
    {"setDefaultOperatorSplit(uint16)", m_set_default_split, false, 0, NULL},
    {"setFeeRecipient(address)", m_set_fee_recipient, false, 0, NULL},
    {"setOperatorAVSSplit(address,address,uint16)", m_set_avs_split, false, 0, NULL},
    {"setOperatorPISplit(address,uint16)", m_set_pi_split, false, 0, NULL},
    {"setOperatorSetSplit(address,(address,uint32),uint16)", m_set_set_split, false, 0, NULL},
    {"setOptInForProtocolFee(address,bool)", m_set_opt_in, false, 0, NULL},
    {"setRewardsUpdater(address)", m_set_updater, false, 0, NULL},
    {"setRewardsForAllSubmitter(address,bool)", m_set_for_all_submitter, false, 0, NULL},
    {"transferOwnership(address)", m_transfer_ownership, false, 0, NULL},
    {"renounceOwnership()", m_renounce_ownership, false, 0, NULL},
    {"owner()", m_owner, false, 0, NULL},
    {"activationDelay()", m_activation_delay, false, 0, NULL},
    {"currRewardsCalculationEndTimestamp()", m_curr_end, false, 0, NULL},
    {"defaultOperatorSplitBips()", m_default_split, false, 0, NULL},
    {"rewardsUpdater()", m_rewards_updater, false, 0, NULL},
    {"feeRecipient()", m_fee_recipient, false, 0, NULL},
    {"claimerFor(address)", m_claimer_for, false, 0, NULL},
    {"cumulativeClaimed(address,address)", m_cumulative_claimed, false, 0, NULL},
    {"submissionNonce(address)", m_submission_nonce, false, 0, NULL},
    {"isRewardsForAllSubmitter(address)", m_is_for_all_submitter, false, 0, NULL},
    {"isOptedInForProtocolFee(address)", m_is_opted_in, false, 0, NULL},
    {"isAVSRewardsSubmissionHash(address,bytes32)", m_is_avs_hash, false, 0, NULL},
    {"isRewardsSubmissionForAllHash(address,bytes32)", m_is_for_all_hash, false, 0, NULL},
    {"isRewardsSubmissionForAllEarnersHash(address,bytes32)", m_is_for_all_earners_hash, false, 0, NULL},
    {"isOperatorDirectedAVSRewardsSubmissionHash(address,bytes32)", m_is_od_avs_hash, false, 0, NULL},
    {"isOperatorDirectedOperatorSetRewardsSubmissionHash(address,bytes32)", m_is_od_set_hash, false, 0, NULL},
    {"isUniqueStakeRewardsSubmissionHash(address,bytes32)", m_is_unique_stake_hash, false, 0, NULL},
    {"isTotalStakeRewardsSubmissionHash(address,bytes32)", m_is_total_stake_hash, false, 0, NULL},
    {"getOperatorAVSSplit(address,address)", m_avs_split, false, 0, NULL},
    {"getOperatorPISplit(address)", m_pi_split, false, 0, NULL},
    {"getOperatorSetSplit(address,(address,uint32))", m_set_split, false, 0, NULL},
    {"calculateEarnerLeafHash((address,bytes32))", m_earner_leaf_hash, false, 0, NULL},
    {"calculateTokenLeafHash((address,uint256))", m_token_leaf_hash, false, 0, NULL},
    {"checkClaim(" CLAIM ")", m_check_claim, false, 0, NULL},
    {"getDistributionRootsLength()", m_roots_length, false, 0, NULL},
    {"getDistributionRootAtIndex(uint256)", m_root_at, false, 0, NULL},
    {"getCurrentDistributionRoot()", m_current_root, false, 0, NULL},
    {"getCurrentClaimableDistributionRoot()", m_current_claimable_root, false, 0, NULL},
    {"getRootIndexFromHash(bytes32)", m_root_index_from_hash, false, 0, NULL},
    {"CALCULATION_INTERVAL_SECONDS()", m_calc_interval, false, 0, NULL},
    {"MAX_REWARDS_DURATION()", m_max_duration, false, 0, NULL},
    {"MAX_RETROACTIVE_LENGTH()", m_max_retroactive, false, 0, NULL},
    {"MAX_FUTURE_LENGTH()", m_max_future, false, 0, NULL},
    {"GENESIS_REWARDS_TIMESTAMP()", m_genesis_ts, false, 0, NULL},
    {"beaconChainETHStrategy()", m_beacon_strategy, false, 0, NULL},
    {"delegationManager()", m_delegation_manager, false, 0, NULL},
    {"strategyManager()", m_strategy_manager, false, 0, NULL},
    {"allocationManager()", m_allocation_manager, false, 0, NULL},
    {"emissionsController()", m_emissions_controller, false, 0, NULL},
    {"permissionController()", m_permission_controller, false, 0, NULL},
    PAUSABLE_METHODS,
};

int rs_contract_rewards_coordinator(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_methods, sizeof g_methods / sizeof g_methods[0], msg, ret);
}
