/**
 * @file kernel.h
 * \~english
 * @brief The kernel services a blocking heap needs: a lock, wait queues,
 *        timeouts, the tick clock and threads, under Zephyr's names.
 *
 * Stage 4 and stage 5 are written against this header and nothing else of
 * a kernel. It has two backends:
 * - qemu/%kernel.c: a small preemptive priority scheduler for the
 *   Cortex-M3 (context switch in PendSV, a 1 kHz SysTick, an idle thread);
 * - src/port/host/%kernel_host.c: POSIX threads, one mutex and one
 *   condition variable per thread, timed on `CLOCK_MONOTONIC`, so the same
 *   heap code runs under ThreadSanitizer.
 *
 * The shape of the blocking calls follows Zephyr's kernel: a caller takes a
 * spinlock, finds it must wait, and calls %z_pend_curr(), which puts it on a
 * wait queue and releases the lock in one step, so no wake-up can slip in
 * between. Whoever makes the awaited thing possible calls %z_unpend_all()
 * under the same lock, then %z_reschedule().
 *
 * Priorities are integers; a smaller number is more urgent (as in Zephyr).
 * \~chinese
 * @brief 阻塞式堆所需的内核服务：锁、等待队列、超时、节拍时钟与线程，
 *        名字沿用 Zephyr。
 *
 * 阶段四与阶段五只依赖这个头文件中的内核接口。它有两个后端：
 * - qemu/%kernel.c：面向 Cortex-M3 的小型抢占式优先级调度器（在 PendSV
 *   中切换上下文，SysTick 频率 1 kHz，另有一个空闲线程）；
 * - src/port/host/%kernel_host.c：POSIX 线程，一把互斥锁，每个线程一个
 *   条件变量，按 `CLOCK_MONOTONIC` 计时，于是同一份堆代码可以在
 *   ThreadSanitizer 下运行。
 *
 * 阻塞调用的形状与 Zephyr 内核相同：调用者先拿自旋锁，发现需要等待时调用
 * %z_pend_curr()，它把线程挂到等待队列上并在同一步里释放锁，因此任何唤醒
 * 都不会从两者之间漏掉。使等待条件成立的一方在同一把锁下调用
 * %z_unpend_all()，然后调用 %z_reschedule()。
 *
 * 优先级是整数，数值越小越紧急（与 Zephyr 相同）。
 */
#ifndef KIT_KERNEL_H
#define KIT_KERNEL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "port.h"

/* ------------------------------------------------------------ time */

#if defined(__arm__)
/** \~english @brief Ticks per second: the target's SysTick runs at 1 kHz.
 *  \~chinese @brief 每秒节拍数：目标板的 SysTick 频率为 1 kHz。 */
#define CONFIG_SYS_CLOCK_TICKS_PER_SEC 1000
#else
/* On the host a tick is 10 ms, so that the scheduling delay of a loaded
 * machine stays inside one tick and the timing tests hold there too. */
#define CONFIG_SYS_CLOCK_TICKS_PER_SEC 100
#endif

/** \~english @brief A count of ticks (signed, 64 bits: it never wraps).
 *  \~chinese @brief 节拍数（有符号 64 位，不会回绕）。 */
typedef int64_t k_ticks_t;

/** \~english @brief The tick count that means "never".
 *  \~chinese @brief 表示"永不"的节拍数。 */
#define K_TICKS_FOREVER ((k_ticks_t)-1)

/**
 * \~english
 * @brief How long a blocking call may wait, relative to the call.
 *
 * Invariant: @c ticks is #K_TICKS_FOREVER, or a count of ticks >= 0. A
 * timeout of n ticks ends at the n-th tick interrupt after the call, so the
 * time actually waited lies between n-1 and n tick periods. (Zephyr adds
 * one tick to make it at least n; the kit does not, so a deadline
 * recomputed from a time point is exact, see sys_timepoint_timeout().)
 * \~chinese
 * @brief 阻塞调用最多可以等待多久（相对于调用时刻）。
 *
 * 不变式：@c ticks 为 #K_TICKS_FOREVER，或者是一个大于等于 0 的节拍数。
 * n 个节拍的超时在调用之后的第 n 次节拍中断时结束，所以实际等待的时间在
 * n-1 到 n 个节拍周期之间。（Zephyr 会多加一个节拍以保证至少等待 n 个周期；
 * 本套件不加，这样由时间点重新算出的截止时刻是精确的，见
 * sys_timepoint_timeout()。）
 */
typedef struct {
    /** \~english @brief ticks to wait, or K_TICKS_FOREVER
     *  \~chinese @brief 要等待的节拍数，或 K_TICKS_FOREVER */
    k_ticks_t ticks;
} k_timeout_t;

/** \~english @brief Do not wait at all.
 *  \~chinese @brief 完全不等待。 */
#define K_NO_WAIT ((k_timeout_t){ 0 })
/** \~english @brief Wait as long as it takes.
 *  \~chinese @brief 一直等下去，直到条件成立。 */
#define K_FOREVER ((k_timeout_t){ K_TICKS_FOREVER })
/** \~english @brief Wait @p t ticks.
 *  \~chinese @brief 等待 @p t 个节拍。 */
#define K_TICKS(t) ((k_timeout_t){ (k_ticks_t)(t) })
/**
 * \~english
 * @brief Milliseconds to whole ticks, rounded up; a count too large to
 *        convert without overflow becomes the largest tick count, which
 *        waits as K_FOREVER does (z_deadline_after()).
 * @param ms the milliseconds.
 * @return the ticks.
 * \~chinese
 * @brief 把毫秒换算为整数个节拍（向上取整）；大到换算会溢出的毫秒数变为
 *        最大的节拍数，它与 K_FOREVER 一样等待（z_deadline_after()）。
 * @param ms 毫秒数。
 * @return 节拍数。
 */
static inline k_ticks_t z_ms_to_ticks(int64_t ms)
{
    if (ms <= 0) {
        return 0;
    }
    if (ms > (INT64_MAX - 999) / CONFIG_SYS_CLOCK_TICKS_PER_SEC) {
        return INT64_MAX;
    }
    return (ms * CONFIG_SYS_CLOCK_TICKS_PER_SEC + 999) / 1000;
}

/** \~english @brief Wait @p ms milliseconds, rounded up to whole ticks.
 *  \~chinese @brief 等待 @p ms 毫秒，向上取整为整数个节拍。 */
#define K_MSEC(ms) K_TICKS(z_ms_to_ticks(ms))
/** \~english @brief Whether two timeouts are the same.
 *  \~chinese @brief 判断两个超时是否相同。 */
#define K_TIMEOUT_EQ(a, b) ((a).ticks == (b).ticks)

/**
 * \~english
 * @brief The ticks counted since the kernel started.
 * @return the tick count; it only grows.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 内核启动以来的节拍数。
 * @return 节拍数，只增不减。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
k_ticks_t k_uptime_ticks(void);

/** \~english @brief Zephyr's lower-level name for %k_uptime_ticks().
 *  \~chinese @brief %k_uptime_ticks() 在 Zephyr 底层的名字。 */
#define sys_clock_tick_get() k_uptime_ticks()

/**
 * \~english
 * @brief An absolute point in time, in ticks: a timeout fixed once.
 *
 * Invariant: @c tick is #K_TICKS_FOREVER, or the tick count at which the
 * wait ends.
 * \~chinese
 * @brief 以节拍计的绝对时间点：只换算一次的超时。
 *
 * 不变式：@c tick 为 #K_TICKS_FOREVER，或者是等待结束时的节拍计数。
 */
typedef struct {
    /** \~english @brief the deadline tick, or K_TICKS_FOREVER
     *  \~chinese @brief 截止节拍，或 K_TICKS_FOREVER */
    k_ticks_t tick;
} k_timepoint_t;

/**
 * \~english
 * @brief The tick at which a wait of @p timeout that begins at tick @p now
 *        ends, saturating: a deadline too far to count in a k_ticks_t is
 *        "never".
 *
 * Both backends and sys_timepoint_calc() add a timeout to the clock through
 * this one call, so no sum can overflow: `K_TICKS(INT64_MAX)` waits as
 * K_FOREVER does, where a plain sum would wrap to a deadline in the past and
 * give up at once.
 * @param now the current tick count (>= 0).
 * @param timeout a relative timeout.
 * @return the deadline tick, or #K_TICKS_FOREVER.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 从节拍 @p now 开始、长为 @p timeout 的等待在哪个节拍结束；结果
 *        饱和：远到 k_ticks_t 表示不了的截止时刻即"永不"。
 *
 * 两个后端和 sys_timepoint_calc() 都通过这一个函数把超时加到时钟上，因此
 * 任何加法都不会溢出：`K_TICKS(INT64_MAX)` 与 K_FOREVER 一样等待，而直接
 * 相加会回绕成一个已经过去的截止时刻，立即放弃。
 * @param now 当前节拍计数（>= 0）。
 * @param timeout 相对超时。
 * @return 截止节拍，或 #K_TICKS_FOREVER。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
static inline k_ticks_t z_deadline_after(k_ticks_t now, k_timeout_t timeout)
{
    k_ticks_t ticks = timeout.ticks > 0 ? timeout.ticks : 0;

    if (timeout.ticks == K_TICKS_FOREVER || ticks > INT64_MAX - now) {
        return K_TICKS_FOREVER;
    }
    return now + ticks;
}

/**
 * \~english
 * @brief Turn a timeout into the absolute deadline it stands for.
 *
 * A call that may wait several times (wait, wake, retry, wait again) does
 * this once at its start and waits each time only for what is left, so the
 * retries never extend its deadline.
 * @param timeout a relative timeout.
 * @return the deadline; K_FOREVER stays "never", K_NO_WAIT is "now", and a
 *         timeout so long that the deadline cannot be counted is "never"
 *         too (z_deadline_after()).
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 把相对超时换算成它所代表的绝对截止时刻。
 *
 * 可能多次等待的调用（等待、被唤醒、重试、再等待）在开头做一次换算，
 * 之后每次只等待剩下的时间，因此重试永远不会推迟截止时刻。
 * @param timeout 相对超时。
 * @return 截止时刻；K_FOREVER 仍为"永不"，K_NO_WAIT 即"此刻"；长到截止时刻
 *         无法计数的超时也是"永不"（z_deadline_after()）。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
static inline k_timepoint_t sys_timepoint_calc(k_timeout_t timeout)
{
    k_timepoint_t tp;
    if (timeout.ticks == K_TICKS_FOREVER) {
        tp.tick = K_TICKS_FOREVER;
    } else {
        tp.tick = z_deadline_after(k_uptime_ticks(), timeout);
    }
    return tp;
}

/**
 * \~english
 * @brief The timeout that is left until a deadline.
 * @param tp a deadline from sys_timepoint_calc().
 * @return K_FOREVER for "never", K_NO_WAIT once the deadline has passed,
 *         else the ticks left.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 距离截止时刻还剩下的超时。
 * @param tp 由 sys_timepoint_calc() 得到的截止时刻。
 * @return "永不"时返回 K_FOREVER；截止时刻已过返回 K_NO_WAIT；
 *         否则返回剩余的节拍数。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
static inline k_timeout_t sys_timepoint_timeout(k_timepoint_t tp)
{
    k_ticks_t now;
    if (tp.tick == K_TICKS_FOREVER) {
        return K_FOREVER;
    }
    now = k_uptime_ticks();
    return tp.tick > now ? K_TICKS(tp.tick - now) : K_NO_WAIT;
}

/**
 * \~english
 * @brief Whether a deadline has passed.
 * @param tp a deadline from sys_timepoint_calc().
 * @return true once the tick count has reached it; never for K_FOREVER.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 判断截止时刻是否已过。
 * @param tp 由 sys_timepoint_calc() 得到的截止时刻。
 * @return 节拍计数到达截止时刻后返回 true；K_FOREVER 永远返回 false。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
static inline bool sys_timepoint_expired(k_timepoint_t tp)
{
    return K_TIMEOUT_EQ(sys_timepoint_timeout(tp), K_NO_WAIT);
}

/* ------------------------------------------------------------ assertions */

#if !defined(CONFIG_ASSERT) && !defined(NDEBUG)
/** \~english @brief Debug builds check __ASSERT(); define NDEBUG to drop it.
 *  \~chinese @brief 调试构建会检查 __ASSERT()；定义 NDEBUG 即可去掉。 */
#define CONFIG_ASSERT 1
#endif

/**
 * \~english
 * @brief What a failed __ASSERT() does after printing its message.
 *
 * The kit's default stops the program (exit code 1 on the target, abort on
 * the host). It is weak, as in Zephyr, so a test that means to trigger an
 * assertion replaces it with one that records the failure and returns; the
 * asserting code then carries on as a build without assertions would.
 * @param file the source file of the assertion.
 * @param line its line.
 * \~chinese
 * @brief __ASSERT() 失败并打印消息之后要做的事。
 *
 * 本套件的默认实现结束程序（目标板上退出码为 1，宿主机上调用 abort）。
 * 它与 Zephyr 一样是弱符号：有意触发断言的测试可以换上自己的版本，记下
 * 失败后返回；触发断言的代码随后按不带断言的构建那样继续执行。
 * @param file 断言所在的源文件。
 * @param line 断言所在的行。
 */
void assert_post_action(const char *file, unsigned int line);

/** \~english @brief Print a failed assertion's message (used by __ASSERT()).
 *  \~chinese @brief 打印断言失败的消息（供 __ASSERT() 使用）。 */
void assert_print(const char *fmt, ...);
/** @cond KIT_ATTRIBUTES */
void assert_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** @endcond */

#if CONFIG_ASSERT
/**
 * \~english
 * @brief Check a condition that only a bug can break, with a message.
 *
 * In a debug build a false @p test prints the message and calls
 * %assert_post_action(); with NDEBUG it compiles to nothing.
 * \~chinese
 * @brief 检查只有程序错误才会破坏的条件，并附带消息。
 *
 * 调试构建中 @p test 为假时打印消息并调用 %assert_post_action()；
 * 定义了 NDEBUG 时它不产生任何代码。
 */
#define __ASSERT(test, ...)                                                           \
    do {                                                                              \
        if (!(test)) {                                                                \
            assert_print("ASSERTION FAIL [%s] @ %s:%d: ", #test, __FILE__, __LINE__); \
            assert_print(__VA_ARGS__);                                                \
            assert_print("\n");                                                       \
            assert_post_action(__FILE__, __LINE__);                                   \
        }                                                                             \
    } while (0)
#else
#define __ASSERT(test, ...) ((void)0)
#endif

/* ------------------------------------------------------------ the lock */

/**
 * \~english
 * @brief A spinlock, as Zephyr names it.
 *
 * On the single-core target taking any spinlock masks interrupts, so all
 * spinlocks are in effect one lock, the one %port_lock() takes; on the host
 * they all map to %port_lock()'s mutex. The structure carries no state of
 * its own; it names what is being protected. Like %port_lock(), the locks
 * nest on both: a spinlock may be taken inside another, or inside
 * LOS_IntLock(). A thread may not wait inside an outer lock, though:
 * %z_pend_curr() refuses that.
 *
 * Built with CONFIG_SPIN_VALIDATE (the lab images are), both backends check
 * every use of a lock, as Zephyr's spinlock validation does: a lock is not
 * taken again by its holder, every unlock releases a lock the caller holds,
 * and %z_pend_curr() is called with the lock it is given held. A broken
 * rule prints what and where, and stops the program: it does not go
 * through %assert_post_action(), so no test can carry on from it.
 * \~chinese
 * @brief 自旋锁，名字沿用 Zephyr。
 *
 * 在单核目标板上，拿任何一把自旋锁都是屏蔽中断，所以所有自旋锁实际上是
 * 同一把锁，也就是 %port_lock() 拿的那把；在宿主机上它们都对应
 * %port_lock() 的那把互斥锁。这个结构体本身不保存状态，只用来标明受保护的
 * 对象。与 %port_lock() 一样，这些锁在两个后端上都可以嵌套：一把自旋锁可以
 * 在另一把之内获取，也可以在 LOS_IntLock() 之内获取。但线程不能在外层锁
 * 之内等待：%z_pend_curr() 会拒绝。
 *
 * 定义了 CONFIG_SPIN_VALIDATE 时（实验映像都定义了它），两个后端都像 Zephyr
 * 的自旋锁校验那样检查锁的每一次使用：持有者不能再次获取同一把锁，每次
 * 解锁释放的都必须是调用者持有的锁，调用 %z_pend_curr() 时必须持有传给它
 * 的锁。违反规则时打印出错的内容和位置并结束程序：它不经过
 * %assert_post_action()，所以任何测试都无法在此之后继续运行。
 */
struct k_spinlock {
    /** \~english @brief unused (C needs a member) \~chinese @brief 未使用（C 语言要求至少一个成员） */
    char unused;
};

/** \~english @brief What %k_spin_lock() returns: the interrupt state to restore.
 *  \~chinese @brief %k_spin_lock() 的返回值：需要恢复的中断状态。 */
typedef struct {
    /** \~english @brief saved state \~chinese @brief 保存的状态 */
    uintptr_t key;
} k_spinlock_key_t;

/**
 * \~english
 * @brief Take a spinlock: on the target, mask interrupts.
 * @param l the lock.
 * @return the key to hand to %k_spin_unlock().
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 获取自旋锁：在目标板上即屏蔽中断。
 * @param l 锁。
 * @return 需要交给 %k_spin_unlock() 的键值。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
k_spinlock_key_t k_spin_lock(struct k_spinlock *l);

/**
 * \~english
 * @brief Release a spinlock taken by %k_spin_lock().
 * @param l the lock.
 * @param key what %k_spin_lock() returned.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 释放由 %k_spin_lock() 获取的自旋锁。
 * @param l 锁。
 * @param key %k_spin_lock() 的返回值。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key);

/* ------------------------------------------------------------ threads */

struct k_thread;
struct k_heap;

/**
 * \~english
 * @brief A wait queue: the threads blocked on one object, most urgent first.
 *
 * Invariant: the threads are linked through their @c next field in order of
 * priority, and in order of arrival among equal priorities; every thread in
 * it is in state Z_PENDING and points back here through @c pended_on.
 * \~chinese
 * @brief 等待队列：阻塞在同一个对象上的线程，最紧急的排在最前。
 *
 * 不变式：线程通过 @c next 字段按优先级串成链表，优先级相同的按到达先后
 * 排列；队列中的每个线程都处于 Z_PENDING 状态，并通过 @c pended_on
 * 指回本队列。
 */
typedef struct {
    /** \~english @brief the first (most urgent) waiter, or NULL
     *  \~chinese @brief 第一个（最紧急的）等待者，或 NULL */
    struct k_thread *head;
} _wait_q_t;

/** \~english @brief The states of a thread.
 *  \~chinese @brief 线程的状态。 */
enum z_thread_state {
    Z_READY,    /**< \~english running or able to run \~chinese 正在运行或可以运行 */
    Z_PENDING,  /**< \~english on a wait queue \~chinese 在等待队列上 */
    Z_SLEEPING, /**< \~english in %k_sleep() \~chinese 在 %k_sleep() 中睡眠 */
    Z_DEAD,     /**< \~english its entry function returned \~chinese 入口函数已返回 */
};

/** \~english @brief A thread's entry function.
 *  \~chinese @brief 线程的入口函数。 */
typedef void (*k_thread_entry_t)(void *arg);

#if defined(__arm__)
#include "kernel_target.h"
#else
#include "kernel_host.h"
#endif

/**
 * \~english
 * @brief A thread.
 *
 * Invariant: a thread is in at most one queue at a time, linked through
 * @c next: the ready queue when Z_READY, the wait queue @c pended_on when
 * Z_PENDING, none when Z_SLEEPING or Z_DEAD. @c deadline is the tick at
 * which a Z_PENDING or Z_SLEEPING thread is woken anyway, or
 * #K_TICKS_FOREVER.
 * \~chinese
 * @brief 线程。
 *
 * 不变式：线程同一时刻至多在一个队列里，通过 @c next 链接：Z_READY 时在
 * 就绪队列中，Z_PENDING 时在等待队列 @c pended_on 中，Z_SLEEPING 或
 * Z_DEAD 时不在任何队列中。@c deadline 是 Z_PENDING 或 Z_SLEEPING 的线程
 * 无论如何都会被唤醒的节拍，或 #K_TICKS_FOREVER。
 */
struct k_thread {
    /** \~english @brief the backend's part (saved stack pointer first on the
     *         target) \~chinese @brief 后端私有部分（目标板上第一个字段是
     *         保存的栈指针） */
    struct z_thread_arch arch;
    /** \~english @brief next thread in the queue it is in
     *  \~chinese @brief 所在队列中的下一个线程 */
    struct k_thread *next;
    /** \~english @brief priority; smaller is more urgent
     *  \~chinese @brief 优先级，数值越小越紧急 */
    int prio;
    /** \~english @brief one of enum z_thread_state
     *  \~chinese @brief enum z_thread_state 中的一个值 */
    int state;
    /** \~english @brief why the last wait ended: 0 woken, -EAGAIN timed out
     *  \~chinese @brief 上一次等待结束的原因：0 为被唤醒，-EAGAIN 为超时 */
    int swap_retval;
    /** \~english @brief tick at which the wait ends anyway
     *  \~chinese @brief 等待无论如何都会结束的节拍 */
    k_ticks_t deadline;
    /** \~english @brief the wait queue it is on, or NULL
     *  \~chinese @brief 所在的等待队列，或 NULL */
    _wait_q_t *pended_on;
    /** \~english @brief threads waiting in %k_thread_join()
     *  \~chinese @brief 在 %k_thread_join() 中等待本线程结束的线程 */
    _wait_q_t join_q;
    /** \~english @brief entry function \~chinese @brief 入口函数 */
    k_thread_entry_t entry;
    /** \~english @brief its argument \~chinese @brief 入口函数的参数 */
    void *arg;
    /** \~english @brief the heap z_thread_malloc() takes from on its behalf (stage 5),
     *         or NULL; a new thread inherits its creator's, as in Zephyr
     *  \~chinese @brief z_thread_malloc() 代它分配内存的堆（阶段五），或 NULL；
     *         与 Zephyr 相同，新线程继承创建者的资源池 */
    struct k_heap *resource_pool;
};

/**
 * \~english
 * @brief Start a thread.
 *
 * A reduced form of Zephyr's call: one argument instead of three, no
 * options, no start delay. The thread runs at once if it is more urgent
 * than the caller. A thread structure may be reused once its thread is dead.
 * As Zephyr's z_setup_new_thread() does, the new thread takes its creator's
 * resource pool (k_thread::resource_pool), whatever the structure held
 * before: a thread made by one with no pool has none.
 * @param t the thread's structure, owned by the caller.
 * @param stack its stack, from K_THREAD_STACK_DEFINE() (the host ignores it).
 * @param stack_size the stack's size in bytes (K_THREAD_STACK_SIZEOF()).
 * @param entry the entry function; the thread ends when it returns.
 * @param arg the entry function's argument.
 * @param prio the priority; smaller is more urgent.
 * @return @p t.
 * @par Cost
 * O(number of threads).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 启动一个线程。
 *
 * 这是 Zephyr 同名调用的简化版：只有一个参数而不是三个，没有选项，也没有
 * 启动延迟。新线程比调用者更紧急时立即运行。线程结束后，其结构体可以重用。
 * 与 Zephyr 的 z_setup_new_thread() 一样，新线程取得创建者的资源池
 * （k_thread::resource_pool），不论该结构体以前保存的是什么：由没有资源池的
 * 线程创建的线程也没有资源池。
 * @param t 线程结构体，由调用者提供。
 * @param stack 线程栈，由 K_THREAD_STACK_DEFINE() 定义（宿主机忽略它）。
 * @param stack_size 栈的字节数（K_THREAD_STACK_SIZEOF()）。
 * @param entry 入口函数；它返回时线程结束。
 * @param arg 入口函数的参数。
 * @param prio 优先级，数值越小越紧急。
 * @return @p t。
 * @par 开销
 * O(线程数)。
 * @par 调用上下文
 * 线程上下文。
 */
struct k_thread *k_thread_create(struct k_thread *t, k_thread_stack_t *stack, size_t stack_size,
                                 k_thread_entry_t entry, void *arg, int prio);

/**
 * \~english
 * @brief Wait until a thread has ended.
 * @param t the thread.
 * @param timeout how long to wait.
 * @return 0 when it has ended, -EAGAIN if the timeout came first.
 * @par Cost
 * O(number of waiters).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 等待一个线程结束。
 * @param t 线程。
 * @param timeout 最多等待多久。
 * @return 线程已结束返回 0；超时先到返回 -EAGAIN。
 * @par 开销
 * O(等待者数)。
 * @par 调用上下文
 * 线程上下文。
 */
int k_thread_join(struct k_thread *t, k_timeout_t timeout);

/**
 * \~english
 * @brief The thread that is running.
 * @return its structure (on the host a thread not made by %k_thread_create(),
 *         such as main, gets one at its first call, with priority 0).
 * @par Cost
 * O(1).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 当前正在运行的线程。
 * @return 它的结构体（在宿主机上，不是由 %k_thread_create() 创建的线程，
 *         例如 main，在第一次调用时得到一个，优先级为 0）。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程上下文。
 */
struct k_thread *k_current_get(void);

/**
 * \~english
 * @brief Sleep for a while.
 * @param timeout how long; K_NO_WAIT yields, K_FOREVER sleeps for good.
 * @return 0.
 * @par Cost
 * O(number of threads).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 睡眠一段时间。
 * @param timeout 睡多久；K_NO_WAIT 相当于让出处理器，K_FOREVER 永久睡眠。
 * @return 0。
 * @par 开销
 * O(线程数)。
 * @par 调用上下文
 * 线程上下文。
 */
int32_t k_sleep(k_timeout_t timeout);

/**
 * \~english
 * @brief Sleep for @p ms milliseconds (rounded up to whole ticks).
 * @param ms the time.
 * @return 0.
 * @par Cost
 * O(number of threads).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 睡眠 @p ms 毫秒（向上取整为整数个节拍）。
 * @param ms 时间。
 * @return 0。
 * @par 开销
 * O(线程数)。
 * @par 调用上下文
 * 线程上下文。
 */
static inline int32_t k_msleep(int32_t ms)
{
    return k_sleep(K_MSEC(ms));
}

/**
 * \~english
 * @brief Let the other ready threads of the same priority run first.
 * @par Cost
 * O(number of threads).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 让同优先级的其他就绪线程先运行。
 * @par 开销
 * O(线程数)。
 * @par 调用上下文
 * 线程上下文。
 */
void k_yield(void);

/**
 * \~english
 * @brief Whether the caller runs in an interrupt handler.
 * @return true in a handler (on the host: inside %irq_offload()).
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 判断调用者是否运行在中断处理函数中。
 * @return 在中断处理函数中返回 true（宿主机上：在 %irq_offload() 之内）。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
bool k_is_in_isr(void);

/**
 * \~english
 * @brief Run a function in interrupt context, as Zephyr's test helper does.
 *
 * On the target it sets the pending bit of external interrupt 0 in the
 * NVIC, whose handler calls @p routine; on the host it calls @p routine with
 * %k_is_in_isr() returning true. It returns after @p routine has run.
 * @param routine the function.
 * @param arg its argument.
 * @par Cost
 * O(1) plus the routine.
 * @par Context
 * Thread.
 * \~chinese
 * @brief 在中断上下文中运行一个函数，与 Zephyr 的测试辅助函数相同。
 *
 * 在目标板上，它在 NVIC 中置起 0 号外部中断的挂起位，由该中断的处理函数
 * 调用 @p routine；在宿主机上，它在 %k_is_in_isr() 返回 true 的情况下调用
 * @p routine。@p routine 运行完之后才返回。
 * @param routine 要运行的函数。
 * @param arg 它的参数。
 * @par 开销
 * O(1)，另加该函数本身的开销。
 * @par 调用上下文
 * 线程上下文。
 */
void irq_offload(void (*routine)(const void *arg), const void *arg);

/**
 * \~english
 * @brief Raise an interrupt that arrives the next time @p lock is taken,
 *        and so runs @p routine at the first moment the lock is released.
 *
 * For tests of code that must keep its lock across a window: the interrupt
 * comes while the lock is held and waits for it, as a real one would. On
 * the target it is %irq_offload()'s interrupt, made pending by
 * %k_spin_lock(); it runs as soon as interrupts are unmasked, whether by
 * %k_spin_unlock() or inside %z_pend_curr(). On the host @p routine runs
 * with %k_is_in_isr() true, right after %k_spin_unlock(), or in a thread of
 * its own once %z_pend_curr() has released the lock. It fires once. Only
 * builds with CONFIG_SPIN_VALIDATE have it.
 * @param lock the lock to wait for.
 * @param routine the function.
 * @param arg its argument.
 * @par Cost
 * O(1).
 * @par Context
 * Thread.
 * \~chinese
 * @brief 安排一个中断：在 @p lock 下一次被获取时到达，因而在该锁第一次
 *        被释放的那一刻运行 @p routine。
 *
 * 用于测试那些必须在某个窗口内一直持锁的代码：中断在持锁期间到达并等待
 * 锁释放，与真实的中断一样。在目标板上它就是 %irq_offload() 使用的那个
 * 中断，由 %k_spin_lock() 置为挂起；中断一解除屏蔽它就运行，无论解除屏蔽的
 * 是 %k_spin_unlock() 还是 %z_pend_curr() 内部。在宿主机上，@p routine 在
 * %k_is_in_isr() 为 true 的情况下运行：或者紧接在 %k_spin_unlock() 之后，
 * 或者在 %z_pend_curr() 释放锁之后由一个单独的线程运行。它只触发一次。
 * 只有定义了 CONFIG_SPIN_VALIDATE 的构建才提供它。
 * @param lock 要等待的锁。
 * @param routine 要运行的函数。
 * @param arg 它的参数。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程上下文。
 */
void irq_offload_at_next_lock(struct k_spinlock *lock, void (*routine)(const void *arg),
                              const void *arg);

/* ------------------------------------------------------------ waiting */

/**
 * \~english
 * @brief Initialise a wait queue to empty.
 * @param wq the queue.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 把等待队列初始化为空。
 * @param wq 等待队列。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
static inline void z_waitq_init(_wait_q_t *wq)
{
    wq->head = NULL;
}

/**
 * \~english
 * @brief The first waiter of a queue, without removing it.
 * @param wq the queue.
 * @return the most urgent waiter, or NULL when nobody waits.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt, with the lock held.
 * \~chinese
 * @brief 取等待队列的第一个等待者，但不移除它。
 * @param wq 等待队列。
 * @return 最紧急的等待者；无人等待时为 NULL。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可，须持有锁。
 */
static inline struct k_thread *z_waitq_head(_wait_q_t *wq)
{
    return wq->head;
}

/**
 * \~english
 * @brief Block the running thread on a wait queue, releasing the lock in
 *        the same step.
 *
 * The caller holds @p lock (taken with @p key, interrupts enabled before
 * it). The thread is queued and the lock released atomically: a waker that
 * takes the lock afterwards is sure to find it on the queue.
 * @param lock the lock the caller holds.
 * @param key what %k_spin_lock() returned for it.
 * @param wq the queue to wait on.
 * @param timeout how long to wait; K_NO_WAIT returns at once.
 * @return 0 when woken by %z_unpend_all(), -EAGAIN when the timeout came
 *         first. The lock is released in both cases.
 * @par Bad input
 * A caller that holds another lock taken before @p lock (so @p key says
 * interrupts were already masked) cannot wait: waiting would release only
 * @p lock and sleep with the other held. It fails an assertion in a debug
 * build; otherwise @p lock is released and -EAGAIN returned at once.
 * @par Cost
 * O(number of waiters) to queue, plus a context switch.
 * @par Context
 * Thread only (an interrupt handler cannot block).
 * \~chinese
 * @brief 把当前线程阻塞在等待队列上，并在同一步里释放锁。
 *
 * 调用者持有 @p lock（以 @p key 获取，获取前中断是打开的）。入队与释放锁
 * 是原子的：之后拿到锁的唤醒者一定能在队列里找到这个线程。
 * @param lock 调用者持有的锁。
 * @param key 获取该锁时 %k_spin_lock() 的返回值。
 * @param wq 要等待的队列。
 * @param timeout 最多等待多久；K_NO_WAIT 立即返回。
 * @return 被 %z_unpend_all() 唤醒返回 0；超时先到返回 -EAGAIN。两种情况下
 *         锁都已释放。
 * @par 错误输入
 * 调用者若还持有在 @p lock 之前获取的另一把锁（于是 @p key 表明中断早已
 * 屏蔽），就不能等待：等待只会释放 @p lock，带着另一把锁睡眠。调试构建中
 * 这会触发断言；否则释放 @p lock 并立即返回 -EAGAIN。
 * @par 开销
 * 入队 O(等待者数)，另加一次上下文切换。
 * @par 调用上下文
 * 仅线程上下文（中断处理函数不能阻塞）。
 */
int z_pend_curr(struct k_spinlock *lock, k_spinlock_key_t key, _wait_q_t *wq, k_timeout_t timeout);

/**
 * \~english
 * @brief Wake every thread on a wait queue, most urgent first.
 *
 * Each woken thread's %z_pend_curr() returns 0. They do not run before the
 * caller calls %z_reschedule() (or releases the lock).
 * @param wq the queue.
 * @return how many threads were woken.
 * @par Cost
 * O(waiters x ready threads).
 * @par Context
 * Thread and interrupt, with the lock held.
 * \~chinese
 * @brief 唤醒等待队列上的所有线程，最紧急的先唤醒。
 *
 * 每个被唤醒线程的 %z_pend_curr() 返回 0。在调用者调用 %z_reschedule()
 * （或释放锁）之前，它们不会运行。
 * @param wq 等待队列。
 * @return 被唤醒的线程数。
 * @par 开销
 * O(等待者数 × 就绪线程数)。
 * @par 调用上下文
 * 线程与中断上下文均可，须持有锁。
 */
int z_unpend_all(_wait_q_t *wq);

/**
 * \~english
 * @brief Release the lock and let the most urgent ready thread run.
 *
 * If a thread made ready under the lock is more urgent than the caller, the
 * switch happens as the lock is released (in a handler: when it returns).
 * @param lock the lock the caller holds.
 * @param key what %k_spin_lock() returned for it.
 * @par Cost
 * O(1), plus a context switch if one is due.
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 释放锁，让最紧急的就绪线程运行。
 *
 * 如果在锁内变为就绪的线程比调用者更紧急，切换就在释放锁时发生
 * （在中断处理函数中则在其返回时发生）。
 * @param lock 调用者持有的锁。
 * @param key 获取该锁时 %k_spin_lock() 的返回值。
 * @par 开销
 * O(1)，需要切换时另加一次上下文切换。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
void z_reschedule(struct k_spinlock *lock, k_spinlock_key_t key);

#endif
