/*
 * Lab 2 graded tests: split, coalesce and the three fit searches of the
 * free-list heap. Each test is one graded part; labs/lab2/points gives its
 * points. Sizes are written through block_size_for() so the same tests hold
 * on the 32-bit target and a 64-bit host.
 */
#include <string.h>

#include "freelist.h"
#include "kit_test.h"

#define POOL_BYTES 2048u

static uint64_t pool[POOL_BYTES / 8];

static fl_stats_t stats(void)
{
    fl_stats_t s = { 0 };
    fl_stats_get(pool, &s);
    return s;
}

static void fresh(fl_fit_t fit, fl_order_t order)
{
    memset(pool, 0, sizeof pool);
    fl_init(pool, POOL_BYTES, fit, order);
}

/* Take everything that is left in one block. */
static void *take_the_rest(void)
{
    return fl_alloc(pool, stats().largest_free - BLOCK_HEADER_SIZE);
}

TEST(split_keeps_the_front_and_frees_the_rest)
{
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    size_t total = stats().total_bytes;
    char *p = fl_alloc(pool, 40);
    CHECK(p != NULL);
    CHECK_EQ(block_size(block_from_payload(p)), block_size_for(40));
    CHECK_EQ(stats().used_bytes, block_size_for(40));
    CHECK_EQ(stats().free_blocks, 1);
    CHECK_EQ(stats().largest_free, total - block_size_for(40));
    char *q = fl_alloc(pool, 100);
    CHECK(q == p + block_size_for(40));
    CHECK_EQ(stats().largest_free, total - block_size_for(40) - block_size_for(100));
    CHECK_EQ(fl_check(pool), FL_OK);
}

TEST(split_rest_has_flags_and_footer)
{
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    char *p = fl_alloc(pool, 24);
    CHECK(p != NULL);
    block_t *b = block_from_payload(p);
    block_t *rest = block_next(b);
    CHECK_MSG(block_is_used(b), "the allocated block lost its U flag");
    CHECK_MSG(!block_is_used(rest), "the rest is marked used");
    CHECK_MSG(block_is_prev_used(rest), "the rest's P flag is clear, but the block before is used");
    CHECK_EQ(((size_t *)block_next(rest))[-1], block_size(rest));
    CHECK_EQ(block_size(b) + block_size(rest), stats().total_bytes);
    CHECK_EQ(fl_check(pool), FL_OK);
}

TEST(coalesce_with_the_next_block)
{
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    void *a = fl_alloc(pool, 40);
    void *b = fl_alloc(pool, 40);
    CHECK(a && b);
    CHECK_EQ(fl_free(pool, b), FL_OK); /* b meets the free end */
    CHECK_EQ(stats().free_blocks, 1);
    CHECK_EQ(stats().largest_free, stats().total_bytes - block_size_for(40));
    CHECK_EQ(fl_check(pool), FL_OK);
    CHECK_EQ(fl_free(pool, a), FL_OK);
    CHECK_EQ(stats().free_blocks, 1);
    CHECK_EQ(stats().largest_free, stats().total_bytes);
    CHECK_EQ(fl_check(pool), FL_OK);
}

TEST(coalesce_with_the_previous_block)
{
    fresh(FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    void *a = fl_alloc(pool, 40);
    void *b = fl_alloc(pool, 40);
    void *c = fl_alloc(pool, 40);
    CHECK(a && b && c);
    fl_free(pool, a);
    CHECK_EQ(fl_free(pool, b), FL_OK); /* b meets a */
    CHECK_EQ(stats().free_blocks, 2);
    CHECK_EQ(fl_check(pool), FL_OK);
    CHECK(fl_alloc(pool, 2 * block_size_for(40) - BLOCK_HEADER_SIZE) == a);
    CHECK_EQ(fl_check(pool), FL_OK);
}

TEST(coalesce_with_both_neighbours)
{
    fresh(FL_BEST_FIT, FL_LIFO);
    void *a = fl_alloc(pool, 40);
    void *b = fl_alloc(pool, 40);
    void *c = fl_alloc(pool, 40);
    void *d = fl_alloc(pool, 40);
    CHECK(a && b && c && d);
    fl_free(pool, a);
    fl_free(pool, c);
    CHECK_EQ(stats().free_blocks, 3);
    CHECK_EQ(fl_free(pool, b), FL_OK); /* a, b and c become one */
    CHECK_EQ(stats().free_blocks, 2);
    CHECK_EQ(stats().largest_free, stats().total_bytes - 4 * block_size_for(40));
    CHECK_EQ(fl_check(pool), FL_OK);
    CHECK(fl_alloc(pool, 3 * block_size_for(40) - BLOCK_HEADER_SIZE) == a);
    CHECK_EQ(fl_free(pool, d), FL_OK);
    CHECK_EQ(fl_check(pool), FL_OK);
}

/* Holes of 100, 40 and 100 bytes at rising addresses, then the free end. */
static void *holes[3];
static void make_holes(fl_fit_t fit)
{
    static const size_t sizes[3] = { 100, 40, 100 };
    fresh(fit, FL_ADDRESS_ORDERED);
    for (int i = 0; i < 3; i++) {
        holes[i] = fl_alloc(pool, sizes[i]);
        fl_alloc(pool, 8);
    }
    for (int i = 0; i < 3; i++) {
        fl_free(pool, holes[i]);
    }
}

TEST(first_fit_takes_the_lowest_block_that_fits)
{
    make_holes(FL_FIRST_FIT);
    CHECK_EQ(stats().free_blocks, 4);
    CHECK(fl_alloc(pool, 40) == holes[0]);  /* not the exact 40 hole */
    CHECK(fl_alloc(pool, 100) == holes[2]); /* the first left that fits */
    CHECK(fl_alloc(pool, 40) == (char *)holes[0] + block_size_for(40)); /* hole 0's rest */
    CHECK_EQ(fl_check(pool), FL_OK);
}

TEST(best_fit_takes_the_smallest_block_that_fits)
{
    make_holes(FL_BEST_FIT);
    CHECK(fl_alloc(pool, 40) == holes[1]);  /* the exact hole */
    CHECK(fl_alloc(pool, 90) == holes[0]);  /* two equal holes: the first */
    CHECK(fl_alloc(pool, 100) == holes[2]); /* not the larger free end */
    CHECK_EQ(stats().free_blocks, 1);
    CHECK(fl_alloc(pool, 8) > (void *)holes[2]);
    CHECK_EQ(fl_check(pool), FL_OK);
}

TEST(next_fit_resumes_after_the_last_block_taken)
{
    make_holes(FL_NEXT_FIT);
    void *end = fl_alloc(pool, 40); /* the last split left the rover on the end */
    CHECK(end > (void *)holes[2]);
    CHECK(take_the_rest() != NULL); /* the end is gone: wrap to the start */
    CHECK(fl_alloc(pool, 16) == holes[0]);
    void *next = fl_alloc(pool, 40); /* resumes on the rest of hole 0 */
    CHECK(next > (void *)holes[0] && next < (void *)holes[1]);
    CHECK(fl_alloc(pool, 100) == holes[2]);
    CHECK(fl_alloc(pool, 40) == holes[1]); /* wraps past the end again */
    CHECK_EQ(fl_check(pool), FL_OK);
}

/* Holes for 40 bytes (low) and 16 bytes (high), nothing else free; then
 * requests of 16 and 40. Returns how many of the two succeeded. */
static int holes_for_40_and_16(fl_fit_t fit)
{
    fresh(fit, FL_ADDRESS_ORDERED);
    void *a = fl_alloc(pool, 40);
    fl_alloc(pool, 8);
    void *b = fl_alloc(pool, 16);
    if (take_the_rest() == NULL || stats().free_blocks != 0) {
        return -1;
    }
    fl_free(pool, a);
    fl_free(pool, b);
    return (fl_alloc(pool, 16) != NULL) + (fl_alloc(pool, 40) != NULL);
}

TEST(first_fit_and_best_fit_end_differently)
{
    CHECK_EQ(holes_for_40_and_16(FL_FIRST_FIT), 1);
    CHECK_EQ(fl_check(pool), FL_OK);
    CHECK_EQ(holes_for_40_and_16(FL_BEST_FIT), 2);
    CHECK_EQ(stats().free_blocks, 0);
    CHECK_EQ(fl_check(pool), FL_OK);
}

static uint32_t seed;
static uint32_t next_random(void)
{
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
}

TEST(every_policy_survives_churn)
{
    static void *live[24];
    for (int policy = 0; policy < 6; policy++) {
        unsigned allocated = 0;
        fresh((fl_fit_t)(policy % 3), (fl_order_t)(policy / 3));
        memset(live, 0, sizeof live);
        seed = 2024u + (uint32_t)policy;
        for (int step = 0; step < 400; step++) {
            uint32_t i = next_random() % 24;
            if (live[i] != NULL) {
                CHECK_EQ(fl_free(pool, live[i]), FL_OK);
                live[i] = NULL;
            } else {
                live[i] = fl_alloc(pool, 1 + next_random() % 120);
                allocated += live[i] != NULL;
            }
            CHECK_MSG(fl_check(pool) == FL_OK, "policy %d, step %d", policy, step);
        }
        CHECK_MSG(allocated >= 150, "policy %d: only %u allocations succeeded", policy, allocated);
        for (int i = 0; i < 24; i++) {
            CHECK_EQ(fl_free(pool, live[i]), FL_OK);
        }
        CHECK_EQ(stats().free_blocks, 1);
        CHECK_EQ(stats().largest_free, stats().total_bytes);
    }
}

int main(void)
{
    RUN_TEST(split_keeps_the_front_and_frees_the_rest);
    RUN_TEST(split_rest_has_flags_and_footer);
    RUN_TEST(coalesce_with_the_next_block);
    RUN_TEST(coalesce_with_the_previous_block);
    RUN_TEST(coalesce_with_both_neighbours);
    RUN_TEST(first_fit_takes_the_lowest_block_that_fits);
    RUN_TEST(best_fit_takes_the_smallest_block_that_fits);
    RUN_TEST(next_fit_resumes_after_the_last_block_taken);
    RUN_TEST(first_fit_and_best_fit_end_differently);
    RUN_TEST(every_policy_survives_churn);
    return kit_test_finish();
}
