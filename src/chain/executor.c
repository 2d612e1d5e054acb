#include "chain/executor.h"

#include <stdlib.h>
#include <string.h>

#include "restake/contracts.h"
#include "restake/router.h"

const char *rs_exec_status_str(rs_exec_status s) {
    switch (s) {
    case RS_EXEC_OK: return "ok";
    case RS_EXEC_NONCE_LOW: return "nonce too low";
    case RS_EXEC_NONCE_HIGH: return "nonce too high";
    case RS_EXEC_FUNDS: return "insufficient funds for gas * price + value";
    case RS_EXEC_INTRINSIC: return "intrinsic gas too low";
    case RS_EXEC_FEE_CAP: return "max fee per gas less than block base fee";
    case RS_EXEC_CREATE: return "max initcode size exceeded";
    case RS_EXEC_GAS_LIMIT: return "exceeds block gas limit";
    }
    return "invalid transaction";
}

/* The price a sender commits to per gas unit (the cap for EIP-1559). */
static u256 fee_cap(const rs_tx *tx) { return tx->type == RS_TX_DYNAMIC_FEE ? tx->max_fee : tx->gas_price; }

static u256 effective_price(const rs_tx *tx, u256 base_fee) {
    if (tx->type != RS_TX_DYNAMIC_FEE) return tx->gas_price;
    u256 p;
    if (!u256_add(&p, base_fee, tx->max_priority_fee)) p = U256_MAX;
    return u256_min(p, tx->max_fee);
}

rs_exec_status rs_exec_check(const rs_state *st, const rs_tx *tx, u256 base_fee) {
    if (!tx->has_to && tx->data_len > RS_EVM_INITCODE_SIZE_MAX) return RS_EXEC_CREATE;
    if (tx->gas_limit > RS_BLOCK_GAS_LIMIT) return RS_EXEC_GAS_LIMIT;
    if (tx->gas_limit < rs_gas_intrinsic(tx)) return RS_EXEC_INTRINSIC;
    if (u256_lt(fee_cap(tx), base_fee)) return RS_EXEC_FEE_CAP;
    if (tx->type == RS_TX_DYNAMIC_FEE && u256_gt(tx->max_priority_fee, tx->max_fee)) return RS_EXEC_FEE_CAP;
    uint64_t nonce = rs_account_nonce(st, tx->from);
    if (tx->nonce < nonce) return RS_EXEC_NONCE_LOW;
    if (tx->nonce > nonce) return RS_EXEC_NONCE_HIGH;
    u256 cost, total;
    if (!u256_mul(&cost, fee_cap(tx), u256_from_u64(tx->gas_limit)) || !u256_add(&total, cost, tx->value))
        return RS_EXEC_FUNDS;
    if (u256_lt(rs_eth_balance(st, tx->from), total)) return RS_EXEC_FUNDS;
    return RS_EXEC_OK;
}

uint64_t rs_exec_gas(const rs_env *e, const uint8_t *data, size_t len, bool has_code, bool reverted, size_t writes,
                     size_t al_addrs, size_t al_keys) {
    uint64_t g = RS_GAS_TX + 2400 * (uint64_t)al_addrs + 1900 * (uint64_t)al_keys;
    for (size_t i = 0; i < len; i++) g += data[i] ? 16 : 4;
    if (!has_code) return g;
    g += RS_GAS_CALL;
    if (reverted) return g;
    g += RS_GAS_SSTORE * (uint64_t)writes;
    for (size_t i = 0; i < e->nlogs; i++) g += 375 + 375 * (uint64_t)e->logs[i].ntopics + 8 * (uint64_t)e->logs[i].data_len;
    return g;
}

static void set_revert(rs_receipt *r, const rs_env *e) {
    r->revert_len = e->revert_len;
    r->revert = malloc(e->revert_len ? e->revert_len : 1);
    if (!r->revert) abort();
    if (e->revert_len) memcpy(r->revert, e->revert, e->revert_len);
}

/* The tx's extra gas beyond the native model: creation (intrinsic part)
 * and the EVM frames it entered. */
static uint64_t evm_gas(const rs_env *e, bool create, size_t len) {
    uint64_t g = e->evm_gas_used;
    if (create) g += RS_GAS_CREATE + RS_GAS_INITCODE_WORD * (uint64_t)((len + 31) / 32);
    return g;
}

/* Block context of a transaction's EVM frames. */
static void set_tx_context(rs_env *e, rs_addr from, u256 value, uint64_t gas_limit, u256 price, u256 base_fee) {
    e->origin = from;
    e->value = value;
    e->tx_gas_limit = gas_limit;
    e->gas_price = price;
    e->base_fee = base_fee;
    e->evm_gas_used = 0;
    e->evm_writes = 0;
}

/* Runs the tx's frame: a call, or a creation (the nonce already taken). */
static int run_tx_frame(rs_env *e, const rs_tx *tx) {
    rs_buf ret;
    rs_buf_init(&ret);
    int rc;
    if (tx->has_to) {
        rc = rs_call(e, tx->from, tx->to, tx->value, tx->data, tx->data_len, &ret);
    } else {
        rs_addr created;
        rc = rs_route_create(e, tx->from, tx->value, tx->data, tx->data_len, &created, &ret);
    }
    rs_buf_free(&ret);
    rs_router_tx_end(e);
    return rc;
}

rs_exec_status rs_exec_apply(rs_env *e, const rs_tx *tx, u256 base_fee, uint64_t cumulative_before,
                             rs_receipt *r) {
    memset(r, 0, sizeof *r);
    rs_exec_status st = rs_exec_check(e->st, tx, base_fee);
    if (st != RS_EXEC_OK) return st;
    rs_state_commit(e->st);
    rs_env_reset(e);
    set_tx_context(e, tx->from, tx->value, tx->gas_limit, effective_price(tx, base_fee), base_fee);
    bool has_code = tx->has_to && rs_code_get(e->st, tx->to) != RS_CODE_NONE;
    /* A creation's address is fixed by the nonce before the tx: take it first. */
    if (!tx->has_to) rs_account_set_nonce(e->st, tx->from, tx->nonce + 1);
    size_t cp = rs_state_checkpoint(e->st);
    int rc = run_tx_frame(e, tx);
    size_t writes = rs_state_checkpoint(e->st) - cp;
    writes = writes > e->evm_writes ? writes - (size_t)e->evm_writes : 0;
    uint64_t gas = rs_exec_gas(e, tx->data, tx->data_len, has_code, rc != RS_OK, writes, tx->access_list_addrs,
                               tx->access_list_keys) +
                   evm_gas(e, !tx->has_to, tx->data_len);
    r->type = tx->type;
    r->status = rc == RS_OK;
    if (rc == RS_OK && gas > tx->gas_limit) { /* out of gas: undo the call */
        rs_state_revert(e->st, cp);
        e->nlogs = 0;
        e->logdata_len = 0;
        r->status = 0;
    }
    if (gas > tx->gas_limit) gas = tx->gas_limit;
    if (rc != RS_OK) set_revert(r, e);
    if (r->status) rs_receipt_set_logs(r, e);
    r->gas_used = gas;
    r->cumulative_gas = cumulative_before + gas;
    r->effective_gas_price = effective_price(tx, base_fee);
    u256 fee = u256_mul_wrap(r->effective_gas_price, u256_from_u64(gas));
    rs_eth_set_balance(e->st, tx->from, u256_sub_wrap(rs_eth_balance(e->st, tx->from), fee));
    rs_account_set_nonce(e->st, tx->from, tx->nonce + 1);
    rs_state_commit(e->st);
    return RS_EXEC_OK;
}

int rs_exec_call(rs_env *e, rs_addr from, rs_addr to, u256 value, const uint8_t *data, size_t len, rs_buf *ret,
                 uint64_t *gas_used) {
    rs_env_reset(e);
    set_tx_context(e, from, value, e->tx_gas_limit, e->gas_price, e->base_fee);
    size_t cp = rs_state_checkpoint(e->st);
    bool has_code = rs_code_get(e->st, to) != RS_CODE_NONE;
    /* eth_call lets any sender move value it does not have, as geth does
     * with no gas price: top it up inside the rolled-back scope. */
    if (!u256_is_zero(value) && u256_lt(rs_eth_balance(e->st, from), value)) rs_eth_set_balance(e->st, from, value);
    size_t cp_call = rs_state_checkpoint(e->st);
    int rc = rs_call(e, from, to, value, data, len, ret);
    rs_router_tx_end(e);
    size_t writes = rs_state_checkpoint(e->st) - cp_call;
    writes = writes > e->evm_writes ? writes - (size_t)e->evm_writes : 0;
    if (gas_used) *gas_used = rs_exec_gas(e, data, len, has_code, rc != RS_OK, writes, 0, 0) + evm_gas(e, false, len);
    rs_state_revert(e->st, cp);
    return rc;
}

int rs_exec_create_call(rs_env *e, rs_addr from, u256 value, const uint8_t *data, size_t len, rs_buf *ret,
                        uint64_t *gas_used) {
    rs_env_reset(e);
    set_tx_context(e, from, value, e->tx_gas_limit, e->gas_price, e->base_fee);
    size_t cp = rs_state_checkpoint(e->st);
    if (!u256_is_zero(value) && u256_lt(rs_eth_balance(e->st, from), value)) rs_eth_set_balance(e->st, from, value);
    uint64_t nonce = rs_account_nonce(e->st, from);
    int rc;
    if (len > RS_EVM_INITCODE_SIZE_MAX || nonce == UINT64_MAX) {
        rc = rs_revert_empty(e);
    } else {
        rs_account_set_nonce(e->st, from, nonce + 1);
        size_t cp_call = rs_state_checkpoint(e->st);
        rs_addr created;
        rc = rs_route_create(e, from, value, data, len, &created, ret);
        if (rc == RS_OK) rs_code_bytes(e->st, created, ret, NULL);
        rs_router_tx_end(e);
        size_t writes = rs_state_checkpoint(e->st) - cp_call;
        writes = writes > e->evm_writes ? writes - (size_t)e->evm_writes : 0;
        if (gas_used)
            *gas_used = rs_exec_gas(e, data, len, false, rc != RS_OK, writes, 0, 0) + evm_gas(e, true, len);
    }
    rs_state_revert(e->st, cp);
    return rc;
}
