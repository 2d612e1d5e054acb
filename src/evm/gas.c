/* The opcode table of the Cancun schedule (static costs from the Yellow Paper
 * tiers, EIP-2929, EIP-3855, EIP-1153, EIP-5656, EIP-4844, EIP-7516) and the
 * EIP-2200/EIP-3529 SSTORE table. */
#include "evm/gas.h"

#include "restake/limits.h"

#define OP(code, g, pops, pushes) \
    [code] = {(g), (pops), (int16_t)(RS_EVM_STACK_MAX - ((pushes) > (pops) ? (pushes) - (pops) : 0)), 1}

#define PUSHES(n) OP(0x5f + (n), 3, 0, 1)
#define DUPS(n) OP(0x7f + (n), 3, (n), (n) + 1)
#define SWAPS(n) OP(0x8f + (n), 3, (n) + 1, (n) + 1)
#define LOGS(n) OP(0xa0 + (n), 375 * ((n) + 1), (n) + 2, 0)

const evm_op_info evm_op_table[256] = {
    OP(0x00, 0, 0, 0),  /* STOP */
    OP(0x01, 3, 2, 1),  OP(0x02, 5, 2, 1),  OP(0x03, 3, 2, 1),  OP(0x04, 5, 2, 1),
    OP(0x05, 5, 2, 1),  OP(0x06, 5, 2, 1),  OP(0x07, 5, 2, 1),  OP(0x08, 8, 3, 1),
    OP(0x09, 8, 3, 1),  OP(0x0a, 10, 2, 1), OP(0x0b, 5, 2, 1),
    OP(0x10, 3, 2, 1),  OP(0x11, 3, 2, 1),  OP(0x12, 3, 2, 1),  OP(0x13, 3, 2, 1),
    OP(0x14, 3, 2, 1),  OP(0x15, 3, 1, 1),  OP(0x16, 3, 2, 1),  OP(0x17, 3, 2, 1),
    OP(0x18, 3, 2, 1),  OP(0x19, 3, 1, 1),  OP(0x1a, 3, 2, 1),  OP(0x1b, 3, 2, 1),
    OP(0x1c, 3, 2, 1),  OP(0x1d, 3, 2, 1),
    OP(0x20, 30, 2, 1), /* KECCAK256 */
    OP(0x30, 2, 0, 1),  OP(0x31, GAS_WARM_ACCESS, 1, 1), OP(0x32, 2, 0, 1), OP(0x33, 2, 0, 1),
    OP(0x34, 2, 0, 1),  OP(0x35, 3, 1, 1),  OP(0x36, 2, 0, 1),  OP(0x37, 3, 3, 0),
    OP(0x38, 2, 0, 1),  OP(0x39, 3, 3, 0),  OP(0x3a, 2, 0, 1),  OP(0x3b, GAS_WARM_ACCESS, 1, 1),
    OP(0x3c, GAS_WARM_ACCESS, 4, 0), OP(0x3d, 2, 0, 1), OP(0x3e, 3, 3, 0), OP(0x3f, GAS_WARM_ACCESS, 1, 1),
    OP(0x40, 20, 1, 1), OP(0x41, 2, 0, 1),  OP(0x42, 2, 0, 1),  OP(0x43, 2, 0, 1),
    OP(0x44, 2, 0, 1),  OP(0x45, 2, 0, 1),  OP(0x46, 2, 0, 1),  OP(0x47, 5, 0, 1),
    OP(0x48, 2, 0, 1),  OP(0x49, 3, 1, 1),  OP(0x4a, 2, 0, 1),
    OP(0x50, 2, 1, 0),  OP(0x51, 3, 1, 1),  OP(0x52, 3, 2, 0),  OP(0x53, 3, 2, 0),
    OP(0x54, GAS_WARM_ACCESS, 1, 1), OP(0x55, 0, 2, 0), OP(0x56, 8, 1, 0), OP(0x57, 10, 2, 0),
    OP(0x58, 2, 0, 1),  OP(0x59, 2, 0, 1),  OP(0x5a, 2, 0, 1),  OP(0x5b, 1, 0, 0),
    OP(0x5c, 100, 1, 1), OP(0x5d, 100, 2, 0), OP(0x5e, 3, 3, 0), OP(0x5f, 2, 0, 1),
    PUSHES(1),  PUSHES(2),  PUSHES(3),  PUSHES(4),  PUSHES(5),  PUSHES(6),  PUSHES(7),  PUSHES(8),
    PUSHES(9),  PUSHES(10), PUSHES(11), PUSHES(12), PUSHES(13), PUSHES(14), PUSHES(15), PUSHES(16),
    PUSHES(17), PUSHES(18), PUSHES(19), PUSHES(20), PUSHES(21), PUSHES(22), PUSHES(23), PUSHES(24),
    PUSHES(25), PUSHES(26), PUSHES(27), PUSHES(28), PUSHES(29), PUSHES(30), PUSHES(31), PUSHES(32),
    DUPS(1),  DUPS(2),  DUPS(3),  DUPS(4),  DUPS(5),  DUPS(6),  DUPS(7),  DUPS(8),
    DUPS(9),  DUPS(10), DUPS(11), DUPS(12), DUPS(13), DUPS(14), DUPS(15), DUPS(16),
    SWAPS(1),  SWAPS(2),  SWAPS(3),  SWAPS(4),  SWAPS(5),  SWAPS(6),  SWAPS(7),  SWAPS(8),
    SWAPS(9),  SWAPS(10), SWAPS(11), SWAPS(12), SWAPS(13), SWAPS(14), SWAPS(15), SWAPS(16),
    LOGS(0), LOGS(1), LOGS(2), LOGS(3), LOGS(4),
    OP(0xf0, 32000, 3, 1), OP(0xf1, GAS_WARM_ACCESS, 7, 1), OP(0xf2, GAS_WARM_ACCESS, 7, 1),
    OP(0xf3, 0, 2, 0), OP(0xf4, GAS_WARM_ACCESS, 6, 1), OP(0xf5, 32000, 4, 1),
    OP(0xfa, GAS_WARM_ACCESS, 6, 1), OP(0xfd, 0, 2, 0), OP(0xff, 5000, 1, 0),
};

void evm_sstore_cost(rs_storage_status s, int64_t *gas, int64_t *refund) {
    switch (s) {
    case RS_STORAGE_ADDED: *gas = GAS_SSTORE_SET; *refund = 0; return;
    case RS_STORAGE_DELETED: *gas = GAS_SSTORE_RESET; *refund = GAS_SSTORE_CLEARS_REFUND; return;
    case RS_STORAGE_MODIFIED: *gas = GAS_SSTORE_RESET; *refund = 0; return;
    case RS_STORAGE_DELETED_ADDED: *gas = GAS_WARM_ACCESS; *refund = -GAS_SSTORE_CLEARS_REFUND; return;
    case RS_STORAGE_MODIFIED_DELETED: *gas = GAS_WARM_ACCESS; *refund = GAS_SSTORE_CLEARS_REFUND; return;
    case RS_STORAGE_DELETED_RESTORED:
        *gas = GAS_WARM_ACCESS;
        *refund = -GAS_SSTORE_CLEARS_REFUND + GAS_SSTORE_RESET - GAS_WARM_ACCESS;
        return;
    case RS_STORAGE_ADDED_DELETED: *gas = GAS_WARM_ACCESS; *refund = GAS_SSTORE_SET - GAS_WARM_ACCESS; return;
    case RS_STORAGE_MODIFIED_RESTORED: *gas = GAS_WARM_ACCESS; *refund = GAS_SSTORE_RESET - GAS_WARM_ACCESS; return;
    case RS_STORAGE_ASSIGNED:
    default: *gas = GAS_WARM_ACCESS; *refund = 0; return;
    }
}
