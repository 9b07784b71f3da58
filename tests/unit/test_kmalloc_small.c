/*
 * Unit tests of stage 5 built with a small system heap
 * (src/kmalloc/kmalloc_small.c): Zephyr's k_malloc tests run with
 * CONFIG_HEAP_MEM_POOL_SIZE=256, and so must the kit. The heap is reserved
 * whole, serves an empty request and a one-byte one, several small blocks
 * at once, and a single block of at least three quarters of its size on a
 * 32-bit machine (two thirds on a 64-bit host).
 * Host and target alike.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef CONFIG_HEAP_MEM_POOL_SIZE
#define CONFIG_HEAP_MEM_POOL_SIZE 256 /* as src/kmalloc/kmalloc_small.c */
#endif
#include "kernel.h"
#include "kit_diag.h"
#include "kit_test.h"
#include "kmalloc.h"

#define WORD sizeof(void *)

static struct sys_memory_stats first;

static int as_first(void)
{
    struct sys_memory_stats now;
    return sys_heap_runtime_stats_get(&_system_heap.heap, &now) == 0 &&
           sys_heap_validate(&_system_heap.heap) && now.free_bytes == first.free_bytes &&
           now.allocated_bytes == first.allocated_bytes;
}

TEST(the_system_heap_has_the_size_asked_for)
{
    CHECK(sys_heap_validate(&_system_heap.heap));
    CHECK_EQ(_system_heap.heap.size, (Z_HEAP_DEFINE_BYTES(CONFIG_HEAP_MEM_POOL_SIZE) + 7) / 8 * 8);
    CHECK(sys_heap_runtime_stats_get(&_system_heap.heap, &first) == 0);
}

TEST(nothing_and_one_byte_are_served)
{
    void *none = k_malloc(0);
    char *one = k_malloc(1);
    CHECK(none != NULL && one != NULL);
    *one = 1;
    k_free(one);
    k_free(none);
    CHECK(as_first());
}

TEST(four_small_blocks_at_once)
{
    void *p[4];
    for (int i = 0; i < 4; i++) {
        p[i] = k_malloc(16);
        CHECK_MSG(p[i] != NULL, "block %d of 16 bytes", i);
        if (p[i] != NULL) {
            memset(p[i], i, 16);
        }
    }
    for (int i = 0; i < 4; i++) {
        k_free(p[i]);
    }
    CHECK(as_first());
}

TEST(one_block_of_three_quarters_of_the_heap)
{
    size_t n = CONFIG_HEAP_MEM_POOL_SIZE;
    void *p = NULL;
    while (n > 0 && (p = k_malloc(n)) == NULL) {
        n -= 1;
    }
    printf("  the largest k_malloc from a %u-byte system heap: %zu bytes (+ %zu for the heap "
           "pointer)\n",
           (unsigned)CONFIG_HEAP_MEM_POOL_SIZE, n, WORD);
    CHECK(p != NULL);
#if UINTPTR_MAX == 0xffffffffu
    CHECK_MSG((n + WORD) * 4 >= (size_t)CONFIG_HEAP_MEM_POOL_SIZE * 3,
              "%zu + %zu bytes is less than 3/4 of %u", n, WORD,
              (unsigned)CONFIG_HEAP_MEM_POOL_SIZE);
#else
    /* a 64-bit host's headers, sentinel and links are twice as wide: two thirds */
    CHECK_MSG((n + WORD) * 3 >= (size_t)CONFIG_HEAP_MEM_POOL_SIZE * 2,
              "%zu + %zu bytes is less than 2/3 of %u", n, WORD,
              (unsigned)CONFIG_HEAP_MEM_POOL_SIZE);
#endif
    k_free(p);
    CHECK(as_first());
}

int main(void)
{
    RUN_TEST(the_system_heap_has_the_size_asked_for);
    RUN_TEST(nothing_and_one_byte_are_served);
    RUN_TEST(four_small_blocks_at_once);
    RUN_TEST(one_block_of_three_quarters_of_the_heap);
    return kit_test_finish();
}
