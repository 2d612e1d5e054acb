/* The AVSDirectory's contract surface: calldata → avsd_ calls → returns. */
#include <string.h>

#include "contracts/pausable.h"
#include "contracts/dispatch.h"
#include "protocol/avs_directory.h"
#include "protocol/pausing.h"
#include "restake/contracts.h"

#define ARG(i) (&args[i])

static int m_update_avs_metadata_uri(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return avsd_update_avs_metadata_uri(e, msg->sender, ARG(0)->ptr, ARG(0)->len);
}

static int m_cancel_salt(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return avsd_cancel_salt(e, msg->sender, abi_b32(ARG(0)));
}

/* operatorSignature is (bytes signature, bytes32 salt, uint256 expiry). */
static int m_register_operator_to_avs(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    const abi_val *sig = ARG(1);
    return avsd_register_operator_to_avs(e, msg->sender, abi_addr(ARG(0)), sig->items[0].ptr, sig->items[0].len,
                                         abi_b32(&sig->items[1]), abi_u256(&sig->items[2]));
}

static int m_deregister_operator_from_avs(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return avsd_deregister_operator_from_avs(e, msg->sender, abi_addr(ARG(0)));
}

static int m_transfer_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return avsd_transfer_ownership(e, msg->sender, abi_addr(ARG(0)));
}

static int m_renounce_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret, (void)args;
    return avsd_renounce_ownership(e, msg->sender);
}

/* ---- views ---- */

static int m_avs_operator_status(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_u64(ret, avsd_avs_operator_status(e, abi_addr(ARG(0)), abi_addr(ARG(1))));
    return RS_OK;
}

static int m_operator_salt_is_spent(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, avsd_operator_salt_is_spent(e, abi_addr(ARG(0)), abi_b32(ARG(1))));
    return RS_OK;
}

static int m_registration_digest(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_b32(ret, avsd_registration_digest(e, abi_addr(ARG(0)), abi_addr(ARG(1)), abi_b32(ARG(2)),
                                                  abi_u256(ARG(3))));
    return RS_OK;
}

static int m_domain_separator(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_b32(ret, avsd_domain_separator(e));
    return RS_OK;
}

#define B32_CONSTANT(fn, value)                                                                 \
    static int fn(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) { \
        (void)e, (void)msg, (void)args;                               \
        rs_buf_word_b32(ret, value);                                                            \
        return RS_OK;                                                                           \
    }
B32_CONSTANT(m_avs_registration_typehash, avsd_operator_avs_registration_typehash())
B32_CONSTANT(m_set_registration_typehash, avsd_operator_set_registration_typehash())
B32_CONSTANT(m_set_force_deregistration_typehash, avsd_operator_set_force_deregistration_typehash())

RS_PARAM_ADDR_GETTER(m_delegation, delegation_manager)

static int m_owner(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_addr(ret, avsd_owner(e));
    return RS_OK;
}

static rs_method methods[] = {
    {"initialize(address,uint256)", rs_method_already_initialized, false, 0, NULL},
    {"updateAVSMetadataURI(string)", m_update_avs_metadata_uri, false, 0, NULL},
    {"cancelSalt(bytes32)", m_cancel_salt, false, 0, NULL},
    {"registerOperatorToAVS(address,(bytes,bytes32,uint256))", m_register_operator_to_avs, false, 0, NULL},
    {"deregisterOperatorFromAVS(address)", m_deregister_operator_from_avs, false, 0, NULL},
    {"transferOwnership(address)", m_transfer_ownership, false, 0, NULL},
    {"renounceOwnership()", m_renounce_ownership, false, 0, NULL},
    {"avsOperatorStatus(address,address)", m_avs_operator_status, false, 0, NULL},
    {"operatorSaltIsSpent(address,bytes32)", m_operator_salt_is_spent, false, 0, NULL},
    {"calculateOperatorAVSRegistrationDigestHash(address,address,bytes32,uint256)", m_registration_digest, false,
     0, NULL},
    {"domainSeparator()", m_domain_separator, false, 0, NULL},
    {"OPERATOR_AVS_REGISTRATION_TYPEHASH()", m_avs_registration_typehash, false, 0, NULL},
    {"OPERATOR_SET_REGISTRATION_TYPEHASH()", m_set_registration_typehash, false, 0, NULL},
    {"OPERATOR_SET_FORCE_DEREGISTRATION_TYPEHASH()", m_set_force_deregistration_typehash, false, 0, NULL},
    {"delegation()", m_delegation, false, 0, NULL},
    {"owner()", m_owner, false, 0, NULL},
    {"version()", rs_method_version, false, 0, NULL},
    PAUSABLE_METHODS,
};

int rs_contract_avs_directory(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, methods, sizeof methods / sizeof methods[0], msg, ret);
}
