/* EigenPod instances (EigenPod.sol at f84a5151). */
#include <stdlib.h>

#include "protocol/beacon_chain.h"
#include "protocol/beacon_proofs.h"
#include "protocol/eigenpod.h"
#include "protocol/pausing.h"
#include "restake/sha256.h"

#define GWEI ((uint64_t)EPM_GWEI_TO_WEI)

/* ---- storage ---- */

static rs_key pkey(uint16_t ns, rs_addr pod) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, pod);
    return k;
}
static uint64_t load_u64(rs_env *e, uint16_t ns, rs_addr pod) {
    rs_key k = pkey(ns, pod);
    return rs_sload_u64(e->st, &k);
}
static void store_u64(rs_env *e, uint16_t ns, rs_addr pod, uint64_t v) {
    rs_key k = pkey(ns, pod);
    rs_sstore_u64(e->st, &k, v);
}

rs_addr pod_owner(rs_env *e, rs_addr pod) {
    rs_key k = pkey(NS_POD_OWNER, pod);
    return rs_sload_addr(e->st, &k);
}
rs_addr pod_proof_submitter(rs_env *e, rs_addr pod) {
    rs_key k = pkey(NS_POD_PROOF_SUBMITTER, pod);
    return rs_sload_addr(e->st, &k);
}
uint64_t pod_withdrawable_restaked_el_gwei(rs_env *e, rs_addr pod) { return load_u64(e, NS_POD_RESTAKED_EL_GWEI, pod); }
u256 pod_active_validator_count(rs_env *e, rs_addr pod) {
    rs_key k = pkey(NS_POD_ACTIVE_COUNT, pod);
    return rs_sload(e->st, &k);
}
static void store_active_count(rs_env *e, rs_addr pod, u256 v) {
    rs_key k = pkey(NS_POD_ACTIVE_COUNT, pod);
    rs_sstore(e->st, &k, v);
}
uint64_t pod_last_checkpoint_timestamp(rs_env *e, rs_addr pod) { return load_u64(e, NS_POD_LAST_CP_TS, pod); }
uint64_t pod_current_checkpoint_timestamp(rs_env *e, rs_addr pod) { return load_u64(e, NS_POD_CUR_CP_TS, pod); }

static rs_key exited_key(rs_addr pod, uint64_t ts) {
    rs_key k = pkey(NS_POD_EXITED, pod);
    rs_key_u64(&k, ts);
    return k;
}
uint64_t pod_checkpoint_balance_exited_gwei(rs_env *e, rs_addr pod, uint64_t ts) {
    rs_key k = exited_key(pod, ts);
    return rs_sload_u64(e->st, &k);
}

static rs_key validator_key(rs_addr pod, rs_b32 pubkey_hash) {
    rs_key k = pkey(NS_POD_VALIDATOR, pod);
    rs_key_b32(&k, pubkey_hash);
    return k;
}
void pod_validator_info_get(rs_env *e, rs_addr pod, rs_b32 pubkey_hash, pod_validator_info *out) {
    rs_key k = validator_key(pod, pubkey_hash);
    u256 v = rs_sload(e->st, &k);
    out->validator_index = v.w[0];
    out->restaked_balance_gwei = v.w[1];
    out->last_checkpointed_at = v.w[2];
    out->status = (uint8_t)v.w[3];
}
static void validator_info_put(rs_env *e, rs_addr pod, rs_b32 pubkey_hash, const pod_validator_info *vi) {
    rs_key k = validator_key(pod, pubkey_hash);
    rs_sstore(e->st, &k, (u256){{vi->validator_index, vi->restaked_balance_gwei, vi->last_checkpointed_at, vi->status}});
}

static rs_key cp_key(rs_addr pod, uint64_t field) {
    rs_key k = pkey(NS_POD_CHECKPOINT, pod);
    rs_key_u64(&k, field);
    return k;
}
void pod_current_checkpoint(rs_env *e, rs_addr pod, pod_checkpoint *out) {
    rs_key k = cp_key(pod, 0);
    out->beacon_block_root = rs_b32_from_u256(rs_sload(e->st, &k));
    k = cp_key(pod, 1);
    out->proofs_remaining = (uint32_t)rs_sload_u64(e->st, &k);
    k = cp_key(pod, 2);
    out->pod_balance_gwei = rs_sload_u64(e->st, &k);
    k = cp_key(pod, 3);
    out->balance_deltas_gwei = (int64_t)rs_sload_u64(e->st, &k);
    k = cp_key(pod, 4);
    out->prev_beacon_balance_gwei = rs_sload_u64(e->st, &k);
}
static void checkpoint_store(rs_env *e, rs_addr pod, const pod_checkpoint *c) {
    rs_key k = cp_key(pod, 0);
    rs_sstore(e->st, &k, rs_b32_to_u256(c->beacon_block_root));
    k = cp_key(pod, 1);
    rs_sstore_u64(e->st, &k, c->proofs_remaining);
    k = cp_key(pod, 2);
    rs_sstore_u64(e->st, &k, c->pod_balance_gwei);
    k = cp_key(pod, 3);
    rs_sstore_u64(e->st, &k, (uint64_t)c->balance_deltas_gwei);
    k = cp_key(pod, 4);
    rs_sstore_u64(e->st, &k, c->prev_beacon_balance_gwei);
}

/* ---- helpers ---- */

static rs_addr epm(rs_env *e) { return e->p->eigen_pod_manager; }

static int only_owner_or_submitter(rs_env *e, rs_addr pod, rs_addr sender) {
    if (rs_addr_eq(sender, pod_owner(e, pod)) || rs_addr_eq(sender, pod_proof_submitter(e, pod))) return RS_OK;
    return rs_revert(e, "OnlyEigenPodOwnerOrProofSubmitter()");
}
static int only_pod_owner(rs_env *e, rs_addr pod, rs_addr sender) {
    return rs_addr_eq(sender, pod_owner(e, pod)) ? RS_OK : rs_revert(e, "OnlyEigenPodOwner()");
}
static int only_epm(rs_env *e, rs_addr sender) {
    return rs_addr_eq(sender, epm(e)) ? RS_OK : rs_revert(e, "OnlyEigenPodManager()");
}
/* The pod asks its manager, so the manager's pause flags govern every pod. */
static int not_paused(rs_env *e, unsigned index) {
    return pause_is_paused(e, epm(e), index) ? rs_revert(e, "CurrentlyPaused()") : RS_OK;
}

static rs_b32 credentials(rs_addr pod, uint8_t prefix) {
    rs_b32 c = RS_B32_ZERO;
    c.b[0] = prefix;
    memcpy(c.b + 12, pod.b, 20);
    return c;
}

/* _calcPubkeyHash */
static int calc_pubkey_hash(rs_env *e, const uint8_t *pubkey, size_t len, rs_b32 *out) {
    if (len != 48) return rs_revert(e, "InvalidPubKeyLength()");
    *out = bp_pubkey_hash(pubkey);
    return RS_OK;
}

static int get_proof_version(rs_env *e, uint64_t proof_ts, bp_version *v) {
    uint64_t fork = epm_pectra_fork_timestamp(e);
    if (fork == 0) return rs_revert(e, "ForkTimestampZero()");
    *v = proof_ts <= fork ? BP_DENEB : BP_PECTRA;
    return RS_OK;
}

/* Reading validatorFields[i] of a short list is an out-of-bounds Panic. */
static int field_at(rs_env *e, const pod_fields *f, size_t i, rs_b32 *out) {
    if (i >= f->n) return rs_panic(e, PANIC_ARRAY_INDEX);
    *out = f->f[i];
    return RS_OK;
}

static void emit_words(rs_env *e, rs_addr pod, const char *sig, unsigned nidx, const rs_b32 *idx, const u256 *w,
                       size_t nw) {
    uint8_t d[32 * 4];
    for (size_t i = 0; i < nw; i++) u256_to_be(w[i], d + 32 * i);
    rs_emit(e, pod, sig, nidx, idx, d, 32 * nw);
}

/* Address.sendValue (OZ 4.9). */
static int send_value(rs_env *e, rs_addr from, rs_addr to, u256 amount) {
    if (u256_lt(rs_eth_balance(e->st, from), amount)) return rs_revert_string(e, "Address: insufficient balance");
    rs_buf ret;
    rs_buf_init(&ret);
    int rc = rs_call(e, from, to, amount, NULL, 0, &ret);
    rs_buf_free(&ret);
    if (rc != RS_OK) return rs_revert_string(e, "Address: unable to send value, recipient may have reverted");
    return RS_OK;
}

int pod_get_parent_block_root(rs_env *e, rs_addr pod, uint64_t ts, rs_b32 *out) {
    if (ts > e->timestamp) return rs_panic(e, PANIC_OVERFLOW);
    uint64_t buffer = e->p->beacon_roots_history_buffer_length ? e->p->beacon_roots_history_buffer_length : 8191;
    if (e->timestamp - ts >= buffer * 12) return rs_revert(e, "TimestampOutOfRange()");
    uint8_t cd[32];
    u256_to_be(u256_from_u64(ts), cd);
    rs_buf ret;
    rs_buf_init(&ret);
    int rc = rs_call(e, pod, e->p->beacon_roots, U256_ZERO, cd, sizeof cd, &ret);
    if (rc != RS_OK || ret.len == 0) {
        rs_buf_free(&ret);
        return rs_revert(e, "InvalidEIP4788Response()");
    }
    if (ret.len < 32) {
        rs_buf_free(&ret);
        return rs_revert_empty(e); /* abi.decode of a short word */
    }
    memcpy(out->b, ret.p, 32);
    rs_buf_free(&ret);
    return RS_OK;
}

int pod_predeploy_fee(rs_env *e, rs_addr pod, rs_addr predeploy, u256 *fee) {
    rs_buf ret;
    rs_buf_init(&ret);
    int rc = rs_call(e, pod, predeploy, U256_ZERO, NULL, 0, &ret);
    bool ok = rc == RS_OK && ret.len == 32;
    if (ok) *fee = u256_from_be(ret.p);
    rs_buf_free(&ret);
    return ok ? RS_OK : rs_revert(e, "FeeQueryFailed()");
}

/* ---- initialize / stake / receive ---- */

int pod_initialize(rs_env *e, rs_addr pod, rs_addr msg_sender, rs_addr owner) {
    (void)msg_sender;
    if (!rs_addr_is_zero(pod_owner(e, pod)) || rs_addr_eq(pod, e->p->impl_eigen_pod))
        return rs_revert_string(e, "Initializable: contract is already initialized");
    if (rs_addr_is_zero(owner)) return rs_revert(e, "InputAddressZero()");
    rs_key k = pkey(NS_POD_OWNER, pod);
    rs_sstore_addr(e->st, &k, owner);
    u256 one = U256_ONE;
    emit_words(e, pod, "Initialized(uint8)", 0, NULL, &one, 1);
    return RS_OK;
}

int pod_stake(rs_env *e, rs_addr pod, rs_addr msg_sender, u256 value, const uint8_t *pubkey, size_t pubkey_len,
              const uint8_t *signature, size_t signature_len, rs_b32 deposit_data_root) {
    (void)signature;
    (void)signature_len;
    (void)deposit_data_root;
    if (only_epm(e, msg_sender) != RS_OK) return RS_REVERTED;
    u256 thirty_two_eth = u256_mul_wrap(u256_from_u64(32), u256_from_u64(1000000000000000000ULL));
    if (!u256_eq(value, thirty_two_eth)) return rs_revert(e, "MsgValueNot32ETH()");
    /* the deposit contract accepts and keeps the ETH; it neither checks nor logs */
    if (!rs_eth_transfer(e->st, pod, e->p->eth_pos_deposit, thirty_two_eth)) return rs_revert_empty(e);
    rs_b32 h;
    if (calc_pubkey_hash(e, pubkey, pubkey_len, &h) != RS_OK) return RS_REVERTED;
    /* the devnet's beacon chain (if running) sees the deposit */
    beacon_deposit(e->st, pubkey, credentials(pod, 1), 32 * GWEI);
    rs_emit(e, pod, "EigenPodStaked(bytes32)", 0, NULL, h.b, 32);
    return RS_OK;
}

int pod_receive(rs_env *e, rs_addr pod, u256 value) {
    emit_words(e, pod, "NonBeaconChainETHReceived(uint256)", 0, NULL, &value, 1);
    return RS_OK;
}

int pod_set_proof_submitter(rs_env *e, rs_addr pod, rs_addr msg_sender, rs_addr submitter) {
    if (only_pod_owner(e, pod, msg_sender) != RS_OK) return RS_REVERTED;
    u256 w[2] = {rs_addr_to_u256(pod_proof_submitter(e, pod)), rs_addr_to_u256(submitter)};
    emit_words(e, pod, "ProofSubmitterUpdated(address,address)", 0, NULL, w, 2);
    rs_key k = pkey(NS_POD_PROOF_SUBMITTER, pod);
    rs_sstore_addr(e->st, &k, submitter);
    return RS_OK;
}

/* ---- checkpoints ---- */

/* _updateCheckpoint: stores; when no proofs remain, finalizes and reports the delta. */
static int update_checkpoint(rs_env *e, rs_addr pod, const pod_checkpoint *c) {
    checkpoint_store(e, pod, c);
    if (c->proofs_remaining != 0) return RS_OK;
    uint64_t restaked = pod_withdrawable_restaked_el_gwei(e, pod), prev_restaked, new_restaked;
    if (__builtin_add_overflow(restaked, c->prev_beacon_balance_gwei, &prev_restaked)) return rs_panic(e, PANIC_OVERFLOW);
    int64_t delta;
    if (__builtin_add_overflow((int64_t)c->pod_balance_gwei, c->balance_deltas_gwei, &delta))
        return rs_panic(e, PANIC_OVERFLOW);
    if (__builtin_add_overflow(restaked, c->pod_balance_gwei, &new_restaked)) return rs_panic(e, PANIC_OVERFLOW);
    store_u64(e, NS_POD_RESTAKED_EL_GWEI, pod, new_restaked);
    uint64_t ts = pod_current_checkpoint_timestamp(e, pod);
    store_u64(e, NS_POD_LAST_CP_TS, pod, ts);
    store_u64(e, NS_POD_CUR_CP_TS, pod, 0);
    u256 prev_wei = u256_mul_wrap(u256_from_u64(prev_restaked), u256_from_u64(GWEI));
    u256 mag = u256_mul_wrap(u256_from_u64(delta < 0 ? (uint64_t)0 - (uint64_t)delta : (uint64_t)delta),
                             u256_from_u64(GWEI));
    u256 delta_wei = delta < 0 ? u256_sub_wrap(U256_ZERO, mag) : mag;
    rs_b32 t = rs_topic_u256(u256_from_u64(ts));
    emit_words(e, pod, "CheckpointFinalized(uint64,int256)", 1, &t, &delta_wei, 1);
    return epm_record_beacon_chain_eth_balance_update(e, pod, pod_owner(e, pod), prev_wei, delta_wei);
}

static int start_checkpoint(rs_env *e, rs_addr pod, bool revert_if_no_balance) {
    if (pod_current_checkpoint_timestamp(e, pod) != 0) return rs_revert(e, "CheckpointAlreadyActive()");
    if (pod_last_checkpoint_timestamp(e, pod) == e->timestamp) return rs_revert(e, "CannotCheckpointTwiceInSingleBlock()");
    u256 q, r;
    rs_cannot_fail(u256_divmod(&q, &r, rs_eth_balance(e->st, pod), u256_from_u64(GWEI)));
    uint64_t restaked = pod_withdrawable_restaked_el_gwei(e, pod);
    if (q.w[0] < restaked) return rs_panic(e, PANIC_OVERFLOW); /* uint64(balance / 1 gwei) truncates first */
    uint64_t pod_balance = q.w[0] - restaked;
    if (revert_if_no_balance && pod_balance == 0) return rs_revert(e, "NoBalanceToCheckpoint()");
    pod_checkpoint c = {0};
    if (pod_get_parent_block_root(e, pod, e->timestamp, &c.beacon_block_root) != RS_OK) return RS_REVERTED;
    c.proofs_remaining = (uint32_t)(pod_active_validator_count(e, pod).w[0] & 0xffffff);
    c.pod_balance_gwei = pod_balance;
    store_u64(e, NS_POD_CUR_CP_TS, pod, e->timestamp);
    if (update_checkpoint(e, pod, &c) != RS_OK) return RS_REVERTED;
    rs_b32 t[2] = {rs_topic_u256(u256_from_u64(e->timestamp)), c.beacon_block_root};
    u256 count = u256_from_u64(c.proofs_remaining);
    emit_words(e, pod, "CheckpointCreated(uint64,bytes32,uint256)", 2, t, &count, 1);
    return RS_OK;
}

int pod_start_checkpoint(rs_env *e, rs_addr pod, rs_addr msg_sender, bool revert_if_no_balance) {
    if (only_owner_or_submitter(e, pod, msg_sender) != RS_OK) return RS_REVERTED;
    if (not_paused(e, EPM_PAUSED_START_CHECKPOINT) != RS_OK) return RS_REVERTED;
    return start_checkpoint(e, pod, revert_if_no_balance);
}

/* _verifyCheckpointProof: proves one balance and updates the validator in place. */
static int verify_checkpoint_proof(rs_env *e, rs_addr pod, pod_validator_info *vi, uint64_t cp_ts,
                                   rs_b32 container_root, const pod_balance_proof *p, uint64_t *prev_out,
                                   int64_t *delta_out, uint64_t *exited_out) {
    uint64_t prev = vi->restaked_balance_gwei, bal;
    bp_status s = bp_verify_validator_balance(container_root, vi->validator_index & 0xffffffffffULL, p->balance_root,
                                              p->proof, p->proof_len, &bal);
    if (s != BP_OK) return bp_revert(e, s);
    int64_t delta = 0;
    if (bal != prev) {
        if (__builtin_sub_overflow((int64_t)bal, (int64_t)prev, &delta)) return rs_panic(e, PANIC_OVERFLOW);
        u256 w[2] = {u256_from_u64(cp_ts), u256_from_u64(bal)};
        uint8_t d[96];
        memcpy(d, p->pubkey_hash.b, 32);
        u256_to_be(w[0], d + 32);
        u256_to_be(w[1], d + 64);
        rs_emit(e, pod, "ValidatorBalanceUpdated(bytes32,uint64,uint64)", 0, NULL, d, sizeof d);
    }
    vi->restaked_balance_gwei = bal;
    vi->last_checkpointed_at = cp_ts;
    uint64_t exited = 0;
    if (bal == 0) {
        u256 n;
        if (!u256_sub(&n, pod_active_validator_count(e, pod), U256_ONE)) return rs_panic(e, PANIC_OVERFLOW);
        store_active_count(e, pod, n);
        vi->status = POD_VALIDATOR_WITHDRAWN;
        if (delta == INT64_MIN) return rs_panic(e, PANIC_OVERFLOW);
        exited = (uint64_t)(-delta);
        rs_b32 t[2] = {rs_topic_u256(u256_from_u64(cp_ts)), p->pubkey_hash};
        rs_emit(e, pod, "ValidatorWithdrawn(uint64,bytes32)", 2, t, NULL, 0);
    }
    *prev_out = prev;
    *delta_out = delta;
    *exited_out = exited;
    return RS_OK;
}

int pod_verify_checkpoint_proofs(rs_env *e, rs_addr pod, rs_addr msg_sender,
                                 const pod_balance_container_proof *bcp, const pod_balance_proof *proofs, size_t n) {
    (void)msg_sender;
    if (not_paused(e, EPM_PAUSED_EIGENPODS_VERIFY_CHECKPOINT_PROOFS) != RS_OK) return RS_REVERTED;
    uint64_t cp_ts = pod_current_checkpoint_timestamp(e, pod);
    if (cp_ts == 0) return rs_revert(e, "NoActiveCheckpoint()");
    pod_checkpoint c;
    pod_current_checkpoint(e, pod, &c);
    bp_version v = BP_DENEB;
    if (get_proof_version(e, cp_ts, &v) != RS_OK) return RS_REVERTED;
    bp_status s = bp_verify_balance_container(v, c.beacon_block_root, bcp->balance_container_root, bcp->proof,
                                              bcp->proof_len);
    if (s != BP_OK) return bp_revert(e, s);
    uint64_t exited_total = 0;
    for (size_t i = 0; i < n; i++) {
        const pod_balance_proof *p = &proofs[i];
        pod_validator_info vi;
        pod_validator_info_get(e, pod, p->pubkey_hash, &vi);
        if (vi.status != POD_VALIDATOR_ACTIVE) continue;
        if (vi.last_checkpointed_at >= cp_ts) continue;
        uint64_t prev = 0, exited = 0;
        int64_t delta = 0;
        if (verify_checkpoint_proof(e, pod, &vi, cp_ts, bcp->balance_container_root, p, &prev, &delta, &exited) != RS_OK)
            return RS_REVERTED;
        if (c.proofs_remaining == 0) return rs_panic(e, PANIC_OVERFLOW);
        c.proofs_remaining--;
        if (__builtin_add_overflow(c.prev_beacon_balance_gwei, prev, &c.prev_beacon_balance_gwei) ||
            __builtin_add_overflow(c.balance_deltas_gwei, delta, &c.balance_deltas_gwei) ||
            __builtin_add_overflow(exited_total, exited, &exited_total))
            return rs_panic(e, PANIC_OVERFLOW);
        validator_info_put(e, pod, p->pubkey_hash, &vi);
        rs_b32 t[2] = {rs_topic_u256(u256_from_u64(cp_ts)), p->pubkey_hash};
        rs_emit(e, pod, "ValidatorCheckpointed(uint64,bytes32)", 2, t, NULL, 0);
    }
    rs_key k = exited_key(pod, cp_ts);
    uint64_t ex;
    if (__builtin_add_overflow(rs_sload_u64(e->st, &k), exited_total, &ex)) return rs_panic(e, PANIC_OVERFLOW);
    rs_sstore_u64(e->st, &k, ex);
    return update_checkpoint(e, pod, &c);
}

/* ---- credentials and staleness ---- */

/* _verifyWithdrawalCredentials: returns the wei to restake. */
static int verify_one_credential(rs_env *e, rs_addr pod, uint64_t beacon_ts, rs_b32 state_root, uint64_t vindex,
                                 const pod_bytes *proof, const pod_fields *fields, u256 *wei) {
    rs_b32 pubkey_hash, act, exit_ep, creds, eff;
    if (field_at(e, fields, BP_FIELD_PUBKEY, &pubkey_hash) != RS_OK) return RS_REVERTED;
    pod_validator_info vi;
    pod_validator_info_get(e, pod, pubkey_hash, &vi);
    if (vi.status != POD_VALIDATOR_INACTIVE) return rs_revert(e, "CredentialsAlreadyVerified()");
    if (field_at(e, fields, BP_FIELD_ACTIVATION_EPOCH, &act) != RS_OK) return RS_REVERTED;
    if (bp_le_u64(act) == BP_FAR_FUTURE_EPOCH) return rs_revert(e, "ValidatorInactiveOnBeaconChain()");
    if (field_at(e, fields, BP_FIELD_EXIT_EPOCH, &exit_ep) != RS_OK) return RS_REVERTED;
    if (bp_le_u64(exit_ep) != BP_FAR_FUTURE_EPOCH) return rs_revert(e, "ValidatorIsExitingBeaconChain()");
    if (field_at(e, fields, BP_FIELD_WITHDRAWAL_CREDENTIALS, &creds) != RS_OK) return RS_REVERTED;
    if (!rs_b32_eq(creds, credentials(pod, 1)) && !rs_b32_eq(creds, credentials(pod, 2)))
        return rs_revert(e, "WithdrawalCredentialsNotForEigenPod()");
    if (field_at(e, fields, BP_FIELD_EFFECTIVE_BALANCE, &eff) != RS_OK) return RS_REVERTED;
    uint64_t restaked_gwei = bp_le_u64(eff);
    bp_version v = BP_DENEB;
    if (get_proof_version(e, beacon_ts, &v) != RS_OK) return RS_REVERTED;
    bp_status s = bp_verify_validator_fields(v, state_root, fields->f, fields->n, proof->p, proof->len, vindex);
    if (s != BP_OK) return bp_revert(e, s);

    u256 cnt;
    if (!u256_add(&cnt, pod_active_validator_count(e, pod), U256_ONE)) return rs_panic(e, PANIC_OVERFLOW);
    store_active_count(e, pod, cnt);
    uint64_t cur = pod_current_checkpoint_timestamp(e, pod);
    uint64_t last_cp = cur == 0 ? pod_last_checkpoint_timestamp(e, pod) : cur;
    pod_validator_info nvi = {vindex, restaked_gwei, last_cp, POD_VALIDATOR_ACTIVE};
    validator_info_put(e, pod, pubkey_hash, &nvi);
    rs_key k = cp_key(pod, 4);
    uint64_t prev_beacon;
    if (__builtin_add_overflow(rs_sload_u64(e->st, &k), restaked_gwei, &prev_beacon)) return rs_panic(e, PANIC_OVERFLOW);
    rs_sstore_u64(e->st, &k, prev_beacon);
    rs_emit(e, pod, "ValidatorRestaked(bytes32)", 0, NULL, pubkey_hash.b, 32);
    uint8_t d[96];
    memcpy(d, pubkey_hash.b, 32);
    u256_to_be(u256_from_u64(last_cp), d + 32);
    u256_to_be(u256_from_u64(restaked_gwei), d + 64);
    rs_emit(e, pod, "ValidatorBalanceUpdated(bytes32,uint64,uint64)", 0, NULL, d, sizeof d);
    *wei = u256_mul_wrap(u256_from_u64(restaked_gwei), u256_from_u64(GWEI));
    return RS_OK;
}

int pod_verify_withdrawal_credentials(rs_env *e, rs_addr pod, rs_addr msg_sender, uint64_t beacon_timestamp,
                                      const pod_state_root_proof *srp, const uint64_t *validator_indices,
                                      size_t n_indices, const pod_bytes *field_proofs, size_t n_proofs,
                                      const pod_fields *fields, size_t n_fields) {
    if (only_owner_or_submitter(e, pod, msg_sender) != RS_OK) return RS_REVERTED;
    if (not_paused(e, EPM_PAUSED_EIGENPODS_VERIFY_CREDENTIALS) != RS_OK) return RS_REVERTED;
    if (n_indices != n_proofs || n_proofs != n_fields) return rs_revert(e, "InputArrayLengthMismatch()");
    if (beacon_timestamp <= pod_current_checkpoint_timestamp(e, pod)) return rs_revert(e, "BeaconTimestampTooFarInPast()");
    if (beacon_timestamp <= pod_last_checkpoint_timestamp(e, pod))
        return rs_revert(e, "BeaconTimestampBeforeLatestCheckpoint()");
    rs_b32 block_root;
    if (pod_get_parent_block_root(e, pod, beacon_timestamp, &block_root) != RS_OK) return RS_REVERTED;
    bp_status s = bp_verify_state_root(block_root, srp->beacon_state_root, srp->proof, srp->proof_len);
    if (s != BP_OK) return bp_revert(e, s);
    u256 total = U256_ZERO;
    for (size_t i = 0; i < n_indices; i++) {
        u256 wei;
        if (verify_one_credential(e, pod, beacon_timestamp, srp->beacon_state_root, validator_indices[i],
                                  &field_proofs[i], &fields[i], &wei) != RS_OK)
            return RS_REVERTED;
        if (!u256_add(&total, total, wei)) return rs_panic(e, PANIC_OVERFLOW);
    }
    return epm_record_beacon_chain_eth_balance_update(e, pod, pod_owner(e, pod), U256_ZERO, total);
}

int pod_verify_stale_balance(rs_env *e, rs_addr pod, rs_addr msg_sender, uint64_t beacon_timestamp,
                             const pod_state_root_proof *srp, const pod_fields *fields, const pod_bytes *proof) {
    (void)msg_sender;
    if (not_paused(e, EPM_PAUSED_START_CHECKPOINT) != RS_OK) return RS_REVERTED;
    if (not_paused(e, EPM_PAUSED_VERIFY_STALE_BALANCE) != RS_OK) return RS_REVERTED;
    rs_b32 pubkey_hash, slashed;
    if (field_at(e, fields, BP_FIELD_PUBKEY, &pubkey_hash) != RS_OK) return RS_REVERTED;
    pod_validator_info vi;
    pod_validator_info_get(e, pod, pubkey_hash, &vi);
    if (beacon_timestamp <= vi.last_checkpointed_at) return rs_revert(e, "BeaconTimestampTooFarInPast()");
    if (vi.status != POD_VALIDATOR_ACTIVE) return rs_revert(e, "ValidatorNotActiveInPod()");
    if (field_at(e, fields, BP_FIELD_SLASHED, &slashed) != RS_OK) return RS_REVERTED;
    if (rs_b32_eq(slashed, RS_B32_ZERO)) return rs_revert(e, "ValidatorNotSlashedOnBeaconChain()");
    rs_b32 block_root;
    if (pod_get_parent_block_root(e, pod, beacon_timestamp, &block_root) != RS_OK) return RS_REVERTED;
    bp_status s = bp_verify_state_root(block_root, srp->beacon_state_root, srp->proof, srp->proof_len);
    if (s != BP_OK) return bp_revert(e, s);
    bp_version v = BP_DENEB;
    if (get_proof_version(e, beacon_timestamp, &v) != RS_OK) return RS_REVERTED;
    s = bp_verify_validator_fields(v, srp->beacon_state_root, fields->f, fields->n, proof->p, proof->len,
                                   vi.validator_index & 0xffffffffffULL);
    if (s != BP_OK) return bp_revert(e, s);
    return start_checkpoint(e, pod, false);
}

/* ---- withdrawals ---- */

int pod_withdraw_restaked_beacon_chain_eth(rs_env *e, rs_addr pod, rs_addr msg_sender, rs_addr recipient,
                                           u256 amount_wei) {
    if (only_epm(e, msg_sender) != RS_OK) return RS_REVERTED;
    u256 q, r;
    rs_cannot_fail(u256_divmod(&q, &r, amount_wei, u256_from_u64(GWEI)));
    uint64_t gwei = q.w[0]; /* uint64() truncation */
    u256 wei = u256_mul_wrap(u256_from_u64(gwei), u256_from_u64(GWEI));
    uint64_t restaked = pod_withdrawable_restaked_el_gwei(e, pod);
    if (gwei > restaked) return rs_revert(e, "InsufficientWithdrawableBalance()");
    store_u64(e, NS_POD_RESTAKED_EL_GWEI, pod, restaked - gwei);
    rs_b32 t = rs_topic_addr(recipient);
    emit_words(e, pod, "RestakedBeaconChainETHWithdrawn(address,uint256)", 1, &t, &wei, 1);
    return send_value(e, pod, recipient, wei);
}

/* SafeERC20.safeTransfer (OZ 4.9). */
static int safe_transfer(rs_env *e, rs_addr from, rs_addr token, rs_addr to, u256 amount) {
    uint8_t cd[68];
    rs_selector_put(cd, rs_sig_selector("transfer(address,uint256)"));
    u256_to_be(rs_addr_to_u256(to), cd + 4);
    u256_to_be(amount, cd + 36);
    rs_buf ret;
    rs_buf_init(&ret);
    int rc = rs_call(e, from, token, U256_ZERO, cd, sizeof cd, &ret);
    int out = RS_OK;
    if (rc != RS_OK) {
        if (e->revert_len == 0) out = rs_revert_string(e, "SafeERC20: low-level call failed");
        else out = RS_REVERTED; /* bubbles the token's revert data */
    } else if (ret.len == 0) {
        if (rs_code_get(e->st, token) == RS_CODE_NONE) out = rs_revert_string(e, "Address: call to non-contract");
    } else {
        /* abi.decode(returndata, (bool)): short or dirty data reverts without a reason */
        if (ret.len < 32) out = rs_revert_empty(e);
        else {
            u256 v = u256_from_be(ret.p);
            if (u256_gt(v, U256_ONE)) out = rs_revert_empty(e);
            else if (u256_is_zero(v)) out = rs_revert_string(e, "SafeERC20: ERC20 operation did not succeed");
        }
    }
    rs_buf_free(&ret);
    return out;
}

int pod_recover_tokens(rs_env *e, rs_addr pod, rs_addr msg_sender, const rs_addr *tokens, size_t n,
                       const u256 *amounts, size_t n_amounts, rs_addr recipient) {
    if (only_pod_owner(e, pod, msg_sender) != RS_OK) return RS_REVERTED;
    if (not_paused(e, EPM_PAUSED_NON_PROOF_WITHDRAWALS) != RS_OK) return RS_REVERTED;
    if (n != n_amounts) return rs_revert(e, "InputArrayLengthMismatch()");
    for (size_t i = 0; i < n; i++)
        if (safe_transfer(e, pod, tokens[i], recipient, amounts[i]) != RS_OK) return RS_REVERTED;
    return RS_OK;
}

/* ---- EIP-7002 / EIP-7251 requests ---- */

static int require_active(rs_env *e, rs_addr pod, rs_b32 pubkey_hash) {
    pod_validator_info vi;
    pod_validator_info_get(e, pod, pubkey_hash, &vi);
    return vi.status == POD_VALIDATOR_ACTIVE ? RS_OK : rs_revert(e, "ValidatorNotActiveInPod()");
}

static int call_predeploy(rs_env *e, rs_addr pod, rs_addr predeploy, u256 fee, const uint8_t *cd, size_t len) {
    rs_buf ret;
    rs_buf_init(&ret);
    int rc = rs_call(e, pod, predeploy, fee, cd, len, &ret);
    rs_buf_free(&ret);
    return rc == RS_OK ? RS_OK : rs_revert(e, "PredeployFailed()");
}

/* fee * n, the msg.value check, and the remainder to refund. */
static int total_fee(rs_env *e, u256 fee, size_t n, u256 value, u256 *remainder) {
    u256 total;
    if (!u256_mul(&total, fee, u256_from_u64(n))) return rs_panic(e, PANIC_OVERFLOW);
    if (u256_lt(value, total)) return rs_revert(e, "InsufficientFunds()");
    *remainder = u256_sub_wrap(value, total);
    return RS_OK;
}

int pod_request_consolidation(rs_env *e, rs_addr pod, rs_addr msg_sender, u256 value,
                              const pod_consolidation_request *reqs, size_t n) {
    if (not_paused(e, EPM_PAUSED_CONSOLIDATIONS) != RS_OK) return RS_REVERTED;
    if (only_owner_or_submitter(e, pod, msg_sender) != RS_OK) return RS_REVERTED;
    u256 fee, remainder;
    if (pod_predeploy_fee(e, pod, e->p->consolidation_request_predeploy, &fee) != RS_OK) return RS_REVERTED;
    if (total_fee(e, fee, n, value, &remainder) != RS_OK) return RS_REVERTED;
    for (size_t i = 0; i < n; i++) {
        const pod_consolidation_request *r = &reqs[i];
        rs_b32 src, target;
        if (calc_pubkey_hash(e, r->src_pubkey, r->src_len, &src) != RS_OK) return RS_REVERTED;
        if (calc_pubkey_hash(e, r->target_pubkey, r->target_len, &target) != RS_OK) return RS_REVERTED;
        if (require_active(e, pod, target) != RS_OK) return RS_REVERTED;
        uint8_t cd[96];
        memcpy(cd, r->src_pubkey, 48);
        memcpy(cd + 48, r->target_pubkey, 48);
        if (call_predeploy(e, pod, e->p->consolidation_request_predeploy, fee, cd, sizeof cd) != RS_OK)
            return RS_REVERTED;
        if (rs_b32_eq(src, target)) {
            rs_emit(e, pod, "SwitchToCompoundingRequested(bytes32)", 1, &src, NULL, 0);
        } else {
            rs_b32 t[2] = {src, target};
            rs_emit(e, pod, "ConsolidationRequested(bytes32,bytes32)", 2, t, NULL, 0);
        }
    }
    if (!u256_is_zero(remainder)) return send_value(e, pod, msg_sender, remainder);
    return RS_OK;
}

int pod_request_withdrawal(rs_env *e, rs_addr pod, rs_addr msg_sender, u256 value,
                           const pod_withdrawal_request *reqs, size_t n) {
    if (not_paused(e, EPM_PAUSED_WITHDRAWAL_REQUESTS) != RS_OK) return RS_REVERTED;
    if (only_owner_or_submitter(e, pod, msg_sender) != RS_OK) return RS_REVERTED;
    u256 fee, remainder;
    if (pod_predeploy_fee(e, pod, e->p->withdrawal_request_predeploy, &fee) != RS_OK) return RS_REVERTED;
    if (total_fee(e, fee, n, value, &remainder) != RS_OK) return RS_REVERTED;
    for (size_t i = 0; i < n; i++) {
        const pod_withdrawal_request *r = &reqs[i];
        rs_b32 h;
        if (calc_pubkey_hash(e, r->pubkey, r->pubkey_len, &h) != RS_OK) return RS_REVERTED;
        if (require_active(e, pod, h) != RS_OK) return RS_REVERTED;
        uint8_t cd[56];
        memcpy(cd, r->pubkey, 48);
        for (int b = 0; b < 8; b++) cd[48 + b] = (uint8_t)(r->amount_gwei >> (56 - 8 * b));
        if (call_predeploy(e, pod, e->p->withdrawal_request_predeploy, fee, cd, sizeof cd) != RS_OK)
            return RS_REVERTED;
        if (r->amount_gwei == 0) {
            rs_emit(e, pod, "ExitRequested(bytes32)", 1, &h, NULL, 0);
        } else {
            u256 amt = u256_from_u64(r->amount_gwei);
            emit_words(e, pod, "WithdrawalRequested(bytes32,uint64)", 1, &h, &amt, 1);
        }
    }
    if (!u256_is_zero(remainder)) return send_value(e, pod, msg_sender, remainder);
    return RS_OK;
}
