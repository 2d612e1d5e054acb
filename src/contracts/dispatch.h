/* Dispatch internals that tests and embedders may need beyond contracts.h. */
#ifndef RESTAKE_CONTRACTS_DISPATCH_H
#define RESTAKE_CONTRACTS_DISPATCH_H

#include "restake/contracts.h"

/* Routes calls to code kind k through fn instead of its built-in entry
 * (NULL restores it); returns the previous override. For tests that need a
 * contract of their own, and for embedders that replace one. Not thread-safe:
 * set overrides before calls run. */
rs_contract_fn rs_dispatch_override(rs_code_kind k, rs_contract_fn fn);

/* Whether calls to code kind k reach an implementation (an override or a
 * linked rs_contract_* entry). A false answer for a kind whose file exists
 * means its entry is not listed in genesis.c's extraction list. */
bool rs_dispatch_has_entry(rs_code_kind k);

/* initialize(...) of a core contract: every one is deployed behind a proxy
 * that was initialized at genesis, so the call always reverts as
 * OpenZeppelin's Initializable does on a second initialization. */
int rs_method_already_initialized(rs_env *e, rs_addr self, rs_addr sender, const abi_val *args, rs_buf *ret);

/* version() of the contracts with SignatureUtilsMixin (SemVerMixin): the
 * genesis version string. */
int rs_method_version(rs_env *e, rs_addr self, rs_addr sender, const abi_val *args, rs_buf *ret);

/* A getter of an address fixed at deployment (an immutable or a constant of
 * the canonical contract), read from the genesis parameters. */
#define RS_PARAM_ADDR_GETTER(fn, field)                                                         \
    static int fn(rs_env *e, rs_addr self, rs_addr sender, const abi_val *args, rs_buf *ret) { \
        (void)self, (void)sender, (void)args;                                                   \
        rs_buf_word_addr(ret, e->p->field);                                                     \
        return RS_OK;                                                                           \
    }

#endif
