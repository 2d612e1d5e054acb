/* The JSON-RPC transaction object, parsed once for every method that takes
 * one (rpc_tx_object.h). */
#include "rpc/rpc_tx_object.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/rpc.h"
#include "rpc/rpc_access_list.h"
#include "rpc/rpc_json.h"

/* A field that is absent or null is not given. */
static const json_t *field(const json_t *o, const char *key) {
    const json_t *v = json_object_get(o, key);
    return v && !json_is_null(v) ? v : NULL;
}

static int fail(rs_rpc_tx_object *o, const char *what, char *msg, size_t cap) {
    rs_rpc_tx_object_free(o);
    return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s", what);
}

#define OPT(key, member, flag, get)                                      \
    if ((v = field(obj, key))) {                                         \
        if (!get(v, &o->member)) return fail(o, key, msg, cap);          \
        o->flag = true;                                                  \
    }

int rs_rpc_tx_object_parse(const json_t *obj, rs_rpc_tx_object *o, char *msg, size_t cap) {
    assert(o && msg && cap > 0);
    memset(o, 0, sizeof *o);
    rs_buf_init(&o->access_list);
    if (!json_is_object(obj)) return fail(o, "transaction object", msg, cap);
    const json_t *v;
    OPT("from", from, has_from, rj_get_addr)
    OPT("to", to, has_to, rj_get_addr)
    if ((v = field(obj, "value")) && !rj_get_u256(v, &o->value)) return fail(o, "value", msg, cap);
    if (!(v = field(obj, "input"))) v = field(obj, "data");
    if (v && !rj_get_data(v, &o->data, &o->len)) return fail(o, "input", msg, cap);
    OPT("gas", gas, has_gas, rj_get_u64)
    OPT("nonce", nonce, has_nonce, rj_get_u64)
    OPT("gasPrice", gas_price, has_gas_price, rj_get_u256)
    OPT("maxFeePerGas", max_fee, has_max_fee, rj_get_u256)
    OPT("maxPriorityFeePerGas", max_prio, has_max_prio, rj_get_u256)
    OPT("type", type, has_type, rj_get_u64)
    v = json_object_get(obj, "accessList");
    o->has_access_list = v && !json_is_null(v);
    if (!rs_rpc_access_list_parse(v, &o->access_list, &o->al_addrs, &o->al_keys))
        return fail(o, "accessList", msg, cap);
    return 0;
}

#undef OPT

void rs_rpc_tx_object_free(rs_rpc_tx_object *o) {
    free(o->data);
    o->data = NULL;
    o->len = 0;
    rs_buf_free(&o->access_list);
}
