/* The floor under every step: rs_call of a trivial method (code lookup,
 * selector search, strict decoding, handler, rollback bookkeeping), and of
 * a call that reverts and is rolled back. */
#include <stdio.h>
#include <time.h>

#include "contracts/dispatch.h"
#include "restake/contracts.h"
#include "restake/keccak.h"
#include "restake/router.h"

static int m_echo(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    rs_buf_word_addr(ret, abi_addr(&args[0]));
    return RS_OK;
}

static int m_fail(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    (void)ret;
    return rs_revert(e, "Nope()");
}

/* A table the size of a large contract's, so the selector search is realistic. */
static rs_method g_methods[64];
static char g_sigs[64][32];

static int entry(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_methods, 64, msg, ret);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double per_call_ns(rs_env *e, rs_addr to, const uint8_t *cd, size_t len, rs_buf *ret, size_t n) {
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
        rs_env_reset(e);
        rs_call(e, RS_ADDR_ZERO, to, U256_ZERO, cd, len, ret);
        rs_state_commit(e->st);
    }
    return (now() - t0) * 1e9 / (double)n;
}

int main(void) {
    for (int i = 0; i < 64; i++) {
        snprintf(g_sigs[i], sizeof g_sigs[i], "f%d(address)", i);
        g_methods[i] = (rs_method){g_sigs[i], i == 63 ? m_fail : m_echo, false, 0, NULL};
    }
    rs_params p;
    rs_params_defaults(&p);
    rs_state *st = rs_state_new();
    rs_env e;
    rs_env_init(&e, st, &p);
    rs_router_attach(&e);
    rs_buf ret;
    rs_buf_init(&ret);
    rs_addr to = {{0}};
    to.b[19] = 0xc1;
    rs_code_set(st, to, RS_CODE_OPAQUE);
    rs_dispatch_override(RS_CODE_OPAQUE, entry);

    uint8_t cd[36] = {0};
    uint32_t sel = rs_selector_of("f17(address)");
    cd[0] = (uint8_t)(sel >> 24), cd[1] = (uint8_t)(sel >> 16), cd[2] = (uint8_t)(sel >> 8), cd[3] = (uint8_t)sel;
    cd[35] = 0x42;
    size_t n = 2000000;
    per_call_ns(&e, to, cd, sizeof cd, &ret, 1000);
    printf("rs_call, trivial method of 64:  %.1f ns/call\n", per_call_ns(&e, to, cd, sizeof cd, &ret, n));
    sel = rs_selector_of("f63(address)");
    cd[0] = (uint8_t)(sel >> 24), cd[1] = (uint8_t)(sel >> 16), cd[2] = (uint8_t)(sel >> 8), cd[3] = (uint8_t)sel;
    printf("rs_call, reverting method:      %.1f ns/call\n", per_call_ns(&e, to, cd, sizeof cd, &ret, n));
    to.b[19] = 0xee;
    printf("rs_call, account without code:  %.1f ns/call\n", per_call_ns(&e, to, cd, sizeof cd, &ret, n));

    rs_buf_free(&ret);
    rs_env_free(&e);
    rs_state_free(st);
    return 0;
}
