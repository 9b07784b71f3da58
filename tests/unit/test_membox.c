/*
 * Unit tests of stage 1 (membox): normal use, then every bad input the API
 * defines an answer for. After each bad call the pool must pass its
 * integrity check and still hand out and take back every block.
 * Runs on the host and, unchanged, in QEMU.
 */
#include <stddef.h>
#include <string.h>

#include "kit_test.h"
#include "los_membox.h"

#define POOL_BYTES 512u
#define BLOCK_BYTES 20u

static uint64_t pool_a[POOL_BYTES / 8];
static uint64_t pool_b[POOL_BYTES / 8];

static uint32_t blocks_in(void *pool)
{
    uint32_t max, cnt, size;
    return LOS_MemboxStatisticsGet(pool, &max, &cnt, &size) == LOS_OK ? max : 0;
}

static uint32_t used_in(void *pool)
{
    uint32_t max, cnt, size;
    return LOS_MemboxStatisticsGet(pool, &max, &cnt, &size) == LOS_OK ? cnt : UINT32_MAX;
}

/* The pool is intact and every block can be taken and given back. */
static int pool_still_works(void *pool)
{
    void *blocks[POOL_BYTES / 8];
    uint32_t n = blocks_in(pool);
    uint32_t used = used_in(pool);
    uint32_t i, got = 0;

    if (LOS_MemboxIntegrityCheck(pool) != LOS_OK || n == 0) {
        return 0;
    }
    while ((blocks[got] = LOS_MemboxAlloc(pool)) != NULL) {
        got++;
    }
    if (got + used != n) {
        return 0;
    }
    for (i = 0; i < got; i++) {
        if (LOS_MemboxFree(pool, blocks[i]) != LOS_OK) {
            return 0;
        }
    }
    return used_in(pool) == used && LOS_MemboxIntegrityCheck(pool) == LOS_OK;
}

static void fresh_pools(void)
{
    memset(pool_a, 0, sizeof pool_a);
    memset(pool_b, 0, sizeof pool_b);
    LOS_MemboxInit(pool_a, POOL_BYTES, BLOCK_BYTES);
    LOS_MemboxInit(pool_b, POOL_BYTES, BLOCK_BYTES);
}

TEST(init_sizes_blocks_with_node_and_alignment)
{
    uint32_t max, cnt, size;
    CHECK_EQ(LOS_MemboxInit(pool_a, POOL_BYTES, BLOCK_BYTES), LOS_OK);
    CHECK_EQ(LOS_MemboxStatisticsGet(pool_a, &max, &cnt, &size), LOS_OK);
    CHECK_EQ(size, 32); /* 20 + 8-byte node, rounded up to 8 */
    CHECK_EQ(max, (POOL_BYTES - OS_MEMBOX_FIRST_OFFSET) / 32);
    CHECK_EQ(cnt, 0);
}

TEST(every_block_is_aligned_inside_and_distinct)
{
    void *seen[POOL_BYTES / 8];
    uint32_t n, i, j;
    fresh_pools();
    n = blocks_in(pool_a);
    for (i = 0; i < n; i++) {
        uintptr_t p = (uintptr_t)(seen[i] = LOS_MemboxAlloc(pool_a));
        CHECK(p != 0);
        CHECK_EQ(p % 8, 0);
        CHECK(p >= (uintptr_t)pool_a && p + BLOCK_BYTES <= (uintptr_t)pool_a + POOL_BYTES);
        for (j = 0; j < i; j++) {
            CHECK_MSG(p >= (uintptr_t)seen[j] + BLOCK_BYTES ||
                          p + BLOCK_BYTES <= (uintptr_t)seen[j],
                      "blocks %u and %u overlap", (unsigned)i, (unsigned)j);
        }
    }
    CHECK(LOS_MemboxAlloc(pool_a) == NULL);
    CHECK_EQ(used_in(pool_a), n);
    for (i = 0; i < n; i++) {
        CHECK_EQ(LOS_MemboxFree(pool_a, seen[i]), LOS_OK);
    }
    CHECK_EQ(used_in(pool_a), 0);
    CHECK_EQ(LOS_MemboxIntegrityCheck(pool_a), LOS_OK);
}

TEST(freed_block_is_reused_first)
{
    void *p, *q;
    fresh_pools();
    p = LOS_MemboxAlloc(pool_a);
    LOS_MemboxAlloc(pool_a);
    CHECK_EQ(LOS_MemboxFree(pool_a, p), LOS_OK);
    q = LOS_MemboxAlloc(pool_a);
    CHECK(q == p);
}

TEST(clr_zeroes_the_user_bytes_only)
{
    unsigned char *p, *q;
    fresh_pools();
    p = LOS_MemboxAlloc(pool_a);
    q = LOS_MemboxAlloc(pool_a);
    memset(p, 0xab, 24);
    memset(q, 0xcd, 24);
    LOS_MemboxClr(pool_a, p);
    for (int i = 0; i < 24; i++) {
        CHECK_EQ(p[i], 0);
        CHECK_EQ(q[i], 0xcd);
    }
    CHECK_EQ(LOS_MemboxIntegrityCheck(pool_a), LOS_OK);
}

/* A pool sized with LOS_MEMBOX_SIZE(size, n) holds n blocks: all n come
 * out, the next alloc gets NULL, and a pool one byte smaller holds n - 1. */
TEST(membox_size_holds_exactly_that_many_blocks)
{
    static const uint32_t sizes[] = { 1, 4, 8, 13, 0x20, 100 };
    static uint64_t pool[LOS_MEMBOX_SIZE(100, 3) / 8 + 1];
    void *got[3];

    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint32_t size = sizes[i];
        CHECK(LOS_MEMBOX_SIZE(size, 3) <= sizeof pool);
        CHECK_EQ(LOS_MemboxInit(pool, LOS_MEMBOX_SIZE(size, 3), size), LOS_OK);
        CHECK_EQ(blocks_in(pool), 3);
        for (int k = 0; k < 3; k++) {
            got[k] = LOS_MemboxAlloc(pool);
            CHECK(got[k] != NULL);
            memset(got[k], 0xa5, size);
        }
        CHECK(LOS_MemboxAlloc(pool) == NULL);
        CHECK_EQ(LOS_MemboxIntegrityCheck(pool), LOS_OK);
        CHECK_EQ(LOS_MemboxInit(pool, LOS_MEMBOX_SIZE(size, 3) - 1, size), LOS_OK);
        CHECK_EQ(blocks_in(pool), 2);
    }
    /* The case LiteOS-M's own sizing gets wrong here: 0x20 bytes, 3 blocks. */
    CHECK_EQ(LOS_MemboxInit(pool, LOS_MEMBOX_SIZE(0x20, 3), 0x20), LOS_OK);
    CHECK_EQ(blocks_in(pool), 3);
    CHECK_EQ(LOS_MEMBOX_SIZE(0x20, 1), OS_MEMBOX_FIRST_OFFSET + OS_MEMBOX_BLOCK_BYTES(0x20));
}

TEST(bad_init_null_pool)
{
    CHECK_EQ(LOS_MemboxInit(NULL, POOL_BYTES, BLOCK_BYTES), LOS_NOK);
}

TEST(bad_init_misaligned_pool)
{
    fresh_pools();
    CHECK_EQ(LOS_MemboxInit((char *)pool_b + 4, POOL_BYTES - 8, BLOCK_BYTES), LOS_NOK);
    CHECK(pool_still_works(pool_b));
}

TEST(bad_init_zero_block_size)
{
    fresh_pools();
    CHECK_EQ(LOS_MemboxInit(pool_b, POOL_BYTES, 0), LOS_NOK);
    CHECK(pool_still_works(pool_b));
}

TEST(bad_init_block_size_overflows)
{
    fresh_pools();
    CHECK_EQ(LOS_MemboxInit(pool_b, POOL_BYTES, UINT32_MAX), LOS_NOK);
    CHECK_EQ(LOS_MemboxInit(pool_b, POOL_BYTES, UINT32_MAX - 7), LOS_NOK);
    CHECK(pool_still_works(pool_b));
}

TEST(bad_init_pool_wraps_around_memory)
{
    /* a buffer at the top of the address space: its end would wrap to 0;
     * refused before anything is written, so the address is never touched */
    void *top = (void *)((UINTPTR_MAX - 63u) & ~(uintptr_t)7u);
    CHECK_EQ(LOS_MemboxInit(top, 128, BLOCK_BYTES), LOS_NOK);
    CHECK_EQ(LOS_MemboxInit(top, 64, 8), LOS_NOK);
}

TEST(bad_init_pool_too_small_for_one_block)
{
    fresh_pools();
    CHECK_EQ(LOS_MemboxInit(pool_b, OS_MEMBOX_FIRST_OFFSET + 31, BLOCK_BYTES), LOS_NOK);
    CHECK_EQ(LOS_MemboxInit(pool_b, 4, BLOCK_BYTES), LOS_NOK);
    CHECK(pool_still_works(pool_b));
    CHECK_EQ(LOS_MemboxInit(pool_b, OS_MEMBOX_FIRST_OFFSET + 32, BLOCK_BYTES), LOS_OK);
    CHECK_EQ(blocks_in(pool_b), 1);
}

TEST(bad_null_pool_everywhere)
{
    uint32_t max, cnt, size;
    fresh_pools();
    void *p = LOS_MemboxAlloc(pool_a);
    CHECK(LOS_MemboxAlloc(NULL) == NULL);
    CHECK_EQ(LOS_MemboxFree(NULL, p), LOS_NOK);
    LOS_MemboxClr(NULL, p);
    CHECK_EQ(LOS_MemboxStatisticsGet(NULL, &max, &cnt, &size), LOS_NOK);
    CHECK_EQ(LOS_MemboxStatisticsGet(pool_a, NULL, &cnt, &size), LOS_NOK);
    CHECK_EQ(LOS_MemboxIntegrityCheck(NULL), LOS_NOK);
    CHECK(pool_still_works(pool_a));
}

TEST(bad_pool_never_initialised)
{
    static uint64_t raw[64];
    memset(raw, 0x5a, sizeof raw);
    CHECK(LOS_MemboxAlloc(raw) == NULL);
    CHECK_EQ(LOS_MemboxFree(raw, (char *)raw + 64), LOS_NOK);
    CHECK_EQ(LOS_MemboxIntegrityCheck(raw), LOS_NOK);
}

TEST(bad_free_null_box)
{
    fresh_pools();
    CHECK_EQ(LOS_MemboxFree(pool_a, NULL), LOS_NOK);
    CHECK(pool_still_works(pool_a));
}

TEST(bad_free_pointer_outside_pool)
{
    uint64_t on_stack[4];
    fresh_pools();
    LOS_MemboxAlloc(pool_a);
    CHECK_EQ(LOS_MemboxFree(pool_a, &on_stack[1]), LOS_NOK);
    CHECK_EQ(LOS_MemboxFree(pool_a, (void *)((uintptr_t)pool_a + POOL_BYTES + 8)), LOS_NOK);
    CHECK_EQ(LOS_MemboxFree(pool_a, pool_a), LOS_NOK); /* the control structure */
    CHECK_EQ(used_in(pool_a), 1);
    CHECK(pool_still_works(pool_a));
}

TEST(bad_free_pointer_off_block_boundary)
{
    char *p;
    fresh_pools();
    p = LOS_MemboxAlloc(pool_a);
    CHECK_EQ(LOS_MemboxFree(pool_a, p + 8), LOS_NOK);
    CHECK_EQ(LOS_MemboxFree(pool_a, p + 1), LOS_NOK);
    CHECK_EQ(LOS_MemboxFree(pool_a, p - 8), LOS_NOK);
    CHECK_EQ(used_in(pool_a), 1);
    CHECK_EQ(LOS_MemboxFree(pool_a, p), LOS_OK);
    CHECK(pool_still_works(pool_a));
}

TEST(bad_double_free)
{
    void *p;
    fresh_pools();
    p = LOS_MemboxAlloc(pool_a);
    CHECK_EQ(LOS_MemboxFree(pool_a, p), LOS_OK);
    CHECK_EQ(LOS_MemboxFree(pool_a, p), LOS_NOK);
    CHECK_EQ(used_in(pool_a), 0);
    CHECK(pool_still_works(pool_a));
}

TEST(bad_free_block_never_allocated)
{
    fresh_pools();
    LOS_MemboxAlloc(pool_a);
    /* the second block's user bytes: a block boundary, but free */
    CHECK_EQ(LOS_MemboxFree(pool_a, (char *)pool_a + OS_MEMBOX_FIRST_OFFSET + 32 + 8), LOS_NOK);
    CHECK(pool_still_works(pool_a));
}

TEST(bad_free_into_another_pool)
{
    void *p;
    fresh_pools();
    p = LOS_MemboxAlloc(pool_a);
    CHECK_EQ(LOS_MemboxFree(pool_b, p), LOS_NOK);
    CHECK_EQ(used_in(pool_a), 1);
    CHECK_EQ(used_in(pool_b), 0);
    CHECK(pool_still_works(pool_b));
    CHECK_EQ(LOS_MemboxFree(pool_a, p), LOS_OK);
    CHECK(pool_still_works(pool_a));
}

TEST(bad_clr_of_foreign_pointer_changes_nothing)
{
    unsigned char *p;
    fresh_pools();
    p = LOS_MemboxAlloc(pool_a);
    memset(p, 0xee, 24);
    LOS_MemboxClr(pool_b, p);
    LOS_MemboxClr(pool_a, p + 8);
    CHECK_EQ(p[0], 0xee);
    CHECK_EQ(p[23], 0xee);
    CHECK(pool_still_works(pool_a));
}

TEST(integrity_check_catches_a_broken_free_list)
{
    fresh_pools();
    /* overwrite the node of the first free block, as a buffer overflow from
     * the block in front of it would */
    LOS_MEMBOX_NODE *first = ((LOS_MEMBOX_INFO *)pool_a)->stFreeList.pstNext;
    LOS_MEMBOX_NODE *saved = first->pstNext;
    first->pstNext = (LOS_MEMBOX_NODE *)((char *)pool_b + 12);
    CHECK_EQ(LOS_MemboxIntegrityCheck(pool_a), LOS_NOK);
    first->pstNext = first; /* a cycle */
    CHECK_EQ(LOS_MemboxIntegrityCheck(pool_a), LOS_NOK);
    first->pstNext = saved;
    CHECK_EQ(LOS_MemboxIntegrityCheck(pool_a), LOS_OK);
}

int main(void)
{
    RUN_TEST(init_sizes_blocks_with_node_and_alignment);
    RUN_TEST(every_block_is_aligned_inside_and_distinct);
    RUN_TEST(freed_block_is_reused_first);
    RUN_TEST(clr_zeroes_the_user_bytes_only);
    RUN_TEST(membox_size_holds_exactly_that_many_blocks);
    RUN_TEST(bad_init_null_pool);
    RUN_TEST(bad_init_misaligned_pool);
    RUN_TEST(bad_init_zero_block_size);
    RUN_TEST(bad_init_block_size_overflows);
    RUN_TEST(bad_init_pool_wraps_around_memory);
    RUN_TEST(bad_init_pool_too_small_for_one_block);
    RUN_TEST(bad_null_pool_everywhere);
    RUN_TEST(bad_pool_never_initialised);
    RUN_TEST(bad_free_null_box);
    RUN_TEST(bad_free_pointer_outside_pool);
    RUN_TEST(bad_free_pointer_off_block_boundary);
    RUN_TEST(bad_double_free);
    RUN_TEST(bad_free_block_never_allocated);
    RUN_TEST(bad_free_into_another_pool);
    RUN_TEST(bad_clr_of_foreign_pointer_changes_nothing);
    RUN_TEST(integrity_check_catches_a_broken_free_list);
    return kit_test_finish();
}
