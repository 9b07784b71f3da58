/**
 * @file block.h
 * \~english
 * @brief The block layer shared by stage 2 (free-list heap) and stage 3
 *        (TLSF): block headers, boundary tags, split and coalesce.
 *
 * A heap is an arena of blocks laid end to end. Each block starts with a
 * one-word header holding its size and two flags. A free block also keeps
 * two free-list links after its header and a copy of its size (the
 * boundary tag, or footer) in its last word; a block in use gives all of
 * that to its user. So the cost of a block in use is one word: 4 bytes on a
 * 32-bit target, 8 bytes on a 64-bit host.
 *
 * @verbatim
   block in use                          free block
   +--------------------+  <- header     +--------------------+
   | size | P | U=1     |                | size | P | U=0     |
   +--------------------+  <- payload    +--------------------+
   |                    |     (8-byte    | next_free          |
   |  user bytes        |      aligned)  | prev_free          |
   |                    |                |   (unused)         |
   |                    |                | footer: size       |
   +--------------------+  <- next       +--------------------+
   | next header, P=1   |     header     | next header, P=0   |
   @endverbatim
 *
 * - `size` counts the whole block, header included, and is a multiple of 8,
 *   so the three low bits of the word are free for flags: U (this block is
 *   used) and P (the block physically before is used).
 * - The footer is valid only while the block is free. That is all a block
 *   needs to find its previous neighbour: when P is clear, the word just
 *   below the header is the previous block's size. When P is set, nobody
 *   reads that word, and it belongs to the previous block's user.
 * - Payloads are 8-byte aligned, so headers sit 4 bytes below a multiple of
 *   8 on 32-bit targets and on a multiple of 8 on 64-bit hosts.
 * - A sentinel header of size 0, marked used, closes the arena, so the last
 *   real block has a "next" like every other block.
 *
 * Invariants kept by every public call of the stages above:
 * no two free blocks are neighbours (freeing coalesces at once); every free
 * block is in its stage's index and no used block is; a header's P flag
 * equals the U flag of the block before it.
 *
 * The layer knows nothing of how free blocks are indexed. The operations
 * that must put blocks into the index or take them out (coalesce, trim,
 * release) take the stage's own `insert` and `remove` functions; they are
 * `static inline`, so the compiler inlines the stage's functions into them.
 * \~chinese
 * @brief 阶段二（空闲链表堆）与阶段三（TLSF）共用的块层：块头、边界标记、
 *        分割与合并。
 *
 * 堆是一片首尾相接的内存块。每个内存块开头是一个字的块头，存放块大小和
 * 两个标志位。空闲块还在块头之后保存两个空闲链表指针，并在最后一个字中
 * 保存块大小的副本（边界标记，即块尾）；已分配的块把这些空间全部交给用户。
 * 因此已分配块的开销只有一个字：32 位目标上 4 字节，64 位宿主机上 8 字节。
 *
 * - `size` 是整个内存块（含块头）的字节数，为 8 的倍数，所以这个字的低三位
 *   可以用作标志：U（本块已使用）和 P（物理上的前一块已使用）。
 * - 块尾只在块空闲时有效。找前一个邻居只需要它：P 为 0 时，块头下面的那个
 *   字就是前一块的大小；P 为 1 时没有人读这个字，它属于前一块的用户。
 * - 用户区按 8 字节对齐，因此在 32 位目标上块头位于 8 的倍数减 4 处，
 *   在 64 位宿主机上位于 8 的倍数处。
 * - 区域末尾有一个大小为 0、标记为已使用的哨兵块头，于是最后一个真实的
 *   内存块也和其他块一样有"下一块"。
 *
 * 上层各阶段的每个公开函数都维持这些不变式：不存在相邻的两个空闲块（释放时
 * 立即合并）；每个空闲块都在该阶段的索引中，已使用的块都不在；块头的 P 标志
 * 等于前一块的 U 标志。
 *
 * 块层不关心空闲块如何索引。需要把块放入或移出索引的操作（合并、裁剪、
 * 释放）接收阶段自己的 `insert` 和 `remove` 函数；它们都是 `static inline`，
 * 编译器会把阶段的函数内联进去。
 */
#ifndef KIT_BLOCK_H
#define KIT_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * \~english
 * @brief A block's header, and the free-list links that follow it while the
 *        block is free.
 *
 * Invariant: @c next_free and @c prev_free mean something only while the
 * U flag is clear; in a used block those bytes are the user's.
 * \~chinese
 * @brief 内存块的块头，以及块空闲时紧随其后的空闲链表指针。
 *
 * 不变式：只有 U 标志为 0 时 @c next_free 与 @c prev_free 才有意义；
 * 在已使用的块中，这些字节属于用户。
 */
typedef struct block {
    size_t size_flags;       /**< \~english @brief size of the block, ORed with the flags
                                   \~chinese @brief 块大小与标志位按位或的结果 */
    struct block *next_free; /**< \~english @brief next block in the same free list
                                   \~chinese @brief 同一空闲链表中的下一块 */
    struct block *prev_free; /**< \~english @brief previous block in the same free list
                                   \~chinese @brief 同一空闲链表中的上一块 */
} block_t;

/** \~english @brief Alignment of every payload, in bytes.
 *  \~chinese @brief 每个用户区的对齐字节数。 */
#define BLOCK_ALIGN 8u
/** \~english @brief Bytes of the header: the cost of a block in use.
 *  \~chinese @brief 块头的字节数，即一个已使用块的开销。 */
#define BLOCK_HEADER_SIZE sizeof(size_t)
/** \~english @brief Flag U: this block is in use.
 *  \~chinese @brief 标志 U：本块已使用。 */
#define BLOCK_USED ((size_t)1)
/** \~english @brief Flag P: the block physically before this one is in use.
 *  \~chinese @brief 标志 P：物理上的前一块已使用。 */
#define BLOCK_PREV_USED ((size_t)2)
/** \~english @brief Set only in a gap record, never in a header (see
 *         block_gap_write()).
 *  \~chinese @brief 只出现在间隙记录中、从不出现在块头中的标志（见
 *         block_gap_write()）。 */
#define BLOCK_GAP_MARK ((size_t)4)
/** \~english @brief All flag bits of a header word.
 *  \~chinese @brief 块头字中的全部标志位。 */
#define BLOCK_FLAGS ((size_t)7)
/** \~english @brief Smallest block: header, two links and a footer (16 bytes
 *         on 32-bit, 32 on 64-bit).
 *  \~chinese @brief 最小的内存块：块头、两个链表指针和块尾（32 位上 16
 *         字节，64 位上 32 字节）。 */
#define BLOCK_MIN_SIZE (sizeof(block_t) + sizeof(size_t))
/** \~english @brief Bytes of the record kept below an over-aligned payload.
 *  \~chinese @brief 超对齐用户区下方记录所占的字节数。 */
#define BLOCK_GAP_RECORD (2 * sizeof(size_t))
/** \~english @brief Largest request any stage accepts: larger ones overflow
 *         once a header and alignment are added, so they are refused.
 *  \~chinese @brief 各阶段接受的最大申请字节数：再大的请求加上块头和对齐
 *         就会溢出，因此一律拒绝。 */
#define BLOCK_MAX_REQUEST (SIZE_MAX / 2)

/** \~english @brief Round @p n up to a multiple of @p align (a power of two).
 *  \~chinese @brief 把 @p n 向上取整到 @p align（2 的幂）的倍数。 */
static inline uintptr_t block_align_up(uintptr_t n, uintptr_t align)
{
    return (n + align - 1) & ~(align - 1);
}

/** \~english @brief The block's size, header included.
 *  \~chinese @brief 内存块的大小（含块头）。 */
static inline size_t block_size(const block_t *b)
{
    return b->size_flags & ~BLOCK_FLAGS;
}

/** \~english @brief True when the block is in use.
 *  \~chinese @brief 内存块已使用时为真。 */
static inline bool block_is_used(const block_t *b)
{
    return (b->size_flags & BLOCK_USED) != 0;
}

/** \~english @brief True when the block physically before is in use.
 *  \~chinese @brief 物理上的前一块已使用时为真。 */
static inline bool block_is_prev_used(const block_t *b)
{
    return (b->size_flags & BLOCK_PREV_USED) != 0;
}

/** \~english @brief Set the size, keeping the flags.
 *  \~chinese @brief 设置块大小，保留标志位。 */
static inline void block_set_size(block_t *b, size_t size)
{
    b->size_flags = size | (b->size_flags & BLOCK_FLAGS);
}

/** \~english @brief The user bytes of a block.
 *  \~chinese @brief 内存块的用户区。 */
static inline void *block_payload(const block_t *b)
{
    return (char *)b + BLOCK_HEADER_SIZE;
}

/** \~english @brief The block whose user bytes start at @p payload.
 *  \~chinese @brief 用户区起点为 @p payload 的内存块。 */
static inline block_t *block_from_payload(const void *payload)
{
    return (block_t *)((uintptr_t)payload - BLOCK_HEADER_SIZE);
}

/** \~english @brief The block physically after @p b.
 *  \~chinese @brief 物理上紧随 @p b 的内存块。 */
static inline block_t *block_next(const block_t *b)
{
    return (block_t *)((char *)b + block_size(b));
}

/** \~english @brief The block physically before @p b; valid only while that
 *         block is free (P clear), because it reads that block's footer.
 *  \~chinese @brief 物理上位于 @p b 之前的内存块；只有那一块空闲（P 为 0）
 *         时才有效，因为它读取的是那一块的块尾。 */
static inline block_t *block_prev(const block_t *b)
{
    size_t prev_size = ((const size_t *)b)[-1];
    return (block_t *)((char *)b - prev_size);
}

/** \~english @brief Mark @p b free: clear U, write its footer, and clear P of
 *         the next block.
 *  \~chinese @brief 把 @p b 标记为空闲：清除 U，写好块尾，并清除下一块的 P。 */
static inline void block_mark_free(block_t *b)
{
    block_t *next = block_next(b);
    b->size_flags &= ~BLOCK_USED;
    ((size_t *)next)[-1] = block_size(b);
    next->size_flags &= ~BLOCK_PREV_USED;
}

/** \~english @brief Mark @p b used: set U, and set P of the next block.
 *  \~chinese @brief 把 @p b 标记为已使用：设置 U，并设置下一块的 P。 */
static inline void block_mark_used(block_t *b)
{
    b->size_flags |= BLOCK_USED;
    block_next(b)->size_flags |= BLOCK_PREV_USED;
}

/**
 * \~english
 * @brief The block size that serves a request of @p bytes: the bytes plus
 *        the header, rounded up to 8, at least #BLOCK_MIN_SIZE.
 * @return the size, or 0 when @p bytes is 0 or larger than
 *         #BLOCK_MAX_REQUEST (the sum would overflow).
 * \~chinese
 * @brief 满足 @p bytes 字节请求所需的块大小：字节数加块头，向上取整到 8，
 *        且不小于 #BLOCK_MIN_SIZE。
 * @return 块大小；@p bytes 为 0 或大于 #BLOCK_MAX_REQUEST（相加会溢出）
 *         时返回 0。
 */
static inline size_t block_size_for(size_t bytes)
{
    size_t size;
    if (bytes == 0 || bytes > BLOCK_MAX_REQUEST) {
        return 0;
    }
    size = (size_t)block_align_up(bytes + BLOCK_HEADER_SIZE, BLOCK_ALIGN);
    return size < BLOCK_MIN_SIZE ? BLOCK_MIN_SIZE : size;
}

/**
 * \~english
 * @brief Split @p b so that it keeps @p size bytes, and make the rest a new
 *        free block right after it.
 *
 * The caller makes sure the rest is at least #BLOCK_MIN_SIZE. @p b keeps
 * its flags; the rest is marked free (with its footer), and its P flag
 * tells whether @p b is used.
 * @return the new free block (not yet in any index).
 * \~chinese
 * @brief 分割 @p b：它自己保留 @p size 字节，余下部分成为紧随其后的新空闲块。
 *
 * 调用者保证余下部分不小于 #BLOCK_MIN_SIZE。@p b 保留原有标志位；余下的块
 * 被标记为空闲（写好块尾），其 P 标志反映 @p b 是否已使用。
 * @return 新的空闲块（尚未放入任何索引）。
 */
static inline block_t *block_split(block_t *b, size_t size)
{
    /* TODO(lab 2, split): Cut b at size bytes. The rest starts right after the
     * first size bytes; give it the remaining size and a P flag that copies
     * b's U flag, then mark it free (block_mark_free writes its footer and
     * clears P of the block after it). Shrink b to size and return the rest. */
    (void)size; return block_next(b);
}

/**
 * \~english
 * @brief Make @p b swallow the block physically after it.
 *
 * The next block must already be out of the index. If @p b is free its
 * footer is rewritten; if it is used, the next block learns so through P.
 * \~chinese
 * @brief 让 @p b 吞并物理上紧随其后的内存块。
 *
 * 下一块必须已经移出索引。若 @p b 空闲则重写它的块尾；若已使用，则通过 P
 * 标志告知新的下一块。
 */
static inline void block_absorb_next(block_t *b)
{
    block_set_size(b, block_size(b) + block_size(block_next(b)));
    if (block_is_used(b)) {
        block_mark_used(b);
    } else {
        block_mark_free(b);
    }
}

/** \~english @brief A stage's function that puts a free block into its index.
 *  \~chinese @brief 阶段提供的函数：把一个空闲块放入索引。 */
typedef void (*block_insert_fn)(void *index, block_t *b);
/** \~english @brief A stage's function that takes a free block out of its index.
 *  \~chinese @brief 阶段提供的函数：把一个空闲块移出索引。 */
typedef void (*block_remove_fn)(void *index, block_t *b);

/**
 * \~english
 * @brief Merge the free block @p b with whichever physical neighbours are
 *        free, taking them out of the index first.
 *
 * @p b itself must not be in the index. Afterwards neither neighbour of the
 * returned block is free.
 * @return the merged block: @p b, or its previous neighbour if that was free.
 * \~chinese
 * @brief 把空闲块 @p b 与物理上空闲的邻居合并，合并前先把邻居移出索引。
 *
 * @p b 本身不能在索引中。合并后，返回块的两个邻居都不是空闲块。
 * @return 合并后的块：@p b，或者前一块空闲时为前一块。
 */
static inline block_t *block_coalesce(block_t *b, void *index, block_remove_fn remove)
{
    /* TODO(lab 2, coalesce): If the next block is free, take it out of the index
     * and absorb it into b. Then, if the previous block is free (P clear),
     * take it out of the index, let it absorb b, and continue with it.
     * Return the block that is left. */
    (void)index; (void)remove; return b;
}

/**
 * \~english
 * @brief Give a block back: mark it free, coalesce it, and index the result.
 * @return the block that went into the index.
 * \~chinese
 * @brief 归还一个内存块：标记为空闲、合并邻居，并把结果放入索引。
 * @return 放入索引的那个块。
 */
static inline block_t *block_release(block_t *b, void *index, block_insert_fn insert,
                                     block_remove_fn remove)
{
    block_mark_free(b);
    b = block_coalesce(b, index, remove);
    insert(index, b);
    return b;
}

/**
 * \~english
 * @brief Free the used block @p b and merge it with its free neighbours:
 *        what block_release() does before its insert, with each header
 *        and footer written once.
 *
 * block_release() marks @p b free, then lets each merge rewrite the merged
 * block's header and footer again. Here the neighbours are looked at
 * first, and the merged block's header, its footer and the P flag after it
 * are each written once: an allocator that counts instructions on its free
 * path can use this one. The neighbours are taken out of the index with
 * @p remove before they are merged. When @p b goes into its previous
 * neighbour, its old header is left with U clear, as block_release()
 * leaves it, so that freeing the same pointer again is still refused.
 * @param b a used block, whose next block's P flag is set.
 * @param word @p b's header word, as the caller read it when it checked
 *        @p b (passed on, so that the path reads it once).
 * @param index the stage's index, for @p remove.
 * @param remove the stage's remove function.
 * @param merged receives the size of the returned block.
 * @return the free block that holds @p b now (@p b, or its previous
 *         neighbour), not yet in the index; neither of its neighbours is
 *         free.
 * \~chinese
 * @brief 释放已使用块 @p b 并与空闲的邻居合并：相当于 block_release() 在
 *        插入之前所做的事，但每个块头和块尾只写一次。
 *
 * block_release() 先把 @p b 标记为空闲，每次合并又重写一遍合并块的块头和
 * 块尾。这里先看邻居，合并块的块头、块尾以及其后一块的 P 标志都只写一次：
 * 按指令条数计算释放路径开销的分配器可以用它。邻居在合并之前用 @p remove
 * 移出索引。@p b 并入前一块时，它原来的块头留下 U 为 0，与 block_release()
 * 留下的一样，因此再次释放同一指针仍会被拒绝。
 * @param b 已使用块，其下一块的 P 标志已置位。
 * @param word 调用者检查 @p b 时读到的块头字（直接传入，这样整条路径只读
 *        一次）。
 * @param index 阶段的索引，传给 @p remove。
 * @param remove 阶段的移除函数。
 * @param merged 得到返回块的大小。
 * @return 现在容纳 @p b 的空闲块（@p b 或其前一块），尚未放入索引；它的
 *         两个邻居都不是空闲块。
 */
static inline block_t *block_free_merged(block_t *b, size_t word, void *index,
                                         block_remove_fn remove, size_t *merged)
{
    size_t size = word & ~BLOCK_FLAGS;
    block_t *next = (block_t *)((char *)b + size);
    size_t next_word = next->size_flags;

    if ((next_word & BLOCK_USED) == 0) {
        remove(index, next); /* its own next already has P clear */
        size += next_word & ~BLOCK_FLAGS;
    } else {
        next->size_flags = next_word & ~BLOCK_PREV_USED;
    }
    if ((word & BLOCK_PREV_USED) == 0) {
        size_t prev_size = ((const size_t *)b)[-1];
        b->size_flags = word & ~BLOCK_USED; /* a second free of b still finds U clear */
        b = (block_t *)((char *)b - prev_size);
        remove(index, b);
        size += prev_size;
        word = b->size_flags;
    }
    b->size_flags = size | (word & BLOCK_PREV_USED);
    ((size_t *)((char *)b + size))[-1] = size;
    *merged = size;
    return b;
}

/**
 * \~english
 * @brief Mark the free block @p b, already out of the index, used for its
 *        first @p size bytes; when the rest can be a block of its own, it
 *        becomes a free block right after @p b.
 *
 * The same as block_mark_used() followed by block_split() when the rest is
 * at least #BLOCK_MIN_SIZE, with each word written once: the P flag of the
 * block after @p b is left clear, since @p b was free and the rest, free
 * too, now sits before it.
 * @param b a free block of at least @p size bytes.
 * @param size the bytes @p b keeps, a multiple of 8, at least
 *        #BLOCK_MIN_SIZE.
 * @return the rest, free with its footer written and not yet in any index,
 *         or NULL when @p b kept all its bytes.
 * \~chinese
 * @brief 把已移出索引的空闲块 @p b 的前 @p size 字节标记为已使用；余下部分
 *        足以单独成块时，成为紧随 @p b 的空闲块。
 *
 * 余下部分不小于 #BLOCK_MIN_SIZE 时，效果等同于先 block_mark_used() 再
 * block_split()，但每个字只写一次：@p b 之后那一块的 P 标志保持为 0，因为
 * @p b 原本空闲，而现在位于它前面的余下部分也是空闲的。
 * @param b 不小于 @p size 字节的空闲块。
 * @param size @p b 保留的字节数，为 8 的倍数，且不小于 #BLOCK_MIN_SIZE。
 * @return 余下部分（空闲、块尾已写好、尚未放入任何索引）；@p b 保留了全部
 *         字节时返回 NULL。
 */
static inline block_t *block_use_front(block_t *b, size_t size)
{
    size_t word = b->size_flags;
    size_t rest_size = (word & ~BLOCK_FLAGS) - size;
    block_t *rest;

    if (rest_size < BLOCK_MIN_SIZE) {
        b->size_flags = word | BLOCK_USED;
        block_next(b)->size_flags |= BLOCK_PREV_USED;
        return NULL;
    }
    rest = (block_t *)((char *)b + size);
    ((size_t *)((char *)rest + rest_size))[-1] = rest_size;
    b->size_flags = word - rest_size + BLOCK_USED; /* U was clear: the sum sets it */
    rest->size_flags = rest_size | BLOCK_PREV_USED;
    return rest;
}

/**
 * \~english
 * @brief Cut the tail off @p b so that it keeps @p size bytes, when the
 *        tail is big enough to be a block; the tail is coalesced with a free
 *        next neighbour and indexed.
 *
 * Used on a block just taken for allocation and on a block that realloc
 * shrinks. @p b must already be marked used (so the tail never merges
 * back into it).
 * \~chinese
 * @brief 当尾部大到足以成为一个内存块时，把 @p b 的尾部切下，使它只保留
 *        @p size 字节；切下的尾部与空闲的下一块合并后放入索引。
 *
 * 用于刚取出准备分配的块，以及 realloc 缩小的块。@p b 必须已经标记为已使用
 * （这样切下的尾部不会又合并回它）。
 */
static inline void block_trim(block_t *b, size_t size, void *index, block_insert_fn insert,
                              block_remove_fn remove)
{
    if (block_size(b) >= size + BLOCK_MIN_SIZE) {
        block_t *rest = block_split(b, size);
        insert(index, block_coalesce(rest, index, remove));
    }
}

/**
 * \~english
 * @brief Split an alignment word into the alignment and the "rewind".
 *
 * Zephyr's encoding: @p align_word is `align | rew`, both powers of two
 * with @p rew smaller than @p align, and asks for a pointer p such that
 * p + rew is aligned to @p align. A plain power of two has no rewind.
 * @param align_word the word to decode.
 * @param rew receives the rewind (0 when there is none).
 * @return the alignment, or 0 when @p align_word is 0 or has more than two
 *         bits set.
 * \~chinese
 * @brief 把对齐字拆成对齐值和"回退量"。
 *
 * 这是 Zephyr 的编码：@p align_word 等于 `align | rew`，两者都是 2 的幂且
 * @p rew 小于 @p align，意思是要一个指针 p，使 p + rew 按 @p align 对齐。
 * 单纯的 2 的幂不带回退量。
 * @param align_word 要拆开的字。
 * @param rew 得到回退量（没有时为 0）。
 * @return 对齐值；@p align_word 为 0 或置位多于两位时返回 0。
 */
static inline size_t block_align_decode(size_t align_word, size_t *rew)
{
    size_t low = align_word & (~align_word + 1);
    size_t high = align_word - low;

    *rew = 0;
    if (high == 0) {
        return align_word;
    }
    if ((high & (high - 1)) != 0) {
        return 0;
    }
    *rew = low;
    return high;
}

/**
 * \~english
 * @brief The block size to search for so that a request of @p bytes whose
 *        address plus @p rew must be aligned to @p align fits whatever the
 *        block's address.
 *
 * With no rewind and @p align up to #BLOCK_ALIGN this is block_size_for().
 * Otherwise it needs room for the worst gap in front of the payload and for
 * the gap record.
 * @return the size, or 0 when @p bytes is 0 or too large, @p align is not a
 *         power of two or is too large, or @p rew is not below @p align.
 * \~chinese
 * @brief 为了让地址加上 @p rew 后须按 @p align 对齐的 @p bytes 字节请求
 *        无论块地址如何都能放下，需要查找的块大小。
 *
 * 没有回退量且 @p align 不超过 #BLOCK_ALIGN 时就是 block_size_for()。否则还要
 * 为用户区前面最坏情况的间隙和间隙记录留出空间。
 * @return 块大小；@p bytes 为 0 或过大、@p align 不是 2 的幂或过大、
 *         @p rew 不小于 @p align 时返回 0。
 */
static inline size_t block_size_for_aligned_at(size_t bytes, size_t align, size_t rew)
{
    size_t size = block_size_for(bytes);
    if (align == 0 || (align & (align - 1)) != 0 || align > BLOCK_MAX_REQUEST / 2 || rew >= align) {
        return 0;
    }
    if (size == 0 || (rew == 0 && align <= BLOCK_ALIGN)) {
        return size;
    }
    return size + align + BLOCK_GAP_RECORD;
}

/**
 * \~english
 * @brief The block size to search for so that a request of @p bytes with
 *        alignment @p align fits whatever the block's address: the case
 *        of block_size_for_aligned_at() with no rewind.
 * @return the size, or 0 when @p bytes is 0 or too large, or @p align is not
 *         a power of two or is too large.
 * \~chinese
 * @brief 为了让 @p bytes 字节、按 @p align 对齐的请求无论块地址如何都能放下，
 *        需要查找的块大小：即 block_size_for_aligned_at() 不带回退量的情形。
 * @return 块大小；@p bytes 为 0 或过大、@p align 不是 2 的幂或过大时返回 0。
 */
static inline size_t block_size_for_aligned(size_t bytes, size_t align)
{
    return block_size_for_aligned_at(bytes, align, 0);
}

/**
 * \~english
 * @brief Where a payload whose address plus @p rew must be aligned to
 *        @p align goes inside the free block @p b: the first such address
 *        that leaves room for the gap record below it.
 * \~chinese
 * @brief 地址加上 @p rew 后须按 @p align 对齐的用户区在空闲块 @p b 中的
 *        位置：在其下方留出间隙记录空间后，第一个满足要求的地址。
 */
static inline uintptr_t block_aligned_payload_at(const block_t *b, size_t align, size_t rew)
{
    uintptr_t low = (uintptr_t)block_payload(b) + BLOCK_GAP_RECORD + rew;
    return block_align_up(low, align) - rew;
}

/**
 * \~english
 * @brief Where an over-aligned payload goes inside the free block @p b:
 *        the first address aligned to @p align that leaves room for the
 *        gap record below it.
 * \~chinese
 * @brief 超对齐的用户区在空闲块 @p b 中的位置：在其下方留出间隙记录空间后，
 *        第一个按 @p align 对齐的地址。
 */
static inline uintptr_t block_aligned_payload(const block_t *b, size_t align)
{
    return block_aligned_payload_at(b, align, 0);
}

/**
 * \~english
 * @brief Record, in the two words below @p payload, where its block's user
 *        bytes start and which alignment word it was given.
 *
 * Only payloads aligned to more than #BLOCK_ALIGN, or with a rewind, carry
 * such a record. The lower word is the alignment word (`align | rew`, see
 * block_align_decode()); the upper word is the distance from the block's
 * user bytes to the aligned point @p payload + rew, a multiple of 8, with
 * #BLOCK_GAP_MARK set, which no header has, so block_gap_read() can tell the
 * two apart.
 * @param payload the payload, word-aligned.
 * @param gap its distance from the block's user bytes.
 * @param align_word the alignment word it was given.
 * \~chinese
 * @brief 在 @p payload 下方的两个字中记录：所在块的用户区从哪里开始，以及
 *        它被要求的对齐字。
 *
 * 只有对齐要求大于 #BLOCK_ALIGN 或带回退量的用户区才带有这种记录。低位字是
 * 对齐字（`align | rew`，见 block_align_decode()）；高位字是从块的用户区到
 * 对齐点 @p payload + rew 的距离，为 8 的倍数，并设置了 #BLOCK_GAP_MARK，
 * 块头从不设置这一位，因此 block_gap_read() 能区分两者。
 * @param payload 用户区，按字对齐。
 * @param gap 它离块用户区起点的距离。
 * @param align_word 它被要求的对齐字。
 */
static inline void block_gap_write(void *payload, size_t gap, size_t align_word)
{
    size_t rew;
    size_t *words = (size_t *)payload;

    (void)block_align_decode(align_word, &rew);
    words[-2] = align_word;
    words[-1] = (gap + rew) | BLOCK_GAP_MARK;
}

/**
 * \~english
 * @brief Whether a gap record's alignment word and distance are well formed
 *        for the pointer @p p, which is not 0.
 *
 * Three tests say it all. The alignment word must be one
 * block_gap_write() can have written: a rewind that is a multiple of the
 * word (a whole number of words, or none) and, with no rewind, an
 * alignment above #BLOCK_ALIGN. The point @p p + rew must be aligned: a
 * malformed word decodes to alignment 0, and no nonzero point is aligned
 * to 0 - 1, all ones. And the gap must lie between the record and the
 * alignment plus the record, and not reach below address 0: a distance
 * smaller than the rewind wraps around and fails the upper bound. So an
 * alignment below #BLOCK_ALIGN needs no test of its own: with a rewind of
 * a word or more, the alignment, a larger power of two, is at least 8.
 * \~chinese
 * @brief 对指针 @p p（不为 0）而言，间隙记录中的对齐字和距离是否格式正确。
 *
 * 三项检查就够了。对齐字必须是 block_gap_write() 可能写下的：回退量是字长
 * 的倍数（整数个字，或者没有），没有回退量时对齐值大于 #BLOCK_ALIGN。
 * @p p + rew 这个点必须对齐：格式不对的对齐字解出的对齐值为 0，而任何非零的
 * 点都不会按 0 - 1（全 1）对齐。间隙必须不小于记录、小于对齐值加记录，且不
 * 越过地址 0：距离小于回退量时相减回绕，过不了上界。因此对齐值小于
 * #BLOCK_ALIGN 的情形无须单独检查：回退量至少一个字时，对齐值是更大的 2 的
 * 幂，至少为 8。
 */
static inline bool block_gap_sane(uintptr_t p, size_t align_word, size_t dist)
{
    size_t rew;
    size_t align = block_align_decode(align_word, &rew);
    size_t gap = dist - rew;

    if (rew % sizeof(size_t) != 0 || (rew == 0 && align <= BLOCK_ALIGN) ||
        ((p + rew) & (align - 1)) != 0) {
        return false;
    }
    return gap - BLOCK_GAP_RECORD < align && gap <= p;
}

/**
 * \~english
 * @brief Find the block behind a pointer handed to a user, and the
 *        alignment word it was given.
 * @param p a pointer the stage returned.
 * @param align receives #BLOCK_ALIGN, or the alignment word kept in the gap
 *        record (`align | rew` when the payload was placed with a rewind).
 * @return the block, or NULL when @p p is not word-aligned, is not 8-byte
 *         aligned and has no gap record, or its gap record is malformed (a
 *         foreign or corrupted pointer). The caller still checks that the
 *         block lies in its pool before touching it.
 * \~chinese
 * @brief 找出交给用户的指针背后的内存块，以及它被要求的对齐字。
 * @param p 阶段返回过的指针。
 * @param align 得到 #BLOCK_ALIGN，或间隙记录中保存的对齐字（带回退量放置的
 *        用户区为 `align | rew`）。
 * @return 内存块；以下情况返回 NULL：@p p 没有按字对齐，或没有按 8 字节对齐
 *         又没有间隙记录，或间隙记录格式不对（外来或被破坏的指针）。调用者在
 *         访问该块之前仍需检查它是否位于自己的内存池中。
 */
static inline block_t *block_gap_read(const void *p, size_t *align)
{
    const size_t *words = (const size_t *)p;
    size_t word, dist, claimed, rew;

    *align = BLOCK_ALIGN;
    if ((uintptr_t)p % sizeof(size_t) != 0) {
        return NULL;
    }
    word = words[-1];
    if ((word & BLOCK_GAP_MARK) == 0) {
        return (uintptr_t)p % BLOCK_ALIGN == 0 ? block_from_payload(p) : NULL;
    }
    dist = word & ~BLOCK_FLAGS;
    claimed = words[-2];
    if (!block_gap_sane((uintptr_t)p, claimed, dist)) {
        return NULL;
    }
    (void)block_align_decode(claimed, &rew);
    *align = claimed;
    return block_from_payload((const char *)p - (dist - rew));
}

/**
 * \~english
 * @brief Place a payload whose address plus @p rew must be aligned to
 *        @p align in the free block @p b, which is out of the index: if the
 *        space in front of the payload can be a block of its own, split it
 *        off and index it.
 *
 * The front is cut at a multiple of 8 at or below the gap record, so the
 * block that holds the payload starts where a block may start.
 * @param b a free block of at least block_size_for_aligned_at() bytes.
 * @param align the alignment.
 * @param rew the rewind: 0, or a multiple of the word size below @p align.
 * @param index the stage's index, for @p insert.
 * @param insert the stage's insert function.
 * @param payload receives the payload address.
 * @return the block that holds the payload (@p b, or the part split off its
 *         end), still free and out of the index.
 * \~chinese
 * @brief 在已移出索引的空闲块 @p b 中放置一个地址加上 @p rew 后须按
 *        @p align 对齐的用户区：如果用户区前面的空间足以单独成块，就把它分
 *        出来并放入索引。
 *
 * 前面部分在间隙记录处或其下方的 8 的倍数处切开，于是容纳用户区的块仍从
 * 块可以开始的位置开始。
 * @param b 不小于 block_size_for_aligned_at() 字节的空闲块。
 * @param align 对齐值。
 * @param rew 回退量：0，或小于 @p align 的字长的倍数。
 * @param index 阶段的索引，传给 @p insert。
 * @param insert 阶段的插入函数。
 * @param payload 得到用户区地址。
 * @return 容纳该用户区的块（@p b，或从其尾部分出的那部分），仍为空闲且不在
 *         索引中。
 */
static inline block_t *block_carve_aligned_at(block_t *b, size_t align, size_t rew, void *index,
                                              block_insert_fn insert, uintptr_t *payload)
{
    uintptr_t p = block_aligned_payload_at(b, align, rew);
    size_t front = (size_t)(p - (uintptr_t)block_payload(b)) - BLOCK_GAP_RECORD;

    front &= ~(size_t)(BLOCK_ALIGN - 1);
    if (front >= BLOCK_MIN_SIZE) {
        block_t *rest = block_split(b, front);
        block_mark_free(b); /* the front stays free: give it its footer */
        insert(index, b);
        b = rest;
    }
    *payload = p;
    return b;
}

/**
 * \~english
 * @brief Place an over-aligned payload in the free block @p b: the case of
 *        block_carve_aligned_at() with no rewind.
 * @param b a free block of at least block_size_for_aligned() bytes.
 * @param align the alignment, larger than #BLOCK_ALIGN.
 * @param index the stage's index, for @p insert.
 * @param insert the stage's insert function.
 * @param payload receives the aligned payload address.
 * @return the block that holds the payload, still free and out of the index.
 * \~chinese
 * @brief 在空闲块 @p b 中放置一个超对齐的用户区：即
 *        block_carve_aligned_at() 不带回退量的情形。
 * @param b 不小于 block_size_for_aligned() 字节的空闲块。
 * @param align 对齐值，大于 #BLOCK_ALIGN。
 * @param index 阶段的索引，传给 @p insert。
 * @param insert 阶段的插入函数。
 * @param payload 得到对齐后的用户区地址。
 * @return 容纳该用户区的块，仍为空闲且不在索引中。
 */
static inline block_t *block_carve_aligned(block_t *b, size_t align, void *index,
                                           block_insert_fn insert, uintptr_t *payload)
{
    return block_carve_aligned_at(b, align, 0, index, insert, payload);
}

/**
 * \~english
 * @brief Bytes a user may use from @p p to the end of its block @p b.
 * \~chinese
 * @brief 用户从 @p p 到所在块 @p b 末尾可以使用的字节数。
 */
static inline size_t block_usable(const block_t *b, const void *p)
{
    return (size_t)((const char *)block_next(b) - (const char *)p);
}

/**
 * \~english
 * @brief Resize the used block @p b, whose user pointer is @p p, without
 *        moving it: shrink by trimming its tail, or grow into a free next
 *        neighbour.
 * @return true when @p p now has at least @p bytes usable; false when the
 *         block must move (nothing was changed then).
 * \~chinese
 * @brief 不移动地调整已使用块 @p b（用户指针为 @p p）的大小：缩小时裁掉尾部，
 *        增大时并入空闲的下一块。
 * @return @p p 现在至少有 @p bytes 字节可用时返回 true；块必须搬移时返回
 *         false（此时什么都没有改变）。
 */
static inline bool block_resize_in_place(block_t *b, const void *p, size_t bytes, void *index,
                                         block_insert_fn insert, block_remove_fn remove)
{
    size_t gap = (size_t)((const char *)p - (const char *)block_payload(b));
    size_t wanted = block_size_for(gap + bytes);
    block_t *next = block_next(b);

    if (wanted > block_size(b)) {
        if (block_is_used(next) || block_size(b) + block_size(next) < wanted) {
            return false;
        }
        remove(index, next);
        block_absorb_next(b);
    }
    block_trim(b, wanted, index, insert, remove);
    return true;
}

/**
 * \~english
 * @brief Lay out an arena of blocks in [@p start, @p start + @p bytes): one
 *        free block and the sentinel after it.
 * @param start where the arena begins (any alignment).
 * @param bytes its length.
 * @return the free block, or NULL when the arena cannot hold one block of
 *         #BLOCK_MIN_SIZE and the sentinel. The caller indexes the block.
 * @par Cost
 * O(1).
 * \~chinese
 * @brief 在 [@p start, @p start + @p bytes) 中布置一片内存块区域：一个空闲块
 *        以及其后的哨兵。
 * @param start 区域起点（对齐任意）。
 * @param bytes 区域长度。
 * @return 那个空闲块；区域放不下一个 #BLOCK_MIN_SIZE 大小的块和哨兵时返回
 *         NULL。由调用者把该块放入索引。
 * @par 开销
 * O(1)。
 */
block_t *block_arena_init(void *start, size_t bytes);

/**
 * \~english
 * @brief What a walk of the arena counted: the figures every stage's
 *        statistics must agree with.
 * \~chinese
 * @brief 遍历区域得到的计数：各阶段的统计数字都必须与之一致。
 */
typedef struct block_census {
    size_t used_bytes;   /**< \~english @brief bytes in used blocks, headers included
                              \~chinese @brief 已使用块的字节数（含块头） */
    size_t free_bytes;   /**< \~english @brief bytes in free blocks, headers included
                              \~chinese @brief 空闲块的字节数（含块头） */
    size_t used_blocks;  /**< \~english @brief blocks in use \~chinese @brief 已使用块数 */
    size_t free_blocks;  /**< \~english @brief free blocks \~chinese @brief 空闲块数 */
    size_t largest_free; /**< \~english @brief size of the largest free block
                              \~chinese @brief 最大空闲块的大小 */
} block_census_t;

/**
 * \~english
 * @brief Visit every block of an arena in address order.
 * @param first the arena's first block.
 * @param visit called with each block (the sentinel excluded) and @p arg.
 * @param arg handed to @p visit.
 * @par Cost
 * O(n) in the number of blocks.
 * \~chinese
 * @brief 按地址顺序访问区域中的每个内存块。
 * @param first 区域的第一个块。
 * @param visit 对每个块（不含哨兵）调用，并传入 @p arg。
 * @param arg 传给 @p visit 的参数。
 * @par 开销
 * O(n)，n 为内存块个数。
 */
void block_walk(block_t *first, void (*visit)(block_t *b, void *arg), void *arg);

/**
 * \~english
 * @brief Check the physical chain of an arena, and count it.
 *
 * Walks from @p first to the sentinel at @p end and checks each header:
 * inside the arena, size a multiple of 8 and at least #BLOCK_MIN_SIZE, no
 * gap mark, P equal to the U of the block before, a free block's footer
 * equal to its size, and no two free neighbours.
 * @param first the arena's first block.
 * @param end the sentinel.
 * @param census receives the counts (only meaningful on success).
 * @return true when the chain is intact; false (with a diagnostic naming the
 *         bad block) otherwise.
 * @par Cost
 * O(n) in the number of blocks.
 * \~chinese
 * @brief 检查区域的物理块链并计数。
 *
 * 从 @p first 走到位于 @p end 的哨兵，逐个检查块头：位于区域内，大小为 8
 * 的倍数且不小于 #BLOCK_MIN_SIZE，没有间隙标志，P 等于前一块的 U，空闲块的
 * 块尾等于其大小，且没有相邻的两个空闲块。
 * @param first 区域的第一个块。
 * @param end 哨兵。
 * @param census 得到计数（仅在成功时有意义）。
 * @return 块链完好时返回 true；否则返回 false，并打印指出坏块的诊断信息。
 * @par 开销
 * O(n)，n 为内存块个数。
 */
bool block_check_chain(block_t *first, const block_t *end, block_census_t *census);

#endif
