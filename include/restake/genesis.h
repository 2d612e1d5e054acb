/* The world before block one: parsed (from a conformance vector or a genesis
 * file) into this plain struct, then applied to a fresh state by every module
 * in turn. Modules read only what concerns them. */
#ifndef RESTAKE_GENESIS_H
#define RESTAKE_GENESIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/params.h"
#include "restake/state.h"
#include "restake/types.h"

typedef struct {
    rs_addr holder;
    u256 amount;
} rs_gen_balance;

typedef struct {
    rs_addr owner, spender;
    u256 amount;
} rs_gen_allowance;

typedef struct {
    rs_addr address;
    char name[64];
    char symbol[32];
    uint8_t decimals;
    bool mintable;
    rs_gen_balance *balances;
    size_t nbalances;
    rs_gen_allowance *allowances;
    size_t nallowances;
} rs_gen_token;

typedef struct {
    rs_addr address, token;
    bool whitelisted_for_deposit;
} rs_gen_strategy;

typedef struct {
    rs_addr address;
    u256 value;
} rs_gen_addr_u256;

typedef struct {
    rs_addr owner, pod;
} rs_gen_pod;

typedef struct {
    uint64_t timestamp;
    rs_b32 root;
} rs_gen_beacon_root;

/* An account → flag entry (allowedFrom, allowedTo, isMinter). */
typedef struct {
    rs_addr who;
    bool value;
} rs_gen_flag;

/* EIGEN or bEIGEN at genesis (genesis.eigenTokens): an OpenZeppelin 4.9
 * ERC20VotesUpgradeable with transfer restrictions. Internal supply = the
 * sum of `balances` (EIGEN's totalSupply() reports bEIGEN's). */
typedef struct {
    bool present;
    rs_addr owner;
    char name[64];
    char symbol[32];
    uint8_t decimals;
    u256 restrictions_disabled_after; /* transferRestrictionsDisabledAfter */
    rs_gen_balance *balances;
    size_t nbalances;
    rs_gen_flag *allowed_from, *allowed_to, *minters; /* minters: bEIGEN's isMinter */
    size_t nallowed_from, nallowed_to, nminters;
    rs_gen_balance *minting_allowance; /* EIGEN's mintingAllowance */
    size_t nminting_allowance;
    rs_gen_balance *mint_allowed_after; /* EIGEN's mintAllowedAfter */
    size_t nmint_allowed_after;
} rs_gen_eigen_token;

/* The EmissionsController's mutable state at genesis (its immutables are
 * in rs_params). No distributions exist at genesis. */
typedef struct {
    bool present;
    rs_addr owner, incentive_council;
    rs_addr token_proxy_admin; /* the tokens' ProxyAdmin (zero: not given) */
    rs_addr opaque[8]; /* implementations and proxy admins: code without a surface */
    size_t nopaque;
} rs_gen_emissions;

typedef struct {
    uint64_t block;       /* latest block before the first step */
    uint64_t timestamp;   /* its timestamp */
    rs_params params;

    /* roles */
    rs_addr owner;        /* owner of every Ownable core contract */
    rs_addr pausers[8];
    size_t npausers;
    rs_addr unpauser;
    rs_addr strategy_whitelister;
    rs_addr rewards_updater;
    rs_addr fee_recipient;
    rs_addr eigen_pod_manager_owner;
    rs_addr proof_timestamp_setter;
    rs_addr proxy_admin_owner;
    rs_addr rewards_for_all_submitters[8];
    size_t nrewards_for_all_submitters;

    rs_gen_token *tokens;
    size_t ntokens;
    rs_gen_strategy *strategies;
    size_t nstrategies;
    rs_gen_addr_u256 *paused;      /* contract/strategy address → paused bitmap */
    size_t npaused;
    rs_gen_addr_u256 *nonces;      /* account nonces (CREATE addresses) */
    size_t nnonces;
    rs_gen_addr_u256 *eth_balances;
    size_t neth_balances;
    rs_gen_pod *pods;              /* pre-existing EigenPods (owner → pod) */
    size_t npods;
    rs_gen_beacon_root *beacon_roots;
    size_t nbeacon_roots;
    /* EIGEN, bEIGEN and the EmissionsController (absent in older suites) */
    rs_gen_eigen_token eigen, beigen;
    rs_gen_emissions emissions;
} rs_genesis;

void rs_genesis_free(rs_genesis *g);

/* Applies g to an empty state: registers the code of every core contract at
 * its address, then calls each module's genesis hook below, in this order. */
void rs_genesis_apply(rs_state *st, const rs_genesis *g);

/* Module hooks (each defined by its module; a module not yet linked is skipped). */
void erc20_genesis(rs_state *st, const rs_genesis *g);
void pause_genesis(rs_state *st, const rs_genesis *g);
void pc_genesis(rs_state *st, const rs_genesis *g);
void sm_genesis(rs_state *st, const rs_genesis *g);
void sf_genesis(rs_state *st, const rs_genesis *g);
void dm_genesis(rs_state *st, const rs_genesis *g);
void am_genesis(rs_state *st, const rs_genesis *g);
void epm_genesis(rs_state *st, const rs_genesis *g);
void rc_genesis(rs_state *st, const rs_genesis *g);
void beacon_genesis(rs_state *st, const rs_genesis *g);
void avsd_genesis(rs_state *st, const rs_genesis *g);
void eigen_genesis(rs_state *st, const rs_genesis *g);     /* EIGEN, bEIGEN */
void emissions_genesis(rs_state *st, const rs_genesis *g); /* EmissionsController */
/* Frees what the genesis loader allocated for eigen, beigen and emissions. */
void rs_genesis_eigen_free(rs_genesis *g);
void chain_genesis(rs_state *st, const rs_genesis *g); /* ETH balances, nonces */

#endif
