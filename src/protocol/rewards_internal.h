/* Shared internals of the RewardsCoordinator module. */
#ifndef RESTAKE_PROTOCOL_REWARDS_INTERNAL_H
#define RESTAKE_PROTOCOL_REWARDS_INTERNAL_H

#include "protocol/rewards.h"

static inline rs_addr rc_self(const rs_env *e) { return e->p->rewards_coordinator; }

rs_key rc_key_addr(uint16_t ns, rs_addr a);
rs_key rc_key_addr2(uint16_t ns, rs_addr a, rs_addr b);
rs_key rc_key_index(uint16_t ns, uint64_t i);

/* onlyOwner (OZ 4.9): Error("Ownable: caller is not the owner"). */
RS_MUST_USE int rc_only_owner(rs_env *e, rs_addr msg_sender);
/* checkCanCall(account) with msg.sig = keccak(sig)[:4] and address(this) = the coordinator. */
RS_MUST_USE int rc_check_can_call(rs_env *e, rs_addr account, rs_addr caller, const char *sig);

/* _distributionRoots storage. */
void rc_root_load(rs_env *e, uint64_t index, rc_distribution_root *out);
void rc_root_store(rs_env *e, uint64_t index, const rc_distribution_root *r);

/* is…Hash[submitter][hash] = true; submissionNonce[submitter] = nonce + 1
 * (a nonce read from storage never reaches 2^256 - 1). */
void rc_record_submission(rs_env *e, rc_hash_kind kind, rs_addr submitter, rs_b32 hash, u256 nonce);

/* uint32(block.timestamp) + activationDelay, checked in uint32 (Panic 0x11). */
RS_MUST_USE int rc_activated_at(rs_env *e, uint32_t *out);

#endif
