/* restake pod: EigenPod proofs from a devnet's offline beacon chain, printed
 * as calldata or sent with eth_sendTransaction (restake_podProofs, see
 * docs/devnet.md). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conformance/rpc_client.h"

static const char USAGE[] =
    "usage: restake pod ACTION --rpc URL --pod ADDR [--index N] [--send --from ADDR]\n"
    "\n"
    "Builds EigenPod proofs against the latest beacon root of a `restake devnet`\n"
    "node (its offline beacon chain) and prints the call, or sends it.\n"
    "\n"
    "actions:\n"
    "  credentials        verifyWithdrawalCredentials for the pod's unproven active validators\n"
    "  start-checkpoint   startCheckpoint(false)\n"
    "  checkpoint         verifyCheckpointProofs for the pod's active checkpoint\n"
    "  stale              verifyStaleBalance for a slashed validator (--index N, default: the first)\n"
    "\n"
    "options:\n"
    "  --rpc URL          the node (default http://127.0.0.1:8545)\n"
    "  --pod ADDR         the EigenPod, or its owner\n"
    "  --index N          validator index (stale only)\n"
    "  --send             send the call with eth_sendTransaction instead of printing it\n"
    "  --from ADDR        sender for --send (an unlocked dev account: the pod owner or its\n"
    "                     proof submitter; anyone for stale)\n"
    "\n"
    "Without --send, prints the node's answer: {to, data, beaconTimestamp, validators}.\n"
    "With --send, prints the transaction hash and exits 1 unless it succeeded.\n";

static const char *node_kind(const char *action) {
    if (!strcmp(action, "credentials")) return "credentials";
    if (!strcmp(action, "start-checkpoint")) return "startCheckpoint";
    if (!strcmp(action, "checkpoint")) return "checkpoint";
    if (!strcmp(action, "stale")) return "staleBalance";
    return NULL;
}

static void print_error(const char *what, json_t *error) {
    json_t *m = json_object_get(error, "message");
    fprintf(stderr, "restake pod: %s: %s\n", what, json_is_string(m) ? json_string_value(m) : "error");
    json_decref(error);
}

/* One call (params is consumed, as rs_rpc_client_call does); NULL after printing why. */
static json_t *call(rs_rpc_client *c, const char *method, json_t *params) {
    json_t *result = NULL, *error = NULL;
    char err[256];
    int rc = rs_rpc_client_call(c, method, params, &result, &error, err, sizeof err);
    if (rc == 1) print_error(method, error);
    if (rc < 0) fprintf(stderr, "restake pod: %s: %s\n", method, err);
    return rc == 0 ? result : NULL;
}

static int send(rs_rpc_client *c, const char *from, const json_t *proof) {
    json_t *tx = json_pack("{s:s, s:O, s:O}", "from", from, "to", json_object_get(proof, "to"), "data",
                           json_object_get(proof, "data"));
    json_t *hash = call(c, "eth_sendTransaction", json_pack("[o]", tx));
    if (!hash) return 1;
    printf("%s\n", json_string_value(hash));
    json_t *receipt = call(c, "eth_getTransactionReceipt", json_pack("[O]", hash));
    json_decref(hash);
    if (!receipt) return 1;
    json_t *status = json_object_get(receipt, "status");
    int ok = json_is_string(status) && !strcmp(json_string_value(status), "0x1");
    if (!ok) fprintf(stderr, "restake pod: the transaction failed (status %s)\n", json_string_value(status));
    json_decref(receipt);
    return ok ? 0 : 1;
}

static int run(int argc, char **argv) {
    const char *url = "http://127.0.0.1:8545", *pod = NULL, *from = NULL, *index = NULL, *action = NULL;
    bool do_send = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (rs_cli_is_help(a)) {
            fputs(USAGE, stdout);
            return 0;
        } else if (!strcmp(a, "--send")) {
            do_send = true;
        } else if (!strcmp(a, "--rpc") || !strcmp(a, "--pod") || !strcmp(a, "--from") || !strcmp(a, "--index")) {
            if (!v) {
                fprintf(stderr, "restake pod: %s needs a value\n", a);
                return 2;
            }
            *(!strcmp(a, "--rpc") ? &url : !strcmp(a, "--pod") ? &pod : !strcmp(a, "--from") ? &from : &index) = v;
            i++;
        } else if (!action && a[0] != '-') {
            action = a;
        } else {
            fprintf(stderr, "restake pod: unexpected argument '%s' (see --help)\n", a);
            return 2;
        }
    }
    const char *kind = action ? node_kind(action) : NULL;
    if (!kind) {
        fprintf(stderr, "restake pod: ACTION must be credentials, start-checkpoint, checkpoint or stale (see --help)\n");
        return 2;
    }
    if (!pod) {
        fprintf(stderr, "restake pod: --pod ADDR is required\n");
        return 2;
    }
    if (do_send && !from) {
        fprintf(stderr, "restake pod: --send needs --from ADDR\n");
        return 2;
    }
    json_t *params = json_pack("[s, s]", pod, kind);
    if (index) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(index, &end, 10);
        if (errno || end == index || *end || index[0] == '-') {
            fprintf(stderr, "restake pod: --index: '%s' is not a non-negative integer\n", index);
            json_decref(params);
            return 2;
        }
        json_array_append_new(params, json_integer((json_int_t)n));
    }
    char err[256];
    rs_rpc_client *c = rs_rpc_client_open(url, 30000, err, sizeof err);
    if (!c) {
        fprintf(stderr, "restake pod: %s\n", err);
        json_decref(params);
        return 1;
    }
    int rc = 1;
    json_t *proof = call(c, "restake_podProofs", params);
    if (proof && do_send) {
        rc = send(c, from, proof);
    } else if (proof) {
        char *text = json_dumps(proof, JSON_INDENT(2));
        if (text) printf("%s\n", text);
        free(text);
        rc = 0;
    }
    json_decref(proof);
    rs_rpc_client_close(c);
    return rc;
}

const rs_command rs_cmd_pod = {
    .name = "pod",
    .summary = "EigenPod proofs from a devnet's offline beacon chain (print or send)",
    .usage = USAGE,
    .run = run,
};
