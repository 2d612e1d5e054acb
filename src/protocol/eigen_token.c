/* EIGEN and bEIGEN: ERC20 accounting, transfer restrictions, ownership,
 * bEIGEN minting and EIGEN's wrap/unwrap. */
#include "protocol/eigen_token.h"

#include <string.h>

#include "protocol/eigen_votes.h"
#include "protocol/erc20_core.h"
#include "restake/accounts.h"

/* ---- keys ---- */

static rs_key key1(uint16_t ns, rs_addr token) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, token);
    return k;
}

static rs_key key2(uint16_t ns, rs_addr token, rs_addr a) {
    rs_key k = key1(ns, token);
    rs_key_addr(&k, a);
    return k;
}

static rs_key allowance_key(rs_addr token, rs_addr owner, rs_addr spender) {
    rs_key k = key2(NS_ET_ALLOWANCE, token, owner);
    rs_key_addr(&k, spender);
    return k;
}

static bool is_eigen(rs_env *e, rs_addr token) { return rs_addr_eq(token, e->p->eigen); }

u256 et_max_supply(void) {
    u256 m = U256_ZERO;
    m.w[3] = UINT64_MAX >> 32; /* bits 192..223 */
    m.w[2] = m.w[1] = m.w[0] = UINT64_MAX;
    return m;
}

/* ---- views ---- */

u256 et_balance_of(rs_env *e, rs_addr token, rs_addr who) {
    rs_key k = key2(NS_ET_BALANCE, token, who);
    return rs_sload(e->st, &k);
}

u256 et_allowance(rs_env *e, rs_addr token, rs_addr owner, rs_addr spender) {
    rs_key k = allowance_key(token, owner, spender);
    return rs_sload(e->st, &k);
}

u256 et_internal_supply(rs_env *e, rs_addr token) {
    rs_key k = key1(NS_ET_SUPPLY, token);
    return rs_sload(e->st, &k);
}

u256 et_total_supply(rs_env *e, rs_addr token) {
    return et_internal_supply(e, is_eigen(e, token) ? e->p->backing_eigen : token);
}

uint8_t et_decimals(rs_env *e, rs_addr token) {
    rs_key k = key1(NS_ET_DECIMALS, token);
    return (uint8_t)rs_sload_u64(e->st, &k);
}

size_t et_name(rs_env *e, rs_addr token, char *out, size_t cap) {
    rs_key k = key1(NS_ET_NAME, token);
    return rs_sload_bytes(e->st, &k, out, cap);
}

size_t et_symbol(rs_env *e, rs_addr token, char *out, size_t cap) {
    rs_key k = key1(NS_ET_SYMBOL, token);
    return rs_sload_bytes(e->st, &k, out, cap);
}

rs_addr et_owner(rs_env *e, rs_addr token) {
    rs_key k = key1(NS_ET_OWNER, token);
    return rs_sload_addr(e->st, &k);
}

u256 et_restrictions_disabled_after(rs_env *e, rs_addr token) {
    rs_key k = key1(NS_ET_RESTRICT_AFTER, token);
    return rs_sload(e->st, &k);
}

bool et_allowed_from(rs_env *e, rs_addr token, rs_addr who) {
    rs_key k = key2(NS_ET_ALLOWED_FROM, token, who);
    return rs_sload_bool(e->st, &k);
}

bool et_allowed_to(rs_env *e, rs_addr token, rs_addr who) {
    rs_key k = key2(NS_ET_ALLOWED_TO, token, who);
    return rs_sload_bool(e->st, &k);
}

bool et_is_minter(rs_env *e, rs_addr who) {
    rs_key k = key2(NS_ET_MINTER, e->p->backing_eigen, who);
    return rs_sload_bool(e->st, &k);
}

u256 et_minting_allowance(rs_env *e, rs_addr who) {
    rs_key k = key2(NS_ET_MINT_ALLOWANCE, e->p->eigen, who);
    return rs_sload(e->st, &k);
}

u256 et_mint_allowed_after(rs_env *e, rs_addr who) {
    rs_key k = key2(NS_ET_MINT_AFTER, e->p->eigen, who);
    return rs_sload(e->st, &k);
}

/* ---- events ---- */

static void emit_addr_word(rs_env *e, rs_addr token, const char *sig, rs_addr a, u256 v) {
    rs_b32 topic = rs_topic_addr(a);
    uint8_t data[32];
    u256_to_be(v, data);
    rs_emit(e, token, sig, 1, &topic, data, 32);
}

/* ---- ERC20 internals (OZ 4.9 order of checks) ---- */

/* _beforeTokenTransfer of each token: while restrictions are on, a
 * transfer needs a whitelisted side (EIGEN also lets burns through). */
static int before_transfer(rs_env *e, rs_addr token, rs_addr from, rs_addr to) {
    if (u256_gt(u256_from_u64(e->timestamp), et_restrictions_disabled_after(e, token))) return RS_OK;
    if (is_eigen(e, token)) {
        if (rs_addr_is_zero(from) || rs_addr_is_zero(to) || et_allowed_from(e, token, from) ||
            et_allowed_to(e, token, to))
            return RS_OK;
        return rs_revert_string(e, "Eigen._beforeTokenTransfer: from or to must be whitelisted");
    }
    if (et_allowed_from(e, token, from) || et_allowed_to(e, token, to) || rs_addr_is_zero(from)) return RS_OK;
    return rs_revert_string(e, "BackingEigen._beforeTokenTransfer: from or to must be whitelisted");
}

/* EIGEN's and bEIGEN's accounting: their own namespaces, the transfer
 * restrictions before and the votes after every movement. */
static const erc20_layout LAYOUT = {NS_ET_BALANCE, NS_ET_ALLOWANCE, NS_ET_SUPPLY, before_transfer,
                                    etv_after_transfer};

/* ERC20Votes._mint: ERC20._mint, then the votes' supply cap (on the
 * token's totalSupply(), which for EIGEN is bEIGEN's). */
static int mint_internal(rs_env *e, rs_addr token, rs_addr to, u256 amount) {
    if (erc20_core_mint(e, &LAYOUT, token, to, amount) != RS_OK) return RS_REVERTED;
    if (u256_gt(et_total_supply(e, token), et_max_supply()))
        return rs_revert_string(e, "ERC20Votes: total supply risks overflowing votes");
    return etv_supply_add(e, token, amount);
}

static int burn_internal(rs_env *e, rs_addr token, rs_addr from, u256 amount) {
    if (erc20_core_burn(e, &LAYOUT, token, from, amount) != RS_OK) return RS_REVERTED;
    return etv_supply_sub(e, token, amount);
}

/* ---- ERC20 surface ---- */

int et_transfer(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr to, u256 amount) {
    return erc20_core_transfer(e, &LAYOUT, token, msg_sender, to, amount);
}

int et_transfer_from(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr from, rs_addr to, u256 amount) {
    if (erc20_core_spend_allowance(e, &LAYOUT, token, from, msg_sender, amount) != RS_OK) return RS_REVERTED;
    return erc20_core_transfer(e, &LAYOUT, token, from, to, amount);
}

int et_approve(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 amount) {
    return erc20_core_approve(e, &LAYOUT, token, msg_sender, spender, amount);
}

int et_increase_allowance(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 added) {
    return erc20_core_increase_allowance(e, &LAYOUT, token, msg_sender, spender, added);
}

int et_decrease_allowance(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 less) {
    return erc20_core_decrease_allowance(e, &LAYOUT, token, msg_sender, spender, less);
}

int et_multisend(rs_env *e, rs_addr msg_sender, rs_addr token, const rs_addr *to, const u256 *amounts, size_t nto,
                 size_t namounts) {
    if (nto != namounts)
        return rs_revert_string(e, "Eigen.multisend: receivers and amounts must be the same length");
    for (size_t i = 0; i < nto; i++)
        if (erc20_core_transfer(e, &LAYOUT, token, msg_sender, to[i], amounts[i]) != RS_OK) return RS_REVERTED;
    return RS_OK;
}

/* ---- ownership and the owner's setters ---- */

static int only_owner(rs_env *e, rs_addr token, rs_addr msg_sender) {
    if (!rs_addr_eq(et_owner(e, token), msg_sender)) return rs_revert_string(e, "Ownable: caller is not the owner");
    return RS_OK;
}

static void set_owner(rs_env *e, rs_addr token, rs_addr owner) {
    rs_key k = key1(NS_ET_OWNER, token);
    rs_b32 topics[2] = {rs_topic_addr(rs_sload_addr(e->st, &k)), rs_topic_addr(owner)};
    rs_sstore_addr(e->st, &k, owner);
    rs_emit(e, token, "OwnershipTransferred(address,address)", 2, topics, NULL, 0);
}

int et_transfer_ownership(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr new_owner) {
    if (only_owner(e, token, msg_sender) != RS_OK) return RS_REVERTED;
    if (rs_addr_is_zero(new_owner)) return rs_revert_string(e, "Ownable: new owner is the zero address");
    set_owner(e, token, new_owner);
    return RS_OK;
}

int et_renounce_ownership(rs_env *e, rs_addr msg_sender, rs_addr token) {
    if (only_owner(e, token, msg_sender) != RS_OK) return RS_REVERTED;
    set_owner(e, token, RS_ADDR_ZERO);
    return RS_OK;
}

static void emit_flag(rs_env *e, rs_addr token, const char *sig, rs_addr who, bool v) {
    emit_addr_word(e, token, sig, who, v ? U256_ONE : U256_ZERO);
}

int et_set_allowed_from(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr who, bool v) {
    if (only_owner(e, token, msg_sender) != RS_OK) return RS_REVERTED;
    rs_key k = key2(NS_ET_ALLOWED_FROM, token, who);
    rs_sstore_bool(e->st, &k, v);
    emit_flag(e, token, "SetAllowedFrom(address,bool)", who, v);
    return RS_OK;
}

int et_set_allowed_to(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr who, bool v) {
    if (only_owner(e, token, msg_sender) != RS_OK) return RS_REVERTED;
    rs_key k = key2(NS_ET_ALLOWED_TO, token, who);
    rs_sstore_bool(e->st, &k, v);
    emit_flag(e, token, "SetAllowedTo(address,bool)", who, v);
    return RS_OK;
}

int et_disable_transfer_restrictions(rs_env *e, rs_addr msg_sender, rs_addr token) {
    if (only_owner(e, token, msg_sender) != RS_OK) return RS_REVERTED;
    if (!u256_eq(et_restrictions_disabled_after(e, token), U256_MAX))
        return rs_revert_string(e, is_eigen(e, token)
                                       ? "Eigen.disableTransferRestrictions: transfer restrictions are already disabled"
                                       : "BackingEigen.disableTransferRestrictions: transfer restrictions are already disabled");
    rs_key k = key1(NS_ET_RESTRICT_AFTER, token);
    rs_sstore(e->st, &k, U256_ZERO);
    rs_emit(e, token, "TransferRestrictionsDisabled()", 0, NULL, NULL, 0);
    return RS_OK;
}

/* ---- bEIGEN ---- */

int et_set_is_minter(rs_env *e, rs_addr msg_sender, rs_addr who, bool v) {
    rs_addr token = e->p->backing_eigen;
    if (only_owner(e, token, msg_sender) != RS_OK) return RS_REVERTED;
    emit_flag(e, token, "IsMinterModified(address,bool)", who, v);
    rs_key k = key2(NS_ET_MINTER, token, who);
    rs_sstore_bool(e->st, &k, v);
    return RS_OK;
}

int et_backing_mint(rs_env *e, rs_addr msg_sender, rs_addr to, u256 amount) {
    if (!et_is_minter(e, msg_sender)) return rs_revert_string(e, "BackingEigen.mint: caller is not a minter");
    return mint_internal(e, e->p->backing_eigen, to, amount);
}

int et_backing_burn(rs_env *e, rs_addr msg_sender, u256 amount) {
    return burn_internal(e, e->p->backing_eigen, msg_sender, amount);
}

/* ---- EIGEN ---- */

int et_wrap(rs_env *e, rs_addr msg_sender, u256 amount) {
    rs_addr eigen = e->p->eigen;
    if (et_transfer_from(e, eigen, e->p->backing_eigen, msg_sender, eigen, amount) != RS_OK) return RS_REVERTED;
    if (mint_internal(e, eigen, msg_sender, amount) != RS_OK) return RS_REVERTED;
    emit_addr_word(e, eigen, "TokenWrapped(address,uint256)", msg_sender, amount);
    return RS_OK;
}

int et_unwrap(rs_env *e, rs_addr msg_sender, u256 amount) {
    rs_addr eigen = e->p->eigen;
    if (burn_internal(e, eigen, msg_sender, amount) != RS_OK) return RS_REVERTED;
    if (et_transfer(e, eigen, e->p->backing_eigen, msg_sender, amount) != RS_OK) return RS_REVERTED;
    emit_addr_word(e, eigen, "TokenUnwrapped(address,uint256)", msg_sender, amount);
    return RS_OK;
}

int et_eigen_mint(rs_env *e, rs_addr msg_sender) {
    rs_addr eigen = e->p->eigen;
    u256 amount = et_minting_allowance(e, msg_sender);
    if (u256_is_zero(amount)) return rs_revert_string(e, "Eigen.mint: msg.sender has no minting allowance");
    if (!u256_gt(u256_from_u64(e->timestamp), et_mint_allowed_after(e, msg_sender)))
        return rs_revert_string(e, "Eigen.mint: msg.sender is not allowed to mint yet");
    rs_key k = key2(NS_ET_MINT_ALLOWANCE, eigen, msg_sender);
    rs_sstore(e->st, &k, U256_ZERO);
    if (mint_internal(e, eigen, msg_sender, amount) != RS_OK) return RS_REVERTED;
    emit_addr_word(e, eigen, "Mint(address,uint256)", msg_sender, amount);
    return RS_OK;
}

/* ---- votes ---- */

int et_delegate(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr delegatee) {
    return etv_delegate(e, token, msg_sender, delegatee);
}

/* ---- genesis ---- */

static void store_flags(rs_state *st, uint16_t ns, rs_addr token, const rs_gen_flag *f, size_t n) {
    for (size_t i = 0; i < n; i++) {
        rs_key k = key2(ns, token, f[i].who);
        rs_sstore_bool(st, &k, f[i].value);
    }
}

static void store_amounts(rs_state *st, uint16_t ns, rs_addr token, const rs_gen_balance *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        rs_key k = key2(ns, token, b[i].holder);
        rs_sstore(st, &k, b[i].amount);
    }
}

void et_create(rs_state *st, rs_addr token, rs_code_kind kind, const rs_gen_eigen_token *g, uint64_t timestamp) {
    rs_code_set(st, token, kind);
    rs_key k = key1(NS_ET_NAME, token);
    rs_sstore_bytes(st, &k, g->name, strlen(g->name));
    k = key1(NS_ET_SYMBOL, token);
    rs_sstore_bytes(st, &k, g->symbol, strlen(g->symbol));
    k = key1(NS_ET_DECIMALS, token);
    rs_sstore_u64(st, &k, g->decimals);
    k = key1(NS_ET_OWNER, token);
    rs_sstore_addr(st, &k, g->owner);
    k = key1(NS_ET_RESTRICT_AFTER, token);
    rs_sstore(st, &k, g->restrictions_disabled_after);
    u256 supply = U256_ZERO;
    for (size_t i = 0; i < g->nbalances; i++) supply = u256_add_wrap(supply, g->balances[i].amount);
    k = key1(NS_ET_SUPPLY, token);
    rs_sstore(st, &k, supply);
    etv_genesis_supply(st, token, timestamp, supply);
    store_amounts(st, NS_ET_BALANCE, token, g->balances, g->nbalances);
    store_flags(st, NS_ET_ALLOWED_FROM, token, g->allowed_from, g->nallowed_from);
    store_flags(st, NS_ET_ALLOWED_TO, token, g->allowed_to, g->nallowed_to);
    store_flags(st, NS_ET_MINTER, token, g->minters, g->nminters);
    store_amounts(st, NS_ET_MINT_ALLOWANCE, token, g->minting_allowance, g->nminting_allowance);
    store_amounts(st, NS_ET_MINT_AFTER, token, g->mint_allowed_after, g->nmint_allowed_after);
}

void eigen_genesis(rs_state *st, const rs_genesis *g) {
    const rs_params *p = &g->params;
    if (g->eigen.present) et_create(st, p->eigen, RS_CODE_EIGEN, &g->eigen, g->timestamp);
    if (g->beigen.present) et_create(st, p->backing_eigen, RS_CODE_BACKING_EIGEN, &g->beigen, g->timestamp);
}
