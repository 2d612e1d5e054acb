/* The execution environment of one call: block context, the state, the logs
 * emitted so far and the revert data of a failed call.
 *
 * Protocol functions take `rs_env *e` first and return RS_OK or RS_REVERTED.
 * On RS_REVERTED, e->revert holds the exact revert data Solidity would return
 * (custom error selector + ABI args, Panic(uint256), Error(string), or empty).
 * Protocol code may write state before it discovers a revert: rs_call (the
 * contract dispatcher) rolls the state and the logs back, as the EVM does. */
#ifndef RESTAKE_ENV_H
#define RESTAKE_ENV_H

#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/host.h"
#include "restake/params.h"
#include "restake/state.h"
#include "restake/types.h"

enum { RS_OK = 0, RS_REVERTED = -1 };

typedef struct {
    rs_addr address;
    uint8_t ntopics;
    rs_b32 topics[4];
    uint32_t data_off; /* into rs_env.logdata */
    uint32_t data_len;
} rs_log;

struct rs_env;
/* Runs one call frame: looks up the code at msg->code_address and runs it;
 * on revert, every state write and log since the frame began is undone and
 * e->revert holds the revert data. Set by the layer that owns routing (the
 * call router, restake/router.h), so code below it can call other contracts
 * without seeing them. */
typedef int (*rs_call_hook)(struct rs_env *e, const rs_msg *msg, rs_buf *ret);
/* The hash of block `number` (the caller has checked it is one of the 256
 * before the current block). */
typedef rs_b32 (*rs_env_block_hash_fn)(void *ctx, uint64_t number);

typedef struct rs_env {
    rs_state *st;
    const rs_params *p;
    uint64_t block_number;
    uint64_t timestamp;
    rs_addr origin; /* tx.origin */
    u256 value;     /* msg.value of the outermost call */
    /* The rest of the block context EVM code sees (zero: the defaults the
     * router documents in docs/evm.md — chain id from the params, gas limit
     * RS_EVM_TX_GAS_DEFAULT). */
    rs_addr coinbase;
    u256 base_fee;
    u256 gas_price;
    uint64_t gas_limit;    /* block gas limit seen by GASLIMIT */
    uint64_t tx_gas_limit; /* gas budget of the transaction: native-to-EVM calls forward all but 1/64 of it */
    rs_b32 prev_randao;
    uint64_t chain_id;     /* CHAINID (0: the params', else 31337) */
    rs_env_block_hash_fn block_hash;
    void *block_hash_ctx;

    rs_log *logs;
    size_t nlogs, logs_cap;
    uint8_t *logdata;
    size_t logdata_len, logdata_cap;

    uint8_t *revert;
    size_t revert_len, revert_cap;

    rs_call_hook call;        /* NULL until the router attaches itself */
    uint32_t depth;           /* frames running: the depth the next child frame gets */
    bool is_static;           /* the running frame is static (STATICCALL or below one) */
    size_t static_violations; /* logs attempted inside a static frame (none are kept) */

    /* The EVM world bound to this environment, made by the router on the
     * first EVM frame and freed by rs_env_free through evm_free. */
    void *evm;
    void (*evm_free)(void *evm);
    uint64_t tx_seq; /* bumped by rs_env_reset: a new transaction's per-tx sets start empty */
    /* Gas across the boundary (docs/evm.md): the gas of the running native
     * frame when EVM code called it (0: unmetered, the transaction's budget
     * applies), and the EVM gas and journal entries of the EVM frames that
     * native frames (or the transaction) entered, for the gas model. */
    int64_t frame_gas;
    uint64_t evm_gas_used;
    uint64_t evm_writes;
} rs_env;

void rs_env_init(rs_env *e, rs_state *st, const rs_params *p);
void rs_env_free(rs_env *e);
/* Forget logs and revert data (start of a new transaction). */
void rs_env_reset(rs_env *e);

/* ---- calls ----
 * A call from the running frame (or from a transaction when none runs): the
 * child frame is built here (depth + 1, the static flag inherited) and run
 * through e->call. Calls to accounts without code succeed with empty return
 * (and move `value`); `ret` may be NULL when the return is not needed. */
int rs_call(rs_env *e, rs_addr from, rs_addr to, u256 value, const uint8_t *cd, size_t len, rs_buf *ret);
/* STATICCALL: the callee and everything it calls may not write state or
 * emit logs; an attempt reverts the static frame. */
int rs_staticcall(rs_env *e, rs_addr from, rs_addr to, const uint8_t *cd, size_t len, rs_buf *ret);
/* Runs a frame the caller built (depth, static flag, ...) through e->call. */
int rs_call_msg(rs_env *e, const rs_msg *msg, rs_buf *ret);

/* ---- reverts: each sets e->revert and returns RS_REVERTED ---- */
/* Custom error without arguments, e.g. rs_revert(e, "CurrentlyPaused()"). */
RS_MUST_USE int rs_revert(rs_env *e, const char *error_sig);
/* Custom error with already ABI-encoded arguments (head/tail as abi_encode gives). */
RS_MUST_USE int rs_revert_args(rs_env *e, const char *error_sig, const uint8_t *args, size_t len);
/* Custom error with one static word argument (address, uint, bytes32 ...). */
RS_MUST_USE int rs_revert_word(rs_env *e, const char *error_sig, u256 arg);
RS_MUST_USE int rs_panic(rs_env *e, unsigned code);            /* Panic(uint256) */
RS_MUST_USE int rs_revert_string(rs_env *e, const char *msg);  /* Error(string) */
RS_MUST_USE int rs_revert_empty(rs_env *e);                    /* revert() with no data */
RS_MUST_USE int rs_revert_bytes(rs_env *e, const uint8_t *data, size_t len); /* revert data as given */

/* ---- events ----
 * topic0 = keccak256(event_sig); `indexed` are topics 1..n as 32-byte words;
 * data is the ABI encoding of the non-indexed arguments. */
void rs_emit(rs_env *e, rs_addr emitter, const char *event_sig, unsigned n_indexed,
             const rs_b32 *indexed, const uint8_t *data, size_t len);
/* A log with raw topics (0..4) and data: the EVM's LOGn. */
void rs_emit_raw(rs_env *e, rs_addr emitter, const rs_b32 *topics, unsigned ntopics, const uint8_t *data,
                 size_t len);
/* Anonymous-free helpers for the common shapes. */
static inline rs_b32 rs_topic_addr(rs_addr a) { rs_b32 t = RS_B32_ZERO; memcpy(t.b + 12, a.b, 20); return t; }
static inline rs_b32 rs_topic_u256(u256 v) { return rs_b32_from_u256(v); }
/* An event of shape (address indexed, string): the metadata-URI events. */
void rs_emit_addr_string(rs_env *e, rs_addr emitter, const char *event_sig, rs_addr indexed, const uint8_t *s,
                         size_t len);

/* Cached keccak of signature strings (pointer-identity cache: pass literals). */
uint32_t rs_sig_selector(const char *sig);
/* A selector as the 4 big-endian bytes that open calldata or revert data. */
void rs_selector_put(uint8_t out[4], uint32_t sel);
/* Appends sig's selector (cached as rs_sig_selector) to b: calldata's head. */
void rs_buf_selector(rs_buf *b, const char *sig);
rs_b32 rs_sig_topic(const char *sig);

#endif
