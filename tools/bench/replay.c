/*
 * The benchmark program: replays traces against every allocator that has a
 * trace-tool adapter (tools/trace/trace.h), and the C library's malloc, and
 * prints what it finds as "@" lines, which tools/bench/bench.py collects.
 *
 * Each measured operation is the adapter's call, `a->alloc(pool, size)`,
 * alone in an interval between bench_begin() and bench_end(): one indirect
 * call, as a program holding the allocator's function would make it. The
 * operation is chosen before the interval opens (see MEASURED).
 *
 * Per allocator ("@allocator NAME"), on the board under the counting plugin:
 *   cost      each trace in a 1 MiB pool ("@trace NAME N", then N intervals,
 *             one per operation, in the trace's order)
 *   sweep     pools of 8 KiB .. 4 MiB, the adversarial probe below, one
 *             labelled interval per probe ("@bench sweep BYTES WHAT")
 *   overhead  "@stride REQUEST BYTES": the address step between consecutive
 *             blocks of one request size
 * The utilization (smallest pool per trace) is the trace tool's own figure;
 * bench.py runs that tool for it.
 *
 * On the host the same file builds a program for callgrind (the cost section,
 * one dump per allocator and trace) and for wall-clock throughput.
 *
 * The probe fills a pool with 16-byte blocks, frees a region at the top and
 * then every other block below it (highest address first), so a free list
 * holds one hole per two blocks, and the only hole that holds 64 bytes is
 * the last in address order. Then it measures a 64-byte allocation (a list
 * walks past every hole), the free of a block with both neighbours in use
 * near the top (an address-ordered list walks to find its place), and the
 * free of a block between two holes (coalescing on both sides). It also
 * reports "@front BYTES OFFSET": how far the lowest block's payload is from
 * the pool's start, that is the control structure and one block header.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_mark.h"
#include "bench_replay.h"
#include "trace.h"

#define KIB 1024u
#define MIB (1024u * 1024u)
#define COST_POOL MIB
#define MAX_POOL (4u * MIB)
#define PROBE_SIZE 16u
#define MAX_PROBE_BLOCKS (MAX_POOL / 24u + 16u)

/* BENCH_ADAPTERS is X(name) for each adapter file linked (mk/bench.mk). */
#define X(name) extern const trace_allocator_t *const trace_adapters_##name[];
BENCH_ADAPTERS
#undef X
static const trace_allocator_t *const *const adapter_sets[] = {
#define X(name) trace_adapters_##name,
    BENCH_ADAPTERS
#undef X
};
/* The C library's malloc, which keeps its own heap: no pool, no sweep. */
extern const trace_allocator_t bench_libc;

#ifdef BENCH_HOST
#include <time.h>
#include <valgrind/callgrind.h>
static uint64_t host_pool[MAX_POOL / sizeof(uint64_t)];
#define POOL ((void *)host_pool)
/* On the host the markers switch callgrind's collection on and off. */
__attribute__((noinline)) void bench_begin(void)
{
    CALLGRIND_TOGGLE_COLLECT;
}
__attribute__((noinline)) void bench_end(void)
{
    CALLGRIND_TOGGLE_COLLECT;
}
void bench_init(void)
{
}
void bench_label(const char *label)
{
    printf("@bench %s\n", label);
}
#else
/* The board's 16 MiB PSRAM: room for a 4 MiB pool beside the program. */
#define POOL ((void *)0x21000000u)
#endif

static void *live[BENCH_MAX_IDS];

typedef struct replay_result {
    unsigned failed;  /* allocations and resizes that returned NULL */
    unsigned corrupt; /* blocks whose first word did not survive */
} replay_result_t;

/* Each block carries its ID in its first word, checked before it is freed. */
static inline void stamp(void *p, uint32_t id)
{
    memcpy(p, &id, sizeof id);
}

static inline bool stamp_ok(const void *p, uint32_t id)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v == id;
}

/*
 * Run `call`, in an interval (BENCH_INTERVAL) when measure is true. The
 * operation is chosen before the interval opens: what is counted is
 * loading the arguments and the function, the call, and storing its
 * result.
 */
#define MEASURED(measure, call)   \
    do {                          \
        if (measure)              \
            BENCH_INTERVAL(call); \
        else                      \
            call;                 \
    } while (0)

/* One operation, measured when measure is true (inlined with a constant). */
static inline __attribute__((always_inline)) void *one_op(const trace_allocator_t *a, void *pool,
                                                          const bench_op_t *op, void *p,
                                                          const bool measure)
{
    void *q = NULL;
    if (op->kind == 'a') {
        MEASURED(measure, q = a->alloc(pool, op->size));
    } else if (op->kind == 'r' && p) {
        MEASURED(measure, q = a->realloc(pool, p, op->size));
    } else if (op->kind == 'f' && p) {
        MEASURED(measure, (void)a->free(pool, p));
    } else {
        MEASURED(measure, (void)0); /* a block whose allocation failed */
    }
    return q;
}

/*
 * Replay one trace. An operation on a block whose allocation failed still
 * gets its (empty) interval, so intervals and operations stay in step.
 */
static inline __attribute__((always_inline)) void replay_core(const trace_allocator_t *a,
                                                              const bench_trace_t *t, void *pool,
                                                              const bool measure,
                                                              replay_result_t *r)
{
    memset(live, 0, t->n_ids * sizeof live[0]);
    for (uint32_t i = 0; i < t->n_ops; i++) {
        const bench_op_t *op = &t->ops[i];
        void *p = live[op->id];
        if (p && op->kind != 'a' && !stamp_ok(p, op->id)) {
            r->corrupt++;
        }
        void *q = one_op(a, pool, op, p, measure);
        if (op->kind == 'f') {
            live[op->id] = NULL;
        } else if (q) {
            if (op->kind == 'a') {
                stamp(q, op->id);
            }
            live[op->id] = q;
        } else {
            r->failed++; /* a failed resize keeps the old block */
        }
    }
}

static void replay_measured(const trace_allocator_t *a, const bench_trace_t *t, void *pool,
                            replay_result_t *r)
{
    replay_core(a, t, pool, true, r);
}

/* ------------------------------------------------------------- sections */
static void cost_section(const trace_allocator_t *a)
{
    for (unsigned k = 0; k < bench_trace_count; k++) {
        const bench_trace_t *t = &bench_traces[k];
        replay_result_t r = { 0, 0 };
        if (a->init(POOL, COST_POOL, t->largest) != 0) {
            printf("@error init %s\n", t->name);
            continue;
        }
        printf("@trace %s %u\n", t->name, (unsigned)t->n_ops);
        replay_measured(a, t, POOL, &r);
        printf("@result %s failed %u corrupt %u\n", t->name, r.failed, r.corrupt);
#ifdef BENCH_HOST
        char name[96];
        snprintf(name, sizeof name, "%s|%s", a->name, t->name);
        CALLGRIND_DUMP_STATS_AT(name);
#endif
    }
}

#ifndef BENCH_HOST /* the sweep and the strides are the board's figures */
static void *probe_blocks[MAX_PROBE_BLOCKS];

static int by_address(const void *x, const void *y)
{
    uintptr_t u = (uintptr_t) * (void *const *)x, v = (uintptr_t) * (void *const *)y;
    return (u > v) - (u < v);
}

static void label_probe(size_t pool, const char *what)
{
    char text[64];
    snprintf(text, sizeof text, "sweep %lu %s", (unsigned long)pool, what);
    bench_label(text);
}

/* Fill, sort by address, free the top region and every other block below. */
static size_t probe_prepare(const trace_allocator_t *a, size_t pool_size)
{
    size_t n = 0;
    if (a->init(POOL, pool_size, PROBE_SIZE) != 0) {
        return 0;
    }
    while (n < MAX_PROBE_BLOCKS && (probe_blocks[n] = a->alloc(POOL, PROBE_SIZE)) != NULL) {
        n++;
    }
    if (n < 64) {
        return 0;
    }
    qsort(probe_blocks, n, sizeof probe_blocks[0], by_address);
    printf("@front %lu %lu\n", (unsigned long)pool_size,
           (unsigned long)((uintptr_t)probe_blocks[0] - (uintptr_t)POOL));
    for (size_t i = n; i-- > n - 8;) {
        (void)a->free(POOL, probe_blocks[i]);
    }
    size_t holes = 0;
    for (size_t i = (n - 13) & ~(size_t)1;; i -= 2) {
        (void)a->free(POOL, probe_blocks[i]);
        holes++;
        if (i < 2) {
            break;
        }
    }
    printf("@holes %lu %lu\n", (unsigned long)pool_size, (unsigned long)holes);
    return n;
}

static void probe(const trace_allocator_t *a, size_t pool_size)
{
    size_t n = probe_prepare(a, pool_size);
    void *p;
    if (n == 0) {
        printf("@error sweep %lu\n", (unsigned long)pool_size);
        return;
    }
    BENCH_INTERVAL(p = a->alloc(POOL, 4 * PROBE_SIZE));
    label_probe(pool_size, p ? "alloc" : "alloc-failed");
    BENCH_INTERVAL((void)a->free(POOL, probe_blocks[n - 10]));
    label_probe(pool_size, "free-between-used");
    BENCH_INTERVAL((void)a->free(POOL, probe_blocks[(n / 2) | 1]));
    label_probe(pool_size, "free-between-free");
}

static void sweep_section(const trace_allocator_t *a)
{
    for (size_t size = 8 * KIB; size <= MAX_POOL; size *= 2) {
        probe(a, size);
    }
}

/* Bytes per block: the address step between consecutive blocks of one size. */
static void stride(const trace_allocator_t *a, size_t bytes)
{
    void *p[9];
    size_t n = 0;
    if (a->init(POOL, 64 * KIB, bytes) != 0) {
        return;
    }
    while (n < 9 && (p[n] = a->alloc(POOL, bytes)) != NULL) {
        n++;
    }
    if (n == 9) {
        uintptr_t lo = (uintptr_t)p[0], hi = (uintptr_t)p[8];
        unsigned long step = (unsigned long)((lo < hi ? hi - lo : lo - hi) / 8);
        printf("@stride %lu %lu\n", (unsigned long)bytes, step);
    }
    while (n > 0) {
        (void)a->free(POOL, p[--n]);
    }
}

static void overhead_section(const trace_allocator_t *a)
{
    static const size_t sizes[] = { 8, 16, 24, 64, 100 };
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        stride(a, sizes[i]);
    }
}

#endif

/* Everything for one allocator. */
static void bench_one(const trace_allocator_t *a, bool own_pool)
{
    printf("@allocator %s\n", a->name);
    cost_section(a);
#ifndef BENCH_HOST
    if (own_pool) {
        sweep_section(a);
    }
    overhead_section(a);
#else
    (void)own_pool;
#endif
}

/* ----------------------------------------------------------------- main */
#ifdef BENCH_HOST
static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void replay_plain(const trace_allocator_t *a, const bench_trace_t *t, void *pool,
                         replay_result_t *r)
{
    replay_core(a, t, pool, false, r);
}

/* Operations per second over repeated replays of each trace. */
static void wall(const trace_allocator_t *a)
{
    printf("@allocator %s\n", a->name);
    for (unsigned k = 0; k < bench_trace_count; k++) {
        const bench_trace_t *t = &bench_traces[k];
        unsigned long reps = 0;
        double start = seconds(), now;
        do {
            replay_result_t r = { 0, 0 };
            (void)a->init(POOL, COST_POOL, t->largest);
            replay_plain(a, t, POOL, &r);
            reps++;
            now = seconds();
        } while (now - start < 0.05);
        printf("@wall %s %.0f\n", t->name, (double)reps * t->n_ops / (now - start));
    }
}

/* The empty interval, for callgrind's share of the markers. */
static void calibrate(void)
{
    for (int i = 0; i < 1000; i++) {
        bench_begin();
        bench_end();
    }
    CALLGRIND_DUMP_STATS_AT("calibration");
}

int main(int argc, char **argv)
{
    bool timing = argc > 1 && strcmp(argv[1], "wall") == 0;
    if (!timing) {
        calibrate();
    }
    for (size_t s = 0; s < sizeof adapter_sets / sizeof adapter_sets[0]; s++) {
        for (const trace_allocator_t *const *a = adapter_sets[s]; *a; a++) {
            timing ? wall(*a) : bench_one(*a, true);
        }
    }
    timing ? wall(&bench_libc) : bench_one(&bench_libc, false);
    printf("@done\n");
    return 0;
}
#else
int main(void)
{
    bench_init();
    for (size_t s = 0; s < sizeof adapter_sets / sizeof adapter_sets[0]; s++) {
        for (const trace_allocator_t *const *a = adapter_sets[s]; *a; a++) {
            bench_one(*a, true);
        }
    }
    bench_one(&bench_libc, false);
    printf("@done\n");
    return 0;
}
#endif
