/* restake_slashImpact on an in-memory devnet node (genesis/devnet.json): a
 * redistributing operator set is built by RPC transactions (as
 * docs/cast-session.md does with cast), the impact of a 50% slash is asserted
 * against values derived by hand, then the real slash is sent and the
 * impact's figures must equal what it did. Also: the state root is untouched,
 * reverts carry the canonical revert data, bad params give -32602. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/node.h"
#include "protocol/allocation.h"
#include "protocol/allocation_internal.h"
#include "restake/abi.h"
#include "restake/env.h"
#include "rpc/rpc.h"

#include "node_fixture.h"
#include "rpc_call.h"

#define SM "0xd58da4c0A453d6E94B392c9404c96260B977B888"
#define DM "0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E"
#define AM "0xabe61708FE3b1b18B4A9fB88061d715f1bC1757c"
#define REGISTRAR "0x836F1364fd3746ebD15A005006a34C43F4AE6e43"
#define TKA "0x7b759530bc34393C7275cd91C848069947097906"
#define STRAT "0xBfab43aF3dA407a51114813d462f25017462e94a"
#define ZERO "0x0000000000000000000000000000000000000000"
#define ZERO32 "0x0000000000000000000000000000000000000000000000000000000000000000"
#define STAKER "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"    /* dev account 1 */
#define OPERATOR "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"  /* dev account 2 */
#define AVS "0x90F79bf6EB2c4f870365E785982E1f101E93b906"       /* dev account 3, and the set's slasher */
#define RECIPIENT "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" /* dev account 4 */
/* not a dev account: it sends by anvil_impersonateAccount */
#define STAKER2 "0x000000000000000000000000000000000000bEEF"
#define IDLE "0x976EA74026E726554dB657fA54763abd0C3a0aa9" /* dev account 6: no stake at all */
#define SLASHER "0x000000000000000000000000000000000000dEaD" /* set 2's slasher, impersonated */
#define BURN "0x00000000000000000000000000000000000E16E4"
#define EPM "0x3cD39A99BADA1FBbFCc4102d48Eabc3fD6d2f79D"
#define BEACON "0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0"
#define E18 "000000000000000000"


/* ---- calldata from a signature and its arguments written as JSON ---- */

/* Addresses and hex bytes as 0x strings, integers as decimal strings,
 * strings as JSON strings, arrays and tuples as JSON arrays. */
static abi_val from_json(rs_arena *a, const abi_type *t, const json_t *j) {
    abi_val v;
    memset(&v, 0, sizeof v);
    switch (t->kind) {
    case ABI_TUPLE:
        v = abi_v_list(a, ABI_TUPLE, t->count);
        for (size_t i = 0; i < t->count; i++) v.items[i] = from_json(a, t->fields[i], json_array_get(j, i));
        return v;
    case ABI_ARRAY:
        v = abi_v_list(a, ABI_ARRAY, json_array_size(j));
        for (size_t i = 0; i < v.n; i++) v.items[i] = from_json(a, t->elem, json_array_get(j, i));
        return v;
    case ABI_ADDRESS: {
        rs_addr x;
        assert_true(rs_addr_from_hex(&x, json_string_value(j)));
        return abi_v_addr(x);
    }
    case ABI_STRING:
        return abi_v_bytes(ABI_STRING, (const uint8_t *)json_string_value(j), json_string_length(j));
    case ABI_BYTES: {
        size_t len = json_string_length(j);
        uint8_t *p = rs_arena_alloc(a, len / 2 + 1);
        long got = rs_hex_decode(json_string_value(j), len, p, len / 2 + 1);
        assert_true(got >= 0);
        return abi_v_bytes(ABI_BYTES, p, (size_t)got);
    }
    case ABI_BYTESN: {
        uint8_t w[32];
        assert_int_equal(rs_hex_decode(json_string_value(j), json_string_length(j), w, 32), 32);
        return abi_v_word(ABI_BYTESN, u256_from_be(w));
    }
    default:
        return abi_v_word(t->kind, D(json_string_value(j)));
    }
}

/* "0x" selector ‖ encoding, malloc'd. */
static char *calldata(const char *sig, const char *args_json) {
    rs_arena a;
    rs_arena_init(&a, 0);
    const abi_type *t;
    assert_int_equal(abi_signature_params(&a, sig, &t), ABI_OK);
    json_t *args = json_loads(args_json, 0, NULL);
    assert_non_null(args);
    abi_val v = from_json(&a, t, args);
    rs_buf b;
    rs_buf_init(&b);
    uint32_t sel = rs_sig_selector(sig);
    uint8_t s4[4] = {(uint8_t)(sel >> 24), (uint8_t)(sel >> 16), (uint8_t)(sel >> 8), (uint8_t)sel};
    rs_buf_put(&b, s4, 4);
    abi_encode(&b, t, &v);
    char *hex = malloc(2 * b.len + 3);
    rs_hex_encode(b.p, b.len, hex);
    rs_buf_free(&b);
    json_decref(args);
    rs_arena_free(&a);
    return hex;
}

/* eth_sendTransaction of raw 0x calldata with a 0x-hex value from `from` (a
 * dev account or impersonated); the receipt must say success. */
static void send_raw(rs_node *n, const char *from, const char *to, const char *data, const char *value) {
    char *p = malloc(strlen(data) + 256);
    sprintf(p, "[{\"from\":\"%s\",\"to\":\"%s\",\"data\":\"%s\",\"value\":\"%s\"}]", from, to, data, value);
    json_t *r = call(n, "eth_sendTransaction", p);
    char q[128];
    snprintf(q, sizeof q, "[\"%s\"]", json_string_value(result(r)));
    json_t *rc = call(n, "eth_getTransactionReceipt", q);
    assert_string_equal(json_string_value(json_object_get(result(rc), "status")), "0x1");
    json_decref(rc);
    json_decref(r);
    free(p);
}

static void send(rs_node *n, const char *from, const char *to, const char *sig, const char *args) {
    char *data = calldata(sig, args);
    send_raw(n, from, to, data, "0x0");
    free(data);
}

/* Word `index` of eth_call's return, in decimal. */
static void call_word(rs_node *n, const char *to, const char *sig, const char *args, size_t index, char out[79]) {
    char *data = calldata(sig, args);
    char *p = malloc(strlen(data) + 256);
    sprintf(p, "[{\"to\":\"%s\",\"data\":\"%s\"}]", to, data);
    json_t *r = call(n, "eth_call", p);
    const char *hex = json_string_value(result(r));
    uint8_t ret[1024];
    long len = rs_hex_decode(hex, strlen(hex), ret, sizeof ret);
    assert_true(len >= (long)(32 * (index + 1)));
    u256_to_dec(u256_from_be(ret + 32 * index), out);
    json_decref(r);
    free(p);
    free(data);
}

static void mine(rs_node *n, unsigned blocks) {
    char p[32];
    snprintf(p, sizeof p, "[%u]", blocks);
    json_t *r = call(n, "anvil_mine", p);
    result(r);
    json_decref(r);
}

static char *state_root(rs_node *n) {
    json_t *r = call(n, "restake_stateRoot", "[]");
    char *s = strdup(json_string_value(result(r)));
    json_decref(r);
    return s;
}

/* ---- the scenario ---- */

/* STAKER deposits 100 TKA, STAKER2 (impersonated) 50 TKA; both delegate to
 * OPERATOR, who allocates magnitude 5e17 of 1e18 to AVS's redistributing
 * set 1 (slasher AVS, recipient RECIPIENT); then blocks are mined past the
 * allocation delay and the DelegationManager's 11-block look-back. */
static void build_scenario(rs_node *n) {
    send(n, STAKER, TKA, "approve(address,uint256)", "[\"" SM "\",\"100" E18 "\"]");
    send(n, STAKER, SM, "depositIntoStrategy(address,address,uint256)", "[\"" STRAT "\",\"" TKA "\",\"100" E18 "\"]");
    send(n, STAKER, TKA, "transfer(address,uint256)", "[\"" STAKER2 "\",\"50" E18 "\"]");
    json_decref(call(n, "anvil_setBalance", "[\"" STAKER2 "\",\"0x56bc75e2d63100000\"]")); /* 100 ETH for gas */
    json_decref(call(n, "anvil_impersonateAccount", "[\"" STAKER2 "\"]"));
    send(n, STAKER2, TKA, "approve(address,uint256)", "[\"" SM "\",\"50" E18 "\"]");
    send(n, STAKER2, SM, "depositIntoStrategy(address,address,uint256)", "[\"" STRAT "\",\"" TKA "\",\"50" E18 "\"]");
    send(n, OPERATOR, DM, "registerAsOperator(address,uint32,string)", "[\"" ZERO "\",\"1\",\"https://op.invalid\"]");
    const char *delegate = "[\"" OPERATOR "\",[\"0x\",\"0\"],\"" ZERO32 "\"]";
    send(n, STAKER, DM, "delegateTo(address,(bytes,uint256),bytes32)", delegate);
    send(n, STAKER2, DM, "delegateTo(address,(bytes,uint256),bytes32)", delegate);
    send(n, AVS, AM, "updateAVSMetadataURI(address,string)", "[\"" AVS "\",\"https://avs.invalid\"]");
    send(n, AVS, AM, "setAVSRegistrar(address,address)", "[\"" AVS "\",\"" REGISTRAR "\"]");
    send(n, AVS, AM, "createRedistributingOperatorSets(address,(uint32,address[],address)[],address[])",
         "[\"" AVS "\",[[\"1\",[\"" STRAT "\"],\"" AVS "\"]],[\"" RECIPIENT "\"]]");
    send(n, OPERATOR, AM, "registerForOperatorSets(address,(address,uint32[],bytes))",
         "[\"" OPERATOR "\",[\"" AVS "\",[\"1\"],\"0x\"]]");
    send(n, OPERATOR, AM, "modifyAllocations(address,((address,uint32),address[],uint64[])[])",
         "[\"" OPERATOR "\",[[[\"" AVS "\",\"1\"],[\"" STRAT "\"],[\"500000000000000000\"]]]]");
    mine(n, 12);
}

static json_t *impact(rs_node *n, const char *wads, const char *set_id) {
    char p[1024];
    snprintf(p, sizeof p,
             "[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":%s,\"strategies\":[\"" STRAT
             "\"],\"wadsToSlash\":%s,\"stakers\":[\"" STAKER "\",\"" STAKER2 "\",\"" IDLE "\"]}]",
             set_id, wads);
    return call(n, "restake_slashImpact", p);
}

/* Set 2 of AVS: not redistributing, its slasher SLASHER (impersonated, not
 * the AVS); OPERATOR registers and allocates magnitude 2e17 to it. */
static void add_burning_set(rs_node *n) {
    send(n, AVS, AM, "createOperatorSets(address,(uint32,address[],address)[])",
         "[\"" AVS "\",[[\"2\",[\"" STRAT "\"],\"" SLASHER "\"]]]");
    send(n, OPERATOR, AM, "registerForOperatorSets(address,(address,uint32[],bytes))",
         "[\"" OPERATOR "\",[\"" AVS "\",[\"2\"],\"0x\"]]");
    send(n, OPERATOR, AM, "modifyAllocations(address,((address,uint32),address[],uint64[])[])",
         "[\"" OPERATOR "\",[[[\"" AVS "\",\"2\"],[\"" STRAT "\"],[\"200000000000000000\"]]]]");
    json_decref(call(n, "anvil_setBalance", "[\"" SLASHER "\",\"0x56bc75e2d63100000\"]"));
    json_decref(call(n, "anvil_impersonateAccount", "[\"" SLASHER "\"]"));
    mine(n, 12);
}

static const char *field(const json_t *o, const char *key) {
    const json_t *v = json_object_get(o, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static const json_t *staker_row(const json_t *res, size_t k) {
    const json_t *s = json_array_get(json_object_get(res, "stakers"), k);
    assert_non_null(s);
    return json_array_get(json_object_get(s, "strategies"), 0);
}

/* Operator shares 150e18 (100e18 + 50e18 at an exchange rate of 1); a 50%
 * slash of magnitude 5e17 takes ceil(5e17 * 0.5) = 2.5e17, so the max
 * magnitude falls 1e18 → 7.5e17 and the slashed shares are
 * 150e18 - 150e18 * 7.5e17 / 1e18 = 37.5e18, worth 37.5 TKA (the strategy
 * holds 150 TKA for 150e18 shares, plus 1e3 virtual of each). Each staker
 * keeps 3/4: 100e18 → 75e18, 50e18 → 37.5e18. */
static void assert_half_slash(const json_t *res) {
    assert_string_equal(field(res, "slashId"), "1");
    assert_string_equal(field(res, "slasher"), AVS);
    assert_string_equal(field(res, "operator"), OPERATOR);
    assert_int_equal(json_array_size(json_object_get(res, "strategies")), 1);
    const json_t *s = json_array_get(json_object_get(res, "strategies"), 0);
    assert_string_equal(field(s, "strategy"), STRAT);
    assert_string_equal(field(s, "operatorSharesBefore"), "150" E18);
    assert_string_equal(field(s, "operatorSharesAfter"), "112500000000000000000");
    assert_string_equal(field(s, "slashedShares"), "37500000000000000000");
    assert_string_equal(field(s, "slashedUnderlying"), "37500000000000000000");
    assert_string_equal(field(s, "destination"), RECIPIENT);
    assert_true(json_is_true(json_object_get(s, "redistributing")));
    assert_int_equal(json_array_size(json_object_get(res, "stakers")), 3);
    assert_string_equal(field(json_array_get(json_object_get(res, "stakers"), 1), "staker"), STAKER2);
    const char *want[3][3] = {{"100" E18, "75" E18, "25" E18},
                              {"50" E18, "37500000000000000000", "12500000000000000000"},
                              {"0", "0", "0"}};
    for (size_t k = 0; k < 3; k++) {
        const json_t *row = staker_row(res, k);
        assert_string_equal(field(row, "strategy"), STRAT);
        assert_string_equal(field(row, "withdrawableBefore"), want[k][0]);
        assert_string_equal(field(row, "withdrawableAfter"), want[k][1]);
        assert_string_equal(field(row, "underlyingLost"), want[k][2]);
    }
}

/* The real slash, sent by `slasher` with the wad the impact was asked
 * about, must do exactly what the impact said it would. */
static void assert_real_slash_matches(rs_node *n, const char *slasher, const char *set_id, const char *wad,
                                      const json_t *res) {
    char args[512], got[79];
    snprintf(args, sizeof args, "[\"" AVS "\",[\"" OPERATOR "\",\"%s\",[\"" STRAT "\"],[\"%s\"],\"real\"]]", set_id,
             wad);
    send(n, slasher, AM, "slashOperator(address,(address,uint32,address[],uint256[],string))", args);
    const char *stakers[3] = {STAKER, STAKER2, IDLE};
    for (size_t k = 0; k < 3; k++) {
        snprintf(args, sizeof args, "[\"%s\",[\"" STRAT "\"]]", stakers[k]);
        /* (uint256[] withdrawable, uint256[] deposit): heads, then [len, w] */
        call_word(n, DM, "getWithdrawableShares(address,address[])", args, 3, got);
        assert_string_equal(got, field(staker_row(res, k), "withdrawableAfter"));
    }
    const json_t *s = json_array_get(json_object_get(res, "strategies"), 0);
    /* (address[] strategies, uint256[] shares) of the slash the impact named */
    snprintf(args, sizeof args, "[[\"" AVS "\",\"%s\"],\"%s\"]", set_id, field(res, "slashId"));
    call_word(n, SM, "getBurnOrRedistributableShares((address,uint32),uint256)", args, 5, got);
    assert_string_equal(got, field(s, "slashedShares"));
    call_word(n, DM, "operatorShares(address,address)", "[\"" OPERATOR "\",\"" STRAT "\"]", 0, got);
    assert_string_equal(got, field(s, "operatorSharesAfter"));
}

static void test_half_slash_is_exact_and_leaves_no_trace(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(false);
    build_scenario(n);
    char *root = state_root(n);
    json_t *r = impact(n, "[\"500000000000000000\"]", "1");
    assert_half_slash(result(r));
    char *after = state_root(n);
    assert_string_equal(after, root);
    /* asked twice, the answer is the same: the first left nothing behind */
    json_t *again = impact(n, "[\"0x6f05b59d3b20000\"]", "\"1\"");
    assert_half_slash(result(again));
    assert_real_slash_matches(n, AVS, "1", "500000000000000000", result(r));
    char *slashed = state_root(n);
    assert_string_not_equal(slashed, root);
    json_decref(again);
    json_decref(r);
    free(root);
    free(after);
    free(slashed);
    rs_node_close(n);
}

/* A 25% slash of set 2's 2e17: ceil(2e17 * 0.25) = 5e16, max magnitude
 * 1e18 → 9.5e17, so 150e18 → 142.5e18 operator shares (7.5e18 slashed) and
 * each staker keeps 95%; the shares are bound for the burn address. Only
 * set 2's slasher may slash: run as anyone else it would revert. */
static void test_burning_set_with_its_own_slasher(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(false);
    build_scenario(n);
    add_burning_set(n);
    char *root = state_root(n);
    json_t *r = impact(n, "[\"250000000000000000\"]", "2");
    const json_t *res = result(r);
    assert_string_equal(field(res, "slasher"), SLASHER);
    assert_string_equal(field(res, "slashId"), "1");
    const json_t *s = json_array_get(json_object_get(res, "strategies"), 0);
    assert_string_equal(field(s, "operatorSharesBefore"), "150" E18);
    assert_string_equal(field(s, "operatorSharesAfter"), "142500000000000000000");
    assert_string_equal(field(s, "slashedShares"), "7500000000000000000");
    assert_string_equal(field(s, "slashedUnderlying"), "7500000000000000000");
    assert_string_equal(field(s, "destination"), BURN);
    assert_true(json_is_false(json_object_get(s, "redistributing")));
    const char *want[3][3] = {{"100" E18, "95" E18, "5" E18}, {"50" E18, "47500000000000000000", "2500000000000000000"},
                              {"0", "0", "0"}};
    for (size_t k = 0; k < 3; k++) {
        assert_string_equal(field(staker_row(res, k), "withdrawableBefore"), want[k][0]);
        assert_string_equal(field(staker_row(res, k), "withdrawableAfter"), want[k][1]);
        assert_string_equal(field(staker_row(res, k), "underlyingLost"), want[k][2]);
    }
    char *after = state_root(n);
    assert_string_equal(after, root);
    assert_real_slash_matches(n, SLASHER, "2", "250000000000000000", res);
    json_decref(r);
    free(root);
    free(after);
    rs_node_close(n);
}

/* STAKER restakes one 32 ETH validator (offline beacon chain: stake, a
 * slot, verifyWithdrawalCredentials from restake_podProofs) and delegates to
 * OPERATOR, who allocates 5e17 of its beacon-chain ETH magnitude to AVS's
 * set 3 (not redistributing; beacon-chain ETH may not join one). */
static void build_beacon_scenario(rs_node *n) {
    send_raw(n, STAKER, EPM, "0x84d81062" /* createPod() */, "0x0");
    /* pubkey 0xa1 x 48, signature 0x5e x 96, deposit data root 0xd0 x 32 */
    char args[512] = "[\"0x";
    for (int i = 0; i < 48; i++) strcat(args, "a1");
    strcat(args, "\",\"0x");
    for (int i = 0; i < 96; i++) strcat(args, "5e");
    strcat(args, "\",\"0x");
    for (int i = 0; i < 32; i++) strcat(args, "d0");
    strcat(args, "\"]");
    char *stake = calldata("stake(bytes,bytes,bytes32)", args);
    send_raw(n, STAKER, EPM, stake, "0x1bc16d674ec800000"); /* 32 ETH */
    free(stake);
    char p[64];
    /* a block one slot later runs a beacon epoch: the validator activates */
    snprintf(p, sizeof p, "[%llu]", (unsigned long long)rs_node_head(n).timestamp + 12);
    json_decref(call(n, "evm_mine", p));
    json_t *r = call(n, "restake_podProofs", "[\"" STAKER "\",\"credentials\"]");
    json_t *proof = result(r);
    send_raw(n, STAKER, json_string_value(json_object_get(proof, "to")),
             json_string_value(json_object_get(proof, "data")), "0x0");
    json_decref(r);
    send(n, OPERATOR, DM, "registerAsOperator(address,uint32,string)", "[\"" ZERO "\",\"1\",\"https://op.invalid\"]");
    send(n, STAKER, DM, "delegateTo(address,(bytes,uint256),bytes32)",
         "[\"" OPERATOR "\",[\"0x\",\"0\"],\"" ZERO32 "\"]");
    send(n, AVS, AM, "updateAVSMetadataURI(address,string)", "[\"" AVS "\",\"https://avs.invalid\"]");
    send(n, AVS, AM, "setAVSRegistrar(address,address)", "[\"" AVS "\",\"" REGISTRAR "\"]");
    send(n, AVS, AM, "createOperatorSets(address,(uint32,address[],address)[])",
         "[\"" AVS "\",[[\"3\",[\"" BEACON "\"],\"" AVS "\"]]]");
    send(n, OPERATOR, AM, "registerForOperatorSets(address,(address,uint32[],bytes))",
         "[\"" OPERATOR "\",[\"" AVS "\",[\"3\"],\"0x\"]]");
    send(n, OPERATOR, AM, "modifyAllocations(address,((address,uint32),address[],uint64[])[])",
         "[\"" OPERATOR "\",[[[\"" AVS "\",\"3\"],[\"" BEACON "\"],[\"500000000000000000\"]]]]");
    mine(n, 12);
}

/* 32e18 beacon shares (one per wei); a 50% slash of the 5e17 allocation takes
 * 2.5e17 magnitude: 32e18 → 24e18, 8e18 shares = 8 ETH bound for burning in
 * the EigenPodManager (burnableETHShares), reported as wei. */
static void test_beacon_chain_eth(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(true);
    build_beacon_scenario(n);
    char *root = state_root(n);
    json_t *r = call(n, "restake_slashImpact",
                     "[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":3,\"strategies\":[\"" BEACON
                     "\"],\"wadsToSlash\":[\"500000000000000000\"],\"stakers\":[\"" STAKER "\"]}]");
    const json_t *res = result(r);
    const json_t *s = json_array_get(json_object_get(res, "strategies"), 0);
    assert_string_equal(field(s, "operatorSharesBefore"), "32" E18);
    assert_string_equal(field(s, "operatorSharesAfter"), "24" E18);
    assert_string_equal(field(s, "slashedShares"), "8" E18);
    assert_string_equal(field(s, "slashedUnderlying"), "8" E18);
    assert_string_equal(field(s, "destination"), BURN);
    assert_true(json_is_false(json_object_get(s, "redistributing")));
    assert_string_equal(field(staker_row(res, 0), "withdrawableBefore"), "32" E18);
    assert_string_equal(field(staker_row(res, 0), "withdrawableAfter"), "24" E18);
    assert_string_equal(field(staker_row(res, 0), "underlyingLost"), "8" E18);
    char *after = state_root(n);
    assert_string_equal(after, root);

    send(n, AVS, AM, "slashOperator(address,(address,uint32,address[],uint256[],string))",
         "[\"" AVS "\",[\"" OPERATOR "\",\"3\",[\"" BEACON "\"],[\"500000000000000000\"],\"real\"]]");
    char got[79];
    call_word(n, EPM, "burnableETHShares()", "[]", 0, got);
    assert_string_equal(got, field(s, "slashedShares"));
    call_word(n, DM, "getWithdrawableShares(address,address[])", "[\"" STAKER "\",[\"" BEACON "\"]]", 3, got);
    assert_string_equal(got, field(staker_row(res, 0), "withdrawableAfter"));
    call_word(n, DM, "operatorShares(address,address)", "[\"" OPERATOR "\",\"" BEACON "\"]", 0, got);
    assert_string_equal(got, field(s, "operatorSharesAfter"));
    json_decref(r);
    free(root);
    free(after);
    rs_node_close(n);
}

static void assert_revert(rs_node *n, const char *wads, const char *error_sig) {
    char *root = state_root(n);
    json_t *r = impact(n, wads, "1");
    assert_int_equal(error_code(r), 3);
    assert_string_equal(error_message(r), "execution reverted");
    char want[11];
    uint32_t sel = rs_sig_selector(error_sig);
    snprintf(want, sizeof want, "0x%08x", sel);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "data")), want);
    char *after = state_root(n);
    assert_string_equal(after, root);
    json_decref(r);
    free(root);
    free(after);
}

static void test_reverts_carry_canonical_data(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(false);
    build_scenario(n);
    assert_revert(n, "[\"0\"]", "InvalidWadToSlash()");
    assert_revert(n, "[\"1000000000000000001\"]", "InvalidWadToSlash()");
    /* lengths are the protocol's to check, with its own error */
    assert_revert(n, "[\"1\",\"2\"]", "InputArrayLengthMismatch()");
    rs_node_close(n);
}

static void test_unknown_set(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(false);
    build_scenario(n);
    json_t *r = impact(n, "[\"500000000000000000\"]", "7");
    assert_int_equal(error_code(r), -32000);
    assert_string_equal(error_message(r), "unknown operator set: avs " AVS " has no operator set 7");
    assert_null(json_object_get(json_object_get(r, "error"), "data"));
    json_decref(r);
    rs_node_close(n);
}

/* A set created before the slasher upgrade has none until migrateSlashers:
 * emulated by clearing set 1's slasher record in the live state. */
static void test_set_without_slasher(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(false);
    build_scenario(n);
    am_opset set = {.id = 1};
    assert_true(rs_addr_from_hex(&set.avs, AVS));
    pthread_mutex_lock(&n->lock);
    am_slasher_store(n->st, set, (am_slasher_params){.effect_block = 0});
    pthread_mutex_unlock(&n->lock);
    json_t *r = impact(n, "[\"500000000000000000\"]", "1");
    assert_int_equal(error_code(r), -32000);
    assert_string_equal(error_message(r), "operator set (" AVS ", 1) has no slasher");
    json_decref(r);
    rs_node_close(n);
}

static void test_malformed_params(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(false);
    const char *ok_tail = "\"strategies\":[\"" STRAT "\"],\"wadsToSlash\":[\"1\"]";
    const char *cases[][2] = {
        {"[]", "invalid params: expected one object {operator, avs, operatorSetId, strategies, wadsToSlash, "
               "stakers?}"},
        {"[{}]", "invalid params: operator: missing"},
        {"[{\"operator\":\"0x12\"}]", "invalid params: operator: not a 0x-prefixed 20-byte address"},
        {"[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":4294967296,%s}]",
         "invalid params: operatorSetId: not a uint32"},
        {"[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":-1,%s}]",
         "invalid params: operatorSetId: not a uint32"},
        {"[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":1,\"strategies\":\"x\","
         "\"wadsToSlash\":[]}]",
         "invalid params: strategies: not an array"},
        {"[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":1,\"strategies\":[\"" STRAT
         "\",7],\"wadsToSlash\":[]}]",
         "invalid params: strategies[1]: not a 0x-prefixed 20-byte address"},
        {"[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":1,\"strategies\":[],"
         "\"wadsToSlash\":[\"5e17\"]}]",
         "invalid params: wadsToSlash[0]: not a uint256 (a decimal or 0x-hex string)"},
        {"[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":1,\"strategies\":[],"
         "\"wadsToSlash\":[\"1157920892373161954235709850086879078532699846656405640394575840079131296399360\"]}]",
         "invalid params: wadsToSlash[0]: not a uint256 (a decimal or 0x-hex string)"},
        {"[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":1,%s,\"stakers\":[\"0x\"]}]",
         "invalid params: stakers[0]: not a 0x-prefixed 20-byte address"},
        {"[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":1,%s,\"staker\":[]}]",
         "invalid params: unknown field \"staker\""},
    };
    char *root = state_root(n);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char p[1024];
        snprintf(p, sizeof p, cases[i][0], ok_tail);
        json_t *r = call(n, "restake_slashImpact", p);
        assert_int_equal(error_code(r), -32602);
        assert_string_equal(error_message(r), cases[i][1]);
        json_decref(r);
    }
    char *after = state_root(n);
    assert_string_equal(after, root);
    free(root);
    free(after);
    rs_node_close(n);
}

/* ---- the risk reports (docs/risk.md) on the same scenarios ---- */

static const char *sfield(const json_t *o, const char *key) {
    const json_t *v = json_object_get(o, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static char *lower(const char *a) {
    char *s = strdup(a);
    for (char *p = s; *p; p++)
        if (*p >= 'A' && *p <= 'F') *p = (char)(*p - 'A' + 'a');
    return s;
}

/* Beacon-chain ETH: 32e18 shares (one per wei), no token, burned even by
 * a redistributing set; 5e17 of 1e18 allocated to set 3, so a 100% slash
 * takes 16e18 shares: what the real slash then takes. The what-if of a 50%
 * slash agrees with restake_slashImpact's execution of it. */
static void test_risk_reports_beacon_chain_eth(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(true);
    build_beacon_scenario(n);
    char *beacon = lower(BEACON), *op = lower(OPERATOR);
    json_t *r = call(n, "restake_riskStaker", "[\"" STAKER "\"]");
    const json_t *rep = result(r);
    assert_string_equal(sfield(rep, "operator"), op);
    const json_t *h = json_array_get(json_object_get(rep, "strategies"), 0);
    assert_string_equal(sfield(h, "strategy"), beacon);
    assert_true(json_is_null(json_object_get(h, "token")));
    assert_int_equal(json_integer_value(json_object_get(h, "decimals")), 18);
    assert_string_equal(sfield(h, "withdrawableShares"), "32" E18);
    assert_string_equal(sfield(h, "tokens"), "32" E18);
    const json_t *x = json_array_get(json_object_get(h, "exposures"), 0);
    assert_int_equal(json_integer_value(json_object_get(x, "operatorSetId")), 3);
    assert_string_equal(sfield(x, "slashableWad"), "500000000000000000");
    assert_string_equal(sfield(x, "slashableShares"), "16" E18);
    assert_string_equal(sfield(x, "slashableTokens"), "16" E18);
    assert_string_equal(sfield(x, "destination"), "burn");

    json_t *w = call(n, "restake_riskWhatIf",
                     "[{\"avs\":\"" AVS "\",\"operatorSetId\":3,\"slashes\":[{\"operator\":\"" OPERATOR
                     "\",\"strategies\":[\"" BEACON "\"],\"wads\":[\"500000000000000000\"]}]}]");
    json_t *imp = call(n, "restake_slashImpact",
                       "[{\"operator\":\"" OPERATOR "\",\"avs\":\"" AVS "\",\"operatorSetId\":3,\"strategies\":[\"" BEACON
                       "\"],\"wadsToSlash\":[\"500000000000000000\"],\"stakers\":[\"" STAKER "\"]}]");
    const json_t *wo = json_array_get(json_object_get(result(w), "operators"), 0);
    const json_t *is = json_array_get(json_object_get(result(imp), "strategies"), 0);
    assert_string_equal(sfield(wo, "slashedShares"), sfield(is, "slashedShares"));
    assert_string_equal(sfield(wo, "operatorSharesAfter"), sfield(is, "operatorSharesAfter"));
    const json_t *ws = json_array_get(json_object_get(result(w), "stakers"), 0);
    assert_string_equal(sfield(ws, "sharesAfter"), sfield(staker_row(result(imp), 0), "withdrawableAfter"));
    assert_string_equal(sfield(ws, "lost"), sfield(staker_row(result(imp), 0), "underlyingLost"));
    json_decref(w);
    json_decref(imp);

    send(n, AVS, AM, "slashOperator(address,(address,uint32,address[],uint256[],string))",
         "[\"" AVS "\",[\"" OPERATOR "\",\"3\",[\"" BEACON "\"],[\"1000000000000000000\"],\"all\"]]");
    char got[79];
    call_word(n, DM, "getWithdrawableShares(address,address[])", "[\"" STAKER "\",[\"" BEACON "\"]]", 3, got);
    assert_string_equal(got, "16" E18); /* 32e18 less the 16e18 the report said a 100% slash takes */
    json_decref(r);
    free(beacon);
    free(op);
    rs_node_close(n);
}

/* The redistributing scenario: the what-if of the node equals
 * restake_slashImpact's executed slash, figure for figure. */
static void test_risk_whatif_equals_slash_impact(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(false);
    build_scenario(n);
    json_t *w = call(n, "restake_riskWhatIf",
                     "[{\"avs\":\"" AVS "\",\"operatorSetId\":1,\"slashes\":[{\"operator\":\"" OPERATOR
                     "\",\"strategies\":[\"" STRAT "\"],\"wads\":[\"500000000000000000\"]}]}]");
    json_t *imp = impact(n, "[\"500000000000000000\"]", "1");
    const json_t *wr = result(w), *ir = result(imp);
    const json_t *wo = json_array_get(json_object_get(wr, "operators"), 0);
    const json_t *is = json_array_get(json_object_get(ir, "strategies"), 0);
    assert_string_equal(sfield(wo, "operatorSharesBefore"), sfield(is, "operatorSharesBefore"));
    assert_string_equal(sfield(wo, "operatorSharesAfter"), sfield(is, "operatorSharesAfter"));
    assert_string_equal(sfield(wo, "slashedShares"), sfield(is, "slashedShares"));
    const json_t *dest = json_object_get(wr, "destination");
    char *rec = lower(RECIPIENT);
    assert_string_equal(sfield(dest, "address"), rec);
    assert_string_equal(sfield(json_array_get(json_object_get(dest, "byStrategy"), 0), "tokens"),
                        sfield(is, "slashedUnderlying"));
    /* stakers: STAKER and STAKER2 in address order (0x0000…beef first) */
    const json_t *st = json_object_get(wr, "stakers");
    assert_int_equal(json_array_size(st), 2);
    assert_string_equal(sfield(json_array_get(st, 0), "sharesAfter"), sfield(staker_row(ir, 1), "withdrawableAfter"));
    assert_string_equal(sfield(json_array_get(st, 1), "sharesAfter"), sfield(staker_row(ir, 0), "withdrawableAfter"));
    assert_string_equal(sfield(json_array_get(st, 1), "lost"), sfield(staker_row(ir, 0), "underlyingLost"));
    free(rec);
    json_decref(w);
    json_decref(imp);
    rs_node_close(n);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half_slash_is_exact_and_leaves_no_trace),
        cmocka_unit_test(test_burning_set_with_its_own_slasher),
        cmocka_unit_test(test_beacon_chain_eth),
        cmocka_unit_test(test_reverts_carry_canonical_data),
        cmocka_unit_test(test_unknown_set),
        cmocka_unit_test(test_set_without_slasher),
        cmocka_unit_test(test_malformed_params),
        cmocka_unit_test(test_risk_reports_beacon_chain_eth),
        cmocka_unit_test(test_risk_whatif_equals_slash_impact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
