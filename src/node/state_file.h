/* State files: the whole world state and the chain head's number and time
 * in one blob (anvil_dumpState / anvil_loadState, --dump-state /
 * --load-state / --state). Version 1, all integers big-endian:
 *
 *   off  len  field
 *     0    8  magic "rsstate\0"
 *     8    4  version (1)
 *    12    8  chain id
 *    20    8  head block number
 *    28    8  head block timestamp
 *    36   32  state root (rs_state_root of the entries)
 *    68    8  entry count
 *    76    8  entries' byte length L
 *    84    L  entries: key length (1 byte, 2..RS_KEY_MAX), key, value (32)
 *  84+L   32  SHA-256 of bytes [0, 84+L)
 *
 * The entries are every non-zero key of the generic key -> u256 store, so
 * everything the state holds (balances, nonces, code kinds, EVM code and
 * storage, protocol storage) is captured without the format naming any of
 * it. A file is refused whole (wrong magic, version, length, checksum,
 * malformed or duplicate entry, root mismatch) before anything changes. */
#ifndef RESTAKE_NODE_STATE_FILE_H
#define RESTAKE_NODE_STATE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/state.h"

#define RS_STATE_FILE_VERSION 1u
#define RS_STATE_FILE_HEADER 84u

typedef struct {
    uint64_t chain_id, number, timestamp;
    rs_state *st; /* owned by the caller after a successful decode */
} rs_state_file;

void rs_state_file_encode(const rs_state *st, uint64_t chain_id, uint64_t number, uint64_t timestamp, rs_buf *out);
/* true and *out filled, or false with err set and nothing allocated. */
bool rs_state_file_decode(const uint8_t *p, size_t n, rs_state_file *out, char *err, size_t errlen);

#endif
