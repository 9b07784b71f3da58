/*
 * The benchmark markers. They are written in assembly so that their length
 * never depends on the compiler: each marker is a bare return, and the
 * calibration pair is exactly "call begin, call end".
 */
#include "bench_mark.h"
#include "semihost.h"

__attribute__((naked, noinline)) void bench_begin(void)
{
    __asm__ volatile("bx lr");
}

__attribute__((naked, noinline)) void bench_end(void)
{
    __asm__ volatile("bx lr");
}

__attribute__((naked, noinline)) void bench_init(void)
{
    __asm__ volatile("push {r3, lr}\n\t"
                     "bl bench_begin\n\t"
                     "bl bench_end\n\t"
                     "pop {r3, pc}");
}

void bench_label(const char *label)
{
    semihost_write0("@bench ");
    semihost_write0(label);
    semihost_write0("\n");
}
