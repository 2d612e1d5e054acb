/* abi/<Contract>.json: the canonical ABIs of the core contracts at
 * eigenlayer-contracts v1.12.0 (from its pkg/bindings, see scripts/gen-abi).
 * Every function of each file is answered by the native contract's method
 * table (rs_dispatch_knows), its selector is the canonical one (fixed
 * values below, independent of the signature builder here), and every
 * selector, event topic and error selector the conformance vectors show for
 * a core contract is in that contract's file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <unistd.h>
#include <jansson.h>

#include "contracts/dispatch.h"
#include "restake/contracts.h"
#include "restake/hex.h"
#include "restake/keccak.h"

#define VEC_PATH_MAX 512 /* a vector file path, directory included */

#define VAULT_SEEDS_MAX 99 /* vault/vault_NNNN.json files looked for */

enum { SIG_MAX = 1024, TYPE_DEPTH_MAX = 8, ENTRIES_MAX = 512 };

static const struct {
    const char *name;
    rs_contract_fn fn;
} CONTRACTS[] = {
    {"DelegationManager", rs_contract_delegation_manager},
    {"StrategyManager", rs_contract_strategy_manager},
    {"AllocationManager", rs_contract_allocation_manager},
    {"AllocationManagerView", rs_contract_allocation_manager_view},
    {"AVSDirectory", rs_contract_avs_directory},
    {"RewardsCoordinator", rs_contract_rewards_coordinator},
    {"EigenPodManager", rs_contract_eigen_pod_manager},
    {"EigenPod", rs_contract_eigen_pod},
    {"PermissionController", rs_contract_permission_controller},
    {"StrategyFactory", rs_contract_strategy_factory},
    {"StrategyBase", rs_contract_strategy_base},
    {"PauserRegistry", rs_contract_pauser_registry},
    {"DurationVaultStrategy", rs_contract_duration_vault},
    {"EmissionsController", rs_contract_emissions_controller},
    {"Eigen", rs_contract_eigen},
    {"BackingEigen", rs_contract_backing_eigen},
};
enum { NCONTRACTS = sizeof CONTRACTS / sizeof CONTRACTS[0] };

/* Canonical functions the devnet does not implement (docs/differences.md):
 * the test fails if one of them starts being answered, so the list stays true. */
static const char *const NOT_NATIVE[] = {
    NULL, /* none: every canonical function is answered */
};

static json_t *load_abi(const char *name) {
    char path[256];
    snprintf(path, sizeof path, "abi/%s.json", name);
    json_error_t je;
    json_t *abi = json_load_file(path, 0, &je);
    if (!abi) fail_msg("%s: %s", path, je.text);
    assert_true(json_is_array(abi));
    assert_true(json_array_size(abi) <= ENTRIES_MAX);
    return abi;
}

/* A parameter's canonical type: tuples spelled out, array suffixes kept. */
static void put_type(const json_t *param, char *out, size_t cap, int depth) {
    assert_true(depth < TYPE_DEPTH_MAX);
    const char *t = json_string_value(json_object_get(param, "type"));
    assert_non_null(t);
    if (strncmp(t, "tuple", 5) != 0) {
        assert_true(strlen(out) + strlen(t) < cap);
        strcat(out, t);
        return;
    }
    strcat(out, "(");
    const json_t *comps = json_object_get(param, "components");
    for (size_t i = 0; i < json_array_size(comps); i++) {
        if (i) strcat(out, ",");
        put_type(json_array_get(comps, i), out, cap, depth + 1);
    }
    assert_true(strlen(out) + strlen(t + 5) + 1 < cap);
    strcat(out, ")");
    strcat(out, t + 5);
}

static void signature(const json_t *entry, char *out, size_t cap) {
    snprintf(out, cap, "%s(", json_string_value(json_object_get(entry, "name")));
    const json_t *ins = json_object_get(entry, "inputs");
    for (size_t i = 0; i < json_array_size(ins); i++) {
        if (i) strcat(out, ",");
        put_type(json_array_get(ins, i), out, cap, 0);
    }
    assert_true(strlen(out) + 1 < cap);
    strcat(out, ")");
}

static bool is_kind(const json_t *e, const char *kind) {
    const char *t = json_string_value(json_object_get(e, "type"));
    return t && !strcmp(t, kind);
}

static bool not_native(const char *contract, const char *sig) {
    char full[SIG_MAX + 64];
    snprintf(full, sizeof full, "%s.%s", contract, sig);
    for (size_t i = 0; i < sizeof NOT_NATIVE / sizeof NOT_NATIVE[0]; i++)
        if (NOT_NATIVE[i] && !strcmp(NOT_NATIVE[i], full)) return true;
    return false;
}

static void test_every_function_is_answered(void **state) {
    (void)state;
    size_t total = 0, answered = 0;
    for (size_t c = 0; c < NCONTRACTS; c++) {
        json_t *abi = load_abi(CONTRACTS[c].name);
        for (size_t i = 0; i < json_array_size(abi); i++) {
            const json_t *e = json_array_get(abi, i);
            if (!is_kind(e, "function")) continue;
            char sig[SIG_MAX];
            signature(e, sig, sizeof sig);
            bool knows = rs_dispatch_knows(CONTRACTS[c].fn, rs_selector_of(sig));
            bool expected = !not_native(CONTRACTS[c].name, sig);
            if (knows != expected)
                fail_msg("%s.%s: %s by the native contract", CONTRACTS[c].name, sig,
                         knows ? "answered, yet listed as not native" : "not answered");
            total++;
            answered += knows;
        }
        json_decref(abi);
    }
    assert_int_equal(total, 575);
    assert_int_equal(answered, 575);
}

/* The selector of a named function in a file, found by building its
 * signature; fails when the file has no such function. */
static uint32_t selector_in(const char *contract, const char *name, int overload) {
    json_t *abi = load_abi(contract);
    uint32_t sel = 0;
    int seen = 0;
    for (size_t i = 0; i < json_array_size(abi) && !sel; i++) {
        const json_t *e = json_array_get(abi, i);
        if (!is_kind(e, "function") || strcmp(json_string_value(json_object_get(e, "name")), name) != 0) continue;
        if (seen++ != overload) continue;
        char sig[SIG_MAX];
        signature(e, sig, sizeof sig);
        sel = rs_selector_of(sig);
    }
    json_decref(abi);
    if (!sel) fail_msg("%s has no function %s", contract, name);
    return sel;
}

/* Values computed independently (cast sig) from the canonical signatures. */
static void test_canonical_selectors(void **state) {
    (void)state;
    assert_int_equal(selector_in("StrategyManager", "depositIntoStrategy", 0), 0xe7a050aa);
    assert_int_equal(selector_in("DelegationManager", "delegateTo", 0), 0xeea9064b);
    assert_int_equal(selector_in("DelegationManager", "queueWithdrawals", 0), 0x0dd8dd02);
    assert_int_equal(selector_in("AllocationManager", "registerForOperatorSets", 0), 0xadc2e3d9);
    assert_int_equal(selector_in("AllocationManager", "slashOperator", 0), 0x36352057);
}

/* ---- the conformance vectors ---- */

typedef struct {
    rs_addr addr;
    size_t contract;
} addr_entry;

typedef struct {
    addr_entry map[ENTRIES_MAX];
    size_t n;
    uint32_t *errors; /* every error selector of every file: reverts bubble up */
    size_t nerrors;
    json_t *abis[NCONTRACTS];
    size_t calls, logs, reverts;
} vec_ctx;

static void map_add(vec_ctx *v, const char *hex, size_t contract) {
    rs_addr a;
    if (!hex || rs_hex_decode(hex, strlen(hex), a.b, 20) != 20) return;
    assert_true(v->n < ENTRIES_MAX);
    v->map[v->n++] = (addr_entry){a, contract};
}

static long contract_at(const vec_ctx *v, const char *hex) {
    rs_addr a;
    if (!hex || rs_hex_decode(hex, strlen(hex), a.b, 20) != 20) return -1;
    for (size_t i = 0; i < v->n; i++)
        if (rs_addr_eq(v->map[i].addr, a)) return (long)v->map[i].contract;
    return -1;
}

static bool abi_has(const json_t *abi, const char *kind, const uint8_t *want, size_t len) {
    for (size_t i = 0; i < json_array_size(abi); i++) {
        const json_t *e = json_array_get(abi, i);
        if (!is_kind(e, kind)) continue;
        char sig[SIG_MAX];
        signature(e, sig, sizeof sig);
        rs_b32 h = rs_keccak(sig, strlen(sig));
        if (!memcmp(h.b, want, len)) return true;
    }
    return false;
}

static size_t index_of(const char *name) {
    for (size_t c = 0; c < NCONTRACTS; c++)
        if (!strcmp(CONTRACTS[c].name, name)) return c;
    return NCONTRACTS;
}

/* genesis.contracts names of contracts whose file has another name. */
static size_t file_of(const char *name) {
    if (!strcmp(name, "EIGEN")) return index_of("Eigen");
    if (!strcmp(name, "bEIGEN")) return index_of("BackingEigen");
    return index_of(name);
}

static void build_map(vec_ctx *v, const json_t *genesis) {
    v->n = 0;
    const char *key;
    json_t *val;
    json_object_foreach(json_object_get(genesis, "contracts"), key, val) {
        size_t c = file_of(key);
        if (c < NCONTRACTS) map_add(v, json_string_value(val), c);
    }
    const json_t *strategies = json_object_get(genesis, "strategies");
    for (size_t i = 0; i < json_array_size(strategies); i++)
        map_add(v, json_string_value(json_object_get(json_array_get(strategies, i), "address")), index_of("StrategyBase"));
}

static void check_call(vec_ctx *v, const char *to, const char *calldata, const char *where) {
    long c = contract_at(v, to);
    uint8_t sel[4];
    if (c < 0 || !calldata || rs_hex_decode(calldata, strlen(calldata) < 10 ? strlen(calldata) : 10, sel, 4) != 4) return;
    if (!abi_has(v->abis[c], "function", sel, 4))
        fail_msg("%s: selector 0x%02x%02x%02x%02x is not in abi/%s.json", where, sel[0], sel[1], sel[2], sel[3],
                 CONTRACTS[c].name);
    v->calls++;
}

/* BeaconUpgraded: logged by a BeaconProxy's constructor, an event of the
 * proxy and not of the implementation whose ABI the file holds. */
static bool is_proxy_event(const uint8_t topic[32]) {
    rs_b32 h = rs_keccak("BeaconUpgraded(address)", 23);
    return !memcmp(h.b, topic, 32);
}

static void check_logs(vec_ctx *v, const json_t *logs, const char *where) {
    for (size_t i = 0; i < json_array_size(logs); i++) {
        const json_t *l = json_array_get(logs, i);
        long c = contract_at(v, json_string_value(json_object_get(l, "address")));
        const char *t0 = json_string_value(json_array_get(json_object_get(l, "topics"), 0));
        uint8_t topic[32];
        if (c < 0 || !t0 || rs_hex_decode(t0, strlen(t0), topic, 32) != 32) continue;
        if (is_proxy_event(topic)) continue;
        if (!abi_has(v->abis[c], "event", topic, 32))
            fail_msg("%s: event topic %s of %s is not in abi/%s.json", where, t0, CONTRACTS[c].name, CONTRACTS[c].name);
        v->logs++;
    }
}

static void check_revert(vec_ctx *v, const char *data, const char *where) {
    uint8_t sel[4];
    if (!data || strlen(data) < 10 || rs_hex_decode(data, 10, sel, 4) != 4) return;
    uint32_t s = (uint32_t)sel[0] << 24 | (uint32_t)sel[1] << 16 | (uint32_t)sel[2] << 8 | sel[3];
    if (s == 0x08c379a0 || s == 0x4e487b71) return; /* Error(string), Panic(uint256) */
    for (size_t i = 0; i < v->nerrors; i++)
        if (v->errors[i] == s) {
            v->reverts++;
            return;
        }
    fail_msg("%s: error selector %.10s is in no ABI file", where, data);
}

/* Every step's call, logs, revert data (when `reverts`) and views of a
 * loaded vector against the ABI files. */
static void check_steps(vec_ctx *v, const char *path, const json_t *root, bool reverts) {
    const json_t *steps = json_object_get(root, "steps");
    for (size_t i = 0; i < json_array_size(steps); i++) {
        const json_t *s = json_array_get(steps, i);
        char where[VEC_PATH_MAX + 32];
        snprintf(where, sizeof where, "%s step %zu", path, i);
        check_call(v, json_string_value(json_object_get(s, "to")), json_string_value(json_object_get(s, "calldata")),
                   where);
        check_logs(v, json_object_get(s, "logs"), where);
        if (reverts) check_revert(v, json_string_value(json_object_get(s, "revertData")), where);
        const json_t *views = json_object_get(s, "views");
        for (size_t k = 0; k < json_array_size(views); k++) {
            const json_t *w = json_array_get(views, k);
            check_call(v, json_string_value(json_object_get(w, "to")),
                       json_string_value(json_object_get(w, "calldata")), where);
        }
    }
}

/* The conformance vectors: $RESTAKE_VECTORS, else ../shared/conformance
 * beside the checkout (tests run in the source directory). */
static const char *vectors_dir(void) {
    const char *d = getenv("RESTAKE_VECTORS");
    return d && *d ? d : "../shared/conformance";
}

static void check_vector(vec_ctx *v, const char *path) {
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) fail_msg("%s: %s", path, je.text);
    build_map(v, json_object_get(root, "genesis"));
    check_steps(v, path, root, true);
    json_decref(root);
}

/* The vault suite's vaults (genesis has none: `deployed` names them) are
 * DurationVaultStrategy; its calls and logs to the core contracts and the
 * vaults must be in their files. Its reverts are not checked here: the
 * EmissionsController's errors are in no file of this list. */
static void check_vault_vector(vec_ctx *v, const char *path) {
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) fail_msg("%s: %s", path, je.text);
    build_map(v, json_object_get(root, "genesis"));
    const char *key;
    json_t *val;
    json_object_foreach(json_object_get(root, "deployed"), key, val)
        map_add(v, json_string_value(val), index_of("DurationVaultStrategy"));
    check_steps(v, path, root, false);
    json_decref(root);
}

static void test_vault_vectors(void **state) {
    (void)state;
    static vec_ctx v;
    memset(&v, 0, sizeof v);
    for (size_t c = 0; c < NCONTRACTS; c++) v.abis[c] = load_abi(CONTRACTS[c].name);
    size_t files = 0;
    for (int seed = 1; seed <= VAULT_SEEDS_MAX; seed++) {
        char path[VEC_PATH_MAX];
        snprintf(path, sizeof path, "%s/vault/vault_%04d.json", vectors_dir(), seed);
        if (access(path, R_OK) != 0) break;
        check_vault_vector(&v, path);
        files++;
    }
    for (size_t c = 0; c < NCONTRACTS; c++) json_decref(v.abis[c]);
    if (files == 0) skip();
    printf("vault vectors: %zu files, %zu calls, %zu logs checked\n", files, v.calls, v.logs);
    assert_true(v.calls > 0 && v.logs > 0);
}

static void test_conformance_vectors(void **state) {
    (void)state;
    const char *dir = vectors_dir();
    DIR *d = opendir(dir);
    if (!d) skip();
    static vec_ctx v;
    memset(&v, 0, sizeof v);
    v.errors = calloc(ENTRIES_MAX * NCONTRACTS, sizeof *v.errors);
    assert_non_null(v.errors);
    for (size_t c = 0; c < NCONTRACTS; c++) {
        v.abis[c] = load_abi(CONTRACTS[c].name);
        for (size_t i = 0; i < json_array_size(v.abis[c]); i++) {
            const json_t *e = json_array_get(v.abis[c], i);
            if (!is_kind(e, "error")) continue;
            char sig[SIG_MAX];
            signature(e, sig, sizeof sig);
            v.errors[v.nerrors++] = rs_selector_of(sig);
        }
    }
    size_t files = 0;
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0) continue;
        char path[VEC_PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        check_vector(&v, path);
        files++;
    }
    closedir(d);
    printf("conformance vectors: %zu files, %zu calls, %zu logs, %zu reverts checked\n", files, v.calls, v.logs,
           v.reverts);
    assert_true(files > 0 && v.calls > 0 && v.logs > 0 && v.reverts > 0);
    for (size_t c = 0; c < NCONTRACTS; c++) json_decref(v.abis[c]);
    free(v.errors);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_function_is_answered),
        cmocka_unit_test(test_canonical_selectors),
        cmocka_unit_test(test_conformance_vectors),
        cmocka_unit_test(test_vault_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
