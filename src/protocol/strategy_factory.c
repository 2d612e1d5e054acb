#include "protocol/strategy_factory.h"

#include <assert.h>
#include <stdlib.h>

#include "protocol/pausing.h"
#include "protocol/strategy.h"
#include "protocol/strategy_internal.h"
#include "restake/accounts.h"
#include "restake/genesis.h"

static rs_key token_key(uint16_t ns, rs_addr token) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, token);
    return k;
}

rs_addr sf_deployed_strategy(rs_env *e, rs_addr token) {
    rs_key k = token_key(NS_SF_DEPLOYED, token);
    return rs_sload_addr(e->st, &k);
}

bool sf_is_blacklisted(rs_env *e, rs_addr token) {
    rs_key k = token_key(NS_SF_BLACKLIST, token);
    return rs_sload_bool(e->st, &k);
}

uint64_t sf_duration_vault_count(rs_env *e, rs_addr token) {
    rs_key k = token_key(NS_SF_VAULTS, token);
    return rs_sload_u64(e->st, &k);
}

rs_addr sf_duration_vault_at(rs_env *e, rs_addr token, uint64_t i) {
    assert(i < sf_duration_vault_count(e, token));
    rs_key k = token_key(NS_SF_VAULTS, token);
    rs_key_u64(&k, i);
    return rs_sload_addr(e->st, &k);
}

static void push_duration_vault(rs_env *e, rs_addr token, rs_addr vault) {
    uint64_t n = sf_duration_vault_count(e, token);
    rs_key k = token_key(NS_SF_VAULTS, token);
    rs_sstore_u64(e->st, &k, n + 1);
    rs_key_u64(&k, n);
    rs_sstore_addr(e->st, &k, vault);
}

rs_addr sf_owner(rs_env *e) { return sm_ownable_owner(e, NS_SF_OWNER); }

int sf_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner) {
    return sm_ownable_transfer(e, e->p->strategy_factory, NS_SF_OWNER, msg_sender, new_owner);
}

int sf_renounce_ownership(rs_env *e, rs_addr msg_sender) {
    return sm_ownable_renounce(e, e->p->strategy_factory, NS_SF_OWNER, msg_sender);
}

/* The constructor of a BeaconProxy at the factory's next CREATE address:
 * the code of `kind`, BeaconUpgraded(beacon) from the proxy. */
static rs_addr create_beacon_proxy(rs_env *e, rs_code_kind kind, rs_addr beacon) {
    rs_addr factory = e->p->strategy_factory;
    uint64_t nonce = rs_account_nonce(e->st, factory);
    rs_addr proxy = rs_create_address(factory, nonce);
    rs_account_set_nonce(e->st, factory, nonce + 1);
    rs_code_set(e->st, proxy, kind);
    rs_b32 topic = rs_topic_addr(beacon);
    rs_emit(e, proxy, "BeaconUpgraded(address)", 1, &topic, NULL, 0);
    return proxy;
}

/* OZ Address.functionDelegateCall (the proxy's initialize call) replaces an
 * empty revert with its own message. */
static int delegate_call_failed(rs_env *e) {
    if (e->revert_len == 0) return rs_revert_string(e, "Address: low-level delegate call failed");
    return RS_REVERTED;
}

/* new BeaconProxy(strategyBeacon, initialize(token)) at the factory's next CREATE address. */
static int create_strategy_proxy(rs_env *e, rs_addr token, rs_addr *out) {
    rs_addr proxy = create_beacon_proxy(e, RS_CODE_STRATEGY_BASE, e->p->strategy_beacon);
    if (sb_initialize(e, e->p->strategy_factory, proxy, token) != RS_OK) return delegate_call_failed(e);
    *out = proxy;
    return RS_OK;
}

static void emit_vault_deployed(rs_env *e, rs_addr vault, const dv_config *c) {
    rs_b32 topics[3] = {rs_topic_addr(vault), rs_topic_addr(c->token), rs_topic_addr(c->admin)};
    rs_buf b;
    rs_buf_init(&b);
    rs_buf_word_u64(&b, c->duration);
    rs_buf_word(&b, c->max_per_deposit);
    rs_buf_word(&b, c->stake_cap);
    rs_buf_word_u64(&b, 6 * 32);
    rs_buf_word_addr(&b, c->set.avs);
    rs_buf_word_u64(&b, c->set.id);
    rs_buf_abi_bytes(&b, c->metadata_uri, c->metadata_uri_len);
    rs_emit(e, e->p->strategy_factory,
            "DurationVaultDeployed(address,address,address,uint32,uint256,uint256,string,address,uint32)", 3, topics,
            b.p, b.len);
    rs_buf_free(&b);
}

int sf_deploy_duration_vault(rs_env *e, rs_addr msg_sender, const dv_config *c, rs_addr *vault_out) {
    (void)msg_sender;
    if (pause_require_not_paused(e, e->p->strategy_factory, SF_PAUSED_NEW_STRATEGIES) != RS_OK) return RS_REVERTED;
    if (sf_is_blacklisted(e, c->token)) return rs_revert(e, "BlacklistedToken()");
    /* a world without the vault beacon: the proxy constructor's beacon call finds no code */
    if (rs_addr_is_zero(e->p->duration_vault_beacon)) return rs_revert_empty(e);
    rs_addr vault = create_beacon_proxy(e, RS_CODE_DURATION_VAULT, e->p->duration_vault_beacon);
    if (dv_initialize(e, e->p->strategy_factory, vault, c) != RS_OK) return delegate_call_failed(e);
    push_duration_vault(e, c->token, vault);
    if (sm_add_strategies_to_deposit_whitelist(e, e->p->strategy_factory, &vault, 1) != RS_OK) return RS_REVERTED;
    emit_vault_deployed(e, vault, c);
    *vault_out = vault;
    return RS_OK;
}

static void emit_two_addrs(rs_env *e, const char *sig, rs_addr a, rs_addr b) {
    uint8_t data[64];
    memset(data, 0, sizeof data);
    memcpy(data + 12, a.b, 20);
    memcpy(data + 44, b.b, 20);
    rs_emit(e, e->p->strategy_factory, sig, 0, NULL, data, 64);
}

int sf_deploy_new_strategy(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr *new_strategy) {
    (void)msg_sender;
    if (pause_require_not_paused(e, e->p->strategy_factory, SF_PAUSED_NEW_STRATEGIES) != RS_OK) return RS_REVERTED;
    if (sf_is_blacklisted(e, token)) return rs_revert(e, "BlacklistedToken()");
    if (!rs_addr_is_zero(sf_deployed_strategy(e, token))) return rs_revert(e, "StrategyAlreadyExists()");
    rs_addr strategy;
    if (create_strategy_proxy(e, token, &strategy) != RS_OK) return RS_REVERTED;
    rs_key k = token_key(NS_SF_DEPLOYED, token);
    rs_sstore_addr(e->st, &k, strategy);
    emit_two_addrs(e, "StrategySetForToken(address,address)", token, strategy);
    if (sm_add_strategies_to_deposit_whitelist(e, e->p->strategy_factory, &strategy, 1) != RS_OK) return RS_REVERTED;
    *new_strategy = strategy;
    return RS_OK;
}

int sf_blacklist_tokens(rs_env *e, rs_addr msg_sender, const rs_addr *tokens, size_t n) {
    if (sm_ownable_check(e, NS_SF_OWNER, msg_sender) != RS_OK) return RS_REVERTED;
    rs_addr *to_remove = n ? malloc(n * sizeof *to_remove) : NULL;
    if (n && !to_remove) abort();
    size_t nremove = 0;
    int rc = RS_OK;
    for (size_t i = 0; i < n; i++) {
        if (sf_is_blacklisted(e, tokens[i])) {
            rc = rs_revert(e, "AlreadyBlacklisted()");
            break;
        }
        rs_key k = token_key(NS_SF_BLACKLIST, tokens[i]);
        rs_sstore_bool(e->st, &k, true);
        uint8_t data[32] = {0};
        memcpy(data + 12, tokens[i].b, 20);
        rs_emit(e, e->p->strategy_factory, "TokenBlacklisted(address)", 0, NULL, data, 32);
        rs_addr deployed = sf_deployed_strategy(e, tokens[i]);
        if (!rs_addr_is_zero(deployed)) to_remove[nremove++] = deployed;
    }
    if (rc == RS_OK && nremove > 0)
        rc = sm_remove_strategies_from_deposit_whitelist(e, e->p->strategy_factory, to_remove, nremove);
    free(to_remove);
    return rc;
}

int sf_whitelist_strategies(rs_env *e, rs_addr msg_sender, const rs_addr *strategies, size_t n) {
    if (sm_ownable_check(e, NS_SF_OWNER, msg_sender) != RS_OK) return RS_REVERTED;
    return sm_add_strategies_to_deposit_whitelist(e, e->p->strategy_factory, strategies, n);
}

int sf_remove_strategies_from_whitelist(rs_env *e, rs_addr msg_sender, const rs_addr *strategies, size_t n) {
    if (sm_ownable_check(e, NS_SF_OWNER, msg_sender) != RS_OK) return RS_REVERTED;
    return sm_remove_strategies_from_deposit_whitelist(e, e->p->strategy_factory, strategies, n);
}

void sf_genesis(rs_state *st, const rs_genesis *g) {
    rs_key ok = rs_key_ns(NS_SF_OWNER);
    rs_sstore_addr(st, &ok, g->owner);
    for (size_t i = 0; i < g->nstrategies; i++) {
        rs_key k = token_key(NS_SF_DEPLOYED, g->strategies[i].token);
        rs_sstore_addr(st, &k, g->strategies[i].address);
    }
}
