/* Native OpenZeppelin 4.9 ERC20 tokens (+ an open mint for mintable ones).
 *
 * Tokens live at ordinary addresses whose code kind is RS_CODE_ERC20; their
 * state (balances, allowances, supply, metadata) is kept in the ERC20
 * namespace range. Every mutating function takes msg_sender (the account or
 * contract calling the token) and emits Transfer/Approval from the token's
 * address, reverting with OZ 4.9's Error(string)s ("ERC20: insufficient
 * allowance", "ERC20: transfer amount exceeds balance", ...).
 *
 * When `token` is not a native ERC20, the mutating helpers behave as an
 * OpenZeppelin 4.9 SafeERC20 call from msg_sender would: the code is called
 * through rs_call, a revert with data bubbles up, an empty one becomes
 * Error("SafeERC20: low-level call failed"), an account without code
 * Error("Address: call to non-contract"), returned data must decode to true
 * (false: Error("SafeERC20: ERC20 operation did not succeed")). */
#ifndef RESTAKE_PROTOCOL_ERC20_H
#define RESTAKE_PROTOCOL_ERC20_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/env.h"
#include "restake/namespaces.h"

enum {
    NS_ERC20_BALANCE = RS_NS_ERC20_BASE + 1,   /* token, holder → balance */
    NS_ERC20_ALLOWANCE = RS_NS_ERC20_BASE + 2, /* token, owner, spender → amount */
    NS_ERC20_SUPPLY = RS_NS_ERC20_BASE + 3,    /* token → totalSupply */
    NS_ERC20_NAME = RS_NS_ERC20_BASE + 4,      /* token → bytes */
    NS_ERC20_SYMBOL = RS_NS_ERC20_BASE + 5,    /* token → bytes */
    NS_ERC20_DECIMALS = RS_NS_ERC20_BASE + 6,  /* token → decimals */
    NS_ERC20_MINTABLE = RS_NS_ERC20_BASE + 7,  /* token → bool */
};

/* ---- views ---- */
u256 erc20_balance_of(rs_env *e, rs_addr token, rs_addr who);
u256 erc20_total_supply(rs_env *e, rs_addr token);
u256 erc20_allowance(rs_env *e, rs_addr token, rs_addr owner, rs_addr spender);
uint8_t erc20_decimals(rs_env *e, rs_addr token);
bool erc20_is_mintable(rs_env *e, rs_addr token);
/* Copies at most cap bytes; returns the stored length. */
size_t erc20_name(rs_env *e, rs_addr token, char *out, size_t cap);
size_t erc20_symbol(rs_env *e, rs_addr token, char *out, size_t cap);

/* The same reads as a contract makes them (IERC20(token).balanceOf(who),
 * IERC20Metadata(token).decimals() from `caller`): native tokens are read
 * directly, any other code is STATICCALLed and its revert bubbles up. */
RS_MUST_USE int erc20_balance_of_call(rs_env *e, rs_addr caller, rs_addr token, rs_addr who, u256 *out);
RS_MUST_USE int erc20_decimals_call(rs_env *e, rs_addr caller, rs_addr token, uint8_t *out);

/* ---- mutations (OZ 4.9 semantics and errors; events from `token`) ---- */
RS_MUST_USE int erc20_transfer(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr to, u256 amount);
RS_MUST_USE int erc20_transfer_from(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr from, rs_addr to, u256 amount);
RS_MUST_USE int erc20_approve(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 amount);
RS_MUST_USE int erc20_increase_allowance(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 added);
RS_MUST_USE int erc20_decrease_allowance(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 subtracted);
/* The open mint(address,uint256) of mintable tokens (anyone may call it). */
RS_MUST_USE int erc20_mint(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr to, u256 amount);

/* Creates a native token (code kind, metadata); balances start at zero. */
void erc20_create(rs_state *st, rs_addr token, const char *name, const char *symbol, uint8_t decimals,
                  bool mintable);
/* Credits a balance and the supply without an event (genesis, tests). */
void erc20_credit(rs_state *st, rs_addr token, rs_addr holder, u256 amount);

#endif
