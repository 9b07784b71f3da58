/**
 * @file los_membox.h
 * \~english
 * @brief Stage 1: the fixed-size block pool (membox), with LiteOS-M's API.
 *
 * A membox carves a caller's buffer into blocks of one size and keeps the
 * unused ones on a singly linked free list. Allocation takes the head of the
 * list, freeing puts a block back at the head: both are O(1), and since all
 * blocks are alike there is no external fragmentation. The price is internal
 * fragmentation: a request smaller than the block size wastes the rest.
 *
 * @verbatim
   pool (8-byte aligned)
   +-----------------+---------+------------+---------+------------+--
   | LOS_MEMBOX_INFO | node    | user bytes | node    | user bytes | ...
   | size, num, cnt, | 8 bytes |            | 8 bytes |            |
   | free list head  |         |            |         |            |
   +-----------------+---------+------------+---------+------------+--
                     ^         ^
                     block     pointer returned by LOS_MemboxAlloc()
                     |<------ uwBlkSize ----->|
   @endverbatim
 *
 * The node in front of each block holds the link to the next free block
 * while the block is free, and a magic word while it is in use: that mark is
 * how a double free is caught.
 * \~chinese
 * @brief 阶段一：固定大小内存块的内存池（membox），接口与 LiteOS-M 相同。
 *
 * membox 把调用者提供的一块缓冲区切成大小相同的内存块，未使用的内存块挂在
 * 一条单向空闲链表上。分配时取链表头，释放时放回链表头，两者都是 O(1)；
 * 所有内存块大小一样，因此没有外部碎片。代价是内部碎片：申请的字节数小于
 * 块大小时，余下的部分就浪费了。
 *
 * @verbatim
   内存池（按 8 字节对齐）
   +-----------------+---------+----------+---------+----------+--
   | LOS_MEMBOX_INFO | 节点头  | 用户区   | 节点头  | 用户区   | ...
   | 块大小、块数、  | 8 字节  |          | 8 字节  |          |
   | 已用数、链表头  |         |          |         |          |
   +-----------------+---------+----------+---------+----------+--
                     ^         ^
                     内存块    LOS_MemboxAlloc() 返回的指针
                     |<---- uwBlkSize ---->|
   @endverbatim
 *
 * 每个内存块前面的节点头：块空闲时存放指向下一个空闲块的指针，块被占用时
 * 存放一个魔数。重复释放正是靠这个标记发现的。
 */
#ifndef KIT_LOS_MEMBOX_H
#define KIT_LOS_MEMBOX_H

#include <stdint.h>

#include "los_base.h"

/**
 * \~english
 * @brief The node in front of every block.
 *
 * Invariant: while the block is free, @c pstNext points to the next free
 * block (or is NULL at the end of the list); while it is in use, it holds
 * #OS_MEMBOX_MAGIC and nothing else.
 * \~chinese
 * @brief 每个内存块前面的节点头。
 *
 * 不变式：块空闲时，@c pstNext 指向下一个空闲块（链表末尾为 NULL）；
 * 块被占用时，它的值恒为 #OS_MEMBOX_MAGIC。
 */
typedef struct tagMEMBOX_NODE {
    /** \~english @brief next free block, or the used mark
     *  \~chinese @brief 下一个空闲块，或"已占用"标记 */
    struct tagMEMBOX_NODE *pstNext;
} LOS_MEMBOX_NODE;

/**
 * \~english
 * @brief The control structure at the start of every membox pool.
 *
 * Invariant: @c uwBlkCnt blocks are in use and the other
 * `uwBlkNum - uwBlkCnt` are on the list that starts at @c stFreeList.
 * @c uwMagic equals #OS_MEMBOX_POOL_MAGIC exactly while the pool is
 * initialised; LiteOS-M has no such field, the kit adds it so that a call on
 * a pool that was never initialised is refused.
 * \~chinese
 * @brief 每个 membox 内存池开头的控制结构。
 *
 * 不变式：有 @c uwBlkCnt 个内存块正在使用，其余 `uwBlkNum - uwBlkCnt`
 * 个挂在以 @c stFreeList 开头的空闲链表上。只有内存池已初始化时，
 * @c uwMagic 才等于 #OS_MEMBOX_POOL_MAGIC；LiteOS-M 没有这个字段，
 * 本套件加上它，是为了拒绝对未初始化内存池的调用。
 */
typedef struct {
    /** \~english @brief marks an initialised pool \~chinese @brief 已初始化标记 */
    uint32_t uwMagic;
    uint32_t uwBlkSize; /**< \~english @brief bytes per block, node included, a multiple of 8
                             \~chinese @brief 每块的字节数（含节点头），为 8 的倍数 */
    uint32_t uwBlkNum; /**< \~english @brief blocks in the pool \~chinese @brief 内存池中的块数 */
    uint32_t uwBlkCnt; /**< \~english @brief blocks in use \~chinese @brief 正在使用的块数 */
    LOS_MEMBOX_NODE stFreeList; /**< \~english @brief head of the free list
                                     \~chinese @brief 空闲链表的表头 */
} LOS_MEMBOX_INFO;

/** \~english @brief Alignment of the pool, of every block and of every
 *         returned pointer, in bytes.
 *  \~chinese @brief 内存池、每个内存块以及每个返回指针的对齐字节数。 */
#define OS_MEMBOX_ALIGN 8u

/** \~english @brief Bytes of the node in front of each block: one pointer,
 *         rounded up so that the user bytes stay 8-byte aligned.
 *  \~chinese @brief 每块前节点头的字节数：一个指针，向上取整到 8，
 *         以保证用户区按 8 字节对齐。 */
#define OS_MEMBOX_NODE_HEAD_SIZE 8u

/** \~english @brief Bytes from the pool's start to its first block.
 *  \~chinese @brief 从内存池起始处到第一个内存块的字节数。 */
#define OS_MEMBOX_FIRST_OFFSET \
    ((uint32_t)((sizeof(LOS_MEMBOX_INFO) + OS_MEMBOX_ALIGN - 1) & ~(OS_MEMBOX_ALIGN - 1)))

/** \~english @brief Bytes of one block for @p blkSize user bytes: the node added, rounded
 *         up to a multiple of 8 (what %LOS_MemboxInit() makes of @p blkSize).
 *  \~chinese @brief 用户字节数为 @p blkSize 时一个内存块的字节数：加上节点头，再向上
 *         取整到 8 的倍数（即 %LOS_MemboxInit() 由 @p blkSize 算出的块大小）。 */
#define OS_MEMBOX_BLOCK_BYTES(blkSize)                                        \
    (((uint32_t)(blkSize) + OS_MEMBOX_NODE_HEAD_SIZE + OS_MEMBOX_ALIGN - 1) & \
     ~(OS_MEMBOX_ALIGN - 1))

/**
 * \~english
 * @brief Bytes of a pool that holds exactly @p blkNum blocks of @p blkSize
 *        user bytes (LiteOS-M's macro).
 *
 * LiteOS-M adds its control structure to @p blkNum blocks, each rounded up
 * to a word; the kit's blocks and control structure are laid out as drawn
 * above (8-byte nodes and steps, and #OS_MEMBOX_FIRST_OFFSET before the
 * first block), so its macro counts those, and a pool of this size holds
 * @p blkNum blocks on the board and on the host alike. Give it to
 * %LOS_MemboxInit() as the pool size, with the same @p blkSize.
 * \~chinese
 * @brief 恰好容纳 @p blkNum 个用户字节数为 @p blkSize 的内存块的内存池字节数
 *        （LiteOS-M 的宏）。
 *
 * LiteOS-M 用控制结构加上 @p blkNum 个各自向上取整到一个字的内存块；本套件
 * 的内存块与控制结构按上图布局（8 字节的节点头与步长，第一个内存块之前是
 * #OS_MEMBOX_FIRST_OFFSET），所以本套件的宏按这些来算，这样大小的内存池在
 * 目标板和宿主机上都恰好容纳 @p blkNum 个内存块。把它作为内存池大小、连同
 * 同一个 @p blkSize 交给 %LOS_MemboxInit()。
 */
#define LOS_MEMBOX_SIZE(blkSize, blkNum) \
    (OS_MEMBOX_FIRST_OFFSET + OS_MEMBOX_BLOCK_BYTES(blkSize) * (uint32_t)(blkNum))

/** \~english @brief The used mark kept in the node of a block in use.
 *  \~chinese @brief 已占用内存块节点头中保存的"已占用"标记。 */
#define OS_MEMBOX_MAGIC ((LOS_MEMBOX_NODE *)(uintptr_t)0xa55a5aa5u)

/** \~english @brief Value of LOS_MEMBOX_INFO::uwMagic in an initialised pool.
 *  \~chinese @brief 已初始化内存池中 LOS_MEMBOX_INFO::uwMagic 的值。 */
#define OS_MEMBOX_POOL_MAGIC 0x4d424f58u

/**
 * \~english
 * @brief Carve @p pool into blocks of at least @p blkSize bytes each.
 *
 * The block size becomes `blkSize` plus the 8-byte node, rounded up to a
 * multiple of 8; every block goes on the free list.
 * @param pool the buffer; it must be 8-byte aligned.
 * @param poolSize bytes in the buffer.
 * @param blkSize user bytes wanted per block.
 * @return #LOS_OK, or #LOS_NOK when @p pool is NULL or not 8-byte aligned,
 *         @p blkSize is 0 or so large that the block size overflows, the
 *         buffer would wrap around the end of the address space, or it is
 *         too small for the control structure and one block.
 *         The buffer is left untouched on failure.
 * @par Cost
 * O(n) in the number of blocks (each is put on the list once).
 * @par Context
 * Thread; not from an interrupt handler (it is O(n)).
 * \~chinese
 * @brief 把 @p pool 切分成每块至少 @p blkSize 字节的内存块。
 *
 * 块大小为 `blkSize` 加上 8 字节的节点头，再向上取整到 8 的倍数；
 * 所有内存块都挂到空闲链表上。
 * @param pool 缓冲区，必须按 8 字节对齐。
 * @param poolSize 缓冲区的字节数。
 * @param blkSize 每块需要的用户字节数。
 * @return #LOS_OK；以下情况返回 #LOS_NOK：@p pool 为 NULL 或未按 8 字节
 *         对齐，@p blkSize 为 0 或大到块大小溢出，缓冲区会越过地址空间的
 *         末尾，或者缓冲区放不下控制结构和一个内存块。失败时缓冲区保持原样。
 * @par 开销
 * O(n)，n 为内存块个数（每块入链一次）。
 * @par 调用上下文
 * 线程；不要在中断处理函数中调用（它是 O(n) 的）。
 */
uint32_t LOS_MemboxInit(void *pool, uint32_t poolSize, uint32_t blkSize);

/**
 * \~english
 * @brief Take one block from the pool.
 * @param pool an initialised pool.
 * @return the block's user bytes (8-byte aligned, contents undefined), or
 *         NULL when the pool is exhausted, NULL or not initialised, or when
 *         its free list was overwritten (then with a diagnostic, and the
 *         list is left as it is for LOS_MemboxIntegrityCheck() to report).
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 从内存池中取出一个内存块。
 * @param pool 已初始化的内存池。
 * @return 内存块的用户区（按 8 字节对齐，内容未定义）；内存池已耗尽、
 *         为 NULL 或未初始化时返回 NULL；空闲链表被改写时也返回 NULL，
 *         并打印诊断信息，链表保持原样，留给 LOS_MemboxIntegrityCheck() 报告。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *LOS_MemboxAlloc(void *pool);

/**
 * \~english
 * @brief Give a block back to the pool.
 * @param pool the pool the block came from.
 * @param box a pointer LOS_MemboxAlloc() returned from this pool.
 * @return #LOS_OK, or #LOS_NOK when @p pool or @p box is NULL, the pool is
 *         not initialised, @p box lies outside the pool or not at the start
 *         of a block's user bytes, or the block is not in use (a double
 *         free). The pool is unchanged on failure.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 把一个内存块还给内存池。
 * @param pool 内存块所属的内存池。
 * @param box 从该内存池的 LOS_MemboxAlloc() 得到的指针。
 * @return #LOS_OK；以下情况返回 #LOS_NOK：@p pool 或 @p box 为 NULL，
 *         内存池未初始化，@p box 不在内存池内或不在某块用户区的起点，
 *         或者该块并未被占用（重复释放）。失败时内存池保持不变。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
uint32_t LOS_MemboxFree(void *pool, void *box);

/**
 * \~english
 * @brief Fill a block's user bytes with zeros.
 * @param pool the pool the block came from.
 * @param box a block in use, as returned by LOS_MemboxAlloc().
 * @return nothing. A call whose @p box is not a block in use of @p pool
 *         does nothing (LiteOS-M does not check; the kit does, so that a bad
 *         pointer cannot wipe a neighbour).
 * @par Cost
 * O(block size).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 把一个内存块的用户区清零。
 * @param pool 内存块所属的内存池。
 * @param box 一个正在使用的内存块，即 LOS_MemboxAlloc() 的返回值。
 * @return 无。若 @p box 不是 @p pool 中正在使用的内存块，调用什么也不做
 *         （LiteOS-M 不做检查；本套件检查，以免错误的指针清掉相邻的块）。
 * @par 开销
 * O(块大小)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void LOS_MemboxClr(void *pool, void *box);

/**
 * \~english
 * @brief Read the pool's figures.
 * @param boxMem an initialised pool.
 * @param maxBlk receives the number of blocks in the pool.
 * @param blkCnt receives the number of blocks in use.
 * @param blkSize receives the size of one block, node included.
 * @return #LOS_OK, or #LOS_NOK when any argument is NULL or the pool is not
 *         initialised (nothing is written then).
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 读取内存池的统计数字。
 * @param boxMem 已初始化的内存池。
 * @param maxBlk 得到内存池的总块数。
 * @param blkCnt 得到正在使用的块数。
 * @param blkSize 得到一个内存块的大小（含节点头）。
 * @return #LOS_OK；任一参数为 NULL 或内存池未初始化时返回 #LOS_NOK，
 *         此时不写任何输出参数。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
uint32_t LOS_MemboxStatisticsGet(const void *boxMem, uint32_t *maxBlk, uint32_t *blkCnt,
                                 uint32_t *blkSize);

/**
 * \~english
 * @brief Print the pool's state: its figures, a map of used and free
 *        blocks, and the free list in order.
 *
 * @verbatim
   membox 0x20000100: 8 blocks of 40 bytes, 3 used, 5 free
     map:  #.#..#..   (# used, . free)
     free: 6 -> 4 -> 3 -> 1 -> 7
   @endverbatim
 * @param pool the pool; a NULL or uninitialised pool prints one line
 *        saying so.
 * @par Cost
 * O(n) in the number of blocks.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 打印内存池的状态：统计数字、已用块与空闲块的分布图，以及空闲
 *        链表的顺序。
 *
 * @verbatim
   membox 0x20000100: 8 blocks of 40 bytes, 3 used, 5 free
     map:  #.#..#..   （# 已用，. 空闲）
     free: 6 -> 4 -> 3 -> 1 -> 7
   @endverbatim
 * @param pool 内存池；若为 NULL 或未初始化，只打印一行说明。
 * @par 开销
 * O(n)，n 为内存块个数。
 * @par 调用上下文
 * 线程。
 */
void LOS_ShowBox(void *pool);

/**
 * \~english
 * @brief Check the whole pool (a kit addition; LiteOS-M has none for
 *        membox).
 *
 * Follows the free list and checks that every node lies in the pool on a
 * block boundary, is not marked used, and appears once; then checks that
 * the free blocks and the blocks marked used add up to the pool.
 * @param pool the pool.
 * @return #LOS_OK when the pool is intact, #LOS_NOK (with a diagnostic)
 *         otherwise, including a NULL or uninitialised pool.
 * @par Cost
 * O(n) in the number of blocks.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 检查整个内存池（本套件新增；LiteOS-M 的 membox 没有这个函数）。
 *
 * 沿空闲链表逐个检查：每个节点都在内存池内、位于块边界上、没有"已占用"
 * 标记，并且只出现一次；然后核对空闲块数与标记为已占用的块数之和等于
 * 总块数。
 * @param pool 内存池。
 * @return 内存池完好时返回 #LOS_OK，否则返回 #LOS_NOK 并打印诊断信息；
 *         内存池为 NULL 或未初始化时也返回 #LOS_NOK。
 * @par 开销
 * O(n)，n 为内存块个数。
 * @par 调用上下文
 * 线程。
 */
uint32_t LOS_MemboxIntegrityCheck(void *pool);

#endif
