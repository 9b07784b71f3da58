/*
 * The glue on the host: commands on standard input, one answer a line on
 * standard output, after whatever the allocator printed. The Node test
 * (tools/playground/test_equiv.js) runs the same commands through the
 * WebAssembly module and requires the same lines.
 */
#include <stdio.h>
#include <string.h>

#include "pg.h"

int main(void)
{
    char line[256];

    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        strcpy(pg_input(), line);
        printf("%s\n", pg_do(2));
        fflush(stdout);
    }
    return 0;
}
