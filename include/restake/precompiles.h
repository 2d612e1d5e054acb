/* The precompiled contracts of Cancun, 0x01..0x0a.
 *
 * 0x01 ecrecover, 0x02 SHA-256, 0x03 RIPEMD-160, 0x04 identity, 0x05 modexp
 * (EIP-198 with EIP-2565 gas), 0x06-0x08 bn254 add, mul, pairing (EIP-196,
 * EIP-197, EIP-1108 gas), 0x09 blake2f (EIP-152), 0x0a KZG point evaluation
 * (EIP-4844). 0x0a needs a KZG library Debian does not ship: it stays a
 * precompile address (warm per EIP-2929) and every call to it fails like an
 * invalid input, consuming all the gas it was given (docs/evm.md). */
#ifndef RESTAKE_PRECOMPILES_H
#define RESTAKE_PRECOMPILES_H

#include "restake/host.h"

/* True for 0x01..0x0a. */
bool rs_precompile_is(rs_addr a);

/* Runs precompile `a` on input with `gas` available. SUCCESS: gas_left is
 * what remains and out holds the output. Any failure (not enough gas,
 * invalid input): status RS_EVM_PRECOMPILE_FAILURE or RS_EVM_OUT_OF_GAS,
 * gas_left 0, out empty. */
rs_evm_result rs_precompile_run(rs_addr a, const uint8_t *input, size_t len, int64_t gas, rs_buf *out);

#endif
