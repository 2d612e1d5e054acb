/* Beacon proof throughput: SSZ proofs verified per second by kind, and
 * validators per second through EigenPod.verifyCheckpointProofs (proof
 * verification plus the pod's bookkeeping and the share update).
 * Build in a Release tree (no sanitizers) before reading the figures. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "devnet/beacon_sim.h"
#include "protocol/beacon_proofs.h"
#include "protocol/eigenpod.h"
#include "restake/contracts.h"
#include "restake/genesis.h"

#include "bench_util.h"
#include "restake/router.h"

#define NV 1024      /* validators in the state and in the pod */
#define BATCH 128    /* balance proofs per verifyCheckpointProofs call */
#define MIN_SECONDS 1.0

static rs_addr addr(uint32_t tag) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[0] = 0xbe;
    a.b[18] = (uint8_t)(tag >> 8);
    a.b[19] = (uint8_t)tag;
    return a;
}

static rs_b32 fields[NV][8];
static uint64_t balances[NV];
static uint8_t pubkeys[NV][48];

static void make_validators(rs_addr pod) {
    for (size_t i = 0; i < NV; i++) {
        for (int k = 0; k < 48; k++) pubkeys[i][k] = (uint8_t)(i * 31 + (size_t)k);
        pubkeys[i][0] = (uint8_t)(i >> 8);
        pubkeys[i][1] = (uint8_t)i;
        bp_validator v = {pubkeys[i], RS_B32_ZERO, 32000000000ULL, false, 0, 1, BP_FAR_FUTURE_EPOCH,
                          BP_FAR_FUTURE_EPOCH};
        v.withdrawal_credentials.b[0] = 1;
        memcpy(v.withdrawal_credentials.b + 12, pod.b, 20);
        bp_validator_fields(&v, fields[i]);
        balances[i] = 32000000000ULL;
    }
}

static void build(bp_state *s, uint64_t slot) {
    bp_state_input in = {BP_PECTRA, slot, 1, {{1}}, {{2}}, (const rs_b32(*)[8])fields, balances, NV, {{0}}};
    if (!bp_state_build(s, &in)) abort();
}

typedef bp_status (*one_fn)(const bp_state *s, size_t i, const uint8_t *proof);

static bp_status one_state_root(const bp_state *s, size_t i, const uint8_t *proof) {
    (void)i;
    return bp_verify_state_root(s->block_root, s->state_root, proof, 96);
}
static bp_status one_validator(const bp_state *s, size_t i, const uint8_t *proof) {
    return bp_verify_validator_fields(BP_PECTRA, s->state_root, fields[i], 8, proof, 47 * 32, i);
}
static bp_status one_container(const bp_state *s, size_t i, const uint8_t *proof) {
    (void)i;
    return bp_verify_balance_container(BP_PECTRA, s->block_root, s->balances_root, proof, 9 * 32);
}

static uint8_t vproofs[NV][47 * 32];
static uint8_t bproofs[NV][39 * 32];
static rs_b32 chunks[NV];

static bp_status one_balance(const bp_state *s, size_t i, const uint8_t *proof) {
    (void)proof;
    uint64_t g;
    return bp_verify_validator_balance(s->balances_root, i, chunks[i], bproofs[i], 39 * 32, &g);
}

static void bench_kind(const char *name, const bp_state *s, one_fn f, const uint8_t *(*proof_of)(size_t)) {
    double best = 0;
    for (int rep = 0; rep < 3; rep++) {
        size_t n = 0;
        double t0 = bench_now_s(), t;
        do {
            for (size_t i = 0; i < NV; i++, n++)
                if (f(s, i, proof_of(i)) != BP_OK) abort();
            t = bench_now_s() - t0;
        } while (t < MIN_SECONDS / 3);
        if (n / t > best) best = n / t;
    }
    printf("%-28s %12.0f proofs/s\n", name, best);
}

static uint8_t sr_proof[96], bc_proof[9 * 32];
static const uint8_t *p_sr(size_t i) { (void)i; return sr_proof; }
static const uint8_t *p_val(size_t i) { return vproofs[i]; }
static const uint8_t *p_bc(size_t i) { (void)i; return bc_proof; }
static const uint8_t *p_bal(size_t i) { return bproofs[i]; }

/* ---- checkpoints through the pod ---- */

static void bench_checkpoints(void) {
    rs_params p;
    rs_params_defaults(&p);
    p.delegation_manager = addr(1);
    p.strategy_manager = addr(2);
    p.allocation_manager = addr(3);
    p.permission_controller = addr(4);
    p.eigen_pod_manager = addr(5);
    p.pauser_registry = addr(6);
    p.eigen_pod_beacon = addr(7);
    rs_genesis g;
    memset(&g, 0, sizeof g);
    g.params = p;
    g.owner = addr(0x100);
    g.proof_timestamp_setter = addr(0x101);
    rs_state *st = rs_state_new();
    rs_genesis_apply(st, &g);
    rs_env e;
    rs_env_init(&e, st, &p);
    rs_router_attach(&e);
    e.block_number = 100;
    e.timestamp = 1750000000;
    rs_addr owner = addr(0x200), pod;
    if (epm_set_pectra_fork_timestamp(&e, g.proof_timestamp_setter, 1) != RS_OK) abort();
    if (epm_create_pod(&e, owner, &pod) != RS_OK) abort();
    make_validators(pod);

    bp_state s;
    e.timestamp += 12;
    build(&s, e.timestamp / 12);
    beacon_set_root(st, e.timestamp, s.block_root);
    uint8_t srp_proof[96];
    bp_prove_state_root(&s, srp_proof);
    pod_state_root_proof srp = {s.state_root, srp_proof, 96};
    static uint64_t idx[NV];
    static pod_bytes vp[NV];
    static pod_fields vf[NV];
    for (size_t i = 0; i < NV; i++) {
        idx[i] = i;
        bp_prove_validator(&s, i, vproofs[i]);
        vp[i] = (pod_bytes){vproofs[i], 47 * 32};
        vf[i] = (pod_fields){fields[i], 8};
    }
    if (pod_verify_withdrawal_credentials(&e, pod, owner, e.timestamp, &srp, idx, NV, vp, NV, vf, NV) != RS_OK) abort();
    bp_state_free(&s);

    static pod_balance_proof bp[NV];
    double busy = 0;
    size_t validators = 0;
    for (int round = 0; busy < MIN_SECONDS; round++) {
        for (size_t i = 0; i < NV; i++) balances[i] += 1000;
        e.block_number++;
        e.timestamp += 12;
        build(&s, e.timestamp / 12);
        beacon_set_root(st, e.timestamp, s.block_root);
        rs_env_reset(&e);
        if (pod_start_checkpoint(&e, pod, owner, false) != RS_OK) abort();
        bp_prove_balance_container(&s, bc_proof);
        pod_balance_container_proof bcp = {s.balances_root, bc_proof, 9 * 32};
        for (size_t i = 0; i < NV; i++) {
            bp_prove_balance(&s, i, &chunks[i], bproofs[i]);
            bp[i] = (pod_balance_proof){bp_pubkey_hash(pubkeys[i]), chunks[i], bproofs[i], 39 * 32};
        }
        double t0 = bench_now_s();
        for (size_t off = 0; off < NV; off += BATCH) {
            rs_env_reset(&e);
            if (pod_verify_checkpoint_proofs(&e, pod, owner, &bcp, bp + off, BATCH) != RS_OK) abort();
        }
        busy += bench_now_s() - t0;
        validators += NV;
        rs_state_commit(st);
        bp_state_free(&s);
    }
    printf("%-28s %12.0f validators/s (%d per call, %d-validator pod)\n", "checkpoint (pod)", validators / busy, BATCH,
           NV);
    rs_env_free(&e);
    rs_state_free(st);
}

int main(void) {
    rs_addr pod = addr(0x300);
    make_validators(pod);
    bp_state s;
    double t0 = bench_now_s();
    build(&s, 1000);
    printf("%-28s %12.3f ms (%d validators)\n", "build state + roots", (bench_now_s() - t0) * 1e3, NV);
    bp_prove_state_root(&s, sr_proof);
    bp_prove_balance_container(&s, bc_proof);
    t0 = bench_now_s();
    for (size_t i = 0; i < NV; i++) bp_prove_validator(&s, i, vproofs[i]);
    printf("%-28s %12.0f proofs/s\n", "prove validator", NV / (bench_now_s() - t0));
    for (size_t i = 0; i < NV; i++) bp_prove_balance(&s, i, &chunks[i], bproofs[i]);
    bench_kind("verify stateRoot", &s, one_state_root, p_sr);
    bench_kind("verify validator (Electra)", &s, one_validator, p_val);
    bench_kind("verify balanceContainer", &s, one_container, p_bc);
    bench_kind("verify balance", &s, one_balance, p_bal);
    bp_state_free(&s);
    bench_checkpoints();
    return 0;
}
