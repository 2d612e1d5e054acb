/* Placeholders for the interpreter and the precompiles until they land:
 * code runs as if it stopped at once, and no address is a precompile. */
#include "restake/evm.h"
#include "restake/precompiles.h"

rs_evm_result rs_evm_execute(rs_host *host, const rs_msg *msg, const uint8_t *code, size_t code_len,
                             const rs_b32 *code_hash, rs_buf *out) {
    (void)host, (void)code, (void)code_len, (void)code_hash, (void)out;
    return (rs_evm_result){.status = RS_EVM_SUCCESS, .gas_left = msg->gas};
}

const char *rs_evm_status_name(rs_evm_status s) { return s == RS_EVM_SUCCESS ? "success" : "failure"; }

bool rs_precompile_is(rs_addr a) {
    (void)a;
    return false;
}

rs_evm_result rs_precompile_run(rs_addr a, const uint8_t *input, size_t len, int64_t gas, rs_buf *out) {
    (void)a, (void)input, (void)len, (void)out;
    return (rs_evm_result){.status = RS_EVM_SUCCESS, .gas_left = gas};
}
