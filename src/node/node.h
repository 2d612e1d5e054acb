/* The devnet node: the state, the chain head, the store, and the single
 * miner thread that is the only writer of all three.
 *
 * Everything that changes state (transactions, mining, anvil_setBalance,
 * evm_snapshot/evm_revert, time travel) is a job queued to the miner and
 * waited for; the job completes only after the block or operation it caused
 * is committed to the store (one SQL transaction per batch of blocks), so an
 * acknowledged transaction survives a crash. Readers take the node lock. */
#ifndef RESTAKE_NODE_NODE_H
#define RESTAKE_NODE_NODE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "chain/block.h"
#include "chain/mnemonic.h"
#include "chain/tx.h"
#include "node/cpu_gate.h"
#include "node/txpool.h"
#include "restake/env.h"
#include "restake/genesis.h"
#include "restake/limits.h"
#include "store/store.h"

typedef struct {
    const char *data_dir;      /* NULL: in memory */
    uint64_t chain_id;         /* 0: the genesis file's */
    uint64_t block_time;       /* seconds; 0: automine (a block per transaction) */
    const char *genesis_json;  /* NULL: the stored one, else the built-in devnet preset */
    size_t genesis_len;
    const char *genesis_name;  /* for messages */
    const char *default_genesis_json; /* used when neither given nor stored */
    size_t default_genesis_len;
    uint64_t snapshot_blocks;  /* snapshot after this many blocks (0: default) */
    uint64_t snapshot_txs;     /* ... or this many transactions (0: default) */
    bool replay_from_genesis;  /* ignore snapshots (verification) */
    bool fund_dev_accounts;    /* 10000 ETH to each of the ten mnemonic accounts at genesis */
    /* Runs the offline beacon chain (src/devnet/beacon_sim.h) from
     * genesis. Decided when the database is created and kept in it; ignored
     * when the genesis comes from a conformance vector. */
    bool beacon_sim;
    /* --locked: no impersonation, no balance/nonce/code/storage surgery,
     * no unlocked accounts, no evm_revert (src/rpc/rpc_locked.c). */
    bool locked;
    /* The wall clock in seconds (NULL: time(NULL)); a simulation gives its
     * own so that a seed replays the same blocks. */
    uint64_t (*clock)(void);
    uint64_t dev_balance_eth;   /* --balance: each dev account's genesis ETH (0: 10000) */
    uint64_t genesis_timestamp; /* --timestamp: the genesis block's time (0: the genesis file's) */
    uint32_t dev_accounts;      /* --accounts: dev accounts from the mnemonic (0: 10) */
    uint64_t gas_limit;         /* --gas-limit: the block gas limit (0: RS_BLOCK_GAS_LIMIT) */
    uint64_t base_fee;          /* --base-fee: every block's base fee in wei (0: RS_BASE_FEE) */
    bool has_base_fee;          /* --base-fee 0 is a base fee of zero */
    uint64_t gas_price;         /* --gas-price: what eth_gasPrice suggests (0: base fee + 1 gwei) */
} rs_node_config;

/* The environment every next block is built with (anvil's chain controls:
 * evm_setBlockGasLimit, anvil_setNextBlockBaseFeePerGas, anvil_setCoinbase).
 * A stored block keeps the values it was built with in its header, and
 * replay reads them from there. */
typedef struct {
    uint64_t gas_limit;
    u256 base_fee;
    rs_addr coinbase;
} rs_block_env;

/* Devnet operations on the offline beacon chain, kept in the store's op log
 * next to RS_OP_SET_BALANCE / RS_OP_SET_NONCE (data: index, then argument,
 * both 8 bytes big-endian). */
enum { RS_OP_BEACON_SET_BALANCE = 16, RS_OP_BEACON_SLASH = 17, RS_OP_BEACON_EXIT = 18 };
/* An EIP-4788 root set by hand (restake_setBeaconRoot; data: timestamp, 8
 * bytes big-endian, then the root): allowed with or without the simulation,
 * it is how conformance replays over RPC publish their vectors' roots. */
enum { RS_OP_BEACON_ROOT = 19 };
/* anvil_setCode (data: address, then the code; empty removes it) and
 * anvil_setStorageAt (data: address, slot, value — 84 bytes) of accounts
 * without native code. */
enum { RS_OP_SET_CODE = 20, RS_OP_SET_STORAGE = 21 };

typedef struct {
    uint64_t id;
    rs_state *state;
    rs_block_header head;
    int64_t op_seq;
    int64_t time_offset;
} rs_node_snapshot;

typedef struct rs_job rs_job;

/* Listeners of the chain's events (websocket subscriptions). Called on the
 * miner thread with qlock held, so they queue and signal, never wait. */
typedef struct {
    void *ctx;
    /* blocks first..last are committed to the store (readable) */
    void (*blocks)(void *ctx, uint64_t first, uint64_t last);
    /* a transaction was accepted: pooled, or about to be mined */
    void (*pending_tx)(void *ctx, rs_b32 hash);
} rs_node_events;

typedef struct rs_node {
    pthread_mutex_t lock; /* state, head, impersonation, snapshots */
    rs_state *st;
    rs_genesis genesis;
    rs_params params;
    uint64_t chain_id;
    rs_store *store;
    rs_block_header head;
    uint64_t genesis_number;
    uint64_t block_time;
    bool beacon_sim; /* the offline beacon chain runs (fixed at database creation) */
    bool locked;     /* rs_node_config.locked */
    bool durable;    /* a data directory backs the chain */
    uint64_t (*clock)(void); /* rs_node_config.clock */

    int64_t time_offset;     /* evm_increaseTime */
    uint64_t next_timestamp; /* evm_setNextBlockTimestamp; 0 = none */

    uint8_t dev_keys[RS_DEV_ACCOUNTS_MAX][32];
    rs_addr dev_addrs[RS_DEV_ACCOUNTS_MAX];
    uint32_t ndev; /* --accounts */
    rs_block_env blk; /* the next block's environment (node lock) */
    uint64_t gas_price; /* --gas-price; 0: base fee + 1 gwei */
    rs_addr *impersonated;
    size_t nimpersonated;

    rs_node_snapshot *snaps;
    size_t nsnaps;
    uint64_t next_snap_id;

    uint64_t snapshot_blocks, snapshot_txs;
    uint64_t last_snapshot_block, txs_since_snapshot;

    /* miner queue */
    pthread_mutex_t qlock;
    pthread_cond_t qcond, done_cond;
    rs_job *qhead, *qtail;
    bool qwake; /* the queue holds a job the miner must handle before its next deadline */
    bool stopping;
    /* A failed store write could not be undone in memory (the store was
     * unreadable too): writes are refused until a restart (qlock). */
    bool halted;
    size_t queued; /* jobs submitted and not yet done (RS_MINER_QUEUE_MAX) */
    pthread_cond_t space_cond;
    pthread_t miner;
    bool miner_running;
    /* transactions queued but not yet executed, per sender (qlock) */
    struct rs_pending_count {
        rs_addr from;
        uint64_t count;
    } *pending;
    size_t npending;
    uint64_t mined_txs;
    rs_cpu_gate recover_gate; /* connection threads' signature recoveries */
    /* transactions accepted but not in a block (node lock): nonce gaps,
     * and everything while automine is off (src/node/txpool.h) */
    rs_txpool pool;
    bool automine_off; /* evm_setAutomine(false): blocks only on evm_mine / anvil_mine */
    bool auto_impersonate; /* anvil_autoImpersonateAccount: every sender may send unsigned */
    bool block_time_changed; /* evm_setIntervalMining (qlock): the miner restarts its deadline */
    uint64_t block_ts_interval;
    uint64_t dev_balance_eth; /* genesis ETH of each dev account (rs_node_config) */ /* anvil_setBlockTimestampInterval: each block this many seconds after the last; 0 = clock */
    _Atomic(const rs_node_events *) events; /* rs_node_set_events; NULL: nobody listens */
    /* Set only on a shadow copy re-executing history under a tracer
     * (node/trace.h): block building and calls report to it. */
    const struct rs_node_trace_plan *trace;
} rs_node;

rs_node *rs_node_open(const rs_node_config *cfg, char *err, size_t errlen);
/* Starts the miner thread (after open; separate so tests can drive replay). */
void rs_node_start(rs_node *n);
/* Stops the miner: queued jobs are done (an interval block pending is
 * sealed and committed), later submissions are refused. Idempotent. */
void rs_node_stop(rs_node *n);
void rs_node_close(rs_node *n);
/* Installs the event listeners (NULL removes them). They are called with
 * the miner's queue lock held, so they must not submit jobs; once this
 * returns, listeners it replaced are no longer running or called. */
void rs_node_set_events(rs_node *n, const rs_node_events *e);

/* ---- jobs ---- */
typedef enum {
    RS_JOB_TX,             /* tx decoded; signed (from recovered) or unsigned (impersonated) */
    RS_JOB_SEND,           /* eth_sendTransaction from an unlocked account: nonce/sign at execution */
    RS_JOB_MINE,           /* count blocks, optional timestamp of the first */
    RS_JOB_SET_BALANCE,
    RS_JOB_SET_NONCE,
    RS_JOB_SNAPSHOT,
    RS_JOB_REVERT,
    RS_JOB_INCREASE_TIME,
    RS_JOB_SET_NEXT_TS,
    RS_JOB_RESET,          /* anvil_reset: back to genesis (in memory only) */
    RS_JOB_LOAD_STATE,     /* anvil_loadState: blob/blob_len, a state file (src/node/state_file.h) */
    RS_JOB_OP,             /* a recorded state operation: delta = RS_OP_*, tx.data = its data */
    RS_JOB_BEACON,         /* delta = RS_OP_BEACON_*, count = validator index, value = argument (gwei);
                              for RS_OP_BEACON_ROOT ts = timestamp, value = root */
} rs_job_kind;

struct rs_job {
    rs_job_kind kind;
    rs_job *next;
    rs_tx tx;
    bool is_unsigned;
    bool fill_nonce;
    uint64_t count;
    uint64_t ts;
    bool has_ts;
    rs_addr addr;
    u256 value;
    int64_t delta;
    uint8_t *blob; /* RS_JOB_LOAD_STATE's file (owned by the job) */
    size_t blob_len;
    bool detached; /* made by the miner for a pool transaction: freed when done, nobody waits */

    /* results */
    bool done;
    int err;            /* 0 ok, else a JSON-RPC error code */
    char msg[200];
    rs_b32 hash;        /* tx hash */
    uint64_t out;       /* snapshot id, new time offset, ... */
    bool out_bool;
};

rs_job *rs_job_new(rs_job_kind kind);
void rs_job_free(rs_job *j);
/* Queues without waiting (the job is owned by the caller until done). */
void rs_node_submit(rs_node *n, rs_job *j);
void rs_node_wait(rs_node *n, rs_job *j);
/* submit + wait */
void rs_node_run(rs_node *n, rs_job *j);

/* ---- reads (take the node lock themselves) ---- */
rs_block_header rs_node_head(rs_node *n);
bool rs_node_is_impersonated(rs_node *n, rs_addr a);
void rs_node_impersonate(rs_node *n, rs_addr a, bool on);
int rs_node_dev_index(const rs_node *n, rs_addr a); /* -1 when not a dev account */
/* The nonce the sender's next transaction should carry: its state nonce plus
 * its transactions queued and not yet executed (the "pending" block tag). */
uint64_t rs_node_pending_nonce(rs_node *n, rs_addr a);
/* Adjusts the queued count of a sender (qlock held by the caller). */
void rs_node_pending_add(rs_node *n, rs_addr a, int delta);
/* eth_gasPrice: --gas-price, else the next block's base fee plus 1 gwei. */
u256 rs_node_gas_price(rs_node *n);
rs_block_env rs_node_block_env(rs_node *n);
/* The maxFeePerGas the node fills in: twice the next base fee plus 1 gwei. */
u256 rs_node_default_max_fee(rs_node *n);
/* State root of the current state (O(state)). */
rs_b32 rs_node_state_root(rs_node *n);

/* eth_call / eth_estimateGas at the head, in the latest block's context. */
int rs_node_call(rs_node *n, rs_addr from, rs_addr to, u256 value, const uint8_t *data, size_t len, rs_buf *ret,
                 uint64_t *gas, rs_buf *revert);

/* eth_estimateGas: rs_node_call_on in the context of the block the
 * transaction will land in. With the offline beacon chain on, that block
 * first runs a beacon epoch (the deposit contract's bookkeeping then writes
 * more), so the estimate is made after one on a throwaway copy of the
 * changes. */
int rs_node_estimate_on(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, rs_addr to, u256 value,
                        const uint8_t *data, size_t len, rs_buf *ret, uint64_t *gas, rs_buf *revert);

/* The state after block `number` (< head), rebuilt from the nearest snapshot
 * at or below it by replaying the blocks in between (at most
 * RS_NODE_MAX_HISTORY_REPLAY of them). NULL with *err when it cannot be. The
 * caller owns the state; *h receives the block's header. */
rs_state *rs_node_state_at(rs_node *n, uint64_t number, rs_block_header *h, char *err, size_t errlen);
/* rs_node_call against a given state and block (the state is not changed). */
int rs_node_call_on(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, rs_addr to, u256 value,
                    const uint8_t *data, size_t len, rs_buf *ret, uint64_t *gas, rs_buf *revert);

/* eth_call (ret: the runtime code the initcode returned) or, when
 * `estimate`, eth_estimateGas of a contract creation from `from`. */
int rs_node_create_call_on(rs_node *n, rs_state *st, const rs_block_header *h, rs_addr from, u256 value,
                           const uint8_t *data, size_t len, rs_buf *ret, uint64_t *gas, rs_buf *revert,
                           bool estimate);

/* ---- internals shared by node.c and miner.c ---- */
/* Executes txs into a new block on top of n->head at timestamp ts; txs that
 * fail validation get status[i] != RS_EXEC_OK and are left out. Fills the
 * header, and rows (hash/raw/receipt) for the included ones. */
typedef struct {
    rs_tx *tx;
    bool is_unsigned;
    int status;            /* rs_exec_status */
    rs_stored_tx row;      /* filled when included */
} rs_block_item;
/* A stored block's transactions decoded (rs_store_block_txs's callback is
 * rs_block_txs_collect); items[i].tx is left for the caller to point at
 * txs[i] once collection ends (the arrays move while they grow). */
typedef struct {
    rs_tx *txs;
    rs_block_item *items;
    size_t k, cap;
    bool bad;             /* a row did not decode */
    bool damaged_receipt; /* some stored receipt failed its checksum */
} rs_block_txs;
int rs_block_txs_collect(void *ctx, const rs_stored_tx *t);
/* Frees the decoded transactions and both arrays (not what items own). */
void rs_block_txs_free(rs_block_txs *c);
void rs_node_build_block(rs_node *n, rs_block_item *items, size_t k, uint64_t ts, bool compute_root,
                         rs_block_header *out);
void rs_block_items_free(rs_block_item *items, size_t k);
uint64_t rs_node_next_timestamp(rs_node *n);
/* The node's wall clock (rs_node_config.clock), in seconds. */
int64_t rs_node_now(const rs_node *n);
/* Writes the devnet clock (time offset, pending next timestamp) to the
 * store's meta table; restored when the node opens. */
int rs_node_store_clock(rs_node *n);
int rs_node_apply_op(rs_node *n, int kind, const uint8_t *data, size_t len);
void *rs_node_miner_main(void *arg);
/* Rebuilds the in-memory chain from the store (0; -1 with *err when the
 * store cannot be read back). Miner thread only. */
int rs_node_resync(rs_node *n, char *err, size_t errlen);
/* anvil_reset (miner thread): the chain back at its genesis block, the pool,
 * the evm_snapshots and the clock cleared. In memory only. */
void rs_node_reset_to_genesis(rs_node *n);
/* The check a transaction passes before it enters the next block: the
 * block's gas limit, then rs_exec_check at its base fee (node lock held). */
int rs_node_tx_check(rs_node *n, const rs_tx *tx);

#endif
