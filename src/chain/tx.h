/* Ethereum transactions: legacy (with or without EIP-155), EIP-2930 (type 1)
 * and EIP-1559 (type 2) envelopes; strict decoding, signing hash, signing,
 * sender recovery (libsecp256k1) and the transaction hash.
 *
 * A decoded tx owns copies of its calldata and of its access list's RLP
 * (kept verbatim so re-encoding is byte-identical); free with rs_tx_free. */
#ifndef RESTAKE_CHAIN_TX_H
#define RESTAKE_CHAIN_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/limits.h"
#include "restake/types.h"

enum { RS_TX_LEGACY = 0, RS_TX_ACCESS_LIST = 1, RS_TX_DYNAMIC_FEE = 2 };


typedef struct {
    uint8_t type;
    bool has_chain_id;  /* false only for pre-EIP-155 legacy (v = 27/28) */
    uint64_t chain_id;
    uint64_t nonce;
    u256 gas_price;     /* legacy, 2930 */
    u256 max_priority_fee; /* 1559 */
    u256 max_fee;          /* 1559 */
    uint64_t gas_limit;
    bool has_to;        /* false: contract creation */
    rs_addr to;
    u256 value;
    uint8_t *data;
    size_t data_len;
    uint8_t *access_list; /* RLP of the access list (typed txs), verbatim */
    size_t access_list_len;
    size_t access_list_addrs, access_list_keys;

    uint8_t y_parity;   /* recovery id 0/1 */
    u256 r, s;

    /* filled by rs_tx_decode / rs_tx_sign */
    rs_b32 hash;
    /* filled by rs_tx_recover / rs_tx_sign */
    rs_addr from;
} rs_tx;

typedef enum {
    RS_TX_OK = 0,
    RS_TX_ERR_RLP,        /* malformed or non-canonical RLP */
    RS_TX_ERR_FIELDS,     /* wrong field count or a field of the wrong shape */
    RS_TX_ERR_TYPE,       /* unsupported envelope type */
    RS_TX_ERR_SIZE,       /* too large */
    RS_TX_ERR_V,          /* bad v / yParity */
    RS_TX_ERR_CHAIN_ID,   /* signed for another chain */
    RS_TX_ERR_HIGH_S,     /* s > n/2 (EIP-2) */
    RS_TX_ERR_SIG,        /* r or s zero / out of range, or recovery failed */
} rs_tx_status;

const char *rs_tx_status_str(rs_tx_status s);

void rs_tx_init(rs_tx *tx);
void rs_tx_free(rs_tx *tx);
/* Copies calldata / access-list RLP into tx (replacing what it held). */
void rs_tx_set_data(rs_tx *tx, const uint8_t *p, size_t n);

/* Decodes a raw signed transaction (what eth_sendRawTransaction carries) and
 * computes its hash. The signature is checked only for shape (v, r, s ranges);
 * call rs_tx_recover for the sender. */
RS_MUST_USE rs_tx_status rs_tx_decode(const uint8_t *raw, size_t len, rs_tx *tx);
/* Transactions sent from impersonated accounts carry no signature: they are
 * stored as their envelope with v/yParity, r, s as given (zero) and their
 * sender alongside. Decoding skips the signature checks; the hash is
 * keccak256(envelope ‖ sender) so two senders never collide. */
RS_MUST_USE rs_tx_status rs_tx_decode_unsigned(const uint8_t *raw, size_t len, rs_addr from, rs_tx *tx);
rs_b32 rs_tx_unsigned_hash(const uint8_t *raw, size_t len, rs_addr from);
/* Canonical signed encoding (the inverse of rs_tx_decode). */
void rs_tx_encode(const rs_tx *tx, rs_buf *out);
/* keccak256 of the unsigned payload the sender signs. */
rs_b32 rs_tx_signing_hash(const rs_tx *tx);
/* Recovers tx->from. `chain_id` is the node's: a tx signed for another chain
 * is refused; so are pre-EIP-155 legacy txs unless allow_unprotected. */
RS_MUST_USE rs_tx_status rs_tx_recover(rs_tx *tx, uint64_t chain_id, bool allow_unprotected);
/* Signs with a 32-byte secret key (low-s, RFC 6979), sets r, s, y_parity,
 * hash and from. false when the key is invalid. */
RS_MUST_USE bool rs_tx_sign(rs_tx *tx, const uint8_t key[32]);

/* Address of a secret key (keccak of the uncompressed public key). */
RS_MUST_USE bool rs_key_to_address(const uint8_t key[32], rs_addr *out);

#endif
