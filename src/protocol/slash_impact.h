/* What a slash would cost, exactly: the operator set's slasher's
 * slashOperator runs on the given state inside a journal checkpoint, every
 * affected quantity is read before and after, and the checkpoint is reverted,
 * so nothing persists. Every figure is read from the state the real
 * transaction would leave, so the answer is exact rather than re-derived.
 * The devnet's restake_slashImpact (src/rpc/rpc_risk.c) encodes it as JSON;
 * an embedder calls it directly. */
#ifndef RESTAKE_PROTOCOL_SLASH_IMPACT_H
#define RESTAKE_PROTOCOL_SLASH_IMPACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/env.h"

/* The slash to try: AllocationManager.slashOperator(avs, (operator, set_id,
 * strategies, wads, "restake_slashImpact")), and the stakers to report on. */
typedef struct {
    rs_addr operator_, avs;
    uint32_t set_id;
    rs_addr *strategies;
    size_t nstrategies;
    u256 *wads;
    size_t nwads;
    rs_addr *stakers;
    size_t nstakers;
} slash_impact_req;

typedef struct {
    u256 operator_shares_before, operator_shares_after; /* DelegationManager operatorShares */
    u256 slashed_shares;          /* what entered the escrow (burn or redistribution) */
    u256 slashed_underlying;      /* the same in underlying tokens, when has_slashed_underlying */
    bool has_slashed_underlying;  /* beacon-chain ETH and StrategyBase strategies only */
    rs_addr destination;          /* redistribution recipient, or the default burn address */
    bool redistributing;
} slash_impact_strategy;

typedef struct {
    u256 withdrawable_before, withdrawable_after; /* getWithdrawableShares */
    u256 underlying_lost;                         /* when has_underlying_lost */
    bool has_underlying_lost;
} slash_impact_holding;

typedef struct {
    rs_addr slasher;
    u256 slash_id;
    slash_impact_strategy *strategies; /* [nstrategies] */
    slash_impact_holding *holdings;    /* [staker * nstrategies + strategy] */
} slash_impact;

typedef enum {
    SLASH_IMPACT_OK = 0,
    SLASH_IMPACT_UNKNOWN_SET,       /* (avs, set_id) is not an operator set */
    SLASH_IMPACT_NO_SLASHER,        /* the set has no slasher */
    SLASH_IMPACT_SLASH_REVERTED,    /* slashOperator reverted: e->revert holds its data */
    SLASH_IMPACT_VIEW_REVERTED_BEFORE, /* getWithdrawableShares reverted before the slash */
    SLASH_IMPACT_VIEW_REVERTED_AFTER,  /* ... or after it */
} slash_impact_status;

/* Computes the impact on e's state (which it leaves as it found it). On
 * SLASH_IMPACT_OK *out holds the figures (slash_impact_free releases them);
 * the slasher is filled for every status after SLASH_IMPACT_NO_SLASHER. */
slash_impact_status slash_impact_compute(rs_env *e, const slash_impact_req *q, slash_impact *out);
void slash_impact_free(slash_impact *out);

#endif
