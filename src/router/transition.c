/* The transaction state transition (Cancun). See restake/transition.h. */
#include "restake/transition.h"

#include <assert.h>

#include "restake/limits.h"
#include "restake/precompiles.h"

#define TX_BASE_GAS 21000u
#define TX_CREATE_GAS 32000u
#define TX_DATA_ZERO_GAS 4u
#define TX_DATA_NONZERO_GAS 16u
#define TX_ACCESS_ADDRESS_GAS 2400u
#define TX_ACCESS_KEY_GAS 1900u
#define TX_INITCODE_WORD_GAS 2u
#define REFUND_QUOTIENT 5u /* EIP-3529 */
#define BLOB_BASE_FEE_UPDATE_FRACTION 3338477u
#define BLOB_HASH_VERSION_KZG 0x01

const char *rs_tx_error_name(rs_tx_error e) {
    static const char *const names[] = {
        [RS_TXERR_NONE] = "none",
        [RS_TXERR_TYPE] = "TYPE_3_TX_CONTRACT_CREATION",
        [RS_TXERR_BLOB_HASHES_EMPTY] = "TYPE_3_TX_ZERO_BLOBS",
        [RS_TXERR_BLOB_COUNT] = "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED",
        [RS_TXERR_BLOB_VERSION] = "TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH",
        [RS_TXERR_BLOB_FEE_CAP] = "INSUFFICIENT_MAX_FEE_PER_BLOB_GAS",
        [RS_TXERR_TIP_ABOVE_FEE_CAP] = "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS",
        [RS_TXERR_GAS_LIMIT_ABOVE_BLOCK] = "GAS_ALLOWANCE_EXCEEDED",
        [RS_TXERR_FEE_CAP_BELOW_BASE_FEE] = "INSUFFICIENT_MAX_FEE_PER_GAS",
        [RS_TXERR_SENDER_NOT_EOA] = "SENDER_NOT_EOA",
        [RS_TXERR_NONCE_MAX] = "NONCE_IS_MAX",
        [RS_TXERR_NONCE_TOO_HIGH] = "NONCE_MISMATCH_TOO_HIGH",
        [RS_TXERR_NONCE_TOO_LOW] = "NONCE_MISMATCH_TOO_LOW",
        [RS_TXERR_INITCODE_TOO_LARGE] = "INITCODE_SIZE_EXCEEDED",
        [RS_TXERR_INSUFFICIENT_FUNDS] = "INSUFFICIENT_ACCOUNT_FUNDS",
        [RS_TXERR_INTRINSIC_GAS] = "INTRINSIC_GAS_TOO_LOW",
    };
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "unknown";
}

u256 rs_blob_base_fee(uint64_t excess_blob_gas) {
    /* fake_exponential(1, excess, fraction): the Taylor series of
     * e^(excess/fraction), in integers, as EIP-4844 defines it. */
    u256 denom = u256_from_u64(BLOB_BASE_FEE_UPDATE_FRACTION), num = u256_from_u64(excess_blob_gas);
    u256 output = U256_ZERO, acc = denom;
    for (uint64_t i = 1; !u256_is_zero(acc); i++) {
        output = u256_add_wrap(output, acc);
        u256 p, d;
        if (!u256_mul(&p, acc, num) || !u256_mul(&d, denom, u256_from_u64(i))) return U256_MAX;
        u256_div(&acc, p, d);
    }
    u256 r;
    u256_div(&r, output, denom);
    return r;
}

uint64_t rs_tx_intrinsic_gas(const rs_evm_tx *tx) {
    uint64_t g = TX_BASE_GAS;
    for (size_t i = 0; i < tx->data_len; i++) g += tx->data[i] ? TX_DATA_NONZERO_GAS : TX_DATA_ZERO_GAS;
    if (!tx->has_to) g += TX_CREATE_GAS + TX_INITCODE_WORD_GAS * (uint64_t)((tx->data_len + 31) / 32);
    for (size_t i = 0; i < tx->access_list_len; i++)
        g += TX_ACCESS_ADDRESS_GAS + TX_ACCESS_KEY_GAS * (uint64_t)tx->access_list[i].nkeys;
    return g;
}

static uint64_t blob_gas(const rs_evm_tx *tx) { return (uint64_t)tx->blob_hashes_len * RS_GAS_PER_BLOB; }

static rs_tx_error validate_blob(const rs_block_env *env, const rs_evm_tx *tx) {
    if (!tx->has_to) return RS_TXERR_TYPE;
    if (tx->blob_hashes_len == 0) return RS_TXERR_BLOB_HASHES_EMPTY;
    if (tx->blob_hashes_len > RS_EVM_TX_BLOBS_MAX) return RS_TXERR_BLOB_COUNT;
    if (u256_lt(tx->max_fee_per_blob_gas, env->blob_base_fee)) return RS_TXERR_BLOB_FEE_CAP;
    for (size_t i = 0; i < tx->blob_hashes_len; i++)
        if (tx->blob_hashes[i].b[0] != BLOB_HASH_VERSION_KZG) return RS_TXERR_BLOB_VERSION;
    return RS_TXERR_NONE;
}

/* gas_limit * max_fee + value (+ blob gas * max_fee_per_blob_gas); false on
 * overflow (no balance can cover it). */
static bool max_cost(const rs_evm_tx *tx, u256 *cost) {
    u256 c, b;
    if (!u256_mul(&c, u256_from_u64(tx->gas_limit), tx->max_fee) || !u256_add(&c, c, tx->value)) return false;
    if (tx->type == RS_ETX_BLOB &&
        (!u256_mul(&b, u256_from_u64(blob_gas(tx)), tx->max_fee_per_blob_gas) || !u256_add(&c, c, b)))
        return false;
    *cost = c;
    return true;
}

static rs_tx_error validate(rs_world *w, const rs_block_env *env, const rs_evm_tx *tx) {
    if (tx->type == RS_ETX_BLOB) {
        rs_tx_error e = validate_blob(env, tx);
        if (e) return e;
    }
    if (u256_gt(tx->max_priority_fee, tx->max_fee)) return RS_TXERR_TIP_ABOVE_FEE_CAP;
    if (tx->gas_limit > env->gas_limit || tx->gas_limit > (uint64_t)INT64_MAX) return RS_TXERR_GAS_LIMIT_ABOVE_BLOCK;
    if (u256_lt(tx->max_fee, env->base_fee)) return RS_TXERR_FEE_CAP_BELOW_BASE_FEE;
    if (rs_code_get(rs_world_state(w), tx->sender) != RS_CODE_NONE) return RS_TXERR_SENDER_NOT_EOA;
    uint64_t nonce = rs_world_nonce(w, tx->sender);
    if (nonce == UINT64_MAX) return RS_TXERR_NONCE_MAX;
    if (nonce < tx->nonce) return RS_TXERR_NONCE_TOO_HIGH;
    if (nonce > tx->nonce) return RS_TXERR_NONCE_TOO_LOW;
    if (!tx->has_to && tx->data_len > RS_EVM_INITCODE_SIZE_MAX) return RS_TXERR_INITCODE_TOO_LARGE;
    u256 cost;
    if (!max_cost(tx, &cost) || u256_lt(rs_world_balance(w, tx->sender), cost)) return RS_TXERR_INSUFFICIENT_FUNDS;
    if (tx->gas_limit < rs_tx_intrinsic_gas(tx)) return RS_TXERR_INTRINSIC_GAS;
    return RS_TXERR_NONE;
}

static void sub_balance(rs_world *w, rs_addr a, u256 v) {
    u256 b = rs_world_balance(w, a);
    assert(u256_ge(b, v));
    rs_world_set_balance(w, a, u256_sub_wrap(b, v));
}

static void add_balance(rs_world *w, rs_addr a, u256 v) {
    rs_world_set_balance(w, a, u256_add_wrap(rs_world_balance(w, a), v));
}

static void warm(rs_world *w, const rs_block_env *env, const rs_evm_tx *tx) {
    rs_host *h = rs_world_host(w);
    h->access_account(h, tx->sender);
    if (tx->has_to) h->access_account(h, tx->to);
    h->access_account(h, env->coinbase); /* EIP-3651 */
    for (size_t i = 0; i < tx->access_list_len; i++) {
        const rs_access_entry *e = &tx->access_list[i];
        h->access_account(h, e->addr);
        for (size_t k = 0; k < e->nkeys; k++) h->access_storage(h, e->addr, e->keys[k]);
    }
}

rs_tx_error rs_tx_apply(rs_world *w, const rs_block_env *env, const rs_evm_tx *tx, rs_tx_receipt *receipt) {
    rs_tx_error err = validate(w, env, tx);
    if (err) return err;
    u256 priority = u256_min(tx->max_priority_fee, u256_sub_wrap(tx->max_fee, env->base_fee));
    u256 price = u256_add_wrap(env->base_fee, priority);

    rs_tx_context ctx = {
        .gas_price = price,
        .origin = tx->sender,
        .coinbase = env->coinbase,
        .number = env->number,
        .timestamp = env->timestamp,
        .gas_limit = env->gas_limit,
        .prev_randao = env->prev_randao,
        .chain_id = env->chain_id,
        .base_fee = env->base_fee,
        .blob_base_fee = env->blob_base_fee,
        .blob_hashes = tx->blob_hashes,
        .blob_hashes_count = tx->blob_hashes_len,
    };
    rs_world_tx_begin(w, &ctx);
    rs_world_set_nonce(w, tx->sender, rs_world_nonce(w, tx->sender) + 1);
    sub_balance(w, tx->sender, u256_mul_wrap(u256_from_u64(tx->gas_limit), price));
    if (tx->type == RS_ETX_BLOB)
        sub_balance(w, tx->sender, u256_mul_wrap(u256_from_u64(blob_gas(tx)), env->blob_base_fee));
    warm(w, env, tx);

    uint64_t intrinsic = rs_tx_intrinsic_gas(tx);
    rs_msg msg = {
        .kind = tx->has_to ? RS_MSG_CALL : RS_MSG_CREATE,
        .depth = 0,
        .gas = (int64_t)(tx->gas_limit - intrinsic),
        .sender = tx->sender,
        .recipient = tx->has_to ? tx->to : RS_ADDR_ZERO,
        .code_address = tx->has_to ? tx->to : RS_ADDR_ZERO,
        .value = tx->value,
        .input = tx->data,
        .input_len = tx->data_len,
    };
    rs_buf out;
    rs_buf_init(&out);
    rs_host *h = rs_world_host(w);
    rs_evm_result r = h->call(h, &msg, &out);
    rs_buf_free(&out);

    uint64_t gas_left = (r.status == RS_EVM_SUCCESS || r.status == RS_EVM_REVERT) ? (uint64_t)r.gas_left : 0;
    uint64_t gas_used = tx->gas_limit - gas_left;
    if (r.status == RS_EVM_SUCCESS && r.gas_refund > 0) {
        uint64_t refund = (uint64_t)r.gas_refund;
        if (refund > gas_used / REFUND_QUOTIENT) refund = gas_used / REFUND_QUOTIENT;
        gas_used -= refund;
    }
    add_balance(w, tx->sender, u256_mul_wrap(u256_from_u64(tx->gas_limit - gas_used), price));
    add_balance(w, env->coinbase, u256_mul_wrap(u256_from_u64(gas_used), priority));
    rs_world_touch(w, env->coinbase);
    rs_world_tx_end(w);
    if (receipt) *receipt = (rs_tx_receipt){.status = r.status, .gas_used = gas_used};
    return RS_TXERR_NONE;
}
