/* The EVM world: Ethereum accounts (balance, nonce, code, storage,
 * existence) kept in the journaled rs_state, and the rs_host the interpreter
 * sees. Everything a transaction changes — including its per-transaction sets
 * (EIP-2929 warm addresses and slots, EIP-1153 transient storage, EIP-6780
 * created accounts, the selfdestruct and touched sets) — lives in the one
 * journal, so reverting a frame is one rs_state_revert.
 *
 * Balances and nonces are the chain's (rs_eth_balance, rs_account_nonce);
 * EVM code is rs_code_set(a, RS_CODE_EVM) plus a code hash at the address,
 * and the bytes stored once by hash (and cached decoded, by hash). Accounts
 * of a native code kind (neither NONE nor EVM) are run by the native-call
 * callback when one is set, and behave as code-less accounts otherwise.
 *
 * Host call failures that leave the caller's gas untouched (gas_left ==
 * msg->gas): RS_EVM_CALL_DEPTH_EXCEEDED, RS_EVM_INSUFFICIENT_BALANCE (also
 * used for a creator whose nonce is at its EIP-2681 maximum). */
#ifndef RESTAKE_WORLD_H
#define RESTAKE_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/accounts.h"
#include "restake/env.h"
#include "restake/host.h"
#include "restake/state.h"

typedef struct rs_world rs_world;

/* The code a native contract of kind k shows to EVM code (EXTCODESIZE,
 * EXTCODEHASH, EXTCODECOPY) and to eth_getCode: the byte 0xfe (INVALID),
 * then "restake:" and the kind's name (rs_code_name), e.g.
 * 0xfe "restake:StrategyManager" — non-empty so `extcodesize > 0` holds,
 * never run (a call runs the native contract). Sets *code (static storage)
 * and *hash (optional, its keccak256); returns the length. */
size_t rs_native_marker(rs_code_kind k, const uint8_t **code, rs_b32 *hash);

typedef struct {
    rs_addr addr;
    rs_b32 topics[RS_EVM_LOG_TOPICS_MAX];
    size_t ntopics;
    uint8_t *data;
    size_t len;
} rs_evm_log;

/* Runs a frame whose code_address holds native code of `kind`. */
typedef rs_evm_result (*rs_native_call_fn)(void *ctx, rs_world *w, rs_code_kind kind, const rs_msg *msg,
                                           rs_buf *out);
/* The hash of block `number` (the caller has checked it is one of the 256
 * before the current block). */
typedef rs_b32 (*rs_block_hash_fn)(void *ctx, uint64_t number);

/* A world over st (borrowed; it must outlive the world). NULL on allocation
 * failure. */
rs_world *rs_world_new(rs_state *st);
void rs_world_free(rs_world *w);
rs_host *rs_world_host(rs_world *w);
rs_state *rs_world_state(rs_world *w);
void rs_world_set_native(rs_world *w, rs_native_call_fn fn, void *ctx);
void rs_world_set_block_hashes(rs_world *w, rs_block_hash_fn fn, void *ctx);
/* Binds the world to a native execution environment (the chain's): its logs
 * go to e's log list (rs_world_logs then stays empty), BLOCKHASH asks
 * e->block_hash, and the transaction context is what rs_world_set_tx gives.
 * The router binds the world it keeps per environment. */
void rs_world_bind_env(rs_world *w, rs_env *e);
/* Sets the transaction context without starting a transaction scope. */
void rs_world_set_tx(rs_world *w, const rs_tx_context *ctx);
/* Ends the per-transaction scope without committing the journal: deletes
 * the accounts destroyed in it and the touched empty ones, clears the
 * per-transaction sets. For a caller that commits (or reverts) itself. */
void rs_world_tx_finish(rs_world *w);
/* Forgets the per-transaction keys recorded so far, for a caller that
 * reverted the state to before them. */
void rs_world_tx_forget(rs_world *w);

/* ---- accounts ---- */
bool rs_world_exists(rs_world *w, rs_addr a);   /* in the state, even if empty; any non-empty account */
bool rs_world_is_empty(rs_world *w, rs_addr a); /* EIP-161: no nonce, no balance, no code */
void rs_world_create(rs_world *w, rs_addr a);   /* makes a exist (an empty account until written) */
u256 rs_world_balance(rs_world *w, rs_addr a);
void rs_world_set_balance(rs_world *w, rs_addr a, u256 v);
uint64_t rs_world_nonce(rs_world *w, rs_addr a);
void rs_world_set_nonce(rs_world *w, rs_addr a, uint64_t n);
/* Sets a's EVM code (len <= RS_WORLD_CODE_MAX; an empty code removes it). */
void rs_world_set_code(rs_world *w, rs_addr a, const uint8_t *code, size_t len);
/* a's EVM code, valid until the next world call; len 0 for none. *hash
 * (optional) gets keccak256(code). An account of a native code kind has the
 * fixed marker code RS_NATIVE_MARKER (never executed). */
const uint8_t *rs_world_code(rs_world *w, rs_addr a, size_t *len, rs_b32 *hash);
u256 rs_world_storage(rs_world *w, rs_addr a, u256 slot);
void rs_world_set_storage(rs_world *w, rs_addr a, u256 slot, u256 v);
bool rs_world_has_storage(rs_world *w, rs_addr a);
/* Zeroes every storage slot of a. */
void rs_world_clear_storage(rs_world *w, rs_addr a);
/* Removes a with its code and storage. */
void rs_world_delete(rs_world *w, rs_addr a);
/* EIP-161: a is removed at the end of the transaction if it is then empty. */
void rs_world_touch(rs_world *w, rs_addr a);

/* ---- transactions ----
 * Between tx_begin and tx_end the host's per-transaction sets are live. */
void rs_world_tx_begin(rs_world *w, const rs_tx_context *ctx);
/* Deletes the accounts destroyed in the transaction and the touched empty
 * ones, clears the per-transaction sets and commits the journal. The logs
 * stay readable until the next tx_begin. */
void rs_world_tx_end(rs_world *w);
const rs_evm_log *rs_world_logs(rs_world *w, size_t *n);

/* ---- roots ---- */
/* The secure-trie state root over every existing account. */
rs_b32 rs_world_state_root(rs_world *w);
/* keccak256(rlp([[address, [topics], data], ...])) of the logs. */
rs_b32 rs_logs_hash(const rs_evm_log *logs, size_t n);

/* CREATE2 address: keccak256(0xff ‖ sender ‖ salt ‖ keccak256(initcode))[12:]. */
rs_addr rs_create2_address(rs_addr sender, rs_b32 salt, const uint8_t *initcode, size_t len);

#endif
