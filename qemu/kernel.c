/*
 * A small preemptive priority scheduler for the Cortex-M3: the target
 * backend of src/port/kernel.h, and a lesson of its own.
 *
 * Threads and their states
 * ------------------------
 *   Z_READY     in the ready queue; the head of the queue is the one running
 *   Z_PENDING   on a wait queue, maybe with a deadline (z_pend_curr)
 *   Z_SLEEPING  in no queue, with a deadline (k_sleep)
 *   Z_DEAD      its entry function returned
 *
 *        create          pend / sleep
 *   ---------> READY <---------------> PENDING / SLEEPING
 *               |      wake / deadline
 *               | entry returns
 *               v
 *              DEAD
 *
 * The ready queue
 * ---------------
 * One list of every Z_READY thread, the running one included, in priority
 * order (smaller number first), first come first served among equals (see
 * kernel_queue.h). Invariant, outside the lock: z_current is the head of the
 * ready queue. Code under the lock may break it for a moment (a wake-up
 * puts a more urgent thread in front); it then pends PendSV, and the switch
 * happens as soon as interrupts are unmasked, which restores it. The idle
 * thread is always ready and the least urgent, so the queue is never empty.
 *
 * The lock
 * --------
 * Single core: masking interrupts (PRIMASK) is the whole lock. Every
 * k_spinlock is that same lock, so kernel state and a heap guarded by a
 * spinlock are consistent with each other, and a wake-up done under the
 * heap's lock is visible to the scheduler at once.
 *
 * The switch
 * ----------
 * Threads run in thread mode on the process stack (PSP); handlers run on the
 * main stack (MSP). PendSV has the lowest priority, so it runs only when no
 * other handler is active: it saves r4-r11 on the outgoing thread's stack
 * (the core already stacked r0-r3, r12, lr, pc, xPSR), stores PSP in the
 * thread, makes the head of the ready queue current, and restores the same
 * from its stack. SysTick (1 kHz) counts ticks and wakes threads whose
 * deadline has come. There is no time slicing: threads of equal priority
 * take turns only when one blocks, sleeps or yields.
 *
 * The lowest word of every thread stack holds a guard value; PendSV checks
 * the outgoing thread's guard at each switch and stops the program if a
 * thread has written below its stack.
 *
 * Checking the locks
 * ------------------
 * Built with CONFIG_SPIN_VALIDATE (the lab images are), the kernel keeps
 * the set of spinlocks taken and not yet released, as Zephyr's spinlock
 * validation does, and stops the program when a lock is taken by its
 * holder, when an unlock releases a lock nobody holds, when z_pend_curr()
 * is called without its lock, or when a switch happens with a lock held.
 * One set serves every thread: a thread switch happens only with no lock
 * held (PendSV runs only once interrupts are unmasked). The same build has
 * irq_offload_at_next_lock(), which makes an interrupt pending as a lock
 * is taken, so a test can see what happens the instant it is released.
 *
 * Start-up
 * --------
 * A constructor (run by Reset_Handler before main) turns the code running
 * main into the main thread, priority 0: its stack becomes the process
 * stack, the main stack pointer moves to a stack of its own for handlers,
 * then SysTick starts. Programs that do not link this file never see any of
 * it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "board.h"
#include "kernel.h"
#include "kernel_held.h"
#include "kernel_queue.h"
#include "semihost.h"

/* ------------------------------------------------------------ registers */

#define SCB_ICSR (*(volatile uint32_t *)0xE000ED04u)
#define SCB_SHPR3 (*(volatile uint32_t *)0xE000ED20u)
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define NVIC_ISER0 (*(volatile uint32_t *)0xE000E100u)
#define NVIC_ISPR0 (*(volatile uint32_t *)0xE000E200u)

#define ICSR_PENDSVSET (1u << 28)
#define SYST_CSR_ENABLE_TICKINT_CPUCLK 7u
#define CPU_HZ 25000000u /* the AN385's core clock as QEMU models it */
#define XPSR_THUMB (1u << 24)
#define PRIO_MAIN 0
#define PRIO_IDLE 127 /* less urgent than any thread a program makes */
#define ISR_STACK_BYTES 2048
#define STACK_GUARD 0x5a7c6e11u /* the lowest word of every thread stack */

/* ------------------------------------------------------------ state */

struct k_thread *z_current;              /* the running thread; PendSV reads it */
static struct k_thread *ready_head;      /* the ready queue, see above */
static struct k_thread *all_threads;     /* every thread ever made, for the tick */
static volatile k_ticks_t ticks;         /* written only by SysTick */
static struct k_spinlock sched_lock;     /* names the lock over all of this */
static volatile const void *offload_arg; /* irq_offload's request */
static void (*volatile offload_routine)(const void *arg);

static struct k_thread main_thread, idle_thread;
K_THREAD_STACK_DEFINE(idle_stack, 256);
static k_thread_stack_t isr_stack[ISR_STACK_BYTES / 8];
extern char __stack[], __main_stack_size[]; /* from the linker script */

/* ------------------------------------------------------------ the lock */

#ifdef CONFIG_SPIN_VALIDATE
static struct z_held held;            /* taken, not yet released */
static struct k_spinlock *offload_at; /* irq_offload_at_next_lock() */
static void (*offload_at_routine)(const void *arg);
static const void *offload_at_arg;

/* A broken rule of the lock: say what, where and in which test, then stop.
 * Not an __ASSERT: a test may make those carry on, and nothing can be
 * trusted after a lock went wrong. */
static void spin_invalid(const char *what, const struct k_spinlock *l) __attribute__((noreturn));
static void spin_invalid(const char *what, const struct k_spinlock *l)
{
    semihost_write0("\n*** spinlock ");
    semihost_write_hex((uint32_t)(uintptr_t)l);
    semihost_write0(": ");
    semihost_write0(what);
    board_name_test();
    semihost_write0("\n");
    semihost_exit(BOARD_EXIT_TEST_FAILED);
}

static void spin_taken(struct k_spinlock *l)
{
    const char *broken = z_held_add(&held, l);
    if (broken != NULL) {
        spin_invalid(broken, l);
    }
    if (offload_at != NULL && offload_at == l) {
        offload_at = NULL;
        offload_arg = offload_at_arg;
        offload_routine = offload_at_routine;
        NVIC_ISER0 = 1u << 0;
        NVIC_ISPR0 = 1u << 0; /* taken once interrupts are unmasked */
    }
}

static void spin_released(struct k_spinlock *l, const char *what)
{
    if (!z_held_remove(&held, l)) {
        spin_invalid(what, l);
    }
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
#else
#define spin_taken(l) ((void)(l))
#define spin_released(l, what) ((void)(l))
#endif

k_spinlock_key_t k_spin_lock(struct k_spinlock *l)
{
    k_spinlock_key_t key = { port_lock() };
    spin_taken(l);
    return key;
}

void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key)
{
    spin_released(l, "unlocked, but nobody holds it (unlocked twice, or never taken again "
                     "after z_pend_curr?)");
    port_unlock(key.key);
}

bool k_is_in_isr(void)
{
    return port_in_isr();
}

/* ------------------------------------------------------------ helpers */

/** \~english @brief Ask for a context switch; it happens once interrupts are
 *         unmasked and no other handler runs.
 *  \~chinese @brief 请求一次上下文切换；它在中断解除屏蔽且没有其他处理
 *         函数运行时发生。 */
static inline void request_switch(void)
{
    SCB_ICSR = ICSR_PENDSVSET;
}

/** \~english @brief Put a thread in the ready queue (lock held).
 *  \~chinese @brief 把线程放入就绪队列（须持有锁）。 */
static void make_ready(struct k_thread *t)
{
    t->state = Z_READY;
    t->deadline = K_TICKS_FOREVER;
    z_queue_insert(&ready_head, t);
}

/** \~english @brief Take a thread out of whatever wait it is in and make it
 *         ready, telling it why it woke (lock held).
 *  \~chinese @brief 让线程结束当前的等待并变为就绪，同时告诉它被唤醒的
 *         原因（须持有锁）。 */
static void end_wait(struct k_thread *t, int why)
{
    if (t->pended_on != NULL) {
        z_queue_remove(&t->pended_on->head, t);
        t->pended_on = NULL;
    }
    t->swap_retval = why;
    make_ready(t);
}

/** \~english @brief Switch if the head of the ready queue is no longer the
 *         running thread (lock held).
 *  \~chinese @brief 若就绪队列的队首已不是当前线程，则请求切换（须持有锁）。 */
static inline void switch_if_needed(void)
{
    if (ready_head != z_current) {
        request_switch();
    }
}

/** \~english @brief Take the running thread out of the ready queue and give
 *         it a deadline (lock held).
 *  \~chinese @brief 把当前线程移出就绪队列并设定截止节拍（须持有锁）。 */
static void unready_current(int state, k_timeout_t timeout)
{
    z_queue_remove(&ready_head, z_current);
    z_current->state = state;
    z_current->deadline = z_deadline_after(ticks, timeout); /* saturates: never wraps */
}

/**
 * \~english
 * @brief Give up the processor until made ready again, releasing the lock.
 *
 * The caller has taken itself out of the ready queue under the lock with
 * interrupts enabled before it. PendSV is pended, and fires the moment the
 * key restores PRIMASK: that instant is the switch.
 * \~chinese
 * @brief 交出处理器直到再次就绪，同时释放锁。
 *
 * 调用者已在锁内（加锁前中断是打开的）把自己移出就绪队列。这里挂起
 * PendSV，键值恢复 PRIMASK 的那一刻它就触发：那一刻就是切换。
 */
static void block_and_unlock(struct k_spinlock *lock, k_spinlock_key_t key)
{
    __ASSERT(key.key == 0, "a thread cannot block with interrupts masked");
    request_switch();
    k_spin_unlock(lock, key);
}

/* ------------------------------------------------------------ switching */

/* A thread that wrote below its stack has damaged memory that belongs to
 * someone else: stop at once, as a fault would. */
static void stack_overflow(void) __attribute__((noreturn));
static void stack_overflow(void)
{
    semihost_write0("\n*** stack overflow");
    board_name_test();
    semihost_write0(": a thread wrote below its stack (make it larger)\n");
    semihost_exit(BOARD_EXIT_TEST_FAILED);
}

/* Called by PendSV with interrupts masked: check the outgoing thread's
 * stack guard, then the head of the ready queue becomes the running
 * thread. */
struct k_thread *z_next_thread(void) __attribute__((used));
struct k_thread *z_next_thread(void)
{
    if (*z_current->arch.stack_limit != STACK_GUARD) {
        stack_overflow();
    }
#ifdef CONFIG_SPIN_VALIDATE
    if (held.n != 0) {
        spin_invalid("held at a thread switch (interrupts unmasked without k_spin_unlock?)",
                     held.lock[0]);
    }
#endif
    z_current = ready_head;
    return z_current;
}

/* Save r4-r11 and PSP in the outgoing thread, restore the incoming one's.
 * The core stacked and will unstack the rest; lr holds EXC_RETURN (thread
 * mode, process stack), which is what both threads return with. */
__attribute__((naked)) void PendSV_Handler(void)
{
    __asm__ volatile("cpsid i\n"
                     "mrs r0, psp\n"
                     "stmdb r0!, {r4-r11}\n"
                     "ldr r1, =z_current\n"
                     "ldr r1, [r1]\n"
                     "str r0, [r1]\n"
                     "push {r3, lr}\n"
                     "bl z_next_thread\n"
                     "pop {r3, lr}\n"
                     "ldr r0, [r0]\n"
                     "ldmia r0!, {r4-r11}\n"
                     "msr psp, r0\n"
                     "cpsie i\n"
                     "bx lr\n");
}

/* The tick: count it, end every wait whose deadline has come. */
void SysTick_Handler(void)
{
    k_spinlock_key_t key = k_spin_lock(&sched_lock);
    ticks++;
    for (struct k_thread *t = all_threads; t != NULL; t = t->arch.all_next) {
        bool waiting = t->state == Z_PENDING || t->state == Z_SLEEPING;
        if (waiting && t->deadline != K_TICKS_FOREVER && t->deadline <= ticks) {
            end_wait(t, -EAGAIN);
        }
    }
    switch_if_needed();
    k_spin_unlock(&sched_lock, key);
}

/* ------------------------------------------------------------ threads */

/* Every thread starts here (r0 = the thread) and ends in the tail. */
static void thread_trampoline(struct k_thread *t)
{
    t->entry(t->arg);
    k_spinlock_key_t key = k_spin_lock(&sched_lock);
    z_queue_remove(&ready_head, t);
    t->state = Z_DEAD;
    z_unpend_all(&t->join_q);
    block_and_unlock(&sched_lock, key);
    for (;;) /* never runs again */
        ;
}

/* Lay out a stack as if the thread had been interrupted just before its
 * first instruction: the core's exception frame, then r4-r11. */
static uint32_t *initial_frame(k_thread_stack_t *stack, size_t size, struct k_thread *t)
{
    uint32_t *sp = (uint32_t *)(stack + size / 8);
    t->arch.stack_limit = (uint32_t *)stack;
    *t->arch.stack_limit = STACK_GUARD;
    *--sp = XPSR_THUMB;                                   /* xPSR */
    *--sp = (uint32_t)(uintptr_t)thread_trampoline & ~1u; /* pc */
    *--sp = 0;                                            /* lr: never returned to */
    for (int i = 0; i < 4; i++) {
        *--sp = 0; /* r12, r3, r2, r1 */
    }
    *--sp = (uint32_t)(uintptr_t)t; /* r0: the argument */
    for (int i = 0; i < 8; i++) {
        *--sp = 0; /* r11 .. r4 */
    }
    return sp;
}

static void remember_thread(struct k_thread *t)
{
    for (struct k_thread *p = all_threads; p != NULL; p = p->arch.all_next) {
        if (p == t) {
            return;
        }
    }
    t->arch.all_next = all_threads;
    all_threads = t;
}

struct k_thread *k_thread_create(struct k_thread *t, k_thread_stack_t *stack, size_t stack_size,
                                 k_thread_entry_t entry, void *arg, int prio)
{
    __ASSERT(t != z_current && (t->state == Z_DEAD || t->arch.sp == NULL),
             "a thread structure is reused while its thread lives");
    k_spinlock_key_t key = k_spin_lock(&sched_lock);
    t->arch.sp = initial_frame(stack, stack_size, t);
    t->entry = entry;
    t->arg = arg;
    t->prio = prio;
    t->pended_on = NULL;
    t->resource_pool = z_current != NULL ? z_current->resource_pool : NULL; /* as in Zephyr */
    z_waitq_init(&t->join_q);
    remember_thread(t);
    make_ready(t);
    z_reschedule(&sched_lock, key);
    return t;
}

int k_thread_join(struct k_thread *t, k_timeout_t timeout)
{
    k_spinlock_key_t key = k_spin_lock(&sched_lock);
    if (t->state == Z_DEAD) {
        k_spin_unlock(&sched_lock, key);
        return 0;
    }
    return z_pend_curr(&sched_lock, key, &t->join_q, timeout);
}

struct k_thread *k_current_get(void)
{
    return z_current;
}

int32_t k_sleep(k_timeout_t timeout)
{
    k_spinlock_key_t key = k_spin_lock(&sched_lock);
    if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        k_spin_unlock(&sched_lock, key);
        k_yield();
        return 0;
    }
    unready_current(Z_SLEEPING, timeout);
    block_and_unlock(&sched_lock, key);
    return 0;
}

void k_yield(void)
{
    k_spinlock_key_t key = k_spin_lock(&sched_lock);
    z_queue_remove(&ready_head, z_current);
    z_queue_insert(&ready_head, z_current);
    z_reschedule(&sched_lock, key);
}

k_ticks_t k_uptime_ticks(void)
{
    k_spinlock_key_t key = k_spin_lock(&sched_lock); /* 64 bits: two loads */
    k_ticks_t now = ticks;
    k_spin_unlock(&sched_lock, key);
    return now;
}

/* ------------------------------------------------------------ waiting */

int z_pend_curr(struct k_spinlock *lock, k_spinlock_key_t key, _wait_q_t *wq, k_timeout_t timeout)
{
    /* all spinlocks are the one interrupt mask: releasing lock is the switch */
    __ASSERT(!k_is_in_isr(), "an interrupt handler cannot block");
#ifdef CONFIG_SPIN_VALIDATE
    if (z_held_index(&held, lock) < 0) {
        spin_invalid("not held by the caller of z_pend_curr (it must be, so that no wake-up "
                     "slips in before the thread waits)",
                     lock);
    }
#endif
    if (key.key != 0) { /* interrupts were masked before: no switch could happen */
        __ASSERT(false, "a thread cannot wait while it holds a lock taken before this one "
                        "(interrupts would stay masked)");
        k_spin_unlock(lock, key);
        return -EAGAIN;
    }
    if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        k_spin_unlock(lock, key);
        return -EAGAIN;
    }
    unready_current(Z_PENDING, timeout);
    z_current->pended_on = wq;
    z_current->swap_retval = -EAGAIN;
    z_queue_insert(&wq->head, z_current);
    block_and_unlock(lock, key);
    return z_current->swap_retval; /* runs again: woken or timed out */
}

int z_unpend_all(_wait_q_t *wq)
{
    int woken = 0;
    struct k_thread *t;
    while ((t = wq->head) != NULL) {
        end_wait(t, 0);
        woken++;
    }
    return woken;
}

void z_reschedule(struct k_spinlock *lock, k_spinlock_key_t key)
{
    switch_if_needed();
    k_spin_unlock(lock, key);
}

/* ------------------------------------------------------------ interrupts */

/* External interrupt 0 runs whatever irq_offload() asked for. */
void Irq0_Handler(void)
{
    void (*routine)(const void *) = offload_routine;
    offload_routine = NULL;
    if (routine != NULL) {
        routine((const void *)offload_arg);
    }
}

void irq_offload(void (*routine)(const void *arg), const void *arg)
{
    offload_arg = arg;
    offload_routine = routine;
    NVIC_ISER0 = 1u << 0;
    NVIC_ISPR0 = 1u << 0; /* taken at once: IRQ 0 outranks thread mode */
    __asm__ volatile("dsb\nisb" ::: "memory");
}

/* ------------------------------------------------------------ assertions */

void assert_print(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

__attribute__((weak)) void assert_post_action(const char *file, unsigned int line)
{
    (void)file;
    (void)line;
    fflush(stdout);
    semihost_write0("*** stopped by the failed assertion");
    board_name_test();
    semihost_write0("\n");
    exit(BOARD_EXIT_TEST_FAILED);
}

/* ------------------------------------------------------------ start-up */

static void idle_entry(void *arg)
{
    (void)arg;
    for (;;) {
        __asm__ volatile("wfi");
    }
}

/* Move the running code onto the process stack (same memory, same value),
 * and give handlers a main stack of their own. */
static void adopt_main(void)
{
    __asm__ volatile("mrs r0, msp\n"
                     "msr psp, r0\n"
                     "movs r0, #2\n" /* CONTROL.SPSEL: thread mode uses PSP */
                     "msr control, r0\n"
                     "isb\n"
                     "msr msp, %0\n"
                     :
                     : "r"(isr_stack + ISR_STACK_BYTES / 8)
                     : "r0", "memory");
}

__attribute__((constructor(101))) static void kernel_start(void)
{
    __asm__ volatile("cpsid i" ::: "memory");
    adopt_main();
    main_thread.prio = PRIO_MAIN;
    main_thread.arch.stack_limit = (uint32_t *)(__stack - (uintptr_t)__main_stack_size);
    *main_thread.arch.stack_limit = STACK_GUARD;
    z_waitq_init(&main_thread.join_q);
    remember_thread(&main_thread);
    make_ready(&main_thread);
    z_current = &main_thread;
    idle_thread.arch.sp = initial_frame(idle_stack, sizeof idle_stack, &idle_thread);
    idle_thread.entry = idle_entry;
    idle_thread.prio = PRIO_IDLE;
    remember_thread(&idle_thread);
    make_ready(&idle_thread);
    SCB_SHPR3 |= 0xFFu << 16 | 0xFFu << 24; /* PendSV and SysTick: least urgent */
    SYST_RVR = CPU_HZ / CONFIG_SYS_CLOCK_TICKS_PER_SEC - 1;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE_TICKINT_CPUCLK;
    __asm__ volatile("cpsie i" ::: "memory");
}
