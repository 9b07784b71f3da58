# Lab 1: the free list of the fixed-size block pool.
LABS += 1
lab1_STAGE := membox
lab1_TESTS := labs/lab1/tests.c
