/* Diagnostics: one line on the console for each refused call. */
#include <stdarg.h>
#include <stdio.h>

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
