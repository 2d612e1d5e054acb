/* MockAVSRegistrar: the registrar the genesis AVSs use. It accepts every
 * registration and deregistration and supports every AVS. */
#include "restake/contracts.h"

static int m_accept(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e, (void)args, (void)ret;
    return RS_OK;
}

static int m_supports_avs(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e, (void)args;
    rs_buf_word_bool(ret, 1);
    return RS_OK;
}

static rs_method methods[] = {
    {"registerOperator(address,address,uint32[],bytes)", m_accept, false, 0, NULL},
    {"deregisterOperator(address,address,uint32[])", m_accept, false, 0, NULL},
    {"supportsAVS(address)", m_supports_avs, false, 0, NULL},
};

int rs_contract_mock_avs_registrar(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, methods, sizeof methods / sizeof methods[0], msg, ret);
}
