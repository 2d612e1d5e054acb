/* EIP-712 typed structured data hashing, from the JSON that
 * eth_signTypedData_v4 carries ({types, primaryType, domain, message}):
 * keccak256(0x19 0x01 ‖ hashStruct(EIP712Domain, domain) ‖
 * hashStruct(primaryType, message)). */
#ifndef RESTAKE_RPC_EIP712_H
#define RESTAKE_RPC_EIP712_H

#include <jansson.h>
#include <stdbool.h>

#include "restake/types.h"

/* false with err set when the typed data is malformed. */
bool rs_eip712_hash(const json_t *typed, rs_b32 *out, char *err, size_t cap);

#endif
