/* EIP-712 domain separators and type hashes are remembered per (chain id,
 * major version, contract): the remembered values must equal a fresh
 * computation for every combination, also once more combinations are in
 * play than the memo holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "protocol/strategy.h"
#include "restake/env.h"
#include "restake/keccak.h"
#include "restake/router.h"

/* keccak(typehash ‖ keccak("EigenLayer") ‖ keccak(major) ‖ chainId ‖ contract), built by hand. */
static rs_b32 expected_separator(uint64_t chain_id, const char *version, rs_addr verifying) {
    static const char type[] = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
    uint8_t buf[160] = {0};
    rs_keccak256(type, strlen(type), buf);
    rs_keccak256("EigenLayer", 10, buf + 32);
    rs_keccak256(version, version[0] ? 1 : 0, buf + 64);
    for (int i = 0; i < 8; i++) buf[127 - i] = (uint8_t)(chain_id >> (8 * i));
    memcpy(buf + 140, verifying.b, 20);
    return rs_keccak(buf, sizeof buf);
}

static rs_addr addr_n(uint8_t n) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[0] = 0xd5;
    a.b[19] = n;
    return a;
}

static void test_separator_matches_fresh_computation(void **unused) {
    (void)unused;
    rs_params p;
    rs_params_defaults(&p);
    rs_env e;
    rs_env_init(&e, NULL, &p);
    rs_router_attach(&e);
    static const char *versions[] = {"1.9.0", "2.0.0", ""};
    /* 3 versions x 2 chains x 5 contracts = 30 combinations, more than the memo
     * holds, visited twice so that evicted entries are recomputed */
    for (int pass = 0; pass < 2; pass++)
        for (int v = 0; v < 3; v++)
            for (uint64_t chain = 1; chain <= 31337; chain += 31336)
                for (uint8_t c = 1; c <= 5; c++) {
                    memset(p.version, 0, sizeof p.version);
                    strcpy(p.version, versions[v]);
                    p.chain_id = chain;
                    rs_b32 got = sm_eip712_domain_separator(&e, addr_n(c));
                    rs_b32 want = expected_separator(chain, versions[v], addr_n(c));
                    assert_memory_equal(got.b, want.b, 32);
                }
    rs_env_free(&e);
}

/* Only the first character of version() enters the domain. */
static void test_minor_version_shares_the_separator(void **unused) {
    (void)unused;
    rs_params p;
    rs_params_defaults(&p);
    rs_env e;
    rs_env_init(&e, NULL, &p);
    rs_router_attach(&e);
    p.chain_id = 17000;
    strcpy(p.version, "1.2.3");
    rs_b32 a = sm_eip712_domain_separator(&e, addr_n(9));
    strcpy(p.version, "1.7.0");
    rs_b32 b = sm_eip712_domain_separator(&e, addr_n(9));
    assert_memory_equal(a.b, b.b, 32);
    strcpy(p.version, "2.0.0");
    rs_b32 c = sm_eip712_domain_separator(&e, addr_n(9));
    assert_memory_not_equal(a.b, c.b, 32);
    rs_env_free(&e);
}

static void test_deposit_typehash(void **unused) {
    (void)unused;
    static const char t[] =
        "Deposit(address staker,address strategy,address token,uint256 amount,uint256 nonce,uint256 expiry)";
    rs_b32 want = rs_keccak(t, strlen(t));
    for (int i = 0; i < 3; i++) assert_memory_equal(sm_deposit_typehash().b, want.b, 32);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_separator_matches_fresh_computation),
        cmocka_unit_test(test_minor_version_shares_the_separator),
        cmocka_unit_test(test_deposit_typehash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
