/* The genesis loader: JSON → rs_genesis, with every malformed field
 * reported by its path. The format is the `genesis` object of
 * shared/conformance/FORMAT.md; a devnet's genesis file is that object. */
#ifndef RESTAKE_CHAIN_GENESIS_JSON_H
#define RESTAKE_CHAIN_GENESIS_JSON_H

#include "chain/json_reader.h"
#include "restake/genesis.h"

/* Reads genesis object g into *c->genesis and c->contracts (the names of
 * genesis.contracts, allocated in c->arena). Fails through c. */
void rs_jr_genesis(rs_json_reader *c, json_t *g);
/* genesis.eigenTokens and genesis.emissionsController (optional). */
void rs_jr_genesis_eigen(rs_json_reader *c, json_t *g);

/* genesis.durationVaultBeacon (optional; genesis_vault.c): the beacon, its
 * implementation, and a check that the implementation's immutables are the
 * core contracts. Runs after genesis.contracts is read. */
void rs_jr_duration_vault_beacon(rs_json_reader *c, json_t *g);

/* Parses a genesis document (the object itself); `name` stands for the file
 * in messages. 0, or -1 with err set and *out left empty (rs_genesis_free
 * releases a successful one). */
int rs_genesis_parse(const char *json, size_t len, const char *name, rs_genesis *out, char *err, size_t errcap);

#endif
