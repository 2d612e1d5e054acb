/* The Pausable surface (pause, pauseAll, unpause, paused, pauserRegistry)
 * shared by the core contracts, as method handlers acting on the called
 * contract (msg->recipient). */
#include "contracts/pausable.h"

int pause_m_pause(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pause_pause(e, msg->sender, msg->recipient, abi_u256(&args[0]));
}

int pause_m_pause_all(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    (void)ret;
    return pause_pause_all(e, msg->sender, msg->recipient);
}

int pause_m_unpause(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pause_unpause(e, msg->sender, msg->recipient, abi_u256(&args[0]));
}

int pause_m_paused(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word(ret, pause_status(e, msg->recipient));
    return RS_OK;
}

int pause_m_paused_index(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word_bool(ret, pause_is_paused(e, msg->recipient, (unsigned)abi_u64(&args[0])));
    return RS_OK;
}

int pause_m_pauser_registry(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_addr(ret, e->p->pauser_registry);
    return RS_OK;
}
