/* BIP-39 seeds and BIP-32/BIP-44 key derivation: the devnet accounts are the
 * ones every Ethereum dev tool derives from the well-known test mnemonic. */
#ifndef RESTAKE_CHAIN_MNEMONIC_H
#define RESTAKE_CHAIN_MNEMONIC_H

#include <stdbool.h>
#include <stdint.h>

#include "restake/types.h"

#define RS_DEVNET_MNEMONIC "test test test test test test test test test test test junk"
#define RS_DEVNET_ACCOUNTS 10

/* BIP-39 seed: PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" ‖ passphrase, 2048).
 * The words are used as given (NFKD of ASCII is the identity); the checksum
 * word is not validated, since the seed does not depend on it. */
RS_MUST_USE bool rs_bip39_seed(const char *mnemonic, const char *passphrase, uint8_t seed[64]);

/* BIP-32 derivation along a path such as "m/44'/60'/0'/0/3". false on a
 * malformed path or the (2^-127 likely) invalid child key. */
RS_MUST_USE bool rs_bip32_derive(const uint8_t seed[64], const char *path, uint8_t key[32]);

/* Account i of m/44'/60'/0'/0/i: the secret key and its address. */
RS_MUST_USE bool rs_mnemonic_account(const char *mnemonic, uint32_t index, uint8_t key[32], rs_addr *addr);

/* The RS_DEVNET_ACCOUNTS accounts of RS_DEVNET_MNEMONIC. Derived once per
 * process (the BIP-39 stretch is 2,048 HMAC-SHA512 rounds per account, and
 * every node open needs them): later calls copy the memo. */
void rs_devnet_accounts(uint8_t keys[RS_DEVNET_ACCOUNTS][32], rs_addr addrs[RS_DEVNET_ACCOUNTS]);

#endif
