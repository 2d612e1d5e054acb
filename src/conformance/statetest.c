/* State test runner: parses a GeneralStateTests file with jansson and runs
 * its Cancun entries on the world. See conformance/statetest.h. */
#include "conformance/statetest.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "chain/tx.h"
#include "restake/hex.h"
#include "restake/keccak.h"
#include "restake/limits.h"
#include "restake/transition.h"
#include "restake/world.h"

#define FORK "Cancun"

/* ---- JSON scalars ----
 * Numbers arrive as "0x…" hex strings (occasionally decimal strings or JSON
 * integers); a value that does not fit is an error, never a truncation. */

static bool num_u256(const json_t *j, u256 *out) {
    if (json_is_integer(j)) {
        json_int_t v = json_integer_value(j);
        if (v < 0) return false;
        *out = u256_from_u64((uint64_t)v);
        return true;
    }
    if (!json_is_string(j)) return false;
    const char *s = json_string_value(j);
    size_t n = json_string_length(j);
    if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2, n -= 2;
        while (n > 1 && s[0] == '0') s++, n--;
        if (n == 0) {
            *out = U256_ZERO;
            return true;
        }
        return u256_from_hex(out, s, n);
    }
    return u256_from_dec(out, s, n);
}

static bool num_u64(const json_t *j, uint64_t *out) {
    u256 v;
    return num_u256(j, &v) && u256_to_u64(out, v);
}

static bool addr_of(const json_t *j, rs_addr *a) {
    return json_is_string(j) && json_string_length(j) == 42 && rs_addr_from_hex(a, json_string_value(j));
}

static bool b32_of(const json_t *j, rs_b32 *x) {
    u256 v;
    if (!num_u256(j, &v)) return false;
    *x = rs_b32_from_u256(v);
    return true;
}

/* Hex bytes into a fresh allocation (never NULL on success). */
static bool bytes_of(const json_t *j, uint8_t **out, size_t *len) {
    if (!json_is_string(j)) return false;
    const char *s = json_string_value(j);
    size_t n = json_string_length(j);
    if (n / 2 > RS_STATETEST_DATA_MAX) return false;
    uint8_t *p = malloc(n / 2 + 1);
    if (!p) return false;
    long k = rs_hex_decode(s, n, p, n / 2 + 1);
    if (k < 0) {
        free(p);
        return false;
    }
    *out = p;
    *len = (size_t)k;
    return true;
}

/* ---- one test ---- */

typedef struct {
    rs_block_env env;
    rs_state *pre;
    const json_t *tx;      /* "transaction" */
    rs_evm_tx base;        /* the fields shared by every entry */
    bool base_invalid;     /* a shared field is out of range: every entry's tx is invalid */
    rs_b32 *blob_hashes;
} test_ctx;

static rs_b32 test_block_hash(void *ctx, uint64_t number) {
    /* The state-test convention (go-ethereum's, followed by every client's
     * runner): the hash of block n is keccak256 of n in decimal. */
    (void)ctx;
    char s[24];
    int n = snprintf(s, sizeof s, "%" PRIu64, number);
    return rs_keccak(s, (size_t)n);
}

static const char *parse_env(const json_t *j, rs_block_env *e) {
    if (!json_is_object(j)) return "env is not an object";
    memset(e, 0, sizeof *e);
    e->chain_id = U256_ONE;
    if (!addr_of(json_object_get(j, "currentCoinbase"), &e->coinbase)) return "bad env.currentCoinbase";
    if (!num_u64(json_object_get(j, "currentNumber"), &e->number)) return "bad env.currentNumber";
    if (!num_u64(json_object_get(j, "currentTimestamp"), &e->timestamp)) return "bad env.currentTimestamp";
    if (!num_u64(json_object_get(j, "currentGasLimit"), &e->gas_limit)) return "bad env.currentGasLimit";
    const json_t *v;
    if ((v = json_object_get(j, "currentBaseFee")) && !num_u256(v, &e->base_fee)) return "bad env.currentBaseFee";
    if ((v = json_object_get(j, "currentRandom")) || (v = json_object_get(j, "currentDifficulty")))
        if (!b32_of(v, &e->prev_randao)) return "bad env.currentRandom";
    uint64_t excess = 0;
    if ((v = json_object_get(j, "currentExcessBlobGas")) && !num_u64(v, &excess))
        return "bad env.currentExcessBlobGas";
    e->blob_base_fee = rs_blob_base_fee(excess);
    return NULL;
}

static const char *load_account(rs_world *w, rs_addr a, const json_t *acc) {
    if (!json_is_object(acc)) return "pre account is not an object";
    u256 balance;
    uint64_t nonce;
    if (!num_u256(json_object_get(acc, "balance"), &balance)) return "bad pre balance";
    if (!num_u64(json_object_get(acc, "nonce"), &nonce)) return "bad pre nonce";
    rs_world_create(w, a);
    rs_world_set_balance(w, a, balance);
    rs_world_set_nonce(w, a, nonce);
    const json_t *code = json_object_get(acc, "code");
    if (code) {
        uint8_t *c = NULL;
        size_t n = 0;
        if (!bytes_of(code, &c, &n)) return "bad pre code";
        if (n > RS_WORLD_CODE_MAX) {
            free(c);
            return "pre code too large";
        }
        rs_world_set_code(w, a, c, n);
        free(c);
    }
    const json_t *storage = json_object_get(acc, "storage");
    if (storage && !json_is_object(storage)) return "bad pre storage";
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)storage, k, v) {
        u256 slot, val;
        json_t *ks = json_string(k);
        bool ok = ks && num_u256(ks, &slot) && num_u256(v, &val);
        json_decref(ks);
        if (!ok) return "bad pre storage entry";
        if (!u256_is_zero(val)) rs_world_set_storage(w, a, slot, val);
    }
    return NULL;
}

static const char *parse_pre(const json_t *j, rs_state **out) {
    if (!json_is_object(j)) return "pre is not an object";
    if (json_object_size(j) > RS_STATETEST_ACCOUNTS_MAX) return "too many pre accounts";
    rs_state *st = rs_state_new();
    rs_world *w = st ? rs_world_new(st) : NULL;
    if (!w) {
        rs_state_free(st);
        return "out of memory";
    }
    const char *k;
    const json_t *v;
    const char *err = NULL;
    json_object_foreach((json_t *)j, k, v) {
        rs_addr a;
        json_t *ks = json_string(k);
        bool ok = ks && addr_of(ks, &a);
        json_decref(ks);
        if (!ok) {
            err = "bad pre address";
            break;
        }
        if ((err = load_account(w, a, v))) break;
    }
    rs_world_free(w);
    rs_state_commit(st);
    if (err) {
        rs_state_free(st);
        return err;
    }
    *out = st;
    return NULL;
}

/* The fields of "transaction" every entry shares. */
static const char *parse_tx_base(test_ctx *t) {
    const json_t *j = t->tx;
    rs_evm_tx *x = &t->base;
    memset(x, 0, sizeof *x);
    if (!json_is_object(j)) return "transaction is not an object";
    const json_t *v;
    if ((v = json_object_get(j, "sender"))) {
        if (!addr_of(v, &x->sender)) return "bad transaction.sender";
    } else {
        uint8_t *key;
        size_t n;
        if (!bytes_of(json_object_get(j, "secretKey"), &key, &n)) return "no transaction.sender or secretKey";
        bool ok = n == 32 && rs_key_to_address(key, &x->sender);
        free(key);
        if (!ok) return "bad transaction.secretKey";
    }
    v = json_object_get(j, "to");
    if (v && json_is_string(v) && json_string_length(v) > 0) {
        if (!addr_of(v, &x->to)) return "bad transaction.to";
        x->has_to = true;
    }
    u256 nonce;
    if (!num_u256(json_object_get(j, "nonce"), &nonce)) return "bad transaction.nonce";
    if (!u256_to_u64(&x->nonce, nonce)) t->base_invalid = true;
    if ((v = json_object_get(j, "gasPrice"))) {
        x->type = RS_ETX_LEGACY;
        if (!num_u256(v, &x->max_fee)) return "bad transaction.gasPrice";
        x->max_priority_fee = x->max_fee;
    } else {
        x->type = RS_ETX_DYNAMIC_FEE;
        if (!num_u256(json_object_get(j, "maxFeePerGas"), &x->max_fee)) return "bad transaction.maxFeePerGas";
        if (!num_u256(json_object_get(j, "maxPriorityFeePerGas"), &x->max_priority_fee))
            return "bad transaction.maxPriorityFeePerGas";
    }
    if (x->type == RS_ETX_LEGACY && json_object_get(j, "accessLists")) x->type = RS_ETX_ACCESS_LIST;
    if ((v = json_object_get(j, "maxFeePerBlobGas")) && !num_u256(v, &x->max_fee_per_blob_gas))
        return "bad transaction.maxFeePerBlobGas";
    if ((v = json_object_get(j, "blobVersionedHashes"))) {
        if (!json_is_array(v)) return "bad transaction.blobVersionedHashes";
        x->type = RS_ETX_BLOB;
        size_t n = json_array_size(v);
        t->blob_hashes = rs_xcalloc(n, sizeof(rs_b32));
        for (size_t i = 0; i < n; i++)
            if (!b32_of(json_array_get(v, i), &t->blob_hashes[i])) return "bad blob versioned hash";
        x->blob_hashes = t->blob_hashes;
        x->blob_hashes_len = n;
    }
    return NULL;
}

typedef struct {
    rs_evm_tx tx;
    uint8_t *data;
    rs_access_entry *al;
    size_t nal;
    u256 *keys;
    bool invalid; /* a field cannot be part of a valid transaction */
} entry_tx;

static void entry_tx_free(entry_tx *e) {
    free(e->data);
    free(e->al);
    free(e->keys);
}

static const char *parse_access_list(const json_t *j, entry_tx *e) {
    if (json_is_null(j)) return NULL;
    if (!json_is_array(j)) return "access list is not an array";
    size_t n = json_array_size(j), nkeys = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *keys = json_object_get(json_array_get(j, i), "storageKeys");
        if (keys && !json_is_array(keys)) return "bad access list storageKeys";
        nkeys += json_array_size(keys);
    }
    e->al = rs_xcalloc(n, sizeof *e->al);
    e->keys = rs_xcalloc(nkeys, sizeof *e->keys);
    size_t kk = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *item = json_array_get(j, i);
        if (!addr_of(json_object_get(item, "address"), &e->al[i].addr)) return "bad access list address";
        const json_t *keys = json_object_get(item, "storageKeys");
        e->al[i].keys = e->keys + kk;
        for (size_t k = 0; k < json_array_size(keys); k++, kk++)
            if (!num_u256(json_array_get(keys, k), &e->keys[kk])) return "bad access list key";
        e->al[i].nkeys = json_array_size(keys);
    }
    e->nal = n;
    return NULL;
}

static const char *build_tx(const test_ctx *t, size_t d, size_t g, size_t v, entry_tx *e) {
    memset(e, 0, sizeof *e);
    e->tx = t->base;
    e->invalid = t->base_invalid;
    const json_t *data = json_array_get(json_object_get(t->tx, "data"), d);
    const json_t *gas = json_array_get(json_object_get(t->tx, "gasLimit"), g);
    const json_t *value = json_array_get(json_object_get(t->tx, "value"), v);
    if (!data || !gas || !value) return "entry index out of range";
    if (!bytes_of(data, &e->data, &e->tx.data_len)) return "bad transaction data";
    e->tx.data = e->data;
    u256 gl;
    if (!num_u256(gas, &gl)) return "bad transaction gasLimit";
    if (!u256_to_u64(&e->tx.gas_limit, gl)) e->invalid = true;
    if (!num_u256(value, &e->tx.value)) e->invalid = true; /* wider than 256 bits */
    const json_t *als = json_object_get(t->tx, "accessLists");
    if (als) {
        const char *err = parse_access_list(json_array_get(als, d), e);
        if (err) return err;
        e->tx.access_list = e->al;
        e->tx.access_list_len = e->nal;
    }
    return NULL;
}

/* ---- running an entry ---- */

static void print_name(FILE *out, const char *name) {
    for (const char *p = name; *p; p++) fputc(isspace((unsigned char)*p) ? '_' : *p, out);
}

static void report(FILE *out, const char *name, size_t d, size_t g, size_t v, const char *fail) {
    fputs(fail ? "FAIL " : "PASS ", out);
    print_name(out, name);
    fprintf(out, " " FORK " %zu %zu %zu", d, g, v);
    if (fail) fprintf(out, " %s", fail);
    fputc('\n', out);
}

static void hex32(const rs_b32 *x, char out[67]) { rs_hex_encode(x->b, 32, out); }

/* Runs one entry; NULL when it passes, else the reason (in buf). */
static const char *run_entry(const test_ctx *t, const json_t *post, const char *name, size_t d, size_t g,
                             size_t v, FILE *diag, char *buf, size_t cap) {
    rs_b32 want_root, want_logs;
    if (!b32_of(json_object_get(post, "hash"), &want_root) || !b32_of(json_object_get(post, "logs"), &want_logs))
        return "malformed entry: bad hash or logs";
    bool expect_reject = json_object_get(post, "expectException") != NULL;
    entry_tx e;
    const char *err = build_tx(t, d, g, v, &e);
    if (err) {
        entry_tx_free(&e);
        snprintf(buf, cap, "malformed entry: %s", err);
        return buf;
    }
    rs_state *st = rs_state_clone(t->pre);
    rs_world *w = st ? rs_world_new(st) : NULL;
    if (!w) {
        rs_state_free(st);
        entry_tx_free(&e);
        return "out of memory";
    }
    rs_world_set_block_hashes(w, test_block_hash, NULL);
    rs_tx_receipt rc = {0};
    rs_tx_error txe = e.invalid ? RS_TXERR_INSUFFICIENT_FUNDS : rs_tx_apply(w, &t->env, &e.tx, &rc);
    bool rejected = e.invalid || txe != RS_TXERR_NONE;
    size_t nlogs = 0;
    const rs_evm_log *logs = rejected ? NULL : rs_world_logs(w, &nlogs);
    rs_b32 root = rs_world_state_root(w), lh = rs_logs_hash(logs, nlogs);
    const char *fail = NULL;
    char a[67], b[67];
    if (expect_reject && !rejected) {
        fail = "transaction accepted, expected rejection";
        snprintf(buf, cap, "%s (%s)", fail, json_string_value(json_object_get(post, "expectException")));
        fail = buf;
    } else if (!expect_reject && rejected) {
        snprintf(buf, cap, "transaction rejected: %s", e.invalid ? "field out of range" : rs_tx_error_name(txe));
        fail = buf;
    } else if (!rs_b32_eq(root, want_root)) {
        hex32(&want_root, a), hex32(&root, b);
        snprintf(buf, cap, "state root mismatch");
        fprintf(diag, "%s %zu %zu %zu: state root want %s got %s (status %d, gas used %" PRIu64 ")\n", name, d,
                g, v, a, b, (int)rc.status, rc.gas_used);
        fail = buf;
    } else if (!rs_b32_eq(lh, want_logs)) {
        hex32(&want_logs, a), hex32(&lh, b);
        snprintf(buf, cap, "logs hash mismatch");
        fprintf(diag, "%s %zu %zu %zu: logs hash want %s got %s (%zu logs)\n", name, d, g, v, a, b, nlogs);
        fail = buf;
    }
    rs_world_free(w);
    rs_state_free(st);
    entry_tx_free(&e);
    return fail;
}

static bool entry_indexes(const json_t *post, size_t *d, size_t *g, size_t *v) {
    const json_t *ix = json_object_get(post, "indexes");
    uint64_t a, b, c;
    if (!num_u64(json_object_get(ix, "data"), &a) || !num_u64(json_object_get(ix, "gas"), &b) ||
        !num_u64(json_object_get(ix, "value"), &c))
        return false;
    *d = (size_t)a, *g = (size_t)b, *v = (size_t)c;
    return true;
}

static void run_test(const char *name, const json_t *test, FILE *out, FILE *diag, rs_statetest_counts *c) {
    const json_t *entries = json_object_get(json_object_get(test, "post"), FORK);
    if (!json_is_array(entries)) return;
    test_ctx t;
    memset(&t, 0, sizeof t);
    t.tx = json_object_get(test, "transaction");
    const char *err = parse_env(json_object_get(test, "env"), &t.env);
    if (!err) err = parse_pre(json_object_get(test, "pre"), &t.pre);
    if (!err) err = parse_tx_base(&t);
    char reason[256], buf[256];
    if (err) snprintf(reason, sizeof reason, "malformed test: %s", err);
    for (size_t i = 0; i < json_array_size(entries); i++) {
        const json_t *post = json_array_get(entries, i);
        size_t d, g, v;
        if (!entry_indexes(post, &d, &g, &v)) {
            fprintf(diag, "%s: entry %zu has no valid indexes\n", name, i);
            c->fail++;
            continue;
        }
        const char *fail = err ? reason : run_entry(&t, post, name, d, g, v, diag, buf, sizeof buf);
        report(out, name, d, g, v, fail);
        if (fail) {
            c->fail++;
            fprintf(diag, "FAIL %s %zu %zu %zu: %s\n", name, d, g, v, fail);
        } else {
            c->pass++;
        }
    }
    fflush(out);
    rs_state_free(t.pre);
    free(t.blob_hashes);
}

int rs_statetest_run_file(const char *path, FILE *out, FILE *diag, rs_statetest_counts *counts) {
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) {
        fprintf(diag, "%s:%d:%d: %s\n", path, je.line, je.column, je.text);
        return 2;
    }
    if (!json_is_object(root)) {
        fprintf(diag, "%s: not a state test file (top level is not an object)\n", path);
        json_decref(root);
        return 2;
    }
    rs_statetest_counts c = {0};
    const char *name;
    const json_t *test;
    json_object_foreach(root, name, test) run_test(name, test, out, diag, &c);
    json_decref(root);
    if (counts) counts->pass += c.pass, counts->fail += c.fail;
    return c.fail ? 1 : 0;
}
