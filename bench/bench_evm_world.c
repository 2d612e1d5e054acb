/* EVM time per call through the world host, on the standard programs and on
 * code that matters here (bench_evm times the interpreter alone, against the
 * in-memory test host).
 *
 *   bench_evm_world            every program of $RESTAKE_EVM_BENCH (default
 *                              ../shared/evm-bench/benchmarks: main/, micro/)
 *                              and of bench/evm/programs/
 *   bench_evm_world FILE...    the programs of these state-test-shaped files
 *
 * Each input of each file is one line:
 *
 *   name index net_ns raw_ns empty_ns gas      (or: name index fail STATUS)
 *
 * The file's `pre` accounts (code, storage, balance, nonce) are put in a
 * world over a fresh state, and the transaction's `to` is called through the
 * world host (host->call: checkpoint, value transfer, interpreter) with the
 * input as calldata, the way one contract calls another. raw_ns is the best
 * time per call over several batches, empty_ns the same for code that stops
 * at once, net_ns their difference: the program's own cost, as
 * bench/evm_vs_revm.sh measures revm's. Each batch is one transaction (the
 * first call warms the accounts and slots, as the revm harness's does).
 * Times are the thread's CPU time, as the revm side's are the process's:
 * the machine is shared, and waiting for a core is not the program's cost.
 * Build in a Release tree before reading the figures. */
#include <assert.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "restake/check.h"
#include "restake/evm.h"
#include "restake/hex.h"
#include "restake/world.h"

#define BATCH_MIN_NS 40e6  /* a timed batch lasts at least this long */
#define BATCH_CALLS_MAX (1L << 24)
#define REPS 5             /* best of: the machine is shared */
#define CALL_GAS 1000000000LL
#define FILES_MAX 64
#define PATH_MAX_LEN 4096

/* The caller of every program: the harness address of bench/revm (forge's
 * test contract), so a pre-state naming its caller (bench/evm/programs'
 * `sender`) means the same on both sides. */
static const char CALLER[] = "0x7fa9385be102ac3eac297483dd6233d62b3e1496";
static const char EMPTY_ADDR[] = "0xbe7c43a580000000000000000000000000000002";

static uint8_t *hex_alloc(const char *s, size_t *len) {
    size_t n = strlen(s);
    uint8_t *p = malloc(n / 2 + 1);
    assert(p);
    long r = rs_hex_decode(s, n, p, n / 2 + 1);
    if (r < 0) {
        fprintf(stderr, "bench_evm_world: bad hex %.40s\n", s);
        exit(2);
    }
    *len = (size_t)r;
    return p;
}

static u256 json_u256(json_t *v) {
    u256 x = U256_ZERO;
    const char *s = json_string_value(v);
    if (s && !u256_from_hex(&x, s, strlen(s))) {
        fprintf(stderr, "bench_evm_world: bad number %s\n", s);
        exit(2);
    }
    return x;
}

/* Puts every `pre` account in the world. */
static void load_pre(rs_world *w, json_t *pre) {
    const char *key;
    json_t *acct;
    json_object_foreach(pre, key, acct) {
        rs_addr a;
        if (!rs_addr_from_hex(&a, key)) {
            fprintf(stderr, "bench_evm_world: bad address %s\n", key);
            exit(2);
        }
        rs_world_create(w, a);
        rs_world_set_balance(w, a, json_u256(json_object_get(acct, "balance")));
        rs_world_set_nonce(w, a, json_u256(json_object_get(acct, "nonce")).w[0]);
        const char *code = json_string_value(json_object_get(acct, "code"));
        if (code && strlen(code) > 2) {
            size_t len;
            uint8_t *c = hex_alloc(code, &len);
            rs_world_set_code(w, a, c, len);
            free(c);
        }
        const char *slot;
        json_t *val;
        json_object_foreach(json_object_get(acct, "storage"), slot, val) {
            u256 k = U256_ZERO;
            if (!u256_from_hex(&k, slot, strlen(slot))) {
                fprintf(stderr, "bench_evm_world: bad storage slot %s\n", slot);
                exit(2);
            }
            rs_world_set_storage(w, a, k, json_u256(val));
        }
    }
}

static double cpu_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

typedef struct {
    rs_world *w;
    rs_tx_context ctx;
    rs_msg msg;
    rs_buf out;
} bench_call;

static rs_evm_result call_once(bench_call *b) {
    rs_host *h = rs_world_host(b->w);
    return h->call(h, &b->msg, &b->out);
}

/* ns per call of b->msg over n calls in one transaction (after one warming
 * call); *status gets the warming call's status, *gas its gas used. */
static double batch(bench_call *b, long n, rs_evm_status *status, int64_t *gas) {
    rs_world_tx_begin(b->w, &b->ctx);
    rs_evm_result r = call_once(b);
    *status = r.status;
    *gas = b->msg.gas - r.gas_left;
    double t0 = cpu_now_ns();
    for (long i = 0; i < n && r.status == RS_EVM_SUCCESS; i++) call_once(b);
    double t = (cpu_now_ns() - t0) / (double)n;
    rs_world_tx_end(b->w);
    return t;
}

/* Best ns per call of b->msg; negative (with *status set) on failure. */
static double time_call(bench_call *b, rs_evm_status *status, int64_t *gas) {
    long n = 1;
    double t = batch(b, n, status, gas);
    if (*status != RS_EVM_SUCCESS) return -1;
    while (t * (double)n < BATCH_MIN_NS && n < BATCH_CALLS_MAX) {
        n *= 2;
        t = batch(b, n, status, gas);
    }
    double best = t;
    for (int r = 1; r < REPS; r++) {
        t = batch(b, n, status, gas);
        if (t < best) best = t;
    }
    return best;
}

static void bench_input(const char *name, size_t index, json_t *test, json_t *data) {
    rs_state *st = rs_state_new();
    rs_world *w = rs_world_new(st);
    assert(st && w);
    load_pre(w, json_object_get(test, "pre"));
    json_t *tx = json_object_get(test, "transaction");
    bench_call b = {.w = w};
    rs_buf_init(&b.out);
    b.ctx.gas_limit = (uint64_t)CALL_GAS;
    b.ctx.number = 1;
    b.ctx.timestamp = 1;
    b.ctx.chain_id = U256_ONE;
    b.msg.kind = RS_MSG_CALL;
    b.msg.depth = 1;
    b.msg.gas = CALL_GAS;
    if (!rs_addr_from_hex(&b.msg.sender, CALLER) ||
        !rs_addr_from_hex(&b.msg.recipient, json_string_value(json_object_get(tx, "to")))) {
        fprintf(stderr, "bench_evm_world: %s: bad sender or to\n", name);
        exit(2);
    }
    b.ctx.origin = b.msg.sender;
    b.msg.code_address = b.msg.recipient;
    size_t len;
    uint8_t *input = hex_alloc(json_string_value(json_array_get(data, index)), &len);
    b.msg.input = input;
    b.msg.input_len = len;

    rs_evm_status status;
    int64_t gas, empty_gas;
    double raw = time_call(&b, &status, &gas);
    if (raw < 0) {
        printf("%s %zu fail %s\n", name, index, rs_evm_status_name(status));
    } else {
        static const uint8_t stop = 0x00;
        rs_addr empty;
        rs_cannot_fail(rs_addr_from_hex(&empty, EMPTY_ADDR));
        rs_world_set_code(w, empty, &stop, 1);
        b.msg.recipient = b.msg.code_address = empty;
        double base = time_call(&b, &status, &empty_gas);
        assert(base >= 0);
        printf("%s %zu %.1f %.1f %.1f %lld\n", name, index, raw - base, raw, base, (long long)gas);
    }
    fflush(stdout);
    free(input);
    rs_buf_free(&b.out);
    rs_world_free(w);
    rs_state_free(st);
}

static void bench_file(const char *path) {
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) {
        fprintf(stderr, "bench_evm_world: %s: %s (line %d)\n", path, err.text, err.line);
        exit(2);
    }
    const char *name;
    json_t *test;
    json_object_foreach(root, name, test) {
        json_t *data = json_object_get(json_object_get(test, "transaction"), "data");
        for (size_t i = 0; i < json_array_size(data); i++) bench_input(name, i, test, data);
    }
    json_decref(root);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every *.json of dir, in name order. */
static void bench_dir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "bench_evm_world: cannot open %s\n", dir);
        exit(2);
    }
    char *names[FILES_MAX];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < FILES_MAX) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    for (size_t i = 0; i < n; i++) {
        char path[PATH_MAX_LEN];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        bench_file(path);
        free(names[i]);
    }
}

int main(int argc, char **argv) {
    if (argc > 1) {
        for (int i = 1; i < argc; i++) bench_file(argv[i]);
        return 0;
    }
    const char *env = getenv("RESTAKE_EVM_BENCH");
    const char *root = env ? env : "../shared/evm-bench/benchmarks";
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/main", root);
    bench_dir(path);
    snprintf(path, sizeof path, "%s/micro", root);
    bench_dir(path);
    /* The programs committed beside this file. */
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0), "evm/programs");
    bench_dir(path);
    return 0;
}
