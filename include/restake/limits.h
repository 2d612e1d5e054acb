/* Every bound of the system in one place, with the relations between them
 * checked at compile time. A limit is a promise: a buffer, queue, loop or
 * call depth never grows past it, whatever the input. */
#ifndef RESTAKE_LIMITS_H
#define RESTAKE_LIMITS_H

/* ---- calls (native and EVM frames alike) ---- */
#define RS_CALL_DEPTH_MAX 1024          /* EVM message-call depth limit */
/* C stack a thread must still have free to start one more frame (an
 * interpreter frame takes ~24 KB under ASan): a call on a thread with less
 * fails as a too-deep call does, so no recursion can overflow the stack. */
#define RS_FRAME_STACK_RESERVE ((size_t)256 * 1024)
#define RS_EXEC_THREAD_STACK ((size_t)256 << 20) /* threads that run transactions and calls (miner, RPC handlers) */

/* ---- the boundary between EVM and native code (docs/evm.md) ---- */
#define RS_EVM_TX_GAS_DEFAULT 30000000ull /* gas of a transaction/call into EVM code when none is given */
#define RS_NATIVE_GAS_BASE 2600           /* a native frame called from EVM code */
#define RS_NATIVE_GAS_PER_BYTE 16         /* per calldata byte */
#define RS_NATIVE_GAS_PER_WRITE 5000      /* per state-journal entry the frame left */
#define RS_NATIVE_GAS_PER_LOG 375         /* per log, plus 375 per topic and 8 per data byte */

/* ---- EVM (Cancun) ---- */
#define RS_EVM_STACK_MAX 1024           /* stack items per frame */
#define RS_EVM_CODE_SIZE_MAX 24576      /* EIP-170 deployed code */
#define RS_EVM_INITCODE_SIZE_MAX 49152  /* EIP-3860: 2 * code size */
#define RS_EVM_MEMORY_MAX ((size_t)1 << 32) /* a frame's memory; gas runs out far earlier */
#define RS_EVM_LOG_TOPICS_MAX 4
#define RS_EVM_CALL_STIPEND 2300
#define RS_EVM_JUMPDEST_CACHE_ENTRIES 4096 /* analysed codes kept, by code hash */
#define RS_EVM_FRAMES_PER_THREAD (RS_CALL_DEPTH_MAX + 1) /* EVM frames live at once on one thread */
#define RS_EVM_CODE_PADDING 33          /* zero bytes after code: a PUSH32 at the end reads zeros, then STOP */

#define RS_EVM_TX_BLOBS_MAX 6           /* EIP-4844: blobs per block (Cancun) */
#define RS_EVM_CODE_CACHE_ENTRIES 4096  /* world: decoded codes kept, by code hash */
#define RS_WORLD_CODE_MAX ((size_t)1 << 24) /* code of one account: genesis/pre-state code is not bound by EIP-170 */

/* ---- Merkle-Patricia trie ---- */
#define RS_MPT_KEY_MAX 256              /* bytes of a trie key; node recursion is bounded by its nibbles */

/* ---- state tests ---- */
#define RS_STATETEST_FILE_MAX ((size_t)64 << 20) /* bytes of one test file */
#define RS_STATETEST_DATA_MAX ((size_t)1 << 24)  /* bytes of one hex field (code, calldata) */
#define RS_STATETEST_ACCOUNTS_MAX 100000         /* accounts in one pre-state */
#define RS_STATETEST_STACK_BYTES ((size_t)1 << 30) /* runner thread stack: 1024 nested frames in any build */

/* ---- devnet node ---- */
#define RS_MINER_QUEUE_MAX 131072       /* jobs submitted to the miner and not yet done */
#define RS_MINER_QUEUE_WAIT_S 10        /* a submitter waits this long for room, then is refused */
#define RS_TIMESTAMP_MAX (1ull << 40)   /* block timestamps (year ~36800): time travel stops here */

/* ---- JSON-RPC over HTTP ---- */
#define RS_RPC_POOL_THREADS 4           /* event-loop threads; a request runs on a thread of its own */
#define RS_RPC_CONNECTIONS_MAX 65536u   /* open connections (further capped by the fd limit) */
#define RS_RPC_PER_IP_MAX 256u          /* connections of one remote address (loopback exempt) */
#define RS_RPC_HEADER_DEADLINE_S 10     /* a new connection's first request headers */
#define RS_RPC_BODY_DEADLINE_S 60       /* a request's body, from the end of its headers */
#define RS_RPC_IDLE_TIMEOUT_S 60        /* a silent connection; a kept-alive one's next headers */
#define RS_RPC_TRIM_BYTES (1u << 20)    /* a request body this large returns its memory when done */
#define RS_RPC_DRAIN_S 10               /* at shutdown, in-flight requests get this long to answer */
/* ---- precompiles ---- */
/* modexp operand caps (bytes). EIP-2565 prices a 16 MiB base or modulus
 * above 10^12 gas and a 256 MiB exponent above 7 * 10^8: the price is still
 * computed exactly, but a call that could pay it fails instead of running
 * (a zero-length modulus still succeeds with empty output, as it needs no
 * data). */
#define RS_EVM_MODEXP_LEN_MAX (1ULL << 24)
#define RS_EVM_MODEXP_EXP_LEN_MAX (1ULL << 28)
#define RS_EVM_PAIRING_BATCH 64 /* bn254 pairs per Miller-loop batch, held on the stack */

_Static_assert(RS_EVM_INITCODE_SIZE_MAX == 2 * RS_EVM_CODE_SIZE_MAX, "EIP-3860 ties initcode to code size");
_Static_assert(RS_EVM_STACK_MAX == RS_CALL_DEPTH_MAX, "Cancun uses 1024 for both");

/* ---- codecs ---- */
#define RLP_MAX_DEPTH 64                /* RLP list nesting; transactions nest 3 deep */
#define ABI_MAX_DEPTH 32                /* type nesting (tuples and array suffixes each add a level) */
/* A decode creates at most this many values (array elements and tuple fields),
 * however the offsets alias: more than any calldata fitting in a block could
 * make Solidity decode. */
#define ABI_MAX_VALUES (1u << 20)
#define ABI_MAX_FIELDS 1024u            /* tuple fields in one type string; no EigenLayer type nears it */
/* Fixed-array lengths beyond this are rejected: no EigenLayer type comes close,
 * and it keeps static sizes far from overflow. */
#define ABI_MAX_FIXED_LEN 65536u
#define RS_ARENA_BLOCK_MAX (1u << 20)   /* arena blocks stop doubling here: a large decode wastes < 1 MiB */
#define RS_ARENA_BLOCK_FIRST 4096u      /* an arena's first block: one page */
#define RS_DISPATCH_ARENA_MAX ((size_t)1 << 28) /* decoded calldata per call depth; far above any tx */

/* ---- state ---- */
/* Bytes in a state key: namespace (2) + three addresses + one word, the
 * widest mapping key; the length is kept in one byte. */
#define RS_KEY_MAX 94
#define RS_BEACON_TREE_DEPTH_MAX 64     /* SSZ Merkle trees: zero hashes precomputed per level */

/* ---- protocol (values fixed by the Solidity contracts) ---- */
#define SM_MAX_STAKER_STRATEGY_LIST_LENGTH 32 /* StrategyManager.MAX_STAKER_STRATEGY_LIST_LENGTH */

/* ---- chain ---- */
#define RS_TX_MAX_SIZE (128 * 1024)     /* raw transactions larger than this are refused before decoding */
#define RS_BLOCK_GAS_LIMIT 1000000000000ull /* batches of --block-time are not capped */

/* ---- node ---- */
/* Blocks replayed from the nearest snapshot to serve a historical state: the
 * work one request may cost while the node lock is held. */
#define RS_NODE_MAX_HISTORY_REPLAY 50000
/* --accounts N: dev accounts derived from the mnemonic (each costs a key
 * derivation at start and a line of the banner). */
#define RS_DEV_ACCOUNTS_MAX 1000
/* A state file (--load-state, anvil_loadState): bytes read or decoded. */
#define RS_STATE_FILE_MAX (512u * 1024 * 1024)

/* ---- JSON-RPC server ---- */
#define RS_RPC_MAX_BODY (32u * 1024 * 1024) /* request bytes: a full batch of hex-encoded transactions */
#define RS_RPC_MAX_BATCH 100000         /* requests in one batch */
#define RS_RPC_MAX_LOGS 10000           /* logs one eth_getLogs returns */
#define RS_RPC_MAX_LOG_RANGE 100000     /* blocks one eth_getLogs scans */
/* debug_trace*: a trace is built in memory before it is sent. The struct
 * logger stops recording past this many entries (geth's `limit` option may
 * lower it); the call tracer records at most this many frames. */
#define RS_TRACE_STRUCT_LOGS_MAX 200000
#define RS_TRACE_FRAMES_MAX 100000
#define RS_TRACE_BLOCK_TXS_MAX 1000     /* transactions one debug_traceBlockBy* traces */
#define RS_RPC_FILTERS_MAX 1024         /* installed filters; each holds a cursor in memory */
/* One restake_slashImpact request's arrays: the work is done under the node
 * lock, which every other reader and the miner wait for. */
#define RS_RPC_RISK_ITEMS_MAX 256
#define RS_POD_VALIDATORS_MAX 4096      /* validators of one pod served by the devnet beacon methods */

/* ---- risk report presentation (src/cli/risk_render_*.c) ---- */
/* Items read from any one list of a report: a report over every staker of a
 * large state is long, and a hostile one must not make the renderers spin. */
#define RS_RISK_RENDER_ITEMS_MAX (1u << 20)
#define RS_RISK_RENDER_ROWS_MAX (1u << 21) /* rows of one text table; the rest is summarised */
#define RS_RISK_RENDER_COLS_MAX 12         /* columns of one text table */
#define RS_RISK_RENDER_CELL_MAX 160        /* bytes of one table cell (a u256 with separators fits) */
#define RS_RISK_HTML_ROWS_MAX 5000         /* rows of one table in the HTML page (all of them are in its JSON) */
#define RS_RISK_CHART_ITEMS_MAX 64         /* bars, points or markers of one chart; the rest is summarised */

/* ---- conformance runner (JSON-RPC client) ---- */
#define RS_CONF_RPC_BATCH_MAX 1000      /* requests per HTTP batch sent to a node */
#define RS_CONF_RPC_RESPONSE_MAX (256u * 1024 * 1024) /* response bytes accepted from a node */

_Static_assert(RS_KEY_MAX <= 255, "a key's length is one byte");
_Static_assert(RS_KEY_MAX >= 2 + 3 * 20 + 32, "the widest mapping key fits");
_Static_assert(ABI_MAX_VALUES >= ABI_MAX_FIELDS, "one tuple's fields are values");
_Static_assert(ABI_MAX_VALUES >= RS_TX_MAX_SIZE / 32, "every word of the largest transaction may be a value");
_Static_assert(RS_ARENA_BLOCK_FIRST <= RS_ARENA_BLOCK_MAX, "arena blocks grow from first to max");
_Static_assert(RS_DISPATCH_ARENA_MAX >= (size_t)RS_TX_MAX_SIZE * 64, "a decoded value (< 64 bytes) per calldata word fits");
_Static_assert(RS_TX_MAX_SIZE >= RS_EVM_INITCODE_SIZE_MAX + 1024, "a contract-creation transaction fits");
_Static_assert(RS_RPC_MAX_BODY >= 2 * RS_TX_MAX_SIZE + 1024, "the largest transaction, hex-encoded, fits in a request");
_Static_assert(RS_CONF_RPC_BATCH_MAX <= RS_RPC_MAX_BATCH, "the runner's batches are accepted by the server");
_Static_assert(RS_MINER_QUEUE_MAX >= RS_RPC_MAX_BATCH, "one full batch of transactions fits in the miner queue");
/* ---- devnet node: anvil-parity client surface ---- */
#define RS_RPC_ACCESS_LIST_MAX 4096     /* entries (addresses plus keys) in a JSON access list */
#define RS_TXPOOL_MAX 65536             /* transactions waiting in the devnet's pool */
#define RS_TXPOOL_PER_SENDER_MAX 1024   /* ... of one sender */
#define RS_MINE_BLOCKS_MAX 1000000ull   /* blocks one anvil_mine may make (each is stored: ~0.5 KB) */
#define RS_STATE_OVERRIDE_MAX 1024      /* accounts in an eth_call state override */
#define RS_STATE_OVERRIDE_SLOTS_MAX 4096 /* storage slots in one account's state / stateDiff override */
#define RS_TYPED_DATA_DEPTH_MAX 32      /* nesting of EIP-712 struct types */

/* ---- WebSockets on the JSON-RPC port (src/rpc/ws*.c, rpc_subscribe.c) ---- */
#define RS_WS_FRAME_MAX RS_RPC_MAX_BODY /* payload bytes of one frame */
#define RS_WS_MESSAGE_MAX RS_RPC_MAX_BODY /* bytes of a message reassembled from its fragments */
#define RS_WS_FRAGMENTS_MAX 4096        /* frames of one fragmented message */
#define RS_WS_CONTROL_MAX 125           /* RFC 6455 5.5: control frame payload */
#define RS_WS_PER_IP_MAX 128u           /* websocket connections of one address (loopback included) */
#define RS_WS_CONNECTIONS_MAX 16384u    /* websocket connections in all */
#define RS_WS_HANDSHAKES_MAX 1024u      /* upgrades answered 101 whose socket the hub has not taken yet */
#define RS_WS_HANDSHAKE_S 10            /* such an upgrade stops counting after this long */
#define RS_WS_INFLIGHT_MAX 64           /* requests of one connection running at once; reading pauses beyond */
#define RS_WS_SUBS_MAX 128              /* subscriptions of one connection */
#define RS_WS_OUTBOUND_MAX (64u * 1024 * 1024) /* unsent bytes of one connection: a slower consumer is closed */
#define RS_WS_EVENTS_MAX 65536          /* new-block and pending-tx events waiting for the notifier */
#define RS_WS_PING_S 30                 /* a silent connection is pinged after this long ... */
#define RS_WS_PONG_DEADLINE_S 30        /* ... and closed when nothing arrives this long after */
#define RS_WS_MESSAGE_DEADLINE_S 60     /* a started message's remaining frames */
#define RS_WS_FILTER_ITEMS_MAX 1024     /* addresses plus topics in one logs subscription */
#define RS_WS_NOTIFY_BLOCKS_MAX 1024    /* blocks one notifier pass announces (anvil_mine N: the newest) */
_Static_assert(RS_WS_OUTBOUND_MAX >= 2 * RS_RPC_MAX_BODY, "one answer of the largest kind fits in a queue");

/* ---- risk engine (docs/risk.md) ---- */
#define RS_RISK_STAKERS_MAX 10000000u   /* stakers one report walks (the "all" report, an operator's count) */
#define RS_RISK_OPERATORS_MAX 100000u   /* operators one report caches */
#define RS_RISK_SETS_MAX 100000u        /* operator sets one enumeration returns */
#define RS_RISK_LIST_MAX 65536u         /* entries of one view's array (strategies, members, sets) */
#define RS_RISK_SLASHES_MAX 256u        /* operators in one what-if */
#define RS_RISK_LOG_RANGE 100000u       /* blocks per eth_getLogs request of the RPC source */
/* nesting of a report: all > stakers > staker > strategies > holding > exposures > exposure > pending > entry */
#define RS_RISK_EMIT_DEPTH_MAX 12

/* ---- EmissionsController ---- */
/* Bytes of one stored distribution (its ABI encoding): an add or update
 * beyond it reverts empty, as a transaction too large for a block would fail. */
#define RS_EC_DISTRIBUTION_BYTES_MAX ((size_t)256 * 1024)
#define RS_EC_DISTRIBUTIONS_MAX 65536u /* distributions of one controller (addDistribution past it reverts empty) */

#endif
