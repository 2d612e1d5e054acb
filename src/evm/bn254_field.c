/* The bn254 base field and its tower (see bn254.h). Fp multiplication is
 * Montgomery's CIOS over four 64-bit limbs; p < 2^254 leaves headroom so
 * one conditional subtraction reduces every sum. */
#include <assert.h>
#include <pthread.h>
#include <string.h>

#include "evm/bn254.h"

typedef unsigned __int128 u128;

static const uint64_t P[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL,
                              0x30644e72e131a029ULL};
static const uint64_t P_INV = 0x87d20782e4866389ULL; /* -p^-1 mod 2^64 */
static const fp R2 = {{0xf32cfc5b538afa89ULL, 0xb5e71911d44501fbULL, 0x47ab1eff0a417ff6ULL,
                       0x06d89f71cab8351fULL}}; /* 2^512 mod p */

/* ---------------- Fp ---------------- */

static bool geq_p(const uint64_t a[4]) {
    for (int i = 3; i >= 0; i--) {
        if (a[i] != P[i]) return a[i] > P[i];
    }
    return true;
}

static void sub_p(uint64_t a[4]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a[i] - P[i] - borrow;
        a[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
}

/* Sums stay below 2p < 2^255: one branch-free conditional subtraction. */
static inline void add_(fp *r, const fp *a, const fp *b) {
    uint64_t s[4], d[4], carry = 0, borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a->l[i] + b->l[i] + carry;
        s[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)s[i] - P[i] - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    uint64_t keep = 0 - borrow; /* all ones when s < p */
    for (int i = 0; i < 4; i++) r->l[i] = (s[i] & keep) | (d[i] & ~keep);
}

static inline void sub_(fp *r, const fp *a, const fp *b) {
    uint64_t d[4], borrow = 0, carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a->l[i] - b->l[i] - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    uint64_t mask = 0 - borrow; /* add p back when the difference went negative */
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)d[i] + (P[i] & mask) + carry;
        r->l[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
}

void fp_add(fp *r, const fp *a, const fp *b) { add_(r, a, b); }
void fp_sub(fp *r, const fp *a, const fp *b) { sub_(r, a, b); }

void fp_neg(fp *r, const fp *a) {
    fp z = {{0, 0, 0, 0}};
    fp_sub(r, &z, a);
}

static inline void mul_(fp *r, const fp *a, const fp *b) {
    uint64_t t[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 4; j++) {
            u128 s = (u128)a->l[j] * b->l[i] + t[j] + c;
            t[j] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        u128 s = (u128)t[4] + c;
        t[4] = (uint64_t)s;
        t[5] = (uint64_t)(s >> 64);
        uint64_t m = t[0] * P_INV;
        s = (u128)m * P[0] + t[0];
        c = (uint64_t)(s >> 64);
        for (int j = 1; j < 4; j++) {
            s = (u128)m * P[j] + t[j] + c;
            t[j - 1] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        s = (u128)t[4] + c;
        t[3] = (uint64_t)s;
        t[4] = t[5] + (uint64_t)(s >> 64);
    }
    memcpy(r->l, t, sizeof r->l);
    if (t[4] || geq_p(r->l)) sub_p(r->l);
}

void fp_mul(fp *r, const fp *a, const fp *b) { mul_(r, a, b); }

void fp_sqr(fp *r, const fp *a) { fp_mul(r, a, a); }

bool fp_is_zero(const fp *a) { return (a->l[0] | a->l[1] | a->l[2] | a->l[3]) == 0; }

bool fp_eq(const fp *a, const fp *b) { return memcmp(a->l, b->l, sizeof a->l) == 0; }

void fp_from_u64(fp *r, uint64_t v) {
    fp t = {{v, 0, 0, 0}};
    fp_mul(r, &t, &R2);
}

bool fp_from_be(fp *r, const uint8_t be[32]) {
    fp t;
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int k = 0; k < 8; k++) w = w << 8 | be[(3 - i) * 8 + k];
        t.l[i] = w;
    }
    if (geq_p(t.l)) return false;
    fp_mul(r, &t, &R2);
    return true;
}

void fp_to_be(uint8_t be[32], const fp *a) {
    fp one = {{1, 0, 0, 0}}, t;
    fp_mul(&t, a, &one); /* leave Montgomery form */
    for (int i = 0; i < 4; i++) {
        for (int k = 0; k < 8; k++) be[(3 - i) * 8 + k] = (uint8_t)(t.l[i] >> (56 - 8 * k));
    }
}

/* a^e for a little-endian 4-limb exponent. */
static void fp_pow(fp *r, const fp *a, const uint64_t e[4]) {
    fp acc;
    fp_from_u64(&acc, 1);
    for (int i = 255; i >= 0; i--) {
        fp_sqr(&acc, &acc);
        if ((e[i / 64] >> (i % 64)) & 1) fp_mul(&acc, &acc, a);
    }
    *r = acc;
}

void fp_inv(fp *r, const fp *a) {
    uint64_t e[4] = {P[0] - 2, P[1], P[2], P[3]}; /* Fermat: a^(p-2) */
    fp_pow(r, a, e);
}

/* ---------------- Fp2 ---------------- */

void fp2_add(fp2 *r, const fp2 *a, const fp2 *b) { add_(&r->c0, &a->c0, &b->c0), add_(&r->c1, &a->c1, &b->c1); }
void fp2_sub(fp2 *r, const fp2 *a, const fp2 *b) { sub_(&r->c0, &a->c0, &b->c0), sub_(&r->c1, &a->c1, &b->c1); }
void fp2_neg(fp2 *r, const fp2 *a) { fp_neg(&r->c0, &a->c0), fp_neg(&r->c1, &a->c1); }
void fp2_dbl(fp2 *r, const fp2 *a) { fp2_add(r, a, a); }
void fp2_conj(fp2 *r, const fp2 *a) { r->c0 = a->c0, fp_neg(&r->c1, &a->c1); }
bool fp2_is_zero(const fp2 *a) { return fp_is_zero(&a->c0) && fp_is_zero(&a->c1); }
bool fp2_eq(const fp2 *a, const fp2 *b) { return fp_eq(&a->c0, &b->c0) && fp_eq(&a->c1, &b->c1); }

void fp2_set_one(fp2 *r) {
    fp_from_u64(&r->c0, 1);
    memset(&r->c1, 0, sizeof r->c1);
}

void fp2_mul(fp2 *r, const fp2 *a, const fp2 *b) {
    fp t0, t1, s0, s1, m;
    mul_(&t0, &a->c0, &b->c0);
    mul_(&t1, &a->c1, &b->c1);
    add_(&s0, &a->c0, &a->c1);
    add_(&s1, &b->c0, &b->c1);
    mul_(&m, &s0, &s1);
    sub_(&r->c0, &t0, &t1);
    sub_(&m, &m, &t0);
    sub_(&r->c1, &m, &t1);
}

void fp2_sqr(fp2 *r, const fp2 *a) {
    /* (a0+a1)(a0-a1) + 2 a0 a1 i */
    fp s, d, m;
    add_(&s, &a->c0, &a->c1);
    sub_(&d, &a->c0, &a->c1);
    mul_(&m, &a->c0, &a->c1);
    mul_(&r->c0, &s, &d);
    add_(&r->c1, &m, &m);
}

void fp2_mul_fp(fp2 *r, const fp2 *a, const fp *b) { mul_(&r->c0, &a->c0, b), mul_(&r->c1, &a->c1, b); }

void fp2_mul_xi(fp2 *r, const fp2 *a) {
    /* (a0 + a1 i)(9 + i) = (9 a0 - a1) + (a0 + 9 a1) i */
    fp t0, t1, x;
    add_(&t0, &a->c0, &a->c0); /* 2 */
    add_(&t0, &t0, &t0);       /* 4 */
    add_(&t0, &t0, &t0);       /* 8 */
    add_(&t0, &t0, &a->c0);    /* 9 a0 */
    add_(&t1, &a->c1, &a->c1);
    add_(&t1, &t1, &t1);
    add_(&t1, &t1, &t1);
    add_(&t1, &t1, &a->c1); /* 9 a1 */
    sub_(&x, &t0, &a->c1);
    add_(&r->c1, &a->c0, &t1);
    r->c0 = x;
}

void fp2_inv(fp2 *r, const fp2 *a) {
    fp n, t;
    fp_sqr(&n, &a->c0);
    fp_sqr(&t, &a->c1);
    add_(&n, &n, &t);
    fp_inv(&n, &n);
    mul_(&r->c0, &a->c0, &n);
    mul_(&t, &a->c1, &n);
    fp_neg(&r->c1, &t);
}

static void fp2_pow(fp2 *r, const fp2 *a, const uint64_t e[4]) {
    fp2 acc;
    fp2_set_one(&acc);
    for (int i = 255; i >= 0; i--) {
        fp2_sqr(&acc, &acc);
        if ((e[i / 64] >> (i % 64)) & 1) fp2_mul(&acc, &acc, a);
    }
    *r = acc;
}

/* ---------------- Fp6 ---------------- */

void fp6_add(fp6 *r, const fp6 *a, const fp6 *b) {
    fp2_add(&r->c0, &a->c0, &b->c0), fp2_add(&r->c1, &a->c1, &b->c1), fp2_add(&r->c2, &a->c2, &b->c2);
}
void fp6_sub(fp6 *r, const fp6 *a, const fp6 *b) {
    fp2_sub(&r->c0, &a->c0, &b->c0), fp2_sub(&r->c1, &a->c1, &b->c1), fp2_sub(&r->c2, &a->c2, &b->c2);
}
static void fp6_neg(fp6 *r, const fp6 *a) { fp2_neg(&r->c0, &a->c0), fp2_neg(&r->c1, &a->c1), fp2_neg(&r->c2, &a->c2); }

void fp6_mul(fp6 *r, const fp6 *a, const fp6 *b) {
    fp2 t0, t1, t2, s, u, c0, c1, c2;
    fp2_mul(&t0, &a->c0, &b->c0);
    fp2_mul(&t1, &a->c1, &b->c1);
    fp2_mul(&t2, &a->c2, &b->c2);
    /* c0 = t0 + xi((a1+a2)(b1+b2) - t1 - t2) */
    fp2_add(&s, &a->c1, &a->c2);
    fp2_add(&u, &b->c1, &b->c2);
    fp2_mul(&c0, &s, &u);
    fp2_sub(&c0, &c0, &t1);
    fp2_sub(&c0, &c0, &t2);
    fp2_mul_xi(&c0, &c0);
    fp2_add(&c0, &c0, &t0);
    /* c1 = (a0+a1)(b0+b1) - t0 - t1 + xi t2 */
    fp2_add(&s, &a->c0, &a->c1);
    fp2_add(&u, &b->c0, &b->c1);
    fp2_mul(&c1, &s, &u);
    fp2_sub(&c1, &c1, &t0);
    fp2_sub(&c1, &c1, &t1);
    fp2_mul_xi(&s, &t2);
    fp2_add(&c1, &c1, &s);
    /* c2 = (a0+a2)(b0+b2) - t0 - t2 + t1 */
    fp2_add(&s, &a->c0, &a->c2);
    fp2_add(&u, &b->c0, &b->c2);
    fp2_mul(&c2, &s, &u);
    fp2_sub(&c2, &c2, &t0);
    fp2_sub(&c2, &c2, &t2);
    fp2_add(&c2, &c2, &t1);
    r->c0 = c0, r->c1 = c1, r->c2 = c2;
}

/* a * v: (c0, c1, c2) -> (xi c2, c0, c1) */
static void fp6_mul_v(fp6 *r, const fp6 *a) {
    fp2 t;
    fp2_mul_xi(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}

static void fp6_mul_fp2(fp6 *r, const fp6 *a, const fp2 *b) {
    fp2_mul(&r->c0, &a->c0, b), fp2_mul(&r->c1, &a->c1, b), fp2_mul(&r->c2, &a->c2, b);
}

/* a * (b0 + b1 v) */
static void fp6_mul_01(fp6 *r, const fp6 *a, const fp2 *b0, const fp2 *b1) {
    fp2 t0, t1, c0, c1, c2;
    fp2_mul(&t0, &a->c2, b1);
    fp2_mul_xi(&t0, &t0);
    fp2_mul(&c0, &a->c0, b0);
    fp2_add(&c0, &c0, &t0);
    fp2_mul(&t0, &a->c0, b1);
    fp2_mul(&t1, &a->c1, b0);
    fp2_add(&c1, &t0, &t1);
    fp2_mul(&t0, &a->c1, b1);
    fp2_mul(&t1, &a->c2, b0);
    fp2_add(&c2, &t0, &t1);
    r->c0 = c0, r->c1 = c1, r->c2 = c2;
}

void fp6_inv(fp6 *r, const fp6 *a) {
    fp2 A, B, C, t, F;
    fp2_sqr(&A, &a->c0);
    fp2_mul(&t, &a->c1, &a->c2);
    fp2_mul_xi(&t, &t);
    fp2_sub(&A, &A, &t);
    fp2_sqr(&B, &a->c2);
    fp2_mul_xi(&B, &B);
    fp2_mul(&t, &a->c0, &a->c1);
    fp2_sub(&B, &B, &t);
    fp2_sqr(&C, &a->c1);
    fp2_mul(&t, &a->c0, &a->c2);
    fp2_sub(&C, &C, &t);
    /* F = a0 A + xi (a2 B + a1 C) */
    fp2_mul(&F, &a->c2, &B);
    fp2_mul(&t, &a->c1, &C);
    fp2_add(&F, &F, &t);
    fp2_mul_xi(&F, &F);
    fp2_mul(&t, &a->c0, &A);
    fp2_add(&F, &F, &t);
    fp2_inv(&F, &F);
    fp2_mul(&r->c0, &A, &F);
    fp2_mul(&r->c1, &B, &F);
    fp2_mul(&r->c2, &C, &F);
}

/* ---------------- Fp12 ---------------- */

void fp12_set_one(fp12 *r) {
    memset(r, 0, sizeof *r);
    fp2_set_one(&r->c0.c0);
}

bool fp12_eq(const fp12 *a, const fp12 *b) { return memcmp(a, b, sizeof *a) == 0; }

bool fp12_is_one(const fp12 *a) {
    fp12 one;
    fp12_set_one(&one);
    return fp12_eq(a, &one);
}

void fp12_mul(fp12 *r, const fp12 *a, const fp12 *b) {
    fp6 t0, t1, s, u, c1;
    fp6_mul(&t0, &a->c0, &b->c0);
    fp6_mul(&t1, &a->c1, &b->c1);
    fp6_add(&s, &a->c0, &a->c1);
    fp6_add(&u, &b->c0, &b->c1);
    fp6_mul(&c1, &s, &u);
    fp6_sub(&c1, &c1, &t0);
    fp6_sub(&r->c1, &c1, &t1);
    fp6_mul_v(&t1, &t1);
    fp6_add(&r->c0, &t0, &t1);
}

void fp12_sqr(fp12 *r, const fp12 *a) {
    /* c0 = (a0 + a1)(a0 + v a1) - t - v t, c1 = 2t, t = a0 a1 */
    fp6 t, s, u, vt;
    fp6_mul(&t, &a->c0, &a->c1);
    fp6_add(&s, &a->c0, &a->c1);
    fp6_mul_v(&u, &a->c1);
    fp6_add(&u, &u, &a->c0);
    fp6_mul(&s, &s, &u);
    fp6_mul_v(&vt, &t);
    fp6_sub(&s, &s, &t);
    fp6_sub(&r->c0, &s, &vt);
    fp6_add(&r->c1, &t, &t);
}

void fp12_conj(fp12 *r, const fp12 *a) {
    r->c0 = a->c0;
    fp6_neg(&r->c1, &a->c1);
}

void fp12_inv(fp12 *r, const fp12 *a) {
    /* 1/(a0 + a1 w) = (a0 - a1 w) / (a0^2 - v a1^2) */
    fp6 t0, t1;
    fp6_mul(&t0, &a->c0, &a->c0);
    fp6_mul(&t1, &a->c1, &a->c1);
    fp6_mul_v(&t1, &t1);
    fp6_sub(&t0, &t0, &t1);
    fp6_inv(&t0, &t0);
    fp6_mul(&r->c0, &a->c0, &t0);
    fp6_mul(&t1, &a->c1, &t0);
    fp6_neg(&r->c1, &t1);
}

/* The coefficient of w^k sits at: k even -> c0.c(k/2), k odd -> c1.c(k/2). */
static fp2 *coef(fp12 *a, int k) {
    fp6 *h = (k & 1) ? &a->c1 : &a->c0;
    return k / 2 == 0 ? &h->c0 : k / 2 == 1 ? &h->c1 : &h->c2;
}

void fp12_frob(fp12 *r, const fp12 *a) {
    const bn_consts *K = bn_consts_get();
    fp12 t = *a;
    for (int k = 0; k < 6; k++) {
        fp2 *c = coef(&t, k);
        fp2_conj(c, c);
        if (k) fp2_mul(c, c, &K->frob1[k]);
    }
    *r = t;
}

void fp12_frob2(fp12 *r, const fp12 *a) {
    const bn_consts *K = bn_consts_get();
    fp12 t = *a;
    for (int k = 1; k < 6; k++) {
        fp2 *c = coef(&t, k);
        fp2_mul_fp(c, c, &K->frob2[k].c0); /* xi^(k(p^2-1)/6) lies in Fp */
    }
    *r = t;
}

void fp12_mul_line(fp12 *f, const fp2 *l0, const fp2 *l1, const fp2 *l3) {
    /* L = L0 + L1 w with L0 = l0, L1 = l1 + l3 v (Karatsuba over w) */
    fp6 t0, t1, s, c1;
    fp2 l01;
    fp6_mul_fp2(&t0, &f->c0, l0);
    fp6_mul_01(&t1, &f->c1, l1, l3);
    fp6_add(&s, &f->c0, &f->c1);
    fp2_add(&l01, l0, l1);
    fp6_mul_01(&c1, &s, &l01, l3);
    fp6_sub(&c1, &c1, &t0);
    fp6_sub(&f->c1, &c1, &t1);
    fp6_mul_v(&t1, &t1);
    fp6_add(&f->c0, &t0, &t1);
}

/* ---------------- constants ---------------- */

static bn_consts g_consts;
static pthread_once_t g_consts_once = PTHREAD_ONCE_INIT;

static void consts_init(void) {
    bn_consts *K = &g_consts;
    fp_from_u64(&K->one, 1);
    fp_from_u64(&K->b, 3);
    fp two;
    fp_from_u64(&two, 2);
    fp_inv(&K->two_inv, &two);
    fp2 xi, three;
    fp_from_u64(&xi.c0, 9);
    fp_from_u64(&xi.c1, 1);
    three.c0 = K->b;
    memset(&three.c1, 0, sizeof three.c1);
    fp2_inv(&K->b2, &xi);
    fp2_mul(&K->b2, &K->b2, &three);
    /* (p - 1) / 6, by long division of the limbs */
    uint64_t e[4];
    u128 rem = 0;
    uint64_t pm1[4] = {P[0] - 1, P[1], P[2], P[3]};
    for (int i = 3; i >= 0; i--) {
        u128 cur = rem << 64 | pm1[i];
        e[i] = (uint64_t)(cur / 6);
        rem = cur % 6;
    }
    assert(rem == 0);
    fp2 g, g2;
    fp2_pow(&g, &xi, e);
    /* xi^((p^2-1)/6) = g^(p+1) = g * conj(g) (the p-power map of Fp2 is conjugation) */
    fp2_conj(&g2, &g);
    fp2_mul(&g2, &g2, &g);
    fp2_set_one(&K->frob1[0]);
    fp2_set_one(&K->frob2[0]);
    for (int k = 1; k < 6; k++) {
        fp2_mul(&K->frob1[k], &K->frob1[k - 1], &g);
        fp2_mul(&K->frob2[k], &K->frob2[k - 1], &g2);
        assert(fp_is_zero(&K->frob2[k].c1));
    }
}

const bn_consts *bn_consts_get(void) {
    pthread_once(&g_consts_once, consts_init);
    return &g_consts;
}

/* Squaring in the cyclotomic subgroup (elements of norm 1 after the easy
 * part of the final exponentiation), Granger-Scott: three Fp4 squarings,
 * with Fp4 = Fp2[s]/(s^2 - xi) pairing the coefficients (c0.c0, c1.c1),
 * (c1.c0, c0.c2) and (c0.c1, c1.c2). */
void fp12_cyclotomic_sqr(fp12 *r, const fp12 *a) {
    fp2 t0, t1, t2, t3, t4, t5, t6, t7, t8, s;
    fp2_sqr(&t0, &a->c1.c1);
    fp2_sqr(&t1, &a->c0.c0);
    fp2_add(&t6, &a->c1.c1, &a->c0.c0);
    fp2_sqr(&t6, &t6);
    fp2_sub(&t6, &t6, &t0);
    fp2_sub(&t6, &t6, &t1);
    fp2_sqr(&t2, &a->c0.c2);
    fp2_sqr(&t3, &a->c1.c0);
    fp2_add(&t7, &a->c0.c2, &a->c1.c0);
    fp2_sqr(&t7, &t7);
    fp2_sub(&t7, &t7, &t2);
    fp2_sub(&t7, &t7, &t3);
    fp2_sqr(&t4, &a->c1.c2);
    fp2_sqr(&t5, &a->c0.c1);
    fp2_add(&t8, &a->c1.c2, &a->c0.c1);
    fp2_sqr(&t8, &t8);
    fp2_sub(&t8, &t8, &t4);
    fp2_sub(&t8, &t8, &t5);
    fp2_mul_xi(&t8, &t8);
    fp2_mul_xi(&t0, &t0);
    fp2_add(&t0, &t0, &t1);
    fp2_mul_xi(&t2, &t2);
    fp2_add(&t2, &t2, &t3);
    fp2_mul_xi(&t4, &t4);
    fp2_add(&t4, &t4, &t5);
    fp12 z;
    /* z = 3t - 2a on the c0 side, 3t + 2a on the c1 side */
#define CYC_MINUS(dst, t, x)          \
    fp2_sub(&s, &t, &x);              \
    fp2_dbl(&s, &s);                  \
    fp2_add(&dst, &s, &t);
#define CYC_PLUS(dst, t, x)           \
    fp2_add(&s, &t, &x);              \
    fp2_dbl(&s, &s);                  \
    fp2_add(&dst, &s, &t);
    CYC_MINUS(z.c0.c0, t0, a->c0.c0)
    CYC_MINUS(z.c0.c1, t2, a->c0.c1)
    CYC_MINUS(z.c0.c2, t4, a->c0.c2)
    CYC_PLUS(z.c1.c0, t8, a->c1.c0)
    CYC_PLUS(z.c1.c1, t6, a->c1.c1)
    CYC_PLUS(z.c1.c2, t7, a->c1.c2)
#undef CYC_MINUS
#undef CYC_PLUS
    *r = z;
}
