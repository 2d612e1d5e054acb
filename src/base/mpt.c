/* Merkle-Patricia trie root over a sorted item set. See restake/mpt.h.
 *
 * The trie is never stored: the root is built bottom-up in one recursion
 * over the sorted keys, each subtree being the run of keys sharing a nibble
 * prefix. That is all a state root needs, and it keeps no node cache to go
 * stale. */
#include "restake/mpt.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "restake/keccak.h"
#include "restake/limits.h"
#include "restake/rlp.h"

static unsigned nibble(const rs_mpt_item *it, size_t i) {
    uint8_t b = it->key[i / 2];
    return i % 2 ? (b & 15u) : (b >> 4);
}

static size_t nibbles(const rs_mpt_item *it) { return 2 * it->key_len; }

static int item_cmp(const void *pa, const void *pb) {
    const rs_mpt_item *a = pa, *b = pb;
    size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
    int c = n ? memcmp(a->key, b->key, n) : 0;
    if (c) return c;
    return (a->key_len > b->key_len) - (a->key_len < b->key_len);
}

/* Hex-prefix encoding of the nibbles [from, to) of it's key, flagged as a
 * leaf's or an extension's path, written as one RLP string. */
static void put_path(rs_buf *out, const rs_mpt_item *it, size_t from, size_t to, bool leaf) {
    uint8_t hp[RS_MPT_KEY_MAX + 1];
    size_t n = to - from, k = 0;
    unsigned flag = (leaf ? 2u : 0u) | (unsigned)(n % 2);
    size_t i = from;
    if (n % 2) {
        hp[k++] = (uint8_t)(flag << 4 | nibble(it, i));
        i++;
    } else {
        hp[k++] = (uint8_t)(flag << 4);
    }
    for (; i < to; i += 2) hp[k++] = (uint8_t)(nibble(it, i) << 4 | nibble(it, i + 1));
    rlp_put_bytes(out, hp, k);
}

static void encode_node(rs_buf *out, const rs_mpt_item *items, size_t n, size_t depth);

/* A child reference: the node itself when its encoding is under 32 bytes,
 * else the keccak of the encoding as a 32-byte string. */
static void put_ref(rs_buf *out, const rs_mpt_item *items, size_t n, size_t depth) {
    rs_buf child;
    rs_buf_init(&child);
    encode_node(&child, items, n, depth);
    if (child.len < 32) {
        rs_buf_put(out, child.p, child.len);
    } else {
        uint8_t h[32];
        rs_keccak256(child.p, child.len, h);
        rlp_put_bytes(out, h, 32);
    }
    rs_buf_free(&child);
}

static size_t common_prefix(const rs_mpt_item *a, const rs_mpt_item *b, size_t depth) {
    size_t lim = nibbles(a) < nibbles(b) ? nibbles(a) : nibbles(b);
    size_t i = depth;
    while (i < lim && nibble(a, i) == nibble(b, i)) i++;
    return i - depth;
}

/* items[0..n) share their first `depth` nibbles and are sorted. */
static void encode_node(rs_buf *out, const rs_mpt_item *items, size_t n, size_t depth) {
    assert(n > 0 && depth <= 2 * RS_MPT_KEY_MAX);
    rs_buf payload;
    rs_buf_init(&payload);
    if (n == 1) {
        put_path(&payload, &items[0], depth, nibbles(&items[0]), true);
        rlp_put_bytes(&payload, items[0].val, items[0].val_len);
    } else {
        /* Sorted order makes the first and last keys' common prefix the
         * whole run's; a key ending here sorts first and has none. */
        size_t cp = nibbles(&items[0]) == depth ? 0 : common_prefix(&items[0], &items[n - 1], depth);
        if (cp > 0) {
            put_path(&payload, &items[0], depth, depth + cp, false);
            put_ref(&payload, items, n, depth + cp);
        } else {
            size_t i = 0;
            const rs_mpt_item *value = NULL;
            if (nibbles(&items[0]) == depth) value = &items[i++];
            for (unsigned slot = 0; slot < 16; slot++) {
                size_t j = i;
                while (j < n && nibble(&items[j], depth) == slot) j++;
                if (j > i)
                    put_ref(&payload, items + i, j - i, depth + 1);
                else
                    rlp_put_bytes(&payload, (const uint8_t *)"", 0);
                i = j;
            }
            assert(i == n);
            if (value)
                rlp_put_bytes(&payload, value->val, value->val_len);
            else
                rlp_put_bytes(&payload, (const uint8_t *)"", 0);
        }
    }
    rlp_put_list(out, payload.p, payload.len);
    rs_buf_free(&payload);
}

rs_b32 rs_mpt_empty_root(void) {
    static const uint8_t empty_string = 0x80;
    return rs_keccak(&empty_string, 1);
}

rs_b32 rs_mpt_root(rs_mpt_item *items, size_t n) {
    if (n == 0) return rs_mpt_empty_root();
    for (size_t i = 0; i < n; i++) assert(items[i].key_len <= RS_MPT_KEY_MAX && items[i].val_len > 0);
    qsort(items, n, sizeof *items, item_cmp);
    rs_buf root;
    rs_buf_init(&root);
    encode_node(&root, items, n, 0);
    rs_b32 h = rs_keccak(root.p, root.len);
    rs_buf_free(&root);
    return h;
}

void rs_mpt_account_rlp(rs_buf *out, uint64_t nonce, u256 balance, rs_b32 storage_root, rs_b32 code_hash) {
    rs_buf payload;
    rs_buf_init(&payload);
    rlp_put_u64(&payload, nonce);
    rlp_put_u256(&payload, balance);
    rlp_put_bytes(&payload, storage_root.b, 32);
    rlp_put_bytes(&payload, code_hash.b, 32);
    rlp_put_list(out, payload.p, payload.len);
    rs_buf_free(&payload);
}
