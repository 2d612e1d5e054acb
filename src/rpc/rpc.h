/* Ethereum JSON-RPC 2.0 for the devnet node: request handling (single and
 * batch, independent of transport) and the HTTP server around it. Every
 * input produces a JSON-RPC answer — unknown methods, malformed JSON,
 * oversized bodies and bad parameters are errors, never crashes.
 *
 * Beyond the standard and anvil/hardhat methods: restake_stateRoot returns
 * rs_state_root of the head state (what node_crash.sh compares with a fresh
 * replay). State at an older block (block tags on eth_call, eth_getBalance,
 * ...) is rebuilt from the nearest snapshot by replay. eth_sendRawTransaction
 * and eth_sendTransaction answer once the tx's block is committed to disk;
 * reverts answer code 3, "execution reverted[: reason]", data = revert bytes.
 * Polling filters (eth_newFilter, eth_newBlockFilter, eth_getFilterChanges,
 * eth_getFilterLogs, eth_uninstallFilter) are kept per process.
 * eth_getCode answers 0xfe ‖ "restake:<kind>" for accounts with code (there
 * is no EVM bytecode); eth_getStorageAt answers zero (no EVM storage layout). */
#ifndef RESTAKE_RPC_RPC_H
#define RESTAKE_RPC_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "node/node.h"
#include "restake/limits.h"


/* JSON-RPC error codes. */
enum {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL = -32603,
    RPC_SERVER = -32000,
    RPC_LIMIT = -32005,
    RPC_REVERTED = 3,
};

/* Handles one HTTP body: returns the response text (malloc'd, NUL-ended)
 * or NULL when there is nothing to answer (only notifications). */
char *rs_rpc_handle(rs_node *n, const char *body, size_t len);
/* Whether a --locked node refuses the method (src/rpc/rpc_locked.c). */
bool rs_rpc_method_locked(const char *method);
/* The response to a body that exceeded RS_RPC_MAX_BODY. */
char *rs_rpc_error_text(int code, const char *msg);

typedef struct rs_rpc_server rs_rpc_server;
typedef struct {
    const char *host;         /* IPv4 address or "localhost" */
    uint16_t port;            /* 0: any free port, see rs_rpc_port */
    const char *allow_origin; /* CORS: NULL none, "*" any, else comma-separated origins */
} rs_rpc_options;
rs_rpc_server *rs_rpc_listen_opts(rs_node *n, const rs_rpc_options *o, char *err, size_t errlen);
/* Listens on host:port (port 0: any free port, see rs_rpc_port), no CORS. */
rs_rpc_server *rs_rpc_listen(rs_node *n, const char *host, uint16_t port, char *err, size_t errlen);
uint16_t rs_rpc_port(const rs_rpc_server *s);
void rs_rpc_stop(rs_rpc_server *s);

#endif
