/* OpenZeppelin 4.9 ERC20 accounting over a storage layout (erc20_core.h). */
#include "protocol/erc20_core.h"

#include <assert.h>

static rs_key token_key(uint16_t ns, rs_addr token) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, token);
    return k;
}

static rs_key holder_key(uint16_t ns, rs_addr token, rs_addr holder) {
    rs_key k = token_key(ns, token);
    rs_key_addr(&k, holder);
    return k;
}

static rs_key allowance_key(const erc20_layout *l, rs_addr token, rs_addr owner, rs_addr spender) {
    rs_key k = holder_key(l->ns_allowance, token, owner);
    rs_key_addr(&k, spender);
    return k;
}

u256 erc20_core_balance(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr who) {
    rs_key k = holder_key(l->ns_balance, token, who);
    return rs_sload(e->st, &k);
}

u256 erc20_core_allowance(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr owner, rs_addr spender) {
    rs_key k = allowance_key(l, token, owner, spender);
    return rs_sload(e->st, &k);
}

u256 erc20_core_supply(rs_env *e, const erc20_layout *l, rs_addr token) {
    rs_key k = token_key(l->ns_supply, token);
    return rs_sload(e->st, &k);
}

static void emit_value(rs_env *e, rs_addr token, const char *sig, rs_addr a, rs_addr b, u256 v) {
    rs_b32 topics[2] = {rs_topic_addr(a), rs_topic_addr(b)};
    uint8_t data[32];
    u256_to_be(v, data);
    rs_emit(e, token, sig, 2, topics, data, 32);
}

static int before(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr from, rs_addr to) {
    return l->before ? l->before(e, token, from, to) : RS_OK;
}

static int after(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr from, rs_addr to, u256 amount) {
    return l->after ? l->after(e, token, from, to, amount) : RS_OK;
}

int erc20_core_approve(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr owner, rs_addr spender,
                       u256 amount) {
    if (rs_addr_is_zero(owner)) return rs_revert_string(e, "ERC20: approve from the zero address");
    if (rs_addr_is_zero(spender)) return rs_revert_string(e, "ERC20: approve to the zero address");
    rs_key k = allowance_key(l, token, owner, spender);
    rs_sstore(e->st, &k, amount);
    emit_value(e, token, "Approval(address,address,uint256)", owner, spender, amount);
    return RS_OK;
}

int erc20_core_transfer(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr from, rs_addr to, u256 amount) {
    if (rs_addr_is_zero(from)) return rs_revert_string(e, "ERC20: transfer from the zero address");
    if (rs_addr_is_zero(to)) return rs_revert_string(e, "ERC20: transfer to the zero address");
    if (before(e, l, token, from, to) != RS_OK) return RS_REVERTED;
    rs_key fk = holder_key(l->ns_balance, token, from);
    u256 bal = rs_sload(e->st, &fk);
    if (u256_lt(bal, amount)) return rs_revert_string(e, "ERC20: transfer amount exceeds balance");
    rs_sstore(e->st, &fk, u256_sub_wrap(bal, amount));
    /* Cannot overflow: the sum of all balances is bounded by totalSupply. */
    rs_key tk = holder_key(l->ns_balance, token, to);
    rs_sstore(e->st, &tk, u256_add_wrap(rs_sload(e->st, &tk), amount));
    emit_value(e, token, "Transfer(address,address,uint256)", from, to, amount);
    return after(e, l, token, from, to, amount);
}

int erc20_core_spend_allowance(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr owner, rs_addr spender,
                               u256 amount) {
    u256 cur = erc20_core_allowance(e, l, token, owner, spender);
    if (u256_eq(cur, U256_MAX)) return RS_OK;
    if (u256_lt(cur, amount)) return rs_revert_string(e, "ERC20: insufficient allowance");
    return erc20_core_approve(e, l, token, owner, spender, u256_sub_wrap(cur, amount));
}

int erc20_core_increase_allowance(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr owner, rs_addr spender,
                                  u256 added) {
    u256 sum;
    if (!u256_add(&sum, erc20_core_allowance(e, l, token, owner, spender), added))
        return rs_panic(e, PANIC_OVERFLOW);
    return erc20_core_approve(e, l, token, owner, spender, sum);
}

int erc20_core_decrease_allowance(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr owner, rs_addr spender,
                                  u256 subtracted) {
    u256 cur = erc20_core_allowance(e, l, token, owner, spender);
    if (u256_lt(cur, subtracted)) return rs_revert_string(e, "ERC20: decreased allowance below zero");
    return erc20_core_approve(e, l, token, owner, spender, u256_sub_wrap(cur, subtracted));
}

int erc20_core_mint(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr to, u256 amount) {
    if (rs_addr_is_zero(to)) return rs_revert_string(e, "ERC20: mint to the zero address");
    if (before(e, l, token, RS_ADDR_ZERO, to) != RS_OK) return RS_REVERTED;
    rs_key sk = token_key(l->ns_supply, token);
    u256 supply;
    if (!u256_add(&supply, rs_sload(e->st, &sk), amount)) return rs_panic(e, PANIC_OVERFLOW);
    rs_sstore(e->st, &sk, supply);
    rs_key bk = holder_key(l->ns_balance, token, to);
    rs_sstore(e->st, &bk, u256_add_wrap(rs_sload(e->st, &bk), amount));
    emit_value(e, token, "Transfer(address,address,uint256)", RS_ADDR_ZERO, to, amount);
    return after(e, l, token, RS_ADDR_ZERO, to, amount);
}

int erc20_core_burn(rs_env *e, const erc20_layout *l, rs_addr token, rs_addr from, u256 amount) {
    if (rs_addr_is_zero(from)) return rs_revert_string(e, "ERC20: burn from the zero address");
    if (before(e, l, token, from, RS_ADDR_ZERO) != RS_OK) return RS_REVERTED;
    rs_key bk = holder_key(l->ns_balance, token, from);
    u256 bal = rs_sload(e->st, &bk);
    if (u256_lt(bal, amount)) return rs_revert_string(e, "ERC20: burn amount exceeds balance");
    rs_sstore(e->st, &bk, u256_sub_wrap(bal, amount));
    /* Cannot underflow: the burnt balance is part of the supply. */
    rs_key sk = token_key(l->ns_supply, token);
    assert(!u256_lt(rs_sload(e->st, &sk), amount));
    rs_sstore(e->st, &sk, u256_sub_wrap(rs_sload(e->st, &sk), amount));
    emit_value(e, token, "Transfer(address,address,uint256)", from, RS_ADDR_ZERO, amount);
    return after(e, l, token, from, RS_ADDR_ZERO, amount);
}
