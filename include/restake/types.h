/* Fixed-size byte types shared by every layer. */
#ifndef RESTAKE_TYPES_H
#define RESTAKE_TYPES_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "restake/u256.h"

typedef struct {
    uint8_t b[20];
} rs_addr;

typedef struct {
    uint8_t b[32];
} rs_b32;

#define RS_ADDR_ZERO ((rs_addr){{0}})
#define RS_B32_ZERO ((rs_b32){{0}})

static inline bool rs_addr_eq(rs_addr a, rs_addr b) { return memcmp(a.b, b.b, 20) == 0; }
static inline bool rs_addr_is_zero(rs_addr a) { return memcmp(a.b, RS_ADDR_ZERO.b, 20) == 0; }
static inline int rs_addr_cmp(rs_addr a, rs_addr b) { return memcmp(a.b, b.b, 20); }
static inline bool rs_b32_eq(rs_b32 a, rs_b32 b) { return memcmp(a.b, b.b, 32) == 0; }

/* address <-> uint256 (uint160 in the low bytes), as Solidity's casts. */
static inline u256 rs_addr_to_u256(rs_addr a) { return u256_from_be_n(a.b, 20); }
/* 8-byte big-endian integers, as the node's store records them. */
static inline void rs_be64_put(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (56 - 8 * i));
}
static inline uint64_t rs_be64_get(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | p[i];
    return v;
}
static inline rs_addr rs_addr_from_u256(u256 v) {
    uint8_t be[32];
    rs_addr a;
    u256_to_be(v, be);
    memcpy(a.b, be + 12, 20);
    return a;
}
static inline u256 rs_b32_to_u256(rs_b32 x) { return u256_from_be(x.b); }
static inline rs_b32 rs_b32_from_u256(u256 v) {
    rs_b32 x;
    u256_to_be(v, x.b);
    return x;
}

#endif
