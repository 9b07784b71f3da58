/*
 * Fuzz target of stage 5 (the k_malloc family): the adapter that drives
 * k_malloc, k_aligned_alloc, k_calloc, k_realloc and k_free on the system
 * heap from the shared decoder and model in fuzz_model.h.
 *
 * Each input starts the system heap afresh (k_heap_init over its own
 * buffer). k_free takes no heap and returns nothing: the model checks that a
 * bad pointer changes nothing. Every pointer inside a live block is refused
 * (the word below it is the user's, never a known heap's address), so the
 * model sends interior pointers of any offset. A block of another k_heap
 * (from k_heap_alloc, with no heap pointer below it) is the foreign one.
 */
#include "fuzz_model.h"
#include "kmalloc.h"
#include "los_memory.h"

static uint64_t other_mem[1024 / 8];
static struct k_heap other_heap;
static fuzz_adapter_t adapter;

static bool kmalloc_reset(uint8_t shape)
{
    struct sys_heap *sys = &_system_heap.heap;
    OsMemPoolHead *head;

    (void)shape; /* the system heap's size is fixed at build time */
    k_heap_init(&_system_heap, sys->pool, sys->size);
    k_heap_init(&other_heap, other_mem, sizeof other_mem);
    head = sys->pool;
    if (head == NULL) {
        return false;
    }
    adapter.pool_lo = (uintptr_t)head->arena.first;
    adapter.pool_hi = (uintptr_t)head->arena.end;
    adapter.foreign = k_heap_alloc(&other_heap, 24, K_NO_WAIT);
    return adapter.foreign != NULL;
}

static void *kmalloc_alloc(size_t size)
{
    return k_malloc(size);
}

static void *kmalloc_aligned_alloc(size_t align, size_t size)
{
    return k_aligned_alloc(align, size);
}

static void *kmalloc_calloc(size_t n, size_t size)
{
    return k_calloc(n, size);
}

static void *kmalloc_realloc(void *p, size_t size)
{
    return k_realloc(p, size);
}

static int kmalloc_free(void *p)
{
    k_free(p);
    return 0;
}

static int kmalloc_check(void)
{
    return sys_heap_validate(&_system_heap.heap) ? 0 : -1;
}

static fuzz_stats_t kmalloc_stats(void)
{
    struct sys_memory_stats s;
    LOS_MEM_POOL_STATUS pool;
    if (sys_heap_runtime_stats_get(&_system_heap.heap, &s) != 0 ||
        LOS_MemInfoGet(_system_heap.heap.pool, &pool) != LOS_OK) {
        FUZZ_FAIL("statistics refused on the system heap");
    }
    return (fuzz_stats_t){ pool.usedNodeNum, s.allocated_bytes };
}

static fuzz_adapter_t adapter = {
    .name = "kmalloc",
    .size_limit = 3000,
    .zero_size_null = false, /* k_malloc(0) gives a block, as in Zephyr */
    .refuses = FUZZ_REFUSES_DOUBLE_FREE | FUZZ_REFUSES_FOREIGN | FUZZ_REFUSES_INTERIOR |
               FUZZ_REFUSES_REALLOC_FREED,
    .reset = kmalloc_reset,
    .alloc = kmalloc_alloc,
    .aligned_alloc = kmalloc_aligned_alloc,
    .calloc = kmalloc_calloc,
    .realloc = kmalloc_realloc,
    .realloc_zero_frees = true,
    .free = kmalloc_free,
    .free_reports = false,
    .check = kmalloc_check,
    .stats = kmalloc_stats,
    .damage_front = BLOCK_HEADER_SIZE + sizeof(void *),
    .damage_links = 2 * sizeof(void *),
};

FUZZ_TARGET(adapter)
