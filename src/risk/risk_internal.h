/* The engine's working context: the source, the read block and the
 * per-operator, per-set and per-strategy caches one report fills (an "all"
 * report reads each operator once, not once per staker). Internal to src/risk. */
#ifndef RESTAKE_RISK_INTERNAL_H
#define RESTAKE_RISK_INTERNAL_H

#include "risk/risk.h"
#include "risk/risk_emit.h"

#define RK_WAD 1000000000000000000ull

typedef struct {
    rk_set set;
    rk_set_info info;
    bool registered, slashable;
    size_t n;
    rs_addr *strategies; /* allocated strategies, ascending */
    rk_alloc *allocs;
    /* text form: each strategy's exposure up to its slashableWad, and its
     * pending entry's, the same for every staker of the operator */
    rs_buf *heads, *pending_heads;
} rk_opset;

typedef struct {
    rs_addr strategy;
    uint64_t max;
    u256 shares, queued;
} rk_opstrat;

typedef struct {
    rs_addr op;
    size_t nsets;
    rk_opset *sets; /* allocated sets, by (avs, id) */
    size_t nstrat, capstrat;
    rk_opstrat *strat;
    rk_delay delay;
} rk_op;

typedef struct {
    rs_addr strategy;
    bool has;
    rs_addr token;
    uint8_t decimals;
} rk_tok;

typedef struct {
    rk_source *s;
    uint64_t block, timestamp;
    uint32_t min_delay;
    rs_addr beacon;
    rk_op **ops;
    size_t nops, capops;
    rk_tok *toks;
    size_t ntoks, captoks;
} rk_ctx;

int rk_ctx_init(rk_ctx *c, rk_source *s);
void rk_ctx_free(rk_ctx *c);
/* The operator's allocations and set facts, read once per report. */
rk_op *rk_ctx_op(rk_ctx *c, rs_addr op);
rk_opstrat *rk_ctx_opstrat(rk_ctx *c, rk_op *o, rs_addr strategy);
const rk_tok *rk_ctx_tok(rk_ctx *c, rs_addr strategy);
/* the report's common fields */
json_t *rk_header(const rk_ctx *c, const char *kind);
bool rk_is_beacon(const rk_ctx *c, rs_addr strategy);

/* ---- formulas (docs/risk.md) ---- */
u256 rk_mul_wad(u256 a, u256 b);
u256 rk_div_wad(u256 a, u256 b);
u256 rk_sub0(u256 a, u256 b);
/* the magnitude in effect at block b */
uint64_t rk_mag_at(const rk_alloc *a, uint64_t b);
/* SlashingLib.calcWithdrawable with the operator's max magnitude `max` */
u256 rk_withdrawable(const rk_ctx *c, const rk_holdings *h, size_t i, uint64_t max);
/* operatorShares - mulDivUp(operatorShares, newMax, prevMax) */
u256 rk_slashed_amount(u256 shares, uint64_t prev_max, uint64_t new_max);
int rk_tokens(rk_ctx *c, rs_addr strategy, u256 shares, u256 *out);
json_t *rk_json_u64(uint64_t v);

int rk_set_cmp(rk_set a, rk_set b);
void rk_sort_addrs(rs_addr *a, size_t n);
size_t rk_unique_addrs(rs_addr *a, size_t n);
void rk_sort_sets(rk_set *a, size_t n);
size_t rk_unique_sets(rk_set *a, size_t n);

/* the staker report's fields (without kind, block, timestamp, source) into
 * an open object of m; 0, or -1 with the reason in c->s->err */
int rk_staker_emit(rk_ctx *c, rk_emit *m, rs_addr staker, const rk_holdings *h);
/* the same as a tree */
json_t *rk_staker_body(rk_ctx *c, rs_addr staker, const rk_holdings *h);

#endif
