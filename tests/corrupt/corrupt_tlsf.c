/*
 * Corruption matrix of stage 3 (TLSF): the adapter that drives LOS_Mem*
 * from the shared cells of corrupt.h.
 */
#include "corrupt.h"
#include "los_memory.h"

static void *pool;

static void tlsf_reset(void *mem, size_t bytes)
{
    pool = mem;
    (void)LOS_MemInit(mem, (uint32_t)bytes);
}

static void *tlsf_alloc(size_t n)
{
    return LOS_MemAlloc(pool, (uint32_t)n);
}

static int tlsf_free(void *p)
{
    return LOS_MemFree(pool, p) == LOS_OK ? 0 : 1;
}

static void *tlsf_realloc(void *p, size_t n)
{
    return LOS_MemRealloc(pool, p, (uint32_t)n);
}

static int tlsf_check(void)
{
    return LOS_MemIntegrityCheck(pool) == LOS_OK ? 0 : 1;
}

static int tlsf_show(void)
{
    return LOS_MemFreeNodeShow(pool) == LOS_OK ? 0 : 1;
}

static const cx_adapter_t adapter = {
    .name = "tlsf",
    .title = "Stage 3, LOS_Mem*",
    .request = CX_BLOCK - BLOCK_HEADER_SIZE,
    .front = BLOCK_HEADER_SIZE,
    .free_front = BLOCK_HEADER_SIZE,
    .free_reports = true,
    .reset = tlsf_reset,
    .alloc = tlsf_alloc,
    .free = tlsf_free,
    .realloc = tlsf_realloc,
    .check = tlsf_check,
    .show = tlsf_show,
};

int main(int argc, char **argv)
{
    return cx_main(&adapter, argc, argv);
}
