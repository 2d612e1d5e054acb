/* The cost of crossing between EVM and native code, per call:
 *
 *   evm->native   EVM bytecode STATICCALLing a native ERC20's balanceOf
 *   evm->evm      the same loop calling an EVM contract that returns a word
 *                 (for comparison: an EVM-to-EVM call of the least work)
 *   native->evm   a native contract rs_staticcall-ing that EVM contract
 *   native->native the same native loop calling the native ERC20's balanceOf
 *
 * Each figure is the best of REPS batches of one transaction that makes
 * CALLS calls in a loop (EVM: a JUMP loop in bytecode; native: a C loop in
 * a test contract), the thread's CPU time divided by CALLS. Build in a
 * Release tree before reading the figures. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "protocol/erc20.h"
#include "restake/router.h"
#include "restake/world.h"

#define CALLS 2000
#define REPS 7

static const rs_addr TOKEN = {{0xee, [19] = 0x01}};
static const rs_addr HOLDER = {{0xee, [19] = 0x02}};
static const rs_addr NATIVE = {{0xee, [19] = 0x03}};
static const rs_addr EVM_WORD = {{0xee, [19] = 0x04}};
static const rs_addr LOOP_NATIVE = {{0xee, [19] = 0x05}};
static const rs_addr LOOP_EVM = {{0xee, [19] = 0x06}};
static const rs_addr CALLER = {{0xee, [19] = 0x07}};

static uint8_t balance_of_cd[36];

/* The native loop: calldata = target (20 bytes); calls target.balanceOf(HOLDER) CALLS times. */
static int native_loop(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    if (msg->input_len != 20) return rs_revert_empty(e);
    rs_addr to;
    memcpy(to.b, msg->input, 20);
    for (int i = 0; i < CALLS; i++) {
        int rc = rs_staticcall(e, msg->recipient, to, balance_of_cd, sizeof balance_of_cd, ret);
        if (rc != RS_OK || ret->len != 32) return rs_revert_empty(e);
    }
    return RS_OK;
}

/* Bytecode: mem[0..36) = balanceOf(HOLDER); CALLS times STATICCALL target; STOP. */
static size_t loop_code(uint8_t *c, rs_addr target) {
    size_t n = 0;
    c[n++] = 0x63, c[n++] = 0x70, c[n++] = 0xa0, c[n++] = 0x82, c[n++] = 0x31; /* PUSH4 balanceOf */
    c[n++] = 0x60, c[n++] = 0xe0, c[n++] = 0x1b, c[n++] = 0x5f, c[n++] = 0x52; /* PUSH1 224 SHL PUSH0 MSTORE */
    c[n++] = 0x73, memcpy(c + n, HOLDER.b, 20), n += 20;                       /* PUSH20 HOLDER */
    c[n++] = 0x60, c[n++] = 0x04, c[n++] = 0x52;                               /* PUSH1 4 MSTORE */
    c[n++] = 0x61, c[n++] = (uint8_t)(CALLS >> 8), c[n++] = (uint8_t)CALLS;   /* PUSH2 CALLS */
    size_t loop = n;
    c[n++] = 0x5b;                                                             /* JUMPDEST */
    c[n++] = 0x60, c[n++] = 0x20, c[n++] = 0x5f, c[n++] = 0x60, c[n++] = 0x24, c[n++] = 0x5f;
    c[n++] = 0x73, memcpy(c + n, target.b, 20), n += 20;                       /* PUSH20 target */
    c[n++] = 0x5a, c[n++] = 0xfa, c[n++] = 0x50;                               /* GAS STATICCALL POP */
    c[n++] = 0x60, c[n++] = 0x01, c[n++] = 0x90, c[n++] = 0x03;                /* PUSH1 1 SWAP1 SUB */
    c[n++] = 0x80, c[n++] = 0x60, c[n++] = (uint8_t)loop, c[n++] = 0x57;      /* DUP1 PUSH1 loop JUMPI */
    c[n++] = 0x00;
    return n;
}

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

/* Best ns per inner call of `to` with calldata cd. */
static double time_loop(rs_env *e, rs_addr to, const uint8_t *cd, size_t len) {
    double best = 1e300;
    rs_buf ret;
    rs_buf_init(&ret);
    for (int r = 0; r < REPS; r++) {
        rs_env_reset(e);
        size_t cp = rs_state_checkpoint(e->st);
        double t0 = now_ns();
        int rc = rs_call(e, CALLER, to, U256_ZERO, cd, len, &ret);
        double t = now_ns() - t0;
        rs_router_tx_end(e);
        rs_state_revert(e->st, cp);
        if (rc != RS_OK) {
            fprintf(stderr, "bench_evm_native: the loop reverted\n");
            exit(1);
        }
        if (t < best) best = t;
    }
    rs_buf_free(&ret);
    return best / CALLS;
}

int main(void) {
    rs_params p;
    rs_params_defaults(&p);
    rs_state *st = rs_state_new();
    rs_env e;
    rs_env_init(&e, st, &p);
    rs_router_attach(&e);
    rs_dispatch_override(RS_CODE_OPAQUE, native_loop);

    erc20_create(st, TOKEN, "Token", "TK", 18, false);
    erc20_credit(st, TOKEN, HOLDER, u256_from_u64(5000));
    rs_code_set(st, LOOP_NATIVE, RS_CODE_OPAQUE);
    rs_world *w = rs_router_world(&e);
    static const uint8_t word[] = {0x61, 0x12, 0x34, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3};
    rs_world_set_code(w, EVM_WORD, word, sizeof word);
    uint8_t code[128];
    size_t n = loop_code(code, TOKEN);
    rs_world_set_code(w, LOOP_EVM, code, n);
    static const rs_addr LOOP_EVM_EVM = {{0xee, [19] = 0x08}};
    n = loop_code(code, EVM_WORD);
    rs_world_set_code(w, LOOP_EVM_EVM, code, n);
    rs_state_commit(st);
    (void)NATIVE;

    balance_of_cd[0] = 0x70, balance_of_cd[1] = 0xa0, balance_of_cd[2] = 0x82, balance_of_cd[3] = 0x31;
    memcpy(balance_of_cd + 16, HOLDER.b, 20);

    printf("evm->native    %.0f ns per STATICCALL of a native ERC20 balanceOf\n", time_loop(&e, LOOP_EVM, NULL, 0));
    printf("evm->evm       %.0f ns per STATICCALL of an EVM contract returning a word\n",
           time_loop(&e, LOOP_EVM_EVM, NULL, 0));
    printf("native->evm    %.0f ns per rs_staticcall of an EVM contract returning a word\n",
           time_loop(&e, LOOP_NATIVE, EVM_WORD.b, 20));
    printf("native->native %.0f ns per rs_staticcall of a native ERC20 balanceOf\n",
           time_loop(&e, LOOP_NATIVE, TOKEN.b, 20));
    rs_dispatch_override(RS_CODE_OPAQUE, NULL);
    rs_env_free(&e);
    rs_state_free(st);
    return 0;
}
