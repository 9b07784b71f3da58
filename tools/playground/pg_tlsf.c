/*
 * The playground's view of stage 3, TLSF: LiteOS-M's calls, and a pool read
 * through its own figures (LOS_MemInfoGet, LOS_MemIntegrityCheck), the block
 * layer's walk, and the index that los_memory.h declares: the two bitmaps
 * and the list heads. Everything the page knows of the TLSF index comes
 * from this file.
 */
#include "block.h"
#include "los_memory.h"
#include "pg.h"

static const char *tlsf_rc(uint32_t rc)
{
    return rc == LOS_OK ? "LOS_OK" : rc == LOS_NOK ? "LOS_NOK" : "?";
}

static int tlsf_init(void *pool, uint32_t bytes, uint32_t param)
{
    uint32_t rc;

    (void)param;
    PG_RC_CALL(rc, tlsf_rc, LOS_MemInit(pool, bytes), "LOS_MemInit(pool, %u)", (unsigned)bytes);
    return rc == LOS_OK ? 0 : -1;
}

static void *tlsf_alloc(void *pool, uint32_t size)
{
    void *p;

    PG_POINTER_CALL(p, LOS_MemAlloc(pool, size), "LOS_MemAlloc(pool, %u)", (unsigned)size);
    return p;
}

static void *tlsf_aligned(void *pool, uint32_t size, uint32_t align)
{
    void *p;

    PG_POINTER_CALL(p, LOS_MemAllocAlign(pool, size, align), "LOS_MemAllocAlign(pool, %u, %u)",
                    (unsigned)size, (unsigned)align);
    return p;
}

static void *tlsf_resize(void *pool, void *ptr, uint32_t size)
{
    void *p;

    PG_POINTER_CALL(p, LOS_MemRealloc(pool, ptr, size), "LOS_MemRealloc(pool, pool+%ld, %u)",
                    pg_off(ptr), (unsigned)size);
    return p;
}

static int tlsf_release(void *pool, void *ptr)
{
    uint32_t rc;

    PG_RC_CALL(rc, tlsf_rc, LOS_MemFree(pool, ptr), "LOS_MemFree(pool, pool+%ld)", pg_off(ptr));
    return rc == LOS_OK ? 0 : -1;
}

/*
 * The smallest block size of class (f, s), as los_memory.h draws the
 * classes: row 0 exact, in steps of 8; row f the sizes from
 * 2^(f + OS_MEM_SMALL_SHIFT - 1), in OS_MEM_SL_COUNT equal lists.
 */
static unsigned long tlsf_class_low(uint32_t f, uint32_t s)
{
    unsigned long base;

    if (f == 0) {
        return (unsigned long)s * 8u;
    }
    base = 1ul << (f + OS_MEM_SMALL_SHIFT - 1);
    return base + s * (base >> OS_MEM_SLI);
}

static void tlsf_block(block_t *b, void *first)
{
    pg_block(b, block_size(b), block_is_used(b), first);
}

static void tlsf_index(const OsMemPoolHead *head)
{
    int first = 1;

    pg_put(",\"tlsf\":{\"sli\":%u,\"rows\":%u,\"fl\":%u,\"sl\":[", (unsigned)OS_MEM_SLI,
           (unsigned)head->flCount, (unsigned)head->flBitmap);
    for (uint32_t f = 0; f < head->flCount; f++) {
        pg_put("%s%u", f == 0 ? "" : ",", (unsigned)head->slBitmap[f]);
    }
    pg_put("],\"low\":[");
    for (uint32_t f = 0; f < head->flCount; f++) {
        pg_put("%s[", f == 0 ? "" : ",");
        for (uint32_t s = 0; s < OS_MEM_SL_COUNT; s++) {
            pg_put("%s%lu", s == 0 ? "" : ",", tlsf_class_low(f, s));
        }
        pg_put("]");
    }
    pg_put("],\"top\":%lu,\"lists\":[", tlsf_class_low(head->flCount, 0));
    for (uint32_t f = 0; f < head->flCount; f++) {
        for (uint32_t s = 0; s < OS_MEM_SL_COUNT; s++) {
            int item = 1;
            uint32_t shown = 0;

            if (head->rows[f].freeList[s] == NULL) {
                continue;
            }
            pg_put("%s[%u,%u,[", first ? "" : ",", (unsigned)f, (unsigned)s);
            first = 0;
            /* bounded: a damaged list still ends */
            for (const block_t *b = head->rows[f].freeList[s];
                 b != NULL && shown <= head->poolSize / BLOCK_MIN_SIZE; b = b->next_free, shown++) {
                pg_list_item(b, &item);
            }
            pg_put("]]");
        }
    }
    pg_put("]}");
}

static void tlsf_state(void *pool, int detail)
{
    const OsMemPoolHead *head = pool;
    LOS_MEM_POOL_STATUS st;
    int first = 1;

    if (LOS_MemInfoGet(pool, &st) != LOS_OK) {
        pg_put(",\"valid\":0");
        return;
    }
    pg_put(",\"valid\":1,\"largestFree\":%u,\"freeBytes\":%u", (unsigned)st.maxFreeNodeSize,
           (unsigned)st.totalFreeSize);
    pg_put(",\"stats\":{\"totalUsedSize\":%u,\"totalFreeSize\":%u,\"maxFreeNodeSize\":%u,"
           "\"usedNodeNum\":%u,\"freeNodeNum\":%u,\"usageWaterLine\":%u}",
           (unsigned)st.totalUsedSize, (unsigned)st.totalFreeSize, (unsigned)st.maxFreeNodeSize,
           (unsigned)st.usedNodeNum, (unsigned)st.freeNodeNum, (unsigned)st.usageWaterLine);
    if (detail < 2) {
        return;
    }
    pg_put(",\"check\":%u,\"hdr\":%u,\"control\":%ld,\"end\":%ld,\"blocks\":[",
           (unsigned)LOS_MemIntegrityCheck(pool), (unsigned)BLOCK_HEADER_SIZE,
           pg_off(head->arena.first), pg_off(head->arena.end));
    block_walk(&head->arena, tlsf_block, &first);
    pg_put("]");
    tlsf_index(head);
}

static void tlsf_show(void *pool)
{
    pg_call("LOS_MemFreeNodeShow(pool)");
    (void)LOS_MemFreeNodeShow(pool);
}

static int tlsf_check(void *pool)
{
    uint32_t rc;

    PG_RC_CALL(rc, tlsf_rc, LOS_MemIntegrityCheck(pool), "LOS_MemIntegrityCheck(pool)");
    return rc == LOS_OK ? 0 : -1;
}

static const pg_allocator_t tlsf = {
    "tlsf",       tlsf_init,  tlsf_alloc, tlsf_aligned, tlsf_resize,
    tlsf_release, tlsf_state, tlsf_show,  tlsf_check,
};

const pg_allocator_t *const pg_tlsf_allocators[] = { &tlsf, NULL };
