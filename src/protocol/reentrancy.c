#include "protocol/reentrancy.h"

#include <assert.h>

static rs_key guard_key(rs_addr contract) {
    rs_key k = rs_key_ns(NS_GUARD_ENTERED);
    rs_key_addr(&k, contract);
    return k;
}

bool guard_is_entered(rs_env *e, rs_addr contract) {
    rs_key k = guard_key(contract);
    return rs_sload_bool(e->st, &k);
}

int guard_enter(rs_env *e, rs_addr contract) {
    rs_key k = guard_key(contract);
    if (rs_sload_bool(e->st, &k)) return rs_revert_string(e, "ReentrancyGuard: reentrant call");
    rs_sstore_bool(e->st, &k, true);
    return RS_OK;
}

int guard_check(rs_env *e, rs_addr contract) {
    rs_key k = guard_key(contract);
    return rs_sload_bool(e->st, &k) ? rs_revert_string(e, "ReentrancyGuard: reentrant call") : RS_OK;
}

void guard_exit(rs_env *e, rs_addr contract) {
    rs_key k = guard_key(contract);
    rs_sstore_bool(e->st, &k, false);
}
