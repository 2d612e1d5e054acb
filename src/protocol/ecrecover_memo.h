/* Memo of ECDSA public-key recovery (the ecrecover precompile's core).
 *
 * Recovery is a pure function of (digest, 65-byte signature) and costs tens of
 * microseconds, far more than the rest of a signed deposit or delegation; a
 * transaction that is re-executed (mined after simulation, replayed, benched)
 * recovers the same pair again. Entries are compared in full on a hit, so the
 * memo never answers for a pair it did not compute. Thread-safe (one mutex);
 * bounded (direct-mapped, a new pair evicts the old one in its slot).
 *
 * RESTAKE_NO_ECRECOVER_MEMO=1 in the environment (read once) turns it off, for
 * measuring execution without it. */
#ifndef RESTAKE_PROTOCOL_ECRECOVER_MEMO_H
#define RESTAKE_PROTOCOL_ECRECOVER_MEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "restake/types.h"

#define RS_ECRECOVER_MEMO_SLOTS 4096

/* The signer's address of sig (r ‖ s ‖ v, v already checked to be 27 or 28)
 * over digest; false when recovery fails. */
bool rs_ecrecover(rs_b32 digest, const uint8_t sig[65], rs_addr *signer);

/* For tests and benchmarks: recoveries actually computed (memo misses) since
 * start, and switching the memo on/off at run time (clears it). */
uint64_t rs_ecrecover_computed(void);
void rs_ecrecover_memo_enable(bool on);

#endif
