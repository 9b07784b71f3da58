/*
 * Lab 4 graded tests: the blocking loop of k_heap and the wake-up in free.
 *
 * They are stage 4's unit tests (tests/unit/test_kheap.c), included here
 * without their main, so the lab is graded on exactly what the stage is
 * tested on. All of them run; labs/lab4/points lists the graded ones and
 * their points.
 */
#define KHEAP_TESTS_NO_MAIN
#include "unit/test_kheap.c"

int main(void)
{
    return run_all_tests();
}
