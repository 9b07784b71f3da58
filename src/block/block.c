/*
 * The block layer's slow paths: laying out an arena, walking it, and
 * checking it. The fast paths are the inline functions of block.h.
 */
#include "block.h"

#include "kit_diag.h"

block_t *block_arena_init(block_arena_t *arena, void *start, size_t bytes)
{
    uintptr_t begin = (uintptr_t)start;
    uintptr_t end, first, sentinel;

    if (start == NULL || bytes > UINTPTR_MAX - begin || bytes < BLOCK_ALIGN + BLOCK_HEADER_SIZE) {
        return NULL;
    }
    end = begin + bytes;
    first = block_align_up(begin + BLOCK_HEADER_SIZE, BLOCK_ALIGN) - BLOCK_HEADER_SIZE;
    /* the sentinel's header ends on an 8-byte boundary, like every header */
    sentinel = ((end - BLOCK_HEADER_SIZE) & ~(uintptr_t)(BLOCK_ALIGN - 1)) + BLOCK_ALIGN -
               BLOCK_HEADER_SIZE;
    if (sentinel + BLOCK_HEADER_SIZE > end) {
        sentinel -= BLOCK_ALIGN;
    }
    if (sentinel < first || sentinel - first < BLOCK_MIN_SIZE ||
        sentinel - first > BLOCK_MAX_SIZE) {
        return NULL;
    }
    arena->first = (block_t *)first;
    arena->end = (block_t *)sentinel;
    arena->end->size_flags = block_seal(0 | BLOCK_USED);
    block_make_free(arena->first, (size_t)(sentinel - first), BLOCK_PREV_USED);
    return arena->first;
}

void block_walk(const block_arena_t *arena, void (*visit)(block_t *b, void *arg), void *arg)
{
    for (block_t *b = arena->first; b < arena->end; b = block_next(b)) {
        visit(b, arg);
    }
}

/* One header checked against its neighbours; false (with a diagnostic) if bad. */
static bool block_header_ok(const block_t *b, const block_t *end, bool prev_used)
{
    size_t size = block_size(b);

    if (!block_word_ok(b->size_flags) || (b->size_flags & BLOCK_GAP_MARK) != 0 ||
        size < BLOCK_MIN_SIZE || size > (size_t)((const char *)end - (const char *)b) ||
        (!block_is_used(b) && (b->size_flags & BLOCK_ALIGNED) != 0)) {
        KIT_DIAG("block %p: bad header %#zx", (const void *)b, b->size_flags);
        return false;
    }
    if (block_is_prev_used(b) != prev_used) {
        KIT_DIAG("block %p: flag P is %d, but the block before is %s", (const void *)b,
                 (int)block_is_prev_used(b), prev_used ? "used" : "free");
        return false;
    }
    if (!block_is_used(b) && ((const size_t *)block_next(b))[-1] != size) {
        KIT_DIAG("free block %p: footer %#zx does not match size %#zx", (const void *)b,
                 ((const size_t *)block_next(b))[-1], size);
        return false;
    }
    if (!block_is_used(b) && !prev_used) {
        KIT_DIAG("free block %p follows a free block: not coalesced", (const void *)b);
        return false;
    }
    return true;
}

bool block_check_chain(const block_arena_t *arena, block_census_t *census)
{
    const block_t *end = arena->end;
    const block_t *b = arena->first;
    bool prev_used = true;

    *census = (block_census_t){ 0 };
    while (b != end) {
        if (b > end) {
            KIT_DIAG("block chain runs past the sentinel at %p", (const void *)end);
            return false;
        }
        if (!block_header_ok(b, end, prev_used)) {
            return false;
        }
        prev_used = block_is_used(b);
        if (prev_used) {
            census->used_blocks++;
            census->used_bytes += block_size(b);
        } else {
            census->free_blocks++;
            census->free_bytes += block_size(b);
            if (block_size(b) > census->largest_free) {
                census->largest_free = block_size(b);
            }
        }
        b = block_next(b);
    }
    if (!block_word_ok(end->size_flags) || block_size(end) != 0 || !block_is_used(end) ||
        block_is_prev_used(end) != prev_used) {
        KIT_DIAG("sentinel %p: bad header %#zx", (const void *)end, end->size_flags);
        return false;
    }
    return true;
}
