/*
 * Fuzz target of stage 3 (TLSF): the adapter that drives LiteOS-M's
 * LOS_Mem* calls from the shared decoder and model in fuzz_model.h.
 *
 * Sizes are uint32_t in this API: a request above UINT32_MAX is passed as
 * UINT32_MAX, which the pool must refuse just the same. LiteOS-M has no
 * calloc. LOS_MemFree checks in O(1) only what is cheap, so, as for stage 2,
 * the model sends only misaligned interior pointers. The input's first byte
 * chooses the pool's size.
 */
#include "fuzz_model.h"
#include "los_memory.h"

#define FUZZ_POOL_BYTES 16384u

static uint64_t pool[FUZZ_POOL_BYTES / 8];
static uint64_t other_pool[1024 / 8];
static fuzz_adapter_t adapter;

static uint32_t size32(size_t size)
{
    return size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
}

static bool tlsf_reset(uint8_t shape)
{
    uint32_t bytes = 1024u * (1u + shape % 16u);
    OsMemPoolHead *head = (OsMemPoolHead *)pool;

    if (LOS_MemInit(pool, bytes) != LOS_OK ||
        LOS_MemInit(other_pool, sizeof other_pool) != LOS_OK) {
        return false;
    }
    adapter.pool_lo = (uintptr_t)head->arena.first;
    adapter.pool_hi = (uintptr_t)head->arena.end;
    adapter.foreign = LOS_MemAlloc(other_pool, 24);
    return adapter.foreign != NULL;
}

static void *tlsf_alloc(size_t size)
{
    return LOS_MemAlloc(pool, size32(size));
}

static void *tlsf_aligned_alloc(size_t align, size_t size)
{
    return align > UINT32_MAX ? NULL : LOS_MemAllocAlign(pool, size32(size), (uint32_t)align);
}

static void *tlsf_realloc(void *p, size_t size)
{
    return LOS_MemRealloc(pool, p, size32(size));
}

static int tlsf_free(void *p)
{
    return LOS_MemFree(pool, p) == LOS_OK ? 0 : -1;
}

static int tlsf_check(void)
{
    return LOS_MemIntegrityCheck(pool) == LOS_OK ? 0 : -1;
}

static fuzz_stats_t tlsf_stats(void)
{
    LOS_MEM_POOL_STATUS s;
    if (LOS_MemInfoGet(pool, &s) != LOS_OK) {
        FUZZ_FAIL("statistics refused on an initialised pool");
    }
    if (s.totalUsedSize + s.totalFreeSize != LOS_MemPoolSizeGet(pool) ||
        s.totalUsedSize != LOS_MemTotalUsedGet(pool) || s.maxFreeNodeSize > s.totalFreeSize) {
        FUZZ_FAIL("figures disagree: used %u + free %u of %u, total used %u, largest %u",
                  (unsigned)s.totalUsedSize, (unsigned)s.totalFreeSize,
                  (unsigned)LOS_MemPoolSizeGet(pool), (unsigned)LOS_MemTotalUsedGet(pool),
                  (unsigned)s.maxFreeNodeSize);
    }
    return (fuzz_stats_t){ s.usedNodeNum, s.totalUsedSize };
}

static fuzz_adapter_t adapter = {
    .name = "tlsf",
    .size_limit = 3000,
    .zero_size_null = true,
    .refuses = FUZZ_REFUSES_DOUBLE_FREE | FUZZ_REFUSES_FOREIGN | FUZZ_REFUSES_MISALIGNED |
               FUZZ_REFUSES_REALLOC_FREED,
    .reset = tlsf_reset,
    .alloc = tlsf_alloc,
    .aligned_alloc = tlsf_aligned_alloc,
    .realloc = tlsf_realloc,
    .realloc_zero_frees = true,
    .free = tlsf_free,
    .free_reports = true,
    .check = tlsf_check,
    .stats = tlsf_stats,
    .damage_front = BLOCK_HEADER_SIZE,
    .damage_links = 2 * sizeof(void *),
};

FUZZ_TARGET(adapter)
