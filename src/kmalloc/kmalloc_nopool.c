/*
 * Stage 5 built with no system heap: the same source as kmalloc.c, with
 * CONFIG_HEAP_MEM_POOL_SIZE set to 0 as `-DCONFIG_HEAP_MEM_POOL_SIZE=0`
 * would, so the variant builds alike on the host, under the sanitizers and
 * on the target.
 */
#define CONFIG_HEAP_MEM_POOL_SIZE 0
#include "kmalloc.c"
