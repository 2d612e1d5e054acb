/* Vector loader: JSON (jansson) → rs_vector. Every malformed field is
 * reported with its full path, so a broken file points at itself. */
#include "conformance/vector.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "restake/hex.h"

/* The runner references beacon_set_root weakly (the eigenpod module may not
 * be linked); this plain reference lets the linker extract it when it is. */
__asm__(".globl beacon_set_root\n");

typedef struct {
    rs_vector *v;
    const char *file;
    char where[256]; /* path of the value being read, e.g. "steps[41].logs[2]" */
    char *err;
    size_t errcap;
    jmp_buf fail;
} ctx;

static _Noreturn void failf(ctx *c, const char *key, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->errcap) {
        if (key)
            snprintf(c->err, c->errcap, "%s: %s%s%s: %s", c->file, c->where, c->where[0] ? "." : "", key, msg);
        else
            snprintf(c->err, c->errcap, "%s: %s: %s", c->file, c->where[0] ? c->where : "(top level)", msg);
    }
    longjmp(c->fail, 1);
}

/* Scoped path components: push returns the previous length to restore. */
static size_t where_push(ctx *c, const char *fmt, ...) {
    size_t old = strlen(c->where);
    va_list ap;
    va_start(ap, fmt);
    if (old && fmt[0] != '[' && old + 1 < sizeof c->where) c->where[old] = '.', c->where[old + 1] = 0;
    size_t cur = strlen(c->where);
    vsnprintf(c->where + cur, sizeof c->where - cur, fmt, ap);
    va_end(ap);
    return old;
}
static void where_pop(ctx *c, size_t old) { c->where[old] = 0; }

static void *arena_alloc(ctx *c, size_t n) {
    void *p = rs_arena_alloc(&c->v->arena, n ? n : 1);
    if (!p) failf(c, NULL, "out of memory");
    return p;
}

static void *xcalloc(ctx *c, size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size);
    if (!p) failf(c, NULL, "out of memory");
    return p;
}

static const char *dupstr(ctx *c, const char *s) {
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(c, n);
    memcpy(p, s, n);
    return p;
}

/* ---- typed getters: `key` NULL means "the value itself" ---- */

static json_t *get(ctx *c, json_t *obj, const char *key, bool required) {
    json_t *x = json_object_get(obj, key);
    if (!x && required) failf(c, key, "missing");
    return x;
}

static json_t *get_object(ctx *c, json_t *obj, const char *key, bool required) {
    json_t *x = get(c, obj, key, required);
    if (x && !json_is_object(x)) failf(c, key, "expected an object");
    return x;
}

static json_t *get_array(ctx *c, json_t *obj, const char *key, bool required) {
    json_t *x = get(c, obj, key, required);
    if (x && !json_is_array(x)) failf(c, key, "expected an array");
    return x;
}

static const char *as_string(ctx *c, json_t *x, const char *key) {
    if (!json_is_string(x)) failf(c, key, "expected a string");
    return json_string_value(x);
}

static const char *get_string(ctx *c, json_t *obj, const char *key, bool required) {
    json_t *x = get(c, obj, key, required);
    return x ? as_string(c, x, key) : NULL;
}

/* Numbers appear both as JSON numbers and as decimal strings (constants vary
 * by suite); hex strings are accepted too. */
static u256 as_u256(ctx *c, json_t *x, const char *key) {
    u256 r;
    if (json_is_integer(x)) {
        json_int_t i = json_integer_value(x);
        if (i < 0) failf(c, key, "negative number");
        return u256_from_u64((uint64_t)i);
    }
    if (json_is_string(x)) {
        const char *s = json_string_value(x);
        size_t n = strlen(s);
        bool ok = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? u256_from_hex(&r, s, n)
                                                                       : u256_from_dec(&r, s, n);
        if (!ok) failf(c, key, "not a uint256: \"%.60s\"", s);
        return r;
    }
    failf(c, key, "expected a number or a decimal string");
}

static u256 get_u256(ctx *c, json_t *obj, const char *key) { return as_u256(c, get(c, obj, key, true), key); }

static uint64_t as_u64(ctx *c, json_t *x, const char *key) {
    u256 v = as_u256(c, x, key);
    uint64_t r;
    if (!u256_to_u64(&r, v)) failf(c, key, "does not fit in 64 bits");
    return r;
}

static uint64_t get_u64(ctx *c, json_t *obj, const char *key) { return as_u64(c, get(c, obj, key, true), key); }

static uint32_t get_u32(ctx *c, json_t *obj, const char *key) {
    uint64_t v = get_u64(c, obj, key);
    if (v > UINT32_MAX) failf(c, key, "does not fit in 32 bits");
    return (uint32_t)v;
}

static rs_addr parse_addr(ctx *c, const char *s, const char *key) {
    rs_addr a;
    if (!rs_addr_from_hex(&a, s)) failf(c, key, "not an address: \"%.60s\"", s);
    return a;
}

static rs_addr as_addr(ctx *c, json_t *x, const char *key) { return parse_addr(c, as_string(c, x, key), key); }

static rs_addr get_addr(ctx *c, json_t *obj, const char *key) { return as_addr(c, get(c, obj, key, true), key); }

static rs_b32 as_b32(ctx *c, json_t *x, const char *key) {
    rs_b32 r;
    const char *s = as_string(c, x, key);
    if (!rs_b32_from_hex(&r, s)) failf(c, key, "not a 32-byte hex word: \"%.80s\"", s);
    return r;
}

static const uint8_t *get_hex(ctx *c, json_t *obj, const char *key, size_t *len) {
    const char *s = get_string(c, obj, key, true);
    size_t n = strlen(s);
    if (n < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) failf(c, key, "expected 0x-prefixed hex");
    uint8_t *out = arena_alloc(c, (n - 2) / 2);
    long r = rs_hex_decode(s, n, out, (n - 2) / 2);
    if (r < 0) failf(c, key, "malformed hex (odd length or non-hex digit)");
    *len = (size_t)r;
    return out;
}

static bool get_bool(ctx *c, json_t *obj, const char *key, bool required, bool dflt) {
    json_t *x = get(c, obj, key, required);
    if (!x) return dflt;
    if (!json_is_boolean(x)) failf(c, key, "expected true or false");
    return json_is_true(x);
}

/* ---- names ---- */

static void add_error_name(ctx *c, json_t *revert) {
    if (!json_is_object(revert)) return;
    json_t *sel = json_object_get(revert, "selector");
    json_t *name = json_object_get(revert, "name");
    json_t *sig = json_object_get(revert, "signature");
    if (!json_is_string(sel) || !json_is_string(name)) return;
    uint8_t b[4];
    const char *s = json_string_value(sel);
    if (strlen(s) != 10 || rs_hex_decode(s, 10, b, 4) != 4) return;
    uint32_t selector = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    rs_vector *v = c->v;
    for (size_t i = 0; i < v->nerrors; i++) {
        if (v->errors[i].selector != selector) continue;
        /* Prefer the full signature when a later revert carries it. */
        if (json_is_string(sig) && !strchr(v->errors[i].signature, '('))
            v->errors[i].signature = dupstr(c, json_string_value(sig));
        return;
    }
    if (v->nerrors % 64 == 0) {
        rs_verror *n = realloc(v->errors, (v->nerrors + 64) * sizeof *n);
        if (!n) failf(c, NULL, "out of memory");
        v->errors = n;
    }
    v->errors[v->nerrors].selector = selector;
    v->errors[v->nerrors].signature = dupstr(c, json_string_value(json_is_string(sig) ? sig : name));
    v->nerrors++;
}

/* Pairs each log's topic0 with the name of the decoded event at the same
 * position (liquid/slashing: "event", rewards: "name"). */
static void add_event_names(ctx *c, json_t *events, const rs_step *st) {
    if (!json_is_array(events) || json_array_size(events) != st->nlogs) return;
    rs_vector *v = c->v;
    for (size_t i = 0; i < st->nlogs; i++) {
        if (st->logs[i].ntopics == 0) continue;
        json_t *ev = json_array_get(events, i);
        json_t *name = json_object_get(ev, "event");
        if (!json_is_string(name)) name = json_object_get(ev, "name");
        if (!json_is_string(name)) continue;
        bool known = false;
        for (size_t j = 0; j < v->nevents && !known; j++) known = rs_b32_eq(v->events[j].topic0, st->logs[i].topics[0]);
        if (known) continue;
        if (v->nevents % 64 == 0) {
            rs_vevent *n = realloc(v->events, (v->nevents + 64) * sizeof *n);
            if (!n) failf(c, NULL, "out of memory");
            v->events = n;
        }
        v->events[v->nevents].topic0 = st->logs[i].topics[0];
        v->events[v->nevents].name = dupstr(c, json_string_value(name));
        v->nevents++;
    }
}

static int cmp_event(const void *a, const void *b) {
    return memcmp(((const rs_vevent *)a)->topic0.b, ((const rs_vevent *)b)->topic0.b, 32);
}

static int cmp_error(const void *a, const void *b) {
    uint32_t x = ((const rs_verror *)a)->selector, y = ((const rs_verror *)b)->selector;
    return x < y ? -1 : x > y;
}

static bool contract_addr(const rs_vector *v, const char *name, rs_addr *out) {
    for (size_t i = 0; i < v->ncontracts; i++)
        if (strcmp(v->contracts[i].name, name) == 0) return *out = v->contracts[i].address, true;
    return false;
}

/* ---- genesis ---- */

static void load_contracts(ctx *c, json_t *g) {
    json_t *cs = get_object(c, g, "contracts", true);
    size_t old = where_push(c, "contracts");
    rs_vector *v = c->v;
    v->contracts = arena_alloc(c, json_object_size(cs) * sizeof *v->contracts);
    const char *name;
    json_t *x;
    json_object_foreach(cs, name, x) {
        v->contracts[v->ncontracts].name = dupstr(c, name);
        v->contracts[v->ncontracts].address = as_addr(c, x, name);
        v->ncontracts++;
    }
    where_pop(c, old);

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
        P("impl_EigenPod", impl_eigen_pod),
        P("ETHPOSDeposit", eth_pos_deposit),
        P("BeaconRootsOracle", beacon_roots),
        P("WithdrawalRequestPredeploy", withdrawal_request_predeploy),
        P("ConsolidationRequestPredeploy", consolidation_request_predeploy),
#undef P
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        rs_addr a;
        if (contract_addr(v, map[i].name, &a)) memcpy((char *)&v->genesis.params + map[i].off, &a, sizeof a);
    }
}

static void load_constants(ctx *c, json_t *g) {
    json_t *k = get_object(c, g, "constants", true);
    size_t old = where_push(c, "constants");
    rs_params *p = &c->v->genesis.params;
    json_t *x;
#define U32(name, field) \
    if ((x = json_object_get(k, name))) p->field = get_u32(c, k, name);
#define U16(name, field)                                              \
    if ((x = json_object_get(k, name))) {                             \
        uint32_t t = get_u32(c, k, name);                             \
        if (t > UINT16_MAX) failf(c, name, "does not fit in 16 bits"); \
        p->field = (uint16_t)t;                                       \
    }
#define U64(name, field) \
    if ((x = json_object_get(k, name))) p->field = get_u64(c, k, name);
#define U256(name, field) \
    if ((x = json_object_get(k, name))) p->field = get_u256(c, k, name);
#define ADDR(name, field) \
    if ((x = json_object_get(k, name))) p->field = get_addr(c, k, name);
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
        c->v->genesis.proof_timestamp_setter = get_addr(c, k, "proofTimestampSetter");
    const char *version = get_string(c, k, "version", false);
    if (version) {
        if (strlen(version) >= sizeof p->version) failf(c, "version", "longer than %zu bytes", sizeof p->version - 1);
        strcpy(p->version, version);
    }
    where_pop(c, old);
}

static size_t load_addr_list(ctx *c, json_t *obj, const char *key, rs_addr *out, size_t cap) {
    json_t *arr = get_array(c, obj, key, false);
    if (!arr) return 0;
    if (json_array_size(arr) > cap) failf(c, key, "more than %zu entries", cap);
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        char k[64];
        snprintf(k, sizeof k, "%s[%zu]", key, i);
        out[i] = as_addr(c, x, k);
    }
    return json_array_size(arr);
}

static void load_roles(ctx *c, json_t *g) {
    json_t *r = get_object(c, g, "roles", true);
    size_t old = where_push(c, "roles");
    rs_genesis *gen = &c->v->genesis;
    gen->owner = get_addr(c, r, "owner");
    gen->npausers = load_addr_list(c, r, "pausers", gen->pausers, 8);
    if (json_object_get(r, "unpauser")) gen->unpauser = get_addr(c, r, "unpauser");
    if (json_object_get(r, "strategyWhitelister")) gen->strategy_whitelister = get_addr(c, r, "strategyWhitelister");
    if (json_object_get(r, "rewardsUpdater")) gen->rewards_updater = get_addr(c, r, "rewardsUpdater");
    if (json_object_get(r, "feeRecipient")) gen->fee_recipient = get_addr(c, r, "feeRecipient");
    gen->eigen_pod_manager_owner = gen->owner;
    if (json_object_get(r, "eigenPodManagerOwner")) gen->eigen_pod_manager_owner = get_addr(c, r, "eigenPodManagerOwner");
    if (json_object_get(r, "proofTimestampSetter")) gen->proof_timestamp_setter = get_addr(c, r, "proofTimestampSetter");
    if (json_object_get(r, "proxyAdminOwner")) gen->proxy_admin_owner = get_addr(c, r, "proxyAdminOwner");
    gen->nrewards_for_all_submitters =
        load_addr_list(c, r, "rewardsForAllSubmitters", gen->rewards_for_all_submitters, 8);
    where_pop(c, old);
}

static void load_token(ctx *c, json_t *t, rs_gen_token *tok) {
    tok->address = get_addr(c, t, "address");
    const char *name = get_string(c, t, "name", true), *sym = get_string(c, t, "symbol", true);
    if (strlen(name) >= sizeof tok->name) failf(c, "name", "longer than %zu bytes", sizeof tok->name - 1);
    if (strlen(sym) >= sizeof tok->symbol) failf(c, "symbol", "longer than %zu bytes", sizeof tok->symbol - 1);
    strcpy(tok->name, name);
    strcpy(tok->symbol, sym);
    uint32_t dec = get_u32(c, t, "decimals");
    if (dec > 255) failf(c, "decimals", "greater than 255");
    tok->decimals = (uint8_t)dec;
    tok->mintable = get_bool(c, t, "mintable", false, false);

    json_t *bals = get_object(c, t, "balances", false);
    if (bals) {
        size_t old = where_push(c, "balances");
        tok->balances = xcalloc(c, json_object_size(bals), sizeof *tok->balances);
        const char *holder;
        json_t *x;
        json_object_foreach(bals, holder, x) {
            rs_gen_balance *b = &tok->balances[tok->nbalances];
            b->holder = parse_addr(c, holder, holder);
            b->amount = as_u256(c, x, holder);
            tok->nbalances++;
        }
        where_pop(c, old);
    }
    json_t *alls = get_object(c, t, "allowances", false);
    if (alls) {
        size_t old = where_push(c, "allowances");
        size_t total = 0;
        const char *owner;
        json_t *x;
        json_object_foreach(alls, owner, x) {
            if (!json_is_object(x)) failf(c, owner, "expected an object of spender → amount");
            total += json_object_size(x);
        }
        tok->allowances = xcalloc(c, total, sizeof *tok->allowances);
        json_object_foreach(alls, owner, x) {
            size_t o2 = where_push(c, "%s", owner);
            rs_addr oa = parse_addr(c, owner, NULL);
            const char *spender;
            json_t *y;
            json_object_foreach(x, spender, y) {
                rs_gen_allowance *al = &tok->allowances[tok->nallowances];
                al->owner = oa;
                al->spender = parse_addr(c, spender, spender);
                al->amount = as_u256(c, y, spender);
                tok->nallowances++;
            }
            where_pop(c, o2);
        }
        where_pop(c, old);
    }
}

static void load_tokens(ctx *c, json_t *g) {
    json_t *arr = get_array(c, g, "tokens", false);
    if (!arr) return;
    rs_genesis *gen = &c->v->genesis;
    gen->tokens = xcalloc(c, json_array_size(arr), sizeof *gen->tokens);
    size_t i;
    json_t *t;
    json_array_foreach(arr, i, t) {
        size_t old = where_push(c, "tokens[%zu]", i);
        if (!json_is_object(t)) failf(c, NULL, "expected an object");
        gen->ntokens = i + 1; /* counted before filling so a failure frees its arrays */
        load_token(c, t, &gen->tokens[i]);
        where_pop(c, old);
    }
}

static void load_strategies(ctx *c, json_t *g) {
    json_t *arr = get_array(c, g, "strategies", false);
    if (!arr) return;
    rs_genesis *gen = &c->v->genesis;
    gen->strategies = xcalloc(c, json_array_size(arr), sizeof *gen->strategies);
    size_t i;
    json_t *t;
    json_array_foreach(arr, i, t) {
        size_t old = where_push(c, "strategies[%zu]", i);
        if (!json_is_object(t)) failf(c, NULL, "expected an object");
        rs_gen_strategy *s = &gen->strategies[i];
        s->address = get_addr(c, t, "address");
        s->token = get_addr(c, t, "token");
        s->whitelisted_for_deposit = get_bool(c, t, "whitelistedForDeposit", false, false);
        gen->nstrategies = i + 1;
        where_pop(c, old);
    }
}

/* An object address-or-name → number, into rs_gen_addr_u256. */
static void load_addr_map(ctx *c, json_t *g, const char *key, bool names, rs_gen_addr_u256 **out, size_t *n) {
    json_t *m = get_object(c, g, key, false);
    if (!m) return;
    size_t old = where_push(c, "%s", key);
    *out = xcalloc(c, json_object_size(m), sizeof **out);
    const char *k;
    json_t *x;
    json_object_foreach(m, k, x) {
        rs_gen_addr_u256 *e = &(*out)[*n];
        if (k[0] == '0' && (k[1] == 'x' || k[1] == 'X')) {
            e->address = parse_addr(c, k, k);
        } else if (!names || !contract_addr(c->v, k, &e->address)) {
            failf(c, k, names ? "not a name in genesis.contracts" : "not an address");
        }
        e->value = as_u256(c, x, k);
        (*n)++;
    }
    where_pop(c, old);
}

static void load_eigenpods(ctx *c, json_t *g) {
    json_t *ep = get_object(c, g, "eigenPods", false);
    if (!ep) return;
    size_t old = where_push(c, "eigenPods");
    rs_genesis *gen = &c->v->genesis;
    json_t *x;
    if ((x = json_object_get(ep, "proxyInitCodeHash"))) gen->params.pod_proxy_init_code_hash = as_b32(c, x, "proxyInitCodeHash");
    if ((x = json_object_get(ep, "beacon"))) gen->params.eigen_pod_beacon = as_addr(c, x, "beacon");
    if ((x = json_object_get(ep, "implementation"))) gen->params.impl_eigen_pod = as_addr(c, x, "implementation");
    json_t *pods = get_object(c, ep, "pods", false);
    if (pods) {
        size_t o2 = where_push(c, "pods");
        gen->pods = xcalloc(c, json_object_size(pods), sizeof *gen->pods);
        const char *owner;
        json_object_foreach(pods, owner, x) {
            gen->pods[gen->npods].owner = parse_addr(c, owner, owner);
            gen->pods[gen->npods].pod = as_addr(c, x, owner);
            gen->npods++;
        }
        where_pop(c, o2);
    }
    where_pop(c, old);
}

static void load_beacon_roots(ctx *c, json_t *g) {
    json_t *m = get_object(c, g, "beaconRoots", false);
    if (!m) return;
    size_t old = where_push(c, "beaconRoots");
    rs_genesis *gen = &c->v->genesis;
    gen->beacon_roots = xcalloc(c, json_object_size(m), sizeof *gen->beacon_roots);
    const char *k;
    json_t *x;
    json_object_foreach(m, k, x) {
        u256 ts;
        uint64_t t64;
        if (!u256_from_dec(&ts, k, strlen(k)) || !u256_to_u64(&t64, ts)) failf(c, k, "key is not a timestamp");
        gen->beacon_roots[gen->nbeacon_roots].timestamp = t64;
        gen->beacon_roots[gen->nbeacon_roots].root = as_b32(c, x, k);
        gen->nbeacon_roots++;
    }
    where_pop(c, old);
}

static void load_genesis(ctx *c, json_t *root) {
    json_t *g = get_object(c, root, "genesis", true);
    size_t old = where_push(c, "genesis");
    rs_genesis *gen = &c->v->genesis;
    rs_params_defaults(&gen->params);
    gen->params.chain_id = get_u64(c, g, "chainId");
    gen->block = get_u64(c, g, "block");
    gen->timestamp = get_u64(c, g, "timestamp");
    gen->params.block_time_seconds = get_u64(c, g, "blockTimeSeconds");
    load_contracts(c, g);
    load_constants(c, g);
    load_roles(c, g);
    load_tokens(c, g);
    load_strategies(c, g);
    load_addr_map(c, g, "paused", true, &gen->paused, &gen->npaused);
    load_addr_map(c, g, "accountNonces", false, &gen->nonces, &gen->nnonces);
    load_addr_map(c, g, "ethBalances", false, &gen->eth_balances, &gen->neth_balances);
    load_eigenpods(c, g);
    load_beacon_roots(c, g);
    where_pop(c, old);
}

/* ---- steps ---- */

static void load_logs(ctx *c, json_t *s, rs_step *st) {
    json_t *logs = get_array(c, s, "logs", true);
    st->nlogs = json_array_size(logs);
    st->logs = arena_alloc(c, st->nlogs * sizeof *st->logs);
    size_t i;
    json_t *l;
    json_array_foreach(logs, i, l) {
        size_t old = where_push(c, "logs[%zu]", i);
        if (!json_is_object(l)) failf(c, NULL, "expected an object");
        rs_vlog *lg = &st->logs[i];
        lg->address = get_addr(c, l, "address");
        json_t *topics = get_array(c, l, "topics", true);
        if (json_array_size(topics) > 4) failf(c, "topics", "more than 4 topics");
        size_t j;
        json_t *t;
        json_array_foreach(topics, j, t) {
            char k[16];
            snprintf(k, sizeof k, "topics[%zu]", j);
            lg->topics[j] = as_b32(c, t, k);
        }
        lg->ntopics = rs_u8_from_size(json_array_size(topics));
        lg->data = get_hex(c, l, "data", &lg->len);
        where_pop(c, old);
    }
}

static void load_tx(ctx *c, json_t *s, rs_step *st) {
    st->from = get_addr(c, s, "from");
    st->to = get_addr(c, s, "to");
    st->value = json_object_get(s, "value") ? get_u256(c, s, "value") : U256_ZERO;
    st->calldata = get_hex(c, s, "calldata", &st->cdlen);
    const char *fn = get_string(c, s, "function", false);
    st->function = fn ? dupstr(c, fn) : NULL;
    st->block = get_u64(c, s, "block");
    st->timestamp = get_u64(c, s, "timestamp");
    st->has_timestamp = true;
    uint64_t status = get_u64(c, s, "status");
    if (status > 1) failf(c, "status", "must be 0 or 1");
    st->status = (int)status;
    if (status == 1) {
        st->expected = get_hex(c, s, "returndata", &st->explen);
        load_logs(c, s, st);
        add_event_names(c, json_object_get(s, "events"), st);
    } else {
        st->expected = get_hex(c, s, "revertData", &st->explen);
        json_t *rv = json_object_get(s, "revert");
        if (rv) {
            if (!json_is_object(rv)) failf(c, "revert", "expected an object");
            const char *name = get_string(c, rv, "name", false);
            st->revert_name = name ? dupstr(c, name) : NULL;
            add_error_name(c, rv);
        }
    }
}

static void load_views(ctx *c, json_t *s, rs_step *st) {
    json_t *views = get_array(c, s, "views", true);
    st->nviews = json_array_size(views);
    st->views = arena_alloc(c, st->nviews * sizeof *st->views);
    size_t i;
    json_t *w;
    json_array_foreach(views, i, w) {
        size_t old = where_push(c, "views[%zu]", i);
        if (!json_is_object(w)) failf(c, NULL, "expected an object");
        rs_vview *vw = &st->views[i];
        const char *label = get_string(c, w, "label", false);
        vw->label = dupstr(c, label ? label : "");
        const char *kind = get_string(c, w, "kind", false);
        if (kind && strcmp(kind, "balance") == 0) {
            vw->kind = RS_VIEW_BALANCE;
            vw->to = get_addr(c, w, "address");
            vw->wei = get_u256(c, w, "wei");
        } else if (kind && strcmp(kind, "call") != 0) {
            failf(c, "kind", "unknown view kind \"%.40s\"", kind);
        } else {
            vw->kind = RS_VIEW_CALL;
            vw->to = get_addr(c, w, "to");
            vw->calldata = get_hex(c, w, "calldata", &vw->cdlen);
            const char *fn = get_string(c, w, "function", false);
            vw->function = fn ? dupstr(c, fn) : NULL;
            bool has_ret = json_object_get(w, "returndata") != NULL;
            bool has_rev = json_object_get(w, "revertData") != NULL;
            if (has_ret == has_rev) failf(c, NULL, "needs exactly one of returndata and revertData");
            vw->expect_revert = has_rev;
            vw->expected = get_hex(c, w, has_rev ? "revertData" : "returndata", &vw->explen);
            if (has_rev) add_error_name(c, json_object_get(w, "revert"));
        }
        where_pop(c, old);
    }
}

static void load_step(ctx *c, json_t *s, rs_step *st) {
    if (!json_is_object(s)) failf(c, NULL, "expected an object");
    st->i = get_u32(c, s, "i");
    const char *kind = get_string(c, s, "kind", true);
    st->kind_name = dupstr(c, kind);
    const char *note = get_string(c, s, "note", false);
    st->note = note ? dupstr(c, note) : NULL;
    if (strcmp(kind, "tx") == 0) {
        st->kind = RS_STEP_TX;
        load_tx(c, s, st);
    } else if (strcmp(kind, "mine") == 0) {
        st->kind = RS_STEP_MINE;
        st->blocks = get_u64(c, s, "blocks");
        st->block = get_u64(c, s, "block");
        if (json_object_get(s, "timestamp")) {
            st->timestamp = get_u64(c, s, "timestamp");
            st->has_timestamp = true;
        }
    } else if (strcmp(kind, "check") == 0) {
        st->kind = RS_STEP_CHECK;
        st->block = get_u64(c, s, "block");
        if (json_object_get(s, "timestamp")) {
            st->timestamp = get_u64(c, s, "timestamp");
            st->has_timestamp = true;
        }
        load_views(c, s, st);
    } else if (strcmp(kind, "beaconRoot") == 0) {
        st->kind = RS_STEP_BEACON_ROOT;
        st->timestamp = get_u64(c, s, "timestamp");
        st->has_timestamp = true;
        st->root = as_b32(c, get(c, s, "root", true), "root");
    } else if (strcmp(kind, "beaconWithdrawal") == 0) {
        st->kind = RS_STEP_BEACON_WITHDRAWAL;
        st->address = get_addr(c, s, "address");
        st->wei = get_u256(c, s, "wei");
    } else {
        st->kind = RS_STEP_UNKNOWN;
    }
}

static void load_steps(ctx *c, json_t *root) {
    json_t *steps = get_array(c, root, "steps", true);
    rs_vector *v = c->v;
    v->steps = arena_alloc(c, json_array_size(steps) * sizeof *v->steps);
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        size_t old = where_push(c, "steps[%zu]", i);
        load_step(c, s, &v->steps[i]);
        v->nsteps = i + 1;
        where_pop(c, old);
    }
    if (v->nerrors) qsort(v->errors, v->nerrors, sizeof *v->errors, cmp_error);
    if (v->nevents) qsort(v->events, v->nevents, sizeof *v->events, cmp_event);
}

static void load_root(ctx *c, json_t *root) {
    if (!json_is_object(root)) failf(c, NULL, "top level is not an object");
    const char *format = get_string(c, root, "format", true);
    if (strcmp(format, "restake-conformance/1") != 0) failf(c, "format", "unsupported format \"%.60s\"", format);
    const char *suite = get_string(c, root, "suite", false);
    c->v->suite = dupstr(c, suite ? suite : "");
    load_genesis(c, root);
    load_steps(c, root);
}

static int parse_into(json_t *root, const char *path, rs_vector *v, char *err, size_t errcap) {
    ctx *c = calloc(1, sizeof *c);
    if (!c) {
        if (errcap) snprintf(err, errcap, "%s: out of memory", path);
        return -1;
    }
    c->v = v;
    c->err = err;
    c->errcap = errcap;
    rs_arena_init(&v->arena, 0);
    v->path = strdup(path);
    const char *slash = v->path ? strrchr(v->path, '/') : NULL;
    v->file = slash ? slash + 1 : v->path ? v->path : "";
    c->file = v->file;
    int rc = 0;
    if (setjmp(c->fail) == 0) {
        if (!v->path) failf(c, NULL, "out of memory");
        load_root(c, root);
    } else {
        rs_vector_free(v);
        rc = -1;
    }
    free(c);
    return rc;
}

int rs_vector_parse(const char *json, size_t len, const char *name, rs_vector *v, char *err, size_t errcap) {
    memset(v, 0, sizeof *v);
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (errcap) snprintf(err, errcap, "%s:%d:%d: invalid JSON: %s", name, je.line, je.column, je.text);
        return -1;
    }
    int rc = parse_into(root, name, v, err, errcap);
    json_decref(root);
    return rc;
}

int rs_vector_load(const char *path, rs_vector *v, char *err, size_t errcap) {
    memset(v, 0, sizeof *v);
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (errcap) snprintf(err, errcap, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        return -1;
    }
    int rc = parse_into(root, path, v, err, errcap);
    json_decref(root);
    return rc;
}

void rs_vector_free(rs_vector *v) {
    rs_genesis_free(&v->genesis);
    free(v->errors);
    free(v->events);
    free(v->path);
    rs_arena_free(&v->arena);
    memset(v, 0, sizeof *v);
}

const char *rs_vector_contract_name(const rs_vector *v, rs_addr a) {
    /* Prefer a proper name over aliases such as EigenStrategyPlaceholder's. */
    for (size_t i = 0; i < v->ncontracts; i++)
        if (rs_addr_eq(v->contracts[i].address, a)) return v->contracts[i].name;
    return NULL;
}

const char *rs_vector_error_name(const rs_vector *v, uint32_t selector) {
    size_t lo = 0, hi = v->nerrors;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->errors[mid].selector == selector) return v->errors[mid].signature;
        if (v->errors[mid].selector < selector) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const char *rs_vector_event_name(const rs_vector *v, rs_b32 topic0) {
    size_t lo = 0, hi = v->nevents;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int d = memcmp(v->events[mid].topic0.b, topic0.b, 32);
        if (d == 0) return v->events[mid].name;
        if (d < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}
