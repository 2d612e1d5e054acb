/* The system contracts the pods call: the deposit contract, the EIP-4788
 * beacon roots oracle and the EIP-7002/7251 request predeploys. */
#include "protocol/beacon_chain.h"
#include "restake/contracts.h"

/* ETHPOSDepositMock: deposit keeps the ETH and does nothing else (a running
 * devnet beacon chain records the validator; nothing observable changes). */
static int m_deposit(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    if (args[0].len == 48 && args[1].len == 32) {
        u256 gwei, rem;
        rs_cannot_fail(u256_divmod(&gwei, &rem, msg->value, u256_from_u64(1000000000ULL)));
        rs_b32 creds;
        memcpy(creds.b, args[1].ptr, 32);
        if (u256_fits_bits(gwei, 64)) beacon_deposit(e->st, args[0].ptr, creds, gwei.w[0]);
    }
    return RS_OK;
}
static int m_deposit_root(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    (void)args;
    rs_buf_word(ret, U256_ZERO);
    return RS_OK;
}
/* returns an empty `bytes` */
static int m_deposit_count(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    (void)args;
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, 0);
    return RS_OK;
}

static rs_method deposit_methods[] = {
    {"deposit(bytes,bytes,bytes,bytes32)", m_deposit, true, 0, NULL},
    {"get_deposit_root()", m_deposit_root, false, 0, NULL},
    {"get_deposit_count()", m_deposit_count, false, 0, NULL},
};

int rs_contract_eth_pos_deposit(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, deposit_methods, sizeof deposit_methods / sizeof deposit_methods[0], msg, ret);
}

int rs_contract_beacon_roots(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    rs_buf_reset(ret);
    return beacon_roots_module(e, msg->recipient, msg->sender, msg->value, msg->input, msg->input_len, ret);
}

int rs_contract_withdrawal_requests(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    rs_buf_reset(ret);
    return beacon_request_module(e, BEACON_REQ_WITHDRAWAL, msg->recipient, msg->sender, msg->value, msg->input,
                                 msg->input_len, ret);
}

int rs_contract_consolidation_requests(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    rs_buf_reset(ret);
    return beacon_request_module(e, BEACON_REQ_CONSOLIDATION, msg->recipient, msg->sender, msg->value, msg->input,
                                 msg->input_len, ret);
}
