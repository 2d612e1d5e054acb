#include "protocol/pausing.h"

#include "restake/genesis.h"

static rs_key bitmap_key(rs_addr contract) {
    rs_key k = rs_key_ns(NS_PAUSE_BITMAP);
    rs_key_addr(&k, contract);
    return k;
}

static rs_key pauser_key(rs_addr registry, rs_addr account) {
    rs_key k = rs_key_ns(NS_PAUSE_IS_PAUSER);
    rs_key_addr(&k, registry);
    rs_key_addr(&k, account);
    return k;
}

static rs_key unpauser_key(rs_addr registry) {
    rs_key k = rs_key_ns(NS_PAUSE_UNPAUSER);
    rs_key_addr(&k, registry);
    return k;
}

u256 pause_status(rs_env *e, rs_addr contract) {
    rs_key k = bitmap_key(contract);
    return rs_sload(e->st, &k);
}

bool pause_is_paused(rs_env *e, rs_addr contract, unsigned index) {
    /* Solidity computes `1 << index` in uint256; indices past 255 give mask 0,
     * which counts as paused ((x & 0) == 0). */
    if (index >= 256) return true;
    u256 status = pause_status(e, contract);
    return (status.w[index / 64] >> (index % 64)) & 1; /* one bit: no 256-bit mask on every call */
}

int pause_require_not_paused(rs_env *e, rs_addr contract, unsigned index) {
    return pause_is_paused(e, contract, index) ? rs_revert(e, "CurrentlyPaused()") : RS_OK;
}

int pause_require_none_paused(rs_env *e, rs_addr contract) {
    return u256_is_zero(pause_status(e, contract)) ? RS_OK : rs_revert(e, "CurrentlyPaused()");
}

static void emit_pause_event(rs_env *e, rs_addr contract, const char *sig, rs_addr account, u256 status) {
    rs_b32 topic = rs_topic_addr(account);
    uint8_t data[32];
    u256_to_be(status, data);
    rs_emit(e, contract, sig, 1, &topic, data, 32);
}

void pause_set_status(rs_env *e, rs_addr contract, rs_addr msg_sender, u256 status) {
    rs_key k = bitmap_key(contract);
    rs_sstore(e->st, &k, status);
    emit_pause_event(e, contract, "Paused(address,uint256)", msg_sender, status);
}

void pause_store_status(rs_state *st, rs_addr contract, u256 status) {
    rs_key k = bitmap_key(contract);
    rs_sstore(st, &k, status);
}

bool pause_is_pauser(rs_env *e, rs_addr account) {
    rs_key k = pauser_key(e->p->pauser_registry, account);
    return rs_sload_bool(e->st, &k);
}

rs_addr pause_unpauser(rs_env *e) {
    rs_key k = unpauser_key(e->p->pauser_registry);
    return rs_sload_addr(e->st, &k);
}

int pause_pause(rs_env *e, rs_addr msg_sender, rs_addr contract, u256 new_status) {
    if (!pause_is_pauser(e, msg_sender)) return rs_revert(e, "OnlyPauser()");
    u256 cur = pause_status(e, contract);
    /* pausing may only add bits */
    if (!u256_eq(u256_and(cur, new_status), cur)) return rs_revert(e, "InvalidNewPausedStatus()");
    pause_set_status(e, contract, msg_sender, new_status);
    return RS_OK;
}

int pause_pause_all(rs_env *e, rs_addr msg_sender, rs_addr contract) {
    if (!pause_is_pauser(e, msg_sender)) return rs_revert(e, "OnlyPauser()");
    pause_set_status(e, contract, msg_sender, U256_MAX);
    return RS_OK;
}

int pause_unpause(rs_env *e, rs_addr msg_sender, rs_addr contract, u256 new_status) {
    if (!rs_addr_eq(msg_sender, pause_unpauser(e))) return rs_revert(e, "OnlyUnpauser()");
    u256 cur = pause_status(e, contract);
    /* unpausing may only clear bits */
    u256 ncur = u256_not(cur);
    if (!u256_eq(u256_and(ncur, u256_not(new_status)), ncur)) return rs_revert(e, "InvalidNewPausedStatus()");
    rs_key k = bitmap_key(contract);
    rs_sstore(e->st, &k, new_status);
    emit_pause_event(e, contract, "Unpaused(address,uint256)", msg_sender, new_status);
    return RS_OK;
}

int pause_set_is_pauser(rs_env *e, rs_addr msg_sender, rs_addr pauser, bool can_pause) {
    if (!rs_addr_eq(msg_sender, pause_unpauser(e))) return rs_revert(e, "OnlyUnpauser()");
    if (rs_addr_is_zero(pauser)) return rs_revert(e, "InputAddressZero()");
    rs_key k = pauser_key(e->p->pauser_registry, pauser);
    rs_sstore_bool(e->st, &k, can_pause);
    uint8_t data[64];
    memset(data, 0, sizeof data);
    memcpy(data + 12, pauser.b, 20);
    data[63] = can_pause ? 1 : 0;
    rs_emit(e, e->p->pauser_registry, "PauserStatusChanged(address,bool)", 0, NULL, data, 64);
    return RS_OK;
}

int pause_set_unpauser(rs_env *e, rs_addr msg_sender, rs_addr new_unpauser) {
    rs_addr prev = pause_unpauser(e);
    if (!rs_addr_eq(msg_sender, prev)) return rs_revert(e, "OnlyUnpauser()");
    if (rs_addr_is_zero(new_unpauser)) return rs_revert(e, "InputAddressZero()");
    uint8_t data[64];
    memset(data, 0, sizeof data);
    memcpy(data + 12, prev.b, 20);
    memcpy(data + 44, new_unpauser.b, 20);
    rs_emit(e, e->p->pauser_registry, "UnpauserChanged(address,address)", 0, NULL, data, 64);
    rs_key k = unpauser_key(e->p->pauser_registry);
    rs_sstore_addr(e->st, &k, new_unpauser);
    return RS_OK;
}

void pause_registry_init(rs_state *st, rs_addr registry, const rs_addr *pausers, size_t n, rs_addr unpauser) {
    for (size_t i = 0; i < n; i++) {
        rs_key k = pauser_key(registry, pausers[i]);
        rs_sstore_bool(st, &k, true);
    }
    rs_key k = unpauser_key(registry);
    rs_sstore_addr(st, &k, unpauser);
}

void pause_genesis(rs_state *st, const rs_genesis *g) {
    pause_registry_init(st, g->params.pauser_registry, g->pausers, g->npausers, g->unpauser);
    for (size_t i = 0; i < g->npaused; i++) pause_store_status(st, g->paused[i].address, g->paused[i].value);
}
