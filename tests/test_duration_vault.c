/* DurationVaultStrategy on the devnet preset (genesis/devnet.json): the
 * lifecycle with its invariants — no token or share created or lost across
 * deposit, lock, slash, maturity and withdrawal, and a locked vault's
 * allocation never below what its state says — and the exact revert of every
 * check the vault, its factory and its hooks make. */
#include <jansson.h>

#include "chain/genesis_json.h"
#include "liquid_fixture.h"
#include "protocol/allocation.h"
#include "protocol/delegation.h"
#include "protocol/duration_vault.h"
#include "protocol/erc20.h"
#include "protocol/pausing.h"
#include "protocol/strategy.h"
#include "protocol/strategy_factory.h"
#include "restake/genesis.h"
#include "restake/hex.h"
#include "restake/router.h"
#include "test_util.h"

#define E18 1000000000000000000ULL
#define NSTAKERS 3
#define DURATION 3600u

typedef struct {
    rs_genesis g;
    rs_state *st;
    rs_env e;
    rs_addr token, admin, arbitrator, avs, outsider, burn;
    rs_addr stakers[NSTAKERS];
    rs_addr vault;
    am_opset set;
    u256 tokens_at_start; /* Σ balances of every holder the scenario touches */
    u256 queued[NSTAKERS]; /* deposit shares each staker has queued */
    rs_b32 roots[NSTAKERS];
    size_t checkpoint;
} vfx;

/* n whole tokens of 18 decimals (beyond uint64 from 19 on). */
static u256 T(uint64_t n) {
    u256 v;
    assert_true(u256_mul(&v, u256_from_u64(n), u256_from_u64(E18)));
    return v;
}

static u256 plus(u256 a, uint64_t b) { return u256_add_wrap(a, u256_from_u64(b)); }

static rs_addr A(const char *hex) {
    rs_addr a;
    assert_true(rs_addr_from_hex(&a, hex));
    return a;
}

static void load_devnet(vfx *f) {
    json_error_t je;
    json_t *doc = json_load_file("genesis/devnet.json", 0, &je);
    assert_non_null(doc);
    char *g = json_dumps(json_object_get(doc, "genesis"), JSON_COMPACT);
    char err[256];
    assert_int_equal(rs_genesis_parse(g, strlen(g), "devnet", &f->g, err, sizeof err), 0);
    free(g);
    json_decref(doc);
    f->st = rs_state_new();
    rs_genesis_apply(f->st, &f->g);
    rs_env_init(&f->e, f->st, &f->g.params);
    rs_router_attach(&f->e);
    f->e.block_number = f->g.block + 1;
    f->e.timestamp = f->g.timestamp + 1;
}

/* One transaction: fresh logs, a revert undoes its writes, the block moves
 * on. TX evaluates the call between the two halves (the comma sequences them). */
static void tx_begin(vfx *f) {
    rs_env_reset(&f->e);
    f->checkpoint = rs_state_checkpoint(f->st);
}

static int tx_end(vfx *f, int rc) {
    if (rc != RS_OK) rs_state_revert(f->st, f->checkpoint);
    rs_state_commit(f->st);
    f->e.block_number++;
    f->e.timestamp++;
    return rc;
}
#define TX(f, call) (tx_begin(f), tx_end((f), (call)))

static void mine(vfx *f, uint64_t blocks, uint64_t seconds) {
    f->e.block_number += blocks;
    f->e.timestamp += seconds;
}

static dv_config config(const vfx *f) {
    static const char uri[] = "ipfs://vault", op_uri[] = "https://example.invalid/vault-operator";
    return (dv_config){
        .token = f->token,
        .admin = f->admin,
        .arbitrator = f->arbitrator,
        .duration = DURATION,
        .max_per_deposit = T(100),
        .stake_cap = T(250),
        .metadata_uri = (const uint8_t *)uri,
        .metadata_uri_len = sizeof uri - 1,
        .set = f->set,
        .delegation_approver = RS_ADDR_ZERO,
        .operator_metadata_uri = (const uint8_t *)op_uri,
        .operator_metadata_uri_len = sizeof op_uri - 1,
    };
}

static int setup(void **state) {
    vfx *f = calloc(1, sizeof *f);
    load_devnet(f);
    f->token = A("0x7b759530bc34393C7275cd91C848069947097906");    /* TKA */
    f->admin = A("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");    /* also the unpauser */
    f->arbitrator = A("0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc");
    f->avs = A("0x90F79bf6EB2c4f870365E785982E1f101E93b906");
    f->outsider = A("0x976EA74026E726554dB657fA54763abd0C3a0aa9");
    f->stakers[0] = A("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    f->stakers[1] = A("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    f->stakers[2] = A("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");
    f->burn = f->g.params.default_burn_address;
    f->set = (am_opset){f->avs, 0};
    rs_env *e = &f->e;
    static const uint8_t uri[] = "https://example.invalid/avs";
    assert_int_equal(TX(f, am_update_avs_metadata_uri(e, f->avs, f->avs, uri, sizeof uri - 1)), RS_OK);
    assert_int_equal(TX(f, am_set_avs_registrar(e, f->avs, f->avs, f->g.params.mock_avs_registrar)), RS_OK);
    am_create_set_params p = {.id = 0, .slasher = f->avs};
    assert_int_equal(TX(f, am_create_operator_sets(e, f->avs, f->avs, &p, 1)), RS_OK);
    for (size_t i = 0; i < NSTAKERS; i++)
        assert_int_equal(TX(f, erc20_approve(e, f->stakers[i], f->token, f->g.params.strategy_manager, U256_MAX)), RS_OK);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    vfx *f = *state;
    rs_env_free(&f->e);
    rs_state_free(f->st);
    rs_genesis_free(&f->g);
    free(f);
    return 0;
}

static u256 token_sum(vfx *f) {
    u256 s = U256_ZERO;
    rs_addr holders[NSTAKERS + 2] = {f->vault, f->burn};
    for (size_t i = 0; i < NSTAKERS; i++) holders[2 + i] = f->stakers[i];
    for (size_t i = 0; i < NSTAKERS + 2; i++) s = u256_add_wrap(s, erc20_balance_of(&f->e, f->token, holders[i]));
    return s;
}

static void deploy(vfx *f) {
    dv_config c = config(f);
    assert_int_equal(TX(f, sf_deploy_duration_vault(&f->e, f->outsider, &c, &f->vault)), RS_OK);
    assert_int_equal(TX(f, am_add_strategies_to_operator_set(&f->e, f->avs, f->avs, 0, &f->vault, 1)), RS_OK);
    f->tokens_at_start = token_sum(f);
}

static int delegate(vfx *f, size_t i) {
    return TX(f, dm_delegate_to(&f->e, f->stakers[i], f->vault, NULL, 0, U256_ZERO, RS_B32_ZERO));
}

static int deposit(vfx *f, size_t i, u256 amount) {
    u256 shares;
    return TX(f, sm_deposit_into_strategy(&f->e, f->stakers[i], f->vault, f->token, amount, &shares));
}

/* ---- invariants ---- */

/* Tokens only move between the stakers, the vault and the burn address. */
static void assert_tokens_conserved(vfx *f) { assert_u256_equal(token_sum(f), f->tokens_at_start); }

/* Without slashing, every vault share is a staker's deposit share or a
 * queued one, and the operator (the vault) holds exactly the delegated ones. */
static void assert_shares_conserved(vfx *f) {
    u256 deposited = U256_ZERO, queued = U256_ZERO;
    for (size_t i = 0; i < NSTAKERS; i++) {
        deposited = u256_add_wrap(deposited, sm_staker_deposit_shares(&f->e, f->stakers[i], f->vault));
        queued = u256_add_wrap(queued, f->queued[i]);
    }
    assert_u256_equal(sb_total_shares(&f->e, f->vault), u256_add_wrap(deposited, queued));
    assert_u256_equal(dm_operator_shares(&f->e, f->vault, f->vault), deposited);
}

/* A vault in ALLOCATIONS has all of its magnitude allocated (or pending to
 * be) to its set, and nothing is free to allocate elsewhere. */
static void assert_allocation_matches_state(vfx *f) {
    dv_info v;
    dv_load(&f->e, f->vault, &v);
    if (v.state != DV_ALLOCATIONS) return;
    am_allocation a = am_get_allocation(&f->e, f->vault, f->set, f->vault);
    uint64_t target = a.diff_negative ? a.current_magnitude - a.diff_abs : a.current_magnitude + a.diff_abs;
    assert_int_equal(target, DV_FULL_ALLOCATION);
    assert_false(a.diff_negative);
    assert_int_equal(am_get_encumbered_magnitude(&f->e, f->vault, f->vault), DV_FULL_ALLOCATION);
    if (a.effect_block == 0) assert_int_equal(a.current_magnitude, DV_FULL_ALLOCATION);
}

static void assert_invariants(vfx *f, bool slashed) {
    assert_tokens_conserved(f);
    if (!slashed) assert_shares_conserved(f);
    assert_allocation_matches_state(f);
}

static void queue_all(vfx *f, size_t i) {
    u256 shares = sm_staker_deposit_shares(&f->e, f->stakers[i], f->vault);
    dm_queue_params p = {.n = 1, .strategies = &f->vault, .nshares = 1, .deposit_shares = &shares};
    assert_int_equal(TX(f, dm_queue_withdrawals(&f->e, f->stakers[i], &p, 1, &f->roots[i])), RS_OK);
    f->queued[i] = shares;
}

static void complete_as_tokens(vfx *f, size_t i) {
    dm_withdrawal w;
    dm_withdrawal_load(f->st, f->roots[i], &w);
    assert_int_equal(TX(f, dm_complete_queued_withdrawal(&f->e, f->stakers[i], &w, &f->token, 1, true)), RS_OK);
    dm_withdrawal_free(&w);
    f->queued[i] = U256_ZERO;
}

/* ---- the lifecycle ---- */

static void test_lifecycle_without_slashing(void **state) {
    vfx *f = *state;
    rs_env *e = &f->e;
    deploy(f);
    dv_info v;
    dv_load(e, f->vault, &v);
    assert_int_equal(v.state, DV_DEPOSITS);
    assert_true(dm_is_operator(e, f->vault));
    assert_true(am_is_member_of_operator_set(e, f->vault, f->set));
    assert_int_equal(sf_duration_vault_count(e, f->token), 1);
    assert_true(sm_strategy_is_whitelisted_for_deposit(e, f->vault));

    for (size_t i = 0; i < NSTAKERS; i++) assert_int_equal(delegate(f, i), RS_OK);
    assert_int_equal(deposit(f, 0, T(40)), RS_OK);
    assert_int_equal(deposit(f, 1, T(60)), RS_OK);
    assert_int_equal(deposit(f, 2, T(100)), RS_OK);
    assert_invariants(f, false);
    /* a withdrawal queued before the lock completes during it */
    queue_all(f, 2);
    assert_invariants(f, false);

    assert_int_equal(TX(f, dv_lock(e, f->admin, f->vault)), RS_OK);
    assert_invariants(f, false);
    assert_int_equal(deposit(f, 0, T(1)), RS_REVERTED);
    lq_expect_error(e, "DepositsLocked()");
    mine(f, f->g.params.min_withdrawal_delay_blocks + 1, 100);
    complete_as_tokens(f, 2);
    assert_invariants(f, false);

    mine(f, 1, DURATION);
    assert_int_equal(TX(f, dv_mark_matured(e, f->outsider, f->vault)), RS_OK);
    dv_load(e, f->vault, &v);
    assert_int_equal(v.state, DV_WITHDRAWALS);
    assert_false(am_is_member_of_operator_set(e, f->vault, f->set));
    assert_invariants(f, false);
    for (size_t i = 0; i < 2; i++) queue_all(f, i);
    mine(f, f->g.params.min_withdrawal_delay_blocks + 1, 100);
    for (size_t i = 0; i < 2; i++) complete_as_tokens(f, i);
    assert_invariants(f, false);
    assert_u256_equal(sb_total_shares(e, f->vault), U256_ZERO);
    assert_u256_equal(erc20_balance_of(e, f->token, f->vault), U256_ZERO);
}

static void test_lifecycle_with_slashing(void **state) {
    vfx *f = *state;
    rs_env *e = &f->e;
    deploy(f);
    for (size_t i = 0; i < 2; i++) assert_int_equal(delegate(f, i), RS_OK);
    assert_int_equal(deposit(f, 0, T(40)), RS_OK);
    assert_int_equal(deposit(f, 1, T(60)), RS_OK);
    assert_int_equal(TX(f, dv_lock(e, f->admin, f->vault)), RS_OK);
    assert_allocation_matches_state(f);
    /* slashable only once the allocation is effective (allocation delay) */
    assert_int_equal(am_get_allocation(e, f->vault, f->set, f->vault).current_magnitude, 0);
    mine(f, f->g.params.min_withdrawal_delay_blocks + 1, 12);
    assert_invariants(f, false);

    u256 wad = u256_from_u64(E18 / 2), slash_id, slashed;
    am_slashing_params sp = {.operator_ = f->vault, .set_id = 0, .strategies = &f->vault, .nstrategies = 1,
                             .wads = &wad, .nwads = 1};
    assert_int_equal(TX(f, am_slash_operator(e, f->avs, f->avs, &sp, &slash_id, &slashed)), RS_OK);
    assert_u256_equal(slashed, T(50));
    assert_u256_equal(dm_operator_shares(e, f->vault, f->vault), T(50));
    /* the magnitude fell with the slash, and the vault is still fully allocated */
    am_allocation a = am_get_allocation(e, f->vault, f->set, f->vault);
    assert_int_equal(a.current_magnitude, E18 / 2);
    assert_int_equal(am_get_max_magnitude(e, f->vault, f->vault), E18 / 2);
    assert_int_equal(am_get_allocatable_magnitude(e, f->vault, f->vault), 0);
    assert_tokens_conserved(f);
    /* no share vanished: total = the stakers' withdrawable + the escrow */
    assert_u256_equal(sb_total_shares(e, f->vault), T(100));
    assert_u256_equal(sm_get_burn_or_redistributable_shares_of(e, f->avs, 0, slash_id, f->vault),
                      T(50));

    u256 *amounts = NULL;
    size_t n = 0;
    assert_int_equal(TX(f, sm_clear_burn_or_redistributable_shares(e, f->outsider, f->avs, 0, slash_id, &amounts, &n)),
                     RS_OK);
    assert_int_equal(n, 1);
    assert_u256_equal(amounts[0], T(50));
    free(amounts);
    assert_u256_equal(erc20_balance_of(e, f->token, f->burn), T(50));
    assert_tokens_conserved(f);

    mine(f, 1, DURATION);
    assert_int_equal(TX(f, dv_mark_matured(e, f->outsider, f->vault)), RS_OK);
    for (size_t i = 0; i < 2; i++) queue_all(f, i);
    mine(f, f->g.params.min_withdrawal_delay_blocks + 1, 100);
    u256 before0 = erc20_balance_of(e, f->token, f->stakers[0]);
    u256 before1 = erc20_balance_of(e, f->token, f->stakers[1]);
    for (size_t i = 0; i < 2; i++) complete_as_tokens(f, i);
    /* each staker gets half of the deposit back; the other half was burned */
    assert_u256_equal(u256_sub_wrap(erc20_balance_of(e, f->token, f->stakers[0]), before0), T(20));
    assert_u256_equal(u256_sub_wrap(erc20_balance_of(e, f->token, f->stakers[1]), before1), T(30));
    assert_tokens_conserved(f);
    assert_u256_equal(sb_total_shares(e, f->vault), U256_ZERO);
    assert_u256_equal(erc20_balance_of(e, f->token, f->vault), U256_ZERO);
}

/* Maturity's cleanup is best effort: with modifyAllocations paused the
 * deallocation fails and leaves nothing behind; a retry succeeds. */
static void test_cleanup_retries(void **state) {
    vfx *f = *state;
    rs_env *e = &f->e;
    deploy(f);
    assert_int_equal(delegate(f, 0), RS_OK);
    assert_int_equal(deposit(f, 0, T(10)), RS_OK);
    assert_int_equal(TX(f, dv_lock(e, f->admin, f->vault)), RS_OK);
    mine(f, f->g.params.min_withdrawal_delay_blocks + 1, DURATION);
    rs_addr am = f->g.params.allocation_manager;
    assert_int_equal(TX(f, pause_pause(e, f->admin, am, U256_ONE)), RS_OK); /* PAUSED_MODIFY_ALLOCATIONS */
    assert_int_equal(TX(f, dv_mark_matured(e, f->outsider, f->vault)), RS_OK);
    /* VaultMatured, DeallocateAttempted(false), then the deregistration's logs and DeregisterAttempted(true) */
    lq_expect_topic0(e, 0, "VaultMatured(uint32)");
    lq_expect_topic0(e, 1, "DeallocateAttempted(bool)");
    assert_u256_equal(lq_log_word(e, 1, 0), U256_ZERO);
    lq_expect_topic0(e, e->nlogs - 1, "DeregisterAttempted(bool)");
    assert_u256_equal(lq_log_word(e, e->nlogs - 1, 0), U256_ONE);
    assert_int_equal(am_get_allocation(e, f->vault, f->set, f->vault).current_magnitude, DV_FULL_ALLOCATION);
    assert_int_equal(TX(f, pause_unpause(e, f->admin, am, U256_ZERO)), RS_OK);
    assert_int_equal(TX(f, dv_mark_matured(e, f->outsider, f->vault)), RS_OK);
    /* the retry deallocates (its AllocationManager logs first) and finds the set already left */
    assert_true(e->nlogs > 2);
    lq_expect_topic0(e, e->nlogs - 2, "DeallocateAttempted(bool)");
    assert_u256_equal(lq_log_word(e, e->nlogs - 2, 0), U256_ONE);
    lq_expect_topic0(e, e->nlogs - 1, "DeregisterAttempted(bool)");
    assert_u256_equal(lq_log_word(e, e->nlogs - 1, 0), U256_ONE);
    am_allocation a = am_get_allocation(e, f->vault, f->set, f->vault);
    assert_true(a.diff_negative);
    assert_int_equal(a.diff_abs, DV_FULL_ALLOCATION);
}

/* ---- every revert ---- */

static void expect_deploy_error(vfx *f, const dv_config *c, const char *err) {
    rs_addr v;
    assert_int_equal(TX(f, sf_deploy_duration_vault(&f->e, f->outsider, c, &v)), RS_REVERTED);
    lq_expect_error(&f->e, err);
}

static void test_deploy_reverts(void **state) {
    vfx *f = *state;
    rs_env *e = &f->e;
    dv_config c = config(f);
    c.admin = RS_ADDR_ZERO;
    expect_deploy_error(f, &c, "InvalidVaultAdmin()");
    c = config(f), c.arbitrator = RS_ADDR_ZERO;
    expect_deploy_error(f, &c, "InvalidArbitrator()");
    c = config(f), c.duration = 0;
    expect_deploy_error(f, &c, "InvalidDuration()");
    c = config(f), c.duration = DV_MAX_DURATION + 1;
    expect_deploy_error(f, &c, "InvalidDuration()");
    c = config(f), c.max_per_deposit = T(300);
    expect_deploy_error(f, &c, "MaxPerDepositExceedsMax()");
    c = config(f), c.set.avs = RS_ADDR_ZERO;
    expect_deploy_error(f, &c, "OperatorIntegrationInvalid()");
    c = config(f), c.set.id = 7;
    expect_deploy_error(f, &c, "InvalidOperatorSet()");
    /* an AVS without a registrar (its registrar is itself, an account
     * without code): the empty revert becomes the proxy's message */
    rs_addr avs2 = A("0x14dC79964da2C08b23698B3D3cc7Ca32193d9955");
    static const uint8_t uri[] = "https://example.invalid/avs-2";
    assert_int_equal(TX(f, am_update_avs_metadata_uri(e, avs2, avs2, uri, sizeof uri - 1)), RS_OK);
    am_create_set_params p = {.id = 0, .slasher = avs2};
    assert_int_equal(TX(f, am_create_operator_sets(e, avs2, avs2, &p, 1)), RS_OK);
    c = config(f), c.set.avs = avs2;
    rs_addr v;
    assert_int_equal(TX(f, sf_deploy_duration_vault(e, f->outsider, &c, &v)), RS_REVERTED);
    lq_expect_string(e, "Address: low-level delegate call failed");
    /* nothing of a failed deployment stays: the next vault takes nonce 5 */
    assert_int_equal(rs_account_nonce(f->st, f->g.params.strategy_factory), 5);
    assert_int_equal(TX(f, pause_pause(e, f->admin, f->g.params.strategy_factory, U256_ONE)), RS_OK);
    c = config(f);
    expect_deploy_error(f, &c, "CurrentlyPaused()");
    assert_int_equal(TX(f, pause_unpause(e, f->admin, f->g.params.strategy_factory, U256_ZERO)), RS_OK);
    assert_int_equal(TX(f, sf_blacklist_tokens(e, f->admin, &f->token, 1)), RS_OK);
    expect_deploy_error(f, &c, "BlacklistedToken()");
}

static void test_vault_reverts(void **state) {
    vfx *f = *state;
    rs_env *e = &f->e;
    deploy(f);
    rs_addr sm = f->g.params.strategy_manager;
    dv_config c = config(f);
    assert_int_equal(TX(f, dv_initialize(e, f->g.params.strategy_factory, f->vault, &c)), RS_REVERTED);
    lq_expect_string(e, "Initializable: contract is already initialized");
    assert_int_equal(TX(f, dv_before_add_shares(e, f->outsider, f->vault, f->stakers[0], U256_ONE)), RS_REVERTED);
    lq_expect_error(e, "OnlyStrategyManager()");
    assert_int_equal(TX(f, dv_before_remove_shares(e, f->outsider, f->vault)), RS_REVERTED);
    lq_expect_error(e, "OnlyStrategyManager()");
    assert_int_equal(TX(f, dv_advance_to_withdrawals(e, f->arbitrator, f->vault)), RS_REVERTED);
    lq_expect_error(e, "VaultNotLocked()");
    assert_int_equal(TX(f, dv_mark_matured(e, f->outsider, f->vault)), RS_REVERTED);
    lq_expect_error(e, "DurationNotElapsed()");

    assert_int_equal(deposit(f, 0, T(1)), RS_REVERTED);
    lq_expect_error(e, "MustBeDelegatedToVaultOperator()");
    assert_int_equal(delegate(f, 0), RS_OK);
    assert_int_equal(deposit(f, 0, plus(T(100), 1)), RS_REVERTED);
    lq_expect_error(e, "DepositExceedsMaxPerDeposit()");
    assert_int_equal(deposit(f, 0, T(100)), RS_OK);
    assert_int_equal(deposit(f, 0, T(100)), RS_OK);
    assert_int_equal(deposit(f, 0, plus(T(50), 1)), RS_REVERTED);
    lq_expect_error(e, "BalanceExceedsMaxTotalDeposits()");
    assert_int_equal(TX(f, dv_update_tvl_limits(e, f->outsider, f->vault, U256_ONE, U256_ONE)), RS_REVERTED);
    lq_expect_error(e, "OnlyVaultAdmin()");
    assert_int_equal(TX(f, dv_update_tvl_limits(e, f->admin, f->vault, u256_from_u64(2), U256_ONE)), RS_REVERTED);
    lq_expect_error(e, "MaxPerDepositExceedsMax()");
    assert_int_equal(TX(f, dv_set_tvl_limits(e, f->outsider, f->vault, U256_ONE, U256_ONE)), RS_REVERTED);
    lq_expect_error(e, "OnlyUnpauser()");
    /* a cap below the current TVL is accepted; only new deposits are refused */
    assert_int_equal(TX(f, dv_set_tvl_limits(e, f->admin, f->vault, U256_ONE, U256_ONE)), RS_OK);
    assert_int_equal(deposit(f, 0, U256_ONE), RS_REVERTED);
    lq_expect_error(e, "BalanceExceedsMaxTotalDeposits()");
    assert_int_equal(TX(f, pause_pause(e, f->admin, f->vault, U256_ONE)), RS_OK);
    assert_int_equal(deposit(f, 0, U256_ONE), RS_REVERTED);
    lq_expect_error(e, "CurrentlyPaused()"); /* StrategyBase.deposit runs before the hook */
    assert_int_equal(TX(f, pause_unpause(e, f->admin, f->vault, U256_ZERO)), RS_OK);

    assert_int_equal(TX(f, dv_lock(e, f->outsider, f->vault)), RS_REVERTED);
    lq_expect_error(e, "OnlyVaultAdmin()");
    assert_int_equal(TX(f, am_remove_strategies_from_operator_set(e, f->avs, f->avs, 0, &f->vault, 1)), RS_OK);
    assert_int_equal(TX(f, dv_lock(e, f->admin, f->vault)), RS_REVERTED);
    lq_expect_error(e, "StrategyNotSupportedByOperatorSet()");
    assert_int_equal(TX(f, am_add_strategies_to_operator_set(e, f->avs, f->avs, 0, &f->vault, 1)), RS_OK);
    assert_int_equal(TX(f, dv_lock(e, f->admin, f->vault)), RS_OK);
    assert_int_equal(TX(f, dv_lock(e, f->admin, f->vault)), RS_REVERTED);
    lq_expect_error(e, "VaultAlreadyLocked()");
    assert_int_equal(TX(f, dv_update_tvl_limits(e, f->admin, f->vault, U256_ONE, U256_ONE)), RS_REVERTED);
    lq_expect_error(e, "DepositsLocked()");
    assert_int_equal(TX(f, dv_set_tvl_limits(e, f->admin, f->vault, U256_ONE, U256_ONE)), RS_REVERTED);
    lq_expect_error(e, "DepositsLocked()");
    assert_int_equal(TX(f, dv_before_remove_shares(e, sm, f->vault)), RS_REVERTED);
    lq_expect_error(e, "WithdrawalsLockedDuringAllocations()");
    rs_b32 *roots = NULL;
    size_t nroots = 0;
    assert_int_equal(TX(f, dm_undelegate(e, f->stakers[0], f->stakers[0], &roots, &nroots)), RS_REVERTED);
    lq_expect_error(e, "WithdrawalsLockedDuringAllocations()");
    free(roots);
    assert_int_equal(TX(f, dv_mark_matured(e, f->outsider, f->vault)), RS_REVERTED);
    lq_expect_error(e, "DurationNotElapsed()");
    assert_int_equal(TX(f, dv_advance_to_withdrawals(e, f->admin, f->vault)), RS_REVERTED);
    lq_expect_error(e, "OnlyArbitrator()");
    mine(f, 1, DURATION);
    assert_int_equal(TX(f, dv_advance_to_withdrawals(e, f->arbitrator, f->vault)), RS_REVERTED);
    lq_expect_error(e, "DurationAlreadyElapsed()");
    assert_int_equal(TX(f, dv_mark_matured(e, f->outsider, f->vault)), RS_OK);
    /* matured: deposits stay closed, a blacklisted token is named after the state */
    assert_int_equal(TX(f, dv_before_add_shares(e, sm, f->vault, f->stakers[0], U256_ONE)), RS_REVERTED);
    lq_expect_error(e, "DepositsLocked()");
}

static void test_blacklisted_token_blocks_new_shares(void **state) {
    vfx *f = *state;
    rs_env *e = &f->e;
    deploy(f);
    assert_int_equal(delegate(f, 0), RS_OK);
    assert_int_equal(TX(f, sf_blacklist_tokens(e, f->admin, &f->token, 1)), RS_OK);
    assert_int_equal(deposit(f, 0, T(1)), RS_REVERTED);
    lq_expect_error(e, "UnderlyingTokenBlacklisted()");
    /* a vault is not the token's deployed strategy: blacklisting keeps it whitelisted */
    assert_true(sm_strategy_is_whitelisted_for_deposit(e, f->vault));
}

/* One call through the router with static-word arguments. */
static int call(vfx *f, rs_addr to, const char *sig, const u256 *words, size_t n, rs_buf *ret) {
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_selector(&cd, sig);
    for (size_t i = 0; i < n; i++) rs_buf_word(&cd, words[i]);
    rs_env_reset(&f->e);
    int rc = rs_call(&f->e, f->outsider, to, U256_ZERO, cd.p, cd.len, ret);
    rs_buf_free(&cd);
    return rc;
}

/* The ABI surface: the vault's own functions, the StrategyBase ones it
 * inherits, and the factory's vault lists. */
static void test_contract_surface(void **state) {
    vfx *f = *state;
    deploy(f);
    assert_int_equal(delegate(f, 0), RS_OK);
    assert_int_equal(deposit(f, 0, T(3)), RS_OK);
    rs_buf ret;
    rs_buf_init(&ret);
    rs_addr sf = f->g.params.strategy_factory;
    u256 tok = rs_addr_to_u256(f->token);
    assert_int_equal(call(f, sf, "getDurationVaults(address)", &tok, 1, &ret), RS_OK);
    assert_int_equal(ret.len, 96);
    assert_u256_equal(u256_from_be(ret.p + 32), U256_ONE);
    assert_true(rs_addr_eq(rs_addr_from_u256(u256_from_be(ret.p + 64)), f->vault));
    u256 args[2] = {tok, U256_ONE};
    assert_int_equal(call(f, sf, "durationVaultsByToken(address,uint256)", args, 2, &ret), RS_REVERTED);
    assert_int_equal(f->e.revert_len, 0); /* a public array getter past the end */
    args[1] = U256_ZERO;
    assert_int_equal(call(f, sf, "durationVaultsByToken(address,uint256)", args, 2, &ret), RS_OK);
    assert_true(rs_addr_eq(rs_addr_from_u256(u256_from_be(ret.p)), f->vault));

    assert_int_equal(call(f, f->vault, "state()", NULL, 0, &ret), RS_OK);
    assert_u256_equal(u256_from_be(ret.p), U256_ONE);
    assert_int_equal(call(f, f->vault, "operatorSetInfo()", NULL, 0, &ret), RS_OK);
    assert_int_equal(ret.len, 64);
    assert_true(rs_addr_eq(rs_addr_from_u256(u256_from_be(ret.p)), f->avs));
    assert_int_equal(call(f, f->vault, "metadataURI()", NULL, 0, &ret), RS_OK);
    assert_int_equal(ret.len, 96);
    assert_memory_equal(ret.p + 64, "ipfs://vault", 12);
    assert_int_equal(call(f, f->vault, "getTVLLimits()", NULL, 0, &ret), RS_OK);
    assert_u256_equal(u256_from_be(ret.p), T(100));
    assert_u256_equal(u256_from_be(ret.p + 32), T(250));
    u256 who = rs_addr_to_u256(f->stakers[0]);
    assert_int_equal(call(f, f->vault, "shares(address)", &who, 1, &ret), RS_OK); /* StrategyBase's */
    assert_u256_equal(u256_from_be(ret.p), T(3));
    u256 hook[2] = {who, U256_ONE};
    assert_int_equal(call(f, f->vault, "beforeAddShares(address,uint256)", hook, 2, &ret), RS_REVERTED);
    lq_expect_error(&f->e, "OnlyStrategyManager()");
    assert_int_equal(call(f, f->vault, "initialize(address)", &tok, 1, &ret), RS_REVERTED);
    lq_expect_string(&f->e, "Initializable: contract is already initialized");
    assert_int_equal(call(f, f->vault, "explanation()", NULL, 0, &ret), RS_OK);
    assert_memory_equal(ret.p + 64, "Duration-bound vault strategy", 29);
    rs_buf_free(&ret);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lifecycle_without_slashing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lifecycle_with_slashing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cleanup_retries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deploy_reverts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vault_reverts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blacklisted_token_blocks_new_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_contract_surface, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
