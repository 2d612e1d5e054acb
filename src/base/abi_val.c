/* Building and comparing abi_val trees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/abi.h"

abi_val abi_v_word(abi_kind k, u256 w) {
    abi_val v;
    memset(&v, 0, sizeof v);
    v.kind = k;
    v.word = w;
    return v;
}

abi_val abi_v_addr(rs_addr a) {
    u256 w = U256_ZERO;
    for (int i = 0; i < 20; i++) w.w[(19 - i) / 8] |= (uint64_t)a.b[i] << (8 * ((19 - i) % 8));
    return abi_v_word(ABI_ADDRESS, w);
}

abi_val abi_v_bytes(abi_kind k, const uint8_t *p, size_t len) {
    abi_val v;
    memset(&v, 0, sizeof v);
    v.kind = k;
    v.ptr = p;
    v.len = len;
    return v;
}

/* Encoders build values from trusted sizes, so an exhausted arena is a bug, not an input error. */
abi_val abi_v_list(rs_arena *a, abi_kind k, size_t n) {
    abi_val v;
    memset(&v, 0, sizeof v);
    v.kind = k;
    v.n = n;
    if (n == 0) return v;
    v.items = n <= SIZE_MAX / sizeof(abi_val) ? rs_arena_alloc(a, n * sizeof(abi_val)) : NULL;
    if (!v.items) {
        fprintf(stderr, "restake: abi_v_list: arena exhausted for %zu items\n", n);
        abort();
    }
    return v;
}

bool abi_val_eq(const abi_type *t, const abi_val *x, const abi_val *y) {
    switch (t->kind) {
    case ABI_BYTES:
    case ABI_STRING: return x->len == y->len && (x->len == 0 || memcmp(x->ptr, y->ptr, x->len) == 0);
    case ABI_ARRAY:
    case ABI_FARRAY:
    case ABI_TUPLE:
        if (x->n != y->n) return false;
        for (size_t i = 0; i < x->n; i++) {
            if (t->kind == ABI_TUPLE && i >= t->count) return false;
            const abi_type *ft = t->kind == ABI_TUPLE ? t->fields[i] : t->elem;
            if (!abi_val_eq(ft, &x->items[i], &y->items[i])) return false;
        }
        return true;
    default: return u256_eq(x->word, y->word);
    }
}

rs_addr *abi_addr_array(const abi_val *v) {
    rs_addr *a = rs_xcalloc(v->n, sizeof *a);
    for (size_t i = 0; i < v->n; i++) a[i] = abi_addr(&v->items[i]);
    return a;
}

u256 *abi_word_array(const abi_val *v) {
    u256 *a = rs_xcalloc(v->n, sizeof *a);
    for (size_t i = 0; i < v->n; i++) a[i] = v->items[i].word;
    return a;
}
