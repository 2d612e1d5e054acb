/* Logic shared by allocation changes, slashing and the views: completing a
 * due pending change, writing an allocation back with its enumerations,
 * and draining the deallocation queue. */
#include "protocol/allocation_internal.h"
#include "restake/genesis.h"

rs_addr am_default_burn_address(void) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[17] = 0x0e;
    a.b[18] = 0x16;
    a.b[19] = 0xe4;
    return a;
}

u256 am_pending_diff_word(am_allocation a) {
    u256 v = u256_from_u64(a.diff_abs);
    return a.diff_negative ? u256_sub_wrap(U256_ZERO, v) : v;
}

uint64_t am_add_diff_view(uint64_t a, bool neg, uint64_t abs) {
    return neg ? a - abs : a + abs;
}

int am_add_diff(rs_env *e, uint64_t a, bool neg, uint64_t abs, uint64_t *out) {
    if (neg ? abs > a : abs > UINT64_MAX - a) return rs_revert_string(e, "SafeCast: value doesn't fit in 64 bits");
    *out = am_add_diff_view(a, neg, abs);
    return RS_OK;
}

bool am_set_exists(const rs_state *st, am_opset s) {
    rs_key k = amk_addr(NS_AM_OPERATOR_SETS, s.avs);
    return es_contains(st, &k, u256_from_u64(s.id), AM_W_ID);
}

bool am_set_has_strategy(const rs_state *st, am_opset s, rs_addr strategy) {
    rs_key k = amk_set(NS_AM_SET_STRATEGIES, s);
    return es_contains(st, &k, rs_addr_to_u256(strategy), AM_W_ADDR);
}

int am_updated_allocation(rs_env *e, rs_addr op, am_opset s, rs_addr strategy, am_strategy_info *info,
                          am_allocation *alloc) {
    info->max_magnitude = am_maxmag_latest(e->st, op, strategy);
    info->encumbered_magnitude = am_encumbered_load(e->st, op, strategy);
    *alloc = am_alloc_load(e->st, op, s, strategy);
    if (e->block_number < alloc->effect_block) return RS_OK;
    if (am_add_diff(e, alloc->current_magnitude, alloc->diff_negative, alloc->diff_abs, &alloc->current_magnitude))
        return RS_REVERTED;
    if (alloc->diff_negative && alloc->diff_abs &&
        am_add_diff(e, info->encumbered_magnitude, true, alloc->diff_abs, &info->encumbered_magnitude))
        return RS_REVERTED;
    alloc->effect_block = 0;
    alloc->diff_abs = 0;
    alloc->diff_negative = false;
    return RS_OK;
}

void am_update_allocation_info(rs_env *e, rs_addr op, am_opset s, rs_addr strategy, am_strategy_info info,
                               am_allocation alloc) {
    rs_state *st = e->st;
    if (am_encumbered_load(st, op, strategy) != info.encumbered_magnitude) {
        am_encumbered_store(st, op, strategy, info.encumbered_magnitude);
        uint8_t d[96], *p = d;
        p = am_w_addr(p, op);
        p = am_w_addr(p, strategy);
        am_w_u64(p, info.encumbered_magnitude);
        rs_emit(e, am_self(e), "EncumberedMagnitudeUpdated(address,address,uint64)", 0, NULL, d, sizeof d);
    }
    am_alloc_store(st, op, s, strategy, alloc);

    rs_key strats = amk_addr_set(NS_AM_ALLOC_STRATEGIES, op, s);
    rs_key sets = amk_addr(NS_AM_ALLOCATED_SETS, op);
    if (alloc.diff_abs != 0) {
        es_add(st, &strats, rs_addr_to_u256(strategy), AM_W_ADDR);
        es_add(st, &sets, am_set_word(s), AM_W_SET);
    } else if (alloc.current_magnitude == 0) {
        es_remove(st, &strats, rs_addr_to_u256(strategy), AM_W_ADDR);
        if (es_len(st, &strats) == 0) es_remove(st, &sets, am_set_word(s), AM_W_SET);
    }
}

int am_clear_queue(rs_env *e, rs_addr op, rs_addr strategy, uint64_t num_to_clear) {
    uint64_t cleared = 0, len = am_dq_len(e->st, op, strategy);
    while (len > 0 && cleared < num_to_clear) {
        am_opset s = am_dq_at(e->st, op, strategy, 0);
        am_strategy_info info;
        am_allocation alloc;
        if (am_updated_allocation(e, op, s, strategy, &info, &alloc)) return RS_REVERTED;
        /* still pending: every later entry is too */
        if (e->block_number < alloc.effect_block) break;
        am_update_allocation_info(e, op, s, strategy, info, alloc);
        am_dq_pop_front(e->st, op, strategy);
        ++cleared;
        --len;
    }
    return RS_OK;
}

void am_emit_allocation_updated(rs_env *e, rs_addr op, am_opset s, rs_addr strategy, uint64_t magnitude,
                                uint32_t effect_block) {
    uint8_t d[192], *p = d;
    p = am_w_addr(p, op);
    p = am_w_set(p, s);
    p = am_w_addr(p, strategy);
    p = am_w_u64(p, magnitude);
    am_w_u64(p, effect_block);
    rs_emit(e, am_self(e), "AllocationUpdated(address,(address,uint32),address,uint64,uint32)", 0, NULL, d,
            sizeof d);
}

/* The AllocationManager starts with empty storage (its paused bitmap is the
 * pausing module's); the hook exists so genesis runs every module alike. */
void am_genesis(rs_state *st, const rs_genesis *g) {
    (void)st, (void)g;
}
