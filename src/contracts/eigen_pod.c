/* An EigenPod's contract surface (behind its BeaconProxy): calldata → pod_ calls → returns. */
#include <stdlib.h>

#include "restake/buf.h"
#include "protocol/beacon_proofs.h"
#include "protocol/eigenpod.h"
#include "contracts/dispatch.h"
#include "restake/contracts.h"

#define ARG(i) (&args[i])

static int ret_word(rs_buf *ret, u256 v) {
    rs_buf_word(ret, v);
    return RS_OK;
}
static int ret_u64(rs_buf *ret, uint64_t v) { return ret_word(ret, u256_from_u64(v)); }

static pod_state_root_proof state_root_proof(const abi_val *t) {
    pod_state_root_proof p = {abi_b32(&t->items[0]), t->items[1].ptr, t->items[1].len};
    return p;
}

/* bytes32[] → malloc'd rs_b32 array. */
static pod_fields fields_of(const abi_val *v) {
    rs_b32 *f = rs_xcalloc(v->n, sizeof *f);
    for (size_t i = 0; i < v->n; i++) f[i] = abi_b32(&v->items[i]);
    return (pod_fields){f, v->n};
}

/* ---- mutating ---- */

static int m_initialize(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pod_initialize(e, msg->recipient, msg->sender, abi_addr(ARG(0)));
}

static int m_stake(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pod_stake(e, msg->recipient, msg->sender, msg->value, ARG(0)->ptr, ARG(0)->len, ARG(1)->ptr, ARG(1)->len,
                     abi_b32(ARG(2)));
}

static int m_withdraw(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pod_withdraw_restaked_beacon_chain_eth(e, msg->recipient, msg->sender, abi_addr(ARG(0)), abi_u256(ARG(1)));
}

static int m_start_checkpoint(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pod_start_checkpoint(e, msg->recipient, msg->sender, abi_bool(ARG(0)));
}

static int m_verify_checkpoint_proofs(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    const abi_val *c = ARG(0), *list = ARG(1);
    pod_balance_container_proof bcp = {abi_b32(&c->items[0]), c->items[1].ptr, c->items[1].len};
    pod_balance_proof *proofs = rs_xcalloc(list->n, sizeof *proofs);
    for (size_t i = 0; i < list->n; i++) {
        const abi_val *t = &list->items[i];
        proofs[i] = (pod_balance_proof){abi_b32(&t->items[0]), abi_b32(&t->items[1]), t->items[2].ptr, t->items[2].len};
    }
    int rc = pod_verify_checkpoint_proofs(e, msg->recipient, msg->sender, &bcp, proofs, list->n);
    free(proofs);
    return rc;
}

static int m_verify_withdrawal_credentials(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    pod_state_root_proof srp = state_root_proof(ARG(1));
    const abi_val *idx = ARG(2), *prf = ARG(3), *fld = ARG(4);
    uint64_t *indices = rs_xcalloc(idx->n, sizeof *indices);
    for (size_t i = 0; i < idx->n; i++) indices[i] = abi_u64(&idx->items[i]);
    pod_bytes *proofs = rs_xcalloc(prf->n, sizeof *proofs);
    for (size_t i = 0; i < prf->n; i++) proofs[i] = (pod_bytes){prf->items[i].ptr, prf->items[i].len};
    pod_fields *fields = rs_xcalloc(fld->n, sizeof *fields);
    for (size_t i = 0; i < fld->n; i++) fields[i] = fields_of(&fld->items[i]);
    int rc = pod_verify_withdrawal_credentials(e, msg->recipient, msg->sender, abi_u64(ARG(0)), &srp, indices, idx->n, proofs,
                                               prf->n, fields, fld->n);
    for (size_t i = 0; i < fld->n; i++) free((void *)fields[i].f);
    free(fields);
    free(proofs);
    free(indices);
    return rc;
}

static int m_verify_stale_balance(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    pod_state_root_proof srp = state_root_proof(ARG(1));
    const abi_val *vp = ARG(2);
    pod_fields fields = fields_of(&vp->items[0]);
    pod_bytes proof = {vp->items[1].ptr, vp->items[1].len};
    int rc = pod_verify_stale_balance(e, msg->recipient, msg->sender, abi_u64(ARG(0)), &srp, &fields, &proof);
    free((void *)fields.f);
    return rc;
}

static int m_request_consolidation(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    const abi_val *list = ARG(0);
    pod_consolidation_request *r = rs_xcalloc(list->n, sizeof *r);
    for (size_t i = 0; i < list->n; i++) {
        const abi_val *t = &list->items[i];
        r[i] = (pod_consolidation_request){t->items[0].ptr, t->items[0].len, t->items[1].ptr, t->items[1].len};
    }
    int rc = pod_request_consolidation(e, msg->recipient, msg->sender, msg->value, r, list->n);
    free(r);
    return rc;
}

static int m_request_withdrawal(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    const abi_val *list = ARG(0);
    pod_withdrawal_request *r = rs_xcalloc(list->n, sizeof *r);
    for (size_t i = 0; i < list->n; i++) {
        const abi_val *t = &list->items[i];
        r[i] = (pod_withdrawal_request){t->items[0].ptr, t->items[0].len, abi_u64(&t->items[1])};
    }
    int rc = pod_request_withdrawal(e, msg->recipient, msg->sender, msg->value, r, list->n);
    free(r);
    return rc;
}

static int m_recover_tokens(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    const abi_val *tl = ARG(0), *al = ARG(1);
    rs_addr *tokens = rs_xcalloc(tl->n, sizeof *tokens);
    u256 *amounts = rs_xcalloc(al->n, sizeof *amounts);
    for (size_t i = 0; i < tl->n; i++) tokens[i] = abi_addr(&tl->items[i]);
    for (size_t i = 0; i < al->n; i++) amounts[i] = abi_u256(&al->items[i]);
    int rc = pod_recover_tokens(e, msg->recipient, msg->sender, tokens, tl->n, amounts, al->n, abi_addr(ARG(2)));
    free(tokens);
    free(amounts);
    return rc;
}

static int m_set_proof_submitter(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pod_set_proof_submitter(e, msg->recipient, msg->sender, abi_addr(ARG(0)));
}

/* ---- views ---- */

static int put_info(rs_buf *ret, const pod_validator_info *vi) {
    rs_buf_word_u64(ret, vi->validator_index);
    rs_buf_word_u64(ret, vi->restaked_balance_gwei);
    rs_buf_word_u64(ret, vi->last_checkpointed_at);
    rs_buf_word_u64(ret, vi->status);
    return RS_OK;
}

static int m_info_by_hash(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    pod_validator_info vi;
    pod_validator_info_get(e, msg->recipient, abi_b32(ARG(0)), &vi);
    return put_info(ret, &vi);
}

static int pubkey_hash_arg(rs_env *e, const abi_val *v, rs_b32 *h) {
    if (v->len != 48) return rs_revert(e, "InvalidPubKeyLength()");
    *h = bp_pubkey_hash(v->ptr);
    return RS_OK;
}

static int m_info_by_pubkey(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_b32 h;
    if (pubkey_hash_arg(e, ARG(0), &h) != RS_OK) return RS_REVERTED;
    pod_validator_info vi;
    pod_validator_info_get(e, msg->recipient, h, &vi);
    return put_info(ret, &vi);
}

static int m_status_by_hash(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    pod_validator_info vi;
    pod_validator_info_get(e, msg->recipient, abi_b32(ARG(0)), &vi);
    return ret_u64(ret, vi.status);
}

static int m_status_by_pubkey(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_b32 h;
    if (pubkey_hash_arg(e, ARG(0), &h) != RS_OK) return RS_REVERTED;
    pod_validator_info vi;
    pod_validator_info_get(e, msg->recipient, h, &vi);
    return ret_u64(ret, vi.status);
}

static int m_current_checkpoint(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    pod_checkpoint c;
    pod_current_checkpoint(e, msg->recipient, &c);
    rs_buf_word_b32(ret, c.beacon_block_root);
    rs_buf_word_u64(ret, c.proofs_remaining);
    rs_buf_word_u64(ret, c.pod_balance_gwei);
    u256 d = u256_from_u64((uint64_t)c.balance_deltas_gwei);
    if (c.balance_deltas_gwei < 0) d.w[1] = d.w[2] = d.w[3] = UINT64_MAX;
    rs_buf_word(ret, d);
    return ret_u64(ret, c.prev_beacon_balance_gwei);
}

static int m_pod_owner(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word_addr(ret, pod_owner(e, msg->recipient));
    return RS_OK;
}
static int m_proof_submitter(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_buf_word_addr(ret, pod_proof_submitter(e, msg->recipient));
    return RS_OK;
}
static int m_active_count(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    return ret_word(ret, pod_active_validator_count(e, msg->recipient));
}
static int m_last_cp(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    return ret_u64(ret, pod_last_checkpoint_timestamp(e, msg->recipient));
}
static int m_cur_cp(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    return ret_u64(ret, pod_current_checkpoint_timestamp(e, msg->recipient));
}
static int m_exited(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    return ret_u64(ret, pod_checkpoint_balance_exited_gwei(e, msg->recipient, abi_u64(ARG(0))));
}
static int m_withdrawable(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    return ret_u64(ret, pod_withdrawable_restaked_el_gwei(e, msg->recipient));
}
static int m_parent_root(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_b32 r;
    if (pod_get_parent_block_root(e, msg->recipient, abi_u64(ARG(0)), &r) != RS_OK) return RS_REVERTED;
    rs_buf_word_b32(ret, r);
    return RS_OK;
}
static int m_consolidation_fee(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    u256 fee;
    if (pod_predeploy_fee(e, msg->recipient, e->p->consolidation_request_predeploy, &fee) != RS_OK) return RS_REVERTED;
    return ret_word(ret, fee);
}
static int m_withdrawal_fee(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    u256 fee;
    if (pod_predeploy_fee(e, msg->recipient, e->p->withdrawal_request_predeploy, &fee) != RS_OK) return RS_REVERTED;
    return ret_word(ret, fee);
}
RS_PARAM_ADDR_GETTER(m_eth_pos, eth_pos_deposit)
RS_PARAM_ADDR_GETTER(m_epm, eigen_pod_manager)

static rs_method methods[] = {
    {"initialize(address)", m_initialize, false, 0, NULL},
    {"stake(bytes,bytes,bytes32)", m_stake, true, 0, NULL},
    {"withdrawRestakedBeaconChainETH(address,uint256)", m_withdraw, false, 0, NULL},
    {"startCheckpoint(bool)", m_start_checkpoint, false, 0, NULL},
    {"verifyCheckpointProofs((bytes32,bytes),(bytes32,bytes32,bytes)[])", m_verify_checkpoint_proofs, false, 0, NULL},
    {"verifyWithdrawalCredentials(uint64,(bytes32,bytes),uint40[],bytes[],bytes32[][])",
     m_verify_withdrawal_credentials, false, 0, NULL},
    {"verifyStaleBalance(uint64,(bytes32,bytes),(bytes32[],bytes))", m_verify_stale_balance, false, 0, NULL},
    {"requestConsolidation((bytes,bytes)[])", m_request_consolidation, true, 0, NULL},
    {"requestWithdrawal((bytes,uint64)[])", m_request_withdrawal, true, 0, NULL},
    {"recoverTokens(address[],uint256[],address)", m_recover_tokens, false, 0, NULL},
    {"setProofSubmitter(address)", m_set_proof_submitter, false, 0, NULL},
    {"validatorPubkeyHashToInfo(bytes32)", m_info_by_hash, false, 0, NULL},
    {"validatorPubkeyToInfo(bytes)", m_info_by_pubkey, false, 0, NULL},
    {"validatorStatus(bytes32)", m_status_by_hash, false, 0, NULL},
    {"validatorStatus(bytes)", m_status_by_pubkey, false, 0, NULL},
    {"currentCheckpoint()", m_current_checkpoint, false, 0, NULL},
    {"podOwner()", m_pod_owner, false, 0, NULL},
    {"proofSubmitter()", m_proof_submitter, false, 0, NULL},
    {"activeValidatorCount()", m_active_count, false, 0, NULL},
    {"lastCheckpointTimestamp()", m_last_cp, false, 0, NULL},
    {"currentCheckpointTimestamp()", m_cur_cp, false, 0, NULL},
    {"checkpointBalanceExitedGwei(uint64)", m_exited, false, 0, NULL},
    {"withdrawableRestakedExecutionLayerGwei()", m_withdrawable, false, 0, NULL},
    {"getParentBlockRoot(uint64)", m_parent_root, false, 0, NULL},
    {"getConsolidationRequestFee()", m_consolidation_fee, false, 0, NULL},
    {"getWithdrawalRequestFee()", m_withdrawal_fee, false, 0, NULL},
    {"ethPOS()", m_eth_pos, false, 0, NULL},
    {"eigenPodManager()", m_epm, false, 0, NULL},
};

int rs_contract_eigen_pod(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    rs_buf_reset(ret);
    if (msg->input_len == 0) return pod_receive(e, msg->recipient, msg->value);
    return rs_dispatch_table(e, methods, sizeof methods / sizeof methods[0], msg, ret);
}
