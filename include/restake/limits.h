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

#endif
