/* processClaim fuzzer: the input is processClaim calldata (selector
 * included) against a coordinator holding one fixed, activated root of three
 * earners. The claim is re-encoded as checkClaim calldata and both calls run
 * through the contract surface; neither may crash, checkClaim must accept
 * exactly what processClaim gets past its proof checks, and the state is
 * restored after each input.
 *
 * The seeds in fuzz/corpus/fuzz_claim/ are `restake rewards claim` outputs
 * for the earnings below, written as
 *   {"0xaa00..0030": {T1: "32"}, "0xaa00..0031": {T1: "7", T2: "1000"},
 *    "0xaa00..0032": {T2: "5"}}
 * (T1 = 0xaa00..0500, T2 = 0xaa00..0501; root index 0). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/erc20.h"
#include "protocol/rewards.h"
#include "restake/abi.h"
#include "restake/contracts.h"
#include "restake/genesis.h"
#include "restake/keccak.h"
#include "restake/router.h"

#define PROCESS_CLAIM \
    "processClaim((uint32,uint32,bytes,(address,bytes32),uint32[],bytes[],(address,uint256)[]),address)"
#define CHECK_CLAIM "checkClaim((uint32,uint32,bytes,(address,bytes32),uint32[],bytes[],(address,uint256)[]))"

static rs_addr addr(uint32_t n) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[0] = 0xaa;
    a.b[18] = (uint8_t)(n >> 8);
    a.b[19] = (uint8_t)n;
    return a;
}

static struct {
    bool ready;
    rs_genesis g;
    rs_gen_token tokens[2];
    rs_state *st;
    rs_env e;
    rs_arena types;
    const abi_type *process_params, *claim_type;
} W;

static void init_world(void) {
    rs_params_defaults(&W.g.params);
    W.g.params.chain_id = 31337;
    W.g.params.pauser_registry = addr(0x105);
    W.g.params.rewards_coordinator = addr(0x108);
    W.g.owner = addr(0x200);
    W.g.rewards_updater = addr(0x204);
    W.g.fee_recipient = addr(0x205);
    rs_addr t1 = addr(0x500), t2 = addr(0x501);
    W.tokens[0] = (rs_gen_token){.address = t1, .name = "One", .symbol = "T1", .decimals = 18, .mintable = true};
    W.tokens[1] = (rs_gen_token){.address = t2, .name = "Two", .symbol = "T2", .decimals = 18, .mintable = true};
    W.g.tokens = W.tokens;
    W.g.ntokens = 2;
    W.st = rs_state_new();
    rs_genesis_apply(W.st, &W.g);
    rs_env_init(&W.e, W.st, &W.g.params);
    rs_router_attach(&W.e);
    W.e.timestamp = 1750000000;
    erc20_credit(W.st, t1, W.g.params.rewards_coordinator, u256_from_u64(1000000));
    erc20_credit(W.st, t2, W.g.params.rewards_coordinator, u256_from_u64(1000000));

    rc_token_leaf l30[1] = {{t1, u256_from_u64(32)}};
    rc_token_leaf l31[2] = {{t1, u256_from_u64(7)}, {t2, u256_from_u64(1000)}};
    rc_token_leaf l32[1] = {{t2, u256_from_u64(5)}};
    rc_tree_earner earners[3] = {{addr(0x30), l30, 1}, {addr(0x31), l31, 2}, {addr(0x32), l32, 1}};
    rc_tree t;
    if (!rc_tree_build(&t, earners, 3)) abort();
    if (rc_submit_root(&W.e, W.g.rewards_updater, rc_tree_root(&t), 1749999999) != RS_OK) abort();
    rc_tree_free(&t);
    rs_state_commit(W.st);
    W.e.timestamp += 7200;

    rs_arena_init(&W.types, 0);
    if (abi_signature_params(&W.types, PROCESS_CLAIM, &W.process_params) != ABI_OK) abort();
    W.claim_type = W.process_params->fields[0];
    W.ready = true;
}

static void put_selector(rs_buf *b, const char *sig) {
    uint32_t s = rs_selector_of(sig);
    uint8_t sb[4] = {(uint8_t)(s >> 24), (uint8_t)(s >> 16), (uint8_t)(s >> 8), (uint8_t)s};
    rs_buf_put(b, sb, 4);
}

/* Runs one call as a static call: whatever it wrote is undone. */
static int run(const uint8_t *cd, size_t len, rs_addr from) {
    rs_env_reset(&W.e);
    size_t cp = rs_state_checkpoint(W.st);
    int rc = rs_call(&W.e, from, W.g.params.rewards_coordinator, U256_ZERO, cd, len, NULL);
    rs_state_revert(W.st, cp);
    rs_state_commit(W.st);
    return rc;
}

static bool reverted_with(const char *error_sig) {
    uint32_t s = rs_selector_of(error_sig);
    return W.e.revert_len == 4 && ((uint32_t)W.e.revert[0] << 24 | (uint32_t)W.e.revert[1] << 16 |
                                   (uint32_t)W.e.revert[2] << 8 | W.e.revert[3]) == s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!W.ready) init_world();
    /* The selector is always processClaim's: the fuzzer explores the arguments. */
    rs_buf cd;
    rs_buf_init(&cd);
    put_selector(&cd, PROCESS_CLAIM);
    if (size > 4) rs_buf_put(&cd, data + 4, size - 4);

    rs_arena a;
    rs_arena_init(&a, 64u << 20);
    abi_val args;
    abi_error err;
    bool decoded = abi_decode(&a, W.process_params, cd.p + 4, cd.len - 4, &args, &err) == ABI_OK;
    rs_addr earner = decoded ? abi_addr(&args.items[0].items[3].items[0]) : RS_ADDR_ZERO;
    int process_rc = run(cd.p, cd.len, earner);
    bool proof_error = reverted_with("InvalidClaimProof()") || reverted_with("RootNotActivated()") ||
                       reverted_with("EmptyRoot()") || reverted_with("InvalidEarnerLeafIndex()");
    if (!decoded && process_rc == RS_OK) abort(); /* undecodable calldata must revert */
    if (decoded) {
        rs_buf check;
        rs_buf_init(&check);
        put_selector(&check, CHECK_CLAIM);
        abi_encode(&check, W.claim_type, &args.items[0]);
        int check_rc = run(check.p, check.len, RS_ADDR_ZERO);
        /* processClaim by the earner fails after checkClaim's checks only
         * on claimed-amount or token-transfer grounds, never on a proof. */
        if (check_rc == RS_OK && process_rc != RS_OK && proof_error) abort();
        if (check_rc != RS_OK && process_rc == RS_OK) abort();
        rs_buf_free(&check);
    }
    rs_arena_free(&a);
    rs_buf_free(&cd);
    return 0;
}
