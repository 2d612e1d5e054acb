/* StrategyManager + StrategyBase + StrategyFactory: exchange rate and its
 * virtual offsets, share caps, the staker strategy list, the deposit
 * whitelist, signed deposits, the slashed-share escrow, strategy deployment. */

#include "liquid_fixture.h"
#include "restake/hex.h"
#include "protocol/erc20.h"
#include "protocol/pausing.h"
#include "protocol/strategy.h"
#include "protocol/strategy_factory.h"
#include "test_signer.h"
#include "restake/router.h"
#include "test_util.h"

#define E18 1000000000000000000ULL

typedef struct {
    lq_world w;
    rs_addr token, strategy, alice, bob;
} sfx;

static void genesis_with(lq_world *w, rs_gen_strategy *strategies, size_t n) {
    rs_genesis g;
    memset(&g, 0, sizeof g);
    g.params = w->p;
    g.owner = w->owner;
    g.pausers[0] = w->pauser;
    g.npausers = 1;
    g.unpauser = w->unpauser;
    g.strategy_whitelister = w->whitelister;
    g.strategies = strategies;
    g.nstrategies = n;
    pause_genesis(w->st, &g);
    sm_genesis(w->st, &g);
    sf_genesis(w->st, &g);
}

static int setup(void **state) {
    sfx *f = calloc(1, sizeof *f);
    lq_init(&f->w);
    f->token = lq_addr(0x300);
    f->strategy = lq_addr(0x500);
    f->alice = lq_addr(0x400);
    f->bob = lq_addr(0x401);
    erc20_create(f->w.st, f->token, "TKA token", "TKA", 18, true);
    rs_gen_strategy s = {f->strategy, f->token, true};
    genesis_with(&f->w, &s, 1);
    erc20_credit(f->w.st, f->token, f->alice, lq_u(10 * E18));
    erc20_credit(f->w.st, f->token, f->bob, lq_u(10 * E18));
    rs_env *e = &f->w.e;
    assert_int_equal(erc20_approve(e, f->alice, f->token, f->w.p.strategy_manager, U256_MAX), RS_OK);
    assert_int_equal(erc20_approve(e, f->bob, f->token, f->w.p.strategy_manager, U256_MAX), RS_OK);
    rs_env_reset(e);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    sfx *f = *state;
    lq_free(&f->w);
    free(f);
    return 0;
}

static int deposit(sfx *f, rs_addr who, u256 amount, u256 *shares) {
    rs_env_reset(&f->w.e);
    /* a revert undoes everything, as rs_call would */
    size_t cp = rs_state_checkpoint(f->w.st);
    int rc = sm_deposit_into_strategy(&f->w.e, who, f->strategy, f->token, amount, shares);
    if (rc != RS_OK) rs_state_revert(f->w.st, cp);
    return rc;
}

static void test_first_deposit_is_one_to_one(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    u256 shares;
    assert_int_equal(deposit(f, f->alice, lq_u(E18), &shares), RS_OK);
    assert_int_equal(shares.w[0], E18);
    assert_int_equal(sb_total_shares(e, f->strategy).w[0], E18);
    assert_int_equal(sm_staker_deposit_shares(e, f->alice, f->strategy).w[0], E18);
    assert_int_equal(erc20_balance_of(e, f->token, f->strategy).w[0], E18);
    /* Transfer (token), ExchangeRateEmitted (strategy), Deposit (manager) */
    lq_expect_topic0(e, 0, "Transfer(address,address,uint256)");
    lq_expect_topic0(e, 1, "ExchangeRateEmitted(uint256)");
    assert_int_equal(lq_log_word(e, 1, 0).w[0], E18);
    assert_true(rs_addr_eq(e->logs[1].address, f->strategy));
    lq_expect_topic0(e, 2, "Deposit(address,address,uint256)");
    assert_true(rs_addr_eq(e->logs[2].address, f->w.p.strategy_manager));
    assert_int_equal(lq_log_word(e, 2, 2).w[0], E18);
    assert_int_equal(sb_shares_to_underlying_view(e, f->strategy, lq_u(E18)).w[0], E18);
}

/* The virtual offsets defeat the donation attack: 1 wei of shares plus a
 * 1e18 donation leaves the victim with 1000 shares worth 0.9995e18 and the
 * attacker with 1 share worth ~1e15. */
static void test_inflation_attack_is_unprofitable(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    u256 shares;
    assert_int_equal(deposit(f, f->bob, lq_u(1), &shares), RS_OK);
    assert_int_equal(shares.w[0], 1);
    assert_int_equal(erc20_transfer(e, f->bob, f->token, f->strategy, lq_u(E18)), RS_OK);
    assert_int_equal(deposit(f, f->alice, lq_u(E18), &shares), RS_OK);
    assert_int_equal(shares.w[0], 1000);
    assert_int_equal(sb_total_shares(e, f->strategy).w[0], 1001);
    assert_u256_equal(lq_log_word(e, 1, 0), lq_dec("999500249875062969015492253873063"));
    assert_u256_equal(sb_shares_to_underlying_view(e, f->strategy, lq_u(1000)), lq_u(999500249875062969ULL));
    assert_u256_equal(sb_shares_to_underlying_view(e, f->strategy, lq_u(1)), lq_u(999500249875062ULL));
    /* a deposit too small for one share */
    assert_int_equal(deposit(f, f->alice, lq_u(1), &shares), RS_REVERTED);
    lq_expect_error(e, "NewSharesZero()");
    assert_int_equal(sb_underlying_to_shares_view(e, f->strategy, lq_u(1)).w[0], 0);
}

static void test_max_total_shares(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    u256 cap = lq_dec("99999999999999999999999999999999999999");
    u256 over = lq_dec("100000000000000000000000000000000000000");
    assert_int_equal(erc20_mint(e, f->alice, f->token, f->alice, over), RS_OK);
    u256 shares;
    assert_int_equal(deposit(f, f->alice, over, &shares), RS_REVERTED);
    lq_expect_error(e, "TotalSharesExceedsMax()");
    assert_int_equal(deposit(f, f->alice, cap, &shares), RS_OK);
    assert_u256_equal(shares, cap);
}

static void test_withdraw_paths(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    rs_addr sm = f->w.p.strategy_manager, dm = f->w.p.delegation_manager;
    u256 shares, out;
    assert_int_equal(deposit(f, f->alice, lq_u(4 * E18), &shares), RS_OK);
    assert_int_equal(sb_withdraw(e, f->alice, f->strategy, f->alice, f->token, lq_u(1), &out), RS_REVERTED);
    lq_expect_error(e, "OnlyStrategyManager()");
    assert_int_equal(sb_withdraw(e, sm, f->strategy, f->alice, lq_addr(0x999), lq_u(1), &out), RS_REVERTED);
    lq_expect_error(e, "OnlyUnderlyingToken()");
    assert_int_equal(sb_withdraw(e, sm, f->strategy, f->alice, f->token, lq_u(4 * E18 + 1), &out), RS_REVERTED);
    lq_expect_error(e, "WithdrawalAmountExceedsTotalDeposits()");
    assert_int_equal(sm_withdraw_shares_as_tokens(e, f->alice, f->alice, f->strategy, f->token, lq_u(1)),
                     RS_REVERTED);
    lq_expect_error(e, "OnlyDelegationManager()");
    u256 before = erc20_balance_of(e, f->token, f->bob);
    assert_int_equal(sm_withdraw_shares_as_tokens(e, dm, f->bob, f->strategy, f->token, lq_u(E18)), RS_OK);
    u256 after = erc20_balance_of(e, f->token, f->bob);
    assert_int_equal(u256_sub_wrap(after, before).w[0], E18);
    assert_int_equal(sb_total_shares(e, f->strategy).w[0], 3 * E18);
    /* withdrawals paused on the strategy */
    assert_int_equal(pause_pause(e, f->w.pauser, f->strategy, lq_u(2)), RS_OK);
    assert_int_equal(sm_withdraw_shares_as_tokens(e, dm, f->bob, f->strategy, f->token, lq_u(1)), RS_REVERTED);
    lq_expect_error(e, "CurrentlyPaused()");
}

static void test_strategy_entry_points_are_guarded(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    u256 shares;
    assert_int_equal(sb_deposit(e, f->alice, f->strategy, f->token, lq_u(1), &shares), RS_REVERTED);
    lq_expect_error(e, "OnlyStrategyManager()");
    assert_int_equal(sb_initialize(e, f->alice, f->strategy, f->token), RS_REVERTED);
    lq_expect_string(e, "Initializable: contract is already initialized");
    /* deposits paused on the strategy are checked before the caller */
    assert_int_equal(pause_pause(e, f->w.pauser, f->strategy, lq_u(1)), RS_OK);
    assert_int_equal(sb_deposit(e, f->alice, f->strategy, f->token, lq_u(1), &shares), RS_REVERTED);
    lq_expect_error(e, "CurrentlyPaused()");
    assert_int_equal(deposit(f, f->alice, lq_u(1), &shares), RS_REVERTED);
    lq_expect_error(e, "CurrentlyPaused()");
}

static void test_manager_pause_and_whitelist(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    rs_addr sm = f->w.p.strategy_manager;
    u256 shares;
    assert_int_equal(sm_remove_strategies_from_deposit_whitelist(e, f->alice, &f->strategy, 1), RS_REVERTED);
    lq_expect_error(e, "OnlyStrategyWhitelister()");
    rs_env_reset(e);
    assert_int_equal(sm_remove_strategies_from_deposit_whitelist(e, f->w.whitelister, &f->strategy, 1), RS_OK);
    assert_int_equal(e->nlogs, 1);
    lq_expect_topic0(e, 0, "StrategyRemovedFromDepositWhitelist(address)");
    assert_int_equal(deposit(f, f->alice, lq_u(5), &shares), RS_REVERTED);
    lq_expect_error(e, "StrategyNotWhitelisted()");
    rs_env_reset(e);
    rs_addr twice[2] = {f->strategy, f->strategy};
    assert_int_equal(sm_add_strategies_to_deposit_whitelist(e, f->w.whitelister, twice, 2), RS_OK);
    assert_int_equal(e->nlogs, 1); /* only a change emits */
    assert_int_equal(deposit(f, f->alice, lq_u(5), &shares), RS_OK);

    assert_int_equal(pause_pause(e, f->w.pauser, sm, lq_u(1)), RS_OK);
    assert_int_equal(deposit(f, f->alice, lq_u(5), &shares), RS_REVERTED);
    lq_expect_error(e, "CurrentlyPaused()");

    assert_int_equal(sm_set_strategy_whitelister(e, f->alice, f->alice), RS_REVERTED);
    lq_expect_string(e, "Ownable: caller is not the owner");
    assert_int_equal(sm_set_strategy_whitelister(e, f->w.owner, f->alice), RS_OK);
    assert_true(rs_addr_eq(sm_strategy_whitelister(e), f->alice));
}

/* 32 strategies per staker; removal moves the last into the hole. */
static void test_staker_strategy_list(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    rs_addr dm = f->w.p.delegation_manager;
    rs_addr s[33];
    for (uint32_t i = 0; i < 33; i++) {
        s[i] = lq_addr(0x600 + i);
        sb_create(f->w.st, s[i], f->token);
    }
    u256 prev, added;
    for (size_t i = 0; i < 32; i++)
        assert_int_equal(sm_add_shares(e, dm, f->alice, s[i], lq_u(10 + i), &prev, &added), RS_OK);
    assert_int_equal(sm_add_shares(e, dm, f->alice, s[32], lq_u(1), &prev, &added), RS_REVERTED);
    lq_expect_error(e, "MaxStrategiesExceeded()");
    /* more shares in a listed strategy are fine and report the previous amount */
    assert_int_equal(sm_add_shares(e, dm, f->alice, s[3], lq_u(7), &prev, &added), RS_OK);
    assert_int_equal(prev.w[0], 13);
    assert_int_equal(added.w[0], 7);
    assert_int_equal(sm_add_shares(e, f->alice, f->alice, s[3], lq_u(7), &prev, &added), RS_REVERTED);
    lq_expect_error(e, "OnlyDelegationManager()");
    assert_int_equal(sm_add_shares(e, dm, RS_ADDR_ZERO, s[3], lq_u(7), &prev, &added), RS_REVERTED);
    lq_expect_error(e, "StakerAddressZero()");
    assert_int_equal(sm_add_shares(e, dm, f->alice, s[3], U256_ZERO, &prev, &added), RS_REVERTED);
    lq_expect_error(e, "SharesAmountZero()");

    u256 left;
    assert_int_equal(sm_remove_deposit_shares(e, dm, f->alice, s[1], lq_u(12), &left), RS_REVERTED);
    lq_expect_error(e, "SharesAmountTooHigh()");
    assert_int_equal(sm_remove_deposit_shares(e, dm, f->alice, s[1], U256_ZERO, &left), RS_REVERTED);
    lq_expect_error(e, "SharesAmountZero()");
    assert_int_equal(sm_remove_deposit_shares(e, dm, f->alice, s[1], lq_u(5), &left), RS_OK);
    assert_int_equal(left.w[0], 6);
    assert_int_equal(sm_staker_strategy_list_length(e, f->alice), 32);
    assert_int_equal(sm_remove_deposit_shares(e, dm, f->alice, s[1], lq_u(6), &left), RS_OK);
    assert_int_equal(left.w[0], 0);
    rs_addr list[32];
    assert_int_equal(sm_staker_strategy_list(e, f->alice, list, 32), 31);
    assert_true(rs_addr_eq(list[0], s[0]));
    assert_true(rs_addr_eq(list[1], s[31]));
    assert_true(rs_addr_eq(list[2], s[2]));
    assert_true(rs_addr_eq(list[30], s[30]));
    /* the freed slot admits the 33rd */
    assert_int_equal(sm_add_shares(e, dm, f->alice, s[32], lq_u(1), &prev, &added), RS_OK);
    assert_int_equal(sm_staker_strategy_list(e, f->alice, list, 32), 32);
    assert_true(rs_addr_eq(list[31], s[32]));
}

/* ---- signed deposits ---- */

static void test_deposit_with_signature(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    uint8_t sk[32], other[32];
    memset(sk, 0x11, 32);
    memset(other, 0x22, 32);
    rs_addr staker = key_address(sk);
    u256 expiry = lq_u(e->timestamp + 100), amount = lq_u(3 * E18), shares;

    uint8_t sig[65];
    rs_b32 d = sm_deposit_digest(e, staker, f->strategy, f->token, amount, U256_ZERO, expiry);
    sign(sk, d, sig);

    /* a signature by someone else */
    uint8_t bad[65];
    sign(other, d, bad);
    rs_env_reset(e);
    assert_int_equal(sm_deposit_into_strategy_with_signature(e, f->bob, f->strategy, f->token, amount, staker, expiry,
                                                             bad, 65, &shares),
                     RS_REVERTED);
    lq_expect_error(e, "InvalidSignature()");
    /* the malleable twin (s' = n - s, parity flipped) is refused */
    uint8_t twin[65];
    memcpy(twin, sig, 65);
    u256 n = lq_dec("115792089237316195423570985008687907852837564279074904382605163141518161494337");
    u256_to_be(u256_sub_wrap(n, u256_from_be(sig + 32)), twin + 32);
    twin[64] = sig[64] == 27 ? 28 : 27;
    assert_int_equal(sm_deposit_into_strategy_with_signature(e, f->bob, f->strategy, f->token, amount, staker, expiry,
                                                             twin, 65, &shares),
                     RS_REVERTED);
    lq_expect_error(e, "InvalidSignature()");
    assert_int_equal(sm_deposit_into_strategy_with_signature(e, f->bob, f->strategy, f->token, amount, staker, expiry,
                                                             sig, 64, &shares),
                     RS_REVERTED);
    lq_expect_error(e, "InvalidSignature()");

    u256 bob_before = erc20_balance_of(e, f->token, f->bob);
    assert_int_equal(sm_deposit_into_strategy_with_signature(e, f->bob, f->strategy, f->token, amount, staker, expiry,
                                                             sig, 65, &shares),
                     RS_OK);
    assert_int_equal(shares.w[0], 3 * E18);
    assert_int_equal(sm_staker_deposit_shares(e, staker, f->strategy).w[0], 3 * E18);
    assert_int_equal(sm_nonce(e, staker).w[0], 1);
    /* tokens come from the caller, shares go to the signer */
    assert_int_equal(u256_sub_wrap(bob_before, erc20_balance_of(e, f->token, f->bob)).w[0], 3 * E18);
    /* replaying it: the nonce moved, so the digest no longer matches */
    assert_int_equal(sm_deposit_into_strategy_with_signature(e, f->bob, f->strategy, f->token, amount, staker, expiry,
                                                             sig, 65, &shares),
                     RS_REVERTED);
    lq_expect_error(e, "InvalidSignature()");
    /* expired: checked before the signature */
    u256 past = lq_u(e->timestamp - 1);
    assert_int_equal(sm_deposit_into_strategy_with_signature(e, f->bob, f->strategy, f->token, amount, staker, past,
                                                             sig, 65, &shares),
                     RS_REVERTED);
    lq_expect_error(e, "SignatureExpired()");
}

static rs_addr hex_addr(const char *h) {
    rs_addr a;
    assert_true(rs_addr_from_hex(&a, h));
    return a;
}

/* A signed deposit recorded in liquid_0001 (step with the first
 * depositIntoStrategyWithSignature): our digest must be the one the staker
 * signed, so the recorded signature recovers the staker. */
static void test_recorded_signature_verifies(void **state) {
    sfx *f = *state;
    rs_params p = f->w.p;
    p.chain_id = 31337;
    strcpy(p.version, "1.9.0-oracle");
    p.strategy_manager = hex_addr("0xd58da4c0A453d6E94B392c9404c96260B977B888");
    rs_env e2;
    rs_env_init(&e2, f->w.st, &p);
    rs_router_attach(&e2);
    rs_addr staker = hex_addr("0xb4E853E2659450e9B0735c98F851eD5C3B24FDE1");
    rs_addr strategy = hex_addr("0xBfab43aF3dA407a51114813d462f25017462e94a");
    rs_addr token = hex_addr("0x7b759530bc34393C7275cd91C848069947097906");
    uint8_t sig[65];
    assert_int_equal(rs_hex_decode("0x69022fd73168e044fed16cba91544206b5182c700d1d0146481577b6b04920dc0ec1ef89464509ba"
                                   "a55a325f234bdcfb7fafd8e27a7ad9369598c96bb7546fe21c",
                                   2 + 130, sig, sizeof sig),
                     65);
    rs_b32 d = sm_deposit_digest(&e2, staker, strategy, token, lq_dec("3000000000000000001"), U256_ZERO,
                                 lq_u(1752180398));
    assert_true(sm_ecdsa_is_valid(staker, d, sig, 65));
    /* any other field changes the digest */
    rs_b32 d2 = sm_deposit_digest(&e2, staker, strategy, token, lq_dec("3000000000000000001"), U256_ONE,
                                  lq_u(1752180398));
    assert_false(sm_ecdsa_is_valid(staker, d2, sig, 65));
    /* only the major version enters the domain */
    strcpy(p.version, "1.0.0");
    rs_b32 d3 = sm_deposit_digest(&e2, staker, strategy, token, lq_dec("3000000000000000001"), U256_ZERO,
                                  lq_u(1752180398));
    assert_memory_equal(d.b, d3.b, 32);
    strcpy(p.version, "2.0.0");
    assert_false(sm_ecdsa_is_valid(staker, sm_deposit_digest(&e2, staker, strategy, token,
                                                              lq_dec("3000000000000000001"), U256_ZERO,
                                                              lq_u(1752180398)),
                                   sig, 65));
    /* v other than 27/28 is what ecrecover refuses */
    sig[64] -= 27;
    assert_false(sm_ecdsa_is_valid(staker, d, sig, 65));
    rs_env_free(&e2);
}

/* ---- slashed-share escrow ---- */

static void test_burn_or_redistribute_escrow(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    rs_addr dm = f->w.p.delegation_manager, avs = lq_addr(0x700);
    u256 shares;
    assert_int_equal(deposit(f, f->alice, lq_u(2 * E18), &shares), RS_OK);
    u256 slash = lq_u(1);
    assert_int_equal(sm_increase_burn_or_redistributable_shares(e, f->alice, avs, 3, slash, f->strategy, lq_u(E18)),
                     RS_REVERTED);
    lq_expect_error(e, "OnlyDelegationManager()");
    rs_env_reset(e);
    assert_int_equal(sm_increase_burn_or_redistributable_shares(e, dm, avs, 3, slash, f->strategy, lq_u(E18)), RS_OK);
    lq_expect_topic0(e, 0, "BurnOrRedistributableSharesIncreased((address,uint32),uint256,address,uint256)");
    assert_int_equal(lq_log_word(e, 0, 1).w[0], 3);
    assert_int_equal(sm_increase_burn_or_redistributable_shares(e, dm, avs, 3, slash, f->strategy, lq_u(5)),
                     RS_REVERTED);
    lq_expect_error(e, "StrategyAlreadyInSlash()");
    assert_int_equal(sm_get_burn_or_redistributable_count(e, avs, 3, slash), 1);
    rs_addr pavs[2];
    uint32_t pid[2];
    assert_int_equal(sm_get_pending_operator_sets(e, pavs, pid, 2), 1);
    assert_true(rs_addr_eq(pavs[0], avs));
    assert_int_equal(pid[0], 3);

    /* anyone may clear; a non-redistributing set pays the burn address */
    u256 *amounts = NULL;
    size_t n = 0;
    rs_env_reset(e);
    assert_int_equal(sm_clear_burn_or_redistributable_shares(e, f->bob, avs, 3, slash, &amounts, &n), RS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(amounts[0].w[0], E18);
    free(amounts);
    assert_int_equal(erc20_balance_of(e, f->token, f->w.p.default_burn_address).w[0], E18);
    assert_int_equal(sb_total_shares(e, f->strategy).w[0], E18);
    assert_int_equal(sm_get_pending_operator_sets(e, pavs, pid, 2), 0);
    assert_int_equal(sm_get_pending_slash_ids(e, avs, 3, NULL, 0), 0);
    /* clearing again pays nothing and emits nothing */
    rs_env_reset(e);
    u256 out;
    assert_int_equal(sm_clear_burn_or_redistributable_shares_by_strategy(e, f->bob, avs, 3, slash, f->strategy, &out),
                     RS_OK);
    assert_true(u256_is_zero(out));
    assert_int_equal(e->nlogs, 0);
}

/* ---- factory ---- */

static void test_factory_deploys_at_create_address(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    rs_addr factory = f->w.p.strategy_factory, sm = f->w.p.strategy_manager;
    /* the factory must be able to whitelist */
    assert_int_equal(sm_set_strategy_whitelister(e, f->w.owner, factory), RS_OK);
    rs_addr tok = lq_addr(0x301);
    erc20_create(f->w.st, tok, "Six", "SIX", 6, false);
    rs_account_set_nonce(f->w.st, factory, 5);
    rs_addr expect = rs_create_address(factory, 5), got;
    rs_env_reset(e);
    assert_int_equal(sf_deploy_new_strategy(e, f->alice, tok, &got), RS_OK);
    assert_true(rs_addr_eq(got, expect));
    assert_int_equal(rs_account_nonce(f->w.st, factory), 6);
    assert_int_equal(rs_code_get(f->w.st, got), RS_CODE_STRATEGY_BASE);
    assert_int_equal(e->nlogs, 6);
    lq_expect_topic0(e, 0, "BeaconUpgraded(address)");
    lq_expect_topic0(e, 1, "Paused(address,uint256)");
    assert_true(rs_addr_eq(lq_topic_addr(e, 1, 1), factory));
    lq_expect_topic0(e, 2, "StrategyTokenSet(address,uint8)");
    assert_int_equal(lq_log_word(e, 2, 1).w[0], 6);
    lq_expect_topic0(e, 3, "Initialized(uint8)");
    lq_expect_topic0(e, 4, "StrategySetForToken(address,address)");
    lq_expect_topic0(e, 5, "StrategyAddedToDepositWhitelist(address)");
    assert_true(rs_addr_eq(e->logs[5].address, sm));
    assert_true(rs_addr_eq(sf_deployed_strategy(e, tok), got));
    assert_true(sm_strategy_is_whitelisted_for_deposit(e, got));
    assert_true(rs_addr_eq(sb_underlying_token(e, got), tok));

    assert_int_equal(sf_deploy_new_strategy(e, f->alice, tok, &got), RS_REVERTED);
    lq_expect_error(e, "StrategyAlreadyExists()");
    /* genesis strategies are known to the factory */
    assert_true(rs_addr_eq(sf_deployed_strategy(e, f->token), f->strategy));

    rs_addr toks[2] = {tok, lq_addr(0x302)};
    assert_int_equal(sf_blacklist_tokens(e, f->alice, toks, 2), RS_REVERTED);
    lq_expect_string(e, "Ownable: caller is not the owner");
    rs_env_reset(e);
    assert_int_equal(sf_blacklist_tokens(e, f->w.owner, toks, 2), RS_OK);
    assert_int_equal(e->nlogs, 3); /* two TokenBlacklisted, one removal from the whitelist */
    lq_expect_topic0(e, 2, "StrategyRemovedFromDepositWhitelist(address)");
    assert_false(sm_strategy_is_whitelisted_for_deposit(e, got));
    assert_int_equal(sf_blacklist_tokens(e, f->w.owner, toks + 1, 1), RS_REVERTED);
    lq_expect_error(e, "AlreadyBlacklisted()");
    assert_int_equal(sf_deploy_new_strategy(e, f->alice, toks[1], &got), RS_REVERTED);
    lq_expect_error(e, "BlacklistedToken()");
    assert_int_equal(pause_pause(e, f->w.pauser, factory, lq_u(1)), RS_OK);
    assert_int_equal(sf_deploy_new_strategy(e, f->alice, lq_addr(0x303), &got), RS_REVERTED);
    lq_expect_error(e, "CurrentlyPaused()");
}

static void test_factory_needs_whitelister_role(void **state) {
    sfx *f = *state;
    rs_env *e = &f->w.e;
    rs_addr factory = f->w.p.strategy_factory, tok = lq_addr(0x301), got;
    erc20_create(f->w.st, tok, "Six", "SIX", 6, false);
    /* through rs_call so the failed creation is rolled back, nonce included */
    u256 arg = rs_addr_to_u256(tok);
    rs_buf ret;
    rs_buf_init(&ret);
    assert_int_equal(lq_call(&f->w, f->alice, factory, "deployNewStrategy(address)", &arg, 1, &ret), RS_REVERTED);
    lq_expect_error(e, "OnlyStrategyWhitelister()");
    assert_int_equal(rs_account_nonce(f->w.st, factory), 0);
    assert_true(rs_addr_is_zero(sf_deployed_strategy(e, tok)));
    (void)got;
    rs_buf_free(&ret);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_first_deposit_is_one_to_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inflation_attack_is_unprofitable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_total_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_withdraw_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strategy_entry_points_are_guarded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_manager_pause_and_whitelist, setup, teardown),
        cmocka_unit_test_setup_teardown(test_staker_strategy_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deposit_with_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recorded_signature_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_burn_or_redistribute_escrow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_factory_deploys_at_create_address, setup, teardown),
        cmocka_unit_test_setup_teardown(test_factory_needs_whitelister_role, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
