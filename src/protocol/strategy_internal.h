/* What the StrategyManager's files share among themselves. */
#ifndef RESTAKE_PROTOCOL_STRATEGY_INTERNAL_H
#define RESTAKE_PROTOCOL_STRATEGY_INTERNAL_H

#include "protocol/strategy.h"

/* Calls into an address expected to be a strategy: anything that is not a
 * StrategyBase returns nothing decodable, which Solidity turns into an empty
 * revert. */
RS_MUST_USE int sm_require_strategy_code(rs_env *e, rs_addr strategy);
/* IStrategy(strategy).withdraw(recipient, token, shares) from the StrategyManager. */
RS_MUST_USE int sm_call_strategy_withdraw(rs_env *e, rs_addr strategy, rs_addr recipient, rs_addr token, u256 shares,
                              u256 *amount_out);
/* onlyOwner of OZ 4.9 OwnableUpgradeable. */
RS_MUST_USE int sm_only_owner(rs_env *e, rs_addr msg_sender);
/* Ownable owner storage shared by the StrategyManager and the StrategyFactory. */
RS_MUST_USE int sm_ownable_transfer(rs_env *e, rs_addr contract, uint16_t ns_owner, rs_addr msg_sender, rs_addr new_owner);
RS_MUST_USE int sm_ownable_renounce(rs_env *e, rs_addr contract, uint16_t ns_owner, rs_addr msg_sender);
rs_addr sm_ownable_owner(rs_env *e, uint16_t ns_owner);
RS_MUST_USE int sm_ownable_check(rs_env *e, uint16_t ns_owner, rs_addr msg_sender);
void sm_ownable_set(rs_env *e, rs_addr contract, uint16_t ns_owner, rs_addr new_owner);

#endif
