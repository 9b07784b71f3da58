/**
 * @file sys_heap.h
 * \~english
 * @brief Stage 4's lower layer: the stage-3 TLSF pool seen through Zephyr's
 *        `sys_heap` API.
 *
 * In Zephyr, `k_heap` is a `sys_heap` plus a lock and a wait queue; the
 * `sys_heap` is a plain allocator that knows nothing of threads. The kit
 * keeps that split, with the stage-3 allocator (%LOS_MemInit(),
 * %LOS_MemAlloc(), ...) doing the work underneath, so the only new idea in
 * stage 4 is the waiting. A `sys_heap` is not thread-safe by itself: its
 * caller (k_heap) serialises the calls.
 *
 * Zephyr's `sys_heap` is its own allocator (chunks in buckets of powers of
 * two); this one is a thin wrapper. The names and the contracts follow
 * Zephyr; the sizes are limited to what the stage-3 pool takes (32 bits).
 * \~chinese
 * @brief 阶段四的下层：用 Zephyr 的 `sys_heap` 接口呈现阶段三的 TLSF
 *        内存池。
 *
 * 在 Zephyr 中，`k_heap` 就是一个 `sys_heap` 加上一把锁和一个等待队列；
 * `sys_heap` 是对线程一无所知的普通分配器。本套件保留这种分层，底下由
 * 阶段三的分配器（%LOS_MemInit()、%LOS_MemAlloc() 等）完成实际工作，因此
 * 阶段四唯一的新概念就是等待。`sys_heap` 本身不是线程安全的：由调用者
 * （k_heap）保证调用互斥。
 *
 * Zephyr 的 `sys_heap` 是一个独立的分配器（按 2 的幂分桶管理内存块）；这里
 * 只是一层薄薄的包装。名字和约定沿用 Zephyr；大小受阶段三内存池的限制
 * （32 位）。
 */
#ifndef KIT_SYS_HEAP_H
#define KIT_SYS_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * \~english
 * @brief A heap: a stage-3 pool in a caller's buffer.
 *
 * Invariant: @c pool is NULL (initialisation failed: every allocation gets
 * NULL) or an initialised stage-3 pool of @c size bytes.
 * \~chinese
 * @brief 堆：位于调用者缓冲区中的一个阶段三内存池。
 *
 * 不变式：@c pool 为 NULL（初始化失败：每次分配都得到 NULL），或者是一个
 * 已初始化、大小为 @c size 字节的阶段三内存池。
 */
struct sys_heap {
    /** \~english @brief the stage-3 pool, or NULL \~chinese @brief 阶段三内存池，或 NULL */
    void *pool;
    /** \~english @brief its bytes \~chinese @brief 它的字节数 */
    size_t size;
};

/**
 * \~english
 * @brief Make a heap of the buffer @p mem.
 * @param heap the heap.
 * @param mem the buffer, 8-byte aligned.
 * @param bytes its size; it must hold the pool's control structure.
 * @return true on success; false (with the pool's diagnostic, and a heap on
 *         which every allocation fails) when the buffer is NULL, misaligned,
 *         too small or larger than 4 GiB; false with
 *         a diagnostic when @p heap is NULL.
 * @par Cost
 * O(1).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 用缓冲区 @p mem 建立一个堆。
 * @param heap 堆。
 * @param mem 缓冲区，按 8 字节对齐。
 * @param bytes 缓冲区大小，必须容得下内存池的控制结构。
 * @return 成功返回 true；缓冲区为 NULL、未对齐、太小或超过 4 GiB 时
 *         返回 false（同时有内存池的诊断信息，此后该堆上的每次
 *         分配都失败）；@p heap 为 NULL 时返回 false 并打印诊断信息。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程上下文。
 */
bool sys_heap_init(struct sys_heap *heap, void *mem, size_t bytes);

/**
 * \~english
 * @brief Allocate @p bytes aligned to @p align.
 *
 * As in Zephyr, @p align may carry a "rewind" in its lowest set bit:
 * `align | rew` asks for a pointer p with p + rew aligned to align (stage 5
 * keeps a heap pointer in those rew bytes). The kit takes a rewind of whole
 * words only; see z_sys_heap_align_valid().
 * @param heap the heap.
 * @param align a power of two, or 0 for the default (8 bytes), or
 *        `align | rew`.
 * @param bytes the size.
 * @return the block, or NULL when @p bytes is 0 or too large, @p align is
 *         not valid (with a diagnostic), no room is left, the heap has no
 *         pool (its buffer was refused, or it was never initialised), or
 *         @p heap is NULL (with a diagnostic).
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt, serialised by the caller.
 * \~chinese
 * @brief 分配 @p bytes 字节，按 @p align 对齐。
 *
 * 与 Zephyr 相同，@p align 的最低置位位可以携带"回退量"：`align | rew`
 * 要求指针 p 满足 p + rew 按 align 对齐（阶段五在这 rew 个字节里保存堆
 * 指针）。本套件只接受整数个字的回退量；见 z_sys_heap_align_valid()。
 * @param heap 堆。
 * @param align 2 的幂，或 0 表示默认值（8 字节），或 `align | rew`。
 * @param bytes 大小。
 * @return 内存块；以下情况返回 NULL：@p bytes 为 0 或过大，@p align 无效
 *         （打印诊断信息），空间不足，堆没有内存池（缓冲区曾被拒绝或从未
 *         初始化），或 @p heap 为 NULL（打印诊断信息）。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可，由调用者保证互斥。
 */
void *sys_heap_aligned_alloc(struct sys_heap *heap, size_t align, size_t bytes);

/**
 * \~english
 * @brief Whether sys_heap_aligned_alloc() takes @p align: 0, a power of two,
 *        or a power of two ORed with a smaller one that is a whole number of
 *        words (the rewind).
 *
 * Kit-internal: stage 4 judges a request with it before it ever waits.
 * @param align the alignment word.
 * @return true when @p align is valid.
 * @par Cost
 * O(1).
 * @par Context
 * Any.
 * \~chinese
 * @brief sys_heap_aligned_alloc() 是否接受 @p align：0、2 的幂，或者 2 的幂
 *        与一个更小的、整数个字的 2 的幂（回退量）按位或的结果。
 *
 * 套件内部函数：阶段四在等待之前先用它判断请求。
 * @param align 对齐字。
 * @return @p align 有效时返回 true。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 任意。
 */
bool z_sys_heap_align_valid(size_t align);

/**
 * \~english
 * @brief Allocate @p bytes with the default alignment (8 bytes).
 * @param heap the heap.
 * @param bytes the size.
 * @return the block, or NULL as %sys_heap_aligned_alloc().
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt, serialised by the caller.
 * \~chinese
 * @brief 按默认对齐（8 字节）分配 @p bytes 字节。
 * @param heap 堆。
 * @param bytes 大小。
 * @return 内存块；返回 NULL 的情况同 %sys_heap_aligned_alloc()。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可，由调用者保证互斥。
 */
void *sys_heap_alloc(struct sys_heap *heap, size_t bytes);

/**
 * \~english
 * @brief Give a block back.
 * @param heap the heap.
 * @param mem a block of @p heap, or NULL (nothing happens).
 * @return true when a block went back; false for NULL, and (with the pool's
 *         diagnostic, the heap unchanged) for a pointer that is not a block
 *         in use of @p heap; false for a heap without a pool, and with a
 *         diagnostic for a NULL @p heap. Zephyr's returns nothing; the answer tells
 *         %k_heap_free() whether waiters have anything to retry for.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt, serialised by the caller.
 * \~chinese
 * @brief 归还一个内存块。
 * @param heap 堆。
 * @param mem @p heap 中的内存块，或 NULL（什么也不做）。
 * @return 内存块归还成功返回 true；NULL 返回 false；@p mem 不是 @p heap 中
 *         正在使用的块时返回 false（有内存池的诊断信息，堆保持不变）；堆没有
 *         内存池时返回 false；@p heap 为 NULL 时返回 false 并打印诊断信息。
 *         Zephyr 的版本没有返回值；这里的返回值告诉 %k_heap_free() 等待者
 *         是否值得重试。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可，由调用者保证互斥。
 */
bool sys_heap_free(struct sys_heap *heap, void *mem);

/**
 * \~english
 * @brief Resize a block, keeping its contents and its alignment.
 * @param heap the heap.
 * @param ptr a block of @p heap, or NULL (then it is %sys_heap_alloc()).
 * @param bytes the new size; 0 frees @p ptr and returns NULL.
 * @return the block's new address, or NULL when there is no room (@p ptr
 *         is untouched and still valid), @p bytes is too large, or @p ptr is
 *         not a block in use of @p heap (with a diagnostic), the heap has no
 *         pool, or @p heap is NULL (with a diagnostic).
 * @par Cost
 * O(1), plus copying when the block moves.
 * @par Context
 * Thread and interrupt, serialised by the caller.
 * \~chinese
 * @brief 调整内存块的大小，保留其内容与对齐方式。
 * @param heap 堆。
 * @param ptr @p heap 中的内存块，或 NULL（此时等同 %sys_heap_alloc()）。
 * @param bytes 新的大小；为 0 时释放 @p ptr 并返回 NULL。
 * @return 内存块的新地址；以下情况返回 NULL：空间不足（@p ptr 原样保留、
 *         仍然有效），@p bytes 过大，@p ptr 不是 @p heap 中正在使用的块
 *         （打印诊断信息），堆没有内存池，或 @p heap 为 NULL（打印诊断信息）。
 * @par 开销
 * O(1)，块需要搬移时另加复制的开销。
 * @par 调用上下文
 * 线程与中断上下文均可，由调用者保证互斥。
 */
void *sys_heap_realloc(struct sys_heap *heap, void *ptr, size_t bytes);

/**
 * \~english
 * @brief Check the heap's integrity (the stage-3 pool's full check).
 * @param heap the heap.
 * @return true when intact; false, with a diagnostic, when it is damaged or
 *         @p heap is NULL; false, quietly, for a heap without a pool.
 * @par Cost
 * O(number of blocks).
 * @par Context
 * Thread, serialised by the caller.
 * \~chinese
 * @brief 检查堆的完整性（阶段三内存池的完整检查）。
 * @param heap 堆。
 * @return 完好返回 true；堆已损坏或 @p heap 为 NULL 时返回 false 并打印
 *         诊断信息；堆没有内存池时返回 false，不打印。
 * @par 开销
 * O(内存块个数)。
 * @par 调用上下文
 * 线程上下文，由调用者保证互斥。
 */
bool sys_heap_validate(struct sys_heap *heap);

/**
 * \~english
 * @brief Bytes a caller may use at @p mem, a block in use of @p heap.
 * @param heap the heap.
 * @param mem a block the heap handed out.
 * @return the bytes from @p mem to the end of its block; 0, quietly, when
 *         @p mem is not a block in use of @p heap (NULL included) or the
 *         heap has no pool; 0 with a diagnostic for a NULL @p heap.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt, serialised by the caller.
 * \~chinese
 * @brief 调用者在 @p mem（@p heap 中正在使用的内存块）处可以使用的字节数。
 * @param heap 堆。
 * @param mem 堆分配出去的内存块。
 * @return 从 @p mem 到其所在块末尾的字节数；@p mem 不是 @p heap 中正在使用的
 *         块（包括 NULL）或堆没有内存池时返回 0，不打印诊断信息；@p heap 为
 *         NULL 时返回 0 并打印诊断信息。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可，由调用者保证互斥。
 */
size_t sys_heap_usable_size(struct sys_heap *heap, void *mem);

/**
 * \~english
 * @brief What a heap holds, as Zephyr's runtime statistics.
 * \~chinese
 * @brief 堆的使用情况，对应 Zephyr 的运行时统计。
 */
struct sys_memory_stats {
    /** \~english @brief bytes in free blocks \~chinese @brief 空闲块的字节数 */
    size_t free_bytes;
    /** \~english @brief bytes not free (headers and control included)
     *  \~chinese @brief 不空闲的字节数（含块头与控制结构） */
    size_t allocated_bytes;
    /** \~english @brief peak of allocated_bytes \~chinese @brief allocated_bytes 的峰值 */
    size_t max_allocated_bytes;
};

/**
 * \~english
 * @brief Read a heap's statistics.
 * @param heap the heap.
 * @param stats receives them.
 * @return 0, or -EINVAL when an argument is NULL or the heap failed to
 *         initialise.
 * @par Cost
 * As %LOS_MemInfoGet().
 * @par Context
 * Thread and interrupt, serialised by the caller.
 * \~chinese
 * @brief 读取堆的统计信息。
 * @param heap 堆。
 * @param stats 得到统计信息。
 * @return 0；任一参数为 NULL 或堆初始化失败时返回 -EINVAL。
 * @par 开销
 * 同 %LOS_MemInfoGet()。
 * @par 调用上下文
 * 线程与中断上下文均可，由调用者保证互斥。
 */
int sys_heap_runtime_stats_get(struct sys_heap *heap, struct sys_memory_stats *stats);

#endif
