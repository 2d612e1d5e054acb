/* The bridge between native and EVM code: the EVM world kept per execution
 * environment, native callers entering EVM frames, EVM frames calling native
 * contracts (with the gas charge of docs/evm.md), contract creation for
 * transactions, and the runtime code of any account. */
#include <assert.h>
#include <stdlib.h>

#include "restake/evm.h"
#include "restake/keccak.h"
#include "restake/precompiles.h"
#include "router/router_internal.h"

/* The world of one environment and the transaction it last served. */
typedef struct {
    rs_world *w;
    uint64_t tx_seq;
    bool in_tx; /* per-transaction keys may be recorded */
} bridge;

static void bridge_free(void *p) {
    bridge *b = p;
    rs_world_free(b->w);
    free(b);
}

static rs_tx_context tx_context(const rs_env *e) {
    uint64_t chain_id = e->chain_id ? e->chain_id : (e->p && e->p->chain_id ? e->p->chain_id : 31337);
    return (rs_tx_context){
        .gas_price = e->gas_price,
        .origin = e->origin,
        .coinbase = e->coinbase,
        .number = e->block_number,
        .timestamp = e->timestamp,
        .gas_limit = e->gas_limit ? e->gas_limit : RS_EVM_TX_GAS_DEFAULT,
        .prev_randao = e->prev_randao,
        .chain_id = u256_from_u64(chain_id),
        .base_fee = e->base_fee,
    };
}

static rs_evm_result native_from_evm(void *ctx, rs_world *w, rs_code_kind kind, const rs_msg *msg, rs_buf *out);

/* The bridge of e, made on first use; a new transaction (rs_env_reset since
 * the last EVM frame) first ends the previous one's scope. */
static bridge *bridge_of(rs_env *e) {
    bridge *b = e->evm;
    if (!b) {
        b = calloc(1, sizeof *b);
        if (!b) return NULL;
        b->w = rs_world_new(e->st);
        if (!b->w) {
            free(b);
            return NULL;
        }
        rs_world_bind_env(b->w, e);
        rs_world_set_native(b->w, native_from_evm, e);
        b->tx_seq = e->tx_seq;
        e->evm = b;
        e->evm_free = bridge_free;
    }
    assert(rs_world_state(b->w) == e->st);
    if (b->tx_seq != e->tx_seq) {
        if (b->in_tx) rs_world_tx_finish(b->w);
        b->tx_seq = e->tx_seq;
        b->in_tx = false;
    }
    b->in_tx = true;
    rs_tx_context ctx = tx_context(e);
    rs_world_set_tx(b->w, &ctx);
    return b;
}

rs_world *rs_router_world(rs_env *e) {
    bridge *b = bridge_of(e);
    return b ? b->w : NULL;
}

void rs_router_tx_end(rs_env *e) {
    bridge *b = e->evm;
    if (!b || !b->in_tx) return;
    rs_world_tx_finish(b->w);
    b->in_tx = false;
}

/* Gas a native caller gives an EVM frame: all but 1/64 of what it has — the
 * gas of the native frame when EVM code called it, else the transaction's. */
static int64_t forwarded_gas(const rs_env *e) {
    int64_t avail = e->frame_gas > 0 ? e->frame_gas
                                     : (int64_t)(e->tx_gas_limit ? e->tx_gas_limit : RS_EVM_TX_GAS_DEFAULT);
    return avail - avail / 64;
}

int router_evm_frame(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    bridge *b = bridge_of(e);
    if (!b) return rs_revert_empty(e);
    rs_msg m = *msg;
    m.gas = msg->gas > 0 ? msg->gas : forwarded_gas(e);
    size_t cp = rs_state_checkpoint(e->st);
    /* The interpreter enforces static mode itself, and even a static EVM
     * frame records its warm addresses and slots in the journal. */
    bool readonly = rs_state_set_readonly(e->st, false);
    rs_evm_result r;
    if (rs_precompile_is(m.code_address)) {
        r = rs_precompile_run(m.code_address, m.input, m.input_len, m.gas, ret);
    } else {
        size_t len;
        rs_b32 hash;
        const uint8_t *code = rs_world_code(b->w, m.code_address, &len, &hash);
        r = len ? rs_evm_execute(rs_world_host(b->w), &m, code, len, &hash, ret)
                : (rs_evm_result){.status = RS_EVM_SUCCESS, .gas_left = m.gas};
    }
    rs_state_set_readonly(e->st, readonly);
    bool kept = r.status == RS_EVM_SUCCESS || r.status == RS_EVM_REVERT;
    e->evm_gas_used += (uint64_t)(m.gas - (kept ? r.gas_left : 0));
    e->evm_writes += rs_state_checkpoint(e->st) - cp;
    if (r.status == RS_EVM_SUCCESS) return RS_OK;
    if (r.status == RS_EVM_REVERT) return rs_revert_bytes(e, ret->p, ret->len);
    return rs_revert_empty(e);
}

/* The documented charge of a native frame run for EVM code. */
static int64_t native_charge(const rs_env *e, const rs_msg *msg, bool ok, size_t writes, size_t log0) {
    int64_t g = RS_NATIVE_GAS_BASE + RS_NATIVE_GAS_PER_BYTE * (int64_t)msg->input_len;
    if (!ok) return g;
    g += RS_NATIVE_GAS_PER_WRITE * (int64_t)writes;
    for (size_t i = log0; i < e->nlogs; i++)
        g += RS_NATIVE_GAS_PER_LOG * (1 + (int64_t)e->logs[i].ntopics) + 8 * (int64_t)e->logs[i].data_len;
    return g;
}

/* A frame EVM code opened at native code (the world checked the depth and
 * the balance, took the checkpoint, moved the value, and undoes the frame
 * unless it succeeds). DELEGATECALL and CALLCODE would run the native
 * contract on the caller's account, which native contracts have no notion
 * of: they revert with empty data and consume nothing. */
static rs_evm_result native_from_evm(void *ctx, rs_world *w, rs_code_kind kind, const rs_msg *msg, rs_buf *out) {
    (void)w;
    (void)kind;
    rs_env *e = ctx;
    if (msg->kind != RS_MSG_CALL) return (rs_evm_result){.status = RS_EVM_REVERT, .gas_left = msg->gas};
    size_t cp = rs_state_checkpoint(e->st), log0 = e->nlogs;
    uint64_t evm_gas = e->evm_gas_used, evm_writes = e->evm_writes;
    int64_t frame_gas = e->frame_gas;
    e->frame_gas = msg->gas;
    int rc = router_enter(e, msg, out, false);
    e->frame_gas = frame_gas;
    /* EVM frames below this one are paid inside its charge. */
    int64_t nested = (int64_t)(e->evm_gas_used - evm_gas);
    size_t nested_writes = (size_t)(e->evm_writes - evm_writes);
    e->evm_gas_used = evm_gas;
    e->evm_writes = evm_writes;
    size_t writes = rs_state_checkpoint(e->st) - cp;
    writes = writes > nested_writes ? writes - nested_writes : 0;
    int64_t charge = native_charge(e, msg, rc == RS_OK, writes, log0) + nested;
    if (charge > msg->gas) {
        rs_buf_reset(out);
        return (rs_evm_result){.status = RS_EVM_OUT_OF_GAS};
    }
    if (rc != RS_OK) {
        rs_buf_reset(out);
        rs_buf_put(out, e->revert, e->revert_len);
        return (rs_evm_result){.status = RS_EVM_REVERT, .gas_left = msg->gas - charge};
    }
    return (rs_evm_result){.status = RS_EVM_SUCCESS, .gas_left = msg->gas - charge};
}

int rs_route_create(rs_env *e, rs_addr from, u256 value, const uint8_t *initcode, size_t len, rs_addr *created,
                    rs_buf *ret) {
    assert(rs_account_nonce(e->st, from) > 0); /* the transaction took its nonce */
    rs_buf_reset(ret);
    bridge *b = bridge_of(e);
    if (!b) return rs_revert_empty(e);
    rs_msg m = {.kind = RS_MSG_CREATE,
                .depth = 0,
                .gas = (int64_t)(e->tx_gas_limit ? e->tx_gas_limit : RS_EVM_TX_GAS_DEFAULT),
                .sender = from,
                .value = value,
                .input = initcode,
                .input_len = len};
    size_t cp = rs_state_checkpoint(e->st);
    size_t nlogs = e->nlogs, logdata_len = e->logdata_len;
    uint32_t depth = e->depth;
    bool is_static = e->is_static;
    e->depth = 1;
    e->is_static = false;
    bool readonly = rs_state_set_readonly(e->st, false);
    rs_host *h = rs_world_host(b->w);
    rs_evm_result r = h->call(h, &m, ret);
    rs_state_set_readonly(e->st, readonly);
    e->depth = depth;
    e->is_static = is_static;
    bool kept = r.status == RS_EVM_SUCCESS || r.status == RS_EVM_REVERT;
    e->evm_gas_used += (uint64_t)(m.gas - (kept ? r.gas_left : 0));
    e->evm_writes += rs_state_checkpoint(e->st) - cp;
    if (r.status == RS_EVM_SUCCESS) {
        *created = r.create_address;
        rs_buf_reset(ret);
        return RS_OK;
    }
    int rc = r.status == RS_EVM_REVERT ? rs_revert_bytes(e, ret->p, ret->len) : rs_revert_empty(e);
    rs_state_revert(e->st, cp);
    e->nlogs = nlogs;
    e->logdata_len = logdata_len;
    rs_buf_reset(ret);
    return rc;
}

size_t rs_code_bytes(rs_state *st, rs_addr a, rs_buf *code, rs_b32 *hash) {
    if (code) rs_buf_reset(code);
    rs_world *w = rs_world_new(st);
    if (!w) abort();
    size_t len;
    const uint8_t *c = rs_world_code(w, a, &len, hash);
    if (code && len) rs_buf_put(code, c, len);
    rs_world_free(w);
    return len;
}
