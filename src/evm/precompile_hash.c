/* 0x02 SHA-256, 0x03 RIPEMD-160, 0x04 identity: linear prices per 32-byte
 * word; RIPEMD-160's 20-byte digest is returned left-padded to one word. */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "evm/precompile_impl.h"
#include "restake/sha256.h"

uint64_t rs_pc_sha256_gas(const uint8_t *in, size_t len) {
    (void)in;
    return 60 + 12 * rs_pc_words(len);
}

bool rs_pc_sha256(const uint8_t *in, size_t len, rs_buf *out) {
    uint8_t h[32];
    rs_sha256(in, len, h);
    rs_buf_put(out, h, 32);
    return true;
}

uint64_t rs_pc_ripemd160_gas(const uint8_t *in, size_t len) {
    (void)in;
    return 600 + 120 * rs_pc_words(len);
}

bool rs_pc_ripemd160(const uint8_t *in, size_t len, rs_buf *out) {
    uint8_t word[32] = {0};
    unsigned int n = 0;
    /* OpenSSL 3 serves RIPEMD-160 from its default provider (3.0.7 and later) */
    if (!EVP_Digest(in, len, word + 12, &n, EVP_ripemd160(), NULL) || n != 20) abort();
    rs_buf_put(out, word, 32);
    return true;
}

uint64_t rs_pc_identity_gas(const uint8_t *in, size_t len) {
    (void)in;
    return 15 + 3 * rs_pc_words(len);
}

bool rs_pc_identity(const uint8_t *in, size_t len, rs_buf *out) {
    rs_buf_put(out, in, len);
    return true;
}
