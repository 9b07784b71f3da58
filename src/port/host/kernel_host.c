/*
 * The host backend of src/port/kernel.h: the kernel's services on POSIX
 * threads, so that stage 4 and 5 run unchanged on the host and under
 * ThreadSanitizer.
 *
 * One mutex plays the part that masking interrupts plays on the target:
 * every k_spinlock takes it, and it is the port's lock (port_host.c), so a
 * spinlock and LOS_IntLock() are one lock as on the board. It nests as
 * interrupt masking does: a thread counts how deep it holds it, and only
 * the outermost lock and unlock touch the mutex. A thread that pends puts itself on
 * the wait queue and sleeps on its own condition variable with that same
 * mutex, which pthread_cond_wait releases atomically: that is the
 * "queue and release in one step" of z_pend_curr(). A waker, holding the
 * mutex, takes each thread off the queue, marks it ready and signals it.
 *
 * Time is CLOCK_MONOTONIC, counted in ticks of 10 ms from the first use;
 * condition variables are set to that clock, so a deadline in ticks becomes
 * one absolute time and a wait can be resumed after a spurious wake-up
 * without stretching it.
 *
 * What the host cannot do is choose who runs: the operating system does.
 * Wait queues keep priority order (kernel_queue.h) and z_unpend_all() wakes
 * in that order, but the woken threads then race for the mutex.
 *
 * Built with CONFIG_SPIN_VALIDATE, each thread remembers the spinlocks it
 * holds, and a broken rule of the lock stops the program, as on the target
 * (qemu/kernel.c). A thread that would wait while holding a lock taken
 * before the one it waits with is refused, as on the target: the wait
 * could release only the innermost level, so it would sleep holding the
 * lock its waker needs. An "interrupt" of
 * irq_offload_at_next_lock() runs in the thread that releases the lock,
 * right after k_spin_unlock(), or in a thread of its own when the release
 * is the wait in z_pend_curr().
 */
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "kernel.h"
#include "kernel_held.h"
#include "kernel_queue.h"

/* The port's lock (port_host.c): every k_spinlock is this mutex, and the
 * depth at which the calling thread holds it (0: not at all). */
extern pthread_mutex_t port_host_mutex;
extern _Thread_local uintptr_t port_host_depth;

#define NSEC_PER_SEC 1000000000LL
#define NSEC_PER_TICK (NSEC_PER_SEC / CONFIG_SYS_CLOCK_TICKS_PER_SEC)

static pthread_once_t clock_once = PTHREAD_ONCE_INIT;
static struct timespec clock_start;
static _Thread_local struct k_thread *self;   /* this thread's structure */
static _Thread_local struct k_thread adopted; /* for threads not made here */
static _Thread_local int isr_nesting;         /* inside irq_offload() */

/* ------------------------------------------------------------ time */

static void clock_init(void)
{
    clock_gettime(CLOCK_MONOTONIC, &clock_start);
}

static long long ns_since_start(void)
{
    struct timespec now;
    pthread_once(&clock_once, clock_init);
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - clock_start.tv_sec) * NSEC_PER_SEC + (now.tv_nsec - clock_start.tv_nsec);
}

k_ticks_t k_uptime_ticks(void)
{
    return ns_since_start() / NSEC_PER_TICK;
}

/* The absolute CLOCK_MONOTONIC time at which tick @p tick begins, in @p t;
 * false when it lies beyond what a struct timespec can hold (hundreds of
 * years away): the caller then waits as for K_FOREVER. Multiplying such a
 * tick by the nanoseconds of a tick would overflow and give a time in the
 * past, and a wait that ends at once, again and again. */
static bool tick_to_abstime(k_ticks_t tick, struct timespec *t)
{
    const long long sec_max = sizeof(time_t) < sizeof(long long) ? INT32_MAX : LLONG_MAX;
    long long ns, sec;

    pthread_once(&clock_once, clock_init);
    if (tick == K_TICKS_FOREVER || tick > (LLONG_MAX - clock_start.tv_nsec) / NSEC_PER_TICK) {
        return false;
    }
    ns = clock_start.tv_nsec + tick * NSEC_PER_TICK;
    sec = ns / NSEC_PER_SEC;
    if (sec > sec_max - clock_start.tv_sec) {
        return false;
    }
    t->tv_sec = (time_t)(clock_start.tv_sec + sec);
    t->tv_nsec = (long)(ns % NSEC_PER_SEC);
    return true;
}

static k_ticks_t deadline_of(k_timeout_t timeout)
{
    return sys_timepoint_calc(timeout).tick;
}

/* ------------------------------------------------------------ the lock */

#ifdef CONFIG_SPIN_VALIDATE
static _Thread_local struct z_held held; /* this thread's locks, not yet released */
static struct k_spinlock *offload_at;    /* irq_offload_at_next_lock() */
static int offload_pending;              /* it was taken: fire at the release */
static void (*offload_at_routine)(const void *arg);
static const void *offload_at_arg;

/* The test harness names the running test (tests/kit_test.h), if linked. */
extern const char *volatile kit_test_running __attribute__((weak));

static void spin_invalid(const char *what, const struct k_spinlock *l) __attribute__((noreturn));
static void spin_invalid(const char *what, const struct k_spinlock *l)
{
    const char *test = &kit_test_running != NULL ? kit_test_running : NULL;
    printf("\n*** spinlock %p: %s%s%s\n", (const void *)l, what, test ? " in test " : "",
           test ? test : "");
    fflush(stdout);
    _exit(1);
}

static void spin_taken(struct k_spinlock *l)
{
    const char *broken = z_held_add(&held, l);
    if (broken != NULL) {
        spin_invalid(broken, l);
    }
    if (offload_at != NULL && offload_at == l) {
        offload_at = NULL;
        offload_pending = 1;
    }
}

static void spin_released(struct k_spinlock *l, const char *what)
{
    if (!z_held_remove(&held, l)) {
        spin_invalid(what, l);
    }
}

/* Take the request of irq_offload_at_next_lock() if it is due (mutex held). */
static void (*offload_due(const void **arg))(const void *)
{
    void (*routine)(const void *) = offload_pending ? offload_at_routine : NULL;
    offload_pending = 0;
    *arg = offload_at_arg;
    return routine;
}

static void offload_run(void (*routine)(const void *), const void *arg)
{
    isr_nesting++;
    routine(arg);
    isr_nesting--;
}

static void *offload_thread(void *p)
{
    (void)p;
    offload_run(offload_at_routine, offload_at_arg);
    return NULL;
}

void irq_offload_at_next_lock(struct k_spinlock *lock, void (*routine)(const void *arg),
                              const void *arg)
{
    uintptr_t key = port_lock();
    offload_at_routine = routine;
    offload_at_arg = arg;
    offload_at = lock;
    port_unlock(key);
}
#endif

k_spinlock_key_t k_spin_lock(struct k_spinlock *l)
{
    k_spinlock_key_t key = { port_lock() };
#ifdef CONFIG_SPIN_VALIDATE
    spin_taken(l);
#else
    (void)l;
#endif
    return key;
}

void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key)
{
#ifdef CONFIG_SPIN_VALIDATE
    const void *arg;
    void (*routine)(const void *) = NULL;
    spin_released(l, "unlocked, but nobody holds it (unlocked twice, or never taken again "
                     "after z_pend_curr?)");
    if (key.key == 0) { /* the outermost release: "interrupts" come back on */
        routine = offload_due(&arg);
    }
    port_unlock(key.key);
    if (routine != NULL) {
        offload_run(routine, arg);
    }
#else
    (void)l;
    port_unlock(key.key);
#endif
}

bool k_is_in_isr(void)
{
    return isr_nesting > 0;
}

void irq_offload(void (*routine)(const void *arg), const void *arg)
{
    isr_nesting++;
    routine(arg);
    isr_nesting--;
}

/* ------------------------------------------------------------ threads */

static void arch_init(struct k_thread *t)
{
    pthread_condattr_t attr;
    if (t->arch.cond_ready) {
        pthread_cond_destroy(&t->arch.cond);
    }
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&t->arch.cond, &attr);
    pthread_condattr_destroy(&attr);
    t->arch.cond_ready = 1;
}

struct k_thread *k_current_get(void)
{
    if (self == NULL) {
        adopted.prio = 0;
        adopted.state = Z_READY;
        adopted.deadline = K_TICKS_FOREVER;
        arch_init(&adopted);
        self = &adopted;
    }
    return self;
}

static void *thread_trampoline(void *p)
{
    struct k_thread *t = p;
    self = t;
    t->entry(t->arg);
    uintptr_t key = port_lock();
    t->state = Z_DEAD;
    z_unpend_all(&t->join_q);
    port_unlock(key);
    return NULL;
}

struct k_thread *k_thread_create(struct k_thread *t, k_thread_stack_t *stack, size_t stack_size,
                                 k_thread_entry_t entry, void *arg, int prio)
{
    pthread_attr_t attr;
    uintptr_t key;
    (void)stack;
    (void)stack_size;
    key = port_lock();
    arch_init(t);
    t->entry = entry;
    t->arg = arg;
    t->prio = prio;
    t->state = Z_READY;
    t->deadline = K_TICKS_FOREVER;
    t->pended_on = NULL;
    t->resource_pool = k_current_get()->resource_pool; /* the creator's, as in Zephyr */
    z_waitq_init(&t->join_q);
    port_unlock(key);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t->arch.tid, &attr, thread_trampoline, t) != 0) {
        fprintf(stderr, "k_thread_create: pthread_create failed\n");
        abort();
    }
    pthread_attr_destroy(&attr);
    return t;
}

int k_thread_join(struct k_thread *t, k_timeout_t timeout)
{
    k_spinlock_key_t key = k_spin_lock(NULL);
    if (t->state == Z_DEAD) {
        k_spin_unlock(NULL, key);
        return 0;
    }
    return z_pend_curr(NULL, key, &t->join_q, timeout);
}

int32_t k_sleep(k_timeout_t timeout)
{
    struct timespec until;
    if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        k_yield();
        return 0;
    }
    if (K_TIMEOUT_EQ(timeout, K_FOREVER)) {
        for (;;) {
            pause();
        }
    }
    if (!tick_to_abstime(deadline_of(timeout), &until)) {
        return k_sleep(K_FOREVER); /* too far to count: for ever */
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) != 0)
        ; /* interrupted by a signal: sleep on to the same time */
    return 0;
}

void k_yield(void)
{
    sched_yield();
}

/* ------------------------------------------------------------ waiting */

int z_pend_curr(struct k_spinlock *lock, k_spinlock_key_t key, _wait_q_t *wq, k_timeout_t timeout)
{
    struct k_thread *cur = k_current_get();
    struct timespec until;
    bool timed;
    int why;
    __ASSERT(!k_is_in_isr(), "an interrupt handler cannot block");
    if (key.key != 0) {
        __ASSERT(false, "a thread cannot wait while it holds a lock taken before this one "
                        "(interrupts would stay masked)");
        k_spin_unlock(lock, key);
        return -EAGAIN;
    }
    if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        k_spin_unlock(lock, key);
        return -EAGAIN;
    }
#ifdef CONFIG_SPIN_VALIDATE
    spin_released(lock, "not held by the caller of z_pend_curr (it must be, so that no wake-up "
                        "slips in before the thread waits)");
    if (offload_pending) { /* it runs once the wait below releases the lock */
        pthread_t tid;
        offload_pending = 0;
        if (pthread_create(&tid, NULL, offload_thread, NULL) != 0 || pthread_detach(tid) != 0) {
            spin_invalid("could not start the interrupt's thread", lock);
        }
    }
#else
    (void)lock;
    (void)key;
#endif
    cur->state = Z_PENDING;
    cur->deadline = deadline_of(timeout);
    cur->pended_on = wq;
    cur->swap_retval = -EAGAIN;
    z_queue_insert(&wq->head, cur);
    port_host_depth = 0; /* the wait releases the mutex; the unlock below ends it */
    timed = tick_to_abstime(cur->deadline, &until); /* false: no deadline it can count */
    while (cur->state == Z_PENDING) {
        if (!timed) {
            pthread_cond_wait(&cur->arch.cond, &port_host_mutex);
        } else if (pthread_cond_timedwait(&cur->arch.cond, &port_host_mutex, &until) != 0 &&
                   cur->state == Z_PENDING) {
            z_queue_remove(&wq->head, cur); /* the deadline came first */
            cur->pended_on = NULL;
            cur->state = Z_READY;
        }
    }
    why = cur->swap_retval;
    pthread_mutex_unlock(&port_host_mutex);
    return why;
}

int z_unpend_all(_wait_q_t *wq)
{
    int woken = 0;
    struct k_thread *t;
    while ((t = z_queue_pop(&wq->head)) != NULL) {
        t->pended_on = NULL;
        t->state = Z_READY;
        t->swap_retval = 0;
        pthread_cond_signal(&t->arch.cond);
        woken++;
    }
    return woken;
}

void z_reschedule(struct k_spinlock *lock, k_spinlock_key_t key)
{
    k_spin_unlock(lock, key);
}

/* ------------------------------------------------------------ assertions */

void assert_print(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
}

__attribute__((weak)) void assert_post_action(const char *file, unsigned int line)
{
    (void)file;
    (void)line;
    fflush(stdout);
    abort();
}
