/* The devnet's transaction pool: transactions accepted but not yet in a
 * block. With automine, a transaction whose nonce is ahead of its sender's
 * waits here ("queued") until the gap fills, as on anvil; with automine off
 * (evm_setAutomine false) every transaction waits here until a block is
 * mined, and those whose nonces follow their sender's are "pending".
 *
 * One entry per (sender, nonce): a second one replaces it only with a higher
 * fee. The pool is guarded by the node lock (it is read against the state). */
#ifndef RESTAKE_NODE_TXPOOL_H
#define RESTAKE_NODE_TXPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chain/tx.h"
#include "restake/state.h"

typedef struct {
    rs_tx tx; /* owned; tx.hash and tx.from set */
    bool is_unsigned;
    uint64_t seq; /* arrival order */
} rs_pool_entry;

typedef struct rs_txpool {
    rs_pool_entry *items;
    size_t n, cap;
    uint64_t next_seq;
} rs_txpool;

typedef enum {
    RS_POOL_ADDED,
    RS_POOL_REPLACED,
    RS_POOL_UNDERPRICED, /* same sender and nonce, fee not higher */
    RS_POOL_FULL,        /* RS_TXPOOL_MAX, or RS_TXPOOL_PER_SENDER_MAX for the sender */
} rs_pool_add_status;

void rs_txpool_free(rs_txpool *p);
/* Takes ownership of *tx (left empty) unless the status is an error. */
rs_pool_add_status rs_txpool_add(rs_txpool *p, rs_tx *tx, bool is_unsigned);
/* Index of the entry for (from, nonce), or -1. */
long rs_txpool_find(const rs_txpool *p, rs_addr from, uint64_t nonce);
long rs_txpool_find_hash(const rs_txpool *p, rs_b32 hash);
/* Removes entry i, moving its transaction into *out (may be NULL: freed). */
void rs_txpool_remove(rs_txpool *p, size_t i, rs_tx *out, bool *is_unsigned);
/* Whether entry i can be mined now: its nonce follows its sender's state
 * nonce through the sender's other entries. */
bool rs_txpool_is_pending(const rs_txpool *p, const rs_state *st, size_t i);
/* The nonce after the sender's run of consecutive entries starting at `from_nonce`. */
uint64_t rs_txpool_next_nonce(const rs_txpool *p, rs_addr from, uint64_t from_nonce);
/* Drops the entries whose nonce the state has already used (after
 * anvil_setNonce or a replacement mined elsewhere). */
void rs_txpool_prune(rs_txpool *p, const rs_state *st);

#endif
