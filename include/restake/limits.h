/* Every bound of the system in one place, with the relations between them
 * checked at compile time. A limit is a promise: a buffer, queue, loop or
 * call depth never grows past it, whatever the input. */
#ifndef RESTAKE_LIMITS_H
#define RESTAKE_LIMITS_H

/* ---- calls (native and EVM frames alike) ---- */
#define RS_CALL_DEPTH_MAX 1024          /* EVM message-call depth limit */

/* ---- EVM (Cancun) ---- */
#define RS_EVM_STACK_MAX 1024           /* stack items per frame */
#define RS_EVM_CODE_SIZE_MAX 24576      /* EIP-170 deployed code */
#define RS_EVM_INITCODE_SIZE_MAX 49152  /* EIP-3860: 2 * code size */
#define RS_EVM_MEMORY_MAX ((size_t)1 << 32) /* a frame's memory; gas runs out far earlier */
#define RS_EVM_LOG_TOPICS_MAX 4
#define RS_EVM_CALL_STIPEND 2300
#define RS_EVM_JUMPDEST_CACHE_ENTRIES 4096 /* analysed codes kept, by code hash */

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

_Static_assert(RS_EVM_INITCODE_SIZE_MAX == 2 * RS_EVM_CODE_SIZE_MAX, "EIP-3860 ties initcode to code size");
_Static_assert(RS_EVM_STACK_MAX == RS_CALL_DEPTH_MAX, "Cancun uses 1024 for both");

#endif
