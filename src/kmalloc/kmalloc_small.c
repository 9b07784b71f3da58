/*
 * Stage 5 built with a small system heap, as Zephyr's own k_malloc tests
 * run it: the same source as kmalloc.c with CONFIG_HEAP_MEM_POOL_SIZE set
 * here, so the variant builds alike on the host, under the sanitizers and
 * on the target. tests/unit/test_kmalloc_small.c holds the same value.
 */
#ifndef CONFIG_HEAP_MEM_POOL_SIZE
/* Zephyr's own k_malloc tests run with 256 bytes. */
#define CONFIG_HEAP_MEM_POOL_SIZE 256
#endif
#include "kmalloc.c"
