/* The optimal ate pairing on bn254: a Miller loop over 6u+2 with the twist
 * point T in homogeneous projective coordinates (x = X/Z, y = Y/Z), so no
 * step inverts; then the final exponentiation (p^12-1)/r split into the easy
 * part (p^6-1)(p^2+1) and the hard part through powers of u and Frobenius
 * maps. Lines are scaled by Fp2 factors freely: the final exponentiation
 * sends every element of a proper subfield to 1. */
#include <assert.h>
#include <string.h>

#include "evm/bn254.h"

static const uint64_t ATE_LOOP = 0x9d797039be763ba8ULL; /* 6u+2 without its top bit (bit 64) */
static const uint64_t BN_U = 0x44e992b44a6909f1ULL;      /* the curve parameter u */

typedef struct { fp2 x, y, z; } proj2;

/* T = 2T; line tangent at T evaluated at P:
 * -2YZ yP + 3X^2 xP w + (3b'Z^2 - Y^2) w^3. */
static void line_dbl(fp12 *f, proj2 *t, const bn_g1_aff *p) {
    const bn_consts *K = bn_consts_get();
    fp2 A, B, C, E, F, G, H, I, J, s, l0, l1;
    fp2_mul(&A, &t->x, &t->y);
    fp2_mul_fp(&A, &A, &K->two_inv);
    fp2_sqr(&B, &t->y);
    fp2_sqr(&C, &t->z);
    fp2_mul(&E, &C, &K->b2);
    fp2_add(&s, &E, &E);
    fp2_add(&E, &s, &E);
    fp2_add(&F, &E, &E);
    fp2_add(&F, &F, &E);
    fp2_add(&G, &B, &F);
    fp2_mul_fp(&G, &G, &K->two_inv);
    fp2_add(&H, &t->y, &t->z);
    fp2_sqr(&H, &H);
    fp2_add(&s, &B, &C);
    fp2_sub(&H, &H, &s);
    fp2_sub(&I, &E, &B);
    fp2_sqr(&J, &t->x);
    /* point */
    fp2_sub(&s, &B, &F);
    fp2_mul(&t->x, &A, &s);
    fp2_sqr(&t->y, &G);
    fp2_sqr(&s, &E);
    fp2_sub(&t->y, &t->y, &s);
    fp2_sub(&t->y, &t->y, &s);
    fp2_sub(&t->y, &t->y, &s);
    fp2_mul(&t->z, &B, &H);
    /* line */
    fp2_mul_fp(&l0, &H, &p->y);
    fp2_neg(&l0, &l0);
    fp2_add(&l1, &J, &J);
    fp2_add(&l1, &l1, &J);
    fp2_mul_fp(&l1, &l1, &p->x);
    fp12_mul_line(f, &l0, &l1, &I);
}

/* T = T + Q (Q affine); line through T and Q evaluated at P:
 * L yP - theta xP w + (theta xQ - L yQ) w^3, theta = Y - yQ Z, L = X - xQ Z. */
static void line_add(fp12 *f, proj2 *t, const fp2 *qx, const fp2 *qy, const bn_g1_aff *p) {
    fp2 th, la, C, D, E, F, G, H, s, l0, l1, l3;
    fp2_mul(&s, qy, &t->z);
    fp2_sub(&th, &t->y, &s);
    fp2_mul(&s, qx, &t->z);
    fp2_sub(&la, &t->x, &s);
    fp2_sqr(&C, &th);
    fp2_sqr(&D, &la);
    fp2_mul(&E, &D, &la);
    fp2_mul(&F, &t->z, &C);
    fp2_mul(&G, &t->x, &D);
    fp2_add(&H, &E, &F);
    fp2_sub(&H, &H, &G);
    fp2_sub(&H, &H, &G);
    /* line (before T changes) */
    fp2_mul_fp(&l0, &la, &p->y);
    fp2_mul_fp(&l1, &th, &p->x);
    fp2_neg(&l1, &l1);
    fp2_mul(&l3, &th, qx);
    fp2_mul(&s, &la, qy);
    fp2_sub(&l3, &l3, &s);
    /* point */
    fp2_mul(&t->x, &la, &H);
    fp2_sub(&s, &G, &H);
    fp2_mul(&s, &th, &s);
    fp2_mul(&G, &t->y, &E);
    fp2_sub(&t->y, &s, &G);
    fp2_mul(&t->z, &t->z, &E);
    fp12_mul_line(f, &l0, &l1, &l3);
}

void bn_miller_loop(fp12 *f, const bn_g1_aff *p, const bn_g2_aff *q, size_t n) {
    assert(n <= BN_PAIRING_BATCH_MAX);
    const bn_consts *K = bn_consts_get();
    proj2 t[BN_PAIRING_BATCH_MAX];
    size_t idx[BN_PAIRING_BATCH_MAX];
    size_t m = 0;
    for (size_t j = 0; j < n; j++) {
        if (p[j].inf || q[j].inf) continue; /* e(O, Q) = e(P, O) = 1 */
        idx[m] = j;
        t[m].x = q[j].x, t[m].y = q[j].y;
        fp2_set_one(&t[m].z);
        m++;
    }
    fp12_set_one(f);
    if (m == 0) return;
    for (int i = 63; i >= 0; i--) {
        fp12_sqr(f, f);
        for (size_t k = 0; k < m; k++) line_dbl(f, &t[k], &p[idx[k]]);
        if ((ATE_LOOP >> i) & 1) {
            for (size_t k = 0; k < m; k++) line_add(f, &t[k], &q[idx[k]].x, &q[idx[k]].y, &p[idx[k]]);
        }
    }
    for (size_t k = 0; k < m; k++) {
        const bn_g2_aff *qq = &q[idx[k]];
        fp2 x1, y1, x2, y2;
        /* Q1 = pi(Q), Q2 = -pi^2(Q) */
        fp2_conj(&x1, &qq->x);
        fp2_mul(&x1, &x1, &K->frob1[2]);
        fp2_conj(&y1, &qq->y);
        fp2_mul(&y1, &y1, &K->frob1[3]);
        fp2_mul_fp(&x2, &qq->x, &K->frob2[2].c0);
        fp2_mul_fp(&y2, &qq->y, &K->frob2[3].c0);
        fp2_neg(&y2, &y2);
        line_add(f, &t[k], &x1, &y1, &p[idx[k]]);
        line_add(f, &t[k], &x2, &y2, &p[idx[k]]);
    }
}

/* a^u for a in the cyclotomic subgroup */
static void fp12_pow_u(fp12 *r, const fp12 *a) {
    fp12 acc = *a;
    for (int i = 61; i >= 0; i--) { /* u has 63 bits; the top one seeds acc */
        fp12_cyclotomic_sqr(&acc, &acc);
        if ((BN_U >> i) & 1) fp12_mul(&acc, &acc, a);
    }
    *r = acc;
}

void bn_final_exp(fp12 *r, const fp12 *f) {
    fp12 t1, t2, inv;
    /* easy part: f^((p^6-1)(p^2+1)) */
    fp12_conj(&t1, f);
    fp12_inv(&inv, f);
    fp12_mul(&t1, &t1, &inv);
    fp12_frob2(&t2, &t1);
    fp12_mul(&t1, &t1, &t2);
    /* hard part; conjugation inverts in the cyclotomic subgroup */
    fp12 fp1, fp2v, fp3, fu, fu2, fu3, y0, y1, y2, y3, y4, y5, y6, fu2p, fu3p, t0;
    fp12_frob(&fp1, &t1);
    fp12_frob2(&fp2v, &t1);
    fp12_frob(&fp3, &fp2v);
    fp12_pow_u(&fu, &t1);
    fp12_pow_u(&fu2, &fu);
    fp12_pow_u(&fu3, &fu2);
    fp12_frob(&y3, &fu);
    fp12_frob(&fu2p, &fu2);
    fp12_frob(&fu3p, &fu3);
    fp12_frob2(&y2, &fu2);
    fp12_mul(&y0, &fp1, &fp2v);
    fp12_mul(&y0, &y0, &fp3);
    fp12_conj(&y1, &t1);
    fp12_conj(&y5, &fu2);
    fp12_conj(&y3, &y3);
    fp12_mul(&y4, &fu, &fu2p);
    fp12_conj(&y4, &y4);
    fp12_mul(&y6, &fu3, &fu3p);
    fp12_conj(&y6, &y6);
    fp12_cyclotomic_sqr(&t0, &y6);
    fp12_mul(&t0, &t0, &y4);
    fp12_mul(&t0, &t0, &y5);
    fp12_mul(&t1, &y3, &y5);
    fp12_mul(&t1, &t1, &t0);
    fp12_mul(&t0, &t0, &y2);
    fp12_cyclotomic_sqr(&t1, &t1);
    fp12_mul(&t1, &t1, &t0);
    fp12_cyclotomic_sqr(&t1, &t1);
    fp12_mul(&t0, &t1, &y1);
    fp12_mul(&t1, &t1, &y0);
    fp12_cyclotomic_sqr(&t0, &t0);
    fp12_mul(r, &t0, &t1);
}
