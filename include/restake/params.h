/* Genesis parameters: what is fixed when the protocol is deployed — contract
 * addresses, immutables and constants. Mutable roles (owner, pausers,
 * whitelister, rewards updater, ...) live in the state, not here. */
#ifndef RESTAKE_PARAMS_H
#define RESTAKE_PARAMS_H

#include <stdint.h>

#include "restake/types.h"

typedef struct {
    uint64_t chain_id;
    uint64_t block_time_seconds;
    char version[64]; /* what every contract's version() returns */

    /* core contract addresses */
    rs_addr delegation_manager, strategy_manager, allocation_manager, allocation_manager_view;
    rs_addr permission_controller, strategy_factory, eigen_pod_manager, rewards_coordinator;
    rs_addr avs_directory, pauser_registry, strategy_beacon, eigen_pod_beacon;
    rs_addr duration_vault_beacon, mock_avs_registrar, proxy_admin, emissions_controller;
    rs_addr impl_strategy_base, impl_eigen_pod;
    rs_addr impl_duration_vault; /* the DurationVaultBeacon's implementation (opaque code) */
    /* system contracts (native modules) */
    rs_addr eth_pos_deposit, beacon_roots, withdrawal_request_predeploy, consolidation_request_predeploy;

    /* DelegationManager / AllocationManager */
    uint32_t min_withdrawal_delay_blocks;
    uint32_t deallocation_delay;
    uint32_t allocation_configuration_delay;
    uint32_t slasher_configuration_delay;
    /* StrategyManager / StrategyBase */
    u256 strategy_shares_offset;  /* 1e3 virtual shares */
    u256 strategy_balance_offset; /* 1e3 virtual balance */
    u256 strategy_max_total_shares;
    uint32_t max_staker_strategy_list_length;
    rs_addr default_burn_address;
    rs_addr beacon_chain_eth_strategy;
    rs_addr eigen_strategy; /* may not join redistributing sets */

    /* RewardsCoordinator */
    uint32_t calculation_interval_seconds;
    uint32_t max_rewards_duration;
    uint32_t max_retroactive_length;
    uint32_t max_future_length;
    uint32_t genesis_rewards_timestamp;
    uint32_t rewards_activation_delay;
    uint16_t rewards_default_split_bips;
    u256 max_rewards_amount;
    uint16_t protocol_fee_bips;

    /* EigenPods / beacon chain */
    uint64_t pectra_fork_timestamp;
    rs_b32 pod_proxy_init_code_hash;
    uint64_t beacon_roots_history_buffer_length;

    /* EIGEN / bEIGEN (zero: not deployed) and the EmissionsController's
     * immutables (it sits at emissions_controller) */
    rs_addr eigen, backing_eigen;
    char eigen_version[64]; /* Eigen's version() */
    u256 emissions_inflation_rate;
    u256 emissions_start_time;
    u256 emissions_epoch_length;
    u256 emissions_max_total_weight; /* MAX_TOTAL_WEIGHT, a constant of the contract: 10000 */
} rs_params;

/* Mainnet-like defaults for every constant (addresses zero). */
void rs_params_defaults(rs_params *p);

#endif
