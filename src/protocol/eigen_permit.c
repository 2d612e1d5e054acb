/* What EIGEN and bEIGEN sign with their EIP-712 domain (OpenZeppelin 4.9
 * EIP712Upgradeable, name "EIGEN" / "bEIGEN", version "1"): ERC20Permit's
 * permit and nonces, and ERC20Votes' delegateBySig. */
#include <string.h>

#include "protocol/ecrecover_memo.h"
#include "protocol/eigen_token.h"
#include "protocol/eigen_votes.h"
#include "restake/keccak.h"

/* secp256k1n / 2: OpenZeppelin's ECDSA refuses a larger s. */
static const uint8_t HALF_ORDER[32] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                       0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

static const char *domain_name(rs_env *e, rs_addr token) {
    return rs_addr_eq(token, e->p->eigen) ? "EIGEN" : "bEIGEN";
}

size_t et_eip712_name(rs_env *e, rs_addr token, const char **name) {
    *name = domain_name(e, token);
    return strlen(*name);
}

rs_b32 et_domain_separator(rs_env *e, rs_addr token) {
    static const char type[] = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
    const char *name = domain_name(e, token);
    uint8_t buf[160];
    rs_keccak256(type, sizeof type - 1, buf);
    rs_keccak256(name, strlen(name), buf + 32);
    rs_keccak256("1", 1, buf + 64);
    u256_to_be(u256_from_u64(e->p->chain_id), buf + 96);
    u256_to_be(rs_addr_to_u256(token), buf + 128);
    return rs_keccak(buf, sizeof buf);
}

static rs_key nonce_key(rs_addr token, rs_addr owner) {
    rs_key k = rs_key_ns(NS_ET_NONCE);
    rs_key_addr(&k, token);
    rs_key_addr(&k, owner);
    return k;
}

u256 et_nonce(rs_env *e, rs_addr token, rs_addr owner) {
    rs_key k = nonce_key(token, owner);
    return rs_sload(e->st, &k);
}

/* _useNonce: the current nonce, then one more. */
static u256 use_nonce(rs_env *e, rs_addr token, rs_addr owner) {
    rs_key k = nonce_key(token, owner);
    u256 n = rs_sload(e->st, &k);
    rs_sstore(e->st, &k, u256_add_wrap(n, U256_ONE));
    return n;
}

/* _hashTypedDataV4(keccak256(words)). */
static rs_b32 typed_digest(rs_env *e, rs_addr token, const uint8_t *words, size_t len) {
    uint8_t buf[66] = {0x19, 0x01};
    rs_b32 sep = et_domain_separator(e, token);
    memcpy(buf + 2, sep.b, 32);
    rs_keccak256(words, len, buf + 34);
    return rs_keccak(buf, sizeof buf);
}

/* ECDSA.recover(hash, v, r, s) of OZ 4.9, reverting with its messages. */
static int recover(rs_env *e, rs_b32 digest, uint8_t v, rs_b32 r, rs_b32 s, rs_addr *signer) {
    if (memcmp(s.b, HALF_ORDER, 32) > 0) return rs_revert_string(e, "ECDSA: invalid signature 's' value");
    uint8_t sig[65];
    memcpy(sig, r.b, 32);
    memcpy(sig + 32, s.b, 32);
    sig[64] = v;
    if ((v != 27 && v != 28) || !rs_ecrecover(digest, sig, signer) || rs_addr_is_zero(*signer))
        return rs_revert_string(e, "ECDSA: invalid signature");
    return RS_OK;
}

int et_permit(rs_env *e, rs_addr token, rs_addr owner, rs_addr spender, u256 value, u256 deadline, uint8_t v, rs_b32 r,
              rs_b32 s) {
    if (u256_gt(u256_from_u64(e->timestamp), deadline)) return rs_revert_string(e, "ERC20Permit: expired deadline");
    uint8_t w[6 * 32];
    rs_b32 th = rs_sig_topic("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    memcpy(w, th.b, 32);
    u256_to_be(rs_addr_to_u256(owner), w + 32);
    u256_to_be(rs_addr_to_u256(spender), w + 64);
    u256_to_be(value, w + 96);
    u256_to_be(use_nonce(e, token, owner), w + 128);
    u256_to_be(deadline, w + 160);
    rs_addr signer;
    if (recover(e, typed_digest(e, token, w, sizeof w), v, r, s, &signer) != RS_OK) return RS_REVERTED;
    if (!rs_addr_eq(signer, owner)) return rs_revert_string(e, "ERC20Permit: invalid signature");
    return et_approve(e, owner, token, spender, value);
}

int et_delegate_by_sig(rs_env *e, rs_addr token, rs_addr delegatee, u256 nonce, u256 expiry, uint8_t v, rs_b32 r,
                       rs_b32 s) {
    if (u256_gt(u256_from_u64(e->timestamp), expiry)) return rs_revert_string(e, "ERC20Votes: signature expired");
    uint8_t w[4 * 32];
    rs_b32 th = rs_sig_topic("Delegation(address delegatee,uint256 nonce,uint256 expiry)");
    memcpy(w, th.b, 32);
    u256_to_be(rs_addr_to_u256(delegatee), w + 32);
    u256_to_be(nonce, w + 64);
    u256_to_be(expiry, w + 96);
    rs_addr signer;
    if (recover(e, typed_digest(e, token, w, sizeof w), v, r, s, &signer) != RS_OK) return RS_REVERTED;
    if (!u256_eq(nonce, use_nonce(e, token, signer))) return rs_revert_string(e, "ERC20Votes: invalid nonce");
    return etv_delegate(e, token, signer, delegatee);
}
