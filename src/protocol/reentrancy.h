/* OpenZeppelin 4.9 ReentrancyGuard(Upgradeable) of the core contracts that
 * carry it (StrategyManager, DelegationManager, RewardsCoordinator,
 * EigenPodManager).
 *
 * The status lives in state keyed by the guarded contract, as the
 * contract's own storage slot does: a frame that reverts undoes its entry
 * with everything else. A guarded function enters after the modifiers the
 * canonical contract lists before `nonReentrant` and always exits, whatever
 * its outcome, so a revert caught below a frame boundary (an EVM caller's
 * try/catch) leaves the guard open. */
#ifndef RESTAKE_PROTOCOL_REENTRANCY_H
#define RESTAKE_PROTOCOL_REENTRANCY_H

#include "restake/env.h"
#include "restake/namespaces.h"

enum {
    NS_GUARD_ENTERED = RS_NS_GUARD_BASE + 1, /* contract → entered */
};

/* _nonReentrantBefore: reverts Error("ReentrancyGuard: reentrant call")
 * when `contract` is already entered, else marks it entered. */
RS_MUST_USE int guard_enter(rs_env *e, rs_addr contract);
/* nonReentrant around a body that calls no other contract: the same
 * refusal, without marking (nothing can re-enter in between). */
RS_MUST_USE int guard_check(rs_env *e, rs_addr contract);
/* _nonReentrantAfter: marks `contract` not entered. */
void guard_exit(rs_env *e, rs_addr contract);
/* Whether `contract` is entered (tests, traces). */
bool guard_is_entered(rs_env *e, rs_addr contract);

#endif
