/*
 * What stage 4 adds to an allocation that does not wait, on the Cortex-M3:
 * k_heap_alloc(h, n, K_NO_WAIT) against the stage-3 call it makes,
 * LOS_MemAlloc(pool, n), in the same state of the same pool.
 *
 *   make icount BENCH_SRC=tools/kheap/no_wait.c STAGE=kheap
 *
 * For each size the pool is fresh: the stage-3 call is measured and its
 * block freed, then the stage-4 call is measured on the pool as it was, so
 * both take the same path through the pool. The difference of the two
 * labels is the price of the lock, the checks and the way into the wait
 * loop; the stage-4 chapter quotes it, and `make test` checks it stays
 * within budget (tools/kheap/no_wait_check.py).
 */
#include <stdio.h>

#include "bench_mark.h"
#include "kheap.h"
#include "los_memory.h"

static uint64_t buffer[8192 / 8];
static struct k_heap heap;

static const uint32_t sizes[] = { 1, 8, 24, 100, 256, 1000, 3000 };

int main(void)
{
    void *p;

    bench_init();
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint32_t n = sizes[i];
        k_heap_init(&heap, buffer, sizeof buffer);
        BENCH_INPUT(n);
        BENCH_MEASURE("LOS_MemAlloc", p = LOS_MemAlloc(buffer, n));
        (void)LOS_MemFree(buffer, p);
        BENCH_INPUT(n);
        BENCH_MEASURE("k_heap_alloc K_NO_WAIT", p = k_heap_alloc(&heap, n, K_NO_WAIT));
        k_heap_free(&heap, p);
    }
    /* A request that fails: nothing fits, and K_NO_WAIT gives up at once. */
    k_heap_init(&heap, buffer, sizeof buffer);
    BENCH_MEASURE("LOS_MemAlloc, no room", p = LOS_MemAlloc(buffer, 9000));
    BENCH_MEASURE("k_heap_alloc K_NO_WAIT, no room", p = k_heap_alloc(&heap, 9000, K_NO_WAIT));
    (void)p;
    return 0;
}
