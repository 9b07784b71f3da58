/*
 * Stage 2 demo: a small heap shown after each of a few operations, so the
 * split, the coalescing and the free list can be watched as they change;
 * then the same requests under first fit and best fit, which end apart.
 */
#include <stdio.h>

#include "freelist.h"

static uint64_t pool[(sizeof(fl_heap_t) + 512) / 8];

/*
 * Leave two holes, one for 40 bytes at a low address and one for 16 bytes
 * above it, fill the rest, then ask for 16 bytes and for 40 bytes.
 */
static void fit_contrast(fl_fit_t fit, const char *name)
{
    fl_stats_t s;
    void *p[4];

    fl_init(pool, sizeof pool, fit, FL_ADDRESS_ORDERED);
    p[0] = fl_alloc(pool, 40);
    p[1] = fl_alloc(pool, 8);
    p[2] = fl_alloc(pool, 16);
    fl_stats_get(pool, &s);
    p[3] = fl_alloc(pool, s.largest_free - BLOCK_HEADER_SIZE);
    fl_free(pool, p[0]);
    fl_free(pool, p[2]);
    printf("\n%s: holes for 40 and 16 bytes; fl_alloc(16) then fl_alloc(40) %s\n", name,
           fl_alloc(pool, 16) != NULL && fl_alloc(pool, 40) != NULL ? "both succeed" : "fails");
    fl_show(pool);
    (void)p[1], (void)p[3];
}

int main(void)
{
    void *a, *b, *c;

    printf("Stage 2: the free-list heap\n\n");
    if (fl_init(pool, sizeof pool, FL_FIRST_FIT, FL_ADDRESS_ORDERED) != FL_OK) {
        printf("init failed\n");
        return 1;
    }
    printf("after fl_init(pool, %u, first fit, address-ordered):\n", (unsigned)sizeof pool);
    fl_show(pool);

    a = fl_alloc(pool, 40);
    b = fl_alloc(pool, 100);
    c = fl_alloc(pool, 20);
    printf("\nafter fl_alloc of 40, 100 and 20 bytes (each split off the free block):\n");
    fl_show(pool);

    fl_free(pool, a);
    fl_free(pool, c);
    printf("\nafter freeing the first and the third (the third merges with the free end):\n");
    fl_show(pool);

    fl_free(pool, b);
    printf("\nafter freeing the second (it merges with both neighbours):\n");
    fl_show(pool);

    printf("\nfreeing the second again: %s\n", fl_free(pool, b) == FL_OK ? "FL_OK" : "FL_ERROR");
    printf("integrity check: %s\n", fl_check(pool) == FL_OK ? "FL_OK" : "FL_ERROR");

    fit_contrast(FL_FIRST_FIT, "first fit");
    fit_contrast(FL_BEST_FIT, "best fit");
    return 0;
}
