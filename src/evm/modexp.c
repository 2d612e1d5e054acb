/* 0x05 modexp (EIP-198) at EIP-2565 prices, on GMP integers. The header is
 * three 32-byte lengths (base, exponent, modulus), then the three operands;
 * whatever the input lacks reads as zero. The price comes from the lengths
 * and the exponent's first word alone, so a huge declared length costs its
 * price (or fails for gas) before anything is allocated. */
#include <gmp.h>
#include <stdlib.h>
#include <string.h>

#include "evm/precompile_impl.h"
#include "restake/limits.h"

typedef struct {
    uint64_t blen, elen, mlen; /* saturated at UINT64_MAX */
} modexp_lens;

static uint64_t read_len(const uint8_t *in, size_t len, uint64_t off) {
    uint8_t w[32];
    rs_pc_read_padded(in, len, off, w, 32);
    for (int i = 0; i < 24; i++) {
        if (w[i]) return UINT64_MAX;
    }
    uint64_t v = 0;
    for (int i = 24; i < 32; i++) v = v << 8 | w[i];
    return v;
}

static modexp_lens read_lens(const uint8_t *in, size_t len) {
    modexp_lens l = {read_len(in, len, 0), read_len(in, len, 32), read_len(in, len, 64)};
    return l;
}

static unsigned bitlen_be(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (p[i]) {
            unsigned b = 0;
            for (unsigned x = p[i]; x; x >>= 1) b++;
            return (unsigned)((n - i - 1) * 8) + b;
        }
    }
    return 0;
}

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

/* EIP-2565, exact for every declared length (saturating at UINT64_MAX,
 * which no gas reaches): a zero-length base and modulus cost the minimum
 * however long the exponent claims to be. */
uint64_t rs_pc_modexp_gas(const uint8_t *in, size_t len) {
    typedef unsigned __int128 u128;
    modexp_lens l = read_lens(in, len);
    uint64_t maxlen = l.blen > l.mlen ? l.blen : l.mlen;
    uint64_t words = maxlen / 8 + (maxlen % 8 != 0);
    u128 mc = (u128)words * words; /* words < 2^61: no overflow */
    /* the exponent's first word (or all of it when shorter) */
    uint8_t head[32];
    size_t hlen = l.elen < 32 ? (size_t)l.elen : 32;
    rs_pc_read_padded(in, len, sat_add(96, l.blen), head, hlen);
    unsigned bits = bitlen_be(head, hlen);
    u128 iter = bits > 0 ? bits - 1 : 0;
    if (l.elen > 32) iter += (u128)8 * (l.elen - 32);
    if (iter < 1) iter = 1;
    if (mc != 0 && iter > ~(u128)0 / mc) return UINT64_MAX;
    u128 g = mc * iter / 3;
    if (g > UINT64_MAX) return UINT64_MAX;
    return g < 200 ? 200 : (uint64_t)g;
}

static void import_padded(mpz_t r, const uint8_t *in, size_t len, uint64_t off, uint64_t n, uint8_t *scratch) {
    rs_pc_read_padded(in, len, off, scratch, (size_t)n);
    mpz_import(r, (size_t)n, 1, 1, 1, 0, scratch);
}

bool rs_pc_modexp(const uint8_t *in, size_t len, rs_buf *out) {
    modexp_lens l = read_lens(in, len);
    if (l.mlen == 0) return true;
    if (l.blen > RS_EVM_MODEXP_LEN_MAX || l.mlen > RS_EVM_MODEXP_LEN_MAX || l.elen > RS_EVM_MODEXP_EXP_LEN_MAX)
        return false; /* priced above 7 * 10^8 gas (limits.h): refused, not computed */
    uint64_t biggest = l.blen > l.elen ? l.blen : l.elen;
    if (l.mlen > biggest) biggest = l.mlen;
    uint8_t *scratch = rs_xcalloc((size_t)biggest + 1, 1);
    mpz_t b, e, m, r;
    mpz_inits(b, e, m, r, NULL);
    import_padded(b, in, len, 96, l.blen, scratch);
    import_padded(e, in, len, 96 + l.blen, l.elen, scratch);
    import_padded(m, in, len, 96 + l.blen + l.elen, l.mlen, scratch);
    memset(scratch, 0, (size_t)l.mlen);
    if (mpz_sgn(m) != 0) {
        mpz_powm(r, b, e, m);
        size_t rlen = (mpz_sizeinbase(r, 2) + 7) / 8;
        if (mpz_sgn(r) != 0) mpz_export(scratch + (l.mlen - rlen), NULL, 1, 1, 1, 0, r);
    }
    rs_buf_put(out, scratch, (size_t)l.mlen);
    mpz_clears(b, e, m, r, NULL);
    free(scratch);
    return true;
}
