/* A started in-memory node on the devnet preset (genesis/devnet.json,
 * relative to the test's working directory), for the RPC tests.
 * Header-only. */
#ifndef RESTAKE_TESTS_NODE_FIXTURE_H
#define RESTAKE_TESTS_NODE_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "chain/mnemonic.h"
#include "chain/tx.h"
#include "node/node.h"
#include "restake/hex.h"
#include "test_util.h"

static inline rs_node *open_devnet_node(bool beacon_sim) {
    size_t len = 0;
    char *g = slurp("genesis/devnet.json", &len);
    rs_node_config cfg = {.genesis_json = g, .genesis_len = len, .genesis_name = "devnet", .beacon_sim = beacon_sim};
    char err[256];
    rs_node *n = rs_node_open(&cfg, err, sizeof err);
    free(g);
    if (!n) fprintf(stderr, "%s\n", err);
    assert_non_null(n);
    rs_node_start(n);
    return n;
}

/* A signed EIP-1559 call with calldata cd to the devnet preset's TKA token
 * from dev account acct, as the 0x-hex raw transaction (malloc'd). */
static inline char *devnet_token_call_hex(uint32_t acct, uint64_t nonce, uint64_t chain_id, uint64_t max_priority_fee,
                                          uint64_t max_fee, const uint8_t *cd, size_t cd_len) {
    uint8_t key[32];
    rs_addr from;
    assert_true(rs_mnemonic_account(RS_DEVNET_MNEMONIC, acct, key, &from));
    rs_tx tx;
    rs_tx_init(&tx);
    tx.type = RS_TX_DYNAMIC_FEE;
    tx.has_chain_id = true;
    tx.chain_id = chain_id;
    tx.nonce = nonce;
    tx.max_priority_fee = u256_from_u64(max_priority_fee);
    tx.max_fee = u256_from_u64(max_fee);
    tx.gas_limit = 200000;
    tx.has_to = true;
    assert_true(rs_addr_from_hex(&tx.to, "0x7b759530bc34393C7275cd91C848069947097906"));
    rs_tx_set_data(&tx, cd, cd_len);
    assert_true(rs_tx_sign(&tx, key));
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(&tx, &enc);
    char *hex = malloc(2 * enc.len + 3);
    rs_hex_encode(enc.p, enc.len, hex);
    rs_buf_free(&enc);
    rs_tx_free(&tx);
    return hex;
}

#endif
