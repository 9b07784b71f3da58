/*
 * The playground's glue: the kit's allocators driven by one line of text at
 * a time, each answer a line of JSON for the page to draw.
 *
 * The same glue is built twice: into a WebAssembly module for the browser
 * (and the Node test) and, with gcc -m32, into a host program; both must give
 * the same answers. Everything one allocator's pictures need to know of its
 * internals lives in its own file (pg_membox.c, pg_freelist.c, pg_tlsf.c),
 * read through the allocator's walk, statistics and public headers; pg.c
 * knows none of it.
 *
 * Commands (IDs name blocks, as in the trace tool's traces):
 *   init KIND BYTES [PARAM]   a fresh pool (PARAM: the membox's block size)
 *   a ID SIZE                 allocate
 *   m ID SIZE ALIGN           allocate with an alignment
 *   r ID SIZE                 resize
 *   f ID                      free (a freed ID hands its old pointer again)
 *   x OFFSET                  free the pointer pool + OFFSET, whatever it is
 *   show                      the allocator's own display of its pool
 *   check                     the allocator's integrity check
 *   state                     nothing but the state
 */
#ifndef PG_H
#define PG_H

#include <stddef.h>
#include <stdint.h>

/* The largest pool; the pool also starts at a multiple of it, so that an
 * aligned request gets the same offset in every build. */
#define PG_POOL_MAX (256u * 1024u)

/* One allocator as the glue drives it. Each call writes its "call" (the C
 * call made, as text) and its answer through the pg_* helpers below, and
 * brackets the allocator's own call with PG_COUNTED. */
typedef struct pg_allocator {
    const char *id; /* the name in commands and in the page's URL */
    int (*init)(void *pool, uint32_t bytes, uint32_t param); /* 0 when the pool is ready */
    void *(*alloc)(void *pool, uint32_t size);
    void *(*aligned)(void *pool, uint32_t size, uint32_t align); /* NULL: not in the API */
    void *(*resize)(void *pool, void *ptr, uint32_t size);
    int (*release)(void *pool, void *ptr); /* 0 when the block was freed */
    void (*state)(void *pool, int detail); /* the JSON fields of the pool's state */
    void (*show)(void *pool);              /* the allocator's own display */
    int (*check)(void *pool);              /* the integrity check: 0 when intact */
} pg_allocator_t;

/* The allocators, each file adds its own (NULL-terminated lists). */
extern const pg_allocator_t *const pg_membox_allocators[];
extern const pg_allocator_t *const pg_freelist_allocators[];
extern const pg_allocator_t *const pg_tlsf_allocators[];

/* Run the allocator's call EXPR inside the counted window. */
void pg_count_begin(void);
void pg_count_end(void);
#define PG_COUNTED(expr)  \
    do {                  \
        pg_count_begin(); \
        expr;             \
        pg_count_end();   \
    } while (0)

/* The allocator's call EXPR, made and answered: its text (a printf format
 * and arguments) as "call", then EXPR counted into RESULT, then RESULT as
 * "ret" (a pointer) or as "rc" with its name from RC_NAME. */
#define PG_POINTER_CALL(result, expr, ...) \
    do {                                   \
        pg_call(__VA_ARGS__);              \
        PG_COUNTED(result = (expr));       \
        pg_ret_ptr(result);                \
    } while (0)
#define PG_RC_CALL(result, rc_name, expr, ...)      \
    do {                                            \
        pg_call(__VA_ARGS__);                       \
        PG_COUNTED(result = (expr));                \
        pg_ret_rc((long)(result), rc_name(result)); \
    } while (0)

/* Instructions executed since the module started: filled in by the build
 * (tools/playground/instrument.py); 0 in a build that does not count. */
uint32_t pg_icount_now(void);

/* Writing the answer. */
void pg_put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pg_call(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pg_ret_ptr(const void *p);
void pg_ret_rc(long rc, const char *name);
void pg_note(const char *key, unsigned long long arg);
long pg_off(const void *p); /* offset from the pool's start */

/* State helpers: the blocks of a walk, and a list of block offsets. */
void pg_block(const void *block, size_t size, int used, int *first);
void pg_list_item(const void *block, int *first);

/* The entry points (exported from the module). */
char *pg_input(void);
const char *pg_do(int detail);
uint32_t pg_cost(void);

#endif
