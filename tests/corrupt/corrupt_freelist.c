/*
 * Corruption matrix of stage 2 (the free-list heap): the adapter that
 * drives fl_* from the shared cells of corrupt.h. The heap is first fit,
 * LIFO: the blocks freed last are taken first.
 */
#include "corrupt.h"
#include "freelist.h"

static void *heap;

static void freelist_reset(void *mem, size_t bytes)
{
    heap = mem;
    (void)fl_init(mem, bytes, FL_FIRST_FIT, FL_LIFO);
}

static void *freelist_alloc(size_t n)
{
    return fl_alloc(heap, n);
}

static int freelist_free(void *p)
{
    return fl_free(heap, p) == FL_OK ? 0 : 1;
}

static void *freelist_realloc(void *p, size_t n)
{
    return fl_realloc(heap, p, n);
}

static int freelist_check(void)
{
    return fl_check(heap) == FL_OK ? 0 : 1;
}

static int freelist_show(void)
{
    fl_show(heap);
    return 0;
}

static const cx_adapter_t adapter = {
    .name = "freelist",
    .title = "Stage 2, fl_*",
    .request = CX_BLOCK - BLOCK_HEADER_SIZE,
    .front = BLOCK_HEADER_SIZE,
    .free_front = BLOCK_HEADER_SIZE,
    .free_reports = true,
    .reset = freelist_reset,
    .alloc = freelist_alloc,
    .free = freelist_free,
    .realloc = freelist_realloc,
    .check = freelist_check,
    .show = freelist_show,
};

int main(int argc, char **argv)
{
    return cx_main(&adapter, argc, argv);
}
