/* The dispatch loop (computed goto): each instruction checks its stack
 * shape and static gas against evm_op_table, then runs. pc, sp and gas live
 * in locals; the frame struct is synced around out-of-line opcodes. */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "evm/arith.h"
#include "evm/frame.h"
#include "evm/gas.h"
#include "restake/evm.h"
#include "restake/keccak.h"
#include "restake/limits.h"
#include "restake/tracer.h"

/* ---- the thread's frame stores ---- */

static _Thread_local evm_frame_store *tl_frames[RS_EVM_FRAMES_PER_THREAD];
static _Thread_local unsigned tl_level;

/* Threads come and go (an RPC request runs on a thread of its own): a
 * thread's frame stores are freed when it exits. */
static pthread_key_t frames_key;
static pthread_once_t frames_key_once = PTHREAD_ONCE_INIT;

static void frames_free(void *arg) {
    evm_frame_store **frames = arg;
    for (unsigned i = 0; i < RS_EVM_FRAMES_PER_THREAD && frames[i]; i++) {
        free(frames[i]->mem);
        rs_buf_free(&frames[i]->ret);
        free(frames[i]->scratch.p);
        free(frames[i]);
        frames[i] = NULL;
    }
}

static void frames_key_make(void) { (void)pthread_key_create(&frames_key, frames_free); }

static evm_frame_store *frame_acquire(void) {
    if (tl_level >= RS_EVM_FRAMES_PER_THREAD) return NULL;
    evm_frame_store *s = tl_frames[tl_level];
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s) return NULL;
        rs_buf_init(&s->ret);
        if (tl_level == 0) {
            pthread_once(&frames_key_once, frames_key_make);
            (void)pthread_setspecific(frames_key, tl_frames);
        }
        tl_frames[tl_level] = s;
    }
    tl_level++;
    return s;
}

static void frame_release(void) {
    assert(tl_level > 0);
    tl_level--;
}

const rs_tx_context *evm_tx(evm_frame *f) {
    if (!f->tx) f->tx = f->host->get_tx_context(f->host);
    return f->tx;
}

/* ---- small helpers ---- */

/* The immediate of PUSHn: n big-endian bytes at p. The code is padded, so
 * 32 bytes from p are always readable; whole words are loaded and shifted
 * (a byte-wise copy would stall store forwarding). */
static inline u256 load_push(const uint8_t *p, unsigned n) {
    if (n <= 8) {
        uint64_t x;
        memcpy(&x, p, 8);
        return (u256){{__builtin_bswap64(x) >> (64 - 8 * n), 0, 0, 0}};
    }
    return evm_shr(evm_load_be(p), 256 - 8 * n);
}

static inline bool small(u256 v, uint64_t *out) {
    if (v.w[1] | v.w[2] | v.w[3]) return false;
    *out = v.w[0];
    return true;
}

static u256 addr_word(rs_addr a) { return rs_addr_to_u256(a); }

/* Reports the state before the instruction at pc to the tracer (gas: before
 * the instruction's static charge). Out of line: only traced frames reach it. */
static __attribute__((noinline, cold)) void trace_step(evm_frame *f, size_t pc, uint8_t op, int64_t gas,
                                                        const u256 *stack, size_t height) {
    rs_tracer *t = f->host->tracer;
    rs_trace_step s = {.pc = pc, .op = op, .gas = gas, .refund = f->refund, .msg = f->msg, .stack = stack,
                       .stack_len = height, .memory = f->mem, .memory_len = f->mem_len,
                       .return_data = f->ret->p, .return_data_len = f->ret->len, .host = f->host};
    t->step(t, &s);
}

/* ---- the loop, compiled twice: untraced, and stepping the tracer ---- */

#define INTERP_RUN run
#define INTERP_TRACED 0
#include "evm/interp_loop.h"
#undef INTERP_RUN
#undef INTERP_TRACED
#define INTERP_RUN run_traced
#define INTERP_TRACED 1
#include "evm/interp_loop.h"
#undef INTERP_RUN
#undef INTERP_TRACED

/* The label table can only be filled from inside run(); once per process. */
static pthread_once_t labels_once = PTHREAD_ONCE_INIT;
static void fill_labels(void) {
    (void)run(NULL);
    (void)run_traced(NULL);
}

rs_evm_result rs_evm_execute(rs_host *host, const rs_msg *msg, const uint8_t *code, size_t code_len,
                             const rs_b32 *code_hash, rs_buf *out) {
    assert(host && msg && out && msg->gas >= 0);
    rs_evm_result r = {.status = RS_EVM_SUCCESS, .gas_left = msg->gas, .gas_refund = 0};
    rs_buf_reset(out);
    if (code_len == 0) return r;
    pthread_once(&labels_once, fill_labels);
    evm_frame_store *s = frame_acquire();
    if (!s) {
        r.status = RS_EVM_FAILURE;
        r.gas_left = 0;
        return r;
    }
    evm_frame f = {.host = host, .msg = msg, .store = s, .mem = s->mem, .mem_len = 0,
                   .gas = msg->gas, .refund = 0, .ret = &s->ret, .out = out, .tx = NULL};
    rs_buf_reset(&s->ret);
    if (!evm_analyse(&f.code, code, code_len, code_hash, &s->scratch)) {
        frame_release();
        r.status = RS_EVM_FAILURE;
        r.gas_left = 0;
        return r;
    }
    r.status = host->tracer && host->tracer->step ? run_traced(&f) : run(&f);
    evm_analysis_release(&f.code);
    frame_release();
    if (r.status == RS_EVM_SUCCESS || r.status == RS_EVM_REVERT) {
        r.gas_left = f.gas;
        if (r.status == RS_EVM_SUCCESS) r.gas_refund = f.refund;
    } else {
        r.gas_left = 0;
        rs_buf_reset(out);
    }
    assert(r.gas_left >= 0 && r.gas_left <= msg->gas);
    return r;
}
