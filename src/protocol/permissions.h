/* PermissionController: per-account admins, pending admins and appointees
 * (target, selector) — and the check every PermissionControllerMixin
 * contract performs before acting for an account. All sets keep
 * OpenZeppelin EnumerableSet order (append; removal swaps in the last). */
#ifndef RESTAKE_PROTOCOL_PERMISSIONS_H
#define RESTAKE_PROTOCOL_PERMISSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/env.h"
#include "restake/namespaces.h"

enum {
    NS_PC_ADMINS = RS_NS_PC_BASE + 1,        /* account → set of admins */
    NS_PC_PENDING = RS_NS_PC_BASE + 2,       /* account → set of pending admins */
    NS_PC_APPOINTEE_PERMS = RS_NS_PC_BASE + 3, /* account, appointee → set of targetSelector */
    NS_PC_PERM_APPOINTEES = RS_NS_PC_BASE + 4, /* account, targetSelector → set of appointees */
};

/* canCall: account itself when it has no admins, else its admins; or an
 * appointee for (target, selector). */
bool pc_can_call(rs_env *e, rs_addr account, rs_addr caller, rs_addr target, uint32_t selector);
/* The mixin's checkCanCall(account) with msg.sender = caller, address(this) =
 * target, msg.sig = selector: reverts InvalidPermissions(). */
RS_MUST_USE int pc_check_can_call(rs_env *e, rs_addr account, rs_addr caller, rs_addr target, uint32_t selector);
bool pc_is_admin(rs_env *e, rs_addr account, rs_addr caller);
bool pc_is_pending_admin(rs_env *e, rs_addr account, rs_addr pending);

RS_MUST_USE int pc_add_pending_admin(rs_env *e, rs_addr msg_sender, rs_addr account, rs_addr admin);
RS_MUST_USE int pc_remove_pending_admin(rs_env *e, rs_addr msg_sender, rs_addr account, rs_addr admin);
RS_MUST_USE int pc_accept_admin(rs_env *e, rs_addr msg_sender, rs_addr account);
RS_MUST_USE int pc_remove_admin(rs_env *e, rs_addr msg_sender, rs_addr account, rs_addr admin);
RS_MUST_USE int pc_set_appointee(rs_env *e, rs_addr msg_sender, rs_addr account, rs_addr appointee, rs_addr target,
                     uint32_t selector);
RS_MUST_USE int pc_remove_appointee(rs_env *e, rs_addr msg_sender, rs_addr account, rs_addr appointee, rs_addr target,
                        uint32_t selector);

/* List views: write up to cap entries, return the full count. getAdmins
 * returns [account] when it has no admins. */
size_t pc_get_admins(rs_env *e, rs_addr account, rs_addr *out, size_t cap);
size_t pc_get_pending_admins(rs_env *e, rs_addr account, rs_addr *out, size_t cap);
size_t pc_get_appointee_permissions(rs_env *e, rs_addr account, rs_addr appointee, rs_addr *targets,
                                    uint32_t *selectors, size_t cap);
size_t pc_get_appointees(rs_env *e, rs_addr account, rs_addr target, uint32_t selector, rs_addr *out,
                         size_t cap);

#endif
