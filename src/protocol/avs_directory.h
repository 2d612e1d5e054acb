/* AVSDirectory: the legacy (pre-operator-set) record of which operators an
 * AVS has registered, with the operator's EIP-712 consent signature, plus the
 * metadata-URI event AVSs emit for indexers. Its own Pausable bitmap
 * (pausing.h, keyed by e->p->avs_directory) and OwnableUpgradeable owner.
 *
 * Functions mirror the canonical external functions (ENGINEERING.md): the
 * state-changing ones take msg_sender (the AVS, or the operator for
 * cancelSalt) and return RS_OK / RS_REVERTED. */
#ifndef RESTAKE_PROTOCOL_AVS_DIRECTORY_H
#define RESTAKE_PROTOCOL_AVS_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/env.h"
#include "restake/genesis.h"
#include "restake/namespaces.h"

enum {
    NS_AVSD_STATUS = RS_NS_AVSD_BASE + 1,     /* avs, operator → OperatorAVSRegistrationStatus */
    NS_AVSD_SALT_SPENT = RS_NS_AVSD_BASE + 2, /* operator, salt → bool */
    NS_AVSD_OWNER = RS_NS_AVSD_BASE + 3,      /* → owner */
};

/* IAVSDirectoryTypes.OperatorAVSRegistrationStatus */
enum { AVSD_UNREGISTERED = 0, AVSD_REGISTERED = 1 };

/* Pausable indices (AVSDirectoryStorage). The operator-set flag guards
 * functions that no longer exist; it is kept so bitmaps read the same. */
enum {
    AVSD_PAUSED_OPERATOR_REGISTER_DEREGISTER_TO_AVS = 0,
    AVSD_PAUSED_OPERATOR_SET_REGISTRATION_AND_DEREGISTRATION = 1,
};

/* ---- state-changing ---- */
RS_MUST_USE int avsd_update_avs_metadata_uri(rs_env *e, rs_addr msg_sender, const uint8_t *uri, size_t len);
RS_MUST_USE int avsd_cancel_salt(rs_env *e, rs_addr msg_sender, rs_b32 salt);
RS_MUST_USE int avsd_register_operator_to_avs(rs_env *e, rs_addr msg_sender, rs_addr operator_, const uint8_t *sig,
                                  size_t sig_len, rs_b32 salt, u256 expiry);
RS_MUST_USE int avsd_deregister_operator_from_avs(rs_env *e, rs_addr msg_sender, rs_addr operator_);

/* ---- OwnableUpgradeable (OpenZeppelin 4.9) ---- */
rs_addr avsd_owner(rs_env *e);
RS_MUST_USE int avsd_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner);
RS_MUST_USE int avsd_renounce_ownership(rs_env *e, rs_addr msg_sender);

/* ---- views ---- */
unsigned avsd_avs_operator_status(rs_env *e, rs_addr avs, rs_addr operator_);
bool avsd_operator_salt_is_spent(rs_env *e, rs_addr operator_, rs_b32 salt);
rs_b32 avsd_domain_separator(rs_env *e);
rs_b32 avsd_registration_digest(rs_env *e, rs_addr operator_, rs_addr avs, rs_b32 salt, u256 expiry);
rs_b32 avsd_operator_avs_registration_typehash(void);
rs_b32 avsd_operator_set_registration_typehash(void);
rs_b32 avsd_operator_set_force_deregistration_typehash(void);

/* avsd_genesis (declared in restake/genesis.h with the other hooks) runs
 * initialize(owner, pausedStatus) as the deployment did: it stores g->owner;
 * the paused bitmap comes from pause_genesis. */

#endif
