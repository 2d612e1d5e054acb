/* JSON-RPC handling: any body gets an answer (or none for notifications),
 * never a crash, on a live in-memory node whose miner runs the jobs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/node.h"
#include "rpc/rpc.h"

#include "../tests/file_util.h"

/* Used when genesis/devnet.json is not reachable from the working directory. */
static const char FALLBACK_GENESIS[] =
    "{\"chainId\":31337,\"block\":0,\"timestamp\":1750000000,\"blockTimeSeconds\":1,"
    "\"constants\":{\"version\":\"1.9.0\"},"
    "\"contracts\":{\"token_TKA\":\"0x7b759530bc34393C7275cd91C848069947097906\"},"
    "\"roles\":{\"owner\":\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\"},"
    "\"tokens\":[{\"address\":\"0x7b759530bc34393C7275cd91C848069947097906\",\"name\":\"A\",\"symbol\":\"TKA\","
    "\"decimals\":18,\"mintable\":true,\"balances\":{\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\":\"1000\"}}]}";

static rs_node *node;

static void boot(void) {
    size_t len = 0;
    char *g = read_whole_file("genesis/devnet.json", &len);
    if (!g) g = read_whole_file("../genesis/devnet.json", &len);
    rs_node_config cfg = {.genesis_json = g ? g : FALLBACK_GENESIS,
                          .genesis_len = g ? len : strlen(FALLBACK_GENESIS), .genesis_name = "fuzz"};
    char err[512];
    node = rs_node_open(&cfg, err, sizeof err);
    free(g);
    if (!node) {
        fprintf(stderr, "fuzz_rpc: %s\n", err);
        abort();
    }
    rs_node_start(node);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!node) boot();
    char *out = rs_rpc_handle(node, (const char *)data, size);
    free(out);
    return 0;
}
