/* Diagnostics: one line on the console for each refused call; and the
 * report of a failed assertion. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kit_assert.h"
#include "kit_diag.h"

unsigned kit_diag_count;

void kit_diag(const char *func, const char *fmt, ...)
{
    va_list args;
    kit_diag_count++;
    printf("[ERR] %s: ", func);
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    printf("\n");
}

__attribute__((weak)) void kit_assert_post_action(void)
{
    abort();
}

void kit_assert_fail(const char *cond, const char *msg, const char *file, int line)
{
    printf("ASSERTION FAILED %s:%d: %s (%s)\n", file, line, msg, cond);
    fflush(stdout);
    kit_assert_post_action();
}
