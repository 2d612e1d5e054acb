/* DurationVaultStrategy: state, initialization and the lifecycle (lock,
 * maturity, early exit, best-effort cleanup). */
#include "protocol/duration_vault.h"

#include <assert.h>
#include <stdlib.h>

#include "protocol/delegation.h"
#include "protocol/duration_vault_internal.h"
#include "protocol/rewards.h"
#include "protocol/strategy_base.h"
#include "restake/accounts.h"

rs_key dv_key(uint16_t ns, rs_addr vault) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, vault);
    return k;
}

bool dv_is_vault(rs_env *e, rs_addr a) { return rs_code_get(e->st, a) == RS_CODE_DURATION_VAULT; }

/* ---- state ---- */

static u256 times_word(const dv_info *v) {
    u256 w = U256_ZERO;
    w.w[0] = (uint64_t)v->duration | (uint64_t)v->locked_at << 32;
    w.w[1] = (uint64_t)v->unlock_at | (uint64_t)v->matured_at << 32;
    w.w[2] = (uint64_t)v->state;
    return w;
}

void dv_load(rs_env *e, rs_addr vault, dv_info *out) {
    rs_key k = dv_key(NS_DV_ADMIN, vault);
    out->admin = rs_sload_addr(e->st, &k);
    k = dv_key(NS_DV_ARBITRATOR, vault);
    out->arbitrator = rs_sload_addr(e->st, &k);
    k = dv_key(NS_DV_TIMES, vault);
    u256 t = rs_sload(e->st, &k);
    out->duration = (uint32_t)t.w[0];
    out->locked_at = (uint32_t)(t.w[0] >> 32);
    out->unlock_at = (uint32_t)t.w[1];
    out->matured_at = (uint32_t)(t.w[1] >> 32);
    out->state = (dv_state)(t.w[2] & 3);
    k = dv_key(NS_DV_SET, vault);
    u256 s = rs_sload(e->st, &k);
    out->set.avs = rs_addr_from_u256(s);
    out->set.id = (uint32_t)(s.w[2] >> 32);
    k = dv_key(NS_DV_MAX_PER_DEPOSIT, vault);
    out->max_per_deposit = rs_sload(e->st, &k);
    k = dv_key(NS_DV_MAX_TOTAL, vault);
    out->max_total_deposits = rs_sload(e->st, &k);
}

void dv_store_times(rs_env *e, rs_addr vault, const dv_info *v) {
    rs_key k = dv_key(NS_DV_TIMES, vault);
    rs_sstore(e->st, &k, times_word(v));
}

static void store_set(rs_env *e, rs_addr vault, am_opset set) {
    u256 s = rs_addr_to_u256(set.avs);
    s.w[2] |= (uint64_t)set.id << 32; /* bits 160..191 */
    rs_key k = dv_key(NS_DV_SET, vault);
    rs_sstore(e->st, &k, s);
}

size_t dv_metadata_uri(rs_env *e, rs_addr vault, uint8_t *out, size_t cap) {
    rs_key k = dv_key(NS_DV_METADATA, vault);
    return rs_sload_bytes(e->st, &k, out, cap);
}

void dv_store_metadata_uri(rs_env *e, rs_addr vault, const uint8_t *uri, size_t len) {
    rs_key k = dv_key(NS_DV_METADATA, vault);
    rs_sstore_bytes(e->st, &k, uri, len);
}

/* ---- events ---- */

void dv_emit_bool(rs_env *e, rs_addr vault, const char *sig, bool v) {
    uint8_t data[32] = {0};
    data[31] = v ? 1 : 0;
    rs_emit(e, vault, sig, 0, NULL, data, 32);
}

static void emit_u32s(rs_env *e, rs_addr vault, const char *sig, const uint32_t *w, size_t n) {
    rs_buf b;
    rs_buf_init(&b);
    for (size_t i = 0; i < n; i++) rs_buf_word_u64(&b, w[i]);
    rs_emit(e, vault, sig, 0, NULL, b.p, b.len);
    rs_buf_free(&b);
}

static void emit_initialized(rs_env *e, rs_addr vault, const dv_config *c) {
    rs_b32 topics[3] = {rs_topic_addr(c->admin), rs_topic_addr(c->arbitrator), rs_topic_addr(c->token)};
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_word_u64(&b, c->duration);
    rs_buf_word(&b, c->max_per_deposit);
    rs_buf_word(&b, c->stake_cap);
    rs_buf_word_u64(&b, 4 * 32);
    rs_buf_abi_bytes(&b, c->metadata_uri, c->metadata_uri_len);
    rs_emit(e, vault, "VaultInitialized(address,address,address,uint32,uint256,uint256,string)", 3, topics, b.p,
            b.len);
    rs_buf_free(&b);
}

/* _setTVLLimits: both events first, then the check (so a failing call still
 * shows them in a trace, and a revert discards them). */
int dv_set_limits(rs_env *e, rs_addr vault, u256 max_per_deposit, u256 max_total) {
    rs_key pk = dv_key(NS_DV_MAX_PER_DEPOSIT, vault), tk = dv_key(NS_DV_MAX_TOTAL, vault);
    u256 w[2] = {rs_sload(e->st, &pk), max_per_deposit};
    uint8_t data[64];
    u256_to_be(w[0], data);
    u256_to_be(w[1], data + 32);
    rs_emit(e, vault, "MaxPerDepositUpdated(uint256,uint256)", 0, NULL, data, 64);
    u256_to_be(rs_sload(e->st, &tk), data);
    u256_to_be(max_total, data + 32);
    rs_emit(e, vault, "MaxTotalDepositsUpdated(uint256,uint256)", 0, NULL, data, 64);
    if (u256_gt(max_per_deposit, max_total)) return rs_revert(e, "MaxPerDepositExceedsMax()");
    rs_sstore(e->st, &pk, max_per_deposit);
    rs_sstore(e->st, &tk, max_total);
    return RS_OK;
}

/* ---- initialize ---- */

/* _configureOperatorIntegration: the vault registers itself as an operator
 * (allocation delay one block above the withdrawal delay, so withdrawals
 * queued before a lock complete before the allocation can be slashed), joins
 * its operator set and gives every reward to its stakers. */
static int configure_operator(rs_env *e, rs_addr vault, const dv_config *c) {
    if (rs_addr_is_zero(c->set.avs)) return rs_revert(e, "OperatorIntegrationInvalid()");
    store_set(e, vault, c->set);
    uint32_t delay = e->p->min_withdrawal_delay_blocks + 1;
    if (dm_register_as_operator(e, vault, c->delegation_approver, delay, c->operator_metadata_uri,
                                c->operator_metadata_uri_len) != RS_OK)
        return RS_REVERTED;
    if (am_register_for_operator_sets(e, vault, vault, c->set.avs, &c->set.id, 1, c->registration_data,
                                      c->registration_data_len) != RS_OK)
        return RS_REVERTED;
    if (rc_set_operator_avs_split(e, vault, vault, c->set.avs, 0) != RS_OK) return RS_REVERTED;
    if (rc_set_operator_set_split(e, vault, vault, c->set.avs, c->set.id, 0) != RS_OK) return RS_REVERTED;
    return rc_set_operator_pi_split(e, vault, vault, 0);
}

int dv_initialize(rs_env *e, rs_addr msg_sender, rs_addr vault, const dv_config *c) {
    if (sb_initializer_enter(e, vault) != RS_OK) return RS_REVERTED;
    if (rs_addr_is_zero(c->admin)) return rs_revert(e, "InvalidVaultAdmin()");
    if (rs_addr_is_zero(c->arbitrator)) return rs_revert(e, "InvalidArbitrator()");
    if (c->duration == 0 || c->duration > DV_MAX_DURATION) return rs_revert(e, "InvalidDuration()");
    if (dv_set_limits(e, vault, c->max_per_deposit, c->stake_cap) != RS_OK) return RS_REVERTED;
    if (sb_initialize_base(e, msg_sender, vault, c->token) != RS_OK) return RS_REVERTED;

    rs_key k = dv_key(NS_DV_ADMIN, vault);
    rs_sstore_addr(e->st, &k, c->admin);
    k = dv_key(NS_DV_ARBITRATOR, vault);
    rs_sstore_addr(e->st, &k, c->arbitrator);
    dv_info v = {.duration = c->duration, .state = DV_UNINITIALIZED};
    dv_store_times(e, vault, &v);
    dv_store_metadata_uri(e, vault, c->metadata_uri, c->metadata_uri_len);

    if (configure_operator(e, vault, c) != RS_OK) return RS_REVERTED;
    v.state = DV_DEPOSITS;
    dv_store_times(e, vault, &v);
    assert(dm_is_operator(e, vault) && am_is_member_of_operator_set(e, vault, c->set));
    emit_initialized(e, vault, c);
    sb_initializer_done(e, vault);
    return RS_OK;
}

/* ---- lifecycle ---- */

static am_allocate_params one_allocation(const am_opset *set, const rs_addr *vault, const uint64_t *magnitude) {
    return (am_allocate_params){.set = *set, .strategies = vault, .nstrategies = 1, .new_magnitudes = magnitude,
                                .nmagnitudes = 1};
}

static bool set_has_strategy(rs_env *e, am_opset set, rs_addr strategy) {
    uint64_t n = am_strategy_count(e, set);
    for (uint64_t i = 0; i < n; i++)
        if (rs_addr_eq(am_strategy_at(e, set, i), strategy)) return true;
    return false;
}

int dv_lock(rs_env *e, rs_addr msg_sender, rs_addr vault) {
    dv_info v;
    dv_load(e, vault, &v);
    if (!rs_addr_eq(msg_sender, v.admin)) return rs_revert(e, "OnlyVaultAdmin()");
    if (v.state != DV_DEPOSITS) return rs_revert(e, "VaultAlreadyLocked()");
    if (!set_has_strategy(e, v.set, vault)) return rs_revert(e, "StrategyNotSupportedByOperatorSet()");
    v.locked_at = (uint32_t)e->timestamp;
    uint64_t unlock = (uint64_t)v.locked_at + v.duration;
    if (unlock > UINT32_MAX) return rs_panic(e, PANIC_OVERFLOW);
    v.unlock_at = (uint32_t)unlock;
    v.state = DV_ALLOCATIONS;
    dv_store_times(e, vault, &v);
    uint32_t w[2] = {v.locked_at, v.unlock_at};
    emit_u32s(e, vault, "VaultLocked(uint32,uint32)", w, 2);

    if (am_get_allocation(e, vault, v.set, vault).effect_block != 0) return rs_revert(e, "PendingAllocation()");
    const uint64_t full = DV_FULL_ALLOCATION;
    am_allocate_params p = one_allocation(&v.set, &vault, &full);
    if (am_modify_allocations(e, vault, vault, &p, 1) != RS_OK) return RS_REVERTED;
    assert(am_get_encumbered_magnitude(e, vault, vault) >= am_get_allocation(e, vault, v.set, vault).current_magnitude);
    return RS_OK;
}

/* A low-level call that may fail: on failure its state writes and logs are
 * gone and the caller only learns that it failed. */
typedef struct {
    size_t checkpoint, nlogs, logdata_len;
} attempt;

static attempt attempt_begin(rs_env *e) {
    return (attempt){rs_state_checkpoint(e->st), e->nlogs, e->logdata_len};
}

static bool attempt_end(rs_env *e, attempt a, int rc) {
    assert(e->nlogs >= a.nlogs);
    if (rc == RS_OK) return true;
    rs_state_revert(e->st, a.checkpoint);
    e->nlogs = a.nlogs;
    e->logdata_len = a.logdata_len;
    e->revert_len = 0;
    return false;
}

/* _deallocateAll: nothing to do, a modification still pending (wait), or a
 * low-level modifyAllocations to zero. */
static bool deallocate_all(rs_env *e, rs_addr vault, am_opset set) {
    am_allocation a = am_get_allocation(e, vault, set, vault);
    if (a.current_magnitude == 0 && a.diff_abs == 0) return true;
    if (a.effect_block != 0) return false;
    const uint64_t zero = 0;
    am_allocate_params p = one_allocation(&set, &vault, &zero);
    attempt t = attempt_begin(e);
    return attempt_end(e, t, am_modify_allocations(e, vault, vault, &p, 1));
}

static bool deregister(rs_env *e, rs_addr vault, am_opset set) {
    if (!am_is_member_of_operator_set(e, vault, set)) return true;
    attempt t = attempt_begin(e);
    return attempt_end(e, t, am_deregister_from_operator_sets(e, vault, vault, set.avs, &set.id, 1));
}

/* _attemptOperatorCleanup: never reverts, so maturity cannot be bricked by
 * the AllocationManager (paused, a pending modification, a registrar that
 * refuses). */
static void cleanup(rs_env *e, rs_addr vault, am_opset set) {
    dv_emit_bool(e, vault, "DeallocateAttempted(bool)", deallocate_all(e, vault, set));
    dv_emit_bool(e, vault, "DeregisterAttempted(bool)", deregister(e, vault, set));
}

static void mature(rs_env *e, rs_addr vault, dv_info *v) {
    assert(v->state == DV_ALLOCATIONS);
    v->state = DV_WITHDRAWALS;
    v->matured_at = (uint32_t)e->timestamp;
    dv_store_times(e, vault, v);
    emit_u32s(e, vault, "VaultMatured(uint32)", &v->matured_at, 1);
}

int dv_mark_matured(rs_env *e, rs_addr msg_sender, rs_addr vault) {
    (void)msg_sender;
    dv_info v;
    dv_load(e, vault, &v);
    if (v.state != DV_WITHDRAWALS) {
        if (v.state != DV_ALLOCATIONS || e->timestamp < v.unlock_at) return rs_revert(e, "DurationNotElapsed()");
        mature(e, vault, &v);
    }
    cleanup(e, vault, v.set);
    return RS_OK;
}

int dv_advance_to_withdrawals(rs_env *e, rs_addr msg_sender, rs_addr vault) {
    dv_info v;
    dv_load(e, vault, &v);
    if (!rs_addr_eq(msg_sender, v.arbitrator)) return rs_revert(e, "OnlyArbitrator()");
    if (v.state != DV_WITHDRAWALS) {
        if (v.state != DV_ALLOCATIONS) return rs_revert(e, "VaultNotLocked()");
        if (e->timestamp >= v.unlock_at) return rs_revert(e, "DurationAlreadyElapsed()");
        mature(e, vault, &v);
        rs_b32 t = rs_topic_addr(msg_sender);
        uint8_t data[32];
        u256_to_be(u256_from_u64(v.matured_at), data);
        rs_emit(e, vault, "VaultAdvancedToWithdrawals(address,uint32)", 1, &t, data, 32);
    }
    cleanup(e, vault, v.set);
    return RS_OK;
}
