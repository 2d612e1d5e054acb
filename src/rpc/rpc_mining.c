/* Mining controls as anvil spells them. */
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
