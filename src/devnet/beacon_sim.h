/* The devnet's offline beacon chain, kept in the state beside the
 * execution-layer touch points of protocol/beacon_chain.h. */
#ifndef RESTAKE_DEVNET_BEACON_SIM_H
#define RESTAKE_DEVNET_BEACON_SIM_H

#include "protocol/beacon_chain.h"

/* ---- the offline beacon chain (devnet) ----
 *
 * A deterministic, simplified beacon chain kept in the state, so a devnet has
 * something to prove against. Nothing of it runs unless beacon_sim_enable was
 * called: conformance replays never see it.
 *
 *  - deposits (EigenPod.stake and direct deposits to the deposit contract)
 *    create or top up validators;
 *  - beacon_sim_on_block(T), called by the node before the transactions of a
 *    block with timestamp T, runs one "epoch": activates pending validators,
 *    processes EIP-7002 exits / partial withdrawals and EIP-7251
 *    consolidations queued in the predeploys, sweeps (excess above 32 ETH for
 *    0x01 credentials, above 2048 ETH for 0x02, everything of exited
 *    validators) to the withdrawal address as EIP-4895 withdrawals, then
 *    publishes the beacon block root for T in the EIP-4788 oracle;
 *  - every published root stays provable: validator records are versioned
 *    (copy on write), and each timestamp maps to the version it saw.
 *
 * Proofs come out as ready-to-send EigenPod calldata. Simplifications: one
 * epoch per block, exits and withdrawals take effect at the next block, no
 * churn limits, effective balance = balance floored to whole ETH (capped). */

typedef struct {
    uint8_t pubkey[48];
    rs_b32 withdrawal_credentials;
    uint64_t effective_balance_gwei, balance_gwei;
    bool slashed;
    uint64_t activation_epoch, exit_epoch, withdrawable_epoch;
} beacon_validator;

/* Makes deposits (beacon_deposit) reach the simulated chain of whichever
 * state has it enabled; beacon_sim_enable does it too. A node whose chain
 * was enabled before it restarted calls it when it opens. */
void beacon_sim_observe_deposits(void);
/* Starts the chain (idempotent); genesis_time is slot 0's timestamp. */
void beacon_sim_enable(rs_state *st, uint64_t genesis_time);
bool beacon_sim_enabled(const rs_state *st);
/* A deposit of amount_gwei; a new pubkey makes a new (pending) validator. No-op when disabled. */
void beacon_sim_deposit(rs_state *st, const uint8_t pubkey[48], rs_b32 withdrawal_credentials, uint64_t amount_gwei);
/* One block at timestamp ts (strictly increasing). No-op when disabled. */
void beacon_sim_on_block(rs_state *st, const rs_params *p, uint64_t ts);

size_t beacon_sim_validator_count(const rs_state *st);
/* The validator as of now (pending changes included); false when out of range. */
bool beacon_sim_validator(const rs_state *st, uint64_t index, beacon_validator *out);
/* Index of a pubkey; false when unknown. */
bool beacon_sim_index_of(const rs_state *st, const uint8_t pubkey[48], uint64_t *index);
/* Indices whose credentials (0x01 or 0x02) name `withdrawal_address`, up to cap; returns the total. */
size_t beacon_sim_validators_of(const rs_state *st, rs_addr withdrawal_address, uint64_t *out, size_t cap);

/* Devnet controls (take effect from the next published root). */
bool beacon_sim_set_balance(rs_state *st, uint64_t index, uint64_t balance_gwei);
/* Slashes: marks slashed, takes the penalty, and starts the exit. */
bool beacon_sim_slash(rs_state *st, uint64_t index, uint64_t penalty_gwei);
bool beacon_sim_exit(rs_state *st, uint64_t index);

/* Calldata (selector included) of EigenPod calls, proven against the root
 * published for ts. false when ts was never published or an index is unknown. */
bool beacon_sim_credentials_calldata(const rs_state *st, uint64_t ts, const uint64_t *indices, size_t n, rs_buf *cd);
bool beacon_sim_checkpoint_calldata(const rs_state *st, uint64_t ts, const uint64_t *indices, size_t n, rs_buf *cd);
bool beacon_sim_stale_balance_calldata(const rs_state *st, uint64_t ts, uint64_t index, rs_buf *cd);

#endif
