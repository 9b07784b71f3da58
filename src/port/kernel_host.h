/**
 * @file kernel_host.h
 * \~english
 * @brief The host's part of a thread: a POSIX thread and the condition
 *        variable it sleeps on.
 *
 * Included by %kernel.h on the host; nothing else includes it.
 * \~chinese
 * @brief 线程在宿主机上的私有部分：一个 POSIX 线程，以及它睡眠时等待的
 *        条件变量。
 *
 * 在宿主机上由 %kernel.h 包含，其他文件不直接包含它。
 */
#ifndef KIT_KERNEL_HOST_H
#define KIT_KERNEL_HOST_H

#include <pthread.h>
#include <stdint.h>

/**
 * \~english
 * @brief A thread's host-side state.
 *
 * Invariant: @c cond is initialised (on CLOCK_MONOTONIC) when
 * @c cond_ready is set; the thread waits on it, with the kernel mutex, while
 * it is Z_PENDING, and whoever wakes it signals it.
 * \~chinese
 * @brief 线程在宿主机上的状态。
 *
 * 不变式：@c cond_ready 置位时 @c cond 已初始化（基于 CLOCK_MONOTONIC）；
 * 线程处于 Z_PENDING 时持内核互斥锁在它上面等待，唤醒者向它发信号。
 */
struct z_thread_arch {
    /** \~english @brief the POSIX thread \~chinese @brief POSIX 线程 */
    pthread_t tid;
    /** \~english @brief where the thread waits \~chinese @brief 线程在此等待 */
    pthread_cond_t cond;
    /** \~english @brief cond is initialised \~chinese @brief cond 已初始化 */
    int cond_ready;
};

/** \~english @brief A thread stack; the host gives each thread its own, so
 *         this is only a placeholder.
 *  \~chinese @brief 线程栈；宿主机为每个线程分配自己的栈，所以这里只是
 *         占位。 */
typedef uint64_t k_thread_stack_t;

/** \~english @brief Define a (placeholder) thread stack.
 *  \~chinese @brief 定义一个（占位的）线程栈。 */
#define K_THREAD_STACK_DEFINE(sym, size) static k_thread_stack_t sym[1]
/** \~english @brief The size of a stack from K_THREAD_STACK_DEFINE().
 *  \~chinese @brief 由 K_THREAD_STACK_DEFINE() 定义的栈的大小。 */
#define K_THREAD_STACK_SIZEOF(sym) sizeof(sym)

#endif
