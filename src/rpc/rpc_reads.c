/* Reads clients call before sending: eth_createAccessList,
 * eth_fillTransaction; and eth_getProof, which the state cannot answer. */
#include <stdlib.h>
#include <string.h>

#include "chain/executor.h"
#include "restake/keccak.h"
#include "restake/precompiles.h"
#include "restake/router.h"
#include "rpc/rpc.h"
#include "rpc/rpc_access_list.h"
#include "rpc/rpc_extra.h"
#include "rpc/rpc_json.h"
#include "rpc/rpc_tx_object.h"

/* 0, or a JSON-RPC error with msg set (a is freed by the caller either way):
 * a transaction object of a type the devnet signs, to an address. */
static int parse_tx(const json_t *o, rs_rpc_tx_object *a, char *msg, size_t cap) {
    int code = rs_rpc_tx_object_parse(o, a, msg, cap);
    if (code) return code;
    if (a->has_type && a->type > RS_TX_DYNAMIC_FEE)
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: transaction type %llu is not supported",
                       (unsigned long long)a->type);
    if (!a->has_to)
        return rj_fail(msg, cap, RPC_SERVER, "contract creation is not supported: the core contracts are predeployed");
    return 0;
}

/* "pending" (and no tag) is the block a transaction sent now lands in. */
static bool tag_is_latest_or_pending(const json_t *tag, bool *pending) {
    *pending = !tag || json_is_null(tag);
    if (*pending) return true;
    const char *s = json_string_value(tag);
    if (!s) return false;
    *pending = !strcmp(s, "pending");
    return *pending || !strcmp(s, "latest");
}

/* The addresses a call's frames run at, in first-touch order: the router
 * hook is wrapped for the length of one call (per thread). */
enum { TOUCHED_MAX = RS_RPC_ACCESS_LIST_MAX };
static _Thread_local struct {
    rs_call_hook inner;
    rs_addr *list;
    size_t n;
} touched;

static int touching_hook(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    bool seen = false;
    for (size_t i = 0; i < touched.n && !seen; i++) seen = rs_addr_eq(touched.list[i], msg->code_address);
    if (!seen && touched.n < TOUCHED_MAX) touched.list[touched.n++] = msg->code_address;
    return touched.inner(e, msg, ret);
}

/* Runs the call on st in h's context; returns the rs_call status and leaves
 * the touched addresses in `touched`. */
static int traced_call(rs_node *n, rs_state *st, const rs_block_header *h, const rs_rpc_tx_object *a) {
    rs_env e;
    rs_env_init(&e, st, &n->params);
    rs_router_attach(&e);
    e.block_number = h->number;
    e.timestamp = h->timestamp;
    e.coinbase = h->coinbase;
    touched.inner = e.call;
    touched.n = 0;
    e.call = touching_hook;
    rs_buf ret;
    rs_buf_init(&ret);
    uint64_t gas = 0;
    int rc = rs_exec_call(&e, a->from, a->to, a->value, a->data, a->len, &ret, &gas);
    rs_buf_free(&ret);
    rs_env_free(&e);
    return rc;
}

/* eth_createAccessList(tx, tag): the addresses the call runs code at other
 * than the sender, the recipient and the precompiles (as geth and anvil
 * list them), each with no storage keys: the native contracts keep their
 * state in the protocol's key store, not in EVM slots, so there is no slot
 * to warm. gasUsed is what eth_estimateGas answers for the transaction
 * carrying that list (2400 gas per listed address: the devnet's gas model
 * charges a list and never discounts a warm access). */
int rs_rpc_create_access_list(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    rs_rpc_tx_object a;
    int code = parse_tx(json_array_get(p, 0), &a, msg, cap);
    bool pending;
    if (!code && !tag_is_latest_or_pending(json_array_get(p, 1), &pending))
        code = rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: block tag (latest or pending)");
    if (code) {
        rs_rpc_tx_object_free(&a);
        return code;
    }
    touched.list = malloc(TOUCHED_MAX * sizeof *touched.list);
    if (!touched.list) abort();
    pthread_mutex_lock(&n->lock);
    rs_block_header h = n->head;
    if (pending) {
        h.number = n->head.number + 1;
        h.timestamp = rs_node_next_timestamp(n);
    }
    h.coinbase = n->blk.coinbase;
    size_t cp = rs_state_checkpoint(n->st);
    int rc = traced_call(n, n->st, &h, &a);
    rs_state_revert(n->st, cp);
    rs_buf ret, rev;
    rs_buf_init(&ret);
    rs_buf_init(&rev);
    uint64_t gas = 0;
    int erc = rs_node_estimate_on(n, n->st, &h, a.from, a.to, a.value, a.data, a.len, &ret, &gas, &rev);
    rs_state_revert(n->st, cp);
    pthread_mutex_unlock(&n->lock);
    json_t *al = json_array();
    size_t listed = 0;
    for (size_t i = 0; i < touched.n; i++) {
        rs_addr x = touched.list[i];
        if (rs_addr_eq(x, a.to) || (a.has_from && rs_addr_eq(x, a.from)) || rs_precompile_is(x)) continue;
        json_array_append_new(al, json_pack("{sos[]}", "address", rj_addr(x), "storageKeys"));
        listed++;
    }
    free(touched.list);
    touched.list = NULL;
    u256 intrinsic = u256_from_u64(gas + rs_rpc_access_list_gas(listed, 0));
    *result = json_pack("{soso}", "accessList", al, "gasUsed", rj_u256(intrinsic));
    if (rc != RS_OK || erc != RS_OK) {
        char why[256];
        rj_revert_message(rev.p, rev.len, why, sizeof why);
        json_object_set_new(*result, "error", json_string(why));
    }
    rs_buf_free(&ret);
    rs_buf_free(&rev);
    rs_rpc_tx_object_free(&a);
    return 0;
}

/* The transaction with every missing field filled as eth_sendTransaction
 * would fill it. */
static int fill(rs_node *n, const rs_rpc_tx_object *a, rs_tx *tx, char *msg, size_t cap) {
    tx->from = a->from;
    tx->has_to = true;
    tx->to = a->to;
    tx->value = a->value;
    rs_tx_set_data(tx, a->data, a->len);
    tx->has_chain_id = true;
    tx->chain_id = n->chain_id;
    tx->nonce = a->has_nonce ? a->nonce : rs_node_pending_nonce(n, a->from);
    bool legacy_fees = a->has_gas_price || (a->has_type && a->type < RS_TX_DYNAMIC_FEE);
    if (legacy_fees) {
        tx->type = a->has_type ? (uint8_t)a->type : a->has_access_list ? RS_TX_ACCESS_LIST : RS_TX_LEGACY;
        tx->gas_price = a->has_gas_price ? a->gas_price : rs_node_gas_price(n);
    } else {
        tx->type = RS_TX_DYNAMIC_FEE;
        tx->max_priority_fee = a->has_max_prio ? a->max_prio : u256_from_u64(1000000000ull);
        tx->max_fee = a->has_max_fee ? a->max_fee : rs_node_default_max_fee(n);
        if (u256_gt(tx->max_priority_fee, tx->max_fee))
            return rj_fail(msg, cap, RPC_INVALID_PARAMS, "maxPriorityFeePerGas is above maxFeePerGas");
    }
    if (tx->type != RS_TX_LEGACY) {
        tx->access_list = malloc(a->access_list.len ? a->access_list.len : 1);
        if (!tx->access_list) abort();
        memcpy(tx->access_list, a->access_list.p, a->access_list.len);
        tx->access_list_len = a->access_list.len;
        tx->access_list_addrs = a->al_addrs;
        tx->access_list_keys = a->al_keys;
    }
    if (a->has_gas) {
        tx->gas_limit = a->gas;
        return 0;
    }
    pthread_mutex_lock(&n->lock);
    rs_block_header h = n->head;
    h.number = n->head.number + 1;
    h.timestamp = rs_node_next_timestamp(n);
    rs_buf ret, rev;
    rs_buf_init(&ret);
    rs_buf_init(&rev);
    uint64_t gas = 0;
    size_t cp = rs_state_checkpoint(n->st);
    int rc = rs_node_estimate_on(n, n->st, &h, a->from, a->to, a->value, a->data, a->len, &ret, &gas, &rev);
    rs_state_revert(n->st, cp);
    pthread_mutex_unlock(&n->lock);
    int code = 0;
    if (rc != RS_OK) {
        char why[200];
        rj_revert_message(rev.p, rev.len, why, sizeof why);
        code = rj_fail(msg, cap, RPC_REVERTED, "%s", why);
    }
    tx->gas_limit = gas + rs_rpc_access_list_gas(a->al_addrs, a->al_keys);
    rs_buf_free(&ret);
    rs_buf_free(&rev);
    return code;
}

/* eth_fillTransaction(tx): {raw, tx} as geth answers: raw is the envelope
 * with an empty signature (v = r = s = 0), tx its JSON form. */
int rs_rpc_fill_transaction(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    rs_rpc_tx_object a;
    int code = parse_tx(json_array_get(p, 0), &a, msg, cap);
    if (!code && !a.has_from) code = rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: from is required");
    rs_tx tx;
    rs_tx_init(&tx);
    if (!code) code = fill(n, &a, &tx, msg, cap);
    if (!code) {
        rs_buf raw;
        rs_buf_init(&raw);
        rs_tx_encode(&tx, &raw);
        rs_stored_tx row = {.hash = rs_keccak(raw.p, raw.len), .from = tx.from, .is_unsigned = true,
                            .raw = raw.p, .raw_len = raw.len};
        json_t *tj = rj_tx(&row, NULL, n->chain_id);
        if (!tj) {
            code = rj_fail(msg, cap, RPC_INTERNAL, "the filled transaction does not encode");
        } else {
            json_object_del(tj, "blockHash");
            json_object_del(tj, "blockNumber");
            json_object_del(tj, "transactionIndex");
            *result = json_pack("{soso}", "raw", rj_data(raw.p, raw.len), "tx", tj);
        }
        rs_buf_free(&raw);
    }
    rs_tx_free(&tx);
    rs_rpc_tx_object_free(&a);
    return code;
}

/* eth_getProof(address, keys, tag): the parameters are checked, then the
 * request is refused: each block's stateRoot (and restake_stateRoot) commits
 * to the protocol's flat key -> word store, not to a Merkle-Patricia trie of
 * accounts, so no account or storage proof against it exists. */
int rs_rpc_get_proof(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    (void)n, (void)result;
    rs_addr a;
    if (!rj_get_addr(json_array_get(p, 0), &a)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: address");
    const json_t *keys = json_array_get(p, 1);
    if (!json_is_array(keys)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: storage keys (array)");
    for (size_t i = 0; i < json_array_size(keys); i++) {
        rs_b32 k;
        if (!rj_get_b32(json_array_get(keys, i), &k))
            return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: storage key %zu", i);
    }
    return rj_fail(msg, cap, RPC_SERVER,
                   "eth_getProof is not supported: the state root commits to a flat key->word store, "
                   "not a Merkle-Patricia trie of accounts, so there is no proof to give; read the fields with "
                   "eth_getBalance, eth_getTransactionCount, eth_getCode and eth_getStorageAt");
}
