/*
 * Lab 5 graded tests: the heap pointer below each block of the k_malloc
 * family.
 *
 * They are stage 5's unit tests (tests/unit/test_kmalloc.c), included here
 * without their main, so the lab is graded on exactly what the stage is
 * tested on. All of them run; labs/lab5/points lists the graded ones and
 * their points.
 */
#define KMALLOC_TESTS_NO_MAIN
#include "unit/test_kmalloc.c"

int main(void)
{
    return run_all_tests();
}
