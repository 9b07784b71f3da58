/*
 * Unit tests of stage 5, the k_malloc family: the same file on the host
 * (POSIX threads) and on the target (the scheduler in qemu/kernel.c).
 *
 * Each test starts from fresh heaps (the system heap and a second heap,
 * "other", made anew) and checks that it leaves them as they were: every
 * block back, the pool intact. A heap's state is read from its statistics.
 *
 * Lab 5 grades a subset of these tests (labs/lab5/tests.c includes this
 * file with KMALLOC_TESTS_NO_MAIN defined).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "block_align.h"
#include "kernel.h"
#include "kit_diag.h"
#include "kit_test.h"
#include "kmalloc.h"
#include "los_memory.h"
#include "los_memory_at.h"

#if !defined(__arm__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#define WORD sizeof(void *)
#define STACK 1024

K_HEAP_DEFINE(other, 2048);
static struct sys_memory_stats system_first, other_first;

K_THREAD_STACK_DEFINE(worker_stack, STACK);
static struct k_thread worker;

/* ------------------------------------------------------------ helpers */

static size_t used(struct k_heap *h)
{
    struct sys_memory_stats s;
    return sys_heap_runtime_stats_get(&h->heap, &s) == 0 ? s.allocated_bytes : 0;
}

static void remake(struct k_heap *h, struct sys_memory_stats *first)
{
    void *mem = h->heap.pool;
    size_t bytes = h->heap.size;
    LOS_MemDeInit(mem);
    k_heap_init(h, mem, bytes);
    sys_heap_runtime_stats_get(&h->heap, first);
}

/* Start a test on fresh heaps, the current thread with no pool. */
static void begin(void)
{
    remake(&_system_heap, &system_first);
    remake(&other, &other_first);
    k_thread_heap_assign(k_current_get(), NULL);
}

static int as_first(struct k_heap *h, const struct sys_memory_stats *first)
{
    struct sys_memory_stats now;
    return sys_heap_runtime_stats_get(&h->heap, &now) == 0 && sys_heap_validate(&h->heap) &&
           now.allocated_bytes == first->allocated_bytes && now.free_bytes == first->free_bytes;
}

/* Both heaps hold nothing and are intact. */
static int pristine(void)
{
    return as_first(&_system_heap, &system_first) && as_first(&other, &other_first);
}

static struct k_heap *heap_below(const void *p)
{
    return ((struct k_heap *const *)p)[-1];
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (unsigned char)(seed + i * 7);
    }
}

static int holds(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != (unsigned char)(seed + i * 7)) {
            return 0;
        }
    }
    return 1;
}

/* ------------------------------------------------------------ tests */

TEST(malloc_keeps_the_heap_just_below_the_block)
{
    begin();
    unsigned char *p = k_malloc(40);
    CHECK(p != NULL);
    CHECK_EQ((uintptr_t)p % WORD, 0);
    CHECK(heap_below(p) == &_system_heap);
    fill(p, 40, 1);
    CHECK(sys_heap_validate(&_system_heap.heap));
    k_free(p);
    CHECK(pristine());
}

TEST(malloc_costs_one_word_and_no_more)
{
    static const size_t sizes[] = { 1, 8, 13, 40, 100, 255 };
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        begin();
        size_t before = used(&_system_heap);
        void *p = k_heap_alloc(&_system_heap, sizes[i] + WORD, K_NO_WAIT);
        size_t plain = used(&_system_heap) - before;
        k_heap_free(&_system_heap, p);
        void *q = k_malloc(sizes[i]);
        CHECK(p != NULL && q != NULL);
        CHECK_MSG(used(&_system_heap) - before == plain, "k_malloc(%zu) took %zu bytes, not %zu",
                  sizes[i], used(&_system_heap) - before, plain);
        k_free(q);
        CHECK(pristine());
    }
}

TEST(aligned_alloc_puts_the_heap_pointer_on_the_gap_record)
{
    for (size_t align = 2 * WORD; align <= 256; align *= 2) {
        begin();
        void *p = k_aligned_alloc(align, 40);
        CHECK(p != NULL);
        CHECK_EQ((uintptr_t)p % align, 0);
        CHECK(heap_below(p) == &_system_heap);
        /* No padding: the record of the heap's aligned block is right under
         * the heap pointer, and it asked for the rewind of one word. */
        size_t word = 0;
        CHECK(block_gap_read((struct k_heap **)p - 1, &word) != NULL);
        CHECK_EQ(word, align | WORD);
        memset(p, 0x5a, 40);
        CHECK(sys_heap_validate(&_system_heap.heap));
        k_free(p);
        CHECK(pristine());
    }
}

TEST(rewind_costs_a_word_where_padding_costs_the_alignment)
{
    const size_t align = 256, n = 40;
    begin();
    size_t before = used(&_system_heap);
    void *plain = k_heap_aligned_alloc(&_system_heap, align, n, K_NO_WAIT);
    size_t plain_bytes = used(&_system_heap) - before;
    k_heap_free(&_system_heap, plain);
    void *padded = k_heap_aligned_alloc(&_system_heap, align, n + align, K_NO_WAIT);
    size_t padded_bytes = used(&_system_heap) - before;
    k_heap_free(&_system_heap, padded);
    void *p = k_aligned_alloc(align, n);
    size_t rewind_bytes = used(&_system_heap) - before;
    CHECK(plain != NULL && padded != NULL && p != NULL);
    printf("  %zu bytes aligned to %zu: %zu bytes alone, %zu with k_aligned_alloc, "
           "%zu with a padded heap pointer\n",
           n, align, plain_bytes, rewind_bytes, padded_bytes);
    CHECK(rewind_bytes <= plain_bytes + BLOCK_MIN_SIZE + 2 * BLOCK_ALIGN);
    CHECK(padded_bytes >= plain_bytes + align - BLOCK_ALIGN);
    k_free(p);
    CHECK(pristine());
}

TEST(calloc_zeroes_and_refuses_overflow)
{
    begin();
    unsigned char *p = k_malloc(64);
    CHECK(p != NULL);
    memset(p, 0xff, 64);
    k_free(p);
    p = k_calloc(8, 8);
    CHECK(p != NULL);
    for (int i = 0; i < 64; i++) {
        CHECK_EQ(p[i], 0);
    }
    k_free(p);
    CHECK(k_calloc(SIZE_MAX / 2, 3) == NULL);
    CHECK(k_calloc(3, SIZE_MAX / 2) == NULL);
    p = k_calloc(0, 8); /* as k_malloc(0): a block all the same */
    CHECK(p != NULL);
    k_free(p);
    CHECK(pristine());
}

TEST(malloc_of_nothing_gives_a_block_that_free_takes_back)
{
    begin();
    size_t before = used(&_system_heap);
    void *p = k_malloc(0);
    CHECK(p != NULL);
    CHECK(heap_below(p) == &_system_heap);
    CHECK(used(&_system_heap) > before);
    void *q = k_aligned_alloc(64, 0);
    CHECK(q != NULL);
    CHECK_EQ((uintptr_t)q % 64, 0);
    k_thread_heap_assign(k_current_get(), &other);
    void *r = z_thread_malloc(0);
    CHECK(r != NULL);
    CHECK(heap_below(r) == &other);
    unsigned diags = kit_diag_count;
    k_free(p);
    k_free(q);
    k_free(r);
    CHECK_EQ(kit_diag_count, diags);
    CHECK(pristine());
}

TEST(realloc_of_null_allocates_and_to_zero_frees)
{
    begin();
    unsigned char *p = k_realloc(NULL, 24);
    CHECK(p != NULL);
    CHECK(heap_below(p) == &_system_heap);
    fill(p, 24, 3);
    CHECK(k_realloc(p, 0) == NULL);
    CHECK(pristine());
}

TEST(realloc_keeps_the_data_of_aligned_blocks)
{
    begin();
    unsigned char *p = k_aligned_alloc(64, 48);
    void *walls[8];
    int nwalls = 0;
    CHECK(p != NULL);
    /* Small blocks until one lies right after p: then p cannot grow in
     * place and must move. */
    do {
        walls[nwalls] = k_malloc(16);
        CHECK(walls[nwalls] != NULL);
    } while ((unsigned char *)walls[nwalls++] < p && nwalls < 8);
    CHECK((unsigned char *)walls[nwalls - 1] > p);
    fill(p, 48, 5);
    unsigned char *q = k_realloc(p, 600);
    CHECK(q != NULL);
    CHECK(q != p);
    CHECK_EQ((uintptr_t)q % 64, 0);
    CHECK(heap_below(q) == &_system_heap);
    CHECK(holds(q, 48, 5));
    fill(q, 600, 9);
    unsigned char *r = k_realloc(q, 20); /* shrinks in place */
    CHECK(r == q);
    CHECK(holds(r, 20, 9));
    CHECK(heap_below(r) == &_system_heap);
    k_free(r);
    while (nwalls > 0) {
        k_free(walls[--nwalls]);
    }
    CHECK(pristine());
}

TEST(realloc_stays_in_the_heap_the_block_came_from)
{
    begin();
    k_thread_heap_assign(k_current_get(), &other);
    unsigned char *p = z_thread_aligned_alloc(32, 40);
    CHECK(p != NULL);
    CHECK(heap_below(p) == &other);
    fill(p, 40, 11);
    size_t system_used = used(&_system_heap);
    unsigned char *q = k_realloc(p, 900);
    CHECK(q != NULL);
    CHECK(heap_below(q) == &other);
    CHECK_EQ((uintptr_t)q % 32, 0);
    CHECK(holds(q, 40, 11));
    CHECK_EQ(used(&_system_heap), system_used);
    k_free(q);
    CHECK(pristine());
}

TEST(realloc_without_room_keeps_the_old_block)
{
    begin();
    unsigned char *p = k_malloc(40);
    CHECK(p != NULL);
    fill(p, 40, 13);
    CHECK(k_realloc(p, CONFIG_HEAP_MEM_POOL_SIZE) == NULL);
    CHECK(k_realloc(p, SIZE_MAX) == NULL);
    CHECK(k_realloc(p, SIZE_MAX - WORD + 1) == NULL);
    CHECK(holds(p, 40, 13));
    CHECK(heap_below(p) == &_system_heap);
    k_free(p);
    CHECK(pristine());
}

TEST(free_returns_a_block_to_a_heap_other_than_the_system_heap)
{
    begin();
    k_thread_heap_assign(k_current_get(), &other);
    void *p = z_thread_malloc(100);
    void *q = z_thread_aligned_alloc(128, 100);
    CHECK(p != NULL && q != NULL);
    CHECK(heap_below(p) == &other && heap_below(q) == &other);
    CHECK(as_first(&_system_heap, &system_first));
    CHECK(!as_first(&other, &other_first));
    k_free(p);
    k_free(q);
    CHECK(pristine());
}

static void *worker_got;
static struct k_heap *worker_pool;
static void worker_allocates(void *arg)
{
    (void)arg;
    worker_pool = k_current_get()->resource_pool;
    worker_got = z_thread_malloc(32);
}

/* Run worker_allocates in the structure "worker" and wait for it. */
static void run_worker(void)
{
    worker_got = (void *)&worker_got;
    worker_pool = (struct k_heap *)&worker_pool;
    k_thread_create(&worker, worker_stack, STACK, worker_allocates, NULL, -1);
    CHECK_EQ(k_thread_join(&worker, K_MSEC(3000)), 0);
}

TEST(a_thread_without_a_pool_gets_null)
{
    begin();
    CHECK(z_thread_malloc(32) == NULL);
    run_worker();
    CHECK(worker_pool == NULL);
    CHECK(worker_got == NULL);
    CHECK(pristine());
}

TEST(a_new_thread_takes_its_creators_pool)
{
    begin();
    k_thread_heap_assign(k_current_get(), &other);
    run_worker();
    CHECK(worker_pool == &other);
    CHECK(worker_got != NULL);
    CHECK(heap_below(worker_got) == &other);
    k_free(worker_got);
    k_thread_system_pool_assign(k_current_get());
    run_worker();
    CHECK(worker_pool == &_system_heap);
    CHECK(worker_got != NULL && heap_below(worker_got) == &_system_heap);
    k_free(worker_got);
    k_thread_heap_assign(k_current_get(), NULL);
    CHECK(pristine());
}

TEST(a_reused_thread_structure_carries_no_old_pool)
{
    begin();
    k_thread_heap_assign(k_current_get(), &other);
    run_worker();
    CHECK(worker_got != NULL);
    k_free(worker_got);
    /* The thread is dead; its structure still names the pool it had. A
     * new thread made in it by a creator with no pool has none. */
    k_thread_heap_assign(k_current_get(), NULL);
    k_thread_system_pool_assign(&worker);
    CHECK(worker.resource_pool == &_system_heap);
    run_worker();
    CHECK(worker_pool == NULL);
    CHECK(worker_got == NULL);
    CHECK(pristine());
}

/* Pools for threads, one after another: the old kit kept at most 16
 * threads with a pool and 8 heaps that had handed out blocks. */
#define MANY 20
static uint64_t small_pools[MANY][(Z_HEAP_MIN_SIZE + 64) / 8];
static struct k_heap small_heaps[MANY];

static void worker_takes_its_own_pool(void *arg)
{
    struct k_heap *h = arg;
    k_thread_heap_assign(k_current_get(), h);
    worker_got = z_thread_malloc(16);
    worker_pool = worker_got != NULL ? heap_below(worker_got) : NULL;
    k_free(worker_got);
}

TEST(no_table_limits_threads_or_heaps)
{
    begin();
    for (int i = 0; i < MANY; i++) {
        k_heap_init(&small_heaps[i], small_pools[i], sizeof small_pools[i]);
        worker_got = NULL;
        k_thread_create(&worker, worker_stack, STACK, worker_takes_its_own_pool, &small_heaps[i],
                        -1);
        CHECK_EQ(k_thread_join(&worker, K_MSEC(3000)), 0);
        CHECK_MSG(worker_got != NULL && worker_pool == &small_heaps[i],
                  "thread %d got no block from its pool", i);
    }
    /* Every heap served z_thread_malloc once and has its block back; the
     * system heap still serves k_malloc, and k_free still tells blocks of
     * every heap from strangers. */
    void *p = k_malloc(16);
    CHECK(p != NULL);
    k_free(p);
    k_thread_heap_assign(k_current_get(), &small_heaps[MANY - 1]);
    p = z_thread_malloc(16);
    CHECK(p != NULL && heap_below(p) == &small_heaps[MANY - 1]);
    k_free(p);
    k_thread_heap_assign(k_current_get(), &small_heaps[0]);
    p = z_thread_malloc(16);
    CHECK(p != NULL && heap_below(p) == &small_heaps[0]);
    k_free(p);
    for (int i = 0; i < MANY; i++) {
        size_t first = sizeof small_pools[i];
        struct sys_memory_stats st;
        CHECK(sys_heap_runtime_stats_get(&small_heaps[i].heap, &st) == 0);
        CHECK(sys_heap_validate(&small_heaps[i].heap));
        CHECK(st.free_bytes + st.allocated_bytes == first);
    }
    k_thread_heap_assign(k_current_get(), NULL);
    CHECK(pristine());
}

struct isr_report {
    int in_isr;
    void *malloc_block;
    void *thread_block;
    struct k_heap *malloc_heap;
    struct k_heap *thread_heap;
};

static void isr_allocates(const void *arg)
{
    struct isr_report *r = (struct isr_report *)(uintptr_t)arg;
    r->in_isr = k_is_in_isr();
    r->malloc_block = k_malloc(40);
    r->thread_block = z_thread_aligned_alloc(16, 40);
    if (r->malloc_block != NULL) {
        r->malloc_heap = heap_below(r->malloc_block);
    }
    if (r->thread_block != NULL) {
        r->thread_heap = heap_below(r->thread_block);
    }
    k_free(r->malloc_block);
    k_free(r->thread_block);
}

TEST(an_interrupt_allocates_from_the_system_heap)
{
    begin();
    k_thread_heap_assign(k_current_get(), &other); /* not what an interrupt uses */
    struct isr_report r = { 0, NULL, NULL, NULL, NULL };
    irq_offload(isr_allocates, &r);
    CHECK_EQ(r.in_isr, 1);
    CHECK(r.malloc_block != NULL && r.thread_block != NULL);
    CHECK(r.malloc_heap == &_system_heap);
    CHECK(r.thread_heap == &_system_heap);
    CHECK(pristine());
}

K_THREAD_STACK_DEFINE(second_stack, STACK);
static struct k_thread second;
static int churn_errors[2];

/* Worker: many blocks from k_malloc and from its own pool, each filled
 * and checked before it is freed. */
static void churn(void *arg)
{
    int me = (int)(uintptr_t)arg;
    void *held[4] = { NULL, NULL, NULL, NULL };
    k_thread_heap_assign(k_current_get(), &other);
    for (int i = 0; i < 200; i++) {
        int slot = i % 4;
        size_t n = 8 + (size_t)((i * 37 + me * 11) % 120);
        if (held[slot] != NULL) {
            if (!holds(held[slot], 8, (unsigned)(me * 64 + slot))) {
                churn_errors[me]++;
            }
            k_free(held[slot]);
        }
        held[slot] = (i + me) % 2 ? k_malloc(n) : z_thread_aligned_alloc(32, n);
        if (held[slot] != NULL) {
            fill(held[slot], 8, (unsigned)(me * 64 + slot));
        }
        if (i % 16 == 0) {
            k_yield();
        }
    }
    for (int slot = 0; slot < 4; slot++) {
        k_free(held[slot]);
    }
    k_thread_heap_assign(k_current_get(), NULL);
}

TEST(two_threads_share_both_heaps)
{
    begin();
    churn_errors[0] = churn_errors[1] = 0;
    k_thread_create(&worker, worker_stack, STACK, churn, (void *)(uintptr_t)0, 1);
    k_thread_create(&second, second_stack, STACK, churn, (void *)(uintptr_t)1, 1);
    CHECK_EQ(k_thread_join(&worker, K_MSEC(5000)), 0);
    CHECK_EQ(k_thread_join(&second, K_MSEC(5000)), 0);
    CHECK_EQ(churn_errors[0] + churn_errors[1], 0);
    CHECK(pristine());
}

TEST(free_refuses_a_block_from_k_heap_alloc)
{
    begin();
    void *p = k_heap_alloc(&_system_heap, 40, K_NO_WAIT);
    void *q = k_heap_aligned_alloc(&other, 64, 40, K_NO_WAIT);
    CHECK(p != NULL && q != NULL);
    size_t system_used = used(&_system_heap), other_used = used(&other);
    unsigned diags = kit_diag_count;
    k_free(p);
    CHECK_EQ(kit_diag_count, diags + 1);
    k_free(q);
    CHECK_EQ(kit_diag_count, diags + 2);
    CHECK(k_realloc(p, 80) == NULL);
    CHECK_EQ(kit_diag_count, diags + 3);
    CHECK_EQ(used(&_system_heap), system_used);
    CHECK_EQ(used(&other), other_used);
    CHECK(sys_heap_validate(&_system_heap.heap) && sys_heap_validate(&other.heap));
    k_heap_free(&_system_heap, p);
    k_heap_free(&other, q);
    CHECK(pristine());
}

TEST(bad_input_gets_a_defined_answer)
{
    begin();
    static uint64_t elsewhere[4];
    static const size_t bad_align[] = { 0, 3, 12, 24, 100, WORD / 2, SIZE_MAX };
    unsigned diags = kit_diag_count;
    for (unsigned i = 0; i < sizeof bad_align / sizeof bad_align[0]; i++) {
        CHECK_MSG(k_aligned_alloc(bad_align[i], 16) == NULL, "align %zu", bad_align[i]);
        CHECK_MSG(kit_diag_count > diags, "align %zu: no diagnostic", bad_align[i]);
        diags = kit_diag_count;
    }
    CHECK(z_thread_aligned_alloc(24, 16) == NULL);
    CHECK(kit_diag_count > diags);
    diags = kit_diag_count;
    /* Not clamped up to a word: a thread with a pool is refused too. */
    k_thread_heap_assign(k_current_get(), &other);
    CHECK(z_thread_aligned_alloc(3, 16) == NULL);
    CHECK(kit_diag_count > diags);
    diags = kit_diag_count;
    CHECK(z_thread_aligned_alloc(WORD + 1, 16) == NULL);
    CHECK(kit_diag_count > diags);
    k_thread_heap_assign(k_current_get(), NULL);
    diags = kit_diag_count;
    CHECK(k_malloc(SIZE_MAX) == NULL);
    CHECK(k_malloc(SIZE_MAX - WORD + 1) == NULL);
    CHECK(k_aligned_alloc(64, SIZE_MAX - 8) == NULL);
    CHECK(k_malloc(CONFIG_HEAP_MEM_POOL_SIZE) == NULL);
    k_free(NULL);
    CHECK(k_realloc(NULL, 0) == NULL);
    diags = kit_diag_count;
    k_free(&elsewhere[2]);
    CHECK(kit_diag_count > diags);
    diags = kit_diag_count;
    CHECK(k_realloc(&elsewhere[2], 16) == NULL);
    CHECK(kit_diag_count > diags);
    diags = kit_diag_count;
    k_thread_heap_assign(NULL, &other);
    CHECK(kit_diag_count > diags);
    CHECK(pristine());
}

TEST(rewind_entries_refuse_bad_alignment_words)
{
    begin();
    struct sys_heap *h = &_system_heap.heap;
    static const size_t bad[] = { 64 | 32 | 8, 64 | 2, 64 | 1, SIZE_MAX };
    unsigned diags = kit_diag_count;
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_MSG(sys_heap_aligned_alloc(h, bad[i], 16) == NULL, "word %#zx", bad[i]);
        CHECK_MSG(kit_diag_count > diags, "word %#zx: no diagnostic", bad[i]);
        diags = kit_diag_count;
    }
    CHECK(sys_heap_aligned_alloc(h, 64 | WORD, 0) == NULL);
    CHECK(sys_heap_aligned_alloc(h, 64 | WORD, SIZE_MAX) == NULL);
    CHECK(OsMemAllocAlignAt(h->pool, 16, 64, 64) == NULL); /* rewind not below */
    CHECK(OsMemAllocAlignAt(h->pool, 16, 64, 12) == NULL); /* not a power of two */
    CHECK(OsMemAllocAlignAt(h->pool, 16, 48, 8) == NULL);  /* boundary not one */
    CHECK(OsMemAllocAlignAt(h->pool, 16, 4, 2) == NULL);   /* boundary below 8 */
    CHECK(OsMemAllocAlignAt(h->pool, 0, 64, WORD) == NULL);
    CHECK(OsMemAllocAlignAt(NULL, 16, 64, WORD) == NULL);
    char *p = sys_heap_aligned_alloc(h, 128 | WORD, 16);
    CHECK(p != NULL);
    CHECK_EQ((uintptr_t)(p + WORD) % 128, 0);
    *(void **)p = NULL;
    CHECK(!sys_heap_free(h, p + WORD)); /* the aligned point is not the block */
    CHECK(sys_heap_free(h, p));
    CHECK(pristine());
}

TEST(free_refuses_a_misaligned_or_overwritten_pointer)
{
    begin();
    unsigned char *p = k_malloc(40);
    CHECK(p != NULL);
    unsigned diags = kit_diag_count;
    k_free(p + 1);
    CHECK(kit_diag_count > diags);
    struct k_heap *saved = heap_below(p);
    ((struct k_heap **)p)[-1] = (struct k_heap *)(uintptr_t)0x1000;
    diags = kit_diag_count;
    k_free(p);
    CHECK(kit_diag_count > diags);
    ((struct k_heap **)p)[-1] = &other; /* a known heap, but not this block's */
    diags = kit_diag_count;
    k_free(p);
    CHECK(kit_diag_count > diags);
    CHECK(!as_first(&_system_heap, &system_first));
    ((struct k_heap **)p)[-1] = saved;
    k_free(p);
    CHECK(pristine());
}

TEST(double_free_is_refused)
{
    begin();
    void *p = k_malloc(40);
    void *keep = k_malloc(40); /* so the freed block does not merge away */
    CHECK(p != NULL && keep != NULL);
    k_free(p);
    unsigned diags = kit_diag_count;
    k_free(p);
    CHECK(kit_diag_count > diags);
    CHECK(sys_heap_validate(&_system_heap.heap));
    k_free(keep);
    CHECK(pristine());
}

/* k_free() and k_realloc() must judge a pointer they did not hand out by
 * its address before they read the word below it: that word may belong to
 * another allocator (ASan sees a read before a malloc() block as an
 * overflow) or not be mapped at all. */
TEST(free_judges_a_pointer_before_reading_below_it)
{
    begin();
    unsigned diags = kit_diag_count;
    void *foreign = malloc(16);
    CHECK(foreign != NULL);
    k_free(foreign);
    CHECK_EQ(kit_diag_count, diags + 1);
    CHECK(k_realloc(foreign, 32) == NULL);
    CHECK_EQ(kit_diag_count, diags + 2);
    free(foreign);
    /* the first byte of a heap's buffer: the word below it is outside */
    k_free(_system_heap.heap.pool);
    CHECK_EQ(kit_diag_count, diags + 3);
#if !defined(__arm__)
    /* the first byte of a page whose neighbour below is not mapped */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(two != MAP_FAILED);
    CHECK_EQ(mprotect(two, page, PROT_NONE), 0);
    k_free(two + page);
    CHECK_EQ(kit_diag_count, diags + 4);
    CHECK(k_realloc(two + page, 16) == NULL);
    CHECK_EQ(kit_diag_count, diags + 5);
    munmap(two, 2 * page);
#endif
    CHECK(pristine());
}

/* Sizes near SIZE_MAX, where adding the heap pointer or a header
 * overflows: on 32 bits (the board, the -m32 host build) as on 64. */
TEST(huge_sizes_get_null_at_once)
{
    static const size_t huge[] = { SIZE_MAX, SIZE_MAX - WORD + 1, SIZE_MAX - 64, SIZE_MAX / 2 + 1 };
    begin();
    unsigned char *p = k_malloc(40);
    CHECK(p != NULL);
    fill(p, 40, 3);
    k_ticks_t before = k_uptime_ticks();
    for (unsigned i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        size_t n = huge[i];
        CHECK_MSG(k_malloc(n) == NULL, "k_malloc(%zu)", n);
        CHECK_MSG(k_calloc(1, n) == NULL, "k_calloc(1, %zu)", n);
        CHECK_MSG(k_calloc(n, 2) == NULL, "k_calloc(%zu, 2)", n);
        CHECK_MSG(k_aligned_alloc(64, n) == NULL, "k_aligned_alloc(64, %zu)", n);
        CHECK_MSG(k_realloc(p, n) == NULL, "k_realloc(p, %zu)", n);
        CHECK(holds(p, 40, 3));
        CHECK(heap_below(p) == &_system_heap);
    }
    CHECK(k_uptime_ticks() - before <= 1);
    k_free(p);
    CHECK(pristine());
}

TEST(system_heap_is_ready_before_main)
{
    CHECK(sys_heap_validate(&_system_heap.heap));
    CHECK(_system_heap.heap.size >= CONFIG_HEAP_MEM_POOL_SIZE);
}

/* Every test, in an order where each starts from fresh heaps. */
static int run_all_tests(void)
{
    RUN_TEST(system_heap_is_ready_before_main);
    RUN_TEST(malloc_keeps_the_heap_just_below_the_block);
    RUN_TEST(malloc_costs_one_word_and_no_more);
    RUN_TEST(aligned_alloc_puts_the_heap_pointer_on_the_gap_record);
    RUN_TEST(rewind_costs_a_word_where_padding_costs_the_alignment);
    RUN_TEST(calloc_zeroes_and_refuses_overflow);
    RUN_TEST(malloc_of_nothing_gives_a_block_that_free_takes_back);
    RUN_TEST(realloc_of_null_allocates_and_to_zero_frees);
    RUN_TEST(realloc_keeps_the_data_of_aligned_blocks);
    RUN_TEST(realloc_stays_in_the_heap_the_block_came_from);
    RUN_TEST(realloc_without_room_keeps_the_old_block);
    RUN_TEST(free_returns_a_block_to_a_heap_other_than_the_system_heap);
    RUN_TEST(a_thread_without_a_pool_gets_null);
    RUN_TEST(a_new_thread_takes_its_creators_pool);
    RUN_TEST(a_reused_thread_structure_carries_no_old_pool);
    RUN_TEST(no_table_limits_threads_or_heaps);
    RUN_TEST(an_interrupt_allocates_from_the_system_heap);
    RUN_TEST(two_threads_share_both_heaps);
    RUN_TEST(free_refuses_a_block_from_k_heap_alloc);
    RUN_TEST(bad_input_gets_a_defined_answer);
    RUN_TEST(rewind_entries_refuse_bad_alignment_words);
    RUN_TEST(free_refuses_a_misaligned_or_overwritten_pointer);
    RUN_TEST(double_free_is_refused);
    RUN_TEST(free_judges_a_pointer_before_reading_below_it);
    RUN_TEST(huge_sizes_get_null_at_once);
    return kit_test_finish();
}

#ifndef KMALLOC_TESTS_NO_MAIN
int main(void)
{
    return run_all_tests();
}
#endif
