/* The contract surface: the native contracts' entry points and the dispatch
 * of a call frame's calldata to the protocol, with ABI decoding of arguments
 * and encoding of returns. Which code sits at an address is accounts.h; the
 * routing of a frame to its code (and the rollback on revert) is router.h. */
#ifndef RESTAKE_CONTRACTS_H
#define RESTAKE_CONTRACTS_H

#include "restake/abi.h"
#include "restake/accounts.h"
#include "restake/buf.h"
#include "restake/env.h"

/* A contract's handler for one function. `msg` is the call frame
 * (msg->recipient is the contract itself, msg->sender its caller); `args` is
 * the array of decoded parameters (args[i] is parameter i); write the
 * ABI-encoded return into `ret`. Return RS_OK / RS_REVERTED. */
typedef int (*rs_method_fn)(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret);

typedef struct {
    const char *sig;      /* canonical signature, e.g. "deposit(address,uint256)" */
    rs_method_fn fn;
    bool payable;         /* non-payable functions revert (empty) when value > 0 */
    /* filled on first use: */
    uint32_t selector;
    const abi_type *params;
} rs_method;

/* Dispatches calldata through a method table: selector lookup, strict ABI
 * decoding (failure → empty revert, as Solidity), payable check, call. An
 * unknown selector reverts with empty data unless `fallback` handles it. */
int rs_dispatch_table(rs_env *e, rs_method *table, size_t n, const rs_msg *msg, rs_buf *ret);

/* Each contract kind provides one entry point of this shape: it runs the
 * frame `msg` (the router has already moved msg->value and taken the
 * checkpoint it rolls back to on revert). */
typedef int (*rs_contract_fn)(rs_env *e, const rs_msg *msg, rs_buf *ret);

/* Entry points of each contract kind (rs_contract_fn shape), one per file in
 * src/contracts/. The router routes by the code kind stored at the address. */
int rs_contract_erc20(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_strategy_base(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_duration_vault(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_strategy_manager(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_strategy_factory(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_pauser_registry(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_permission_controller(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_delegation_manager(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_allocation_manager(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_allocation_manager_view(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_mock_avs_registrar(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_eigen_pod_manager(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_eigen_pod(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_rewards_coordinator(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_avs_directory(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_eth_pos_deposit(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_beacon_roots(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_withdrawal_requests(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_consolidation_requests(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_eigen(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_backing_eigen(rs_env *e, const rs_msg *msg, rs_buf *ret);
int rs_contract_emissions_controller(rs_env *e, const rs_msg *msg, rs_buf *ret);

#endif
