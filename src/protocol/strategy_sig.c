/* EIP-712 digests and OpenZeppelin-style ECDSA checks of signed deposits. */
#include "protocol/ecrecover_memo.h"
#include "protocol/strategy_internal.h"
#include "restake/keccak.h"

/* secp256k1n / 2: OpenZeppelin refuses larger s (malleable twins). */
static const uint8_t HALF_ORDER[32] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                       0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

/* ECDSA.tryRecover(hash, signature) of OZ 4.9 followed by the comparison
 * SignatureChecker makes; the ecrecover precompile yields nothing for a v
 * other than 27/28 and for r, s outside [1, n-1]. */
bool sm_ecdsa_is_valid(rs_addr signer, rs_b32 digest, const uint8_t *sig, size_t sig_len) {
    if (sig_len != 65) return false;
    if (memcmp(sig + 32, HALF_ORDER, 32) > 0) return false;
    uint8_t v = sig[64];
    if (v != 27 && v != 28) return false;
    rs_addr recovered;
    if (!rs_ecrecover(digest, sig, &recovered)) return false;
    return rs_addr_eq(recovered, signer);
}

/* The ERC-1271 magic value, bytes4(keccak256("isValidSignature(bytes32,bytes)")). */
#define ERC1271_MAGIC 0x1626ba7eu

/* signer.staticcall(abi.encodeWithSelector(isValidSignature, digest, sig)). */
static bool erc1271_is_valid(rs_env *e, rs_addr verifier, rs_addr signer, rs_b32 digest, const uint8_t *sig,
                             size_t sig_len) {
    rs_buf cd, ret;
    rs_buf_init(&cd);
    rs_buf_init(&ret);
    rs_buf_selector(&cd, "isValidSignature(bytes32,bytes)");
    rs_buf_word(&cd, rs_b32_to_u256(digest));
    rs_buf_word(&cd, u256_from_u64(64));
    rs_buf_abi_bytes(&cd, sig, sig_len);
    /* the caller's revert data is its own business: keep the current one */
    size_t saved_len = e->revert_len;
    int rc = rs_staticcall(e, verifier, signer, cd.p, cd.len, &ret);
    e->revert_len = saved_len;
    static const uint8_t magic_word[32] = {0x16, 0x26, 0xba, 0x7e};
    bool ok = rc == RS_OK && ret.len >= 32 && memcmp(ret.p, magic_word, 32) == 0;
    rs_buf_free(&cd);
    rs_buf_free(&ret);
    return ok;
}

bool sm_is_valid_signature_now(rs_env *e, rs_addr verifier, rs_addr signer, rs_b32 digest, const uint8_t *sig,
                               size_t sig_len) {
    if (sm_ecdsa_is_valid(signer, digest, sig, sig_len)) return true;
    return erc1271_is_valid(e, verifier, signer, digest, sig, sig_len);
}

int sm_check_signature(rs_env *e, rs_addr verifier, rs_addr signer, rs_b32 digest, const uint8_t *sig,
                       size_t sig_len, u256 expiry) {
    if (u256_lt(expiry, u256_from_u64(e->timestamp))) return rs_revert(e, "SignatureExpired()");
    if (!sm_is_valid_signature_now(e, verifier, signer, digest, sig, sig_len)) return rs_revert(e, "InvalidSignature()");
    return RS_OK;
}

static rs_b32 domain_separator_of(uint64_t chain_id, char major, rs_addr verifying) {
    uint8_t buf[160];
    static const char domain_type[] =
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
    rs_keccak256(domain_type, sizeof domain_type - 1, buf);
    rs_keccak256("EigenLayer", 10, buf + 32);
    rs_keccak256(&major, major ? 1 : 0, buf + 64);
    u256_to_be(u256_from_u64(chain_id), buf + 96);
    u256_to_be(rs_addr_to_u256(verifying), buf + 128);
    return rs_keccak(buf, sizeof buf);
}

/* A separator depends only on (chain id, major version, contract), and a chain
 * has a handful of signing contracts: remember the last few. Per thread, so
 * views served on other threads need no lock. */
#define DOMAIN_MEMO_SLOTS 8

typedef struct {
    bool used;
    char major;
    uint64_t chain_id;
    rs_addr verifying;
    rs_b32 separator;
} domain_memo;

static _Thread_local domain_memo g_domains[DOMAIN_MEMO_SLOTS];
static _Thread_local unsigned g_domain_next;

rs_b32 sm_eip712_domain_separator(rs_env *e, rs_addr verifying) {
    /* SemVerMixin's major version: the first byte of version() */
    char major = e->p->version[0];
    uint64_t chain_id = e->p->chain_id;
    for (unsigned i = 0; i < DOMAIN_MEMO_SLOTS; i++) {
        const domain_memo *d = &g_domains[i];
        if (d->used && d->chain_id == chain_id && d->major == major && rs_addr_eq(d->verifying, verifying))
            return d->separator;
    }
    domain_memo *d = &g_domains[g_domain_next++ % DOMAIN_MEMO_SLOTS];
    *d = (domain_memo){true, major, chain_id, verifying, domain_separator_of(chain_id, major, verifying)};
    return d->separator;
}

rs_b32 sm_domain_separator(rs_env *e) { return sm_eip712_domain_separator(e, e->p->strategy_manager); }

rs_b32 sm_deposit_typehash(void) {
    static const char t[] =
        "Deposit(address staker,address strategy,address token,uint256 amount,uint256 nonce,uint256 expiry)";
    return rs_sig_topic(t); /* static storage: the env's signature cache computes it once */
}

rs_b32 sm_deposit_digest(rs_env *e, rs_addr staker, rs_addr strategy, rs_addr token, u256 amount, u256 nonce,
                         u256 expiry) {
    uint8_t buf[224];
    rs_b32 th = sm_deposit_typehash();
    memcpy(buf, th.b, 32);
    u256_to_be(rs_addr_to_u256(staker), buf + 32);
    u256_to_be(rs_addr_to_u256(strategy), buf + 64);
    u256_to_be(rs_addr_to_u256(token), buf + 96);
    u256_to_be(amount, buf + 128);
    u256_to_be(nonce, buf + 160);
    u256_to_be(expiry, buf + 192);
    return sm_eip712_digest(sm_domain_separator(e), buf, sizeof buf);
}

rs_b32 sm_eip712_digest(rs_b32 domain, const uint8_t *encoded_struct, size_t len) {
    rs_b32 struct_hash = rs_keccak(encoded_struct, len);
    uint8_t msg[66] = {0x19, 0x01};
    memcpy(msg + 2, domain.b, 32);
    memcpy(msg + 34, struct_hash.b, 32);
    return rs_keccak(msg, sizeof msg);
}
