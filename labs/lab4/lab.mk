# Lab 4: the blocking loop of k_heap and the wake-up in free.
LABS += 4
lab4_STAGE := kheap
lab4_TESTS := labs/lab4/tests.c
