/*
 * Stage 4 (k_heap) as a trace-tool allocator, for the trace tool and the
 * benchmark. Every call passes K_NO_WAIT: a trace never waits, so what is
 * measured is the cost the lock and the wait queue add on top of the
 * stage-3 pool.
 */
#include "kheap.h"
#include "trace.h"

static struct k_heap heap;

static int kheap_init(void *pool, size_t bytes, size_t max_request)
{
    (void)max_request;
    k_heap_init(&heap, pool, bytes);
    return 0;
}

static void *kheap_alloc(void *pool, size_t size)
{
    (void)pool;
    return k_heap_alloc(&heap, size, K_NO_WAIT);
}

static void *kheap_realloc(void *pool, void *ptr, size_t size)
{
    (void)pool;
    return k_heap_realloc(&heap, ptr, size, K_NO_WAIT);
}

static int kheap_free(void *pool, void *ptr)
{
    (void)pool;
    k_heap_free(&heap, ptr);
    return 0;
}

static const trace_allocator_t kheap = { "k_heap", kheap_init, kheap_alloc, kheap_realloc,
                                         kheap_free };

const trace_allocator_t *const trace_adapters_kheap[] = { &kheap, NULL };
