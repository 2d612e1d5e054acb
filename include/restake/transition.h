/* The Ethereum transaction state transition (Cancun rules) over the world:
 * validation before anything changes, then gas purchase, nonce bump,
 * EIP-2929 warming, the outermost frame, refunds (EIP-3529), the coinbase's
 * priority fee and the base-fee burn (EIP-1559), blob gas (EIP-4844), and the
 * end-of-transaction deletions (EIP-6780, EIP-161). */
#ifndef RESTAKE_TRANSITION_H
#define RESTAKE_TRANSITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/host.h"
#include "restake/world.h"

typedef enum {
    RS_ETX_LEGACY = 0,
    RS_ETX_ACCESS_LIST = 1, /* EIP-2930 */
    RS_ETX_DYNAMIC_FEE = 2, /* EIP-1559 */
    RS_ETX_BLOB = 3,        /* EIP-4844 */
} rs_tx_type;

typedef struct {
    rs_addr addr;
    const u256 *keys;
    size_t nkeys;
} rs_access_entry;

typedef struct {
    rs_tx_type type;
    rs_addr sender;
    bool has_to; /* false: contract creation */
    rs_addr to;
    uint64_t nonce;
    uint64_t gas_limit;
    u256 max_fee;          /* gasPrice for legacy and EIP-2930 */
    u256 max_priority_fee; /* gasPrice for legacy and EIP-2930 */
    u256 value;
    const uint8_t *data;
    size_t data_len;
    const rs_access_entry *access_list;
    size_t access_list_len;
    u256 max_fee_per_blob_gas;
    const rs_b32 *blob_hashes;
    size_t blob_hashes_len;
} rs_evm_tx;

/* The block a transaction runs in. */
typedef struct {
    rs_addr coinbase;
    uint64_t number;
    uint64_t timestamp;
    uint64_t gas_limit;
    rs_b32 prev_randao;
    u256 base_fee;
    u256 blob_base_fee;
    u256 chain_id;
} rs_block_env;

typedef enum {
    RS_TXERR_NONE = 0,
    RS_TXERR_TYPE,                /* blob transaction without `to` */
    RS_TXERR_BLOB_HASHES_EMPTY,
    RS_TXERR_BLOB_COUNT,
    RS_TXERR_BLOB_VERSION,
    RS_TXERR_BLOB_FEE_CAP,        /* max_fee_per_blob_gas < blob base fee */
    RS_TXERR_TIP_ABOVE_FEE_CAP,
    RS_TXERR_GAS_LIMIT_ABOVE_BLOCK,
    RS_TXERR_FEE_CAP_BELOW_BASE_FEE,
    RS_TXERR_SENDER_NOT_EOA,      /* EIP-3607 */
    RS_TXERR_NONCE_MAX,           /* EIP-2681 */
    RS_TXERR_NONCE_TOO_HIGH,
    RS_TXERR_NONCE_TOO_LOW,
    RS_TXERR_INITCODE_TOO_LARGE,  /* EIP-3860 */
    RS_TXERR_INSUFFICIENT_FUNDS,
    RS_TXERR_INTRINSIC_GAS,
} rs_tx_error;

const char *rs_tx_error_name(rs_tx_error e);

#define RS_GAS_PER_BLOB 131072u

/* EIP-4844 blob base fee: fake_exponential(1, excess, 3338477). */
u256 rs_blob_base_fee(uint64_t excess_blob_gas);

/* The intrinsic gas of tx (Cancun). */
uint64_t rs_tx_intrinsic_gas(const rs_evm_tx *tx);

typedef struct {
    rs_evm_status status; /* of the outermost frame */
    uint64_t gas_used;    /* after the refund */
} rs_tx_receipt;

/* Validates tx against the world and block; on success applies it and fills
 * *receipt (the logs stay in the world until the next transaction). On a
 * rejection nothing changes. */
rs_tx_error rs_tx_apply(rs_world *w, const rs_block_env *env, const rs_evm_tx *tx, rs_tx_receipt *receipt);

#endif
