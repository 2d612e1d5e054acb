/* DurationVaultStrategy (DurationVaultStrategy.sol at f84a5151): a
 * StrategyBase (same share accounting, pause flags and storage, see
 * strategy_base.h) that is its own operator. It takes deposits in a window
 * under per-deposit and total caps, then locks: a full allocation to one
 * operator set, no new shares and no queued withdrawals until it matures
 * (at unlockAt, or earlier by its arbitrator). Functions take the vault's
 * address; msg_sender is the calling account. */
#ifndef RESTAKE_PROTOCOL_DURATION_VAULT_H
#define RESTAKE_PROTOCOL_DURATION_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol/allocation.h"
#include "restake/env.h"
#include "restake/namespaces.h"

/* The vault's own state lives beside its StrategyBase state, in the
 * StrategyBase range (a vault is a StrategyBase plus these). */
enum {
    NS_DV_ADMIN = RS_NS_STRATEGY_BASE + 0x20,      /* vault → vaultAdmin */
    NS_DV_ARBITRATOR = RS_NS_STRATEGY_BASE + 0x21, /* vault → arbitrator */
    NS_DV_TIMES = RS_NS_STRATEGY_BASE + 0x22,      /* vault → duration | lockedAt << 32 | unlockAt << 64 | maturedAt << 96 | state << 128 */
    NS_DV_METADATA = RS_NS_STRATEGY_BASE + 0x23,   /* vault → metadataURI bytes */
    NS_DV_SET = RS_NS_STRATEGY_BASE + 0x24,        /* vault → avs | id << 160 */
    NS_DV_MAX_PER_DEPOSIT = RS_NS_STRATEGY_BASE + 0x25,
    NS_DV_MAX_TOTAL = RS_NS_STRATEGY_BASE + 0x26,
};

typedef enum { DV_UNINITIALIZED = 0, DV_DEPOSITS = 1, DV_ALLOCATIONS = 2, DV_WITHDRAWALS = 3 } dv_state;

#define DV_MAX_DURATION 63072000u                     /* 2 * 365 days */
#define DV_FULL_ALLOCATION 1000000000000000000ull     /* 1 WAD of magnitude */

/* VaultConfig; byte strings point into the caller's memory. */
typedef struct {
    rs_addr token, admin, arbitrator;
    uint32_t duration;
    u256 max_per_deposit, stake_cap;
    const uint8_t *metadata_uri;
    size_t metadata_uri_len;
    am_opset set;
    const uint8_t *registration_data;
    size_t registration_data_len;
    rs_addr delegation_approver;
    const uint8_t *operator_metadata_uri;
    size_t operator_metadata_uri_len;
} dv_config;

/* Every fixed-size field of a vault's state. */
typedef struct {
    rs_addr admin, arbitrator;
    uint32_t duration, locked_at, unlock_at, matured_at;
    dv_state state;
    am_opset set;
    u256 max_per_deposit, max_total_deposits;
} dv_info;

bool dv_is_vault(rs_env *e, rs_addr a);
void dv_load(rs_env *e, rs_addr vault, dv_info *out);
/* metadataURI: copies at most cap bytes, returns its length. */
size_t dv_metadata_uri(rs_env *e, rs_addr vault, uint8_t *out, size_t cap);

/* initialize(config), run by the BeaconProxy constructor (msg_sender = the factory). */
RS_MUST_USE int dv_initialize(rs_env *e, rs_addr msg_sender, rs_addr vault, const dv_config *c);
RS_MUST_USE int dv_lock(rs_env *e, rs_addr msg_sender, rs_addr vault);
RS_MUST_USE int dv_mark_matured(rs_env *e, rs_addr msg_sender, rs_addr vault);
RS_MUST_USE int dv_advance_to_withdrawals(rs_env *e, rs_addr msg_sender, rs_addr vault);

/* ---- admin ---- */
RS_MUST_USE int dv_update_tvl_limits(rs_env *e, rs_addr msg_sender, rs_addr vault, u256 max_per_deposit, u256 stake_cap);
/* setTVLLimits: the PauserRegistry's unpauser instead of the admin. */
RS_MUST_USE int dv_set_tvl_limits(rs_env *e, rs_addr msg_sender, rs_addr vault, u256 max_per_deposit, u256 stake_cap);
RS_MUST_USE int dv_update_metadata_uri(rs_env *e, rs_addr msg_sender, rs_addr vault, const uint8_t *uri, size_t len);
RS_MUST_USE int dv_update_delegation_approver(rs_env *e, rs_addr msg_sender, rs_addr vault, rs_addr approver);
RS_MUST_USE int dv_update_operator_metadata_uri(rs_env *e, rs_addr msg_sender, rs_addr vault, const uint8_t *uri,
                                                size_t len);
RS_MUST_USE int dv_set_rewards_claimer(rs_env *e, rs_addr msg_sender, rs_addr vault, rs_addr claimer);

/* ---- StrategyManager hooks (msg_sender must be the StrategyManager) ---- */
RS_MUST_USE int dv_before_add_shares(rs_env *e, rs_addr msg_sender, rs_addr vault, rs_addr staker, u256 shares);
RS_MUST_USE int dv_before_remove_shares(rs_env *e, rs_addr msg_sender, rs_addr vault);

#endif
