/* The delegation approver's EIP-712 approval (SignatureUtilsMixin). */
#include "protocol/delegation_internal.h"
#include "protocol/strategy.h"
#include "restake/buf.h"
#include "restake/keccak.h"

rs_b32 dm_delegation_approval_typehash(void) {
    /* a literal, so the env's signature cache computes it once */
    return rs_sig_topic(
        "DelegationApproval(address delegationApprover,address staker,address operator,bytes32 salt,uint256 expiry)");
}

rs_b32 dm_domain_separator(rs_env *e) { return sm_eip712_domain_separator(e, dm_self(e)); }

rs_b32 dm_delegation_approval_digest(rs_env *e, rs_addr staker, rs_addr operator_, rs_addr approver, rs_b32 salt,
                                     u256 expiry) {
    uint8_t s[6 * 32];
    memcpy(s, dm_delegation_approval_typehash().b, 32);
    u256_to_be(rs_addr_to_u256(approver), s + 32);
    u256_to_be(rs_addr_to_u256(staker), s + 64);
    u256_to_be(rs_addr_to_u256(operator_), s + 96);
    memcpy(s + 128, salt.b, 32);
    u256_to_be(expiry, s + 160);
    return sm_eip712_digest(dm_domain_separator(e), s, sizeof s);
}

int dm_check_approver_signature(rs_env *e, rs_addr staker, rs_addr operator_, const uint8_t *sig, size_t sig_len,
                                u256 expiry, rs_b32 salt) {
    rs_addr approver = dm_delegation_approver(e, operator_);
    if (rs_addr_is_zero(approver)) return RS_OK;
    if (dm_salt_is_spent(e, approver, salt)) return rs_revert(e, "SaltSpent()");
    rs_key k = dmk_addr(NS_DM_SALT_SPENT, approver);
    rs_key_b32(&k, salt);
    rs_sstore_bool(e->st, &k, true);
    rs_b32 digest = dm_delegation_approval_digest(e, staker, operator_, approver, salt, expiry);
    return sm_check_signature(e, dm_self(e), approver, digest, sig, sig_len, expiry);
}
