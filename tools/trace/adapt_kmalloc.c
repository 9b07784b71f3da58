/*
 * Stage 5 (the k_malloc family) as a trace-tool allocator, for the trace
 * tool and the benchmark.
 * The pool becomes a k_heap assigned to the running thread as its resource
 * pool, so blocks come from the thread's pool, and k_realloc() and k_free()
 * find their heap through the word stored below each block: the row shows
 * what that word and the lookup add on top of k_heap. Blocks are asked for
 * with 8-byte alignment (z_thread_aligned_alloc), which the trace tool
 * checks; plain z_thread_malloc() aligns to a pointer, as Zephyr's does.
 */
#include "kernel.h"
#include "kheap.h"
#include "kmalloc.h"
#include "trace.h"

static struct k_heap heap;

static int kmalloc_init(void *pool, size_t bytes, size_t max_request)
{
    (void)max_request;
    k_heap_init(&heap, pool, bytes);
    k_thread_heap_assign(k_current_get(), &heap);
    return 0;
}

static void *kmalloc_alloc(void *pool, size_t size)
{
    (void)pool;
    return z_thread_aligned_alloc(8, size);
}

static void *kmalloc_realloc(void *pool, void *ptr, size_t size)
{
    (void)pool;
    return k_realloc(ptr, size);
}

static int kmalloc_free(void *pool, void *ptr)
{
    (void)pool;
    k_free(ptr);
    return 0;
}

static const trace_allocator_t kmalloc = { "k_malloc", kmalloc_init, kmalloc_alloc, kmalloc_realloc,
                                           kmalloc_free };

const trace_allocator_t *const trace_adapters_kmalloc[] = { &kmalloc, NULL };
