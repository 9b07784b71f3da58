/*
 * Unit tests of stage 2 (the free-list heap): normal use under every policy,
 * then every bad input the API defines an answer for. After each bad call
 * the heap must pass its integrity check and still hand out and take back
 * its memory. Runs on the host and, unchanged, in QEMU.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#if !defined(__arm__)
#include <sys/mman.h>
#endif

#include "freelist.h"
#include "kit_diag.h"
#include "kit_expect_assert.h"
#include "kit_test.h"

#define POOL_BYTES 4096u

static uint64_t pool_a[POOL_BYTES / 8];
static uint64_t pool_b[POOL_BYTES / 8];

static fl_stats_t stats_of(void *pool)
{
    fl_stats_t s = { 0 };
    fl_stats_get(pool, &s);
    return s;
}

static void fresh(fl_fit_t fit, fl_order_t order)
{
    memset(pool_a, 0, sizeof pool_a);
    memset(pool_b, 0, sizeof pool_b);
    fl_init(pool_a, POOL_BYTES, fit, order);
    fl_init(pool_b, POOL_BYTES, fit, order);
}

/* The heap is intact, and all its free memory can be taken and given back. */
static int heap_still_works(void *pool)
{
    void *got[POOL_BYTES / 16];
    fl_stats_t before = stats_of(pool);
    size_t n = 0, i;

    if (fl_check(pool) != FL_OK) {
        return 0;
    }
    while (n < sizeof got / sizeof got[0] && (got[n] = fl_alloc(pool, 24)) != NULL) {
        n++;
    }
    if (n == 0 || fl_check(pool) != FL_OK || stats_of(pool).largest_free >= BLOCK_MIN_SIZE * 2) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (fl_free(pool, got[i]) != FL_OK) {
            return 0;
        }
    }
    return fl_check(pool) == FL_OK && stats_of(pool).used_bytes == before.used_bytes &&
           stats_of(pool).free_blocks == before.free_blocks;
}

/* A small deterministic generator, the same on host and target. */
static uint32_t rng_state;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static void fill(void *p, size_t n, unsigned tag)
{
    for (size_t i = 0; i < n; i++) {
        ((unsigned char *)p)[i] = (unsigned char)(tag * 31u + i);
    }
}

static int filled(const void *p, size_t n, unsigned tag)
{
    for (size_t i = 0; i < n; i++) {
        if (((const unsigned char *)p)[i] != (unsigned char)(tag * 31u + i)) {
            return 0;
        }
    }
    return 1;
}

/* ------------------------------------------------------------ normal use */

TEST(init_lays_one_free_block)
{
    fl_stats_t s;
    CHECK_EQ(fl_init(pool_a, POOL_BYTES, FL_FIRST_FIT, FL_ADDRESS_ORDERED), FL_OK);
    CHECK_EQ(fl_stats_get(pool_a, &s), FL_OK);
    CHECK_EQ(s.free_blocks, 1);
    CHECK_EQ(s.used_blocks, 0);
    CHECK_EQ(s.free_bytes, s.total_bytes);
    CHECK_EQ(s.largest_free, s.total_bytes);
    CHECK(s.total_bytes > POOL_BYTES - sizeof(fl_heap_t) - 2 * BLOCK_ALIGN);
    CHECK_EQ(fl_check(pool_a), FL_OK);
}

TEST(a_block_in_use_costs_one_header_word)
{
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    CHECK(fl_alloc(pool_a, 64) != NULL);
    CHECK_EQ(stats_of(pool_a).used_bytes, block_align_up(64 + sizeof(size_t), 8));
    CHECK(fl_alloc(pool_a, 1) != NULL);
    CHECK_EQ(stats_of(pool_a).used_bytes, block_align_up(64 + sizeof(size_t), 8) + BLOCK_MIN_SIZE);
}

TEST(blocks_are_aligned_inside_and_disjoint)
{
    static void *p[64];
    static size_t n[64];
    size_t i, j;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    for (i = 0; i < 64; i++) {
        n[i] = 1 + i * 7 % 53;
        p[i] = fl_alloc(pool_a, n[i]);
        CHECK(p[i] != NULL);
        CHECK_EQ((uintptr_t)p[i] % 8, 0);
        CHECK((char *)p[i] >= (char *)pool_a + sizeof(fl_heap_t) &&
              (char *)p[i] + n[i] <= (char *)pool_a + POOL_BYTES);
        for (j = 0; j < i; j++) {
            CHECK((char *)p[i] + n[i] <= (char *)p[j] || (char *)p[j] + n[j] <= (char *)p[i]);
        }
        fill(p[i], n[i], (unsigned)i);
    }
    for (i = 0; i < 64; i++) {
        CHECK(filled(p[i], n[i], (unsigned)i));
    }
    CHECK_EQ(fl_check(pool_a), FL_OK);
}

TEST(free_coalesces_with_both_neighbours)
{
    void *a, *b, *c, *d;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    a = fl_alloc(pool_a, 40);
    b = fl_alloc(pool_a, 40);
    c = fl_alloc(pool_a, 40);
    d = fl_alloc(pool_a, 40);
    CHECK(a && b && c && d);
    CHECK_EQ(fl_free(pool_a, a), FL_OK);
    CHECK_EQ(fl_free(pool_a, c), FL_OK);
    CHECK_EQ(stats_of(pool_a).free_blocks, 3);
    CHECK_EQ(fl_free(pool_a, b), FL_OK); /* merges with a and c */
    CHECK_EQ(stats_of(pool_a).free_blocks, 2);
    CHECK_EQ(fl_free(pool_a, d), FL_OK); /* merges with a+b+c and the end */
    CHECK_EQ(stats_of(pool_a).free_blocks, 1);
    CHECK_EQ(stats_of(pool_a).largest_free, stats_of(pool_a).total_bytes);
    CHECK_EQ(fl_check(pool_a), FL_OK);
}

/* Random churn under one policy: contents kept, heap intact after every call. */
static int churn(fl_fit_t fit, fl_order_t order)
{
    static void *p[32];
    static size_t n[32];
    size_t i;
    fresh(fit, order);
    memset(p, 0, sizeof p);
    rng_state = 7u + (unsigned)fit * 3u + (unsigned)order;
    for (int step = 0; step < 600; step++) {
        i = rng() % 32;
        if (p[i] != NULL) {
            if (!filled(p[i], n[i], (unsigned)i)) {
                return 0;
            }
            if (rng() % 3 == 0) {
                size_t m = 1 + rng() % 300;
                void *q = fl_realloc(pool_a, p[i], m);
                if (q != NULL) {
                    if (!filled(q, m < n[i] ? m : n[i], (unsigned)i)) {
                        return 0;
                    }
                    p[i] = q, n[i] = m;
                    fill(p[i], n[i], (unsigned)i);
                }
            } else {
                if (fl_free(pool_a, p[i]) != FL_OK) {
                    return 0;
                }
                p[i] = NULL;
            }
        } else {
            n[i] = 1 + rng() % 300;
            p[i] = rng() % 4 == 0 ? fl_aligned_alloc(pool_a, (size_t)16 << (rng() % 4), n[i])
                                  : fl_alloc(pool_a, n[i]);
            if (p[i] != NULL) {
                fill(p[i], n[i], (unsigned)i);
            }
        }
        if (fl_check(pool_a) != FL_OK) {
            return 0;
        }
    }
    for (i = 0; i < 32; i++) {
        if (p[i] != NULL && fl_free(pool_a, p[i]) != FL_OK) {
            return 0;
        }
    }
    return stats_of(pool_a).free_blocks == 1 && stats_of(pool_a).used_blocks == 0;
}

TEST(churn_keeps_every_policy_intact)
{
    static const fl_fit_t fits[] = { FL_FIRST_FIT, FL_NEXT_FIT, FL_BEST_FIT };
    for (int f = 0; f < 3; f++) {
        CHECK_MSG(churn(fits[f], FL_ADDRESS_ORDERED), "policy %d, address-ordered", f);
        CHECK_MSG(churn(fits[f], FL_LIFO), "policy %d, LIFO", f);
    }
}

TEST(lifo_reuses_the_block_freed_last)
{
    void *a, *b, *c, *d;
    fresh(FL_FIRST_FIT, FL_LIFO);
    a = fl_alloc(pool_a, 40);
    b = fl_alloc(pool_a, 40);
    c = fl_alloc(pool_a, 40);
    d = fl_alloc(pool_a, 40);
    CHECK(a && b && c && d);
    fl_free(pool_a, a);
    fl_free(pool_a, c);
    CHECK(fl_alloc(pool_a, 40) == c);
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    a = fl_alloc(pool_a, 40);
    b = fl_alloc(pool_a, 40);
    c = fl_alloc(pool_a, 40);
    d = fl_alloc(pool_a, 40);
    fl_free(pool_a, c);
    fl_free(pool_a, a);
    CHECK(fl_alloc(pool_a, 40) == a); /* the lowest address comes first */
}

TEST(next_fit_resumes_where_it_stopped)
{
    void *a, *b, *c, *d, *e;
    fresh(FL_NEXT_FIT, FL_ADDRESS_ORDERED);
    a = fl_alloc(pool_a, 40);
    b = fl_alloc(pool_a, 40);
    c = fl_alloc(pool_a, 40);
    d = fl_alloc(pool_a, 40);
    CHECK(a && b && c && d);
    fl_free(pool_a, a);
    fl_free(pool_a, c);
    e = fl_alloc(pool_a, 40); /* the rover sits on the free end: it is used */
    CHECK(e > d);
    CHECK(fl_alloc(pool_a, 40) > e);
    CHECK_EQ(fl_check(pool_a), FL_OK);
}

/* Two holes: one for 40 bytes (low) and one for 16 (high); the rest used. */
static int two_holes_then_16_and_40(fl_fit_t fit)
{
    void *p[4];
    fresh(fit, FL_ADDRESS_ORDERED);
    p[0] = fl_alloc(pool_a, 40);
    p[1] = fl_alloc(pool_a, 8);
    p[2] = fl_alloc(pool_a, 16);
    p[3] = fl_alloc(pool_a, stats_of(pool_a).largest_free - BLOCK_HEADER_SIZE);
    if (!p[0] || !p[1] || !p[2] || !p[3] || stats_of(pool_a).free_blocks != 0) {
        return -1;
    }
    fl_free(pool_a, p[0]);
    fl_free(pool_a, p[2]);
    return fl_alloc(pool_a, 16) != NULL && fl_alloc(pool_a, 40) != NULL;
}

TEST(first_fit_and_best_fit_end_differently)
{
    CHECK_EQ(two_holes_then_16_and_40(FL_FIRST_FIT), 0); /* 16 spoils the 40 hole */
    CHECK_EQ(fl_check(pool_a), FL_OK);
    CHECK_EQ(two_holes_then_16_and_40(FL_BEST_FIT), 1); /* 16 takes the small hole */
    CHECK_EQ(fl_check(pool_a), FL_OK);
}

TEST(aligned_alloc_honours_alignment_and_frees)
{
    void *p[6];
    fresh(FL_BEST_FIT, FL_ADDRESS_ORDERED);
    CHECK(fl_alloc(pool_a, 8) != NULL);
    for (int i = 0; i < 6; i++) {
        size_t align = (size_t)16 << i;
        p[i] = fl_aligned_alloc(pool_a, align, 24);
        CHECK(p[i] != NULL);
        CHECK_EQ((uintptr_t)p[i] % align, 0);
        fill(p[i], 24, (unsigned)i);
        CHECK_EQ(fl_check(pool_a), FL_OK);
    }
    for (int i = 0; i < 6; i++) {
        CHECK(filled(p[i], 24, (unsigned)i));
        CHECK_EQ(fl_free(pool_a, p[i]), FL_OK);
    }
    CHECK(fl_aligned_alloc(pool_a, 1, 8) != NULL); /* small alignments give 8 */
    CHECK_EQ(stats_of(pool_a).used_blocks, 2);
    CHECK_EQ(fl_check(pool_a), FL_OK);
}

TEST(calloc_zeroes)
{
    unsigned char *p;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    p = fl_alloc(pool_a, 100);
    memset(p, 0xee, 100);
    fl_free(pool_a, p);
    p = fl_calloc(pool_a, 25, 4);
    CHECK(p != NULL);
    for (int i = 0; i < 100; i++) {
        CHECK_EQ(p[i], 0);
    }
}

TEST(realloc_shrinks_and_grows_in_place_else_moves)
{
    char *a, *b, *q;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    a = fl_alloc(pool_a, 200);
    b = fl_alloc(pool_a, 40);
    fill(a, 200, 1);
    CHECK(fl_realloc(pool_a, a, 50) == a); /* shrink: the tail is freed */
    CHECK_EQ(stats_of(pool_a).free_blocks, 2);
    CHECK(filled(a, 50, 1));
    CHECK(fl_realloc(pool_a, a, 150) == a); /* grow into the free tail */
    CHECK(filled(a, 50, 1));
    fill(a, 150, 2);
    q = fl_realloc(pool_a, a, 400); /* b is in the way: move */
    CHECK(q != NULL && q != a);
    CHECK(filled(q, 150, 2));
    CHECK(fl_realloc(pool_a, NULL, 16) != NULL); /* NULL: allocate */
    CHECK(fl_realloc(pool_a, b, 0) == NULL);     /* 0: free */
    CHECK_EQ(fl_check(pool_a), FL_OK);
    CHECK_EQ(stats_of(pool_a).used_blocks, 2);
}

TEST(realloc_keeps_alignment)
{
    char *p, *q;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    CHECK(fl_alloc(pool_a, 8) != NULL);
    p = fl_aligned_alloc(pool_a, 128, 40);
    CHECK(p != NULL && (uintptr_t)p % 128 == 0);
    fill(p, 40, 3);
    do { /* block any growth in place */
        q = fl_alloc(pool_a, 8);
    } while (q != NULL && q < p);
    CHECK(q != NULL);
    q = fl_realloc(pool_a, p, 1000);
    CHECK(q != NULL && q != p);
    CHECK_EQ((uintptr_t)q % 128, 0);
    CHECK(filled(q, 40, 3));
    CHECK(fl_realloc(pool_a, q, 20) == q);
    CHECK_EQ(fl_free(pool_a, q), FL_OK);
    CHECK_EQ(fl_check(pool_a), FL_OK);
}

TEST(stats_track_largest_and_peak)
{
    void *a, *b;
    fl_stats_t s;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    a = fl_alloc(pool_a, 1000);
    b = fl_alloc(pool_a, 1000);
    s = stats_of(pool_a);
    CHECK_EQ(s.used_bytes, 2 * block_size_for(1000));
    CHECK_EQ(s.peak_used, s.used_bytes);
    CHECK_EQ(s.largest_free, s.total_bytes - s.used_bytes);
    fl_free(pool_a, a);
    fl_free(pool_a, b);
    s = stats_of(pool_a);
    CHECK_EQ(s.used_bytes, 0);
    CHECK_EQ(s.peak_used, 2 * block_size_for(1000));
}

static void count_block(void *block, size_t size, bool used, void *arg)
{
    size_t *counts = arg;
    (void)block;
    counts[used] += size;
}

TEST(walk_visits_every_block)
{
    size_t counts[2] = { 0, 0 };
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    fl_alloc(pool_a, 100);
    fl_free(pool_a, fl_alloc(pool_a, 100));
    fl_alloc(pool_a, 100);
    CHECK_EQ(fl_walk(pool_a, count_block, counts), FL_OK);
    CHECK_EQ(counts[1], stats_of(pool_a).used_bytes);
    CHECK_EQ(counts[0], stats_of(pool_a).free_bytes);
    fl_show(pool_a);
}

/* ------------------------------------------------------------- bad input */

TEST(init_refuses_null_misaligned_small_and_unknown_policy)
{
    static uint64_t small[(sizeof(fl_heap_t) + BLOCK_MIN_SIZE) / 8];
    memset(pool_a, 0, sizeof pool_a);
    CHECK_EQ(fl_init(NULL, POOL_BYTES, FL_FIRST_FIT, FL_LIFO), FL_ERROR);
    CHECK_EQ(fl_init((char *)pool_a + 4, POOL_BYTES - 8, FL_FIRST_FIT, FL_LIFO), FL_ERROR);
    CHECK_EQ(fl_init(pool_a, sizeof(fl_heap_t), FL_FIRST_FIT, FL_LIFO), FL_ERROR);
    CHECK_EQ(fl_init(small, sizeof small, FL_FIRST_FIT, FL_LIFO), FL_ERROR);
    CHECK_EQ(fl_init(pool_a, POOL_BYTES, (fl_fit_t)7, FL_LIFO), FL_ERROR);
    CHECK_EQ(fl_init(pool_a, POOL_BYTES, FL_FIRST_FIT, (fl_order_t)9), FL_ERROR);
    CHECK_EQ(pool_a[0], 0); /* untouched */
    CHECK_EQ(fl_init(pool_a, POOL_BYTES, FL_FIRST_FIT, FL_LIFO), FL_OK);
    CHECK(heap_still_works(pool_a));
}

/* The highest page this process can map, for a buffer that wraps around
 * the top of the address space; NULL where none can be had there (the
 * board, a 64-bit host, whose top is the kernel's). */
static unsigned char *top_page(size_t page)
{
#if !defined(__arm__) && defined(MAP_FIXED_NOREPLACE)
    if (UINTPTR_MAX == 0xffffffffu) {
        for (uintptr_t at = UINTPTR_MAX - page + 1; at > UINTPTR_MAX - 64 * page; at -= page) {
            void *p = mmap((void *)at, page, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            if (p == (void *)at) {
                return p;
            }
            if (p != MAP_FAILED) {
                munmap(p, page);
            }
        }
    }
#endif
    (void)page;
    return NULL;
}

TEST(init_refuses_a_buffer_that_wraps_before_touching_it)
{
    const size_t page = 4096;
    uintptr_t near_top = (UINTPTR_MAX - 63) & ~(uintptr_t)7;

    /* Not mapped (or the system's own): a single write would fault. */
    CHECK_EQ(fl_init((void *)near_top, 128, FL_FIRST_FIT, FL_LIFO), FL_ERROR);
    CHECK_EQ(fl_init((void *)near_top, 4096, FL_BEST_FIT, FL_ADDRESS_ORDERED), FL_ERROR);
    /* Mapped, where the host lets a 32-bit program map the last pages:
     * refused, and not one byte of it written. */
    unsigned char *top = top_page(page);
    if (top != NULL) {
        size_t wraps = (size_t)(UINTPTR_MAX - (uintptr_t)top) + 1 + page;
        memset(top, 0x5a, page);
        CHECK_EQ(fl_init(top, wraps, FL_FIRST_FIT, FL_LIFO), FL_ERROR);
        CHECK_EQ(fl_init(top, SIZE_MAX, FL_NEXT_FIT, FL_LIFO), FL_ERROR);
        for (size_t i = 0; i < page; i++) {
            CHECK_MSG(top[i] == 0x5a, "byte %zu of the refused buffer was written", i);
        }
#if !defined(__arm__)
        munmap(top, page);
#endif
    }
}

TEST(uninitialised_or_null_heap_is_refused)
{
    fl_stats_t s;
    unsigned diags = kit_diag_count;
    memset(pool_a, 0, sizeof pool_a);
    CHECK(fl_alloc(pool_a, 8) == NULL);
    CHECK(fl_alloc(NULL, 8) == NULL);
    CHECK(fl_aligned_alloc(pool_a, 16, 8) == NULL);
    CHECK(fl_calloc(pool_a, 1, 8) == NULL);
    CHECK(fl_realloc(pool_a, NULL, 8) == NULL);
    CHECK_EQ(fl_free(pool_a, (char *)pool_a + 64), FL_ERROR);
    CHECK_EQ(fl_free(NULL, (char *)pool_a + 64), FL_ERROR);
    CHECK_EQ(fl_stats_get(pool_a, &s), FL_ERROR);
    CHECK_EQ(fl_stats_get(NULL, &s), FL_ERROR);
    CHECK_EQ(fl_check(pool_a), FL_ERROR);
    CHECK_EQ(fl_check((char *)pool_a + 4), FL_ERROR);
    CHECK(kit_diag_count > diags);
    fl_show(NULL);
    fl_walk(NULL, count_block, NULL);
    CHECK_EQ(fl_init(pool_a, POOL_BYTES, FL_BEST_FIT, FL_ADDRESS_ORDERED), FL_OK);
    CHECK_EQ(fl_stats_get(pool_a, NULL), FL_ERROR);
    CHECK(heap_still_works(pool_a));
}

TEST(free_refuses_pointers_outside_the_heap)
{
    uint64_t local[4];
    void *theirs;
    unsigned diags;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    CHECK(fl_alloc(pool_a, 32) != NULL);
    theirs = fl_alloc(pool_b, 32);
    diags = kit_diag_count;
    CHECK_EQ(fl_free(pool_a, &local[2]), FL_ERROR);
    CHECK_EQ(fl_free(pool_a, theirs), FL_ERROR); /* another heap's block */
    CHECK_EQ(fl_free(pool_a, (char *)pool_a + POOL_BYTES), FL_ERROR);
    CHECK_EQ(fl_free(pool_a, pool_a), FL_ERROR); /* the control structure */
    CHECK_EQ(kit_diag_count, diags + 4);
    CHECK(fl_realloc(pool_a, theirs, 64) == NULL);
    CHECK_EQ(fl_free(pool_a, NULL), FL_OK); /* free(NULL) does nothing */
    CHECK(heap_still_works(pool_a));
    CHECK_EQ(fl_free(pool_b, theirs), FL_OK);
    CHECK(heap_still_works(pool_b));
}

TEST(free_refuses_pointers_off_a_payload)
{
    char *p;
    unsigned diags;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    p = fl_alloc(pool_a, 64);
    CHECK(p != NULL);
    memset(p, 0xa5, 64);
    diags = kit_diag_count;
    CHECK_EQ(fl_free(pool_a, p + 4), FL_ERROR); /* misaligned */
    CHECK_EQ(fl_free(pool_a, p + 8), FL_ERROR); /* inside the user bytes */
    CHECK_EQ(fl_free(pool_a, p + 32), FL_ERROR);
    memset(p, 0, 64);
    CHECK_EQ(fl_free(pool_a, p + 16), FL_ERROR);
    CHECK_EQ(kit_diag_count, diags + 4);
    CHECK(heap_still_works(pool_a));
    CHECK_EQ(fl_free(pool_a, p), FL_OK);
    CHECK(heap_still_works(pool_a));
}

TEST(double_free_is_refused_with_a_diagnostic)
{
    void *a, *b;
    unsigned diags;
    fresh(FL_FIRST_FIT, FL_LIFO);
    a = fl_alloc(pool_a, 40);
    b = fl_alloc(pool_a, 40);
    CHECK_EQ(fl_free(pool_a, b), FL_OK); /* b merges with the free end */
    CHECK_EQ(fl_free(pool_a, a), FL_OK); /* a merges with it too */
    diags = kit_diag_count;
    CHECK_EQ(fl_free(pool_a, a), FL_ERROR);
    CHECK_EQ(fl_free(pool_a, b), FL_ERROR);
    CHECK_EQ(kit_diag_count, diags + 2);
    CHECK(heap_still_works(pool_a));
}

TEST(realloc_of_a_freed_pointer_is_refused)
{
    void *a, *keep;
    unsigned diags;
    fresh(FL_BEST_FIT, FL_ADDRESS_ORDERED);
    a = fl_alloc(pool_a, 40);
    keep = fl_alloc(pool_a, 40);
    fl_free(pool_a, a);
    diags = kit_diag_count;
    CHECK(fl_realloc(pool_a, a, 80) == NULL);
    CHECK(fl_realloc(pool_a, a, 0) == NULL);
    CHECK_EQ(kit_diag_count, diags + 2);
    CHECK_EQ(stats_of(pool_a).used_blocks, 1);
    CHECK(heap_still_works(pool_a));
    CHECK_EQ(fl_free(pool_a, keep), FL_OK);
}

TEST(size_zero_and_sizes_near_size_max_are_refused)
{
    void *p;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    CHECK(fl_alloc(pool_a, 0) == NULL);
    CHECK(fl_aligned_alloc(pool_a, 64, 0) == NULL);
    CHECK(fl_calloc(pool_a, 0, 8) == NULL);
    CHECK(fl_alloc(pool_a, SIZE_MAX) == NULL);
    CHECK(fl_alloc(pool_a, SIZE_MAX - BLOCK_HEADER_SIZE + 1) == NULL);
    CHECK(fl_alloc(pool_a, SIZE_MAX - 7) == NULL);
    CHECK(fl_alloc(pool_a, BLOCK_MAX_REQUEST + 1) == NULL);
    CHECK(fl_alloc(pool_a, POOL_BYTES) == NULL); /* fits no block */
    CHECK(fl_aligned_alloc(pool_a, 64, SIZE_MAX - 16) == NULL);
    CHECK(fl_aligned_alloc(pool_a, (SIZE_MAX >> 1) + 1, 8) == NULL);
    CHECK(fl_calloc(pool_a, SIZE_MAX / 2, 3) == NULL); /* n * size overflows */
    CHECK(fl_calloc(pool_a, 3, SIZE_MAX / 2) == NULL);
    p = fl_alloc(pool_a, 40);
    fill(p, 40, 9);
    CHECK(fl_realloc(pool_a, p, SIZE_MAX) == NULL);
    CHECK(fl_realloc(pool_a, p, SIZE_MAX - 3) == NULL);
    CHECK(fl_realloc(pool_a, p, BLOCK_MAX_REQUEST) == NULL);
    CHECK(filled(p, 40, 9)); /* untouched */
    CHECK_EQ(stats_of(pool_a).used_blocks, 1);
    CHECK(heap_still_works(pool_a));
}

TEST(alignment_not_a_power_of_two_is_refused)
{
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    CHECK(fl_aligned_alloc(pool_a, 0, 8) == NULL);
    CHECK(fl_aligned_alloc(pool_a, 3, 8) == NULL);
    CHECK(fl_aligned_alloc(pool_a, 24, 8) == NULL);
    CHECK(fl_aligned_alloc(pool_a, 100, 8) == NULL);
    CHECK_EQ(stats_of(pool_a).used_blocks, 0);
    CHECK(heap_still_works(pool_a));
}

TEST(overwritten_header_is_caught_by_free_and_check)
{
    char *a, *b;
    size_t saved;
    block_t *h;
    unsigned diags;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    a = fl_alloc(pool_a, 40);
    b = fl_alloc(pool_a, 40);
    CHECK(a && b);
    h = block_from_payload(b);
    saved = h->size_flags;
    static const size_t bad[] = { 0, 0x10000, 0x1fff9, 3, 13 };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        h->size_flags = bad[i];
        diags = kit_diag_count;
        CHECK_MSG(fl_check(pool_a) == FL_ERROR, "header %#zx passed the check", bad[i]);
        CHECK_MSG(fl_free(pool_a, b) == FL_ERROR, "free took header %#zx", bad[i]);
        CHECK(kit_diag_count >= diags + 2);
        h->size_flags = saved;
        CHECK_EQ(fl_check(pool_a), FL_OK);
    }
    /* a smaller, plausible size: free sees the fake next block's P clear */
    h->size_flags = (saved & BLOCK_FLAGS) | BLOCK_MIN_SIZE;
    memset(b, 0, 40);
    CHECK_EQ(fl_check(pool_a), FL_ERROR);
    CHECK_EQ(fl_free(pool_a, b), FL_ERROR);
    h->size_flags = saved;
    CHECK(heap_still_works(pool_a));
    CHECK_EQ(fl_free(pool_a, b), FL_OK);
    CHECK_EQ(fl_free(pool_a, a), FL_OK);
    CHECK(heap_still_works(pool_a));
}

TEST(overwritten_free_block_is_caught_by_check)
{
    char *a, *b;
    block_t *f;
    block_t saved;
    size_t *footer, saved_footer;
    fresh(FL_FIRST_FIT, FL_LIFO);
    a = fl_alloc(pool_a, 40);
    b = fl_alloc(pool_a, 40);
    CHECK(fl_alloc(pool_a, 40) != NULL);
    fl_free(pool_a, a);
    f = block_from_payload(a);
    saved = *f;
    f->next_free = f; /* a link to itself */
    CHECK_EQ(fl_check(pool_a), FL_ERROR);
    f->next_free = (block_t *)(void *)(b + 8); /* into a used block */
    CHECK_EQ(fl_check(pool_a), FL_ERROR);
    *f = saved;
    f->size_flags |= BLOCK_USED; /* a free block marked used */
    CHECK_EQ(fl_check(pool_a), FL_ERROR);
    *f = saved;
    footer = (size_t *)(void *)((char *)block_next(f) - sizeof(size_t));
    saved_footer = *footer;
    *footer = 8;
    CHECK_EQ(fl_check(pool_a), FL_ERROR);
    *footer = saved_footer;
    CHECK(heap_still_works(pool_a));
}

TEST(cyclic_free_list_is_reported_not_followed)
{
    void *a, *b, *c;
    fl_stats_t s;
    unsigned diags;

    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    a = fl_alloc(pool_a, 40);
    b = fl_alloc(pool_a, 40);
    c = fl_alloc(pool_a, 40);
    CHECK_EQ(fl_free(pool_a, a), FL_OK);
    block_t *entry = block_from_payload(a);
    block_t *saved = entry->next_free;
    entry->next_free = entry; /* a cycle, as a stray write could make */
    diags = kit_diag_count;
    memset(&s, 0x5a, sizeof s);
    CHECK_EQ(fl_stats_get(pool_a, &s), FL_ERROR);
    CHECK_EQ(kit_diag_count, diags + 1);
    CHECK_EQ(s.used_blocks, (size_t)0x5a5a5a5a5a5a5a5aull); /* nothing written */
    fl_show(pool_a); /* prints one line saying so, and returns */
    CHECK_EQ(fl_check(pool_a), FL_ERROR);
    entry->next_free = saved;
    CHECK_EQ(fl_free(pool_a, b), FL_OK);
    CHECK_EQ(fl_free(pool_a, c), FL_OK);
    CHECK(heap_still_works(pool_a));
}

TEST(walk_refuses_a_header_that_reaches_past_the_heap)
{
    size_t counts[2] = { 0, 0 };
    void *a;
    size_t saved;
    unsigned diags;

    fresh(FL_BEST_FIT, FL_LIFO);
    a = fl_alloc(pool_a, 40);
    fl_alloc(pool_a, 40);
    saved = block_from_payload(a)->size_flags;
    block_from_payload(a)->size_flags = ((size_t)POOL_BYTES * 4) | BLOCK_USED | BLOCK_PREV_USED;
    diags = kit_diag_count;
    CHECK_EQ(fl_walk(pool_a, count_block, counts), FL_ERROR);
    CHECK(kit_diag_count > diags);
    CHECK_EQ(counts[0] + counts[1], 0); /* nothing visited */
    fl_show(pool_a);
    block_from_payload(a)->size_flags = saved;
    CHECK_EQ(fl_walk(pool_a, count_block, counts), FL_OK);
    CHECK_EQ(fl_free(pool_a, a), FL_OK);
    CHECK(heap_still_works(pool_a));
}

TEST(damage_a_one_byte_overflow_into_the_next_header_is_always_caught)
{
    static const fl_fit_t fits[] = { FL_FIRST_FIT, FL_NEXT_FIT, FL_BEST_FIT };
    for (unsigned f = 0; f < 3; f++) {
        char *a, *b, *c;
        uint8_t *byte, saved;
        fresh(fits[f], f == 1 ? FL_LIFO : FL_ADDRESS_ORDERED);
        a = fl_alloc(pool_a, 40);
        b = fl_alloc(pool_a, 40);
        c = fl_alloc(pool_a, 40);
        CHECK(a && b && c && fl_alloc(pool_a, 8) != NULL);
        memset(c, 0x5c, 40);
        byte = (uint8_t *)block_from_payload(b); /* its lowest byte: one past a's last */
        CHECK(byte == (uint8_t *)a + block_usable(block_from_payload(a), a));
        saved = *byte;
        for (unsigned v = 0; v < 256; v++) {
            void *got;
            if (v == saved) {
                continue;
            }
            *byte = (uint8_t)v;
            CHECK_MSG(fl_free(pool_a, b) == FL_ERROR, "free of b took low byte %#x", v);
            CHECK_MSG(fl_free(pool_a, a) == FL_ERROR, "free of a took low byte %#x", v);
            CHECK_MSG(fl_realloc(pool_a, b, 8) == NULL, "realloc of b took low byte %#x", v);
            CHECK_MSG(fl_check(pool_a) == FL_ERROR, "the check passed low byte %#x", v);
            got = fl_alloc(pool_a, 88);
            CHECK(got == NULL || (char *)got >= c + 40 || (char *)got + 88 <= c);
            if (got != NULL) {
                CHECK_EQ(fl_free(pool_a, got), FL_OK);
            }
        }
        *byte = saved;
        for (int i = 0; i < 40; i++) {
            CHECK_EQ((uint8_t)c[i], 0x5c);
        }
        CHECK_EQ(fl_check(pool_a), FL_OK);
        CHECK_EQ(fl_free(pool_a, b), FL_OK);
        CHECK_EQ(fl_free(pool_a, a), FL_OK);
        CHECK(heap_still_works(pool_a));
    }
}

TEST(damage_a_write_after_free_into_the_links_is_caught)
{
    static const uintptr_t forged[] = { 0, 1, 0x41414141u, (uintptr_t)-8 };
    static const fl_fit_t fits[] = { FL_FIRST_FIT, FL_NEXT_FIT, FL_BEST_FIT };
    for (unsigned f = 0; f < 3; f++) {
        char *a, *b;
        void *got;
        block_t *blk, saved;
        fresh(fits[f], f == 2 ? FL_LIFO : FL_ADDRESS_ORDERED);
        a = fl_alloc(pool_a, 200);
        b = fl_alloc(pool_a, 40);
        CHECK(a && b && fl_free(pool_a, a) == FL_OK);
        blk = block_from_payload(a);
        saved = *blk;
        for (unsigned i = 0; i < sizeof forged / sizeof forged[0]; i++) {
            for (int link = 0; link < 2; link++) {
                if (link == 0) {
                    blk->next_free = (block_t *)forged[i];
                } else {
                    blk->prev_free = (block_t *)forged[i];
                }
                /* an alloc that meets it, the free of its neighbour, the
                 * check and the display refuse, and write nothing through it */
                got = fl_alloc(pool_a, 200);
                /* first and best fit meet it first; next fit starts at its
                 * rover, on the rest, and may serve from there */
                CHECK_MSG(got == NULL || (fits[f] == FL_NEXT_FIT && got != a),
                          "fit %u: alloc took link %d = %#lx", f, link, (unsigned long)forged[i]);
                if (got != NULL) {
                    CHECK_EQ(fl_free(pool_a, got), FL_OK);
                }
                CHECK_MSG(fl_free(pool_a, b) == FL_ERROR, "free of the neighbour, link %d", link);
                CHECK_EQ(fl_check(pool_a), FL_ERROR);
                fl_show(pool_a);
                *blk = saved;
            }
        }
        CHECK_EQ(fl_check(pool_a), FL_OK);
        CHECK(fl_alloc(pool_a, 200) == a);
        CHECK_EQ(fl_free(pool_a, a), FL_OK);
        CHECK(heap_still_works(pool_a));
    }
}

TEST(damage_the_address_below_an_aligned_block_is_not_its_payload)
{
    char *p;
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    p = fl_aligned_alloc(pool_a, 256, 64);
    CHECK(p != NULL && ((uintptr_t)p & 255u) == 0);
    for (size_t back = sizeof(size_t); back <= 4 * sizeof(size_t); back += sizeof(size_t)) {
        CHECK_MSG(fl_free(pool_a, p - back) == FL_ERROR, "p - %zu was taken", back);
    }
    CHECK_EQ(fl_check(pool_a), FL_OK);
    CHECK_EQ(fl_free(pool_a, p), FL_OK);
    CHECK(heap_still_works(pool_a));
}

/* An index that is never meant to be called: the assertions fire first. */
static void no_index(block_arena_t *arena, block_t *b)
{
    (void)arena;
    (void)b;
    abort();
}
static bool no_index_linked(const block_arena_t *arena, const block_t *b)
{
    (void)arena;
    (void)b;
    abort();
}
static const block_index_t no_index_table = { no_index, no_index, no_index_linked };

TEST(block_layer_invariants_are_checked)
{
    fl_heap_t *h = (fl_heap_t *)pool_a;
    block_t *used, *free_block, *first;
    char *a;

    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    first = h->arena.first;
    EXPECT_ASSERT(block_split(first, block_size(first) - 8)); /* the rest would be 8 bytes */
    EXPECT_ASSERT(block_split(first, 12));                    /* not a multiple of 8 */
    a = fl_alloc(pool_a, 40);
    CHECK(a != NULL);
    used = block_from_payload(a);
    free_block = block_next(used);
    EXPECT_ASSERT(block_prev(used)); /* P is set: the word below is the user's */
    EXPECT_ASSERT(block_coalesce(&h->arena, used, &no_index_table));
    EXPECT_ASSERT(block_release(&h->arena, free_block, &no_index_table));
    EXPECT_ASSERT(block_use(&h->arena, used, block_size(used), &no_index_table));
    EXPECT_ASSERT(block_use(&h->arena, free_block, block_size(free_block) + 8, &no_index_table));
    EXPECT_ASSERT(block_trim(&h->arena, free_block, BLOCK_MIN_SIZE, &no_index_table));
    EXPECT_ASSERT(block_absorb_next(free_block));
    EXPECT_ASSERT(block_size_fits(&h->arena, (block_t *)((char *)h->arena.end - 8), 8));
    CHECK(fl_check(pool_a) == FL_OK); /* every check fired before anything was written */
}

int main(void)
{
    RUN_TEST(init_lays_one_free_block);
    RUN_TEST(a_block_in_use_costs_one_header_word);
    RUN_TEST(blocks_are_aligned_inside_and_disjoint);
    RUN_TEST(free_coalesces_with_both_neighbours);
    RUN_TEST(churn_keeps_every_policy_intact);
    RUN_TEST(lifo_reuses_the_block_freed_last);
    RUN_TEST(next_fit_resumes_where_it_stopped);
    RUN_TEST(first_fit_and_best_fit_end_differently);
    RUN_TEST(aligned_alloc_honours_alignment_and_frees);
    RUN_TEST(calloc_zeroes);
    RUN_TEST(realloc_shrinks_and_grows_in_place_else_moves);
    RUN_TEST(realloc_keeps_alignment);
    RUN_TEST(stats_track_largest_and_peak);
    RUN_TEST(walk_visits_every_block);
    RUN_TEST(init_refuses_null_misaligned_small_and_unknown_policy);
    RUN_TEST(init_refuses_a_buffer_that_wraps_before_touching_it);
    RUN_TEST(uninitialised_or_null_heap_is_refused);
    RUN_TEST(free_refuses_pointers_outside_the_heap);
    RUN_TEST(free_refuses_pointers_off_a_payload);
    RUN_TEST(double_free_is_refused_with_a_diagnostic);
    RUN_TEST(realloc_of_a_freed_pointer_is_refused);
    RUN_TEST(size_zero_and_sizes_near_size_max_are_refused);
    RUN_TEST(alignment_not_a_power_of_two_is_refused);
    RUN_TEST(overwritten_header_is_caught_by_free_and_check);
    RUN_TEST(overwritten_free_block_is_caught_by_check);
    RUN_TEST(cyclic_free_list_is_reported_not_followed);
    RUN_TEST(walk_refuses_a_header_that_reaches_past_the_heap);
    RUN_TEST(block_layer_invariants_are_checked);
    RUN_TEST(damage_a_one_byte_overflow_into_the_next_header_is_always_caught);
    RUN_TEST(damage_a_write_after_free_into_the_links_is_caught);
    RUN_TEST(damage_the_address_below_an_aligned_block_is_not_its_payload);
    return kit_test_finish();
}
