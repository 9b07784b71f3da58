/*
 * Stage 4: k_heap, the stage-3 pool made safe for threads and able to make
 * them wait.
 *
 * The lesson is one loop and one wake-up. An allocation tries the pool
 * under the heap's lock; if there is no room and time is left, the thread
 * goes onto the heap's wait queue and gives up the lock in the same step
 * (z_pend_curr), so a free cannot slip in between "no room" and "asleep".
 * k_heap_free() returns the block and wakes every waiter under the same
 * lock. Each waiter takes the lock again and retries; who fits, wins; who
 * does not, waits again for what is left of its own deadline.
 *
 * Timeouts: the caller's relative timeout is turned into an absolute
 * deadline once, at the start (sys_timepoint_calc). Each wait asks only for
 * the time left until that deadline, so however many times a thread is
 * woken for nothing, it gives up on time.
 */
#include <string.h>

#include "kheap.h"
#include "kit_diag.h"

/* ------------------------------------------------------------ helpers */

/* What a caller asks of the pool: a fresh block (ptr NULL) or a resize.
 * Invariant: refused is set once the pool has rejected the request as bad
 * input (a diagnostic was printed); such a request is never retried. */
struct heap_request {
    void *ptr;
    size_t align;
    size_t bytes;
    bool refused;
};

/**
 * \~english
 * @brief One attempt at a request, with the lock held.
 *
 * The pool answers NULL both for "no room" and for bad input; only bad
 * input comes with a diagnostic, which is how the two are told apart. A
 * heap whose buffer was refused at init (or that was never initialised)
 * has no pool: its requests are refused too.
 * \~chinese
 * @brief 持锁对请求做一次尝试。
 *
 * 内存池对"空间不足"和"错误输入"都返回 NULL；只有错误输入会附带诊断
 * 信息，两者就是这样区分的。初始化时缓冲区被拒绝（或从未初始化）的堆
 * 没有内存池：它的请求同样被拒绝。
 */
static void *try_once(struct k_heap *h, struct heap_request *req)
{
    unsigned diagnostics = kit_diag_count;
    void *ret;
    if (req->ptr != NULL) {
        ret = sys_heap_realloc(&h->heap, req->ptr, req->bytes);
    } else {
        ret = sys_heap_aligned_alloc(&h->heap, req->align, req->bytes);
    }
    req->refused = kit_diag_count != diagnostics || h->heap.pool == NULL;
    return ret;
}

/**
 * \~english
 * @brief Whether a failed request is worth waiting for: it was not refused,
 *        it can ever fit, and its deadline has not passed.
 * \~chinese
 * @brief 失败的请求是否值得等待：没有被拒绝、有可能放得下，且截止时刻
 *        未到。
 */
static bool worth_waiting(const struct heap_request *req, k_timepoint_t end)
{
    bool possible = req->bytes != 0 && req->bytes <= UINT32_MAX;
    return possible && !req->refused && !sys_timepoint_expired(end);
}

/**
 * \~english
 * @brief From an interrupt only K_NO_WAIT is allowed; refuse anything else.
 * @return true when the call may go on.
 * \~chinese
 * @brief 中断上下文中只允许 K_NO_WAIT；其他超时一律拒绝。
 * @return 调用可以继续时返回 true。
 */
static bool context_allows(k_timeout_t timeout)
{
    if (k_is_in_isr() && !K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        __ASSERT(false, "k_heap: an interrupt handler may only use K_NO_WAIT");
        return false;
    }
    return true;
}

/**
 * \~english
 * @brief Try a request until it succeeds or its deadline passes, sleeping
 *        on the heap's wait queue between attempts.
 *
 * The blocking loop of stage 4, shared by allocation and realloc.
 * @param h the heap.
 * @param req what to try.
 * @param timeout how long the caller is willing to wait in all.
 * @return the block, or NULL when the deadline passed without room.
 * \~chinese
 * @brief 反复尝试请求，直到成功或截止时刻已过；两次尝试之间在堆的等待
 *        队列上睡眠。
 *
 * 阶段四的阻塞循环，分配与 realloc 共用。
 * @param h 堆。
 * @param req 要尝试的请求。
 * @param timeout 调用者总共愿意等待多久。
 * @return 内存块；截止时刻已过仍无空间时返回 NULL。
 */
static void *alloc_or_wait(struct k_heap *h, struct heap_request *req, k_timeout_t timeout)
{
    void *ret;
    k_spinlock_key_t key;

    if (!context_allows(timeout)) {
        return NULL;
    }
    key = k_spin_lock(&h->lock);
    /* LAB(4, wait): Try the request with try_once(); while it fails and is
     * worth_waiting(), wait on h->wait_q with z_pend_curr() (it releases the
     * lock), take the lock again and retry. Turn timeout into a deadline
     * once, before the first try, and wait each time only for what is left
     * of it (sys_timepoint_calc, sys_timepoint_timeout). Never release the
     * lock between a failed try and z_pend_curr().
     * STUB: ret = try_once(h, req); (void)worth_waiting; */
    k_timepoint_t end = sys_timepoint_calc(timeout);
    while ((ret = try_once(h, req)) == NULL && worth_waiting(req, end)) {
        (void)z_pend_curr(&h->lock, key, &h->wait_q, sys_timepoint_timeout(end));
        key = k_spin_lock(&h->lock);
    }
    /* END LAB */
    k_spin_unlock(&h->lock, key);
    return ret;
}

/**
 * \~english
 * @brief Refuse a NULL heap with a diagnostic naming the public call.
 * @return true when @p h may be used.
 * \~chinese
 * @brief 拒绝 NULL 堆，并打印指明公开函数的诊断信息。
 * @return @p h 可以使用时返回 true。
 */
static inline bool heap_given(const struct k_heap *h, const char *func)
{
    if (h == NULL) {
        kit_diag(func, "the heap is NULL");
    }
    return h != NULL;
}

/** \~english @brief Whether @p num x @p size overflows a size_t.
 *  \~chinese @brief 判断 @p num × @p size 是否超出 size_t。 */
static inline bool product_overflows(size_t num, size_t size)
{
    return size != 0 && num > SIZE_MAX / size;
}

/* ------------------------------------------------------------ public */

void k_heap_init(struct k_heap *h, void *mem, size_t bytes)
{
    if (!heap_given(h, __func__)) {
        return;
    }
    z_waitq_init(&h->wait_q);
    (void)sys_heap_init(&h->heap, mem, bytes);
}

void *k_heap_aligned_alloc(struct k_heap *h, size_t align, size_t bytes, k_timeout_t timeout)
{
    struct heap_request req = { NULL, align, bytes, false };
    if (!heap_given(h, __func__)) {
        return NULL;
    }
    return alloc_or_wait(h, &req, timeout);
}

void *k_heap_alloc(struct k_heap *h, size_t bytes, k_timeout_t timeout)
{
    return k_heap_aligned_alloc(h, 0, bytes, timeout);
}

void *k_heap_calloc(struct k_heap *h, size_t num, size_t size, k_timeout_t timeout)
{
    void *ret;
    if (product_overflows(num, size)) {
        return NULL;
    }
    ret = k_heap_alloc(h, num * size, timeout);
    if (ret != NULL) {
        memset(ret, 0, num * size);
    }
    return ret;
}

void *k_heap_realloc(struct k_heap *h, void *ptr, size_t bytes, k_timeout_t timeout)
{
    struct heap_request req = { ptr, 0, bytes, false };
    if (!heap_given(h, __func__)) {
        return NULL;
    }
    if (ptr == NULL) {
        return k_heap_alloc(h, bytes, timeout);
    }
    if (bytes == 0) {
        k_heap_free(h, ptr);
        return NULL;
    }
    return alloc_or_wait(h, &req, timeout);
}

void k_heap_free(struct k_heap *h, void *mem)
{
    k_spinlock_key_t key;
    bool freed;

    if (mem == NULL || !heap_given(h, __func__)) {
        return;
    }
    key = k_spin_lock(&h->lock);
    freed = sys_heap_free(&h->heap, mem);
    /* LAB(4, wake): The block is back (when freed is true). Wake every
     * thread waiting on h->wait_q, so each retries, and let the most urgent
     * run (z_unpend_all, z_reschedule). Otherwise just release the lock.
     * STUB: (void)freed; k_spin_unlock(&h->lock, key); */
    if (freed && z_unpend_all(&h->wait_q) > 0) {
        z_reschedule(&h->lock, key);
    } else {
        k_spin_unlock(&h->lock, key);
    }
    /* END LAB */
}
