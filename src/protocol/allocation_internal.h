/* Storage layer shared by the allocation_*.c files: state keys, packed
 * structs, OpenZeppelin EnumerableSet / DoubleEndedQueue over rs_state, the
 * max-magnitude snapshot history and the helpers both the AllocationManager
 * and its view contract use (_getUpdatedAllocation, _addInt128). */
#ifndef RESTAKE_PROTOCOL_ALLOCATION_INTERNAL_H
#define RESTAKE_PROTOCOL_ALLOCATION_INTERNAL_H

#include "protocol/allocation.h"

#define AM_WAD 1000000000000000000ULL

/* ---- keys ---- */
rs_key amk_addr(uint16_t ns, rs_addr a);
rs_key amk_set(uint16_t ns, am_opset s);
rs_key amk_addr_set(uint16_t ns, rs_addr a, am_opset s);
rs_key amk_addr_addr(uint16_t ns, rs_addr a, rs_addr b);
rs_key amk_alloc(rs_addr op, am_opset s, rs_addr strategy);

/* OperatorSetLib.key as a word (avs << 96 | id) and back. */
u256 am_set_word(am_opset s);
am_opset am_set_from_word(u256 w);

/* ---- EnumerableSet over a base key; values compared by their low `width`
 * bytes (4 for uint32 ids, 20 for addresses, 24 for set keys). ---- */
enum { AM_W_ID = 4, AM_W_ADDR = 20, AM_W_SET = 24 };
uint64_t es_len(const rs_state *st, const rs_key *base);
u256 es_at(const rs_state *st, const rs_key *base, uint64_t i);
bool es_contains(const rs_state *st, const rs_key *base, u256 v, unsigned width);
bool es_add(rs_state *st, const rs_key *base, u256 v, unsigned width);
bool es_remove(rs_state *st, const rs_key *base, u256 v, unsigned width);

/* ---- packed structs ---- */
am_allocation am_alloc_load(const rs_state *st, rs_addr op, am_opset s, rs_addr strategy);
void am_alloc_store(rs_state *st, rs_addr op, am_opset s, rs_addr strategy, am_allocation a);

typedef struct {
    uint64_t max_magnitude;
    uint64_t encumbered_magnitude;
} am_strategy_info;

typedef struct {
    bool registered;
    uint32_t slashable_until;
} am_reg_status;
am_reg_status am_reg_load(const rs_state *st, rs_addr op, am_opset s);
void am_reg_store(rs_state *st, rs_addr op, am_opset s, am_reg_status r);

typedef struct {
    uint32_t delay;
    bool is_set;
    uint32_t pending_delay;
    uint32_t effect_block;
} am_delay_info;
am_delay_info am_delay_load(const rs_state *st, rs_addr op);
void am_delay_store(rs_state *st, rs_addr op, am_delay_info d);

typedef struct {
    rs_addr slasher, pending_slasher;
    uint32_t effect_block;
} am_slasher_params;
am_slasher_params am_slasher_load(const rs_state *st, am_opset s);
void am_slasher_store(rs_state *st, am_opset s, am_slasher_params p);

/* ---- max magnitude history (DefaultWadHistory: empty reads WAD) ---- */
uint64_t am_maxmag_latest(const rs_state *st, rs_addr op, rs_addr strategy);
uint64_t am_maxmag_upper_lookup(const rs_state *st, rs_addr op, rs_addr strategy, uint32_t block);
void am_maxmag_push(rs_state *st, rs_addr op, rs_addr strategy, uint32_t block, uint64_t value);

uint64_t am_encumbered_load(const rs_state *st, rs_addr op, rs_addr strategy);
void am_encumbered_store(rs_state *st, rs_addr op, rs_addr strategy, uint64_t v);

/* ---- deallocation queue (DoubleEndedQueue of set keys) ---- */
uint64_t am_dq_len(const rs_state *st, rs_addr op, rs_addr strategy);
am_opset am_dq_at(const rs_state *st, rs_addr op, rs_addr strategy, uint64_t i);
void am_dq_push_back(rs_state *st, rs_addr op, rs_addr strategy, am_opset s);
void am_dq_pop_front(rs_state *st, rs_addr op, rs_addr strategy);

/* ---- shared logic ---- */
/* _addInt128(a, diff) with SafeCast.toUint64: reverts Error("SafeCast: ...") when out of range. */
RS_MUST_USE int am_add_diff(rs_env *e, uint64_t a, bool neg, uint64_t abs, uint64_t *out);
/* Same for views, where the result is always in range for reachable state. */
uint64_t am_add_diff_view(uint64_t a, bool neg, uint64_t abs);
/* _getUpdatedAllocation. */
RS_MUST_USE int am_updated_allocation(rs_env *e, rs_addr op, am_opset s, rs_addr strategy, am_strategy_info *info,
                          am_allocation *alloc);
/* _updateAllocationInfo (emits EncumberedMagnitudeUpdated when it changes). */
void am_update_allocation_info(rs_env *e, rs_addr op, am_opset s, rs_addr strategy, am_strategy_info info,
                               am_allocation alloc);
RS_MUST_USE int am_clear_queue(rs_env *e, rs_addr op, rs_addr strategy, uint64_t num_to_clear);
bool am_set_exists(const rs_state *st, am_opset s);
bool am_set_has_strategy(const rs_state *st, am_opset s, rs_addr strategy);

/* ---- event data ---- */
uint8_t *am_w_addr(uint8_t *p, rs_addr a);
uint8_t *am_w_u64(uint8_t *p, uint64_t v);
uint8_t *am_w_set(uint8_t *p, am_opset s);
void am_emit_allocation_updated(rs_env *e, rs_addr op, am_opset s, rs_addr strategy, uint64_t magnitude,
                                uint32_t effect_block);

static inline rs_addr am_self(const rs_env *e) { return e->p->allocation_manager; }

#endif
