/*
 * Stage 1 demo: a pool of 8 blocks, shown before and after a few
 * allocations and frees, so the free list can be watched as it changes.
 */
#include <stdio.h>

#include "los_membox.h"

static uint64_t pool[(OS_MEMBOX_FIRST_OFFSET + 8 * 40) / 8];

int main(void)
{
    void *block[4];

    printf("Stage 1: membox, a pool of fixed-size blocks\n\n");
    if (LOS_MemboxInit(pool, sizeof pool, 32) != LOS_OK) {
        printf("init failed\n");
        return 1;
    }
    printf("after LOS_MemboxInit(pool, %u, 32):\n", (unsigned)sizeof pool);
    LOS_ShowBox(pool);

    for (int i = 0; i < 4; i++) {
        block[i] = LOS_MemboxAlloc(pool);
    }
    printf("\nafter four LOS_MemboxAlloc:\n");
    LOS_ShowBox(pool);

    LOS_MemboxFree(pool, block[1]);
    LOS_MemboxFree(pool, block[2]);
    printf("\nafter freeing the second and third block (each goes to the head):\n");
    LOS_ShowBox(pool);

    printf("\nfreeing the second block again: %s (double free refused)\n",
           LOS_MemboxFree(pool, block[1]) == LOS_OK ? "LOS_OK" : "LOS_NOK");
    printf("integrity check: %s\n",
           LOS_MemboxIntegrityCheck(pool) == LOS_OK ? "LOS_OK" : "LOS_NOK");
    return 0;
}
