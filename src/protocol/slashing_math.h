/* SlashingLib: WAD fixed-point math and the deposit scaling factor.
 *
 * Every function reproduces the canonical rounding (floor unless named _up)
 * and the canonical failure: OpenZeppelin 4.9 Math.mulDiv panics 0x12 when
 * the divisor is zero and the product fits 256 bits, reverts
 * Error("Math: mulDiv overflow") otherwise; checked +/- panic 0x11.
 * Functions return RS_OK or RS_REVERTED (with e->revert set). */
#ifndef RESTAKE_PROTOCOL_SLASHING_MATH_H
#define RESTAKE_PROTOCOL_SLASHING_MATH_H

#include <stdbool.h>
#include <stdint.h>

#include "restake/env.h"

#define SL_WAD_U64 1000000000000000000ULL
static inline u256 sl_wad(void) { return u256_from_u64(SL_WAD_U64); }

/* Math.mulDiv(x, y, d) and its Rounding.Up variant. */
RS_MUST_USE int sl_muldiv(rs_env *e, u256 *r, u256 x, u256 y, u256 d);
RS_MUST_USE int sl_muldiv_up(rs_env *e, u256 *r, u256 x, u256 y, u256 d);

RS_MUST_USE int sl_mul_wad(rs_env *e, u256 *r, u256 x, u256 y);     /* x*y/WAD, floor */
RS_MUST_USE int sl_div_wad(rs_env *e, u256 *r, u256 x, u256 y);     /* x*WAD/y, floor */
RS_MUST_USE int sl_mul_wad_up(rs_env *e, u256 *r, u256 x, u256 y);  /* x*y/WAD, ceil */

/* The stored factor is 0 until first set; 0 reads as WAD. */
static inline u256 sl_scaling_factor(u256 stored) { return u256_is_zero(stored) ? sl_wad() : stored; }

RS_MUST_USE int sl_scale_for_queue_withdrawal(rs_env *e, u256 *r, u256 dsf, u256 deposit_shares);
RS_MUST_USE int sl_scale_for_complete_withdrawal(rs_env *e, u256 *r, u256 scaled_shares, u256 slashing_factor);
/* DepositScalingFactor.update: *dsf is the stored value, updated in place.
 * Reverts InvalidDepositScalingFactor() when the new factor is 0. */
RS_MUST_USE int sl_dsf_update(rs_env *e, u256 *dsf, u256 prev_deposit_shares, u256 added_shares, u256 slashing_factor);
RS_MUST_USE int sl_calc_withdrawable(rs_env *e, u256 *r, u256 dsf, u256 deposit_shares, u256 slashing_factor);
RS_MUST_USE int sl_calc_deposit_shares(rs_env *e, u256 *r, u256 dsf, u256 withdrawable_shares, u256 slashing_factor);
/* operatorShares - mulDivUp(operatorShares, newMax, prevMax). */
RS_MUST_USE int sl_calc_slashed_amount(rs_env *e, u256 *r, u256 operator_shares, u256 prev_max_magnitude,
                           u256 new_max_magnitude);

#endif
