/* Accounts: what kind of code sits at an address, native ETH balances,
 * nonces and the CREATE address rule. Kept in the journaled state, so a
 * reverted call undoes them with everything else. */
#include <string.h>

#include "restake/accounts.h"
#include "restake/keccak.h"
#include "restake/namespaces.h"

/* Namespaces of the chain layer (RS_NS_CHAIN_BASE range). */
enum {
    NS_CHAIN_CODE = RS_NS_CHAIN_BASE + 1,    /* address → rs_code_kind */
    NS_CHAIN_BALANCE = RS_NS_CHAIN_BASE + 2, /* address → wei */
    NS_CHAIN_NONCE = RS_NS_CHAIN_BASE + 3,   /* address → account nonce */
};

/* ---- code registry ---- */

static rs_key addr_key(uint16_t ns, rs_addr a) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, a);
    return k;
}

rs_code_kind rs_code_get(const rs_state *st, rs_addr a) {
    rs_key k = addr_key(NS_CHAIN_CODE, a);
    uint64_t v = rs_sload_u64(st, &k);
    return v < RS_CODE__COUNT ? (rs_code_kind)v : RS_CODE_OPAQUE;
}

void rs_code_set(rs_state *st, rs_addr a, rs_code_kind kind) {
    rs_key k = addr_key(NS_CHAIN_CODE, a);
    rs_sstore_u64(st, &k, (uint64_t)kind);
}

const char *rs_code_name(rs_code_kind k) {
    static const char *const names[RS_CODE__COUNT] = {
        [RS_CODE_NONE] = "none",
        [RS_CODE_ERC20] = "ERC20",
        [RS_CODE_STRATEGY_BASE] = "StrategyBase",
        [RS_CODE_STRATEGY_MANAGER] = "StrategyManager",
        [RS_CODE_DELEGATION_MANAGER] = "DelegationManager",
        [RS_CODE_ALLOCATION_MANAGER] = "AllocationManager",
        [RS_CODE_ALLOCATION_MANAGER_VIEW] = "AllocationManagerView",
        [RS_CODE_PERMISSION_CONTROLLER] = "PermissionController",
        [RS_CODE_STRATEGY_FACTORY] = "StrategyFactory",
        [RS_CODE_PAUSER_REGISTRY] = "PauserRegistry",
        [RS_CODE_EIGEN_POD_MANAGER] = "EigenPodManager",
        [RS_CODE_EIGEN_POD] = "EigenPod",
        [RS_CODE_REWARDS_COORDINATOR] = "RewardsCoordinator",
        [RS_CODE_AVS_DIRECTORY] = "AVSDirectory",
        [RS_CODE_MOCK_AVS_REGISTRAR] = "MockAVSRegistrar",
        [RS_CODE_ETH_POS_DEPOSIT] = "ETHPOSDeposit",
        [RS_CODE_BEACON_ROOTS] = "BeaconRootsOracle",
        [RS_CODE_WITHDRAWAL_REQUESTS] = "WithdrawalRequestPredeploy",
        [RS_CODE_CONSOLIDATION_REQUESTS] = "ConsolidationRequestPredeploy",
        [RS_CODE_OPAQUE] = "opaque",
        [RS_CODE_EVM] = "EVM",
        [RS_CODE_DURATION_VAULT] = "DurationVaultStrategy",
        [RS_CODE_EIGEN] = "Eigen",
        [RS_CODE_BACKING_EIGEN] = "BackingEigen",
        [RS_CODE_EMISSIONS_CONTROLLER] = "EmissionsController",
    };
    return (unsigned)k < RS_CODE__COUNT && names[k] ? names[k] : "unknown";
}

/* ---- native ETH and nonces ---- */

u256 rs_eth_balance(const rs_state *st, rs_addr a) {
    rs_key k = addr_key(NS_CHAIN_BALANCE, a);
    return rs_sload(st, &k);
}

void rs_eth_set_balance(rs_state *st, rs_addr a, u256 v) {
    rs_key k = addr_key(NS_CHAIN_BALANCE, a);
    rs_sstore(st, &k, v);
}

bool rs_eth_transfer(rs_state *st, rs_addr from, rs_addr to, u256 amount) {
    u256 fb = rs_eth_balance(st, from);
    if (u256_lt(fb, amount)) return false;
    if (u256_is_zero(amount) || rs_addr_eq(from, to)) return true;
    rs_eth_set_balance(st, from, u256_sub_wrap(fb, amount));
    /* Total supply of wei is far below 2^256; wrapping cannot happen. */
    rs_eth_set_balance(st, to, u256_add_wrap(rs_eth_balance(st, to), amount));
    return true;
}

uint64_t rs_account_nonce(const rs_state *st, rs_addr a) {
    rs_key k = addr_key(NS_CHAIN_NONCE, a);
    return rs_sload_u64(st, &k);
}

void rs_account_set_nonce(rs_state *st, rs_addr a, uint64_t n) {
    rs_key k = addr_key(NS_CHAIN_NONCE, a);
    rs_sstore_u64(st, &k, n);
}

rs_addr rs_create_address(rs_addr sender, uint64_t nonce) {
    /* rlp([sender, nonce]) is always shorter than 56 bytes: a one-byte list header. */
    uint8_t buf[1 + 21 + 9];
    size_t n = 1;
    buf[n++] = 0x80 + 20;
    memcpy(buf + n, sender.b, 20);
    n += 20;
    if (nonce == 0) {
        buf[n++] = 0x80;
    } else if (nonce < 0x80) {
        buf[n++] = (uint8_t)nonce;
    } else {
        unsigned len = 0;
        for (uint64_t x = nonce; x; x >>= 8) len++;
        buf[n++] = (uint8_t)(0x80 + len);
        for (unsigned i = 0; i < len; i++) buf[n++] = (uint8_t)(nonce >> (8 * (len - 1 - i)));
    }
    buf[0] = (uint8_t)(0xc0 + (n - 1));
    uint8_t h[32];
    rs_keccak256(buf, n, h);
    rs_addr a;
    memcpy(a.b, h + 12, 20);
    return a;
}

