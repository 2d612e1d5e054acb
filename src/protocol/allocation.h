/* AllocationManager: operator sets, registration, magnitudes, allocation
 * delays, slashing and redistribution (AllocationManager.sol and
 * AllocationManagerView.sol at f84a5151).
 *
 * Functions mirror the canonical external functions; msg_sender is the
 * calling account or contract (the DelegationManager when it sets a newly
 * registered operator's allocation delay). Views take no sender. Every
 * EnumerableSet keeps OpenZeppelin order (append; removal swaps in the last). */
#ifndef RESTAKE_PROTOCOL_ALLOCATION_H
#define RESTAKE_PROTOCOL_ALLOCATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/env.h"
#include "restake/namespaces.h"
#include "restake/types.h"

/* State namespaces (key parts after the namespace in brackets). An operator
 * set key is avs ‖ uint32 id (24 bytes) in state keys. */
enum {
    NS_AM_AVS_REGISTRAR = RS_NS_AM_BASE + 0,   /* [avs] → registrar (0 = the avs itself) */
    NS_AM_OPERATOR_SETS = RS_NS_AM_BASE + 1,   /* [avs] set of uint32 ids */
    NS_AM_SET_STRATEGIES = RS_NS_AM_BASE + 2,  /* [set] set of strategies */
    NS_AM_SET_MEMBERS = RS_NS_AM_BASE + 3,     /* [set] set of operators */
    NS_AM_DELAY_INFO = RS_NS_AM_BASE + 4,      /* [operator] → AllocationDelayInfo packed */
    NS_AM_REGISTERED_SETS = RS_NS_AM_BASE + 5, /* [operator] set of set keys */
    NS_AM_ALLOCATED_SETS = RS_NS_AM_BASE + 6,  /* [operator] set of set keys */
    NS_AM_REG_STATUS = RS_NS_AM_BASE + 7,      /* [operator][set] → RegistrationStatus packed */
    NS_AM_ALLOC_STRATEGIES = RS_NS_AM_BASE + 8,/* [operator][set] set of strategies */
    NS_AM_ALLOCATION = RS_NS_AM_BASE + 9,      /* [operator][set][strategy] → Allocation packed */
    NS_AM_MAXMAG_LEN = RS_NS_AM_BASE + 10,     /* [operator][strategy] → history length */
    NS_AM_MAXMAG_AT = RS_NS_AM_BASE + 11,      /* [operator][strategy][u64 i] → (value, block) */
    NS_AM_MAXMAG_LATEST = RS_NS_AM_BASE + 12,  /* [operator][strategy] → (value, present) */
    NS_AM_ENCUMBERED = RS_NS_AM_BASE + 13,     /* [operator][strategy] → uint64 */
    NS_AM_DEALLOC_Q = RS_NS_AM_BASE + 14,      /* [operator][strategy] → (begin, end) */
    NS_AM_DEALLOC_Q_AT = RS_NS_AM_BASE + 15,   /* [operator][strategy][u64 i] → set key */
    NS_AM_AVS_METADATA = RS_NS_AM_BASE + 16,   /* [avs] → bool */
    NS_AM_SLASH_IDS = RS_NS_AM_BASE + 17,      /* [set] → slash count */
    NS_AM_RECIPIENT = RS_NS_AM_BASE + 18,      /* [set] → redistribution recipient */
    NS_AM_SLASHER = RS_NS_AM_BASE + 19,        /* [set] → slasher */
    NS_AM_PENDING_SLASHER = RS_NS_AM_BASE + 20,/* [set] → pendingSlasher | effectBlock << 192 */
};

/* Pause flags of the AllocationManager. */
enum { AM_PAUSED_MODIFY_ALLOCATIONS = 0, AM_PAUSED_OPERATOR_SLASHING = 1, AM_PAUSED_REGISTRATION = 2 };

/* 0x00000000000000000000000000000000000E16E4 */
rs_addr am_default_burn_address(void);

typedef struct {
    rs_addr avs;
    uint32_t id;
} am_opset;

/* Allocation with pendingDiff as a signed value: magnitudes are uint64, so
 * every reachable pendingDiff fits in [-(2^64-1), 2^64-1]; kept as sign and
 * magnitude to stay exact. */
typedef struct {
    uint64_t current_magnitude;
    bool diff_negative;
    uint64_t diff_abs;      /* |pendingDiff| */
    uint32_t effect_block;
} am_allocation;

/* SlashingParams: strategies/wads may differ in length (checked). */
typedef struct {
    rs_addr operator_;
    uint32_t set_id;
    const rs_addr *strategies;
    size_t nstrategies;
    const u256 *wads;
    size_t nwads;
    const uint8_t *description;
    size_t description_len;
} am_slashing_params;

/* AllocateParams. */
typedef struct {
    am_opset set;
    const rs_addr *strategies;
    size_t nstrategies;
    const uint64_t *new_magnitudes;
    size_t nmagnitudes;
} am_allocate_params;

/* CreateSetParamsV2 (the V1 functions ignore .slasher and use the avs). */
typedef struct {
    uint32_t id;
    const rs_addr *strategies;
    size_t nstrategies;
    rs_addr slasher;
} am_create_set_params;

/* ---- external functions ---- */
/* shares: caller array of p->nstrategies entries (zeroed for skipped strategies). */
RS_MUST_USE int am_slash_operator(rs_env *e, rs_addr msg_sender, rs_addr avs, const am_slashing_params *p, u256 *slash_id,
                      u256 *shares);
RS_MUST_USE int am_modify_allocations(rs_env *e, rs_addr msg_sender, rs_addr operator_, const am_allocate_params *params,
                          size_t n);
RS_MUST_USE int am_clear_deallocation_queue(rs_env *e, rs_addr operator_, const rs_addr *strategies, size_t nstrategies,
                                const uint16_t *num_to_clear, size_t nnum);
RS_MUST_USE int am_register_for_operator_sets(rs_env *e, rs_addr msg_sender, rs_addr operator_, rs_addr avs,
                                  const uint32_t *ids, size_t nids, const uint8_t *data, size_t data_len);
RS_MUST_USE int am_deregister_from_operator_sets(rs_env *e, rs_addr msg_sender, rs_addr operator_, rs_addr avs,
                                     const uint32_t *ids, size_t nids);
/* msg_sender == the DelegationManager: a newly registered operator, effective now. */
RS_MUST_USE int am_set_allocation_delay(rs_env *e, rs_addr msg_sender, rs_addr operator_, uint32_t delay);
RS_MUST_USE int am_set_avs_registrar(rs_env *e, rs_addr msg_sender, rs_addr avs, rs_addr registrar);
RS_MUST_USE int am_update_avs_metadata_uri(rs_env *e, rs_addr msg_sender, rs_addr avs, const uint8_t *uri, size_t len);
RS_MUST_USE int am_create_operator_sets(rs_env *e, rs_addr msg_sender, rs_addr avs, const am_create_set_params *p, size_t n);
RS_MUST_USE int am_create_operator_sets_v1(rs_env *e, rs_addr msg_sender, rs_addr avs, const am_create_set_params *p,
                               size_t n);
RS_MUST_USE int am_create_redistributing_operator_sets(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                           const am_create_set_params *p, size_t n, const rs_addr *recipients,
                                           size_t nrecipients);
RS_MUST_USE int am_create_redistributing_operator_sets_v1(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                              const am_create_set_params *p, size_t n,
                                              const rs_addr *recipients, size_t nrecipients);
RS_MUST_USE int am_add_strategies_to_operator_set(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t id,
                                      const rs_addr *strategies, size_t n);
RS_MUST_USE int am_remove_strategies_from_operator_set(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t id,
                                           const rs_addr *strategies, size_t n);
RS_MUST_USE int am_update_slasher(rs_env *e, rs_addr msg_sender, am_opset set, rs_addr slasher);
RS_MUST_USE int am_migrate_slashers(rs_env *e, const am_opset *sets, size_t n);

/* ---- views ---- */
uint64_t am_get_max_magnitude(rs_env *e, rs_addr operator_, rs_addr strategy);
void am_get_max_magnitudes(rs_env *e, rs_addr operator_, const rs_addr *strategies, size_t n, uint64_t *out);
void am_get_max_magnitudes_at_block(rs_env *e, rs_addr operator_, const rs_addr *strategies, size_t n,
                                    uint32_t block, uint64_t *out);
uint64_t am_get_max_magnitude_at_block(rs_env *e, rs_addr operator_, rs_addr strategy, uint32_t block);
am_allocation am_get_allocation(rs_env *e, rs_addr operator_, am_opset set, rs_addr strategy);
/* pendingDiff as the int128 ABI word (sign-extended to 256 bits). */
u256 am_pending_diff_word(am_allocation a);
uint64_t am_get_encumbered_magnitude(rs_env *e, rs_addr operator_, rs_addr strategy);
uint64_t am_get_allocatable_magnitude(rs_env *e, rs_addr operator_, rs_addr strategy);
void am_get_allocation_delay(rs_env *e, rs_addr operator_, bool *is_set, uint32_t *delay);
bool am_is_operator_slashable(rs_env *e, rs_addr operator_, am_opset set);
rs_addr am_get_redistribution_recipient(rs_env *e, rs_addr avs, uint32_t set_id);
bool am_is_redistributing_operator_set(rs_env *e, rs_addr avs, uint32_t set_id);
bool am_is_operator_redistributable(rs_env *e, rs_addr operator_);
rs_addr am_get_slasher(rs_env *e, am_opset set);
void am_get_pending_slasher(rs_env *e, am_opset set, rs_addr *pending, uint32_t *effect_block);
u256 am_get_slash_count(rs_env *e, am_opset set);
rs_addr am_get_avs_registrar(rs_env *e, rs_addr avs);
bool am_is_operator_set(rs_env *e, am_opset set);
bool am_is_member_of_operator_set(rs_env *e, rs_addr operator_, am_opset set);
uint64_t am_get_operator_set_count(rs_env *e, rs_addr avs);

/* Enumerations: count, then element i in EnumerableSet order. */
uint64_t am_get_member_count(rs_env *e, am_opset set);
rs_addr am_member_at(rs_env *e, am_opset set, uint64_t i);
uint64_t am_strategy_count(rs_env *e, am_opset set);
rs_addr am_strategy_at(rs_env *e, am_opset set, uint64_t i);
uint64_t am_registered_set_count(rs_env *e, rs_addr operator_);
am_opset am_registered_set_at(rs_env *e, rs_addr operator_, uint64_t i);
uint64_t am_allocated_set_count(rs_env *e, rs_addr operator_);
am_opset am_allocated_set_at(rs_env *e, rs_addr operator_, uint64_t i);
uint64_t am_allocated_strategy_count(rs_env *e, rs_addr operator_, am_opset set);
rs_addr am_allocated_strategy_at(rs_env *e, rs_addr operator_, am_opset set, uint64_t i);

/* getMinimumSlashableStake / getAllocatedStake for one (operator, strategy). */
RS_MUST_USE int am_minimum_allocated_stake(rs_env *e, am_opset set, rs_addr operator_, rs_addr strategy, uint32_t future_block,
                               u256 *out);
RS_MUST_USE int am_minimum_slashable_stake(rs_env *e, am_opset set, rs_addr operator_, rs_addr strategy, uint32_t future_block,
                               u256 *out);

#endif
