/* StrategyBase instances (StrategyBase.sol at f84a5151): one underlying
 * token, totalShares, and the virtual-offset exchange rate. Functions take
 * the strategy's address. deposit/withdraw are callable only by the
 * StrategyManager (msg_sender checked). */
#ifndef RESTAKE_PROTOCOL_STRATEGY_BASE_H
#define RESTAKE_PROTOCOL_STRATEGY_BASE_H

#include <stdbool.h>

#include "restake/env.h"
#include "restake/namespaces.h"

enum {
    NS_SB_TOKEN = RS_NS_STRATEGY_BASE + 1,        /* strategy → underlyingToken */
    NS_SB_TOTAL_SHARES = RS_NS_STRATEGY_BASE + 2, /* strategy → totalShares */
    NS_SB_INITIALIZED = RS_NS_STRATEGY_BASE + 3,  /* strategy → Initializable._initialized */
};

enum { SB_PAUSED_DEPOSITS = 0, SB_PAUSED_WITHDRAWALS = 1 };

rs_addr sb_underlying_token(rs_env *e, rs_addr strategy);
u256 sb_total_shares(rs_env *e, rs_addr strategy);
/* Reverting only on arithmetic (Panic) as Solidity would; views return 0 on
 * overflow otherwise — use the _checked forms when the revert matters. */
u256 sb_shares_to_underlying_view(rs_env *e, rs_addr strategy, u256 shares);
u256 sb_underlying_to_shares_view(rs_env *e, rs_addr strategy, u256 amount);
RS_MUST_USE int sb_shares_to_underlying_checked(rs_env *e, rs_addr strategy, u256 shares, u256 *out);
RS_MUST_USE int sb_underlying_to_shares_checked(rs_env *e, rs_addr strategy, u256 amount, u256 *out);

RS_MUST_USE int sb_initialize(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr token);
/* The pieces of initialize that derived strategies (duration vaults) order
 * around their own: OZ `initializer` entry (reverts on a second call),
 * _initializeStrategyBase (token, Paused(msg_sender, 0), StrategyTokenSet),
 * and the closing Initialized(1). */
RS_MUST_USE int sb_initializer_enter(rs_env *e, rs_addr strategy);
RS_MUST_USE int sb_initialize_base(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr token);
void sb_initializer_done(rs_env *e, rs_addr strategy);
RS_MUST_USE int sb_deposit(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr token, u256 amount, u256 *new_shares);
RS_MUST_USE int sb_withdraw(rs_env *e, rs_addr msg_sender, rs_addr strategy, rs_addr recipient, rs_addr token,
                u256 amount_shares, u256 *amount_out);
RS_MUST_USE int sb_before_add_shares(rs_env *e, rs_addr msg_sender, rs_addr strategy);
RS_MUST_USE int sb_before_remove_shares(rs_env *e, rs_addr msg_sender, rs_addr strategy);

/* Makes `strategy` an initialized StrategyBase over `token` without events (genesis, tests). */
void sb_create(rs_state *st, rs_addr strategy, rs_addr token);

#endif
