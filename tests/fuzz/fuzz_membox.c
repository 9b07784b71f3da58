/*
 * Fuzz target of stage 1 (membox): the adapter that drives LOS_Membox*
 * from the shared decoder and model in fuzz_model.h.
 *
 * A membox has one block size, so the adapter answers NULL itself to any
 * request larger than a block's user bytes; calloc is LOS_MemboxAlloc
 * followed by LOS_MemboxClr, which puts the clear call under test. There is
 * no aligned allocation and no realloc. The input's first byte chooses the
 * block size and the pool size.
 */
#include "fuzz_model.h"
#include "los_membox.h"

#define FUZZ_POOL_BYTES 4096u

static uint64_t pool[FUZZ_POOL_BYTES / 8];
static uint64_t other_pool[256 / 8];
static uint32_t user_bytes;
static fuzz_adapter_t adapter;

static bool membox_reset(uint8_t shape)
{
    uint32_t blk = 8u * (1u + shape % 16u) - (shape & 0x10u ? 3u : 0u);
    uint32_t bytes = 1024u * (1u + (shape >> 5) % 4u);
    uint32_t max, cnt, size;

    memset(pool, 0, sizeof pool);
    if (LOS_MemboxInit(pool, bytes, blk) != LOS_OK ||
        LOS_MemboxInit(other_pool, sizeof other_pool, 16) != LOS_OK ||
        LOS_MemboxStatisticsGet(pool, &max, &cnt, &size) != LOS_OK) {
        return false;
    }
    user_bytes = size - OS_MEMBOX_NODE_HEAD_SIZE;
    adapter.pool_lo = (uintptr_t)pool + OS_MEMBOX_FIRST_OFFSET;
    adapter.pool_hi = adapter.pool_lo + (uintptr_t)max * size;
    adapter.foreign = LOS_MemboxAlloc(other_pool);
    return adapter.foreign != NULL;
}

static void *membox_alloc(size_t size)
{
    return size <= user_bytes ? LOS_MemboxAlloc(pool) : NULL;
}

static void *membox_calloc(size_t n, size_t size)
{
    void *p;
    if (size != 0 && n > user_bytes / size) {
        return NULL;
    }
    p = LOS_MemboxAlloc(pool);
    LOS_MemboxClr(pool, p);
    return p;
}

static int membox_free(void *p)
{
    return LOS_MemboxFree(pool, p) == LOS_OK ? 0 : -1;
}

static int membox_check(void)
{
    return LOS_MemboxIntegrityCheck(pool) == LOS_OK ? 0 : -1;
}

static fuzz_stats_t membox_stats(void)
{
    uint32_t max, cnt, size;
    if (LOS_MemboxStatisticsGet(pool, &max, &cnt, &size) != LOS_OK) {
        FUZZ_FAIL("statistics refused on an initialised pool");
    }
    return (fuzz_stats_t){ cnt, (size_t)cnt * size };
}

static size_t membox_charge(const void *p, size_t size, size_t align)
{
    (void)p, (void)size, (void)align;
    return user_bytes + OS_MEMBOX_NODE_HEAD_SIZE;
}

static fuzz_adapter_t adapter = {
    .name = "membox",
    .size_limit = 136,
    .zero_size_null = false,
    .refuses = FUZZ_REFUSES_DOUBLE_FREE | FUZZ_REFUSES_FOREIGN | FUZZ_REFUSES_INTERIOR,
    .reset = membox_reset,
    .alloc = membox_alloc,
    .calloc = membox_calloc,
    .free = membox_free,
    .free_reports = true,
    .check = membox_check,
    .stats = membox_stats,
    .charge = membox_charge,
};

FUZZ_TARGET(adapter)
