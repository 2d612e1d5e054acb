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
void chain_genesis(rs_state *st, const rs_genesis *g); /* ETH balances, nonces */

#endif
