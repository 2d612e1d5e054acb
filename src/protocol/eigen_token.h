/* EIGEN (Eigen.sol) and bEIGEN (BackingEigen.sol): OpenZeppelin 4.9
 * ERC20VotesUpgradeable tokens with Ownable, transfer restrictions
 * (allowedFrom / allowedTo until transferRestrictionsDisabledAfter), and
 * the pair's own rules: bEIGEN is minted by its minters, EIGEN wraps and
 * unwraps bEIGEN one for one, and EIGEN.totalSupply() reports bEIGEN's.
 *
 * Both tokens are native code kinds (RS_CODE_EIGEN, RS_CODE_BACKING_EIGEN)
 * at e->p->eigen and e->p->backing_eigen; the functions below take the
 * token's address and act on its own state. Votes (ERC20Votes, timestamp
 * clock) are eigen_votes.h. */
#ifndef RESTAKE_PROTOCOL_EIGEN_TOKEN_H
#define RESTAKE_PROTOCOL_EIGEN_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "restake/accounts.h"
#include "restake/env.h"
#include "restake/genesis.h"
#include "restake/namespaces.h"

enum {
    NS_ET_BALANCE = RS_NS_EIGEN_TOKEN_BASE + 1,       /* token, holder → balance */
    NS_ET_ALLOWANCE = RS_NS_EIGEN_TOKEN_BASE + 2,     /* token, owner, spender → amount */
    NS_ET_SUPPLY = RS_NS_EIGEN_TOKEN_BASE + 3,        /* token → ERC20 _totalSupply */
    NS_ET_NAME = RS_NS_EIGEN_TOKEN_BASE + 4,          /* token → bytes */
    NS_ET_SYMBOL = RS_NS_EIGEN_TOKEN_BASE + 5,        /* token → bytes */
    NS_ET_DECIMALS = RS_NS_EIGEN_TOKEN_BASE + 6,      /* token → decimals */
    NS_ET_OWNER = RS_NS_EIGEN_TOKEN_BASE + 7,         /* token → owner */
    NS_ET_RESTRICT_AFTER = RS_NS_EIGEN_TOKEN_BASE + 8, /* token → transferRestrictionsDisabledAfter */
    NS_ET_ALLOWED_FROM = RS_NS_EIGEN_TOKEN_BASE + 9,  /* token, account → bool */
    NS_ET_ALLOWED_TO = RS_NS_EIGEN_TOKEN_BASE + 10,   /* token, account → bool */
    NS_ET_MINTER = RS_NS_EIGEN_TOKEN_BASE + 11,       /* bEIGEN, account → isMinter */
    NS_ET_MINT_ALLOWANCE = RS_NS_EIGEN_TOKEN_BASE + 12, /* EIGEN, minter → mintingAllowance */
    NS_ET_MINT_AFTER = RS_NS_EIGEN_TOKEN_BASE + 13,   /* EIGEN, minter → mintAllowedAfter */
    NS_ET_NONCE = RS_NS_EIGEN_TOKEN_BASE + 14,        /* token, owner → nonces (permit, delegateBySig) */
};

/* ERC20Votes' _maxSupply(): 2^224 - 1. */
u256 et_max_supply(void);

/* ---- views ---- */
u256 et_balance_of(rs_env *e, rs_addr token, rs_addr who);
u256 et_allowance(rs_env *e, rs_addr token, rs_addr owner, rs_addr spender);
/* totalSupply(): the token's own supply, or for EIGEN bEIGEN's. */
u256 et_total_supply(rs_env *e, rs_addr token);
/* ERC20's internal _totalSupply (EIGEN: what wrapping minted, net of unwraps). */
u256 et_internal_supply(rs_env *e, rs_addr token);
uint8_t et_decimals(rs_env *e, rs_addr token);
size_t et_name(rs_env *e, rs_addr token, char *out, size_t cap);
size_t et_symbol(rs_env *e, rs_addr token, char *out, size_t cap);
rs_addr et_owner(rs_env *e, rs_addr token);
u256 et_restrictions_disabled_after(rs_env *e, rs_addr token);
bool et_allowed_from(rs_env *e, rs_addr token, rs_addr who);
bool et_allowed_to(rs_env *e, rs_addr token, rs_addr who);
bool et_is_minter(rs_env *e, rs_addr who); /* bEIGEN */
u256 et_minting_allowance(rs_env *e, rs_addr who);  /* EIGEN */
u256 et_mint_allowed_after(rs_env *e, rs_addr who); /* EIGEN */

/* ---- ERC20 (OZ 4.9 errors; events from the token) ---- */
RS_MUST_USE int et_transfer(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr to, u256 amount);
RS_MUST_USE int et_transfer_from(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr from, rs_addr to, u256 amount);
RS_MUST_USE int et_approve(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 amount);
RS_MUST_USE int et_increase_allowance(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 added);
RS_MUST_USE int et_decrease_allowance(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 less);
/* Eigen.multisend: transfers from msg_sender to each receiver in turn. */
RS_MUST_USE int et_multisend(rs_env *e, rs_addr msg_sender, rs_addr token, const rs_addr *to, const u256 *amounts,
                             size_t nto, size_t namounts);

/* ---- Ownable and the owner's setters (both tokens) ---- */
RS_MUST_USE int et_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr new_owner);
RS_MUST_USE int et_renounce_ownership(rs_env *e, rs_addr msg_sender, rs_addr token);
RS_MUST_USE int et_set_allowed_from(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr who, bool v);
RS_MUST_USE int et_set_allowed_to(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr who, bool v);
RS_MUST_USE int et_disable_transfer_restrictions(rs_env *e, rs_addr msg_sender, rs_addr token);

/* ---- bEIGEN ---- */
RS_MUST_USE int et_set_is_minter(rs_env *e, rs_addr msg_sender, rs_addr who, bool v);
/* mint(to, amount): "BackingEigen.mint: caller is not a minter" unless a minter. */
RS_MUST_USE int et_backing_mint(rs_env *e, rs_addr msg_sender, rs_addr to, u256 amount);
RS_MUST_USE int et_backing_burn(rs_env *e, rs_addr msg_sender, u256 amount);

/* ---- EIGEN ---- */
/* wrap: bEIGEN.transferFrom(msg_sender, EIGEN, amount) by EIGEN, then mint. */
RS_MUST_USE int et_wrap(rs_env *e, rs_addr msg_sender, u256 amount);
/* unwrap: burn, then bEIGEN.transfer(msg_sender, amount) by EIGEN. */
RS_MUST_USE int et_unwrap(rs_env *e, rs_addr msg_sender, u256 amount);
/* Eigen.mint(): a minter's whole allowance, once it is due. */
RS_MUST_USE int et_eigen_mint(rs_env *e, rs_addr msg_sender);

/* delegate(delegatee) (ERC20Votes). */
RS_MUST_USE int et_delegate(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr delegatee);

/* ---- EIP-712 (eigen_permit.c): name "EIGEN" / "bEIGEN", version "1" ---- */
rs_b32 et_domain_separator(rs_env *e, rs_addr token);
/* The domain's name (static text); returns its length. */
size_t et_eip712_name(rs_env *e, rs_addr token, const char **name);
u256 et_nonce(rs_env *e, rs_addr token, rs_addr owner);
/* ERC20Permit.permit: deadline, the owner's signature, then approve. */
RS_MUST_USE int et_permit(rs_env *e, rs_addr token, rs_addr owner, rs_addr spender, u256 value, u256 deadline,
                          uint8_t v, rs_b32 r, rs_b32 s);
/* ERC20Votes.delegateBySig: expiry, the signer, its nonce, then delegate. */
RS_MUST_USE int et_delegate_by_sig(rs_env *e, rs_addr token, rs_addr delegatee, u256 nonce, u256 expiry, uint8_t v,
                                   rs_b32 r, rs_b32 s);

/* Creates a token's code and state from its genesis (no events); its supply
 * gets one checkpoint at the genesis timestamp. */
void et_create(rs_state *st, rs_addr token, rs_code_kind kind, const rs_gen_eigen_token *g, uint64_t timestamp);

#endif
