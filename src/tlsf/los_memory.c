/*
 * Stage 3: TLSF, two-level segregated fit, on the block layer of stage 2.
 *
 * Read it in this order: find-first-set and find-last-set; the mapping from
 * a block size to its class (mapping_insert) and from a request to the
 * class where every block fits (mapping_search); the bitmap search
 * (find_suitable_block); the stand-in for a list's head, and insert and
 * remove on the segregated lists; the glue that hands those to the block
 * layer; then the public calls as a program meets them: init, alloc,
 * aligned alloc, free, realloc, the figures, the check and the display.
 * The layout is drawn in los_memory.h.
 */
#include <stdio.h>
#include <string.h>

#include "kit_diag.h"
#include "los_memory.h"
#include "los_memory_at.h"

/* ------------------------------------------------------------ bit search */

/**
 * \~english
 * @brief Index of the lowest set bit of @p word, which is not 0
 *        (find-first-set).
 *
 * __builtin_ctz becomes RBIT and CLZ on the Cortex-M3: two instructions,
 * whatever the word holds.
 * \~chinese
 * @brief @p word（非 0）最低置位的位序号（查找第一个置位）。
 *
 * __builtin_ctz 在 Cortex-M3 上编译为 RBIT 和 CLZ 两条指令，与字的内容
 * 无关。
 */
static inline uint32_t OsMemFFS(uint32_t word)
{
    return (uint32_t)__builtin_ctz(word);
}

/**
 * \~english
 * @brief Index of the highest set bit of @p size, which is not 0
 *        (find-last-set, the integer part of log2).
 *
 * One CLZ on the Cortex-M3. Works on size_t, so 64-bit sizes are right too.
 * \~chinese
 * @brief @p size（非 0）最高置位的位序号（查找最后一个置位，即 log2 的
 *        整数部分）。
 *
 * 在 Cortex-M3 上是一条 CLZ 指令。参数为 size_t，因此 64 位的大小同样正确。
 */
static inline uint32_t OsMemFLS(size_t size)
{
    return (uint32_t)(sizeof(unsigned long) * 8u - 1u) - (uint32_t)__builtin_clzl(size);
}

/* ----------------------------------------------------- sizes and classes */

/**
 * \~english
 * @brief The class of a size measured in steps of its class width: @p top
 *        is the size's highest set bit, raised to #OS_MEM_SMALL_SHIFT if
 *        lower, and @p steps the size divided by 2^(@p top - SLI).
 *
 * Raising @p top makes the small sizes come out of the same two lines as
 * the others, with no branch: a small size is then counted in steps of 8,
 * and fewer than 2^SLI of them, so its row is 0 and its list size / 8.
 * Any other size counts from 2^SLI to 2^(SLI+1) - 1 steps, whose bit SLI
 * adds the 1 to its row and whose low SLI bits are its list. A size
 * rounded up may count exactly 2^(SLI+1) steps: that is the first list of
 * the next row, and the same two lines give it.
 * \~chinese
 * @brief 以所在类别宽度为单位计量的大小所属的类别：@p top 是该大小的
 *        最高置位（低于 #OS_MEM_SMALL_SHIFT 时取 #OS_MEM_SMALL_SHIFT），
 *        @p steps 是该大小除以 2^(@p top - SLI) 的结果。
 *
 * 把 @p top 抬高之后，小块的大小与其他大小由同样两行代码算出，不需要分支：
 * 小块此时以 8 字节为单位计量，且不足 2^SLI 个单位，所以行号为 0，链表号为
 * size / 8。其余大小计得 2^SLI 到 2^(SLI+1) - 1 个单位，其中第 SLI 位给行号
 * 加上 1，低 SLI 位就是链表号。向上取整后的大小可能正好是 2^(SLI+1) 个单位：
 * 那是下一行的第一条链表，这两行代码同样能算出。
 */
static inline void OsMemClassOfSteps(uint32_t top, size_t steps, uint32_t *fl, uint32_t *sl)
{
    *fl = top - OS_MEM_SMALL_SHIFT + (uint32_t)(steps >> OS_MEM_SLI);
    *sl = (uint32_t)steps & (OS_MEM_SL_COUNT - 1);
}

/**
 * \~english
 * @brief The class (row @p fl, list @p sl) that a free block of @p size
 *        bytes belongs to.
 *
 * Below #OS_MEM_SMALL_SIZE the class is exact: row 0, list size / 8. Above,
 * the row is given by the highest set bit, and the list by the SLI bits
 * just below it: those bits say which of the 2^SLI equal slices of the
 * power-of-two range the size falls in.
 * @param size a block size, a multiple of 8.
 * @param fl receives the row.
 * @param sl receives the list within the row.
 * \~chinese
 * @brief 大小为 @p size 字节的空闲块所属的类别（第 @p fl 行第 @p sl 条链表）。
 *
 * 小于 #OS_MEM_SMALL_SIZE 时类别是精确的：第 0 行，第 size / 8 条链表。
 * 其余情况下，行号由最高置位决定，链表号由紧挨在它下面的 SLI 位决定：
 * 这几位说明该大小落在这段 2 的幂范围 2^SLI 个等分中的哪一份。
 * @param size 块大小，8 的倍数。
 * @param fl 得到行号。
 * @param sl 得到行内链表号。
 */
static inline void mapping_insert(size_t size, uint32_t *fl, uint32_t *sl)
{
    /* LAB(3, mapping_insert): Map a block size to its class. Sizes below
     * OS_MEM_SMALL_SIZE go to row 0, list size / 8. For a larger size, let
     * t = OsMemFLS(size): the row is t - OS_MEM_SMALL_SHIFT + 1, and the list
     * is the OS_MEM_SLI bits of size just below bit t.
     * STUB: (void)size; *fl = 0; *sl = 0; */
    uint32_t top = OsMemFLS(size | OS_MEM_SMALL_SIZE);
    size_t steps = size >> (top - OS_MEM_SLI);

    OsMemClassOfSteps(top, steps, fl, sl);
    /* END LAB */
}

/**
 * \~english
 * @brief The lowest class in which every block is at least @p size bytes.
 *
 * The size is rounded up to the next class boundary first, so any block
 * found in that class or above fits without looking at it. That is what
 * keeps alloc O(1); its price is that a block of the request's own class
 * that would have fit is passed over, which wastes at most one slice,
 * 1/2^SLI of the range.
 * @param size the block size wanted, not 0.
 * @param fl receives the row.
 * @param sl receives the list within the row.
 * \~chinese
 * @brief 其中每个块都不小于 @p size 字节的最低类别。
 *
 * 先把大小向上取整到下一个类别边界，于是在该类别及更高类别中找到的任何块
 * 都不用检查就能放下。这正是分配保持 O(1) 的原因；代价是请求所在类别中
 * 本来放得下的块会被跳过，浪费至多一个等分，即该范围的 1/2^SLI。
 * @param size 需要的块大小，不为 0。
 * @param fl 得到行号。
 * @param sl 得到行内链表号。
 */
static inline void mapping_search(size_t size, uint32_t *fl, uint32_t *sl)
{
    /* LAB(3, mapping_search): Round size up to the next class boundary,
     * then map it with mapping_insert. Small sizes are exact classes and
     * need no rounding; above OS_MEM_SMALL_SIZE a class spans
     * 2^(OsMemFLS(size) - OS_MEM_SLI) bytes.
     * STUB: mapping_insert(size, fl, sl); */
    uint32_t top = OsMemFLS(size | OS_MEM_SMALL_SIZE);
    size_t steps = ((size - 1) >> (top - OS_MEM_SLI)) + 1; /* rounded up */

    OsMemClassOfSteps(top, steps, fl, sl);
    /* END LAB */
}

/**
 * \~english
 * @brief The smallest block size of class (@p fl, @p sl); the class holds
 *        sizes up to the next class's smallest, excluded.
 * \~chinese
 * @brief 类别 (@p fl, @p sl) 的最小块大小；该类别包含直到下一类别最小值
 *        （不含）为止的大小。
 */
static inline size_t OsMemClassLow(uint32_t fl, uint32_t sl)
{
    size_t base;

    if (fl == 0) {
        return (size_t)sl << 3;
    }
    base = (size_t)1 << (fl + OS_MEM_SMALL_SHIFT - 1);
    return base + sl * (base >> OS_MEM_SLI);
}

/* ------------------------------------------------------------ the index */

/**
 * \~english
 * @brief Find a free block in class (@p fl, @p sl) or the first non-empty
 *        class above it, using only the bitmaps.
 *
 * First the lists of row @p fl from @p sl up (the row's bitmap, with the
 * lower bits masked off); if none, the first non-empty row above @p fl
 * (the first-level bitmap, masked), and its first non-empty list.
 * @param pool the pool.
 * @param fl in: the row to start at; out: the row found.
 * @param sl in: the list to start at; out: the list found.
 * @return the first block of that list (not yet removed), or NULL when no
 *         class at or above (@p fl, @p sl) has a block.
 * \~chinese
 * @brief 只凭位图，在类别 (@p fl, @p sl) 或其上第一个非空类别中找一个
 *        空闲块。
 *
 * 先看第 @p fl 行从 @p sl 起的各条链表（该行位图屏蔽掉低位）；若没有，
 * 再找 @p fl 之上第一个非空的行（一级位图屏蔽掉低位），取其第一条非空链表。
 * @param pool 内存池。
 * @param fl 输入：起始行；输出：找到的行。
 * @param sl 输入：起始链表；输出：找到的链表。
 * @return 该链表的第一个块（尚未移除）；(@p fl, @p sl) 及以上的类别都没有
 *         块时返回 NULL。
 */
static inline block_t *find_suitable_block(const OsMemPoolHead *pool, uint32_t *fl, uint32_t *sl)
{
    /* LAB(3, find_suitable): Look for a non-empty list at or above (*fl, *sl)
     * with the bitmaps only: the row bitmap of *fl with the bits below *sl
     * cleared; if that is 0, the first-level bitmap with the bits up to *fl
     * cleared gives the next row, whose first non-empty list you take. Use
     * OsMemFFS. Every row a request maps to has a bitmap, 0 in the rows
     * the pool does not have, so no bound needs testing.
     * Store the class found in *fl, *sl and return the head of its list.
     * STUB: (void)pool; (void)fl; (void)sl; return NULL; */
    uint32_t map = pool->slBitmap[*fl] & (~0u << *sl);

    if (map == 0) {
        uint32_t rows = pool->flBitmap & (~0u << (*fl + 1));
        if (rows == 0) {
            return NULL;
        }
        *fl = OsMemFFS(rows);
        map = pool->slBitmap[*fl];
    }
    *sl = OsMemFFS(map);
    return pool->fl[*fl].freeList[*sl];
    /* END LAB */
}

/**
 * \~english
 * @brief The stand-in for the head of list (@p fl, @p sl): the address at
 *        which a block's @c next_free field would be the list head itself.
 *
 * The first block of a list points back to it, so that unlinking writes
 * `b->prev_free->next_free` whether @p b is first or not. Only that one
 * field of the stand-in is ever touched; it lies inside the pool's control
 * structure, below the arena, and that is how a stand-in is told from a
 * block.
 * \~chinese
 * @brief 链表 (@p fl, @p sl) 表头的替身：假如一个块的 @c next_free 字段就是
 *        该链表头本身，这个块所在的地址。
 *
 * 链表的第一块反向指向它，于是不论 @p b 是不是第一块，摘链时都写
 * `b->prev_free->next_free`。替身只有这一个字段会被访问；它位于内存池的控制
 * 结构中、区域之下，凭这一点就能把替身与真正的块区分开。
 */
static inline block_t *OsMemListHead(const OsMemPoolHead *pool, uint32_t fl, uint32_t sl)
{
    return (block_t *)((uintptr_t)&pool->fl[fl].freeList[sl] - offsetof(block_t, next_free));
}

/**
 * \~english
 * @brief Push the free block @p b on the list of class (@p fl, @p sl) and
 *        set that list's bits in both bitmaps.
 * \~chinese
 * @brief 把空闲块 @p b 压入类别 (@p fl, @p sl) 的链表头，并在两级位图中
 *        置上该链表对应的位。
 */
static inline void insert_free_block(OsMemPoolHead *pool, block_t *b, uint32_t fl, uint32_t sl)
{
    /* LAB(3, insert): Push b at the head of list (fl, sl), reached through
     * its stand-in OsMemListHead(pool, fl, sl), whose next_free is the head
     * pool->fl[fl].freeList[sl]: b's next link is the old head, its back
     * link the stand-in, and the old head, if any, links back to b. Then
     * set bit sl of pool->slBitmap[fl] and bit fl of pool->flBitmap.
     * STUB: (void)pool; (void)b; (void)fl; (void)sl; */
    block_t *list = OsMemListHead(pool, fl, sl); /* list->next_free is the head */
    block_t *head = list->next_free;

    b->next_free = head;
    b->prev_free = list;
    if (head != NULL) {
        head->prev_free = b;
    }
    list->next_free = b;
    pool->slBitmap[fl] |= (OsMemSlMap)(1u << sl);
    pool->flBitmap |= 1u << fl;
    /* END LAB */
}

/**
 * \~english
 * @brief List (@p fl, @p sl) has just lost its last block: clear its bit,
 *        and the row's bit when it was the row's last non-empty list.
 * \~chinese
 * @brief 链表 (@p fl, @p sl) 刚失去最后一块：清除它的位；如果它是该行最后
 *        一条非空链表，再清除该行的位。
 */
static inline void OsMemListEmptied(OsMemPoolHead *pool, uint32_t fl, uint32_t sl)
{
    /* LAB(3, emptied): Clear bit sl of pool->slBitmap[fl]; if that leaves
     * the row's bitmap 0, clear bit fl of pool->flBitmap.
     * STUB: (void)pool; (void)fl; (void)sl; */
    if ((pool->slBitmap[fl] &= (OsMemSlMap) ~(1u << sl)) == 0) {
        pool->flBitmap &= ~(1u << fl);
    }
    /* END LAB */
}

/**
 * \~english
 * @brief Take the free block @p b out of its list: its predecessor (a
 *        block, or the list's stand-in when @p b is first) takes @p b's
 *        successor, and the successor, if any, links back to it.
 * @return true when @p b was the last block of its list.
 * \~chinese
 * @brief 把空闲块 @p b 从它的链表中摘下：它的前驱（一个块，或 @p b 是第一块
 *        时链表的替身）取得 @p b 的后继，后继（若有）再反向指向前驱。
 * @return @p b 是链表最后一块时返回 true。
 */
static inline bool OsMemUnlink(block_t *b)
{
    /* LAB(3, unlink): Two stores, wherever b is: b->prev_free's next link
     * becomes b's next link, and the next block, if there is one, links
     * back to b->prev_free. Return whether there was no next block.
     * STUB: (void)b; return false; */
    block_t *next = b->next_free;
    block_t *prev = b->prev_free;

    prev->next_free = next;
    if (next != NULL) {
        next->prev_free = prev;
        return false;
    }
    return true;
    /* END LAB */
}

/**
 * \~english
 * @brief Unlink the free block @p b from its list; when the list becomes
 *        empty clear its bit, and when the row becomes empty the row's bit.
 *
 * No class is computed: the back link reaches the list head, through its
 * stand-in, when @p b is first. A list is empty once its last block goes
 * and that block was also first, which is when the back link is a
 * stand-in, below the arena; the stand-in's place among the heads gives
 * the list's row and position.
 * \~chinese
 * @brief 把空闲块 @p b 从它的链表中摘下；链表变空时清除它的位，整行变空时
 *        清除该行的位。
 *
 * 不需要计算类别：@p b 是第一块时，反向指针经由替身到达链表头。链表变空，
 * 是指摘下的块既是最后一块又是第一块，这时它的反向指针是一个替身，位于区域
 * 之下；替身在各链表头中的位置给出该链表的行号和行内序号。
 */
static inline void remove_free_block(OsMemPoolHead *pool, block_t *b)
{
    /* LAB(3, remove): Unlink b with OsMemUnlink(). If it was the last block
     * of its list and its back link lies below pool->firstNode, that back
     * link is a stand-in and the list is now empty: its list number n is
     * the distance from &pool->fl[0].freeList[0] to &prev->next_free, in
     * pointers, so it is list n % OS_MEM_SL_COUNT of row
     * n / OS_MEM_SL_COUNT; hand those to OsMemListEmptied().
     * STUB: (void)pool; (void)b; */
    block_t *prev = b->prev_free;

    if (OsMemUnlink(b) && (uintptr_t)prev < (uintptr_t)pool->firstNode) {
        size_t n = ((uintptr_t)&prev->next_free - (uintptr_t)pool->fl) / sizeof(block_t *);

        OsMemListEmptied(pool, (uint32_t)(n >> OS_MEM_SLI), (uint32_t)n & (OS_MEM_SL_COUNT - 1));
    }
    /* END LAB */
}

/**
 * \~english
 * @brief File the free block @p b, of @p size bytes, on its list: map the
 *        size, then insert_free_block(). The callers that have just
 *        written the size pass it, rather than read it back.
 * \~chinese
 * @brief 把大小为 @p size 字节的空闲块 @p b 放到它的链表上：先映射大小，
 *        再调用 insert_free_block()。刚写好大小的调用者直接传入它，不必
 *        再读回来。
 */
static inline void OsMemFile(OsMemPoolHead *pool, block_t *b, size_t size)
{
    uint32_t fl, sl;

    mapping_insert(size, &fl, &sl);
    insert_free_block(pool, b, fl, sl);
}

/**
 * \~english
 * @brief The index's insert in the block layer's form: map the block's size,
 *        then insert_free_block(). Handed to block_release() and friends.
 * \~chinese
 * @brief 块层所需形式的索引插入函数：先映射块大小，再调用
 *        insert_free_block()。交给 block_release() 等函数使用。
 */
static inline void OsMemIndexInsert(void *index, block_t *b)
{
    OsMemFile((OsMemPoolHead *)index, b, block_size(b));
}

/**
 * \~english
 * @brief The index's remove in the block layer's form: remove_free_block().
 * \~chinese
 * @brief 块层所需形式的索引移除函数：即 remove_free_block()。
 */
static inline void OsMemIndexRemove(void *index, block_t *b)
{
    remove_free_block((OsMemPoolHead *)index, b);
}

/* ------------------------------------------------------ pools and checks */

/**
 * \~english @brief True when @p pool is aligned and carries the initialised
 *        mark; every public call starts with this.
 * \~chinese @brief @p pool 已对齐且带有已初始化标记时为真；每个公开函数都
 *        先做这项检查。
 */
static inline bool OsMemPoolValid(const void *pool)
{
    return pool != NULL && ((uintptr_t)pool % OS_MEM_ALIGN_SIZE) == 0 &&
           ((const OsMemPoolHead *)pool)->magic == OS_MEM_POOL_MAGIC;
}

static inline block_t *OsMemUsedBlock(const OsMemPoolHead *pool, const void *ptr, size_t *align,
                                      size_t *header, const char **why)
    __attribute__((always_inline));

/**
 * \~english
 * @brief The block in use behind a pointer handed to a user, after free's
 *        cheap checks.
 *
 * The checks, all O(1): the pointer is 8-byte aligned and inside the arena;
 * its gap record, if any, is well formed; the block is inside the arena,
 * marked used, of a sane size, and the next block's P flag agrees.
 * It is forced inline: free's worst case is counted in instructions, and
 * a call with five arguments would add a dozen of them.
 * @param pool the pool.
 * @param ptr the user's pointer.
 * @param align receives the alignment the block was given.
 * @param header receives the block's header word, read once here.
 * @param why receives what is wrong, when the answer is NULL; NULL itself
 *        when @p ptr is NULL, which is refused without a diagnostic.
 * @return the block, or NULL.
 * \~chinese
 * @brief 经过释放操作的廉价检查后，交给用户的指针背后那个正在使用的块。
 *
 * 各项检查都是 O(1)：指针按 8 字节对齐且位于区域内；若有间隙记录，其格式
 * 正确；块位于区域内、标记为已使用、大小合理，且下一块的 P 标志与之一致。
 * 它被强制内联：释放的最坏情况是按指令条数计算的，带五个参数的函数调用
 * 会多出十几条指令。
 * @param pool 内存池。
 * @param ptr 用户的指针。
 * @param align 得到该块被要求的对齐值。
 * @param header 得到该块的块头字，只在这里读一次。
 * @param why 返回 NULL 时得到出错的原因；@p ptr 为 NULL 时得到 NULL，
 *        这种情况被拒绝但不打印诊断信息。
 * @return 内存块，或 NULL。
 */
static inline block_t *OsMemUsedBlock(const OsMemPoolHead *pool, const void *ptr, size_t *align,
                                      size_t *header, const char **why)
{
    uintptr_t p = (uintptr_t)ptr;
    uintptr_t first = (uintptr_t)pool->firstNode;
    uintptr_t end = (uintptr_t)pool->endNode;
    block_t *b;
    size_t word, size;

    /* a payload has at least a smallest block's room before the sentinel */
    if (p <= first || p > end - (BLOCK_MIN_SIZE - BLOCK_HEADER_SIZE)) {
        *why = ptr == NULL ? NULL : "is not inside the pool";
        return NULL;
    }
    *align = BLOCK_ALIGN;
    if (p % BLOCK_ALIGN == 0 && ((word = ((const size_t *)ptr)[-1]) & BLOCK_GAP_MARK) == 0) {
        /* The plain case, read once: p is above first and, like every
         * payload, a header's length past a multiple of 8 from it, so the
         * block starts at first or later. */
        b = block_from_payload(ptr);
    } else {
        b = block_gap_read(ptr, align); /* NULL for a misaligned pointer, unread */
        if (b == NULL || (uintptr_t)b < first) {
            *why = p % BLOCK_ALIGN != 0 ? "is not 8-byte aligned, nor placed with a rewind"
                                        : "is not at a block's payload";
            return NULL;
        }
        word = b->size_flags;
    }
    size = word & ~BLOCK_FLAGS;
    if ((word & BLOCK_USED) == 0) {
        *why = "is not in use (a double free?)";
        return NULL;
    }
    /* one compare for MIN <= size <= end - b, since end - b >= MIN */
    if (size - BLOCK_MIN_SIZE > end - (uintptr_t)b - BLOCK_MIN_SIZE ||
        !block_is_prev_used((const block_t *)((uintptr_t)b + size))) {
        *why = "has a damaged header, or is not at a block's payload";
        return NULL;
    }
    *header = word;
    return b;
}

/**
 * \~english
 * @brief Print the diagnostic for a pointer that free or realloc refused,
 *        under the name @p func of the public call.
 *
 * Kept out of line and apart, so that the calls' own paths carry no
 * printf arguments: free's worst case is counted in instructions.
 * \~chinese
 * @brief 为释放或重新分配所拒绝的指针打印诊断信息，行首是公开函数名
 *        @p func。
 *
 * 单独放在一个不内联的函数里，这样各公开函数自身的路径不必准备 printf 的
 * 参数：释放的最坏情况是按指令条数计算的。
 */
static void __attribute__((noinline, cold))
OsMemRefused(const char *func, const void *pool, const void *ptr, const char *why)
{
    kit_diag(func, "pool %p: pointer %p %s", pool, ptr, why);
}

/**
 * \~english @brief Count a block that was just handed out.
 * \~chinese @brief 记入一个刚分配出去的块。
 */
static inline void OsMemCountUsed(OsMemPoolHead *pool, size_t size)
{
    pool->curUsedSize += (uint32_t)size;
    if (pool->curUsedSize > pool->waterLine) {
        pool->waterLine = pool->curUsedSize;
    }
}

/**
 * \~english
 * @brief Take a free block of at least @p need bytes out of the index.
 * @return the block, still marked free, or NULL when no class that surely
 *         fits has a block.
 * \~chinese
 * @brief 从索引中取出一个不小于 @p need 字节的空闲块。
 * @return 该块（仍标记为空闲）；没有任何一定放得下的类别有块时返回 NULL。
 */
static inline block_t *OsMemTake(OsMemPoolHead *pool, size_t need)
{
    uint32_t fl, sl;
    block_t *b;

    mapping_search(need, &fl, &sl);
    b = find_suitable_block(pool, &fl, &sl);
    /* b heads list (fl, sl), so the list is known: no search for it */
    if (b != NULL && OsMemUnlink(b)) {
        OsMemListEmptied(pool, fl, sl);
    }
    return b;
}

/**
 * \~english
 * @brief Hand out the free block @p b, just taken from the index, keeping
 *        @p need bytes of it: mark it used, give its tail back, count it.
 *
 * The tail goes straight into the index, without block_trim()'s attempt
 * to merge it with the next block: @p b was free, so its next block is
 * used (no two free blocks are neighbours), and the attempt could only
 * fail. block_use_front() writes each header once, where marking the block
 * used and then splitting it would set the next block's P flag only to
 * clear it again. Alloc's worst path is shorter by both.
 * \~chinese
 * @brief 把刚从索引中取出的空闲块 @p b 分配出去，保留 @p need 字节：标记为
 *        已使用，归还尾部，计入统计。
 *
 * 尾部直接放入索引，不像 block_trim() 那样尝试与下一块合并：@p b 原本空闲，
 * 所以它的下一块一定已使用（不存在相邻的两个空闲块），这种尝试注定失败。
 * block_use_front() 每个块头只写一次；先标记已使用再分割，则会先置上下一块
 * 的 P 标志，随即又把它清除。两处都省下来，分配的最坏路径就短了一截。
 */
static inline void OsMemUse(OsMemPoolHead *pool, block_t *b, size_t need)
{
    block_t *rest = block_use_front(b, need);

    if (rest != NULL) {
        OsMemFile(pool, rest, block_size(rest));
    } else {
        need = block_size(b);
    }
    OsMemCountUsed(pool, need);
}

/**
 * \~english
 * @brief Allocate @p size bytes whose address plus the rewind is aligned,
 *        with the lock held.
 * @param pool the pool.
 * @param size the bytes asked for.
 * @param alignWord the alignment, ORed with the rewind when there is one
 *        (`align | rew`, see block_align_decode()).
 * @return the payload, with its gap record written, or NULL.
 * \~chinese
 * @brief 在持有锁的情况下分配 @p size 字节，使其地址加上回退量后对齐。
 * @param pool 内存池。
 * @param size 申请的字节数。
 * @param alignWord 对齐值；有回退量时与之按位或（`align | rew`，见
 *        block_align_decode()）。
 * @return 写好间隙记录的用户区，或 NULL。
 */
static void *OsMemAllocAligned(OsMemPoolHead *pool, size_t size, size_t alignWord)
{
    size_t rew;
    size_t align = block_align_decode(alignWord, &rew);
    size_t need = block_size_for_aligned_at(size, align, rew);
    uintptr_t payload;
    size_t gap;
    block_t *b;

    if (need == 0 || (b = OsMemTake(pool, need)) == NULL) {
        return NULL;
    }
    b = block_carve_aligned_at(b, align, rew, pool, OsMemIndexInsert, &payload);
    gap = (size_t)(payload - (uintptr_t)block_payload(b));
    OsMemUse(pool, b, block_size_for(gap + size));
    block_gap_write((void *)payload, gap, alignWord);
    return (void *)payload;
}

/**
 * \~english
 * @brief Allocate @p size bytes with alignment @p align (8 or more), with
 *        the lock held.
 * \~chinese
 * @brief 在持有锁的情况下分配 @p size 字节，对齐值为 @p align（不小于 8）。
 */
static void *OsMemAllocLocked(OsMemPoolHead *pool, size_t size, size_t align)
{
    size_t need;
    block_t *b;

    if (align > BLOCK_ALIGN) {
        return OsMemAllocAligned(pool, size, align);
    }
    need = block_size_for(size);
    if (need == 0 || (b = OsMemTake(pool, need)) == NULL) {
        return NULL;
    }
    OsMemUse(pool, b, need);
    return block_payload(b);
}

/**
 * \~english @brief Give the used block @p b, whose header word is @p header,
 *        back to the index, uncounted. Forced inline into free, for the
 *        same reason as OsMemUsedBlock().
 * \~chinese @brief 把块头字为 @p header 的已使用块 @p b 归还索引，并从统计中
 *        减去。出于与 OsMemUsedBlock() 相同的原因，强制内联到释放函数中。
 */
static inline __attribute__((always_inline)) void OsMemRelease(OsMemPoolHead *pool, block_t *b,
                                                               size_t header)
{
    size_t size = header & ~BLOCK_FLAGS;
    size_t merged;

    b = block_free_merged(b, header, pool, OsMemIndexRemove, &merged);
    OsMemFile(pool, b, merged);
    pool->curUsedSize -= (uint32_t)size;
}

/**
 * \~english @brief The row count a pool of @p poolSize bytes needs: enough
 *        for the largest block it could hold.
 * \~chinese @brief 大小为 @p poolSize 字节的内存池所需的行数：刚好够容纳
 *        它可能拥有的最大块。
 */
static uint32_t OsMemRowsFor(uint32_t poolSize)
{
    uint32_t fl, sl;

    if (poolSize <= sizeof(OsMemPoolHead)) {
        return 1;
    }
    mapping_insert(poolSize - sizeof(OsMemPoolHead), &fl, &sl);
    return fl + 1;
}

uint32_t OsMemPoolHeadSize(uint32_t poolSize)
{
    return (uint32_t)(sizeof(OsMemPoolHead) + OsMemRowsFor(poolSize) * sizeof(struct OsMemFreeRow));
}

/* ----------------------------------------------------------- public calls */

uint32_t LOS_MemInit(void *pool, uint32_t size)
{
    OsMemPoolHead *head = (OsMemPoolHead *)pool;
    uint32_t headSize = OsMemPoolHeadSize(size);
    block_t *first;
    uintptr_t intSave;

    if (pool == NULL || ((uintptr_t)pool % OS_MEM_ALIGN_SIZE) != 0 || size <= headSize ||
        (uintptr_t)pool > UINTPTR_MAX - size) {
        KIT_DIAG("pool %p of %u bytes refused: NULL, not %u-byte aligned, too small or wrapping",
                 pool, (unsigned)size, (unsigned)OS_MEM_ALIGN_SIZE);
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    first = block_arena_init((char *)pool + headSize, size - headSize);
    if (first != NULL) {
        memset(head, 0, headSize);
        head->poolSize = size;
        head->flCount = OsMemRowsFor(size);
        head->firstNode = first;
        head->endNode = block_next(first);
        OsMemIndexInsert(head, first);
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

    if (!OsMemPoolValid(pool)) {
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    ((OsMemPoolHead *)pool)->magic = 0;
    LOS_IntRestore(intSave);
    return LOS_OK;
}

void *LOS_MemAlloc(void *pool, uint32_t size)
{
    OsMemPoolHead *head = (OsMemPoolHead *)pool;
    size_t need = block_size_for(size);
    block_t *b;
    uintptr_t intSave;

    if (!OsMemPoolValid(pool) || need == 0) {
        return NULL;
    }
    intSave = LOS_IntLock();
    b = OsMemTake(head, need);
    if (b != NULL) {
        OsMemUse(head, b, need);
    }
    LOS_IntRestore(intSave);
    return b != NULL ? block_payload(b) : NULL;
}

void *LOS_MemAllocAlign(void *pool, uint32_t size, uint32_t boundary)
{
    void *p;
    uintptr_t intSave;

    if (!OsMemPoolValid(pool) || size == 0 || boundary == 0 || (boundary & (boundary - 1)) != 0) {
        return NULL;
    }
    intSave = LOS_IntLock();
    p = OsMemAllocLocked((OsMemPoolHead *)pool, size,
                         boundary < BLOCK_ALIGN ? BLOCK_ALIGN : boundary);
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
    if (!OsMemPoolValid(pool) || size == 0 || boundary < BLOCK_ALIGN ||
        (boundary & (boundary - 1)) != 0 || rewind >= boundary || (rewind & (rewind - 1)) != 0 ||
        rewind % sizeof(size_t) != 0) {
        return NULL;
    }
    intSave = LOS_IntLock();
    p = OsMemAllocAligned((OsMemPoolHead *)pool, size, (size_t)boundary | rewind);
    LOS_IntRestore(intSave);
    return p;
}

uint32_t LOS_MemFree(void *pool, void *ptr)
{
    OsMemPoolHead *head = (OsMemPoolHead *)pool;
    const char *why = "";
    size_t align, header;
    block_t *b;
    uintptr_t intSave;

    if (!OsMemPoolValid(pool)) {
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    b = OsMemUsedBlock(head, ptr, &align, &header, &why); /* NULL, and no why, for NULL */
    if (b != NULL) {
        OsMemRelease(head, b, header);
    }
    LOS_IntRestore(intSave);
    if (b == NULL) {
        if (why != NULL) {
            OsMemRefused(__func__, pool, ptr, why);
        }
        return LOS_NOK;
    }
    return LOS_OK;
}

/**
 * \~english
 * @brief Resize the used block @p b (user pointer @p ptr, alignment
 *        @p align), with the lock held: in place if it can, else by moving.
 * @return the new user pointer, or NULL (then nothing changed).
 * \~chinese
 * @brief 在持有锁的情况下调整已使用块 @p b（用户指针 @p ptr，对齐值
 *        @p align）的大小：能原地进行就原地进行，否则搬移。
 * @return 新的用户指针，或 NULL（此时什么都没有改变）。
 */
static void *OsMemReallocBlock(OsMemPoolHead *pool, block_t *b, void *ptr, uint32_t size,
                               size_t align)
{
    size_t before = block_size(b);
    size_t keep = block_usable(b, ptr);
    void *moved;

    if (size > pool->poolSize) {
        return NULL;
    }
    if (block_resize_in_place(b, ptr, size, pool, OsMemIndexInsert, OsMemIndexRemove)) {
        pool->curUsedSize -= (uint32_t)before;
        OsMemCountUsed(pool, block_size(b));
        return ptr;
    }
    moved = OsMemAllocLocked(pool, size, align);
    if (moved != NULL) {
        memcpy(moved, ptr, keep < size ? keep : size);
        OsMemRelease(pool, b, b->size_flags);
    }
    return moved;
}

void *LOS_MemRealloc(void *pool, void *ptr, uint32_t size)
{
    const char *why = "";
    void *moved = NULL;
    size_t align, header;
    block_t *b;
    uintptr_t intSave;

    if (ptr == NULL) {
        return LOS_MemAlloc(pool, size);
    }
    if (size == 0) {
        (void)LOS_MemFree(pool, ptr);
        return NULL;
    }
    if (!OsMemPoolValid(pool)) {
        return NULL;
    }
    intSave = LOS_IntLock();
    b = OsMemUsedBlock((OsMemPoolHead *)pool, ptr, &align, &header, &why);
    if (b != NULL) {
        moved = OsMemReallocBlock((OsMemPoolHead *)pool, b, ptr, size, align);
    }
    LOS_IntRestore(intSave);
    if (b == NULL) {
        OsMemRefused(__func__, pool, ptr, why);
    }
    return moved;
}

uint32_t LOS_MemInfoGet(void *pool, LOS_MEM_POOL_STATUS *poolStatus)
{
    const OsMemPoolHead *head = (const OsMemPoolHead *)pool;
    block_census_t census;
    bool ok;
    uintptr_t intSave;

    if (!OsMemPoolValid(pool) || poolStatus == NULL) {
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    ok = block_check_chain(head->firstNode, head->endNode, &census);
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
    return OsMemPoolValid(pool) ? ((const OsMemPoolHead *)pool)->curUsedSize : 0;
}

uint32_t LOS_MemPoolSizeGet(const void *pool)
{
    return OsMemPoolValid(pool) ? ((const OsMemPoolHead *)pool)->poolSize : 0;
}

/**
 * \~english @brief True when @p b could be a block header of the arena:
 *        inside it, and placed so that its payload is 8-byte aligned.
 * \~chinese @brief @p b 可能是区域中的块头时为真：位于区域内，且位置使其
 *        用户区按 8 字节对齐。
 */
static inline bool OsMemIsBlockAddress(const OsMemPoolHead *pool, const block_t *b)
{
    return (uintptr_t)b >= (uintptr_t)pool->firstNode && (uintptr_t)b < (uintptr_t)pool->endNode &&
           ((uintptr_t)block_payload(b) % BLOCK_ALIGN) == 0;
}

/**
 * \~english
 * @brief Check list (@p fl, @p sl): each block in the arena, free, of this
 *        class, its back link right; count the blocks and their bytes.
 * @return false, with a diagnostic, at the first fault, or when more blocks
 *         are listed than the walk found free (a cycle or a stray block).
 * \~chinese
 * @brief 检查链表 (@p fl, @p sl)：每个块都在区域内、空闲、属于本类别、
 *        反向指针正确；累计块数和字节数。
 * @return 遇到第一个问题，或列出的块多于遍历所得的空闲块（有环或混入了
 *         不该有的块）时，打印诊断信息并返回 false。
 */
static bool OsMemCheckList(const OsMemPoolHead *pool, uint32_t fl, uint32_t sl,
                           const block_census_t *census, block_census_t *listed)
{
    const block_t *prev = OsMemListHead(pool, fl, sl);
    uint32_t bfl, bsl;

    for (const block_t *b = pool->fl[fl].freeList[sl]; b != NULL; prev = b, b = b->next_free) {
        if (!OsMemIsBlockAddress(pool, b) || block_is_used(b) || b->prev_free != prev) {
            KIT_DIAG("list (%u, %u) holds a bad entry %p", (unsigned)fl, (unsigned)sl,
                     (const void *)b);
            return false;
        }
        mapping_insert(block_size(b), &bfl, &bsl);
        if (bfl != fl || bsl != sl) {
            KIT_DIAG("block %p of %zu bytes belongs to list (%u, %u), found on (%u, %u)",
                     (const void *)b, block_size(b), (unsigned)bfl, (unsigned)bsl, (unsigned)fl,
                     (unsigned)sl);
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

/**
 * \~english
 * @brief Check the bitmaps against the lists, and the lists against the
 *        walk's census.
 * \~chinese
 * @brief 对照链表检查位图，再对照遍历的计数检查链表。
 */
static bool OsMemCheckIndex(const OsMemPoolHead *pool, const block_census_t *census)
{
    block_census_t listed = { 0 };

    if (pool->flCount == 0 || pool->flCount > OS_MEM_FL_MAX) {
        KIT_DIAG("flCount %u is not 1..%u", (unsigned)pool->flCount, (unsigned)OS_MEM_FL_MAX);
        return false;
    }
    if ((pool->flBitmap >> (pool->flCount - 1) >> 1) != 0) {
        KIT_DIAG("flBitmap %#x has bits past its %u rows", (unsigned)pool->flBitmap,
                 (unsigned)pool->flCount);
        return false;
    }
    for (uint32_t fl = pool->flCount; fl < OS_MEM_SL_MAPS; fl++) {
        if (pool->slBitmap[fl] != 0) {
            KIT_DIAG("slBitmap[%u] is %#x, past the %u rows", (unsigned)fl,
                     (unsigned)pool->slBitmap[fl], (unsigned)pool->flCount);
            return false;
        }
    }
    for (uint32_t fl = 0; fl < pool->flCount; fl++) {
        uint32_t map = pool->slBitmap[fl];
        if (((pool->flBitmap >> fl) & 1u) != (map != 0) ||
            (map >> (OS_MEM_SL_COUNT - 1) >> 1) != 0) {
            KIT_DIAG("row %u: flBitmap bit %u, slBitmap %#x", (unsigned)fl,
                     (unsigned)((pool->flBitmap >> fl) & 1u), (unsigned)map);
            return false;
        }
        for (uint32_t sl = 0; sl < OS_MEM_SL_COUNT; sl++) {
            if (((map >> sl) & 1u) != (pool->fl[fl].freeList[sl] != NULL)) {
                KIT_DIAG("list (%u, %u): bit %u, head %p", (unsigned)fl, (unsigned)sl,
                         (unsigned)((map >> sl) & 1u), (void *)pool->fl[fl].freeList[sl]);
                return false;
            }
            if (!OsMemCheckList(pool, fl, sl, census, &listed)) {
                return false;
            }
        }
    }
    if (listed.free_blocks != census->free_blocks || listed.free_bytes != census->free_bytes) {
        KIT_DIAG("the lists hold %zu blocks of %zu bytes, the walk found %zu of %zu",
                 listed.free_blocks, listed.free_bytes, census->free_blocks, census->free_bytes);
        return false;
    }
    return true;
}

/**
 * \~english @brief Check the pool's counters against the walk's census.
 * \~chinese @brief 用遍历的计数核对内存池的各个计数。
 */
static bool OsMemCheckCounters(const OsMemPoolHead *pool, const block_census_t *census)
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

    if (!OsMemPoolValid(pool)) {
        KIT_DIAG("pool %p is not an initialised TLSF pool", pool);
        return LOS_NOK;
    }
    intSave = LOS_IntLock();
    ok = (uintptr_t)head->endNode + BLOCK_HEADER_SIZE <= (uintptr_t)head + head->poolSize &&
         block_check_chain(head->firstNode, head->endNode, &census) &&
         OsMemCheckIndex(head, &census) && OsMemCheckCounters(head, &census);
    LOS_IntRestore(intSave);
    return ok ? LOS_OK : LOS_NOK;
}

uint32_t LOS_MemFreeNodeShow(void *pool)
{
    const OsMemPoolHead *head = (const OsMemPoolHead *)pool;

    if (!OsMemPoolValid(pool)) {
        printf("pool %p: not an initialised TLSF pool\n", pool);
        return LOS_NOK;
    }
    printf("pool %p: %u rows, SLI %u, flBitmap %#010x\n", pool, (unsigned)head->flCount,
           (unsigned)OS_MEM_SLI, (unsigned)head->flBitmap);
    for (uint32_t fl = 0; fl < head->flCount; fl++) {
        if (head->slBitmap[fl] == 0) {
            continue;
        }
        printf("  row %u slBitmap %#04x:\n", (unsigned)fl, (unsigned)head->slBitmap[fl]);
        for (uint32_t sl = 0; sl < OS_MEM_SL_COUNT; sl++) {
            uint32_t shown = 0;
            if (head->fl[fl].freeList[sl] == NULL) {
                continue;
            }
            printf("    list %u [%zu, %zu):", (unsigned)sl, OsMemClassLow(fl, sl),
                   sl + 1 < OS_MEM_SL_COUNT ? OsMemClassLow(fl, sl + 1) : OsMemClassLow(fl + 1, 0));
            for (const block_t *b = head->fl[fl].freeList[sl];
                 b != NULL && shown <= head->poolSize / BLOCK_MIN_SIZE; b = b->next_free, shown++) {
                printf(" %zu", block_size(b));
            }
            printf("\n");
        }
    }
    return LOS_OK;
}
