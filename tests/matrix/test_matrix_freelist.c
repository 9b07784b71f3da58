/*
 * Bad-input matrix of stage 2 (the free-list heap): the cells of
 * tests/matrix/matrix.txt that the unit tests do not cover. Each test makes
 * one kind of bad call on every function it concerns, checks the defined
 * answer, and ends with the heap intact and working. Host only.
 */
#include <string.h>

#include "freelist.h"
#include "kit_diag.h"
#include "kit_test.h"
#include "matrix_capture.h"

#define HEAP_BYTES 1024u

static uint64_t heap[HEAP_BYTES / 8];
static uint64_t raw[HEAP_BYTES / 8]; /* never initialised */

static void fresh_heap(void)
{
    memset(heap, 0, sizeof heap);
    memset(raw, 0x5a, sizeof raw);
    fl_init(heap, HEAP_BYTES, FL_FIRST_FIT, FL_ADDRESS_ORDERED);
}

static size_t used_blocks(void)
{
    fl_stats_t s;
    return fl_stats_get(heap, &s) == FL_OK ? s.used_blocks : SIZE_MAX;
}

static int filled(const unsigned char *p, size_t n, unsigned char v)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != v) {
            return 0;
        }
    }
    return 1;
}

/* Intact, and the free space can be taken in small blocks and given back. */
static int heap_still_works(void)
{
    void *blocks[HEAP_BYTES / 16];
    size_t before = used_blocks(), got = 0;

    if (fl_check(heap) != FL_OK) {
        return 0;
    }
    while ((blocks[got] = fl_alloc(heap, 24)) != NULL) {
        got++;
    }
    if (got < 4) {
        return 0;
    }
    while (got > 0) {
        if (fl_free(heap, blocks[--got]) != FL_OK) {
            return 0;
        }
    }
    return used_blocks() == before && fl_check(heap) == FL_OK;
}

TEST(init_refuses_size_zero_and_a_size_that_wraps)
{
    memset(raw, 0x5a, sizeof raw);
    CHECK_EQ(fl_init(raw, 0, FL_FIRST_FIT, FL_LIFO), FL_ERROR);
    CHECK_EQ(fl_init(raw, SIZE_MAX, FL_FIRST_FIT, FL_LIFO), FL_ERROR);
    CHECK_EQ(fl_init(raw, SIZE_MAX - 64, FL_BEST_FIT, FL_LIFO), FL_ERROR);
    CHECK(filled((unsigned char *)raw, sizeof raw, 0x5a)); /* untouched */
}

static unsigned visits;

static void count_visit(void *block, size_t size, bool used, void *arg)
{
    (void)block, (void)size, (void)used, (void)arg;
    visits++;
}

TEST(misaligned_heap_is_refused_everywhere)
{
    void *bads[] = { NULL, (char *)heap + 4 };
    fl_stats_t s;
    unsigned char *p;

    fresh_heap();
    p = fl_alloc(heap, 40);
    memset(p, 0xee, 40);
    for (unsigned i = 0; i < 2; i++) {
        void *bad = bads[i];
        unsigned diags = kit_diag_count;
        memset(&s, 0x77, sizeof s);
        CHECK(fl_alloc(bad, 8) == NULL);
        CHECK(fl_aligned_alloc(bad, 16, 8) == NULL);
        CHECK(fl_calloc(bad, 2, 8) == NULL);
        CHECK(fl_realloc(bad, NULL, 8) == NULL);
        CHECK(fl_realloc(bad, p, 80) == NULL);
        CHECK_EQ(fl_free(bad, p), FL_ERROR);
        CHECK_EQ(fl_stats_get(bad, &s), FL_ERROR);
        CHECK(filled((unsigned char *)&s, sizeof s, 0x77));
        CHECK_EQ(fl_check(bad), FL_ERROR);
        CHECK(kit_diag_count > diags);
        visits = 0;
        fl_walk(bad, count_visit, NULL);
        CHECK_EQ(visits, 0);
    }
    CHECK(filled(p, 40, 0xee));
    CHECK_EQ(used_blocks(), 1);
    CHECK_EQ(fl_free(heap, p), FL_OK);
    CHECK(heap_still_works());
}

TEST(realloc_to_zero_frees)
{
    void *p, *keep;

    fresh_heap();
    p = fl_alloc(heap, 40);
    keep = fl_alloc(heap, 40);
    CHECK(p != NULL && keep != NULL);
    CHECK(fl_realloc(heap, p, 0) == NULL);
    CHECK_EQ(used_blocks(), 1);
    CHECK_EQ(fl_free(heap, p), FL_ERROR); /* it is gone */
    CHECK_EQ(fl_free(heap, keep), FL_OK);
    CHECK(heap_still_works());
}

TEST(realloc_refuses_an_overwritten_header)
{
    static const size_t bad[] = { 0, 3, 0x10000, 0x1fff9 };
    unsigned char *a, *b;
    block_t *h;
    size_t saved;

    fresh_heap();
    a = fl_alloc(heap, 40);
    b = fl_alloc(heap, 40);
    CHECK(a != NULL && b != NULL);
    memset(b, 0xee, 40);
    h = block_from_payload(b);
    saved = h->size_flags;
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned diags = kit_diag_count;
        h->size_flags = bad[i];
        CHECK_MSG(fl_realloc(heap, b, 80) == NULL, "realloc took header %#zx", bad[i]);
        CHECK_MSG(fl_realloc(heap, b, 8) == NULL, "realloc took header %#zx", bad[i]);
        CHECK_EQ(kit_diag_count, diags + 2);
        h->size_flags = saved;
        CHECK(filled(b, 40, 0xee));
        CHECK_EQ(used_blocks(), 2);
    }
    CHECK(heap_still_works());
    CHECK_EQ(fl_free(heap, a), FL_OK);
    CHECK_EQ(fl_free(heap, b), FL_OK);
    CHECK(heap_still_works());
}

static void show(void *p)
{
    fl_show(p);
}

TEST(walk_and_show_of_a_bad_heap)
{
    void *bad[] = { NULL, (char *)heap + 4, raw };
    fresh_heap();
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        visits = 0;
        fl_walk(bad[i], count_visit, NULL);
        CHECK_EQ(visits, 0);
    }
    CHECK_EQ(first_not_one_line(show, bad, sizeof bad / sizeof bad[0], "not an initialised heap"),
             -1);
    CHECK(heap_still_works());
}

int main(void)
{
    alarm(20); /* a call that loops for ever fails the run instead of hanging it */
    RUN_TEST(init_refuses_size_zero_and_a_size_that_wraps);
    RUN_TEST(misaligned_heap_is_refused_everywhere);
    RUN_TEST(realloc_to_zero_frees);
    RUN_TEST(realloc_refuses_an_overwritten_header);
    RUN_TEST(walk_and_show_of_a_bad_heap);
    return kit_test_finish();
}
