/**
 * @file freelist.h
 * \~english
 * @brief Stage 2: the free-list heap. Variable sizes over one caller's
 *        buffer, with the fit policy chosen at init.
 *
 * The heap lays the block layer of %block.h over a caller's buffer and keeps
 * every free block on one doubly linked, circular free list whose head lives
 * in the control structure. Allocation searches that list (first fit, next
 * fit or best fit), splits the block it finds, and hands out the front part;
 * freeing marks the block free, coalesces it at once with its free physical
 * neighbours, and puts the result back on the list (in address order, or at
 * the head: LIFO). The search is O(n) in the number of free blocks: that cost
 * is what stage 3 (TLSF) removes.
 *
 * @verbatim
   pool (the buffer from the caller, 8-byte aligned)
   +-----------+--------+------------+--------+--------------------+----------+
   | fl_heap_t | header | user bytes | header | next | prev |..|ftr| sentinel |
   | magic,    | size|P|U=1          | size|P|U=0  (free block)    | size 0,U |
   | list head,|        ^            |        ^                    |          |
   | rover,    |        pointer from fl_alloc()                    |          |
   | counters  |<--- block in use -->|<-------- free block ------->|          |
   +-----------+--------+------------+--------+--------------------+----------+
       |                                 ^
       +--- free list: head <-> free blocks <-> head (circular) ---+
   @endverbatim
 *
 * A block in use costs one header word: 4 bytes on a 32-bit Cortex-M3,
 * 8 bytes on a 64-bit host. The smallest block is #BLOCK_MIN_SIZE (16 or 32
 * bytes), because a free block must hold its two links and its footer.
 *
 * The heap takes no lock: one thread (or one interrupt level) uses a heap
 * at a time. Stage 4 adds the lock and the waiting.
 * \~chinese
 * @brief 阶段二：空闲链表堆。在调用者提供的一块缓冲区上分配大小可变的内存，
 *        适配策略在初始化时选定。
 *
 * 堆把 %block.h 的块层铺在调用者的缓冲区上，并把所有空闲块挂在一条双向循环
 * 空闲链表上，链表头位于控制结构中。分配时搜索这条链表（首次适配、循环首次
 * 适配或最佳适配），分割找到的块，把前一部分交给用户；释放时把块标记为空闲，
 * 立即与物理上空闲的邻居合并，再把结果放回链表（按地址排序插入，或插到表头，
 * 即后进先出）。搜索的开销是 O(n)，n 为空闲块个数：阶段三（TLSF）要消除的
 * 正是这个开销。
 *
 * @verbatim
   内存池(按 8 字节对齐, 即调用者的缓冲区)
   +-----------+--------+----------+--------+--------------------+----------+
   | fl_heap_t | 块头   | 用户区   | 块头   | next | prev |..|块尾| 哨兵     |
   | 魔数,     | size|P|U=1        | size|P|U=0(空闲块)        | size 0,U |
   | 链表头,   |        ^          |                             |          |
   | 游标,     |        fl_alloc() 返回的指针                    |          |
   | 计数器    |<-- 已分配的块 --->|<-------- 空闲块 ----------->|          |
   +-----------+--------+----------+--------+--------------------+----------+
       |                               ^
       +-- 空闲链表: 表头 <-> 各空闲块 <-> 表头(循环)-----------+
   @endverbatim
 *
 * 一个已分配的内存块只花费一个字的块头：32 位 Cortex-M3 上 4 字节，64 位
 * 宿主机上 8 字节。最小的内存块是 #BLOCK_MIN_SIZE（16 或 32 字节），因为
 * 空闲块要放得下两个链表指针和块尾。
 *
 * 堆不加锁：同一时刻只有一个线程（或一个中断级别）使用一个堆。阶段四再加上
 * 锁和等待。
 */
#ifndef KIT_FREELIST_H
#define KIT_FREELIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "block.h"

/** \~english @brief Success.
 *  \~chinese @brief 成功。 */
#define FL_OK 0
/** \~english @brief Refused: bad arguments, or a pointer that is not a block
 *         in use of this heap.
 *  \~chinese @brief 拒绝：参数错误，或指针不是本堆中正在使用的内存块。 */
#define FL_ERROR (-1)
/** \~english @brief Value of fl_heap_t::magic in an initialised heap.
 *  \~chinese @brief 已初始化的堆中 fl_heap_t::magic 的值。 */
#define FL_MAGIC 0x464c4850u

/**
 * \~english @brief Where the search for a free block starts and when it stops.
 * \~chinese @brief 查找空闲块时从哪里开始、在哪里停下。
 */
typedef enum fl_fit {
    FL_FIRST_FIT, /**< \~english @brief the first block on the list that fits
                       \~chinese @brief 链表上第一个放得下的块 */
    FL_NEXT_FIT, /**< \~english @brief the first that fits, starting where the last search took a block
                       \~chinese @brief 从上次取块的位置开始，第一个放得下的块 */
    FL_BEST_FIT, /**< \~english @brief the smallest block that fits (stops early on an exact fit)
                       \~chinese @brief 放得下的块中最小的一个（遇到大小正好的块即停） */
} fl_fit_t;

/**
 * \~english @brief Where a freed block goes on the free list.
 * \~chinese @brief 释放的块放到空闲链表的什么位置。
 */
typedef enum fl_order {
    FL_ADDRESS_ORDERED, /**< \~english @brief sorted by address: O(n) insert, less fragmentation
                             \~chinese @brief 按地址排序：插入为 O(n)，碎片较少 */
    FL_LIFO,            /**< \~english @brief at the head: O(1) insert, most recent reused first
                             \~chinese @brief 插到表头：插入为 O(1)，最近释放的块最先被重用 */
} fl_order_t;

/**
 * \~english
 * @brief The control structure at the start of every free-list heap.
 *
 * Invariant: the free list (circular, through @c head) holds every free
 * block of the arena exactly once and no used block; with
 * #FL_ADDRESS_ORDERED it runs in increasing address order. @c rover is the
 * head or a block on the list. @c used_bytes and @c used_blocks count the
 * blocks in use (headers included), @c free_blocks the blocks on the list,
 * @c peak_used the largest @c used_bytes ever reached. @c magic equals
 * #FL_MAGIC exactly while the heap is initialised.
 * \~chinese
 * @brief 每个空闲链表堆开头的控制结构。
 *
 * 不变式：空闲链表（经由 @c head 构成循环）恰好包含区域中的每个空闲块各一次，
 * 不含已使用的块；#FL_ADDRESS_ORDERED 时按地址递增排列。@c rover 是表头或
 * 链表上的某个块。@c used_bytes 与 @c used_blocks 统计已使用的块（含块头），
 * @c free_blocks 统计链表上的块，@c peak_used 是 @c used_bytes 到达过的最大值。
 * 只有堆已初始化时 @c magic 才等于 #FL_MAGIC。
 */
typedef struct fl_heap {
    uint32_t magic; /**< \~english @brief marks an initialised heap \~chinese @brief 已初始化标记 */
    uint8_t fit;   /**< \~english @brief an ::fl_fit_t \~chinese @brief 一个 ::fl_fit_t 值 */
    uint8_t order; /**< \~english @brief an ::fl_order_t \~chinese @brief 一个 ::fl_order_t 值 */
    block_t head;  /**< \~english @brief list head: only its links are used
                              \~chinese @brief 链表头：只使用其中的两个指针 */
    block_t *rover; /**< \~english @brief next fit: where the next search starts
                              \~chinese @brief 循环首次适配：下次搜索的起点 */
    /** \~english @brief the arena: its first block and its sentinel
     *  \~chinese @brief 区域：第一个块和哨兵 */
    block_arena_t arena;
    size_t arena_bytes; /**< \~english @brief bytes in blocks (the sentinel excluded)
                              \~chinese @brief 各块的总字节数（不含哨兵） */
    /** \~english @brief bytes in used blocks \~chinese @brief 已使用块的字节数 */
    size_t used_bytes;
    size_t used_blocks; /**< \~english @brief blocks in use \~chinese @brief 已使用块数 */
    /** \~english @brief blocks on the free list \~chinese @brief 空闲链表上的块数 */
    size_t free_blocks;
    size_t peak_used; /**< \~english @brief high-water mark of @c used_bytes
                              \~chinese @brief @c used_bytes 的最高水位 */
} fl_heap_t;

/**
 * \~english @brief A heap's figures, as %fl_stats_get() reports them. Bytes
 *        count whole blocks, headers included.
 * \~chinese @brief %fl_stats_get() 报告的堆统计数字。字节数按整块计算，含块头。
 */
typedef struct fl_stats {
    size_t total_bytes; /**< \~english @brief bytes in blocks \~chinese @brief 各块的总字节数 */
    /** \~english @brief bytes in used blocks \~chinese @brief 已使用块的字节数 */
    size_t used_bytes;
    size_t free_bytes; /**< \~english @brief bytes in free blocks \~chinese @brief 空闲块的字节数 */
    /** \~english @brief the largest free block \~chinese @brief 最大空闲块的大小 */
    size_t largest_free;
    size_t used_blocks; /**< \~english @brief blocks in use \~chinese @brief 已使用块数 */
    size_t free_blocks; /**< \~english @brief free blocks \~chinese @brief 空闲块数 */
    size_t peak_used;   /**< \~english @brief high-water mark of @c used_bytes
                              \~chinese @brief @c used_bytes 的最高水位 */
} fl_stats_t;

/**
 * \~english
 * @brief A function fl_walk() calls for each block.
 * @param block the block's header address.
 * @param size the block's size, header included.
 * @param used true for a block in use.
 * @param arg what the caller gave fl_walk().
 * \~chinese
 * @brief fl_walk() 对每个内存块调用的函数。
 * @param block 块头地址。
 * @param size 块大小（含块头）。
 * @param used 已使用的块为 true。
 * @param arg 调用者传给 fl_walk() 的参数。
 */
typedef void (*fl_walk_fn)(void *block, size_t size, bool used, void *arg);

/**
 * \~english
 * @brief Make a heap of @p size bytes at @p pool: the control structure,
 *        then one free block, then the sentinel.
 * @param pool the buffer; 8-byte aligned.
 * @param size bytes in the buffer.
 * @param fit the search policy.
 * @param order where freed blocks go on the list.
 * @return #FL_OK, or #FL_ERROR when @p pool is NULL or misaligned, @p size
 *         cannot hold the control structure, one block of #BLOCK_MIN_SIZE and
 *         the sentinel, or @p fit / @p order is not one of the enumerators.
 *         The buffer is untouched on failure.
 * @par Cost
 * O(1).
 * @par Context
 * Thread, before any other call on this heap.
 * \~chinese
 * @brief 在 @p pool 处建立一个 @p size 字节的堆：控制结构、一个空闲块、哨兵。
 * @param pool 缓冲区，按 8 字节对齐。
 * @param size 缓冲区的字节数。
 * @param fit 查找策略。
 * @param order 释放的块在链表中的位置。
 * @return #FL_OK；以下情况返回 #FL_ERROR：@p pool 为 NULL 或未对齐，@p size
 *         放不下控制结构、一个 #BLOCK_MIN_SIZE 大小的块和哨兵，或 @p fit /
 *         @p order 不是枚举中的值。失败时缓冲区保持原样。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程，且在对该堆的其他任何调用之前。
 */
int fl_init(void *pool, size_t size, fl_fit_t fit, fl_order_t order);

/**
 * \~english
 * @brief Allocate @p size bytes, 8-byte aligned.
 * @param pool an initialised heap.
 * @param size bytes wanted.
 * @return the user bytes (contents undefined), or NULL when no free block is
 *         large enough, @p size is 0 or larger than #BLOCK_MAX_REQUEST, or
 *         the heap is NULL or not initialised.
 * @par Cost
 * O(n) in the number of free blocks (the search), plus O(n) for the
 * address-ordered insert of the split-off rest.
 * @par Context
 * Thread; interrupt only if no thread uses the same heap.
 * \~chinese
 * @brief 分配 @p size 字节，按 8 字节对齐。
 * @param pool 已初始化的堆。
 * @param size 需要的字节数。
 * @return 用户区（内容未定义）；没有足够大的空闲块、@p size 为 0 或大于
 *         #BLOCK_MAX_REQUEST、堆为 NULL 或未初始化时返回 NULL。
 * @par 开销
 * O(n)，n 为空闲块个数（搜索）；按地址排序时，分割剩余部分的插入另需 O(n)。
 * @par 调用上下文
 * 线程；只有没有线程使用同一个堆时才可在中断中调用。
 */
void *fl_alloc(void *pool, size_t size);

/**
 * \~english
 * @brief Allocate @p size bytes aligned to @p align.
 *
 * For an alignment above 8 the search asks for room for the worst gap, and
 * the space in front of the payload becomes a free block of its own when it
 * is large enough; the gap record below the payload lets free and realloc
 * find the block again.
 * @param pool an initialised heap.
 * @param align a power of two (1, 2 and 4 give 8).
 * @param size bytes wanted.
 * @return the user bytes, or NULL on any of fl_alloc()'s failures or when
 *         @p align is not a power of two.
 * @par Cost
 * As fl_alloc().
 * @par Context
 * As fl_alloc().
 * \~chinese
 * @brief 分配 @p size 字节，按 @p align 对齐。
 *
 * 对齐要求大于 8 时，搜索会为最坏情况的间隙留出空间；用户区前面的空间足够大
 * 时会单独成为一个空闲块。用户区下方的间隙记录让释放和 realloc 能找回所在的块。
 * @param pool 已初始化的堆。
 * @param align 2 的幂（1、2、4 按 8 处理）。
 * @param size 需要的字节数。
 * @return 用户区；出现 fl_alloc() 的任一失败情况，或 @p align 不是 2 的幂时
 *         返回 NULL。
 * @par 开销
 * 同 fl_alloc()。
 * @par 调用上下文
 * 同 fl_alloc()。
 */
void *fl_aligned_alloc(void *pool, size_t align, size_t size);

/**
 * \~english
 * @brief Allocate an array of @p n elements of @p size bytes, zeroed.
 * @return the zeroed bytes, or NULL when `n * size` overflows, is 0, or
 *         fl_alloc() fails.
 * @par Cost
 * As fl_alloc(), plus O(n * size) to clear.
 * @par Context
 * As fl_alloc().
 * \~chinese
 * @brief 分配 @p n 个、每个 @p size 字节的数组，并清零。
 * @return 清零后的内存；`n * size` 溢出或为 0、或 fl_alloc() 失败时返回 NULL。
 * @par 开销
 * 同 fl_alloc()，另加清零的 O(n * size)。
 * @par 调用上下文
 * 同 fl_alloc()。
 */
void *fl_calloc(void *pool, size_t n, size_t size);

/**
 * \~english
 * @brief Change the size of a block, keeping its contents and its alignment.
 *
 * Shrinking trims the tail in place; growing first tries to absorb a free
 * next neighbour; otherwise the bytes move to a new block with the same
 * alignment and the old block is freed.
 * @param pool an initialised heap.
 * @param ptr a block in use of this heap, or NULL (then this is fl_alloc()).
 * @param size the new size; 0 frees @p ptr and returns NULL.
 * @return the block (maybe moved), or NULL when @p ptr is not a block in use
 *         of this heap (with a diagnostic), @p size is too large, or there is
 *         no room; @p ptr is then unchanged and still owned by the caller.
 * @par Cost
 * O(1) in place (O(n) with the address-ordered insert of a trimmed tail);
 * O(n) plus the copy when it moves.
 * @par Context
 * As fl_alloc().
 * \~chinese
 * @brief 改变内存块的大小，保留其内容和对齐。
 *
 * 缩小时就地裁掉尾部；增大时先尝试并入空闲的下一块；否则把数据搬到一个对齐
 * 相同的新块，并释放旧块。
 * @param pool 已初始化的堆。
 * @param ptr 本堆中正在使用的块，或 NULL（此时等同 fl_alloc()）。
 * @param size 新的大小；为 0 时释放 @p ptr 并返回 NULL。
 * @return 内存块（可能已搬移）；@p ptr 不是本堆正在使用的块（并打印诊断）、
 *         @p size 过大或空间不足时返回 NULL，此时 @p ptr 不变，仍归调用者所有。
 * @par 开销
 * 就地调整为 O(1)（按地址排序时插入裁下的尾部为 O(n)）；搬移时为 O(n) 加复制。
 * @par 调用上下文
 * 同 fl_alloc()。
 */
void *fl_realloc(void *pool, void *ptr, size_t size);

/**
 * \~english
 * @brief Give a block back; it is coalesced at once with free neighbours.
 *
 * Before touching the list, free checks what is cheap to check: the pointer
 * lies in the arena, its header has U set (else: a double free), a sane size
 * that stays inside the arena, and the next block's P flag set (else: a
 * corrupted header). A header forged inside user data can pass these O(1)
 * checks; fl_check() finds it.
 * @param pool the heap the block came from.
 * @param ptr a pointer from fl_alloc() and friends, or NULL (nothing done).
 * @return #FL_OK, or #FL_ERROR with a diagnostic when the heap is not
 *         initialised or @p ptr fails the checks; the heap is unchanged then.
 * @par Cost
 * O(1) with #FL_LIFO; O(n) in free blocks with #FL_ADDRESS_ORDERED (the insert).
 * @par Context
 * As fl_alloc().
 * \~chinese
 * @brief 归还一个内存块；它会立即与空闲的邻居合并。
 *
 * 在改动链表之前，释放先做代价低的检查：指针位于区域内，块头的 U 为 1（否则
 * 是重复释放），大小合理且不超出区域，下一块的 P 为 1（否则块头已被破坏）。
 * 在用户数据中伪造的块头可能骗过这些 O(1) 检查；fl_check() 能发现它。
 * @param pool 内存块所属的堆。
 * @param ptr fl_alloc() 等函数返回的指针，或 NULL（什么也不做）。
 * @return #FL_OK；堆未初始化或 @p ptr 未通过检查时返回 #FL_ERROR 并打印诊断，
 *         此时堆保持不变。
 * @par 开销
 * #FL_LIFO 时为 O(1)；#FL_ADDRESS_ORDERED 时为 O(n)，n 为空闲块个数（插入）。
 * @par 调用上下文
 * 同 fl_alloc()。
 */
int fl_free(void *pool, void *ptr);

/**
 * \~english
 * @brief Read the heap's figures.
 * @param pool an initialised heap.
 * @param stats receives the figures.
 * @return #FL_OK, or #FL_ERROR when an argument is NULL or the heap is not
 *         initialised (nothing written), or when the free list is damaged
 *         (an entry outside the heap, or more entries than free blocks, as
 *         a cycle makes: nothing written, and a diagnostic).
 * @par Cost
 * O(n) in free blocks (the largest one is found by walking the list).
 * @par Context
 * As fl_alloc().
 * \~chinese
 * @brief 读取堆的统计数字。
 * @param pool 已初始化的堆。
 * @param stats 得到统计数字。
 * @return #FL_OK；参数为 NULL 或堆未初始化时返回 #FL_ERROR（不写输出）；
 *         空闲链表损坏时（有表项在堆外，或表项比空闲块还多，链表成环就是
 *         这样）也返回 #FL_ERROR，不写输出，并打印诊断信息。
 * @par 开销
 * O(n)，n 为空闲块个数（最大空闲块要遍历链表才能找到）。
 * @par 调用上下文
 * 同 fl_alloc()。
 */
int fl_stats_get(void *pool, fl_stats_t *stats);

/**
 * \~english
 * @brief Call @p visit for every block of the heap, in address order.
 * The chain of headers is checked first (block_check_chain()), so a header
 * overwritten with a size that reaches past the heap is reported instead
 * of followed.
 * @param pool an initialised heap (otherwise nothing is visited).
 * @param visit the function to call.
 * @param arg handed to @p visit.
 * @return #FL_OK; #FL_ERROR when the heap is NULL or not initialised, or
 *         @p visit is NULL (nothing visited), or when a header is damaged
 *         (nothing visited, and a diagnostic).
 * @par Cost
 * O(n) in all blocks.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 按地址顺序对堆中的每个内存块调用 @p visit。
 *
 * 先检查块头链（block_check_chain()），所以被改写成越过堆末尾的大小会被
 * 报告出来，而不会被沿着走下去。
 * @param pool 已初始化的堆（否则不访问任何块）。
 * @param visit 要调用的函数。
 * @param arg 传给 @p visit 的参数。
 * @return #FL_OK；堆为 NULL 或未初始化、或 @p visit 为 NULL 时返回
 *         #FL_ERROR（不访问任何块）；有块头损坏时也返回 #FL_ERROR，不访问
 *         任何块，并打印诊断信息。
 * @par 开销
 * O(n)，n 为全部内存块个数。
 * @par 调用上下文
 * 线程。
 */
int fl_walk(void *pool, fl_walk_fn visit, void *arg);

/**
 * \~english
 * @brief Check the whole heap.
 *
 * The physical chain (%block_check_chain()), then the free list: every entry
 * is a free block of the arena, its neighbours' links point back to it, the
 * list is in address order when it should be, it holds every free block
 * exactly once, and the rover is on it; finally the counters equal the
 * census.
 * @param pool the heap.
 * @return #FL_OK when intact; #FL_ERROR with a diagnostic otherwise, also for
 *         a NULL or uninitialised heap.
 * @par Cost
 * O(n) in all blocks.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 检查整个堆。
 *
 * 先检查物理块链（%block_check_chain()），再检查空闲链表：每个表项都是区域中
 * 的空闲块，前后表项的指针都指回它，该按地址排序时确实有序，每个空闲块恰好
 * 出现一次，游标在链表上；最后核对计数器与遍历的结果一致。
 * @param pool 堆。
 * @return 完好时返回 #FL_OK；否则返回 #FL_ERROR 并打印诊断，堆为 NULL 或
 *         未初始化时也是如此。
 * @par 开销
 * O(n)，n 为全部内存块个数。
 * @par 调用上下文
 * 线程。
 */
int fl_check(void *pool);

/**
 * \~english
 * @brief Print the heap: its figures, every block, and the free list.
 *
 * Offsets are counted from the first block, so the picture reads the same
 * wherever the buffer is:
 * @verbatim
   freelist heap: first fit, address-ordered, 992 bytes in blocks
     used 96 in 2 blocks, free 896 in 1 blocks, largest 896, peak 96
     blocks: [U 48 +0] [U 48 +48] [F 896 +96]
     free list: +96(896)
   @endverbatim
 * @param pool the heap; a NULL or uninitialised one prints one line saying so.
 * @par Cost
 * O(n) in all blocks.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 打印堆：统计数字、每个内存块以及空闲链表。
 *
 * 偏移量从第一个块算起，因此无论缓冲区在哪里，打印结果都一样（示例见英文）。
 * @param pool 堆；为 NULL 或未初始化时只打印一行说明。
 * @par 开销
 * O(n)，n 为全部内存块个数。
 * @par 调用上下文
 * 线程。
 */
void fl_show(void *pool);

#endif
