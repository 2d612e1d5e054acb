/* The host interface over the world: what the interpreter may read and
 * change, with the EIP-2200 storage statuses, EIP-2929 access lists,
 * EIP-1153 transient storage and EIP-6780 SELFDESTRUCT. Frames (host->call)
 * are in world_call.c. */
#include "router/world_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "restake/keccak.h"
#include "restake/precompiles.h"

static bool host_account_exists(rs_host *h, rs_addr a) {
    rs_world *w = world_of(h);
    return rs_world_exists(w, a) && !rs_world_is_empty(w, a);
}

static u256 host_get_storage(rs_host *h, rs_addr a, u256 key) { return rs_world_storage(world_of(h), a, key); }

/* The slot's value at the start of the transaction: recorded on the first
 * write, when the current value still is the original. A reverted first
 * write loses the record and restores the value, so recording again later
 * reads the same original. */
static u256 original_value(rs_world *w, rs_addr a, u256 key, u256 current) {
    rs_key seen = world_slot_key(NS_EVM_ORIGINAL_SEEN, a, key);
    rs_key orig = world_slot_key(NS_EVM_ORIGINAL, a, key);
    if (rs_sload_bool(w->st, &seen)) return rs_sload(w->st, &orig);
    world_tx_set(w, &seen, U256_ONE);
    world_tx_set(w, &orig, current);
    return current;
}

static rs_storage_status storage_status(u256 original, u256 current, u256 value) {
    bool dirty = !u256_eq(original, current);
    bool restored = u256_eq(original, value);
    bool current_zero = u256_is_zero(current), value_zero = u256_is_zero(value);
    if (!dirty && !restored) {
        if (current_zero) return RS_STORAGE_ADDED;
        return value_zero ? RS_STORAGE_DELETED : RS_STORAGE_MODIFIED;
    }
    if (dirty && !restored) {
        if (current_zero && !value_zero) return RS_STORAGE_DELETED_ADDED;
        if (!current_zero && value_zero) return RS_STORAGE_MODIFIED_DELETED;
        return RS_STORAGE_ASSIGNED;
    }
    if (dirty && restored) {
        if (current_zero) return RS_STORAGE_DELETED_RESTORED;
        return value_zero ? RS_STORAGE_ADDED_DELETED : RS_STORAGE_MODIFIED_RESTORED;
    }
    return RS_STORAGE_ASSIGNED;
}

static rs_storage_status host_set_storage(rs_host *h, rs_addr a, u256 key, u256 value) {
    rs_world *w = world_of(h);
    u256 current = rs_world_storage(w, a, key);
    u256 original = original_value(w, a, key, current);
    rs_storage_status s = storage_status(original, current, value);
    if (!u256_eq(current, value)) rs_world_set_storage(w, a, key, value);
    return s;
}

static u256 host_get_transient(rs_host *h, rs_addr a, u256 key) {
    rs_key k = world_slot_key(NS_EVM_TRANSIENT, a, key);
    return rs_sload(world_of(h)->st, &k);
}

static void host_set_transient(rs_host *h, rs_addr a, u256 key, u256 value) {
    rs_key k = world_slot_key(NS_EVM_TRANSIENT, a, key);
    world_tx_set(world_of(h), &k, value);
}

static u256 host_get_balance(rs_host *h, rs_addr a) { return rs_world_balance(world_of(h), a); }

static size_t host_get_code_size(rs_host *h, rs_addr a) {
    size_t len;
    rs_world_code(world_of(h), a, &len, NULL);
    return len;
}

static rs_b32 host_get_code_hash(rs_host *h, rs_addr a) {
    rs_world *w = world_of(h);
    if (!rs_world_exists(w, a) || rs_world_is_empty(w, a)) return RS_B32_ZERO;
    size_t len;
    rs_b32 hash;
    rs_world_code(w, a, &len, &hash);
    return hash;
}

static size_t host_copy_code(rs_host *h, rs_addr a, size_t offset, uint8_t *out, size_t len) {
    size_t n;
    const uint8_t *code = rs_world_code(world_of(h), a, &n, NULL);
    if (offset >= n) return 0;
    size_t k = n - offset < len ? n - offset : len;
    memcpy(out, code + offset, k);
    return k;
}

static bool host_selfdestruct(rs_host *h, rs_addr a, rs_addr beneficiary) {
    rs_world *w = world_of(h);
    u256 balance = rs_world_balance(w, a);
    rs_world_touch(w, beneficiary);
    bool created = world_flag(w, NS_EVM_CREATED, a);
    if (!rs_addr_eq(a, beneficiary)) {
        rs_world_set_balance(w, beneficiary, u256_add_wrap(rs_world_balance(w, beneficiary), balance));
        rs_world_set_balance(w, a, U256_ZERO);
    } else if (created) {
        /* A contract destroyed in its creating transaction burns what it
         * sends to itself. */
        rs_world_set_balance(w, a, U256_ZERO);
    } else {
        /* Beneficiary is itself: the balance stays; the account is still
         * touched (a zero-balance credit). */
        rs_world_set_balance(w, a, balance);
    }
    if (!created || world_flag(w, NS_EVM_DESTRUCTED, a)) return false;
    rs_key k = world_addr_key(NS_EVM_DESTRUCTED, a);
    world_tx_set(w, &k, U256_ONE);
    return true;
}

static const rs_tx_context *host_get_tx_context(rs_host *h) { return &world_of(h)->tx; }

static rs_b32 host_get_block_hash(rs_host *h, uint64_t number) {
    rs_world *w = world_of(h);
    uint64_t cur = w->tx.number;
    if (number >= cur || cur - number > 256) return RS_B32_ZERO;
    if (w->env) return w->env->block_hash ? w->env->block_hash(w->env->block_hash_ctx, number) : RS_B32_ZERO;
    if (!w->block_hash) return RS_B32_ZERO;
    return w->block_hash(w->block_hash_ctx, number);
}

static void host_emit_log(rs_host *h, rs_addr a, const uint8_t *data, size_t len, const rs_b32 *topics,
                          size_t ntopics) {
    rs_world *w = world_of(h);
    assert(ntopics <= RS_EVM_LOG_TOPICS_MAX);
    if (w->env) {
        rs_emit_raw(w->env, a, topics, (unsigned)ntopics, data, len);
        return;
    }
    if (w->nlogs == w->logs_cap) {
        w->logs_cap = w->logs_cap ? 2 * w->logs_cap : 16;
        rs_evm_log *l = realloc(w->logs, w->logs_cap * sizeof *l);
        if (!l) {
            fprintf(stderr, "restake: out of memory (logs)\n");
            abort();
        }
        w->logs = l;
    }
    rs_evm_log *l = &w->logs[w->nlogs++];
    l->addr = a;
    l->ntopics = ntopics;
    for (size_t i = 0; i < ntopics; i++) l->topics[i] = topics[i];
    l->data = rs_xcalloc(len ? len : 1, 1);
    if (len) memcpy(l->data, data, len);
    l->len = len;
}

rs_access_status world_access_account(rs_host *h, rs_addr a) {
    rs_world *w = world_of(h);
    if (rs_precompile_is(a)) return RS_ACCESS_WARM;
    rs_key k = world_addr_key(NS_EVM_WARM_ADDR, a);
    if (rs_sload_bool(w->st, &k)) return RS_ACCESS_WARM;
    world_tx_set(w, &k, U256_ONE);
    return RS_ACCESS_COLD;
}

static rs_access_status host_access_storage(rs_host *h, rs_addr a, u256 key) {
    rs_world *w = world_of(h);
    rs_key k = world_slot_key(NS_EVM_WARM_SLOT, a, key);
    if (rs_sload_bool(w->st, &k)) return RS_ACCESS_WARM;
    world_tx_set(w, &k, U256_ONE);
    return RS_ACCESS_COLD;
}

void world_host_init(rs_host *h) {
    h->account_exists = host_account_exists;
    h->get_storage = host_get_storage;
    h->set_storage = host_set_storage;
    h->get_transient_storage = host_get_transient;
    h->set_transient_storage = host_set_transient;
    h->get_balance = host_get_balance;
    h->get_code_size = host_get_code_size;
    h->get_code_hash = host_get_code_hash;
    h->copy_code = host_copy_code;
    h->selfdestruct = host_selfdestruct;
    h->call = world_call;
    h->get_tx_context = host_get_tx_context;
    h->get_block_hash = host_get_block_hash;
    h->emit_log = host_emit_log;
    h->access_account = world_access_account;
    h->access_storage = host_access_storage;
}
