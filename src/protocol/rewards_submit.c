/* Rewards submissions of every kind: validation in the reference's order,
 * token custody, the opt-in protocol fee, the recorded hashes and events. */
#include "protocol/reentrancy.h"
#include <stdlib.h>
#include <string.h>

#include "protocol/allocation.h"
#include "protocol/erc20.h"
#include "protocol/pausing.h"
#include "protocol/rewards_internal.h"
#include "protocol/strategy.h"
#include "restake/keccak.h"

#define SIG_SUBMISSION "((address,uint96)[],address,uint256,uint32,uint32)"
#define SIG_OD_SUBMISSION "((address,uint96)[],address,(address,uint256)[],uint32,uint32,string)"

/* ---- encodings and hashes ---- */

static void put_strategies(rs_buf *b, const rc_strategy_multiplier *s, size_t n) {
    rs_buf_word_u64(b, n);
    for (size_t i = 0; i < n; i++) {
        rs_buf_word_addr(b, s[i].strategy);
        rs_buf_word(b, s[i].multiplier);
    }
}

void rc_encode_submission(rs_buf *b, const rc_submission *s) {
    rs_buf_word_u64(b, 5 * 32);
    rs_buf_word_addr(b, s->token);
    rs_buf_word(b, s->amount);
    rs_buf_word_u64(b, s->start_timestamp);
    rs_buf_word_u64(b, s->duration);
    put_strategies(b, s->strategies, s->nstrategies);
}

void rc_encode_od_submission(rs_buf *b, const rc_od_submission *s) {
    size_t off_strategies = 6 * 32;
    size_t off_rewards = off_strategies + 32 + 64 * s->nstrategies;
    size_t off_description = off_rewards + 32 + 64 * s->nrewards;
    rs_buf_word_u64(b, off_strategies);
    rs_buf_word_addr(b, s->token);
    rs_buf_word_u64(b, off_rewards);
    rs_buf_word_u64(b, s->start_timestamp);
    rs_buf_word_u64(b, s->duration);
    rs_buf_word_u64(b, off_description);
    put_strategies(b, s->strategies, s->nstrategies);
    rs_buf_word_u64(b, s->nrewards);
    for (size_t i = 0; i < s->nrewards; i++) {
        rs_buf_word_addr(b, s->rewards[i].operator_);
        rs_buf_word(b, s->rewards[i].amount);
    }
    rs_buf_abi_bytes(b, s->description, s->description_len);
}

static rs_b32 hash_buf(rs_buf *b) {
    rs_b32 h = rs_keccak(b->p, b->len);
    rs_buf_free(b);
    return h;
}

rs_b32 rc_submission_hash(rs_addr submitter, u256 nonce, const rc_submission *s) {
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_word_addr(&b, submitter);
    rs_buf_word(&b, nonce);
    rs_buf_word_u64(&b, 3 * 32);
    rc_encode_submission(&b, s);
    return hash_buf(&b);
}

rs_b32 rc_od_submission_hash(rs_addr submitter, u256 nonce, const rc_od_submission *s) {
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_word_addr(&b, submitter);
    rs_buf_word(&b, nonce);
    rs_buf_word_u64(&b, 3 * 32);
    rc_encode_od_submission(&b, s);
    return hash_buf(&b);
}

/* ---- events ---- */

/* (address indexed, uint256 indexed nonce, bytes32 indexed hash, RewardsSubmission). */
static void emit_submission(rs_env *e, const char *sig, rs_addr who, u256 nonce, rs_b32 hash,
                            const rc_submission *s) {
    rs_b32 topics[3] = {rs_topic_addr(who), rs_topic_u256(nonce), hash};
    rs_buf d;
    rs_buf_init(&d);
    rs_buf_word_u64(&d, 32);
    rc_encode_submission(&d, s);
    rs_emit(e, rc_self(e), sig, 3, topics, d.p, d.len);
    rs_buf_free(&d);
}

/* (address indexed caller, bytes32 indexed hash, OperatorSet, uint256 nonce, RewardsSubmission). */
static void emit_set_submission(rs_env *e, const char *sig, rs_addr caller, rs_b32 hash, rs_addr avs,
                                uint32_t set_id, u256 nonce, const rc_submission *s) {
    rs_b32 topics[2] = {rs_topic_addr(caller), hash};
    rs_buf d;
    rs_buf_init(&d);
    rs_buf_word_addr(&d, avs);
    rs_buf_word_u64(&d, set_id);
    rs_buf_word(&d, nonce);
    rs_buf_word_u64(&d, 4 * 32);
    rc_encode_submission(&d, s);
    rs_emit(e, rc_self(e), sig, 2, topics, d.p, d.len);
    rs_buf_free(&d);
}

/* ---- validation ---- */

static int validate_common(rs_env *e, const rc_strategy_multiplier *strategies, size_t n, uint32_t start,
                           uint32_t duration) {
    const rs_params *p = e->p;
    if (n == 0) return rs_revert(e, "InputArrayLengthZero()");
    if (duration > p->max_rewards_duration) return rs_revert(e, "DurationExceedsMax()");
    if (p->calculation_interval_seconds == 0) return rs_panic(e, PANIC_DIV_ZERO);
    if (duration % p->calculation_interval_seconds != 0) return rs_revert(e, "InvalidDurationRemainder()");
    if (duration == 0) return rs_revert(e, "DurationIsZero()");
    if (start % p->calculation_interval_seconds != 0) return rs_revert(e, "InvalidStartTimestampRemainder()");
    if (e->timestamp < p->max_retroactive_length) return rs_panic(e, PANIC_OVERFLOW);
    if (e->timestamp - p->max_retroactive_length > start || p->genesis_rewards_timestamp > start)
        return rs_revert(e, "StartTimestampTooFarInPast()");
    rs_addr prev = RS_ADDR_ZERO;
    for (size_t i = 0; i < n; i++) {
        rs_addr s = strategies[i].strategy;
        if (!sm_strategy_is_whitelisted_for_deposit(e, s) && !rs_addr_eq(s, p->beacon_chain_eth_strategy))
            return rs_revert(e, "StrategyNotWhitelisted()");
        if (rs_addr_cmp(prev, s) >= 0) return rs_revert(e, "StrategiesNotInAscendingOrder()");
        prev = s;
    }
    return RS_OK;
}

static int validate_submission(rs_env *e, const rc_submission *s) {
    if (validate_common(e, s->strategies, s->nstrategies, s->start_timestamp, s->duration) != RS_OK)
        return RS_REVERTED;
    if (u256_is_zero(s->amount)) return rs_revert(e, "AmountIsZero()");
    if (u256_gt(s->amount, e->p->max_rewards_amount)) return rs_revert(e, "AmountExceedsMax()");
    if ((uint64_t)s->start_timestamp > e->timestamp + e->p->max_future_length)
        return rs_revert(e, "StartTimestampTooFarInFuture()");
    return RS_OK;
}

/* amount * PROTOCOL_FEE_BIPS / ONE_HUNDRED_IN_BIPS, checked (Panic 0x11). */
static int protocol_fee(rs_env *e, u256 amount, u256 *fee) {
    u256 prod;
    if (!u256_mul(&prod, amount, u256_from_u64(e->p->protocol_fee_bips))) return rs_panic(e, PANIC_OVERFLOW);
    rs_cannot_fail(u256_div(fee, prod, u256_from_u64(RC_ONE_HUNDRED_IN_BIPS)));
    return RS_OK;
}

/* _takeProtocolFee: sends the fee of an opted-in msg.sender to the fee recipient. */
static int take_protocol_fee(rs_env *e, rs_addr msg_sender, rs_addr token, u256 before, u256 *after) {
    u256 fee;
    if (protocol_fee(e, before, &fee) != RS_OK) return RS_REVERTED;
    *after = before;
    if (rc_is_opted_in_for_protocol_fee(e, msg_sender) && !u256_is_zero(fee)) {
        if (erc20_transfer(e, rc_self(e), token, rc_fee_recipient(e), fee) != RS_OK) return RS_REVERTED;
        *after = u256_sub_wrap(before, fee);
    }
    return RS_OK;
}

/* Validate, take custody, take the fee: s->amount becomes the net amount. */
static int custody_submission(rs_env *e, rs_addr msg_sender, rc_submission *s) {
    if (validate_submission(e, s) != RS_OK) return RS_REVERTED;
    if (erc20_transfer_from(e, rc_self(e), s->token, msg_sender, rc_self(e), s->amount) != RS_OK)
        return RS_REVERTED;
    return take_protocol_fee(e, msg_sender, s->token, s->amount, &s->amount);
}

/* ---- AVS and EigenDA ---- */

static int create_avs_submissions(rs_env *e, rs_addr msg_sender, rs_addr avs, const rc_submission *subs, size_t n) {
    for (size_t i = 0; i < n; i++) {
        rc_submission s = subs[i];
        if (custody_submission(e, msg_sender, &s) != RS_OK) return RS_REVERTED;
        u256 nonce = rc_submission_nonce(e, avs);
        rs_b32 hash = rc_submission_hash(avs, nonce, &s);
        rc_record_submission(e, RC_HASH_AVS, avs, hash, nonce);
        emit_submission(e, "AVSRewardsSubmissionCreated(address,uint256,bytes32," SIG_SUBMISSION ")", avs, nonce,
                        hash, &s);
    }
    return RS_OK;
}

int rc_create_avs_rewards_submission(rs_env *e, rs_addr msg_sender, const rc_submission *s, size_t n) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_AVS_REWARDS_SUBMISSION) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, rc_self(e)) != RS_OK) return RS_REVERTED;
    int rc = create_avs_submissions(e, msg_sender, msg_sender, s, n);
    guard_exit(e, rc_self(e));
    return rc;
}

int rc_create_eigen_da_rewards_submission(rs_env *e, rs_addr msg_sender, rs_addr avs, const rc_submission *s,
                                          size_t n) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_AVS_REWARDS_SUBMISSION) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, rc_self(e)) != RS_OK) return RS_REVERTED;
    int rc = rs_addr_eq(msg_sender, e->p->emissions_controller) ? create_avs_submissions(e, msg_sender, avs, s, n)
                                                                 : rs_revert(e, "UnauthorizedCaller()");
    guard_exit(e, rc_self(e));
    return rc;
}

/* ---- rewards for all ---- */

static int create_for_all_guarded(rs_env *e, rs_addr msg_sender, const rc_submission *subs, size_t n,
                                  rc_hash_kind kind, const char *event_sig) {
    for (size_t i = 0; i < n; i++) {
        const rc_submission *s = &subs[i];
        u256 nonce = rc_submission_nonce(e, msg_sender);
        rs_b32 hash = rc_submission_hash(msg_sender, nonce, s);
        if (validate_submission(e, s) != RS_OK) return RS_REVERTED;
        rc_record_submission(e, kind, msg_sender, hash, nonce);
        emit_submission(e, event_sig, msg_sender, nonce, hash, s);
        if (erc20_transfer_from(e, rc_self(e), s->token, msg_sender, rc_self(e), s->amount) != RS_OK)
            return RS_REVERTED;
    }
    return RS_OK;
}

static int create_for_all(rs_env *e, rs_addr msg_sender, const rc_submission *subs, size_t n, rc_hash_kind kind,
                          const char *event_sig) {
    if (!rc_is_rewards_for_all_submitter(e, msg_sender)) return rs_revert(e, "UnauthorizedCaller()");
    if (guard_enter(e, rc_self(e)) != RS_OK) return RS_REVERTED;
    int rc = create_for_all_guarded(e, msg_sender, subs, n, kind, event_sig);
    guard_exit(e, rc_self(e));
    return rc;
}

int rc_create_rewards_for_all_submission(rs_env *e, rs_addr msg_sender, const rc_submission *s, size_t n) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_REWARDS_FOR_ALL_SUBMISSION) != RS_OK) return RS_REVERTED;
    return create_for_all(e, msg_sender, s, n, RC_HASH_FOR_ALL,
                          "RewardsSubmissionForAllCreated(address,uint256,bytes32," SIG_SUBMISSION ")");
}

int rc_create_rewards_for_all_earners(rs_env *e, rs_addr msg_sender, const rc_submission *s, size_t n) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_REWARD_ALL_STAKERS_AND_OPERATORS) != RS_OK)
        return RS_REVERTED;
    return create_for_all(e, msg_sender, s, n, RC_HASH_FOR_ALL_EARNERS,
                          "RewardsSubmissionForAllEarnersCreated(address,uint256,bytes32," SIG_SUBMISSION ")");
}

/* ---- operator sets: unique and total stake ---- */

static int require_operator_set(rs_env *e, rs_addr avs, uint32_t set_id) {
    am_opset set = {avs, set_id};
    return am_is_operator_set(e, set) ? RS_OK : rs_revert(e, "InvalidOperatorSet()");
}

static int create_set_submissions(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t set_id,
                                  const rc_submission *subs, size_t n, unsigned pause_flag, const char *method_sig,
                                  rc_hash_kind kind, const char *event_sig) {
    if (pause_require_not_paused(e, rc_self(e), pause_flag) != RS_OK) return RS_REVERTED;
    if (rc_check_can_call(e, avs, msg_sender, method_sig) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, rc_self(e)) != RS_OK) return RS_REVERTED;
    int rc = require_operator_set(e, avs, set_id);
    for (size_t i = 0; i < n && rc == RS_OK; i++) {
        rc_submission s = subs[i];
        rc = custody_submission(e, msg_sender, &s);
        if (rc != RS_OK) break;
        u256 nonce = rc_submission_nonce(e, avs);
        rs_b32 hash = rc_submission_hash(avs, nonce, &s);
        rc_record_submission(e, kind, avs, hash, nonce);
        emit_set_submission(e, event_sig, msg_sender, hash, avs, set_id, nonce, &s);
    }
    guard_exit(e, rc_self(e));
    return rc;
}

int rc_create_unique_stake_rewards_submission(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t set_id,
                                              const rc_submission *s, size_t n) {
    return create_set_submissions(
        e, msg_sender, avs, set_id, s, n, RC_PAUSED_UNIQUE_STAKE_REWARDS_SUBMISSION,
        "createUniqueStakeRewardsSubmission((address,uint32)," SIG_SUBMISSION "[])", RC_HASH_UNIQUE_STAKE,
        "UniqueStakeRewardsSubmissionCreated(address,bytes32,(address,uint32),uint256," SIG_SUBMISSION ")");
}

int rc_create_total_stake_rewards_submission(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t set_id,
                                             const rc_submission *s, size_t n) {
    return create_set_submissions(
        e, msg_sender, avs, set_id, s, n, RC_PAUSED_TOTAL_STAKE_REWARDS_SUBMISSION,
        "createTotalStakeRewardsSubmission((address,uint32)," SIG_SUBMISSION "[])", RC_HASH_TOTAL_STAKE,
        "TotalStakeRewardsSubmissionCreated(address,bytes32,(address,uint32),uint256," SIG_SUBMISSION ")");
}

/* ---- operator-directed ---- */

/* _validateOperatorDirectedRewardsSubmission: rewards (a private copy) end
 * net of the fee when msg.sender is opted in. */
static int validate_od(rs_env *e, rs_addr msg_sender, rs_addr submitter, u256 nonce, rc_od_submission *s,
                       rc_operator_reward *rewards, rs_b32 *hash, u256 *before, u256 *after) {
    if (validate_common(e, s->strategies, s->nstrategies, s->start_timestamp, s->duration) != RS_OK)
        return RS_REVERTED;
    if (s->nrewards == 0) return rs_revert(e, "InputArrayLengthZero()");
    uint64_t end = (uint64_t)s->start_timestamp + s->duration;
    if (end > UINT32_MAX) return rs_panic(e, PANIC_OVERFLOW);
    if (end >= e->timestamp) return rs_revert(e, "SubmissionNotRetroactive()");
    bool fee_on = rc_is_opted_in_for_protocol_fee(e, msg_sender);
    rs_addr last = RS_ADDR_ZERO;
    *before = *after = U256_ZERO;
    for (size_t i = 0; i < s->nrewards; i++) {
        rc_operator_reward *r = &rewards[i];
        if (rs_addr_is_zero(r->operator_)) return rs_revert(e, "InvalidAddressZero()");
        if (rs_addr_cmp(last, r->operator_) >= 0) return rs_revert(e, "OperatorsNotInAscendingOrder()");
        if (u256_is_zero(r->amount)) return rs_revert(e, "AmountIsZero()");
        if (!u256_add(before, *before, r->amount)) return rs_panic(e, PANIC_OVERFLOW);
        u256 fee;
        if (protocol_fee(e, r->amount, &fee) != RS_OK) return RS_REVERTED;
        if (fee_on && !u256_is_zero(fee)) r->amount = u256_sub_wrap(r->amount, fee);
        if (!u256_add(after, *after, r->amount)) return rs_panic(e, PANIC_OVERFLOW);
        last = r->operator_;
    }
    if (u256_gt(*before, e->p->max_rewards_amount)) return rs_revert(e, "AmountExceedsMax()");
    s->rewards = rewards;
    *hash = rc_od_submission_hash(submitter, nonce, s);
    return RS_OK;
}

typedef struct {
    rc_hash_kind kind;
    bool operator_set;
    uint32_t set_id;
} od_target;

static void emit_od(rs_env *e, rs_addr msg_sender, rs_addr avs, const od_target *t, rs_b32 hash, u256 nonce,
                    const rc_od_submission *s) {
    rs_buf d;
    rs_buf_init(&d);
    if (t->operator_set) {
        rs_b32 topics[2] = {rs_topic_addr(msg_sender), hash};
        rs_buf_word_addr(&d, avs);
        rs_buf_word_u64(&d, t->set_id);
        rs_buf_word(&d, nonce);
        rs_buf_word_u64(&d, 4 * 32);
        rc_encode_od_submission(&d, s);
        rs_emit(e, rc_self(e),
                "OperatorDirectedOperatorSetRewardsSubmissionCreated(address,bytes32,(address,uint32),uint256," SIG_OD_SUBMISSION
                ")",
                2, topics, d.p, d.len);
    } else {
        rs_b32 topics[3] = {rs_topic_addr(msg_sender), rs_topic_addr(avs), hash};
        rs_buf_word(&d, nonce);
        rs_buf_word_u64(&d, 2 * 32);
        rc_encode_od_submission(&d, s);
        rs_emit(e, rc_self(e),
                "OperatorDirectedAVSRewardsSubmissionCreated(address,address,bytes32,uint256," SIG_OD_SUBMISSION ")", 3,
                topics, d.p, d.len);
    }
    rs_buf_free(&d);
}

/* One operator-directed submission: validate (amounts net of the fee in a
 * private copy), custody of the gross amount, the fee, record, emit. */
static int create_od_one(rs_env *e, rs_addr msg_sender, rs_addr avs, const od_target *t, const rc_od_submission *in) {
    rc_od_submission s = *in;
    rc_operator_reward *rewards = malloc((s.nrewards ? s.nrewards : 1) * sizeof *rewards);
    if (!rewards) abort();
    if (s.nrewards) memcpy(rewards, in->rewards, s.nrewards * sizeof *rewards);
    u256 nonce = rc_submission_nonce(e, avs), before, after;
    rs_b32 hash;
    int rc = validate_od(e, msg_sender, avs, nonce, &s, rewards, &hash, &before, &after);
    if (rc == RS_OK) rc = erc20_transfer_from(e, rc_self(e), s.token, msg_sender, rc_self(e), before);
    if (rc == RS_OK && !u256_eq(before, after))
        rc = erc20_transfer(e, rc_self(e), s.token, rc_fee_recipient(e), u256_sub_wrap(before, after));
    if (rc == RS_OK) {
        rc_record_submission(e, t->kind, avs, hash, nonce);
        emit_od(e, msg_sender, avs, t, hash, nonce, &s);
    }
    free(rewards);
    return rc;
}

int rc_create_operator_directed_avs_rewards_submission(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                                       const rc_od_submission *s, size_t n) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_OPERATOR_DIRECTED_AVS_REWARDS_SUBMISSION) != RS_OK)
        return RS_REVERTED;
    if (rc_check_can_call(e, avs, msg_sender,
                          "createOperatorDirectedAVSRewardsSubmission(address," SIG_OD_SUBMISSION "[])") != RS_OK)
        return RS_REVERTED;
    if (guard_enter(e, rc_self(e)) != RS_OK) return RS_REVERTED;
    od_target t = {RC_HASH_OD_AVS, false, 0};
    int rc = RS_OK;
    for (size_t i = 0; i < n && rc == RS_OK; i++) rc = create_od_one(e, msg_sender, avs, &t, &s[i]);
    guard_exit(e, rc_self(e));
    return rc;
}

int rc_create_operator_directed_operator_set_rewards_submission(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                                                uint32_t set_id, const rc_od_submission *s,
                                                                size_t n) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_OPERATOR_DIRECTED_OPERATOR_SET_REWARDS_SUBMISSION) != RS_OK)
        return RS_REVERTED;
    if (rc_check_can_call(e, avs, msg_sender,
                          "createOperatorDirectedOperatorSetRewardsSubmission((address,uint32)," SIG_OD_SUBMISSION
                          "[])") != RS_OK)
        return RS_REVERTED;
    if (guard_enter(e, rc_self(e)) != RS_OK) return RS_REVERTED;
    int rc = require_operator_set(e, avs, set_id);
    od_target t = {RC_HASH_OD_OPERATOR_SET, true, set_id};
    for (size_t i = 0; i < n && rc == RS_OK; i++) rc = create_od_one(e, msg_sender, avs, &t, &s[i]);
    guard_exit(e, rc_self(e));
    return rc;
}
