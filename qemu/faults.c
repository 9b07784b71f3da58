/*
 * Fault handlers: a crash in a test becomes a message and an exit code.
 *
 * Each handler finds the stack the faulting code was using (bit 2 of the
 * EXC_RETURN value in lr says main or process stack), reads the PC that the
 * core stacked on entry, prints it with the fault status registers and the
 * name of the test that was running, and stops QEMU with a code of its own
 * (board.h). qemu/run.sh then turns pc and lr into function and file:line.
 * Nothing here uses the C library: after a fault its state cannot be
 * trusted.
 */
#include "board.h"
#include "semihost.h"

/* The eight words the core pushes on exception entry. */
struct stacked_frame {
    uint32_t r0, r1, r2, r3, r12, lr, pc, xpsr;
};

void fault_report(const char *name, int code, const struct stacked_frame *frame)
    __attribute__((noreturn, used));

/* Set by the test harness (tests/kit_test.h) while a test runs; a program
 * without the harness leaves it undefined, and its address is then 0. */
extern const char *volatile kit_test_running __attribute__((weak));

void board_name_test(void)
{
    /* a test's name is a string literal, in the code memory: anything else
     * is what a wild write left there */
    uintptr_t name = &kit_test_running != 0 ? (uintptr_t)kit_test_running : 0;
    if (name >= 64 && name < 0x00400000u && *(const char *)name != '\0') {
        semihost_write0(" in test ");
        semihost_write0(kit_test_running);
    }
}

void fault_report(const char *name, int code, const struct stacked_frame *frame)
{
    semihost_write0("\n*** ");
    semihost_write0(name);
    board_name_test();
    semihost_write0(" at pc=");
    semihost_write_hex(frame->pc);
    semihost_write0(" lr=");
    semihost_write_hex(frame->lr);
    semihost_write0(" cfsr=");
    semihost_write_hex(SCB_CFSR);
    semihost_write0(" hfsr=");
    semihost_write_hex(SCB_HFSR);
    semihost_write0(" bfar=");
    semihost_write_hex(SCB_BFAR);
    semihost_write0(" mmfar=");
    semihost_write_hex(SCB_MMFAR);
    semihost_write0("\n");
    semihost_exit(code);
}

/* Pick the stack that holds the frame, then call fault_report. */
#define FAULT_HANDLER(handler, label, code)            \
    __attribute__((naked)) void handler(void)          \
    {                                                  \
        __asm__ volatile("tst lr, #4\n"                \
                         "ite eq\n"                    \
                         "mrseq r2, msp\n"             \
                         "mrsne r2, psp\n"             \
                         "ldr r0, =1f\n"               \
                         "movs r1, %0\n"               \
                         "b fault_report\n"            \
                         ".pushsection .rodata\n"      \
                         "1: .asciz \"" label "\"\n"   \
                         ".popsection\n" ::"i"(code)); \
    }

FAULT_HANDLER(HardFault_Handler, "HardFault", BOARD_EXIT_HARDFAULT)
FAULT_HANDLER(MemManage_Handler, "MemManage fault", BOARD_EXIT_MEMMANAGE)
FAULT_HANDLER(BusFault_Handler, "BusFault", BOARD_EXIT_BUSFAULT)
FAULT_HANDLER(UsageFault_Handler, "UsageFault", BOARD_EXIT_USAGEFAULT)
