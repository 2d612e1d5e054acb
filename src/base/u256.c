/* u256: four 64-bit limbs, least significant first; products and carries go
 * through unsigned __int128. Division is Knuth's Algorithm D on 64-bit limbs
 * because mulDiv (512-bit by 256-bit) runs on every share computation. */
#include "restake/u256.h"

#include <string.h>

typedef unsigned __int128 u128;

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

/* p[0..la+lb) = a[0..la) * b[0..lb). */
static void mul_limbs(uint64_t *p, const uint64_t *a, int la, const uint64_t *b, int lb) {
    for (int i = 0; i < la + lb; i++) p[i] = 0;
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

bool u256_mul(u256 *r, u256 a, u256 b) {
    int la = limb_len(a.w, 4), lb = limb_len(b.w, 4);
    if (la == 0 || lb == 0) {
        *r = U256_ZERO;
        return true;
    }
    /* The top partial product alone is >= 2^(64*(la+lb-2)): past 2^256 once la+lb >= 6. */
    if (la + lb > 5) return false;
    uint64_t p[8];
    mul_limbs(p, a.w, la, b.w, lb);
    for (int i = la + lb; i < 8; i++) p[i] = 0;
    memcpy(r->w, p, sizeof r->w);
    return p[4] == 0;
}

u256 u256_mul_wrap(u256 a, u256 b) {
    u256 r = U256_ZERO;
    for (int i = 0; i < 4; i++) {
        if (a.w[i] == 0) continue;
        uint64_t c = 0;
        for (int j = 0; i + j < 4; j++) {
            u128 t = (u128)a.w[i] * b.w[j] + r.w[i + j] + c;
            r.w[i + j] = LO(t);
            c = HI(t);
        }
    }
    return r;
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

/* q[0..m) = u[0..m) / d, returns the remainder; d != 0. */
static uint64_t div_by_limb(uint64_t *q, const uint64_t *u, int m, uint64_t d) {
    uint64_t r = 0;
    for (int i = m - 1; i >= 0; i--) q[i] = div_2by1(r, u[i], d, &r);
    return r;
}

/* Knuth D: q[0..m-n] = u / v, rem[0..n) = u % v, for m >= n >= 2, v[n-1] != 0.
 * Limb counts are bounded by 8 (a 512-bit product over a 256-bit divisor). */
static void div_knuth(uint64_t *q, uint64_t *rem, const uint64_t *u, int m, const uint64_t *v, int n) {
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
    uint64_t vh = vn[n - 1], vl = vn[n - 2];
    for (int j = m - n; j >= 0; j--) {
        uint64_t uh = un[j + n], qhat, rhat;
        bool rhat_big = false; /* rhat >= 2^64: the refinement test cannot succeed */
        if (uh >= vh) {
            /* Only uh == vh is possible; the true digit is then B-1 or B-2. */
            qhat = UINT64_MAX;
            u128 t = (u128)un[j + n - 1] + vh;
            rhat = LO(t);
            rhat_big = HI(t) != 0;
        } else {
            qhat = div_2by1(uh, un[j + n - 1], vh, &rhat);
        }
        while (!rhat_big) {
            u128 lhs = (u128)qhat * vl;
            u128 rhs = ((u128)rhat << 64) | un[j + n - 2];
            if (lhs <= rhs) break;
            qhat--;
            u128 t = (u128)rhat + vh;
            rhat = LO(t);
            rhat_big = HI(t) != 0;
        }
        /* un[j..j+n] -= qhat * vn */
        uint64_t mc = 0, bw = 0;
        for (int i = 0; i < n; i++) {
            u128 p = (u128)qhat * vn[i] + mc;
            mc = HI(p);
            u128 d = (u128)un[i + j] - LO(p) - bw;
            un[i + j] = LO(d);
            bw = HI(d) & 1;
        }
        u128 d = (u128)un[j + n] - mc - bw;
        un[j + n] = LO(d);
        if (HI(d) & 1) {
            /* qhat was one too large (probability ~2/B): add the divisor back. */
            qhat--;
            uint64_t c = 0;
            for (int i = 0; i < n; i++) {
                u128 t = (u128)un[i + j] + vn[i] + c;
                un[i + j] = LO(t);
                c = HI(t);
            }
            /* The carry out cancels the borrow in un[j+n], which is never read again. */
        }
        q[j] = qhat;
    }
    if (rem) {
        if (s) {
            for (int i = 0; i < n - 1; i++) rem[i] = (un[i] >> s) | (un[i + 1] << (64 - s));
            rem[n - 1] = un[n - 1] >> s;
        } else {
            for (int i = 0; i < n; i++) rem[i] = un[i];
        }
    }
}

/* q = u / v and rem = u % v over limb arrays; u has m limbs (m <= 8), v has 4
 * with v != 0. q must hold max(m, 1) limbs, rem 4 limbs; both fully written
 * (q's limbs past the quotient's length are zeroed up to m). */
static void divmod_limbs(uint64_t *q, uint64_t *rem, const uint64_t *u, int m, const uint64_t *v) {
    int n = limb_len(v, 4);
    int mu = limb_len(u, m);
    for (int i = 0; i < m; i++) q[i] = 0;
    for (int i = 0; i < 4; i++) rem[i] = 0;
    if (mu < n) {
        for (int i = 0; i < mu; i++) rem[i] = u[i];
        return;
    }
    if (n == 1) {
        rem[0] = div_by_limb(q, u, mu, v[0]);
        return;
    }
    if (mu <= 2) {
        /* Both fit in 128 bits: the compiler's 128-bit division is one normalised divq. */
        u128 a = ((u128)u[1] << 64) | u[0], b = ((u128)v[1] << 64) | v[0];
        u128 qq = a / b, rr = a % b;
        q[0] = LO(qq);
        q[1] = HI(qq);
        rem[0] = LO(rr);
        rem[1] = HI(rr);
        return;
    }
    div_knuth(q, rem, u, mu, v, n);
}

bool u256_divmod(u256 *q, u256 *rem, u256 a, u256 d) {
    if (u256_is_zero(d)) return false;
    u256 qq, rr;
    divmod_limbs(qq.w, rr.w, a.w, 4, d.w);
    if (q) *q = qq;
    if (rem) *rem = rr;
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
    if (la == 1 && lb == 1 && d.w[1] == 0 && d.w[2] == 0 && d.w[3] == 0) {
        /* The common 64x64/64 case; the product over d needs at most 128 bits. */
        u128 p = (u128)a.w[0] * b.w[0];
        u128 qq = p / d.w[0];
        *r = (u256){{LO(qq), HI(qq), 0, 0}};
        *inexact = (uint64_t)(p % d.w[0]) != 0;
        return true;
    }
    uint64_t p[8];
    mul_limbs(p, a.w, la, b.w, lb);
    int m = la + lb;
    for (int i = m; i < 8; i++) p[i] = 0;
    /* The quotient fits in 256 bits exactly when the product's high half is below d. */
    if (m > 4) {
        u256 hi = {{p[4], p[5], p[6], p[7]}};
        if (u256_cmp(hi, d) >= 0) return false;
    }
    uint64_t q[8] = {0}, rem[4];
    divmod_limbs(q, rem, p, m, d.w);
    memcpy(r->w, q, sizeof r->w);
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

bool u256_fits_bits(u256 a, unsigned bits) { return bits >= 256 || u256_bitlen(a) <= bits; }

bool u256_fits_int256(u256 a) { return (a.w[3] >> 63) == 0; }

/* ---- big-endian bytes ---- */

u256 u256_from_be(const uint8_t be[32]) { return u256_from_be_n(be, 32); }

void u256_to_be(u256 a, uint8_t be[32]) {
    for (int i = 0; i < 32; i++) be[31 - i] = (uint8_t)(a.w[i / 8] >> (8 * (i % 8)));
}

/* Longer input keeps its low 32 bytes, i.e. the value mod 2^256. */
u256 u256_from_be_n(const uint8_t *be, size_t n) {
    u256 r = U256_ZERO;
    size_t k = n < 32 ? n : 32;
    const uint8_t *low = be + (n - k);
    for (size_t i = 0; i < k; i++) r.w[i / 8] |= (uint64_t)low[k - 1 - i] << (8 * (i % 8));
    return r;
}

/* ---- decimal ---- */

#define TEN19 10000000000000000000ULL

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

size_t u256_to_dec(u256 a, char buf[79]) {
    /* 2^256 < 10^78: at most five base-10^19 chunks, least significant first. */
    uint64_t chunks[5];
    int nc = 0;
    uint64_t x[4] = {a.w[0], a.w[1], a.w[2], a.w[3]};
    int m = limb_len(x, 4);
    do {
        chunks[nc++] = div_by_limb(x, x, m > 0 ? m : 1, TEN19);
        m = limb_len(x, m);
    } while (m > 0);
    char tmp[20];
    size_t len = 0;
    for (int c = nc - 1; c >= 0; c--) {
        uint64_t v = chunks[c];
        int t = 0;
        do {
            tmp[t++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        /* Inner chunks carry their leading zeros. */
        if (c != nc - 1)
            while (t < 19) tmp[t++] = '0';
        while (t > 0) buf[len++] = tmp[--t];
    }
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
    if (len >= 2 && s[0] == '0' && s[1] == 'x') {
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
    buf[0] = '0';
    buf[1] = 'x';
    for (unsigned i = 0; i < nd; i++) {
        unsigned k = nd - 1 - i;
        buf[2 + i] = digits[(a.w[k / 16] >> (4 * (k % 16))) & 0xf];
    }
    buf[2 + nd] = '\0';
    return 2 + nd;
}
