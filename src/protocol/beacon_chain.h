/* The beacon chain's execution-layer touch points, as native modules:
 *
 *  - the EIP-4788 beacon roots oracle: timestamp → parent beacon block root,
 *    reverting with empty data for timestamp 0, an unknown timestamp, or
 *    calldata that is not one 32-byte word;
 *  - the deposit contract (the reference repo's ETHPOSDepositMock: keeps the
 *    ETH, checks nothing, logs nothing);
 *  - the EIP-7002 withdrawal-request and EIP-7251 consolidation-request
 *    predeploys (EIP_7002_Mock / EIP_7251_Mock): empty calldata → fee,
 *    56/96 bytes with value ≥ fee → queued request, system address → dequeue.
 *
 * Behaviour follows shared/conformance/FORMAT-eigenpod.md. */
#ifndef RESTAKE_PROTOCOL_BEACON_CHAIN_H
#define RESTAKE_PROTOCOL_BEACON_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/env.h"
#include "restake/genesis.h"
#include "restake/namespaces.h"

enum {
    NS_BEACON_ROOT = RS_NS_BEACON_BASE + 1,      /* timestamp → root */
    NS_BEACON_REQ_META = RS_NS_BEACON_BASE + 2,  /* predeploy, field → excess / count / head / tail */
    NS_BEACON_REQ_SOURCE = RS_NS_BEACON_BASE + 3, /* predeploy, slot → source address */
    NS_BEACON_REQ_A = RS_NS_BEACON_BASE + 4,     /* predeploy, slot → bytes (pubkey / source pubkey) */
    NS_BEACON_REQ_B = RS_NS_BEACON_BASE + 5,     /* predeploy, slot → amountGwei (7002) / bytes target pubkey (7251) */
    NS_BEACON_SIM = RS_NS_BEACON_BASE + 6,       /* devnet chain: field → value */
    NS_BEACON_SIM_VAL = RS_NS_BEACON_BASE + 7,   /* index, record, field → word; index → record count */
    NS_BEACON_SIM_PK = RS_NS_BEACON_BASE + 8,    /* pubkey hash → index + 1 */
    NS_BEACON_SIM_TS = RS_NS_BEACON_BASE + 9,    /* published timestamp → snapshot version + 1 */
    NS_BEACON_SIM_COUNT = RS_NS_BEACON_BASE + 10, /* snapshot version → validator count */
};

/* The system address whose calls make predeploys dequeue (EIP-7002/7251). */
#define BEACON_SYSTEM_ADDRESS                                                                                  \
    ((rs_addr){{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
                0xff, 0xff, 0xff, 0xfe}})

/* ---- EIP-4788 ---- */
/* What a `beaconRoot` step does: from now on the oracle returns root for ts. */
void beacon_set_root(rs_state *st, uint64_t ts, rs_b32 root);
/* false when the oracle would revert. */
bool beacon_get_root(const rs_state *st, u256 ts, rs_b32 *root);

/* ---- EIP-4895 ---- */
/* What a `beaconWithdrawal` step does: credits gwei × 10^9 wei, runs no code. */
void beacon_credit_withdrawal(rs_state *st, rs_addr to, uint64_t amount_gwei);

/* ---- request predeploys ---- */
typedef enum { BEACON_REQ_WITHDRAWAL = 0, BEACON_REQ_CONSOLIDATION = 1 } beacon_req_kind;

typedef struct {
    rs_addr source;
    uint8_t pubkey[48];     /* withdrawal: validator; consolidation: source */
    uint8_t target[48];     /* consolidation only */
    uint64_t amount_gwei;   /* withdrawal only */
} beacon_request;

/* The fee the predeploy currently charges (1 wei while excess is 0). */
u256 beacon_request_fee(const rs_state *st, rs_addr predeploy);
/* Requests queued and not yet dequeued. */
size_t beacon_request_count(const rs_state *st, rs_addr predeploy);
/* The i-th queued request (0 = head); false when out of range. */
bool beacon_request_get(const rs_state *st, rs_addr predeploy, beacon_req_kind kind, size_t i, beacon_request *out);

/* Takes every queued request out of a predeploy, as the system call at the end
 * of a block does (updates excess, resets the count); returns how many were
 * written to out (up to cap; the rest are dropped). */
size_t beacon_requests_drain(rs_state *st, rs_addr predeploy, beacon_req_kind kind, beacon_request *out, size_t cap);

/* The modules' call behaviour (rs_contract_fn shape). */
int beacon_roots_module(rs_env *e, rs_addr self, rs_addr sender, u256 value, const uint8_t *cd, size_t len,
                        rs_buf *ret);
int beacon_request_module(rs_env *e, beacon_req_kind kind, rs_addr self, rs_addr sender, u256 value,
                          const uint8_t *cd, size_t len, rs_buf *ret);

/* ---- deposits ----
 * A deposit to the deposit contract (direct, or EigenPod.stake) is handed to
 * the observer a beacon chain registered, if any: a devnet's simulated chain
 * (src/devnet/) records validators from it; conformance replays have none. */
typedef void (*beacon_deposit_observer)(rs_state *st, const uint8_t pubkey[48], rs_b32 withdrawal_credentials,
                                        uint64_t amount_gwei);
/* One observer per process; NULL removes it. */
void beacon_observe_deposits(beacon_deposit_observer fn);
void beacon_deposit(rs_state *st, const uint8_t pubkey[48], rs_b32 withdrawal_credentials, uint64_t amount_gwei);

#endif
