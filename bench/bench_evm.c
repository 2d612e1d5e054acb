/* Interpreter speed on the evm-benchmarks programs (snailtracer, sha1,
 * blake2b, weierstrudel, the micro loops): each input's call into the
 * benchmark contract runs against the in-memory test host, repeated for at
 * least a second of CPU time (state kept between runs, access lists reset); prints the time per call and the gas rate.
 * Usage: bench_evm [FILE.json ...]; default: every file under
 * $RESTAKE_EVM_BENCH or ../shared/evm-bench/benchmarks/{main,micro}. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOCK_SLOTS 65536
#include "../tests/evm_mock_host.h"
#include "bench_util.h"
#include "restake/hex.h"

#define BENCH_CODE_MAX (64 * 1024)
#define BENCH_INPUT_MAX (64 * 1024)
#define BENCH_GAS 1000000000

static uint8_t code[BENCH_CODE_MAX], input[BENCH_INPUT_MAX];
/* CPU time of this thread: on a shared machine wall time measures the neighbours. */
static double cpu_now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fixed_reps; /* RESTAKE_BENCH_REPS: a fixed count, for instruction counts under perf stat */

static long decode(json_t *s, uint8_t *out, size_t cap) {
    const char *h = json_string_value(s);
    return h ? rs_hex_decode(h, strlen(h), out, cap) : -1;
}

static void bench_file(const char *path) {
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) {
        fprintf(stderr, "%s: %s\n", path, err.text);
        return;
    }
    const char *name;
    json_t *t;
    json_object_foreach(root, name, t) {
        json_t *tx = json_object_get(t, "transaction");
        const char *to_hex = json_string_value(json_object_get(tx, "to"));
        rs_addr to;
        if (!to_hex || !rs_addr_from_hex(&to, to_hex)) continue;
        json_t *pre = json_object_get(t, "pre"), *acct = NULL;
        const char *k;
        json_t *v;
        json_object_foreach(pre, k, v) {
            rs_addr a;
            if (rs_addr_from_hex(&a, k) && rs_addr_eq(a, to)) acct = v;
        }
        long n = acct ? decode(json_object_get(acct, "code"), code, sizeof code) : -1;
        if (n <= 0) continue;
        rs_b32 hash = rs_keccak(code, (size_t)n);
        size_t i;
        json_t *d;
        json_array_foreach(json_object_get(tx, "data"), i, d) {
            long in = decode(d, input, sizeof input);
            if (in < 0) continue;
            static mock_host h;
            rs_buf out;
            rs_buf_init(&out);
            rs_msg m = {.kind = RS_MSG_CALL, .gas = BENCH_GAS, .recipient = to, .code_address = to,
                        .input = input, .input_len = (size_t)in};
            mock_init(&h);
            mock_account *acc = mock_find(&h, to, true);
            acc->code = code;
            acc->code_len = (size_t)n;
            int reps = 0;
            int64_t gas_used = 0;
            rs_evm_status st = RS_EVM_SUCCESS;
            double t0 = cpu_now_s(), el;
            do {
                mock_new_tx(&h);
                rs_evm_result r = rs_evm_execute(&h.host, &m, code, (size_t)n, &hash, &out);
                st = r.status;
                if (reps == 0) gas_used = BENCH_GAS - r.gas_left;
                reps++;
            } while (fixed_reps ? reps < fixed_reps : ((el = cpu_now_s() - t0) < 1.0 || reps < 3));
            el = cpu_now_s() - t0;
            double per = el / reps;
            printf("%-28s #%zu %-10s %10.3f ms/call (cpu) %10lld gas %8.1f Mgas/s\n", name, i, rs_evm_status_name(st),
                   per * 1e3, (long long)gas_used, (double)gas_used / per / 1e6);
            rs_buf_free(&out);
        }
    }
    json_decref(root);
}

static void bench_dir(const char *dir) {
    DIR *dp = opendir(dir);
    if (!dp) return;
    char *names[64];
    int nn = 0;
    struct dirent *e;
    while ((e = readdir(dp)) && nn < 64)
        if (strstr(e->d_name, ".json")) names[nn++] = strdup(e->d_name);
    closedir(dp);
    for (int i = 0; i < nn; i++)
        for (int j = i + 1; j < nn; j++)
            if (strcmp(names[i], names[j]) > 0) {
                char *x = names[i];
                names[i] = names[j];
                names[j] = x;
            }
    for (int i = 0; i < nn; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        bench_file(p);
        free(names[i]);
    }
}

int main(int argc, char **argv) {
    const char *reps = getenv("RESTAKE_BENCH_REPS");
    if (reps) fixed_reps = atoi(reps);
    if (argc > 1) {
        for (int i = 1; i < argc; i++) bench_file(argv[i]);
        return 0;
    }
    const char *base = getenv("RESTAKE_EVM_BENCH");
    if (!base) base = "../shared/evm-bench/benchmarks";
    char p[4096];
    snprintf(p, sizeof p, "%s/main", base);
    bench_dir(p);
    snprintf(p, sizeof p, "%s/micro", base);
    bench_dir(p);
    return 0;
}
