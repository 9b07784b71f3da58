/*
 * The playground's view of stage 3, TLSF: LiteOS-M's calls, and a pool read
 * through its own figures (LOS_MemInfoGet, LOS_MemIntegrityCheck), the block
 * layer's walk, and the index that los_memory.h declares: the two bitmaps
 * and the list heads. Everything the page knows of the TLSF index comes
 * from this file.
 */
#include "block.h"
#include "los_memory.h"
#include "los_memory_at.h"
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
 * The smallest block size of list n, as los_memory.h draws the lists: exact
 * in steps of 8 below 64 bytes, then OS_MEM_SL_COUNT equal lists for each
 * power of two.
 */
static unsigned long tlsf_list_low(uint32_t n)
{
    unsigned long base;

    if (n < OS_MEM_SMALL_LISTS) {
        return OS_MEM_SMALL_BASE + 8ul * n;
    }
    n -= OS_MEM_SMALL_LISTS;
    base = (unsigned long)OS_MEM_SMALL_SIZE << (n / OS_MEM_SL_COUNT);
    return base + (n % OS_MEM_SL_COUNT) * (base >> OS_MEM_SLI);
}

static void tlsf_block(block_t *b, void *first)
{
    pg_block(b, block_size(b), block_is_used(b), first);
}

/* Row f's bits of the pool's bitmap (bit s for list s of the row), from
 * whose words start its lists. */
static uint32_t tlsf_row_bits(const OsMemPoolHead *head, uint32_t f)
{
    uint32_t n = f * OS_MEM_SL_COUNT;
    uint32_t word = ((const uint32_t *)head->lists)[n / 32u];

    return (word >> (n % 32u)) & ((1u << OS_MEM_SL_COUNT) - 1u);
}

/*
 * The index as rows: "fl" has bit f set when row f has a non-empty list,
 * "sl"[f] is row f's bits of the one bitmap, "lists" the blocks of each
 * non-empty list, read through OsMemListHead().
 */
static void tlsf_index(const OsMemPoolHead *head)
{
    uint32_t rows = OsMemListCount(head) / OS_MEM_SL_COUNT, fl = 0;
    int first = 1;

    for (uint32_t f = 0; f < rows; f++) {
        fl |= tlsf_row_bits(head, f) != 0 ? 1u << f : 0u;
    }
    pg_put(",\"tlsf\":{\"sli\":%u,\"rows\":%u,\"fl\":%u,\"sl\":[", (unsigned)OS_MEM_SLI,
           (unsigned)rows, (unsigned)fl);
    for (uint32_t f = 0; f < rows; f++) {
        pg_put("%s%u", f == 0 ? "" : ",", (unsigned)tlsf_row_bits(head, f));
    }
    pg_put("],\"low\":[");
    for (uint32_t f = 0; f < rows; f++) {
        pg_put("%s[", f == 0 ? "" : ",");
        for (uint32_t s = 0; s < OS_MEM_SL_COUNT; s++) {
            pg_put("%s%lu", s == 0 ? "" : ",", tlsf_list_low(f * OS_MEM_SL_COUNT + s));
        }
        pg_put("]");
    }
    pg_put("],\"top\":%lu,\"lists\":[", tlsf_list_low(rows * OS_MEM_SL_COUNT));
    for (uint32_t n = 0; n < rows * OS_MEM_SL_COUNT; n++) {
        int item = 1;
        uint32_t shown = 0;

        if (OsMemListHead(head, n) == NULL) {
            continue;
        }
        pg_put("%s[%u,%u,[", first ? "" : ",", (unsigned)(n / OS_MEM_SL_COUNT),
               (unsigned)(n % OS_MEM_SL_COUNT));
        first = 0;
        /* bounded: a damaged list still ends */
        for (const block_t *b = OsMemListHead(head, n);
             b != NULL && shown <= head->poolSize / BLOCK_MIN_SIZE; b = b->next_free, shown++) {
            pg_list_item(b, &item);
        }
        pg_put("]]");
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
