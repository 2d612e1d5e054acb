/* DelegationManager views. */
#include <stdlib.h>

#include "restake/buf.h"
#include "protocol/allocation.h"
#include "protocol/delegation_internal.h"
#include "protocol/eigenpod.h"
#include "protocol/enumset.h"
#include "protocol/slashing_math.h"
#include "protocol/strategy.h"

u256 dm_deposit_scaling_factor(rs_env *e, rs_addr staker, rs_addr strategy) {
    return sl_scaling_factor(dm_dsf_raw(e, staker, strategy));
}

bool dm_salt_is_spent(rs_env *e, rs_addr approver, rs_b32 salt) {
    rs_key k = dmk_addr(NS_DM_SALT_SPENT, approver);
    rs_key_b32(&k, salt);
    return rs_sload_bool(e->st, &k);
}

int dm_get_deposited_shares(rs_env *e, rs_addr staker, rs_addr **strategies, u256 **shares, size_t *n) {
    size_t len = sm_staker_strategy_list_length(e, staker);
    rs_addr *s = rs_xcalloc(len + 1, sizeof *s);
    u256 *v = rs_xcalloc(len + 1, sizeof *v);
    sm_staker_strategy_list(e, staker, s, len);
    for (size_t i = 0; i < len; i++) v[i] = sm_staker_deposit_shares(e, staker, s[i]);
    u256 pod_shares;
    if (epm_staker_deposit_shares(e, staker, e->p->beacon_chain_eth_strategy, &pod_shares) != RS_OK) {
        free(s);
        free(v);
        return RS_REVERTED;
    }
    if (!u256_is_zero(pod_shares)) {
        s[len] = e->p->beacon_chain_eth_strategy;
        v[len] = pod_shares;
        len++;
    }
    *strategies = s;
    *shares = v;
    *n = len;
    return RS_OK;
}

int dm_get_slashable_shares_in_queue(rs_env *e, rs_addr operator_, rs_addr strategy, u256 *out) {
    uint64_t max_mag = am_get_max_magnitude(e, operator_, strategy);
    return dm_slashable_shares_in_queue(e, operator_, strategy, max_mag, 0, out);
}

int dm_get_withdrawable_shares(rs_env *e, rs_addr staker, const rs_addr *strategies, size_t n, u256 *withdrawable,
                               u256 *deposit) {
    rs_addr operator_ = dm_delegated_to(e, staker);
    u256 *factors = rs_xcalloc(n, sizeof *factors);
    int rc = dm_slashing_factors(e, staker, operator_, strategies, n, factors);
    for (size_t i = 0; rc == RS_OK && i < n; i++) {
        rc = dm_sm_deposit_shares(e, staker, strategies[i], &deposit[i]);
        if (rc == RS_OK)
            rc = sl_calc_withdrawable(e, &withdrawable[i], dm_dsf_raw(e, staker, strategies[i]), deposit[i],
                                      factors[i]);
    }
    free(factors);
    return rc;
}

int dm_convert_to_deposit_shares(rs_env *e, rs_addr staker, const rs_addr *strategies, const u256 *withdrawable,
                                 size_t n, u256 *out) {
    rs_addr operator_ = dm_delegated_to(e, staker);
    u256 *factors = rs_xcalloc(n, sizeof *factors);
    int rc = dm_slashing_factors(e, staker, operator_, strategies, n, factors);
    for (size_t i = 0; rc == RS_OK && i < n; i++)
        rc = sl_calc_deposit_shares(e, &out[i], dm_dsf_raw(e, staker, strategies[i]), withdrawable[i], factors[i]);
    free(factors);
    return rc;
}

size_t dm_get_queued_withdrawal_roots(rs_env *e, rs_addr staker, rs_b32 **roots) {
    rs_key k = dmk_roots(staker);
    size_t n = enumset_len(e->st, &k);
    rs_b32 *r = rs_xcalloc(n, sizeof *r);
    for (size_t i = 0; i < n; i++) r[i] = rs_b32_from_u256(enumset_at(e->st, &k, i));
    *roots = r;
    return n;
}

int dm_shares_by_root(rs_env *e, rs_b32 root, dm_withdrawal *w, u256 **shares) {
    dm_withdrawal_load(e->st, root, w);
    u256 *factors = rs_xcalloc(w->n, sizeof *factors);
    u256 *out = rs_xcalloc(w->n, sizeof *out);
    uint32_t delay = e->p->min_withdrawal_delay_blocks;
    int rc = RS_OK;
    if ((uint64_t)w->start_block + delay > UINT32_MAX) rc = rs_panic(e, PANIC_OVERFLOW);
    uint32_t until = w->start_block + delay;
    /* Past its slashable window a withdrawal is valued at that block; before, at current magnitudes. */
    if (rc == RS_OK) {
        if (until < (uint32_t)e->block_number)
            rc = dm_slashing_factors_at_block(e, w->staker, w->delegated_to, w->strategies, w->n, until, factors);
        else
            rc = dm_slashing_factors(e, w->staker, w->delegated_to, w->strategies, w->n, factors);
    }
    for (size_t j = 0; rc == RS_OK && j < w->n; j++)
        rc = sl_scale_for_complete_withdrawal(e, &out[j], w->scaled_shares[j], factors[j]);
    free(factors);
    if (rc != RS_OK) {
        free(out);
        dm_withdrawal_free(w);
        return rc;
    }
    *shares = out;
    return RS_OK;
}

int dm_get_queued_withdrawal(rs_env *e, rs_b32 root, dm_withdrawal *w, u256 **shares) {
    return dm_shares_by_root(e, root, w, shares);
}
