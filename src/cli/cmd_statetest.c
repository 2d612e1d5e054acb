/* restake statetest: runs Ethereum state tests (Cancun entries). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conformance/statetest.h"
#include "restake/limits.h"

typedef struct {
    int argc;
    char **argv;
} args;

static int run_files(int argc, char **argv) {
    int worst = 0;
    rs_statetest_counts c = {0};
    for (int i = 1; i < argc; i++) {
        int r = rs_statetest_run_file(argv[i], stdout, stderr, &c);
        if (r > worst) worst = r;
    }
    fprintf(stderr, "statetest: %lu passed, %lu failed\n", c.pass, c.fail);
    return worst == 0 ? 0 : (c.fail ? 1 : worst);
}

/* Exits from this thread, so its thread-local caches are still reachable
 * when the process ends (a leak checker then sees no loss). */
static void *worker(void *p) {
    const args *a = p;
    int status = run_files(a->argc, a->argv);
    fflush(stdout);
    exit(status);
}

static int run(int argc, char **argv) {
    if (argc < 2 || rs_cli_is_help(argv[1])) {
        fputs(rs_cmd_statetest.usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    /* A transaction nests up to RS_CALL_DEPTH_MAX frames, each several C
     * frames deep: the tests run on a thread whose stack holds that in any
     * build (sanitizers make frames several times larger). */
    args a = {argc, argv};
    pthread_attr_t attr;
    pthread_t th;
    if (pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, RS_STATETEST_STACK_BYTES) == 0 &&
        pthread_create(&th, &attr, worker, &a) == 0) {
        pthread_join(th, NULL); /* not reached: the worker exits the process */
    }
    return run_files(argc, argv);
}

const rs_command rs_cmd_statetest = {
    .name = "statetest",
    .summary = "run Ethereum state tests (GeneralStateTests JSON, Cancun)",
    .usage = "usage: restake statetest FILE...\n\n"
             "Applies each post.Cancun entry's transaction to the test's pre-state and compares\n"
             "the state root and logs hash. Prints one line per entry to stdout:\n"
             "  PASS <name> Cancun <d> <g> <v>\n"
             "  FAIL <name> Cancun <d> <g> <v> <reason>\n"
             "Diagnostics go to stderr. Exit status: 0 all passed, 1 some failed, 2 unreadable file.\n",
    .run = run,
};
