/* Every stored row is verified on read: a bit flipped in a stored receipt,
 * block header or devnet operation is refused with an error after a
 * restart, never served; rows from before checksums (NULL sums) are still
 * read. */
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

#include "node_fixture.h"
#include "rpc/rpc.h"

typedef struct {
    char dir[64];
    char *devnet;
    size_t devnet_len;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    assert_true(temp_dir_make(f->dir, sizeof f->dir, "/tmp/restake_test_checksum_XXXXXX"));
    f->devnet = slurp("genesis/devnet.json", &f->devnet_len);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    if (temp_dir_remove(f->dir) != 0) return -1;
    free(f->devnet);
    free(f);
    return 0;
}

/* snapshot after every block: a restart replays nothing, so a damaged row
 * is read as stored (and must be refused), not rebuilt */
static uint64_t g_snapshot_blocks;

static rs_node *open_node(fixture *f) {
    rs_node_config cfg = {.data_dir = f->dir, .genesis_json = f->devnet, .genesis_len = f->devnet_len,
                          .genesis_name = "devnet", .snapshot_blocks = g_snapshot_blocks};
    char err[512];
    rs_node *n = rs_node_open(&cfg, err, sizeof err);
    if (!n) fprintf(stderr, "%s\n", err);
    assert_non_null(n);
    rs_node_start(n);
    return n;
}

static json_t *call(rs_node *n, const char *method, const char *params) {
    char buf[4096];
    snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":%s}", method, params);
    char *out = rs_rpc_handle(n, buf, strlen(buf));
    json_t *j = json_loads(out, 0, NULL);
    free(out);
    assert_non_null(j);
    return j;
}

/* A token transfer (it logs a Transfer event) from dev account 1. */
static void transfer(rs_node *n, uint64_t nonce, char hash[67]) {
    uint8_t cd[68] = {0xa9, 0x05, 0x9c, 0xbb};
    cd[35] = 0x42;
    cd[67] = 1;
    char *hex = devnet_token_call_hex(1, nonce, 31337, 1, 2000000000ull, cd, sizeof cd);
    char params[1100];
    snprintf(params, sizeof params, "[\"%s\"]", hex);
    free(hex);
    json_t *r = call(n, "eth_sendRawTransaction", params);
    assert_non_null(json_string_value(json_object_get(r, "result")));
    snprintf(hash, 67, "%s", json_string_value(json_object_get(r, "result")));
    json_decref(r);
}

static void db_exec(fixture *f, const char *sql) {
    char path[128];
    snprintf(path, sizeof path, "%s/chain.sqlite", f->dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) fprintf(stderr, "%s: %s\n", sql, msg);
    assert_int_equal(rc, SQLITE_OK);
    assert_int_equal(sqlite3_changes(db) > 0, 1);
    sqlite3_close(db);
}

/* Flips one bit of byte `at` (1-based) of column col of the row matching where. */
static void flip_bit(fixture *f, const char *table, const char *col, const char *where, int at) {
    /* SQLite has no byte-wise xor on blobs: read, flip, write back */
    char path[128];
    snprintf(path, sizeof path, "%s/chain.sqlite", f->dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char q[256];
    snprintf(q, sizeof q, "SELECT %s FROM %s WHERE %s", col, table, where);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_bytes(st, 0);
    assert_true(at <= n);
    uint8_t *b = malloc((size_t)n);
    memcpy(b, sqlite3_column_blob(st, 0), (size_t)n);
    sqlite3_finalize(st);
    b[at - 1] ^= 0x10;
    snprintf(q, sizeof q, "UPDATE %s SET %s = ? WHERE %s", table, col, where);
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_blob(st, 1, b, n, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(b);
}

static bool is_error(json_t *j) { return json_object_get(j, "error") != NULL && !json_object_get(j, "result"); }

static void test_flipped_receipt_refused(void **state) {
    fixture *f = *state;
    g_snapshot_blocks = 1;
    rs_node *n = open_node(f);
    char h1[67], h2[67];
    transfer(n, 0, h1);
    transfer(n, 1, h2);
    rs_node_close(n);
    /* a bit inside the first transfer's receipt (its log data) */
    flip_bit(f, "txs", "receipt", "block = 1", 40);
    n = open_node(f);
    char p[80];
    snprintf(p, sizeof p, "[\"%s\"]", h1);
    json_t *r = call(n, "eth_getTransactionReceipt", p);
    assert_true(is_error(r));
    json_decref(r);
    r = call(n, "eth_getBlockReceipts", "[\"0x1\"]");
    assert_true(is_error(r));
    json_decref(r);
    r = call(n, "eth_getLogs", "[{\"fromBlock\":\"0x0\",\"toBlock\":\"latest\"}]");
    assert_true(is_error(r));
    json_decref(r);
    /* the undamaged one is served; the chain goes on */
    snprintf(p, sizeof p, "[\"%s\"]", h2);
    r = call(n, "eth_getTransactionReceipt", p);
    assert_non_null(json_object_get(json_object_get(r, "result"), "blockNumber"));
    json_decref(r);
    char h3[67];
    transfer(n, 2, h3);
    rs_node_close(n);
    g_snapshot_blocks = 0;
}

/* A replay that passes the damaged receipt's block rebuilds it: after a
 * start with --replay-from-genesis it is served again, as it was. */
static void test_damaged_receipt_rebuilt_by_replay(void **state) {
    fixture *f = *state;
    rs_node *n = open_node(f);
    char h1[67], h2[67];
    transfer(n, 0, h1);
    transfer(n, 1, h2);
    char p[80];
    snprintf(p, sizeof p, "[\"%s\"]", h1);
    json_t *before = call(n, "eth_getTransactionReceipt", p);
    rs_node_close(n);
    flip_bit(f, "txs", "receipt", "block = 1", 40);
    rs_node_config cfg = {.data_dir = f->dir, .genesis_json = f->devnet, .genesis_len = f->devnet_len,
                          .genesis_name = "devnet", .replay_from_genesis = true};
    char err[512];
    n = rs_node_open(&cfg, err, sizeof err);
    assert_non_null(n);
    rs_node_start(n);
    json_t *after = call(n, "eth_getTransactionReceipt", p);
    assert_true(json_equal(json_object_get(before, "result"), json_object_get(after, "result")));
    json_decref(before);
    json_decref(after);
    rs_node_close(n);
}

static void test_flipped_header_refused(void **state) {
    fixture *f = *state;
    rs_node *n = open_node(f);
    char h[67];
    transfer(n, 0, h);
    transfer(n, 1, h);
    rs_node_close(n);
    /* a bit of block 2's gas used: still decodes, no longer matches its sum */
    flip_bit(f, "blocks", "header", "number = 2", 8);
    rs_node_config cfg = {.data_dir = f->dir, .genesis_json = f->devnet, .genesis_len = f->devnet_len,
                          .genesis_name = "devnet"};
    char err[512];
    n = rs_node_open(&cfg, err, sizeof err);
    assert_null(n); /* block 2 is on the replay path: refused at start */
    assert_non_null(strstr(err, "block 2"));
}

static void test_flipped_op_refused(void **state) {
    fixture *f = *state;
    rs_node *n = open_node(f);
    json_decref(call(n, "anvil_setBalance", "[\"0x0000000000000000000000000000000000000abc\",\"0x77\"]"));
    rs_node_close(n);
    flip_bit(f, "ops", "data", "kind = 1", 52);
    rs_node_config cfg = {.data_dir = f->dir, .genesis_json = f->devnet, .genesis_len = f->devnet_len,
                          .genesis_name = "devnet"};
    char err[512];
    assert_null(rs_node_open(&cfg, err, sizeof err));
    assert_non_null(strstr(err, "operation"));
}

/* Rows from before checksums carry NULL sums and are read unchecked. */
static void test_rows_without_sums_read(void **state) {
    fixture *f = *state;
    rs_node *n = open_node(f);
    char h[67];
    transfer(n, 0, h);
    rs_b32 root = rs_node_state_root(n);
    rs_node_close(n);
    db_exec(f, "UPDATE txs SET sum = NULL, rsum = NULL");
    db_exec(f, "UPDATE blocks SET sum = NULL");
    n = open_node(f);
    assert_true(rs_b32_eq(rs_node_state_root(n), root));
    char p[80];
    snprintf(p, sizeof p, "[\"%s\"]", h);
    json_t *r = call(n, "eth_getTransactionReceipt", p);
    assert_non_null(json_object_get(json_object_get(r, "result"), "blockNumber"));
    json_decref(r);
    rs_node_close(n);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_flipped_receipt_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_receipt_rebuilt_by_replay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flipped_header_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flipped_op_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rows_without_sums_read, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
