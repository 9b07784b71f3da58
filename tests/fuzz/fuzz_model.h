/*
 * The fuzz harness shared by every allocator: it decodes a libFuzzer input
 * into a sequence of allocator calls, runs them through the allocator's
 * adapter, and checks each answer against a shadow model of what must be
 * live.
 *
 * A target is one small file, tests/fuzz/fuzz_<stage>.c: it fills in a
 * fuzz_adapter_t (how to reset the pool, allocate, free, check and read
 * statistics, and which bad inputs the stage promises to refuse), then
 * names it with FUZZ_TARGET(), which defines libFuzzer's entry point.
 *
 * What the model checks, after every operation:
 * - every returned block is 8-byte aligned, aligned to what was asked,
 *   inside the pool, and overlaps no other live block;
 * - every live block still holds the pattern written into it (derived from
 *   its id), across realloc too, and after every refused bad call;
 * - the stage's integrity check passes;
 * - the stage's statistics match the model (blocks in use, and bytes when
 *   the adapter knows what each block costs);
 * - bad calls get their defined answer (NULL, or a refusal) and change
 *   nothing.
 * At the end of each input every block is freed and the pool must be back
 * in its first state: the same statistics as the fresh pool, and a walk
 * (the integrity check) that passes.
 *
 * Damage. A stage whose adapter sets damage_front or damage_links also
 * meets a buggy program: an opcode byte 0xF0-0xFF writes one byte into the
 * header in front of a live block (an overflow from the block before it)
 * or into the first bytes of a block freed earlier (a write after free,
 * where the free-list links live). A live block whose header was damaged
 * leaves the model: it is no longer verified nor freed, and a call on it
 * may be refused. From the first damage on, the pool's integrity check and
 * statistics are no longer expected to pass, and a free or a realloc of
 * any block may be refused (a damaged neighbour); everything else still
 * holds: no crash, no sanitizer report, no block handed out that overlaps
 * a live one or lies outside the pool, and every live block keeps its
 * bytes.
 *
 * Input encoding: a stream of operations, each an opcode byte followed by
 * its argument bytes; a read past the end yields zeros, so every input is
 * valid. tests/fuzz/make_corpus.py writes inputs in this encoding.
 */
#ifndef KIT_FUZZ_MODEL_H
#define KIT_FUZZ_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the adapter */

/* A statistic the stage does not keep. */
#define FUZZ_NOT_KEPT SIZE_MAX

/* Bad inputs a stage promises to refuse (bits of fuzz_adapter_t.refuses). */
#define FUZZ_REFUSES_DOUBLE_FREE 1u   /* free of a block just freed */
#define FUZZ_REFUSES_FOREIGN 2u       /* a block of another pool; memory outside */
#define FUZZ_REFUSES_INTERIOR 4u      /* a pointer inside a live block */
#define FUZZ_REFUSES_REALLOC_FREED 8u /* realloc of a block just freed */
#define FUZZ_REFUSES_MISALIGNED 16u   /* a pointer inside a live block, not 8-byte aligned */

typedef struct {
    size_t used_blocks; /* blocks in use, or FUZZ_NOT_KEPT */
    size_t used_bytes;  /* bytes in use as the stage counts them, or FUZZ_NOT_KEPT */
} fuzz_stats_t;

/* How a stage is driven. Optional calls are NULL when the stage lacks them. */
typedef struct {
    const char *name;
    size_t size_limit;   /* largest size the decoder asks for in plain calls */
    bool zero_size_null; /* alloc(0) must answer NULL */
    unsigned refuses;    /* FUZZ_REFUSES_* bits */
    bool takes_rewind;   /* aligned_alloc takes Zephyr's `align | rew`, rew whole words */
    /* Make a fresh pool (and the second, foreign pool) of a shape chosen by
     * the input's first byte; false on failure. */
    bool (*reset)(uint8_t shape);
    void *(*alloc)(size_t size);
    void *(*aligned_alloc)(size_t align, size_t size);
    void *(*calloc)(size_t n, size_t size);
    /* Must keep the old block intact when it answers NULL for size > 0.
     * realloc_zero_frees: realloc(p, 0) frees p and answers NULL. */
    void *(*realloc)(void *p, size_t size);
    bool realloc_zero_frees;
    /* 0 when the block was taken back, nonzero when refused. A stage whose
     * free returns nothing answers 0 and the model checks only that a bad
     * call changed nothing. */
    int (*free)(void *p);
    bool free_reports;
    int (*check)(void); /* 0 when the pool is intact */
    fuzz_stats_t (*stats)(void);
    /* Bytes the stage counts as used for a live block, or NULL when the
     * model should only bound the byte count. */
    size_t (*charge)(const void *p, size_t size, size_t align);
    uintptr_t pool_lo, pool_hi; /* where returned blocks must lie, after reset */
    void *foreign;              /* a live block of another pool, after reset */
    /* Damage (0: none of that kind): bytes in front of a block that belong
     * to it (its header), and bytes at the start of a freed block that the
     * stage uses (its free-list links). */
    size_t damage_front;
    size_t damage_links;
} fuzz_adapter_t;

/* -------------------------------------------------------------- the model */

#define FUZZ_MAX_LIVE 256
#define FUZZ_FREED_KEPT 8 /* freed blocks remembered as targets of a write after free */

typedef struct {
    unsigned char *p;
    size_t size;
    size_t align;
    uint32_t id;
} fuzz_block_t;

typedef struct {
    const fuzz_adapter_t *a;
    const uint8_t *in;
    size_t len, pos;
    fuzz_block_t live[FUZZ_MAX_LIVE];
    size_t nlive;
    uint32_t next_id;
    void *just_freed; /* the last block freed, while no allocation has happened since */
    fuzz_stats_t fresh;
    bool damaged;                          /* the pool has been damaged */
    unsigned char *freed[FUZZ_FREED_KEPT]; /* blocks freed lately */
    unsigned nfreed;
    unsigned char *left[FUZZ_MAX_LIVE]; /* blocks that left the model, damaged */
    size_t nleft;
} fuzz_model_t;

/* Stop the run: libFuzzer saves the input that got here. */
#define FUZZ_FAIL(...)                         \
    do {                                       \
        fprintf(stderr, "fuzz: " __VA_ARGS__); \
        fprintf(stderr, "\n");                 \
        abort();                               \
    } while (0)

static inline uint8_t fuzz_pattern(uint32_t id, size_t i)
{
    return (uint8_t)(id * 0x9du + i * 0x3bu + (i >> 8));
}

static inline void fuzz_fill(const fuzz_block_t *b)
{
    for (size_t i = 0; i < b->size; i++) {
        b->p[i] = fuzz_pattern(b->id, i);
    }
}

/* The first @n bytes of @b hold the pattern of @id. */
static inline void fuzz_verify(const fuzz_block_t *b, uint32_t id, size_t n, const char *when)
{
    for (size_t i = 0; i < n; i++) {
        if (b->p[i] != fuzz_pattern(id, i)) {
            FUZZ_FAIL("block %p (id %u, %zu bytes): byte %zu changed %s", (void *)b->p,
                      (unsigned)id, b->size, i, when);
        }
    }
}

static inline void fuzz_verify_all(const fuzz_model_t *m, const char *when)
{
    for (size_t k = 0; k < m->nlive; k++) {
        fuzz_verify(&m->live[k], m->live[k].id, m->live[k].size, when);
    }
}

static inline uint32_t fuzz_read(fuzz_model_t *m, unsigned bytes)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        v = (v << 8) | (m->pos < m->len ? m->in[m->pos++] : 0);
    }
    return v;
}

/* A size for a plain call: mostly small, sometimes up to the limit. */
static inline size_t fuzz_read_size(fuzz_model_t *m)
{
    uint32_t v = fuzz_read(m, 2);
    size_t span = m->a->size_limit + 1;
    return (v & 0x8000u) ? (v & 0x7fffu) % span : (v & 0xffu) % span;
}

/* A size near SIZE_MAX, or far beyond the pool. */
static inline size_t fuzz_read_huge(fuzz_model_t *m)
{
    uint32_t v = fuzz_read(m, 1);
    return (v & 0x80u) ? SIZE_MAX / 2 + 1 - (v & 0x7fu) : SIZE_MAX - (v & 0x7fu);
}

/* The k-th live block, k taken from the input; NULL when none is live. */
static inline fuzz_block_t *fuzz_pick(fuzz_model_t *m)
{
    uint32_t k = fuzz_read(m, 1);
    return m->nlive == 0 ? NULL : &m->live[k % m->nlive];
}

static inline void fuzz_check_pool(const fuzz_model_t *m, const char *after)
{
    const fuzz_adapter_t *a = m->a;
    fuzz_stats_t s;
    size_t charged = 0, requested = 0;

    if (m->damaged) {
        fuzz_verify_all(m, after); /* the check and the statistics may see the damage */
        return;
    }
    s = a->stats();
    if (a->check() != 0) {
        FUZZ_FAIL("integrity check failed after %s", after);
    }
    if (s.used_blocks != FUZZ_NOT_KEPT && s.used_blocks != m->fresh.used_blocks + m->nlive) {
        FUZZ_FAIL("after %s the pool counts %zu blocks in use, the model %zu", after,
                  s.used_blocks - m->fresh.used_blocks, m->nlive);
    }
    if (s.used_bytes == FUZZ_NOT_KEPT) {
        return;
    }
    for (size_t k = 0; k < m->nlive; k++) {
        const fuzz_block_t *b = &m->live[k];
        requested += b->size;
        if (a->charge != NULL) {
            charged += a->charge(b->p, b->size, b->align);
        }
    }
    if (a->charge != NULL && s.used_bytes != m->fresh.used_bytes + charged) {
        FUZZ_FAIL("after %s the pool counts %zu bytes in use, the model %zu", after,
                  s.used_bytes - m->fresh.used_bytes, charged);
    }
    if (s.used_bytes < m->fresh.used_bytes + requested ||
        s.used_bytes > m->fresh.used_bytes + (a->pool_hi - a->pool_lo)) {
        FUZZ_FAIL("after %s the pool counts %zu bytes in use for %zu requested", after,
                  s.used_bytes, requested);
    }
}

/* A new block from the allocator: check where it lies, then track it. */
static inline void fuzz_track(fuzz_model_t *m, void *p, size_t size, size_t align)
{
    uintptr_t lo = (uintptr_t)p, hi = lo + (size ? size : 1);
    fuzz_block_t *b;

    if (lo % 8 != 0 || (align > 1 && lo % align != 0)) {
        FUZZ_FAIL("block %p of %zu bytes is not aligned to %zu", p, size, align < 8 ? 8 : align);
    }
    if (lo < m->a->pool_lo || hi > m->a->pool_hi) {
        FUZZ_FAIL("block %p of %zu bytes lies outside the pool", p, size);
    }
    for (size_t k = 0; k < m->nlive; k++) {
        uintptr_t olo = (uintptr_t)m->live[k].p;
        uintptr_t ohi = olo + (m->live[k].size ? m->live[k].size : 1);
        if (lo < ohi && olo < hi) {
            FUZZ_FAIL("block %p of %zu bytes overlaps live block %p of %zu", p, size,
                      (void *)m->live[k].p, m->live[k].size);
        }
    }
    b = &m->live[m->nlive++];
    *b = (fuzz_block_t){ (unsigned char *)p, size, align, m->next_id++ };
    fuzz_fill(b);
    m->just_freed = NULL;
}

/* A block given back: remembered as a target of a write after free. */
static inline void fuzz_freed(fuzz_model_t *m, unsigned char *p)
{
    m->freed[m->nfreed++ % FUZZ_FREED_KEPT] = p;
}

static inline void fuzz_untrack(fuzz_model_t *m, fuzz_block_t *b)
{
    m->just_freed = b->p;
    fuzz_freed(m, b->p);
    *b = m->live[--m->nlive];
}

/* The answer to a request the pool cannot or must not satisfy. */
static inline void fuzz_expect_null(void *p, const char *call, size_t size)
{
    if (p != NULL) {
        FUZZ_FAIL("%s of %zu bytes answered %p, expected NULL", call, size, p);
    }
}

/* The answer to an allocating call: NULL is always allowed (the pool may be
 * full) unless a rule of the stage says more; a block is checked and kept. */
static inline void fuzz_take(fuzz_model_t *m, void *p, size_t size, size_t align, const char *call)
{
    if (size > m->a->pool_hi - m->a->pool_lo) {
        fuzz_expect_null(p, call, size);
    }
    if (size == 0 && m->a->zero_size_null) {
        fuzz_expect_null(p, call, size);
    }
    if (p != NULL && m->nlive == FUZZ_MAX_LIVE) {
        m->a->free(p); /* the model is full: give it straight back */
        return;
    }
    if (p != NULL) {
        fuzz_track(m, p, size, align);
    }
}

/* -------------------------------------------------------------- operations */

static inline void fuzz_op_alloc(fuzz_model_t *m)
{
    size_t size = fuzz_read_size(m);
    fuzz_take(m, m->a->alloc(size), size, 1, "alloc");
}

static inline bool fuzz_is_pow2(size_t x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

static inline void fuzz_op_aligned(fuzz_model_t *m)
{
    static const size_t bad[] = { 3,  5,   6,    7,    12,       24,
                                  48, 100, 1000, 4097, SIZE_MAX, SIZE_MAX / 2 + 2 };
    uint32_t v = fuzz_read(m, 1);
    size_t size = fuzz_read_size(m);
    size_t align = (v & 0x80u) ? bad[v % (sizeof bad / sizeof bad[0])] : (size_t)1 << (v % 13);

    if (m->a->aligned_alloc == NULL) {
        return;
    }
    size_t rew = align & (~align + 1); /* a rewind, when align is not a power of two */
    bool rewind_word = m->a->takes_rewind && align != rew && fuzz_is_pow2(align - rew) &&
                       rew % sizeof(void *) == 0;
    void *p = m->a->aligned_alloc(align, size);
    if (!fuzz_is_pow2(align) && !rewind_word) {
        fuzz_expect_null(p, "aligned alloc with a bad alignment", size);
    }
    if (rewind_word) {
        if (p != NULL && ((uintptr_t)p + rew) % (align - rew) != 0) {
            FUZZ_FAIL("block %p + %zu is not aligned to %zu", p, rew, align - rew);
        }
        align = rew; /* all the block itself is aligned to */
    }
    fuzz_take(m, p, size, align, "aligned alloc");
}

static inline void fuzz_op_calloc(fuzz_model_t *m)
{
    size_t n = fuzz_read(m, 1) % 17, each = fuzz_read(m, 1) % 65;
    void *p;

    if (m->a->calloc == NULL) {
        return;
    }
    p = m->a->calloc(n, each);
    for (size_t i = 0; p != NULL && i < n * each; i++) {
        if (((unsigned char *)p)[i] != 0) {
            FUZZ_FAIL("calloc(%zu, %zu) left byte %zu nonzero", n, each, i);
        }
    }
    fuzz_take(m, p, n * each, 1, "calloc");
}

static inline void fuzz_op_free(fuzz_model_t *m)
{
    fuzz_block_t *b = fuzz_pick(m);
    if (b == NULL) {
        return;
    }
    fuzz_verify(b, b->id, b->size, "before free");
    if (m->a->free(b->p) != 0) {
        if (m->damaged) {
            return; /* a damaged neighbour may be seen: the block stays */
        }
        FUZZ_FAIL("free of live block %p was refused", (void *)b->p);
    }
    fuzz_untrack(m, b);
}

static inline void fuzz_op_realloc(fuzz_model_t *m)
{
    fuzz_block_t *b = fuzz_pick(m);
    size_t size = fuzz_read_size(m);
    void *p;

    if (m->a->realloc == NULL) {
        return;
    }
    if (b == NULL) { /* realloc(NULL, n) allocates */
        fuzz_take(m, m->a->realloc(NULL, size), size, 1, "realloc of NULL");
        return;
    }
    fuzz_verify(b, b->id, b->size, "before realloc");
    p = m->a->realloc(b->p, size);
    if (size > m->a->pool_hi - m->a->pool_lo) {
        fuzz_expect_null(p, "realloc", size);
    }
    if (size == 0 && m->a->realloc_zero_frees) {
        fuzz_expect_null(p, "realloc to 0", 0);
        fuzz_untrack(m, b);
        return;
    }
    if (p == NULL) { /* refused: the old block must be intact and still live */
        fuzz_verify(b, b->id, b->size, "by a failed realloc");
        return;
    }
    fuzz_block_t old = *b;
    *b = m->live[--m->nlive];
    if (p != old.p) {
        fuzz_freed(m, old.p);
    }
    old.p = p;
    fuzz_verify(&old, old.id, old.size < size ? old.size : size, "across realloc");
    fuzz_track(m, p, size, 1);
}

/* A bad call must leave statistics and every live block as they were. */
static inline void fuzz_expect_unchanged(fuzz_model_t *m, fuzz_stats_t before, const char *what)
{
    if (!m->damaged) {
        fuzz_stats_t after = m->a->stats();
        if (after.used_blocks != before.used_blocks || after.used_bytes != before.used_bytes) {
            FUZZ_FAIL("%s changed the statistics", what);
        }
    }
    fuzz_verify_all(m, what);
}

static inline fuzz_stats_t fuzz_stats_now(const fuzz_model_t *m)
{
    return m->damaged ? (fuzz_stats_t){ 0, 0 } : m->a->stats();
}

static inline void fuzz_expect_refused(fuzz_model_t *m, void *p, const char *what)
{
    fuzz_stats_t before = fuzz_stats_now(m);
    if (m->a->free(p) == 0 && m->a->free_reports && !m->damaged) {
        FUZZ_FAIL("%s %p was accepted", what, p);
    }
    fuzz_expect_unchanged(m, before, what);
}

static inline void fuzz_op_double_free(fuzz_model_t *m)
{
    if (m->just_freed != NULL && (m->a->refuses & FUZZ_REFUSES_DOUBLE_FREE)) {
        fuzz_expect_refused(m, m->just_freed, "double free of");
    }
}

static inline void fuzz_op_realloc_freed(fuzz_model_t *m)
{
    size_t size = fuzz_read_size(m);
    if (m->just_freed == NULL || m->a->realloc == NULL ||
        !(m->a->refuses & FUZZ_REFUSES_REALLOC_FREED)) {
        return;
    }
    fuzz_stats_t before = fuzz_stats_now(m);
    void *p = m->a->realloc(m->just_freed, size);
    if (m->damaged && p != NULL) {
        fuzz_take(m, p, size, 1, "realloc of a freed block in a damaged pool");
        return;
    }
    fuzz_expect_null(p, "realloc of a freed block", size);
    fuzz_expect_unchanged(m, before, "realloc of a freed block");
}

static inline void fuzz_op_bad_pointer(fuzz_model_t *m)
{
    static uint64_t outside[4]; /* never its first word: a stage may read the word below */
    uint32_t kind = fuzz_read(m, 1);
    fuzz_block_t *b = fuzz_pick(m);
    uint32_t off = fuzz_read(m, 1);

    if ((kind & 1u) == 0 && (m->a->refuses & FUZZ_REFUSES_FOREIGN)) {
        fuzz_expect_refused(m, (kind & 2u) ? m->a->foreign : (void *)&outside[1 + off % 3],
                            "foreign pointer");
    } else if ((kind & 1u) && b != NULL && b->size > 1) {
        size_t at = 1 + off % (b->size - 1);
        if (!(m->a->refuses & FUZZ_REFUSES_INTERIOR) && at % 8 == 0) {
            at--; /* a stage that checks alignment only */
        }
        if (m->a->refuses & (FUZZ_REFUSES_INTERIOR | FUZZ_REFUSES_MISALIGNED)) {
            fuzz_expect_refused(m, b->p + at, "interior pointer");
        }
    }
}

static inline void fuzz_op_huge(fuzz_model_t *m)
{
    size_t size = fuzz_read_huge(m);
    uint32_t kind = fuzz_read(m, 1);
    fuzz_block_t *b = fuzz_pick(m);

    switch (kind % 4) {
    case 0:
        fuzz_expect_null(m->a->alloc(size), "alloc", size);
        break;
    case 1:
        if (m->a->aligned_alloc != NULL) {
            fuzz_expect_null(m->a->aligned_alloc(64, size), "aligned alloc", size);
        }
        break;
    case 2: /* n * size overflows */
        if (m->a->calloc != NULL) {
            fuzz_expect_null(m->a->calloc(size / 3 + 2, 3), "calloc", size);
        }
        break;
    default:
        if (m->a->realloc != NULL && b != NULL) {
            fuzz_expect_null(m->a->realloc(b->p, size), "realloc", size);
            fuzz_verify(b, b->id, b->size, "by a refused huge realloc");
        }
    }
}

/* Whether [p, p + n) overlaps a live block or one that left the model. */
static inline bool fuzz_owned(const fuzz_model_t *m, const unsigned char *p, size_t n)
{
    for (size_t k = 0; k < m->nlive; k++) {
        if (p < m->live[k].p + (m->live[k].size ? m->live[k].size : 1) && m->live[k].p < p + n) {
            return true;
        }
    }
    for (size_t k = 0; k < m->nleft; k++) {
        if (m->left[k] == p) {
            return true;
        }
    }
    return false;
}

/* A buggy program: one byte written in front of a live block (its header:
 * the block leaves the model) or into the first bytes of a freed block
 * that no live block now holds (its links). */
static inline void fuzz_op_damage(fuzz_model_t *m, uint8_t kind)
{
    fuzz_block_t *b = fuzz_pick(m);
    uint32_t at = fuzz_read(m, 1), value = fuzz_read(m, 1);
    const fuzz_adapter_t *a = m->a;
    unsigned char *p;

    if ((kind & 1u) == 0 && a->damage_front != 0 && b != NULL && m->nleft < FUZZ_MAX_LIVE) {
        p = b->p - 1 - at % a->damage_front;
        if ((uintptr_t)p < a->pool_lo || *p == (uint8_t)value) {
            return;
        }
        fuzz_verify(b, b->id, b->size, "before damage in front of it");
        *p = (uint8_t)value;
        m->left[m->nleft++] = b->p;
        *b = m->live[--m->nlive];
        m->damaged = true;
    } else if ((kind & 1u) != 0 && a->damage_links != 0 && m->nfreed != 0) {
        unsigned count = m->nfreed < FUZZ_FREED_KEPT ? m->nfreed : FUZZ_FREED_KEPT;
        unsigned char *f = m->freed[(kind >> 1) % count];
        p = f + at % a->damage_links;
        if (fuzz_owned(m, f, a->damage_links) || *p == (uint8_t)value) {
            return; /* handed out again since: a write into a live block */
        }
        *p = (uint8_t)value;
        m->damaged = true;
    }
}

typedef void (*fuzz_op_fn)(fuzz_model_t *m);

/* Opcode byte -> operation; plain calls are weighted above bad ones. */
static const fuzz_op_fn fuzz_ops[16] = {
    fuzz_op_alloc,       fuzz_op_alloc,       fuzz_op_alloc,       fuzz_op_aligned,
    fuzz_op_free,        fuzz_op_free,        fuzz_op_free,        fuzz_op_realloc,
    fuzz_op_realloc,     fuzz_op_calloc,      fuzz_op_double_free, fuzz_op_realloc_freed,
    fuzz_op_bad_pointer, fuzz_op_bad_pointer, fuzz_op_huge,        fuzz_op_aligned,
};

static const char *const fuzz_op_names[16] = {
    "alloc",       "alloc",       "alloc",        "aligned alloc",
    "free",        "free",        "free",         "realloc",
    "realloc",     "calloc",      "double free",  "realloc of a freed block",
    "bad pointer", "bad pointer", "huge request", "aligned alloc",
};

/* Free every block left and check the pool is back in its first state. */
static inline void fuzz_free_all(fuzz_model_t *m)
{
    while (m->nlive > 0) {
        fuzz_block_t *b = &m->live[m->nlive - 1];
        fuzz_verify(b, b->id, b->size, "before the final free");
        if (m->a->free(b->p) != 0 && !m->damaged) {
            FUZZ_FAIL("final free of %p was refused", (void *)b->p);
        }
        m->nlive--;
        if (m->damaged) {
            fuzz_verify_all(m, "by the final frees");
        }
    }
    if (m->damaged) {
        return; /* the rest is the damage's: nothing more is expected */
    }
    fuzz_stats_t s = m->a->stats();
    if (m->a->check() != 0) {
        FUZZ_FAIL("integrity check failed once everything was freed");
    }
    if (s.used_blocks != m->fresh.used_blocks || s.used_bytes != m->fresh.used_bytes) {
        FUZZ_FAIL("pool not back in its first state: %zu blocks, %zu bytes in use "
                  "(fresh: %zu, %zu)",
                  s.used_blocks, s.used_bytes, m->fresh.used_blocks, m->fresh.used_bytes);
    }
}

/* Run one input through the adapter's allocator. Always returns 0. */
static inline int fuzz_run(const fuzz_adapter_t *a, const uint8_t *data, size_t len)
{
    static fuzz_model_t m;

    memset(&m, 0, sizeof m);
    m.a = a;
    m.in = data;
    m.len = len;
    if (!a->reset((uint8_t)fuzz_read(&m, 1))) {
        FUZZ_FAIL("the pool could not be set up");
    }
    m.fresh = a->stats();
    if (a->check() != 0) {
        FUZZ_FAIL("a fresh pool fails its integrity check");
    }
    while (m.pos < m.len) {
        uint8_t byte = (uint8_t)fuzz_read(&m, 1), op = byte % 16;
        if (byte >= 0xF0 && (a->damage_front != 0 || a->damage_links != 0)) {
            fuzz_op_damage(&m, byte & 0x0Fu);
            fuzz_check_pool(&m, "damage");
            continue;
        }
        fuzz_ops[op](&m);
        fuzz_check_pool(&m, fuzz_op_names[op]);
    }
    fuzz_free_all(&m);
    return 0;
}

/* The libFuzzer entry point of a target whose adapter is @p adapter. */
#define FUZZ_TARGET(adapter)                                    \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len) \
    {                                                           \
        return fuzz_run(&(adapter), data, len);                 \
    }

#endif
