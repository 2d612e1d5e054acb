/* EIP-2930 access lists in JSON ([{address, storageKeys: [...]}, ...]):
 * parsed into the RLP a transaction carries, with the counts the gas model
 * charges (2400 per address, 1900 per key), and written back as JSON. */
#ifndef RESTAKE_RPC_ACCESS_LIST_H
#define RESTAKE_RPC_ACCESS_LIST_H

#include <jansson.h>
#include <stdbool.h>

#include "restake/buf.h"

/* false on a malformed list (or one beyond RS_RPC_ACCESS_LIST_MAX entries);
 * rlp receives the encoded list (appended). */
bool rs_rpc_access_list_parse(const json_t *v, rs_buf *rlp, size_t *addrs, size_t *keys);
/* The JSON form of an access list's RLP; NULL when it does not decode. */
json_t *rs_rpc_access_list_json(const uint8_t *rlp, size_t len);
/* Gas an access list adds to a transaction's intrinsic cost. */
uint64_t rs_rpc_access_list_gas(size_t addrs, size_t keys);

#endif
