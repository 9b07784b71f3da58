/*
 * Unit tests of the kernel services under stage 4 (src/port/kernel.h), the
 * same file on the host (POSIX threads) and on the target (the scheduler in
 * qemu/kernel.c).
 *
 * Timing is checked in ticks, read from the kernel's own clock: a wait of n
 * ticks must end no earlier than n ticks after it began and at most one tick
 * later. Threads report what happened to them in plain variables that main
 * reads after joining them, so every check runs in main.
 */
#include <string.h>

#include "kernel.h"
#include "kit_test.h"

#define STACK 1024
#define WORKERS 3

K_THREAD_STACK_DEFINE(stack0, STACK);
K_THREAD_STACK_DEFINE(stack1, STACK);
K_THREAD_STACK_DEFINE(stack2, STACK);
static k_thread_stack_t *const stacks[WORKERS] = { stack0, stack1, stack2 };
static struct k_thread workers[WORKERS];

static struct k_spinlock lock;
static _wait_q_t wq;

/* What each worker saw, written by the worker, read by main after a join. */
struct report {
    int prio;
    int result;
    int order; /* 1 for the first worker to run after the wake-up, ... */
};
static struct report reports[WORKERS];
static int woken_so_far;

static void start(int i, k_thread_entry_t entry, int prio)
{
    reports[i].prio = prio;
    reports[i].result = 1;
    reports[i].order = 0;
    k_thread_create(&workers[i], stacks[i], STACK, entry, &reports[i], prio);
}

static int join_all(int n)
{
    int failures = 0;
    for (int i = 0; i < n; i++) {
        failures += k_thread_join(&workers[i], K_MSEC(2000)) != 0;
    }
    return failures;
}

static int queue_length(void)
{
    int n = 0;
    k_spinlock_key_t key = k_spin_lock(&lock);
    for (struct k_thread *t = z_waitq_head(&wq); t != NULL; t = t->next) {
        n++;
    }
    k_spin_unlock(&lock, key);
    return n;
}

/* Sleep until @p n threads wait on wq; false after about two seconds. */
static int wait_until_queued(int n)
{
    for (int tries = 0; tries < 200; tries++) {
        if (queue_length() >= n) {
            return 1;
        }
        k_msleep(10);
    }
    return 0;
}

/* A worker: wait on wq for ever, then note the result and the order. */
static void pend_forever(void *arg)
{
    struct report *r = arg;
    k_spinlock_key_t key = k_spin_lock(&lock);
    int result = z_pend_curr(&lock, key, &wq, K_FOREVER);
    key = k_spin_lock(&lock);
    r->result = result;
    r->order = ++woken_so_far;
    k_spin_unlock(&lock, key);
}

static void wake_all_now(void)
{
    k_spinlock_key_t key = k_spin_lock(&lock);
    z_unpend_all(&wq);
    z_reschedule(&lock, key);
}

TEST(sleep_lasts_the_ticks_asked_for)
{
    for (k_ticks_t n = 1; n <= 5; n += 2) {
        k_ticks_t before = k_uptime_ticks();
        CHECK_EQ(k_sleep(K_TICKS(n)), 0);
        k_ticks_t slept = k_uptime_ticks() - before;
        CHECK_MSG(slept >= n && slept <= n + 1, "asked for %d ticks, slept %d", (int)n, (int)slept);
    }
}

TEST(msleep_rounds_milliseconds_to_ticks)
{
    k_ticks_t want = K_MSEC(30).ticks;
    k_ticks_t before = k_uptime_ticks();
    k_msleep(30);
    k_ticks_t slept = k_uptime_ticks() - before;
    CHECK(want >= 1);
    CHECK_MSG(slept >= want && slept <= want + 1, "30 ms is %d ticks, slept %d", (int)want,
              (int)slept);
}

TEST(pend_times_out_with_eagain_on_time)
{
    z_waitq_init(&wq);
    for (k_ticks_t n = 1; n <= 4; n++) {
        k_spinlock_key_t key = k_spin_lock(&lock);
        k_ticks_t before = k_uptime_ticks();
        int result = z_pend_curr(&lock, key, &wq, K_TICKS(n));
        k_ticks_t waited = k_uptime_ticks() - before;
        CHECK_EQ(result, -EAGAIN);
        CHECK_MSG(waited >= n && waited <= n + 1, "timeout of %d ticks ended after %d", (int)n,
                  (int)waited);
        CHECK(z_waitq_head(&wq) == NULL);
        CHECK(k_current_get()->pended_on == NULL);
    }
}

TEST(pend_with_no_wait_returns_at_once)
{
    z_waitq_init(&wq);
    k_spinlock_key_t key = k_spin_lock(&lock);
    CHECK_EQ(z_pend_curr(&lock, key, &wq, K_NO_WAIT), -EAGAIN);
    CHECK(z_waitq_head(&wq) == NULL);
}

TEST(wake_all_wakes_every_waiter)
{
    z_waitq_init(&wq);
    woken_so_far = 0;
    for (int i = 0; i < WORKERS; i++) {
        start(i, pend_forever, 1 + i);
    }
    CHECK_MSG(wait_until_queued(WORKERS), "only %d workers reached the queue", queue_length());
    k_spinlock_key_t key = k_spin_lock(&lock);
    int woken = z_unpend_all(&wq);
    z_reschedule(&lock, key);
    CHECK_EQ(woken, WORKERS);
    CHECK_EQ(join_all(WORKERS), 0);
    for (int i = 0; i < WORKERS; i++) {
        CHECK_EQ(reports[i].result, 0);
    }
    CHECK(z_waitq_head(&wq) == NULL);
}

TEST(waiters_queue_by_priority_then_arrival)
{
    static const int prios[WORKERS] = { 2, 1, 2 };
    z_waitq_init(&wq);
    woken_so_far = 0;
    for (int i = 0; i < WORKERS; i++) {
        start(i, pend_forever, prios[i]);
        CHECK(wait_until_queued(i + 1)); /* arrivals in a known order */
    }
    struct k_thread *t = z_waitq_head(&wq);
    CHECK(t == &workers[1]);
    CHECK(t->next == &workers[0]);
    CHECK(t->next->next == &workers[2]);
    wake_all_now();
    CHECK_EQ(join_all(WORKERS), 0);
#if defined(__arm__)
    /* Only the target's scheduler decides who runs first. */
    CHECK_EQ(reports[1].order, 1);
    CHECK_EQ(reports[0].order, 2);
    CHECK_EQ(reports[2].order, 3);
#endif
}

#if defined(__arm__)
static void record_run(void *arg)
{
    struct report *r = arg;
    r->order = ++woken_so_far;
}

TEST(a_more_urgent_thread_runs_at_once)
{
    woken_so_far = 0;
    start(0, record_run, -1);
    CHECK_EQ(reports[0].order, 1); /* it ran before k_thread_create returned */
    start(1, record_run, 1);
    CHECK_EQ(reports[1].order, 0); /* it waits until main blocks */
    CHECK_EQ(join_all(2), 0);
    CHECK_EQ(reports[1].order, 2);
}
#endif

static void wake_from_isr(const void *arg)
{
    (void)arg;
    k_spinlock_key_t key = k_spin_lock(&lock);
    reports[1].result = k_is_in_isr();
    z_unpend_all(&wq);
    z_reschedule(&lock, key);
}

TEST(an_interrupt_can_wake_waiters)
{
    z_waitq_init(&wq);
    CHECK(!k_is_in_isr());
    start(0, pend_forever, 1);
    CHECK(wait_until_queued(1));
    reports[1].result = 0;
    irq_offload(wake_from_isr, NULL);
    CHECK_EQ(reports[1].result, 1);
    CHECK_EQ(join_all(1), 0);
    CHECK_EQ(reports[0].result, 0);
}

static void sleep_a_while(void *arg)
{
    (void)arg;
    k_msleep(50);
}

TEST(join_times_out_then_succeeds)
{
    start(0, sleep_a_while, 1);
    CHECK_EQ(k_thread_join(&workers[0], K_TICKS(1)), -EAGAIN);
    CHECK_EQ(k_thread_join(&workers[0], K_MSEC(1000)), 0);
    CHECK_EQ(workers[0].state, Z_DEAD);
}

TEST(timepoint_does_not_move)
{
    k_timepoint_t end = sys_timepoint_calc(K_TICKS(3));
    k_ticks_t first = sys_timepoint_timeout(end).ticks;
    CHECK(first >= 2 && first <= 3);
    k_sleep(K_TICKS(1));
    k_ticks_t later = sys_timepoint_timeout(end).ticks;
    CHECK_MSG(later < first, "time left went from %d to %d ticks", (int)first, (int)later);
    k_sleep(K_TICKS(3));
    CHECK(sys_timepoint_expired(end));
    CHECK(K_TIMEOUT_EQ(sys_timepoint_timeout(end), K_NO_WAIT));
    CHECK(!sys_timepoint_expired(sys_timepoint_calc(K_FOREVER)));
    CHECK(K_TIMEOUT_EQ(sys_timepoint_timeout(sys_timepoint_calc(K_FOREVER)), K_FOREVER));
}

/* Waker for the huge-timeout test: wake the queue once main waits on it. */
static void wake_once_queued(void *arg)
{
    struct report *r = arg;
    r->result = wait_until_queued(1) ? 0 : 1;
    k_sleep(K_TICKS(3));
    wake_all_now();
}

TEST(a_huge_timeout_waits_as_forever_does)
{
    static const k_ticks_t huge[] = { 1000000000000LL, INT64_MAX / 2, INT64_MAX - 1, INT64_MAX };
    k_timepoint_t end = sys_timepoint_calc(K_TICKS(INT64_MAX));

    CHECK(!sys_timepoint_expired(end));
    CHECK(!K_TIMEOUT_EQ(sys_timepoint_timeout(end), K_NO_WAIT));
    CHECK(K_MSEC(INT64_MAX).ticks > 0);
    CHECK(!sys_timepoint_expired(sys_timepoint_calc(K_MSEC(INT64_MAX))));
    z_waitq_init(&wq);
    for (unsigned i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        start(0, wake_once_queued, 1);
        k_spinlock_key_t key = k_spin_lock(&lock);
        k_ticks_t before = k_uptime_ticks();
        int result = z_pend_curr(&lock, key, &wq, K_TICKS(huge[i]));
        k_ticks_t waited = k_uptime_ticks() - before;
        int joined = join_all(1);
        CHECK_MSG(result == 0 && waited >= 3,
                  "a wait of %lld ticks ended with %d after %d ticks: its deadline wrapped",
                  (long long)huge[i], result, (int)waited);
        CHECK_EQ(joined, 0);
        CHECK_EQ(reports[0].result, 0);
    }
}

int main(void)
{
    RUN_TEST(sleep_lasts_the_ticks_asked_for);
    RUN_TEST(msleep_rounds_milliseconds_to_ticks);
    RUN_TEST(pend_times_out_with_eagain_on_time);
    RUN_TEST(pend_with_no_wait_returns_at_once);
    RUN_TEST(wake_all_wakes_every_waiter);
    RUN_TEST(waiters_queue_by_priority_then_arrival);
#if defined(__arm__)
    RUN_TEST(a_more_urgent_thread_runs_at_once);
#endif
    RUN_TEST(an_interrupt_can_wake_waiters);
    RUN_TEST(join_times_out_then_succeeds);
    RUN_TEST(timepoint_does_not_move);
    RUN_TEST(a_huge_timeout_waits_as_forever_does);
    return kit_test_finish();
}
