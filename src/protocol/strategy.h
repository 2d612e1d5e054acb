/* StrategyManager: deposits into strategies, the per-staker deposit shares
 * and strategy lists, the deposit whitelist, signed deposits, and the
 * burn-or-redistribute escrow of slashed shares (StrategyManager.sol at
 * f84a5151). The ShareManager surface (sm_add_shares ...) is what the
 * DelegationManager calls, with msg_sender = its own address. */
#ifndef RESTAKE_PROTOCOL_STRATEGY_H
#define RESTAKE_PROTOCOL_STRATEGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/env.h"
#include "restake/namespaces.h"
#include "restake/limits.h"
#include "protocol/strategy_base.h"

enum {
    NS_SM_OWNER = RS_NS_SM_BASE + 1,            /* → owner */
    NS_SM_WHITELISTER = RS_NS_SM_BASE + 2,      /* → strategyWhitelister */
    NS_SM_NONCES = RS_NS_SM_BASE + 3,           /* signer → nonce */
    NS_SM_DEPOSIT_SHARES = RS_NS_SM_BASE + 4,   /* staker, strategy → shares */
    NS_SM_STRATEGY_LIST = RS_NS_SM_BASE + 5,    /* staker → length; staker, index → strategy */
    NS_SM_WHITELISTED = RS_NS_SM_BASE + 6,      /* strategy → bool */
    NS_SM_BURNABLE = RS_NS_SM_BASE + 7,         /* legacy EnumerableMap strategy → shares */
    NS_SM_BOR_SHARES = RS_NS_SM_BASE + 8,       /* opsetKey, slashId → EnumerableMap strategy → shares */
    NS_SM_PENDING_OPSETS = RS_NS_SM_BASE + 9,   /* EnumerableSet of opsetKey */
    NS_SM_PENDING_SLASH_IDS = RS_NS_SM_BASE + 10, /* opsetKey → EnumerableSet of slashId */
};

enum { SM_PAUSED_DEPOSITS = 0 };

/* ---- ShareManager surface (msg_sender must be the DelegationManager) ---- */
/* addShares: returns (existingDepositShares, addedShares). */
RS_MUST_USE int sm_add_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy, u256 shares,
                  u256 *prev_deposit_shares, u256 *added_shares);
/* removeDepositShares: returns the staker's deposit shares after the decrement. */
RS_MUST_USE int sm_remove_deposit_shares(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy, u256 deposit_shares,
                             u256 *remaining);
RS_MUST_USE int sm_withdraw_shares_as_tokens(rs_env *e, rs_addr msg_sender, rs_addr staker, rs_addr strategy, rs_addr token,
                                 u256 shares);
RS_MUST_USE int sm_increase_burn_or_redistributable_shares(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t set_id,
                                               u256 slash_id, rs_addr strategy, u256 added_shares);

/* ---- external functions ---- */
RS_MUST_USE int sm_deposit_into_strategy(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr token, u256 amount,
                             u256 *deposit_shares);
RS_MUST_USE int sm_deposit_into_strategy_with_signature(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr token,
                                            u256 amount, rs_addr staker, u256 expiry, const uint8_t *sig,
                                            size_t sig_len, u256 *deposit_shares);
/* amounts: malloc'd array of *n entries (free it; NULL when n == 0). */
RS_MUST_USE int sm_clear_burn_or_redistributable_shares(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t set_id,
                                            u256 slash_id, u256 **amounts, size_t *n);
RS_MUST_USE int sm_clear_burn_or_redistributable_shares_by_strategy(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                                        uint32_t set_id, u256 slash_id, rs_addr strategy,
                                                        u256 *amount);
RS_MUST_USE int sm_burn_shares(rs_env *e, rs_addr msg_sender, rs_addr strategy);
RS_MUST_USE int sm_set_strategy_whitelister(rs_env *e, rs_addr msg_sender, rs_addr new_whitelister);
RS_MUST_USE int sm_add_strategies_to_deposit_whitelist(rs_env *e, rs_addr msg_sender, const rs_addr *strategies, size_t n);
RS_MUST_USE int sm_remove_strategies_from_deposit_whitelist(rs_env *e, rs_addr msg_sender, const rs_addr *strategies,
                                                size_t n);
/* OwnableUpgradeable (OZ 4.9) of the StrategyManager. */
rs_addr sm_owner(rs_env *e);
RS_MUST_USE int sm_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner);
RS_MUST_USE int sm_renounce_ownership(rs_env *e, rs_addr msg_sender);

/* ---- views ---- */
u256 sm_staker_deposit_shares(rs_env *e, rs_addr staker, rs_addr strategy);
/* Writes up to cap strategies in list order; returns the list length. */
size_t sm_staker_strategy_list(rs_env *e, rs_addr staker, rs_addr *out, size_t cap);
size_t sm_staker_strategy_list_length(rs_env *e, rs_addr staker);
bool sm_strategy_is_whitelisted_for_deposit(rs_env *e, rs_addr strategy);
rs_addr sm_strategy_whitelister(rs_env *e);
u256 sm_nonce(rs_env *e, rs_addr signer);
/* A StrategyBase instance known to the system (code kind RS_CODE_STRATEGY_BASE,
 * or RS_CODE_DURATION_VAULT: a vault is a StrategyBase). */
bool sm_is_strategy(rs_env *e, rs_addr a);
rs_b32 sm_domain_separator(rs_env *e);
rs_b32 sm_deposit_typehash(void);
rs_b32 sm_deposit_digest(rs_env *e, rs_addr staker, rs_addr strategy, rs_addr token, u256 amount, u256 nonce,
                         u256 expiry);
/* The escrow of one slash: strategies/shares in EnumerableMap order (up to cap); returns the count. */
size_t sm_get_burn_or_redistributable_shares(rs_env *e, rs_addr avs, uint32_t set_id, u256 slash_id,
                                             rs_addr *strategies, u256 *shares, size_t cap);
u256 sm_get_burn_or_redistributable_shares_of(rs_env *e, rs_addr avs, uint32_t set_id, u256 slash_id,
                                              rs_addr strategy);
size_t sm_get_burn_or_redistributable_count(rs_env *e, rs_addr avs, uint32_t set_id, u256 slash_id);
u256 sm_get_burnable_shares(rs_env *e, rs_addr strategy);
size_t sm_get_strategies_with_burnable_shares(rs_env *e, rs_addr *strategies, u256 *shares, size_t cap);
size_t sm_get_pending_operator_sets(rs_env *e, rs_addr *avs, uint32_t *set_ids, size_t cap);
size_t sm_get_pending_slash_ids(rs_env *e, rs_addr avs, uint32_t set_id, u256 *out, size_t cap);

/* OperatorSetLib.key: avs ‖ uint96(id). */
rs_b32 sm_operator_set_key(rs_addr avs, uint32_t set_id);

/* ECDSA.tryRecover of OpenZeppelin 4.9 compared with the signer: 65-byte
 * (r, s, v) signature, v ∈ {27, 28}, low s; true when it recovers `signer`. */
bool sm_ecdsa_is_valid(rs_addr signer, rs_b32 digest, const uint8_t *sig, size_t sig_len);
/* SignatureChecker.isValidSignatureNow of OpenZeppelin 4.9 as `verifier`
 * runs it: ECDSA first, then STATICCALL signer.isValidSignature(digest,
 * signature) (ERC-1271), valid iff that succeeds with at least one word
 * whose first four bytes are 0x1626ba7e and the rest zero. Never reverts:
 * whatever the signer does is only an answer. */
bool sm_is_valid_signature_now(rs_env *e, rs_addr verifier, rs_addr signer, rs_b32 digest, const uint8_t *sig,
                               size_t sig_len);
/* SignatureUtilsMixin._checkIsValidSignatureNow of the contract at
 * `verifier`: expiry >= timestamp (SignatureExpired()), then the signature
 * (InvalidSignature()). */
RS_MUST_USE int sm_check_signature(rs_env *e, rs_addr verifier, rs_addr signer, rs_b32 digest, const uint8_t *sig,
                                   size_t sig_len, u256 expiry);
/* EIP-712 domain separator of a SignatureUtilsMixin contract at `verifying`. */
rs_b32 sm_eip712_domain_separator(rs_env *e, rs_addr verifying);
/* EIP-712 typed-data digest: keccak256(0x1901 ‖ domain ‖ keccak256(encoded
 * struct)), the struct given as its ABI words (typehash first). */
rs_b32 sm_eip712_digest(rs_b32 domain, const uint8_t *encoded_struct, size_t len);

#endif
