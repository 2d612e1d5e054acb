/* Randomized slashing: 50 operators, 500 stakers, 8 strategies and up to 20
 * operator sets (every third redistributing) driven by a seeded (RESTAKE_SEED) mix of
 * set creation, (de)registration, (de)allocation, block mining, slashes of
 * random wads, deposits, donations, (re/un)delegation, queued withdrawals,
 * completions and clearing of burn-or-redistributable shares.
 *
 * Checked after each operation (for the operator it touched; every operator
 * and every staker at each full check, every FULL_EVERY operations):
 *   M1 an operator's max magnitude never increases;
 *   M2 its encumbered magnitude never exceeds its max magnitude, and
 *      encumbered + allocatable == max;
 *   M3 encumbered == Σ over its allocated sets of current magnitude plus
 *      pending increase (full checks only);
 *   Q  its cumulative queued scaled shares never decrease;
 *   S1 a slash moves exactly the shares it reports into the escrow of its
 *      slash id, of which exactly calcSlashedAmount (operatorShares minus
 *      ceil(operatorShares * newMax / prevMax)) comes out of operator shares;
 *   S2 Σ slashed = Σ cleared + Σ still in escrow, per strategy, exactly;
 *   S3 clearing pays the recipient (or the burn address) exactly the
 *      escrowed shares converted at the strategy's rate, floor, and takes
 *      exactly those shares out of totalShares;
 *   O  operator shares >= Σ its stakers' withdrawable shares;
 *   T  no token is created: total supply == minted, and Σ balances of every
 *      holder (stakers, operators, strategies, recipients, burn address)
 *      == minted;
 *   C  no share is created: totalShares(S) >= Σ stakers' withdrawable shares
 *      + Σ shares pending withdrawals would pay now + shares in escrow. The
 *      difference is the rounding left in the strategy; it is reported and
 *      bounded (see check_share_conservation).
 * The cheap checks (M1, M2, Q for the operator an operation touched, S1-S3
 * at each slash and clear, supply and the S2 ledger) run after every
 * operation, O for the touched operator and strategies after every slash and
 * every COVER_EVERY-th operation; the sweeps over every holder and
 * staker every FULL_EVERY operations and after the final drain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/delegation_internal.h"
#include "protocol/snapshots.h"
#include "sim_asserts.h"
#include "test_seed.h"
#include "test_util.h"

#define NSTRAT 8
#define NOPER 50
#define NSTAKERS 500
#define NAVS 4
#define NSETS 20
#define WDELAY 20
#define DDELAY 25
#ifndef NOPS_RUN
#define NOPS_RUN 100000
#endif
#define FULL_EVERY 4000
#define COVER_EVERY 4
#define MAX_PENDING 32768
#define MAX_ESCROW 8192
/* A state root costs a sort and a hash of the whole state, so only every
 * ROOT_SAMPLE-th operation is root-checked: one of the kinds that revert
 * most often, compared against the root before it when it does revert. */
#define ROOT_SAMPLE 2000
#define ALL_STRATEGIES ((1u << NSTRAT) - 1)

enum { OP_CREATE_SET, OP_REGISTER, OP_DEREGISTER, OP_ALLOCATE, OP_CLEAR_DEALLOC, OP_MINE, OP_SLASH, OP_DEPOSIT,
       OP_DELEGATE, OP_UNDELEGATE, OP_QUEUE, OP_COMPLETE, OP_CLEAR_ESCROW, OP_DONATE, OP_REDELEGATE, OP_KINDS };
static const char *const OP_NAMES[OP_KINDS] = {"create_set", "register", "deregister", "allocate", "clear_dealloc",
                                               "mine", "slash", "deposit", "delegate", "undelegate", "queue",
                                               "complete", "clear_escrow", "donate", "redelegate"};
static const unsigned REVERT_PRONE[3] = {OP_ALLOCATE, OP_DELEGATE, OP_DEREGISTER};
static const unsigned OP_WEIGHTS[OP_KINDS] = {1, 6, 1, 10, 2, 4, 8, 16, 6, 2, 12, 12, 4, 1, 2};

typedef struct {
    rs_addr avs;
    uint32_t id;
    size_t nstrat;
    size_t strat[NSTRAT]; /* ascending indices */
    bool redistributing;
    rs_addr recipient;
} set_info;

typedef struct {
    rs_addr avs;
    uint32_t set_id;
    u256 slash_id;
} escrow_ref;

typedef struct {
    sim_world w;
    sim_rng rng;
    rs_addr ops[NOPER], stakers[NSTAKERS], avs[NAVS];
    int staker_op[NSTAKERS]; /* operator index, -1 when undelegated */
    set_info sets[NSETS];
    size_t nsets;
    u256 minted[NSTRAT];
    uint64_t maxmag[NOPER][NSTRAT];
    u256 cumq[NOPER][NSTRAT];
    dm_withdrawal pending[MAX_PENDING];
    size_t npending;
    escrow_ref escrow[MAX_ESCROW];
    size_t nescrow;
    u256 slashed[NSTRAT], cleared[NSTRAT], in_escrow[NSTRAT], cleared_tokens[NSTRAT];
    u256 max_slack[NSTRAT];
    unsigned ran; /* kind actually run: ops fall back to others */
    unsigned ok[OP_KINDS], reverted[OP_KINDS], roots_checked, full_checks, slashes_nonzero;
    int touched_op; /* operator the last operation may have changed, -1 for none */
    unsigned touched_mask; /* strategies whose shares it may have changed */
} world;

static world W;

static size_t op_index(world *s, rs_addr op) {
    size_t i = (size_t)(op.b[16] << 24 | op.b[17] << 16 | op.b[18] << 8 | op.b[19]) - 1;
    assert_true(i < NOPER && rs_addr_eq(s->ops[i], op));
    return i;
}

static u256 random_amount(world *s) { return sim_random_amount(&s->rng); }

static u256 random_part(world *s, u256 x) {
    uint64_t r = sim_below(&s->rng, 20);
    if (r == 0) return U256_ZERO;
    if (r <= 2) return x;
    return sim_frac(x, 1 + sim_below(&s->rng, 1000), 1000);
}

/* Mostly small wads (so magnitudes survive many slashes), sometimes large, rarely 100%. */
static u256 random_wad(world *s) {
    uint64_t r = sim_below(&s->rng, 100);
    if (r == 0) return sim_u(SIM_WAD);
    if (r < 10) return sim_u(1 + sim_below(&s->rng, SIM_WAD));
    if (r < 15) return sim_u(1 + sim_below(&s->rng, 1000));
    return sim_u(1 + sim_below(&s->rng, SIM_WAD / 50));
}

static void track_roots(world *s, const rs_b32 *roots, size_t n) {
    sim_track_roots(&s->w, s->pending, &s->npending, MAX_PENDING, roots, n);
}

static set_info *random_set(world *s) { return s->nsets ? &s->sets[sim_below(&s->rng, s->nsets)] : NULL; }

static size_t strategy_index(world *s, rs_addr st);

/* ---- operations ---- */

static int op_register(world *s);

static int op_create_set(world *s) {
    s->ran = OP_CREATE_SET;
    if (s->nsets == NSETS) return op_register(s); /* all sets exist */
    set_info *si = &s->sets[s->nsets];
    si->avs = s->avs[s->nsets % NAVS];
    si->id = (uint32_t)(s->nsets / NAVS) + 1;
    si->nstrat = 0;
    for (size_t k = 0; k < NSTRAT; k++)
        if (sim_below(&s->rng, 2)) si->strat[si->nstrat++] = k;
    if (si->nstrat == 0) si->strat[si->nstrat++] = sim_below(&s->rng, NSTRAT);
    rs_addr strategies[NSTRAT];
    for (size_t i = 0; i < si->nstrat; i++) strategies[i] = s->w.strategies[si->strat[i]];
    am_create_set_params cp = {si->id, strategies, si->nstrat, si->avs};
    si->redistributing = s->nsets % 3 == 0;
    int rc;
    if (si->redistributing) {
        si->recipient = sim_addr(SIM_RECIPIENT, (uint32_t)s->nsets + 1);
        rc = SIM_TX(&s->w, am_create_redistributing_operator_sets(&s->w.e, si->avs, si->avs, &cp, 1, &si->recipient,
                                                                  1));
    } else {
        si->recipient = s->w.p.default_burn_address;
        rc = SIM_TX(&s->w, am_create_operator_sets(&s->w.e, si->avs, si->avs, &cp, 1));
    }
    if (rc == RS_OK) s->nsets++;
    return rc;
}

static int op_register(world *s) {
    s->ran = OP_REGISTER;
    set_info *si = random_set(s);
    if (!si) return op_create_set(s);
    size_t o = sim_below(&s->rng, NOPER);
    s->touched_op = (int)o;
    return SIM_TX(&s->w, am_register_for_operator_sets(&s->w.e, s->ops[o], s->ops[o], si->avs, &si->id, 1, NULL, 0));
}

static int op_deregister(world *s) {
    s->ran = OP_DEREGISTER;
    set_info *si = random_set(s);
    if (!si) return op_create_set(s);
    size_t o = sim_below(&s->rng, NOPER);
    s->touched_op = (int)o;
    return SIM_TX(&s->w, am_deregister_from_operator_sets(&s->w.e, s->ops[o], s->ops[o], si->avs, &si->id, 1));
}

static int op_allocate(world *s) {
    s->ran = OP_ALLOCATE;
    set_info *si = random_set(s);
    if (!si) return op_create_set(s);
    size_t o = sim_below(&s->rng, NOPER);
    s->touched_op = (int)o;
    am_opset set = {si->avs, si->id};
    rs_addr strategies[NSTRAT];
    uint64_t mags[NSTRAT];
    size_t n = 0;
    for (size_t i = 0; i < si->nstrat; i++) {
        if (n && sim_below(&s->rng, 2)) continue;
        rs_addr st = s->w.strategies[si->strat[i]];
        uint64_t cur = am_get_allocation(&s->w.e, s->ops[o], set, st).current_magnitude;
        uint64_t room = am_get_allocatable_magnitude(&s->w.e, s->ops[o], st);
        uint64_t r = sim_below(&s->rng, 10);
        strategies[n] = st;
        /* grow into the free magnitude, shrink, or (rarely) ask for too much */
        mags[n++] = r < 6 ? cur + sim_below(&s->rng, room + 1) : r < 9 ? sim_below(&s->rng, cur + 1) : cur + room + 1;
    }
    am_allocate_params ap = {set, strategies, n, mags, n};
    return SIM_TX(&s->w, am_modify_allocations(&s->w.e, s->ops[o], s->ops[o], &ap, 1));
}

static int op_clear_dealloc(world *s) {
    s->ran = OP_CLEAR_DEALLOC;
    size_t o = sim_below(&s->rng, NOPER);
    s->touched_op = (int)o;
    uint16_t num[NSTRAT];
    for (size_t k = 0; k < NSTRAT; k++) num[k] = 0xffff;
    return SIM_TX(&s->w, am_clear_deallocation_queue(&s->w.e, s->ops[o], s->w.strategies, NSTRAT, num, NSTRAT));
}

static int op_mine(world *s) {
    s->ran = OP_MINE;
    sim_mine(&s->w, 1 + sim_below(&s->rng, WDELAY + 5));
    return RS_OK;
}

/* S1: the escrow of the new slash id holds exactly what was reported, and the
 * operator lost exactly calcSlashedAmount of it. */
static void check_slash(world *s, size_t o, const set_info *si, const size_t *idx, size_t n, const u256 *op_before,
                        const uint64_t *mag_before, u256 slash_id, const u256 *shares) {
    rs_env *e = &s->w.e;
    for (size_t i = 0; i < n; i++) {
        rs_addr st = s->w.strategies[idx[i]];
        uint64_t mag_after = am_get_max_magnitude(e, s->ops[o], st);
        u256 op_after = dm_operator_shares(e, s->ops[o], st), kept = U256_ZERO, from_op;
        if (mag_before[i] != 0)
            assert_true(u256_muldiv_up(&kept, op_before[i], sim_u(mag_after), sim_u(mag_before[i])));
        else
            kept = op_before[i];
        from_op = sim_sub(op_before[i], kept);
        assert_u256_equal(op_after, kept);
        assert_true(u256_ge(shares[i], from_op)); /* the rest came from the withdrawal queue */
        assert_u256_equal(sm_get_burn_or_redistributable_shares_of(e, si->avs, si->id, slash_id, st), shares[i]);
        s->slashed[idx[i]] = sim_add(s->slashed[idx[i]], shares[i]);
        s->in_escrow[idx[i]] = sim_add(s->in_escrow[idx[i]], shares[i]);
        if (!u256_is_zero(shares[i])) s->slashes_nonzero++;
    }
}

static int op_slash(world *s) {
    s->ran = OP_SLASH;
    set_info *si = random_set(s);
    if (!si) return op_create_set(s);
    rs_env *e = &s->w.e;
    am_opset set = {si->avs, si->id};
    size_t o;
    uint64_t nm = am_get_member_count(e, set);
    if (nm && sim_below(&s->rng, 10))
        o = op_index(s, am_member_at(e, set, sim_below(&s->rng, nm)));
    else
        o = sim_below(&s->rng, NOPER);
    s->touched_op = (int)o;
    s->touched_mask = 0;
    size_t idx[NSTRAT], n = 0;
    rs_addr strategies[NSTRAT];
    u256 wads[NSTRAT], op_before[NSTRAT], shares[NSTRAT], slash_id;
    uint64_t mag_before[NSTRAT];
    for (size_t i = 0; i < si->nstrat; i++) {
        if (n && sim_below(&s->rng, 2)) continue;
        idx[n] = si->strat[i];
        strategies[n] = s->w.strategies[idx[n]];
        wads[n] = random_wad(s);
        op_before[n] = dm_operator_shares(e, s->ops[o], strategies[n]);
        mag_before[n] = am_get_max_magnitude(e, s->ops[o], strategies[n]);
        s->touched_mask |= 1u << idx[n];
        n++;
    }
    am_slashing_params p = {s->ops[o], si->id, strategies, n, wads, n, (const uint8_t *)"sim", 3};
    int rc = SIM_TX(&s->w, am_slash_operator(e, si->avs, si->avs, &p, &slash_id, shares));
    if (rc != RS_OK) return rc;
    check_slash(s, o, si, idx, n, op_before, mag_before, slash_id, shares);
    if (sm_get_burn_or_redistributable_count(e, si->avs, si->id, slash_id)) {
        assert_true(s->nescrow < MAX_ESCROW);
        s->escrow[s->nescrow++] = (escrow_ref){si->avs, si->id, slash_id};
    }
    return rc;
}

static int op_deposit(world *s) {
    s->ran = OP_DEPOSIT;
    size_t k = sim_below(&s->rng, NSTRAT), i = sim_below(&s->rng, NSTAKERS);
    rs_addr who = s->stakers[i];
    u256 amount = random_amount(s), shares;
    int rc = SIM_TX(&s->w, erc20_mint(&s->w.e, who, s->w.tokens[k], who, amount));
    assert_int_equal(rc, RS_OK);
    s->minted[k] = sim_add(s->minted[k], amount);
    if (s->staker_op[i] >= 0) s->touched_op = s->staker_op[i];
    s->touched_mask = 1u << k;
    return sim_deposit(&s->w, who, k, amount, &shares);
}

static int op_delegate(world *s) {
    s->ran = OP_DELEGATE;
    size_t i = sim_below(&s->rng, NSTAKERS), o = sim_below(&s->rng, NOPER);
    int rc = sim_delegate(&s->w, s->stakers[i], s->ops[o]);
    if (rc == RS_OK) s->staker_op[i] = (int)o;
    s->touched_op = (int)o;
    return rc;
}

static int op_undelegate(world *s) {
    s->ran = OP_UNDELEGATE;
    size_t i = sim_below(&s->rng, NSTAKERS);
    rs_b32 *roots = NULL;
    size_t n = 0;
    s->touched_op = s->staker_op[i];
    int rc = SIM_TX(&s->w, dm_undelegate(&s->w.e, s->stakers[i], s->stakers[i], &roots, &n));
    if (rc == RS_OK) {
        track_roots(s, roots, n);
        s->staker_op[i] = -1;
    }
    free(roots);
    return rc;
}

static int op_redelegate(world *s) {
    s->ran = OP_REDELEGATE;
    size_t i = sim_below(&s->rng, NSTAKERS), o = sim_below(&s->rng, NOPER);
    rs_b32 *roots = NULL;
    size_t n = 0;
    s->touched_op = (int)o;
    int rc = SIM_TX(&s->w, dm_redelegate(&s->w.e, s->stakers[i], s->ops[o], NULL, 0, U256_ZERO, RS_B32_ZERO, &roots,
                                         &n));
    if (rc == RS_OK) {
        track_roots(s, roots, n);
        s->staker_op[i] = (int)o;
    }
    free(roots);
    return rc;
}

static int op_queue(world *s) {
    s->ran = OP_QUEUE;
    size_t i = sim_below(&s->rng, NSTAKERS);
    rs_addr who = s->stakers[i];
    rs_addr strategies[NSTRAT];
    u256 shares[NSTRAT];
    size_t n = sm_staker_strategy_list(&s->w.e, who, strategies, NSTRAT);
    if (n == 0) return op_deposit(s);
    size_t first = sim_below(&s->rng, n), m = 1 + sim_below(&s->rng, n);
    rs_addr pick[NSTRAT];
    for (size_t j = 0; j < m; j++) {
        pick[j] = strategies[(first + j) % n];
        shares[j] = random_part(s, sm_staker_deposit_shares(&s->w.e, who, pick[j]));
    }
    dm_queue_params qp = {m, pick, m, shares};
    rs_b32 root;
    s->touched_op = s->staker_op[i];
    s->touched_mask = 0;
    for (size_t j = 0; j < m; j++) s->touched_mask |= 1u << strategy_index(s, pick[j]);
    int rc = SIM_TX(&s->w, dm_queue_withdrawals(&s->w.e, who, &qp, 1, &root));
    if (rc == RS_OK) track_roots(s, &root, 1);
    return rc;
}

static int op_complete(world *s) {
    s->ran = OP_COMPLETE;
    if (s->npending == 0) return op_queue(s);
    size_t i = sim_below(&s->rng, s->npending);
    dm_withdrawal *wd = &s->pending[i];
    if (sim_below(&s->rng, 8) && s->w.e.block_number <= (uint64_t)wd->start_block + WDELAY)
        sim_mine(&s->w, wd->start_block + WDELAY + 1 - s->w.e.block_number);
    size_t si = (size_t)(wd->staker.b[16] << 24 | wd->staker.b[17] << 16 | wd->staker.b[18] << 8 | wd->staker.b[19]) - 1;
    s->touched_op = s->staker_op[si];
    s->touched_mask = 0;
    for (size_t j = 0; j < wd->n; j++) s->touched_mask |= 1u << strategy_index(s, wd->strategies[j]);
    bool as_tokens = sim_below(&s->rng, 2);
    int rc = sim_complete_paying_promise(&s->w, wd, as_tokens, WDELAY);
    if (rc == RS_OK) {
        dm_withdrawal_free(wd);
        s->pending[i] = s->pending[--s->npending];
    }
    return rc;
}

static size_t strategy_index(world *s, rs_addr st) {
    for (size_t k = 0; k < NSTRAT; k++)
        if (rs_addr_eq(s->w.strategies[k], st)) return k;
    fail();
    return 0;
}

/* S3 for one slash id. */
static int op_clear_escrow(world *s) {
    s->ran = OP_CLEAR_ESCROW;
    if (s->nescrow == 0) return RS_OK;
    rs_env *e = &s->w.e;
    size_t i = sim_below(&s->rng, s->nescrow);
    escrow_ref r = s->escrow[i];
    rs_addr strategies[NSTRAT], recipient = am_get_redistribution_recipient(e, r.avs, r.set_id);
    u256 shares[NSTRAT], want[NSTRAT], bal_before[NSTRAT], total_before[NSTRAT];
    size_t n = sm_get_burn_or_redistributable_shares(e, r.avs, r.set_id, r.slash_id, strategies, shares, NSTRAT);
    assert_true(n > 0 && n <= NSTRAT);
    for (size_t j = 0; j < n; j++) {
        size_t k = strategy_index(s, strategies[j]);
        want[j] = sb_shares_to_underlying_view(e, strategies[j], shares[j]);
        bal_before[j] = erc20_balance_of(e, s->w.tokens[k], recipient);
        total_before[j] = sb_total_shares(e, strategies[j]);
    }
    u256 *amounts = NULL;
    size_t na = 0;
    int rc = SIM_TX(&s->w, sm_clear_burn_or_redistributable_shares(e, sim_addr(SIM_STAKER, 1), r.avs, r.set_id,
                                                                    r.slash_id, &amounts, &na));
    assert_int_equal(rc, RS_OK);
    assert_int_equal(na, n);
    for (size_t j = 0; j < n; j++) {
        size_t k = strategy_index(s, strategies[j]);
        assert_u256_equal(amounts[j], want[j]);
        u256 gained = sim_sub(erc20_balance_of(e, s->w.tokens[k], recipient), bal_before[j]);
        /* two strategies never share a token here, so the gain is this one's */
        assert_u256_equal(gained, want[j]);
        assert_u256_equal(sim_sub(total_before[j], sb_total_shares(e, strategies[j])), shares[j]);
        s->cleared[k] = sim_add(s->cleared[k], shares[j]);
        s->in_escrow[k] = sim_sub(s->in_escrow[k], shares[j]);
        s->cleared_tokens[k] = sim_add(s->cleared_tokens[k], amounts[j]);
    }
    free(amounts);
    assert_int_equal(sm_get_burn_or_redistributable_count(e, r.avs, r.set_id, r.slash_id), 0);
    s->escrow[i] = s->escrow[--s->nescrow];
    return rc;
}

/* A gift to a strategy moves its exchange rate off 1:1, so clearing
 * converts shares to tokens at a rate that rounds. */
static int op_donate(world *s) {
    s->ran = OP_DONATE;
    size_t k = sim_below(&s->rng, NSTRAT);
    rs_addr who = s->stakers[sim_below(&s->rng, NSTAKERS)];
    u256 amount = random_amount(s);
    assert_int_equal(SIM_TX(&s->w, erc20_mint(&s->w.e, who, s->w.tokens[k], who, amount)), RS_OK);
    s->minted[k] = sim_add(s->minted[k], amount);
    return SIM_TX(&s->w, erc20_transfer(&s->w.e, who, s->w.tokens[k], s->w.strategies[k], amount));
}

static int (*const OPS[OP_KINDS])(world *) = {op_create_set, op_register,   op_deregister, op_allocate,
                                               op_clear_dealloc, op_mine,    op_slash,      op_deposit,
                                               op_delegate,   op_undelegate, op_queue,      op_complete,
                                               op_clear_escrow, op_donate, op_redelegate};

static unsigned pick_kind(world *s) { return sim_pick_weighted(&s->rng, OP_WEIGHTS, OP_KINDS, OP_MINE); }

/* ---- invariants ---- */

/* M1, M2, Q for one operator, and O over the strategies in mask. */
static void check_operator(world *s, size_t o, unsigned mask) {
    rs_env *e = &s->w.e;
    rs_addr op = s->ops[o];
    for (size_t k = 0; k < NSTRAT; k++) {
        rs_addr st = s->w.strategies[k];
        uint64_t mag = am_get_max_magnitude(e, op, st);
        assert_true(mag <= s->maxmag[o][k]);
        s->maxmag[o][k] = mag;
        uint64_t enc = am_get_encumbered_magnitude(e, op, st);
        assert_true(enc <= mag);
        assert_int_equal(enc + am_get_allocatable_magnitude(e, op, st), mag);
        rs_key hk = dmk_addr2(NS_DM_SCALED_HISTORY, op, st);
        u256 cq = snap_zero_latest(s->w.st, &hk);
        assert_true(u256_ge(cq, s->cumq[o][k]));
        s->cumq[o][k] = cq;
    }
    rs_addr strategies[NSTRAT];
    size_t n = 0;
    for (size_t k = 0; k < NSTRAT; k++)
        if (mask >> k & 1) strategies[n++] = s->w.strategies[k];
    u256 sum[NSTRAT];
    memset(sum, 0, sizeof sum);
    for (size_t i = 0; i < NSTAKERS && n; i++) {
        if (s->staker_op[i] != (int)o) continue;
        u256 wd[NSTRAT], dep[NSTRAT];
        assert_int_equal(dm_get_withdrawable_shares(e, s->stakers[i], strategies, n, wd, dep), RS_OK);
        for (size_t j = 0; j < n; j++) sum[j] = sim_add(sum[j], wd[j]);
    }
    for (size_t j = 0; j < n; j++) assert_true(u256_ge(dm_operator_shares(e, op, strategies[j]), sum[j]));
}

/* M3: encumbered magnitude is what the operator's allocated sets hold or
 * are about to hold: Σ current + pending increases (pending decreases stay
 * encumbered until they take effect). */
static void check_encumbered_sums(world *s, size_t o) {
    rs_env *e = &s->w.e;
    uint64_t sum[NSTRAT] = {0};
    uint64_t nsets = am_allocated_set_count(e, s->ops[o]);
    for (uint64_t i = 0; i < nsets; i++) {
        am_opset set = am_allocated_set_at(e, s->ops[o], i);
        for (size_t k = 0; k < NSTRAT; k++) {
            am_allocation a = am_get_allocation(e, s->ops[o], set, s->w.strategies[k]);
            sum[k] += a.current_magnitude + (a.diff_negative ? 0 : a.diff_abs);
        }
    }
    for (size_t k = 0; k < NSTRAT; k++)
        assert_int_equal(sum[k], am_get_encumbered_magnitude(e, s->ops[o], s->w.strategies[k]));
}

static void check_supply(world *s) {
    for (size_t k = 0; k < NSTRAT; k++) {
        assert_u256_equal(erc20_total_supply(&s->w.e, s->w.tokens[k]), s->minted[k]);
        assert_u256_equal(sim_add(s->cleared[k], s->in_escrow[k]), s->slashed[k]); /* S2 */
    }
}

/* T over every holder. */
static void check_token_conservation(world *s) {
    rs_env *e = &s->w.e;
    for (size_t k = 0; k < NSTRAT; k++) {
        rs_addr tok = s->w.tokens[k];
        u256 sum = erc20_balance_of(e, tok, s->w.p.default_burn_address);
        for (size_t i = 0; i < NSTAKERS; i++) sum = sim_add(sum, erc20_balance_of(e, tok, s->stakers[i]));
        for (size_t o = 0; o < NOPER; o++) sum = sim_add(sum, erc20_balance_of(e, tok, s->ops[o]));
        for (size_t j = 0; j < NSTRAT; j++) sum = sim_add(sum, erc20_balance_of(e, tok, s->w.strategies[j]));
        for (size_t j = 0; j < s->nsets; j++)
            if (s->sets[j].redistributing) sum = sim_add(sum, erc20_balance_of(e, tok, s->sets[j].recipient));
        assert_u256_equal(sum, s->minted[k]);
        /* the burn address and recipients hold exactly what clearing paid */
        u256 paid = erc20_balance_of(e, tok, s->w.p.default_burn_address);
        for (size_t j = 0; j < s->nsets; j++)
            if (s->sets[j].redistributing) paid = sim_add(paid, erc20_balance_of(e, tok, s->sets[j].recipient));
        assert_u256_equal(paid, s->cleared_tokens[k]);
    }
}

/* C. The slack is what rounding leaves in the strategy: every staker's
 * withdrawable shares are rounded down (three nested floors), every slash
 * takes the operator's cut rounded up, and each queued withdrawal's payout
 * is floored; none of it belongs to anyone. */
static void check_share_conservation(world *s) {
    rs_env *e = &s->w.e;
    u256 owed[NSTRAT];
    for (size_t k = 0; k < NSTRAT; k++) owed[k] = s->in_escrow[k];
    for (size_t i = 0; i < NSTAKERS; i++) {
        u256 wd[NSTRAT], dep[NSTRAT];
        assert_int_equal(dm_get_withdrawable_shares(e, s->stakers[i], s->w.strategies, NSTRAT, wd, dep), RS_OK);
        for (size_t k = 0; k < NSTRAT; k++) owed[k] = sim_add(owed[k], wd[k]);
        assert_true(rs_addr_eq(dm_delegated_to(e, s->stakers[i]),
                               s->staker_op[i] < 0 ? RS_ADDR_ZERO : s->ops[s->staker_op[i]]));
    }
    for (size_t i = 0; i < s->npending; i++) {
        dm_withdrawal wd;
        u256 *shares = NULL;
        assert_int_equal(dm_get_queued_withdrawal(e, dm_withdrawal_root(&s->pending[i]), &wd, &shares), RS_OK);
        for (size_t j = 0; j < wd.n; j++) {
            size_t k = strategy_index(s, wd.strategies[j]);
            owed[k] = sim_add(owed[k], shares[j]);
        }
        free(shares);
        dm_withdrawal_free(&wd);
    }
    for (size_t k = 0; k < NSTRAT; k++) {
        u256 total = sb_total_shares(e, s->w.strategies[k]);
        assert_true(u256_ge(total, owed[k]));
        u256 slack = sim_sub(total, owed[k]);
        s->max_slack[k] = u256_max(s->max_slack[k], slack);
        /* Loose ceiling: the docs bound a position's rounding loss by about
         * its shares / 1e18 (scaled up by 1/m for factors that drifted) plus
         * a few wei; a part in 1e9 of the total plus 16 wei per position and
         * per slash leaves orders of magnitude of room and still catches a
         * leak of real value. */
        u256 room = sim_add(sim_frac(total, 1, 1000000000),
                            sim_u(16 * (NSTAKERS + s->npending + s->slashes_nonzero)));
        assert_true(u256_le(slack, room));
    }
}

static void check_full(world *s) {
    for (size_t o = 0; o < NOPER; o++) {
        check_operator(s, o, ALL_STRATEGIES);
        check_encumbered_sums(s, o);
    }
    check_supply(s);
    check_token_conservation(s);
    check_share_conservation(s);
    s->full_checks++;
}

static void setup_world(world *s) {
    memset(s, 0, sizeof *s);
    sim_init(&s->w, NSTRAT, WDELAY, DDELAY);
    s->rng.s = test_seed("test_invariants_slashing");
    for (uint32_t i = 0; i < NOPER; i++) {
        s->ops[i] = sim_addr(SIM_OPERATOR, i + 1);
        assert_int_equal(sim_register_operator(&s->w, s->ops[i]), RS_OK);
        for (size_t k = 0; k < NSTRAT; k++) s->maxmag[i][k] = SIM_WAD;
    }
    for (uint32_t i = 0; i < NAVS; i++) {
        s->avs[i] = sim_addr(SIM_AVS, i + 1);
        assert_int_equal(sim_register_avs(&s->w, s->avs[i]), RS_OK);
    }
    for (uint32_t i = 0; i < NSTAKERS; i++) {
        s->stakers[i] = sim_addr(SIM_STAKER, i + 1);
        s->staker_op[i] = -1;
        for (size_t k = 0; k < NSTRAT; k++)
            assert_int_equal(SIM_TX(&s->w, erc20_approve(&s->w.e, s->stakers[i], s->w.tokens[k],
                                                         s->w.p.strategy_manager, U256_MAX)),
                             RS_OK);
    }
}

static void test_random_slashing_operations_keep_accounting(void **state) {
    (void)state;
    world *s = &W;
    setup_world(s);
    for (unsigned n = 0; n < NOPS_RUN; n++) {
        bool sample = n % ROOT_SAMPLE == 0;
        unsigned kind = sample ? REVERT_PRONE[sim_below(&s->rng, 3)] : pick_kind(s);
        rs_b32 before = sample ? rs_state_root(s->w.st) : RS_B32_ZERO;
        s->touched_op = -1;
        s->touched_mask = ALL_STRATEGIES;
        int rc = OPS[kind](s);
        if (rc == RS_OK) {
            s->ok[s->ran]++;
        } else {
            s->reverted[s->ran]++;
            if (sample) {
                rs_b32 after = rs_state_root(s->w.st);
                assert_memory_equal(before.b, after.b, 32);
                s->roots_checked++;
            }
        }
        /* O after every slash and every COVER_EVERY-th other operation: the
         * sum over an operator's stakers is the costliest per-op check */
        unsigned cover = kind == OP_SLASH || n % COVER_EVERY == 0 ? s->touched_mask : 0;
        if (s->touched_op >= 0) check_operator(s, (size_t)s->touched_op, cover);
        check_supply(s);
        if ((n + 1) % FULL_EVERY == 0) check_full(s);
    }
    for (unsigned k = 0; k < OP_KINDS; k++)
        print_message("%-13s ok %6u reverted %6u\n", OP_NAMES[k], s->ok[k], s->reverted[k]);
    print_message("sets %zu, pending withdrawals %zu, escrows pending %zu, full checks %u, roots checked %u, "
                  "strategy slashes with shares %u\n",
                  s->nsets, s->npending, s->nescrow, s->full_checks, s->roots_checked, s->slashes_nonzero);
    for (size_t k = 0; k < NSTRAT; k++) {
        char a[79], b[79], c[79], d[79];
        u256_to_dec(s->slashed[k], a);
        u256_to_dec(s->cleared[k], b);
        u256_to_dec(s->cleared_tokens[k], c);
        u256_to_dec(s->max_slack[k], d);
        print_message("strategy %zu: slashed %s cleared %s (tokens %s) max rounding slack %s\n", k, a, b, c, d);
    }
    assert_int_equal(s->nsets, NSETS);
    for (unsigned k = 0; k < OP_KINDS; k++)
        if (k != OP_CREATE_SET) assert_true(s->ok[k] > 100);
    assert_true(s->slashes_nonzero > 500);
    assert_true(s->roots_checked > 12);

    /* drain: clear every escrow, complete every withdrawal; the books still close */
    while (s->nescrow) op_clear_escrow(s);
    sim_drain(&s->w, s->pending, &s->npending, WDELAY);
    check_full(s);
    sim_free(&s->w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_slashing_operations_keep_accounting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
