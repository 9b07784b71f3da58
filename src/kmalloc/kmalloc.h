/**
 * @file kmalloc.h
 * \~english
 * @brief Stage 5: the k_malloc family, Zephyr's libc-style calls on top of
 *        k_heap, with the system heap and per-thread resource pools.
 *
 * %k_free() takes only a pointer, yet the block must go back to the heap it
 * came from. So every block handed out here carries its heap's address in
 * the word just below the pointer the caller gets:
 *
 * @verbatim
   block from the heap (k_heap / sys_heap / TLSF pool)
   +--------+-- ... --+----------+------------+------------------------+
   | header | (front) | gap rec. | heap ptr   | bytes for the caller   |
   +--------+-- ... --+----------+------------+------------------------+
                                 ^ p          ^ p + sizeof(void *)
                                                aligned as asked
   @endverbatim
 *
 * The heap is asked for `size + sizeof(void *)` bytes with the alignment
 * word `align | sizeof(void *)`: the "rewind" in the low bit asks for a
 * block p such that p + sizeof(void *) is aligned. The heap pointer fills
 * the word at p and the caller's bytes start aligned right after it, so no
 * padding is spent on it. For %k_malloc() (align = sizeof(void *)) there
 * is no rewind: the heap's usual block holds the pointer first.
 *
 * The system heap is a k_heap of #CONFIG_HEAP_MEM_POOL_SIZE bytes defined
 * at build time; with 0 there is none, and the calls that use it return
 * NULL. Threads may be given a heap of their own (a resource pool), which
 * %z_thread_aligned_alloc() uses; an interrupt handler always uses the
 * system heap.
 *
 * Every heap this family takes a block from goes on a list linked through
 * the heaps themselves (k_heap::z_kmalloc_next), so there is no limit on
 * how many there are; such a heap must live as long as the program, as one
 * from %K_HEAP_DEFINE() does.
 * \~chinese
 * @brief 阶段五：k_malloc 系列，即建立在 k_heap 之上、风格类似 libc 的
 *        Zephyr 接口，以及系统堆和每个线程的资源池。
 *
 * %k_free() 只接收一个指针，可内存块必须回到它来自的那个堆。因此这里分配
 * 出去的每个内存块，都在交给调用者的指针正下方那个字里保存它所属堆的地址
 * （见上图：块头、可能的前部、间隙记录、堆指针，然后是调用者的字节）。
 *
 * 向堆申请 `size + sizeof(void *)` 字节，对齐字为 `align | sizeof(void *)`：
 * 低位的"回退量"要求得到一个内存块 p，使 p + sizeof(void *) 对齐。堆指针
 * 占据 p 处的那个字，调用者的字节紧随其后并且已经对齐，因此不为它花费任何
 * 填充。对 %k_malloc()（align = sizeof(void *)）来说没有回退量：堆的普通
 * 内存块先放堆指针。
 *
 * 系统堆是构建时定义的、大小为 #CONFIG_HEAP_MEM_POOL_SIZE 字节的 k_heap；
 * 为 0 时没有系统堆，使用它的调用都返回 NULL。线程可以拥有自己的堆（资源
 * 池），由 %z_thread_aligned_alloc() 使用；中断处理函数总是使用系统堆。
 *
 * 本系列取过内存块的每个堆都挂在一条经由堆本身链接的链表上
 * （k_heap::z_kmalloc_next），因此堆的个数没有上限；这样的堆必须与程序活得
 * 一样久，就像 %K_HEAP_DEFINE() 定义的堆那样。
 */
#ifndef KIT_KMALLOC_H
#define KIT_KMALLOC_H

#include <stdbool.h>
#include <stddef.h>

#include "kheap.h"

#ifndef CONFIG_HEAP_MEM_POOL_SIZE
/** \~english @brief Bytes of the system heap, fixed at build time
 *         (`-DCONFIG_HEAP_MEM_POOL_SIZE=n`); 0 means no system heap.
 *  \~chinese @brief 系统堆的字节数，构建时确定
 *         （`-DCONFIG_HEAP_MEM_POOL_SIZE=n`）；0 表示没有系统堆。 */
#define CONFIG_HEAP_MEM_POOL_SIZE 16384
#endif

#if CONFIG_HEAP_MEM_POOL_SIZE > 0
/** \~english @brief The system heap (only when #CONFIG_HEAP_MEM_POOL_SIZE
 *         is above 0).
 *  \~chinese @brief 系统堆（仅当 #CONFIG_HEAP_MEM_POOL_SIZE 大于 0 时存在）。 */
extern struct k_heap _system_heap;
#endif

/**
 * \~english
 * @brief Add two sizes, telling whether the sum overflowed (Zephyr's
 *        math_extras name).
 * @param a first term.
 * @param b second term.
 * @param result receives the sum, wrapped on overflow.
 * @return true when the sum does not fit a size_t.
 * @par Cost
 * O(1).
 * @par Context
 * Any.
 * \~chinese
 * @brief 两个大小相加，并告知和是否溢出（名字取自 Zephyr 的 math_extras）。
 * @param a 第一个加数。
 * @param b 第二个加数。
 * @param result 得到和；溢出时为回绕后的值。
 * @return 和超出 size_t 时返回 true。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 任意。
 */
static inline bool size_add_overflow(size_t a, size_t b, size_t *result)
{
    return __builtin_add_overflow(a, b, result);
}

/**
 * \~english
 * @brief Multiply two sizes, telling whether the product overflowed
 *        (Zephyr's math_extras name).
 * @param a first factor.
 * @param b second factor.
 * @param result receives the product, wrapped on overflow.
 * @return true when the product does not fit a size_t.
 * @par Cost
 * O(1).
 * @par Context
 * Any.
 * \~chinese
 * @brief 两个大小相乘，并告知积是否溢出（名字取自 Zephyr 的 math_extras）。
 * @param a 第一个因数。
 * @param b 第二个因数。
 * @param result 得到积；溢出时为回绕后的值。
 * @return 积超出 size_t 时返回 true。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 任意。
 */
static inline bool size_mul_overflow(size_t a, size_t b, size_t *result)
{
    return __builtin_mul_overflow(a, b, result);
}

/**
 * \~english
 * @brief Allocate @p size bytes aligned to @p align from the system heap.
 * @param align a power of two and a multiple of sizeof(void *).
 * @param size the bytes wanted.
 * @return the block, or NULL when there is no system heap, no room (it
 *         never waits), @p size is too large, or @p align breaks the rule
 *         above (with a diagnostic; Zephyr asserts instead). A @p size of 0
 *         gets a block, as in Zephyr: the heap pointer is in it, and
 *         %k_free() takes it back.
 * @par Cost
 * O(1), plus O(heaps on the list) to find the heap on it.
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 从系统堆分配 @p size 字节，按 @p align 对齐。
 * @param align 2 的幂，且是 sizeof(void *) 的倍数。
 * @param size 需要的字节数。
 * @return 内存块；以下情况返回 NULL：没有系统堆，空间不足（从不等待），
 *         @p size 过大，或 @p align 违反上述规则（打印诊断信息；Zephyr 在
 *         这里用断言）。@p size 为 0 时与 Zephyr 一样得到一个内存块：其中
 *         放着堆指针，%k_free() 可以收回它。
 * @par 开销
 * O(1)，另加在链表上查找堆的 O(链表上的堆数)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *k_aligned_alloc(size_t align, size_t size);

/**
 * \~english
 * @brief Allocate @p size bytes from the system heap, aligned to
 *        sizeof(void *) as Zephyr's is.
 *
 * On the 64-bit host that is 8 bytes; on the 32-bit target it is 4, the one
 * place where the kit's blocks are not 8-byte aligned: the heap pointer
 * takes the first word of an 8-byte aligned block. Ask %k_aligned_alloc()
 * for 8 when that matters.
 * @param size the bytes wanted.
 * @return the block, or NULL as %k_aligned_alloc().
 * @par Cost
 * As %k_aligned_alloc().
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 从系统堆分配 @p size 字节，与 Zephyr 一样按 sizeof(void *) 对齐。
 *
 * 在 64 位宿主机上是 8 字节；在 32 位目标板上是 4 字节，这是本套件中唯一
 * 不按 8 字节对齐的内存块：堆指针占据一个按 8 字节对齐的块的第一个字。
 * 需要 8 字节对齐时请用 %k_aligned_alloc() 申请 8。
 * @param size 需要的字节数。
 * @return 内存块；返回 NULL 的情况同 %k_aligned_alloc()。
 * @par 开销
 * 同 %k_aligned_alloc()。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *k_malloc(size_t size);

/**
 * \~english
 * @brief Allocate a zeroed array of @p nmemb elements of @p size bytes
 *        from the system heap.
 * @param nmemb the number of elements.
 * @param size the size of one.
 * @return the zeroed block, or NULL when @p nmemb x @p size overflows, or
 *         as %k_malloc().
 * @par Cost
 * As %k_malloc(), plus zeroing.
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 从系统堆分配由 @p nmemb 个 @p size 字节的元素组成、已清零的数组。
 * @param nmemb 元素个数。
 * @param size 每个元素的大小。
 * @return 清零后的内存块；@p nmemb × @p size 溢出时返回 NULL；其余同
 *         %k_malloc()。
 * @par 开销
 * 同 %k_malloc()，另加清零的开销。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *k_calloc(size_t nmemb, size_t size);

/**
 * \~english
 * @brief Resize a block from this family, in the heap it came from.
 *
 * The data are kept up to the smaller size; so are the block's alignment
 * and the heap pointer below it, which moves with the block.
 * @param ptr a block from this family, or NULL (then it is %k_malloc()).
 * @param size the new size; 0 frees @p ptr and returns NULL.
 * @return the block's new address, or NULL when there is no room (@p ptr
 *         is untouched and still valid), the size overflows, or @p ptr
 *         carries no heap pointer (with a diagnostic).
 * @par Cost
 * O(1), plus copying when the block moves.
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 在内存块来自的堆中调整本系列内存块的大小。
 *
 * 数据按较小的大小保留；内存块的对齐方式以及其下方的堆指针也都保留，堆指针
 * 随内存块一起移动。
 * @param ptr 本系列的内存块，或 NULL（此时等同 %k_malloc()）。
 * @param size 新的大小；为 0 时释放 @p ptr 并返回 NULL。
 * @return 内存块的新地址；以下情况返回 NULL：空间不足（@p ptr 原样保留、
 *         仍然有效），大小溢出，或 @p ptr 下方没有堆指针（打印诊断信息）。
 * @par 开销
 * O(1)，块需要搬移时另加复制的开销。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *k_realloc(void *ptr, size_t size);

/**
 * \~english
 * @brief Give a block from this family back to the heap it came from,
 *        whichever heap that is.
 * @param ptr a block from %k_malloc(), %k_calloc(), %k_realloc(),
 *        %k_aligned_alloc() or %z_thread_aligned_alloc(), or NULL (nothing
 *        happens).
 * @par Bad input
 * A pointer is judged by its address before anything below it is read: one
 * that lies in none of the heaps this family allocated from (from the C
 * library's malloc(), a static buffer, the first byte of a page whose
 * neighbour below is not mapped) is refused with a diagnostic and nothing
 * is read through it. Inside a heap, a pointer whose word below is not that
 * heap's address (a block from %k_heap_alloc(), whose word below is its
 * header; an overwritten heap pointer) is refused with a diagnostic and
 * nothing is freed. A double free is refused too: the
 * first free put a free-list link where the heap pointer was, or, when that
 * word still names the heap, the heap's own check refuses the block.
 * @par Cost
 * O(heaps on the list) to check the heap pointer, then as %k_heap_free().
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 把本系列的内存块归还给它来自的那个堆，无论是哪个堆。
 * @param ptr 来自 %k_malloc()、%k_calloc()、%k_realloc()、%k_aligned_alloc()
 *        或 %z_thread_aligned_alloc() 的内存块，或 NULL（什么也不做）。
 * @par 错误输入
 * 先按地址判断指针，然后才读取它下方的任何内容：不在本系列分配过的任何
 * 一个堆之内的指针（来自 C 库的 malloc()、静态缓冲区，或者下方相邻页没有
 * 映射的某页的第一个字节）会被拒绝并打印诊断信息，不会经由它读取任何
 * 内容。位于某个堆之内、但下方那个字不是该堆地址的指针（来自
 * %k_heap_alloc() 的内存块，其下方是块头；被改写的堆指针），会被拒绝并打印
 * 诊断信息，什么也不释放。重复释放同样会被拒绝：第一次释放已经在堆指针所在
 * 的位置写入了空闲链表指针；如果那个字仍然指向该堆，则由堆自己的检查拒绝
 * 这个内存块。
 * @par 开销
 * 检查堆指针 O(链表上的堆数)，其余同 %k_heap_free()。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void k_free(void *ptr);

/**
 * \~english
 * @brief Make @p heap the resource pool of @p thread (NULL: it has none).
 *
 * The pool is kept in the thread's structure (k_thread::resource_pool), as
 * in Zephyr, and a thread made by %k_thread_create() starts with its
 * creator's: a structure that is reused never carries the pool of the
 * thread that had it before. Assign a thread's pool before it first
 * allocates (Zephyr creates it with a start delay for this; the kit has
 * none, so give the creator the pool, or the thread itself).
 * @param thread the thread.
 * @param heap its pool, or NULL.
 * @par Bad input
 * A NULL @p thread is refused with a diagnostic.
 * @par Cost
 * O(1).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 把 @p heap 指定为 @p thread 的资源池（NULL 表示没有资源池）。
 *
 * 与 Zephyr 相同，资源池保存在线程结构体中（k_thread::resource_pool），
 * 由 %k_thread_create() 创建的线程一开始就取得创建者的资源池：重用的结构体
 * 绝不会带着前一个线程的资源池。请在线程第一次分配之前指定资源池（Zephyr
 * 为此以启动延迟创建线程；本套件没有启动延迟，所以把资源池交给创建者，或者
 * 由线程自己指定）。
 * @param thread 线程。
 * @param heap 它的资源池，或 NULL。
 * @par 错误输入
 * @p thread 为 NULL 时被拒绝，并打印诊断信息。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程上下文。
 */
void k_thread_heap_assign(struct k_thread *thread, struct k_heap *heap);

/**
 * \~english
 * @brief Make the system heap the resource pool of @p thread.
 * @param thread the thread.
 * @par Bad input
 * As %k_thread_heap_assign(). Without a system heap the thread is left with
 * no pool (Zephyr has no such call then).
 * @par Cost
 * O(1).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 把系统堆指定为 @p thread 的资源池。
 * @param thread 线程。
 * @par 错误输入
 * 同 %k_thread_heap_assign()。没有系统堆时线程没有资源池（此时 Zephyr 不提供
 * 这个函数）。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程上下文。
 */
void k_thread_system_pool_assign(struct k_thread *thread);

/**
 * \~english
 * @brief Allocate on behalf of the caller: from the system heap inside an
 *        interrupt handler, else from the current thread's resource pool.
 *
 * Zephyr's kernel objects use it (message queues, pipes, ...) to take
 * memory that is charged to the thread asking for it.
 * @param align the alignment: 0 or a power of two (smaller than
 *        sizeof(void *) counts as sizeof(void *)); anything else gets NULL
 *        and a diagnostic (Zephyr asserts).
 * @param size the bytes wanted.
 * @return the block, freed with %k_free(); NULL for a thread with no pool,
 *         in an interrupt when there is no system heap, or as
 *         %k_aligned_alloc().
 * @par Cost
 * As %k_aligned_alloc(); the pool is found in O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 代表调用者分配内存：在中断处理函数中从系统堆分配，否则从当前线程
 *        的资源池分配。
 *
 * Zephyr 的内核对象（消息队列、管道等）用它申请记在请求线程名下的内存。
 * @param align 对齐值：0 或 2 的幂（小于 sizeof(void *) 时按 sizeof(void *)
 *        算）；其他值返回 NULL 并打印诊断信息（Zephyr 用断言）。
 * @param size 需要的字节数。
 * @return 内存块，用 %k_free() 释放；以下情况返回 NULL：线程没有资源池，在
 *         中断中而没有系统堆，或同 %k_aligned_alloc() 的情况。
 * @par 开销
 * 同 %k_aligned_alloc()；查找资源池为 O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *z_thread_aligned_alloc(size_t align, size_t size);

/**
 * \~english
 * @brief Allocate @p size bytes from the current thread's resource pool
 *        (%z_thread_aligned_alloc() with no particular alignment).
 * @param size the bytes wanted.
 * @return the block, or NULL as %z_thread_aligned_alloc().
 * @par Cost
 * As %z_thread_aligned_alloc().
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 从当前线程的资源池分配 @p size 字节（不要求特别对齐的
 *        %z_thread_aligned_alloc()）。
 * @param size 需要的字节数。
 * @return 内存块；返回 NULL 的情况同 %z_thread_aligned_alloc()。
 * @par 开销
 * 同 %z_thread_aligned_alloc()。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void *z_thread_malloc(size_t size);

#endif
