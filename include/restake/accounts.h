/* Accounts: the code registry (which kind of code sits at an address),
 * native ETH balances, nonces and the CREATE address rule. */
#ifndef RESTAKE_ACCOUNTS_H
#define RESTAKE_ACCOUNTS_H

#include "restake/state.h"
#include "restake/types.h"

typedef enum {
    RS_CODE_NONE = 0,            /* externally owned account */
    RS_CODE_ERC20,               /* OpenZeppelin 4.9 ERC20 (+ open mint when mintable) */
    RS_CODE_STRATEGY_BASE,
    RS_CODE_STRATEGY_MANAGER,
    RS_CODE_DELEGATION_MANAGER,
    RS_CODE_ALLOCATION_MANAGER,
    RS_CODE_ALLOCATION_MANAGER_VIEW,
    RS_CODE_PERMISSION_CONTROLLER,
    RS_CODE_STRATEGY_FACTORY,
    RS_CODE_PAUSER_REGISTRY,
    RS_CODE_EIGEN_POD_MANAGER,
    RS_CODE_EIGEN_POD,
    RS_CODE_REWARDS_COORDINATOR,
    RS_CODE_AVS_DIRECTORY,
    RS_CODE_MOCK_AVS_REGISTRAR,
    RS_CODE_ETH_POS_DEPOSIT,
    RS_CODE_BEACON_ROOTS,
    RS_CODE_WITHDRAWAL_REQUESTS,
    RS_CODE_CONSOLIDATION_REQUESTS,
    RS_CODE_OPAQUE,              /* code exists but has no callable surface (beacons, placeholders) */
    RS_CODE_EVM,                 /* EVM bytecode, run by the interpreter */
    RS_CODE_DURATION_VAULT,      /* DurationVaultStrategy: a StrategyBase that is its own operator */
    RS_CODE_EIGEN,               /* EIGEN (Eigen.sol) */
    RS_CODE_BACKING_EIGEN,       /* bEIGEN (BackingEigen.sol) */
    RS_CODE_EMISSIONS_CONTROLLER,
    RS_CODE__COUNT
} rs_code_kind;

rs_code_kind rs_code_get(const rs_state *st, rs_addr a);
void rs_code_set(rs_state *st, rs_addr a, rs_code_kind k);
const char *rs_code_name(rs_code_kind k);

/* Native ETH (wei) balances and account nonces, kept by the chain layer. */
u256 rs_eth_balance(const rs_state *st, rs_addr a);
void rs_eth_set_balance(rs_state *st, rs_addr a, u256 v);
/* Moves wei; false (nothing changed) when `from` has too little. */
bool rs_eth_transfer(rs_state *st, rs_addr from, rs_addr to, u256 amount);
uint64_t rs_account_nonce(const rs_state *st, rs_addr a);
void rs_account_set_nonce(rs_state *st, rs_addr a, uint64_t n);
/* CREATE address: keccak256(rlp([sender, nonce]))[12:]. */
rs_addr rs_create_address(rs_addr sender, uint64_t nonce);

#endif
