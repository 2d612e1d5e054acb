/* ABI encoder: standard head/tail layout. Narrow values are cleaned the way
 * Solidity's abi.encode cleans them, so whatever is encoded decodes again. */
#include <assert.h>
#include <string.h>

#include "base/abi_internal.h"

static const abi_val ZERO_VAL;

static u256 mask_low_bits(u256 v, unsigned bits) {
    for (unsigned i = 0; i < 4; i++) {
        unsigned lo = 64 * i;
        if (bits >= lo + 64) continue;
        v.w[i] &= bits <= lo ? 0 : (UINT64_MAX >> (64 - (bits - lo)));
    }
    return v;
}

/* Sign-extends from bit (bits - 1). */
static u256 sign_extend(u256 v, unsigned bits) {
    unsigned sb = bits - 1;
    bool neg = (v.w[sb / 64] >> (sb % 64)) & 1;
    u256 m = mask_low_bits(v, bits);
    if (!neg) return m;
    u256 ones = mask_low_bits(U256_MAX, bits);
    for (int i = 0; i < 4; i++) m.w[i] |= ~ones.w[i];
    return m;
}

static u256 clean_word(const abi_type *t, u256 w) {
    switch (t->kind) {
    case ABI_UINT: return mask_low_bits(w, t->bits);
    case ABI_INT: return sign_extend(w, t->bits);
    case ABI_ADDRESS: return mask_low_bits(w, 160);
    case ABI_BOOL: return u256_is_zero(w) ? U256_ZERO : U256_ONE;
    case ABI_BYTESN: {
        u256 low = mask_low_bits(w, 8u * (32u - t->bits));
        for (int i = 0; i < 4; i++) w.w[i] &= ~low.w[i];
        return w;
    }
    default: return w;
    }
}

static void encode_value(rs_buf *out, const abi_type *t, const abi_val *v);

/* Words are written in place rather than through rs_buf_word: passing u256 by
 * value costs a store-forwarding stall per word, a third of the encoder's time. */
static inline void put_be64(uint8_t *p, uint64_t x) {
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    memcpy(p, &x, 8);
}

static void put_be_word(uint8_t *p, const u256 *w) {
    for (int i = 0; i < 4; i++) put_be64(p + 8 * i, w->w[3 - i]);
}

static void put_u64_word(uint8_t *p, uint64_t x) {
    memset(p, 0, 24);
    put_be64(p + 24, x);
}

static uint8_t *append_word(rs_buf *out) {
    rs_buf_zeros(out, 32);
    assert(out->len >= 32);
    return out->p + out->len - 32;
}

/* Heads then tails; offsets are relative to the sequence's first byte.
 * Missing items (v->n short of the type) encode as zero values. */
static void encode_seq(rs_buf *out, const abi_type *t, size_t n, const abi_val *items, size_t have) {
    size_t start = out->len, head = 0;
    for (size_t i = 0; i < n; i++) {
        const abi_type *ft = abi_item_type(t, i);
        const abi_val *fv = i < have ? &items[i] : &ZERO_VAL;
        if (abi_is_dyn(ft)) rs_buf_zeros(out, 32);
        else encode_value(out, ft, fv);
    }
    for (size_t i = 0; i < n; i++) {
        const abi_type *ft = abi_item_type(t, i);
        size_t hs = abi_head_size(ft);
        if (abi_is_dyn(ft)) {
            put_u64_word(out->p + start + head, out->len - start);
            encode_value(out, ft, i < have ? &items[i] : &ZERO_VAL);
        }
        head += hs;
    }
    assert(out->len >= start + head && (out->len - start) % 32 == 0);
}

static void encode_bytes(rs_buf *out, const abi_val *v) {
    assert(v->ptr != NULL || v->len == 0);
    put_u64_word(append_word(out), v->len);
    rs_buf_put(out, v->ptr, v->len);
    rs_buf_zeros(out, (32 - v->len % 32) % 32);
}

static void encode_value(rs_buf *out, const abi_type *t, const abi_val *v) {
    switch (t->kind) {
    case ABI_BYTES:
    case ABI_STRING: encode_bytes(out, v); break;
    case ABI_ARRAY:
        put_u64_word(append_word(out), v->n);
        encode_seq(out, t, v->n, v->items, v->n);
        break;
    case ABI_FARRAY:
    case ABI_TUPLE: encode_seq(out, t, t->count, v->items, v->n); break;
    default: {
        u256 w = clean_word(t, v->word);
        put_be_word(append_word(out), &w);
        break;
    }
    }
}

void abi_encode(rs_buf *out, const abi_type *t, const abi_val *v) {
    if (t->kind == ABI_TUPLE) {
        encode_value(out, t, v);
        return;
    }
    const abi_type *fields[1] = {t};
    abi_type wrap = {.kind = ABI_TUPLE, .count = 1, .fields = fields};
    encode_seq(out, &wrap, 1, v, 1);
}
