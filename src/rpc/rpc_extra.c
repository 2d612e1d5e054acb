/* The table of rpc_extra.h's methods. */
#include "rpc/rpc_extra.h"

#include <string.h>

static const struct {
    const char *name;
    rs_rpc_extra_fn fn;
} EXTRA[] = {
    {"txpool_status", rs_rpc_txpool_status},
    {"txpool_content", rs_rpc_txpool_content},
    {"txpool_inspect", rs_rpc_txpool_inspect},
    {"anvil_dropTransaction", rs_rpc_drop_transaction},
    {"anvil_dropAllTransactions", rs_rpc_drop_all_transactions},
    {"eth_sign", rs_rpc_eth_sign},
    {"personal_sign", rs_rpc_personal_sign},
    {"eth_signTypedData_v4", rs_rpc_sign_typed_data},
    {"eth_signTypedData", rs_rpc_sign_typed_data},
    {"eth_signTransaction", rs_rpc_sign_transaction},
    {"eth_sendUnsignedTransaction", rs_rpc_send_unsigned},
    {"anvil_autoImpersonateAccount", rs_rpc_auto_impersonate},
    {"hardhat_autoImpersonateAccount", rs_rpc_auto_impersonate},
    {"evm_setAutomine", rs_rpc_set_automine},
    {"anvil_setAutomine", rs_rpc_set_automine},
    {"anvil_getAutomine", rs_rpc_get_automine},
    {"anvil_setBlockTimestampInterval", rs_rpc_set_ts_interval},
    {"anvil_removeBlockTimestampInterval", rs_rpc_remove_ts_interval},
    {"anvil_setTime", rs_rpc_set_time},
    {"evm_setTime", rs_rpc_set_time},
    {"anvil_nodeInfo", rs_rpc_node_info},
    {"evm_setIntervalMining", rs_rpc_set_interval_mining},
    {"anvil_setIntervalMining", rs_rpc_set_interval_mining},
    {"hardhat_getAutomine", rs_rpc_get_automine},
    {"debug_traceTransaction", rs_rpc_trace_transaction},
    {"debug_traceCall", rs_rpc_trace_call},
    {"debug_traceBlockByNumber", rs_rpc_trace_block_by_number},
    {"debug_traceBlockByHash", rs_rpc_trace_block_by_hash},
    {"evm_setBlockGasLimit", rs_rpc_set_block_gas_limit},
    {"anvil_setNextBlockBaseFeePerGas", rs_rpc_set_next_base_fee},
    {"hardhat_setNextBlockBaseFeePerGas", rs_rpc_set_next_base_fee},
    {"anvil_setMinGasPrice", rs_rpc_set_min_gas_price},
    {"hardhat_setMinGasPrice", rs_rpc_set_min_gas_price},
    {"anvil_setCoinbase", rs_rpc_set_coinbase},
    {"hardhat_setCoinbase", rs_rpc_set_coinbase},
    {"anvil_reset", rs_rpc_reset},
    {"hardhat_reset", rs_rpc_reset},
    {"anvil_setLoggingEnabled", rs_rpc_set_logging_enabled},
    {"hardhat_setLoggingEnabled", rs_rpc_set_logging_enabled},
    {"anvil_setRpcUrl", rs_rpc_set_rpc_url},
    {"eth_createAccessList", rs_rpc_create_access_list},
    {"eth_fillTransaction", rs_rpc_fill_transaction},
    {"eth_getProof", rs_rpc_get_proof},
    {"anvil_dumpState", rs_rpc_dump_state},
    {"anvil_loadState", rs_rpc_load_state},
};

rs_rpc_extra_fn rs_rpc_extra_find(const char *method) {
    for (size_t i = 0; i < sizeof EXTRA / sizeof EXTRA[0]; i++)
        if (!strcmp(EXTRA[i].name, method)) return EXTRA[i].fn;
    return NULL;
}
