/* The recovery gate: how many recoveries it admits, that one more waits
 * until a slot is left, and that a sealing miner takes a core back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "node/cpu_gate.h"

static void test_limits(void **state) {
    (void)state;
    rs_cpu_gate g;
    rs_cpu_gate_init(&g);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    assert_int_equal(g.cores, n < 1 ? 1 : (int)n);
    assert_int_equal(g.limit, g.cores + 2);
    rs_cpu_gate_miner_busy(&g, true);
    assert_int_equal(g.limit, g.cores > 1 ? g.cores - 1 : 1);
    rs_cpu_gate_miner_busy(&g, false);
    assert_int_equal(g.limit, g.cores + 2);
    rs_cpu_gate_destroy(&g);
}

typedef struct {
    rs_cpu_gate *g;
    atomic_int entered;
} waiter;

static void *enter_once(void *arg) {
    waiter *w = arg;
    rs_cpu_gate_enter(w->g);
    atomic_store(&w->entered, 1);
    rs_cpu_gate_leave(w->g);
    return NULL;
}

/* Starts a thread that enters once; it must still be waiting 50 ms later. */
static void start_blocked_waiter(waiter *w, pthread_t *t) {
    assert_int_equal(pthread_create(t, NULL, enter_once, w), 0);
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, NULL);
    assert_int_equal(atomic_load(&w->entered), 0);
}

static void test_full_gate_waits_for_a_slot(void **state) {
    (void)state;
    rs_cpu_gate g;
    rs_cpu_gate_init(&g);
    int limit = g.limit;
    for (int i = 0; i < limit; i++) rs_cpu_gate_enter(&g);
    assert_int_equal(g.in_use, limit);
    waiter w = {&g, 0};
    pthread_t t;
    start_blocked_waiter(&w, &t); /* every slot is taken */
    rs_cpu_gate_leave(&g);
    pthread_join(t, NULL);
    assert_int_equal(atomic_load(&w.entered), 1);
    assert_int_equal(g.in_use, limit - 1);
    for (int i = 0; i < limit - 1; i++) rs_cpu_gate_leave(&g);
    assert_int_equal(g.in_use, 0);
    rs_cpu_gate_destroy(&g);
}

/* Lowering the limit below the slots in use admits nobody until enough leave. */
static void test_busy_miner_holds_back_new_entries(void **state) {
    (void)state;
    rs_cpu_gate g;
    rs_cpu_gate_init(&g);
    int before = g.limit;
    for (int i = 0; i < before; i++) rs_cpu_gate_enter(&g);
    rs_cpu_gate_miner_busy(&g, true);
    int busy_limit = g.limit;
    for (int i = 0; i < before - busy_limit; i++) rs_cpu_gate_leave(&g);
    waiter w = {&g, 0};
    pthread_t t;
    start_blocked_waiter(&w, &t); /* in_use == busy limit */
    rs_cpu_gate_miner_busy(&g, false);           /* the miner is done: room again */
    pthread_join(t, NULL);
    assert_int_equal(atomic_load(&w.entered), 1);
    for (int i = 0; i < busy_limit; i++) rs_cpu_gate_leave(&g);
    assert_int_equal(g.in_use, 0);
    rs_cpu_gate_destroy(&g);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_full_gate_waits_for_a_slot),
        cmocka_unit_test(test_busy_miner_holds_back_new_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
