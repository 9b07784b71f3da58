/*
 * Lab 4 graded tests: the blocking loop of k_heap and the wake-up in free.
 *
 * They are stage 4's unit tests (tests/unit/test_kheap.c), included here
 * without their main, so the lab is graded on exactly what the stage is
 * tested on, plus one test of the lab's own below. labs/lab4/points lists
 * the graded ones and their points.
 *
 * The image is built with CONFIG_SPIN_VALIDATE (mk/labs.mk): the kernel
 * stops the program when a lock is released that nobody holds or when
 * z_pend_curr() is called without its lock (qemu/kernel.c), so forgetting
 * to take the lock again after z_pend_curr() fails the first test that
 * waits.
 */
#define KHEAP_TESTS_NO_MAIN
#include "unit/test_kheap.c"

/*
 * The lost wake-up, made to happen every time. An interrupt that frees a
 * block arrives while the allocating thread holds the heap's lock for its
 * first, failed try; it runs the moment the lock is first released. Done
 * right, that moment is inside z_pend_curr(), when the thread is already on
 * the wait queue, so the free wakes it at once. If the lock is released
 * between the failed try and z_pend_curr(), the free comes while nobody
 * waits, and the thread then sleeps until its deadline next to a free
 * block.
 */
#define WINDOW_DEADLINE K_MSEC(400)

static void frees_in_the_window(const void *arg)
{
    (void)arg;
    k_heap_free(&heap, blocks[0]);
}

TEST(a_free_while_the_lock_is_held_is_not_lost)
{
    begin();
    fill();
    CHECK(nblocks >= 2);
    irq_offload_at_next_lock(&heap.lock, frees_in_the_window, NULL);
    k_ticks_t before = k_uptime_ticks();
    void *p = k_heap_alloc(&heap, SMALL, WINDOW_DEADLINE);
    k_ticks_t waited = k_uptime_ticks() - before;
    CHECK_MSG(p != NULL, "no block, although an interrupt freed one while the lock was held");
    blocks[0] = p;
    /* at once, give or take the emulator's own pauses; never the deadline */
    CHECK_MSG(waited < WINDOW_DEADLINE.ticks / 2,
              "the block freed while the lock was held came after %d ticks, at the deadline: "
              "the free found nobody waiting (is the lock released between the failed try and "
              "z_pend_curr?)",
              (int)waited);
    empty();
    CHECK(pristine());
}

int main(void)
{
    heap_setup();
    RUN_TEST(a_free_while_the_lock_is_held_is_not_lost);
    LOS_MemDeInit(pool_mem); /* run_all_tests() makes the heap anew */
    return run_all_tests();
}
