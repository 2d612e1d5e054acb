/* Beacon-chain SSZ Merkle proofs (BeaconChainProofs.sol + Merkle.sol's
 * SHA-256 half), in both directions:
 *
 *  - verification, exactly as the pod performs it: the same length checks,
 *    index arithmetic and errors, in the same order (so the first failure is
 *    the one Solidity reports);
 *  - construction (tests, fuzzing, the offline devnet beacon chain): a beacon
 *    block header over a beacon state whose validators and balances lists are
 *    real SSZ lists, and every proof the pod consumes.
 *
 * Proofs are byte strings of 32-byte siblings, the leaf's sibling first. */
#ifndef RESTAKE_PROTOCOL_BEACON_PROOFS_H
#define RESTAKE_PROTOCOL_BEACON_PROOFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/env.h"
#include "restake/types.h"

enum {
    BP_BLOCK_HEADER_TREE_HEIGHT = 3,
    BP_DENEB_STATE_TREE_HEIGHT = 5,
    BP_PECTRA_STATE_TREE_HEIGHT = 6,
    BP_BALANCE_TREE_HEIGHT = 38,
    BP_VALIDATOR_TREE_HEIGHT = 40,
    BP_STATE_ROOT_INDEX = 3,
    BP_VALIDATOR_CONTAINER_INDEX = 11,
    BP_BALANCE_CONTAINER_INDEX = 12,
    BP_VALIDATOR_FIELDS_LENGTH = 8,
    BP_FIELD_PUBKEY = 0,
    BP_FIELD_WITHDRAWAL_CREDENTIALS = 1,
    BP_FIELD_EFFECTIVE_BALANCE = 2,
    BP_FIELD_SLASHED = 3,
    BP_FIELD_ACTIVATION_ELIGIBILITY_EPOCH = 4,
    BP_FIELD_ACTIVATION_EPOCH = 5,
    BP_FIELD_EXIT_EPOCH = 6,
    BP_FIELD_WITHDRAWABLE_EPOCH = 7,
};
#define BP_FAR_FUTURE_EPOCH UINT64_MAX

/* ProofVersion: which beacon-state tree height a proof was made against. */
typedef enum { BP_DENEB = 0, BP_PECTRA = 1 } bp_version;

typedef enum {
    BP_OK = 0,
    BP_INVALID_PROOF,                 /* InvalidProof() */
    BP_INVALID_PROOF_LENGTH,          /* InvalidProofLength() (BeaconChainProofs and Merkle share it) */
    BP_INVALID_VALIDATOR_FIELDS_LENGTH, /* InvalidValidatorFieldsLength() */
    BP_INVALID_INDEX,                 /* InvalidIndex() */
    BP_EMPTY_ROOT,                    /* EmptyRoot() */
    BP_NOT_ENOUGH_LEAVES,             /* NotEnoughLeaves() */
    BP_LEAVES_NOT_POWER_OF_TWO,       /* LeavesNotPowerOfTwo() */
} bp_status;

/* The Solidity error signature of a failure (NULL for BP_OK). */
const char *bp_error_sig(bp_status s);
/* rs_revert with the status's error; RS_OK for BP_OK. */
RS_MUST_USE int bp_revert(rs_env *e, bp_status s);

unsigned bp_state_tree_height(bp_version v);

/* ---- Merkle.sol (SHA-256) ---- */
/* processInclusionProofSha256: folds the siblings into a root; `index` is
 * the position at the leaf's level and must be exhausted by the proof. */
bp_status bp_process_inclusion(const uint8_t *proof, size_t len, rs_b32 leaf, u256 index, rs_b32 *root);
/* verifyInclusionSha256: EmptyRoot, then processing; BP_INVALID_PROOF on a root mismatch. */
bp_status bp_verify_inclusion(const uint8_t *proof, size_t len, rs_b32 root, rs_b32 leaf, u256 index);
/* merkleizeSha256: at least two leaves, a power of two of them. */
bp_status bp_merkleize(const rs_b32 *leaves, size_t n, rs_b32 *root);

/* ---- BeaconChainProofs.sol ---- */
bp_status bp_verify_state_root(rs_b32 block_root, rs_b32 state_root, const uint8_t *proof, size_t len);
bp_status bp_verify_validator_fields(bp_version v, rs_b32 state_root, const rs_b32 *fields, size_t nfields,
                                     const uint8_t *proof, size_t len, uint64_t validator_index /* uint40 */);
bp_status bp_verify_balance_container(bp_version v, rs_b32 block_root, rs_b32 container_root,
                                      const uint8_t *proof, size_t len);
/* verifyValidatorBalance: the validator's balance out of the proven chunk. */
bp_status bp_verify_validator_balance(rs_b32 container_root, uint64_t validator_index, rs_b32 balance_root,
                                      const uint8_t *proof, size_t len, uint64_t *balance_gwei);

/* Endian.fromLittleEndianUint64 of the word's first eight bytes. */
uint64_t bp_le_u64(rs_b32 word);
/* The balance at validator_index % 4 of a packed balances chunk. */
uint64_t bp_balance_at_index(rs_b32 chunk, uint64_t validator_index);
/* SSZ uint64 leaf (little-endian in the first eight bytes). */
rs_b32 bp_u64_leaf(uint64_t v);

/* ---- construction ---- */

/* Root of a depth-`depth` tree whose first n leaves are given and the rest
 * zero (SSZ zero-padding, computed with zero-subtree hashes, so n can be far
 * below 2^depth). If proof is non-NULL, also writes the `depth` siblings of
 * leaf `index` (index < 2^depth) into proof (32*depth bytes). */
void bp_sparse_root(const rs_b32 *leaves, size_t n, unsigned depth, uint64_t index, rs_b32 *root, uint8_t *proof);
/* SSZ mix_in_length: sha256(root ++ uint256_le(length)). */
rs_b32 bp_mix_in_length(rs_b32 root, uint64_t length);
/* hash_tree_root of an SSZ Validator container's 8 field leaves (built by bp_validator_fields). */
rs_b32 bp_validator_root(const rs_b32 fields[8]);

typedef struct {
    const uint8_t *pubkey; /* 48 bytes */
    rs_b32 withdrawal_credentials;
    uint64_t effective_balance_gwei;
    bool slashed;
    uint64_t activation_eligibility_epoch, activation_epoch, exit_epoch, withdrawable_epoch;
} bp_validator;
/* The 8 leaves of a Validator as the pod takes them (pubkey leaf = sha256(pubkey ++ 16 zero bytes)). */
void bp_validator_fields(const bp_validator *v, rs_b32 fields[8]);
/* sha256(pubkey ++ bytes16(0)): the pod's pubkey hash. */
rs_b32 bp_pubkey_hash(const uint8_t pubkey[48]);

/* A beacon state reduced to what the pod proves against: every other state
 * field is `other` (one leaf value for each unused slot; zero is fine). */
typedef struct {
    bp_version version;
    uint64_t slot, proposer_index;
    rs_b32 parent_root, body_root;
    const rs_b32 (*validator_fields)[8]; /* per validator */
    const uint64_t *balances_gwei;       /* per validator */
    size_t nvalidators;
    rs_b32 other;
} bp_state_input;

/* A zero-padded Merkle tree kept level by level (only the populated prefix
 * of each level), so any proof is read off in O(depth). */
typedef struct {
    rs_b32 *nodes;       /* level 0 (leaves) first */
    size_t off[65];      /* start of each level in nodes */
    size_t cnt[65];      /* populated nodes of each level */
    unsigned depth;
} bp_tree;

/* false on allocation failure; free with bp_tree_free. */
bool bp_tree_build(bp_tree *t, const rs_b32 *leaves, size_t n, unsigned depth);
void bp_tree_free(bp_tree *t);
rs_b32 bp_tree_root(const bp_tree *t);
/* The depth siblings of leaf index (32 * depth bytes). */
void bp_tree_prove(const bp_tree *t, uint64_t index, uint8_t *proof);

typedef struct {
    bp_version version;
    size_t nvalidators;
    rs_b32 *validator_roots;   /* nvalidators leaves */
    rs_b32 *balance_chunks;    /* ceil(n/4) leaves */
    size_t nchunks;
    bp_tree vtree, btree;      /* the two lists' trees (before the length mix-in) */
    rs_b32 state_leaves[64];   /* 2^height leaves of the BeaconState */
    rs_b32 header_leaves[8];
    rs_b32 validators_root, balances_root, state_root, block_root;
} bp_state;

/* Builds roots; false on allocation failure. Free with bp_state_free. */
bool bp_state_build(bp_state *s, const bp_state_input *in);
void bp_state_free(bp_state *s);
/* Proofs (caller's buffer of the stated size). */
void bp_prove_state_root(const bp_state *s, uint8_t proof[32 * BP_BLOCK_HEADER_TREE_HEIGHT]);
/* 32 * (41 + h) bytes. */
void bp_prove_validator(const bp_state *s, uint64_t validator_index, uint8_t *proof);
/* 32 * (3 + h) bytes. */
void bp_prove_balance_container(const bp_state *s, uint8_t *proof);
/* 32 * 39 bytes; *chunk receives the balance chunk (the BalanceProof's balanceRoot). */
void bp_prove_balance(const bp_state *s, uint64_t validator_index, rs_b32 *chunk, uint8_t *proof);

#endif
