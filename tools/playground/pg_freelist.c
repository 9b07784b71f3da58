/*
 * The playground's view of stage 2, the free-list heap, in each of its six
 * policies: the heap's own calls, and a heap read through fl_stats_get(),
 * fl_check(), fl_walk() and the list head and rover that freelist.h
 * declares. Everything the page knows of the free list comes from this
 * file.
 */
#include "freelist.h"
#include "pg.h"

static const char *fl_rc(int rc)
{
    return rc == FL_OK ? "FL_OK" : rc == FL_ERROR ? "FL_ERROR" : "?";
}

static const char *const fl_fit_names[] = { "FL_FIRST_FIT", "FL_NEXT_FIT", "FL_BEST_FIT" };
static const char *const fl_order_names[] = { "FL_ADDRESS_ORDERED", "FL_LIFO" };

static int fl_init_as(void *pool, uint32_t bytes, fl_fit_t fit, fl_order_t order)
{
    int rc;

    PG_RC_CALL(rc, fl_rc, fl_init(pool, bytes, fit, order), "fl_init(pool, %u, %s, %s)",
               (unsigned)bytes, fl_fit_names[fit], fl_order_names[order]);
    return rc == FL_OK ? 0 : -1;
}

static void *fl_alloc_one(void *pool, uint32_t size)
{
    void *p;

    PG_POINTER_CALL(p, fl_alloc(pool, size), "fl_alloc(pool, %u)", (unsigned)size);
    return p;
}

static void *fl_aligned_one(void *pool, uint32_t size, uint32_t align)
{
    void *p;

    PG_POINTER_CALL(p, fl_aligned_alloc(pool, align, size), "fl_aligned_alloc(pool, %u, %u)",
                    (unsigned)align, (unsigned)size);
    return p;
}

static void *fl_resize_one(void *pool, void *ptr, uint32_t size)
{
    void *p;

    PG_POINTER_CALL(p, fl_realloc(pool, ptr, size), "fl_realloc(pool, pool+%ld, %u)", pg_off(ptr),
                    (unsigned)size);
    return p;
}

static int fl_release_one(void *pool, void *ptr)
{
    int rc;

    PG_RC_CALL(rc, fl_rc, fl_free(pool, ptr), "fl_free(pool, pool+%ld)", pg_off(ptr));
    return rc == FL_OK ? 0 : -1;
}

static void fl_block_one(void *block, size_t size, bool used, void *first)
{
    pg_block(block, size, used, first);
}

static void fl_state(void *pool, int detail)
{
    const fl_heap_t *h = pool;
    fl_stats_t st;
    int first = 1;
    size_t shown = 0;

    if (fl_stats_get(pool, &st) != FL_OK) {
        pg_put(",\"valid\":0");
        return;
    }
    pg_put(",\"valid\":1,\"largestFree\":%lu,\"freeBytes\":%lu", (unsigned long)st.largest_free,
           (unsigned long)st.free_bytes);
    pg_put(",\"stats\":{\"total_bytes\":%lu,\"used_bytes\":%lu,\"free_bytes\":%lu,"
           "\"largest_free\":%lu,\"used_blocks\":%lu,\"free_blocks\":%lu,\"peak_used\":%lu}",
           (unsigned long)st.total_bytes, (unsigned long)st.used_bytes,
           (unsigned long)st.free_bytes, (unsigned long)st.largest_free,
           (unsigned long)st.used_blocks, (unsigned long)st.free_blocks,
           (unsigned long)st.peak_used);
    if (detail < 2) {
        return;
    }
    pg_put(",\"check\":%d,\"hdr\":%u,\"control\":%ld,\"end\":%ld,\"blocks\":[", fl_check(pool),
           (unsigned)BLOCK_HEADER_SIZE, pg_off(h->arena.first), pg_off(h->arena.end));
    (void)fl_walk(pool, fl_block_one, &first);
    pg_put("],\"freelist\":{\"list\":[");
    first = 1;
    /* the list is circular through its head; bounded, so a damaged one ends */
    for (const block_t *b = h->head.next_free; b != &h->head && shown <= h->free_blocks;
         b = b->next_free, shown++) {
        pg_list_item(b, &first);
    }
    pg_put("]");
    if (h->rover != &h->head) {
        pg_put(",\"rover\":%ld", pg_off(h->rover));
    }
    pg_put("}");
}

static void fl_show_one(void *pool)
{
    pg_call("fl_show(pool)");
    fl_show(pool);
}

static int fl_check_one(void *pool)
{
    int rc;

    PG_RC_CALL(rc, fl_rc, fl_check(pool), "fl_check(pool)");
    return rc == FL_OK ? 0 : -1;
}

/* One allocator per policy: an init that picks it, and the heap's calls. */
#define FL_POLICY(tag, id, fit, order)                                                      \
    static int init_##tag(void *pool, uint32_t bytes, uint32_t param)                       \
    {                                                                                       \
        (void)param;                                                                        \
        return fl_init_as(pool, bytes, fit, order);                                         \
    }                                                                                       \
    static const pg_allocator_t tag = {                                                     \
        id,       init_##tag,  fl_alloc_one, fl_aligned_one, fl_resize_one, fl_release_one, \
        fl_state, fl_show_one, fl_check_one,                                                \
    };

FL_POLICY(first_addr, "first-addr", FL_FIRST_FIT, FL_ADDRESS_ORDERED)
FL_POLICY(first_lifo, "first-lifo", FL_FIRST_FIT, FL_LIFO)
FL_POLICY(next_addr, "next-addr", FL_NEXT_FIT, FL_ADDRESS_ORDERED)
FL_POLICY(next_lifo, "next-lifo", FL_NEXT_FIT, FL_LIFO)
FL_POLICY(best_addr, "best-addr", FL_BEST_FIT, FL_ADDRESS_ORDERED)
FL_POLICY(best_lifo, "best-lifo", FL_BEST_FIT, FL_LIFO)

const pg_allocator_t *const pg_freelist_allocators[] = {
    &first_addr, &first_lifo, &next_addr, &next_lifo, &best_addr, &best_lifo, NULL,
};
