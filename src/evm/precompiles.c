/* Precompile dispatch: address -> (price, body), and the one rule every
 * precompile shares: charge first, then run; any failure consumes all gas
 * and returns nothing. */
#include "restake/precompiles.h"

#include <assert.h>
#include <string.h>

#include "evm/precompile_impl.h"

/* EIP-4844 point evaluation needs a KZG library: it is priced as the EIP
 * says and always fails (see precompiles.h). */
static uint64_t kzg_gas(const uint8_t *in, size_t len) {
    (void)in, (void)len;
    return 50000;
}
static bool kzg_unavailable(const uint8_t *in, size_t len, rs_buf *out) {
    (void)in, (void)len, (void)out;
    return false;
}

typedef struct {
    uint64_t (*gas)(const uint8_t *in, size_t len);
    bool (*run)(const uint8_t *in, size_t len, rs_buf *out);
} precompile;

#define PRECOMPILE_LAST 0x0a

static const precompile TABLE[PRECOMPILE_LAST + 1] = {
    [0x01] = {rs_pc_ecrecover_gas, rs_pc_ecrecover},   [0x02] = {rs_pc_sha256_gas, rs_pc_sha256},
    [0x03] = {rs_pc_ripemd160_gas, rs_pc_ripemd160},   [0x04] = {rs_pc_identity_gas, rs_pc_identity},
    [0x05] = {rs_pc_modexp_gas, rs_pc_modexp},         [0x06] = {rs_pc_ecadd_gas, rs_pc_ecadd},
    [0x07] = {rs_pc_ecmul_gas, rs_pc_ecmul},           [0x08] = {rs_pc_ecpairing_gas, rs_pc_ecpairing},
    [0x09] = {rs_pc_blake2f_gas, rs_pc_blake2f},       [0x0a] = {kzg_gas, kzg_unavailable},
};

bool rs_precompile_is(rs_addr a) {
    for (int i = 0; i < 19; i++) {
        if (a.b[i]) return false;
    }
    return a.b[19] >= 1 && a.b[19] <= PRECOMPILE_LAST;
}

void rs_pc_read_padded(const uint8_t *in, size_t len, uint64_t off, uint8_t *dst, size_t n) {
    memset(dst, 0, n);
    if (off >= len) return;
    size_t avail = len - (size_t)off;
    memcpy(dst, in + off, avail < n ? avail : n);
}

rs_evm_result rs_precompile_run(rs_addr a, const uint8_t *input, size_t len, int64_t gas, rs_buf *out) {
    assert(rs_precompile_is(a));
    assert(gas >= 0);
    assert(input != NULL || len == 0);
    rs_evm_result res = {.status = RS_EVM_SUCCESS, .gas_left = 0, .gas_refund = 0};
    rs_buf_reset(out);
    const precompile *pc = &TABLE[a.b[19]];
    uint64_t cost = pc->gas(input, len);
    if (cost > (uint64_t)gas) {
        res.status = RS_EVM_OUT_OF_GAS;
        return res;
    }
    if (!pc->run(input, len, out)) {
        rs_buf_reset(out);
        res.status = RS_EVM_PRECOMPILE_FAILURE;
        return res;
    }
    res.gas_left = gas - (int64_t)cost;
    assert(res.gas_left >= 0 && res.gas_left <= gas);
    return res;
}
