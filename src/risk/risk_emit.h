/* One writer for two forms of a report: a jansson tree (what the RPC
 * methods and the CLI hand on) or compact JSON text written straight into a
 * buffer (the "all" report at scale: 10^5 staker reports are hundreds of
 * megabytes, which a tree of tens of millions of nodes cannot build in a
 * second). The staker code writes each field once; both forms hold the same
 * document. Internal to src/risk. */
#ifndef RESTAKE_RISK_EMIT_H
#define RESTAKE_RISK_EMIT_H

#include <jansson.h>
#include <stdbool.h>

#include "restake/buf.h"
#include "restake/limits.h"
#include "restake/types.h"
#include "restake/u256.h"

#define RK_EMIT_DEPTH RS_RISK_EMIT_DEPTH_MAX

typedef struct {
    rs_buf *text;                   /* text form when set, else a tree */
    json_t *stack[RK_EMIT_DEPTH];   /* tree form: the open containers */
    bool first[RK_EMIT_DEPTH];      /* text form: no comma before the next member */
    bool is_obj[RK_EMIT_DEPTH];     /* text form: the closer of each open container */
    int depth;
    json_t *root;                   /* tree form: the finished document */
} rk_emit;

void rk_emit_tree(rk_emit *m);
void rk_emit_text(rk_emit *m, rs_buf *out);
/* containers: key is the member name inside an object, NULL inside an array or at the top */
void rk_em_obj(rk_emit *m, const char *key);
void rk_em_arr(rk_emit *m, const char *key);
void rk_em_end(rk_emit *m);
void rk_em_addr(rk_emit *m, const char *key, rs_addr a);
void rk_em_addr_or_null(rk_emit *m, const char *key, rs_addr a); /* null for the zero address */
void rk_em_dec(rk_emit *m, const char *key, u256 v);
void rk_em_u64(rk_emit *m, const char *key, uint64_t v);
void rk_em_bool(rk_emit *m, const char *key, bool v);
void rk_em_null(rk_emit *m, const char *key);
void rk_em_str(rk_emit *m, const char *key, const char *s); /* s: plain ASCII, no escapes needed */
/* text form: an object whose opening and first members are `opened`, text
 * another text emitter wrote from rk_em_obj(NULL) on and left open; the
 * next members follow it. Repeated parts of a large report are written
 * once and copied. */
void rk_em_obj_text(rk_emit *m, const rs_buf *opened);
/* a finished tree member (tree form only; consumed) */
void rk_em_json(rk_emit *m, const char *key, json_t *v);

#endif
