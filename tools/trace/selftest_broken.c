/*
 * Allocators that break one rule each, so that the trace tool's checks can
 * be seen to fail: `make test` replays a trace against them and expects
 * every one to be reported BROKEN. Not an adapter of any stage (its name
 * does not start with adapt_), so `make trace` never lists it.
 */
#include <stdint.h>
#include <string.h>

#include "trace.h"

static unsigned char *base;
static size_t top, limit;

static int bump_init(void *pool, size_t bytes, size_t max_request)
{
    (void)max_request;
    base = pool, top = 0, limit = bytes;
    return 0;
}

/* A bump allocator: each block after the last one, never reused. */
static void *bump(void *pool, size_t size)
{
    void *p = base + top;
    (void)pool;
    if (size > limit - top) {
        return NULL;
    }
    top += (size + 7) & ~(size_t)7;
    return p;
}

static int ignore_free(void *pool, void *ptr)
{
    (void)pool, (void)ptr;
    return 0;
}

/* Every block at the same place. */
static void *same_place(void *pool, size_t size)
{
    (void)size;
    return pool;
}

/* Every block 4 bytes off an 8-byte boundary. */
static void *off_by_four(void *pool, size_t size)
{
    unsigned char *p = bump(pool, size + 8);
    return p == NULL ? NULL : p + 4;
}

/* Every block past the end of the pool. */
static void *past_the_end(void *pool, size_t size)
{
    (void)size;
    return base + ((limit + 8) & ~(size_t)7) + (0 * (uintptr_t)pool);
}

/* Resize to a fresh block without copying. */
static void *forgetful_realloc(void *pool, void *ptr, size_t size)
{
    unsigned char *q = bump(pool, size);
    (void)ptr;
    if (q != NULL) {
        memset(q, 0, size);
    }
    return q;
}

static const trace_allocator_t overlap = { "overlaps", bump_init, same_place, NULL, ignore_free };
static const trace_allocator_t misaligned = { "misaligned", bump_init, off_by_four, NULL,
                                              ignore_free };
static const trace_allocator_t outside = { "outside", bump_init, past_the_end, NULL, ignore_free };
static const trace_allocator_t forgetful = { "forgets contents", bump_init, bump, forgetful_realloc,
                                             ignore_free };

const trace_allocator_t *const trace_adapters_broken[] = {
    &overlap, &misaligned, &outside, &forgetful, NULL,
};
