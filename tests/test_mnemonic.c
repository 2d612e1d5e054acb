/* The devnet accounts must be exactly the ones anvil/hardhat derive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "chain/mnemonic.h"
#include "restake/hex.h"

static const char *ANVIL[10][2] = {
    {"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"},
    {"0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"},
    {"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"},
    {"0x90F79bf6EB2c4f870365E785982E1f101E93b906", "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"},
    {"0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"},
    {"0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"},
    {"0x976EA74026E726554dB657fA54763abd0C3a0aa9", "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e"},
    {"0x14dC79964da2C08b23698B3D3cc7Ca32193d9955", "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356"},
    {"0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97"},
    {"0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"},
};

static void test_bip39_seed_vector(void **state) {
    (void)state;
    /* BIP-39 test vector 1 (passphrase "TREZOR") */
    uint8_t seed[64], want[64];
    assert_true(rs_bip39_seed("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                              "abandon about",
                              "TREZOR", seed));
    assert_int_equal(rs_hex_decode("c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
                                   128, want, 64),
                     64);
    assert_memory_equal(seed, want, 64);
}

static void test_anvil_accounts(void **state) {
    (void)state;
    for (uint32_t i = 0; i < 10; i++) {
        uint8_t key[32], want_key[32];
        rs_addr a, want;
        assert_true(rs_mnemonic_account(RS_DEVNET_MNEMONIC, i, key, &a));
        assert_true(rs_addr_from_hex(&want, ANVIL[i][0]));
        assert_int_equal(rs_hex_decode(ANVIL[i][1], 66, want_key, 32), 32);
        assert_memory_equal(key, want_key, 32);
        assert_memory_equal(a.b, want.b, 20);
        char cs[43];
        rs_addr_to_checksum(a, cs);
        assert_string_equal(cs, ANVIL[i][0]);
    }
}

/* The memoised devnet accounts are anvil's, on the first call and after. */
static void test_devnet_accounts_memo(void **state) {
    (void)state;
    for (int call = 0; call < 2; call++) {
        uint8_t keys[RS_DEVNET_ACCOUNTS][32];
        rs_addr addrs[RS_DEVNET_ACCOUNTS];
        rs_devnet_accounts(keys, addrs);
        for (uint32_t i = 0; i < RS_DEVNET_ACCOUNTS; i++) {
            uint8_t want_key[32];
            rs_addr want;
            assert_true(rs_addr_from_hex(&want, ANVIL[i][0]));
            assert_int_equal(rs_hex_decode(ANVIL[i][1], 66, want_key, 32), 32);
            assert_memory_equal(keys[i], want_key, 32);
            assert_memory_equal(addrs[i].b, want.b, 20);
        }
    }
}

static void test_bad_paths(void **state) {
    (void)state;
    uint8_t seed[64] = {1}, key[32];
    assert_false(rs_bip32_derive(seed, "x/44'", key));
    assert_false(rs_bip32_derive(seed, "m/44'/", key));
    assert_false(rs_bip32_derive(seed, "m/4294967296", key));
    assert_true(rs_bip32_derive(seed, "m", key));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bip39_seed_vector),
        cmocka_unit_test(test_anvil_accounts),
        cmocka_unit_test(test_devnet_accounts_memo),
        cmocka_unit_test(test_bad_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
