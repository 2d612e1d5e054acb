/* Devnet methods over the offline beacon chain. Reads look at the head state
 * under the node lock; controls are miner jobs, so they are ordered with the
 * transactions, survive restarts (op log) and obey evm_snapshot/evm_revert. */
#include "rpc/rpc_beacon.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "devnet/beacon_sim.h"
#include "protocol/beacon_proofs.h"
#include "protocol/eigenpod.h"
#include "restake/keccak.h"
#include "restake/limits.h"
#include "rpc/rpc.h"
#include "rpc/rpc_json.h"
#include "restake/router.h"

#define GWEI_PER_ETH 1000000000ULL


static const json_t *param(const json_t *params, size_t i) {
    return json_is_array(params) ? json_array_get(params, i) : NULL;
}

static bool sim_on(rs_node *n, char *msg, size_t cap, int *code) {
    if (n->beacon_sim) return true;
    *code = rj_fail(msg, cap, RPC_SERVER, "the offline beacon chain is off (the node was started from a conformance vector)");
    return false;
}

/* The latest published root's timestamp: every block after genesis publishes
 * one for its own timestamp (blocks sharing a timestamp share the root). */
static bool latest_root_ts(rs_node *n, uint64_t *ts) {
    rs_b32 root;
    *ts = n->head.timestamp;
    return n->head.number > n->genesis_number && beacon_get_root(n->st, u256_from_u64(*ts), &root);
}

/* A pod, or a pod owner's pod. */
static rs_addr pod_of(rs_env *e, rs_addr a) {
    rs_addr pod = epm_owner_to_pod(e, a);
    return rs_addr_is_zero(pod) ? a : pod;
}

static const char *status_of(const beacon_validator *v) {
    if (v->activation_epoch == UINT64_MAX) return "pending";
    if (v->exit_epoch == UINT64_MAX) return "active";
    return v->balance_gwei ? "exiting" : "exited";
}

static const char *pod_status_name(uint8_t s) {
    return s == POD_VALIDATOR_ACTIVE ? "active" : s == POD_VALIDATOR_WITHDRAWN ? "withdrawn" : "inactive";
}

static json_t *epoch_json(uint64_t e) { return e == UINT64_MAX ? json_null() : rj_u64(e); }

static json_t *validator_json(rs_env *e, rs_addr pod, uint64_t index, const beacon_validator *v) {
    json_t *o = json_object();
    json_object_set_new(o, "index", rj_u64(index));
    json_object_set_new(o, "pubkey", rj_data(v->pubkey, 48));
    json_object_set_new(o, "pubkeyHash", rj_b32(bp_pubkey_hash(v->pubkey)));
    json_object_set_new(o, "withdrawalCredentials", rj_b32(v->withdrawal_credentials));
    json_object_set_new(o, "balanceGwei", rj_u64(v->balance_gwei));
    json_object_set_new(o, "effectiveBalanceGwei", rj_u64(v->effective_balance_gwei));
    json_object_set_new(o, "slashed", json_boolean(v->slashed));
    json_object_set_new(o, "status", json_string(status_of(v)));
    json_object_set_new(o, "activationEpoch", epoch_json(v->activation_epoch));
    json_object_set_new(o, "exitEpoch", epoch_json(v->exit_epoch));
    if (!rs_addr_is_zero(pod)) {
        pod_validator_info info;
        pod_validator_info_get(e, pod, bp_pubkey_hash(v->pubkey), &info);
        json_object_set_new(o, "podStatus", json_string(pod_status_name(info.status)));
        json_object_set_new(o, "podRestakedBalanceGwei", rj_u64(info.restaked_balance_gwei));
        json_object_set_new(o, "podLastCheckpointedAt", rj_u64(info.last_checkpointed_at));
    }
    return o;
}

int rs_rpc_beacon_status(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap) {
    (void)params, (void)msg, (void)cap;
    json_t *o = json_object();
    pthread_mutex_lock(&n->lock);
    json_object_set_new(o, "enabled", json_boolean(n->beacon_sim));
    if (n->beacon_sim) {
        rs_env e;
        rs_env_init(&e, n->st, &n->params);
        rs_router_attach(&e);
        uint64_t ts;
        bool have = latest_root_ts(n, &ts);
        rs_b32 root = RS_B32_ZERO;
        if (have) beacon_get_root(n->st, u256_from_u64(ts), &root);
        json_object_set_new(o, "genesisTime", rj_u64(n->genesis.timestamp));
        json_object_set_new(o, "validatorCount", rj_u64(beacon_sim_validator_count(n->st)));
        json_object_set_new(o, "latestRootTimestamp", have ? rj_u64(ts) : json_null());
        json_object_set_new(o, "latestRoot", have ? rj_b32(root) : json_null());
        json_object_set_new(o, "pectraForkTimestamp", rj_u64(epm_pectra_fork_timestamp(&e)));
        rs_env_free(&e);
    }
    pthread_mutex_unlock(&n->lock);
    *result = o;
    return 0;
}

int rs_rpc_beacon_validators(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap) {
    int code;
    if (!sim_on(n, msg, cap, &code)) return code;
    rs_addr who = RS_ADDR_ZERO;
    const json_t *a = param(params, 0);
    if (a && !json_is_null(a) && !rj_get_addr(a, &who)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: address");
    json_t *arr = json_array();
    pthread_mutex_lock(&n->lock);
    rs_env e;
    rs_env_init(&e, n->st, &n->params);
    rs_router_attach(&e);
    rs_addr pod = rs_addr_is_zero(who) ? who : pod_of(&e, who);
    static uint64_t idx[RS_POD_VALIDATORS_MAX];
    size_t count = rs_addr_is_zero(pod) ? beacon_sim_validator_count(n->st)
                                       : beacon_sim_validators_of(n->st, pod, idx, RS_POD_VALIDATORS_MAX);
    if (count > RS_POD_VALIDATORS_MAX) count = RS_POD_VALIDATORS_MAX;
    for (size_t i = 0; i < count; i++) {
        uint64_t k = rs_addr_is_zero(pod) ? i : idx[i];
        beacon_validator v;
        if (beacon_sim_validator(n->st, k, &v)) json_array_append_new(arr, validator_json(&e, pod, k, &v));
    }
    rs_env_free(&e);
    pthread_mutex_unlock(&n->lock);
    *result = arr;
    return 0;
}

static int control(rs_node *n, int op, uint64_t index, uint64_t arg, json_t **result, char *msg, size_t cap) {
    int code;
    if (!sim_on(n, msg, cap, &code)) return code;
    rs_job *j = rs_job_new(RS_JOB_BEACON);
    j->delta = op;
    j->count = index;
    j->value = u256_from_u64(arg);
    rs_node_run(n, j);
    code = j->err;
    if (code) snprintf(msg, cap, "validator %llu: %s", (unsigned long long)index, j->msg);
    rs_job_free(j);
    if (!code) *result = json_true();
    return code;
}

int rs_rpc_beacon_set_balance(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap) {
    uint64_t index, gwei;
    if (!rj_get_u64(param(params, 0), &index)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: validator index");
    if (!rj_get_u64(param(params, 1), &gwei)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: balance (gwei)");
    return control(n, RS_OP_BEACON_SET_BALANCE, index, gwei, result, msg, cap);
}

int rs_rpc_beacon_slash(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap) {
    uint64_t index, penalty = GWEI_PER_ETH;
    if (!rj_get_u64(param(params, 0), &index)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: validator index");
    const json_t *p = param(params, 1);
    if (p && !json_is_null(p) && !rj_get_u64(p, &penalty))
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: penalty (gwei)");
    return control(n, RS_OP_BEACON_SLASH, index, penalty, result, msg, cap);
}

int rs_rpc_beacon_exit(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap) {
    uint64_t index;
    if (!rj_get_u64(param(params, 0), &index)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: validator index");
    return control(n, RS_OP_BEACON_EXIT, index, 0, result, msg, cap);
}

/* Works with the simulation off too: conformance replays over RPC publish
 * their vectors' roots with it. */
int rs_rpc_set_beacon_root(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap) {
    uint64_t ts;
    rs_b32 root;
    if (!rj_get_u64(param(params, 0), &ts)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: timestamp");
    if (!rj_get_b32(param(params, 1), &root)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: root");
    rs_job *j = rs_job_new(RS_JOB_BEACON);
    j->delta = RS_OP_BEACON_ROOT;
    j->ts = ts;
    j->value = rs_b32_to_u256(root);
    rs_node_run(n, j);
    int code = j->err;
    if (code) snprintf(msg, cap, "%s", j->msg);
    rs_job_free(j);
    if (!code) *result = json_true();
    return code;
}

/* ---- restake_podProofs ---- */

typedef struct {
    rs_node *n;
    rs_env *e;
    rs_addr pod;
    uint64_t idx[RS_POD_VALIDATORS_MAX];
    size_t count;
} pod_ctx;

static pod_validator_info pod_info(pod_ctx *c, uint64_t index) {
    beacon_validator v;
    pod_validator_info info = {0};
    if (beacon_sim_validator(c->n->st, index, &v)) pod_validator_info_get(c->e, c->pod, bp_pubkey_hash(v.pubkey), &info);
    return info;
}

/* Validators the pod has not proven yet that the beacon chain has activated
 * and not started exiting (what verifyWithdrawalCredentials accepts). */
static size_t credential_targets(pod_ctx *c, uint64_t *out) {
    size_t k = 0;
    for (size_t i = 0; i < c->count; i++) {
        beacon_validator v;
        beacon_sim_validator(c->n->st, c->idx[i], &v);
        if (v.activation_epoch == UINT64_MAX || v.exit_epoch != UINT64_MAX) continue;
        if (pod_info(c, c->idx[i]).status == POD_VALIDATOR_INACTIVE) out[k++] = c->idx[i];
    }
    return k;
}

/* Active validators not yet checkpointed at the current checkpoint. */
static size_t checkpoint_targets(pod_ctx *c, uint64_t cp_ts, uint64_t *out) {
    size_t k = 0;
    for (size_t i = 0; i < c->count; i++) {
        pod_validator_info info = pod_info(c, c->idx[i]);
        if (info.status == POD_VALIDATOR_ACTIVE && info.last_checkpointed_at < cp_ts) out[k++] = c->idx[i];
    }
    return k;
}

static json_t *call_json(rs_addr to, const uint8_t *data, size_t len, uint64_t ts, const uint64_t *idx, size_t k) {
    json_t *o = json_object();
    json_object_set_new(o, "to", rj_addr(to));
    json_object_set_new(o, "data", rj_data(data, len));
    json_object_set_new(o, "beaconTimestamp", ts ? rj_u64(ts) : json_null());
    json_t *a = json_array();
    for (size_t i = 0; i < k; i++) json_array_append_new(a, rj_u64(idx[i]));
    json_object_set_new(o, "validators", a);
    return o;
}

static int proofs_for(pod_ctx *c, const char *kind, const json_t *params, json_t **result, char *msg, size_t cap) {
    rs_node *n = c->n;
    static uint64_t targets[RS_POD_VALIDATORS_MAX];
    rs_buf cd;
    rs_buf_init(&cd);
    int code = 0;
    uint64_t ts = 0;
    size_t k = 0;
    if (!strcmp(kind, "startCheckpoint")) {
        uint32_t s = rs_selector_of("startCheckpoint(bool)");
        uint8_t d[36] = {(uint8_t)(s >> 24), (uint8_t)(s >> 16), (uint8_t)(s >> 8), (uint8_t)s};
        const json_t *flag = param(params, 2);
        d[35] = json_is_true(flag);
        rs_buf_put(&cd, d, sizeof d);
    } else if (!strcmp(kind, "credentials")) {
        k = credential_targets(c, targets);
        if (!latest_root_ts(n, &ts)) code = rj_fail(msg, cap, RPC_SERVER, "no beacon root published yet: mine a block");
        else if (k == 0) code = rj_fail(msg, cap, RPC_SERVER, "no active validator of this pod awaits credential proofs");
        else if (ts <= pod_current_checkpoint_timestamp(c->e, c->pod))
            code = rj_fail(msg, cap, RPC_SERVER, "a checkpoint started at the latest root: mine a block first");
        else if (!beacon_sim_credentials_calldata(n->st, ts, targets, k, &cd))
            code = rj_fail(msg, cap, RPC_INTERNAL, "cannot build the proofs");
    } else if (!strcmp(kind, "checkpoint")) {
        ts = pod_current_checkpoint_timestamp(c->e, c->pod);
        k = checkpoint_targets(c, ts, targets);
        if (ts == 0) code = rj_fail(msg, cap, RPC_SERVER, "the pod has no active checkpoint: call startCheckpoint first");
        else if (!beacon_sim_checkpoint_calldata(n->st, ts, targets, k, &cd))
            code = rj_fail(msg, cap, RPC_INTERNAL, "cannot build the proofs (root at %llu not published by this chain)",
                        (unsigned long long)ts);
    } else if (!strcmp(kind, "staleBalance")) {
        uint64_t index = UINT64_MAX;
        const json_t *ip = param(params, 2);
        if (ip && !json_is_null(ip) && !rj_get_u64(ip, &index)) {
            code = rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: validator index");
        } else {
            for (size_t i = 0; index == UINT64_MAX && i < c->count; i++) {
                beacon_validator v;
                beacon_sim_validator(n->st, c->idx[i], &v);
                if (v.slashed && pod_info(c, c->idx[i]).status == POD_VALIDATOR_ACTIVE) index = c->idx[i];
            }
            if (index == UINT64_MAX) code = rj_fail(msg, cap, RPC_SERVER, "no slashed active validator in this pod");
            else if (!latest_root_ts(n, &ts)) code = rj_fail(msg, cap, RPC_SERVER, "no beacon root published yet");
            else if (!beacon_sim_stale_balance_calldata(n->st, ts, index, &cd))
                code = rj_fail(msg, cap, RPC_SERVER, "validator %llu is unknown at the latest root", (unsigned long long)index);
            targets[0] = index;
            k = 1;
        }
    } else {
        code = rj_fail(msg, cap, RPC_INVALID_PARAMS,
                    "invalid params: kind must be credentials, startCheckpoint, checkpoint or staleBalance");
    }
    if (!code) *result = call_json(c->pod, cd.p, cd.len, ts, targets, k);
    rs_buf_free(&cd);
    return code;
}

int rs_rpc_pod_proofs(rs_node *n, const json_t *params, json_t **result, char *msg, size_t cap) {
    int code;
    if (!sim_on(n, msg, cap, &code)) return code;
    rs_addr who;
    if (!rj_get_addr(param(params, 0), &who)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: pod address");
    const json_t *kp = param(params, 1);
    if (!json_is_string(kp)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: kind");
    static pod_ctx c; /* large; requests are served one at a time under the node lock */
    pthread_mutex_lock(&n->lock);
    rs_env e;
    rs_env_init(&e, n->st, &n->params);
    rs_router_attach(&e);
    c.n = n;
    c.e = &e;
    c.pod = pod_of(&e, who);
    if (rs_addr_is_zero(pod_owner(&e, c.pod))) {
        code = rj_fail(msg, cap, RPC_SERVER, "%s is neither an EigenPod nor a pod owner", json_string_value(param(params, 0)));
    } else {
        c.count = beacon_sim_validators_of(n->st, c.pod, c.idx, RS_POD_VALIDATORS_MAX);
        if (c.count > RS_POD_VALIDATORS_MAX) c.count = RS_POD_VALIDATORS_MAX;
        code = proofs_for(&c, json_string_value(kp), params, result, msg, cap);
    }
    rs_env_free(&e);
    pthread_mutex_unlock(&n->lock);
    return code;
}
