/* DelegationManager withdrawal queue: undelegation, queueing, completion. */
#include "protocol/reentrancy.h"
#include <stdlib.h>

#include "protocol/delegation_internal.h"
#include "protocol/enumset.h"
#include "protocol/pausing.h"
#include "protocol/slashing_math.h"
#include "restake/buf.h"


/* Per-strategy scratch arrays: a handful of strategies per call, so they
 * live on the stack unless the list is long. */
#define SMALL_N 8

static u256 *words_alloc(u256 small[SMALL_N], size_t n) {
    if (n > SMALL_N) return rs_xcalloc(n, sizeof(u256));
    memset(small, 0, SMALL_N * sizeof(u256));
    return small;
}

static void words_free(u256 small[SMALL_N], u256 *p) {
    if (p != small) free(p);
}

u256 dm_cumulative_withdrawals_queued(rs_env *e, rs_addr staker) {
    rs_key k = dmk_addr(NS_DM_CUM_QUEUED, staker);
    return rs_sload(e->st, &k);
}

bool dm_pending_withdrawal(rs_env *e, rs_b32 root) {
    rs_key k = rs_key_ns(NS_DM_PENDING);
    rs_key_b32(&k, root);
    return rs_sload_bool(e->st, &k);
}

static void set_pending(rs_env *e, rs_b32 root, bool v) {
    rs_key k = rs_key_ns(NS_DM_PENDING);
    rs_key_b32(&k, root);
    rs_sstore_bool(e->st, &k, v);
}

static void emit_queued(rs_env *e, rs_b32 root, const dm_withdrawal *w, const u256 *withdrawable) {
    rs_buf b;
    rs_buf_init(&b);
    /* one allocation of the final size instead of doubling from 64 bytes */
    rs_buf_zeros(&b, 4 * 32 + 7 * 32 + 4 * 32 + 3 * 32 * w->n);
    rs_buf_reset(&b);
    rs_buf_word_b32(&b, root);
    rs_buf_word_u64(&b, 3 * 32);
    rs_buf_word_u64(&b, 0); /* patched below, after the tuple's length is known */
    dm_withdrawal_encode(&b, w);
    rs_buf_set_word(&b, 64, u256_from_u64(b.len));
    rs_buf_word_u64(&b, w->n);
    for (size_t i = 0; i < w->n; i++) rs_buf_word(&b, withdrawable[i]);
    rs_emit(e, dm_self(e),
            "SlashingWithdrawalQueued(bytes32,(address,address,address,uint256,uint32,address[],uint256[]),uint256[])",
            0, NULL, b.p, b.len);
    rs_buf_free(&b);
}

/* _removeSharesAndQueueWithdrawal */
static int remove_and_queue(rs_env *e, rs_addr staker, rs_addr operator_, const rs_addr *strategies, size_t n,
                            const u256 *deposit_shares, const u256 *factors, rs_b32 *root_out) {
    if (rs_addr_is_zero(staker)) return rs_revert(e, "InputAddressZero()");
    if (n == 0) return rs_revert(e, "InputArrayLengthZero()");

    u256 small_scaled[SMALL_N], small_withdrawable[SMALL_N];
    u256 *scaled = words_alloc(small_scaled, n);
    u256 *withdrawable = words_alloc(small_withdrawable, n);
    int rc = RS_REVERTED;
    for (size_t i = 0; i < n; i++) {
        u256 dsf = dm_dsf_raw(e, staker, strategies[i]);
        if (sl_calc_withdrawable(e, &withdrawable[i], dsf, deposit_shares[i], factors[i]) != RS_OK) goto out;
        if (sl_scale_for_queue_withdrawal(e, &scaled[i], dsf, deposit_shares[i]) != RS_OK) goto out;
        if (!rs_addr_is_zero(operator_)) {
            /* Queued shares stay slashable for the delay: track them per block. */
            if (dm_add_queued_slashable_shares(e, operator_, strategies[i], scaled[i]) != RS_OK) goto out;
            if (dm_decrease_delegation(e, operator_, staker, strategies[i], withdrawable[i]) != RS_OK) goto out;
        }
        u256 after;
        if (dm_sm_remove_deposit_shares(e, staker, strategies[i], deposit_shares[i], &after) != RS_OK) goto out;
        if (u256_is_zero(after)) {
            /* A fully withdrawn position must not carry its factor into later deposits. */
            dm_dsf_store(e, staker, strategies[i], U256_ZERO);
            dm_emit_dsf_updated(e, staker, strategies[i], sl_wad());
        }
    }

    rs_key ck = dmk_addr(NS_DM_CUM_QUEUED, staker);
    u256 nonce = rs_sload(e->st, &ck), next;
    if (!u256_add(&next, nonce, U256_ONE)) {
        rc = rs_panic(e, PANIC_OVERFLOW);
        goto out;
    }
    rs_sstore(e->st, &ck, next);

    dm_withdrawal w = {.staker = staker,
                       .delegated_to = operator_,
                       .withdrawer = staker,
                       .nonce = nonce,
                       .start_block = (uint32_t)e->block_number,
                       .n = n,
                       .strategies = (rs_addr *)strategies,
                       .scaled_shares = scaled};
    rs_b32 root = dm_withdrawal_root(&w);
    set_pending(e, root, true);
    dm_withdrawal_store(e, root, &w);
    rs_key rk = dmk_roots(staker);
    enumset_add(e->st, &rk, rs_b32_to_u256(root));
    emit_queued(e, root, &w, withdrawable);
    *root_out = root;
    rc = RS_OK;
out:
    words_free(small_scaled, scaled);
    words_free(small_withdrawable, withdrawable);
    return rc;
}

int dm_undelegate_internal(rs_env *e, rs_addr staker, rs_b32 **roots, size_t *nroots) {
    *roots = NULL;
    *nroots = 0;
    if (pause_require_not_paused(e, dm_self(e), DM_PAUSED_ENTER_WITHDRAWAL_QUEUE) != RS_OK) return RS_REVERTED;
    /* nonReentrant; the body calls only native core contracts, which never call back */
    if (guard_check(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    rs_addr operator_ = dm_delegated_to(e, staker);
    rs_key k = dmk_addr(NS_DM_DELEGATED_TO, staker);
    rs_sstore_addr(e->st, &k, RS_ADDR_ZERO);
    dm_emit_staker_undelegated(e, staker, operator_, false);

    rs_addr *strategies = NULL;
    u256 *shares = NULL, *factors = NULL;
    size_t n = 0;
    int rc = RS_REVERTED;
    rs_b32 *out = NULL;
    if (dm_get_deposited_shares(e, staker, &strategies, &shares, &n) != RS_OK) goto done;
    if (n == 0) {
        rc = RS_OK;
        goto done;
    }
    factors = rs_xcalloc(n, sizeof *factors);
    out = rs_xcalloc(n, sizeof *out);
    if (dm_slashing_factors(e, staker, operator_, strategies, n, factors) != RS_OK) goto done;
    /* One withdrawal per strategy, as the reference does for UX reasons. */
    for (size_t i = 0; i < n; i++)
        if (remove_and_queue(e, staker, operator_, &strategies[i], 1, &shares[i], &factors[i], &out[i]) != RS_OK)
            goto done;
    *roots = out;
    *nroots = n;
    out = NULL;
    rc = RS_OK;
done:
    free(out);
    free(strategies);
    free(shares);
    free(factors);
    return rc;
}

int dm_queue_withdrawals(rs_env *e, rs_addr msg_sender, const dm_queue_params *params, size_t nparams,
                         rs_b32 *roots) {
    if (pause_require_not_paused(e, dm_self(e), DM_PAUSED_ENTER_WITHDRAWAL_QUEUE) != RS_OK) return RS_REVERTED;
    /* nonReentrant; the body calls only native core contracts, which never call back */
    if (guard_check(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    rs_addr operator_ = dm_delegated_to(e, msg_sender);
    for (size_t i = 0; i < nparams; i++) {
        const dm_queue_params *p = &params[i];
        if (p->n != p->nshares) return rs_revert(e, "InputArrayLengthMismatch()");
        u256 small[SMALL_N];
        u256 *factors = words_alloc(small, p->n);
        int rc = dm_slashing_factors(e, msg_sender, operator_, p->strategies, p->n, factors);
        if (rc == RS_OK)
            rc = remove_and_queue(e, msg_sender, operator_, p->strategies, p->n, p->deposit_shares, factors, &roots[i]);
        words_free(small, factors);
        if (rc != RS_OK) return RS_REVERTED;
    }
    return RS_OK;
}

static int complete_payouts(rs_env *e, const dm_withdrawal *w, const rs_addr *tokens, bool receive_as_tokens,
                            const u256 *prev_factors) {
    rs_addr new_operator = dm_delegated_to(e, w->staker);
    u256 small[SMALL_N];
    u256 *new_factors = words_alloc(small, w->n);
    int rc = RS_REVERTED;
    if (dm_slashing_factors(e, w->staker, new_operator, w->strategies, w->n, new_factors) != RS_OK) goto out;
    for (size_t i = 0; i < w->n; i++) {
        u256 shares;
        if (sl_scale_for_complete_withdrawal(e, &shares, w->scaled_shares[i], prev_factors[i]) != RS_OK) goto out;
        if (u256_is_zero(shares)) continue;
        if (receive_as_tokens) {
            if (dm_sm_withdraw_as_tokens(e, w->staker, w->strategies[i], tokens[i], shares) != RS_OK) goto out;
        } else {
            u256 prev, added;
            if (dm_sm_add_shares(e, w->staker, w->strategies[i], shares, &prev, &added) != RS_OK) goto out;
            if (dm_increase_delegation(e, new_operator, w->staker, w->strategies[i], prev, added, new_factors[i]) !=
                RS_OK)
                goto out;
        }
    }
    rc = RS_OK;
out:
    words_free(small, new_factors);
    return rc;
}

int dm_complete_withdrawal_entry(rs_env *e, rs_addr msg_sender, const dm_withdrawal *w, const rs_addr *tokens,
                                 size_t ntokens, bool receive_as_tokens) {
    if (ntokens != w->n) return rs_revert(e, "InputArrayLengthMismatch()");
    if (!rs_addr_eq(msg_sender, w->withdrawer)) return rs_revert(e, "WithdrawerNotCaller()");
    rs_b32 root = dm_withdrawal_root(w);
    if (!dm_pending_withdrawal(e, root)) return rs_revert(e, "WithdrawalNotQueued()");

    uint32_t delay = e->p->min_withdrawal_delay_blocks;
    if ((uint64_t)w->start_block + delay > UINT32_MAX) return rs_panic(e, PANIC_OVERFLOW);
    uint32_t slashable_until = w->start_block + delay;
    if (!((uint32_t)e->block_number > slashable_until)) return rs_revert(e, "WithdrawalDelayNotElapsed()");

    u256 small_prev[SMALL_N];
    u256 *prev_factors = words_alloc(small_prev, w->n);
    int rc = dm_slashing_factors_at_block(e, w->staker, w->delegated_to, w->strategies, w->n, slashable_until,
                                          prev_factors);
    if (rc == RS_OK) {
        rs_key rk = dmk_roots(w->staker);
        enumset_remove(e->st, &rk, rs_b32_to_u256(root));
        dm_withdrawal_delete(e, root);
        set_pending(e, root, false);
        rs_emit(e, dm_self(e), "SlashingWithdrawalCompleted(bytes32)", 0, NULL, root.b, 32);
        rc = complete_payouts(e, w, tokens, receive_as_tokens, prev_factors);
    }
    words_free(small_prev, prev_factors);
    return rc;
}

int dm_complete_queued_withdrawal(rs_env *e, rs_addr msg_sender, const dm_withdrawal *w, const rs_addr *tokens,
                                  size_t ntokens, bool receive_as_tokens) {
    if (pause_require_not_paused(e, dm_self(e), DM_PAUSED_EXIT_WITHDRAWAL_QUEUE) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    int rc = dm_complete_withdrawal_entry(e, msg_sender, w, tokens, ntokens, receive_as_tokens);
    guard_exit(e, dm_self(e));
    return rc;
}

int dm_complete_queued_withdrawals(rs_env *e, rs_addr msg_sender, const dm_withdrawal *ws, size_t n,
                                   const rs_addr *const *tokens, const size_t *ntokens, size_t ntoken_lists,
                                   const bool *receive_as_tokens, size_t nreceive) {
    if (pause_require_not_paused(e, dm_self(e), DM_PAUSED_EXIT_WITHDRAWAL_QUEUE) != RS_OK) return RS_REVERTED;
    if (guard_enter(e, dm_self(e)) != RS_OK) return RS_REVERTED;
    int rc = RS_OK;
    for (size_t i = 0; i < n && rc == RS_OK; i++) {
        /* tokens[i] and receiveAsTokens[i] are calldata array reads: out of range panics 0x32. */
        if (i >= ntoken_lists || i >= nreceive) rc = rs_panic(e, PANIC_ARRAY_INDEX);
        else rc = dm_complete_withdrawal_entry(e, msg_sender, &ws[i], tokens[i], ntokens[i], receive_as_tokens[i]);
    }
    guard_exit(e, dm_self(e));
    return rc;
}
