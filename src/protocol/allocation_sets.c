/* Operator sets: AVS metadata, creation (plain and redistributing), their
 * strategies and slashers. */
#include "protocol/allocation_internal.h"
#include "protocol/permissions.h"
#include "restake/buf.h"

static int can_call(rs_env *e, rs_addr account, rs_addr sender, const char *sig) {
    return pc_check_can_call(e, account, sender, am_self(e), rs_sig_selector(sig));
}

static bool avs_has_metadata(rs_env *e, rs_addr avs) {
    rs_key k = amk_addr(NS_AM_AVS_METADATA, avs);
    return rs_sload_bool(e->st, &k);
}

int am_update_avs_metadata_uri(rs_env *e, rs_addr msg_sender, rs_addr avs, const uint8_t *uri, size_t len) {
    if (can_call(e, avs, msg_sender, "updateAVSMetadataURI(address,string)")) return RS_REVERTED;
    rs_key k = amk_addr(NS_AM_AVS_METADATA, avs);
    if (!rs_sload_bool(e->st, &k)) rs_sstore_bool(e->st, &k, true);

    rs_emit_addr_string(e, am_self(e), "AVSMetadataURIUpdated(address,string)", avs, uri, len);
    return RS_OK;
}

static void emit_set_addr(rs_env *e, const char *sig, am_opset s, rs_addr a) {
    uint8_t d[96], *p = d;
    p = am_w_set(p, s);
    am_w_addr(p, a);
    rs_emit(e, am_self(e), sig, 0, NULL, d, sizeof d);
}

/* _updateSlasher: instant on creation and migration, else after the configuration delay. */
static int update_slasher(rs_env *e, am_opset s, rs_addr slasher, bool instant) {
    if (rs_addr_is_zero(slasher)) return rs_revert(e, "InputAddressZero()");
    am_slasher_params p = am_slasher_load(e->st, s);
    if (p.effect_block != 0 && e->block_number >= p.effect_block) p.slasher = p.pending_slasher;
    if (rs_addr_eq(slasher, p.pending_slasher) && e->block_number < p.effect_block) return RS_OK;
    p.pending_slasher = slasher;
    if (instant) {
        p.slasher = slasher;
        p.effect_block = (uint32_t)e->block_number;
    } else {
        uint64_t eb = (uint64_t)(uint32_t)e->block_number + e->p->slasher_configuration_delay;
        if (eb > UINT32_MAX || eb + 1 > UINT32_MAX) return rs_panic(e, PANIC_OVERFLOW);
        p.effect_block = (uint32_t)(eb + 1);
    }
    am_slasher_store(e->st, s, p);

    uint8_t d[128], *q = d;
    q = am_w_set(q, s);
    q = am_w_addr(q, slasher);
    am_w_u64(q, p.effect_block);
    rs_emit(e, am_self(e), "SlasherUpdated((address,uint32),address,uint32)", 0, NULL, d, sizeof d);
    return RS_OK;
}

static int add_strategy(rs_env *e, am_opset s, rs_addr strategy, bool redistributing) {
    /* beacon-chain ETH and EIGEN cannot be redistributed */
    if (redistributing &&
        (rs_addr_eq(strategy, e->p->beacon_chain_eth_strategy) || rs_addr_eq(strategy, e->p->eigen_strategy)))
        return rs_revert(e, "InvalidStrategy()");
    rs_key k = amk_set(NS_AM_SET_STRATEGIES, s);
    if (!es_add(e->st, &k, rs_addr_to_u256(strategy), AM_W_ADDR)) return rs_revert(e, "StrategyAlreadyInOperatorSet()");
    emit_set_addr(e, "StrategyAddedToOperatorSet((address,uint32),address)", s, strategy);
    return RS_OK;
}

static int create_set(rs_env *e, rs_addr avs, const am_create_set_params *p, rs_addr slasher, rs_addr recipient) {
    am_opset s = {avs, p->id};
    rs_key k = amk_addr(NS_AM_OPERATOR_SETS, avs);
    if (!es_add(e->st, &k, u256_from_u64(p->id), AM_W_ID)) return rs_revert(e, "InvalidOperatorSet()");
    uint8_t d[64];
    am_w_set(d, s);
    rs_emit(e, am_self(e), "OperatorSetCreated((address,uint32))", 0, NULL, d, sizeof d);

    bool redistributing = !rs_addr_eq(recipient, am_default_burn_address());
    if (redistributing) {
        rs_key rk = amk_set(NS_AM_RECIPIENT, s);
        rs_sstore_addr(e->st, &rk, recipient);
        emit_set_addr(e, "RedistributionAddressSet((address,uint32),address)", s, recipient);
    }
    for (size_t j = 0; j < p->nstrategies; j++)
        if (add_strategy(e, s, p->strategies[j], redistributing)) return RS_REVERTED;
    return update_slasher(e, s, slasher, true);
}

/* The V1 entry points give the AVS as slasher; their permission check uses
 * their own selector (msg.sig is unchanged by the internal call). */
static int create_sets(rs_env *e, rs_addr sender, rs_addr avs, const am_create_set_params *p, size_t n, bool v1,
                       const char *sig) {
    if (can_call(e, avs, sender, sig)) return RS_REVERTED;
    if (!avs_has_metadata(e, avs)) return rs_revert(e, "NonexistentAVSMetadata()");
    for (size_t i = 0; i < n; i++)
        if (create_set(e, avs, &p[i], v1 ? avs : p[i].slasher, am_default_burn_address())) return RS_REVERTED;
    return RS_OK;
}

int am_create_operator_sets(rs_env *e, rs_addr msg_sender, rs_addr avs, const am_create_set_params *p, size_t n) {
    return create_sets(e, msg_sender, avs, p, n, false, "createOperatorSets(address,(uint32,address[],address)[])");
}

int am_create_operator_sets_v1(rs_env *e, rs_addr msg_sender, rs_addr avs, const am_create_set_params *p,
                               size_t n) {
    return create_sets(e, msg_sender, avs, p, n, true, "createOperatorSets(address,(uint32,address[])[])");
}

static int create_redistributing(rs_env *e, rs_addr sender, rs_addr avs, const am_create_set_params *p, size_t n,
                                 const rs_addr *recipients, size_t nr, bool v1, const char *sig) {
    if (can_call(e, avs, sender, sig)) return RS_REVERTED;
    if (n != nr) return rs_revert(e, "InputArrayLengthMismatch()");
    if (!avs_has_metadata(e, avs)) return rs_revert(e, "NonexistentAVSMetadata()");
    for (size_t i = 0; i < n; i++) {
        if (rs_addr_is_zero(recipients[i])) return rs_revert(e, "InputAddressZero()");
        if (rs_addr_eq(recipients[i], am_default_burn_address()))
            return rs_revert(e, "InvalidRedistributionRecipient()");
        if (create_set(e, avs, &p[i], v1 ? avs : p[i].slasher, recipients[i])) return RS_REVERTED;
    }
    return RS_OK;
}

int am_create_redistributing_operator_sets(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                           const am_create_set_params *p, size_t n, const rs_addr *recipients,
                                           size_t nrecipients) {
    return create_redistributing(e, msg_sender, avs, p, n, recipients, nrecipients, false,
                                 "createRedistributingOperatorSets(address,(uint32,address[],address)[],address[])");
}

int am_create_redistributing_operator_sets_v1(rs_env *e, rs_addr msg_sender, rs_addr avs,
                                              const am_create_set_params *p, size_t n,
                                              const rs_addr *recipients, size_t nrecipients) {
    return create_redistributing(e, msg_sender, avs, p, n, recipients, nrecipients, true,
                                 "createRedistributingOperatorSets(address,(uint32,address[])[],address[])");
}

int am_add_strategies_to_operator_set(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t id,
                                      const rs_addr *strategies, size_t n) {
    if (can_call(e, avs, msg_sender, "addStrategiesToOperatorSet(address,uint32,address[])")) return RS_REVERTED;
    am_opset s = {avs, id};
    if (!am_set_exists(e->st, s)) return rs_revert(e, "InvalidOperatorSet()");
    for (size_t i = 0; i < n; i++)
        if (add_strategy(e, s, strategies[i], am_is_redistributing_operator_set(e, avs, id))) return RS_REVERTED;
    return RS_OK;
}

int am_remove_strategies_from_operator_set(rs_env *e, rs_addr msg_sender, rs_addr avs, uint32_t id,
                                           const rs_addr *strategies, size_t n) {
    if (can_call(e, avs, msg_sender, "removeStrategiesFromOperatorSet(address,uint32,address[])"))
        return RS_REVERTED;
    am_opset s = {avs, id};
    if (!am_set_exists(e->st, s)) return rs_revert(e, "InvalidOperatorSet()");
    rs_key k = amk_set(NS_AM_SET_STRATEGIES, s);
    for (size_t i = 0; i < n; i++) {
        if (!es_remove(e->st, &k, rs_addr_to_u256(strategies[i]), AM_W_ADDR))
            return rs_revert(e, "StrategyNotInOperatorSet()");
        emit_set_addr(e, "StrategyRemovedFromOperatorSet((address,uint32),address)", s, strategies[i]);
    }
    return RS_OK;
}

int am_update_slasher(rs_env *e, rs_addr msg_sender, am_opset s, rs_addr slasher) {
    if (can_call(e, s.avs, msg_sender, "updateSlasher((address,uint32),address)")) return RS_REVERTED;
    if (!am_set_exists(e->st, s)) return rs_revert(e, "InvalidOperatorSet()");
    if (rs_addr_is_zero(am_get_slasher(e, s))) return rs_revert(e, "SlasherNotSet()");
    return update_slasher(e, s, slasher, false);
}

int am_migrate_slashers(rs_env *e, const am_opset *sets, size_t n) {
    uint32_t slash_sel = rs_sig_selector("slashOperator(address,(address,uint32,address[],uint256[],string))");
    for (size_t i = 0; i < n; i++) {
        if (!am_set_exists(e->st, sets[i])) continue;
        if (!rs_addr_is_zero(am_get_slasher(e, sets[i]))) continue;
        rs_addr first = RS_ADDR_ZERO;
        size_t count = pc_get_appointees(e, sets[i].avs, am_self(e), slash_sel, &first, 1);
        rs_addr slasher = (count == 0 || rs_addr_is_zero(first)) ? sets[i].avs : first;
        if (update_slasher(e, sets[i], slasher, true)) return RS_REVERTED;
        emit_set_addr(e, "SlasherMigrated((address,uint32),address)", sets[i], slasher);
    }
    return RS_OK;
}
