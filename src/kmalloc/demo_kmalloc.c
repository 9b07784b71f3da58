/*
 * Stage 5 demo: a producer and a consumer share a queue of messages.
 *
 * Each message is two blocks: its payload, from a k_heap of its own that
 * the producer is willing to wait on (with a timeout), and a small queue
 * node from k_malloc (the system heap). The producer is faster than the
 * consumer, so the message heap fills up; then the producer waits until
 * the consumer frees a payload, or gives up when its timeout passes. Every
 * line shows the tick and how many bytes each heap has in use, so the
 * filling and draining can be followed; at the end both heaps are back to
 * where they started.
 */
#include <stdio.h>
#include <string.h>

#include "kmalloc.h"

#define MESSAGES 10

K_HEAP_DEFINE(msg_heap, 1024);

K_THREAD_STACK_DEFINE(producer_stack, 1024);
K_THREAD_STACK_DEFINE(consumer_stack, 1024);
static struct k_thread producer, consumer;

/* The queue. Invariant: head..tail linked through next, under queue_lock;
 * each node and its payload belong to the queue until the consumer takes
 * the node out. */
struct node {
    struct node *next;
    char *payload;
    size_t bytes;
    int id;
};
static struct node *head, *tail;
static struct k_spinlock queue_lock;
static volatile int producer_done;

static size_t in_use(struct k_heap *h)
{
    struct sys_memory_stats s;
    return sys_heap_runtime_stats_get(&h->heap, &s) == 0 ? s.allocated_bytes : 0;
}

static void say(const char *who, const char *what, int id)
{
    printf("[tick %4d] %-8s %-34s #%-2d  message heap %4zu B used, system heap %4zu B used\n",
           (int)k_uptime_ticks(), who, what, id, in_use(&msg_heap), in_use(&_system_heap));
}

static void enqueue(struct node *n)
{
    k_spinlock_key_t key = k_spin_lock(&queue_lock);
    n->next = NULL;
    if (tail != NULL) {
        tail->next = n;
    } else {
        head = n;
    }
    tail = n;
    k_spin_unlock(&queue_lock, key);
}

static struct node *dequeue(void)
{
    k_spinlock_key_t key = k_spin_lock(&queue_lock);
    struct node *n = head;
    if (n != NULL) {
        head = n->next;
        if (head == NULL) {
            tail = NULL;
        }
    }
    k_spin_unlock(&queue_lock, key);
    return n;
}

static void producer_main(void *arg)
{
    (void)arg;
    for (int id = 0; id < MESSAGES; id++) {
        size_t bytes = 120 + 40 * (size_t)(id % 4);
        struct node *n = k_malloc(sizeof *n);
        int patience = id < 8 ? 60 : 5;
        char *payload = k_heap_alloc(&msg_heap, bytes, K_NO_WAIT);
        if (payload == NULL) {
            printf("[tick %4d] producer no room for %zu bytes: waits up to %d ms\n",
                   (int)k_uptime_ticks(), bytes, patience);
            payload = k_heap_alloc(&msg_heap, bytes, K_MSEC(patience));
        }
        if (n == NULL || payload == NULL) {
            say("producer", "gave up: the timeout passed", id);
            k_free(n);
            k_heap_free(&msg_heap, payload);
            continue;
        }
        memset(payload, 'a' + id, bytes);
        n->payload = payload;
        n->bytes = bytes;
        n->id = id;
        enqueue(n);
        say("producer", "queued a message", id);
        k_msleep(2);
    }
    producer_done = 1;
}

static void consumer_main(void *arg)
{
    (void)arg;
    for (;;) {
        struct node *n = dequeue();
        if (n == NULL) {
            if (producer_done) {
                return;
            }
            k_msleep(5);
            continue;
        }
        k_msleep(15); /* the work a message takes */
        bool intact = n->payload[0] == 'a' + n->id && n->payload[n->bytes - 1] == 'a' + n->id;
        k_heap_free(&msg_heap, n->payload); /* wakes a waiting producer */
        say("consumer", intact ? "handled and freed a message" : "found a damaged message", n->id);
        k_free(n);
    }
}

int main(void)
{
    size_t msg_first = in_use(&msg_heap), sys_first = in_use(&_system_heap);
    bool ok;

    printf("Stage 5: k_malloc for queue nodes, a k_heap with timeouts for payloads "
           "(1 tick = %d ms)\n\n",
           1000 / CONFIG_SYS_CLOCK_TICKS_PER_SEC);
    k_thread_create(&consumer, consumer_stack, sizeof consumer_stack, consumer_main, NULL, -1);
    k_thread_create(&producer, producer_stack, sizeof producer_stack, producer_main, NULL, -2);
    k_thread_join(&producer, K_FOREVER);
    k_thread_join(&consumer, K_FOREVER);
    ok = in_use(&msg_heap) == msg_first && in_use(&_system_heap) == sys_first &&
         sys_heap_validate(&msg_heap.heap) && sys_heap_validate(&_system_heap.heap);
    printf("\nall done; both heaps back to where they started and intact: %s\n", ok ? "yes" : "no");
    return ok ? 0 : 1;
}
