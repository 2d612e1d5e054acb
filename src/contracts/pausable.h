/* The Pausable surface of the core contracts as method handlers. */
#ifndef RESTAKE_CONTRACTS_PAUSABLE_H
#define RESTAKE_CONTRACTS_PAUSABLE_H

#include "protocol/pausing.h"
#include "restake/contracts.h"

/* ---- rs_method handlers of the Pausable surface (act on `self`) ---- */
int pause_m_pause(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret);
int pause_m_pause_all(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret);
int pause_m_unpause(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret);
int pause_m_paused(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret);
int pause_m_paused_index(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret);
int pause_m_pauser_registry(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret);

#define PAUSABLE_METHODS                                                         \
    {"pause(uint256)", pause_m_pause, false, 0, NULL},                          \
    {"pauseAll()", pause_m_pause_all, false, 0, NULL},                          \
    {"unpause(uint256)", pause_m_unpause, false, 0, NULL},                      \
    {"paused()", pause_m_paused, false, 0, NULL},                               \
    {"paused(uint8)", pause_m_paused_index, false, 0, NULL},                    \
    {"pauserRegistry()", pause_m_pauser_registry, false, 0, NULL}

#endif
