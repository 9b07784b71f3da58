/*
 * Lab 3 graded tests: the two-level index of TLSF. They look at the index
 * through the pool's control structure (OsMemPoolHead): which list a free
 * block is on, and what the bitmaps say. The class of a size is worked out
 * here the slow, obvious way (a loop for log2, a division for the slice), so
 * the tests do not share a line with the code they grade.
 * The mapping is graded on its own too, by calling mapping_insert and
 * mapping_search directly, so it earns points before search and insert work.
 * Each test is one graded part; labs/lab3/points gives its points.
 */
#include <string.h>

#include "kit_test.h"
/* The lab's los_memory.c itself (yours from exercises/lab3/, found first on
 * the include path, or the reference), so that the two mapping functions,
 * which are static, can be graded alone; labs/lab3/lab.mk keeps the file
 * out of the link. */
#include "los_memory.c"

#define POOL_BYTES (64u * 1024u)

static uint64_t pool[POOL_BYTES / 8];
static OsMemPoolHead *const head = (OsMemPoolHead *)pool;

/* ---------------------------------------------------- the tests' own model */

/* floor(log2(x)) for x > 0, by counting */
static uint32_t log2_floor(size_t x)
{
    uint32_t t = 0;
    while ((x >> (t + 1)) != 0) {
        t++;
    }
    return t;
}

/* The class of a free block of `size` bytes, as the handout defines it. */
static void class_of(size_t size, uint32_t *fl, uint32_t *sl)
{
    uint32_t t;
    size_t slice;

    if (size < OS_MEM_SMALL_SIZE) {
        *fl = 0;
        *sl = (uint32_t)(size / 8);
        return;
    }
    t = log2_floor(size);
    slice = ((size_t)1 << t) / OS_MEM_SL_COUNT;
    *fl = t - OS_MEM_SMALL_SHIFT + 1;
    *sl = (uint32_t)((size - ((size_t)1 << t)) / slice);
}

/* The smallest size of class (fl, sl). */
static size_t class_start(uint32_t fl, uint32_t sl)
{
    size_t base;
    if (fl == 0) {
        return (size_t)sl * 8;
    }
    base = (size_t)1 << (fl + OS_MEM_SMALL_SHIFT - 1);
    return base + sl * (base / OS_MEM_SL_COUNT);
}

static int fresh(void)
{
    memset(pool, 0x5a, sizeof pool);
    return LOS_MemInit(pool, sizeof pool) == LOS_OK;
}

/* Allocate a block of exactly `bytes` bytes, header included. */
static char *take(size_t bytes)
{
    return LOS_MemAlloc(pool, (uint32_t)(bytes - BLOCK_HEADER_SIZE));
}

static block_t *blk(const void *payload)
{
    return block_from_payload(payload);
}

/* The stand-in that the first block of list (fl, sl) links back to: the
 * address at which a block's next_free field is the list head. */
static const block_t *stand_in(uint32_t fl, uint32_t sl)
{
    return (const block_t *)((uintptr_t)&head->rows[fl].freeList[sl] -
                             offsetof(block_t, next_free));
}

/* Is b on list (fl, sl)? */
static int listed_on(const block_t *b, uint32_t fl, uint32_t sl)
{
    uint32_t n = 0;
    for (const block_t *x = head->rows[fl].freeList[sl]; x != NULL && n < 10000;
         x = x->next_free, n++) {
        if (x == b) {
            return 1;
        }
    }
    return 0;
}

/*
 * The whole index against the model: each bit of each bitmap says exactly
 * whether its list (or row) is empty; every listed block is free, in the
 * pool, of the list's class, with a correct back link; and the lists hold
 * exactly the free blocks of the arena. On a fault, `why` says what.
 */
static char why[160];

static int index_matches_the_arena(void)
{
    size_t free_blocks = 0, listed = 0;

    for (block_t *b = head->arena.first; block_size(b) != 0; b = block_next(b)) {
        free_blocks += !block_is_used(b);
    }
    if ((head->flBitmap >> head->flCount) != 0) {
        snprintf(why, sizeof why, "flBitmap %#x has bits past row %u", (unsigned)head->flBitmap,
                 (unsigned)head->flCount - 1);
        return 0;
    }
    for (uint32_t fl = head->flCount; fl < OS_MEM_SL_MAPS; fl++) {
        if (head->slBitmap[fl] != 0) {
            snprintf(why, sizeof why, "slBitmap[%u] is %#x, past row %u", (unsigned)fl,
                     (unsigned)head->slBitmap[fl], (unsigned)head->flCount - 1);
            return 0;
        }
    }
    for (uint32_t fl = 0; fl < head->flCount; fl++) {
        uint32_t map = head->slBitmap[fl];
        if (((head->flBitmap >> fl) & 1u) != (map != 0)) {
            snprintf(why, sizeof why, "row %u: flBitmap bit %u but slBitmap %#x", (unsigned)fl,
                     (unsigned)((head->flBitmap >> fl) & 1u), (unsigned)map);
            return 0;
        }
        for (uint32_t sl = 0; sl < OS_MEM_SL_COUNT; sl++) {
            const block_t *prev = stand_in(fl, sl);
            if (((map >> sl) & 1u) != (head->rows[fl].freeList[sl] != NULL)) {
                snprintf(why, sizeof why, "list (%u, %u): bit %u but head %p", (unsigned)fl,
                         (unsigned)sl, (unsigned)((map >> sl) & 1u),
                         (void *)head->rows[fl].freeList[sl]);
                return 0;
            }
            for (const block_t *b = head->rows[fl].freeList[sl]; b != NULL;
                 prev = b, b = b->next_free) {
                uint32_t bf, bs;
                if ((const char *)b < (const char *)head->arena.first ||
                    (const char *)b >= (const char *)head->arena.end || block_is_used(b) ||
                    b->prev_free != prev || ++listed > free_blocks) {
                    snprintf(why, sizeof why, "list (%u, %u) holds a bad entry %p", (unsigned)fl,
                             (unsigned)sl, (const void *)b);
                    return 0;
                }
                class_of(block_size(b), &bf, &bs);
                if (bf != fl || bs != sl) {
                    snprintf(why, sizeof why,
                             "a free block of %u bytes is on list (%u, %u), its class is (%u, %u)",
                             (unsigned)block_size(b), (unsigned)fl, (unsigned)sl, (unsigned)bf,
                             (unsigned)bs);
                    return 0;
                }
            }
        }
    }
    if (listed != free_blocks) {
        snprintf(why, sizeof why, "the lists hold %u blocks, the arena has %u free ones",
                 (unsigned)listed, (unsigned)free_blocks);
        return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ tests */

/* Every size a block can have in a 64 KiB pool, and the sizes just past it. */
#define MAPPED_MAX (4 * POOL_BYTES)

TEST(mapping_insert_gives_each_size_its_class)
{
    for (size_t size = BLOCK_MIN_SIZE; size <= MAPPED_MAX; size += 8) {
        uint32_t fl = 99, sl = 99, want_fl, want_sl;
        mapping_insert(size, &fl, &sl);
        class_of(size, &want_fl, &want_sl);
        CHECK_MSG(fl == want_fl && sl == want_sl,
                  "mapping_insert(%u) gave class (%u, %u), expected (%u, %u)", (unsigned)size,
                  (unsigned)fl, (unsigned)sl, (unsigned)want_fl, (unsigned)want_sl);
    }
}

TEST(mapping_search_gives_the_lowest_class_that_always_fits)
{
    uint32_t want_fl = 0, want_sl = 0;
    for (size_t size = BLOCK_MIN_SIZE; size <= MAPPED_MAX; size += 8) {
        uint32_t fl = 99, sl = 99;
        /* the lowest class whose smallest block is at least size */
        while (class_start(want_fl, want_sl) < size) {
            if (++want_sl == OS_MEM_SL_COUNT) {
                want_sl = 0;
                want_fl++;
            }
        }
        mapping_search(size, &fl, &sl);
        CHECK_MSG(fl == want_fl && sl == want_sl,
                  "mapping_search(%u) gave class (%u, %u), expected (%u, %u), the lowest "
                  "class whose blocks are all at least %u bytes",
                  (unsigned)size, (unsigned)fl, (unsigned)sl, (unsigned)want_fl, (unsigned)want_sl,
                  (unsigned)size);
    }
}

TEST(mapping_puts_every_class_boundary_in_its_list)
{
    /* for each class: its first size, and the last size of the class below */
    for (uint32_t fl = 0; class_start(fl, 0) <= POOL_BYTES / 4; fl++) {
        for (uint32_t sl = 0; sl < OS_MEM_SL_COUNT; sl++) {
            size_t start = class_start(fl, sl);
            for (int k = 0; k < 2; k++) {
                size_t size = start - (size_t)k * 8;
                uint32_t want_fl, want_sl;
                char *a;
                if (size < BLOCK_MIN_SIZE || start == 0) {
                    continue;
                }
                CHECK(fresh());
                a = take(size);
                CHECK_MSG(a != NULL && take(16) != NULL, "could not allocate %u bytes",
                          (unsigned)size);
                CHECK_EQ(block_size(blk(a)), size);
                CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
                class_of(size, &want_fl, &want_sl);
                CHECK_MSG(head->rows[want_fl].freeList[want_sl] == blk(a),
                          "a free block of %u bytes is not at the head of list (%u, %u)",
                          (unsigned)size, (unsigned)want_fl, (unsigned)want_sl);
                CHECK_MSG(index_matches_the_arena(), "after freeing %u bytes: %s", (unsigned)size,
                          why);
            }
        }
    }
}

TEST(search_rounds_up_so_the_block_found_always_fits)
{
    /* a free block at the bottom of its class, and a request higher in the
     * same class: that block is too small and must be passed over */
    size_t start = class_start(5, 0);
    size_t step = class_start(5, 1) - start;
    char *a, *p;
    CHECK(fresh());
    a = take(start + 8);
    CHECK(a != NULL && take(16) != NULL);
    CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
    p = take(start + step - 8);
    CHECK(p != NULL);
    CHECK_MSG(p != a, "a block of %u bytes was handed out for a need of %u", (unsigned)(start + 8),
              (unsigned)(start + step - 8));
    CHECK(block_size(blk(p)) >= start + step - 8);
    CHECK_MSG(index_matches_the_arena(), "%s", why);
}

TEST(search_takes_a_block_of_the_class_when_any_fits)
{
    /* a need at the very start of a class fits every block of the class; a
     * small need has an exact class */
    size_t start = class_start(5, 3);
    char *a, *b, *p;
    CHECK(fresh());
    a = take(start + 8);
    CHECK(a != NULL && take(16) != NULL);
    b = take(40);
    CHECK(b != NULL && take(16) != NULL);
    CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
    CHECK_EQ(LOS_MemFree(pool, b), LOS_OK);
    p = take(start);
    CHECK_MSG(p == a, "a need of %u bytes did not get the free block of %u in its class",
              (unsigned)start, (unsigned)(start + 8));
    p = take(40);
    CHECK_MSG(p == b, "a need of 40 bytes did not get the free block of 40");
    CHECK_MSG(index_matches_the_arena(), "%s", why);
}

TEST(search_looks_higher_in_the_same_row)
{
    /* the request's class is empty; a block two lists up in the same row
     * is the one to take, not the big block in the last row */
    size_t want = class_start(4, 1);
    char *a, *p;
    CHECK(fresh());
    a = take(class_start(4, 3) + 16);
    CHECK(a != NULL && take(16) != NULL);
    CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
    p = take(want);
    CHECK_MSG(p == a, "a need of %u did not get the free block of %u in the same row",
              (unsigned)want, (unsigned)(class_start(4, 3) + 16));
    CHECK_MSG(index_matches_the_arena(), "%s", why);
}

TEST(search_moves_up_to_the_next_non_empty_row)
{
    /* nothing fits in the request's row: the first non-empty row above it
     * wins over the last row */
    size_t want = class_start(3, OS_MEM_SL_COUNT - 2) + 8;
    char *a, *b, *p;
    CHECK(fresh());
    a = take(class_start(6, 2));
    CHECK(a != NULL && take(16) != NULL);
    b = take(class_start(3, 0)); /* a block in the request's row, but too small */
    CHECK(b != NULL && take(16) != NULL);
    CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
    CHECK_EQ(LOS_MemFree(pool, b), LOS_OK);
    p = take(want);
    CHECK_MSG(p == a, "a need of %u did not get the free block of %u two rows up", (unsigned)want,
              (unsigned)class_start(6, 2));
    CHECK(listed_on(blk(b), 3, 0));
    CHECK_MSG(index_matches_the_arena(), "%s", why);
}

TEST(search_fails_cleanly_when_no_class_fits)
{
    LOS_MEM_POOL_STATUS st;
    CHECK(fresh());
    CHECK(LOS_MemInfoGet(pool, &st) == LOS_OK);
    CHECK(LOS_MemAlloc(pool, st.maxFreeNodeSize) == NULL); /* rounds up past the last row */
    CHECK(LOS_MemAlloc(pool, 0x7ffffff0u) == NULL);        /* far past every row */
    CHECK(take(st.maxFreeNodeSize / 2) != NULL);
    CHECK(take(st.maxFreeNodeSize / 2) == NULL); /* what is left is too small */
    CHECK_MSG(index_matches_the_arena(), "%s", why);
}

TEST(init_indexes_the_one_free_block)
{
    uint32_t fl, sl;
    CHECK(fresh());
    class_of(block_size(head->arena.first), &fl, &sl);
    CHECK_EQ(fl, head->flCount - 1);
    CHECK_EQ(head->flBitmap, 1u << fl);
    CHECK_EQ(head->slBitmap[fl], 1u << sl);
    CHECK(head->rows[fl].freeList[sl] == head->arena.first);
    CHECK(head->arena.first->next_free == NULL && head->arena.first->prev_free == stand_in(fl, sl));
}

TEST(insert_pushes_at_the_head_of_its_list)
{
    char *a, *b;
    block_t *ba, *bb;
    CHECK(fresh());
    a = take(96);
    CHECK(a != NULL && take(16) != NULL);
    b = take(96);
    CHECK(b != NULL && take(16) != NULL);
    ba = blk(a);
    bb = blk(b);
    CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
    CHECK_EQ(LOS_MemFree(pool, b), LOS_OK);
    {
        uint32_t fl, sl;
        class_of(96, &fl, &sl);
        CHECK(head->rows[fl].freeList[sl] == bb);
        CHECK(bb->prev_free == stand_in(fl, sl) && bb->next_free == ba);
        CHECK(ba->prev_free == bb && ba->next_free == NULL);
        CHECK(head->slBitmap[fl] & (1u << sl));
        CHECK(head->flBitmap & (1u << fl));
    }
    CHECK_MSG(index_matches_the_arena(), "%s", why);
}

TEST(remove_unlinks_from_the_middle_the_end_and_the_head)
{
    /* three free blocks of one class, each with a used block behind it;
     * freeing that block merges it with the free one, which must first be
     * removed from the list: middle, then end, then the last one */
    char *x[3], *g[3];
    uint32_t fl, sl;
    CHECK(fresh());
    for (int i = 0; i < 3; i++) {
        x[i] = take(104);
        g[i] = take(24);
        CHECK(x[i] != NULL && g[i] != NULL && take(16) != NULL);
    }
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(LOS_MemFree(pool, x[i]), LOS_OK);
    }
    class_of(104, &fl, &sl);
    /* the list is x2, x1, x0 */
    CHECK(head->rows[fl].freeList[sl] == blk(x[2]));
    CHECK(blk(x[2])->prev_free == stand_in(fl, sl));
    CHECK_EQ(LOS_MemFree(pool, g[1]), LOS_OK); /* x1 leaves from the middle */
    CHECK(!listed_on(blk(x[1]), fl, sl));
    CHECK(blk(x[2])->next_free == blk(x[0]) && blk(x[0])->prev_free == blk(x[2]));
    CHECK_MSG(index_matches_the_arena(), "middle: %s", why);
    CHECK_EQ(LOS_MemFree(pool, g[0]), LOS_OK); /* x0 leaves from the end */
    CHECK(blk(x[2])->next_free == NULL && blk(x[2])->prev_free == stand_in(fl, sl));
    CHECK(head->slBitmap[fl] & (1u << sl));
    CHECK_MSG(index_matches_the_arena(), "end: %s", why);
    CHECK_EQ(LOS_MemFree(pool, g[2]), LOS_OK); /* x2, the last one */
    CHECK(head->rows[fl].freeList[sl] == NULL);
    CHECK_EQ(head->slBitmap[fl] & (1u << sl), 0);
    CHECK_MSG(index_matches_the_arena(), "last: %s", why);
}

TEST(bitmaps_follow_every_operation)
{
    void *live[48] = { 0 };
    uint32_t seed = 7;
    CHECK(fresh());
    for (int step = 0; step < 1500; step++) {
        unsigned i;
        seed = seed * 1103515245u + 12345u;
        i = (seed >> 16) % 48;
        if (live[i] != NULL) {
            CHECK_EQ(LOS_MemFree(pool, live[i]), LOS_OK);
            live[i] = NULL;
        } else {
            uint32_t bits = 3 + (seed >> 4) % 10;
            live[i] = LOS_MemAlloc(pool, 1 + (seed >> 8) % (1u << bits));
        }
        CHECK_MSG(index_matches_the_arena(), "step %d: %s", step, why);
    }
    for (unsigned i = 0; i < 48; i++) {
        if (live[i] != NULL) {
            CHECK_EQ(LOS_MemFree(pool, live[i]), LOS_OK);
        }
    }
    CHECK_MSG(index_matches_the_arena(), "at the end: %s", why);
    CHECK_EQ(head->flBitmap, 1u << (head->flCount - 1)); /* one block again, in the last row */
}

int main(void)
{
    RUN_TEST(mapping_insert_gives_each_size_its_class);
    RUN_TEST(mapping_search_gives_the_lowest_class_that_always_fits);
    RUN_TEST(mapping_puts_every_class_boundary_in_its_list);
    RUN_TEST(search_rounds_up_so_the_block_found_always_fits);
    RUN_TEST(search_takes_a_block_of_the_class_when_any_fits);
    RUN_TEST(search_looks_higher_in_the_same_row);
    RUN_TEST(search_moves_up_to_the_next_non_empty_row);
    RUN_TEST(search_fails_cleanly_when_no_class_fits);
    RUN_TEST(init_indexes_the_one_free_block);
    RUN_TEST(insert_pushes_at_the_head_of_its_list);
    RUN_TEST(remove_unlinks_from_the_middle_the_end_and_the_head);
    RUN_TEST(bitmaps_follow_every_operation);
    return kit_test_finish();
}
