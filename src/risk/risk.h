/* The risk engine (docs/risk.md): what every staker, operator, operator set
 * and AVS stands to lose, as JSON reports (the schema of docs/risk.md), read
 * through a source (risk_source.h). Each returns the report (a new
 * reference) or NULL with the reason in src->err. */
#ifndef RESTAKE_RISK_H
#define RESTAKE_RISK_H

#include <jansson.h>

#include "restake/buf.h"

#include "risk/risk_source.h"

json_t *rk_report_staker(rk_source *s, rs_addr staker);
json_t *rk_report_operator(rk_source *s, rs_addr op);
json_t *rk_report_set(rk_source *s, rk_set set);
json_t *rk_report_avs(rk_source *s, rs_addr avs);
json_t *rk_report_all(rk_source *s);
/* The "all" report as compact JSON text appended to out (the same document
 * as rk_report_all, written without building a tree: what scales to 10^5
 * stakers in well under a second). 0, or -1 with the reason in s->err. */
int rk_report_all_text(rk_source *s, rs_buf *out);

typedef struct {
    rs_addr operator_;
    size_t n;
    rs_addr *strategies;
    u256 *wads;
} rk_slash;

typedef struct {
    rk_set set;
    size_t nslashes;
    rk_slash *slashes;
    bool has_at_block;
    uint32_t at_block; /* default: the read block */
} rk_whatif;

json_t *rk_report_whatif(rk_source *s, const rk_whatif *w);

/* Parses the what-if object {avs, operatorSetId, slashes:[{operator,
 * strategies, wads}], block?}: 0, or -1 with the reason in err. Free with
 * rk_whatif_free. */
int rk_whatif_parse(const json_t *o, rk_whatif *w, char *err, size_t cap);
void rk_whatif_free(rk_whatif *w);

/* "0x…" lower-case hex and decimal-string helpers the reports are made of */
json_t *rk_json_addr(rs_addr a);
json_t *rk_json_dec(u256 v);
bool rk_parse_addr(const char *s, rs_addr *out);

#endif
