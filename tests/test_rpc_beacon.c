/* The restake_beacon* / restake_podProofs methods on an in-memory devnet node
 * (genesis/devnet.json, offline beacon chain on): status, a deposit becoming
 * a validator, the controls and their errors, and proof calldata that the pod
 * accepts. The full pod life over HTTP is tests/devnet_pod.sh. */
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
#include "rpc/rpc.h"

#include "node_fixture.h"
#include "rpc_call.h"

static const char *EPM = "0x3cD39A99BADA1FBbFCc4102d48Eabc3fD6d2f79D";
static const char *STAKER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";


static void send_tx(rs_node *n, const char *to, const char *data, const char *value) {
    static char p[32768];
    snprintf(p, sizeof p, "[{\"from\":\"%s\",\"to\":\"%s\",\"data\":\"%s\",\"value\":\"%s\",\"gas\":\"0x1000000\"}]",
             STAKER, to, data, value);
    json_t *r = call(n, "eth_sendTransaction", p);
    json_t *h = result(r);
    char q[128];
    snprintf(q, sizeof q, "[\"%s\"]", json_string_value(h));
    json_t *rc = call(n, "eth_getTransactionReceipt", q);
    assert_string_equal(json_string_value(json_object_get(result(rc), "status")), "0x1");
    json_decref(rc);
    json_decref(r);
}

/* A block one slot after the head, so it runs a beacon epoch. */
static void next_slot(rs_node *n) {
    char p[64];
    snprintf(p, sizeof p, "[%llu]", (unsigned long long)rs_node_head(n).timestamp + 12);
    json_decref(call(n, "evm_mine", p));
}

static void stake(rs_node *n) {
    char data[1024] = "0x9b4e4634" /* stake(bytes,bytes,bytes32) */
                      "0000000000000000000000000000000000000000000000000000000000000060"
                      "00000000000000000000000000000000000000000000000000000000000000c0"
                      "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0"
                      "0000000000000000000000000000000000000000000000000000000000000030";
    for (int i = 0; i < 48; i++) strcat(data, "a1");
    strcat(data, "00000000000000000000000000000000"
                 "0000000000000000000000000000000000000000000000000000000000000060");
    for (int i = 0; i < 96; i++) strcat(data, "5e");
    send_tx(n, EPM, data, "0x1bc16d674ec800000"); /* 32 ETH */
}

static void test_status_before_any_block(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(true);
    json_t *r = call(n, "restake_beaconStatus", "[]");
    json_t *s = result(r);
    assert_true(json_is_true(json_object_get(s, "enabled")));
    assert_string_equal(json_string_value(json_object_get(s, "genesisTime")), "0x684ee180"); /* 1750000000 */
    assert_string_equal(json_string_value(json_object_get(s, "pectraForkTimestamp")), "0x684ee180");
    assert_string_equal(json_string_value(json_object_get(s, "validatorCount")), "0x0");
    assert_true(json_is_null(json_object_get(s, "latestRoot")));
    json_decref(r);
    rs_node_close(n);
}

static void test_off_without_beacon_sim(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(false);
    json_t *r = call(n, "restake_beaconStatus", "[]");
    assert_true(json_is_false(json_object_get(result(r), "enabled")));
    json_decref(r);
    r = call(n, "restake_beaconExit", "[0]");
    assert_int_equal(error_code(r), -32000);
    json_decref(r);
    /* hand-set EIP-4788 roots (conformance replays over RPC) work without it */
    const char *root = "0x1111111111111111111111111111111111111111111111111111111111111111";
    char p[256];
    snprintf(p, sizeof p, "[12345, \"%s\"]", root);
    r = call(n, "restake_setBeaconRoot", p);
    assert_true(json_is_true(result(r)));
    json_decref(r);
    r = call(n, "eth_call", "[{\"to\":\"0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02\",\"data\":"
                            "\"0x0000000000000000000000000000000000000000000000000000000000003039\"}]");
    assert_string_equal(json_string_value(result(r)), root);
    json_decref(r);
    r = call(n, "restake_setBeaconRoot", "[12345, \"0x11\"]");
    assert_int_equal(error_code(r), -32602);
    json_decref(r);
    rs_node_close(n);
}

static void test_bad_params(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(true);
    const char *cases[][2] = {
        {"restake_beaconSetBalance", "[0]"},
        {"restake_beaconSetBalance", "[\"x\", 1]"},
        {"restake_beaconSlash", "[]"},
        {"restake_beaconSlash", "[0, \"lots\"]"},
        {"restake_beaconExit", "[-1]"},
        {"restake_beaconValidators", "[\"0x12\"]"},
        {"restake_podProofs", "[\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"]"},
        {"restake_podProofs", "[\"nope\", \"credentials\"]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *r = call(n, cases[i][0], cases[i][1]);
        assert_int_equal(error_code(r), -32602);
        json_decref(r);
    }
    json_t *r = call(n, "restake_beaconExit", "[3]");
    assert_int_equal(error_code(r), -32602);
    assert_string_equal(error_message(r), "validator 3: no such validator, or it cannot do that now");
    json_decref(r);
    /* STAKER has no pod yet */
    char p[128];
    snprintf(p, sizeof p, "[\"%s\", \"credentials\"]", STAKER);
    r = call(n, "restake_podProofs", p);
    assert_int_equal(error_code(r), -32000);
    json_decref(r);
    rs_node_close(n);
}

static void test_deposit_to_credentials(void **state) {
    (void)state;
    rs_node *n = open_devnet_node(true);
    send_tx(n, EPM, "0x84d81062" /* createPod() */, "0x0");
    stake(n);
    char p[160];
    snprintf(p, sizeof p, "[\"%s\"]", STAKER);
    json_t *r = call(n, "restake_beaconValidators", p);
    json_t *v = json_array_get(result(r), 0);
    assert_int_equal(json_array_size(result(r)), 1);
    assert_string_equal(json_string_value(json_object_get(v, "status")), "pending");
    assert_string_equal(json_string_value(json_object_get(v, "balanceGwei")), "0x773594000"); /* 32e9 */
    assert_string_equal(json_string_value(json_object_get(v, "podStatus")), "inactive");
    json_decref(r);

    /* pending validators cannot be proven yet */
    snprintf(p, sizeof p, "[\"%s\", \"credentials\"]", STAKER);
    r = call(n, "restake_podProofs", p);
    assert_int_equal(error_code(r), -32000);
    json_decref(r);

    next_slot(n);
    r = call(n, "restake_podProofs", p);
    json_t *proof = result(r);
    assert_string_equal(json_string_value(json_array_get(json_object_get(proof, "validators"), 0)), "0x0");
    char beacon_ts[32];
    snprintf(beacon_ts, sizeof beacon_ts, "0x%llx", (unsigned long long)rs_node_head(n).timestamp);
    assert_string_equal(json_string_value(json_object_get(proof, "beaconTimestamp")), beacon_ts);
    /* verifyWithdrawalCredentials selector */
    assert_memory_equal(json_string_value(json_object_get(proof, "data")), "0x3f65cf19", 10);
    send_tx(n, json_string_value(json_object_get(proof, "to")), json_string_value(json_object_get(proof, "data")), "0x0");
    json_decref(r);

    snprintf(p, sizeof p, "[\"%s\"]", STAKER);
    r = call(n, "restake_beaconValidators", p);
    v = json_array_get(result(r), 0);
    assert_string_equal(json_string_value(json_object_get(v, "podStatus")), "active");
    assert_string_equal(json_string_value(json_object_get(v, "podRestakedBalanceGwei")), "0x773594000");
    json_decref(r);

    /* the controls: a slash takes the penalty and starts the exit */
    r = call(n, "restake_beaconSlash", "[0, 2000000000]");
    assert_true(json_is_true(result(r)));
    json_decref(r);
    snprintf(p, sizeof p, "[\"%s\"]", STAKER);
    r = call(n, "restake_beaconValidators", p);
    v = json_array_get(result(r), 0);
    assert_true(json_is_true(json_object_get(v, "slashed")));
    assert_string_equal(json_string_value(json_object_get(v, "status")), "exiting");
    assert_string_equal(json_string_value(json_object_get(v, "balanceGwei")), "0x6fc23ac00"); /* 30e9 */
    json_decref(r);
    rs_node_close(n);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_before_any_block),
        cmocka_unit_test(test_off_without_beacon_sim),
        cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_deposit_to_credentials),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
