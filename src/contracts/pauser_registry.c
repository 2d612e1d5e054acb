/* The PauserRegistry surface. */
#include "protocol/pausing.h"
#include "restake/contracts.h"

static int m_is_pauser(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, pause_is_pauser(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_unpauser(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_addr(ret, pause_unpauser(e));
    return RS_OK;
}

static int m_set_is_pauser(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pause_set_is_pauser(e, msg->sender, abi_addr(&args[0]), abi_bool(&args[1]));
}

static int m_set_unpauser(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pause_set_unpauser(e, msg->sender, abi_addr(&args[0]));
}

static rs_method g_methods[] = {
    {"isPauser(address)", m_is_pauser, false, 0, NULL},
    {"unpauser()", m_unpauser, false, 0, NULL},
    {"setIsPauser(address,bool)", m_set_is_pauser, false, 0, NULL},
    {"setUnpauser(address)", m_set_unpauser, false, 0, NULL},
};

int rs_contract_pauser_registry(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_methods, sizeof g_methods / sizeof g_methods[0], msg, ret);
}
