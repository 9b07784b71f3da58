/*
 * Helpers shared by the bad-input matrix tests (host only): capture what a
 * call prints on stdout, and count its lines.
 */
#ifndef KIT_MATRIX_CAPTURE_H
#define KIT_MATRIX_CAPTURE_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Run @p call(@p arg) with stdout sent to a file; leave its text in @p out
 * (at most @p cap - 1 bytes, NUL-terminated). Returns the bytes read. */
static inline size_t capture_stdout(void (*call)(void *), void *arg, char *out, size_t cap)
{
    FILE *tmp = tmpfile();
    int saved;
    size_t got = 0;

    out[0] = '\0';
    if (tmp == NULL) {
        return 0;
    }
    fflush(stdout);
    saved = dup(1);
    dup2(fileno(tmp), 1);
    call(arg);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    rewind(tmp);
    got = fread(out, 1, cap - 1, tmp);
    out[got] = '\0';
    fclose(tmp);
    return got;
}

static inline unsigned count_lines(const char *text)
{
    unsigned n = 0;
    for (; *text != '\0'; text++) {
        n += *text == '\n';
    }
    return n;
}

static inline unsigned count_of(const char *text, const char *word)
{
    unsigned n = 0;
    for (const char *at = strstr(text, word); at != NULL; at = strstr(at + 1, word)) {
        n++;
    }
    return n;
}

/* Call @p show on each of the @p n pools in @p pools; return the index of
 * the first whose output is not one line holding @p words, or -1. */
static inline int first_not_one_line(void (*show)(void *), void *const *pools, unsigned n,
                                     const char *words)
{
    char text[512];
    for (unsigned i = 0; i < n; i++) {
        capture_stdout(show, pools[i], text, sizeof text);
        if (count_lines(text) != 1 || strstr(text, words) == NULL) {
            return (int)i;
        }
    }
    return -1;
}

#endif
