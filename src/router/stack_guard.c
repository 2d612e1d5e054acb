/* The C stack guard: a frame starts only when the thread still has
 * RS_FRAME_STACK_RESERVE bytes of stack below the current one, so a deep
 * recursion across EVM and native frames fails its innermost call instead of
 * overflowing, whatever thread runs it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdint.h>

#include "router/router_internal.h"

static _Thread_local uintptr_t tl_stack_low; /* lowest usable address; 0: not yet known */
static _Thread_local bool tl_stack_known;

static void learn_stack(void) {
    tl_stack_known = true;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
    void *addr = NULL;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) tl_stack_low = (uintptr_t)addr;
    pthread_attr_destroy(&attr);
}

bool rs_stack_has_room(void) {
    if (!tl_stack_known) learn_stack();
    if (tl_stack_low == 0) return true; /* bounds unknown: the depth limit alone applies */
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    return here > tl_stack_low && here - tl_stack_low > RS_FRAME_STACK_RESERVE;
}
