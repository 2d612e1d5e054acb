/* The transaction object of eth_call, eth_estimateGas, eth_sendTransaction,
 * eth_createAccessList and eth_fillTransaction: every field optional, each
 * present one checked for its shape. Internal to src/rpc. */
#ifndef RESTAKE_RPC_TX_OBJECT_H
#define RESTAKE_RPC_TX_OBJECT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/types.h"
#include "restake/u256.h"

typedef struct {
    rs_addr from, to;
    bool has_from, has_to;
    u256 value;
    uint8_t *data; /* "input", else "data" (as geth reads them); owned */
    size_t len;
    uint64_t gas, nonce, type;
    bool has_gas, has_nonce, has_type;
    u256 gas_price, max_fee, max_prio;
    bool has_gas_price, has_max_fee, has_max_prio;
    /* EIP-2930: the list's RLP (always a list, empty when none) and counts */
    bool has_access_list;
    rs_buf access_list;
    size_t al_addrs, al_keys;
} rs_rpc_tx_object;

/* 0, or RPC_INVALID_PARAMS with msg "invalid params: <field>" naming the
 * first bad field; on failure o keeps nothing (freeing it is harmless). */
int rs_rpc_tx_object_parse(const json_t *v, rs_rpc_tx_object *o, char *msg, size_t cap);
void rs_rpc_tx_object_free(rs_rpc_tx_object *o);

#endif
