/*
 * Trace adapters for stage 2, the free-list heap: one per policy, three fits
 * times two insertion orders.
 */
#include "freelist.h"
#include "trace.h"

/* One adapter: an init that picks the policy, and the heap's own calls. */
#define FL_ADAPTER(tag, fit, order, label)                              \
    static int init_##tag(void *pool, size_t bytes, size_t max_request) \
    {                                                                   \
        (void)max_request;                                              \
        return fl_init(pool, bytes, fit, order) == FL_OK ? 0 : -1;      \
    }                                                                   \
    static const trace_allocator_t tag = { label, init_##tag, fl_alloc, fl_realloc, fl_free };

FL_ADAPTER(first_addr, FL_FIRST_FIT, FL_ADDRESS_ORDERED, "freelist first/addr")
FL_ADAPTER(first_lifo, FL_FIRST_FIT, FL_LIFO, "freelist first/lifo")
FL_ADAPTER(next_addr, FL_NEXT_FIT, FL_ADDRESS_ORDERED, "freelist next/addr")
FL_ADAPTER(next_lifo, FL_NEXT_FIT, FL_LIFO, "freelist next/lifo")
FL_ADAPTER(best_addr, FL_BEST_FIT, FL_ADDRESS_ORDERED, "freelist best/addr")
FL_ADAPTER(best_lifo, FL_BEST_FIT, FL_LIFO, "freelist best/lifo")

const trace_allocator_t *const trace_adapters_freelist[] = {
    &first_addr, &first_lifo, &next_addr, &next_lifo, &best_addr, &best_lifo, NULL,
};
