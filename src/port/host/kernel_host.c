/*
 * The host backend of src/port/kernel.h: the kernel's services on POSIX
 * threads, so that stage 4 and 5 run unchanged on the host and under
 * ThreadSanitizer.
 *
 * One mutex, kernel_mutex, plays the part that masking interrupts plays on
 * the target: every k_spinlock takes it. A thread that pends puts itself on
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
 * Built with CONFIG_SPIN_VALIDATE, each thread remembers the lock it holds
 * (one at most: they are all the one mutex), and a broken rule of the lock
 * stops the program, as on the target (qemu/kernel.c). An "interrupt" of
 * irq_offload_at_next_lock() runs in the thread that releases the lock,
 * right after k_spin_unlock(), or in a thread of its own when the release
 * is the wait in z_pend_curr().
 */
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "kernel.h"
#include "kernel_queue.h"

#define NSEC_PER_SEC 1000000000LL
#define NSEC_PER_TICK (NSEC_PER_SEC / CONFIG_SYS_CLOCK_TICKS_PER_SEC)

static pthread_mutex_t kernel_mutex = PTHREAD_MUTEX_INITIALIZER;
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

/* The absolute CLOCK_MONOTONIC time at which tick @p tick begins. */
static struct timespec tick_to_abstime(k_ticks_t tick)
{
    long long ns;
    struct timespec t;
    pthread_once(&clock_once, clock_init);
    ns = clock_start.tv_nsec + tick * NSEC_PER_TICK;
    t.tv_sec = clock_start.tv_sec + (time_t)(ns / NSEC_PER_SEC);
    t.tv_nsec = (long)(ns % NSEC_PER_SEC);
    return t;
}

static k_ticks_t deadline_of(k_timeout_t timeout)
{
    return sys_timepoint_calc(timeout).tick;
}

/* ------------------------------------------------------------ the lock */

#ifdef CONFIG_SPIN_VALIDATE
static _Thread_local int holding;                /* this thread holds the mutex */
static _Thread_local struct k_spinlock *held_as; /* under this lock's name */
static struct k_spinlock *offload_at;            /* irq_offload_at_next_lock() */
static int offload_pending;                      /* it was taken: fire at the release */
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

static void spin_released(struct k_spinlock *l, const char *what)
{
    if (!holding || held_as != l) {
        spin_invalid(what, l);
    }
    holding = 0;
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
    pthread_mutex_lock(&kernel_mutex);
    offload_at_routine = routine;
    offload_at_arg = arg;
    offload_at = lock;
    pthread_mutex_unlock(&kernel_mutex);
}
#endif

k_spinlock_key_t k_spin_lock(struct k_spinlock *l)
{
#ifdef CONFIG_SPIN_VALIDATE
    if (holding) {
        spin_invalid("taken again by its holder (a lock is not recursive)", l);
    }
    pthread_mutex_lock(&kernel_mutex);
    holding = 1;
    held_as = l;
    if (offload_at != NULL && offload_at == l) {
        offload_at = NULL;
        offload_pending = 1;
    }
#else
    (void)l;
    pthread_mutex_lock(&kernel_mutex);
#endif
    return (k_spinlock_key_t){ 0 };
}

void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key)
{
    (void)key;
#ifdef CONFIG_SPIN_VALIDATE
    const void *arg;
    void (*routine)(const void *);
    spin_released(l, "unlocked, but nobody holds it (unlocked twice, or never taken again "
                     "after z_pend_curr?)");
    routine = offload_due(&arg);
    pthread_mutex_unlock(&kernel_mutex);
    if (routine != NULL) {
        offload_run(routine, arg);
    }
#else
    (void)l;
    pthread_mutex_unlock(&kernel_mutex);
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
    pthread_mutex_lock(&kernel_mutex);
    t->state = Z_DEAD;
    z_unpend_all(&t->join_q);
    pthread_mutex_unlock(&kernel_mutex);
    return NULL;
}

struct k_thread *k_thread_create(struct k_thread *t, k_thread_stack_t *stack, size_t stack_size,
                                 k_thread_entry_t entry, void *arg, int prio)
{
    pthread_attr_t attr;
    (void)stack;
    (void)stack_size;
    pthread_mutex_lock(&kernel_mutex);
    arch_init(t);
    t->entry = entry;
    t->arg = arg;
    t->prio = prio;
    t->state = Z_READY;
    t->deadline = K_TICKS_FOREVER;
    t->pended_on = NULL;
    t->resource_pool = k_current_get()->resource_pool; /* the creator's, as in Zephyr */
    z_waitq_init(&t->join_q);
    pthread_mutex_unlock(&kernel_mutex);
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
    until = tick_to_abstime(deadline_of(timeout));
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
    int why;
    __ASSERT(!k_is_in_isr(), "an interrupt handler cannot block");
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
    until = tick_to_abstime(cur->deadline);
    while (cur->state == Z_PENDING) {
        if (cur->deadline == K_TICKS_FOREVER) {
            pthread_cond_wait(&cur->arch.cond, &kernel_mutex);
        } else if (pthread_cond_timedwait(&cur->arch.cond, &kernel_mutex, &until) != 0 &&
                   cur->state == Z_PENDING) {
            z_queue_remove(&wq->head, cur); /* the deadline came first */
            cur->pended_on = NULL;
            cur->state = Z_READY;
        }
    }
    why = cur->swap_retval;
    pthread_mutex_unlock(&kernel_mutex);
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
