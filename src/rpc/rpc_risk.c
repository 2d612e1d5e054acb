/* restake_slashImpact (rpc_risk.h): the protocol's own slashOperator, run by
 * the operator set's slasher on the head state inside a journal checkpoint
 * that is always reverted. Every figure is read from the state the real
 * transaction would leave, so the answer is exact rather than re-derived. */
#include "rpc/rpc_risk.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/allocation.h"
#include "protocol/delegation.h"
#include "protocol/eigenpod.h"
#include "protocol/strategy.h"
#include "protocol/strategy_base.h"
#include "restake/abi.h"
#include "restake/contracts.h"
#include "restake/hex.h"
#include "restake/limits.h"
#include "rpc/rpc.h"
#include "rpc/rpc_json.h"

#define SLASH_SIG "slashOperator(address,(address,uint32,address[],uint256[],string))"
#define DESCRIPTION "restake_slashImpact"

typedef struct {
    rs_addr operator_, avs;
    uint32_t set_id;
    rs_addr *strategies;
    size_t nstrategies;
    u256 *wads;
    size_t nwads;
    rs_addr *stakers;
    size_t nstakers;
} impact_req;

/* The reported quantities as one state (before or after the slash) holds them. */
typedef struct {
    u256 *op_shares;    /* [strategy] DelegationManager operatorShares */
    u256 *escrow;       /* [strategy] shares awaiting burn or redistribution */
    u256 *withdrawable; /* [staker * nstrategies + strategy] */
    u256 *underlying;   /* same shape: the withdrawable shares in underlying tokens */
    bool *has_underlying;
} impact_view;


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

/* ---- the slash ---- */

/* selector ‖ abi.encode(avs, (operator, id, strategies, wads, DESCRIPTION)) */
static void encode_slash(const impact_req *q, rs_buf *cd) {
    rs_arena a;
    rs_arena_init(&a, 0);
    const abi_type *t;
    if (abi_signature_params(&a, SLASH_SIG, &t) != ABI_OK) abort();
    abi_val top = abi_v_list(&a, ABI_TUPLE, 2), p = abi_v_list(&a, ABI_TUPLE, 5);
    abi_val s = abi_v_list(&a, ABI_ARRAY, q->nstrategies), w = abi_v_list(&a, ABI_ARRAY, q->nwads);
    for (size_t i = 0; i < q->nstrategies; i++) s.items[i] = abi_v_addr(q->strategies[i]);
    for (size_t i = 0; i < q->nwads; i++) w.items[i] = abi_v_word(ABI_UINT, q->wads[i]);
    p.items[0] = abi_v_addr(q->operator_);
    p.items[1] = abi_v_word(ABI_UINT, u256_from_u64(q->set_id));
    p.items[2] = s;
    p.items[3] = w;
    p.items[4] = abi_v_bytes(ABI_STRING, (const uint8_t *)DESCRIPTION, strlen(DESCRIPTION));
    top.items[0] = abi_v_addr(q->avs);
    top.items[1] = p;
    rs_buf_selector(cd, SLASH_SIG);
    abi_encode(cd, t, &top);
    rs_arena_free(&a);
}

static bool is_beacon(const rs_env *e, rs_addr s) { return rs_addr_eq(s, e->p->beacon_chain_eth_strategy); }

/* Shares in underlying: wei for beacon-chain ETH (one share is one wei), the
 * strategy's sharesToUnderlyingView for a StrategyBase; none otherwise. */
static bool underlying_of(rs_env *e, rs_addr s, u256 shares, u256 *out) {
    if (is_beacon(e, s)) return *out = shares, true;
    if (rs_code_get(e->st, s) != RS_CODE_STRATEGY_BASE) return false;
    *out = sb_shares_to_underlying_view(e, s, shares);
    return true;
}

static void view_alloc(impact_view *v, size_t ns, size_t nk) {
    v->op_shares = rs_xcalloc(ns + 1, sizeof *v->op_shares);
    v->escrow = rs_xcalloc(ns + 1, sizeof *v->escrow);
    v->withdrawable = rs_xcalloc(ns * nk + 1, sizeof *v->withdrawable);
    v->underlying = rs_xcalloc(ns * nk + 1, sizeof *v->underlying);
    v->has_underlying = rs_xcalloc(ns * nk + 1, sizeof *v->has_underlying);
}

static void view_free(impact_view *v) {
    free(v->op_shares);
    free(v->escrow);
    free(v->withdrawable);
    free(v->underlying);
    free(v->has_underlying);
}

/* Reads every reported quantity from e's state; the escrow is slash_id's
 * (beacon-chain ETH has one global pool: the EigenPodManager's burnable
 * shares). RS_REVERTED when getWithdrawableShares would revert. */
static int read_view(rs_env *e, const impact_req *q, u256 slash_id, impact_view *v) {
    size_t ns = q->nstrategies;
    for (size_t i = 0; i < ns; i++) {
        rs_addr s = q->strategies[i];
        v->op_shares[i] = dm_operator_shares(e, q->operator_, s);
        v->escrow[i] = is_beacon(e, s) ? epm_burnable_eth_shares(e)
                                       : sm_get_burn_or_redistributable_shares_of(e, q->avs, q->set_id, slash_id, s);
    }
    u256 *deposit = rs_xcalloc(ns + 1, sizeof *deposit);
    int rc = RS_OK;
    for (size_t k = 0; k < q->nstakers && rc == RS_OK; k++) {
        u256 *w = v->withdrawable + k * ns;
        rc = dm_get_withdrawable_shares(e, q->stakers[k], q->strategies, ns, w, deposit);
        for (size_t i = 0; i < ns && rc == RS_OK; i++)
            v->has_underlying[k * ns + i] = underlying_of(e, q->strategies[i], w[i], &v->underlying[k * ns + i]);
    }
    free(deposit);
    return rc;
}

static u256 sub_or_zero(u256 a, u256 b) {
    u256 r;
    return u256_sub(&r, a, b) ? r : U256_ZERO;
}

/* ---- the answer ---- */

static json_t *dec(u256 v) {
    char b[79];
    u256_to_dec(v, b);
    return json_string(b);
}

static json_t *strategy_json(rs_env *e, const impact_req *q, size_t i, const impact_view *before,
                             const impact_view *after) {
    rs_addr s = q->strategies[i];
    u256 slashed = sub_or_zero(after->escrow[i], before->escrow[i]), und;
    /* beacon-chain ETH is never redistributed: the EigenPodManager burns it */
    bool redistributing = !is_beacon(e, s) && am_is_redistributing_operator_set(e, q->avs, q->set_id);
    rs_addr dest = redistributing ? am_get_redistribution_recipient(e, q->avs, q->set_id) : am_default_burn_address();
    json_t *o = json_object();
    json_object_set_new(o, "strategy", rj_addr(s));
    json_object_set_new(o, "operatorSharesBefore", dec(before->op_shares[i]));
    json_object_set_new(o, "operatorSharesAfter", dec(after->op_shares[i]));
    json_object_set_new(o, "slashedShares", dec(slashed));
    json_object_set_new(o, "slashedUnderlying", underlying_of(e, s, slashed, &und) ? dec(und) : json_null());
    json_object_set_new(o, "destination", rj_addr(dest));
    json_object_set_new(o, "redistributing", json_boolean(redistributing));
    return o;
}

static json_t *staker_json(const impact_req *q, size_t k, const impact_view *before, const impact_view *after) {
    json_t *list = json_array();
    for (size_t i = 0; i < q->nstrategies; i++) {
        size_t at = k * q->nstrategies + i;
        json_t *o = json_object();
        json_object_set_new(o, "strategy", rj_addr(q->strategies[i]));
        json_object_set_new(o, "withdrawableBefore", dec(before->withdrawable[at]));
        json_object_set_new(o, "withdrawableAfter", dec(after->withdrawable[at]));
        bool has = before->has_underlying[at] && after->has_underlying[at];
        json_object_set_new(o, "underlyingLost",
                            has ? dec(sub_or_zero(before->underlying[at], after->underlying[at])) : json_null());
        json_array_append_new(list, o);
    }
    return json_pack("{s:o,s:o}", "staker", rj_addr(q->stakers[k]), "strategies", list);
}

/* Built in the after state: the slash leaves every strategy's exchange rate
 * as it was (slashed shares wait in the escrow; tokens leave only when it is
 * cleared), and the destination of the set is unchanged by it. */
static json_t *impact_json(rs_env *e, const impact_req *q, rs_addr slasher, u256 slash_id,
                           const impact_view *before, const impact_view *after) {
    json_t *strategies = json_array(), *stakers = json_array();
    for (size_t i = 0; i < q->nstrategies; i++)
        json_array_append_new(strategies, strategy_json(e, q, i, before, after));
    for (size_t k = 0; k < q->nstakers; k++) json_array_append_new(stakers, staker_json(q, k, before, after));
    json_t *o = json_object();
    json_object_set_new(o, "blockNumber", rj_u64(e->block_number));
    json_object_set_new(o, "operator", rj_addr(q->operator_));
    json_object_set_new(o, "slasher", rj_addr(slasher));
    json_object_set_new(o, "slashId", dec(slash_id));
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

/* The set's slasher, or an error for an unknown set / a set without one. */
static int find_slasher(rs_env *e, const impact_req *q, rs_addr *slasher, char *msg, size_t cap) {
    am_opset set = {q->avs, q->set_id};
    char avs[43];
    rs_addr_to_checksum(q->avs, avs);
    if (!am_is_operator_set(e, set))
        return rj_fail(msg, cap, RPC_SERVER, "unknown operator set: avs %s has no operator set %u", avs, q->set_id);
    *slasher = am_get_slasher(e, set);
    if (rs_addr_is_zero(*slasher))
        return rj_fail(msg, cap, RPC_SERVER, "operator set (%s, %u) has no slasher", avs, q->set_id);
    return 0;
}

/* Runs the slash as `slasher` inside a checkpoint and always reverts it.
 * The before view is read first, keyed by the id slashOperator will issue
 * (++_slashIds[set]); the after view under the id it returned. */
static int run_impact(rs_env *e, const impact_req *q, rs_addr slasher, json_t **result, json_t **error_data,
                      char *msg, size_t cap) {
    impact_view before, after;
    view_alloc(&before, q->nstrategies, q->nstakers);
    view_alloc(&after, q->nstrategies, q->nstakers);
    am_opset set = {q->avs, q->set_id};
    u256 next_id, slash_id = U256_ZERO;
    /* a count of 2^256 - 1 slashes cannot be reached: the sum does not wrap */
    rs_cannot_fail(u256_add(&next_id, am_get_slash_count(e, set), U256_ONE));
    rs_buf cd, ret;
    rs_buf_init(&cd);
    rs_buf_init(&ret);
    encode_slash(q, &cd);
    int code = 0;
    size_t cp = rs_state_checkpoint(e->st);
    e->origin = slasher;
    if (read_view(e, q, next_id, &before) != RS_OK) {
        code = rj_fail(msg, cap, RPC_INTERNAL, "getWithdrawableShares reverted before the slash");
    } else if (rs_call(e, slasher, e->p->allocation_manager, U256_ZERO, cd.p, cd.len, &ret) != RS_OK) {
        code = revert_error(e, error_data, msg, cap);
    } else {
        slash_id = ret.len >= 32 ? u256_from_be(ret.p) : U256_ZERO;
        if (read_view(e, q, slash_id, &after) != RS_OK)
            code = rj_fail(msg, cap, RPC_INTERNAL, "getWithdrawableShares reverted after the slash");
        else
            *result = impact_json(e, q, slasher, slash_id, &before, &after);
    }
    rs_state_revert(e->st, cp);
    rs_buf_free(&cd);
    rs_buf_free(&ret);
    view_free(&before);
    view_free(&after);
    return code;
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
    /* the head block's context, as eth_call at "latest" */
    e.block_number = n->head.number;
    e.timestamp = n->head.timestamp;
    rs_addr slasher;
    code = find_slasher(&e, &q, &slasher, msg, cap);
    if (!code) code = run_impact(&e, &q, slasher, result, error_data, msg, cap);
    rs_env_free(&e);
    pthread_mutex_unlock(&n->lock);
    req_free(&q);
    return code;
}
