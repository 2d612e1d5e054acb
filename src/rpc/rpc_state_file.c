/* anvil_dumpState / anvil_loadState over the state file format
 * (src/node/state_file.h). */
#include <stdlib.h>

#include "node/state_file.h"
#include "rpc/rpc.h"
#include "rpc/rpc_extra.h"
#include "rpc/rpc_json.h"

void rs_rpc_state_dump(rs_node *n, rs_buf *out) {
    pthread_mutex_lock(&n->lock);
    rs_state_file_encode(n->st, n->chain_id, n->head.number, n->head.timestamp, out);
    pthread_mutex_unlock(&n->lock);
}

int rs_rpc_state_load(rs_node *n, uint8_t *blob, size_t len, uint64_t *head, char *msg, size_t cap) {
    rs_job *j = rs_job_new(RS_JOB_LOAD_STATE);
    j->blob = blob;
    j->blob_len = len;
    rs_node_run(n, j);
    int code = j->err ? rj_fail(msg, cap, j->err, "%s", j->msg) : 0;
    if (head) *head = j->out;
    rs_job_free(j);
    return code;
}

/* anvil_dumpState([preserveHistoricalStates]): the head's state file as hex
 * (the flag is accepted; history is never included). */
int rs_rpc_dump_state(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    const json_t *keep = json_array_get(p, 0);
    if (keep && !json_is_null(keep) && !json_is_boolean(keep))
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: preserveHistoricalStates is a boolean");
    rs_buf b;
    rs_buf_init(&b);
    rs_rpc_state_dump(n, &b);
    *result = rj_data(b.p, b.len);
    rs_buf_free(&b);
    return 0;
}

/* anvil_loadState(hex): true once the file's state is the head's. */
int rs_rpc_load_state(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    uint8_t *blob;
    size_t len;
    if (!rj_get_data(json_array_get(p, 0), &blob, &len))
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: state (hex bytes)");
    int code = rs_rpc_state_load(n, blob, len, NULL, msg, cap);
    if (!code) *result = json_true();
    return code;
}
