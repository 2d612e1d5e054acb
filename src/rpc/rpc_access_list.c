/* JSON <-> RLP access lists. */
#include "rpc/rpc_access_list.h"

#include <assert.h>
#include <string.h>

#include "restake/limits.h"
#include "restake/rlp.h"
#include "rpc/rpc_json.h"

uint64_t rs_rpc_access_list_gas(size_t addrs, size_t keys) { return 2400 * (uint64_t)addrs + 1900 * (uint64_t)keys; }

bool rs_rpc_access_list_parse(const json_t *v, rs_buf *rlp, size_t *addrs, size_t *keys) {
    *addrs = *keys = 0;
    if (!v || json_is_null(v)) {
        rlp_put_list(rlp, NULL, 0);
        return true;
    }
    if (!json_is_array(v) || json_array_size(v) > RS_RPC_ACCESS_LIST_MAX) return false;
    rs_buf all;
    rs_buf_init(&all);
    bool ok = true;
    size_t total = 0;
    for (size_t i = 0; ok && i < json_array_size(v); i++) {
        const json_t *e = json_array_get(v, i);
        const json_t *ks = json_object_get(e, "storageKeys");
        rs_addr a;
        ok = json_is_object(e) && rj_get_addr(json_object_get(e, "address"), &a) && (!ks || json_is_array(ks));
        size_t nk = ok && ks ? json_array_size(ks) : 0;
        total += 1 + nk;
        ok = ok && total <= RS_RPC_ACCESS_LIST_MAX;
        rs_buf entry, kl;
        rs_buf_init(&entry);
        rs_buf_init(&kl);
        for (size_t k = 0; ok && k < nk; k++) {
            rs_b32 key;
            ok = rj_get_b32(json_array_get(ks, k), &key);
            if (ok) rlp_put_bytes(&kl, key.b, 32);
        }
        if (ok) {
            rlp_put_bytes(&entry, a.b, 20);
            rlp_put_list(&entry, kl.p, kl.len);
            rlp_put_list(&all, entry.p, entry.len);
            *addrs += 1;
            *keys += nk;
        }
        rs_buf_free(&entry);
        rs_buf_free(&kl);
    }
    if (ok) rlp_put_list(rlp, all.p, all.len);
    rs_buf_free(&all);
    if (!ok) *addrs = *keys = 0;
    return ok;
}

json_t *rs_rpc_access_list_json(const uint8_t *rlp, size_t len) {
    json_t *out = json_array();
    if (!rlp || len == 0) return out;
    rs_arena a;
    rs_arena_init(&a, 0);
    rlp_item it;
    bool ok = rlp_decode(&a, rlp, len, &it) == RLP_OK && it.is_list;
    for (size_t i = 0; ok && i < it.n; i++) {
        const rlp_item *e = &it.items[i];
        ok = e->is_list && e->n == 2 && !e->items[0].is_list && e->items[0].len == 20 && e->items[1].is_list;
        if (!ok) break;
        rs_addr ad;
        memcpy(ad.b, e->items[0].ptr, 20);
        json_t *keys = json_array();
        for (size_t k = 0; ok && k < e->items[1].n; k++) {
            const rlp_item *ki = &e->items[1].items[k];
            ok = !ki->is_list && ki->len == 32;
            rs_b32 key;
            if (ok) memcpy(key.b, ki->ptr, 32), json_array_append_new(keys, rj_b32(key));
        }
        json_array_append_new(out, json_pack("{soso}", "address", rj_addr(ad), "storageKeys", keys));
    }
    rs_arena_free(&a);
    if (!ok) {
        json_decref(out);
        return NULL;
    }
    assert(json_is_array(out));
    return out;
}
