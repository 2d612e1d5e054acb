/* Random bytecode, calldata, value and gas through the interpreter and the
 * world host: never a crash or a leak (the sanitizers and libFuzzer's leak
 * check watch), the gas left stays within the gas given (and is zero on a
 * hard failure), and a frame that does not succeed leaves the accounts as
 * they were.
 *
 * Input: gas (3 bytes, big-endian, so at most 2^24) | flags (1 byte) |
 * calldata length (1 byte) | calldata | code. Flags: bit 0 static call,
 * bit 1 a value of 1 wei, bit 2 the code is also at 0x..0200 (a second
 * contract the first can call). The code sits at 0x..0100, reachable with a
 * PUSH2, so it can call itself; low addresses reach the precompiles.
 *
 * A call chain 1024 frames deep needs about 4 KiB of C stack per frame in a
 * plain build (4 MiB in all, within the default 8 MiB), but several times
 * that under AddressSanitizer, whose redzones would overflow the default
 * stack: the inputs run on a thread with a stack sized for the sanitizers. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "restake/evm.h"
#include "restake/world.h"

#define HEADER_LEN 5
#define FUZZ_STACK_BYTES ((size_t)256 << 20)

static rs_addr addr_u16(uint16_t v) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[18] = (uint8_t)(v >> 8);
    a.b[19] = (uint8_t)v;
    return a;
}

static void check(bool ok) {
    if (!ok) abort();
}

static void run_input(const uint8_t *data, size_t size) {
    int64_t gas = (int64_t)data[0] << 16 | (int64_t)data[1] << 8 | data[2];
    uint8_t flags = data[3];
    size_t cd_len = data[4];
    if (HEADER_LEN + cd_len > size) cd_len = size - HEADER_LEN;
    const uint8_t *calldata = data + HEADER_LEN;
    const uint8_t *code = calldata + cd_len;
    size_t code_len = size - HEADER_LEN - cd_len;
    if (code_len > RS_EVM_CODE_SIZE_MAX) code_len = RS_EVM_CODE_SIZE_MAX;

    rs_state *st = rs_state_new();
    rs_world *w = rs_world_new(st);
    check(st && w);
    rs_addr sender = addr_u16(0x1000), target = addr_u16(0x0100), other = addr_u16(0x0200);
    rs_world_set_balance(w, sender, u256_from_u64(1000000));
    rs_world_set_nonce(w, sender, 1);
    rs_world_set_balance(w, target, u256_from_u64(1000));
    rs_world_set_code(w, target, code, code_len);
    rs_world_set_storage(w, target, U256_ONE, u256_from_u64(7));
    if (flags & 4) rs_world_set_code(w, other, code, code_len);
    rs_state_commit(st);

    rs_tx_context ctx = {.origin = sender, .number = 1, .timestamp = 1, .gas_limit = 30000000,
                         .chain_id = U256_ONE, .base_fee = U256_ONE, .blob_base_fee = U256_ONE};
    rs_b32 blob = {{1}};
    ctx.blob_hashes = &blob;
    ctx.blob_hashes_count = 1;
    rs_world_tx_begin(w, &ctx);
    rs_b32 before = rs_world_state_root(w);

    rs_msg msg = {.kind = RS_MSG_CALL, .is_static = (flags & 1) != 0, .depth = 0, .gas = gas,
                  .sender = sender, .recipient = target, .code_address = target,
                  .value = u256_from_u64((flags & 2) && !(flags & 1) ? 1 : 0),
                  .input = calldata, .input_len = cd_len};
    rs_buf out;
    rs_buf_init(&out);
    rs_host *h = rs_world_host(w);
    rs_evm_result r = h->call(h, &msg, &out);

    check(r.gas_left >= 0 && r.gas_left <= gas);
    if (r.status != RS_EVM_SUCCESS && r.status != RS_EVM_REVERT) check(r.gas_left == 0 && out.len == 0);
    if (r.status != RS_EVM_SUCCESS) {
        rs_b32 after = rs_world_state_root(w);
        check(memcmp(before.b, after.b, sizeof before.b) == 0);
    }
    check(rs_evm_status_name(r.status) != NULL);
    rs_world_tx_end(w);

    rs_buf_free(&out);
    rs_world_free(w);
    rs_state_free(st);
}

/* The one worker thread the inputs run on, one at a time. One thread for
 * the whole run: the interpreter keeps per-thread frame stores and caches
 * for the life of the thread. */
static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    const uint8_t *data;
    size_t size;
    bool pending;
} worker = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, false};

static void *worker_main(void *unused) {
    (void)unused;
    pthread_mutex_lock(&worker.mu);
    for (;;) {
        while (!worker.pending) pthread_cond_wait(&worker.cv, &worker.mu);
        run_input(worker.data, worker.size);
        worker.pending = false;
        pthread_cond_broadcast(&worker.cv);
    }
    return NULL;
}

static void worker_start(void) {
    pthread_attr_t attr;
    pthread_t t;
    check(pthread_attr_init(&attr) == 0);
    check(pthread_attr_setstacksize(&attr, FUZZ_STACK_BYTES) == 0);
    check(pthread_create(&t, &attr, worker_main, NULL) == 0);
    pthread_attr_destroy(&attr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    if (size < HEADER_LEN) return 0;
    pthread_once(&once, worker_start);
    pthread_mutex_lock(&worker.mu);
    worker.data = data;
    worker.size = size;
    worker.pending = true;
    pthread_cond_broadcast(&worker.cv);
    while (worker.pending) pthread_cond_wait(&worker.cv, &worker.mu);
    pthread_mutex_unlock(&worker.mu);
    return 0;
}
