/* What the duration vault's files share among themselves. */
#ifndef RESTAKE_PROTOCOL_DURATION_VAULT_INTERNAL_H
#define RESTAKE_PROTOCOL_DURATION_VAULT_INTERNAL_H

#include "protocol/duration_vault.h"

rs_key dv_key(uint16_t ns, rs_addr vault);
void dv_store_times(rs_env *e, rs_addr vault, const dv_info *v);
void dv_store_metadata_uri(rs_env *e, rs_addr vault, const uint8_t *uri, size_t len);
void dv_emit_bool(rs_env *e, rs_addr vault, const char *sig, bool v);
/* _setTVLLimits: MaxPerDepositUpdated, MaxTotalDepositsUpdated, then MaxPerDepositExceedsMax. */
RS_MUST_USE int dv_set_limits(rs_env *e, rs_addr vault, u256 max_per_deposit, u256 max_total);

#endif
