/* The world's layout in the state and its private structure, shared by the
 * world's files (accounts, host, calls, roots) and nothing else. */
#ifndef RESTAKE_WORLD_INTERNAL_H
#define RESTAKE_WORLD_INTERNAL_H

#include "restake/namespaces.h"
#include "restake/world.h"

/* Namespaces in the RS_NS_EVM_BASE range. The ones from 0x80 on hold
 * per-transaction sets: every key written there is recorded in txkeys and
 * zeroed by rs_world_tx_end. */
enum {
    NS_EVM_EXISTS = RS_NS_EVM_BASE + 0x01,      /* address → 1 */
    NS_EVM_CODE_HASH = RS_NS_EVM_BASE + 0x02,   /* address → keccak256(code) */
    NS_EVM_CODE_LEN = RS_NS_EVM_BASE + 0x03,    /* code hash → byte length */
    NS_EVM_CODE_WORD = RS_NS_EVM_BASE + 0x04,   /* code hash ‖ u64 index → 32 code bytes */
    NS_EVM_STORAGE = RS_NS_EVM_BASE + 0x05,     /* address ‖ slot → value */
    NS_EVM_HAS_STORAGE = RS_NS_EVM_BASE + 0x06, /* address → 1 once a non-zero slot was written */
    NS_EVM_TX_FIRST = RS_NS_EVM_BASE + 0x80,
    NS_EVM_WARM_ADDR = NS_EVM_TX_FIRST,         /* address → 1 (EIP-2929) */
    NS_EVM_WARM_SLOT = RS_NS_EVM_BASE + 0x81,   /* address ‖ slot → 1 (EIP-2929) */
    NS_EVM_TRANSIENT = RS_NS_EVM_BASE + 0x82,   /* address ‖ slot → value (EIP-1153) */
    NS_EVM_CREATED = RS_NS_EVM_BASE + 0x83,     /* address → 1 (EIP-6780) */
    NS_EVM_DESTRUCTED = RS_NS_EVM_BASE + 0x84,  /* address → 1 */
    NS_EVM_TOUCHED = RS_NS_EVM_BASE + 0x85,     /* address → 1 (EIP-161) */
    NS_EVM_ORIGINAL_SEEN = RS_NS_EVM_BASE + 0x86, /* address ‖ slot → 1 */
    NS_EVM_ORIGINAL = RS_NS_EVM_BASE + 0x87,    /* address ‖ slot → value at the start of the tx */
};

typedef struct {
    rs_b32 hash;
    uint8_t *code; /* NULL: free slot */
    size_t len;
} world_code;

struct rs_world {
    rs_host host; /* first: the host callbacks recover the world from it */
    rs_state *st;
    rs_native_call_fn native;
    void *native_ctx;
    rs_block_hash_fn block_hash;
    void *block_hash_ctx;
    rs_tx_context tx;
    rs_env *env; /* bound: logs go to its list (rs_world_bind_env) */
    rs_evm_log *logs;
    size_t nlogs, logs_cap;
    rs_key *txkeys; /* every per-transaction key written (repeats allowed) */
    size_t ntxkeys, txkeys_cap;
    world_code *codes; /* open-addressed by the hash's first bytes; cap a power of two */
    size_t ncodes, codes_cap;
};

static inline rs_world *world_of(rs_host *h) { return (rs_world *)h; }

rs_key world_addr_key(uint16_t ns, rs_addr a);
rs_key world_slot_key(uint16_t ns, rs_addr a, u256 slot);
/* Writes a per-transaction key, recording it for tx_end. */
void world_tx_set(rs_world *w, const rs_key *k, u256 v);
bool world_flag(rs_world *w, uint16_t ns, rs_addr a);
void world_logs_truncate(rs_world *w, size_t n);
/* A position in the log list (the world's own, or the bound env's), to undo
 * a frame's logs. */
typedef struct {
    size_t nlogs, data_len;
} world_log_mark;
world_log_mark world_logs_mark(rs_world *w);
void world_logs_undo(rs_world *w, world_log_mark m);
void world_host_init(rs_host *h);
rs_evm_result world_call(rs_host *h, const rs_msg *msg, rs_buf *out);
rs_access_status world_access_account(rs_host *h, rs_addr a);

#endif
