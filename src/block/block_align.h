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
 * \~english
 * @brief Split an alignment word `align | rew` into the alignment and the
 *        rewind (both powers of two, rew below align; a plain power of two
 *        has no rewind).
 * @param align_word the word.
 * @param rew receives the rewind (0 when there is none).
 * @return the alignment, or 0 when @p align_word is 0 or has more than two
 *         bits set.
 * \~chinese
 * @brief 把对齐字 `align | rew` 拆成对齐值和回退量（都是 2 的幂，rew 小于
 *        align；单纯的 2 的幂不带回退量）。
 * @param align_word 对齐字。
 * @param rew 得到回退量（没有时为 0）。
 * @return 对齐值；@p align_word 为 0 或置位多于两位时返回 0。
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
 * \~english
 * @brief The block size to search for so that @p bytes, placed with
 *        p + @p rew aligned to @p align, fit whatever the block's address:
 *        room for the worst gap and the record, unless no gap is needed.
 * @return the size, or 0 when @p bytes is 0 or too large, @p align is not a
 *         power of two or is too large, or @p rew is not below @p align.
 * \~chinese
 * @brief 为了让按 p + @p rew 对齐到 @p align 放置的 @p bytes 字节无论块地址
 *        如何都能放下，需要查找的块大小：除非不需要间隙，否则要为最坏情况的
 *        间隙和记录留出空间。
 * @return 块大小；@p bytes 为 0 或过大、@p align 不是 2 的幂或过大、
 *         @p rew 不小于 @p align 时返回 0。
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

/**
 * \~english
 * @brief Whether a gap record (alignment word, distance) is one
 *        block_gap_write() can have written for the pointer @p p, not 0.
 *
 * Three tests imply the rest (the stage-2 chapter gives the argument): the
 * rewind is whole words and, without one, the alignment is above
 * #BLOCK_ALIGN; p + rew is aligned (a malformed word decodes to alignment
 * 0 and fails); the gap lies between the record and the alignment plus the
 * record, and not below address 0.
 * \~chinese
 * @brief 判断间隙记录（对齐字、距离）是否可能是 block_gap_write() 为非 0
 *        指针 @p p 写下的。
 *
 * 三项检查即可涵盖其余（论证见阶段二一章）：回退量是整数个字，且没有回退量
 * 时对齐值大于 #BLOCK_ALIGN；p + rew 已对齐（格式不对的对齐字解出 0，不会
 * 通过）；间隙介于记录与对齐值加记录之间，且不低于地址 0。
 */
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

/**
 * \~english
 * @brief The block behind a pointer that carries a gap record, and the
 *        alignment word it was given.
 * @return the block, or NULL when @p p is not word-aligned or its record is
 *         malformed. The caller still checks the block is in its arena.
 * \~chinese
 * @brief 带有间隙记录的指针背后的内存块，以及它被要求的对齐字。
 * @return 内存块；@p p 没有按字对齐或其记录格式不对时返回 NULL。调用者仍需
 *         检查该块是否位于自己的区域中。
 */
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
 * \~english
 * @brief Place a payload with p + @p rew aligned to @p align in the free
 *        block @p b, which is out of the index; the space in front of it, if
 *        it can be a block, is split off and indexed.
 *
 * The front is cut at a multiple of 8 at or below the gap record, so the
 * block that holds the payload starts where a block may start.
 * @param arena the arena.
 * @param b a free block of at least block_size_for_aligned_at() bytes.
 * @param align the alignment.
 * @param rew the rewind: 0, or whole words below @p align.
 * @param index the stage's index.
 * @param payload receives the payload address.
 * @return the block that holds the payload (@p b, or the part split off its
 *         end), still free and out of the index.
 * \~chinese
 * @brief 在已移出索引的空闲块 @p b 中放置一个 p + @p rew 按 @p align 对齐
 *        的用户区；它前面的空间若足以成块，就分出来放入索引。
 *
 * 前面部分在间隙记录处或其下方的 8 的倍数处切开，于是容纳用户区的块仍从
 * 块可以开始的位置开始。
 * @param arena 区域。
 * @param b 不小于 block_size_for_aligned_at() 字节的空闲块。
 * @param align 对齐值。
 * @param rew 回退量：0，或小于 @p align 的整数个字。
 * @param index 阶段的索引。
 * @param payload 得到用户区地址。
 * @return 容纳该用户区的块（@p b，或从其尾部分出的那部分），仍为空闲且不在
 *         索引中。
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
 * \~english
 * @brief Hand out the free block @p b, just taken out of the index, for
 *        @p bytes at a pointer p with p + rew aligned to align, where
 *        @p align_word is `align | rew`.
 *
 * With #BLOCK_ALIGN (the plain case) the payload is the block's own user
 * bytes; otherwise the payload is carved out (block_carve_aligned_at()) and
 * gets its gap record. Either way block_use() keeps what the payload needs
 * and indexes the rest.
 * @param arena the arena.
 * @param b a free block out of the index, of at least
 *        block_size_for_aligned_at() bytes.
 * @param bytes the bytes asked for.
 * @param align_word #BLOCK_ALIGN, or `align | rew` as in
 *        block_align_decode().
 * @param index the stage's index.
 * @param payload receives the payload.
 * @return the block that holds the payload, now in use.
 * \~chinese
 * @brief 把刚移出索引的空闲块 @p b 分配出去，容纳 @p bytes 字节，指针 p 满足
 *        p + rew 按 align 对齐，其中 @p align_word 为 `align | rew`。
 *
 * 对齐字为 #BLOCK_ALIGN（普通情形）时，用户区就是块本身的用户区；否则先切出
 * 用户区（block_carve_aligned_at()）并写下它的间隙记录。两种情形都由
 * block_use() 保留用户区所需的部分，并把余下部分放入索引。
 * @param arena 区域。
 * @param b 已移出索引、不小于 block_size_for_aligned_at() 字节的空闲块。
 * @param bytes 申请的字节数。
 * @param align_word #BLOCK_ALIGN，或如 block_align_decode() 所述的
 *        `align | rew`。
 * @param index 阶段的索引。
 * @param payload 得到用户区。
 * @return 容纳该用户区、现已使用的内存块。
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
    block_gap_write((void *)p, gap, align_word);
    *payload = (void *)p;
    return b;
}

/**
 * \~english
 * @brief The block in use behind a pointer a caller hands back, with the
 *        alignment word it was given; every check is O(1) and reads only
 *        words inside the arena.
 *
 * The pointer must lie in the arena and be 8-byte aligned with a header
 * below it, or carry a well-formed gap record; the block must then pass
 * block_in_use().
 * @param arena the arena.
 * @param ptr the caller's pointer.
 * @param align_word receives #BLOCK_ALIGN, or the word in the gap record.
 * @param why receives what is wrong when the answer is NULL; NULL itself
 *        when @p ptr is NULL, which is refused without a diagnostic.
 * @return the block, or NULL.
 * \~chinese
 * @brief 调用者交回的指针背后正在使用的内存块，以及它被要求的对齐字；每项
 *        检查都是 O(1)，且只读取区域内部的字。
 *
 * 指针必须位于区域内，并且要么按 8 字节对齐、下方是块头，要么带有格式正确
 * 的间隙记录；之后该块还必须通过 block_in_use()。
 * @param arena 区域。
 * @param ptr 调用者的指针。
 * @param align_word 得到 #BLOCK_ALIGN，或间隙记录中的对齐字。
 * @param why 返回 NULL 时得到出错的原因；@p ptr 为 NULL 时得到 NULL，
 *        这种情况被拒绝但不打印诊断信息。
 * @return 内存块，或 NULL。
 */
BLOCK_INLINE block_t *block_of_pointer(const block_arena_t *arena, const void *ptr,
                                       size_t *align_word, const char **why)
{
    uintptr_t p = (uintptr_t)ptr;
    uintptr_t first = (uintptr_t)arena->first;
    uintptr_t end = (uintptr_t)arena->end;
    block_t *b;

    /* a payload has at least a smallest block's room before the sentinel */
    if (p <= first || p > end - (BLOCK_MIN_SIZE - BLOCK_HEADER_SIZE)) {
        *why = ptr == NULL ? NULL : "is not inside the pool";
        return NULL;
    }
    *align_word = BLOCK_ALIGN;
    if (p % BLOCK_ALIGN == 0 && (((const size_t *)ptr)[-1] & BLOCK_GAP_MARK) == 0) {
        b = block_from_payload(ptr); /* at first or above: p is a header past a multiple of 8 */
    } else {
        b = block_gap_read(ptr, align_word);
        if (b == NULL || (uintptr_t)b < first) {
            *why = p % sizeof(size_t) != 0 ? "is not word-aligned" : "is not at a block's payload";
            return NULL;
        }
    }
    return block_in_use(arena, b, why) ? b : NULL;
}

#endif
