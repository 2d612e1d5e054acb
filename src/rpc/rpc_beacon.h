/* The devnet's restake_beacon* / restake_podProofs methods: reading and
 * steering the offline beacon chain (src/devnet/beacon_sim.h) and
 * producing EigenPod proof calldata against it. Documented in docs/devnet.md.
 * Each returns 0 with *result (a new reference), or a JSON-RPC error code
 * with a message in msg. Internal to src/rpc. */
#ifndef RESTAKE_RPC_BEACON_H
#define RESTAKE_RPC_BEACON_H

#include <jansson.h>
#include <stddef.h>

#include "node/node.h"

typedef int (*rs_rpc_beacon_fn)(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap);

int rs_rpc_beacon_status(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap);
int rs_rpc_beacon_validators(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap);
int rs_rpc_beacon_set_balance(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap);
int rs_rpc_beacon_slash(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap);
int rs_rpc_beacon_exit(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap);
int rs_rpc_set_beacon_root(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap);
int rs_rpc_pod_proofs(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap);

#endif
