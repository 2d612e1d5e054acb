/* Dispatch internals that tests and embedders may need beyond contracts.h. */
#ifndef RESTAKE_CONTRACTS_DISPATCH_H
#define RESTAKE_CONTRACTS_DISPATCH_H

#include "restake/contracts.h"

/* initialize(...) of a core contract: every one is deployed behind a proxy
 * that was initialized at genesis, so the call always reverts as
 * OpenZeppelin's Initializable does on a second initialization. */
int rs_method_already_initialized(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret);

/* version() of the contracts with SignatureUtilsMixin (SemVerMixin): the
 * genesis version string. */
int rs_method_version(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret);

/* A getter of an address fixed at deployment (an immutable or a constant of
 * the canonical contract), read from the genesis parameters. */
#define RS_PARAM_ADDR_GETTER(fn, field)                                                         \
    static int fn(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) { \
        (void)msg, (void)args;                                        \
        rs_buf_word_addr(ret, e->p->field);                                                     \
        return RS_OK;                                                                           \
    }

/* Whether a contract's method table holds `selector`, asked without running
 * anything: the frame ends at the selector lookup. For the tests that check
 * the ABI files (abi/NAME.json) against what the native contracts answer. */
bool rs_dispatch_knows(rs_contract_fn fn, uint32_t selector);

/* Whether calldata's selector is in the table: a contract that extends
 * another (a vault extends StrategyBase) answers its own functions and hands
 * the rest to the base's entry point. */
bool rs_dispatch_table_has(rs_method *table, size_t n, const rs_msg *msg);

#endif
