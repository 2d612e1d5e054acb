#include "node/cpu_gate.h"

#include <unistd.h>

enum { SLACK = 2 }; /* see cpu_gate.h */

void rs_cpu_gate_init(rs_cpu_gate *g) {
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    g->cores = n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
    g->in_use = 0;
    g->limit = g->cores + SLACK;
}

void rs_cpu_gate_destroy(rs_cpu_gate *g) {
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
}

void rs_cpu_gate_enter(rs_cpu_gate *g) {
    pthread_mutex_lock(&g->mu);
    while (g->in_use >= g->limit) pthread_cond_wait(&g->cv, &g->mu);
    g->in_use++;
    pthread_mutex_unlock(&g->mu);
}

void rs_cpu_gate_leave(rs_cpu_gate *g) {
    pthread_mutex_lock(&g->mu);
    g->in_use--;
    pthread_cond_signal(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

void rs_cpu_gate_miner_busy(rs_cpu_gate *g, bool busy) {
    pthread_mutex_lock(&g->mu);
    g->limit = busy && g->cores > 1 ? g->cores - 1 : g->cores + SLACK;
    if (!busy) pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}
