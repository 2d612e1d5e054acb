/* The in-process source (risk_source.h): every entry is the protocol's own
 * view function run on an environment's state (a node's head, or a bare
 * rs_env in the tests and the bench), at e->block_number. Enumerations walk
 * the state's keys. */
#ifndef RESTAKE_RISK_STATE_H
#define RESTAKE_RISK_STATE_H

#include "restake/env.h"
#include "risk/risk_source.h"

/* e must outlive s; name is the reports' "source" ("node"). The source
 * caches what a report reads many times (exchange rates): make a new one
 * when e's state changes, and release it with rk_state_source_free. */
void rk_state_source_init(rk_source *s, rs_env *e, const char *name);
void rk_state_source_free(rk_source *s);

#endif
