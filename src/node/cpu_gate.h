/* Bounds how many threads run bulk signature recovery at once.
 *
 * Every connection thread recovers the senders of the transactions it
 * receives; with dozens of connections the scheduler would give the single
 * miner thread one share in dozens, and the block commit everybody waits
 * for would crawl. The gate admits two recoveries more than there are
 * cores (a slot handed to a thread that is not yet running must not leave a
 * core idle), and one fewer than the cores while the miner seals a block,
 * so the miner keeps a core. */
#ifndef RESTAKE_NODE_CPU_GATE_H
#define RESTAKE_NODE_CPU_GATE_H

#include <pthread.h>
#include <stdbool.h>

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int cores;  /* online CPUs at init */
    int in_use; /* recoveries running */
    int limit;  /* cores + 2, or cores - 1 while the miner seals (never below 1) */
} rs_cpu_gate;

void rs_cpu_gate_init(rs_cpu_gate *g);
void rs_cpu_gate_destroy(rs_cpu_gate *g);
void rs_cpu_gate_enter(rs_cpu_gate *g);
void rs_cpu_gate_leave(rs_cpu_gate *g);
/* The miner starts (true) or stops (false) holding a core. */
void rs_cpu_gate_miner_busy(rs_cpu_gate *g, bool busy);

#endif
