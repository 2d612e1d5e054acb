/* The genesis loader: a genesis JSON object (a conformance vector's
 * `genesis`, or a devnet's genesis file) into rs_genesis. */
#include "chain/genesis_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool contract_addr(const rs_json_reader *c, const char *name, rs_addr *out) {
    for (size_t i = 0; i < c->ncontracts; i++)
        if (strcmp(c->contracts[i].name, name) == 0) return *out = c->contracts[i].address, true;
    return false;
}

static void load_contracts(rs_json_reader *c, json_t *g) {
    json_t *cs = rs_jr_get_object(c, g, "contracts", true);
    size_t old = rs_jr_where_push(c, "contracts");
    c->contracts = rs_jr_arena_alloc(c, json_object_size(cs) * sizeof *c->contracts);
    const char *name;
    json_t *x;
    json_object_foreach(cs, name, x) {
        c->contracts[c->ncontracts].name = rs_jr_dupstr(c, name);
        c->contracts[c->ncontracts].address = rs_jr_as_addr(c, x, name);
        c->ncontracts++;
    }
    rs_jr_where_pop(c, old);

    static const struct {
        const char *name;
        size_t off;
    } map[] = {
#define P(n, f) {n, offsetof(rs_params, f)}
        P("DelegationManager", delegation_manager),
        P("StrategyManager", strategy_manager),
        P("AllocationManager", allocation_manager),
        P("AllocationManagerView", allocation_manager_view),
        P("PermissionController", permission_controller),
        P("StrategyFactory", strategy_factory),
        P("EigenPodManager", eigen_pod_manager),
        P("RewardsCoordinator", rewards_coordinator),
        P("AVSDirectory", avs_directory),
        P("PauserRegistry", pauser_registry),
        P("StrategyBeacon", strategy_beacon),
        P("EigenPodBeacon", eigen_pod_beacon),
        P("DurationVaultBeacon", duration_vault_beacon),
        P("MockAVSRegistrar", mock_avs_registrar),
        P("ProxyAdmin", proxy_admin),
        P("EmissionsControllerPlaceholder", emissions_controller),
        P("impl_StrategyBase", impl_strategy_base),
        P("impl_DurationVaultStrategy", impl_duration_vault),
        P("impl_EigenPod", impl_eigen_pod),
        P("ETHPOSDeposit", eth_pos_deposit),
        P("BeaconRootsOracle", beacon_roots),
        P("WithdrawalRequestPredeploy", withdrawal_request_predeploy),
        P("ConsolidationRequestPredeploy", consolidation_request_predeploy),
#undef P
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        rs_addr a;
        if (contract_addr(c, map[i].name, &a)) memcpy((char *)&c->genesis->params + map[i].off, &a, sizeof a);
    }
}

static void load_constants(rs_json_reader *c, json_t *g) {
    json_t *k = rs_jr_get_object(c, g, "constants", true);
    size_t old = rs_jr_where_push(c, "constants");
    rs_params *p = &c->genesis->params;
    json_t *x;
#define U32(name, field) \
    if ((x = json_object_get(k, name))) p->field = rs_jr_get_u32(c, k, name);
#define U16(name, field)                                              \
    if ((x = json_object_get(k, name))) {                             \
        uint32_t t = rs_jr_get_u32(c, k, name);                             \
        if (t > UINT16_MAX) rs_jr_failf(c, name, "does not fit in 16 bits"); \
        p->field = (uint16_t)t;                                       \
    }
#define U64(name, field) \
    if ((x = json_object_get(k, name))) p->field = rs_jr_get_u64(c, k, name);
#define U256(name, field) \
    if ((x = json_object_get(k, name))) p->field = rs_jr_get_u256(c, k, name);
#define ADDR(name, field) \
    if ((x = json_object_get(k, name))) p->field = rs_jr_get_addr(c, k, name);
    U32("MIN_WITHDRAWAL_DELAY_BLOCKS", min_withdrawal_delay_blocks)
    U32("DEALLOCATION_DELAY", deallocation_delay)
    U32("ALLOCATION_CONFIGURATION_DELAY", allocation_configuration_delay)
    U32("SLASHER_CONFIGURATION_DELAY", slasher_configuration_delay)
    U256("STRATEGY_SHARES_OFFSET", strategy_shares_offset)
    U256("STRATEGY_BALANCE_OFFSET", strategy_balance_offset)
    U256("STRATEGY_MAX_TOTAL_SHARES", strategy_max_total_shares)
    U32("MAX_STAKER_STRATEGY_LIST_LENGTH", max_staker_strategy_list_length)
    ADDR("DEFAULT_BURN_ADDRESS", default_burn_address)
    ADDR("BEACONCHAIN_ETH_STRAT", beacon_chain_eth_strategy)
    ADDR("EIGEN_STRATEGY", eigen_strategy)
    U32("CALCULATION_INTERVAL_SECONDS", calculation_interval_seconds)
    U32("MAX_REWARDS_DURATION", max_rewards_duration)
    U32("MAX_RETROACTIVE_LENGTH", max_retroactive_length)
    U32("MAX_FUTURE_LENGTH", max_future_length)
    U32("GENESIS_REWARDS_TIMESTAMP", genesis_rewards_timestamp)
    U32("REWARDS_ACTIVATION_DELAY", rewards_activation_delay)
    U16("REWARDS_DEFAULT_SPLIT_BIPS", rewards_default_split_bips)
    U256("MAX_REWARDS_AMOUNT", max_rewards_amount)
    U16("PROTOCOL_FEE_BIPS", protocol_fee_bips)
    U64("pectraForkTimestamp", pectra_fork_timestamp)
    U64("BEACON_ROOTS_HISTORY_BUFFER_LENGTH", beacon_roots_history_buffer_length)
#undef U32
#undef U16
#undef U64
#undef U256
#undef ADDR
    if ((x = json_object_get(k, "proofTimestampSetter")))
        c->genesis->proof_timestamp_setter = rs_jr_get_addr(c, k, "proofTimestampSetter");
    const char *version = rs_jr_get_string(c, k, "version", false);
    if (version) {
        if (strlen(version) >= sizeof p->version) rs_jr_failf(c, "version", "longer than %zu bytes", sizeof p->version - 1);
        strcpy(p->version, version);
    }
    rs_jr_where_pop(c, old);
}

static size_t load_addr_list(rs_json_reader *c, json_t *obj, const char *key, rs_addr *out, size_t cap) {
    json_t *arr = rs_jr_get_array(c, obj, key, false);
    if (!arr) return 0;
    if (json_array_size(arr) > cap) rs_jr_failf(c, key, "more than %zu entries", cap);
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        char k[64];
        snprintf(k, sizeof k, "%s[%zu]", key, i);
        out[i] = rs_jr_as_addr(c, x, k);
    }
    return json_array_size(arr);
}

static void load_roles(rs_json_reader *c, json_t *g) {
    json_t *r = rs_jr_get_object(c, g, "roles", true);
    size_t old = rs_jr_where_push(c, "roles");
    rs_genesis *gen = c->genesis;
    gen->owner = rs_jr_get_addr(c, r, "owner");
    gen->npausers = load_addr_list(c, r, "pausers", gen->pausers, 8);
    if (json_object_get(r, "unpauser")) gen->unpauser = rs_jr_get_addr(c, r, "unpauser");
    if (json_object_get(r, "strategyWhitelister")) gen->strategy_whitelister = rs_jr_get_addr(c, r, "strategyWhitelister");
    if (json_object_get(r, "rewardsUpdater")) gen->rewards_updater = rs_jr_get_addr(c, r, "rewardsUpdater");
    if (json_object_get(r, "feeRecipient")) gen->fee_recipient = rs_jr_get_addr(c, r, "feeRecipient");
    gen->eigen_pod_manager_owner = gen->owner;
    if (json_object_get(r, "eigenPodManagerOwner")) gen->eigen_pod_manager_owner = rs_jr_get_addr(c, r, "eigenPodManagerOwner");
    if (json_object_get(r, "proofTimestampSetter")) gen->proof_timestamp_setter = rs_jr_get_addr(c, r, "proofTimestampSetter");
    if (json_object_get(r, "proxyAdminOwner")) gen->proxy_admin_owner = rs_jr_get_addr(c, r, "proxyAdminOwner");
    gen->nrewards_for_all_submitters =
        load_addr_list(c, r, "rewardsForAllSubmitters", gen->rewards_for_all_submitters, 8);
    rs_jr_where_pop(c, old);
}

static void load_token(rs_json_reader *c, json_t *t, rs_gen_token *tok) {
    tok->address = rs_jr_get_addr(c, t, "address");
    const char *name = rs_jr_get_string(c, t, "name", true), *sym = rs_jr_get_string(c, t, "symbol", true);
    if (strlen(name) >= sizeof tok->name) rs_jr_failf(c, "name", "longer than %zu bytes", sizeof tok->name - 1);
    if (strlen(sym) >= sizeof tok->symbol) rs_jr_failf(c, "symbol", "longer than %zu bytes", sizeof tok->symbol - 1);
    strcpy(tok->name, name);
    strcpy(tok->symbol, sym);
    uint32_t dec = rs_jr_get_u32(c, t, "decimals");
    if (dec > 255) rs_jr_failf(c, "decimals", "greater than 255");
    tok->decimals = (uint8_t)dec;
    tok->mintable = rs_jr_get_bool(c, t, "mintable", false, false);

    json_t *bals = rs_jr_get_object(c, t, "balances", false);
    if (bals) {
        size_t old = rs_jr_where_push(c, "balances");
        tok->balances = rs_jr_xcalloc(c, json_object_size(bals), sizeof *tok->balances);
        const char *holder;
        json_t *x;
        json_object_foreach(bals, holder, x) {
            rs_gen_balance *b = &tok->balances[tok->nbalances];
            b->holder = rs_jr_parse_addr(c, holder, holder);
            b->amount = rs_jr_as_u256(c, x, holder);
            tok->nbalances++;
        }
        rs_jr_where_pop(c, old);
    }
    json_t *alls = rs_jr_get_object(c, t, "allowances", false);
    if (alls) {
        size_t old = rs_jr_where_push(c, "allowances");
        size_t total = 0;
        const char *owner;
        json_t *x;
        json_object_foreach(alls, owner, x) {
            if (!json_is_object(x)) rs_jr_failf(c, owner, "expected an object of spender → amount");
            total += json_object_size(x);
        }
        tok->allowances = rs_jr_xcalloc(c, total, sizeof *tok->allowances);
        json_object_foreach(alls, owner, x) {
            size_t o2 = rs_jr_where_push(c, "%s", owner);
            rs_addr oa = rs_jr_parse_addr(c, owner, NULL);
            const char *spender;
            json_t *y;
            json_object_foreach(x, spender, y) {
                rs_gen_allowance *al = &tok->allowances[tok->nallowances];
                al->owner = oa;
                al->spender = rs_jr_parse_addr(c, spender, spender);
                al->amount = rs_jr_as_u256(c, y, spender);
                tok->nallowances++;
            }
            rs_jr_where_pop(c, o2);
        }
        rs_jr_where_pop(c, old);
    }
}

static void load_tokens(rs_json_reader *c, json_t *g) {
    json_t *arr = rs_jr_get_array(c, g, "tokens", false);
    if (!arr) return;
    rs_genesis *gen = c->genesis;
    gen->tokens = rs_jr_xcalloc(c, json_array_size(arr), sizeof *gen->tokens);
    size_t i;
    json_t *t;
    json_array_foreach(arr, i, t) {
        size_t old = rs_jr_where_push(c, "tokens[%zu]", i);
        if (!json_is_object(t)) rs_jr_failf(c, NULL, "expected an object");
        gen->ntokens = i + 1; /* counted before filling so a failure frees its arrays */
        load_token(c, t, &gen->tokens[i]);
        rs_jr_where_pop(c, old);
    }
}

static void load_strategies(rs_json_reader *c, json_t *g) {
    json_t *arr = rs_jr_get_array(c, g, "strategies", false);
    if (!arr) return;
    rs_genesis *gen = c->genesis;
    gen->strategies = rs_jr_xcalloc(c, json_array_size(arr), sizeof *gen->strategies);
    size_t i;
    json_t *t;
    json_array_foreach(arr, i, t) {
        size_t old = rs_jr_where_push(c, "strategies[%zu]", i);
        if (!json_is_object(t)) rs_jr_failf(c, NULL, "expected an object");
        rs_gen_strategy *s = &gen->strategies[i];
        s->address = rs_jr_get_addr(c, t, "address");
        s->token = rs_jr_get_addr(c, t, "token");
        s->whitelisted_for_deposit = rs_jr_get_bool(c, t, "whitelistedForDeposit", false, false);
        gen->nstrategies = i + 1;
        rs_jr_where_pop(c, old);
    }
}

/* An object address-or-name → number, into rs_gen_addr_u256. */
static void load_addr_map(rs_json_reader *c, json_t *g, const char *key, bool names, rs_gen_addr_u256 **out, size_t *n) {
    json_t *m = rs_jr_get_object(c, g, key, false);
    if (!m) return;
    size_t old = rs_jr_where_push(c, "%s", key);
    *out = rs_jr_xcalloc(c, json_object_size(m), sizeof **out);
    const char *k;
    json_t *x;
    json_object_foreach(m, k, x) {
        rs_gen_addr_u256 *e = &(*out)[*n];
        if (k[0] == '0' && (k[1] == 'x' || k[1] == 'X')) {
            e->address = rs_jr_parse_addr(c, k, k);
        } else if (!names || !contract_addr(c, k, &e->address)) {
            rs_jr_failf(c, k, names ? "not a name in genesis.contracts" : "not an address");
        }
        e->value = rs_jr_as_u256(c, x, k);
        (*n)++;
    }
    rs_jr_where_pop(c, old);
}

static void load_eigenpods(rs_json_reader *c, json_t *g) {
    json_t *ep = rs_jr_get_object(c, g, "eigenPods", false);
    if (!ep) return;
    size_t old = rs_jr_where_push(c, "eigenPods");
    rs_genesis *gen = c->genesis;
    json_t *x;
    if ((x = json_object_get(ep, "proxyInitCodeHash"))) gen->params.pod_proxy_init_code_hash = rs_jr_as_b32(c, x, "proxyInitCodeHash");
    if ((x = json_object_get(ep, "beacon"))) gen->params.eigen_pod_beacon = rs_jr_as_addr(c, x, "beacon");
    if ((x = json_object_get(ep, "implementation"))) gen->params.impl_eigen_pod = rs_jr_as_addr(c, x, "implementation");
    json_t *pods = rs_jr_get_object(c, ep, "pods", false);
    if (pods) {
        size_t o2 = rs_jr_where_push(c, "pods");
        gen->pods = rs_jr_xcalloc(c, json_object_size(pods), sizeof *gen->pods);
        const char *owner;
        json_object_foreach(pods, owner, x) {
            gen->pods[gen->npods].owner = rs_jr_parse_addr(c, owner, owner);
            gen->pods[gen->npods].pod = rs_jr_as_addr(c, x, owner);
            gen->npods++;
        }
        rs_jr_where_pop(c, o2);
    }
    rs_jr_where_pop(c, old);
}

static void load_beacon_roots(rs_json_reader *c, json_t *g) {
    json_t *m = rs_jr_get_object(c, g, "beaconRoots", false);
    if (!m) return;
    size_t old = rs_jr_where_push(c, "beaconRoots");
    rs_genesis *gen = c->genesis;
    gen->beacon_roots = rs_jr_xcalloc(c, json_object_size(m), sizeof *gen->beacon_roots);
    const char *k;
    json_t *x;
    json_object_foreach(m, k, x) {
        u256 ts;
        uint64_t t64;
        if (!u256_from_dec(&ts, k, strlen(k)) || !u256_to_u64(&t64, ts)) rs_jr_failf(c, k, "key is not a timestamp");
        gen->beacon_roots[gen->nbeacon_roots].timestamp = t64;
        gen->beacon_roots[gen->nbeacon_roots].root = rs_jr_as_b32(c, x, k);
        gen->nbeacon_roots++;
    }
    rs_jr_where_pop(c, old);
}

void rs_jr_genesis(rs_json_reader *c, json_t *g) {
    rs_genesis *gen = c->genesis;
    rs_params_defaults(&gen->params);
    gen->params.chain_id = rs_jr_get_u64(c, g, "chainId");
    gen->block = rs_jr_get_u64(c, g, "block");
    gen->timestamp = rs_jr_get_u64(c, g, "timestamp");
    gen->params.block_time_seconds = rs_jr_get_u64(c, g, "blockTimeSeconds");
    load_contracts(c, g);
    rs_jr_duration_vault_beacon(c, g);
    load_constants(c, g);
    load_roles(c, g);
    load_tokens(c, g);
    load_strategies(c, g);
    load_addr_map(c, g, "paused", true, &gen->paused, &gen->npaused);
    load_addr_map(c, g, "accountNonces", false, &gen->nonces, &gen->nnonces);
    load_addr_map(c, g, "ethBalances", false, &gen->eth_balances, &gen->neth_balances);
    load_eigenpods(c, g);
    load_beacon_roots(c, g);
    rs_jr_genesis_eigen(c, g);
}


int rs_genesis_parse(const char *json, size_t len, const char *name, rs_genesis *out, char *err, size_t errcap) {
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *g = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!g) {
        if (errcap) snprintf(err, errcap, "%s:%d:%d: invalid JSON: %s", name, je.line, je.column, je.text);
        return -1;
    }
    rs_arena arena; /* the contract names, not kept */
    rs_arena_init(&arena, 0);
    rs_json_reader *c = calloc(1, sizeof *c);
    int rc = -1;
    if (!c) {
        if (errcap) snprintf(err, errcap, "%s: out of memory", name);
    } else {
        c->arena = &arena;
        c->file = name;
        c->err = err;
        c->errcap = errcap;
        c->genesis = out;
        if (setjmp(c->fail) == 0) {
            if (!json_is_object(g)) rs_jr_failf(c, NULL, "expected an object");
            size_t old = rs_jr_where_push(c, "genesis");
            rs_jr_genesis(c, g);
            rs_jr_where_pop(c, old);
            rc = 0;
        } else {
            rs_genesis_free(out);
        }
        free(c);
    }
    rs_arena_free(&arena);
    json_decref(g);
    return rc;
}
