/* The world's Ethereum commitments: the state root (secure trie of accounts,
 * each with the secure trie of its storage) and the logs hash. */
#include "router/world_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/keccak.h"
#include "restake/mpt.h"
#include "restake/rlp.h"

typedef struct {
    rs_addr addr;
    u256 slot, value;
} slot_entry;

typedef struct {
    rs_addr *accounts;
    size_t naccounts, accounts_cap;
    slot_entry *slots;
    size_t nslots, slots_cap;
} world_scan;

static void *grow(void *p, size_t *cap, size_t elem) {
    *cap = *cap ? 2 * *cap : 64;
    void *q = realloc(p, *cap * elem);
    if (!q) {
        fprintf(stderr, "restake: out of memory (state root)\n");
        abort();
    }
    return q;
}

static int scan_entry(void *ctx, const rs_key *k, u256 v) {
    world_scan *s = ctx;
    uint16_t ns = (uint16_t)(k->b[0] << 8 | k->b[1]);
    if (ns == NS_EVM_EXISTS && k->len == 22) {
        if (s->naccounts == s->accounts_cap) s->accounts = grow(s->accounts, &s->accounts_cap, sizeof(rs_addr));
        memcpy(s->accounts[s->naccounts++].b, k->b + 2, 20);
    } else if (ns == NS_EVM_STORAGE && k->len == 54) {
        if (s->nslots == s->slots_cap) s->slots = grow(s->slots, &s->slots_cap, sizeof(slot_entry));
        slot_entry *e = &s->slots[s->nslots++];
        memcpy(e->addr.b, k->b + 2, 20);
        e->slot = u256_from_be(k->b + 22);
        e->value = v;
    }
    return 0;
}

static int slot_cmp(const void *pa, const void *pb) {
    const slot_entry *a = pa, *b = pb;
    return rs_addr_cmp(a->addr, b->addr);
}

static int addr_cmp(const void *pa, const void *pb) { return rs_addr_cmp(*(const rs_addr *)pa, *(const rs_addr *)pb); }

/* Storage root of the n slots (all of one account). */
static rs_b32 storage_root(const slot_entry *slots, size_t n) {
    if (n == 0) return rs_mpt_empty_root();
    rs_mpt_item *items = rs_xcalloc(n, sizeof *items);
    uint8_t(*keys)[32] = rs_xcalloc(n, 32);
    uint8_t(*vals)[33] = rs_xcalloc(n, 33);
    for (size_t i = 0; i < n; i++) {
        uint8_t be[32];
        u256_to_be(slots[i].slot, be);
        rs_keccak256(be, 32, keys[i]);
        rs_buf v;
        rs_buf_init(&v);
        rlp_put_u256(&v, slots[i].value);
        memcpy(vals[i], v.p, v.len);
        items[i] = (rs_mpt_item){keys[i], 32, vals[i], v.len};
        rs_buf_free(&v);
    }
    rs_b32 root = rs_mpt_root(items, n);
    free(items);
    free(keys);
    free(vals);
    return root;
}

rs_b32 rs_world_state_root(rs_world *w) {
    world_scan s = {0};
    rs_state_foreach(w->st, scan_entry, &s);
    if (s.naccounts) qsort(s.accounts, s.naccounts, sizeof(rs_addr), addr_cmp);
    if (s.nslots) qsort(s.slots, s.nslots, sizeof(slot_entry), slot_cmp);

    rs_mpt_item *items = rs_xcalloc(s.naccounts, sizeof *items);
    uint8_t(*keys)[32] = rs_xcalloc(s.naccounts, 32);
    rs_buf *vals = rs_xcalloc(s.naccounts, sizeof *vals);
    size_t si = 0;
    for (size_t i = 0; i < s.naccounts; i++) {
        rs_addr a = s.accounts[i];
        while (si < s.nslots && rs_addr_cmp(s.slots[si].addr, a) < 0) si++;
        size_t sj = si;
        while (sj < s.nslots && rs_addr_eq(s.slots[sj].addr, a)) sj++;
        rs_b32 sroot = sj > si ? storage_root(s.slots + si, sj - si) : rs_mpt_empty_root();
        si = sj;
        size_t len;
        rs_b32 code_hash;
        rs_world_code(w, a, &len, &code_hash);
        rs_buf_init(&vals[i]);
        rs_mpt_account_rlp(&vals[i], rs_world_nonce(w, a), rs_world_balance(w, a), sroot, code_hash);
        rs_keccak256(a.b, 20, keys[i]);
        items[i] = (rs_mpt_item){keys[i], 32, vals[i].p, vals[i].len};
    }
    rs_b32 root = rs_mpt_root(items, s.naccounts);
    for (size_t i = 0; i < s.naccounts; i++) rs_buf_free(&vals[i]);
    free(vals);
    free(keys);
    free(items);
    free(s.accounts);
    free(s.slots);
    return root;
}

rs_b32 rs_logs_hash(const rs_evm_log *logs, size_t n) {
    rs_buf all, one, topics, tmp;
    rs_buf_init(&all);
    rs_buf_init(&one);
    rs_buf_init(&topics);
    rs_buf_init(&tmp);
    for (size_t i = 0; i < n; i++) {
        rs_buf_reset(&one);
        rs_buf_reset(&topics);
        rlp_put_bytes(&one, logs[i].addr.b, 20);
        for (size_t t = 0; t < logs[i].ntopics; t++) rlp_put_bytes(&topics, logs[i].topics[t].b, 32);
        rlp_put_list(&one, topics.p ? topics.p : (const uint8_t *)"", topics.len);
        rlp_put_bytes(&one, logs[i].len ? logs[i].data : (const uint8_t *)"", logs[i].len);
        rlp_put_list(&all, one.p, one.len);
    }
    rlp_put_list(&tmp, all.p ? all.p : (const uint8_t *)"", all.len);
    rs_b32 h = rs_keccak(tmp.p, tmp.len);
    rs_buf_free(&all);
    rs_buf_free(&one);
    rs_buf_free(&topics);
    rs_buf_free(&tmp);
    return h;
}
