/* Distribution trees built by rc_tree_build (and `restake rewards`): their
 * roots and proofs are accepted by processClaim through the contract surface
 * for 1, 2, 3 and 100,000 earners; tampered proofs are rejected. */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "liquid_fixture.h"
#include "protocol/erc20.h"
#include "protocol/rewards.h"
#include "restake/hex.h"
#include "restake/router.h"
#include "test_util.h"

extern const rs_command rs_cmd_rewards;

#define T0 1750000000u

typedef struct {
    rs_state *st;
    rs_genesis g;
    rs_gen_token tokens[2];
    rs_env e;
    rs_addr t1, t2, updater;
} world;

static rs_addr A(uint32_t n) { return lq_addr(n); }

static int setup(void **state) {
    world *w = calloc(1, sizeof *w);
    rs_params_defaults(&w->g.params);
    w->g.params.chain_id = 31337;
    w->g.params.pauser_registry = A(0x105);
    w->g.params.rewards_coordinator = A(0x108);
    w->t1 = A(0x500);
    w->t2 = A(0x501);
    w->updater = A(0x204);
    w->g.owner = A(0x200);
    w->g.rewards_updater = w->updater;
    w->g.fee_recipient = A(0x205);
    w->tokens[0] = (rs_gen_token){.address = w->t1, .name = "One", .symbol = "T1", .decimals = 18, .mintable = true};
    w->tokens[1] = (rs_gen_token){.address = w->t2, .name = "Two", .symbol = "T2", .decimals = 18, .mintable = true};
    w->g.tokens = w->tokens;
    w->g.ntokens = 2;
    w->st = rs_state_new();
    rs_genesis_apply(w->st, &w->g);
    rs_env_init(&w->e, w->st, &w->g.params);
    rs_router_attach(&w->e);
    w->e.timestamp = T0;
    erc20_credit(w->st, w->t1, w->g.params.rewards_coordinator, lq_dec("1000000000000000000000000"));
    erc20_credit(w->st, w->t2, w->g.params.rewards_coordinator, lq_dec("1000000000000000000000000"));
    rs_state_commit(w->st);
    *state = w;
    return 0;
}

static int teardown(void **state) {
    world *w = *state;
    rs_env_free(&w->e);
    rs_state_free(w->st);
    free(w);
    return 0;
}

/* Posts the root and moves past its activation. Returns its index. */
static uint32_t post_root(world *w, rs_b32 root) {
    rs_env_reset(&w->e);
    uint32_t index = (uint32_t)rc_distribution_roots_length(&w->e);
    assert_int_equal(rc_submit_root(&w->e, w->updater, root, (uint32_t)w->e.timestamp - 1), RS_OK);
    rs_state_commit(w->st);
    w->e.timestamp += 7200;
    return index;
}

static int call_claim(world *w, rs_addr from, const rc_claim *c, rs_addr recipient) {
    rs_buf cd, ret;
    rs_buf_init(&cd);
    rs_buf_init(&ret);
    rc_encode_process_claim(&cd, c, recipient);
    rs_env_reset(&w->e);
    int rc = rs_call(&w->e, from, w->g.params.rewards_coordinator, U256_ZERO, cd.p, cd.len, &ret);
    rs_state_commit(w->st);
    rs_buf_free(&cd);
    rs_buf_free(&ret);
    return rc;
}

/* Earner i earns (i + 1) * 10 of t1 and, for odd i, 3 of t2. */
typedef struct {
    rc_tree_earner *earners;
    rc_token_leaf *leaves;
    size_t n;
} input;

static input make_input(world *w, size_t n) {
    input in = {calloc(n, sizeof *in.earners), calloc(2 * n, sizeof *in.leaves), n};
    for (size_t i = 0; i < n; i++) {
        rc_token_leaf *l = &in.leaves[2 * i];
        l[0] = (rc_token_leaf){w->t1, lq_u((i + 1) * 10)};
        l[1] = (rc_token_leaf){w->t2, lq_u(3)};
        in.earners[i] = (rc_tree_earner){A(0x10000 + (uint32_t)i), l, (i % 2) ? 2 : 1};
    }
    return in;
}

static void free_input(input *in) {
    free(in->earners);
    free(in->leaves);
}

/* Claims every token of earner i and checks balances and cumulativeClaimed. */
static void claim_earner(world *w, const rc_tree *t, uint32_t root_index, size_t i) {
    rc_claim c;
    rc_claim_store s;
    rc_tree_claim(t, i, root_index, &c, &s);
    rs_addr recipient = A(0x90000 + (uint32_t)i);
    assert_int_equal(call_claim(w, c.earner, &c, recipient), RS_OK);
    assert_int_equal(w->e.nlogs, 2 * c.nleaves); /* Transfer and RewardsClaimed per token */
    for (size_t j = 0; j < c.nleaves; j++) {
        assert_u256_equal(erc20_balance_of(&w->e, c.token_leaves[j].token, recipient),
                            c.token_leaves[j].cumulative_earnings);
        assert_u256_equal(rc_cumulative_claimed(&w->e, c.earner, c.token_leaves[j].token),
                            c.token_leaves[j].cumulative_earnings);
    }
    /* the same claim again: nothing more to claim */
    assert_int_equal(call_claim(w, c.earner, &c, recipient), RS_REVERTED);
    lq_expect_error(&w->e, "EarningsNotGreaterThanClaimed()");
    rc_claim_store_free(&s);
}

static void claim_all(world *w, size_t n) {
    input in = make_input(w, n);
    rc_tree t;
    assert_true(rc_tree_build(&t, in.earners, n));
    uint32_t index = post_root(w, rc_tree_root(&t));
    for (size_t i = 0; i < n; i++) claim_earner(w, &t, index, i);
    rc_tree_free(&t);
    free_input(&in);
}

static void test_one_earner_is_its_own_root(void **state) {
    world *w = *state;
    input in = make_input(w, 1);
    rc_tree t;
    assert_true(rc_tree_build(&t, in.earners, 1));
    rs_b32 token_leaf = rc_token_leaf_hash(w->t1, lq_u(10));
    assert_memory_equal(t.earner_token_roots[0].b, token_leaf.b, 32);
    rs_b32 earner_leaf = rc_earner_leaf_hash(in.earners[0].earner, token_leaf);
    assert_memory_equal(rc_tree_root(&t).b, earner_leaf.b, 32);
    rc_claim c;
    rc_claim_store s;
    rc_tree_claim(&t, 0, 0, &c, &s);
    assert_int_equal(c.earner_proof.len, 0);
    assert_int_equal(c.token_proofs[0].len, 0);
    rc_claim_store_free(&s);
    rc_tree_free(&t);
    free_input(&in);
    claim_all(w, 1);
}

static void test_two_earners(void **state) { claim_all(*state, 2); }

static void test_three_earners_pad_with_a_zero_leaf(void **state) {
    world *w = *state;
    input in = make_input(w, 3);
    rc_tree t;
    assert_true(rc_tree_build(&t, in.earners, 3));
    assert_int_equal(t.earner_tree.width, 4);
    rc_claim c;
    rc_claim_store s;
    rc_tree_claim(&t, 2, 0, &c, &s);
    assert_int_equal(c.earner_proof.len, 64);
    uint8_t zero[32] = {0};
    assert_memory_equal(c.earner_proof.p, zero, 32); /* the padding leaf is earner 2's sibling */
    rc_claim_store_free(&s);
    rc_tree_free(&t);
    free_input(&in);
    claim_all(w, 3);
}

static void test_tampered_proofs_are_rejected(void **state) {
    world *w = *state;
    input in = make_input(w, 3);
    rc_tree t;
    assert_true(rc_tree_build(&t, in.earners, 3));
    uint32_t index = post_root(w, rc_tree_root(&t));
    rc_claim c;
    rc_claim_store s;
    rc_tree_claim(&t, 1, index, &c, &s);
    uint8_t *p = (uint8_t *)c.earner_proof.p;
    p[5] ^= 1;
    assert_int_equal(call_claim(w, c.earner, &c, c.earner), RS_REVERTED);
    lq_expect_error(&w->e, "InvalidClaimProof()");
    p[5] ^= 1;
    uint8_t *tp = (uint8_t *)c.token_proofs[1].p;
    tp[31] ^= 0x80;
    assert_int_equal(call_claim(w, c.earner, &c, c.earner), RS_REVERTED);
    lq_expect_error(&w->e, "InvalidClaimProof()");
    tp[31] ^= 0x80;
    /* the right claim from the wrong caller */
    assert_int_equal(call_claim(w, A(0x1), &c, c.earner), RS_REVERTED);
    lq_expect_error(&w->e, "UnauthorizedCaller()");
    /* index 2^(levels) is out of range */
    c.earner_index = 4;
    assert_int_equal(call_claim(w, c.earner, &c, c.earner), RS_REVERTED);
    lq_expect_error(&w->e, "InvalidEarnerLeafIndex()");
    c.earner_index = 1;
    c.earner_proof.len = 33;
    assert_int_equal(call_claim(w, c.earner, &c, c.earner), RS_REVERTED);
    lq_expect_error(&w->e, "InvalidProofLength()");
    c.earner_proof.len = 64;
    /* checkClaim agrees, and the untouched claim goes through */
    rs_env_reset(&w->e);
    assert_int_equal(rc_check_claim(&w->e, &c), RS_OK);
    assert_int_equal(call_claim(w, c.earner, &c, c.earner), RS_OK);
    rc_claim_store_free(&s);
    rc_tree_free(&t);
    free_input(&in);
}

static void test_hundred_thousand_earners(void **state) {
    world *w = *state;
    size_t n = 100000;
    input in = make_input(w, n);
    rc_tree t;
    assert_true(rc_tree_build(&t, in.earners, n));
    assert_int_equal(t.earner_tree.depth, 17);
    uint32_t index = post_root(w, rc_tree_root(&t));
    const size_t picks[] = {0, 1, 65535, 65536, 99998, n - 1};
    for (size_t k = 0; k < sizeof picks / sizeof picks[0]; k++) claim_earner(w, &t, index, picks[k]);
    rc_tree_free(&t);
    free_input(&in);
}

/* Runs `restake rewards ARGS` with stdout in a file; returns its exit status
 * and the first line of output in line. */
static int run_cli(char **argv, int argc, char *line, size_t cap) {
    char path[] = "/tmp/test_rewards_tree_outXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stdout);
    int saved = dup(1);
    dup2(fd, 1);
    int status = rs_cmd_rewards.run(argc, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    FILE *f = fdopen(fd, "r");
    rewind(f);
    line[0] = 0;
    if (!fgets(line, (int)cap, f)) line[0] = 0;
    fclose(f);
    unlink(path);
    return status;
}

static void test_cli_claim_calldata_is_accepted(void **state) {
    world *w = *state;
    char path[] = "/tmp/test_rewards_tree_inXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    char a1[43], a2[43], tk1[43], tk2[43];
    rs_addr_to_checksum(A(0x31), a1);
    rs_addr_to_checksum(A(0x30), a2);
    rs_addr_to_checksum(w->t1, tk1);
    rs_addr_to_checksum(w->t2, tk2);
    fprintf(f, "{\"%s\": {\"%s\": \"1000\", \"%s\": 7}, \"%s\": {\"%s\": \"0x20\"}}\n", a1, tk2, tk1, a2, tk1);
    fclose(f);

    /* the tree the CLI builds: earners and tokens in address order */
    rc_token_leaf l30[1] = {{w->t1, lq_u(32)}};
    rc_token_leaf l31[2] = {{w->t1, lq_u(7)}, {w->t2, lq_u(1000)}};
    rc_tree_earner ers[2] = {{A(0x30), l30, 1}, {A(0x31), l31, 2}};
    rc_tree t;
    assert_true(rc_tree_build(&t, ers, 2));
    uint32_t index = post_root(w, rc_tree_root(&t));

    char line[8192];
    char *argv[] = {"rewards", "claim", path, "--earner", a1, "--root-index", "0", NULL};
    char idx[16];
    snprintf(idx, sizeof idx, "%u", index);
    argv[6] = idx;
    assert_int_equal(run_cli(argv, 7, line, sizeof line), 0);
    line[strcspn(line, "\n")] = 0;
    uint8_t cd[4096];
    long len = rs_hex_decode(line, strlen(line), cd, sizeof cd);
    assert_true(len > 4);
    rs_env_reset(&w->e);
    assert_int_equal(rs_call(&w->e, A(0x31), w->g.params.rewards_coordinator, U256_ZERO, cd, (size_t)len, NULL), RS_OK);
    rs_state_commit(w->st);
    assert_u256_equal(erc20_balance_of(&w->e, w->t2, A(0x31)), lq_u(1000));
    assert_u256_equal(erc20_balance_of(&w->e, w->t1, A(0x31)), lq_u(7));

    char root_line[256];
    char *targv[] = {"rewards", "tree", path, NULL};
    assert_int_equal(run_cli(targv, 3, root_line, sizeof root_line), 0);
    assert_string_equal(root_line, "{\n");
    char *bad[] = {"rewards", "claim", path, "--earner", "0x00000000000000000000000000000000000000ff", NULL};
    assert_int_equal(run_cli(bad, 5, line, sizeof line), 2);
    unlink(path);
    rc_tree_free(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_one_earner_is_its_own_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_earners, setup, teardown),
        cmocka_unit_test_setup_teardown(test_three_earners_pad_with_a_zero_leaf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tampered_proofs_are_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hundred_thousand_earners, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_claim_calldata_is_accepted, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
