/* SSZ proof verification against the recorded beacon material of every
 * eigenpod vector, tampering of each valid proof, and the proof builder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "protocol/beacon_proofs.h"
#include "restake/hex.h"
#include "file_util.h"

#define MAX_PROOF (64 * 32)

typedef struct {
    const char *id, *kind;
    bool valid;
    bp_version version;
    rs_b32 root, leaf;
    uint64_t validator_index;
    uint64_t balance_gwei;
    bool has_balance;
    rs_b32 fields[16];
    size_t nfields;
    uint8_t proof[MAX_PROOF];
    size_t proof_len;
} entry;

static rs_b32 b32(json_t *s) {
    rs_b32 x;
    assert_true(rs_b32_from_hex(&x, json_string_value(s)));
    return x;
}

static uint64_t num(json_t *v) {
    if (json_is_integer(v)) return (uint64_t)json_integer_value(v);
    return strtoull(json_string_value(v), NULL, 10);
}

static bp_version version_of_block(json_t *beacon, const char *block_id) {
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(beacon, "blocks"), i, b) {
        if (strcmp(json_string_value(json_object_get(b, "id")), block_id) == 0)
            return json_integer_value(json_object_get(b, "stateTreeHeight")) == 5 ? BP_DENEB : BP_PECTRA;
    }
    fail_msg("block %s not found", block_id);
    return BP_PECTRA;
}

static void entry_load(json_t *beacon, json_t *p, entry *en) {
    memset(en, 0, sizeof *en);
    en->id = json_string_value(json_object_get(p, "id"));
    en->kind = json_string_value(json_object_get(p, "kind"));
    en->valid = json_is_true(json_object_get(p, "valid"));
    en->version = version_of_block(beacon, json_string_value(json_object_get(p, "block")));
    en->root = b32(json_object_get(p, "root"));
    en->leaf = b32(json_object_get(p, "leaf"));
    json_t *vi = json_object_get(p, "validatorIndex");
    if (vi) en->validator_index = num(vi);
    json_t *bg = json_object_get(p, "balanceGwei");
    if (bg) {
        en->balance_gwei = num(bg);
        en->has_balance = true;
    }
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(p, "fields"), i, f) {
        assert_true(i < 16);
        en->fields[i] = b32(f);
        en->nfields = i + 1;
    }
    json_array_foreach(json_object_get(p, "proof"), i, f) {
        assert_true(i < 64);
        rs_b32 s = b32(f);
        memcpy(en->proof + 32 * i, s.b, 32);
        en->proof_len = 32 * (i + 1);
    }
}

/* The kind's own verifier, as the pod calls it. */
static bp_status verify(const entry *en, bp_version v, const uint8_t *proof, size_t len, const rs_b32 *fields,
                        size_t nfields, uint64_t *bal) {
    if (strcmp(en->kind, "stateRoot") == 0) return bp_verify_state_root(en->root, en->leaf, proof, len);
    if (strcmp(en->kind, "validator") == 0)
        return bp_verify_validator_fields(v, en->root, fields, nfields, proof, len, en->validator_index);
    if (strcmp(en->kind, "balanceContainer") == 0) return bp_verify_balance_container(v, en->root, en->leaf, proof, len);
    if (strcmp(en->kind, "balance") == 0)
        return bp_verify_validator_balance(en->root, en->validator_index, en->leaf, proof, len, bal);
    fail_msg("unknown kind %s", en->kind);
    return BP_INVALID_PROOF;
}

static bool height_dependent(const entry *en) {
    return strcmp(en->kind, "validator") == 0 || strcmp(en->kind, "balanceContainer") == 0;
}

typedef struct {
    int valid, invalid, tampered;
} tally;

static void check_entry(const entry *en, tally *t) {
    uint64_t bal = 0;
    bp_status s = verify(en, en->version, en->proof, en->proof_len, en->fields, en->nfields, &bal);
    if (!en->valid) {
        if (s == BP_OK) fail_msg("%s: tampered entry accepted", en->id);
        t->invalid++;
        return;
    }
    if (s != BP_OK) fail_msg("%s (%s): valid entry rejected: %s", en->id, en->kind, bp_error_sig(s));
    if (en->has_balance) assert_int_equal(bal, en->balance_gwei);
    t->valid++;

    uint8_t buf[MAX_PROOF];
    /* one byte flipped in each sibling */
    for (size_t k = 0; k < en->proof_len / 32; k++) {
        memcpy(buf, en->proof, en->proof_len);
        buf[32 * k + (k % 32)] ^= 0x01;
        s = verify(en, en->version, buf, en->proof_len, en->fields, en->nfields, NULL);
        if (s != BP_INVALID_PROOF) fail_msg("%s: flipped sibling %zu gave %s", en->id, k, bp_error_sig(s));
        t->tampered++;
    }
    /* first, then last sibling dropped */
    s = verify(en, en->version, en->proof + 32, en->proof_len - 32, en->fields, en->nfields, NULL);
    assert_int_equal(s, BP_INVALID_PROOF_LENGTH);
    s = verify(en, en->version, en->proof, en->proof_len - 32, en->fields, en->nfields, NULL);
    assert_int_equal(s, BP_INVALID_PROOF_LENGTH);
    t->tampered += 2;
    /* the other fork's tree height */
    if (height_dependent(en)) {
        s = verify(en, en->version == BP_DENEB ? BP_PECTRA : BP_DENEB, en->proof, en->proof_len, en->fields,
                   en->nfields, NULL);
        assert_int_equal(s, BP_INVALID_PROOF_LENGTH);
        t->tampered++;
    }
    /* the leaf itself changed */
    if (strcmp(en->kind, "validator") == 0) {
        rs_b32 f[8];
        memcpy(f, en->fields, sizeof f);
        f[2].b[0] ^= 0x80;
        s = verify(en, en->version, en->proof, en->proof_len, f, 8, NULL);
        assert_int_equal(s, BP_INVALID_PROOF);
    }
}

static void run_vector(const char *path, tally *t) {
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) fail_msg("%s: %s", path, err.text);
    json_t *beacon = json_object_get(root, "beacon");
    assert_non_null(beacon);
    size_t i;
    json_t *p;
    entry *en = malloc(sizeof *en);
    json_array_foreach(json_object_get(beacon, "proofs"), i, p) {
        entry_load(beacon, p, en);
        check_entry(en, t);
    }
    /* every block's header hashes to its root */
    json_t *b;
    json_array_foreach(json_object_get(beacon, "blocks"), i, b) {
        json_t *h = json_object_get(b, "header");
        rs_b32 leaves[8] = {0};
        leaves[0] = bp_u64_leaf(num(json_object_get(h, "slot")));
        leaves[1] = bp_u64_leaf(num(json_object_get(h, "proposerIndex")));
        leaves[2] = b32(json_object_get(h, "parentRoot"));
        leaves[3] = b32(json_object_get(h, "stateRoot"));
        leaves[4] = b32(json_object_get(h, "bodyRoot"));
        rs_b32 r;
        assert_int_equal(bp_merkleize(leaves, 8, &r), BP_OK);
        assert_true(rs_b32_eq(r, b32(json_object_get(b, "blockRoot"))));
    }
    free(en);
    json_decref(root);
}

static void test_vectors(void **state) {
    (void)state;
    tally t = {0};
    char path[512], name[32];
    for (int i = 1; i <= 6; i++) {
        snprintf(name, sizeof name, "eigenpod_%04d.json", i);
        vector_path(path, sizeof path, name);
        run_vector(path, &t);
    }
    /* counts of the six files' beacon.proofs */
    assert_int_equal(t.valid, 257);
    assert_int_equal(t.invalid, 14);
    printf("valid %d, invalid %d, tampered variants rejected %d\n", t.valid, t.invalid, t.tampered);
}

/* Specific tampered entries of eigenpod_0001 fail with the reference's error. */
static void test_tamper_errors(void **state) {
    (void)state;
    json_error_t err;
    char path[512];
    vector_path(path, sizeof path, "eigenpod_0001.json");
    json_t *root = json_load_file(path, 0, &err);
    assert_non_null(root);
    json_t *beacon = json_object_get(root, "beacon");
    static const struct {
        const char *id;
        bp_status want;
    } cases[] = {
        {"p6", BP_INVALID_PROOF_LENGTH}, {"p19", BP_INVALID_PROOF_LENGTH}, {"p20", BP_INVALID_PROOF_LENGTH},
        {"p24", BP_INVALID_PROOF},       {"p25", BP_INVALID_PROOF},        {"p26", BP_INVALID_PROOF},
        {"p29", BP_INVALID_PROOF},       {"p30", BP_INVALID_PROOF_LENGTH}, {"p31", BP_INVALID_VALIDATOR_FIELDS_LENGTH},
        {"p43", BP_INVALID_PROOF},       {"p46", BP_INVALID_PROOF},        {"p47", BP_INVALID_PROOF},
    };
    entry *en = malloc(sizeof *en);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t i;
        json_t *p;
        bool found = false;
        json_array_foreach(json_object_get(beacon, "proofs"), i, p) {
            if (strcmp(json_string_value(json_object_get(p, "id")), cases[c].id) != 0) continue;
            entry_load(beacon, p, en);
            bp_status s = verify(en, en->version, en->proof, en->proof_len, en->fields, en->nfields, NULL);
            if (s != cases[c].want) fail_msg("%s: got %s", cases[c].id, bp_error_sig(s));
            found = true;
        }
        assert_true(found);
    }
    free(en);
    json_decref(root);
}

static void test_merkle_library_errors(void **state) {
    (void)state;
    rs_b32 leaves[4] = {{{1}}, {{2}}, {{3}}, {{4}}}, r;
    assert_int_equal(bp_merkleize(leaves, 1, &r), BP_NOT_ENOUGH_LEAVES);
    assert_int_equal(bp_merkleize(leaves, 3, &r), BP_LEAVES_NOT_POWER_OF_TWO);
    assert_int_equal(bp_merkleize(leaves, 4, &r), BP_OK);
    uint8_t proof[64];
    rs_b32 root;
    bp_sparse_root(leaves, 4, 2, 2, &root, proof);
    assert_true(rs_b32_eq(root, r));
    assert_int_equal(bp_verify_inclusion(proof, 64, root, leaves[2], u256_from_u64(2)), BP_OK);
    assert_int_equal(bp_verify_inclusion(proof, 64, root, leaves[2], u256_from_u64(3)), BP_INVALID_PROOF);
    /* an index not exhausted by the proof */
    assert_int_equal(bp_verify_inclusion(proof, 64, root, leaves[2], u256_from_u64(6)), BP_INVALID_INDEX);
    assert_int_equal(bp_verify_inclusion(proof, 64, RS_B32_ZERO, leaves[2], u256_from_u64(2)), BP_EMPTY_ROOT);
    assert_int_equal(bp_verify_inclusion(proof, 0, root, leaves[2], u256_from_u64(2)), BP_INVALID_PROOF_LENGTH);
    assert_int_equal(bp_verify_inclusion(proof, 63, root, leaves[2], u256_from_u64(2)), BP_INVALID_PROOF_LENGTH);
    /* Endian: little-endian uint64 in the first eight bytes */
    rs_b32 w = RS_B32_ZERO;
    w.b[0] = 0x00;
    w.b[1] = 0x40;
    w.b[2] = 0x59;
    w.b[3] = 0x73;
    w.b[4] = 0x07;
    assert_int_equal(bp_le_u64(w), 32000000000ULL);
    assert_string_equal(bp_error_sig(BP_INVALID_PROOF), "InvalidProof()");
}

/* Build a state, prove every kind for every validator, verify, under both forks. */
static void build_and_prove(bp_version v, size_t n) {
    rs_b32 (*fields)[8] = calloc(n, sizeof *fields);
    uint64_t *bal = calloc(n, sizeof *bal);
    for (size_t i = 0; i < n; i++) {
        uint8_t pk[48];
        memset(pk, (int)(i + 1), sizeof pk);
        bp_validator val = {pk, RS_B32_ZERO, 32000000000ULL, i % 3 == 0, 0, 10, BP_FAR_FUTURE_EPOCH,
                            BP_FAR_FUTURE_EPOCH};
        val.withdrawal_credentials.b[0] = 1;
        bp_validator_fields(&val, fields[i]);
        bal[i] = 32000000000ULL + i * 1000;
    }
    bp_state_input in = {v, 100, 7, {{9}}, {{8}}, (const rs_b32(*)[8])fields, bal, n, {{0x55}}};
    bp_state s;
    assert_true(bp_state_build(&s, &in));
    unsigned h = bp_state_tree_height(v);
    uint8_t proof[64 * 32];
    bp_prove_state_root(&s, proof);
    assert_int_equal(bp_verify_state_root(s.block_root, s.state_root, proof, 96), BP_OK);
    bp_prove_balance_container(&s, proof);
    assert_int_equal(bp_verify_balance_container(v, s.block_root, s.balances_root, proof, 32 * (3 + h)), BP_OK);
    assert_int_equal(bp_verify_balance_container(v == BP_DENEB ? BP_PECTRA : BP_DENEB, s.block_root, s.balances_root,
                                                 proof, 32 * (3 + h)),
                     BP_INVALID_PROOF_LENGTH);
    for (size_t i = 0; i < n; i++) {
        bp_prove_validator(&s, i, proof);
        assert_int_equal(bp_verify_validator_fields(v, s.state_root, fields[i], 8, proof, 32 * (41 + h), i), BP_OK);
        if (n > 1)
            assert_int_equal(
                bp_verify_validator_fields(v, s.state_root, fields[i], 8, proof, 32 * (41 + h), (i + 1) % n),
                BP_INVALID_PROOF);
        rs_b32 chunk;
        uint64_t got = 0;
        bp_prove_balance(&s, i, &chunk, proof);
        assert_int_equal(bp_verify_validator_balance(s.balances_root, i, chunk, proof, 32 * 39, &got), BP_OK);
        assert_int_equal(got, bal[i]);
    }
    bp_state_free(&s);
    free(fields);
    free(bal);
}

/* The level-cached tree and the one-shot sparse computation agree on roots and proofs. */
static void test_tree_matches_sparse(void **state) {
    (void)state;
    rs_b32 leaves[37];
    for (size_t i = 0; i < 37; i++) {
        memset(leaves[i].b, 0, 32);
        leaves[i].b[0] = (uint8_t)i;
        leaves[i].b[31] = (uint8_t)(3 * i + 1);
    }
    size_t sizes[] = {0, 1, 2, 5, 37};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        bp_tree t;
        assert_true(bp_tree_build(&t, leaves, sizes[k], 10));
        for (uint64_t idx = 0; idx < 40; idx += 7) {
            uint8_t a[320], b[320];
            rs_b32 root;
            bp_sparse_root(leaves, sizes[k], 10, idx, &root, a);
            bp_tree_prove(&t, idx, b);
            assert_memory_equal(a, b, sizeof a);
            assert_true(rs_b32_eq(root, bp_tree_root(&t)));
        }
        bp_tree_free(&t);
    }
}

static void test_builder(void **state) {
    (void)state;
    build_and_prove(BP_DENEB, 1);
    build_and_prove(BP_DENEB, 9);
    build_and_prove(BP_PECTRA, 37);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_tamper_errors),
        cmocka_unit_test(test_merkle_library_errors),
        cmocka_unit_test(test_tree_matches_sparse),
        cmocka_unit_test(test_builder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
