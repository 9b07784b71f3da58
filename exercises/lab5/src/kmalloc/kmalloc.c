/*
 * Stage 5: the k_malloc family (Zephyr's kernel/mempool.c) on top of the
 * k_heap of stage 4.
 *
 * The lesson is one word. Every block handed out here carries, in the word
 * just below the caller's pointer, the address of the heap it came from;
 * k_free() walks back one word to find it and hands the block to that
 * heap's k_heap_free(). The word costs nothing beyond itself: the heap is
 * asked, through k_heap_aligned_alloc() as in Zephyr, for a block p with
 * p + sizeof(void *) aligned (the "rewind" merged into the alignment word),
 * so the heap pointer sits at p and the caller's bytes start aligned right
 * after it.
 *
 * Around that word: the system heap (sized at build time), a resource pool
 * per thread kept in the thread's own structure (k_thread::resource_pool,
 * as in Zephyr), and a list of the heaps this family has allocated from,
 * linked through the heaps themselves: k_free() first checks that a
 * pointer lies in one of their buffers, and only then reads the word below
 * it, so a pointer it did not hand out is refused without being followed.
 */
#include "kmalloc.h"

#include <string.h>

#include "kit_diag.h"

/* ------------------------------------------------------------ the heaps */

#if CONFIG_HEAP_MEM_POOL_SIZE > 0
K_HEAP_DEFINE(_system_heap, CONFIG_HEAP_MEM_POOL_SIZE);
#define SYSTEM_HEAP (&_system_heap)
#else
#define SYSTEM_HEAP ((struct k_heap *)NULL)
#endif

/* The heaps this family has allocated from, linked through
 * k_heap::z_kmalloc_next, newest first. Invariant: every heap pointer
 * stored below a block of this family is on the list, and a heap never
 * leaves it, so a block outlives nothing it relies on. Only heaps on the
 * list are followed: the link of a heap not on it is never read. Each
 * listed heap's buffer bounds what k_free() may read. */
static struct k_heap *kmalloc_heaps;
static struct k_spinlock heaps_lock;
/* Guards k_thread::resource_pool, which one thread may assign while
 * another reads it. */
static struct k_spinlock pool_lock;

/* ------------------------------------------------------------ helpers */

static inline bool is_power_of_two(size_t n)
{
    return n != 0 && (n & (n - 1)) == 0;
}

/**
 * \~english
 * @brief Whether @p heap is on the list; the caller holds heaps_lock.
 *
 * Compares addresses only, so any word (a header, a stray pointer) can be
 * asked about without being followed.
 * \~chinese
 * @brief @p heap 是否在链表上；调用者持有 heaps_lock。
 *
 * 只比较地址，因此任何一个字（块头、野指针）都可以拿来询问，而不会被当作
 * 指针去访问。
 */
static bool heap_listed(const struct k_heap *heap)
{
    const struct k_heap *h = kmalloc_heaps;

    while (h != NULL && h != heap) {
        h = h->z_kmalloc_next;
    }
    return heap != NULL && h == heap;
}

/** \~english @brief Put @p heap on the list unless it is there already.
 *  \~chinese @brief 若 @p heap 尚不在链表上，就把它加入链表。 */
static void heap_register(struct k_heap *heap)
{
    k_spinlock_key_t key = k_spin_lock(&heaps_lock);

    if (!heap_listed(heap)) {
        heap->z_kmalloc_next = kmalloc_heaps;
        kmalloc_heaps = heap;
    }
    k_spin_unlock(&heaps_lock, key);
}

/**
 * \~english
 * @brief The heap on the list whose buffer holds the word at @p heap_ref,
 *        or NULL; the caller holds heaps_lock.
 *
 * Compares addresses only: the word itself is not read, so a pointer from
 * anywhere (the C library's malloc(), the first byte of a page whose
 * neighbour below is not mapped) can be judged without a fault.
 * \~chinese
 * @brief 链表上缓冲区包含 @p heap_ref 处那个字的堆，或 NULL；调用者持有
 *        heaps_lock。
 *
 * 只比较地址，不读那个字本身，因此任何来源的指针（C 库的 malloc()，或者
 * 下方相邻页没有映射的某页的第一个字节）都能被判断而不引发故障。
 */
static struct k_heap *heap_holding(const struct k_heap **heap_ref)
{
    uintptr_t at = (uintptr_t)heap_ref;
    struct k_heap *h;

    for (h = kmalloc_heaps; h != NULL; h = h->z_kmalloc_next) {
        uintptr_t start = (uintptr_t)h->heap.pool;

        if (start != 0 && at >= start && at - start <= h->heap.size - sizeof(*heap_ref)) {
            break;
        }
    }
    return h;
}

/**
 * \~english
 * @brief Whether @p heap_ref, the word below a caller's pointer, lies in
 *        the buffer of a heap this family allocated from, holds that heap's
 *        address, and is a block in use of it (the heap itself says so).
 *
 * The pointer is judged in that order, and the word is read only once the
 * first test has shown it lies in a heap's buffer: a pointer from
 * elsewhere is refused on its address alone. A pointer from
 * k_heap_alloc() lies in a heap but fails the second test: the word below
 * it is the block's header (its "used" bit is set, so it is odd and never a
 * heap's address) or an aligned block's gap record (a small distance).
 * @param heap_ref the word below the caller's pointer.
 * @param who the caller's name, for the diagnostic.
 * @return true when the block may be handed to the heap.
 * \~chinese
 * @brief 判断调用者指针下方的那个字 @p heap_ref 是否位于本系列分配过的某个
 *        堆的缓冲区内、保存着该堆的地址，并且是该堆中正在使用的块（由堆自己
 *        回答）。
 *
 * 指针按这个顺序判断，只有在第一项检查表明它位于某个堆的缓冲区内之后，才
 * 读取那个字：来自别处的指针仅凭地址就被拒绝。来自 k_heap_alloc() 的指针
 * 位于堆内，但通不过第二项检查：它下方的字是该块的块头（"已使用"位为 1，
 * 所以是奇数，绝不会是堆的地址），或者是对齐块的间隙记录（一个很小的距离）。
 * @param heap_ref 调用者指针下方的那个字。
 * @param who 调用者的名字，用于诊断信息。
 * @return 可以把内存块交给该堆时返回 true。
 */
static bool heap_ref_valid(struct k_heap **heap_ref, const char *who)
{
    struct k_heap *heap;
    k_spinlock_key_t key;

    if ((uintptr_t)heap_ref % sizeof(void *) != 0) {
        kit_diag(who, "pointer %p is not word-aligned", (void *)(heap_ref + 1));
        return false;
    }
    key = k_spin_lock(&heaps_lock);
    heap = heap_holding((const struct k_heap **)heap_ref);
    k_spin_unlock(&heaps_lock, key);
    if (heap == NULL) {
        kit_diag(who, "pointer %p lies in none of the heaps k_malloc() takes blocks from",
                 (void *)(heap_ref + 1));
        return false;
    }
    if (*heap_ref != heap) {
        kit_diag(who, "pointer %p has no heap pointer below it (a block from k_heap_alloc()?)",
                 (void *)(heap_ref + 1));
        return false;
    }
    if (z_k_heap_usable_size(heap, heap_ref) == 0) {
        kit_diag(who, "pointer %p is not a block in use of heap %p", (void *)(heap_ref + 1),
                 (void *)heap);
        return false;
    }
    return true;
}

/**
 * \~english
 * @brief Allocate @p size bytes aligned to @p align from @p heap, with the
 *        heap's address stored in the word just below the block returned.
 * @param heap the heap, or NULL (then NULL is returned).
 * @param align 0 or a power of two (anything else gets NULL and a
 *        diagnostic); below sizeof(void *) it counts as sizeof(void *).
 * @param size the caller's bytes; 0 gets a block all the same, as in
 *        Zephyr (the heap pointer is in it), which %k_free() takes back.
 * @return the caller's pointer, or NULL.
 * \~chinese
 * @brief 从 @p heap 分配 @p size 字节，按 @p align 对齐，并把堆的地址保存
 *        在返回的内存块正下方的那个字里。
 * @param heap 堆，或 NULL（此时返回 NULL）。
 * @param align 0 或 2 的幂（其他值返回 NULL 并打印诊断信息）；小于
 *        sizeof(void *) 时按 sizeof(void *) 算。
 * @param size 调用者需要的字节数；为 0 时与 Zephyr 一样照样得到一个内存块
 *        （其中放着堆指针），%k_free() 可以收回它。
 * @return 调用者的指针，或 NULL。
 */
static void *z_heap_aligned_alloc(struct k_heap *heap, size_t align, size_t size)
{
    struct k_heap **heap_ref;

    if (align != 0 && !is_power_of_two(align)) {
        KIT_DIAG("alignment %zu is not a power of two", align);
        return NULL;
    }
    if (align < sizeof(heap_ref)) {
        align = sizeof(heap_ref);
    }
    if (heap == NULL) {
        return NULL;
    }
    heap_register(heap);
    /* TODO(lab 5, alloc): Make room for the heap pointer in size (refuse an
     * overflow with size_add_overflow), merge the rewind sizeof(heap_ref)
     * into the alignment word (align | sizeof(heap_ref)) and ask the heap
     * with k_heap_aligned_alloc() and K_NO_WAIT. Store heap in the word the
     * heap returned and give the caller the address just after that word. */
    (void)size_add_overflow; heap_ref = NULL; return heap_ref;
}

/**
 * \~english
 * @brief The resource pool of @p thread, or NULL.
 * \~chinese
 * @brief @p thread 的资源池，或 NULL。
 */
static struct k_heap *resource_pool_of(const struct k_thread *thread)
{
    k_spinlock_key_t key = k_spin_lock(&pool_lock);
    struct k_heap *heap = thread->resource_pool;

    k_spin_unlock(&pool_lock, key);
    return heap;
}

/* ------------------------------------------------------------ public */

void *k_aligned_alloc(size_t align, size_t size)
{
    if (!is_power_of_two(align) || align % sizeof(void *) != 0) {
        KIT_DIAG("alignment %zu is not a power of two and a multiple of %zu", align,
                 sizeof(void *));
        return NULL;
    }
    return z_heap_aligned_alloc(SYSTEM_HEAP, align, size);
}

void *k_malloc(size_t size)
{
    return k_aligned_alloc(sizeof(void *), size);
}

void *k_calloc(size_t nmemb, size_t size)
{
    size_t bytes;
    void *ret;

    if (size_mul_overflow(nmemb, size, &bytes)) {
        return NULL;
    }
    ret = k_malloc(bytes);
    if (ret != NULL) {
        memset(ret, 0, bytes);
    }
    return ret;
}

void *k_realloc(void *ptr, size_t size)
{
    struct k_heap **heap_ref;
    struct k_heap *heap;

    if (size == 0) {
        k_free(ptr);
        return NULL;
    }
    if (ptr == NULL) {
        return k_malloc(size);
    }
    /* TODO(lab 5, realloc): Walk back to the heap pointer as k_free() does and
     * check it with heap_ref_valid(). Make room for it in size (refuse an
     * overflow), and resize the whole block, from the heap pointer's word
     * on, in its own heap with k_heap_realloc() and K_NO_WAIT: the heap
     * keeps the data and the alignment, and may move the block. Write the
     * heap pointer into the (new) block's first word and return the
     * address after it; on failure return NULL, the old block untouched. */
    heap_ref = NULL; heap = NULL; (void)heap; return heap_ref;
}

void k_free(void *ptr)
{
    struct k_heap **heap_ref;

    if (ptr == NULL) {
        return;
    }
    /* TODO(lab 5, free): The heap pointer is in the word just below ptr, and
     * that word is where the block the heap handed out starts. Walk back to
     * it, check it with heap_ref_valid() (a pointer with no heap pointer
     * below it gets a diagnostic and nothing is freed), and give the block
     * back to the heap it names with k_heap_free(). */
    heap_ref = NULL; (void)heap_ref; (void)heap_ref_valid;
}

void k_thread_heap_assign(struct k_thread *thread, struct k_heap *heap)
{
    k_spinlock_key_t key;

    if (thread == NULL) {
        KIT_DIAG("no thread");
        return;
    }
    key = k_spin_lock(&pool_lock);
    thread->resource_pool = heap;
    k_spin_unlock(&pool_lock, key);
}

void k_thread_system_pool_assign(struct k_thread *thread)
{
    k_thread_heap_assign(thread, SYSTEM_HEAP);
}

void *z_thread_aligned_alloc(size_t align, size_t size)
{
    struct k_heap *heap;

    if (k_is_in_isr()) {
        heap = SYSTEM_HEAP;
    } else {
        heap = resource_pool_of(k_current_get());
    }
    return z_heap_aligned_alloc(heap, align, size);
}

void *z_thread_malloc(size_t size)
{
    return z_thread_aligned_alloc(0, size);
}
