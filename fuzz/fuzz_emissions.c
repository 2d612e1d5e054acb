/* EmissionsController / EIGEN / bEIGEN fuzzer: the input is a script of
 * operations against a fresh world holding the two tokens and a controller
 * (an incentive council, an owner, a minting right, emissions started):
 *   op byte % 6 → 0 addDistribution, 1 updateDistribution, 2 pressButton,
 *   3 sweep, 4 time passes, 5 raw calldata to one of the three contracts
 * with its arguments taken from the following bytes. Every call goes
 * through the router (a revert leaves nothing). After each operation the
 * invariants must hold — or the fuzzer aborts: EIGEN is fully backed
 * (bEIGEN held by EIGEN ≥ EIGEN's own supply), EIGEN.totalSupply() is
 * bEIGEN's, the weights never pass MAX_TOTAL_WEIGHT, and an epoch never
 * processes more distributions than it may. The state is restored after
 * each input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/eigen_token.h"
#include "protocol/emissions.h"
#include "restake/abi.h"
#include "restake/contracts.h"
#include "restake/genesis.h"
#include "restake/router.h"

#define OPS_MAX 64 /* operations of one input */

static rs_addr addr(uint32_t n) {
    rs_addr a = RS_ADDR_ZERO;
    a.b[0] = 0xaa;
    a.b[18] = (uint8_t)(n >> 8);
    a.b[19] = (uint8_t)n;
    return a;
}

static struct {
    bool ready;
    rs_genesis g;
    rs_gen_balance backing;
    rs_gen_flag allowed, minter;
    rs_state *st;
    rs_env e;
    rs_arena types;
    const abi_type *add_params, *update_params;
    rs_addr senders[4];
} W;

#define ADD_SIG "addDistribution((uint64,uint64,uint64,uint8,(address,uint32),(address,uint96)[][]))"
#define UPDATE_SIG "updateDistribution(uint256,(uint64,uint64,uint64,uint8,(address,uint32),(address,uint96)[][]))"

static void init_world(void) {
    rs_params *p = &W.g.params;
    rs_params_defaults(p);
    p->chain_id = 31337;
    p->pauser_registry = addr(0x105);
    p->rewards_coordinator = addr(0x108);
    p->allocation_manager = addr(0x109);
    p->emissions_controller = addr(0x10a);
    p->eigen = addr(0x10b);
    p->backing_eigen = addr(0x10c);
    p->emissions_inflation_rate = u256_from_u64(1000000);
    p->emissions_start_time = u256_from_u64(1750032000);
    p->emissions_epoch_length = u256_from_u64(86400);
    W.g.owner = addr(0x200);
    W.backing = (rs_gen_balance){p->eigen, u256_from_u64(5000000)};
    W.allowed = (rs_gen_flag){p->eigen, true};
    W.minter = (rs_gen_flag){p->emissions_controller, true};
    W.g.eigen = (rs_gen_eigen_token){.present = true, .owner = addr(0x200), .name = "Eigen", .symbol = "EIGEN",
                                     .decimals = 18};
    W.g.beigen = (rs_gen_eigen_token){.present = true, .owner = addr(0x200), .name = "Backing Eigen",
                                      .symbol = "bEIGEN", .decimals = 18, .restrictions_disabled_after = U256_MAX,
                                      .balances = &W.backing, .nbalances = 1, .allowed_from = &W.allowed,
                                      .nallowed_from = 1, .allowed_to = &W.allowed, .nallowed_to = 1,
                                      .minters = &W.minter, .nminters = 1};
    W.g.emissions = (rs_gen_emissions){.present = true, .owner = addr(0x200), .incentive_council = addr(0x201)};
    W.st = rs_state_new();
    rs_genesis_apply(W.st, &W.g);
    rs_env_init(&W.e, W.st, p);
    rs_router_attach(&W.e);
    rs_arena_init(&W.types, 0);
    if (abi_signature_params(&W.types, ADD_SIG, &W.add_params) != ABI_OK) abort();
    if (abi_signature_params(&W.types, UPDATE_SIG, &W.update_params) != ABI_OK) abort();
    W.senders[0] = addr(0x201); /* council */
    W.senders[1] = addr(0x200); /* owner */
    W.senders[2] = addr(0x300);
    W.senders[3] = p->emissions_controller;
    W.ready = true;
}

typedef struct {
    const uint8_t *p;
    size_t n;
} input;

static uint8_t byte(input *in) {
    if (in->n == 0) return 0;
    in->n--;
    return *in->p++;
}

static int call(rs_addr from, rs_addr to, const rs_buf *cd) {
    rs_env_reset(&W.e);
    return rs_call(&W.e, from, to, U256_ZERO, cd->p, cd->len, NULL);
}

/* A Distribution from the input: weight, start offset, epochs, type (0..6:
 * 6 is no type at all), submissions of one strategy each. */
static abi_val distribution(rs_arena *a, input *in) {
    u256 epoch = ec_current_epoch(&W.e);
    uint64_t base = u256_eq(epoch, U256_MAX) ? 0 : epoch.w[0];
    abi_val d = abi_v_list(a, ABI_TUPLE, 6);
    d.items[0] = abi_v_word(ABI_UINT, u256_from_u64((uint64_t)byte(in) * 50));
    d.items[1] = abi_v_word(ABI_UINT, u256_from_u64(base + byte(in) % 4));
    d.items[2] = abi_v_word(ABI_UINT, u256_from_u64(byte(in) % 3));
    d.items[3] = abi_v_word(ABI_UINT, u256_from_u64(byte(in) % 7));
    d.items[4] = abi_v_list(a, ABI_TUPLE, 2);
    d.items[4].items[0] = abi_v_addr(addr(0x400));
    d.items[4].items[1] = abi_v_word(ABI_UINT, U256_ZERO);
    size_t n = byte(in) % 3;
    d.items[5] = abi_v_list(a, ABI_ARRAY, n);
    for (size_t i = 0; i < n; i++) {
        d.items[5].items[i] = abi_v_list(a, ABI_ARRAY, 1);
        d.items[5].items[i].items[0] = abi_v_list(a, ABI_TUPLE, 2);
        d.items[5].items[i].items[0].items[0] = abi_v_addr(addr(0x500));
        d.items[5].items[i].items[0].items[1] = abi_v_word(ABI_UINT, U256_ONE);
    }
    return d;
}

static void op(input *in, rs_arena *a) {
    const rs_params *p = &W.g.params;
    rs_buf cd;
    rs_buf_init(&cd);
    rs_addr from = W.senders[byte(in) % 4];
    switch (byte(in) % 6) {
    case 0:
    case 1: {
        bool update = in->n % 2;
        abi_val args = abi_v_list(a, ABI_TUPLE, update ? 2 : 1);
        if (update) args.items[0] = abi_v_word(ABI_UINT, u256_from_u64(byte(in) % 8));
        args.items[update ? 1 : 0] = distribution(a, in);
        rs_buf_selector(&cd, update ? UPDATE_SIG : ADD_SIG);
        abi_encode(&cd, update ? W.update_params : W.add_params, &args);
        (void)call(from, p->emissions_controller, &cd);
        break;
    }
    case 2:
        rs_buf_selector(&cd, "pressButton(uint256)");
        rs_buf_word_u64(&cd, byte(in) % 5);
        (void)call(from, p->emissions_controller, &cd);
        break;
    case 3:
        rs_buf_selector(&cd, "sweep()");
        (void)call(from, p->emissions_controller, &cd);
        break;
    case 4: W.e.timestamp += (uint64_t)byte(in) * 1000; break;
    default: {
        const rs_addr targets[3] = {p->emissions_controller, p->eigen, p->backing_eigen};
        rs_addr to = targets[byte(in) % 3];
        size_t len = byte(in);
        for (size_t i = 0; i < len; i++) {
            uint8_t b = byte(in);
            rs_buf_put(&cd, &b, 1);
        }
        (void)call(from, to, &cd);
        break;
    }
    }
    rs_buf_free(&cd);
}

static void check_invariants(void) {
    const rs_params *p = &W.g.params;
    if (u256_lt(et_balance_of(&W.e, p->backing_eigen, p->eigen), et_internal_supply(&W.e, p->eigen))) abort();
    if (!u256_eq(et_total_supply(&W.e, p->eigen), et_total_supply(&W.e, p->backing_eigen))) abort();
    if (ec_total_weight(&W.e) > 10000) abort();
    u256 epoch = ec_current_epoch(&W.e);
    if (!u256_eq(epoch, U256_MAX) && ec_epoch_processed(&W.e, epoch) > ec_total_processable(&W.e)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!W.ready) init_world();
    size_t cp = rs_state_checkpoint(W.st);
    W.e.timestamp = 1750032000 - 100 + (size ? data[0] : 0) * 10;
    W.e.block_number = 100;
    input in = {data, size};
    rs_arena a;
    rs_arena_init(&a, 0);
    for (int i = 0; i < OPS_MAX && in.n > 0; i++) {
        op(&in, &a);
        check_invariants();
        rs_arena_reset(&a);
    }
    rs_arena_free(&a);
    rs_state_revert(W.st, cp);
    rs_state_commit(W.st);
    return 0;
}
