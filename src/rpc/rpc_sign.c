/* Signing by the node's unlocked dev accounts, as anvil does: eth_sign and
 * personal_sign (EIP-191 "\x19Ethereum Signed Message:\n" ‖ len ‖ data),
 * eth_signTypedData_v4 (EIP-712), eth_signTransaction (filled like
 * eth_sendTransaction, returned raw); and sending without a signature:
 * eth_sendUnsignedTransaction, anvil_autoImpersonateAccount. */
#include <pthread.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/executor.h"
#include "restake/contracts.h"
#include "restake/keccak.h"
#include "rpc/eip712.h"
#include "rpc/rpc.h"
#include "rpc/rpc_access_list.h"
#include "rpc/rpc_extra.h"
#include "rpc/rpc_json.h"

static secp256k1_context *g_sign_ctx;
static pthread_once_t g_sign_once = PTHREAD_ONCE_INIT;

static void sign_ctx_create(void) {
    g_sign_ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN);
    uint8_t seed[32];
    rs_keccak256("restake rpc signer blinding", 27, seed);
    if (!secp256k1_context_randomize(g_sign_ctx, seed)) abort();
}

/* r ‖ s ‖ v with v = 27 + recovery id, as eth_sign answers. */
static bool sign_digest(const uint8_t key[32], rs_b32 digest, uint8_t sig[65]) {
    pthread_once(&g_sign_once, sign_ctx_create);
    secp256k1_ecdsa_recoverable_signature rs;
    if (!secp256k1_ecdsa_sign_recoverable(g_sign_ctx, &rs, digest.b, key, NULL, NULL)) return false;
    int recid;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(g_sign_ctx, sig, &recid, &rs);
    sig[64] = (uint8_t)(27 + recid);
    return true;
}

static int signer_key(rs_node *n, const json_t *v, const uint8_t **key, char *msg, size_t cap) {
    rs_addr a;
    if (!rj_get_addr(v, &a)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: address");
    int d = rs_node_dev_index(n, a);
    if (d < 0) return rj_fail(msg, cap, RPC_SERVER, "no signer for %s: not one of the node's unlocked dev accounts",
                              json_string_value(v));
    *key = n->dev_keys[d];
    return 0;
}

/* EIP-191 version 0x45 over the message bytes. */
static rs_b32 personal_digest(const uint8_t *m, size_t len) {
    char head[64];
    int hl = snprintf(head, sizeof head, "\x19" "Ethereum Signed Message:\n%zu", len);
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_put(&b, head, (size_t)hl);
    rs_buf_put(&b, m, len);
    rs_b32 h = rs_keccak(b.p, b.len);
    rs_buf_free(&b);
    return h;
}

/* The message: 0x-hex bytes, or (as clients also send) plain text. */
static bool message_bytes(const json_t *v, uint8_t **p, size_t *n) {
    if (!json_is_string(v)) return false;
    if (rj_get_data(v, p, n)) return true;
    *n = json_string_length(v);
    *p = malloc(*n ? *n : 1);
    if (!*p) abort();
    memcpy(*p, json_string_value(v), *n);
    return true;
}

static int sign_message(rs_node *n, const json_t *addr, const json_t *data, json_t **result, char *msg, size_t cap) {
    const uint8_t *key = NULL;
    int code = signer_key(n, addr, &key, msg, cap);
    if (code) return code;
    uint8_t *m;
    size_t len;
    if (!message_bytes(data, &m, &len)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: message");
    uint8_t sig[65];
    bool ok = sign_digest(key, personal_digest(m, len), sig);
    free(m);
    if (!ok) return rj_fail(msg, cap, RPC_INTERNAL, "signing failed");
    *result = rj_data(sig, 65);
    return 0;
}

int rs_rpc_eth_sign(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    return sign_message(n, json_array_get(p, 0), json_array_get(p, 1), result, msg, cap);
}

int rs_rpc_personal_sign(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    return sign_message(n, json_array_get(p, 1), json_array_get(p, 0), result, msg, cap);
}

/* The typed data comes as a JSON object or as a string holding one. */
int rs_rpc_sign_typed_data(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    const uint8_t *key = NULL;
    int code = signer_key(n, json_array_get(p, 0), &key, msg, cap);
    if (code) return code;
    const json_t *td = json_array_get(p, 1);
    json_t *parsed = NULL;
    if (json_is_string(td)) td = parsed = json_loads(json_string_value(td), 0, NULL);
    if (!json_is_object(td)) {
        json_decref(parsed);
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: typed data must be a JSON object");
    }
    rs_b32 h;
    char e[200];
    bool ok = rs_eip712_hash(td, &h, e, sizeof e);
    json_decref(parsed);
    if (!ok) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s", e);
    uint8_t sig[65];
    if (!sign_digest(key, h, sig)) return rj_fail(msg, cap, RPC_INTERNAL, "signing failed");
    *result = rj_data(sig, 65);
    return 0;
}

/* ---- transactions ---- */

/* A transaction request filled as eth_sendTransaction fills it: pending
 * nonce, the pending block's gas estimate, the node's default fees. */
static int fill_tx(rs_node *n, const json_t *o, rs_tx *tx, bool *fill_nonce, char *msg, size_t cap) {
    if (!json_is_object(o)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: transaction object");
    const json_t *v;
    if (!rj_get_addr(json_object_get(o, "from"), &tx->from))
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: from is required");
    v = json_object_get(o, "to");
    if (!v || json_is_null(v))
        return rj_fail(msg, cap, RPC_SERVER, "contract creation is not supported: the core contracts are predeployed");
    if (!rj_get_addr(v, &tx->to)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: to");
    tx->has_to = true;
    if ((v = json_object_get(o, "value")) && !json_is_null(v) && !rj_get_u256(v, &tx->value))
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: value");
    v = json_object_get(o, "input");
    if (!v || json_is_null(v)) v = json_object_get(o, "data");
    if (v && !json_is_null(v)) {
        uint8_t *d;
        size_t len;
        if (!rj_get_data(v, &d, &len)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: input");
        rs_tx_set_data(tx, d, len);
        free(d);
    }
    rs_buf al;
    rs_buf_init(&al);
    size_t addrs, keys;
    const json_t *alv = json_object_get(o, "accessList");
    bool has_al = alv && !json_is_null(alv);
    if (!rs_rpc_access_list_parse(alv, &al, &addrs, &keys)) {
        rs_buf_free(&al);
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: accessList");
    }
    tx->has_chain_id = true;
    tx->chain_id = n->chain_id;
    u256 gp, mf, mp;
    bool has_gp = (v = json_object_get(o, "gasPrice")) && !json_is_null(v) && rj_get_u256(v, &gp);
    bool has_mf = (v = json_object_get(o, "maxFeePerGas")) && !json_is_null(v) && rj_get_u256(v, &mf);
    bool has_mp = (v = json_object_get(o, "maxPriorityFeePerGas")) && !json_is_null(v) && rj_get_u256(v, &mp);
    if (has_gp) {
        tx->type = has_al ? RS_TX_ACCESS_LIST : RS_TX_LEGACY;
        tx->gas_price = gp;
    } else {
        tx->type = RS_TX_DYNAMIC_FEE;
        tx->max_priority_fee = has_mp ? mp : u256_from_u64(1000000000ull);
        tx->max_fee = has_mf ? mf : rs_node_default_max_fee(n);
        if (u256_gt(tx->max_priority_fee, tx->max_fee)) tx->max_priority_fee = tx->max_fee;
    }
    if (tx->type != RS_TX_LEGACY) {
        tx->access_list = malloc(al.len);
        if (!tx->access_list) abort();
        memcpy(tx->access_list, al.p, al.len);
        tx->access_list_len = al.len;
        tx->access_list_addrs = addrs;
        tx->access_list_keys = keys;
    }
    rs_buf_free(&al);
    v = json_object_get(o, "nonce");
    *fill_nonce = !v || json_is_null(v);
    if (!*fill_nonce && !rj_get_u64(v, &tx->nonce)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: nonce");
    if (*fill_nonce) tx->nonce = rs_node_pending_nonce(n, tx->from);
    v = json_object_get(o, "gas");
    if (v && !json_is_null(v)) {
        if (!rj_get_u64(v, &tx->gas_limit)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: gas");
        return 0;
    }
    rs_buf ret, rev;
    rs_buf_init(&ret);
    rs_buf_init(&rev);
    uint64_t gas = 0;
    pthread_mutex_lock(&n->lock);
    rs_block_header h = n->head;
    h.number++;
    h.timestamp = rs_node_next_timestamp(n);
    int rc = rs_node_estimate_on(n, n->st, &h, tx->from, tx->to, tx->value, tx->data, tx->data_len, &ret, &gas, &rev);
    pthread_mutex_unlock(&n->lock);
    int code = 0;
    if (rc != RS_OK) {
        code = RPC_REVERTED;
        rj_revert_message(rev.p, rev.len, msg, cap);
    }
    tx->gas_limit = gas + rs_rpc_access_list_gas(addrs, keys);
    rs_buf_free(&ret);
    rs_buf_free(&rev);
    return code;
}

int rs_rpc_sign_transaction(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    rs_tx tx;
    rs_tx_init(&tx);
    bool fill;
    int code = fill_tx(n, json_array_get(p, 0), &tx, &fill, msg, cap);
    int d = code ? -1 : rs_node_dev_index(n, tx.from);
    if (!code && d < 0) code = rj_fail(msg, cap, RPC_SERVER, "no signer for from: not one of the node's unlocked dev accounts");
    if (!code && !rs_tx_sign(&tx, n->dev_keys[d])) code = rj_fail(msg, cap, RPC_INTERNAL, "signing failed");
    if (!code) {
        rs_buf raw;
        rs_buf_init(&raw);
        rs_tx_encode(&tx, &raw);
        *result = rj_data(raw.p, raw.len);
        rs_buf_free(&raw);
    }
    rs_tx_free(&tx);
    return code;
}

/* Sent as from, with no signature and no impersonation needed (anvil). */
int rs_rpc_send_unsigned(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    rs_job *j = rs_job_new(RS_JOB_SEND);
    bool fill;
    int code = fill_tx(n, json_array_get(p, 0), &j->tx, &fill, msg, cap);
    if (!code) {
        j->fill_nonce = fill;
        j->is_unsigned = true;
        rs_node_run(n, j);
        if (j->err)
            code = rj_fail(msg, cap, j->err, "%s", j->msg);
        else
            *result = rj_b32(j->hash);
    }
    rs_job_free(j);
    return code;
}

int rs_rpc_auto_impersonate(rs_node *n, const json_t *p, json_t **result, char *msg, size_t cap) {
    const json_t *v = json_array_get(p, 0);
    if (!json_is_boolean(v)) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: expected a boolean");
    pthread_mutex_lock(&n->lock);
    n->auto_impersonate = json_is_true(v);
    pthread_mutex_unlock(&n->lock);
    *result = json_null();
    return 0;
}
