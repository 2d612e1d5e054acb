/* The devnet's start-up listing of every address a client needs: the core
 * contracts (proxies), the genesis AVS registrar, the Ethereum predeploys
 * the protocol calls, and every token with its strategy. */
#include "cli/devnet_banner.h"
#include "restake/hex.h"

#include <stdio.h>
#include <string.h>

static void line(const char *name, rs_addr a) {
    char s[43];
    rs_addr_to_checksum(a, s);
    printf("%-31s %s\n", name, s);
}

static const char *symbol_of(const rs_genesis *g, rs_addr token) {
    for (size_t i = 0; i < g->ntokens; i++)
        if (rs_addr_eq(g->tokens[i].address, token)) return g->tokens[i].symbol;
    return "?";
}

void rs_devnet_print_addresses(const rs_node *n) {
    const rs_params *p = &n->params;
    printf("Core contracts\n==================\n\n");
    line("DelegationManager:", p->delegation_manager);
    line("StrategyManager:", p->strategy_manager);
    line("AllocationManager:", p->allocation_manager);
    line("AllocationManagerView:", p->allocation_manager_view);
    line("PermissionController:", p->permission_controller);
    line("StrategyFactory:", p->strategy_factory);
    line("EigenPodManager:", p->eigen_pod_manager);
    line("RewardsCoordinator:", p->rewards_coordinator);
    line("AVSDirectory:", p->avs_directory);
    line("PauserRegistry:", p->pauser_registry);
    line("StrategyBeacon:", p->strategy_beacon);
    line("EigenPodBeacon:", p->eigen_pod_beacon);
    line("DurationVaultBeacon:", p->duration_vault_beacon);
    line("ProxyAdmin:", p->proxy_admin);
    line("MockAVSRegistrar:", p->mock_avs_registrar);
    const rs_genesis *gen = &n->genesis;
    if (gen->emissions.present) {
        line("EmissionsController:", p->emissions_controller);
        line("EIGEN:", p->eigen);
        line("bEIGEN:", p->backing_eigen);
        if (!rs_addr_is_zero(gen->emissions.token_proxy_admin)) line("TokenProxyAdmin:", gen->emissions.token_proxy_admin);
    }
    printf("\nPredeploys\n==================\n\n");
    line("ETHPOSDeposit:", p->eth_pos_deposit);
    line("BeaconRootsOracle:", p->beacon_roots);
    line("WithdrawalRequestPredeploy:", p->withdrawal_request_predeploy);
    line("ConsolidationRequestPredeploy:", p->consolidation_request_predeploy);
    printf("\nTokens and strategies\n==================\n\n");
    const rs_genesis *g = &n->genesis;
    for (size_t i = 0; i < g->ntokens; i++) {
        char name[48];
        snprintf(name, sizeof name, "token %s:", g->tokens[i].symbol);
        line(name, g->tokens[i].address);
    }
    for (size_t i = 0; i < g->nstrategies; i++) {
        char name[48];
        snprintf(name, sizeof name, "strategy %s:", symbol_of(g, g->strategies[i].token));
        line(name, g->strategies[i].address);
    }
    line("beacon chain ETH strategy:", p->beacon_chain_eth_strategy);
    printf("\n");
}
