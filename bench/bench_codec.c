/* Throughput of the byte-level codecs: keccak-256 (bulk and 64-byte), ABI
 * decoding of a 10-field tuple, RLP decoding of a signed EIP-1559 transaction. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "restake/abi.h"
#include "restake/keccak.h"
#include "restake/rlp.h"

#include "bench_util.h"

static volatile uint8_t sink;

static void bench_keccak_bulk(void) {
    size_t n = 1u << 20;
    uint8_t *buf = malloc(n), out[32];
    for (size_t i = 0; i < n; i++) buf[i] = (uint8_t)i;
    int reps = 0;
    double t0 = bench_now_s(), t;
    do {
        rs_keccak256(buf, n, out);
        sink ^= out[0];
        reps++;
    } while ((t = bench_now_s() - t0) < 1.0);
    printf("keccak256 1 MiB:           %8.1f MB/s\n", (double)reps * (double)n / t / 1e6);
    free(buf);
}

static void bench_keccak_64(void) {
    uint8_t in[64] = {1}, out[32];
    long reps = 0;
    double t0 = bench_now_s(), t;
    do {
        for (int i = 0; i < 10000; i++) {
            rs_keccak256(in, 64, out);
            in[0] = out[0];
        }
        reps += 10000;
    } while ((t = bench_now_s() - t0) < 1.0);
    sink ^= in[0];
    printf("keccak256 64 bytes:        %8.1f ns/op\n", t / (double)reps * 1e9);
}

static void bench_abi_decode(void) {
    static const char *ty = "(address,uint256,bytes32,bool,uint32,address,uint64,bytes,uint256[],string)";
    rs_arena types, a;
    rs_arena_init(&types, 0);
    rs_arena_init(&a, 0);
    const abi_type *t;
    if (abi_type_parse(&types, ty, strlen(ty), &t) != ABI_OK) abort();
    static uint8_t blob[100], str[24] = "restake benchmark text!";
    memset(blob, 0xab, sizeof blob);
    abi_val v = abi_v_list(&types, ABI_TUPLE, 10);
    v.items[0] = abi_v_word(ABI_ADDRESS, (u256){{1, 2, 3, 0}});
    v.items[1] = abi_v_word(ABI_UINT, U256_MAX);
    v.items[2] = abi_v_word(ABI_BYTESN, (u256){{5, 6, 7, 8}});
    v.items[3] = abi_v_word(ABI_BOOL, U256_ONE);
    v.items[4] = abi_v_word(ABI_UINT, u256_from_u64(123456));
    v.items[5] = abi_v_word(ABI_ADDRESS, (u256){{9, 9, 9, 0}});
    v.items[6] = abi_v_word(ABI_UINT, u256_from_u64(UINT64_MAX));
    v.items[7] = abi_v_bytes(ABI_BYTES, blob, sizeof blob);
    v.items[8] = abi_v_list(&types, ABI_ARRAY, 3);
    for (int i = 0; i < 3; i++) v.items[8].items[i] = abi_v_word(ABI_UINT, u256_from_u64((uint64_t)i * 1000));
    v.items[9] = abi_v_bytes(ABI_STRING, str, 23);
    rs_buf enc;
    rs_buf_init(&enc);
    abi_encode(&enc, t, &v);
    long reps = 0;
    double t0 = bench_now_s(), el;
    do {
        for (int i = 0; i < 10000; i++) {
            abi_val out;
            abi_error err;
            if (abi_decode(&a, t, enc.p, enc.len, &out, &err) != ABI_OK) abort();
            sink ^= (uint8_t)out.items[4].word.w[0];
            rs_arena_reset(&a);
        }
        reps += 10000;
    } while ((el = bench_now_s() - t0) < 1.0);
    printf("abi_decode 10-field tuple: %8.1f ns/op (%zu bytes)\n", el / (double)reps * 1e9, enc.len);

    t0 = bench_now_s();
    reps = 0;
    do {
        for (int i = 0; i < 10000; i++) {
            rs_buf_reset(&enc);
            abi_encode(&enc, t, &v);
        }
        reps += 10000;
    } while ((el = bench_now_s() - t0) < 1.0);
    printf("abi_encode 10-field tuple: %8.1f ns/op\n", el / (double)reps * 1e9);
    rs_buf_free(&enc);
    rs_arena_free(&a);
    rs_arena_free(&types);
}

/* An EIP-1559 transaction with a transfer(address,uint256) call and a signature. */
static void bench_rlp_tx(void) {
    rs_buf body, tx;
    rs_buf_init(&body), rs_buf_init(&tx);
    uint8_t to[20], data[68], r[32], s[32];
    memset(to, 0x11, 20), memset(data, 0xab, 68), memset(r, 0x22, 32), memset(s, 0x33, 32);
    rlp_put_u64(&body, 31337);
    rlp_put_u64(&body, 7);
    rlp_put_u64(&body, 1000000000);
    rlp_put_u64(&body, 30000000000ull);
    rlp_put_u64(&body, 90000);
    rlp_put_bytes(&body, to, 20);
    rlp_put_u64(&body, 0);
    rlp_put_bytes(&body, data, 68);
    rlp_put_list(&body, NULL, 0);
    rlp_put_u64(&body, 1);
    rlp_put_bytes(&body, r, 32);
    rlp_put_bytes(&body, s, 32);
    rlp_put_list(&tx, body.p, body.len);
    rs_arena a;
    rs_arena_init(&a, 0);
    long reps = 0;
    double t0 = bench_now_s(), el;
    do {
        for (int i = 0; i < 10000; i++) {
            rlp_item it;
            uint64_t nonce;
            if (rlp_decode(&a, tx.p, tx.len, &it) != RLP_OK || rlp_to_u64(&it.items[1], &nonce) != RLP_OK) abort();
            sink ^= (uint8_t)nonce;
            rs_arena_reset(&a);
        }
        reps += 10000;
    } while ((el = bench_now_s() - t0) < 1.0);
    printf("rlp_decode signed tx:      %8.1f ns/op (%zu bytes)\n", el / (double)reps * 1e9, tx.len);
    rs_arena_free(&a);
    rs_buf_free(&body), rs_buf_free(&tx);
}

int main(void) {
    bench_keccak_bulk();
    bench_keccak_64();
    bench_abi_decode();
    bench_rlp_tx();
    return 0;
}
