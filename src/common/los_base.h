/**
 * @file los_base.h
 * \~english
 * @brief What the LiteOS-M stages (membox and TLSF) share: return codes and
 *        the interrupt lock, under LiteOS-M's own names.
 * \~chinese
 * @brief LiteOS-M 风格的两个阶段（membox 与 TLSF）共用的部分：返回码与
 *        中断锁，名字沿用 LiteOS-M。
 */
#ifndef KIT_LOS_BASE_H
#define KIT_LOS_BASE_H

#include <stdint.h>

#include "port.h"

/** \~english @brief The call succeeded. \~chinese @brief 调用成功。 */
#define LOS_OK 0u
/** \~english @brief The call failed; nothing was changed.
 *  \~chinese @brief 调用失败；内存池没有被改动。 */
#define LOS_NOK 1u

/**
 * \~english
 * @brief Mask interrupts (LiteOS-M's name for port_lock()).
 * @return the state to hand to LOS_IntRestore().
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 屏蔽中断（LiteOS-M 对 port_lock() 的叫法）。
 * @return 需要交给 LOS_IntRestore() 的状态。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
static inline uintptr_t LOS_IntLock(void)
{
    return port_lock();
}

/**
 * \~english
 * @brief Restore the interrupt state saved by LOS_IntLock().
 * @param intSave the value LOS_IntLock() returned.
 * @par Cost
 * O(1).
 * @par Context
 * Thread and interrupt.
 * \~chinese
 * @brief 恢复 LOS_IntLock() 保存的中断状态。
 * @param intSave LOS_IntLock() 的返回值。
 * @par 开销
 * O(1)。
 * @par 调用上下文
 * 线程与中断上下文均可。
 */
static inline void LOS_IntRestore(uintptr_t intSave)
{
    port_unlock(intSave);
}

#endif
