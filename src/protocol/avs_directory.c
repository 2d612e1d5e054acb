/* AVSDirectory: legacy AVS ↔ operator registration with operator signatures. */
#include "protocol/avs_directory.h"

#include <string.h>

#include "protocol/delegation.h"
#include "protocol/pausing.h"
#include "protocol/strategy.h"
#include "restake/buf.h"
#include "restake/keccak.h"

static rs_addr avsd_self(const rs_env *e) { return e->p->avs_directory; }

static rs_key status_key(rs_addr avs, rs_addr operator_) {
    rs_key k = rs_key_ns(NS_AVSD_STATUS);
    rs_key_addr(&k, avs);
    rs_key_addr(&k, operator_);
    return k;
}

static rs_key salt_key(rs_addr operator_, rs_b32 salt) {
    rs_key k = rs_key_ns(NS_AVSD_SALT_SPENT);
    rs_key_addr(&k, operator_);
    rs_key_b32(&k, salt);
    return k;
}

static void set_status(rs_env *e, rs_addr avs, rs_addr operator_, unsigned status) {
    rs_key k = status_key(avs, operator_);
    rs_sstore_u64(e->st, &k, status);
}

static void spend_salt(rs_env *e, rs_addr operator_, rs_b32 salt) {
    rs_key k = salt_key(operator_, salt);
    rs_sstore_bool(e->st, &k, true);
}

static void emit_status(rs_env *e, rs_addr operator_, rs_addr avs, unsigned status) {
    rs_b32 topics[2] = {rs_topic_addr(operator_), rs_topic_addr(avs)};
    uint8_t data[32];
    u256_to_be(u256_from_u64(status), data);
    rs_emit(e, avsd_self(e), "OperatorAVSRegistrationStatusUpdated(address,address,uint8)", 2, topics, data,
            sizeof data);
}

/* ---- views ---- */

unsigned avsd_avs_operator_status(rs_env *e, rs_addr avs, rs_addr operator_) {
    rs_key k = status_key(avs, operator_);
    return (unsigned)rs_sload_u64(e->st, &k);
}

bool avsd_operator_salt_is_spent(rs_env *e, rs_addr operator_, rs_b32 salt) {
    rs_key k = salt_key(operator_, salt);
    return rs_sload_bool(e->st, &k);
}

/* Literals, so the env's signature cache hashes each once. */
rs_b32 avsd_operator_avs_registration_typehash(void) {
    return rs_sig_topic("OperatorAVSRegistration(address operator,address avs,bytes32 salt,uint256 expiry)");
}

rs_b32 avsd_operator_set_registration_typehash(void) {
    return rs_sig_topic("OperatorSetRegistration(address avs,uint32[] operatorSetIds,bytes32 salt,uint256 expiry)");
}

rs_b32 avsd_operator_set_force_deregistration_typehash(void) {
    return rs_sig_topic(
        "OperatorSetForceDeregistration(address avs,uint32[] operatorSetIds,bytes32 salt,uint256 expiry)");
}

rs_b32 avsd_domain_separator(rs_env *e) { return sm_eip712_domain_separator(e, avsd_self(e)); }

rs_b32 avsd_registration_digest(rs_env *e, rs_addr operator_, rs_addr avs, rs_b32 salt, u256 expiry) {
    uint8_t s[5 * 32];
    memcpy(s, avsd_operator_avs_registration_typehash().b, 32);
    u256_to_be(rs_addr_to_u256(operator_), s + 32);
    u256_to_be(rs_addr_to_u256(avs), s + 64);
    memcpy(s + 96, salt.b, 32);
    u256_to_be(expiry, s + 128);
    return sm_eip712_digest(avsd_domain_separator(e), s, sizeof s);
}

/* ---- state-changing ---- */

int avsd_update_avs_metadata_uri(rs_env *e, rs_addr msg_sender, const uint8_t *uri, size_t len) {
    rs_emit_addr_string(e, avsd_self(e), "AVSMetadataURIUpdated(address,string)", msg_sender, uri, len);
    return RS_OK;
}

int avsd_cancel_salt(rs_env *e, rs_addr msg_sender, rs_b32 salt) {
    spend_salt(e, msg_sender, salt);
    return RS_OK;
}

/* The checks run in the reference's order, so the first failure is the same. */
int avsd_register_operator_to_avs(rs_env *e, rs_addr msg_sender, rs_addr operator_, const uint8_t *sig,
                                  size_t sig_len, rs_b32 salt, u256 expiry) {
    rs_addr avs = msg_sender;
    if (pause_require_not_paused(e, avsd_self(e), AVSD_PAUSED_OPERATOR_REGISTER_DEREGISTER_TO_AVS) != RS_OK)
        return RS_REVERTED;
    if (avsd_avs_operator_status(e, avs, operator_) == AVSD_REGISTERED)
        return rs_revert(e, "OperatorAlreadyRegisteredToAVS()");
    if (avsd_operator_salt_is_spent(e, operator_, salt)) return rs_revert(e, "SaltSpent()");
    if (!dm_is_operator(e, operator_)) return rs_revert(e, "OperatorNotRegisteredToEigenLayer()");
    rs_b32 digest = avsd_registration_digest(e, operator_, avs, salt, expiry);
    if (sm_check_signature(e, avsd_self(e), operator_, digest, sig, sig_len, expiry) != RS_OK) return RS_REVERTED;
    spend_salt(e, operator_, salt);
    set_status(e, avs, operator_, AVSD_REGISTERED);
    emit_status(e, operator_, avs, AVSD_REGISTERED);
    return RS_OK;
}

int avsd_deregister_operator_from_avs(rs_env *e, rs_addr msg_sender, rs_addr operator_) {
    rs_addr avs = msg_sender;
    if (pause_require_not_paused(e, avsd_self(e), AVSD_PAUSED_OPERATOR_REGISTER_DEREGISTER_TO_AVS) != RS_OK)
        return RS_REVERTED;
    if (avsd_avs_operator_status(e, avs, operator_) != AVSD_REGISTERED)
        return rs_revert(e, "OperatorNotRegisteredToAVS()");
    set_status(e, avs, operator_, AVSD_UNREGISTERED);
    emit_status(e, operator_, avs, AVSD_UNREGISTERED);
    return RS_OK;
}

/* ---- OwnableUpgradeable ---- */

static rs_key owner_key(void) { return rs_key_ns(NS_AVSD_OWNER); }

rs_addr avsd_owner(rs_env *e) {
    rs_key k = owner_key();
    return rs_sload_addr(e->st, &k);
}

static int only_owner(rs_env *e, rs_addr msg_sender) {
    if (!rs_addr_eq(avsd_owner(e), msg_sender)) return rs_revert_string(e, "Ownable: caller is not the owner");
    return RS_OK;
}

/* _transferOwnership: stores and emits OwnershipTransferred(previous, new). */
static void set_owner(rs_env *e, rs_addr new_owner) {
    rs_b32 topics[2] = {rs_topic_addr(avsd_owner(e)), rs_topic_addr(new_owner)};
    rs_key k = owner_key();
    rs_sstore_addr(e->st, &k, new_owner);
    rs_emit(e, avsd_self(e), "OwnershipTransferred(address,address)", 2, topics, NULL, 0);
}

int avsd_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner) {
    if (only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    if (rs_addr_is_zero(new_owner)) return rs_revert_string(e, "Ownable: new owner is the zero address");
    set_owner(e, new_owner);
    return RS_OK;
}

int avsd_renounce_ownership(rs_env *e, rs_addr msg_sender) {
    if (only_owner(e, msg_sender) != RS_OK) return RS_REVERTED;
    set_owner(e, RS_ADDR_ZERO);
    return RS_OK;
}

void avsd_genesis(rs_state *st, const rs_genesis *g) {
    if (rs_addr_is_zero(g->params.avs_directory)) return;
    rs_key k = owner_key();
    rs_sstore_addr(st, &k, g->owner);
}
