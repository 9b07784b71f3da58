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
 *
 * A request is judged before it is ever tried: bad input is refused at once
 * with a diagnostic, so the loop only ever waits for room.
 */
#include "kheap.h"

#include <string.h>

#include "kit_diag.h"

/* ------------------------------------------------------------ helpers */

/* What a caller asks of the pool: a fresh block (ptr NULL) or a resize;
 * most is the heap's whole buffer, which no block can outgrow. */
struct heap_request {
    void *ptr;
    size_t align;
    size_t bytes;
    size_t most;
};

/**
 * \~english
 * @brief Whether a request can be tried at all: the heap has a pool, the
 *        alignment is valid, and a block to resize is a block in use of the
 *        heap. A bad request gets a diagnostic naming @p func.
 * \~chinese
 * @brief 判断请求能否尝试：堆有内存池，对齐值有效，要调整大小的块是堆中正在
 *        使用的块。不合格的请求打印指明 @p func 的诊断信息。
 */
static bool request_valid(struct k_heap *h, const struct heap_request *req, const char *func)
{
    if (!z_sys_heap_align_valid(req->align)) {
        kit_diag(func, "alignment %zu is not a power of two, nor one with a whole-word rewind",
                 req->align);
        return false;
    }
    if (req->ptr != NULL && z_k_heap_usable_size(h, req->ptr) == 0) {
        kit_diag(func, "heap %p: pointer %p is not a block in use of it", (void *)h, req->ptr);
        return false;
    }
    return h->heap.pool != NULL;
}

/** \~english @brief One attempt at a valid request, with the lock held.
 *  \~chinese @brief 持锁对一个有效的请求做一次尝试。 */
static void *try_once(struct k_heap *h, const struct heap_request *req)
{
    if (req->ptr != NULL) {
        return sys_heap_realloc(&h->heap, req->ptr, req->bytes);
    }
    return sys_heap_aligned_alloc(&h->heap, req->align, req->bytes);
}

/**
 * \~english
 * @brief Whether a failed request is worth waiting for: it can ever fit
 *        and its deadline has not passed.
 *
 * A request larger than the heap's whole buffer can never fit, whatever is
 * freed, so it is answered at once. The test is the same on every word
 * size: near SIZE_MAX a 32-bit size is no bigger than a pool size, so a
 * test against the pool's 32-bit limit, which catches it on a 64-bit host,
 * lets it wait out its timeout on the board.
 * \~chinese
 * @brief 失败的请求是否值得等待：有可能放得下，且截止时刻未到。
 *
 * 比堆的整个缓冲区还大的请求，无论释放多少都放不下，所以立即作答。这项
 * 检查在各种字长上都一样：接近 SIZE_MAX 的 32 位大小并不比内存池的大小
 * 上限更大，若与内存池的 32 位上限比较，在 64 位宿主机上能拦住它，在
 * 目标板上却会让它一直等到超时。
 */
static bool worth_waiting(const struct heap_request *req, k_timepoint_t end)
{
    bool possible = req->bytes != 0 && req->bytes <= req->most;
    return possible && !sys_timepoint_expired(end);
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
 * @brief Try a valid request until it succeeds or its deadline passes,
 *        sleeping on the heap's wait queue between attempts.
 *
 * The blocking loop of stage 4, shared by allocation and realloc.
 * @param h the heap.
 * @param req what to try.
 * @param timeout how long the caller is willing to wait in all.
 * @return the block, or NULL when the deadline passed without room.
 * \~chinese
 * @brief 反复尝试一个有效的请求，直到成功或截止时刻已过；两次尝试之间在堆的
 *        等待队列上睡眠。
 *
 * 阶段四的阻塞循环，分配与 realloc 共用。
 * @param h 堆。
 * @param req 要尝试的请求。
 * @param timeout 调用者总共愿意等待多久。
 * @return 内存块；截止时刻已过仍无空间时返回 NULL。
 */
static void *alloc_or_wait(struct k_heap *h, const struct heap_request *req, k_timeout_t timeout)
{
    void *ret;
    k_spinlock_key_t key;

    key = k_spin_lock(&h->lock);
    /* TODO(lab 4, wait): Try the request with try_once(); while it fails and is
     * worth_waiting(), wait on h->wait_q with z_pend_curr() (it releases the
     * lock), take the lock again and retry. Turn timeout into a deadline
     * once, before the first try, and wait each time only for what is left
     * of it (sys_timepoint_calc, sys_timepoint_timeout). Never release the
     * lock between a failed try and z_pend_curr(). */
    ret = try_once(h, req); (void)worth_waiting;
    k_spin_unlock(&h->lock, key);
    return ret;
}

/**
 * \~english
 * @brief One attempt under the lock, for a caller that will not wait: no
 *        deadline, no loop.
 *
 * K_NO_WAIT is the common case (every k_malloc() is one, and so is every
 * call from an interrupt handler), so it skips what only waiting needs.
 * @param h the heap.
 * @param req a valid request.
 * @return the block, or NULL when there is no room now.
 * \~chinese
 * @brief 为不等待的调用者持锁尝试一次：不计算截止时刻，也不进入循环。
 *
 * K_NO_WAIT 是最常见的情况（每次 k_malloc() 都是，中断处理函数中的每次调用
 * 也是），因此它跳过只有等待才需要的步骤。
 * @param h 堆。
 * @param req 一个有效的请求。
 * @return 内存块；此刻没有空间时返回 NULL。
 */
static void *try_now(struct k_heap *h, const struct heap_request *req)
{
    k_spinlock_key_t key = k_spin_lock(&h->lock);
    void *ret = try_once(h, req);

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

/**
 * \~english
 * @brief Wake every thread waiting on @p h, for a call other than
 *        k_heap_free() that gave memory back.
 * \~chinese
 * @brief 唤醒所有在 @p h 上等待的线程；用于 k_heap_free() 以外、归还了内存
 *        的调用。
 */
static void wake_waiters(struct k_heap *h)
{
    k_spinlock_key_t key = k_spin_lock(&h->lock);

    if (z_unpend_all(&h->wait_q) > 0) {
        z_reschedule(&h->lock, key);
    } else {
        k_spin_unlock(&h->lock, key);
    }
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
    struct heap_request req = { NULL, align, bytes, 0 };
    if (!heap_given(h, __func__) || !context_allows(timeout) || !request_valid(h, &req, __func__)) {
        return NULL;
    }
    req.most = h->heap.size;
    if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        return try_now(h, &req);
    }
    return alloc_or_wait(h, &req, timeout);
}

void *k_heap_alloc(struct k_heap *h, size_t bytes, k_timeout_t timeout)
{
    k_spinlock_key_t key;
    void *ret;

    /* The fast path: a plain request that will not wait needs none of the
     * checks above (alignment 0 is valid, K_NO_WAIT is allowed anywhere,
     * the pool refuses what it cannot serve), only the lock. */
    if (h == NULL || !K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        return k_heap_aligned_alloc(h, 0, bytes, timeout);
    }
    key = k_spin_lock(&h->lock);
    ret = sys_heap_alloc(&h->heap, bytes);
    k_spin_unlock(&h->lock, key);
    return ret;
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
    struct heap_request req = { ptr, 0, bytes, 0 };
    size_t before;
    void *ret;

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
    if (!context_allows(timeout) || !request_valid(h, &req, __func__)) {
        return NULL;
    }
    req.most = h->heap.size;
    before = z_k_heap_usable_size(h, ptr);
    ret = alloc_or_wait(h, &req, timeout);
    /* Memory came back to the pool when the block shrank or moved (its old
     * place is free now): wake the waiters, as k_heap_free() does. */
    if (ret != NULL && (ret != ptr || z_k_heap_usable_size(h, ret) < before)) {
        wake_waiters(h);
    }
    return ret;
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
    /* TODO(lab 4, wake): The block is back (when freed is true). Wake every
     * thread waiting on h->wait_q, so each retries, and let the most urgent
     * run (z_unpend_all, z_reschedule). Otherwise just release the lock. */
    (void)freed; k_spin_unlock(&h->lock, key);
}

size_t z_k_heap_usable_size(struct k_heap *h, void *mem)
{
    k_spinlock_key_t key;
    size_t usable;

    if (h == NULL || mem == NULL) {
        return 0;
    }
    key = k_spin_lock(&h->lock);
    usable = sys_heap_usable_size(&h->heap, mem);
    k_spin_unlock(&h->lock, key);
    return usable;
}
