/* The cmocka fixture of the tests that run calls on a bare world: a fresh
 * state and the world over it, freed after each test. */
#ifndef RESTAKE_TESTS_WORLD_FIXTURE_H
#define RESTAKE_TESTS_WORLD_FIXTURE_H

#include <stdlib.h>

#include "restake/state.h"
#include "restake/world.h"

typedef struct {
    rs_state *st;
    rs_world *w;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->st = rs_state_new();
    f->w = rs_world_new(f->st);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    rs_world_free(f->w);
    rs_state_free(f->st);
    free(f);
    return 0;
}

#endif
