/* Rewards throughput: time to build a distribution tree of 10^5 earners (two
 * tokens each), checkClaim verifications per second against its root, and
 * processClaim calls per second through the contract surface (calldata
 * decoding, proofs, token transfers, events).
 * Usage: bench_rewards [earners] (default 100000). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "protocol/erc20.h"
#include "protocol/rewards.h"
#include "restake/contracts.h"
#include "restake/genesis.h"

#include "bench_util.h"
#include "restake/router.h"

static rs_addr addr(uint32_t tag, uint32_t n) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[0] = (uint8_t)tag;
    a.b[16] = (uint8_t)(n >> 24);
    a.b[17] = (uint8_t)(n >> 16);
    a.b[18] = (uint8_t)(n >> 8);
    a.b[19] = (uint8_t)n;
    return a;
}

int main(int argc, char **argv) {
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    if (n == 0) n = 1;
    rs_addr t1 = addr(0xaa, 0x500), t2 = addr(0xaa, 0x501);
    rc_tree_earner *earners = calloc(n, sizeof *earners);
    rc_token_leaf *leaves = calloc(2 * n, sizeof *leaves);
    if (!earners || !leaves) return 1;
    for (size_t i = 0; i < n; i++) {
        leaves[2 * i] = (rc_token_leaf){t1, u256_from_u64(1000 + i)};
        leaves[2 * i + 1] = (rc_token_leaf){t2, u256_from_u64(7 + i)};
        earners[i] = (rc_tree_earner){addr(0xbb, (uint32_t)i), &leaves[2 * i], 2};
    }

    const int builds = 5;
    double best = 1e9;
    rc_tree t;
    for (int k = 0; k < builds; k++) {
        double t0 = bench_now_s();
        if (!rc_tree_build(&t, earners, n)) return 1;
        double dt = bench_now_s() - t0;
        if (dt < best) best = dt;
        if (k + 1 < builds) rc_tree_free(&t);
    }
    printf("tree build: %zu earners x 2 tokens: %.1f ms (best of %d)\n", n, best * 1e3, builds);

    /* a coordinator holding that root, activated */
    rs_genesis g;
    memset(&g, 0, sizeof g);
    rs_params_defaults(&g.params);
    g.params.pauser_registry = addr(0xaa, 0x105);
    g.params.rewards_coordinator = addr(0xaa, 0x108);
    g.owner = addr(0xaa, 0x200);
    g.rewards_updater = addr(0xaa, 0x204);
    g.fee_recipient = addr(0xaa, 0x205);
    rs_gen_token toks[2] = {{.address = t1, .name = "One", .symbol = "T1", .decimals = 18},
                            {.address = t2, .name = "Two", .symbol = "T2", .decimals = 18}};
    g.tokens = toks;
    g.ntokens = 2;
    rs_state *st = rs_state_new();
    rs_genesis_apply(st, &g);
    rs_env e;
    rs_env_init(&e, st, &g.params);
    rs_router_attach(&e);
    e.timestamp = 1750000000;
    u256 big = U256_MAX;
    big.w[3] = 0xffff;
    erc20_credit(st, t1, g.params.rewards_coordinator, big);
    erc20_credit(st, t2, g.params.rewards_coordinator, big);
    if (rc_submit_root(&e, g.rewards_updater, rc_tree_root(&t), 1749999999) != RS_OK) return 1;
    rs_state_commit(st);
    e.timestamp += 7200;

    /* checkClaim over a spread of earners */
    const size_t nclaims = n < 4096 ? n : 4096;
    rc_claim *claims = calloc(nclaims, sizeof *claims);
    rc_claim_store *stores = calloc(nclaims, sizeof *stores);
    for (size_t i = 0; i < nclaims; i++) rc_tree_claim(&t, (i * 7919) % n, 0, &claims[i], &stores[i]);
    size_t checks = 0;
    double t0 = bench_now_s(), dt;
    do {
        for (size_t i = 0; i < nclaims; i++, checks++)
            if (rc_check_claim(&e, &claims[i]) != RS_OK) return 1;
        dt = bench_now_s() - t0;
    } while (dt < 1.0);
    printf("checkClaim: %.0f claims/s (%zu earner levels + 1 token level each)\n", checks / dt,
           (size_t)t.earner_tree.depth);

    /* processClaim through the surface: each earner claims once */
    rs_buf *cds = calloc(nclaims, sizeof *cds);
    for (size_t i = 0; i < nclaims; i++) {
        rs_buf_init(&cds[i]);
        rc_encode_process_claim(&cds[i], &claims[i], claims[i].earner);
    }
    size_t done = 0;
    t0 = bench_now_s();
    for (size_t i = 0; i < nclaims; i++) {
        rs_env_reset(&e);
        int rc = rs_call(&e, claims[i].earner, g.params.rewards_coordinator, U256_ZERO, cds[i].p, cds[i].len, NULL);
        rs_state_commit(st);
        if (rc == RS_OK) done++;
    }
    dt = bench_now_s() - t0;
    printf("processClaim via calldata: %.0f claims/s (%zu of %zu succeeded; repeats of an earner fail)\n",
           nclaims / dt, done, nclaims);

    for (size_t i = 0; i < nclaims; i++) {
        rc_claim_store_free(&stores[i]);
        rs_buf_free(&cds[i]);
    }
    free(cds);
    free(stores);
    free(claims);
    rc_tree_free(&t);
    rs_env_free(&e);
    rs_state_free(st);
    free(earners);
    free(leaves);
    return 0;
}
