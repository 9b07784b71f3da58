/**
 * @file los_memory.h
 * \~english
 * @brief Stage 3: two-level segregated fit (TLSF) with bitmaps, O(1) in every
 *        operation, with LiteOS-M's dynamic memory API.
 *
 * The pool starts with its control structure; the rest is an arena of
 * blocks laid out by the block layer (block.h), exactly as in stage 2. What
 * changes is the index of the free blocks: instead of one list searched
 * from end to end, every free block sits on one of many lists, one list per
 * size class, and two levels of bitmaps say which lists are not empty.
 *
 * @verbatim
   pool
   +--------------------------------------+---------+---------+-----+-----+
   | OsMemPoolHead                        | block   | block   | ... | end |
   |  magic, sizes, counters              | (used)  | (free)  |     | (0) |
   |  flBitmap       1 bit per row        |         |         |     |     |
   |  slBitmap[f]    1 bit per list of f  |         |         |     |     |
   |  arena: first block, sentinel        |         |         |     |     |
   |  rows[0..flCount-1].freeList[2^SLI]  |         |         |     |     |
   |                 list heads, by row   |         |         |     |     |
   +--------------------------------------+---------+---------+-----+-----+

   one list (a class), doubly linked through the free blocks
   rows[f].freeList[s] -> +--------+ ---> +--------+ ---> NULL
          ^               | free   |      | free   |
          |   prev_free   | block  | <--- | block  |
   the list's stand-in <--+--------+      +--------+
   (the address whose next_free is rows[f].freeList[s])

   size classes (SLI = 3, sizes are whole blocks, header included)
   row 0      exact:  0  8  16  24  32  40  48  56       (8-byte steps)
   row 1   64..127:  64 72  80  88  96 104 112 120       (8-byte steps)
   row 2  128..255: 128 144 160 176 192 208 224 240      (16-byte steps)
   row f  [2^(f+5), 2^(f+6)) split into 8 equal lists
   @endverbatim
 *
 * Row @c f holds the power-of-two range of block sizes whose highest bit is
 * bit f+5 (for SLI = 3); its 2^SLI lists cut that range into equal slices.
 * Row 0 holds the sizes below 2^(SLI+3), one list per multiple of 8, so
 * small blocks have exact classes. The number of rows is computed from the
 * pool's size at init, so a small pool carries no row for sizes it can never
 * hold. The first block of a list links back to a stand-in for the list's
 * head, so any block leaves its list by the same two stores.
 *
 * Alloc rounds a request up to the next class boundary, so any block of the
 * class it lands on is big enough; finding a non-empty class at or above it
 * takes two find-first-set instructions on the bitmaps. No operation walks
 * a list, and no operation's cost depends on the pool's size.
 * \~chinese
 * @brief 阶段三：带位图的两级分离适配（TLSF），每个操作都是 O(1)，
 *        接口与 LiteOS-M 的动态内存相同。
 *
 * 内存池开头是控制结构，其余部分是由块层（block.h）布置的内存块区域，
 * 与阶段二完全相同。变化的是空闲块的索引：不再是一条从头查到尾的链表，
 * 而是每个大小类别一条空闲链表，每个空闲块挂在其中一条上，再由两级位图
 * 标明哪些链表非空。
 *
 * @verbatim
   内存池
   +--------------------------------------+---------+---------+-----+------+
   | OsMemPoolHead                        | 内存块  | 内存块  | ... | 哨兵 |
   |  魔数, 大小, 计数                    | (已用)  | (空闲)  |     | (0)  |
   |  flBitmap       每行一位             |         |         |     |      |
   |  slBitmap[f]    第 f 行每条链表一位  |         |         |     |      |
   |  arena: 第一个块, 哨兵              |         |         |     |      |
   |  rows[0..flCount-1].freeList[2^SLI]  |         |         |     |      |
   |                 各行的链表头         |         |         |     |      |
   +--------------------------------------+---------+---------+-----+------+

   一条链表(一个类别), 经由各空闲块双向链接
   rows[f].freeList[s] -> +--------+ ---> +--------+ ---> NULL
          ^               | 空闲块 |      | 空闲块 |
          |   prev_free   |        | <--- |        |
   链表头的替身 <---------+--------+      +--------+
   (其 next_free 正是 rows[f].freeList[s] 的那个地址)

   大小类别(SLI = 3, 大小指整个内存块, 含块头)
   第 0 行  精确:   0  8  16  24  32  40  48  56        (步长 8 字节)
   第 1 行 64..127: 64 72  80  88  96 104 112 120       (步长 8 字节)
   第 2 行 128..255: 128 144 160 176 192 208 224 240    (步长 16 字节)
   第 f 行 [2^(f+5), 2^(f+6)) 等分为 8 条链表
   @endverbatim
 *
 * 第 @c f 行存放最高位为第 f+5 位（SLI = 3 时）的那一段 2 的幂范围内的块
 * 大小，它的 2^SLI 条链表把这段范围等分。第 0 行存放小于 2^(SLI+3) 的大小，
 * 每个 8 的倍数一条链表，所以小块有精确的类别。行数在初始化时由内存池的
 * 大小算出，小内存池不会为它永远容纳不下的大小付出任何一行。链表的第一块
 * 反向指向链表头的替身，因此任何一块离开链表都是同样的两次写入。
 *
 * 分配时把请求向上取整到下一个类别边界，于是它所落入的类别中任何一个块都
 * 足够大；在两级位图上各做一次"查找第一个置位"即可找到不低于它的非空类别。
 * 没有任何操作遍历链表，也没有任何操作的开销与内存池大小有关。
 */
#ifndef KIT_LOS_MEMORY_H
#define KIT_LOS_MEMORY_H

#include <stdint.h>

#include "block.h"
#include "los_base.h"

#ifndef OS_MEM_SLI
/** \~english @brief Second-level index: each power-of-two range of sizes is
 *         split into 2^OS_MEM_SLI lists. Chosen by measurement (see the
 *         stage-3 chapter); it may be set from 2 to 5 at build time.
 *  \~chinese @brief 二级索引位数：每段 2 的幂大小范围被分成 2^OS_MEM_SLI
 *         条链表。取值由测量决定（见阶段三一章）；构建时可设为 2 到 5。 */
#define OS_MEM_SLI 3
#endif
#if OS_MEM_SLI < 2 || OS_MEM_SLI > 5
#error "OS_MEM_SLI must be 2..5: each row's bitmap fits one 32-bit word"
#endif

/** \~english @brief Lists per row: 2^OS_MEM_SLI.
 *  \~chinese @brief 每行的链表条数：2^OS_MEM_SLI。 */
#define OS_MEM_SL_COUNT (1u << OS_MEM_SLI)
/** \~english @brief log2 of #OS_MEM_SMALL_SIZE.
 *  \~chinese @brief #OS_MEM_SMALL_SIZE 的以 2 为底的对数。 */
#define OS_MEM_SMALL_SHIFT (OS_MEM_SLI + 3)
/** \~english @brief Blocks smaller than this have exact classes (row 0), one
 *         per multiple of 8; it is where 8-byte steps and 2^SLI slices meet.
 *  \~chinese @brief 小于此值的内存块有精确类别（第 0 行），每个 8 的倍数
 *         一类；这正是 8 字节步长与 2^SLI 等分相交之处。 */
#define OS_MEM_SMALL_SIZE (1u << OS_MEM_SMALL_SHIFT)
/** \~english @brief Most rows any pool can need (a pool of 4 GiB - 1).
 *  \~chinese @brief 任何内存池最多需要的行数（4 GiB - 1 的内存池）。 */
#define OS_MEM_FL_MAX (33u - OS_MEM_SMALL_SHIFT)
/** \~english @brief Rows that have a bitmap: one more than #OS_MEM_FL_MAX,
 *         so that every block size a request can ask for (below 2^33: 4 GiB,
 *         plus an alignment of up to 2 GiB and a header) maps to a row with
 *         a bitmap, and alloc needs no test of the row against the pool's.
 *  \~chinese @brief 带位图的行数：比 #OS_MEM_FL_MAX 多一行，使任何请求可能
 *         要求的块大小（小于 2^33：4 GiB 加上至多 2 GiB 的对齐和块头）都映射
 *         到一个有位图的行，分配时无须把行号与内存池的行数比较。 */
#define OS_MEM_SL_MAPS (OS_MEM_FL_MAX + 1u)
/** \~english @brief Value of OsMemPoolHead::magic in an initialised pool.
 *  \~chinese @brief 已初始化内存池中 OsMemPoolHead::magic 的值。 */
#define OS_MEM_POOL_MAGIC 0x544c5346u
/** \~english @brief Alignment the pool's start must have, in bytes.
 *  \~chinese @brief 内存池起始地址必须满足的对齐字节数。 */
#define OS_MEM_ALIGN_SIZE 8u

/**
 * \~english
 * @brief A row's bitmap: one bit per list of the row, in the smallest
 *        unsigned type that holds 2^SLI bits (one byte for SLI 3).
 * \~chinese
 * @brief 一行的位图：行中每条链表一位，取能容纳 2^SLI 位的最小无符号类型
 *        （SLI 为 3 时是一个字节）。
 */
#if OS_MEM_SLI <= 3
typedef uint8_t OsMemSlMap;
#elif OS_MEM_SLI == 4
typedef uint16_t OsMemSlMap;
#else
typedef uint32_t OsMemSlMap;
#endif

/**
 * \~english
 * @brief One row of the index: the list heads of one power-of-two range of
 *        sizes.
 *
 * Invariant: every block on @c freeList[s] is free and maps to this row and
 * to @c s. The lists are doubly linked through block_t::next_free and
 * block_t::prev_free. The last block's next link is NULL. The first block's
 * back link is not NULL but the list head's stand-in (see list_stand_in() in
 * los_memory.c): the address that makes `prev_free->next_free` the head
 * itself, so unlinking any block is the same two stores.
 * The rows lie end to end, so list @c s of row @c f is list number
 * `f * 2^SLI + s` counted from the first.
 * \~chinese
 * @brief 索引的一行：一段 2 的幂大小范围的全部链表头。
 *
 * 不变式：@c freeList[s] 上每个块都空闲，且映射到本行和 @c s。链表经由
 * block_t::next_free 与 block_t::prev_free 双向链接。最后一块的后向指针为
 * NULL。第一块的反向指针不是 NULL，而是链表头的替身（见 los_memory.c 中的
 * list_stand_in()）：正好使 `prev_free->next_free` 就是链表头本身的那个地址，
 * 因此摘下任何一块都是同样的两次写入。
 * 各行首尾相接，所以第 @c f 行的第 @c s 条链表从头数是第 `f * 2^SLI + s` 条。
 */
struct OsMemFreeRow {
    block_t *freeList[OS_MEM_SL_COUNT]; /**< \~english @brief list heads, one per class
                                             \~chinese @brief 链表头，每个类别一个 */
};

/**
 * \~english
 * @brief The control structure at the start of every pool.
 *
 * Invariants: @c magic equals #OS_MEM_POOL_MAGIC exactly while the pool is
 * initialised; bit @c s of `slBitmap[f]` is set exactly when
 * `rows[f].freeList[s]` is not NULL; bit @c f of @c flBitmap is set exactly
 * when `slBitmap[f] != 0`, and no bit at or above @c flCount is set in
 * either; @c curUsedSize is the pool size minus the bytes of the free
 * blocks (so it counts this structure, the sentinel and every used block
 * with its header); @c waterLine is the largest @c curUsedSize ever
 * reached. Block counts are not kept: keeping them would lengthen alloc and
 * free for the sake of %LOS_MemInfoGet(), which walks the pool instead, as
 * LiteOS-M's does.
 * The row bitmaps are one small word each for every row a request can map
 * to (#OS_MEM_SL_MAPS bytes at SLI 3), so that the row of a list is found
 * by a shift and a search needs no bound; those of rows the pool does not
 * have stay 0. The structure ends with @c flCount rows of list heads, as
 * many as the pool's size needs.
 * \~chinese
 * @brief 每个内存池开头的控制结构。
 *
 * 不变式：只有内存池已初始化时 @c magic 才等于 #OS_MEM_POOL_MAGIC；
 * `rows[f].freeList[s]` 非 NULL 当且仅当 `slBitmap[f]` 的第 @c s 位置位；
 * `slBitmap[f] != 0` 当且仅当 @c flBitmap 的第 @c f 位置位，且两者都没有
 * 不低于 @c flCount 的位置位；@c curUsedSize 等于内存池大小减去空闲块的
 * 字节数（因此它计入本结构、哨兵以及每个已使用块及其块头）；@c waterLine
 * 是 @c curUsedSize 曾经达到的最大值。结构中不保存块数：保存块数会为了
 * %LOS_MemInfoGet() 而拉长分配与释放的路径，而 %LOS_MemInfoGet() 像
 * LiteOS-M 的一样遍历整个内存池即可得到。
 * 行位图为请求可能映射到的每一行各留一个小字（SLI 为 3 时共
 * #OS_MEM_SL_MAPS 个字节），这样由链表求所在行只需一次移位，查找时也无须
 * 检查边界；内存池没有的那些行，其位图始终为 0。结构末尾是 @c flCount 行
 * 链表头，数量正好满足该内存池的大小。
 */
typedef struct tagOsMemPoolHead {
    uint32_t magic; /**< \~english @brief marks an initialised pool \~chinese @brief 已初始化标记 */
    /** \~english @brief bytes of the whole pool \~chinese @brief 整个内存池的字节数 */
    uint32_t poolSize;
    /** \~english @brief bytes not in free blocks \~chinese @brief 不属于空闲块的字节数 */
    uint32_t curUsedSize;
    /** \~english @brief peak of curUsedSize \~chinese @brief curUsedSize 的峰值 */
    uint32_t waterLine;
    uint32_t flCount;  /**< \~english @brief rows in rows[] \~chinese @brief rows[] 的行数 */
    uint32_t flBitmap; /**< \~english @brief bit f: row f has a non-empty list
                               \~chinese @brief 第 f 位：第 f 行有非空链表 */
    /** \~english @brief bit s of slBitmap[f]: list s of row f is not empty
     *  \~chinese @brief slBitmap[f] 的第 s 位：第 f 行第 s 条链表非空 */
    OsMemSlMap slBitmap[OS_MEM_SL_MAPS];
    /** \~english @brief the arena: its first block and the sentinel that closes it
     *  \~chinese @brief 区域：第一个内存块和区域末尾的哨兵 */
    block_arena_t arena;
    /** \~english @brief the rows, flCount of them \~chinese @brief 各行，共 flCount 行 */
    struct OsMemFreeRow rows[];
} OsMemPoolHead;

/**
 * \~english
 * @brief The figures %LOS_MemInfoGet() reports (LiteOS-M's structure).
 * \~chinese
 * @brief %LOS_MemInfoGet() 报告的统计数字（LiteOS-M 的结构）。
 */
typedef struct tagLOS_MEM_POOL_STATUS {
    /** \~english @brief bytes not in free blocks (control structure included)
     *  \~chinese @brief 不属于空闲块的字节数（含控制结构） */
    uint32_t totalUsedSize;
    uint32_t totalFreeSize;   /**< \~english @brief bytes in free blocks, headers included
                                   \~chinese @brief 空闲块的字节数（含块头） */
    uint32_t maxFreeNodeSize; /**< \~english @brief size of the largest free block
                                   \~chinese @brief 最大空闲块的大小 */
    uint32_t usedNodeNum; /**< \~english @brief blocks in use \~chinese @brief 已使用的块数 */
    uint32_t freeNodeNum; /**< \~english @brief free blocks \~chinese @brief 空闲块数 */
    uint32_t usageWaterLine; /**< \~english @brief peak of totalUsedSize
                                   \~chinese @brief totalUsedSize 的峰值 */
} LOS_MEM_POOL_STATUS;

/**
 * \~english
 * @brief Bytes of the control structure of a pool of @p poolSize bytes.
 *
 * The rows cover block sizes up to the arena's size and no further.
 * @param poolSize the pool's size.
 * @return the size of OsMemPoolHead with its rows.
 * @par Cost
 * O(1).
 * @par Context
 * Any.
 * \~chinese
 * @brief 大小为 @p poolSize 字节的内存池的控制结构字节数。
 *
 * 各行覆盖的块大小以区域大小为上限，不多不少。
 * @param poolSize 内存池大小。
 * @return OsMemPoolHead 连同其各行的大小。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 任意。
 */
uint32_t OsMemPoolHeadSize(uint32_t poolSize);

/**
 * \~english
 * @brief Make @p pool a TLSF pool of @p size bytes: the control structure,
 *        then one free block and the sentinel.
 *
 * Each pool is self-contained, so any number can be live at once.
 * Initialising a live pool again starts it afresh. LiteOS-M (with
 * LOSCFG_MEM_MUL_POOL) also links every pool into a global list and refuses
 * one that overlaps a listed pool; the kit keeps no list.
 * @param pool the buffer, 8-byte aligned.
 * @param size its bytes.
 * @return #LOS_OK, or #LOS_NOK when @p pool is NULL or misaligned, @p size
 *         cannot hold the control structure, one block and the sentinel, or
 *         the buffer wraps around the address space; each refusal prints a
 *         diagnostic (LiteOS-M prints one for a misaligned pool). Nothing is
 *         written in the buffer on failure.
 * @par Cost
 * O(r) in the number r of rows, which is about log2(size); O(1) for any
 * pool that fits a 32-bit size.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 把 @p pool 初始化为 @p size 字节的 TLSF 内存池：控制结构，之后是
 *        一个空闲块和哨兵。
 *
 * 每个内存池自成一体，因此可以同时存在任意多个。对已初始化的内存池再次
 * 初始化，会让它从头开始。LiteOS-M（开启 LOSCFG_MEM_MUL_POOL 时）还把所有
 * 内存池链入一个全局链表，并拒绝与表中内存池重叠的新内存池；本套件不维护
 * 这样的链表。
 * @param pool 缓冲区，按 8 字节对齐。
 * @param size 缓冲区字节数。
 * @return #LOS_OK；以下情况返回 #LOS_NOK：@p pool 为 NULL 或未对齐，
 *         @p size 放不下控制结构、一个内存块和哨兵，或缓冲区跨越地址空间
 *         末尾；每种拒绝都打印诊断信息（LiteOS-M 对未对齐的内存池也会打印）。
 *         失败时不向缓冲区写任何内容。
 * @par 开销
 * O(r)，r 为行数，约为 log2(size)；对任何 32 位大小的内存池都是 O(1)。
 * @par 调用上下文
 * 线程。
 */
uint32_t LOS_MemInit(void *pool, uint32_t size);

/**
 * \~english
 * @brief Take @p pool out of service: every later call on it is refused
 *        until it is initialised again, and its buffer may be reused.
 * @param pool an initialised pool.
 * @return #LOS_OK, or #LOS_NOK when @p pool is NULL, misaligned or not an
 *         initialised pool.
 * @par Cost
 * O(1).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 停用 @p pool：此后对它的调用一律被拒绝，直到再次初始化；其缓冲区
 *        可以另作他用。
 * @param pool 已初始化的内存池。
 * @return #LOS_OK；@p pool 为 NULL、未对齐或不是已初始化的内存池时返回
 *         #LOS_NOK。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程。
 */
uint32_t LOS_MemDeInit(void *pool);

/**
 * \~english
 * @brief Allocate @p size bytes from @p pool.
 * @param pool an initialised pool.
 * @param size bytes wanted.
 * @return an 8-byte aligned pointer, or NULL when @p size is 0 (as in
 *         LiteOS-M), the pool is NULL or not initialised, or no free block
 *         of the request's rounded-up class is left (sizes near UINT32_MAX
 *         always get NULL).
 * @par Cost
 * O(1): two find-first-set operations, no list walked.
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 从 @p pool 中分配 @p size 字节。
 * @param pool 已初始化的内存池。
 * @param size 需要的字节数。
 * @return 按 8 字节对齐的指针；以下情况返回 NULL：@p size 为 0（与 LiteOS-M
 *         相同），内存池为 NULL 或未初始化，或者请求向上取整后的类别及以上
 *         已没有空闲块（接近 UINT32_MAX 的大小总是得到 NULL）。
 * @par 开销
 * O(1)：两次"查找第一个置位"，不遍历任何链表。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *LOS_MemAlloc(void *pool, uint32_t size);

/**
 * \~english
 * @brief Allocate @p size bytes aligned to @p boundary.
 *
 * The gap between the block's start and the aligned pointer is recorded
 * below the pointer (block_align.h), so LOS_MemFree() and
 * LOS_MemRealloc() find the real block.
 * @param pool an initialised pool.
 * @param size bytes wanted.
 * @param boundary the alignment, a power of two (values below 8 give 8).
 * @return the aligned pointer, or NULL when @p boundary is 0 or not a power
 *         of two, @p size is 0, or as LOS_MemAlloc().
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 分配 @p size 字节，按 @p boundary 对齐。
 *
 * 块起点与对齐后指针之间的间隙记录在指针下方（block_align.h），
 * 因此 LOS_MemFree() 与 LOS_MemRealloc() 能找到真正的内存块。
 * @param pool 已初始化的内存池。
 * @param size 需要的字节数。
 * @param boundary 对齐值，必须是 2 的幂（小于 8 时按 8 处理）。
 * @return 对齐后的指针；@p boundary 为 0 或不是 2 的幂、@p size 为 0，
 *         或出现 LOS_MemAlloc() 返回 NULL 的情况时返回 NULL。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *LOS_MemAllocAlign(void *pool, uint32_t size, uint32_t boundary);

/**
 * \~english
 * @brief Give a block back to its pool; it merges at once with free
 *        neighbours.
 * @param pool the pool the block came from.
 * @param ptr a pointer LOS_MemAlloc(), LOS_MemAllocAlign() or
 *        LOS_MemRealloc() returned from this pool.
 * @return #LOS_OK, or #LOS_NOK when @p pool is NULL or not initialised,
 *         @p ptr is NULL, and, with a diagnostic, when @p ptr lies outside
 *         the pool (another pool's block, say), is not at a block's payload,
 *         is already free (a double free), or its header is damaged. The
 *         pool is unchanged on failure.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 把内存块还给所属内存池；它会立即与空闲的邻居合并。
 * @param pool 内存块所属的内存池。
 * @param ptr 该内存池的 LOS_MemAlloc()、LOS_MemAllocAlign() 或
 *        LOS_MemRealloc() 返回的指针。
 * @return #LOS_OK；@p pool 为 NULL 或未初始化、@p ptr 为 NULL 时返回
 *         #LOS_NOK；@p ptr 不在内存池内（例如属于别的内存池）、不在某块
 *         用户区的起点、已经空闲（重复释放）或块头已损坏时，返回 #LOS_NOK
 *         并打印诊断信息。失败时内存池保持不变。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
uint32_t LOS_MemFree(void *pool, void *ptr);

/**
 * \~english
 * @brief Resize a block, keeping its contents (up to the smaller size) and
 *        its alignment.
 *
 * Shrinks in place; grows in place when the next block is free and large
 * enough; otherwise allocates a new block with the same alignment, copies
 * and frees the old one. LiteOS-M's realloc of a LOS_MemAllocAlign()
 * pointer works from the block's unaligned start and returns that start
 * (or a new 8-byte aligned block copied from it), so the alignment is lost
 * and the data sits one gap further on; the kit keeps the alignment
 * recorded in the gap, and the data at the returned pointer.
 * @param pool the pool.
 * @param ptr a block of @p pool, or NULL (then it is LOS_MemAlloc()).
 * @param size the new size; 0 frees @p ptr and returns NULL (as LiteOS-M).
 * @return the block's new address (maybe @p ptr), or NULL when no room is
 *         left (@p ptr is then untouched and still valid), the pool is not
 *         initialised, or @p ptr is not a block in use of @p pool
 *         (with a diagnostic: a freed pointer, say).
 * @par Cost
 * O(1), plus copying the contents when the block moves.
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 调整内存块大小，保留其内容（至较小的大小为止）和对齐方式。
 *
 * 缩小时原地进行；下一块空闲且足够大时原地增大；否则按相同的对齐方式分配
 * 新块，复制内容并释放旧块。LiteOS-M 对 LOS_MemAllocAlign() 所得指针做
 * realloc 时，从块的未对齐起点开始处理，并返回这个起点（或从它复制出的、
 * 仅按 8 字节对齐的新块），于是对齐丢失，数据也错开了一个间隙；本套件
 * 保留间隙记录中的对齐值，数据就在返回的指针处。
 * @param pool 内存池。
 * @param ptr @p pool 中的内存块，或 NULL（此时等同 LOS_MemAlloc()）。
 * @param size 新的大小；为 0 时释放 @p ptr 并返回 NULL（与 LiteOS-M 相同）。
 * @return 内存块的新地址（可能就是 @p ptr）；以下情况返回 NULL：空间不足
 *         （此时 @p ptr 原样保留、仍然有效），内存池未初始化，或 @p ptr 不是
 *         @p pool 中正在使用的块（例如已释放的指针，会打印诊断信息）。
 * @par 开销
 * O(1)，块需要搬移时另加复制内容的开销。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *LOS_MemRealloc(void *pool, void *ptr, uint32_t size);

/**
 * \~english
 * @brief Read the pool's figures.
 *
 * The bytes used and the waterline are kept as the pool changes; the rest
 * comes from a walk of every block, which also checks the chain.
 * @param pool an initialised pool.
 * @param poolStatus receives the figures.
 * @return #LOS_OK, or #LOS_NOK when either argument is NULL, the pool is
 *         not initialised, or its chain of blocks is damaged (with a
 *         diagnostic); nothing is written then.
 * @par Cost
 * O(n) in the number of blocks, as in LiteOS-M.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 读取内存池的统计数字。
 *
 * 已用字节数和水线随内存池的变化随时维护；其余数字来自对每个内存块的一次
 * 遍历，遍历同时检查块链。
 * @param pool 已初始化的内存池。
 * @param poolStatus 得到统计数字。
 * @return #LOS_OK；任一参数为 NULL、内存池未初始化或块链已损坏（打印诊断
 *         信息）时返回 #LOS_NOK，此时不写任何内容。
 * @par 开销
 * O(n)，n 为内存块个数，与 LiteOS-M 相同。
 * @par 调用上下文
 * 线程。
 */
uint32_t LOS_MemInfoGet(void *pool, LOS_MEM_POOL_STATUS *poolStatus);

/**
 * \~english
 * @brief Bytes of @p pool that are not free: used blocks with their
 *        headers, the control structure and the sentinel.
 * @param pool an initialised pool.
 * @return the bytes, or 0 when @p pool is NULL or not initialised
 *         (LiteOS-M returns #LOS_NOK, which reads as 1 byte).
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief @p pool 中不空闲的字节数：已使用块及其块头、控制结构和哨兵。
 * @param pool 已初始化的内存池。
 * @return 字节数；@p pool 为 NULL 或未初始化时返回 0（LiteOS-M 返回
 *         #LOS_NOK，会被读成 1 字节）。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
uint32_t LOS_MemTotalUsedGet(void *pool);

/**
 * \~english
 * @brief The size @p pool was initialised with.
 * @param pool an initialised pool.
 * @return its bytes, or 0 when @p pool is NULL or not initialised.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief @p pool 初始化时的大小。
 * @param pool 已初始化的内存池。
 * @return 字节数；@p pool 为 NULL 或未初始化时返回 0。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
uint32_t LOS_MemPoolSizeGet(const void *pool);

/**
 * \~english
 * @brief Check the whole pool.
 *
 * Walks every block and checks the links between neighbours
 * (block_check_chain()); checks every list against the bitmaps (a set bit
 * exactly for a non-empty list, every block on list (f, s) free and mapping
 * to (f, s), the back links consistent, no block twice); and checks the
 * counters against the walk.
 * @param pool the pool.
 * @return #LOS_OK when the pool is intact; #LOS_NOK with a diagnostic naming
 *         the first fault otherwise, including a NULL or uninitialised pool.
 * @par Cost
 * O(n) in the number of blocks.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 检查整个内存池。
 *
 * 遍历每个内存块并检查相邻块之间的联系（block_check_chain()）；对照位图
 * 检查每条链表（位置位当且仅当链表非空，链表 (f, s) 上每个块都空闲并映射
 * 到 (f, s)，反向指针一致，没有块出现两次）；并用遍历结果核对各计数。
 * @param pool 内存池。
 * @return 内存池完好时返回 #LOS_OK；否则返回 #LOS_NOK 并打印指出第一个
 *         问题的诊断信息；内存池为 NULL 或未初始化时也返回 #LOS_NOK。
 * @par 开销
 * O(n)，n 为内存块个数。
 * @par 调用上下文
 * 线程。
 */
uint32_t LOS_MemIntegrityCheck(const void *pool);

/**
 * \~english
 * @brief Print the index: the bitmaps, then each non-empty list with its
 *        class and the sizes of its blocks.
 *
 * @verbatim
   pool 0x20000100: 8 rows, SLI 3, flBitmap 0x00000084
     row 2 slBitmap 0x08: list 3 [176, 192): 1 block: 184
     row 7 slBitmap 0x80: list 7 [3840, 4096): 1 block: 3960
   @endverbatim
 * @param pool the pool; a NULL or uninitialised pool prints one line
 *        saying so.
 * @return #LOS_OK, or #LOS_NOK for a NULL or uninitialised pool.
 * @par Cost
 * O(n) in the number of free blocks.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 打印索引：两级位图，以及每条非空链表的类别和其中各块的大小。
 * @param pool 内存池；若为 NULL 或未初始化，只打印一行说明。
 * @return #LOS_OK；内存池为 NULL 或未初始化时返回 #LOS_NOK。
 * @par 开销
 * O(n)，n 为空闲块个数。
 * @par 调用上下文
 * 线程。
 */
uint32_t LOS_MemFreeNodeShow(void *pool);

#endif
