/* The call router: one frame in, the code at its address run, the state and
 * logs rolled back unless it succeeds. */
#include <assert.h>

#include "restake/precompiles.h"
#include "restake/tracer.h"
#include "router/router_internal.h"

/* ---- entry points: one rs_contract_* per code kind (contracts.h) ---- */

static rs_contract_fn overrides[RS_CODE__COUNT];

rs_contract_fn rs_dispatch_override(rs_code_kind k, rs_contract_fn fn) {
    if ((unsigned)k >= RS_CODE__COUNT) return NULL;
    rs_contract_fn old = overrides[k];
    overrides[k] = fn;
    return old;
}

static rs_contract_fn entry_of(rs_code_kind k) {
    if (overrides[k]) return overrides[k];
    switch (k) {
    case RS_CODE_ERC20: return rs_contract_erc20;
    case RS_CODE_STRATEGY_BASE: return rs_contract_strategy_base;
    case RS_CODE_DURATION_VAULT: return rs_contract_duration_vault;
    case RS_CODE_STRATEGY_MANAGER: return rs_contract_strategy_manager;
    case RS_CODE_DELEGATION_MANAGER: return rs_contract_delegation_manager;
    case RS_CODE_ALLOCATION_MANAGER: return rs_contract_allocation_manager;
    case RS_CODE_ALLOCATION_MANAGER_VIEW: return rs_contract_allocation_manager_view;
    case RS_CODE_PERMISSION_CONTROLLER: return rs_contract_permission_controller;
    case RS_CODE_STRATEGY_FACTORY: return rs_contract_strategy_factory;
    case RS_CODE_PAUSER_REGISTRY: return rs_contract_pauser_registry;
    case RS_CODE_EIGEN_POD_MANAGER: return rs_contract_eigen_pod_manager;
    case RS_CODE_EIGEN_POD: return rs_contract_eigen_pod;
    case RS_CODE_REWARDS_COORDINATOR: return rs_contract_rewards_coordinator;
    case RS_CODE_AVS_DIRECTORY: return rs_contract_avs_directory;
    case RS_CODE_MOCK_AVS_REGISTRAR: return rs_contract_mock_avs_registrar;
    case RS_CODE_ETH_POS_DEPOSIT: return rs_contract_eth_pos_deposit;
    case RS_CODE_BEACON_ROOTS: return rs_contract_beacon_roots;
    case RS_CODE_WITHDRAWAL_REQUESTS: return rs_contract_withdrawal_requests;
    case RS_CODE_CONSOLIDATION_REQUESTS: return rs_contract_consolidation_requests;
    case RS_CODE_EIGEN: return rs_contract_eigen;
    case RS_CODE_BACKING_EIGEN: return rs_contract_backing_eigen;
    case RS_CODE_EMISSIONS_CONTROLLER: return rs_contract_emissions_controller;
    default: return NULL; /* RS_CODE_NONE is handled by the caller; OPAQUE has no surface */
    }
}

bool rs_dispatch_has_entry(rs_code_kind k) { return (unsigned)k < RS_CODE__COUNT && entry_of(k) != NULL; }

/* ---- frames ---- */

static void rollback(rs_env *e, size_t checkpoint, size_t nlogs, size_t logdata_len) {
    rs_state_revert(e->st, checkpoint);
    e->nlogs = nlogs;
    e->logdata_len = logdata_len;
}

/* Moves the value (when asked) and runs the code at msg->code_address inside
 * the frame (depth and static mode already set). */
static int run_frame(rs_env *e, const rs_msg *msg, rs_buf *ret, bool transfer) {
    if (transfer && !u256_is_zero(msg->value)) {
        if (msg->is_static) return rs_revert_empty(e); /* value in a static frame */
        if (!rs_eth_transfer(e->st, msg->sender, msg->recipient, msg->value)) return rs_revert_empty(e);
    }
    if (rs_precompile_is(msg->code_address)) return router_evm_frame(e, msg, ret);
    rs_code_kind kind = rs_code_get(e->st, msg->code_address);
    if (kind == RS_CODE_NONE) return RS_OK;
    if (kind == RS_CODE_EVM) return router_evm_frame(e, msg, ret);
    rs_contract_fn fn = entry_of(kind);
    return fn ? fn(e, msg, ret) : rs_revert_empty(e);
}

/* Runs the frame with the environment's frame registers (depth, static mode
 * of the env and of the state) set to it, and restores the caller's. A write
 * or log the frame's own code attempted in static mode turns success into a
 * revert. A thread without stack room for the frame fails it as a frame past
 * the depth limit fails. */
int router_enter(rs_env *e, const rs_msg *msg, rs_buf *ret, bool transfer) {
    if (!rs_stack_has_room()) return rs_revert_empty(e);
    uint32_t depth = e->depth;
    bool is_static = e->is_static;
    bool readonly = rs_state_set_readonly(e->st, msg->is_static);
    size_t writes_refused = rs_state_violations(e->st), logs_refused = e->static_violations;
    e->depth = msg->depth + 1;
    e->is_static = msg->is_static;

    int rc = run_frame(e, msg, ret, transfer);

    e->depth = depth;
    e->is_static = is_static;
    rs_state_set_readonly(e->st, readonly);
    /* A refusal reverts the frame whose code attempted it; its caller goes on
     * (as an EVM caller sees 0 from a failed CALL), so the counts go back. */
    bool refused = rs_state_violations(e->st) != writes_refused || e->static_violations != logs_refused;
    rs_state_set_violations(e->st, writes_refused);
    e->static_violations = logs_refused;
    if (rc == RS_OK && refused) rc = rs_revert_empty(e);
    return rc;
}

/* ---- tracing (restake/tracer.h) ---- */

/* The gas of a frame a native caller opens: EVM code (or a precompile) runs
 * with what the bridge hands it; native code carries no meter (0). */
static int64_t traced_gas(const rs_env *e, const rs_msg *msg) {
    bool evm = rs_precompile_is(msg->code_address) || rs_code_get(e->st, msg->code_address) == RS_CODE_EVM;
    return evm ? router_evm_gas(e, msg) : 0;
}

/* Reports the frame's start; returns the EVM gas used so far, from which
 * trace_exit measures the frame's. */
static uint64_t trace_enter(rs_env *e, const rs_msg *msg) {
    rs_msg m = *msg;
    m.gas = traced_gas(e, msg);
    e->tracer->enter(e->tracer, &m, msg->code_address, m.gas == 0);
    return e->evm_gas_used;
}

/* Reports the frame's end: its return data, or the revert data it left in
 * e->revert, and the gas it left (what its EVM code did not use). */
static void trace_exit(rs_env *e, const rs_msg *msg, int rc, const rs_buf *ret, uint64_t evm_gas_before) {
    int64_t gas = traced_gas(e, msg), used = (int64_t)(e->evm_gas_used - evm_gas_before);
    int64_t left = gas > used ? gas - used : 0;
    if (rc == RS_OK)
        e->tracer->exit(e->tracer, RS_EVM_SUCCESS, ret->p, ret->len, left);
    else
        e->tracer->exit(e->tracer, RS_EVM_REVERT, e->revert, e->revert_len, left);
}

int rs_route(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    assert(msg->kind == RS_MSG_CALL); /* native frames are plain or static calls */
    rs_buf scratch;
    bool own_ret = ret == NULL;
    if (own_ret) {
        rs_buf_init(&scratch);
        ret = &scratch;
    }
    rs_buf_reset(ret);
    size_t checkpoint = rs_state_checkpoint(e->st);
    size_t nlogs = e->nlogs, logdata_len = e->logdata_len;
    uint64_t traced_evm_gas = e->tracer ? trace_enter(e, msg) : 0;

    /* The EVM runs frames at depths 0..1024: a frame past that never starts. */
    int rc = msg->depth > RS_CALL_DEPTH_MAX ? rs_revert_empty(e) : router_enter(e, msg, ret, true);
    if (rc != RS_OK) {
        rollback(e, checkpoint, nlogs, logdata_len);
        rs_buf_reset(ret);
        rc = RS_REVERTED;
    }
    if (e->tracer) trace_exit(e, msg, rc, ret, traced_evm_gas);
    if (own_ret) rs_buf_free(&scratch);
    return rc;
}

void rs_router_attach(rs_env *e) { e->call = rs_route; }
