#include "chain/executor.h"

#include <stdlib.h>
#include <string.h>

#include "restake/contracts.h"

const char *rs_exec_status_str(rs_exec_status s) {
    switch (s) {
    case RS_EXEC_OK: return "ok";
    case RS_EXEC_NONCE_LOW: return "nonce too low";
    case RS_EXEC_NONCE_HIGH: return "nonce too high";
    case RS_EXEC_FUNDS: return "insufficient funds for gas * price + value";
    case RS_EXEC_INTRINSIC: return "intrinsic gas too low";
    case RS_EXEC_FEE_CAP: return "max fee per gas less than block base fee";
    case RS_EXEC_CREATE: return "contract creation is not supported: the core contracts are predeployed";
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
    if (!tx->has_to) return RS_EXEC_CREATE;
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

rs_exec_status rs_exec_apply(rs_env *e, const rs_tx *tx, u256 base_fee, uint64_t cumulative_before,
                             rs_receipt *r) {
    memset(r, 0, sizeof *r);
    rs_exec_status st = rs_exec_check(e->st, tx, base_fee);
    if (st != RS_EXEC_OK) return st;
    rs_state_commit(e->st);
    rs_env_reset(e);
    e->origin = tx->from;
    e->value = tx->value;
    bool has_code = rs_code_get(e->st, tx->to) != RS_CODE_NONE;
    size_t cp = rs_state_checkpoint(e->st);
    rs_buf ret;
    rs_buf_init(&ret);
    int rc = rs_call(e, tx->from, tx->to, tx->value, tx->data, tx->data_len, &ret);
    rs_buf_free(&ret);
    size_t writes = rs_state_checkpoint(e->st) - cp;
    uint64_t gas = rs_exec_gas(e, tx->data, tx->data_len, has_code, rc != RS_OK, writes, tx->access_list_addrs,
                               tx->access_list_keys);
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
    e->origin = from;
    e->value = value;
    size_t cp = rs_state_checkpoint(e->st);
    bool has_code = rs_code_get(e->st, to) != RS_CODE_NONE;
    /* eth_call lets any sender move value it does not have, as geth does
     * with no gas price: top it up inside the rolled-back scope. */
    if (!u256_is_zero(value) && u256_lt(rs_eth_balance(e->st, from), value)) rs_eth_set_balance(e->st, from, value);
    size_t cp_call = rs_state_checkpoint(e->st);
    int rc = rs_call(e, from, to, value, data, len, ret);
    size_t writes = rs_state_checkpoint(e->st) - cp_call;
    if (gas_used) *gas_used = rs_exec_gas(e, data, len, has_code, rc != RS_OK, writes, 0, 0);
    rs_state_revert(e->st, cp);
    return rc;
}
