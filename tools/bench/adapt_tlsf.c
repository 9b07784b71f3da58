/*
 * Stage 3 (TLSF) as a trace-tool allocator, for the benchmark. A pool stays
 * registered until LOS_MemDeInit(), so a new init first releases the last.
 */
#include "los_memory.h"
#include "trace.h"

static void *registered;

static int tlsf_init(void *pool, size_t bytes, size_t max_request)
{
    (void)max_request;
    if (registered != NULL)
        (void)LOS_MemDeInit(registered);
    registered = NULL;
    if (bytes > UINT32_MAX || LOS_MemInit(pool, (uint32_t)bytes) != LOS_OK)
        return -1;
    registered = pool;
    return 0;
}

static void *tlsf_alloc(void *pool, size_t size)
{
    return size <= UINT32_MAX ? LOS_MemAlloc(pool, (uint32_t)size) : NULL;
}

static void *tlsf_realloc(void *pool, void *ptr, size_t size)
{
    return size <= UINT32_MAX ? LOS_MemRealloc(pool, ptr, (uint32_t)size) : NULL;
}

static int tlsf_free(void *pool, void *ptr)
{
    return LOS_MemFree(pool, ptr) == LOS_OK ? 0 : -1;
}

static const trace_allocator_t tlsf = { "tlsf", tlsf_init, tlsf_alloc, tlsf_realloc, tlsf_free };

const trace_allocator_t *const trace_adapters_tlsf[] = { &tlsf, NULL };
