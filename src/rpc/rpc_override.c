/* State overrides for read-only calls. */
#include "rpc/rpc_override.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/accounts.h"
#include "restake/hex.h"
#include "restake/limits.h"
#include "restake/world.h"
#include "rpc/rpc_json.h"

static bool parse_slots(const char *key, const char *field, const json_t *v, rs_rpc_override *o, char *msg,
                        size_t cap) {
    if (!json_is_object(v)) return snprintf(msg, cap, "invalid params: %s override of %.60s is not an object", field, key), false;
    if (json_object_size(v) > RS_STATE_OVERRIDE_SLOTS_MAX)
        return snprintf(msg, cap, "invalid params: more than %d slots in the %s override of %.60s",
                        RS_STATE_OVERRIDE_SLOTS_MAX, field, key),
               false;
    o->slots = calloc(json_object_size(v) + 1, sizeof *o->slots);
    if (!o->slots) abort();
    const char *sk;
    json_t *sv;
    json_object_foreach((json_t *)v, sk, sv) {
        json_t *k = json_string(sk);
        rs_b32 slot, value;
        bool ok = rj_get_b32(k, &slot) && rj_get_b32(sv, &value);
        json_decref(k);
        if (!ok)
            return snprintf(msg, cap, "invalid params: %s override of %.60s: slots and values are 32-byte hex", field,
                            key),
                   false;
        o->slots[o->nslots++] = (rs_rpc_slot){rs_b32_to_u256(slot), rs_b32_to_u256(value)};
    }
    return true;
}

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
        } else if (!strcmp(field, "nonce")) {
            if (!rj_get_u64(val, &o->nonce)) return snprintf(msg, cap, "invalid params: nonce override of %.60s", key), false;
            o->has_nonce = true;
        } else if (!strcmp(field, "code")) {
            if (!rj_get_data(val, &o->code, &o->code_len) || o->code_len > RS_WORLD_CODE_MAX)
                return snprintf(msg, cap, "invalid params: code override of %.60s", key), false;
            o->has_code = true;
        } else if (!strcmp(field, "state") || !strcmp(field, "stateDiff")) {
            if (o->has_state || o->has_state_diff)
                return snprintf(msg, cap, "invalid params: account %.60s has both 'state' and 'stateDiff'", key), false;
            if (!parse_slots(key, field, val, o, msg, cap)) return false;
            if (!strcmp(field, "state"))
                o->has_state = true;
            else
                o->has_state_diff = true;
        } else if (!strcmp(field, "movePrecompileToAddress")) {
            return snprintf(msg, cap, "state override 'movePrecompileToAddress' of %.60s is not supported", key), false;
        } else {
            return snprintf(msg, cap, "invalid params: unknown state override field '%.40s' of %.60s", field, key), false;
        }
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
        bool ok = parse_account(key, v, &out->items[out->n], msg, cap);
        out->n++; /* counted even when it failed: free releases what it holds */
        if (!ok) {
            rs_rpc_overrides_free(out);
            return false;
        }
    }
    assert(out->n <= RS_STATE_OVERRIDE_MAX);
    return true;
}

static bool touches_code(const rs_rpc_override *o) { return o->has_code || o->has_state || o->has_state_diff; }

static const char *code_field(const rs_rpc_override *o) {
    return o->has_code ? "code" : o->has_state ? "state" : "stateDiff";
}

bool rs_rpc_overrides_apply(const rs_rpc_overrides *o, rs_state *st, char *msg, size_t cap) {
    char hex[43];
    for (size_t i = 0; i < o->n; i++) {
        const rs_rpc_override *x = &o->items[i];
        rs_code_kind k = rs_code_get(st, x->addr);
        if (touches_code(x) && k != RS_CODE_NONE && k != RS_CODE_EVM) {
            rs_hex_encode(x->addr.b, 20, hex);
            snprintf(msg, cap,
                     "state override '%s' of %s is not supported: it holds the native contract %s, which has no EVM "
                     "code or storage to replace (balance and nonce overrides are)",
                     code_field(x), hex, rs_code_name(k));
            return false;
        }
    }
    rs_world *w = rs_world_new(st);
    if (!w) abort();
    for (size_t i = 0; i < o->n; i++) {
        const rs_rpc_override *x = &o->items[i];
        if (x->has_balance) rs_eth_set_balance(st, x->addr, x->balance);
        if (x->has_nonce) rs_account_set_nonce(st, x->addr, x->nonce);
        if (x->has_code) rs_world_set_code(w, x->addr, x->code, x->code_len);
        if (x->has_state) rs_world_clear_storage(w, x->addr);
        for (size_t s = 0; s < x->nslots; s++) rs_world_set_storage(w, x->addr, x->slots[s].slot, x->slots[s].value);
    }
    rs_world_free(w);
    return true;
}

void rs_rpc_overrides_free(rs_rpc_overrides *o) {
    for (size_t i = 0; i < o->n; i++) {
        free(o->items[i].code);
        free(o->items[i].slots);
    }
    free(o->items);
    o->items = NULL;
    o->n = 0;
}
