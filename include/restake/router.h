/* The call router: runs one call frame (rs_msg) against whatever code sits at
 * its code address — a native contract, EVM bytecode (through the EVM world
 * bound to the environment, restake/world.h) or a precompile — with the
 * EVM's frame rules: one depth limit across both kinds, the value transfer,
 * static frames that may not write or log, and the all-or-nothing rollback
 * of state and logs on revert. EVM code calling a native contract comes back
 * through the same frame entry; both kinds log into the environment's one
 * list, in emission order. The boundary rules (marker code, gas charge,
 * DELEGATECALL into native code) are in docs/evm.md.
 *
 * Code below the router calls through rs_env's call hook (rs_call in
 * env.h); rs_router_attach sets the hook. */
#ifndef RESTAKE_ROUTER_H
#define RESTAKE_ROUTER_H

#include "restake/accounts.h"
#include "restake/contracts.h"
#include "restake/env.h"
#include "restake/world.h"

/* The rs_call_hook of the router: runs msg; on revert, every state write and
 * log since the frame began is undone and e->revert holds the revert data.
 * A frame deeper than RS_CALL_DEPTH_MAX, a value transfer the sender cannot
 * pay, and a state write or log inside a static frame revert with empty
 * data. `ret` may be NULL. */
int rs_route(rs_env *e, const rs_msg *msg, rs_buf *ret);

/* A contract-creating transaction's frame: the caller already incremented from's nonce (as a transaction
 * does), the address is rs_create_address(from, nonce - 1). On success *created is set, the runtime code is
 * stored, ret is empty; on failure nothing of the frame remains and e->revert holds the revert data. */
RS_MUST_USE int rs_route_create(rs_env *e, rs_addr from, u256 value, const uint8_t *initcode, size_t len,
                                rs_addr *created, rs_buf *ret);

/* The runtime code at a: EVM bytecode, RS_NATIVE_MARKER for native code,
 * nothing for an account without code. Copies it into `code` (reset first;
 * NULL: not wanted), sets *hash (NULL: not wanted) to its keccak256 — the
 * empty code's hash for an account without code — and returns its length.
 * For EXTCODEHASH-style checks, eth_getCode and conformance codeHash/codeSize. */
size_t rs_code_bytes(rs_state *st, rs_addr a, rs_buf *code, rs_b32 *hash);

/* Ends the running transaction's EVM scope (EIP-6780 destructions, EIP-161
 * touched empty accounts, transient storage, warm sets) without committing:
 * call it after a transaction's frames, before committing its state. A
 * transaction that never reached EVM code has nothing to end. Runs on its
 * own when the next transaction (rs_env_reset) first enters EVM code. */
void rs_router_tx_end(rs_env *e);

/* The EVM world bound to e (made on first use), with the transaction
 * context taken from e's block fields. For the RPC's account surgery and
 * tests; NULL on allocation failure. */
rs_world *rs_router_world(rs_env *e);

/* Whether the calling thread's C stack has room for one more frame
 * (RS_FRAME_STACK_RESERVE). */
bool rs_stack_has_room(void);

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
