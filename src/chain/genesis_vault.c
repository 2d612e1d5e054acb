/* genesis.durationVaultBeacon: the beacon every duration vault proxies to and
 * its implementation's immutables. The native vault calls the core
 * contracts of this world directly, so the immutables must name them. */
#include <stddef.h>
#include <string.h>

#include "chain/genesis_json.h"

static void check_immutables(rs_json_reader *c, json_t *imm) {
    const rs_params *p = &c->genesis->params;
    static const struct {
        const char *key, *contract;
        size_t off;
    } want[] = {
        {"strategyManager", "StrategyManager", offsetof(rs_params, strategy_manager)},
        {"pauserRegistry", "PauserRegistry", offsetof(rs_params, pauser_registry)},
        {"delegationManager", "DelegationManager", offsetof(rs_params, delegation_manager)},
        {"allocationManager", "AllocationManager", offsetof(rs_params, allocation_manager)},
        {"rewardsCoordinator", "RewardsCoordinator", offsetof(rs_params, rewards_coordinator)},
        {"strategyFactory", "StrategyFactory", offsetof(rs_params, strategy_factory)},
    };
    size_t old = rs_jr_where_push(c, "implementationImmutables");
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        json_t *x = rs_jr_get(c, imm, want[i].key, false);
        if (!x) continue;
        rs_addr got = rs_jr_as_addr(c, x, want[i].key), core;
        memcpy(&core, (const char *)p + want[i].off, sizeof core);
        if (!rs_addr_eq(got, core))
            rs_jr_failf(c, want[i].key, "not the %s of genesis.contracts (vaults use the core contracts)",
                        want[i].contract);
    }
    rs_jr_where_pop(c, old);
}

void rs_jr_duration_vault_beacon(rs_json_reader *c, json_t *g) {
    json_t *b = rs_jr_get_object(c, g, "durationVaultBeacon", false);
    if (!b) return;
    size_t old = rs_jr_where_push(c, "durationVaultBeacon");
    rs_params *p = &c->genesis->params;
    json_t *x;
    if ((x = rs_jr_get(c, b, "address", false))) {
        rs_addr a = rs_jr_as_addr(c, x, "address");
        if (!rs_addr_is_zero(p->duration_vault_beacon) && !rs_addr_eq(a, p->duration_vault_beacon))
            rs_jr_failf(c, "address", "not the DurationVaultBeacon of genesis.contracts");
        p->duration_vault_beacon = a;
    }
    if ((x = rs_jr_get(c, b, "implementation", false)))
        p->impl_duration_vault = rs_jr_as_addr(c, x, "implementation");
    json_t *imm = rs_jr_get_object(c, b, "implementationImmutables", false);
    if (imm) check_immutables(c, imm);
    json_t *vaults = rs_jr_get_object(c, b, "vaultsByToken", false);
    if (vaults && json_object_size(vaults) != 0)
        rs_jr_failf(c, "vaultsByToken", "vaults at genesis are not supported: deploy them with a step");
    rs_jr_where_pop(c, old);
}
