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

_Static_assert(RS_EVM_INITCODE_SIZE_MAX == 2 * RS_EVM_CODE_SIZE_MAX, "EIP-3860 ties initcode to code size");
_Static_assert(RS_EVM_STACK_MAX == RS_CALL_DEPTH_MAX, "Cancun uses 1024 for both");

/* ---- devnet node: anvil-parity client surface ---- */
#define RS_RPC_ACCESS_LIST_MAX 4096     /* entries (addresses plus keys) in a JSON access list */
#define RS_TXPOOL_MAX 65536             /* transactions waiting in the devnet's pool */
#define RS_TXPOOL_PER_SENDER_MAX 1024   /* ... of one sender */
#define RS_MINE_BLOCKS_MAX 1000000ull   /* blocks one anvil_mine may make (each is stored: ~0.5 KB) */
#define RS_STATE_OVERRIDE_MAX 1024      /* accounts in an eth_call state override */
#define RS_TYPED_DATA_DEPTH_MAX 32      /* nesting of EIP-712 struct types */

#endif
