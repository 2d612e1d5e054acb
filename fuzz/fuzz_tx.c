/* Transaction decoding: never crashes, and strictness means every accepted
 * input is canonical (re-encoding gives the input back); recovery of an
 * accepted tx never crashes either. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chain/tx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    rs_tx tx;
    if (rs_tx_decode(data, size, &tx) != RS_TX_OK) return 0;
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(&tx, &enc);
    if (enc.len != size || memcmp(enc.p, data, size) != 0) abort();
    /* Recovery may fail on a random signature; it must only never crash. */
    rs_tx_status recovered = rs_tx_recover(&tx, tx.has_chain_id ? tx.chain_id : 1, true);
    (void)recovered;
    rs_b32 h = rs_tx_signing_hash(&tx);
    (void)h;
    rs_buf_free(&enc);
    rs_tx_free(&tx);
    rs_tx t2;
    rs_addr from = RS_ADDR_ZERO;
    if (rs_tx_decode_unsigned(data, size, from, &t2) == RS_TX_OK) rs_tx_free(&t2);
    return 0;
}
