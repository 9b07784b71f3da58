/*
 * Stress test of stage 4 on the host, built with ThreadSanitizer
 * (src/kheap/module.mk): eight threads share one small k_heap.
 *
 * Phase 1: each thread does random allocations (random sizes, random
 * timeouts from K_NO_WAIT to a few ticks) and random frees, filling each
 * block with its own mark and checking the mark before freeing it, so two
 * threads handed overlapping memory would be caught.
 *
 * Phase 2: each thread repeatedly waits with K_FOREVER for a block that
 * only a few threads can hold at once, keeps it a moment and frees it. A
 * thread waits only while it holds nothing, so a lost wake-up is the only
 * way a thread could sleep for good; the join's timeout catches it.
 *
 * At the end the pool must be back in its first state (the same free and
 * used bytes, the integrity check passing) and nobody must be waiting.
 */
#include <stdio.h>
#include <string.h>

#include "kernel.h"
#include "kheap.h"

#define THREADS 8
#define POOL_BYTES 4096
#define HELD 8 /* blocks a thread holds at most in phase 1 */
#define ROUNDS 3000
#define PHASE2_ROUNDS 40
#define PHASE2_BYTES 900 /* about four fit at once */

static uint64_t pool_mem[POOL_BYTES / 8];
static struct k_heap heap;
static struct k_thread threads[THREADS];
K_THREAD_STACK_DEFINE(unused_stack, 1);

struct worker {
    int id;
    unsigned seed;
    unsigned long allocs, timeouts, corrupt;
};
static struct worker workers[THREADS];

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

static k_timeout_t random_timeout(unsigned *seed)
{
    switch (next_random(seed) % 4) {
    case 0:
        return K_NO_WAIT;
    case 1:
        return K_TICKS(1);
    default:
        return K_TICKS(1 + next_random(seed) % 3);
    }
}

struct held {
    unsigned char *p;
    size_t bytes;
};

static void release(struct worker *w, struct held *h)
{
    for (size_t i = 0; i < h->bytes; i++) {
        if (h->p[i] != (unsigned char)w->id) {
            w->corrupt++;
        }
    }
    k_heap_free(&heap, h->p);
    h->p = NULL;
}

static void phase1(struct worker *w)
{
    struct held held[HELD] = { { NULL, 0 } };
    for (int round = 0; round < ROUNDS; round++) {
        struct held *h = &held[next_random(&w->seed) % HELD];
        if (h->p != NULL) {
            release(w, h);
            continue;
        }
        h->bytes = 1 + next_random(&w->seed) % 300;
        h->p = k_heap_alloc(&heap, h->bytes, random_timeout(&w->seed));
        if (h->p == NULL) {
            w->timeouts++;
            continue;
        }
        w->allocs++;
        memset(h->p, w->id, h->bytes);
    }
    for (int i = 0; i < HELD; i++) {
        if (held[i].p != NULL) {
            release(w, &held[i]);
        }
    }
}

static void phase2(struct worker *w)
{
    for (int round = 0; round < PHASE2_ROUNDS; round++) {
        struct held h = { k_heap_alloc(&heap, PHASE2_BYTES, K_FOREVER), PHASE2_BYTES };
        memset(h.p, w->id, h.bytes);
        k_yield();
        release(w, &h);
    }
}

static void worker_main(void *arg)
{
    struct worker *w = arg;
    phase1(w);
    phase2(w);
}

int main(void)
{
    struct sys_memory_stats first, last;
    unsigned long allocs = 0, timeouts = 0, corrupt = 0;
    int stuck = 0;

    k_heap_init(&heap, pool_mem, sizeof pool_mem);
    sys_heap_runtime_stats_get(&heap.heap, &first);
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){ i + 1, 7919u * (unsigned)(i + 1), 0, 0, 0 };
        k_thread_create(&threads[i], unused_stack, 0, worker_main, &workers[i], i % 3);
    }
    for (int i = 0; i < THREADS; i++) {
        stuck += k_thread_join(&threads[i], K_MSEC(60000)) != 0;
    }
    if (stuck) {
        printf("%d threads never finished: a lost wake-up\n", stuck);
        printf("0 passed, 1 failed\n");
        return 1;
    }
    for (int i = 0; i < THREADS; i++) {
        allocs += workers[i].allocs;
        timeouts += workers[i].timeouts;
        corrupt += workers[i].corrupt;
    }
    sys_heap_runtime_stats_get(&heap.heap, &last);
    printf("%lu allocations, %lu timed out, %lu corrupt bytes\n", allocs, timeouts, corrupt);
    int ok = corrupt == 0 && allocs > 0 && sys_heap_validate(&heap.heap) &&
             last.free_bytes == first.free_bytes && last.allocated_bytes == first.allocated_bytes &&
             z_waitq_head(&heap.wait_q) == NULL;
    printf("%s pool back in its first state, nobody waiting\n", ok ? "[PASS]" : "[FAIL]");
    printf("%d passed, %d failed\n", ok, !ok);
    return ok ? 0 : 1;
}
