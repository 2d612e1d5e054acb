/* JSON-RPC methods kept outside rpc.c, one file per concept (the pool,
 * signing, mining controls), found by name after rpc.c's own table. Each
 * returns 0 with *result set, or a JSON-RPC error code with msg set. */
#ifndef RESTAKE_RPC_EXTRA_H
#define RESTAKE_RPC_EXTRA_H

#include <jansson.h>

#include "node/node.h"

typedef int (*rs_rpc_extra_fn)(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap);

/* NULL when no extra method has this name. */
rs_rpc_extra_fn rs_rpc_extra_find(const char *method);

/* rpc_txpool.c */
int rs_rpc_txpool_status(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_txpool_content(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_txpool_inspect(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_drop_transaction(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_drop_all_transactions(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
/* A pool transaction as eth_getTransactionByHash shows it (block fields
 * null); NULL when the pool has none with this hash. */
json_t *rs_rpc_pool_tx(rs_node *n, rs_b32 hash);

/* rpc_sign.c */
int rs_rpc_eth_sign(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_personal_sign(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_sign_typed_data(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_sign_transaction(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_send_unsigned(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_auto_impersonate(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);

/* rpc_mining.c */
int rs_rpc_set_automine(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_get_automine(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_set_ts_interval(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_remove_ts_interval(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_set_time(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_set_interval_mining(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_node_info(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);

/* rpc_trace.c */
int rs_rpc_trace_transaction(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_trace_call(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_trace_block_by_number(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_trace_block_by_hash(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);

/* rpc_chainctl.c */
int rs_rpc_set_block_gas_limit(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_set_next_base_fee(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_set_min_gas_price(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_set_coinbase(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_reset(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_set_logging_enabled(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_set_rpc_url(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);

/* rpc_reads.c */
int rs_rpc_create_access_list(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_fill_transaction(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_get_proof(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);

/* rpc_state_file.c */
int rs_rpc_dump_state(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
int rs_rpc_load_state(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap);
/* The head's state file (src/node/state_file.h). */
void rs_rpc_state_dump(rs_node *n, rs_buf *out);
/* Loads a state file through the miner (takes blob); 0, or a JSON-RPC error
 * code with msg set. *head: the block that now holds the state. */
int rs_rpc_state_load(rs_node *n, uint8_t *blob, size_t len, uint64_t *head, char *msg, size_t cap);

#endif
