/* Applying transactions to the state: the checks a node makes before a tx
 * may enter a block (nonce, funds, fee cap, intrinsic gas), execution through
 * rs_call with the block's context, fees, receipts; and read-only calls
 * (eth_call / eth_estimateGas) that leave the state exactly as it was. */
#ifndef RESTAKE_CHAIN_EXECUTOR_H
#define RESTAKE_CHAIN_EXECUTOR_H

#include "chain/block.h"
#include "chain/tx.h"
#include "restake/env.h"

typedef enum {
    RS_EXEC_OK = 0,
    RS_EXEC_NONCE_LOW,
    RS_EXEC_NONCE_HIGH,
    RS_EXEC_FUNDS,       /* balance < gas limit * fee cap + value */
    RS_EXEC_INTRINSIC,   /* gas limit below intrinsic gas */
    RS_EXEC_FEE_CAP,     /* fee cap below the base fee, or tip above the cap */
    RS_EXEC_CREATE,      /* contract creation with initcode above RS_EVM_INITCODE_SIZE_MAX (EIP-3860) */
    RS_EXEC_GAS_LIMIT,   /* above the block gas limit */
} rs_exec_status;

const char *rs_exec_status_str(rs_exec_status s);

/* Validity of tx (tx->from already known) against the current state. */
RS_MUST_USE rs_exec_status rs_exec_check(const rs_state *st, const rs_tx *tx, u256 base_fee);

/* Checks, then executes tx in block context e (block_number, timestamp set);
 * fills *r (status, gas, logs, revert data; cumulative = cumulative_before +
 * gas used). On RS_EXEC_OK the state holds the tx's effects and the journal
 * is committed; otherwise nothing changed. */
RS_MUST_USE rs_exec_status rs_exec_apply(rs_env *e, const rs_tx *tx, u256 base_fee, uint64_t cumulative_before,
                             rs_receipt *r);

/* A call that changes nothing: runs rs_call, measures gas by the model,
 * rolls back. Returns RS_OK or RS_REVERTED (e->revert holds the data). */
RS_MUST_USE int rs_exec_call(rs_env *e, rs_addr from, rs_addr to, u256 value, const uint8_t *data, size_t len, rs_buf *ret,
                 uint64_t *gas_used);

/* eth_call / eth_estimateGas of a contract creation from `from`: runs the
 * initcode at from's next CREATE address, puts the runtime code it returned
 * in ret, measures gas, rolls back. RS_OK or RS_REVERTED. */
RS_MUST_USE int rs_exec_create_call(rs_env *e, rs_addr from, u256 value, const uint8_t *data, size_t len,
                                    rs_buf *ret, uint64_t *gas_used);

/* Gas the model charges for a call of `data` that left `writes` journal
 * entries and the env's current logs. */
uint64_t rs_exec_gas(const rs_env *e, const uint8_t *data, size_t len, bool has_code, bool reverted, size_t writes,
                     size_t al_addrs, size_t al_keys);

#endif
