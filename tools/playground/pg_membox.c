/*
 * The playground's view of stage 1, the membox: LiteOS-M's calls, and a pool
 * read through LOS_MemboxStatisticsGet(), LOS_MemboxIntegrityCheck() and the
 * layout that los_membox.h declares (the blocks after the control structure,
 * the used mark in each node, the free list). Everything the page knows of
 * the membox comes from this file.
 *
 * The membox has one block size and no size argument, no realloc and no
 * aligned alloc. As the trace tool's adapter does, a request larger than a
 * block is refused here, and a resize that still fits keeps the block: the
 * page says so, since the membox itself is never called.
 */
#include "los_membox.h"
#include "pg.h"

static const char *membox_rc(uint32_t rc)
{
    return rc == LOS_OK ? "LOS_OK" : rc == LOS_NOK ? "LOS_NOK" : "?";
}

static int membox_init(void *pool, uint32_t bytes, uint32_t param)
{
    uint32_t rc;

    PG_RC_CALL(rc, membox_rc, LOS_MemboxInit(pool, bytes, param), "LOS_MemboxInit(pool, %u, %u)",
               (unsigned)bytes, (unsigned)param);
    return rc == LOS_OK ? 0 : -1;
}

/* The user bytes of a block, or 0 when the pool is not initialised. */
static uint32_t membox_room(void *pool)
{
    uint32_t num, used, size;

    if (LOS_MemboxStatisticsGet(pool, &num, &used, &size) != LOS_OK) {
        return 0;
    }
    return size - OS_MEMBOX_NODE_HEAD_SIZE;
}

static void *membox_alloc(void *pool, uint32_t size)
{
    uint32_t room = membox_room(pool);
    void *p;

    if (room != 0 && size > room) {
        pg_note("membox-size", room);
        return NULL;
    }
    PG_POINTER_CALL(p, LOS_MemboxAlloc(pool), "LOS_MemboxAlloc(pool)");
    return p;
}

static void *membox_resize(void *pool, void *ptr, uint32_t size)
{
    uint32_t room = membox_room(pool);

    if (size > room) {
        pg_note("membox-size", room);
        return NULL;
    }
    pg_note("membox-keeps", room);
    return ptr;
}

static int membox_release(void *pool, void *ptr)
{
    uint32_t rc;

    PG_RC_CALL(rc, membox_rc, LOS_MemboxFree(pool, ptr), "LOS_MemboxFree(pool, pool+%ld)",
               pg_off(ptr));
    return rc == LOS_OK ? 0 : -1;
}

static void membox_state(void *pool, int detail)
{
    const LOS_MEMBOX_INFO *info = pool;
    const unsigned char *first = (const unsigned char *)pool + OS_MEMBOX_FIRST_OFFSET;
    uint32_t num, used, size, shown = 0;
    int item = 1;

    if (LOS_MemboxStatisticsGet(pool, &num, &used, &size) != LOS_OK) {
        pg_put(",\"valid\":0");
        return;
    }
    pg_put(",\"valid\":1,\"largestFree\":%u,\"freeBytes\":%u", (unsigned)(used < num ? size : 0),
           (unsigned)((num - used) * size));
    pg_put(",\"stats\":{\"maxBlk\":%u,\"blkCnt\":%u,\"blkSize\":%u}", (unsigned)num, (unsigned)used,
           (unsigned)size);
    if (detail < 2) {
        return;
    }
    pg_put(",\"check\":%u,\"hdr\":%u,\"control\":%u,\"end\":%lu,\"blocks\":[",
           (unsigned)LOS_MemboxIntegrityCheck(pool), (unsigned)OS_MEMBOX_NODE_HEAD_SIZE,
           (unsigned)OS_MEMBOX_FIRST_OFFSET,
           (unsigned long)(OS_MEMBOX_FIRST_OFFSET + (unsigned long)num * size));
    for (uint32_t i = 0; i < num; i++) {
        const LOS_MEMBOX_NODE *node = (const void *)(first + (size_t)i * size);
        pg_block(node, size, node->pstNext == OS_MEMBOX_MAGIC, &item);
    }
    pg_put("],\"membox\":{\"list\":[");
    item = 1;
    for (const LOS_MEMBOX_NODE *n = info->stFreeList.pstNext; n != NULL && shown <= num;
         n = n->pstNext, shown++) {
        pg_list_item(n, &item);
    }
    pg_put("]}");
}

static void membox_show(void *pool)
{
    pg_call("LOS_ShowBox(pool)");
    LOS_ShowBox(pool);
}

static int membox_check(void *pool)
{
    uint32_t rc;

    PG_RC_CALL(rc, membox_rc, LOS_MemboxIntegrityCheck(pool), "LOS_MemboxIntegrityCheck(pool)");
    return rc == LOS_OK ? 0 : -1;
}

static const pg_allocator_t membox = {
    "membox",       membox_init,  membox_alloc, NULL,         membox_resize,
    membox_release, membox_state, membox_show,  membox_check,
};

const pg_allocator_t *const pg_membox_allocators[] = { &membox, NULL };
