/* DelegationManager: operators, delegation, the withdrawal queue and the
 * operator-share side of slashing (DelegationManager.sol at f84a5151).
 *
 * Every function mirrors the canonical external function of the same name;
 * msg_sender is the calling account or contract (the StrategyManager, the
 * EigenPodManager or the AllocationManager when they call in). */
#ifndef RESTAKE_PROTOCOL_DELEGATION_H
#define RESTAKE_PROTOCOL_DELEGATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/env.h"
#include "restake/namespaces.h"
#include "restake/types.h"

/* State namespaces of the DelegationManager. */
enum {
    NS_DM_OPERATOR_SHARES = RS_NS_DM_BASE + 0,   /* [operator][strategy] → shares */
    NS_DM_APPROVER = RS_NS_DM_BASE + 1,          /* [operator] → delegationApprover */
    NS_DM_DELEGATED_TO = RS_NS_DM_BASE + 2,      /* [staker] → operator */
    NS_DM_SALT_SPENT = RS_NS_DM_BASE + 3,        /* [approver][salt] → bool */
    NS_DM_PENDING = RS_NS_DM_BASE + 4,           /* [root] → bool */
    NS_DM_CUM_QUEUED = RS_NS_DM_BASE + 5,        /* [staker] → cumulativeWithdrawalsQueued */
    NS_DM_DSF = RS_NS_DM_BASE + 6,               /* [staker][strategy] → raw scaling factor (0 = WAD) */
    NS_DM_ROOTS = RS_NS_DM_BASE + 7,             /* [staker] EnumerableSet of roots (enumset.h) */
    NS_DM_WITHDRAWAL = RS_NS_DM_BASE + 8,        /* [root][field] → queued Withdrawal */
    NS_DM_SCALED_HISTORY = RS_NS_DM_BASE + 9,    /* [operator][strategy] cumulative scaled shares snapshots */
};

/* Pause flags of the DelegationManager. */
enum { DM_PAUSED_NEW_DELEGATION = 0, DM_PAUSED_ENTER_WITHDRAWAL_QUEUE = 1, DM_PAUSED_EXIT_WITHDRAWAL_QUEUE = 2 };

/* The Withdrawal struct. Arrays are owned by whoever filled the struct
 * (dm_withdrawal_load allocates with malloc; free with dm_withdrawal_free). */
typedef struct {
    rs_addr staker, delegated_to, withdrawer;
    u256 nonce;
    uint32_t start_block;
    size_t n;
    rs_addr *strategies;
    u256 *scaled_shares;
} dm_withdrawal;

void dm_withdrawal_free(dm_withdrawal *w);
/* keccak256(abi.encode(withdrawal)) — calculateWithdrawalRoot. */
rs_b32 dm_withdrawal_root(const dm_withdrawal *w);
/* Appends the ABI encoding of the Withdrawal tuple (its tail, offsets relative to its start). */
void dm_withdrawal_encode(rs_buf *b, const dm_withdrawal *w);
/* The same encoding into out, which holds dm_withdrawal_encoded_size(w) bytes. */
size_t dm_withdrawal_encoded_size(const dm_withdrawal *w);
void dm_withdrawal_encode_into(uint8_t *out, const dm_withdrawal *w);
/* Reads _queuedWithdrawals[root] (all zero/empty when absent). */
void dm_withdrawal_load(const rs_state *st, rs_b32 root, dm_withdrawal *out);

/* ---- calls from other contracts ---- */
RS_MUST_USE int dm_increase_delegated_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy,
                                 u256 prev_deposit_shares, u256 added_shares);
RS_MUST_USE int dm_decrease_delegated_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, u256 cur_deposit_shares,
                                 uint64_t beacon_chain_slashing_factor_decrease);
RS_MUST_USE int dm_slash_operator_shares(rs_env *e, rs_addr msg_sender, rs_addr operator_, rs_addr avs, uint32_t set_id,
                             u256 slash_id, rs_addr strategy, uint64_t prev_max_magnitude,
                             uint64_t new_max_magnitude, u256 *total_deposit_shares_to_slash);

/* ---- external functions ---- */
RS_MUST_USE int dm_register_as_operator(rs_env *e, rs_addr msg_sender, rs_addr init_delegation_approver,
                            uint32_t allocation_delay, const uint8_t *metadata_uri, size_t uri_len);
RS_MUST_USE int dm_modify_operator_details(rs_env *e, rs_addr msg_sender, rs_addr operator_, rs_addr new_approver);
RS_MUST_USE int dm_update_operator_metadata_uri(rs_env *e, rs_addr msg_sender, rs_addr operator_, const uint8_t *metadata_uri,
                                    size_t uri_len);
RS_MUST_USE int dm_delegate_to(rs_env *e, rs_addr msg_sender, rs_addr operator_, const uint8_t *sig, size_t sig_len,
                   u256 expiry, rs_b32 approver_salt);
/* roots: malloc'd array of *nroots (free it); may be NULL when empty. */
RS_MUST_USE int dm_undelegate(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_b32 **roots, size_t *nroots);
RS_MUST_USE int dm_redelegate(rs_env *e, rs_addr msg_sender, rs_addr new_operator, const uint8_t *sig, size_t sig_len,
                  u256 expiry, rs_b32 approver_salt, rs_b32 **roots, size_t *nroots);

typedef struct {
    size_t n;
    const rs_addr *strategies;
    size_t nshares;
    const u256 *deposit_shares;
} dm_queue_params;
/* roots: caller-provided array of nparams entries. */
RS_MUST_USE int dm_queue_withdrawals(rs_env *e, rs_addr msg_sender, const dm_queue_params *params, size_t nparams,
                         rs_b32 *roots);
/* tokens has ntokens entries (checked against w->n as the reference does). */
RS_MUST_USE int dm_complete_queued_withdrawal(rs_env *e, rs_addr msg_sender, const dm_withdrawal *w, const rs_addr *tokens,
                                  size_t ntokens, bool receive_as_tokens);
/* _completeQueuedWithdrawal: the body without the pause check. */
RS_MUST_USE int dm_complete_withdrawal_entry(rs_env *e, rs_addr msg_sender, const dm_withdrawal *w, const rs_addr *tokens,
                                 size_t ntokens, bool receive_as_tokens);
/* completeQueuedWithdrawals: tokens[i] has ntokens[i] entries; the three
 * arrays may differ in length (an index past tokens/receive panics 0x32). */
RS_MUST_USE int dm_complete_queued_withdrawals(rs_env *e, rs_addr msg_sender, const dm_withdrawal *ws, size_t n,
                                   const rs_addr *const *tokens, const size_t *ntokens, size_t ntoken_lists,
                                   const bool *receive_as_tokens, size_t nreceive);

/* ---- views ---- */
bool dm_is_delegated(rs_env *e, rs_addr staker);
bool dm_is_operator(rs_env *e, rs_addr operator_);
rs_addr dm_delegated_to(rs_env *e, rs_addr staker);
rs_addr dm_delegation_approver(rs_env *e, rs_addr operator_);
u256 dm_operator_shares(rs_env *e, rs_addr operator_, rs_addr strategy);
u256 dm_deposit_scaling_factor(rs_env *e, rs_addr staker, rs_addr strategy);
u256 dm_cumulative_withdrawals_queued(rs_env *e, rs_addr staker);
bool dm_salt_is_spent(rs_env *e, rs_addr approver, rs_b32 salt);
bool dm_pending_withdrawal(rs_env *e, rs_b32 root);
RS_MUST_USE int dm_get_slashable_shares_in_queue(rs_env *e, rs_addr operator_, rs_addr strategy, u256 *out);
/* withdrawable/deposit: caller arrays of n entries. */
RS_MUST_USE int dm_get_withdrawable_shares(rs_env *e, rs_addr staker, const rs_addr *strategies, size_t n, u256 *withdrawable,
                               u256 *deposit);
/* Strategy-manager strategies in list order, then the beacon strategy when it
 * has shares. Arrays malloc'd (free both). */
RS_MUST_USE int dm_get_deposited_shares(rs_env *e, rs_addr staker, rs_addr **strategies, u256 **shares, size_t *n);
RS_MUST_USE int dm_convert_to_deposit_shares(rs_env *e, rs_addr staker, const rs_addr *strategies, const u256 *withdrawable,
                                 size_t n, u256 *out);
/* Staker's pending roots in EnumerableSet order; malloc'd. */
size_t dm_get_queued_withdrawal_roots(rs_env *e, rs_addr staker, rs_b32 **roots);
/* Withdrawal at root plus the shares it would pay now (shares: malloc'd, w->n entries). */
RS_MUST_USE int dm_get_queued_withdrawal(rs_env *e, rs_b32 root, dm_withdrawal *w, u256 **shares);
rs_b32 dm_delegation_approval_digest(rs_env *e, rs_addr staker, rs_addr operator_, rs_addr approver, rs_b32 salt,
                                     u256 expiry);
rs_b32 dm_domain_separator(rs_env *e);
rs_b32 dm_delegation_approval_typehash(void);

#endif
