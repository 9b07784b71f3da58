/**
 * @file block.h
 * \~english
 * @brief The block layer of stages 2 and 3: block headers, boundary tags,
 *        split and coalesce.
 *
 * A heap is an arena of blocks laid end to end. Each block starts with a
 * one-word header holding its size and two flags. A free block also keeps
 * two free-list links after its header and a copy of its size (the
 * boundary tag, or footer) in its last word; a block in use gives all of
 * that to its user. So a block in use costs one word: 4 bytes on a 32-bit
 * target, 8 bytes on a 64-bit host.
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
 * - The header word's top byte is a check: the bytes of a sound header XOR
 *   to #BLOCK_CHECK_SALT, so any change of one byte, by a write one byte too
 *   far or a stray store, is seen before the header is trusted. The bit
 *   below it is flag A (an over-aligned payload, block_align.h); sizes stay
 *   below it.
 *
 * Invariants kept by every public call of the stages above: no two free
 * blocks are neighbours (freeing coalesces at once); every free block is in
 * its stage's index and no used block is; a header's P flag equals the U
 * flag of the block before it.
 *
 * The layer knows nothing of how free blocks are indexed. A stage hands it
 * its index as a ::block_index_t, a table of two functions (insert and
 * remove); the calls that must take blocks out of the index or put them in
 * (coalesce, release, use, trim) call through it. Over-aligned payloads and
 * the record that finds their block live in block_align.h.
 * \~chinese
 * @brief 阶段二与阶段三共用的块层：块头、边界标记、分割与合并。
 *
 * 堆是一片首尾相接的内存块。每个内存块开头是一个字的块头，存放块大小和
 * 两个标志位。空闲块还在块头之后保存两个空闲链表指针，并在最后一个字中
 * 保存块大小的副本（边界标记，即块尾）；已使用的块把这些空间全部交给用户。
 * 因此已使用块的开销只有一个字：32 位目标上 4 字节，64 位宿主机上 8 字节。
 *
 * @verbatim
   已使用的块                            空闲块
   +--------------------+  <- 块头       +--------------------+
   | size | P | U=1     |                | size | P | U=0     |
   +--------------------+  <- 用户区     +--------------------+
   |                    |   (按 8 字节   | next_free          |
   |  用户数据          |    对齐)       | prev_free          |
   |                    |                |   (未使用)         |
   |                    |                | 块尾: size         |
   +--------------------+  <- 下一块     +--------------------+
   | 下一块块头, P=1    |     的块头     | 下一块块头, P=0    |
   @endverbatim
 *
 * - `size` 是整个内存块（含块头）的字节数，为 8 的倍数，所以这个字的低三位
 *   可以用作标志：U（本块已使用）和 P（物理上的前一块已使用）。
 * - 块尾只在块空闲时有效。找前一个邻居只需要它：P 为 0 时，块头下面的那个
 *   字就是前一块的大小；P 为 1 时没有人读这个字，它属于前一块的用户。
 * - 用户区按 8 字节对齐，因此在 32 位目标上块头位于 8 的倍数减 4 处，
 *   在 64 位宿主机上位于 8 的倍数处。
 * - 区域末尾有一个大小为 0、标记为已使用的哨兵块头，于是最后一个真实的
 *   内存块也和其他块一样有"下一块"。
 * - 块头字的最高字节是校验：完好块头的各字节异或得 #BLOCK_CHECK_SALT，所以
 *   任何一个字节的改变（越界多写一个字节，或一次误写）都会在信任块头之前被
 *   发现。它下面那一位是标志 A（超对齐的用户区，见 block_align.h）；块大小
 *   始终低于这一位。
 *
 * 上层各阶段的每个公开函数都维持这些不变式：不存在相邻的两个空闲块（释放时
 * 立即合并）；每个空闲块都在该阶段的索引中，已使用的块都不在；块头的 P 标志
 * 等于前一块的 U 标志。
 *
 * 块层不关心空闲块如何索引。阶段把自己的索引以 ::block_index_t 的形式交给
 * 块层，即一张包含两个函数（插入与移除）的表；需要把块移出或放入索引的操作
 * （合并、归还、使用、裁剪）都通过它调用。超对齐的用户区以及找回其所在块的
 * 记录放在 block_align.h 中。
 */
#ifndef KIT_BLOCK_H
#define KIT_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kit_assert.h"

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
    /** \~english @brief size of the block, ORed with the flags
     *  \~chinese @brief 块大小与标志位按位或的结果 */
    size_t size_flags;
    /** \~english @brief next block in the same free list
     *  \~chinese @brief 同一空闲链表中的下一块 */
    struct block *next_free;
    /** \~english @brief previous block in the same free list
     *  \~chinese @brief 同一空闲链表中的上一块 */
    struct block *prev_free;
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
 *         block_align.h).
 *  \~chinese @brief 只出现在间隙记录中、从不出现在块头中的标志（见
 *         block_align.h）。 */
#define BLOCK_GAP_MARK ((size_t)4)
/** \~english @brief All flag bits of a header word.
 *  \~chinese @brief 块头字中的全部标志位。 */
#define BLOCK_FLAGS ((size_t)7)
/** \~english @brief Where a header word's check byte starts: its top byte.
 *  \~chinese @brief 块头字校验字节的起始位：最高字节。 */
#define BLOCK_CHECK_SHIFT (8u * sizeof(size_t) - 8u)
/** \~english @brief Flag A, the bit below the check byte: the payload lies
 *         beyond a gap record (block_align.h), so the block's own payload
 *         address is not a pointer any caller was given.
 *  \~chinese @brief 标志 A，即校验字节下面的那一位：用户区位于间隙记录之后
 *         （block_align.h），因此块本身的用户区地址不是交给过任何调用者的
 *         指针。 */
#define BLOCK_ALIGNED ((size_t)1 << (BLOCK_CHECK_SHIFT - 1u))
/** \~english @brief Largest block: its size must stay below flag A (8 MiB
 *         - 8 on a 32-bit target).
 *  \~chinese @brief 最大的内存块：其大小必须低于标志 A（32 位目标上为
 *         8 MiB - 8）。 */
#define BLOCK_MAX_SIZE (BLOCK_ALIGNED - BLOCK_ALIGN)
/** \~english @brief What the bytes of a sound header word XOR to.
 *  \~chinese @brief 完好的块头字各字节异或的结果。 */
#define BLOCK_CHECK_SALT 0xa5u
/** \~english @brief Smallest block: header, two links and a footer (16 bytes
 *         on 32-bit, 32 on 64-bit).
 *  \~chinese @brief 最小的内存块：块头、两个链表指针和块尾（32 位上 16
 *         字节，64 位上 32 字节）。 */
#define BLOCK_MIN_SIZE (sizeof(block_t) + sizeof(size_t))
/** \~english @brief Largest request any stage accepts: larger ones overflow
 *         once a header and alignment are added, so they are refused.
 *  \~chinese @brief 各阶段接受的最大申请字节数：再大的请求加上块头和对齐
 *         就会溢出，因此一律拒绝。 */
#define BLOCK_MAX_REQUEST (SIZE_MAX / 2)

/**
 * \~english
 * @brief How every function of the block layer is declared: inline, and
 *        always inlined into the stage that calls it.
 *
 * Then a stage's index functions, called through its constant table, are
 * inlined in turn, and no result is passed through memory. On the
 * Cortex-M3 this is what keeps the stage-3 alloc and free paths as short as
 * hand-fused code (the performance chapter gives the figures).
 * \~chinese
 * @brief 块层每个函数的声明方式：内联，并且总是内联进调用它的阶段。
 *
 * 这样，经由常量表调用的阶段索引函数也随之内联，任何结果都不必经过内存
 * 传递。在 Cortex-M3 上，阶段三的分配与释放路径正因此与手工合并的代码一样
 * 短（数字见性能一章）。
 */
#define BLOCK_INLINE static inline __attribute__((always_inline))

_Static_assert((BLOCK_ALIGN & (BLOCK_ALIGN - 1)) == 0, "BLOCK_ALIGN is a power of two");
_Static_assert(BLOCK_ALIGN % BLOCK_HEADER_SIZE == 0,
               "a header is a whole fraction of the alignment");
_Static_assert(BLOCK_FLAGS < BLOCK_ALIGN, "the flags fit in the bits a size leaves clear");
_Static_assert(offsetof(block_t, next_free) == BLOCK_HEADER_SIZE, "the links start at the payload");
_Static_assert(BLOCK_MIN_SIZE % BLOCK_ALIGN == 0, "the smallest block is a whole size");
_Static_assert((BLOCK_ALIGNED & (BLOCK_FLAGS | BLOCK_MAX_SIZE)) == 0,
               "flag A lies above every size and below the check byte");

/** \~english @brief Round @p n up to a multiple of @p align (a power of two).
 *  \~chinese @brief 把 @p n 向上取整到 @p align（2 的幂）的倍数。 */
BLOCK_INLINE uintptr_t block_align_up(uintptr_t n, uintptr_t align)
{
    return (n + align - 1) & ~(align - 1);
}

/** \~english @brief The block's size, header included.
 *  \~chinese @brief 内存块的大小（含块头）。 */
BLOCK_INLINE size_t block_size(const block_t *b)
{
    return b->size_flags & BLOCK_MAX_SIZE;
}

/** \~english @brief The XOR of the bytes of @p word.
 *  \~chinese @brief @p word 各字节的异或。 */
BLOCK_INLINE uint32_t block_fold(size_t word)
{
#if SIZE_MAX > 0xffffffffu
    word ^= word >> 32;
#endif
    word ^= word >> 16;
    word ^= word >> 8;
    return (uint32_t)word & 0xffu;
}

/** \~english @brief @p word (its top byte 0) with its check byte.
 *  \~chinese @brief 加上校验字节的 @p word（其最高字节为 0）。 */
BLOCK_INLINE size_t block_seal(size_t word)
{
    return word | ((size_t)(block_fold(word) ^ BLOCK_CHECK_SALT) << BLOCK_CHECK_SHIFT);
}

/** \~english @brief Whether a header word's check byte matches the rest.
 *  \~chinese @brief 块头字的校验字节是否与其余部分相符。 */
BLOCK_INLINE bool block_word_ok(size_t word)
{
    return block_fold(word) == BLOCK_CHECK_SALT;
}

/** \~english @brief Set flag @p f of @p b, flipping its bit of the check byte
 *         too: a sound header stays sound, a damaged one stays damaged.
 *  \~chinese @brief 设置 @p b 的标志 @p f，同时翻转校验字节中对应的位：完好
 *         的块头仍然完好，损坏的仍然显出损坏。 */
BLOCK_INLINE void block_flag_set(block_t *b, size_t f)
{
    if ((b->size_flags & f) == 0) {
        b->size_flags ^= f | ((size_t)block_fold(f) << BLOCK_CHECK_SHIFT);
    }
}

/** \~english @brief Clear flag @p f of @p b, as block_flag_set() sets it.
 *  \~chinese @brief 清除 @p b 的标志 @p f，做法与 block_flag_set() 相同。 */
BLOCK_INLINE void block_flag_clear(block_t *b, size_t f)
{
    if ((b->size_flags & f) != 0) {
        b->size_flags ^= f | ((size_t)block_fold(f) << BLOCK_CHECK_SHIFT);
    }
}

/** \~english @brief True when the block is in use.
 *  \~chinese @brief 内存块已使用时为真。 */
BLOCK_INLINE bool block_is_used(const block_t *b)
{
    return (b->size_flags & BLOCK_USED) != 0;
}

/** \~english @brief True when the block physically before is in use.
 *  \~chinese @brief 物理上的前一块已使用时为真。 */
BLOCK_INLINE bool block_is_prev_used(const block_t *b)
{
    return (b->size_flags & BLOCK_PREV_USED) != 0;
}

/** \~english @brief Set the size, keeping the flags.
 *  \~chinese @brief 设置块大小，保留标志位。 */
BLOCK_INLINE void block_set_size(block_t *b, size_t size)
{
    b->size_flags = block_seal(size | (b->size_flags & (BLOCK_FLAGS | BLOCK_ALIGNED)));
}

/** \~english @brief The user bytes of a block.
 *  \~chinese @brief 内存块的用户区。 */
BLOCK_INLINE void *block_payload(const block_t *b)
{
    return (char *)b + BLOCK_HEADER_SIZE;
}

/** \~english @brief The block whose user bytes start at @p payload.
 *  \~chinese @brief 用户区起点为 @p payload 的内存块。 */
BLOCK_INLINE block_t *block_from_payload(const void *payload)
{
    return (block_t *)((uintptr_t)payload - BLOCK_HEADER_SIZE);
}

/** \~english @brief The block physically after @p b.
 *  \~chinese @brief 物理上紧随 @p b 的内存块。 */
BLOCK_INLINE block_t *block_next(const block_t *b)
{
    return (block_t *)((char *)b + block_size(b));
}

/** \~english @brief The block physically before @p b, found through its
 *         footer: only while that block is free (P clear).
 *  \~chinese @brief 物理上位于 @p b 之前的内存块，经由它的块尾找到：仅当
 *         那一块空闲（P 为 0）时可用。 */
BLOCK_INLINE block_t *block_prev(const block_t *b)
{
    KIT_ASSERT(!block_is_prev_used(b), "a footer is read only while its block is free");
    return (block_t *)((char *)b - ((const size_t *)b)[-1]);
}

/**
 * \~english @brief Make the @p size bytes at @p b one free block: its footer,
 *        P cleared in the block after it, and its header (U clear, P as
 *        @p prev_used says), written last.
 * \~chinese @brief 把 @p b 处的 @p size 字节做成一个空闲块：写好块尾，清除
 *        其后一块的 P，最后写它的块头（U 为 0，P 取 @p prev_used）。
 */
BLOCK_INLINE void block_make_free(block_t *b, size_t size, size_t prev_used)
{
    block_t *next = (block_t *)((char *)b + size);

    ((size_t *)next)[-1] = size;
    block_flag_clear(next, BLOCK_PREV_USED);
    b->size_flags = block_seal(size | prev_used);
}

/** \~english @brief Mark @p b free: block_make_free() with its own size and P.
 *  \~chinese @brief 把 @p b 标记为空闲：以它自己的大小和 P 调用
 *         block_make_free()。 */
BLOCK_INLINE void block_mark_free(block_t *b)
{
    block_make_free(b, block_size(b), b->size_flags & BLOCK_PREV_USED);
}

/** \~english @brief Mark @p b used: set U, and set P of the next block.
 *  \~chinese @brief 把 @p b 标记为已使用：设置 U，并设置下一块的 P。 */
BLOCK_INLINE void block_mark_used(block_t *b)
{
    block_flag_set(b, BLOCK_USED);
    block_flag_set(block_next(b), BLOCK_PREV_USED);
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
BLOCK_INLINE size_t block_size_for(size_t bytes)
{
    size_t size;
    if (bytes == 0 || bytes > BLOCK_MAX_REQUEST) {
        return 0;
    }
    size = (size_t)block_align_up(bytes + BLOCK_HEADER_SIZE, BLOCK_ALIGN);
    return size < BLOCK_MIN_SIZE ? BLOCK_MIN_SIZE : size;
}

/* ------------------------------------------------------------ the arena */

/** \~english @brief Where an arena's blocks lie. A stage keeps one in its
 *         control structure; its index's functions find the stage around it.
 *  \~chinese @brief 区域中各内存块的位置。阶段在控制结构中保存一个；阶段的
 *         索引函数由它找到外面的阶段结构。 */
typedef struct block_arena {
    block_t *first; /**< \~english @brief the first block \~chinese @brief 第一个内存块 */
    block_t *end;   /**< \~english @brief the sentinel \~chinese @brief 哨兵 */
} block_arena_t;

/** \~english @brief A stage's index of free blocks: one constant table of its
 *         two functions, which the calls below call (and inline) through.
 *  \~chinese @brief 阶段的空闲块索引：列出其两个函数的一张常量表，下面的
 *         操作经由它调用（并内联）这两个函数。 */
typedef struct block_index {
    /** \~english @brief put the free block @p b into the index
     *  \~chinese @brief 把空闲块 @p b 放入索引 */
    void (*insert)(block_arena_t *arena, block_t *b);
    /** \~english @brief take the free block @p b out of the index
     *  \~chinese @brief 把空闲块 @p b 移出索引 */
    void (*remove)(block_arena_t *arena, block_t *b);
    /** \~english @brief whether the free block @p b (its header judged) is
     *         linked as its list says: each link a block of the arena that
     *         links back, or the list's end; remove may then unlink it
     *  \~chinese @brief 空闲块 @p b（块头已判定完好）是否按其链表所说的那样
     *         链接：每个指针要么是区域中反向指回它的块，要么是链表的端点；
     *         这时 remove 才可以摘下它 */
    bool (*linked)(const block_arena_t *arena, const block_t *b);
} block_index_t;

/* ------------------------------------------------ split and coalesce */

/**
 * \~english @brief Split @p b after @p size bytes (a multiple of 8 that leaves
 *        a rest of at least #BLOCK_MIN_SIZE); @p b keeps its flags.
 * @return the rest: a free block, its P flag telling whether @p b is used,
 *         not in any index.
 * \~chinese @brief 在 @p size 字节（8 的倍数，且余下部分不小于
 *        #BLOCK_MIN_SIZE）处分割 @p b；@p b 保留原有标志位。
 * @return 余下部分：一个空闲块，其 P 标志反映 @p b 是否已使用，不在任何
 *         索引中。
 */
BLOCK_INLINE block_t *block_split(block_t *b, size_t size)
{
    KIT_ASSERT(size % BLOCK_ALIGN == 0 && block_size(b) >= size + BLOCK_MIN_SIZE,
               "a split leaves a rest big enough to be a block");
    /* LAB(2, split): Cut b at size bytes. The rest starts right after the
     * first size bytes: make it a free block of the remaining bytes with
     * block_make_free(), whose P flag says whether b is used. Then shrink b
     * to size and return the rest.
     * STUB: (void)size; return block_next(b); */
    block_t *rest = (block_t *)((char *)b + size);

    block_make_free(rest, block_size(b) - size, block_is_used(b) ? BLOCK_PREV_USED : 0);
    block_set_size(b, size);
    return rest;
    /* END LAB */
}

/**
 * \~english @brief Merge @p b (U clear, not in the index) with whichever
 *        physical neighbours are free, taking them out of the index first:
 *        `[ prev? ][ b ][ next? ]` becomes one free block.
 * @return the merged block (@p b or its previous neighbour), free with its
 *         footer, not in the index; neither of its neighbours is free.
 * \~chinese @brief 把 @p b（U 为 0，不在索引中）与物理上空闲的邻居合并，合并
 *        前先把邻居移出索引：`[ prev? ][ b ][ next? ]` 成为一个空闲块。
 * @return 合并后的块（@p b 或其前一块），空闲、块尾已写好，不在索引中；它的
 *         两个邻居都不空闲。
 */
BLOCK_INLINE block_t *block_coalesce(block_arena_t *arena, block_t *b, const block_index_t *index)
{
    KIT_ASSERT(!block_is_used(b), "only a free block is coalesced");
    /* LAB(2, coalesce): Add up the merged size: b's, plus the next block's
     * when it is free (U clear), plus the previous block's when it is free
     * (b's P clear); take each free neighbour out of the index as you go.
     * The merged block starts at the previous block when that was free,
     * else at b. Make it one free block with block_make_free() (the block
     * before it is used: no two free blocks are neighbours) and return it.
     * STUB: (void)arena; (void)index; return b; */
    size_t size = block_size(b);
    block_t *next = block_next(b);

    if (!block_is_used(next)) {
        index->remove(arena, next);
        size += block_size(next);
    }
    if (!block_is_prev_used(b)) {
        b = block_prev(b);
        index->remove(arena, b);
        size += block_size(b);
    }
    block_make_free(b, size, BLOCK_PREV_USED);
    return b;
    /* END LAB */
}

/**
 * \~english
 * @brief Make the used block @p b swallow the free block after it, which
 *        must already be out of the index.
 * \~chinese
 * @brief 让已使用的块 @p b 吞并其后的空闲块，该空闲块必须已经移出索引。
 */
BLOCK_INLINE void block_absorb_next(block_t *b)
{
    KIT_ASSERT(block_is_used(b) && !block_is_used(block_next(b)),
               "a used block grows into a free one");
    block_set_size(b, block_size(b) + block_size(block_next(b)));
    block_mark_used(b);
}

/* ---------------------------------------------- taking and giving back */

/**
 * \~english @brief Give the used block @p b back: clear U (so a header the
 *        previous block swallows still reads "not in use"), coalesce, index.
 * @return the block that went into the index.
 * \~chinese @brief 归还已使用的块 @p b：清除 U（这样被前一块吞并的块头仍显示
 *        "未使用"），合并，放入索引。
 * @return 放入索引的那个块。
 */
BLOCK_INLINE block_t *block_release(block_arena_t *arena, block_t *b, const block_index_t *index)
{
    KIT_ASSERT(block_is_used(b), "only a block in use is released");
    block_flag_clear(b, BLOCK_USED);
    b = block_coalesce(arena, b, index);
    index->insert(arena, b);
    return b;
}

/**
 * \~english @brief Hand out the free block @p b, just taken out of the index:
 *        its first @p size bytes (a multiple of 8, at least #BLOCK_MIN_SIZE)
 *        become used, and a rest that can be a block is indexed. The rest
 *        needs no coalescing: the block after a free block is used.
 * \~chinese @brief 把刚移出索引的空闲块 @p b 分配出去：它的前 @p size 字节
 *        （8 的倍数，不小于 #BLOCK_MIN_SIZE）成为已使用，足以成块的余下部分
 *        放入索引。余下部分无须合并：空闲块之后的块一定已使用。
 */
BLOCK_INLINE void block_use(block_arena_t *arena, block_t *b, size_t size,
                            const block_index_t *index)
{
    KIT_ASSERT(!block_is_used(b) && block_size(b) >= size, "a block in use comes from a free one");
    if (block_size(b) >= size + BLOCK_MIN_SIZE) {
        index->insert(arena, block_split(b, size));
    }
    block_mark_used(b);
}

/** \~english @brief Cut the tail off the used block @p b so that it keeps
 *         @p size bytes, when the tail can be a block; the tail is coalesced
 *         and indexed. Realloc shrinks this way.
 *  \~chinese @brief 当尾部足以成块时切下已使用块 @p b 的尾部，使它保留
 *         @p size 字节；尾部合并后放入索引。realloc 就这样缩小。 */
BLOCK_INLINE void block_trim(block_arena_t *arena, block_t *b, size_t size,
                             const block_index_t *index)
{
    KIT_ASSERT(block_is_used(b), "only a block in use is trimmed");
    if (block_size(b) >= size + BLOCK_MIN_SIZE) {
        index->insert(arena, block_coalesce(arena, block_split(b, size), index));
    }
}

/** \~english @brief Bytes a user may use from @p p to the end of its block @p b.
 *  \~chinese @brief 用户从 @p p 到所在块 @p b 末尾可以使用的字节数。 */
BLOCK_INLINE size_t block_usable(const block_t *b, const void *p)
{
    return (size_t)((const char *)block_next(b) - (const char *)p);
}

/**
 * \~english @brief Resize the used block @p b (user pointer @p p) without
 *        moving it: shrink by trimming, or grow into a free next neighbour.
 * @return true when @p p now has at least @p bytes usable; false when the
 *         block must move (nothing changed then).
 * \~chinese @brief 不移动地调整已使用块 @p b（用户指针 @p p）的大小：缩小时
 *        裁掉尾部，增大时并入空闲的下一块。
 * @return @p p 现在至少有 @p bytes 字节可用时返回 true；块必须搬移时返回
 *         false（此时什么都没有改变）。
 */
BLOCK_INLINE bool block_resize_in_place(block_arena_t *arena, block_t *b, const void *p,
                                        size_t bytes, const block_index_t *index)
{
    size_t gap = (size_t)((const char *)p - (const char *)block_payload(b));
    size_t wanted = block_size_for(gap + bytes);
    block_t *next = block_next(b);

    if (wanted > block_size(b)) {
        if (block_is_used(next) || block_size(b) + block_size(next) < wanted) {
            return false;
        }
        index->remove(arena, next);
        block_absorb_next(b);
    }
    block_trim(arena, b, wanted, index);
    return true;
}

/* ------------------------------------------------- judging a block */

/** \~english @brief Whether @p b could be a block of the arena: in it, with
 *         a smallest block's room before the sentinel and an 8-byte aligned
 *         payload. Only then may its words be read.
 *  \~chinese @brief @p b 是否可能是区域中的块：位于区域内，距哨兵至少有最小块
 *         的空间，用户区按 8 字节对齐。只有这样才可以读取它的字。 */
BLOCK_INLINE bool block_address_ok(const block_arena_t *arena, const block_t *b)
{
    return (uintptr_t)b - (uintptr_t)arena->first <=
               (uintptr_t)arena->end - BLOCK_MIN_SIZE - (uintptr_t)arena->first &&
           ((uintptr_t)b + BLOCK_HEADER_SIZE) % BLOCK_ALIGN == 0;
}

/** \~english @brief Whether @p b, met on a free list, may be read as a free
 *         block: an address of the arena (block_address_ok()), a sound header,
 *         U clear.
 *  \~chinese @brief 在空闲链表上遇到的 @p b 能否作为空闲块读取：是区域中的地址
 *         （block_address_ok()），块头完好，U 为 0。 */
BLOCK_INLINE bool block_free_header_ok(const block_arena_t *arena, const block_t *b)
{
    return block_address_ok(arena, b) && block_word_ok(b->size_flags) && !block_is_used(b);
}

/** \~english @brief Whether a block of @p size bytes at @p b (in the arena, a
 *         smallest block's room below the sentinel) lies inside it: a
 *         multiple of 8, at least #BLOCK_MIN_SIZE, ending by the sentinel.
 *  \~chinese @brief 位于 @p b（区域内，距哨兵至少有最小块的空间）、大小为
 *         @p size 字节的块是否在区域之内：8 的倍数，不小于 #BLOCK_MIN_SIZE，
 *         结束于哨兵处或之前。 */
BLOCK_INLINE bool block_size_fits(const block_arena_t *arena, const block_t *b, size_t size)
{
    size_t room = (size_t)((const char *)arena->end - (const char *)b);

    KIT_ASSERT(b >= arena->first && room >= BLOCK_MIN_SIZE, "b has a smallest block's room");
    /* one compare for BLOCK_MIN_SIZE <= size <= room */
    return size % BLOCK_ALIGN == 0 && size - BLOCK_MIN_SIZE <= room - BLOCK_MIN_SIZE;
}

/**
 * \~english @brief Whether @p b, found behind a caller's pointer (in the
 *        arena, a smallest block's room below the sentinel), is a block in
 *        use whose header can be trusted: U set, a size that fits the arena
 *        (block_size_fits()), and P set in the block after it; @p why receives what is wrong when the
 *        answer is false.
 * \~chinese @brief 判断在调用者指针背后找到的 @p b（区域内，距哨兵至少有最小块
 *        的空间）是否是正在使用、块头可信的块：U 为 1，大小落在区域内
 *        （block_size_fits()），其后一块的 P 为 1；返回 false 时 @p why 得到出错的原因。
 */
BLOCK_INLINE bool block_in_use(const block_arena_t *arena, const block_t *b, const char **why)
{
    size_t word = b->size_flags;
    size_t size = word & BLOCK_MAX_SIZE;
    const block_t *next = (const block_t *)((const char *)b + size);

    if (!block_word_ok(word)) {
        *why = "has a damaged header";
        return false;
    }
    if ((word & BLOCK_USED) == 0) {
        *why = "is not in use (a double free?)";
        return false;
    }
    if (!block_size_fits(arena, b, size) || !block_word_ok(next->size_flags) ||
        !block_is_prev_used(next)) {
        *why = "has a damaged header, or the block after it has";
        return false;
    }
    return true;
}

/**
 * \~english @brief Whether the neighbours of the block in use @p b (judged by
 *        block_in_use()) can be trusted by a free or a resize: a free next
 *        block fits the arena, is linked in the index and is followed by a
 *        sound block in use; a free previous block, found through
 *        the footer below @p b, lies in the arena, has a sound header of the
 *        footer's size and is linked. @p why receives what is wrong.
 * \~chinese @brief 已使用块 @p b（已由 block_in_use() 判定）的邻居能否被释放
 *        或调整大小所信任：空闲的下一块落在区域内，在索引中链接正确，其后是块头
 *        完好的已使用块；经由 @p b 下方的块尾
 *        找到的空闲前一块位于区域内，块头完好、大小等于块尾，且链接正确。
 *        @p why 得到出错的原因。
 */
BLOCK_INLINE bool block_neighbours_ok(const block_arena_t *arena, const block_t *b,
                                      const block_index_t *index, const char **why)
{
    const block_t *next = block_next(b);

    if (!block_is_used(next)) {
        /* a free next block: linked, and the block after it sound and used */
        if (!block_size_fits(arena, next, block_size(next)) || !index->linked(arena, next) ||
            !block_word_ok(block_next(next)->size_flags) || !block_is_used(block_next(next))) {
            *why = "is followed by a free block that is damaged";
            return false;
        }
    }
    if (!block_is_prev_used(b)) {
        size_t footer = ((const size_t *)b)[-1];
        const block_t *prev;

        if (footer % BLOCK_ALIGN != 0 || footer < BLOCK_MIN_SIZE ||
            footer > (size_t)((const char *)b - (const char *)arena->first)) {
            *why = "follows a free block that is damaged";
            return false;
        }
        prev = (const block_t *)((uintptr_t)b - footer); /* known now to lie in the arena */
        if (!block_word_ok(prev->size_flags) || block_is_used(prev) || block_size(prev) != footer ||
            !index->linked(arena, prev)) {
            *why = "follows a free block that is damaged";
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------ the arena as a whole */

/**
 * \~english
 * @brief Lay out an arena of blocks in [@p start, @p start + @p bytes): one
 *        free block and the sentinel after it.
 * @param arena receives the first block and the sentinel.
 * @param start where the arena begins (any alignment).
 * @param bytes its length.
 * @return the free block, or NULL when the arena cannot hold one block of
 *         #BLOCK_MIN_SIZE and the sentinel, would hold a block larger than
 *         #BLOCK_MAX_SIZE, or wraps around the address space. The caller
 *         indexes the block.
 * @par Cost
 * O(1).
 * \~chinese
 * @brief 在 [@p start, @p start + @p bytes) 中布置一片内存块区域：一个空闲块
 *        以及其后的哨兵。
 * @param arena 得到第一个块和哨兵。
 * @param start 区域起点（对齐任意）。
 * @param bytes 区域长度。
 * @return 那个空闲块；区域放不下一个 #BLOCK_MIN_SIZE 大小的块和哨兵、会容纳
 *         大于 #BLOCK_MAX_SIZE 的块，或跨越地址空间末尾时返回 NULL。由调用者
 *         把该块放入索引。
 * @par 开销
 * O(1)。
 */
block_t *block_arena_init(block_arena_t *arena, void *start, size_t bytes);

/**
 * \~english
 * @brief What a walk of the arena counted: the figures every stage's
 *        statistics must agree with.
 * \~chinese
 * @brief 遍历区域得到的计数：各阶段的统计数字都必须与之一致。
 */
typedef struct block_census {
    /** \~english @brief bytes in used blocks, headers included
     *  \~chinese @brief 已使用块的字节数（含块头） */
    size_t used_bytes;
    /** \~english @brief bytes in free blocks, headers included
     *  \~chinese @brief 空闲块的字节数（含块头） */
    size_t free_bytes;
    size_t used_blocks; /**< \~english @brief blocks in use \~chinese @brief 已使用块数 */
    size_t free_blocks; /**< \~english @brief free blocks \~chinese @brief 空闲块数 */
    /** \~english @brief size of the largest free block
     *  \~chinese @brief 最大空闲块的大小 */
    size_t largest_free;
} block_census_t;

/**
 * \~english
 * @brief Visit every block of an arena in address order.
 * @param arena the arena.
 * @param visit called with each block (the sentinel excluded) and @p arg.
 * @param arg handed to @p visit.
 * @par Cost
 * O(n) in the number of blocks.
 * \~chinese
 * @brief 按地址顺序访问区域中的每个内存块。
 * @param arena 区域。
 * @param visit 对每个块（不含哨兵）调用，并传入 @p arg。
 * @param arg 传给 @p visit 的参数。
 * @par 开销
 * O(n)，n 为内存块个数。
 */
void block_walk(const block_arena_t *arena, void (*visit)(block_t *b, void *arg), void *arg);

/**
 * \~english
 * @brief Check the physical chain of an arena, and count it.
 *
 * Walks from the first block to the sentinel and checks each header: inside
 * the arena, size a multiple of 8 and at least #BLOCK_MIN_SIZE, no gap mark,
 * P equal to the U of the block before, a free block's footer equal to its
 * size, and no two free neighbours.
 * @param arena the arena.
 * @param census receives the counts (only meaningful on success).
 * @return true when the chain is intact; false (with a diagnostic naming the
 *         bad block) otherwise.
 * @par Cost
 * O(n) in the number of blocks.
 * \~chinese
 * @brief 检查区域的物理块链并计数。
 *
 * 从第一个块走到哨兵，逐个检查块头：位于区域内，大小为 8 的倍数且不小于
 * #BLOCK_MIN_SIZE，没有间隙标志，P 等于前一块的 U，空闲块的块尾等于其大小，
 * 且没有相邻的两个空闲块。
 * @param arena 区域。
 * @param census 得到计数（仅在成功时有意义）。
 * @return 块链完好时返回 true；否则返回 false，并打印指出坏块的诊断信息。
 * @par 开销
 * O(n)，n 为内存块个数。
 */
bool block_check_chain(const block_arena_t *arena, block_census_t *census);

#endif
