/*
 * Stage 4's lower layer: Zephyr's sys_heap calls on top of the stage-3 TLSF
 * pool. Each call checks what the pool's 32-bit interface cannot express
 * (sizes above 4 GiB, Zephyr's encoding of an alignment with a rewind) and
 * passes the rest on; the pool does the allocating, the checking and the
 * diagnostics.
 */
#include "sys_heap.h"

#include <errno.h>

#include "kit_diag.h"
#include "los_memory.h"
#include "los_memory_at.h"

#define SYS_HEAP_DEFAULT_ALIGN 8u

/* The pool takes 32-bit sizes; a larger request can never be met. */
static inline bool fits_the_pool(size_t bytes)
{
    return bytes <= UINT32_MAX;
}

static inline bool is_power_of_two(size_t n)
{
    return n != 0 && (n & (n - 1)) == 0;
}

/* Whether a heap can serve calls: it is not NULL (a NULL heap gets a
 * diagnostic naming the call) and it has a pool (a heap whose buffer was
 * refused, or that was never initialised, has none). */
static bool heap_has_pool(const struct sys_heap *heap, const char *func)
{
    if (heap == NULL) {
        kit_diag(func, "the heap is NULL");
        return false;
    }
    return heap->pool != NULL;
}

bool sys_heap_init(struct sys_heap *heap, void *mem, size_t bytes)
{
    if (heap == NULL) {
        KIT_DIAG("the heap is NULL");
        return false;
    }
    heap->pool = NULL;
    heap->size = 0;
    if (!fits_the_pool(bytes)) {
        KIT_DIAG("%zu bytes: a pool holds at most 4 GiB", bytes);
        return false;
    }
    if (LOS_MemInit(mem, (uint32_t)bytes) != LOS_OK) {
        return false;
    }
    heap->pool = mem;
    heap->size = bytes;
    return true;
}

bool z_sys_heap_align_valid(size_t align)
{
    size_t rew = align & (~align + 1); /* the lowest set bit */

    return align == rew || (is_power_of_two(align - rew) && rew % sizeof(void *) == 0);
}

void *sys_heap_aligned_alloc(struct sys_heap *heap, size_t align, size_t bytes)
{
    size_t rew = align & (~align + 1);

    if (!z_sys_heap_align_valid(align)) {
        KIT_DIAG("alignment %zu is not a power of two, nor one with a whole-word rewind", align);
        return NULL;
    }
    if (!heap_has_pool(heap, __func__) || !fits_the_pool(bytes) || !fits_the_pool(align)) {
        return NULL;
    }
    if (align != rew) {
        return OsMemAllocAlignAt(heap->pool, (uint32_t)bytes, (uint32_t)(align - rew),
                                 (uint32_t)rew);
    }
    if (align <= SYS_HEAP_DEFAULT_ALIGN) {
        return LOS_MemAlloc(heap->pool, (uint32_t)bytes);
    }
    return LOS_MemAllocAlign(heap->pool, (uint32_t)bytes, (uint32_t)align);
}

void *sys_heap_alloc(struct sys_heap *heap, size_t bytes)
{
    if (!heap_has_pool(heap, __func__) || !fits_the_pool(bytes)) {
        return NULL;
    }
    return LOS_MemAlloc(heap->pool, (uint32_t)bytes);
}

bool sys_heap_free(struct sys_heap *heap, void *mem)
{
    if (mem == NULL || !heap_has_pool(heap, __func__)) {
        return false;
    }
    return LOS_MemFree(heap->pool, mem) == LOS_OK;
}

void *sys_heap_realloc(struct sys_heap *heap, void *ptr, size_t bytes)
{
    if (!heap_has_pool(heap, __func__) || !fits_the_pool(bytes)) {
        return NULL;
    }
    return LOS_MemRealloc(heap->pool, ptr, (uint32_t)bytes);
}

bool sys_heap_validate(struct sys_heap *heap)
{
    return heap_has_pool(heap, __func__) && LOS_MemIntegrityCheck(heap->pool) == LOS_OK;
}

size_t sys_heap_usable_size(struct sys_heap *heap, void *mem)
{
    return heap_has_pool(heap, __func__) ? OsMemUsableSize(heap->pool, mem) : 0;
}

int sys_heap_runtime_stats_get(struct sys_heap *heap, struct sys_memory_stats *stats)
{
    LOS_MEM_POOL_STATUS status;
    if (heap == NULL || stats == NULL || heap->pool == NULL) {
        return -EINVAL;
    }
    if (LOS_MemInfoGet(heap->pool, &status) != LOS_OK) {
        return -EINVAL;
    }
    stats->free_bytes = status.totalFreeSize;
    stats->allocated_bytes = status.totalUsedSize;
    stats->max_allocated_bytes = status.usageWaterLine;
    return 0;
}
