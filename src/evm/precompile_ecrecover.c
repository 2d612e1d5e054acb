/* 0x01 ecrecover: input (hash, v, r, s) as four words, zero-padded. v must
 * be the word 27 or 28, r and s in [1, n-1] (no low-s rule here, unlike
 * transactions). A signature that does not recover is not a failure: the
 * call succeeds with empty output. */
#include <pthread.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <string.h>

#include "evm/precompile_impl.h"
#include "restake/keccak.h"

static secp256k1_context *g_ctx;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void ctx_init(void) { g_ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE); }

uint64_t rs_pc_ecrecover_gas(const uint8_t *in, size_t len) {
    (void)in, (void)len;
    return 3000;
}

static bool recover(const uint8_t w[128], uint8_t addr_word[32]) {
    for (int i = 32; i < 63; i++) {
        if (w[i]) return false;
    }
    if (w[63] != 27 && w[63] != 28) return false;
    pthread_once(&g_once, ctx_init);
    secp256k1_ecdsa_recoverable_signature sig;
    /* parse_compact rejects r or s >= n; recover rejects r = 0 or s = 0 */
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(g_ctx, &sig, w + 64, w[63] - 27)) return false;
    secp256k1_pubkey pub;
    if (!secp256k1_ecdsa_recover(g_ctx, &pub, &sig, w)) return false;
    uint8_t ser[65];
    size_t n = sizeof ser;
    secp256k1_ec_pubkey_serialize(g_ctx, ser, &n, &pub, SECP256K1_EC_UNCOMPRESSED);
    uint8_t h[32];
    rs_keccak256(ser + 1, 64, h);
    memset(addr_word, 0, 12);
    memcpy(addr_word + 12, h + 12, 20);
    return true;
}

bool rs_pc_ecrecover(const uint8_t *in, size_t len, rs_buf *out) {
    uint8_t w[128], addr[32];
    rs_pc_read_padded(in, len, 0, w, sizeof w);
    if (recover(w, addr)) rs_buf_put(out, addr, 32);
    return true;
}
