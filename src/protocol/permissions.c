#include "protocol/permissions.h"

#include "protocol/enumset.h"
#include "restake/genesis.h"

static rs_key account_key(uint16_t ns, rs_addr account) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, account);
    return k;
}

static rs_key appointee_perms_key(rs_addr account, rs_addr appointee) {
    rs_key k = account_key(NS_PC_APPOINTEE_PERMS, account);
    rs_key_addr(&k, appointee);
    return k;
}

static rs_key perm_appointees_key(rs_addr account, u256 target_selector) {
    rs_key k = account_key(NS_PC_PERM_APPOINTEES, account);
    rs_key_u256(&k, target_selector);
    return k;
}

/* target in the top 160 bits, the selector in the 32 bits below them. */
static u256 encode_target_selector(rs_addr target, uint32_t selector) {
    return u256_or(u256_shl(rs_addr_to_u256(target), 96), u256_shl(u256_from_u64(selector), 64));
}

static void decode_target_selector(u256 ts, rs_addr *target, uint32_t *selector) {
    *target = rs_addr_from_u256(u256_shr(ts, 96));
    *selector = (uint32_t)u256_shr(ts, 64).w[0];
}

static u256 addr_word(rs_addr a) { return rs_addr_to_u256(a); }

bool pc_is_admin(rs_env *e, rs_addr account, rs_addr caller) {
    rs_key k = account_key(NS_PC_ADMINS, account);
    if (enumset_len(e->st, &k) == 0) return rs_addr_eq(account, caller);
    return enumset_contains(e->st, &k, addr_word(caller));
}

bool pc_is_pending_admin(rs_env *e, rs_addr account, rs_addr pending) {
    rs_key k = account_key(NS_PC_PENDING, account);
    return enumset_contains(e->st, &k, addr_word(pending));
}

bool pc_can_call(rs_env *e, rs_addr account, rs_addr caller, rs_addr target, uint32_t selector) {
    if (pc_is_admin(e, account, caller)) return true;
    rs_key k = appointee_perms_key(account, caller);
    return enumset_contains(e->st, &k, encode_target_selector(target, selector));
}

int pc_check_can_call(rs_env *e, rs_addr account, rs_addr caller, rs_addr target, uint32_t selector) {
    return pc_can_call(e, account, caller, target, selector) ? RS_OK : rs_revert(e, "InvalidPermissions()");
}

static int only_admin(rs_env *e, rs_addr account, rs_addr sender) {
    return pc_is_admin(e, account, sender) ? RS_OK : rs_revert(e, "NotAdmin()");
}

/* Events shaped (address indexed account, address admin). */
static void emit_admin_event(rs_env *e, const char *sig, rs_addr account, rs_addr admin) {
    rs_b32 topic = rs_topic_addr(account);
    rs_b32 data = rs_topic_addr(admin);
    rs_emit(e, e->p->permission_controller, sig, 1, &topic, data.b, 32);
}

/* Events shaped (indexed account, indexed appointee, address target, bytes4 selector). */
static void emit_appointee_event(rs_env *e, const char *sig, rs_addr account, rs_addr appointee, rs_addr target,
                                 uint32_t selector) {
    rs_b32 topics[2] = {rs_topic_addr(account), rs_topic_addr(appointee)};
    uint8_t data[64];
    memset(data, 0, sizeof data);
    memcpy(data + 12, target.b, 20);
    data[32] = (uint8_t)(selector >> 24);
    data[33] = (uint8_t)(selector >> 16);
    data[34] = (uint8_t)(selector >> 8);
    data[35] = (uint8_t)selector;
    rs_emit(e, e->p->permission_controller, sig, 2, topics, data, 64);
}

int pc_add_pending_admin(rs_env *e, rs_addr msg_sender, rs_addr account, rs_addr admin) {
    if (only_admin(e, account, msg_sender) != RS_OK) return RS_REVERTED;
    rs_key ak = account_key(NS_PC_ADMINS, account);
    if (enumset_contains(e->st, &ak, addr_word(admin))) return rs_revert(e, "AdminAlreadySet()");
    rs_key pk = account_key(NS_PC_PENDING, account);
    if (!enumset_add(e->st, &pk, addr_word(admin))) return rs_revert(e, "AdminAlreadyPending()");
    emit_admin_event(e, "PendingAdminAdded(address,address)", account, admin);
    return RS_OK;
}

int pc_remove_pending_admin(rs_env *e, rs_addr msg_sender, rs_addr account, rs_addr admin) {
    if (only_admin(e, account, msg_sender) != RS_OK) return RS_REVERTED;
    rs_key pk = account_key(NS_PC_PENDING, account);
    if (!enumset_remove(e->st, &pk, addr_word(admin))) return rs_revert(e, "AdminNotPending()");
    emit_admin_event(e, "PendingAdminRemoved(address,address)", account, admin);
    return RS_OK;
}

int pc_accept_admin(rs_env *e, rs_addr msg_sender, rs_addr account) {
    rs_key pk = account_key(NS_PC_PENDING, account);
    if (!enumset_remove(e->st, &pk, addr_word(msg_sender))) return rs_revert(e, "AdminNotPending()");
    rs_key ak = account_key(NS_PC_ADMINS, account);
    enumset_add(e->st, &ak, addr_word(msg_sender));
    emit_admin_event(e, "AdminSet(address,address)", account, msg_sender);
    return RS_OK;
}

int pc_remove_admin(rs_env *e, rs_addr msg_sender, rs_addr account, rs_addr admin) {
    if (only_admin(e, account, msg_sender) != RS_OK) return RS_REVERTED;
    rs_key ak = account_key(NS_PC_ADMINS, account);
    if (enumset_len(e->st, &ak) <= 1) return rs_revert(e, "CannotHaveZeroAdmins()");
    if (!enumset_remove(e->st, &ak, addr_word(admin))) return rs_revert(e, "AdminNotSet()");
    emit_admin_event(e, "AdminRemoved(address,address)", account, admin);
    return RS_OK;
}

int pc_set_appointee(rs_env *e, rs_addr msg_sender, rs_addr account, rs_addr appointee, rs_addr target,
                     uint32_t selector) {
    if (only_admin(e, account, msg_sender) != RS_OK) return RS_REVERTED;
    u256 ts = encode_target_selector(target, selector);
    rs_key permk = appointee_perms_key(account, appointee);
    if (enumset_contains(e->st, &permk, ts)) return rs_revert(e, "AppointeeAlreadySet()");
    enumset_add(e->st, &permk, ts);
    rs_key appk = perm_appointees_key(account, ts);
    enumset_add(e->st, &appk, addr_word(appointee));
    emit_appointee_event(e, "AppointeeSet(address,address,address,bytes4)", account, appointee, target, selector);
    return RS_OK;
}

int pc_remove_appointee(rs_env *e, rs_addr msg_sender, rs_addr account, rs_addr appointee, rs_addr target,
                        uint32_t selector) {
    if (only_admin(e, account, msg_sender) != RS_OK) return RS_REVERTED;
    u256 ts = encode_target_selector(target, selector);
    rs_key permk = appointee_perms_key(account, appointee);
    if (!enumset_contains(e->st, &permk, ts)) return rs_revert(e, "AppointeeNotSet()");
    enumset_remove(e->st, &permk, ts);
    rs_key appk = perm_appointees_key(account, ts);
    enumset_remove(e->st, &appk, addr_word(appointee));
    emit_appointee_event(e, "AppointeeRemoved(address,address,address,bytes4)", account, appointee, target,
                         selector);
    return RS_OK;
}

static size_t copy_addr_set(rs_env *e, const rs_key *k, rs_addr *out, size_t cap) {
    size_t n = enumset_len(e->st, k);
    for (size_t i = 0; i < n && i < cap; i++) out[i] = rs_addr_from_u256(enumset_at(e->st, k, i));
    return n;
}

size_t pc_get_admins(rs_env *e, rs_addr account, rs_addr *out, size_t cap) {
    rs_key ak = account_key(NS_PC_ADMINS, account);
    if (enumset_len(e->st, &ak) == 0) {
        if (cap > 0) out[0] = account;
        return 1;
    }
    return copy_addr_set(e, &ak, out, cap);
}

size_t pc_get_pending_admins(rs_env *e, rs_addr account, rs_addr *out, size_t cap) {
    rs_key pk = account_key(NS_PC_PENDING, account);
    return copy_addr_set(e, &pk, out, cap);
}

size_t pc_get_appointee_permissions(rs_env *e, rs_addr account, rs_addr appointee, rs_addr *targets,
                                    uint32_t *selectors, size_t cap) {
    rs_key permk = appointee_perms_key(account, appointee);
    size_t n = enumset_len(e->st, &permk);
    for (size_t i = 0; i < n && i < cap; i++) decode_target_selector(enumset_at(e->st, &permk, i), &targets[i], &selectors[i]);
    return n;
}

size_t pc_get_appointees(rs_env *e, rs_addr account, rs_addr target, uint32_t selector, rs_addr *out,
                         size_t cap) {
    rs_key appk = perm_appointees_key(account, encode_target_selector(target, selector));
    return copy_addr_set(e, &appk, out, cap);
}

void pc_genesis(rs_state *st, const rs_genesis *g) {
    (void)st;
    (void)g; /* no account starts with admins or appointees */
}
