/* JSON encoding of Ethereum values (quantities, data, addresses) and of the
 * node's objects (blocks, transactions, receipts, logs), and parsing of
 * request parameters. Internal to src/rpc. */
#ifndef RESTAKE_RPC_JSON_H
#define RESTAKE_RPC_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "chain/block.h"
#include "node/node.h"
#include "store/store.h"

json_t *rj_u64(uint64_t v);
json_t *rj_u256(u256 v);
json_t *rj_data(const uint8_t *p, size_t n);
/* The message geth gives a revert: "execution reverted", with the reason
 * appended when the data is an Error(string) of a printable length. */
void rj_revert_message(const uint8_t *d, size_t n, char *msg, size_t cap);
/* Formats an error message into msg and returns code (for handlers that
 * report a JSON-RPC error code and message). */
int rj_fail(char *msg, size_t cap, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
json_t *rj_b32(rs_b32 x);
json_t *rj_addr(rs_addr a);

/* Parsers: false on a value of the wrong shape. */
bool rj_get_u64(const json_t *v, uint64_t *out);
bool rj_get_u256(const json_t *v, u256 *out);
bool rj_get_addr(const json_t *v, rs_addr *out);
bool rj_get_b32(const json_t *v, rs_b32 *out);
/* 0x-hex bytes into a malloc'd buffer (*out, *n); false on bad hex. */
bool rj_get_data(const json_t *v, uint8_t **out, size_t *n);

json_t *rj_log(const rs_rlog *l, const rs_block_header *h, const rs_stored_tx *t, uint64_t log_index);
json_t *rj_receipt(const rs_stored_tx *t, const rs_block_header *h);
/* NULL when the row's raw transaction does not decode. */
json_t *rj_tx(const rs_stored_tx *t, const rs_block_header *h, uint64_t chain_id);
/* NULL when the block's transactions cannot be read from the store. */
json_t *rj_block(rs_node *n, const rs_block_header *h, bool full);

#endif
