/* The methods a --locked node refuses: everything that acts as an account
 * without its key (impersonation, the unlocked dev accounts) or rewrites
 * state or history outside transactions. */
#include <stdbool.h>
#include <string.h>

#include "rpc/rpc.h"

static const char *const LOCKED[] = {
    "eth_sendTransaction",        "eth_sign",
    "eth_signTransaction",        "eth_signTypedData_v4",
    "personal_sign",              "anvil_impersonateAccount",
    "hardhat_impersonateAccount", "anvil_autoImpersonateAccount",
    "anvil_setBalance",           "hardhat_setBalance",
    "anvil_setNonce",             "hardhat_setNonce",
    "anvil_setCode",              "hardhat_setCode",
    "anvil_setStorageAt",         "hardhat_setStorageAt",
    "evm_revert",                 "anvil_revert",
    "anvil_reset",                "hardhat_reset",
    "anvil_loadState",            "restake_beaconSetBalance",
    "restake_beaconSlash",        "restake_beaconExit",
    "restake_setBeaconRoot",
};

bool rs_rpc_method_locked(const char *method) {
    for (size_t i = 0; i < sizeof LOCKED / sizeof LOCKED[0]; i++)
        if (!strcmp(LOCKED[i], method)) return true;
    return false;
}
