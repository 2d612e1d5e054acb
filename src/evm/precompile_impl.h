/* The precompiles' own pieces behind rs_precompile_run: each has a price
 * read from its input (saturating at UINT64_MAX, computed before any data is
 * interpreted) and a body that writes its output or reports invalid input. */
#ifndef RESTAKE_EVM_PRECOMPILE_IMPL_H
#define RESTAKE_EVM_PRECOMPILE_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"

/* 32-byte words covering len bytes (the unit of the linear prices). */
static inline uint64_t rs_pc_words(size_t len) { return ((uint64_t)len + 31) / 32; }

/* The input read as if zero-padded on the right to any length: byte i. */
static inline uint8_t rs_pc_byte(const uint8_t *in, size_t len, uint64_t i) { return i < len ? in[i] : 0; }
/* n bytes from offset off of the zero-padded input. */
void rs_pc_read_padded(const uint8_t *in, size_t len, uint64_t off, uint8_t *dst, size_t n);

uint64_t rs_pc_ecrecover_gas(const uint8_t *in, size_t len);
bool rs_pc_ecrecover(const uint8_t *in, size_t len, rs_buf *out);
uint64_t rs_pc_sha256_gas(const uint8_t *in, size_t len);
bool rs_pc_sha256(const uint8_t *in, size_t len, rs_buf *out);
uint64_t rs_pc_ripemd160_gas(const uint8_t *in, size_t len);
bool rs_pc_ripemd160(const uint8_t *in, size_t len, rs_buf *out);
uint64_t rs_pc_identity_gas(const uint8_t *in, size_t len);
bool rs_pc_identity(const uint8_t *in, size_t len, rs_buf *out);
uint64_t rs_pc_modexp_gas(const uint8_t *in, size_t len);
bool rs_pc_modexp(const uint8_t *in, size_t len, rs_buf *out);
uint64_t rs_pc_ecadd_gas(const uint8_t *in, size_t len);
bool rs_pc_ecadd(const uint8_t *in, size_t len, rs_buf *out);
uint64_t rs_pc_ecmul_gas(const uint8_t *in, size_t len);
bool rs_pc_ecmul(const uint8_t *in, size_t len, rs_buf *out);
uint64_t rs_pc_ecpairing_gas(const uint8_t *in, size_t len);
bool rs_pc_ecpairing(const uint8_t *in, size_t len, rs_buf *out);
uint64_t rs_pc_blake2f_gas(const uint8_t *in, size_t len);
bool rs_pc_blake2f(const uint8_t *in, size_t len, rs_buf *out);

#endif
