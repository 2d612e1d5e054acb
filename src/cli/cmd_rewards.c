/* restake rewards: build a distribution tree from cumulative earnings and
 * print its root and every claim proof, or the processClaim calldata of one
 * earner's claim. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "protocol/rewards.h"
#include "restake/hex.h"

static const char USAGE[] =
    "usage: restake rewards tree FILE\n"
    "       restake rewards claim FILE --earner ADDR [--root-index N] [--recipient ADDR]\n"
    "\n"
    "FILE is a JSON object of cumulative earnings, {earner: {token: amount}}, with\n"
    "amounts as decimal strings (or 0x hex strings, or JSON integers).\n"
    "\n"
    "tree   prints the distribution root and, for each earner, its index, token\n"
    "       root and earner proof, and for each token its index and proof, as JSON.\n"
    "       Earners, and each earner's tokens, are placed in ascending address order;\n"
    "       each tree is padded with zero leaves to a power of two, as the\n"
    "       RewardsCoordinator's Merkle library expects.\n"
    "claim  prints the processClaim(claim, recipient) calldata claiming every token\n"
    "       of the earner against the root at --root-index (default 0); the\n"
    "       recipient defaults to the earner.\n"
    "\n"
    "exit status: 0 on success, 2 on bad arguments or an unreadable FILE.\n";

/* The earnings of a file, sorted. */
typedef struct {
    rc_tree_earner *earners;
    size_t n;
    rc_token_leaf *tokens; /* all earners' tokens, earner by earner */
} earnings;

static void earnings_free(earnings *w) {
    free(w->earners);
    free(w->tokens);
    memset(w, 0, sizeof *w);
}

static int cmp_token(const void *a, const void *b) {
    return rs_addr_cmp(((const rc_token_leaf *)a)->token, ((const rc_token_leaf *)b)->token);
}

static int cmp_earner(const void *a, const void *b) {
    return rs_addr_cmp(((const rc_tree_earner *)a)->earner, ((const rc_tree_earner *)b)->earner);
}

static bool parse_amount(json_t *v, u256 *out) {
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i < 0) return false;
        *out = u256_from_u64((uint64_t)i);
        return true;
    }
    if (!json_is_string(v)) return false;
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return u256_from_hex(out, s, len);
    return u256_from_dec(out, s, len);
}

static bool fail(const char *path, const char *msg, const char *what) {
    fprintf(stderr, "restake rewards: %s: %s%s%s\n", path, msg, what ? ": " : "", what ? what : "");
    return false;
}

static bool load_earnings(const char *path, earnings *w) {
    memset(w, 0, sizeof *w);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        fprintf(stderr, "restake rewards: %s:%d: %s\n", path, jerr.line, jerr.text);
        return false;
    }
    bool ok = json_is_object(root) && json_object_size(root) > 0;
    if (!ok) fail(path, "expected a non-empty object {earner: {token: amount}}", NULL);
    size_t ntokens = 0;
    const char *key;
    json_t *val;
    if (ok) json_object_foreach(root, key, val) {
        if (!json_is_object(val) || json_object_size(val) == 0) {
            ok = fail(path, "an earner needs a non-empty object {token: amount}", key);
            break;
        }
        ntokens += json_object_size(val);
    }
    if (ok) {
        w->n = json_object_size(root);
        w->earners = calloc(w->n, sizeof *w->earners);
        w->tokens = calloc(ntokens, sizeof *w->tokens);
        ok = w->earners && w->tokens;
    }
    size_t ei = 0, ti = 0;
    if (ok) json_object_foreach(root, key, val) {
        rc_tree_earner *er = &w->earners[ei++];
        if (!rs_addr_from_hex(&er->earner, key)) {
            ok = fail(path, "not an address", key);
            break;
        }
        er->tokens = &w->tokens[ti];
        er->ntokens = json_object_size(val);
        const char *tk;
        json_t *amount;
        json_object_foreach(val, tk, amount) {
            rc_token_leaf *leaf = &w->tokens[ti++];
            if (!rs_addr_from_hex(&leaf->token, tk)) {
                ok = fail(path, "not a token address", tk);
                break;
            }
            if (!parse_amount(amount, &leaf->cumulative_earnings)) {
                ok = fail(path, "amount is not a uint256", tk);
                break;
            }
        }
        if (!ok) break;
        qsort(w->tokens + (er->tokens - w->tokens), er->ntokens, sizeof *er->tokens, cmp_token);
        for (size_t j = 1; ok && j < er->ntokens; j++)
            if (rs_addr_eq(er->tokens[j - 1].token, er->tokens[j].token)) ok = fail(path, "token listed twice", key);
    }
    if (ok) {
        qsort(w->earners, w->n, sizeof *w->earners, cmp_earner);
        for (size_t i = 1; ok && i < w->n; i++)
            if (rs_addr_eq(w->earners[i - 1].earner, w->earners[i].earner)) ok = fail(path, "earner listed twice", NULL);
    }
    json_decref(root);
    if (!ok) earnings_free(w);
    return ok;
}

static void print_raw_hex(FILE *f, const uint8_t *p, size_t n) {
    static const char digits[] = "0123456789abcdef";
    fputs("0x", f);
    for (size_t i = 0; i < n; i++) {
        fputc(digits[p[i] >> 4], f);
        fputc(digits[p[i] & 15], f);
    }
}

static void print_hex(FILE *f, const uint8_t *p, size_t n) {
    fputc('"', f);
    print_raw_hex(f, p, n);
    fputc('"', f);
}

static void print_addr(FILE *f, rs_addr a) {
    char s[43];
    rs_addr_to_checksum(a, s);
    fprintf(f, "\"%s\"", s);
}

static void print_tree(FILE *f, const rc_tree *t) {
    rs_b32 root = rc_tree_root(t);
    fputs("{\n  \"root\": ", f);
    print_hex(f, root.b, 32);
    fprintf(f, ",\n  \"earnerCount\": %zu,\n  \"earners\": [", t->nearners);
    for (size_t i = 0; i < t->nearners; i++) {
        rc_claim c;
        rc_claim_store s;
        rc_tree_claim(t, i, 0, &c, &s);
        fprintf(f, "%s\n    {\"earner\": ", i ? "," : "");
        print_addr(f, c.earner);
        fprintf(f, ", \"earnerIndex\": %u, \"earnerTokenRoot\": ", c.earner_index);
        print_hex(f, c.earner_token_root.b, 32);
        fputs(", \"earnerTreeProof\": ", f);
        print_hex(f, c.earner_proof.p, c.earner_proof.len);
        fputs(", \"tokens\": [", f);
        for (size_t j = 0; j < c.nleaves; j++) {
            char dec[79];
            u256_to_dec(c.token_leaves[j].cumulative_earnings, dec);
            fprintf(f, "%s{\"token\": ", j ? ", " : "");
            print_addr(f, c.token_leaves[j].token);
            fprintf(f, ", \"cumulativeEarnings\": \"%s\", \"tokenIndex\": %u, \"tokenTreeProof\": ", dec,
                    c.token_indices[j]);
            print_hex(f, c.token_proofs[j].p, c.token_proofs[j].len);
            fputc('}', f);
        }
        fputs("]}", f);
        rc_claim_store_free(&s);
    }
    fputs("\n  ]\n}\n", f);
}

static bool parse_u32(const char *s, uint32_t *out) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v > UINT32_MAX) return false;
    *out = (uint32_t)v;
    return true;
}

static int usage_error(const char *msg, const char *arg) {
    fprintf(stderr, "restake rewards: %s%s%s\n(see `restake rewards --help`)\n", msg, arg ? ": " : "", arg ? arg : "");
    return 2;
}

static int run_tree(int argc, char **argv) {
    if (argc != 2) return usage_error("tree takes exactly one FILE", NULL);
    earnings w;
    if (!load_earnings(argv[1], &w)) return 2;
    rc_tree t;
    if (!rc_tree_build(&t, w.earners, w.n)) {
        earnings_free(&w);
        return usage_error("cannot build the tree (out of memory)", NULL);
    }
    print_tree(stdout, &t);
    rc_tree_free(&t);
    earnings_free(&w);
    return 0;
}

static int run_claim(int argc, char **argv) {
    const char *file = NULL;
    rs_addr earner, recipient;
    bool have_earner = false, have_recipient = false;
    uint32_t root_index = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(a, "--earner") == 0) {
            if (!has_value || !rs_addr_from_hex(&earner, argv[++i])) return usage_error("--earner needs an address", NULL);
            have_earner = true;
        } else if (strcmp(a, "--recipient") == 0) {
            if (!has_value || !rs_addr_from_hex(&recipient, argv[++i]))
                return usage_error("--recipient needs an address", NULL);
            have_recipient = true;
        } else if (strcmp(a, "--root-index") == 0) {
            if (!has_value || !parse_u32(argv[++i], &root_index))
                return usage_error("--root-index needs a uint32", NULL);
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option", a);
        } else if (!file) {
            file = a;
        } else {
            return usage_error("more than one FILE", a);
        }
    }
    if (!file) return usage_error("claim needs a FILE", NULL);
    if (!have_earner) return usage_error("claim needs --earner", NULL);
    earnings w;
    if (!load_earnings(file, &w)) return 2;
    size_t index = w.n;
    for (size_t i = 0; i < w.n; i++)
        if (rs_addr_eq(w.earners[i].earner, earner)) index = i;
    if (index == w.n) {
        earnings_free(&w);
        return usage_error("the earner has no earnings in FILE", file);
    }
    rc_tree t;
    if (!rc_tree_build(&t, w.earners, w.n)) {
        earnings_free(&w);
        return usage_error("cannot build the tree (out of memory)", NULL);
    }
    rc_claim c;
    rc_claim_store s;
    rc_tree_claim(&t, index, root_index, &c, &s);
    rs_buf cd;
    rs_buf_init(&cd);
    rc_encode_process_claim(&cd, &c, have_recipient ? recipient : earner);
    print_raw_hex(stdout, cd.p, cd.len);
    fputc('\n', stdout);
    rs_buf_free(&cd);
    rc_claim_store_free(&s);
    rc_tree_free(&t);
    earnings_free(&w);
    return 0;
}

static int run(int argc, char **argv) {
    if (argc < 2) return usage_error("missing subcommand (tree or claim)", NULL);
    if (rs_cli_is_help(argv[1])) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (strcmp(argv[1], "tree") == 0) return run_tree(argc - 1, argv + 1);
    if (strcmp(argv[1], "claim") == 0) return run_claim(argc - 1, argv + 1);
    return usage_error("unknown subcommand", argv[1]);
}

const rs_command rs_cmd_rewards = {
    .name = "rewards",
    .summary = "build a rewards distribution tree, its proofs and claim calldata",
    .usage = USAGE,
    .run = run,
};
