/*
 * The port's backend in the browser: a WebAssembly module runs on one
 * thread and takes no interrupts, so the lock has nothing to keep out.
 */
#include "port.h"

uintptr_t port_lock(void)
{
    return 0;
}

void port_unlock(uintptr_t key)
{
    (void)key;
}

bool port_in_isr(void)
{
    return false;
}
