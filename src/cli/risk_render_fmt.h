/* The pieces both risk renderers share: reading a report of any shape
 * without trusting it, and turning its decimal strings into readable
 * figures (whole tokens, percentages, addresses). */
#ifndef RESTAKE_CLI_RISK_RENDER_FMT_H
#define RESTAKE_CLI_RISK_RENDER_FMT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Longest text any formatter below writes, NUL included: a 78-digit u256
 * with thousands separators and a decimal point. */
#define RR_TEXT_MAX 112
/* Decimals assumed for an amount whose item carries none (the report's
 * native unit, ETH and nearly every restaked token). */
#define RR_DEFAULT_DECIMALS 18

/* o[key] when o is an object and the value is a string, else NULL. */
const char *rr_str(const json_t *o, const char *key);
/* o[key] as an integer into *v; false when absent or not an integer. */
bool rr_int(const json_t *o, const char *key, long long *v);
/* o[key] when it is true (false for anything else). */
bool rr_true(const json_t *o, const char *key);
/* o[key] when it is an array, else NULL. */
const json_t *rr_arr(const json_t *o, const char *key);
/* o[key] when it is an object, else NULL. */
const json_t *rr_obj(const json_t *o, const char *key);
/* Items of array a to look at: its size, capped at RS_RISK_RENDER_ITEMS_MAX
 * (0 when a is not an array). */
size_t rr_len(const json_t *a);
/* The item's "decimals" when an integer in [0, 77], else RR_DEFAULT_DECIMALS. */
int rr_decimals(const json_t *item);

/* o[key] as display text: a string as it is, an integer in decimal,
 * true/false as yes/no, null or absent as "-". */
void rr_field(const json_t *o, const char *key, char out[RR_TEXT_MAX]);

/* True when s is 1..78 decimal digits. */
bool rr_is_dec(const char *s);
/* raw (a decimal amount of the token's smallest unit) in whole tokens:
 * thousands separated, the exact fraction without trailing zeros
 * ("2,500.123456"). Not a decimal string: "-" when NULL, else raw itself. */
void rr_tokens(const char *raw, int decimals, char out[RR_TEXT_MAX]);
/* raw with thousands separators (or as rr_tokens for non-decimals). */
void rr_raw(const char *raw, char out[RR_TEXT_MAX]);
/* A 1e18-scaled fraction as a percentage with 4 decimals, truncated
 * ("33.3333%"). */
void rr_percent(const char *wad, char out[RR_TEXT_MAX]);
/* a - b for decimal strings a >= b; "-" when either is not a decimal or b > a. */
void rr_sub(const char *a, const char *b, char out[RR_TEXT_MAX]);
/* raw / 10^decimals as a double, for chart scales only (0 for non-decimals). */
double rr_scaled(const char *raw, int decimals);

/* True when s is "0x" and 40 hex digits. */
bool rr_is_address(const char *s);
/* An address cut to its first 4 and last 4 hex digits ("0x3c44..93bc"). */
void rr_short_address(const char *s, char out[RR_TEXT_MAX]);

/* s as HTML text (and attribute value): & < > " ' as entities, control
 * bytes other than newline and tab as '?'. NULL writes "-". */
void rr_html_text(FILE *out, const char *s);

#endif
