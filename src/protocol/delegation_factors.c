/* Slashing factors and the share-manager routing of the DelegationManager. */
#include <stdlib.h>

#include "protocol/allocation.h"
#include "protocol/delegation_internal.h"
#include "protocol/eigenpod.h"
#include "protocol/slashing_math.h"
#include "protocol/strategy.h"

int dm_slashing_factor(rs_env *e, rs_addr staker, rs_addr strategy, uint64_t max_magnitude, u256 *out) {
    if (dm_is_beacon(e, strategy)) {
        uint64_t bcsf = epm_beacon_chain_slashing_factor(e, staker);
        return sl_mul_wad(e, out, u256_from_u64(max_magnitude), u256_from_u64(bcsf));
    }
    *out = u256_from_u64(max_magnitude);
    return RS_OK;
}

static int factors_from(rs_env *e, rs_addr staker, const rs_addr *strategies, size_t n, const uint64_t *mags,
                        u256 *out) {
    for (size_t i = 0; i < n; i++)
        if (dm_slashing_factor(e, staker, strategies[i], mags[i], &out[i]) != RS_OK) return RS_REVERTED;
    return RS_OK;
}

/* Calls name a handful of strategies: their magnitudes fit on the stack,
 * and only longer lists go to the heap. */
#define SMALL_N 16

static uint64_t *mags_alloc(uint64_t small[SMALL_N], size_t n) {
    if (n <= SMALL_N) {
        memset(small, 0, SMALL_N * sizeof *small);
        return small;
    }
    uint64_t *m = calloc(n, sizeof *m);
    if (!m) abort();
    return m;
}

static void mags_free(uint64_t small[SMALL_N], uint64_t *m) {
    if (m != small) free(m);
}

int dm_slashing_factors(rs_env *e, rs_addr staker, rs_addr operator_, const rs_addr *strategies, size_t n,
                        u256 *out) {
    uint64_t small[SMALL_N];
    uint64_t *mags = mags_alloc(small, n);
    am_get_max_magnitudes(e, operator_, strategies, n, mags);
    int rc = factors_from(e, staker, strategies, n, mags, out);
    mags_free(small, mags);
    return rc;
}

int dm_slashing_factors_at_block(rs_env *e, rs_addr staker, rs_addr operator_, const rs_addr *strategies,
                                 size_t n, uint32_t block, u256 *out) {
    uint64_t small[SMALL_N];
    uint64_t *mags = mags_alloc(small, n);
    am_get_max_magnitudes_at_block(e, operator_, strategies, n, block, mags);
    int rc = factors_from(e, staker, strategies, n, mags, out);
    mags_free(small, mags);
    return rc;
}

int dm_sm_deposit_shares(rs_env *e, rs_addr staker, rs_addr strategy, u256 *out) {
    if (dm_is_beacon(e, strategy)) return epm_staker_deposit_shares(e, staker, strategy, out);
    *out = sm_staker_deposit_shares(e, staker, strategy);
    return RS_OK;
}

int dm_sm_remove_deposit_shares(rs_env *e, rs_addr staker, rs_addr strategy, u256 shares, u256 *after) {
    if (dm_is_beacon(e, strategy)) return epm_remove_deposit_shares(e, dm_self(e), staker, strategy, shares, after);
    return sm_remove_deposit_shares(e, dm_self(e), staker, strategy, shares, after);
}

int dm_sm_add_shares(rs_env *e, rs_addr staker, rs_addr strategy, u256 shares, u256 *prev, u256 *added) {
    if (dm_is_beacon(e, strategy)) return epm_add_shares(e, dm_self(e), staker, strategy, shares, prev, added);
    return sm_add_shares(e, dm_self(e), staker, strategy, shares, prev, added);
}

int dm_sm_withdraw_as_tokens(rs_env *e, rs_addr staker, rs_addr strategy, rs_addr token, u256 shares) {
    if (dm_is_beacon(e, strategy))
        return epm_withdraw_shares_as_tokens(e, dm_self(e), staker, strategy, token, shares);
    return sm_withdraw_shares_as_tokens(e, dm_self(e), staker, strategy, token, shares);
}

int dm_sm_increase_burn(rs_env *e, rs_addr avs, uint32_t set_id, u256 slash_id, rs_addr strategy, u256 shares) {
    if (dm_is_beacon(e, strategy))
        return epm_increase_burn_or_redistributable_shares(e, dm_self(e), avs, set_id, slash_id, strategy, shares);
    return sm_increase_burn_or_redistributable_shares(e, dm_self(e), avs, set_id, slash_id, strategy, shares);
}
