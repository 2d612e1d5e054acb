/* Re-encoding a decoded RLP item: canonical decoding makes it the inverse of
 * the decoder, which the RLP test and fuzzer both check. Header-only, no
 * cmocka. */
#ifndef RESTAKE_TESTS_RLP_REENCODE_H
#define RESTAKE_TESTS_RLP_REENCODE_H

#include "restake/rlp.h"

static inline void rlp_reencode(rs_buf *out, const rlp_item *it) {
    if (!it->is_list) {
        rlp_put_bytes(out, it->ptr, it->len);
        return;
    }
    rs_buf inner;
    rs_buf_init(&inner);
    for (size_t i = 0; i < it->n; i++) rlp_reencode(&inner, &it->items[i]);
    rlp_put_list(out, inner.p, inner.len);
    rs_buf_free(&inner);
}

#endif
