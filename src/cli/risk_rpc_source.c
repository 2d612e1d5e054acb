/* The JSON-RPC source of the risk engine (risk_rpc_source.h). */
#include "cli/risk_rpc_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/rpc_client.h"
#include "restake/abi.h"
#include "restake/buf.h"
#include "restake/env.h"
#include "restake/hex.h"
#include "restake/keccak.h"
#include "restake/limits.h"
#include "risk/risk.h"

struct rk_rpc {
    rk_source src;
    rs_rpc_client *c;
    char tag[24]; /* the pinned block as a 0x-hex tag */
    uint64_t block, timestamp;
    rs_addr dm, sm, am, epm, beacon;
    bool progress;
};

#define RPC(s) ((rk_rpc *)(s)->ctx)

/* ---- eth_call of a view ---- */

typedef struct {
    rs_arena a;
    abi_val in;
    size_t n;
} args;

static void args_init(args *x, size_t n) {
    rs_arena_init(&x->a, 0);
    x->in = abi_v_list(&x->a, ABI_TUPLE, n);
    x->n = 0;
}

static void a_addr(args *x, rs_addr v) { x->in.items[x->n++] = abi_v_addr(v); }
static void a_uint(args *x, u256 v) { x->in.items[x->n++] = abi_v_word(ABI_UINT, v); }
static void a_set(args *x, rk_set s) {
    abi_val t = abi_v_list(&x->a, ABI_TUPLE, 2);
    t.items[0] = abi_v_addr(s.avs);
    t.items[1] = abi_v_word(ABI_UINT, u256_from_u64(s.id));
    x->in.items[x->n++] = t;
}
static void a_addrs(args *x, const rs_addr *v, size_t n) {
    abi_val t = abi_v_list(&x->a, ABI_ARRAY, n);
    for (size_t i = 0; i < n; i++) t.items[i] = abi_v_addr(v[i]);
    x->in.items[x->n++] = t;
}

/* 0 with *out decoded as out_types (a tuple type string), 1 when the view
 * reverted, -1 on any other failure (reason in src->err). */
static int view(rk_source *s, rs_addr to, const char *sig, args *x, const char *out_types, abi_val *out) {
    rk_rpc *r = RPC(s);
    const abi_type *tin, *tout;
    if (abi_signature_params(&x->a, sig, &tin) != ABI_OK ||
        abi_type_parse(&x->a, out_types, strlen(out_types), &tout) != ABI_OK)
        return rk_fail(s, "bad view signature %s", sig);
    rs_buf cd;
    rs_buf_init(&cd);
    rs_buf_selector(&cd, sig);
    abi_encode(&cd, tin, &x->in);
    char *hex = malloc(2 * cd.len + 3), to_hex[43];
    rs_hex_encode(cd.p, cd.len, hex);
    rs_hex_encode(to.b, 20, to_hex);
    rs_buf_free(&cd);
    json_t *params = json_pack("[{s:s,s:s},s]", "to", to_hex, "data", hex, r->tag), *res = NULL, *err = NULL;
    free(hex);
    int rc = rs_rpc_client_call(r->c, "eth_call", params, &res, &err, s->err, sizeof s->err);
    if (rc == 1) {
        json_decref(err);
        return 1;
    }
    if (rc) return -1;
    const char *h = json_string_value(res);
    size_t len = h ? strlen(h) : 0;
    uint8_t *data = malloc(len / 2 + 1);
    long n = h ? rs_hex_decode(h, len, data, len / 2 + 1) : -1;
    abi_error e;
    rc = 0;
    if (n < 0) rc = rk_fail(s, "%s: the answer is not hex", sig);
    else if (abi_decode(&x->a, tout, data, (size_t)n, out, &e) != ABI_OK)
        rc = rk_fail(s, "%s at %s: undecodable answer (%s)", sig, to_hex, e.msg);
    free(data);
    json_decref(res);
    return rc;
}

/* a view that must not revert */
static int must(rk_source *s, rs_addr to, const char *sig, args *x, const char *out_types, abi_val *out) {
    int rc = view(s, to, sig, x, out_types, out);
    if (rc == 1) return rk_fail(s, "%s reverted", sig);
    return rc;
}

#define VIEW1(s, to, sig, outt, setup, use)                                                                            \
    do {                                                                                                               \
        args x_;                                                                                                       \
        abi_val o_;                                                                                                    \
        args_init(&x_, 4);                                                                                             \
        setup;                                                                                                         \
        int rc_ = must(s, to, sig, &x_, outt, &o_);                                                                    \
        if (rc_ == 0) { use; }                                                                                         \
        rs_arena_free(&x_.a);                                                                                          \
        if (rc_) return -1;                                                                                            \
    } while (0)

/* ---- the source's entries ---- */

static int head(rk_source *s, uint64_t *block, uint64_t *ts) {
    *block = RPC(s)->block;
    *ts = RPC(s)->timestamp;
    return 0;
}

static int constants(rk_source *s, uint32_t *delay, rs_addr *beacon) {
    VIEW1(s, RPC(s)->dm, "minWithdrawalDelayBlocks()", "(uint32)", (void)0, *delay = (uint32_t)abi_u64(&o_.items[0]));
    *beacon = RPC(s)->beacon;
    return 0;
}

static rs_addr *addr_list(const abi_val *v, size_t *n) {
    *n = v->n;
    rs_addr *out = calloc(v->n + 1, sizeof *out);
    for (size_t i = 0; i < v->n; i++) out[i] = abi_addr(&v->items[i]);
    return out;
}

static int holdings(rk_source *s, rs_addr staker, rk_holdings *h) {
    rk_rpc *r = RPC(s);
    memset(h, 0, sizeof *h);
    VIEW1(s, r->dm, "delegatedTo(address)", "(address)", a_addr(&x_, staker), h->operator_ = abi_addr(&o_.items[0]));
    VIEW1(s, r->dm, "getDepositedShares(address)", "(address[],uint256[])", a_addr(&x_, staker), {
        h->strategies = addr_list(&o_.items[0], &h->n);
        h->deposit = calloc(h->n + 1, sizeof *h->deposit);
        for (size_t i = 0; i < h->n && i < o_.items[1].n; i++) h->deposit[i] = abi_u256(&o_.items[1].items[i]);
    });
    h->withdrawable = calloc(h->n + 1, sizeof *h->withdrawable);
    h->dsf = calloc(h->n + 1, sizeof *h->dsf);
    if (h->n) {
        args x;
        abi_val o;
        args_init(&x, 2);
        a_addr(&x, staker);
        a_addrs(&x, h->strategies, h->n);
        int rc = must(s, r->dm, "getWithdrawableShares(address,address[])", &x, "(uint256[],uint256[])", &o);
        for (size_t i = 0; rc == 0 && i < h->n && i < o.items[0].n; i++) h->withdrawable[i] = abi_u256(&o.items[0].items[i]);
        rs_arena_free(&x.a);
        if (rc) return rk_holdings_free(h), -1;
    }
    for (size_t i = 0; i < h->n; i++)
        VIEW1(s, r->dm, "depositScalingFactor(address,address)", "(uint256)",
              (a_addr(&x_, staker), a_addr(&x_, h->strategies[i])), h->dsf[i] = abi_u256(&o_.items[0]));
    VIEW1(s, r->epm, "beaconChainSlashingFactor(address)", "(uint64)", a_addr(&x_, staker),
          h->bcsf = abi_u64(&o_.items[0]));
    return 0;
}

static int operator_shares(rk_source *s, rs_addr op, rs_addr st, u256 *shares, u256 *queued) {
    VIEW1(s, RPC(s)->dm, "operatorShares(address,address)", "(uint256)", (a_addr(&x_, op), a_addr(&x_, st)),
          *shares = abi_u256(&o_.items[0]));
    VIEW1(s, RPC(s)->dm, "getSlashableSharesInQueue(address,address)", "(uint256)", (a_addr(&x_, op), a_addr(&x_, st)),
          *queued = abi_u256(&o_.items[0]));
    return 0;
}

static int max_magnitude(rk_source *s, rs_addr op, rs_addr st, uint64_t *out) {
    VIEW1(s, RPC(s)->am, "getMaxMagnitude(address,address)", "(uint64)", (a_addr(&x_, op), a_addr(&x_, st)),
          *out = abi_u64(&o_.items[0]));
    return 0;
}

static rk_set *set_list(const abi_val *v, size_t *n) {
    *n = v->n;
    rk_set *out = calloc(v->n + 1, sizeof *out);
    for (size_t i = 0; i < v->n; i++)
        out[i] = (rk_set){abi_addr(&v->items[i].items[0]), (uint32_t)abi_u64(&v->items[i].items[1])};
    return out;
}

static int allocated_sets(rk_source *s, rs_addr op, rk_set **sets, size_t *n) {
    VIEW1(s, RPC(s)->am, "getAllocatedSets(address)", "((address,uint32)[])", a_addr(&x_, op),
          *sets = set_list(&o_.items[0], n));
    return 0;
}

static int registered_sets(rk_source *s, rs_addr op, rk_set **sets, size_t *n) {
    VIEW1(s, RPC(s)->am, "getRegisteredSets(address)", "((address,uint32)[])", a_addr(&x_, op),
          *sets = set_list(&o_.items[0], n));
    return 0;
}

static int allocated_strategies(rk_source *s, rs_addr op, rk_set set, rs_addr **out, size_t *n) {
    VIEW1(s, RPC(s)->am, "getAllocatedStrategies(address,(address,uint32))", "(address[])",
          (a_addr(&x_, op), a_set(&x_, set)), *out = addr_list(&o_.items[0], n));
    return 0;
}

static int allocation(rk_source *s, rs_addr op, rk_set set, rs_addr st, rk_alloc *out) {
    VIEW1(s, RPC(s)->am, "getAllocation(address,(address,uint32),address)", "((uint64,int128,uint32))",
          (a_addr(&x_, op), a_set(&x_, set), a_addr(&x_, st)), {
              const abi_val *t = &o_.items[0];
              u256 d = abi_u256(&t->items[1]);
              out->current = abi_u64(&t->items[0]);
              out->diff_negative = (d.w[3] >> 63) != 0;
              out->diff_abs = out->diff_negative ? u256_sub_wrap(U256_ZERO, d).w[0] : d.w[0];
              out->effect_block = (uint32_t)abi_u64(&t->items[2]);
          });
    return 0;
}

static int membership(rk_source *s, rs_addr op, rk_set set, bool *registered, bool *slashable) {
    VIEW1(s, RPC(s)->am, "isMemberOfOperatorSet(address,(address,uint32))", "(bool)", (a_addr(&x_, op), a_set(&x_, set)),
          *registered = abi_bool(&o_.items[0]));
    VIEW1(s, RPC(s)->am, "isOperatorSlashable(address,(address,uint32))", "(bool)", (a_addr(&x_, op), a_set(&x_, set)),
          *slashable = abi_bool(&o_.items[0]));
    return 0;
}

/* ---- logs ---- */

typedef int (*log_fn)(rk_source *s, const json_t *log, void *ctx);

static u256 word_at(const json_t *log, size_t topic, size_t data_word) {
    const json_t *topics = json_object_get(log, "topics");
    uint8_t w[32] = {0};
    if (topic && json_array_size(topics) > topic) {
        rs_hex_decode(json_string_value(json_array_get(topics, topic)), 66, w, 32);
        return u256_from_be(w);
    }
    const char *d = json_string_value(json_object_get(log, "data"));
    size_t off = 2 + 64 * data_word;
    if (!d || strlen(d) < off + 64) return U256_ZERO;
    rs_hex_decode(d + off, 64, w, 32);
    return u256_from_be(w);
}

/* every log of `event` emitted by `addr` up to the pinned block, in
 * RS_RISK_LOG_RANGE-block windows */
static int each_log(rk_source *s, rs_addr addr, const char *event, log_fn fn, void *ctx) {
    rk_rpc *r = RPC(s);
    char a[43], t0[67], from[24], to[24];
    rs_hex_encode(addr.b, 20, a);
    uint8_t h[32];
    rs_keccak256((const uint8_t *)event, strlen(event), h);
    rs_hex_encode(h, 32, t0);
    for (uint64_t b = 0; b <= r->block; b += RS_RISK_LOG_RANGE) {
        uint64_t e = b + RS_RISK_LOG_RANGE - 1 > r->block ? r->block : b + RS_RISK_LOG_RANGE - 1;
        snprintf(from, sizeof from, "0x%llx", (unsigned long long)b);
        snprintf(to, sizeof to, "0x%llx", (unsigned long long)e);
        json_t *p = json_pack("[{s:s,s:s,s:s,s:[s]}]", "address", a, "fromBlock", from, "toBlock", to, "topics", t0);
        json_t *res = NULL, *err = NULL;
        int rc = rs_rpc_client_call(r->c, "eth_getLogs", p, &res, &err, s->err, sizeof s->err);
        if (rc == 1) {
            rk_fail(s, "eth_getLogs %s: %s", event, json_string_value(json_object_get(err, "message")));
            json_decref(err);
            return -1;
        }
        if (rc) return -1;
        size_t i;
        json_t *log;
        json_array_foreach(res, i, log) if (fn(s, log, ctx)) return json_decref(res), -1;
        json_decref(res);
    }
    return 0;
}

typedef struct {
    rs_addr *v;
    size_t n, cap;
    size_t topic, word;
} addr_acc;

static int take_addr(rk_source *s, const json_t *log, void *ctx) {
    addr_acc *x = ctx;
    if (x->n >= RS_RISK_STAKERS_MAX) return rk_fail(s, "more than %u accounts in the logs", RS_RISK_STAKERS_MAX);
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 256;
        x->v = realloc(x->v, x->cap * sizeof *x->v);
    }
    x->v[x->n++] = rs_addr_from_u256(word_at(log, x->topic, x->word));
    return 0;
}

static int allocation_delay_log(rk_source *s, const json_t *log, void *ctx) {
    (void)s;
    struct { rs_addr op; uint32_t delay, effect; bool seen; } *d = ctx;
    if (!rs_addr_eq(rs_addr_from_u256(word_at(log, 0, 0)), d->op)) return 0;
    d->delay = (uint32_t)word_at(log, 0, 1).w[0];
    d->effect = (uint32_t)word_at(log, 0, 2).w[0];
    d->seen = true;
    return 0;
}

static int allocation_delay(rk_source *s, rs_addr op, rk_delay *out) {
    memset(out, 0, sizeof *out);
    VIEW1(s, RPC(s)->am, "getAllocationDelay(address)", "(bool,uint32)", a_addr(&x_, op), {
        out->is_set = abi_bool(&o_.items[0]);
        out->delay = (uint32_t)abi_u64(&o_.items[1]);
    });
    /* the pending delay is no view's answer: the last AllocationDelaySet says it */
    struct { rs_addr op; uint32_t delay, effect; bool seen; } d = {op, 0, 0, false};
    if (each_log(s, RPC(s)->am, "AllocationDelaySet(address,uint32,uint32)", allocation_delay_log, &d)) return -1;
    if (d.seen && d.effect > RPC(s)->block) {
        out->has_pending = true;
        out->pending_delay = d.delay;
        out->pending_effect_block = d.effect;
    }
    return 0;
}

static int redistributable(rk_source *s, rs_addr op, bool *out) {
    VIEW1(s, RPC(s)->am, "isOperatorRedistributable(address)", "(bool)", a_addr(&x_, op), *out = abi_bool(&o_.items[0]));
    return 0;
}

static int set_info(rk_source *s, rk_set set, rk_set_info *out) {
    rs_addr am = RPC(s)->am;
    memset(out, 0, sizeof *out);
    VIEW1(s, am, "isOperatorSet((address,uint32))", "(bool)", a_set(&x_, set), out->exists = abi_bool(&o_.items[0]));
    if (!out->exists) return 0;
    VIEW1(s, am, "isRedistributingOperatorSet((address,uint32))", "(bool)", a_set(&x_, set),
          out->redistributing = abi_bool(&o_.items[0]));
    VIEW1(s, am, "getRedistributionRecipient((address,uint32))", "(address)", a_set(&x_, set),
          out->recipient = abi_addr(&o_.items[0]));
    VIEW1(s, am, "getSlasher((address,uint32))", "(address)", a_set(&x_, set), out->slasher = abi_addr(&o_.items[0]));
    VIEW1(s, am, "getPendingSlasher((address,uint32))", "(address,uint32)", a_set(&x_, set), {
        out->pending_slasher = abi_addr(&o_.items[0]);
        out->slasher_effect_block = (uint32_t)abi_u64(&o_.items[1]);
    });
    return 0;
}

static int members(rk_source *s, rk_set set, rs_addr **out, size_t *n) {
    VIEW1(s, RPC(s)->am, "getMembers((address,uint32))", "(address[])", a_set(&x_, set), *out = addr_list(&o_.items[0], n));
    return 0;
}

static int set_strategies(rk_source *s, rk_set set, rs_addr **out, size_t *n) {
    VIEW1(s, RPC(s)->am, "getStrategiesInOperatorSet((address,uint32))", "(address[])", a_set(&x_, set),
          *out = addr_list(&o_.items[0], n));
    return 0;
}

static int min_slashable(rk_source *s, rk_set set, rs_addr op, rs_addr st, uint32_t block, u256 *out) {
    VIEW1(s, RPC(s)->am, "getMinimumSlashableStake((address,uint32),address[],address[],uint32)", "(uint256[][])",
          (a_set(&x_, set), a_addrs(&x_, &op, 1), a_addrs(&x_, &st, 1), a_uint(&x_, u256_from_u64(block))), {
              const abi_val *v = &o_.items[0];
              *out = v->n && v->items[0].n ? abi_u256(&v->items[0].items[0]) : U256_ZERO;
          });
    return 0;
}

static int token(rk_source *s, rs_addr st, bool *has, rs_addr *tok, uint8_t *decimals) {
    args x;
    abi_val o;
    *has = false;
    *decimals = 18;
    args_init(&x, 0);
    int rc = view(s, st, "underlyingToken()", &x, "(address)", &o);
    if (rc == 0) *tok = abi_addr(&o.items[0]), *has = true;
    rs_arena_free(&x.a);
    if (rc < 0) return -1;
    if (!*has) return 0;
    args_init(&x, 0);
    /* a token without decimals() reads as 18, as in-process */
    rc = view(s, *tok, "decimals()", &x, "(uint8)", &o);
    if (rc == 0) *decimals = (uint8_t)abi_u64(&o.items[0]);
    rs_arena_free(&x.a);
    return rc < 0 ? -1 : 0;
}

static int to_underlying(rk_source *s, rs_addr st, u256 shares, u256 *out) {
    args x;
    abi_val o;
    *out = U256_ZERO;
    args_init(&x, 1);
    a_uint(&x, shares);
    int rc = view(s, st, "sharesToUnderlyingView(uint256)", &x, "(uint256)", &o);
    if (rc == 0) *out = abi_u256(&o.items[0]);
    rs_arena_free(&x.a);
    return rc < 0 ? -1 : 0;
}

/* A plain StrategyBase has no allocationsActive(): the call reverts, and
 * the strategy is not a vault. */
static int vault_lock(rk_source *s, rs_addr st, bool *locked, uint64_t *unlock_at) {
    args x;
    abi_val o;
    *locked = false;
    *unlock_at = 0;
    args_init(&x, 0);
    int rc = view(s, st, "allocationsActive()", &x, "(bool)", &o);
    if (rc == 0) *locked = abi_bool(&o.items[0]);
    rs_arena_free(&x.a);
    if (rc < 0) return -1;
    if (!*locked) return 0;
    args_init(&x, 0);
    rc = must(s, st, "unlockTimestamp()", &x, "(uint32)", &o);
    if (rc == 0) *unlock_at = abi_u64(&o.items[0]);
    rs_arena_free(&x.a);
    return rc;
}

static int stakers(rk_source *s, rs_addr **out, size_t *n) {
    rk_rpc *r = RPC(s);
    addr_acc a = {0};
    a.topic = 0, a.word = 0; /* Deposit(staker, strategy, shares): all data */
    if (each_log(s, r->sm, "Deposit(address,address,uint256)", take_addr, &a)) goto fail;
    a.topic = 1; /* indexed podOwner */
    if (each_log(s, r->epm, "NewTotalShares(address,int256)", take_addr, &a)) goto fail;
    a.topic = 1; /* indexed staker */
    if (each_log(s, r->dm, "StakerDelegated(address,address)", take_addr, &a)) goto fail;
    *out = a.v ? a.v : calloc(1, sizeof **out);
    *n = a.n;
    return 0;
fail:
    free(a.v);
    return -1;
}

static int operators(rk_source *s, rs_addr **out, size_t *n) {
    addr_acc a = {0};
    a.topic = 1;
    if (each_log(s, RPC(s)->dm, "OperatorRegistered(address,address)", take_addr, &a)) return free(a.v), -1;
    *out = a.v ? a.v : calloc(1, sizeof **out);
    *n = a.n;
    return 0;
}

typedef struct {
    rk_set *v;
    size_t n, cap;
} set_acc;

static int take_set(rk_source *s, const json_t *log, void *ctx) {
    set_acc *x = ctx;
    if (x->n >= RS_RISK_SETS_MAX) return rk_fail(s, "more than %u operator sets", RS_RISK_SETS_MAX);
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 64;
        x->v = realloc(x->v, x->cap * sizeof *x->v);
    }
    x->v[x->n++] = (rk_set){rs_addr_from_u256(word_at(log, 0, 0)), (uint32_t)word_at(log, 0, 1).w[0]};
    return 0;
}

static int sets(rk_source *s, rk_set **out, size_t *n) {
    set_acc a = {0};
    if (each_log(s, RPC(s)->am, "OperatorSetCreated((address,uint32))", take_set, &a)) return free(a.v), -1;
    *out = a.v ? a.v : calloc(1, sizeof **out);
    *n = a.n;
    return 0;
}

static void progress(rk_source *s, const char *what, size_t done, size_t total) {
    if (RPC(s)->progress) fprintf(stderr, "risk: %zu/%zu %s\n", done, total, what);
}

/* ---- opening ---- */

static int pin_block(rk_rpc *r, bool has_block, uint64_t block) {
    char tag[24];
    if (has_block) snprintf(tag, sizeof tag, "0x%llx", (unsigned long long)block);
    else snprintf(tag, sizeof tag, "latest");
    json_t *res = NULL, *err = NULL;
    int rc = rs_rpc_client_call(r->c, "eth_getBlockByNumber", json_pack("[s,b]", tag, 0), &res, &err, r->src.err,
                                sizeof r->src.err);
    if (rc == 1) {
        rk_fail(&r->src, "eth_getBlockByNumber: %s", json_string_value(json_object_get(err, "message")));
        json_decref(err);
        return -1;
    }
    if (rc) return -1;
    u256 num, ts;
    const char *ns = json_string_value(json_object_get(res, "number")), *tss = json_string_value(json_object_get(res, "timestamp"));
    bool ok = ns && tss && u256_from_hex(&num, ns, strlen(ns)) && u256_from_hex(&ts, tss, strlen(tss));
    json_decref(res);
    if (!ok) return rk_fail(&r->src, "block %s not found", tag);
    r->block = num.w[0];
    r->timestamp = ts.w[0];
    snprintf(r->tag, sizeof r->tag, "0x%llx", (unsigned long long)r->block);
    return 0;
}

static bool addr_field(const json_t *o, const char *key, rs_addr *out) {
    return rk_parse_addr(json_string_value(json_object_get(o, key)), out);
}

static int read_dm(rk_rpc *r, const char *file) {
    json_t *o = NULL, *err = NULL;
    if (file) {
        json_error_t je;
        if (!(o = json_load_file(file, 0, &je))) return rk_fail(&r->src, "%s: %s (line %d)", file, je.text, je.line);
    } else if (rs_rpc_client_call(r->c, "restake_addresses", json_array(), &o, &err, r->src.err, sizeof r->src.err)) {
        json_decref(err);
        return rk_fail(&r->src, "the endpoint does not serve restake_addresses: pass --addresses FILE "
                                "({\"delegationManager\": \"0x…\"})");
    }
    bool ok = addr_field(o, "delegationManager", &r->dm);
    json_decref(o);
    return ok ? 0 : rk_fail(&r->src, "%s: no delegationManager address", file ? file : "restake_addresses");
}

static int getter(rk_rpc *r, const char *sig, rs_addr *out) {
    rk_source *s = &r->src;
    VIEW1(s, r->dm, sig, "(address)", (void)0, *out = abi_addr(&o_.items[0]));
    return 0;
}

static int read_addresses(rk_rpc *r, const char *file) {
    if (read_dm(r, file)) return -1;
    return getter(r, "strategyManager()", &r->sm) || getter(r, "allocationManager()", &r->am) ||
                   getter(r, "eigenPodManager()", &r->epm) || getter(r, "beaconChainETHStrategy()", &r->beacon)
               ? -1
               : 0;
}

rk_rpc *rk_rpc_open(const char *url, const char *addresses_file, bool has_block, uint64_t block, bool progress_on,
                    char *err, size_t errlen) {
    rk_rpc *r = calloc(1, sizeof *r);
    r->c = rs_rpc_client_open(url, 30000, err, errlen);
    if (!r->c) return free(r), NULL;
    r->progress = progress_on;
    rk_source *s = &r->src;
    s->ctx = r;
    s->name = "rpc";
    s->head = head;
    s->constants = constants;
    s->holdings = holdings;
    s->operator_shares = operator_shares;
    s->max_magnitude = max_magnitude;
    s->allocated_sets = allocated_sets;
    s->registered_sets = registered_sets;
    s->allocated_strategies = allocated_strategies;
    s->allocation = allocation;
    s->membership = membership;
    s->allocation_delay = allocation_delay;
    s->redistributable = redistributable;
    s->set_info = set_info;
    s->members = members;
    s->set_strategies = set_strategies;
    s->min_slashable = min_slashable;
    s->token = token;
    s->to_underlying = to_underlying;
    s->vault_lock = vault_lock;
    s->stakers = stakers;
    s->operators = operators;
    s->sets = sets;
    s->progress = progress;
    if (pin_block(r, has_block, block) || read_addresses(r, addresses_file)) {
        snprintf(err, errlen, "%s", s->err);
        rk_rpc_close(r);
        return NULL;
    }
    return r;
}

rk_source *rk_rpc_source(rk_rpc *r) { return &r->src; }

void rk_rpc_close(rk_rpc *r) {
    if (!r) return;
    rs_rpc_client_close(r->c);
    free(r);
}
