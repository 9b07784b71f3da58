/*
 * The host backend of the port: one process-wide mutex stands in for
 * masking interrupts, so host threads cannot interleave inside an allocator.
 *
 * It nests as the target's lock does. Masking interrupts that are already
 * masked is allowed on the Cortex-M3 (port_lock() saves PRIMASK and the
 * matching port_unlock() puts it back), so a program may call
 * LOS_MemAlloc() between LOS_IntLock() and LOS_IntRestore(). Here each
 * thread counts how deep it is: only the outermost port_lock() takes the
 * mutex and only the outermost port_unlock() releases it. The key is the
 * depth before the call, 0 for the outermost, as PRIMASK is 0 when
 * interrupts were enabled before it.
 *
 * The kernel services of the host (kernel_host.c) take the same lock for
 * every k_spinlock, as every spinlock on the target is the same interrupt
 * mask: LOS_IntLock() then k_heap_alloc() nests, and the two cannot
 * deadlock against each other in two threads.
 */
#include <pthread.h>
#include <stdio.h>

#include "port.h"

/* Shared with kernel_host.c, which declares them itself: the mutex, and how
 * many port_lock() calls of this thread are not yet undone. */
extern pthread_mutex_t port_host_mutex;
extern _Thread_local uintptr_t port_host_depth;
pthread_mutex_t port_host_mutex = PTHREAD_MUTEX_INITIALIZER;
_Thread_local uintptr_t port_host_depth;

uintptr_t port_lock(void)
{
    if (port_host_depth == 0) {
        pthread_mutex_lock(&port_host_mutex);
    }
    return port_host_depth++;
}

void port_unlock(uintptr_t key)
{
    if (port_host_depth == 0) {
        fprintf(stderr, "[ERR] port_unlock: the lock is not held by this thread\n");
        return;
    }
    if (key != port_host_depth - 1) {
        fprintf(stderr,
                "[ERR] port_unlock: key %lu restores depth %lu, not the last lock "
                "taken (depth %lu); restored as given, as the board would\n",
                (unsigned long)key, (unsigned long)key, (unsigned long)port_host_depth);
        if (key >= port_host_depth) {
            return;
        }
    }
    port_host_depth = key;
    if (key == 0) {
        pthread_mutex_unlock(&port_host_mutex);
    }
}

bool port_in_isr(void)
{
    return false;
}
