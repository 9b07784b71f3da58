/*
 * Heap pictures, step 1: run the same short script of calls on each stage's
 * allocator and print what its pool looks like afterwards, as records that
 * tools/heapviz/heapviz.py draws as text or SVG. It runs on the board, so
 * the pictures show the 32-bit layout the labs use.
 *
 * The records, one a line, offsets from the pool's start:
 *   @heap KIND BYTES          a picture begins (KIND: membox, freelist, tlsf)
 *   control OFFSET BYTES      the control structure
 *   block OFFSET BYTES STATE  one block, header included; STATE used or free
 *   tail OFFSET BYTES         bytes after the last block (end marker, waste)
 *   list NAME OFFSET...       a free list, in list order (block offsets)
 *   bitmap NAME VALUE BITS    a bitmap word and how many of its bits count
 *   @end
 * Blocks come from each stage's walk: fl_walk() for the free-list heap,
 * block_walk() over the TLSF pool, the node array for the membox.
 */
#include <stdint.h>
#include <stdio.h>

#include "block.h"
#include "freelist.h"
#include "los_membox.h"
#include "los_memory.h"
#include "los_memory_at.h"

#define POOL_BYTES 2048u

static uint64_t pool[POOL_BYTES / sizeof(uint64_t)];

static unsigned long offset_of(const void *p)
{
    return (unsigned long)((uintptr_t)p - (uintptr_t)pool);
}

/* -------------------------------------------------------------- membox */
static void dump_membox(void)
{
    const LOS_MEMBOX_INFO *info = (const LOS_MEMBOX_INFO *)pool;
    const uint8_t *first = (const uint8_t *)pool + OS_MEMBOX_FIRST_OFFSET;
    unsigned long end = OS_MEMBOX_FIRST_OFFSET + (unsigned long)info->uwBlkNum * info->uwBlkSize;

    printf("@heap membox %u\ncontrol 0 %u\n", 512u, (unsigned)OS_MEMBOX_FIRST_OFFSET);
    for (uint32_t i = 0; i < info->uwBlkNum; i++) {
        const LOS_MEMBOX_NODE *node = (const void *)(first + (size_t)i * info->uwBlkSize);
        printf("block %lu %u %s\n", offset_of(node), (unsigned)info->uwBlkSize,
               node->pstNext == OS_MEMBOX_MAGIC ? "used" : "free");
    }
    if (end < 512u) {
        printf("tail %lu %lu\n", end, 512u - end);
    }
    printf("list free");
    for (const LOS_MEMBOX_NODE *n = info->stFreeList.pstNext; n; n = n->pstNext) {
        printf(" %lu", offset_of(n));
    }
    printf("\n@end\n");
}

static void script_membox(void)
{
    void *b[6];
    LOS_MemboxInit(pool, 512u, 40u);
    for (int i = 0; i < 6; i++) {
        b[i] = LOS_MemboxAlloc(pool);
    }
    LOS_MemboxFree(pool, b[1]);
    LOS_MemboxFree(pool, b[4]);
    dump_membox();
}

/* ----------------------------------------- the script of the two heaps */
/*
 * Six blocks of mixed sizes, then the second and the fourth freed: two holes
 * between used blocks, and the rest of the pool free at the end.
 */
typedef struct heap_calls {
    void *(*alloc)(void *pool, size_t size);
    void (*free)(void *pool, void *p);
} heap_calls_t;

static void run_script(const heap_calls_t *h)
{
    static const size_t sizes[] = { 200, 48, 400, 24, 300, 64 };
    void *b[6];
    for (int i = 0; i < 6; i++) {
        b[i] = h->alloc(pool, sizes[i]);
    }
    h->free(pool, b[1]);
    h->free(pool, b[3]);
}

/* ------------------------------------------------------------ freelist */
static void print_block(void *block, size_t size, bool used, void *arg)
{
    (void)arg;
    printf("block %lu %lu %s\n", offset_of(block), (unsigned long)size, used ? "used" : "free");
}

static void dump_freelist(void)
{
    const fl_heap_t *h = (const fl_heap_t *)pool;
    printf("@heap freelist %u\ncontrol 0 %lu\n", POOL_BYTES, offset_of(h->arena.first));
    fl_walk(pool, print_block, NULL);
    printf("tail %lu %lu\n", offset_of(h->arena.end), POOL_BYTES - offset_of(h->arena.end));
    printf("list free");
    for (const block_t *b = h->head.next_free; b != &h->head; b = b->next_free) {
        printf(" %lu", offset_of(b));
    }
    printf("\n@end\n");
}

static void fl_free_void(void *p, void *q)
{
    (void)fl_free(p, q);
}

static void script_freelist(void)
{
    static const heap_calls_t calls = { fl_alloc, fl_free_void };
    fl_init(pool, POOL_BYTES, FL_FIRST_FIT, FL_ADDRESS_ORDERED);
    run_script(&calls);
    dump_freelist();
}

/* ---------------------------------------------------------------- tlsf */
static void print_tlsf_block(block_t *b, void *arg)
{
    print_block(b, block_size(b), block_is_used(b), arg);
}

static void dump_tlsf(void)
{
    const OsMemPoolHead *h = (const OsMemPoolHead *)pool;
    printf("@heap tlsf %u\ncontrol 0 %lu\n", POOL_BYTES, offset_of(h->arena.first));
    block_walk(&h->arena, print_tlsf_block, NULL);
    printf("tail %lu %lu\n", offset_of(h->arena.end), POOL_BYTES - offset_of(h->arena.end));
    for (uint32_t n0 = 0; n0 < OsMemListCount(h); n0 += OS_MEM_SL_COUNT) {
        uint32_t word = ((const uint32_t *)h->lists)[n0 / 32u];
        uint32_t bits = (word >> (n0 % 32u)) & ((1u << OS_MEM_SL_COUNT) - 1u);
        printf("bitmap row%u %lu %u\n", (unsigned)(n0 / OS_MEM_SL_COUNT), (unsigned long)bits,
               (unsigned)OS_MEM_SL_COUNT);
        for (uint32_t s = 0; s < OS_MEM_SL_COUNT; s++) {
            const block_t *b = OsMemListHead(h, n0 + s);
            if (b == NULL) {
                continue;
            }
            printf("list %u,%u", (unsigned)(n0 / OS_MEM_SL_COUNT), (unsigned)s);
            for (; b; b = b->next_free) {
                printf(" %lu", offset_of(b));
            }
            printf("\n");
        }
    }
    printf("@end\n");
}

static void *tlsf_alloc(void *p, size_t size)
{
    return LOS_MemAlloc(p, (uint32_t)size);
}

static void tlsf_free(void *p, void *q)
{
    (void)LOS_MemFree(p, q);
}

static void script_tlsf(void)
{
    static const heap_calls_t calls = { tlsf_alloc, tlsf_free };
    LOS_MemInit(pool, POOL_BYTES);
    run_script(&calls);
    dump_tlsf();
    LOS_MemDeInit(pool);
}

int main(void)
{
    script_membox();
    script_freelist();
    script_tlsf();
    return 0;
}
