/*
 * Bad-input matrix of stage 1 (membox): the cells of tests/matrix/matrix.txt
 * that the unit tests do not cover. Each test makes one kind of bad call on
 * every function it concerns, checks the defined answer, and ends with the
 * pool intact and working. Host only.
 */
#include <string.h>

#include "kit_diag.h"
#include "kit_test.h"
#include "los_membox.h"
#include "matrix_capture.h"

#define POOL_BYTES 512u
#define BLOCK_BYTES 24u

static uint64_t pool[POOL_BYTES / 8];
static uint64_t raw[POOL_BYTES / 8]; /* never initialised */
static uint64_t elsewhere[8];

static void fresh_pool(void)
{
    memset(pool, 0, sizeof pool);
    memset(raw, 0x5a, sizeof raw);
    LOS_MemboxInit(pool, POOL_BYTES, BLOCK_BYTES);
}

static LOS_MEMBOX_INFO *info(void)
{
    return (LOS_MEMBOX_INFO *)pool;
}

static uint32_t used(void)
{
    uint32_t max, cnt, size;
    return LOS_MemboxStatisticsGet(pool, &max, &cnt, &size) == LOS_OK ? cnt : UINT32_MAX;
}

static int filled(const unsigned char *p, unsigned char v)
{
    for (unsigned i = 0; i < BLOCK_BYTES; i++) {
        if (p[i] != v) {
            return 0;
        }
    }
    return 1;
}

/* Intact, and every block can be taken and given back. */
static int pool_still_works(void)
{
    void *blocks[POOL_BYTES / 16];
    uint32_t before = used(), got = 0;

    if (LOS_MemboxIntegrityCheck(pool) != LOS_OK) {
        return 0;
    }
    while ((blocks[got] = LOS_MemboxAlloc(pool)) != NULL) {
        got++;
    }
    if (got + before != info()->uwBlkNum) {
        return 0;
    }
    while (got > 0) {
        if (LOS_MemboxFree(pool, blocks[--got]) != LOS_OK) {
            return 0;
        }
    }
    return used() == before && LOS_MemboxIntegrityCheck(pool) == LOS_OK;
}

TEST(misaligned_pool_is_refused_everywhere)
{
    void *bad = (char *)pool + 4;
    uint32_t max = 7, cnt = 7, size = 7;
    unsigned diags;
    unsigned char *p;

    fresh_pool();
    p = LOS_MemboxAlloc(pool);
    memset(p, 0xee, BLOCK_BYTES);
    CHECK(LOS_MemboxAlloc(bad) == NULL);
    CHECK_EQ(LOS_MemboxFree(bad, p), LOS_NOK);
    LOS_MemboxClr(bad, p);
    CHECK(filled(p, 0xee));
    CHECK_EQ(LOS_MemboxStatisticsGet(bad, &max, &cnt, &size), LOS_NOK);
    CHECK(max == 7 && cnt == 7 && size == 7);
    diags = kit_diag_count;
    CHECK_EQ(LOS_MemboxIntegrityCheck(bad), LOS_NOK);
    CHECK_EQ(kit_diag_count, diags + 1);
    CHECK_EQ(used(), 1);
    CHECK_EQ(LOS_MemboxFree(pool, p), LOS_OK);
    CHECK(pool_still_works());
}

TEST(alloc_refuses_a_broken_free_link)
{
    LOS_MEMBOX_NODE *head, *saved;
    unsigned diags;

    fresh_pool();
    head = info()->stFreeList.pstNext;
    saved = head->pstNext;
    head->pstNext = (LOS_MEMBOX_NODE *)(void *)&elsewhere[2]; /* an overflow into the node */
    diags = kit_diag_count;
    CHECK(LOS_MemboxAlloc(pool) == NULL); /* refused before the link is followed */
    CHECK_EQ(kit_diag_count, diags + 1);
    CHECK(info()->stFreeList.pstNext == head); /* the list is left as it was */
    CHECK_EQ(LOS_MemboxIntegrityCheck(pool), LOS_NOK);
    head->pstNext = saved; /* repair, then the pool works again */
    CHECK(pool_still_works());
}

TEST(overwritten_used_mark_is_refused_and_reported)
{
    LOS_MEMBOX_NODE *node;
    uint32_t max, cnt, size;
    unsigned diags;
    unsigned char *p;

    fresh_pool();
    p = LOS_MemboxAlloc(pool);
    memset(p, 0xee, BLOCK_BYTES);
    node = (LOS_MEMBOX_NODE *)(void *)(p - OS_MEMBOX_NODE_HEAD_SIZE);
    node->pstNext = (LOS_MEMBOX_NODE *)(uintptr_t)0x12345678u; /* an underflow from the user */
    diags = kit_diag_count;
    CHECK_EQ(LOS_MemboxFree(pool, p), LOS_NOK);
    LOS_MemboxClr(pool, p);
    CHECK(filled(p, 0xee));
    CHECK_EQ(LOS_MemboxStatisticsGet(pool, &max, &cnt, &size), LOS_OK);
    CHECK_EQ(cnt, 1); /* the counter, as kept */
    CHECK_EQ(LOS_MemboxIntegrityCheck(pool), LOS_NOK);
    CHECK(kit_diag_count > diags);
    node->pstNext = OS_MEMBOX_MAGIC;
    CHECK_EQ(LOS_MemboxFree(pool, p), LOS_OK);
    CHECK(pool_still_works());
}

TEST(clr_with_a_bad_pool_changes_nothing)
{
    unsigned char *p;

    fresh_pool();
    p = LOS_MemboxAlloc(pool);
    memset(p, 0xee, BLOCK_BYTES);
    LOS_MemboxClr(NULL, p);
    LOS_MemboxClr((char *)pool + 4, p);
    LOS_MemboxClr(raw, p);
    CHECK(filled(p, 0xee));
    CHECK_EQ(LOS_MemboxFree(pool, p), LOS_OK);
    CHECK(pool_still_works());
}

TEST(clr_of_a_freed_block_changes_nothing)
{
    unsigned char *p;

    fresh_pool();
    p = LOS_MemboxAlloc(pool);
    memset(p, 0xee, BLOCK_BYTES);
    CHECK_EQ(LOS_MemboxFree(pool, p), LOS_OK);
    LOS_MemboxClr(pool, p);
    CHECK(filled(p, 0xee)); /* free wrote only the node in front */
    CHECK(pool_still_works());
}

TEST(statistics_of_an_uninitialised_pool_are_refused)
{
    uint32_t max = 7, cnt = 7, size = 7;

    fresh_pool();
    CHECK_EQ(LOS_MemboxStatisticsGet(raw, &max, &cnt, &size), LOS_NOK);
    CHECK(max == 7 && cnt == 7 && size == 7);
    CHECK(pool_still_works());
}

static void show(void *p)
{
    LOS_ShowBox(p);
}

TEST(show_of_a_bad_pool_prints_one_line)
{
    void *bad[] = { NULL, (char *)pool + 4, raw };
    fresh_pool();
    CHECK_EQ(first_not_one_line(show, bad, sizeof bad / sizeof bad[0], "not an initialised pool"),
             -1);
    CHECK(pool_still_works());
}

TEST(show_stops_on_a_cyclic_free_list)
{
    static char text[8192];
    LOS_MEMBOX_NODE *head, *saved;

    fresh_pool();
    head = info()->stFreeList.pstNext;
    saved = head->pstNext;
    head->pstNext = head;
    capture_stdout(show, pool, text, sizeof text);
    CHECK_EQ(count_lines(text), 3);
    CHECK_MSG(count_of(text, "->") <= info()->uwBlkNum, "printed: %s", text);
    head->pstNext = saved;
    CHECK(pool_still_works());
}

int main(void)
{
    alarm(20); /* a call that loops for ever fails the run instead of hanging it */
    RUN_TEST(misaligned_pool_is_refused_everywhere);
    RUN_TEST(alloc_refuses_a_broken_free_link);
    RUN_TEST(overwritten_used_mark_is_refused_and_reported);
    RUN_TEST(clr_with_a_bad_pool_changes_nothing);
    RUN_TEST(clr_of_a_freed_block_changes_nothing);
    RUN_TEST(statistics_of_an_uninitialised_pool_are_refused);
    RUN_TEST(show_of_a_bad_pool_prints_one_line);
    RUN_TEST(show_stops_on_a_cyclic_free_list);
    return kit_test_finish();
}
