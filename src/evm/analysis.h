/* Code analysis: the padded copy of a code and its JUMPDEST bitmap (a JUMPDEST
 * byte inside PUSH data is not a destination). Deployed code is analysed once
 * per code hash and kept in a per-thread cache, so no lock is taken on the
 * hot path and threads never share an entry. */
#ifndef RESTAKE_EVM_ANALYSIS_H
#define RESTAKE_EVM_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/types.h"

typedef struct {
    const uint8_t *code;      /* code_len bytes then RS_EVM_CODE_PADDING zeros */
    const uint8_t *jumpdests; /* bit i set: code[i] is a valid JUMPDEST */
    size_t code_len;
    void *cache_entry;        /* held while the frame runs; NULL for scratch */
} evm_code;

/* A growable buffer a frame owns for code analysed without a hash. */
typedef struct {
    uint8_t *p;
    size_t cap;
} evm_scratch;

/* Analyses code (from the cache when code_hash is given and the entry is
 * free to use, else into scratch). Returns false only when memory runs out. */
bool evm_analyse(evm_code *out, const uint8_t *code, size_t len, const rs_b32 *code_hash, evm_scratch *scratch);
/* Releases the cache entry the frame held. */
void evm_analysis_release(evm_code *c);

static inline bool evm_is_jumpdest(const evm_code *c, uint64_t pc) {
    return pc < c->code_len && ((c->jumpdests[pc >> 3] >> (pc & 7)) & 1);
}

#endif
