/* Names of frame outcomes, for diagnostics and the state-test runner. */
#include "restake/evm.h"

const char *rs_evm_status_name(rs_evm_status s) {
    switch (s) {
    case RS_EVM_SUCCESS: return "success";
    case RS_EVM_REVERT: return "revert";
    case RS_EVM_OUT_OF_GAS: return "out of gas";
    case RS_EVM_INVALID_INSTRUCTION: return "invalid instruction";
    case RS_EVM_STACK_UNDERFLOW: return "stack underflow";
    case RS_EVM_STACK_OVERFLOW: return "stack overflow";
    case RS_EVM_BAD_JUMP_DESTINATION: return "bad jump destination";
    case RS_EVM_INVALID_MEMORY_ACCESS: return "invalid memory access";
    case RS_EVM_STATIC_MODE_VIOLATION: return "static mode violation";
    case RS_EVM_CALL_DEPTH_EXCEEDED: return "call depth exceeded";
    case RS_EVM_INSUFFICIENT_BALANCE: return "insufficient balance";
    case RS_EVM_CONTRACT_VALIDATION_FAILURE: return "contract validation failure";
    case RS_EVM_ARGUMENT_OUT_OF_RANGE: return "argument out of range";
    case RS_EVM_PRECOMPILE_FAILURE: return "precompile failure";
    case RS_EVM_FAILURE: return "failure";
    }
    return "unknown";
}
