/*
 * Bad-input matrix of stage 4 (k_heap and the sys_heap layer under it): the
 * cells of tests/matrix/matrix.txt that the unit tests do not cover. Each
 * test makes one kind of bad call on every function it concerns, checks the
 * defined answer, and ends with the heap intact and working. One thread,
 * host only; waiting is the unit tests' business.
 */
#include <string.h>

#include "kernel.h"
#include "kheap.h"
#include "kit_diag.h"
#include "kit_test.h"
#include "los_memory.h"
#include "matrix_capture.h"

#define HEAP_BYTES 4096u

static uint64_t mem[HEAP_BYTES / 8];
static uint64_t raw[HEAP_BYTES / 8];
static uint64_t elsewhere[8];
static struct k_heap heap;

static void fresh_heap(void)
{
    memset(raw, 0x5a, sizeof raw);
    k_heap_init(&heap, mem, HEAP_BYTES);
}

static uint32_t used_blocks(struct sys_heap *h)
{
    LOS_MEM_POOL_STATUS s;
    return LOS_MemInfoGet(h->pool, &s) == LOS_OK ? s.usedNodeNum : UINT32_MAX;
}

static int filled(const void *p, size_t n, unsigned char v)
{
    for (size_t i = 0; i < n; i++) {
        if (((const unsigned char *)p)[i] != v) {
            return 0;
        }
    }
    return 1;
}

/* Intact, and the free space can be taken in small blocks and given back. */
static int heap_still_works(void)
{
    void *blocks[HEAP_BYTES / 16];
    uint32_t before = used_blocks(&heap.heap), got = 0;

    if (!sys_heap_validate(&heap.heap)) {
        return 0;
    }
    while ((blocks[got] = k_heap_alloc(&heap, 24, K_NO_WAIT)) != NULL) {
        got++;
    }
    if (got < 8) {
        return 0;
    }
    while (got > 0) {
        k_heap_free(&heap, blocks[--got]);
    }
    return used_blocks(&heap.heap) == before && sys_heap_validate(&heap.heap);
}

/* Every call on a heap that cannot allocate answers NULL at once, whatever
 * its timeout, or does nothing. */
static int heap_refuses_everything(struct k_heap *h)
{
    void *good = k_heap_alloc(&heap, 32, K_NO_WAIT);
    k_ticks_t before = k_uptime_ticks();
    int ok = good != NULL;

    memset(good, 0xee, 32);
    ok = ok && k_heap_alloc(h, 8, K_NO_WAIT) == NULL;
    ok = ok && k_heap_alloc(h, 8, K_FOREVER) == NULL;
    ok = ok && k_heap_aligned_alloc(h, 64, 8, K_MSEC(500)) == NULL;
    ok = ok && k_heap_calloc(h, 2, 8, K_FOREVER) == NULL;
    ok = ok && k_heap_realloc(h, NULL, 8, K_FOREVER) == NULL;
    ok = ok && k_heap_realloc(h, good, 64, K_MSEC(500)) == NULL;
    ok = ok && k_uptime_ticks() - before < K_MSEC(200).ticks;
    k_heap_free(h, good); /* another heap's block: nothing happens */
    k_heap_free(h, &elsewhere[2]);
    ok = ok && filled(good, 32, 0xee) && used_blocks(&heap.heap) == 1;
    k_heap_free(&heap, good);
    return ok;
}

TEST(a_failed_heap_answers_null_at_once)
{
    struct {
        void *buf;
        size_t bytes;
    } bad[] = {
        { NULL, HEAP_BYTES }, { (char *)raw + 4, HEAP_BYTES - 8 }, { raw, 16 }, { raw, 0 },
        { raw, SIZE_MAX },
    };
    struct k_heap h;

    fresh_heap();
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        k_heap_init(&h, bad[i].buf, bad[i].bytes);
        CHECK_MSG(heap_refuses_everything(&h), "buffer %u: a call was not refused at once", i);
    }
    CHECK(filled(raw, sizeof raw, 0x5a)); /* nothing written */
    CHECK(heap_still_works());
}

TEST(a_null_heap_is_refused_with_a_diagnostic)
{
    unsigned diags;
    void *good;

    fresh_heap();
    good = k_heap_alloc(&heap, 32, K_NO_WAIT);
    diags = kit_diag_count;
    k_heap_init(NULL, raw, sizeof raw);
    CHECK(k_heap_alloc(NULL, 8, K_FOREVER) == NULL);
    CHECK(k_heap_aligned_alloc(NULL, 64, 8, K_FOREVER) == NULL);
    CHECK(k_heap_calloc(NULL, 2, 8, K_FOREVER) == NULL);
    CHECK(k_heap_realloc(NULL, good, 64, K_FOREVER) == NULL);
    k_heap_free(NULL, good);
    CHECK_EQ(kit_diag_count, diags + 6);
    CHECK(filled(raw, sizeof raw, 0x5a));
    CHECK_EQ(used_blocks(&heap.heap), 1);
    k_heap_free(&heap, good);
    CHECK(heap_still_works());
}

TEST(a_zero_filled_heap_answers_null_at_once)
{
    static struct k_heap zero;

    fresh_heap();
    CHECK(heap_refuses_everything(&zero));
    CHECK(heap_still_works());
}

TEST(k_heap_sizes_zero_and_near_size_max)
{
    static const size_t huge[] = { SIZE_MAX, SIZE_MAX - 7, (size_t)UINT32_MAX + 1, UINT32_MAX,
                                   HEAP_BYTES };
    k_ticks_t before;
    char *p;

    fresh_heap();
    p = k_heap_alloc(&heap, 40, K_NO_WAIT);
    CHECK(p != NULL);
    memset(p, 9, 40);
    before = k_uptime_ticks();
    CHECK(k_heap_aligned_alloc(&heap, 16, 0, K_FOREVER) == NULL);
    CHECK(k_heap_calloc(&heap, 0, 8, K_FOREVER) == NULL);
    CHECK(k_heap_calloc(&heap, 8, 0, K_FOREVER) == NULL);
    for (unsigned i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        CHECK_MSG(k_heap_alloc(&heap, huge[i], K_MSEC(200)) == NULL, "alloc %#zx", huge[i]);
        CHECK_MSG(k_heap_aligned_alloc(&heap, 64, huge[i], K_MSEC(200)) == NULL, "aligned %#zx",
                  huge[i]);
        CHECK_MSG(k_heap_realloc(&heap, p, huge[i], K_NO_WAIT) == NULL, "realloc %#zx", huge[i]);
    }
    CHECK(k_uptime_ticks() - before < K_MSEC(2000).ticks); /* not one wait per call */
    CHECK(filled(p, 40, 9));
    CHECK_EQ(used_blocks(&heap.heap), 1);
    k_heap_free(&heap, p);
    CHECK(heap_still_works());
}

TEST(k_heap_realloc_to_zero_frees)
{
    void *p, *keep;

    fresh_heap();
    p = k_heap_alloc(&heap, 40, K_NO_WAIT);
    keep = k_heap_alloc(&heap, 40, K_NO_WAIT);
    CHECK(p != NULL && keep != NULL);
    CHECK(k_heap_realloc(&heap, p, 0, K_NO_WAIT) == NULL);
    CHECK_EQ(used_blocks(&heap.heap), 1);
    k_heap_free(&heap, keep);
    CHECK(heap_still_works());
}

TEST(k_heap_freed_or_damaged_blocks_are_refused)
{
    char *a, *b, *c;
    block_t *hb, *fa, saved_free;
    size_t saved;
    unsigned diags;

    fresh_heap();
    a = k_heap_alloc(&heap, 40, K_NO_WAIT);
    b = k_heap_alloc(&heap, 40, K_NO_WAIT);
    c = k_heap_alloc(&heap, 40, K_NO_WAIT);
    CHECK(a && b && c);
    memset(b, 0xee, 40);
    k_heap_free(&heap, a);
    diags = kit_diag_count;
    k_heap_free(&heap, a);                                  /* a double free */
    CHECK(k_heap_realloc(&heap, a, 80, K_NO_WAIT) == NULL); /* realloc of a freed block */
    CHECK_EQ(kit_diag_count, diags + 2);
    CHECK_EQ(used_blocks(&heap.heap), 2);

    hb = block_from_payload(b); /* b's header overwritten */
    saved = hb->size_flags;
    hb->size_flags = 0xdeadbeef;
    diags = kit_diag_count;
    CHECK(k_heap_realloc(&heap, b, 100, K_NO_WAIT) == NULL);
    k_heap_free(&heap, b);
    CHECK_EQ(kit_diag_count, diags + 2);
    CHECK(!sys_heap_validate(&heap.heap));
    hb->size_flags = saved;
    CHECK(filled(b, 40, 0xee));

    fa = block_from_payload(a); /* a free block's link overwritten */
    saved_free = *fa;
    fa->next_free = fa;
    CHECK(!sys_heap_validate(&heap.heap));
    *fa = saved_free;
    CHECK(heap_still_works());
    k_heap_free(&heap, b);
    k_heap_free(&heap, c);
    CHECK_EQ(used_blocks(&heap.heap), 0);
    CHECK(heap_still_works());
}

TEST(sys_heap_bad_buffer_or_zero_heap)
{
    struct sys_heap h, zero;
    struct sys_memory_stats st;
    void *bufs[] = { NULL, (char *)raw + 4, raw };
    size_t sizes[] = { HEAP_BYTES, HEAP_BYTES - 8, 16 };
    unsigned diags;

    fresh_heap();
    memset(&zero, 0, sizeof zero);
    for (unsigned i = 0; i < 3; i++) {
        CHECK(!sys_heap_init(&h, bufs[i], sizes[i]));
    }
    CHECK(!sys_heap_init(&h, raw, 0));
    diags = kit_diag_count;
    CHECK(!sys_heap_init(&h, raw, SIZE_MAX)); /* more than a pool can hold */
    CHECK_EQ(kit_diag_count, diags + 1);
    CHECK(filled(raw, sizeof raw, 0x5a));
    struct sys_heap *refusing[] = { &h, &zero };
    for (unsigned i = 0; i < 2; i++) {
        struct sys_heap *r = refusing[i];
        memset(&st, 0x77, sizeof st);
        CHECK(sys_heap_alloc(r, 8) == NULL);
        CHECK(sys_heap_aligned_alloc(r, 64, 8) == NULL);
        CHECK(sys_heap_realloc(r, NULL, 8) == NULL);
        CHECK(!sys_heap_free(r, &elsewhere[2]));
        CHECK(!sys_heap_validate(r));
        CHECK_EQ(sys_heap_runtime_stats_get(r, &st), -EINVAL);
        CHECK(filled(&st, sizeof st, 0x77));
    }
    CHECK_EQ(sys_heap_runtime_stats_get(NULL, &st), -EINVAL);
    CHECK_EQ(sys_heap_runtime_stats_get(&heap.heap, NULL), -EINVAL);
    CHECK(heap_still_works());
}

TEST(sys_heap_bad_sizes_and_alignments)
{
    static const size_t huge[] = { SIZE_MAX, SIZE_MAX - 7, (size_t)UINT32_MAX + 1, UINT32_MAX };
    static const size_t bad_align[] = { 3, 6, 7, 56, 100, SIZE_MAX }; /* 24 = 16 | 8 is a rewind */
    struct sys_heap *h = &heap.heap;
    unsigned diags;
    char *p;

    fresh_heap();
    p = sys_heap_alloc(h, 40);
    CHECK(p != NULL);
    memset(p, 9, 40);
    CHECK(sys_heap_alloc(h, 0) == NULL);
    CHECK(sys_heap_aligned_alloc(h, 64, 0) == NULL);
    for (unsigned i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        CHECK_MSG(sys_heap_alloc(h, huge[i]) == NULL, "alloc %#zx", huge[i]);
        CHECK_MSG(sys_heap_aligned_alloc(h, 64, huge[i]) == NULL, "aligned %#zx", huge[i]);
        CHECK_MSG(sys_heap_realloc(h, p, huge[i]) == NULL, "realloc %#zx", huge[i]);
    }
    CHECK(filled(p, 40, 9));
    for (unsigned i = 0; i < sizeof bad_align / sizeof bad_align[0]; i++) {
        diags = kit_diag_count;
        CHECK_MSG(sys_heap_aligned_alloc(h, bad_align[i], 8) == NULL, "align %zu", bad_align[i]);
        CHECK_EQ(kit_diag_count, diags + 1);
    }
    CHECK_EQ(used_blocks(h), 1);
    CHECK(sys_heap_realloc(h, p, 0) == NULL); /* frees */
    CHECK_EQ(used_blocks(h), 0);
    CHECK(heap_still_works());
}

TEST(sys_heap_bad_pointers_and_damage)
{
    struct sys_heap *h = &heap.heap;
    struct sys_memory_stats st;
    char *a, *b;
    block_t *hb, *fa, saved_free;
    size_t saved;
    unsigned diags;

    fresh_heap();
    a = sys_heap_alloc(h, 40);
    b = sys_heap_alloc(h, 40);
    CHECK(a && b && sys_heap_alloc(h, 40) != NULL);
    memset(b, 0xee, 40);
    diags = kit_diag_count;
    CHECK(!sys_heap_free(h, NULL));
    CHECK_EQ(kit_diag_count, diags); /* NULL is refused quietly */
    CHECK(!sys_heap_free(h, &elsewhere[2]));
    CHECK(!sys_heap_free(h, b + 8));
    CHECK(sys_heap_realloc(h, &elsewhere[2], 8) == NULL);
    CHECK_EQ(kit_diag_count, diags + 3);
    CHECK(sys_heap_free(h, a));
    CHECK(!sys_heap_free(h, a));              /* a double free */
    CHECK(sys_heap_realloc(h, a, 8) == NULL); /* realloc of a freed block */
    CHECK_EQ(kit_diag_count, diags + 5);
    CHECK_EQ(used_blocks(h), 2);

    hb = block_from_payload(b);
    saved = hb->size_flags;
    hb->size_flags = 0xdeadbeef;
    memset(&st, 0x77, sizeof st);
    diags = kit_diag_count;
    CHECK(!sys_heap_free(h, b));
    CHECK(sys_heap_realloc(h, b, 100) == NULL);
    CHECK(!sys_heap_validate(h));
    CHECK_EQ(sys_heap_runtime_stats_get(h, &st), -EINVAL);
    CHECK(filled(&st, sizeof st, 0x77));
    CHECK(kit_diag_count >= diags + 3);
    hb->size_flags = saved;
    CHECK(filled(b, 40, 0xee));

    fa = block_from_payload(a);
    saved_free = *fa;
    fa->next_free = fa;
    CHECK(!sys_heap_validate(h));
    *fa = saved_free;
    CHECK(heap_still_works());
}

TEST(sys_heap_rewind_bad_input)
{
    static const size_t huge[] = { SIZE_MAX, (size_t)UINT32_MAX + 1, UINT32_MAX };
    static const size_t bad[] = { 3, 64 | 1, 64 | 2, 56, 96 | 8, SIZE_MAX };
    static struct sys_heap zero;
    struct sys_heap failed, *h = &heap.heap;
    unsigned diags;
    char *p;

    fresh_heap();
    CHECK(!sys_heap_init(&failed, (char *)raw + 4, 1024));
    CHECK(sys_heap_aligned_alloc(&failed, 64 | 8, 8) == NULL);
    CHECK(sys_heap_aligned_alloc(&zero, 64 | 8, 8) == NULL);
    CHECK(sys_heap_aligned_alloc(h, 64 | 8, 0) == NULL);
    for (unsigned i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        CHECK_MSG(sys_heap_aligned_alloc(h, 64 | 8, huge[i]) == NULL, "%#zx", huge[i]);
    }
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        diags = kit_diag_count;
        CHECK_MSG(sys_heap_aligned_alloc(h, bad[i], 8) == NULL, "align %#zx", bad[i]);
        CHECK_EQ(kit_diag_count, diags + 1);
    }
    CHECK_EQ(used_blocks(h), 0);
    p = sys_heap_aligned_alloc(h, 64 | 8, 40); /* and a good one works */
    CHECK(p != NULL && (uintptr_t)(p + 8) % 64 == 0);
    CHECK(sys_heap_free(h, p));
    CHECK(heap_still_works());
}

TEST(sys_heap_null_heap_is_refused_with_a_diagnostic)
{
    struct sys_memory_stats st;
    unsigned diags = kit_diag_count;

    fresh_heap();
    CHECK(!sys_heap_init(NULL, raw, sizeof raw));
    CHECK(sys_heap_alloc(NULL, 8) == NULL);
    CHECK(sys_heap_aligned_alloc(NULL, 64, 8) == NULL);
    CHECK(sys_heap_aligned_alloc(NULL, 64 | 8, 8) == NULL);
    CHECK(sys_heap_realloc(NULL, &elsewhere[2], 8) == NULL);
    CHECK(!sys_heap_free(NULL, &elsewhere[2]));
    CHECK(!sys_heap_validate(NULL));
    CHECK_EQ(kit_diag_count, diags + 7);
    CHECK_EQ(sys_heap_runtime_stats_get(NULL, &st), -EINVAL);
    CHECK(filled(raw, sizeof raw, 0x5a));
    CHECK(heap_still_works());
}

TEST(usable_size_is_zero_for_anything_but_a_block_in_use)
{
    static struct k_heap zero;
    static struct sys_heap zero_sys;
    struct k_heap failed;
    unsigned diags;
    char *p;

    fresh_heap();
    k_heap_init(&failed, (char *)raw + 4, 1024);
    p = k_heap_alloc(&heap, 40, K_NO_WAIT);
    CHECK(p != NULL);
    CHECK(z_k_heap_usable_size(&heap, p) >= 40);
    CHECK(sys_heap_usable_size(&heap.heap, p) >= 40);
    diags = kit_diag_count;
    CHECK_EQ(z_k_heap_usable_size(NULL, p), 0);
    CHECK_EQ(z_k_heap_usable_size(&failed, p), 0);
    CHECK_EQ(z_k_heap_usable_size(&zero, p), 0);
    CHECK_EQ(sys_heap_usable_size(&failed.heap, p), 0);
    CHECK_EQ(sys_heap_usable_size(&zero_sys, p), 0);
    CHECK_EQ(z_k_heap_usable_size(&heap, &elsewhere[2]), 0);
    CHECK_EQ(sys_heap_usable_size(&heap.heap, &elsewhere[2]), 0);
    CHECK_EQ(z_k_heap_usable_size(&heap, p + 8), 0);
    CHECK_EQ(kit_diag_count, diags); /* quiet, but for a NULL sys_heap */
    CHECK_EQ(sys_heap_usable_size(NULL, p), 0);
    CHECK_EQ(kit_diag_count, diags + 1);
    ((size_t *)p)[-1] ^= 1; /* a damaged header */
    CHECK_EQ(z_k_heap_usable_size(&heap, p), 0);
    ((size_t *)p)[-1] ^= 1;
    k_heap_free(&heap, p);
    CHECK_EQ(z_k_heap_usable_size(&heap, p), 0); /* freed */
    CHECK(heap_still_works());
}

int main(void)
{
    alarm(20); /* a call that loops for ever fails the run instead of hanging it */
    RUN_TEST(a_failed_heap_answers_null_at_once);
    RUN_TEST(a_null_heap_is_refused_with_a_diagnostic);
    RUN_TEST(a_zero_filled_heap_answers_null_at_once);
    RUN_TEST(k_heap_sizes_zero_and_near_size_max);
    RUN_TEST(k_heap_realloc_to_zero_frees);
    RUN_TEST(k_heap_freed_or_damaged_blocks_are_refused);
    RUN_TEST(sys_heap_bad_buffer_or_zero_heap);
    RUN_TEST(sys_heap_bad_sizes_and_alignments);
    RUN_TEST(sys_heap_bad_pointers_and_damage);
    RUN_TEST(sys_heap_rewind_bad_input);
    RUN_TEST(sys_heap_null_heap_is_refused_with_a_diagnostic);
    RUN_TEST(usable_size_is_zero_for_anything_but_a_block_in_use);
    return kit_test_finish();
}
