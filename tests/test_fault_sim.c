/* Deterministic fault simulation (tests/fault_sim.h): a few seeded runs of
 * the node over a storage layer that fails, tears and loses writes and
 * fsyncs, with kills and power cuts; after every recovery every
 * acknowledged transaction is present, and at the end the state root
 * equals a replay from genesis. Seeds: $RESTAKE_SEED (one number, or
 * FIRST:COUNT), default 1:3; each is printed so a failure can be replayed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <unistd.h>

#include "fault_sim.h"
#include "test_util.h"

enum { STEPS = 150 };

static void test_fault_sim(void **state) {
    (void)state;
    uint64_t first = 1, count = 3;
    const char *env = getenv("RESTAKE_SEED");
    if (env && *env) {
        char *end;
        first = strtoull(env, &end, 0);
        count = *end == ':' ? strtoull(end + 1, NULL, 0) : 1;
    }
    size_t glen = 0;
    char *g = slurp("genesis/devnet.json", &glen);
    assert_non_null(g);
    for (uint64_t seed = first; seed < first + count; seed++) {
        fs_run r = {.genesis = g, .genesis_len = glen};
        snprintf(r.dir, sizeof r.dir, "%s/restake_fault_sim_XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        assert_non_null(mkdtemp(r.dir));
        fs_st = (fs_stats){0};
        bool ok = fs_run_seed(&r, seed, STEPS);
        printf("fault_sim: seed %llu: %s; %llu acknowledged, %llu write errors seen by clients, %llu I/O ops, "
               "faults: %llu ENOSPC, %llu EIO, %llu torn, %llu lost fsyncs, %llu read EIO; %llu kills "
               "(%llu unsynced writes lost, %llu kept at the power cuts), %llu restarts\n",
               (unsigned long long)seed, ok ? "ok" : r.failure, (unsigned long long)fs_st.acked,
               (unsigned long long)fs_st.write_errors, (unsigned long long)fs_st.io_ops,
               (unsigned long long)fs_st.write_full, (unsigned long long)fs_st.write_eio,
               (unsigned long long)fs_st.torn, (unsigned long long)fs_st.lost_fsync,
               (unsigned long long)fs_st.read_eio, (unsigned long long)fs_st.kills,
               (unsigned long long)fs_st.lost_on_cut, (unsigned long long)fs_st.kept_on_cut,
               (unsigned long long)fs_st.restarts);
        fflush(stdout);
        if (ok && fs_dir_remove(r.dir) != 0) ok = false;
        free(r.acked);
        assert_true(ok);
    }
    free(g);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_fault_sim)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
