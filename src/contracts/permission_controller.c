/* The PermissionController surface. */
#include <stdlib.h>

#include "protocol/permissions.h"
#include "restake/contracts.h"

static void put_addr_array(rs_buf *b, const rs_addr *v, size_t n) {
    rs_buf_word_u64(b, n);
    for (size_t i = 0; i < n; i++) rs_buf_word_addr(b, v[i]);
}

typedef size_t (*addr_list_fn)(rs_env *e, const abi_val *args, rs_addr *out, size_t cap);

/* Sizes the list first, then fills it: the lists are unbounded. */
static void ret_addr_list(rs_env *e, const abi_val *args, addr_list_fn fn, rs_buf *ret) {
    size_t n = fn(e, args, NULL, 0);
    rs_addr *v = calloc(n ? n : 1, sizeof *v);
    if (!v) abort();
    fn(e, args, v, n);
    rs_buf_word_u64(ret, 32);
    put_addr_array(ret, v, n);
    free(v);
}

static uint32_t sel_arg(const abi_val *v) { return abi_bytes4(v); }

static int m_add_pending_admin(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pc_add_pending_admin(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]));
}

static int m_remove_pending_admin(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pc_remove_pending_admin(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]));
}

static int m_accept_admin(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pc_accept_admin(e, msg->sender, abi_addr(&args[0]));
}

static int m_remove_admin(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pc_remove_admin(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]));
}

static int m_set_appointee(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pc_set_appointee(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]), abi_addr(&args[2]),
                            sel_arg(&args[3]));
}

static int m_remove_appointee(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return pc_remove_appointee(e, msg->sender, abi_addr(&args[0]), abi_addr(&args[1]), abi_addr(&args[2]),
                               sel_arg(&args[3]));
}

static int m_is_admin(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, pc_is_admin(e, abi_addr(&args[0]), abi_addr(&args[1])));
    return RS_OK;
}

static int m_is_pending_admin(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, pc_is_pending_admin(e, abi_addr(&args[0]), abi_addr(&args[1])));
    return RS_OK;
}

static int m_can_call(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_bool(ret, pc_can_call(e, abi_addr(&args[0]), abi_addr(&args[1]), abi_addr(&args[2]),
                                      sel_arg(&args[3])));
    return RS_OK;
}

static size_t list_admins(rs_env *e, const abi_val *args, rs_addr *out, size_t cap) {
    return pc_get_admins(e, abi_addr(&args[0]), out, cap);
}

static size_t list_pending(rs_env *e, const abi_val *args, rs_addr *out, size_t cap) {
    return pc_get_pending_admins(e, abi_addr(&args[0]), out, cap);
}

static size_t list_appointees(rs_env *e, const abi_val *args, rs_addr *out, size_t cap) {
    return pc_get_appointees(e, abi_addr(&args[0]), abi_addr(&args[1]), sel_arg(&args[2]), out, cap);
}

static int m_get_admins(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    ret_addr_list(e, args, list_admins, ret);
    return RS_OK;
}

static int m_get_pending_admins(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    ret_addr_list(e, args, list_pending, ret);
    return RS_OK;
}

static int m_get_appointees(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    ret_addr_list(e, args, list_appointees, ret);
    return RS_OK;
}

static int m_get_appointee_permissions(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_addr account = abi_addr(&args[0]), appointee = abi_addr(&args[1]);
    size_t n = pc_get_appointee_permissions(e, account, appointee, NULL, NULL, 0);
    rs_addr *targets = calloc(n ? n : 1, sizeof *targets);
    uint32_t *sels = calloc(n ? n : 1, sizeof *sels);
    if (!targets || !sels) abort();
    pc_get_appointee_permissions(e, account, appointee, targets, sels, n);
    rs_buf_word_u64(ret, 64);
    rs_buf_word_u64(ret, 64 + 32 * (n + 1));
    put_addr_array(ret, targets, n);
    rs_buf_word_u64(ret, n);
    for (size_t i = 0; i < n; i++) {
        rs_b32 w = RS_B32_ZERO;
        w.b[0] = (uint8_t)(sels[i] >> 24);
        w.b[1] = (uint8_t)(sels[i] >> 16);
        w.b[2] = (uint8_t)(sels[i] >> 8);
        w.b[3] = (uint8_t)sels[i];
        rs_buf_word_b32(ret, w);
    }
    free(targets);
    free(sels);
    return RS_OK;
}

static rs_method g_methods[] = {
    {"addPendingAdmin(address,address)", m_add_pending_admin, false, 0, NULL},
    {"removePendingAdmin(address,address)", m_remove_pending_admin, false, 0, NULL},
    {"acceptAdmin(address)", m_accept_admin, false, 0, NULL},
    {"removeAdmin(address,address)", m_remove_admin, false, 0, NULL},
    {"setAppointee(address,address,address,bytes4)", m_set_appointee, false, 0, NULL},
    {"removeAppointee(address,address,address,bytes4)", m_remove_appointee, false, 0, NULL},
    {"isAdmin(address,address)", m_is_admin, false, 0, NULL},
    {"isPendingAdmin(address,address)", m_is_pending_admin, false, 0, NULL},
    {"getAdmins(address)", m_get_admins, false, 0, NULL},
    {"getPendingAdmins(address)", m_get_pending_admins, false, 0, NULL},
    {"canCall(address,address,address,bytes4)", m_can_call, false, 0, NULL},
    {"getAppointeePermissions(address,address)", m_get_appointee_permissions, false, 0, NULL},
    {"getAppointees(address,address,bytes4)", m_get_appointees, false, 0, NULL},
};

int rs_contract_permission_controller(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_methods, sizeof g_methods / sizeof g_methods[0], msg, ret);
}
