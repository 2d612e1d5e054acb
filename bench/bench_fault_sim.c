/* The long fault simulation (tests/fault_sim.h): seeds FIRST..FIRST+COUNT-1,
 * each a run of STEPS client actions over the fault-injecting storage with
 * kills and power cuts. Prints the totals; a failing seed is printed and
 * counted (replay it with RESTAKE_SEED=seed build/test_fault_sim).
 * usage: bench_fault_sim [first] [count] [steps]   (run from the source root;
 * steps default 50: the same fault and kill rates per action as the test's
 * 150, so a long run spends its time on more seeds) */
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

/* One line of key=value totals: bench/fault_sim.sh adds up the lines of
 * its processes, and a progress line carries the same keys. */
static void print_totals(const char *what, uint64_t seeds, int steps, uint64_t failed, const uint64_t outcome[4],
                         const fs_stats *t) {
    printf("bench_fault_sim %s: seeds=%llu steps=%d failed=%llu lost=%llu divergent=%llu unopenable=%llu acked=%llu "
           "write_errors=%llu io_ops=%llu enospc=%llu eio_write=%llu torn=%llu lost_fsync=%llu read_eio=%llu "
           "kills=%llu restarts=%llu cut_lost=%llu cut_kept=%llu s_open=%.2f s_act=%.2f s_check=%.2f "
           "s_replay=%.2f\n",
           what, (unsigned long long)seeds, steps, (unsigned long long)failed, (unsigned long long)outcome[FS_LOST],
           (unsigned long long)outcome[FS_DIVERGENT], (unsigned long long)outcome[FS_UNOPENABLE],
           (unsigned long long)t->acked, (unsigned long long)t->write_errors, (unsigned long long)t->io_ops,
           (unsigned long long)t->write_full, (unsigned long long)t->write_eio, (unsigned long long)t->torn,
           (unsigned long long)t->lost_fsync, (unsigned long long)t->read_eio, (unsigned long long)t->kills,
           (unsigned long long)t->restarts, (unsigned long long)t->lost_on_cut, (unsigned long long)t->kept_on_cut,
           t->ns_open / 1e9, t->ns_act / 1e9, t->ns_check / 1e9, t->ns_replay / 1e9);
    fflush(stdout);
}

static void add_stats(fs_stats *t, const fs_stats *s) {
    t->acked += s->acked, t->write_errors += s->write_errors, t->io_ops += s->io_ops;
    t->write_full += s->write_full, t->write_eio += s->write_eio, t->torn += s->torn;
    t->lost_fsync += s->lost_fsync, t->read_eio += s->read_eio, t->kills += s->kills;
    t->lost_on_cut += s->lost_on_cut, t->kept_on_cut += s->kept_on_cut, t->restarts += s->restarts;
    t->ns_open += s->ns_open, t->ns_act += s->ns_act, t->ns_check += s->ns_check, t->ns_replay += s->ns_replay;
}

enum { PROGRESS_SEEDS = 500 }; /* a progress line every so many seeds */

int main(int argc, char **argv) {
    uint64_t first = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    uint64_t count = argc > 2 ? strtoull(argv[2], NULL, 0) : 100;
    int steps = argc > 3 ? atoi(argv[3]) : 50;
    size_t glen = 0;
    char *g = slurp_file("genesis/devnet.json", &glen);
    if (!g) {
        fprintf(stderr, "bench_fault_sim: run from the source root (genesis/devnet.json)\n");
        return 2;
    }
    fs_stats total = {0};
    uint64_t failed = 0, outcome[4] = {0};
    for (uint64_t seed = first; seed < first + count; seed++) {
        fs_run r = {.genesis = g, .genesis_len = glen};
        snprintf(r.dir, sizeof r.dir, "%s/restake_fault_sim_XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        if (!mkdtemp(r.dir)) return 1;
        fs_st = (fs_stats){0};
        if (!fs_run_seed(&r, seed, steps)) {
            failed++;
            outcome[r.outcome]++;
            printf("bench_fault_sim: seed %llu FAILED: %s (data kept in %s)\n", (unsigned long long)seed, r.failure,
                   r.dir);
        } else if (fs_dir_remove(r.dir) != 0) {
            fprintf(stderr, "bench_fault_sim: cannot remove %s\n", r.dir);
            return 1;
        }
        free(r.acked);
        add_stats(&total, &fs_st);
        uint64_t done = seed - first + 1;
        if (done % PROGRESS_SEEDS == 0 && done < count) print_totals("progress", done, steps, failed, outcome, &total);
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
    printf("bench_fault_sim: wall time by phase: %.2f s opening (recoveries), %.2f s client actions, %.2f s "
           "checking acknowledged transactions, %.2f s replaying from genesis\n",
           total.ns_open / 1e9, total.ns_act / 1e9, total.ns_check / 1e9, total.ns_replay / 1e9);
    print_totals("totals", count, steps, failed, outcome, &total);
    free(g);
    return failed ? 1 : 0;
}
