/* The transaction pool: a flat array, at most RS_TXPOOL_MAX entries. */
#include "node/txpool.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "restake/accounts.h"
#include "restake/limits.h"

void rs_txpool_free(rs_txpool *p) {
    for (size_t i = 0; i < p->n; i++) rs_tx_free(&p->items[i].tx);
    free(p->items);
    memset(p, 0, sizeof *p);
}

long rs_txpool_find(const rs_txpool *p, rs_addr from, uint64_t nonce) {
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].tx.nonce == nonce && rs_addr_eq(p->items[i].tx.from, from)) return (long)i;
    return -1;
}

long rs_txpool_find_hash(const rs_txpool *p, rs_b32 hash) {
    for (size_t i = 0; i < p->n; i++)
        if (rs_b32_eq(p->items[i].tx.hash, hash)) return (long)i;
    return -1;
}

static u256 fee_cap(const rs_tx *tx) { return tx->type == RS_TX_DYNAMIC_FEE ? tx->max_fee : tx->gas_price; }
static u256 tip_cap(const rs_tx *tx) { return tx->type == RS_TX_DYNAMIC_FEE ? tx->max_priority_fee : tx->gas_price; }

/* A replacement pays more per gas on both the cap and the tip. */
static bool outbids(const rs_tx *neu, const rs_tx *old) {
    return u256_gt(fee_cap(neu), fee_cap(old)) && !u256_lt(tip_cap(neu), tip_cap(old));
}

static size_t count_from(const rs_txpool *p, rs_addr from) {
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++) k += rs_addr_eq(p->items[i].tx.from, from);
    return k;
}

rs_pool_add_status rs_txpool_add(rs_txpool *p, rs_tx *tx, bool is_unsigned) {
    long at = rs_txpool_find(p, tx->from, tx->nonce);
    if (at >= 0) {
        rs_pool_entry *e = &p->items[at];
        if (!outbids(tx, &e->tx)) return RS_POOL_UNDERPRICED;
        rs_tx_free(&e->tx);
        e->tx = *tx;
        e->is_unsigned = is_unsigned;
        e->seq = p->next_seq++;
        rs_tx_init(tx);
        return RS_POOL_REPLACED;
    }
    if (p->n >= RS_TXPOOL_MAX || count_from(p, tx->from) >= RS_TXPOOL_PER_SENDER_MAX) return RS_POOL_FULL;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->items = realloc(p->items, p->cap * sizeof *p->items);
        if (!p->items) abort();
    }
    p->items[p->n++] = (rs_pool_entry){.tx = *tx, .is_unsigned = is_unsigned, .seq = p->next_seq++};
    rs_tx_init(tx);
    assert(p->n <= RS_TXPOOL_MAX);
    return RS_POOL_ADDED;
}

/* Keeps arrival order (the miner takes pending entries in it). */
void rs_txpool_remove(rs_txpool *p, size_t i, rs_tx *out, bool *is_unsigned) {
    assert(i < p->n);
    if (out)
        *out = p->items[i].tx;
    else
        rs_tx_free(&p->items[i].tx);
    if (is_unsigned) *is_unsigned = p->items[i].is_unsigned;
    memmove(&p->items[i], &p->items[i + 1], (p->n - i - 1) * sizeof *p->items);
    p->n--;
}

uint64_t rs_txpool_next_nonce(const rs_txpool *p, rs_addr from, uint64_t from_nonce) {
    uint64_t v = from_nonce;
    /* each step finds one more entry, so at most p->n steps */
    for (size_t steps = 0; steps <= p->n && rs_txpool_find(p, from, v) >= 0; steps++) v++;
    return v;
}

bool rs_txpool_is_pending(const rs_txpool *p, const rs_state *st, size_t i) {
    const rs_tx *tx = &p->items[i].tx;
    uint64_t base = rs_account_nonce(st, tx->from);
    return tx->nonce >= base && tx->nonce < rs_txpool_next_nonce(p, tx->from, base);
}

void rs_txpool_prune(rs_txpool *p, const rs_state *st) {
    for (size_t i = p->n; i-- > 0;)
        if (p->items[i].tx.nonce < rs_account_nonce(st, p->items[i].tx.from)) rs_txpool_remove(p, i, NULL, NULL);
}
