/* JSON-RPC: the error cases (malformed JSON, unknown method, bad requests,
 * batches, oversized bodies) and the main methods against an in-memory node
 * on the devnet preset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chain/mnemonic.h"
#include "chain/tx.h"
#include "node/node.h"
#include "restake/hex.h"
#include "rpc/rpc.h"
#include "node_fixture.h"
#include "test_util.h"

static const char *TKA = "0x7b759530bc34393C7275cd91C848069947097906";
static const char *DEV0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

static int setup(void **state) {
    *state = open_devnet_node(false);
    return 0;
}

static int teardown(void **state) {
    rs_node_close(*state);
    return 0;
}

/* Sends one request text, returns the parsed response. */
static json_t *call_text(rs_node *n, const char *text) {
    char *out = rs_rpc_handle(n, text, strlen(text));
    assert_non_null(out);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    assert_non_null(j);
    free(out);
    return j;
}

static json_t *call(rs_node *n, const char *method, const char *params) {
    char buf[8192];
    snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"%s\",\"params\":%s}", method, params);
    return call_text(n, buf);
}

static int error_code(json_t *r) {
    json_t *e = json_object_get(r, "error");
    return e ? (int)json_integer_value(json_object_get(e, "code")) : 0;
}

static const char *result_str(json_t *r) {
    json_t *x = json_object_get(r, "result");
    if (!json_is_string(x)) fprintf(stderr, "no string result: %s\n", json_dumps(r, 0));
    assert_true(json_is_string(x));
    return json_string_value(x);
}

static void test_parse_error(void **state) {
    json_t *r = call_text(*state, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");
    assert_int_equal(error_code(r), -32700);
    assert_true(json_is_null(json_object_get(r, "id")));
    json_decref(r);
}

static void test_unknown_method(void **state) {
    json_t *r = call(*state, "eth_frobnicate", "[]");
    assert_int_equal(error_code(r), -32601);
    assert_int_equal(json_integer_value(json_object_get(r, "id")), 7);
    json_decref(r);
}

static void test_invalid_requests(void **state) {
    json_t *r = call_text(*state, "42");
    assert_int_equal(error_code(r), -32600);
    json_decref(r);
    r = call_text(*state, "{\"jsonrpc\":\"2.0\",\"id\":1}");
    assert_int_equal(error_code(r), -32600);
    json_decref(r);
    r = call_text(*state, "[]");
    assert_int_equal(error_code(r), -32600);
    json_decref(r);
    r = call_text(*state, "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"eth_chainId\"}");
    assert_int_equal(error_code(r), -32600);
    json_decref(r);
    r = call(*state, "eth_getBalance", "[\"0x1234\"]");
    assert_int_equal(error_code(r), -32602);
    json_decref(r);
    r = call(*state, "eth_getBalance", "{\"a\":1}");
    assert_int_equal(error_code(r), -32602);
    json_decref(r);
}

static void test_oversized(void **state) {
    char small[] = "{}";
    char *out = rs_rpc_handle(*state, small, (size_t)RS_RPC_MAX_BODY + 1);
    json_t *r = json_loads(out, 0, NULL);
    assert_int_equal(error_code(r), -32600);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "message")), "request too large");
    json_decref(r);
    free(out);
}

static void test_batch_and_notification(void **state) {
    json_t *r = call_text(*state, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"},"
                                  "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"},"
                                  "{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"},"
                                  "17]");
    assert_true(json_is_array(r));
    assert_int_equal(json_array_size(r), 3); /* the notification gets no answer */
    assert_string_equal(result_str(json_array_get(r, 0)), "0x7a69");
    assert_int_equal(error_code(json_array_get(r, 1)), -32601);
    assert_int_equal(error_code(json_array_get(r, 2)), -32600);
    json_decref(r);
    const char *note = "{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}";
    assert_null(rs_rpc_handle(*state, note, strlen(note)));
}

static void test_simple_reads(void **state) {
    rs_node *n = *state;
    json_t *r = call(n, "eth_chainId", "[]");
    assert_string_equal(result_str(r), "0x7a69");
    json_decref(r);
    r = call(n, "net_version", "[]");
    assert_string_equal(result_str(r), "31337");
    json_decref(r);
    char p[256];
    snprintf(p, sizeof p, "[\"%s\",\"latest\"]", DEV0);
    r = call(n, "eth_getBalance", p);
    assert_string_equal(result_str(r), "0x21e19e0c9bab2400000"); /* 10000 ETH */
    json_decref(r);
    snprintf(p, sizeof p, "[\"%s\",\"latest\"]", TKA);
    r = call(n, "eth_getCode", p);
    assert_true(strlen(result_str(r)) > 4);
    assert_memory_equal(result_str(r), "0xfe", 4);
    json_decref(r);
    snprintf(p, sizeof p, "[\"%s\",\"latest\"]", DEV0);
    r = call(n, "eth_getCode", p);
    assert_string_equal(result_str(r), "0x");
    json_decref(r);
    snprintf(p, sizeof p, "[\"%s\",\"0x99999\"]", DEV0);
    r = call(n, "eth_getBalance", p);
    assert_int_equal(error_code(r), -32000);
    json_decref(r);
    snprintf(p, sizeof p, "[\"%s\",\"earliest\"]", DEV0);
    r = call(n, "eth_getBalance", p);
    assert_string_equal(result_str(r), "0x21e19e0c9bab2400000");
    json_decref(r);
}

/* A signed ERC20 transfer of `amount` from dev account `acct`. */
static char *signed_transfer(uint32_t acct, uint64_t nonce, uint64_t chain_id, const char *amount_hex32) {
    uint8_t cd[68] = {0xa9, 0x05, 0x9c, 0xbb};
    cd[4 + 31] = 0x42;
    rs_hex_decode(amount_hex32, 64, cd + 36, 32);
    return devnet_token_call_hex(acct, nonce, chain_id, 1000000000, 3000000000ull, cd, sizeof cd);
}

static const char *ONE = "0000000000000000000000000000000000000000000000000000000000000005";
static const char *HUGE = "ff00000000000000000000000000000000000000000000000000000000000000";

static void test_send_receipt_logs(void **state) {
    rs_node *n = *state;
    char p[4096];
    char *raw = signed_transfer(1, 0, 31337, ONE);
    snprintf(p, sizeof p, "[\"%s\"]", raw);
    json_t *r = call(n, "eth_sendRawTransaction", p);
    char hash[67];
    snprintf(hash, sizeof hash, "%s", result_str(r));
    json_decref(r);
    /* the same tx again: its nonce is used */
    r = call(n, "eth_sendRawTransaction", p);
    assert_int_equal(error_code(r), -32000);
    assert_non_null(strstr(json_string_value(json_object_get(json_object_get(r, "error"), "message")), "nonce too low"));
    json_decref(r);
    free(raw);

    snprintf(p, sizeof p, "[\"%s\"]", hash);
    r = call(n, "eth_getTransactionReceipt", p);
    json_t *res = json_object_get(r, "result");
    assert_string_equal(json_string_value(json_object_get(res, "status")), "0x1");
    assert_int_equal(json_array_size(json_object_get(res, "logs")), 1);
    char block_hash[67], block_no[24];
    snprintf(block_hash, sizeof block_hash, "%s", json_string_value(json_object_get(res, "blockHash")));
    snprintf(block_no, sizeof block_no, "%s", json_string_value(json_object_get(res, "blockNumber")));
    json_decref(r);

    r = call(n, "eth_getTransactionByHash", p);
    res = json_object_get(r, "result");
    assert_string_equal(json_string_value(json_object_get(res, "from")), "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    assert_string_equal(json_string_value(json_object_get(res, "nonce")), "0x0");
    json_decref(r);

    snprintf(p, sizeof p, "[\"%s\", false]", block_no);
    r = call(n, "eth_getBlockByNumber", p);
    res = json_object_get(r, "result");
    assert_string_equal(json_string_value(json_object_get(res, "hash")), block_hash);
    assert_string_equal(json_string_value(json_array_get(json_object_get(res, "transactions"), 0)), hash);
    json_decref(r);

    /* balanceOf(0x…42) == 5 via eth_call */
    snprintf(p, sizeof p,
             "[{\"to\":\"%s\",\"data\":\"0x70a082310000000000000000000000000000000000000000000000000000000000000042\"},"
             "\"latest\"]",
             TKA);
    r = call(n, "eth_call", p);
    assert_string_equal(result_str(r), "0x0000000000000000000000000000000000000000000000000000000000000005");
    json_decref(r);

    /* history: the block before the transfer saw none of it */
    uint64_t bn = strtoull(block_no + 2, NULL, 16);
    snprintf(p, sizeof p,
             "[{\"to\":\"%s\",\"data\":\"0x70a082310000000000000000000000000000000000000000000000000000000000000042\"},"
             "\"0x%llx\"]",
             TKA, (unsigned long long)(bn - 1));
    r = call(n, "eth_call", p);
    assert_string_equal(result_str(r), "0x0000000000000000000000000000000000000000000000000000000000000000");
    json_decref(r);
    snprintf(p, sizeof p, "[\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"0x%llx\"]", (unsigned long long)(bn - 1));
    r = call(n, "eth_getTransactionCount", p);
    assert_string_equal(result_str(r), "0x0");
    json_decref(r);
    snprintf(p, sizeof p, "[\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"%s\"]", block_no);
    r = call(n, "eth_getTransactionCount", p);
    assert_string_equal(result_str(r), "0x1");
    json_decref(r);
    r = call(n, "eth_getTransactionCount", "[\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"pending\"]");
    assert_string_equal(result_str(r), "0x1");
    json_decref(r);

    /* logs: by address and transfer topic; a non-matching topic finds none */
    snprintf(p, sizeof p,
             "[{\"fromBlock\":\"0x0\",\"toBlock\":\"latest\",\"address\":\"%s\",\"topics\":"
             "[\"0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef\",null,"
             "\"0x0000000000000000000000000000000000000000000000000000000000000042\"]}]",
             TKA);
    r = call(n, "eth_getLogs", p);
    assert_true(json_array_size(json_object_get(r, "result")) >= 1);
    json_decref(r);
    snprintf(p, sizeof p,
             "[{\"fromBlock\":\"0x0\",\"address\":\"%s\",\"topics\":[\"0x1111111111111111111111111111111111111111111111111111111111111111\"]}]",
             TKA);
    r = call(n, "eth_getLogs", p);
    assert_int_equal(json_array_size(json_object_get(r, "result")), 0);
    json_decref(r);
}

static void test_revert_code_3(void **state) {
    rs_node *n = *state;
    char p[1024];
    snprintf(p, sizeof p,
             "[{\"from\":\"%s\",\"to\":\"%s\",\"data\":\"0xa9059cbb0000000000000000000000000000000000000000000000000000000000000042%s\"}]",
             DEV0, TKA, HUGE);
    json_t *r = call(n, "eth_call", p);
    assert_int_equal(error_code(r), 3);
    const char *data = json_string_value(json_object_get(json_object_get(r, "error"), "data"));
    assert_non_null(data);
    assert_memory_equal(data, "0x08c379a0", 10); /* Error(string) of OpenZeppelin's ERC20 */
    json_decref(r);
    r = call(n, "eth_estimateGas", p);
    assert_int_equal(error_code(r), 3);
    json_decref(r);
}

static void test_wrong_chain_id_rejected(void **state) {
    char p[4096];
    char *raw = signed_transfer(2, 0, 1, ONE);
    snprintf(p, sizeof p, "[\"%s\"]", raw);
    free(raw);
    json_t *r = call(*state, "eth_sendRawTransaction", p);
    assert_int_equal(error_code(r), -32000);
    assert_non_null(strstr(json_string_value(json_object_get(json_object_get(r, "error"), "message")), "chain id"));
    json_decref(r);
    r = call(*state, "eth_sendRawTransaction", "[\"0xc0\"]");
    assert_int_equal(error_code(r), -32602);
    json_decref(r);
}

static void test_devnet_methods(void **state) {
    rs_node *n = *state;
    json_t *r = call(n, "evm_snapshot", "[]");
    char id[24];
    snprintf(id, sizeof id, "%s", result_str(r));
    json_decref(r);
    uint64_t before = rs_node_head(n).number;
    r = call(n, "anvil_mine", "[\"0x3\"]");
    assert_int_equal(error_code(r), 0);
    json_decref(r);
    assert_int_equal(rs_node_head(n).number, before + 3);
    r = call(n, "anvil_setBalance", "[\"0x0000000000000000000000000000000000000abc\",\"0x1234\"]");
    json_decref(r);
    r = call(n, "eth_getBalance", "[\"0x0000000000000000000000000000000000000abc\"]");
    assert_string_equal(result_str(r), "0x1234");
    json_decref(r);
    char p[64];
    snprintf(p, sizeof p, "[\"%s\"]", id);
    r = call(n, "evm_revert", p);
    assert_true(json_is_true(json_object_get(r, "result")));
    json_decref(r);
    assert_int_equal(rs_node_head(n).number, before);
    r = call(n, "eth_getBalance", "[\"0x0000000000000000000000000000000000000abc\"]");
    assert_string_equal(result_str(r), "0x0");
    json_decref(r);
    r = call(n, "evm_revert", p); /* used up */
    assert_true(json_is_false(json_object_get(r, "result")));
    json_decref(r);

    /* impersonation: an unknown account may send only while impersonated */
    const char *tx = "[{\"from\":\"0x000000000000000000000000000000000000dEaD\",\"to\":\"0x7b759530bc34393C7275cd91C848069947097906\","
                     "\"data\":\"0x40c10f19000000000000000000000000000000000000000000000000000000000000dead0000000000000000000000000000000000000000000000000000000000000009\"}]";
    r = call(n, "eth_sendTransaction", tx);
    assert_int_equal(error_code(r), -32000);
    json_decref(r);
    json_decref(call(n, "anvil_impersonateAccount", "[\"0x000000000000000000000000000000000000dEaD\"]"));
    json_decref(call(n, "anvil_setBalance", "[\"0x000000000000000000000000000000000000dEaD\",\"0xde0b6b3a7640000\"]"));
    r = call(n, "eth_sendTransaction", tx);
    assert_int_equal(error_code(r), 0);
    json_decref(r);
    json_decref(call(n, "anvil_stopImpersonatingAccount", "[\"0x000000000000000000000000000000000000dEaD\"]"));
    r = call(n, "eth_sendTransaction", tx);
    assert_int_equal(error_code(r), -32000);
    json_decref(r);

    /* time travel */
    uint64_t t0 = rs_node_head(n).timestamp;
    json_decref(call(n, "evm_setNextBlockTimestamp", "[\"0x7fffffff\"]"));
    json_decref(call(n, "evm_mine", "[]"));
    assert_int_equal(rs_node_head(n).timestamp, 0x7fffffff);
    assert_true(rs_node_head(n).timestamp > t0);
}

/* A block of two transactions (one batch under --block-time 1): reads by
 * block and index, by block hash, and all of the block's receipts. */
static void test_block_reads(void **state) {
    (void)state;
    size_t len = 0;
    char *g = slurp("genesis/devnet.json", &len);
    rs_node_config cfg = {.genesis_json = g, .genesis_len = len, .genesis_name = "devnet", .block_time = 1};
    char err[256];
    rs_node *n = rs_node_open(&cfg, err, sizeof err);
    free(g);
    assert_non_null(n);
    rs_node_start(n);
    /* both land in one block unless a block deadline falls between the two
     * submissions (about 1 in 10^4): then try again with the next nonces */
    char h0[67], h1[67];
    rs_block_header head;
    for (uint64_t nonce = 0;; nonce++) {
        assert_true(nonce < 3);
        char *a = signed_transfer(2, nonce, 31337, ONE), *b = signed_transfer(3, nonce, 31337, ONE);
        char *batch = malloc(strlen(a) + strlen(b) + 256);
        sprintf(batch,
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendRawTransaction\",\"params\":[\"%s\"]},"
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_sendRawTransaction\",\"params\":[\"%s\"]}]",
                a, b);
        json_t *r = call_text(n, batch);
        assert_int_equal(json_array_size(r), 2);
        snprintf(h0, sizeof h0, "%s", json_string_value(json_object_get(json_array_get(r, 0), "result")));
        snprintf(h1, sizeof h1, "%s", json_string_value(json_object_get(json_array_get(r, 1), "result")));
        json_decref(r);
        free(a), free(b), free(batch);
        head = rs_node_head(n);
        if (head.ntx == 2) break;
    }
    char bh[67], p[160];
    rs_hex_encode(head.hash.b, 32, bh);

    snprintf(p, sizeof p, "[\"%s\"]", bh);
    json_t *r = call(n, "eth_getBlockTransactionCountByHash", p);
    assert_string_equal(result_str(r), "0x2");
    json_decref(r);
    r = call(n, "eth_getBlockTransactionCountByHash", "[\"0x0000000000000000000000000000000000000000000000000000000000000001\"]");
    assert_true(json_is_null(json_object_get(r, "result")));
    json_decref(r);

    r = call(n, "eth_getTransactionByBlockNumberAndIndex", "[\"latest\",\"0x1\"]");
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "result"), "hash")), h1);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "result"), "transactionIndex")), "0x1");
    json_decref(r);
    snprintf(p, sizeof p, "[\"%s\",\"0x0\"]", bh);
    r = call(n, "eth_getTransactionByBlockHashAndIndex", p);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "result"), "hash")), h0);
    json_decref(r);
    r = call(n, "eth_getTransactionByBlockNumberAndIndex", "[\"latest\",\"0x2\"]");
    assert_true(json_is_null(json_object_get(r, "result")));
    json_decref(r);
    r = call(n, "eth_getTransactionByBlockNumberAndIndex", "[\"latest\",\"two\"]");
    assert_int_equal(error_code(r), -32602);
    json_decref(r);

    snprintf(p, sizeof p, "[\"%s\"]", bh);
    for (int by_hash = 0; by_hash < 2; by_hash++) {
        r = call(n, "eth_getBlockReceipts", by_hash ? p : "[\"latest\"]");
        json_t *res = json_object_get(r, "result");
        assert_int_equal(json_array_size(res), 2);
        assert_string_equal(json_string_value(json_object_get(json_array_get(res, 0), "transactionHash")), h0);
        assert_string_equal(json_string_value(json_object_get(json_array_get(res, 1), "transactionHash")), h1);
        json_t *log1 = json_array_get(json_object_get(json_array_get(res, 1), "logs"), 0);
        assert_string_equal(json_string_value(json_object_get(log1, "logIndex")), "0x1"); /* block-wide */
        assert_string_equal(json_string_value(json_object_get(json_array_get(res, 1), "status")), "0x1");
        json_decref(r);
    }
    r = call(n, "eth_getBlockReceipts", "[\"0xffffff\"]");
    assert_true(json_is_null(json_object_get(r, "result")));
    json_decref(r);
    rs_node_close(n);
}

static void test_filters(void **state) {
    rs_node *n = *state;
    char p[512];
    snprintf(p, sizeof p, "[{\"address\":\"%s\"}]", TKA);
    json_t *r = call(n, "eth_newFilter", p);
    char lid[32], bid[32];
    snprintf(lid, sizeof lid, "[\"%s\"]", result_str(r));
    json_decref(r);
    r = call(n, "eth_newBlockFilter", "[]");
    snprintf(bid, sizeof bid, "[\"%s\"]", result_str(r));
    json_decref(r);
    char *raw = signed_transfer(3, 0, 31337, ONE);
    snprintf(p, sizeof p, "[\"%s\"]", raw);
    free(raw);
    json_decref(call(n, "eth_sendRawTransaction", p));
    r = call(n, "eth_getFilterChanges", lid);
    assert_int_equal(json_array_size(json_object_get(r, "result")), 1);
    json_decref(r);
    r = call(n, "eth_getFilterChanges", lid); /* nothing new since */
    assert_int_equal(json_array_size(json_object_get(r, "result")), 0);
    json_decref(r);
    r = call(n, "eth_getFilterChanges", bid);
    assert_int_equal(json_array_size(json_object_get(r, "result")), 1);
    json_decref(r);
    r = call(n, "eth_uninstallFilter", lid);
    assert_true(json_is_true(json_object_get(r, "result")));
    json_decref(r);
    r = call(n, "eth_uninstallFilter", lid);
    assert_true(json_is_false(json_object_get(r, "result")));
    json_decref(r);
    r = call(n, "eth_getFilterChanges", lid);
    assert_int_equal(error_code(r), -32000);
    json_decref(r);
    json_decref(call(n, "eth_uninstallFilter", bid));
}

/* Over HTTP: a round trip, a GET (405) and a body over the limit (413). */
static int http(uint16_t port, const char *method, const char *body, size_t blen, char *resp, size_t cap) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    char head[256];
    int h = snprintf(head, sizeof head, "%s / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %zu\r\n\r\n",
                     method, blen);
    assert_true(write(fd, head, (size_t)h) == h);
    size_t off = 0;
    while (off < blen) {
        ssize_t w = write(fd, body + off, blen - off);
        if (w <= 0) break;
        off += (size_t)w;
    }
    size_t len = 0;
    ssize_t r;
    while (len + 1 < cap && (r = read(fd, resp + len, cap - len - 1)) > 0) len += (size_t)r;
    resp[len] = 0;
    close(fd);
    int status = 0;
    sscanf(resp, "HTTP/1.1 %d", &status);
    return status;
}

static void test_http(void **state) {
    char err[256];
    rs_rpc_server *s = rs_rpc_listen(*state, "127.0.0.1", 0, err, sizeof err);
    assert_non_null(s);
    uint16_t port = rs_rpc_port(s);
    char resp[4096];
    const char *b = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}";
    assert_int_equal(http(port, "POST", b, strlen(b), resp, sizeof resp), 200);
    assert_non_null(strstr(resp, "\"result\":\"0x7a69\""));
    assert_int_equal(http(port, "GET", "", 0, resp, sizeof resp), 405);
    assert_non_null(strstr(resp, "-32600"));
    size_t big = (size_t)RS_RPC_MAX_BODY + 10;
    char *huge = malloc(big);
    memset(huge, ' ', big);
    assert_int_equal(http(port, "POST", huge, big, resp, sizeof resp), 413);
    assert_non_null(strstr(resp, "request too large"));
    free(huge);
    assert_int_equal(http(port, "POST", "{oops", 5, resp, sizeof resp), 200);
    assert_non_null(strstr(resp, "-32700"));
    rs_rpc_stop(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_error),
        cmocka_unit_test(test_unknown_method),
        cmocka_unit_test(test_invalid_requests),
        cmocka_unit_test(test_oversized),
        cmocka_unit_test(test_batch_and_notification),
        cmocka_unit_test(test_simple_reads),
        cmocka_unit_test(test_send_receipt_logs),
        cmocka_unit_test(test_revert_code_3),
        cmocka_unit_test(test_wrong_chain_id_rejected),
        cmocka_unit_test(test_devnet_methods),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_block_reads),
        cmocka_unit_test(test_http),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
