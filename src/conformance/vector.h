/* Conformance vectors (restake-conformance/1, see shared/conformance/FORMAT*.md)
 * loaded into plain structs: the genesis, the steps with their expected
 * results as raw bytes, and the names needed to explain a difference
 * (contract names by address, error signatures by selector).
 *
 * Everything a vector owns (strings, byte strings, steps) lives in its arena
 * except the genesis arrays, which rs_genesis_free releases. */
#ifndef RESTAKE_CONFORMANCE_VECTOR_H
#define RESTAKE_CONFORMANCE_VECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "chain/json_reader.h"
#include "restake/genesis.h"
#include "restake/types.h"

typedef enum {
    RS_STEP_TX,
    RS_STEP_MINE,
    RS_STEP_CHECK,
    RS_STEP_BEACON_ROOT,       /* eigenpod: the 4788 oracle learns a root */
    RS_STEP_BEACON_WITHDRAWAL, /* eigenpod: EIP-4895 withdrawal credits wei */
    RS_STEP_UNKNOWN,           /* a kind this loader does not know: kept, reported by the runner */
} rs_step_kind;

typedef struct {
    rs_addr address;
    uint8_t ntopics;
    rs_b32 topics[4];
    const uint8_t *data;
    size_t len;
} rs_vlog;

typedef enum { RS_VIEW_CALL, RS_VIEW_BALANCE } rs_view_kind;

typedef struct {
    rs_view_kind kind;
    const char *label;
    const char *function; /* canonical signature (calls), NULL for balances */
    rs_addr to;           /* call target, or the account of a balance view */
    const uint8_t *calldata;
    size_t cdlen;
    bool expect_revert;
    const uint8_t *expected; /* returndata or revertData */
    size_t explen;
    u256 wei; /* balance views */
} rs_vview;

typedef struct {
    rs_step_kind kind;
    uint32_t i;           /* the step's own index field */
    const char *kind_name; /* as written in the file */
    const char *note;     /* may be NULL */

    /* tx */
    const char *function;
    rs_addr from, to;     /* `to` is zero for a deployment */
    bool is_create;       /* `to: null`: calldata is init code (avs suite) */
    rs_addr created;      /* deployment, status 1: the new contract */
    rs_b32 code_hash;     /* deployment, status 1: keccak256 of the runtime code */
    uint64_t code_size;   /* deployment, status 1: its length */
    u256 value;
    const uint8_t *calldata;
    size_t cdlen;
    int status;              /* 1 success, 0 revert */
    const uint8_t *expected; /* returndata (status 1) or revertData (status 0) */
    size_t explen;
    const char *revert_name; /* revert.name when present */
    rs_vlog *logs;
    size_t nlogs;

    /* tx, mine, check: the block the step ran in / produced / read */
    uint64_t block;
    uint64_t timestamp;
    bool has_timestamp;
    /* mine */
    uint64_t blocks;
    /* check */
    rs_vview *views;
    size_t nviews;

    /* beaconRoot: timestamp (above) → root */
    rs_b32 root;
    /* beaconWithdrawal: wei to address */
    rs_addr address;
    u256 wei;
} rs_step;

typedef rs_gen_name rs_vname;

typedef struct {
    uint32_t selector;
    const char *signature; /* "Name(types)" when the file gives it, else "Name" */
} rs_verror;

typedef struct {
    rs_b32 topic0;
    const char *name; /* event name from the step's decoded `events` */
} rs_vevent;

typedef struct {
    char *path;
    const char *file;  /* basename of path */
    const char *suite; /* liquid, slashing, eigenpod, rewards, ... */
    rs_genesis genesis;
    rs_step *steps;
    size_t nsteps;
    rs_vname *contracts; /* genesis.contracts, in file order */
    size_t ncontracts;
    rs_verror *errors; /* sorted by selector */
    size_t nerrors;
    rs_vevent *events; /* sorted by topic0 */
    size_t nevents;
    rs_arena arena;
} rs_vector;

/* Loads and validates a vector file. On failure returns -1 with a message
 * naming the file, the key and the step (e.g. "x.json: steps[41].logs[2].data:
 * not 0x-hex") in err; *v is left empty. */
int rs_vector_load(const char *path, rs_vector *v, char *err, size_t errcap);
/* Same, from a buffer; `name` stands for the file in messages. */
int rs_vector_parse(const char *json, size_t len, const char *name, rs_vector *v, char *err, size_t errcap);
void rs_vector_free(rs_vector *v);

/* Name of the contract at a (from genesis.contracts), or NULL. */
const char *rs_vector_contract_name(const rs_vector *v, rs_addr a);
/* Error signature for a 4-byte selector seen in the vector's reverts, or NULL. */
const char *rs_vector_error_name(const rs_vector *v, uint32_t selector);
/* Event name for a topic0 seen in the vector's logs, or NULL. */
const char *rs_vector_event_name(const rs_vector *v, rs_b32 topic0);

#endif
