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

#endif
