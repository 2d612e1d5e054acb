/* eth_call / eth_estimateGas state overrides ({address: {balance, nonce,
 * code, state, stateDiff}}), applied inside a rolled-back scope. Code and
 * storage overrides apply to EVM accounts and accounts without code; an
 * account holding a native contract has neither EVM code nor EVM storage to
 * replace, and such an override of it is refused with a precise error, as
 * are block overrides — never silently ignored. */
#ifndef RESTAKE_RPC_OVERRIDE_H
#define RESTAKE_RPC_OVERRIDE_H

#include <jansson.h>
#include <stdbool.h>

#include "restake/state.h"

typedef struct {
    u256 slot, value;
} rs_rpc_slot;

typedef struct {
    rs_addr addr;
    bool has_balance, has_nonce, has_code;
    bool has_state, has_state_diff; /* state: the whole storage; stateDiff: these slots */
    u256 balance;
    uint64_t nonce;
    uint8_t *code;
    size_t code_len;
    rs_rpc_slot *slots;
    size_t nslots;
} rs_rpc_override;

typedef struct {
    rs_rpc_override *items;
    size_t n;
} rs_rpc_overrides;

/* Parses params[2] (state) and params[3] (block overrides); false with msg
 * set when an override is malformed or unsupported. */
bool rs_rpc_overrides_parse(const json_t *state, const json_t *block, rs_rpc_overrides *out, char *msg, size_t cap);
/* Applies them to st (the caller reverts to a checkpoint taken before);
 * false with msg set (some may be applied) when a code or storage override
 * names a native contract. */
bool rs_rpc_overrides_apply(const rs_rpc_overrides *o, rs_state *st, char *msg, size_t cap);
void rs_rpc_overrides_free(rs_rpc_overrides *o);

#endif
