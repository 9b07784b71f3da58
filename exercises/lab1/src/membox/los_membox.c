/*
 * Stage 1: the fixed-size block pool (membox).
 *
 * Read it in this order: the helpers that turn addresses into blocks and
 * back, the check that decides whether a pointer is a block in use, then
 * the public calls as a program meets them: init, alloc, free, clear,
 * statistics, show, check. The layout is drawn in los_membox.h.
 */
#include <stdio.h>
#include <string.h>

#include "kit_diag.h"
#include "los_membox.h"

/**
 * \~english @brief The first block of the pool, just after its control
 *        structure.
 * \~chinese @brief 内存池的第一个内存块，紧跟在控制结构之后。
 */
static inline LOS_MEMBOX_NODE *OsMemboxFirst(const LOS_MEMBOX_INFO *boxInfo)
{
    return (LOS_MEMBOX_NODE *)((uintptr_t)boxInfo + OS_MEMBOX_FIRST_OFFSET);
}

/**
 * \~english @brief The block physically after @p node.
 * \~chinese @brief 物理上紧随 @p node 之后的内存块。
 */
static inline LOS_MEMBOX_NODE *OsMemboxNext(const LOS_MEMBOX_INFO *boxInfo, LOS_MEMBOX_NODE *node)
{
    return (LOS_MEMBOX_NODE *)((uintptr_t)node + boxInfo->uwBlkSize);
}

/**
 * \~english @brief The user bytes of a block: they start right after its node.
 * \~chinese @brief 内存块的用户区：紧接在节点头之后。
 */
static inline void *OsMemboxUserAddr(LOS_MEMBOX_NODE *node)
{
    return (void *)((uintptr_t)node + OS_MEMBOX_NODE_HEAD_SIZE);
}

/**
 * \~english @brief The node of the block whose user bytes start at @p box.
 * \~chinese @brief 用户区起点为 @p box 的内存块的节点头。
 */
static inline LOS_MEMBOX_NODE *OsMemboxNodeAddr(void *box)
{
    return (LOS_MEMBOX_NODE *)((uintptr_t)box - OS_MEMBOX_NODE_HEAD_SIZE);
}

/**
 * \~english @brief True when @p pool is aligned and carries the initialised
 *        mark; every public call starts with this.
 * \~chinese @brief @p pool 已对齐且带有已初始化标记时为真；每个公开函数都
 *        先做这项检查。
 */
static inline int OsMemboxPoolValid(const void *pool)
{
    return pool != NULL && ((uintptr_t)pool % OS_MEMBOX_ALIGN) == 0 &&
           ((const LOS_MEMBOX_INFO *)pool)->uwMagic == OS_MEMBOX_POOL_MAGIC;
}

/**
 * \~english
 * @brief Index of the block that starts at @p node, or -1 when @p node is
 *        not the start of a block of this pool.
 *
 * Works on addresses as integers, so a pointer from anywhere (another pool,
 * the stack, NULL) is judged without being dereferenced.
 * \~chinese
 * @brief 返回从 @p node 开始的内存块的序号；@p node 不是本内存池某块的
 *        起点时返回 -1。
 *
 * 用整数比较地址，因此任何来源的指针（别的内存池、栈、NULL）都能在不解引用
 * 的情况下得到判断。
 */
static int32_t OsMemboxIndexOf(const LOS_MEMBOX_INFO *boxInfo, const LOS_MEMBOX_NODE *node)
{
    /* TODO(lab 1, box_index): Turn node into a block index. Return -1 unless node
     * lies inside the pool's blocks and exactly on the start of one. */
    return 0;
}

/**
 * \~english
 * @brief Decide whether @p node is a block of this pool that is in use.
 * @return #LOS_OK when it is, #LOS_NOK otherwise (outside the pool, off a
 *         block boundary, or not marked used: a double free).
 * \~chinese
 * @brief 判断 @p node 是否为本内存池中一个正在使用的内存块。
 * @return 是则返回 #LOS_OK，否则（不在内存池内、不在块边界上、或没有
 *         "已占用"标记，即重复释放）返回 #LOS_NOK。
 */
static uint32_t OsCheckBoxMem(const LOS_MEMBOX_INFO *boxInfo, const LOS_MEMBOX_NODE *node)
{
    if (OsMemboxIndexOf(boxInfo, node) < 0) {
        return LOS_NOK;
    }
    return node->pstNext == OS_MEMBOX_MAGIC ? LOS_OK : LOS_NOK;
}

/**
 * \~english @brief True when @p node is a free block of this pool: on a block
 *        boundary inside the pool, and not marked used. The free list may
 *        hold only such nodes (or NULL at its end).
 * \~chinese @brief @p node 是本内存池的空闲块时为真：位于内存池内的块边界
 *        上，且没有"已占用"标记。空闲链表中只能出现这样的节点（末尾为 NULL）。
 */
static inline int OsMemboxFreeNodeValid(const LOS_MEMBOX_INFO *boxInfo, const LOS_MEMBOX_NODE *node)
{
    return OsMemboxIndexOf(boxInfo, node) >= 0 && node->pstNext != OS_MEMBOX_MAGIC;
}

/**
 * \~english
 * @brief True when the free list's head, and the link alloc is about to
 *        follow from it, are free blocks of this pool (or NULL).
 *
 * Free checks every block it links in, so the only way the list goes bad is
 * a write past the end of a block in use into its free neighbour's node.
 * Checking the head and its link before each alloc catches that write
 * before the bad link is ever followed.
 * \~chinese
 * @brief 空闲链表的表头，以及分配时将要沿它走到的下一个链接，都是本内存池
 *        的空闲块（或 NULL）时为真。
 *
 * 释放时会检查每一个入链的块，所以空闲链表只可能被一种方式破坏：某个已分配
 * 块写越了界，改写了相邻空闲块的节点头。每次分配前检查表头和它的链接，就能
 * 在错误链接被使用之前发现这种改写。
 */
static int OsMemboxHeadIntact(const LOS_MEMBOX_INFO *boxInfo)
{
    const LOS_MEMBOX_NODE *head = boxInfo->stFreeList.pstNext;

    if (head == NULL) {
        return 1;
    }
    return OsMemboxFreeNodeValid(boxInfo, head) &&
           (head->pstNext == NULL || OsMemboxFreeNodeValid(boxInfo, head->pstNext));
}

uint32_t LOS_MemboxInit(void *pool, uint32_t poolSize, uint32_t blkSize)
{
    LOS_MEMBOX_INFO *boxInfo = (LOS_MEMBOX_INFO *)pool;
    uint32_t wanted;
    uint32_t index;
    uintptr_t intSave;

    if (pool == NULL || ((uintptr_t)pool % OS_MEMBOX_ALIGN) != 0 || blkSize == 0 ||
        poolSize > UINTPTR_MAX - (uintptr_t)pool) {
        return LOS_NOK; /* the last case: the buffer would wrap around memory */
    }
    if (blkSize > UINT32_MAX - OS_MEMBOX_NODE_HEAD_SIZE - (OS_MEMBOX_ALIGN - 1)) {
        return LOS_NOK; /* the block size would overflow */
    }
    wanted = OS_MEMBOX_BLOCK_BYTES(blkSize);
    if (poolSize < OS_MEMBOX_FIRST_OFFSET || (poolSize - OS_MEMBOX_FIRST_OFFSET) / wanted == 0) {
        return LOS_NOK; /* no room for one block */
    }

    intSave = LOS_IntLock();
    boxInfo->uwBlkSize = wanted;
    boxInfo->uwBlkNum = (poolSize - OS_MEMBOX_FIRST_OFFSET) / wanted;
    boxInfo->uwBlkCnt = 0;
    /* TODO(lab 1, init_list): Thread every block onto the free list in address
     * order: stFreeList.pstNext is the first block, each node points to the
     * next block, and the last node is NULL. */
    boxInfo->stFreeList.pstNext = NULL; (void)index;
    boxInfo->uwMagic = OS_MEMBOX_POOL_MAGIC;
    LOS_IntRestore(intSave);
    return LOS_OK;
}

void *LOS_MemboxAlloc(void *pool)
{
    LOS_MEMBOX_INFO *boxInfo = (LOS_MEMBOX_INFO *)pool;
    LOS_MEMBOX_NODE *node;
    uintptr_t intSave;

    if (!OsMemboxPoolValid(pool)) {
        return NULL;
    }
    intSave = LOS_IntLock();
    if (!OsMemboxHeadIntact(boxInfo)) {
        LOS_IntRestore(intSave);
        KIT_DIAG("free list of pool %p is damaged (a write past the end of a block?)", pool);
        return NULL;
    }
    /* TODO(lab 1, alloc): Unlink the first block of the free list into node, mark
     * it used with OS_MEMBOX_MAGIC and count it in uwBlkCnt. When the list is
     * empty, leave node NULL. */
    node = NULL;
    LOS_IntRestore(intSave);
    return node == NULL ? NULL : OsMemboxUserAddr(node);
}

uint32_t LOS_MemboxFree(void *pool, void *box)
{
    LOS_MEMBOX_INFO *boxInfo = (LOS_MEMBOX_INFO *)pool;
    LOS_MEMBOX_NODE *node;
    uint32_t ret = LOS_NOK;
    uintptr_t intSave;

    if (!OsMemboxPoolValid(pool) || box == NULL) {
        return LOS_NOK;
    }
    node = OsMemboxNodeAddr(box);
    intSave = LOS_IntLock();
    if (OsCheckBoxMem(boxInfo, node) == LOS_OK) {
        /* TODO(lab 1, free): Put node back at the head of the free list (this
         * overwrites its used mark) and uncount it; then set ret to LOS_OK. */
        ret = LOS_OK;
    }
    LOS_IntRestore(intSave);
    return ret;
}

void LOS_MemboxClr(void *pool, void *box)
{
    LOS_MEMBOX_INFO *boxInfo = (LOS_MEMBOX_INFO *)pool;

    if (!OsMemboxPoolValid(pool) || box == NULL ||
        OsCheckBoxMem(boxInfo, OsMemboxNodeAddr(box)) != LOS_OK) {
        return;
    }
    memset(box, 0, boxInfo->uwBlkSize - OS_MEMBOX_NODE_HEAD_SIZE);
}

uint32_t LOS_MemboxStatisticsGet(const void *boxMem, uint32_t *maxBlk, uint32_t *blkCnt,
                                 uint32_t *blkSize)
{
    const LOS_MEMBOX_INFO *boxInfo = (const LOS_MEMBOX_INFO *)boxMem;
    uintptr_t intSave;

    if (!OsMemboxPoolValid(boxMem) || maxBlk == NULL || blkCnt == NULL || blkSize == NULL) {
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    *maxBlk = boxInfo->uwBlkNum;
    *blkCnt = boxInfo->uwBlkCnt;
    *blkSize = boxInfo->uwBlkSize;
    LOS_IntRestore(intSave);
    return LOS_OK;
}

void LOS_ShowBox(void *pool)
{
    LOS_MEMBOX_INFO *boxInfo = (LOS_MEMBOX_INFO *)pool;
    LOS_MEMBOX_NODE *node;
    uint32_t index;
    uint32_t shown = 0;

    if (!OsMemboxPoolValid(pool)) {
        printf("membox %p: not an initialised pool\n", pool);
        return;
    }
    printf("membox %p: %u blocks of %u bytes, %u used, %u free\n", pool,
           (unsigned)boxInfo->uwBlkNum, (unsigned)boxInfo->uwBlkSize, (unsigned)boxInfo->uwBlkCnt,
           (unsigned)(boxInfo->uwBlkNum - boxInfo->uwBlkCnt));
    printf("  map:  ");
    node = OsMemboxFirst(boxInfo);
    for (index = 0; index < boxInfo->uwBlkNum; index++) {
        putchar(node->pstNext == OS_MEMBOX_MAGIC ? '#' : '.');
        node = OsMemboxNext(boxInfo, node);
    }
    printf("   (# used, . free)\n  free:");
    for (node = boxInfo->stFreeList.pstNext; node != NULL && shown <= boxInfo->uwBlkNum;
         node = node->pstNext, shown++) {
        if (!OsMemboxFreeNodeValid(boxInfo, node)) {
            printf(" -> a damaged link to %p: the list is not followed further\n", (void *)node);
            return;
        }
        printf("%s%d", shown == 0 ? " " : " -> ", (int)OsMemboxIndexOf(boxInfo, node));
    }
    printf("%s\n", shown == 0 ? " (empty)" : "");
}

uint32_t LOS_MemboxIntegrityCheck(void *pool)
{
    LOS_MEMBOX_INFO *boxInfo = (LOS_MEMBOX_INFO *)pool;
    LOS_MEMBOX_NODE *node;
    uint32_t freeCount = 0;
    uint32_t usedCount = 0;
    uint32_t index;

    if (!OsMemboxPoolValid(pool)) {
        KIT_DIAG("pool %p is not an initialised membox", pool);
        return LOS_NOK;
    }
    for (node = boxInfo->stFreeList.pstNext; node != NULL; node = node->pstNext) {
        if (!OsMemboxFreeNodeValid(boxInfo, node)) {
            KIT_DIAG("free list holds a bad node %p", (void *)node);
            return LOS_NOK;
        }
        if (++freeCount > boxInfo->uwBlkNum) {
            KIT_DIAG("free list of pool %p has a cycle", pool);
            return LOS_NOK;
        }
    }
    node = OsMemboxFirst(boxInfo);
    for (index = 0; index < boxInfo->uwBlkNum; index++) {
        usedCount += node->pstNext == OS_MEMBOX_MAGIC;
        node = OsMemboxNext(boxInfo, node);
    }
    if (usedCount != boxInfo->uwBlkCnt || usedCount + freeCount != boxInfo->uwBlkNum) {
        KIT_DIAG("pool %p counts %u used and %u free of %u blocks, expected %u used", pool,
                 (unsigned)usedCount, (unsigned)freeCount, (unsigned)boxInfo->uwBlkNum,
                 (unsigned)boxInfo->uwBlkCnt);
        return LOS_NOK;
    }
    return LOS_OK;
}
