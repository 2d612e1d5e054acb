/* Pausable (every core contract and every strategy has its own paused bitmap)
 * and the single PauserRegistry (pausers, unpauser) they all consult.
 *
 * Bitmaps are keyed by contract address, so any module checks its own flags
 * with pause_require_not_paused(e, <its address>, <index>). The rs_method
 * handlers below give any contract's method table the Pausable surface
 * operating on `self`; PAUSABLE_METHODS lists them ready to splice into a
 * table. */
#ifndef RESTAKE_PROTOCOL_PAUSING_H
#define RESTAKE_PROTOCOL_PAUSING_H

#include <stdbool.h>

#include "restake/accounts.h"
#include "restake/env.h"
#include "restake/namespaces.h"

enum {
    NS_PAUSE_BITMAP = RS_NS_PAUSE_BASE + 1,   /* contract → paused bitmap */
    NS_PAUSE_IS_PAUSER = RS_NS_PAUSE_BASE + 2, /* registry, account → bool */
    NS_PAUSE_UNPAUSER = RS_NS_PAUSE_BASE + 3,  /* registry → unpauser */
};

/* ---- Pausable (contract = the Pausable's own address) ---- */
u256 pause_status(rs_env *e, rs_addr contract);
bool pause_is_paused(rs_env *e, rs_addr contract, unsigned index);
/* onlyWhenNotPaused(index): reverts CurrentlyPaused(). */
RS_MUST_USE int pause_require_not_paused(rs_env *e, rs_addr contract, unsigned index);
/* whenNotPaused (no index: nothing may be paused): reverts CurrentlyPaused(). */
RS_MUST_USE int pause_require_none_paused(rs_env *e, rs_addr contract);
/* _setPausedStatus: stores and emits Paused(msg_sender, status) from `contract`. */
void pause_set_status(rs_env *e, rs_addr contract, rs_addr msg_sender, u256 status);

RS_MUST_USE int pause_pause(rs_env *e, rs_addr msg_sender, rs_addr contract, u256 new_status);
RS_MUST_USE int pause_pause_all(rs_env *e, rs_addr msg_sender, rs_addr contract);
RS_MUST_USE int pause_unpause(rs_env *e, rs_addr msg_sender, rs_addr contract, u256 new_status);

/* ---- PauserRegistry (the registry at e->p->pauser_registry) ---- */
bool pause_is_pauser(rs_env *e, rs_addr account);
rs_addr pause_unpauser(rs_env *e);
RS_MUST_USE int pause_set_is_pauser(rs_env *e, rs_addr msg_sender, rs_addr pauser, bool can_pause);
RS_MUST_USE int pause_set_unpauser(rs_env *e, rs_addr msg_sender, rs_addr new_unpauser);
/* Direct setters without checks or events (genesis, tests). */
void pause_registry_init(rs_state *st, rs_addr registry, const rs_addr *pausers, size_t n, rs_addr unpauser);
void pause_store_status(rs_state *st, rs_addr contract, u256 status);

#endif
