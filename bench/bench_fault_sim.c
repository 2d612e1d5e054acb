/* The long fault simulation (tests/fault_sim.h): seeds FIRST..FIRST+COUNT-1,
 * each a run of STEPS client actions over the fault-injecting storage with
 * kills and power cuts. Prints the totals; a failing seed is printed and
 * counted (replay it with RESTAKE_SEED=seed build/test_fault_sim).
 * usage: bench_fault_sim [first] [count] [steps]   (run from the source root) */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../tests/fault_sim.h"

static char *slurp_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(b);
        return NULL;
    }
    fclose(f);
    b[n] = 0;
    *len = (size_t)n;
    return b;
}

int main(int argc, char **argv) {
    uint64_t first = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    uint64_t count = argc > 2 ? strtoull(argv[2], NULL, 0) : 100;
    int steps = argc > 3 ? atoi(argv[3]) : 150;
    size_t glen = 0;
    char *g = slurp_file("genesis/devnet.json", &glen);
    if (!g) {
        fprintf(stderr, "bench_fault_sim: run from the source root (genesis/devnet.json)\n");
        return 2;
    }
    fs_stats total = {0};
    uint64_t failed = 0;
    for (uint64_t seed = first; seed < first + count; seed++) {
        fs_run r = {.genesis = g, .genesis_len = glen};
        snprintf(r.dir, sizeof r.dir, "%s/restake_fault_sim_XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        if (!mkdtemp(r.dir)) return 1;
        fs_st = (fs_stats){0};
        if (!fs_run_seed(&r, seed, steps)) {
            failed++;
            printf("bench_fault_sim: seed %llu FAILED: %s (data kept in %s)\n", (unsigned long long)seed, r.failure,
                   r.dir);
        } else {
            char cmd[200];
            snprintf(cmd, sizeof cmd, "rm -rf %s", r.dir);
            if (system(cmd) != 0) return 1;
        }
        free(r.acked);
        total.acked += fs_st.acked, total.write_errors += fs_st.write_errors, total.io_ops += fs_st.io_ops;
        total.write_full += fs_st.write_full, total.write_eio += fs_st.write_eio, total.torn += fs_st.torn;
        total.lost_fsync += fs_st.lost_fsync, total.read_eio += fs_st.read_eio, total.kills += fs_st.kills;
        total.lost_on_cut += fs_st.lost_on_cut, total.kept_on_cut += fs_st.kept_on_cut;
        total.restarts += fs_st.restarts;
    }
    printf("bench_fault_sim: seeds %llu..%llu (%d actions each): %llu failed; %llu transactions acknowledged, "
           "all present after every recovery; %llu write errors answered; %llu I/O ops; faults: %llu ENOSPC, "
           "%llu EIO writes, %llu torn writes, %llu lost fsyncs, %llu read EIO; %llu kills with power cuts "
           "(%llu unsynced writes lost, %llu kept); %llu restarts\n",
           (unsigned long long)first, (unsigned long long)(first + count - 1), steps, (unsigned long long)failed,
           (unsigned long long)total.acked, (unsigned long long)total.write_errors, (unsigned long long)total.io_ops,
           (unsigned long long)total.write_full, (unsigned long long)total.write_eio, (unsigned long long)total.torn,
           (unsigned long long)total.lost_fsync, (unsigned long long)total.read_eio, (unsigned long long)total.kills,
           (unsigned long long)total.lost_on_cut, (unsigned long long)total.kept_on_cut,
           (unsigned long long)total.restarts);
    free(g);
    return failed ? 1 : 0;
}
