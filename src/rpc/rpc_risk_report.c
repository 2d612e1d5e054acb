/* restake_risk* and restake_addresses (rpc_risk.h): the parameters decoded,
 * the risk engine (src/risk) run on the node's state through the
 * in-process source. */
#include <stdio.h>
#include <string.h>

#include "restake/router.h"
#include "risk/risk.h"
#include "risk/risk_state.h"
#include "rpc/rpc.h"
#include "rpc/rpc_json.h"
#include "rpc/rpc_risk.h"

static int bad(char *msg, size_t cap, const char *what) {
    return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s", what);
}

static int addr_arg(const json_t *args, size_t i, const char *name, rs_addr *out, char *msg, size_t cap) {
    const json_t *v = json_array_get(args, i);
    if (!v) return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s: missing", name);
    if (!rk_parse_addr(json_string_value(v), out))
        return rj_fail(msg, cap, RPC_INVALID_PARAMS, "invalid params: %s: not a 0x-prefixed 20-byte address", name);
    return 0;
}

static int set_arg(const json_t *args, rk_set *set, char *msg, size_t cap) {
    int code = addr_arg(args, 0, "avs", &set->avs, msg, cap);
    if (code) return code;
    const json_t *v = json_array_get(args, 1);
    json_int_t id = json_is_integer(v) ? json_integer_value(v) : -1;
    if (id < 0 || id > (json_int_t)UINT32_MAX) return bad(msg, cap, "operatorSetId: not a uint32");
    set->id = (uint32_t)id;
    return 0;
}

static json_t *run(rk_source *s, const char *kind, const json_t *args, char *msg, size_t cap, int *code) {
    rs_addr a;
    rk_set set;
    *code = 0;
    if (!strcmp(kind, "all")) return rk_report_all(s);
    if (!strcmp(kind, "set")) return (*code = set_arg(args, &set, msg, cap)) ? NULL : rk_report_set(s, set);
    if (!strcmp(kind, "whatif")) {
        rk_whatif w;
        if (rk_whatif_parse(json_array_get(args, 0), &w, msg, cap)) return *code = RPC_INVALID_PARAMS, NULL;
        json_t *r = rk_report_whatif(s, &w);
        rk_whatif_free(&w);
        return r;
    }
    const char *name = !strcmp(kind, "staker") ? "staker" : !strcmp(kind, "operator") ? "operator" : "avs";
    if ((*code = addr_arg(args, 0, name, &a, msg, cap))) return NULL;
    if (!strcmp(kind, "staker")) return rk_report_staker(s, a);
    if (!strcmp(kind, "operator")) return rk_report_operator(s, a);
    return rk_report_avs(s, a);
}

int rs_rpc_risk_report(rs_node *n, rs_state *st, const rs_block_header *h, const char *kind, const json_t *args,
                       json_t **result, char *msg, size_t cap) {
    rs_env e;
    rs_env_init(&e, st, &n->params);
    rs_router_attach(&e);
    e.block_number = h->number;
    e.timestamp = h->timestamp;
    rk_source s;
    rk_state_source_init(&s, &e, "node");
    int code = 0;
    *result = run(&s, kind, args, msg, cap, &code);
    rk_state_source_free(&s);
    rs_env_free(&e);
    if (code) return code;
    if (!*result) {
        bool params = !strncmp(s.err, "invalid params", 14);
        return rj_fail(msg, cap, params ? RPC_INVALID_PARAMS : RPC_SERVER, "%s", s.err);
    }
    return 0;
}

json_t *rs_rpc_addresses(const rs_node *n) {
    const rs_params *p = &n->params;
    json_t *o = json_object();
    json_object_set_new(o, "delegationManager", rk_json_addr(p->delegation_manager));
    json_object_set_new(o, "strategyManager", rk_json_addr(p->strategy_manager));
    json_object_set_new(o, "allocationManager", rk_json_addr(p->allocation_manager));
    json_object_set_new(o, "eigenPodManager", rk_json_addr(p->eigen_pod_manager));
    json_object_set_new(o, "avsDirectory", rk_json_addr(p->avs_directory));
    json_object_set_new(o, "rewardsCoordinator", rk_json_addr(p->rewards_coordinator));
    json_object_set_new(o, "permissionController", rk_json_addr(p->permission_controller));
    json_object_set_new(o, "strategyFactory", rk_json_addr(p->strategy_factory));
    json_object_set_new(o, "beaconChainETHStrategy", rk_json_addr(p->beacon_chain_eth_strategy));
    return o;
}
