/**
 * @file kernel_target.h
 * \~english
 * @brief The target's part of a thread: its saved stack pointer, and how
 *        thread stacks are defined.
 *
 * Included by kernel.h on the Cortex-M3; nothing else includes it.
 * \~chinese
 * @brief 线程在目标板上的私有部分：保存的栈指针，以及线程栈的定义方式。
 *
 * 在 Cortex-M3 上由 kernel.h 包含，其他文件不直接包含它。
 */
#ifndef KIT_KERNEL_TARGET_H
#define KIT_KERNEL_TARGET_H

#include <stdint.h>

/**
 * \~english
 * @brief A thread's saved context on the target.
 *
 * Invariant: while the thread is not running, @c sp points at its saved
 * registers r4-r11, above which lies the frame the core stacked on
 * exception entry (r0-r3, r12, lr, pc, xPSR). It must stay the first member
 * of struct k_thread: PendSV reaches it at offset 0. @c stack_limit holds
 * the stack guard value as long as the thread never overflowed its stack.
 * \~chinese
 * @brief 线程在目标板上保存的上下文。
 *
 * 不变式：线程不在运行时，@c sp 指向它保存的寄存器 r4-r11，再往上是内核
 * 在进入异常时自动压栈的帧（r0-r3、r12、lr、pc、xPSR）。它必须是
 * struct k_thread 的第一个成员：PendSV 在偏移 0 处访问它。只要线程从未
 * 栈溢出，@c stack_limit 处就保存着栈保护值。
 */
struct z_thread_arch {
    /** \~english @brief saved process stack pointer
     *  \~chinese @brief 保存的进程栈指针（PSP） */
    uint32_t *sp;
    /** \~english @brief next thread in the list of all threads
     *  \~chinese @brief 全体线程链表中的下一个线程 */
    struct k_thread *all_next;
    /** \~english @brief lowest word of the stack, holding a guard value
     *  \~chinese @brief 栈的最低一个字，存放保护值 */
    uint32_t *stack_limit;
};

/** \~english @brief One element of a thread stack (8-byte aligned, as the
 *         AAPCS requires at a public interface).
 *  \~chinese @brief 线程栈的一个单元（按 8 字节对齐，这是 AAPCS 对公开
 *         接口处栈的要求）。 */
typedef uint64_t k_thread_stack_t;

/** \~english @brief Define a thread stack of @p size bytes.
 *  \~chinese @brief 定义一个 @p size 字节的线程栈。 */
#define K_THREAD_STACK_DEFINE(sym, size) static k_thread_stack_t sym[((size) + 7) / 8]
/** \~english @brief The size in bytes of a stack from K_THREAD_STACK_DEFINE().
 *  \~chinese @brief 由 K_THREAD_STACK_DEFINE() 定义的栈的字节数。 */
#define K_THREAD_STACK_SIZEOF(sym) sizeof(sym)

#endif
