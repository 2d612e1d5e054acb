/* Precompile fuzzer. The first byte picks the precompile (1..10), the next
 * eight the gas; the rest is the input. Whatever the input, a call returns
 * gas_left within [0, gas], an empty output on failure, and for the fixed-
 * size outputs exactly their size on success. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "restake/precompiles.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 9) return 0;
    rs_addr a = RS_ADDR_ZERO;
    a.b[19] = (uint8_t)(1 + data[0] % 10);
    uint64_t g = 0;
    for (int i = 1; i < 9; i++) g = g << 8 | data[i];
    /* a block's worth of gas, less for modexp and blake2f: their prices
     * allow seconds of work at 10^7 (a one-word modulus with a 3*gas-bit
     * exponent; one blake2f round per gas) */
    bool cheap_per_gas = a.b[19] == 5 || a.b[19] == 9;
    int64_t gas = (int64_t)(g % (cheap_per_gas ? 1000000u : 10000000u));
    const uint8_t *in = data + 9;
    size_t len = size - 9;
    if (!rs_precompile_is(a)) abort();
    rs_buf out;
    rs_buf_init(&out);
    rs_evm_result r = rs_precompile_run(a, in, len, gas, &out);
    if (r.gas_left < 0 || r.gas_left > gas) abort();
    if (r.status != RS_EVM_SUCCESS) {
        if (r.gas_left != 0 || out.len != 0) abort();
        if (r.status != RS_EVM_OUT_OF_GAS && r.status != RS_EVM_PRECOMPILE_FAILURE) abort();
    } else {
        switch (a.b[19]) {
        case 1: if (out.len != 0 && out.len != 32) abort(); break;
        case 2: case 3: case 8: if (out.len != 32) abort(); break;
        case 4: if (out.len != len || (len && memcmp(out.p, in, len) != 0)) abort(); break;
        case 6: case 7: case 9: if (out.len != 64) abort(); break;
        case 10: abort(); /* point evaluation always fails */
        default: break;
        }
    }
    rs_buf_free(&out);
    return 0;
}
