/* Allocation delays, modifyAllocations and the deallocation queue. */
#include "protocol/allocation_internal.h"
#include "protocol/delegation.h"
#include "protocol/pausing.h"
#include "protocol/permissions.h"

/* uint32(block.number) + a + b with Solidity's checked uint32 addition. */
static int block_plus(rs_env *e, uint64_t a, uint64_t b, uint32_t *out) {
    uint64_t v = (uint32_t)e->block_number + a;
    if (v > UINT32_MAX || v + b > UINT32_MAX) return rs_panic(e, PANIC_OVERFLOW);
    *out = (uint32_t)(v + b);
    return RS_OK;
}

void am_get_allocation_delay(rs_env *e, rs_addr op, bool *is_set, uint32_t *delay) {
    am_delay_info d = am_delay_load(e->st, op);
    *delay = d.delay;
    *is_set = d.is_set;
    if (d.effect_block != 0 && e->block_number >= d.effect_block) {
        *delay = d.pending_delay;
        *is_set = true;
    }
}

int am_set_allocation_delay(rs_env *e, rs_addr msg_sender, rs_addr op, uint32_t delay) {
    /* The DelegationManager calls in only from registerAsOperator: the delay of
     * a newly registered operator takes effect at once. */
    bool newly_registered = rs_addr_eq(msg_sender, e->p->delegation_manager);
    if (!newly_registered) {
        if (pc_check_can_call(e, op, msg_sender, am_self(e), rs_sig_selector("setAllocationDelay(address,uint32)")))
            return RS_REVERTED;
        if (!dm_is_operator(e, op)) return rs_revert(e, "InvalidOperator()");
    }
    am_delay_info d = am_delay_load(e->st, op);
    if (d.effect_block != 0 && e->block_number >= d.effect_block) {
        d.delay = d.pending_delay;
        d.is_set = true;
    }
    d.pending_delay = delay;
    if (newly_registered) {
        d.delay = delay;
        d.is_set = true;
        d.effect_block = (uint32_t)e->block_number;
    } else if (block_plus(e, e->p->allocation_configuration_delay, 1, &d.effect_block)) {
        return RS_REVERTED;
    }
    am_delay_store(e->st, op, d);

    uint8_t data[96], *p = data;
    p = am_w_addr(p, op);
    p = am_w_u64(p, delay);
    am_w_u64(p, d.effect_block);
    rs_emit(e, am_self(e), "AllocationDelaySet(address,uint32,uint32)", 0, NULL, data, sizeof data);
    return RS_OK;
}

int am_clear_deallocation_queue(rs_env *e, rs_addr op, const rs_addr *strategies, size_t nstrategies,
                                const uint16_t *num_to_clear, size_t nnum) {
    if (pause_require_not_paused(e, am_self(e), AM_PAUSED_MODIFY_ALLOCATIONS)) return RS_REVERTED;
    if (nstrategies != nnum) return rs_revert(e, "InputArrayLengthMismatch()");
    for (size_t i = 0; i < nstrategies; i++)
        if (am_clear_queue(e, op, strategies[i], num_to_clear[i])) return RS_REVERTED;
    return RS_OK;
}

/* One (operator set, strategy, new magnitude) of modifyAllocations. */
static int modify_one(rs_env *e, rs_addr op, am_opset s, bool op_slashable, uint32_t alloc_delay, rs_addr strategy,
                      uint64_t new_mag) {
    if (am_clear_queue(e, op, strategy, UINT16_MAX)) return RS_REVERTED;
    am_strategy_info info;
    am_allocation a;
    if (am_updated_allocation(e, op, s, strategy, &info, &a)) return RS_REVERTED;
    if (a.effect_block != 0) return rs_revert(e, "ModificationAlreadyPending()");

    bool slashable = am_set_has_strategy(e->st, s, strategy) && op_slashable && a.current_magnitude != 0;

    a.diff_negative = new_mag < a.current_magnitude;
    a.diff_abs = a.diff_negative ? a.current_magnitude - new_mag : new_mag - a.current_magnitude;
    if (a.diff_abs == 0) return rs_revert(e, "SameMagnitude()");

    if (a.diff_negative) {
        if (slashable) {
            /* stays slashable through block + DEALLOCATION_DELAY */
            am_dq_push_back(e->st, op, strategy, s);
            if (block_plus(e, e->p->deallocation_delay, 1, &a.effect_block)) return RS_REVERTED;
        } else {
            if (am_add_diff(e, info.encumbered_magnitude, true, a.diff_abs, &info.encumbered_magnitude))
                return RS_REVERTED;
            a.current_magnitude = new_mag;
            a.diff_abs = 0;
            a.diff_negative = false;
            a.effect_block = (uint32_t)e->block_number;
        }
    } else {
        if (am_add_diff(e, info.encumbered_magnitude, false, a.diff_abs, &info.encumbered_magnitude))
            return RS_REVERTED;
        if (info.encumbered_magnitude > info.max_magnitude) return rs_revert(e, "InsufficientMagnitude()");
        if (block_plus(e, alloc_delay, 0, &a.effect_block)) return RS_REVERTED;
    }

    am_update_allocation_info(e, op, s, strategy, info, a);
    uint64_t mag;
    if (am_add_diff(e, a.current_magnitude, a.diff_negative, a.diff_abs, &mag)) return RS_REVERTED;
    am_emit_allocation_updated(e, op, s, strategy, mag, a.effect_block);
    return RS_OK;
}

int am_modify_allocations(rs_env *e, rs_addr msg_sender, rs_addr op, const am_allocate_params *params, size_t n) {
    if (pause_require_not_paused(e, am_self(e), AM_PAUSED_MODIFY_ALLOCATIONS)) return RS_REVERTED;
    if (pc_check_can_call(e, op, msg_sender, am_self(e),
                          rs_sig_selector("modifyAllocations(address,((address,uint32),address[],uint64[])[])")))
        return RS_REVERTED;
    bool is_set;
    uint32_t delay;
    am_get_allocation_delay(e, op, &is_set, &delay);
    if (!is_set) return rs_revert(e, "UninitializedAllocationDelay()");

    for (size_t i = 0; i < n; i++) {
        const am_allocate_params *p = &params[i];
        if (p->nstrategies != p->nmagnitudes) return rs_revert(e, "InputArrayLengthMismatch()");
        if (!am_set_exists(e->st, p->set)) return rs_revert(e, "InvalidOperatorSet()");
        bool op_slashable = am_is_operator_slashable(e, op, p->set);
        for (size_t j = 0; j < p->nstrategies; j++)
            if (modify_one(e, op, p->set, op_slashable, delay, p->strategies[j], p->new_magnitudes[j]))
                return RS_REVERTED;
    }
    return RS_OK;
}
