/* The AllocationManager's contract surface (and that of AllocationManagerView):
 * calldata → am_ calls → ABI-encoded returns. */
#include <stdlib.h>

#include "contracts/pausable.h"
#include "protocol/allocation.h"
#include "protocol/pausing.h"
#include "contracts/dispatch.h"
#include "restake/contracts.h"

/* dispatch hands a handler the decoded parameters as an array. */
#define ARG(i) (&args[i])
#define UNUSED_HANDLER_ARGS (void)msg, (void)args

/* ---- argument conversion: small lists on the stack, large ones on the heap ---- */
#define SCRATCH 32

typedef struct {
    rs_addr stack[SCRATCH];
    rs_addr *p;
    size_t n;
} addr_list;

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) abort();
    return p;
}

static void addrs_of(addr_list *l, const abi_val *v) {
    l->n = v->n;
    l->p = v->n <= SCRATCH ? l->stack : xmalloc(v->n * sizeof(rs_addr));
    for (size_t i = 0; i < v->n; i++) l->p[i] = abi_addr(&v->items[i]);
}

static void addrs_free(addr_list *l) {
    if (l->p != l->stack) free(l->p);
}

typedef struct {
    uint32_t stack[SCRATCH];
    uint32_t *p;
    size_t n;
} id_list;

static void ids_of(id_list *l, const abi_val *v) {
    l->n = v->n;
    l->p = v->n <= SCRATCH ? l->stack : xmalloc(v->n * sizeof(uint32_t));
    for (size_t i = 0; i < v->n; i++) l->p[i] = (uint32_t)abi_u64(&v->items[i]);
}

static void ids_free(id_list *l) {
    if (l->p != l->stack) free(l->p);
}

static am_opset opset_of(const abi_val *t) {
    am_opset s = {abi_addr(&t->items[0]), (uint32_t)abi_u64(&t->items[1])};
    return s;
}

/* ---- return encoding ---- */
static void put_opset(rs_buf *b, am_opset s) {
    rs_buf_word_addr(b, s.avs);
    rs_buf_word_u64(b, s.id);
}

static void put_allocation(rs_buf *b, am_allocation a) {
    rs_buf_word_u64(b, a.current_magnitude);
    rs_buf_word(b, am_pending_diff_word(a));
    rs_buf_word_u64(b, a.effect_block);
}

static int ok_bool(rs_buf *ret, bool v) {
    rs_buf_word_bool(ret, v);
    return RS_OK;
}

static int ok_addr(rs_buf *ret, rs_addr v) {
    rs_buf_word_addr(ret, v);
    return RS_OK;
}

static int ok_u64(rs_buf *ret, uint64_t v) {
    rs_buf_word_u64(ret, v);
    return RS_OK;
}

/* ==== state-changing functions ==== */

static int m_slash_operator(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    const abi_val *t = ARG(1);
    addr_list strategies;
    addrs_of(&strategies, &t->items[2]);
    const abi_val *w = &t->items[3];
    size_t n = strategies.n;
    u256 wstack[SCRATCH], sstack[SCRATCH];
    u256 *wads = w->n <= SCRATCH ? wstack : xmalloc(w->n * sizeof(u256));
    u256 *shares = n <= SCRATCH ? sstack : xmalloc(n * sizeof(u256));
    for (size_t i = 0; i < w->n; i++) wads[i] = abi_u256(&w->items[i]);
    am_slashing_params p = {abi_addr(&t->items[0]), (uint32_t)abi_u64(&t->items[1]), strategies.p, n, wads, w->n,
                            t->items[4].ptr, t->items[4].len};
    u256 slash_id;
    int rc = am_slash_operator(e, msg->sender, abi_addr(ARG(0)), &p, &slash_id, shares);
    if (rc == RS_OK) {
        rs_buf_word(ret, slash_id);
        rs_buf_word_u64(ret, 64);
        rs_buf_word_u64(ret, n);
        for (size_t i = 0; i < n; i++) rs_buf_word(ret, shares[i]);
    }
    if (wads != wstack) free(wads);
    if (shares != sstack) free(shares);
    addrs_free(&strategies);
    return rc;
}

static int m_modify_allocations(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    const abi_val *arr = ARG(1);
    size_t n = arr->n, total_s = 0, total_m = 0;
    for (size_t i = 0; i < n; i++) {
        total_s += arr->items[i].items[1].n;
        total_m += arr->items[i].items[2].n;
    }
    am_allocate_params pstack[8];
    rs_addr astack[SCRATCH];
    uint64_t mstack[SCRATCH];
    am_allocate_params *ps = n <= 8 ? pstack : xmalloc(n * sizeof *ps);
    rs_addr *as = total_s <= SCRATCH ? astack : xmalloc(total_s * sizeof *as);
    uint64_t *ms = total_m <= SCRATCH ? mstack : xmalloc(total_m * sizeof *ms);
    size_t ia = 0, im = 0;
    for (size_t i = 0; i < n; i++) {
        const abi_val *t = &arr->items[i];
        ps[i].set = opset_of(&t->items[0]);
        ps[i].strategies = as + ia;
        ps[i].nstrategies = t->items[1].n;
        for (size_t j = 0; j < t->items[1].n; j++) as[ia++] = abi_addr(&t->items[1].items[j]);
        ps[i].new_magnitudes = ms + im;
        ps[i].nmagnitudes = t->items[2].n;
        for (size_t j = 0; j < t->items[2].n; j++) ms[im++] = abi_u64(&t->items[2].items[j]);
    }
    int rc = am_modify_allocations(e, msg->sender, abi_addr(ARG(0)), ps, n);
    if (ps != pstack) free(ps);
    if (as != astack) free(as);
    if (ms != mstack) free(ms);
    return rc;
}

static int m_clear_deallocation_queue(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS, (void)ret;
    addr_list strategies;
    addrs_of(&strategies, ARG(1));
    const abi_val *nv = ARG(2);
    uint16_t nstack[SCRATCH];
    uint16_t *num = nv->n <= SCRATCH ? nstack : xmalloc(nv->n * sizeof *num);
    for (size_t i = 0; i < nv->n; i++) num[i] = (uint16_t)abi_u64(&nv->items[i]);
    int rc = am_clear_deallocation_queue(e, abi_addr(ARG(0)), strategies.p, strategies.n, num, nv->n);
    if (num != nstack) free(num);
    addrs_free(&strategies);
    return rc;
}

static int m_register(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    const abi_val *t = ARG(1);
    id_list ids;
    ids_of(&ids, &t->items[1]);
    int rc = am_register_for_operator_sets(e, msg->sender, abi_addr(ARG(0)), abi_addr(&t->items[0]), ids.p, ids.n,
                                           t->items[2].ptr, t->items[2].len);
    ids_free(&ids);
    return rc;
}

static int m_deregister(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    const abi_val *t = ARG(0);
    id_list ids;
    ids_of(&ids, &t->items[2]);
    int rc = am_deregister_from_operator_sets(e, msg->sender, abi_addr(&t->items[0]), abi_addr(&t->items[1]), ids.p,
                                              ids.n);
    ids_free(&ids);
    return rc;
}

static int m_set_allocation_delay(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return am_set_allocation_delay(e, msg->sender, abi_addr(ARG(0)), (uint32_t)abi_u64(ARG(1)));
}

static int m_set_avs_registrar(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return am_set_avs_registrar(e, msg->sender, abi_addr(ARG(0)), abi_addr(ARG(1)));
}

static int m_update_avs_metadata_uri(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return am_update_avs_metadata_uri(e, msg->sender, abi_addr(ARG(0)), ARG(1)->ptr, ARG(1)->len);
}

/* CreateSetParams(V2)[] → am_create_set_params with the strategies in one pool. */
typedef struct {
    am_create_set_params pstack[8];
    rs_addr astack[SCRATCH];
    am_create_set_params *p;
    rs_addr *a;
    size_t n;
} create_list;

static void create_of(create_list *l, const abi_val *arr, bool v2) {
    size_t total = 0;
    l->n = arr->n;
    for (size_t i = 0; i < arr->n; i++) total += arr->items[i].items[1].n;
    l->p = arr->n <= 8 ? l->pstack : xmalloc(arr->n * sizeof *l->p);
    l->a = total <= SCRATCH ? l->astack : xmalloc(total * sizeof *l->a);
    size_t k = 0;
    for (size_t i = 0; i < arr->n; i++) {
        const abi_val *t = &arr->items[i];
        l->p[i].id = (uint32_t)abi_u64(&t->items[0]);
        l->p[i].strategies = l->a + k;
        l->p[i].nstrategies = t->items[1].n;
        for (size_t j = 0; j < t->items[1].n; j++) l->a[k++] = abi_addr(&t->items[1].items[j]);
        l->p[i].slasher = v2 ? abi_addr(&t->items[2]) : RS_ADDR_ZERO;
    }
}

static void create_free(create_list *l) {
    if (l->p != l->pstack) free(l->p);
    if (l->a != l->astack) free(l->a);
}

static int create_sets(rs_env *e, rs_addr sender, const abi_val *args, bool v2) {
    create_list l;
    create_of(&l, ARG(1), v2);
    int rc = v2 ? am_create_operator_sets(e, sender, abi_addr(ARG(0)), l.p, l.n)
                : am_create_operator_sets_v1(e, sender, abi_addr(ARG(0)), l.p, l.n);
    create_free(&l);
    return rc;
}

static int m_create_sets_v1(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return create_sets(e, msg->sender, args, false);
}

static int m_create_sets_v2(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return create_sets(e, msg->sender, args, true);
}

static int create_redistributing(rs_env *e, rs_addr sender, const abi_val *args, bool v2) {
    create_list l;
    create_of(&l, ARG(1), v2);
    addr_list recipients;
    addrs_of(&recipients, ARG(2));
    int rc = v2 ? am_create_redistributing_operator_sets(e, sender, abi_addr(ARG(0)), l.p, l.n, recipients.p,
                                                         recipients.n)
                : am_create_redistributing_operator_sets_v1(e, sender, abi_addr(ARG(0)), l.p, l.n, recipients.p,
                                                            recipients.n);
    addrs_free(&recipients);
    create_free(&l);
    return rc;
}

static int m_create_redistributing_v1(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return create_redistributing(e, msg->sender, args, false);
}

static int m_create_redistributing_v2(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return create_redistributing(e, msg->sender, args, true);
}

static int m_add_strategies(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    addr_list l;
    addrs_of(&l, ARG(2));
    int rc = am_add_strategies_to_operator_set(e, msg->sender, abi_addr(ARG(0)), (uint32_t)abi_u64(ARG(1)), l.p, l.n);
    addrs_free(&l);
    return rc;
}

static int m_remove_strategies(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    addr_list l;
    addrs_of(&l, ARG(2));
    int rc =
        am_remove_strategies_from_operator_set(e, msg->sender, abi_addr(ARG(0)), (uint32_t)abi_u64(ARG(1)), l.p, l.n);
    addrs_free(&l);
    return rc;
}

static int m_update_slasher(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return am_update_slasher(e, msg->sender, opset_of(ARG(0)), abi_addr(ARG(1)));
}

static int m_migrate_slashers(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS, (void)ret;
    const abi_val *arr = ARG(0);
    am_opset stack[SCRATCH] = {{{{0}}, 0}};
    am_opset *sets = arr->n <= SCRATCH ? stack : xmalloc(arr->n * sizeof *sets);
    for (size_t i = 0; i < arr->n; i++) sets[i] = opset_of(&arr->items[i]);
    int rc = am_migrate_slashers(e, sets, arr->n);
    if (sets != stack) free(sets);
    return rc;
}

/* Initializable (OpenZeppelin 4.9 upgradeable): the proxy is initialized at deployment. */
/* ==== immutables ==== */

static int m_delegation(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_addr(ret, e->p->delegation_manager);
}

static int m_eigen_strategy(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_addr(ret, e->p->eigen_strategy);
}

static int m_deallocation_delay(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_u64(ret, e->p->deallocation_delay);
}

static int m_allocation_configuration_delay(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_u64(ret, e->p->allocation_configuration_delay);
}

static int m_slasher_configuration_delay(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_u64(ret, e->p->slasher_configuration_delay);
}

static int m_permission_controller(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_addr(ret, e->p->permission_controller);
}

static int m_view_implementation(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_addr(ret, e->p->allocation_manager_view);
}

/* ==== views ==== */

static int v_operator_set_count(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_u64(ret, am_get_operator_set_count(e, abi_addr(ARG(0))));
}

static void put_set_list(rs_env *e, rs_buf *ret, rs_addr op, uint64_t (*count)(rs_env *, rs_addr),
                         am_opset (*at)(rs_env *, rs_addr, uint64_t)) {
    uint64_t n = count(e, op);
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, n);
    for (uint64_t i = 0; i < n; i++) put_opset(ret, at(e, op, i));
}

static int v_allocated_sets(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    put_set_list(e, ret, abi_addr(ARG(0)), am_allocated_set_count, am_allocated_set_at);
    return RS_OK;
}

static int v_registered_sets(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    put_set_list(e, ret, abi_addr(ARG(0)), am_registered_set_count, am_registered_set_at);
    return RS_OK;
}

static int v_allocated_strategies(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    rs_addr op = abi_addr(ARG(0));
    am_opset s = opset_of(ARG(1));
    uint64_t n = am_allocated_strategy_count(e, op, s);
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, n);
    for (uint64_t i = 0; i < n; i++) rs_buf_word_addr(ret, am_allocated_strategy_at(e, op, s, i));
    return RS_OK;
}

static int v_allocation(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    put_allocation(ret, am_get_allocation(e, abi_addr(ARG(0)), opset_of(ARG(1)), abi_addr(ARG(2))));
    return RS_OK;
}

static int v_allocations(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    const abi_val *ops = ARG(0);
    am_opset s = opset_of(ARG(1));
    rs_addr strategy = abi_addr(ARG(2));
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, ops->n);
    for (size_t i = 0; i < ops->n; i++) put_allocation(ret, am_get_allocation(e, abi_addr(&ops->items[i]), s, strategy));
    return RS_OK;
}

static int v_strategy_allocations(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    rs_addr op = abi_addr(ARG(0)), strategy = abi_addr(ARG(1));
    uint64_t n = am_allocated_set_count(e, op);
    rs_buf_word_u64(ret, 64);
    rs_buf_word_u64(ret, 64 + 32 + 64 * n);
    rs_buf_word_u64(ret, n);
    for (uint64_t i = 0; i < n; i++) put_opset(ret, am_allocated_set_at(e, op, i));
    rs_buf_word_u64(ret, n);
    for (uint64_t i = 0; i < n; i++) put_allocation(ret, am_get_allocation(e, op, am_allocated_set_at(e, op, i), strategy));
    return RS_OK;
}

static int v_encumbered(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_u64(ret, am_get_encumbered_magnitude(e, abi_addr(ARG(0)), abi_addr(ARG(1))));
}

static int v_allocatable(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_u64(ret, am_get_allocatable_magnitude(e, abi_addr(ARG(0)), abi_addr(ARG(1))));
}

static int v_max_magnitude(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_u64(ret, am_get_max_magnitude(e, abi_addr(ARG(0)), abi_addr(ARG(1))));
}

static int v_max_magnitudes_op(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    rs_addr op = abi_addr(ARG(0));
    const abi_val *st = ARG(1);
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, st->n);
    for (size_t i = 0; i < st->n; i++) rs_buf_word_u64(ret, am_get_max_magnitude(e, op, abi_addr(&st->items[i])));
    return RS_OK;
}

static int v_max_magnitudes_strategy(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    const abi_val *ops = ARG(0);
    rs_addr strategy = abi_addr(ARG(1));
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, ops->n);
    for (size_t i = 0; i < ops->n; i++)
        rs_buf_word_u64(ret, am_get_max_magnitude(e, abi_addr(&ops->items[i]), strategy));
    return RS_OK;
}

static int v_max_magnitudes_at_block(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    rs_addr op = abi_addr(ARG(0));
    const abi_val *st = ARG(1);
    uint32_t block = (uint32_t)abi_u64(ARG(2));
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, st->n);
    for (size_t i = 0; i < st->n; i++)
        rs_buf_word_u64(ret, am_get_max_magnitude_at_block(e, op, abi_addr(&st->items[i]), block));
    return RS_OK;
}

static int v_allocation_delay(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    bool is_set;
    uint32_t delay;
    am_get_allocation_delay(e, abi_addr(ARG(0)), &is_set, &delay);
    rs_buf_word_bool(ret, is_set);
    rs_buf_word_u64(ret, delay);
    return RS_OK;
}

static int v_is_member(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_bool(ret, am_is_member_of_operator_set(e, abi_addr(ARG(0)), opset_of(ARG(1))));
}

static int v_is_operator_set(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_bool(ret, am_is_operator_set(e, opset_of(ARG(0))));
}

/* address[] of one operator set's enumerable list (members or strategies). */
typedef uint64_t (*set_count_fn)(rs_env *e, am_opset s);
typedef rs_addr (*set_at_fn)(rs_env *e, am_opset s, uint64_t i);

static int ret_set_addrs(rs_env *e, const abi_val *set, set_count_fn count, set_at_fn at, rs_buf *ret) {
    am_opset s = opset_of(set);
    uint64_t n = count(e, s);
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, n);
    for (uint64_t i = 0; i < n; i++) rs_buf_word_addr(ret, at(e, s, i));
    return RS_OK;
}

static int v_members(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ret_set_addrs(e, ARG(0), am_get_member_count, am_member_at, ret);
}

static int v_member_count(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_u64(ret, am_get_member_count(e, opset_of(ARG(0))));
}

static int v_avs_registrar(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_addr(ret, am_get_avs_registrar(e, abi_addr(ARG(0))));
}

static int v_strategies_in_set(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ret_set_addrs(e, ARG(0), am_strategy_count, am_strategy_at, ret);
}

/* uint256[][] of operators × strategies. */
static int put_stake_matrix(rs_env *e, rs_buf *ret, const abi_val *args, uint32_t future_block, bool slashable) {
    am_opset s = opset_of(ARG(0));
    const abi_val *ops = ARG(1), *st = ARG(2);
    size_t n = ops->n, m = st->n;
    rs_buf_word_u64(ret, 32);
    rs_buf_word_u64(ret, n);
    for (size_t i = 0; i < n; i++) rs_buf_word_u64(ret, 32 * n + i * (32 + 32 * m));
    for (size_t i = 0; i < n; i++) {
        rs_buf_word_u64(ret, m);
        for (size_t j = 0; j < m; j++) {
            u256 v;
            rs_addr op = abi_addr(&ops->items[i]), strategy = abi_addr(&st->items[j]);
            int rc = slashable ? am_minimum_slashable_stake(e, s, op, strategy, future_block, &v)
                               : am_minimum_allocated_stake(e, s, op, strategy, future_block, &v);
            if (rc) return rc;
            rs_buf_word(ret, v);
        }
    }
    return RS_OK;
}

static int v_minimum_slashable_stake(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return put_stake_matrix(e, ret, args, (uint32_t)abi_u64(ARG(3)), true);
}

static int v_allocated_stake(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return put_stake_matrix(e, ret, args, (uint32_t)e->block_number, false);
}

static int v_is_operator_slashable(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_bool(ret, am_is_operator_slashable(e, abi_addr(ARG(0)), opset_of(ARG(1))));
}

static int v_slasher(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_addr(ret, am_get_slasher(e, opset_of(ARG(0))));
}

static int v_pending_slasher(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    rs_addr pending;
    uint32_t eb;
    am_get_pending_slasher(e, opset_of(ARG(0)), &pending, &eb);
    rs_buf_word_addr(ret, pending);
    rs_buf_word_u64(ret, eb);
    return RS_OK;
}

static int v_redistribution_recipient(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    am_opset s = opset_of(ARG(0));
    return ok_addr(ret, am_get_redistribution_recipient(e, s.avs, s.id));
}

static int v_is_redistributing(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    am_opset s = opset_of(ARG(0));
    return ok_bool(ret, am_is_redistributing_operator_set(e, s.avs, s.id));
}

static int v_slash_count(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    rs_buf_word(ret, am_get_slash_count(e, opset_of(ARG(0))));
    return RS_OK;
}

static int v_is_operator_redistributable(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    UNUSED_HANDLER_ARGS;
    return ok_bool(ret, am_is_operator_redistributable(e, abi_addr(ARG(0))));
}

/* Views and storage getters both contracts expose. */
#define AM_VIEW_METHODS                                                                                      \
    {"delegation()", m_delegation, false, 0, NULL},                                                          \
    {"eigenStrategy()", m_eigen_strategy, false, 0, NULL},                                                   \
    {"DEALLOCATION_DELAY()", m_deallocation_delay, false, 0, NULL},                                          \
    {"ALLOCATION_CONFIGURATION_DELAY()", m_allocation_configuration_delay, false, 0, NULL},                  \
    {"SLASHER_CONFIGURATION_DELAY()", m_slasher_configuration_delay, false, 0, NULL},                        \
    {"getOperatorSetCount(address)", v_operator_set_count, false, 0, NULL},                                  \
    {"getAllocatedSets(address)", v_allocated_sets, false, 0, NULL},                                         \
    {"getAllocatedStrategies(address,(address,uint32))", v_allocated_strategies, false, 0, NULL},            \
    {"getAllocation(address,(address,uint32),address)", v_allocation, false, 0, NULL},                       \
    {"getAllocations(address[],(address,uint32),address)", v_allocations, false, 0, NULL},                   \
    {"getStrategyAllocations(address,address)", v_strategy_allocations, false, 0, NULL},                     \
    {"getEncumberedMagnitude(address,address)", v_encumbered, false, 0, NULL},                               \
    {"getAllocatableMagnitude(address,address)", v_allocatable, false, 0, NULL},                             \
    {"getMaxMagnitude(address,address)", v_max_magnitude, false, 0, NULL},                                   \
    {"getMaxMagnitudes(address,address[])", v_max_magnitudes_op, false, 0, NULL},                            \
    {"getMaxMagnitudes(address[],address)", v_max_magnitudes_strategy, false, 0, NULL},                      \
    {"getMaxMagnitudesAtBlock(address,address[],uint32)", v_max_magnitudes_at_block, false, 0, NULL},        \
    {"getAllocationDelay(address)", v_allocation_delay, false, 0, NULL},                                     \
    {"getRegisteredSets(address)", v_registered_sets, false, 0, NULL},                                       \
    {"isMemberOfOperatorSet(address,(address,uint32))", v_is_member, false, 0, NULL},                        \
    {"isOperatorSet((address,uint32))", v_is_operator_set, false, 0, NULL},                                  \
    {"getMembers((address,uint32))", v_members, false, 0, NULL},                                             \
    {"getMemberCount((address,uint32))", v_member_count, false, 0, NULL},                                    \
    {"getAVSRegistrar(address)", v_avs_registrar, false, 0, NULL},                                           \
    {"getStrategiesInOperatorSet((address,uint32))", v_strategies_in_set, false, 0, NULL},                   \
    {"getMinimumSlashableStake((address,uint32),address[],address[],uint32)", v_minimum_slashable_stake,    \
     false, 0, NULL},                                                                                        \
    {"getAllocatedStake((address,uint32),address[],address[])", v_allocated_stake, false, 0, NULL},         \
    {"isOperatorSlashable(address,(address,uint32))", v_is_operator_slashable, false, 0, NULL},              \
    {"getSlasher((address,uint32))", v_slasher, false, 0, NULL},                                             \
    {"getPendingSlasher((address,uint32))", v_pending_slasher, false, 0, NULL},                              \
    {"getRedistributionRecipient((address,uint32))", v_redistribution_recipient, false, 0, NULL},            \
    {"isRedistributingOperatorSet((address,uint32))", v_is_redistributing, false, 0, NULL},                 \
    {"getSlashCount((address,uint32))", v_slash_count, false, 0, NULL},                                      \
    {"isOperatorRedistributable(address)", v_is_operator_redistributable, false, 0, NULL}

static rs_method am_methods[] = {
    {"initialize(uint256)", rs_method_already_initialized, false, 0, NULL},
    {"slashOperator(address,(address,uint32,address[],uint256[],string))", m_slash_operator, false, 0, NULL},
    {"modifyAllocations(address,((address,uint32),address[],uint64[])[])", m_modify_allocations, false, 0, NULL},
    {"clearDeallocationQueue(address,address[],uint16[])", m_clear_deallocation_queue, false, 0, NULL},
    {"registerForOperatorSets(address,(address,uint32[],bytes))", m_register, false, 0, NULL},
    {"deregisterFromOperatorSets((address,address,uint32[]))", m_deregister, false, 0, NULL},
    {"setAllocationDelay(address,uint32)", m_set_allocation_delay, false, 0, NULL},
    {"setAVSRegistrar(address,address)", m_set_avs_registrar, false, 0, NULL},
    {"updateAVSMetadataURI(address,string)", m_update_avs_metadata_uri, false, 0, NULL},
    {"createOperatorSets(address,(uint32,address[])[])", m_create_sets_v1, false, 0, NULL},
    {"createOperatorSets(address,(uint32,address[],address)[])", m_create_sets_v2, false, 0, NULL},
    {"createRedistributingOperatorSets(address,(uint32,address[])[],address[])", m_create_redistributing_v1, false,
     0, NULL},
    {"createRedistributingOperatorSets(address,(uint32,address[],address)[],address[])", m_create_redistributing_v2,
     false, 0, NULL},
    {"addStrategiesToOperatorSet(address,uint32,address[])", m_add_strategies, false, 0, NULL},
    {"removeStrategiesFromOperatorSet(address,uint32,address[])", m_remove_strategies, false, 0, NULL},
    {"updateSlasher((address,uint32),address)", m_update_slasher, false, 0, NULL},
    {"migrateSlashers((address,uint32)[])", m_migrate_slashers, false, 0, NULL},
    {"permissionController()", m_permission_controller, false, 0, NULL},
    {"viewImplementation()", m_view_implementation, false, 0, NULL},
    PAUSABLE_METHODS,
    AM_VIEW_METHODS,
};

static rs_method view_methods[] = {AM_VIEW_METHODS};

int rs_contract_allocation_manager(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, am_methods, sizeof am_methods / sizeof am_methods[0], msg, ret);
}

/* Called directly (not through the AllocationManager's delegatecall), the view
 * contract reads its own storage, which is empty: views answer from an empty
 * state, as on Ethereum. See docs/differences.md. */
int rs_contract_allocation_manager_view(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    rs_state *own = rs_state_new();
    if (!own) abort();
    rs_state *shared = e->st;
    e->st = own;
    int rc = rs_dispatch_table(e, view_methods, sizeof view_methods / sizeof view_methods[0], msg, ret);
    e->st = shared;
    rs_state_free(own);
    return rc;
}
