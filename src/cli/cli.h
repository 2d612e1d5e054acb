/* The `restake` command table. Each command lives in src/cli/cmd_<name>.c and
 * exports one rs_command named rs_cmd_<name>; main.c lists them. */
#ifndef RESTAKE_CLI_H
#define RESTAKE_CLI_H

typedef struct {
    const char *name;
    const char *summary; /* one line, for `restake help` */
    const char *usage;   /* full help text, for `restake help <name>` and `<name> --help` */
    /* argv[0] is the command name; returns the process exit status. */
    int (*run)(int argc, char **argv);
} rs_command;

/* True when arg is -h or --help. */
int rs_cli_is_help(const char *arg);

extern const rs_command rs_cmd_conformance;
extern const rs_command rs_cmd_version;
extern const rs_command rs_cmd_rewards;
extern const rs_command rs_cmd_devnet;
extern const rs_command rs_cmd_node;
extern const rs_command rs_cmd_pod;
extern const rs_command rs_cmd_statetest;
extern const rs_command rs_cmd_risk;

#define RESTAKE_VERSION_STRING "0.1.0"

#endif
