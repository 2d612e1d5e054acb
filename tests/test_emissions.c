/* The EmissionsController, EIGEN and bEIGEN in the vault suite's genesis
 * (vault/vault_0001.json): epochs and their views, the council's checks in
 * the reference's order, pressButton (the epoch's mint, each distribution
 * type, pagination, the silent skips, a failing submission reported as
 * success = false with its logs and state discarded), sweep, the minting
 * right and its revocation, transfer restrictions, EIGEN/bEIGEN supply
 * conservation across wrap and unwrap, and the tokens' votes. Every value
 * is exact. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>

#include "chain/genesis_json.h"
#include "conformance/vector.h"
#include "protocol/eigen_token.h"
#include "protocol/eigen_votes.h"
#include "protocol/emissions.h"
#include "protocol/pausing.h"
#include "restake/contracts.h"
#include "restake/router.h"
#include "restake/hex.h"
#include "test_seed.h"
#include "test_util.h"

#define VECTOR "vault/vault_0001.json"
#define START 1750032000u /* EMISSIONS_START_TIME */
#define DAY 86400u
#define RATE "2300000000000000000000000"

typedef struct {
    rs_vector v;
    rs_state *st;
    rs_params p;
    rs_env e;
    rs_addr ec, eigen, beigen, rc, council, owner, outsider, tka_strategy, avs;
    rs_arena a;
} fixture;

static rs_addr H(const char *hex) {
    rs_addr a;
    assert_true(rs_addr_from_hex(&a, hex));
    return a;
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    char err[256], path[512];
    vector_path(path, sizeof path, VECTOR);
    assert_int_equal(rs_vector_load(path, &f->v, err, sizeof err), 0);
    f->p = f->v.genesis.params;
    f->st = rs_state_new();
    rs_genesis_apply(f->st, &f->v.genesis);
    rs_state_commit(f->st);
    rs_env_init(&f->e, f->st, &f->p);
    rs_router_attach(&f->e);
    f->e.block_number = 60;
    f->e.timestamp = 1750000720;
    f->ec = H("0x0BfA139dCF26F267A3a6b62591741300693ABF6D");
    f->eigen = H("0xD3041A3905Fa65766246E799842EC2F09c190431");
    f->beigen = H("0x942cdC39C751B77d1cfa0f4fB7DE57e1FD79666F");
    f->rc = H("0x6d27cC0C6F0f533fcB52bdBD0516d831638ca91F");
    f->council = H("0x000000000000000000000000000000000000c0c1");
    f->owner = H("0x000000000000000000000000000000000000E0E0");
    f->outsider = H("0x00000000000000000000000000000000000000ff");
    f->tka_strategy = H("0xBfab43aF3dA407a51114813d462f25017462e94a");
    f->avs = H("0xA500000000000000000000000000000000000003");
    rs_arena_init(&f->a, 0);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    rs_arena_free(&f->a);
    rs_env_free(&f->e);
    rs_state_free(f->st);
    rs_vector_free(&f->v);
    free(f);
    return 0;
}

/* ---- helpers ---- */

/* A Distribution with `nsub` submissions of one (strategy, 1e18) each. */
static abi_val dist(fixture *f, uint64_t weight, uint64_t start, uint64_t total, unsigned type, rs_addr avs,
                    uint32_t set_id, size_t nsub) {
    abi_val d = abi_v_list(&f->a, ABI_TUPLE, 6);
    d.items[0] = abi_v_word(ABI_UINT, u256_from_u64(weight));
    d.items[1] = abi_v_word(ABI_UINT, u256_from_u64(start));
    d.items[2] = abi_v_word(ABI_UINT, u256_from_u64(total));
    d.items[3] = abi_v_word(ABI_UINT, u256_from_u64(type));
    d.items[4] = abi_v_list(&f->a, ABI_TUPLE, 2);
    d.items[4].items[0] = abi_v_addr(avs);
    d.items[4].items[1] = abi_v_word(ABI_UINT, u256_from_u64(set_id));
    d.items[5] = abi_v_list(&f->a, ABI_ARRAY, nsub);
    for (size_t i = 0; i < nsub; i++) {
        abi_val *sub = &d.items[5].items[i];
        *sub = abi_v_list(&f->a, ABI_ARRAY, 1);
        sub->items[0] = abi_v_list(&f->a, ABI_TUPLE, 2);
        sub->items[0].items[0] = abi_v_addr(f->tka_strategy);
        sub->items[0].items[1] = abi_v_word(ABI_UINT, D("1000000000000000000"));
    }
    return d;
}

static abi_val manual(fixture *f, uint64_t weight, uint64_t start) {
    return dist(f, weight, start, 0, 5, RS_ADDR_ZERO, 0, 0);
}

/* The revert data is exactly the selector of a custom error without arguments. */
static void assert_error(fixture *f, const char *sig) {
    assert_int_equal(f->e.revert_len, 4);
    uint8_t want[4];
    rs_selector_put(want, rs_sig_selector(sig));
    assert_memory_equal(f->e.revert, want, 4);
}

/* Error(string) revert data carrying msg. */
static void assert_error_string(fixture *f, const char *msg) {
    size_t n = strlen(msg);
    assert_true(f->e.revert_len >= 68 + n);
    assert_int_equal(f->e.revert[67], n);
    assert_memory_equal(f->e.revert + 68, msg, n);
}

static void add_ok(fixture *f, abi_val d, uint64_t want_id) {
    rs_env_reset(&f->e);
    u256 id;
    assert_int_equal(ec_add_distribution(&f->e, f->council, &d, &id), RS_OK);
    assert_u256_equal(id, u256_from_u64(want_id));
}

static int add(fixture *f, rs_addr from, abi_val d) {
    rs_env_reset(&f->e);
    u256 id;
    return ec_add_distribution(&f->e, from, &d, &id);
}

/* pressButton(length) as a transaction of its own (through the router, so a
 * revert rolls back). */
static int press(fixture *f, uint64_t length) {
    rs_env_reset(&f->e);
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_selector(&cd, "pressButton(uint256)");
    rs_buf_word_u64(&cd, length);
    int rc = rs_call(&f->e, f->outsider, f->ec, U256_ZERO, cd.p, cd.len, NULL);
    rs_buf_free(&cd);
    return rc;
}

static int sweep(fixture *f) {
    rs_env_reset(&f->e);
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_selector(&cd, "sweep()");
    int rc = rs_call(&f->e, f->outsider, f->ec, U256_ZERO, cd.p, cd.len, NULL);
    rs_buf_free(&cd);
    return rc;
}

static size_t count_logs(fixture *f, const char *sig) {
    rs_b32 t = rs_sig_topic(sig);
    size_t n = 0;
    for (size_t i = 0; i < f->e.nlogs; i++)
        if (f->e.logs[i].ntopics > 0 && memcmp(f->e.logs[i].topics[0].b, t.b, 32) == 0) n++;
    return n;
}

#define PROCESSED "DistributionProcessed(uint256,uint256,(uint64,uint64,uint64,uint8,(address,uint32),(address,uint96)[][]),bool)"

/* The success flag of the k-th DistributionProcessed of the last call, and its id. */
static bool processed_success(fixture *f, size_t k, uint64_t *id) {
    rs_b32 t = rs_sig_topic(PROCESSED);
    for (size_t i = 0; i < f->e.nlogs; i++) {
        const rs_log *l = &f->e.logs[i];
        if (memcmp(l->topics[0].b, t.b, 32) != 0 || k-- > 0) continue;
        *id = rs_b32_to_u256(l->topics[1]).w[0];
        return f->e.logdata[l->data_off + 63] != 0;
    }
    fail_msg("no such DistributionProcessed");
    return false;
}

static u256 eigen_of(fixture *f, rs_addr who) { return et_balance_of(&f->e, f->eigen, who); }

/* ---- epochs ---- */

static void test_epochs(void **state) {
    fixture *f = *state;
    u256 t;
    assert_u256_equal(ec_current_epoch(&f->e), U256_MAX);
    assert_false(ec_is_button_pressable(&f->e));
    assert_int_equal(ec_next_time_pressable(&f->e, &t), RS_OK);
    assert_u256(t, "1750032000");
    assert_int_equal(ec_last_time_pressable(&f->e, &t), RS_OK);
    assert_u256_equal(t, U256_MAX);
    f->e.timestamp = START - 1;
    assert_u256_equal(ec_current_epoch(&f->e), U256_MAX);
    f->e.timestamp = START;
    assert_u256(ec_current_epoch(&f->e), "0");
    f->e.timestamp = START + 3 * DAY + 5;
    assert_u256(ec_current_epoch(&f->e), "3");
    assert_int_equal(ec_next_time_pressable(&f->e, &t), RS_OK);
    assert_u256(t, "1750377600");
    assert_int_equal(ec_last_time_pressable(&f->e, &t), RS_OK);
    assert_u256(t, "1750291200");
    /* before the start every distribution is processable */
    f->e.timestamp = START - 100;
    add_ok(f, manual(f, 100, 0), 0);
    add_ok(f, manual(f, 100, 0), 1);
    assert_int_equal(ec_total_processable(&f->e), 2);
    assert_false(ec_is_button_pressable(&f->e));
    f->e.timestamp = START;
    assert_int_equal(ec_total_processable(&f->e), 2);
    assert_true(ec_is_button_pressable(&f->e));
}

/* ---- the council's checks ---- */

static void test_add_checks(void **state) {
    fixture *f = *state;
    f->e.timestamp = START + 2 * DAY;
    assert_int_equal(add(f, f->outsider, manual(f, 1, 3)), RS_REVERTED);
    assert_error(f, "CallerIsNotIncentiveCouncil()");
    assert_int_equal(add(f, f->council, dist(f, 1, 3, 0, 0, RS_ADDR_ZERO, 0, 1)), RS_REVERTED);
    assert_error(f, "CannotAddDisabledDistribution()");
    assert_int_equal(add(f, f->council, dist(f, 1, 3, 0, 6, RS_ADDR_ZERO, 0, 1)), RS_REVERTED);
    assert_int_equal(f->e.revert_len, 0); /* not a DistributionType */
    assert_int_equal(add(f, f->council, dist(f, 1, 3, 0, 2, f->avs, 0, 1)), RS_REVERTED);
    assert_error(f, "OperatorSetNotRegistered()");
    assert_int_equal(add(f, f->council, manual(f, 1, 2)), RS_REVERTED);
    assert_error(f, "StartEpochMustBeInTheFuture()");
    assert_int_equal(add(f, f->council, manual(f, 10001, 3)), RS_REVERTED);
    assert_error(f, "TotalWeightExceedsMax()");
    assert_int_equal(add(f, f->council, dist(f, 1, 3, 0, 4, f->avs, 0, 0)), RS_REVERTED);
    assert_error(f, "RewardsSubmissionsCannotBeEmpty()");
    add_ok(f, manual(f, 6000, 3), 0);
    assert_int_equal(add(f, f->council, manual(f, 4001, 3)), RS_REVERTED);
    assert_error(f, "TotalWeightExceedsMax()");
    add_ok(f, manual(f, 4000, 3), 1);
    assert_int_equal(ec_total_weight(&f->e), 10000);
    /* added in epoch 2: not processable until epoch 3 */
    assert_int_equal(ec_epoch_added(&f->e, u256_from_u64(2)), 2);
    assert_int_equal(ec_total_processable(&f->e), 0);
    /* update: an id past the end is Panic(0x32); weights net of the old one */
    rs_env_reset(&f->e);
    abi_val d = manual(f, 5000, 4);
    assert_int_equal(ec_update_distribution(&f->e, f->council, u256_from_u64(2), &d), RS_REVERTED);
    assert_int_equal(f->e.revert_len, 36);
    assert_int_equal(f->e.revert[35], 0x32);
    rs_env_reset(&f->e);
    assert_int_equal(ec_update_distribution(&f->e, f->council, U256_ZERO, &d), RS_OK);
    assert_int_equal(ec_total_weight(&f->e), 9000);
    /* disabling a Manual distribution with no submissions still fails the emptiness check */
    rs_env_reset(&f->e);
    abi_val off = dist(f, 0, 4, 0, 0, RS_ADDR_ZERO, 0, 0);
    assert_int_equal(ec_update_distribution(&f->e, f->council, U256_ZERO, &off), RS_REVERTED);
    assert_error(f, "RewardsSubmissionsCannotBeEmpty()");
}

/* ---- pressButton ---- */

static void test_press_manual_and_pagination(void **state) {
    fixture *f = *state;
    assert_int_equal(press(f, 1), RS_REVERTED);
    assert_error(f, "EmissionsNotStarted()");
    add_ok(f, manual(f, 5000, 0), 0);
    add_ok(f, manual(f, 1000, 0), 1);
    add_ok(f, manual(f, 0, 0), 2); /* weight 0: skipped silently */
    f->e.timestamp = START + 10;
    /* the first press mints and processes one */
    assert_int_equal(press(f, 1), RS_OK);
    assert_int_equal(count_logs(f, "TokenWrapped(address,uint256)"), 1);
    assert_int_equal(count_logs(f, PROCESSED), 1);
    assert_u256(eigen_of(f, f->council), "1150000000000000000000000");
    assert_u256(eigen_of(f, f->ec), "1150000000000000000000000");
    assert_u256(et_total_supply(&f->e, f->beigen), "1675946668284660000000000000"); /* + one epoch's mint */
    assert_true(ec_is_button_pressable(&f->e));
    /* nothing can be added while the epoch is pending */
    assert_int_equal(add(f, f->council, manual(f, 1, 5)), RS_REVERTED);
    assert_error(f, "AllDistributionsMustBeProcessed()");
    /* the rest, without a second mint */
    assert_int_equal(press(f, 10), RS_OK);
    assert_int_equal(count_logs(f, "TokenWrapped(address,uint256)"), 0);
    assert_int_equal(count_logs(f, PROCESSED), 1);
    assert_u256(eigen_of(f, f->council), "1380000000000000000000000");
    assert_int_equal(ec_epoch_processed(&f->e, U256_ZERO), 3);
    assert_int_equal(press(f, 1), RS_REVERTED);
    assert_error(f, "AllDistributionsProcessed()");
    /* the next epoch mints again */
    f->e.timestamp = START + DAY;
    assert_int_equal(press(f, 0), RS_OK); /* length 0 only mints */
    assert_int_equal(count_logs(f, PROCESSED), 0);
    assert_u256(eigen_of(f, f->ec), "3220000000000000000000000");
    assert_int_equal(press(f, 3), RS_OK);
    assert_u256(eigen_of(f, f->council), "2760000000000000000000000");
}

static void test_press_skips(void **state) {
    fixture *f = *state;
    add_ok(f, manual(f, 100, 2), 0);                               /* starts in epoch 2 */
    add_ok(f, dist(f, 100, 0, 1, 5, RS_ADDR_ZERO, 0, 0), 1);       /* epoch 0 only */
    add_ok(f, dist(f, 100, 0, 0, 4, f->avs, 0, 1), 2);              /* disabled below */
    abi_val off = dist(f, 100, 0, 0, 0, f->avs, 0, 1);
    rs_env_reset(&f->e);
    assert_int_equal(ec_update_distribution(&f->e, f->council, u256_from_u64(2), &off), RS_OK);
    f->e.timestamp = START + DAY;
    assert_int_equal(press(f, 10), RS_OK);
    assert_int_equal(count_logs(f, PROCESSED), 0);
    assert_u256(eigen_of(f, f->ec), RATE);
    f->e.timestamp = START + 2 * DAY;
    assert_int_equal(press(f, 10), RS_OK);
    assert_int_equal(count_logs(f, PROCESSED), 1);
    uint64_t id;
    assert_true(processed_success(f, 0, &id));
    assert_int_equal(id, 0);
    assert_u256(eigen_of(f, f->council), "23000000000000000000000");
}

static void test_press_submissions(void **state) {
    fixture *f = *state;
    /* rewards for all earners: the controller is not a submitter → fails, reported */
    add_ok(f, dist(f, 1000, 0, 0, 1, RS_ADDR_ZERO, 0, 2), 0);
    /* EigenDA: the controller is the coordinator's emissionsController */
    add_ok(f, dist(f, 2000, 0, 0, 4, f->avs, 0, 2), 1);
    f->e.timestamp = START + 60;
    assert_int_equal(press(f, 10), RS_OK);
    assert_int_equal(count_logs(f, PROCESSED), 2);
    uint64_t id;
    assert_false(processed_success(f, 0, &id));
    assert_int_equal(id, 0);
    assert_true(processed_success(f, 1, &id));
    assert_int_equal(id, 1);
    assert_int_equal(count_logs(f, "RewardsSubmissionForAllEarnersCreated(address,uint256,bytes32,((address,uint96)[],address,uint256,uint32,uint32))"), 0);
    assert_int_equal(count_logs(f, "AVSRewardsSubmissionCreated(address,uint256,bytes32,((address,uint96)[],address,uint256,uint32,uint32))"), 2);
    /* 2000/10000 of the rate in two submissions of 230,000 each */
    assert_u256(eigen_of(f, f->rc), "460000000000000000000000");
    assert_u256(eigen_of(f, f->ec), "1840000000000000000000000");
    assert_u256(et_allowance(&f->e, f->eigen, f->ec, f->rc), "1840000000000000000000000");
    /* sweep: the rest goes to the council */
    assert_int_equal(sweep(f), RS_OK);
    assert_int_equal(count_logs(f, "Swept(address,uint256)"), 1);
    assert_u256(eigen_of(f, f->council), "1840000000000000000000000");
    assert_u256(eigen_of(f, f->ec), "0");
    assert_int_equal(sweep(f), RS_OK); /* nothing left: silent */
    assert_int_equal(f->e.nlogs, 0);
}

static void test_sweep_waits_for_the_button(void **state) {
    fixture *f = *state;
    add_ok(f, manual(f, 1000, 0), 0);
    add_ok(f, manual(f, 1000, 0), 1);
    f->e.timestamp = START;
    assert_int_equal(press(f, 1), RS_OK);
    assert_int_equal(sweep(f), RS_OK);
    assert_int_equal(f->e.nlogs, 0); /* pressable: a no-op */
    assert_u256(eigen_of(f, f->ec), "2070000000000000000000000");
    /* paused token flows stop both */
    pause_store_status(f->st, f->ec, U256_ONE);
    assert_int_equal(sweep(f), RS_REVERTED);
    assert_error(f, "CurrentlyPaused()");
    assert_int_equal(press(f, 1), RS_REVERTED);
    assert_error(f, "CurrentlyPaused()");
}

static void test_minting_right(void **state) {
    fixture *f = *state;
    add_ok(f, manual(f, 1000, 0), 0);
    f->e.timestamp = START;
    rs_env_reset(&f->e);
    assert_int_equal(et_set_is_minter(&f->e, f->outsider, f->ec, false), RS_REVERTED);
    assert_error_string(f, "Ownable: caller is not the owner");
    rs_env_reset(&f->e);
    assert_int_equal(et_set_is_minter(&f->e, f->owner, f->ec, false), RS_OK);
    assert_int_equal(press(f, 1), RS_REVERTED);
    assert_error_string(f, "BackingEigen.mint: caller is not a minter");
    assert_false(ec_epoch_minted(&f->e, U256_ZERO));
    rs_env_reset(&f->e);
    assert_int_equal(et_set_is_minter(&f->e, f->owner, f->ec, true), RS_OK);
    assert_int_equal(press(f, 1), RS_OK);
    assert_true(ec_epoch_minted(&f->e, U256_ZERO));
    assert_u256(et_total_supply(&f->e, f->eigen), "1675946668284660000000000000");
}

/* ---- tokens ---- */

static void test_wrap_unwrap_conserve_supply(void **state) {
    fixture *f = *state;
    rs_addr holder = f->outsider, other = H("0x00000000000000000000000000000000000000ee");
    rs_env_reset(&f->e);
    assert_int_equal(et_set_is_minter(&f->e, f->owner, f->owner, true), RS_OK);
    assert_int_equal(et_backing_mint(&f->e, f->owner, holder, D("5000")), RS_OK);
    /* bEIGEN transfers need a whitelisted side while restrictions are on */
    assert_int_equal(et_transfer(&f->e, holder, f->beigen, other, D("1")), RS_REVERTED);
    assert_error_string(f, "BackingEigen._beforeTokenTransfer: from or to must be whitelisted");
    u256 beigen_supply = et_total_supply(&f->e, f->beigen);
    u256 held = et_balance_of(&f->e, f->beigen, f->eigen);
    rs_env_reset(&f->e);
    assert_int_equal(et_wrap(&f->e, holder, D("3000")), RS_REVERTED);
    assert_error_string(f, "ERC20: insufficient allowance");
    rs_env_reset(&f->e);
    assert_int_equal(et_approve(&f->e, holder, f->beigen, f->eigen, D("3000")), RS_OK);
    assert_int_equal(et_wrap(&f->e, holder, D("3000")), RS_OK);
    assert_int_equal(et_unwrap(&f->e, holder, D("1200")), RS_OK);
    assert_int_equal(et_unwrap(&f->e, holder, D("1801")), RS_REVERTED);
    assert_error_string(f, "ERC20: burn amount exceeds balance");
    /* EIGEN's restrictions are off: any transfer goes */
    rs_env_reset(&f->e);
    assert_int_equal(et_transfer(&f->e, holder, f->eigen, other, D("800")), RS_OK);
    assert_u256_equal(et_total_supply(&f->e, f->beigen), beigen_supply);
    assert_u256_equal(et_total_supply(&f->e, f->eigen), beigen_supply);
    assert_u256(et_balance_of(&f->e, f->eigen, holder), "1000");
    assert_u256(et_balance_of(&f->e, f->eigen, other), "800");
    assert_u256(et_balance_of(&f->e, f->beigen, holder), "3200");
    /* every EIGEN is backed: bEIGEN held by EIGEN = genesis backing + net wrapped */
    assert_u256_equal(et_balance_of(&f->e, f->beigen, f->eigen), u256_add_wrap(held, D("1800")));
    assert_u256(et_internal_supply(&f->e, f->eigen), "1800");
}

static void test_votes(void **state) {
    fixture *f = *state;
    rs_addr holder = f->outsider;
    uint64_t t0 = f->e.timestamp;
    rs_env_reset(&f->e);
    assert_int_equal(et_set_is_minter(&f->e, f->owner, f->owner, true), RS_OK);
    assert_int_equal(et_backing_mint(&f->e, f->owner, holder, D("5000")), RS_OK);
    /* the supply's checkpoints: genesis, then the mint */
    f->e.timestamp = t0 + 10;
    u256 v;
    assert_int_equal(etv_get_past_total_supply(&f->e, f->beigen, u256_from_u64(t0 - 1), &v), RS_OK);
    assert_u256(v, "1673646668284660000000000000");
    assert_int_equal(etv_get_past_total_supply(&f->e, f->beigen, u256_from_u64(t0), &v), RS_OK);
    assert_u256(v, "1673646668284660000000005000");
    /* delegating to oneself: DelegateChanged, then the balance's votes */
    rs_env_reset(&f->e);
    assert_int_equal(et_delegate(&f->e, holder, f->beigen, holder), RS_OK);
    assert_int_equal(count_logs(f, "DelegateChanged(address,address,address)"), 1);
    assert_int_equal(count_logs(f, "DelegateVotesChanged(address,uint256,uint256)"), 1);
    assert_u256(etv_get_votes(&f->e, f->beigen, holder), "5000");
    assert_int_equal(etv_num_checkpoints(&f->e, f->beigen, holder), 1);
    /* a transfer moves votes away (EIGEN's delegate is nobody) */
    f->e.timestamp = t0 + 20;
    rs_env_reset(&f->e);
    assert_int_equal(et_transfer(&f->e, holder, f->beigen, f->eigen, D("1000")), RS_OK);
    assert_int_equal(f->e.nlogs, 2); /* Transfer, DelegateVotesChanged */
    assert_u256(etv_get_votes(&f->e, f->beigen, holder), "4000");
    f->e.timestamp = t0 + 30;
    assert_int_equal(etv_get_past_votes(&f->e, f->beigen, holder, u256_from_u64(t0 + 10), &v), RS_OK);
    assert_u256(v, "5000");
    assert_int_equal(etv_get_past_votes(&f->e, f->beigen, holder, u256_from_u64(t0 + 25), &v), RS_OK);
    assert_u256(v, "4000");
    assert_int_equal(etv_get_past_votes(&f->e, f->beigen, holder, u256_from_u64(t0 + 9), &v), RS_OK);
    assert_u256(v, "0");
    rs_env_reset(&f->e);
    assert_int_equal(etv_get_past_votes(&f->e, f->beigen, holder, u256_from_u64(t0 + 30), &v), RS_REVERTED);
    assert_error_string(f, "ERC20Votes: future lookup");
    uint32_t from;
    assert_int_equal(etv_checkpoint(&f->e, f->beigen, holder, 1, &from, &v), RS_OK);
    assert_int_equal(from, t0 + 20);
    assert_u256(v, "4000");
    assert_int_equal(etv_checkpoint(&f->e, f->beigen, holder, 2, &from, &v), RS_REVERTED);
}

/* Known answers from cast 1.x: DOMAIN_SEPARATOR of EIGEN at chain 31337, and
 * `cast wallet sign --data` of Permit(owner = dev account 1, spender = dev
 * account 2, value 12345, nonce 0, deadline 99999999999) by dev account 1. */
#define KA_EIGEN_DOMAIN "0x4033b28df7719b34a578047f2390f6aacd548c01c0e9b8b5ea3b5e103c0144b7"
#define KA_PERMIT_R "0x075438639cf28d7d717c409a520a5fd36e1ccf8854dcbfac059c134e45b36c69"
#define KA_PERMIT_S "0x60b8b3a5915277aa55a8b0429c22af1d8e9ca7772fa48fd77fe4872e9d5b89d2"
#define KA_PERMIT_V 27

static rs_b32 B32(const char *hex) {
    rs_b32 x;
    assert_int_equal(rs_hex_decode(hex, strlen(hex), x.b, 32), 32);
    return x;
}

static void test_permit(void **state) {
    fixture *f = *state;
    rs_addr owner = H("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), spender = H("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    rs_b32 sep = et_domain_separator(&f->e, f->eigen);
    assert_memory_equal(sep.b, B32(KA_EIGEN_DOMAIN).b, 32);
    u256 deadline = D("99999999999");
    rs_b32 r = B32(KA_PERMIT_R), s = B32(KA_PERMIT_S);
    rs_env_reset(&f->e);
    assert_int_equal(et_permit(&f->e, f->eigen, owner, spender, D("12345"), deadline, KA_PERMIT_V, r, s), RS_OK);
    assert_u256(et_allowance(&f->e, f->eigen, owner, spender), "12345");
    assert_u256(et_nonce(&f->e, f->eigen, owner), "1");
    /* the nonce is spent: the same signature now recovers another signer */
    rs_env_reset(&f->e);
    assert_int_equal(et_permit(&f->e, f->eigen, owner, spender, D("12345"), deadline, KA_PERMIT_V, r, s), RS_REVERTED);
    assert_error_string(f, "ERC20Permit: invalid signature");
    rs_env_reset(&f->e);
    assert_int_equal(et_permit(&f->e, f->eigen, owner, spender, D("12345"), D("1"), KA_PERMIT_V, r, s), RS_REVERTED);
    assert_error_string(f, "ERC20Permit: expired deadline");
    rs_b32 high = s;
    high.b[0] = 0xff;
    rs_env_reset(&f->e);
    assert_int_equal(et_permit(&f->e, f->eigen, owner, spender, D("1"), deadline, KA_PERMIT_V, r, high), RS_REVERTED);
    assert_error_string(f, "ECDSA: invalid signature 's' value");
    rs_env_reset(&f->e);
    assert_int_equal(et_permit(&f->e, f->eigen, owner, spender, D("1"), deadline, 29, r, s), RS_REVERTED);
    assert_error_string(f, "ECDSA: invalid signature");
}

/* ---- random sequences: nothing is created or lost ---- */

static uint64_t next_rand(uint64_t *x) { /* splitmix64 */
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* addDistribution / updateDistribution as transactions (calldata through the
 * router, so a revert leaves nothing). */
static int dist_call(fixture *f, rs_addr from, bool update, uint64_t id, abi_val d) {
    const char *sig = update ? "updateDistribution(uint256,(uint64,uint64,uint64,uint8,(address,uint32),(address,uint96)[][]))"
                             : "addDistribution((uint64,uint64,uint64,uint8,(address,uint32),(address,uint96)[][]))";
    const abi_type *params;
    assert_int_equal(abi_signature_params(&f->a, sig, &params), ABI_OK);
    abi_val args = abi_v_list(&f->a, ABI_TUPLE, update ? 2 : 1);
    if (update) args.items[0] = abi_v_word(ABI_UINT, u256_from_u64(id));
    args.items[update ? 1 : 0] = d;
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_selector(&cd, sig);
    abi_encode(&cd, params, &args);
    rs_env_reset(&f->e);
    int rc = rs_call(&f->e, from, f->ec, U256_ZERO, cd.p, cd.len, NULL);
    rs_buf_free(&cd);
    return rc;
}

#define RANDOM_OPS 400
#define RANDOM_DISTRIBUTIONS_MAX 40

static void test_random_conservation(void **state) {
    fixture *f = *state;
    uint64_t x = test_seed("test_emissions");
    const u256 rate = D(RATE), backing0 = et_balance_of(&f->e, f->beigen, f->eigen);
    const u256 beigen0 = et_total_supply(&f->e, f->beigen);
    uint64_t weights[RANDOM_DISTRIBUTIONS_MAX] = {0}, ndist = 0, minted = 0, presses = 0, updates = 0;
    f->e.timestamp = START - 3600;
    for (int op = 0; op < RANDOM_OPS; op++) {
        uint64_t r = next_rand(&x);
        u256 epoch = ec_current_epoch(&f->e);
        uint64_t future = u256_eq(epoch, U256_MAX) ? 0 : epoch.w[0] + 1 + r % 3;
        bool was_minted = !u256_eq(epoch, U256_MAX) && ec_epoch_minted(&f->e, epoch);
        unsigned type = (unsigned)(1 + (r >> 8) % 5); /* 1 all-earners (fails), 2/3 (no set: refused), 4 EigenDA, 5 Manual */
        uint64_t w = (r >> 16) % 3000;
        switch (r % 6) {
        case 0:
        case 1:
            if (ndist < RANDOM_DISTRIBUTIONS_MAX &&
                dist_call(f, f->council, false, 0, dist(f, w, future, (r >> 32) % 3, type, f->avs, 0, 1 + (r >> 40) % 3)) == RS_OK)
                weights[ndist++] = w;
            break;
        case 2:
            if (ndist > 0) {
                uint64_t id = (r >> 24) % ndist;
                if (dist_call(f, f->council, true, id, dist(f, w, future, 0, (r >> 48) % 6, f->avs, 0, 1)) == RS_OK) {
                    weights[id] = w;
                    updates++;
                }
            }
            break;
        case 3:
            if (press(f, (r >> 8) % 4) == RS_OK) {
                presses++;
                if (!was_minted) minted++;
            }
            break;
        case 4: assert_int_equal(sweep(f), RS_OK); break;
        default: f->e.timestamp += (r >> 8) % (DAY / 2); break;
        }
        /* invariants */
        u256 supply_now = u256_add_wrap(beigen0, u256_mul_wrap(rate, u256_from_u64(minted)));
        u256 wrapped = u256_mul_wrap(rate, u256_from_u64(minted));
        assert_u256_equal(et_total_supply(&f->e, f->beigen), supply_now);
        assert_u256_equal(et_total_supply(&f->e, f->eigen), supply_now);
        assert_u256_equal(et_internal_supply(&f->e, f->eigen), wrapped);
        assert_u256_equal(et_balance_of(&f->e, f->beigen, f->eigen), u256_add_wrap(backing0, wrapped));
        u256 held = u256_add_wrap(u256_add_wrap(eigen_of(f, f->ec), eigen_of(f, f->rc)), eigen_of(f, f->council));
        assert_u256_equal(held, wrapped);
        uint64_t total = 0;
        for (uint64_t i = 0; i < ndist; i++) total += weights[i];
        assert_int_equal(ec_total_weight(&f->e), total);
        assert_true(total <= 10000);
        assert_int_equal(ec_distribution_count(&f->e), ndist);
        epoch = ec_current_epoch(&f->e);
        if (!u256_eq(epoch, U256_MAX)) assert_true(ec_epoch_processed(&f->e, epoch) <= ec_total_processable(&f->e));
        assert_false(u256_gt(et_allowance(&f->e, f->eigen, f->ec, f->rc), rate));
        rs_arena_reset(&f->a);
    }
    printf("random: %d operations, %" PRIu64 " distributions, %" PRIu64 " updates, %" PRIu64 " presses, %" PRIu64
           " epochs minted\n", RANDOM_OPS, ndist, updates, presses, minted);
    assert_true(ndist > 0 && presses > 0 && minted > 0);
}

/* ---- the genesis loader ---- */

/* genesis/devnet.json's genesis with emissionsController.<key> = value
 * (value NULL: unchanged); returns rs_genesis_parse's result, err filled. */
static int parse_devnet_with(const char *key, json_t *value, char *err, size_t cap) {
    json_error_t je;
    json_t *doc = json_load_file("genesis/devnet.json", 0, &je);
    assert_non_null(doc);
    json_t *g = json_object_get(doc, "genesis");
    if (key) json_object_set_new(json_object_get(g, "emissionsController"), key, value);
    char *text = json_dumps(g, JSON_COMPACT);
    rs_genesis gen;
    int rc = rs_genesis_parse(text, strlen(text), "devnet", &gen, err, cap);
    if (rc == 0) {
        assert_true(gen.emissions.present && gen.eigen.present && gen.beigen.present);
        assert_int_equal(gen.beigen.nminters, 1);
        rs_genesis_free(&gen);
    }
    free(text);
    json_decref(doc);
    return rc;
}

static void test_genesis_loader(void **state) {
    (void)state;
    char err[512];
    assert_int_equal(parse_devnet_with(NULL, NULL, err, sizeof err), 0);
    assert_int_equal(parse_devnet_with("EMISSIONS_START_TIME", json_string("1750032001"), err, sizeof err), -1);
    assert_non_null(strstr(err, "emissionsController.EMISSIONS_START_TIME: is not a multiple of CALCULATION_INTERVAL_SECONDS"));
    assert_int_equal(parse_devnet_with("EMISSIONS_EPOCH_LENGTH", json_string("0"), err, sizeof err), -1);
    assert_non_null(strstr(err, "EMISSIONS_EPOCH_LENGTH: is zero"));
    assert_int_equal(parse_devnet_with("address", json_string("0x00000000000000000000000000000000000000e1"), err, sizeof err), -1);
    assert_non_null(strstr(err, "is not the RewardsCoordinator's emissionsController"));
    assert_int_equal(parse_devnet_with("incentiveCouncil", json_string("0x0000000000000000000000000000000000000000"), err, sizeof err), -1);
    assert_non_null(strstr(err, "incentiveCouncil: is the zero address"));
    assert_int_equal(parse_devnet_with("distributions", json_pack("[{}]"), err, sizeof err), -1);
    assert_non_null(strstr(err, "distributions: must be empty at genesis"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_epochs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_press_manual_and_pagination, setup, teardown),
        cmocka_unit_test_setup_teardown(test_press_skips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_press_submissions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep_waits_for_the_button, setup, teardown),
        cmocka_unit_test_setup_teardown(test_minting_right, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrap_unwrap_conserve_supply, setup, teardown),
        cmocka_unit_test_setup_teardown(test_votes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_conservation, setup, teardown),
        cmocka_unit_test(test_genesis_loader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
