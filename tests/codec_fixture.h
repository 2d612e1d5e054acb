/* The fixture of the codec tests: an arena for decoded items and a buffer
 * for encodings, fresh for every test. Header-only. */
#ifndef RESTAKE_TESTS_CODEC_FIXTURE_H
#define RESTAKE_TESTS_CODEC_FIXTURE_H

#include <stdlib.h>

#include "restake/buf.h"

typedef struct {
    rs_arena a;
    rs_buf b;
} fixture;

static inline int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    rs_arena_init(&f->a, 0);
    rs_buf_init(&f->b);
    *state = f;
    return 0;
}

static inline int teardown(void **state) {
    fixture *f = *state;
    rs_arena_free(&f->a);
    rs_buf_free(&f->b);
    free(f);
    return 0;
}

#endif
