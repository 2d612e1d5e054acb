/* RLP decoder fuzzer. Canonical decoding makes the decoder a bijection on
 * what it accepts: any accepted input must re-encode to exactly itself, and
 * any integer read from it must re-encode to its own bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "restake/rlp.h"

#include "../tests/rlp_reencode.h"

static void check_integer(const rlp_item *it) {
    u256 v;
    uint64_t x;
    rs_buf b;
    rs_buf_init(&b);
    if (rlp_to_u256(it, &v) == RLP_OK) {
        rlp_put_u256(&b, v);
        rlp_item back;
        rs_arena a;
        rs_arena_init(&a, 0);
        if (rlp_decode(&a, b.p, b.len, &back) != RLP_OK || back.len != it->len ||
            (it->len && memcmp(back.ptr, it->ptr, it->len) != 0))
            abort();
        rs_arena_free(&a);
    }
    if (rlp_to_u64(it, &x) == RLP_OK) {
        rs_buf_reset(&b);
        rlp_put_u64(&b, x);
        if (b.len != (it->len == 1 && it->ptr[0] < 0x80 ? 1 : it->len + 1)) abort();
    }
    rs_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    rs_arena a;
    rs_arena_init(&a, 64u << 20);
    rlp_item it;
    if (rlp_decode(&a, data, size, &it) == RLP_OK) {
        rs_buf b;
        rs_buf_init(&b);
        rlp_reencode(&b, &it);
        if (b.len != size || memcmp(b.p, data, size) != 0) abort();
        rs_buf_free(&b);
        check_integer(&it);
        for (size_t i = 0; i < it.n; i++) check_integer(&it.items[i]);
    }
    rs_arena_free(&a);
    return 0;
}
