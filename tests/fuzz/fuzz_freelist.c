/*
 * Fuzz target of stage 2 (the free-list heap): the adapter that drives
 * fl_* from the shared decoder and model in fuzz_model.h.
 *
 * The input's first byte chooses the fit policy, the order of the free list
 * and the heap's size, so every policy meets every sequence. fl_free checks
 * in O(1) only what is cheap: a pointer inside a block in use that is 8-byte
 * aligned can carry a forged header in the user's bytes, so the model sends
 * only misaligned interior pointers (its documented answer: refused).
 */
#include "freelist.h"
#include "fuzz_model.h"

#define FUZZ_HEAP_BYTES 8192u

static uint64_t heap[FUZZ_HEAP_BYTES / 8];
static uint64_t other_heap[512 / 8];
static fuzz_adapter_t adapter;

static bool freelist_reset(uint8_t shape)
{
    fl_fit_t fit = (fl_fit_t)(shape % 3u);
    fl_order_t order = (fl_order_t)((shape >> 2) & 1u);
    size_t bytes = 1024u * (1u + (shape >> 5));
    fl_heap_t *h = (fl_heap_t *)heap;

    if (fl_init(heap, bytes, fit, order) != FL_OK ||
        fl_init(other_heap, sizeof other_heap, FL_FIRST_FIT, FL_LIFO) != FL_OK) {
        return false;
    }
    adapter.pool_lo = (uintptr_t)h->arena.first;
    adapter.pool_hi = (uintptr_t)h->arena.end;
    adapter.foreign = fl_alloc(other_heap, 24);
    return adapter.foreign != NULL;
}

static void *freelist_alloc(size_t size)
{
    return fl_alloc(heap, size);
}

static void *freelist_aligned_alloc(size_t align, size_t size)
{
    return fl_aligned_alloc(heap, align, size);
}

static void *freelist_calloc(size_t n, size_t size)
{
    return fl_calloc(heap, n, size);
}

static void *freelist_realloc(void *p, size_t size)
{
    return fl_realloc(heap, p, size);
}

static int freelist_free(void *p)
{
    return fl_free(heap, p);
}

static int freelist_check(void)
{
    return fl_check(heap);
}

static fuzz_stats_t freelist_stats(void)
{
    fl_stats_t s;
    if (fl_stats_get(heap, &s) != FL_OK) {
        FUZZ_FAIL("statistics refused on an initialised heap");
    }
    if (s.used_bytes + s.free_bytes != s.total_bytes) {
        FUZZ_FAIL("used %zu + free %zu bytes != %zu in blocks", s.used_bytes, s.free_bytes,
                  s.total_bytes);
    }
    return (fuzz_stats_t){ s.used_blocks, s.used_bytes };
}

static fuzz_adapter_t adapter = {
    .name = "freelist",
    .size_limit = 2048,
    .zero_size_null = true,
    .refuses = FUZZ_REFUSES_DOUBLE_FREE | FUZZ_REFUSES_FOREIGN | FUZZ_REFUSES_MISALIGNED |
               FUZZ_REFUSES_REALLOC_FREED,
    .reset = freelist_reset,
    .alloc = freelist_alloc,
    .aligned_alloc = freelist_aligned_alloc,
    .calloc = freelist_calloc,
    .realloc = freelist_realloc,
    .realloc_zero_frees = true,
    .free = freelist_free,
    .free_reports = true,
    .check = freelist_check,
    .stats = freelist_stats,
    .damage_front = BLOCK_HEADER_SIZE,
    .damage_links = 2 * sizeof(void *),
};

FUZZ_TARGET(adapter)
