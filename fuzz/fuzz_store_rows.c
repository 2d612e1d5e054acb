/* The store's row decoders (block headers, receipts) on arbitrary bytes: a
 * database row damaged on disk must be refused, never crash the node, and
 * whatever they accept must be exactly what the encoders write. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chain/block.h"

static void same_bytes(const rs_buf *b, const uint8_t *data, size_t size) {
    if (b->len != size || memcmp(b->p, data, size) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    rs_buf b;
    rs_buf_init(&b);
    rs_block_header h;
    if (rs_block_header_decode(data, size, &h)) {
        rs_block_header_encode(&h, &b);
        same_bytes(&b, data, size);
    }
    rs_receipt r;
    if (rs_receipt_decode(data, size, &r)) {
        rs_buf_reset(&b);
        rs_receipt_encode(&r, &b);
        same_bytes(&b, data, size);
        rs_buf_reset(&b);
        rs_receipt_consensus_encode(&r, &b);
        rs_receipt_free(&r);
    }
    rs_buf_free(&b);
    return 0;
}
