/* txpool_status / txpool_content / txpool_inspect and anvil_dropTransaction
 * over the node's pool, in geth's and anvil's shapes: transactions grouped
 * by sender (lower-case address) then by decimal nonce. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "rpc/rpc.h"
#include "rpc/rpc_extra.h"
#include "rpc/rpc_json.h"

static json_t *entry_json(const rs_node *n, const rs_pool_entry *e) {
    rs_buf raw;
    rs_buf_init(&raw);
    rs_tx_encode(&e->tx, &raw);
    rs_stored_tx t = {.hash = e->tx.hash, .from = e->tx.from, .is_unsigned = e->is_unsigned, .raw = raw.p,
                      .raw_len = raw.len};
    json_t *o = rj_tx(&t, NULL, n->chain_id);
    rs_buf_free(&raw);
    return o;
}

/* Lower-case 0x-hex of an address, as geth and anvil key the pool by it. */
static void lower_addr(rs_addr a, char out[43]) {
    json_t *j = rj_addr(a);
    snprintf(out, 43, "%s", json_string_value(j));
    json_decref(j);
    for (char *c = out; *c; c++) *c = (char)tolower((unsigned char)*c);
}

/* "to: value wei + gas gas × price wei", as geth and anvil print it. */
static json_t *entry_summary(const rs_pool_entry *e) {
    char to[43] = "contract creation", value[80], price[80];
    if (e->tx.has_to) lower_addr(e->tx.to, to);
    u256_to_dec(e->tx.value, value);
    u256_to_dec(e->tx.type == RS_TX_DYNAMIC_FEE ? e->tx.max_fee : e->tx.gas_price, price);
    char s[300];
    snprintf(s, sizeof s, "%s: %s wei + %llu gas \xc3\x97 %s wei", to, value, (unsigned long long)e->tx.gas_limit,
             price);
    return json_string(s);
}

static json_t *group(json_t *top, const rs_pool_entry *e) {
    char a[43];
    lower_addr(e->tx.from, a);
    json_t *by = json_object_get(top, a);
    if (!by) {
        by = json_object();
        json_object_set_new(top, a, by);
    }
    return by;
}

/* mode 0: counts; 1: full transactions; 2: one-line summaries */
static int listing(rs_node *n, int mode, json_t **result) {
    json_t *pending = json_object(), *queued = json_object();
    uint64_t np = 0, nq = 0;
    pthread_mutex_lock(&n->lock);
    for (size_t i = 0; i < n->pool.n; i++) {
        const rs_pool_entry *e = &n->pool.items[i];
        bool is_pending = rs_txpool_is_pending(&n->pool, n->st, i);
        is_pending ? np++ : nq++;
        if (mode == 0) continue;
        char key[24];
        snprintf(key, sizeof key, "%llu", (unsigned long long)e->tx.nonce);
        json_object_set_new(group(is_pending ? pending : queued, e), key,
                            mode == 1 ? entry_json(n, e) : entry_summary(e));
    }
    pthread_mutex_unlock(&n->lock);
    if (mode == 0) {
        json_decref(pending);
        json_decref(queued);
        *result = json_pack("{soso}", "pending", rj_u64(np), "queued", rj_u64(nq));
    } else {
        *result = json_pack("{soso}", "pending", pending, "queued", queued);
    }
    return 0;
}

int rs_rpc_txpool_status(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)p, (void)msg, (void)cap;
    return listing(n, 0, result);
}

int rs_rpc_txpool_content(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)p, (void)msg, (void)cap;
    return listing(n, 1, result);
}

int rs_rpc_txpool_inspect(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)p, (void)msg, (void)cap;
    return listing(n, 2, result);
}

/* Result: the hash when a pool transaction was dropped, else null (anvil). */
int rs_rpc_drop_transaction(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    rs_b32 h;
    if (!rj_get_b32(json_array_get(p, 0), &h)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: transaction hash");
    pthread_mutex_lock(&n->lock);
    long i = rs_txpool_find_hash(&n->pool, h);
    if (i >= 0) rs_txpool_remove(&n->pool, (size_t)i, NULL, NULL);
    pthread_mutex_unlock(&n->lock);
    *result = i >= 0 ? rj_b32(h) : json_null();
    return 0;
}

int rs_rpc_drop_all_transactions(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)p, (void)msg, (void)cap;
    pthread_mutex_lock(&n->lock);
    rs_txpool_free(&n->pool);
    pthread_mutex_unlock(&n->lock);
    *result = json_null();
    return 0;
}

json_t *rs_rpc_pool_tx(rs_node *n, rs_b32 hash) {
    pthread_mutex_lock(&n->lock);
    long i = rs_txpool_find_hash(&n->pool, hash);
    json_t *o = i >= 0 ? entry_json(n, &n->pool.items[i]) : NULL;
    pthread_mutex_unlock(&n->lock);
    return o;
}
