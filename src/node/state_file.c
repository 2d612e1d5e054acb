/* The state file format (state_file.h). */
#include "node/state_file.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "restake/limits.h"
#include "restake/sha256.h"

static const uint8_t MAGIC[8] = {'r', 's', 's', 't', 'a', 't', 'e', 0};
enum { ENTRY_VALUE = 32 };

typedef struct {
    rs_buf *out;
    uint64_t count;
} enc_ctx;

static int put_entry(void *vctx, const rs_key *k, u256 v) {
    enc_ctx *c = vctx;
    uint8_t w[ENTRY_VALUE];
    u256_to_be(v, w);
    rs_buf_put(c->out, &k->len, 1);
    rs_buf_put(c->out, k->b, k->len);
    rs_buf_put(c->out, w, sizeof w);
    c->count++;
    return 0;
}

void rs_state_file_encode(const rs_state *st, uint64_t chain_id, uint64_t number, uint64_t timestamp, rs_buf *out) {
    uint8_t h[RS_STATE_FILE_HEADER] = {0};
    memcpy(h, MAGIC, sizeof MAGIC);
    h[8] = 0, h[9] = 0, h[10] = 0, h[11] = RS_STATE_FILE_VERSION;
    rs_be64_put(h + 12, chain_id);
    rs_be64_put(h + 20, number);
    rs_be64_put(h + 28, timestamp);
    rs_b32 root = rs_state_root(st);
    memcpy(h + 36, root.b, 32);
    rs_buf_reset(out);
    rs_buf_put(out, h, sizeof h);
    enc_ctx c = {out, 0};
    rs_state_foreach(st, put_entry, &c);
    rs_be64_put(out->p + 68, c.count);
    rs_be64_put(out->p + 76, out->len - RS_STATE_FILE_HEADER);
    uint8_t sum[32];
    rs_sha256(out->p, out->len, sum);
    rs_buf_put(out, sum, sizeof sum);
    assert(out->len >= RS_STATE_FILE_HEADER + 32);
}

static bool fail(char *err, size_t errlen, const char *msg) {
    snprintf(err, errlen, "%s", msg);
    return false;
}

/* Every entry well-formed, none repeated; the state built from them. */
static rs_state *parse_entries(const uint8_t *p, size_t len, uint64_t count, char *err, size_t errlen) {
    rs_state *st = rs_state_new();
    if (!st) return fail(err, errlen, "state file: out of memory"), NULL;
    size_t off = 0;
    uint64_t seen = 0;
    while (off < len) {
        uint8_t kl = p[off];
        if (kl < 2 || kl > RS_KEY_MAX || len - off - 1 < (size_t)kl + ENTRY_VALUE) {
            snprintf(err, errlen, "state file: entry %llu is malformed (key length %u at byte %zu)",
                     (unsigned long long)seen, kl, RS_STATE_FILE_HEADER + off);
            rs_state_free(st);
            return NULL;
        }
        rs_key k = {.len = kl};
        memcpy(k.b, p + off + 1, kl);
        u256 v = u256_from_be(p + off + 1 + kl);
        if (u256_is_zero(v) || !u256_is_zero(rs_sload(st, &k))) {
            snprintf(err, errlen, "state file: entry %llu is %s", (unsigned long long)seen,
                     u256_is_zero(v) ? "zero (a zero word is never stored)" : "a repeated key");
            rs_state_free(st);
            return NULL;
        }
        rs_sstore(st, &k, v);
        off += 1 + (size_t)kl + ENTRY_VALUE;
        seen++;
    }
    rs_state_commit(st);
    if (seen != count) {
        snprintf(err, errlen, "state file: %llu entries where the header says %llu", (unsigned long long)seen,
                 (unsigned long long)count);
        rs_state_free(st);
        return NULL;
    }
    return st;
}

bool rs_state_file_decode(const uint8_t *p, size_t n, rs_state_file *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    if (n < RS_STATE_FILE_HEADER + 32 || memcmp(p, MAGIC, sizeof MAGIC) != 0)
        return fail(err, errlen, "not a restake state file (no \"rsstate\" header)");
    uint32_t version = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
    if (version != RS_STATE_FILE_VERSION) {
        snprintf(err, errlen, "state file version %u is not supported (this build reads version %u)", version,
                 RS_STATE_FILE_VERSION);
        return false;
    }
    if (n > RS_STATE_FILE_MAX) return fail(err, errlen, "state file: larger than RS_STATE_FILE_MAX");
    uint64_t len = rs_be64_get(p + 76);
    if (len != n - RS_STATE_FILE_HEADER - 32) {
        snprintf(err, errlen, "state file: %zu bytes where the header says %llu (truncated or extended)", n,
                 (unsigned long long)(len + RS_STATE_FILE_HEADER + 32));
        return false;
    }
    uint8_t sum[32];
    rs_sha256(p, n - 32, sum);
    if (memcmp(sum, p + n - 32, 32) != 0) return fail(err, errlen, "state file: checksum mismatch (corrupt file)");
    rs_state *st = parse_entries(p + RS_STATE_FILE_HEADER, (size_t)len, rs_be64_get(p + 68), err, errlen);
    if (!st) return false;
    rs_b32 root = rs_state_root(st);
    if (memcmp(root.b, p + 36, 32) != 0) {
        rs_state_free(st);
        return fail(err, errlen, "state file: the entries do not hash to the recorded state root");
    }
    out->chain_id = rs_be64_get(p + 12);
    out->number = rs_be64_get(p + 20);
    out->timestamp = rs_be64_get(p + 28);
    out->st = st;
    return true;
}
