/*
 * Reset and the vector table of the Cortex-M3.
 *
 * The core reads two words at address 0 when it comes out of reset: the
 * initial main stack pointer and the address of Reset_Handler. The rest of
 * the table holds one handler per exception and interrupt. Every handler
 * here is weak, so a later stage (the scheduler's PendSV and SysTick, a
 * test's interrupt) overrides it just by defining a function of that name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "semihost.h"

extern char __stack[];
extern char __data_start[], __data_end[], __data_source[];
extern char __bss_start[], __bss_end[];
extern char __tls_base[];
extern void _set_tls(void *tls);
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

int main(void);
void Reset_Handler(void);

/* Any exception or interrupt that nobody claimed. */
void Default_Handler(void)
{
    semihost_write0("\n*** unexpected exception or interrupt\n");
    semihost_exit(BOARD_EXIT_UNEXPECTED);
}

#define WEAK_HANDLER __attribute__((weak, alias("Default_Handler")))
void NMI_Handler(void) WEAK_HANDLER;
void HardFault_Handler(void) WEAK_HANDLER;
void MemManage_Handler(void) WEAK_HANDLER;
void BusFault_Handler(void) WEAK_HANDLER;
void UsageFault_Handler(void) WEAK_HANDLER;
void SVC_Handler(void) WEAK_HANDLER;
void DebugMon_Handler(void) WEAK_HANDLER;
void PendSV_Handler(void) WEAK_HANDLER;
void SysTick_Handler(void) WEAK_HANDLER;
void Irq0_Handler(void) WEAK_HANDLER;
void Irq1_Handler(void) WEAK_HANDLER;
void Irq2_Handler(void) WEAK_HANDLER;
void Irq3_Handler(void) WEAK_HANDLER;

/* The 16 system exceptions, then the first external interrupts. */
__attribute__((section(".vectors"), used)) static void (*const vector_table[])(void) = {
    (void (*)(void))__stack,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0,
    0,
    0,
    0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    Irq0_Handler,
    Irq1_Handler,
    Irq2_Handler,
    Irq3_Handler,
};

/* SHCSR bits that give MemManage, BusFault and UsageFault their own
 * handlers instead of escalating to HardFault; CCR bit that makes an
 * integer division by zero a UsageFault instead of a silent 0. */
#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)
#define CCR_DIV_0_TRP (1u << 4)

/* The MPU's registers (ARMv7-M PMSA): region number, base, attributes. */
#define MPU_CTRL (*(volatile uint32_t *)0xE000ED94u)
#define MPU_RNR (*(volatile uint32_t *)0xE000ED98u)
#define MPU_RBAR (*(volatile uint32_t *)0xE000ED9Cu)
#define MPU_RASR (*(volatile uint32_t *)0xE000EDA0u)
#define MPU_CTRL_ENABLE_PRIVDEFENA 5u           /* on; elsewhere the default map */
#define MPU_RASR_XN_NOACCESS_64B_ON 0x1000000Bu /* XN, AP 000, SIZE 5 (2^6), ENABLE */

/*
 * A NULL pointer on this board points at the vector table, whose first
 * words can be read and even written without a fault, so a forgotten NULL
 * check goes unseen. One MPU region makes the first 64 bytes (16 vectors,
 * no code) unreachable to the program: reading or writing NULL, or a field
 * of a structure through NULL, is a MemManage fault at that instruction.
 * The core's own vector fetches are not checked by the MPU.
 */
static void guard_null(void)
{
    MPU_RNR = 0;
    MPU_RBAR = 0x0;
    MPU_RASR = MPU_RASR_XN_NOACCESS_64B_ON;
    MPU_CTRL = MPU_CTRL_ENABLE_PRIVDEFENA;
    __asm__ volatile("dsb\nisb" ::: "memory");
}

void Reset_Handler(void)
{
    memcpy(__data_start, __data_source, (size_t)(__data_end - __data_start));
    memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));
    _set_tls(__tls_base);

    SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
    SCB_CCR |= CCR_DIV_0_TRP;
    guard_null();

    for (void (**ctor)(void) = __init_array_start; ctor < __init_array_end; ctor++) {
        (*ctor)();
    }
    exit(main());
}
