/*
 * Corruption matrix of stage 4 (k_heap): the adapter that drives
 * k_heap_alloc, k_heap_free and k_heap_realloc (all with K_NO_WAIT) from
 * the shared cells of corrupt.h. The blocks are the stage-3 pool's beneath;
 * k_heap_free returns nothing, so a refusal shows as its diagnostic. The
 * check is sys_heap_validate(); stage 4 has no display function.
 */
#include "corrupt.h"
#include "kheap.h"

static struct k_heap heap;

static void kheap_reset(void *mem, size_t bytes)
{
    memset(&heap, 0, sizeof heap);
    k_heap_init(&heap, mem, bytes);
}

static void *kheap_alloc(size_t n)
{
    return k_heap_alloc(&heap, n, K_NO_WAIT);
}

static int kheap_free(void *p)
{
    k_heap_free(&heap, p);
    return 0;
}

static void *kheap_realloc(void *p, size_t n)
{
    return k_heap_realloc(&heap, p, n, K_NO_WAIT);
}

static int kheap_check(void)
{
    return sys_heap_validate(&heap.heap) ? 0 : 1;
}

static const cx_adapter_t adapter = {
    .name = "kheap",
    .title = "Stage 4, k_heap_*",
    .request = CX_BLOCK - BLOCK_HEADER_SIZE,
    .front = BLOCK_HEADER_SIZE,
    .free_front = BLOCK_HEADER_SIZE,
    .free_reports = false,
    .reset = kheap_reset,
    .alloc = kheap_alloc,
    .free = kheap_free,
    .realloc = kheap_realloc,
    .check = kheap_check,
    .show = NULL,
};

int main(int argc, char **argv)
{
    return cx_main(&adapter, argc, argv);
}
