/*
 * Stage 3: TLSF, two-level segregated fit, on the block layer of stage 2.
 *
 * Stage 2 kept its free blocks on one list and walked it; this stage keeps
 * them on many lists, one per size class, looks at a few blocks of the
 * request's own list and otherwise finds a non-empty list above it with a
 * find-first-set on a word of one bitmap. Blocks are
 * taken, used, given back and judged by the block layer exactly as in
 * stage 2; only the index is new. The layout is drawn in los_memory.h.
 *
 * Names: LOS_* and OsMem* are LiteOS-M's (the API and the pool head); the
 * index keeps the TLSF paper's (mapping_insert, find_suitable_block,
 * insert_free_block, remove_free_block); block_* is the block layer.
 *
 * Read it in this order: the bit search; the mapping from a block size to
 * its list; the
 * index (a list's head, the bitmap search, insert and remove) and the
 * table the block layer calls; the pool's helpers (the look at the
 * request's own class, taking a block); then the public
 * calls as a program meets them: init, alloc, aligned alloc, free,
 * realloc, the figures, the check and the display.
 */
#include "los_memory.h" /* first: it includes block.h through the search path */

#include <stdio.h>
#include <string.h>

#include "block_align.h"
#include "kit_diag.h"
#include "los_memory_at.h"

/* ------------------------------------------------------------ bit search */

_Static_assert(sizeof(unsigned long long) >= sizeof(size_t), "find_last_set takes any size_t");

/** \~english @brief Index of the lowest set bit of @p word.
 *  \~chinese @brief @p word 最低置位的位序号。 */
static inline uint32_t find_first_set(uint32_t word)
{
    KIT_ASSERT(word != 0, "find-first-set of a word that has a set bit");
    return (uint32_t)__builtin_ctz(word);
}

/** \~english @brief Index of the highest set bit of @p size (log2, rounded down).
 *  \~chinese @brief @p size 最高置位的位序号（log2 向下取整）。 */
static inline uint32_t find_last_set(size_t size)
{
    KIT_ASSERT(size != 0, "find-last-set of a size that has a set bit");
    return 63u - (uint32_t)__builtin_clzll((unsigned long long)size);
}

/* ------------------------------------------------------ sizes and lists */

/**
 * \~english @brief The list a free block of @p size bytes (at least 16) is
 *        filed on: exact below 64 bytes, then 2^SLI lists per power of two.
 *        The paper's first and second level are n / 2^SLI and n % 2^SLI.
 * \~chinese @brief 大小为 @p size 字节（不小于 16）的空闲块所挂的链表：64 字节
 *        以下是精确的，此后每个 2 的幂范围 2^SLI 条链表。论文中的第一级与第二
 *        级即 n / 2^SLI 与 n % 2^SLI。
 */
static inline uint32_t mapping_insert(size_t size)
{
    /* TODO(lab 3, mapping_insert): Map a block size to its list. Below
     * OS_MEM_SMALL_SIZE the lists are exact: list (size - OS_MEM_SMALL_BASE)
     * / 8. Above, let t = find_last_set(size): the power of two of t is row
     * t - OS_MEM_SMALL_SHIFT after the exact lists (OS_MEM_SMALL_LISTS of
     * them), and the list in that row is the OS_MEM_SLI bits of size just
     * below bit t. */
    (void)size; return 0;
}

/** \~english @brief The smallest block size of list @p n.
 *  \~chinese @brief 第 @p n 条链表的最小块大小。 */
static size_t list_low(uint32_t n)
{
    size_t base;

    if (n < OS_MEM_SMALL_LISTS) {
        return OS_MEM_SMALL_BASE + 8u * n;
    }
    n -= OS_MEM_SMALL_LISTS;
    base = (size_t)OS_MEM_SMALL_SIZE << (n / OS_MEM_SL_COUNT);
    return base + (n % OS_MEM_SL_COUNT) * (base >> OS_MEM_SLI);
}

/* ------------------------------------------------------------ the index */

static uint32_t lists_for(uint32_t poolSize);

/** \~english @brief True for a wide pool: list heads are pointers.
 *  \~chinese @brief 宽内存池时为真：链表头是指针。 */
static inline bool pool_is_wide(uint32_t poolSize)
{
    return poolSize > OS_MEM_NARROW_POOL_MAX;
}

/** \~english @brief Words of the bitmap of a pool of @p poolSize bytes.
 *  \~chinese @brief 大小为 @p poolSize 字节的内存池位图的字数。 */
static inline uint32_t bitmap_words(uint32_t poolSize)
{
    return pool_is_wide(poolSize) ? OS_MEM_WIDE_WORDS : OS_MEM_NARROW_WORDS;
}

/** \~english @brief Bytes at the start of @c lists before the heads: the
 *         bitmap's words, rounded up to align a wide pool's pointers.
 *  \~chinese @brief @c lists 开头、链表头之前的字节数：位图的各字，宽内存池
 *         向上取整以使指针对齐。 */
static inline uint32_t heads_offset(uint32_t poolSize)
{
    if (pool_is_wide(poolSize)) {
        return (OS_MEM_WIDE_WORDS * 4u + sizeof(block_t *) - 1u) / sizeof(block_t *) *
               sizeof(block_t *);
    }
    return OS_MEM_NARROW_WORDS * 4u;
}

/** \~english @brief Word @p w of the pool's bitmap.
 *  \~chinese @brief 内存池位图的第 @p w 个字。 */
static inline uint32_t *bitmap_word(const OsMemPoolHead *pool, uint32_t w)
{
    return (uint32_t *)pool->lists + w;
}

/** \~english @brief True when list @p n is not empty.
 *  \~chinese @brief 第 @p n 条链表非空时为真。 */
static inline bool list_in_bitmap(const OsMemPoolHead *pool, uint32_t n)
{
    return n < bitmap_words(pool->poolSize) * 32u &&
           ((*bitmap_word(pool, n / 32u) >> (n % 32u)) & 1u) != 0;
}

/** \~english @brief The first block of list @p n, or NULL.
 *  \~chinese @brief 第 @p n 条链表的第一块，或 NULL。 */
static inline block_t *list_head(const OsMemPoolHead *pool, uint32_t n)
{
    const uint8_t *heads = pool->lists + heads_offset(pool->poolSize);

    if (!pool_is_wide(pool->poolSize)) {
        uint32_t units = ((const uint16_t *)heads)[n];
        return units == 0 ? NULL : (block_t *)((uintptr_t)pool + units * 4u);
    }
    return ((block_t *const *)heads)[n];
}

/** \~english @brief Make @p b (or NULL) the first block of list @p n.
 *  \~chinese @brief 令 @p b（或 NULL）成为第 @p n 条链表的第一块。 */
static inline void set_list_head(OsMemPoolHead *pool, uint32_t n, block_t *b)
{
    uint8_t *heads = pool->lists + heads_offset(pool->poolSize);

    if (!pool_is_wide(pool->poolSize)) {
        ((uint16_t *)heads)[n] = (uint16_t)(b == NULL ? 0 : ((uintptr_t)b - (uintptr_t)pool) / 4u);
    } else {
        ((block_t **)heads)[n] = b;
    }
}

/**
 * \~english @brief The head of the first non-empty list at or above list
 *        @p n, found with the bitmap alone; its number is left in @p n.
 *        NULL when there is none.
 * \~chinese @brief 只凭位图找到的、不低于第 @p n 条链表的第一条非空链表的
 *        表头，其编号存入 @p n；没有时返回 NULL。
 */
static inline block_t *find_suitable_block(const OsMemPoolHead *pool, uint32_t *n)
{
    /* TODO(lab 3, find_suitable): Look for a non-empty list at or above list *n
     * with the bitmap only. The pool's bitmap has bitmap_words(pool->poolSize)
     * words, word w at bitmap_word(pool, w); if *n is past them there is
     * none. Take word *n / 32 with the bits below *n % 32 cleared; while that
     * is 0, go on to the next word, if there is one. Use find_first_set on
     * the first word that is not 0, store the list's number in *n and
     * return its head. */
    (void)pool; (void)n; return NULL;
}

/**
 * \~english @brief Push the free block @p b on list @p n and set the list's
 *        bit.
 * \~chinese @brief 把空闲块 @p b 压入第 @p n 条链表，并置上该链表的位。
 */
static inline void insert_free_block(OsMemPoolHead *pool, block_t *b, uint32_t n)
{
    KIT_ASSERT(n < lists_for(pool->poolSize), "a block is filed on a list the pool has");
    /* TODO(lab 3, insert): Push b at the head of list n: b's next link is the old
     * head list_head(pool, n), its back link NULL, and the old head, if
     * any, links back to b; set_list_head() makes b the head. Then set bit
     * n % 32 of the bitmap's word n / 32, *bitmap_word(pool, n / 32). */
    (void)pool; (void)b; (void)n;
}

/**
 * \~english @brief Take the free block @p b, filed on list @p n, out of it;
 *        clear the list's bit when it empties.
 * \~chinese @brief 把挂在第 @p n 条链表上的空闲块 @p b 摘下；链表因此变空
 *        时清除它的位。
 */
static inline void remove_free_block(OsMemPoolHead *pool, block_t *b, uint32_t n)
{
    /* TODO(lab 3, remove): Unlink b: its next block, if any, links back to b's
     * back link; its previous block, if any, takes b's next link, and when
     * there is none b was the head, so b's next becomes the head. If the
     * list is now empty, clear its bit in the bitmap. */
    (void)pool; (void)b; (void)n;
}

/** \~english @brief The pool around @p arena.
 *  \~chinese @brief 包含 @p arena 的内存池。 */
static inline OsMemPoolHead *pool_of(block_arena_t *arena)
{
    return (OsMemPoolHead *)((char *)arena - offsetof(OsMemPoolHead, arena));
}

/** \~english @brief The index's insert, for the block layer: file @p b on
 *         the list of its size.
 *  \~chinese @brief 供块层使用的索引插入函数：把 @p b 放到其大小所属的链表上。 */
static inline void tlsf_insert(block_arena_t *arena, block_t *b)
{
    insert_free_block(pool_of(arena), b, mapping_insert(block_size(b)));
}

/** \~english @brief The index's remove, for the block layer: take @p b off
 *         the list of its size.
 *  \~chinese @brief 供块层使用的索引移除函数：把 @p b 从其大小所属的链表上
 *         摘下。 */
static inline void tlsf_remove(block_arena_t *arena, block_t *b)
{
    remove_free_block(pool_of(arena), b, mapping_insert(block_size(b)));
}

/** \~english @brief Whether the free block @p b is linked as a member of list
 *         @p n: its back link NULL and it the list's head, or a block that
 *         links to it; its next link the end or a block that links back.
 *  \~chinese @brief 空闲块 @p b 是否作为第 @p n 条链表的成员正确链接：反向指针
 *         为 NULL 且它就是表头，或者是指向它的块；后向指针要么是链表末尾，要么
 *         是反向指回它的块。 */
static inline bool linked_on(const OsMemPoolHead *pool, const block_t *b, uint32_t n)
{
    const block_t *prev = b->prev_free;
    const block_t *next = b->next_free;

    return (prev == NULL ? list_head(pool, n) == b
                         : block_free_header_ok(&pool->arena, prev) && prev->next_free == b) &&
           (next == NULL || (block_free_header_ok(&pool->arena, next) && next->prev_free == b));
}

/** \~english @brief linked_on() the list of @p b's size, for the block layer.
 *  \~chinese @brief 供块层使用：在 @p b 大小所属的链表上调用 linked_on()。 */
static inline bool tlsf_linked(const block_arena_t *arena, const block_t *b)
{
    return linked_on(pool_of((block_arena_t *)arena), b, mapping_insert(block_size(b)));
}

/** \~english @brief The segregated lists, as the block layer calls them.
 *  \~chinese @brief 块层所调用的分离链表。 */
static const block_index_t tlsf_index = { tlsf_insert, tlsf_remove, tlsf_linked };

/* -------------------------------------------------------------- the pool */

/** \~english @brief True when @p pool is aligned and initialised; every
 *         public call starts with this.
 *  \~chinese @brief @p pool 已对齐且已初始化时为真；每个公开函数都先做这项
 *         检查。 */
static inline bool pool_valid(const void *pool)
{
    return pool != NULL && ((uintptr_t)pool % OS_MEM_ALIGN_SIZE) == 0 &&
           ((const OsMemPoolHead *)pool)->magic == OS_MEM_POOL_MAGIC;
}

/** \~english @brief Whether the free block @p b, about to be taken from list
 *         @p n, can be trusted: a sound header of a size that fits the
 *         arena, and links that agree with list @p n.
 *  \~chinese @brief 即将从第 @p n 条链表取下的空闲块 @p b 是否可信：块头完好，
 *         大小落在区域内，链接与第 @p n 条链表一致。 */
static inline bool free_block_ok(const OsMemPoolHead *pool, const block_t *b, uint32_t n)
{
    return block_free_header_ok(&pool->arena, b) &&
           block_size_fits(&pool->arena, b, block_size(b)) && linked_on(pool, b, n);
}

/** \~english @brief Report the damaged block @p b met on list @p n; out of
 *         line, as it is never on a path that succeeds.
 *  \~chinese @brief 报告在第 @p n 条链表上遇到的损坏块 @p b；不内联，因为它
 *         从不出现在成功的路径上。 */
static void __attribute__((noinline, cold))
damaged_free_block(const OsMemPoolHead *pool, const block_t *b, uint32_t n)
{
    kit_diag("LOS_MemAlloc", "pool %p: free list %u holds a damaged block %p", (const void *)pool,
             (unsigned)n, (const void *)b);
}

/**
 * \~english @brief A block of at least @p need bytes among the first
 *        #OS_MEM_OWN_CLASS_TRIES of list @p n, the request's own, or NULL.
 * \~chinese @brief 在第 @p n 条链表（请求本身所在的链表）的前
 *        #OS_MEM_OWN_CLASS_TRIES 个块中找一个不小于 @p need 字节的块，或 NULL。
 */
static inline block_t *search_own_class(const OsMemPoolHead *pool, size_t need, uint32_t n)
{
    /* TODO(lab 3, own_class): Before any list above it, the request's own list
     * may hold a block that fits, closer in size than any above. If list n
     * is not empty (its bit is set), look at its first
     * OS_MEM_OWN_CLASS_TRIES blocks at most and return the first whose
     * block_size() is at least need. */
    (void)pool; (void)need; (void)n; return NULL;
}

/** \~english @brief Take out of the index a free block of at least @p need
 *         bytes, or NULL: from the request's own list if one of its first
 *         blocks fits, else from the first non-empty list above.
 *  \~chinese @brief 从索引中取出一个不小于 @p need 字节的空闲块，或 NULL：
 *         请求本身所在链表的前几块中有合适的就取它，否则取上方第一条非空
 *         链表的块。 */
static inline __attribute__((always_inline)) block_t *take_free_block(OsMemPoolHead *pool,
                                                                      size_t need)
{
    uint32_t n = mapping_insert(need);
    block_t *b = search_own_class(pool, need, n);

    if (b == NULL) {
        n++; /* every block of a list above the request's own is big enough */
        b = find_suitable_block(pool, &n);
        if (b == NULL) {
            return NULL;
        }
    }
    if (!free_block_ok(pool, b, n)) {
        damaged_free_block(pool, b, n);
        return NULL;
    }
    remove_free_block(pool, b, n);
    return b;
}

/** \~english @brief Count the block @p b, just handed out.
 *  \~chinese @brief 记入刚分配出去的块 @p b。 */
static inline void count_used(OsMemPoolHead *pool, const block_t *b)
{
    pool->curUsedSize += (uint32_t)block_size(b);
    if (pool->curUsedSize > pool->waterLine) {
        pool->waterLine = pool->curUsedSize;
    }
}

/**
 * \~english @brief Allocate @p size bytes placed by @p alignWord
 *        (#BLOCK_ALIGN, or `align | rew`), with the lock held. Always
 *        inlined, so that in LOS_MemAlloc() the constant alignment folds
 *        away.
 * \~chinese @brief 在持有锁的情况下分配 @p size 字节，按 @p alignWord
 *        （#BLOCK_ALIGN，或 `align | rew`）放置。总是内联，这样在
 *        LOS_MemAlloc() 中常量对齐值会被编译器消去。
 */
static inline __attribute__((always_inline)) void *alloc_locked(OsMemPoolHead *pool, size_t size,
                                                                size_t alignWord)
{
    size_t rew;
    size_t align = block_align_decode(alignWord, &rew);
    size_t need = block_size_for_aligned_at(size, align, rew);
    void *payload;
    block_t *b;

    if (need == 0 || (b = take_free_block(pool, need)) == NULL) {
        return NULL;
    }
    b = block_place(&pool->arena, b, size, alignWord, &tlsf_index, &payload);
    count_used(pool, b);
    return payload;
}

/** \~english @brief Give the used block @p b back, uncounted, with the lock
 *         held. Always inlined, as alloc_locked() is.
 *  \~chinese @brief 在持有锁的情况下归还已使用的块 @p b，并从统计中减去。
 *         与 alloc_locked() 一样总是内联。 */
static inline __attribute__((always_inline)) void free_locked(OsMemPoolHead *pool, block_t *b)
{
    pool->curUsedSize -= (uint32_t)block_size(b);
    block_release(&pool->arena, b, &tlsf_index);
}

/** \~english @brief Print why free or realloc refused a pointer; out of line
 *         and called after the lock is released.
 *  \~chinese @brief 打印释放或 realloc 拒绝某个指针的原因；不内联，在释放
 *         锁之后调用。 */
static void __attribute__((noinline, cold))
refused(const char *func, const void *pool, const void *ptr, const char *why)
{
    kit_diag(func, "pool %p: pointer %p %s", pool, ptr, why);
}

/** \~english @brief The lists a pool of @p poolSize bytes needs: up to the
 *         one of the largest block it could hold.
 *  \~chinese @brief 大小为 @p poolSize 字节的内存池所需的链表数：直到它可能
 *         拥有的最大块所在的链表为止。 */
static uint32_t lists_for(uint32_t poolSize)
{
    if (poolSize < sizeof(OsMemPoolHead) + OS_MEM_SMALL_SIZE) {
        return OS_MEM_SMALL_LISTS;
    }
    return mapping_insert(poolSize - sizeof(OsMemPoolHead)) / OS_MEM_SL_COUNT * OS_MEM_SL_COUNT +
           OS_MEM_SL_COUNT;
}

uint32_t OsMemPoolHeadSize(uint32_t poolSize)
{
    return (uint32_t)sizeof(OsMemPoolHead) + heads_offset(poolSize) +
           lists_for(poolSize) * (pool_is_wide(poolSize) ? sizeof(block_t *) : sizeof(uint16_t));
}

/* ----------------------------------------------------------- public calls */

uint32_t LOS_MemInit(void *pool, uint32_t size)
{
    OsMemPoolHead *head = (OsMemPoolHead *)pool;
    uint32_t headSize = OsMemPoolHeadSize(size);
    block_arena_t arena;
    block_t *first;
    uintptr_t intSave;

    if (pool == NULL || ((uintptr_t)pool % OS_MEM_ALIGN_SIZE) != 0 || size <= headSize ||
        (uintptr_t)pool > UINTPTR_MAX - size) {
        KIT_DIAG("pool %p of %u bytes refused: NULL, not %u-byte aligned, too small or wrapping",
                 pool, (unsigned)size, (unsigned)OS_MEM_ALIGN_SIZE);
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    first = block_arena_init(&arena, (char *)pool + headSize, size - headSize);
    if (first != NULL) {
        memset(head, 0, headSize);
        head->poolSize = size;
        head->arena = arena;
        tlsf_insert(&head->arena, first);
        head->curUsedSize = size - (uint32_t)block_size(first);
        head->waterLine = head->curUsedSize;
        head->magic = OS_MEM_POOL_MAGIC;
    }
    LOS_IntRestore(intSave);
    if (first == NULL) {
        KIT_DIAG("pool %p of %u bytes has no room for one block", pool, (unsigned)size);
        return LOS_NOK;
    }
    return LOS_OK;
}

uint32_t LOS_MemDeInit(void *pool)
{
    uintptr_t intSave;

    if (!pool_valid(pool)) {
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    ((OsMemPoolHead *)pool)->magic = 0;
    LOS_IntRestore(intSave);
    return LOS_OK;
}

void *LOS_MemAlloc(void *pool, uint32_t size)
{
    void *p;
    uintptr_t intSave;

    if (!pool_valid(pool)) {
        return NULL;
    }
    intSave = LOS_IntLock();
    p = alloc_locked((OsMemPoolHead *)pool, size, BLOCK_ALIGN);
    LOS_IntRestore(intSave);
    return p;
}

void *LOS_MemAllocAlign(void *pool, uint32_t size, uint32_t boundary)
{
    void *p;
    uintptr_t intSave;

    if (!pool_valid(pool) || boundary == 0 || (boundary & (boundary - 1)) != 0) {
        return NULL;
    }
    intSave = LOS_IntLock();
    p = alloc_locked((OsMemPoolHead *)pool, size, boundary < BLOCK_ALIGN ? BLOCK_ALIGN : boundary);
    LOS_IntRestore(intSave);
    return p;
}

void *OsMemAllocAlignAt(void *pool, uint32_t size, uint32_t boundary, uint32_t rewind)
{
    void *p;
    uintptr_t intSave;

    if (rewind == 0) {
        return LOS_MemAllocAlign(pool, size, boundary);
    }
    if (!pool_valid(pool) || boundary < BLOCK_ALIGN || (boundary & (boundary - 1)) != 0 ||
        rewind >= boundary || (rewind & (rewind - 1)) != 0 || rewind % sizeof(size_t) != 0) {
        return NULL;
    }
    intSave = LOS_IntLock();
    p = alloc_locked((OsMemPoolHead *)pool, size, (size_t)boundary | rewind);
    LOS_IntRestore(intSave);
    return p;
}

uint32_t LOS_MemFree(void *pool, void *ptr)
{
    OsMemPoolHead *head = (OsMemPoolHead *)pool;
    const char *why = NULL;
    size_t align;
    block_t *b;
    uintptr_t intSave;

    if (!pool_valid(pool)) {
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    b = block_of_pointer(&head->arena, ptr, &align, &why);
    if (b != NULL && !block_neighbours_ok(&head->arena, b, &tlsf_index, &why)) {
        b = NULL;
    }
    if (b != NULL) {
        free_locked(head, b);
    }
    LOS_IntRestore(intSave);
    if (b == NULL) {
        if (why != NULL) {
            refused(__func__, pool, ptr, why);
        }
        return LOS_NOK;
    }
    return LOS_OK;
}

/**
 * \~english @brief Resize the used block @p b (user pointer @p ptr, placed by
 *        @p alignWord) with the lock held: in place if it can, else by
 *        moving. NULL when there is no room (then nothing changed).
 * \~chinese @brief 在持有锁的情况下调整已使用块 @p b（用户指针 @p ptr，按
 *        @p alignWord 放置）的大小：能原地进行就原地进行，否则搬移。空间不足
 *        时返回 NULL（此时什么都没有改变）。
 */
static void *realloc_locked(OsMemPoolHead *pool, block_t *b, void *ptr, uint32_t size,
                            size_t alignWord)
{
    size_t before = block_size(b);
    size_t keep = block_usable(b, ptr);
    void *moved;

    if (size > pool->poolSize) {
        return NULL;
    }
    if (block_resize_in_place(&pool->arena, b, ptr, size, &tlsf_index)) {
        pool->curUsedSize -= (uint32_t)before;
        count_used(pool, b);
        return ptr;
    }
    moved = alloc_locked(pool, size, alignWord);
    if (moved != NULL) {
        memcpy(moved, ptr, keep < size ? keep : size);
        free_locked(pool, b);
    }
    return moved;
}

void *LOS_MemRealloc(void *pool, void *ptr, uint32_t size)
{
    const char *why = NULL;
    void *moved = NULL;
    size_t align;
    block_t *b;
    uintptr_t intSave;

    if (ptr == NULL) {
        return LOS_MemAlloc(pool, size);
    }
    if (size == 0) {
        (void)LOS_MemFree(pool, ptr);
        return NULL;
    }
    if (!pool_valid(pool)) {
        return NULL;
    }
    intSave = LOS_IntLock();
    b = block_of_pointer(&((OsMemPoolHead *)pool)->arena, ptr, &align, &why);
    if (b != NULL && !block_neighbours_ok(&((OsMemPoolHead *)pool)->arena, b, &tlsf_index, &why)) {
        b = NULL;
    }
    if (b != NULL) {
        moved = realloc_locked((OsMemPoolHead *)pool, b, ptr, size, align);
    }
    LOS_IntRestore(intSave);
    if (b == NULL) {
        refused(__func__, pool, ptr, why);
    }
    return moved;
}

uint32_t OsMemUsableSize(void *pool, const void *ptr)
{
    const char *why = NULL;
    uint32_t usable = 0;
    size_t align;
    block_t *b;
    uintptr_t intSave;

    if (!pool_valid(pool)) {
        return 0;
    }
    intSave = LOS_IntLock();
    b = block_of_pointer(&((OsMemPoolHead *)pool)->arena, ptr, &align, &why);
    if (b != NULL) {
        usable = (uint32_t)block_usable(b, ptr);
    }
    LOS_IntRestore(intSave);
    return usable;
}

uint32_t LOS_MemInfoGet(void *pool, LOS_MEM_POOL_STATUS *poolStatus)
{
    const OsMemPoolHead *head = (const OsMemPoolHead *)pool;
    block_census_t census;
    bool ok;
    uintptr_t intSave;

    if (!pool_valid(pool) || poolStatus == NULL) {
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    ok = block_check_chain(&head->arena, &census);
    if (ok) {
        poolStatus->totalUsedSize = head->curUsedSize;
        poolStatus->totalFreeSize = (uint32_t)census.free_bytes;
        poolStatus->maxFreeNodeSize = (uint32_t)census.largest_free;
        poolStatus->usedNodeNum = (uint32_t)census.used_blocks;
        poolStatus->freeNodeNum = (uint32_t)census.free_blocks;
        poolStatus->usageWaterLine = head->waterLine;
    }
    LOS_IntRestore(intSave);
    return ok ? LOS_OK : LOS_NOK;
}

uint32_t LOS_MemTotalUsedGet(void *pool)
{
    return pool_valid(pool) ? ((const OsMemPoolHead *)pool)->curUsedSize : 0;
}

uint32_t LOS_MemPoolSizeGet(const void *pool)
{
    return pool_valid(pool) ? ((const OsMemPoolHead *)pool)->poolSize : 0;
}

uint32_t OsMemListCount(const void *pool)
{
    return pool_valid(pool) ? lists_for(((const OsMemPoolHead *)pool)->poolSize) : 0;
}

block_t *OsMemListHead(const void *pool, uint32_t n)
{
    return n < OsMemListCount(pool) ? list_head((const OsMemPoolHead *)pool, n) : NULL;
}

/* ------------------------------------------------------- check and show */

/**
 * \~english @brief Check list @p n: each entry a free block of the arena, of
 *        this list's sizes, its back link right; count them into @p listed,
 *        failing when they outnumber the walk's free blocks.
 * \~chinese @brief 检查第 @p n 条链表：每一项都是区域中大小属于本链表的空闲
 *        块，反向指针正确；把它们计入 @p listed，多于遍历所得的空闲块时失败。
 */
static bool check_list(const OsMemPoolHead *pool, uint32_t n, const block_census_t *census,
                       block_census_t *listed)
{
    const block_t *prev = NULL;

    for (const block_t *b = list_head(pool, n); b != NULL; prev = b, b = b->next_free) {
        if (!block_free_header_ok(&pool->arena, b) || b->prev_free != prev ||
            !block_size_fits(&pool->arena, b, block_size(b))) {
            KIT_DIAG("list %u holds a bad entry %p", (unsigned)n, (const void *)b);
            return false;
        }
        if (mapping_insert(block_size(b)) != n) {
            KIT_DIAG("block %p of %zu bytes belongs to list %u, found on %u", (const void *)b,
                     block_size(b), (unsigned)mapping_insert(block_size(b)), (unsigned)n);
            return false;
        }
        listed->free_bytes += block_size(b);
        if (++listed->free_blocks > census->free_blocks) {
            KIT_DIAG("the lists hold more blocks than the %zu free ones", census->free_blocks);
            return false;
        }
    }
    return true;
}

/** \~english @brief Check the bitmap against the lists, and the lists
 *         against the walk's census.
 *  \~chinese @brief 对照链表检查位图，再对照遍历的计数检查链表。 */
static bool check_index(const OsMemPoolHead *pool, const block_census_t *census)
{
    block_census_t listed = { 0 };
    uint32_t lists = lists_for(pool->poolSize);

    for (uint32_t n = lists; n < bitmap_words(pool->poolSize) * 32u; n++) {
        if (list_in_bitmap(pool, n)) {
            KIT_DIAG("bit %u is set, past the pool's %u lists", (unsigned)n, (unsigned)lists);
            return false;
        }
    }
    for (uint32_t n = 0; n < lists; n++) {
        if (list_in_bitmap(pool, n) != (list_head(pool, n) != NULL)) {
            KIT_DIAG("list %u: bit %u, head %p", (unsigned)n, (unsigned)list_in_bitmap(pool, n),
                     (void *)list_head(pool, n));
            return false;
        }
        if (!check_list(pool, n, census, &listed)) {
            return false;
        }
    }
    if (listed.free_blocks != census->free_blocks || listed.free_bytes != census->free_bytes) {
        KIT_DIAG("the lists hold %zu blocks of %zu bytes, the walk found %zu of %zu",
                 listed.free_blocks, listed.free_bytes, census->free_blocks, census->free_bytes);
        return false;
    }
    return true;
}

/** \~english @brief Check the pool's counters against the walk's census.
 *  \~chinese @brief 用遍历的计数核对内存池的各个计数。 */
static bool check_counters(const OsMemPoolHead *pool, const block_census_t *census)
{
    if (pool->curUsedSize != pool->poolSize - census->free_bytes ||
        pool->waterLine < pool->curUsedSize || pool->waterLine > pool->poolSize) {
        KIT_DIAG("counters say %u bytes used (peak %u); the walk found %zu bytes free of %u",
                 (unsigned)pool->curUsedSize, (unsigned)pool->waterLine, census->free_bytes,
                 (unsigned)pool->poolSize);
        return false;
    }
    return true;
}

uint32_t LOS_MemIntegrityCheck(const void *pool)
{
    const OsMemPoolHead *head = (const OsMemPoolHead *)pool;
    block_census_t census;
    bool ok;
    uintptr_t intSave;

    if (!pool_valid(pool)) {
        KIT_DIAG("pool %p is not an initialised TLSF pool", pool);
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    ok = (uintptr_t)head->arena.end + BLOCK_HEADER_SIZE <= (uintptr_t)head + head->poolSize &&
         block_check_chain(&head->arena, &census) && check_index(head, &census) &&
         check_counters(head, &census);
    LOS_IntRestore(intSave);
    return ok ? LOS_OK : LOS_NOK;
}

uint32_t LOS_MemFreeNodeShow(void *pool)
{
    const OsMemPoolHead *head = (const OsMemPoolHead *)pool;
    uint32_t lists;

    if (!pool_valid(pool)) {
        printf("pool %p: not an initialised TLSF pool\n", pool);
        return LOS_NOK;
    }
    lists = lists_for(head->poolSize);
    printf("pool %p: %u lists, SLI %u, %s pool, bitmap", pool, (unsigned)lists,
           (unsigned)OS_MEM_SLI, pool_is_wide(head->poolSize) ? "wide" : "narrow");
    for (uint32_t w = 0; w < bitmap_words(head->poolSize); w++) {
        printf(" %08x", (unsigned)*bitmap_word(head, w));
    }
    printf("\n");
    for (uint32_t n = 0; n < lists; n++) {
        uint32_t shown = 0;
        if (list_head(head, n) == NULL) {
            continue;
        }
        printf("  list %u [%zu, %zu):", (unsigned)n, list_low(n), list_low(n + 1));
        const block_t *prev = NULL;
        for (const block_t *b = list_head(head, n);
             b != NULL && shown <= head->poolSize / BLOCK_MIN_SIZE;
             prev = b, b = b->next_free, shown++) {
            if (!block_free_header_ok(&head->arena, b) || b->prev_free != prev) {
                printf(" (a damaged link to %p: the list is not followed further)\n",
                       (const void *)b);
                return LOS_NOK;
            }
            printf(" %zu", block_size(b));
        }
        printf("\n");
    }
    return LOS_OK;
}
