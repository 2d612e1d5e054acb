/* RewardsCoordinator: rewards submissions of every kind (with their token
 * custody and the optional protocol fee), operator splits, claimers,
 * distribution roots and Merkle claims (RewardsCoordinator.sol at f84a5151),
 * plus the off-chain half: building a distribution tree and its proofs.
 *
 * Functions mirror the canonical external functions; msg_sender is the
 * calling account. Views take no sender. The coordinator's own address is
 * e->p->rewards_coordinator (msg_sender of its token transfers). */
#ifndef RESTAKE_PROTOCOL_REWARDS_H
#define RESTAKE_PROTOCOL_REWARDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/env.h"
#include "restake/namespaces.h"
#include "restake/types.h"

/* State namespaces (key parts in brackets). */
enum {
    NS_RC_OWNER = RS_NS_RC_BASE + 1,            /* → owner */
    NS_RC_UPDATER = RS_NS_RC_BASE + 2,          /* → rewardsUpdater */
    NS_RC_ACTIVATION_DELAY = RS_NS_RC_BASE + 3, /* → activationDelay */
    NS_RC_CURR_END = RS_NS_RC_BASE + 4,         /* → currRewardsCalculationEndTimestamp */
    NS_RC_DEFAULT_SPLIT = RS_NS_RC_BASE + 5,    /* → defaultOperatorSplitBips */
    NS_RC_FEE_RECIPIENT = RS_NS_RC_BASE + 6,    /* → feeRecipient */
    NS_RC_ROOTS_LEN = RS_NS_RC_BASE + 7,        /* → number of distribution roots */
    NS_RC_ROOT_HASH = RS_NS_RC_BASE + 8,        /* [u64 index] → root */
    NS_RC_ROOT_META = RS_NS_RC_BASE + 9,        /* [u64 index] → end | activatedAt << 32 | disabled << 64 */
    NS_RC_CLAIMER = RS_NS_RC_BASE + 10,         /* [earner] → claimer */
    NS_RC_CUM_CLAIMED = RS_NS_RC_BASE + 11,     /* [earner][token] → cumulativeClaimed */
    NS_RC_NONCE = RS_NS_RC_BASE + 12,           /* [submitter] → submissionNonce */
    NS_RC_HASH = RS_NS_RC_BASE + 13,            /* [u8 kind][submitter][hash] → bool */
    NS_RC_FOR_ALL_SUBMITTER = RS_NS_RC_BASE + 14, /* [submitter] → bool */
    NS_RC_SPLIT_AVS = RS_NS_RC_BASE + 15,       /* [operator][avs] → OperatorSplit packed */
    NS_RC_SPLIT_PI = RS_NS_RC_BASE + 16,        /* [operator] → OperatorSplit packed */
    NS_RC_SPLIT_SET = RS_NS_RC_BASE + 17,       /* [operator][set key] → OperatorSplit packed */
    NS_RC_OPT_IN = RS_NS_RC_BASE + 18,          /* [submitter] → isOptedInForProtocolFee */
};

/* Pause flags. */
enum {
    RC_PAUSED_AVS_REWARDS_SUBMISSION = 0,
    RC_PAUSED_REWARDS_FOR_ALL_SUBMISSION = 1,
    RC_PAUSED_PROCESS_CLAIM = 2,
    RC_PAUSED_SUBMIT_DISABLE_ROOTS = 3,
    RC_PAUSED_REWARD_ALL_STAKERS_AND_OPERATORS = 4,
    RC_PAUSED_OPERATOR_DIRECTED_AVS_REWARDS_SUBMISSION = 5,
    RC_PAUSED_OPERATOR_AVS_SPLIT = 6,
    RC_PAUSED_OPERATOR_PI_SPLIT = 7,
    RC_PAUSED_OPERATOR_SET_SPLIT = 8,
    RC_PAUSED_OPERATOR_DIRECTED_OPERATOR_SET_REWARDS_SUBMISSION = 9,
    RC_PAUSED_UNIQUE_STAKE_REWARDS_SUBMISSION = 10,
    RC_PAUSED_TOTAL_STAKE_REWARDS_SUBMISSION = 11,
};

enum { RC_EARNER_LEAF_SALT = 0, RC_TOKEN_LEAF_SALT = 1, RC_ONE_HUNDRED_IN_BIPS = 10000 };

/* Which is…Hash mapping a submission hash was recorded in. */
typedef enum {
    RC_HASH_AVS = 1,
    RC_HASH_FOR_ALL = 2,
    RC_HASH_FOR_ALL_EARNERS = 3,
    RC_HASH_OD_AVS = 4,
    RC_HASH_OD_OPERATOR_SET = 5,
    RC_HASH_UNIQUE_STAKE = 6,
    RC_HASH_TOTAL_STAKE = 7,
} rc_hash_kind;

typedef struct {
    rs_addr strategy;
    u256 multiplier; /* uint96 */
} rc_strategy_multiplier;

typedef struct {
    const rc_strategy_multiplier *strategies;
    size_t nstrategies;
    rs_addr token;
    u256 amount;
    uint32_t start_timestamp;
    uint32_t duration;
} rc_submission;

typedef struct {
    rs_addr operator_;
    u256 amount;
} rc_operator_reward;

typedef struct {
    const rc_strategy_multiplier *strategies;
    size_t nstrategies;
    rs_addr token;
    const rc_operator_reward *rewards;
    size_t nrewards;
    uint32_t start_timestamp;
    uint32_t duration;
    const uint8_t *description;
    size_t description_len;
} rc_od_submission;

typedef struct {
    rs_b32 root;
    uint32_t rewards_calculation_end_timestamp;
    uint32_t activated_at;
    bool disabled;
} rc_distribution_root;

typedef struct {
    rs_addr token;
    u256 cumulative_earnings;
} rc_token_leaf;

typedef struct {
    const uint8_t *p;
    size_t len;
} rc_bytes;

typedef struct {
    uint32_t root_index;
    uint32_t earner_index;
    rc_bytes earner_proof;
    rs_addr earner;
    rs_b32 earner_token_root;
    const uint32_t *token_indices;
    size_t nindices;
    const rc_bytes *token_proofs;
    size_t nproofs;
    const rc_token_leaf *token_leaves;
    size_t nleaves;
} rc_claim;

/* ---- submissions ---- */
RS_MUST_USE int rc_create_avs_rewards_submission(rs_env *e, rs_addr msg_sender, const rc_submission *s, size_t n);
/* Only the EmissionsController may call it. */
RS_MUST_USE int rc_create_eigen_da_rewards_submission(rs_env *e, rs_addr msg_sender, rs_addr avs, const rc_submission *s,
                                          size_t n);
RS_MUST_USE int rc_create_rewards_for_all_submission(rs_env *e, rs_addr msg_sender, const rc_submission *s, size_t n);
RS_MUST_USE int rc_create_rewards_for_all_earners(rs_env *e, rs_addr msg_sender, const rc_submission *s, size_t n);
RS_MUST_USE int rc_create_operator_directed_avs_rewards_submission(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                                       const rc_od_submission *s, size_t n);
RS_MUST_USE int rc_create_operator_directed_operator_set_rewards_submission(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                                                uint32_t set_id, const rc_od_submission *s,
                                                                size_t n);
RS_MUST_USE int rc_create_unique_stake_rewards_submission(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t set_id,
                                              const rc_submission *s, size_t n);
RS_MUST_USE int rc_create_total_stake_rewards_submission(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t set_id,
                                             const rc_submission *s, size_t n);

/* ---- roots and claims ---- */
RS_MUST_USE int rc_submit_root(rs_env *e, rs_addr msg_sender, rs_b32 root, uint32_t rewards_calculation_end_timestamp);
RS_MUST_USE int rc_disable_root(rs_env *e, rs_addr msg_sender, uint32_t root_index);
RS_MUST_USE int rc_process_claim(rs_env *e, rs_addr msg_sender, const rc_claim *claim, rs_addr recipient);
RS_MUST_USE int rc_process_claims(rs_env *e, rs_addr msg_sender, const rc_claim *claims, size_t n, rs_addr recipient);
/* checkClaim: RS_OK (true) or the revert. */
RS_MUST_USE int rc_check_claim(rs_env *e, const rc_claim *claim);

/* ---- splits, claimers, roles ---- */
RS_MUST_USE int rc_set_claimer_for(rs_env *e, rs_addr msg_sender, rs_addr claimer);
RS_MUST_USE int rc_set_claimer_for_earner(rs_env *e, rs_addr msg_sender, rs_addr earner, rs_addr claimer);
RS_MUST_USE int rc_set_operator_avs_split(rs_env *e, rs_addr msg_sender, rs_addr operator_, rs_addr avs, uint16_t split);
RS_MUST_USE int rc_set_operator_pi_split(rs_env *e, rs_addr msg_sender, rs_addr operator_, uint16_t split);
RS_MUST_USE int rc_set_operator_set_split(rs_env *e, rs_addr msg_sender, rs_addr operator_, rs_addr avs, uint32_t set_id,
                              uint16_t split);
RS_MUST_USE int rc_set_opt_in_for_protocol_fee(rs_env *e, rs_addr msg_sender, rs_addr submitter, bool value);
RS_MUST_USE int rc_set_activation_delay(rs_env *e, rs_addr msg_sender, uint32_t delay);
RS_MUST_USE int rc_set_default_operator_split(rs_env *e, rs_addr msg_sender, uint16_t split);
RS_MUST_USE int rc_set_fee_recipient(rs_env *e, rs_addr msg_sender, rs_addr recipient);
RS_MUST_USE int rc_set_rewards_updater(rs_env *e, rs_addr msg_sender, rs_addr updater);
RS_MUST_USE int rc_set_rewards_for_all_submitter(rs_env *e, rs_addr msg_sender, rs_addr submitter, bool value);
/* OwnableUpgradeable (OZ 4.9). */
RS_MUST_USE int rc_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner);
RS_MUST_USE int rc_renounce_ownership(rs_env *e, rs_addr msg_sender);

/* ---- views ---- */
rs_addr rc_owner(rs_env *e);
rs_addr rc_rewards_updater(rs_env *e);
rs_addr rc_fee_recipient(rs_env *e);
uint32_t rc_activation_delay(rs_env *e);
uint32_t rc_curr_rewards_calculation_end_timestamp(rs_env *e);
uint16_t rc_default_operator_split_bips(rs_env *e);
rs_addr rc_claimer_for(rs_env *e, rs_addr earner);
u256 rc_cumulative_claimed(rs_env *e, rs_addr earner, rs_addr token);
u256 rc_submission_nonce(rs_env *e, rs_addr submitter);
bool rc_is_submission_hash(rs_env *e, rc_hash_kind kind, rs_addr submitter, rs_b32 hash);
bool rc_is_rewards_for_all_submitter(rs_env *e, rs_addr submitter);
bool rc_is_opted_in_for_protocol_fee(rs_env *e, rs_addr submitter);
uint16_t rc_get_operator_avs_split(rs_env *e, rs_addr operator_, rs_addr avs);
uint16_t rc_get_operator_pi_split(rs_env *e, rs_addr operator_);
uint16_t rc_get_operator_set_split(rs_env *e, rs_addr operator_, rs_addr avs, uint32_t set_id);
uint64_t rc_distribution_roots_length(rs_env *e);
/* Out of range: Panic(0x32). */
RS_MUST_USE int rc_get_distribution_root_at_index(rs_env *e, u256 index, rc_distribution_root *out);
/* No roots: Panic(0x11) (length - 1 underflows). */
RS_MUST_USE int rc_get_current_distribution_root(rs_env *e, rc_distribution_root *out);
/* The newest enabled and activated root, or all zero. */
void rc_get_current_claimable_distribution_root(rs_env *e, rc_distribution_root *out);
/* Newest index with that root, else InvalidRoot(). */
RS_MUST_USE int rc_get_root_index_from_hash(rs_env *e, rs_b32 root, uint32_t *index);

/* ---- hashing (pure) ---- */
rs_b32 rc_earner_leaf_hash(rs_addr earner, rs_b32 earner_token_root);
rs_b32 rc_token_leaf_hash(rs_addr token, u256 cumulative_earnings);
/* keccak256(abi.encode(submitter, nonce, submission)). */
rs_b32 rc_submission_hash(rs_addr submitter, u256 nonce, const rc_submission *s);
rs_b32 rc_od_submission_hash(rs_addr submitter, u256 nonce, const rc_od_submission *s);
/* The ABI encodings of the structs (as the tail of a dynamic tuple). */
void rc_encode_submission(rs_buf *b, const rc_submission *s);
void rc_encode_od_submission(rs_buf *b, const rc_od_submission *s);

/* Merkle.verifyInclusionKeccak with the coordinator's index bound first:
 * InvalidEarnerLeafIndex()/InvalidTokenLeafIndex() (per index_error),
 * EmptyRoot(), InvalidProofLength(), InvalidClaimProof(). */
RS_MUST_USE int rc_verify_inclusion(rs_env *e, rs_b32 root, uint32_t index, const uint8_t *proof, size_t proof_len, rs_b32 leaf,
                        const char *index_error);

/* ---- distribution trees (the off-chain side) ----
 * Leaves padded with bytes32(0) to a power of two (Merkle.merkleizeKeccak);
 * a single leaf is its own root with an empty proof. Earners and each
 * earner's tokens keep the order given. */
typedef struct {
    rs_addr earner;
    const rc_token_leaf *tokens;
    size_t ntokens;
} rc_tree_earner;

typedef struct {
    size_t nleaves;  /* real leaves */
    size_t width;    /* padded to a power of two */
    unsigned depth;  /* log2(width) */
    rs_b32 *nodes;   /* level 0 (width leaves) first, then each level up; root last */
} rc_merkle;

/* false on zero leaves or allocation failure. */
bool rc_merkle_build(rc_merkle *m, const rs_b32 *leaves, size_t n);
rs_b32 rc_merkle_root(const rc_merkle *m);
/* Appends depth sibling hashes (leaf upwards) for leaf i. */
void rc_merkle_proof(const rc_merkle *m, size_t i, rs_buf *out);
void rc_merkle_free(rc_merkle *m);

typedef struct {
    size_t nearners;
    rc_tree_earner *earners; /* copy of the input (token arrays still the caller's) */
    rc_merkle *token_trees;  /* one per earner */
    rs_b32 *earner_token_roots;
    rc_merkle earner_tree;
} rc_tree;

/* false on an empty input, an earner without tokens or allocation failure. */
bool rc_tree_build(rc_tree *t, const rc_tree_earner *earners, size_t n);
rs_b32 rc_tree_root(const rc_tree *t);
void rc_tree_free(rc_tree *t);
/* Fills a claim of every token of earner i (arrays malloc'd into *store;
 * free with rc_claim_store_free). */
typedef struct {
    rs_buf earner_proof;
    rs_buf *token_proofs_buf;
    rc_bytes *token_proofs;
    uint32_t *token_indices;
    rc_token_leaf *token_leaves;
    size_t n;
} rc_claim_store;
void rc_tree_claim(const rc_tree *t, size_t earner_index, uint32_t root_index, rc_claim *claim,
                   rc_claim_store *store);
void rc_claim_store_free(rc_claim_store *s);
/* ABI-encoded processClaim(claim, recipient) calldata, selector included. */
void rc_encode_process_claim(rs_buf *out, const rc_claim *c, rs_addr recipient);
/* The RewardsMerkleClaim tuple's encoding (its tail). */
void rc_encode_claim(rs_buf *out, const rc_claim *c);

#endif
