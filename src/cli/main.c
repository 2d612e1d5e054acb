/* restake: one binary, many small commands. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* A new command: define `const rs_command rs_cmd_<name>` in
 * src/cli/cmd_<name>.c, declare it in cli/cli.h, list it here. */
static const rs_command *const commands[] = {
    &rs_cmd_devnet,
    &rs_cmd_node,
    &rs_cmd_conformance,
    &rs_cmd_version,
    &rs_cmd_rewards,
    &rs_cmd_pod,
    &rs_cmd_statetest,
    &rs_cmd_risk,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const rs_command *find(const char *name) {
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0) return commands[i];
    return NULL;
}

static void usage(FILE *f) {
    fputs("usage: restake <command> [options]\n\n"
          "restake is the EigenLayer restaking protocol as a native state machine.\n\ncommands:\n",
          f);
    fprintf(f, "  %-12s %s\n", "help", "show this help, or `restake help <command>`");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
}

static int help(int argc, char **argv) {
    if (argc < 2) {
        usage(stdout);
        return 0;
    }
    const rs_command *c = find(argv[1]);
    if (!c) {
        fprintf(stderr, "restake help: unknown command '%s'\n", argv[1]);
        return 2;
    }
    fputs(c->usage, stdout);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (rs_cli_is_help(name) || strcmp(name, "help") == 0) return help(argc - 1, argv + 1);
    if (strcmp(name, "--version") == 0) name = "version";
    const rs_command *c = find(name);
    if (!c) {
        fprintf(stderr, "restake: unknown command '%s' (see `restake help`)\n", name);
        return 2;
    }
    return c->run(argc - 1, argv + 1);
}
