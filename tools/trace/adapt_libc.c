/*
 * The C library's malloc as a trace-tool allocator, for the benchmark's
 * comparison: picolibc on the board, glibc on the host. It keeps its own
 * heap, so the pool it is given is ignored: the benchmark leaves it out of
 * the pool-size sweep, and the trace tool, which sizes pools, does not link
 * it (it is not a stage).
 */
#include <stdlib.h>

#include "trace.h"

static int libc_init(void *pool, size_t bytes, size_t max_request)
{
    (void)pool, (void)bytes, (void)max_request;
    return 0;
}

static void *libc_alloc(void *pool, size_t size)
{
    (void)pool;
    return malloc(size);
}

static void *libc_realloc(void *pool, void *ptr, size_t size)
{
    (void)pool;
    return realloc(ptr, size);
}

static int libc_free(void *pool, void *ptr)
{
    (void)pool;
    free(ptr);
    return 0;
}

const trace_allocator_t bench_libc = { "libc malloc", libc_init, libc_alloc, libc_realloc,
                                       libc_free };
