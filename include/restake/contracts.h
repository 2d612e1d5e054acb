/* The contract surface: which address is which contract, and dispatch of
 * (address, calldata) to the protocol with ABI decoding of arguments,
 * encoding of returns, and the EVM's all-or-nothing rollback on revert. */
#ifndef RESTAKE_CONTRACTS_H
#define RESTAKE_CONTRACTS_H

#include "restake/abi.h"
#include "restake/accounts.h"
#include "restake/buf.h"
#include "restake/env.h"

/* A contract's handler for one function. `args` is the array of decoded
 * parameters (args[i] is parameter i); write the ABI-encoded return into
 * `ret`. Return RS_OK / RS_REVERTED. */
typedef int (*rs_method_fn)(rs_env *e, rs_addr self, rs_addr sender, const abi_val *args, rs_buf *ret);

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
int rs_dispatch_table(rs_env *e, rs_method *table, size_t n, rs_addr self, rs_addr sender,
                      u256 value, const uint8_t *cd, size_t len, rs_buf *ret);

/* Each contract kind provides one entry point of this shape. */
typedef int (*rs_contract_fn)(rs_env *e, rs_addr self, rs_addr sender, u256 value,
                              const uint8_t *cd, size_t len, rs_buf *ret);

/* A call between contracts or from a transaction: looks up the code at `to`
 * and runs it; on revert, every state write and log since the call began is
 * undone and e->revert holds the revert data. Calls to accounts without code
 * succeed with empty return (and move `value`). */
int rs_call(rs_env *e, rs_addr from, rs_addr to, u256 value, const uint8_t *cd, size_t len, rs_buf *ret);

/* Entry points of each contract kind (rs_contract_fn shape), one per file in
 * src/contracts/. rs_call routes by the code kind stored at the address. */
int rs_contract_erc20(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_strategy_base(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_strategy_manager(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_strategy_factory(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_pauser_registry(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_permission_controller(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_delegation_manager(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_allocation_manager(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_allocation_manager_view(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_mock_avs_registrar(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_eigen_pod_manager(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_eigen_pod(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_rewards_coordinator(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_avs_directory(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_eth_pos_deposit(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_beacon_roots(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_withdrawal_requests(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);
int rs_contract_consolidation_requests(rs_env *, rs_addr, rs_addr, u256, const uint8_t *, size_t, rs_buf *);

#endif
