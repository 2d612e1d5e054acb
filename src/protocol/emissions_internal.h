/* What the EmissionsController's files share beyond emissions.h. */
#ifndef RESTAKE_PROTOCOL_EMISSIONS_INTERNAL_H
#define RESTAKE_PROTOCOL_EMISSIONS_INTERNAL_H

#include "protocol/emissions.h"

void ec_set_epoch_minted(rs_env *e, u256 epoch);
void ec_set_epoch_processed(rs_env *e, u256 epoch, uint64_t n);
bool ec_button_pressable_at(rs_env *e, u256 epoch);
/* START + LENGTH * epoch (Panic 0x11 on overflow). */
RS_MUST_USE int ec_epoch_start(rs_env *e, u256 epoch, u256 *out);
/* Appends distribution id's stored tuple encoding to out; returns its length. */
size_t ec_distribution_load(rs_env *e, uint64_t id, rs_buf *out);
/* Decodes distribution id (in range) into d, allocated in a. */
RS_MUST_USE int ec_distribution_decode(rs_env *e, uint64_t id, rs_arena *a, abi_val *d);

#endif
