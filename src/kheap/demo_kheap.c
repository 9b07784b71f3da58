/*
 * Stage 4 demo: three threads share a heap too small for all of them.
 *
 * A "writer" of high priority wants a large buffer; two "readers", less
 * urgent, each hold a smaller one for a while. The writer waits on the
 * heap's queue until both readers have freed theirs, and every line is
 * stamped with the tick it happened at, so the wait, the wake-ups and the
 * retries can be followed. A last request with a short timeout shows a
 * wait that ends empty-handed, on time.
 */
#include <stdio.h>

#include "kheap.h"

K_HEAP_DEFINE(demo_heap, 1024);

K_THREAD_STACK_DEFINE(writer_stack, 1024);
K_THREAD_STACK_DEFINE(reader_stack0, 1024);
K_THREAD_STACK_DEFINE(reader_stack1, 1024);
static struct k_thread writer, readers[2];

static void say(const char *who, const char *what)
{
    printf("[tick %4d] %-8s %s\n", (int)k_uptime_ticks(), who, what);
}

static void reader(void *arg)
{
    const char *name = arg;
    void *p = k_heap_alloc(&demo_heap, 300, K_NO_WAIT);
    say(name, p != NULL ? "took 300 bytes, holds them for a while" : "found no room");
    k_msleep(name[6] == '0' ? 20 : 40);
    say(name, "frees its 300 bytes (every waiter is woken)");
    k_heap_free(&demo_heap, p);
    if (z_waitq_head(&demo_heap.wait_q) == &writer) {
        say(name, "the writer woke, retried, found no room and waits again");
    }
}

static void writer_main(void *arg)
{
    (void)arg;
    say("writer", "asks for 700 bytes, willing to wait 200 ms");
    void *p = k_heap_alloc(&demo_heap, 700, K_MSEC(200));
    say("writer", p != NULL ? "got its 700 bytes" : "gave up");
    k_msleep(5);
    say("writer", "asks for 800 more, willing to wait 10 ms");
    void *q = k_heap_alloc(&demo_heap, 800, K_MSEC(10));
    say("writer", q != NULL ? "got them" : "gave up after its 10 ms, as asked");
    k_heap_free(&demo_heap, p);
}

int main(void)
{
    printf("Stage 4: k_heap, a heap threads wait on (1 tick = %d ms)\n\n",
           1000 / CONFIG_SYS_CLOCK_TICKS_PER_SEC);
    /* Each thread is more urgent than main, so it runs as soon as made. */
    k_thread_create(&readers[0], reader_stack0, sizeof reader_stack0, reader, "reader0", -1);
    k_thread_create(&readers[1], reader_stack1, sizeof reader_stack1, reader, "reader1", -1);
    k_thread_create(&writer, writer_stack, sizeof writer_stack, writer_main, NULL, -2);
    k_thread_join(&writer, K_FOREVER);
    k_thread_join(&readers[0], K_FOREVER);
    k_thread_join(&readers[1], K_FOREVER);
    printf("\nall threads done; heap intact: %s\n",
           sys_heap_validate(&demo_heap.heap) ? "yes" : "no");
    return sys_heap_validate(&demo_heap.heap) ? 0 : 1;
}
