/*
 * The glue on the host: commands on standard input, one answer a line on
 * standard output, after whatever the allocator printed. The Node test
 * (tools/playground/test_equiv.js) runs the same commands through the
 * WebAssembly module and requires the same lines.
 *
 *   pg-host [DETAIL]    DETAIL as pg_do() takes it: 2 (the default) answers
 *                       with the whole state, 1 with the pool's figures
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"

int main(int argc, char **argv)
{
    char line[256];
    int detail = argc > 1 ? atoi(argv[1]) : 2;

    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        strcpy(pg_input(), line);
        printf("%s\n", pg_do(detail));
        fflush(stdout);
    }
    return 0;
}
