/* SHA-256 through OpenSSL's libcrypto (beacon-chain SSZ Merkle proofs). */
#ifndef RESTAKE_SHA256_H
#define RESTAKE_SHA256_H

#include <stddef.h>
#include <stdint.h>

void rs_sha256(const void *data, size_t len, uint8_t out[32]);
/* SHA-256 of the 64-byte concatenation a ++ b: one Merkle tree node. */
void rs_sha256_pair(const uint8_t a[32], const uint8_t b[32], uint8_t out[32]);

#endif
