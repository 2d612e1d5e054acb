/* The alt_bn128 (bn254) curve behind EIP-196 and EIP-197: the base field Fp
 * in Montgomery form, the tower Fp2 = Fp[i]/(i^2+1), Fp6 = Fp2[v]/(v^3-xi)
 * with xi = 9+i, Fp12 = Fp6[w]/(w^2-v); G1 = E(Fp): y^2 = x^3 + 3; G2 on the
 * D-type twist E'(Fp2): y^2 = x^3 + 3/xi; and the optimal ate pairing.
 * Values are fixed-size structs on the stack: nothing here allocates. */
#ifndef RESTAKE_EVM_BN254_H
#define RESTAKE_EVM_BN254_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/limits.h"

typedef struct { uint64_t l[4]; } fp; /* Montgomery form, fully reduced below p */
typedef struct { fp c0, c1; } fp2;    /* c0 + c1 i */
typedef struct { fp2 c0, c1, c2; } fp6; /* c0 + c1 v + c2 v^2 */
typedef struct { fp6 c0, c1; } fp12;  /* c0 + c1 w */

typedef struct { fp x, y, z; } bn_g1;   /* Jacobian; z = 0 is the point at infinity */
typedef struct { fp2 x, y, z; } bn_g2;  /* Jacobian over Fp2 */
typedef struct { fp x, y; bool inf; } bn_g1_aff;
typedef struct { fp2 x, y; bool inf; } bn_g2_aff;

/* ---- constants, computed once from p and xi ---- */
typedef struct {
    fp one, two_inv, b;       /* b = 3 */
    fp2 b2;                   /* twist coefficient 3/xi */
    fp2 frob1[6];             /* xi^(k(p-1)/6) */
    fp2 frob2[6];             /* xi^(k(p^2-1)/6) */
} bn_consts;
const bn_consts *bn_consts_get(void);

/* ---- Fp ---- */
bool fp_from_be(fp *r, const uint8_t be[32]); /* false when the integer is >= p */
void fp_to_be(uint8_t be[32], const fp *a);
void fp_from_u64(fp *r, uint64_t v);
void fp_add(fp *r, const fp *a, const fp *b);
void fp_sub(fp *r, const fp *a, const fp *b);
void fp_neg(fp *r, const fp *a);
void fp_mul(fp *r, const fp *a, const fp *b);
void fp_sqr(fp *r, const fp *a);
void fp_inv(fp *r, const fp *a); /* 0 maps to 0 */
bool fp_is_zero(const fp *a);
bool fp_eq(const fp *a, const fp *b);

/* ---- Fp2 ---- */
void fp2_add(fp2 *r, const fp2 *a, const fp2 *b);
void fp2_sub(fp2 *r, const fp2 *a, const fp2 *b);
void fp2_neg(fp2 *r, const fp2 *a);
void fp2_dbl(fp2 *r, const fp2 *a);
void fp2_mul(fp2 *r, const fp2 *a, const fp2 *b);
void fp2_sqr(fp2 *r, const fp2 *a);
void fp2_mul_fp(fp2 *r, const fp2 *a, const fp *b);
void fp2_mul_xi(fp2 *r, const fp2 *a);
void fp2_conj(fp2 *r, const fp2 *a);
void fp2_inv(fp2 *r, const fp2 *a);
bool fp2_is_zero(const fp2 *a);
bool fp2_eq(const fp2 *a, const fp2 *b);
void fp2_set_one(fp2 *r);

/* ---- Fp6, Fp12 ---- */
void fp6_add(fp6 *r, const fp6 *a, const fp6 *b);
void fp6_sub(fp6 *r, const fp6 *a, const fp6 *b);
void fp6_mul(fp6 *r, const fp6 *a, const fp6 *b);
void fp6_inv(fp6 *r, const fp6 *a);
void fp12_set_one(fp12 *r);
bool fp12_is_one(const fp12 *a);
bool fp12_eq(const fp12 *a, const fp12 *b);
void fp12_mul(fp12 *r, const fp12 *a, const fp12 *b);
void fp12_sqr(fp12 *r, const fp12 *a);
void fp12_inv(fp12 *r, const fp12 *a);
void fp12_conj(fp12 *r, const fp12 *a);
void fp12_frob(fp12 *r, const fp12 *a);  /* a^p */
/* a^2 for a in the cyclotomic subgroup (after the easy part of the final exponentiation). */
void fp12_cyclotomic_sqr(fp12 *r, const fp12 *a);
void fp12_frob2(fp12 *r, const fp12 *a); /* a^(p^2) */
/* f *= l0 + l1 w + l3 w^3: the sparse shape of a Miller-loop line. */
void fp12_mul_line(fp12 *f, const fp2 *l0, const fp2 *l1, const fp2 *l3);

/* ---- G1 and G2 ---- */
/* Decodes 64 big-endian bytes (x, y); (0,0) is infinity. False when a
 * coordinate is >= p or the point is off the curve. */
bool bn_g1_decode(bn_g1_aff *r, const uint8_t in[64]);
void bn_g1_encode(uint8_t out[64], const bn_g1 *a);
void bn_g1_from_aff(bn_g1 *r, const bn_g1_aff *a);
void bn_g1_add(bn_g1 *r, const bn_g1 *a, const bn_g1 *b);
void bn_g1_mul(bn_g1 *r, const bn_g1 *a, const uint8_t scalar_be[32]);
/* Decodes 128 bytes (x_im, x_re, y_im, y_re), EIP-197's order; all zero is
 * infinity. False when a coordinate is >= p, the point is off the twist or
 * outside the order-r subgroup. */
bool bn_g2_decode(bn_g2_aff *r, const uint8_t in[128]);
void bn_g2_from_aff(bn_g2 *r, const bn_g2_aff *a);
bool bn_g2_to_aff(bn_g2_aff *r, const bn_g2 *a);
void bn_g2_add(bn_g2 *r, const bn_g2 *a, const bn_g2 *b);
void bn_g2_dbl(bn_g2 *r, const bn_g2 *a);
void bn_g2_mul(bn_g2 *r, const bn_g2 *a, const uint8_t scalar_be[32]);
bool bn_g2_eq(const bn_g2 *a, const bn_g2 *b);
/* Q in the order-r subgroup, by an endomorphism identity (fast) or by
 * [r]Q = O (the definition; kept to check the fast one). */
bool bn_g2_in_subgroup(const bn_g2 *q);
bool bn_g2_in_subgroup_slow(const bn_g2 *q);

/* ---- pairing ---- */
#define BN_PAIRING_BATCH_MAX RS_EVM_PAIRING_BATCH /* pairs per Miller-loop batch (stack-held state) */
/* The optimal ate pairing's Miller loop over n pairs (infinities allowed),
 * multiplied into one Fp12 value, without the final exponentiation. */
void bn_miller_loop(fp12 *f, const bn_g1_aff *p, const bn_g2_aff *q, size_t n);
void bn_final_exp(fp12 *r, const fp12 *f);

#endif
