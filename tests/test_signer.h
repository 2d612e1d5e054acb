/* Signing as an EOA would, for the tests of signature-checked calls: the
 * address of a secret key and a 65-byte recoverable signature (v = 27/28)
 * over a digest. Header-only; needs cmocka and libsecp256k1. */
#ifndef RESTAKE_TESTS_TEST_SIGNER_H
#define RESTAKE_TESTS_TEST_SIGNER_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "restake/keccak.h"
#include "restake/types.h"

static inline secp256k1_context *signer_ctx(void) {
    static secp256k1_context *c;
    if (!c) c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    return c;
}

static inline rs_addr key_address(const uint8_t sk[32]) {
    secp256k1_pubkey pub;
    assert_int_equal(secp256k1_ec_pubkey_create(signer_ctx(), &pub, sk), 1);
    uint8_t ser[65], h[32];
    size_t len = sizeof ser;
    secp256k1_ec_pubkey_serialize(signer_ctx(), ser, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
    rs_keccak256(ser + 1, 64, h);
    rs_addr a;
    memcpy(a.b, h + 12, 20);
    return a;
}

static inline void sign(const uint8_t sk[32], rs_b32 digest, uint8_t out[65]) {
    secp256k1_ecdsa_recoverable_signature sig;
    assert_int_equal(secp256k1_ecdsa_sign_recoverable(signer_ctx(), &sig, digest.b, sk, NULL, NULL), 1);
    int recid;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(signer_ctx(), out, &recid, &sig);
    out[64] = (uint8_t)(27 + recid);
}

#endif
