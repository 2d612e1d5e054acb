/* OpenZeppelin 4.9 ERC20 accounting (balances, allowances, supply, the
 * Transfer/Approval events and the exact revert strings) over a storage
 * layout: the mock tokens keep theirs in the NS_ERC20_* namespaces with no
 * hooks; EIGEN and bEIGEN in their own, with the transfer restrictions
 * before and the votes after each movement (_beforeTokenTransfer,
 * _afterTokenTransfer). Keys: ns ‖ token [‖ holder [‖ spender]]. */
#ifndef RESTAKE_PROTOCOL_ERC20_CORE_H
#define RESTAKE_PROTOCOL_ERC20_CORE_H

#include "restake/env.h"

typedef struct {
    uint16_t ns_balance, ns_allowance, ns_supply;
    /* either may be NULL */
    int (*before)(rs_env *e, rs_addr token, rs_addr from, rs_addr to);
    int (*after)(rs_env *e, rs_addr token, rs_addr from, rs_addr to, u256 amount);
} erc20_layout;

u256 erc20_core_balance(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr who);
u256 erc20_core_allowance(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr owner, rs_addr spender);
u256 erc20_core_supply(rs_env *e, const erc20_layout *l, rs_addr token);

/* _approve, _transfer, _spendAllowance (an infinite allowance is never
 * decreased), increaseAllowance/decreaseAllowance, _mint, _burn. */
RS_MUST_USE int erc20_core_approve(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr owner, rs_addr spender,
                                   u256 amount);
RS_MUST_USE int erc20_core_transfer(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr from, rs_addr to,
                                    u256 amount);
RS_MUST_USE int erc20_core_spend_allowance(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr owner,
                                           rs_addr spender, u256 amount);
RS_MUST_USE int erc20_core_increase_allowance(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr owner,
                                              rs_addr spender, u256 added);
RS_MUST_USE int erc20_core_decrease_allowance(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr owner,
                                              rs_addr spender, u256 subtracted);
RS_MUST_USE int erc20_core_mint(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr to, u256 amount);
RS_MUST_USE int erc20_core_burn(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr from, u256 amount);

#endif
