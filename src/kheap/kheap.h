/**
 * @file kheap.h
 * \~english
 * @brief Stage 4: k_heap, a heap that threads can wait on, with Zephyr's
 *        API.
 *
 * A `k_heap` is a sys_heap (the stage-3 pool underneath) plus the two
 * things an RTOS adds: a lock, so threads and interrupt handlers can share
 * it, and a wait queue, so a thread that finds no room can sleep until
 * another frees some, up to a timeout.
 *
 * @verbatim
   struct k_heap
   +-------------+------------------------------+-----------+
   | lock        | heap: sys_heap -> TLSF pool  | wait_q    |
   +-------------+------------------------------+-----------+
                                                   |
                                  T1 (prio 1) -> T2 (prio 3) -> T3 (prio 3)
                                  threads waiting for memory, most urgent first
   @endverbatim
 *
 * An allocation that fails puts the thread on @c wait_q (releasing the lock
 * in the same step); every %k_heap_free() wakes all the waiters, and each
 * tries again, until its deadline. The timeout is turned into a deadline
 * once, at the start, so retries never extend it.
 * \~chinese
 * @brief 阶段四：k_heap，线程可以在上面等待的堆，接口与 Zephyr 相同。
 *
 * `k_heap` 就是一个 sys_heap（底下是阶段三的内存池）加上 RTOS 多出来的两样
 * 东西：一把锁，使线程与中断处理函数可以共用它；一个等待队列，使找不到
 * 空间的线程可以睡眠，直到别的线程释放出空间或超时。
 *
 * @verbatim
   struct k_heap
   +-------------+------------------------------+-----------+
   | lock 锁     | heap: sys_heap -> TLSF 内存池 | wait_q    |
   +-------------+------------------------------+-----------+
                                                   |
                                  T1 (优先级 1) -> T2 (优先级 3) -> T3 (优先级 3)
                                  等待内存的线程: 最紧急的排在最前
   @endverbatim
 *
 * 分配失败时，线程挂到 @c wait_q 上（同一步里释放锁）；每次 %k_heap_free()
 * 唤醒所有等待者，每个等待者各自重试，直到自己的截止时刻。超时只在开头
 * 换算一次成截止时刻，因此重试不会推迟它。
 */
#ifndef KIT_KHEAP_H
#define KIT_KHEAP_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "sys_heap.h"

/**
 * \~english
 * @brief A heap that threads can wait on.
 *
 * Invariant: @c heap and @c wait_q change only under @c lock; a thread is
 * on @c wait_q only while its allocation has failed since the last
 * %k_heap_free() and its deadline has not passed.
 * \~chinese
 * @brief 线程可以在上面等待的堆。
 *
 * 不变式：@c heap 与 @c wait_q 只在持有 @c lock 时改变；线程在 @c wait_q
 * 上，仅当它的分配在最近一次 %k_heap_free() 之后失败过，且截止时刻未到。
 */
struct k_heap {
    /** \~english @brief the allocator \~chinese @brief 分配器 */
    struct sys_heap heap;
    /** \~english @brief threads waiting for memory \~chinese @brief 等待内存的线程 */
    _wait_q_t wait_q;
    /** \~english @brief guards both \~chinese @brief 保护以上两者 */
    struct k_spinlock lock;
    /** \~english @brief stage 5's link: the next heap on the list of those the k_malloc
     *         family has taken blocks from (a kit addition; Zephyr keeps no such list)
     *  \~chinese @brief 阶段五使用的链接：k_malloc 系列取过内存块的堆组成的链表中的
     *         下一个（本套件新增；Zephyr 没有这样的链表） */
    struct k_heap *z_kmalloc_next;
};

/**
 * \~english
 * @brief The smallest buffer on which a heap can hand out one byte: what
 *        %K_HEAP_DEFINE() rounds a smaller size up to, as Zephyr does.
 *
 * Zephyr's value is worked out by hand for its own heap; this one is the
 * stage-3 pool's, measured on each word size (the control structure, one
 * block of the least size and the sentinel that closes the arena), and
 * `make test` checks that it is both enough and the least that is
 * (tests/unit/test_kheap.c).
 * \~chinese
 * @brief 能分配出一个字节的堆所需的最小缓冲区：%K_HEAP_DEFINE() 与 Zephyr
 *        一样，把更小的大小向上取整到它。
 *
 * Zephyr 的值是针对它自己的堆手工算出的；这里的值属于阶段三的内存池，按
 * 每种字长测得（控制结构、一个最小的内存块和封闭区域的哨兵），`make test`
 * 检查它既够用、又是够用的最小值（tests/unit/test_kheap.c）。
 */
#if UINTPTR_MAX > 0xffffffffu
#define Z_HEAP_MIN_SIZE 88u
#else
#define Z_HEAP_MIN_SIZE 64u
#endif

/**
 * \~english
 * @brief Initialise a heap in a caller's buffer.
 * @param h the heap.
 * @param mem the buffer, 8-byte aligned.
 * @param bytes its size (it holds the pool's control structure too).
 * @par Bad input
 * A buffer the pool refuses (NULL, misaligned, too small) leaves a heap on
 * which every allocation returns NULL at once, whatever its timeout, after
 * the pool's diagnostic; so does a heap never initialised (all zero). A
 * NULL @p h gets a diagnostic and nothing else.
 * @par Cost
 * O(1).
 * @par Context
 * Thread, before any other thread uses the heap.
 * \~chinese
 * @brief 在调用者提供的缓冲区中初始化一个堆。
 * @param h 堆。
 * @param mem 缓冲区，按 8 字节对齐。
 * @param bytes 缓冲区大小（其中也要放下内存池的控制结构）。
 * @par 错误输入
 * 内存池拒绝的缓冲区（NULL、未对齐、太小）会得到一个每次分配都立即返回
 * NULL 的堆（不论超时是多少），并打印内存池的诊断信息；从未初始化（全零）
 * 的堆也是如此。@p h 为 NULL 时只打印一条诊断信息。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程上下文，且须在其他线程使用该堆之前。
 */
void k_heap_init(struct k_heap *h, void *mem, size_t bytes);

/** \~english @brief The bytes %K_HEAP_DEFINE() reserves for @p bytes: at least
 *         #Z_HEAP_MIN_SIZE.
 *  \~chinese @brief %K_HEAP_DEFINE() 为 @p bytes 预留的字节数：至少
 *         #Z_HEAP_MIN_SIZE。 */
#define Z_HEAP_DEFINE_BYTES(bytes) ((bytes) > Z_HEAP_MIN_SIZE ? (size_t)(bytes) : Z_HEAP_MIN_SIZE)

/**
 * \~english
 * @brief Define a heap of @p bytes, initialised before main() runs.
 *
 * The buffer is @p bytes rounded up to a multiple of 8, and to at least
 * #Z_HEAP_MIN_SIZE, as Zephyr's is: a heap defined with 1 byte can hand
 * out 1 byte. Zephyr collects such heaps in a linker section and
 * initialises them at boot (statics_init()); the kit gives each one a
 * constructor, which the C start-up code runs before main() on the host
 * and on the target alike.
 * \~chinese
 * @brief 定义一个 @p bytes 字节的堆，它在 main() 运行之前完成初始化。
 *
 * 缓冲区是 @p bytes 向上取整到 8 的倍数，并且与 Zephyr 一样至少为
 * #Z_HEAP_MIN_SIZE：用 1 字节定义的堆能分配出 1 个字节。Zephyr 把这样的堆
 * 收集在一个链接段里，在启动时统一初始化（statics_init()）；本套件为每个堆
 * 生成一个构造函数，宿主机和目标板上的 C 启动代码都会在 main() 之前运行它。
 */
#define K_HEAP_DEFINE(name, bytes)                                            \
    static uint64_t z_kheap_mem_##name[(Z_HEAP_DEFINE_BYTES(bytes) + 7) / 8]; \
    struct k_heap name;                                                       \
    __attribute__((constructor)) static void z_kheap_init_##name(void)        \
    {                                                                         \
        k_heap_init(&name, z_kheap_mem_##name, sizeof z_kheap_mem_##name);    \
    }                                                                         \
    extern struct k_heap name

/**
 * \~english
 * @brief Allocate @p bytes aligned to @p align, waiting for room up to
 *        @p timeout.
 * @param h the heap.
 * @param align a power of two, or 0 for the default (8 bytes), or Zephyr's
 *        `align | rew` with a whole-word rewind (see
 *        %sys_heap_aligned_alloc()).
 * @param bytes the size.
 * @param timeout how long to wait: K_NO_WAIT, K_FOREVER, K_MSEC(n) or
 *        K_TICKS(n). It becomes a deadline once; waking up and retrying
 *        never extends it.
 * @return the block, or NULL when the deadline passed without room, or at
 *         once for bad input (@p bytes 0 or too large, @p align not valid,
 *         with a diagnostic).
 * @par Bad input
 * From an interrupt handler only K_NO_WAIT is allowed: any other timeout
 * fails an assertion in a debug build and returns NULL otherwise. A NULL
 * @p h, or a heap whose buffer was refused, gets NULL at once (the first
 * with a diagnostic). A request larger than the heap's whole buffer can
 * never fit and gets NULL at once, whatever its timeout, on every word size
 * (sizes near SIZE_MAX included); Zephyr would wait it out. A request that
 * fits the buffer but not the room left waits.
 * @par Cost
 * O(1) per attempt; one attempt at the start and one after each
 * %k_heap_free() while waiting.
 * @par Context
 * Thread; interrupt with K_NO_WAIT only.
 * \~chinese
 * @brief 分配 @p bytes 字节，按 @p align 对齐；空间不足时最多等待
 *        @p timeout。
 * @param h 堆。
 * @param align 2 的幂，或 0 表示默认值（8 字节），或 Zephyr 的
 *        `align | rew`，其回退量为整数个字（见 %sys_heap_aligned_alloc()）。
 * @param bytes 大小。
 * @param timeout 最多等待多久：K_NO_WAIT、K_FOREVER、K_MSEC(n) 或
 *        K_TICKS(n)。它只换算一次成截止时刻，被唤醒后重试不会推迟它。
 * @return 内存块；截止时刻已过仍无空间时返回 NULL；错误输入（@p bytes 为 0
 *         或过大，@p align 无效，打印诊断信息）立即返回 NULL。
 * @par 错误输入
 * 中断处理函数中只允许 K_NO_WAIT：其他超时在调试构建中触发断言，否则返回
 * NULL。@p h 为 NULL，或堆的缓冲区曾被拒绝时，立即返回 NULL（前者打印诊断
 * 信息）。比堆的整个缓冲区还大的请求永远放不下，不论超时是多少，在任何
 * 字长上都立即返回 NULL（包括接近 SIZE_MAX 的大小）；Zephyr 会一直等到
 * 超时。放得进缓冲区、但此刻剩余空间不够的请求会等待。
 * @par 开销
 * 每次尝试 O(1)；开头尝试一次，等待期间每次 %k_heap_free() 之后再尝试一次。
 * @par 调用上下文
 * 线程上下文；中断上下文仅限 K_NO_WAIT。
 */
void *k_heap_aligned_alloc(struct k_heap *h, size_t align, size_t bytes, k_timeout_t timeout);

/**
 * \~english
 * @brief Allocate @p bytes (8-byte aligned), waiting up to @p timeout.
 * @param h the heap.
 * @param bytes the size.
 * @param timeout how long to wait.
 * @return the block, or NULL as %k_heap_aligned_alloc().
 * @par Cost
 * As %k_heap_aligned_alloc().
 * @par Context
 * Thread; interrupt with K_NO_WAIT only.
 * \~chinese
 * @brief 分配 @p bytes 字节（按 8 字节对齐），最多等待 @p timeout。
 * @param h 堆。
 * @param bytes 大小。
 * @param timeout 最多等待多久。
 * @return 内存块；返回 NULL 的情况同 %k_heap_aligned_alloc()。
 * @par 开销
 * 同 %k_heap_aligned_alloc()。
 * @par 调用上下文
 * 线程上下文；中断上下文仅限 K_NO_WAIT。
 */
void *k_heap_alloc(struct k_heap *h, size_t bytes, k_timeout_t timeout);

/**
 * \~english
 * @brief Allocate an array of @p num elements of @p size bytes, zeroed.
 * @param h the heap.
 * @param num the number of elements.
 * @param size the size of one.
 * @param timeout how long to wait.
 * @return the zeroed block, or NULL when @p num x @p size overflows a
 *         size_t, or as %k_heap_alloc().
 * @par Cost
 * As %k_heap_alloc(), plus zeroing.
 * @par Context
 * Thread; interrupt with K_NO_WAIT only.
 * \~chinese
 * @brief 分配 @p num 个 @p size 字节的元素组成的数组，并清零。
 * @param h 堆。
 * @param num 元素个数。
 * @param size 每个元素的大小。
 * @param timeout 最多等待多久。
 * @return 清零后的内存块；@p num × @p size 超出 size_t 时返回 NULL；
 *         其余同 %k_heap_alloc()。
 * @par 开销
 * 同 %k_heap_alloc()，另加清零的开销。
 * @par 调用上下文
 * 线程上下文；中断上下文仅限 K_NO_WAIT。
 */
void *k_heap_calloc(struct k_heap *h, size_t num, size_t size, k_timeout_t timeout);

/**
 * \~english
 * @brief Resize a block, waiting for room up to @p timeout.
 *
 * While it waits, the old block stays valid and untouched. A realloc that
 * gives memory back (the block shrank, or moved and its old place is free)
 * wakes the heap's waiters as %k_heap_free() does.
 * @param h the heap.
 * @param ptr a block of @p h, or NULL (then it is %k_heap_alloc()).
 * @param bytes the new size; 0 frees @p ptr (waking the waiters) and
 *        returns NULL.
 * @param timeout how long to wait.
 * @return the block's new address; NULL when the deadline passed (@p ptr is
 *         still valid), @p bytes is larger than the heap's buffer (at
 *         once), @p ptr is not a block in use of @p h (with a diagnostic),
 *         or at once when @p h is NULL (with a diagnostic) or its buffer
 *         was refused.
 * @par Cost
 * As %k_heap_alloc(), plus copying when the block moves.
 * @par Context
 * Thread; interrupt with K_NO_WAIT only.
 * \~chinese
 * @brief 调整内存块大小；空间不足时最多等待 @p timeout。
 *
 * 等待期间旧的内存块保持有效、内容不变。归还了内存的 realloc（块缩小了，
 * 或者搬移后旧位置空闲了）会像 %k_heap_free() 一样唤醒该堆的等待者。
 * @param h 堆。
 * @param ptr @p h 中的内存块，或 NULL（此时等同 %k_heap_alloc()）。
 * @param bytes 新的大小；为 0 时释放 @p ptr（并唤醒等待者）并返回 NULL。
 * @param timeout 最多等待多久。
 * @return 内存块的新地址；以下情况返回 NULL：截止时刻已过（@p ptr 仍然
 *         有效），@p bytes 比堆的缓冲区还大（立即返回），或 @p ptr 不是
 *         @p h 中正在使用的块（打印诊断信息）；@p h 为 NULL（打印诊断信息）或其缓冲区曾被拒绝时，
 *         立即返回 NULL。
 * @par 开销
 * 同 %k_heap_alloc()，块需要搬移时另加复制的开销。
 * @par 调用上下文
 * 线程上下文；中断上下文仅限 K_NO_WAIT。
 */
void *k_heap_realloc(struct k_heap *h, void *ptr, size_t bytes, k_timeout_t timeout);

/**
 * \~english
 * @brief Give a block back and wake every thread waiting on the heap.
 *
 * All waiters wake, not one: the freed room may fit a waiter behind the
 * first, and the first may not fit at all. Each retries in priority order;
 * those that still do not fit wait again until their own deadline.
 * @param h the heap.
 * @param mem a block of @p h, or NULL (nothing happens).
 * @par Bad input
 * A pointer that is not a block in use of @p h is refused with the pool's
 * diagnostic; the heap is unchanged and nobody is woken. A NULL @p h gets a
 * diagnostic.
 * @par Cost
 * O(1) for the block, plus O(waiters) to wake them.
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 归还一个内存块，并唤醒所有在该堆上等待的线程。
 *
 * 唤醒全部而不是一个：释放出的空间也许恰好适合排在后面的等待者，而第一个
 * 等待者也许根本放不下。它们按优先级依次重试；仍然放不下的再次等待，直到
 * 各自的截止时刻。
 * @param h 堆。
 * @param mem @p h 中的内存块，或 NULL（什么也不做）。
 * @par 错误输入
 * 不是 @p h 中正在使用的块的指针会被拒绝并打印内存池的诊断信息；堆保持
 * 不变，也不唤醒任何线程。@p h 为 NULL 时打印诊断信息。
 * @par 开销
 * 归还内存块 O(1)，另加唤醒等待者的 O(等待者数)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void k_heap_free(struct k_heap *h, void *mem);

/**
 * \~english
 * @brief Bytes a caller may use at @p mem, when it is a block in use of
 *        @p h: Zephyr's %sys_heap_usable_size() under the heap's lock.
 *
 * Kit-internal: stage 5 asks it whether a heap owns a pointer.
 * @param h the heap.
 * @param mem the pointer.
 * @return the usable bytes, or 0 (quietly) when @p mem is not a block in use
 *         of @p h, or @p h is NULL or has no pool.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 当 @p mem 是 @p h 中正在使用的块时，调用者在那里可以使用的字节数：
 *        即在堆的锁保护下调用 Zephyr 的 %sys_heap_usable_size()。
 *
 * 套件内部函数：阶段五用它询问某个堆是否拥有一个指针。
 * @param h 堆。
 * @param mem 指针。
 * @return 可用字节数；@p mem 不是 @p h 中正在使用的块，或 @p h 为 NULL、
 *         没有内存池时返回 0（不打印诊断信息）。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
size_t z_k_heap_usable_size(struct k_heap *h, void *mem);

#endif
