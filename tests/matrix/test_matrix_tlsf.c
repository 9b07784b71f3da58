/*
 * Bad-input matrix of stage 3 (TLSF): the cells of tests/matrix/matrix.txt
 * that the unit tests do not cover. Each test makes one kind of bad call on
 * every function it concerns, checks the defined answer, and ends with the
 * pool intact and working. Host only.
 */
#include <string.h>

#include "kit_diag.h"
#include "kit_test.h"
#include "los_memory.h"
#include "los_memory_at.h"
#include "matrix_capture.h"

#define POOL_BYTES 4096u

static uint64_t pool[POOL_BYTES / 8];
static uint64_t raw[POOL_BYTES / 8]; /* never initialised */

static void fresh_pool(void)
{
    memset(raw, 0x5a, sizeof raw);
    LOS_MemInit(pool, POOL_BYTES);
}

static uint32_t used_blocks(void)
{
    LOS_MEM_POOL_STATUS s;
    return LOS_MemInfoGet(pool, &s) == LOS_OK ? s.usedNodeNum : UINT32_MAX;
}

/* Intact, and the free space can be taken in small blocks and given back. */
static int pool_still_works(void)
{
    void *blocks[POOL_BYTES / 16];
    uint32_t before = used_blocks(), got = 0;

    if (LOS_MemIntegrityCheck(pool) != LOS_OK) {
        return 0;
    }
    while ((blocks[got] = LOS_MemAlloc(pool, 24)) != NULL) {
        got++;
    }
    if (got < 8) {
        return 0;
    }
    while (got > 0) {
        if (LOS_MemFree(pool, blocks[--got]) != LOS_OK) {
            return 0;
        }
    }
    return used_blocks() == before && LOS_MemIntegrityCheck(pool) == LOS_OK;
}

TEST(head_size_is_bounded_for_any_pool_size)
{
    uint32_t most =
        (uint32_t)(sizeof(OsMemPoolHead) + sizeof(block_t *) + OS_MEM_LIST_MAX * sizeof(block_t *));
    uint32_t sizes[] = { 0, 1, 7, UINT32_MAX - 7, UINT32_MAX };

    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint32_t got = OsMemPoolHeadSize(sizes[i]);
        CHECK_MSG(got >= sizeof(OsMemPoolHead) && got <= most, "size %#x: head of %u bytes",
                  (unsigned)sizes[i], (unsigned)got);
    }
    CHECK(OsMemPoolHeadSize(0) <= OsMemPoolHeadSize(POOL_BYTES));
    CHECK(OsMemPoolHeadSize(POOL_BYTES) <= OsMemPoolHeadSize(UINT32_MAX));
}

TEST(a_damaged_chain_is_refused_by_info_and_kept_by_the_counters)
{
    LOS_MEM_POOL_STATUS st;
    uint32_t used, size;
    unsigned diags;
    block_t *b;
    size_t saved;
    char *p;

    fresh_pool();
    p = LOS_MemAlloc(pool, 64);
    CHECK(p != NULL && LOS_MemAlloc(pool, 8) != NULL);
    used = LOS_MemTotalUsedGet(pool);
    size = LOS_MemPoolSizeGet(pool);
    b = block_from_payload(p);
    saved = b->size_flags;
    b->size_flags = 0xdeadbeef;
    memset(&st, 0x77, sizeof st);
    diags = kit_diag_count;
    CHECK_EQ(LOS_MemInfoGet(pool, &st), LOS_NOK);
    CHECK_EQ(st.usedNodeNum, 0x77777777u); /* nothing written */
    CHECK_EQ(st.totalFreeSize, 0x77777777u);
    CHECK(kit_diag_count > diags);
    CHECK_EQ(LOS_MemTotalUsedGet(pool), used); /* the counters, as kept */
    CHECK_EQ(LOS_MemPoolSizeGet(pool), size);
    b->size_flags = saved;
    CHECK_EQ(LOS_MemFree(pool, p), LOS_OK);
    CHECK(pool_still_works());
}

static void show(void *p)
{
    LOS_MemFreeNodeShow(p);
}

TEST(free_node_show_of_a_bad_pool_prints_one_line)
{
    void *bad[] = { NULL, (char *)pool + 4, raw };
    fresh_pool();
    CHECK_EQ(first_not_one_line(show, bad, sizeof bad / sizeof bad[0], "not an initialised"), -1);
    CHECK(pool_still_works());
}

TEST(free_node_show_stops_on_a_cyclic_list)
{
    static char text[65536];
    block_t *f, *saved;
    void *a;

    fresh_pool();
    a = LOS_MemAlloc(pool, 100);
    CHECK(a != NULL && LOS_MemAlloc(pool, 100) != NULL);
    CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
    f = block_from_payload(a);
    saved = f->next_free;
    f->next_free = f; /* a free block linked to itself */
    CHECK_EQ(LOS_MemIntegrityCheck(pool), LOS_NOK);
    capture_stdout(show, pool, text, sizeof text);
    CHECK_MSG(count_of(text, " ") <= 64 + 2 * (POOL_BYTES / BLOCK_MIN_SIZE + 1),
              "printed %zu bytes", strlen(text));
    f->next_free = saved;
    CHECK(pool_still_works());
}

TEST(alloc_align_at_refuses_bad_pools_sizes_and_alignments)
{
    static const uint32_t huge[] = { UINT32_MAX, UINT32_MAX - 8, 0x80000000u, POOL_BYTES };
    static const uint32_t bad[][2] = { { 0, 8 },   { 0, 0 },   { 24, 8 },   { 64, 3 },
                                       { 64, 12 }, { 64, 64 }, { 64, 128 }, { UINT32_MAX, 8 } };
    void *pools[] = { NULL, (char *)pool + 4, raw };
    char *p;

    fresh_pool();
    for (unsigned i = 0; i < sizeof pools / sizeof pools[0]; i++) {
        CHECK(OsMemAllocAlignAt(pools[i], 16, 64, 8) == NULL);
    }
    CHECK(OsMemAllocAlignAt(pool, 0, 64, 8) == NULL);
    for (unsigned i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        CHECK_MSG(OsMemAllocAlignAt(pool, huge[i], 64, 8) == NULL, "size %#x", (unsigned)huge[i]);
    }
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_MSG(OsMemAllocAlignAt(pool, 16, bad[i][0], bad[i][1]) == NULL,
                  "boundary %u, rewind %u", (unsigned)bad[i][0], (unsigned)bad[i][1]);
    }
    CHECK_EQ(used_blocks(), 0);
    p = OsMemAllocAlignAt(pool, 40, 64, 8); /* and a good one works */
    CHECK(p != NULL && (uintptr_t)(p + 8) % 64 == 0);
    CHECK_EQ(LOS_MemFree(pool, p), LOS_OK);
    CHECK(pool_still_works());
}

TEST(usable_size_is_zero_for_anything_but_a_block_in_use)
{
    static uint64_t elsewhere[4];
    unsigned diags = kit_diag_count;
    char *p, *q;

    fresh_pool();
    p = LOS_MemAlloc(pool, 40);
    q = LOS_MemAlloc(pool, 40);
    CHECK(p != NULL && q != NULL);
    CHECK(OsMemUsableSize(pool, p) >= 40);
    CHECK_EQ(OsMemUsableSize(NULL, p), 0);
    CHECK_EQ(OsMemUsableSize((char *)pool + 4, p), 0);
    CHECK_EQ(OsMemUsableSize(raw, p), 0);
    CHECK_EQ(OsMemUsableSize(pool, NULL), 0);
    CHECK_EQ(OsMemUsableSize(pool, &elsewhere[2]), 0);
    CHECK_EQ(OsMemUsableSize(pool, p + 8), 0);
    CHECK_EQ(LOS_MemFree(pool, q), LOS_OK);
    CHECK_EQ(OsMemUsableSize(pool, q), 0); /* freed */
    ((size_t *)p)[-1] ^= 1;                /* U cleared: a damaged header */
    CHECK_EQ(OsMemUsableSize(pool, p), 0);
    ((size_t *)p)[-1] ^= 1;
    CHECK_EQ(kit_diag_count, diags); /* it only answers */
    CHECK_EQ(LOS_MemFree(pool, p), LOS_OK);
    CHECK(pool_still_works());
}

TEST(list_count_and_head_answer_zero_or_null_for_anything_but_a_list)
{
    unsigned diags = kit_diag_count;
    uint32_t lists;

    fresh_pool();
    lists = OsMemListCount(pool);
    CHECK(lists > 0 && lists % OS_MEM_SL_COUNT == 0);
    CHECK_EQ(OsMemListCount(NULL), 0);
    CHECK_EQ(OsMemListCount((char *)pool + 4), 0);
    CHECK_EQ(OsMemListCount(raw), 0);
    CHECK(OsMemListHead(NULL, 0) == NULL);
    CHECK(OsMemListHead(raw, 0) == NULL);
    CHECK(OsMemListHead(pool, lists) == NULL); /* a list the pool has not */
    CHECK(OsMemListHead(pool, UINT32_MAX) == NULL);
    CHECK_EQ(kit_diag_count, diags); /* they only answer */
}

int main(void)
{
    alarm(20); /* a call that loops for ever fails the run instead of hanging it */
    RUN_TEST(head_size_is_bounded_for_any_pool_size);
    RUN_TEST(a_damaged_chain_is_refused_by_info_and_kept_by_the_counters);
    RUN_TEST(free_node_show_of_a_bad_pool_prints_one_line);
    RUN_TEST(free_node_show_stops_on_a_cyclic_list);
    RUN_TEST(alloc_align_at_refuses_bad_pools_sizes_and_alignments);
    RUN_TEST(usable_size_is_zero_for_anything_but_a_block_in_use);
    RUN_TEST(list_count_and_head_answer_zero_or_null_for_anything_but_a_list);
    return kit_test_finish();
}
