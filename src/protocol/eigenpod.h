/* EigenPodManager (native restaking bookkeeping) and EigenPod instances.
 *
 * The EigenPodManager is the share manager of the single virtual
 * beacon-chain ETH strategy (params.beacon_chain_eth_strategy): the
 * DelegationManager calls the epm_ share-manager functions below exactly as it
 * calls the StrategyManager's sm_ ones. Deposit shares are signed (int256):
 * legacy withdrawals may have left a pod owner with a negative balance.
 *
 * EigenPods are contracts at CREATE2 addresses derived from their owner; each
 * holds its validators, checkpoint and withdrawable balance under
 * RS_NS_POD_BASE keyed by the pod address. */
#ifndef RESTAKE_PROTOCOL_EIGENPOD_H
#define RESTAKE_PROTOCOL_EIGENPOD_H

#include <stdbool.h>
#include <stdint.h>

#include "restake/accounts.h"
#include "restake/env.h"
#include "restake/genesis.h"
#include "restake/namespaces.h"

enum {
    NS_EPM_OWNER_TO_POD = RS_NS_EPM_BASE + 1,   /* owner → pod */
    NS_EPM_NUM_PODS = RS_NS_EPM_BASE + 2,       /* → uint256 */
    NS_EPM_DEPOSIT_SHARES = RS_NS_EPM_BASE + 3, /* owner → int256 (two's complement) */
    NS_EPM_BCSF = RS_NS_EPM_BASE + 4,           /* owner → slashingFactor | isSet << 64 */
    NS_EPM_BURNABLE = RS_NS_EPM_BASE + 5,       /* → uint256 */
    NS_EPM_TS_SETTER = RS_NS_EPM_BASE + 6,      /* → address */
    NS_EPM_PECTRA_TS = RS_NS_EPM_BASE + 7,      /* → uint64 */
    NS_EPM_OWNER = RS_NS_EPM_BASE + 8,          /* Ownable owner */
    NS_EPM_POD_OWNER = RS_NS_EPM_BASE + 9,      /* pod → owner (reverse index) */
};

/* EigenPod storage, every key starting with the pod's address. */
enum {
    NS_POD_OWNER = RS_NS_POD_BASE + 1,          /* pod → podOwner (non-zero ⇔ initialized) */
    NS_POD_RESTAKED_EL_GWEI = RS_NS_POD_BASE + 2, /* pod → restakedExecutionLayerGwei */
    NS_POD_VALIDATOR = RS_NS_POD_BASE + 3,      /* pod, pubkeyHash → index | balance<<64 | lastCp<<128 | status<<192 */
    NS_POD_ACTIVE_COUNT = RS_NS_POD_BASE + 4,   /* pod → activeValidatorCount */
    NS_POD_LAST_CP_TS = RS_NS_POD_BASE + 5,     /* pod → lastCheckpointTimestamp */
    NS_POD_CUR_CP_TS = RS_NS_POD_BASE + 6,      /* pod → currentCheckpointTimestamp */
    NS_POD_EXITED = RS_NS_POD_BASE + 7,         /* pod, timestamp → checkpointBalanceExitedGwei */
    NS_POD_CHECKPOINT = RS_NS_POD_BASE + 8,     /* pod, field 0..4 → _currentCheckpoint */
    NS_POD_PROOF_SUBMITTER = RS_NS_POD_BASE + 9, /* pod → proofSubmitter */
};

/* EigenPodPausingConstants */
enum {
    EPM_PAUSED_NEW_EIGENPODS = 0,
    EPM_PAUSED_EIGENPODS_VERIFY_CREDENTIALS = 2,
    EPM_PAUSED_NON_PROOF_WITHDRAWALS = 5,
    EPM_PAUSED_START_CHECKPOINT = 6,
    EPM_PAUSED_EIGENPODS_VERIFY_CHECKPOINT_PROOFS = 7,
    EPM_PAUSED_VERIFY_STALE_BALANCE = 8,
    EPM_PAUSED_CONSOLIDATIONS = 9,
    EPM_PAUSED_WITHDRAWAL_REQUESTS = 10,
};

#define EPM_WAD 1000000000000000000ULL
#define EPM_GWEI_TO_WEI 1000000000ULL

/* ---- share-manager surface (IShareManager), called by the DelegationManager.
 * msg_sender must be the DelegationManager; strategy must be the beacon-chain
 * ETH strategy. Shapes mirror the StrategyManager's sm_ functions. ---- */

/* removeDepositShares → the staker's deposit shares after removal. */
RS_MUST_USE int epm_remove_deposit_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy,
                              u256 deposit_shares_to_remove, u256 *shares_after);
/* addShares → (prevDepositShares, addedShares) as DelegationManager consumes them. */
RS_MUST_USE int epm_add_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy, u256 shares,
                   u256 *prev_deposit_shares, u256 *added_shares);
RS_MUST_USE int epm_withdraw_shares_as_tokens(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy,
                                  rs_addr token, u256 shares);
/* stakerDepositShares: reverts InvalidStrategy for any other strategy; negative reads 0. */
RS_MUST_USE int epm_staker_deposit_shares(rs_env *e, rs_addr user, rs_addr strategy, u256 *out);
/* increaseBurnOrRedistributableShares(OperatorSet(avs, operator_set_id), slashId, strategy, shares). */
RS_MUST_USE int epm_increase_burn_or_redistributable_shares(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                                uint32_t operator_set_id, u256 slash_id,
                                                rs_addr strategy, u256 added_shares_to_burn);
/* beaconChainSlashingFactor(podOwner): WAD when never set. */
uint64_t epm_beacon_chain_slashing_factor(rs_env *e, rs_addr staker);

/* ---- EigenPodManager external surface ---- */
RS_MUST_USE int epm_create_pod(rs_env *e, rs_addr msg_sender, rs_addr *pod_out);
RS_MUST_USE int epm_stake(rs_env *e, rs_addr msg_sender, u256 value, const uint8_t *pubkey, size_t pubkey_len,
              const uint8_t *signature, size_t signature_len, rs_b32 deposit_data_root);
RS_MUST_USE int epm_record_beacon_chain_eth_balance_update(rs_env *e, rs_addr msg_sender, rs_addr pod_owner,
                                               u256 prev_restaked_balance_wei, u256 balance_delta_wei_i256);
RS_MUST_USE int epm_set_proof_timestamp_setter(rs_env *e, rs_addr msg_sender, rs_addr setter);
RS_MUST_USE int epm_set_pectra_fork_timestamp(rs_env *e, rs_addr msg_sender, uint64_t ts);
/* OwnableUpgradeable (OZ 4.9). */
RS_MUST_USE int epm_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner);
RS_MUST_USE int epm_renounce_ownership(rs_env *e, rs_addr msg_sender);

/* Views */
rs_addr epm_get_pod(rs_env *e, rs_addr pod_owner);     /* CREATE2 address when absent */
rs_addr epm_owner_to_pod(rs_env *e, rs_addr pod_owner); /* zero when absent */
bool epm_has_pod(rs_env *e, rs_addr pod_owner);
u256 epm_num_pods(rs_env *e);
u256 epm_pod_owner_deposit_shares(rs_env *e, rs_addr pod_owner); /* int256 two's complement */
u256 epm_burnable_eth_shares(rs_env *e);
rs_addr epm_proof_timestamp_setter(rs_env *e);
uint64_t epm_pectra_fork_timestamp(rs_env *e);
rs_addr epm_owner(rs_env *e);
/* The pod's owner if `pod` is a pod deployed by the manager, else zero. */
rs_addr epm_pod_owner_of(rs_env *e, rs_addr pod);

/* CREATE2 address of pod_owner's pod (FORMAT-eigenpod.md). */
rs_addr epm_compute_pod_address(const rs_params *p, rs_addr pod_owner);

/* ---- EigenPod (eigenpod_pod.c); `pod` is the pod's own address ---- */

typedef enum { POD_VALIDATOR_INACTIVE = 0, POD_VALIDATOR_ACTIVE = 1, POD_VALIDATOR_WITHDRAWN = 2 } pod_validator_status;

typedef struct {
    uint64_t validator_index;
    uint64_t restaked_balance_gwei;
    uint64_t last_checkpointed_at;
    uint8_t status; /* pod_validator_status */
} pod_validator_info;

typedef struct {
    rs_b32 beacon_block_root;
    uint32_t proofs_remaining; /* uint24 */
    uint64_t pod_balance_gwei;
    int64_t balance_deltas_gwei;
    uint64_t prev_beacon_balance_gwei;
} pod_checkpoint;

/* Pod's proof arguments, as decoded from calldata (pointers into it). */
typedef struct {
    rs_b32 beacon_state_root;
    const uint8_t *proof;
    size_t proof_len;
} pod_state_root_proof;

typedef struct {
    rs_b32 balance_container_root;
    const uint8_t *proof;
    size_t proof_len;
} pod_balance_container_proof;

typedef struct {
    rs_b32 pubkey_hash;
    rs_b32 balance_root;
    const uint8_t *proof;
    size_t proof_len;
} pod_balance_proof;

/* bytes / bytes32[] arguments. */
typedef struct {
    const uint8_t *p;
    size_t len;
} pod_bytes;
typedef struct {
    const rs_b32 *f;
    size_t n;
} pod_fields;

RS_MUST_USE int pod_initialize(rs_env *e, rs_addr pod, rs_addr msg_sender, rs_addr owner);
RS_MUST_USE int pod_stake(rs_env *e, rs_addr pod, rs_addr msg_sender, u256 value, const uint8_t *pubkey, size_t pubkey_len,
              const uint8_t *signature, size_t signature_len, rs_b32 deposit_data_root);
/* receive(): msg.value has already arrived. */
RS_MUST_USE int pod_receive(rs_env *e, rs_addr pod, u256 value);
RS_MUST_USE int pod_start_checkpoint(rs_env *e, rs_addr pod, rs_addr msg_sender, bool revert_if_no_balance);
RS_MUST_USE int pod_verify_checkpoint_proofs(rs_env *e, rs_addr pod, rs_addr msg_sender,
                                 const pod_balance_container_proof *bcp, const pod_balance_proof *proofs, size_t n);
/* validator indices are uint40 */
RS_MUST_USE int pod_verify_withdrawal_credentials(rs_env *e, rs_addr pod, rs_addr msg_sender, uint64_t beacon_timestamp,
                                      const pod_state_root_proof *srp, const uint64_t *validator_indices,
                                      size_t n_indices, const pod_bytes *field_proofs, size_t n_proofs,
                                      const pod_fields *fields, size_t n_fields);
RS_MUST_USE int pod_verify_stale_balance(rs_env *e, rs_addr pod, rs_addr msg_sender, uint64_t beacon_timestamp,
                             const pod_state_root_proof *srp, const pod_fields *fields, const pod_bytes *proof);
RS_MUST_USE int pod_withdraw_restaked_beacon_chain_eth(rs_env *e, rs_addr pod, rs_addr msg_sender, rs_addr recipient,
                                           u256 amount_wei);
RS_MUST_USE int pod_set_proof_submitter(rs_env *e, rs_addr pod, rs_addr msg_sender, rs_addr submitter);
RS_MUST_USE int pod_recover_tokens(rs_env *e, rs_addr pod, rs_addr msg_sender, const rs_addr *tokens, size_t n,
                       const u256 *amounts, size_t n_amounts, rs_addr recipient);

/* Consolidation/withdrawal requests: (srcPubkey, targetPubkey) / (pubkey, amountGwei). */
typedef struct {
    const uint8_t *src_pubkey;
    size_t src_len;
    const uint8_t *target_pubkey;
    size_t target_len;
} pod_consolidation_request;
typedef struct {
    const uint8_t *pubkey;
    size_t pubkey_len;
    uint64_t amount_gwei;
} pod_withdrawal_request;
RS_MUST_USE int pod_request_consolidation(rs_env *e, rs_addr pod, rs_addr msg_sender, u256 value,
                              const pod_consolidation_request *reqs, size_t n);
RS_MUST_USE int pod_request_withdrawal(rs_env *e, rs_addr pod, rs_addr msg_sender, u256 value,
                           const pod_withdrawal_request *reqs, size_t n);

/* Views */
rs_addr pod_owner(rs_env *e, rs_addr pod);
rs_addr pod_proof_submitter(rs_env *e, rs_addr pod);
uint64_t pod_withdrawable_restaked_el_gwei(rs_env *e, rs_addr pod);
u256 pod_active_validator_count(rs_env *e, rs_addr pod);
uint64_t pod_last_checkpoint_timestamp(rs_env *e, rs_addr pod);
uint64_t pod_current_checkpoint_timestamp(rs_env *e, rs_addr pod);
void pod_current_checkpoint(rs_env *e, rs_addr pod, pod_checkpoint *out);
void pod_validator_info_get(rs_env *e, rs_addr pod, rs_b32 pubkey_hash, pod_validator_info *out);
uint64_t pod_checkpoint_balance_exited_gwei(rs_env *e, rs_addr pod, uint64_t ts);
/* getParentBlockRoot, as called by (or on) `pod`. */
RS_MUST_USE int pod_get_parent_block_root(rs_env *e, rs_addr pod, uint64_t ts, rs_b32 *out);
/* Fee of the predeploy (7002 or 7251) via its empty-calldata query. */
RS_MUST_USE int pod_predeploy_fee(rs_env *e, rs_addr pod, rs_addr predeploy, u256 *fee);

/* Genesis (epm_genesis): the owner (eigen_pod_manager_owner, else owner), the
 * proof timestamp setter, params.pectra_fork_timestamp, and g->pods. The
 * vectors list every owner's *future* pod address in g->pods, so an entry only
 * becomes an existing pod when its address already holds RS_CODE_EIGEN_POD.
 * No genesis fields beyond rs_genesis/rs_params are needed. */

#endif
