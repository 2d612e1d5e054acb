/* State overrides for read-only calls. */
#include "rpc/rpc_override.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/accounts.h"
#include "restake/limits.h"
#include "rpc/rpc_json.h"

/* Fields of an account override the node can apply, and those it refuses. */
static const char *const UNSUPPORTED[] = {"code", "state", "stateDiff", "movePrecompileToAddress"};

static bool parse_account(const char *key, const json_t *v, rs_rpc_override *o, char *msg, size_t cap) {
    json_t *addr = json_string(key);
    bool ok = rj_get_addr(addr, &o->addr);
    json_decref(addr);
    if (!ok) return snprintf(msg, cap, "invalid params: state override key %.60s is not an address", key), false;
    if (!json_is_object(v)) return snprintf(msg, cap, "invalid params: state override of %.60s is not an object", key), false;
    const char *field;
    json_t *val;
    json_object_foreach((json_t *)v, field, val) {
        if (json_is_null(val)) continue;
        if (!strcmp(field, "balance")) {
            if (!rj_get_u256(val, &o->balance)) return snprintf(msg, cap, "invalid params: balance override of %.60s", key), false;
            o->has_balance = true;
            continue;
        }
        if (!strcmp(field, "nonce")) {
            if (!rj_get_u64(val, &o->nonce)) return snprintf(msg, cap, "invalid params: nonce override of %.60s", key), false;
            o->has_nonce = true;
            continue;
        }
        for (size_t i = 0; i < sizeof UNSUPPORTED / sizeof UNSUPPORTED[0]; i++)
            if (!strcmp(field, UNSUPPORTED[i]))
                return snprintf(msg, cap,
                                "state override '%s' of %.60s is not supported: accounts here have no EVM code or "
                                "storage to replace (only balance and nonce overrides are)",
                                field, key),
                       false;
        return snprintf(msg, cap, "invalid params: unknown state override field '%.40s' of %.60s", field, key), false;
    }
    return true;
}

bool rs_rpc_overrides_parse(const json_t *state, const json_t *block, rs_rpc_overrides *out, char *msg, size_t cap) {
    memset(out, 0, sizeof *out);
    if (block && !json_is_null(block) && !(json_is_object(block) && json_object_size(block) == 0))
        return snprintf(msg, cap, "block overrides are not supported"), false;
    if (!state || json_is_null(state)) return true;
    if (!json_is_object(state)) return snprintf(msg, cap, "invalid params: state override must be an object"), false;
    if (json_object_size(state) > RS_STATE_OVERRIDE_MAX)
        return snprintf(msg, cap, "invalid params: more than %d accounts overridden", RS_STATE_OVERRIDE_MAX), false;
    out->items = calloc(json_object_size(state) + 1, sizeof *out->items);
    if (!out->items) abort();
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)state, key, v) {
        if (!parse_account(key, v, &out->items[out->n], msg, cap)) {
            rs_rpc_overrides_free(out);
            return false;
        }
        out->n++;
    }
    assert(out->n <= RS_STATE_OVERRIDE_MAX);
    return true;
}

void rs_rpc_overrides_apply(const rs_rpc_overrides *o, rs_state *st) {
    for (size_t i = 0; i < o->n; i++) {
        if (o->items[i].has_balance) rs_eth_set_balance(st, o->items[i].addr, o->items[i].balance);
        if (o->items[i].has_nonce) rs_account_set_nonce(st, o->items[i].addr, o->items[i].nonce);
    }
}

void rs_rpc_overrides_free(rs_rpc_overrides *o) {
    free(o->items);
    o->items = NULL;
    o->n = 0;
}
