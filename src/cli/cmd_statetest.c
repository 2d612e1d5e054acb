/* restake statetest: runs Ethereum state tests (Cancun entries). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "conformance/statetest.h"

static int run(int argc, char **argv) {
    if (argc < 2 || rs_cli_is_help(argv[1])) {
        fputs(rs_cmd_statetest.usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    int worst = 0;
    rs_statetest_counts c = {0};
    for (int i = 1; i < argc; i++) {
        int r = rs_statetest_run_file(argv[i], stdout, stderr, &c);
        if (r > worst) worst = r;
    }
    fprintf(stderr, "statetest: %lu passed, %lu failed\n", c.pass, c.fail);
    return worst == 0 ? 0 : (c.fail ? 1 : worst);
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
