/* Chain controls as anvil spells them: the next blocks' gas limit, base fee
 * and beneficiary, the minimum gas price, and anvil_reset. */
#include <stdint.h>
#include <string.h>

#include "rpc/rpc.h"
#include "rpc/rpc_extra.h"
#include "rpc/rpc_json.h"

/* anvil saturates a U256 argument to the field's width. */
static bool get_u64_saturating(const json_t *v, uint64_t *out) {
    u256 x;
    if (!rj_get_u256(v, &x)) return false;
    *out = (x.w[1] | x.w[2] | x.w[3]) ? UINT64_MAX : x.w[0];
    return true;
}

/* evm_setBlockGasLimit(gas): every next block's gas limit; a transaction
 * whose gas exceeds it is refused ("exceeds block gas limit"). true, as
 * anvil answers. */
int rs_rpc_set_block_gas_limit(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    uint64_t g;
    if (!get_u64_saturating(json_array_get(p, 0), &g))
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: gas limit");
    if (g < RS_GAS_TX || g > RS_BLOCK_GAS_LIMIT)
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: gas limit must be %u to %llu", RS_GAS_TX,
                       (unsigned long long)RS_BLOCK_GAS_LIMIT);
    pthread_mutex_lock(&n->lock);
    n->blk.gas_limit = g;
    pthread_mutex_unlock(&n->lock);
    *result = json_true();
    return 0;
}

/* anvil_setNextBlockBaseFeePerGas(fee): the base fee of the next block and,
 * the devnet's base fee being constant (no congestion), of the blocks after
 * it until changed again. */
int rs_rpc_set_next_base_fee(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    uint64_t f;
    if (!get_u64_saturating(json_array_get(p, 0), &f))
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: base fee");
    pthread_mutex_lock(&n->lock);
    n->blk.base_fee = u256_from_u64(f);
    pthread_mutex_unlock(&n->lock);
    *result = json_null();
    return 0;
}

/* The devnet is EIP-1559 from genesis, so anvil's answer applies. */
int rs_rpc_set_min_gas_price(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)n, (void)result;
    u256 g;
    if (!rj_get_u256(json_array_get(p, 0), &g)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: gas price");
    return rj_fail(msg, cap, RPC_INVALID_PARAMS, "anvil_setMinGasPrice is not supported when EIP-1559 is active");
}

/* anvil_setCoinbase(address): the next blocks' miner field and COINBASE. */
int rs_rpc_set_coinbase(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    rs_addr a;
    if (!rj_get_addr(json_array_get(p, 0), &a)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: address");
    pthread_mutex_lock(&n->lock);
    n->blk.coinbase = a;
    pthread_mutex_unlock(&n->lock);
    *result = json_null();
    return 0;
}

/* viem's testClient.reset() always sends {forking: {blockNumber, jsonRpcUrl}}
 * with both unset (null or absent): that names no fork, so it is a plain
 * reset. A URL or a block number asks for a fork, which the devnet lacks. */
static bool reset_target_is_empty(const json_t *f) {
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)f, key, v) {
        if (strcmp(key, "forking") != 0) return false;
        if (json_is_null(v)) continue;
        if (!json_is_object(v)) return false;
        const char *k2;
        json_t *v2;
        json_object_foreach(v, k2, v2) {
            if (!json_is_null(v2)) return false;
        }
    }
    return true;
}

/* anvil_reset(): back to the genesis block of the running preset, with the
 * pool, evm_snapshots and clock offset cleared (the chain controls and
 * impersonations stay). There is no forking: {forking: ...} is refused. A
 * durable node refuses it too: its data directory is the chain. */
int rs_rpc_reset(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    const json_t *f = json_array_get(p, 0);
    if (f && !json_is_null(f)) {
        if (!json_is_object(f)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: expected {forking} or nothing");
        if (!reset_target_is_empty(f))
            return rj_fail(msg, cap, RPC_INVALID_PARAMS,
                           "anvil_reset: forking is not supported: the devnet has no upstream chain to fork");
    }
    if (n->durable)
        return rj_fail(msg, cap, RPC_SERVER,
                       "anvil_reset is refused on a durable node (--data): it would discard the stored chain; "
                       "stop the node and remove the data directory, or run --in-memory");
    rs_job *j = rs_job_new(RS_JOB_RESET);
    rs_node_run(n, j);
    int code = j->err ? rj_fail(msg, cap, j->err, "%s", j->msg) : 0;
    rs_job_free(j);
    if (!code) *result = json_null();
    return code;
}

/* anvil_setLoggingEnabled(bool): anvil switches its per-request log; the
 * node writes no per-request log, so the call only checks its argument. */
int rs_rpc_set_logging_enabled(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)n;
    if (!json_is_boolean(json_array_get(p, 0))) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: expected a boolean");
    *result = json_null();
    return 0;
}

/* anvil_setRpcUrl(url): the fork's upstream; the devnet forks nothing. */
int rs_rpc_set_rpc_url(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)n;
    (void)result;
    if (!json_is_string(json_array_get(p, 0))) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: expected a URL");
    return rj_fail(msg, cap, RPC_SERVER, "anvil_setRpcUrl: forking is not supported: the devnet has no upstream chain");
}
