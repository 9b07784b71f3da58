/*
 * Bad-input matrix of stage 5 (the k_malloc family): the cells of
 * tests/matrix/matrix.txt that the unit tests do not cover. Each test makes
 * one kind of bad call on every function it concerns, checks the defined
 * answer, and ends with the system heap intact and as it started. One
 * thread, host only.
 */
#include <string.h>
#include <unistd.h>

#include "block.h"
#include "kernel.h"
#include "kit_diag.h"
#include "kit_test.h"
#include "kmalloc.h"
#include "los_memory.h"

K_HEAP_DEFINE(mine, 2048);

static size_t used_blocks(struct k_heap *h)
{
    LOS_MEM_POOL_STATUS s;
    return LOS_MemInfoGet(h->heap.pool, &s) == LOS_OK ? s.usedNodeNum : SIZE_MAX;
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

/* Both heaps intact and empty, and the system heap hands out and takes back
 * small blocks. */
static int heaps_still_work(void)
{
    void *blocks[CONFIG_HEAP_MEM_POOL_SIZE / 32];
    size_t got = 0;

    if (!sys_heap_validate(&_system_heap.heap) || !sys_heap_validate(&mine.heap) ||
        used_blocks(&_system_heap) != 0 || used_blocks(&mine) != 0) {
        return 0;
    }
    while (got < sizeof blocks / sizeof blocks[0] && (blocks[got] = k_malloc(24)) != NULL) {
        got++;
    }
    if (got < 8) {
        return 0;
    }
    while (got > 0) {
        k_free(blocks[--got]);
    }
    return used_blocks(&_system_heap) == 0 && sys_heap_validate(&_system_heap.heap);
}

TEST(size_zero_gets_a_block_and_near_size_max_null)
{
    static const size_t huge[] = { SIZE_MAX, SIZE_MAX - 7, (size_t)UINT32_MAX + 1, UINT32_MAX };
    void *none[5];
    char *p;

    k_thread_heap_assign(k_current_get(), &mine);
    p = k_malloc(40);
    CHECK(p != NULL);
    memset(p, 9, 40);
    /* Size 0, as in Zephyr: a block that holds the heap pointer. */
    none[0] = k_aligned_alloc(64, 0);
    none[1] = k_calloc(0, 8);
    none[2] = k_calloc(8, 0);
    none[3] = z_thread_malloc(0);
    none[4] = z_thread_aligned_alloc(64, 0);
    for (unsigned i = 0; i < 5; i++) {
        CHECK_MSG(none[i] != NULL, "size 0, call %u", i);
    }
    CHECK_EQ((uintptr_t)none[0] % 64, 0);
    CHECK_EQ((uintptr_t)none[4] % 64, 0);
    CHECK_EQ(used_blocks(&_system_heap), 4);
    CHECK_EQ(used_blocks(&mine), 2);
    for (unsigned i = 0; i < 5; i++) {
        k_free(none[i]);
    }
    for (unsigned i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        CHECK_MSG(k_realloc(p, huge[i]) == NULL, "realloc %#zx", huge[i]);
        CHECK_MSG(z_thread_malloc(huge[i]) == NULL, "thread malloc %#zx", huge[i]);
        CHECK_MSG(z_thread_aligned_alloc(64, huge[i]) == NULL, "thread aligned %#zx", huge[i]);
    }
    CHECK(filled(p, 40, 9));
    CHECK_EQ(used_blocks(&_system_heap), 1);
    CHECK_EQ(used_blocks(&mine), 0);
    k_free(p);
    k_thread_heap_assign(k_current_get(), NULL);
    CHECK(heaps_still_work());
}

TEST(realloc_of_a_freed_or_overwritten_block_is_refused)
{
    unsigned char *p, *q, *keep;
    struct k_heap *saved;
    unsigned diags;

    p = k_malloc(40);
    q = k_malloc(40);
    keep = k_malloc(40);
    CHECK(p && q && keep);
    memset(q, 0xee, 40);
    k_free(p);
    diags = kit_diag_count;
    CHECK(k_realloc(p, 60) == NULL);
    CHECK_EQ(kit_diag_count, diags + 1);
    saved = ((struct k_heap **)(void *)q)[-1];
    ((struct k_heap **)(void *)q)[-1] = &mine; /* a known heap, but not this block's */
    CHECK(k_realloc(q, 80) == NULL);
    ((struct k_heap **)(void *)q)[-1] = (struct k_heap *)(uintptr_t)0x1000;
    CHECK(k_realloc(q, 80) == NULL);
    CHECK_EQ(kit_diag_count, diags + 3);
    ((struct k_heap **)(void *)q)[-1] = saved;
    CHECK(filled(q, 40, 0xee));
    CHECK_EQ(used_blocks(&_system_heap), 2);
    k_free(q);
    k_free(keep);
    CHECK(heaps_still_work());
}

TEST(damage_is_reported_by_validate)
{
    void *a, *b;
    block_t *f, saved;

    a = k_malloc(100);
    b = k_malloc(100);
    CHECK(a && b);
    k_free(a);
    f = block_from_payload((char *)a - sizeof(void *)); /* the heap's block */
    saved = *f;
    f->next_free = f;
    CHECK(!sys_heap_validate(&_system_heap.heap));
    *f = saved;
    CHECK(sys_heap_validate(&_system_heap.heap));
    k_free(b);
    CHECK(heaps_still_work());
}

TEST(pool_assignment_bad_input)
{
    static struct k_heap zero; /* never initialised */
    unsigned diags = kit_diag_count;
    k_ticks_t before;

    k_thread_system_pool_assign(NULL);
    CHECK_EQ(kit_diag_count, diags + 1);
    k_thread_heap_assign(k_current_get(), NULL); /* no pool */
    CHECK(z_thread_malloc(16) == NULL);
    CHECK(z_thread_aligned_alloc(64, 16) == NULL);
    k_thread_heap_assign(k_current_get(), &zero);
    before = k_uptime_ticks();
    CHECK(z_thread_malloc(16) == NULL);
    CHECK(z_thread_aligned_alloc(64, 16) == NULL);
    CHECK(k_uptime_ticks() - before < K_MSEC(200).ticks); /* at once */
    k_thread_heap_assign(k_current_get(), NULL);
    CHECK(heaps_still_work());
}

int main(void)
{
    alarm(20); /* a call that loops for ever fails the run instead of hanging it */
    RUN_TEST(size_zero_gets_a_block_and_near_size_max_null);
    RUN_TEST(realloc_of_a_freed_or_overwritten_block_is_refused);
    RUN_TEST(damage_is_reported_by_validate);
    RUN_TEST(pool_assignment_bad_input);
    return kit_test_finish();
}
