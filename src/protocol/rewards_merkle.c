/* The coordinator's Merkle side: leaf hashes, proof verification
 * (Merkle.verifyInclusionKeccak behind the coordinator's index bound), and
 * the builder of distribution trees, their proofs and claim calldata. */
#include <stdlib.h>
#include <string.h>

#include "protocol/rewards_internal.h"
#include "restake/keccak.h"

/* ---- leaves ---- */

/* keccak256(abi.encodePacked(uint8 salt, address, bytes32/uint256)): 53 bytes. */
static rs_b32 salted_leaf(uint8_t salt, rs_addr a, const uint8_t word[32]) {
    uint8_t buf[53];
    buf[0] = salt;
    memcpy(buf + 1, a.b, 20);
    memcpy(buf + 21, word, 32);
    return rs_keccak(buf, sizeof buf);
}

rs_b32 rc_earner_leaf_hash(rs_addr earner, rs_b32 earner_token_root) {
    return salted_leaf(RC_EARNER_LEAF_SALT, earner, earner_token_root.b);
}

rs_b32 rc_token_leaf_hash(rs_addr token, u256 cumulative_earnings) {
    uint8_t w[32];
    u256_to_be(cumulative_earnings, w);
    return salted_leaf(RC_TOKEN_LEAF_SALT, token, w);
}

static rs_b32 hash_pair(const rs_b32 *left, const rs_b32 *right) {
    uint8_t buf[64];
    memcpy(buf, left->b, 32);
    memcpy(buf + 32, right->b, 32);
    return rs_keccak(buf, sizeof buf);
}

/* ---- verification ---- */

int rc_verify_inclusion(rs_env *e, rs_b32 root, uint32_t index, const uint8_t *proof, size_t proof_len, rs_b32 leaf,
                        const char *index_error) {
    /* index < 1 << (len / 32) in uint256: 256 or more siblings admit no index. */
    size_t levels = proof_len / 32;
    if (levels >= 256 || (levels < 32 && ((uint64_t)index >> levels) != 0)) return rs_revert(e, index_error);
    if (rs_b32_eq(root, RS_B32_ZERO)) return rs_revert(e, "EmptyRoot()");
    rs_b32 h = leaf;
    if (proof_len != 0) {
        if (proof_len % 32 != 0) return rs_revert(e, "InvalidProofLength()");
        uint64_t idx = index;
        for (size_t i = 0; i < levels; i++) {
            rs_b32 sib;
            memcpy(sib.b, proof + 32 * i, 32);
            h = (idx & 1) ? hash_pair(&sib, &h) : hash_pair(&h, &sib);
            idx >>= 1;
        }
        /* Merkle's own InvalidIndex() cannot fire behind the bound above. */
    }
    return rs_b32_eq(h, root) ? RS_OK : rs_revert(e, "InvalidClaimProof()");
}

/* ---- building ---- */

bool rc_merkle_build(rc_merkle *m, const rs_b32 *leaves, size_t n) {
    memset(m, 0, sizeof *m);
    if (n == 0) return false;
    size_t width = 1;
    unsigned depth = 0;
    while (width < n) {
        width <<= 1;
        depth++;
    }
    m->nodes = calloc(2 * width - 1, sizeof *m->nodes);
    if (!m->nodes) return false;
    m->nleaves = n;
    m->width = width;
    m->depth = depth;
    memcpy(m->nodes, leaves, n * sizeof *leaves);
    size_t in = 0, out = width;
    for (size_t w = width; w > 1; w >>= 1) {
        for (size_t i = 0; i < w / 2; i++) m->nodes[out + i] = hash_pair(&m->nodes[in + 2 * i], &m->nodes[in + 2 * i + 1]);
        in = out;
        out += w / 2;
    }
    return true;
}

rs_b32 rc_merkle_root(const rc_merkle *m) { return m->nodes[2 * m->width - 2]; }

void rc_merkle_proof(const rc_merkle *m, size_t i, rs_buf *out) {
    size_t base = 0;
    for (size_t w = m->width; w > 1; w >>= 1) {
        rs_buf_put(out, m->nodes[base + (i ^ 1)].b, 32);
        base += w;
        i >>= 1;
    }
}

void rc_merkle_free(rc_merkle *m) {
    free(m->nodes);
    memset(m, 0, sizeof *m);
}

void rc_tree_free(rc_tree *t) {
    if (t->token_trees)
        for (size_t i = 0; i < t->nearners; i++) rc_merkle_free(&t->token_trees[i]);
    free(t->token_trees);
    free(t->earner_token_roots);
    free(t->earners);
    rc_merkle_free(&t->earner_tree);
    memset(t, 0, sizeof *t);
}

static bool build_token_tree(rc_merkle *m, const rc_tree_earner *er) {
    rs_b32 *leaves = malloc(er->ntokens * sizeof *leaves);
    if (!leaves) return false;
    for (size_t j = 0; j < er->ntokens; j++)
        leaves[j] = rc_token_leaf_hash(er->tokens[j].token, er->tokens[j].cumulative_earnings);
    bool ok = rc_merkle_build(m, leaves, er->ntokens);
    free(leaves);
    return ok;
}

bool rc_tree_build(rc_tree *t, const rc_tree_earner *earners, size_t n) {
    memset(t, 0, sizeof *t);
    if (n == 0) return false;
    t->nearners = n;
    t->earners = malloc(n * sizeof *t->earners);
    t->token_trees = calloc(n, sizeof *t->token_trees);
    t->earner_token_roots = malloc(n * sizeof *t->earner_token_roots);
    rs_b32 *leaves = malloc(n * sizeof *leaves);
    bool ok = t->earners && t->token_trees && t->earner_token_roots && leaves;
    for (size_t i = 0; ok && i < n; i++) {
        t->earners[i] = earners[i];
        ok = earners[i].ntokens > 0 && build_token_tree(&t->token_trees[i], &earners[i]);
        if (!ok) break;
        t->earner_token_roots[i] = rc_merkle_root(&t->token_trees[i]);
        leaves[i] = rc_earner_leaf_hash(earners[i].earner, t->earner_token_roots[i]);
    }
    if (ok) ok = rc_merkle_build(&t->earner_tree, leaves, n);
    free(leaves);
    if (!ok) rc_tree_free(t);
    return ok;
}

rs_b32 rc_tree_root(const rc_tree *t) { return rc_merkle_root(&t->earner_tree); }

void rc_claim_store_free(rc_claim_store *s) {
    rs_buf_free(&s->earner_proof);
    for (size_t i = 0; i < s->n; i++) rs_buf_free(&s->token_proofs_buf[i]);
    free(s->token_proofs_buf);
    free(s->token_proofs);
    free(s->token_indices);
    free(s->token_leaves);
    memset(s, 0, sizeof *s);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) abort();
    return p;
}

void rc_tree_claim(const rc_tree *t, size_t ei, uint32_t root_index, rc_claim *c, rc_claim_store *s) {
    const rc_tree_earner *er = &t->earners[ei];
    size_t n = er->ntokens;
    memset(s, 0, sizeof *s);
    s->n = n;
    rs_buf_init(&s->earner_proof);
    rc_merkle_proof(&t->earner_tree, ei, &s->earner_proof);
    s->token_proofs_buf = xmalloc(n * sizeof *s->token_proofs_buf);
    s->token_proofs = xmalloc(n * sizeof *s->token_proofs);
    s->token_indices = xmalloc(n * sizeof *s->token_indices);
    s->token_leaves = xmalloc(n * sizeof *s->token_leaves);
    for (size_t j = 0; j < n; j++) {
        rs_buf_init(&s->token_proofs_buf[j]);
        rc_merkle_proof(&t->token_trees[ei], j, &s->token_proofs_buf[j]);
        s->token_proofs[j] = (rc_bytes){s->token_proofs_buf[j].p, s->token_proofs_buf[j].len};
        s->token_indices[j] = (uint32_t)j;
        s->token_leaves[j] = er->tokens[j];
    }
    *c = (rc_claim){
        .root_index = root_index,
        .earner_index = (uint32_t)ei,
        .earner_proof = {s->earner_proof.p, s->earner_proof.len},
        .earner = er->earner,
        .earner_token_root = t->earner_token_roots[ei],
        .token_indices = s->token_indices,
        .nindices = n,
        .token_proofs = s->token_proofs,
        .nproofs = n,
        .token_leaves = s->token_leaves,
        .nleaves = n,
    };
}

/* ---- claim encoding ---- */

static size_t padded(size_t n) { return (n + 31) / 32 * 32; }

static void put_bytes(rs_buf *b, const uint8_t *p, size_t n) {
    rs_buf_word_u64(b, n);
    rs_buf_put(b, p, n);
    rs_buf_zeros(b, padded(n) - n);
}

void rc_encode_claim(rs_buf *b, const rc_claim *c) {
    size_t head = 8 * 32;
    size_t off_proof = head;
    size_t off_indices = off_proof + 32 + padded(c->earner_proof.len);
    size_t off_proofs = off_indices + 32 + 32 * c->nindices;
    size_t proofs_size = 32 + 32 * c->nproofs;
    for (size_t i = 0; i < c->nproofs; i++) proofs_size += 32 + padded(c->token_proofs[i].len);
    size_t off_leaves = off_proofs + proofs_size;
    rs_buf_word_u64(b, c->root_index);
    rs_buf_word_u64(b, c->earner_index);
    rs_buf_word_u64(b, off_proof);
    rs_buf_word_addr(b, c->earner);
    rs_buf_word_b32(b, c->earner_token_root);
    rs_buf_word_u64(b, off_indices);
    rs_buf_word_u64(b, off_proofs);
    rs_buf_word_u64(b, off_leaves);
    put_bytes(b, c->earner_proof.p, c->earner_proof.len);
    rs_buf_word_u64(b, c->nindices);
    for (size_t i = 0; i < c->nindices; i++) rs_buf_word_u64(b, c->token_indices[i]);
    rs_buf_word_u64(b, c->nproofs);
    size_t off = 32 * c->nproofs;
    for (size_t i = 0; i < c->nproofs; i++) {
        rs_buf_word_u64(b, off);
        off += 32 + padded(c->token_proofs[i].len);
    }
    for (size_t i = 0; i < c->nproofs; i++) put_bytes(b, c->token_proofs[i].p, c->token_proofs[i].len);
    rs_buf_word_u64(b, c->nleaves);
    for (size_t i = 0; i < c->nleaves; i++) {
        rs_buf_word_addr(b, c->token_leaves[i].token);
        rs_buf_word(b, c->token_leaves[i].cumulative_earnings);
    }
}

void rc_encode_process_claim(rs_buf *out, const rc_claim *c, rs_addr recipient) {
    rs_buf_selector(out,
                    "processClaim((uint32,uint32,bytes,(address,bytes32),uint32[],bytes[],(address,uint256)[]),address)");
    rs_buf_word_u64(out, 64);
    rs_buf_word_addr(out, recipient);
    rc_encode_claim(out, c);
}
