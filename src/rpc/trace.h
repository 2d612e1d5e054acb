/* The tracers of debug_traceTransaction, debug_traceCall and
 * debug_traceBlockBy*: geth's callTracer (every frame, native ones
 * included) and geth's default struct logger (every EVM instruction), each
 * an rs_tracer (restake/tracer.h) that builds its JSON as the execution
 * runs. Internal to src/rpc. */
#ifndef RESTAKE_RPC_TRACE_H
#define RESTAKE_RPC_TRACE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "restake/tracer.h"

/* How the traced transaction ended, as its receipt tells. */
typedef struct {
    uint64_t gas_limit; /* the transaction's gas (the call tracer's top frame gas) */
    uint64_t gas_used;  /* the receipt's gas used */
    bool failed;        /* the receipt's status is 0 */
    uint64_t log_index; /* block-wide index of the transaction's first log */
} rs_trace_tx;

typedef struct rs_json_tracer rs_json_tracer;
struct rs_json_tracer {
    rs_tracer hooks; /* first: the hooks recover the tracer from it */
    /* The trace (owned by the caller) once the transaction has run. */
    json_t *(*result)(rs_json_tracer *t, const rs_trace_tx *tx);
    void (*free)(rs_json_tracer *t);
};

/* The tracer a debug_trace* options object asks for (NULL or {}: the struct
 * logger; {"tracer": "callTracer", "tracerConfig": {...}}). NULL with msg
 * set for an unknown tracer or a malformed option. */
rs_json_tracer *rs_json_tracer_new(const json_t *opts, char *msg, size_t cap);

rs_json_tracer *rs_call_tracer_new(bool only_top_call, bool with_log);

typedef struct {
    bool disable_stack, enable_memory, disable_storage, enable_return_data;
    uint64_t limit; /* entries recorded; 0: RS_TRACE_STRUCT_LOGS_MAX */
} rs_struct_log_config;
rs_json_tracer *rs_struct_logger_new(const rs_struct_log_config *cfg);

/* geth's error text for a frame that ended with s ("execution reverted",
 * "out of gas", ...); NULL for success. */
const char *rs_trace_error_text(rs_evm_status s);
/* The reason geth decodes from revert data (Error(string), or a
 * Panic(uint256) code's text); NULL when it is neither. */
json_t *rs_trace_revert_reason(const uint8_t *d, size_t n);

#endif
