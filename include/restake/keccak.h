/* keccak-256 as Ethereum uses it (original Keccak padding 0x01, not SHA3's 0x06). */
#ifndef RESTAKE_KECCAK_H
#define RESTAKE_KECCAK_H

#include <stddef.h>
#include <stdint.h>

#include "restake/types.h"

typedef struct {
    uint64_t s[25];
    uint8_t buf[136];
    size_t n; /* bytes buffered, < 136 */
} rs_keccak_ctx;

void rs_keccak_init(rs_keccak_ctx *c);
void rs_keccak_update(rs_keccak_ctx *c, const void *data, size_t len);
void rs_keccak_final(rs_keccak_ctx *c, uint8_t out[32]);
void rs_keccak256(const void *data, size_t len, uint8_t out[32]);
rs_b32 rs_keccak(const void *data, size_t len);

/* First four bytes of keccak256(signature), big-endian, e.g. "transfer(address,uint256)" → 0xa9059cbb. */
uint32_t rs_selector_of(const char *signature);
/* keccak256(signature): an event's topic0. */
rs_b32 rs_topic_of(const char *signature);

#endif
