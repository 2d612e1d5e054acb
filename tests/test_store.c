/* Durable storage: a node reopened on its data directory has the same head,
 * state root and transactions; snapshots and full replay agree; evm_revert
 * persists; corrupt, truncated or tampered databases and a different
 * genesis or chain id are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chain/mnemonic.h"
#include "chain/tx.h"
#include "node/node.h"
#include "restake/hex.h"
#include "rpc/rpc.h"
#include "node_fixture.h"
#include "test_util.h"

typedef struct {
    char dir[64];
    char *devnet, *mainnet;
    size_t devnet_len, mainnet_len;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    assert_true(temp_dir_make(f->dir, sizeof f->dir, "/tmp/restake_test_store_XXXXXX"));
    f->devnet = slurp("genesis/devnet.json", &f->devnet_len);
    f->mainnet = slurp("genesis/mainnet.json", &f->mainnet_len);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    if (temp_dir_remove(f->dir) != 0) return -1;
    free(f->devnet);
    free(f->mainnet);
    free(f);
    return 0;
}

static rs_node *open_node(fixture *f, const char *genesis, size_t glen, uint64_t chain_id, uint64_t snap_blocks,
                          bool replay, char *err) {
    rs_node_config cfg = {.data_dir = f->dir, .genesis_json = genesis, .genesis_len = glen, .genesis_name = "g",
                          .chain_id = chain_id, .snapshot_blocks = snap_blocks, .replay_from_genesis = replay};
    rs_node *n = rs_node_open(&cfg, err, 512);
    if (n) rs_node_start(n);
    return n;
}

static json_t *rpc(rs_node *n, const char *method, const char *params) {
    char buf[4096];
    snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":%s}", method, params);
    char *out = rs_rpc_handle(n, buf, strlen(buf));
    json_t *j = json_loads(out, 0, NULL);
    free(out);
    if (json_object_get(j, "error")) fprintf(stderr, "%s: %s\n", method, json_dumps(j, 0));
    assert_null(json_object_get(j, "error"));
    return j;
}

/* Sends a signed ERC20 transfer from dev account `acct`; returns its hash. */
static void send_transfer(rs_node *n, uint32_t acct, uint64_t nonce, char hash[67]) {
    uint8_t cd[68] = {0xa9, 0x05, 0x9c, 0xbb};
    cd[35] = (uint8_t)(0x40 + nonce);
    cd[67] = 3;
    char *hex = devnet_token_call_hex(acct, nonce, 31337, 1, 2000000000ull, cd, sizeof cd);
    char params[1100];
    assert_true(strlen(hex) + 4 < sizeof params);
    snprintf(params, sizeof params, "[\"%s\"]", hex);
    free(hex);
    json_t *r = rpc(n, "eth_sendRawTransaction", params);
    snprintf(hash, 67, "%s", json_string_value(json_object_get(r, "result")));
    json_decref(r);
}

static void test_reopen_keeps_everything(void **state) {
    fixture *f = *state;
    char err[512];
    rs_node *n = open_node(f, f->devnet, f->devnet_len, 0, 0, false, err);
    assert_non_null(n);
    char h[3][67];
    for (int i = 0; i < 3; i++) send_transfer(n, 0, (uint64_t)i, h[i]);
    json_decref(rpc(n, "anvil_setBalance", "[\"0x0000000000000000000000000000000000000abc\",\"0x77\"]"));
    rs_block_header head = rs_node_head(n);
    rs_b32 root = rs_node_state_root(n);
    rs_node_close(n);

    n = open_node(f, NULL, 0, 0, 0, false, err); /* the stored genesis */
    assert_non_null(n);
    assert_int_equal(rs_node_head(n).number, head.number);
    assert_memory_equal(rs_node_head(n).hash.b, head.hash.b, 32);
    rs_b32 root2 = rs_node_state_root(n);
    assert_memory_equal(root2.b, root.b, 32);
    json_t *r = rpc(n, "eth_getBalance", "[\"0x0000000000000000000000000000000000000abc\"]");
    assert_string_equal(json_string_value(json_object_get(r, "result")), "0x77");
    json_decref(r);
    char p[80];
    snprintf(p, sizeof p, "[\"%s\"]", h[2]);
    r = rpc(n, "eth_getTransactionReceipt", p);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "result"), "status")), "0x1");
    json_decref(r);
    /* the chain continues where it stopped */
    char h4[67];
    send_transfer(n, 0, 3, h4);
    assert_int_equal(rs_node_head(n).number, head.number + 1);
    rs_node_close(n);
}

static void test_snapshots_agree_with_full_replay(void **state) {
    fixture *f = *state;
    char err[512];
    rs_node *n = open_node(f, f->devnet, f->devnet_len, 0, 2, false, err);
    assert_non_null(n);
    char h[67];
    for (int i = 0; i < 7; i++) send_transfer(n, 1, (uint64_t)i, h);
    json_decref(rpc(n, "anvil_setBalance", "[\"0x0000000000000000000000000000000000000def\",\"0x5\"]"));
    send_transfer(n, 1, 7, h);
    rs_b32 root = rs_node_state_root(n);
    rs_node_close(n);
    n = open_node(f, NULL, 0, 0, 2, false, err);
    assert_non_null(n);
    rs_b32 r1 = rs_node_state_root(n);
    rs_node_close(n);
    n = open_node(f, NULL, 0, 0, 2, true, err);
    assert_non_null(n);
    rs_b32 r2 = rs_node_state_root(n);
    rs_node_close(n);
    assert_memory_equal(r1.b, root.b, 32);
    assert_memory_equal(r2.b, root.b, 32);
}

static void db_path(fixture *f, char *out) { sprintf(out, "%s/chain.sqlite", f->dir); }

/* A snapshot whose contents no longer match its root is skipped: the node
 * recovers from the blocks, to the same state, and rewrites nothing else. */
static void test_bad_snapshot_falls_back_to_replay(void **state) {
    fixture *f = *state;
    char err[512], path[128];
    rs_node *n = open_node(f, f->devnet, f->devnet_len, 0, 2, false, err);
    assert_non_null(n);
    char h[67];
    for (int i = 0; i < 7; i++) send_transfer(n, 4, (uint64_t)i, h);
    rs_block_header head = rs_node_head(n);
    rs_b32 root = rs_node_state_root(n);
    rs_node_close(n);
    db_path(f, path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    /* every stored snapshot loses its last entry: each one is now corrupt */
    assert_int_equal(sqlite3_exec(db, "UPDATE snapshots SET data = substr(data, 1, length(data) - 33)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM snapshots", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 2); /* the latest and the one before */
    sqlite3_finalize(q);
    sqlite3_close(db);
    n = open_node(f, NULL, 0, 0, 2, false, err);
    assert_non_null(n);
    assert_int_equal(rs_node_head(n).number, head.number);
    rs_b32 r1 = rs_node_state_root(n);
    assert_memory_equal(r1.b, root.b, 32);
    rs_node_close(n);
}

/* evm_increaseTime and evm_setNextBlockTimestamp survive a restart: the
 * chain's clock does not jump back to the wall clock. */
static void test_devnet_clock_is_durable(void **state) {
    fixture *f = *state;
    char err[512];
    rs_node *n = open_node(f, f->devnet, f->devnet_len, 0, 0, false, err);
    assert_non_null(n);
    uint64_t next = rs_node_head(n).timestamp + 1000000, set_at = (uint64_t)time(NULL);
    char p[64];
    snprintf(p, sizeof p, "[%llu]", (unsigned long long)next);
    json_decref(rpc(n, "evm_setNextBlockTimestamp", p));
    rs_node_close(n);
    n = open_node(f, NULL, 0, 0, 0, false, err);
    assert_non_null(n);
    json_decref(rpc(n, "evm_mine", "[]"));
    assert_int_equal(rs_node_head(n).timestamp, next);
    /* the offset that came with it, plus a day, also survives */
    json_decref(rpc(n, "evm_increaseTime", "[86400]"));
    rs_node_close(n);
    n = open_node(f, NULL, 0, 0, 0, false, err);
    assert_non_null(n);
    json_decref(rpc(n, "evm_mine", "[]"));
    /* chain time = wall time + offset, the offset set to next at set_at */
    uint64_t ts = rs_node_head(n).timestamp;
    assert_true(ts >= next + 86400);
    assert_true(ts <= next + 86400 + ((uint64_t)time(NULL) - set_at) + 1);
    rs_node_close(n);
}

static void test_evm_revert_is_durable(void **state) {
    fixture *f = *state;
    char err[512];
    rs_node *n = open_node(f, f->devnet, f->devnet_len, 0, 0, false, err);
    assert_non_null(n);
    char h[67];
    send_transfer(n, 2, 0, h);
    json_t *r = rpc(n, "evm_snapshot", "[]");
    char id[32];
    snprintf(id, sizeof id, "[\"%s\"]", json_string_value(json_object_get(r, "result")));
    json_decref(r);
    rs_block_header head = rs_node_head(n);
    rs_b32 root = rs_node_state_root(n);
    send_transfer(n, 2, 1, h);
    json_decref(rpc(n, "anvil_setBalance", "[\"0x0000000000000000000000000000000000000abc\",\"0x99\"]"));
    json_decref(rpc(n, "evm_revert", id));
    rs_node_close(n);
    n = open_node(f, NULL, 0, 0, 0, false, err);
    assert_non_null(n);
    assert_int_equal(rs_node_head(n).number, head.number);
    rs_b32 root2 = rs_node_state_root(n);
    assert_memory_equal(root2.b, root.b, 32);
    char p[80];
    snprintf(p, sizeof p, "[\"%s\"]", h);
    r = rpc(n, "eth_getTransactionReceipt", p);
    assert_true(json_is_null(json_object_get(r, "result")));
    json_decref(r);
    rs_node_close(n);
}

static void test_other_genesis_or_chain_refused(void **state) {
    fixture *f = *state;
    char err[512];
    rs_node *n = open_node(f, f->devnet, f->devnet_len, 0, 0, false, err);
    assert_non_null(n);
    rs_node_close(n);
    assert_null(open_node(f, f->mainnet, f->mainnet_len, 0, 0, false, err));
    assert_non_null(strstr(err, "different genesis"));
    assert_null(open_node(f, f->devnet, f->devnet_len, 1, 0, false, err));
    assert_non_null(strstr(err, "chain id"));
    n = open_node(f, f->devnet, f->devnet_len, 0, 0, false, err); /* the same genesis again is fine */
    assert_non_null(n);
    rs_node_close(n);
}

static void test_chain_id_is_remembered(void **state) {
    fixture *f = *state;
    char err[512];
    rs_node *n = open_node(f, f->devnet, f->devnet_len, 777, 0, false, err);
    assert_non_null(n);
    assert_int_equal(n->chain_id, 777);
    rs_node_close(n);
    n = open_node(f, NULL, 0, 0, 0, false, err);
    assert_non_null(n);
    assert_int_equal(n->chain_id, 777);
    rs_node_close(n);
}


static void test_tampered_block_refused(void **state) {
    fixture *f = *state;
    char err[512], path[128];
    rs_node *n = open_node(f, f->devnet, f->devnet_len, 0, 0, false, err);
    assert_non_null(n);
    char h[67];
    send_transfer(n, 3, 0, h);
    send_transfer(n, 3, 1, h);
    rs_node_close(n);
    /* a different (still valid) receipt: replay no longer matches the header */
    db_path(f, path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE blocks SET header = (SELECT header FROM blocks WHERE number = 1) "
                                      "WHERE number = 2",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_null(open_node(f, NULL, 0, 0, 0, false, err));
    assert_non_null(strstr(err, "block"));
}

static void test_corrupt_and_truncated_refused(void **state) {
    fixture *f = *state;
    char err[512], path[128];
    rs_node *n = open_node(f, f->devnet, f->devnet_len, 0, 0, false, err);
    assert_non_null(n);
    char h[67];
    for (int i = 0; i < 20; i++) send_transfer(n, 4, (uint64_t)i, h);
    rs_node_close(n);
    db_path(f, path);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 8192);
    char copy[320];
    snprintf(copy, sizeof copy, "cp %s %s.orig", path, path);
    assert_int_equal(system(copy), 0);

    assert_int_equal(truncate(path, sb.st_size / 2), 0);
    assert_null(open_node(f, NULL, 0, 0, 0, false, err));
    assert_true(strstr(err, "integrity") || strstr(err, "corrupt") || strstr(err, "malformed"));

    snprintf(copy, sizeof copy, "cp %s.orig %s", path, path);
    assert_int_equal(system(copy), 0);
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    fseek(fp, 4096 + 100, SEEK_SET);
    char junk[6000];
    memset(junk, 0x5a, sizeof junk);
    fwrite(junk, 1, sizeof junk, fp);
    fclose(fp);
    assert_null(open_node(f, NULL, 0, 0, 0, false, err));
    assert_true(strstr(err, "integrity") || strstr(err, "corrupt") || strstr(err, "malformed"));

    fp = fopen(path, "wb");
    fputs("this is not a database at all, just some text long enough to look like a header......", fp);
    fclose(fp);
    assert_null(open_node(f, NULL, 0, 0, 0, false, err));
}

/* The storage encodings of headers and receipts round-trip, and blooms
 * contain what was added (and, here, not what was not). */
static void test_block_and_receipt_encodings(void **state) {
    (void)state;
    rs_receipt r;
    memset(&r, 0, sizeof r);
    r.type = 2;
    r.status = 1;
    r.gas_used = 35700;
    r.cumulative_gas = 71400;
    r.effective_gas_price = u256_from_u64(2000000000);
    r.first_log_index = 3;
    r.nlogs = 1;
    r.logs = calloc(1, sizeof *r.logs);
    memset(r.logs[0].address.b, 0xaa, 20);
    r.logs[0].ntopics = 2;
    memset(r.logs[0].topics[0].b, 0x11, 32);
    memset(r.logs[0].topics[1].b, 0x22, 32);
    r.logs[0].len = 5;
    r.logs[0].data = malloc(5);
    memcpy(r.logs[0].data, "hello", 5);
    rs_bloom_add(r.bloom, r.logs[0].address.b, 20);
    rs_bloom_add(r.bloom, r.logs[0].topics[0].b, 32);
    rs_bloom_add(r.bloom, r.logs[0].topics[1].b, 32);
    rs_buf b;
    rs_buf_init(&b);
    rs_receipt_encode(&r, &b);
    rs_receipt d;
    assert_true(rs_receipt_decode(b.p, b.len, &d));
    assert_int_equal(d.type, 2);
    assert_int_equal(d.gas_used, 35700);
    assert_int_equal(d.cumulative_gas, 71400);
    assert_int_equal(d.first_log_index, 3);
    assert_int_equal(d.nlogs, 1);
    assert_memory_equal(d.logs[0].data, "hello", 5);
    assert_memory_equal(d.bloom, r.bloom, 256);
    assert_true(rs_bloom_has(d.bloom, r.logs[0].topics[1].b, 32));
    uint8_t other[32];
    memset(other, 0x33, 32);
    assert_false(rs_bloom_has(d.bloom, other, 32));
    rs_b32 h1 = rs_receipt_hash(&r), h2 = rs_receipt_hash(&d);
    assert_memory_equal(h1.b, h2.b, 32);
    rs_receipt_free(&d);
    assert_false(rs_receipt_decode(b.p, b.len - 1, &d)); /* truncated: refused */
    rs_receipt_free(&r);

    rs_block_header h, g;
    memset(&h, 0, sizeof h);
    h.number = 7;
    h.timestamp = 1750000012;
    h.gas_used = 71400;
    h.gas_limit = RS_BLOCK_GAS_LIMIT;
    h.base_fee = u256_from_u64(RS_BASE_FEE);
    h.ntx = 2;
    h.tx_root = rs_hash_list_root(NULL, 0);
    rs_block_seal(&h);
    rs_buf_reset(&b);
    rs_block_header_encode(&h, &b);
    assert_true(rs_block_header_decode(b.p, b.len, &g));
    assert_memory_equal(&g.hash, &h.hash, 32);
    assert_int_equal(g.ntx, 2);
    assert_int_equal(g.timestamp, 1750000012);
    rs_block_seal(&g);
    assert_memory_equal(&g.hash, &h.hash, 32); /* the hash is a function of the fields */
    g.timestamp++;
    rs_block_seal(&g);
    assert_memory_not_equal(&g.hash, &h.hash, 32);
    /* keccak256(rlp([])) = keccak256(0xc0), Ethereum's empty-list hash */
    rs_b32 want;
    assert_true(rs_b32_from_hex(&want, "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"));
    assert_memory_equal(h.tx_root.b, want.b, 32);
    rs_buf_free(&b);
}

/* Roots of {rlp(i) → v_i}, v_i = (i*31 + j) for j < (i*7 % 50) + 1, as
 * computed by @ethereumjs/trie 6.2.1: short (embedded) and hashed nodes,
 * branches, extensions and 2-byte keys all appear. */
static void test_ordered_trie_roots(void **state) {
    (void)state;
    static const struct {
        size_t n;
        const char *root;
    } want[] = {
        {0, "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"},
        {1, "0x7da536f7df63a0dfb481590e53be0e3063d9b798925cc3d479a3eb3155d0b394"},
        {3, "0xf4baf1245590ffb17c0db24d0550fa86996a708053f63d00aab9392f9cbe0beb"},
        {17, "0xcd23c23ac3740af36044e810b6aebed88937b85f3d4deeda8c72b0c4667e6c61"},
        {129, "0x3ba754bc73cc1491b67a47369c36dd580a62b17f129632fbca9b6b45c9f8d19c"},
        {300, "0xdaae5e2fa5e135eea30ca9e95ff4a883ea18475c67c476882dddc062ed6a86bd"},
    };
    for (size_t t = 0; t < sizeof want / sizeof want[0]; t++) {
        size_t n = want[t].n;
        uint8_t **v = calloc(n + 1, sizeof *v);
        size_t *l = calloc(n + 1, sizeof *l);
        for (size_t i = 0; i < n; i++) {
            l[i] = (i * 7 % 50) + 1;
            v[i] = malloc(l[i]);
            for (size_t j = 0; j < l[i]; j++) v[i][j] = (uint8_t)(i * 31 + j);
        }
        rs_b32 r = rs_ordered_trie_root((const uint8_t *const *)v, l, n), w;
        assert_true(rs_b32_from_hex(&w, want[t].root));
        assert_memory_equal(r.b, w.b, 32);
        for (size_t i = 0; i < n; i++) free(v[i]);
        free(v);
        free(l);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_and_receipt_encodings),
        cmocka_unit_test(test_ordered_trie_roots),
        cmocka_unit_test_setup_teardown(test_reopen_keeps_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snapshots_agree_with_full_replay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_snapshot_falls_back_to_replay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_devnet_clock_is_durable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evm_revert_is_durable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_genesis_or_chain_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chain_id_is_remembered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tampered_block_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_and_truncated_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
