/* The DelegationManager's contract surface: calldata → dm_ calls → returns. */
#include <stdlib.h>

#include "contracts/pausable.h"
#include "restake/buf.h"
#include "protocol/delegation.h"
#include "protocol/pausing.h"
#include "contracts/dispatch.h"
#include "restake/contracts.h"
#include "restake/keccak.h"

/* dispatch hands a handler the decoded parameters as an array. */
#define ARG(i) (&args[i])

/* ---- argument conversion ---- */

/* Withdrawal tuple; its two arrays may differ in length in calldata, which
 * the reference only notices when it indexes past the shorter one. */
static void withdrawal_from(const abi_val *t, dm_withdrawal *w, size_t *nscaled) {
    w->staker = abi_addr(&t->items[0]);
    w->delegated_to = abi_addr(&t->items[1]);
    w->withdrawer = abi_addr(&t->items[2]);
    w->nonce = abi_u256(&t->items[3]);
    w->start_block = (uint32_t)abi_u64(&t->items[4]);
    w->n = t->items[5].n;
    w->strategies = abi_addr_array(&t->items[5]);
    *nscaled = t->items[6].n;
    w->scaled_shares = rs_xcalloc(w->n > *nscaled ? w->n : *nscaled, sizeof(u256));
    for (size_t i = 0; i < *nscaled; i++) w->scaled_shares[i] = abi_u256(&t->items[6].items[i]);
}

/* ---- return encoding ---- */

static void put_word_array(rs_buf *b, const u256 *v, size_t n) {
    rs_buf_word_u64(b, n);
    for (size_t i = 0; i < n; i++) rs_buf_word(b, v[i]);
}

static void put_b32_array(rs_buf *b, const rs_b32 *v, size_t n) {
    rs_buf_word_u64(b, n);
    for (size_t i = 0; i < n; i++) rs_buf_word_b32(b, v[i]);
}

static void put_addr_array(rs_buf *b, const rs_addr *v, size_t n) {
    rs_buf_word_u64(b, n);
    for (size_t i = 0; i < n; i++) rs_buf_word_addr(b, v[i]);
}

/* T[] of dynamic elements: length, offsets relative to the first offset, tails. */
typedef void (*put_elem_fn)(rs_buf *b, const void *ctx, size_t i);
static void put_dyn_array(rs_buf *b, size_t n, put_elem_fn put, const void *ctx) {
    rs_buf_word_u64(b, n);
    size_t heads = b->len;
    rs_buf_zeros(b, 32 * n);
    for (size_t i = 0; i < n; i++) {
        rs_buf_set_word(b, heads + 32 * i, u256_from_u64(b->len - heads));
        put(b, ctx, i);
    }
}

static void ret_b32_array(rs_buf *ret, const rs_b32 *v, size_t n) {
    rs_buf_word_u64(ret, 32);
    put_b32_array(ret, v, n);
}

static void ret_word_array(rs_buf *ret, const u256 *v, size_t n) {
    rs_buf_word_u64(ret, 32);
    put_word_array(ret, v, n);
}

/* ---- state-changing methods ---- */

static int m_register_as_operator(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dm_register_as_operator(e, msg->sender, abi_addr(ARG(0)), (uint32_t)abi_u64(ARG(1)), ARG(2)->ptr,
                                   ARG(2)->len);
}

static int m_modify_operator_details(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dm_modify_operator_details(e, msg->sender, abi_addr(ARG(0)), abi_addr(ARG(1)));
}

static int m_update_metadata_uri(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dm_update_operator_metadata_uri(e, msg->sender, abi_addr(ARG(0)), ARG(1)->ptr, ARG(1)->len);
}

static int m_delegate_to(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    const abi_val *sig = ARG(1);
    return dm_delegate_to(e, msg->sender, abi_addr(ARG(0)), sig->items[0].ptr, sig->items[0].len,
                          abi_u256(&sig->items[1]), abi_b32(ARG(2)));
}

static int m_undelegate(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    rs_b32 *roots;
    size_t n;
    if (dm_undelegate(e, msg->sender, abi_addr(ARG(0)), &roots, &n) != RS_OK) return RS_REVERTED;
    ret_b32_array(ret, roots, n);
    free(roots);
    return RS_OK;
}

static int m_redelegate(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    const abi_val *sig = ARG(1);
    rs_b32 *roots;
    size_t n;
    if (dm_redelegate(e, msg->sender, abi_addr(ARG(0)), sig->items[0].ptr, sig->items[0].len, abi_u256(&sig->items[1]),
                      abi_b32(ARG(2)), &roots, &n) != RS_OK)
        return RS_REVERTED;
    ret_b32_array(ret, roots, n);
    free(roots);
    return RS_OK;
}

static int m_queue_withdrawals(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    const abi_val *list = ARG(0);
    size_t n = list->n;
    dm_queue_params *p = rs_xcalloc(n, sizeof *p);
    rs_b32 *roots = rs_xcalloc(n, sizeof *roots);
    for (size_t i = 0; i < n; i++) {
        const abi_val *t = &list->items[i];
        p[i].n = t->items[0].n;
        p[i].strategies = abi_addr_array(&t->items[0]);
        p[i].nshares = t->items[1].n;
        p[i].deposit_shares = abi_word_array(&t->items[1]);
    }
    int rc = dm_queue_withdrawals(e, msg->sender, p, n, roots);
    if (rc == RS_OK) ret_b32_array(ret, roots, n);
    for (size_t i = 0; i < n; i++) {
        free((void *)p[i].strategies);
        free((void *)p[i].deposit_shares);
    }
    free(p);
    free(roots);
    return rc;
}

/* A Withdrawal whose two arrays differ in length hashes to a root no queued
 * withdrawal has, so after the earlier checks it is simply not queued. */
static int complete_entry(rs_env *e, rs_addr sender, const dm_withdrawal *w, size_t nscaled, const abi_val *tokens,
                          bool receive_as_tokens) {
    if (nscaled != w->n) {
        if (tokens->n != w->n) return rs_revert(e, "InputArrayLengthMismatch()");
        if (!rs_addr_eq(sender, w->withdrawer)) return rs_revert(e, "WithdrawerNotCaller()");
        return rs_revert(e, "WithdrawalNotQueued()");
    }
    rs_addr *t = abi_addr_array(tokens);
    int rc = dm_complete_withdrawal_entry(e, sender, w, t, tokens->n, receive_as_tokens);
    free(t);
    return rc;
}

static int m_complete_queued_withdrawal(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    if (pause_require_not_paused(e, msg->recipient, DM_PAUSED_EXIT_WITHDRAWAL_QUEUE) != RS_OK) return RS_REVERTED;
    dm_withdrawal w = {0};
    size_t nscaled;
    withdrawal_from(ARG(0), &w, &nscaled);
    int rc = complete_entry(e, msg->sender, &w, nscaled, ARG(1), abi_bool(ARG(2)));
    dm_withdrawal_free(&w);
    return rc;
}

static int m_complete_queued_withdrawals(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    if (pause_require_not_paused(e, msg->recipient, DM_PAUSED_EXIT_WITHDRAWAL_QUEUE) != RS_OK) return RS_REVERTED;
    const abi_val *ws = ARG(0), *tokens = ARG(1), *receive = ARG(2);
    for (size_t i = 0; i < ws->n; i++) {
        /* tokens[i] / receiveAsTokens[i] past their ends: Panic(0x32). */
        if (i >= tokens->n || i >= receive->n) return rs_panic(e, PANIC_ARRAY_INDEX);
        dm_withdrawal w = {0};
        size_t nscaled;
        withdrawal_from(&ws->items[i], &w, &nscaled);
        int rc = complete_entry(e, msg->sender, &w, nscaled, &tokens->items[i], abi_bool(&receive->items[i]));
        dm_withdrawal_free(&w);
        if (rc != RS_OK) return rc;
    }
    return RS_OK;
}

static int m_increase_delegated_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dm_increase_delegated_shares(e, msg->sender, abi_addr(ARG(0)), abi_addr(ARG(1)), abi_u256(ARG(2)),
                                        abi_u256(ARG(3)));
}

static int m_decrease_delegated_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return dm_decrease_delegated_shares(e, msg->sender, abi_addr(ARG(0)), abi_u256(ARG(1)), abi_u64(ARG(2)));
}

static int m_slash_operator_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    const abi_val *set = ARG(1);
    u256 total;
    if (dm_slash_operator_shares(e, msg->sender, abi_addr(ARG(0)), abi_addr(&set->items[0]),
                                 (uint32_t)abi_u64(&set->items[1]), abi_u256(ARG(2)), abi_addr(ARG(3)),
                                 abi_u64(ARG(4)), abi_u64(ARG(5)), &total) != RS_OK)
        return RS_REVERTED;
    rs_buf_word(ret, total);
    return RS_OK;
}

/* ---- views ---- */

static int m_delegated_to(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_addr(ret, dm_delegated_to(e, abi_addr(ARG(0))));
    return RS_OK;
}

static int m_is_delegated(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, dm_is_delegated(e, abi_addr(ARG(0))));
    return RS_OK;
}

static int m_is_operator(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, dm_is_operator(e, abi_addr(ARG(0))));
    return RS_OK;
}

static int m_delegation_approver(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_addr(ret, dm_delegation_approver(e, abi_addr(ARG(0))));
    return RS_OK;
}

static int m_salt_spent(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, dm_salt_is_spent(e, abi_addr(ARG(0)), abi_b32(ARG(1))));
    return RS_OK;
}

static int m_cumulative_queued(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word(ret, dm_cumulative_withdrawals_queued(e, abi_addr(ARG(0))));
    return RS_OK;
}

static int m_pending_withdrawals(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, dm_pending_withdrawal(e, abi_b32(ARG(0))));
    return RS_OK;
}

static int m_operator_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word(ret, dm_operator_shares(e, abi_addr(ARG(0)), abi_addr(ARG(1))));
    return RS_OK;
}

static int m_deposit_scaling_factor(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word(ret, dm_deposit_scaling_factor(e, abi_addr(ARG(0)), abi_addr(ARG(1))));
    return RS_OK;
}

static void put_operator_shares(rs_buf *b, rs_env *e, rs_addr operator_, const abi_val *strategies) {
    rs_buf_word_u64(b, strategies->n);
    for (size_t i = 0; i < strategies->n; i++)
        rs_buf_word(b, dm_operator_shares(e, operator_, abi_addr(&strategies->items[i])));
}

static int m_get_operator_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_u64(ret, 32);
    put_operator_shares(ret, e, abi_addr(ARG(0)), ARG(1));
    return RS_OK;
}

typedef struct {
    rs_env *e;
    const abi_val *operators, *strategies;
} ops_ctx;

static void put_ops_elem(rs_buf *b, const void *ctx, size_t i) {
    const ops_ctx *c = ctx;
    put_operator_shares(b, c->e, abi_addr(&c->operators->items[i]), c->strategies);
}

static int m_get_operators_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    ops_ctx c = {e, ARG(0), ARG(1)};
    rs_buf_word_u64(ret, 32);
    put_dyn_array(ret, ARG(0)->n, put_ops_elem, &c);
    return RS_OK;
}

static int m_slashable_in_queue(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    u256 v;
    if (dm_get_slashable_shares_in_queue(e, abi_addr(ARG(0)), abi_addr(ARG(1)), &v) != RS_OK) return RS_REVERTED;
    rs_buf_word(ret, v);
    return RS_OK;
}

static int m_get_withdrawable_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    size_t n = ARG(1)->n;
    rs_addr *s = abi_addr_array(ARG(1));
    u256 *w = rs_xcalloc(n, sizeof *w), *d = rs_xcalloc(n, sizeof *d);
    int rc = dm_get_withdrawable_shares(e, abi_addr(ARG(0)), s, n, w, d);
    if (rc == RS_OK) {
        rs_buf_word_u64(ret, 64);
        rs_buf_word_u64(ret, 64 + 32 + 32 * (uint64_t)n);
        put_word_array(ret, w, n);
        put_word_array(ret, d, n);
    }
    free(s), free(w), free(d);
    return rc;
}

static int m_get_deposited_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr *s;
    u256 *v;
    size_t n;
    if (dm_get_deposited_shares(e, abi_addr(ARG(0)), &s, &v, &n) != RS_OK) return RS_REVERTED;
    rs_buf_word_u64(ret, 64);
    rs_buf_word_u64(ret, 64 + 32 + 32 * (uint64_t)n);
    put_addr_array(ret, s, n);
    put_word_array(ret, v, n);
    free(s), free(v);
    return RS_OK;
}

static int m_queued_withdrawals(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    dm_withdrawal w;
    dm_withdrawal_load(e->st, abi_b32(ARG(0)), &w);
    rs_buf_word_u64(ret, 32);
    dm_withdrawal_encode(ret, &w);
    dm_withdrawal_free(&w);
    return RS_OK;
}

static int m_get_queued_withdrawal(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    dm_withdrawal w;
    u256 *shares;
    if (dm_get_queued_withdrawal(e, abi_b32(ARG(0)), &w, &shares) != RS_OK) return RS_REVERTED;
    rs_buf_word_u64(ret, 64);
    rs_buf_word_u64(ret, 0);
    dm_withdrawal_encode(ret, &w);
    rs_buf_set_word(ret, 32, u256_from_u64(ret->len));
    put_word_array(ret, shares, w.n);
    free(shares);
    dm_withdrawal_free(&w);
    return RS_OK;
}

typedef struct {
    const dm_withdrawal *ws;
    u256 *const *shares;
} queued_ctx;

static void put_withdrawal_elem(rs_buf *b, const void *ctx, size_t i) {
    const queued_ctx *c = ctx;
    dm_withdrawal_encode(b, &c->ws[i]);
}

static void put_shares_elem(rs_buf *b, const void *ctx, size_t i) {
    const queued_ctx *c = ctx;
    put_word_array(b, c->shares[i], c->ws[i].n);
}

static int m_get_queued_withdrawals(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_b32 *roots;
    size_t n = dm_get_queued_withdrawal_roots(e, abi_addr(ARG(0)), &roots);
    dm_withdrawal *ws = rs_xcalloc(n, sizeof *ws);
    u256 **shares = rs_xcalloc(n, sizeof *shares);
    int rc = RS_OK;
    size_t done = 0;
    for (; done < n && rc == RS_OK; done++) rc = dm_get_queued_withdrawal(e, roots[done], &ws[done], &shares[done]);
    if (rc == RS_OK) {
        queued_ctx c = {ws, shares};
        rs_buf_word_u64(ret, 64);
        rs_buf_word_u64(ret, 0);
        put_dyn_array(ret, n, put_withdrawal_elem, &c);
        rs_buf_set_word(ret, 32, u256_from_u64(ret->len));
        put_dyn_array(ret, n, put_shares_elem, &c);
    }
    for (size_t i = 0; i < n; i++) {
        free(shares[i]);
        dm_withdrawal_free(&ws[i]);
    }
    free(shares), free(ws), free(roots);
    return rc;
}

static int m_get_queued_roots(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_b32 *roots;
    size_t n = dm_get_queued_withdrawal_roots(e, abi_addr(ARG(0)), &roots);
    ret_b32_array(ret, roots, n);
    free(roots);
    return RS_OK;
}

static int m_convert_to_deposit_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    size_t n = ARG(1)->n, nw = ARG(2)->n;
    /* The reference reads withdrawableShares[i] inside its loop: a shorter
     * array panics 0x32 after the entries before it were converted. */
    size_t upto = nw < n ? nw : n;
    rs_addr *s = abi_addr_array(ARG(1));
    u256 *w = abi_word_array(ARG(2)), *out = rs_xcalloc(n, sizeof *out);
    int rc = dm_convert_to_deposit_shares(e, abi_addr(ARG(0)), s, w, upto, out);
    if (rc == RS_OK && upto < n) rc = rs_panic(e, PANIC_ARRAY_INDEX);
    if (rc == RS_OK) ret_word_array(ret, out, n);
    free(s), free(w), free(out);
    return rc;
}

static int m_calculate_withdrawal_root(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e;
    dm_withdrawal w = {0};
    size_t nscaled;
    withdrawal_from(ARG(0), &w, &nscaled);
    rs_buf b;
    rs_buf_init(&b);
    /* Encode with the arrays exactly as given (their lengths may differ). */
    rs_buf_word_u64(&b, 32);
    rs_buf_word_addr(&b, w.staker);
    rs_buf_word_addr(&b, w.delegated_to);
    rs_buf_word_addr(&b, w.withdrawer);
    rs_buf_word(&b, w.nonce);
    rs_buf_word_u64(&b, w.start_block);
    rs_buf_word_u64(&b, 7 * 32);
    rs_buf_word_u64(&b, 7 * 32 + 32 + 32 * (uint64_t)w.n);
    put_addr_array(&b, w.strategies, w.n);
    put_word_array(&b, w.scaled_shares, nscaled);
    rs_buf_word_b32(ret, rs_keccak(b.p, b.len));
    rs_buf_free(&b);
    dm_withdrawal_free(&w);
    return RS_OK;
}

static int m_approval_digest(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_b32(ret, dm_delegation_approval_digest(e, abi_addr(ARG(0)), abi_addr(ARG(1)), abi_addr(ARG(2)),
                                                       abi_b32(ARG(3)), abi_u256(ARG(4))));
    return RS_OK;
}

static int m_domain_separator(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_b32(ret, dm_domain_separator(e));
    return RS_OK;
}

static int m_typehash(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)e, (void)args;
    rs_buf_word_b32(ret, dm_delegation_approval_typehash());
    return RS_OK;
}

static int m_min_delay(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    rs_buf_word_u64(ret, e->p->min_withdrawal_delay_blocks);
    return RS_OK;
}

RS_PARAM_ADDR_GETTER(m_beacon_strategy, beacon_chain_eth_strategy)
RS_PARAM_ADDR_GETTER(m_strategy_manager, strategy_manager)
RS_PARAM_ADDR_GETTER(m_eigen_pod_manager, eigen_pod_manager)
RS_PARAM_ADDR_GETTER(m_allocation_manager, allocation_manager)
RS_PARAM_ADDR_GETTER(m_permission_controller, permission_controller)

static rs_method methods[] = {
    {"initialize(uint256)", rs_method_already_initialized, false, 0, NULL},
    {"registerAsOperator(address,uint32,string)", m_register_as_operator, false, 0, NULL},
    {"modifyOperatorDetails(address,address)", m_modify_operator_details, false, 0, NULL},
    {"updateOperatorMetadataURI(address,string)", m_update_metadata_uri, false, 0, NULL},
    {"delegateTo(address,(bytes,uint256),bytes32)", m_delegate_to, false, 0, NULL},
    {"undelegate(address)", m_undelegate, false, 0, NULL},
    {"redelegate(address,(bytes,uint256),bytes32)", m_redelegate, false, 0, NULL},
    {"queueWithdrawals((address[],uint256[],address)[])", m_queue_withdrawals, false, 0, NULL},
    {"completeQueuedWithdrawal((address,address,address,uint256,uint32,address[],uint256[]),address[],bool)",
     m_complete_queued_withdrawal, false, 0, NULL},
    {"completeQueuedWithdrawals((address,address,address,uint256,uint32,address[],uint256[])[],address[][],bool[])",
     m_complete_queued_withdrawals, false, 0, NULL},
    {"increaseDelegatedShares(address,address,uint256,uint256)", m_increase_delegated_shares, false, 0, NULL},
    {"decreaseDelegatedShares(address,uint256,uint64)", m_decrease_delegated_shares, false, 0, NULL},
    {"slashOperatorShares(address,(address,uint32),uint256,address,uint64,uint64)", m_slash_operator_shares, false,
     0, NULL},
    {"delegatedTo(address)", m_delegated_to, false, 0, NULL},
    {"isDelegated(address)", m_is_delegated, false, 0, NULL},
    {"isOperator(address)", m_is_operator, false, 0, NULL},
    {"delegationApprover(address)", m_delegation_approver, false, 0, NULL},
    {"delegationApproverSaltIsSpent(address,bytes32)", m_salt_spent, false, 0, NULL},
    {"cumulativeWithdrawalsQueued(address)", m_cumulative_queued, false, 0, NULL},
    {"pendingWithdrawals(bytes32)", m_pending_withdrawals, false, 0, NULL},
    {"operatorShares(address,address)", m_operator_shares, false, 0, NULL},
    {"depositScalingFactor(address,address)", m_deposit_scaling_factor, false, 0, NULL},
    {"getOperatorShares(address,address[])", m_get_operator_shares, false, 0, NULL},
    {"getOperatorsShares(address[],address[])", m_get_operators_shares, false, 0, NULL},
    {"getSlashableSharesInQueue(address,address)", m_slashable_in_queue, false, 0, NULL},
    {"getWithdrawableShares(address,address[])", m_get_withdrawable_shares, false, 0, NULL},
    {"getDepositedShares(address)", m_get_deposited_shares, false, 0, NULL},
    {"queuedWithdrawals(bytes32)", m_queued_withdrawals, false, 0, NULL},
    {"getQueuedWithdrawal(bytes32)", m_get_queued_withdrawal, false, 0, NULL},
    {"getQueuedWithdrawals(address)", m_get_queued_withdrawals, false, 0, NULL},
    {"getQueuedWithdrawalRoots(address)", m_get_queued_roots, false, 0, NULL},
    {"convertToDepositShares(address,address[],uint256[])", m_convert_to_deposit_shares, false, 0, NULL},
    {"calculateWithdrawalRoot((address,address,address,uint256,uint32,address[],uint256[]))",
     m_calculate_withdrawal_root, false, 0, NULL},
    {"calculateDelegationApprovalDigestHash(address,address,address,bytes32,uint256)", m_approval_digest, false, 0,
     NULL},
    {"domainSeparator()", m_domain_separator, false, 0, NULL},
    {"DELEGATION_APPROVAL_TYPEHASH()", m_typehash, false, 0, NULL},
    {"minWithdrawalDelayBlocks()", m_min_delay, false, 0, NULL},
    {"beaconChainETHStrategy()", m_beacon_strategy, false, 0, NULL},
    {"strategyManager()", m_strategy_manager, false, 0, NULL},
    {"eigenPodManager()", m_eigen_pod_manager, false, 0, NULL},
    {"allocationManager()", m_allocation_manager, false, 0, NULL},
    {"permissionController()", m_permission_controller, false, 0, NULL},
    {"version()", rs_method_version, false, 0, NULL},
    PAUSABLE_METHODS,
};

int rs_contract_delegation_manager(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, methods, sizeof methods / sizeof methods[0], msg, ret);
}
