/* AVSDirectory end to end through rs_call, in the world of the slashing_0001
 * vector (its addresses, chain id, version and roles): the EIP-712 digest
 * against values computed with foundry's `cast`, registration and
 * deregistration with their events, each revert with its exact bytes and in
 * the reference's order of checks, salts, the pause flag, Ownable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conformance/vector.h"
#include "protocol/avs_directory.h"
#include "protocol/delegation.h"
#include "restake/contracts.h"
#include "restake/hex.h"
#include "restake/keccak.h"
#include "test_signer.h"
#include "test_util.h"
#include "restake/router.h"

#define VECTOR "slashing_0001.json"
#define NOW 1750001572u /* the vector's first block after genesis */

/* Known answers, from cast 1.7.1 (see each test for the inputs). */
#define KA_AVS_TYPEHASH "0xda2c89bafdd34776a2b8bb9c83c82f419e20cc8c67207f70edd58249b92661bd"
#define KA_SET_TYPEHASH "0x809c5ac049c45b7a7f050a20f00c16cf63797efbf8b1eb8d749fdfa39ff8f929"
#define KA_FORCE_TYPEHASH "0x4ee65f64218c67b68da66fd0db16560040a6b973290b9e71912d661ee53fe495"
#define KA_DOMAIN "0x4e8ee323a31f9044a0dcacc56cdc7c68b5b4557e0e5cec69005af622b7645c80"
#define KA_DIGEST "0xbe4254c6676c755a1999599ed39868564e1828d1321c6f42939c224c838f9e2e"
#define KA_SIG                                                                                                     \
    "0x2419ae6367138c0c5c0efc28be9df2946266a1cb1ac6d12e33bab3205d801075353cd18ef627674c58c95cbea2204b3672ce40e3e1" \
    "3439001ad53c8f74d151081c"
#define KA_STATUS_TOPIC "0xf0952b1c65271d819d39983d2abb044b9cace59bcc4d4dd389f586ebdcb15b41"
#define KA_OWNERSHIP_TOPIC "0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0"
#define KA_SALT_HEX "0x5a17000000000000000000000000000000000000000000000000000000000001"
#define KA_EXPIRY 1750005000u

/* The operator's secret key: 0x...0a5d01 → 0xB4D755Dcf42302fcEacB4cD9c23C4610eFb36F21. */
static const uint8_t OP_SK[32] = {[29] = 0x0a, [30] = 0x5d, [31] = 0x01};
static const uint8_t OTHER_SK[32] = {[29] = 0x0b, [30] = 0x0b, [31] = 0x02};

typedef struct {
    rs_vector v;
    rs_state *st;
    rs_params p;
    rs_env e;
    rs_addr avsd, dm, op, avs, avs2, owner, pauser, unpauser;
    rs_buf ret;
} fixture;

static rs_addr H(const char *hex) {
    rs_addr a;
    assert_true(rs_addr_from_hex(&a, hex));
    return a;
}

static rs_b32 B32(const char *hex) {
    rs_b32 x;
    assert_int_equal(rs_hex_decode(hex, strlen(hex), x.b, 32), 32);
    return x;
}

static rs_b32 salt_n(uint8_t n) {
    rs_b32 s = RS_B32_ZERO;
    s.b[0] = 0x5a, s.b[1] = 0x17, s.b[31] = n;
    return s;
}

static void assert_b32_hex(rs_b32 got, const char *want) {
    rs_buf b = {0};
    rs_buf_init(&b);
    rs_buf_put(&b, got.b, 32);
    assert_buf_hex(&b, want);
    rs_buf_free(&b);
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    char err[256];
    char path[512];
    vector_path(path, sizeof path, VECTOR);
    assert_int_equal(rs_vector_load(path, &f->v, err, sizeof err), 0);
    f->p = f->v.genesis.params;
    f->st = rs_state_new();
    rs_genesis_apply(f->st, &f->v.genesis);
    rs_state_commit(f->st);
    rs_env_init(&f->e, f->st, &f->p);
    rs_router_attach(&f->e);
    f->e.block_number = 131;
    f->e.timestamp = NOW;
    f->avsd = H("0xB45f0F1bAA26D3E69bE44fB789629F41258F9006");
    f->dm = H("0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E");
    f->op = key_address(OP_SK);
    f->avs = H("0xA500000000000000000000000000000000000001");
    f->avs2 = H("0xA500000000000000000000000000000000000002");
    f->owner = H("0x000000000000000000000000000000000000E0E0");
    f->pauser = H("0x000000000000000000000000000000000000022b");
    f->unpauser = H("0x000000000000000000000000000000000000022c");
    rs_buf_init(&f->ret);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    rs_buf_free(&f->ret);
    rs_env_free(&f->e);
    rs_state_free(f->st);
    rs_vector_free(&f->v);
    free(f);
    return 0;
}

/* ---- calls ---- */

static void put_selector(rs_buf *b, const char *sig) {
    uint32_t s = rs_selector_of(sig);
    uint8_t be[4] = {(uint8_t)(s >> 24), (uint8_t)(s >> 16), (uint8_t)(s >> 8), (uint8_t)s};
    rs_buf_put(b, be, 4);
}

/* A transaction of its own: fresh logs and revert data, then rs_call. */
static int call_value(fixture *f, rs_addr from, u256 value, const rs_buf *cd) {
    rs_env_reset(&f->e);
    rs_buf_reset(&f->ret);
    return rs_call(&f->e, from, f->avsd, value, cd->p, cd->len, &f->ret);
}

static int call(fixture *f, rs_addr from, const rs_buf *cd) { return call_value(f, from, U256_ZERO, cd); }

/* A call with only static word arguments. */
static int call_words(fixture *f, rs_addr from, const char *sig, const u256 *words, size_t n) {
    rs_buf cd;
    rs_buf_init(&cd);
    put_selector(&cd, sig);
    for (size_t i = 0; i < n; i++) rs_buf_word(&cd, words[i]);
    int rc = call(f, from, &cd);
    rs_buf_free(&cd);
    return rc;
}

static u256 W(rs_addr a) { return rs_addr_to_u256(a); }

static void register_calldata(rs_buf *cd, rs_addr op, const uint8_t *sig, size_t sig_len, rs_b32 salt,
                              u256 expiry) {
    put_selector(cd, "registerOperatorToAVS(address,(bytes,bytes32,uint256))");
    rs_buf_word_addr(cd, op);
    rs_buf_word_u64(cd, 0x40);
    rs_buf_word_u64(cd, 0x60);
    rs_buf_word_b32(cd, salt);
    rs_buf_word(cd, expiry);
    rs_buf_word_u64(cd, sig_len);
    rs_buf_put(cd, sig, sig_len);
    rs_buf_zeros(cd, (32 - sig_len % 32) % 32);
}

static int register_raw(fixture *f, rs_addr avs, rs_addr op, const uint8_t *sig, size_t sig_len, rs_b32 salt,
                        u256 expiry) {
    rs_buf cd;
    rs_buf_init(&cd);
    register_calldata(&cd, op, sig, sig_len, salt, expiry);
    int rc = call(f, avs, &cd);
    rs_buf_free(&cd);
    return rc;
}

static rs_b32 digest_view(fixture *f, rs_addr op, rs_addr avs, rs_b32 salt, u256 expiry) {
    u256 a[4] = {W(op), W(avs), rs_b32_to_u256(salt), expiry};
    const char *sig = "calculateOperatorAVSRegistrationDigestHash(address,address,bytes32,uint256)";
    assert_int_equal(call_words(f, f->avs, sig, a, 4), RS_OK);
    assert_int_equal(f->ret.len, 32);
    rs_b32 d;
    memcpy(d.b, f->ret.p, 32);
    return d;
}

/* Signs the digest the contract itself reports, with the given key. */
static int register_signed(fixture *f, rs_addr avs, const uint8_t sk[32], rs_addr op, rs_b32 salt, u256 expiry) {
    uint8_t sig[65];
    sign(sk, digest_view(f, op, avs, salt, expiry), sig);
    return register_raw(f, avs, op, sig, sizeof sig, salt, expiry);
}

static int deregister(fixture *f, rs_addr avs, rs_addr op) {
    u256 a[1] = {W(op)};
    return call_words(f, avs, "deregisterOperatorFromAVS(address)", a, 1);
}

static int cancel_salt(fixture *f, rs_addr from, rs_b32 salt) {
    u256 a[1] = {rs_b32_to_u256(salt)};
    return call_words(f, from, "cancelSalt(bytes32)", a, 1);
}

static u256 word_view(fixture *f, const char *sig, const u256 *args, size_t n) {
    assert_int_equal(call_words(f, f->avs, sig, args, n), RS_OK);
    assert_int_equal(f->ret.len, 32);
    return u256_from_be(f->ret.p);
}

static uint64_t status_of(fixture *f, rs_addr avs, rs_addr op) {
    u256 a[2] = {W(avs), W(op)};
    return word_view(f, "avsOperatorStatus(address,address)", a, 2).w[0];
}

static bool salt_spent(fixture *f, rs_addr op, rs_b32 salt) {
    u256 a[2] = {W(op), rs_b32_to_u256(salt)};
    u256 v = word_view(f, "operatorSaltIsSpent(address,bytes32)", a, 2);
    assert_true(u256_lt(v, u256_from_u64(2)));
    return v.w[0] == 1;
}

static void make_operator(fixture *f, rs_addr op) {
    assert_int_equal(dm_register_as_operator(&f->e, op, RS_ADDR_ZERO, 0, (const uint8_t *)"", 0), RS_OK);
    rs_state_commit(f->st);
}

static void set_paused(fixture *f, uint64_t bits) {
    u256 a[1] = {u256_from_u64(bits)};
    const char *sig = bits ? "pause(uint256)" : "unpause(uint256)";
    assert_int_equal(call_words(f, bits ? f->pauser : f->unpauser, sig, a, 1), RS_OK);
}

static void assert_revert_hex(fixture *f, int rc, const char *want) {
    assert_int_equal(rc, RS_REVERTED);
    rs_buf b = {0};
    rs_buf_init(&b);
    rs_buf_put(&b, f->e.revert, f->e.revert_len);
    assert_buf_hex(&b, want);
    rs_buf_free(&b);
    assert_int_equal(f->e.nlogs, 0);
}

/* One log from the AVSDirectory: its topics and data as hex. */
static void assert_log(fixture *f, size_t i, const char *const *topics, size_t ntopics, const char *data_hex) {
    assert_true(i < f->e.nlogs);
    const rs_log *l = &f->e.logs[i];
    assert_memory_equal(l->address.b, f->avsd.b, 20);
    assert_int_equal(l->ntopics, ntopics);
    for (size_t t = 0; t < ntopics; t++) assert_b32_hex(l->topics[t], topics[t]);
    rs_buf b = {0};
    rs_buf_init(&b);
    rs_buf_put(&b, f->e.logdata + l->data_off, l->data_len);
    assert_buf_hex(&b, data_hex);
    rs_buf_free(&b);
}

#define OP_TOPIC "0x000000000000000000000000b4d755dcf42302fceacb4cd9c23c4610efb36f21"
#define AVS_TOPIC "0x000000000000000000000000a500000000000000000000000000000000000001"
#define WORD0 "0x0000000000000000000000000000000000000000000000000000000000000000"
#define WORD1 "0x0000000000000000000000000000000000000000000000000000000000000001"

/* ---- constants and getters ---- */

static void test_operator_key_is_the_cast_wallet(void **state) {
    fixture *f = *state;
    assert_memory_equal(f->op.b, H("0xB4D755Dcf42302fcEacB4cD9c23C4610eFb36F21").b, 20);
}

static void test_typehashes(void **state) {
    fixture *f = *state;
    assert_b32_hex(rs_b32_from_u256(word_view(f, "OPERATOR_AVS_REGISTRATION_TYPEHASH()", NULL, 0)), KA_AVS_TYPEHASH);
    assert_b32_hex(rs_b32_from_u256(word_view(f, "OPERATOR_SET_REGISTRATION_TYPEHASH()", NULL, 0)), KA_SET_TYPEHASH);
    assert_b32_hex(rs_b32_from_u256(word_view(f, "OPERATOR_SET_FORCE_DEREGISTRATION_TYPEHASH()", NULL, 0)),
                   KA_FORCE_TYPEHASH);
}

/* keccak(abi.encode(EIP712Domain typehash, keccak("EigenLayer"), keccak("1"),
 * 31337, AVSDirectory)): the major version of "1.9.0-oracle" is "1". */
static void test_domain_separator(void **state) {
    fixture *f = *state;
    assert_b32_hex(rs_b32_from_u256(word_view(f, "domainSeparator()", NULL, 0)), KA_DOMAIN);
}

static void test_address_getters_and_owner(void **state) {
    fixture *f = *state;
    assert_u256_equal(word_view(f, "delegation()", NULL, 0), W(f->dm));
    assert_u256_equal(word_view(f, "owner()", NULL, 0), W(f->owner));
    assert_u256_equal(word_view(f, "pauserRegistry()", NULL, 0), W(H("0x6835E5238831e09dd601895853eCC5A84cC7A773")));
    assert_true(u256_is_zero(word_view(f, "paused()", NULL, 0)));
}

static void test_version_string(void **state) {
    fixture *f = *state;
    assert_int_equal(call_words(f, f->avs, "version()", NULL, 0), RS_OK);
    assert_buf_hex(&f->ret,
                   "0x0000000000000000000000000000000000000000000000000000000000000020"
                   "000000000000000000000000000000000000000000000000000000000000000c"
                   "312e392e302d6f7261636c650000000000000000000000000000000000000000");
}

/* ---- digest ---- */

/* operator 0xB4D7…6F21, avs 0xA500…0001, salt 0x5a17…0001, expiry 1750005000. */
static void test_digest_known_answer(void **state) {
    fixture *f = *state;
    rs_b32 d = digest_view(f, f->op, f->avs, B32(KA_SALT_HEX), u256_from_u64(KA_EXPIRY));
    assert_b32_hex(d, KA_DIGEST);
}

/* The EIP-712 encoding built here word by word, for other arguments. */
static void test_digest_matches_hand_encoding(void **state) {
    fixture *f = *state;
    rs_b32 salt = salt_n(0x77);
    u256 expiry = D("115792089237316195423570985008687907853269984665640564039457584007913129639935");
    uint8_t s[160];
    memcpy(s, B32(KA_AVS_TYPEHASH).b, 32);
    memset(s + 32, 0, 64);
    memcpy(s + 44, f->avs2.b, 20); /* operator: any address, need not be registered */
    memcpy(s + 76, f->avs.b, 20);
    memcpy(s + 96, salt.b, 32);
    memset(s + 128, 0xff, 32);
    rs_b32 sh = rs_keccak(s, sizeof s);
    uint8_t m[66] = {0x19, 0x01};
    memcpy(m + 2, B32(KA_DOMAIN).b, 32);
    memcpy(m + 34, sh.b, 32);
    rs_b32 want = rs_keccak(m, sizeof m);
    rs_b32 got = digest_view(f, f->avs2, f->avs, salt, expiry);
    assert_memory_equal(got.b, want.b, 32);
    /* and the avs is part of it: swapping the addresses changes the digest */
    rs_b32 swapped = digest_view(f, f->avs, f->avs2, salt, expiry);
    assert_memory_not_equal(got.b, swapped.b, 32);
}

/* ---- registration ---- */

static void test_register_success(void **state) {
    fixture *f = *state;
    make_operator(f, f->op);
    rs_b32 salt = B32(KA_SALT_HEX);
    uint8_t sig[65];
    sign(OP_SK, B32(KA_DIGEST), sig);
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_put(&cd, sig, 65);
    assert_buf_hex(&cd, KA_SIG); /* RFC 6979: the same bytes as cast wallet sign --no-hash */
    rs_buf_reset(&cd);
    register_calldata(&cd, f->op, sig, 65, salt, u256_from_u64(KA_EXPIRY));
    assert_buf_hex(&cd,
                   "0x9926ee7d000000000000000000000000b4d755dcf42302fceacb4cd9c23c4610efb36f21"
                   "0000000000000000000000000000000000000000000000000000000000000040"
                   "0000000000000000000000000000000000000000000000000000000000000060"
                   "5a17000000000000000000000000000000000000000000000000000000000001"
                   "00000000000000000000000000000000000000000000000000000000684ef508"
                   "0000000000000000000000000000000000000000000000000000000000000041"
                   "2419ae6367138c0c5c0efc28be9df2946266a1cb1ac6d12e33bab3205d801075"
                   "353cd18ef627674c58c95cbea2204b3672ce40e3e13439001ad53c8f74d15108"
                   "1c00000000000000000000000000000000000000000000000000000000000000");

    assert_false(salt_spent(f, f->op, salt));
    assert_int_equal(status_of(f, f->avs, f->op), 0);
    assert_int_equal(call(f, f->avs, &cd), RS_OK);
    rs_buf_free(&cd);
    assert_int_equal(f->ret.len, 0);
    assert_int_equal(f->e.nlogs, 1);
    const char *topics[3] = {KA_STATUS_TOPIC, OP_TOPIC, AVS_TOPIC};
    assert_log(f, 0, topics, 3, WORD1);

    assert_int_equal(status_of(f, f->avs, f->op), 1);
    assert_true(salt_spent(f, f->op, salt));
    /* per AVS: the other AVS still sees the operator unregistered */
    assert_int_equal(status_of(f, f->avs2, f->op), 0);
    assert_false(salt_spent(f, f->avs, salt));
}

static void test_register_expiry_equal_to_now_is_valid(void **state) {
    fixture *f = *state;
    make_operator(f, f->op);
    assert_int_equal(register_signed(f, f->avs, OP_SK, f->op, salt_n(1), u256_from_u64(NOW)), RS_OK);
    assert_int_equal(status_of(f, f->avs, f->op), 1);
}

static void test_register_revert_bytes(void **state) {
    fixture *f = *state;
    /* not an operator in the DelegationManager */
    assert_revert_hex(f, register_signed(f, f->avs, OP_SK, f->op, salt_n(1), u256_from_u64(KA_EXPIRY)),
                      "0x9f88c8af");
    make_operator(f, f->op);
    /* expired by one second */
    assert_revert_hex(f, register_signed(f, f->avs, OP_SK, f->op, salt_n(1), u256_from_u64(NOW - 1)),
                      "0x0819bdcd");
    /* signed by another key */
    assert_revert_hex(f, register_signed(f, f->avs, OTHER_SK, f->op, salt_n(1), u256_from_u64(KA_EXPIRY)),
                      "0x8baa579f");
    /* a signature meant for another AVS */
    uint8_t sig[65];
    sign(OP_SK, digest_view(f, f->op, f->avs2, salt_n(1), u256_from_u64(KA_EXPIRY)), sig);
    assert_revert_hex(f, register_raw(f, f->avs, f->op, sig, 65, salt_n(1), u256_from_u64(KA_EXPIRY)), "0x8baa579f");
    /* a 64-byte signature (OZ 4.9 recovers only 65-byte ones) */
    assert_revert_hex(f, register_raw(f, f->avs, f->op, sig, 64, salt_n(1), u256_from_u64(KA_EXPIRY)), "0x8baa579f");
    /* failed attempts spent nothing */
    assert_false(salt_spent(f, f->op, salt_n(1)));
    assert_int_equal(status_of(f, f->avs, f->op), 0);

    assert_int_equal(register_signed(f, f->avs, OP_SK, f->op, salt_n(1), u256_from_u64(KA_EXPIRY)), RS_OK);
    /* already registered, fresh salt */
    assert_revert_hex(f, register_signed(f, f->avs, OP_SK, f->op, salt_n(2), u256_from_u64(KA_EXPIRY)),
                      "0x354a5176");
    /* the salt is spent for every AVS */
    assert_revert_hex(f, register_signed(f, f->avs2, OP_SK, f->op, salt_n(1), u256_from_u64(KA_EXPIRY)),
                      "0x35313244");
}

/* Each check is put second to the one before it by breaking both. */
static void test_register_check_order(void **state) {
    fixture *f = *state;
    rs_addr stranger = key_address(OTHER_SK);
    uint8_t junk[65] = {0};
    /* salt spent beats not-an-operator */
    assert_int_equal(cancel_salt(f, stranger, salt_n(9)), RS_OK);
    assert_revert_hex(f, register_raw(f, f->avs, stranger, junk, 65, salt_n(9), U256_ZERO), "0x35313244");
    /* not-an-operator beats expiry and signature */
    assert_revert_hex(f, register_raw(f, f->avs, stranger, junk, 65, salt_n(8), U256_ZERO), "0x9f88c8af");
    /* expiry beats a bad signature */
    make_operator(f, stranger);
    assert_revert_hex(f, register_raw(f, f->avs, stranger, junk, 65, salt_n(8), U256_ZERO), "0x0819bdcd");
    /* already-registered beats a spent salt */
    assert_int_equal(register_signed(f, f->avs, OTHER_SK, stranger, salt_n(7), u256_from_u64(KA_EXPIRY)), RS_OK);
    assert_revert_hex(f, register_raw(f, f->avs, stranger, junk, 65, salt_n(7), U256_ZERO), "0x354a5176");
    /* the pause flag beats everything */
    set_paused(f, 1);
    assert_revert_hex(f, register_raw(f, f->avs, stranger, junk, 65, salt_n(7), U256_ZERO), "0x840a48d5");
}

/* ---- deregistration ---- */

static void test_deregister(void **state) {
    fixture *f = *state;
    make_operator(f, f->op);
    assert_revert_hex(f, deregister(f, f->avs, f->op), "0x52df45c9");
    assert_int_equal(register_signed(f, f->avs, OP_SK, f->op, salt_n(1), u256_from_u64(KA_EXPIRY)), RS_OK);
    /* only the AVS that registered it can deregister it */
    assert_revert_hex(f, deregister(f, f->avs2, f->op), "0x52df45c9");

    assert_int_equal(deregister(f, f->avs, f->op), RS_OK);
    assert_int_equal(f->ret.len, 0);
    assert_int_equal(f->e.nlogs, 1);
    const char *topics[3] = {KA_STATUS_TOPIC, OP_TOPIC, AVS_TOPIC};
    assert_log(f, 0, topics, 3, WORD0);
    assert_int_equal(status_of(f, f->avs, f->op), 0);
    assert_revert_hex(f, deregister(f, f->avs, f->op), "0x52df45c9");

    /* coming back needs a fresh salt */
    assert_revert_hex(f, register_signed(f, f->avs, OP_SK, f->op, salt_n(1), u256_from_u64(KA_EXPIRY)),
                      "0x35313244");
    assert_int_equal(register_signed(f, f->avs, OP_SK, f->op, salt_n(2), u256_from_u64(KA_EXPIRY)), RS_OK);
    assert_int_equal(status_of(f, f->avs, f->op), 1);
}

/* ---- salts ---- */

static void test_cancel_salt(void **state) {
    fixture *f = *state;
    make_operator(f, f->op);
    assert_int_equal(cancel_salt(f, f->op, salt_n(3)), RS_OK);
    assert_int_equal(f->e.nlogs, 0);
    assert_int_equal(f->ret.len, 0);
    assert_true(salt_spent(f, f->op, salt_n(3)));
    assert_false(salt_spent(f, f->avs, salt_n(3)));
    assert_false(salt_spent(f, f->op, salt_n(4)));
    /* no check that it was unspent: cancelling twice succeeds */
    assert_int_equal(cancel_salt(f, f->op, salt_n(3)), RS_OK);
    assert_revert_hex(f, register_signed(f, f->avs, OP_SK, f->op, salt_n(3), u256_from_u64(KA_EXPIRY)),
                      "0x35313244");
    /* a salt cancelled by someone else is still the operator's to use */
    assert_int_equal(cancel_salt(f, f->avs, salt_n(4)), RS_OK);
    assert_int_equal(register_signed(f, f->avs, OP_SK, f->op, salt_n(4), u256_from_u64(KA_EXPIRY)), RS_OK);
}

/* ---- pausing ---- */

static void test_pause_flag(void **state) {
    fixture *f = *state;
    make_operator(f, f->op);
    assert_int_equal(register_signed(f, f->avs, OP_SK, f->op, salt_n(1), u256_from_u64(KA_EXPIRY)), RS_OK);

    /* flag 1 guards the removed operator-set functions: no effect here */
    set_paused(f, 2);
    u256 idx[1] = {U256_ZERO};
    assert_true(u256_is_zero(word_view(f, "paused(uint8)", idx, 1)));
    assert_int_equal(deregister(f, f->avs, f->op), RS_OK);

    set_paused(f, 3);
    assert_u256_equal(word_view(f, "paused(uint8)", idx, 1), U256_ONE);
    assert_u256_equal(word_view(f, "paused()", NULL, 0), u256_from_u64(3));
    assert_revert_hex(f, register_signed(f, f->avs, OP_SK, f->op, salt_n(2), u256_from_u64(KA_EXPIRY)),
                      "0x840a48d5");
    assert_revert_hex(f, deregister(f, f->avs, f->op), "0x840a48d5");
    /* neither cancelSalt nor the metadata event is pausable */
    assert_int_equal(cancel_salt(f, f->op, salt_n(5)), RS_OK);
    rs_buf cd;
    rs_buf_init(&cd);
    put_selector(&cd, "updateAVSMetadataURI(string)");
    rs_buf_word_u64(&cd, 32);
    rs_buf_word_u64(&cd, 0);
    assert_int_equal(call(f, f->avs, &cd), RS_OK);
    rs_buf_free(&cd);

    /* only a pauser may pause */
    u256 all[1] = {u256_from_u64(7)};
    assert_revert_hex(f, call_words(f, f->avs, "pause(uint256)", all, 1), "0x75df51dc");
    set_paused(f, 0);
    assert_int_equal(register_signed(f, f->avs, OP_SK, f->op, salt_n(2), u256_from_u64(KA_EXPIRY)), RS_OK);
}

/* ---- metadata ---- */

/* The AllocationManager emits the same event; slashing_0001 step 0 recorded
 * it for this URI, so topic0 and data must equal that record. */
static void test_metadata_uri_event_matches_recorded_log(void **state) {
    fixture *f = *state;
    const rs_step *s = &f->v.steps[0];
    assert_string_equal(s->function, "updateAVSMetadataURI(address,string)");
    assert_int_equal(s->nlogs, 1);
    const char uri[] = "https://example.invalid/avs";
    rs_buf cd;
    rs_buf_init(&cd);
    put_selector(&cd, "updateAVSMetadataURI(string)");
    rs_buf_word_u64(&cd, 32);
    rs_buf_word_u64(&cd, sizeof uri - 1);
    rs_buf_put(&cd, uri, sizeof uri - 1);
    rs_buf_zeros(&cd, (32 - (sizeof uri - 1) % 32) % 32);
    assert_int_equal(call(f, f->avs, &cd), RS_OK);
    rs_buf_free(&cd);
    assert_int_equal(f->e.nlogs, 1);
    const rs_log *l = &f->e.logs[0];
    assert_memory_equal(l->address.b, f->avsd.b, 20);
    assert_int_equal(l->ntopics, 2);
    assert_memory_equal(l->topics[0].b, s->logs[0].topics[0].b, 32);
    assert_memory_equal(l->topics[1].b, s->logs[0].topics[1].b, 32);
    assert_int_equal(l->data_len, s->logs[0].len);
    assert_memory_equal(f->e.logdata + l->data_off, s->logs[0].data, s->logs[0].len);
    assert_b32_hex(l->topics[0], "0xa89c1dc243d8908a96dd84944bcc97d6bc6ac00dd78e20621576be6a3c943713");
}

/* ---- Ownable, initialize, dispatch rules ---- */

#define NOT_OWNER                                                              \
    "0x08c379a0"                                                               \
    "0000000000000000000000000000000000000000000000000000000000000020"         \
    "0000000000000000000000000000000000000000000000000000000000000020"         \
    "4f776e61626c653a2063616c6c6572206973206e6f7420746865206f776e6572"

static void test_ownership(void **state) {
    fixture *f = *state;
    u256 to[1] = {W(f->avs)};
    assert_revert_hex(f, call_words(f, f->avs, "transferOwnership(address)", to, 1), NOT_OWNER);
    assert_revert_hex(f, call_words(f, f->avs, "renounceOwnership()", NULL, 0), NOT_OWNER);
    u256 zero[1] = {U256_ZERO};
    assert_revert_hex(f, call_words(f, f->owner, "transferOwnership(address)", zero, 1),
                      "0x08c379a0"
                      "0000000000000000000000000000000000000000000000000000000000000020"
                      "0000000000000000000000000000000000000000000000000000000000000026"
                      "4f776e61626c653a206e6577206f776e657220697320746865207a65726f2061"
                      "6464726573730000000000000000000000000000000000000000000000000000");

    assert_int_equal(call_words(f, f->owner, "transferOwnership(address)", to, 1), RS_OK);
    const char *topics[3] = {KA_OWNERSHIP_TOPIC, "0x000000000000000000000000000000000000000000000000000000000000e0e0",
                             AVS_TOPIC};
    assert_log(f, 0, topics, 3, "0x");
    assert_u256_equal(word_view(f, "owner()", NULL, 0), W(f->avs));

    assert_int_equal(call_words(f, f->avs, "renounceOwnership()", NULL, 0), RS_OK);
    const char *topics2[3] = {KA_OWNERSHIP_TOPIC, AVS_TOPIC, WORD0};
    assert_log(f, 0, topics2, 3, "0x");
    assert_true(u256_is_zero(word_view(f, "owner()", NULL, 0)));
}

static void test_initialize_reverts(void **state) {
    fixture *f = *state;
    u256 a[2] = {W(f->avs), U256_ZERO};
    assert_revert_hex(f, call_words(f, f->owner, "initialize(address,uint256)", a, 2),
                      "0x08c379a0"
                      "0000000000000000000000000000000000000000000000000000000000000020"
                      "000000000000000000000000000000000000000000000000000000000000002e"
                      "496e697469616c697a61626c653a20636f6e747261637420697320616c726561"
                      "647920696e697469616c697a6564000000000000000000000000000000000000");
}

static void test_dispatch_rules(void **state) {
    fixture *f = *state;
    /* non-payable */
    rs_buf cd;
    rs_buf_init(&cd);
    put_selector(&cd, "cancelSalt(bytes32)");
    rs_buf_word_b32(&cd, salt_n(1));
    assert_revert_hex(f, call_value(f, f->op, U256_ONE, &cd), "0x");
    assert_false(salt_spent(f, f->op, salt_n(1)));
    /* the operator-set functions of older releases are gone */
    rs_buf_reset(&cd);
    put_selector(&cd, "registerOperatorToOperatorSets(address,uint32[],(bytes,bytes32,uint256))");
    assert_revert_hex(f, call(f, f->avs, &cd), "0x");
    /* a signature offset past the end of calldata fails decoding */
    rs_buf_reset(&cd);
    put_selector(&cd, "registerOperatorToAVS(address,(bytes,bytes32,uint256))");
    rs_buf_word_addr(&cd, f->op);
    rs_buf_word_u64(&cd, 0x1000);
    assert_revert_hex(f, call(f, f->avs, &cd), "0x");
    rs_buf_free(&cd);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_operator_key_is_the_cast_wallet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_typehashes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_domain_separator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_address_getters_and_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_digest_known_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_digest_matches_hand_encoding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_success, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_expiry_equal_to_now_is_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_revert_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_check_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deregister, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel_salt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pause_flag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata_uri_event_matches_recorded_log, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ownership, setup, teardown),
        cmocka_unit_test_setup_teardown(test_initialize_reverts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dispatch_rules, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
