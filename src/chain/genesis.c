/* Genesis: the code registry of every deployed contract, then each module's
 * own genesis hook, then ETH balances and account nonces. */
#include <stdlib.h>
#include <string.h>

#include "restake/contracts.h"
#include "restake/genesis.h"
#include "restake/hex.h"

void rs_params_defaults(rs_params *p) {
    memset(p, 0, sizeof *p);
    p->chain_id = 1;
    p->block_time_seconds = 12;
    strcpy(p->version, "1.9.0");
    p->min_withdrawal_delay_blocks = 100800; /* 14 days of 12 s blocks */
    p->deallocation_delay = 100800;
    p->allocation_configuration_delay = 126000; /* 17.5 days */
    p->slasher_configuration_delay = 126000;
    p->strategy_shares_offset = u256_from_u64(1000);
    p->strategy_balance_offset = u256_from_u64(1000);
    /* 1e38 - 1 */
    rs_cannot_fail(u256_from_dec(&p->strategy_max_total_shares, "99999999999999999999999999999999999999", 38));
    p->max_staker_strategy_list_length = 32;
    rs_cannot_fail(rs_addr_from_hex(&p->default_burn_address, "0x00000000000000000000000000000000000E16E4"));
    rs_cannot_fail(rs_addr_from_hex(&p->beacon_chain_eth_strategy, "0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0"));
    p->calculation_interval_seconds = 86400;
    p->max_rewards_duration = 6048000;
    p->max_retroactive_length = 7776000;
    p->max_future_length = 2592000;
    p->genesis_rewards_timestamp = 1710979200;
    p->rewards_activation_delay = 7200;
    p->rewards_default_split_bips = 1000;
    p->max_rewards_amount = p->strategy_max_total_shares;
    p->protocol_fee_bips = 2000;
    p->beacon_roots_history_buffer_length = 8191;
    rs_cannot_fail(rs_addr_from_hex(&p->eth_pos_deposit, "0x00000000219ab540356cBB839Cbe05303d7705Fa"));
    rs_cannot_fail(rs_addr_from_hex(&p->beacon_roots, "0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02"));
    rs_cannot_fail(rs_addr_from_hex(&p->withdrawal_request_predeploy, "0x00000961Ef480Eb55e80D19ad83579A64c007002"));
    rs_cannot_fail(rs_addr_from_hex(&p->consolidation_request_predeploy, "0x0000BBdDc7CE488642fb579F8B00f3a590007251"));
    p->emissions_max_total_weight = u256_from_u64(10000);
}

void rs_genesis_free(rs_genesis *g) {
    if (!g) return;
    for (size_t i = 0; i < g->ntokens; i++) {
        free(g->tokens[i].balances);
        free(g->tokens[i].allowances);
    }
    free(g->tokens);
    free(g->strategies);
    free(g->paused);
    free(g->nonces);
    free(g->eth_balances);
    free(g->pods);
    free(g->beacon_roots);
    rs_genesis_eigen_free(g);
    memset(g, 0, sizeof *g);
}

/* A zero address means "not deployed in this world": it gets no code. */
static void set_code(rs_state *st, rs_addr a, rs_code_kind k) {
    if (!rs_addr_is_zero(a)) rs_code_set(st, a, k);
}

static void register_code(rs_state *st, const rs_genesis *g) {
    const rs_params *p = &g->params;
    set_code(st, p->delegation_manager, RS_CODE_DELEGATION_MANAGER);
    set_code(st, p->strategy_manager, RS_CODE_STRATEGY_MANAGER);
    set_code(st, p->allocation_manager, RS_CODE_ALLOCATION_MANAGER);
    set_code(st, p->allocation_manager_view, RS_CODE_ALLOCATION_MANAGER_VIEW);
    set_code(st, p->permission_controller, RS_CODE_PERMISSION_CONTROLLER);
    set_code(st, p->strategy_factory, RS_CODE_STRATEGY_FACTORY);
    set_code(st, p->eigen_pod_manager, RS_CODE_EIGEN_POD_MANAGER);
    set_code(st, p->rewards_coordinator, RS_CODE_REWARDS_COORDINATOR);
    set_code(st, p->avs_directory, RS_CODE_AVS_DIRECTORY);
    set_code(st, p->pauser_registry, RS_CODE_PAUSER_REGISTRY);
    set_code(st, p->mock_avs_registrar, RS_CODE_MOCK_AVS_REGISTRAR);
    set_code(st, p->eth_pos_deposit, RS_CODE_ETH_POS_DEPOSIT);
    set_code(st, p->beacon_roots, RS_CODE_BEACON_ROOTS);
    set_code(st, p->withdrawal_request_predeploy, RS_CODE_WITHDRAWAL_REQUESTS);
    set_code(st, p->consolidation_request_predeploy, RS_CODE_CONSOLIDATION_REQUESTS);
    /* Code without a callable surface of ours: beacons, proxy admin,
     * implementations, placeholders. Calls to them revert; they are not EOAs. */
    const rs_addr opaque[] = {p->strategy_beacon, p->eigen_pod_beacon, p->duration_vault_beacon,
                              p->proxy_admin, p->emissions_controller, p->impl_strategy_base,
                              p->impl_eigen_pod, p->eigen_strategy, p->impl_duration_vault};
    for (size_t i = 0; i < sizeof opaque / sizeof opaque[0]; i++)
        if (!rs_addr_is_zero(opaque[i]) && rs_code_get(st, opaque[i]) == RS_CODE_NONE)
            rs_code_set(st, opaque[i], RS_CODE_OPAQUE);
    for (size_t i = 0; i < g->ntokens; i++) set_code(st, g->tokens[i].address, RS_CODE_ERC20);
    for (size_t i = 0; i < g->nstrategies; i++) set_code(st, g->strategies[i].address, RS_CODE_STRATEGY_BASE);
}

void chain_genesis(rs_state *st, const rs_genesis *g) {
    for (size_t i = 0; i < g->neth_balances; i++)
        rs_eth_set_balance(st, g->eth_balances[i].address, g->eth_balances[i].value);
    for (size_t i = 0; i < g->nnonces; i++)
        rs_account_set_nonce(st, g->nonces[i].address, g->nonces[i].value.w[0]);
}

void rs_genesis_apply(rs_state *st, const rs_genesis *g) {
    register_code(st, g);
    void (*const hooks[])(rs_state *, const rs_genesis *) = {
        erc20_genesis, pause_genesis, pc_genesis, sm_genesis, sf_genesis,
        dm_genesis,    am_genesis,    epm_genesis, rc_genesis, beacon_genesis, avsd_genesis,
        eigen_genesis, emissions_genesis,
    };
    for (size_t i = 0; i < sizeof hooks / sizeof hooks[0]; i++) hooks[i](st, g);
    chain_genesis(st, g);
    rs_state_commit(st);
}
