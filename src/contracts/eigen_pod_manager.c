/* The EigenPodManager's contract surface: calldata → epm_ calls → returns. */
#include "contracts/pausable.h"
#include "protocol/eigenpod.h"
#include "protocol/pausing.h"
#include "contracts/dispatch.h"
#include "restake/contracts.h"

#define ARG(i) (&args[i])

static int ret_addr(rs_buf *ret, rs_addr a) {
    rs_buf_word_addr(ret, a);
    return RS_OK;
}
static int ret_word(rs_buf *ret, u256 v) {
    rs_buf_word(ret, v);
    return RS_OK;
}

static int m_create_pod(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args;
    rs_addr pod;
    if (epm_create_pod(e, msg->sender, &pod) != RS_OK) return RS_REVERTED;
    return ret_addr(ret, pod);
}

static int m_stake(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return epm_stake(e, msg->sender, msg->value, ARG(0)->ptr, ARG(0)->len, ARG(1)->ptr, ARG(1)->len, abi_b32(ARG(2)));
}

static int m_record(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return epm_record_beacon_chain_eth_balance_update(e, msg->sender, abi_addr(ARG(0)), abi_u256(ARG(1)), abi_u256(ARG(2)));
}

static int m_remove_deposit_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 after;
    if (epm_remove_deposit_shares(e, msg->sender, abi_addr(ARG(0)), abi_addr(ARG(1)), abi_u256(ARG(2)), &after) != RS_OK)
        return RS_REVERTED;
    return ret_word(ret, after);
}

static int m_add_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 prev, added;
    if (epm_add_shares(e, msg->sender, abi_addr(ARG(0)), abi_addr(ARG(1)), abi_u256(ARG(2)), &prev, &added) != RS_OK)
        return RS_REVERTED;
    rs_buf_word(ret, prev);
    return ret_word(ret, added);
}

static int m_withdraw_shares_as_tokens(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return epm_withdraw_shares_as_tokens(e, msg->sender, abi_addr(ARG(0)), abi_addr(ARG(1)), abi_addr(ARG(2)),
                                         abi_u256(ARG(3)));
}

static int m_increase_burn(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    const abi_val *set = ARG(0);
    return epm_increase_burn_or_redistributable_shares(e, msg->sender, abi_addr(&set->items[0]),
                                                       (uint32_t)abi_u64(&set->items[1]), abi_u256(ARG(1)),
                                                       abi_addr(ARG(2)), abi_u256(ARG(3)));
}

static int m_set_proof_timestamp_setter(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return epm_set_proof_timestamp_setter(e, msg->sender, abi_addr(ARG(0)));
}

static int m_set_pectra_fork_timestamp(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return epm_set_pectra_fork_timestamp(e, msg->sender, abi_u64(ARG(0)));
}

static int m_transfer_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return epm_transfer_ownership(e, msg->sender, abi_addr(ARG(0)));
}

static int m_renounce_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    (void)args;
    return epm_renounce_ownership(e, msg->sender);
}

/* ---- views ---- */

static int m_owner_to_pod(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    return ret_addr(ret, epm_owner_to_pod(e, abi_addr(ARG(0))));
}
static int m_get_pod(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    return ret_addr(ret, epm_get_pod(e, abi_addr(ARG(0))));
}
static int m_has_pod(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    return ret_word(ret, u256_from_u64(epm_has_pod(e, abi_addr(ARG(0)))));
}
static int m_num_pods(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    return ret_word(ret, epm_num_pods(e));
}
static int m_pod_owner_deposit_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    return ret_word(ret, epm_pod_owner_deposit_shares(e, abi_addr(ARG(0))));
}
static int m_staker_deposit_shares(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    u256 v;
    if (epm_staker_deposit_shares(e, abi_addr(ARG(0)), abi_addr(ARG(1)), &v) != RS_OK) return RS_REVERTED;
    return ret_word(ret, v);
}
static int m_bcsf(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    return ret_word(ret, u256_from_u64(epm_beacon_chain_slashing_factor(e, abi_addr(ARG(0)))));
}
static int m_burnable(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    return ret_word(ret, epm_burnable_eth_shares(e));
}
static int m_ts_setter(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    return ret_addr(ret, epm_proof_timestamp_setter(e));
}
static int m_pectra_ts(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    return ret_word(ret, u256_from_u64(epm_pectra_fork_timestamp(e)));
}
static int m_owner(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    return ret_addr(ret, epm_owner(e));
}
static int m_eth_pos(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    return ret_addr(ret, e->p->eth_pos_deposit);
}
static int m_pod_beacon(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    return ret_addr(ret, e->p->eigen_pod_beacon);
}
static int m_dm(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    return ret_addr(ret, e->p->delegation_manager);
}
static int m_beacon_strategy(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    return ret_addr(ret, e->p->beacon_chain_eth_strategy);
}

static rs_method methods[] = {
    {"createPod()", m_create_pod, false, 0, NULL},
    {"stake(bytes,bytes,bytes32)", m_stake, true, 0, NULL},
    {"recordBeaconChainETHBalanceUpdate(address,uint256,int256)", m_record, false, 0, NULL},
    {"removeDepositShares(address,address,uint256)", m_remove_deposit_shares, false, 0, NULL},
    {"addShares(address,address,uint256)", m_add_shares, false, 0, NULL},
    {"withdrawSharesAsTokens(address,address,address,uint256)", m_withdraw_shares_as_tokens, false, 0, NULL},
    {"increaseBurnOrRedistributableShares((address,uint32),uint256,address,uint256)", m_increase_burn, false, 0,
     NULL},
    {"setProofTimestampSetter(address)", m_set_proof_timestamp_setter, false, 0, NULL},
    {"setPectraForkTimestamp(uint64)", m_set_pectra_fork_timestamp, false, 0, NULL},
    {"transferOwnership(address)", m_transfer_ownership, false, 0, NULL},
    {"renounceOwnership()", m_renounce_ownership, false, 0, NULL},
    {"initialize(address,uint256)", rs_method_already_initialized, false, 0, NULL},
    {"ownerToPod(address)", m_owner_to_pod, false, 0, NULL},
    {"getPod(address)", m_get_pod, false, 0, NULL},
    {"hasPod(address)", m_has_pod, false, 0, NULL},
    {"numPods()", m_num_pods, false, 0, NULL},
    {"podOwnerDepositShares(address)", m_pod_owner_deposit_shares, false, 0, NULL},
    {"stakerDepositShares(address,address)", m_staker_deposit_shares, false, 0, NULL},
    {"beaconChainSlashingFactor(address)", m_bcsf, false, 0, NULL},
    {"burnableETHShares()", m_burnable, false, 0, NULL},
    {"proofTimestampSetter()", m_ts_setter, false, 0, NULL},
    {"pectraForkTimestamp()", m_pectra_ts, false, 0, NULL},
    {"owner()", m_owner, false, 0, NULL},
    {"ethPOS()", m_eth_pos, false, 0, NULL},
    {"eigenPodBeacon()", m_pod_beacon, false, 0, NULL},
    {"delegationManager()", m_dm, false, 0, NULL},
    {"beaconChainETHStrategy()", m_beacon_strategy, false, 0, NULL},
    PAUSABLE_METHODS,
};

int rs_contract_eigen_pod_manager(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, methods, sizeof methods / sizeof methods[0], msg, ret);
}
