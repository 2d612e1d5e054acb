/* The AllocationManager world shared by the allocation and slashing tests:
 * a genesis with one mintable token and two strategies over it (sa < sb, as
 * slashing wants), delays short enough to cross in a test, and helpers to
 * register an operator, open an operator set and allocate to it.
 * Header-only: each test file includes it once. */
#ifndef RESTAKE_TESTS_ALLOCATION_FIXTURE_H
#define RESTAKE_TESTS_ALLOCATION_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/allocation.h"
#include "protocol/delegation.h"
#include "protocol/erc20.h"
#include "protocol/strategy.h"
#include "restake/contracts.h"
#include "restake/genesis.h"
#include "restake/router.h"

#define WAD 1000000000000000000ULL

typedef struct {
    rs_genesis g;
    rs_gen_token tok;
    rs_gen_strategy strats[2];
    rs_state *st;
    rs_env e;
    rs_addr avs, op, staker, token, sa, sb;
} fx;

static inline rs_addr addr(uint8_t hi, uint8_t lo) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[0] = hi;
    a.b[19] = lo;
    return a;
}

static inline int setup(void **state) {
    fx *f = calloc(1, sizeof *f);
    rs_params *p = &f->g.params;
    rs_params_defaults(p);
    p->delegation_manager = addr(0x10, 1);
    p->strategy_manager = addr(0x10, 2);
    p->allocation_manager = addr(0x10, 3);
    p->allocation_manager_view = addr(0x10, 4);
    p->permission_controller = addr(0x10, 5);
    p->pauser_registry = addr(0x10, 6);
    p->mock_avs_registrar = addr(0x10, 7);
    p->eigen_strategy = addr(0x10, 8);
    p->strategy_factory = addr(0x10, 9);
    p->min_withdrawal_delay_blocks = 50;
    p->deallocation_delay = 50;
    p->allocation_configuration_delay = 75;
    p->slasher_configuration_delay = 75;
    f->g.block = 100;
    f->g.timestamp = 1700000000;
    f->g.owner = addr(0x20, 1);
    f->g.pausers[0] = addr(0x20, 2);
    f->g.npausers = 1;
    f->g.unpauser = addr(0x20, 3);
    f->g.strategy_whitelister = addr(0x20, 4);

    f->token = addr(0x30, 1);
    f->sa = addr(0x40, 1); /* sa < sb: slashing wants ascending strategies */
    f->sb = addr(0x40, 2);
    f->tok.address = f->token;
    strcpy(f->tok.name, "Token");
    strcpy(f->tok.symbol, "TKA");
    f->tok.decimals = 18;
    f->tok.mintable = true;
    f->g.tokens = &f->tok;
    f->g.ntokens = 1;
    f->strats[0] = (rs_gen_strategy){f->sa, f->token, true};
    f->strats[1] = (rs_gen_strategy){f->sb, f->token, true};
    f->g.strategies = f->strats;
    f->g.nstrategies = 2;

    f->st = rs_state_new();
    rs_genesis_apply(f->st, &f->g);
    rs_env_init(&f->e, f->st, p);
    rs_router_attach(&f->e);
    f->e.block_number = 101;
    f->e.timestamp = 1700000012;

    f->avs = addr(0xa5, 1);
    f->op = addr(0x0b, 1);
    f->staker = addr(0x5a, 1);
    *state = f;
    return 0;
}

static inline int teardown(void **state) {
    fx *f = *state;
    rs_env_free(&f->e);
    rs_state_free(f->st);
    free(f);
    return 0;
}

/* Runs a call as a transaction would: a revert undoes its writes. */
static size_t tx_checkpoint;

static inline int tx_end(fx *f, int rc) {
    if (rc != RS_OK) rs_state_revert(f->st, tx_checkpoint);
    return rc;
}

#define TX(f, call) (tx_checkpoint = rs_state_checkpoint((f)->st), tx_end((f), (call)))

static inline void assert_reverted_with(fx *f, int rc, const char *sig) {
    assert_int_equal(rc, RS_REVERTED);
    if (!sig) {
        assert_int_equal(f->e.revert_len, 0);
        return;
    }
    uint32_t want = rs_sig_selector(sig);
    assert_true(f->e.revert_len >= 4);
    uint32_t got = (uint32_t)f->e.revert[0] << 24 | (uint32_t)f->e.revert[1] << 16 | (uint32_t)f->e.revert[2] << 8 |
                   f->e.revert[3];
    assert_int_equal(got, want);
}

static inline void register_operator(fx *f, rs_addr op, uint32_t delay) {
    assert_int_equal(dm_register_as_operator(&f->e, op, RS_ADDR_ZERO, delay, (const uint8_t *)"", 0), RS_OK);
}

static inline void avs_with_set(fx *f, uint32_t id, const rs_addr *strategies, size_t n) {
    assert_int_equal(am_update_avs_metadata_uri(&f->e, f->avs, f->avs, (const uint8_t *)"uri", 3), RS_OK);
    assert_int_equal(am_set_avs_registrar(&f->e, f->avs, f->avs, f->e.p->mock_avs_registrar), RS_OK);
    am_create_set_params cp = {id, strategies, n, f->avs};
    assert_int_equal(am_create_operator_sets(&f->e, f->avs, f->avs, &cp, 1), RS_OK);
}

static inline int allocate(fx *f, am_opset s, rs_addr strategy, uint64_t mag) {
    am_allocate_params ap = {s, &strategy, 1, &mag, 1};
    return TX(f, am_modify_allocations(&f->e, f->op, f->op, &ap, 1));
}

#endif
