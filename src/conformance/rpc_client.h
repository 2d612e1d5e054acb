/* A minimal JSON-RPC 2.0 client over HTTP/1.1 (POST, Content-Length,
 * keep-alive) for replaying conformance vectors against a running node.
 * No TLS and no proxies: it talks to a node on this machine or a trusted
 * network. Every failure is reported as text in the caller's buffer. */
#ifndef RESTAKE_CONFORMANCE_RPC_CLIENT_H
#define RESTAKE_CONFORMANCE_RPC_CLIENT_H

#include <jansson.h>
#include <stddef.h>

typedef struct rs_rpc_client rs_rpc_client;

/* Parses "http://host[:port][/path]" (port 80 by default) and connects; NULL
 * with a message in err when the URL is malformed or nothing answers there.
 * timeout_ms bounds each connect, send and receive. */
rs_rpc_client *rs_rpc_client_open(const char *url, int timeout_ms, char *err, size_t errlen);
void rs_rpc_client_close(rs_rpc_client *c);

/* One call; params (an array, or NULL for none) is consumed. Returns 0 with *result (a new reference), 1 when the node
 * answered a JSON-RPC error (*error, a new reference to the error object),
 * -1 on a transport or protocol failure (message in err). */
int rs_rpc_client_call(rs_rpc_client *c, const char *method, json_t *params, json_t **result, json_t **error,
                       char *err, size_t errlen);

/* A batch: reqs is an array of [method, params] pairs (borrowed). Returns the
 * responses as an array in request order (a new reference): each element is
 * the response object ({"result"} or {"error"}). NULL on a transport failure,
 * or when the answer is not one response per request. */
json_t *rs_rpc_client_batch(rs_rpc_client *c, const json_t *reqs, char *err, size_t errlen);

#endif
