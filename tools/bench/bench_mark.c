/*
 * The benchmark markers. They are written in assembly so that their length
 * never depends on the compiler: each marker is a bare return, and the
 * calibration pair is exactly "call begin, call end".
 */
#include <stdint.h>

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

/* The empty pair whose length the plugin takes as the markers' own cost. */
__attribute__((naked, noinline)) static void bench_calibrate(void)
{
    __asm__ volatile("push {r3, lr}\n\t"
                     "bl bench_begin\n\t"
                     "bl bench_end\n\t"
                     "pop {r3, pc}");
}

/* SysTick's control and status register: 0 stops the counter. */
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)

/*
 * No interrupt may land inside an interval: stop SysTick (an image that links
 * the kernel has it running from before main) and mask interrupts for good.
 * Nothing a benchmark measures waits for time.
 */
void bench_init(void)
{
    SYST_CSR = 0;
    __asm__ volatile("cpsid i" ::: "memory");
    bench_calibrate();
}

void bench_label(const char *label)
{
    semihost_write0("@bench ");
    semihost_write0(label);
    semihost_write0("\n");
}
