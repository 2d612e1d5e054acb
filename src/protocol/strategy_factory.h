/* StrategyFactory: deploys StrategyBase beacon proxies at the factory's
 * CREATE addresses, one per token, and keeps the token blacklist. */
#ifndef RESTAKE_PROTOCOL_STRATEGY_FACTORY_H
#define RESTAKE_PROTOCOL_STRATEGY_FACTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "restake/env.h"
#include "protocol/duration_vault.h"
#include "restake/namespaces.h"

enum {
    NS_SF_OWNER = RS_NS_FACTORY_BASE + 1,     /* → owner */
    NS_SF_DEPLOYED = RS_NS_FACTORY_BASE + 2,  /* token → strategy */
    NS_SF_BLACKLIST = RS_NS_FACTORY_BASE + 3, /* token → bool */
    NS_SF_VAULTS = RS_NS_FACTORY_BASE + 4,    /* token → vault count; token, index → vault */
};

enum { SF_PAUSED_NEW_STRATEGIES = 0 };

RS_MUST_USE int sf_deploy_new_strategy(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr *new_strategy);
/* deployDurationVaultStrategy: a BeaconProxy of the DurationVaultBeacon at
 * the factory's next CREATE address (the nonce deployNewStrategy uses too),
 * initialized with `config`, listed under its token and whitelisted. */
RS_MUST_USE int sf_deploy_duration_vault(rs_env *e, rs_addr msg_sender, const dv_config *config, rs_addr *vault);
RS_MUST_USE int sf_blacklist_tokens(rs_env *e, rs_addr msg_sender, const rs_addr *tokens, size_t n);
RS_MUST_USE int sf_whitelist_strategies(rs_env *e, rs_addr msg_sender, const rs_addr *strategies, size_t n);
RS_MUST_USE int sf_remove_strategies_from_whitelist(rs_env *e, rs_addr msg_sender, const rs_addr *strategies, size_t n);
rs_addr sf_owner(rs_env *e);
RS_MUST_USE int sf_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner);
RS_MUST_USE int sf_renounce_ownership(rs_env *e, rs_addr msg_sender);

rs_addr sf_deployed_strategy(rs_env *e, rs_addr token);
bool sf_is_blacklisted(rs_env *e, rs_addr token);
/* durationVaultsByToken[token]: the length, and entry i (i < length). */
uint64_t sf_duration_vault_count(rs_env *e, rs_addr token);
rs_addr sf_duration_vault_at(rs_env *e, rs_addr token, uint64_t i);

#endif
