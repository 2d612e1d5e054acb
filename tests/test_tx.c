/* Transactions: the EIP-155 vector of the EIP text, round trips of every
 * envelope signed by our own code, and refusal of malformed ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "chain/tx.h"
#include "restake/hex.h"
#include "restake/keccak.h"
#include "test_util.h"

static const char *EIP155_SIGNED =
    "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195"
    "fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

static size_t unhex(const char *s, uint8_t *out, size_t cap) {
    long n = rs_hex_decode(s, strlen(s), out, cap);
    assert_true(n >= 0);
    return (size_t)n;
}

static void key46(uint8_t k[32]) { memset(k, 0x46, 32); }

static void eip155_tx(rs_tx *tx) {
    rs_tx_init(tx);
    tx->type = RS_TX_LEGACY;
    tx->has_chain_id = true;
    tx->chain_id = 1;
    tx->nonce = 9;
    tx->gas_price = u256_from_u64(20000000000ull);
    tx->gas_limit = 21000;
    tx->has_to = true;
    memset(tx->to.b, 0x35, 20);
    tx->value = u256_from_u64(1000000000000000000ull);
    rs_tx_set_data(tx, NULL, 0);
}

static void test_eip155_signing_hash(void **state) {
    (void)state;
    rs_tx tx;
    eip155_tx(&tx);
    rs_b32 h = rs_tx_signing_hash(&tx);
    rs_b32 want;
    assert_true(rs_b32_from_hex(&want, "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"));
    assert_memory_equal(h.b, want.b, 32);
    rs_tx_free(&tx);
}

static void test_eip155_sign_matches_eip(void **state) {
    (void)state;
    rs_tx tx;
    uint8_t key[32];
    key46(key);
    eip155_tx(&tx);
    assert_true(rs_tx_sign(&tx, key));
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(&tx, &enc);
    uint8_t want[200];
    size_t n = unhex(EIP155_SIGNED, want, sizeof want);
    assert_int_equal(enc.len, n);
    assert_memory_equal(enc.p, want, n);
    /* the sender of key 0x46…46 */
    rs_addr from;
    assert_true(rs_addr_from_hex(&from, "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"));
    assert_memory_equal(tx.from.b, from.b, 20);
    rs_buf_free(&enc);
    rs_tx_free(&tx);
}

static void test_eip155_decode_recover(void **state) {
    (void)state;
    uint8_t raw[200];
    size_t n = unhex(EIP155_SIGNED, raw, sizeof raw);
    rs_tx tx;
    assert_int_equal(rs_tx_decode(raw, n, &tx), RS_TX_OK);
    assert_int_equal(tx.type, RS_TX_LEGACY);
    assert_int_equal(tx.chain_id, 1);
    assert_int_equal(tx.nonce, 9);
    assert_int_equal(tx.gas_limit, 21000);
    assert_int_equal(tx.y_parity, 0);
    rs_b32 h = rs_keccak(raw, n);
    assert_memory_equal(tx.hash.b, h.b, 32);
    assert_int_equal(rs_tx_recover(&tx, 1, false), RS_TX_OK);
    rs_addr from;
    assert_true(rs_addr_from_hex(&from, "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"));
    assert_memory_equal(tx.from.b, from.b, 20);
    /* another chain's node refuses it */
    assert_int_equal(rs_tx_recover(&tx, 31337, false), RS_TX_ERR_CHAIN_ID);
    rs_tx_free(&tx);
}

/* Signs, encodes, decodes, re-encodes, recovers: everything must survive. */
static void roundtrip(rs_tx *tx, uint64_t chain) {
    uint8_t key[32];
    key46(key);
    assert_true(rs_tx_sign(tx, key));
    rs_buf enc, enc2;
    rs_buf_init(&enc);
    rs_buf_init(&enc2);
    rs_tx_encode(tx, &enc);
    rs_tx d;
    assert_int_equal(rs_tx_decode(enc.p, enc.len, &d), RS_TX_OK);
    assert_int_equal(d.type, tx->type);
    assert_memory_equal(d.hash.b, tx->hash.b, 32);
    rs_tx_encode(&d, &enc2);
    assert_int_equal(enc2.len, enc.len);
    assert_memory_equal(enc2.p, enc.p, enc.len);
    assert_int_equal(rs_tx_recover(&d, chain, false), RS_TX_OK);
    assert_memory_equal(d.from.b, tx->from.b, 20);
    assert_int_equal(d.data_len, tx->data_len);
    assert_int_equal(d.nonce, tx->nonce);
    assert_u256_equal(d.value, tx->value);
    rs_tx_free(&d);
    rs_buf_free(&enc);
    rs_buf_free(&enc2);
}

static void test_1559_roundtrip(void **state) {
    (void)state;
    rs_tx tx;
    rs_tx_init(&tx);
    tx.type = RS_TX_DYNAMIC_FEE;
    tx.has_chain_id = true;
    tx.chain_id = 31337;
    tx.nonce = 300;
    tx.max_priority_fee = u256_from_u64(1000000000);
    tx.max_fee = u256_from_u64(3000000000ull);
    tx.gas_limit = 100000;
    tx.has_to = true;
    memset(tx.to.b, 0xab, 20);
    uint8_t cd[68] = {0xa9, 0x05, 0x9c, 0xbb};
    cd[67] = 7;
    rs_tx_set_data(&tx, cd, sizeof cd);
    roundtrip(&tx, 31337);
    /* hash of the typed envelope = keccak(0x02 ‖ rlp) */
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(&tx, &enc);
    assert_int_equal(enc.p[0], 2);
    rs_b32 h = rs_keccak(enc.p, enc.len);
    assert_memory_equal(h.b, tx.hash.b, 32);
    rs_buf_free(&enc);
    rs_tx_free(&tx);
}

static void test_2930_roundtrip_with_access_list(void **state) {
    (void)state;
    rs_tx tx;
    rs_tx_init(&tx);
    tx.type = RS_TX_ACCESS_LIST;
    tx.has_chain_id = true;
    tx.chain_id = 5;
    tx.nonce = 0;
    tx.gas_price = u256_from_u64(7);
    tx.gas_limit = 50000;
    tx.has_to = true;
    memset(tx.to.b, 0x11, 20);
    /* [[0x22…22, [0x33…33]]] */
    uint8_t al[2 + 1 + 1 + 20 + 1 + 1 + 32];
    size_t i = 0;
    al[i++] = 0xf8; /* outer list, 56-byte payload: long form */
    al[i++] = 56;
    al[i++] = 0xc0 + 21 + 34;     /* entry */
    al[i++] = 0x94;
    memset(al + i, 0x22, 20), i += 20;
    al[i++] = 0xc0 + 33;
    al[i++] = 0xa0;
    memset(al + i, 0x33, 32), i += 32;
    assert_int_equal(i, sizeof al);
    tx.access_list = malloc(sizeof al);
    memcpy(tx.access_list, al, sizeof al);
    tx.access_list_len = sizeof al;
    rs_tx_set_data(&tx, NULL, 0);
    roundtrip(&tx, 5);
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(&tx, &enc);
    rs_tx d;
    assert_int_equal(rs_tx_decode(enc.p, enc.len, &d), RS_TX_OK);
    assert_int_equal(d.access_list_addrs, 1);
    assert_int_equal(d.access_list_keys, 1);
    rs_tx_free(&d);
    rs_buf_free(&enc);
    rs_tx_free(&tx);
}

static void test_high_s_rejected(void **state) {
    (void)state;
    uint8_t raw[200];
    size_t n = unhex(EIP155_SIGNED, raw, sizeof raw);
    rs_tx tx;
    assert_int_equal(rs_tx_decode(raw, n, &tx), RS_TX_OK);
    /* (r, n - s, flipped parity) is the same signature's malleated twin */
    u256 order;
    assert_true(u256_from_hex(&order, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 64));
    tx.s = u256_sub_wrap(order, tx.s);
    tx.y_parity ^= 1;
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(&tx, &enc);
    rs_tx d;
    assert_int_equal(rs_tx_decode(enc.p, enc.len, &d), RS_TX_ERR_HIGH_S);
    rs_buf_free(&enc);
    rs_tx_free(&tx);
}

static void test_bad_v_rejected(void **state) {
    (void)state;
    uint8_t raw[200];
    size_t n = unhex(EIP155_SIGNED, raw, sizeof raw);
    /* v = 0x25 (37) sits right after the data field's 0x80 */
    uint8_t *v = memchr(raw + 40, 0x25, n - 40);
    assert_non_null(v);
    *v = 0x1d; /* 29: neither 27/28 nor EIP-155 */
    rs_tx tx;
    assert_int_equal(rs_tx_decode(raw, n, &tx), RS_TX_ERR_V);

    rs_tx t2;
    rs_tx_init(&t2);
    t2.type = RS_TX_DYNAMIC_FEE;
    t2.has_chain_id = true;
    t2.chain_id = 1;
    t2.gas_limit = 21000;
    rs_tx_set_data(&t2, NULL, 0);
    uint8_t key[32];
    key46(key);
    assert_true(rs_tx_sign(&t2, key));
    t2.y_parity = 2;
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(&t2, &enc);
    assert_int_equal(rs_tx_decode(enc.p, enc.len, &tx), RS_TX_ERR_V);
    rs_buf_free(&enc);
    rs_tx_free(&t2);
}

static void test_unprotected_needs_permission(void **state) {
    (void)state;
    rs_tx tx;
    eip155_tx(&tx);
    tx.has_chain_id = false;
    uint8_t key[32];
    key46(key);
    assert_true(rs_tx_sign(&tx, key));
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(&tx, &enc);
    rs_tx d;
    assert_int_equal(rs_tx_decode(enc.p, enc.len, &d), RS_TX_OK);
    assert_false(d.has_chain_id);
    assert_int_equal(rs_tx_recover(&d, 1, false), RS_TX_ERR_CHAIN_ID);
    assert_int_equal(rs_tx_recover(&d, 1, true), RS_TX_OK);
    assert_memory_equal(d.from.b, tx.from.b, 20);
    rs_tx_free(&d);
    rs_buf_free(&enc);
    rs_tx_free(&tx);
}

static void test_malformed_rlp_rejected(void **state) {
    (void)state;
    uint8_t raw[200];
    size_t n = unhex(EIP155_SIGNED, raw, sizeof raw);
    rs_tx tx;
    /* truncated */
    assert_int_equal(rs_tx_decode(raw, n - 1, &tx), RS_TX_ERR_RLP);
    /* trailing byte */
    raw[n] = 0;
    assert_int_equal(rs_tx_decode(raw, n + 1, &tx), RS_TX_ERR_RLP);
    /* unknown envelope type */
    uint8_t t3[] = {0x03, 0xc0};
    assert_int_equal(rs_tx_decode(t3, sizeof t3, &tx), RS_TX_ERR_TYPE);
    /* empty */
    assert_int_equal(rs_tx_decode(raw, 0, &tx), RS_TX_ERR_RLP);
    /* nonce 9 wrapped as 0x81 0x09 is non-canonical: rebuild list by hand */
    uint8_t nc[220];
    nc[0] = 0xf8;
    nc[1] = raw[1] + 1;
    nc[2] = 0x81;
    nc[3] = 0x09;
    memcpy(nc + 4, raw + 3, n - 3);
    assert_int_equal(rs_tx_decode(nc, n + 1, &tx), RS_TX_ERR_RLP);
    /* a list of the wrong arity */
    uint8_t short_list[] = {0xc3, 0x01, 0x02, 0x03};
    assert_int_equal(rs_tx_decode(short_list, sizeof short_list, &tx), RS_TX_ERR_FIELDS);
    /* a 19-byte `to` */
    uint8_t typed[] = {0x02, 0xc0};
    assert_int_equal(rs_tx_decode(typed, sizeof typed, &tx), RS_TX_ERR_FIELDS);
}

static void test_zero_r_rejected(void **state) {
    (void)state;
    rs_tx tx;
    eip155_tx(&tx);
    uint8_t key[32];
    key46(key);
    assert_true(rs_tx_sign(&tx, key));
    tx.r = U256_ZERO;
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(&tx, &enc);
    rs_tx d;
    assert_int_equal(rs_tx_decode(enc.p, enc.len, &d), RS_TX_ERR_SIG);
    rs_buf_free(&enc);
    rs_tx_free(&tx);
}

/* Produced by `cast mktx` (foundry 1.7.1) with anvil's account 0: our decoder
 * accepts it, recovers the right sender, and our signer (RFC 6979 as well)
 * produces the very same bytes from the same fields. */
static const char *CAST_1559 =
    "0x02f8b2827a6903843b9aca0084b2d05e00830186a0947b759530bc34393c7275cd91c84806994709790680b844a9059cbb0000000000"
    "0000000000000000000000000000000000000000000000000000420000000000000000000000000000000000000000000000000000000000"
    "000005c080a09dcd6f13363b68da6d7a95401488b27904cd163cb7ff232d41c21358833ff55aa03e663f83df00990f51d19704a6173565c3"
    "9ed7ed0adad5b8e1e5081ecf0ef071";
static const char *CAST_LEGACY =
    "0xf8ab0484b2d05e00830186a0947b759530bc34393c7275cd91c84806994709790680b844a9059cbb00000000000000000000000000000000"
    "00000000000000000000000000000042000000000000000000000000000000000000000000000000000000000000000582f4f5a0822f799b"
    "b6f0fc63041b33ac70fd9a2edfac5ddd0bfb8aee34791200f7c8be49a01aaf5e3729e11d650e34ab351ffcc1e84cb69b22abf172c0bdaeaaf3"
    "679ccdf7";

static void check_cast_tx(const char *hex, uint8_t type, uint64_t nonce) {
    uint8_t raw[400], key[32];
    size_t n = unhex(hex, raw, sizeof raw);
    rs_tx tx;
    assert_int_equal(rs_tx_decode(raw, n, &tx), RS_TX_OK);
    assert_int_equal(tx.type, type);
    assert_int_equal(tx.chain_id, 31337);
    assert_int_equal(tx.nonce, nonce);
    assert_int_equal(tx.gas_limit, 100000);
    assert_int_equal(tx.data_len, 68);
    assert_int_equal(rs_tx_recover(&tx, 31337, false), RS_TX_OK);
    rs_addr dev0;
    assert_true(rs_addr_from_hex(&dev0, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    assert_memory_equal(tx.from.b, dev0.b, 20);
    rs_tx again = tx;
    again.data = NULL;
    again.access_list = NULL;
    rs_tx_set_data(&again, tx.data, tx.data_len);
    again.access_list = malloc(tx.access_list_len);
    if (tx.access_list_len) memcpy(again.access_list, tx.access_list, tx.access_list_len);
    assert_int_equal(rs_hex_decode("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", 66, key, 32), 32);
    again.r = again.s = U256_ZERO;
    assert_true(rs_tx_sign(&again, key));
    rs_buf enc;
    rs_buf_init(&enc);
    rs_tx_encode(&again, &enc);
    assert_int_equal(enc.len, n);
    assert_memory_equal(enc.p, raw, n);
    assert_memory_equal(again.hash.b, tx.hash.b, 32);
    rs_buf_free(&enc);
    rs_tx_free(&again);
    rs_tx_free(&tx);
}

static void test_cast_transactions(void **state) {
    (void)state;
    check_cast_tx(CAST_1559, RS_TX_DYNAMIC_FEE, 3);
    check_cast_tx(CAST_LEGACY, RS_TX_LEGACY, 4);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eip155_signing_hash),
        cmocka_unit_test(test_eip155_sign_matches_eip),
        cmocka_unit_test(test_eip155_decode_recover),
        cmocka_unit_test(test_1559_roundtrip),
        cmocka_unit_test(test_2930_roundtrip_with_access_list),
        cmocka_unit_test(test_high_s_rejected),
        cmocka_unit_test(test_bad_v_rejected),
        cmocka_unit_test(test_unprotected_needs_permission),
        cmocka_unit_test(test_malformed_rlp_rejected),
        cmocka_unit_test(test_zero_r_rejected),
        cmocka_unit_test(test_cast_transactions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
