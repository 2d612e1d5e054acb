/* eth_subscribe's parameters, log matching and notification text. */
#include "rpc/rpc_subscribe.h"

#include <assert.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/limits.h"
#include "rpc/rpc.h"
#include "rpc/rpc_json.h"

void rs_sub_free(rs_sub *s) {
    free(s->filter.addrs);
    for (int t = 0; t < 4; t++) free(s->filter.topics[t]);
    memset(&s->filter, 0, sizeof s->filter);
}

static int bad(char *msg, size_t cap, const char *what) {
    return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s", what);
}

static size_t count_of(const json_t *v) { return json_is_array(v) ? json_array_size(v) : 1; }
static const json_t *item(const json_t *v, size_t i) { return json_is_array(v) ? json_array_get(v, i) : v; }

/* "address": one address or an array of them. */
static int parse_addresses(const json_t *a, rs_log_filter *f, size_t *items, char *msg, size_t cap) {
    if (!a || json_is_null(a)) return 0;
    size_t n = count_of(a);
    if ((*items += n) > RS_WS_FILTER_ITEMS_MAX) return bad(msg, cap, "filter has too many addresses and topics");
    f->addrs = rs_xcalloc(n, sizeof *f->addrs);
    f->naddrs = n;
    for (size_t i = 0; i < n; i++)
        if (!rj_get_addr(item(a, i), &f->addrs[i])) return bad(msg, cap, "address");
    return 0;
}

/* "topics": up to four positions, each null (any), a topic, or an array
 * of alternatives (empty: any). */
static int parse_topics(const json_t *ts, rs_log_filter *f, size_t *items, char *msg, size_t cap) {
    if (!ts || json_is_null(ts)) return 0;
    if (!json_is_array(ts) || json_array_size(ts) > 4) return bad(msg, cap, "topics: an array of at most 4 positions");
    for (size_t t = 0; t < json_array_size(ts); t++) {
        const json_t *x = json_array_get(ts, t);
        size_t n = json_is_null(x) ? 0 : count_of(x);
        if (n == 0) continue;
        if ((*items += n) > RS_WS_FILTER_ITEMS_MAX) return bad(msg, cap, "filter has too many addresses and topics");
        f->topics[t] = rs_xcalloc(n, sizeof(rs_b32));
        f->ntopics[t] = n;
        for (size_t i = 0; i < n; i++)
            if (!rj_get_b32(item(x, i), &f->topics[t][i])) return bad(msg, cap, "topic: 32 bytes of hex");
    }
    return 0;
}

static int parse_logs(const json_t *o, rs_sub *out, char *msg, size_t cap) {
    if (o && !json_is_object(o)) return bad(msg, cap, "logs filter: an object with address and topics");
    if (o && json_object_get(o, "blockHash"))
        return bad(msg, cap, "logs subscription takes no blockHash: it reports new logs only");
    size_t items = 0;
    int rc = parse_addresses(o ? json_object_get(o, "address") : NULL, &out->filter, &items, msg, cap);
    if (!rc) rc = parse_topics(o ? json_object_get(o, "topics") : NULL, &out->filter, &items, msg, cap);
    return rc;
}

static void new_id(char id[35]) {
    uint8_t r[16];
    if (RAND_bytes(r, sizeof r) != 1) abort(); /* no entropy: ids could collide across connections */
    id[0] = '0', id[1] = 'x';
    for (int i = 0; i < 16; i++) snprintf(id + 2 + 2 * i, 3, "%02x", r[i]);
}

int rs_sub_parse(const json_t *params, rs_sub *out, char *msg, size_t cap) {
    memset(out, 0, sizeof *out);
    const json_t *name = json_is_array(params) ? json_array_get(params, 0) : NULL;
    if (!json_is_string(name)) return bad(msg, cap, "subscription name");
    const char *s = json_string_value(name);
    const json_t *arg = json_array_get(params, 1);
    int rc = 0;
    if (!strcmp(s, "newHeads")) {
        out->kind = RS_SUB_NEW_HEADS;
    } else if (!strcmp(s, "logs")) {
        out->kind = RS_SUB_LOGS;
        rc = parse_logs(arg, out, msg, cap);
    } else if (!strcmp(s, "newPendingTransactions")) {
        out->kind = RS_SUB_PENDING_TXS;
        if (json_is_true(arg))
            rc = rj_fail(msg, cap, RPC_INVALID_PARAMS,
                         "invalid params: newPendingTransactions with full transactions is not supported (hashes only)");
    } else {
        rc = rj_fail(msg, cap, RPC_METHOD_NOT_FOUND, "no \"%.60s\" subscription in eth namespace", s);
    }
    if (rc) {
        rs_sub_free(out);
        return rc;
    }
    new_id(out->id);
    return 0;
}

bool rs_log_filter_match(const rs_log_filter *f, const rs_rlog *l) {
    if (f->naddrs) {
        bool any = false;
        for (size_t i = 0; i < f->naddrs && !any; i++) any = rs_addr_eq(f->addrs[i], l->address);
        if (!any) return false;
    }
    for (int t = 0; t < 4; t++) {
        if (!f->ntopics[t]) continue;
        if (t >= l->ntopics) return false;
        bool any = false;
        for (size_t i = 0; i < f->ntopics[t] && !any; i++) any = rs_b32_eq(f->topics[t][i], l->topics[t]);
        if (!any) return false;
    }
    return true;
}

bool rs_log_filter_bloom(const rs_log_filter *f, const uint8_t bloom[256]) {
    if (f->naddrs) {
        bool any = false;
        for (size_t i = 0; i < f->naddrs && !any; i++) any = rs_bloom_has(bloom, f->addrs[i].b, 20);
        if (!any) return false;
    }
    for (int t = 0; t < 4; t++) {
        bool any = !f->ntopics[t];
        for (size_t i = 0; i < f->ntopics[t] && !any; i++) any = rs_bloom_has(bloom, f->topics[t][i].b, 32);
        if (!any) return false;
    }
    return true;
}

json_t *rs_sub_head(rs_node *n, const rs_block_header *h) {
    json_t *b = rj_block(n, h, false);
    if (!b) return NULL;
    static const char *const BODY[] = {"transactions", "uncles", "withdrawals", "size", "totalDifficulty"};
    for (size_t i = 0; i < sizeof BODY / sizeof BODY[0]; i++) json_object_del(b, BODY[i]);
    return b;
}

char *rs_sub_notification(const char *id, const char *result, size_t result_len, size_t *len) {
    static const char A[] = "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"";
    static const char B[] = "\",\"result\":";
    size_t idn = strlen(id), n = sizeof A - 1 + idn + sizeof B - 1 + result_len + 2;
    char *s = malloc(n + 1);
    if (!s) abort();
    char *p = s;
    memcpy(p, A, sizeof A - 1), p += sizeof A - 1;
    memcpy(p, id, idn), p += idn;
    memcpy(p, B, sizeof B - 1), p += sizeof B - 1;
    memcpy(p, result, result_len), p += result_len;
    *p++ = '}', *p++ = '}', *p = 0;
    assert((size_t)(p - s) == n);
    *len = n;
    return s;
}
