/* EIP-712 digests and OpenZeppelin-style ECDSA checks of signed deposits. */
#include <pthread.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "protocol/strategy_internal.h"
#include "restake/keccak.h"

static secp256k1_context *g_verify_ctx;
static pthread_once_t g_verify_once = PTHREAD_ONCE_INIT;

static void create_verify_ctx(void) { g_verify_ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE); }

static secp256k1_context *verify_ctx(void) {
    pthread_once(&g_verify_once, create_verify_ctx);
    return g_verify_ctx;
}

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
    secp256k1_context *ctx = verify_ctx();
    secp256k1_ecdsa_recoverable_signature rsig;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rsig, sig, v - 27)) return false;
    secp256k1_pubkey pub;
    if (!secp256k1_ecdsa_recover(ctx, &pub, &rsig, digest.b)) return false;
    uint8_t ser[65];
    size_t len = sizeof ser;
    secp256k1_ec_pubkey_serialize(ctx, ser, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
    uint8_t h[32];
    rs_keccak256(ser + 1, 64, h);
    rs_addr recovered;
    memcpy(recovered.b, h + 12, 20);
    return rs_addr_eq(recovered, signer);
}

int sm_check_signature(rs_env *e, rs_addr signer, rs_b32 digest, const uint8_t *sig, size_t sig_len, u256 expiry) {
    if (u256_lt(expiry, u256_from_u64(e->timestamp))) return rs_revert(e, "SignatureExpired()");
    if (!sm_ecdsa_is_valid(signer, digest, sig, sig_len)) return rs_revert(e, "InvalidSignature()");
    return RS_OK;
}

rs_b32 sm_eip712_domain_separator(rs_env *e, rs_addr verifying) {
    uint8_t buf[160];
    rs_b32 typehash = rs_keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
                                strlen("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"));
    memcpy(buf, typehash.b, 32);
    rs_keccak256("EigenLayer", 10, buf + 32);
    /* SemVerMixin's major version: the first byte of version() */
    size_t vlen = strnlen(e->p->version, sizeof e->p->version) > 0 ? 1 : 0;
    rs_keccak256(e->p->version, vlen, buf + 64);
    u256_to_be(u256_from_u64(e->p->chain_id), buf + 96);
    u256_to_be(rs_addr_to_u256(verifying), buf + 128);
    return rs_keccak(buf, sizeof buf);
}

rs_b32 sm_domain_separator(rs_env *e) { return sm_eip712_domain_separator(e, e->p->strategy_manager); }

rs_b32 sm_deposit_typehash(void) {
    static const char t[] =
        "Deposit(address staker,address strategy,address token,uint256 amount,uint256 nonce,uint256 expiry)";
    return rs_keccak(t, sizeof t - 1);
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
    rs_b32 struct_hash = rs_keccak(buf, sizeof buf);
    uint8_t msg[66];
    msg[0] = 0x19;
    msg[1] = 0x01;
    rs_b32 ds = sm_domain_separator(e);
    memcpy(msg + 2, ds.b, 32);
    memcpy(msg + 34, struct_hash.b, 32);
    return rs_keccak(msg, sizeof msg);
}
