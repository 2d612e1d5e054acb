/* Back-pressure: with RS_MINER_QUEUE_MAX jobs waiting for an interval block,
 * one more submission waits RS_MINER_QUEUE_WAIT_S for room and is then
 * refused with -32005, changing nothing; the queued jobs are all answered
 * when the node stops (their block is sealed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <time.h>

#include "node_fixture.h"
#include "restake/limits.h"

static void test_full_queue_refuses_after_waiting(void **state) {
    (void)state;
    size_t len = 0;
    char *g = slurp("genesis/devnet.json", &len);
    rs_node_config cfg = {.genesis_json = g, .genesis_len = len, .genesis_name = "devnet", .block_time = 3600};
    char err[256];
    rs_node *n = rs_node_open(&cfg, err, sizeof err);
    free(g);
    assert_non_null(n);
    rs_node_start(n);
    rs_job **jobs = calloc(RS_MINER_QUEUE_MAX, sizeof *jobs);
    assert_non_null(jobs);
    for (size_t i = 0; i < RS_MINER_QUEUE_MAX; i++) {
        jobs[i] = rs_job_new(RS_JOB_TX);
        jobs[i]->is_unsigned = true;
        rs_node_submit(n, jobs[i]);
        assert_false(jobs[i]->done);
    }
    assert_int_equal(n->queued, RS_MINER_QUEUE_MAX);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rs_job *extra = rs_job_new(RS_JOB_MINE);
    extra->count = 1;
    rs_node_run(n, extra);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_int_equal(extra->err, -32005);
    assert_non_null(strstr(extra->msg, "queue is full"));
    assert_true(t1.tv_sec - t0.tv_sec >= RS_MINER_QUEUE_WAIT_S - 1);
    assert_int_equal(rs_node_head(n).number, n->genesis_number); /* nothing mined */
    rs_job_free(extra);
    rs_node_stop(n);
    for (size_t i = 0; i < RS_MINER_QUEUE_MAX; i++) {
        assert_true(jobs[i]->done);
        rs_job_free(jobs[i]);
    }
    free(jobs);
    assert_int_equal(n->queued, 0);
    rs_node_close(n);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_full_queue_refuses_after_waiting)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
