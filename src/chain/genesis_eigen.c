/* The genesis loader's part for EIGEN, bEIGEN and the EmissionsController:
 * genesis.eigenTokens and genesis.emissionsController (FORMAT-vault.md). */
#include <stdlib.h>
#include <string.h>

#include "chain/genesis_json.h"
#include "restake/check.h"

static void copy_text(rs_json_reader *c, json_t *obj, const char *key, char *out, size_t cap) {
    const char *s = rs_jr_get_string(c, obj, key, true);
    if (strlen(s) >= cap) rs_jr_failf(c, key, "longer than %zu bytes", cap - 1);
    strcpy(out, s);
}

/* An object address → amount. The array is stored before it is filled so
 * that a failure part-way frees it with the genesis. */
static void load_amounts(rs_json_reader *c, json_t *obj, const char *key, rs_gen_balance **dst, size_t *n) {
    json_t *m = rs_jr_get_object(c, obj, key, false);
    *n = 0;
    if (!m || json_object_size(m) == 0) return;
    size_t old = rs_jr_where_push(c, "%s", key);
    rs_gen_balance *out = *dst = rs_jr_xcalloc(c, json_object_size(m), sizeof *out);
    const char *k;
    json_t *x;
    json_object_foreach(m, k, x) {
        out[*n].holder = rs_jr_parse_addr(c, k, k);
        out[*n].amount = rs_jr_as_u256(c, x, k);
        (*n)++;
    }
    rs_jr_where_pop(c, old);
}

/* An object address → bool (stored before it is filled, as above). */
static void load_flags(rs_json_reader *c, json_t *obj, const char *key, rs_gen_flag **dst, size_t *n) {
    json_t *m = rs_jr_get_object(c, obj, key, false);
    *n = 0;
    if (!m || json_object_size(m) == 0) return;
    size_t old = rs_jr_where_push(c, "%s", key);
    rs_gen_flag *out = *dst = rs_jr_xcalloc(c, json_object_size(m), sizeof *out);
    const char *k;
    json_t *x;
    json_object_foreach(m, k, x) {
        if (!json_is_boolean(x)) rs_jr_failf(c, k, "expected true or false");
        out[*n].who = rs_jr_parse_addr(c, k, k);
        out[*n].value = json_is_true(x);
        (*n)++;
    }
    rs_jr_where_pop(c, old);
}

static void add_opaque(rs_json_reader *c, rs_gen_emissions *em, json_t *obj, const char *key) {
    json_t *x = json_object_get(obj, key);
    if (!x) return;
    if (em->nopaque == sizeof em->opaque / sizeof em->opaque[0]) rs_jr_failf(c, key, "too many contracts");
    em->opaque[em->nopaque++] = rs_jr_as_addr(c, x, key);
}

static void load_token(rs_json_reader *c, json_t *t, rs_gen_eigen_token *tok, rs_addr *address) {
    tok->present = true;
    *address = rs_jr_get_addr(c, t, "address");
    tok->owner = rs_jr_get_addr(c, t, "owner");
    copy_text(c, t, "name", tok->name, sizeof tok->name);
    copy_text(c, t, "symbol", tok->symbol, sizeof tok->symbol);
    uint32_t dec = rs_jr_get_u32(c, t, "decimals");
    if (dec > 255) rs_jr_failf(c, "decimals", "greater than 255");
    tok->decimals = (uint8_t)dec;
    tok->restrictions_disabled_after = rs_jr_get_u256(c, t, "transferRestrictionsDisabledAfter");
    load_amounts(c, t, "balances", &tok->balances, &tok->nbalances);
    load_flags(c, t, "allowedFrom", &tok->allowed_from, &tok->nallowed_from);
    load_flags(c, t, "allowedTo", &tok->allowed_to, &tok->nallowed_to);
    load_flags(c, t, "isMinter", &tok->minters, &tok->nminters);
    load_amounts(c, t, "mintingAllowance", &tok->minting_allowance, &tok->nminting_allowance);
    load_amounts(c, t, "mintAllowedAfter", &tok->mint_allowed_after, &tok->nmint_allowed_after);
}

static void load_eigen_tokens(rs_json_reader *c, json_t *g) {
    json_t *et = rs_jr_get_object(c, g, "eigenTokens", false);
    if (!et) return;
    size_t old = rs_jr_where_push(c, "eigenTokens");
    rs_genesis *gen = c->genesis;
    json_t *e = rs_jr_get_object(c, et, "EIGEN", true), *b = rs_jr_get_object(c, et, "bEIGEN", true);
    size_t o2 = rs_jr_where_push(c, "EIGEN");
    load_token(c, e, &gen->eigen, &gen->params.eigen);
    const char *version = rs_jr_get_string(c, e, "version", false);
    if (!version) version = gen->params.version;
    if (strlen(version) >= sizeof gen->params.eigen_version) rs_jr_failf(c, "version", "too long");
    strcpy(gen->params.eigen_version, version);
    add_opaque(c, &gen->emissions, e, "implementation");
    add_opaque(c, &gen->emissions, e, "proxyAdmin");
    json_t *pa = json_object_get(e, "proxyAdmin");
    if (pa) gen->emissions.token_proxy_admin = rs_jr_as_addr(c, pa, "proxyAdmin");
    rs_jr_where_pop(c, o2);
    o2 = rs_jr_where_push(c, "bEIGEN");
    load_token(c, b, &gen->beigen, &gen->params.backing_eigen);
    add_opaque(c, &gen->emissions, b, "implementation");
    rs_jr_where_pop(c, o2);
    if (rs_addr_eq(gen->params.eigen, gen->params.backing_eigen)) rs_jr_failf(c, NULL, "EIGEN and bEIGEN share an address");
    rs_jr_where_pop(c, old);
}

static void load_emissions(rs_json_reader *c, json_t *g) {
    json_t *ec = rs_jr_get_object(c, g, "emissionsController", false);
    if (!ec) return;
    size_t old = rs_jr_where_push(c, "emissionsController");
    rs_genesis *gen = c->genesis;
    rs_params *p = &gen->params;
    if (!gen->eigen.present) rs_jr_failf(c, NULL, "needs genesis.eigenTokens");
    gen->emissions.present = true;
    rs_addr at = rs_jr_get_addr(c, ec, "address");
    /* The RewardsCoordinator's immutable emissionsController: the controller
     * must sit where the coordinator expects it. */
    if (!rs_addr_is_zero(p->emissions_controller) && !rs_addr_eq(at, p->emissions_controller))
        rs_jr_failf(c, "address", "is not the RewardsCoordinator's emissionsController (contracts.EmissionsControllerPlaceholder)");
    p->emissions_controller = at;
    gen->emissions.owner = rs_jr_get_addr(c, ec, "owner");
    gen->emissions.incentive_council = rs_jr_get_addr(c, ec, "incentiveCouncil");
    if (rs_addr_is_zero(gen->emissions.incentive_council)) rs_jr_failf(c, "incentiveCouncil", "is the zero address");
    if (!rs_addr_eq(rs_jr_get_addr(c, ec, "EIGEN"), p->eigen)) rs_jr_failf(c, "EIGEN", "is not eigenTokens.EIGEN");
    if (!rs_addr_eq(rs_jr_get_addr(c, ec, "BACKING_EIGEN"), p->backing_eigen))
        rs_jr_failf(c, "BACKING_EIGEN", "is not eigenTokens.bEIGEN");
    json_t *x;
    if ((x = json_object_get(ec, "ALLOCATION_MANAGER")) && !rs_addr_eq(rs_jr_as_addr(c, x, "ALLOCATION_MANAGER"), p->allocation_manager))
        rs_jr_failf(c, "ALLOCATION_MANAGER", "is not contracts.AllocationManager");
    if ((x = json_object_get(ec, "pauserRegistry")) && !rs_addr_eq(rs_jr_as_addr(c, x, "pauserRegistry"), p->pauser_registry))
        rs_jr_failf(c, "pauserRegistry", "is not contracts.PauserRegistry");
    if ((x = json_object_get(ec, "REWARDS_COORDINATOR")) && !rs_addr_eq(rs_jr_as_addr(c, x, "REWARDS_COORDINATOR"), p->rewards_coordinator))
        rs_jr_failf(c, "REWARDS_COORDINATOR", "is not contracts.RewardsCoordinator");
    p->emissions_inflation_rate = rs_jr_get_u256(c, ec, "EMISSIONS_INFLATION_RATE");
    p->emissions_start_time = rs_jr_get_u256(c, ec, "EMISSIONS_START_TIME");
    p->emissions_epoch_length = rs_jr_get_u256(c, ec, "EMISSIONS_EPOCH_LENGTH");
    if (u256_is_zero(p->emissions_epoch_length)) rs_jr_failf(c, "EMISSIONS_EPOCH_LENGTH", "is zero");
    if ((x = json_object_get(ec, "MAX_TOTAL_WEIGHT"))) p->emissions_max_total_weight = rs_jr_as_u256(c, x, "MAX_TOTAL_WEIGHT");
    if (!u256_fits_bits(p->emissions_max_total_weight, 16) || u256_is_zero(p->emissions_max_total_weight))
        rs_jr_failf(c, "MAX_TOTAL_WEIGHT", "is zero or does not fit in 16 bits");
    /* The canonical constructor's checks: epochs and their start align with
     * the RewardsCoordinator's calculation interval. */
    u256 interval = u256_from_u64(p->calculation_interval_seconds), rem;
    if (!u256_is_zero(interval)) {
        rs_cannot_fail(u256_mod(&rem, p->emissions_epoch_length, interval));
        if (!u256_is_zero(rem)) rs_jr_failf(c, "EMISSIONS_EPOCH_LENGTH", "is not a multiple of CALCULATION_INTERVAL_SECONDS");
        rs_cannot_fail(u256_mod(&rem, p->emissions_start_time, interval));
        if (!u256_is_zero(rem)) rs_jr_failf(c, "EMISSIONS_START_TIME", "is not a multiple of CALCULATION_INTERVAL_SECONDS");
    }
    json_t *d = rs_jr_get_array(c, ec, "distributions", false);
    if (d && json_array_size(d) > 0) rs_jr_failf(c, "distributions", "must be empty at genesis");
    if ((x = json_object_get(ec, "totalWeight")) && !u256_is_zero(rs_jr_as_u256(c, x, "totalWeight")))
        rs_jr_failf(c, "totalWeight", "must be 0 without distributions");
    add_opaque(c, &gen->emissions, ec, "implementation");
    rs_jr_where_pop(c, old);
}

void rs_jr_genesis_eigen(rs_json_reader *c, json_t *g) {
    load_eigen_tokens(c, g);
    load_emissions(c, g);
}

static void free_token(rs_gen_eigen_token *t) {
    free(t->balances);
    free(t->allowed_from);
    free(t->allowed_to);
    free(t->minters);
    free(t->minting_allowance);
    free(t->mint_allowed_after);
    memset(t, 0, sizeof *t);
}

void rs_genesis_eigen_free(rs_genesis *g) {
    free_token(&g->eigen);
    free_token(&g->beigen);
    memset(&g->emissions, 0, sizeof g->emissions);
}
