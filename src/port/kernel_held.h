/**
 * @file kernel_held.h
 * \~english
 * @brief The set of spinlocks a holder has taken and not yet released, for
 *        the lock checks of CONFIG_SPIN_VALIDATE, shared by both backends.
 *
 * On the target one set serves every thread (a switch happens only with no
 * lock held); on the host each thread keeps its own. Either way a lock may
 * nest inside another, as interrupt masking does, but not inside itself.
 * \~chinese
 * @brief 持有者已获取、尚未释放的自旋锁集合，供 CONFIG_SPIN_VALIDATE 的锁
 *        检查使用，两个后端共用。
 *
 * 在目标板上所有线程共用一个集合（只有在不持有任何锁时才会切换线程）；在
 * 宿主机上每个线程各有一个。无论哪种情况，一把锁都可以像屏蔽中断那样嵌套
 * 在另一把锁之内，但不能嵌套在它自己之内。
 */
#ifndef KIT_KERNEL_HELD_H
#define KIT_KERNEL_HELD_H

#include "kernel.h"

/** \~english @brief How many locks may be held at once.
 *  \~chinese @brief 同时最多可以持有的锁数。 */
#define Z_HELD_MAX 8

/**
 * \~english
 * @brief Locks taken and not yet released.
 *
 * Invariant: @c lock[0] to @c lock[n - 1] are distinct.
 * \~chinese
 * @brief 已获取、尚未释放的锁。
 *
 * 不变式：@c lock[0] 到 @c lock[n - 1] 互不相同。
 */
struct z_held {
    /** \~english @brief the locks \~chinese @brief 这些锁 */
    struct k_spinlock *lock[Z_HELD_MAX];
    /** \~english @brief how many \~chinese @brief 个数 */
    int n;
};

/** \~english @brief Where @p l is in @p h, or -1.
 *  \~chinese @brief @p l 在 @p h 中的位置，不在时为 -1。 */
static inline int z_held_index(const struct z_held *h, const struct k_spinlock *l)
{
    for (int i = 0; i < h->n; i++) {
        if (h->lock[i] == l) {
            return i;
        }
    }
    return -1;
}

/** \~english @brief Add @p l to @p h: NULL, or what rule its taking breaks.
 *  \~chinese @brief 把 @p l 加入 @p h：返回 NULL，或者说明这次获取违反了
 *         哪条规则。 */
static inline const char *z_held_add(struct z_held *h, struct k_spinlock *l)
{
    if (z_held_index(h, l) >= 0) {
        return "taken again by its holder (a lock is not recursive)";
    }
    if (h->n == Z_HELD_MAX) {
        return "one lock too many held at once";
    }
    h->lock[h->n++] = l;
    return NULL;
}

/** \~english @brief Take @p l out of @p h; false when it was not there.
 *  \~chinese @brief 把 @p l 从 @p h 中取出；它不在其中时返回 false。 */
static inline bool z_held_remove(struct z_held *h, const struct k_spinlock *l)
{
    int i = z_held_index(h, l);

    if (i < 0) {
        return false;
    }
    h->lock[i] = h->lock[--h->n];
    return true;
}

#endif
