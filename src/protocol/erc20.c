#include "protocol/erc20.h"

#include "protocol/erc20_core.h"

#include "restake/accounts.h"
#include "restake/genesis.h"

static rs_key token_key(uint16_t ns, rs_addr token) {
    rs_key k = rs_key_ns(ns);
    rs_key_addr(&k, token);
    return k;
}

static rs_key balance_key(rs_addr token, rs_addr holder) {
    rs_key k = token_key(NS_ERC20_BALANCE, token);
    rs_key_addr(&k, holder);
    return k;
}

static rs_key allowance_key(rs_addr token, rs_addr owner, rs_addr spender) {
    rs_key k = token_key(NS_ERC20_ALLOWANCE, token);
    rs_key_addr(&k, owner);
    rs_key_addr(&k, spender);
    return k;
}

/* The mock tokens: their own namespaces, no transfer hooks. */
static const erc20_layout MOCK = {NS_ERC20_BALANCE, NS_ERC20_ALLOWANCE, NS_ERC20_SUPPLY, NULL, NULL};

u256 erc20_balance_of(rs_env *e, rs_addr token, rs_addr who) {
    rs_key k = balance_key(token, who);
    return rs_sload(e->st, &k);
}

u256 erc20_total_supply(rs_env *e, rs_addr token) {
    rs_key k = token_key(NS_ERC20_SUPPLY, token);
    return rs_sload(e->st, &k);
}

u256 erc20_allowance(rs_env *e, rs_addr token, rs_addr owner, rs_addr spender) {
    rs_key k = allowance_key(token, owner, spender);
    return rs_sload(e->st, &k);
}

uint8_t erc20_decimals(rs_env *e, rs_addr token) {
    rs_key k = token_key(NS_ERC20_DECIMALS, token);
    return (uint8_t)rs_sload_u64(e->st, &k);
}

bool erc20_is_mintable(rs_env *e, rs_addr token) {
    rs_key k = token_key(NS_ERC20_MINTABLE, token);
    return rs_sload_bool(e->st, &k);
}

size_t erc20_name(rs_env *e, rs_addr token, char *out, size_t cap) {
    rs_key k = token_key(NS_ERC20_NAME, token);
    return rs_sload_bytes(e->st, &k, out, cap);
}

size_t erc20_symbol(rs_env *e, rs_addr token, char *out, size_t cap) {
    rs_key k = token_key(NS_ERC20_SYMBOL, token);
    return rs_sload_bytes(e->st, &k, out, cap);
}

static bool is_native(rs_env *e, rs_addr token) { return rs_code_get(e->st, token) == RS_CODE_ERC20; }

/* OpenZeppelin 4.9 SafeERC20._callOptionalReturn against a token that is
 * not native: Address.functionCall really calls it, bubbles revert data,
 * replaces an empty revert with "SafeERC20: low-level call failed", refuses
 * an account without code once the call returned nothing, and requires any
 * returned data to decode as bool true. */
static int foreign_call(rs_env *e, rs_addr msg_sender, rs_addr token, const char *sig, const u256 *words, size_t n) {
    rs_buf cd, ret;
    rs_buf_init(&cd);
    rs_buf_init(&ret);
    rs_buf_selector(&cd, sig);
    for (size_t i = 0; i < n; i++) rs_buf_word(&cd, words[i]);
    int rc = rs_call(e, msg_sender, token, U256_ZERO, cd.p, cd.len, &ret);
    if (rc != RS_OK) {
        if (e->revert_len == 0) rc = rs_revert_string(e, "SafeERC20: low-level call failed");
    } else if (ret.len == 0) {
        if (rs_code_get(e->st, token) == RS_CODE_NONE) rc = rs_revert_string(e, "Address: call to non-contract");
    } else if (ret.len < 32) {
        rc = rs_revert_empty(e); /* abi.decode(returndata, (bool)) */
    } else {
        u256 v = u256_from_be(ret.p);
        if (u256_gt(v, U256_ONE)) rc = rs_revert_empty(e);
        else if (u256_is_zero(v)) rc = rs_revert_string(e, "SafeERC20: ERC20 operation did not succeed");
    }
    rs_buf_free(&cd);
    rs_buf_free(&ret);
    return rc;
}

/* A view of a token that is not native, as Solidity's high-level call
 * makes it: STATICCALL from `caller`, revert data bubbled, a return shorter
 * than one word (or, for `bits` < 256, a word that does not fit) reverts
 * empty. */
static int foreign_view_word(rs_env *e, rs_addr caller, rs_addr token, const char *sig, const u256 *words, size_t n,
                             unsigned bits, u256 *out) {
    rs_buf cd, ret;
    rs_buf_init(&cd);
    rs_buf_init(&ret);
    rs_buf_selector(&cd, sig);
    for (size_t i = 0; i < n; i++) rs_buf_word(&cd, words[i]);
    int rc = rs_staticcall(e, caller, token, cd.p, cd.len, &ret);
    if (rc == RS_OK) {
        if (ret.len < 32) rc = rs_revert_empty(e);
        else {
            *out = u256_from_be(ret.p);
            if (bits < 256 && !u256_fits_bits(*out, bits)) rc = rs_revert_empty(e);
        }
    }
    rs_buf_free(&cd);
    rs_buf_free(&ret);
    return rc;
}

int erc20_balance_of_call(rs_env *e, rs_addr caller, rs_addr token, rs_addr who, u256 *out) {
    if (is_native(e, token)) {
        *out = erc20_balance_of(e, token, who);
        return RS_OK;
    }
    u256 w = rs_addr_to_u256(who);
    return foreign_view_word(e, caller, token, "balanceOf(address)", &w, 1, 256, out);
}

int erc20_decimals_call(rs_env *e, rs_addr caller, rs_addr token, uint8_t *out) {
    if (is_native(e, token)) {
        *out = erc20_decimals(e, token);
        return RS_OK;
    }
    u256 v;
    if (foreign_view_word(e, caller, token, "decimals()", NULL, 0, 8, &v) != RS_OK) return RS_REVERTED;
    *out = (uint8_t)v.w[0];
    return RS_OK;
}

int erc20_transfer(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr to, u256 amount) {
    if (!is_native(e, token)) {
        u256 w[2] = {rs_addr_to_u256(to), amount};
        return foreign_call(e, msg_sender, token, "transfer(address,uint256)", w, 2);
    }
    return erc20_core_transfer(e, &MOCK, token, msg_sender, to, amount);
}

int erc20_transfer_from(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr from, rs_addr to, u256 amount) {
    if (!is_native(e, token)) {
        u256 w[3] = {rs_addr_to_u256(from), rs_addr_to_u256(to), amount};
        return foreign_call(e, msg_sender, token, "transferFrom(address,address,uint256)", w, 3);
    }
    if (erc20_core_spend_allowance(e, &MOCK, token, from, msg_sender, amount) != RS_OK) return RS_REVERTED;
    return erc20_core_transfer(e, &MOCK, token, from, to, amount);
}

int erc20_approve(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 amount) {
    if (!is_native(e, token)) {
        u256 w[2] = {rs_addr_to_u256(spender), amount};
        return foreign_call(e, msg_sender, token, "approve(address,uint256)", w, 2);
    }
    return erc20_core_approve(e, &MOCK, token, msg_sender, spender, amount);
}

int erc20_increase_allowance(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 added) {
    return erc20_core_increase_allowance(e, &MOCK, token, msg_sender, spender, added);
}

int erc20_decrease_allowance(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr spender, u256 subtracted) {
    return erc20_core_decrease_allowance(e, &MOCK, token, msg_sender, spender, subtracted);
}

int erc20_mint(rs_env *e, rs_addr msg_sender, rs_addr token, rs_addr to, u256 amount) {
    (void)msg_sender; /* the vectors' mint is open to anyone */
    return erc20_core_mint(e, &MOCK, token, to, amount);
}

void erc20_create(rs_state *st, rs_addr token, const char *name, const char *symbol, uint8_t decimals,
                  bool mintable) {
    rs_code_set(st, token, RS_CODE_ERC20);
    rs_key nk = token_key(NS_ERC20_NAME, token);
    rs_sstore_bytes(st, &nk, name, strlen(name));
    rs_key sk = token_key(NS_ERC20_SYMBOL, token);
    rs_sstore_bytes(st, &sk, symbol, strlen(symbol));
    rs_key dk = token_key(NS_ERC20_DECIMALS, token);
    rs_sstore_u64(st, &dk, decimals);
    rs_key mk = token_key(NS_ERC20_MINTABLE, token);
    rs_sstore_bool(st, &mk, mintable);
}

void erc20_credit(rs_state *st, rs_addr token, rs_addr holder, u256 amount) {
    rs_key bk = balance_key(token, holder);
    rs_sstore(st, &bk, u256_add_wrap(rs_sload(st, &bk), amount));
    rs_key sk = token_key(NS_ERC20_SUPPLY, token);
    rs_sstore(st, &sk, u256_add_wrap(rs_sload(st, &sk), amount));
}

void erc20_genesis(rs_state *st, const rs_genesis *g) {
    for (size_t i = 0; i < g->ntokens; i++) {
        const rs_gen_token *t = &g->tokens[i];
        erc20_create(st, t->address, t->name, t->symbol, t->decimals, t->mintable);
        for (size_t j = 0; j < t->nbalances; j++) erc20_credit(st, t->address, t->balances[j].holder, t->balances[j].amount);
        for (size_t j = 0; j < t->nallowances; j++) {
            rs_key k = allowance_key(t->address, t->allowances[j].owner, t->allowances[j].spender);
            rs_sstore(st, &k, t->allowances[j].amount);
        }
    }
}
