/* Operator splits (AVS, programmatic incentives, operator set) with their
 * activation delay and the default split, and the claimers of earners. */
#include "protocol/allocation.h"
#include "protocol/delegation.h"
#include "protocol/pausing.h"
#include "protocol/rewards_internal.h"
#include "protocol/strategy.h"

/* OperatorSplit {uint16 oldSplitBips; uint16 newSplitBips; uint32 activatedAt}. */
typedef struct {
    uint16_t old_bips, new_bips;
    uint32_t activated_at;
} split;

#define SPLIT_UNINITIALIZED UINT16_MAX

static split split_load(rs_env *e, const rs_key *k) {
    uint64_t w = rs_sload_u64(e->st, k);
    return (split){(uint16_t)w, (uint16_t)(w >> 16), (uint32_t)(w >> 32)};
}

static void split_store(rs_env *e, const rs_key *k, split s) {
    rs_sstore_u64(e->st, k, (uint64_t)s.old_bips | (uint64_t)s.new_bips << 16 | (uint64_t)s.activated_at << 32);
}

/* _getOperatorSplit: the default before the first split activates. */
static uint16_t split_effective(rs_env *e, split s) {
    if (s.activated_at == 0 || (s.old_bips == SPLIT_UNINITIALIZED && e->timestamp < s.activated_at))
        return rc_default_operator_split_bips(e);
    return e->timestamp >= s.activated_at ? s.new_bips : s.old_bips;
}

static rs_key avs_key(rs_addr operator_, rs_addr avs) { return rc_key_addr2(NS_RC_SPLIT_AVS, operator_, avs); }
static rs_key pi_key(rs_addr operator_) { return rc_key_addr(NS_RC_SPLIT_PI, operator_); }
static rs_key set_key(rs_addr operator_, rs_addr avs, uint32_t set_id) {
    rs_key k = rc_key_addr(NS_RC_SPLIT_SET, operator_);
    rs_key_b32(&k, sm_operator_set_key(avs, set_id));
    return k;
}

/* The common body of the three setters, after their own checks: activatedAt,
 * the split in force, _setOperatorSplit. */
static int set_split(rs_env *e, const rs_key *k, uint16_t bips, uint32_t *activated_at, uint16_t *old_split) {
    if (rc_activated_at(e, activated_at) != RS_OK) return RS_REVERTED;
    split s = split_load(e, k);
    *old_split = split_effective(e, s);
    if (bips > RC_ONE_HUNDRED_IN_BIPS) return rs_revert(e, "SplitExceedsMax()");
    if (e->timestamp <= s.activated_at) return rs_revert(e, "PreviousSplitPending()");
    s.old_bips = s.activated_at == 0 ? SPLIT_UNINITIALIZED : s.new_bips;
    s.new_bips = bips;
    s.activated_at = *activated_at;
    split_store(e, k, s);
    return RS_OK;
}

static void put_split_tail(rs_buf *b, uint32_t activated_at, uint16_t old_split, uint16_t new_split) {
    rs_buf_word_u64(b, activated_at);
    rs_buf_word_u64(b, old_split);
    rs_buf_word_u64(b, new_split);
}

int rc_set_operator_avs_split(rs_env *e, rs_addr msg_sender, rs_addr operator_, rs_addr avs, uint16_t bips) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_OPERATOR_AVS_SPLIT) != RS_OK) return RS_REVERTED;
    if (rc_check_can_call(e, operator_, msg_sender, "setOperatorAVSSplit(address,address,uint16)") != RS_OK)
        return RS_REVERTED;
    rs_key k = avs_key(operator_, avs);
    uint32_t at;
    uint16_t old;
    if (set_split(e, &k, bips, &at, &old) != RS_OK) return RS_REVERTED;
    rs_b32 topics[3] = {rs_topic_addr(msg_sender), rs_topic_addr(operator_), rs_topic_addr(avs)};
    rs_buf d;
    rs_buf_init(&d);
    put_split_tail(&d, at, old, bips);
    rs_emit(e, rc_self(e), "OperatorAVSSplitBipsSet(address,address,address,uint32,uint16,uint16)", 3, topics, d.p,
            d.len);
    rs_buf_free(&d);
    return RS_OK;
}

int rc_set_operator_pi_split(rs_env *e, rs_addr msg_sender, rs_addr operator_, uint16_t bips) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_OPERATOR_PI_SPLIT) != RS_OK) return RS_REVERTED;
    if (rc_check_can_call(e, operator_, msg_sender, "setOperatorPISplit(address,uint16)") != RS_OK)
        return RS_REVERTED;
    rs_key k = pi_key(operator_);
    uint32_t at;
    uint16_t old;
    if (set_split(e, &k, bips, &at, &old) != RS_OK) return RS_REVERTED;
    rs_b32 topics[2] = {rs_topic_addr(msg_sender), rs_topic_addr(operator_)};
    rs_buf d;
    rs_buf_init(&d);
    put_split_tail(&d, at, old, bips);
    rs_emit(e, rc_self(e), "OperatorPISplitBipsSet(address,address,uint32,uint16,uint16)", 2, topics, d.p, d.len);
    rs_buf_free(&d);
    return RS_OK;
}

int rc_set_operator_set_split(rs_env *e, rs_addr msg_sender, rs_addr operator_, rs_addr avs, uint32_t set_id,
                              uint16_t bips) {
    if (pause_require_not_paused(e, rc_self(e), RC_PAUSED_OPERATOR_SET_SPLIT) != RS_OK) return RS_REVERTED;
    if (rc_check_can_call(e, operator_, msg_sender, "setOperatorSetSplit(address,(address,uint32),uint16)") != RS_OK)
        return RS_REVERTED;
    if (!am_is_operator_set(e, (am_opset){avs, set_id})) return rs_revert(e, "InvalidOperatorSet()");
    rs_key k = set_key(operator_, avs, set_id);
    uint32_t at;
    uint16_t old;
    if (set_split(e, &k, bips, &at, &old) != RS_OK) return RS_REVERTED;
    rs_b32 topics[2] = {rs_topic_addr(msg_sender), rs_topic_addr(operator_)};
    rs_buf d;
    rs_buf_init(&d);
    rs_buf_word_addr(&d, avs);
    rs_buf_word_u64(&d, set_id);
    put_split_tail(&d, at, old, bips);
    rs_emit(e, rc_self(e), "OperatorSetSplitBipsSet(address,address,(address,uint32),uint32,uint16,uint16)", 2, topics,
            d.p, d.len);
    rs_buf_free(&d);
    return RS_OK;
}

uint16_t rc_get_operator_avs_split(rs_env *e, rs_addr operator_, rs_addr avs) {
    rs_key k = avs_key(operator_, avs);
    return split_effective(e, split_load(e, &k));
}

uint16_t rc_get_operator_pi_split(rs_env *e, rs_addr operator_) {
    rs_key k = pi_key(operator_);
    return split_effective(e, split_load(e, &k));
}

uint16_t rc_get_operator_set_split(rs_env *e, rs_addr operator_, rs_addr avs, uint32_t set_id) {
    rs_key k = set_key(operator_, avs, set_id);
    return split_effective(e, split_load(e, &k));
}

/* ---- claimers ---- */

static void set_claimer(rs_env *e, rs_addr earner, rs_addr claimer) {
    rs_key k = rc_key_addr(NS_RC_CLAIMER, earner);
    rs_addr prev = rs_sload_addr(e->st, &k);
    rs_sstore_addr(e->st, &k, claimer);
    rs_b32 topics[3] = {rs_topic_addr(earner), rs_topic_addr(prev), rs_topic_addr(claimer)};
    rs_emit(e, rc_self(e), "ClaimerForSet(address,address,address)", 3, topics, NULL, 0);
}

int rc_set_claimer_for(rs_env *e, rs_addr msg_sender, rs_addr claimer) {
    set_claimer(e, msg_sender, claimer);
    return RS_OK;
}

int rc_set_claimer_for_earner(rs_env *e, rs_addr msg_sender, rs_addr earner, rs_addr claimer) {
    if (rc_check_can_call(e, earner, msg_sender, "setClaimerFor(address,address)") != RS_OK) return RS_REVERTED;
    if (!dm_is_operator(e, earner) && am_get_operator_set_count(e, earner) == 0) return rs_revert(e, "InvalidEarner()");
    set_claimer(e, earner, claimer);
    return RS_OK;
}
