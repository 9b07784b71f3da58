/*
 * Instructions per call of stage 3 on the Cortex-M3, for pools from 16 KiB
 * to 4 MiB: the figures behind "O(1), and flat in the pool's size".
 *
 *   make icount BENCH_SRC=tools/tlsf/worst_case.c STAGE=tlsf
 *
 * For each pool size the program runs the same seeded workload (sizes
 * spread evenly on a log scale, aligned allocations, reallocs, frees in
 * random order) and measures every call; then it builds by hand paths that
 * do a lot of work (the workload may still find one a few instructions
 * longer: the summary gives both): an alloc that looks at every block it may in its
 * own list and finds none big enough, empties the list it takes from,
 * splits the block and files the rest on a list that holds a block; and a
 * free that merges with two free neighbours, each the only block of its
 * list, and files the merged block on a list that holds one, plain and
 * aligned. Frees of
 * aligned pointers are labelled apart: they also read a gap record.
 * Labels carry the pool size, so the summary gives, per call and per size,
 * the mean and the worst case.
 *
 * The pools live in the 16 MiB PSRAM that QEMU's model of the board has at
 * 0x21000000, since the 4 MiB SRAM also holds the program's data and stack.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench_mark.h"
#include "los_memory.h"

#define PSRAM ((void *)0x21000000u)
#define LIVE 256

static uint32_t seed = 2024;

static uint32_t next_random(void)
{
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
}

/* A size between 1 and limit, even on a log scale. */
static uint32_t random_size(uint32_t limit)
{
    uint32_t bits = 1 + next_random() % 12;
    uint32_t size = 1 + next_random() % (1u << bits);
    return size > limit ? limit : size;
}

static char label[64];

static const char *named(const char *call, uint32_t pool_size)
{
    snprintf(label, sizeof label, "%s %4u KiB", call, (unsigned)(pool_size >> 10));
    return label;
}

static void workload(void *pool, uint32_t pool_size)
{
    void *live[LIVE] = { 0 };
    bool aligned[LIVE] = { false }; /* from LOS_MemAllocAlign: free reads a gap record */
    uint32_t limit = pool_size / 32 < 4096 ? pool_size / 32 : 4096;

    for (int step = 0; step < 4000; step++) {
        uint32_t i = next_random() % LIVE;
        uint32_t kind = next_random() % 8;
        void *p = NULL;

        if (live[i] != NULL) {
            if (kind == 0) {
                uint32_t size = random_size(limit);
                BENCH_INPUT(size);
                BENCH_MEASURE(named("LOS_MemRealloc", pool_size),
                              p = LOS_MemRealloc(pool, live[i], size));
                if (p != NULL) {
                    live[i] = p;
                }
            } else {
                BENCH_MEASURE(named(aligned[i] ? "LOS_MemFree, aligned" : "LOS_MemFree", pool_size),
                              (void)LOS_MemFree(pool, live[i]));
                live[i] = NULL;
            }
        } else if (kind == 1) {
            uint32_t size = random_size(limit);
            uint32_t boundary = 16u << (next_random() % 5);
            BENCH_INPUT(size);
            BENCH_INPUT(boundary);
            BENCH_MEASURE(named("LOS_MemAllocAlign", pool_size),
                          p = LOS_MemAllocAlign(pool, size, boundary));
            live[i] = p;
            aligned[i] = true;
        } else {
            uint32_t size = random_size(limit);
            BENCH_INPUT(size);
            BENCH_MEASURE(named("LOS_MemAlloc", pool_size), p = LOS_MemAlloc(pool, size));
            live[i] = p;
            aligned[i] = false;
        }
    }
    for (int i = 0; i < LIVE; i++) {
        if (live[i] != NULL) {
            BENCH_MEASURE(named(aligned[i] ? "LOS_MemFree, aligned" : "LOS_MemFree", pool_size),
                          (void)LOS_MemFree(pool, live[i]));
        }
    }
}

/*
 * The longest alloc, built on purpose: the request's own list holds
 * OS_MEM_OWN_CLASS_TRIES blocks, each too small for it, so all are looked
 * at before the bitmap search; the block found is alone in its list, so
 * its bit is cleared; and what is left of it goes to a list that already
 * holds a block, y, of about the same size, so the insert links back to y.
 * y's size is learnt by a first run.
 */
static void built_alloc(void *pool, uint32_t pool_size)
{
    const uint32_t want = 1400, small = 1032 - 4; /* both on list [1024, 1536) */
    uint32_t y_size = 64;
    void *p = NULL;

    for (int run = 0; run < 2; run++) {
        LOS_MEM_POOL_STATUS st;
        void *y, *s[OS_MEM_OWN_CLASS_TRIES + 1];

        (void)LOS_MemInit(pool, pool_size);
        y = LOS_MemAlloc(pool, y_size);
        (void)LOS_MemAlloc(pool, 8); /* keeps y from merging */
        for (int i = 0; i < OS_MEM_OWN_CLASS_TRIES; i++) {
            s[i] = LOS_MemAlloc(pool, small);
            (void)LOS_MemAlloc(pool, 8);
        }
        (void)LOS_MemFree(pool, y);
        for (int i = 0; i < OS_MEM_OWN_CLASS_TRIES; i++) {
            (void)LOS_MemFree(pool, s[i]);
        }
        (void)LOS_MemInfoGet(pool, &st);
        if (run == 0) { /* what would be left; y takes about half, and so does the rest */
            y_size = ((st.maxFreeNodeSize - want) / 2) & ~7u;
            continue;
        }
        BENCH_MEASURE(named("built: alloc, split", pool_size), p = LOS_MemAlloc(pool, want));
    }
    if (p == NULL) {
        printf("built alloc failed for a pool of %u bytes\n", (unsigned)pool_size);
    }
}

/*
 * The longest free, built on purpose: the block merges with two free
 * neighbours, each alone in its list, and the merged block
 * goes to a list that already holds one. The merged size is learnt by a
 * first run; the second run puts a block of that size on its list first.
 */
static void built_free(void *pool, uint32_t pool_size, int aligned)
{
    uint32_t merged = 0;

    for (int run = 0; run < 2; run++) {
        void *b, *c, *d, *f = NULL;

        (void)LOS_MemInit(pool, pool_size);
        if (run == 1) {
            f = LOS_MemAlloc(pool, merged - 4);
            (void)LOS_MemAlloc(pool, 8);
        }
        /* b, d and the merged block each on a list of its own */
        (void)LOS_MemAlloc(pool, 100);
        b = LOS_MemAlloc(pool, 100);
        c = aligned ? LOS_MemAllocAlign(pool, 100, 16) : LOS_MemAlloc(pool, 100);
        d = LOS_MemAlloc(pool, 300);
        (void)LOS_MemAlloc(pool, 8);
        (void)LOS_MemFree(pool, b);
        (void)LOS_MemFree(pool, d);
        if (run == 0) {
            (void)LOS_MemFree(pool, c);
            merged = ((uint32_t *)b)[-1] & BLOCK_MAX_SIZE; /* b now heads the merged block */
            continue;
        }
        (void)LOS_MemFree(pool, f);
        BENCH_MEASURE(
            named(aligned ? "built: free aligned, 2 merges" : "built: free, 2 merges", pool_size),
            (void)LOS_MemFree(pool, c));
    }
}

int main(void)
{
    static const uint32_t sizes[] = { 16u << 10, 64u << 10, 256u << 10, 1u << 20, 4u << 20 };

    bench_init();
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        built_alloc(PSRAM, sizes[i]);
        built_free(PSRAM, sizes[i], 0);
        built_free(PSRAM, sizes[i], 1);
        (void)LOS_MemInit(PSRAM, sizes[i]);
        workload(PSRAM, sizes[i]);
        if (LOS_MemIntegrityCheck(PSRAM) != LOS_OK) {
            printf("pool of %u bytes damaged\n", (unsigned)sizes[i]);
            return 1;
        }
    }
    return 0;
}
