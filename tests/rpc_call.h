/* In-process JSON-RPC calls for tests: one request, its parsed response, and
 * the parts a test asserts on. Header-only; include after cmocka.h. */
#ifndef RESTAKE_TESTS_RPC_CALL_H
#define RESTAKE_TESTS_RPC_CALL_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/node.h"
#include "rpc/rpc.h"

static json_t *call(rs_node *n, const char *method, const char *params) {
    static char buf[65536];
    int w = snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":%s}", method,
                     params);
    assert_true(w > 0 && (size_t)w < sizeof buf);
    char *out = rs_rpc_handle(n, buf, strlen(buf));
    assert_non_null(out);
    json_t *j = json_loads(out, 0, NULL);
    free(out);
    assert_non_null(j);
    return j;
}

static int error_code(json_t *r) {
    json_t *e = json_object_get(r, "error");
    return e ? (int)json_integer_value(json_object_get(e, "code")) : 0;
}

static const char *error_message(json_t *r) {
    return json_string_value(json_object_get(json_object_get(r, "error"), "message"));
}

/* The result, failing the test if the call returned an error. */
static json_t *result(json_t *r) {
    if (error_code(r)) fprintf(stderr, "error: %s\n", error_message(r));
    assert_int_equal(error_code(r), 0);
    return json_object_get(r, "result");
}

#endif
