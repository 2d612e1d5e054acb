/* Memoized ECDSA recovery; see ecrecover_memo.h. */
#include "protocol/ecrecover_memo.h"

#include <pthread.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdlib.h>
#include <string.h>

#include "restake/keccak.h"

typedef struct {
    bool used;
    bool ok;
    uint8_t digest[32];
    uint8_t sig[65];
    rs_addr signer;
} memo_slot;

static memo_slot g_memo[RS_ECRECOVER_MEMO_SLOTS];
static pthread_mutex_t g_memo_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t g_computed;
static int g_enabled = -1; /* -1: not yet read from the environment */

static secp256k1_context *g_ctx;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void init_once(void) {
    g_ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    const char *off = getenv("RESTAKE_NO_ECRECOVER_MEMO");
    if (g_enabled < 0) g_enabled = !(off && *off && strcmp(off, "0") != 0);
}

static bool recover_uncached(const secp256k1_context *ctx, rs_b32 digest, const uint8_t sig[65], rs_addr *signer) {
    secp256k1_ecdsa_recoverable_signature rsig;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rsig, sig, sig[64] - 27)) return false;
    secp256k1_pubkey pub;
    if (!secp256k1_ecdsa_recover(ctx, &pub, &rsig, digest.b)) return false;
    uint8_t ser[65];
    size_t len = sizeof ser;
    secp256k1_ec_pubkey_serialize(ctx, ser, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
    uint8_t h[32];
    rs_keccak256(ser + 1, 64, h);
    memcpy(signer->b, h + 12, 20);
    return true;
}

/* The digest is a keccak output and r is uniformly random: a few of their
 * bytes already spread pairs evenly over the slots. */
static size_t slot_of(rs_b32 digest, const uint8_t sig[65]) {
    uint64_t a, b;
    memcpy(&a, digest.b, 8);
    memcpy(&b, sig, 8);
    uint64_t h = (a ^ (b * 0x9e3779b97f4a7c15ULL)) ^ sig[64];
    h ^= h >> 29;
    return (size_t)(h & (RS_ECRECOVER_MEMO_SLOTS - 1));
}

bool rs_ecrecover(rs_b32 digest, const uint8_t sig[65], rs_addr *signer) {
    pthread_once(&g_once, init_once);
    pthread_mutex_lock(&g_memo_lock);
    bool enabled = g_enabled > 0;
    memo_slot *m = &g_memo[slot_of(digest, sig)];
    if (enabled && m->used && memcmp(m->digest, digest.b, 32) == 0 && memcmp(m->sig, sig, 65) == 0) {
        bool ok = m->ok;
        *signer = m->signer;
        pthread_mutex_unlock(&g_memo_lock);
        return ok;
    }
    g_computed++;
    pthread_mutex_unlock(&g_memo_lock);

    rs_addr got = RS_ADDR_ZERO;
    bool ok = recover_uncached(g_ctx, digest, sig, &got);
    *signer = got;
    if (!enabled) return ok;

    pthread_mutex_lock(&g_memo_lock);
    m->used = true;
    m->ok = ok;
    memcpy(m->digest, digest.b, 32);
    memcpy(m->sig, sig, 65);
    m->signer = got;
    pthread_mutex_unlock(&g_memo_lock);
    return ok;
}

uint64_t rs_ecrecover_computed(void) {
    pthread_mutex_lock(&g_memo_lock);
    uint64_t n = g_computed;
    pthread_mutex_unlock(&g_memo_lock);
    return n;
}

void rs_ecrecover_memo_enable(bool on) {
    pthread_once(&g_once, init_once);
    pthread_mutex_lock(&g_memo_lock);
    g_enabled = on ? 1 : 0;
    memset(g_memo, 0, sizeof g_memo);
    pthread_mutex_unlock(&g_memo_lock);
}
