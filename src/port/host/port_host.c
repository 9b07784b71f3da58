/*
 * The host backend of the port: one process-wide mutex stands in for
 * masking interrupts, so host threads cannot interleave inside an allocator.
 */
#include <pthread.h>

#include "port.h"

static pthread_mutex_t port_mutex = PTHREAD_MUTEX_INITIALIZER;

uintptr_t port_lock(void)
{
    pthread_mutex_lock(&port_mutex);
    return 0;
}

void port_unlock(uintptr_t key)
{
    (void)key;
    pthread_mutex_unlock(&port_mutex);
}

bool port_in_isr(void)
{
    return false;
}
