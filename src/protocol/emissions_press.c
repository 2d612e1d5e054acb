/* EmissionsController.pressButton and sweep: the epoch's mint (bEIGEN minted
 * and wrapped into EIGEN), then each distribution in id order — skipped
 * silently, sent to the incentive council (Manual), or submitted to the
 * RewardsCoordinator by a low-level call whose failure is only reported. */
#include <assert.h>
#include <string.h>

#include "protocol/eigen_token.h"
#include "protocol/emissions_internal.h"
#include "protocol/pausing.h"
#include "protocol/reentrancy.h"
#include "restake/limits.h"

static rs_addr self(rs_env *e) { return e->p->emissions_controller; }

/* The first press of an epoch: approvals, then mint and wrap
 * EMISSIONS_INFLATION_RATE (every step a high-level call: reverts bubble). */
static int mint_epoch(rs_env *e) {
    const rs_params *p = e->p;
    u256 rate = p->emissions_inflation_rate;
    if (et_approve(e, self(e), p->backing_eigen, p->eigen, rate) != RS_OK) return RS_REVERTED;
    if (et_approve(e, self(e), p->eigen, p->rewards_coordinator, rate) != RS_OK) return RS_REVERTED;
    if (et_backing_mint(e, self(e), self(e), rate) != RS_OK) return RS_REVERTED;
    return et_wrap(e, self(e), rate);
}

/* ---- the RewardsCoordinator call ---- */

/* One RewardsSubmission tuple: (strategiesAndMultipliers, EIGEN, amount,
 * startTimestamp, duration). */
static void put_submission(rs_env *e, rs_buf *b, const abi_val *sam, u256 amount, uint32_t start, uint32_t duration) {
    rs_buf_word_u64(b, 5 * 32);
    rs_buf_word_addr(b, e->p->eigen);
    rs_buf_word(b, amount);
    rs_buf_word_u64(b, start);
    rs_buf_word_u64(b, duration);
    rs_buf_word_u64(b, sam->n);
    for (size_t i = 0; i < sam->n; i++) {
        rs_buf_word(b, sam->items[i].items[0].word);
        rs_buf_word(b, sam->items[i].items[1].word);
    }
}

/* The RewardsSubmission[] (length, offsets, tuples), one per entry of
 * strategiesAndMultipliers. */
static void put_submissions(rs_env *e, rs_buf *b, const abi_val *all, u256 amount, uint32_t start, uint32_t duration) {
    rs_buf_word_u64(b, all->n);
    size_t heads = b->len;
    rs_buf_zeros(b, 32 * all->n);
    for (size_t i = 0; i < all->n; i++) {
        rs_buf_set_word(b, heads + 32 * i, u256_from_u64(b->len - heads));
        put_submission(e, b, &all->items[i], amount, start, duration);
    }
}

static bool is_disallowed_error(rs_env *e) {
    if (e->revert_len == 0) return true;
    static const char reentrant[] = "ReentrancyGuard: reentrant call";
    uint8_t want[4 + 32 * 3];
    memset(want, 0, sizeof want);
    rs_selector_put(want, rs_sig_selector("Error(string)"));
    want[4 + 31] = 0x20;
    want[4 + 63] = (uint8_t)(sizeof reentrant - 1);
    memcpy(want + 4 + 64, reentrant, sizeof reentrant - 1);
    return e->revert_len == sizeof want && memcmp(e->revert, want, sizeof want) == 0;
}

/* _tryCallRewardsCoordinator: *success is the call's; a failure with empty
 * revert data or the reentrancy error reverts MaliciousCallDetected. */
static int call_coordinator(rs_env *e, ec_distribution_type t, const abi_val *d, u256 amount, uint32_t start,
                            bool *success) {
    rs_buf cd;
    rs_buf_init(&cd);
    const abi_val *set = &d->items[4];
    switch (t) {
    case EC_REWARDS_FOR_ALL_EARNERS:
        rs_buf_selector(&cd, "createRewardsForAllEarners(((address,uint96)[],address,uint256,uint32,uint32)[])");
        rs_buf_word_u64(&cd, 32);
        break;
    case EC_OPERATOR_SET_UNIQUE_STAKE:
    case EC_OPERATOR_SET_TOTAL_STAKE:
        rs_buf_selector(&cd, t == EC_OPERATOR_SET_UNIQUE_STAKE
                                 ? "createUniqueStakeRewardsSubmission((address,uint32),((address,uint96)[],address,uint256,uint32,uint32)[])"
                                 : "createTotalStakeRewardsSubmission((address,uint32),((address,uint96)[],address,uint256,uint32,uint32)[])");
        rs_buf_word(&cd, set->items[0].word);
        rs_buf_word(&cd, set->items[1].word);
        rs_buf_word_u64(&cd, 3 * 32);
        break;
    case EC_EIGEN_DA:
        rs_buf_selector(&cd, "createEigenDARewardsSubmission(address,((address,uint96)[],address,uint256,uint32,uint32)[])");
        rs_buf_word(&cd, set->items[0].word);
        rs_buf_word_u64(&cd, 2 * 32);
        break;
    default: assert(0); break;
    }
    put_submissions(e, &cd, &d->items[5], amount, start, (uint32_t)e->p->emissions_epoch_length.w[0]);
    int rc = rs_call(e, self(e), e->p->rewards_coordinator, U256_ZERO, cd.p, cd.len, NULL);
    rs_buf_free(&cd);
    *success = rc == RS_OK;
    if (!*success && is_disallowed_error(e)) return rs_revert(e, "MaliciousCallDetected()");
    return RS_OK;
}

/* Manual: a low-level EIGEN.transfer(incentiveCouncil, amount). */
static bool send_to_council(rs_env *e, u256 amount) {
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_selector(&cd, "transfer(address,uint256)");
    rs_buf_word_addr(&cd, ec_incentive_council(e));
    rs_buf_word(&cd, amount);
    int rc = rs_call(e, self(e), e->p->eigen, U256_ZERO, cd.p, cd.len, NULL);
    rs_buf_free(&cd);
    return rc == RS_OK;
}

static void emit_processed(rs_env *e, uint64_t id, u256 epoch, uint64_t stored_id, bool success) {
    rs_b32 topics[2] = {rs_topic_u256(u256_from_u64(id)), rs_topic_u256(epoch)};
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_word_u64(&b, 64);
    rs_buf_word_bool(&b, success);
    ec_distribution_load(e, stored_id, &b);
    rs_emit(e, self(e),
            "DistributionProcessed(uint256,uint256,(uint64,uint64,uint64,uint8,(address,uint32),(address,uint96)[][]),bool)",
            2, topics, b.p, b.len);
    rs_buf_free(&b);
}

/* _processDistribution of an active distribution. */
static int process(rs_env *e, uint64_t id, const abi_val *d, u256 epoch, uint32_t start) {
    ec_distribution_type t = (ec_distribution_type)abi_u64(&d->items[3]);
    u256 total;
    if (!u256_mul(&total, e->p->emissions_inflation_rate, d->items[0].word)) return rs_panic(e, PANIC_OVERFLOW);
    rs_cannot_fail(u256_div(&total, total, e->p->emissions_max_total_weight));
    if (u256_is_zero(total)) return RS_OK;
    bool success;
    if (t != EC_MANUAL) {
        u256 n = u256_from_u64(d->items[5].n);
        if (u256_gt(n, total)) return RS_OK;
        u256 each;
        if (!u256_div(&each, total, n)) return rs_panic(e, PANIC_DIV_ZERO);
        if (call_coordinator(e, t, d, each, start, &success) != RS_OK) return RS_REVERTED;
    } else {
        success = send_to_council(e, total);
    }
    emit_processed(e, id, epoch, id, success);
    return RS_OK;
}

/* Whether distribution d is active in `epoch` (Panic 0x11 when startEpoch +
 * totalEpochs overflows uint64, as the reference's checked sum does). */
static int is_active(rs_env *e, const abi_val *d, u256 epoch, bool *active) {
    *active = false;
    if (abi_u64(&d->items[3]) == EC_DISABLED) return RS_OK;
    uint64_t start = abi_u64(&d->items[1]), n = abi_u64(&d->items[2]);
    if (u256_gt(u256_from_u64(start), epoch)) return RS_OK;
    if (n != 0) {
        if (start > UINT64_MAX - n) return rs_panic(e, PANIC_OVERFLOW);
        if (!u256_lt(epoch, u256_from_u64(start + n))) return RS_OK;
    }
    *active = true;
    return RS_OK;
}

static int press_range(rs_env *e, u256 epoch, uint64_t first, uint64_t last) {
    u256 start;
    if (ec_epoch_start(e, epoch, &start) != RS_OK) return RS_REVERTED;
    int rc = RS_OK;
    for (uint64_t id = first; id < last && rc == RS_OK; id++) {
        rs_arena a;
        rs_arena_init(&a, 0);
        abi_val d;
        bool active = false;
        rc = ec_distribution_decode(e, id, &a, &d);
        if (rc == RS_OK) rc = is_active(e, &d, epoch, &active);
        if (rc == RS_OK && active) rc = process(e, id, &d, epoch, (uint32_t)start.w[0]);
        rs_arena_free(&a);
    }
    return rc;
}

static int press_guarded(rs_env *e, u256 length) {
    if (pause_require_not_paused(e, self(e), EC_PAUSED_TOKEN_FLOWS) != RS_OK) return RS_REVERTED;
    u256 epoch = ec_current_epoch(e);
    if (u256_eq(epoch, U256_MAX)) return rs_revert(e, "EmissionsNotStarted()");
    uint64_t processable = ec_total_processable(e), next = ec_epoch_processed(e, epoch);
    if (next >= processable) return rs_revert(e, "AllDistributionsProcessed()");
    if (!ec_epoch_minted(e, epoch)) {
        if (mint_epoch(e) != RS_OK) return RS_REVERTED;
        ec_set_epoch_minted(e, epoch);
    }
    u256 last;
    if (!u256_add(&last, u256_from_u64(next), length)) return rs_panic(e, PANIC_OVERFLOW);
    uint64_t end = u256_gt(last, u256_from_u64(processable)) ? processable : last.w[0];
    assert(end <= RS_EC_DISTRIBUTIONS_MAX);
    if (press_range(e, epoch, next, end) != RS_OK) return RS_REVERTED;
    ec_set_epoch_processed(e, epoch, end);
    return RS_OK;
}

int ec_press_button(rs_env *e, rs_addr msg_sender, u256 length) {
    (void)msg_sender; /* permissionless */
    if (guard_enter(e, self(e)) != RS_OK) return RS_REVERTED;
    int rc = press_guarded(e, length);
    guard_exit(e, self(e));
    return rc;
}

int ec_sweep(rs_env *e, rs_addr msg_sender) {
    (void)msg_sender;
    if (guard_enter(e, self(e)) != RS_OK) return RS_REVERTED;
    int rc = pause_require_not_paused(e, self(e), EC_PAUSED_TOKEN_FLOWS);
    if (rc == RS_OK) {
        u256 amount = et_balance_of(e, e->p->eigen, self(e));
        if (!ec_is_button_pressable(e) && !u256_is_zero(amount)) {
            rs_addr council = ec_incentive_council(e);
            rc = et_transfer(e, self(e), e->p->eigen, council, amount);
            if (rc == RS_OK) {
                rs_b32 topic = rs_topic_addr(council);
                uint8_t data[32];
                u256_to_be(amount, data);
                rs_emit(e, self(e), "Swept(address,uint256)", 1, &topic, data, 32);
            }
        }
    }
    guard_exit(e, self(e));
    return rc;
}
