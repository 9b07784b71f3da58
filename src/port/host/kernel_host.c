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

k_spinlock_key_t k_spin_lock(struct k_spinlock *l)
{
    (void)l;
    pthread_mutex_lock(&kernel_mutex);
    return (k_spinlock_key_t){ 0 };
}

void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key)
{
    (void)l;
    (void)key;
    pthread_mutex_unlock(&kernel_mutex);
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
    (void)lock;
    (void)key;
    __ASSERT(!k_is_in_isr(), "an interrupt handler cannot block");
    if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        pthread_mutex_unlock(&kernel_mutex);
        return -EAGAIN;
    }
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
