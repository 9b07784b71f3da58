/*
 * The corruption matrix, shared by every allocator with block headers: it
 * damages one byte of a header or a free block's links, runs one call that
 * reads it, and judges what the call did. Host only.
 *
 * A target is one small file, tests/corrupt/corrupt_<stage>.c: it fills in
 * a cx_adapter_t (how to set a pool up in a given buffer, allocate, free,
 * realloc, check and display) and calls cx_main().
 *
 * Two scenes, each laid out afresh for every cell in a buffer fenced by
 * inaccessible pages (a wild read or write near the pool faults at once):
 *
 *   used:  [x][a][b][c][ free rest ]        b in use; its header is damaged
 *   free:  [x][f1][y][a][b][c][f2][z][ rest ]
 *                                           f1, b, f2 free, in that order on
 *                                           their list; b's header and links
 *                                           are damaged
 *   head:  the same, b first on its list: b, f1, f2
 *
 * Every block is the same size, and a's last usable byte is just below b's
 * header, so byte 0 of the used scene is where a one-byte overflow from a
 * lands on a little-endian machine. A cell is (scene, byte, value, call);
 * the calls are those that read the damage: free b, free a (the block
 * before), free c (the block after), free of a block away from b (x; in
 * the free scenes y, which joins f1 and goes to the head of a list), three
 * allocations of the blocks' size (they take b, f1 and f2 in the free
 * scenes), realloc to a larger size (b in the used scene, which moves; a
 * in the free scenes, which grows into b) and to a smaller one (whose tail
 * is split off: in the free scenes it joins b), the integrity check, and
 * the display function when the stage has one.
 *
 * Each cell is judged against the same call on the undamaged pool:
 *   failed    a crash, a sanitizer report, a hang, a block handed out that
 *             overlaps a live one or lies outside the pool, a live block's
 *             bytes changed, or a call that behaved differently from the
 *             undamaged pool without reporting anything (silent);
 *   detected  the call reported the damage: an error or NULL where the
 *             undamaged call succeeded, NOK from the check, a diagnostic,
 *             or the display saying the pool is damaged;
 *   harmless  the call answered as on the undamaged pool, printed the
 *             same, and left the same bytes in the pool (the damaged byte
 *             aside, if the call did not touch it).
 * The cells where the byte keeps its value are run too, as controls: each
 * must come out harmless. A one-byte overflow from a (every changed value
 * of the used scene's byte 0) must be detected by free, both reallocs and the
 * integrity check, the calls whose job is to read that header.
 *
 * The cells run in a child process that goes on from cell to cell; when a
 * cell kills it, the parent records that cell and starts a new child at
 * the next one.
 */
#ifndef KIT_CORRUPT_H
#define KIT_CORRUPT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* the program counter of a fault, dladdr */
#endif
#include <dlfcn.h>
#include <ucontext.h>

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "block.h"
#include "kit_diag.h"

/* ------------------------------------------------------------ the adapter */

typedef struct {
    const char *name;  /* the stage, as make knows it */
    const char *title; /* how the page names it */
    /* Bytes asked for each block: its usable end meets the next block's
     * header. */
    size_t request;
    /* Bytes in front of a user pointer that belong to its block: the
     * header (and, for k_malloc, the heap pointer). */
    size_t front;
    /* Offset of a free block's header below the user pointer it had. */
    size_t free_front;
    bool free_reports; /* free answers whether it took the block */
    void (*reset)(void *mem, size_t bytes);
    void *(*alloc)(size_t n);
    int (*free)(void *p); /* nonzero: refused */
    void *(*realloc)(void *p, size_t n);
    int (*check)(void); /* nonzero: damage found */
    int (*show)(void);  /* NULL: none in this stage; nonzero: it answered an error */
} cx_adapter_t;

/* ------------------------------------------------------------ cells */

enum { CX_USED, CX_FREE, CX_HEAD, CX_SCENES };
enum {
    CX_OP_FREE,
    CX_OP_FREE_PREV,
    CX_OP_FREE_NEXT,
    CX_OP_FREE_OTHER,
    CX_OP_ALLOC,
    CX_OP_REALLOC,
    CX_OP_SHRINK,
    CX_OP_CHECK,
    CX_OP_SHOW,
    CX_OPS
};

static const char *const cx_scene_names[CX_SCENES] = { "used", "free", "head" };
static const char *const cx_op_names[CX_SCENES][CX_OPS] = {
    { "free b", "free a", "free c", "free x", "alloc x3", "realloc b", "shrink b", "check",
      "show" },
    { "free b again", "free a", "free c", "free y", "alloc x3", "realloc a", "shrink a", "check",
      "show" },
    { "free b again", "free a", "free c", "free y", "alloc x3", "realloc a", "shrink a", "check",
      "show" },
};

enum {
    CX_NOT_RUN,
    CX_HARMLESS,
    CX_DETECTED,
    CX_FAIL_FIRST, /* every outcome from here on is a failure */
    CX_FAIL_CRASH = CX_FAIL_FIRST,
    CX_FAIL_SANITIZER,
    CX_FAIL_HANG,
    CX_FAIL_OVERLAP,
    CX_FAIL_OUTSIDE,
    CX_FAIL_CHANGED,
    CX_FAIL_SILENT,
    CX_FAIL_UNDETECTED, /* a one-byte overflow the call must report */
    CX_FAIL_CONTROL,    /* an undamaged control cell that did not come out harmless */
    CX_OUTCOMES
};

static const char *const cx_outcome_names[CX_OUTCOMES] = {
    "not run",
    "harmless",
    "detected",
    "crash",
    "sanitizer",
    "hang",
    "overlap",
    "outside",
    "changed",
    "silent",
    "overflow not detected",
    "control",
};

enum { CX_PHASE_OP, CX_PHASE_AFTER };

typedef struct {
    uint8_t outcome;
    uint8_t phase;
    char detail[110];
    char fault[64]; /* where a fault struck, from the child's handler */
} cx_cell_t;

#define CX_POOL_BYTES 4096u
#define CX_BLOCK 96u               /* bytes of every block of a scene: a shrink can split one */
#define CX_GUARD_BYTES (32u << 20) /* inaccessible on each side of the pool */
#define CX_MAX_LIVE 160
#define CX_OUT_BYTES 65536

typedef struct {
    unsigned char *p;
    size_t size;
    uint32_t id;
} cx_block_t;

/* What one call did, compared between the damaged and the undamaged pool. */
typedef struct {
    uintptr_t ans[3];
    unsigned diags;
    bool error;     /* the call answered an error (refusal, NULL, NOK) */
    size_t out_len; /* bytes it printed */
} cx_result_t;

typedef struct {
    cx_result_t r;
    unsigned char mem[CX_POOL_BYTES];
    char out[CX_OUT_BYTES];
} cx_ref_t;

/* The state of the whole run. */
static struct {
    const cx_adapter_t *ad;
    unsigned char *mem; /* the pool's buffer */
    size_t span[CX_SCENES];
    size_t ops;
    size_t ncells;
    cx_cell_t *cells; /* shared with the children */
    volatile size_t *current;
    cx_ref_t ref[CX_SCENES][CX_OPS];
    /* the scene being run */
    cx_block_t live[CX_MAX_LIVE];
    size_t nlive;
    uint32_t next_id;
    unsigned char *x, *y, *a, *b, *c;
    unsigned char *region; /* the first damaged byte's block: its header */
    char *out;             /* stdout's buffer */
    FILE *out_file;
    cx_cell_t *cell; /* the cell being run, in the child */
} cx;

static inline void cx_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void cx_note(const char *fmt, ...)
{
    va_list args;
    if (cx.cell == NULL || cx.cell->detail[0] != '\0') {
        return; /* the first note of a cell is the one kept */
    }
    va_start(args, fmt);
    vsnprintf(cx.cell->detail, sizeof cx.cell->detail, fmt, args);
    va_end(args);
}

/* A failure seen by the cell itself: noted, and the worst outcome kept. */
static inline void cx_fail(uint8_t outcome)
{
    if (cx.cell != NULL && cx.cell->outcome < CX_FAIL_FIRST) {
        cx.cell->outcome = outcome;
    }
}

/* A kit assertion that fires inside the allocator: say so, and die as a crash. */
void kit_assert_post_action(void)
{
    if (cx.cell != NULL && cx.out != NULL) {
        const char *at;
        fflush(stdout);
        at = strstr(cx.out, "ASSERTION FAILED");
        at = at != NULL ? at : "assertion";
        snprintf(cx.cell->fault, sizeof cx.cell->fault, "%.*s", (int)strcspn(at, "\n"), at);
    }
    _exit(88);
}

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "symbolize=0:detect_leaks=0:exitcode=86:print_summary=1";
}
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
    return "print_stacktrace=0:exitcode=87";
}

/* ------------------------------------------------------------ live blocks */

static inline uint8_t cx_pattern(uint32_t id, size_t i)
{
    return (uint8_t)(id * 0x6bu + i * 0x1du + 0x35u);
}

static inline void cx_fill(const cx_block_t *b)
{
    for (size_t i = 0; i < b->size; i++) {
        b->p[i] = cx_pattern(b->id, i);
    }
}

static inline bool cx_intact(const cx_block_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (b->p[i] != cx_pattern(b->id, i)) {
            cx_note("live block +%td: byte %zu changed", b->p - cx.mem, i);
            return false;
        }
    }
    return true;
}

static inline cx_block_t *cx_find(const void *p)
{
    for (size_t k = 0; k < cx.nlive; k++) {
        if (cx.live[k].p == p) {
            return &cx.live[k];
        }
    }
    return NULL;
}

static inline void cx_forget(const void *p)
{
    cx_block_t *b = cx_find(p);
    if (b != NULL) {
        *b = cx.live[--cx.nlive];
    }
}

/* A block handed out: it must lie in the pool and overlap no live block,
 * headers included; then it is filled and kept. */
static inline bool cx_take(void *p, size_t n)
{
    unsigned char *lo = p, *hi = lo + n;
    if (p == NULL) {
        return true;
    }
    if (lo < cx.mem + cx.ad->front || hi > cx.mem + CX_POOL_BYTES) {
        cx_note("handed out +%td (%zu bytes), outside the pool", lo - cx.mem, n);
        cx_fail(CX_FAIL_OUTSIDE);
        return false;
    }
    for (size_t k = 0; k < cx.nlive; k++) {
        unsigned char *olo = cx.live[k].p - cx.ad->front, *ohi = cx.live[k].p + cx.live[k].size;
        if (lo - cx.ad->front < ohi && olo < hi) {
            cx_note("handed out +%td, overlapping live block +%td", lo - cx.mem,
                    cx.live[k].p - cx.mem);
            cx_fail(CX_FAIL_OVERLAP);
            return false;
        }
    }
    if (cx.nlive == CX_MAX_LIVE) {
        return true;
    }
    cx.live[cx.nlive] = (cx_block_t){ p, n, cx.next_id++ };
    cx_fill(&cx.live[cx.nlive++]);
    return true;
}

static inline bool cx_all_intact(void)
{
    for (size_t k = 0; k < cx.nlive; k++) {
        if (!cx_intact(&cx.live[k], cx.live[k].size)) {
            cx_fail(CX_FAIL_CHANGED);
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------ the scenes */

static inline unsigned char *cx_must_alloc(void)
{
    unsigned char *p = cx.ad->alloc(cx.ad->request);
    if (p == NULL || !cx_take(p, cx.ad->request)) {
        fprintf(stderr, "corrupt %s: the scene could not be laid out\n", cx.ad->name);
        exit(2);
    }
    return p;
}

static inline void cx_must_free(unsigned char *p)
{
    if (cx.ad->free(p) != 0) {
        fprintf(stderr, "corrupt %s: the scene could not be laid out\n", cx.ad->name);
        exit(2);
    }
    cx_forget(p);
}

/* Lay out scene @p s in a fresh pool; cx.region is where its damage goes. */
static inline void cx_scene(int s)
{
    unsigned char *f1 = NULL, *y, *f2 = NULL, *z;

    memset(cx.mem, 0, CX_POOL_BYTES);
    cx.nlive = 0;
    cx.next_id = 1;
    cx.ad->reset(cx.mem, CX_POOL_BYTES);
    cx.x = cx_must_alloc();
    cx.y = NULL;
    if (s != CX_USED) {
        f1 = cx_must_alloc();
        y = cx_must_alloc();
        cx.y = y;
    }
    cx.a = cx_must_alloc();
    cx.b = cx_must_alloc();
    cx.c = cx_must_alloc();
    if (s != CX_USED) {
        f2 = cx_must_alloc();
        z = cx_must_alloc();
        (void)z;
        cx_must_free(f2);
        if (s == CX_FREE) { /* the list: f1, b, f2 */
            cx_must_free(cx.b);
            cx_must_free(f1);
        } else { /* the list: b, f1, f2 */
            cx_must_free(f1);
            cx_must_free(cx.b);
        }
        cx.region = cx.b - cx.ad->free_front;
    } else {
        cx.region = cx.b - cx.ad->front;
    }
}

/* The layout every cell relies on: a, b, c side by side, the same size,
 * and a's usable end at b's first front byte. */
static inline void cx_check_layout(void)
{
    cx_scene(CX_USED);
    if (cx.b - cx.a != cx.c - cx.b || cx.a + cx.ad->request != cx.b - cx.ad->front) {
        fprintf(stderr,
                "corrupt %s: layout not as assumed: a +%td, b +%td, c +%td, request %zu, "
                "front %zu\n",
                cx.ad->name, cx.a - cx.mem, cx.b - cx.mem, cx.c - cx.mem, cx.ad->request,
                cx.ad->front);
        exit(2);
    }
}

/* ------------------------------------------------------------ the calls */

/* free @p p: the model forgets it unless the call refused or reported. */
static inline void cx_do_free(unsigned char *p, cx_result_t *r)
{
    unsigned diags = kit_diag_count;
    int rc;
    cx_block_t *live = cx_find(p);

    if (live != NULL && !cx_intact(live, live->size)) {
        cx_fail(CX_FAIL_CHANGED);
        return;
    }
    rc = cx.ad->free(p);
    r->ans[0] = (uintptr_t)rc;
    r->error = rc != 0;
    /* a free that answers took the block when it says so, whatever else it
     * reported on the way; one that cannot answer took it if it said nothing */
    if (rc == 0 && (cx.ad->free_reports || kit_diag_count == diags)) {
        cx_forget(p);
    }
}

static inline void cx_do_alloc(cx_result_t *r)
{
    for (int i = 0; i < 3; i++) {
        void *p = cx.ad->alloc(cx.ad->request);
        r->ans[i] = (uintptr_t)p;
        r->error = r->error || p == NULL;
        if (!cx_take(p, cx.ad->request)) {
            return;
        }
    }
}

/* realloc @p p to two blocks' worth: the used scene's b must move (c is in
 * use), the free scene's a grows into b. */
static inline void cx_do_realloc(unsigned char *p, size_t n, cx_result_t *r)
{
    cx_block_t *live = cx_find(p), old;
    unsigned char *q;

    if (live == NULL || !cx_intact(live, live->size)) {
        cx_fail(CX_FAIL_CHANGED);
        return;
    }
    old = *live;
    old.size = old.size < n ? old.size : n;
    q = cx.ad->realloc(p, n);
    r->ans[0] = (uintptr_t)q;
    r->error = q == NULL;
    if (q == NULL) {
        return;
    }
    cx_forget(p);
    old.p = q;
    if (!cx_intact(&old, old.size)) {
        cx_note("realloc lost the block's bytes");
        cx_fail(CX_FAIL_CHANGED);
        return;
    }
    (void)cx_take(q, n);
}

/* Run call @p op of scene @p s; its answers go to @p r. */
static inline void cx_call(int s, int op, cx_result_t *r)
{
    long at;

    memset(r, 0, sizeof *r);
    fflush(stdout);
    at = ftell(stdout);
    r->diags = kit_diag_count;
    switch (op) {
    case CX_OP_FREE:
        cx_do_free(cx.b, r);
        break;
    case CX_OP_FREE_PREV:
        cx_do_free(cx.a, r);
        break;
    case CX_OP_FREE_NEXT:
        cx_do_free(cx.c, r);
        break;
    case CX_OP_FREE_OTHER: /* a block away from b; freed, it goes to the head of a list */
        cx_do_free(s == CX_USED ? cx.x : cx.y, r);
        break;
    case CX_OP_ALLOC:
        cx_do_alloc(r);
        break;
    case CX_OP_REALLOC:
        cx_do_realloc(s == CX_USED ? cx.b : cx.a, cx.ad->request + CX_BLOCK, r);
        break;
    case CX_OP_SHRINK: /* the tail is split off, and joins a free b */
        cx_do_realloc(s == CX_USED ? cx.b : cx.a, 8, r);
        break;
    case CX_OP_CHECK:
        r->ans[0] = (uintptr_t)cx.ad->check();
        r->error = r->ans[0] != 0;
        break;
    default:
        r->ans[0] = (uintptr_t)cx.ad->show();
        r->error = r->ans[0] != 0;
        break;
    }
    r->diags = kit_diag_count - r->diags;
    fflush(stdout);
    r->out_len = (size_t)(ftell(stdout) - at);
    memmove(cx.out, cx.out + at, r->out_len);
    cx.out[r->out_len] = '\0';
}

/* Words by which a display function says the pool is damaged. */
static inline bool cx_says_damaged(const char *text)
{
    static const char *const words[] = { "damage", "[ERR]", "corrupt", "broken", "bad " };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strstr(text, words[i]) != NULL) {
            return true;
        }
    }
    return false;
}

/* The first byte of the pool that differs from the undamaged call's, or
 * -1; the damaged byte counts as the same when it differs from the
 * undamaged call's by the damage alone. */
static inline long cx_first_difference(const cx_ref_t *ref, size_t at, uint8_t orig, uint8_t v)
{
    size_t d = (size_t)(cx.region - cx.mem) + at;
    for (size_t i = 0; i < CX_POOL_BYTES; i++) {
        /* at the damaged byte, the call may have made the undamaged call's change */
        if (cx.mem[i] != ref->mem[i] && !(i == d && (cx.mem[i] ^ ref->mem[i]) == (v ^ orig))) {
            return (long)i;
        }
    }
    return -1;
}

/* After a silent cell: do the next allocations hand out a live block? */
static inline void cx_after_silent(void)
{
    cx.cell->phase = CX_PHASE_AFTER;
    for (int i = 0; i < CX_MAX_LIVE; i++) {
        void *p = cx.ad->alloc(cx.ad->request);
        if (p == NULL) {
            break;
        }
        size_t len = strlen(cx.cell->detail);
        unsigned char *lo = p;
        for (size_t k = 0; k < cx.nlive; k++) {
            unsigned char *olo = cx.live[k].p - cx.ad->front, *ohi = cx.live[k].p + cx.live[k].size;
            if (lo - cx.ad->front < ohi && olo < lo + cx.ad->request) {
                snprintf(cx.cell->detail + len, sizeof cx.cell->detail - len,
                         "; then alloc hands out +%td over live +%td", lo - cx.mem,
                         cx.live[k].p - cx.mem);
                return;
            }
        }
        if (!cx_take(p, cx.ad->request)) {
            return;
        }
    }
}

/* An answer as a reader wants it: a place in the pool, or a number. */
static inline const char *cx_where(uintptr_t ans)
{
    static char text[2][32];
    static int turn;
    char *t = text[turn ^= 1];
    if (ans >= (uintptr_t)cx.mem && ans < (uintptr_t)cx.mem + CX_POOL_BYTES) {
        snprintf(t, sizeof text[0], "+%lu", (unsigned long)(ans - (uintptr_t)cx.mem));
    } else {
        snprintf(t, sizeof text[0], "%#lx", (unsigned long)ans);
    }
    return t;
}

/* One cell: scene @p s, byte @p at set to @p v, call @p op. */
static inline void cx_cell(int s, size_t at, unsigned v, int op)
{
    const cx_ref_t *ref = &cx.ref[s][op];
    cx_result_t r;
    uint8_t orig;
    long diff;
    bool control, reported;

    cx_scene(s);
    orig = cx.region[at];
    control = orig == v;
    cx.region[at] = (uint8_t)v;
    cx_call(s, op, &r);
    if (cx.cell->outcome >= CX_FAIL_FIRST || !cx_all_intact()) {
        return;
    }
    diff = cx_first_difference(ref, at, orig, (uint8_t)v);
    /* what a call prints is compared for the display only: elsewhere it is
     * diagnostics, counted, and their words (which pointer) may differ */
    if (memcmp(r.ans, ref->r.ans, sizeof r.ans) == 0 && r.diags == ref->r.diags &&
        (op != CX_OP_SHOW ||
         (r.out_len == ref->r.out_len && memcmp(cx.out, ref->out, r.out_len) == 0)) &&
        diff < 0) {
        cx.cell->outcome = CX_HARMLESS;
        return;
    }
    reported = r.diags > ref->r.diags || (r.error && !ref->r.error) ||
               (op == CX_OP_SHOW && cx_says_damaged(cx.out) && !cx_says_damaged(ref->out));
    if (control) {
        cx_note("undamaged, yet the call differs (%s)", reported ? "reported" : "silently");
        cx.cell->outcome = CX_FAIL_CONTROL;
        return;
    }
    if (reported) {
        cx.cell->outcome = CX_DETECTED;
        return;
    }
    if (memcmp(r.ans, ref->r.ans, sizeof r.ans) != 0) {
        int i = r.ans[0] != ref->r.ans[0] ? 0 : r.ans[1] != ref->r.ans[1] ? 1 : 2;
        cx_note("answer %d is %s where the undamaged pool's is %s", i + 1, cx_where(r.ans[i]),
                cx_where(ref->r.ans[i]));
    } else if (diff >= 0) {
        cx_note("answered as undamaged, left byte +%ld different", diff);
    } else {
        cx_note("printed differently, reporting nothing");
    }
    cx.cell->outcome = CX_FAIL_SILENT;
    cx_after_silent();
}

/* ------------------------------------------------------------ the run */

/* Cell number -> (scene, byte, op, value): scene, then byte, op, value. */
static inline void cx_decode(size_t n, int *s, size_t *at, int *op, unsigned *v)
{
    size_t per_byte = cx.ops * 256u;
    *s = CX_USED;
    while (*s + 1 < CX_SCENES && n >= cx.span[*s] * per_byte) {
        n -= cx.span[*s] * per_byte;
        (*s)++;
    }
    *at = n / per_byte;
    *op = (int)(n % per_byte / 256u);
    *v = (unsigned)(n % 256u);
}

/* A fault in a child: note where (an offset in this program, named at the
 * end by addr2line) and die of it. */
static void cx_on_fault(int sig, siginfo_t *info, void *context)
{
    const ucontext_t *uc = context;
    Dl_info where;
#if defined(__x86_64__)
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__i386__)
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
#else
    uintptr_t pc = 0;
    (void)uc;
#endif
    if (cx.cell != NULL) {
        uintptr_t base = dladdr((void *)pc, &where) != 0 ? (uintptr_t)where.dli_fbase : 0;
        snprintf(cx.cell->fault, sizeof cx.cell->fault, "%s at %p, pc +%#lx",
                 sig == SIGSEGV ? "SIGSEGV" : "SIGBUS", info->si_addr, (unsigned long)(pc - base));
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Let the child write cell @p n's record, and no other: a wild write
 * through a forged pointer that lands on the records faults instead of
 * changing another cell's result. */
static inline void cx_open_record(size_t n, bool open)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t lo = (uintptr_t)&cx.cells[n] & ~(page - 1);
    uintptr_t hi = ((uintptr_t)(&cx.cells[n] + 1) + page - 1) & ~(page - 1);

    if (mprotect((void *)lo, hi - lo, open ? PROT_READ | PROT_WRITE : PROT_READ) != 0) {
        perror("corrupt: mprotect");
        _exit(2);
    }
}

static inline void cx_child(size_t from)
{
    struct rlimit none = { 0, 0 };
    struct sigaction on_fault;

    memset(&on_fault, 0, sizeof on_fault);
    on_fault.sa_sigaction = cx_on_fault;
    on_fault.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &on_fault, NULL);
    sigaction(SIGBUS, &on_fault, NULL);
    setrlimit(RLIMIT_CORE, &none);
    if (mprotect(cx.cells, cx.ncells * sizeof(cx_cell_t), PROT_READ) != 0) {
        perror("corrupt: mprotect");
        _exit(2);
    }
    for (size_t n = from; n < cx.ncells; n++) {
        int s, op;
        size_t at;
        unsigned v;
        cx_decode(n, &s, &at, &op, &v);
        *cx.current = n;
        cx.cell = &cx.cells[n];
        cx_open_record(n, true);
        fseek(stdout, 0, SEEK_SET);
        alarm(5);
        cx_cell(s, at, v, op);
        alarm(0);
        cx.cell = NULL;
        cx_open_record(n, false);
    }
    fflush(stderr);
    _exit(0);
}

/* What killed a child, from its status and the sanitizer's summary. */
static inline void cx_death(cx_cell_t *cell, int status, int err_fd)
{
    char text[4096], what[110] = "";
    ssize_t got;
    const char *line;

    lseek(err_fd, 0, SEEK_SET);
    got = read(err_fd, text, sizeof text - 1);
    text[got > 0 ? got : 0] = '\0';
    line = strstr(text, "runtime error: ");
    if (line != NULL) { /* UBSan: the whole line, with its place in the source */
        while (line > text && line[-1] != '\n') {
            line--;
        }
        snprintf(what, sizeof what, "%.*s", (int)strcspn(line, "\n"), line);
    } else if ((line = strstr(text, "SUMMARY: AddressSanitizer: ")) != NULL) {
        const char *kind = line + strlen("SUMMARY: AddressSanitizer: ");
        const char *off = strstr(kind, "+0x");
        int len = (int)strcspn(kind, " (\n");
        if (off != NULL && off < kind + strcspn(kind, "\n")) {
            snprintf(what, sizeof what, "AddressSanitizer: %.*s, pc +%.*s", len, kind,
                     (int)strspn(off + 1, "0123456789abcdefx"), off + 1);
        } else {
            snprintf(what, sizeof what, "AddressSanitizer: %.*s", len, kind);
        }
    }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
        cell->outcome = CX_FAIL_HANG;
        snprintf(what, sizeof what, "no answer within 5 s");
    } else if (WIFEXITED(status) && (WEXITSTATUS(status) == 86 || WEXITSTATUS(status) == 87)) {
        cell->outcome = CX_FAIL_SANITIZER;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 88) {
        cell->outcome = CX_FAIL_CRASH;
        snprintf(what, sizeof what, "%s", cell->fault);
    } else if (WIFSIGNALED(status)) {
        cell->outcome = CX_FAIL_CRASH;
        if (cell->fault[0] != '\0') {
            snprintf(what, sizeof what, "%s", cell->fault);
        } else if (what[0] == '\0') {
            snprintf(what, sizeof what, "signal %d (%s)", WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
        }
    } else {
        cell->outcome = CX_FAIL_CRASH;
        if (what[0] == '\0') {
            snprintf(what, sizeof what, "exit status %d", WEXITSTATUS(status));
        }
    }
    if (cell->phase == CX_PHASE_AFTER) {
        size_t len = strlen(cell->detail);
        cell->outcome = CX_FAIL_SILENT;
        snprintf(cell->detail + len, sizeof cell->detail - len, "; then alloc: %s", what);
    } else {
        snprintf(cell->detail, sizeof cell->detail, "%s", what);
    }
}

static inline void cx_run_all(void)
{
    size_t from = 0;
    FILE *err = tmpfile();
    int err_fd = fileno(err);

    while (from < cx.ncells) {
        pid_t pid;
        int status;
        if (ftruncate(err_fd, 0) != 0 || lseek(err_fd, 0, SEEK_SET) != 0) {
            perror("corrupt: the child's error file");
        }
        fflush(NULL);
        pid = fork();
        if (pid == 0) {
            dup2(err_fd, 2);
            cx_child(from);
        }
        if (pid < 0 || waitpid(pid, &status, 0) != pid) {
            perror("corrupt: fork");
            exit(2);
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            break;
        }
        cx_death(&cx.cells[*cx.current], status, err_fd);
        from = *cx.current + 1;
    }
    fclose(err);
}

/* ------------------------------------------------------------ the report */

/* Whether cell @p n is a control: its byte keeps the value it had. */
static inline bool cx_is_control(size_t n)
{
    static uint8_t orig[CX_SCENES][64];
    static bool known;
    int s, op;
    size_t at;
    unsigned v;

    if (!known) {
        for (int k = 0; k < CX_SCENES; k++) {
            cx_scene(k);
            memcpy(orig[k], cx.region, cx.span[k]);
        }
        known = true;
    }
    cx_decode(n, &s, &at, &op, &v);
    return orig[s][at] == v;
}

/* A detail with its numbers left out: cells that differ only in addresses
 * are listed as one range. */
static inline void cx_shape(const char *detail, char *out, size_t cap)
{
    size_t k = 0;
    for (; *detail != '\0' && k + 1 < cap; detail++) {
        if ((*detail >= '0' && *detail <= '9') || *detail == 'x' ||
            (*detail >= 'a' && *detail <= 'f' && k > 0 && out[k - 1] == '#')) {
            if (k == 0 || out[k - 1] != '#') {
                out[k++] = '#';
            }
            continue;
        }
        out[k++] = *detail;
    }
    out[k] = '\0';
}

/* Replace "pc +0xOFFSET" in @p detail by the function and line there. */
static inline void cx_symbolize(char *detail, size_t cap)
{
    static struct {
        unsigned long off;
        char where[80];
    } known[256];
    static size_t nknown;
    char *at = strstr(detail, "pc +0x"), cmd[512], name[80] = "?", place[160] = "?", rest[110];
    unsigned long off;
    size_t k;
    FILE *p;

    if (at == NULL) {
        return;
    }
    off = strtoul(at + 4, NULL, 16);
    for (k = 0; k < nknown && known[k].off != off; k++) {
    }
    if (k == nknown && nknown < sizeof known / sizeof known[0]) {
        snprintf(cmd, sizeof cmd, "addr2line -f -s -e /proc/%d/exe %#lx 2>/dev/null", (int)getpid(),
                 off);
        p = popen(cmd, "r");
        if (p != NULL) {
            if (fgets(name, sizeof name, p) == NULL || fgets(place, sizeof place, p) == NULL) {
                strcpy(place, "?");
            }
            pclose(p);
        }
        name[strcspn(name, "\n")] = '\0';
        place[strcspn(place, " \n")] = '\0';
        known[nknown].off = off;
        snprintf(known[nknown].where, sizeof known[nknown].where, "in %.40s (%.30s)", name, place);
        nknown++;
    }
    if (k < nknown) {
        snprintf(rest, sizeof rest, "%s", at + 4 + strspn(at + 4, "0123456789abcdefx"));
        snprintf(at, cap - (size_t)(at - detail), "%s%s", known[k].where, rest);
    }
}

/* The values of a set as ranges: 0x02,0x06-0x09,... */
static inline void cx_values(const uint8_t *in, char *out, size_t cap)
{
    size_t len = 0;
    unsigned ranges = 0;
    out[0] = '\0';
    for (unsigned v = 0; v < 256; v++) {
        unsigned w = v;
        if (!in[v]) {
            continue;
        }
        while (w + 1 < 256 && in[w + 1]) {
            w++;
        }
        if (++ranges > 10) {
            snprintf(out + len, cap - len, ",...");
            return;
        }
        len += (size_t)snprintf(out + len, cap - len, w > v ? "%s0x%02x-0x%02x" : "%s0x%02x",
                                len ? "," : "", v, w);
        if (len >= cap) {
            return;
        }
        v = w;
    }
}

/* Every failing cell: to @p all one a line, and to @p to by call and kind,
 * each kind with its values and the first one's details. */
static inline void cx_print_failures(FILE *to, FILE *all, const bool *control)
{
    size_t n = 0;

    for (size_t k = 0; k < cx.ncells; k++) {
        if (cx.cells[k].outcome >= CX_FAIL_FIRST) {
            cx_symbolize(cx.cells[k].detail, sizeof cx.cells[k].detail);
        }
    }
    for (int s = 0; s < CX_SCENES; s++) {
        for (size_t at = 0; at < cx.span[s]; at++) {
            for (size_t op = 0; op < cx.ops; op++, n += 256) {
                uint8_t done[256] = { 0 };
                for (unsigned v = 0; v < 256; v++) {
                    const cx_cell_t *c = &cx.cells[n + v];
                    char key[120], other[120], values[160];
                    uint8_t in[256] = { 0 };
                    unsigned count = 0;
                    if (all != NULL && c->outcome >= CX_FAIL_FIRST) {
                        fprintf(all, "%s %s +%zu 0x%02x %s%s: %s: %s\n", cx.ad->name,
                                cx_scene_names[s], at, v, cx_op_names[s][op],
                                control[n + v] ? " (control)" : "", cx_outcome_names[c->outcome],
                                c->detail);
                    }
                    if (c->outcome < CX_FAIL_FIRST || done[v]) {
                        continue;
                    }
                    cx_shape(c->detail, key, sizeof key);
                    for (unsigned w = v; w < 256; w++) {
                        cx_shape(cx.cells[n + w].detail, other, sizeof other);
                        if (!done[w] && cx.cells[n + w].outcome == c->outcome &&
                            strcmp(key, other) == 0) {
                            in[w] = done[w] = 1;
                            count++;
                        }
                    }
                    cx_values(in, values, sizeof values);
                    fprintf(to, "  %s +%zu %s: %s, %u value%s (%s): %s\n", cx_scene_names[s], at,
                            cx_op_names[s][op], cx_outcome_names[c->outcome], count,
                            count == 1 ? "" : "s", values, c->detail);
                }
            }
        }
    }
}

static inline double cx_pct(size_t part, size_t whole)
{
    return whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole;
}

static inline int cx_report(FILE *to, const char *figures, const char *cells_file)
{
    size_t total = 0, count[CX_OUTCOMES] = { 0 }, controls = 0, bad_controls = 0;
    size_t by_op[CX_SCENES][CX_OPS][3] = { { { 0 } } };
    size_t overflow_missed = 0, failed = 0;
    bool *control = calloc(cx.ncells, sizeof *control);
    size_t per_byte = cx.ops * 256u;
    FILE *all = cells_file != NULL ? fopen(cells_file, "w") : NULL;
    unsigned passed = 0, fails = 0;

    for (size_t n = 0; n < cx.ncells; n++) {
        int s, op;
        size_t at;
        unsigned v;
        uint8_t o = cx.cells[n].outcome;
        cx_decode(n, &s, &at, &op, &v);
        control[n] = cx_is_control(n);
        if (control[n]) {
            controls++;
            bad_controls += o != CX_HARMLESS;
            if (o >= CX_FAIL_FIRST) {
                cx.cells[n].outcome = CX_FAIL_CONTROL;
            }
            continue;
        }
        if (s == CX_USED && at == 0 && o == CX_HARMLESS &&
            (op == CX_OP_FREE || op == CX_OP_REALLOC || op == CX_OP_SHRINK || op == CX_OP_CHECK)) {
            cx.cells[n].outcome = o = CX_FAIL_UNDETECTED;
            snprintf(cx.cells[n].detail, sizeof cx.cells[n].detail,
                     "a one-byte overflow from a, which this call must report");
        }
        if (s == CX_USED && at == 0 && o != CX_DETECTED &&
            (op == CX_OP_FREE || op == CX_OP_REALLOC || op == CX_OP_SHRINK || op == CX_OP_CHECK)) {
            overflow_missed++;
        }
        total++;
        count[o]++;
        by_op[s][op][o == CX_DETECTED ? 0 : o == CX_HARMLESS ? 1 : 2]++;
    }
    for (int o = CX_FAIL_FIRST; o < CX_OUTCOMES; o++) {
        failed += count[o];
    }
    (void)per_byte;
    fprintf(to,
            "corruption matrix of %s (%zu-bit): %zu cells, %zu header bytes of a used block, "
            "%zu of a free block (in the middle of its list, then at its head), %zu calls\n",
            cx.ad->name, sizeof(void *) * 8, total, cx.span[CX_USED], cx.span[CX_FREE], cx.ops);
    fprintf(to, "  detected %zu (%.1f %%), harmless %zu (%.1f %%), failed %zu (%.1f %%)\n",
            count[CX_DETECTED], cx_pct(count[CX_DETECTED], total), count[CX_HARMLESS],
            cx_pct(count[CX_HARMLESS], total), failed, cx_pct(failed, total));
    for (int o = CX_FAIL_FIRST; o < CX_OUTCOMES; o++) {
        if (count[o] != 0) {
            fprintf(to, "    %-22s %zu\n", cx_outcome_names[o], count[o]);
        }
    }
    fprintf(to, "  %-6s %-13s %9s %9s %9s\n", "scene", "call", "detected", "harmless", "failed");
    for (int s = 0; s < CX_SCENES; s++) {
        for (size_t op = 0; op < cx.ops; op++) {
            fprintf(to, "  %-6s %-13s %9zu %9zu %9zu\n", cx_scene_names[s], cx_op_names[s][op],
                    by_op[s][op][0], by_op[s][op][1], by_op[s][op][2]);
        }
    }
    if (failed != 0 || bad_controls != 0) {
        fprintf(to, "  failing cells (scene, byte, call, values, what happened):\n");
        cx_print_failures(to, all, control);
    }
    if (all != NULL) {
        fclose(all);
    }
    if (figures != NULL) {
        FILE *f = fopen(figures, "w");
        if (f == NULL) {
            perror(figures);
            return 2;
        }
        fprintf(f, "%s %zu %zu %zu %zu %zu\n", cx.ad->name, sizeof(void *) * 8, total,
                count[CX_DETECTED], count[CX_HARMLESS], failed);
        fclose(f);
    }
#define CX_VERDICT(ok, name, ...)             \
    do {                                      \
        if (ok) {                             \
            passed++;                         \
            fprintf(to, "[PASS] %s\n", name); \
        } else {                              \
            fails++;                          \
            fprintf(to, "[FAIL] %s: ", name); \
            fprintf(to, __VA_ARGS__);         \
            fprintf(to, "\n");                \
        }                                     \
    } while (0)
    CX_VERDICT(failed == 0, "no_cell_fails", "%zu cells failed", failed);
    CX_VERDICT(overflow_missed == 0, "every_one_byte_overflow_is_reported",
               "%zu of the %zu cells of a one-byte overflow not detected by free, the reallocs or "
               "the check",
               overflow_missed, (size_t)4 * 255u);
    CX_VERDICT(bad_controls == 0, "undamaged_controls_are_harmless",
               "%zu of %zu controls not harmless", bad_controls, controls);
    fprintf(to, "%u passed, %u failed\n", passed, fails);
    free(control);
    return fails == 0 ? 0 : 1;
}

/* ------------------------------------------------------------ main */

static inline void cx_compute_references(void)
{
    cx_cell_t scratch;
    for (int s = 0; s < CX_SCENES; s++) {
        for (size_t op = 0; op < cx.ops; op++) {
            cx_ref_t *ref = &cx.ref[s][op];
            memset(&scratch, 0, sizeof scratch);
            cx.cell = &scratch;
            fseek(stdout, 0, SEEK_SET);
            cx_scene(s);
            cx_call(s, (int)op, &ref->r);
            bool double_free = s != CX_USED && op == CX_OP_FREE; /* refused, rightly */
            if (scratch.outcome >= CX_FAIL_FIRST || !cx_all_intact() ||
                (ref->r.diags != 0 || ref->r.error) != double_free) {
                fprintf(stderr, "corrupt %s: the undamaged %s scene fails '%s': %s\n", cx.ad->name,
                        cx_scene_names[s], cx_op_names[s][op], scratch.detail);
                exit(2);
            }
            memcpy(ref->mem, cx.mem, CX_POOL_BYTES);
            memcpy(ref->out, cx.out, ref->r.out_len + 1);
            cx.cell = NULL;
        }
    }
}

/*
 * usage: corrupt_<stage> [--figures FILE] [--cells FILE] [--only N]
 *   --figures  write "stage bits cells detected harmless failed"
 *   --cells    write every failing cell, one a line
 *   --only N   run cell N alone, in this process (for a debugger)
 */
static inline int cx_main(const cx_adapter_t *ad, int argc, char **argv)
{
    const char *figures = NULL, *cells_file = NULL;
    long only = -1;
    unsigned char *guarded;
    FILE *real_stdout = stdout, *mem_out;
    size_t shared_bytes;
    int rc;

    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--figures") == 0) {
            figures = argv[i + 1];
        } else if (strcmp(argv[i], "--cells") == 0) {
            cells_file = argv[i + 1];
        } else if (strcmp(argv[i], "--only") == 0) {
            only = atol(argv[i + 1]);
        }
    }
    cx.ad = ad;
    cx.ops = ad->show != NULL ? CX_OPS : CX_OPS - 1;
    cx.span[CX_USED] = ad->front;
    cx.span[CX_FREE] = cx.span[CX_HEAD] = sizeof(block_t);
    cx.ncells = (cx.span[CX_USED] + cx.span[CX_FREE] + cx.span[CX_HEAD]) * cx.ops * 256u;
    guarded = mmap(NULL, 2 * (size_t)CX_GUARD_BYTES + CX_POOL_BYTES, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    shared_bytes = (size_t)sysconf(_SC_PAGESIZE) + cx.ncells * sizeof(cx_cell_t);
    cx.current =
        mmap(NULL, shared_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (guarded == MAP_FAILED || cx.current == MAP_FAILED ||
        mprotect(guarded + CX_GUARD_BYTES, CX_POOL_BYTES, PROT_READ | PROT_WRITE) != 0) {
        perror("corrupt: mmap");
        return 2;
    }
    cx.mem = guarded + CX_GUARD_BYTES;
    cx.cells = (cx_cell_t *)((char *)cx.current + sysconf(_SC_PAGESIZE)); /* a page of its own */
    cx.out = calloc(1, CX_OUT_BYTES + 1);
    mem_out = fmemopen(cx.out, CX_OUT_BYTES, "w");
    if (cx.out == NULL || mem_out == NULL) {
        perror("corrupt: the output buffer");
        return 2;
    }
    stdout = mem_out;
    cx_check_layout();
    cx_compute_references();
    if (only >= 0 && (size_t)only < cx.ncells) {
        int s, op;
        size_t at;
        unsigned v;
        cx_decode((size_t)only, &s, &at, &op, &v);
        cx.cell = &cx.cells[only];
        cx_cell(s, at, v, op);
        stdout = real_stdout;
        printf("cell %ld: %s +%zu 0x%02x %s: %s: %s\n", only, cx_scene_names[s], at, v,
               cx_op_names[s][op], cx_outcome_names[cx.cells[only].outcome], cx.cells[only].detail);
        printf("it printed:\n%s\nthe undamaged call printed:\n%s\n", cx.out, cx.ref[s][op].out);
        return 0;
    }
    cx_run_all();
    rc = cx_report(real_stdout, figures, cells_file);
    stdout = real_stdout;
    return rc;
}

#endif
