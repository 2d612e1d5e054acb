/* Operator registration in operator sets and the AVS registrar callbacks.
 *
 * The registrar is called as Solidity's high-level calls do it: a call
 * without return values to an address without code reverts with empty data
 * (the extcodesize check), and a bool return that is missing or malformed
 * fails ABI decoding, also with empty revert data. See docs/differences.md. */
#include "protocol/allocation_internal.h"
#include "protocol/delegation.h"
#include "protocol/pausing.h"
#include "protocol/permissions.h"
#include "restake/accounts.h"

/* Calldata small enough for the stack is built there, larger on the heap. */
typedef struct {
    uint8_t stack[1024];
    rs_buf heap;
    uint8_t *p;
    size_t len, cap;
} cd_builder;

static void cd_init(cd_builder *b, size_t need) {
    rs_buf_init(&b->heap);
    b->len = 0;
    if (need <= sizeof b->stack) {
        b->p = b->stack;
        b->cap = sizeof b->stack;
    } else {
        rs_buf_zeros(&b->heap, need);
        b->p = b->heap.p;
        b->cap = need;
    }
}

static void cd_word(cd_builder *b, u256 v) {
    u256_to_be(v, b->p + b->len);
    b->len += 32;
}

static void cd_selector(cd_builder *b, const char *sig) {
    uint32_t s = rs_sig_selector(sig);
    b->p[0] = (uint8_t)(s >> 24);
    b->p[1] = (uint8_t)(s >> 16);
    b->p[2] = (uint8_t)(s >> 8);
    b->p[3] = (uint8_t)s;
    b->len = 4;
}

static int call_registrar(rs_env *e, rs_addr registrar, const cd_builder *b) {
    /* IAVSRegistrar's register/deregister return nothing: Solidity checks for code first */
    if (rs_code_get(e->st, registrar) == RS_CODE_NONE) return rs_revert_empty(e);
    rs_buf ret;
    rs_buf_init(&ret);
    int rc = rs_call(e, am_self(e), registrar, U256_ZERO, b->p, b->len, &ret);
    rs_buf_free(&ret);
    return rc;
}

static int registrar_register(rs_env *e, rs_addr registrar, rs_addr op, rs_addr avs, const uint32_t *ids,
                              size_t nids, const uint8_t *data, size_t data_len) {
    size_t padded = (data_len + 31) / 32 * 32;
    cd_builder b;
    cd_init(&b, 4 + 32 * 6 + 32 * nids + padded);
    cd_selector(&b, "registerOperator(address,address,uint32[],bytes)");
    cd_word(&b, rs_addr_to_u256(op));
    cd_word(&b, rs_addr_to_u256(avs));
    cd_word(&b, u256_from_u64(0x80));
    cd_word(&b, u256_from_u64(0x80 + 32 + 32 * nids));
    cd_word(&b, u256_from_u64(nids));
    for (size_t i = 0; i < nids; i++) cd_word(&b, u256_from_u64(ids[i]));
    cd_word(&b, u256_from_u64(data_len));
    memset(b.p + b.len, 0, padded);
    if (data_len) memcpy(b.p + b.len, data, data_len);
    b.len += padded;
    int rc = call_registrar(e, registrar, &b);
    rs_buf_free(&b.heap);
    return rc;
}

static int registrar_deregister(rs_env *e, rs_addr registrar, rs_addr op, rs_addr avs, const uint32_t *ids,
                                size_t nids) {
    cd_builder b;
    cd_init(&b, 4 + 32 * 4 + 32 * nids);
    cd_selector(&b, "deregisterOperator(address,address,uint32[])");
    cd_word(&b, rs_addr_to_u256(op));
    cd_word(&b, rs_addr_to_u256(avs));
    cd_word(&b, u256_from_u64(0x60));
    cd_word(&b, u256_from_u64(nids));
    for (size_t i = 0; i < nids; i++) cd_word(&b, u256_from_u64(ids[i]));
    int rc = call_registrar(e, registrar, &b);
    rs_buf_free(&b.heap);
    return rc;
}

/* registrar.supportsAVS(avs): a revert bubbles up; undecodable return data reverts empty. */
static int registrar_supports(rs_env *e, rs_addr registrar, rs_addr avs, bool *out) {
    cd_builder b;
    cd_init(&b, 36);
    cd_selector(&b, "supportsAVS(address)");
    cd_word(&b, rs_addr_to_u256(avs));
    rs_buf ret;
    rs_buf_init(&ret);
    int rc = rs_call(e, am_self(e), registrar, U256_ZERO, b.p, b.len, &ret);
    if (rc == RS_OK) {
        u256 w = ret.len >= 32 ? u256_from_be(ret.p) : U256_MAX;
        if (u256_gt(w, U256_ONE))
            rc = rs_revert_empty(e);
        else
            *out = w.w[0] == 1;
    }
    rs_buf_free(&ret);
    return rc;
}

int am_set_avs_registrar(rs_env *e, rs_addr msg_sender, rs_addr avs, rs_addr registrar) {
    if (pc_check_can_call(e, avs, msg_sender, am_self(e), rs_sig_selector("setAVSRegistrar(address,address)")))
        return RS_REVERTED;
    bool ok = false;
    if (registrar_supports(e, registrar, avs, &ok)) return RS_REVERTED;
    if (!ok) return rs_revert(e, "InvalidAVSRegistrar()");
    rs_key k = amk_addr(NS_AM_AVS_REGISTRAR, avs);
    rs_sstore_addr(e->st, &k, registrar);
    uint8_t d[64], *p = d;
    p = am_w_addr(p, avs);
    am_w_addr(p, am_get_avs_registrar(e, avs));
    rs_emit(e, am_self(e), "AVSRegistrarSet(address,address)", 0, NULL, d, sizeof d);
    return RS_OK;
}

static void emit_membership(rs_env *e, const char *sig, rs_addr op, am_opset s) {
    uint8_t d[64];
    am_w_set(d, s);
    rs_b32 topic = rs_topic_addr(op);
    rs_emit(e, am_self(e), sig, 1, &topic, d, sizeof d);
}

int am_register_for_operator_sets(rs_env *e, rs_addr msg_sender, rs_addr op, rs_addr avs, const uint32_t *ids,
                                  size_t nids, const uint8_t *data, size_t data_len) {
    if (pause_require_not_paused(e, am_self(e), AM_PAUSED_REGISTRATION)) return RS_REVERTED;
    if (pc_check_can_call(e, op, msg_sender, am_self(e),
                          rs_sig_selector("registerForOperatorSets(address,(address,uint32[],bytes))")))
        return RS_REVERTED;
    if (!dm_is_operator(e, op)) return rs_revert(e, "InvalidOperator()");

    rs_key reg = amk_addr(NS_AM_REGISTERED_SETS, op);
    for (size_t i = 0; i < nids; i++) {
        am_opset s = {avs, ids[i]};
        if (!am_set_exists(e->st, s)) return rs_revert(e, "InvalidOperatorSet()");
        if (am_is_operator_slashable(e, op, s)) return rs_revert(e, "AlreadyMemberOfSet()");
        es_add(e->st, &reg, am_set_word(s), AM_W_SET);
        rs_key members = amk_set(NS_AM_SET_MEMBERS, s);
        es_add(e->st, &members, rs_addr_to_u256(op), AM_W_ADDR);
        emit_membership(e, "OperatorAddedToOperatorSet(address,(address,uint32))", op, s);
        am_reg_status st = am_reg_load(e->st, op, s);
        st.registered = true;
        am_reg_store(e->st, op, s, st);
    }
    return registrar_register(e, am_get_avs_registrar(e, avs), op, avs, ids, nids, data, data_len);
}

int am_deregister_from_operator_sets(rs_env *e, rs_addr msg_sender, rs_addr op, rs_addr avs, const uint32_t *ids,
                                     size_t nids) {
    if (pause_require_not_paused(e, am_self(e), AM_PAUSED_REGISTRATION)) return RS_REVERTED;
    uint32_t sel = rs_sig_selector("deregisterFromOperatorSets((address,address,uint32[]))");
    if (!pc_can_call(e, op, msg_sender, am_self(e), sel) && !pc_can_call(e, avs, msg_sender, am_self(e), sel))
        return rs_revert(e, "InvalidCaller()");

    rs_key reg = amk_addr(NS_AM_REGISTERED_SETS, op);
    for (size_t i = 0; i < nids; i++) {
        am_opset s = {avs, ids[i]};
        if (!am_set_exists(e->st, s)) return rs_revert(e, "InvalidOperatorSet()");
        if (!am_reg_load(e->st, op, s).registered) return rs_revert(e, "NotMemberOfSet()");
        es_remove(e->st, &reg, am_set_word(s), AM_W_SET);
        rs_key members = amk_set(NS_AM_SET_MEMBERS, s);
        es_remove(e->st, &members, rs_addr_to_u256(op), AM_W_ADDR);
        emit_membership(e, "OperatorRemovedFromOperatorSet(address,(address,uint32))", op, s);
        uint64_t until = (uint64_t)(uint32_t)e->block_number + e->p->deallocation_delay;
        if (until > UINT32_MAX) return rs_panic(e, PANIC_OVERFLOW);
        am_reg_status st = {false, (uint32_t)until};
        am_reg_store(e->st, op, s, st);
    }
    return registrar_deregister(e, am_get_avs_registrar(e, avs), op, avs, ids, nids);
}
