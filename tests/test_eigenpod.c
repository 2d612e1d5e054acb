/* EigenPodManager / EigenPod through the protocol API, with an in-test
 * beacon chain whose states are built and proven by beacon_proofs:
 * pod creation, share accounting (incl. negative legacy balances), the
 * system contracts, and the walkthrough of DualSlashingEdgeCase.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "protocol/allocation.h"
#include "devnet/beacon_sim.h"
#include "protocol/beacon_chain.h"
#include "protocol/beacon_proofs.h"
#include "protocol/delegation.h"
#include "protocol/eigenpod.h"
#include "restake/contracts.h"
#include "restake/genesis.h"
#include "restake/hex.h"
#include "restake/keccak.h"
#include "file_util.h"
#include "restake/router.h"
#include "test_util.h"

#define ETH(x) u256_mul_wrap(u256_from_u64(x), u256_from_u64(1000000000000000000ULL))
#define GWEI_PER_ETH 1000000000ULL
#define MAX_VALIDATORS 16

static rs_addr addr(uint32_t tag) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[0] = (uint8_t)(tag >> 24);
    a.b[1] = (uint8_t)(tag >> 16);
    a.b[18] = (uint8_t)(tag >> 8);
    a.b[19] = (uint8_t)tag;
    return a;
}

typedef struct {
    uint8_t pubkey[48];
    rs_b32 creds;
    uint64_t effective_gwei, balance_gwei;
    bool slashed;
    uint64_t exit_epoch;
} sim_validator;

typedef struct {
    rs_state *st;
    rs_params p;
    rs_env e;
    rs_addr owner, setter, avs;
    sim_validator v[MAX_VALIDATORS];
    size_t nv;
    bp_state last; /* the most recently published beacon state */
    bool have_last;
} world;

static void mine(world *w, unsigned blocks) {
    w->e.block_number += blocks;
    w->e.timestamp += 12ULL * blocks;
}

static void world_init(world *w) {
    memset(w, 0, sizeof *w);
    w->st = rs_state_new();
    rs_params_defaults(&w->p);
    w->p.chain_id = 31337;
    w->p.delegation_manager = addr(0xd0000001);
    w->p.strategy_manager = addr(0xd0000002);
    w->p.allocation_manager = addr(0xd0000003);
    w->p.permission_controller = addr(0xd0000004);
    w->p.eigen_pod_manager = addr(0xd0000005);
    w->p.pauser_registry = addr(0xd0000006);
    w->p.eigen_pod_beacon = addr(0xd0000007);
    w->p.mock_avs_registrar = addr(0xd0000008);
    w->p.min_withdrawal_delay_blocks = 50;
    w->p.deallocation_delay = 50;
    w->p.allocation_configuration_delay = 75;
    w->p.slasher_configuration_delay = 75;
    for (int i = 0; i < 32; i++) w->p.pod_proxy_init_code_hash.b[i] = (uint8_t)(0x30 + i);
    w->owner = addr(0xe0e0);
    w->setter = addr(0x7e01);
    w->avs = addr(0xa5000001);

    rs_genesis g;
    memset(&g, 0, sizeof g);
    g.params = w->p;
    g.owner = w->owner;
    g.eigen_pod_manager_owner = w->owner;
    g.proof_timestamp_setter = w->setter;
    rs_genesis_apply(w->st, &g);
    rs_env_init(&w->e, w->st, &w->p);
    rs_router_attach(&w->e);
    w->e.block_number = 50;
    w->e.timestamp = 1750000000;
}

static void world_free(world *w) {
    if (w->have_last) bp_state_free(&w->last);
    rs_env_free(&w->e);
    rs_state_free(w->st);
}

/* ---- the in-test beacon chain ---- */

static size_t sim_add_validator(world *w, rs_addr pod, uint64_t gwei) {
    assert_true(w->nv < MAX_VALIDATORS);
    sim_validator *v = &w->v[w->nv];
    memset(v, 0, sizeof *v);
    for (int i = 0; i < 48; i++) v->pubkey[i] = (uint8_t)(0x80 + w->nv + i);
    v->creds.b[0] = 1;
    memcpy(v->creds.b + 12, pod.b, 20);
    v->effective_gwei = gwei;
    v->balance_gwei = gwei;
    v->exit_epoch = BP_FAR_FUTURE_EPOCH;
    return w->nv++;
}

static void sim_fields(const sim_validator *v, rs_b32 out[8]) {
    bp_validator bv = {v->pubkey, v->creds, v->effective_gwei, v->slashed, 0, 1, v->exit_epoch,
                       v->exit_epoch == BP_FAR_FUTURE_EPOCH ? BP_FAR_FUTURE_EPOCH : v->exit_epoch + 256};
    bp_validator_fields(&bv, out);
}

/* Builds the beacon state of now and publishes its block root for timestamp ts (a `beaconRoot` step). */
static void sim_publish(world *w, uint64_t ts) {
    rs_b32 (*fields)[8] = calloc(w->nv ? w->nv : 1, sizeof *fields);
    uint64_t bal[MAX_VALIDATORS];
    for (size_t i = 0; i < w->nv; i++) {
        sim_fields(&w->v[i], fields[i]);
        bal[i] = w->v[i].balance_gwei;
    }
    if (w->have_last) bp_state_free(&w->last);
    bp_state_input in = {BP_PECTRA, ts / 12, 3, {{0x11}}, {{0x22}}, (const rs_b32(*)[8])fields, bal, w->nv, {{0}}};
    assert_true(bp_state_build(&w->last, &in));
    w->have_last = true;
    free(fields);
    beacon_set_root(w->st, ts, w->last.block_root);
}

static rs_addr pod_of(world *w, rs_addr owner) { return epm_owner_to_pod(&w->e, owner); }

static void stake(world *w, rs_addr owner, uint64_t gwei) {
    rs_env_reset(&w->e);
    assert_true(rs_eth_transfer(w->st, owner, w->p.eigen_pod_manager, ETH(32)));
    uint8_t pk[48] = {0}, sig[96] = {0};
    assert_int_equal(epm_stake(&w->e, owner, ETH(32), pk, 48, sig, 96, RS_B32_ZERO), RS_OK);
    sim_add_validator(w, pod_of(w, owner), gwei);
}

/* verifyWithdrawalCredentials for the given validators against a state published now. */
static int verify_creds(world *w, rs_addr owner, const size_t *idx, size_t n) {
    mine(w, 1);
    sim_publish(w, w->e.timestamp);
    rs_env_reset(&w->e);
    uint8_t srp_proof[96];
    bp_prove_state_root(&w->last, srp_proof);
    pod_state_root_proof srp = {w->last.state_root, srp_proof, sizeof srp_proof};
    uint64_t indices[MAX_VALIDATORS];
    pod_bytes proofs[MAX_VALIDATORS];
    pod_fields fields[MAX_VALIDATORS];
    static uint8_t proof_buf[MAX_VALIDATORS][47 * 32];
    static rs_b32 field_buf[MAX_VALIDATORS][8];
    for (size_t i = 0; i < n; i++) {
        indices[i] = idx[i];
        bp_prove_validator(&w->last, idx[i], proof_buf[i]);
        proofs[i] = (pod_bytes){proof_buf[i], 47 * 32};
        sim_fields(&w->v[idx[i]], field_buf[i]);
        fields[i] = (pod_fields){field_buf[i], 8};
    }
    return pod_verify_withdrawal_credentials(&w->e, pod_of(w, owner), owner, w->e.timestamp, &srp, indices, n, proofs,
                                             n, fields, n);
}

/* startCheckpoint, then one verifyCheckpointProofs over the pod's validators listed. */
static void checkpoint(world *w, rs_addr owner, const size_t *idx, size_t n) {
    mine(w, 1);
    sim_publish(w, w->e.timestamp);
    rs_addr pod = pod_of(w, owner);
    rs_env_reset(&w->e);
    assert_int_equal(pod_start_checkpoint(&w->e, pod, owner, false), RS_OK);
    if (pod_current_checkpoint_timestamp(&w->e, pod) == 0) return;
    uint8_t bcp_proof[9 * 32];
    bp_prove_balance_container(&w->last, bcp_proof);
    pod_balance_container_proof bcp = {w->last.balances_root, bcp_proof, sizeof bcp_proof};
    pod_balance_proof proofs[MAX_VALIDATORS];
    static uint8_t buf[MAX_VALIDATORS][39 * 32];
    for (size_t i = 0; i < n; i++) {
        rs_b32 chunk;
        bp_prove_balance(&w->last, idx[i], &chunk, buf[i]);
        proofs[i] = (pod_balance_proof){bp_pubkey_hash(w->v[idx[i]].pubkey), chunk, buf[i], 39 * 32};
    }
    assert_int_equal(pod_verify_checkpoint_proofs(&w->e, pod, owner, &bcp, proofs, n), RS_OK);
    assert_int_equal(pod_current_checkpoint_timestamp(&w->e, pod), 0);
}

static void withdrawable(world *w, rs_addr staker, u256 *wd, u256 *dep) {
    rs_addr s = w->p.beacon_chain_eth_strategy;
    assert_int_equal(dm_get_withdrawable_shares(&w->e, staker, &s, 1, wd, dep), RS_OK);
}

static void expect_withdrawable(world *w, rs_addr staker, uint64_t wd_eth, uint64_t dep_eth) {
    u256 wd, dep;
    withdrawable(w, staker, &wd, &dep);
    char a[79], b[79];
    u256_to_dec(wd, a);
    u256_to_dec(dep, b);
    if (!u256_eq(wd, ETH(wd_eth)) || !u256_eq(dep, ETH(dep_eth)))
        fail_msg("withdrawable %s deposit %s, want %llu / %llu ETH", a, b, (unsigned long long)wd_eth,
                 (unsigned long long)dep_eth);
}

static void expect_error(const rs_env *e, const char *sig) {
    assert_int_equal(e->revert_len, 4);
    uint32_t s = rs_selector_of(sig);
    uint8_t sb[4] = {(uint8_t)(s >> 24), (uint8_t)(s >> 16), (uint8_t)(s >> 8), (uint8_t)s};
    assert_memory_equal(e->revert, sb, 4);
}

/* ---- pods and shares ---- */

static void test_create_pod(void **state) {
    (void)state;
    world w;
    world_init(&w);
    rs_addr alice = addr(0xe0000001);
    rs_addr predicted = epm_get_pod(&w.e, alice);
    assert_true(rs_addr_eq(predicted, epm_compute_pod_address(&w.p, alice)));
    assert_false(epm_has_pod(&w.e, alice));

    uint8_t cd[4];
    uint32_t sel = rs_selector_of("createPod()");
    for (int i = 0; i < 4; i++) cd[i] = (uint8_t)(sel >> (24 - 8 * i));
    rs_buf ret;
    rs_buf_init(&ret);
    rs_env_reset(&w.e);
    assert_int_equal(rs_call(&w.e, alice, w.p.eigen_pod_manager, U256_ZERO, cd, 4, &ret), RS_OK);
    assert_int_equal(ret.len, 32);
    assert_memory_equal(ret.p + 12, predicted.b, 20);
    /* BeaconProxy construction, initializer, then the manager's event */
    assert_int_equal(w.e.nlogs, 3);
    assert_true(rs_addr_eq(w.e.logs[0].address, predicted));
    assert_true(rs_b32_eq(w.e.logs[0].topics[0], rs_topic_of("BeaconUpgraded(address)")));
    assert_true(rs_b32_eq(w.e.logs[1].topics[0], rs_topic_of("Initialized(uint8)")));
    assert_true(rs_addr_eq(w.e.logs[2].address, w.p.eigen_pod_manager));
    assert_true(rs_b32_eq(w.e.logs[2].topics[0], rs_topic_of("PodDeployed(address,address)")));
    assert_true(rs_b32_eq(w.e.logs[2].topics[1], rs_topic_addr(predicted)));
    assert_true(rs_addr_eq(pod_owner(&w.e, predicted), alice));
    assert_int_equal(epm_num_pods(&w.e).w[0], 1);

    rs_env_reset(&w.e);
    assert_int_equal(rs_call(&w.e, alice, w.p.eigen_pod_manager, U256_ZERO, cd, 4, &ret), RS_REVERTED);
    expect_error(&w.e, "EigenPodAlreadyExists()");
    assert_int_equal(epm_num_pods(&w.e).w[0], 1);
    rs_buf_free(&ret);
    world_free(&w);
}

/* Every pod address the recorded vectors list is the CREATE2 address we derive. */
static void test_pod_addresses_match_vectors(void **state) {
    (void)state;
    size_t checked = 0;
    for (int f = 1; f <= 6; f++) {
        char path[512], name[32];
        snprintf(name, sizeof name, "eigenpod_%04d.json", f);
        vector_path(path, sizeof path, name);
        json_error_t err;
        json_t *root = json_load_file(path, 0, &err);
        if (!root) fail_msg("%s: %s", path, err.text);
        json_t *g = json_object_get(root, "genesis");
        json_t *ep = json_object_get(g, "eigenPods");
        rs_params p;
        rs_params_defaults(&p);
        assert_true(rs_addr_from_hex(&p.eigen_pod_manager,
                                     json_string_value(json_object_get(json_object_get(g, "contracts"), "EigenPodManager"))));
        assert_true(rs_b32_from_hex(&p.pod_proxy_init_code_hash,
                                    json_string_value(json_object_get(ep, "proxyInitCodeHash"))));
        const char *owner_hex;
        json_t *pod_hex;
        json_object_foreach(json_object_get(ep, "pods"), owner_hex, pod_hex) {
            rs_addr owner, pod;
            assert_true(rs_addr_from_hex(&owner, owner_hex));
            assert_true(rs_addr_from_hex(&pod, json_string_value(pod_hex)));
            assert_true(rs_addr_eq(epm_compute_pod_address(&p, owner), pod));
            checked++;
        }
        json_decref(root);
    }
    assert_int_equal(checked, 15); /* pod owners across the six files */
}

static u256 i256(int64_t eth) {
    u256 m = ETH((uint64_t)(eth < 0 ? -eth : eth));
    return eth < 0 ? u256_sub_wrap(U256_ZERO, m) : m;
}

static void set_shares(world *w, rs_addr owner, u256 v) {
    rs_key k = rs_key_ns(NS_EPM_DEPOSIT_SHARES);
    rs_key_addr(&k, owner);
    rs_sstore(w->st, &k, v);
}

static void test_negative_legacy_shares(void **state) {
    (void)state;
    world w;
    world_init(&w);
    rs_addr bob = addr(0xe0000002), dm = w.p.delegation_manager, beacon = w.p.beacon_chain_eth_strategy;
    set_shares(&w, bob, i256(-5));
    u256 prev, added, out;
    assert_int_equal(epm_staker_deposit_shares(&w.e, bob, beacon, &out), RS_OK);
    assert_true(u256_is_zero(out));
    /* still negative: nothing for the DelegationManager */
    assert_int_equal(epm_add_shares(&w.e, dm, bob, beacon, ETH(3), &prev, &added), RS_OK);
    assert_true(u256_is_zero(prev) && u256_is_zero(added));
    assert_u256_equal(epm_pod_owner_deposit_shares(&w.e, bob), i256(-2));
    /* crossing zero: only the positive part counts as added */
    assert_int_equal(epm_add_shares(&w.e, dm, bob, beacon, ETH(4), &prev, &added), RS_OK);
    assert_true(u256_is_zero(prev));
    assert_u256_equal(added, ETH(2));
    /* positive: the previous balance and the full amount */
    assert_int_equal(epm_add_shares(&w.e, dm, bob, beacon, ETH(1), &prev, &added), RS_OK);
    assert_u256_equal(prev, ETH(2));
    assert_u256_equal(added, ETH(1));

    /* a deficit absorbs withdrawn shares before any ETH leaves a pod */
    set_shares(&w, bob, i256(-7));
    rs_env_reset(&w.e);
    assert_int_equal(epm_withdraw_shares_as_tokens(&w.e, dm, bob, beacon, RS_ADDR_ZERO, ETH(7)), RS_OK);
    assert_true(u256_is_zero(epm_pod_owner_deposit_shares(&w.e, bob)));
    assert_int_equal(w.e.nlogs, 2); /* PodSharesUpdated, NewTotalShares; no pod call */

    /* errors */
    assert_int_equal(epm_add_shares(&w.e, bob, bob, beacon, ETH(1), &prev, &added), RS_REVERTED);
    expect_error(&w.e, "OnlyDelegationManager()");
    assert_int_equal(epm_add_shares(&w.e, dm, bob, addr(5), ETH(1), &prev, &added), RS_REVERTED);
    expect_error(&w.e, "InvalidStrategy()");
    assert_int_equal(epm_remove_deposit_shares(&w.e, dm, bob, beacon, ETH(1), &out), RS_REVERTED);
    expect_error(&w.e, "SharesNegative()");
    assert_int_equal(epm_withdraw_shares_as_tokens(&w.e, dm, bob, beacon, RS_ADDR_ZERO, U256_ZERO), RS_REVERTED);
    expect_error(&w.e, "SharesNegative()");

    /* a pod cannot report balance changes while its owner's shares are negative */
    rs_env_reset(&w.e);
    rs_addr pod;
    assert_int_equal(epm_create_pod(&w.e, bob, &pod), RS_OK);
    set_shares(&w, bob, i256(-1));
    assert_int_equal(epm_record_beacon_chain_eth_balance_update(&w.e, pod, bob, U256_ZERO, ETH(1)), RS_REVERTED);
    expect_error(&w.e, "LegacyWithdrawalsNotCompleted()");
    assert_int_equal(epm_record_beacon_chain_eth_balance_update(&w.e, pod, bob, U256_ZERO, u256_from_u64(5)),
                     RS_REVERTED);
    expect_error(&w.e, "SharesNotMultipleOfGwei()");
    assert_int_equal(epm_record_beacon_chain_eth_balance_update(&w.e, bob, bob, U256_ZERO, ETH(1)), RS_REVERTED);
    expect_error(&w.e, "OnlyEigenPod()");
    assert_int_equal(epm_beacon_chain_slashing_factor(&w.e, bob), EPM_WAD);
    world_free(&w);
}

/* ---- system contracts ---- */

static int call_raw(world *w, rs_addr from, rs_addr to, u256 value, const uint8_t *cd, size_t len, rs_buf *ret) {
    rs_env_reset(&w->e);
    return rs_call(&w->e, from, to, value, cd, len, ret);
}

static void test_system_contracts(void **state) {
    (void)state;
    world w;
    world_init(&w);
    rs_addr alice = addr(0xe0000003);
    rs_eth_set_balance(w.st, alice, ETH(10));
    rs_buf ret;
    rs_buf_init(&ret);
    uint8_t cd[96] = {0};

    /* EIP-4788 */
    rs_b32 root = {{0xab, 0xcd}};
    beacon_set_root(w.st, 1750000012, root);
    u256_to_be(u256_from_u64(1750000012), cd);
    assert_int_equal(call_raw(&w, alice, w.p.beacon_roots, U256_ZERO, cd, 32, &ret), RS_OK);
    assert_int_equal(ret.len, 32);
    assert_memory_equal(ret.p, root.b, 32);
    assert_int_equal(call_raw(&w, alice, w.p.beacon_roots, U256_ZERO, cd, 31, &ret), RS_REVERTED);
    assert_int_equal(w.e.revert_len, 0);
    u256_to_be(u256_from_u64(1750000013), cd);
    assert_int_equal(call_raw(&w, alice, w.p.beacon_roots, U256_ZERO, cd, 32, &ret), RS_REVERTED);
    assert_int_equal(w.e.revert_len, 0);
    u256_to_be(U256_ZERO, cd);
    assert_int_equal(call_raw(&w, alice, w.p.beacon_roots, U256_ZERO, cd, 32, &ret), RS_REVERTED);

    /* EIP-7002: fee, queue, dequeue by the system address, fee growth with excess */
    rs_addr wr = w.p.withdrawal_request_predeploy;
    assert_int_equal(call_raw(&w, alice, wr, U256_ZERO, NULL, 0, &ret), RS_OK);
    assert_u256_equal(u256_from_be(ret.p), U256_ONE);
    memset(cd, 0x42, 56);
    assert_int_equal(call_raw(&w, alice, wr, U256_ZERO, cd, 56, &ret), RS_REVERTED);
    assert_int_equal(w.e.revert_len, 4 + 64 + 64); /* Error("EIP_7002_Mock: insufficient value for fee") */
    assert_int_equal(call_raw(&w, alice, wr, U256_ONE, cd, 57, &ret), RS_REVERTED);
    for (int i = 0; i < 20; i++) assert_int_equal(call_raw(&w, alice, wr, U256_ONE, cd, 56, &ret), RS_OK);
    assert_int_equal(w.e.nlogs, 0);
    assert_int_equal(beacon_request_count(w.st, wr), 20);
    assert_u256_equal(rs_eth_balance(w.st, wr), u256_from_u64(20));
    beacon_request r;
    assert_true(beacon_request_get(w.st, wr, BEACON_REQ_WITHDRAWAL, 3, &r));
    assert_true(rs_addr_eq(r.source, alice));
    assert_int_equal(r.amount_gwei, 0x4242424242424242ULL);
    assert_int_equal(call_raw(&w, BEACON_SYSTEM_ADDRESS, wr, U256_ZERO, NULL, 0, &ret), RS_OK);
    assert_int_equal(ret.len, 64 + 20 * 32 + 20 * (3 * 32 + 96));
    assert_int_equal(beacon_request_count(w.st, wr), 0);
    /* 20 requests against a target of 2 leave an excess of 18: fee 2 */
    assert_int_equal(call_raw(&w, alice, wr, U256_ZERO, NULL, 0, &ret), RS_OK);
    assert_u256_equal(u256_from_be(ret.p), u256_from_u64(2));

    /* EIP-7251 */
    rs_addr cr = w.p.consolidation_request_predeploy;
    memset(cd, 0x07, 96);
    assert_int_equal(call_raw(&w, alice, cr, U256_ONE, cd, 96, &ret), RS_OK);
    assert_true(beacon_request_get(w.st, cr, BEACON_REQ_CONSOLIDATION, 0, &r));
    assert_int_equal(r.target[47], 0x07);
    assert_int_equal(call_raw(&w, alice, cr, U256_ONE, cd, 56, &ret), RS_REVERTED);

    /* the deposit contract keeps what it is sent */
    uint8_t dep[4];
    uint32_t sel = rs_selector_of("get_deposit_root()");
    for (int i = 0; i < 4; i++) dep[i] = (uint8_t)(sel >> (24 - 8 * i));
    assert_int_equal(call_raw(&w, alice, w.p.eth_pos_deposit, U256_ZERO, dep, 4, &ret), RS_OK);
    assert_int_equal(ret.len, 32);
    rs_buf_free(&ret);
    world_free(&w);
}

/* getParentBlockRoot's three failure modes. */
static void test_parent_block_root(void **state) {
    (void)state;
    world w;
    world_init(&w);
    rs_addr pod = addr(0x9999);
    rs_b32 r;
    assert_int_equal(pod_get_parent_block_root(&w.e, pod, w.e.timestamp + 1, &r), RS_REVERTED);
    assert_int_equal(w.e.revert_len, 36); /* Panic(0x11) */
    assert_int_equal(w.e.revert[35], 0x11);
    assert_int_equal(pod_get_parent_block_root(&w.e, pod, w.e.timestamp - 8191 * 12, &r), RS_REVERTED);
    expect_error(&w.e, "TimestampOutOfRange()");
    assert_int_equal(pod_get_parent_block_root(&w.e, pod, w.e.timestamp - 12, &r), RS_REVERTED);
    expect_error(&w.e, "InvalidEIP4788Response()");
    beacon_set_root(w.st, w.e.timestamp - 12, (rs_b32){{9}});
    assert_int_equal(pod_get_parent_block_root(&w.e, pod, w.e.timestamp - 12, &r), RS_OK);
    assert_int_equal(r.b[0], 9);
    world_free(&w);
}

/* ---- DualSlashingEdgeCase.md ---- */

typedef struct {
    rs_addr alice_a, alice_b, alice_u, op1, op2;
} actors;

static void setup_operators(world *w, actors *a) {
    a->alice_a = addr(0xe0000011);
    a->alice_b = addr(0xe0000012);
    a->alice_u = addr(0xe0000013);
    a->op1 = addr(0x0b000001);
    a->op2 = addr(0x0b000002);
    rs_addr alices[3] = {a->alice_a, a->alice_b, a->alice_u};
    for (int i = 0; i < 3; i++) rs_eth_set_balance(w->st, alices[i], ETH(100000));
    rs_env *e = &w->e;
    assert_int_equal(epm_set_pectra_fork_timestamp(e, w->setter, 1745310688), RS_OK);
    const char *uri = "https://example.invalid/op";
    assert_int_equal(dm_register_as_operator(e, a->op1, RS_ADDR_ZERO, 0, (const uint8_t *)uri, strlen(uri)), RS_OK);
    assert_int_equal(dm_register_as_operator(e, a->op2, RS_ADDR_ZERO, 0, (const uint8_t *)uri, strlen(uri)), RS_OK);
    assert_int_equal(am_update_avs_metadata_uri(e, w->avs, w->avs, (const uint8_t *)uri, strlen(uri)), RS_OK);
    assert_int_equal(am_set_avs_registrar(e, w->avs, w->avs, w->p.mock_avs_registrar), RS_OK);
    rs_addr beacon = w->p.beacon_chain_eth_strategy;
    am_create_set_params set = {0, &beacon, 1, w->avs};
    assert_int_equal(am_create_operator_sets(e, w->avs, w->avs, &set, 1), RS_OK);
    uint32_t id = 0;
    uint64_t mag = EPM_WAD;
    am_allocate_params alloc = {{w->avs, 0}, &beacon, 1, &mag, 1};
    rs_addr ops[2] = {a->op1, a->op2};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(am_register_for_operator_sets(e, ops[i], ops[i], w->avs, &id, 1, NULL, 0), RS_OK);
        assert_int_equal(am_modify_allocations(e, ops[i], ops[i], &alloc, 1), RS_OK);
    }
    mine(w, 2);
    u256 expiry = U256_ZERO;
    assert_int_equal(dm_delegate_to(e, a->alice_a, a->op1, NULL, 0, expiry, RS_B32_ZERO), RS_OK);
    assert_int_equal(dm_delegate_to(e, a->alice_b, a->op1, NULL, 0, expiry, RS_B32_ZERO), RS_OK);
    assert_int_equal(dm_delegate_to(e, a->alice_u, a->op2, NULL, 0, expiry, RS_B32_ZERO), RS_OK);
}

static void slash(world *w, rs_addr op, uint64_t wad) {
    rs_addr beacon = w->p.beacon_chain_eth_strategy;
    u256 wads = u256_from_u64(wad), slash_id, shares[1];
    const char *why = "dual slashing";
    am_slashing_params sp = {op, 0, &beacon, 1, &wads, 1, (const uint8_t *)why, strlen(why)};
    mine(w, 1);
    rs_env_reset(&w->e);
    assert_int_equal(am_slash_operator(&w->e, w->avs, w->avs, &sp, &slash_id, shares), RS_OK);
}

static u256 u_bcsf(world *w, rs_addr s) { return u256_from_u64(epm_beacon_chain_slashing_factor(&w->e, s)); }

static void test_dual_slashing(void **state) {
    (void)state;
    world w;
    world_init(&w);
    actors a;
    setup_operators(&w, &a);
    rs_addr alices[3] = {a.alice_a, a.alice_b, a.alice_u};
    size_t first[3];

    /* 1. each Alice verifies a 32 ETH validator: withdrawable 32 */
    for (int i = 0; i < 3; i++) {
        stake(&w, alices[i], 32 * GWEI_PER_ETH);
        first[i] = w.nv - 1;
    }
    for (int i = 0; i < 3; i++) {
        assert_int_equal(verify_creds(&w, alices[i], &first[i], 1), RS_OK);
        expect_withdrawable(&w, alices[i], 32, 32);
    }
    assert_u256_equal(rs_eth_balance(w.st, w.p.eth_pos_deposit), ETH(96));

    /* 2. the operator is slashed 75%: withdrawable 8 */
    slash(&w, a.op1, 750000000000000000ULL);
    expect_withdrawable(&w, a.alice_a, 8, 32);
    expect_withdrawable(&w, a.alice_b, 8, 32);
    expect_withdrawable(&w, a.alice_u, 32, 32);

    /* 3. Alice A and B lose 16 ETH on the beacon chain (not yet proven) */
    for (int i = 0; i < 2; i++) {
        w.v[first[i]].balance_gwei = 16 * GWEI_PER_ETH;
        w.v[first[i]].effective_gwei = 16 * GWEI_PER_ETH;
        w.v[first[i]].slashed = true;
    }

    /* Scenario A, 4: verify another validator: withdrawable 40 (DSF 2.5) */
    stake(&w, a.alice_a, 32 * GWEI_PER_ETH);
    size_t a2 = w.nv - 1;
    assert_int_equal(verify_creds(&w, a.alice_a, &a2, 1), RS_OK);
    expect_withdrawable(&w, a.alice_a, 40, 64);
    assert_u256_equal(dm_deposit_scaling_factor(&w.e, a.alice_a, w.p.beacon_chain_eth_strategy),
                        u256_from_u64(2500000000000000000ULL));
    /* 5. checkpoint: withdrawable 30 (BCSF 0.75) */
    size_t a_vals[2] = {first[0], a2};
    checkpoint(&w, a.alice_a, a_vals, 2);
    assert_u256_equal(u_bcsf(&w, a.alice_a), u256_from_u64(750000000000000000ULL));
    expect_withdrawable(&w, a.alice_a, 30, 64);

    /* Scenario B, 4: checkpoint first: withdrawable 4 (BCSF 0.5) */
    checkpoint(&w, a.alice_b, &first[1], 1);
    assert_u256_equal(u_bcsf(&w, a.alice_b), u256_from_u64(500000000000000000ULL));
    expect_withdrawable(&w, a.alice_b, 4, 32);
    /* 5. verify another validator: withdrawable 36 (DSF 4.5) */
    stake(&w, a.alice_b, 32 * GWEI_PER_ETH);
    size_t b2 = w.nv - 1;
    assert_int_equal(verify_creds(&w, a.alice_b, &b2, 1), RS_OK);
    expect_withdrawable(&w, a.alice_b, 36, 64);
    assert_u256_equal(dm_deposit_scaling_factor(&w.e, a.alice_b, w.p.beacon_chain_eth_strategy),
                        u256_from_u64(4500000000000000000ULL));

    /* Undelegation variant, 2: operator slashed 100%: withdrawable 0 */
    slash(&w, a.op2, EPM_WAD);
    expect_withdrawable(&w, a.alice_u, 0, 32);
    /* 3. slashed by 16 ETH on the beacon chain; the validator exits, 16 ETH arrive at the pod */
    rs_addr pod_u = pod_of(&w, a.alice_u);
    w.v[first[2]].balance_gwei = 0;
    w.v[first[2]].effective_gwei = 0;
    w.v[first[2]].slashed = true;
    w.v[first[2]].exit_epoch = 400000;
    beacon_credit_withdrawal(w.st, pod_u, 16 * GWEI_PER_ETH);
    /* 4. she undelegates: depositShares 0 */
    mine(&w, 1);
    rs_b32 *roots = NULL;
    size_t nroots = 0;
    rs_env_reset(&w.e);
    assert_int_equal(dm_undelegate(&w.e, a.alice_u, a.alice_u, &roots, &nroots), RS_OK);
    assert_int_equal(nroots, 1);
    expect_withdrawable(&w, a.alice_u, 0, 0);
    /* 5. she verifies another validator: withdrawable 32, depositShares 32 */
    stake(&w, a.alice_u, 32 * GWEI_PER_ETH);
    size_t u2 = w.nv - 1;
    assert_int_equal(verify_creds(&w, a.alice_u, &u2, 1), RS_OK);
    expect_withdrawable(&w, a.alice_u, 32, 32);
    /* 6. she checkpoints the slash: withdrawable 24, restakedExecutionLayerGwei 16, BCSF 0.75 */
    size_t u_vals[2] = {first[2], u2};
    checkpoint(&w, a.alice_u, u_vals, 2);
    expect_withdrawable(&w, a.alice_u, 24, 32);
    assert_int_equal(pod_withdrawable_restaked_el_gwei(&w.e, pod_u), 16 * GWEI_PER_ETH);
    assert_u256_equal(u_bcsf(&w, a.alice_u), u256_from_u64(750000000000000000ULL));
    /* 7. completing the undelegation withdrawal as shares brings nothing back (magnitude 0) */
    mine(&w, w.p.min_withdrawal_delay_blocks + 1);
    dm_withdrawal wd;
    u256 *wshares = NULL;
    assert_int_equal(dm_get_queued_withdrawal(&w.e, roots[0], &wd, &wshares), RS_OK);
    rs_addr no_token = RS_ADDR_ZERO;
    rs_env_reset(&w.e);
    assert_int_equal(dm_complete_queued_withdrawal(&w.e, a.alice_u, &wd, &no_token, 1, false), RS_OK);
    dm_withdrawal_free(&wd);
    free(wshares);
    free(roots);
    expect_withdrawable(&w, a.alice_u, 24, 32);
    /* 8. the validator from step 5 exits: withdrawable 24, restakedExecutionLayerGwei 48 */
    w.v[u2].balance_gwei = 0;
    w.v[u2].effective_gwei = 0;
    w.v[u2].exit_epoch = 400100;
    beacon_credit_withdrawal(w.st, pod_u, 32 * GWEI_PER_ETH);
    checkpoint(&w, a.alice_u, &u2, 1);
    expect_withdrawable(&w, a.alice_u, 24, 32);
    assert_int_equal(pod_withdrawable_restaked_el_gwei(&w.e, pod_u), 48 * GWEI_PER_ETH);
    assert_u256_equal(pod_active_validator_count(&w.e, pod_u), U256_ZERO);
    /* 9. she queues a withdrawal of all her shares */
    mine(&w, 1);
    rs_addr beacon = w.p.beacon_chain_eth_strategy;
    u256 all = ETH(32);
    dm_queue_params qp = {1, &beacon, 1, &all};
    rs_b32 root;
    rs_env_reset(&w.e);
    assert_int_equal(dm_queue_withdrawals(&w.e, a.alice_u, &qp, 1, &root), RS_OK);
    /* 10. completing it as tokens pays 24 ETH (32 scaled shares × 0.75) */
    mine(&w, w.p.min_withdrawal_delay_blocks + 1);
    u256 before = rs_eth_balance(w.st, a.alice_u);
    assert_int_equal(dm_get_queued_withdrawal(&w.e, root, &wd, &wshares), RS_OK);
    rs_env_reset(&w.e);
    assert_int_equal(dm_complete_queued_withdrawal(&w.e, a.alice_u, &wd, &no_token, 1, true), RS_OK);
    dm_withdrawal_free(&wd);
    free(wshares);
    assert_u256_equal(u256_sub_wrap(rs_eth_balance(w.st, a.alice_u), before), ETH(24));
    /* 11. 24 ETH stay locked in the pod */
    assert_u256_equal(rs_eth_balance(w.st, pod_u), ETH(24));
    assert_int_equal(pod_withdrawable_restaked_el_gwei(&w.e, pod_u), 24 * GWEI_PER_ETH);
    expect_withdrawable(&w, a.alice_u, 0, 0);
    world_free(&w);
}

/* verifyWithdrawalCredentials reads validatorFields by index before it checks
 * the list's length: short lists panic, long ones fail the length check. */
static void test_credential_field_errors(void **state) {
    (void)state;
    world w;
    world_init(&w);
    rs_addr alice = addr(0xe0000031);
    rs_eth_set_balance(w.st, alice, ETH(100));
    assert_int_equal(epm_set_pectra_fork_timestamp(&w.e, w.setter, 1), RS_OK);
    stake(&w, alice, 32 * GWEI_PER_ETH);
    rs_addr pod = pod_of(&w, alice);
    mine(&w, 1);
    sim_publish(&w, w.e.timestamp);
    uint8_t srp_proof[96], vproof[47 * 32];
    bp_prove_state_root(&w.last, srp_proof);
    bp_prove_validator(&w.last, 0, vproof);
    pod_state_root_proof srp = {w.last.state_root, srp_proof, 96};
    rs_b32 f[9];
    sim_fields(&w.v[0], f);
    f[8] = RS_B32_ZERO;
    uint64_t index = 0;
    pod_bytes proof = {vproof, sizeof vproof};
    static const struct {
        size_t n;
        bool panic;
        const char *err;
    } cases[] = {{0, true, NULL}, {3, true, NULL}, {6, true, NULL}, {7, false, "InvalidValidatorFieldsLength()"},
                 {9, false, "InvalidValidatorFieldsLength()"}, {8, false, NULL}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        pod_fields fields = {f, cases[c].n};
        rs_env_reset(&w.e);
        size_t cp = rs_state_checkpoint(w.st);
        int rc = pod_verify_withdrawal_credentials(&w.e, pod, alice, w.e.timestamp, &srp, &index, 1, &proof, 1,
                                                   &fields, 1);
        if (cases[c].panic) {
            assert_int_equal(rc, RS_REVERTED);
            assert_int_equal(w.e.revert_len, 36);
            assert_int_equal(w.e.revert[35], 0x32);
        } else if (cases[c].err) {
            assert_int_equal(rc, RS_REVERTED);
            expect_error(&w.e, cases[c].err);
        } else {
            assert_int_equal(rc, RS_OK);
        }
        rs_state_revert(w.st, cp);
    }
    /* credentials of another pod */
    rs_b32 other[8];
    memcpy(other, f, sizeof other);
    other[1].b[31] ^= 1;
    pod_fields fields = {other, 8};
    rs_env_reset(&w.e);
    assert_int_equal(pod_verify_withdrawal_credentials(&w.e, pod, alice, w.e.timestamp, &srp, &index, 1, &proof, 1,
                                                       &fields, 1),
                     RS_REVERTED);
    expect_error(&w.e, "WithdrawalCredentialsNotForEigenPod()");
    /* Deneb-shaped height after the fork */
    fields = (pod_fields){f, 8};
    pod_bytes short_proof = {vproof, 46 * 32};
    rs_env_reset(&w.e);
    assert_int_equal(pod_verify_withdrawal_credentials(&w.e, pod, alice, w.e.timestamp, &srp, &index, 1, &short_proof,
                                                       1, &fields, 1),
                     RS_REVERTED);
    expect_error(&w.e, "InvalidProofLength()");
    world_free(&w);
}

/* ---- the offline beacon chain (devnet) ---- */

/* One block: the beacon chain runs first (publishing this block's root), then txs. */
static void devnet_block(world *w) {
    mine(w, 1);
    beacon_sim_on_block(w->st, &w->p, w->e.timestamp);
}

static int tx(world *w, rs_addr from, rs_addr to, u256 value, const rs_buf *cd) {
    rs_env_reset(&w->e);
    rs_buf ret;
    rs_buf_init(&ret);
    int rc = rs_call(&w->e, from, to, value, cd->p, cd->len, &ret);
    rs_buf_free(&ret);
    return rc;
}

static void stake_calldata(rs_buf *cd, const uint8_t pubkey[48]) {
    rs_arena a;
    rs_arena_init(&a, 0);
    const char *sig = "stake(bytes,bytes,bytes32)";
    const abi_type *t;
    assert_int_equal(abi_signature_params(&a, sig, &t), ABI_OK);
    static const uint8_t bls_sig[96] = {0};
    abi_val args = abi_v_list(&a, ABI_TUPLE, 3);
    args.items[0] = abi_v_bytes(ABI_BYTES, pubkey, 48);
    args.items[1] = abi_v_bytes(ABI_BYTES, bls_sig, 96);
    args.items[2] = abi_v_word(ABI_BYTESN, U256_ZERO);
    rs_buf_reset(cd);
    uint32_t s = rs_selector_of(sig);
    uint8_t sb[4] = {(uint8_t)(s >> 24), (uint8_t)(s >> 16), (uint8_t)(s >> 8), (uint8_t)s};
    rs_buf_put(cd, sb, 4);
    abi_encode(cd, t, &args);
    rs_arena_free(&a);
}

static void call_sig(rs_buf *cd, const char *sig, const u256 *words, size_t n) {
    rs_buf_reset(cd);
    uint32_t s = rs_selector_of(sig);
    uint8_t sb[4] = {(uint8_t)(s >> 24), (uint8_t)(s >> 16), (uint8_t)(s >> 8), (uint8_t)s};
    rs_buf_put(cd, sb, 4);
    for (size_t i = 0; i < n; i++) rs_buf_word(cd, words[i]);
}

static void test_devnet_beacon_chain(void **state) {
    (void)state;
    world w;
    world_init(&w);
    beacon_sim_enable(w.st, w.e.timestamp - 12 * 1000);
    assert_int_equal(epm_set_pectra_fork_timestamp(&w.e, w.setter, 1), RS_OK);
    rs_addr alice = addr(0xe0000021);
    rs_eth_set_balance(w.st, alice, ETH(1000));
    rs_buf cd;
    rs_buf_init(&cd);

    /* two deposits through the pod */
    uint8_t pk1[48], pk2[48];
    memset(pk1, 0x61, 48);
    memset(pk2, 0x62, 48);
    devnet_block(&w);
    stake_calldata(&cd, pk1);
    assert_int_equal(tx(&w, alice, w.p.eigen_pod_manager, ETH(32), &cd), RS_OK);
    devnet_block(&w);
    stake_calldata(&cd, pk2);
    assert_int_equal(tx(&w, alice, w.p.eigen_pod_manager, ETH(32), &cd), RS_OK);
    rs_addr pod = pod_of(&w, alice);
    uint64_t idx[2];
    assert_int_equal(beacon_sim_validators_of(w.st, pod, idx, 2), 2);
    beacon_validator v;
    assert_true(beacon_sim_validator(w.st, idx[1], &v));
    assert_int_equal(v.activation_epoch, UINT64_MAX); /* pending until the next block */

    /* the next block activates both; prove their credentials against its root */
    devnet_block(&w);
    uint64_t proven_at = w.e.timestamp;
    assert_true(beacon_sim_credentials_calldata(w.st, proven_at, idx, 2, &cd));
    devnet_block(&w);
    assert_int_equal(tx(&w, alice, pod, U256_ZERO, &cd), RS_OK);
    expect_withdrawable(&w, alice, 64, 64);

    /* rewards: 1 ETH above 32 is swept to the pod at the next block */
    assert_true(beacon_sim_set_balance(w.st, idx[0], 33 * GWEI_PER_ETH));
    devnet_block(&w);
    assert_u256_equal(rs_eth_balance(w.st, pod), ETH(1));
    u256 f = U256_ZERO;
    call_sig(&cd, "startCheckpoint(bool)", &f, 1);
    assert_int_equal(tx(&w, alice, pod, U256_ZERO, &cd), RS_OK);
    assert_true(beacon_sim_checkpoint_calldata(w.st, w.e.timestamp, idx, 2, &cd));
    devnet_block(&w);
    assert_int_equal(tx(&w, alice, pod, U256_ZERO, &cd), RS_OK);
    assert_int_equal(pod_current_checkpoint_timestamp(&w.e, pod), 0);
    expect_withdrawable(&w, alice, 65, 65);
    assert_int_equal(pod_withdrawable_restaked_el_gwei(&w.e, pod), GWEI_PER_ETH);

    /* a beacon-chain slashing proven stale starts a checkpoint */
    assert_true(beacon_sim_slash(w.st, idx[1], 2 * GWEI_PER_ETH));
    devnet_block(&w);
    uint64_t stale_at = w.e.timestamp;
    assert_true(beacon_sim_stale_balance_calldata(w.st, stale_at, idx[1], &cd));
    devnet_block(&w);
    assert_int_equal(tx(&w, alice, pod, U256_ZERO, &cd), RS_OK);
    assert_int_equal(pod_current_checkpoint_timestamp(&w.e, pod), w.e.timestamp);
    /* by now the slashed validator has exited: its 30 ETH arrived at the pod */
    assert_u256_equal(rs_eth_balance(w.st, pod), ETH(31));
    assert_true(beacon_sim_checkpoint_calldata(w.st, w.e.timestamp, idx, 2, &cd));
    devnet_block(&w);
    assert_int_equal(tx(&w, alice, pod, U256_ZERO, &cd), RS_OK);
    pod_validator_info vi;
    pod_validator_info_get(&w.e, pod, bp_pubkey_hash(pk2), &vi);
    assert_int_equal(vi.status, POD_VALIDATOR_WITHDRAWN);
    /* BCSF = floor(1e18 × 63 / 65); withdrawable = 65 ETH × BCSF */
    assert_int_equal(epm_beacon_chain_slashing_factor(&w.e, alice), 969230769230769230ULL);
    u256 wd, dep, want;
    withdrawable(&w, alice, &wd, &dep);
    assert_true(u256_from_dec(&want, "62999999999999999950", 20));
    assert_u256_equal(wd, want);
    assert_u256_equal(dep, ETH(65));

    /* an EIP-7002 exit request through the pod: exit next block, ETH the block after */
    rs_arena a;
    rs_arena_init(&a, 0);
    const abi_type *t;
    assert_int_equal(abi_signature_params(&a, "requestWithdrawal((bytes,uint64)[])", &t), ABI_OK);
    abi_val args = abi_v_list(&a, ABI_TUPLE, 1);
    args.items[0] = abi_v_list(&a, ABI_ARRAY, 1);
    args.items[0].items[0] = abi_v_list(&a, ABI_TUPLE, 2);
    args.items[0].items[0].items[0] = abi_v_bytes(ABI_BYTES, pk1, 48);
    args.items[0].items[0].items[1] = abi_v_word(ABI_UINT, U256_ZERO);
    rs_buf_reset(&cd);
    uint32_t s = rs_selector_of("requestWithdrawal((bytes,uint64)[])");
    uint8_t sb[4] = {(uint8_t)(s >> 24), (uint8_t)(s >> 16), (uint8_t)(s >> 8), (uint8_t)s};
    rs_buf_put(&cd, sb, 4);
    abi_encode(&cd, t, &args);
    rs_arena_free(&a);
    assert_int_equal(tx(&w, alice, pod, U256_ONE, &cd), RS_OK);
    devnet_block(&w);
    assert_true(beacon_sim_validator(w.st, idx[0], &v));
    assert_int_not_equal(v.exit_epoch, UINT64_MAX);
    devnet_block(&w);
    assert_u256_equal(rs_eth_balance(w.st, pod), ETH(63));
    assert_true(beacon_sim_validator(w.st, idx[0], &v));
    assert_int_equal(v.balance_gwei, 0);

    /* an old root stays provable after the state moved on */
    assert_true(beacon_sim_credentials_calldata(w.st, proven_at, idx, 1, &cd));
    assert_false(beacon_sim_credentials_calldata(w.st, proven_at + 1, idx, 1, &cd));
    rs_buf_free(&cd);
    world_free(&w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_pod),
        cmocka_unit_test(test_pod_addresses_match_vectors),
        cmocka_unit_test(test_negative_legacy_shares),
        cmocka_unit_test(test_system_contracts),
        cmocka_unit_test(test_parent_block_root),
        cmocka_unit_test(test_dual_slashing),
        cmocka_unit_test(test_credential_field_errors),
        cmocka_unit_test(test_devnet_beacon_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
