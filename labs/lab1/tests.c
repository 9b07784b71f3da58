/*
 * Lab 1 graded tests: the free list of the fixed-size block pool.
 * Each test is one graded part; labs/lab1/points gives its points.
 */
#include <string.h>

#include "kit_test.h"
#include "los_membox.h"

#define BLOCK 24u /* user bytes asked for: blocks of 32 */
#define COUNT 6u

static uint64_t pool[(OS_MEMBOX_FIRST_OFFSET + COUNT * 32) / 8];
static uint64_t other[(OS_MEMBOX_FIRST_OFFSET + COUNT * 32) / 8];

static char *block_start(void *p, uint32_t index)
{
    return (char *)p + OS_MEMBOX_FIRST_OFFSET + index * 32 + OS_MEMBOX_NODE_HEAD_SIZE;
}

static uint32_t used(void)
{
    uint32_t max, cnt, size;
    LOS_MemboxStatisticsGet(pool, &max, &cnt, &size);
    return cnt;
}

TEST(init_links_blocks_in_address_order)
{
    LOS_MEMBOX_INFO *info = (LOS_MEMBOX_INFO *)pool;
    LOS_MEMBOX_NODE *node;
    uint32_t i = 0;
    CHECK_EQ(LOS_MemboxInit(pool, sizeof pool, BLOCK), LOS_OK);
    for (node = info->stFreeList.pstNext; node != NULL && i <= COUNT; node = node->pstNext, i++) {
        CHECK_MSG((char *)node == block_start(pool, i) - OS_MEMBOX_NODE_HEAD_SIZE,
                  "free-list entry %u is %p, expected block %u", (unsigned)i, (void *)node,
                  (unsigned)i);
    }
    CHECK_EQ(i, COUNT);
}

TEST(alloc_hands_out_blocks_in_order_then_null)
{
    CHECK_EQ(LOS_MemboxInit(pool, sizeof pool, BLOCK), LOS_OK);
    for (uint32_t i = 0; i < COUNT; i++) {
        char *p = LOS_MemboxAlloc(pool);
        CHECK_MSG(p == block_start(pool, i), "alloc %u gave %p, expected %p", (unsigned)i,
                  (void *)p, (void *)block_start(pool, i));
        CHECK_EQ(used(), i + 1);
    }
    CHECK(LOS_MemboxAlloc(pool) == NULL);
    CHECK_EQ(used(), COUNT);
}

TEST(alloc_marks_block_used)
{
    CHECK_EQ(LOS_MemboxInit(pool, sizeof pool, BLOCK), LOS_OK);
    char *p = LOS_MemboxAlloc(pool);
    CHECK(p != NULL);
    LOS_MEMBOX_NODE *node = (LOS_MEMBOX_NODE *)(p - OS_MEMBOX_NODE_HEAD_SIZE);
    CHECK(node->pstNext == OS_MEMBOX_MAGIC);
}

TEST(free_returns_block_to_the_head)
{
    CHECK_EQ(LOS_MemboxInit(pool, sizeof pool, BLOCK), LOS_OK);
    char *a = LOS_MemboxAlloc(pool);
    char *b = LOS_MemboxAlloc(pool);
    CHECK_EQ(LOS_MemboxFree(pool, a), LOS_OK);
    CHECK_EQ(LOS_MemboxFree(pool, b), LOS_OK);
    CHECK_EQ(used(), 0);
    CHECK(LOS_MemboxAlloc(pool) == b); /* last freed, first reused */
    CHECK(LOS_MemboxAlloc(pool) == a);
    CHECK(LOS_MemboxAlloc(pool) == block_start(pool, 2));
}

TEST(all_blocks_cycle_through_the_pool)
{
    void *got[COUNT];
    CHECK_EQ(LOS_MemboxInit(pool, sizeof pool, BLOCK), LOS_OK);
    for (int round = 0; round < 3; round++) {
        for (uint32_t i = 0; i < COUNT; i++) {
            got[i] = LOS_MemboxAlloc(pool);
            CHECK(got[i] != NULL);
            memset(got[i], 0x11 * (int)(i + 1), BLOCK);
        }
        CHECK(LOS_MemboxAlloc(pool) == NULL);
        for (uint32_t i = 0; i < COUNT; i++) {
            CHECK_EQ(LOS_MemboxFree(pool, got[(i * 5) % COUNT]), LOS_OK);
        }
        CHECK_EQ(LOS_MemboxIntegrityCheck(pool), LOS_OK);
    }
}

TEST(free_refuses_pointers_outside_the_pool)
{
    uint64_t local[4];
    CHECK_EQ(LOS_MemboxInit(pool, sizeof pool, BLOCK), LOS_OK);
    CHECK_EQ(LOS_MemboxInit(other, sizeof other, BLOCK), LOS_OK);
    char *p = LOS_MemboxAlloc(pool);
    char *q = LOS_MemboxAlloc(other);
    CHECK_EQ(LOS_MemboxFree(pool, &local[1]), LOS_NOK);
    CHECK_EQ(LOS_MemboxFree(pool, q), LOS_NOK);
    CHECK_EQ(LOS_MemboxFree(pool, block_start(pool, COUNT)), LOS_NOK);
    CHECK_EQ(used(), 1);
    CHECK_EQ(LOS_MemboxFree(pool, p), LOS_OK);
    CHECK_EQ(LOS_MemboxIntegrityCheck(pool), LOS_OK);
}

TEST(free_refuses_pointers_off_a_block_boundary)
{
    CHECK_EQ(LOS_MemboxInit(pool, sizeof pool, BLOCK), LOS_OK);
    char *p = LOS_MemboxAlloc(pool);
    LOS_MemboxAlloc(pool);
    CHECK_EQ(LOS_MemboxFree(pool, p + 8), LOS_NOK);
    CHECK_EQ(LOS_MemboxFree(pool, p + 16), LOS_NOK);
    CHECK_EQ(LOS_MemboxFree(pool, p + 4), LOS_NOK);
    CHECK_EQ(used(), 2);
    CHECK_EQ(LOS_MemboxIntegrityCheck(pool), LOS_OK);
}

TEST(free_refuses_a_double_free)
{
    CHECK_EQ(LOS_MemboxInit(pool, sizeof pool, BLOCK), LOS_OK);
    char *p = LOS_MemboxAlloc(pool);
    CHECK_EQ(LOS_MemboxFree(pool, p), LOS_OK);
    CHECK_EQ(LOS_MemboxFree(pool, p), LOS_NOK);
    CHECK_EQ(LOS_MemboxFree(pool, block_start(pool, 3)), LOS_NOK); /* never allocated */
    CHECK_EQ(used(), 0);
    CHECK_EQ(LOS_MemboxIntegrityCheck(pool), LOS_OK);
}

int main(void)
{
    RUN_TEST(init_links_blocks_in_address_order);
    RUN_TEST(alloc_hands_out_blocks_in_order_then_null);
    RUN_TEST(alloc_marks_block_used);
    RUN_TEST(free_returns_block_to_the_head);
    RUN_TEST(all_blocks_cycle_through_the_pool);
    RUN_TEST(free_refuses_pointers_outside_the_pool);
    RUN_TEST(free_refuses_pointers_off_a_block_boundary);
    RUN_TEST(free_refuses_a_double_free);
    return kit_test_finish();
}
