/* restake_slashImpact (rpc_risk.h): the parameters decoded, the library's
 * slash-impact computation (protocol/slash_impact.h) run on the head state,
 * and its figures encoded as JSON. */
#include "rpc/rpc_risk.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/slash_impact.h"
#include "restake/hex.h"
#include "restake/limits.h"
#include "rpc/rpc.h"
#include "rpc/rpc_json.h"
#include "restake/router.h"


typedef slash_impact_req impact_req;

static void req_free(impact_req *q) {
    free(q->strategies);
    free(q->wads);
    free(q->stakers);
}

/* ---- parameters ---- */

static const char *const FIELDS[] = {"operator", "avs", "operatorSetId", "strategies", "wadsToSlash", "stakers"};

/* A typo in an optional field ("staker") would silently drop it: refuse it. */
static int check_fields(const json_t *o, char *msg, size_t cap) {
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)o, key, v) {
        bool known = false;
        for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++) known |= !strcmp(key, FIELDS[i]);
        if (!known) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: unknown field \"%.60s\"", key);
    }
    return 0;
}

/* uint256 as a JSON integer, a decimal string or a 0x-hex string. */
static bool parse_uint(const json_t *v, u256 *out) {
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return rj_get_u256(v, out);
        if (n == 0 || strspn(s, "0123456789") != n) return false;
        return u256_from_dec(out, s, n);
    }
    return rj_get_u256(v, out);
}

static int parse_addr(const json_t *o, const char *key, rs_addr *out, char *msg, size_t cap) {
    const json_t *v = json_object_get(o, key);
    if (!v) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s: missing", key);
    if (!rj_get_addr(v, out))
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s: not a 0x-prefixed 20-byte address", key);
    return 0;
}

static int parse_set_id(const json_t *o, uint32_t *out, char *msg, size_t cap) {
    const json_t *v = json_object_get(o, "operatorSetId");
    u256 x;
    uint64_t id;
    if (!v) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: operatorSetId: missing");
    if (!parse_uint(v, &x) || !u256_to_u64(&id, x) || id > UINT32_MAX)
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: operatorSetId: not a uint32");
    *out = (uint32_t)id;
    return 0;
}

/* The array at key (absent allowed when optional: zero entries). */
static int parse_array(const json_t *o, const char *key, bool optional, const json_t **arr, char *msg, size_t cap) {
    *arr = json_object_get(o, key);
    if (!*arr && optional) return 0;
    if (!*arr) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s: missing", key);
    if (!json_is_array(*arr)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s: not an array", key);
    if (json_array_size(*arr) > RS_RPC_RISK_ITEMS_MAX)
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s: more than %d entries", key, RS_RPC_RISK_ITEMS_MAX);
    return 0;
}

static int parse_addrs(const json_t *o, const char *key, bool optional, rs_addr **out, size_t *n, char *msg,
                       size_t cap) {
    const json_t *arr;
    int code = parse_array(o, key, optional, &arr, msg, cap);
    if (code || !arr) return code;
    *n = json_array_size(arr);
    *out = rs_xcalloc(*n ? *n : 1, sizeof **out);
    for (size_t i = 0; i < *n; i++)
        if (!rj_get_addr(json_array_get(arr, i), &(*out)[i]))
            return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s[%zu]: not a 0x-prefixed 20-byte address",
                        key, i);
    return 0;
}

static int parse_wads(const json_t *o, u256 **out, size_t *n, char *msg, size_t cap) {
    const json_t *arr;
    int code = parse_array(o, "wadsToSlash", false, &arr, msg, cap);
    if (code) return code;
    *n = json_array_size(arr);
    *out = rs_xcalloc(*n ? *n : 1, sizeof **out);
    for (size_t i = 0; i < *n; i++)
        if (!parse_uint(json_array_get(arr, i), &(*out)[i]))
            return rj_fail(msg, cap, RPC_INVALID_PARAMS,
                        "invalid params: wadsToSlash[%zu]: not a uint256 (a decimal or 0x-hex string)", i);
    return 0;
}

/* Array lengths are not compared here: slashOperator reverts on a mismatch
 * with InputArrayLengthMismatch, the answer a real transaction would get. */
static int parse_req(const json_t *params, impact_req *q, char *msg, size_t cap) {
    const json_t *o = json_is_array(params) && json_array_size(params) == 1 ? json_array_get(params, 0) : NULL;
    if (!json_is_object(o))
        return rj_fail(msg, cap, RPC_INVALID_PARAMS,
                    "invalid params: expected one object {operator, avs, operatorSetId, strategies, wadsToSlash, "
                    "stakers?}");
    int code;
    if ((code = check_fields(o, msg, cap)) || (code = parse_addr(o, "operator", &q->operator_, msg, cap)) ||
        (code = parse_addr(o, "avs", &q->avs, msg, cap)) || (code = parse_set_id(o, &q->set_id, msg, cap)) ||
        (code = parse_addrs(o, "strategies", false, &q->strategies, &q->nstrategies, msg, cap)) ||
        (code = parse_wads(o, &q->wads, &q->nwads, msg, cap)) ||
        (code = parse_addrs(o, "stakers", true, &q->stakers, &q->nstakers, msg, cap)))
        return code;
    return 0;
}

/* ---- the answer ---- */

static json_t *dec(u256 v) {
    char b[79];
    u256_to_dec(v, b);
    return json_string(b);
}

static json_t *strategy_json(rs_addr s, const slash_impact_strategy *x) {
    json_t *o = json_object();
    json_object_set_new(o, "strategy", rj_addr(s));
    json_object_set_new(o, "operatorSharesBefore", dec(x->operator_shares_before));
    json_object_set_new(o, "operatorSharesAfter", dec(x->operator_shares_after));
    json_object_set_new(o, "slashedShares", dec(x->slashed_shares));
    json_object_set_new(o, "slashedUnderlying", x->has_slashed_underlying ? dec(x->slashed_underlying) : json_null());
    json_object_set_new(o, "destination", rj_addr(x->destination));
    json_object_set_new(o, "redistributing", json_boolean(x->redistributing));
    return o;
}

static json_t *staker_json(const impact_req *q, size_t k, const slash_impact *x) {
    json_t *list = json_array();
    for (size_t i = 0; i < q->nstrategies; i++) {
        const slash_impact_holding *h = &x->holdings[k * q->nstrategies + i];
        json_t *o = json_object();
        json_object_set_new(o, "strategy", rj_addr(q->strategies[i]));
        json_object_set_new(o, "withdrawableBefore", dec(h->withdrawable_before));
        json_object_set_new(o, "withdrawableAfter", dec(h->withdrawable_after));
        json_object_set_new(o, "underlyingLost", h->has_underlying_lost ? dec(h->underlying_lost) : json_null());
        json_array_append_new(list, o);
    }
    return json_pack("{s:o,s:o}", "staker", rj_addr(q->stakers[k]), "strategies", list);
}

static json_t *impact_json(const rs_env *e, const impact_req *q, const slash_impact *x) {
    json_t *strategies = json_array(), *stakers = json_array();
    for (size_t i = 0; i < q->nstrategies; i++)
        json_array_append_new(strategies, strategy_json(q->strategies[i], &x->strategies[i]));
    for (size_t k = 0; k < q->nstakers; k++) json_array_append_new(stakers, staker_json(q, k, x));
    json_t *o = json_object();
    json_object_set_new(o, "blockNumber", rj_u64(e->block_number));
    json_object_set_new(o, "operator", rj_addr(q->operator_));
    json_object_set_new(o, "slasher", rj_addr(x->slasher));
    json_object_set_new(o, "slashId", dec(x->slash_id));
    json_object_set_new(o, "strategies", strategies);
    json_object_set_new(o, "stakers", stakers);
    return o;
}

/* geth's revert shape, as src/rpc/rpc.c's revert_reply gives for eth_call. */
static int revert_error(const rs_env *e, json_t **error_data, char *msg, size_t cap) {
    rj_revert_message(e->revert, e->revert_len, msg, cap);
    *error_data = rj_data(e->revert, e->revert_len);
    return RPC_REVERTED;
}

/* The computation's outcome as the JSON-RPC answer. */
static int answer(const rs_env *e, const impact_req *q, slash_impact_status st, const slash_impact *x,
                  json_t **result, json_t **error_data, char *msg, size_t cap) {
    char avs[43];
    rs_addr_to_checksum(q->avs, avs);
    switch (st) {
    case SLASH_IMPACT_OK: *result = impact_json(e, q, x); return 0;
    case SLASH_IMPACT_UNKNOWN_SET:
        return rj_fail(msg, cap, RPC_SERVER, "unknown operator set: avs %s has no operator set %u", avs, q->set_id);
    case SLASH_IMPACT_NO_SLASHER:
        return rj_fail(msg, cap, RPC_SERVER, "operator set (%s, %u) has no slasher", avs, q->set_id);
    case SLASH_IMPACT_SLASH_REVERTED: return revert_error(e, error_data, msg, cap);
    case SLASH_IMPACT_VIEW_REVERTED_BEFORE:
        return rj_fail(msg, cap, RPC_INTERNAL, "getWithdrawableShares reverted before the slash");
    case SLASH_IMPACT_VIEW_REVERTED_AFTER:
        return rj_fail(msg, cap, RPC_INTERNAL, "getWithdrawableShares reverted after the slash");
    }
    return rj_fail(msg, cap, RPC_INTERNAL, "slash impact: unknown outcome");
}

int rs_rpc_slash_impact(rs_node *n, const json_t *params, json_t **result, json_t **error_data, char *msg,
                        size_t cap) {
    impact_req q;
    memset(&q, 0, sizeof q);
    int code = parse_req(params, &q, msg, cap);
    if (code) {
        req_free(&q);
        return code;
    }
    pthread_mutex_lock(&n->lock);
    rs_env e;
    rs_env_init(&e, n->st, &n->params);
    rs_router_attach(&e);
    /* the head block's context, as eth_call at "latest" */
    e.block_number = n->head.number;
    e.timestamp = n->head.timestamp;
    slash_impact x;
    slash_impact_status st = slash_impact_compute(&e, &q, &x);
    code = answer(&e, &q, st, &x, result, error_data, msg, cap);
    slash_impact_free(&x);
    rs_env_free(&e);
    pthread_mutex_unlock(&n->lock);
    req_free(&q);
    return code;
}
