/*
 * Fuzz target of stage 4 (k_heap): the adapter that drives Zephyr's k_heap
 * calls, with K_NO_WAIT, from the shared decoder and model in fuzz_model.h.
 *
 * Waiting is the k_heap stress test's business; here one thread checks that
 * the layer over the stage-3 pool passes every call through faithfully.
 * k_heap_free returns nothing, so for a bad pointer the model checks only
 * that the heap is unchanged. The figures come from
 * sys_heap_runtime_stats_get() and, for the count of blocks in use, from the
 * pool underneath. The input's first byte chooses the heap's size.
 */
#include "fuzz_model.h"
#include "kheap.h"
#include "los_memory.h"

#define FUZZ_HEAP_BYTES 16384u

static uint64_t mem[FUZZ_HEAP_BYTES / 8];
static uint64_t other_mem[1024 / 8];
static struct k_heap heap, other_heap;
static fuzz_adapter_t adapter;

static bool kheap_reset(uint8_t shape)
{
    OsMemPoolHead *head;

    k_heap_init(&heap, mem, 1024u * (1u + shape % 16u));
    k_heap_init(&other_heap, other_mem, sizeof other_mem);
    head = heap.heap.pool;
    if (head == NULL) {
        return false;
    }
    adapter.pool_lo = (uintptr_t)head->arena.first;
    adapter.pool_hi = (uintptr_t)head->arena.end;
    adapter.foreign = k_heap_alloc(&other_heap, 24, K_NO_WAIT);
    return adapter.foreign != NULL;
}

static void *kheap_alloc(size_t size)
{
    return k_heap_alloc(&heap, size, K_NO_WAIT);
}

static void *kheap_aligned_alloc(size_t align, size_t size)
{
    return k_heap_aligned_alloc(&heap, align, size, K_NO_WAIT);
}

static void *kheap_calloc(size_t n, size_t size)
{
    return k_heap_calloc(&heap, n, size, K_NO_WAIT);
}

static void *kheap_realloc(void *p, size_t size)
{
    return k_heap_realloc(&heap, p, size, K_NO_WAIT);
}

static int kheap_free(void *p)
{
    k_heap_free(&heap, p);
    return 0;
}

static int kheap_check(void)
{
    return sys_heap_validate(&heap.heap) ? 0 : -1;
}

static fuzz_stats_t kheap_stats(void)
{
    struct sys_memory_stats s;
    LOS_MEM_POOL_STATUS pool;
    if (sys_heap_runtime_stats_get(&heap.heap, &s) != 0 ||
        LOS_MemInfoGet(heap.heap.pool, &pool) != LOS_OK) {
        FUZZ_FAIL("statistics refused on an initialised heap");
    }
    if (s.allocated_bytes + s.free_bytes != heap.heap.size ||
        s.allocated_bytes != pool.totalUsedSize) {
        FUZZ_FAIL("figures disagree: allocated %zu + free %zu of %zu, the pool says %u",
                  s.allocated_bytes, s.free_bytes, heap.heap.size, (unsigned)pool.totalUsedSize);
    }
    return (fuzz_stats_t){ pool.usedNodeNum, s.allocated_bytes };
}

static fuzz_adapter_t adapter = {
    .name = "kheap",
    .size_limit = 3000,
    .zero_size_null = true,
    .takes_rewind = true,
    .refuses = FUZZ_REFUSES_DOUBLE_FREE | FUZZ_REFUSES_FOREIGN | FUZZ_REFUSES_MISALIGNED |
               FUZZ_REFUSES_REALLOC_FREED,
    .reset = kheap_reset,
    .alloc = kheap_alloc,
    .aligned_alloc = kheap_aligned_alloc,
    .calloc = kheap_calloc,
    .realloc = kheap_realloc,
    .realloc_zero_frees = true,
    .free = kheap_free,
    .free_reports = false,
    .check = kheap_check,
    .stats = kheap_stats,
    .damage_front = BLOCK_HEADER_SIZE,
    .damage_links = 2 * sizeof(void *),
};

FUZZ_TARGET(adapter)
