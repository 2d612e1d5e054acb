/* slashOperator: magnitude is cut per strategy and the DelegationManager
 * scales the operator's shares by the new/old max magnitude ratio, so the
 * cost is independent of how many stakers are delegated. */
#include "protocol/allocation_internal.h"
#include "protocol/delegation.h"
#include "protocol/pausing.h"
#include "restake/buf.h"

/* OperatorSlashed data is laid out before the loop; wadSlashed words are
 * filled in as each strategy is slashed. Returns the offset of wadSlashed[0]. */
static size_t slashed_event_start(rs_buf *d, const am_slashing_params *p, am_opset s) {
    size_t n = p->nstrategies;
    /* one allocation of the final size instead of doubling from 64 bytes */
    rs_buf_zeros(d, 32 * (9 + 2 * n) + p->description_len + 32);
    rs_buf_reset(d);
    rs_buf_word_addr(d, p->operator_);
    rs_buf_word_addr(d, s.avs);
    rs_buf_word_u64(d, s.id);
    rs_buf_word_u64(d, 6 * 32);
    rs_buf_word_u64(d, 6 * 32 + 32 + 32 * n);
    rs_buf_word_u64(d, 6 * 32 + 64 + 64 * n);
    rs_buf_word_u64(d, n);
    for (size_t i = 0; i < n; i++) rs_buf_word_addr(d, p->strategies[i]);
    rs_buf_word_u64(d, n);
    size_t wads_at = d->len;
    rs_buf_zeros(d, 32 * n);
    rs_buf_abi_bytes(d, p->description, p->description_len);
    return wads_at;
}

static void emit_max_magnitude(rs_env *e, rs_addr op, rs_addr strategy, uint64_t mag) {
    uint8_t d[96], *q = d;
    q = am_w_addr(q, op);
    q = am_w_addr(q, strategy);
    am_w_u64(q, mag);
    rs_emit(e, am_self(e), "MaxMagnitudeUpdated(address,address,uint64)", 0, NULL, d, sizeof d);
}

/* One strategy of the slash; *wad_slashed and *shares stay 0 when nothing is allocated. */
static int slash_strategy(rs_env *e, am_opset s, rs_addr op, rs_addr strategy, u256 wad, u256 slash_id,
                          u256 *wad_slashed, u256 *shares) {
    am_strategy_info info;
    am_allocation a;
    if (am_updated_allocation(e, op, s, strategy, &info, &a)) return RS_REVERTED;
    if (a.current_magnitude == 0) return RS_OK;

    u256 wad_unit = u256_from_u64(AM_WAD), slashed_w;
    assert(!u256_is_zero(wad) && u256_le(wad, wad_unit)); /* InvalidWadToSlash checked first */
    rs_cannot_fail(u256_muldiv_up(&slashed_w, u256_from_u64(a.current_magnitude), wad, wad_unit));
    uint64_t slashed = slashed_w.w[0]; /* <= currentMagnitude since wad <= WAD */
    assert(slashed_w.w[1] == 0 && slashed <= a.current_magnitude && slashed <= info.max_magnitude);
    uint64_t prev_max = info.max_magnitude;
    rs_cannot_fail(u256_muldiv(wad_slashed, slashed_w, wad_unit, u256_from_u64(info.max_magnitude)));

    a.current_magnitude -= slashed;
    info.max_magnitude -= slashed;
    if (info.encumbered_magnitude < slashed) return rs_panic(e, PANIC_OVERFLOW);
    info.encumbered_magnitude -= slashed;

    if (a.diff_negative && a.diff_abs) {
        /* a pending deallocation frees proportionally less once it completes */
        u256 sp;
        rs_cannot_fail(u256_muldiv_up(&sp, u256_from_u64(a.diff_abs), wad, wad_unit));
        assert(sp.w[1] == 0 && sp.w[0] <= a.diff_abs);
        a.diff_abs -= sp.w[0];
        uint64_t mag;
        if (am_add_diff(e, a.current_magnitude, true, a.diff_abs, &mag)) return RS_REVERTED;
        am_emit_allocation_updated(e, op, s, strategy, mag, a.effect_block);
    }

    am_update_allocation_info(e, op, s, strategy, info, a);
    am_emit_allocation_updated(e, op, s, strategy, a.current_magnitude, (uint32_t)e->block_number);
    am_maxmag_push(e->st, op, strategy, (uint32_t)e->block_number, info.max_magnitude);
    emit_max_magnitude(e, op, strategy, info.max_magnitude);

    return dm_slash_operator_shares(e, am_self(e), op, s.avs, s.id, slash_id, strategy, prev_max,
                                    info.max_magnitude, shares);
}

int am_slash_operator(rs_env *e, rs_addr msg_sender, rs_addr avs, const am_slashing_params *p, u256 *slash_id,
                      u256 *shares) {
    if (pause_require_not_paused(e, am_self(e), AM_PAUSED_OPERATOR_SLASHING)) return RS_REVERTED;
    am_opset s = {avs, p->set_id};
    if (p->nstrategies != p->nwads) return rs_revert(e, "InputArrayLengthMismatch()");
    if (!am_set_exists(e->st, s)) return rs_revert(e, "InvalidOperatorSet()");
    if (!am_is_operator_slashable(e, p->operator_, s)) return rs_revert(e, "OperatorNotSlashable()");
    if (!rs_addr_eq(msg_sender, am_get_slasher(e, s))) return rs_revert(e, "InvalidCaller()");

    rs_key ck = amk_set(NS_AM_SLASH_IDS, s);
    u256 id = u256_add_wrap(rs_sload(e->st, &ck), U256_ONE);
    if (u256_is_zero(id)) return rs_panic(e, PANIC_OVERFLOW);
    rs_sstore(e->st, &ck, id);
    *slash_id = id;

    rs_buf ev;
    rs_buf_init(&ev);
    size_t wads_at = slashed_event_start(&ev, p, s);
    int rc = RS_OK;
    u256 wad_unit = u256_from_u64(AM_WAD);
    for (size_t i = 0; i < p->nstrategies && rc == RS_OK; i++) {
        rs_addr strategy = p->strategies[i];
        shares[i] = U256_ZERO;
        if (i > 0 && rs_addr_cmp(strategy, p->strategies[i - 1]) <= 0) {
            rc = rs_revert(e, "StrategiesMustBeInAscendingOrder()");
        } else if (u256_is_zero(p->wads[i]) || u256_gt(p->wads[i], wad_unit)) {
            rc = rs_revert(e, "InvalidWadToSlash()");
        } else if (!am_set_has_strategy(e->st, s, strategy)) {
            rc = rs_revert(e, "StrategyNotInOperatorSet()");
        } else {
            u256 wad_slashed = U256_ZERO;
            rc = slash_strategy(e, s, p->operator_, strategy, p->wads[i], id, &wad_slashed, &shares[i]);
            if (rc == RS_OK) rs_buf_set_word(&ev, wads_at + 32 * i, wad_slashed);
        }
    }
    if (rc == RS_OK)
        rs_emit(e, am_self(e), "OperatorSlashed(address,(address,uint32),address[],uint256[],string)", 0, NULL,
                ev.p, ev.len);
    rs_buf_free(&ev);
    return rc;
}
