/* A bare environment with the router attached and one test contract routed
 * through the OPAQUE code kind: the fixture of the dispatch and call-frame
 * tests. Include after cmocka and the restake headers. */
#ifndef TESTS_OPAQUE_FIXTURE_H
#define TESTS_OPAQUE_FIXTURE_H

#include <stdlib.h>

#include "restake/accounts.h"
#include "restake/env.h"
#include "restake/router.h"

typedef struct {
    rs_params p;
    rs_state *st;
    rs_env e;
    rs_buf ret;
} world;

/* A readable test address: 0x00…NNNN. */
static inline rs_addr A(unsigned n) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[18] = (uint8_t)(n >> 8);
    a.b[19] = (uint8_t)n;
    return a;
}

/* A fresh world whose OPAQUE accounts run `entry`. */
static inline world *opaque_world_new(rs_contract_fn entry) {
    world *w = calloc(1, sizeof *w);
    rs_params_defaults(&w->p);
    w->st = rs_state_new();
    rs_env_init(&w->e, w->st, &w->p);
    rs_router_attach(&w->e);
    rs_buf_init(&w->ret);
    rs_dispatch_override(RS_CODE_OPAQUE, entry);
    return w;
}

static inline int opaque_world_teardown(void **state) {
    world *w = *state;
    rs_dispatch_override(RS_CODE_OPAQUE, NULL);
    rs_buf_free(&w->ret);
    rs_env_free(&w->e);
    rs_state_free(w->st);
    free(w);
    return 0;
}

#endif
