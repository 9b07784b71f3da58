/**
 * @file los_memory_at.h
 * \~english
 * @brief One kit-internal entry point of the stage-3 pool, beside the
 *        LiteOS-M API: allocation at an offset from an alignment boundary.
 *
 * Zephyr's %sys_heap_aligned_alloc() accepts an alignment word
 * `align | rew` and returns a pointer p such that p + rew is aligned. Stage
 * 5 (`k_malloc`) relies on it to keep a heap pointer in the word just below
 * an aligned block without padding. LiteOS-M has no such call, so it is
 * kept out of los_memory.h, whose API is LiteOS-M's.
 * \~chinese
 * @brief 阶段三内存池在 LiteOS-M 接口之外的一个套件内部入口：在距对齐边界
 *        一段偏移处分配。
 *
 * Zephyr 的 %sys_heap_aligned_alloc() 接受对齐字 `align | rew`，返回的指针
 * p 满足 p + rew 对齐。阶段五（`k_malloc`）靠它把堆指针放在对齐内存块正下方
 * 的那个字里，而不需要填充。LiteOS-M 没有这样的函数，因此它不放在接口与
 * LiteOS-M 一致的 los_memory.h 中。
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

#endif
