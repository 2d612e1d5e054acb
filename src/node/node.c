/* Node life cycle: genesis, recovery from the store (snapshot + replay with
 * every block's hash checked), reads, and the block builder the miner and
 * replay share. */
#include "node/node.h"
#include "node/trace.h"

#include <jansson.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chain/executor.h"
#include "chain/genesis_json.h"
#include "chain/mnemonic.h"
#include "devnet/beacon_sim.h"
#include "restake/contracts.h"
#include "restake/keccak.h"
#include "restake/router.h"

#define DEFAULT_SNAPSHOT_BLOCKS 20000
#define DEFAULT_SNAPSHOT_TXS 200000

static const char DEV_FUNDS_WEI[] = "10000000000000000000000"; /* 10000 ETH */

/* ---------- genesis ---------- */

/* Accepts a conformance vector (its `genesis` is used) or a bare genesis
 * object; returns its canonical JSON text (sorted keys, compact) so that the
 * same world always compares equal, however the file was formatted. */
static char *genesis_canonical(const char *json, size_t len, const char *name, char *err, size_t errlen) {
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        snprintf(err, errlen, "%s:%d:%d: invalid JSON: %s", name, je.line, je.column, je.text);
        return NULL;
    }
    json_t *g = json_is_object(root) ? json_object_get(root, "genesis") : NULL;
    if (!g) g = root;
    if (!json_is_object(g)) {
        snprintf(err, errlen, "%s: no genesis object", name);
        json_decref(root);
        return NULL;
    }
    char *text = json_dumps(g, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(root);
    if (!text) snprintf(err, errlen, "%s: out of memory", name);
    return text;
}

/* A conformance vector's world is replayed as recorded: no beacon chain of ours. */
static bool is_conformance_vector(const char *json, size_t len) {
    json_t *root = json_loadb(json, len, 0, NULL);
    const char *format = json_string_value(json_object_get(root, "format"));
    bool v = json_is_object(root) && (json_object_get(root, "steps") ||
                                      (format && !strncmp(format, "restake-conformance", 19)));
    json_decref(root);
    return v;
}

/* Fixed when the database is created, so replays rebuild the same genesis. */
static bool choose_beacon_sim(rs_node *n, const rs_node_config *cfg, bool fresh) {
    if (fresh)
        return cfg->beacon_sim && !(cfg->genesis_json && is_conformance_vector(cfg->genesis_json, cfg->genesis_len));
    rs_buf v;
    rs_buf_init(&v);
    bool on = rs_store_meta_get(n->store, "beacon_sim", &v) == 1 && v.len == 1 && v.p[0] == '1';
    rs_buf_free(&v);
    return on;
}

static bool genesis_parse(const char *canon, const char *name, rs_genesis *out, char *err, size_t errlen) {
    return rs_genesis_parse(canon, strlen(canon), name, out, err, errlen) == 0;
}

static void genesis_state(rs_node *n) {
    rs_genesis g = n->genesis;
    g.params = n->params;
    n->st = rs_state_new();
    rs_genesis_apply(n->st, &g);
    if (n->beacon_sim) beacon_sim_enable(n->st, n->genesis.timestamp);
    u256 funds;
    rs_cannot_fail(u256_from_dec(&funds, DEV_FUNDS_WEI, strlen(DEV_FUNDS_WEI)));
    if (n->dev_balance_eth) funds = u256_mul_wrap(u256_from_u64(n->dev_balance_eth), u256_from_u64(1000000000000000000ull));
    for (uint32_t i = 0; i < n->ndev; i++)
        if (u256_is_zero(rs_eth_balance(n->st, n->dev_addrs[i]))) rs_eth_set_balance(n->st, n->dev_addrs[i], funds);
    rs_state_commit(n->st);
}

static void genesis_header(rs_node *n, rs_block_header *h) {
    memset(h, 0, sizeof *h);
    h->number = n->genesis.block;
    h->timestamp = n->genesis.timestamp;
    h->gas_limit = n->blk.gas_limit;
    h->base_fee = n->blk.base_fee;
    h->tx_root = rs_ordered_trie_root(NULL, NULL, 0);
    h->receipts_root = h->tx_root;
    h->state_root = rs_state_root(n->st);
    rs_block_seal(h);
}

/* ---------- block building (mining and replay) ---------- */

/* BLOCKHASH for EVM code: the stored block's hash. */
static rs_b32 node_block_hash(void *ctx, uint64_t number) {
    rs_node *n = ctx;
    rs_block_header h;
    return rs_store_get_block(n->store, number, &h) == 1 ? h.hash : RS_B32_ZERO;
}

/* An environment for block h over st: the block context EVM code sees. */
static void node_env_init(rs_node *n, rs_env *e, rs_state *st, const rs_block_header *h) {
    rs_env_init(e, st, &n->params);
    rs_router_attach(e);
    e->block_number = h->number;
    e->timestamp = h->timestamp;
    e->coinbase = h->coinbase;
    e->chain_id = n->chain_id;
    e->gas_limit = h->gas_limit ? h->gas_limit : RS_BLOCK_GAS_LIMIT;
    e->base_fee = u256_is_zero(h->base_fee) ? u256_from_u64(RS_BASE_FEE) : h->base_fee;
    e->block_hash = node_block_hash;
    e->block_hash_ctx = n;
}

void rs_block_items_free(rs_block_item *items, size_t k) {
    for (size_t i = 0; i < k; i++) rs_stored_tx_free(&items[i].row);
}

typedef struct {
    const uint8_t *const *vals;
    const size_t *lens;
    size_t n;
    rs_b32 root;
} trie_job;

static void *trie_root_job(void *arg) {
    trie_job *j = arg;
    j->root = rs_ordered_trie_root(j->vals, j->lens, j->n);
    return NULL;
}

/* Below this many transactions a thread costs more than it saves. */
enum { PARALLEL_TRIE_MIN = 512 };

void rs_node_build_block(rs_node *n, rs_block_item *items, size_t k, uint64_t ts, bool compute_root,
                         rs_block_header *h) {
    assert(k == 0 || items != NULL);
    assert(n->head.number < UINT64_MAX);
    memset(h, 0, sizeof *h);
    h->number = n->head.number + 1;
    h->parent_hash = n->head.hash;
    h->timestamp = ts;
    h->gas_limit = n->blk.gas_limit;
    h->base_fee = n->blk.base_fee;
    h->coinbase = n->blk.coinbase;
    rs_env e;
    node_env_init(n, &e, n->st, h);
    e.timestamp = ts;
    beacon_sim_on_block(n->st, &n->params, ts);
    /* trie values: each included tx's envelope and receipt encoding */
    const uint8_t **tv = malloc(sizeof *tv * (k ? k : 1)), **rv = malloc(sizeof *rv * (k ? k : 1));
    size_t *tl = malloc(sizeof *tl * (k ? k : 1)), *rl = malloc(sizeof *rl * (k ? k : 1));
    rs_buf *rbufs = calloc(k ? k : 1, sizeof *rbufs);
    if (!tv || !rv || !tl || !rl || !rbufs) abort();
    uint64_t cum = 0, nlogs = 0;
    for (size_t i = 0; i < k; i++) {
        rs_block_item *it = &items[i];
        rs_buf raw;
        rs_buf_init(&raw);
        rs_tx_encode(it->tx, &raw);
        if (it->is_unsigned) it->tx->hash = rs_tx_unsigned_hash(raw.p, raw.len, it->tx->from);
        rs_receipt r;
        e.tracer = n->trace ? rs_node_trace_begin(n->trace, h->ntx, it->tx->hash) : NULL;
        it->status = it->tx->gas_limit > h->gas_limit ? RS_EXEC_GAS_LIMIT
                                                      : rs_exec_apply(&e, it->tx, h->base_fee, cum, &r);
        e.tracer = NULL;
        if (it->status != RS_EXEC_OK) {
            rs_buf_free(&raw);
            continue;
        }
        if (n->trace) rs_node_trace_end(n->trace, h->ntx, it->tx, &r, nlogs);
        assert(r.cumulative_gas >= cum && r.cumulative_gas - cum == r.gas_used); /* gas only accumulates */
        cum = r.cumulative_gas;
        r.first_log_index = nlogs;
        nlogs += r.nlogs;
        rs_bloom_or(h->bloom, r.bloom);
        tv[h->ntx] = raw.p;
        tl[h->ntx] = raw.len;
        rs_receipt_consensus_encode(&r, &rbufs[h->ntx]);
        rv[h->ntx] = rbufs[h->ntx].p;
        rl[h->ntx] = rbufs[h->ntx].len;
        rs_buf rc;
        rs_buf_init(&rc);
        rs_receipt_encode(&r, &rc);
        it->row = (rs_stored_tx){.hash = it->tx->hash, .block = h->number, .idx = h->ntx, .from = it->tx->from,
                                 .is_unsigned = it->is_unsigned, .raw = raw.p, .raw_len = raw.len,
                                 .receipt = rc.p, .receipt_len = rc.len};
        h->ntx++;
        rs_receipt_free(&r);
    }
    assert(h->ntx <= k);
    h->gas_used = cum;
    /* the two tries and the state root are independent and keccak-bound:
     * with a block of thousands of transactions the receipts trie gets its
     * own thread, since every connection waits for this block's commit */
    trie_job rj = {rv, rl, h->ntx, RS_B32_ZERO};
    pthread_t rt;
    bool threaded = h->ntx >= PARALLEL_TRIE_MIN && pthread_create(&rt, NULL, trie_root_job, &rj) == 0;
    if (!threaded) trie_root_job(&rj);
    h->tx_root = rs_ordered_trie_root(tv, tl, h->ntx);
    if (compute_root) h->state_root = rs_state_root(n->st);
    if (threaded) pthread_join(rt, NULL);
    h->receipts_root = rj.root;
    rs_block_seal(h);
    assert(h->number == n->head.number + 1 && rs_b32_eq(h->parent_hash, n->head.hash));
    for (uint32_t i = 0; i < h->ntx; i++) rs_buf_free(&rbufs[i]);
    free(rbufs);
    free(tv);
    free(tl);
    free(rv);
    free(rl);
    rs_env_free(&e);
}

/* ---------- devnet operations (also replayed) ---------- */

static int apply_beacon_op(rs_node *n, int kind, const uint8_t *data, size_t len) {
    if (kind == RS_OP_BEACON_ROOT) {
        if (len != 40) return -1;
        rs_b32 root;
        memcpy(root.b, data + 8, 32);
        beacon_set_root(n->st, rs_be64_get(data), root);
        rs_state_commit(n->st);
        return 0;
    }
    if (len != 16 || !n->beacon_sim) return -1;
    uint64_t index = rs_be64_get(data), arg = rs_be64_get(data + 8);
    bool ok = kind == RS_OP_BEACON_SET_BALANCE ? beacon_sim_set_balance(n->st, index, arg)
              : kind == RS_OP_BEACON_SLASH     ? beacon_sim_slash(n->st, index, arg)
                                               : beacon_sim_exit(n->st, index);
    if (!ok) return -1;
    rs_state_commit(n->st);
    return 0;
}

int rs_node_apply_op(rs_node *n, int kind, const uint8_t *data, size_t len) {
    rs_addr a;
    if (kind >= RS_OP_BEACON_SET_BALANCE && kind <= RS_OP_BEACON_ROOT) return apply_beacon_op(n, kind, data, len);
    if (len < 20) return -1;
    memcpy(a.b, data, 20);
    if (kind == RS_OP_SET_BALANCE && len == 52) {
        rs_eth_set_balance(n->st, a, u256_from_be(data + 20));
    } else if (kind == RS_OP_SET_NONCE && len == 28) {
        rs_account_set_nonce(n->st, a, rs_be64_get(data + 20));
    } else if ((kind == RS_OP_SET_CODE && len - 20 <= RS_EVM_CODE_SIZE_MAX) || (kind == RS_OP_SET_STORAGE && len == 84)) {
        rs_code_kind k = rs_code_get(n->st, a);
        if (k != RS_CODE_NONE && k != RS_CODE_EVM) return -1; /* native code has no EVM code or slots */
        rs_world *w = rs_world_new(n->st);
        if (!w) abort();
        if (kind == RS_OP_SET_CODE)
            rs_world_set_code(w, a, data + 20, len - 20);
        else
            rs_world_set_storage(w, a, u256_from_be(data + 20), u256_from_be(data + 52));
        rs_world_free(w);
    } else {
        return -1;
    }
    rs_state_commit(n->st);
    return 0;
}

/* ---------- recovery ---------- */


static int apply_op_cb(void *vn, int64_t seq, int kind, const uint8_t *data, size_t len) {
    (void)seq;
    return rs_node_apply_op(vn, kind, data, len) != 0;
}

static bool replay_ops(rs_node *n, uint64_t after, char *err, size_t errlen) {
    if (rs_store_ops_after_block(n->store, after, apply_op_cb, n) != 0) {
        snprintf(err, errlen, "database: unreadable devnet operation after block %llu", (unsigned long long)after);
        return false;
    }
    return true;
}

/* Receipts are derived data: one that failed its checksum is written again
 * from the replay that just re-derived it (at start-up only: the miner is
 * not running yet, so the write cannot interleave with a batch). */
static void repair_receipts(rs_node *n, const rs_block_item *items, size_t k) {
    for (size_t i = 0; i < k; i++)
        if (items[i].row.receipt && rs_store_repair_receipt(n->store, &items[i].row) == 0)
            fprintf(stderr, "restake: receipt of block %llu tx %u was damaged; rebuilt by replay\n",
                    (unsigned long long)items[i].row.block, items[i].row.idx);
}

/* ---- a stored block's transactions, decoded ---- */

int rs_block_txs_collect(void *vctx, const rs_stored_tx *t) {
    rs_block_txs *c = vctx;
    if (c->k == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->items = realloc(c->items, c->cap * sizeof *c->items);
        c->txs = realloc(c->txs, c->cap * sizeof *c->txs);
        if (!c->items || !c->txs) abort();
    }
    assert(c->k < c->cap);
    rs_tx *tx = &c->txs[c->k];
    rs_tx_status st = t->is_unsigned ? rs_tx_decode_unsigned(t->raw, t->raw_len, t->from, tx)
                                     : rs_tx_decode(t->raw, t->raw_len, tx);
    if (st != RS_TX_OK) {
        c->bad = true;
        return 1;
    }
    tx->from = t->from; /* recovered when it was accepted; the row is trusted */
    c->damaged_receipt |= t->receipt_damaged;
    c->items[c->k] = (rs_block_item){.is_unsigned = t->is_unsigned};
    c->k++;
    return 0;
}

void rs_block_txs_free(rs_block_txs *c) {
    for (size_t i = 0; i < c->k; i++) rs_tx_free(&c->txs[i]);
    free(c->txs);
    free(c->items);
    *c = (rs_block_txs){0};
}

static bool replay_block(rs_node *n, uint64_t b, char *err, size_t errlen) {
    rs_block_header want, got;
    if (rs_store_get_block(n->store, b, &want) != 1) {
        snprintf(err, errlen, "database: block %llu missing or unreadable", (unsigned long long)b);
        return false;
    }
    rs_block_txs c = {0};
    bool ok = rs_store_block_txs(n->store, b, rs_block_txs_collect, &c) == 0 && !c.bad && c.k == want.ntx;
    if (ok) {
        for (size_t i = 0; i < c.k; i++) c.items[i].tx = &c.txs[i]; /* txs may have moved while growing */
        rs_block_env live = n->blk; /* the block is rebuilt with the environment it was built with */
        n->blk = (rs_block_env){want.gas_limit, want.base_fee, want.coinbase};
        rs_node_build_block(n, c.items, c.k, want.timestamp, !rs_b32_eq(want.state_root, RS_B32_ZERO), &got);
        n->blk = live;
        ok = rs_b32_eq(got.hash, want.hash);
        if (ok && c.damaged_receipt && !n->miner_running) repair_receipts(n, c.items, c.k);
        rs_block_items_free(c.items, c.k);
    }
    rs_block_txs_free(&c);
    if (!ok) {
        snprintf(err, errlen, "database: block %llu does not replay to its stored hash (corrupt database)",
                 (unsigned long long)b);
        return false;
    }
    n->head = got;
    return true;
}

/* The latest snapshot at or below max_block whose contents match its root.
 * A snapshot is only a shortcut (the blocks are the record), so a bad one is
 * reported and skipped, not fatal. 1 found, 0 none usable, -1 database error. */
static int load_usable_snapshot(rs_node *n, uint64_t max_block, uint64_t *sb, rs_state **st, char *err,
                                size_t errlen) {
    for (;;) {
        int r = rs_store_load_snapshot_at(n->store, max_block, sb, st, err, errlen);
        if (r != -2) return r;
        fprintf(stderr, "restake: warning: %s; replaying from an earlier point\n", err);
        if (*sb == 0) return 0;
        max_block = *sb - 1;
    }
}

static bool recover_chain(rs_node *n, bool from_genesis, char *err, size_t errlen) {
    uint64_t start = n->genesis_number, top;
    if (!from_genesis) {
        rs_state *snap;
        uint64_t sb;
        int r = load_usable_snapshot(n, UINT64_MAX, &sb, &snap, err, errlen);
        if (r < 0) return false;
        if (r == 1 && sb >= n->genesis_number) {
            rs_state_free(n->st);
            n->st = snap;
            start = sb;
        } else if (r == 1) {
            rs_state_free(snap);
        }
    }
    if (rs_store_get_block(n->store, start, &n->head) != 1) {
        snprintf(err, errlen, "database: block %llu missing", (unsigned long long)start);
        return false;
    }
    n->last_snapshot_block = start;
    if (rs_store_head(n->store, &top) != 1) {
        snprintf(err, errlen, "database: no blocks");
        return false;
    }
    for (uint64_t b = start + 1; b <= top; b++) {
        if (!replay_ops(n, b - 1, err, errlen) || !replay_block(n, b, err, errlen)) return false;
        n->txs_since_snapshot += n->head.ntx;
    }
    return replay_ops(n, top, err, errlen);
}

/* The genesis a database was created with wins over none; a different one
 * given on the command line is refused. */
static char *choose_genesis(rs_node *n, const rs_node_config *cfg, bool *fresh, char *err, size_t errlen) {
    rs_buf stored;
    rs_buf_init(&stored);
    int r = rs_store_meta_get(n->store, "genesis", &stored);
    char *canon = NULL;
    if (r < 0) {
        snprintf(err, errlen, "database: cannot read genesis");
    } else if (cfg->genesis_json) {
        canon = genesis_canonical(cfg->genesis_json, cfg->genesis_len, cfg->genesis_name ? cfg->genesis_name : "genesis",
                                  err, errlen);
        if (canon && r == 1 && (stored.len != strlen(canon) || memcmp(stored.p, canon, stored.len) != 0)) {
            snprintf(err, errlen, "the database in this data directory was created with a different genesis; "
                                  "use another --data directory or omit --genesis");
            free(canon);
            canon = NULL;
        }
    } else if (r == 1) {
        canon = malloc(stored.len + 1);
        memcpy(canon, stored.p, stored.len);
        canon[stored.len] = 0;
    } else if (cfg->default_genesis_json) {
        canon = genesis_canonical(cfg->default_genesis_json, cfg->default_genesis_len, "default genesis", err, errlen);
    } else {
        snprintf(err, errlen, "no genesis given and the database is empty");
    }
    *fresh = r == 0;
    rs_buf_free(&stored);
    return canon;
}

static bool check_chain_id(rs_node *n, bool fresh, char *err, size_t errlen) {
    uint8_t id[8];
    rs_be64_put(id, n->chain_id);
    if (fresh) return rs_store_meta_put(n->store, "chain_id", id, 8) == 0;
    rs_buf v;
    rs_buf_init(&v);
    bool ok = rs_store_meta_get(n->store, "chain_id", &v) == 1 && v.len == 8 && memcmp(v.p, id, 8) == 0;
    rs_buf_free(&v);
    if (!ok) snprintf(err, errlen, "the database was created for another chain id; use the same --chain-id");
    return ok;
}

/* meta "clock": time offset (int64) and pending next timestamp (uint64),
 * both 8 bytes big-endian. */
int rs_node_store_clock(rs_node *n) {
    uint8_t v[16];
    rs_be64_put(v, (uint64_t)n->time_offset);
    rs_be64_put(v + 8, n->next_timestamp);
    return rs_store_meta_put(n->store, "clock", v, sizeof v);
}

static bool load_clock(rs_node *n, char *err, size_t errlen) {
    rs_buf v;
    rs_buf_init(&v);
    int r = rs_store_meta_get(n->store, "clock", &v);
    bool ok = r == 0 || (r == 1 && v.len == 16);
    if (r == 1 && ok) {
        n->time_offset = (int64_t)rs_be64_get(v.p);
        n->next_timestamp = rs_be64_get(v.p + 8);
    }
    if (!ok) snprintf(err, errlen, "database: unreadable devnet clock");
    rs_buf_free(&v);
    return ok;
}

/* Request threads allocate and free megabytes per batch; glibc would hand
 * each thread arena's top back to the kernel and fault it in again on the
 * next batch (mprotect + page faults were ~5% of a loaded node's CPU). */
static void keep_freed_memory(void) {
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
}

rs_node *rs_node_open(const rs_node_config *cfg, char *err, size_t errlen) {
    keep_freed_memory();
    rs_node *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    pthread_mutex_init(&n->lock, NULL);
    pthread_mutex_init(&n->qlock, NULL);
    pthread_cond_init(&n->qcond, NULL);
    pthread_cond_init(&n->done_cond, NULL);
    pthread_cond_init(&n->space_cond, NULL);
    rs_cpu_gate_init(&n->recover_gate);
    n->block_time = cfg->block_time;
    n->locked = cfg->locked;
    n->durable = cfg->data_dir != NULL;
    n->clock = cfg->clock;
    n->snapshot_blocks = cfg->snapshot_blocks ? cfg->snapshot_blocks : DEFAULT_SNAPSHOT_BLOCKS;
    n->snapshot_txs = cfg->snapshot_txs ? cfg->snapshot_txs : DEFAULT_SNAPSHOT_TXS;
    n->next_snap_id = 1;
    n->ndev = cfg->dev_accounts ? cfg->dev_accounts : RS_DEVNET_ACCOUNTS;
    assert(n->ndev <= RS_DEV_ACCOUNTS_MAX);
    /* The first ten are derived once per process (rs_devnet_accounts);
     * --accounts beyond them are derived here. */
    rs_devnet_accounts(n->dev_keys, n->dev_addrs);
    for (uint32_t i = RS_DEVNET_ACCOUNTS; i < n->ndev; i++)
        rs_cannot_fail(rs_mnemonic_account(RS_DEVNET_MNEMONIC, i, n->dev_keys[i], &n->dev_addrs[i]));
    n->blk.gas_limit = cfg->gas_limit ? cfg->gas_limit : RS_BLOCK_GAS_LIMIT;
    n->blk.base_fee = u256_from_u64(cfg->has_base_fee ? cfg->base_fee : RS_BASE_FEE);
    n->gas_price = cfg->gas_price;

    bool fresh = false;
    char *canon = NULL;
    n->store = rs_store_open(cfg->data_dir, err, errlen);
    if (!n->store) goto fail;
    canon = choose_genesis(n, cfg, &fresh, err, errlen);
    if (!canon || !genesis_parse(canon, cfg->genesis_name ? cfg->genesis_name : "genesis", &n->genesis, err, errlen))
        goto fail;
    n->params = n->genesis.params;
    n->dev_balance_eth = cfg->dev_balance_eth;
    if (cfg->genesis_timestamp) n->genesis.timestamp = cfg->genesis_timestamp;
    if (cfg->chain_id) {
        n->params.chain_id = cfg->chain_id;
    } else if (!fresh) { /* restarting without --chain-id: the stored one */
        rs_buf v;
        rs_buf_init(&v);
        if (rs_store_meta_get(n->store, "chain_id", &v) == 1 && v.len == 8) {
            n->params.chain_id = rs_be64_get(v.p);
        }
        rs_buf_free(&v);
    }
    n->chain_id = n->params.chain_id;
    n->genesis_number = n->genesis.block;
    if (!check_chain_id(n, fresh, err, errlen)) goto fail;
    n->beacon_sim = choose_beacon_sim(n, cfg, fresh);
    if (n->beacon_sim) beacon_sim_observe_deposits();
    genesis_state(n);
    rs_block_header g;
    genesis_header(n, &g);
    if (fresh) {
        if (rs_store_begin(n->store) || rs_store_meta_put(n->store, "genesis", canon, strlen(canon)) ||
            rs_store_meta_put(n->store, "beacon_sim", n->beacon_sim ? "1" : "0", 1) ||
            rs_store_put_block(n->store, &g) || rs_store_put_snapshot(n->store, g.number, n->st, g.state_root) ||
            rs_store_commit(n->store)) {
            snprintf(err, errlen, "database: cannot write genesis");
            goto fail;
        }
    } else {
        rs_block_header sg;
        bool stored = rs_store_get_block(n->store, g.number, &sg) == 1;
        if (stored) { /* built with the environment it was stored with, whatever the flags say now */
            rs_block_env live = n->blk;
            n->blk = (rs_block_env){sg.gas_limit, sg.base_fee, sg.coinbase};
            genesis_header(n, &g);
            n->blk = live;
        }
        if (!stored || !rs_b32_eq(sg.hash, g.hash)) {
            snprintf(err, errlen, "the database's genesis block differs from this build's genesis "
                                  "(different genesis, dev accounts or protocol build); refusing to start");
            goto fail;
        }
    }
    free(canon);
    canon = NULL;
    if (!recover_chain(n, cfg->replay_from_genesis, err, errlen) || !load_clock(n, err, errlen)) goto fail;
    return n;
fail:
    free(canon);
    rs_node_close(n);
    return NULL;
}

/* The in-memory chain back at what the store holds (after a failed batch:
 * its blocks and operations exist only in memory and must not be built on).
 * The same recovery as at start-up, on a shadow, swapped in under the lock. */
int rs_node_resync(rs_node *n, char *err, size_t errlen) {
    rs_node shadow = *n;
    shadow.st = NULL;
    genesis_state(&shadow);
    shadow.txs_since_snapshot = 0;
    shadow.time_offset = 0;
    shadow.next_timestamp = 0;
    if (!recover_chain(&shadow, false, err, errlen) || !load_clock(&shadow, err, errlen)) {
        rs_state_free(shadow.st);
        return -1;
    }
    pthread_mutex_lock(&n->lock);
    rs_state_free(n->st);
    n->st = shadow.st;
    n->head = shadow.head;
    n->last_snapshot_block = shadow.last_snapshot_block;
    n->txs_since_snapshot = shadow.txs_since_snapshot;
    n->time_offset = shadow.time_offset;
    n->next_timestamp = shadow.next_timestamp;
    size_t keep = 0; /* evm_snapshots of blocks that were never stored are gone */
    while (keep < n->nsnaps && n->snaps[keep].head.number <= n->head.number) keep++;
    for (size_t i = keep; i < n->nsnaps; i++) rs_state_free(n->snaps[i].state);
    n->nsnaps = keep;
    pthread_mutex_unlock(&n->lock);
    return 0;
}

void rs_node_start(rs_node *n) {
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setstacksize(&at, RS_EXEC_THREAD_STACK); /* transactions may run 1,024 frames deep */
    if (pthread_create(&n->miner, &at, rs_node_miner_main, n) == 0) n->miner_running = true;
    pthread_attr_destroy(&at);
}

void rs_node_set_events(rs_node *n, const rs_node_events *e) {
    pthread_mutex_lock(&n->qlock);
    atomic_store(&n->events, e);
    pthread_mutex_unlock(&n->qlock);
}

void rs_node_stop(rs_node *n) {
    if (!n->miner_running) return;
    pthread_mutex_lock(&n->qlock);
    n->stopping = true;
    pthread_cond_broadcast(&n->qcond);
    pthread_cond_broadcast(&n->space_cond);
    pthread_mutex_unlock(&n->qlock);
    pthread_join(n->miner, NULL);
    n->miner_running = false;
}

void rs_node_close(rs_node *n) {
    if (!n) return;
    rs_node_stop(n);
    for (size_t i = 0; i < n->nsnaps; i++) rs_state_free(n->snaps[i].state);
    free(n->snaps);
    free(n->impersonated);
    free(n->pending);
    rs_txpool_free(&n->pool);
    rs_state_free(n->st);
    rs_genesis_free(&n->genesis);
    rs_store_close(n->store);
    pthread_mutex_destroy(&n->lock);
    pthread_mutex_destroy(&n->qlock);
    pthread_cond_destroy(&n->qcond);
    pthread_cond_destroy(&n->done_cond);
    pthread_cond_destroy(&n->space_cond);
    rs_cpu_gate_destroy(&n->recover_gate);
    free(n);
}

/* ---------- reads ---------- */

rs_block_header rs_node_head(rs_node *n) {
    pthread_mutex_lock(&n->lock);
    rs_block_header h = n->head;
    pthread_mutex_unlock(&n->lock);
    return h;
}

bool rs_node_is_impersonated(rs_node *n, rs_addr a) {
    pthread_mutex_lock(&n->lock);
    bool found = n->auto_impersonate;
    for (size_t i = 0; i < n->nimpersonated && !found; i++) found = rs_addr_eq(n->impersonated[i], a);
    pthread_mutex_unlock(&n->lock);
    return found;
}

void rs_node_impersonate(rs_node *n, rs_addr a, bool on) {
    pthread_mutex_lock(&n->lock);
    size_t i = 0;
    while (i < n->nimpersonated && !rs_addr_eq(n->impersonated[i], a)) i++;
    if (on && i == n->nimpersonated) {
        n->impersonated = realloc(n->impersonated, (n->nimpersonated + 1) * sizeof *n->impersonated);
        if (!n->impersonated) abort();
        n->impersonated[n->nimpersonated++] = a;
    } else if (!on && i < n->nimpersonated) {
        n->impersonated[i] = n->impersonated[--n->nimpersonated];
    }
    pthread_mutex_unlock(&n->lock);
}

int rs_node_dev_index(const rs_node *n, rs_addr a) {
    for (uint32_t i = 0; i < n->ndev; i++)
        if (rs_addr_eq(n->dev_addrs[i], a)) return (int)i;
    return -1;
}

rs_b32 rs_node_state_root(rs_node *n) {
    pthread_mutex_lock(&n->lock);
    rs_b32 r = rs_state_root(n->st);
    pthread_mutex_unlock(&n->lock);
    return r;
}

int64_t rs_node_now(const rs_node *n) { return n->clock ? (int64_t)n->clock() : (int64_t)time(NULL); }

uint64_t rs_node_next_timestamp(rs_node *n) {
    if (n->next_timestamp) return n->next_timestamp;
    if (n->block_ts_interval) return n->head.timestamp + n->block_ts_interval;
    int64_t now = rs_node_now(n) + n->time_offset;
    return now > (int64_t)n->head.timestamp ? (uint64_t)now : n->head.timestamp;
}

/* One eth_call or create call on st with a tx gas limit (0: the default
 * budget); *evm tells whether EVM frames ran. */
static int node_exec(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, const rs_addr *to, u256 value,
                     const uint8_t *data, size_t len, uint64_t gas_limit, rs_buf *ret, uint64_t *gas, rs_buf *revert,
                     bool *evm) {
    rs_env e;
    node_env_init(n, &e, st, h);
    e.tx_gas_limit = gas_limit;
    e.tracer = n->trace ? n->trace->call_tracer : NULL;
    int rc = to ? rs_exec_call(&e, from, *to, value, data, len, ret, gas)
                : rs_exec_create_call(&e, from, value, data, len, ret, gas);
    if (evm) *evm = e.evm != NULL;
    if (rc != RS_OK && revert) rs_buf_put(revert, e.revert, e.revert_len);
    rs_env_free(&e);
    return rc;
}

/* The smallest gas limit with which the call succeeds within its limit. EVM
 * frames get all but 1/64 of the limit and keep 1/64 at every call they
 * make, so the gas a successful run used is not always enough as a limit:
 * search between it and the default budget, as geth's estimator does. */
static uint64_t node_search_gas(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, const rs_addr *to,
                                u256 value, const uint8_t *data, size_t len, uint64_t used) {
    uint64_t lo = used, hi = used > RS_EVM_TX_GAS_DEFAULT ? used : RS_EVM_TX_GAS_DEFAULT;
    rs_buf scratch;
    rs_buf_init(&scratch);
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2, g = 0;
        rs_buf_reset(&scratch);
        int rc = node_exec(n, st, h, from, to, value, data, len, mid, &scratch, &g, NULL, NULL);
        if (rc == RS_OK && g <= mid)
            hi = mid;
        else
            lo = mid + 1;
    }
    rs_buf_free(&scratch);
    return lo;
}

static int node_call_any(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, const rs_addr *to,
                         u256 value, const uint8_t *data, size_t len, rs_buf *ret, uint64_t *gas, rs_buf *revert,
                         bool estimate) {
    bool evm = false;
    int rc = node_exec(n, st, h, from, to, value, data, len, 0, ret, gas, revert, &evm);
    if (rc == RS_OK && estimate && evm && gas) *gas = node_search_gas(n, st, h, from, to, value, data, len, *gas);
    return rc;
}

int rs_node_call_on(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, rs_addr to, u256 value,
                    const uint8_t *data, size_t len, rs_buf *ret, uint64_t *gas, rs_buf *revert) {
    return node_call_any(n, st, h, from, &to, value, data, len, ret, gas, revert, false);
}

static int node_estimate_any(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, const rs_addr *to,
                             u256 value, const uint8_t *data, size_t len, rs_buf *ret, uint64_t *gas,
                             rs_buf *revert) {
    if (!n->beacon_sim) return node_call_any(n, st, h, from, to, value, data, len, ret, gas, revert, true);
    size_t cp = rs_state_checkpoint(st);
    /* The beacon epoch runs at the start of the block the tx lands in: the
     * pending block itself when h is it, else a block right after h. */
    bool pending = h->number == n->head.number + 1;
    beacon_sim_on_block(st, &n->params, pending ? h->timestamp : h->timestamp + 1);
    int rc = node_call_any(n, st, h, from, to, value, data, len, ret, gas, revert, true);
    rs_state_revert(st, cp);
    return rc;
}

int rs_node_estimate_on(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, rs_addr to, u256 value,
                        const uint8_t *data, size_t len, rs_buf *ret, uint64_t *gas, rs_buf *revert) {
    return node_estimate_any(n, st, h, from, &to, value, data, len, ret, gas, revert);
}

int rs_node_create_call_on(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, u256 value,
                           const uint8_t *data, size_t len, rs_buf *ret, uint64_t *gas, rs_buf *revert,
                           bool estimate) {
    if (estimate) return node_estimate_any(n, st, h, from, NULL, value, data, len, ret, gas, revert);
    return node_call_any(n, st, h, from, NULL, value, data, len, ret, gas, revert, false);
}

int rs_node_call(rs_node *n, rs_addr from, rs_addr to, u256 value, const uint8_t *data, size_t len, rs_buf *ret,
                 uint64_t *gas, rs_buf *revert) {
    pthread_mutex_lock(&n->lock);
    rs_block_header h = n->head;
    int rc = rs_node_call_on(n, n->st, &h, from, to, value, data, len, ret, gas, revert);
    pthread_mutex_unlock(&n->lock);
    return rc;
}

/* Replays on a shadow of the node: same store and parameters, its own state
 * and head, so the live node is untouched (the shadow's locks are unused). */
rs_state *rs_node_state_at(rs_node *n, uint64_t number, rs_block_header *h, char *err, size_t errlen) {
    rs_node shadow = *n;
    uint64_t start;
    rs_state *st = NULL;
    int r = load_usable_snapshot(n, number, &start, &st, err, errlen);
    if (r < 0) return NULL;
    if (r == 0 || start < n->genesis_number) {
        if (st) rs_state_free(st);
        shadow.st = NULL;
        genesis_state(&shadow);
        st = shadow.st;
        start = n->genesis_number;
    }
    shadow.st = st;
    if (number - start > RS_NODE_MAX_HISTORY_REPLAY) {
        snprintf(err, errlen, "historical state of block %llu would need %llu blocks replayed (limit %d)",
                 (unsigned long long)number, (unsigned long long)(number - start), RS_NODE_MAX_HISTORY_REPLAY);
        rs_state_free(st);
        return NULL;
    }
    bool ok = rs_store_get_block(n->store, start, &shadow.head) == 1;
    if (!ok) snprintf(err, errlen, "block %llu not found", (unsigned long long)start);
    for (uint64_t b = start + 1; ok && b <= number; b++)
        ok = replay_ops(&shadow, b - 1, err, errlen) && replay_block(&shadow, b, err, errlen);
    if (!ok) {
        rs_state_free(shadow.st);
        return NULL;
    }
    *h = shadow.head;
    return shadow.st;
}

/* ---------- chain controls (anvil) ---------- */

rs_block_env rs_node_block_env(rs_node *n) {
    pthread_mutex_lock(&n->lock);
    rs_block_env b = n->blk;
    pthread_mutex_unlock(&n->lock);
    return b;
}

u256 rs_node_gas_price(rs_node *n) {
    if (n->gas_price) return u256_from_u64(n->gas_price);
    u256 p;
    if (!u256_add(&p, rs_node_block_env(n).base_fee, u256_from_u64(1000000000ull))) p = U256_MAX;
    return p;
}

u256 rs_node_default_max_fee(rs_node *n) {
    u256 bf = rs_node_block_env(n).base_fee, twice, p;
    if (!u256_add(&twice, bf, bf) || !u256_add(&p, twice, u256_from_u64(1000000000ull))) p = U256_MAX;
    return p;
}

int rs_node_tx_check(rs_node *n, const rs_tx *tx) {
    if (tx->gas_limit > n->blk.gas_limit) return RS_EXEC_GAS_LIMIT;
    return rs_exec_check(n->st, tx, n->blk.base_fee);
}

void rs_node_reset_to_genesis(rs_node *n) {
    pthread_mutex_lock(&n->lock);
    rs_state_free(n->st);
    genesis_state(n);
    rs_block_header g;
    if (rs_store_get_block(n->store, n->genesis_number, &g) != 1) genesis_header(n, &g);
    n->head = g;
    n->time_offset = 0;
    n->next_timestamp = 0;
    n->last_snapshot_block = g.number;
    n->txs_since_snapshot = 0;
    for (size_t i = 0; i < n->nsnaps; i++) rs_state_free(n->snaps[i].state);
    n->nsnaps = 0;
    rs_txpool_free(&n->pool);
    memset(&n->pool, 0, sizeof n->pool);
    pthread_mutex_unlock(&n->lock);
}
