/* restake version */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int rs_cli_is_help(const char *arg) { return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0; }

static int run(int argc, char **argv) {
    if (argc > 1 && rs_cli_is_help(argv[1])) {
        fputs(rs_cmd_version.usage, stdout);
        return 0;
    }
    if (argc > 1) {
        fprintf(stderr, "restake version: unexpected argument '%s'\n", argv[1]);
        return 2;
    }
    printf("restake %s (EigenLayer core contracts f84a5151)\n", RESTAKE_VERSION_STRING);
    return 0;
}

const rs_command rs_cmd_version = {
    .name = "version",
    .summary = "print the version",
    .usage = "usage: restake version\n\nPrints restake's version and the reference contracts it reproduces.\n",
    .run = run,
};
