/* The OpenZeppelin 4.9 ERC20 surface of native tokens (+ open mint). */
#include "protocol/erc20.h"
#include "restake/contracts.h"

typedef size_t (*erc20_text_fn)(rs_env *e, rs_addr token, char *buf, size_t cap);

/* name() and symbol(): a string of at most 256 bytes, ABI-encoded. */
static int ret_text(rs_env *e, rs_addr self, erc20_text_fn fn, rs_buf *ret) {
    char buf[256];
    size_t n = fn(e, self, buf, sizeof buf);
    rs_buf_abi_lone_bytes(ret, buf, n < sizeof buf ? n : sizeof buf);
    return RS_OK;
}

static int m_name(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    return ret_text(e, msg->recipient, erc20_name, ret);
}

static int m_symbol(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    return ret_text(e, msg->recipient, erc20_symbol, ret);
}

static int m_decimals(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word_u64(ret, erc20_decimals(e, msg->recipient));
    return RS_OK;
}

static int m_total_supply(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word(ret, erc20_total_supply(e, msg->recipient));
    return RS_OK;
}

static int m_balance_of(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word(ret, erc20_balance_of(e, msg->recipient, abi_addr(&args[0])));
    return RS_OK;
}

static int m_allowance(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word(ret, erc20_allowance(e, msg->recipient, abi_addr(&args[0]), abi_addr(&args[1])));
    return RS_OK;
}

static int ret_true(int rc, rs_buf *ret) {
    if (rc == RS_OK) rs_buf_word_bool(ret, 1);
    return rc;
}

static int m_transfer(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_true(erc20_transfer(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1])), ret);
}

static int m_transfer_from(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_true(
        erc20_transfer_from(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_addr(&args[1]), abi_u256(&args[2])), ret);
}

static int m_approve(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_true(erc20_approve(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1])), ret);
}

static int m_increase_allowance(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_true(erc20_increase_allowance(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1])), ret);
}

static int m_decrease_allowance(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_true(erc20_decrease_allowance(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1])), ret);
}

static rs_method g_methods[] = {
    {"name()", m_name, false, 0, NULL},
    {"symbol()", m_symbol, false, 0, NULL},
    {"decimals()", m_decimals, false, 0, NULL},
    {"totalSupply()", m_total_supply, false, 0, NULL},
    {"balanceOf(address)", m_balance_of, false, 0, NULL},
    {"allowance(address,address)", m_allowance, false, 0, NULL},
    {"transfer(address,uint256)", m_transfer, false, 0, NULL},
    {"transferFrom(address,address,uint256)", m_transfer_from, false, 0, NULL},
    {"approve(address,uint256)", m_approve, false, 0, NULL},
    {"increaseAllowance(address,uint256)", m_increase_allowance, false, 0, NULL},
    {"decreaseAllowance(address,uint256)", m_decrease_allowance, false, 0, NULL},
};

static int m_mint(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return erc20_mint(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1]));
}

/* Mintable tokens are the same contract with mint() added. */
static rs_method g_mintable_methods[] = {
    {"name()", m_name, false, 0, NULL},
    {"symbol()", m_symbol, false, 0, NULL},
    {"decimals()", m_decimals, false, 0, NULL},
    {"totalSupply()", m_total_supply, false, 0, NULL},
    {"balanceOf(address)", m_balance_of, false, 0, NULL},
    {"allowance(address,address)", m_allowance, false, 0, NULL},
    {"transfer(address,uint256)", m_transfer, false, 0, NULL},
    {"transferFrom(address,address,uint256)", m_transfer_from, false, 0, NULL},
    {"approve(address,uint256)", m_approve, false, 0, NULL},
    {"increaseAllowance(address,uint256)", m_increase_allowance, false, 0, NULL},
    {"decreaseAllowance(address,uint256)", m_decrease_allowance, false, 0, NULL},
    {"mint(address,uint256)", m_mint, false, 0, NULL},
};

int rs_contract_erc20(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    if (erc20_is_mintable(e, msg->recipient))
        return rs_dispatch_table(e, g_mintable_methods, sizeof g_mintable_methods / sizeof g_mintable_methods[0],
                                 msg, ret);
    return rs_dispatch_table(e, g_methods, sizeof g_methods / sizeof g_methods[0], msg, ret);
}
