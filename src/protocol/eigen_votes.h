/* OpenZeppelin 4.9 ERC20Votes of EIGEN and bEIGEN, with the tokens' timestamp
 * clock: each account's delegate, the checkpoints of every delegate's votes
 * and of the total supply, and the lookups of past values. The token module
 * calls the hooks below as ERC20Votes' _afterTokenTransfer, _mint and _burn
 * do; `token` is the token's address (its state is its own). */
#ifndef RESTAKE_PROTOCOL_EIGEN_VOTES_H
#define RESTAKE_PROTOCOL_EIGEN_VOTES_H

#include <stdint.h>

#include "restake/env.h"
#include "restake/namespaces.h"

enum {
    NS_ETV_DELEGATE = RS_NS_EIGEN_TOKEN_BASE + 32, /* token, account → delegatee */
    NS_ETV_COUNT = RS_NS_EIGEN_TOKEN_BASE + 33,    /* token, list, account → checkpoints */
    NS_ETV_CKPT = RS_NS_EIGEN_TOKEN_BASE + 34,     /* token, list, account, index → fromBlock << 224 | votes */
};

/* ---- hooks of the token's transfers ---- */
/* _afterTokenTransfer: votes follow the tokens from from's delegate to to's. */
RS_MUST_USE int etv_after_transfer(rs_env *e, rs_addr token, rs_addr from, rs_addr to, u256 amount);
/* The total supply's checkpoints on a mint / a burn. */
RS_MUST_USE int etv_supply_add(rs_env *e, rs_addr token, u256 amount);
RS_MUST_USE int etv_supply_sub(rs_env *e, rs_addr token, u256 amount);

/* ---- delegation ---- */
/* delegate(delegatee) by msg_sender: DelegateChanged, then the votes of its
 * whole balance move (DelegateVotesChanged of each side that is not zero). */
RS_MUST_USE int etv_delegate(rs_env *e, rs_addr token, rs_addr delegator, rs_addr delegatee);

/* ---- views ---- */
rs_addr etv_delegates(rs_env *e, rs_addr token, rs_addr account);
u256 etv_get_votes(rs_env *e, rs_addr token, rs_addr account);
uint64_t etv_num_checkpoints(rs_env *e, rs_addr token, rs_addr account);
/* checkpoints(account, pos): Panic(0x32) past the end. */
RS_MUST_USE int etv_checkpoint(rs_env *e, rs_addr token, rs_addr account, uint64_t pos, uint32_t *from, u256 *votes);
/* getPastVotes / getPastTotalSupply: "ERC20Votes: future lookup" unless
 * timepoint < clock(). */
RS_MUST_USE int etv_get_past_votes(rs_env *e, rs_addr token, rs_addr account, u256 timepoint, u256 *out);
RS_MUST_USE int etv_get_past_total_supply(rs_env *e, rs_addr token, u256 timepoint, u256 *out);

/* Genesis: one total-supply checkpoint of `supply` at `timestamp` (none for 0). */
void etv_genesis_supply(rs_state *st, rs_addr token, uint64_t timestamp, u256 supply);

#endif
