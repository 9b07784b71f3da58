/*
 * The trace tool: replay traces against every allocator that has an adapter,
 * check every block the allocator hands out, and measure utilization.
 *
 *   trace [-a NAME] [FILE...]
 *
 * With no FILE it replays the traces it was built with (that is how it runs
 * in QEMU, where it reads them from the host through semihosting); -a keeps
 * only the allocators whose name contains NAME. For each trace and
 * allocator it prints one row: the smallest pool that runs the trace
 * without a failed allocation, and the utilization, the trace's peak live
 * payload divided by that pool. The pool counts everything the allocator
 * needs: control structure, headers, alignment and fragmentation.
 *
 * The checks, at every step: a block is 8-byte aligned, lies inside the
 * pool, and overlaps no live block (a shadow bitmap with one bit per 8
 * bytes of the pool); a block's contents (a pattern of its ID) survive
 * until it is freed, and across a resize up to the smaller size. A broken
 * check is a failed row, and the program ends with `N passed, M failed`.
 *
 * Read it in this order: the adapters' registry, the trace in memory and
 * its loader, the shadow and the pattern, one replay, the search for the
 * smallest pool, main.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

/* ------------------------------------------------------------- adapters */

/* TRACE_ADAPTERS is X(name) for each tools/trace/adapt_name.c (the Makefile). */
#define X(name) extern const trace_allocator_t *const trace_adapters_##name[];
TRACE_ADAPTERS
#undef X

static const trace_allocator_t *const *const adapter_sets[] = {
#define X(name) trace_adapters_##name,
    TRACE_ADAPTERS
#undef X
};

/* ---------------------------------------------------------------- trace */

#define TRACE_MAX_OPS 8192u
#define TRACE_MAX_IDS 2048u
#define TRACE_MAX_SIZE (1u << 20)
/* The largest pool tried. A trace that needs more does not fit. */
#define TRACE_POOL_BYTES (256u * 1024u)

/* One line of a trace. */
typedef struct trace_op {
    char op;       /* 'a', 'f' or 'r' */
    uint32_t id;   /* below TRACE_MAX_IDS */
    uint32_t size; /* 'a' and 'r': 1 .. TRACE_MAX_SIZE */
} trace_op_t;

/* The loaded trace. Invariant: it is valid, so every 'a' names an ID that is
 * not live and every 'f' and 'r' one that is; peak_live is the largest sum
 * of live sizes over the trace, max_request the largest size. */
static struct {
    trace_op_t ops[TRACE_MAX_OPS];
    size_t count;
    size_t peak_live;
    size_t max_request;
} trace;

/* Read and validate a trace; on failure print why and return false. */
static bool trace_load(const char *path)
{
    static uint32_t live[TRACE_MAX_IDS]; /* size of each live ID, 0 if none */
    char line[128];
    unsigned lineno = 0;
    size_t live_bytes = 0;
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        printf("%s: cannot open\n", path);
        return false;
    }
    memset(live, 0, sizeof live);
    memset(&trace, 0, sizeof trace);
    while (fgets(line, sizeof line, f) != NULL) {
        trace_op_t op = { 0, 0, 0 };
        unsigned long id, size = 0;
        char c;
        int n;

        lineno++;
        if (sscanf(line, " %c", &c) != 1 || c == '#') {
            continue;
        }
        n = sscanf(line, " %c %lu %lu", &c, &id, &size);
        if (!((c == 'a' || c == 'r') ? n == 3 && size >= 1 && size <= TRACE_MAX_SIZE
                                     : c == 'f' && n == 2) ||
            id >= TRACE_MAX_IDS || (c == 'a') != (live[id] == 0) || trace.count == TRACE_MAX_OPS) {
            printf("%s:%u: bad or inconsistent line: %s", path, lineno, line);
            fclose(f);
            return false;
        }
        op.op = c, op.id = (uint32_t)id, op.size = (uint32_t)size;
        trace.ops[trace.count++] = op;
        live_bytes = live_bytes - live[id] + size;
        live[id] = (uint32_t)size;
        trace.peak_live = live_bytes > trace.peak_live ? live_bytes : trace.peak_live;
        trace.max_request = size > trace.max_request ? size : trace.max_request;
    }
    fclose(f);
    return true;
}

/* ------------------------------------------------------ shadow, pattern */

static uint64_t pool[TRACE_POOL_BYTES / 8];
static uint8_t shadow[TRACE_POOL_BYTES / 8 / 8]; /* one bit per 8 bytes of pool */
static unsigned char *live_ptr[TRACE_MAX_IDS];
static uint32_t live_size[TRACE_MAX_IDS];
static char why[160]; /* what the last broken check found */

/* Set (on) or clear the shadow bits of [p, p + size); when setting, return
 * false if any was already set (an overlap). */
static bool shadow_mark(const unsigned char *p, size_t size, bool on)
{
    size_t first = (size_t)(p - (unsigned char *)pool) / 8;
    size_t last = (size_t)(p + size - 1 - (unsigned char *)pool) / 8;

    for (size_t g = first; g <= last; g++) {
        uint8_t bit = (uint8_t)(1u << (g % 8));
        if (on && (shadow[g / 8] & bit) != 0) {
            return false;
        }
        shadow[g / 8] = on ? (uint8_t)(shadow[g / 8] | bit) : (uint8_t)(shadow[g / 8] & ~bit);
    }
    return true;
}

/* A new block of size bytes at p, in a pool of bytes: aligned, inside, and
 * over no live block. Marks it in the shadow. */
static bool block_ok(const unsigned char *p, size_t size, size_t bytes, uint32_t id)
{
    const unsigned char *start = (const unsigned char *)pool;

    if ((uintptr_t)p % 8 != 0) {
        snprintf(why, sizeof why, "block %u at %p is not 8-byte aligned", (unsigned)id,
                 (const void *)p);
    } else if (p < start || p > start + bytes || size > (size_t)(start + bytes - p)) {
        snprintf(why, sizeof why, "block %u at %p (%zu bytes) is outside the pool", (unsigned)id,
                 (const void *)p, size);
    } else if (!shadow_mark(p, size, true)) {
        snprintf(why, sizeof why, "block %u at %p (%zu bytes) overlaps a live block", (unsigned)id,
                 (const void *)p, size);
    } else {
        return true;
    }
    return false;
}

/* The byte at offset i of block id. */
static inline unsigned char pattern(uint32_t id, size_t i)
{
    return (unsigned char)((id * 0x9du) ^ (i * 7u) ^ (i >> 8) ^ 0x5au);
}

static void fill(unsigned char *p, size_t n, uint32_t id)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = pattern(id, i);
    }
}

static bool kept(const unsigned char *p, size_t n, uint32_t id)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != pattern(id, i)) {
            snprintf(why, sizeof why, "block %u lost its contents at byte %zu", (unsigned)id, i);
            return false;
        }
    }
    return true;
}

/* ---------------------------------------------------------------- replay */

enum replay_result { REPLAY_OK, REPLAY_NO_ROOM, REPLAY_BROKEN };

/* Resize through alloc, copy and free, for an adapter without realloc. */
static void *moved(const trace_allocator_t *a, unsigned char *p, size_t old, size_t size)
{
    unsigned char *q = a->alloc(pool, size);
    if (q != NULL) {
        memcpy(q, p, old < size ? old : size);
        a->free(pool, p);
    }
    return q;
}

/* One operation; the ID's state is in live_ptr and live_size. */
static enum replay_result replay_op(const trace_allocator_t *a, const trace_op_t *op, size_t bytes)
{
    unsigned char *p = live_ptr[op->id], *q;
    size_t old = live_size[op->id];

    if (op->op != 'a' && !kept(p, old, op->id)) {
        return REPLAY_BROKEN;
    }
    if (op->op == 'f') {
        shadow_mark(p, old, false);
        live_ptr[op->id] = NULL;
        if (a->free(pool, p) != 0) {
            snprintf(why, sizeof why, "free of block %u refused", (unsigned)op->id);
            return REPLAY_BROKEN;
        }
        return REPLAY_OK;
    }
    q = op->op == 'a'        ? a->alloc(pool, op->size)
        : a->realloc != NULL ? a->realloc(pool, p, op->size)
                             : moved(a, p, old, op->size);
    if (q == NULL) {
        return REPLAY_NO_ROOM;
    }
    if (op->op == 'r') {
        shadow_mark(p, old, false);
        if (!kept(q, old < op->size ? old : op->size, op->id)) {
            return REPLAY_BROKEN;
        }
    }
    if (!block_ok(q, op->size, bytes, op->id)) {
        return REPLAY_BROKEN;
    }
    fill(q, op->size, op->id);
    live_ptr[op->id] = q;
    live_size[op->id] = op->size;
    return REPLAY_OK;
}

/* Replay the whole trace on a fresh allocator over the first bytes of pool. */
static enum replay_result replay(const trace_allocator_t *a, size_t bytes)
{
    enum replay_result r = REPLAY_OK;

    memset(shadow, 0, sizeof shadow);
    memset(live_ptr, 0, sizeof live_ptr);
    memset(live_size, 0, sizeof live_size);
    if (a->init(pool, bytes, trace.max_request) != 0) {
        return REPLAY_NO_ROOM;
    }
    for (size_t i = 0; i < trace.count && r == REPLAY_OK; i++) {
        r = replay_op(a, &trace.ops[i], bytes);
    }
    for (uint32_t id = 0; id < TRACE_MAX_IDS && r == REPLAY_OK; id++) {
        if (live_ptr[id] != NULL && !kept(live_ptr[id], live_size[id], id)) {
            r = REPLAY_BROKEN;
        }
    }
    return r;
}

/*
 * The smallest pool, a multiple of 8, that runs the trace without a failed
 * allocation: a binary search between 0 and TRACE_POOL_BYTES, each try on a
 * freshly initialised allocator. It assumes that a pool that works keeps
 * working when it grows, which holds for these allocators up to a few bytes
 * (next fit is the least regular). Returns 0 if even the largest pool fails;
 * sets *broken if a check broke.
 */
static size_t smallest_pool(const trace_allocator_t *a, bool *broken)
{
    size_t lo = 0, hi = TRACE_POOL_BYTES;
    enum replay_result r = replay(a, hi);

    *broken = r == REPLAY_BROKEN;
    if (r != REPLAY_OK) {
        return 0;
    }
    while (hi - lo > 8) {
        size_t mid = (lo + hi) / 2 & ~(size_t)7;
        r = replay(a, mid);
        if (r == REPLAY_BROKEN) {
            *broken = true;
            return 0;
        }
        *(r == REPLAY_OK ? &hi : &lo) = mid;
    }
    return hi;
}

/* ------------------------------------------------------------------ main */

static unsigned rows_passed, rows_failed;

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* Every selected allocator on one trace: one row each. */
static void run_trace(const char *path, const char *only)
{
    if (!trace_load(path)) {
        rows_failed++;
        return;
    }
    for (size_t s = 0; s < sizeof adapter_sets / sizeof adapter_sets[0]; s++) {
        for (const trace_allocator_t *const *a = adapter_sets[s]; *a != NULL; a++) {
            bool broken;
            size_t best;
            if (only != NULL && strstr((*a)->name, only) == NULL) {
                continue;
            }
            best = smallest_pool(*a, &broken);
            printf("%-24s %5zu %9zu  %-22s", base_name(path), trace.count, trace.peak_live,
                   (*a)->name);
            if (broken) {
                printf("  BROKEN: %s\n", why);
                rows_failed++;
                continue;
            }
            if (best == 0) {
                printf("  %9s  needs more than %u bytes\n", "-", TRACE_POOL_BYTES);
            } else {
                unsigned permille = (unsigned)(trace.peak_live * 1000u / best);
                printf("  %9zu  %u.%03u\n", best, permille / 1000, permille % 1000);
            }
            rows_passed++;
        }
    }
}

static int trace_main(int count, const char *const *files, const char *only)
{
    printf("%-24s %5s %9s  %-22s  %9s  %s\n", "trace", "ops", "peak live", "allocator", "min pool",
           "utilization");
    for (int i = 0; i < count; i++) {
        run_trace(files[i], only);
    }
    printf("%u passed, %u failed\n", rows_passed, rows_failed);
    return rows_failed == 0 ? 0 : 1;
}

#ifdef __arm__
/* On the board there are no arguments: replay the traces the tool was built
 * with, read from the host through semihosting. */
int main(void)
{
    static const char *const files[] = { TRACE_DEFAULT_FILES };
    return trace_main((int)(sizeof files / sizeof files[0]), files, NULL);
}
#else
int main(int argc, char **argv)
{
    static const char *const files[] = { TRACE_DEFAULT_FILES };
    const char *only = NULL;
    int first = 1;

    if (argc > 2 && strcmp(argv[1], "-a") == 0) {
        only = argv[2];
        first = 3;
    }
    if (first >= argc) {
        return trace_main((int)(sizeof files / sizeof files[0]), files, only);
    }
    return trace_main(argc - first, (const char *const *)(argv + first), only);
}
#endif
