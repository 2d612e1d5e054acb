/* The EmissionsController (EmissionsController.sol, v1.12): EIGEN inflation
 * per epoch, split by weight over the incentive council's distributions and
 * sent to the RewardsCoordinator (or to the council, for Manual ones) when
 * anyone presses the button.
 *
 * One controller per world, at e->p->emissions_controller, with its
 * immutables in rs_params (eigen, backing_eigen, emissions_*). Epochs are
 * uint256: before EMISSIONS_START_TIME the current epoch is 2^256 - 1.
 * A distribution is kept as the ABI encoding of the Distribution tuple
 * (EC_DISTRIBUTION_T), which is also what its views and events return. */
#ifndef RESTAKE_PROTOCOL_EMISSIONS_H
#define RESTAKE_PROTOCOL_EMISSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "restake/abi.h"
#include "restake/env.h"
#include "restake/genesis.h"
#include "restake/namespaces.h"

enum {
    NS_EC_OWNER = RS_NS_EMISSIONS_BASE + 1,        /* → owner */
    NS_EC_COUNCIL = RS_NS_EMISSIONS_BASE + 2,      /* → incentiveCouncil */
    NS_EC_TOTAL_WEIGHT = RS_NS_EMISSIONS_BASE + 3, /* → totalWeight (uint16) */
    NS_EC_COUNT = RS_NS_EMISSIONS_BASE + 4,        /* → number of distributions */
    NS_EC_DISTRIBUTION = RS_NS_EMISSIONS_BASE + 5, /* id → bytes (tuple encoding) */
    NS_EC_MINTED = RS_NS_EMISSIONS_BASE + 6,       /* epoch → bool */
    NS_EC_PROCESSED = RS_NS_EMISSIONS_BASE + 7,    /* epoch → totalProcessed (uint64) */
    NS_EC_ADDED = RS_NS_EMISSIONS_BASE + 8,        /* epoch → totalAdded (uint64) */
};

/* Distribution: (weight, startEpoch, totalEpochs, distributionType,
 * operatorSet, strategiesAndMultipliers). */
#define EC_DISTRIBUTION_T "(uint64,uint64,uint64,uint8,(address,uint32),(address,uint96)[][])"

typedef enum {
    EC_DISABLED = 0,
    EC_REWARDS_FOR_ALL_EARNERS = 1,
    EC_OPERATOR_SET_TOTAL_STAKE = 2,
    EC_OPERATOR_SET_UNIQUE_STAKE = 3,
    EC_EIGEN_DA = 4,
    EC_MANUAL = 5,
} ec_distribution_type;

enum { EC_PAUSED_TOKEN_FLOWS = 0 };

/* ---- views ---- */
rs_addr ec_owner(rs_env *e);
rs_addr ec_incentive_council(rs_env *e);
uint16_t ec_total_weight(rs_env *e);
uint64_t ec_distribution_count(rs_env *e);
u256 ec_current_epoch(rs_env *e);
bool ec_epoch_minted(rs_env *e, u256 epoch);
uint64_t ec_epoch_processed(rs_env *e, u256 epoch);
uint64_t ec_epoch_added(rs_env *e, u256 epoch);
uint64_t ec_total_processable(rs_env *e);
bool ec_is_button_pressable(rs_env *e);
/* next/lastTimeButtonPressable; RS_REVERTED (Panic 0x11) only on overflow. */
RS_MUST_USE int ec_next_time_pressable(rs_env *e, u256 *out);
RS_MUST_USE int ec_last_time_pressable(rs_env *e, u256 *out);
/* The stored tuple encoding of distribution `id` into out (appended);
 * Panic(0x32) past the end. */
RS_MUST_USE int ec_distribution_encoding(rs_env *e, u256 id, rs_buf *out);
/* abi.encode(Distribution[]) of [start, start + n) clipped to the end
 * (Panic 0x11 when start + n overflows or start is past the end). */
RS_MUST_USE int ec_distributions_encoding(rs_env *e, u256 start, u256 n, rs_buf *out);

/* ---- the council's and the owner's calls ---- */
/* `d` is a decoded EC_DISTRIBUTION_T value; *id gets the new id. */
RS_MUST_USE int ec_add_distribution(rs_env *e, rs_addr msg_sender, const abi_val *d, u256 *id);
RS_MUST_USE int ec_update_distribution(rs_env *e, rs_addr msg_sender, u256 id, const abi_val *d);
RS_MUST_USE int ec_set_incentive_council(rs_env *e, rs_addr msg_sender, rs_addr council);
RS_MUST_USE int ec_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr new_owner);
RS_MUST_USE int ec_renounce_ownership(rs_env *e, rs_addr msg_sender);

/* ---- anyone ---- */
RS_MUST_USE int ec_press_button(rs_env *e, rs_addr msg_sender, u256 length);
RS_MUST_USE int ec_sweep(rs_env *e, rs_addr msg_sender);

/* The parsed EC_DISTRIBUTION_T (built once, lives for the process). */
const abi_type *ec_distribution_type_t(void);

#endif
