/* Frame memory: the quadratic expansion charge and geometric growth of the
 * backing buffer (kept by the thread's frame store between frames). */
#include <stdlib.h>
#include <string.h>

#include "evm/arith.h"
#include "evm/frame.h"
#include "evm/gas.h"
#include "restake/limits.h"

static bool grow(evm_frame *f, size_t need) {
    evm_frame_store *s = f->store;
    if (s->mem_cap < need) {
        size_t cap = s->mem_cap ? s->mem_cap : 4096;
        while (cap < need) cap *= 2;
        uint8_t *p = realloc(s->mem, cap);
        if (!p) return false;
        s->mem = p;
        s->mem_cap = cap;
        f->mem = p;
    }
    memset(f->mem + f->mem_len, 0, need - f->mem_len);
    f->mem_len = need;
    return true;
}

rs_evm_status evm_memory_region(evm_frame *f, u256 off, u256 size, size_t *off_out, size_t *size_out) {
    if (u256_is_zero(size)) {
        *off_out = 0;
        *size_out = 0;
        return RS_EVM_SUCCESS;
    }
    if (off.w[1] | off.w[2] | off.w[3] | size.w[1] | size.w[2] | size.w[3]) return RS_EVM_OUT_OF_GAS;
    uint64_t o = off.w[0], n = size.w[0];
    if (o > RS_EVM_MEMORY_MAX || n > RS_EVM_MEMORY_MAX || o + n > RS_EVM_MEMORY_MAX) return RS_EVM_OUT_OF_GAS;
    *off_out = (size_t)o;
    *size_out = (size_t)n;
    uint64_t end = o + n;
    if (end <= f->mem_len) return RS_EVM_SUCCESS;
    uint64_t words = evm_words(end);
    int64_t cost = evm_memory_cost(words) - evm_memory_cost(f->mem_len / 32);
    if (!evm_charge(f, cost)) return RS_EVM_OUT_OF_GAS;
    if (!grow(f, (size_t)words * 32)) return RS_EVM_OUT_OF_GAS;
    return RS_EVM_SUCCESS;
}
