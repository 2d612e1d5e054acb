#include "chain/mnemonic.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <secp256k1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/tx.h"

bool rs_bip39_seed(const char *mnemonic, const char *passphrase, uint8_t seed[64]) {
    char salt[256];
    int n = snprintf(salt, sizeof salt, "mnemonic%s", passphrase ? passphrase : "");
    if (n < 0 || (size_t)n >= sizeof salt) return false;
    return PKCS5_PBKDF2_HMAC(mnemonic, (int)strlen(mnemonic), (const unsigned char *)salt, n, 2048, EVP_sha512(),
                             64, seed) == 1;
}

static bool hmac512(const uint8_t *key, size_t klen, const uint8_t *msg, size_t mlen, uint8_t out[64]) {
    unsigned int olen = 64;
    return HMAC(EVP_sha512(), key, (int)klen, msg, mlen, out, &olen) != NULL && olen == 64;
}

static secp256k1_context *g_bip32_ctx;
static pthread_once_t g_bip32_once = PTHREAD_ONCE_INIT;
static void bip32_ctx_make(void) { g_bip32_ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY); }

static const secp256k1_context *bip32_ctx(void) {
    pthread_once(&g_bip32_once, bip32_ctx_make);
    return g_bip32_ctx;
}

/* One CKDpriv step: child = parse256(IL) + k (mod n), chain code = IR. */
static bool ckd_priv(const secp256k1_context *ctx, uint8_t key[32], uint8_t chain[32], uint32_t index) {
    uint8_t data[37];
    if (index & 0x80000000u) {
        data[0] = 0;
        memcpy(data + 1, key, 32);
    } else {
        secp256k1_pubkey pk;
        size_t n = 33;
        if (!secp256k1_ec_pubkey_create(ctx, &pk, key)) return false;
        secp256k1_ec_pubkey_serialize(ctx, data, &n, &pk, SECP256K1_EC_COMPRESSED);
    }
    data[33] = (uint8_t)(index >> 24);
    data[34] = (uint8_t)(index >> 16);
    data[35] = (uint8_t)(index >> 8);
    data[36] = (uint8_t)index;
    uint8_t I[64];
    if (!hmac512(chain, 32, data, sizeof data, I)) return false;
    if (!secp256k1_ec_seckey_verify(ctx, I)) return false;
    if (!secp256k1_ec_seckey_tweak_add(ctx, key, I)) return false;
    memcpy(chain, I + 32, 32);
    return true;
}

static bool parse_index(const char **p, uint32_t *out) {
    const char *s = *p;
    uint64_t v = 0;
    if (*s < '0' || *s > '9') return false;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (uint64_t)(*s++ - '0');
        if (v >= 0x80000000u) return false;
    }
    if (*s == '\'' || *s == 'h') {
        v |= 0x80000000u;
        s++;
    }
    *out = (uint32_t)v;
    *p = s;
    return true;
}

bool rs_bip32_derive(const uint8_t seed[64], const char *path, uint8_t key[32]) {
    const secp256k1_context *ctx = bip32_ctx();
    uint8_t I[64], chain[32];
    if (!hmac512((const uint8_t *)"Bitcoin seed", 12, seed, 64, I)) return false;
    if (!secp256k1_ec_seckey_verify(ctx, I)) return false;
    memcpy(key, I, 32);
    memcpy(chain, I + 32, 32);
    if (path[0] != 'm') return false;
    const char *p = path + 1;
    while (*p) {
        if (*p++ != '/') return false;
        uint32_t idx;
        if (!parse_index(&p, &idx) || !ckd_priv(ctx, key, chain, idx)) return false;
    }
    return true;
}

bool rs_mnemonic_account(const char *mnemonic, uint32_t index, uint8_t key[32], rs_addr *addr) {
    uint8_t seed[64];
    char path[48];
    if (!rs_bip39_seed(mnemonic, "", seed)) return false;
    snprintf(path, sizeof path, "m/44'/60'/0'/0/%u", index);
    if (!rs_bip32_derive(seed, path, key)) return false;
    return rs_key_to_address(key, addr);
}

static uint8_t g_devnet_keys[RS_DEVNET_ACCOUNTS][32];
static rs_addr g_devnet_addrs[RS_DEVNET_ACCOUNTS];
static pthread_once_t g_devnet_once = PTHREAD_ONCE_INIT;

/* One seed for all accounts: they differ only in the last path index. */
static void devnet_derive(void) {
    uint8_t seed[64];
    if (!rs_bip39_seed(RS_DEVNET_MNEMONIC, "", seed)) abort(); /* a constant mnemonic: cannot fail */
    for (uint32_t i = 0; i < RS_DEVNET_ACCOUNTS; i++) {
        char path[48];
        snprintf(path, sizeof path, "m/44'/60'/0'/0/%u", i);
        if (!rs_bip32_derive(seed, path, g_devnet_keys[i]) || !rs_key_to_address(g_devnet_keys[i], &g_devnet_addrs[i]))
            abort();
    }
}

void rs_devnet_accounts(uint8_t keys[RS_DEVNET_ACCOUNTS][32], rs_addr addrs[RS_DEVNET_ACCOUNTS]) {
    pthread_once(&g_devnet_once, devnet_derive);
    memcpy(keys, g_devnet_keys, sizeof g_devnet_keys);
    memcpy(addrs, g_devnet_addrs, sizeof g_devnet_addrs);
}
