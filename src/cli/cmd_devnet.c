/* restake devnet (alias: restake node): a local Ethereum JSON-RPC node with
 * the EigenLayer core contracts at fixed addresses. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain/mnemonic.h"
#include "cli/cli.h"
#include "cli/devnet_banner.h"
#include "node/node.h"
#include "restake/contracts.h"
#include "restake/hex.h"
#include "rpc/rpc.h"
#include "rpc/rpc_extra.h"

static const char USAGE[] =
    "usage: restake devnet [options]      (alias: restake node)\n"
    "\n"
    "Runs a local chain that every Ethereum client (cast, ethers, viem) can use,\n"
    "with the EigenLayer core contracts deployed at fixed addresses.\n"
    "\n"
    "options:\n"
    "  --host ADDR            IPv4 address to listen on (default 127.0.0.1)\n"
    "  --port N               TCP port (default 8545; 0 picks a free port)\n"
    "  --chain-id N           chain id (default: the genesis's, 31337 for the presets)\n"
    "  --block-time N         mine a block every N seconds (default: a block per transaction)\n"
    "  --data DIR             keep the chain in DIR (SQLite, fsync'd before a tx is acknowledged)\n"
    "  --in-memory            keep nothing on disk (the default without --data)\n"
    "  --genesis FILE         genesis JSON, or a conformance vector whose `genesis` is used\n"
    "  --preset NAME          shipped genesis: devnet (default; short delays) or mainnet\n"
    "  --snapshot-blocks N    full-state snapshot every N blocks (default 20000)\n"
    "  --replay-from-genesis  ignore snapshots when recovering (verification)\n"
    "  --allow-origin ORIGIN  send CORS headers for ORIGIN (comma-separated list, or *);\n"
    "                         default: none (e.g. --allow-origin http://localhost:3000)\n"
    "  --locked               no impersonation, no balance/nonce/code surgery, no unlocked\n"
    "                         accounts, no evm_revert (docs/security.md)\n"
    "  --balance N            each dev account's genesis balance in ETH (default 10000)\n"
    "  --timestamp T          the genesis block's unix time (default: the genesis file's)\n"
    "  --accounts N           dev accounts derived from the mnemonic (default 10, at most 1000)\n"
    "  --gas-limit N          block gas limit (alias --block-gas-limit; default 10^12)\n"
    "  --base-fee N           every block's base fee in wei (alias --block-base-fee-per-gas;\n"
    "                         default 1000000000)\n"
    "  --gas-price N          what eth_gasPrice suggests in wei (default: base fee + 1 gwei)\n"
    "  --load-state FILE      load a state file (anvil_dumpState's format) at start\n"
    "  --dump-state FILE      write the state file on exit (SIGINT, SIGTERM)\n"
    "  --state FILE           both: load FILE if it exists, write it on exit\n"
    "  --quiet                print only the listening address\n"
    "\n"
    "The ten accounts of the mnemonic \"" RS_DEVNET_MNEMONIC "\"\n"
    "are funded with 10000 ETH and unlocked for eth_sendTransaction.\n"
    "\n"
    "An offline beacon chain runs alongside (not when --genesis is a conformance\n"
    "vector): deposits make validators, every block publishes an EIP-4788 root,\n"
    "and restake_beacon* / restake_podProofs (docs/devnet.md) or `restake pod`\n"
    "steer it and prove against it.\n";

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 65536 > cap) {
            cap = cap ? cap * 2 : 1 << 20;
            char *nb = realloc(buf, cap);
            if (!nb) break;
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The source tree this file was compiled from (__FILE__ is absolute under
 * CMake): its genesis/ is found wherever the binary is run from. */
static void source_genesis_dir(char *out, size_t cap) {
    snprintf(out, cap, "%s", __FILE__);
    char *p = strstr(out, "/src/cli/");
    if (p)
        strcpy(p, "/genesis");
    else
        out[0] = 0;
}

/* Presets: $RESTAKE_GENESIS_DIR, ./genesis, next to the binary, the source tree. */
static char *read_preset(const char *name, size_t *len, char *path, size_t pathlen) {
    char src[PATH_MAX];
    source_genesis_dir(src, sizeof src);
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[k > 0 ? k : 0] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) *slash = 0;
    const char *env = getenv("RESTAKE_GENESIS_DIR");
    const char *dirs[] = {env, "genesis", exe, src[0] ? src : NULL};
    const char *subs[] = {"", "/../genesis", "/../share/restake/genesis"};
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        const char *base = d == 2 ? exe : dirs[d];
        if (!base) continue;
        for (size_t s = 0; s < 3; s++) {
            if (d != 2 && s > 0) break;
            snprintf(path, pathlen, "%s%s/%s.json", base, d == 2 ? subs[s] : "", name);
            char *t = read_file(path, len);
            if (t) return t;
        }
    }
    return NULL;
}

static bool parse_u64(const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-') return false;
    *out = v;
    return true;
}

static bool is_loopback_host(const char *host) {
    return !strcmp(host, "localhost") || !strncmp(host, "127.", 4);
}

static void print_accounts(const rs_node *n) {
    printf("\n                             restake devnet\n\nAvailable Accounts\n==================\n\n");
    for (uint32_t i = 0; i < n->ndev; i++) {
        char a[43];
        rs_addr_to_checksum(n->dev_addrs[i], a);
        printf("(%u) %s (%llu.000000000000000000 ETH)\n", i, a, (unsigned long long)(n->dev_balance_eth ? n->dev_balance_eth : 10000));
    }
    printf("\nPrivate Keys\n==================\n\n");
    for (uint32_t i = 0; i < n->ndev; i++) {
        char k[67];
        rs_hex_encode(n->dev_keys[i], 32, k);
        printf("(%u) %s\n", i, k);
    }
    printf("\nWallet\n==================\nMnemonic:          %s\nDerivation path:   m/44'/60'/0'/0/\n\n",
           RS_DEVNET_MNEMONIC);
    printf("Chain ID\n==================\n\n%llu\n\n", (unsigned long long)n->chain_id);
    rs_devnet_print_addresses(n);
}

/* --load-state: read and load through the miner, as anvil_loadState. */
static int load_state_file(rs_node *n, const char *path) {
    size_t len = 0;
    char *blob = read_file(path, &len);
    if (!blob) {
        fprintf(stderr, "restake devnet: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    char msg[256];
    uint64_t head = 0;
    if (rs_rpc_state_load(n, (uint8_t *)blob, len, &head, msg, sizeof msg) != 0) {
        fprintf(stderr, "restake devnet: %s: %s\n", path, msg);
        return 1;
    }
    fprintf(stderr, "restake devnet: loaded state from %s at block %llu\n", path, (unsigned long long)head);
    return 0;
}

/* --dump-state: written beside and renamed over, so a crash mid-write
 * never leaves a half file where a good one was. */
static int dump_state_file(rs_node *n, const char *path) {
    rs_buf b;
    rs_buf_init(&b);
    rs_rpc_state_dump(n, &b);
    char tmp[PATH_MAX + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(b.p, 1, b.len, f) == b.len;
    if (f) ok = (fflush(f) == 0 && fsync(fileno(f)) == 0) && ok, ok = fclose(f) == 0 && ok;
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        fprintf(stderr, "restake devnet: cannot write the state to %s: %s\n", path, strerror(errno));
        unlink(tmp);
    } else {
        fprintf(stderr, "restake devnet: state written to %s (%zu bytes)\n", path, b.len);
    }
    rs_buf_free(&b);
    return ok ? 0 : 1;
}

static int run(int argc, char **argv) {
    const char *host = "127.0.0.1", *data = NULL, *genesis = NULL, *preset = NULL, *origin = NULL;
    uint64_t port = 8545, chain_id = 0, block_time = 0, snap_blocks = 0, balance_eth = 0, genesis_ts = 0;
    uint64_t accounts = 10, gas_limit = 0, base_fee = 0, gas_price = 0;
    bool in_memory = false, replay = false, quiet = false, locked = false, has_base_fee = false, state_both = false;
    const char *load_state = NULL, *dump_state = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE                                                          \
    if (!v) {                                                               \
        fprintf(stderr, "restake devnet: %s needs a value\n", a);           \
        return 2;                                                           \
    }                                                                       \
    i++;
#define NUMBER(dst)                                                                 \
    NEED_VALUE if (!parse_u64(v, &dst)) {                                           \
        fprintf(stderr, "restake devnet: %s: '%s' is not a non-negative integer\n", a, v); \
        return 2;                                                                   \
    }
        if (rs_cli_is_help(a)) {
            fputs(USAGE, stdout);
            return 0;
        } else if (!strcmp(a, "--host")) {
            NEED_VALUE host = v;
        } else if (!strcmp(a, "--port")) {
            NUMBER(port)
        } else if (!strcmp(a, "--chain-id")) {
            NUMBER(chain_id)
        } else if (!strcmp(a, "--block-time")) {
            NUMBER(block_time)
        } else if (!strcmp(a, "--snapshot-blocks")) {
            NUMBER(snap_blocks)
        } else if (!strcmp(a, "--data")) {
            NEED_VALUE data = v;
        } else if (!strcmp(a, "--genesis")) {
            NEED_VALUE genesis = v;
        } else if (!strcmp(a, "--preset")) {
            NEED_VALUE preset = v;
        } else if (!strcmp(a, "--in-memory")) {
            in_memory = true;
        } else if (!strcmp(a, "--replay-from-genesis")) {
            replay = true;
        } else if (!strcmp(a, "--balance")) {
            NUMBER(balance_eth)
            if (balance_eth == 0 || balance_eth > 1000000000000ull) {
                fprintf(stderr, "restake devnet: --balance must be 1 to 10^12 ETH\n");
                return 2;
            }
        } else if (!strcmp(a, "--timestamp")) {
            NUMBER(genesis_ts)
            if (genesis_ts == 0 || genesis_ts > (1ull << 40)) {
                fprintf(stderr, "restake devnet: --timestamp must be a positive unix time\n");
                return 2;
            }
        } else if (!strcmp(a, "--accounts") || !strcmp(a, "-a")) {
            NUMBER(accounts)
            if (accounts == 0 || accounts > RS_DEV_ACCOUNTS_MAX) {
                fprintf(stderr, "restake devnet: --accounts must be 1 to %d\n", RS_DEV_ACCOUNTS_MAX);
                return 2;
            }
        } else if (!strcmp(a, "--gas-limit") || !strcmp(a, "--block-gas-limit")) {
            NUMBER(gas_limit)
            if (gas_limit < 21000 || gas_limit > RS_BLOCK_GAS_LIMIT) {
                fprintf(stderr, "restake devnet: %s must be 21000 to %llu\n", a, (unsigned long long)RS_BLOCK_GAS_LIMIT);
                return 2;
            }
        } else if (!strcmp(a, "--base-fee") || !strcmp(a, "--block-base-fee-per-gas")) {
            NUMBER(base_fee)
            has_base_fee = true;
        } else if (!strcmp(a, "--gas-price")) {
            NUMBER(gas_price)
        } else if (!strcmp(a, "--load-state")) {
            NEED_VALUE load_state = v;
        } else if (!strcmp(a, "--dump-state")) {
            NEED_VALUE dump_state = v;
        } else if (!strcmp(a, "--state")) {
            NEED_VALUE load_state = dump_state = v;
            state_both = true;
        } else if (!strcmp(a, "--quiet")) {
            quiet = true;
        } else if (!strcmp(a, "--locked")) {
            locked = true;
        } else if (!strcmp(a, "--allow-origin")) {
            NEED_VALUE origin = v;
        } else {
            fprintf(stderr, "restake devnet: unknown option '%s' (see --help)\n", a);
            return 2;
        }
#undef NEED_VALUE
#undef NUMBER
    }
    if (port > 65535) {
        fprintf(stderr, "restake devnet: --port %llu is out of range\n", (unsigned long long)port);
        return 2;
    }
    if (in_memory && data) {
        fprintf(stderr, "restake devnet: --in-memory and --data exclude each other\n");
        return 2;
    }
    if ((load_state || dump_state) && data) {
        fprintf(stderr, "restake devnet: --load-state/--dump-state/--state keep an in-memory chain; "
                        "a --data directory already keeps the chain (anvil_dumpState still works)\n");
        return 2;
    }
    if (state_both && access(load_state, F_OK) != 0) load_state = NULL; /* first run: nothing to load yet */
    if (genesis && preset) {
        fprintf(stderr, "restake devnet: --genesis and --preset exclude each other\n");
        return 2;
    }
    rs_node_config cfg = {.data_dir = data, .chain_id = chain_id, .block_time = block_time,
                          .dev_balance_eth = balance_eth, .genesis_timestamp = genesis_ts,
                          .snapshot_blocks = snap_blocks, .replay_from_genesis = replay,
                          .beacon_sim = true, .locked = locked, .dev_accounts = (uint32_t)accounts,
                          .gas_limit = gas_limit, .base_fee = base_fee, .has_base_fee = has_base_fee,
                          .gas_price = gas_price};
    char path[PATH_MAX + 64];
    char *gtext = NULL, *dtext = NULL;
    size_t glen = 0, dlen = 0;
    if (genesis) {
        gtext = read_file(genesis, &glen);
        if (!gtext) {
            fprintf(stderr, "restake devnet: cannot read %s: %s\n", genesis, strerror(errno));
            return 1;
        }
        cfg.genesis_json = gtext, cfg.genesis_len = glen, cfg.genesis_name = genesis;
    } else if (preset) {
        gtext = read_preset(preset, &glen, path, sizeof path);
        if (!gtext) {
            fprintf(stderr, "restake devnet: no preset '%s' (looked for genesis/%s.json)\n", preset, preset);
            return 1;
        }
        cfg.genesis_json = gtext, cfg.genesis_len = glen, cfg.genesis_name = path;
    } else {
        dtext = read_preset("devnet", &dlen, path, sizeof path);
        cfg.default_genesis_json = dtext, cfg.default_genesis_len = dlen;
        if (!dtext && !data)
            fprintf(stderr, "restake devnet: the devnet preset (genesis/devnet.json) was not found: "
                            "set RESTAKE_GENESIS_DIR or pass --genesis FILE\n");
    }
    char err[512] = "";
    rs_node *n = rs_node_open(&cfg, err, sizeof err);
    free(gtext);
    free(dtext);
    if (!n) {
        fprintf(stderr, "restake devnet: %s\n", err);
        return 1;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* threads inherit the mask; sigwait below takes them */
    signal(SIGPIPE, SIG_IGN);
    rs_node_start(n);
    if (load_state && load_state_file(n, load_state) != 0) {
        rs_node_close(n);
        return 1;
    }
    rs_rpc_options ro = {.host = host, .port = (uint16_t)port, .allow_origin = origin};
    rs_rpc_server *srv = rs_rpc_listen_opts(n, &ro, err, sizeof err);
    if (!srv) {
        fprintf(stderr, "restake devnet: %s\n", err);
        rs_node_close(n);
        return 1;
    }
    if (!is_loopback_host(host))
        fprintf(stderr, "restake devnet: WARNING: listening on %s, beyond loopback: anyone who can reach it "
                        "can use the node%s (docs/security.md)\n",
                host, locked ? "" : ", including the unlocked accounts and impersonation; consider --locked");
    if (!quiet && !locked) print_accounts(n);
    printf("Block %llu, %s, %s\nListening on %s:%u\n", (unsigned long long)rs_node_head(n).number,
           block_time ? "interval mining" : "automine", data ? "durable" : "in memory", host,
           (unsigned)rs_rpc_port(srv));
    fflush(stdout);
    int sig;
    sigwait(&set, &sig);
    /* the miner first: a pending interval block is sealed and committed now,
     * so clients waiting for it get their answer before the server stops */
    rs_node_stop(n);
    rs_rpc_stop(srv);
    int rc = dump_state ? dump_state_file(n, dump_state) : 0;
    rs_node_close(n);
    return rc;
}

const rs_command rs_cmd_devnet = {
    .name = "devnet",
    .summary = "run a local Ethereum JSON-RPC node with the core contracts deployed",
    .usage = USAGE,
    .run = run,
};

const rs_command rs_cmd_node = {
    .name = "node",
    .summary = "alias of devnet",
    .usage = USAGE,
    .run = run,
};
