/* Ethereum's Merkle-Patricia trie, computed from scratch over a set of
 * key/value pairs: only the root hash is produced (the state root of a
 * block, the storage root of an account, the transactions and receipts
 * roots). Nodes are RLP lists; a node whose encoding is shorter than 32 bytes
 * is embedded in its parent instead of being referenced by hash. The "secure"
 * tries of the state hash every key with keccak-256 before inserting it; the
 * caller does that (rs_mpt_secure_key). */
#ifndef RESTAKE_MPT_H
#define RESTAKE_MPT_H

#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/types.h"

typedef struct {
    const uint8_t *key;
    size_t key_len; /* <= RS_MPT_KEY_MAX */
    const uint8_t *val;
    size_t val_len; /* non-empty: an empty value means "absent" and must not be inserted */
} rs_mpt_item;

/* keccak256(rlp("")) = 0x56e81f17...b421: the root of an empty trie. */
rs_b32 rs_mpt_empty_root(void);

/* Root of the trie holding the n items. Keys must be distinct. The array is
 * sorted in place. */
rs_b32 rs_mpt_root(rs_mpt_item *items, size_t n);

/* The account leaf value: rlp([nonce, balance, storageRoot, codeHash]). */
void rs_mpt_account_rlp(rs_buf *out, uint64_t nonce, u256 balance, rs_b32 storage_root, rs_b32 code_hash);

#endif
