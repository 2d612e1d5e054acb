/* The ABI shape of IDurationVaultStrategyTypes.VaultConfig, shared by
 * StrategyFactory.deployDurationVaultStrategy and the vault's initialize. */
#ifndef RESTAKE_CONTRACTS_VAULT_CONFIG_H
#define RESTAKE_CONTRACTS_VAULT_CONFIG_H

#include "protocol/duration_vault.h"
#include "restake/abi.h"

/* (underlyingToken, vaultAdmin, arbitrator, duration, maxPerDeposit, stakeCap,
 *  metadataURI, operatorSet, operatorSetRegistrationData, delegationApprover,
 *  operatorMetadataURI) */
#define DV_CONFIG_TYPE "(address,address,address,uint32,uint256,uint256,string,(address,uint32),bytes,address,string)"

/* A decoded VaultConfig tuple into c (byte strings point into v). */
void dv_config_from_abi(const abi_val *v, dv_config *c);

#endif
