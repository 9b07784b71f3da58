/*
 * Trace adapter for stage 1, the membox: every block has the size of the
 * largest request in the trace, so a resize never moves a block, and the
 * utilization shows what fixed sizes cost on a trace of mixed sizes.
 */
#include "los_membox.h"
#include "trace.h"

static size_t block_bytes; /* the user bytes of every block */

static int membox_init(void *pool, size_t bytes, size_t max_request)
{
    if (bytes > UINT32_MAX || max_request > UINT32_MAX) {
        return -1;
    }
    block_bytes = max_request;
    return LOS_MemboxInit(pool, (uint32_t)bytes, (uint32_t)max_request) == LOS_OK ? 0 : -1;
}

static void *membox_alloc(void *pool, size_t size)
{
    return size <= block_bytes ? LOS_MemboxAlloc(pool) : NULL;
}

static void *membox_realloc(void *pool, void *ptr, size_t size)
{
    (void)pool;
    return size <= block_bytes ? ptr : NULL;
}

static int membox_free(void *pool, void *ptr)
{
    return LOS_MemboxFree(pool, ptr) == LOS_OK ? 0 : -1;
}

static const trace_allocator_t membox = { "membox", membox_init, membox_alloc, membox_realloc,
                                          membox_free };

const trace_allocator_t *const trace_adapters_membox[] = { &membox, NULL };
