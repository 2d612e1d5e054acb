/* RLP with strict canonical decoding: every accepted input is the unique
 * encoding of its value, so hashes of decoded transactions cannot be malleated. */
#include "restake/rlp.h"
#include "restake/limits.h"

#include <assert.h>
#include <string.h>


const char *rlp_status_str(rlp_status s) {
    switch (s) {
    case RLP_OK: return "ok";
    case RLP_ERR_SHORT: return "input ends inside an item";
    case RLP_ERR_NONCANONICAL: return "non-canonical encoding";
    case RLP_ERR_TRAILING: return "trailing bytes after the item";
    case RLP_ERR_TYPE: return "unexpected item type";
    case RLP_ERR_LIMIT: return "nesting or size limit exceeded";
    case RLP_ERR_INT: return "non-canonical or oversized integer";
    }
    return "unknown rlp status";
}

/* The header of the item at p[0..avail): whether it is a list and where its
 * payload lies. The whole item must fit in avail. */
typedef struct {
    bool is_list;
    size_t hdr, len; /* header bytes, payload bytes */
} rlp_head;

static rlp_status read_long_len(const uint8_t *p, size_t avail, size_t ll, rlp_head *h) {
    if (avail < 1 + ll) return RLP_ERR_SHORT;
    if (p[1] == 0) return RLP_ERR_NONCANONICAL;
    if (ll > sizeof(size_t)) return RLP_ERR_SHORT; /* longer than any input */
    assert(ll >= 1 && ll <= 8);
    size_t n = 0;
    for (size_t i = 0; i < ll; i++) n = n << 8 | p[1 + i];
    if (n < 56) return RLP_ERR_NONCANONICAL;
    h->hdr = 1 + ll;
    h->len = n;
    return RLP_OK;
}

static rlp_status read_head(const uint8_t *p, size_t avail, rlp_head *h) {
    if (avail == 0) return RLP_ERR_SHORT;
    uint8_t b = p[0];
    rlp_status st = RLP_OK;
    h->is_list = b >= 0xc0;
    if (b < 0x80) {
        h->hdr = 0, h->len = 1;
    } else if (b <= 0xb7) {
        h->hdr = 1, h->len = b - 0x80u;
        if (h->len == 1 && avail >= 2 && p[1] < 0x80) return RLP_ERR_NONCANONICAL;
    } else if (b < 0xc0) {
        st = read_long_len(p, avail, b - 0xb7u, h);
    } else if (b <= 0xf7) {
        h->hdr = 1, h->len = b - 0xc0u;
    } else {
        st = read_long_len(p, avail, b - 0xf7u, h);
    }
    if (st != RLP_OK) return st;
    assert(h->hdr <= avail);
    if (h->len > avail - h->hdr) return RLP_ERR_SHORT;
    assert(h->hdr + h->len <= avail); /* the whole item lies in the input */
    return RLP_OK;
}

static rlp_status decode_item(rs_arena *a, const uint8_t *p, size_t avail, int depth,
                              rlp_item *out, size_t *consumed);

static rlp_status decode_list(rs_arena *a, const uint8_t *p, size_t len, int depth, rlp_item *out) {
    size_t n = 0;
    for (size_t off = 0; off < len; n++) {
        rlp_head h;
        rlp_status st = read_head(p + off, len - off, &h);
        if (st != RLP_OK) return st;
        assert(h.hdr + h.len >= 1); /* every item consumes input: the count is bounded by len */
        off += h.hdr + h.len;
    }
    assert(n <= len);
    out->n = n;
    out->items = NULL;
    if (n == 0) return RLP_OK;
    if (n > SIZE_MAX / sizeof(rlp_item)) return RLP_ERR_LIMIT;
    out->items = rs_arena_alloc(a, n * sizeof(rlp_item));
    if (!out->items) return RLP_ERR_LIMIT;
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        size_t used;
        rlp_status st = decode_item(a, p + off, len - off, depth + 1, &out->items[i], &used);
        if (st != RLP_OK) return st;
        off += used;
    }
    assert(off == len); /* the second pass walks exactly the items the first counted */
    return RLP_OK;
}

static rlp_status decode_item(rs_arena *a, const uint8_t *p, size_t avail, int depth,
                              rlp_item *out, size_t *consumed) {
    assert(depth >= 0 && depth <= RLP_MAX_DEPTH);
    rlp_head h;
    rlp_status st = read_head(p, avail, &h);
    if (st != RLP_OK) return st;
    memset(out, 0, sizeof *out);
    out->is_list = h.is_list;
    out->ptr = p + h.hdr;
    out->len = h.len;
    *consumed = h.hdr + h.len;
    if (!h.is_list) return RLP_OK;
    if (depth >= RLP_MAX_DEPTH) return RLP_ERR_LIMIT;
    return decode_list(a, out->ptr, out->len, depth, out);
}

rlp_status rlp_decode(rs_arena *a, const uint8_t *data, size_t len, rlp_item *out) {
    size_t used;
    rlp_status st = decode_item(a, data, len, 0, out, &used);
    if (st != RLP_OK) return st;
    assert(used <= len);
    return used == len ? RLP_OK : RLP_ERR_TRAILING;
}

rlp_status rlp_to_u256(const rlp_item *it, u256 *out) {
    if (it->is_list) return RLP_ERR_TYPE;
    if (it->len > 32 || (it->len > 0 && it->ptr[0] == 0)) return RLP_ERR_INT;
    u256 v = U256_ZERO;
    for (size_t i = 0; i < it->len; i++) {
        size_t bit = 8 * (it->len - 1 - i);
        v.w[bit / 64] |= (uint64_t)it->ptr[i] << (bit % 64);
    }
    *out = v;
    return RLP_OK;
}

rlp_status rlp_to_u64(const rlp_item *it, uint64_t *out) {
    if (it->is_list) return RLP_ERR_TYPE;
    if (it->len > 8 || (it->len > 0 && it->ptr[0] == 0)) return RLP_ERR_INT;
    uint64_t v = 0;
    for (size_t i = 0; i < it->len; i++) v = v << 8 | it->ptr[i];
    *out = v;
    return RLP_OK;
}

/* ---- encoding ---- */

static void put_header(rs_buf *b, uint8_t short_base, size_t n) {
    if (n < 56) {
        uint8_t h = (uint8_t)(short_base + n);
        rs_buf_put(b, &h, 1);
        return;
    }
    uint8_t h[1 + sizeof(size_t)];
    size_t ll = 0;
    for (size_t x = n; x; x >>= 8) ll++;
    assert(ll >= 1 && ll <= sizeof(size_t));
    h[0] = (uint8_t)(short_base + 55 + ll);
    for (size_t i = 0; i < ll; i++) h[ll - i] = (uint8_t)(n >> (8 * i));
    rs_buf_put(b, h, 1 + ll);
}

void rlp_put_bytes(rs_buf *b, const uint8_t *p, size_t n) {
    assert(p != NULL || n == 0);
    if (n == 1 && p[0] < 0x80) {
        rs_buf_put(b, p, 1);
        return;
    }
    put_header(b, 0x80, n);
    rs_buf_put(b, p, n);
}

void rlp_put_list(rs_buf *b, const uint8_t *payload, size_t n) {
    assert(payload != NULL || n == 0);
    put_header(b, 0xc0, n);
    rs_buf_put(b, payload, n);
}

void rlp_put_u64(rs_buf *b, uint64_t v) {
    uint8_t be[8];
    size_t n = 0;
    for (uint64_t x = v; x; x >>= 8) n++;
    assert(n <= 8 && (n == 0 || be != NULL));
    for (size_t i = 0; i < n; i++) be[n - 1 - i] = (uint8_t)(v >> (8 * i));
    rlp_put_bytes(b, be, n);
}

void rlp_put_u256(rs_buf *b, u256 v) {
    uint8_t be[32];
    for (int i = 0; i < 32; i++) be[i] = (uint8_t)(v.w[(31 - i) / 8] >> (8 * ((31 - i) % 8)));
    size_t z = 0;
    while (z < 32 && be[z] == 0) z++;
    rlp_put_bytes(b, be + z, 32 - z);
}
