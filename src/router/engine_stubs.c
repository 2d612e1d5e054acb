/* Placeholder for the precompiles until they land: no address is a
 * precompile. */
#include "restake/precompiles.h"

bool rs_precompile_is(rs_addr a) {
    (void)a;
    return false;
}

rs_evm_result rs_precompile_run(rs_addr a, const uint8_t *input, size_t len, int64_t gas, rs_buf *out) {
    (void)a, (void)input, (void)len, (void)out;
    return (rs_evm_result){.status = RS_EVM_SUCCESS, .gas_left = gas};
}
