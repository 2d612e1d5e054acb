#include "protocol/beacon_proofs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "restake/limits.h"
#include "restake/sha256.h"

const char *bp_error_sig(bp_status s) {
    switch (s) {
    case BP_OK: return NULL;
    case BP_INVALID_PROOF: return "InvalidProof()";
    case BP_INVALID_PROOF_LENGTH: return "InvalidProofLength()";
    case BP_INVALID_VALIDATOR_FIELDS_LENGTH: return "InvalidValidatorFieldsLength()";
    case BP_INVALID_INDEX: return "InvalidIndex()";
    case BP_EMPTY_ROOT: return "EmptyRoot()";
    case BP_NOT_ENOUGH_LEAVES: return "NotEnoughLeaves()";
    case BP_LEAVES_NOT_POWER_OF_TWO: return "LeavesNotPowerOfTwo()";
    }
    return "InvalidProof()";
}

int bp_revert(rs_env *e, bp_status s) {
    if (s == BP_OK) return RS_OK;
    return rs_revert(e, bp_error_sig(s));
}

unsigned bp_state_tree_height(bp_version v) {
    return v == BP_DENEB ? BP_DENEB_STATE_TREE_HEIGHT : BP_PECTRA_STATE_TREE_HEIGHT;
}

static inline void hash_pair(const rs_b32 *a, const rs_b32 *b, rs_b32 *out) {
    rs_sha256_pair(a->b, b->b, out->b);
}

bp_status bp_process_inclusion(const uint8_t *proof, size_t len, rs_b32 leaf, u256 index, rs_b32 *root) {
    if (len == 0 || len % 32 != 0) return BP_INVALID_PROOF_LENGTH;
    size_t levels = len / 32;
    rs_b32 h = leaf, sib;
    for (size_t i = 0; i < levels; i++) {
        memcpy(sib.b, proof + 32 * i, 32);
        /* index % 2 at this level is bit i of the original index */
        bool right = i < 256 && ((index.w[i / 64] >> (i % 64)) & 1);
        if (right) hash_pair(&sib, &h, &h);
        else hash_pair(&h, &sib, &h);
    }
    if (!u256_is_zero(u256_shr(index, levels >= 256 ? 256 : (unsigned)levels))) return BP_INVALID_INDEX;
    *root = h;
    return BP_OK;
}

bp_status bp_verify_inclusion(const uint8_t *proof, size_t len, rs_b32 root, rs_b32 leaf, u256 index) {
    if (rs_b32_eq(root, RS_B32_ZERO)) return BP_EMPTY_ROOT;
    rs_b32 got;
    bp_status s = bp_process_inclusion(proof, len, leaf, index, &got);
    if (s != BP_OK) return s;
    return rs_b32_eq(got, root) ? BP_OK : BP_INVALID_PROOF;
}

bp_status bp_merkleize(const rs_b32 *leaves, size_t n, rs_b32 *root) {
    if (n <= 1) return BP_NOT_ENOUGH_LEAVES;
    if ((n & (n - 1)) != 0) return BP_LEAVES_NOT_POWER_OF_TWO;
    rs_b32 small[16];
    rs_b32 *layer = n / 2 <= 16 ? small : malloc(sizeof(rs_b32) * (n / 2));
    if (!layer) abort();
    size_t cnt = n / 2;
    for (size_t i = 0; i < cnt; i++) hash_pair(&leaves[2 * i], &leaves[2 * i + 1], &layer[i]);
    while (cnt != 1) {
        cnt /= 2;
        for (size_t i = 0; i < cnt; i++) hash_pair(&layer[2 * i], &layer[2 * i + 1], &layer[i]);
    }
    *root = layer[0];
    if (layer != small) free(layer);
    return BP_OK;
}

bp_status bp_verify_state_root(rs_b32 block_root, rs_b32 state_root, const uint8_t *proof, size_t len) {
    if (len != 32 * BP_BLOCK_HEADER_TREE_HEIGHT) return BP_INVALID_PROOF_LENGTH;
    return bp_verify_inclusion(proof, len, block_root, state_root, u256_from_u64(BP_STATE_ROOT_INDEX));
}

bp_status bp_verify_validator_fields(bp_version v, rs_b32 state_root, const rs_b32 *fields, size_t nfields,
                                     const uint8_t *proof, size_t len, uint64_t validator_index) {
    if (nfields != BP_VALIDATOR_FIELDS_LENGTH) return BP_INVALID_VALIDATOR_FIELDS_LENGTH;
    unsigned h = bp_state_tree_height(v);
    if (len != 32 * ((BP_VALIDATOR_TREE_HEIGHT + 1) + (size_t)h)) return BP_INVALID_PROOF_LENGTH;
    rs_b32 leaf;
    bp_status s = bp_merkleize(fields, nfields, &leaf);
    if (s != BP_OK) return s;
    u256 index = u256_or(u256_shl(u256_from_u64(BP_VALIDATOR_CONTAINER_INDEX), BP_VALIDATOR_TREE_HEIGHT + 1),
                         u256_from_u64(validator_index & 0xffffffffffULL));
    return bp_verify_inclusion(proof, len, state_root, leaf, index);
}

bp_status bp_verify_balance_container(bp_version v, rs_b32 block_root, rs_b32 container_root,
                                      const uint8_t *proof, size_t len) {
    unsigned h = bp_state_tree_height(v);
    if (len != 32 * (BP_BLOCK_HEADER_TREE_HEIGHT + (size_t)h)) return BP_INVALID_PROOF_LENGTH;
    u256 index = u256_from_u64(((uint64_t)BP_STATE_ROOT_INDEX << h) | BP_BALANCE_CONTAINER_INDEX);
    return bp_verify_inclusion(proof, len, block_root, container_root, index);
}

bp_status bp_verify_validator_balance(rs_b32 container_root, uint64_t validator_index, rs_b32 balance_root,
                                      const uint8_t *proof, size_t len, uint64_t *balance_gwei) {
    if (len != 32 * (BP_BALANCE_TREE_HEIGHT + 1)) return BP_INVALID_PROOF_LENGTH;
    validator_index &= 0xffffffffffULL;
    bp_status s = bp_verify_inclusion(proof, len, container_root, balance_root, u256_from_u64(validator_index / 4));
    if (s != BP_OK) return s;
    if (balance_gwei) *balance_gwei = bp_balance_at_index(balance_root, validator_index);
    return BP_OK;
}

uint64_t bp_le_u64(rs_b32 word) {
    uint64_t n = 0;
    for (int i = 7; i >= 0; i--) n = (n << 8) | word.b[i];
    return n;
}

uint64_t bp_balance_at_index(rs_b32 chunk, uint64_t validator_index) {
    unsigned off = (unsigned)(validator_index % 4) * 8;
    uint64_t n = 0;
    for (int i = 7; i >= 0; i--) n = (n << 8) | chunk.b[off + (unsigned)i];
    return n;
}

rs_b32 bp_u64_leaf(uint64_t v) {
    rs_b32 x = RS_B32_ZERO;
    for (int i = 0; i < 8; i++) x.b[i] = (uint8_t)(v >> (8 * i));
    return x;
}

/* ---- construction ---- */

static rs_b32 zero_hashes[RS_BEACON_TREE_DEPTH_MAX + 1];
static pthread_once_t zero_once = PTHREAD_ONCE_INIT;

static void init_zero_hashes(void) {
    zero_hashes[0] = RS_B32_ZERO;
    for (int i = 0; i < RS_BEACON_TREE_DEPTH_MAX; i++) hash_pair(&zero_hashes[i], &zero_hashes[i], &zero_hashes[i + 1]);
}

static const rs_b32 *zero_hash(unsigned level) {
    pthread_once(&zero_once, init_zero_hashes);
    return &zero_hashes[level];
}

void bp_sparse_root(const rs_b32 *leaves, size_t n, unsigned depth, uint64_t index, rs_b32 *root, uint8_t *proof) {
    if (n == 0) {
        for (unsigned l = 0; proof && l < depth; l++) memcpy(proof + 32 * l, zero_hash(l)->b, 32);
        *root = *zero_hash(depth);
        return;
    }
    rs_b32 *layer = malloc(sizeof(rs_b32) * n);
    if (!layer) abort();
    memcpy(layer, leaves, sizeof(rs_b32) * n);
    size_t cnt = n;
    uint64_t idx = index;
    for (unsigned l = 0; l < depth; l++) {
        if (proof) {
            uint64_t sib = idx ^ 1;
            memcpy(proof + 32 * l, (sib < cnt ? &layer[sib] : zero_hash(l))->b, 32);
        }
        size_t next = (cnt + 1) / 2;
        for (size_t i = 0; i < next; i++) {
            const rs_b32 *right = 2 * i + 1 < cnt ? &layer[2 * i + 1] : zero_hash(l);
            hash_pair(&layer[2 * i], right, &layer[i]);
        }
        cnt = next;
        idx >>= 1;
    }
    *root = layer[0];
    free(layer);
}

bool bp_tree_build(bp_tree *t, const rs_b32 *leaves, size_t n, unsigned depth) {
    memset(t, 0, sizeof *t);
    t->depth = depth;
    size_t total = 0, cnt = n;
    for (unsigned l = 0; l <= depth; l++) {
        t->off[l] = total;
        t->cnt[l] = cnt;
        total += cnt;
        cnt = (cnt + 1) / 2;
    }
    t->nodes = malloc(sizeof(rs_b32) * (total ? total : 1));
    if (!t->nodes) return false;
    if (n) memcpy(t->nodes, leaves, sizeof(rs_b32) * n);
    for (unsigned l = 0; l < depth; l++) {
        const rs_b32 *cur = t->nodes + t->off[l];
        rs_b32 *up = t->nodes + t->off[l + 1];
        for (size_t i = 0; i < t->cnt[l + 1]; i++) {
            const rs_b32 *right = 2 * i + 1 < t->cnt[l] ? &cur[2 * i + 1] : zero_hash(l);
            hash_pair(&cur[2 * i], right, &up[i]);
        }
    }
    return true;
}

void bp_tree_free(bp_tree *t) {
    free(t->nodes);
    t->nodes = NULL;
}

rs_b32 bp_tree_root(const bp_tree *t) {
    return t->cnt[t->depth] ? t->nodes[t->off[t->depth]] : *zero_hash(t->depth);
}

void bp_tree_prove(const bp_tree *t, uint64_t index, uint8_t *proof) {
    for (unsigned l = 0; l < t->depth; l++, index >>= 1) {
        uint64_t sib = index ^ 1;
        memcpy(proof + 32 * l, (sib < t->cnt[l] ? &t->nodes[t->off[l] + sib] : zero_hash(l))->b, 32);
    }
}

rs_b32 bp_mix_in_length(rs_b32 root, uint64_t length) {
    rs_b32 len = bp_u64_leaf(length), out;
    hash_pair(&root, &len, &out);
    return out;
}

rs_b32 bp_validator_root(const rs_b32 fields[8]) {
    rs_b32 r;
    bp_merkleize(fields, 8, &r);
    return r;
}

rs_b32 bp_pubkey_hash(const uint8_t pubkey[48]) {
    uint8_t buf[64] = {0};
    memcpy(buf, pubkey, 48);
    rs_b32 h;
    rs_sha256(buf, 64, h.b);
    return h;
}

void bp_validator_fields(const bp_validator *v, rs_b32 f[8]) {
    f[BP_FIELD_PUBKEY] = bp_pubkey_hash(v->pubkey);
    f[BP_FIELD_WITHDRAWAL_CREDENTIALS] = v->withdrawal_credentials;
    f[BP_FIELD_EFFECTIVE_BALANCE] = bp_u64_leaf(v->effective_balance_gwei);
    f[BP_FIELD_SLASHED] = bp_u64_leaf(v->slashed ? 1 : 0);
    f[BP_FIELD_ACTIVATION_ELIGIBILITY_EPOCH] = bp_u64_leaf(v->activation_eligibility_epoch);
    f[BP_FIELD_ACTIVATION_EPOCH] = bp_u64_leaf(v->activation_epoch);
    f[BP_FIELD_EXIT_EPOCH] = bp_u64_leaf(v->exit_epoch);
    f[BP_FIELD_WITHDRAWABLE_EPOCH] = bp_u64_leaf(v->withdrawable_epoch);
}

bool bp_state_build(bp_state *s, const bp_state_input *in) {
    memset(s, 0, sizeof *s);
    s->version = in->version;
    s->nvalidators = in->nvalidators;
    s->nchunks = (in->nvalidators + 3) / 4;
    s->validator_roots = calloc(in->nvalidators ? in->nvalidators : 1, sizeof(rs_b32));
    s->balance_chunks = calloc(s->nchunks ? s->nchunks : 1, sizeof(rs_b32));
    if (!s->validator_roots || !s->balance_chunks) {
        bp_state_free(s);
        return false;
    }
    for (size_t i = 0; i < in->nvalidators; i++) {
        s->validator_roots[i] = bp_validator_root(in->validator_fields[i]);
        uint64_t b = in->balances_gwei[i];
        for (int k = 0; k < 8; k++) s->balance_chunks[i / 4].b[(i % 4) * 8 + (size_t)k] = (uint8_t)(b >> (8 * k));
    }
    if (!bp_tree_build(&s->vtree, s->validator_roots, s->nvalidators, BP_VALIDATOR_TREE_HEIGHT) ||
        !bp_tree_build(&s->btree, s->balance_chunks, s->nchunks, BP_BALANCE_TREE_HEIGHT)) {
        bp_state_free(s);
        return false;
    }
    s->validators_root = bp_mix_in_length(bp_tree_root(&s->vtree), s->nvalidators);
    s->balances_root = bp_mix_in_length(bp_tree_root(&s->btree), s->nvalidators);

    unsigned h = bp_state_tree_height(in->version);
    for (size_t i = 0; i < ((size_t)1 << h); i++) s->state_leaves[i] = in->other;
    s->state_leaves[BP_VALIDATOR_CONTAINER_INDEX] = s->validators_root;
    s->state_leaves[BP_BALANCE_CONTAINER_INDEX] = s->balances_root;
    bp_merkleize(s->state_leaves, (size_t)1 << h, &s->state_root);

    memset(s->header_leaves, 0, sizeof s->header_leaves);
    s->header_leaves[0] = bp_u64_leaf(in->slot);
    s->header_leaves[1] = bp_u64_leaf(in->proposer_index);
    s->header_leaves[2] = in->parent_root;
    s->header_leaves[BP_STATE_ROOT_INDEX] = s->state_root;
    s->header_leaves[4] = in->body_root;
    bp_merkleize(s->header_leaves, 8, &s->block_root);
    return true;
}

void bp_state_free(bp_state *s) {
    free(s->validator_roots);
    free(s->balance_chunks);
    bp_tree_free(&s->vtree);
    bp_tree_free(&s->btree);
    s->validator_roots = NULL;
    s->balance_chunks = NULL;
}

void bp_prove_state_root(const bp_state *s, uint8_t proof[32 * BP_BLOCK_HEADER_TREE_HEIGHT]) {
    rs_b32 r;
    bp_sparse_root(s->header_leaves, 8, BP_BLOCK_HEADER_TREE_HEIGHT, BP_STATE_ROOT_INDEX, &r, proof);
}

void bp_prove_validator(const bp_state *s, uint64_t validator_index, uint8_t *proof) {
    rs_b32 r;
    unsigned h = bp_state_tree_height(s->version);
    bp_tree_prove(&s->vtree, validator_index, proof);
    rs_b32 len = bp_u64_leaf(s->nvalidators);
    memcpy(proof + 32 * BP_VALIDATOR_TREE_HEIGHT, len.b, 32);
    bp_sparse_root(s->state_leaves, (size_t)1 << h, h, BP_VALIDATOR_CONTAINER_INDEX,
                   &r, proof + 32 * (BP_VALIDATOR_TREE_HEIGHT + 1));
}

void bp_prove_balance_container(const bp_state *s, uint8_t *proof) {
    rs_b32 r;
    unsigned h = bp_state_tree_height(s->version);
    bp_sparse_root(s->state_leaves, (size_t)1 << h, h, BP_BALANCE_CONTAINER_INDEX, &r, proof);
    bp_sparse_root(s->header_leaves, 8, BP_BLOCK_HEADER_TREE_HEIGHT, BP_STATE_ROOT_INDEX, &r, proof + 32 * h);
}

void bp_prove_balance(const bp_state *s, uint64_t validator_index, rs_b32 *chunk, uint8_t *proof) {
    uint64_t ci = validator_index / 4;
    *chunk = ci < s->nchunks ? s->balance_chunks[ci] : RS_B32_ZERO;
    bp_tree_prove(&s->btree, ci, proof);
    rs_b32 len = bp_u64_leaf(s->nvalidators);
    memcpy(proof + 32 * BP_BALANCE_TREE_HEIGHT, len.b, 32);
}
