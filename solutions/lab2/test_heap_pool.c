/*
 * Tests of the lab 2 challenge solution, the early-Zephyr heap memory pool:
 * the block counts of the seed's table, the four-way split and merge, bad
 * pointers, and the internal fragmentation next to stage 2's on the same
 * requests. Runs on the host and in QEMU.
 */
#include <string.h>

#include "freelist.h"
#include "heap_pool.h"
#include "kit_test.h"

static uint64_t buf[16384 / 8];
static uint64_t other[256 / 8];
static hp_pool_t pool;

/* How many blocks of n bytes the pool hands out before it is full. */
static unsigned how_many(size_t n)
{
    unsigned count = 0;
    while (hp_malloc(&pool, n) != NULL) {
        count++;
    }
    return count;
}

TEST(init_takes_only_the_four_sizes)
{
    static const size_t good[] = { 256, 1024, 4096, 16384 };
    static const size_t bad[] = { 0, 64, 512, 2048, 16383, 65536 };
    for (unsigned i = 0; i < 4; i++) {
        CHECK_EQ(hp_init(&pool, buf, good[i]), 0);
        CHECK_EQ(hp_free_blocks(&pool, good[i]), 1);
    }
    for (unsigned i = 0; i < 6; i++) {
        CHECK_EQ(hp_init(&pool, buf, bad[i]), -1);
    }
    CHECK_EQ(hp_init(NULL, buf, 256), -1);
    CHECK_EQ(hp_init(&pool, NULL, 256), -1);
    CHECK_EQ(hp_init(&pool, (char *)buf + 4, 256), -1);
}

/* The seed's table: blocks of each size a pool holds at once. */
TEST(each_pool_holds_the_blocks_of_the_table)
{
    static const size_t pools[] = { 256, 1024, 4096, 16384 };
    for (unsigned p = 0; p < 4; p++) {
        for (size_t block = 64; block <= pools[p]; block *= 4) {
            hp_init(&pool, buf, pools[p]);
            CHECK_MSG(how_many(block - HP_DESC_SIZE) == pools[p] / block, "pool %u, blocks of %u",
                      (unsigned)pools[p], (unsigned)block);
            hp_init(&pool, buf, pools[p]);
            CHECK_EQ(how_many(block - HP_DESC_SIZE + 1),
                     block == pools[p] ? 0 : pools[p] / block / 4);
        }
    }
}

TEST(a_request_uses_its_size_plus_16_rounded_to_a_block)
{
    hp_init(&pool, buf, 1024);
    CHECK_EQ(hp_block_size_for(&pool, 200), 256);
    CHECK_EQ(hp_block_size_for(&pool, 75), 256); /* 91 bytes: too big for 64 */
    CHECK_EQ(hp_block_size_for(&pool, 48), 64);
    CHECK_EQ(hp_block_size_for(&pool, 49), 256);
    CHECK_EQ(hp_block_size_for(&pool, 1008), 1024);
    CHECK_EQ(hp_block_size_for(&pool, 1009), 0);
    CHECK_EQ(hp_block_size_for(&pool, 0), 0);
    CHECK_EQ(hp_block_size_for(&pool, SIZE_MAX), 0);
    CHECK(hp_malloc(&pool, 0) == NULL);
    CHECK(hp_malloc(&pool, SIZE_MAX - 8) == NULL);
}

TEST(a_256_block_costs_four_64_blocks)
{
    char *p;
    hp_init(&pool, buf, 1024);
    p = hp_malloc(&pool, 200);
    CHECK(p != NULL);
    CHECK_EQ((uintptr_t)p % 8, 0);
    memset(p, 0x5a, 200);
    CHECK_EQ(hp_free_blocks(&pool, 256), 3);
    CHECK_EQ(how_many(20), 12); /* 16 - 4 */
}

TEST(free_merges_four_siblings_back)
{
    void *p[16];
    hp_init(&pool, buf, 1024);
    for (int i = 0; i < 16; i++) {
        CHECK((p[i] = hp_malloc(&pool, 30)) != NULL);
    }
    CHECK(hp_malloc(&pool, 1) == NULL);
    for (int i = 15; i >= 0; i--) {
        CHECK_EQ(hp_free(&pool, p[i]), 0);
    }
    CHECK_EQ(hp_free_blocks(&pool, 1024), 1);
    CHECK_EQ(hp_free_blocks(&pool, 64), 0);
    CHECK(hp_malloc(&pool, 1008) != NULL);
}

TEST(free_refuses_bad_pointers)
{
    char *a, *b;
    hp_init(&pool, buf, 1024);
    a = hp_malloc(&pool, 100);
    b = hp_malloc(&pool, 20);
    CHECK(a && b);
    CHECK_EQ(hp_free(&pool, NULL), -1);
    CHECK_EQ(hp_free(&pool, a + 8), -1); /* inside a block */
    CHECK_EQ(hp_free(&pool, (char *)other + 16), -1);
    CHECK_EQ(hp_free(&pool, (char *)buf + 64 * 5 + 16), -1); /* a free block */
    CHECK_EQ(hp_free(&pool, a), 0);
    CHECK_EQ(hp_free(&pool, a), -1); /* double free */
    CHECK_EQ(hp_free(&pool, b), 0);
    CHECK_EQ(hp_free(&pool, b), -1);
    CHECK_EQ(hp_free_blocks(&pool, 1024), 1);
}

/* The same requests in a heap pool and in a stage-2 heap. */
TEST(internal_fragmentation_against_stage_2)
{
    static uint64_t heap[(sizeof(fl_heap_t) + 4096) / 8];
    static const size_t asks[] = { 200, 75, 20, 300, 48, 49, 1000, 17 };
    fl_stats_t s;
    size_t asked = 0;
    hp_init(&pool, buf, 4096);
    fl_init(heap, sizeof heap, FL_BEST_FIT, FL_ADDRESS_ORDERED);
    for (unsigned i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        CHECK(hp_malloc(&pool, asks[i]) != NULL);
        CHECK(fl_alloc(heap, asks[i]) != NULL);
        asked += asks[i];
    }
    fl_stats_get(heap, &s);
    printf("asked %u bytes: the heap pool uses %u (%u wasted), stage 2 uses %u (%u wasted)\n",
           (unsigned)asked, (unsigned)pool.used_bytes, (unsigned)(pool.used_bytes - asked),
           (unsigned)s.used_bytes, (unsigned)(s.used_bytes - asked));
    CHECK_EQ(pool.asked_bytes, asked);
    CHECK_EQ(pool.used_bytes, 256 + 256 + 64 + 1024 + 64 + 256 + 1024 + 64);
    CHECK(s.used_bytes < asked + 8 * (BLOCK_HEADER_SIZE + 8 + BLOCK_MIN_SIZE));
    CHECK(pool.used_bytes - asked > 10 * (s.used_bytes - asked));
}

int main(void)
{
    RUN_TEST(init_takes_only_the_four_sizes);
    RUN_TEST(each_pool_holds_the_blocks_of_the_table);
    RUN_TEST(a_request_uses_its_size_plus_16_rounded_to_a_block);
    RUN_TEST(a_256_block_costs_four_64_blocks);
    RUN_TEST(free_merges_four_siblings_back);
    RUN_TEST(free_refuses_bad_pointers);
    RUN_TEST(internal_fragmentation_against_stage_2);
    return kit_test_finish();
}
