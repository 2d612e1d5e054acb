/* Mining controls as anvil spells them. */
#include <stdint.h>

#include "chain/block.h"
#include "restake/contracts.h"
#include "rpc/rpc.h"
#include "rpc/rpc_extra.h"
#include "rpc/rpc_json.h"

/* evm_setAutomine(bool): off, transactions wait in the pool for evm_mine /
 * anvil_mine (or the next --block-time block). */
int rs_rpc_set_automine(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    const json_t *v = json_array_get(p, 0);
    if (!json_is_boolean(v)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: expected a boolean");
    pthread_mutex_lock(&n->lock);
    n->automine_off = !json_is_true(v);
    pthread_mutex_unlock(&n->lock);
    *result = json_null();
    return 0;
}

int rs_rpc_get_automine(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)p, (void)msg, (void)cap;
    pthread_mutex_lock(&n->lock);
    bool on = !n->automine_off && n->block_time == 0;
    pthread_mutex_unlock(&n->lock);
    *result = json_boolean(on);
    return 0;
}

/* Each next block exactly `seconds` after the last (anvil). */
int rs_rpc_set_ts_interval(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    uint64_t s;
    if (!rj_get_u64(json_array_get(p, 0), &s) || s > INT32_MAX)
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: seconds");
    pthread_mutex_lock(&n->lock);
    n->block_ts_interval = s;
    pthread_mutex_unlock(&n->lock);
    *result = json_null();
    return 0;
}

/* true when an interval was set. */
int rs_rpc_remove_ts_interval(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)p, (void)msg, (void)cap;
    pthread_mutex_lock(&n->lock);
    bool was = n->block_ts_interval != 0;
    n->block_ts_interval = 0;
    pthread_mutex_unlock(&n->lock);
    *result = json_boolean(was);
    return 0;
}

/* anvil_setTime(ts): the next block at ts, the clock running on from it;
 * answers the clock's new offset from the wall clock in seconds. */
int rs_rpc_set_time(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    rs_job *j = rs_job_new(RS_JOB_SET_NEXT_TS);
    if (!rj_get_u64(json_array_get(p, 0), &j->ts) || j->ts > INT64_MAX / 2) {
        rs_job_free(j);
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: timestamp");
    }
    rs_node_run(n, j);
    int code = j->err ? rj_fail(msg, cap, j->err, "%s", j->msg) : 0;
    if (!code) {
        pthread_mutex_lock(&n->lock);
        *result = json_integer((json_int_t)n->time_offset);
        pthread_mutex_unlock(&n->lock);
    }
    rs_job_free(j);
    return code;
}

/* anvil's shape; the devnet mines in arrival order ("fifo"). */
int rs_rpc_node_info(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)p, (void)msg, (void)cap;
    rs_block_header h = rs_node_head(n);
    rs_block_env be = rs_node_block_env(n);
    json_t *env = json_pack("{sosIsoso}", "baseFee", rj_u256(be.base_fee), "chainId", (json_int_t)n->chain_id,
                            "gasLimit", rj_u64(be.gas_limit), "gasPrice", rj_u256(rs_node_gas_price(n)));
    json_t *fork = json_pack("{snsnsn}", "forkUrl", "forkBlockNumber", "forkRetryBackoff");
    *result = json_pack("{sosIsosssssoso}", "currentBlockNumber", rj_u64(h.number), "currentBlockTimestamp",
                        (json_int_t)h.timestamp, "currentBlockHash", rj_b32(h.hash), "hardFork", "Prague",
                        "transactionOrder", "fifo", "environment", env, "forkConfig", fork);
    json_object_set_new(*result, "network", json_string("ethereum"));
    return 0;
}

/* evm_setIntervalMining(seconds): a block every `seconds` from now on, as
 * --block-time; 0 returns to a block per transaction. */
int rs_rpc_set_interval_mining(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    uint64_t s;
    if (!rj_get_u64(json_array_get(p, 0), &s) || s > 86400)
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: seconds (at most 86400)");
    pthread_mutex_lock(&n->qlock);
    n->block_time = s;
    n->block_time_changed = true;
    n->qwake = true;
    pthread_cond_signal(&n->qcond);
    pthread_mutex_unlock(&n->qlock);
    *result = json_null();
    return 0;
}
