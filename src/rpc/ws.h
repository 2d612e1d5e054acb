/* WebSockets on the JSON-RPC port: the upgrade handshake (called from the
 * HTTP server), the upgraded connections' event loop, and eth_subscribe's
 * notifications. Every JSON-RPC method works over a connection; requests
 * run on threads of their own, answers go out in completion order (each
 * with its id), as they do on geth and anvil. Internal to src/rpc. */
#ifndef RESTAKE_RPC_WS_H
#define RESTAKE_RPC_WS_H

#include <microhttpd.h>
#include <stdbool.h>

#include "node/node.h"

typedef struct rs_ws_hub rs_ws_hub;

/* Starts the event loop and the notifier, and listens to the node's
 * events. allow_origin as --allow-origin (NULL: browsers' pages, which
 * send an Origin, are refused). NULL when a thread cannot start. */
rs_ws_hub *rs_ws_hub_start(rs_node *n, const char *allow_origin);
/* Closes every connection (1001 going away), waits (bounded) for their
 * running requests, stops the threads. Before MHD_stop_daemon. */
void rs_ws_hub_stop(rs_ws_hub *h);

/* Whether the request asks to switch to the websocket protocol. */
bool rs_ws_is_upgrade(struct MHD_Connection *c);
/* Answers it: 101 and the socket is the hub's, or a 4xx saying why not. */
enum MHD_Result rs_ws_accept(rs_ws_hub *h, struct MHD_Connection *c);

#endif
