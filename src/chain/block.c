#include "chain/block.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "restake/keccak.h"
#include "restake/limits.h"
#include "restake/rlp.h"

void rs_receipt_free(rs_receipt *r) {
    for (size_t i = 0; i < r->nlogs; i++) free(r->logs[i].data);
    free(r->logs);
    free(r->revert);
    memset(r, 0, sizeof *r);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) abort();
    return p;
}

static void log_bloom(uint8_t bloom[256], const rs_rlog *l) {
    assert(l->ntopics <= RS_EVM_LOG_TOPICS_MAX);
    rs_bloom_add(bloom, l->address.b, 20);
    for (unsigned t = 0; t < l->ntopics; t++) rs_bloom_add(bloom, l->topics[t].b, 32);
}

void rs_receipt_set_logs(rs_receipt *r, const rs_env *e) {
    r->nlogs = e->nlogs;
    r->logs = xmalloc(sizeof(rs_rlog) * e->nlogs);
    memset(r->bloom, 0, 256);
    for (size_t i = 0; i < e->nlogs; i++) {
        const rs_log *src = &e->logs[i];
        rs_rlog *l = &r->logs[i];
        assert(src->ntopics <= RS_EVM_LOG_TOPICS_MAX && src->data_off + src->data_len <= e->logdata_len);
        l->address = src->address;
        l->ntopics = src->ntopics;
        memcpy(l->topics, src->topics, sizeof l->topics);
        l->len = src->data_len;
        l->data = xmalloc(l->len);
        if (l->len) memcpy(l->data, e->logdata + src->data_off, l->len);
        log_bloom(r->bloom, l);
    }
}

static void put_log(rs_buf *b, const rs_rlog *l) {
    rs_buf f, t;
    rs_buf_init(&f);
    rs_buf_init(&t);
    rlp_put_bytes(&f, l->address.b, 20);
    for (unsigned i = 0; i < l->ntopics; i++) rlp_put_bytes(&t, l->topics[i].b, 32);
    rlp_put_list(&f, t.p, t.len);
    rlp_put_bytes(&f, l->data, l->len);
    rlp_put_list(b, f.p, f.len);
    rs_buf_free(&f);
    rs_buf_free(&t);
}

static void put_logs(rs_buf *b, const rs_receipt *r) {
    rs_buf ls;
    rs_buf_init(&ls);
    for (size_t i = 0; i < r->nlogs; i++) put_log(&ls, &r->logs[i]);
    rlp_put_list(b, ls.p, ls.len);
    rs_buf_free(&ls);
}

void rs_receipt_encode(const rs_receipt *r, rs_buf *out) {
    rs_buf f;
    rs_buf_init(&f);
    rlp_put_u64(&f, r->type);
    rlp_put_u64(&f, r->status);
    rlp_put_u64(&f, r->cumulative_gas);
    rlp_put_u64(&f, r->gas_used);
    rlp_put_u256(&f, r->effective_gas_price);
    put_logs(&f, r);
    rlp_put_bytes(&f, r->revert, r->revert_len);
    rlp_put_u64(&f, r->first_log_index);
    rlp_put_list(out, f.p, f.len);
    rs_buf_free(&f);
}

static bool get_u8(const rlp_item *it, uint8_t *out) {
    uint64_t v;
    if (it->is_list || rlp_to_u64(it, &v) != RLP_OK || v > 255) return false;
    *out = (uint8_t)v;
    return true;
}

static bool get_u64(const rlp_item *it, uint64_t *out) { return !it->is_list && rlp_to_u64(it, out) == RLP_OK; }

static bool decode_log(const rlp_item *it, rs_rlog *l) {
    if (!it->is_list || it->n != 3) return false;
    const rlp_item *a = &it->items[0], *t = &it->items[1], *d = &it->items[2];
    if (a->is_list || a->len != 20 || !t->is_list || t->n > 4 || d->is_list) return false;
    memcpy(l->address.b, a->ptr, 20);
    l->ntopics = rs_u8_from_size(t->n);
    for (size_t i = 0; i < t->n; i++) {
        if (t->items[i].is_list || t->items[i].len != 32) return false;
        memcpy(l->topics[i].b, t->items[i].ptr, 32);
    }
    l->len = d->len;
    l->data = xmalloc(d->len);
    if (d->len) memcpy(l->data, d->ptr, d->len);
    return true;
}

bool rs_receipt_decode(const uint8_t *p, size_t n, rs_receipt *r) {
    memset(r, 0, sizeof *r);
    rs_arena a;
    rs_arena_init(&a, 0);
    rlp_item top;
    bool ok = rlp_decode(&a, p, n, &top) == RLP_OK && top.is_list && top.n == 8;
    if (ok) {
        const rlp_item *f = top.items;
        ok = get_u8(&f[0], &r->type) && get_u8(&f[1], &r->status) && get_u64(&f[2], &r->cumulative_gas) &&
             get_u64(&f[3], &r->gas_used) && !f[4].is_list && rlp_to_u256(&f[4], &r->effective_gas_price) == RLP_OK &&
             f[5].is_list && !f[6].is_list && get_u64(&f[7], &r->first_log_index);
        if (ok) {
            r->logs = xmalloc(sizeof(rs_rlog) * f[5].n);
            for (size_t i = 0; ok && i < f[5].n; i++) {
                memset(&r->logs[i], 0, sizeof r->logs[i]);
                ok = decode_log(&f[5].items[i], &r->logs[i]);
                r->nlogs = i + 1;
                if (ok) log_bloom(r->bloom, &r->logs[i]);
            }
            r->revert_len = f[6].len;
            r->revert = xmalloc(f[6].len);
            if (f[6].len) memcpy(r->revert, f[6].ptr, f[6].len);
        }
    }
    rs_arena_free(&a);
    if (!ok) rs_receipt_free(r);
    return ok;
}

void rs_receipt_consensus_encode(const rs_receipt *r, rs_buf *out) {
    rs_buf f;
    rs_buf_init(&f);
    rlp_put_u64(&f, r->status);
    rlp_put_u64(&f, r->cumulative_gas);
    rlp_put_bytes(&f, r->bloom, 256);
    put_logs(&f, r);
    if (r->type != 0) rs_buf_put(out, &r->type, 1);
    rlp_put_list(out, f.p, f.len);
    rs_buf_free(&f);
}

rs_b32 rs_receipt_hash(const rs_receipt *r) {
    rs_buf out;
    rs_buf_init(&out);
    rs_receipt_consensus_encode(r, &out);
    rs_b32 h = rs_keccak(out.p, out.len);
    rs_buf_free(&out);
    return h;
}

/* The three bloom bits of a value. Logs repeat the same few addresses and
 * topics (a token, Transfer's topic), so a small per-thread cache saves
 * most of the keccaks. */
typedef struct {
    uint8_t len;
    uint8_t key[32];
    uint16_t bits[3];
} bloom_slot;

static void bloom_bits(const void *p, size_t n, uint16_t bits[3]) {
    static _Thread_local bloom_slot cache[64];
    const uint8_t *b = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
    bloom_slot *s = &cache[h & 63];
    if (n <= 32 && s->len == n && n && memcmp(s->key, p, n) == 0) {
        memcpy(bits, s->bits, sizeof s->bits);
        return;
    }
    uint8_t k[32];
    rs_keccak256(p, n, k);
    for (int i = 0; i < 3; i++) bits[i] = (uint16_t)(((unsigned)k[2 * i] << 8 | k[2 * i + 1]) & 2047u);
    assert(bits[0] < 2048 && bits[1] < 2048 && bits[2] < 2048);
    if (n && n <= 32) {
        s->len = (uint8_t)n;
        memcpy(s->key, p, n);
        memcpy(s->bits, bits, sizeof s->bits);
    }
}

void rs_bloom_add(uint8_t bloom[256], const void *p, size_t n) {
    uint16_t bits[3];
    bloom_bits(p, n, bits);
    for (int i = 0; i < 3; i++) bloom[255 - bits[i] / 8] |= (uint8_t)(1u << (bits[i] % 8));
}

bool rs_bloom_has(const uint8_t bloom[256], const void *p, size_t n) {
    uint16_t bits[3];
    bloom_bits(p, n, bits);
    for (int i = 0; i < 3; i++)
        if (!(bloom[255 - bits[i] / 8] & (1u << (bits[i] % 8)))) return false;
    return true;
}

void rs_bloom_or(uint8_t dst[256], const uint8_t src[256]) {
    for (int i = 0; i < 256; i++) dst[i] |= src[i];
}

rs_b32 rs_hash_list_root(const rs_b32 *h, size_t n) {
    rs_buf f, out;
    rs_buf_init(&f);
    rs_buf_init(&out);
    for (size_t i = 0; i < n; i++) rlp_put_bytes(&f, h[i].b, 32);
    rlp_put_list(&out, f.p, f.len);
    rs_b32 r = rs_keccak(out.p, out.len);
    rs_buf_free(&f);
    rs_buf_free(&out);
    return r;
}

/* ---------- ordered Merkle-Patricia trie ---------- */

typedef struct {
    uint8_t nib[20]; /* nibbles of rlp(index) (at most 9 bytes) */
    uint8_t nlen;
    const uint8_t *val;
    size_t vlen;
} trie_item;

/* Hex-prefix encoding of nibbles [from, to) with the leaf flag. */
static void put_hex_prefix(rs_buf *b, const uint8_t *nib, size_t from, size_t to, bool leaf) {
    uint8_t tmp[12];
    assert(from <= to && to - from <= 2 * sizeof tmp - 2);
    size_t len = to - from, k = 0;
    uint8_t flag = (uint8_t)((leaf ? 2 : 0) + (len & 1));
    if (len & 1) {
        tmp[k++] = (uint8_t)(flag << 4 | nib[from]);
        from++;
    } else {
        tmp[k++] = (uint8_t)(flag << 4);
    }
    for (size_t i = from; i < to; i += 2) tmp[k++] = (uint8_t)(nib[i] << 4 | nib[i + 1]);
    assert(k == 1 + len / 2);
    rlp_put_bytes(b, tmp, k);
}

static void trie_node(trie_item **it, size_t n, unsigned depth, rs_buf *out);

/* A child is embedded when its encoding is under 32 bytes, else hashed. */
static void put_child(rs_buf *b, trie_item **it, size_t n, unsigned depth) {
    if (n == 0) {
        rlp_put_bytes(b, NULL, 0);
        return;
    }
    rs_buf c;
    rs_buf_init(&c);
    trie_node(it, n, depth, &c);
    if (c.len < 32) {
        rs_buf_put(b, c.p, c.len);
    } else {
        rs_b32 h = rs_keccak(c.p, c.len);
        rlp_put_bytes(b, h.b, 32);
    }
    rs_buf_free(&c);
}

static void trie_node(trie_item **it, size_t n, unsigned depth, rs_buf *out) {
    assert(n >= 1 && depth <= sizeof it[0]->nib);
    rs_buf f;
    rs_buf_init(&f);
    if (n == 1) {
        put_hex_prefix(&f, it[0]->nib, depth, it[0]->nlen, true);
        rlp_put_bytes(&f, it[0]->val, it[0]->vlen);
    } else {
        unsigned cp = 0;
        for (;; cp++) {
            bool same = true;
            for (size_t i = 0; i < n && same; i++)
                same = depth + cp < it[i]->nlen && it[i]->nib[depth + cp] == it[0]->nib[depth + cp];
            if (!same) break;
        }
        if (cp > 0) {
            put_hex_prefix(&f, it[0]->nib, depth, depth + cp, false);
            put_child(&f, it, n, depth + cp);
        } else {
            trie_item **sub = malloc(n * sizeof *sub);
            if (!sub) abort();
            const trie_item *here = NULL;
            for (unsigned k = 0; k < 16; k++) {
                size_t m = 0;
                for (size_t i = 0; i < n; i++) {
                    if (it[i]->nlen == depth) here = it[i];
                    else if (it[i]->nib[depth] == k) sub[m++] = it[i];
                }
                put_child(&f, sub, m, depth + 1);
            }
            rlp_put_bytes(&f, here ? here->val : NULL, here ? here->vlen : 0);
            free(sub);
        }
    }
    rlp_put_list(out, f.p, f.len);
    rs_buf_free(&f);
}

rs_b32 rs_ordered_trie_root(const uint8_t *const *vals, const size_t *lens, size_t n) {
    if (n == 0) {
        static const uint8_t empty[] = {0x80};
        return rs_keccak(empty, 1);
    }
    trie_item *items = calloc(n, sizeof *items);
    trie_item **ptrs = malloc(n * sizeof *ptrs);
    if (!items || !ptrs) abort();
    rs_buf k;
    rs_buf_init(&k);
    for (size_t i = 0; i < n; i++) {
        rs_buf_reset(&k);
        rlp_put_u64(&k, i);
        assert(2 * k.len <= sizeof items[i].nib);
        for (size_t j = 0; j < k.len; j++) {
            items[i].nib[2 * j] = k.p[j] >> 4;
            items[i].nib[2 * j + 1] = k.p[j] & 15;
        }
        items[i].nlen = rs_u8_from_size(2 * k.len);
        items[i].val = vals[i];
        items[i].vlen = lens[i];
        ptrs[i] = &items[i];
    }
    rs_buf root;
    rs_buf_init(&root);
    trie_node(ptrs, n, 0, &root);
    rs_b32 h = rs_keccak(root.p, root.len);
    rs_buf_free(&root);
    rs_buf_free(&k);
    free(items);
    free(ptrs);
    return h;
}

void rs_block_header_rlp(const rs_block_header *h, rs_buf *out) {
    assert(h->gas_used <= h->gas_limit);
    static const uint8_t empty_list[] = {0xc0};
    uint8_t zero[32] = {0}, nonce[8] = {0};
    rs_b32 ommers = rs_keccak(empty_list, 1);
    rs_buf f;
    rs_buf_init(&f);
    rlp_put_bytes(&f, h->parent_hash.b, 32);
    rlp_put_bytes(&f, ommers.b, 32);
    rlp_put_bytes(&f, h->coinbase.b, 20);
    rlp_put_bytes(&f, h->state_root.b, 32);
    rlp_put_bytes(&f, h->tx_root.b, 32);
    rlp_put_bytes(&f, h->receipts_root.b, 32);
    rlp_put_bytes(&f, h->bloom, 256);
    rlp_put_u64(&f, 0); /* difficulty */
    rlp_put_u64(&f, h->number);
    rlp_put_u64(&f, h->gas_limit);
    rlp_put_u64(&f, h->gas_used);
    rlp_put_u64(&f, h->timestamp);
    rlp_put_bytes(&f, NULL, 0); /* extraData */
    rlp_put_bytes(&f, zero, 32); /* mixHash */
    rlp_put_bytes(&f, nonce, 8);
    rlp_put_u256(&f, h->base_fee);
    rlp_put_list(out, f.p, f.len);
    rs_buf_free(&f);
}

void rs_block_seal(rs_block_header *h) {
    rs_buf b;
    rs_buf_init(&b);
    rs_block_header_rlp(h, &b);
    h->hash = rs_keccak(b.p, b.len);
    rs_buf_free(&b);
}

void rs_block_header_encode(const rs_block_header *h, rs_buf *out) {
    rs_buf f;
    rs_buf_init(&f);
    rlp_put_u64(&f, h->number);
    rlp_put_u64(&f, h->timestamp);
    rlp_put_u64(&f, h->gas_used);
    rlp_put_u64(&f, h->gas_limit);
    rlp_put_bytes(&f, h->parent_hash.b, 32);
    rlp_put_bytes(&f, h->tx_root.b, 32);
    rlp_put_bytes(&f, h->receipts_root.b, 32);
    rlp_put_bytes(&f, h->state_root.b, 32);
    rlp_put_bytes(&f, h->bloom, 256);
    rlp_put_u256(&f, h->base_fee);
    rlp_put_u64(&f, h->ntx);
    rlp_put_bytes(&f, h->hash.b, 32);
    /* a trailing field, so headers stored before it existed still decode */
    if (!rs_addr_is_zero(h->coinbase)) rlp_put_bytes(&f, h->coinbase.b, 20);
    rlp_put_list(out, f.p, f.len);
    rs_buf_free(&f);
}

static bool get_fixed(const rlp_item *it, void *out, size_t n) {
    if (it->is_list || it->len != n) return false;
    memcpy(out, it->ptr, n);
    return true;
}

bool rs_block_header_decode(const uint8_t *p, size_t n, rs_block_header *h) {
    memset(h, 0, sizeof *h);
    rs_arena a;
    rs_arena_init(&a, 0);
    rlp_item top;
    uint64_t ntx = 0;
    bool ok = rlp_decode(&a, p, n, &top) == RLP_OK && top.is_list && (top.n == 12 || top.n == 13);
    if (ok) {
        const rlp_item *f = top.items;
        ok = get_u64(&f[0], &h->number) && get_u64(&f[1], &h->timestamp) && get_u64(&f[2], &h->gas_used) &&
             get_u64(&f[3], &h->gas_limit) && get_fixed(&f[4], h->parent_hash.b, 32) &&
             get_fixed(&f[5], h->tx_root.b, 32) && get_fixed(&f[6], h->receipts_root.b, 32) &&
             get_fixed(&f[7], h->state_root.b, 32) && get_fixed(&f[8], h->bloom, 256) && !f[9].is_list &&
             rlp_to_u256(&f[9], &h->base_fee) == RLP_OK && get_u64(&f[10], &ntx) && ntx <= UINT32_MAX &&
             get_fixed(&f[11], h->hash.b, 32) && (top.n == 12 || get_fixed(&f[12], h->coinbase.b, 20));
        h->ntx = ok ? rs_u32_from_u64(ntx) : 0;
    }
    rs_arena_free(&a);
    return ok;
}

uint64_t rs_gas_intrinsic(const rs_tx *tx) {
    uint64_t g = RS_GAS_TX;
    for (size_t i = 0; i < tx->data_len; i++) g += tx->data[i] ? 16 : 4;
    g += 2400 * (uint64_t)tx->access_list_addrs + 1900 * (uint64_t)tx->access_list_keys;
    if (!tx->has_to) g += RS_GAS_CREATE + RS_GAS_INITCODE_WORD * (uint64_t)((tx->data_len + 31) / 32);
    assert(g >= RS_GAS_TX);
    return g;
}
