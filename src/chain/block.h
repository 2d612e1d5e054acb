/* Blocks and receipts, and the node's gas model.
 *
 * Headers follow Ethereum's (London) header field order and are hashed the
 * same way (keccak256 of the RLP list), so a block hash commits to parent,
 * roots, bloom, number, gas and time. transactionsRoot and receiptsRoot are
 * Ethereum's: roots of the ordered Merkle-Patricia trie {rlp(i) → envelope}
 * and {rlp(i) → consensus receipt} (checked against @ethereumjs/trie).
 * stateRoot is rs_state_root of the world after the block when the node
 * computes it (genesis and --block-time blocks); automined blocks carry the
 * zero hash (a root per single-transaction block would cost O(state) each;
 * the node's state root is readable with restake_stateRoot).
 *
 * Gas model (deterministic, depends only on the tx and the state):
 *   intrinsic = 21000 + 16 per non-zero calldata byte + 4 per zero byte
 *               + 2400 per access-list address + 1900 per access-list key
 *   a call to an address with code adds RS_GAS_CALL
 *               + RS_GAS_SSTORE per storage word written (journal entries)
 *               + 375 per log + 375 per topic + 8 per log data byte
 *   a reverted call adds RS_GAS_CALL only (its writes are undone).
 *   a contract creation adds RS_GAS_CREATE + RS_GAS_INITCODE_WORD per 32-byte
 *               word of initcode (EIP-3860) to the intrinsic gas.
 *   EVM frames add the EVM gas they used (native frames that EVM code calls
 *               are charged inside it, docs/evm.md); their journal entries
 *               are not counted again as writes.
 * If the total exceeds the tx gas limit the tx fails (status 0, state
 * unchanged but nonce and fee) and uses its whole gas limit. The base fee is
 * constant (RS_BASE_FEE): there is no congestion on a devnet. */
#ifndef RESTAKE_CHAIN_BLOCK_H
#define RESTAKE_CHAIN_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chain/tx.h"
#include "restake/buf.h"
#include "restake/env.h"
#include "restake/limits.h"
#include "restake/types.h"

#define RS_GAS_TX 21000u
#define RS_GAS_CALL 2600u
#define RS_GAS_SSTORE 5000u
#define RS_GAS_CREATE 32000u
#define RS_GAS_INITCODE_WORD 2u
#define RS_BASE_FEE 1000000000ull            /* 1 gwei */

typedef struct {
    uint64_t number, timestamp, gas_used, gas_limit;
    rs_b32 parent_hash, tx_root, receipts_root, state_root;
    uint8_t bloom[256];
    u256 base_fee;
    rs_addr coinbase; /* anvil_setCoinbase; zero by default */
    uint32_t ntx;
    rs_b32 hash; /* set by rs_block_seal */
} rs_block_header;

typedef struct {
    rs_addr address;
    uint8_t ntopics;
    rs_b32 topics[4];
    uint8_t *data;
    size_t len;
} rs_rlog;

typedef struct {
    uint8_t type;   /* tx envelope type */
    uint8_t status; /* 1 success, 0 failure */
    uint64_t gas_used, cumulative_gas;
    u256 effective_gas_price;
    rs_rlog *logs;
    size_t nlogs;
    uint8_t bloom[256];
    uint8_t *revert; /* revert data of a failed call (not part of Ethereum's receipt) */
    size_t revert_len;
    uint64_t first_log_index; /* block-wide index of this tx's first log (for logIndex) */
} rs_receipt;

void rs_receipt_free(rs_receipt *r);
/* Copies the logs of the env's current tx into the receipt and its bloom. */
void rs_receipt_set_logs(rs_receipt *r, const rs_env *e);
/* Storage form (everything incl. revert data) and its inverse. */
void rs_receipt_encode(const rs_receipt *r, rs_buf *out);
RS_MUST_USE bool rs_receipt_decode(const uint8_t *p, size_t n, rs_receipt *r);
/* Ethereum's consensus encoding (type ‖ rlp([status, cumulativeGas, bloom,
 * logs]) for typed txs) and its keccak256. */
void rs_receipt_consensus_encode(const rs_receipt *r, rs_buf *out);
rs_b32 rs_receipt_hash(const rs_receipt *r);

void rs_bloom_add(uint8_t bloom[256], const void *p, size_t n);
bool rs_bloom_has(const uint8_t bloom[256], const void *p, size_t n);
void rs_bloom_or(uint8_t dst[256], const uint8_t src[256]);

/* keccak256(rlp([h_0, ..., h_n-1])). */
rs_b32 rs_hash_list_root(const rs_b32 *h, size_t n);
/* Root of Ethereum's ordered Merkle-Patricia trie {rlp(i) → vals[i]} (what
 * transactionsRoot and receiptsRoot are); keccak256(0x80) when n = 0. */
rs_b32 rs_ordered_trie_root(const uint8_t *const *vals, const size_t *lens, size_t n);

/* RLP of the header as Ethereum orders it, and the hash of that. */
void rs_block_header_rlp(const rs_block_header *h, rs_buf *out);
void rs_block_seal(rs_block_header *h);
/* Storage form of a header (includes ntx and hash). */
void rs_block_header_encode(const rs_block_header *h, rs_buf *out);
RS_MUST_USE bool rs_block_header_decode(const uint8_t *p, size_t n, rs_block_header *h);

uint64_t rs_gas_intrinsic(const rs_tx *tx);

#endif
