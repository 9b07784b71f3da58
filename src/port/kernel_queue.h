/**
 * @file kernel_queue.h
 * \~english
 * @brief The one queue discipline of the kernel, shared by both backends:
 *        a list kept in priority order, first come first served among
 *        equals.
 *
 * The target's ready queue and every wait queue use it. Lists are short (a
 * handful of threads), so a sorted singly linked list is the simplest thing
 * that keeps the invariant: inserting walks past every thread at least as
 * urgent, which is what makes equal priorities FIFO.
 * \~chinese
 * @brief 内核唯一的排队规则，两个后端共用：按优先级排序的链表，
 *        优先级相同时先来先服务。
 *
 * 目标板的就绪队列与所有等待队列都使用它。链表很短（只有几个线程），
 * 有序单向链表是维持不变式的最简单做法：插入时越过所有同样紧急或更紧急的
 * 线程，优先级相同的线程因此按先进先出排列。
 */
#ifndef KIT_KERNEL_QUEUE_H
#define KIT_KERNEL_QUEUE_H

#include "kernel.h"

/**
 * \~english
 * @brief Insert a thread behind every thread at least as urgent.
 * @param head the list's head pointer.
 * @param t the thread, in no list.
 * @par Cost
 * O(length of the list).
 * \~chinese
 * @brief 把线程插到所有同样紧急或更紧急的线程之后。
 * @param head 链表头指针。
 * @param t 线程，当前不在任何链表中。
 * @par 开销
 * O(链表长度)。
 */
static inline void z_queue_insert(struct k_thread **head, struct k_thread *t)
{
    while (*head != NULL && (*head)->prio <= t->prio) {
        head = &(*head)->next;
    }
    t->next = *head;
    *head = t;
}

/**
 * \~english
 * @brief Unlink a thread from a list; nothing happens if it is not there.
 * @param head the list's head pointer.
 * @param t the thread.
 * @return true if it was found and removed.
 * @par Cost
 * O(length of the list).
 * \~chinese
 * @brief 把线程从链表中摘下；不在链表中则什么也不做。
 * @param head 链表头指针。
 * @param t 线程。
 * @return 找到并摘下时返回 true。
 * @par 开销
 * O(链表长度)。
 */
static inline bool z_queue_remove(struct k_thread **head, struct k_thread *t)
{
    while (*head != NULL && *head != t) {
        head = &(*head)->next;
    }
    if (*head == NULL) {
        return false;
    }
    *head = t->next;
    t->next = NULL;
    return true;
}

/**
 * \~english
 * @brief Take the first thread off a list.
 * @param head the list's head pointer.
 * @return the thread, or NULL if the list is empty.
 * @par Cost
 * O(1).
 * \~chinese
 * @brief 取下链表的第一个线程。
 * @param head 链表头指针。
 * @return 该线程；链表为空时返回 NULL。
 * @par 开销
 * O(1)。
 */
static inline struct k_thread *z_queue_pop(struct k_thread **head)
{
    struct k_thread *t = *head;
    if (t != NULL) {
        *head = t->next;
        t->next = NULL;
    }
    return t;
}

#endif
