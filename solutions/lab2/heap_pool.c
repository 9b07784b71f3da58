/*
 * Lab 2 challenge, a solution: the heap memory pool of early Zephyr.
 *
 * Read it in this order: the bitmap helpers, the level a size needs, the
 * descriptor, then init, malloc (find a free block, splitting larger ones
 * on the way down) and free (merging siblings on the way up). The layout is
 * drawn in heap_pool.h.
 */
#include <string.h>

#include "heap_pool.h"

/* What each block in use keeps in its first 16 bytes. */
typedef struct hp_desc {
    uint32_t magic; /* HP_DESC_MAGIC while in use, 0 once freed */
    uint32_t level;
    uint32_t index; /* the block's number within its level */
    uint32_t size;  /* the bytes asked for */
} hp_desc_t;

#define HP_DESC_MAGIC 0x48504f4cu

_Static_assert(sizeof(hp_desc_t) == HP_DESC_SIZE, "the descriptor is 16 bytes");

static inline int hp_bit(const hp_pool_t *p, unsigned level, size_t i)
{
    return (p->free_map[level][i / 32] >> (i % 32)) & 1u;
}

static inline void hp_set(hp_pool_t *p, unsigned level, size_t i, int on)
{
    if (on) {
        p->free_map[level][i / 32] |= 1u << (i % 32);
    } else {
        p->free_map[level][i / 32] &= ~(1u << (i % 32));
    }
}

static inline size_t hp_level_size(const hp_pool_t *p, unsigned level)
{
    return p->size >> (2 * level);
}

/* The deepest level whose blocks hold size bytes and the descriptor, or
 * p->levels when none does. */
static unsigned hp_level_for(const hp_pool_t *p, size_t size)
{
    unsigned level;

    if (size == 0 || size > p->size - HP_DESC_SIZE) {
        return p->levels;
    }
    for (level = p->levels - 1; hp_level_size(p, level) < size + HP_DESC_SIZE; level--) {
    }
    return level;
}

/* The first free block of a level, or -1. */
static long hp_first_free(const hp_pool_t *p, unsigned level)
{
    for (size_t i = 0; i < ((size_t)1 << (2 * level)); i++) {
        if (hp_bit(p, level, i)) {
            return (long)i;
        }
    }
    return -1;
}

int hp_init(hp_pool_t *pool, void *buf, size_t size)
{
    unsigned levels;

    if (pool == NULL || buf == NULL || (uintptr_t)buf % 8 != 0) {
        return -1;
    }
    /* 256 has two levels (256, 64), 1024 three, 4096 four, 16384 five */
    for (levels = 2; levels <= HP_MAX_LEVELS; levels++) {
        if (size == (size_t)HP_MIN_BLOCK << (2 * (levels - 1))) {
            break;
        }
    }
    if (levels > HP_MAX_LEVELS) {
        return -1;
    }
    memset(pool, 0, sizeof *pool);
    pool->buf = buf;
    pool->size = size;
    pool->levels = levels;
    hp_set(pool, 0, 0, 1);
    return 0;
}

size_t hp_block_size_for(const hp_pool_t *pool, size_t size)
{
    unsigned level = hp_level_for(pool, size);
    return level < pool->levels ? hp_level_size(pool, level) : 0;
}

unsigned hp_free_blocks(const hp_pool_t *pool, size_t block_size)
{
    unsigned count = 0;

    for (unsigned level = 0; level < pool->levels; level++) {
        if (hp_level_size(pool, level) == block_size) {
            for (size_t i = 0; i < ((size_t)1 << (2 * level)); i++) {
                count += (unsigned)hp_bit(pool, level, i);
            }
        }
    }
    return count;
}

void *hp_malloc(hp_pool_t *pool, size_t size)
{
    unsigned want = hp_level_for(pool, size);
    unsigned level = want;
    long i = -1;
    hp_desc_t *d;

    if (want >= pool->levels) {
        return NULL;
    }
    /* the deepest level at or above want with a free block */
    while ((i = hp_first_free(pool, level)) < 0 && level > 0) {
        level--;
    }
    if (i < 0) {
        return NULL;
    }
    /* split down: keep the first quarter, free the other three */
    for (; level < want; level++) {
        hp_set(pool, level, (size_t)i, 0);
        i *= 4;
        for (int q = 0; q < 4; q++) {
            hp_set(pool, level + 1, (size_t)i + (size_t)q, 1);
        }
    }
    hp_set(pool, want, (size_t)i, 0);
    d = (hp_desc_t *)(void *)(pool->buf + (size_t)i * hp_level_size(pool, want));
    *d = (hp_desc_t){ HP_DESC_MAGIC, want, (uint32_t)i, (uint32_t)size };
    pool->used_bytes += hp_level_size(pool, want);
    pool->asked_bytes += size;
    return (unsigned char *)d + HP_DESC_SIZE;
}

/* The descriptor of ptr if it is a block in use of this pool, else NULL. */
static hp_desc_t *hp_desc_of(const hp_pool_t *pool, const void *ptr)
{
    uintptr_t p = (uintptr_t)ptr, start = (uintptr_t)pool->buf;
    hp_desc_t *d;

    if (p < start || p >= start + pool->size || (p - start) % HP_MIN_BLOCK != HP_DESC_SIZE) {
        return NULL;
    }
    d = (hp_desc_t *)(p - HP_DESC_SIZE);
    if (d->magic != HP_DESC_MAGIC || d->level >= pool->levels ||
        (size_t)d->index * hp_level_size(pool, d->level) != p - HP_DESC_SIZE - start) {
        return NULL;
    }
    /* neither it nor a block that contains it is free */
    for (unsigned level = d->level, i = d->index;; level--, i /= 4) {
        if (hp_bit(pool, level, i)) {
            return NULL;
        }
        if (level == 0) {
            return d;
        }
    }
}

int hp_free(hp_pool_t *pool, void *ptr)
{
    hp_desc_t *d = pool == NULL || ptr == NULL ? NULL : hp_desc_of(pool, ptr);
    unsigned level;
    size_t i;

    if (d == NULL) {
        return -1;
    }
    level = d->level, i = d->index;
    pool->used_bytes -= hp_level_size(pool, level);
    pool->asked_bytes -= d->size;
    d->magic = 0;
    hp_set(pool, level, i, 1);
    /* merge upwards while all four siblings are free */
    while (level > 0) {
        size_t first = i & ~(size_t)3;
        if (!(hp_bit(pool, level, first) && hp_bit(pool, level, first + 1) &&
              hp_bit(pool, level, first + 2) && hp_bit(pool, level, first + 3))) {
            break;
        }
        for (int q = 0; q < 4; q++) {
            hp_set(pool, level, first + (size_t)q, 0);
        }
        level--, i /= 4;
        hp_set(pool, level, i, 1);
    }
    return 0;
}
