#include "protocol/slashing_math.h"

/* OZ 4.9 mulDiv returns prod0 / d when the product fits one word (a zero d
 * then panics like any division) and requires d > prod1 otherwise. */
int sl_muldiv(rs_env *e, u256 *r, u256 x, u256 y, u256 d) {
    if (u256_muldiv(r, x, y, d)) return RS_OK;
    u256 prod;
    if (u256_is_zero(d) && u256_mul(&prod, x, y)) return rs_panic(e, PANIC_DIV_ZERO);
    return rs_revert_string(e, "Math: mulDiv overflow");
}

/* The rounding step is a checked `result += 1`, so a floor of 2^256-1 with a
 * remainder panics 0x11 rather than reverting as an overflow of mulDiv. */
int sl_muldiv_up(rs_env *e, u256 *r, u256 x, u256 y, u256 d) {
    u256 floor;
    if (sl_muldiv(e, &floor, x, y, d) != RS_OK) return RS_REVERTED;
    u256 up;
    if (!u256_muldiv_up(&up, x, y, d)) return rs_panic(e, PANIC_OVERFLOW);
    assert(u256_eq(up, floor) || u256_eq(up, u256_add_wrap(floor, U256_ONE))); /* rounds up by at most one */
    *r = up;
    return RS_OK;
}

int sl_mul_wad(rs_env *e, u256 *r, u256 x, u256 y) { return sl_muldiv(e, r, x, y, sl_wad()); }
int sl_div_wad(rs_env *e, u256 *r, u256 x, u256 y) { return sl_muldiv(e, r, x, sl_wad(), y); }
int sl_mul_wad_up(rs_env *e, u256 *r, u256 x, u256 y) { return sl_muldiv_up(e, r, x, y, sl_wad()); }

int sl_scale_for_queue_withdrawal(rs_env *e, u256 *r, u256 dsf, u256 deposit_shares) {
    return sl_mul_wad(e, r, deposit_shares, sl_scaling_factor(dsf));
}

int sl_scale_for_complete_withdrawal(rs_env *e, u256 *r, u256 scaled_shares, u256 slashing_factor) {
    return sl_mul_wad(e, r, scaled_shares, slashing_factor);
}

int sl_calc_withdrawable(rs_env *e, u256 *r, u256 dsf, u256 deposit_shares, u256 slashing_factor) {
    u256 t;
    if (sl_mul_wad(e, &t, deposit_shares, sl_scaling_factor(dsf)) != RS_OK) return RS_REVERTED;
    return sl_mul_wad(e, r, t, slashing_factor);
}

int sl_calc_deposit_shares(rs_env *e, u256 *r, u256 dsf, u256 withdrawable_shares, u256 slashing_factor) {
    u256 t;
    if (sl_div_wad(e, &t, withdrawable_shares, sl_scaling_factor(dsf)) != RS_OK) return RS_REVERTED;
    return sl_div_wad(e, r, t, slashing_factor);
}

int sl_dsf_update(rs_env *e, u256 *dsf, u256 prev_deposit_shares, u256 added_shares, u256 slashing_factor) {
    if (u256_is_zero(prev_deposit_shares)) {
        /* A first deposit (or a fresh delegation) forgives prior slashing. */
        return sl_div_wad(e, dsf, sl_scaling_factor(*dsf), slashing_factor);
    }
    u256 current, new_shares, new_deposit, t, next;
    if (sl_calc_withdrawable(e, &current, *dsf, prev_deposit_shares, slashing_factor) != RS_OK) return RS_REVERTED;
    if (!u256_add(&new_shares, current, added_shares)) return rs_panic(e, PANIC_OVERFLOW);
    if (!u256_add(&new_deposit, prev_deposit_shares, added_shares)) return rs_panic(e, PANIC_OVERFLOW);
    if (sl_div_wad(e, &t, new_shares, new_deposit) != RS_OK) return RS_REVERTED;
    if (sl_div_wad(e, &next, t, slashing_factor) != RS_OK) return RS_REVERTED;
    assert(!u256_is_zero(slashing_factor)); /* the division above would have reverted */
    *dsf = next;
    if (u256_is_zero(next)) return rs_revert(e, "InvalidDepositScalingFactor()");
    return RS_OK;
}

int sl_calc_slashed_amount(rs_env *e, u256 *r, u256 operator_shares, u256 prev_max_magnitude,
                           u256 new_max_magnitude) {
    u256 kept;
    if (sl_muldiv_up(e, &kept, operator_shares, new_max_magnitude, prev_max_magnitude) != RS_OK) return RS_REVERTED;
    if (!u256_sub(r, operator_shares, kept)) return rs_panic(e, PANIC_OVERFLOW);
    return RS_OK;
}
