/* The devnet's restake_slashImpact: what a slash would cost, exactly.
 * Documented in docs/devnet.md ("Risk: restake_slashImpact").
 *
 * The computation is the library's (protocol/slash_impact.h), run on the
 * head state, which it leaves unchanged; this file decodes the parameters
 * and encodes the figures. Internal to src/rpc. */
#ifndef RESTAKE_RPC_RISK_H
#define RESTAKE_RPC_RISK_H

#include <jansson.h>
#include <stddef.h>

#include "node/node.h"

/* Returns 0 with *result (a new reference), or a JSON-RPC error code with a
 * message in msg: -32602 for malformed params, -32000 for an unknown operator
 * set or one without a slasher, 3 when slashOperator reverts — then
 * *error_data (a new reference, else left NULL) holds the revert bytes as
 * 0x-hex, the `data` of the error object, as eth_call gives it. */
int rs_rpc_slash_impact(rs_node *n, const json_t *params, json_t **result, json_t **error_data, char *msg,
                        size_t cap);

/* restake_risk* (docs/risk.md): the risk engine's report `kind` ("staker",
 * "operator", "set", "avs", "whatif", "all") read in-process from st at
 * block h (source "node"). `args` are the method's params without the block
 * tag. Returns 0 with *result, or a JSON-RPC error code with msg: -32602 for
 * malformed params, -32000 when the engine cannot answer (an unknown set, a
 * what-if slash the protocol would refuse). */
int rs_rpc_risk_report(rs_node *n, rs_state *st, const rs_block_header *h, const char *kind, const json_t *args,
                       json_t **result, char *msg, size_t cap);

/* restake_addresses: the core contracts' addresses of this chain, the
 * input of `restake risk --rpc` and any client that reads the views. */
json_t *rs_rpc_addresses(const rs_node *n);

#endif
