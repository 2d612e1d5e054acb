/* eth_call / eth_estimateGas state overrides ({address: {balance, nonce,
 * code, state, stateDiff}}): balance and nonce are applied inside a
 * rolled-back scope; what the node cannot honour (code or storage of any
 * account: the core contracts are native, with no EVM storage layout; block
 * overrides) is refused with a precise error, never silently ignored. */
#ifndef RESTAKE_RPC_OVERRIDE_H
#define RESTAKE_RPC_OVERRIDE_H

#include <jansson.h>
#include <stdbool.h>

#include "restake/state.h"

typedef struct {
    rs_addr addr;
    bool has_balance, has_nonce;
    u256 balance;
    uint64_t nonce;
} rs_rpc_override;

typedef struct {
    rs_rpc_override *items;
    size_t n;
} rs_rpc_overrides;

/* Parses params[2] (state) and params[3] (block overrides); false with msg
 * set when an override is malformed or unsupported. */
bool rs_rpc_overrides_parse(const json_t *state, const json_t *block, rs_rpc_overrides *out, char *msg, size_t cap);
/* Applies them to st (the caller reverts to a checkpoint taken before). */
void rs_rpc_overrides_apply(const rs_rpc_overrides *o, rs_state *st);
void rs_rpc_overrides_free(rs_rpc_overrides *o);

#endif
