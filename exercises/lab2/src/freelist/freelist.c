/*
 * Stage 2: the free-list heap.
 *
 * Read it in this order: the pool check; the free list, the stage's index
 * (insert and remove, the table the block layer is handed); the three fit
 * searches; then the public calls as a program meets them: init, alloc,
 * aligned alloc, calloc, free, realloc, statistics, walk, check, show.
 * Blocks are taken, given back and judged by the block layer (block.h,
 * block_align.h), where the layout is drawn.
 */
#include "freelist.h" /* first: it includes block.h through the search path */

#include <stdio.h>
#include <string.h>

#include "block_align.h"
#include "kit_diag.h"

/** \~english @brief True when @p pool is aligned and initialised; every
 *         public call starts with this.
 *  \~chinese @brief @p pool 已对齐且已初始化时为真；每个公开函数都先做这项
 *         检查。 */
static inline bool fl_pool_valid(const void *pool)
{
    return pool != NULL && ((uintptr_t)pool % BLOCK_ALIGN) == 0 &&
           ((const fl_heap_t *)pool)->magic == FL_MAGIC;
}

/** \~english @brief The list head, which ends every walk of the circular list.
 *  \~chinese @brief 链表头，循环链表的每次遍历都止于它。 */
static inline block_t *fl_head(fl_heap_t *h)
{
    return &h->head;
}

/** \~english @brief The heap around @p arena.
 *  \~chinese @brief 包含 @p arena 的堆。 */
static inline fl_heap_t *fl_of(block_arena_t *arena)
{
    return (fl_heap_t *)((char *)arena - offsetof(fl_heap_t, arena));
}

/** \~english @brief Link @p b into the list between @p prev and @p at, two
 *         neighbours on it (blocks or the head) known from a judged walk.
 *  \~chinese @brief 把 @p b 链入链表，放在 @p prev 与 @p at 之间；二者是链表上
 *         相邻的两项（块或表头），由一次经过判定的遍历得知。 */
static inline void fl_link_between(block_t *prev, block_t *at, block_t *b)
{
    b->next_free = at;
    b->prev_free = prev;
    prev->next_free = b;
    at->prev_free = b;
}

/** \~english @brief Whether @p b, met on the list, may be read as a free
 *         block: an address of the arena, a sound header of a size that fits
 *         it, U clear.
 *  \~chinese @brief 在链表上遇到的 @p b 能否作为空闲块读取：是区域中的地址，
 *         块头完好、大小落在区域内，U 为 0。 */
static inline bool fl_free_ok(const fl_heap_t *h, const block_t *b)
{
    return block_free_header_ok(&h->arena, b) && block_size_fits(&h->arena, b, block_size(b));
}

/** \~english @brief The block after @p b on the list (@p b the list head or a
 *         block already judged), judged before anyone reads it: the head, whose
 *         last block is @p b, or a free block that links back to @p b. A damaged link is reported
 *         and ends the walk: the head is returned.
 *  \~chinese @brief 链表上 @p b（表头或已判定过的块）之后的块，在任何人读取它
 *         之前先作判定：要么是表头，要么是反向指回 @p b 的空闲块。损坏的指针
 *         会被报告并结束遍历：返回表头。 */
static block_t *fl_next(fl_heap_t *h, const block_t *b)
{
    block_t *next = b->next_free;

    if (next == fl_head(h) ? h->head.prev_free == b : fl_free_ok(h, next) && next->prev_free == b) {
        return next;
    }
    KIT_DIAG("heap %p: the free list's link after %p is damaged (%p)", (void *)h, (const void *)b,
             (void *)next);
    return fl_head(h);
}

/** \~english @brief The index's judge of links, for the block layer: each of
 *         @p b's links is the list head, whose link the other way is @p b, or
 *         a sound free block of the arena that links back to it.
 *  \~chinese @brief 供块层使用的链接判定：@p b 的每个指针要么是表头（其反方向的
 *         指针正是 @p b），要么是区域中反向指回它的完好空闲块。 */
static bool fl_linked(const block_arena_t *arena, const block_t *b)
{
    const fl_heap_t *h = fl_of((block_arena_t *)arena);
    const block_t *next = b->next_free;
    const block_t *prev = b->prev_free;

    return (next == &h->head ? h->head.prev_free == b
                             : fl_free_ok(h, next) && next->prev_free == b) &&
           (prev == &h->head ? h->head.next_free == b
                             : fl_free_ok(h, prev) && prev->next_free == b);
}

/** \~english @brief The index's insert: put the free block @p b at the head
 *         (LIFO), or before the first block at a higher address (O(n)).
 *  \~chinese @brief 索引的插入：把空闲块 @p b 放在表头（后进先出），或放在
 *         第一个地址比它高的块之前（O(n)）。 */
static void fl_insert(block_arena_t *arena, block_t *b)
{
    fl_heap_t *h = fl_of(arena);
    block_t *prev = fl_head(h);
    block_t *at = fl_next(h, prev);

    if (h->order == FL_ADDRESS_ORDERED) {
        while (at != fl_head(h) && at < b) {
            prev = at;
            at = fl_next(h, at);
        }
    }
    if (at == fl_head(h) && prev->next_free != fl_head(h)) {
        prev = h->head.prev_free; /* the walk met a damaged link: b goes last */
    }
    fl_link_between(prev, at, b);
    h->free_blocks++;
}

/** \~english @brief The index's remove: take @p b off the list in O(1); a
 *         rover on it moves on to its successor.
 *  \~chinese @brief 索引的移除：以 O(1) 把 @p b 从链表中取下；指向它的游标
 *         移到它的后继。 */
static void fl_remove(block_arena_t *arena, block_t *b)
{
    fl_heap_t *h = fl_of(arena);

    if (h->rover == b) {
        h->rover = b->next_free;
    }
    b->prev_free->next_free = b->next_free;
    b->next_free->prev_free = b->prev_free;
    h->free_blocks--;
}

/** \~english @brief The free list, as the block layer calls it.
 *  \~chinese @brief 块层所调用的空闲链表。 */
static const block_index_t fl_index = { fl_insert, fl_remove, fl_linked };

/** \~english @brief First fit: the first block on the list of at least
 *         @p want bytes, or NULL. O(n) in free blocks.
 *  \~chinese @brief 首次适配：链表上第一个不小于 @p want 字节的块，或 NULL。
 *         O(n)，n 为空闲块个数。 */
static block_t *fl_first_fit(fl_heap_t *h, size_t want)
{
    /* TODO(lab 2, first_fit): Walk the free list from the head (fl_head(h)),
     * stepping with fl_next(), which judges each link before you read the
     * block, until you are back at the head; return the first block whose
     * block_size() is at least want, or NULL when none is. */
    (void)h; (void)want; return NULL;
}

/** \~english @brief Next fit: first fit from the rover (where the last search
 *         took its block), wrapping around once. O(n) in free blocks.
 *  \~chinese @brief 循环首次适配：从游标（上次取块的位置）开始做首次适配，
 *         绕链表一圈。O(n)，n 为空闲块个数。 */
static block_t *fl_next_fit(fl_heap_t *h, size_t want)
{
    /* TODO(lab 2, next_fit): Start at h->rover and step with fl_next() around
     * the circular list until you are back at h->rover. Skip the list head
     * (fl_head(h)); return the first block of at least want bytes, or NULL.
     * A walk that fl_next() ended at the head on a damaged link must stop
     * there too: stop when you reach the head a second time. */
    (void)h; (void)want; return NULL;
}

/** \~english @brief Best fit: the smallest block of at least @p want bytes
 *         (the first of equals), stopping early at an exact fit; or NULL.
 *         O(n) in free blocks.
 *  \~chinese @brief 最佳适配：不小于 @p want 字节的块中最小的一个（大小相同
 *         取第一个），遇到大小正好的块即停；或 NULL。O(n)，n 为空闲块个数。 */
static block_t *fl_best_fit(fl_heap_t *h, size_t want)
{
    /* TODO(lab 2, best_fit): Walk the whole free list (with fl_next(), as first
     * fit does) and keep the smallest block
     * of at least want bytes (keep the first one on a tie); stop at once on
     * a block of exactly want bytes. Return it, or NULL when none fits. */
    (void)h; (void)want; return NULL;
}

/** \~english @brief Search the list with the heap's policy.
 *  \~chinese @brief 按堆的策略搜索链表。 */
static block_t *fl_find(fl_heap_t *h, size_t want)
{
    switch (h->fit) {
    case FL_NEXT_FIT:
        if (h->rover != fl_head(h) && !fl_free_ok(h, h->rover)) {
            KIT_DIAG("heap %p: the rover's block %p is damaged", (void *)h, (void *)h->rover);
            h->rover = fl_head(h);
        }
        return fl_next_fit(h, want);
    case FL_BEST_FIT:
        return fl_best_fit(h, want);
    default:
        return fl_first_fit(h, want);
    }
}

/** \~english @brief The block in use behind a caller's pointer, its header
 *         and its neighbours judged, or NULL with a diagnostic naming the
 *         public call @p who.
 *  \~chinese @brief 调用者指针背后正在使用、块头与邻居都已判定的内存块；不合格时返回 NULL，并
 *         打印指明公开函数 @p who 的诊断信息。 */
static block_t *fl_block_in_use(fl_heap_t *h, const void *ptr, const char *who, size_t *align)
{
    const char *why = NULL;
    block_t *b = block_of_pointer(&h->arena, ptr, align, &why);

    if (b != NULL && !block_neighbours_ok(&h->arena, b, &fl_index, &why)) {
        b = NULL;
    }
    if (b == NULL && why != NULL) {
        kit_diag(who, "heap %p: pointer %p %s", (void *)h, ptr, why);
    }
    return b;
}

/** \~english @brief Count @p b as used, and raise the high-water mark.
 *  \~chinese @brief 把 @p b 计为已使用，并更新最高水位。 */
static void fl_count_used(fl_heap_t *h, const block_t *b)
{
    h->used_bytes += block_size(b);
    h->used_blocks++;
    if (h->used_bytes > h->peak_used) {
        h->peak_used = h->used_bytes;
    }
}

int fl_init(void *pool, size_t size, fl_fit_t fit, fl_order_t order)
{
    fl_heap_t *h = pool;
    block_arena_t arena;
    block_t *b;

    if (pool == NULL || (uintptr_t)pool % BLOCK_ALIGN != 0 || size <= sizeof(fl_heap_t) ||
        (uintptr_t)pool > UINTPTR_MAX - size || (unsigned)fit > FL_BEST_FIT ||
        (unsigned)order > FL_LIFO) {
        return FL_ERROR;
    }
    b = block_arena_init(&arena, (char *)pool + sizeof(fl_heap_t), size - sizeof(fl_heap_t));
    if (b == NULL) {
        return FL_ERROR;
    }
    memset(h, 0, sizeof *h);
    h->fit = (uint8_t)fit;
    h->order = (uint8_t)order;
    h->head.next_free = h->head.prev_free = fl_head(h);
    h->rover = fl_head(h);
    h->arena = arena;
    h->arena_bytes = block_size(b);
    fl_insert(&h->arena, b);
    h->magic = FL_MAGIC;
    return FL_OK;
}

/** \~english @brief The path of every allocation: search, take the block out,
 *         place the payload; next fit leaves the rover on the free rest.
 *  \~chinese @brief 每次分配的路径：搜索，取出内存块，放置用户区；循环首次
 *         适配把游标留在剩余的空闲部分上。 */
static void *fl_take(fl_heap_t *h, size_t align, size_t size)
{
    size_t want = block_size_for_aligned(size, align);
    block_t *b = want == 0 ? NULL : fl_find(h, want);
    void *payload;

    if (b == NULL) {
        return NULL;
    }
    if (!fl_linked(&h->arena, b)) {
        KIT_DIAG("heap %p: free block %p has damaged links", (void *)h, (void *)b);
        return NULL;
    }
    fl_remove(&h->arena, b);
    b = block_place(&h->arena, b, size, align, &fl_index, &payload);
    if (h->fit == FL_NEXT_FIT && !block_is_used(block_next(b))) {
        h->rover = block_next(b);
    }
    fl_count_used(h, b);
    return payload;
}

void *fl_alloc(void *pool, size_t size)
{
    return fl_aligned_alloc(pool, BLOCK_ALIGN, size);
}

void *fl_aligned_alloc(void *pool, size_t align, size_t size)
{
    if (!fl_pool_valid(pool) || block_size_for_aligned(size, align) == 0) {
        return NULL;
    }
    return fl_take(pool, align < BLOCK_ALIGN ? BLOCK_ALIGN : align, size);
}

void *fl_calloc(void *pool, size_t n, size_t size)
{
    void *p;

    if (n != 0 && size > SIZE_MAX / n) {
        return NULL; /* n * size overflows */
    }
    p = fl_alloc(pool, n * size);
    if (p != NULL) {
        memset(p, 0, n * size);
    }
    return p;
}

/** \~english @brief Uncount the used block @p b and release it to the list.
 *  \~chinese @brief 取消对已使用块 @p b 的计数，并把它释放回链表。 */
static void fl_give_back(fl_heap_t *h, block_t *b)
{
    h->used_bytes -= block_size(b);
    h->used_blocks--;
    block_release(&h->arena, b, &fl_index);
}

int fl_free(void *pool, void *ptr)
{
    size_t align;
    block_t *b;

    if (!fl_pool_valid(pool)) {
        KIT_DIAG("heap %p is not initialised", pool);
        return FL_ERROR;
    }
    if (ptr == NULL) {
        return FL_OK;
    }
    b = fl_block_in_use(pool, ptr, __func__, &align);
    if (b == NULL) {
        return FL_ERROR;
    }
    fl_give_back(pool, b);
    return FL_OK;
}

/** \~english @brief Realloc by moving: a new block, same alignment, bytes
 *         copied, the old block freed.
 *  \~chinese @brief 搬移式 realloc：对齐相同的新块，复制数据，释放旧块。 */
static void *fl_move(fl_heap_t *h, block_t *b, void *ptr, size_t align, size_t size)
{
    size_t keep = block_usable(b, ptr);
    void *q = fl_take(h, align, size);

    if (q != NULL) {
        memcpy(q, ptr, keep < size ? keep : size);
        fl_give_back(h, b);
    }
    return q;
}

void *fl_realloc(void *pool, void *ptr, size_t size)
{
    fl_heap_t *h = pool;
    size_t align, before;
    block_t *b;

    if (!fl_pool_valid(pool)) {
        return NULL;
    }
    if (ptr == NULL) {
        return fl_alloc(pool, size);
    }
    b = fl_block_in_use(h, ptr, __func__, &align);
    if (b == NULL) {
        return NULL;
    }
    if (size == 0) {
        fl_give_back(h, b);
        return NULL;
    }
    if (block_size_for((size_t)((char *)ptr - (char *)block_payload(b)) + size) == 0 ||
        size > BLOCK_MAX_REQUEST) {
        return NULL; /* too large: the sum with header and gap overflows */
    }
    before = block_size(b);
    if (block_resize_in_place(&h->arena, b, ptr, size, &fl_index)) {
        h->used_blocks--;
        h->used_bytes -= before;
        fl_count_used(h, b);
        return ptr;
    }
    return fl_move(h, b, ptr, align, size);
}

int fl_stats_get(void *pool, fl_stats_t *stats)
{
    fl_heap_t *h = pool;
    size_t largest = 0;
    size_t seen = 0;

    if (!fl_pool_valid(pool) || stats == NULL) {
        return FL_ERROR;
    }
    for (block_t *b = fl_head(h); b->next_free != fl_head(h);) {
        block_t *next = fl_next(h, b); /* the head again at a damaged link, reported */
        if (next == fl_head(h)) {
            return FL_ERROR;
        }
        if (++seen > h->free_blocks) {
            KIT_DIAG("free list of heap %p holds more than its %zu free blocks", pool,
                     h->free_blocks);
            return FL_ERROR;
        }
        b = next;
        largest = block_size(b) > largest ? block_size(b) : largest;
    }
    stats->total_bytes = h->arena_bytes;
    stats->used_bytes = h->used_bytes;
    stats->free_bytes = h->arena_bytes - h->used_bytes;
    stats->largest_free = largest;
    stats->used_blocks = h->used_blocks;
    stats->free_blocks = h->free_blocks;
    stats->peak_used = h->peak_used;
    return FL_OK;
}

/* fl_walk's visitor, handed to block_walk(): unpacks one block for the user. */
struct fl_walk_args {
    fl_walk_fn visit;
    void *arg;
};

static void fl_walk_one(block_t *b, void *arg)
{
    struct fl_walk_args *w = arg;
    w->visit(b, block_size(b), block_is_used(b), w->arg);
}

int fl_walk(void *pool, fl_walk_fn visit, void *arg)
{
    struct fl_walk_args w = { visit, arg };
    fl_heap_t *h = pool;
    block_census_t census;

    if (!fl_pool_valid(pool) || visit == NULL || !block_check_chain(&h->arena, &census)) {
        return FL_ERROR;
    }
    block_walk(&h->arena, fl_walk_one, &w);
    return FL_OK;
}

/** \~english @brief Check the list against the arena: free blocks inside it,
 *         linked both ways, in order when required, no more entries than the
 *         chain's free blocks, the rover on it.
 *  \~chinese @brief 对照区域检查链表：表项都是区域内的空闲块，双向链接一致，
 *         需要时有序，项数不超过块链中的空闲块数，游标在链表上。 */
static bool fl_check_list(fl_heap_t *h, size_t free_blocks)
{
    size_t count = 0;
    bool rover_seen = h->rover == fl_head(h);
    block_t *b;

    for (b = h->head.next_free; b != fl_head(h); b = b->next_free) {
        if (!fl_free_ok(h, b) || !fl_linked(&h->arena, b)) {
            KIT_DIAG("free list entry %p is not a linked free block", (void *)b);
            return false;
        }
        if (h->order == FL_ADDRESS_ORDERED && b->next_free != fl_head(h) && b->next_free < b) {
            KIT_DIAG("free list is out of address order at %p", (void *)b);
            return false;
        }
        if (++count > free_blocks) {
            KIT_DIAG("free list holds more entries than the %zu free blocks", free_blocks);
            return false;
        }
        rover_seen = rover_seen || h->rover == b;
    }
    if (count != free_blocks || h->head.prev_free->next_free != fl_head(h) || !rover_seen) {
        KIT_DIAG("free list has %zu of %zu free blocks, or a bad tail or rover", count,
                 free_blocks);
        return false;
    }
    return true;
}

int fl_check(void *pool)
{
    fl_heap_t *h = pool;
    block_census_t census;

    if (!fl_pool_valid(pool)) {
        KIT_DIAG("heap %p is not initialised", pool);
        return FL_ERROR;
    }
    if (!block_check_chain(&h->arena, &census) || !fl_check_list(h, census.free_blocks)) {
        return FL_ERROR;
    }
    if (census.used_bytes != h->used_bytes || census.used_blocks != h->used_blocks ||
        census.free_blocks != h->free_blocks ||
        census.used_bytes + census.free_bytes != h->arena_bytes || h->peak_used < h->used_bytes) {
        KIT_DIAG("heap %p: counters (%zu used bytes, %zu used, %zu free blocks) disagree with "
                 "the blocks (%zu, %zu, %zu)",
                 pool, h->used_bytes, h->used_blocks, h->free_blocks, census.used_bytes,
                 census.used_blocks, census.free_blocks);
        return FL_ERROR;
    }
    return FL_OK;
}

static const char *const fl_fit_names[] = { "first fit", "next fit", "best fit" };

/* fl_show's visitor: one block as [U size +offset]. */
static void fl_show_one(void *block, size_t size, bool used, void *arg)
{
    printf(" [%c %zu +%zu]", used ? 'U' : 'F', size, (size_t)((char *)block - (char *)arg));
}

void fl_show(void *pool)
{
    fl_heap_t *h = pool;
    fl_stats_t s;
    size_t shown = 0;

    if (!fl_pool_valid(pool)) {
        printf("freelist heap %p: not an initialised heap\n", pool);
        return;
    }
    if (fl_stats_get(pool, &s) != FL_OK) {
        printf("freelist heap %p: its free list is damaged (fl_check tells more)\n", pool);
        return;
    }
    printf("freelist heap: %s, %s, %zu bytes in blocks\n", fl_fit_names[h->fit],
           h->order == FL_LIFO ? "LIFO" : "address-ordered", s.total_bytes);
    printf("  used %zu in %zu blocks, free %zu in %zu blocks, largest %zu, peak %zu\n",
           s.used_bytes, s.used_blocks, s.free_bytes, s.free_blocks, s.largest_free, s.peak_used);
    printf("  blocks:");
    if (fl_walk(pool, fl_show_one, h->arena.first) != FL_OK) {
        printf(" damaged (fl_check tells more)");
    }
    printf("\n  free list:");
    for (block_t *b = fl_next(h, fl_head(h)); b != fl_head(h) && shown <= h->free_blocks;
         b = fl_next(h, b), shown++) {
        printf(" +%zu(%zu)%s", (size_t)((char *)b - (char *)h->arena.first), block_size(b),
               b == h->rover ? "<-rover" : "");
    }
    printf("%s\n", shown == 0 ? " (empty)" : "");
}
