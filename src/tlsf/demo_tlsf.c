/*
 * Stage 3 demo: a pool of 8 KiB watched through its index. A few blocks
 * are allocated and freed, and after each step the bitmap and the
 * non-empty lists are printed, so the classes can be seen filling and
 * emptying. It ends with the control-structure sizes of three pools.
 */
#include <stdio.h>

#include "los_memory.h"

static uint64_t pool[8192 / 8];

static void show(const char *what)
{
    LOS_MEM_POOL_STATUS st;

    (void)LOS_MemInfoGet(pool, &st);
    printf("\n%s\n  used %u, free %u, largest free %u, %u used / %u free blocks, peak %u\n", what,
           (unsigned)st.totalUsedSize, (unsigned)st.totalFreeSize, (unsigned)st.maxFreeNodeSize,
           (unsigned)st.usedNodeNum, (unsigned)st.freeNodeNum, (unsigned)st.usageWaterLine);
    (void)LOS_MemFreeNodeShow(pool);
}

int main(void)
{
    void *p[6];
    static const uint32_t sizes[6] = { 20, 100, 300, 40, 1000, 60 };

    printf("Stage 3: TLSF, two-level segregated fit (SLI %u)\n", (unsigned)OS_MEM_SLI);
    if (LOS_MemInit(pool, sizeof pool) != LOS_OK) {
        printf("init failed\n");
        return 1;
    }
    show("after LOS_MemInit(pool, 8192): one free block on the last list");
    for (int i = 0; i < 6; i++) {
        p[i] = LOS_MemAlloc(pool, sizes[i]);
    }
    show("after allocating 20, 100, 300, 40, 1000 and 60 bytes");
    (void)LOS_MemFree(pool, p[1]);
    (void)LOS_MemFree(pool, p[3]);
    show("after freeing the 100- and 40-byte blocks: two small lists fill");
    p[1] = LOS_MemAllocAlign(pool, 64, 256);
    printf("\nLOS_MemAllocAlign(pool, 64, 256) = %p\n", p[1]);
    p[1] = LOS_MemRealloc(pool, p[1], 500);
    printf("LOS_MemRealloc(..., 500) = %p (still 256-aligned: %s)\n", p[1],
           ((uintptr_t)p[1] % 256) == 0 ? "yes" : "no");
    printf("freeing the 40-byte block again: %s (double free refused)\n",
           LOS_MemFree(pool, p[3]) == LOS_OK ? "LOS_OK" : "LOS_NOK");
    printf("integrity check: %s\n", LOS_MemIntegrityCheck(pool) == LOS_OK ? "LOS_OK" : "LOS_NOK");
    printf("\ncontrol structure: %u bytes for 8 KiB, %u for 64 KiB, %u for 4 MiB\n",
           (unsigned)OsMemPoolHeadSize(8u << 10), (unsigned)OsMemPoolHeadSize(64u << 10),
           (unsigned)OsMemPoolHeadSize(4u << 20));
    return 0;
}
