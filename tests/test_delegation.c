/* DelegationManager through the protocol API: operators, delegation with
 * approver signatures, deposits through the StrategyManager, the withdrawal
 * queue and its delay, slashing of operator shares and queued shares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/delegation.h"
#include "protocol/eigenpod.h"
#include "protocol/erc20.h"
#include "protocol/slashing_math.h"
#include "protocol/strategy.h"
#include "restake/contracts.h"
#include "restake/genesis.h"
#include "restake/hex.h"
#include "restake/keccak.h"
#include "test_signer.h"
#include "test_util.h"
#include "restake/router.h"

#define DELAY 5
#define START_BLOCK 1000

static rs_addr A(uint8_t tag, uint8_t n) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[0] = tag;
    a.b[19] = n;
    return a;
}

typedef struct {
    rs_state *st;
    rs_params p;
    rs_env e;
    rs_addr token, strategy, op, staker, staker2;
} fixture;

static fixture F;

static int setup(void **state) {
    fixture *f = &F;
    memset(f, 0, sizeof *f);
    rs_genesis g;
    memset(&g, 0, sizeof g);
    rs_params_defaults(&g.params);
    g.params.chain_id = 31337;
    g.params.min_withdrawal_delay_blocks = DELAY;
    g.params.delegation_manager = A(0xd0, 1);
    g.params.strategy_manager = A(0xd0, 2);
    g.params.allocation_manager = A(0xd0, 3);
    g.params.allocation_manager_view = A(0xd0, 4);
    g.params.permission_controller = A(0xd0, 5);
    g.params.eigen_pod_manager = A(0xd0, 6);
    g.params.pauser_registry = A(0xd0, 7);
    g.params.strategy_factory = A(0xd0, 8);
    g.params.rewards_coordinator = A(0xd0, 9);
    g.params.avs_directory = A(0xd0, 10);
    g.params.eigen_pod_beacon = A(0xd0, 11);
    g.params.strategy_beacon = A(0xd0, 12);
    g.block = START_BLOCK;
    g.timestamp = 1750000000;
    g.owner = A(0xee, 1);
    f->token = A(0x70, 1);
    f->strategy = A(0x57, 1);
    f->op = A(0x0b, 1);
    f->staker = A(0x5a, 1);
    f->staker2 = A(0x5a, 2);

    rs_gen_balance bal[2] = {{f->staker, D("1000000000000000000000")}, {f->staker2, D("1000000000000000000000")}};
    rs_gen_allowance allow[2] = {{f->staker, g.params.strategy_manager, U256_MAX},
                                 {f->staker2, g.params.strategy_manager, U256_MAX}};
    rs_gen_token tok;
    memset(&tok, 0, sizeof tok);
    tok.address = f->token;
    strcpy(tok.name, "Token A");
    strcpy(tok.symbol, "TKA");
    tok.decimals = 18;
    tok.balances = bal;
    tok.nbalances = 2;
    tok.allowances = allow;
    tok.nallowances = 2;
    rs_gen_strategy strat = {f->strategy, f->token, true};
    g.tokens = &tok;
    g.ntokens = 1;
    g.strategies = &strat;
    g.nstrategies = 1;

    f->p = g.params;
    f->st = rs_state_new();
    rs_genesis_apply(f->st, &g);
    rs_env_init(&f->e, f->st, &f->p);
    rs_router_attach(&f->e);
    f->e.block_number = START_BLOCK + 1;
    f->e.timestamp = 1750000012;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    rs_env_free(&f->e);
    rs_state_free(f->st);
    return 0;
}

static uint32_t revert_selector(const rs_env *e) {
    if (e->revert_len < 4) return 0;
    return (uint32_t)e->revert[0] << 24 | (uint32_t)e->revert[1] << 16 | (uint32_t)e->revert[2] << 8 | e->revert[3];
}

#define assert_reverts_with(call, sig)                                  \
    do {                                                                \
        assert_int_equal((call), RS_REVERTED);                          \
        assert_int_equal(revert_selector(&f->e), rs_selector_of(sig)); \
    } while (0)

static const uint8_t URI[] = "https://example.invalid/op";

static void register_op(fixture *f, rs_addr op, rs_addr approver) {
    assert_int_equal(dm_register_as_operator(&f->e, op, approver, 1, URI, sizeof URI - 1), RS_OK);
}

static void deposit(fixture *f, rs_addr staker, const char *amount) {
    u256 shares;
    assert_int_equal(sm_deposit_into_strategy(&f->e, staker, f->strategy, f->token, D(amount), &shares), RS_OK);
}

static void test_withdrawal_root_matches_recorded_vector(void **state) {
    (void)state;
    /* liquid_0001 step 26: root and Withdrawal as the canonical contract emitted them */
    rs_addr staker, s1, s2;
    assert_true(rs_addr_from_hex(&staker, "0xE544331849727de87027D945E6d46F6cA2C06B83"));
    assert_true(rs_addr_from_hex(&s1, "0xBfab43aF3dA407a51114813d462f25017462e94a"));
    assert_true(rs_addr_from_hex(&s2, "0xd429c5e96255e59C08E8eca2D01394888725E8b5"));
    rs_addr strategies[2] = {s1, s2};
    u256 scaled[2] = {D("119864973999782374068094748"), U256_ONE};
    dm_withdrawal w = {staker, staker, staker, U256_ZERO, 139, 2, strategies, scaled};
    rs_b32 root = dm_withdrawal_root(&w);
    rs_b32 want;
    const char *hex = "0xf0c56cf5eca562017afaedcfca0d80289ab52dd37e8ac98d6107e1bbd6c2bcc2";
    assert_int_equal(rs_hex_decode(hex, strlen(hex), want.b, 32), 32);
    assert_memory_equal(root.b, want.b, 32);
}

static void test_register_and_operator_checks(void **state) {
    fixture *f = *state;
    register_op(f, f->op, RS_ADDR_ZERO);
    assert_true(dm_is_operator(&f->e, f->op));
    assert_true(rs_addr_eq(dm_delegated_to(&f->e, f->op), f->op));
    /* AllocationDelaySet, DelegationApproverUpdated, StakerDelegated, OperatorRegistered, OperatorMetadataURIUpdated */
    assert_int_equal(f->e.nlogs, 5);
    rs_b32 t = rs_topic_of("OperatorRegistered(address,address)");
    assert_memory_equal(f->e.logs[3].topics[0].b, t.b, 32);
    assert_reverts_with(dm_register_as_operator(&f->e, f->op, RS_ADDR_ZERO, 1, URI, 3), "ActivelyDelegated()");
    assert_reverts_with(dm_modify_operator_details(&f->e, f->staker, f->staker, RS_ADDR_ZERO),
                        "OperatorNotRegistered()");
    assert_reverts_with(dm_modify_operator_details(&f->e, f->staker, f->op, RS_ADDR_ZERO), "InvalidPermissions()");
    rs_b32 *roots;
    size_t n;
    assert_reverts_with(dm_undelegate(&f->e, f->op, f->op, &roots, &n), "OperatorsCannotUndelegate()");
    assert_reverts_with(dm_undelegate(&f->e, f->staker, f->staker, &roots, &n), "NotActivelyDelegated()");
    assert_reverts_with(dm_delegate_to(&f->e, f->staker, f->staker, NULL, 0, U256_ZERO, RS_B32_ZERO),
                        "OperatorNotRegistered()");
}

static void test_deposit_delegate_queue_complete(void **state) {
    fixture *f = *state;
    register_op(f, f->op, RS_ADDR_ZERO);
    deposit(f, f->staker, "100000000000000000000");
    assert_u256(dm_operator_shares(&f->e, f->op, f->strategy), "0");
    assert_int_equal(dm_delegate_to(&f->e, f->staker, f->op, NULL, 0, U256_ZERO, RS_B32_ZERO), RS_OK);
    assert_u256(dm_operator_shares(&f->e, f->op, f->strategy), "100000000000000000000");
    /* further deposits flow to the operator through increaseDelegatedShares */
    deposit(f, f->staker, "50000000000000000000");
    assert_u256(dm_operator_shares(&f->e, f->op, f->strategy), "150000000000000000000");
    assert_u256(dm_deposit_scaling_factor(&f->e, f->staker, f->strategy), "1000000000000000000");

    u256 amounts[1] = {D("150000000000000000000")};
    dm_queue_params qp = {1, &f->strategy, 1, amounts};
    rs_b32 root;
    assert_int_equal(dm_queue_withdrawals(&f->e, f->staker, &qp, 1, &root), RS_OK);
    assert_u256(dm_operator_shares(&f->e, f->op, f->strategy), "0");
    assert_u256(sm_staker_deposit_shares(&f->e, f->staker, f->strategy), "0");
    assert_u256(dm_cumulative_withdrawals_queued(&f->e, f->staker), "1");
    assert_true(dm_pending_withdrawal(&f->e, root));
    /* everything queued within the delay is still slashable */
    u256 slashable;
    assert_int_equal(dm_get_slashable_shares_in_queue(&f->e, f->op, f->strategy, &slashable), RS_OK);
    assert_u256(slashable, "150000000000000000000");

    rs_b32 *roots;
    size_t n = dm_get_queued_withdrawal_roots(&f->e, f->staker, &roots);
    assert_int_equal(n, 1);
    assert_memory_equal(roots[0].b, root.b, 32);
    free(roots);

    dm_withdrawal w;
    u256 *shares;
    assert_int_equal(dm_get_queued_withdrawal(&f->e, root, &w, &shares), RS_OK);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.start_block, START_BLOCK + 1);
    assert_u256(shares[0], "150000000000000000000");
    free(shares);

    rs_addr tokens[1] = {f->token};
    /* slashable until start + delay inclusive */
    f->e.block_number = START_BLOCK + 1 + DELAY;
    assert_reverts_with(dm_complete_queued_withdrawal(&f->e, f->staker, &w, tokens, 1, true),
                        "WithdrawalDelayNotElapsed()");
    f->e.block_number++;
    assert_reverts_with(dm_complete_queued_withdrawal(&f->e, f->staker2, &w, tokens, 1, true), "WithdrawerNotCaller()");
    assert_reverts_with(dm_complete_queued_withdrawal(&f->e, f->staker, &w, tokens, 0, true),
                        "InputArrayLengthMismatch()");
    u256 before = erc20_balance_of(&f->e, f->token, f->staker);
    assert_int_equal(dm_complete_queued_withdrawal(&f->e, f->staker, &w, tokens, 1, true), RS_OK);
    u256 after = erc20_balance_of(&f->e, f->token, f->staker), got;
    assert_true(u256_sub(&got, after, before));
    assert_u256(got, "150000000000000000000");
    assert_false(dm_pending_withdrawal(&f->e, root));
    assert_int_equal(dm_get_queued_withdrawal_roots(&f->e, f->staker, &roots), 0);
    free(roots);
    assert_reverts_with(dm_complete_queued_withdrawal(&f->e, f->staker, &w, tokens, 1, true), "WithdrawalNotQueued()");
    /* out of the slashable window now */
    assert_int_equal(dm_get_slashable_shares_in_queue(&f->e, f->op, f->strategy, &slashable), RS_OK);
    assert_u256(slashable, "0");
    dm_withdrawal_free(&w);
}

static void test_undelegate_queues_and_redeposit_as_shares(void **state) {
    fixture *f = *state;
    register_op(f, f->op, RS_ADDR_ZERO);
    deposit(f, f->staker, "7000");
    assert_int_equal(dm_delegate_to(&f->e, f->staker, f->op, NULL, 0, U256_ZERO, RS_B32_ZERO), RS_OK);
    rs_b32 *roots;
    size_t n;
    /* neither the operator nor its approver: a stranger may not force it */
    assert_reverts_with(dm_undelegate(&f->e, f->staker2, f->staker, &roots, &n), "CallerCannotUndelegate()");
    size_t logs_before = f->e.nlogs;
    assert_int_equal(dm_undelegate(&f->e, f->op, f->staker, &roots, &n), RS_OK);
    assert_int_equal(n, 1);
    rs_b32 forced = rs_topic_of("StakerForceUndelegated(address,address)");
    assert_memory_equal(f->e.logs[logs_before].topics[0].b, forced.b, 32);
    assert_false(dm_is_delegated(&f->e, f->staker));
    assert_u256(dm_operator_shares(&f->e, f->op, f->strategy), "0");

    dm_withdrawal w;
    u256 *shares;
    assert_int_equal(dm_get_queued_withdrawal(&f->e, roots[0], &w, &shares), RS_OK);
    free(shares);
    free(roots);
    f->e.block_number += DELAY + 1;
    rs_addr tokens[1] = {f->token};
    const rs_addr *lists[1] = {tokens};
    size_t ntokens[1] = {1};
    bool as_tokens[1] = {false};
    /* receiveAsTokens shorter than withdrawals: Panic(0x32) */
    assert_int_equal(dm_complete_queued_withdrawals(&f->e, f->staker, &w, 1, lists, ntokens, 1, as_tokens, 0),
                     RS_REVERTED);
    assert_int_equal(f->e.revert[35], 0x32);
    assert_int_equal(dm_complete_queued_withdrawals(&f->e, f->staker, &w, 1, lists, ntokens, 1, as_tokens, 1), RS_OK);
    assert_u256(sm_staker_deposit_shares(&f->e, f->staker, f->strategy), "7000");
    /* not delegated: the operator gains nothing */
    assert_u256(dm_operator_shares(&f->e, f->op, f->strategy), "0");
    dm_withdrawal_free(&w);
}

/* ---- approver signatures ---- */

static const uint8_t APPROVER_KEY[32] = {[31] = 0x42};

static void test_delegate_with_approver_signature(void **state) {
    fixture *f = *state;
    rs_addr approver = key_address(APPROVER_KEY);
    register_op(f, f->op, approver);
    u256 expiry = u256_from_u64(f->e.timestamp + 100);
    rs_b32 salt = RS_B32_ZERO;
    salt.b[0] = 7;
    rs_b32 digest = dm_delegation_approval_digest(&f->e, f->staker, f->op, approver, salt, expiry);
    uint8_t sig[65];
    sign(APPROVER_KEY, digest, sig);

    /* Each failing call spends its salt before failing (rs_call would roll it
     * back; these direct calls do not), so each case uses its own salt. */
    rs_b32 salts[3] = {salt, salt, salt};
    salts[1].b[1] = 1;
    salts[2].b[1] = 2;
    /* signed for staker, used by staker2: a different digest */
    assert_reverts_with(dm_delegate_to(&f->e, f->staker2, f->op, sig, 65, expiry, salts[0]), "InvalidSignature()");
    assert_true(dm_salt_is_spent(&f->e, approver, salts[0]));
    assert_reverts_with(dm_delegate_to(&f->e, f->staker, f->op, sig, 65, expiry, salts[0]), "SaltSpent()");
    /* expired: checked before the signature */
    assert_reverts_with(dm_delegate_to(&f->e, f->staker, f->op, sig, 65, u256_from_u64(f->e.timestamp - 1), salts[1]),
                        "SignatureExpired()");
    /* malformed length */
    assert_reverts_with(dm_delegate_to(&f->e, f->staker, f->op, sig, 64, expiry, salts[2]), "InvalidSignature()");
    rs_b32 salt2 = salt;
    salt2.b[0] = 8;
    digest = dm_delegation_approval_digest(&f->e, f->staker, f->op, approver, salt2, expiry);
    sign(APPROVER_KEY, digest, sig);
    assert_int_equal(dm_delegate_to(&f->e, f->staker, f->op, sig, 65, expiry, salt2), RS_OK);
    assert_true(dm_salt_is_spent(&f->e, approver, salt2));
    assert_true(rs_addr_eq(dm_delegated_to(&f->e, f->staker), f->op));

    /* the approver may force an undelegation */
    rs_b32 *roots;
    size_t n;
    assert_int_equal(dm_undelegate(&f->e, approver, f->staker, &roots, &n), RS_OK);
    assert_int_equal(n, 0);
    free(roots);
    assert_reverts_with(dm_delegate_to(&f->e, f->staker, f->op, sig, 65, expiry, salt2), "SaltSpent()");
}

static void test_only_callers(void **state) {
    fixture *f = *state;
    assert_reverts_with(dm_increase_delegated_shares(&f->e, f->staker, f->staker, f->strategy, U256_ZERO, U256_ONE),
                        "OnlyStrategyManagerOrEigenPodManager()");
    assert_reverts_with(dm_decrease_delegated_shares(&f->e, f->staker, f->staker, U256_ONE, 1),
                        "OnlyEigenPodManager()");
    u256 total;
    assert_reverts_with(dm_slash_operator_shares(&f->e, f->staker, f->op, f->staker, 1, U256_ONE, f->strategy,
                                                 1000000000000000000ULL, 500000000000000000ULL, &total),
                        "OnlyAllocationManager()");
}

static void test_slash_operator_shares_and_queue(void **state) {
    fixture *f = *state;
    register_op(f, f->op, RS_ADDR_ZERO);
    deposit(f, f->staker, "1000");
    deposit(f, f->staker2, "3000");
    assert_int_equal(dm_delegate_to(&f->e, f->staker, f->op, NULL, 0, U256_ZERO, RS_B32_ZERO), RS_OK);
    assert_int_equal(dm_delegate_to(&f->e, f->staker2, f->op, NULL, 0, U256_ZERO, RS_B32_ZERO), RS_OK);
    u256 amounts[1] = {D("1000")};
    dm_queue_params qp = {1, &f->strategy, 1, amounts};
    rs_b32 root;
    assert_int_equal(dm_queue_withdrawals(&f->e, f->staker, &qp, 1, &root), RS_OK);
    assert_u256(dm_operator_shares(&f->e, f->op, f->strategy), "3000");

    /* the AllocationManager reports a max magnitude cut from 1e18 to 0.4e18 (60% slash) */
    u256 total;
    assert_int_equal(dm_slash_operator_shares(&f->e, f->p.allocation_manager, f->op, A(0xa5, 1), 0, U256_ONE,
                                              f->strategy, 1000000000000000000ULL, 400000000000000000ULL, &total),
                     RS_OK);
    /* 3000 - ceil(3000*0.4) = 1800 from the operator, 1000 - ceil(1000*0.4) = 600 from the queue */
    assert_u256(total, "2400");
    assert_u256(dm_operator_shares(&f->e, f->op, f->strategy), "1200");
    assert_u256(sm_get_burn_or_redistributable_shares_of(&f->e, A(0xa5, 1), 0, U256_ONE, f->strategy), "2400");
}

static void test_beacon_strategy_shares(void **state) {
    fixture *f = *state;
    rs_addr beacon = f->p.beacon_chain_eth_strategy;
    register_op(f, f->op, RS_ADDR_ZERO);
    deposit(f, f->staker, "500");
    u256 prev, added;
    assert_int_equal(epm_add_shares(&f->e, f->p.delegation_manager, f->staker, beacon, D("32000000000000000000"), &prev,
                                    &added),
                     RS_OK);
    assert_int_equal(dm_increase_delegated_shares(&f->e, f->p.eigen_pod_manager, f->staker, beacon, prev, added),
                     RS_OK);
    assert_int_equal(dm_delegate_to(&f->e, f->staker, f->op, NULL, 0, U256_ZERO, RS_B32_ZERO), RS_OK);
    assert_u256(dm_operator_shares(&f->e, f->op, beacon), "32000000000000000000");
    assert_u256(dm_operator_shares(&f->e, f->op, f->strategy), "500");

    /* the beacon strategy comes after the StrategyManager's strategies */
    rs_addr *strategies;
    u256 *shares;
    size_t n;
    assert_int_equal(dm_get_deposited_shares(&f->e, f->staker, &strategies, &shares, &n), RS_OK);
    assert_int_equal(n, 2);
    assert_true(rs_addr_eq(strategies[0], f->strategy));
    assert_true(rs_addr_eq(strategies[1], beacon));
    assert_u256(shares[1], "32000000000000000000");
    free(strategies);
    free(shares);

    /* a 25% beacon-chain slashing factor decrease removes 8 ETH of the 32 from the operator */
    assert_int_equal(dm_decrease_delegated_shares(&f->e, f->p.eigen_pod_manager, f->staker, D("32000000000000000000"),
                                                  250000000000000000ULL),
                     RS_OK);
    assert_u256(dm_operator_shares(&f->e, f->op, beacon), "24000000000000000000");
    /* not delegated: nothing to decrease, no revert */
    assert_int_equal(dm_decrease_delegated_shares(&f->e, f->p.eigen_pod_manager, f->staker2, U256_ONE, 1), RS_OK);
}

/* ---- the contract surface (rs_call) ---- */

static int call(fixture *f, rs_addr from, const char *sig, const uint8_t *args, size_t len, rs_buf *ret) {
    rs_buf cd;
    rs_buf_init(&cd);
    uint32_t sel = rs_selector_of(sig);
    uint8_t s4[4] = {sel >> 24, sel >> 16, sel >> 8, sel};
    rs_buf_put(&cd, s4, 4);
    rs_buf_put(&cd, args, len);
    int rc = rs_call(&f->e, from, f->p.delegation_manager, U256_ZERO, cd.p, cd.len, ret);
    rs_buf_free(&cd);
    return rc;
}

static u256 word_at(const rs_buf *b, size_t off) {
    assert_true(off + 32 <= b->len);
    return u256_from_be(b->p + off);
}

static void test_contract_views_round_trip(void **state) {
    fixture *f = *state;
    register_op(f, f->op, RS_ADDR_ZERO);
    deposit(f, f->staker, "1234");
    assert_int_equal(dm_delegate_to(&f->e, f->staker, f->op, NULL, 0, U256_ZERO, RS_B32_ZERO), RS_OK);
    u256 amounts[1] = {D("234")};
    dm_queue_params qp = {1, &f->strategy, 1, amounts};
    rs_b32 root;
    assert_int_equal(dm_queue_withdrawals(&f->e, f->staker, &qp, 1, &root), RS_OK);

    rs_buf ret, args;
    rs_buf_init(&ret);
    rs_buf_init(&args);
    /* queuedWithdrawals(root) returns abi.encode(Withdrawal): exactly the
     * calldata calculateWithdrawalRoot takes, and that must hash to root. */
    rs_buf_word_b32(&args, root);
    assert_int_equal(call(f, RS_ADDR_ZERO, "queuedWithdrawals(bytes32)", args.p, args.len, &ret), RS_OK);
    assert_int_equal(ret.len, 32 + 7 * 32 + 2 * 64);
    assert_u256_equal(word_at(&ret, 32), rs_addr_to_u256(f->staker));
    assert_u256_equal(word_at(&ret, 64), rs_addr_to_u256(f->op));
    assert_int_equal(word_at(&ret, 5 * 32).w[0], START_BLOCK + 1);
    rs_buf enc;
    rs_buf_init(&enc);
    rs_buf_put(&enc, ret.p, ret.len);
    const char *root_sig = "calculateWithdrawalRoot((address,address,address,uint256,uint32,address[],uint256[]))";
    assert_int_equal(call(f, RS_ADDR_ZERO, root_sig, enc.p, enc.len, &ret), RS_OK);
    assert_int_equal(ret.len, 32);
    assert_memory_equal(ret.p, root.b, 32);

    /* getQueuedWithdrawal: (Withdrawal, uint256[]) with the shares payable now */
    assert_int_equal(call(f, RS_ADDR_ZERO, "getQueuedWithdrawal(bytes32)", args.p, args.len, &ret), RS_OK);
    assert_int_equal(word_at(&ret, 0).w[0], 64);
    size_t off = (size_t)word_at(&ret, 32).w[0];
    assert_int_equal(off, 64 + 7 * 32 + 2 * 64);
    assert_int_equal(word_at(&ret, off).w[0], 1);
    assert_u256(word_at(&ret, off + 32), "234");
    assert_int_equal(ret.len, off + 64);

    /* getOperatorsShares([op, staker], [strategy]) = [[1000], [0]] */
    rs_buf_reset(&args);
    rs_buf_word_u64(&args, 64);
    rs_buf_word_u64(&args, 64 + 96);
    rs_buf_word_u64(&args, 2);
    rs_buf_word_addr(&args, f->op);
    rs_buf_word_addr(&args, f->staker);
    rs_buf_word_u64(&args, 1);
    rs_buf_word_addr(&args, f->strategy);
    assert_int_equal(call(f, RS_ADDR_ZERO, "getOperatorsShares(address[],address[])", args.p, args.len, &ret), RS_OK);
    const uint64_t want[] = {32, 2, 64, 128, 1, 1000, 1, 0};
    assert_int_equal(ret.len, sizeof want / sizeof want[0] * 32);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) assert_int_equal(word_at(&ret, 32 * i).w[0], want[i]);

    /* version() and minWithdrawalDelayBlocks() come from the params */
    assert_int_equal(call(f, RS_ADDR_ZERO, "minWithdrawalDelayBlocks()", NULL, 0, &ret), RS_OK);
    assert_int_equal(word_at(&ret, 0).w[0], DELAY);
    assert_int_equal(call(f, RS_ADDR_ZERO, "version()", NULL, 0, &ret), RS_OK);
    assert_int_equal(word_at(&ret, 32).w[0], strlen(f->p.version));
    assert_memory_equal(ret.p + 64, f->p.version, strlen(f->p.version));

    /* convertToDepositShares(staker, [s, s], [1000]): index 1 of the shorter array panics 0x32 */
    rs_buf_reset(&args);
    rs_buf_word_addr(&args, f->staker);
    rs_buf_word_u64(&args, 96);
    rs_buf_word_u64(&args, 96 + 96);
    rs_buf_word_u64(&args, 2);
    rs_buf_word_addr(&args, f->strategy);
    rs_buf_word_addr(&args, f->strategy);
    rs_buf_word_u64(&args, 1);
    rs_buf_word_u64(&args, 1000);
    const char *conv = "convertToDepositShares(address,address[],uint256[])";
    assert_int_equal(call(f, RS_ADDR_ZERO, conv, args.p, args.len, &ret), RS_REVERTED);
    assert_int_equal(f->e.revert_len, 36);
    assert_int_equal(revert_selector(&f->e), 0x4e487b71);
    assert_int_equal(f->e.revert[35], 0x32);
    /* with equal lengths: 1000 withdrawable at factor 1 is 1000 deposit shares each */
    rs_buf_set_word(&args, 32 * 6, u256_from_u64(2));
    rs_buf_word_u64(&args, 1000);
    assert_int_equal(call(f, RS_ADDR_ZERO, conv, args.p, args.len, &ret), RS_OK);
    const uint64_t conv_want[] = {32, 2, 1000, 1000};
    assert_int_equal(ret.len, 4 * 32);
    for (size_t i = 0; i < 4; i++) assert_int_equal(word_at(&ret, 32 * i).w[0], conv_want[i]);

    /* through rs_call the revert data reaches the caller unchanged */
    rs_buf_reset(&args);
    rs_buf_word_addr(&args, f->staker2);
    assert_int_equal(call(f, f->staker, "undelegate(address)", args.p, args.len, &ret), RS_REVERTED);
    assert_int_equal(revert_selector(&f->e), rs_selector_of("NotActivelyDelegated()"));
    rs_buf_free(&enc);
    rs_buf_free(&args);
    rs_buf_free(&ret);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_withdrawal_root_matches_recorded_vector),
        cmocka_unit_test_setup_teardown(test_register_and_operator_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deposit_delegate_queue_complete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undelegate_queues_and_redeposit_as_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delegate_with_approver_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_callers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slash_operator_shares_and_queue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_contract_views_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_beacon_strategy_shares, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
