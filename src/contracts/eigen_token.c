/* The surfaces of EIGEN (Eigen.sol) and bEIGEN (BackingEigen.sol). */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "contracts/dispatch.h"
#include "protocol/eigen_token.h"
#include "protocol/eigen_votes.h"
#include "restake/contracts.h"

typedef size_t (*text_fn)(rs_env *e, rs_addr token, char *buf, size_t cap);

static int ret_text(rs_env *e, rs_addr self, text_fn fn, rs_buf *ret) {
    char buf[256];
    size_t n = fn(e, self, buf, sizeof buf);
    rs_buf_abi_lone_bytes(ret, buf, n < sizeof buf ? n : sizeof buf);
    return RS_OK;
}

static int ret_true(int rc, rs_buf *ret) {
    if (rc == RS_OK) rs_buf_word_bool(ret, 1);
    return rc;
}

/* ---- ERC20 ---- */

static int m_name(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    return ret_text(e, msg->recipient, et_name, ret);
}

static int m_symbol(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    return ret_text(e, msg->recipient, et_symbol, ret);
}

static int m_decimals(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word_u64(ret, et_decimals(e, msg->recipient));
    return RS_OK;
}

static int m_total_supply(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word(ret, et_total_supply(e, msg->recipient));
    return RS_OK;
}

static int m_balance_of(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word(ret, et_balance_of(e, msg->recipient, abi_addr(&args[0])));
    return RS_OK;
}

static int m_allowance(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word(ret, et_allowance(e, msg->recipient, abi_addr(&args[0]), abi_addr(&args[1])));
    return RS_OK;
}

static int m_transfer(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_true(et_transfer(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1])), ret);
}

static int m_transfer_from(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_true(
        et_transfer_from(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_addr(&args[1]), abi_u256(&args[2])),
        ret);
}

static int m_approve(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_true(et_approve(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1])), ret);
}

static int m_increase_allowance(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_true(et_increase_allowance(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1])),
                    ret);
}

static int m_decrease_allowance(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_true(et_decrease_allowance(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1])),
                    ret);
}

/* ---- votes (ERC20Votes, timestamp clock) ---- */

static int m_get_votes(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word(ret, etv_get_votes(e, msg->recipient, abi_addr(&args[0])));
    return RS_OK;
}

static int m_delegates(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word_addr(ret, etv_delegates(e, msg->recipient, abi_addr(&args[0])));
    return RS_OK;
}

static int m_num_checkpoints(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word_u64(ret, etv_num_checkpoints(e, msg->recipient, abi_addr(&args[0])));
    return RS_OK;
}

static int m_checkpoints(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    uint32_t from;
    u256 votes;
    if (etv_checkpoint(e, msg->recipient, abi_addr(&args[0]), abi_u64(&args[1]), &from, &votes) != RS_OK)
        return RS_REVERTED;
    rs_buf_word_u64(ret, from);
    rs_buf_word(ret, votes);
    return RS_OK;
}

static int m_get_past_votes(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 v;
    if (etv_get_past_votes(e, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1]), &v) != RS_OK) return RS_REVERTED;
    rs_buf_word(ret, v);
    return RS_OK;
}

static int m_get_past_total_supply(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 v;
    if (etv_get_past_total_supply(e, msg->recipient, abi_u256(&args[0]), &v) != RS_OK) return RS_REVERTED;
    rs_buf_word(ret, v);
    return RS_OK;
}

static int m_nonces(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word(ret, et_nonce(e, msg->recipient, abi_addr(&args[0])));
    return RS_OK;
}

static int m_domain_separator(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word_b32(ret, et_domain_separator(e, msg->recipient));
    return RS_OK;
}

/* eip712Domain(): (0x0f, name, "1", chainId, this, 0, []). */
static int m_eip712_domain(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    const char *name;
    size_t n = et_eip712_name(e, msg->recipient, &name);
    u256 fields = u256_shl(u256_from_u64(0x0f), 248);
    rs_buf_word(ret, fields);
    rs_buf_word_u64(ret, 7 * 32);               /* name */
    rs_buf_word_u64(ret, 9 * 32);               /* version: name's tail is 2 words */
    rs_buf_word_u64(ret, e->p->chain_id);
    rs_buf_word_addr(ret, msg->recipient);
    rs_buf_word(ret, U256_ZERO);                /* salt */
    rs_buf_word_u64(ret, 11 * 32);              /* extensions */
    assert(n <= 32);
    rs_buf_abi_bytes(ret, name, n);
    rs_buf_abi_bytes(ret, "1", 1);
    rs_buf_word_u64(ret, 0);
    return RS_OK;
}

static rs_b32 word_b32(const abi_val *v) { return abi_b32(v); }

static int m_permit(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_permit(e, msg->recipient, abi_addr(&args[0]), abi_addr(&args[1]), abi_u256(&args[2]),
                     abi_u256(&args[3]), (uint8_t)abi_u64(&args[4]), word_b32(&args[5]), word_b32(&args[6]));
}

static int m_delegate_by_sig(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_delegate_by_sig(e, msg->recipient, abi_addr(&args[0]), abi_u256(&args[1]), abi_u256(&args[2]),
                              (uint8_t)abi_u64(&args[3]), word_b32(&args[4]), word_b32(&args[5]));
}

static int m_delegate(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_delegate(e, msg->sender, msg->recipient, abi_addr(&args[0]));
}

static int m_clock(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_u64(ret, e->timestamp);
    return RS_OK;
}

static int m_clock_mode(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)e, (void)msg, (void)args;
    static const char mode[] = "mode=timestamp";
    rs_buf_abi_lone_bytes(ret, mode, sizeof mode - 1);
    return RS_OK;
}

/* ---- Ownable and restrictions ---- */

static int m_owner(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word_addr(ret, et_owner(e, msg->recipient));
    return RS_OK;
}

static int m_transfer_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_transfer_ownership(e, msg->sender, msg->recipient, abi_addr(&args[0]));
}

static int m_renounce_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args, (void)ret;
    return et_renounce_ownership(e, msg->sender, msg->recipient);
}

static int m_restrictions_after(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word(ret, et_restrictions_disabled_after(e, msg->recipient));
    return RS_OK;
}

static int m_allowed_from(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word_bool(ret, et_allowed_from(e, msg->recipient, abi_addr(&args[0])));
    return RS_OK;
}

static int m_allowed_to(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_buf_word_bool(ret, et_allowed_to(e, msg->recipient, abi_addr(&args[0])));
    return RS_OK;
}

static int m_set_allowed_from(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_set_allowed_from(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_bool(&args[1]));
}

static int m_set_allowed_to(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_set_allowed_to(e, msg->sender, msg->recipient, abi_addr(&args[0]), abi_bool(&args[1]));
}

static int m_disable_restrictions(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args, (void)ret;
    return et_disable_transfer_restrictions(e, msg->sender, msg->recipient);
}

/* The methods both tokens have. */
#define COMMON_METHODS                                                                         \
    {"name()", m_name, false, 0, NULL},                                                        \
    {"symbol()", m_symbol, false, 0, NULL},                                                    \
    {"decimals()", m_decimals, false, 0, NULL},                                                \
    {"totalSupply()", m_total_supply, false, 0, NULL},                                         \
    {"balanceOf(address)", m_balance_of, false, 0, NULL},                                      \
    {"allowance(address,address)", m_allowance, false, 0, NULL},                              \
    {"transfer(address,uint256)", m_transfer, false, 0, NULL},                                 \
    {"transferFrom(address,address,uint256)", m_transfer_from, false, 0, NULL},                \
    {"approve(address,uint256)", m_approve, false, 0, NULL},                                   \
    {"increaseAllowance(address,uint256)", m_increase_allowance, false, 0, NULL},              \
    {"decreaseAllowance(address,uint256)", m_decrease_allowance, false, 0, NULL},              \
    {"getVotes(address)", m_get_votes, false, 0, NULL},                                        \
    {"delegates(address)", m_delegates, false, 0, NULL},                                       \
    {"numCheckpoints(address)", m_num_checkpoints, false, 0, NULL},                            \
    {"checkpoints(address,uint32)", m_checkpoints, false, 0, NULL},                            \
    {"delegate(address)", m_delegate, false, 0, NULL},                                         \
    {"nonces(address)", m_nonces, false, 0, NULL},                                             \
    {"DOMAIN_SEPARATOR()", m_domain_separator, false, 0, NULL},                                \
    {"eip712Domain()", m_eip712_domain, false, 0, NULL},                                       \
    {"permit(address,address,uint256,uint256,uint8,bytes32,bytes32)", m_permit, false, 0, NULL}, \
    {"delegateBySig(address,uint256,uint256,uint8,bytes32,bytes32)", m_delegate_by_sig, false, 0, NULL}, \
    {"getPastVotes(address,uint256)", m_get_past_votes, false, 0, NULL},                       \
    {"getPastTotalSupply(uint256)", m_get_past_total_supply, false, 0, NULL},                  \
    {"clock()", m_clock, false, 0, NULL},                                                      \
    {"CLOCK_MODE()", m_clock_mode, false, 0, NULL},                                            \
    {"owner()", m_owner, false, 0, NULL},                                                      \
    {"transferOwnership(address)", m_transfer_ownership, false, 0, NULL},                      \
    {"renounceOwnership()", m_renounce_ownership, false, 0, NULL},                             \
    {"transferRestrictionsDisabledAfter()", m_restrictions_after, false, 0, NULL},             \
    {"allowedFrom(address)", m_allowed_from, false, 0, NULL},                                  \
    {"allowedTo(address)", m_allowed_to, false, 0, NULL},                                      \
    {"setAllowedFrom(address,bool)", m_set_allowed_from, false, 0, NULL},                      \
    {"setAllowedTo(address,bool)", m_set_allowed_to, false, 0, NULL},                          \
    {"disableTransferRestrictions()", m_disable_restrictions, false, 0, NULL}

/* ---- EIGEN ---- */

static int m_beigen(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_addr(ret, e->p->backing_eigen);
    return RS_OK;
}

static int m_eigen_version(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_abi_lone_bytes(ret, e->p->eigen_version, strnlen(e->p->eigen_version, sizeof e->p->eigen_version));
    return RS_OK;
}

static int m_minting_allowance(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word(ret, et_minting_allowance(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_mint_allowed_after(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word(ret, et_mint_allowed_after(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_wrap(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_wrap(e, msg->sender, abi_u256(&args[0]));
}

static int m_unwrap(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_unwrap(e, msg->sender, abi_u256(&args[0]));
}

static int m_eigen_mint(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args, (void)ret;
    return et_eigen_mint(e, msg->sender);
}

static int m_multisend(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    rs_addr *to = abi_addr_array(&args[0]);
    u256 *amounts = abi_word_array(&args[1]);
    int rc = et_multisend(e, msg->sender, msg->recipient, to, amounts, args[0].n, args[1].n);
    free(to);
    free(amounts);
    return rc;
}

static rs_method g_eigen[] = {
    COMMON_METHODS,
    {"bEIGEN()", m_beigen, false, 0, NULL},
    {"version()", m_eigen_version, false, 0, NULL},
    {"mintingAllowance(address)", m_minting_allowance, false, 0, NULL},
    {"mintAllowedAfter(address)", m_mint_allowed_after, false, 0, NULL},
    {"mint()", m_eigen_mint, false, 0, NULL},
    {"wrap(uint256)", m_wrap, false, 0, NULL},
    {"unwrap(uint256)", m_unwrap, false, 0, NULL},
    {"multisend(address[],uint256[])", m_multisend, false, 0, NULL},
    {"initialize(address,address[],uint256[],uint256[])", rs_method_already_initialized, false, 0, NULL},
};

int rs_contract_eigen(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_eigen, sizeof g_eigen / sizeof g_eigen[0], msg, ret);
}

/* ---- bEIGEN ---- */

static int m_eigen_addr(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_addr(ret, e->p->eigen);
    return RS_OK;
}

static int m_is_minter(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, et_is_minter(e, abi_addr(&args[0])));
    return RS_OK;
}

static int m_set_is_minter(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_set_is_minter(e, msg->sender, abi_addr(&args[0]), abi_bool(&args[1]));
}

static int m_backing_mint(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_backing_mint(e, msg->sender, abi_addr(&args[0]), abi_u256(&args[1]));
}

static int m_backing_burn(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return et_backing_burn(e, msg->sender, abi_u256(&args[0]));
}

static rs_method g_backing[] = {
    COMMON_METHODS,
    {"EIGEN()", m_eigen_addr, false, 0, NULL},
    {"isMinter(address)", m_is_minter, false, 0, NULL},
    {"setIsMinter(address,bool)", m_set_is_minter, false, 0, NULL},
    {"mint(address,uint256)", m_backing_mint, false, 0, NULL},
    {"burn(uint256)", m_backing_burn, false, 0, NULL},
    {"initialize(address)", rs_method_already_initialized, false, 0, NULL},
};

int rs_contract_backing_eigen(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_backing, sizeof g_backing / sizeof g_backing[0], msg, ret);
}
