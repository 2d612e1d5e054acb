/* Shared by the ABI decoder and encoder (not a public interface). */
#ifndef RESTAKE_ABI_INTERNAL_H
#define RESTAKE_ABI_INTERNAL_H

#include "restake/abi.h"

/* Fast paths: parsed types carry both properties; of the rest, only T[k]
 * and tuples need a walk. */
static inline bool abi_is_dyn(const abi_type *t) {
    if (t->props_known) return t->dynamic;
    return t->kind >= ABI_BYTES && (t->kind <= ABI_ARRAY || abi_type_is_dynamic(t));
}
static inline size_t abi_head_size(const abi_type *t) {
    if (t->props_known) return t->head_bytes;
    return t->kind < ABI_FARRAY ? 32 : abi_type_head_size(t);
}
/* The type of item i of a tuple, T[k] or T[]. */
static inline const abi_type *abi_item_type(const abi_type *t, size_t i) {
    return t->kind == ABI_TUPLE ? t->fields[i] : t->elem;
}

#endif
