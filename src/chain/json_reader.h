/* Typed reading of JSON documents with errors that name the file and the
 * path of the bad value ("x.json: genesis.tokens[2].decimals: greater than
 * 255"). A failed read longjmps to the reader's `fail`; the caller sets it
 * with setjmp before reading. */
#ifndef RESTAKE_CHAIN_JSON_READER_H
#define RESTAKE_CHAIN_JSON_READER_H

#include <jansson.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/genesis.h"
#include "restake/types.h"

/* One entry of genesis.contracts: a name and the address it stands for. */
typedef struct {
    const char *name;
    rs_addr address;
} rs_gen_name;

typedef struct {
    rs_arena *arena;   /* strings, names and byte strings read live here */
    const char *file;  /* names the document in messages */
    char where[256];   /* path of the value being read, e.g. "steps[41].logs[2]" */
    char *err;
    size_t errcap;
    jmp_buf fail;
    /* filled by the genesis reader (genesis_json.h) */
    rs_genesis *genesis;
    rs_gen_name *contracts; /* genesis.contracts, in file order (in *arena) */
    size_t ncontracts;
    void *user;             /* the caller's document being loaded */
} rs_json_reader;

/* Reports "file: path.key: message" (key NULL: the value at the path) and
 * jumps to c->fail. */
_Noreturn void rs_jr_failf(rs_json_reader *c, const char *key, const char *fmt, ...);
/* Scoped path components: push returns the previous length to restore. */
size_t rs_jr_where_push(rs_json_reader *c, const char *fmt, ...);
void rs_jr_where_pop(rs_json_reader *c, size_t old);
/* Allocations that fail the read instead of returning NULL. */
void *rs_jr_arena_alloc(rs_json_reader *c, size_t n);
void *rs_jr_xcalloc(rs_json_reader *c, size_t n, size_t size);
const char *rs_jr_dupstr(rs_json_reader *c, const char *s);
/* ---- typed getters: `key` NULL means "the value itself" ---- */
json_t *rs_jr_get(rs_json_reader *c, json_t *obj, const char *key, bool required);
json_t *rs_jr_get_object(rs_json_reader *c, json_t *obj, const char *key, bool required);
json_t *rs_jr_get_array(rs_json_reader *c, json_t *obj, const char *key, bool required);
const char *rs_jr_as_string(rs_json_reader *c, json_t *x, const char *key);
const char *rs_jr_get_string(rs_json_reader *c, json_t *obj, const char *key, bool required);
/* Numbers appear both as JSON numbers and as decimal strings; hex strings
 * are accepted too. */
u256 rs_jr_as_u256(rs_json_reader *c, json_t *x, const char *key);
u256 rs_jr_get_u256(rs_json_reader *c, json_t *obj, const char *key);
uint64_t rs_jr_as_u64(rs_json_reader *c, json_t *x, const char *key);
uint64_t rs_jr_get_u64(rs_json_reader *c, json_t *obj, const char *key);
uint32_t rs_jr_get_u32(rs_json_reader *c, json_t *obj, const char *key);
rs_addr rs_jr_parse_addr(rs_json_reader *c, const char *s, const char *key);
rs_addr rs_jr_as_addr(rs_json_reader *c, json_t *x, const char *key);
rs_addr rs_jr_get_addr(rs_json_reader *c, json_t *obj, const char *key);
rs_b32 rs_jr_as_b32(rs_json_reader *c, json_t *x, const char *key);
const uint8_t *rs_jr_get_hex(rs_json_reader *c, json_t *obj, const char *key, size_t *len);
bool rs_jr_get_bool(rs_json_reader *c, json_t *obj, const char *key, bool required, bool dflt);

#endif
