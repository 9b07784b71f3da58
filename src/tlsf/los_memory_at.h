/**
 * @file los_memory_at.h
 * \~english
 * @brief The kit-internal entry points of the stage-3 pool, beside the
 *        LiteOS-M API: allocation at an offset from an alignment boundary,
 *        and the usable size of a block.
 *
 * Zephyr's %sys_heap_aligned_alloc() accepts an alignment word
 * `align | rew` and returns a pointer p such that p + rew is aligned. Stage
 * 5 (`k_malloc`) relies on it to keep a heap pointer in the word just below
 * an aligned block without padding. Zephyr's %sys_heap_usable_size() needs
 * the second. LiteOS-M has neither, so they are kept out of los_memory.h,
 * whose API is LiteOS-M's.
 * \~chinese
 * @brief 阶段三内存池在 LiteOS-M 接口之外的套件内部入口：在距对齐边界一段
 *        偏移处分配，以及内存块的可用大小。
 *
 * Zephyr 的 %sys_heap_aligned_alloc() 接受对齐字 `align | rew`，返回的指针
 * p 满足 p + rew 对齐。阶段五（`k_malloc`）靠它把堆指针放在对齐内存块正下方
 * 的那个字里，而不需要填充。Zephyr 的 %sys_heap_usable_size() 需要第二个。
 * LiteOS-M 没有这两个函数，因此它们不放在接口与 LiteOS-M 一致的
 * los_memory.h 中。
 */
#ifndef KIT_LOS_MEMORY_AT_H
#define KIT_LOS_MEMORY_AT_H

#include <stdint.h>

/**
 * \~english
 * @brief Allocate @p size bytes at a pointer p such that p + @p rewind is
 *        aligned to @p boundary.
 *
 * The payload gets a gap record below it that keeps `boundary | rewind`, so
 * %LOS_MemFree() accepts p, and %LOS_MemRealloc() keeps both the alignment
 * and the rewind when it moves the block.
 * @param pool the pool.
 * @param size the bytes asked for.
 * @param boundary the alignment, a power of two, at least 8.
 * @param rewind 0 (then it is %LOS_MemAllocAlign()), or a power of two that
 *        is a multiple of the word size and smaller than @p boundary.
 * @return the block, or NULL when the pool is invalid, @p size is 0, the
 *         arguments break the rules above, or no room is left.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 分配 @p size 字节，返回的指针 p 满足 p + @p rewind 按 @p boundary
 *        对齐。
 *
 * 用户区下方带有保存 `boundary | rewind` 的间隙记录，因此 %LOS_MemFree()
 * 接受 p，%LOS_MemRealloc() 搬移内存块时也保留对齐值和回退量。
 * @param pool 内存池。
 * @param size 申请的字节数。
 * @param boundary 对齐值，2 的幂，不小于 8。
 * @param rewind 0（此时等同 %LOS_MemAllocAlign()），或小于 @p boundary、
 *        且为字长倍数的 2 的幂。
 * @return 内存块；内存池无效、@p size 为 0、参数违反上述规则或空间不足时
 *         返回 NULL。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *OsMemAllocAlignAt(void *pool, uint32_t size, uint32_t boundary, uint32_t rewind);

/**
 * \~english
 * @brief Bytes a caller may use at @p ptr, a block in use of @p pool.
 * @param pool the pool.
 * @param ptr a pointer the pool handed out.
 * @return the bytes from @p ptr to the end of its block, or 0, quietly, when
 *         @p pool is not an initialised pool or @p ptr is not a block in use
 *         of it (NULL included). It only reads.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 调用者在 @p ptr（@p pool 中正在使用的内存块）处可以使用的字节数。
 * @param pool 内存池。
 * @param ptr 内存池分配出去的指针。
 * @return 从 @p ptr 到其所在块末尾的字节数；@p pool 不是已初始化的内存池，
 *         或 @p ptr 不是其中正在使用的块（包括 NULL）时返回 0，不打印诊断
 *         信息。它只读不写。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
uint32_t OsMemUsableSize(void *pool, const void *ptr);

/**
 * \~english
 * @brief The number of free lists of @p pool: 2^SLI per row its size needs.
 * @param pool the pool.
 * @return the count, or 0 when @p pool is not an initialised pool.
 * @par Cost
 * O(1).
 * @par Context
 * Any; for tools and debuggers that draw the index.
 * \~chinese
 * @brief 内存池 @p pool 的空闲链表条数：其大小所需的每一行各 2^SLI 条。
 * @param pool 内存池。
 * @return 链表条数；@p pool 不是已初始化的内存池时返回 0。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 任意；供绘制索引的工具和调试器使用。
 */
uint32_t OsMemListCount(const void *pool);

/**
 * \~english
 * @brief The first block of free list @p n of @p pool (list n is list
 *        n % 2^SLI of row n / 2^SLI), whatever the width of its head.
 * @param pool the pool.
 * @param n the list, below OsMemListCount().
 * @return the block's header, or NULL for an empty list, a list the pool
 *         has not, or a pool that is not initialised.
 * @par Cost
 * O(1).
 * @par Context
 * Any; for tools and debuggers that draw the index.
 * \~chinese
 * @brief 内存池 @p pool 第 @p n 条空闲链表的第一块（第 n 条链表即第
 *        n / 2^SLI 行的第 n % 2^SLI 条），与链表头的宽度无关。
 * @param pool 内存池。
 * @param n 链表编号，小于 OsMemListCount()。
 * @return 该块的块头；链表为空、内存池没有这条链表或内存池未初始化时返回
 *         NULL。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 任意；供绘制索引的工具和调试器使用。
 */
struct block *OsMemListHead(const void *pool, uint32_t n);

#endif
