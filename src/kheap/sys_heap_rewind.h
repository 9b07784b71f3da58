/**
 * @file sys_heap_rewind.h
 * \~english
 * @brief One kit-internal call of the sys_heap layer: Zephyr's encoding of
 *        an alignment with a "rewind", used by stage 5.
 *
 * Kept apart from sys_heap.h, whose calls keep the contracts stage 4
 * documents (an alignment must be a power of two).
 * \~chinese
 * @brief sys_heap 层的一个套件内部调用：Zephyr 带"回退量"的对齐编码，
 *        供阶段五使用。
 *
 * 它与 sys_heap.h 分开存放，后者的各个调用保持阶段四规定的约定（对齐值
 * 必须是 2 的幂）。
 */
#ifndef KIT_SYS_HEAP_REWIND_H
#define KIT_SYS_HEAP_REWIND_H

#include <stddef.h>

#include "sys_heap.h"

/**
 * \~english
 * @brief Allocate @p bytes at a pointer p such that p + rew is aligned:
 *        Zephyr's encoding of %sys_heap_aligned_alloc(), under its own name.
 *
 * @p align carries the rewind in its lowest set bit: `align | rew`, both
 * powers of two, rew smaller than align. Zephyr's %k_malloc() family uses
 * it with rew = sizeof(void *) to keep a heap pointer in the word just below
 * an aligned block without padding. In the kit, %sys_heap_aligned_alloc()
 * keeps refusing every alignment that is not a power of two, as its
 * contract says; the encoded form has this entry of its own.
 * @param heap the heap.
 * @param align `align | rew`; a plain power of two (no rewind) makes this
 *        %sys_heap_aligned_alloc().
 * @param bytes the size.
 * @return the block, or NULL when @p bytes is 0 or too large, @p align is
 *         neither a power of two nor a power of two ORed with a smaller one
 *         that is a multiple of the word size (with a diagnostic), or no room
 *         is left.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt, serialised by the caller.
 * \~chinese
 * @brief 分配 @p bytes 字节，返回的指针 p 满足 p + rew 对齐：即 Zephyr 的
 *        %sys_heap_aligned_alloc() 对齐编码，这里单独成为一个函数。
 *
 * @p align 的最低置位位携带回退量：`align | rew`，两者都是 2 的幂，rew 小于
 * align。Zephyr 的 %k_malloc() 系列用 rew = sizeof(void *) 把堆指针放在
 * 对齐内存块正下方的那个字里，不需要填充。在本套件中，
 * %sys_heap_aligned_alloc() 按其约定仍然拒绝一切不是 2 的幂的对齐值；编码
 * 形式另设这个入口。
 * @param heap 堆。
 * @param align `align | rew`；单纯的 2 的幂（没有回退量）时等同
 *        %sys_heap_aligned_alloc()。
 * @param bytes 大小。
 * @return 内存块；以下情况返回 NULL：@p bytes 为 0 或过大，@p align 既不是
 *         2 的幂，也不是 2 的幂与一个更小的、字长倍数的 2 的幂按位或的结果
 *         （打印诊断信息），或空间不足。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可，由调用者保证互斥。
 */
void *z_sys_heap_aligned_alloc_rewind(struct sys_heap *heap, size_t align, size_t bytes);

#endif
