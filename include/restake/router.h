/* The call router: runs one call frame (rs_msg) against whatever code sits at
 * its code address — a native contract today, EVM bytecode and precompiles
 * as they arrive — with the EVM's frame rules: the depth limit, the value
 * transfer, static frames that may not write or log, and the all-or-nothing
 * rollback of state and logs on revert.
 *
 * Code below the router calls through rs_env's call hook (rs_call in
 * env.h); rs_router_attach sets the hook. */
#ifndef RESTAKE_ROUTER_H
#define RESTAKE_ROUTER_H

#include "restake/accounts.h"
#include "restake/contracts.h"
#include "restake/env.h"

/* The rs_call_hook of the router: runs msg; on revert, every state write and
 * log since the frame began is undone and e->revert holds the revert data.
 * A frame deeper than RS_CALL_DEPTH_MAX, a value transfer the sender cannot
 * pay, and a state write or log inside a static frame revert with empty
 * data. `ret` may be NULL. */
int rs_route(rs_env *e, const rs_msg *msg, rs_buf *ret);

/* Makes e route its calls through rs_route. Every environment that runs
 * contracts is attached once after rs_env_init. */
void rs_router_attach(rs_env *e);

/* Routes calls to code kind k through fn instead of its built-in entry
 * (NULL restores it); returns the previous override. For tests that need a
 * contract of their own, and for embedders that replace one. Not thread-safe:
 * set overrides before calls run. */
rs_contract_fn rs_dispatch_override(rs_code_kind k, rs_contract_fn fn);

/* Whether calls to code kind k reach an implementation (an override or a
 * linked rs_contract_* entry). A false answer for a kind whose file exists
 * means its entry is not listed in the router's table (src/router/call.c). */
bool rs_dispatch_has_entry(rs_code_kind k);

#endif
