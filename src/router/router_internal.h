/* The router's files (frames, the EVM bridge, the stack guard) share these
 * and nothing else. */
#ifndef RESTAKE_ROUTER_INTERNAL_H
#define RESTAKE_ROUTER_INTERNAL_H

#include "restake/router.h"

/* Enters one frame: the stack guard, the environment's frame registers
 * (depth, static mode of the env and of the state) set to msg and restored
 * after, the value moved first when `transfer` (a frame the EVM world
 * entered has moved it already), then the code at msg->code_address run.
 * Every frame of either kind that the router runs passes here — the one
 * place to observe frame entry and exit. No rollback: the caller undoes. */
int router_enter(rs_env *e, const rs_msg *msg, rs_buf *ret, bool transfer);

/* Runs EVM bytecode or a precompile at msg->code_address for a native
 * caller (frame registers already set, value already moved). */
int router_evm_frame(rs_env *e, const rs_msg *msg, rs_buf *ret);

#endif
