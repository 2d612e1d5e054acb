/* State namespaces: the first two bytes of every rs_key. Each module owns one
 * 256-value range and defines its own namespaces inside it (in its own header)
 * as RS_NS_<MODULE>_BASE + n. Ranges never overlap, so modules cannot collide. */
#ifndef RESTAKE_NAMESPACES_H
#define RESTAKE_NAMESPACES_H

enum {
    RS_NS_CHAIN_BASE = 0x0100,       /* code registry, ETH balances, account nonces */
    RS_NS_ERC20_BASE = 0x0200,       /* token balances, allowances, supply, metadata */
    RS_NS_SM_BASE = 0x0300,          /* StrategyManager */
    RS_NS_STRATEGY_BASE = 0x0400,    /* StrategyBase instances */
    RS_NS_FACTORY_BASE = 0x0500,     /* StrategyFactory */
    RS_NS_DM_BASE = 0x0600,          /* DelegationManager */
    RS_NS_AM_BASE = 0x0700,          /* AllocationManager */
    RS_NS_PC_BASE = 0x0800,          /* PermissionController */
    RS_NS_PAUSE_BASE = 0x0900,       /* PauserRegistry + every Pausable's bitmap */
    RS_NS_EPM_BASE = 0x0a00,         /* EigenPodManager */
    RS_NS_POD_BASE = 0x0b00,         /* EigenPod instances */
    RS_NS_RC_BASE = 0x0c00,          /* RewardsCoordinator */
    RS_NS_AVSD_BASE = 0x0d00,        /* AVSDirectory */
    RS_NS_BEACON_BASE = 0x0e00,      /* beacon roots (EIP-4788), deposit contract, request predeploys */
    RS_NS_NODE_BASE = 0x0f00,        /* node bookkeeping that must survive replay */
    RS_NS_EVM_BASE = 0x1000,         /* EVM accounts: code by hash, storage, existence; per-tx sets */
    RS_NS_GUARD_BASE = 0x1100,       /* OpenZeppelin ReentrancyGuard status of each guarded contract */
    RS_NS_EIGEN_TOKEN_BASE = 0x1800, /* EIGEN and bEIGEN */
    RS_NS_EMISSIONS_BASE = 0x1900,   /* EmissionsController */
};

#endif
