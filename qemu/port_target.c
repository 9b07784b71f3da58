/*
 * The target backend of the port on the Cortex-M3: the lock masks
 * interrupts with PRIMASK. It saves the previous PRIMASK so that a lock
 * taken with interrupts already masked (inside a handler, say) does not
 * unmask them on the way out.
 */
#include "port.h"

uintptr_t port_lock(void)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n"
                     "cpsid i"
                     : "=r"(primask)
                     :
                     : "memory");
    return primask;
}

void port_unlock(uintptr_t key)
{
    __asm__ volatile("msr primask, %0" : : "r"((uint32_t)key) : "memory");
}

bool port_in_isr(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    return ipsr != 0;
}
