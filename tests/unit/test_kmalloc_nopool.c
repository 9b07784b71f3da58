/*
 * Unit tests of stage 5 built without a system heap
 * (CONFIG_HEAP_MEM_POOL_SIZE=0): every call that would use the system heap
 * returns NULL, while blocks from a thread's own pool still come, resize
 * and go back as usual. Host and target alike.
 */
#include <stdint.h>
#include <string.h>

#define CONFIG_HEAP_MEM_POOL_SIZE 0 /* as src/kmalloc/kmalloc_nopool.c */
#include "kernel.h"
#include "kit_diag.h"
#include "kit_test.h"
#include "kmalloc.h"

K_HEAP_DEFINE(pool, 1024);

static size_t used(struct k_heap *h)
{
    struct sys_memory_stats s;
    return sys_heap_runtime_stats_get(&h->heap, &s) == 0 ? s.allocated_bytes : 0;
}

TEST(system_heap_calls_return_null)
{
    CHECK(k_malloc(16) == NULL);
    CHECK(k_calloc(2, 8) == NULL);
    CHECK(k_aligned_alloc(64, 16) == NULL);
    CHECK(k_realloc(NULL, 16) == NULL);
    k_free(NULL);
}

static void *isr_block = (void *)&isr_block;
static void isr_allocates(const void *arg)
{
    (void)arg;
    isr_block = z_thread_malloc(16);
}

TEST(an_interrupt_gets_null_without_a_system_heap)
{
    k_thread_heap_assign(k_current_get(), &pool);
    irq_offload(isr_allocates, NULL);
    CHECK(isr_block == NULL);
    k_thread_heap_assign(k_current_get(), NULL);
}

TEST(a_thread_pool_still_works)
{
    size_t first = used(&pool);
    k_thread_heap_assign(k_current_get(), &pool);
    unsigned char *p = z_thread_aligned_alloc(32, 40);
    CHECK(p != NULL);
    CHECK_EQ((uintptr_t)p % 32, 0);
    CHECK(((struct k_heap **)p)[-1] == &pool);
    memset(p, 0x77, 40);
    p = k_realloc(p, 300);
    CHECK(p != NULL);
    CHECK_EQ((uintptr_t)p % 32, 0);
    for (int i = 0; i < 40; i++) {
        CHECK_EQ(p[i], 0x77);
    }
    k_free(p);
    CHECK_EQ(used(&pool), first);
    CHECK(sys_heap_validate(&pool.heap));
    k_thread_heap_assign(k_current_get(), NULL);
}

TEST(system_pool_assign_leaves_no_pool)
{
    k_thread_heap_assign(k_current_get(), &pool);
    k_thread_system_pool_assign(k_current_get());
    CHECK(z_thread_malloc(16) == NULL);
}

int main(void)
{
    RUN_TEST(system_heap_calls_return_null);
    RUN_TEST(an_interrupt_gets_null_without_a_system_heap);
    RUN_TEST(a_thread_pool_still_works);
    RUN_TEST(system_pool_assign_leaves_no_pool);
    return kit_test_finish();
}
