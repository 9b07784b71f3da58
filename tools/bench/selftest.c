/*
 * Self-test of the instruction counter: code of known length must measure
 * exactly. Each interval named "expect N ..." must read N; icount.py --check
 * compares them. The sequences are in assembly so the compiler cannot change
 * their length.
 */
#include <stdint.h>

#include "bench_mark.h"
#include "los_membox.h"

/* bench_begin, seven nops, bench_end: 7 instructions inside. */
__attribute__((naked, noinline)) static void straight_seven(void)
{
    __asm__ volatile("push {r3, lr}\n\t"
                     "bl bench_begin\n\t"
                     "nop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\t"
                     "bl bench_end\n\t"
                     "pop {r3, pc}");
}

/* A loop of ten rounds: one movs, then subs and bne ten times = 21. */
__attribute__((naked, noinline)) static void loop_ten(void)
{
    __asm__ volatile("push {r3, lr}\n\t"
                     "bl bench_begin\n\t"
                     "movs r0, #10\n"
                     "1:\n\t"
                     "subs r0, #1\n\t"
                     "bne 1b\n\t"
                     "bl bench_end\n\t"
                     "pop {r3, pc}");
}

/* Twenty million rounds, long enough that a timer tick would land inside: the
 * image links the kernel, whose SysTick runs from before main, so this
 * checks that bench_init() keeps interrupts out of every interval. */
__attribute__((naked, noinline)) static void loop_long(void)
{
    __asm__ volatile("push {r3, lr}\n\t"
                     "bl bench_begin\n\t"
                     "ldr r0, =20000000\n"
                     "1:\n\t"
                     "subs r0, #1\n\t"
                     "bne 1b\n\t"
                     "bl bench_end\n\t"
                     "pop {r3, pc}\n\t"
                     ".ltorg");
}

/* An IT block whose second instruction's condition fails: still 5. */
__attribute__((naked, noinline)) static void it_block(void)
{
    __asm__ volatile("push {r3, lr}\n\t"
                     "bl bench_begin\n\t"
                     "movs r0, #0\n\t"
                     "cmp r0, #0\n\t"
                     "ite eq\n\t"
                     "moveq r1, #1\n\t"
                     "movne r1, #2\n\t"
                     "bl bench_end\n\t"
                     "pop {r3, pc}");
}

/* A function of five instructions (four nops and the return). */
__attribute__((naked, noinline)) static void five_instructions(void)
{
    __asm__ volatile("nop\n\tnop\n\tnop\n\tnop\n\tbx lr");
}

static uint32_t pool[64];

int main(void)
{
    bench_init();
    BENCH_MEASURE("expect 0 empty interval", (void)0);
    straight_seven();
    bench_label("expect 7 seven nops");
    loop_ten();
    bench_label("expect 21 loop of ten rounds");
    loop_long();
    bench_label("expect 40000001 loop of twenty million rounds, timer running");
    it_block();
    bench_label("expect 5 IT block with a failed condition");
    BENCH_MEASURE("expect 6 call of a five-instruction function (bl + 5)", five_instructions());

    /* Real code: reported, and must read the same on every run. */
    void *block = 0;
    LOS_MemboxInit(pool, sizeof pool, 16);
    BENCH_MEASURE("membox alloc", block = LOS_MemboxAlloc(pool));
    BENCH_MEASURE("membox free", LOS_MemboxFree(pool, block));
    return 0;
}
