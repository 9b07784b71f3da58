/*
 * The benchmark's traces as C data. tools/bench/trace2c.py turns the trace
 * files (one "a ID SIZE", "f ID" or "r ID SIZE" per line) into tables of
 * bench_op_t, so a benchmark image carries its traces and needs no files.
 */
#ifndef KIT_BENCH_REPLAY_H
#define KIT_BENCH_REPLAY_H

#include <stdint.h>

/* One operation of a trace: kind is 'a', 'f' or 'r'; size is 0 for 'f'. */
typedef struct bench_op {
    uint16_t kind;
    uint16_t id;
    uint32_t size;
} bench_op_t;

/* A whole trace; IDs run from 0 to n_ids - 1; largest is the biggest size. */
typedef struct bench_trace {
    const char *name;
    const bench_op_t *ops;
    uint32_t n_ops;
    uint32_t n_ids;
    uint32_t largest;
    uint32_t has_realloc;
} bench_trace_t;

extern const bench_trace_t bench_traces[];
extern const unsigned bench_trace_count;

/* The most IDs any trace uses: the size of the replayer's table. */
#define BENCH_MAX_IDS 4096u

#endif
