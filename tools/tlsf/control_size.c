/*
 * The size of stage 3's control structure for the pool sizes named on the
 * command line of the build (CONTROL_SIZES), as LOS_MemInit lays it out:
 * one line "control POOL BYTES" each. `make sli-sweep` (mk/trace.mk) builds
 * it once per SLI and runs it on the board, so the sizes are the target's.
 */
#include <stdio.h>

#include "los_memory.h"

int main(void)
{
    static const uint32_t sizes[] = { CONTROL_SIZES };

    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        printf("control %u %u\n", (unsigned)sizes[i], (unsigned)OsMemPoolHeadSize(sizes[i]));
    }
    return 0;
}
