/* A small in-memory world behind rs_host for interpreter tests and the
 * interpreter fuzzer: fixed-capacity tables of accounts, storage slots and
 * transient slots, EIP-2929 access sets, and logs counted. Nested calls run
 * the callee's code with rs_evm_execute and undo nothing (the tests that use
 * them only look at gas and return data). */
#ifndef RESTAKE_TEST_EVM_MOCK_HOST_H
#define RESTAKE_TEST_EVM_MOCK_HOST_H

#include <stdbool.h>
#include <string.h>

#include "restake/evm.h"
#include "restake/keccak.h"

#define MOCK_ACCOUNTS 16
#ifndef MOCK_SLOTS
#define MOCK_SLOTS 1024 /* a power of two: open addressing */
#endif
#define MOCK_WARM 256

typedef struct {
    rs_addr a;
    u256 balance;
    const uint8_t *code;
    size_t code_len;
    bool used;
} mock_account;

typedef struct {
    rs_addr a;
    u256 key, original, current;
    bool used, warm;
} mock_slot;

/* Open-addressed slots plus the list of occupied indices (a new transaction
 * visits only those). */
typedef struct {
    mock_slot s[MOCK_SLOTS];
    uint32_t used_idx[MOCK_SLOTS];
    size_t nused;
} mock_slots;

typedef struct {
    rs_host host;
    mock_account acc[MOCK_ACCOUNTS];
    mock_slots slots;
    mock_slots tslots;
    rs_addr warm_acc[MOCK_WARM];
    size_t nwarm_acc;
    rs_tx_context tx;
    size_t nlogs;
    size_t log_bytes;
    rs_msg last_call;
    size_t ncalls;
    size_t nselfdestructs;
    /* Frames deeper than this fail like the 1,025th: a caller on a small C
     * stack (the sanitized fuzzer's main thread) keeps recursion shallow. */
    uint32_t depth_max;
} mock_host;

static inline mock_account *mock_find(mock_host *m, rs_addr a, bool create) {
    for (int i = 0; i < MOCK_ACCOUNTS; i++)
        if (m->acc[i].used && rs_addr_eq(m->acc[i].a, a)) return &m->acc[i];
    if (!create) return NULL;
    for (int i = 0; i < MOCK_ACCOUNTS; i++)
        if (!m->acc[i].used) {
            memset(&m->acc[i], 0, sizeof m->acc[i]);
            m->acc[i].used = true;
            m->acc[i].a = a;
            return &m->acc[i];
        }
    return NULL;
}

static size_t mock_slot_hash(rs_addr a, u256 key) {
    uint64_t x = key.w[0] * 0x9e3779b97f4a7c15ULL ^ key.w[1] ^ key.w[2] * 31 ^ key.w[3] * 131;
    for (int i = 0; i < 20; i++) x = (x ^ a.b[i]) * 0x100000001b3ULL;
    return (size_t)(x ^ (x >> 29)) & (MOCK_SLOTS - 1);
}

/* NULL when absent and not created, or when the table is full. */
static mock_slot *mock_slot_find(mock_slots *tab, rs_addr a, u256 key, bool create) {
    mock_slot *t = tab->s;
    size_t i = mock_slot_hash(a, key);
    for (size_t probes = 0; probes < MOCK_SLOTS; probes++, i = (i + 1) & (MOCK_SLOTS - 1)) {
        if (!t[i].used) {
            if (!create) return NULL;
            memset(&t[i], 0, sizeof t[i]);
            t[i].used = true;
            t[i].a = a;
            t[i].key = key;
            tab->used_idx[tab->nused++] = (uint32_t)i;
            return &t[i];
        }
        if (rs_addr_eq(t[i].a, a) && u256_eq(t[i].key, key)) return &t[i];
    }
    return NULL;
}

static bool mock_exists(rs_host *h, rs_addr a) {
    mock_account *x = mock_find((mock_host *)h, a, false);
    return x && (x->code_len || !u256_is_zero(x->balance));
}
static u256 mock_get_storage(rs_host *h, rs_addr a, u256 k) {
    mock_slot *s = mock_slot_find(&((mock_host *)h)->slots, a, k, false);
    return s ? s->current : U256_ZERO;
}
static rs_storage_status mock_set_storage(rs_host *h, rs_addr a, u256 k, u256 v) {
    mock_slot *s = mock_slot_find(&((mock_host *)h)->slots, a, k, true);
    if (!s) return RS_STORAGE_ASSIGNED;
    u256 o = s->original, c = s->current;
    s->current = v;
    if (u256_eq(c, v)) return RS_STORAGE_ASSIGNED;
    if (u256_eq(o, c)) {
        if (u256_is_zero(o)) return RS_STORAGE_ADDED;
        return u256_is_zero(v) ? RS_STORAGE_DELETED : RS_STORAGE_MODIFIED;
    }
    if (!u256_is_zero(o) && u256_is_zero(c)) return u256_eq(o, v) ? RS_STORAGE_DELETED_RESTORED : RS_STORAGE_DELETED_ADDED;
    if (!u256_is_zero(o) && u256_is_zero(v)) return RS_STORAGE_MODIFIED_DELETED;
    if (u256_is_zero(o) && u256_is_zero(v)) return RS_STORAGE_ADDED_DELETED;
    if (u256_eq(o, v)) return RS_STORAGE_MODIFIED_RESTORED;
    return RS_STORAGE_ASSIGNED;
}
static u256 mock_get_tstorage(rs_host *h, rs_addr a, u256 k) {
    mock_slot *s = mock_slot_find(&((mock_host *)h)->tslots, a, k, false);
    return s ? s->current : U256_ZERO;
}
static void mock_set_tstorage(rs_host *h, rs_addr a, u256 k, u256 v) {
    mock_slot *s = mock_slot_find(&((mock_host *)h)->tslots, a, k, true);
    if (s) s->current = v;
}
static u256 mock_balance(rs_host *h, rs_addr a) {
    mock_account *x = mock_find((mock_host *)h, a, false);
    return x ? x->balance : U256_ZERO;
}
static size_t mock_code_size(rs_host *h, rs_addr a) {
    mock_account *x = mock_find((mock_host *)h, a, false);
    return x ? x->code_len : 0;
}
static rs_b32 mock_code_hash(rs_host *h, rs_addr a) {
    mock_account *x = mock_find((mock_host *)h, a, false);
    if (!x) return RS_B32_ZERO;
    return rs_keccak(x->code, x->code_len);
}
static size_t mock_copy_code(rs_host *h, rs_addr a, size_t off, uint8_t *out, size_t len) {
    mock_account *x = mock_find((mock_host *)h, a, false);
    if (!x || off >= x->code_len) return 0;
    size_t n = x->code_len - off < len ? x->code_len - off : len;
    memcpy(out, x->code + off, n);
    return n;
}
static bool mock_selfdestruct(rs_host *h, rs_addr a, rs_addr b) {
    mock_host *m = (mock_host *)h;
    mock_account *x = mock_find(m, a, false), *y = mock_find(m, b, true);
    if (x && y && x != y) {
        y->balance = u256_add_wrap(y->balance, x->balance);
        x->balance = U256_ZERO;
    }
    m->nselfdestructs++;
    return m->nselfdestructs == 1;
}
static rs_evm_result mock_call(rs_host *h, const rs_msg *msg, rs_buf *out) {
    mock_host *m = (mock_host *)h;
    m->last_call = *msg;
    m->ncalls++;
    rs_evm_result r = {.status = RS_EVM_SUCCESS, .gas_left = msg->gas};
    rs_buf_reset(out);
    if (msg->depth > m->depth_max) {
        r.status = RS_EVM_CALL_DEPTH_EXCEEDED;
        return r;
    }
    if (msg->kind == RS_MSG_CREATE || msg->kind == RS_MSG_CREATE2) {
        rs_msg cm = *msg;
        cm.recipient = (rs_addr){{0xc0, (uint8_t)m->ncalls}};
        rs_evm_result cr = rs_evm_execute(h, &cm, msg->input, msg->input_len, NULL, out);
        cr.create_address = cm.recipient;
        if (cr.status == RS_EVM_SUCCESS) rs_buf_reset(out);
        return cr;
    }
    mock_account *x = mock_find(m, msg->code_address, false);
    if (!x || !x->code_len) return r;
    rs_b32 hash = rs_keccak(x->code, x->code_len);
    return rs_evm_execute(h, msg, x->code, x->code_len, &hash, out);
}
static const rs_tx_context *mock_tx(rs_host *h) { return &((mock_host *)h)->tx; }
static rs_b32 mock_block_hash(rs_host *h, uint64_t n) {
    (void)h;
    rs_b32 r = RS_B32_ZERO;
    r.b[31] = (uint8_t)n;
    r.b[0] = 0xbb;
    return r;
}
static void mock_log(rs_host *h, rs_addr a, const uint8_t *d, size_t len, const rs_b32 *t, size_t nt) {
    (void)a, (void)d, (void)t, (void)nt;
    ((mock_host *)h)->nlogs++;
    ((mock_host *)h)->log_bytes += len;
}
static rs_access_status mock_access_account(rs_host *h, rs_addr a) {
    mock_host *m = (mock_host *)h;
    for (size_t i = 0; i < m->nwarm_acc; i++)
        if (rs_addr_eq(m->warm_acc[i], a)) return RS_ACCESS_WARM;
    if (m->nwarm_acc < MOCK_WARM) m->warm_acc[m->nwarm_acc++] = a;
    return RS_ACCESS_COLD;
}
static rs_access_status mock_access_storage(rs_host *h, rs_addr a, u256 k) {
    mock_slot *s = mock_slot_find(&((mock_host *)h)->slots, a, k, true);
    if (!s || s->warm) return RS_ACCESS_WARM;
    s->warm = true;
    return RS_ACCESS_COLD;
}

/* Starts a new transaction over the same state: access sets and transient
 * storage cleared, current values become the originals. */
static inline void mock_new_tx(mock_host *m) {
    m->nwarm_acc = 0;
    for (size_t k = 0; k < m->slots.nused; k++) {
        mock_slot *x = &m->slots.s[m->slots.used_idx[k]];
        x->warm = false;
        x->original = x->current;
    }
    for (size_t k = 0; k < m->tslots.nused; k++) m->tslots.s[m->tslots.used_idx[k]].used = false;
    m->tslots.nused = 0;
}

static inline void mock_init(mock_host *m) {
    memset(m, 0, sizeof *m);
    m->host = (rs_host){mock_exists, mock_get_storage, mock_set_storage, mock_get_tstorage, mock_set_tstorage,
                        mock_balance, mock_code_size, mock_code_hash, mock_copy_code, mock_selfdestruct,
                        mock_call, mock_tx, mock_block_hash, mock_log, mock_access_account,
                        mock_access_storage, NULL};
    m->depth_max = RS_CALL_DEPTH_MAX;
    m->tx.number = 1000;
    m->tx.timestamp = 1700000000;
    m->tx.gas_limit = 30000000;
    m->tx.chain_id = u256_from_u64(1);
    m->tx.base_fee = u256_from_u64(7);
    m->tx.blob_base_fee = u256_from_u64(1);
}

#endif
