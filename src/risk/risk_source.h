/* Where the risk engine reads the protocol (docs/risk.md): one canonical
 * view or enumeration per entry, at the semantic level of the core
 * contracts' views, so the same engine runs on a state in this process
 * (risk_state.c) or on any endpoint through eth_call and eth_getLogs
 * (src/cli/risk_rpc_source.c). Every entry returns 0, or -1 with a one-line
 * reason in src->err. Arrays returned through pointers are malloc'd; the
 * engine frees them. */
#ifndef RESTAKE_RISK_SOURCE_H
#define RESTAKE_RISK_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/types.h"
#include "restake/u256.h"

typedef struct {
    rs_addr avs;
    uint32_t id;
} rk_set;

/* AllocationManager.getAllocation: the allocation as of the read block, with
 * the pending change (pendingDiff as sign and magnitude) and its effect block. */
typedef struct {
    uint64_t current;
    bool diff_negative;
    uint64_t diff_abs;
    uint32_t effect_block;
} rk_alloc;

/* A staker's holdings: DelegationManager.getDepositedShares (strategies and
 * deposit shares), getWithdrawableShares, depositScalingFactor per strategy
 * and EigenPodManager.beaconChainSlashingFactor. */
typedef struct {
    rs_addr operator_; /* delegatedTo (zero when not delegated) */
    size_t n;
    rs_addr *strategies;
    u256 *deposit, *withdrawable, *dsf;
    uint64_t bcsf;
} rk_holdings;

typedef struct {
    bool exists, redistributing;
    rs_addr recipient, slasher, pending_slasher;
    uint32_t slasher_effect_block; /* 0 when no slasher change is pending */
} rk_set_info;

typedef struct {
    bool is_set;
    uint32_t delay;
    bool has_pending; /* a delay change that takes effect after the read block */
    uint32_t pending_delay, pending_effect_block;
} rk_delay;

typedef struct rk_source rk_source;
struct rk_source {
    void *ctx;
    const char *name; /* the report's "source": "node" or "rpc" */
    char err[256];
    /* the block (number, timestamp) every figure is read at */
    int (*head)(rk_source *s, uint64_t *block, uint64_t *timestamp);
    /* DelegationManager.minWithdrawalDelayBlocks, beaconChainETHStrategy */
    int (*constants)(rk_source *s, uint32_t *min_withdrawal_delay, rs_addr *beacon_strategy);
    int (*holdings)(rk_source *s, rs_addr staker, rk_holdings *out);
    /* DelegationManager.operatorShares and getSlashableSharesInQueue */
    int (*operator_shares)(rk_source *s, rs_addr op, rs_addr strategy, u256 *shares, u256 *queued);
    int (*max_magnitude)(rk_source *s, rs_addr op, rs_addr strategy, uint64_t *out);
    int (*allocated_sets)(rk_source *s, rs_addr op, rk_set **sets, size_t *n);
    int (*registered_sets)(rk_source *s, rs_addr op, rk_set **sets, size_t *n);
    int (*allocated_strategies)(rk_source *s, rs_addr op, rk_set set, rs_addr **strategies, size_t *n);
    int (*allocation)(rk_source *s, rs_addr op, rk_set set, rs_addr strategy, rk_alloc *out);
    /* isMemberOfOperatorSet, isOperatorSlashable */
    int (*membership)(rk_source *s, rs_addr op, rk_set set, bool *registered, bool *slashable);
    int (*allocation_delay)(rk_source *s, rs_addr op, rk_delay *out);
    int (*redistributable)(rk_source *s, rs_addr op, bool *out); /* isOperatorRedistributable */
    int (*set_info)(rk_source *s, rk_set set, rk_set_info *out);
    int (*members)(rk_source *s, rk_set set, rs_addr **ops, size_t *n);
    int (*set_strategies)(rk_source *s, rk_set set, rs_addr **strategies, size_t *n);
    /* AllocationManager.getMinimumSlashableStake for one operator and strategy */
    int (*min_slashable)(rk_source *s, rk_set set, rs_addr op, rs_addr strategy, uint32_t block, u256 *out);
    /* the underlying token (has = false for beacon-chain ETH) and its decimals */
    int (*token)(rk_source *s, rs_addr strategy, bool *has, rs_addr *token, uint8_t *decimals);
    /* sharesToUnderlyingView (one share is one wei for beacon-chain ETH) */
    int (*to_underlying)(rk_source *s, rs_addr strategy, u256 shares, u256 *out);
    /* A duration vault in its allocations phase refuses every removal of its
     * shares (DurationVaultStrategy.allocationsActive()) until it matures
     * (unlockTimestamp(), or earlier by its arbitrator). *locked false for any
     * other strategy. */
    int (*vault_lock)(rk_source *s, rs_addr strategy, bool *locked, uint64_t *unlock_at);
    /* candidates: every account that may hold shares or be delegated, every
     * operator, every operator set (duplicates and stale entries allowed:
     * the engine filters on the current state) */
    int (*stakers)(rk_source *s, rs_addr **out, size_t *n);
    int (*operators)(rk_source *s, rs_addr **out, size_t *n);
    int (*sets)(rk_source *s, rk_set **out, size_t *n);
    /* optional progress note for long enumerations (may be NULL) */
    void (*progress)(rk_source *s, const char *what, size_t done, size_t total);
};

void rk_holdings_free(rk_holdings *h);
int rk_fail(rk_source *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
