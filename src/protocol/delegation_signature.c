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
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_word_b32(&b, dm_delegation_approval_typehash());
    rs_buf_word_addr(&b, approver);
    rs_buf_word_addr(&b, staker);
    rs_buf_word_addr(&b, operator_);
    rs_buf_word_b32(&b, salt);
    rs_buf_word(&b, expiry);
    rs_b32 struct_hash = rs_keccak(b.p, b.len);
    rs_buf_reset(&b);
    rs_buf_put(&b, "\x19\x01", 2);
    rs_b32 ds = dm_domain_separator(e);
    rs_buf_put(&b, ds.b, 32);
    rs_buf_put(&b, struct_hash.b, 32);
    rs_b32 digest = rs_keccak(b.p, b.len);
    rs_buf_free(&b);
    return digest;
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
    return sm_check_signature(e, approver, digest, sig, sig_len, expiry);
}
