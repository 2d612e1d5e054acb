/* The conformance replay over JSON-RPC: the steps of a vector sent to a
 * running node (restake devnet --genesis VECTOR, or any anvil-compatible
 * node started from the same genesis) and every recorded byte compared, as
 * the in-process runner does.
 *
 * Semantics (FORMAT.md): a tx step is first executed with eth_call in the
 * pending block's context (evm_snapshot, evm_mine at latest timestamp +
 * blockTimeSeconds, eth_call/eth_estimateGas at latest, evm_revert), which
 * yields its return or revert data. A reverting step is not sent, so it adds
 * no block. A succeeding one is sent with eth_sendTransaction from the
 * impersonated sender, mined alone at that timestamp; its receipt's status
 * and logs are compared. The gas it pays is given back with anvil_setBalance
 * so that ETH balances stay those of the recorded chain. Mine steps mine
 * one block per evm_mine at the recorded cadence; check steps run every view
 * with eth_call at latest from address 0. Eigenpod steps: a beaconWithdrawal
 * credits its wei with anvil_setBalance; a beaconRoot needs the node method
 * restake_setBeaconRoot(timestamp, root) and is reported as unsupported when
 * the node answers "method not found". The node is left as it was found
 * (evm_revert to a snapshot taken before step 0). */
#ifndef RESTAKE_CONFORMANCE_RPC_RUNNER_H
#define RESTAKE_CONFORMANCE_RPC_RUNNER_H

#include "conformance/runner.h"
#include "conformance/vector.h"

/* Replays v against the node at url. Returns 0 when every step matched, 1
 * on differences, 2 when the node cannot be used (unreachable, not at the
 * vector's genesis, or the connection failed mid-run: message printed). */
int rs_rpc_runner_run(const rs_vector *v, const char *url, const rs_runner_opts *o, rs_runner_result *r);

#endif
