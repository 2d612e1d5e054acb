/* OpenZeppelin 4.9 OwnableUpgradeable, for the contracts of this module. */
#include "protocol/strategy_internal.h"

rs_addr sm_ownable_owner(rs_env *e, uint16_t ns_owner) {
    rs_key k = rs_key_ns(ns_owner);
    return rs_sload_addr(e->st, &k);
}

int sm_ownable_check(rs_env *e, uint16_t ns_owner, rs_addr msg_sender) {
    if (!rs_addr_eq(sm_ownable_owner(e, ns_owner), msg_sender))
        return rs_revert_string(e, "Ownable: caller is not the owner");
    return RS_OK;
}

void sm_ownable_set(rs_env *e, rs_addr contract, uint16_t ns_owner, rs_addr new_owner) {
    rs_key k = rs_key_ns(ns_owner);
    rs_b32 topics[2] = {rs_topic_addr(rs_sload_addr(e->st, &k)), rs_topic_addr(new_owner)};
    rs_sstore_addr(e->st, &k, new_owner);
    rs_emit(e, contract, "OwnershipTransferred(address,address)", 2, topics, NULL, 0);
}

int sm_ownable_transfer(rs_env *e, rs_addr contract, uint16_t ns_owner, rs_addr msg_sender, rs_addr new_owner) {
    if (sm_ownable_check(e, ns_owner, msg_sender) != RS_OK) return RS_REVERTED;
    if (rs_addr_is_zero(new_owner)) return rs_revert_string(e, "Ownable: new owner is the zero address");
    sm_ownable_set(e, contract, ns_owner, new_owner);
    return RS_OK;
}

int sm_ownable_renounce(rs_env *e, rs_addr contract, uint16_t ns_owner, rs_addr msg_sender) {
    if (sm_ownable_check(e, ns_owner, msg_sender) != RS_OK) return RS_REVERTED;
    sm_ownable_set(e, contract, ns_owner, RS_ADDR_ZERO);
    return RS_OK;
}

int sm_only_owner(rs_env *e, rs_addr msg_sender) { return sm_ownable_check(e, NS_SM_OWNER, msg_sender); }
