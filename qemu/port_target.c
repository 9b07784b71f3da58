/*
 * The target backend of the port on the Cortex-M3. The lock, which masks
 * interrupts with PRIMASK and saves the previous PRIMASK so that a lock
 * taken with interrupts already masked (inside a handler, say) does not
 * unmask them on the way out, is inline in port.h; what is left is here.
 */
#include "port.h"

bool port_in_isr(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    return ipsr != 0;
}
