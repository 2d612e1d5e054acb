/* u256: four 64-bit limbs, least significant first; products and carries go
 * through unsigned __int128. Division is Knuth's Algorithm D on 64-bit limbs
 * because mulDiv (512-bit by 256-bit) runs on every share computation. */
#include "restake/u256.h"

#include <assert.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

#define LO(x) ((uint64_t)(x))
#define HI(x) ((uint64_t)((x) >> 64))

int u256_cmp(u256 a, u256 b) {
    for (int i = 3; i >= 0; i--) {
        if (a.w[i] != b.w[i]) return a.w[i] < b.w[i] ? -1 : 1;
    }
    return 0;
}

/* ---- addition and subtraction ---- */

static uint64_t add_carry(u256 *r, u256 a, u256 b) {
    uint64_t c = 0;
    for (int i = 0; i < 4; i++) {
        u128 s = (u128)a.w[i] + b.w[i] + c;
        r->w[i] = LO(s);
        c = HI(s);
    }
    return c;
}

static uint64_t sub_borrow(u256 *r, u256 a, u256 b) {
    uint64_t bw = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a.w[i] - b.w[i] - bw;
        r->w[i] = LO(d);
        bw = HI(d) & 1; /* the high half is all ones exactly when it borrowed */
    }
    return bw;
}

bool u256_add(u256 *r, u256 a, u256 b) { return add_carry(r, a, b) == 0; }
bool u256_sub(u256 *r, u256 a, u256 b) { return sub_borrow(r, a, b) == 0; }

u256 u256_add_wrap(u256 a, u256 b) {
    u256 r;
    (void)add_carry(&r, a, b);
    return r;
}

u256 u256_sub_wrap(u256 a, u256 b) {
    u256 r;
    (void)sub_borrow(&r, a, b);
    return r;
}

/* ---- multiplication ---- */

/* Number of significant limbs (0 for zero). */
static int limb_len(const uint64_t *x, int n) {
    while (n > 0 && x[n - 1] == 0) n--;
    return n;
}

/* p[0..la+lb) = a[0..la) * b[0..lb); p must arrive zeroed. */
static void mul_limbs(uint64_t *p, const uint64_t *a, int la, const uint64_t *b, int lb) {
    assert(la >= 0 && la <= 4 && lb >= 0 && lb <= 4); /* p holds la + lb <= 8 limbs */
    for (int i = 0; i < la; i++) {
        uint64_t c = 0;
        for (int j = 0; j < lb; j++) {
            u128 t = (u128)a[i] * b[j] + p[i + j] + c;
            p[i + j] = LO(t);
            c = HI(t);
        }
        p[i + lb] = c;
    }
}

/* Whether some partial product a[i]*b[j] lands at limb i+j >= 4: such a
 * product alone is >= 2^256. */
static bool high_partial(u256 a, u256 b) {
    return (a.w[1] != 0 && b.w[3] != 0) | (a.w[2] != 0 && (b.w[2] | b.w[3]) != 0) |
           (a.w[3] != 0 && (b.w[1] | b.w[2] | b.w[3]) != 0);
}

/* Truncated 4x4 schoolbook (fixed bounds, so it unrolls). *carry_out is
 * nonzero when the rows carry past limb 3. */
static u256 mul_trunc(u256 a, u256 b, uint64_t *carry_out) {
    u256 r = U256_ZERO;
    uint64_t out = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t c = 0;
        for (int j = 0; i + j < 4; j++) {
            u128 t = (u128)a.w[i] * b.w[j] + r.w[i + j] + c;
            r.w[i + j] = LO(t);
            c = HI(t);
        }
        out |= c;
    }
    *carry_out = out;
    return r;
}

bool u256_mul(u256 *r, u256 a, u256 b) {
    if ((a.w[1] | a.w[2] | a.w[3] | b.w[1] | b.w[2] | b.w[3]) == 0) {
        u128 p = (u128)a.w[0] * b.w[0];
        *r = (u256){{LO(p), HI(p), 0, 0}};
        return true;
    }
    if (high_partial(a, b)) return false;
    uint64_t carry;
    *r = mul_trunc(a, b, &carry);
    return carry == 0;
}

u256 u256_mul_wrap(u256 a, u256 b) {
    uint64_t carry;
    return mul_trunc(a, b, &carry);
}

/* ---- division ---- */

/* (hi:lo) / d with hi < d; the quotient fits in 64 bits. */
static inline uint64_t div_2by1(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem) {
#if defined(__x86_64__) && !defined(RESTAKE_U256_PORTABLE)
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
    *rem = r;
    return q;
#else
    u128 n = ((u128)hi << 64) | lo;
    *rem = (uint64_t)(n % d);
    return (uint64_t)(n / d);
#endif
}

/* Division by invariant integers (Moller & Granlund, "Improved division by
 * invariant integers", IEEE TC 2011): one hardware divide per divisor buys a
 * reciprocal, after which each quotient limb costs a few multiplies and no
 * correction loop. Divisors passed here are normalised (top bit set). */

/* floor((B^2 - 1) / d) - B */
static uint64_t reciprocal_2by1(uint64_t d) {
    uint64_t r;
    return div_2by1(~d, UINT64_MAX, d, &r);
}

/* (u1:u0) / d with u1 < d, given v = reciprocal_2by1(d). */
static inline uint64_t udivrem_2by1(uint64_t u1, uint64_t u0, uint64_t d, uint64_t v, uint64_t *rem) {
    u128 qq = (u128)v * u1 + (((u128)u1 << 64) | u0);
    uint64_t q1 = HI(qq) + 1, q0 = LO(qq);
    uint64_t r = u0 - q1 * d;
    if (r > q0) {
        q1--;
        r += d;
    }
    if (r >= d) {
        q1++;
        r -= d;
    }
    *rem = r;
    return q1;
}

/* floor((B^3 - 1) / (d1:d0)) - B */
static uint64_t reciprocal_3by2(uint64_t d1, uint64_t d0) {
    uint64_t v = reciprocal_2by1(d1);
    uint64_t p = d1 * v + d0;
    if (p < d0) {
        v--;
        if (p >= d1) {
            v--;
            p -= d1;
        }
        p -= d1;
    }
    u128 t = (u128)v * d0;
    p += HI(t);
    if (p < HI(t)) {
        v--;
        if (p > d1 || (p == d1 && LO(t) >= d0)) v--;
    }
    return v;
}

/* (u2:u1:u0) / (d1:d0) with (u2:u1) < (d1:d0), given v = reciprocal_3by2. */
static inline uint64_t udivrem_3by2(uint64_t u2, uint64_t u1, uint64_t u0, uint64_t d1, uint64_t d0,
                                    uint64_t v, u128 *rem) {
    u128 d = ((u128)d1 << 64) | d0;
    u128 qq = (u128)v * u2 + (((u128)u2 << 64) | u1);
    uint64_t q1 = HI(qq), q0 = LO(qq);
    uint64_t r1 = u1 - q1 * d1;
    u128 t = (u128)d0 * q1;
    u128 r = (((u128)r1 << 64) | u0) - t - d;
    q1++;
    if (HI(r) >= q0) {
        q1--;
        r += d;
    }
    if (r >= d) {
        q1++;
        r -= d;
    }
    *rem = r;
    return q1;
}

/* q[0..m) = u[0..m) / d, returns the remainder; d != 0, m >= 1. */
static uint64_t div_by_limb(uint64_t *q, const uint64_t *u, int m, uint64_t d) {
    assert(m >= 1 && d != 0);
    uint64_t r = 0;
    if (u[m - 1] < d) {
        /* The top quotient limb is zero: start with the top limb as remainder. */
        r = u[--m];
        q[m] = 0;
    }
    for (int i = m - 1; i >= 0; i--) q[i] = div_2by1(r, u[i], d, &r);
    return r;
}

/* Knuth D with a 3-by-2 quotient estimate: q[0..m-n] = u / v and
 * rem[0..n) = u % v, for m >= n >= 2, v[n-1] != 0, m <= 8. */
static inline __attribute__((always_inline)) void div_knuth(uint64_t *q, uint64_t *rem, const uint64_t *u, int m,
                                                            const uint64_t *v, int n) {
    assert(n >= 2 && n <= 4 && m >= n && m <= 8 && v[n - 1] != 0);
    uint64_t un[9], vn[4];
    int s = __builtin_clzll(v[n - 1]);
    if (s) {
        for (int i = n - 1; i > 0; i--) vn[i] = (v[i] << s) | (v[i - 1] >> (64 - s));
        vn[0] = v[0] << s;
        un[m] = u[m - 1] >> (64 - s);
        for (int i = m - 1; i > 0; i--) un[i] = (u[i] << s) | (u[i - 1] >> (64 - s));
        un[0] = u[0] << s;
    } else {
        for (int i = 0; i < n; i++) vn[i] = v[i];
        for (int i = 0; i < m; i++) un[i] = u[i];
        un[m] = 0;
    }
    uint64_t d1 = vn[n - 1], d0 = vn[n - 2];
    int jtop = m - n;
    /* A zero leading quotient limb (always so for an in-range mulDiv) needs no step. */
    if (un[m] == 0) {
        int i = n - 1;
        while (i >= 0 && un[jtop + i] == vn[i]) i--;
        if (i >= 0 && un[jtop + i] < vn[i]) q[jtop--] = 0;
    }
    if (jtop < 0) goto done;
    uint64_t v3 = reciprocal_3by2(d1, d0);
    for (int j = jtop; j >= 0; j--) {
        uint64_t u2 = un[j + n], u1 = un[j + n - 1], u0 = un[j + n - 2], qhat;
        if (u2 == d1 && u1 == d0) {
            /* The estimate would be B; the digit is B-1 and needs no correction. */
            qhat = UINT64_MAX;
            uint64_t mc = 0, bw = 0;
            for (int i = 0; i < n; i++) {
                u128 p = (u128)qhat * vn[i] + mc;
                mc = HI(p);
                u128 t = (u128)un[i + j] - LO(p) - bw;
                un[i + j] = LO(t);
                bw = HI(t) & 1;
            }
        } else {
            u128 rhat;
            qhat = udivrem_3by2(u2, u1, u0, d1, d0, v3, &rhat);
            /* The top two limbs of the window are rhat; subtract qhat * vn's low limbs below them. */
            uint64_t mc = 0, bw = 0;
            for (int i = 0; i < n - 2; i++) {
                u128 p = (u128)qhat * vn[i] + mc;
                mc = HI(p);
                u128 t = (u128)un[i + j] - LO(p) - bw;
                un[i + j] = LO(t);
                bw = HI(t) & 1;
            }
            u128 t = rhat - mc - bw;
            un[j + n - 2] = LO(t);
            un[j + n - 1] = HI(t);
            if (mc + (u128)bw > rhat) {
                /* qhat was one too large (probability ~2/B): add the divisor back. */
                qhat--;
                uint64_t c = 0;
                for (int i = 0; i < n; i++) {
                    u128 a = (u128)un[i + j] + vn[i] + c;
                    un[i + j] = LO(a);
                    c = HI(a);
                }
            }
        }
        q[j] = qhat;
    }
done:
    if (s) {
        for (int i = 0; i < n - 1; i++) rem[i] = (un[i] >> s) | (un[i + 1] << (64 - s));
        rem[n - 1] = un[n - 1] >> s;
    } else {
        for (int i = 0; i < n; i++) rem[i] = un[i];
    }
}

/* q = u / v and rem = u % v over limb arrays; u has m limbs (m <= 8), v has 4
 * with v != 0. Both outputs are fully written. */
static void divmod_limbs(uint64_t q[8], uint64_t rem[4], const uint64_t *u, int m, const uint64_t *v) {
    int n = limb_len(v, 4);
    int mu = limb_len(u, m);
    assert(n >= 1 && m <= 8); /* the divisor is nonzero */
    for (int i = 0; i < 8; i++) q[i] = 0;
    for (int i = 0; i < 4; i++) rem[i] = 0;
    if (mu < n) {
        for (int i = 0; i < mu; i++) rem[i] = u[i];
        return;
    }
    if (n == 1) {
        rem[0] = div_by_limb(q, u, mu, v[0]);
        return;
    }
    /* A constant limb count per call site lets the inner loops unroll. */
    switch (n) {
    case 2: div_knuth(q, rem, u, mu, v, 2); break;
    case 3: div_knuth(q, rem, u, mu, v, 3); break;
    default: div_knuth(q, rem, u, mu, v, 4); break;
    }
}

bool u256_divmod(u256 *q, u256 *rem, u256 a, u256 d) {
    if (u256_is_zero(d)) return false;
    uint64_t qq[8], rr[4];
    divmod_limbs(qq, rr, a.w, 4, d.w);
    assert((qq[4] | qq[5] | qq[6] | qq[7]) == 0); /* a 256-bit dividend gives a 256-bit quotient */
    if (q) *q = (u256){{qq[0], qq[1], qq[2], qq[3]}};
    if (rem) *rem = (u256){{rr[0], rr[1], rr[2], rr[3]}};
    assert(u256_lt((u256){{rr[0], rr[1], rr[2], rr[3]}}, d));
    return true;
}

bool u256_div(u256 *r, u256 a, u256 b) { return u256_divmod(r, NULL, a, b); }
bool u256_mod(u256 *r, u256 a, u256 b) { return u256_divmod(NULL, r, a, b); }

/* ---- mulDiv ---- */

/* floor(a*b/d) into *r; *inexact tells whether a*b % d != 0. */
static bool muldiv_core(u256 *r, bool *inexact, u256 a, u256 b, u256 d) {
    if (u256_is_zero(d)) return false;
    int la = limb_len(a.w, 4), lb = limb_len(b.w, 4);
    if (la == 0 || lb == 0) {
        *r = U256_ZERO;
        *inexact = false;
        return true;
    }
    if ((la | lb) == 1 && (d.w[1] | d.w[2] | d.w[3]) == 0) {
        /* 64x64/64: at most two hardware divides, usually one. */
        u128 pp = (u128)a.w[0] * b.w[0];
        uint64_t dd = d.w[0], hi = HI(pp), qh = 0, rem;
        if (hi >= dd) {
            qh = hi / dd;
            hi %= dd;
        }
        uint64_t ql = div_2by1(hi, LO(pp), dd, &rem);
        *r = (u256){{ql, qh, 0, 0}};
        *inexact = rem != 0;
        return true;
    }
    uint64_t p[8] = {0};
    mul_limbs(p, a.w, la, b.w, lb);
    int m = limb_len(p, la + lb);
    if (m <= 2 && (d.w[2] | d.w[3]) == 0) {
        /* Share-sized values: product and divisor fit in 128 bits. */
        u128 pp = ((u128)p[1] << 64) | p[0], dd = ((u128)d.w[1] << 64) | d.w[0];
        u128 qq = pp / dd;
        *r = (u256){{LO(qq), HI(qq), 0, 0}};
        *inexact = pp != qq * dd;
        return true;
    }
    /* The quotient fits in 256 bits exactly when the product's high half is below d. */
    if (m > 4) {
        u256 hi = {{p[4], p[5], p[6], p[7]}};
        if (u256_cmp(hi, d) >= 0) return false;
    }
    uint64_t q[8], rem[4];
    divmod_limbs(q, rem, p, m, d.w);
    assert((q[4] | q[5] | q[6] | q[7]) == 0); /* ensured by the high-half check */
    *r = (u256){{q[0], q[1], q[2], q[3]}};
    *inexact = (rem[0] | rem[1] | rem[2] | rem[3]) != 0;
    return true;
}

bool u256_muldiv(u256 *r, u256 a, u256 b, u256 d) {
    bool inexact;
    return muldiv_core(r, &inexact, a, b, d);
}

bool u256_muldiv_up(u256 *r, u256 a, u256 b, u256 d) {
    bool inexact;
    u256 q;
    if (!muldiv_core(&q, &inexact, a, b, d)) return false;
    /* OZ adds the rounding bit with checked arithmetic, so MAX + 1 reverts. */
    if (inexact) return u256_add(r, q, U256_ONE);
    *r = q;
    return true;
}

/* ---- bitwise ---- */

u256 u256_and(u256 a, u256 b) {
    return (u256){{a.w[0] & b.w[0], a.w[1] & b.w[1], a.w[2] & b.w[2], a.w[3] & b.w[3]}};
}
u256 u256_or(u256 a, u256 b) {
    return (u256){{a.w[0] | b.w[0], a.w[1] | b.w[1], a.w[2] | b.w[2], a.w[3] | b.w[3]}};
}
u256 u256_xor(u256 a, u256 b) {
    return (u256){{a.w[0] ^ b.w[0], a.w[1] ^ b.w[1], a.w[2] ^ b.w[2], a.w[3] ^ b.w[3]}};
}
u256 u256_not(u256 a) { return (u256){{~a.w[0], ~a.w[1], ~a.w[2], ~a.w[3]}}; }

u256 u256_shl(u256 a, unsigned n) {
    u256 r = U256_ZERO;
    if (n >= 256) return r;
    unsigned lw = n / 64, b = n % 64;
    for (unsigned i = lw; i < 4; i++) {
        uint64_t v = a.w[i - lw] << b;
        if (b && i > lw) v |= a.w[i - lw - 1] >> (64 - b);
        r.w[i] = v;
    }
    return r;
}

u256 u256_shr(u256 a, unsigned n) {
    u256 r = U256_ZERO;
    if (n >= 256) return r;
    unsigned lw = n / 64, b = n % 64;
    for (unsigned i = 0; i + lw < 4; i++) {
        uint64_t v = a.w[i + lw] >> b;
        if (b && i + lw + 1 < 4) v |= a.w[i + lw + 1] << (64 - b);
        r.w[i] = v;
    }
    return r;
}

unsigned u256_bitlen(u256 a) {
    for (int i = 3; i >= 0; i--) {
        if (a.w[i]) return (unsigned)(64 * i + 64 - __builtin_clzll(a.w[i]));
    }
    return 0;
}

/* ---- narrowing ---- */

bool u256_to_u64(uint64_t *r, u256 a) {
    if (a.w[1] | a.w[2] | a.w[3]) return false;
    *r = a.w[0];
    return true;
}

bool u256_to_u32(uint32_t *r, u256 a) {
    if ((a.w[1] | a.w[2] | a.w[3]) || a.w[0] > UINT32_MAX) return false;
    *r = (uint32_t)a.w[0];
    return true;
}

bool u256_fits_bits(u256 a, unsigned bits) { return u256_bitlen(a) <= bits; }

bool u256_fits_int256(u256 a) { return (a.w[3] >> 63) == 0; }

/* ---- big-endian bytes ---- */

u256 u256_from_be(const uint8_t be[32]) { return u256_from_be_n(be, 32); }

/* Whole limbs through a byte swap: these run on every storage key, ABI word
 * and address conversion, where the per-byte loops showed in profiles. */
static inline uint64_t load_be64(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return w;
#else
    return __builtin_bswap64(w);
#endif
}

static inline void store_be64(uint8_t *p, uint64_t x) {
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    memcpy(p, &x, 8);
}

void u256_to_be(u256 a, uint8_t be[32]) {
    for (int i = 0; i < 4; i++) store_be64(be + 8 * i, a.w[3 - i]);
}

/* Longer input keeps its low 32 bytes, i.e. the value mod 2^256. */
u256 u256_from_be_n(const uint8_t *be, size_t n) {
    u256 r = U256_ZERO;
    if (n == 0) return r; /* be may be NULL then */
    size_t k = n < 32 ? n : 32;
    uint8_t pad[32] = {0};
    memcpy(pad + (32 - k), be + (n - k), k);
    for (int i = 0; i < 4; i++) r.w[3 - i] = load_be64(pad + 8 * i);
    return r;
}

/* ---- decimal ---- */

bool u256_from_dec(u256 *r, const char *s, size_t len) {
    if (len == 0) return false;
    u256 acc = U256_ZERO;
    size_t i = 0;
    while (i < len) {
        /* Fold up to 19 digits into one limb, then acc = acc * 10^k + chunk. */
        uint64_t chunk = 0, scale = 1;
        size_t end = len - i < 19 ? len : i + 19;
        for (; i < end; i++) {
            unsigned c = (unsigned char)s[i] - '0';
            if (c > 9) return false;
            chunk = chunk * 10 + c;
            scale *= 10;
        }
        uint64_t carry = chunk;
        for (int k = 0; k < 4; k++) {
            u128 t = (u128)acc.w[k] * scale + carry;
            acc.w[k] = LO(t);
            carry = HI(t);
        }
        if (carry) return false;
    }
    *r = acc;
    return true;
}

#define TEN19 10000000000000000000ULL
/* reciprocal_2by1(10^19), precomputed; 10^19 already has its top bit set. */
#define TEN19_RECIP 0xd83c94fb6d2ac34aULL

static const char digit_pairs[201] = "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
                                     "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/* Eight digits of x < 10^8, zero-padded; the four pairs are independent. */
static void put8(char *out, uint32_t x) {
    uint32_t hi = x / 10000, lo = x % 10000;
    memcpy(out, digit_pairs + 2 * (hi / 100), 2);
    memcpy(out + 2, digit_pairs + 2 * (hi % 100), 2);
    memcpy(out + 4, digit_pairs + 2 * (lo / 100), 2);
    memcpy(out + 6, digit_pairs + 2 * (lo % 100), 2);
}

/* Nineteen digits of v < 10^19, zero-padded. */
static void put19(char *out, uint64_t v) {
    uint64_t top = v / 10000000000000000ULL, rest = v % 10000000000000000ULL;
    out[0] = (char)('0' + top / 100);
    memcpy(out + 1, digit_pairs + 2 * (top % 100), 2);
    put8(out + 3, (uint32_t)(rest / 100000000));
    put8(out + 11, (uint32_t)(rest % 100000000));
}

size_t u256_to_dec(u256 a, char buf[79]) {
    /* 2^256 < 10^78: at most five base-10^19 chunks, least significant first. */
    uint64_t chunks[5];
    int nc = 0;
    uint64_t x[4] = {a.w[0], a.w[1], a.w[2], a.w[3]};
    int m = limb_len(x, 4);
    while (m > 1 || (m == 1 && x[0] >= TEN19)) {
        uint64_t r = 0;
        for (int i = m - 1; i >= 0; i--) x[i] = udivrem_2by1(r, x[i], TEN19, TEN19_RECIP, &r);
        chunks[nc++] = r;
        m = limb_len(x, m);
    }
    chunks[nc++] = x[0];
    assert(nc <= 5 && x[0] < TEN19);
    /* The leading chunk loses its padding zeros; inner chunks keep all 19 digits. */
    char lead[19];
    put19(lead, chunks[nc - 1]);
    size_t skip = 0;
    while (skip < 18 && lead[skip] == '0') skip++;
    size_t len = 19 - skip;
    memcpy(buf, lead + skip, len);
    for (int c = nc - 2; c >= 0; c--, len += 19) put19(buf + len, chunks[c]);
    assert(len >= 1 && len <= 78);
    buf[len] = '\0';
    return len;
}

/* ---- hex ---- */

static int hex_val(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool u256_from_hex(u256 *r, const char *s, size_t len) {
    /* "0X" too, as go-ethereum's hexutil accepts it. */
    if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        len -= 2;
    }
    if (len == 0 || len > 64) return false;
    u256 acc = U256_ZERO;
    for (size_t i = 0; i < len; i++) {
        int v = hex_val((unsigned char)s[len - 1 - i]);
        if (v < 0) return false;
        acc.w[i / 16] |= (uint64_t)v << (4 * (i % 16));
    }
    *r = acc;
    return true;
}

size_t u256_to_hex(u256 a, char buf[67]) {
    static const char digits[] = "0123456789abcdef";
    unsigned bits = u256_bitlen(a);
    unsigned nd = bits == 0 ? 1 : (bits + 3) / 4;
    assert(bits <= 256 && nd >= 1 && nd <= 64);
    buf[0] = '0';
    buf[1] = 'x';
    for (unsigned i = 0; i < nd; i++) {
        unsigned k = nd - 1 - i;
        buf[2 + i] = digits[(a.w[k / 16] >> (4 * (k % 16))) & 0xf];
    }
    buf[2 + nd] = '\0';
    return 2 + nd;
}
