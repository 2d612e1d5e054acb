/* SHA-256 delegated to OpenSSL: its assembly (SHA-NI where present) is what
 * beacon-chain Merkle proofs, hashing thousands of 64-byte nodes, need. */
#include "restake/sha256.h"

#include <openssl/sha.h>
#include <string.h>

void rs_sha256(const void *data, size_t len, uint8_t out[32]) { SHA256(data, len, out); }

void rs_sha256_pair(const uint8_t a[32], const uint8_t b[32], uint8_t out[32]) {
    uint8_t node[64];
    memcpy(node, a, 32);
    memcpy(node + 32, b, 32);
    SHA256(node, sizeof node, out);
}
