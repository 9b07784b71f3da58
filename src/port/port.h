/**
 * @file port.h
 * \~english
 * @brief The port: the little an allocator needs from the system under it.
 *
 * Every stage is written against this interface and nothing else, so the
 * same allocator code runs on the Cortex-M3 in QEMU and on the host. There
 * are two backends. On the target the lock masks interrupts; it is written
 * inline below, two instructions each way, and `qemu/port_target.c` holds
 * the rest. On the host, `src/port/host/port_host.c` makes it a POSIX
 * mutex.
 *
 * A stage takes the lock once at the top of a public call and releases it
 * before returning, never calling another public call in between. A
 * program may still nest it: firmware may call an allocator with
 * interrupts already masked (LOS_IntLock(), then LOS_MemAlloc()). Both
 * backends allow that: on the target the key is the PRIMASK saved before,
 * on the host the lock counts how deep each thread holds it, and only the
 * outermost port_unlock() lets others in.
 * \~chinese
 * @brief 移植层：分配器对其下层系统的全部需求。
 *
 * 每一个阶段都只依赖这个接口，因此同一份分配器代码既能在 QEMU 中的
 * Cortex-M3 上运行，也能在宿主机上运行。它有两个后端。目标板上的锁通过
 * 屏蔽中断实现，以内联方式写在本文件下方，进出各两条指令，其余部分在
 * `qemu/port_target.c` 中。宿主机上由 `src/port/host/port_host.c` 把它实现
 * 为一个 POSIX 互斥锁。
 *
 * 每个阶段在公开函数的入口加锁一次，返回前释放，中间不会再调用别的公开
 * 函数。程序仍然可以嵌套使用它：固件可能在已经屏蔽中断时调用分配器
 * （先 LOS_IntLock()，再 LOS_MemAlloc()）。两个后端都允许这样做：目标板上
 * 键值是之前保存的 PRIMASK；宿主机上这把锁记录每个线程持有它的层数，只有
 * 最外层的 port_unlock() 才让别的线程进入。
 */
#ifndef KIT_PORT_H
#define KIT_PORT_H

#include <stdbool.h>
#include <stdint.h>

/**
 * \~english
 * @brief Enter the allocator's critical section.
 *
 * On the target it saves PRIMASK and masks interrupts, so neither an
 * interrupt handler nor a context switch can run inside; on the host it
 * locks one process-wide mutex.
 * @return the state to hand back to port_unlock().
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 进入分配器的临界区。
 *
 * 在目标板上，它保存 PRIMASK 并屏蔽中断，于是中断处理函数和线程切换
 * 都无法插入其中；在宿主机上，它锁住一个全进程共用的互斥锁。
 * @return 需要交还给 port_unlock() 的状态。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
#ifdef __arm__
/* On the Cortex-M3 the lock is written inline: a call would cost more
 * instructions than the lock itself, on paths counted in instructions. */
static inline uintptr_t port_lock(void)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n"
                     "cpsid i"
                     : "=r"(primask)
                     :
                     : "memory");
    return primask;
}
#else
uintptr_t port_lock(void);
#endif

/**
 * \~english
 * @brief Leave the critical section entered by port_lock().
 * @param key the value port_lock() returned.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 离开由 port_lock() 进入的临界区。
 * @param key port_lock() 的返回值。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
#ifdef __arm__
static inline void port_unlock(uintptr_t key)
{
    __asm__ volatile("msr primask, %0" : : "r"((uint32_t)key) : "memory");
}
#else
void port_unlock(uintptr_t key);
#endif

/**
 * \~english
 * @brief Tell whether the caller runs in an interrupt handler.
 * @return true inside an interrupt handler (on the target, IPSR is not
 *         zero); always false on the host.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 判断调用者是否运行在中断处理函数中。
 * @return 处于中断处理函数中时返回 true（目标板上即 IPSR 不为零）；
 *         宿主机上总是返回 false。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
bool port_in_isr(void);

#endif
