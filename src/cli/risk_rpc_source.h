/* The risk engine's source over any JSON-RPC endpoint (risk_source.h):
 * every figure by eth_call of the core contracts' canonical views at one
 * pinned block, every enumeration by eth_getLogs of their canonical events
 * (docs/risk.md, "Sources"). */
#ifndef RESTAKE_CLI_RISK_RPC_SOURCE_H
#define RESTAKE_CLI_RISK_RPC_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "risk/risk_source.h"

typedef struct rk_rpc rk_rpc;

/* Connects to url and pins the block (has_block: that number, else the
 * latest). The DelegationManager's address comes from addresses_file (JSON
 * {"delegationManager": "0x…", …}) or, without one, from the endpoint's
 * restake_addresses; the other contracts from the DelegationManager's
 * getters. NULL with the reason in err. progress: a line on stderr as long
 * enumerations advance. */
rk_rpc *rk_rpc_open(const char *url, const char *addresses_file, bool has_block, uint64_t block, bool progress,
                    char *err, size_t errlen);
rk_source *rk_rpc_source(rk_rpc *r);
void rk_rpc_close(rk_rpc *r);

#endif
