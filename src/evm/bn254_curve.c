/* bn254 G1 and G2 in Jacobian coordinates (x = X/Z^2, y = Y/Z^3), with the
 * a = 0 formulas dbl-2009-l and add-2007-bl; G2 membership by r * Q = O. */
#include <assert.h>
#include <string.h>

#include "evm/bn254.h"

/* The group order r, big-endian: the scalar of the G2 subgroup check. */
static const uint8_t R_BE[32] = {0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45,
                                 0xb6, 0x81, 0x81, 0x58, 0x5d, 0x28, 0x33, 0xe8, 0x48, 0x79, 0xb9,
                                 0x70, 0x91, 0x43, 0xe1, 0xf5, 0x93, 0xf0, 0x00, 0x00, 0x01};

/* ---------------- G1 ---------------- */

static bool is_zero64(const uint8_t *p, size_t n) {
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

bool bn_g1_decode(bn_g1_aff *r, const uint8_t in[64]) {
    memset(r, 0, sizeof *r);
    if (!fp_from_be(&r->x, in) || !fp_from_be(&r->y, in + 32)) return false;
    if (is_zero64(in, 64)) {
        r->inf = true;
        return true;
    }
    fp y2, x3;
    fp_sqr(&y2, &r->y);
    fp_sqr(&x3, &r->x);
    fp_mul(&x3, &x3, &r->x);
    fp_add(&x3, &x3, &bn_consts_get()->b);
    return fp_eq(&y2, &x3);
}

void bn_g1_from_aff(bn_g1 *r, const bn_g1_aff *a) {
    if (a->inf) {
        memset(r, 0, sizeof *r);
        return;
    }
    r->x = a->x, r->y = a->y, r->z = bn_consts_get()->one;
}

void bn_g1_encode(uint8_t out[64], const bn_g1 *a) {
    if (fp_is_zero(&a->z)) {
        memset(out, 0, 64);
        return;
    }
    fp zi, zi2, x, y;
    fp_inv(&zi, &a->z);
    fp_sqr(&zi2, &zi);
    fp_mul(&x, &a->x, &zi2);
    fp_mul(&zi2, &zi2, &zi);
    fp_mul(&y, &a->y, &zi2);
    fp_to_be(out, &x);
    fp_to_be(out + 32, &y);
}

static void g1_dbl(bn_g1 *r, const bn_g1 *p) {
    if (fp_is_zero(&p->z)) {
        *r = *p;
        return;
    }
    fp A, B, C, D, E, F, t, x3, y3, z3;
    fp_sqr(&A, &p->x);
    fp_sqr(&B, &p->y);
    fp_sqr(&C, &B);
    fp_add(&t, &p->x, &B);
    fp_sqr(&t, &t);
    fp_sub(&t, &t, &A);
    fp_sub(&t, &t, &C);
    fp_add(&D, &t, &t);
    fp_add(&E, &A, &A);
    fp_add(&E, &E, &A);
    fp_sqr(&F, &E);
    fp_sub(&x3, &F, &D);
    fp_sub(&x3, &x3, &D);
    fp_sub(&t, &D, &x3);
    fp_mul(&y3, &E, &t);
    fp_add(&C, &C, &C);
    fp_add(&C, &C, &C);
    fp_add(&C, &C, &C);
    fp_sub(&y3, &y3, &C);
    fp_mul(&z3, &p->y, &p->z);
    fp_add(&z3, &z3, &z3);
    r->x = x3, r->y = y3, r->z = z3;
}

void bn_g1_add(bn_g1 *r, const bn_g1 *p, const bn_g1 *q) {
    if (fp_is_zero(&p->z)) {
        *r = *q;
        return;
    }
    if (fp_is_zero(&q->z)) {
        *r = *p;
        return;
    }
    fp z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t, x3, y3, z3;
    fp_sqr(&z1z1, &p->z);
    fp_sqr(&z2z2, &q->z);
    fp_mul(&u1, &p->x, &z2z2);
    fp_mul(&u2, &q->x, &z1z1);
    fp_mul(&s1, &p->y, &q->z);
    fp_mul(&s1, &s1, &z2z2);
    fp_mul(&s2, &q->y, &p->z);
    fp_mul(&s2, &s2, &z1z1);
    fp_sub(&h, &u2, &u1);
    fp_sub(&rr, &s2, &s1);
    if (fp_is_zero(&h)) {
        if (fp_is_zero(&rr)) {
            g1_dbl(r, p);
        } else {
            memset(r, 0, sizeof *r);
        }
        return;
    }
    fp_add(&i, &h, &h);
    fp_sqr(&i, &i);
    fp_mul(&j, &h, &i);
    fp_add(&rr, &rr, &rr);
    fp_mul(&v, &u1, &i);
    fp_sqr(&x3, &rr);
    fp_sub(&x3, &x3, &j);
    fp_sub(&x3, &x3, &v);
    fp_sub(&x3, &x3, &v);
    fp_sub(&t, &v, &x3);
    fp_mul(&y3, &rr, &t);
    fp_mul(&t, &s1, &j);
    fp_add(&t, &t, &t);
    fp_sub(&y3, &y3, &t);
    fp_add(&z3, &p->z, &q->z);
    fp_sqr(&z3, &z3);
    fp_sub(&z3, &z3, &z1z1);
    fp_sub(&z3, &z3, &z2z2);
    fp_mul(&z3, &z3, &h);
    r->x = x3, r->y = y3, r->z = z3;
}

void bn_g1_mul(bn_g1 *r, const bn_g1 *a, const uint8_t scalar_be[32]) {
    bn_g1 acc;
    memset(&acc, 0, sizeof acc);
    for (int i = 0; i < 256; i++) {
        g1_dbl(&acc, &acc);
        if ((scalar_be[i / 8] >> (7 - i % 8)) & 1) bn_g1_add(&acc, &acc, a);
    }
    *r = acc;
}

/* ---------------- G2 ---------------- */

void bn_g2_from_aff(bn_g2 *r, const bn_g2_aff *a) {
    if (a->inf) {
        memset(r, 0, sizeof *r);
        return;
    }
    r->x = a->x, r->y = a->y;
    fp2_set_one(&r->z);
}

bool bn_g2_to_aff(bn_g2_aff *r, const bn_g2 *a) {
    memset(r, 0, sizeof *r);
    if (fp2_is_zero(&a->z)) {
        r->inf = true;
        return false;
    }
    fp2 zi, zi2;
    fp2_inv(&zi, &a->z);
    fp2_sqr(&zi2, &zi);
    fp2_mul(&r->x, &a->x, &zi2);
    fp2_mul(&zi2, &zi2, &zi);
    fp2_mul(&r->y, &a->y, &zi2);
    return true;
}

void bn_g2_dbl(bn_g2 *r, const bn_g2 *p) {
    if (fp2_is_zero(&p->z)) {
        *r = *p;
        return;
    }
    fp2 A, B, C, D, E, F, t, x3, y3, z3;
    fp2_sqr(&A, &p->x);
    fp2_sqr(&B, &p->y);
    fp2_sqr(&C, &B);
    fp2_add(&t, &p->x, &B);
    fp2_sqr(&t, &t);
    fp2_sub(&t, &t, &A);
    fp2_sub(&t, &t, &C);
    fp2_dbl(&D, &t);
    fp2_dbl(&E, &A);
    fp2_add(&E, &E, &A);
    fp2_sqr(&F, &E);
    fp2_sub(&x3, &F, &D);
    fp2_sub(&x3, &x3, &D);
    fp2_sub(&t, &D, &x3);
    fp2_mul(&y3, &E, &t);
    fp2_dbl(&C, &C);
    fp2_dbl(&C, &C);
    fp2_dbl(&C, &C);
    fp2_sub(&y3, &y3, &C);
    fp2_mul(&z3, &p->y, &p->z);
    fp2_dbl(&z3, &z3);
    r->x = x3, r->y = y3, r->z = z3;
}

void bn_g2_add(bn_g2 *r, const bn_g2 *p, const bn_g2 *q) {
    if (fp2_is_zero(&p->z)) {
        *r = *q;
        return;
    }
    if (fp2_is_zero(&q->z)) {
        *r = *p;
        return;
    }
    fp2 z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t, x3, y3, z3;
    fp2_sqr(&z1z1, &p->z);
    fp2_sqr(&z2z2, &q->z);
    fp2_mul(&u1, &p->x, &z2z2);
    fp2_mul(&u2, &q->x, &z1z1);
    fp2_mul(&s1, &p->y, &q->z);
    fp2_mul(&s1, &s1, &z2z2);
    fp2_mul(&s2, &q->y, &p->z);
    fp2_mul(&s2, &s2, &z1z1);
    fp2_sub(&h, &u2, &u1);
    fp2_sub(&rr, &s2, &s1);
    if (fp2_is_zero(&h)) {
        if (fp2_is_zero(&rr)) {
            bn_g2_dbl(r, p);
        } else {
            memset(r, 0, sizeof *r);
        }
        return;
    }
    fp2_dbl(&i, &h);
    fp2_sqr(&i, &i);
    fp2_mul(&j, &h, &i);
    fp2_dbl(&rr, &rr);
    fp2_mul(&v, &u1, &i);
    fp2_sqr(&x3, &rr);
    fp2_sub(&x3, &x3, &j);
    fp2_sub(&x3, &x3, &v);
    fp2_sub(&x3, &x3, &v);
    fp2_sub(&t, &v, &x3);
    fp2_mul(&y3, &rr, &t);
    fp2_mul(&t, &s1, &j);
    fp2_dbl(&t, &t);
    fp2_sub(&y3, &y3, &t);
    fp2_add(&z3, &p->z, &q->z);
    fp2_sqr(&z3, &z3);
    fp2_sub(&z3, &z3, &z1z1);
    fp2_sub(&z3, &z3, &z2z2);
    fp2_mul(&z3, &z3, &h);
    r->x = x3, r->y = y3, r->z = z3;
}

void bn_g2_mul(bn_g2 *r, const bn_g2 *a, const uint8_t scalar_be[32]) {
    bn_g2 acc;
    memset(&acc, 0, sizeof acc);
    for (int i = 0; i < 256; i++) {
        bn_g2_dbl(&acc, &acc);
        if ((scalar_be[i / 8] >> (7 - i % 8)) & 1) bn_g2_add(&acc, &acc, a);
    }
    *r = acc;
}

/* psi = twist^-1 . Frobenius . twist on E'(Fp2), in Jacobian form. */
static void g2_psi(bn_g2 *r, const bn_g2 *a) {
    const bn_consts *K = bn_consts_get();
    fp2_conj(&r->x, &a->x);
    fp2_mul(&r->x, &r->x, &K->frob1[2]);
    fp2_conj(&r->y, &a->y);
    fp2_mul(&r->y, &r->y, &K->frob1[3]);
    fp2_conj(&r->z, &a->z);
}

static void g2_mul_u64(bn_g2 *r, const bn_g2 *a, uint64_t k) {
    bn_g2 acc;
    memset(&acc, 0, sizeof acc);
    for (int i = 63; i >= 0; i--) {
        bn_g2_dbl(&acc, &acc);
        if ((k >> i) & 1) bn_g2_add(&acc, &acc, a);
    }
    *r = acc;
}

bool bn_g2_eq(const bn_g2 *a, const bn_g2 *b) {
    bool ai = fp2_is_zero(&a->z), bi = fp2_is_zero(&b->z);
    if (ai || bi) return ai == bi;
    fp2 za2, zb2, l, r;
    fp2_sqr(&za2, &a->z);
    fp2_sqr(&zb2, &b->z);
    fp2_mul(&l, &a->x, &zb2);
    fp2_mul(&r, &b->x, &za2);
    if (!fp2_eq(&l, &r)) return false;
    fp2_mul(&za2, &za2, &a->z);
    fp2_mul(&zb2, &zb2, &b->z);
    fp2_mul(&l, &a->y, &zb2);
    fp2_mul(&r, &b->y, &za2);
    return fp2_eq(&l, &r);
}

bool bn_g2_in_subgroup_slow(const bn_g2 *q) {
    bn_g2 rq;
    bn_g2_mul(&rq, q, R_BE);
    return fp2_is_zero(&rq.z);
}

bool bn_g2_in_subgroup(const bn_g2 *q) {
    /* [r]Q = O  <=>  [u+1]Q + psi([u]Q) + psi^2([u]Q) = psi^3([2u]Q) for a
     * point of E'(Fp2) (El Housni, Guillevic, Piellard, eprint 2022/348):
     * a 63-bit multiplication instead of a 254-bit one. */
    static const uint64_t BN_U = 0x44e992b44a6909f1ULL;
    bn_g2 a, l, t, rhs;
    g2_mul_u64(&a, q, BN_U);
    bn_g2_add(&l, &a, q);
    g2_psi(&t, &a);
    bn_g2_add(&l, &l, &t);
    g2_psi(&t, &t);
    bn_g2_add(&l, &l, &t);
    bn_g2_dbl(&rhs, &a);
    g2_psi(&rhs, &rhs);
    g2_psi(&rhs, &rhs);
    g2_psi(&rhs, &rhs);
    return bn_g2_eq(&l, &rhs);
}

bool bn_g2_decode(bn_g2_aff *r, const uint8_t in[128]) {
    memset(r, 0, sizeof *r);
    /* EIP-197 puts the imaginary part first */
    if (!fp_from_be(&r->x.c1, in) || !fp_from_be(&r->x.c0, in + 32) || !fp_from_be(&r->y.c1, in + 64) ||
        !fp_from_be(&r->y.c0, in + 96))
        return false;
    if (is_zero64(in, 128)) {
        r->inf = true;
        return true;
    }
    fp2 y2, x3;
    fp2_sqr(&y2, &r->y);
    fp2_sqr(&x3, &r->x);
    fp2_mul(&x3, &x3, &r->x);
    fp2_add(&x3, &x3, &bn_consts_get()->b2);
    if (!fp2_eq(&y2, &x3)) return false;
    bn_g2 q;
    bn_g2_from_aff(&q, r);
    return bn_g2_in_subgroup(&q);
}
