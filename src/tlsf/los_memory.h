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
 * size class, and a bitmap says which lists are not empty.
 *
 * @verbatim
   pool
   +----------------------------------------+---------+---------+-----+-----+
   | OsMemPoolHead                          | block   | block   | ... | end |
   |  magic, sizes, counters                | (used)  | (free)  |     | (0) |
   |  arena: first block, sentinel          |         |         |     |     |
   |  lists[]: the bitmap, 1 bit per list,  |         |         |     |     |
   |   one head per list the pool needs     |         |         |     |     |
   +----------------------------------------+---------+---------+-----+-----+

   one list (a class), doubly linked through the free blocks
   head of list n -> +--------+ ---> +--------+ ---> NULL
                     | free   |      | free   |
           NULL <--- | block  | <--- | block  |
                     +--------+      +--------+

   lists (SLI = 1; sizes are whole blocks, header included)
   n  0..5    exact:  16  24  32  40  48  56     (one per multiple of 8)
   n  6, 7  64..127:  [64, 96)    [96, 128)
   n  8, 9 128..255:  [128, 192)  [192, 256)
   two lists for each further power of two
   @endverbatim
 *
 * Blocks below 64 bytes have exact lists, one per multiple of 8. Above, the
 * two levels of TLSF: the first level is the power of two of the size (its
 * highest bit), the second cuts that range into 2^SLI equal slices. Both
 * levels are one number, the list n, and the bitmap has bit n for list n,
 * so the rows' bitmaps lie side by side, as in LiteOS-M. The lists exist up
 * to the largest block the pool's size allows, so a small pool carries no
 * head for sizes it can never hold. A list head is a 16-bit offset in a
 * narrow pool (at most #OS_MEM_NARROW_POOL_MAX bytes), a pointer in a wide
 * one; either way 0 is an empty list.
 *
 * Alloc first looks at no more than #OS_MEM_OWN_CLASS_TRIES blocks of the
 * request's own list, where a block may or may not be big enough and is the
 * closest in size when it is. Failing that, it takes the first block of the
 * first non-empty list above its own: every block there is big enough. The
 * lowest set bit above the own list's bit gives that list, one
 * find-first-set on a word (two words at most in a wide pool at SLI 1). No
 * operation walks a whole list, and no operation's cost depends on the
 * pool's size.
 * \~chinese
 * @brief 阶段三：带位图的两级分离适配（TLSF），每个操作都是 O(1)，
 *        接口与 LiteOS-M 的动态内存相同。
 *
 * 内存池开头是控制结构，其余部分是由块层（block.h）布置的内存块区域，
 * 与阶段二完全相同。变化的是空闲块的索引：不再是一条从头查到尾的链表，
 * 而是每个大小类别一条空闲链表，每个空闲块挂在其中一条上，再由位图
 * 标明哪些链表非空。
 *
 * @verbatim
   内存池
   +----------------------------------------+---------+---------+-----+------+
   | OsMemPoolHead                          | 内存块  | 内存块  | ... | 哨兵 |
   |  魔数, 大小, 计数                      | (已用)  | (空闲)  |     | (0)  |
   |  arena: 第一个块, 哨兵                |         |         |     |      |
   |  lists[]: 位图, 每条链表一位,          |         |         |     |      |
   |   内存池所需每条链表一个链表头         |         |         |     |      |
   +----------------------------------------+---------+---------+-----+------+

   一条链表(一个类别), 经由各空闲块双向链接
   第 n 条链表的头 -> +--------+ ---> +--------+ ---> NULL
                      | 空闲块 |      | 空闲块 |
            NULL <--- |        | <--- |        |
                      +--------+      +--------+

   链表(SLI = 1; 大小指整个内存块, 含块头)
   n  0..5    精确:   16  24  32  40  48  56     (每个 8 的倍数一条)
   n  6, 7  64..127:  [64, 96)    [96, 128)
   n  8, 9 128..255:  [128, 192)  [192, 256)
   此后每个 2 的幂范围两条链表
   @endverbatim
 *
 * 小于 64 字节的内存块有精确的链表，每个 8 的倍数一条。64 字节以上是 TLSF
 * 的两级：第一级是大小所在的 2 的幂范围（即其最高位），第二级把这段范围
 * 等分为 2^SLI 份。两级合成一个编号，即链表号 n，位图的第 n 位对应第 n 条
 * 链表，所以各行的位图首尾相接，与 LiteOS-M 相同。链表只设到内存池大小所
 * 允许的最大块为止，小内存池不会为它永远容纳不下的大小付出任何链表头。窄
 * 内存池（不超过 #OS_MEM_NARROW_POOL_MAX 字节）中链表头是 16 位偏移，宽内存
 * 池中是指针；两种情况下 0 都表示空链表。
 *
 * 分配时先看请求本身所在链表中至多 #OS_MEM_OWN_CLASS_TRIES 个块，那里的
 * 块可能够大，也可能不够，够大时它在大小上最接近请求。找不到时，取它上方
 * 第一条非空链表的第一块：那里的每个块都足够大。在高于本链表之位的位中找
 * 最低的置位，即得到那条链表，只需在一个字上做一次"查找首个置位"（SLI 为 1
 * 的宽内存池中至多两个字）。没有任何操作遍历整条链表，也没有任何操作的开销
 * 与内存池大小有关。
 */
#ifndef KIT_LOS_MEMORY_H
#define KIT_LOS_MEMORY_H

#include <stdint.h>

#include "block.h"
#include "los_base.h"

#ifndef OS_MEM_SLI
/** \~english @brief Second-level index: each power-of-two range of sizes is
 *         split into 2^OS_MEM_SLI lists. Chosen by measurement (see the
 *         stage-3 chapter); it may be set from 1 to 3 at build time.
 *  \~chinese @brief 二级索引位数：每段 2 的幂大小范围被分成 2^OS_MEM_SLI
 *         条链表。取值由测量决定（见阶段三一章）；构建时可设为 1 到 3。 */
#define OS_MEM_SLI 1
#endif
#if OS_MEM_SLI < 1 || OS_MEM_SLI > 3
#error "OS_MEM_SLI must be 1..3: a row's bits lie in one bitmap word"
#endif

#ifndef OS_MEM_OWN_CLASS_TRIES
/** \~english @brief Blocks of the request's own list that alloc looks at
 *         before it searches the lists above. Chosen by measurement (see the
 *         stage-3 chapter); 0 turns the look off.
 *  \~chinese @brief 分配在查找上方各链表之前，先在请求本身所在链表中查看的
 *         块数。取值由测量决定（见阶段三一章）；0 表示不查看。 */
#define OS_MEM_OWN_CLASS_TRIES 3
#endif

/** \~english @brief Lists per row: 2^OS_MEM_SLI.
 *  \~chinese @brief 每行的链表条数：2^OS_MEM_SLI。 */
#define OS_MEM_SL_COUNT (1u << OS_MEM_SLI)
/** \~english @brief log2 of #OS_MEM_SMALL_SIZE.
 *  \~chinese @brief #OS_MEM_SMALL_SIZE 的以 2 为底的对数。 */
#define OS_MEM_SMALL_SHIFT 6u
/** \~english @brief Blocks smaller than this (64 bytes) have exact lists, one
 *         per multiple of 8.
 *  \~chinese @brief 小于此值（64 字节）的内存块有精确的链表，每个 8 的倍数
 *         一条。 */
#define OS_MEM_SMALL_SIZE (1u << OS_MEM_SMALL_SHIFT)
/** \~english @brief The exact lists: those for 16 to 56 bytes, rounded up to
 *         whole rows (from 0 bytes when 2^SLI does not divide six).
 *  \~chinese @brief 精确链表的条数：16 到 56 字节各一条，向上补足整行（2^SLI
 *         不能整除 6 时从 0 字节开始）。 */
#define OS_MEM_SMALL_LISTS ((6u + OS_MEM_SL_COUNT - 1u) / OS_MEM_SL_COUNT * OS_MEM_SL_COUNT)
/** \~english @brief The size of exact list 0.
 *  \~chinese @brief 第 0 条精确链表的大小。 */
#define OS_MEM_SMALL_BASE (OS_MEM_SMALL_SIZE - 8u * OS_MEM_SMALL_LISTS)
/** \~english @brief Lists any pool can need (a pool of 4 GiB - 1: rows up to
 *         2^31).
 *  \~chinese @brief 任何内存池最多需要的链表数（4 GiB - 1 的内存池：各行直到
 *         2^31）。 */
#define OS_MEM_LIST_MAX (OS_MEM_SMALL_LISTS + (32u - OS_MEM_SMALL_SHIFT) * OS_MEM_SL_COUNT)
/** \~english @brief Largest pool whose list heads are 16-bit offsets (in
 *         4-byte units from the pool's start): a narrow pool.
 *  \~chinese @brief 链表头为 16 位偏移（自内存池起点、以 4 字节为单位）的
 *         最大内存池，即窄内存池。 */
#ifndef OS_MEM_NARROW_POOL_MAX
#define OS_MEM_NARROW_POOL_MAX (256u << 10)
#endif
/** \~english @brief 32-bit words of a narrow pool's bitmap: one bit per list
 *         of rows up to 2^17.
 *  \~chinese @brief 窄内存池位图的 32 位字数：各行直到 2^17，每条链表一位。 */
#define OS_MEM_NARROW_WORDS ((OS_MEM_SMALL_LISTS + 12u * OS_MEM_SL_COUNT + 31u) / 32u)
/** \~english @brief 32-bit words of a wide pool's bitmap.
 *  \~chinese @brief 宽内存池位图的 32 位字数。 */
#define OS_MEM_WIDE_WORDS ((OS_MEM_LIST_MAX + 31u) / 32u)
/** \~english @brief Value of OsMemPoolHead::magic in an initialised pool.
 *  \~chinese @brief 已初始化内存池中 OsMemPoolHead::magic 的值。 */
#define OS_MEM_POOL_MAGIC 0x544c5346u
/** \~english @brief Alignment the pool's start must have, in bytes.
 *  \~chinese @brief 内存池起始地址必须满足的对齐字节数。 */
#define OS_MEM_ALIGN_SIZE 8u

/**
 * \~english
 * @brief The control structure at the start of every pool.
 *
 * Invariants: @c magic equals #OS_MEM_POOL_MAGIC exactly while the pool is
 * initialised; bit n of the bitmap is set exactly when list n is not empty,
 * and no bit is set for a list past the pool's rows; every block on list n
 * maps to list n and is free; the first block of a list has a NULL back link,
 * the last a NULL next link. @c curUsedSize is the pool size minus the
 * bytes of the free blocks (so it counts this structure, the sentinel and
 * every used block with its header); @c waterLine is the largest
 * @c curUsedSize ever reached. Block counts are not kept: %LOS_MemInfoGet()
 * walks the pool instead, as LiteOS-M's does.
 *
 * @c lists starts with the bitmap's words, #OS_MEM_NARROW_WORDS or
 * #OS_MEM_WIDE_WORDS of them. Then come the list heads, one per list of the rows the pool's
 * size needs: in a narrow pool, of at most #OS_MEM_NARROW_POOL_MAX bytes, a
 * 16-bit offset in 4-byte units from the pool's start (0 for an empty
 * list); in a wide pool a pointer, aligned.
 * \~chinese
 * @brief 每个内存池开头的控制结构。
 *
 * 不变式：只有内存池已初始化时 @c magic 才等于 #OS_MEM_POOL_MAGIC；第 n
 * 条链表非空当且仅当位图的第 n 位置位，超出内存池各行的链表没有置位的位；
 * 第 n 条链表上每个块都映射到第 n 条链表并且空闲；链表第一块的反向
 * 指针为 NULL，最后一块的后向指针为 NULL。@c curUsedSize 等于内存池大小减去
 * 空闲块的字节数（因此它计入本结构、哨兵以及每个已使用块及其块头）；
 * @c waterLine 是 @c curUsedSize 曾经达到的最大值。结构中不保存块数：
 * %LOS_MemInfoGet() 像 LiteOS-M 的一样遍历整个内存池。
 *
 * @c lists 开头是位图的各字，共 #OS_MEM_NARROW_WORDS 或 #OS_MEM_WIDE_WORDS
 * 个。随后是链表头，内存池大小
 * 所需各行的每条链表一个：窄内存池（不超过 #OS_MEM_NARROW_POOL_MAX 字节）中
 * 是自内存池起点、以 4 字节为单位的 16 位偏移（空链表为 0）；宽内存池中是
 * 对齐的指针。
 */
typedef struct tagOsMemPoolHead {
    uint32_t magic; /**< \~english @brief marks an initialised pool \~chinese @brief 已初始化标记 */
    /** \~english @brief bytes of the whole pool \~chinese @brief 整个内存池的字节数 */
    uint32_t poolSize;
    /** \~english @brief bytes not in free blocks \~chinese @brief 不属于空闲块的字节数 */
    uint32_t curUsedSize;
    /** \~english @brief peak of curUsedSize \~chinese @brief curUsedSize 的峰值 */
    uint32_t waterLine;
    /** \~english @brief the arena: its first block and the sentinel that closes it
     *  \~chinese @brief 区域：第一个内存块和区域末尾的哨兵 */
    block_arena_t arena;
    /** \~english @brief the bitmap's words (bit n: list n is not empty), then
     *         the list heads
     *  \~chinese @brief 位图的各字（第 n 位：第 n 条链表非空），随后是各链表头 */
    uint8_t lists[];
} OsMemPoolHead;

_Static_assert(offsetof(OsMemPoolHead, lists) % sizeof(block_t *) == 0,
               "list heads of a wide pool are aligned pointers");
_Static_assert(OS_MEM_NARROW_POOL_MAX / 4u <= 65536u, "a narrow head's offset fits 16 bits");
_Static_assert(BLOCK_MIN_SIZE >= OS_MEM_SMALL_BASE, "no block is smaller than exact list 0");
_Static_assert(OS_MEM_SMALL_LISTS % OS_MEM_SL_COUNT == 0, "the exact lists fill whole rows");
_Static_assert(OS_MEM_NARROW_POOL_MAX <= (1u << 18), "a narrow pool's rows end at 2^17");

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
 *         LiteOS-M), the pool is NULL or not initialised, or no block big
 *         enough is among the first #OS_MEM_OWN_CLASS_TRIES of the
 *         request's own list or on a list above it (sizes near UINT32_MAX
 *         always get NULL).
 * @par Cost
 * O(1): at most #OS_MEM_OWN_CLASS_TRIES blocks looked at and one
 * find-first-set per bitmap word, no list walked.
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 从 @p pool 中分配 @p size 字节。
 * @param pool 已初始化的内存池。
 * @param size 需要的字节数。
 * @return 按 8 字节对齐的指针；以下情况返回 NULL：@p size 为 0（与 LiteOS-M
 *         相同），内存池为 NULL 或未初始化，或者请求本身所在链表的前
 *         #OS_MEM_OWN_CLASS_TRIES 块中和其上方各链表上都没有足够大的块（接近
 *         UINT32_MAX 的大小总是得到 NULL）。
 * @par 开销
 * O(1)：至多查看 #OS_MEM_OWN_CLASS_TRIES 个块，每个位图字至多一次"查找首个
 * 置位"，不遍历任何链表。
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
 * (block_check_chain(), every header's check byte among them); checks every
 * list against the bitmap (a set bit exactly for a non-empty list and none
 * past the pool's lists, every block on list n a free block of the arena
 * that maps to n, each link judged before it is followed, the back links
 * consistent, no block twice); and checks the counters against the walk.
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
 * 遍历每个内存块并检查相邻块之间的联系（block_check_chain()，其中包括每个
 * 块头的校验字节）；对照位图检查每条链表（位置位当且仅当链表非空，超出内存池
 * 各链表的位都不置位，第 n 条链表上每个块都是区域中映射到 n 的空闲块，每个
 * 指针先判定再跟随，反向指针一致，没有块出现两次）；并用遍历结果核对各计数。
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
 * @brief Print the index: the bitmap's words, then each non-empty list with
 *        its sizes and the sizes of its blocks.
 *
 * @verbatim
   pool 0x20000098: 20 lists, SLI 1, narrow pool, bitmap 00080090
     list 4 [48, 56): 48
     list 7 [96, 128): 104
     list 19 [6144, 8192): 6568
   @endverbatim
 * @param pool the pool; a NULL or uninitialised pool prints one line
 *        saying so.
 * @return #LOS_OK, or #LOS_NOK for a NULL or uninitialised pool.
 * @par Cost
 * O(n) in the number of free blocks.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 打印索引：位图的各字，以及每条非空链表的大小范围和其中各块的大小。
 * @param pool 内存池；若为 NULL 或未初始化，只打印一行说明。
 * @return #LOS_OK；内存池为 NULL 或未初始化时返回 #LOS_NOK。
 * @par 开销
 * O(n)，n 为空闲块个数。
 * @par 调用上下文
 * 线程。
 */
uint32_t LOS_MemFreeNodeShow(void *pool);

#endif
