/* The Cancun gas schedule: each opcode's static cost and stack shape, and the
 * dynamic costs (memory expansion, copies, access lists, SSTORE). */
#ifndef RESTAKE_EVM_GAS_H
#define RESTAKE_EVM_GAS_H

#include <stdint.h>

#include "restake/host.h"

enum {
    GAS_WARM_ACCESS = 100,            /* EIP-2929 warm read; also the static part of the access ops */
    GAS_COLD_ACCOUNT = 2600,
    GAS_COLD_SLOAD = 2100,
    GAS_COLD_ACCOUNT_EXTRA = GAS_COLD_ACCOUNT - GAS_WARM_ACCESS,
    GAS_COLD_SLOAD_EXTRA = GAS_COLD_SLOAD - GAS_WARM_ACCESS,
    GAS_SSTORE_SET = 20000,
    GAS_SSTORE_RESET = 5000 - GAS_COLD_SLOAD,
    GAS_SSTORE_CLEARS_REFUND = 4800,  /* EIP-3529 */
    GAS_SSTORE_SENTRY = 2300,         /* EIP-2200: SSTORE needs more than this left */
    GAS_CALL_VALUE = 9000,
    GAS_NEW_ACCOUNT = 25000,
    GAS_SELFDESTRUCT_NEW_ACCOUNT = 25000,
    GAS_COPY_WORD = 3,
    GAS_KECCAK_WORD = 6,
    GAS_INITCODE_WORD = 2,            /* EIP-3860 */
    GAS_LOG_DATA_BYTE = 8,
    GAS_EXP_BYTE = 50,
    GAS_MEMORY_WORD = 3,
    GAS_MEMORY_QUAD_DIVISOR = 512,
};

/* Static cost, minimum stack height and maximum height before the opcode
 * (1024 minus its net growth). An undefined opcode has all three zero and
 * dispatches to the invalid-instruction halt. */
typedef struct {
    int16_t gas;
    int16_t stack_min;
    int16_t stack_max;
    uint8_t defined;
} evm_op_info;

extern const evm_op_info evm_op_table[256];

/* 3 * words + words^2 / 512, for words <= 2^27 (memory is bounded by RS_EVM_MEMORY_MAX). */
static inline int64_t evm_memory_cost(uint64_t words) {
    return (int64_t)(GAS_MEMORY_WORD * words + words * words / GAS_MEMORY_QUAD_DIVISOR);
}

static inline uint64_t evm_words(uint64_t bytes) { return (bytes + 31) / 32; }

/* Gas and refund change for an SSTORE outcome (warm slot; a cold slot adds GAS_COLD_SLOAD). */
void evm_sstore_cost(rs_storage_status s, int64_t *gas, int64_t *refund);

#endif
