/*
 * The size of stage 3's control structure for the pool sizes named on the
 * command line of the build (CONTROL_SIZES), as LOS_MemInit lays it out,
 * and the largest single allocation a fresh pool of that size serves (for
 * pools that fit the buffer here): one line "control POOL BYTES LARGEST"
 * each, LARGEST "-" where the pool does not fit. `make index-sweep`
 * (mk/trace.mk) builds it once per variant of the index and runs it on the
 * board, so the sizes are the target's.
 */
#include <stdio.h>

#include "los_memory.h"

static uint64_t buffer[(256u << 10) / sizeof(uint64_t)];

/* The largest n that LOS_MemAlloc serves from a fresh pool of size bytes. */
static uint32_t largest_allocation(uint32_t size)
{
    uint32_t low = 0, high = size;

    if (LOS_MemInit(buffer, size) != LOS_OK) {
        return 0;
    }
    while (low < high) {
        uint32_t mid = low + (high - low + 1) / 2;
        void *p = LOS_MemAlloc(buffer, mid);
        if (p != NULL) {
            (void)LOS_MemFree(buffer, p);
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    return low;
}

int main(void)
{
    static const uint32_t sizes[] = { CONTROL_SIZES };

    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        printf("control %u %u ", (unsigned)sizes[i], (unsigned)OsMemPoolHeadSize(sizes[i]));
        if (sizes[i] <= sizeof buffer) {
            printf("%u\n", (unsigned)largest_allocation(sizes[i]));
        } else {
            printf("-\n");
        }
    }
    return 0;
}
