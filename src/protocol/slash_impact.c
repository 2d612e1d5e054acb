/* The slash-impact computation (slash_impact.h): the protocol's own
 * slashOperator, run by the operator set's slasher inside a journal
 * checkpoint that is always reverted. */
#include "protocol/slash_impact.h"

#include <stdlib.h>
#include <string.h>

#include "protocol/allocation.h"
#include "protocol/delegation.h"
#include "protocol/eigenpod.h"
#include "protocol/strategy.h"
#include "protocol/strategy_base.h"
#include "restake/abi.h"
#include "restake/accounts.h"
#include "restake/check.h"

#define SLASH_SIG "slashOperator(address,(address,uint32,address[],uint256[],string))"
#define DESCRIPTION "restake_slashImpact"

/* The reported quantities as one state (before or after the slash) holds them. */
typedef struct {
    u256 *op_shares;    /* [strategy] DelegationManager operatorShares */
    u256 *escrow;       /* [strategy] shares awaiting burn or redistribution */
    u256 *withdrawable; /* [staker * nstrategies + strategy] */
    u256 *underlying;   /* same shape: the withdrawable shares in underlying tokens */
    bool *has_underlying;
} impact_view;

/* selector ‖ abi.encode(avs, (operator, id, strategies, wads, DESCRIPTION)) */
static void encode_slash(const slash_impact_req *q, rs_buf *cd) {
    rs_arena a;
    rs_arena_init(&a, 0);
    const abi_type *t;
    if (abi_signature_params(&a, SLASH_SIG, &t) != ABI_OK) abort();
    abi_val top = abi_v_list(&a, ABI_TUPLE, 2), p = abi_v_list(&a, ABI_TUPLE, 5);
    abi_val s = abi_v_list(&a, ABI_ARRAY, q->nstrategies), w = abi_v_list(&a, ABI_ARRAY, q->nwads);
    for (size_t i = 0; i < q->nstrategies; i++) s.items[i] = abi_v_addr(q->strategies[i]);
    for (size_t i = 0; i < q->nwads; i++) w.items[i] = abi_v_word(ABI_UINT, q->wads[i]);
    p.items[0] = abi_v_addr(q->operator_);
    p.items[1] = abi_v_word(ABI_UINT, u256_from_u64(q->set_id));
    p.items[2] = s;
    p.items[3] = w;
    p.items[4] = abi_v_bytes(ABI_STRING, (const uint8_t *)DESCRIPTION, strlen(DESCRIPTION));
    top.items[0] = abi_v_addr(q->avs);
    top.items[1] = p;
    rs_buf_selector(cd, SLASH_SIG);
    abi_encode(cd, t, &top);
    rs_arena_free(&a);
}

static bool is_beacon(const rs_env *e, rs_addr s) { return rs_addr_eq(s, e->p->beacon_chain_eth_strategy); }

/* Shares in underlying: wei for beacon-chain ETH (one share is one wei), the
 * strategy's sharesToUnderlyingView for a StrategyBase; none otherwise. */
static bool underlying_of(rs_env *e, rs_addr s, u256 shares, u256 *out) {
    if (is_beacon(e, s)) return *out = shares, true;
    if (!sm_is_strategy(e, s)) return false;
    *out = sb_shares_to_underlying_view(e, s, shares);
    return true;
}

static void view_alloc(impact_view *v, size_t ns, size_t nk) {
    v->op_shares = rs_xcalloc(ns + 1, sizeof *v->op_shares);
    v->escrow = rs_xcalloc(ns + 1, sizeof *v->escrow);
    v->withdrawable = rs_xcalloc(ns * nk + 1, sizeof *v->withdrawable);
    v->underlying = rs_xcalloc(ns * nk + 1, sizeof *v->underlying);
    v->has_underlying = rs_xcalloc(ns * nk + 1, sizeof *v->has_underlying);
}

static void view_free(impact_view *v) {
    free(v->op_shares);
    free(v->escrow);
    free(v->withdrawable);
    free(v->underlying);
    free(v->has_underlying);
}

/* Reads every reported quantity from e's state; the escrow is slash_id's
 * (beacon-chain ETH has one global pool: the EigenPodManager's burnable
 * shares). RS_REVERTED when getWithdrawableShares would revert. */
static int read_view(rs_env *e, const slash_impact_req *q, u256 slash_id, impact_view *v) {
    size_t ns = q->nstrategies;
    for (size_t i = 0; i < ns; i++) {
        rs_addr s = q->strategies[i];
        v->op_shares[i] = dm_operator_shares(e, q->operator_, s);
        v->escrow[i] = is_beacon(e, s) ? epm_burnable_eth_shares(e)
                                       : sm_get_burn_or_redistributable_shares_of(e, q->avs, q->set_id, slash_id, s);
    }
    u256 *deposit = rs_xcalloc(ns + 1, sizeof *deposit);
    int rc = RS_OK;
    for (size_t k = 0; k < q->nstakers && rc == RS_OK; k++) {
        u256 *w = v->withdrawable + k * ns;
        rc = dm_get_withdrawable_shares(e, q->stakers[k], q->strategies, ns, w, deposit);
        for (size_t i = 0; i < ns && rc == RS_OK; i++)
            v->has_underlying[k * ns + i] = underlying_of(e, q->strategies[i], w[i], &v->underlying[k * ns + i]);
    }
    free(deposit);
    return rc;
}

static u256 sub_or_zero(u256 a, u256 b) {
    u256 r;
    return u256_sub(&r, a, b) ? r : U256_ZERO;
}

/* Read in the after state: the slash leaves every strategy's exchange rate
 * as it was (slashed shares wait in the escrow; tokens leave only when it is
 * cleared), and the destination of the set is unchanged by it. */
static void fill_strategy(rs_env *e, const slash_impact_req *q, size_t i, const impact_view *before,
                          const impact_view *after, slash_impact_strategy *o) {
    rs_addr s = q->strategies[i];
    o->operator_shares_before = before->op_shares[i];
    o->operator_shares_after = after->op_shares[i];
    o->slashed_shares = sub_or_zero(after->escrow[i], before->escrow[i]);
    o->has_slashed_underlying = underlying_of(e, s, o->slashed_shares, &o->slashed_underlying);
    /* beacon-chain ETH is never redistributed: the EigenPodManager burns it */
    o->redistributing = !is_beacon(e, s) && am_is_redistributing_operator_set(e, q->avs, q->set_id);
    o->destination = o->redistributing ? am_get_redistribution_recipient(e, q->avs, q->set_id)
                                       : am_default_burn_address();
}

static void fill_holding(const impact_view *before, const impact_view *after, size_t at, slash_impact_holding *o) {
    o->withdrawable_before = before->withdrawable[at];
    o->withdrawable_after = after->withdrawable[at];
    o->has_underlying_lost = before->has_underlying[at] && after->has_underlying[at];
    o->underlying_lost = o->has_underlying_lost ? sub_or_zero(before->underlying[at], after->underlying[at]) : U256_ZERO;
}

static void fill(rs_env *e, const slash_impact_req *q, const impact_view *before, const impact_view *after,
                 slash_impact *out) {
    out->strategies = rs_xcalloc(q->nstrategies + 1, sizeof *out->strategies);
    out->holdings = rs_xcalloc(q->nstrategies * q->nstakers + 1, sizeof *out->holdings);
    for (size_t i = 0; i < q->nstrategies; i++) fill_strategy(e, q, i, before, after, &out->strategies[i]);
    for (size_t at = 0; at < q->nstrategies * q->nstakers; at++) fill_holding(before, after, at, &out->holdings[at]);
}

/* Runs the slash as the slasher inside a checkpoint and always reverts it.
 * The before view is read first, keyed by the id slashOperator will issue
 * (++_slashIds[set]); the after view under the id it returned. */
static slash_impact_status run(rs_env *e, const slash_impact_req *q, slash_impact *out) {
    impact_view before, after;
    view_alloc(&before, q->nstrategies, q->nstakers);
    view_alloc(&after, q->nstrategies, q->nstakers);
    am_opset set = {q->avs, q->set_id};
    u256 next_id;
    /* a count of 2^256 - 1 slashes cannot be reached: the sum does not wrap */
    rs_cannot_fail(u256_add(&next_id, am_get_slash_count(e, set), U256_ONE));
    rs_buf cd, ret;
    rs_buf_init(&cd);
    rs_buf_init(&ret);
    encode_slash(q, &cd);
    slash_impact_status st = SLASH_IMPACT_OK;
    size_t cp = rs_state_checkpoint(e->st);
    rs_addr origin = e->origin;
    e->origin = out->slasher;
    if (read_view(e, q, next_id, &before) != RS_OK) {
        st = SLASH_IMPACT_VIEW_REVERTED_BEFORE;
    } else if (rs_call(e, out->slasher, e->p->allocation_manager, U256_ZERO, cd.p, cd.len, &ret) != RS_OK) {
        st = SLASH_IMPACT_SLASH_REVERTED;
    } else {
        out->slash_id = ret.len >= 32 ? u256_from_be(ret.p) : U256_ZERO;
        if (read_view(e, q, out->slash_id, &after) != RS_OK) st = SLASH_IMPACT_VIEW_REVERTED_AFTER;
        else fill(e, q, &before, &after, out);
    }
    rs_state_revert(e->st, cp);
    e->origin = origin;
    rs_buf_free(&cd);
    rs_buf_free(&ret);
    view_free(&before);
    view_free(&after);
    return st;
}

slash_impact_status slash_impact_compute(rs_env *e, const slash_impact_req *q, slash_impact *out) {
    memset(out, 0, sizeof *out);
    am_opset set = {q->avs, q->set_id};
    if (!am_is_operator_set(e, set)) return SLASH_IMPACT_UNKNOWN_SET;
    out->slasher = am_get_slasher(e, set);
    if (rs_addr_is_zero(out->slasher)) return SLASH_IMPACT_NO_SLASHER;
    return run(e, q, out);
}

void slash_impact_free(slash_impact *out) {
    free(out->strategies);
    free(out->holdings);
    memset(out, 0, sizeof *out);
}
