/*
 * Corruption matrix of stage 5 (k_malloc): the adapter that drives
 * k_malloc, k_free and k_realloc from the shared cells of corrupt.h, the
 * system heap set up afresh over the matrix's buffer for every cell. In
 * front of a block are the stage-3 pool's header and the heap pointer that
 * k_malloc keeps below the user's bytes: both are damaged. k_free returns
 * nothing, so a refusal shows as its diagnostic. The check is
 * sys_heap_validate() on the system heap; stage 5 has no display function.
 */
#include "corrupt.h"
#include "kmalloc.h"

static void kmalloc_reset(void *mem, size_t bytes)
{
    k_heap_init(&_system_heap, mem, bytes);
}

static void *kmalloc_alloc(size_t n)
{
    return k_malloc(n);
}

static int kmalloc_free(void *p)
{
    k_free(p);
    return 0;
}

static void *kmalloc_realloc(void *p, size_t n)
{
    return k_realloc(p, n);
}

static int kmalloc_check(void)
{
    return sys_heap_validate(&_system_heap.heap) ? 0 : 1;
}

static const cx_adapter_t adapter = {
    .name = "kmalloc",
    .title = "Stage 5, k_malloc",
    .request = CX_BLOCK - BLOCK_HEADER_SIZE - sizeof(void *),
    .front = BLOCK_HEADER_SIZE + sizeof(void *),
    .free_front = BLOCK_HEADER_SIZE + sizeof(void *),
    .free_reports = false,
    .reset = kmalloc_reset,
    .alloc = kmalloc_alloc,
    .free = kmalloc_free,
    .realloc = kmalloc_realloc,
    .check = kmalloc_check,
    .show = NULL,
};

int main(int argc, char **argv)
{
    return cx_main(&adapter, argc, argv);
}
