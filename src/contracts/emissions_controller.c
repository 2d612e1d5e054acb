/* The EmissionsController's surface. */
#include "contracts/dispatch.h"
#include "contracts/pausable.h"
#include "protocol/emissions.h"
#include "restake/contracts.h"

#define WORD_VIEW(fn, expr)                                                          \
    static int fn(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {  \
        (void)msg, (void)args;                                                       \
        rs_buf_word(ret, (expr));                                                    \
        return RS_OK;                                                                \
    }

RS_PARAM_ADDR_GETTER(m_eigen, eigen)
RS_PARAM_ADDR_GETTER(m_backing_eigen, backing_eigen)
RS_PARAM_ADDR_GETTER(m_allocation_manager, allocation_manager)
RS_PARAM_ADDR_GETTER(m_rewards_coordinator, rewards_coordinator)
WORD_VIEW(m_max_total_weight, e->p->emissions_max_total_weight)
WORD_VIEW(m_inflation_rate, e->p->emissions_inflation_rate)
WORD_VIEW(m_start_time, e->p->emissions_start_time)
WORD_VIEW(m_epoch_length, e->p->emissions_epoch_length)
WORD_VIEW(m_owner, rs_addr_to_u256(ec_owner(e)))
WORD_VIEW(m_incentive_council, rs_addr_to_u256(ec_incentive_council(e)))
WORD_VIEW(m_total_weight, u256_from_u64(ec_total_weight(e)))
WORD_VIEW(m_current_epoch, ec_current_epoch(e))
WORD_VIEW(m_is_button_pressable, u256_from_u64(ec_is_button_pressable(e) ? 1 : 0))
WORD_VIEW(m_total_processable, u256_from_u64(ec_total_processable(e)))

static int m_next_time(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    u256 t;
    if (ec_next_time_pressable(e, &t) != RS_OK) return RS_REVERTED;
    rs_buf_word(ret, t);
    return RS_OK;
}

static int m_last_time(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg, (void)args;
    u256 t;
    if (ec_last_time_pressable(e, &t) != RS_OK) return RS_REVERTED;
    rs_buf_word(ret, t);
    return RS_OK;
}

static int m_get_distribution(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    rs_buf_word_u64(ret, 32);
    return ec_distribution_encoding(e, abi_u256(&args[0]), ret);
}

static int m_get_distributions(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)msg;
    return ec_distributions_encoding(e, abi_u256(&args[0]), abi_u256(&args[1]), ret);
}

static int m_add_distribution(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    u256 id;
    if (ec_add_distribution(e, msg->sender, &args[0], &id) != RS_OK) return RS_REVERTED;
    rs_buf_word(ret, id);
    return RS_OK;
}

static int m_update_distribution(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return ec_update_distribution(e, msg->sender, abi_u256(&args[0]), &args[1]);
}

static int m_press_button(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return ec_press_button(e, msg->sender, abi_u256(&args[0]));
}

static int m_sweep(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args, (void)ret;
    return ec_sweep(e, msg->sender);
}

static int m_set_incentive_council(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return ec_set_incentive_council(e, msg->sender, abi_addr(&args[0]));
}

static int m_transfer_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)ret;
    return ec_transfer_ownership(e, msg->sender, abi_addr(&args[0]));
}

static int m_renounce_ownership(rs_env *e, const rs_msg *msg, const abi_val *args, rs_buf *ret) {
    (void)args, (void)ret;
    return ec_renounce_ownership(e, msg->sender);
}

#define DIST "(uint64,uint64,uint64,uint8,(address,uint32),(address,uint96)[][])"

static rs_method g_methods[] = {
    {"EIGEN()", m_eigen, false, 0, NULL},
    {"BACKING_EIGEN()", m_backing_eigen, false, 0, NULL},
    {"ALLOCATION_MANAGER()", m_allocation_manager, false, 0, NULL},
    {"REWARDS_COORDINATOR()", m_rewards_coordinator, false, 0, NULL},
    {"MAX_TOTAL_WEIGHT()", m_max_total_weight, false, 0, NULL},
    {"EMISSIONS_INFLATION_RATE()", m_inflation_rate, false, 0, NULL},
    {"EMISSIONS_START_TIME()", m_start_time, false, 0, NULL},
    {"EMISSIONS_EPOCH_LENGTH()", m_epoch_length, false, 0, NULL},
    {"owner()", m_owner, false, 0, NULL},
    {"transferOwnership(address)", m_transfer_ownership, false, 0, NULL},
    {"renounceOwnership()", m_renounce_ownership, false, 0, NULL},
    {"incentiveCouncil()", m_incentive_council, false, 0, NULL},
    {"totalWeight()", m_total_weight, false, 0, NULL},
    {"getCurrentEpoch()", m_current_epoch, false, 0, NULL},
    {"isButtonPressable()", m_is_button_pressable, false, 0, NULL},
    {"nextTimeButtonPressable()", m_next_time, false, 0, NULL},
    {"lastTimeButtonPressable()", m_last_time, false, 0, NULL},
    {"getTotalProcessableDistributions()", m_total_processable, false, 0, NULL},
    {"getDistribution(uint256)", m_get_distribution, false, 0, NULL},
    {"getDistributions(uint256,uint256)", m_get_distributions, false, 0, NULL},
    {"addDistribution(" DIST ")", m_add_distribution, false, 0, NULL},
    {"updateDistribution(uint256," DIST ")", m_update_distribution, false, 0, NULL},
    {"pressButton(uint256)", m_press_button, false, 0, NULL},
    {"sweep()", m_sweep, false, 0, NULL},
    {"setIncentiveCouncil(address)", m_set_incentive_council, false, 0, NULL},
    {"initialize(address,address,uint256)", rs_method_already_initialized, false, 0, NULL},
    PAUSABLE_METHODS,
};

int rs_contract_emissions_controller(rs_env *e, const rs_msg *msg, rs_buf *ret) {
    return rs_dispatch_table(e, g_methods, sizeof g_methods / sizeof g_methods[0], msg, ret);
}
