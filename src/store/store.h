/* Durable chain storage in SQLite (WAL, synchronous=FULL).
 *
 * What is stored is what replay needs: headers, every transaction with its
 * sender and receipt, the devnet operations that changed state outside
 * transactions (anvil_setBalance, ...), and periodic full-state snapshots.
 * The state after block n is: the latest snapshot at or below n, then for
 * each later block b, the ops recorded after block b-1 followed by b's txs.
 * A batch of blocks is written in one SQL transaction (rs_store_begin ..
 * rs_store_commit), so a crash leaves whole blocks or nothing.
 *
 * One connection guarded by a mutex: readers and the single writer share it
 * (reads between begin and commit see the open transaction's rows). */
#ifndef RESTAKE_STORE_STORE_H
#define RESTAKE_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chain/block.h"
#include "restake/buf.h"
#include "restake/state.h"

#define RS_STORE_FORMAT "restake-node/1"

typedef struct rs_store rs_store;

enum { RS_OP_SET_BALANCE = 1, RS_OP_SET_NONCE = 2 };

typedef struct {
    rs_b32 hash;
    uint64_t block;
    uint32_t idx;
    rs_addr from;
    bool is_unsigned;   /* eth_sendTransaction from an unlocked/impersonated account */
    uint8_t *raw;       /* signed envelope, or the envelope with a zero signature */
    size_t raw_len;
    uint8_t *receipt;   /* rs_receipt_encode; NULL when receipt_damaged */
    size_t receipt_len;
    bool receipt_damaged; /* the stored receipt failed its checksum: withheld */
} rs_stored_tx;

void rs_stored_tx_free(rs_stored_tx *t);

/* dir NULL: in memory (same code, nothing durable). Refuses (NULL, *err set)
 * a file that is not a database, fails SQLite's quick_check, or has another
 * format tag. */
rs_store *rs_store_open(const char *dir, char *err, size_t errlen);
void rs_store_close(rs_store *s);

/* 1 found, 0 absent, -1 error. */
RS_MUST_USE int rs_store_meta_get(rs_store *s, const char *key, rs_buf *out);
RS_MUST_USE int rs_store_meta_put(rs_store *s, const char *key, const void *v, size_t n);

RS_MUST_USE int rs_store_begin(rs_store *s);
RS_MUST_USE int rs_store_commit(rs_store *s);
void rs_store_rollback(rs_store *s);

RS_MUST_USE int rs_store_put_block(rs_store *s, const rs_block_header *h);
RS_MUST_USE int rs_store_put_tx(rs_store *s, const rs_stored_tx *t);
/* Rewrites a stored receipt whose checksum failed (t: the row as replay
 * rebuilt it): 0 done, 1 the stored one was sound (left alone), -1 error. */
RS_MUST_USE int rs_store_repair_receipt(rs_store *s, const rs_stored_tx *t);
/* Returns the op's sequence number (>0) or -1. */
RS_MUST_USE int64_t rs_store_put_op(rs_store *s, uint64_t after_block, int kind, const void *data, size_t n);
RS_MUST_USE int rs_store_put_snapshot(rs_store *s, uint64_t block, const rs_state *st, rs_b32 root);
/* The two halves of rs_store_put_snapshot, so that a live state can be
 * serialised under its owner's lock and written after releasing it. */
void rs_store_snapshot_encode(const rs_state *st, rs_buf *out);
RS_MUST_USE int rs_store_put_snapshot_data(rs_store *s, uint64_t block, rs_b32 root, const uint8_t *data, size_t len);
/* Forgets everything after block `keep` and every op with seq > keep_op. */
RS_MUST_USE int rs_store_truncate(rs_store *s, uint64_t keep, int64_t keep_op);

RS_MUST_USE int rs_store_head(rs_store *s, uint64_t *number); /* 1, 0 (empty), -1 */
RS_MUST_USE int rs_store_first_block(rs_store *s, uint64_t *number);
RS_MUST_USE int rs_store_get_block(rs_store *s, uint64_t number, rs_block_header *h);
RS_MUST_USE int rs_store_get_block_by_hash(rs_store *s, rs_b32 hash, rs_block_header *h);
RS_MUST_USE int rs_store_get_tx(rs_store *s, rs_b32 hash, rs_stored_tx *t);
int64_t rs_store_last_op_seq(rs_store *s);

/* Callbacks return nonzero to stop; the functions return -1 on error. */
typedef int (*rs_store_tx_cb)(void *ctx, const rs_stored_tx *t);
RS_MUST_USE int rs_store_block_txs(rs_store *s, uint64_t number, rs_store_tx_cb cb, void *ctx);
typedef int (*rs_store_op_cb)(void *ctx, int64_t seq, int kind, const uint8_t *data, size_t n);
RS_MUST_USE int rs_store_ops_after_block(rs_store *s, uint64_t after_block, rs_store_op_cb cb, void *ctx);

/* The latest snapshot at or below max_block (1), none (0) or -1 (database
 * error); the state's root is checked against the stored one: -2 with
 * *block and *err set on a mismatch (a snapshot is derived data: the caller
 * can fall back to an older one or to genesis). */
RS_MUST_USE int rs_store_load_snapshot_at(rs_store *s, uint64_t max_block, uint64_t *block, rs_state **st, char *err,
                              size_t errlen);
RS_MUST_USE int rs_store_drop_snapshots(rs_store *s);
/* Forgets snapshots of blocks below `below` (a newer one makes them useless). */
RS_MUST_USE int rs_store_prune_snapshots(rs_store *s, uint64_t below);

#endif
