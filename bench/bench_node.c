/* Node throughput: signed raw transactions (ERC20 transfers of a test token)
 * sent as JSON-RPC batches over HTTP on several keep-alive connections to a
 * node on 127.0.0.1 with durable storage (SQLite, synchronous=FULL). Prints
 * tx/s for automine and for --block-time 1, and the secp256k1 recovery rate
 * measured in the same run (one thread and all threads).
 *
 *   bench_node [txs-per-connection] [connections] [batch] [auto|interval|both]
 *   (defaults 7500, 32, 2500, both; genesis from genesis/devnet.json)
 *   BENCH_NODE_BLOCKS=1 also prints, per block, the wall time since the
 *   previous one, its transactions and the cores busy in between.
 * Each connection sends from its own account (mnemonic index = connection
 * number; the ones past the ten dev accounts get TKA in the genesis and ETH
 * by anvil_setBalance before the clock starts). A batch is acknowledged only
 * once its block is committed, so with --block-time 1 a connection has one
 * batch per block in flight: the defaults keep 80,000 transactions in flight,
 * several blocks' worth, and the batches are small enough that request
 * parsing and response writing interleave with recovery as in steady use. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "chain/mnemonic.h"
#include "chain/tx.h"
#include "node/node.h"
#include "restake/hex.h"
#include "rpc/rpc.h"

#include "../tests/file_util.h"
#include "bench_util.h"

typedef struct {
    uint16_t port;
    int account;
    size_t ntx, batch;
    char **bodies; /* pre-built batch bodies */
    size_t nbodies;
    size_t errors;
    rs_tx *txs; /* for the recovery measurement */
} worker;

static const char *TOKEN = "7b759530bc34393c7275cd91c848069947097906"; /* TKA in the devnet preset */
#define MAX_CONN 64
#define DEV_ACCOUNTS 10 /* funded by the devnet preset */
static const char *SENDER_TKA = "1000000000000000000000000";

static rs_addr sender_addr(int i) {
    uint8_t key[32];
    rs_addr a;
    if (!rs_mnemonic_account(RS_DEVNET_MNEMONIC, (uint32_t)i, key, &a)) abort();
    return a;
}

static void addr_hex(rs_addr a, char out[43]) { rs_hex_encode(a.b, 20, out); /* 0x-prefixed */ }

/* The devnet preset with TKA for the senders past its ten dev accounts. */
static char *genesis_with_senders(const char *text, size_t len, size_t nconn, size_t *out_len) {
    json_t *g = json_loadb(text, len, 0, NULL);
    json_t *tka = g ? json_array_get(json_object_get(json_object_get(g, "genesis"), "tokens"), 0) : NULL;
    json_t *bal = json_object_get(tka, "balances");
    const char *supply_s = json_string_value(json_object_get(tka, "totalSupply"));
    u256 supply, each;
    if (!bal || !supply_s || !u256_from_dec(&supply, supply_s, strlen(supply_s)) ||
        !u256_from_dec(&each, SENDER_TKA, strlen(SENDER_TKA))) {
        fprintf(stderr, "bench_node: genesis/devnet.json has no TKA token first in its list\n");
        exit(1);
    }
    for (size_t i = DEV_ACCOUNTS; i < nconn; i++) {
        char a[43];
        addr_hex(sender_addr((int)i), a);
        json_object_set_new(bal, a, json_string(SENDER_TKA));
        supply = u256_add_wrap(supply, each);
    }
    char dec[79];
    u256_to_dec(supply, dec);
    json_object_set_new(tka, "totalSupply", json_string(dec));
    char *out = json_dumps(g, JSON_COMPACT);
    json_decref(g);
    *out_len = strlen(out);
    return out;
}

static void fund_senders(rs_node *n, size_t nconn) {
    for (size_t i = DEV_ACCOUNTS; i < nconn; i++) {
        char a[43], req[256];
        addr_hex(sender_addr((int)i), a);
        int len = snprintf(req, sizeof req,
                           "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_setBalance\",\"params\":[\"%s\","
                           "\"0x56bc75e2d63100000\"]}",
                           a);
        char *resp = rs_rpc_handle(n, req, (size_t)len);
        if (!resp || strstr(resp, "\"error\"")) {
            fprintf(stderr, "bench_node: funding %s failed: %s\n", a, resp ? resp : "no response");
            exit(1);
        }
        free(resp);
    }
}

static void build_bodies(worker *w, uint64_t chain_id) {
    uint8_t key[32];
    rs_addr from;
    if (!rs_mnemonic_account(RS_DEVNET_MNEMONIC, (uint32_t)w->account, key, &from)) abort();
    w->nbodies = (w->ntx + w->batch - 1) / w->batch;
    w->bodies = calloc(w->nbodies, sizeof *w->bodies);
    w->txs = calloc(w->ntx, sizeof *w->txs);
    size_t cap = w->batch * 600 + 64;
    for (size_t b = 0; b < w->nbodies; b++) {
        char *body = malloc(cap);
        size_t len = 0;
        body[len++] = '[';
        for (size_t i = b * w->batch; i < w->ntx && i < (b + 1) * w->batch; i++) {
            rs_tx *tx = &w->txs[i];
            rs_tx_init(tx);
            tx->type = RS_TX_DYNAMIC_FEE;
            tx->has_chain_id = true;
            tx->chain_id = chain_id;
            tx->nonce = i;
            tx->max_priority_fee = u256_from_u64(1000000000);
            tx->max_fee = u256_from_u64(3000000000ull);
            tx->gas_limit = 100000;
            tx->has_to = true;
            rs_hex_decode(TOKEN, 40, tx->to.b, 20);
            uint8_t cd[68] = {0xa9, 0x05, 0x9c, 0xbb};
            cd[4 + 31] = 0x42; /* to 0x…42 */
            cd[36 + 31] = 1;   /* 1 unit */
            rs_tx_set_data(tx, cd, sizeof cd);
            if (!rs_tx_sign(tx, key)) abort();
            rs_buf enc;
            rs_buf_init(&enc);
            rs_tx_encode(tx, &enc);
            char hex[512];
            rs_hex_encode(enc.p, enc.len, hex);
            rs_buf_free(&enc);
            len += (size_t)sprintf(body + len, "%s{\"jsonrpc\":\"2.0\",\"id\":%zu,\"method\":\"eth_sendRawTransaction\","
                                              "\"params\":[\"%s\"]}",
                                   i == b * w->batch ? "" : ",", i, hex);
        }
        body[len++] = ']';
        body[len] = 0;
        w->bodies[b] = body;
    }
}

static int connect_to(uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("connect");
        exit(1);
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static bool write_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* One HTTP/1.1 exchange on a keep-alive connection; returns the body. */
static char *post(int fd, const char *body, size_t *out_len) {
    char head[256];
    size_t blen = strlen(body);
    int h = snprintf(head, sizeof head,
                     "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     blen);
    if (!write_all(fd, head, (size_t)h) || !write_all(fd, body, blen)) return NULL;
    size_t cap = 1 << 16, len = 0, body_off = 0, clen = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (len + 4096 > cap) buf = realloc(buf, cap *= 2);
        ssize_t r = read(fd, buf + len, cap - len - 1);
        if (r <= 0) {
            free(buf);
            return NULL;
        }
        len += (size_t)r;
        buf[len] = 0;
        char *e;
        if (!body_off && (e = strstr(buf, "\r\n\r\n"))) {
            body_off = (size_t)(e + 4 - buf);
            char *cl = strcasestr(buf, "Content-Length:");
            clen = cl ? strtoul(cl + 15, NULL, 10) : 0;
        }
        if (body_off && len - body_off >= clen) break;
    }
    memmove(buf, buf + body_off, len - body_off + 1);
    *out_len = len - body_off;
    return buf;
}

static void *run_worker(void *arg) {
    worker *w = arg;
    int fd = connect_to(w->port);
    for (size_t b = 0; b < w->nbodies; b++) {
        size_t n;
        char *resp = post(fd, w->bodies[b], &n);
        if (!resp) {
            w->errors += w->batch;
            break;
        }
        for (char *p = resp; (p = strstr(p, "\"error\"")); p++) w->errors++;
        if (w->errors && b == 0) fprintf(stderr, "first error response: %.300s\n", resp);
        free(resp);
    }
    close(fd);
    return NULL;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec * 1e-6;
}

/* Watches the head: (wall time, txs mined) at every new block, so that the
 * interval mode's sustained rate can be read off the full blocks in the
 * middle of the run, without the partial first block and the final one
 * that waits for the next tick with nothing left to recover. */
typedef struct {
    rs_node *n;
    atomic_bool stop;
    double t[4096], cpu[4096];
    uint64_t mined[4096];
    size_t k;
} head_watch;

static void *watch_head(void *arg) {
    head_watch *w = arg;
    uint64_t last = 0;
    while (!w->stop && w->k < 4096) {
        pthread_mutex_lock(&w->n->lock);
        uint64_t m = w->n->mined_txs;
        pthread_mutex_unlock(&w->n->lock);
        if (m != last) {
            w->t[w->k] = bench_now_s();
            w->cpu[w->k] = cpu_seconds();
            w->mined[w->k++] = m;
            last = m;
        }
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

/* txs/s between the first block with txs and the one before the last; 0
 * when the run was too short to have two such blocks. */
static double sustained_rate(const head_watch *w) {
    if (w->k < 3) return 0;
    return (double)(w->mined[w->k - 2] - w->mined[0]) / (w->t[w->k - 2] - w->t[0]);
}

/* Runs one mode; *cores is the CPU time it used (node and client together)
 * over its wall time, so a figure below the core count means idle waiting. */
static double run_mode(const char *genesis, size_t glen, uint64_t block_time, worker *ws, size_t nconn,
                       size_t *errors, double *cores, double *sustained) {
    char dir[] = "/tmp/bench_node_XXXXXX";
    if (!mkdtemp(dir)) return 0;
    rs_node_config cfg = {.data_dir = dir, .block_time = block_time, .genesis_json = genesis,
                          .genesis_len = glen, .genesis_name = "devnet"};
    char err[512];
    rs_node *n = rs_node_open(&cfg, err, sizeof err);
    if (!n) {
        fprintf(stderr, "bench_node: %s\n", err);
        exit(1);
    }
    rs_node_start(n);
    fund_senders(n, nconn);
    rs_rpc_server *s = rs_rpc_listen(n, "127.0.0.1", 0, err, sizeof err);
    if (!s) {
        fprintf(stderr, "bench_node: %s\n", err);
        exit(1);
    }
    pthread_t th[MAX_CONN], wt;
    head_watch *hw = calloc(1, sizeof *hw);
    if (!hw) abort();
    hw->n = n;
    pthread_create(&wt, NULL, watch_head, hw);
    double t0 = bench_now_s(), c0 = cpu_seconds();
    for (size_t i = 0; i < nconn; i++) {
        ws[i].port = rs_rpc_port(s);
        ws[i].errors = 0;
        pthread_create(&th[i], NULL, run_worker, &ws[i]);
    }
    for (size_t i = 0; i < nconn; i++) pthread_join(th[i], NULL);
    double dt = bench_now_s() - t0;
    *cores = (cpu_seconds() - c0) / dt;
    hw->stop = true;
    pthread_join(wt, NULL);
    *sustained = sustained_rate(hw);
    if (getenv("BENCH_NODE_BLOCKS"))
        for (size_t i = 1; i < hw->k; i++)
            fprintf(stderr, "block: +%.3f s, %llu txs, %.2f cores\n", hw->t[i] - hw->t[i - 1],
                    (unsigned long long)(hw->mined[i] - hw->mined[i - 1]),
                    (hw->cpu[i] - hw->cpu[i - 1]) / (hw->t[i] - hw->t[i - 1]));
    free(hw);
    *errors = 0;
    for (size_t i = 0; i < nconn; i++) *errors += ws[i].errors;
    uint64_t mined = n->mined_txs;
    rs_rpc_stop(s);
    rs_node_close(n);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return (double)mined / dt;
}

typedef struct {
    rs_tx *txs;
    size_t n;
    uint64_t chain_id;
} rec_job;

static void *recover_all(void *arg) {
    rec_job *j = arg;
    for (size_t i = 0; i < j->n; i++)
        if (rs_tx_recover(&j->txs[i], j->chain_id, false) != RS_TX_OK) abort();
    return NULL;
}

/* Signing is the slow part of the setup: one thread per core. */
typedef struct {
    worker *ws;
    size_t from, n, step;
} build_job;

static void *build_some(void *arg) {
    build_job *b = arg;
    for (size_t i = b->from; i < b->n; i += b->step) build_bodies(&b->ws[i], 31337);
    return NULL;
}

static void build_all(worker *ws, size_t nconn) {
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t k = ncpu < 1 ? 1 : ncpu > 16 ? 16 : (size_t)ncpu;
    pthread_t th[16];
    build_job jobs[16];
    for (size_t t = 0; t < k; t++) {
        jobs[t] = (build_job){ws, t, nconn, k};
        pthread_create(&th[t], NULL, build_some, &jobs[t]);
    }
    for (size_t t = 0; t < k; t++) pthread_join(th[t], NULL);
}

int main(int argc, char **argv) {
    size_t per = argc > 1 ? strtoul(argv[1], NULL, 10) : 7500;
    size_t nconn = argc > 2 ? strtoul(argv[2], NULL, 10) : 32;
    size_t batch = argc > 3 ? strtoul(argv[3], NULL, 10) : 2500;
    const char *modes = argc > 4 ? argv[4] : "both";
    bool run_auto = strcmp(modes, "interval") != 0, run_interval = strcmp(modes, "auto") != 0;
    if (nconn < 1 || nconn > MAX_CONN || per < 1 || batch < 1) {
        fprintf(stderr, "usage: bench_node [txs-per-connection] [connections (1-%d)] [batch] [auto|interval|both]\n",
                MAX_CONN);
        return 2;
    }
    size_t plen;
    char *preset = read_whole_file("genesis/devnet.json", &plen);
    if (!preset) {
        fprintf(stderr, "bench_node: run from the source tree (needs genesis/devnet.json)\n");
        return 1;
    }
    size_t glen;
    char *genesis = genesis_with_senders(preset, plen, nconn, &glen);
    free(preset);
    static worker ws[MAX_CONN];
    for (size_t i = 0; i < nconn; i++) {
        ws[i].account = (int)i;
        ws[i].ntx = per;
        ws[i].batch = batch;
    }
    build_all(ws, nconn);
    printf("bench_node: %zu connections x %zu signed ERC20 transfers, batches of %zu, durable store\n", nconn, per,
           batch);
    size_t errors;
    double cores;
    double sustained, interval_tps = 0, interval_sustained = 0;
    if (run_auto) {
        double tps = run_mode(genesis, glen, 0, ws, nconn, &errors, &cores, &sustained);
        printf("automine (a block per tx):   %10.0f tx/s  (%zu errors, %.2f cores busy)\n", tps, errors, cores);
    }
    if (run_interval) {
        double tps = run_mode(genesis, glen, 1, ws, nconn, &errors, &cores, &sustained);
        printf("--block-time 1:              %10.0f tx/s  (%zu errors, %.2f cores busy)\n", tps, errors, cores);
        printf("  sustained, full blocks:    %10.0f tx/s\n", sustained);
        interval_tps = tps;
        interval_sustained = sustained;
    }

    size_t total = nconn * per;
    double t0 = bench_now_s();
    rec_job one = {ws[0].txs, per, 31337};
    recover_all(&one);
    double r1 = (double)per / (bench_now_s() - t0);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu < 1) ncpu = 1;
    if (ncpu > 16) ncpu = 16;
    pthread_t th[16];
    rec_job jobs[16];
    t0 = bench_now_s();
    for (long i = 0; i < ncpu; i++) {
        jobs[i] = (rec_job){ws[i % nconn].txs, per, 31337};
        pthread_create(&th[i], NULL, recover_all, &jobs[i]);
    }
    for (long i = 0; i < ncpu; i++) pthread_join(th[i], NULL);
    double rn = (double)per * (double)ncpu / (bench_now_s() - t0);
    printf("secp256k1 recovery:          %10.0f /s on 1 thread, %.0f /s on %ld threads\n", r1, rn, ncpu);
    if (run_interval)
        printf("--block-time 1 over the %ld-thread recovery bound: %.0f%% end to end, %.0f%% sustained\n", ncpu,
               100 * interval_tps / rn, 100 * interval_sustained / rn);
    (void)total;
    for (size_t i = 0; i < nconn; i++) {
        for (size_t b = 0; b < ws[i].nbodies; b++) free(ws[i].bodies[b]);
        free(ws[i].bodies);
        for (size_t k = 0; k < ws[i].ntx; k++) rs_tx_free(&ws[i].txs[k]);
        free(ws[i].txs);
    }
    free(genesis);
    return 0;
}
