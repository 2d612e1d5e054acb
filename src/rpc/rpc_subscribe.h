/* eth_subscribe's subscriptions, as geth defines them: what one asks for
 * (newHeads, logs with an address/topics filter, newPendingTransactions),
 * whether a log matches it, and the eth_subscription notification text.
 * The connections that hold them are in ws.c. Internal to src/rpc. */
#ifndef RESTAKE_RPC_SUBSCRIBE_H
#define RESTAKE_RPC_SUBSCRIBE_H

#include <jansson.h>
#include <stdbool.h>

#include "chain/block.h"
#include "node/node.h"

typedef enum { RS_SUB_NEW_HEADS, RS_SUB_LOGS, RS_SUB_PENDING_TXS } rs_sub_kind;

/* geth's log filter: any of the addresses (none: any), and per topic
 * position any of the alternatives (none: any). */
typedef struct {
    rs_addr *addrs;
    size_t naddrs;
    rs_b32 *topics[4];
    size_t ntopics[4];
} rs_log_filter;

typedef struct {
    rs_sub_kind kind;
    char id[35]; /* "0x" + 32 hex digits, as geth's */
    rs_log_filter filter;
} rs_sub;

/* Parses eth_subscribe's params into *out (with a fresh random id): 0, or
 * a JSON-RPC error code with msg set and nothing allocated. */
int rs_sub_parse(const json_t *params, rs_sub *out, char *msg, size_t cap);
void rs_sub_free(rs_sub *s);

bool rs_log_filter_match(const rs_log_filter *f, const rs_rlog *l);
/* false when the block's bloom rules out every log the filter matches */
bool rs_log_filter_bloom(const rs_log_filter *f, const uint8_t bloom[256]);

/* newHeads' result for a block: its header fields, without the body's. */
json_t *rs_sub_head(rs_node *n, const rs_block_header *h);
/* {"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":id,"result":<result>}}
 * with result already JSON text (malloc'd, NUL-ended). */
char *rs_sub_notification(const char *id, const char *result, size_t result_len, size_t *len);

#endif
