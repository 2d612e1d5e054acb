/* Beacon proof fuzzer, both directions at once.
 *
 * The input describes a small beacon state (validator count, fork, field and
 * balance bytes) and a tampering (which proof, which byte, what XOR, or a
 * truncation). Honest proofs built from the state must verify, returning the
 * balances put in; any flipped sibling byte must give InvalidProof and any
 * other length InvalidProofLength. The raw input is also run through the
 * generic inclusion check with arbitrary length and index, which must never
 * crash and may only succeed against the root it computes itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/beacon_proofs.h"

#define MAXV 8

typedef struct {
    const uint8_t *p;
    size_t n, at;
} reader;

static uint8_t next(reader *r) { return r->at < r->n ? r->p[r->at++] : 0; }
static uint64_t next64(reader *r) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | next(r);
    return v;
}

static void check(bool ok) {
    if (!ok) abort();
}

/* Flip or truncate `proof` per the tamper bytes and check the verdict. */
typedef bp_status (*verify_fn)(const void *ctx, const uint8_t *proof, size_t len);

static void tamper(verify_fn f, const void *ctx, const uint8_t *proof, size_t len, uint16_t pos, uint8_t x, bool cut) {
    uint8_t buf[64 * 32];
    memcpy(buf, proof, len);
    check(f(ctx, buf, len) == BP_OK);
    if (cut) {
        size_t l2 = pos % len;
        check(f(ctx, buf, l2) == BP_INVALID_PROOF_LENGTH);
        return;
    }
    if (x == 0) return;
    buf[pos % len] ^= x;
    check(f(ctx, buf, len) == BP_INVALID_PROOF);
}

typedef struct {
    const bp_state *s;
    const rs_b32 *fields;
    uint64_t index;
} vctx;

static bp_status v_state_root(const void *c, const uint8_t *p, size_t l) {
    const vctx *x = c;
    return bp_verify_state_root(x->s->block_root, x->s->state_root, p, l);
}
static bp_status v_validator(const void *c, const uint8_t *p, size_t l) {
    const vctx *x = c;
    return bp_verify_validator_fields(x->s->version, x->s->state_root, x->fields, 8, p, l, x->index);
}
static bp_status v_container(const void *c, const uint8_t *p, size_t l) {
    const vctx *x = c;
    return bp_verify_balance_container(x->s->version, x->s->block_root, x->s->balances_root, p, l);
}

typedef struct {
    const bp_state *s;
    rs_b32 chunk;
    uint64_t index;
} bctx;

static bp_status v_balance(const void *c, const uint8_t *p, size_t l) {
    const bctx *x = c;
    return bp_verify_validator_balance(x->s->balances_root, x->index, x->chunk, p, l, NULL);
}

static void raw_inclusion(const uint8_t *data, size_t size) {
    if (size < 72) return;
    rs_b32 leaf, root;
    memcpy(leaf.b, data, 32);
    u256 index = u256_from_be_n(data + 32, 8);
    const uint8_t *proof = data + 40;
    size_t len = size - 40;
    bp_status s = bp_process_inclusion(proof, len, leaf, index, &root);
    if (s != BP_OK) {
        check(s == BP_INVALID_PROOF_LENGTH || s == BP_INVALID_INDEX);
        return;
    }
    check(bp_verify_inclusion(proof, len, root, leaf, index) == (rs_b32_eq(root, RS_B32_ZERO) ? BP_EMPTY_ROOT : BP_OK));
    rs_b32 other = root;
    other.b[31] ^= 1;
    check(bp_verify_inclusion(proof, len, other, leaf, index) == BP_INVALID_PROOF);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    raw_inclusion(data, size);
    reader r = {data, size, 0};
    size_t n = 1 + next(&r) % MAXV;
    bp_version ver = next(&r) & 1 ? BP_PECTRA : BP_DENEB;
    uint16_t pos = (uint16_t)(next(&r) << 8 | next(&r));
    uint8_t x = next(&r);
    uint8_t mode = next(&r);

    rs_b32 fields[MAXV][8];
    uint64_t bal[MAXV];
    for (size_t i = 0; i < n; i++) {
        uint8_t pk[48];
        for (int k = 0; k < 48; k++) pk[k] = next(&r);
        bp_validator v = {pk, RS_B32_ZERO, next64(&r), next(&r) & 1, next64(&r), next64(&r), next64(&r), next64(&r)};
        for (int k = 0; k < 32; k++) v.withdrawal_credentials.b[k] = next(&r);
        bp_validator_fields(&v, fields[i]);
        bal[i] = next64(&r);
    }
    bp_state_input in = {ver, next64(&r), next64(&r), {{0}}, {{0}}, (const rs_b32(*)[8])fields, bal, n, {{0}}};
    for (int k = 0; k < 32; k++) in.parent_root.b[k] = next(&r);
    bp_state s;
    if (!bp_state_build(&s, &in)) return 0;

    unsigned h = bp_state_tree_height(ver);
    uint8_t proof[64 * 32];
    uint64_t vi = pos % n;
    bool cut = (mode & 3) == 3;
    vctx vc = {&s, fields[vi], vi};
    switch (mode % 4 == 3 ? (mode >> 2) % 4 : mode % 4) {
    case 0:
        bp_prove_state_root(&s, proof);
        tamper(v_state_root, &vc, proof, 96, pos, x, cut);
        break;
    case 1:
        bp_prove_validator(&s, vi, proof);
        tamper(v_validator, &vc, proof, 32 * (41 + h), pos, x, cut);
        /* the other fork's height never verifies */
        check(bp_verify_validator_fields(ver == BP_DENEB ? BP_PECTRA : BP_DENEB, s.state_root, fields[vi], 8, proof,
                                         32 * (41 + h), vi) == BP_INVALID_PROOF_LENGTH);
        break;
    case 2:
        bp_prove_balance_container(&s, proof);
        tamper(v_container, &vc, proof, 32 * (3 + h), pos, x, cut);
        break;
    default: {
        bctx bc = {&s, RS_B32_ZERO, vi};
        bp_prove_balance(&s, vi, &bc.chunk, proof);
        uint64_t got = 0;
        check(bp_verify_validator_balance(s.balances_root, vi, bc.chunk, proof, 39 * 32, &got) == BP_OK);
        check(got == bal[vi]);
        tamper(v_balance, &bc, proof, 39 * 32, pos, x, cut);
        break;
    }
    }
    bp_state_free(&s);
    return 0;
}
