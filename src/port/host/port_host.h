/*
 * What the host's kernel services (kernel_host.c) share with the host
 * backend of the port (port_host.c): the one mutex behind port_lock() and
 * every k_spinlock, and how deep the calling thread holds it. Host only;
 * nothing else includes it.
 */
#ifndef KIT_PORT_HOST_H
#define KIT_PORT_HOST_H

#include <pthread.h>
#include <stdint.h>

/* The mutex; held by a thread whose port_host_depth is not 0. */
extern pthread_mutex_t port_host_mutex;
/* How many port_lock() calls of this thread are not yet undone. */
extern _Thread_local uintptr_t port_host_depth;

#endif
