/*
 * Trace adapter for stage 3, TLSF: LiteOS-M's calls, with the trace tool's
 * sizes narrowed to the uint32_t LiteOS-M takes.
 */
#include <stdint.h>

#include "los_memory.h"
#include "trace.h"

static int tlsf_init(void *pool, size_t bytes, size_t max_request)
{
    (void)max_request;
    if (bytes > UINT32_MAX) {
        return -1;
    }
    return LOS_MemInit(pool, (uint32_t)bytes) == LOS_OK ? 0 : -1;
}

static void *tlsf_alloc(void *pool, size_t size)
{
    return size > UINT32_MAX ? NULL : LOS_MemAlloc(pool, (uint32_t)size);
}

static void *tlsf_realloc(void *pool, void *ptr, size_t size)
{
    return size > UINT32_MAX ? NULL : LOS_MemRealloc(pool, ptr, (uint32_t)size);
}

static int tlsf_free(void *pool, void *ptr)
{
    return LOS_MemFree(pool, ptr) == LOS_OK ? 0 : -1;
}

static const trace_allocator_t tlsf = { "tlsf", tlsf_init, tlsf_alloc, tlsf_realloc, tlsf_free };

const trace_allocator_t *const trace_adapters_tlsf[] = { &tlsf, NULL };
