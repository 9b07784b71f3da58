/*
 * Lab 3 graded tests: the index of TLSF. Each region has a test of its own
 * that calls its function directly: the mapping on every size, and the
 * look at the request's own list, the bitmap search, insert and remove on
 * an index the test writes by hand (the pool's control structure and a
 * few blocks that are only headers and links), so that a region earns its
 * points before the others work. Then the pool as a whole: which list a
 * freed block lands on, which block an allocation gets, and the bitmap and
 * the lists against the blocks of the arena after every call.
 *
 * The tests read the index as a tool does: the number of lists with
 * OsMemListCount(), a list's first block with OsMemListHead(), and the
 * bitmap's words at the start of the pool's lists. The list of a size is
 * worked out here the slow, obvious way (a loop for the logarithm, a
 * division for the slice), so the tests do not share a line with the code
 * they grade. Each test is one graded part; labs/lab3/points gives its
 * points.
 */
#include <string.h>

#include "kit_test.h"
/* The lab's los_memory.c itself (yours from exercises/lab3/, found first on
 * the include path, or the reference), so that the functions of the index,
 * which are static, can be graded alone; labs/lab3/lab.mk keeps the file
 * out of the link. */
#include "los_memory.c"

#define POOL_BYTES (64u * 1024u)
/* a wide pool (list heads are pointers), whose bitmap has more than one word */
#define WIDE_BYTES (1024u * 1024u)

static uint64_t pool[POOL_BYTES / 8];
static uint64_t wide[WIDE_BYTES / 8];
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

/* The list of a free block of `size` bytes, as the handout defines it:
 * below 64 bytes one list per multiple of 8; above, the 2^SLI lists of each
 * power of two, each an equal slice of it. */
static uint32_t list_of(size_t size)
{
    uint32_t t;
    size_t slice;

    if (size < OS_MEM_SMALL_SIZE) {
        return (uint32_t)((size - OS_MEM_SMALL_BASE) / 8);
    }
    t = log2_floor(size);
    slice = ((size_t)1 << t) / OS_MEM_SL_COUNT;
    return OS_MEM_SMALL_LISTS + (t - OS_MEM_SMALL_SHIFT) * OS_MEM_SL_COUNT +
           (uint32_t)((size - ((size_t)1 << t)) / slice);
}

/* The smallest size of list n. */
static size_t list_start(uint32_t n)
{
    size_t power;

    if (n < OS_MEM_SMALL_LISTS) {
        return OS_MEM_SMALL_BASE + (size_t)n * 8;
    }
    n -= OS_MEM_SMALL_LISTS;
    power = (size_t)OS_MEM_SMALL_SIZE << (n / OS_MEM_SL_COUNT);
    return power + (power / OS_MEM_SL_COUNT) * (n % OS_MEM_SL_COUNT);
}

/* The bitmap's words of the pool p: at the start of its lists, as many as
 * a narrow or a wide pool has. */
static uint32_t *bitmap_of(void *p)
{
    return (uint32_t *)(void *)((OsMemPoolHead *)p)->lists;
}

static uint32_t words_of(const void *p)
{
    return ((const OsMemPoolHead *)p)->poolSize > OS_MEM_NARROW_POOL_MAX ? OS_MEM_WIDE_WORDS
                                                                         : OS_MEM_NARROW_WORDS;
}

/* Bit n of the pool's bitmap: is list n said to hold a block? */
static int bit_of(void *p, uint32_t n)
{
    return (int)((bitmap_of(p)[n / 32] >> (n % 32)) & 1u);
}

static int fresh_pool(void *p, uint32_t bytes)
{
    memset(p, 0x5a, bytes);
    return LOS_MemInit(p, bytes) == LOS_OK;
}

static int fresh(void)
{
    return fresh_pool(pool, sizeof pool);
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

static size_t largest_free(void *p)
{
    LOS_MEM_POOL_STATUS st;
    return LOS_MemInfoGet(p, &st) == LOS_OK ? st.maxFreeNodeSize : 0;
}

/* Is b on list n of the pool p? */
static int listed_on(void *p, const block_t *b, uint32_t n)
{
    uint32_t seen = 0;
    for (const block_t *x = OsMemListHead(p, n); x != NULL && seen < 10000;
         x = x->next_free, seen++) {
        if (x == b) {
            return 1;
        }
    }
    return 0;
}

/*
 * The whole index of the pool p against the model: each bit of the bitmap
 * says exactly whether its list is empty, and no bit is set past the
 * pool's lists; every listed block is free, in the arena, of the list's
 * sizes, with a correct back link (NULL for the first); and the lists hold
 * exactly the free blocks of the arena. On a fault, `why` says what.
 */
static char why[160];

static int index_matches_the_arena(void *p)
{
    const OsMemPoolHead *h = (const OsMemPoolHead *)p;
    uint32_t lists = OsMemListCount(p);
    size_t free_blocks = 0, listed = 0;

    for (block_t *b = h->arena.first; block_size(b) != 0; b = block_next(b)) {
        free_blocks += !block_is_used(b);
    }
    for (uint32_t n = lists; n < words_of(p) * 32; n++) {
        if (bit_of(p, n)) {
            snprintf(why, sizeof why, "bit %u is set, but the pool has %u lists", (unsigned)n,
                     (unsigned)lists);
            return 0;
        }
    }
    for (uint32_t n = 0; n < lists; n++) {
        const block_t *prev = NULL;
        if (bit_of(p, n) != (OsMemListHead(p, n) != NULL)) {
            snprintf(why, sizeof why, "list %u: bit %d but first block %p", (unsigned)n,
                     bit_of(p, n), (void *)OsMemListHead(p, n));
            return 0;
        }
        for (const block_t *b = OsMemListHead(p, n); b != NULL; prev = b, b = b->next_free) {
            if ((const char *)b < (const char *)h->arena.first ||
                (const char *)b >= (const char *)h->arena.end || block_is_used(b) ||
                b->prev_free != prev || ++listed > free_blocks) {
                snprintf(why, sizeof why, "list %u holds a bad entry %p", (unsigned)n,
                         (const void *)b);
                return 0;
            }
            if (list_of(block_size(b)) != n) {
                snprintf(why, sizeof why, "a free block of %u bytes is on list %u, its list is %u",
                         (unsigned)block_size(b), (unsigned)n, (unsigned)list_of(block_size(b)));
                return 0;
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

/* ------------------------------------------------- an index made by hand */

/*
 * For the tests of one function of the index: the control structure of a
 * pool of `size` bytes (narrow or wide) with its bitmap and every list
 * empty, and an arena with no block in it yet. Its blocks are made by hand
 * in `pool`, past its first KiB (which holds the control structure of any
 * pool), each one a header and two links with a pattern in them, at an
 * address whose payload is 8-byte aligned, as in a real arena.
 */
#define HAND_CONTROL 1024u
#define HAND_FIRST (HAND_CONTROL + (BLOCK_ALIGN - BLOCK_HEADER_SIZE % BLOCK_ALIGN) % BLOCK_ALIGN)

static void hand_index(uint32_t size)
{
    memset(pool, 0x5a, sizeof pool);
    memset(pool, 0, HAND_CONTROL);
    head->magic = OS_MEM_POOL_MAGIC;
    head->poolSize = size;
    head->arena.first = (block_t *)(void *)((char *)pool + HAND_FIRST);
    head->arena.end = (block_t *)(void *)((char *)pool + sizeof pool - BLOCK_HEADER_SIZE);
}

static block_t *hand_block(unsigned k, size_t size)
{
    block_t *b = (block_t *)(void *)((char *)pool + HAND_FIRST + 64u * k);
    b->size_flags = block_seal(size); /* free, no flag set, a sound check byte */
    return b;
}

/* Put the k blocks bs[] on list n, bs[0] first, and set the list's bit. */
static void hand_list(uint32_t n, block_t *const *bs, unsigned k)
{
    for (unsigned i = 0; i < k; i++) {
        bs[i]->prev_free = i == 0 ? NULL : bs[i - 1];
        bs[i]->next_free = i + 1 == k ? NULL : bs[i + 1];
    }
    set_list_head(head, n, k == 0 ? NULL : bs[0]);
    bitmap_of(pool)[n / 32] |= (uint32_t)1 << (n % 32);
}

/* ------------------------------------------- each region, called directly */

/* The sizes the mapping test tries: every size a block can have in a
 * 64 KiB pool and the sizes just past it, then sizes around each power of
 * two from 128 bytes to 2 GiB and around the middle of each, for the lists
 * of pools up to 4 GiB. */
#define MAPPED_MAX (4 * POOL_BYTES)
#define DENSE_SIZES ((MAPPED_MAX - BLOCK_MIN_SIZE) / 8 + 1)
#define TRIED_SIZES (DENSE_SIZES + 5 * 25)

static size_t tried_size(unsigned i)
{
    size_t power;
    if (i < DENSE_SIZES) {
        return BLOCK_MIN_SIZE + (size_t)i * 8;
    }
    i -= DENSE_SIZES;
    power = (size_t)128 << (i / 5);
    switch (i % 5) {
    case 0:
        return power - 8;
    case 1:
        return power;
    case 2:
        return power + 8;
    case 3:
        return power + power / 2 - 8;
    default:
        return power + power / 2;
    }
}

TEST(mapping_insert_gives_each_size_its_list)
{
    for (unsigned i = 0; i < TRIED_SIZES; i++) {
        size_t size = tried_size(i);
        uint32_t n = mapping_insert(size);
        CHECK_MSG(
            n == list_of(size), "mapping_insert(%lu) gave list %u, expected list %u [%lu, %lu)",
            (unsigned long)size, (unsigned)n, (unsigned)list_of(size),
            (unsigned long)list_start(list_of(size)), (unsigned long)list_start(list_of(size) + 1));
    }
}

/* find_suitable_block on a hand-made index with blocks on the lists marks[]:
 * from each n, the lowest marked list at or above n, or NULL past them. */
static int search_matches(const uint32_t *marks, unsigned k, block_t *const *firsts)
{
    uint32_t end = words_of(pool) * 32;
    for (uint32_t n = 0; n < end + 40; n++) {
        uint32_t got = n;
        unsigned want = 0;
        block_t *b;
        while (want < k && marks[want] < n) {
            want++;
        }
        if (n >= end) {
            want = k; /* past the bitmap, there is none */
        }
        b = find_suitable_block(head, &got);
        if (want == k && b != NULL) {
            snprintf(why, sizeof why, "from list %u it found %p (list %u), expected NULL",
                     (unsigned)n, (void *)b, (unsigned)got);
            return 0;
        }
        if (want < k && (b != firsts[want] || got != marks[want])) {
            snprintf(why, sizeof why, "from list %u it found %p and list %u, expected %p, list %u",
                     (unsigned)n, (void *)b, (unsigned)got, (void *)firsts[want],
                     (unsigned)marks[want]);
            return 0;
        }
    }
    return 1;
}

TEST(find_suitable_takes_the_lowest_set_bit_at_or_above_n)
{
    /* a narrow pool; lists 0 and 1 have blocks too, so a search that reads
     * past the bitmap's last word reads their heads as bits */
    static const uint32_t marks[] = { 0, 1, 5, 9, 12, 25 };
    block_t *firsts[6];
    hand_index(POOL_BYTES);
    for (unsigned i = 0; i < 6; i++) {
        firsts[i] = hand_block(i, 64);
        hand_list(marks[i], &firsts[i], 1);
    }
    CHECK_MSG(search_matches(marks, 6, firsts), "narrow pool: %s", why);
}

TEST(find_suitable_goes_on_to_the_next_word)
{
    /* a wide pool: its bitmap has two words at least; list 33 is bit 1 of
     * the second */
    static const uint32_t marks[] = { 3, 33, 40 };
    block_t *firsts[3];
    hand_index(WIDE_BYTES);
    for (unsigned i = 0; i < 3; i++) {
        firsts[i] = hand_block(i, 64);
        hand_list(marks[i], &firsts[i], 1);
    }
    CHECK_MSG(search_matches(marks, 3, firsts), "wide pool: %s", why);
}

TEST(insert_pushes_at_the_head_and_sets_the_bit)
{
    block_t *a, *b, *c, *d;
    hand_index(POOL_BYTES);
    a = hand_block(0, 1024);
    b = hand_block(1, 1032);
    c = hand_block(2, 2048);
    insert_free_block(head, a, 7);
    CHECK_MSG(list_head(head, 7) == a, "the first block of list 7 is %p, not the block %p",
              (void *)list_head(head, 7), (void *)a);
    CHECK_MSG(a->next_free == NULL && a->prev_free == NULL,
              "the only block of a list links to %p and back to %p, not to NULL both",
              (void *)a->next_free, (void *)a->prev_free);
    CHECK_EQ(bitmap_of(pool)[0], 1u << 7);
    insert_free_block(head, b, 7);
    CHECK_MSG(list_head(head, 7) == b, "the block inserted last is not first on its list");
    CHECK_MSG(b->next_free == a && b->prev_free == NULL,
              "the new first block links to %p and back to %p, expected %p and NULL",
              (void *)b->next_free, (void *)b->prev_free, (void *)a);
    CHECK_MSG(a->prev_free == b, "the old first block links back to %p, not to the new one %p",
              (void *)a->prev_free, (void *)b);
    CHECK_MSG(a->next_free == NULL, "the last block's next link is %p", (void *)a->next_free);
    insert_free_block(head, c, 20);
    CHECK(list_head(head, 20) == c && c->next_free == NULL && c->prev_free == NULL);
    CHECK(list_head(head, 7) == b);
    CHECK_EQ(bitmap_of(pool)[0], (1u << 7) | (1u << 20));
    for (uint32_t w = 1; w < words_of(pool); w++) {
        CHECK_EQ(bitmap_of(pool)[w], 0);
    }
    /* list 33 of a wide pool: bit 1 of the bitmap's second word */
    hand_index(WIDE_BYTES);
    d = hand_block(3, 1024);
    insert_free_block(head, d, 33);
    CHECK(list_head(head, 33) == d && d->next_free == NULL && d->prev_free == NULL);
    CHECK_EQ(bitmap_of(pool)[0], 0);
    CHECK_EQ(bitmap_of(pool)[1], 1u << 1);
}

TEST(remove_unlinks_from_the_middle_the_end_and_the_head)
{
    block_t *x[4], *y, *z;
    hand_index(POOL_BYTES);
    for (unsigned i = 0; i < 4; i++) {
        x[i] = hand_block(i, 1024 + 8 * i);
    }
    y = hand_block(4, 64);
    hand_list(9, x, 4); /* list 9: x0, x1, x2, x3 */
    hand_list(4, &y, 1);
    remove_free_block(head, x[2], 9); /* from the middle */
    CHECK_MSG(x[1]->next_free == x[3] && x[3]->prev_free == x[1],
              "after removing the third block: the second links to %p, the fourth back to %p",
              (void *)x[1]->next_free, (void *)x[3]->prev_free);
    CHECK(list_head(head, 9) == x[0] && bit_of(pool, 9));
    remove_free_block(head, x[3], 9); /* the end */
    CHECK_MSG(x[1]->next_free == NULL, "after removing the last block, the one before links to %p",
              (void *)x[1]->next_free);
    CHECK(list_head(head, 9) == x[0] && bit_of(pool, 9));
    remove_free_block(head, x[0], 9); /* the first, which has a next */
    CHECK_MSG(list_head(head, 9) == x[1],
              "after removing the first block, the list starts at %p, not at the next one %p",
              (void *)list_head(head, 9), (void *)x[1]);
    CHECK_MSG(x[1]->prev_free == NULL, "the new first block links back to %p, not to NULL",
              (void *)x[1]->prev_free);
    CHECK_MSG(bit_of(pool, 9), "the bit of a list that still has a block was cleared");
    remove_free_block(head, x[1], 9); /* the only one */
    CHECK_MSG(list_head(head, 9) == NULL, "the emptied list starts at %p, not at NULL",
              (void *)list_head(head, 9));
    CHECK_MSG(!bit_of(pool, 9), "the bit of the emptied list is still set");
    CHECK_MSG(list_head(head, 4) == y && bitmap_of(pool)[0] == 1u << 4,
              "another list changed: bitmap %#x", (unsigned)bitmap_of(pool)[0]);
    /* list 33 of a wide pool: bit 1 of the bitmap's second word */
    hand_index(WIDE_BYTES);
    z = hand_block(5, 1024);
    hand_list(33, &z, 1);
    remove_free_block(head, z, 33);
    CHECK(list_head(head, 33) == NULL);
    CHECK_EQ(bitmap_of(pool)[1], 0);
}

TEST(own_class_takes_the_first_block_that_fits_within_the_tries)
{
    /* list n holds blocks of growing sizes; a need of the size of block k
     * is met by block k when the look reaches it */
    enum { K = OS_MEM_OWN_CLASS_TRIES + 2 };
    uint32_t n = list_of(1024), empty = list_of(2048);
    block_t *bs[K];
    hand_index(POOL_BYTES);
    for (unsigned i = 0; i < K; i++) {
        bs[i] = hand_block(i, list_start(n) + 8 * i);
    }
    hand_list(n, bs, K);
    for (unsigned k = 0; k < K; k++) {
        size_t need = block_size(bs[k]);
        block_t *got = search_own_class(head, need, n);
        if (k < OS_MEM_OWN_CLASS_TRIES) {
            CHECK_MSG(got == bs[k], "a need of %u bytes got %p, not block %u of its list %p",
                      (unsigned)need, (void *)got, k, (void *)bs[k]);
        } else {
            CHECK_MSG(got == NULL,
                      "a need of %u bytes got %p: block %u of its list, past the first %u",
                      (unsigned)need, (void *)got, k, (unsigned)OS_MEM_OWN_CLASS_TRIES);
        }
    }
    CHECK(search_own_class(head, list_start(n) + 8 * K, n) == NULL);
    CHECK(search_own_class(head, list_start(empty), empty) == NULL);
    /* the list did not change */
    CHECK(list_head(head, n) == bs[0] && bit_of(pool, n));
}

/* ------------------------------------------------------- the whole pool */

TEST(init_files_the_one_free_block)
{
    void *pools[2] = { pool, wide };
    uint32_t sizes[2] = { sizeof pool, sizeof wide };
    for (int i = 0; i < 2; i++) {
        const OsMemPoolHead *h = (const OsMemPoolHead *)pools[i];
        block_t *first;
        uint32_t n;
        CHECK(fresh_pool(pools[i], sizes[i]));
        first = h->arena.first;
        n = list_of(block_size(first));
        CHECK_MSG(n < OsMemListCount(pools[i]),
                  "a pool of %u bytes has %u lists, its block is on %u", (unsigned)sizes[i],
                  (unsigned)OsMemListCount(pools[i]), (unsigned)n);
        CHECK_MSG(OsMemListHead(pools[i], n) == first,
                  "pool of %u bytes: its one block %p is not first on list %u", (unsigned)sizes[i],
                  (void *)first, (unsigned)n);
        CHECK(first->next_free == NULL && first->prev_free == NULL);
        for (uint32_t w = 0; w < words_of(pools[i]); w++) {
            CHECK_EQ(bitmap_of(pools[i])[w], w == n / 32 ? 1u << (n % 32) : 0);
        }
        CHECK_MSG(index_matches_the_arena(pools[i]), "pool of %u bytes: %s", (unsigned)sizes[i],
                  why);
    }
}

TEST(free_blocks_land_on_the_list_of_their_size)
{
    /* for each list: a block of its first size, and one of the size below */
    for (uint32_t n = 0; list_start(n) <= POOL_BYTES / 4; n++) {
        for (int k = 0; k < 2; k++) {
            size_t size = list_start(n) - (size_t)k * 8;
            char *a;
            if (size < BLOCK_MIN_SIZE || list_start(n) < 8) {
                continue;
            }
            CHECK(fresh());
            a = take(size);
            CHECK_MSG(a != NULL && take(BLOCK_MIN_SIZE) != NULL, "could not allocate %u bytes",
                      (unsigned)size);
            CHECK_EQ(block_size(blk(a)), size);
            CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
            CHECK_MSG(OsMemListHead(pool, list_of(size)) == blk(a),
                      "a free block of %u bytes is not first on list %u", (unsigned)size,
                      (unsigned)list_of(size));
            CHECK_MSG(index_matches_the_arena(pool), "after freeing %u bytes: %s", (unsigned)size,
                      why);
        }
    }
}

TEST(alloc_passes_over_a_too_small_block_of_its_own_list)
{
    /* a free block at the bottom of its list, and a request higher in the
     * same list: that block is too small, so the request goes to a list
     * above, where every block fits */
    uint32_t n = list_of(1024);
    size_t start = list_start(n), next = list_start(n + 1);
    char *a, *p;
    CHECK(fresh());
    a = take(start + 8);
    CHECK(a != NULL && take(BLOCK_MIN_SIZE) != NULL);
    CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
    p = take(next - 8);
    CHECK(p != NULL);
    CHECK_MSG(p != a, "a block of %u bytes was handed out for a need of %u", (unsigned)(start + 8),
              (unsigned)(next - 8));
    CHECK(block_size(blk(p)) >= next - 8);
    CHECK_MSG(listed_on(pool, blk(a), n), "the block of %u bytes left its list",
              (unsigned)(start + 8));
    CHECK_MSG(index_matches_the_arena(pool), "%s", why);
}

TEST(alloc_takes_the_lowest_non_empty_list_that_fits)
{
    /* free blocks on lists n + 1 and n + 3, and the rest of the pool on the
     * last list: a need in list n, whose own list is empty, takes n + 1,
     * then n + 3, not the rest; a need at the very start of a list takes a
     * block of that list, and a small need its exact list */
    uint32_t n = list_of(512);
    char *a, *b, *c, *d, *p;
    CHECK(fresh());
    a = take(list_start(n + 3));
    CHECK(a != NULL && take(BLOCK_MIN_SIZE) != NULL);
    b = take(list_start(n + 1));
    CHECK(b != NULL && take(BLOCK_MIN_SIZE) != NULL);
    c = take(list_start(n) + 8);
    CHECK(c != NULL && take(BLOCK_MIN_SIZE) != NULL);
    d = take(40);
    CHECK(d != NULL && take(BLOCK_MIN_SIZE) != NULL);
    CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
    CHECK_EQ(LOS_MemFree(pool, b), LOS_OK);
    p = take(list_start(n) + 16);
    CHECK_MSG(p == b, "a need of %u did not get the free block of %u on the next list",
              (unsigned)(list_start(n) + 16), (unsigned)list_start(n + 1));
    p = take(list_start(n) + 16);
    CHECK_MSG(p == a, "a need of %u did not get the free block of %u, three lists up",
              (unsigned)(list_start(n) + 16), (unsigned)list_start(n + 3));
    CHECK_EQ(LOS_MemFree(pool, c), LOS_OK);
    CHECK_EQ(LOS_MemFree(pool, d), LOS_OK);
    p = take(list_start(n));
    CHECK_MSG(p == c, "a need of %u did not get the free block of %u on its list",
              (unsigned)list_start(n), (unsigned)(list_start(n) + 8));
    p = take(40);
    CHECK_MSG(p == d, "a need of 40 bytes did not get the free block of 40");
    CHECK_MSG(index_matches_the_arena(pool), "%s", why);
}

TEST(alloc_looks_in_its_own_list_first)
{
    /* a freed block comes back for the same need although the rest of the
     * pool, on a list above, is free too; the whole free block of a fresh
     * pool can be had at once; and a block of the own list that is too
     * small is not handed out when nothing above is free */
    size_t own = list_start(list_of(1024)) + 64;
    size_t whole;
    char *a, *p;
    CHECK(fresh());
    a = take(own);
    CHECK(a != NULL && take(BLOCK_MIN_SIZE) != NULL);
    CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
    p = take(own);
    CHECK_MSG(p == a,
              "a need of %u did not get the free block of %u bytes on its own list, but %p from "
              "a list above",
              (unsigned)own, (unsigned)own, (void *)p);
    CHECK(fresh());
    whole = largest_free(pool);
    p = LOS_MemAlloc(pool, (uint32_t)(whole - BLOCK_HEADER_SIZE));
    CHECK_MSG(p != NULL, "the pool's one free block of %u bytes was not handed out whole",
              (unsigned)whole);
    CHECK_EQ(LOS_MemFree(pool, p), LOS_OK);
    a = take(own);
    CHECK(a != NULL);
    p = LOS_MemAlloc(pool, (uint32_t)(largest_free(pool) - BLOCK_HEADER_SIZE));
    CHECK_MSG(p != NULL, "the rest of the pool was not handed out whole");
    CHECK_EQ(LOS_MemFree(pool, a), LOS_OK);
    CHECK_MSG(take(own + 8) == NULL, "a need of %u got a block, the only free one is %u bytes",
              (unsigned)(own + 8), (unsigned)own);
    CHECK_MSG(take(own) == a, "a need of %u did not get the free block of %u bytes on its list",
              (unsigned)own, (unsigned)own);
    CHECK_MSG(index_matches_the_arena(pool), "%s", why);
}

TEST(alloc_fails_cleanly_when_no_block_fits)
{
    size_t whole;
    CHECK(fresh());
    whole = largest_free(pool);
    CHECK(LOS_MemAlloc(pool, (uint32_t)whole) == NULL); /* a header more than there is */
    CHECK(LOS_MemAlloc(pool, 0x7ffffff0u) == NULL);     /* far past every list */
    CHECK(LOS_MemAlloc(pool, UINT32_MAX) == NULL);
    CHECK(take(whole / 2) != NULL);
    CHECK(take(whole / 2 + 64) == NULL); /* what is left is too small */
    CHECK_MSG(index_matches_the_arena(pool), "%s", why);
}

TEST(a_wide_pool_finds_its_block_past_the_first_word)
{
    /* a fresh 1 MiB pool: its one block is on a list of the bitmap's
     * second word, and every request, small or large, is served from it */
    static const uint32_t needs[] = { 1, 100, 5000, 300000 };
    void *p[4];
    CHECK(fresh_pool(wide, sizeof wide));
    for (int i = 0; i < 4; i++) {
        p[i] = LOS_MemAlloc(wide, needs[i]);
        CHECK_MSG(p[i] != NULL, "a fresh pool of 1 MiB did not serve %u bytes", (unsigned)needs[i]);
        CHECK_MSG(index_matches_the_arena(wide), "after %u bytes: %s", (unsigned)needs[i], why);
    }
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(LOS_MemFree(wide, p[i]), LOS_OK);
    }
    CHECK_MSG(index_matches_the_arena(wide), "%s", why);
    CHECK_EQ(bitmap_of(wide)[0], 0);
}

TEST(bitmap_and_lists_follow_every_operation)
{
    void *live[48] = { 0 };
    uint32_t seed = 7;
    uint32_t n;
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
        CHECK_MSG(index_matches_the_arena(pool), "step %d: %s", step, why);
    }
    for (unsigned i = 0; i < 48; i++) {
        if (live[i] != NULL) {
            CHECK_EQ(LOS_MemFree(pool, live[i]), LOS_OK);
        }
    }
    CHECK_MSG(index_matches_the_arena(pool), "at the end: %s", why);
    /* one block again, alone on its list */
    n = list_of(block_size(head->arena.first));
    CHECK(OsMemListHead(pool, n) == head->arena.first);
    for (uint32_t w = 0; w < words_of(pool); w++) {
        CHECK_EQ(bitmap_of(pool)[w], w == n / 32 ? 1u << (n % 32) : 0);
    }
}

int main(void)
{
    RUN_TEST(mapping_insert_gives_each_size_its_list);
    RUN_TEST(own_class_takes_the_first_block_that_fits_within_the_tries);
    RUN_TEST(find_suitable_takes_the_lowest_set_bit_at_or_above_n);
    RUN_TEST(find_suitable_goes_on_to_the_next_word);
    RUN_TEST(insert_pushes_at_the_head_and_sets_the_bit);
    RUN_TEST(remove_unlinks_from_the_middle_the_end_and_the_head);
    RUN_TEST(init_files_the_one_free_block);
    RUN_TEST(free_blocks_land_on_the_list_of_their_size);
    RUN_TEST(alloc_looks_in_its_own_list_first);
    RUN_TEST(alloc_passes_over_a_too_small_block_of_its_own_list);
    RUN_TEST(alloc_takes_the_lowest_non_empty_list_that_fits);
    RUN_TEST(alloc_fails_cleanly_when_no_block_fits);
    RUN_TEST(a_wide_pool_finds_its_block_past_the_first_word);
    RUN_TEST(bitmap_and_lists_follow_every_operation);
    return kit_test_finish();
}
