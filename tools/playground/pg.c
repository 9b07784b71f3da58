/*
 * The playground's glue: parse one command, drive the chosen allocator,
 * answer in JSON. What the pictures show of a pool comes from the
 * allocator's own file (pg_membox.c, pg_freelist.c, pg_tlsf.c); this one
 * only keeps the IDs of the blocks, the counting window and the JSON.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit_diag.h"
#include "pg.h"

#define PG_SLOTS 4096u
#define PG_OUT_BYTES (1024u * 1024u)
#define PG_IN_BYTES 256u

typedef struct pg_slot {
    void *ptr;     /* the pointer the allocator gave, or last gave */
    uint32_t size; /* the bytes asked for */
    uint8_t state; /* 0 never used, 1 live, 2 freed */
} pg_slot_t;

static const pg_allocator_t *const *const pg_families[] = {
    pg_membox_allocators,
    pg_freelist_allocators,
    pg_tlsf_allocators,
};

/* The pool starts at a multiple of PG_POOL_MAX inside the buffer. */
static unsigned char pg_buffer[2 * PG_POOL_MAX];
static unsigned char *pg_pool;
static uint32_t pg_bytes;
static const pg_allocator_t *pg_current;
static pg_slot_t pg_slots[PG_SLOTS];

static char pg_in[PG_IN_BYTES];
static char pg_out[PG_OUT_BYTES];
static size_t pg_len;
static bool pg_overflow;

static uint32_t pg_count_start;
static uint32_t pg_last_cost;
static bool pg_called;

/* ------------------------------------------------------------ the answer */

void pg_put(const char *fmt, ...)
{
    va_list args;
    int n;

    if (pg_overflow) {
        return;
    }
    va_start(args, fmt);
    n = vsnprintf(pg_out + pg_len, PG_OUT_BYTES - pg_len, fmt, args);
    va_end(args);
    if (n < 0 || (size_t)n >= PG_OUT_BYTES - pg_len) {
        pg_overflow = true;
        return;
    }
    pg_len += (size_t)n;
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void pg_put_string(const char *s)
{
    pg_put("\"");
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            pg_put("\\%c", c);
        } else if (c < 0x20) {
            pg_put("\\u%04x", c);
        } else {
            pg_put("%c", c);
        }
    }
    pg_put("\"");
}

void pg_call(const char *fmt, ...)
{
    char text[160];
    va_list args;

    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    pg_put(",\"call\":");
    pg_put_string(text);
}

long pg_off(const void *p)
{
    return (long)((uintptr_t)p - (uintptr_t)pg_pool);
}

void pg_ret_ptr(const void *p)
{
    if (p == NULL) {
        pg_put(",\"ret\":null");
    } else {
        pg_put(",\"ret\":%ld", pg_off(p));
    }
}

void pg_ret_rc(long rc, const char *name)
{
    pg_put(",\"rc\":%ld,\"rcName\":\"%s\"", rc, name);
}

void pg_note(const char *key, unsigned long long arg)
{
    pg_put(",\"note\":\"%s\",\"noteArg\":%llu", key, arg);
}

void pg_block(const void *block, size_t size, int used, int *first)
{
    pg_put("%s[%ld,%lu,%d]", *first ? "" : ",", pg_off(block), (unsigned long)size, used);
    *first = 0;
}

void pg_list_item(const void *block, int *first)
{
    pg_put("%s%ld", *first ? "" : ",", pg_off(block));
    *first = 0;
}

/* ------------------------------------------------------------ counting */

void pg_count_begin(void)
{
    pg_called = true;
    pg_count_start = pg_icount_now();
}

void pg_count_end(void)
{
    pg_last_cost += pg_icount_now() - pg_count_start;
}

uint32_t pg_cost(void)
{
    return pg_last_cost;
}

/* ------------------------------------------------------------ parsing */

/* The next number of the line; false when there is none or it is negative
 * or malformed. */
static bool pg_number(char **cursor, unsigned long long *value)
{
    char *s = *cursor;
    char *end;

    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (*s < '0' || *s > '9') {
        return false;
    }
    *value = strtoull(s, &end, 0);
    if (*end != '\0' && *end != ' ' && *end != '\t' && *end != '\r' && *end != '\n') {
        return false;
    }
    *cursor = end;
    return true;
}

static bool pg_word(char **cursor, char *word, size_t size)
{
    char *s = *cursor;
    size_t n = 0;

    while (*s == ' ' || *s == '\t') {
        s++;
    }
    while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
        if (n + 1 < size) {
            word[n++] = *s;
        }
        s++;
    }
    word[n] = '\0';
    *cursor = s;
    return n > 0;
}

static const pg_allocator_t *pg_find(const char *id)
{
    for (size_t f = 0; f < sizeof pg_families / sizeof pg_families[0]; f++) {
        for (const pg_allocator_t *const *a = pg_families[f]; *a != NULL; a++) {
            if (strcmp((*a)->id, id) == 0) {
                return *a;
            }
        }
    }
    return NULL;
}

/* ------------------------------------------------------------ commands */

static void pg_init(char *args)
{
    char kind[32];
    unsigned long long bytes, param = 0;

    pg_current = NULL; /* until a pool is set up, every call answers "no-pool" */
    if (!pg_word(&args, kind, sizeof kind) || !pg_number(&args, &bytes)) {
        pg_note("bad-line", 0);
        return;
    }
    (void)pg_number(&args, &param);
    if (pg_find(kind) == NULL) {
        pg_note("unknown-kind", 0);
        return;
    }
    if (bytes > PG_POOL_MAX) {
        pg_note("pool-too-big", PG_POOL_MAX);
        return;
    }
    if (param > UINT32_MAX) {
        pg_note("not-32-bit", param);
        return;
    }
    pg_current = pg_find(kind);
    pg_bytes = (uint32_t)bytes;
    memset(pg_slots, 0, sizeof pg_slots);
    memset(pg_pool, 0, PG_POOL_MAX); /* a failed init leaves no old pool behind */
    (void)pg_current->init(pg_pool, pg_bytes, (uint32_t)param);
}

/* The slot a command names; NULL (with a note) when the ID is bad. */
static pg_slot_t *pg_slot(char **args)
{
    unsigned long long id;

    if (!pg_number(args, &id)) {
        pg_note("bad-line", 0);
        return NULL;
    }
    if (id >= PG_SLOTS) {
        pg_note("bad-id", PG_SLOTS - 1);
        return NULL;
    }
    return &pg_slots[id];
}

/* A size or an alignment: the allocators' APIs take 32 bits. */
static bool pg_size(char **args, uint32_t *size)
{
    unsigned long long n;

    if (!pg_number(args, &n)) {
        pg_note("bad-line", 0);
        return false;
    }
    if (n > UINT32_MAX) {
        pg_note("not-32-bit", n);
        return false;
    }
    *size = (uint32_t)n;
    return true;
}

static void pg_alloc(char *args, bool aligned)
{
    pg_slot_t *slot = pg_slot(&args);
    uint32_t size, align = 0;
    void *p;

    if (slot == NULL || !pg_size(&args, &size) || (aligned && !pg_size(&args, &align))) {
        return;
    }
    if (slot->state == 1) {
        pg_note("id-live", 0);
        return;
    }
    if (aligned && pg_current->aligned == NULL) {
        pg_note("no-aligned", 0);
        return;
    }
    p = aligned ? pg_current->aligned(pg_pool, size, align) : pg_current->alloc(pg_pool, size);
    if (p != NULL) {
        slot->ptr = p;
        slot->size = size;
        slot->state = 1;
    }
}

static void pg_resize(char *args)
{
    pg_slot_t *slot = pg_slot(&args);
    uint32_t size;
    void *p;

    if (slot == NULL || !pg_size(&args, &size)) {
        return;
    }
    if (slot->state == 0) {
        pg_note("no-id", 0);
        return;
    }
    p = pg_current->resize(pg_pool, slot->ptr, size);
    if (p != NULL) {
        slot->ptr = p;
        slot->size = size;
        slot->state = 1;
    } else if (size == 0 && slot->state == 1) {
        slot->state = 2; /* a resize to 0 frees */
    }
}

static void pg_free(char *args)
{
    pg_slot_t *slot = pg_slot(&args);

    if (slot == NULL) {
        return;
    }
    if (slot->state == 0) {
        pg_note("no-id", 0);
        return;
    }
    if (pg_current->release(pg_pool, slot->ptr) == 0) {
        slot->state = 2;
    }
}

static void pg_free_raw(char *args)
{
    unsigned long long off;

    if (!pg_number(&args, &off)) {
        pg_note("bad-line", 0);
        return;
    }
    if (off > PG_POOL_MAX) {
        pg_note("bad-offset", PG_POOL_MAX);
        return;
    }
    if (pg_current->release(pg_pool, pg_pool + off) == 0) {
        for (size_t i = 0; i < PG_SLOTS; i++) {
            if (pg_slots[i].state == 1 && pg_slots[i].ptr == pg_pool + off) {
                pg_slots[i].state = 2;
            }
        }
    }
}

static void pg_state(int detail)
{
    unsigned long live = 0;
    int first = 1;

    for (size_t i = 0; i < PG_SLOTS; i++) {
        live += pg_slots[i].state == 1 ? pg_slots[i].size : 0;
    }
    pg_put(",\"state\":{\"kind\":\"%s\",\"bytes\":%lu,\"base\":%lu,\"live\":%lu", pg_current->id,
           (unsigned long)pg_bytes, (unsigned long)(uintptr_t)pg_pool, live);
    pg_current->state(pg_pool, detail);
    if (detail >= 2) {
        pg_put(",\"slots\":[");
        for (size_t i = 0; i < PG_SLOTS; i++) {
            if (pg_slots[i].state != 0) {
                pg_put("%s[%lu,%ld,%lu,%d]", first ? "" : ",", (unsigned long)i,
                       pg_off(pg_slots[i].ptr), (unsigned long)pg_slots[i].size,
                       pg_slots[i].state == 1);
                first = 0;
            }
        }
        pg_put("]");
    }
    pg_put("}");
}

char *pg_input(void)
{
    return pg_in;
}

/* Run the command in pg_input(); detail 0 answers the call alone, 1 adds
 * the pool's figures, 2 everything the pictures need. */
const char *pg_do(int detail)
{
    char word[16];
    char *args = pg_in;
    unsigned diag = kit_diag_count;

    if (pg_pool == NULL) {
        uintptr_t at = ((uintptr_t)pg_buffer + PG_POOL_MAX - 1) & ~(uintptr_t)(PG_POOL_MAX - 1);
        pg_pool = (unsigned char *)at;
    }
    pg_in[PG_IN_BYTES - 1] = '\0';
    pg_len = 0;
    pg_overflow = false;
    pg_last_cost = 0;
    pg_called = false;
    pg_put("{\"op\":");
    pg_put_string(pg_in);
    if (!pg_word(&args, word, sizeof word) || word[0] == '#') {
        pg_note("empty", 0);
    } else if (strcmp(word, "init") == 0) {
        pg_init(args);
    } else if (pg_current == NULL) {
        pg_note("no-pool", 0);
    } else if (strcmp(word, "a") == 0) {
        pg_alloc(args, false);
    } else if (strcmp(word, "m") == 0) {
        pg_alloc(args, true);
    } else if (strcmp(word, "r") == 0) {
        pg_resize(args);
    } else if (strcmp(word, "f") == 0) {
        pg_free(args);
    } else if (strcmp(word, "x") == 0) {
        pg_free_raw(args);
    } else if (strcmp(word, "show") == 0) {
        pg_current->show(pg_pool);
    } else if (strcmp(word, "check") == 0) {
        int rc = pg_current->check(pg_pool);
        pg_put(",\"checked\":%d", rc);
    } else if (strcmp(word, "state") != 0) {
        pg_note("bad-op", 0);
    }
    fflush(stdout);
    pg_put(",\"called\":%d,\"diag\":%u", pg_called, kit_diag_count - diag);
    if (detail > 0 && pg_current != NULL) {
        pg_state(detail);
    }
    fflush(stdout);
    if (pg_overflow) {
        return "{\"error\":\"overflow\"}";
    }
    pg_put("}");
    return pg_overflow ? "{\"error\":\"overflow\"}" : pg_out;
}
