/**
 * @file block_align.h
 * \~english
 * @brief Over-aligned payloads on the block layer, and the record that
 *        leads a pointer back to its block.
 *
 * A payload is 8-byte aligned where its block starts. A larger alignment
 * puts the payload further into the block; the two words just below it,
 * the gap record, say how far it is from the block's start and which
 * alignment it was given, so free and realloc find the block again:
 *
 * @verbatim
   [ header | ... gap ... | align word | distance|G | payload, aligned ... ]
   ^ block                  ^ gap record (2 words)  ^ p
   @endverbatim
 *
 * The distance carries #BLOCK_GAP_MARK (G), which no header has, so the
 * word below any pointer tells which case it is. The alignment word is
 * Zephyr's encoding `align | rew`: with a "rewind" rew, the pointer p is
 * placed so that p + rew is aligned (stage 5 keeps a heap pointer in that
 * word). Stage 2 uses alignment alone; stages 3 to 5 also the rewind.
 * \~chinese
 * @brief 块层上超对齐的用户区，以及把指针带回其所在块的记录。
 *
 * 用户区在块的起点处按 8 字节对齐。更大的对齐要求会把用户区推到块内更靠后
 * 的位置；紧挨在它下方的两个字（间隙记录）说明它离块起点多远、被要求的对齐
 * 是多少，释放和 realloc 因而能重新找到内存块：
 *
 * @verbatim
   [ 块头 | ... 间隙 ... | 对齐字 | 距离|G | 用户区(已对齐) ... ]
   ^ 内存块               ^ 间隙记录(2 个字) ^ p
   @endverbatim
 *
 * 距离字带有 #BLOCK_GAP_MARK（G），块头从不设置这一位，所以任何指针下方的
 * 那个字都能说明属于哪种情况。对齐字采用 Zephyr 的编码 `align | rew`：带有
 * "回退量" rew 时，指针 p 的位置使 p + rew 对齐（阶段五在那个字里保存堆
 * 指针）。阶段二只用对齐；阶段三到五还用回退量。
 */
#ifndef KIT_BLOCK_ALIGN_H
#define KIT_BLOCK_ALIGN_H

#include "block.h"

/** \~english @brief Bytes of the record kept below an over-aligned payload.
 *  \~chinese @brief 超对齐用户区下方记录所占的字节数。 */
#define BLOCK_GAP_RECORD (2 * sizeof(size_t))

_Static_assert(BLOCK_GAP_RECORD % BLOCK_ALIGN == 0, "a gap record keeps 8-byte alignment");
_Static_assert(BLOCK_GAP_RECORD <= BLOCK_MIN_SIZE, "a gap record fits where a block could be");

/**
 * \~english @brief Split an alignment word `align | rew` into the alignment
 *        and the rewind (0 when there is none) in @p rew.
 * @return the alignment, or 0 when the word is 0 or has more than two bits.
 * \~chinese @brief 把对齐字 `align | rew` 拆成对齐值和回退量（没有时为 0，
 *        存入 @p rew）。
 * @return 对齐值；对齐字为 0 或置位多于两位时返回 0。
 */
BLOCK_INLINE size_t block_align_decode(size_t align_word, size_t *rew)
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
 * \~english @brief The block size to search for so that @p bytes placed with
 *        p + @p rew aligned to @p align fit wherever the block lies: room for
 *        the worst gap and the gap record, unless no gap is needed.
 * @return the size, or 0 for bytes 0 or too large, an alignment that is not
 *         a power of two or too large, or a rewind not below it.
 * \~chinese @brief 为了让按 p + @p rew 对齐到 @p align 放置的 @p bytes 字节在
 *        任何位置的块中都放得下，需要查找的块大小：除非不需要间隙，否则要为
 *        最坏情况的间隙和间隙记录留出空间。
 * @return 块大小；字节数为 0 或过大、对齐值不是 2 的幂或过大、回退量不小于
 *         对齐值时返回 0。
 */
BLOCK_INLINE size_t block_size_for_aligned_at(size_t bytes, size_t align, size_t rew)
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

/** \~english @brief block_size_for_aligned_at() with no rewind.
 *  \~chinese @brief 不带回退量的 block_size_for_aligned_at()。 */
BLOCK_INLINE size_t block_size_for_aligned(size_t bytes, size_t align)
{
    return block_size_for_aligned_at(bytes, align, 0);
}

/**
 * \~english
 * @brief Record, in the two words below @p payload, its distance @p gap from
 *        its block's user bytes and the alignment word it was given.
 * \~chinese
 * @brief 在 @p payload 下方的两个字中记录：它离所在块用户区起点的距离
 *        @p gap，以及它被要求的对齐字。
 */
BLOCK_INLINE void block_gap_write(void *payload, size_t gap, size_t align_word)
{
    size_t rew;
    size_t *words = (size_t *)payload;

    (void)block_align_decode(align_word, &rew);
    words[-2] = align_word;
    words[-1] = (gap + rew) | BLOCK_GAP_MARK;
}

/** \~english @brief Whether a gap record (alignment word, distance) is one
 *         block_gap_write() can have written for the nonzero pointer @p p;
 *         three tests imply the rest (the stage-2 chapter gives why).
 *  \~chinese @brief 间隙记录（对齐字、距离）是否可能是 block_gap_write() 为
 *         非 0 指针 @p p 写下的；三项检查即可涵盖其余（理由见阶段二一章）。 */
BLOCK_INLINE bool block_gap_sane(uintptr_t p, size_t align_word, size_t dist)
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

/** \~english @brief The block behind a pointer with a gap record, and the
 *         alignment word it was given; NULL when @p p is not word-aligned or
 *         its record is malformed. The caller checks the block's bounds.
 *  \~chinese @brief 带间隙记录的指针背后的内存块，以及它被要求的对齐字；
 *         @p p 未按字对齐或记录格式不对时返回 NULL。由调用者检查块的边界。 */
BLOCK_INLINE block_t *block_gap_read(const void *p, size_t *align_word)
{
    const size_t *words = (const size_t *)p;
    size_t dist, rew;

    if ((uintptr_t)p % sizeof(size_t) != 0 || (words[-1] & BLOCK_GAP_MARK) == 0) {
        return NULL;
    }
    dist = words[-1] & ~BLOCK_FLAGS;
    *align_word = words[-2];
    if (!block_gap_sane((uintptr_t)p, *align_word, dist)) {
        return NULL;
    }
    (void)block_align_decode(*align_word, &rew);
    return block_from_payload((const char *)p - (dist - rew));
}

/**
 * \~english @brief Place a payload with p + @p rew aligned to @p align in the
 *        free block @p b (out of the index, of at least
 *        block_size_for_aligned_at() bytes); the front, cut at a multiple of
 *        8 below the gap record, is split off and indexed when it can be a
 *        block.
 * @return the block that holds the payload, still free and out of the index;
 *         p goes to @p payload.
 * \~chinese @brief 在空闲块 @p b（已移出索引，不小于
 *        block_size_for_aligned_at() 字节）中放置 p + @p rew 按 @p align
 *        对齐的用户区；前面部分在间隙记录下方的 8 的倍数处切开，足以成块时
 *        分出来放入索引。
 * @return 容纳该用户区的块，仍为空闲且不在索引中；p 存入 @p payload。
 */
BLOCK_INLINE block_t *block_carve_aligned_at(block_arena_t *arena, block_t *b, size_t align,
                                             size_t rew, const block_index_t *index,
                                             uintptr_t *payload)
{
    uintptr_t low = (uintptr_t)block_payload(b) + BLOCK_GAP_RECORD + rew;
    uintptr_t p = block_align_up(low, align) - rew;
    size_t front = (size_t)(p - (uintptr_t)block_payload(b)) - BLOCK_GAP_RECORD;

    front &= ~(size_t)(BLOCK_ALIGN - 1);
    if (front >= BLOCK_MIN_SIZE) {
        block_t *rest = block_split(b, front);
        block_mark_free(b); /* the front stays free: its footer */
        index->insert(arena, b);
        b = rest;
    }
    *payload = p;
    return b;
}

/**
 * \~english @brief Hand out the free block @p b, just taken out of the
 *        index, for @p bytes placed by @p align_word (#BLOCK_ALIGN, or
 *        `align | rew`): carve the payload and write its gap record when it
 *        needs one, then block_use().
 * @return the block that holds the payload, now in use; the payload goes to
 *         @p payload.
 * \~chinese @brief 把刚移出索引的空闲块 @p b 分配出去，容纳按 @p align_word
 *        （#BLOCK_ALIGN，或 `align | rew`）放置的 @p bytes 字节：需要时切出
 *        用户区并写下间隙记录，然后调用 block_use()。
 * @return 容纳该用户区、现已使用的内存块；用户区地址存入 @p payload。
 */
BLOCK_INLINE block_t *block_place(block_arena_t *arena, block_t *b, size_t bytes, size_t align_word,
                                  const block_index_t *index, void **payload)
{
    uintptr_t p = (uintptr_t)block_payload(b);
    size_t align, rew, gap;

    if (align_word == BLOCK_ALIGN) {
        block_use(arena, b, block_size_for(bytes), index);
        *payload = (void *)p;
        return b;
    }
    align = block_align_decode(align_word, &rew);
    b = block_carve_aligned_at(arena, b, align, rew, index, &p);
    gap = (size_t)(p - (uintptr_t)block_payload(b));
    block_use(arena, b, block_size_for(gap + bytes), index);
    block_flag_set(b, BLOCK_ALIGNED); /* its own payload address is no caller's */
    block_gap_write((void *)p, gap, align_word);
    *payload = (void *)p;
    return b;
}

/**
 * \~english @brief The block in use behind a pointer a caller hands back, with
 *        the alignment word it was given: the pointer lies in the arena and
 *        is 8-byte aligned over a header, or carries a well-formed gap
 *        record, and its block passes block_in_use(). O(1); reads only words
 *        inside the arena. @p why receives what is wrong when the answer is
 *        NULL (NULL itself for a NULL @p ptr, refused without a diagnostic).
 * \~chinese @brief 调用者交回的指针背后正在使用的内存块，以及它被要求的对齐字：
 *        指针位于区域内，要么按 8 字节对齐、下方是块头，要么带有格式正确的
 *        间隙记录，并且所在块通过 block_in_use()。O(1)；只读取区域内部的字。返回 NULL 时
 *        @p why 得到出错的原因（@p ptr 为 NULL 时得到 NULL：拒绝但不打印诊断
 *        信息）。
 */
BLOCK_INLINE block_t *block_of_pointer(const block_arena_t *arena, const void *ptr,
                                       size_t *align_word, const char **why)
{
    uintptr_t p = (uintptr_t)ptr;
    uintptr_t first = (uintptr_t)arena->first;
    uintptr_t end = (uintptr_t)arena->end;
    size_t aligned;
    block_t *b;

    /* a payload has at least a smallest block's room before the sentinel */
    if (p <= first || p > end - (BLOCK_MIN_SIZE - BLOCK_HEADER_SIZE)) {
        *why = ptr == NULL ? NULL : "is not inside the pool";
        return NULL;
    }
    *align_word = BLOCK_ALIGN;
    if (p % BLOCK_ALIGN == 0 && (((const size_t *)ptr)[-1] & BLOCK_GAP_MARK) == 0) {
        b = block_from_payload(ptr); /* at first or above: p is a header past a multiple of 8 */
        aligned = 0;
    } else {
        b = block_gap_read(ptr, align_word);
        if (b == NULL || !block_address_ok(arena, b)) {
            *why = p % sizeof(size_t) != 0 ? "is not word-aligned" : "is not at a block's payload";
            return NULL;
        }
        aligned = BLOCK_ALIGNED;
    }
    if (!block_in_use(arena, b, why)) {
        return NULL;
    }
    /* flag A says which of the two the block's payload is */
    if ((b->size_flags & BLOCK_ALIGNED) != aligned) {
        *why = "is not at a block's payload";
        return NULL;
    }
    return b;
}

#endif
