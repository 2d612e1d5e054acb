/* restake risk: the risk reports of docs/risk.md — what a staker, an
 * operator, an operator set or an AVS stands to lose — read from any
 * endpoint through eth_call and eth_getLogs (--rpc), or computed by a
 * restake node in-process (--node); printed as tables, JSON or an HTML page. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/risk_render.h"
#include "cli/risk_rpc_source.h"
#include "conformance/rpc_client.h"
#include "risk/risk.h"

static const char USAGE[] =
    "usage: restake risk staker ADDR        [options]\n"
    "       restake risk operator ADDR      [options]\n"
    "       restake risk set AVS:ID         [options]\n"
    "       restake risk avs ADDR           [options]\n"
    "       restake risk stakers            [options]\n"
    "       restake risk whatif AVS:ID OPERATOR STRATEGY=WAD[,STRATEGY=WAD...] [--at-block N] [options]\n"
    "\n"
    "What a staker, operator, operator set or AVS stands to lose (docs/risk.md):\n"
    "slashable and redistributable stake per operator set now and at each pending\n"
    "allocation's effect block, the escape window of a withdrawal queued now, the\n"
    "drain bound of a compromised slasher and recipient, and what-if slashes.\n"
    "\n"
    "options:\n"
    "  --rpc URL         the endpoint (default http://127.0.0.1:8545); figures are read\n"
    "                    by eth_call of the core contracts' views, lists by eth_getLogs\n"
    "  --node            ask a restake node's restake_risk* methods at URL instead\n"
    "                    (the same figures, computed in-process)\n"
    "  --addresses FILE  JSON {\"delegationManager\": \"0x...\"} when the endpoint does not\n"
    "                    serve restake_addresses (the other contracts follow from it)\n"
    "  --block N         read at block N (default: the latest)\n"
    "  --at-block N      whatif: the block the slash lands in (default: the read block)\n"
    "  --json            print the report as JSON (the schema of docs/risk.md)\n"
    "  --html FILE       also write the report as one self-contained HTML page\n"
    "\n"
    "A line \"risk: DONE/TOTAL stakers\" on stderr follows long --rpc enumerations.\n"
    "exit status: 0 on success, 1 when the report cannot be read, 2 on bad arguments.\n";

typedef struct {
    const char *kind, *url, *addresses, *html;
    const char *pos[3];
    size_t npos;
    bool node, json, has_block, has_at;
    uint64_t block, at;
} opts;

static int usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, "restake risk: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(restake risk --help for usage)\n");
    return 2;
}

static bool parse_u64(const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    if (!s || !*s || strspn(s, "0123456789") != strlen(s)) return false;
    unsigned long long v = strtoull(s, &end, 10);
    *out = v;
    return errno == 0 && *end == 0 && v <= UINT32_MAX;
}

static int parse_opts(int argc, char **argv, opts *o) {
    memset(o, 0, sizeof *o);
    o->url = "http://127.0.0.1:8545";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;
        if (!strcmp(a, "--rpc") && more) o->url = argv[++i];
        else if (!strcmp(a, "--addresses") && more) o->addresses = argv[++i];
        else if (!strcmp(a, "--html") && more) o->html = argv[++i];
        else if (!strcmp(a, "--node")) o->node = true;
        else if (!strcmp(a, "--json")) o->json = true;
        else if (!strcmp(a, "--block") && more) {
            if (!parse_u64(argv[++i], &o->block)) return usage_error("--block: not a block number: %s", argv[i]);
            o->has_block = true;
        } else if (!strcmp(a, "--at-block") && more) {
            if (!parse_u64(argv[++i], &o->at)) return usage_error("--at-block: not a block number: %s", argv[i]);
            o->has_at = true;
        } else if (a[0] == '-' && a[1] == '-') return usage_error("unknown option or missing value: %s", a);
        else if (!o->kind) o->kind = a;
        else if (o->npos < 3) o->pos[o->npos++] = a;
        else return usage_error("unexpected argument: %s", a);
    }
    if (!o->kind) return usage_error("%s", "missing the report: staker, operator, set, avs, stakers or whatif");
    static const struct { const char *kind; size_t n; } K[] = {{"staker", 1}, {"operator", 1}, {"set", 1},
                                                               {"avs", 1},    {"stakers", 0},  {"whatif", 3}};
    for (size_t k = 0; k < sizeof K / sizeof *K; k++)
        if (!strcmp(o->kind, K[k].kind)) {
            if (o->npos != K[k].n) return usage_error("wrong number of arguments for %s", o->kind);
            if (o->has_at && strcmp(o->kind, "whatif")) return usage_error("%s", "--at-block is for whatif");
            return 0;
        }
    return usage_error("unknown report: %s", o->kind);
}

/* "AVS:ID" */
static bool parse_set(const char *s, rk_set *out) {
    const char *colon = strchr(s, ':');
    char a[64];
    uint64_t id;
    if (!colon || (size_t)(colon - s) >= sizeof a) return false;
    memcpy(a, s, (size_t)(colon - s));
    a[colon - s] = 0;
    return rk_parse_addr(a, &out->avs) && parse_u64(colon + 1, &id) && (out->id = (uint32_t)id, true);
}

/* the what-if object of restake_riskWhatIf from AVS:ID OPERATOR S=W,... */
static json_t *whatif_object(const opts *o) {
    rk_set set;
    rs_addr op;
    if (!parse_set(o->pos[0], &set) || !rk_parse_addr(o->pos[1], &op)) return NULL;
    json_t *st = json_array(), *wd = json_array();
    char *list = strdup(o->pos[2]), *save = NULL;
    bool ok = true;
    for (char *t = strtok_r(list, ",", &save); t && ok; t = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(t, '=');
        rs_addr s;
        if (!eq) ok = false;
        else {
            *eq = 0;
            ok = rk_parse_addr(t, &s) && eq[1];
            if (ok) {
                json_array_append_new(st, rk_json_addr(s));
                json_array_append_new(wd, json_string(eq + 1));
            }
        }
    }
    free(list);
    if (!ok || !json_array_size(st)) return json_decref(st), json_decref(wd), NULL;
    json_t *w = json_pack("{s:o,s:I,s:[{s:o,s:o,s:o}]}", "avs", rk_json_addr(set.avs), "operatorSetId",
                          (json_int_t)set.id, "slashes", "operator", rk_json_addr(op), "strategies", st, "wads", wd);
    if (o->has_at) json_object_set_new(w, "block", json_integer((json_int_t)o->at));
    return w;
}

/* ---- the report from the endpoint's views ---- */

static json_t *from_views(const opts *o, const json_t *whatif, char *err, size_t cap) {
    rk_rpc *r = rk_rpc_open(o->url, o->addresses, o->has_block, o->block, true, err, cap);
    if (!r) return NULL;
    rk_source *s = rk_rpc_source(r);
    json_t *rep = NULL;
    rk_set set;
    rs_addr a;
    if (!strcmp(o->kind, "stakers")) rep = rk_report_all(s);
    else if (!strcmp(o->kind, "set")) rep = parse_set(o->pos[0], &set) ? rk_report_set(s, set) : NULL;
    else if (!strcmp(o->kind, "whatif")) {
        rk_whatif w;
        if (rk_whatif_parse(whatif, &w, s->err, sizeof s->err) == 0) {
            rep = rk_report_whatif(s, &w);
            rk_whatif_free(&w);
        }
    } else if (rk_parse_addr(o->pos[0], &a)) {
        rep = !strcmp(o->kind, "staker")     ? rk_report_staker(s, a)
              : !strcmp(o->kind, "operator") ? rk_report_operator(s, a)
                                             : rk_report_avs(s, a);
    } else {
        snprintf(s->err, sizeof s->err, "not a 0x-prefixed 20-byte address: %s", o->pos[0]);
    }
    if (!rep) snprintf(err, cap, "%s", s->err);
    rk_rpc_close(r);
    return rep;
}

/* ---- the report from the node's restake_risk* ---- */

static json_t *from_node(const opts *o, const json_t *whatif, char *err, size_t cap) {
    json_t *params = json_array();
    const char *method = NULL;
    rk_set set;
    if (!strcmp(o->kind, "stakers")) method = "restake_riskAll";
    else if (!strcmp(o->kind, "whatif")) method = "restake_riskWhatIf", json_array_append(params, (json_t *)whatif);
    else if (!strcmp(o->kind, "set")) {
        if (!parse_set(o->pos[0], &set)) {
            json_decref(params);
            snprintf(err, cap, "not AVS:ID: %s", o->pos[0]);
            return NULL;
        }
        method = "restake_riskSet";
        json_array_append_new(params, rk_json_addr(set.avs));
        json_array_append_new(params, json_integer(set.id));
    } else {
        method = !strcmp(o->kind, "staker") ? "restake_riskStaker" : !strcmp(o->kind, "operator") ? "restake_riskOperator"
                                                                                                   : "restake_riskAvs";
        json_array_append_new(params, json_string(o->pos[0]));
    }
    if (o->has_block) {
        char tag[24];
        snprintf(tag, sizeof tag, "0x%llx", (unsigned long long)o->block);
        json_array_append_new(params, json_string(tag));
    }
    rs_rpc_client *c = rs_rpc_client_open(o->url, 600000, err, cap);
    if (!c) return json_decref(params), NULL;
    json_t *res = NULL, *e = NULL;
    int rc = rs_rpc_client_call(c, method, params, &res, &e, err, cap);
    rs_rpc_client_close(c);
    if (rc == 1) {
        snprintf(err, cap, "%s: %s", method, json_string_value(json_object_get(e, "message")));
        json_decref(e);
        return NULL;
    }
    return rc ? NULL : res;
}

static int run(int argc, char **argv) {
    for (int i = 1; i < argc; i++)
        if (rs_cli_is_help(argv[i])) return fputs(USAGE, stdout), 0;
    opts o;
    int code = parse_opts(argc, argv, &o);
    if (code) return code;
    json_t *whatif = NULL;
    if (!strcmp(o.kind, "whatif") && !(whatif = whatif_object(&o)))
        return usage_error("%s", "whatif wants AVS:ID OPERATOR STRATEGY=WAD[,STRATEGY=WAD...]");
    char err[512] = "";
    json_t *rep = o.node ? from_node(&o, whatif, err, sizeof err) : from_views(&o, whatif, err, sizeof err);
    json_decref(whatif);
    if (!rep) {
        fprintf(stderr, "restake risk: %s\n", err);
        return 1;
    }
    int rc = 0;
    if (o.json) {
        char *s = json_dumps(rep, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
    } else if (rs_risk_render_table(rep, stdout, err, sizeof err)) {
        fprintf(stderr, "restake risk: %s\n", err);
        rc = 1;
    }
    if (o.html && rs_risk_render_html(rep, o.html, err, sizeof err)) {
        fprintf(stderr, "restake risk: %s\n", err);
        rc = 1;
    }
    json_decref(rep);
    return rc;
}

const rs_command rs_cmd_risk = {
    .name = "risk",
    .summary = "what stakers, operators, operator sets and AVSs stand to lose (slashing and redistribution risk)",
    .usage = USAGE,
    .run = run,
};
